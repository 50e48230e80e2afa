// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The zkprov authors.
// Every case of tests/vectors/*.json through the Rust binding, and a CLI-made certificate.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use zkprov::{Fe, Fe2};

// ---- a minimal JSON reader (no third-party crates): the subset the
// vector files use (objects, arrays, strings with \" \\ \u escapes,
// integers, true / false) ----
#[derive(Clone, Debug)]
enum J {
    Obj(BTreeMap<String, J>),
    Arr(Vec<J>),
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Parser<'a> {
    fn ws(&mut self) {
        while self.i < self.s.len() && (self.s[self.i] as char).is_ascii_whitespace() {
            self.i += 1;
        }
    }
    fn eat(&mut self, c: u8) {
        self.ws();
        assert_eq!(self.s[self.i], c, "JSON: expected '{}' at {}", c as char, self.i);
        self.i += 1;
    }
    fn value(&mut self) -> J {
        self.ws();
        match self.s[self.i] {
            b'{' => {
                self.i += 1;
                let mut m = BTreeMap::new();
                self.ws();
                if self.s[self.i] == b'}' {
                    self.i += 1;
                    return J::Obj(m);
                }
                loop {
                    self.ws();
                    let k = match self.value() { J::Str(s) => s, _ => panic!("JSON: key") };
                    self.eat(b':');
                    let v = self.value();
                    m.insert(k, v);
                    self.ws();
                    let c = self.s[self.i];
                    self.i += 1;
                    if c == b'}' { return J::Obj(m); }
                    assert_eq!(c, b',');
                }
            }
            b'[' => {
                self.i += 1;
                let mut v = Vec::new();
                self.ws();
                if self.s[self.i] == b']' {
                    self.i += 1;
                    return J::Arr(v);
                }
                loop {
                    v.push(self.value());
                    self.ws();
                    let c = self.s[self.i];
                    self.i += 1;
                    if c == b']' { return J::Arr(v); }
                    assert_eq!(c, b',');
                }
            }
            b'"' => {
                self.i += 1;
                let mut out = String::new();
                loop {
                    let c = self.s[self.i];
                    self.i += 1;
                    match c {
                        b'"' => return J::Str(out),
                        b'\\' => {
                            let e = self.s[self.i];
                            self.i += 1;
                            match e {
                                b'u' => {
                                    let h = std::str::from_utf8(&self.s[self.i..self.i + 4]).unwrap();
                                    out.push(char::from_u32(u32::from_str_radix(h, 16).unwrap()).unwrap());
                                    self.i += 4;
                                }
                                b'n' => out.push('\n'),
                                b't' => out.push('\t'),
                                other => out.push(other as char),
                            }
                        }
                        _ => {
                            // copy one UTF-8 sequence
                            let start = self.i - 1;
                            let mut end = self.i;
                            while end < self.s.len() && (self.s[end] & 0xC0) == 0x80 { end += 1; }
                            out.push_str(std::str::from_utf8(&self.s[start..end]).unwrap());
                            self.i = end;
                        }
                    }
                }
            }
            b't' => { self.i += 4; J::Bool(true) }
            b'f' => { self.i += 5; J::Bool(false) }
            b'n' => { self.i += 4; J::Null }
            _ => {
                let start = self.i;
                while self.i < self.s.len() && b"+-0123456789.eE".contains(&self.s[self.i]) {
                    self.i += 1;
                }
                J::Num(std::str::from_utf8(&self.s[start..self.i]).unwrap().parse().unwrap())
            }
        }
    }
}

impl J {
    fn get(&self, k: &str) -> &J {
        match self { J::Obj(m) => m.get(k).unwrap_or_else(|| panic!("no key {}", k)), _ => panic!("not an object") }
    }
    fn has(&self, k: &str) -> bool { matches!(self, J::Obj(m) if m.contains_key(k)) }
    fn arr(&self) -> &Vec<J> { match self { J::Arr(v) => v, _ => panic!("not an array") } }
    fn s(&self) -> &str { match self { J::Str(s) => s, _ => panic!("not a string") } }
    fn n(&self) -> u64 { match self { J::Num(n) => *n as u64, _ => panic!("not a number") } }
    fn b(&self) -> bool { match self { J::Bool(b) => *b, _ => panic!("not a bool") } }
    fn hex(&self) -> u64 { u64::from_str_radix(self.s(), 16).unwrap() }
    fn dec(&self) -> i64 { self.s().parse().unwrap() }
    fn fe(&self) -> Fe { Fe::new(self.hex()).unwrap() }
    fn fe2(&self) -> Fe2 { let a = self.arr(); Fe2::new(a[0].fe(), a[1].fe()) }
    fn fes(&self) -> Vec<Fe> { self.arr().iter().map(|v| v.fe()).collect() }
    fn bytes(&self) -> Vec<u8> { unhex(self.s()) }
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2).map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap()).collect()
}

