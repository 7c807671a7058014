//! Generated crates compile warning-free and clippy-clean: every fixture, and the corpus's
//! museum spec (standing in for "a spec this project was not written for"). They are written as
//! members of one scratch workspace under `target/`, so their dependencies build once, and
//! checked with `cargo clippy -- -D warnings`, which also runs rustc's own lints.

use generator::Settings;
use std::path::{Path, PathBuf};
use std::process::Command;
use workspace_tests::{corpus, fixtures, read, root};

fn specs() -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    specs.push(corpus().join("redocly-museum.yaml"));
    specs
}

fn write(path: &Path, contents: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create dir");
    }
    std::fs::write(path, contents).expect("write");
}

#[test]
fn generated_crates_pass_clippy_with_warnings_denied() {
    let scratch = root().join("target/generated-crates");
    let _ = std::fs::remove_dir_all(&scratch);
    let mut members = Vec::new();
    for spec in specs() {
        let stem = spec
            .file_stem()
            .expect("file name")
            .to_string_lossy()
            .replace(['.', '_'], "-");
        let name = format!("check-{stem}");
        let generated = generator::generate(&read(&spec), &Settings::new(&name, "cargo test"))
            .unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        for (file, contents) in &generated.files {
            write(&scratch.join(&name).join(file), contents);
        }
        members.push(format!("{name:?}"));
    }
    write(
        &scratch.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    );
    // Start from the workspace's lock file so the checked crates use the tested versions.
    std::fs::copy(root().join("Cargo.lock"), scratch.join("Cargo.lock")).expect("copy Cargo.lock");

    let output = Command::new(env!("CARGO"))
        .current_dir(&scratch)
        .env(
            "CARGO_TARGET_DIR",
            root().join("target/generated-crates-target"),
        )
        .args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ])
        .output()
        .expect("run cargo clippy");
    assert!(
        output.status.success(),
        "generated crates do not pass clippy:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
