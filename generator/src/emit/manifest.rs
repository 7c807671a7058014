//! Emits the crate's manifest: `Cargo.toml` (its dependencies and features follow what the
//! code uses), and reads and writes its version. Plain text, not tokens: it is not Rust.
//! `src/lib.rs` is `crate_docs`'.

use super::sink::{Need, Used};
use crate::ir::Api;
use crate::settings::{CrateVersion, Settings};

/// Dependency lines of every generated crate. Kept in step with the workspace's
/// `[workspace.dependencies]` (a test checks it), so the generated crate builds with the same
/// versions the project is tested with.
pub const DEPENDENCIES: &str = r#"reqwest = { version = "0.12.28", default-features = false, features = ["json"] }
serde = { version = "1.0.228", features = ["derive"] }
serde_json = "1.0.145"
"#;

/// What the runtime module needs (kept in step like [`DEPENDENCIES`]): tokio's timer for the
/// waits between retries (and its writer trait for streamed bodies), `Retry-After` dates,
/// `tracing`, the `Stream` of the paging methods, and `Bytes` for streamed bodies.
pub const RUNTIME_DEPENDENCIES: &str = r#"bytes = "1.12.2"
futures-util = { version = "0.3.34", default-features = false }
httpdate = "1.0.3"
tokio = { version = "1.48", default-features = false, features = ["io-util", "sync", "time"] }
tracing = { version = "0.1.44", default-features = false, features = ["std"] }
"#;

/// The TLS backend is the user's choice: rustls by default (no system library needed), or the
/// platform's (`native-tls`: OpenSSL on Linux). With neither, the client speaks plain HTTP only.
pub const TLS_FEATURES: &str = r#"
[features]
default = ["rustls"]
# TLS through rustls, with the Mozilla root certificates built in.
rustls = ["reqwest/rustls-tls"]
# TLS through the platform's library (OpenSSL on Linux, Secure Transport, SChannel).
native-tls = ["reqwest/native-tls"]
"#;

/// The features that add the serde impls the client does not need: `Serialize` on the types
/// only received, `Deserialize` on the types only sent.
pub const SERDE_FEATURES: &str = r#"# `Serialize` on the types only ever received (to re-encode a response: caching,
# proxying), and `Deserialize` on the types only ever sent; the client needs neither.
serialize = []
deserialize = []
"#;

/// Added when `typed_formats` maps a date or date-time (kept in step like [`DEPENDENCIES`]).
pub const CHRONO: &str = r#"chrono = { version = "0.4.42", default-features = false, features = ["serde", "std"] }
"#;

/// Added when `typed_formats` maps a uuid.
pub const UUID: &str = r#"uuid = { version = "1.18", features = ["serde"] }
"#;

/// `Cargo.toml`.
pub fn cargo_toml(settings: &Settings, api: &Api, used: &Used, header: &str) -> String {
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
    let dependencies = dependencies(api, used);
    let features = features(api);
    // The serde impls the client never needs (see `direction`), for users who re-encode what
    // they received or decode what they send; the crate's example tests round-trip every type,
    // so its tests turn both on (a dev-dependency on the crate itself).
    let (serde_features, dev_dependencies) = match settings.embedded {
        true => ("", String::new()),
        false => (
            SERDE_FEATURES,
            match api.examples.is_empty() {
                true => String::new(),
                false => format!(
                    "\n[dev-dependencies]\n{name} = {{ path = \".\", features = [\"serialize\", \"deserialize\"] }}\n",
                    // A bare key: `Settings::check` allows only letters, digits, `-` and `_`.
                    name = settings.crate_name
                ),
            },
        ),
    };
    // Codegen writes a version it owns (`version: 1.2.0` in the settings), else a new crate's;
    // the command line keeps or bumps the one an existing crate has (`cli`, `version_of`).
    let version = match &settings.version {
        CrateVersion::Exactly(version) => version.as_str(),
        CrateVersion::Keep | CrateVersion::Bump => NEW_CRATE_VERSION,
    };
    format!(
        "# {header}\n[package]\nname = {name}\nversion = \"{version}\"\nedition = \"2021\"\nrust-version = \"1.82\"\ndescription = {description}\npublish = false\n\n[dependencies]\n{dependencies}{dev_dependencies}{features}{serde_features}{workspace}",
        name = toml_string(&settings.crate_name),
    )
}

