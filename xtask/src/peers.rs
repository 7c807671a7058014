//! `bench --peers [SPEC...]`: generation as a user runs it, the whole process from start to
//! exit (start-up, reading, writing the files), against another generator on the same spec.
//!
//! The peer is openapi-to-rust (pinned; installed into `target/tools` when missing, for this
//! measurement only). progenitor is not here: it takes OpenAPI 3.0 only, and one success and
//! one error type per operation, so most specs need editing by hand before it runs. Each spec
//! is generated five times by each tool, the two taking turns (so a slow minute of the machine
//! falls on both); the table gives each tool's median and the median of the pairwise ratios.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

/// The openapi-to-rust release measured against.
const OPENAPI_TO_RUST: &str = "0.23.0";

const ROUNDS: usize = 5;

pub fn run(args: &[String]) -> ExitCode {
    match peers(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn peers(args: &[String]) -> Result<(), String> {
    let root = crate::project_root();
    let peer = crate::pinned_tool(&root, "openapi-to-rust", OPENAPI_TO_RUST)?;
    let ours = build_ours(&root)?;
    let specs = match args.is_empty() {
        true => crate::bench::corpus_files(&root),
        false => args.iter().map(PathBuf::from).collect(),
    };
    let scratch = root.join("target/bench-peers");
    println!("| spec | openapi-client-gen ms | openapi-to-rust {OPENAPI_TO_RUST} ms | × (median of pairs) | note |");
    println!("|---|---:|---:|---:|---|");
    for spec in &specs {
        let name = spec.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        let mut ours_cmd = Command::new(&ours);
        ours_cmd
            .arg("--spec")
            .arg(spec)
            .arg("--out")
            .arg(scratch.join("ours"));
        ours_cmd.args(["--crate-name", "bench"]);
        let mut peer_cmd = Command::new(&peer);
        peer_cmd.arg("generate").arg(spec).arg("--output-dir");
        peer_cmd.arg(scratch.join("peer")).arg("--quiet");
        let (mut ours_ms, mut peer_ms, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        let mut note = String::new();
        for round in 0..ROUNDS {
            // Who goes first alternates, so neither always meets a warm or a cold cache.
            let (a, b) = match round % 2 {
                0 => (timed(&mut ours_cmd), timed(&mut peer_cmd)),
                _ => {
                    let b = timed(&mut peer_cmd);
                    (timed(&mut ours_cmd), b)
                }
            };
            let (a, b) = (a?, b?);
            if !a.1 {
                note = "openapi-client-gen refuses it".into();
            } else if !b.1 {
                note = "openapi-to-rust refuses it".into();
            }
            ours_ms.push(a.0);
            peer_ms.push(b.0);
            ratios.push(a.0 / b.0);
        }
        println!(
            "| {name} | {:.1} | {:.1} | {:.2} | {note} |",
            median(&mut ours_ms),
            median(&mut peer_ms),
            median(&mut ratios)
        );
    }
    Ok(())
}

/// The generator's own binary, as a user installs it (release, its allocator).
fn build_ours(root: &Path) -> Result<PathBuf, String> {
    let status = Command::new("cargo")
        .args(["build", "--release", "-q", "-p", "generator", "--bin"])
        .arg("openapi-client-gen")
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo build: {e}"))?;
    match status.success() {
        true => Ok(root.join("target/release/openapi-client-gen")),
        false => Err("cargo build of openapi-client-gen failed".into()),
    }
}

/// How long one run takes, in milliseconds, and whether it succeeded (what it prints is
/// discarded, as a terminal would show it).
fn timed(command: &mut Command) -> Result<(f64, bool), String> {
    let start = Instant::now();
    let status = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run {:?}: {e}", command.get_program()))?;
    Ok((start.elapsed().as_secs_f64() * 1000.0, status.success()))
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}
