# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The zkprov authors.
# Python binding of zkprov: ctypes over libzkprov.so, standard library only.
"""zkprov for Python: check zkprov's certificates and proofs from Python.

The binding calls the C library's API (never the `zkprov` command), loaded
from $ZKPROV_LIB, else from the repository's build tree next to this
package, else from the system (bindings/README.md).  Every failure of a C
call raises ZkprovError, whose message is zp_strerror's text plus the
library's one-line reason where it gives one.

What it offers:
  version(), abi_version(), backends()
  field:  P, fe_add ... fe_inv, fe_from_bytes / fe_to_bytes, fe2_* on
          (c0, c1) pairs (x^2 = 7)
  hashes: sha256, hash_leaf, hash_node, merkle_root / merkle_prove /
          merkle_verify, poseidon2_permute / _hash / _compress, Transcript
  ML:     sampler_batch, fx_* fixed-point helpers, dataset encodings
  verify: verify_certificate, verify_run, verify_answer, verify_fl_round,
          load_model_commitment
"""

import base64
import ctypes
import json
import os
import time
from ctypes import byref, c_int64, c_size_t, c_uint, c_uint8, c_uint32, c_uint64, c_void_p
from dataclasses import dataclass, field as _dcfield
from typing import List, Optional, Sequence, Tuple

from . import _lib
from ._lib import lib

__all__ = [
    "ZkprovError", "OK", "ERR_ARG", "ERR_PARSE", "ERR_VERIFY", "ERR_NOMEM", "ERR_IO",
    "ERR_UNSUPPORTED", "ERR_INTERNAL", "version", "abi_version", "backends", "library_path",
    "P", "FE_BYTES", "FE2_BYTES", "DIGEST_BYTES",
    "fe_add", "fe_sub", "fe_mul", "fe_neg", "fe_sqr", "fe_inv", "fe_pow", "fe_from_u64",
    "fe_from_i64", "fe_from_bytes", "fe_to_bytes", "fe_root_of_unity",
    "fe2_add", "fe2_sub", "fe2_mul", "fe2_neg", "fe2_sqr", "fe2_inv", "fe2_pow", "fe2_mul_fe",
    "fe2_from_bytes", "fe2_to_bytes",
    "sha256", "hash_leaf", "hash_node", "merkle_root", "merkle_prove", "merkle_verify",
    "poseidon2_permute", "poseidon2_hash", "poseidon2_compress", "Transcript",
    "sampler_batch", "fx_rdiv2", "fx_rdiv", "fx_sat", "fx_rescale", "fx_from_double",
    "fx_exp_table", "ds_schema_canonical", "ds_fe_from_i64", "ds_i64_from_fe",
    "ds_record_bytes", "vrf_keypair_from_seed", "vrf_prove", "vrf_verify", "vrf_proof_to_hash",
    "Certificate", "ModelCommitment", "RunResult", "AnswerResult", "FLRoundResult",
    "read_public_key", "verify_certificate", "load_model_commitment", "verify_run",
    "verify_answer", "verify_fl_round",
]

# zp_err values (include/zkprov/common.h)
OK, ERR_ARG, ERR_PARSE, ERR_VERIFY, ERR_NOMEM, ERR_IO, ERR_UNSUPPORTED, ERR_INTERNAL = range(8)
# zp_init_kind (include/zkprov/zkml.h)
INIT_SEEDED, INIT_SAFETENSORS = 1, 2


class ZkprovError(Exception):
    """A zp_err other than ZP_OK.  code: the zp_err value; reason: the
    library's one-line reason (may be empty).  str() gives zp_strerror's
    text, then the reason."""

    def __init__(self, code, reason=""):
        self.code = int(code)
        self.name = lib.zp_strerror(self.code).decode()
        self.reason = reason
        super().__init__("%s: %s" % (self.name, reason) if reason else self.name)


def _check(code, err=None, what=""):
    if code != OK:
        reason = err.value.decode(errors="replace") if err is not None else ""
        if what:
            reason = "%s: %s" % (what, reason) if reason else what
        raise ZkprovError(code, reason)


def version() -> str:
    """The library's version string (zp_version_string)."""
    return lib.zp_version_string().decode()


def abi_version() -> int:
    return lib.zp_abi_version()


def backends() -> dict:
    """The run-time backends in use (ZP_FORCE_BACKEND=portable pins them)."""
    return {"field": lib.zp_field_backend().decode(), "sha256": lib.zp_sha256_backend().decode()}


library_path = _lib.path
FE_BYTES = _lib.FE_BYTES
FE2_BYTES = _lib.FE2_BYTES
DIGEST_BYTES = _lib.DIGEST_BYTES

# ---------------------------------------------------------------- field
P = lib.zp_fe_neg(1) + 1  # p = -1 + 1 as integers: asked from the library


def _fe(a):
    a = int(a)
    if not 0 <= a < P:
        raise ZkprovError(ERR_ARG, "field element %d is not canonical (0 <= a < p)" % a)
    return a


def fe_add(a, b): return lib.zp_fe_add(_fe(a), _fe(b))
def fe_sub(a, b): return lib.zp_fe_sub(_fe(a), _fe(b))
def fe_mul(a, b): return lib.zp_fe_mul(_fe(a), _fe(b))
def fe_neg(a): return lib.zp_fe_neg(_fe(a))
def fe_sqr(a): return lib.zp_fe_sqr(_fe(a))
def fe_inv(a):
    """a^-1, and 0 for a = 0."""
    return lib.zp_fe_inv(_fe(a))
