//! `bench`: how long generation takes and how much memory it needs, per spec, against the
//! floor of reading the same text into a tree (`parse::load`); with `--compile`, how long the
//! generated crates take to compile.
//!
//! Each spec is measured in a fresh child process (`bench-one`), so the peak resident set it
//! reports (`VmHWM`) belongs to that spec alone. The heap is counted by the task's allocator:
//! what the loaded tree holds, the floor's own peak while loading it, and generation's peak
//! (its multiple of the tree is the memory goal's measure). Generation runs in memory, as the
//! library does it; nothing is written. Run it optimised: `cargo run --release -p xtask -- bench`.
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
        specs.extend(corpus_files(&root));
        specs
    } else {
        args.iter().map(PathBuf::from).collect()
    };
    let Ok(exe) = std::env::current_exe() else {
        eprintln!("error: cannot find the running executable");
        return ExitCode::FAILURE;
    };
    println!("| spec | KiB | runs | median ms | min ms | floor ms | × floor | output lines | tree MiB | floor peak MiB | peak heap MiB | × tree | peak RSS MiB | result |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for spec in specs {
        match Command::new(&exe).arg("bench-one").arg(&spec).output() {
            Ok(out) => print!("{}", String::from_utf8_lossy(&out.stdout)),
            Err(e) => eprintln!("error: {}: {e}", spec.display()),
        }
    }
    ExitCode::SUCCESS
}

/// The corpus's one-file specs, sorted (the multi-file DigitalOcean folder is left out).
pub fn corpus_files(root: &std::path::Path) -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(root.join("../shared/corpus"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    specs.sort();
    specs
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
        println!("| {name} | | | | | | | | | | | | | cannot read |");
        return ExitCode::FAILURE;
    };
    let settings = Settings::new("bench", "cargo xtask bench");
    // The heap: what the loaded tree holds (the floor's result), and generation's peak above
    // what was allocated before it, both counted by the task's allocator.
    let before = crate::HEAP.current_usage();
    crate::HEAP.reset_peak_usage();
    let tree = generator::parse::load(&text);
    let tree_bytes = crate::HEAP.current_usage().saturating_sub(before);
    let floor_peak = crate::HEAP.peak_usage().saturating_sub(before);
    drop(tree);
    let before = crate::HEAP.current_usage();
    crate::HEAP.reset_peak_usage();
    let first = generator::generate(&text, &settings);
    let peak_bytes = crate::HEAP.peak_usage().saturating_sub(before);
    drop(first);
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
    let mib = |bytes: usize| bytes as f64 / (1024.0 * 1024.0);
    println!(
        "| {name} | {} | {} | {median:.1} | {:.1} | {floor:.1} | {:.1} | {lines} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {result} |",
        text.len() / 1024,
        times.len(),
        ms(times[0]),
        median / floor.max(f64::EPSILON),
        mib(tree_bytes),
        mib(floor_peak),
        mib(peak_bytes),
        peak_bytes as f64 / tree_bytes.max(1) as f64,
        peak_rss_mib(),
    );
    ExitCode::SUCCESS
}

