//! Project tasks, run as `cargo xtask <task>` (an alias in `.cargo/config.toml`).
//!
//! `codegen` regenerates `generated/` from `spec/streaming_api.yaml` (or any spec into any
//! directory); `--check` fails instead of writing when the output is stale. The same code path
//! runs locally and in CI. All default paths are built from the project root, not the cwd.

mod bench;
mod corpus;

use generator::{Settings, SettingsFile};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--spec FILE --out DIR] [--crate-name NAME]
                           [--config FILE] [--env-prefix PREFIX] [--auth-prefix WORD]
       cargo xtask corpus [DIR]
       cargo run --release -p xtask -- bench [SPEC...]

  codegen            regenerate generated/ from spec/streaming_api.yaml (settings: spec/codegen.yaml)
  --check            write nothing; fail if any output file differs from what would be written
  --spec FILE        generate from FILE instead (YAML or JSON, OpenAPI 3.0/3.1)
  --out DIR          write a standalone crate into DIR (required with --spec)
  --crate-name NAME  package name (default: the spec's file name)
  --config FILE      settings file in the format of spec/codegen.yaml
  --env-prefix P     Client::from_env reads P_API_KEY and P_BASE_URL
  --auth-prefix W    send API-key headers as `W <key>`

  corpus [DIR]       generate a crate for every spec in DIR (default ../shared/corpus) and
                     require each to pass clippy with warnings denied; writes docs/corpus.md
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
        Some("bench") => bench::run(&args[1..]),
        Some("bench-one") => bench::one(&args[1..]),
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
                other => return Err(format!("unknown option `{other}`")),
            }
        }
        match (&task.spec, &task.out) {
            (Some(_), None) => Err("`--spec` needs `--out DIR`".into()),
            (None, Some(_)) => Err("`--out` needs `--spec FILE`".into()),
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

    fn generate_and_write(&self) -> Result<ExitCode, String> {
        let root = project_root();
        let (spec, out, config) = match (&self.spec, &self.out) {
            (Some(spec), Some(out)) => (spec.clone(), out.clone(), self.config.clone()),
            _ => (
                root.join("spec/streaming_api.yaml"),
                root.join("generated"),
                Some(
                    self.config
                        .clone()
                        .unwrap_or_else(|| root.join("spec/codegen.yaml")),
                ),
            ),
        };
        let crate_name = self.crate_name.clone().unwrap_or_else(|| {
            spec.file_stem()
                .map(|s| s.to_string_lossy().replace(['.', ' '], "-"))
                .unwrap_or_default()
        });
        let mut settings = Settings::new(&crate_name, &self.command());
        settings.standalone = self.spec.is_some();
        if let Some(config) = &config {
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

        let text = read(&spec)?;
        // Everything is generated in memory first: a spec that fails writes nothing.
        let generated = generator::generate(&text, &settings)
            .map_err(|e| format!("{}: {e}", spec.display()))?;
        for note in &generated.notes {
            eprintln!("warning: {}: {note}", spec.display());
        }
        let stale = write_all(&out, &generated.files, self.check)?;
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
            eprintln!("wrote {}", file.display());
        }
        Ok(ExitCode::SUCCESS)
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Writes each file whose bytes differ (or, when `check`, only lists them). Returns the paths
/// that differed. Each write goes to a temporary file first and is renamed into place, so an
/// interrupted run never leaves a truncated file.
fn write_all(out: &Path, files: &[(String, String)], check: bool) -> Result<Vec<PathBuf>, String> {
    let mut stale = Vec::new();
    for (relative, contents) in files {
        let path = out.join(relative);
        if std::fs::read(&path).ok().as_deref() == Some(contents.as_bytes()) {
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
    Ok(stale)
}
