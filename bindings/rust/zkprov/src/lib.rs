// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The zkprov authors.
// Safe Rust wrapper of zkprov: field, hashes, transcript, sampler, encodings, certificates.

//! Safe bindings of the zkprov C library (bindings/README.md).  Every
//! fallible call returns [`Result`]; an [`Error`] carries the `zp_err` code,
//! `zp_strerror`'s text and the library's one-line reason.  The first call
//! checks the library's ABI version and the sizes of the mirrored structs
//! (include/zkprov/sizes.h) and panics on a mismatch, which means the
//! binding and the library come from different versions.

use std::ffi::{CStr, CString};
use std::fmt;
use std::os::raw::{c_char, c_void};
use std::path::Path;
use std::sync::Once;

use zkprov_sys as sys;

/// A `zp_err` other than `ZP_OK`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// The `zp_err` value (`zkprov_sys::ZP_ERR_*`).
    pub code: i32,
    /// The library's one-line reason, or what this wrapper checked; may be empty.
    pub reason: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = unsafe { CStr::from_ptr(sys::zp_strerror(self.code)) }.to_string_lossy();
        if self.reason.is_empty() {
            write!(f, "{}", name)
        } else {
            write!(f, "{}: {}", name, self.reason)
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

fn err(code: i32, reason: impl Into<String>) -> Error {
    Error { code, reason: reason.into() }
}

fn check(code: sys::zp_err, buf: Option<&[c_char]>) -> Result<()> {
    if code == sys::ZP_OK {
        return Ok(());
    }
    let reason = match buf {
        Some(b) => unsafe { CStr::from_ptr(b.as_ptr()) }.to_string_lossy().into_owned(),
        None => String::new(),
    };
    Err(err(code, reason))
}

/// Checks the library once (ABI version, struct sizes) and initialises it.
fn lib() {
    static READY: Once = Once::new();
    READY.call_once(|| unsafe {
        assert_eq!(sys::zp_abi_version(), sys::ZP_ABI_VERSION, "libzkprov ABI version");
        assert_eq!(std::mem::size_of::<sys::zp_transcript>(), sys::zp_transcript_sizeof());
        assert_eq!(std::mem::size_of::<sys::zp_cert_info>(), sys::zp_cert_info_sizeof());
        assert_eq!(std::mem::size_of::<sys::zp_verified_cert>(), sys::zp_verified_cert_sizeof());
        assert_eq!(std::mem::size_of::<sys::zp_run_verified>(), sys::zp_run_verified_sizeof());
        assert_eq!(std::mem::size_of::<sys::zp_answer_verified>(), sys::zp_answer_verified_sizeof());
        assert_eq!(std::mem::size_of::<sys::zp_fl_verified>(), sys::zp_fl_verified_sizeof());
        assert_eq!(sys::ZP_VERIFY_REASON_BYTES, sys::zp_verify_reason_bytes());
        assert_eq!(sys::ZP_VERIFY_MAX_CERTS, sys::zp_verify_max_certs());
        assert_eq!(sys::ZP_VERIFY_NAME_BYTES, sys::zp_verify_name_bytes());
        assert_eq!(sys::ZP_VERIFY_LICENSE_BYTES, sys::zp_verify_license_bytes());
        assert_eq!(sys::ZP_VERIFY_NOT_PROVEN_BYTES, sys::zp_verify_not_proven_bytes());
        assert_eq!(sys::ZP_VERIFY_MAX_CLIENTS, sys::zp_verify_max_clients());
        assert_eq!(std::mem::size_of::<sys::zp_digest>(), sys::zp_digest_bytes());
        assert_eq!(std::mem::size_of::<u64>(), sys::zp_fe_bytes());
        assert_eq!(SEED_BYTES, sys::zp_zkml_seed_bytes());
        assert_eq!(VRF_SEED_BYTES, sys::zp_vrf_seedbytes());
        assert_eq!(VRF_PK_BYTES, sys::zp_vrf_publickeybytes());
        assert_eq!(VRF_SK_BYTES, sys::zp_vrf_secretkeybytes());
        assert_eq!(VRF_PROOF_BYTES, sys::zp_vrf_proofbytes());
        assert_eq!(VRF_OUTPUT_BYTES, sys::zp_vrf_outputbytes());
        assert_eq!(sys::zp_init(), sys::ZP_OK, "zp_init");
    });
}

/// The library's version string.
pub fn version() -> String {
    lib();
    unsafe { CStr::from_ptr(sys::zp_version_string()) }.to_string_lossy().into_owned()
}

// ------------------------------------------------------------------ field

/// A canonical Goldilocks element (0 <= v < p).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Fe(u64);

/// p = 2^64 - 2^32 + 1, asked from the library as -1 + 1.
pub fn modulus() -> u64 {
    lib();
    (unsafe { sys::zp_fe_neg(1) }) + 1
}

impl Fe {
    pub const ZERO: Fe = Fe(0);
    pub const ONE: Fe = Fe(1);
    /// Err(ZP_ERR_ARG) unless v < p.
    pub fn new(v: u64) -> Result<Fe> {
        if v < modulus() {
            Ok(Fe(v))
        } else {
            Err(err(sys::ZP_ERR_ARG, format!("{} is not a canonical field element", v)))
        }
    }
    pub fn value(self) -> u64 { self.0 }
    pub fn from_u64(v: u64) -> Fe { lib(); Fe(unsafe { sys::zp_fe_from_u64(v) }) }
    pub fn from_i64(v: i64) -> Fe { lib(); Fe(unsafe { sys::zp_fe_from_i64(v) }) }
    pub fn add(self, b: Fe) -> Fe { Fe(unsafe { sys::zp_fe_add(self.0, b.0) }) }
    pub fn sub(self, b: Fe) -> Fe { Fe(unsafe { sys::zp_fe_sub(self.0, b.0) }) }
    pub fn mul(self, b: Fe) -> Fe { Fe(unsafe { sys::zp_fe_mul(self.0, b.0) }) }
    pub fn neg(self) -> Fe { Fe(unsafe { sys::zp_fe_neg(self.0) }) }
    pub fn sqr(self) -> Fe { Fe(unsafe { sys::zp_fe_sqr(self.0) }) }
    /// a^-1, and 0 for 0.
    pub fn inv(self) -> Fe { Fe(unsafe { sys::zp_fe_inv(self.0) }) }
    pub fn pow(self, e: u64) -> Fe { Fe(unsafe { sys::zp_fe_pow(self.0, e) }) }
    pub fn root_of_unity(log_n: u32) -> Fe { lib(); Fe(unsafe { sys::zp_fe_root_of_unity(log_n) }) }
    /// 8 little-endian bytes; a value >= p is Err(ZP_ERR_PARSE).
    pub fn from_bytes(b: &[u8; 8]) -> Result<Fe> {
        lib();
        let mut o = 0u64;
        check(unsafe { sys::zp_fe_from_bytes_le(&mut o, b.as_ptr()) }, None)?;
        Ok(Fe(o))
    }
    pub fn to_bytes(self) -> [u8; 8] {
        let mut b = [0u8; 8];
        unsafe { sys::zp_fe_to_bytes_le(b.as_mut_ptr(), self.0) };
        b
    }
}

/// c0 + c1 x in F_p[x]/(x^2 - 7).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Fe2 {
    pub c0: Fe,
    pub c1: Fe,
}