/// `bench --compile [SPEC...] [--vs CRATE_DIR...]`: the generated crates' compile times, each
/// crate alone (its dependencies built first), the median of three rounds. By default the full
/// Gcore Streaming spec (with its corpus settings), OpenAI's and the largest corpus spec
/// (GitHub's). Each `--vs` crate (another generator's output, say progenitor's for the same
/// spec) is copied into the same workspace and timed the same way, and every time is also given
/// as a multiple of the first crate's.
fn compile(args: &[String]) -> ExitCode {
    let root = crate::project_root();
    let mut peers: Vec<PathBuf> = Vec::new();
    let mut rest: Vec<String> = Vec::new();
    let mut args_iter = args.iter();
    while let Some(arg) = args_iter.next() {
        match (arg.as_str(), args_iter.clone().next()) {
            ("--vs", Some(dir)) => {
                peers.push(PathBuf::from(dir));
                args_iter.next();
            }
            ("--vs", None) => {
                eprintln!("error: `--vs` needs a crate directory");
                return ExitCode::from(2);
            }
            _ => rest.push(arg.clone()),
        }
    }
    let specs = crate_specs(&rest);
    let scratch = root.join("target/bench-compile");
    let target = scratch.join("target");
    let mut members = Vec::new();
    for spec in &specs {
        let (name, settings) = match crate_settings(spec, "bench", "cargo xtask bench --compile") {
            Ok(named) => named,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
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
    for peer in &peers {
        let Some(package) = package_name(&peer.join("Cargo.toml")) else {
            eprintln!("error: {}: no [package] name", peer.display());
            return ExitCode::FAILURE;
        };
        let name = format!("vs-{package}");
        if let Err(e) = copy_crate(peer, &scratch.join(&name)) {
            eprintln!("error: {}: {e}", peer.display());
            return ExitCode::FAILURE;
        }
        members.push((name, peer.clone()));
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
    // Each crate is built alone once first, untimed: `-p` resolves the dependencies' features
    // for that crate only, so a crate's first build can rebuild dependencies the others did not
    // need (that used to be timed as the crate's own).
    eprintln!("building each crate's dependencies (check and release)...");
    for (name, _) in &members {
        if !cargo(&["check", "--quiet", "-p", name])
            || !cargo(&["build", "--release", "--quiet", "-p", name])
        {
            eprintln!("error: {name} does not build");
            return ExitCode::FAILURE;
        }
    }
    let timed = |name: &str, args: &[&str]| {
        // Same bytes, new mtime: cargo builds this crate again, and only it.
        let lib = scratch.join(name).join("src/lib.rs");
        if let Ok(text) = std::fs::read(&lib) {
            let _ = std::fs::write(&lib, text);
        }
        let started = Instant::now();
        cargo(args).then(|| started.elapsed().as_secs_f64())
    };
    // Three rounds, the crates taking turns within each (so a slow minute of the machine is
    // shared out), and the median of each crate's three.
    const ROUNDS: usize = 3;
    let mut times: Vec<[Vec<f64>; 2]> = vec![[Vec::new(), Vec::new()]; members.len()];
    for _ in 0..ROUNDS {
        for ((name, _), times) in members.iter().zip(&mut times) {
            let runs = [
                timed(name, &["check", "--quiet", "-p", name]),
                timed(name, &["build", "--release", "--quiet", "-p", name]),
            ];
            for (kind, run) in runs.into_iter().enumerate() {
                times[kind].extend(run);
            }
        }
    }
    let median = |runs: &[f64]| {
        let mut runs = runs.to_vec();
        runs.sort_by(f64::total_cmp);
        (runs.len() == ROUNDS).then(|| runs[ROUNDS / 2])
    };
    println!("| crate | lines | check s (median of {ROUNDS}) | × first | release build s (median of {ROUNDS}) | × first |");
    println!("|---|---:|---:|---:|---:|---:|");
    let mut first: Option<(Option<f64>, Option<f64>)> = None;
    for ((name, _), [checks, releases]) in members.iter().zip(&times) {
        let lines: usize = rust_files(&scratch.join(name).join("src"))
            .iter()
            .filter_map(|f| std::fs::read_to_string(f).ok())
            .map(|t| t.lines().count())
            .sum();
        let (check, release) = (median(checks), median(releases));
        let show = |t: Option<f64>| t.map_or("failed".to_string(), |t| format!("{t:.2}"));
        let (first_check, first_release) = *first.get_or_insert((check, release));
        let ratio = |t: Option<f64>, base: Option<f64>| match (t, base) {
            (Some(t), Some(base)) if base > 0.0 => format!("{:.2}", t / base),
            _ => String::new(),
        };
        println!(
            "| {name} | {lines} | {} | {} | {} | {} |",
            show(check),
            ratio(check, first_check),
            show(release),
            ratio(release, first_release),
        );
    }
    ExitCode::SUCCESS
}

/// The `[package] name` of a manifest.
fn package_name(manifest: &std::path::Path) -> Option<String> {
    let text = std::fs::read_to_string(manifest).ok()?;
    let mut in_package = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if let (true, Some(value)) = (in_package, line.strip_prefix("name")) {
            let value = value.trim_start().strip_prefix('=')?.trim();
            return Some(value.trim_matches('"').to_string());
        }
    }
    None
}

/// Copies a crate's `Cargo.toml` and `src/` (nothing else: no target directory, no lock file),
/// renaming the package after its directory so that it cannot clash with a generated one.
/// A `[workspace]` table (a crate generated with `--out` is its own workspace) and the
/// dev-dependencies (only the library is built; a generated crate's name its own) are left out.
fn copy_crate(from: &std::path::Path, to: &std::path::Path) -> std::io::Result<()> {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to.join("src"))?;
    let manifest = std::fs::read_to_string(from.join("Cargo.toml"))?;
    let name = to
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut table = String::new();
    let mut out = String::new();
    for line in manifest.lines() {
        if line.trim().starts_with('[') {
            table = line.trim().to_string();
        }
        match table.as_str() {
            "[workspace]" | "[dev-dependencies]" => {}
            "[package]" if line.trim_start().starts_with("name") => {
                out.push_str(&format!("name = {name:?}\n"))
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    std::fs::write(to.join("Cargo.toml"), out)?;
    for file in rust_files(&from.join("src")) {
        let relative = file.strip_prefix(from).unwrap_or(&file);
        if let Some(dir) = to.join(relative).parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::copy(&file, to.join(relative))?;
    }
    Ok(())
}

/// The `.rs` files under `dir`, recursively, sorted.
fn rust_files(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
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

/// The specs a crate bench measures: those named, else the full Gcore Streaming spec, OpenAI's
/// and the largest corpus spec (GitHub's).
pub fn crate_specs(args: &[String]) -> Vec<PathBuf> {
    if !args.is_empty() {
        return args.iter().map(PathBuf::from).collect();
    }
    let corpus = crate::project_root().join("../shared/corpus");
    [
        "gcore-streaming.yaml",
        "openai.yaml",
        "github-ghes-3.5.json",
    ]
    .iter()
    .map(|s| corpus.join(s))
    .collect()
}

/// The crate name (`{prefix}-{spec's file stem}`) and settings a bench generates `spec` with:
/// the corpus settings of that spec (`spec/corpus/{stem}.yaml`) when there are some.
pub fn crate_settings(
    spec: &std::path::Path,
    prefix: &str,
    command: &str,
) -> Result<(String, Settings), String> {
    let stem = spec
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = format!("{prefix}-{}", stem.replace('.', "-").to_lowercase());
    let mut settings = Settings::new(&name, command);
    let file_settings = crate::project_root()
        .join("spec/corpus")
        .join(format!("{stem}.yaml"));
    if let Ok(text) = std::fs::read_to_string(&file_settings) {
        let file = generator::SettingsFile::parse(&text)
            .map_err(|e| format!("{}: {e}", file_settings.display()))?;
        settings = file.apply(settings);
        settings.crate_name = name.clone();
    }
    Ok((name, settings))
}
