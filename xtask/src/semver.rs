//! `semver [DIR]`: the regeneration report's verdict against cargo-semver-checks' on real spec
//! updates. DIR (default `../shared/spec-history/gcore-streaming`) holds consecutive versions
//! of one spec, named so that they sort in publishing order; each file with an odd number and
//! the one after it are a pair (`01-...` → `02-...`). Both crates are generated, the report is
//! made as `cargo xtask codegen` makes it, and cargo-semver-checks (pinned; installed into
//! `target/tools` when missing) compares the crates' rustdoc. The task fails when the two
//! disagree on whether the update breaks users.

use generator::Settings;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// The cargo-semver-checks release this project compares against.
const CARGO_SEMVER_CHECKS: &str = "0.51.0";

pub fn run(args: &[String]) -> ExitCode {
    match semver(args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn semver(args: &[String]) -> Result<bool, String> {
    let root = crate::project_root();
    let dir = match args {
        [] => root.join("../shared/spec-history/gcore-streaming"),
        [dir] => PathBuf::from(dir),
        _ => return Err("usage: cargo xtask semver [DIR]".into()),
    };
    let tool = crate::pinned_tool(&root, "cargo-semver-checks", CARGO_SEMVER_CHECKS)?;
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            )
        })
        .collect();
    specs.sort();
    let work = root.join("target/semver");
    let mut agree = true;
    println!("| pair | report | cargo-semver-checks | agree |\n|---|---|---|---|");
    for pair in specs.chunks(2) {
        let [old, new] = pair else { continue };
        let (old_dir, new_dir) = (work.join("old"), work.join("new"));
        write(&old_dir, &generate(old)?)?;
        // The report `cargo xtask codegen` prints when it writes the new crate over the old.
        let files = generate(new)?;
        let report = generator::report::over_crate(&old_dir, &files)
            .ok_or_else(|| format!("{} has no public-api.txt", old_dir.display()))?;
        write(&new_dir, &files)?;
        let ours = matches!(
            report.verdict(),
            generator::report::Verdict::Breaking { .. }
        );
        let status = Command::new(&tool)
            .args(["semver-checks", "check-release", "--manifest-path"])
            .arg(new_dir.join("Cargo.toml"))
            .arg("--baseline-root")
            .arg(&old_dir)
            // Both crates share one target folder, so dependencies are built once.
            .env("CARGO_TARGET_DIR", work.join("target"))
            .status()
            .map_err(|e| format!("cannot run {}: {e}", tool.display()))?;
        // 0: nothing breaks; 100 (this release's code): breaking changes found.
        let theirs = match status.code() {
            Some(0) => false,
            Some(100) => true,
            _ => return Err(format!("cargo-semver-checks failed on {}", new.display())),
        };
        let name = |p: &Path| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        let word = |breaking: bool| if breaking { "breaking" } else { "not breaking" };
        println!(
            "| {} → {} | {} | {} | {} |",
            name(old),
            name(new),
            report.verdict(),
            word(theirs),
            if ours == theirs { "yes" } else { "NO" }
        );
        agree &= ours == theirs;
    }
    Ok(agree)
}

/// The files of the crate for `spec`, as `cargo xtask codegen --spec` makes them.
fn generate(spec: &Path) -> Result<Vec<(String, String)>, String> {
    let mut settings = Settings::new("gcore-streaming", "cargo xtask semver");
    settings.standalone = true;
    let generated = generator::generate_file(spec, &settings)
        .map_err(|e| format!("{}: {e}", spec.display()))?;
    Ok(generated.files)
}

fn write(out: &Path, files: &[(String, String)]) -> Result<(), String> {
    generator::output::write_crate(out, files, false)?;
    Ok(())
}