impl Fe2 {
    pub fn new(c0: Fe, c1: Fe) -> Fe2 { Fe2 { c0, c1 } }
    fn raw(self) -> sys::zp_fe2 { sys::zp_fe2 { c0: self.c0.0, c1: self.c1.0 } }
    fn of(r: sys::zp_fe2) -> Fe2 { Fe2 { c0: Fe(r.c0), c1: Fe(r.c1) } }
    pub fn add(self, b: Fe2) -> Fe2 { Fe2::of(unsafe { sys::zp_fe2_add(self.raw(), b.raw()) }) }
    pub fn sub(self, b: Fe2) -> Fe2 { Fe2::of(unsafe { sys::zp_fe2_sub(self.raw(), b.raw()) }) }
    pub fn mul(self, b: Fe2) -> Fe2 { Fe2::of(unsafe { sys::zp_fe2_mul(self.raw(), b.raw()) }) }
    pub fn mul_fe(self, b: Fe) -> Fe2 { Fe2::of(unsafe { sys::zp_fe2_mul_fe(self.raw(), b.0) }) }
    pub fn neg(self) -> Fe2 { Fe2::of(unsafe { sys::zp_fe2_neg(self.raw()) }) }
    pub fn sqr(self) -> Fe2 { Fe2::of(unsafe { sys::zp_fe2_sqr(self.raw()) }) }
    pub fn inv(self) -> Fe2 { Fe2::of(unsafe { sys::zp_fe2_inv(self.raw()) }) }
    pub fn pow(self, e: u64) -> Fe2 { Fe2::of(unsafe { sys::zp_fe2_pow(self.raw(), e) }) }
    /// c0 then c1, 8 little-endian bytes each; a limb >= p is an error.
    pub fn from_bytes(b: &[u8; 16]) -> Result<Fe2> {
        lib();
        let mut o = sys::zp_fe2::default();
        check(unsafe { sys::zp_fe2_from_bytes_le(&mut o, b.as_ptr()) }, None)?;
        Ok(Fe2::of(o))
    }
    pub fn to_bytes(self) -> [u8; 16] {
        let mut b = [0u8; 16];
        unsafe { sys::zp_fe2_to_bytes_le(b.as_mut_ptr(), self.raw()) };
        b
    }
}

fn raw_fes(v: &[Fe]) -> Vec<u64> { v.iter().map(|x| x.0).collect() }

// ------------------------------------------------------------------ hashes

pub type Digest = [u8; 32];

pub fn sha256(data: &[u8]) -> Digest {
    lib();
    let mut o = [0u8; 32];
    unsafe { sys::zp_sha256(o.as_mut_ptr(), data.as_ptr() as *const c_void, data.len()) };
    o
}

/// RFC 9162 leaf hash SHA-256(0x00 || data).
pub fn hash_leaf(data: &[u8]) -> Digest {
    lib();
    let mut o = sys::zp_digest::default();
    unsafe { sys::zp_hash_leaf(&mut o, data.as_ptr() as *const c_void, data.len()) };
    o.b
}

