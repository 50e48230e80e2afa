# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The zkprov authors.
# Tests of the Python binding: every shared vector, and real CLI-made artifacts verified and tampered.
"""Run: ZKPROV_LIB=build/lib/libzkprov.so ZKPROV_CLI=build/bin/zkprov \
python3 -m unittest discover -s bindings/python/tests (the ctest `python`)."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "bindings" / "python"))

import zkprov  # noqa: E402
from zkprov import ZkprovError  # noqa: E402

VEC = Path(os.environ.get("ZP_SOURCE_DIR", str(ROOT))) / "tests" / "vectors"


def load(name):
    with open(VEC / (name + ".json")) as f:
        j = json.load(f)
    assert j["module"] == name
    return j


def cases(j, key):
    c = j[key]["cases"]
    assert len(c) > 0, key
    return c


def h(s):
    return int(s, 16)


def t2(v):
    return (h(v[0]), h(v[1]))


class Vectors(unittest.TestCase):
    """Every case of tests/vectors/*.json through the binding."""

    def test_all_files_covered(self):
        names = sorted(p.stem for p in VEC.glob("*.json"))
        self.assertEqual(names, sorted(["field", "sha256", "merkle", "transcript", "poseidon2",
                                        "fixed", "sampler", "dataset", "vrf"]))

    def test_field(self):
        j = load("field")
        k = j["constants"]
        self.assertEqual(h(k["p"]), zkprov.P)
        self.assertEqual(k["fe_bytes"], zkprov.FE_BYTES)
        self.assertEqual(k["fe2_bytes"], zkprov.FE2_BYTES)
        for name in ("add", "sub", "mul"):
            f, f2 = getattr(zkprov, "fe_" + name), getattr(zkprov, "fe2_" + name)
            for c in cases(j, "fe_" + name):
                self.assertEqual(f(h(c["a"]), h(c["b"])), h(c["out"]))
            for c in cases(j, "fe2_" + name):
                self.assertEqual(f2(t2(c["a"]), t2(c["b"])), t2(c["out"]))
        for name in ("neg", "sqr", "inv"):
            f, f2 = getattr(zkprov, "fe_" + name), getattr(zkprov, "fe2_" + name)
            for c in cases(j, "fe_" + name):
                self.assertEqual(f(h(c["a"])), h(c["out"]))
            for c in cases(j, "fe2_" + name):
                self.assertEqual(f2(t2(c["a"])), t2(c["out"]))
        for c in cases(j, "fe_pow"):
            self.assertEqual(zkprov.fe_pow(h(c["a"]), h(c["e"])), h(c["out"]))
        for c in cases(j, "fe2_pow"):
            self.assertEqual(zkprov.fe2_pow(t2(c["a"]), h(c["e"])), t2(c["out"]))
        for c in cases(j, "fe2_mul_fe"):
            self.assertEqual(zkprov.fe2_mul_fe(t2(c["a"]), h(c["b"])), t2(c["out"]))
        for c in cases(j, "fe_from_u64"):
            self.assertEqual(zkprov.fe_from_u64(h(c["v"])), h(c["out"]))
        for c in cases(j, "fe_from_i64"):
            self.assertEqual(zkprov.fe_from_i64(int(c["v"])), h(c["out"]))
        for c in cases(j, "fe_root_of_unity"):
            self.assertEqual(zkprov.fe_root_of_unity(c["log_n"]), h(c["out"]))
        for c in cases(j, "fe_from_bytes"):
            b = bytes.fromhex(c["bytes"])
            if c["ok"]:
                self.assertEqual(zkprov.fe_from_bytes(b), h(c["out"]))
                self.assertEqual(zkprov.fe_to_bytes(h(c["out"])), b)
            else:
                with self.assertRaises(ZkprovError) as cm:
                    zkprov.fe_from_bytes(b)
                self.assertEqual(cm.exception.code, zkprov.ERR_PARSE)
        for c in cases(j, "fe2_from_bytes"):
            b = bytes.fromhex(c["bytes"])
            if c["ok"]:
                self.assertEqual(zkprov.fe2_from_bytes(b), t2(c["out"]))
                self.assertEqual(zkprov.fe2_to_bytes(t2(c["out"])), b)
            else:
                self.assertRaises(ZkprovError, zkprov.fe2_from_bytes, b)

    def test_sha256(self):
        j = load("sha256")
        self.assertIn("FIPS", j["fips"]["source"])
        for g in ("fips", "lengths"):
            for c in cases(j, g):
                m = bytes.fromhex(c["msg"]) * c["repeat"]
                self.assertEqual(zkprov.sha256(m).hex(), c["digest"])

    def test_merkle(self):
        j = load("merkle")
        for c in cases(j, "hash_leaf"):
            self.assertEqual(zkprov.hash_leaf(bytes.fromhex(c["data"])).hex(), c["out"])
        for c in cases(j, "hash_node"):
            self.assertEqual(zkprov.hash_node(bytes.fromhex(c["left"]),
                                              bytes.fromhex(c["right"])).hex(), c["out"])
        for c in cases(j, "trees"):
            leaves = [zkprov.hash_leaf(bytes.fromhex(d)) for d in c["leaf_data"]]
            root = zkprov.merkle_root(leaves)
            self.assertEqual(root.hex(), c["root"])
            for o in c["openings"]:
                path = zkprov.merkle_prove(leaves, o["idx"])
                self.assertEqual([p.hex() for p in path], o["path"])
                opened = [leaves[i] for i in o["idx"]]
                zkprov.merkle_verify(root, len(leaves), o["idx"], opened, path)
                bad = [bytes([opened[0][0] ^ 1]) + opened[0][1:]] + opened[1:]
                with self.assertRaises(ZkprovError) as cm:
                    zkprov.merkle_verify(root, len(leaves), o["idx"], bad, path)
                self.assertEqual(cm.exception.code, zkprov.ERR_VERIFY)

    def test_transcript(self):
        j = load("transcript")
        for c in cases(j, "scripts"):
            t = zkprov.Transcript(bytes.fromhex(c["domain_hex"]) if "domain_hex" in c
                                  else c["domain"])
            for o in c["ops"]:
                op, lab = o["op"], o["label"]
                if op == "absorb_bytes":
                    t.absorb_bytes(lab, bytes.fromhex(o["data"]))
                elif op == "absorb_u64":
                    t.absorb_u64(lab, h(o["value"]))
                elif op == "absorb_fe":
                    t.absorb_fe(lab, [h(v) for v in o["values"]])
                elif op == "absorb_fe2":
                    v = [h(x) for x in o["values"]]
                    t.absorb_fe2(lab, list(zip(v[0::2], v[1::2])))
                elif op == "absorb_digest":
                    t.absorb_digest(lab, bytes.fromhex(o["data"]))
                elif op == "challenge_fe":
                    self.assertEqual(t.challenge_fe(lab), h(o["out"]))
                elif op == "challenge_fe2":
                    self.assertEqual(t.challenge_fe2(lab), t2(o["out"]))
                elif op == "challenge_fe2_vec":
                    v = [h(x) for x in o["out"]]
                    self.assertEqual(t.challenge_fe2_vec(lab, o["n"]),
                                     list(zip(v[0::2], v[1::2])))
                elif op == "challenge_bytes":
                    self.assertEqual(t.challenge_bytes(lab, o["len"]).hex(), o["out"])
                elif op == "challenge_index":
                    self.assertEqual(t.challenge_index(lab, h(o["bound"])), h(o["out"]))
                else:
                    self.fail("unknown op " + op)
            self.assertEqual(t.state.hex(), c["state"])
            self.assertEqual(t.n_ops, c["n_ops"])

    def test_poseidon2(self):
        j = load("poseidon2")
        self.assertIn("HorizenLabs", j["w12_reference"]["source"])
        for g in ("w12_reference", "w8_reference", "w12"):
            for c in cases(j, g):
                self.assertEqual(zkprov.poseidon2_permute([h(v) for v in c["in"]]),
                                 [h(v) for v in c["out"]])
        for c in cases(j, "hash"):
            self.assertEqual(zkprov.poseidon2_hash([h(v) for v in c["in"]]),
                             [h(v) for v in c["out"]])
        for c in cases(j, "compress"):
            self.assertEqual(zkprov.poseidon2_compress([h(v) for v in c["l"]],
                                                       [h(v) for v in c["r"]]),
                             [h(v) for v in c["out"]])

    def test_fixed(self):
        j = load("fixed")
        for c in cases(j, "rdiv2"):
            self.assertEqual(zkprov.fx_rdiv2(int(c["a"]), c["s"]), (int(c["q"]), int(c["r"])))
        for c in cases(j, "rdiv"):
            self.assertEqual(zkprov.fx_rdiv(int(c["a"]), int(c["d"])), (int(c["q"]), int(c["r"])))
        for c in cases(j, "sat"):
            self.assertEqual(zkprov.fx_sat(int(c["v"]), c["b"]), int(c["out"]))
        for c in cases(j, "rescale"):
            self.assertEqual(zkprov.fx_rescale(int(c["q"]), c["from"], c["to"], c["bits"]),
                             int(c["out"]))
        for c in cases(j, "from_double"):
            self.assertEqual(zkprov.fx_from_double(float(c["v"]), c["s"], c["b"]), int(c["out"]))
        for c in cases(j, "exp_table"):
            self.assertEqual(zkprov.fx_exp_table(c["domain_bits"], c["exp_scale"],
                                                 c["act_scale"]), [int(v) for v in c["table"]])

    def test_sampler(self):
        for c in cases(load("sampler"), "batches"):
            args = (bytes.fromhex(c["seed"]), h(c["step"]), c["batch_size"], h(c["n_records"]))
            if c["ok"]:
                self.assertEqual(zkprov.sampler_batch(*args), c["indices"])
            else:
                with self.assertRaises(ZkprovError) as cm:
                    zkprov.sampler_batch(*args)
                self.assertEqual(cm.exception.code, zkprov.ERR_ARG)

    def test_dataset(self):
        j = load("dataset")
        for c in cases(j, "schemas"):
            if c["ok"]:
                text, d = zkprov.ds_schema_canonical(c["json"])
                self.assertEqual(text, c["canonical"])
                self.assertEqual(d.hex(), c["digest"])
                self.assertEqual(zkprov.sha256(text.encode()), d)
            else:
                self.assertRaises(ZkprovError, zkprov.ds_schema_canonical, c["json"])
        for c in cases(j, "fe_from_i64"):
            self.assertEqual(zkprov.ds_fe_from_i64(int(c["q"])), h(c["out"]))
        for c in cases(j, "i64_from_fe"):
            if c["ok"]:
                self.assertEqual(zkprov.ds_i64_from_fe(h(c["x"]), int(c["bound"])), int(c["q"]))
            else:
                self.assertRaises(ZkprovError, zkprov.ds_i64_from_fe, h(c["x"]), int(c["bound"]))
        for c in cases(j, "record_bytes"):
            self.assertEqual(zkprov.ds_record_bytes(bytes.fromhex(c["schema_digest"]),
                                                    [h(v) for v in c["row"]]).hex(), c["bytes"])


    def test_vrf(self):
        j = load("vrf")
        self.assertIn("RFC 9381", j["rfc9381"]["source"])
        for g in ("rfc9381", "record_keys"):
            for c in cases(j, g):
                pk, sk = zkprov.vrf_keypair_from_seed(bytes.fromhex(c["seed"]))
                alpha = bytes.fromhex(c["alpha"])
                self.assertEqual(pk.hex(), c["pk"])
                pi = zkprov.vrf_prove(sk, alpha)
                self.assertEqual(pi.hex(), c["pi"])
                self.assertEqual(zkprov.vrf_verify(pk, pi, alpha).hex(), c["beta"])
                self.assertEqual(zkprov.vrf_proof_to_hash(pi).hex(), c["beta"])
        for c in cases(j, "rejected"):
            with self.assertRaises(ZkprovError) as cm:
                zkprov.vrf_verify(bytes.fromhex(c["pk"]), bytes.fromhex(c["pi"]),
                                  bytes.fromhex(c["alpha"]))
            self.assertEqual(cm.exception.code, zkprov.ERR_VERIFY)


class Api(unittest.TestCase):
    def test_version_and_errors(self):
        self.assertRegex(zkprov.version(), r"^\d+\.\d+\.\d+")
        self.assertEqual(zkprov.abi_version(), zkprov._lib.ABI_VERSION)
        with self.assertRaises(ZkprovError) as cm:
            zkprov.fe_add(zkprov.P, 0)  # not canonical
        self.assertEqual(cm.exception.code, zkprov.ERR_ARG)
        e = ZkprovError(zkprov.ERR_VERIFY, "why")
        self.assertTrue(str(e).endswith(": why") and e.name in str(e))


CLI = os.path.abspath(os.environ.get("ZKPROV_CLI", str(ROOT / "build" / "bin" / "zkprov")))
CFG = {"format": "zkprov-train-config-v1", "model": {"layers": [30, 8, 2]},
       "loss": "softmax_cross_entropy", "batch_size": 4, "steps": 2,
       "optimizer": {"type": "sgd", "learning_rate": 0.01},
       "sampler_seed": "00" * 31 + "02", "datasets": ["ds.cert"],
       "base_model": {"init": "seeded", "seed": "00" * 31 + "01"}}
IN = ("17.99,10.38,122.8,1001,0.1184,0.2776,0.3001,0.1471,0.2419,0.07871,1.095,0.9053,8.589,"
      "153.4,0.006399,0.04904,0.05373,0.01587,0.03003,0.006193,25.38,17.33,184.6,2019,0.1622,"
      "0.6656,0.7119,0.2654,0.4601,0.1189\n")


class Artifacts(unittest.TestCase):
    """Certify, train 2 proven steps and answer with the CLI; verify from
    Python; every tampered artifact is rejected with ZkprovError."""

    @classmethod
    def setUpClass(cls):
        cls.d = tempfile.mkdtemp(prefix="zkprov-py-")
        d = Path(cls.d)
        lines = (ROOT / "tests" / "data" / "breast_cancer.csv").read_text().splitlines(True)
        (d / "small.csv").write_text("".join(lines[:41]))
        (d / "other.csv").write_text(lines[0] + "".join(lines[41:81]))
        (d / "cfg.json").write_text(json.dumps(CFG))
        (d / "in.csv").write_text(IN)
        for args in (["authority", "keygen", "auth"], ["authority", "keygen", "evil"],
                     ["dataset", "commit", "small.csv", "--format", "csv", "--out", "ds"],
                     ["dataset", "commit", "other.csv", "--format", "csv", "--out", "ds2"],
                     ["dataset", "certify", "ds.commit", "--key", "auth.key", "--license",
                      "CC-BY-4.0", "--source", "UCI WDBC", "--attr", "k=v", "--out", "ds.cert"],
                     ["dataset", "certify", "ds2.commit", "--key", "auth.key", "--license",
                      "CC-BY-4.0", "--source", "UCI WDBC", "--out", "ds2.cert"],
                     ["train", "--config", "cfg.json", "--cert", "ds.cert", "--authority",
                      "auth.pub", "--secret", "ds.secret", "--data", "small.csv", "--format",
                      "csv", "--out", "RUN"],
                     ["infer", "RUN/", "--input", "in.csv", "--out", "ans.json"]):
            subprocess.run([CLI] + args, cwd=cls.d, check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.d)

    def p(self, name):
        return os.path.join(self.d, name)

    def tampered(self, name, pos, new=None):
        """A copy of file name with byte pos (negative: from the end) flipped."""
        b = bytearray(Path(self.p(name)).read_bytes())
        b[pos] = (b[pos] ^ 1) if new is None else new
        out = self.p("t_" + name.replace("/", "_"))
        Path(out).write_bytes(bytes(b))
        return out

    def rejected(self, f, *a, **k):
        with self.assertRaises(ZkprovError) as cm:
            f(*a, **k)
        self.assertIn(cm.exception.code, (zkprov.ERR_VERIFY, zkprov.ERR_PARSE))
        self.assertTrue(cm.exception.reason and "\n" not in cm.exception.reason)
        return cm.exception

    def truncated(self, name, n):
        out = self.p("c_" + name.replace("/", "_"))
        Path(out).write_bytes(Path(self.p(name)).read_bytes()[:n])
        return out

    def missing(self, f, *a, **k):
        with self.assertRaises(ZkprovError) as cm:
            f(*a, **k)
        self.assertEqual(cm.exception.code, zkprov.ERR_IO)
        self.assertIn("none", cm.exception.reason)

    def test_certificate(self):
        c = zkprov.verify_certificate(self.p("ds.cert"), self.p("auth.pub"),
                                      commit=self.p("ds.commit"))
        self.assertEqual((c.records, c.license, c.source, c.attributes),
                         (40, "CC-BY-4.0", "UCI WDBC", {"k": "v"}))
        self.assertEqual(c.authority_key_id,
                         zkprov.sha256(zkprov.read_public_key(self.p("auth.pub"))))
        self.rejected(zkprov.verify_certificate, self.p("ds.cert"), self.p("evil.pub"))
        self.rejected(zkprov.verify_certificate, self.p("ds.cert"), self.p("auth.pub"),
                      commit=self.p("ds2.commit"))
        raw = Path(self.p("ds.cert")).read_text()
        i = raw.index('"payload":"') + 20
        for pos in (i, len(raw) - 10):
            self.rejected(zkprov.verify_certificate, self.tampered("ds.cert", pos),
                          self.p("auth.pub"))
        self.rejected(zkprov.verify_certificate, self.truncated("ds.cert", len(raw) // 2),
                      self.p("auth.pub"))
        e = self.rejected(zkprov.verify_certificate, self.p("ds.cert"), self.p("auth.pub"),
                          commit=self.tampered("ds.commit", 200))
        self.assertIn("ds.commit", e.reason)
        self.missing(zkprov.verify_certificate, self.p("none.cert"), self.p("auth.pub"))
        self.missing(zkprov.verify_certificate, self.p("ds.cert"), self.p("none.pub"))
        # the authority's secret key file is not a public key: a usage error
        with self.assertRaises(ZkprovError) as cm:
            zkprov.verify_certificate(self.p("ds.cert"), self.p("auth.key"))
        self.assertEqual(cm.exception.code, zkprov.ERR_PARSE)

    def test_run(self):
        r = zkprov.verify_run(self.p("RUN/run.proof"), [self.p("ds.cert")], self.p("auth.pub"))
        self.assertEqual((r.n_steps, r.batch_size, r.n_records), (2, 4, 40))
        self.assertTrue(r.records_bound and r.base_checked and r.model_checked)
        self.assertEqual(r.not_proven, [])
        self.assertEqual((r.ds_index, r.certificates[0].records), (0, 40))
        self.assertEqual(r.certificates[0].license, "CC-BY-4.0")
        self.assertEqual(r.final_digest, zkprov.load_model_commitment(self.p("RUN/model.commit")).digest)
        self.assertEqual(r.run_digest, zkprov.sha256(Path(self.p("RUN/run.proof")).read_bytes()))
        summary = json.loads(Path(self.p("RUN/summary.json")).read_text())
        self.assertIn(r.certificates[0].digest.hex(), json.dumps(summary))
        # the sampler's batches are recomputable from Python
        self.assertEqual(len(zkprov.sampler_batch(bytes(32), 0, 4, 40)), 4)
        size = os.path.getsize(self.p("RUN/run.proof"))
        for pos in (20, size // 3, size // 2, size - 40, size - 1):
            self.rejected(zkprov.verify_run, self.tampered("RUN/run.proof", pos),
                          [self.p("ds.cert")], self.p("auth.pub"), config=self.p("RUN/config.json"),
                          model=self.p("RUN/model.commit"))
        self.rejected(zkprov.verify_run, self.p("RUN/run.proof"), [self.p("ds2.cert")],
                      self.p("auth.pub"))
        self.rejected(zkprov.verify_run, self.p("RUN/run.proof"), [self.p("ds.cert")],
                      self.p("evil.pub"))
        cfg2 = dict(CFG, optimizer={"type": "sgd", "learning_rate": 0.02})
        Path(self.p("cfg2.json")).write_text(json.dumps(cfg2))
        self.rejected(zkprov.verify_run, self.p("RUN/run.proof"), [self.p("ds.cert")],
                      self.p("auth.pub"), config=self.p("cfg2.json"))
        self.rejected(zkprov.verify_run, self.p("RUN/run.proof"), [self.p("ds.cert")],
                      self.p("auth.pub"), commit=self.p("ds2.commit"))
        self.rejected(zkprov.verify_run, self.truncated("RUN/run.proof", size - 50),
                      [self.p("ds.cert")], self.p("auth.pub"), config=self.p("RUN/config.json"))
        e = self.rejected(zkprov.verify_run, self.p("RUN/run.proof"), [self.p("ds.cert")],
                          self.p("auth.pub"), model=self.tampered("RUN/model.commit", 100))
        self.assertIn("model.commit", e.reason)
        self.rejected(zkprov.verify_run, self.p("RUN/run.proof"),
                      [self.tampered("ds.cert", 300)], self.p("auth.pub"))
        self.rejected(zkprov.verify_run, self.p("RUN/run.proof"), [self.p("ds.cert")],
                      self.p("auth.pub"), commit=self.tampered("ds.commit", 200))
        self.missing(zkprov.verify_run, self.p("none.proof"), [self.p("ds.cert")],
                     self.p("auth.pub"), config=self.p("RUN/config.json"))
        self.missing(zkprov.verify_run, self.p("RUN/run.proof"), [self.p("none.cert")],
                     self.p("auth.pub"))
        with self.assertRaises(ZkprovError) as cm:  # the same certificate twice
            zkprov.verify_run(self.p("RUN/run.proof"), [self.p("ds.cert")] * 2, self.p("auth.pub"))
        self.assertEqual(cm.exception.code, zkprov.ERR_ARG)

    def test_answer(self):
        a = zkprov.verify_answer(self.p("ans.json"), model=self.p("RUN/model.commit"))
        self.assertEqual((a.batch, a.opening, a.private_input), (1, 1, False))
        ans = json.loads(Path(self.p("ans.json")).read_text())
        self.assertEqual((a.scores, a.labels), (ans["scores"], ans["labels"]))
        self.assertEqual(a.model_digest.hex(), ans["model"])
        self.assertIsNone(a.run)
        self.assertEqual(a.run_digest,
                         zkprov.sha256(Path(self.p("RUN/run.proof")).read_bytes()))
        full = zkprov.verify_answer(self.p("ans.json"), run=self.p("RUN/run.proof"),
                                    certs=[self.p("ds.cert")], authority=self.p("auth.pub"))
        self.assertEqual(full.run.final_digest, a.model_digest)
        self.assertEqual(full.certificate_digests, [full.run.certificates[0].digest])
        size = os.path.getsize(self.p("ans.json"))
        for pos in (5, size // 2, size - 3):
            self.rejected(zkprov.verify_answer, self.tampered("ans.json", pos),
                          model=self.p("RUN/model.commit"))
        self.rejected(zkprov.verify_answer, self.truncated("ans.json", size // 2),
                      model=self.p("RUN/model.commit"))
        self.rejected(zkprov.verify_answer, self.p("ans.json"),
                      model=self.tampered("RUN/model.commit", 150))
        self.rejected(zkprov.verify_answer, self.p("ans.json"), run=self.p("RUN/run.proof"),
                      certs=[self.p("ds.cert")], authority=self.p("evil.pub"))
        self.missing(zkprov.verify_answer, self.p("none.json"), model=self.p("RUN/model.commit"))

        def edited(fn):
            b = json.loads(json.dumps(ans))
            fn(b)
            out = self.p("edited.json")
            Path(out).write_text(json.dumps(b))
            return out
        edits = [lambda b: b["scores"][0].__setitem__(0, b["scores"][0][0] + 1),
                 lambda b: b["input"][0].__setitem__(0, b["input"][0][0] + 1),
                 lambda b: b.__setitem__("opening", 2),
                 lambda b: b.__setitem__("labels", [1 - b["labels"][0]]),
                 lambda b: b.__setitem__("model", "00" * 32),
                 lambda b: b.__setitem__("proof", b["proof"][:100] +
                                         ("A" if b["proof"][100] != "A" else "B") +
                                         b["proof"][101:])]
        for fn in edits:
            self.rejected(zkprov.verify_answer, edited(fn), model=self.p("RUN/model.commit"))
        self.rejected(zkprov.verify_answer,
                      edited(lambda b: b.__setitem__("run_proof", "11" * 32)),
                      run=self.p("RUN/run.proof"), certs=[self.p("ds.cert")],
                      authority=self.p("auth.pub"))


class FederatedRound(unittest.TestCase):
    def test_round(self):
        d = tempfile.mkdtemp(prefix="zkprov-fl-")
        try:
            def run(*args):
                subprocess.run([CLI] + list(args), cwd=d, check=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            with open(os.path.join(d, "clients.txt"), "w") as f:
                for c in "ab":
                    run("authority", "keygen", "h" + c)
                    f.write(os.path.join(d, "h%s.pub\n" % c))
            vals = {"g": lambda i: (i * 37) % 201 - 100, "ua": lambda i: (i * 7) % 21 - 10,
                    "ub": lambda i: (i * 5) % 31 - 15}
            for k, fn in vals.items():
                Path(d, k + ".txt").write_text("".join("%d\n" % fn(i) for i in range(16)))
            run("fl", "init", "--global", "g.txt", "--clients", "clients.txt", "--bound", "400",
                "--update-bits", "8", "--out", "r0.bin")
            run("fl", "update", "r0.bin", "--key", "ha.key", "--update", "ua.txt", "--samples",
                "120", "--out", "a.upd")
            run("fl", "update", "r0.bin", "--key", "hb.key", "--update", "ub.txt", "--samples",
                "80", "--out", "b.upd")
            run("fl", "aggregate", "r0.bin", "a.upd", "b.upd", "--prove", "--out", "r1.agg",
                "--allow-untrained")
            prev, nxt = os.path.join(d, "r0.bin"), os.path.join(d, "r1.agg")
            r = zkprov.verify_fl_round(prev, nxt, allow_untrained=True)
            self.assertEqual((r.round_id + 1, r.n_updates), (r.next_round_id, 2))
            self.assertEqual(sorted(r.included_clients), [0, 1])
            self.assertTrue(r.range_proofs_checked)
            self.assertTrue(r.training_proofs_checked)
            self.assertEqual((r.trained_clients, r.n_training_proofs_checked), ([], 0))
            r2 = zkprov.verify_fl_round(prev, nxt, full=False, allow_untrained=True,
                                        check_training=False)
            self.assertFalse(r2.range_proofs_checked or r2.training_proofs_checked)
            self.assertEqual(r2.next_digest, r.next_digest)
            # untrained updates are refused unless allowed
            with self.assertRaises(ZkprovError) as cm:
                zkprov.verify_fl_round(prev, nxt)
            self.assertEqual(cm.exception.code, zkprov.ERR_VERIFY)
            self.assertIn("no training proof", cm.exception.reason)
            data = bytearray(Path(nxt).read_bytes())
            for pos in (40, len(data) // 2, len(data) - 10):
                t = bytearray(data)
                t[pos] ^= 1
                Path(d, "t.agg").write_bytes(bytes(t))
                with self.assertRaises(ZkprovError) as cm:
                    zkprov.verify_fl_round(prev, os.path.join(d, "t.agg"), allow_untrained=True)
                self.assertEqual(cm.exception.code, zkprov.ERR_VERIFY)
            Path(d, "t.agg").write_bytes(bytes(data[:len(data) // 2]))
            with self.assertRaises(ZkprovError) as cm:
                zkprov.verify_fl_round(prev, os.path.join(d, "t.agg"), allow_untrained=True)
            self.assertEqual(cm.exception.code, zkprov.ERR_VERIFY)
            with self.assertRaises(ZkprovError) as cm:
                zkprov.verify_fl_round(os.path.join(d, "none.bin"), nxt, allow_untrained=True)
            self.assertEqual(cm.exception.code, zkprov.ERR_IO)
        finally:
            shutil.rmtree(d)


if __name__ == "__main__":
    unittest.main()
