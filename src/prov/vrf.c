/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * ECVRF-EDWARDS25519-SHA512-TAI (RFC 9381, suite 0x03) on libsodium. */
#include <sodium.h>
#include <stdint.h>
#include <string.h>

#include "prov/ed25519_fast.h"
#include "zkprov/prov.h"

// References: RFC 9381 (Goldberg, Reyzin, Papadopoulos, Vcelak, "Verifiable
// Random Functions (VRFs)", IRTF CFRG, August 2023), sections 5.1-5.5, and
// RFC 8032 (EdDSA) sections 5.1.2-5.1.6 for encodings and key expansion.
// docs/spec/vrf.md maps every RFC step to the libsodium calls used here and
// lists where libsodium's own checks differ from the RFC.
//
// Only libsodium 1.0.18's public API is used.  Its point functions are not
// all equally strict, and the differences matter here:
//   - crypto_scalarmult_ed25519_noclamp(q, n, p) rejects p unless p is
//     canonical, not of small order and in the prime-order subgroup, and
//     returns -1 when n = 0 or n*p is the identity;
//   - crypto_scalarmult_ed25519_base_noclamp returns -1 when n = 0 or n*B is
//     the identity;
//   - crypto_core_ed25519_add / _sub accept ANY encoding that decompresses
//     to a curve point: small order, outside the subgroup, non-canonical y
//     (y >= p is reduced) and x = 0 with the sign bit set.
// The RFC's string_to_point (RFC 8032 section 5.1.3) sits in between: it
// rejects y >= p and (x = 0, sign = 1) but accepts every curve point,
// whatever its order.  pt_decode below implements exactly that.

#define SUITE 0x03    /* suite_string, RFC 9381 section 5.5            */
#define PT_LEN 32     /* ptLen                                          */
#define C_LEN 16      /* cLen                                           */
#define Q_LEN 32      /* qLen                                           */
#define DST_BACK 0x00 /* every *_domain_separator_back                  */

/* The identity (0, 1): y = 1, sign 0. */
static const uint8_t pt_identity[32] = {1};

size_t zp_vrf_publickeybytes(void) { return ZP_VRF_PUBLICKEYBYTES; }
size_t zp_vrf_secretkeybytes(void) { return ZP_VRF_SECRETKEYBYTES; }
size_t zp_vrf_proofbytes(void) { return ZP_VRF_PROOFBYTES; }
size_t zp_vrf_outputbytes(void) { return ZP_VRF_OUTPUTBYTES; }

/* ---- points (public data only: variable time is fine) ---------------- */

/* RFC 9381 string_to_point for edwards25519 = RFC 8032 section 5.1.3
 * decoding.  Returns 1 iff s is the canonical encoding of a curve point.
 * crypto_core_ed25519_add(t, s, O) succeeds iff s decompresses to a curve
 * point (libsodium's ge25519_frombytes: y is read mod p, x = sqrt(u/v)
 * must exist); it then re-encodes s + O = s canonically.  The re-encoding
 * equals s byte for byte iff y < p and not (x = 0 and sign = 1), which are
 * exactly RFC 8032's two extra rejections (steps 1 and 4). */
static int pt_decode(const uint8_t s[32]) {
    uint8_t t[32];
    if (crypto_core_ed25519_add(t, s, pt_identity) != 0) return 0;
    return memcmp(t, s, 32) == 0;
}

static int pt_is_identity(const uint8_t p[32]) {
    return memcmp(p, pt_identity, 32) == 0;
}

/* out = 8*p for any curve point p (cofactor clearing): three doublings
 * with crypto_core_ed25519_add, the only libsodium call that takes points
 * outside the prime-order subgroup.  Returns 0, or -1 if p is not a curve
 * point (never for an output of pt_decode). */
static int pt_mul8(uint8_t out[32], const uint8_t p[32]) {
    uint8_t a[32], b[32];
    if (crypto_core_ed25519_add(a, p, p) != 0) return -1;
    if (crypto_core_ed25519_add(b, a, a) != 0) return -1;
    if (crypto_core_ed25519_add(out, b, b) != 0) return -1;
    return 0;
}

/* out = k*P for a canonical scalar k < L and any decoded curve point P
 * (RFC 9381 multiplies the integers c and s with points that may carry a
 * small-order component: Y and Gamma come from the verifier's inputs).
 * Fast path: libsodium's scalarmult when P is in the prime-order subgroup.
 * Otherwise P = P0 + T with P0 = 8^-1 * (8P) in the subgroup and T = P - P0
 * of order dividing 8, so k*P = (k*8^-1 mod L) * (8P) + (k mod 8) * T.
 * Verifier side only (variable time).  Returns 0 or -1. */
