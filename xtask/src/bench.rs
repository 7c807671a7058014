//! `bench`: how long generation takes and how much memory it needs, per spec.
//!
//! Each spec is measured in a fresh child process (`bench-one`), so the peak resident set it
//! reports (`VmHWM`) belongs to that spec alone. Generation runs in memory, as the library
//! does it; nothing is written. Run it optimised: `cargo run --release -p xtask -- bench`.

use generator::Settings;
use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

/// Runs `bench-one` for each spec and prints a Markdown table.
pub fn run(args: &[String]) -> ExitCode {
    let specs: Vec<PathBuf> = if args.is_empty() {
        let root = crate::project_root();
        let mut specs = vec![root.join("spec/streaming_api.yaml")];
        let mut corpus: Vec<PathBuf> = std::fs::read_dir(root.join("../shared/corpus"))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
            .collect();
        corpus.sort();
        specs.extend(corpus);
        specs
    } else {
        args.iter().map(PathBuf::from).collect()
    };
    let Ok(exe) = std::env::current_exe() else {
        eprintln!("error: cannot find the running executable");
        return ExitCode::FAILURE;
    };
    println!("| spec | KiB | runs | median ms | min ms | output lines | peak RSS MiB | result |");
    println!("|---|---:|---:|---:|---:|---:|---:|---|");
    for spec in specs {
        match Command::new(&exe).arg("bench-one").arg(&spec).output() {
            Ok(out) => print!("{}", String::from_utf8_lossy(&out.stdout)),
            Err(e) => eprintln!("error: {}: {e}", spec.display()),
        }
    }
    ExitCode::SUCCESS
}

/// Measures one spec: repeats generation for at least a second (and at least 3 times).
pub fn one(args: &[String]) -> ExitCode {
    let Some(spec) = args.first().map(PathBuf::from) else {
        eprintln!("error: bench-one needs a spec");
        return ExitCode::from(2);
    };
    let name = spec
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Ok(text) = std::fs::read_to_string(&spec) else {
        println!("| {name} | | | | | | | cannot read |");
        return ExitCode::FAILURE;
    };
    let settings = Settings::new("bench", "cargo xtask bench");
    let mut times: Vec<Duration> = Vec::new();
    let mut result = String::from("ok");
    let mut lines = 0;
    let started = Instant::now();
    while times.len() < 3 || started.elapsed() < Duration::from_secs(1) {
        let t = Instant::now();
        let generated = generator::generate(&text, &settings);
        times.push(t.elapsed());
        match generated {
            Ok(g) => lines = g.files.iter().map(|(_, f)| f.lines().count()).sum(),
            Err(e) => {
                result = format!(
                    "error: {}",
                    e.to_string().chars().take(60).collect::<String>()
                );
                break;
            }
        }
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "| {name} | {} | {} | {:.1} | {:.1} | {lines} | {:.1} | {result} |",
        text.len() / 1024,
        times.len(),
        ms(times[times.len() / 2]),
        ms(times[0]),
        peak_rss_mib(),
    );
    ExitCode::SUCCESS
}

/// The process's peak resident set size, from `/proc/self/status` (Linux).
fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?.to_string();
            line.split_whitespace().nth(1)?.parse::<f64>().ok()
        })
        .map_or(0.0, |kib| kib / 1024.0)
}
