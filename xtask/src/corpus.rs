//! `corpus [DIR]`: the real-world gate. Every spec in DIR (default `../shared/corpus`) is
//! generated into a crate under `target/corpus/<DIR name>/`, the crates are made members of one
//! scratch workspace (so dependencies build once, into `target/corpus-target`), and each must
//! pass `cargo clippy --all-targets --features serialize,deserialize -- -D warnings`, and again
//! without those and its resource features. A table of what was generated and how long
//! it took is printed, and for the default corpus written to `docs/corpus.md`.
//!
//! `corpus --wide [DIR]` (default `../shared/corpus-wide`) is the lighter gate for breadth:
//! every spec generates with no settings, and the crates are checked together with warnings
//! denied (`cargo check --workspace --keep-going`, `RUSTFLAGS=-D warnings`, in
//! `target/corpus-wide-target` so those flags never invalidate the full gate's build); the
//! table goes to `docs/corpus-wide.md`.

use generator::Settings;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

struct Row {
    spec: String,
    operations: usize,
    schemas: usize,
    warnings: usize,
    lines: usize,
    generate_s: f64,
    check_s: Option<f64>,
    /// Examples in the spec, and how many of them contradict their schema (listed in the
    /// settings, or predicted by the generator: their tests assert that they still fail).
    examples: usize,
    deviations: usize,
    result: String,
}