static int pt_mul_var(uint8_t out[32], const uint8_t k[32], const uint8_t P[32]) {
    if (sodium_is_zero(k, 32)) {
        memcpy(out, pt_identity, 32);
        return 0;
    }
    // With 0 < k < L, k*P is never the identity for P in the subgroup, so
    // a failure here means libsodium rejected P (small-order component).
    if (crypto_scalarmult_ed25519_noclamp(out, k, P) == 0) return 0;

    uint8_t p8[32], t[32], acc[32], tmp[32];
    if (pt_mul8(p8, P) != 0) return -1;
    if (pt_is_identity(p8)) {
        memcpy(t, P, 32); /* P itself has small order */
        memcpy(acc, pt_identity, 32);
    } else {
        static const uint8_t eight[32] = {8};
        uint8_t inv8[32], p0[32], kk[32];
        if (crypto_core_ed25519_scalar_invert(inv8, eight) != 0) return -1;
        if (crypto_scalarmult_ed25519_noclamp(p0, inv8, p8) != 0) return -1;
        if (crypto_core_ed25519_sub(t, P, p0) != 0) return -1;
        crypto_core_ed25519_scalar_mul(kk, k, inv8); /* nonzero: k, inv8 units */
        if (crypto_scalarmult_ed25519_noclamp(acc, kk, p8) != 0) return -1;
    }
    for (unsigned i = 0; i < (unsigned)(k[0] & 7u); i++) {
        if (crypto_core_ed25519_add(tmp, acc, t) != 0) return -1;
        memcpy(acc, tmp, 32);
    }
    memcpy(out, acc, 32);
    return 0;
}

/* 1 iff the 32-byte little-endian integer s is < L = 2^252 +
 * 27742317777372353535851937790883648493 (RFC 8032 section 5.1). */
static int sc_is_canonical(const uint8_t s[32]) {
    static const uint8_t L[32] = {
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
        0xa2, 0xde, 0xf9, 0xde, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};
    for (int i = 31; i >= 0; i--) {
        if (s[i] < L[i]) return 1;
        if (s[i] > L[i]) return 0;
    }
    return 0; /* s == L */
}

/* ---- RFC 9381 auxiliary functions ------------------------------------- */

/* Section 5.4.1.1, ECVRF_encode_to_curve_try_and_increment with
 * encode_to_curve_salt = PK_string (section 5.5) and cofactor 8.
 * interpret_hash_value_as_a_point(h) = string_to_point(h[0..32)).  The loop
 * runs while H is INVALID or the identity.  Its running time depends on pk
 * and alpha (hence _var; see RFC 9381's security considerations on side
 * channels).  Returns 0, or -1 when ctr
 * would exceed 255 (probability about 2^-256). */
static int encode_to_curve_var(uint8_t H[32], const uint8_t pk[32],
                               const void *alpha, size_t alpha_len) {
    for (unsigned ctr = 0; ctr < 256; ctr++) {
        static const uint8_t front[2] = {SUITE, 0x01};
        uint8_t back[2] = {(uint8_t)ctr, DST_BACK}; /* int_to_string(ctr, 1) */
        uint8_t h[64];
        crypto_hash_sha512_state st;
        crypto_hash_sha512_init(&st);
        crypto_hash_sha512_update(&st, front, 2);
        crypto_hash_sha512_update(&st, pk, 32);
        if (alpha_len) crypto_hash_sha512_update(&st, alpha, alpha_len);
        crypto_hash_sha512_update(&st, back, 2);
        crypto_hash_sha512_final(&st, h);
        if (!pt_decode(h)) continue;          /* H = INVALID */
        if (pt_mul8(H, h) != 0) return -1;    /* H = cofactor * H */
        if (!pt_is_identity(H)) return 0;
    }
    return -1;
}

/* Section 5.4.3, ECVRF_challenge_generation(P1..P5), cLen = 16:
 * c = first 16 bytes of SHA-512(suite || 0x02 || P1 || .. || P5 || 0x00),
 * read little-endian (section 5.5: string_to_int is RFC 8032's). */