fn hex(b: &[u8]) -> String { b.iter().map(|x| format!("{:02x}", x)).collect() }

fn root() -> PathBuf {
    match std::env::var("ZP_SOURCE_DIR") {
        Ok(d) => PathBuf::from(d),
        Err(_) => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.."),
    }
}

fn load(name: &str) -> J {
    let p = root().join("tests/vectors").join(format!("{}.json", name));
    let text = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {}", p.display(), e));
    let j = Parser { s: &text, i: 0 }.value();
    assert_eq!(j.get("module").s(), name);
    j
}

fn cases<'a>(j: &'a J, k: &str) -> &'a Vec<J> {
    let c = j.get(k).get("cases").arr();
    assert!(!c.is_empty(), "{}", k);
    c
}

#[test]
fn field() {
    let j = load("field");
    assert_eq!(j.get("constants").get("p").hex(), zkprov::modulus());
    let bin: [(&str, fn(Fe, Fe) -> Fe); 3] = [("fe_add", Fe::add), ("fe_sub", Fe::sub), ("fe_mul", Fe::mul)];
    for (k, f) in bin {
        for c in cases(&j, k) { assert_eq!(f(c.get("a").fe(), c.get("b").fe()), c.get("out").fe(), "{}", k); }
    }
    let un: [(&str, fn(Fe) -> Fe); 3] = [("fe_neg", Fe::neg), ("fe_sqr", Fe::sqr), ("fe_inv", Fe::inv)];
    for (k, f) in un {
        for c in cases(&j, k) { assert_eq!(f(c.get("a").fe()), c.get("out").fe(), "{}", k); }
    }
    let bin2: [(&str, fn(Fe2, Fe2) -> Fe2); 3] = [("fe2_add", Fe2::add), ("fe2_sub", Fe2::sub), ("fe2_mul", Fe2::mul)];
    for (k, f) in bin2 {
        for c in cases(&j, k) { assert_eq!(f(c.get("a").fe2(), c.get("b").fe2()), c.get("out").fe2(), "{}", k); }
    }
    let un2: [(&str, fn(Fe2) -> Fe2); 3] = [("fe2_neg", Fe2::neg), ("fe2_sqr", Fe2::sqr), ("fe2_inv", Fe2::inv)];
    for (k, f) in un2 {
        for c in cases(&j, k) { assert_eq!(f(c.get("a").fe2()), c.get("out").fe2(), "{}", k); }
    }
    for c in cases(&j, "fe_pow") { assert_eq!(c.get("a").fe().pow(c.get("e").hex()), c.get("out").fe()); }
    for c in cases(&j, "fe2_pow") { assert_eq!(c.get("a").fe2().pow(c.get("e").hex()), c.get("out").fe2()); }
    for c in cases(&j, "fe2_mul_fe") { assert_eq!(c.get("a").fe2().mul_fe(c.get("b").fe()), c.get("out").fe2()); }
    for c in cases(&j, "fe_from_u64") { assert_eq!(Fe::from_u64(c.get("v").hex()), c.get("out").fe()); }
    for c in cases(&j, "fe_from_i64") { assert_eq!(Fe::from_i64(c.get("v").dec()), c.get("out").fe()); }
    for c in cases(&j, "fe_root_of_unity") {
        assert_eq!(Fe::root_of_unity(c.get("log_n").n() as u32), c.get("out").fe());
    }
    for c in cases(&j, "fe_from_bytes") {
        let b: [u8; 8] = c.get("bytes").bytes().try_into().unwrap();
        match Fe::from_bytes(&b) {
            Ok(v) => { assert!(c.get("ok").b()); assert_eq!(v, c.get("out").fe()); assert_eq!(v.to_bytes(), b); }
            Err(e) => { assert!(!c.get("ok").b()); assert_eq!(e.code, zkprov_sys::ZP_ERR_PARSE); }
        }
    }
    for c in cases(&j, "fe2_from_bytes") {
        let b: [u8; 16] = c.get("bytes").bytes().try_into().unwrap();
        match Fe2::from_bytes(&b) {
            Ok(v) => { assert!(c.get("ok").b()); assert_eq!(v, c.get("out").fe2()); assert_eq!(v.to_bytes(), b); }
            Err(_) => assert!(!c.get("ok").b()),
        }
    }
    assert_eq!(Fe::new(zkprov::modulus()).unwrap_err().code, zkprov_sys::ZP_ERR_ARG);
}