pub fn run(args: &[String]) -> ExitCode {
    match corpus(args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn corpus(args: &[String]) -> Result<bool, String> {
    let root = crate::project_root();
    let (wide, args) = match args {
        [flag, rest @ ..] if flag == "--wide" => (true, rest),
        _ => (false, args),
    };
    let default_dir = root.join(if wide {
        "../shared/corpus-wide"
    } else {
        "../shared/corpus"
    });
    let dir = match args {
        [] => default_dir.clone(),
        [dir] => PathBuf::from(dir),
        _ => return Err("usage: cargo xtask corpus [--wide] [DIR]".into()),
    };
    let is_default = dir.canonicalize().ok() == default_dir.canonicalize().ok();
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter_map(|p| {
            if p.is_dir() {
                folder_entry(&p)
            } else {
                Some(p)
            }
        })
        .filter(|p| is_spec_file(p))
        .collect();
    specs.sort();
    if specs.is_empty() {
        return Err(format!("no .yaml/.json specs in {}", dir.display()));
    }
    let dir_name = dir
        .canonicalize()
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "corpus".into());
    let scratch = root.join("target/corpus").join(&dir_name);
    let _ = std::fs::remove_dir_all(&scratch);

    let mut rows = Vec::new();
    let mut members = Vec::new();
    for spec in &specs {
        let file = spec_label(&dir, spec);
        let crate_name = format!("corpus-{}", crate_slug(spec));
        let command = format!("cargo xtask corpus {}", dir.display());
        let settings = Settings::new(&crate_name, &command);
        // The wide corpus is generated as a stranger would: with no settings at all.
        let settings = match wide {
            true => settings,
            false => settings_for(&root, spec, settings)?,
        };
        let deviations = settings.example_deviations.len();
        let started = Instant::now();
        let generated = generator::generate_file(spec, &settings);
        let generate_s = started.elapsed().as_secs_f64();
        let mut row = Row {
            spec: file,
            operations: 0,
            schemas: 0,
            warnings: 0,
            lines: 0,
            generate_s,
            check_s: None,
            examples: 0,
            deviations,
            result: String::new(),
        };
        match generated {
            Ok(generated) => {
                row.operations = generated.api.operations.len();
                row.schemas = component_schemas(&generated.api);
                row.warnings = generated.notes.len();
                row.examples = generated.api.examples.len();
                row.deviations += generated
                    .api
                    .examples
                    .iter()
                    .filter(|e| e.deviation.is_some())
                    .count();
                row.lines = generated.files.iter().map(|(_, f)| f.lines().count()).sum();
                for note in &generated.notes {
                    let note = generator::error::one_line(&note.to_string());
                    eprintln!("warning: {}: {note}", spec.display());
                }
                generator::output::write_crate(
                    &scratch.join(&crate_name),
                    &generated.files,
                    false,
                )?;
                members.push(crate_name);
            }
            Err(e) => {
                row.result = format!(
                    "generation failed: {}",
                    generator::error::one_line(&e.to_string())
                )
            }
        }
        rows.push(row);
    }

    write(&scratch.join("Cargo.toml"), &format!(
        "# Written by `cargo xtask corpus`: one member per spec.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n{}",
        members.iter().map(|m| format!("{m:?}")).collect::<Vec<_>>().join(", "),
        crate::SCRATCH_PROFILE
    ))?;
    // Start from the project's lock file, so the crates build with the versions it tests.
    std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock"))
        .map_err(|e| format!("copy Cargo.lock: {e}"))?;
    if wide {
        return check_wide(&root, &scratch, &members, &mut rows, is_default);
    }
    let target = root.join("target/corpus-target");

    // Dependencies first, once, so each crate's own check time is measured alone.
    if !members.is_empty() {
        eprintln!("building dependencies...");
        cargo(&scratch, &target, &["check", "--workspace", "--quiet"])?;
    }
    let mut member = members.iter();
    for row in rows.iter_mut().filter(|r| r.result.is_empty()) {
        let Some(name) = member.next() else { break };
        // Rewriting lib.rs (same bytes, new mtime) makes cargo check this crate again.
        let lib = scratch.join(name).join("src/lib.rs");
        let lib_text = std::fs::read(&lib).map_err(|e| e.to_string())?;
        std::fs::write(&lib, lib_text).map_err(|e| e.to_string())?;
        let started = Instant::now();
        let checked = cargo(&scratch, &target, &["check", "--quiet", "-p", name])?;
        row.check_s = Some(started.elapsed().as_secs_f64());
        // With the serde impls the client does not need, so they are checked too (the run
        // without resource features below checks the crate without them).
        let linted = cargo(
            &scratch,
            &target,
            &[
                "clippy",
                "--quiet",
                "--all-targets",
                "-p",
                name,
                "--features",
                "serialize,deserialize",
                "--",
                "-D",
                "warnings",
            ],
        )?;
        // The spec's own examples must round-trip (known deviations must still fail).
        let examples_ok = row.examples == 0
            || cargo(
                &scratch,
                &target,
                &["test", "--quiet", "-p", name, "--test", "spec_examples"],
            )?;
        // Every method's doc example compiles (`no_run`: nothing is sent).
        let docs_ok = cargo(&scratch, &target, &["test", "--quiet", "--doc", "-p", name])?;
        // And the crate builds warning-free with none of its resource features.
        let bare_ok = cargo(
            &scratch,
            &target,
            &[
                "clippy",
                "--quiet",
                "-p",
                name,
                "--no-default-features",
                "--features",
                "rustls",
                "--",
                "-D",
                "warnings",
            ],
        )?;
        row.result = match (checked, linted, examples_ok, docs_ok, bare_ok) {
            (true, true, true, true, true) => "ok".into(),
            (false, ..) => "does not compile".into(),
            (true, false, ..) => "clippy warnings".into(),
            (true, true, false, ..) => "example tests fail".into(),
            (true, true, true, false, _) => "doc examples fail".into(),
            (true, true, true, true, false) => "warnings without its resource features".into(),
        };
        eprintln!("{}: {}", row.spec, row.result);
    }

    let table = table(&rows);
    println!("{table}");
    if is_default {
        let deviations = deviations_doc(&root, &specs)?;
        let doc = format!(
            "# Corpus results\n\nWritten by `cargo xtask corpus` (which `.ci/run` runs) for the specs in `../shared/corpus`:\neach is generated into a crate that must pass `cargo clippy --all-targets --features\nserialize,deserialize -- -D warnings` (the serde impls the client does not need too), its doc\nexamples (`cargo test --doc`: one per operation method, compiled, not run), clippy again with\nnone of those and none of its resource features (`--no-default-features --features rustls`) and its\n`tests/spec_examples.rs` (every example in the spec decoded into its type and encoded\nagain, losing nothing; an example the generator finds contradicting its own schema is counted\nas a known deviation, warned about with its evidence, and its test asserts that it still fails).\n\"check s\" is `cargo check` of that crate alone, dependencies already\nbuilt, on the machine that ran it.\n\n{table}\n## Known deviations listed by hand\n\nListed in `spec/corpus/<spec>.yaml` (the others are found by the generator and printed as\nwarnings by `cargo xtask corpus`). The model is not weakened to accept them; their tests assert\nthat they still fail, and name the evidence below.\n{deviations}"
        );
        write(&root.join("docs/corpus.md"), &doc)?;
        eprintln!("wrote docs/corpus.md");
    }
    Ok(all_ok(&rows))
}

/// The wide gate: every crate checked in one `cargo check --workspace --keep-going` with
/// warnings denied (one build of the shared dependencies, both cores busy), then each crate
/// again alone (already built: a fraction of a second) to say which failed.
fn check_wide(
    root: &Path,
    scratch: &Path,
    members: &[String],
    rows: &mut [Row],
    is_default: bool,
) -> Result<bool, String> {
    let target = root.join("target/corpus-wide-target");
    let flags = [("RUSTFLAGS", "-D warnings")];
    if !members.is_empty() {
        eprintln!("checking {} crates...", members.len());
        let started = Instant::now();
        cargo_with(
            scratch,
            &target,
            &flags,
            &["check", "--workspace", "--keep-going", "--quiet"],
        )?;
        eprintln!("checked in {:.0} s", started.elapsed().as_secs_f64());
    }
    let mut member = members.iter();
    for row in rows.iter_mut().filter(|r| r.result.is_empty()) {
        let Some(name) = member.next() else { break };
        let ok = cargo_with(scratch, &target, &flags, &["check", "--quiet", "-p", name])?;
        row.result = if ok {
            "ok"
        } else {
            "does not compile warning-free"
        }
        .into();
    }
    let table = table(rows);
    println!("{table}");
    if is_default {
        let doc = format!(
            "# Wide corpus results\n\nWritten by `cargo xtask corpus --wide` (which `.ci/run` runs) for the specs in\n`../shared/corpus-wide`: 30 vendors' specs the generator is never fitted to. Each is generated\nwith no settings, and every crate must pass `cargo check` with warnings denied (checked together,\nso no per-crate check time). Warnings are the generator's: rule breaks it read as meant,\nconstructs it approximates, examples that contradict their schema.\n\n{table}"
        );
        write(&root.join("docs/corpus-wide.md"), &doc)?;
        eprintln!("wrote docs/corpus-wide.md");
    }
    Ok(all_ok(rows))
}

/// Whether every row is `ok`; the others are printed as `FAILED spec: why`.
fn all_ok(rows: &[Row]) -> bool {
    let failed: Vec<&Row> = rows.iter().filter(|r| r.result != "ok").collect();
    for row in &failed {
        eprintln!("FAILED {}: {}", row.spec, row.result);
    }
    failed.is_empty()
}

/// How many component schemas the generated types come from (after bundling, so the schemas
/// of a multi-file spec's other files count too).
fn component_schemas(api: &generator::ir::Api) -> usize {
    api.types
        .iter()
        .filter(|t| {
            t.source
                .strip_prefix("#/components/schemas/")
                .is_some_and(|name| !name.contains('/'))
        })
        .count()
}

fn is_spec_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
}