static void challenge(uint8_t c[C_LEN], const uint8_t p1[32], const uint8_t p2[32],
                      const uint8_t p3[32], const uint8_t p4[32], const uint8_t p5[32]) {
    static const uint8_t front[2] = {SUITE, 0x02}, back[1] = {DST_BACK};
    uint8_t h[64];
    crypto_hash_sha512_state st;
    crypto_hash_sha512_init(&st);
    crypto_hash_sha512_update(&st, front, 2);
    crypto_hash_sha512_update(&st, p1, 32);
    crypto_hash_sha512_update(&st, p2, 32);
    crypto_hash_sha512_update(&st, p3, 32);
    crypto_hash_sha512_update(&st, p4, 32);
    crypto_hash_sha512_update(&st, p5, 32);
    crypto_hash_sha512_update(&st, back, 1);
    crypto_hash_sha512_final(&st, h);
    memcpy(c, h, C_LEN);
}

/* Section 5.4.4, ECVRF_decode_proof: Gamma = string_to_point(pi[0..32)),
 * c = pi[32..48), s = pi[48..80) with s < q.  Returns 1 if valid. */
static int decode_proof(const uint8_t pi[ZP_VRF_PROOFBYTES]) {
    return pt_decode(pi) && sc_is_canonical(pi + PT_LEN + C_LEN);
}

/* Section 5.2 after decoding: beta = SHA-512(suite || 0x03 ||
 * point_to_string(cofactor * Gamma) || 0x00). */
static int gamma_to_hash(uint8_t beta[64], const uint8_t gamma[32]) {
    static const uint8_t front[2] = {SUITE, 0x03}, back[1] = {DST_BACK};
    uint8_t g8[32];
    if (pt_mul8(g8, gamma) != 0) return -1;
    crypto_hash_sha512_state st;
    crypto_hash_sha512_init(&st);
    crypto_hash_sha512_update(&st, front, 2);
    crypto_hash_sha512_update(&st, g8, 32);
    crypto_hash_sha512_update(&st, back, 1);
    crypto_hash_sha512_final(&st, beta);
    return 0;
}

/* ---- API ---------------------------------------------------------------- */

zp_err zp_vrf_keypair_from_seed(uint8_t pk[ZP_VRF_PUBLICKEYBYTES],
                                uint8_t sk[ZP_VRF_SECRETKEYBYTES],
                                const uint8_t seed[ZP_VRF_SEEDBYTES]) {
    if (!pk || !sk || !seed) return ZP_ERR_ARG;
    if (zp_init() != ZP_OK) return ZP_ERR_INTERNAL;
    // RFC 9381 section 5.5: x and Y are derived from SK as in RFC 8032
    // section 5.1.5, which is what crypto_sign_seed_keypair computes
    // (sk = seed || pk).
    if (crypto_sign_seed_keypair(pk, sk, seed) != 0) {
        zp_memzero(pk, ZP_VRF_PUBLICKEYBYTES);
        zp_memzero(sk, ZP_VRF_SECRETKEYBYTES);
        return ZP_ERR_INTERNAL;
    }
    return ZP_OK;
}