#[test]
fn sha256() {
    let j = load("sha256");
    assert!(j.get("fips").get("source").s().contains("FIPS"));
    for g in ["fips", "lengths"] {
        for c in cases(&j, g) {
            let m = c.get("msg").bytes().repeat(c.get("repeat").n() as usize);
            assert_eq!(hex(&zkprov::sha256(&m)), c.get("digest").s());
        }
    }
}

#[test]
fn merkle() {
    let j = load("merkle");
    for c in cases(&j, "hash_leaf") { assert_eq!(hex(&zkprov::hash_leaf(&c.get("data").bytes())), c.get("out").s()); }
    for c in cases(&j, "hash_node") {
        let l: [u8; 32] = c.get("left").bytes().try_into().unwrap();
        let r: [u8; 32] = c.get("right").bytes().try_into().unwrap();
        assert_eq!(hex(&zkprov::hash_node(&l, &r)), c.get("out").s());
    }
    for c in cases(&j, "trees") {
        let leaves: Vec<[u8; 32]> = c.get("leaf_data").arr().iter().map(|d| zkprov::hash_leaf(&d.bytes())).collect();
        let root = zkprov::merkle_root(&leaves).unwrap();
        assert_eq!(hex(&root), c.get("root").s());
        for o in c.get("openings").arr() {
            let idx: Vec<usize> = o.get("idx").arr().iter().map(|v| v.n() as usize).collect();
            let path = zkprov::merkle_prove(&leaves, &idx).unwrap();
            let want: Vec<String> = o.get("path").arr().iter().map(|v| v.s().to_string()).collect();
            assert_eq!(path.iter().map(|p| hex(p)).collect::<Vec<_>>(), want);
            let mut opened: Vec<[u8; 32]> = idx.iter().map(|&i| leaves[i]).collect();
            zkprov::merkle_verify(&root, leaves.len(), &idx, &opened, &path).unwrap();
            opened[0][0] ^= 1;
            let e = zkprov::merkle_verify(&root, leaves.len(), &idx, &opened, &path).unwrap_err();
            assert_eq!(e.code, zkprov_sys::ZP_ERR_VERIFY);
        }
    }
}

#[test]
fn transcript() {
    let j = load("transcript");
    for c in cases(&j, "scripts") {
        let mut t = if c.has("domain_hex") {
            zkprov::Transcript::new_raw(&c.get("domain_hex").bytes())
        } else {
            zkprov::Transcript::new(c.get("domain").s())
        };
        for o in c.get("ops").arr() {
            let l = o.get("label").s();
            match o.get("op").s() {
                "absorb_bytes" => t.absorb_bytes(l, &o.get("data").bytes()),
                "absorb_u64" => t.absorb_u64(l, o.get("value").hex()),
                "absorb_fe" => t.absorb_fe(l, &o.get("values").fes()),
                "absorb_fe2" => {
                    let v = o.get("values").fes();
                    let p: Vec<Fe2> = v.chunks(2).map(|x| Fe2::new(x[0], x[1])).collect();
                    t.absorb_fe2(l, &p)
                }
                "absorb_digest" => t.absorb_digest(l, &o.get("data").bytes().try_into().unwrap()),
                "challenge_fe" => assert_eq!(t.challenge_fe(l), o.get("out").fe()),
                "challenge_fe2" => assert_eq!(t.challenge_fe2(l), o.get("out").fe2()),
                "challenge_fe2_vec" => {
                    let v = o.get("out").fes();
                    let want: Vec<Fe2> = v.chunks(2).map(|x| Fe2::new(x[0], x[1])).collect();
                    assert_eq!(t.challenge_fe2_vec(l, o.get("n").n() as usize), want)
                }
                "challenge_bytes" => assert_eq!(hex(&t.challenge_bytes(l, o.get("len").n() as usize)), o.get("out").s()),
                "challenge_index" => assert_eq!(t.challenge_index(l, o.get("bound").hex()).unwrap(), o.get("out").hex()),
                other => panic!("unknown op {}", other),
            }
        }
        assert_eq!(hex(&t.state()), c.get("state").s());
        assert_eq!(t.n_ops(), c.get("n_ops").n());
    }
}