/// RFC 9162 node hash SHA-256(0x01 || left || right).
pub fn hash_node(left: &Digest, right: &Digest) -> Digest {
    lib();
    let mut o = sys::zp_digest::default();
    let (l, r) = (sys::zp_digest { b: *left }, sys::zp_digest { b: *right });
    unsafe { sys::zp_hash_node(&mut o, &l, &r) };
    o.b
}

struct Tree(*mut sys::zp_merkle_tree);

impl Tree {
    fn new(leaves: &[Digest]) -> Result<Tree> {
        lib();
        let l: Vec<sys::zp_digest> = leaves.iter().map(|b| sys::zp_digest { b: *b }).collect();
        let mut t = std::ptr::null_mut();
        check(unsafe { sys::zp_merkle_build(&mut t, l.as_ptr(), l.len()) }, None)?;
        Ok(Tree(t))
    }
}

impl Drop for Tree {
    fn drop(&mut self) { unsafe { sys::zp_merkle_free(self.0) } }
}

/// Root of the RFC 9162 tree over leaf digests.
pub fn merkle_root(leaves: &[Digest]) -> Result<Digest> {
    let t = Tree::new(leaves)?;
    let mut r = sys::zp_digest::default();
    unsafe { sys::zp_merkle_root(t.0, &mut r) };
    Ok(r.b)
}

/// Batched authentication path of the sorted, distinct indices idx.
pub fn merkle_prove(leaves: &[Digest], idx: &[usize]) -> Result<Vec<Digest>> {
    let t = Tree::new(leaves)?;
    let cap = unsafe { sys::zp_merkle_batch_max(leaves.len(), idx.len()) }.max(1);
    let mut out = vec![sys::zp_digest::default(); cap];
    let mut n = 0usize;
    check(unsafe { sys::zp_merkle_prove_batch(t.0, idx.as_ptr(), idx.len(), out.as_mut_ptr(),
                                              cap, &mut n) }, None)?;
    Ok(out[..n].iter().map(|d| d.b).collect())
}

/// Checks leaves at idx against root; Err(ZP_ERR_VERIFY) if they do not match.
pub fn merkle_verify(root: &Digest, n_leaves: usize, idx: &[usize], leaves: &[Digest],
                     path: &[Digest]) -> Result<()> {
    lib();
    if leaves.len() != idx.len() {
        return Err(err(sys::ZP_ERR_ARG, "one leaf per index"));
    }
    let r = sys::zp_digest { b: *root };
    let l: Vec<sys::zp_digest> = leaves.iter().map(|b| sys::zp_digest { b: *b }).collect();
    let p: Vec<sys::zp_digest> = path.iter().map(|b| sys::zp_digest { b: *b }).collect();
    check(unsafe { sys::zp_merkle_verify_batch(&r, n_leaves, idx.as_ptr(), l.as_ptr(), idx.len(),
                                               p.as_ptr(), p.len()) }, None)
}

/// The Poseidon2 permutation of width 12 or 8 (reference parameters).
pub fn poseidon2_permute(state: &mut [Fe]) -> Result<()> {
    lib();
    let mut s = raw_fes(state);
    match s.len() {
        12 => unsafe { sys::zp_poseidon2_w12(s.as_mut_ptr()) },
        8 => unsafe { sys::zp_poseidon2_w8(s.as_mut_ptr()) },
        _ => return Err(err(sys::ZP_ERR_ARG, "Poseidon2 widths are 12 and 8")),
    }
    for (d, v) in state.iter_mut().zip(s) {
        *d = Fe(v);
    }
    Ok(())
}

pub fn poseidon2_hash(values: &[Fe]) -> [Fe; 4] {
    lib();
    let mut o = [0u64; 4];
    let v = raw_fes(values);
    unsafe { sys::zp_poseidon2_hash(o.as_mut_ptr(), v.as_ptr(), v.len()) };
    o.map(Fe)
}

pub fn poseidon2_compress(l: &[Fe; 4], r: &[Fe; 4]) -> [Fe; 4] {
    lib();
    let mut o = [0u64; 4];
    let (a, b) = (l.map(|x| x.0), r.map(|x| x.0));
    unsafe { sys::zp_poseidon2_compress(o.as_mut_ptr(), a.as_ptr(), b.as_ptr()) };
    o.map(Fe)
}

fn label(s: &str) -> CString {
    CString::new(s).expect("transcript labels contain no NUL")
}

/// The Fiat-Shamir transcript (docs/spec/transcript.md).
pub struct Transcript(sys::zp_transcript);

