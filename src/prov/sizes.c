/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * sizeof of the public structs (include/zkprov/sizes.h), for bindings. */
#include "zkprov/hash.h"
#include "zkprov/prov.h"
#include "zkprov/sizes.h"
#include "zkprov/zkml.h"

size_t zp_transcript_sizeof(void) { return sizeof(zp_transcript); }
size_t zp_sha256_ctx_sizeof(void) { return sizeof(zp_sha256_ctx); }
size_t zp_pcs_params_sizeof(void) { return sizeof(zp_pcs_params); }
size_t zp_train_config_sizeof(void) { return sizeof(zp_train_config); }
size_t zp_mlp_sizeof(void) { return sizeof(zp_mlp); }
size_t zp_infer_opts_sizeof(void) { return sizeof(zp_infer_opts); }
size_t zp_train_dataset_sizeof(void) { return sizeof(zp_train_dataset); }
size_t zp_run_info_sizeof(void) { return sizeof(zp_run_info); }
size_t zp_run_header_sizeof(void) { return sizeof(zp_run_header); }
size_t zp_cert_info_sizeof(void) { return sizeof(zp_cert_info); }
size_t zp_fl_round_sizeof(void) { return sizeof(zp_fl_round); }
size_t zp_fl_update_sizeof(void) { return sizeof(zp_fl_update); }
size_t zp_fl_aggregate_sizeof(void) { return sizeof(zp_fl_aggregate); }
size_t zp_zkml_seed_bytes(void) { return ZP_ZKML_SEED_BYTES; }
size_t zp_zkml_max_datasets(void) { return ZP_ZKML_MAX_DATASETS; }
size_t zp_model_digest_bytes(void) { return ZP_MODEL_DIGEST_BYTES; }
size_t zp_fl_sig_bytes(void) { return ZP_FL_SIG_BYTES; }
size_t zp_vrf_seedbytes(void) { return ZP_VRF_SEEDBYTES; }
