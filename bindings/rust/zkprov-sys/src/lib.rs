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

    // sizes.h
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
        }
    }
}