impl Transcript {
    /// zp_transcript_init: a domain label without NUL bytes.
    pub fn new(domain: &str) -> Transcript {
        lib();
        let mut t = sys::zp_transcript::default();
        unsafe { sys::zp_transcript_init(&mut t, label(domain).as_ptr()) };
        Transcript(t)
    }
    /// zp_transcript_init_raw: any domain bytes.
    pub fn new_raw(domain: &[u8]) -> Transcript {
        lib();
        let mut t = sys::zp_transcript::default();
        unsafe { sys::zp_transcript_init_raw(&mut t, domain.as_ptr() as *const c_void, domain.len()) };
        Transcript(t)
    }
    pub fn state(&self) -> [u8; 32] { self.0.state }
    pub fn n_ops(&self) -> u64 { self.0.n_ops }
    pub fn absorb_bytes(&mut self, l: &str, d: &[u8]) {
        unsafe { sys::zp_transcript_absorb_bytes(&mut self.0, label(l).as_ptr(),
                                                 d.as_ptr() as *const c_void, d.len()) }
    }
    pub fn absorb_u64(&mut self, l: &str, v: u64) {
        unsafe { sys::zp_transcript_absorb_u64(&mut self.0, label(l).as_ptr(), v) }
    }
    pub fn absorb_fe(&mut self, l: &str, v: &[Fe]) {
        let r = raw_fes(v);
        unsafe { sys::zp_transcript_absorb_fe(&mut self.0, label(l).as_ptr(), r.as_ptr(), r.len()) }
    }
    pub fn absorb_fe2(&mut self, l: &str, v: &[Fe2]) {
        let r: Vec<sys::zp_fe2> = v.iter().map(|x| x.raw()).collect();
        unsafe { sys::zp_transcript_absorb_fe2(&mut self.0, label(l).as_ptr(), r.as_ptr(), r.len()) }
    }
    pub fn absorb_digest(&mut self, l: &str, d: &Digest) {
        let r = sys::zp_digest { b: *d };
        unsafe { sys::zp_transcript_absorb_digest(&mut self.0, label(l).as_ptr(), &r) }
    }
    pub fn challenge_fe(&mut self, l: &str) -> Fe {
        Fe(unsafe { sys::zp_transcript_challenge_fe(&mut self.0, label(l).as_ptr()) })
    }
    pub fn challenge_fe2(&mut self, l: &str) -> Fe2 {
        Fe2::of(unsafe { sys::zp_transcript_challenge_fe2(&mut self.0, label(l).as_ptr()) })
    }
    pub fn challenge_fe2_vec(&mut self, l: &str, n: usize) -> Vec<Fe2> {
        let mut o = vec![sys::zp_fe2::default(); n];
        unsafe { sys::zp_transcript_challenge_fe2_vec(&mut self.0, label(l).as_ptr(), o.as_mut_ptr(), n) };
        o.into_iter().map(Fe2::of).collect()
    }
    pub fn challenge_bytes(&mut self, l: &str, n: usize) -> Vec<u8> {
        let mut o = vec![0u8; n];
        unsafe { sys::zp_transcript_challenge_bytes(&mut self.0, label(l).as_ptr(),
                                                    o.as_mut_ptr() as *mut c_void, n) };
        o
    }
    /// Unbiased integer in [0, bound); Err(ZP_ERR_ARG) for bound 0.
    pub fn challenge_index(&mut self, l: &str, bound: u64) -> Result<u64> {
        if bound == 0 {
            return Err(err(sys::ZP_ERR_ARG, "bound must be >= 1"));
        }
        Ok(unsafe { sys::zp_transcript_challenge_index(&mut self.0, label(l).as_ptr(), bound) })
    }
}

// ------------------------------------------------------------------ ML helpers

/// ZP_ZKML_SEED_BYTES (checked against zp_zkml_seed_bytes on first use).
pub const SEED_BYTES: usize = 32;

/// The batch indices of a training step (zp_sampler_batch).
pub fn sampler_batch(seed: &[u8; SEED_BYTES], step: u64, batch_size: u32,
                     n_records: u64) -> Result<Vec<u32>> {
    lib();
    if batch_size as usize > unsafe { sys::zp_zkml_max_batch() } {
        return Err(err(sys::ZP_ERR_ARG, "batch size out of range"));
    }
    let mut o = vec![0u32; (batch_size as usize).max(1)];
    check(unsafe { sys::zp_sampler_batch(seed.as_ptr(), step, batch_size, n_records,
                                         o.as_mut_ptr()) }, None)?;
    o.truncate(batch_size as usize);
    Ok(o)
}

// Ports of the static inline helpers of include/zkprov/zkml.h (a shared
// library does not export them), checked against tests/vectors/fixed.json.

/// (q, r): a + 2^(s-1) = q 2^s + r, 0 <= r < 2^s (1 <= s <= 62, |a| < 2^62).
pub fn fx_rdiv2(a: i64, s: u32) -> (i64, i64) {
    let t = a + (1i64 << (s - 1));
    let q = t >> s;
    (q, t - q * (1i64 << s))
}

/// (q, r): a + floor(d/2) = q d + r, 0 <= r < d (d >= 1).
pub fn fx_rdiv(a: i64, d: i64) -> (i64, i64) {
    let t = a + (d >> 1);
    (t.div_euclid(d), t.rem_euclid(d))
}

/// Saturation to [-2^(b-1), 2^(b-1) - 1], 2 <= b <= 62.
pub fn fx_sat(v: i64, b: u32) -> i64 {
    let h = 1i64 << (b - 1);
    v.clamp(-h, h - 1)
}

/// A value at scale 2^from -> 2^to, saturated to bits (zp_fx_rescale).
pub fn fx_rescale(q: i64, from: u32, to: u32, bits: u32) -> i64 {
    let v = if from > to {
        let d = from - to;
        if d > 62 { 0 } else { fx_rdiv2(q, d).0 }
    } else {
        let d = to - from;
        let lim = if d > 62 { 1 } else { (1i64 << 62) >> d };
        let big = 1i64 << 62; // |q| >= lim: q 2^d clamps to +-2^62
        if q >= lim { big } else if q <= -lim { -big } else { q * (1i64 << if d > 62 { 0 } else { d }) }
    };
    fx_sat(v, bits)
}

