// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The zkprov authors.
// Raw declarations of the zkprov C API (include/zkprov/*.h) that the Rust wrapper uses.

//! Raw FFI of libzkprov.  Every function is `unsafe` and follows the C
//! contract in include/zkprov/*.h.  The `#[repr(C)]` structs mirror the
//! public C structs; `tests` compare their sizes with the library's
//! `zp_*_sizeof()` functions (include/zkprov/sizes.h), and the safe crate
//! `zkprov` checks them again before its first call.
#![allow(non_camel_case_types)]

use std::os::raw::{c_char, c_int, c_uint, c_void};

pub type zp_err = c_int;
pub const ZP_OK: zp_err = 0;
pub const ZP_ERR_ARG: zp_err = 1;
pub const ZP_ERR_PARSE: zp_err = 2;
pub const ZP_ERR_VERIFY: zp_err = 3;
pub const ZP_ERR_NOMEM: zp_err = 4;
pub const ZP_ERR_IO: zp_err = 5;
pub const ZP_ERR_UNSUPPORTED: zp_err = 6;
pub const ZP_ERR_INTERNAL: zp_err = 7;
/// The C ABI these declarations were written for (ZP_ABI_VERSION).
pub const ZP_ABI_VERSION: c_int = 1;

pub type zp_fe = u64;

#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct zp_fe2 {
    pub c0: zp_fe,
    pub c1: zp_fe,
}

#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct zp_digest {
    pub b: [u8; 32],
}

#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct zp_transcript {
    pub state: [u8; 32],
    pub n_ops: u64,
}

/// include/zkprov/prov.h (filled by zp_cert_verify; zp_cert_info_clear frees it).
#[repr(C)]
pub struct zp_cert_info {
    pub subject_name: *mut c_char,
    pub dataset_digest: zp_digest,
    pub records: u64,
    pub schema_json: *mut c_char,
    pub schema_digest: zp_digest,
    pub license: *mut c_char,
    pub source: *mut c_char,
    pub n_attrs: usize,
    pub attr_keys: *mut *mut c_char,
    pub attr_values: *mut *mut c_char,
    pub authority_key_id: [u8; 32],
    pub issued_at: i64,
    pub has_expiry: c_int,
    pub expires_at: i64,
    pub payload_digest: zp_digest,
}

/// Array lengths of the verify.h structs (checked against the library's
/// zp_verify_*() size functions, and each struct against its _sizeof()).
pub const ZP_VERIFY_REASON_BYTES: usize = 512;
pub const ZP_VERIFY_MAX_CERTS: usize = 64;
pub const ZP_VERIFY_NAME_BYTES: usize = 264;
pub const ZP_VERIFY_LICENSE_BYTES: usize = 72;
pub const ZP_VERIFY_NOT_PROVEN_BYTES: usize = 1024;
pub const ZP_VERIFY_MAX_CLIENTS: usize = 1024;
/// zp_verify_fl_round_files flags.
pub const ZP_VERIFY_FL_SKIP_RANGE_PROOFS: c_uint = 1;
pub const ZP_VERIFY_FL_SKIP_TRAINING_PROOFS: c_uint = 2;
pub const ZP_VERIFY_FL_ALLOW_UNTRAINED: c_uint = 4;

/// include/zkprov/verify.h: a certificate a verified run rests on.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct zp_verified_cert {
    pub digest: [u8; 32],
    pub dataset_digest: [u8; 32],
    pub authority_key_id: [u8; 32],
    pub records: u64,
    pub given: u32,
    pub subject: [c_char; ZP_VERIFY_NAME_BYTES],
    pub license: [c_char; ZP_VERIFY_LICENSE_BYTES],
}

/// include/zkprov/verify.h: what a verified training run proves.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct zp_run_verified {
    pub n_steps: u64,
    pub n_records: u64,
    pub batch_size: u32,
    pub n_certs: u32,
    pub config_digest: [u8; 32],
    pub base_digest: [u8; 32],
    pub final_digest: [u8; 32],
    pub run_digest: [u8; 32],
    pub base_checked: i32,
    pub records_bound: i32,
    pub model_checked: i32,
    pub ds_index: u32,
    pub ds_openings: u32,
    pub certs: [zp_verified_cert; ZP_VERIFY_MAX_CERTS],
    pub not_proven: [c_char; ZP_VERIFY_NOT_PROVEN_BYTES],
    pub reason: [c_char; ZP_VERIFY_REASON_BYTES],
}

