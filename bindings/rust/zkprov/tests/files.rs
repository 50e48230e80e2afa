// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The zkprov authors.
// Runs, answers and federated rounds made by the CLI, verified through the Rust binding; tampered, truncated and missing files rejected.

use std::path::{Path, PathBuf};
use std::process::Command;

use zkprov::{Chain, FlChecks, RunFiles};
use zkprov_sys::{ZP_ERR_ARG, ZP_ERR_IO, ZP_ERR_PARSE, ZP_ERR_VERIFY};

fn root() -> PathBuf {
    match std::env::var("ZP_SOURCE_DIR") {
        Ok(d) => PathBuf::from(d),
        Err(_) => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.."),
    }
}

/// A temporary folder, removed on drop.
struct Dir(PathBuf);

impl Dir {
    fn new(tag: &str) -> Dir {
        let d = std::env::temp_dir().join(format!("zkprov-rs-{}-{}", tag, std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        Dir(d)
    }
    fn p(&self, name: &str) -> PathBuf { self.0.join(name) }
    /// zkprov ARGS in this folder; panics unless it succeeds.
    fn run(&self, args: &[&str]) {
        let cli = std::env::var("ZKPROV_CLI").map(PathBuf::from)
            .unwrap_or_else(|_| root().join("build/bin/zkprov"));
        let st = Command::new(&cli).args(args).current_dir(&self.0).output()
            .unwrap_or_else(|e| panic!("no zkprov CLI at {} (set ZKPROV_CLI): {}", cli.display(), e));
        assert!(st.status.success(), "zkprov {:?}: {}", args, String::from_utf8_lossy(&st.stderr));
    }
    /// A copy of name with byte pos xor-ed with 1 (pos < 0: from the end),
    /// cut to `cut` bytes when given.
    fn variant(&self, name: &str, out: &str, pos: isize, cut: Option<usize>) -> PathBuf {
        let mut b = std::fs::read(self.p(name)).unwrap();
        let n = b.len() as isize;
        if pos != isize::MIN {
            let i = if pos < 0 { n + pos } else { pos } as usize;
            b[i] ^= 1;
        }
        if let Some(c) = cut {
            b.truncate(c);
        }
        std::fs::write(self.p(out), &b).unwrap();
        self.p(out)
    }
}

impl Drop for Dir {
    fn drop(&mut self) { let _ = std::fs::remove_dir_all(&self.0); }
}

fn rejected<T: std::fmt::Debug>(r: zkprov::Result<T>) -> zkprov::Error {
    let e = r.unwrap_err();
    assert!(e.code == ZP_ERR_VERIFY || e.code == ZP_ERR_PARSE, "{}", e);
    assert!(!e.reason.is_empty() && !e.reason.contains('\n'), "{}", e);
    e
}

fn code<T: std::fmt::Debug>(r: zkprov::Result<T>, want: i32) {
    let e = r.unwrap_err();
    assert_eq!(e.code, want, "{}", e);
    assert!(!e.reason.is_empty(), "{}", e);
}

const CFG: &str = r#"{"format": "zkprov-train-config-v1", "model": {"layers": [30, 8, 2]},
 "loss": "softmax_cross_entropy", "batch_size": 4, "steps": 2,
 "optimizer": {"type": "sgd", "learning_rate": 0.01},
 "sampler_seed": "0000000000000000000000000000000000000000000000000000000000000002",
 "datasets": ["ds.cert"],
 "base_model": {"init": "seeded", "seed": "0000000000000000000000000000000000000000000000000000000000000001"}}
"#;
const IN: &str = "17.99,10.38,122.8,1001,0.1184,0.2776,0.3001,0.1471,0.2419,0.07871,1.095,0.9053,\
8.589,153.4,0.006399,0.04904,0.05373,0.01587,0.03003,0.006193,25.38,17.33,184.6,2019,0.1622,\
0.6656,0.7119,0.2654,0.4601,0.1189\n";

/// Certify, train two proven steps, answer (CLI); verify the run and the
/// answer through the binding; tampered copies of every file are rejected.
#[test]
fn runs_and_answers() {
    let d = Dir::new("run");
    let csv = std::fs::read_to_string(root().join("tests/data/breast_cancer.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    std::fs::write(d.p("small.csv"), lines[..41].join("\n") + "\n").unwrap();
    std::fs::write(d.p("other.csv"), format!("{}\n{}\n", lines[0], lines[41..81].join("\n"))).unwrap();
    std::fs::write(d.p("cfg.json"), CFG).unwrap();
    std::fs::write(d.p("in.csv"), IN).unwrap();
    d.run(&["authority", "keygen", "auth"]);
    d.run(&["authority", "keygen", "evil"]);
    d.run(&["dataset", "commit", "small.csv", "--format", "csv", "--out", "ds"]);
    d.run(&["dataset", "commit", "other.csv", "--format", "csv", "--out", "ds2"]);
    d.run(&["dataset", "certify", "ds.commit", "--key", "auth.key", "--license", "MIT",
            "--source", "test", "--out", "ds.cert"]);
    d.run(&["dataset", "certify", "ds2.commit", "--key", "auth.key", "--license", "MIT",
            "--source", "test", "--out", "ds2.cert"]);
    d.run(&["train", "--config", "cfg.json", "--cert", "ds.cert", "--authority", "auth.pub",
            "--secret", "ds.secret", "--data", "small.csv", "--format", "csv", "--out", "RUN"]);
    d.run(&["infer", "RUN/", "--input", "in.csv", "--out", "ans.json"]);
    let (run, cert, auth) = (d.p("RUN/run.proof"), d.p("ds.cert"), d.p("auth.pub"));
    let certs = [cert.as_path()];

    // ---- the run ----
    let r = zkprov::verify_run(&run, &certs, &auth, RunFiles::default(), -1).unwrap();
    assert_eq!((r.n_steps, r.batch_size, r.n_records), (2, 4, 40));
    assert!(r.records_bound && r.base_checked && r.model_checked);
    assert!(r.not_proven.is_empty(), "{:?}", r.not_proven);
    assert_eq!(r.certificates.len(), 1);
    assert_eq!((r.certificates[0].records, r.certificates[0].license.as_str()), (40, "MIT"));
    let c = zkprov::verify_certificate(&cert, &auth, None, -1).unwrap();
    assert_eq!(r.certificates[0].digest, c.digest);
    assert_eq!(r.certificates[0].dataset_digest, c.dataset_digest);
    assert_eq!(r.run_digest, zkprov::sha256(&std::fs::read(&run).unwrap()));
    let explicit = RunFiles {
        config: Some(&d.p("RUN/config.json")),
        model: Some(&d.p("RUN/model.commit")),
        commit: Some(&d.p("ds.commit")),
    };
    assert_eq!(zkprov::verify_run(&run, &certs, &auth, explicit, -1).unwrap(), r);
    let size = std::fs::metadata(&run).unwrap().len() as isize;
    let in_run = RunFiles { config: Some(&d.p("RUN/config.json")), model: Some(&d.p("RUN/model.commit")), commit: None };
    for pos in [20, size / 3, size / 2, size - 40, size - 1] {
        rejected(zkprov::verify_run(&d.variant("RUN/run.proof", "t.proof", pos, None), &certs, &auth,
                                    in_run, -1));
    }
    rejected(zkprov::verify_run(&d.variant("RUN/run.proof", "t.proof", isize::MIN,
                                           Some(size as usize / 2)), &certs, &auth, in_run, -1));
    rejected(zkprov::verify_run(&run, &certs, &d.p("evil.pub"), RunFiles::default(), -1));
    let e = rejected(zkprov::verify_run(&run, &[d.p("ds2.cert").as_path()], &auth,
                                        RunFiles::default(), -1));
    assert!(e.reason.contains("does not rest on the certificate"), "{}", e);
    rejected(zkprov::verify_run(&run, &[d.variant("ds.cert", "t.cert", 300, None).as_path()], &auth,
                                RunFiles::default(), -1));
    let other_commit = RunFiles { commit: Some(&d.p("ds2.commit")), ..RunFiles::default() };
    rejected(zkprov::verify_run(&run, &certs, &auth, other_commit, -1));
    let bad_commit = d.variant("ds.commit", "t.commit", 200, None);
    rejected(zkprov::verify_run(&run, &certs, &auth,
                                RunFiles { commit: Some(&bad_commit), ..RunFiles::default() }, -1));
    let bad_model = d.variant("RUN/model.commit", "t.model", 100, None);
    let e = rejected(zkprov::verify_run(&run, &certs, &auth,
                                        RunFiles { model: Some(&bad_model), ..RunFiles::default() }, -1));
    assert!(e.reason.contains("t.model"), "{}", e);
    std::fs::write(d.p("cfg2.json"), CFG.replace("0.01", "0.02")).unwrap();
    let cfg2 = d.p("cfg2.json");
    rejected(zkprov::verify_run(&run, &certs, &auth, RunFiles { config: Some(&cfg2), ..RunFiles::default() }, -1));
    code(zkprov::verify_run(&d.p("none.proof"), &certs, &auth, in_run, -1), ZP_ERR_IO);
    code(zkprov::verify_run(&run, &[d.p("none.cert").as_path()], &auth, RunFiles::default(), -1), ZP_ERR_IO);
    code(zkprov::verify_run(&run, &[cert.as_path(), cert.as_path()], &auth, RunFiles::default(), -1),
         ZP_ERR_ARG);
    code(zkprov::verify_run(&run, &[], &auth, RunFiles::default(), -1), ZP_ERR_ARG);

    // ---- the answer, alone and with its chain ----
    let ans = d.p("ans.json");
    let model = d.p("RUN/model.commit");
    let a = zkprov::verify_answer(&ans, Some(&model), None, -1).unwrap();
    assert_eq!((a.opening, a.scores.len(), a.scores[0].len()), (1, 1, 2));
    assert!(a.run.is_none() && !a.private_input);
    assert_eq!(a.run_digest, Some(r.run_digest));
    assert_eq!(a.certificate_digests, vec![c.digest]);
    assert_eq!(a.model_digest, r.final_digest);
    let text = std::fs::read_to_string(&ans).unwrap();
    let scores = format!("[{},{}]", a.scores[0][0], a.scores[0][1]);
    assert!(text.replace(' ', "").contains(&scores), "{} not in {}", scores, text);
    let chain = Chain { run: &run, certs: &certs, authority: &auth, config: None, commit: None };
    let full = zkprov::verify_answer(&ans, None, Some(chain), -1).unwrap();
    assert_eq!(full.run.as_ref().unwrap(), &r);
    let asz = text.len() as isize;
    for pos in [5, asz / 2, asz - 3] {
        rejected(zkprov::verify_answer(&d.variant("ans.json", "t.json", pos, None), Some(&model), None, -1));
    }
    rejected(zkprov::verify_answer(&d.variant("ans.json", "t.json", isize::MIN, Some(text.len() / 2)),
                                   Some(&model), None, -1));
    rejected(zkprov::verify_answer(&ans, Some(&bad_model), None, -1));
    let evil = d.p("evil.pub");
    rejected(zkprov::verify_answer(&ans, None, Some(Chain { authority: &evil, ..chain }), -1));
    let c2 = [d.p("ds2.cert")];
    let c2r: Vec<&Path> = c2.iter().map(|p| p.as_path()).collect();
    rejected(zkprov::verify_answer(&ans, None, Some(Chain { certs: &c2r, ..chain }), -1));
    code(zkprov::verify_answer(&d.p("none.json"), Some(&model), None, -1), ZP_ERR_IO);
    code(zkprov::verify_answer(&ans, None, None, -1), ZP_ERR_ARG);
}

/// A federated round made by the CLI (two clients, updates without training
/// proofs), verified through the binding; tampered and truncated aggregates,
/// another previous round and missing files are rejected.
#[test]
fn federated_round() {
    let d = Dir::new("fl");
    let mut clients = String::new();
    for c in ["a", "b"] {
        d.run(&["authority", "keygen", &format!("h{}", c)]);
        clients.push_str(&format!("{}\n", d.p(&format!("h{}.pub", c)).display()));
    }
    std::fs::write(d.p("clients.txt"), clients).unwrap();
    let vals = |f: &dyn Fn(i64) -> i64| (0..16).map(|i| format!("{}\n", f(i))).collect::<String>();
    std::fs::write(d.p("g.txt"), vals(&|i| (i * 37) % 201 - 100)).unwrap();
    std::fs::write(d.p("ua.txt"), vals(&|i| (i * 7) % 21 - 10)).unwrap();
    std::fs::write(d.p("ub.txt"), vals(&|i| (i * 5) % 31 - 15)).unwrap();
    d.run(&["fl", "init", "--global", "g.txt", "--clients", "clients.txt", "--bound", "400",
            "--update-bits", "8", "--out", "r0.bin"]);
    d.run(&["fl", "init", "--global", "ua.txt", "--clients", "clients.txt", "--bound", "400",
            "--update-bits", "8", "--out", "other.bin"]);
    d.run(&["fl", "update", "r0.bin", "--key", "ha.key", "--update", "ua.txt", "--samples", "120",
            "--out", "a.upd"]);
    d.run(&["fl", "update", "r0.bin", "--key", "hb.key", "--update", "ub.txt", "--samples", "80",
            "--out", "b.upd"]);
    d.run(&["fl", "aggregate", "r0.bin", "a.upd", "b.upd", "--prove", "--out", "r1.agg",
            "--allow-untrained"]);
    let (prev, next) = (d.p("r0.bin"), d.p("r1.agg"));
    let allow = FlChecks { allow_untrained: true, ..FlChecks::default() };
    let r = zkprov::verify_fl_round(&next, &prev, None, None, allow, -1).unwrap();
    assert_eq!((r.round_id + 1, r.next_round_id, r.n_updates), (r.next_round_id, 1, 2));
    let mut inc = r.included_clients.clone();
    inc.sort();
    assert_eq!(inc, vec![0, 1]);
    assert!(r.excluded_clients.is_empty() && r.trained_clients.is_empty());
    assert!(r.range_proofs_checked && r.training_proofs_checked);
    let light = FlChecks { range_proofs: false, training_proofs: false, allow_untrained: true };
    let r2 = zkprov::verify_fl_round(&next, &prev, None, None, light, -1).unwrap();
    assert!(!r2.range_proofs_checked && !r2.training_proofs_checked);
    assert_eq!(r2.next_digest, r.next_digest);
    // untrained updates are refused unless allowed
    let e = rejected(zkprov::verify_fl_round(&next, &prev, None, None, FlChecks::default(), -1));
    assert!(e.reason.contains("no training proof"), "{}", e);
    let n = std::fs::metadata(&next).unwrap().len() as isize;
    for pos in [40, n / 2, n - 10] {
        let e = zkprov::verify_fl_round(&d.variant("r1.agg", "t.agg", pos, None), &prev, None, None,
                                        allow, -1).unwrap_err();
        assert_eq!(e.code, ZP_ERR_VERIFY, "{}", e);
    }
    code(zkprov::verify_fl_round(&d.variant("r1.agg", "t.agg", isize::MIN, Some(n as usize / 2)),
                                 &prev, None, None, allow, -1), ZP_ERR_VERIFY);
    code(zkprov::verify_fl_round(&next, &d.p("other.bin"), None, None, allow, -1), ZP_ERR_VERIFY);
    code(zkprov::verify_fl_round(&next, &d.p("none.bin"), None, None, allow, -1), ZP_ERR_IO);
    code(zkprov::verify_fl_round(&d.p("none.agg"), &prev, None, None, allow, -1), ZP_ERR_IO);
}
