//! The generator's settings: what to generate besides the spec itself ([`Settings`]), and the
//! same as written in a settings file ([`SettingsFile`], `spec/codegen.yaml`). On the ground
//! floor: every pass may read them, and they depend on nothing but `naming`, `error` and
//! `parse` (to read the file).

use crate::error::Error;
use crate::{naming, parse};
use std::collections::BTreeMap;

/// What to generate, besides the spec itself.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The package name, e.g. `gcore-streaming`.
    pub crate_name: String,
    /// Prefix of the environment variables `Client::from_env` reads (`GCORE` →
    /// `GCORE_API_KEY`, `GCORE_BASE_URL`).
    pub env_prefix: String,
    /// Word sent before the API key in an API-key header (`apikey` → `Authorization: apikey
    /// <key>`). Specs can only say this in prose, so it is a setting.
    pub auth_prefix: Option<String>,
    /// Rust names for component schemas, by schema name, where the automatic name reads badly
    /// (`notfound` → `NotFound`; the automatic one is `Notfound`).
    pub renames: BTreeMap<String, String>,
    /// The command that regenerates the output, written into every file's header.
    pub regenerate: String,
    /// The crate is its own workspace (`[workspace]` in its `Cargo.toml`).
    pub standalone: bool,
    /// Map `format: date-time`, `date` and `uuid` strings to chrono and uuid types instead of
    /// `String` (the generated crate then depends on those crates).
    pub typed_formats: bool,
    /// Examples known to contradict their own schema, by JSON pointer, with the reason. Their
    /// tests assert that they still fail to round-trip (see `emit::examples`).
    pub example_deviations: BTreeMap<String, String>,
    /// Modules written by hand beside the generated ones (`clips` → `src/clips.rs`): `lib.rs`
    /// declares them, and codegen never writes them (`cargo xtask codegen` only checks that they
    /// exist).
    pub handwritten: Vec<String>,
    /// Where operations' methods go, by operationId (or `METHOD /path`): `resource.verb`
    /// (`streams.clips.list`), over what the spec's code samples or paths give.
    pub operations: BTreeMap<String, String>,
    /// Which list operations are walked page after page, beyond what the spec shows.
    pub paging: PagingSettings,
    /// The output is modules of another crate (a build script's, see [`crate::build`]), not a
    /// crate of its own: no cargo features (that crate declares none for it) and no doc
    /// examples (they would name a crate that does not exist).
    pub embedded: bool,
    /// Who owns the crate's `version` in its `Cargo.toml`.
    pub version: CrateVersion,
}

/// Who owns the generated crate's version (settings key `version`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum CrateVersion {
    /// `keep` (the default): the version the crate's `Cargo.toml` has is kept on regeneration
    /// (you own it; a new crate starts at `0.1.0`).
    #[default]
    Keep,
    /// `bump`: codegen owns it and applies the bump the regeneration report names (0.x: a
    /// breaking change bumps the minor number, anything else the patch).
    Bump,
    /// A version such as `2.1.0`: written as it is.
    Exactly(String),
}

impl CrateVersion {
    /// Reads the settings value: `keep`, `bump`, or a version `MAJOR.MINOR.PATCH` (with an
    /// optional `-pre` part).
    pub fn parse(text: &str) -> Result<Self, Error> {
        match text {
            "keep" => Ok(CrateVersion::Keep),
            "bump" => Ok(CrateVersion::Bump),
            _ if is_version(text) => Ok(CrateVersion::Exactly(text.to_string())),
            _ => Err(Error::Settings(format!(
                "version: `{}` is not `keep`, `bump` or a version such as `1.2.3`",
                crate::error::one_line(text)
            ))),
        }
    }
}