/// include/zkprov/verify.h: what a verified answer proves (scores owned:
/// zp_answer_verified_clear).
#[repr(C)]
pub struct zp_answer_verified {
    pub model: [u8; 32],
    pub opening: u32,
    pub max_openings: u32,
    pub batch: u64,
    pub d_in: u64,
    pub d_out: u64,
    pub private_input: i32,
    pub names_run: i32,
    pub chain_checked: i32,
    pub n_certs: u32,
    pub run_digest: [u8; 32],
    pub cert_digests: [[u8; 32]; ZP_VERIFY_MAX_CERTS],
    pub scores: *mut i64,
    pub run: zp_run_verified,
    pub reason: [c_char; ZP_VERIFY_REASON_BYTES],
}

/// include/zkprov/verify.h: what a verified federated round proves.
#[repr(C)]
pub struct zp_fl_verified {
    pub round_id: u64,
    pub next_round_id: u64,
    pub n_updates: u32,
    pub n_included: u32,
    pub n_trained: u32,
    pub n_checked: u32,
    pub range_proofs_checked: i32,
    pub training_proofs_checked: i32,
    pub next_digest: [u8; 32],
    pub client: [u32; ZP_VERIFY_MAX_CLIENTS],
    pub included: [u8; ZP_VERIFY_MAX_CLIENTS],
    pub trained: [u8; ZP_VERIFY_MAX_CLIENTS],
    pub reason: [c_char; ZP_VERIFY_REASON_BYTES],
}

pub enum zp_merkle_tree {}
pub enum zp_ds_schema {}
pub enum zp_dataset_commit {}

