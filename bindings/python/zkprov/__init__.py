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

import ctypes
import os
from ctypes import byref, c_char_p, c_int64, c_size_t, c_uint, c_uint8, c_uint32, c_void_p
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
    "Certificate", "VerifiedCertificate", "ModelCommitment", "RunResult", "AnswerResult",
    "FLRoundResult",
    "read_public_key", "verify_certificate", "load_model_commitment", "verify_run",
    "verify_answer", "verify_fl_round",
]

# zp_err values (include/zkprov/common.h)
OK, ERR_ARG, ERR_PARSE, ERR_VERIFY, ERR_NOMEM, ERR_IO, ERR_UNSUPPORTED, ERR_INTERNAL = range(8)


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


def _now(now):
    return -1 if now is None else int(now)


def _path(p):
    return None if p is None else os.fsencode(p)


def _paths(ps):
    ps = [ps] if isinstance(ps, (str, bytes, os.PathLike)) else list(ps or [])
    return (c_char_p * max(1, len(ps)))(*[_path(p) for p in ps]), len(ps)


def _verdict(code, reason):
    """Raises ZkprovError with the library's one-line reason unless OK."""
    if code != OK:
        raise ZkprovError(code, reason.decode(errors="replace"))


def verify_certificate(cert, authority, commit=None, now=None) -> Certificate:
    """Verifies the dataset certificate file cert against the authority's
    public key file as `zkprov dataset verify` does (zp_verify_cert_files):
    signature, shape, validity at time now (seconds since the epoch;
    default: the current time); with commit (a DS.commit file), also that
    the certificate names that commitment.  Returns what it states; raises
    ZkprovError (code ERR_VERIFY when rejected) otherwise."""
    ci = _lib.cert_info()
    err = _lib.errbuf(_lib.VERIFY_REASON_BYTES)
    code = lib.zp_verify_cert_files(byref(ci), err, _path(cert), _path(authority), _path(commit),
                                    _now(now))
    _verdict(code, err.value)
    try:
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
class VerifiedCertificate:
    """A certificate a verified run rests on."""
    digest: bytes  # SHA-256 of the signed payload: the certificate's identity
    dataset_digest: bytes
    authority_key_id: bytes
    records: int
    subject_name: str
    license: str


@dataclass
class RunResult:
    """What a verified training run proves (as `zkprov verify RUN/run.proof`)."""
    certificates: List[VerifiedCertificate]  # in the run's order
    n_steps: int
    n_records: int
    batch_size: int
    config_digest: bytes
    base_digest: bytes
    final_digest: bytes
    run_digest: bytes
    base_checked: bool
    records_bound: bool
    model_checked: bool
    ds_index: int
    ds_openings: int
    not_proven: List[str] = _dcfield(default_factory=list)


def _not_proven(text):
    """The "  - ...\n    ...\n" lines of the library as one string per item."""
    items = []
    for line in text.decode(errors="replace").splitlines():
        if line.startswith("  - "):
            items.append(line[4:].strip())
        elif items and line.strip():
            items[-1] += " " + line.strip()
    return items


def _run_from(v) -> RunResult:
    certs = [VerifiedCertificate(digest=bytes(c.digest), dataset_digest=bytes(c.dataset_digest),
                                 authority_key_id=bytes(c.authority_key_id), records=c.records,
                                 subject_name=c.subject.decode(errors="replace"),
                                 license=c.license.decode(errors="replace"))
             for c in v.certs[:v.n_certs]]
    return RunResult(
        certificates=certs, n_steps=v.n_steps, n_records=v.n_records, batch_size=v.batch_size,
        config_digest=bytes(v.config_digest), base_digest=bytes(v.base_digest),
        final_digest=bytes(v.final_digest), run_digest=bytes(v.run_digest),
        base_checked=bool(v.base_checked), records_bound=bool(v.records_bound),
        model_checked=bool(v.model_checked), ds_index=v.ds_index, ds_openings=v.ds_openings,
        not_proven=_not_proven(v.not_proven))


def verify_run(run, certs, authority, config=None, commit=None, model=None,
               now=None) -> RunResult:
    """Verifies a training run proof exactly as `zkprov verify RUN/run.proof
    --cert ... --authority A.pub` does (zp_verify_run_files): every
    certificate (authority-signed, valid now), that the run rests on
    exactly these, the config (default RUN/config.json), every step proof,
    the sampler and the chain of weight commitments; for a run bound to its
    dataset (version 3) the dataset commitment (commit, default the
    DS.commit beside the certificate) and the bind proof; the config's base
    model when the run reveals C_0; and that model (default RUN/
    model.commit, when present) is the released model.  Raises ZkprovError
    when anything is rejected."""
    arr, n = _paths(certs)
    v = _lib.run_verified()
    code = lib.zp_verify_run_files(byref(v), _path(run), arr, n, _path(authority), _path(config),
                                   _path(model), _path(commit), _now(now))
    _verdict(code, v.reason)
    return _run_from(v)