def fe_pow(a, e): return lib.zp_fe_pow(_fe(a), int(e))
def fe_from_u64(v): return lib.zp_fe_from_u64(int(v))
def fe_from_i64(v): return lib.zp_fe_from_i64(int(v))
def fe_root_of_unity(log_n): return lib.zp_fe_root_of_unity(int(log_n))


def fe_from_bytes(b: bytes) -> int:
    """Parses FE_BYTES little-endian bytes; a value >= p raises ZkprovError
    (ERR_PARSE)."""
    if len(b) != FE_BYTES:
        raise ZkprovError(ERR_ARG, "a field element is %d bytes" % FE_BYTES)
    out = _lib.fe()
    _check(lib.zp_fe_from_bytes_le(byref(out), _lib.ubuf(b)))
    return out.value


def fe_to_bytes(a) -> bytes:
    b = (c_uint8 * FE_BYTES)()
    lib.zp_fe_to_bytes_le(b, _fe(a))
    return bytes(b)


def _fe2(a):
    c0, c1 = a
    return _lib.fe2(_fe(c0), _fe(c1))


def _t2(x): return (x.c0, x.c1)


def fe2_add(a, b): return _t2(lib.zp_fe2_add(_fe2(a), _fe2(b)))
def fe2_sub(a, b): return _t2(lib.zp_fe2_sub(_fe2(a), _fe2(b)))
def fe2_mul(a, b): return _t2(lib.zp_fe2_mul(_fe2(a), _fe2(b)))
def fe2_neg(a): return _t2(lib.zp_fe2_neg(_fe2(a)))
def fe2_sqr(a): return _t2(lib.zp_fe2_sqr(_fe2(a)))
def fe2_inv(a): return _t2(lib.zp_fe2_inv(_fe2(a)))
def fe2_pow(a, e): return _t2(lib.zp_fe2_pow(_fe2(a), int(e)))
def fe2_mul_fe(a, b): return _t2(lib.zp_fe2_mul_fe(_fe2(a), _fe(b)))


def fe2_from_bytes(b: bytes) -> Tuple[int, int]:
    """c0 then c1, FE_BYTES little-endian each; a limb >= p raises."""
    if len(b) != FE2_BYTES:
        raise ZkprovError(ERR_ARG, "an extension element is %d bytes" % FE2_BYTES)
    out = _lib.fe2()
    _check(lib.zp_fe2_from_bytes_le(byref(out), _lib.ubuf(b)))
    return _t2(out)


def fe2_to_bytes(a) -> bytes:
    b = (c_uint8 * FE2_BYTES)()
    lib.zp_fe2_to_bytes_le(b, _fe2(a))
    return bytes(b)


# ---------------------------------------------------------------- hashes
def sha256(data: bytes) -> bytes:
    out = (c_uint8 * DIGEST_BYTES)()
    lib.zp_sha256(out, _lib.ubuf(data), len(data))
    return bytes(out)


def _digest(b):
    if len(b) != DIGEST_BYTES:
        raise ZkprovError(ERR_ARG, "a digest is %d bytes" % DIGEST_BYTES)
    d = _lib.digest()
    ctypes.memmove(d.b, bytes(b), DIGEST_BYTES)
    return d


def hash_leaf(data: bytes) -> bytes:
    """RFC 9162 leaf hash SHA-256(0x00 || data)."""
    d = _lib.digest()
    lib.zp_hash_leaf(byref(d), _lib.ubuf(data), len(data))
    return bytes(d.b)


def hash_node(left: bytes, right: bytes) -> bytes:
    """RFC 9162 node hash SHA-256(0x01 || left || right)."""
    d = _lib.digest()
    lib.zp_hash_node(byref(d), byref(_digest(left)), byref(_digest(right)))
    return bytes(d.b)


def _digests(ds):
    arr = (_lib.digest * max(1, len(ds)))()
    for i, d in enumerate(ds):
        arr[i] = _digest(d)
    return arr


class _Tree:
    def __init__(self, leaves):
        self.h = c_void_p()
        _check(lib.zp_merkle_build(byref(self.h), _digests(leaves), len(leaves)))

    def __enter__(self): return self

    def __exit__(self, *a): lib.zp_merkle_free(self.h)


def merkle_root(leaves: Sequence[bytes]) -> bytes:
    """Root of the RFC 9162 tree over leaf digests (hash_leaf outputs)."""
    with _Tree(leaves) as t:
        d = _lib.digest()
        lib.zp_merkle_root(t.h, byref(d))
        return bytes(d.b)


def merkle_prove(leaves: Sequence[bytes], idx: Sequence[int]) -> List[bytes]:
    """Batched authentication path of the sorted, distinct indices idx."""
    with _Tree(leaves) as t:
        cap = max(1, lib.zp_merkle_batch_max(len(leaves), len(idx)))
        out = (_lib.digest * cap)()
        n = c_size_t()
        ia = (c_size_t * max(1, len(idx)))(*idx)
        _check(lib.zp_merkle_prove_batch(t.h, ia, len(idx), out, cap, byref(n)))
        return [bytes(out[i].b) for i in range(n.value)]