/// The `[dependencies]` lines: the client's, with reqwest's features and the typed formats'
/// crates as the API uses them, sorted.
fn dependencies(api: &Api, used: &Used) -> String {
    // reqwest's multipart support is a feature (and more dependencies): only when a body needs
    // it; and its `stream` feature (a body from a file or a stream) only for binary uploads.
    let features = match (used.has(Need::Multipart), used.has(Need::StreamedBody)) {
        (true, true) => r#"features = ["json", "multipart", "stream"]"#,
        (true, false) => r#"features = ["json", "multipart"]"#,
        (false, true) => r#"features = ["json", "stream"]"#,
        (false, false) => r#"features = ["json"]"#,
    };
    let mut dependencies = DEPENDENCIES.replace(r#"features = ["json"]"#, features);
    if !api.operations.is_empty() {
        dependencies.push_str(RUNTIME_DEPENDENCIES);
        // Sorted like the rest, so `Cargo.toml` reads alphabetically.
        let mut lines: Vec<&str> = dependencies.lines().collect();
        lines.sort();
        dependencies = lines.join("\n") + "\n";
    }
    if used.has(Need::Chrono) {
        dependencies.insert_str(0, CHRONO);
    }
    if used.has(Need::Uuid) {
        dependencies.push_str(UUID);
    }
    dependencies
}

/// The `[features]` table: TLS backends, and a feature per first-level resource, all in the
/// default `full`: a user of a few endpoints of a large API compiles only their resources.
fn features(api: &Api) -> String {
    let resources: Vec<&str> = api
        .resources
        .iter()
        .filter_map(|r| r.feature.as_deref())
        .collect();
    if resources.is_empty() {
        TLS_FEATURES.to_string()
    } else {
        let list = resources
            .iter()
            .map(|f| toml_string(f))
            .collect::<Vec<_>>()
            .join(", ");
        let each: String = resources.iter().map(|f| format!("{f} = []\n")).collect();
        TLS_FEATURES.replace(
            "default = [\"rustls\"]\n",
            &format!("default = [\"rustls\", \"full\"]\n# Every resource. Without it (`default-features = false`), only the resources named\n# compile: `features = [\"rustls\", \"{first}\"]`.\nfull = [{list}]\n{each}",
                first = resources[0]),
        )
    }
}

/// The version of a crate generated for the first time.
pub const NEW_CRATE_VERSION: &str = "0.1.0";

/// The package version a `Cargo.toml` declares (its first `version = "..."` line: the
/// generated manifest's `[package]` table comes first, and dependencies are inline tables).
pub fn version_of(cargo_toml: &str) -> Option<&str> {
    cargo_toml.lines().find_map(|line| {
        let value = line.trim_start().strip_prefix("version")?.trim_start();
        let value = value.strip_prefix('=')?.trim();
        value.strip_prefix('"')?.strip_suffix('"')
    })
}

/// `cargo_toml` with its package version replaced by `version` (a version [`CrateVersion`]
/// accepts, so nothing in it needs escaping).
pub fn with_version(cargo_toml: &str, version: &str) -> String {
    let mut done = false;
    let mut out = String::with_capacity(cargo_toml.len() + version.len());
    for line in cargo_toml.split_inclusive('\n') {
        if !done && version_of(line).is_some() {
            out.push_str(&format!("version = \"{version}\"\n"));
            done = true;
        } else {
            out.push_str(line);
        }
    }
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

#[cfg(test)]
mod tests {
    use super::{version_of, with_version};

    #[test]
    fn the_package_version_is_read_and_replaced_alone() {
        let toml = "# head\n[package]\nname = \"x\"\nversion = \"0.3.1\"\n\n[dependencies]\nserde = { version = \"1.0\" }\n";
        assert_eq!(version_of(toml), Some("0.3.1"));
        let bumped = with_version(toml, "0.4.0");
        assert_eq!(bumped, toml.replace("0.3.1", "0.4.0"));
        assert_eq!(version_of("[package]\nname = \"x\"\n"), None);
    }
}
