/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Provenance: verifiable random functions, datasets, certificates. */
#ifndef ZKPROV_PROV_H
#define ZKPROV_PROV_H

#include "common.h"
#include "field.h"
#include "hash.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- ECVRF-EDWARDS25519-SHA512-TAI (RFC 9381), src/prov/vrf.c ----
 * Keys are Ed25519 keys in libsodium's format (sk = seed || pk). */
#define ZP_VRF_PUBLICKEYBYTES 32
#define ZP_VRF_SECRETKEYBYTES 64
#define ZP_VRF_SEEDBYTES 32
#define ZP_VRF_PROOFBYTES 80
#define ZP_VRF_OUTPUTBYTES 64
ZP_API size_t zp_vrf_publickeybytes(void);
ZP_API size_t zp_vrf_secretkeybytes(void);
ZP_API size_t zp_vrf_proofbytes(void);
ZP_API size_t zp_vrf_outputbytes(void);

/** Key pair from a 32-byte seed (RFC 9381 uses the RFC 8032 secret key).
 *  Returns ZP_OK or ZP_ERR_INTERNAL. */
ZP_API zp_err zp_vrf_keypair_from_seed(uint8_t pk[ZP_VRF_PUBLICKEYBYTES],
                                       uint8_t sk[ZP_VRF_SECRETKEYBYTES],
                                       const uint8_t seed[ZP_VRF_SEEDBYTES]) ZP_WARN_UNUSED;
/** pi = ECVRF_prove(sk, alpha).  Returns ZP_OK, ZP_ERR_ARG (bad key),
 *  ZP_ERR_INTERNAL. */
ZP_API zp_err zp_vrf_prove(uint8_t proof[ZP_VRF_PROOFBYTES],
                           const uint8_t sk[ZP_VRF_SECRETKEYBYTES],
                           const void *alpha, size_t alpha_len) ZP_WARN_UNUSED;
/** beta = ECVRF_verify(pk, alpha, pi).  Returns ZP_OK and the 64-byte
 *  output, or ZP_ERR_VERIFY (output zeroed). */
ZP_API zp_err zp_vrf_verify(uint8_t output[ZP_VRF_OUTPUTBYTES],
                            const uint8_t pk[ZP_VRF_PUBLICKEYBYTES],
                            const uint8_t proof[ZP_VRF_PROOFBYTES],
                            const void *alpha, size_t alpha_len) ZP_WARN_UNUSED;
/** beta = ECVRF_proof_to_hash(pi) (no verification: prover side).
 *  Returns ZP_OK or ZP_ERR_PARSE. */
ZP_API zp_err zp_vrf_proof_to_hash(uint8_t output[ZP_VRF_OUTPUTBYTES],
                                   const uint8_t proof[ZP_VRF_PROOFBYTES]) ZP_WARN_UNUSED;

#ifdef __cplusplus
}
#endif
#endif