pub fn fx_from_double(v: f64, s: u32, b: u32) -> i64 {
    lib();
    unsafe { sys::zp_fx_from_double(v, s, b) }
}

pub fn fx_exp_table(domain_bits: u32, exp_scale: u32, act_scale: u32) -> Result<Vec<i64>> {
    lib();
    if !(1..=24).contains(&domain_bits) {
        return Err(err(sys::ZP_ERR_ARG, "domain_bits is 1..24"));
    }
    let mut t = vec![0i64; 1usize << domain_bits];
    check(unsafe { sys::zp_fx_exp_table(t.as_mut_ptr(), domain_bits, exp_scale, act_scale) }, None)?;
    Ok(t)
}

// ------------------------------------------------------------------ datasets

fn errbuf(n: usize) -> Vec<c_char> { vec![0 as c_char; n] }

/// (canonical text, SHA-256 digest) of a dataset schema.
pub fn ds_schema_canonical(json: &str) -> Result<(String, Digest)> {
    lib();
    let mut e = errbuf(unsafe { sys::zp_ds_err_bytes() });
    let mut s = std::ptr::null_mut();
    check(unsafe { sys::zp_ds_schema_parse(&mut s, e.as_mut_ptr(), json.as_ptr() as *const c_char,
                                           json.len()) }, Some(&e))?;
    let mut p: *mut c_char = std::ptr::null_mut();
    let mut n = 0usize;
    let mut d = sys::zp_digest::default();
    let r = unsafe { sys::zp_ds_schema_canonical(&mut p, &mut n, s) };
    let out = if r == sys::ZP_OK {
        let text = unsafe { std::slice::from_raw_parts(p as *const u8, n) };
        let text = String::from_utf8_lossy(text).into_owned();
        unsafe { sys::free(p as *mut c_void) };
        check(unsafe { sys::zp_ds_schema_digest(&mut d, s) }, None).map(|_| (text, d.b))
    } else {
        Err(err(r, ""))
    };
    unsafe { sys::zp_ds_schema_free(s) };
    out
}

pub fn ds_fe_from_i64(q: i64) -> Fe { lib(); Fe(unsafe { sys::zp_ds_fe_from_i64(q) }) }

/// The integer q with |q| <= bound that x encodes, else Err(ZP_ERR_PARSE).
pub fn ds_i64_from_fe(x: Fe, bound: u64) -> Result<i64> {
    lib();
    let mut q = 0i64;
    check(unsafe { sys::zp_ds_i64_from_fe(&mut q, x.0, bound) }, None)?;
    Ok(q)
}

/// The VRF input of an encoded record (docs/formats/dataset.md).
pub fn ds_record_bytes(schema_digest: &Digest, row: &[Fe]) -> Vec<u8> {
    lib();
    let mut o = vec![0u8; unsafe { sys::zp_ds_record_bytes_len(row.len()) }];
    let (d, r) = (sys::zp_digest { b: *schema_digest }, raw_fes(row));
    unsafe { sys::zp_ds_record_bytes(o.as_mut_ptr(), &d, r.as_ptr(), r.len()) };
    o
}

// ------------------------------------------------------------------ certificates

/// What a verified dataset certificate states.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate {
    pub subject_name: String,
    pub dataset_digest: Digest,
    pub records: u64,
    pub schema_json: String,
    pub license: String,
    pub source: String,
    pub attributes: Vec<(String, String)>,
    pub authority_key_id: [u8; 32],
    pub issued_at: i64,
    pub expires_at: Option<i64>,
    /// SHA-256 of the signed payload: the certificate's identity in later links.
    pub digest: Digest,
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| err(sys::ZP_ERR_IO, format!("{}: {}", path.display(), e)))
}

fn cstr(p: *const c_char) -> String {
    if p.is_null() {
        String::new()
    } else {
        unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
    }
}

/// An authority public key file (docs/formats/keys.md).
pub fn read_public_key(path: &Path) -> Result<Vec<u8>> {
    lib();
    let raw = read(path)?;
    let mut pk = vec![0u8; unsafe { sys::zp_auth_publickeybytes() }];
    let mut e = errbuf(unsafe { sys::zp_cert_err_bytes() });
    check(unsafe { sys::zp_auth_public_parse(pk.as_mut_ptr(), e.as_mut_ptr(),
                                             raw.as_ptr() as *const c_char, raw.len()) }, Some(&e))?;
    Ok(pk)
}

fn cpath(p: &Path) -> Result<CString> {
    use std::os::unix::ffi::OsStrExt;
    CString::new(p.as_os_str().as_bytes())
        .map_err(|_| err(sys::ZP_ERR_ARG, format!("{}: a NUL byte in the path", p.display())))
}

fn cpath_opt(p: Option<&Path>) -> Result<Option<CString>> {
    match p {
        Some(p) => cpath(p).map(Some),
        None => Ok(None),
    }
}

fn ptr_opt(p: &Option<CString>) -> *const c_char {
    p.as_ref().map_or(std::ptr::null(), |c| c.as_ptr())
}

