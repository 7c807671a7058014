//! Project tasks, run as `cargo xtask <task>` (an alias in `.cargo/config.toml`).
//!
//! `codegen` regenerates `generated/` from `spec/streaming_api.yaml` (or any spec into any
//! directory); `--check` fails instead of writing when the output is stale. The same code path
//! runs locally and in CI. All default paths are built from the project root, not the cwd.

mod bench;
mod contract;
mod corpus;
mod fuzz;

use generator::{Settings, SettingsFile};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--spec FILE --out DIR] [--crate-name NAME]
                           [--config FILE] [--env-prefix PREFIX] [--auth-prefix WORD]
                           [--typed-formats]
       cargo xtask corpus [DIR]
       cargo xtask contract
       cargo xtask fuzz [SECONDS]
       cargo run --release -p xtask -- bench [SPEC...]

  codegen            regenerate the checked-in crates: generated/ from spec/streaming_api.yaml
                     (settings: spec/codegen.yaml) and tests/operations-client/ from
                     tests/fixtures/operations.yaml
  --check            write nothing; fail if any output file differs from what would be written
  --spec FILE        generate from FILE instead (YAML or JSON, OpenAPI 3.0/3.1)
  --out DIR          write a standalone crate into DIR (required with --spec)
  --crate-name NAME  package name (default: the spec's file name)
  --config FILE      settings file in the format of spec/codegen.yaml
  --env-prefix P     Client::from_env reads P_API_KEY and P_BASE_URL
  --auth-prefix W    send API-key headers as `W <key>`
  --typed-formats    date-time/date → chrono types, uuid → uuid::Uuid (default: String)

  corpus [DIR]       generate a crate for every spec in DIR (default ../shared/corpus) and
                     require each to pass clippy with warnings denied; writes docs/corpus.md
  contract           run the generated clients against Prism mock servers (installed from
                     tools/prism with npm ci) for spec/streaming_api.yaml and the full
                     ../shared/corpus/gcore-streaming.yaml; Prism refuses requests that break
                     the spec and answers with schema-generated bodies the clients must decode
  fuzz [SECONDS]     run the fuzz targets in fuzz/ (cargo-fuzz, nightly; installed when
                     missing) for SECONDS in all (default 60); a crash fails, its input is
                     left in fuzz/artifacts/
  bench              time generation (in memory, no disk) and peak memory per spec; default
                     specs: spec/streaming_api.yaml and ../shared/corpus/*.yaml";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("codegen") => match Codegen::parse(&args[1..]) {
            Ok(task) => task.run(),
            Err(message) => usage_error(&message),
        },
        Some("corpus") => corpus::run(&args[1..]),
        Some("contract") => contract::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("bench-one") => bench::one(&args[1..]),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("-h" | "--help") | None => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => usage_error(&format!("unknown task `{other}`")),
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n\n{USAGE}");
    ExitCode::from(2)
}

/// The project root: xtask lives one level below it.
pub(crate) fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

#[derive(Debug, Default)]
struct Codegen {
    check: bool,
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
    crate_name: Option<String>,
    config: Option<PathBuf>,
    env_prefix: Option<String>,
    auth_prefix: Option<String>,
    typed_formats: bool,
}

impl Codegen {
    fn parse(args: &[String]) -> Result<Self, String> {
        let mut task = Codegen::default();
        let mut args = args.iter();
        while let Some(flag) = args.next() {
            let mut value = || {
                args.next()
                    .cloned()
                    .ok_or_else(|| format!("`{flag}` needs a value"))
            };
            match flag.as_str() {
                "--check" => task.check = true,
                "--spec" => task.spec = Some(value()?.into()),
                "--out" => task.out = Some(value()?.into()),
                "--crate-name" => task.crate_name = Some(value()?),
                "--config" => task.config = Some(value()?.into()),
                "--env-prefix" => task.env_prefix = Some(value()?),
                "--auth-prefix" => task.auth_prefix = Some(value()?),
                "--typed-formats" => task.typed_formats = true,
                other => return Err(format!("unknown option `{other}`")),
            }
        }
        let overrides = task.crate_name.is_some()
            || task.config.is_some()
            || task.env_prefix.is_some()
            || task.auth_prefix.is_some()
            || task.typed_formats;
        match (&task.spec, &task.out) {
            (Some(_), None) => Err("`--spec` needs `--out DIR`".into()),
            (None, Some(_)) => Err("`--out` needs `--spec FILE`".into()),
            (None, None) if overrides => Err(
                "settings flags go with `--spec`; the checked-in crates take theirs from their settings files".into(),
            ),
            _ => Ok(task),
        }
    }

    /// The command line that reproduces this run, for the generated files' headers.
    fn command(&self) -> String {
        let mut command = String::from("cargo xtask codegen");
        let mut add = |flag: &str, value: Option<String>| {
            if let Some(value) = value {
                command.push_str(&format!(" {flag} {value}"));
            }
        };
        add(
            "--spec",
            self.spec.as_ref().map(|p| p.display().to_string()),
        );
        add("--out", self.out.as_ref().map(|p| p.display().to_string()));
        add("--crate-name", self.crate_name.clone());
        add(
            "--config",
            self.config.as_ref().map(|p| p.display().to_string()),
        );
        add("--env-prefix", self.env_prefix.clone());
        add("--auth-prefix", self.auth_prefix.clone());
        if self.typed_formats {
            command.push_str(" --typed-formats");
        }
        command
    }

    fn run(&self) -> ExitCode {
        match self.generate_and_write() {
            Ok(code) => code,
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::FAILURE
            }
        }
    }

    /// What to generate: the `--spec` job, or every crate checked into this repository.
    fn jobs(&self) -> Vec<Job> {
        let root = project_root();
        match (&self.spec, &self.out) {
            (Some(spec), Some(out)) => vec![Job {
                spec: spec.clone(),
                config: self.config.clone(),
                out: out.clone(),
                standalone: true,
            }],
            _ => OUTPUTS
                .iter()
                .map(|o| Job {
                    spec: root.join(o.spec),
                    config: Some(root.join(o.settings)),
                    out: root.join(o.out),
                    standalone: false,
                })
                .collect(),
        }
    }

    fn settings(&self, job: &Job) -> Result<Settings, String> {
        let crate_name = self.crate_name.clone().unwrap_or_else(|| {
            let stem = job
                .spec
                .file_stem()
                .map(|s| s.to_string_lossy().replace(['.', ' '], "-"))
                .unwrap_or_default();
            // `box.json` cannot give a crate named `box` (a keyword).
            match generator::naming::is_keyword(&stem.replace('-', "_")) {
                true => format!("{stem}-api"),
                false => stem,
            }
        });
        let mut settings = Settings::new(&crate_name, &self.command());
        settings.standalone = job.standalone;
        if let Some(config) = &job.config {
            let text = read(config)?;
            let file =
                SettingsFile::parse(&text).map_err(|e| format!("{}: {e}", config.display()))?;
            settings = file.apply(settings);
        }
        if let Some(name) = &self.crate_name {
            settings.crate_name = name.clone();
        }
        if let Some(prefix) = &self.env_prefix {
            settings.env_prefix = prefix.clone();
        }
        if let Some(prefix) = &self.auth_prefix {
            settings.auth_prefix = Some(prefix.clone());
        }
        if self.typed_formats {
            settings.typed_formats = true;
        }
        Ok(settings)
    }

    fn generate_and_write(&self) -> Result<ExitCode, String> {
        // Everything is generated in memory first: a spec that fails writes nothing.
        let mut outputs = Vec::new();
        for job in self.jobs() {
            let settings = self.settings(&job)?;
            // Other files the spec's `$ref`s name are read from its folder.
            let generated = match generate_guarded(&job.spec, &settings) {
                Ok(result) => result.map_err(|e| {
                    let message = generator::error::one_line(&e.to_string());
                    format!("{}: {message}", job.spec.display())
                })?,
                Err(panic) => {
                    eprintln!(
                        "error: {}: internal error (a bug in the generator; please report it with the spec): {}",
                        job.spec.display(),
                        generator::error::one_line(&panic)
                    );
                    return Ok(ExitCode::from(INTERNAL_ERROR));
                }
            };
            for module in &settings.handwritten {
                let file = job.out.join("src").join(format!("{module}.rs"));
                if !file.is_file() {
                    return Err(format!(
                        "hand-written module `{module}` (listed under `handwritten` in the settings): {} does not exist; write it, or remove it from the list",
                        file.display()
                    ));
                }
            }
            for note in &generated.notes {
                let note = generator::error::one_line(&note.to_string());
                eprintln!("warning: {}: {note}", job.spec.display());
            }
            outputs.push((job.out, generated.files));
        }
        let mut stale = Vec::new();
        for (out, files) in &outputs {
            stale.extend(write_all(out, files, self.check)?);
        }
        if self.check {
            if stale.is_empty() {
                return Ok(ExitCode::SUCCESS);
            }
            for file in &stale {
                eprintln!("stale: {}", file.display());
            }
            eprintln!(
                "error: generated code is out of date; run `{}` and commit the result",
                self.command()
            );
            return Ok(ExitCode::FAILURE);
        }
        for file in &stale {
            let done = if file.exists() { "wrote" } else { "removed" };
            eprintln!("{done} {}", file.display());
        }
        Ok(ExitCode::SUCCESS)
    }
}

/// The exit status of a generator bug (`EX_SOFTWARE`), distinct from a spec's error (1).
const INTERNAL_ERROR: u8 = 70;

/// Generates with panics caught: a bug met on some spec is one `internal error` line and exit
/// status 70 for the user, never a backtrace. (`Err` holds the panic's message.)
fn generate_guarded(
    spec: &Path,
    settings: &Settings,
) -> Result<Result<generator::Generated, generator::Error>, String> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(|| generator::generate_file(spec, settings));
    std::panic::set_hook(previous);
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".into())
    })
}

/// The generated crates checked into this repository, regenerated by `cargo xtask codegen`.
struct Output {
    spec: &'static str,
    settings: &'static str,
    out: &'static str,
}

const OUTPUTS: &[Output] = &[
    // The product: the Gcore clips client.
    Output {
        spec: "spec/streaming_api.yaml",
        settings: "spec/codegen.yaml",
        out: "generated",
    },
    // A client with one operation of each shape, for the wire tests in tests/tests/operations.rs.
    Output {
        spec: "tests/fixtures/operations.yaml",
        settings: "tests/operations-client.codegen.yaml",
        out: "tests/operations-client",
    },
];

/// One spec to generate.
struct Job {
    spec: PathBuf,
    config: Option<PathBuf>,
    out: PathBuf,
    standalone: bool,
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Writes each file whose bytes differ (or, when `check`, only lists them), and removes the
/// files an earlier run generated that this one no longer does (a file is the generator's when
/// it opens with its `@generated` line; hand-written modules never do). Returns the paths that
/// differed or went away. A checkout with CRLF line endings (git's `autocrlf`) counts as
/// unchanged. Each write goes to a temporary file first and is renamed into place, so an
/// interrupted run never leaves a truncated file.
fn write_all(out: &Path, files: &[(String, String)], check: bool) -> Result<Vec<PathBuf>, String> {
    let mut stale = Vec::new();
    for (relative, contents) in files {
        let path = out.join(relative);
        let current = std::fs::read_to_string(&path).ok();
        if current
            .as_deref()
            .map(|c| c.replace("\r\n", "\n"))
            .as_deref()
            == Some(contents)
        {
            continue;
        }
        if !check {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            }
            let tmp = path.with_extension("tmp~");
            std::fs::write(&tmp, contents)
                .map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
            std::fs::rename(&tmp, &path)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        stale.push(path);
    }
    for orphan in orphans(out, files) {
        if !check {
            std::fs::remove_file(&orphan)
                .map_err(|e| format!("cannot remove {}: {e}", orphan.display()))?;
        }
        stale.push(orphan);
    }
    Ok(stale)
}

/// Files under `out` (its `Cargo.toml`, `src/` and `tests/`) that carry the generator's
/// `@generated` line but are not among `files`.
fn orphans(out: &Path, files: &[(String, String)]) -> Vec<PathBuf> {
    let wanted: Vec<PathBuf> = files.iter().map(|(r, _)| out.join(r)).collect();
    let mut candidates = vec![out.join("Cargo.toml")];
    for dir in ["src", "tests"] {
        if let Ok(entries) = std::fs::read_dir(out.join(dir)) {
            candidates.extend(entries.flatten().map(|e| e.path()));
        }
    }
    candidates.sort();
    candidates
        .into_iter()
        .filter(|p| p.is_file() && !wanted.contains(p))
        .filter(|p| {
            std::fs::read_to_string(p).is_ok_and(|text| {
                text.lines()
                    .next()
                    .is_some_and(|first| first.contains("@generated by `cargo xtask"))
            })
        })
        .collect()
}