extern "C" {
    // common.h
    pub fn zp_strerror(err: zp_err) -> *const c_char;
    pub fn zp_version_string() -> *const c_char;
    pub fn zp_abi_version() -> c_int;
    pub fn zp_init() -> zp_err;

    // field.h
    pub fn zp_fe_bytes() -> usize;
    pub fn zp_fe2_bytes() -> usize;
    pub fn zp_fe_add(a: zp_fe, b: zp_fe) -> zp_fe;
    pub fn zp_fe_sub(a: zp_fe, b: zp_fe) -> zp_fe;
    pub fn zp_fe_neg(a: zp_fe) -> zp_fe;
    pub fn zp_fe_mul(a: zp_fe, b: zp_fe) -> zp_fe;
    pub fn zp_fe_sqr(a: zp_fe) -> zp_fe;
    pub fn zp_fe_pow(a: zp_fe, e: u64) -> zp_fe;
    pub fn zp_fe_inv(a: zp_fe) -> zp_fe;
    pub fn zp_fe_from_u64(v: u64) -> zp_fe;
    pub fn zp_fe_from_i64(v: i64) -> zp_fe;
    pub fn zp_fe_from_bytes_le(out: *mut zp_fe, inp: *const u8) -> zp_err;
    pub fn zp_fe_to_bytes_le(out: *mut u8, a: zp_fe);
    pub fn zp_fe_root_of_unity(log_n: c_uint) -> zp_fe;
    pub fn zp_fe2_add(a: zp_fe2, b: zp_fe2) -> zp_fe2;
    pub fn zp_fe2_sub(a: zp_fe2, b: zp_fe2) -> zp_fe2;
    pub fn zp_fe2_neg(a: zp_fe2) -> zp_fe2;
    pub fn zp_fe2_mul(a: zp_fe2, b: zp_fe2) -> zp_fe2;
    pub fn zp_fe2_mul_fe(a: zp_fe2, b: zp_fe) -> zp_fe2;
    pub fn zp_fe2_sqr(a: zp_fe2) -> zp_fe2;
    pub fn zp_fe2_pow(a: zp_fe2, e: u64) -> zp_fe2;
    pub fn zp_fe2_inv(a: zp_fe2) -> zp_fe2;
    pub fn zp_fe2_from_bytes_le(out: *mut zp_fe2, inp: *const u8) -> zp_err;
    pub fn zp_fe2_to_bytes_le(out: *mut u8, a: zp_fe2);

    // hash.h
    pub fn zp_digest_bytes() -> usize;
    pub fn zp_sha256(out: *mut u8, data: *const c_void, len: usize);
    pub fn zp_hash_leaf(out: *mut zp_digest, data: *const c_void, len: usize);
    pub fn zp_hash_node(out: *mut zp_digest, l: *const zp_digest, r: *const zp_digest);
    pub fn zp_merkle_build(out: *mut *mut zp_merkle_tree, leaves: *const zp_digest,
                           n: usize) -> zp_err;
    pub fn zp_merkle_free(t: *mut zp_merkle_tree);
    pub fn zp_merkle_root(t: *const zp_merkle_tree, root: *mut zp_digest);
    pub fn zp_merkle_batch_max(n_leaves: usize, n_idx: usize) -> usize;
    pub fn zp_merkle_prove_batch(t: *const zp_merkle_tree, idx: *const usize, n_idx: usize,
                                 out: *mut zp_digest, cap: usize, n_out: *mut usize) -> zp_err;
    pub fn zp_merkle_verify_batch(root: *const zp_digest, n_leaves: usize, idx: *const usize,
                                  leaves: *const zp_digest, n_idx: usize,
                                  path: *const zp_digest, n_path: usize) -> zp_err;
    pub fn zp_poseidon2_w12(state: *mut zp_fe);
    pub fn zp_poseidon2_w8(state: *mut zp_fe);
    pub fn zp_poseidon2_hash(out: *mut zp_fe, inp: *const zp_fe, n: usize);
    pub fn zp_poseidon2_compress(out: *mut zp_fe, l: *const zp_fe, r: *const zp_fe);
    pub fn zp_transcript_init(tr: *mut zp_transcript, domain: *const c_char);
    pub fn zp_transcript_init_raw(tr: *mut zp_transcript, domain: *const c_void, len: usize);
    pub fn zp_transcript_absorb_bytes(tr: *mut zp_transcript, label: *const c_char,
                                      data: *const c_void, len: usize);
    pub fn zp_transcript_absorb_u64(tr: *mut zp_transcript, label: *const c_char, v: u64);
    pub fn zp_transcript_absorb_fe(tr: *mut zp_transcript, label: *const c_char,
                                   v: *const zp_fe, n: usize);
    pub fn zp_transcript_absorb_fe2(tr: *mut zp_transcript, label: *const c_char,
                                    v: *const zp_fe2, n: usize);
    pub fn zp_transcript_absorb_digest(tr: *mut zp_transcript, label: *const c_char,
                                       d: *const zp_digest);
    pub fn zp_transcript_challenge_fe(tr: *mut zp_transcript, label: *const c_char) -> zp_fe;
    pub fn zp_transcript_challenge_fe2(tr: *mut zp_transcript, label: *const c_char) -> zp_fe2;
    pub fn zp_transcript_challenge_fe2_vec(tr: *mut zp_transcript, label: *const c_char,
                                           out: *mut zp_fe2, n: usize);
    pub fn zp_transcript_challenge_bytes(tr: *mut zp_transcript, label: *const c_char,
                                         out: *mut c_void, len: usize);
    pub fn zp_transcript_challenge_index(tr: *mut zp_transcript, label: *const c_char,
                                         bound: u64) -> u64;

    // zkml.h
    pub fn zp_sampler_batch(seed: *const u8, step: u64, batch_size: u32, n_records: u64,
                            out: *mut u32) -> zp_err;
    pub fn zp_fx_from_double(v: f64, s: c_uint, b: c_uint) -> i64;
    pub fn zp_fx_exp_table(t: *mut i64, domain_bits: c_uint, exp_scale: c_uint,
                           act_scale: c_uint) -> zp_err;

    // prov.h
    pub fn zp_vrf_publickeybytes() -> usize;
    pub fn zp_vrf_secretkeybytes() -> usize;
    pub fn zp_vrf_proofbytes() -> usize;
    pub fn zp_vrf_outputbytes() -> usize;
    pub fn zp_vrf_keypair_from_seed(pk: *mut u8, sk: *mut u8, seed: *const u8) -> zp_err;
    pub fn zp_vrf_prove(proof: *mut u8, sk: *const u8, alpha: *const c_void,
                        alpha_len: usize) -> zp_err;
    pub fn zp_vrf_verify(output: *mut u8, pk: *const u8, proof: *const u8,
                         alpha: *const c_void, alpha_len: usize) -> zp_err;
    pub fn zp_memzero(p: *mut c_void, len: usize);
    pub fn zp_ds_err_bytes() -> usize;
    pub fn zp_cert_err_bytes() -> usize;
    pub fn zp_auth_publickeybytes() -> usize;
    pub fn zp_ds_schema_parse(out: *mut *mut zp_ds_schema, err: *mut c_char,
                              json: *const c_char, len: usize) -> zp_err;
    pub fn zp_ds_schema_canonical(out: *mut *mut c_char, len: *mut usize,
                                  s: *const zp_ds_schema) -> zp_err;
    pub fn zp_ds_schema_digest(out: *mut zp_digest, s: *const zp_ds_schema) -> zp_err;
    pub fn zp_ds_schema_free(s: *mut zp_ds_schema);
    pub fn zp_ds_fe_from_i64(q: i64) -> zp_fe;
    pub fn zp_ds_i64_from_fe(q: *mut i64, x: zp_fe, bound: u64) -> zp_err;
    pub fn zp_ds_record_bytes_len(width: usize) -> usize;
    pub fn zp_ds_record_bytes(out: *mut u8, schema_digest: *const zp_digest, row: *const zp_fe,
                              width: usize);
    pub fn zp_auth_public_parse(pk: *mut u8, err: *mut c_char, json: *const c_char,
                                len: usize) -> zp_err;
    pub fn zp_cert_verify(out: *mut zp_cert_info, err: *mut c_char, json: *const c_char,
                          len: usize, pk: *const u8, now: i64) -> zp_err;
    pub fn zp_cert_info_clear(ci: *mut zp_cert_info);
    pub fn zp_dataset_commit_parse(out: *mut *mut zp_dataset_commit, err: *mut c_char,
                                   json: *const c_char, len: usize) -> zp_err;
    pub fn zp_dataset_commit_free(c: *mut zp_dataset_commit);
    pub fn zp_cert_check_commit(err: *mut c_char, ci: *const zp_cert_info,
                                c: *const zp_dataset_commit) -> zp_err;

    // verify.h
    pub fn zp_verify_reason_bytes() -> usize;
    pub fn zp_verify_max_certs() -> usize;
    pub fn zp_verify_name_bytes() -> usize;
    pub fn zp_verify_license_bytes() -> usize;
    pub fn zp_verify_not_proven_bytes() -> usize;
    pub fn zp_verify_max_clients() -> usize;
    pub fn zp_verify_cert_files(out: *mut zp_cert_info, reason: *mut c_char, cert: *const c_char,
                                authority: *const c_char, commit: *const c_char,
                                now: i64) -> zp_err;
    pub fn zp_verify_run_files(out: *mut zp_run_verified, run: *const c_char,
                               certs: *const *const c_char, n_certs: usize,
                               authority: *const c_char, config: *const c_char,
                               model: *const c_char, commit: *const c_char, now: i64) -> zp_err;
    pub fn zp_verify_answer_files(out: *mut zp_answer_verified, answer: *const c_char,
                                  model: *const c_char, run: *const c_char,
                                  certs: *const *const c_char, n_certs: usize,
                                  authority: *const c_char, config: *const c_char,
                                  commit: *const c_char, now: i64) -> zp_err;
    pub fn zp_answer_verified_clear(out: *mut zp_answer_verified);
    pub fn zp_verify_fl_round_files(out: *mut zp_fl_verified, next: *const c_char,
                                    prev: *const c_char, authorities: *const c_char,
                                    train: *const c_char, flags: c_uint, now: i64) -> zp_err;

    // sizes.h
    pub fn zp_verified_cert_sizeof() -> usize;
    pub fn zp_run_verified_sizeof() -> usize;
    pub fn zp_answer_verified_sizeof() -> usize;
    pub fn zp_fl_verified_sizeof() -> usize;
    pub fn zp_transcript_sizeof() -> usize;
    pub fn zp_cert_info_sizeof() -> usize;
    pub fn zp_zkml_seed_bytes() -> usize;
    pub fn zp_zkml_max_batch() -> usize;
    pub fn zp_vrf_seedbytes() -> usize;
}

