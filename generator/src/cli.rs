//! The `codegen` command line, shared by `cargo xtask codegen` and the installable
//! `openapi-client-gen` tool: flags → settings → [`crate::generate_file`] (panics caught:
//! one `internal error` line, exit status 70) → [`crate::output::write_crate`]. Everything is
//! generated in memory before anything is written, so a failing spec writes nothing.

use crate::emit::manifest::{version_of, with_version};
use crate::settings::{CrateVersion, Settings, SettingsFile};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The flags, for usage messages.
pub const USAGE: &str = "\
  --check            write nothing; fail if any output file differs from what would be written
  --spec FILE        generate from FILE (YAML or JSON, OpenAPI 3.0/3.1/3.2; `$ref`s to other files
                     are read from its folder)
  --out DIR          write a standalone crate into DIR (required with --spec)
  --crate-name NAME  package name (default: the spec's file name)
  --config FILE      settings file in the format of spec/codegen.yaml
  --env-prefix P     Client::from_env reads P_API_KEY and P_BASE_URL
  --auth-prefix W    send API-key headers as `W <key>`
  --typed-formats    date-time/date → chrono types, uuid → uuid::Uuid (default: String)
  --report FILE      also write what the regeneration changes for users (the report printed
                     after writing) as Markdown, for a pull request's description";

/// The parsed command line of `codegen`.
#[derive(Debug, Default)]
pub struct Codegen {
    check: bool,
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
    crate_name: Option<String>,
    config: Option<PathBuf>,
    env_prefix: Option<String>,
    auth_prefix: Option<String>,
    typed_formats: bool,
    report: Option<PathBuf>,
}

impl Codegen {
    /// Parses the flags (see [`USAGE`]).
    pub fn parse(args: &[String]) -> Result<Self, String> {
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
                "--report" => task.report = Some(value()?.into()),
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
                "settings flags go with `--spec FILE --out DIR` (without them, the default outputs take their settings from their own files)".into(),
            ),
            _ => Ok(task),
        }
    }

    /// The command line that reproduces this run, for the generated files' headers.
    fn command(&self, program: &str) -> String {
        let mut command = String::from(program);
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

    /// Generates every job (`--spec`'s, or else `default_jobs`) and writes or checks them.
    /// `program` is how the user ran this (`cargo xtask codegen`), for the files' headers and
    /// the hint `--check` prints.
    pub fn run(&self, program: &str, default_jobs: &dyn Fn() -> Vec<Job>) -> ExitCode {
        match self.generate_and_write(program, default_jobs) {
            Ok(code) => code,
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::FAILURE
            }
        }
    }

    /// What to generate: the `--spec` job, or the defaults.
    fn jobs(&self, default_jobs: &dyn Fn() -> Vec<Job>) -> Vec<Job> {
        match (&self.spec, &self.out) {
            (Some(spec), Some(out)) => vec![Job {
                spec: spec.clone(),
                config: self.config.clone(),
                out: out.clone(),
                standalone: true,
            }],
            _ => default_jobs(),
        }
    }

    fn settings(&self, job: &Job, program: &str) -> Result<Settings, String> {
        let crate_name = self.crate_name.clone().unwrap_or_else(|| {
            let stem = job
                .spec
                .file_stem()
                .map(|s| s.to_string_lossy().replace(['.', ' '], "-"))
                .unwrap_or_default();
            // `box.json` cannot give a crate named `box` (a keyword).
            match crate::naming::is_keyword(&stem.replace('-', "_")) {
                true => format!("{stem}-api"),
                false => stem,
            }
        });
        let mut settings = Settings::new(&crate_name, &self.command(program));
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

    /// Generates every job's crate in memory, then writes them (or, with `--check`, compares
    /// them), and prints what each regeneration changes for users.
    fn generate_and_write(
        &self,
        program: &str,
        default_jobs: &dyn Fn() -> Vec<Job>,
    ) -> Result<ExitCode, String> {
        // Everything is generated in memory first: a spec that fails writes nothing.
        let mut outputs = Vec::new();
        let jobs = self.jobs(default_jobs);
        if jobs.is_empty() {
            return Err("nothing to generate: give `--spec FILE --out DIR`".into());
        }
        for job in jobs {
            match self.generate_job(job, program)? {
                Some(output) => outputs.push(output),
                None => return Ok(ExitCode::from(INTERNAL_ERROR)),
            }
        }
        // What each regeneration changes for users, from the manifest the crate had.
        let mut reports: Vec<(PathBuf, crate::report::Report)> = match self.check {
            true => Vec::new(),
            false => outputs
                .iter()
                .filter_map(|(out, files, _)| {
                    Some((out.clone(), crate::report::over_crate(out, files)?))
                })
                .collect(),
        };
        for (out, files, policy) in &mut outputs {
            let report = reports.iter_mut().find(|(o, _)| o == out).map(|(_, r)| r);
            set_version(out, files, policy, report);
        }
        let mut stale = Vec::new();
        for (out, files, _) in &outputs {
            stale.extend(crate::output::write_crate(out, files, self.check)?);
        }
        if self.check {
            return Ok(self.stale_check(&stale, program));
        }
        for file in &stale {
            let done = if file.exists() { "wrote" } else { "removed" };
            eprintln!("{done} {}", file.display());
        }
        self.print_reports(&reports)?;
        Ok(ExitCode::SUCCESS)
    }

    /// One job's crate, in memory, with its warnings printed; `None` after an internal error
    /// (printed).
    fn generate_job(&self, job: Job, program: &str) -> Result<Option<Output>, String> {
        let settings = self.settings(&job, program)?;
        // Other files the spec's `$ref`s name are read from its folder.
        let generated = match guarded(|| crate::generate_file(&job.spec, &settings)) {
            Ok(result) => result.map_err(|e| {
                let message = crate::error::one_line(&e.to_string());
                format!("{}: {message}", job.spec.display())
            })?,
            Err(panic) => {
                eprintln!(
                    "error: {}: internal error (a bug in the generator; please report it with the spec): {}",
                    job.spec.display(),
                    crate::error::one_line(&panic)
                );
                return Ok(None);
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
            let note = crate::error::one_line(&note.to_string());
            eprintln!("warning: {}: {note}", job.spec.display());
        }
        Ok(Some((job.out, generated.files, settings.version)))
    }

    /// `--check`'s answer: success when no file is stale, else each stale file and the command
    /// that regenerates them.
    fn stale_check(&self, stale: &[PathBuf], program: &str) -> ExitCode {
        if stale.is_empty() {
            return ExitCode::SUCCESS;
        }
        for file in stale {
            eprintln!("stale: {}", file.display());
        }
        eprintln!(
            "error: generated code is out of date; run `{}` and commit the result",
            self.command(program)
        );
        ExitCode::FAILURE
    }

    /// Prints each regeneration's report, and writes them as Markdown to `--report FILE`.
    fn print_reports(&self, reports: &[(PathBuf, crate::report::Report)]) -> Result<(), String> {
        let mut markdown = String::new();
        for (out, report) in reports {
            if reports.len() > 1 {
                println!("{}:", out.display());
                markdown.push_str(&format!("# `{}`\n\n", out.display()));
            }
            print!("{}", report.text());
            markdown.push_str(&report.markdown());
        }
        if let Some(path) = &self.report {
            std::fs::write(path, markdown)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        Ok(())
    }
}

/// A generated crate: where it goes, its files, and how its version is decided.
type Output = (PathBuf, Vec<(String, String)>, CrateVersion);

/// The version written into the crate's `Cargo.toml` (settings `version`): a version the
/// settings give is already there; otherwise the one the crate at `out` has is kept, or, with
/// `bump`, bumped as its regeneration `report` says (which then says it was applied). In check
/// mode there is no report: the version stays (were the API different, the manifest differs
/// and the check fails anyway). A version that is not one (hand-edited) is not carried over.
fn set_version(
    out: &Path,
    files: &mut [(String, String)],
    policy: &CrateVersion,
    report: Option<&mut crate::report::Report>,
) {
    if let CrateVersion::Exactly(_) = policy {
        return;
    }
    let Ok(old) = std::fs::read_to_string(out.join("Cargo.toml")) else {
        return;
    };
    let Some(old) = version_of(&old).filter(|v| CrateVersion::parse(v).is_ok()) else {
        return;
    };
    let version = match (policy, report) {
        (CrateVersion::Bump, Some(report)) => match report.next_version() {
            Some(next) => {
                report.version_applied = true;
                next
            }
            None => old.to_string(),
        },
        _ => old.to_string(),
    };
    if let Some((_, cargo_toml)) = files.iter_mut().find(|(path, _)| path == "Cargo.toml") {
        *cargo_toml = with_version(cargo_toml, &version);
    }
}

/// The exit status of a generator bug (`EX_SOFTWARE`), distinct from a spec's error (1).
pub const INTERNAL_ERROR: u8 = 70;

/// Runs `f` with panics caught: a generator bug met on some spec becomes one `internal error`
/// line and exit status 70 for the user, never a backtrace. (`Err` holds the panic's message;
/// the default hook, which prints the backtrace, is silenced meanwhile.)
fn guarded<T>(f: impl FnOnce() -> T + std::panic::UnwindSafe) -> Result<T, String> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(f);
    std::panic::set_hook(previous);
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".into())
    })
}

/// One spec to generate.
pub struct Job {
    /// The spec (its entry file).
    pub spec: PathBuf,
    /// A settings file, like `spec/codegen.yaml`.
    pub config: Option<PathBuf>,
    /// Where the crate goes.
    pub out: PathBuf,
    /// The crate is its own workspace (see [`Settings::standalone`]).
    pub standalone: bool,
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message() {
        assert_eq!(guarded(|| 7), Ok(7));
        assert_eq!(
            guarded(|| -> u8 { panic!("boom") }),
            Err("boom".to_string())
        );
        let owned = guarded(|| -> u8 { panic!("{} {}", "formatted", 2) });
        assert_eq!(owned, Err("formatted 2".to_string()));
    }
}