zp_err zp_vrf_prove(uint8_t proof[ZP_VRF_PROOFBYTES],
                    const uint8_t sk[ZP_VRF_SECRETKEYBYTES],
                    const void *alpha, size_t alpha_len) {
    if (!proof) return ZP_ERR_ARG;
    zp_memzero(proof, ZP_VRF_PROOFBYTES);
    if (!sk || (!alpha && alpha_len)) return ZP_ERR_ARG;
    if (zp_init() != ZP_OK) return ZP_ERR_INTERNAL;

    zp_err err = ZP_ERR_INTERNAL;
    uint8_t hsk[64], xw[64], x[32], kw[64], k[32], cw[32], cx[32], s[32];
    uint8_t Y[32], H[32], gamma[32], kB[32], kH[32], c[C_LEN];
    crypto_hash_sha512_state st;

    // RFC 8032 section 5.1.5: hashed_sk = SHA-512(SK); x = clamp(low half).
    crypto_hash_sha512(hsk, sk, 32);
    memcpy(xw, hsk, 32);
    memset(xw + 32, 0, 32);
    xw[0] &= 248;
    xw[31] &= 127;
    xw[31] |= 64;
    crypto_core_ed25519_scalar_reduce(x, xw); /* x mod L: same points */

    // Y = x*B.  A clamped x is in [2^254, 2^255) and a multiple of 8, so it
    // is never a multiple of L (4L is not a multiple of 8, 8L > 2^255).
    if (crypto_scalarmult_ed25519_base_noclamp(Y, x) != 0) goto done;
    if (!zp_memeq(Y, sk + 32, 32)) { /* sk is not seed || pk */
        err = ZP_ERR_ARG;
        goto done;
    }

    // Section 5.1 step 2: H = ECVRF_encode_to_curve(PK_string, alpha).
    if (encode_to_curve_var(H, Y, alpha, alpha_len) != 0) goto done;
    // Step 4: Gamma = x*H (H is 8 times a point, not the identity: in the
    // prime-order subgroup, so libsodium accepts it; x mod L != 0).
    if (crypto_scalarmult_ed25519_noclamp(gamma, x, H) != 0) goto done;

    // Step 5, section 5.4.2.2 (RFC 8032 nonce): k = SHA-512(hashed_sk[32..64)
    // || h_string) mod q, with h_string = point_to_string(H).
    crypto_hash_sha512_init(&st);
    crypto_hash_sha512_update(&st, hsk + 32, 32);
    crypto_hash_sha512_update(&st, H, 32);
    crypto_hash_sha512_final(&st, kw);
    crypto_core_ed25519_scalar_reduce(k, kw);

    // Step 6: c = challenge(Y, H, Gamma, k*B, k*H).  k = 0 has probability
    // 2^-252; libsodium then reports failure and the product is O.
    if (sodium_is_zero(k, 32)) {
        memcpy(kB, pt_identity, 32);
        memcpy(kH, pt_identity, 32);
    } else if (crypto_scalarmult_ed25519_base_noclamp(kB, k) != 0 ||
               crypto_scalarmult_ed25519_noclamp(kH, k, H) != 0) {
        goto done;
    }
    challenge(c, Y, H, gamma, kB, kH);

    // Step 7: s = (k + c*x) mod q.
    memcpy(cw, c, C_LEN);
    memset(cw + C_LEN, 0, 32 - C_LEN);
    crypto_core_ed25519_scalar_mul(cx, cw, x);
    crypto_core_ed25519_scalar_add(s, k, cx);

    // Step 8: pi = point_to_string(Gamma) || int_to_string(c, 16) ||
    // int_to_string(s, 32).
    memcpy(proof, gamma, PT_LEN);
    memcpy(proof + PT_LEN, c, C_LEN);
    memcpy(proof + PT_LEN + C_LEN, s, Q_LEN);
    err = ZP_OK;

done:
    zp_memzero(hsk, sizeof hsk);
    zp_memzero(xw, sizeof xw);
    zp_memzero(x, sizeof x);
    zp_memzero(kw, sizeof kw);
    zp_memzero(k, sizeof k);
    zp_memzero(cx, sizeof cx);
    zp_memzero(s, sizeof s);
    zp_memzero(kB, sizeof kB);
    zp_memzero(kH, sizeof kH);
    zp_memzero(&st, sizeof st);
    if (err != ZP_OK) zp_memzero(proof, ZP_VRF_PROOFBYTES);
    return err;
}

zp_err zp_vrf_proof_to_hash(uint8_t output[ZP_VRF_OUTPUTBYTES],
                            const uint8_t proof[ZP_VRF_PROOFBYTES]) {
    if (!output) return ZP_ERR_ARG;
    zp_memzero(output, ZP_VRF_OUTPUTBYTES);
    if (!proof) return ZP_ERR_ARG;
    if (zp_init() != ZP_OK) return ZP_ERR_INTERNAL;
    if (!decode_proof(proof)) return ZP_ERR_PARSE;
    if (gamma_to_hash(output, proof) != 0) {
        zp_memzero(output, ZP_VRF_OUTPUTBYTES);
        return ZP_ERR_INTERNAL;
    }
    return ZP_OK;
}