def merkle_verify(root: bytes, n_leaves: int, idx: Sequence[int], leaves: Sequence[bytes],
                  path: Sequence[bytes]) -> None:
    """Checks leaves at idx against root; raises ZkprovError (ERR_VERIFY)."""
    ia = (c_size_t * max(1, len(idx)))(*idx)
    _check(lib.zp_merkle_verify_batch(byref(_digest(root)), n_leaves, ia, _digests(leaves),
                                      len(idx), _digests(path), len(path)))


def _fes(values):
    vals = [_fe(v) for v in values]
    return (_lib.fe * max(1, len(vals)))(*vals)


def poseidon2_permute(state: Sequence[int]) -> List[int]:
    """The Poseidon2 permutation of width 12 or 8 (reference parameters)."""
    s = _fes(state)
    if len(state) == 12:
        lib.zp_poseidon2_w12(s)
    elif len(state) == 8:
        lib.zp_poseidon2_w8(s)
    else:
        raise ZkprovError(ERR_ARG, "Poseidon2 widths are 12 and 8")
    return list(s[:len(state)])


def poseidon2_hash(values: Sequence[int]) -> List[int]:
    out = (_lib.fe * 4)()
    lib.zp_poseidon2_hash(out, _fes(values), len(values))
    return list(out)


def poseidon2_compress(left: Sequence[int], right: Sequence[int]) -> List[int]:
    if len(left) != 4 or len(right) != 4:
        raise ZkprovError(ERR_ARG, "compress takes 4 + 4 elements")
    out = (_lib.fe * 4)()
    lib.zp_poseidon2_compress(out, _fes(left), _fes(right))
    return list(out)


class Transcript:
    """The Fiat-Shamir transcript (docs/spec/transcript.md).  domain: a str
    label (zp_transcript_init) or bytes (zp_transcript_init_raw)."""

    def __init__(self, domain):
        self._t = _lib.transcript()
        if isinstance(domain, str):
            lib.zp_transcript_init(byref(self._t), domain.encode())
        else:
            d = bytes(domain)
            lib.zp_transcript_init_raw(byref(self._t), _lib.ubuf(d), len(d))

    @property
    def state(self) -> bytes: return bytes(self._t.state)

    @property
    def n_ops(self) -> int: return self._t.n_ops

    def absorb_bytes(self, label, data):
        lib.zp_transcript_absorb_bytes(byref(self._t), label.encode(), _lib.ubuf(data), len(data))

    def absorb_u64(self, label, v):
        lib.zp_transcript_absorb_u64(byref(self._t), label.encode(), int(v))

    def absorb_fe(self, label, values):
        lib.zp_transcript_absorb_fe(byref(self._t), label.encode(), _fes(values), len(values))

    def absorb_fe2(self, label, values):
        arr = (_lib.fe2 * max(1, len(values)))(*[_fe2(v) for v in values])
        lib.zp_transcript_absorb_fe2(byref(self._t), label.encode(), arr, len(values))

    def absorb_digest(self, label, d):
        lib.zp_transcript_absorb_digest(byref(self._t), label.encode(), byref(_digest(d)))

    def challenge_fe(self, label) -> int:
        return lib.zp_transcript_challenge_fe(byref(self._t), label.encode())

    def challenge_fe2(self, label) -> Tuple[int, int]:
        return _t2(lib.zp_transcript_challenge_fe2(byref(self._t), label.encode()))

    def challenge_fe2_vec(self, label, n) -> List[Tuple[int, int]]:
        arr = (_lib.fe2 * max(1, n))()
        lib.zp_transcript_challenge_fe2_vec(byref(self._t), label.encode(), arr, n)
        return [_t2(arr[i]) for i in range(n)]

    def challenge_bytes(self, label, n) -> bytes:
        out = (c_uint8 * max(1, n))()
        lib.zp_transcript_challenge_bytes(byref(self._t), label.encode(), out, n)
        return bytes(out[:n])

    def challenge_index(self, label, bound) -> int:
        """Unbiased integer in [0, bound), bound >= 1."""
        if bound < 1:
            raise ZkprovError(ERR_ARG, "bound must be >= 1")
        return lib.zp_transcript_challenge_index(byref(self._t), label.encode(), int(bound))


# ---------------------------------------------------------------- ML helpers
def sampler_batch(seed: bytes, step: int, batch_size: int, n_records: int) -> List[int]:
    """The batch indices of a training step (zp_sampler_batch)."""
    if len(seed) != _lib.ZKML_SEED_BYTES:
        raise ZkprovError(ERR_ARG, "the sampler seed is %d bytes" % _lib.ZKML_SEED_BYTES)
    if not 0 <= batch_size <= _lib.ZKML_MAX_BATCH:
        raise ZkprovError(ERR_ARG, "batch size out of range")
    out = (c_uint32 * max(1, batch_size))()
    _check(lib.zp_sampler_batch(_lib.ubuf(seed), int(step), int(batch_size), int(n_records), out))
    return list(out[:batch_size])


