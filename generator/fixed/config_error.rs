// `ConfigError` in `client.rs`, as prettyplease prints it: why a `Client` could not be made,
// the same for every API. Not printed again on every run (see `emit::fixed`); the `// api:`
// lines are the public-API manifest's lines for it, checked by the tests of `emit::fixed`.
// part: config_error
// api: client::ConfigError  pub enum
// api: client::ConfigError: Debug  derive
// api: client::ConfigError::Env  variant { name: &'static str, source: std::env::VarError }
// api: client::ConfigError::Missing  variant { names: &'static[&'static str] }
// api: client::ConfigError::Http  variant (reqwest::Error)
// api: client::ConfigError: std::fmt::Display  impl
// api: client::ConfigError: std::error::Error  impl
/// Why a [`Client`] could not be made.
#[derive(Debug)]
pub enum ConfigError {
    /// A required environment variable is missing or not valid Unicode.
    Env {
        /// The variable's name.
        name: &'static str,
        /// Why it could not be read.
        source: std::env::VarError,
    },
    /// None of the credentials [`Client::from_env`] reads is set.
    Missing {
        /// The variables of which one (or one pair) is needed.
        names: &'static [&'static str],
    },
    /// The HTTP client could not be built (its TLS backend could not start).
    Http(reqwest::Error),
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigError::Env { name, source } => {
                write!(f, "environment variable {name}: {source}")
            }
            ConfigError::Missing { names } => {
                write!(
                    f, "no credentials in the environment: set {}", names.join(" or ")
                )
            }
            ConfigError::Http(e) => write!(f, "the HTTP client could not be built: {e}"),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::Env { source, .. } => Some(source),
            ConfigError::Http(e) => Some(e),
            ConfigError::Missing { .. } => None,
        }
    }
}