zp_err zp_vrf_verify(uint8_t output[ZP_VRF_OUTPUTBYTES],
                     const uint8_t pk[ZP_VRF_PUBLICKEYBYTES],
                     const uint8_t proof[ZP_VRF_PROOFBYTES],
                     const void *alpha, size_t alpha_len) {
    if (!output) return ZP_ERR_ARG;
    zp_memzero(output, ZP_VRF_OUTPUTBYTES);
    if (!pk || !proof || (!alpha && alpha_len)) return ZP_ERR_ARG;
    if (zp_init() != ZP_OK) return ZP_ERR_INTERNAL;

    const uint8_t *gamma = proof, *c = proof + PT_LEN, *s = proof + PT_LEN + C_LEN;
    uint8_t y8[32], H[32], cw[32], sB[32], cY[32], U[32], sH[32], cG[32], V[32];
    uint8_t c2[C_LEN];

    // Section 5.3 steps 1-3: Y = string_to_point(PK_string), and
    // ECVRF_validate_key (5.4.5): reject Y when cofactor*Y is the identity.
    if (!pt_decode(pk)) return ZP_ERR_VERIFY;
    if (pt_mul8(y8, pk) != 0) return ZP_ERR_INTERNAL;
    if (pt_is_identity(y8)) return ZP_ERR_VERIFY;
    // Steps 4-6: (Gamma, c, s) = ECVRF_decode_proof(pi).
    if (!decode_proof(proof)) return ZP_ERR_VERIFY;
    // Steps 7-8: H = ECVRF_encode_to_curve(PK_string, alpha).
    if (encode_to_curve_var(H, pk, alpha, alpha_len) != 0) return ZP_ERR_VERIFY;

    memcpy(cw, c, C_LEN);
    memset(cw + C_LEN, 0, 32 - C_LEN);
    // Step 9: U = s*B - c*Y.  Step 10: V = s*H - c*Gamma.  s < L and H is
    // in the subgroup, so libsodium fails only for s = 0 (product O).
    if (sodium_is_zero(s, 32)) {
        memcpy(sB, pt_identity, 32);
        memcpy(sH, pt_identity, 32);
    } else if (crypto_scalarmult_ed25519_base_noclamp(sB, s) != 0 ||
               crypto_scalarmult_ed25519_noclamp(sH, s, H) != 0) {
        return ZP_ERR_INTERNAL;
    }
    if (pt_mul_var(cY, cw, pk) != 0 || pt_mul_var(cG, cw, gamma) != 0 ||
        crypto_core_ed25519_sub(U, sB, cY) != 0 ||
        crypto_core_ed25519_sub(V, sH, cG) != 0)
        return ZP_ERR_INTERNAL;

    // Steps 11-12: c' = challenge(Y, H, Gamma, U, V); accept iff c' = c.
    // point_to_string(Y) = PK_string because pt_decode accepted only the
    // canonical encoding.
    challenge(c2, pk, H, gamma, U, V);
    if (!zp_memeq(c2, c, C_LEN)) return ZP_ERR_VERIFY;
    if (gamma_to_hash(output, gamma) != 0) {
        zp_memzero(output, ZP_VRF_OUTPUTBYTES);
        return ZP_ERR_INTERNAL;
    }
    return ZP_OK;
}

/* ---- outputs only (src/prov/ed25519_fast.c) ------------------------------ */

zp_err zp_vrf_output(uint8_t output[ZP_VRF_OUTPUTBYTES],
                     const uint8_t sk[ZP_VRF_SECRETKEYBYTES],
                     const void *alpha, size_t alpha_len) {
    return zp_vrf_output_batch(output, sk, alpha, alpha_len, 1);
}

zp_err zp_vrf_output_batch(uint8_t *outputs, const uint8_t sk[ZP_VRF_SECRETKEYBYTES],
                           const void *alphas, size_t alpha_len, size_t n) {
    if (!outputs && n) return ZP_ERR_ARG;
    if (n > SIZE_MAX / ZP_VRF_OUTPUTBYTES) return ZP_ERR_ARG;
    if (n) zp_memzero(outputs, n * ZP_VRF_OUTPUTBYTES);
    if (!sk || (!alphas && alpha_len && n)) return ZP_ERR_ARG;
    if (alpha_len && n > SIZE_MAX / alpha_len) return ZP_ERR_ARG;
    if (zp_init() != ZP_OK) return ZP_ERR_INTERNAL;
    zp_vrfo_key key;
    zp_err err = zp_vrfo_key_init(&key, sk);
    if (err != ZP_OK) return err;
    // Chunks of ZP_VRFO_BATCH alphas share one inversion; the chunking is
    // fixed, so the outputs do not depend on the schedule.
    const uint8_t *a = alphas;
    int64_t n_chunks = (int64_t)((n + ZP_VRFO_BATCH - 1) / ZP_VRFO_BATCH);
    int bad = 0;
#pragma omp parallel for schedule(dynamic, 1) reduction(| : bad) if (n_chunks > 1)
    for (int64_t c = 0; c < n_chunks; c++) {
        const uint8_t *ptrs[ZP_VRFO_BATCH];
        size_t lens[ZP_VRFO_BATCH];
        size_t lo = (size_t)c * ZP_VRFO_BATCH;
        size_t m = n - lo < ZP_VRFO_BATCH ? n - lo : ZP_VRFO_BATCH;
        for (size_t i = 0; i < m; i++) {
            ptrs[i] = alpha_len ? a + (lo + i) * alpha_len : NULL;
            lens[i] = alpha_len;
        }
        if (zp_vrfo_eval_batch(outputs + lo * ZP_VRF_OUTPUTBYTES, &key, ptrs, lens, m) != 0)
            bad = 1;
    }
    ZP_WIPE(&key);
    if (bad) {
        zp_memzero(outputs, n * ZP_VRF_OUTPUTBYTES);
        return ZP_ERR_INTERNAL;
    }
    return ZP_OK;
}