# The fixed-point helpers below are static inline functions of
# include/zkprov/zkml.h, which a shared library does not export: these are
# Python transcriptions of the same definitions (docs/spec/fixed-point.md),
# checked against the C results in tests/vectors/fixed.json.
def fx_rdiv2(a: int, s: int) -> Tuple[int, int]:
    """(q, r): a + 2^(s-1) = q 2^s + r, 0 <= r < 2^s (1 <= s <= 62)."""
    t = a + (1 << (s - 1))
    q = t >> s  # Python's >> is floor division by 2^s
    return q, t - (q << s)


def fx_rdiv(a: int, d: int) -> Tuple[int, int]:
    """(q, r): a + floor(d/2) = q d + r, 0 <= r < d (d >= 1)."""
    q, r = divmod(a + (d >> 1), d)
    return q, r


def fx_sat(v: int, b: int) -> int:
    """Saturation to [-2^(b-1), 2^(b-1) - 1]."""
    h = 1 << (b - 1)
    return max(-h, min(h - 1, v))


def fx_rescale(q: int, frm: int, to: int, bits: int) -> int:
    """A value at scale 2^frm -> 2^to, saturated to bits (zp_fx_rescale)."""
    if frm > to:
        d = frm - to
        v = 0 if d > 62 else fx_rdiv2(q, d)[0]
    else:
        d = to - frm
        lim = 1 if d > 62 else (1 << 62) >> d
        big = 1 << 62  # |q| >= lim: q 2^d clamps to +-2^62
        v = big if q >= lim else (-big if q <= -lim else q * (1 << (0 if d > 62 else d)))
    return fx_sat(v, bits)


def fx_from_double(v: float, s: int, b: int) -> int:
    return lib.zp_fx_from_double(float(v), int(s), int(b))


def fx_exp_table(domain_bits: int, exp_scale: int, act_scale: int) -> List[int]:
    if not 1 <= domain_bits <= 24:
        raise ZkprovError(ERR_ARG, "domain_bits is 1..24")
    n = 1 << domain_bits
    t = (c_int64 * n)()
    _check(lib.zp_fx_exp_table(t, domain_bits, exp_scale, act_scale))
    return list(t)


def ds_schema_canonical(schema_json: str) -> Tuple[str, bytes]:
    """(canonical text, SHA-256 digest) of a dataset schema."""
    s = c_void_p()
    err = _lib.errbuf(_lib.DS_ERR_BYTES)
    raw = schema_json.encode()
    _check(lib.zp_ds_schema_parse(byref(s), err, raw, len(raw)), err)
    try:
        p, n, d = c_void_p(), c_size_t(), _lib.digest()
        _check(lib.zp_ds_schema_canonical(byref(p), byref(n), s))
        text = ctypes.string_at(p, n.value).decode()
        _lib.free(p)
        _check(lib.zp_ds_schema_digest(byref(d), s))
        return text, bytes(d.b)
    finally:
        lib.zp_ds_schema_free(s)


def ds_fe_from_i64(q: int) -> int:
    return lib.zp_ds_fe_from_i64(int(q))


def ds_i64_from_fe(x: int, bound: int) -> int:
    q = c_int64()
    _check(lib.zp_ds_i64_from_fe(byref(q), _fe(x), int(bound)))
    return q.value


def ds_record_bytes(schema_digest: bytes, row: Sequence[int]) -> bytes:
    """The VRF input of an encoded record (docs/formats/dataset.md)."""
    n = lib.zp_ds_record_bytes_len(len(row))
    out = (c_uint8 * n)()
    lib.zp_ds_record_bytes(out, byref(_digest(schema_digest)), _fes(row), len(row))
    return bytes(out)


# ---------------------------------------------------------------- VRF
def _sized(b, n, what):
    if len(b) != n:
        raise ZkprovError(ERR_ARG, "%s is %d bytes" % (what, n))
    return _lib.ubuf(b)


def vrf_keypair_from_seed(seed: bytes) -> Tuple[bytes, bytes]:
    """ECVRF-EDWARDS25519-SHA512-TAI (RFC 9381) keys (pk, sk = seed || pk)
    from a seed.  The secret key is returned as Python bytes, which cannot
    be wiped: use it for tests and public vectors, not for real keys."""
    pk = (c_uint8 * _lib.VRF_PK_BYTES)()
    sk = (c_uint8 * _lib.VRF_SK_BYTES)()
    s = _sized(seed, _lib.VRF_SEED_BYTES, "the seed")
    try:
        _check(lib.zp_vrf_keypair_from_seed(pk, sk, s))
        return bytes(pk), bytes(sk)
    finally:
        lib.zp_memzero(s, len(seed))
        lib.zp_memzero(sk, ctypes.sizeof(sk))


def vrf_prove(sk: bytes, alpha: bytes) -> bytes:
    """pi = ECVRF_prove(sk, alpha) (deterministic)."""
    pi = (c_uint8 * _lib.VRF_PROOF_BYTES)()
    k = _sized(sk, _lib.VRF_SK_BYTES, "the secret key")
    try:
        _check(lib.zp_vrf_prove(pi, k, _lib.ubuf(alpha), len(alpha)))
    finally:
        lib.zp_memzero(k, len(sk))
    return bytes(pi)