fn chars(b: &[c_char]) -> String {
    let bytes: Vec<u8> = b.iter().take_while(|&&c| c != 0).map(|&c| c as u8).collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The library's verdict: Ok, or an [`Error`] with its one-line reason.
fn verdict(code: sys::zp_err, reason: &[c_char]) -> Result<()> {
    if code == sys::ZP_OK { Ok(()) } else { Err(err(code, chars(reason))) }
}

/// Verifies a dataset certificate file against the authority's public key
/// file at time now (seconds since the epoch; negative: the current time),
/// exactly as `zkprov dataset verify` (zp_verify_cert_files); with commit
/// (a DS.commit file) also that it names that commitment.  Err code:
/// ZP_ERR_VERIFY when rejected, ZP_ERR_IO / ZP_ERR_PARSE / ZP_ERR_ARG for
/// unreadable files, a malformed key file, misuse.
pub fn verify_certificate(cert: &Path, authority: &Path, commit: Option<&Path>,
                          now: i64) -> Result<Certificate> {
    lib();
    let (c, a, m) = (cpath(cert)?, cpath(authority)?, cpath_opt(commit)?);
    let mut reason = errbuf(sys::ZP_VERIFY_REASON_BYTES);
    let mut ci: sys::zp_cert_info = unsafe { std::mem::zeroed() };
    let code = unsafe { sys::zp_verify_cert_files(&mut ci, reason.as_mut_ptr(), c.as_ptr(),
                                                  a.as_ptr(), ptr_opt(&m), now) };
    verdict(code, &reason)?;
    let out = Certificate {
        subject_name: cstr(ci.subject_name),
        dataset_digest: ci.dataset_digest.b,
        records: ci.records,
        schema_json: cstr(ci.schema_json),
        license: cstr(ci.license),
        source: cstr(ci.source),
        attributes: (0..ci.n_attrs)
            .map(|i| unsafe { (cstr(*ci.attr_keys.add(i)), cstr(*ci.attr_values.add(i))) })
            .collect(),
        authority_key_id: ci.authority_key_id,
        issued_at: ci.issued_at,
        expires_at: if ci.has_expiry != 0 { Some(ci.expires_at) } else { None },
        digest: ci.payload_digest.b,
    };
    unsafe { sys::zp_cert_info_clear(&mut ci) };
    Ok(out)
}

// ------------------------------------------------------------------ runs, answers, rounds

/// A certificate a verified run rests on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedCertificate {
    /// SHA-256 of the signed payload: the certificate's identity.
    pub digest: Digest,
    pub dataset_digest: Digest,
    pub authority_key_id: [u8; 32],
    pub records: u64,
    pub subject_name: String,
    pub license: String,
}

/// What a verified training run proves (as `zkprov verify RUN/run.proof`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunResult {
    /// In the run's order.
    pub certificates: Vec<VerifiedCertificate>,
    pub n_steps: u64,
    pub n_records: u64,
    pub batch_size: u32,
    pub config_digest: Digest,
    /// C_0 and C_T, the released model.
    pub base_digest: Digest,
    pub final_digest: Digest,
    /// SHA-256 of the run file.
    pub run_digest: Digest,
    pub base_checked: bool,
    pub records_bound: bool,
    pub model_checked: bool,
    pub ds_index: u32,
    pub ds_openings: u32,
    /// What the verifier lists as not proven, one item each.
    pub not_proven: Vec<String>,
}

fn run_from(v: &sys::zp_run_verified) -> RunResult {
    let n = (v.n_certs as usize).min(sys::ZP_VERIFY_MAX_CERTS);
    let mut not_proven: Vec<String> = Vec::new();
    for line in chars(&v.not_proven).lines() {
        if let Some(item) = line.strip_prefix("  - ") {
            not_proven.push(item.trim().to_string());
        } else if let Some(last) = not_proven.last_mut() {
            if !line.trim().is_empty() {
                last.push(' ');
                last.push_str(line.trim());
            }
        }
    }
    RunResult {
        certificates: v.certs[..n].iter().map(|c| VerifiedCertificate {
            digest: c.digest,
            dataset_digest: c.dataset_digest,
            authority_key_id: c.authority_key_id,
            records: c.records,
            subject_name: chars(&c.subject),
            license: chars(&c.license),
        }).collect(),
        n_steps: v.n_steps,
        n_records: v.n_records,
        batch_size: v.batch_size,
        config_digest: v.config_digest,
        base_digest: v.base_digest,
        final_digest: v.final_digest,
        run_digest: v.run_digest,
        base_checked: v.base_checked != 0,
        records_bound: v.records_bound != 0,
        model_checked: v.model_checked != 0,
        ds_index: v.ds_index,
        ds_openings: v.ds_openings,
        not_proven,
    }
}

fn cpaths(ps: &[&Path]) -> Result<(Vec<CString>, Vec<*const c_char>)> {
    let owned = ps.iter().map(|p| cpath(p)).collect::<Result<Vec<CString>>>()?;
    let ptrs = owned.iter().map(|c| c.as_ptr()).collect();
    Ok((owned, ptrs))
}

/// Where a training run's verifier finds its other files; None: the
/// defaults of `zkprov verify` (RUN/config.json, RUN/model.commit when
/// present, the DS.commit beside the certificate).
#[derive(Clone, Copy, Debug, Default)]
pub struct RunFiles<'a> {
    pub config: Option<&'a Path>,
    pub model: Option<&'a Path>,
    pub commit: Option<&'a Path>,
}

