//! Emits the crate scaffold: `Cargo.toml` and `src/lib.rs`.
//!
//! Both are plain text, not tokens: `Cargo.toml` is not Rust, and `lib.rs` must be exactly what
//! `rustfmt` would write, because the workspace's `cargo fmt --check` sees it. It declares the
//! prettyplease-formatted modules with `#[rustfmt::skip]`, so rustfmt never reformats them.

use crate::ir::Api;
use crate::Settings;

/// Dependency lines of every generated crate. Kept in step with the workspace's
/// `[workspace.dependencies]` (a test checks it), so the generated crate builds with the same
/// versions the project is tested with.
pub const DEPENDENCIES: &str = r#"reqwest = { version = "0.12.28", default-features = false, features = ["json", "rustls-tls"] }
serde = { version = "1.0.228", features = ["derive"] }
serde_json = "1.0.145"
"#;

/// What the runtime module needs (kept in step like [`DEPENDENCIES`]): tokio's timer for the
/// waits between retries, `Retry-After` dates, `tracing`, and the `Stream` of the paging methods.
pub const RUNTIME_DEPENDENCIES: &str = r#"futures-util = { version = "0.3.34", default-features = false }
httpdate = "1.0.3"
tokio = { version = "1.48", default-features = false, features = ["time"] }
tracing = { version = "0.1.44", default-features = false, features = ["std"] }
"#;

/// Added when `typed_formats` maps a date or date-time (kept in step like [`DEPENDENCIES`]).
pub const CHRONO: &str = r#"chrono = { version = "0.4.42", default-features = false, features = ["serde", "std"] }
"#;

/// Added when `typed_formats` maps a uuid.
pub const UUID: &str = r#"uuid = { version = "1.18", features = ["serde"] }
"#;

/// `Cargo.toml`.
pub fn cargo_toml(settings: &Settings, api: &Api, header: &str) -> String {
    let description = toml_string(&format!(
        "Typed async client for the {} (generated).",
        super::api_name(&api.title)
    ));
    // A crate written outside this workspace is its own workspace root, so cargo does not
    // mistake it for a member of whatever workspace encloses the output directory.
    let workspace = if settings.standalone {
        "\n[workspace]\n"
    } else {
        ""
    };
    // reqwest's multipart support is a feature (and more dependencies): only when a body needs it.
    let multipart = api.operations.iter().any(|op| {
        op.body
            .as_ref()
            .is_some_and(|b| b.payload == crate::ir::Payload::Multipart)
    });
    let mut dependencies = if multipart {
        DEPENDENCIES.replace(
            r#"features = ["json", "rustls-tls"]"#,
            r#"features = ["json", "multipart", "rustls-tls"]"#,
        )
    } else {
        DEPENDENCIES.to_string()
    };
    if !api.operations.is_empty() {
        dependencies.push_str(RUNTIME_DEPENDENCIES);
        // Sorted like the rest, so `Cargo.toml` reads alphabetically.
        let mut lines: Vec<&str> = dependencies.lines().collect();
        lines.sort();
        dependencies = lines.join("\n") + "\n";
    }
    use crate::ir::TypeRef;
    if super::api_uses(api, |t| matches!(t, TypeRef::DateTime | TypeRef::Date)) {
        dependencies.insert_str(0, CHRONO);
    }
    if super::api_uses(api, |t| *t == TypeRef::Uuid) {
        dependencies.push_str(UUID);
    }
    format!(
        "# {header}\n[package]\nname = {name}\nversion = \"0.1.0\"\nedition = \"2021\"\nrust-version = \"1.82\"\ndescription = {description}\npublish = false\n\n[dependencies]\n{dependencies}{workspace}",
        name = toml_string(&settings.crate_name),
    )
}

/// `src/lib.rs`.
pub fn lib_rs(settings: &Settings, api: &Api, header: &str) -> String {
    let crate_ident = settings.crate_name.replace('-', "_");
    let mut out = format!("// {header}\n");
    let mut doc = |line: &str| {
        if line.is_empty() {
            out.push_str("//!\n");
        } else {
            out.push_str("//! ");
            out.push_str(line);
            out.push('\n');
        }
    };
    doc(&format!(
        "Typed async client for the {}.",
        super::api_name(&api.title)
    ));
    doc("");
    for line in super::doc_lines(api.description.as_deref().unwrap_or_default()) {
        doc(line.trim_start_matches(' '));
    }
    if api.description.is_some() {
        doc("");
    }
    doc(&format!("API version `{}`.", api.version));
    doc("");
    if api.operations.is_empty() {
        doc("This API declares no operations: the crate holds its data types, in [`models`].");
        out.push_str("\n#[rustfmt::skip]\npub mod client;\n#[rustfmt::skip]\npub mod models;\n");
        return out;
    }
    doc("```no_run");
    doc("# async fn run() -> Result<(), Box<dyn std::error::Error>> {");
    if api.auth.is_some() {
        doc(&format!(
            "// Reads {}_API_KEY (and optionally {}_BASE_URL).",
            settings.env_prefix, settings.env_prefix
        ));
    } else {
        doc(&format!(
            "// Reads {}_BASE_URL, if set.",
            settings.env_prefix
        ));
    }
    doc(&format!("let client = {crate_ident}::Client::from_env()?;"));
    doc("# let _ = client;");
    doc("# Ok(())");
    doc("# }");
    doc("```");
    // Generated modules are prettyplease's layout (rustfmt must leave them alone); the runtime
    // and hand-written modules are rustfmt's. Sorted, as rustfmt would order them.
    let mut modules: Vec<(String, bool)> = ["client", "models"]
        .iter()
        .map(|m| (m.to_string(), true))
        .chain(std::iter::once(("runtime".to_string(), false)))
        .chain(settings.handwritten.iter().map(|m| (m.clone(), false)))
        .collect();
    modules.sort();
    out.push('\n');
    for (module, skip) in modules {
        if skip {
            out.push_str("#[rustfmt::skip]\n");
        }
        out.push_str(&format!("pub mod {module};\n"));
    }
    out.push_str(
        "\npub use client::{Client, ConfigError};\npub use runtime::{Error, PageEnd, Paging, RequestOptions, Response, RetryPolicy};\n",
    );
    out
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