def vrf_verify(pk: bytes, pi: bytes, alpha: bytes) -> bytes:
    """beta = ECVRF_verify(pk, alpha, pi); raises ZkprovError (ERR_VERIFY)."""
    beta = (c_uint8 * _lib.VRF_OUTPUT_BYTES)()
    _check(lib.zp_vrf_verify(beta, _sized(pk, _lib.VRF_PK_BYTES, "the public key"),
                             _sized(pi, _lib.VRF_PROOF_BYTES, "a proof"),
                             _lib.ubuf(alpha), len(alpha)))
    return bytes(beta)


def vrf_proof_to_hash(pi: bytes) -> bytes:
    beta = (c_uint8 * _lib.VRF_OUTPUT_BYTES)()
    _check(lib.zp_vrf_proof_to_hash(beta, _sized(pi, _lib.VRF_PROOF_BYTES, "a proof")))
    return bytes(beta)


# ---------------------------------------------------------------- verification
def _read(path, cap=1 << 32):
    with open(path, "rb") as f:
        data = f.read(cap + 1)
    if len(data) > cap:
        raise ZkprovError(ERR_PARSE, "%s: larger than %d bytes" % (path, cap))
    return data


def read_public_key(path) -> bytes:
    """An authority public key file (docs/formats/keys.md)."""
    raw = _read(path, 1 << 16)
    pk = (c_uint8 * _lib.AUTH_PK_BYTES)()
    err = _lib.errbuf(_lib.CERT_ERR_BYTES)
    _check(lib.zp_auth_public_parse(pk, err, raw, len(raw)), err, str(path))
    return bytes(pk)


@dataclass
class Certificate:
    """What a verified dataset certificate states."""
    subject_name: str
    dataset_digest: bytes
    records: int
    schema_json: str
    schema_digest: bytes
    license: str
    source: str
    attributes: dict
    authority_key_id: bytes
    issued_at: int
    expires_at: Optional[int]
    digest: bytes  # SHA-256 of the signed payload: the certificate's identity


def _s(p):
    return p.decode() if p else ""


def _cert_from(ci) -> Certificate:
    return Certificate(
        subject_name=_s(ci.subject_name), dataset_digest=bytes(ci.dataset_digest.b),
        records=ci.records, schema_json=_s(ci.schema_json),
        schema_digest=bytes(ci.schema_digest.b), license=_s(ci.license), source=_s(ci.source),
        attributes={_s(ci.attr_keys[i]): _s(ci.attr_values[i]) for i in range(ci.n_attrs)},
        authority_key_id=bytes(ci.authority_key_id), issued_at=ci.issued_at,
        expires_at=ci.expires_at if ci.has_expiry else None,
        digest=bytes(ci.payload_digest.b))


def _verify_cert_raw(ci, cert_path, pk, now):
    raw = _read(cert_path, 1 << 20)
    err = _lib.errbuf(_lib.CERT_ERR_BYTES)
    _check(lib.zp_cert_verify(byref(ci), err, raw, len(raw), _lib.ubuf(pk), int(now)), err,
           str(cert_path))


def _load_commit(path):
    raw = _read(path, 1 << 24)
    c = c_void_p()
    err = _lib.errbuf(_lib.DS_ERR_BYTES)
    _check(lib.zp_dataset_commit_parse(byref(c), err, raw, len(raw)), err, str(path))
    return c


def verify_certificate(cert, authority, commit=None, now=None) -> Certificate:
    """Verifies the dataset certificate file cert against the authority's
    public key file (as `zkprov dataset verify`): signature, shape, expiry
    at time now (default: the current time).  With commit (a DS.commit
    file), also that the certificate names that commitment.  Returns what
    it states; raises ZkprovError when it is rejected."""
    pk = read_public_key(authority)
    ci = _lib.cert_info()
    _verify_cert_raw(ci, cert, pk, int(time.time()) if now is None else now)
    try:
        if commit is not None:
            c = _load_commit(commit)
            try:
                err = _lib.errbuf(_lib.CERT_ERR_BYTES)
                _check(lib.zp_cert_check_commit(err, byref(ci), c), err, str(commit))
            finally:
                lib.zp_dataset_commit_free(c)
        return _cert_from(ci)
    finally:
        lib.zp_cert_info_clear(byref(ci))


@dataclass
class ModelCommitment:
    """A public model commitment (docs/spec/model-commit.md)."""
    digest: bytes
    dims: List[int]
    max_openings: int


class _Model:
    """An owned zp_model_commit handle."""

    def __init__(self, path):
        raw = _read(path, 1 << 24)
        self.h = c_void_p()
        err = _lib.errbuf(_lib.ZKML_ERR_BYTES)
        _check(lib.zp_model_commit_from_json(byref(self.h), err, raw, len(raw)), err, str(path))

    def info(self):
        d = (c_uint8 * _lib.MODEL_DIGEST_BYTES)()
        cfg = _lib.train_config()
        mo = c_uint()
        lib.zp_model_commit_info(self.h, d, byref(cfg), byref(mo))
        dims = [cfg.dims[i] for i in range(cfg.n_layers + 1)]
        lib.zp_train_config_free(byref(cfg))
        return ModelCommitment(bytes(d), dims, mo.value)

    def __enter__(self): return self

    def __exit__(self, *a): lib.zp_model_commit_free(self.h)


def load_model_commitment(path) -> ModelCommitment:
    """Parses a model.commit file (strict; its digest is recomputed)."""
    with _Model(path) as m:
        return m.info()