@dataclass
class AnswerResult:
    """What a verified answer proves."""
    model_digest: bytes
    opening: int
    max_openings: int
    batch: int
    private_input: bool
    scores: List[List[int]]
    labels: List[int]  # the argmax (first maximum) of each score row
    run_digest: Optional[bytes] = None  # the run the answer names, if any
    certificate_digests: List[bytes] = _dcfield(default_factory=list)
    run: Optional[RunResult] = None  # when the chain was checked


def verify_answer(answer, model=None, run=None, certs=None, authority=None,
                  config=None, commit=None, now=None) -> AnswerResult:
    """Verifies an answer file (`zkprov infer --out ANSWER.json`) exactly as
    `zkprov verify ANSWER.json` does (zp_verify_answer_files).  With model
    (M.commit) only: the committed model maps the input to these scores.
    With run, certs and authority: also the whole chain, certificates ->
    training run -> released model (model defaults to RUN/model.commit) ->
    this answer.  Raises ZkprovError when anything is rejected."""
    arr, n = _paths(certs)
    v = _lib.answer_verified()
    code = lib.zp_verify_answer_files(byref(v), _path(answer), _path(model), _path(run), arr, n,
                                      _path(authority), _path(config), _path(commit), _now(now))
    try:
        _verdict(code, v.reason)
        d = v.d_out
        flat = [v.scores[i] for i in range(v.batch * d)]
        scores = [flat[r * d:(r + 1) * d] for r in range(v.batch)]
        return AnswerResult(
            model_digest=bytes(v.model), opening=v.opening, max_openings=v.max_openings,
            batch=v.batch, private_input=bool(v.private_input), scores=scores,
            labels=[row.index(max(row)) for row in scores],
            run_digest=bytes(v.run_digest) if v.names_run else None,
            certificate_digests=[bytes(v.cert_digests[k]) for k in range(v.n_certs)],
            run=_run_from(v.run) if v.chain_checked else None)
    finally:
        lib.zp_answer_verified_clear(byref(v))


@dataclass
class FLRoundResult:
    """What a verified federated round proves."""
    round_id: int
    next_round_id: int
    n_updates: int
    included_clients: List[int]
    excluded_clients: List[int]
    trained_clients: List[int]  # included clients whose update names a training proof
    range_proofs_checked: bool
    training_proofs_checked: bool
    n_training_proofs_checked: int
    next_digest: bytes


# zp_verify_fl_round_files flags (include/zkprov/verify.h)
_FL_SKIP_RANGE_PROOFS, _FL_SKIP_TRAINING_PROOFS, _FL_ALLOW_UNTRAINED = 1, 2, 4


def verify_fl_round(prev, next_file, full=True, allow_untrained=False, authorities=None,
                    train=None, check_training=True, now=None) -> FLRoundResult:
    """Verifies a federated aggregation (the NEXT file of `zkprov fl
    aggregate --prove`) against the round it follows (prev: the ROUND file
    or the previous NEXT file) exactly as `zkprov fl verify NEXT --prev
    PREV` does (zp_verify_fl_round_files): headers, signatures, the
    aggregation proof, every client's range proof (full=False: trusted by
    their signed digests), an included update without a training proof is
    refused unless allow_untrained, and (check_training, the default) every
    included client's training proof in train (default NEXT.train) under
    the authority of its client (authorities: a file listing one public key
    file per line, line i for client i).  Raises ZkprovError when
    rejected."""
    flags = ((0 if full else _FL_SKIP_RANGE_PROOFS) |
             (0 if check_training else _FL_SKIP_TRAINING_PROOFS) |
             (_FL_ALLOW_UNTRAINED if allow_untrained else 0))
    v = _lib.fl_verified()
    code = lib.zp_verify_fl_round_files(byref(v), _path(next_file), _path(prev),
                                        _path(authorities), _path(train), flags, _now(now))
    _verdict(code, v.reason)
    ups = range(v.n_updates)
    return FLRoundResult(
        round_id=v.round_id, next_round_id=v.next_round_id, n_updates=v.n_updates,
        included_clients=[v.client[i] for i in ups if v.included[i]],
        excluded_clients=[v.client[i] for i in ups if not v.included[i]],
        trained_clients=[v.client[i] for i in ups if v.included[i] and v.trained[i]],
        range_proofs_checked=bool(v.range_proofs_checked),
        training_proofs_checked=bool(v.training_proofs_checked),
        n_training_proofs_checked=v.n_checked, next_digest=bytes(v.next_digest))
