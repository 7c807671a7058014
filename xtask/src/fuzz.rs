//! `fuzz [SECONDS]`: runs the generator's fuzz targets (`fuzz/`, cargo-fuzz on the nightly
//! toolchain) for SECONDS in all (default 60), split between them. cargo-fuzz is installed
//! (pinned) when missing. Each target starts from a corpus seeded with the fixtures and the
//! small real-world specs; a crash, a timeout (10 s for one input) or an out-of-memory fails
//! the task, and libFuzzer leaves the input in `fuzz/artifacts/<target>/`: make it a fixture
//! (`tests/fixtures/bad/` or `tests/fixtures/adversarial/`) once fixed.

use std::path::Path;
use std::process::{Command, ExitCode};

/// The cargo-fuzz release this project runs.
const CARGO_FUZZ: &str = "0.13.2";
const TARGETS: [&str; 2] = ["pipeline", "structured"];

pub fn run(args: &[String]) -> ExitCode {
    match fuzz(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn fuzz(args: &[String]) -> Result<(), String> {
    let seconds: u64 = match args {
        [] => 60,
        [s] => s
            .parse()
            .map_err(|_| format!("`{s}` is not a number of seconds"))?,
        _ => return Err("usage: cargo xtask fuzz [SECONDS]".into()),
    };
    let root = crate::project_root();
    let fuzz_dir = root.join("fuzz");
    let installed = Command::new("cargo")
        .args(["fuzz", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !installed {
        eprintln!("installing cargo-fuzz {CARGO_FUZZ}...");
        run_status(Command::new("cargo").args([
            "install",
            "cargo-fuzz",
            "--locked",
            "--version",
            CARGO_FUZZ,
        ]))?;
    }
    let per_target = (seconds / TARGETS.len() as u64).max(1);
    for target in TARGETS {
        let corpus = root.join("target/fuzz-corpus").join(target);
        seed(&root, &corpus)?;
        eprintln!("fuzzing `{target}` for {per_target} s...");
        run_status(
            Command::new("cargo")
                .current_dir(&fuzz_dir)
                .args(["+nightly", "fuzz", "run", target])
                .arg(&corpus)
                .args([
                    "--",
                    &format!("-max_total_time={per_target}"),
                    "-timeout=10",
                    "-rss_limit_mb=4096",
                    "-max_len=262144",
                ]),
        )
        .map_err(|e| format!("{e}: the failing input is in fuzz/artifacts/{target}/"))?;
    }
    Ok(())
}

/// Copies the fixtures and the real-world specs under 64 KiB into `corpus` (the structured
/// target reads the fixtures itself; for it these are just more starting bytes).
fn seed(root: &Path, corpus: &Path) -> Result<(), String> {
    std::fs::create_dir_all(corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
    let dirs = [
        root.join("tests/fixtures"),
        root.join("tests/fixtures/bad"),
        root.join("tests/fixtures/adversarial"),
        root.join("../shared/corpus"),
    ];
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let small = entry
                .metadata()
                .is_ok_and(|m| m.is_file() && m.len() < 64 * 1024);
            if small {
                if let Some(name) = path.file_name() {
                    let _ = std::fs::copy(&path, corpus.join(name));
                }
            }
        }
    }
    Ok(())
}

fn run_status(command: &mut Command) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{command:?} failed ({status})"))
    }
}