@dataclass
class RunResult:
    """What a verified training run proves (as `zkprov verify RUN/run.proof`)."""
    certificates: List[Certificate]
    n_steps: int
    n_records: int
    batch_size: int
    config_digest: bytes
    base_digest: bytes
    final_digest: bytes
    run_digest: bytes
    base_checked: bool
    records_bound: bool
    ds_index: int
    ds_openings: int
    not_proven: List[str] = _dcfield(default_factory=list)


def _build_base(m, cfg):
    """The config's base model into m (allocated); False if unavailable."""
    if lib.zp_mlp_alloc(byref(m), byref(cfg)) != OK:
        return False
    if cfg.init != INIT_SAFETENSORS:
        return lib.zp_mlp_init_seeded(byref(m), byref(cfg), cfg.init_seed) == OK
    try:
        raw = _read(cfg.base_model.decode())
    except OSError:
        return False
    st = c_void_p()
    err = _lib.errbuf(_lib.ZKML_ERR_BYTES)
    e = lib.zp_st_parse(byref(st), err, _lib.ubuf(raw), len(raw))
    if e == OK:
        e = lib.zp_mlp_from_safetensors(byref(m), err, st, byref(cfg))
    lib.zp_st_free(st)
    return e == OK


def verify_run(run, certs, authority, config=None, commit=None, model=None,
               now=None) -> RunResult:
    """Verifies a training run proof as `zkprov verify RUN/run.proof --cert
    ... --authority A.pub` does: every certificate (authority-signed, valid
    now), that the run rests on exactly these certificates, every step
    proof, the sampler and the chain of weight commitments; for a run bound
    to its dataset (version 3) the dataset commitment (commit, default the
    DS.commit next to the certificate) and the bind proof; the config's
    base model when the run reveals C_0; and that model (default RUN/
    model.commit, when present) is the released model.  config defaults to
    RUN/config.json.  Raises ZkprovError when anything is rejected."""
    if isinstance(certs, (str, os.PathLike)):
        certs = [certs]
    if not 1 <= len(certs) <= _lib.ZKML_MAX_DATASETS:
        raise ZkprovError(ERR_ARG, "1 to %d certificates" % _lib.ZKML_MAX_DATASETS)
    rdir = os.path.dirname(os.fspath(run)) or "."
    config = config or os.path.join(rdir, "config.json")
    if model is None:
        dm = os.path.join(rdir, "model.commit")
        model = dm if os.path.exists(dm) else None
    now = int(time.time()) if now is None else now
    pk = read_public_key(authority)
    cfg = _lib.train_config()
    raw = _read(config, 1 << 24)
    err = _lib.errbuf(_lib.ZKML_ERR_BYTES)
    _check(lib.zp_train_config_parse(byref(cfg), err, raw, len(raw)), err, str(config))
    cis = []
    base = _lib.mlp()
    fin = c_void_p()
    try:
        for c in certs:
            ci = _lib.cert_info()
            cis.append(ci)
            _verify_cert_raw(ci, c, pk, now)
        data = _read(run)
        rbuf = _lib.ubuf(data)
        hd = _lib.run_header()
        _check(lib.zp_train_run_header(byref(hd), err, rbuf, len(data)), err, str(run))
        named = [bytes(hd.ds_digests[k]) for k in range(hd.n_datasets)]
        order = []
        for c, ci in zip(certs, cis):
            d = bytes(ci.payload_digest.b)
            if d not in named:
                raise ZkprovError(ERR_VERIFY, "%s: the run does not rest on the certificate %s"
                                  % (run, c))
            if named.index(d) in order:
                raise ZkprovError(ERR_ARG, "%s is given twice" % c)
            order.append(named.index(d))
        if len(named) != len(certs):
            raise ZkprovError(ERR_VERIFY, "%s rests on certificates that are not given" % run)
        by = [None] * len(cis)
        for i, k in enumerate(order):
            by[k] = cis[i]
        n_records = sum(ci.records for ci in cis)
        have_base = _build_base(base, cfg)
        info = _lib.run_info()
        view = None
        if hd.records_bound:
            if len(certs) != 1:
                raise ZkprovError(ERR_VERIFY, "%s binds its records to one dataset; %d "
                                  "certificates given" % (run, len(certs)))
            cp = commit
            if cp is None:
                c0 = os.fspath(certs[0])
                cp = (c0[:-5] if c0.endswith(".cert") else c0) + ".commit"
            dc = _load_commit(cp)
            try:
                cerr = _lib.errbuf(_lib.CERT_ERR_BYTES)
                _check(lib.zp_cert_check_commit(cerr, byref(cis[0]), dc), cerr, str(cp))
                view = ctypes.create_string_buffer(_lib.TRAIN_DATASET_BYTES)
                derr = _lib.errbuf(_lib.DS_ERR_BYTES)
                _check(lib.zp_dataset_train_view(view, derr, dc), derr, str(cp))
            finally:
                lib.zp_dataset_commit_free(dc)
        dd = _lib.ubuf(b"".join(bytes(ci.payload_digest.b) for ci in by))
        for attempt in (0, 1):
            bp = byref(base) if have_base else None
            err = _lib.errbuf(_lib.ZKML_ERR_BYTES)
            if hd.records_bound:
                e = lib.zp_train_run_verify_bound(byref(info), byref(fin), err, byref(cfg), bp,
                                                  dd, view, rbuf, len(data))
            else:
                e = lib.zp_train_run_verify(byref(info), byref(fin), err, byref(cfg), bp, dd,
                                            len(by), n_records, rbuf, len(data))
            # a run that keeps its base model hidden: verified without it
            if not (e == ERR_VERIFY and have_base and b"not revealed" in err.value):
                break
            have_base = False
        _check(e, err, str(run))
        if model is not None:
            with _Model(model) as m:
                if m.info().digest != bytes(info.final_digest):
                    raise ZkprovError(ERR_VERIFY, "%s is not the run's final model" % model)
        not_proven = []
        if not info.records_bound:
            not_proven.append("that the batch records are the certified dataset's records "
                              "(a version-2 run does not open them from the commitment)")
        if not info.base_checked:
            not_proven.append("that C_0 holds the config's base model (hidden, or its file "
                              "is missing)")
        return RunResult(
            certificates=[_cert_from(ci) for ci in by], n_steps=info.n_steps,
            n_records=n_records, batch_size=info.batch_size,
            config_digest=bytes(info.config_digest), base_digest=bytes(info.base_digest),
            final_digest=bytes(info.final_digest), run_digest=sha256(data),
            base_checked=bool(info.base_checked), records_bound=bool(info.records_bound),
            ds_index=info.ds_index, ds_openings=info.ds_openings, not_proven=not_proven)
    finally:
        for ci in cis:
            lib.zp_cert_info_clear(byref(ci))
        lib.zp_model_commit_free(fin)
        lib.zp_mlp_free(byref(base))
        lib.zp_train_config_free(byref(cfg))