#[test]
fn poseidon2() {
    let j = load("poseidon2");
    assert!(j.get("w12_reference").get("source").s().contains("HorizenLabs"));
    for g in ["w12_reference", "w8_reference", "w12"] {
        for c in cases(&j, g) {
            let mut s = c.get("in").fes();
            zkprov::poseidon2_permute(&mut s).unwrap();
            assert_eq!(s, c.get("out").fes());
        }
    }
    for c in cases(&j, "hash") { assert_eq!(zkprov::poseidon2_hash(&c.get("in").fes()).to_vec(), c.get("out").fes()); }
    for c in cases(&j, "compress") {
        let l: [Fe; 4] = c.get("l").fes().try_into().unwrap();
        let r: [Fe; 4] = c.get("r").fes().try_into().unwrap();
        assert_eq!(zkprov::poseidon2_compress(&l, &r).to_vec(), c.get("out").fes());
    }
}

#[test]
fn fixed() {
    let j = load("fixed");
    for c in cases(&j, "rdiv2") {
        assert_eq!(zkprov::fx_rdiv2(c.get("a").dec(), c.get("s").n() as u32), (c.get("q").dec(), c.get("r").dec()));
    }
    for c in cases(&j, "rdiv") {
        assert_eq!(zkprov::fx_rdiv(c.get("a").dec(), c.get("d").dec()), (c.get("q").dec(), c.get("r").dec()));
    }
    for c in cases(&j, "sat") { assert_eq!(zkprov::fx_sat(c.get("v").dec(), c.get("b").n() as u32), c.get("out").dec()); }
    for c in cases(&j, "rescale") {
        let n = |k: &str| c.get(k).n() as u32;
        assert_eq!(zkprov::fx_rescale(c.get("q").dec(), n("from"), n("to"), n("bits")), c.get("out").dec());
    }
    for c in cases(&j, "from_double") {
        let v: f64 = c.get("v").s().parse().unwrap();
        assert_eq!(zkprov::fx_from_double(v, c.get("s").n() as u32, c.get("b").n() as u32), c.get("out").dec());
    }
    for c in cases(&j, "exp_table") {
        let n = |k: &str| c.get(k).n() as u32;
        let t = zkprov::fx_exp_table(n("domain_bits"), n("exp_scale"), n("act_scale")).unwrap();
        assert_eq!(t, c.get("table").arr().iter().map(|v| v.dec()).collect::<Vec<_>>());
    }
}

#[test]
fn sampler() {
    for c in cases(&load("sampler"), "batches") {
        let seed: [u8; 32] = c.get("seed").bytes().try_into().unwrap();
        let r = zkprov::sampler_batch(&seed, c.get("step").hex(), c.get("batch_size").n() as u32,
                                      c.get("n_records").hex());
        if c.get("ok").b() {
            let want: Vec<u32> = c.get("indices").arr().iter().map(|v| v.n() as u32).collect();
            assert_eq!(r.unwrap(), want);
        } else {
            assert_eq!(r.unwrap_err().code, zkprov_sys::ZP_ERR_ARG);
        }
    }
}

#[test]
fn dataset() {
    let j = load("dataset");
    for c in cases(&j, "schemas") {
        let r = zkprov::ds_schema_canonical(c.get("json").s());
        if c.get("ok").b() {
            let (text, d) = r.unwrap();
            assert_eq!(text, c.get("canonical").s());
            assert_eq!(hex(&d), c.get("digest").s());
            assert_eq!(zkprov::sha256(text.as_bytes()), d);
        } else {
            assert!(r.is_err());
        }
    }
    for c in cases(&j, "fe_from_i64") { assert_eq!(zkprov::ds_fe_from_i64(c.get("q").dec()), c.get("out").fe()); }
    for c in cases(&j, "i64_from_fe") {
        let r = zkprov::ds_i64_from_fe(c.get("x").fe(), c.get("bound").s().parse().unwrap());
        if c.get("ok").b() { assert_eq!(r.unwrap(), c.get("q").dec()); } else { assert!(r.is_err()); }
    }
    for c in cases(&j, "record_bytes") {
        let d: [u8; 32] = c.get("schema_digest").bytes().try_into().unwrap();
        assert_eq!(hex(&zkprov::ds_record_bytes(&d, &c.get("row").fes())), c.get("bytes").s());
    }
}

