/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * sizeof of the public structs, for language bindings (CONVENTIONS 7, 8, 21). */
#ifndef ZKPROV_SIZES_H
#define ZKPROV_SIZES_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A binding that mirrors a public struct (Python ctypes, Rust #[repr(C)])
 * or allocates one for the library to fill compares its size with these at
 * load time and refuses to run on a mismatch, so that a changed struct in
 * a newer library is caught instead of corrupting memory.  Each returns
 * sizeof of the named type as this library was compiled. */
ZP_API size_t zp_transcript_sizeof(void);      /* zp_transcript, hash.h   */
ZP_API size_t zp_sha256_ctx_sizeof(void);      /* zp_sha256_ctx, hash.h   */
ZP_API size_t zp_pcs_params_sizeof(void);      /* zp_pcs_params, pcs.h    */
ZP_API size_t zp_train_config_sizeof(void);    /* zp_train_config, zkml.h */
ZP_API size_t zp_mlp_sizeof(void);             /* zp_mlp, zkml.h          */
ZP_API size_t zp_infer_opts_sizeof(void);      /* zp_infer_opts, zkml.h   */
ZP_API size_t zp_train_dataset_sizeof(void);   /* zp_train_dataset, zkml.h */
ZP_API size_t zp_run_info_sizeof(void);        /* zp_run_info, zkml.h     */
ZP_API size_t zp_run_header_sizeof(void);      /* zp_run_header, zkml.h   */
ZP_API size_t zp_cert_info_sizeof(void);       /* zp_cert_info, prov.h    */
ZP_API size_t zp_fl_round_sizeof(void);        /* zp_fl_round, prov.h     */
ZP_API size_t zp_fl_update_sizeof(void);       /* zp_fl_update, prov.h    */
ZP_API size_t zp_fl_aggregate_sizeof(void);    /* zp_fl_aggregate, prov.h */
ZP_API size_t zp_verified_cert_sizeof(void);   /* zp_verified_cert, verify.h */
ZP_API size_t zp_run_verified_sizeof(void);    /* zp_run_verified, verify.h */
ZP_API size_t zp_answer_verified_sizeof(void); /* zp_answer_verified, verify.h */
ZP_API size_t zp_fl_verified_sizeof(void);     /* zp_fl_verified, verify.h */

/* Constants that size arrays inside those structs and had no function. */
ZP_API size_t zp_zkml_seed_bytes(void);        /* ZP_ZKML_SEED_BYTES      */
ZP_API size_t zp_zkml_max_datasets(void);      /* ZP_ZKML_MAX_DATASETS    */
ZP_API size_t zp_model_digest_bytes(void);     /* ZP_MODEL_DIGEST_BYTES   */
ZP_API size_t zp_fl_sig_bytes(void);           /* ZP_FL_SIG_BYTES         */
ZP_API size_t zp_vrf_seedbytes(void);          /* ZP_VRF_SEEDBYTES        */
/* and zp_verify_reason_bytes(), zp_verify_max_certs(), zp_verify_name_bytes(),
 * zp_verify_license_bytes(), zp_verify_not_proven_bytes(),
 * zp_verify_max_clients() in verify.h. */

#ifdef __cplusplus
}
#endif
#endif