@dataclass
class AnswerResult:
    """What a verified answer proves."""
    model: ModelCommitment
    opening: int
    batch: int
    private_input: bool
    scores: List[List[int]]
    labels: List[int]
    run: Optional[RunResult] = None


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _hex32(v, what):
    try:
        b = bytes.fromhex(v)
    except (TypeError, ValueError):
        b = b""
    if len(b) != 32:
        raise ZkprovError(ERR_VERIFY, "bad %s" % what)
    return b


def _i64_rows(v, n, d, what):
    if not isinstance(v, list) or len(v) != n:
        raise ZkprovError(ERR_VERIFY, "bad " + what)
    out = []
    for row in v:
        if (not isinstance(row, list) or len(row) != d or
                not all(_is_int(x) for x in row)):
            raise ZkprovError(ERR_VERIFY, "bad " + what)
        out.extend(row)
    return out


def verify_answer(answer, model=None, run=None, certs=None, authority=None,
                  config=None) -> AnswerResult:
    """Verifies an answer file (`zkprov infer --out ANSWER.json`) as
    `zkprov verify ANSWER.json` does.  With model (M.commit) only: the
    committed model maps the input to these scores.  With run, certs and
    authority: also the whole chain, certificates -> training run ->
    released model (model defaults to RUN/model.commit) -> this answer.
    Raises ZkprovError when anything is rejected."""
    if model is None and run is None:
        raise ZkprovError(ERR_ARG, "give model or run")
    if run is not None and (not certs or authority is None):
        raise ZkprovError(ERR_ARG, "a run needs certs and authority")
    if model is None:
        model = os.path.join(os.path.dirname(os.fspath(run)) or ".", "model.commit")
    try:
        a = json.loads(_read(answer, 1 << 28))
    except ValueError:
        a = None
    with _Model(model) as m:
        mi = m.info()
        ok = (isinstance(a, dict) and a.get("type") == "zkprov/answer" and
              isinstance(a.get("model"), str) and _is_int(a.get("opening")) and
              _is_int(a.get("batch")) and isinstance(a.get("private_input"), bool) and
              isinstance(a.get("proof"), str) and 0 <= a["opening"] <= 65535 and
              1 <= a["batch"] <= _lib.ZKML_MAX_BATCH)
        if not ok:
            raise ZkprovError(ERR_VERIFY, "not a zkprov answer (type, model, opening, batch, "
                              "private_input, proof)")
        if ("run_proof" in a) != ("dataset_certificates" in a):
            raise ZkprovError(ERR_VERIFY, "bad run_proof / dataset_certificates")
        run_digest = _hex32(a["run_proof"], "run_proof") if "run_proof" in a else None
        ads = []
        if "dataset_certificates" in a:
            dc = a["dataset_certificates"]
            if not isinstance(dc, list) or not 1 <= len(dc) <= _lib.ZKML_MAX_DATASETS:
                raise ZkprovError(ERR_VERIFY, "bad dataset_certificates")
            ads = [_hex32(v, "dataset_certificates") for v in dc]
        if a["model"] != mi.digest.hex():
            raise ZkprovError(ERR_VERIFY, "the answer names another model commitment")
        n, din, dout = a["batch"], mi.dims[0], mi.dims[-1]
        priv = a["private_input"]
        scores = _i64_rows(a.get("scores"), n, dout, "scores")
        if priv and "input" in a:
            raise ZkprovError(ERR_VERIFY, "a private-input answer carries an input")
        x = None if priv else _i64_rows(a.get("input"), n, din, "input")
        labels = a.get("labels")
        if not isinstance(labels, list) or len(labels) != n:
            raise ZkprovError(ERR_VERIFY, "bad labels")
        for r, lab in enumerate(labels):
            row = scores[r * dout:(r + 1) * dout]
            if not _is_int(lab) or lab != row.index(max(row)):
                raise ZkprovError(ERR_VERIFY, "a label is not the argmax of its scores")
        try:
            proof = base64.b64decode(a["proof"], validate=True)
        except ValueError:
            raise ZkprovError(ERR_VERIFY, "proof is not canonical base64") from None
        if base64.b64encode(proof).decode() != a["proof"]:
            raise ZkprovError(ERR_VERIFY, "proof is not canonical base64")
        o = _lib.infer_opts()
        lib.zp_infer_opts_default(byref(o))
        o.private_input = 1 if priv else 0
        xa = None if priv else (c_int64 * len(x))(*x)
        la = (c_int64 * len(scores))(*scores)
        _check(lib.zp_infer_verify_model(m.h, a["opening"], xa, n, la, byref(o),
                                         _lib.ubuf(proof), len(proof)),
               None, "%s: the proof does not verify" % answer)
    res = AnswerResult(model=mi, opening=a["opening"], batch=n, private_input=priv,
                       scores=[scores[r * dout:(r + 1) * dout] for r in range(n)],
                       labels=list(labels))
    if run is None:
        return res
    if run_digest is None:
        raise ZkprovError(ERR_VERIFY, "the answer names no training run")
    if a["opening"] == 0:
        raise ZkprovError(ERR_VERIFY, "opening 0 of the released model is the run's own, "
                          "not an answer's")
    rr = verify_run(run, certs, authority, config=config, model=model)
    if rr.run_digest != run_digest:
        raise ZkprovError(ERR_VERIFY, "the answer rests on another training run than %s" % run)
    if rr.final_digest != mi.digest:
        raise ZkprovError(ERR_VERIFY, "the run released another model")
    if ads != [c.digest for c in rr.certificates]:
        raise ZkprovError(ERR_VERIFY, "the answer names other dataset certificates than the run")
    res.run = rr
    return res