/// `MAJOR.MINOR.PATCH`, each a number without a leading zero, with an optional `-pre` of
/// ASCII letters, digits, `.` and `-` (what cargo accepts, short of build metadata).
fn is_version(text: &str) -> bool {
    let (core, pre) = match text.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (text, None),
    };
    let numbers: Vec<&str> = core.split('.').collect();
    numbers.len() == 3
        && numbers.iter().all(|n| {
            !n.is_empty()
                && n.len() <= 18
                && n.chars().all(|c| c.is_ascii_digit())
                && (n.len() == 1 || !n.starts_with('0'))
        })
        && pre.is_none_or(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        })
}

/// Paging the spec does not show (see `lower::paging`).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PagingSettings {
    /// An integer query parameter that numbers the pages of every list operation taking it, a
    /// convention the spec only states in prose (Gcore: `page`, walked until an empty page).
    pub page_numbers: Option<String>,
    /// Per operation (operationId, or `METHOD /path`): `none`, `page:PARAM`, `offset:PARAM`,
    /// `cursor:PARAM:FIELD` (the query parameter, and the response field giving the next
    /// cursor), `next:header` (the `Link` header) or `next:FIELD` (a field holding the next
    /// page's URL), over what the spec shows.
    #[serde(default)]
    pub operations: BTreeMap<String, String>,
}

impl Settings {
    /// Settings for a crate named `crate_name`, with the environment prefix derived from its
    /// first word (`gcore-streaming` → `GCORE`).
    pub fn new(crate_name: &str, regenerate: &str) -> Self {
        let first_word = crate_name.split(['-', '_']).next().unwrap_or(crate_name);
        Settings {
            crate_name: crate_name.to_string(),
            env_prefix: naming::env_name(first_word),
            auth_prefix: None,
            renames: BTreeMap::new(),
            regenerate: regenerate.to_string(),
            standalone: false,
            typed_formats: false,
            example_deviations: BTreeMap::new(),
            handwritten: Vec::new(),
            operations: BTreeMap::new(),
            paging: PagingSettings::default(),
            embedded: false,
            version: CrateVersion::Keep,
        }
    }

    /// Refuses settings that would give a crate that does not build (a keyword crate name,
    /// a malformed prefix or module name), before any spec is read.
    pub(crate) fn check(&self) -> Result<(), Error> {
        let valid = !self.crate_name.is_empty()
            && self
                .crate_name
                .starts_with(|c: char| c.is_ascii_alphabetic())
            && self
                .crate_name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid {
            return Err(Error::Settings(format!(
                "crate name `{}` is not a valid package name (ASCII letters, digits, `-`, `_`; starting with a letter)",
                self.crate_name
            )));
        }
        // The library is used as `crate_name::...` (dashes become underscores); a keyword
        // there does not compile, and cargo refuses it as a package name.
        let lib_name = self.crate_name.replace('-', "_");
        if naming::is_keyword(&lib_name) || lib_name == "_" {
            return Err(Error::Settings(format!(
                "crate name `{}` is a Rust keyword; choose another (e.g. `{}-api`)",
                self.crate_name, self.crate_name
            )));
        }
        if let Some(prefix) = &self.auth_prefix {
            if prefix.is_empty()
                || !prefix
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
            {
                return Err(Error::Settings(format!(
                    "auth prefix `{prefix}` should be one word (ASCII letters, digits, `-`, `_`, `.`)"
                )));
            }
        }
        for module in &self.handwritten {
            let reserved = ["client", "models", "runtime"].contains(&module.as_str());
            if reserved || naming::field_name(module) != *module {
                return Err(Error::Settings(format!(
                    "handwritten: `{module}` should be a snake_case module name other than client, models and runtime"
                )));
            }
        }
        if self.env_prefix.is_empty() || naming::env_name(&self.env_prefix) != self.env_prefix {
            return Err(Error::Settings(format!(
                "environment prefix `{}` should be SCREAMING_SNAKE_CASE",
                self.env_prefix
            )));
        }
        Ok(())
    }
}

