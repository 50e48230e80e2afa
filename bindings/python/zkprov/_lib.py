# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The zkprov authors.
# Loads libzkprov.so with ctypes and declares the C functions and structs the binding uses.
"""Low-level ctypes layer of the zkprov binding.

Every size and every array length inside a mirrored struct is asked from
the library (CONVENTIONS rule 8), and every mirrored struct is compared
with the library's own sizeof (include/zkprov/sizes.h) when it is loaded:
a library whose structs changed is refused instead of corrupting memory.
"""

import ctypes
import ctypes.util
import os
from pathlib import Path

from ctypes import (POINTER, Structure, c_char, c_char_p, c_double, c_int,
                    c_int32, c_int64, c_size_t, c_uint, c_uint8, c_uint32, c_uint64,
                    c_void_p)

ABI_VERSION = 1  # the C ABI this binding was written for (ZP_ABI_VERSION)


def _candidates():
    env = os.environ.get("ZKPROV_LIB")
    if env:
        return [env]
    out = []
    # next to the package's build tree: bindings/python/zkprov -> repo root
    root = Path(__file__).resolve().parents[3]
    for build in sorted(root.glob("build*/lib")):
        for name in ("libzkprov.so", "libzkprov.so.1", "libzkprov.dylib"):
            if (build / name).exists():
                out.append(str(build / name))
    found = ctypes.util.find_library("zkprov")
    if found:
        out.append(found)
    out.append("libzkprov.so.1")
    return out


def _load():
    errors = []
    for path in _candidates():
        try:
            return ctypes.CDLL(path), path
        except OSError as e:
            errors.append("%s: %s" % (path, e))
    raise ImportError("zkprov: cannot load libzkprov (set ZKPROV_LIB to the "
                      "library's path): " + "; ".join(errors))


lib, path = _load()


