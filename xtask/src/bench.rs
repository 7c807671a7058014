//! `bench`: how long generation takes and how much memory it needs, per spec, against the
//! floor of reading the same text into a tree (`parse::load`); with `--compile`, how long the
//! generated crates take to compile.
//!
//! Each spec is measured in a fresh child process (`bench-one`), so the peak resident set it
//! reports (`VmHWM`) belongs to that spec alone. Generation runs in memory, as the library
//! does it; nothing is written. Run it optimised: `cargo run --release -p xtask -- bench`.
//! `--compile` writes the crates under `target/bench-compile/`, builds their dependencies once,
//! then times `cargo check` and `cargo build --release` of each crate alone.

use generator::Settings;
use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

/// Runs `bench-one` for each spec and prints a Markdown table.
pub fn run(args: &[String]) -> ExitCode {
    if args.first().is_some_and(|a| a == "--compile") {
        return compile(&args[1..]);
    }
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
    println!("| spec | KiB | runs | median ms | min ms | floor ms | × floor | output lines | peak RSS MiB | result |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
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
    // The floor: only reading the text into a tree, as often.
    let mut floor: Vec<Duration> = Vec::new();
    let started = Instant::now();
    while floor.len() < 3 || started.elapsed() < Duration::from_millis(500) {
        let t = Instant::now();
        let tree = generator::parse::load(&text);
        floor.push(t.elapsed());
        if tree.is_err() {
            break;
        }
    }
    floor.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let (median, floor) = (ms(times[times.len() / 2]), ms(floor[floor.len() / 2]));
    println!(
        "| {name} | {} | {} | {median:.1} | {:.1} | {floor:.1} | {:.1} | {lines} | {:.1} | {result} |",
        text.len() / 1024,
        times.len(),
        ms(times[0]),
        median / floor.max(f64::EPSILON),
        peak_rss_mib(),
    );
    ExitCode::SUCCESS
}

/// `bench --compile [SPEC...]`: the generated crates' compile times, each crate alone
/// (dependencies built first). By default the full Gcore Streaming spec (with its corpus
/// settings), OpenAI's and the largest corpus spec (GitHub's).
fn compile(args: &[String]) -> ExitCode {
    let root = crate::project_root();
    let corpus = root.join("../shared/corpus");
    let specs: Vec<PathBuf> = if args.is_empty() {
        [
            "gcore-streaming.yaml",
            "openai.yaml",
            "github-ghes-3.5.json",
        ]
        .iter()
        .map(|s| corpus.join(s))
        .collect()
    } else {
        args.iter().map(PathBuf::from).collect()
    };
    let scratch = root.join("target/bench-compile");
    let target = scratch.join("target");
    let mut members = Vec::new();
    for spec in &specs {
        let stem = spec
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = format!("bench-{}", stem.replace('.', "-").to_lowercase());
        let mut settings = Settings::new(&name, "cargo xtask bench --compile");
        let file_settings = root.join("spec/corpus").join(format!("{stem}.yaml"));
        if let Ok(text) = std::fs::read_to_string(&file_settings) {
            match generator::SettingsFile::parse(&text) {
                Ok(file) => settings = file.apply(settings),
                Err(e) => {
                    eprintln!("error: {}: {e}", file_settings.display());
                    return ExitCode::FAILURE;
                }
            }
            settings.crate_name = name.clone();
        }
        let generated = match generator::generate_file(spec, &settings) {
            Ok(g) => g,
            Err(e) => {
                eprintln!("error: {}: {e}", spec.display());
                return ExitCode::FAILURE;
            }
        };
        if let Err(e) =
            generator::output::write_crate(&scratch.join(&name), &generated.files, false)
        {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
        members.push((name, spec.clone()));
    }
    let manifest = format!(
        "# Written by `cargo xtask bench --compile`.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.iter().map(|(m, _)| format!("{m:?}")).collect::<Vec<_>>().join(", ")
    );
    if std::fs::write(scratch.join("Cargo.toml"), manifest).is_err()
        || std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).is_err()
    {
        eprintln!("error: cannot write {}", scratch.display());
        return ExitCode::FAILURE;
    }
    let cargo = |args: &[&str]| {
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(args)
            .current_dir(&scratch)
            .env("CARGO_TARGET_DIR", &target)
            .env("CARGO_INCREMENTAL", "0")
            .status()
            .is_ok_and(|s| s.success())
    };
    eprintln!("building the dependencies (debug and release)...");
    if !cargo(&["check", "--workspace", "--quiet"])
        || !cargo(&["build", "--release", "--workspace", "--quiet"])
    {
        eprintln!("error: the generated crates do not build");
        return ExitCode::FAILURE;
    }
    println!("| crate | lines | check s | release build s |");
    println!("|---|---:|---:|---:|");
    for (name, _) in &members {
        let lib = scratch.join(name).join("src/lib.rs");
        let lines: usize = ["src/lib.rs", "src/models.rs", "src/client.rs"]
            .iter()
            .filter_map(|f| std::fs::read_to_string(scratch.join(name).join(f)).ok())
            .map(|t| t.lines().count())
            .sum();
        let timed = |args: &[&str]| {
            // Same bytes, new mtime: cargo builds this crate again, and only it.
            if let Ok(text) = std::fs::read(&lib) {
                let _ = std::fs::write(&lib, text);
            }
            let started = Instant::now();
            cargo(args).then(|| started.elapsed().as_secs_f64())
        };
        let check = timed(&["check", "--quiet", "-p", name]);
        let release = timed(&["build", "--release", "--quiet", "-p", name]);
        let show = |t: Option<f64>| t.map_or("failed".to_string(), |t| format!("{t:.1}"));
        println!("| {name} | {lines} | {} | {} |", show(check), show(release));
    }
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