/// Per-spec settings as written in a file (`spec/codegen.yaml`): every field optional.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsFile {
    /// See [`Settings::crate_name`].
    pub crate_name: Option<String>,
    /// See [`Settings::env_prefix`].
    pub env_prefix: Option<String>,
    /// See [`Settings::auth_prefix`].
    pub auth_prefix: Option<String>,
    /// See [`Settings::renames`].
    #[serde(default)]
    pub renames: BTreeMap<String, String>,
    /// See [`Settings::example_deviations`].
    #[serde(default)]
    pub example_deviations: BTreeMap<String, String>,
    /// See [`Settings::typed_formats`].
    pub typed_formats: Option<bool>,
    /// See [`Settings::handwritten`].
    #[serde(default)]
    pub handwritten: Vec<String>,
    /// See [`Settings::operations`].
    #[serde(default)]
    pub operations: BTreeMap<String, String>,
    /// See [`Settings::paging`].
    pub paging: Option<PagingSettings>,
    /// See [`Settings::version`]: `keep`, `bump` or a version.
    pub version: Option<String>,
}

impl SettingsFile {
    /// Parses a settings file; errors name the offending key.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let tree = parse::load(text)?;
        let file: SettingsFile = serde_path_to_error::deserialize(&tree)
            .map_err(|e| Error::Settings(format!("{}: {}", e.path(), e.inner())))?;
        if let Some(version) = &file.version {
            CrateVersion::parse(version)?;
        }
        Ok(file)
    }

    /// Applies the file on top of `settings`.
    pub fn apply(self, mut settings: Settings) -> Settings {
        if let Some(name) = self.crate_name {
            let derived = Settings::new(&name, &settings.regenerate);
            settings.crate_name = name;
            settings.env_prefix = derived.env_prefix;
        }
        if let Some(prefix) = self.env_prefix {
            settings.env_prefix = prefix;
        }
        if self.auth_prefix.is_some() {
            settings.auth_prefix = self.auth_prefix;
        }
        settings.renames.extend(self.renames);
        settings.example_deviations.extend(self.example_deviations);
        settings.handwritten.extend(self.handwritten);
        settings.operations.extend(self.operations);
        if let Some(paging) = self.paging {
            if paging.page_numbers.is_some() {
                settings.paging.page_numbers = paging.page_numbers;
            }
            settings.paging.operations.extend(paging.operations);
        }
        if let Some(typed) = self.typed_formats {
            settings.typed_formats = typed;
        }
        // Checked by `parse`; a file built in code with a bad version keeps the default.
        if let Some(version) = self.version.as_deref().map(CrateVersion::parse) {
            settings.version = version.unwrap_or_default();
        }
        settings
    }
}

#[cfg(test)]
mod tests {
    use super::{CrateVersion, SettingsFile};

    #[test]
    fn versions_the_settings_accept() {
        assert_eq!(CrateVersion::parse("keep").unwrap(), CrateVersion::Keep);
        assert_eq!(CrateVersion::parse("bump").unwrap(), CrateVersion::Bump);
        for ok in ["0.1.0", "10.20.30", "2.0.0-rc.1", "1.0.0-alpha-2"] {
            assert_eq!(
                CrateVersion::parse(ok).unwrap(),
                CrateVersion::Exactly(ok.into())
            );
        }
        // Nothing that could leave its TOML string, nothing cargo would refuse.
        for bad in [
            "",
            "1.2",
            "1.2.3.4",
            "01.2.3",
            "1.2.x",
            "1.2.3-",
            "1.2.3\"\n[x]",
            "1.2.3+b",
        ] {
            assert!(CrateVersion::parse(bad).is_err(), "{bad:?}");
        }
        let error = SettingsFile::parse("version: 1.2.3\"x")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("is not `keep`, `bump` or a version"),
            "{error}"
        );
        let file = SettingsFile::parse("version: bump").unwrap();
        let settings = file.apply(super::Settings::new("x", "test"));
        assert_eq!(settings.version, CrateVersion::Bump);
    }
}