def _fn(name, restype, *argtypes):
    f = getattr(lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


# ---- common ----
_fn("zp_strerror", c_char_p, c_int)
_fn("zp_version_string", c_char_p)
_fn("zp_abi_version", c_int)
_fn("zp_init", c_int)

if lib.zp_abi_version() != ABI_VERSION:
    raise ImportError("zkprov: %s has ABI version %d; this binding needs %d"
                      % (path, lib.zp_abi_version(), ABI_VERSION))
if lib.zp_init() != 0:
    raise ImportError("zkprov: zp_init failed")


def size(name):
    """The value of the library's size function zp_<name>()."""
    return _fn("zp_" + name, c_size_t)()


FE_BYTES = size("fe_bytes")
FE2_BYTES = size("fe2_bytes")
DIGEST_BYTES = size("digest_bytes")
AUTH_PK_BYTES = size("auth_publickeybytes")
AUTH_KEY_ID_BYTES = size("auth_key_id_bytes")
CERT_ERR_BYTES = size("cert_err_bytes")
DS_ERR_BYTES = size("ds_err_bytes")
ZKML_ERR_BYTES = size("zkml_err_bytes")
ZKML_SEED_BYTES = size("zkml_seed_bytes")
ZKML_MAX_LAYERS = size("zkml_max_layers")
ZKML_MAX_DATASETS = size("zkml_max_datasets")
ZKML_MAX_BATCH = size("zkml_max_batch")
MODEL_DIGEST_BYTES = size("model_digest_bytes")
VRF_PK_BYTES = size("vrf_publickeybytes")
VRF_SK_BYTES = size("vrf_secretkeybytes")
VRF_PROOF_BYTES = size("vrf_proofbytes")
VRF_OUTPUT_BYTES = size("vrf_outputbytes")
VRF_SEED_BYTES = size("vrf_seedbytes")
VERIFY_REASON_BYTES = size("verify_reason_bytes")
VERIFY_MAX_CERTS = size("verify_max_certs")
VERIFY_NAME_BYTES = size("verify_name_bytes")
VERIFY_LICENSE_BYTES = size("verify_license_bytes")
VERIFY_NOT_PROVEN_BYTES = size("verify_not_proven_bytes")
VERIFY_MAX_CLIENTS = size("verify_max_clients")

fe = c_uint64
u8p = POINTER(c_uint8)


class fe2(Structure):
    _fields_ = [("c0", c_uint64), ("c1", c_uint64)]


class digest(Structure):
    _fields_ = [("b", c_uint8 * DIGEST_BYTES)]


# ---- mirrored public structs (field order of include/zkprov/*.h) ----
class transcript(Structure):
    _fields_ = [("state", c_uint8 * DIGEST_BYTES), ("n_ops", c_uint64)]


class train_config(Structure):  # zkml.h
    _fields_ = [("n_layers", c_uint), ("dims", c_uint32 * (ZKML_MAX_LAYERS + 1)),
                ("act_scale", c_uint), ("act_bits", c_uint),
                ("weight_scale", c_uint), ("weight_bits", c_uint),
                ("grad_scale", c_uint), ("grad_bits", c_uint),
                ("exp_scale", c_uint), ("exp_domain_bits", c_uint),
                ("loss", c_int), ("lr_num", c_int64), ("lr_shift", c_uint),
                ("mom_num", c_int64), ("mom_shift", c_uint),
                ("lr", c_double), ("momentum", c_double),
                ("batch_size", c_uint32), ("steps", c_uint64), ("epochs", c_uint32),
                ("init", c_int), ("init_seed", c_uint8 * ZKML_SEED_BYTES),
                ("base_model", c_char_p), ("sampler_seed", c_uint8 * ZKML_SEED_BYTES),
                ("n_datasets", c_size_t), ("datasets", POINTER(c_char_p))]


class cert_info(Structure):  # prov.h
    _fields_ = [("subject_name", c_char_p), ("dataset_digest", digest), ("records", c_uint64),
                ("schema_json", c_char_p), ("schema_digest", digest),
                ("license", c_char_p), ("source", c_char_p), ("n_attrs", c_size_t),
                ("attr_keys", POINTER(c_char_p)), ("attr_values", POINTER(c_char_p)),
                ("authority_key_id", c_uint8 * AUTH_KEY_ID_BYTES),
                ("issued_at", c_int64), ("has_expiry", c_int), ("expires_at", c_int64),
                ("payload_digest", digest)]


class verified_cert(Structure):  # verify.h
    _fields_ = [("digest", c_uint8 * 32), ("dataset_digest", c_uint8 * 32),
                ("authority_key_id", c_uint8 * 32), ("records", c_uint64), ("given", c_uint32),
                ("subject", c_char * VERIFY_NAME_BYTES), ("license", c_char * VERIFY_LICENSE_BYTES)]


class run_verified(Structure):  # verify.h
    _fields_ = [("n_steps", c_uint64), ("n_records", c_uint64), ("batch_size", c_uint32),
                ("n_certs", c_uint32), ("config_digest", c_uint8 * 32),
                ("base_digest", c_uint8 * 32), ("final_digest", c_uint8 * 32),
                ("run_digest", c_uint8 * 32), ("base_checked", c_int32),
                ("records_bound", c_int32), ("model_checked", c_int32), ("ds_index", c_uint32),
                ("ds_openings", c_uint32), ("certs", verified_cert * VERIFY_MAX_CERTS),
                ("not_proven", c_char * VERIFY_NOT_PROVEN_BYTES),
                ("reason", c_char * VERIFY_REASON_BYTES)]


class answer_verified(Structure):  # verify.h
    _fields_ = [("model", c_uint8 * 32), ("opening", c_uint32), ("max_openings", c_uint32),
                ("batch", c_uint64), ("d_in", c_uint64), ("d_out", c_uint64),
                ("private_input", c_int32), ("names_run", c_int32), ("chain_checked", c_int32),
                ("n_certs", c_uint32), ("run_digest", c_uint8 * 32),
                ("cert_digests", (c_uint8 * 32) * VERIFY_MAX_CERTS),
                ("scores", POINTER(c_int64)), ("run", run_verified),
                ("reason", c_char * VERIFY_REASON_BYTES)]


class fl_verified(Structure):  # verify.h
    _fields_ = [("round_id", c_uint64), ("next_round_id", c_uint64), ("n_updates", c_uint32),
                ("n_included", c_uint32), ("n_trained", c_uint32), ("n_checked", c_uint32),
                ("range_proofs_checked", c_int32), ("training_proofs_checked", c_int32),
                ("next_digest", c_uint8 * 32), ("client", c_uint32 * VERIFY_MAX_CLIENTS),
                ("included", c_uint8 * VERIFY_MAX_CLIENTS),
                ("trained", c_uint8 * VERIFY_MAX_CLIENTS),
                ("reason", c_char * VERIFY_REASON_BYTES)]


for _s, _name in ((transcript, "transcript"), (train_config, "train_config"),
                  (cert_info, "cert_info"), (verified_cert, "verified_cert"),
                  (run_verified, "run_verified"), (answer_verified, "answer_verified"),
                  (fl_verified, "fl_verified")):
    if ctypes.sizeof(_s) != size(_name + "_sizeof"):
        raise ImportError("zkprov: struct zp_%s is %d bytes in %s, %d in this binding"
                          % (_name, size(_name + "_sizeof"), path, ctypes.sizeof(_s)))

# opaque handles
handle = c_void_p
PP = POINTER(c_void_p)
ERR = POINTER(c_char)

# ---- field ----
for _n in ("add", "sub", "mul"):
    _fn("zp_fe_" + _n, fe, fe, fe)
    _fn("zp_fe2_" + _n, fe2, fe2, fe2)
for _n in ("neg", "sqr", "inv"):
    _fn("zp_fe_" + _n, fe, fe)
    _fn("zp_fe2_" + _n, fe2, fe2)
_fn("zp_fe_pow", fe, fe, c_uint64)
_fn("zp_fe2_pow", fe2, fe2, c_uint64)
_fn("zp_fe2_mul_fe", fe2, fe2, fe)
_fn("zp_fe_from_u64", fe, c_uint64)
_fn("zp_fe_from_i64", fe, c_int64)
_fn("zp_fe_from_bytes_le", c_int, POINTER(fe), u8p)
_fn("zp_fe_to_bytes_le", None, u8p, fe)
_fn("zp_fe2_from_bytes_le", c_int, POINTER(fe2), u8p)
_fn("zp_fe2_to_bytes_le", None, u8p, fe2)
_fn("zp_fe_root_of_unity", fe, c_uint)
_fn("zp_field_backend", c_char_p)

# ---- hash ----
_fn("zp_sha256", None, u8p, c_void_p, c_size_t)
_fn("zp_sha256_backend", c_char_p)
_fn("zp_hash_leaf", None, POINTER(digest), c_void_p, c_size_t)
_fn("zp_hash_node", None, POINTER(digest), POINTER(digest), POINTER(digest))
_fn("zp_merkle_build", c_int, PP, POINTER(digest), c_size_t)
_fn("zp_merkle_free", None, handle)
_fn("zp_merkle_root", None, handle, POINTER(digest))
_fn("zp_merkle_batch_max", c_size_t, c_size_t, c_size_t)
_fn("zp_merkle_prove_batch", c_int, handle, POINTER(c_size_t), c_size_t, POINTER(digest),
    c_size_t, POINTER(c_size_t))
_fn("zp_merkle_verify_batch", c_int, POINTER(digest), c_size_t, POINTER(c_size_t),
    POINTER(digest), c_size_t, POINTER(digest), c_size_t)
_fn("zp_poseidon2_w12", None, POINTER(fe))
_fn("zp_poseidon2_w8", None, POINTER(fe))
_fn("zp_poseidon2_hash", None, POINTER(fe), POINTER(fe), c_size_t)
_fn("zp_poseidon2_compress", None, POINTER(fe), POINTER(fe), POINTER(fe))
T = POINTER(transcript)
_fn("zp_transcript_init", None, T, c_char_p)
_fn("zp_transcript_init_raw", None, T, c_void_p, c_size_t)
_fn("zp_transcript_absorb_bytes", None, T, c_char_p, c_void_p, c_size_t)
_fn("zp_transcript_absorb_u64", None, T, c_char_p, c_uint64)
_fn("zp_transcript_absorb_fe", None, T, c_char_p, POINTER(fe), c_size_t)
_fn("zp_transcript_absorb_fe2", None, T, c_char_p, POINTER(fe2), c_size_t)
_fn("zp_transcript_absorb_digest", None, T, c_char_p, POINTER(digest))
_fn("zp_transcript_challenge_fe", fe, T, c_char_p)
_fn("zp_transcript_challenge_fe2", fe2, T, c_char_p)
_fn("zp_transcript_challenge_fe2_vec", None, T, c_char_p, POINTER(fe2), c_size_t)
_fn("zp_transcript_challenge_bytes", None, T, c_char_p, c_void_p, c_size_t)
_fn("zp_transcript_challenge_index", c_uint64, T, c_char_p, c_uint64)

# ---- zkml ----
CFG = POINTER(train_config)
_fn("zp_sampler_batch", c_int, u8p, c_uint64, c_uint32, c_uint64, POINTER(c_uint32))
_fn("zp_fx_from_double", c_int64, c_double, c_uint, c_uint)
_fn("zp_fx_exp_table", c_int, POINTER(c_int64), c_uint, c_uint, c_uint)
_fn("zp_train_config_free", None, CFG)
_fn("zp_model_commit_from_json", c_int, PP, ERR, c_char_p, c_size_t)
_fn("zp_model_commit_free", None, handle)
_fn("zp_model_commit_info", None, handle, u8p, CFG, POINTER(c_uint))

# ---- verification from files (verify.h): the checks of `zkprov verify` ----
CP = POINTER(c_char_p)
_fn("zp_verify_cert_files", c_int, POINTER(cert_info), ERR, c_char_p, c_char_p, c_char_p,
    c_int64)
_fn("zp_verify_run_files", c_int, POINTER(run_verified), c_char_p, CP, c_size_t, c_char_p,
    c_char_p, c_char_p, c_char_p, c_int64)
_fn("zp_verify_answer_files", c_int, POINTER(answer_verified), c_char_p, c_char_p, c_char_p,
    CP, c_size_t, c_char_p, c_char_p, c_char_p, c_int64)
_fn("zp_answer_verified_clear", None, POINTER(answer_verified))
_fn("zp_verify_fl_round_files", c_int, POINTER(fl_verified), c_char_p, c_char_p, c_char_p,
    c_char_p, c_uint, c_int64)

# ---- prov ----
_fn("zp_vrf_keypair_from_seed", c_int, u8p, u8p, u8p)
_fn("zp_vrf_prove", c_int, u8p, u8p, c_void_p, c_size_t)
_fn("zp_vrf_verify", c_int, u8p, u8p, u8p, c_void_p, c_size_t)
_fn("zp_vrf_proof_to_hash", c_int, u8p, u8p)
_fn("zp_memzero", None, c_void_p, c_size_t)
_fn("zp_auth_public_parse", c_int, u8p, ERR, c_char_p, c_size_t)
_fn("zp_auth_key_id", None, u8p, u8p)
_fn("zp_cert_info_clear", None, POINTER(cert_info))
_fn("zp_ds_record_bytes_len", c_size_t, c_size_t)
_fn("zp_ds_record_bytes", None, u8p, POINTER(digest), POINTER(fe), c_size_t)
_fn("zp_ds_fe_from_i64", fe, c_int64)
_fn("zp_ds_i64_from_fe", c_int, POINTER(c_int64), fe, c_uint64)
_fn("zp_ds_schema_parse", c_int, PP, ERR, c_char_p, c_size_t)
_fn("zp_ds_schema_canonical", c_int, POINTER(c_void_p), POINTER(c_size_t), handle)
_fn("zp_ds_schema_digest", c_int, POINTER(digest), handle)
_fn("zp_ds_schema_free", None, handle)

# libc free for the buffers the library malloc'ed (schema canonical text)
_libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
free = _libc.free
free.restype = None
free.argtypes = [c_void_p]


def ubuf(data):
    """A ctypes uint8 array holding bytes data (never NULL, even when empty)."""
    b = (c_uint8 * max(1, len(data)))()
    ctypes.memmove(b, bytes(data), len(data))
    return b


def errbuf(n):
    return ctypes.create_string_buffer(n)
