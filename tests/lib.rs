//! Helpers shared by the workspace tests: where things are, and generation with test settings.

use generator::{Generated, Settings};
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// `tests/fixtures`.
pub fn fixtures() -> PathBuf {
    root().join("tests/fixtures")
}

/// The real-world specs, `../shared/corpus` beside the workspace.
pub fn corpus() -> PathBuf {
    root().join("../shared/corpus")
}

/// A file's text; a test that cannot read its input fails saying which file.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The settings fixtures are generated with.
pub fn fixture_settings() -> Settings {
    Settings::new("fixture", "cargo test -p workspace-tests")
}

/// One file of a generated crate.
pub fn file<'a>(generated: &'a Generated, name: &str) -> &'a str {
    generated
        .files
        .iter()
        .find(|(path, _)| path == name)
        .map(|(_, text)| text.as_str())
        .unwrap_or_else(|| panic!("no generated file {name}"))
}

/// The value at a JSON pointer in a spec file (for tests that use the spec's own examples).
pub fn spec_value(spec: &Path, pointer: &str) -> serde_json::Value {
    let tree =
        generator::parse::load(&read(spec)).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    tree.pointer(pointer.trim_start_matches('#'))
        .cloned()
        .unwrap_or_else(|| panic!("{}: nothing at {pointer}", spec.display()))
}

/// The URL of a loopback port nothing listens on: one that was free a moment ago (wiremock
/// pools its servers, so dropping one does not close its port).
pub fn closed_local_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let port = listener.local_addr().expect("local address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

/// Runs `cargo xtask <args>` from the workspace root, as a user would, and returns its output.
pub fn xtask<I, S>(args: I) -> std::process::Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    std::process::Command::new(env!("CARGO"))
        .current_dir(root())
        .arg("xtask")
        .args(args)
        .output()
        .expect("run cargo xtask")
}

/// Runs the corpus gate (`cargo xtask corpus DIR`) and asserts that it passes with `specs`
/// crates, each `ok` (generated, clippy-clean, its example tests passing).
pub fn assert_corpus_passes(dir: &Path, specs: usize) {
    let output = xtask(["corpus".as_ref(), dir.as_os_str()]);
    let table = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{table}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(table.matches("| ok |").count(), specs, "{table}");
}

/// Spec texts of the shapes that once cost exponential work (`adversarial.rs` runs them under a
/// deadline, `work_bounds.rs` counts what they allocate).
pub mod shapes {
    const HEAD: &str =
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n";

    /// `S_i: allOf [S_i+1, S_i+1]` (with a property each): 2^levels paths through the merge.
    pub fn all_of_dag(levels: usize) -> String {
        let mut spec = String::from(HEAD);
        for i in 0..levels {
            let next = format!("{{$ref: '#/components/schemas/S{}'}}", i + 1);
            spec.push_str(&format!(
                "    S{i}:\n      allOf: [{next}, {next}]\n      properties: {{p{i}: {{type: string}}}}\n"
            ));
        }
        spec.push_str(&format!(
            "    S{levels}: {{type: object, properties: {{leaf: {{type: integer}}}}}}\n"
        ));
        spec
    }

    /// `S_i: {properties: {p_i}, oneOf: [S_i+1, T_i+1]}` and `T_i: allOf [S_i+1, oneOf [S_i+1,
    /// T_i+1]]`: choices whose alternatives hold choices, 2^levels structs if each alternative
    /// expanded its own.
    pub fn choice_chain(levels: usize) -> String {
        let mut spec = String::from(HEAD);
        for i in 0..levels {
            let (s, t) = (i + 1, i + 1);
            let choice = format!(
                "oneOf: [{{$ref: '#/components/schemas/S{s}'}}, {{$ref: '#/components/schemas/T{t}'}}]"
            );
            spec.push_str(&format!(
                "    S{i}:\n      type: object\n      properties: {{p{i}: {{type: string}}}}\n      {choice}\n    T{i}:\n      allOf: [{{$ref: '#/components/schemas/S{s}'}}, {{{choice}}}]\n"
            ));
        }
        spec.push_str(&format!(
            "    S{levels}: {{type: object, properties: {{leaf: {{type: integer}}}}}}\n    T{levels}: {{type: object, properties: {{tip: {{type: integer}}}}}}\n"
        ));
        spec
    }

    /// `U_i: oneOf [U_i+1, U_i+1]` with an example on `U0` that matches no alternative: 2^levels
    /// checks without a memo.
    pub fn one_of_dag(levels: usize) -> String {
        let mut spec = String::from(HEAD);
        for i in 0..levels {
            let next = format!("{{$ref: '#/components/schemas/U{}'}}", i + 1);
            spec.push_str(&format!("    U{i}:\n      oneOf: [{next}, {next}]\n"));
            if i == 0 {
                spec.push_str("      example: {a: 'x'}\n");
            }
        }
        spec.push_str(&format!(
            "    U{levels}: {{type: object, properties: {{a: {{type: integer}}}}, required: [a]}}\n"
        ));
        spec
    }
}

/// What the API requires cannot be left out: a body's required field is an argument, so a call
/// without it does not compile (`createThing`'s body requires `name`), and the same call with
/// it does. (Doc tests: `cargo test -p workspace-tests --doc`, part of the test command.)
///
/// ```compile_fail
/// # async fn call(client: operations_client::Client) {
/// let _ = client.things().create().await;
/// # }
/// ```
///
/// ```no_run
/// # async fn call(client: operations_client::Client) {
/// let _ = client.things().create("lamp").color("red").await;
/// # }
/// ```
pub mod required_values_are_arguments {}
