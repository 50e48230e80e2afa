// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The zkprov authors.
// Finds the CMake-built libzkprov: $ZKPROV_LIB_DIR, else pkg-config, else the system.

use std::env;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=ZKPROV_LIB_DIR");
    println!("cargo:rerun-if-env-changed=PKG_CONFIG_PATH");
    if let Ok(dir) = env::var("ZKPROV_LIB_DIR") {
        println!("cargo:rustc-link-search=native={}", dir);
    } else if let Ok(out) = Command::new("pkg-config").args(["--libs-only-L", "zkprov"]).output() {
        // the pkg-config program, not a crate: no third-party dependency
        if out.status.success() {
            for tok in String::from_utf8_lossy(&out.stdout).split_whitespace() {
                if let Some(dir) = tok.strip_prefix("-L") {
                    println!("cargo:rustc-link-search=native={}", dir);
                }
            }
        }
    }
    println!("cargo:rustc-link-lib=dylib=zkprov");
}