#[test]
fn vrf() {
    let j = load("vrf");
    assert!(j.get("rfc9381").get("source").s().contains("RFC 9381"));
    for g in ["rfc9381", "record_keys"] {
        for c in cases(&j, g) {
            let seed: [u8; 32] = c.get("seed").bytes().try_into().unwrap();
            let (pk, sk) = zkprov::vrf_keypair_from_seed(&seed).unwrap();
            assert_eq!(hex(&pk), c.get("pk").s());
            let alpha = c.get("alpha").bytes();
            let pi = zkprov::vrf_prove(&sk, &alpha).unwrap();
            assert_eq!(hex(&pi), c.get("pi").s());
            assert_eq!(hex(&zkprov::vrf_verify(&pk, &pi, &alpha).unwrap()), c.get("beta").s());
        }
    }
    for c in cases(&j, "rejected") {
        let pk: [u8; 32] = c.get("pk").bytes().try_into().unwrap();
        let pi: [u8; 80] = c.get("pi").bytes().try_into().unwrap();
        let e = zkprov::vrf_verify(&pk, &pi, &c.get("alpha").bytes()).unwrap_err();
        assert_eq!(e.code, zkprov_sys::ZP_ERR_VERIFY);
    }
}

/// A certificate made by the CLI ($ZKPROV_CLI, else the build tree's),
/// verified here; another key, another commitment and a changed byte are
/// rejected.
#[test]
fn certificate() {
    let cli = std::env::var("ZKPROV_CLI").map(PathBuf::from)
        .unwrap_or_else(|_| root().join("build/bin/zkprov"));
    assert!(cli.exists(), "no zkprov CLI at {} (set ZKPROV_CLI)", cli.display());
    let dir = std::env::temp_dir().join(format!("zkprov-rs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = std::fs::read_to_string(root().join("tests/data/breast_cancer.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    std::fs::write(dir.join("small.csv"), lines[..21].join("\n") + "\n").unwrap();
    std::fs::write(dir.join("other.csv"), format!("{}\n{}\n", lines[0], lines[21..41].join("\n"))).unwrap();
    let run = |args: &[&str]| {
        let st = Command::new(&cli).args(args).current_dir(&dir).output().unwrap();
        assert!(st.status.success(), "zkprov {:?}: {}", args, String::from_utf8_lossy(&st.stderr));
    };
    run(&["authority", "keygen", "auth"]);
    run(&["authority", "keygen", "evil"]);
    run(&["dataset", "commit", "small.csv", "--format", "csv", "--out", "ds"]);
    run(&["dataset", "commit", "other.csv", "--format", "csv", "--out", "ds2"]);
    run(&["dataset", "certify", "ds.commit", "--key", "auth.key", "--license", "MIT", "--source",
          "test", "--attr", "k=v", "--out", "ds.cert"]);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let c = zkprov::verify_certificate(&dir.join("ds.cert"), &dir.join("auth.pub"),
                                       Some(&dir.join("ds.commit")), now).unwrap();
    assert_eq!((c.records, c.license.as_str(), c.source.as_str()), (20, "MIT", "test"));
    assert_eq!(c.attributes, vec![("k".to_string(), "v".to_string())]);
    let pk = zkprov::read_public_key(&dir.join("auth.pub")).unwrap();
    assert_eq!(c.authority_key_id, zkprov::sha256(&pk));
    let rejected = |e: zkprov::Error| assert!(e.code == zkprov_sys::ZP_ERR_VERIFY || e.code == zkprov_sys::ZP_ERR_PARSE, "{}", e);
    rejected(zkprov::verify_certificate(&dir.join("ds.cert"), &dir.join("evil.pub"), None, now).unwrap_err());
    rejected(zkprov::verify_certificate(&dir.join("ds.cert"), &dir.join("auth.pub"),
                                        Some(&dir.join("ds2.commit")), now).unwrap_err());
    let mut raw = std::fs::read(dir.join("ds.cert")).unwrap();
    let at = raw.windows(11).position(|w| w == b"\"payload\":\"").unwrap() + 20;
    raw[at] ^= 1;
    std::fs::write(dir.join("t.cert"), &raw).unwrap();
    rejected(zkprov::verify_certificate(&dir.join("t.cert"), &dir.join("auth.pub"), None, now).unwrap_err());
    std::fs::remove_dir_all(&dir).unwrap();
}