/// A folder is one multi-file spec when exactly one file at its top level has an `openapi`
/// key: that file is the entry (the others are only reached through `$ref`s). A folder of
/// several specs (`tests/fixtures/bad/`) is not one.
fn folder_entry(dir: &Path) -> Option<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && is_spec_file(p))
        .collect();
    files.sort();
    let mut entries = files.into_iter().filter(|p| {
        std::fs::read_to_string(p)
            .ok()
            .and_then(|text| generator::parse::load(&text).ok())
            .is_some_and(|tree| tree.get("openapi").is_some())
    });
    match (entries.next(), entries.next()) {
        (Some(entry), None) => Some(entry),
        _ => None,
    }
}

/// How a spec is named in the table: its file name, or `folder/entry` for a multi-file spec.
fn spec_label(dir: &Path, spec: &Path) -> String {
    spec.strip_prefix(dir)
        .unwrap_or(spec)
        .to_string_lossy()
        .into_owned()
}

fn crate_slug(spec: &Path) -> String {
    let stem = spec
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

fn table(rows: &[Row]) -> String {
    let mut out = String::from("| spec | operations | schemas | examples (known deviations) | warnings | generated lines | generate s | check s | result |\n|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for r in rows {
        let check = r.check_s.map(|s| format!("{s:.1}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} ({}) | {} | {} | {:.3} | {check} | {} |",
            r.spec,
            r.operations,
            r.schemas,
            r.examples,
            r.deviations,
            r.warnings,
            r.lines,
            r.generate_s,
            r.result
        );
    }
    out
}

/// The settings for one corpus spec: `spec/corpus/<file stem>.yaml`, when there is one.
pub(crate) fn settings_for(
    root: &Path,
    spec: &Path,
    settings: Settings,
) -> Result<Settings, String> {
    let stem = spec
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let path = root.join("spec/corpus").join(format!("{stem}.yaml"));
    if !path.is_file() {
        return Ok(settings);
    }
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let file =
        generator::SettingsFile::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    // The crate name stays the corpus one, whatever the file says.
    let crate_name = settings.crate_name.clone();
    let mut settings = file.apply(settings);
    settings.crate_name = crate_name;
    Ok(settings)
}

/// The known-deviation tables of the corpus settings files, for the docs.
fn deviations_doc(root: &Path, specs: &[PathBuf]) -> Result<String, String> {
    let mut out = String::new();
    for spec in specs {
        let settings = settings_for(root, spec, Settings::new("x", ""))?;
        if settings.example_deviations.is_empty() {
            continue;
        }
        let name = spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let _ = writeln!(out, "\n### {name}\n\n| example | evidence |\n|---|---|");
        for (pointer, reason) in &settings.example_deviations {
            let _ = writeln!(out, "| `{pointer}` | {} |", reason.replace('|', "\\|"));
        }
    }
    Ok(out)
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Runs cargo in the scratch workspace; its diagnostics go straight to our stderr.
/// Incremental compilation is off: each run builds freshly generated crates, so its caches
/// would never be reused, only pile up (tens of GB over a few runs of the whole corpus).
fn cargo(dir: &Path, target: &Path, args: &[&str]) -> Result<bool, String> {
    cargo_with(dir, target, &[], args)
}

/// [`cargo`] with more environment variables.
fn cargo_with(
    dir: &Path,
    target: &Path,
    env: &[(&str, &str)],
    args: &[&str],
) -> Result<bool, String> {
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .envs(env.iter().copied())
        .args(args)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    Ok(status.success())
}