// libc's free, for the strings the library malloc'ed.
extern "C" {
    pub fn free(p: *mut c_void);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn struct_sizes_match_the_library() {
        unsafe {
            assert_eq!(zp_abi_version(), ZP_ABI_VERSION);
            assert_eq!(std::mem::size_of::<zp_transcript>(), zp_transcript_sizeof());
            assert_eq!(std::mem::size_of::<zp_cert_info>(), zp_cert_info_sizeof());
            assert_eq!(std::mem::size_of::<zp_digest>(), zp_digest_bytes());
            assert_eq!(std::mem::size_of::<zp_fe>(), zp_fe_bytes());
            assert_eq!(std::mem::size_of::<zp_fe2>(), zp_fe2_bytes());
            assert_eq!(ZP_VERIFY_REASON_BYTES, zp_verify_reason_bytes());
            assert_eq!(ZP_VERIFY_MAX_CERTS, zp_verify_max_certs());
            assert_eq!(ZP_VERIFY_NAME_BYTES, zp_verify_name_bytes());
            assert_eq!(ZP_VERIFY_LICENSE_BYTES, zp_verify_license_bytes());
            assert_eq!(ZP_VERIFY_NOT_PROVEN_BYTES, zp_verify_not_proven_bytes());
            assert_eq!(ZP_VERIFY_MAX_CLIENTS, zp_verify_max_clients());
            assert_eq!(std::mem::size_of::<zp_verified_cert>(), zp_verified_cert_sizeof());
            assert_eq!(std::mem::size_of::<zp_run_verified>(), zp_run_verified_sizeof());
            assert_eq!(std::mem::size_of::<zp_answer_verified>(), zp_answer_verified_sizeof());
            assert_eq!(std::mem::size_of::<zp_fl_verified>(), zp_fl_verified_sizeof());
        }
    }
}