@dataclass
class FLRoundResult:
    """What a verified federated round proves."""
    round_id: int
    next_round_id: int
    n_updates: int
    included_clients: List[int]
    excluded_clients: List[int]
    trained_clients: List[int]
    range_proofs_checked: bool
    next_digest: bytes


def _load_round(path, r):
    data = _read(path, 1 << 30)
    buf = _lib.ubuf(data)
    if lib.zp_fl_round_decode(byref(r), buf, len(data)) == OK:
        return
    a = _lib.fl_aggregate()
    e = lib.zp_fl_aggregate_decode(byref(a), buf, len(data))
    _check(e, None, "%s: not a round file" % path)
    # a NEXT file carries the next round: take it over, then free the rest
    ctypes.memmove(byref(r), byref(a.next), ctypes.sizeof(r))
    ctypes.memset(byref(a.next), 0, ctypes.sizeof(a.next))
    lib.zp_fl_aggregate_clear(byref(a))


def verify_fl_round(prev, next_file, full=True, allow_untrained=False) -> FLRoundResult:
    """Verifies a federated aggregation (the NEXT file of `zkprov fl
    aggregate --prove`) against the round it follows (prev: the ROUND file
    or the previous NEXT file), as `zkprov fl verify NEXT --prev PREV
    --skip-training-proofs` does: headers, signatures, the aggregation
    proof, and (full, the default) every client's range proof.  An included
    update without a training proof is refused unless allow_untrained.
    The clients' training proofs themselves (the .train file) are NOT
    checked by this binding: use `zkprov fl verify` for them (the result
    lists the clients that name one).  Raises ZkprovError when rejected."""
    r = _lib.fl_round()
    a = _lib.fl_aggregate()
    _load_round(prev, r)
    try:
        data = _read(next_file, 1 << 30)
        _check(lib.zp_fl_aggregate_decode(byref(a), _lib.ubuf(data), len(data)), None,
               "%s: not an aggregate file" % next_file)
        err = _lib.errbuf(_lib.CERT_ERR_BYTES)
        f = lib.zp_fl_aggregate_verify if full else lib.zp_fl_aggregate_verify_round
        _check(f(err, byref(r), byref(a)), err, str(next_file))
        ups = [a.updates[i] for i in range(a.n_updates)]
        inc = [ups[i].client for i in range(a.n_updates) if a.included[i]]
        exc = [ups[i].client for i in range(a.n_updates) if not a.included[i]]
        trained = [ups[i].client for i in range(a.n_updates)
                   if a.included[i] and ups[i].has_train_proof]
        if len(trained) < len(inc) and not allow_untrained:
            raise ZkprovError(ERR_VERIFY, "%d of %d included updates carry no training proof "
                              "(allow_untrained=True to accept such a round)"
                              % (len(inc) - len(trained), len(inc)))
        nd = _lib.digest()
        _check(lib.zp_fl_round_digest(byref(nd), byref(a.next)))
        return FLRoundResult(round_id=r.round_id, next_round_id=a.next.round_id,
                             n_updates=a.n_updates, included_clients=inc,
                             excluded_clients=exc, trained_clients=trained,
                             range_proofs_checked=bool(full), next_digest=bytes(nd.b))
    finally:
        lib.zp_fl_aggregate_clear(byref(a))
        lib.zp_fl_round_clear(byref(r))
