//! `contract`: the generated clients against a real mock server.
//!
//! Installs the pinned Prism (`tools/prism/package-lock.json`, with `npm ci`) when it is not
//! there yet, generates the full Gcore Streaming client (`../shared/corpus/gcore-streaming.yaml`)
//! into a scratch workspace under `target/contract/` beside a runner built from
//! `xtask/contract/main.rs`, starts one `prism mock --dynamic` per spec on a free loopback port,
//! runs the runner against both, and stops Prism again: on success, on failure, and on a panic
//! (the processes are killed when their guards drop).

use generator::Settings;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// The Prism version `tools/prism/package.json` pins (checked before use).
const PRISM_VERSION: &str = "5.14.2";

/// The seed of Prism's generated bodies: the same answers on every run.
const SEED: &str = "20261125";

pub fn run(args: &[String]) -> ExitCode {
    if !args.is_empty() {
        eprintln!("error: usage: cargo xtask contract");
        return ExitCode::from(2);
    }
    match contract() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn contract() -> Result<bool, String> {
    let root = crate::project_root();
    let prism = install_prism(&root)?;
    let spec = root.join("spec/streaming_api.yaml");
    let full_spec = root.join("../shared/corpus/gcore-streaming.yaml");
    let scratch = root.join("target/contract");
    let runner = scaffold(&root, &scratch, &full_spec)?;

    eprintln!("building the contract runner");
    let target = root.join("target/corpus-target");
    let built = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", &target)
        .args(["build", "--quiet", "--package", "contract-runner"])
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !built.success() {
        return Err("the contract runner does not build".into());
    }

    let mut spec_server = Prism::start(&prism, &spec, &scratch.join("prism-spec.log"))?;
    let mut full_server = Prism::start(&prism, &full_spec, &scratch.join("prism-full.log"))?;
    spec_server.wait_ready()?;
    full_server.wait_ready()?;
    let status = Command::new(target.join("debug").join(runner))
        .env("CONTRACT_SPEC_URL", spec_server.url())
        .env("CONTRACT_FULL_URL", full_server.url())
        .status()
        .map_err(|e| format!("cannot run the contract runner: {e}"))?;
    if !status.success() {
        eprintln!(
            "Prism's logs (every request it refused, and why): {}",
            scratch.display()
        );
    }
    Ok(status.success())
}

/// `tools/prism/node_modules/.bin/prism`, installed from the lock file when missing or not the
/// pinned version.
fn install_prism(root: &Path) -> Result<PathBuf, String> {
    let dir = root.join("tools/prism");
    let prism = dir.join("node_modules/.bin/prism");
    let version = || {
        Command::new(&prism)
            .arg("--version")
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    if version().as_deref() == Some(PRISM_VERSION) {
        return Ok(prism);
    }
    eprintln!(
        "installing Prism {PRISM_VERSION} (npm ci in {})",
        dir.display()
    );
    let status = Command::new("npm")
        .current_dir(&dir)
        .args(["ci", "--no-audit", "--no-fund"])
        .status()
        .map_err(|e| format!("cannot run npm (Node.js and npm are needed for Prism): {e}"))?;
    if !status.success() {
        return Err("npm ci failed in tools/prism".into());
    }
    match version() {
        Some(v) if v == PRISM_VERSION => Ok(prism),
        other => Err(format!(
            "Prism {PRISM_VERSION} expected after npm ci, found {other:?}"
        )),
    }
}

/// Writes the scratch workspace: the full client and the runner. Returns the runner's binary
/// name.
fn scaffold(root: &Path, scratch: &Path, full_spec: &Path) -> Result<&'static str, String> {
    let _ = std::fs::remove_dir_all(scratch);
    let text = std::fs::read_to_string(full_spec)
        .map_err(|e| format!("cannot read {}: {e}", full_spec.display()))?;
    let settings = crate::corpus::settings_for(
        root,
        full_spec,
        Settings::new("gcore-streaming-full", "cargo xtask contract"),
    )?;
    let generated = generator::generate(&text, &settings)
        .map_err(|e| format!("{}: {e}", full_spec.display()))?;
    generator::output::write_crate(
        &scratch.join("gcore-streaming-full"),
        &generated.files,
        false,
    )?;
    let source = root.join("xtask/contract/main.rs");
    let main = std::fs::read_to_string(&source)
        .map_err(|e| format!("cannot read {}: {e}", source.display()))?;
    write(&scratch.join("runner/src/main.rs"), &main)?;
    let tasks = root.join("xtask/contract/tasks.rs");
    let tasks = std::fs::read_to_string(&tasks)
        .map_err(|e| format!("cannot read {}: {e}", tasks.display()))?;
    write(&scratch.join("runner/src/tasks.rs"), &tasks)?;
    let generated_crate = root.join("generated");
    write(
        &scratch.join("runner/Cargo.toml"),
        &format!(
            r#"# Written by `cargo xtask contract`.
[package]
name = "contract-runner"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
gcore-streaming = {{ path = "{}" }}
gcore-streaming-full = {{ path = "../gcore-streaming-full" }}
futures-util = {{ version = "0.3.34", default-features = false }}
serde_json = "1.0.145"
reqwest = {{ version = "0.12.28", default-features = false, features = ["json", "rustls-tls"] }}
tokio = {{ version = "1.48", features = ["macros", "rt"] }}
"#,
            generated_crate.display()
        ),
    )?;
    write(
        &scratch.join("Cargo.toml"),
        &format!(
            "# Written by `cargo xtask contract`.\n[workspace]\nresolver = \"2\"\nmembers = [\"gcore-streaming-full\", \"runner\"]\n{}",
            crate::SCRATCH_PROFILE
        ),
    )?;
    // The workspace's lock file, so the runner builds with the versions the project tests.
    std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock"))
        .map_err(|e| format!("copy Cargo.lock: {e}"))?;
    Ok("contract-runner")
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// A running `prism mock`, killed when dropped.
struct Prism {
    child: Child,
    address: SocketAddr,
    log: PathBuf,
}

impl Prism {
    fn start(prism: &Path, spec: &Path, log: &Path) -> Result<Prism, String> {
        // A port the OS just handed out is free; Prism binds it a moment later.
        let address = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free loopback port: {e}"))?;
        let log_file = std::fs::File::create(log)
            .map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let log_err = log_file
            .try_clone()
            .map_err(|e| format!("cannot open {}: {e}", log.display()))?;
        let child = Command::new(prism)
            .args([
                "mock",
                "--dynamic",
                "--seed",
                SEED,
                "--host",
                "127.0.0.1",
                "--port",
            ])
            .arg(address.port().to_string())
            .arg(spec)
            .stdin(Stdio::null())
            .stdout(log_file)
            .stderr(log_err)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", prism.display()))?;
        eprintln!(
            "prism mock {} on {address} (log: {})",
            spec.display(),
            log.display()
        );
        Ok(Prism {
            child,
            address,
            log: log.to_path_buf(),
        })
    }

    fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Waits until Prism accepts connections (it loads and dereferences the spec first).
    fn wait_ready(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(120);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                let log = std::fs::read_to_string(&self.log).unwrap_or_default();
                return Err(format!(
                    "Prism exited ({status}) before listening; its log:\n{log}"
                ));
            }
            if TcpStream::connect_timeout(&self.address, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        Err(format!(
            "Prism did not start listening on {} within 120 s; its log:\n{log}",
            self.address
        ))
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
