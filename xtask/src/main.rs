//! Project tasks, run as `cargo xtask <task>` (an alias in `.cargo/config.toml`).
//!
//! `codegen` regenerates `generated/` from `spec/streaming_api.yaml` (or any spec into any
//! directory); `--check` fails instead of writing when the output is stale. The same code path
//! runs locally and in CI. All default paths are built from the project root, not the cwd.

mod bench;
mod contract;
mod corpus;
mod decode;
mod fuzz;
mod peers;
mod semver;

use generator::cli::{Codegen, Job};

/// Every allocation of a task is counted, so that `bench` can report the heap a spec's tree
/// takes and generation's peak beside it (a few atomic additions per allocation).
#[global_allocator]
static HEAP: peak_alloc::PeakAlloc = peak_alloc::PeakAlloc;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--spec FILE --out DIR] [--crate-name NAME]
                           [--config FILE] [--env-prefix PREFIX] [--auth-prefix WORD]
                           [--typed-formats] [--report FILE]
       cargo xtask corpus [--wide] [DIR]
       cargo xtask contract
       cargo xtask fuzz [SECONDS]
       cargo xtask semver [DIR]
       cargo run --release -p xtask -- bench [SPEC...]
       cargo run --release -p xtask -- bench --compile [SPEC...] [--vs CRATE_DIR...]
       cargo run -p xtask -- bench --decode [SPEC...]
       cargo run --release -p xtask -- bench --peers [SPEC...]

  codegen            regenerate the checked-in crates: generated/ from spec/streaming_api.yaml
                     (settings: spec/codegen.yaml), tests/operations-client/ and
                     tests/security-client/ from tests/fixtures/{operations,security}.yaml
  --check            write nothing; fail if any output file differs from what would be written
  --spec FILE        generate from FILE instead (YAML or JSON, OpenAPI 3.0/3.1)
  --out DIR          write a standalone crate into DIR (required with --spec)
  --crate-name NAME  package name (default: the spec's file name)
  --config FILE      settings file in the format of spec/codegen.yaml
  --env-prefix P     Client::from_env reads P_API_KEY and P_BASE_URL
  --auth-prefix W    send API-key headers as `W <key>`
  --typed-formats    date-time/date → chrono types, uuid → uuid::Uuid (default: String)
  --report FILE      also write what the regeneration changes for users (the report printed
                     after writing, from the crate's old public-api.txt) as Markdown

  corpus [--wide] [DIR]
                     generate a crate for every spec in DIR (default ../shared/corpus) and
                     require each to pass clippy with warnings denied; writes docs/corpus.md.
                     --wide: DIR defaults to ../shared/corpus-wide, no settings, and each crate
                     must pass cargo check with warnings denied; writes docs/corpus-wide.md
  contract           run the generated clients against Prism mock servers (installed from
                     tools/prism with npm ci) for spec/streaming_api.yaml and the full
                     ../shared/corpus/gcore-streaming.yaml; Prism refuses requests that break
                     the spec and answers with schema-generated bodies the clients must decode
  fuzz [SECONDS]     run the fuzz targets in fuzz/ (cargo-fuzz, nightly; installed when
                     missing) for SECONDS in all (default 60); a crash fails, its input is
                     left in fuzz/artifacts/
  semver [DIR]       for each pair of consecutive spec versions in DIR (default
                     ../shared/spec-history/gcore-streaming: 01 -> 02, 03 -> 04, ...), the
                     regeneration report's verdict against cargo-semver-checks' (pinned,
                     installed into target/tools when missing); fails when they disagree
  bench              time generation (in memory, no disk) against the floor of loading the
                     text into a tree, and memory (the tree's heap, the floor's and
                     generation's peak heap, peak RSS), per spec; default specs:
                     spec/streaming_api.yaml and ../shared/corpus/*.yaml
  bench --compile    `cargo check` and `cargo build --release` of each generated crate alone
                     (its dependencies built first; the median of three rounds in which the
                     crates take turns); default: the full Gcore Streaming, OpenAI
                     and GitHub specs; each `--vs` crate (another generator's, for the same
                     spec) is timed beside them, every time also as a multiple of the first
  bench --decode     decode and encode throughput (MB/s) of the generated models on the spec's
                     examples repeated into ~4 MB arrays, against serde_json into IgnoredAny
                     (the floor) and serde's derive of the same types (a twin written from the
                     IR); release builds under target/bench-decode/; default: the full Gcore
                     Streaming, OpenAI and GitHub specs
  bench --peers      generation as a user runs it, whole process: the openapi-client-gen
                     binary (release) against openapi-to-rust (pinned, installed into
                     target/tools when missing) on each spec, five rounds taking turns;
                     medians and the median of the pairwise ratios; default: the corpus";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("codegen") => match Codegen::parse(&args[1..]) {
            Ok(task) => task.run("cargo xtask codegen", &checked_in),
            Err(message) => usage_error(&message),
        },
        Some("corpus") => corpus::run(&args[1..]),
        Some("contract") => contract::run(&args[1..]),
        Some("bench") if args.get(1).is_some_and(|a| a == "--decode") => decode::run(&args[2..]),
        Some("bench") if args.get(1).is_some_and(|a| a == "--peers") => peers::run(&args[2..]),
        Some("bench") => bench::run(&args[1..]),
        Some("bench-one") => bench::one(&args[1..]),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("semver") => semver::run(&args[1..]),
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

/// The binary `name` of the crate `name` at `version`, installed into `target/tools` when the
/// one there is missing or another version (`cargo install --locked`): what a task measures
/// against or checks with, never a dependency of the project.
pub(crate) fn pinned_tool(root: &Path, name: &str, version: &str) -> Result<PathBuf, String> {
    let tools = root.join("target/tools");
    let tool = tools.join("bin").join(name);
    let installed = std::process::Command::new(&tool).arg("--version").output();
    if installed.is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(version)) {
        return Ok(tool);
    }
    eprintln!("installing {name} {version} into {}...", tools.display());
    let status = std::process::Command::new("cargo")
        .args(["install", name, "--locked", "--version", version, "--root"])
        .arg(&tools)
        .status()
        .map_err(|e| format!("cannot run cargo install: {e}"))?;
    match status.success() {
        true => Ok(tool),
        false => Err(format!("cargo install {name} failed")),
    }
}

/// The profile of the scratch workspaces the corpus and contract gates build (they share
/// `target/corpus-target`, so they must agree on it): nothing there is debugged, and debug info
/// was most of the gates' disk (CI machines can be short of it: a linker died of a full disk).
pub(crate) const SCRATCH_PROFILE: &str = "\n[profile.dev]\ndebug = false\n";

/// The project root: xtask lives one level below it.
pub(crate) fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The jobs of a plain `cargo xtask codegen`: every crate checked into this repository.
fn checked_in() -> Vec<Job> {
    let root = project_root();
    OUTPUTS
        .iter()
        .map(|o| Job {
            spec: root.join(o.spec),
            config: Some(root.join(o.settings)),
            out: root.join(o.out),
            standalone: false,
        })
        .collect()
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
    // A client with every kind of security scheme, for the wire tests in tests/tests/security.rs.
    Output {
        spec: "tests/fixtures/security.yaml",
        settings: "tests/security-client.codegen.yaml",
        out: "tests/security-client",
    },
];