/// Verifies a training run exactly as `zkprov verify RUN/run.proof --cert
/// ... --authority A.pub` does (zp_verify_run_files): the certificates
/// under the authority key at time now (negative: the current time), that
/// the run rests on exactly these, every step proof, the sampler, the
/// chain of weight commitments, the bind proof of a run bound to its
/// dataset, and the released model.  Err: ZP_ERR_VERIFY when rejected.
pub fn verify_run(run: &Path, certs: &[&Path], authority: &Path, files: RunFiles,
                  now: i64) -> Result<RunResult> {
    lib();
    let (r, a) = (cpath(run)?, cpath(authority)?);
    let (_keep, ptrs) = cpaths(certs)?;
    let (cf, md, cm) = (cpath_opt(files.config)?, cpath_opt(files.model)?, cpath_opt(files.commit)?);
    let mut v: Box<sys::zp_run_verified> = Box::new(unsafe { std::mem::zeroed() });
    let code = unsafe { sys::zp_verify_run_files(&mut *v, r.as_ptr(), ptrs.as_ptr(), ptrs.len(),
                                                 a.as_ptr(), ptr_opt(&cf), ptr_opt(&md),
                                                 ptr_opt(&cm), now) };
    verdict(code, &v.reason)?;
    Ok(run_from(&v))
}

/// What a verified answer proves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerResult {
    pub model_digest: Digest,
    pub opening: u32,
    pub max_openings: u32,
    pub private_input: bool,
    /// One row of class scores per input.
    pub scores: Vec<Vec<i64>>,
    /// The run and certificates the answer names (None / empty: none).
    pub run_digest: Option<Digest>,
    pub certificate_digests: Vec<Digest>,
    /// The verified run, when the chain was checked.
    pub run: Option<RunResult>,
}

/// The chain an answer rests on: the run, its certificates, the authority.
#[derive(Clone, Copy, Debug)]
pub struct Chain<'a> {
    pub run: &'a Path,
    pub certs: &'a [&'a Path],
    pub authority: &'a Path,
    pub config: Option<&'a Path>,
    pub commit: Option<&'a Path>,
}

/// Verifies an answer file exactly as `zkprov verify ANSWER.json` does
/// (zp_verify_answer_files): with model only, that the committed model
/// maps the input to the scores; with chain, also certificates -> run ->
/// released model (model None: RUN/model.commit) -> this answer.  At
/// least one of model and chain is needed.  Err: ZP_ERR_VERIFY when
/// rejected.
pub fn verify_answer(answer: &Path, model: Option<&Path>, chain: Option<Chain>,
                     now: i64) -> Result<AnswerResult> {
    lib();
    let (an, md) = (cpath(answer)?, cpath_opt(model)?);
    let no_certs: [&Path; 0] = [];
    let (_keep, ptrs) = cpaths(chain.map_or(&no_certs[..], |c| c.certs))?;
    let run = cpath_opt(chain.map(|c| c.run))?;
    let auth = cpath_opt(chain.map(|c| c.authority))?;
    let cf = cpath_opt(chain.and_then(|c| c.config))?;
    let cm = cpath_opt(chain.and_then(|c| c.commit))?;
    let mut v: Box<sys::zp_answer_verified> = Box::new(unsafe { std::mem::zeroed() });
    let code = unsafe {
        sys::zp_verify_answer_files(&mut *v, an.as_ptr(), ptr_opt(&md), ptr_opt(&run),
                                    if ptrs.is_empty() { std::ptr::null() } else { ptrs.as_ptr() },
                                    ptrs.len(), ptr_opt(&auth), ptr_opt(&cf), ptr_opt(&cm), now)
    };
    let out = verdict(code, &v.reason).map(|_| {
        let (n, d) = (v.batch as usize, v.d_out as usize);
        let flat: &[i64] = if n * d == 0 || v.scores.is_null() {
            &[]
        } else {
            unsafe { std::slice::from_raw_parts(v.scores, n * d) }
        };
        AnswerResult {
            model_digest: v.model,
            opening: v.opening,
            max_openings: v.max_openings,
            private_input: v.private_input != 0,
            scores: flat.chunks(d.max(1)).map(|r| r.to_vec()).collect(),
            run_digest: if v.names_run != 0 { Some(v.run_digest) } else { None },
            certificate_digests: v.cert_digests[..(v.n_certs as usize).min(sys::ZP_VERIFY_MAX_CERTS)].to_vec(),
            run: if v.chain_checked != 0 { Some(run_from(&v.run)) } else { None },
        }
    });
    unsafe { sys::zp_answer_verified_clear(&mut *v) };
    out
}

/// What `zkprov fl verify` checks beyond the aggregation proof.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FlChecks {
    /// Re-check every client's range proof (else trust their signed digests).
    pub range_proofs: bool,
    /// Check every included client's training proof (NEXT.train).
    pub training_proofs: bool,
    /// Accept included updates that carry no training proof.
    pub allow_untrained: bool,
}

impl Default for FlChecks {
    /// The defaults of `zkprov fl verify`: everything checked, untrained refused.
    fn default() -> Self {
        FlChecks { range_proofs: true, training_proofs: true, allow_untrained: false }
    }
}

/// What a verified federated round proves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlRoundResult {
    pub round_id: u64,
    pub next_round_id: u64,
    pub n_updates: u32,
    pub included_clients: Vec<u32>,
    pub excluded_clients: Vec<u32>,
    /// Included clients whose update names a training proof.
    pub trained_clients: Vec<u32>,
    pub range_proofs_checked: bool,
    pub training_proofs_checked: bool,
    pub n_training_proofs_checked: u32,
    /// zp_fl_round_digest of the next round.
    pub next_digest: Digest,
}

/// Verifies a federated round exactly as `zkprov fl verify NEXT --prev
/// PREV [--authorities FILE] [--train FILE]` does
/// (zp_verify_fl_round_files): the aggregation proof against the previous
/// round (a ROUND or NEXT file), the range proofs, the untrained-update
/// rule and the clients' training proofs (train None: NEXT.train; the
/// authorities file lists one public key file per line, line i for client
/// i), as `checks` says.  Err: ZP_ERR_VERIFY when rejected.
pub fn verify_fl_round(next: &Path, prev: &Path, authorities: Option<&Path>,
                       train: Option<&Path>, checks: FlChecks, now: i64) -> Result<FlRoundResult> {
    lib();
    let (n, p, a, t) = (cpath(next)?, cpath(prev)?, cpath_opt(authorities)?, cpath_opt(train)?);
    let mut flags = 0;
    if !checks.range_proofs { flags |= sys::ZP_VERIFY_FL_SKIP_RANGE_PROOFS; }
    if !checks.training_proofs { flags |= sys::ZP_VERIFY_FL_SKIP_TRAINING_PROOFS; }
    if checks.allow_untrained { flags |= sys::ZP_VERIFY_FL_ALLOW_UNTRAINED; }
    let mut v: Box<sys::zp_fl_verified> = Box::new(unsafe { std::mem::zeroed() });
    let code = unsafe { sys::zp_verify_fl_round_files(&mut *v, n.as_ptr(), p.as_ptr(), ptr_opt(&a),
                                                      ptr_opt(&t), flags, now) };
    verdict(code, &v.reason)?;
    let k = (v.n_updates as usize).min(sys::ZP_VERIFY_MAX_CLIENTS);
    let pick = |f: &dyn Fn(usize) -> bool| (0..k).filter(|&i| f(i)).map(|i| v.client[i]).collect();
    Ok(FlRoundResult {
        round_id: v.round_id,
        next_round_id: v.next_round_id,
        n_updates: v.n_updates,
        included_clients: pick(&|i| v.included[i] != 0),
        excluded_clients: pick(&|i| v.included[i] == 0),
        trained_clients: pick(&|i| v.included[i] != 0 && v.trained[i] != 0),
        range_proofs_checked: v.range_proofs_checked != 0,
        training_proofs_checked: v.training_proofs_checked != 0,
        n_training_proofs_checked: v.n_checked,
        next_digest: v.next_digest,
    })
}

// ------------------------------------------------------------------ VRF

pub const VRF_SEED_BYTES: usize = 32;
pub const VRF_PK_BYTES: usize = 32;
pub const VRF_SK_BYTES: usize = 64;
pub const VRF_PROOF_BYTES: usize = 80;
pub const VRF_OUTPUT_BYTES: usize = 64;

/// An ECVRF-EDWARDS25519-SHA512-TAI (RFC 9381) secret key, wiped on drop.
pub struct VrfSecretKey([u8; VRF_SK_BYTES]);

impl Drop for VrfSecretKey {
    fn drop(&mut self) {
        unsafe { sys::zp_memzero(self.0.as_mut_ptr() as *mut c_void, VRF_SK_BYTES) }
    }
}

/// (public key, secret key) from a 32-byte seed.
pub fn vrf_keypair_from_seed(seed: &[u8; VRF_SEED_BYTES]) -> Result<([u8; VRF_PK_BYTES], VrfSecretKey)> {
    lib();
    let mut pk = [0u8; VRF_PK_BYTES];
    let mut sk = VrfSecretKey([0u8; VRF_SK_BYTES]);
    check(unsafe { sys::zp_vrf_keypair_from_seed(pk.as_mut_ptr(), sk.0.as_mut_ptr(), seed.as_ptr()) }, None)?;
    Ok((pk, sk))
}

/// pi = ECVRF_prove(sk, alpha) (deterministic).
pub fn vrf_prove(sk: &VrfSecretKey, alpha: &[u8]) -> Result<[u8; VRF_PROOF_BYTES]> {
    lib();
    let mut pi = [0u8; VRF_PROOF_BYTES];
    check(unsafe { sys::zp_vrf_prove(pi.as_mut_ptr(), sk.0.as_ptr(), alpha.as_ptr() as *const c_void,
                                     alpha.len()) }, None)?;
    Ok(pi)
}

/// beta = ECVRF_verify(pk, alpha, pi); Err(ZP_ERR_VERIFY) if pi is not valid.
pub fn vrf_verify(pk: &[u8; VRF_PK_BYTES], pi: &[u8; VRF_PROOF_BYTES],
                  alpha: &[u8]) -> Result<[u8; VRF_OUTPUT_BYTES]> {
    lib();
    let mut beta = [0u8; VRF_OUTPUT_BYTES];
    check(unsafe { sys::zp_vrf_verify(beta.as_mut_ptr(), pk.as_ptr(), pi.as_ptr(),
                                      alpha.as_ptr() as *const c_void, alpha.len()) }, None)?;
    Ok(beta)
}
