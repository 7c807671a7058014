//! The generator's one error type: every failure is data that says what went wrong and where.
//!
//! Locations are JSON pointers written as URI fragments (`#/components/schemas/clipId/allOf/1`),
//! the same notation `$ref` uses, so a message can be pasted straight into a search of the spec.
//! Syntax errors from the text loaders carry a line and column instead, because there is no tree
//! to point into yet.

/// Everything that can make generation fail. The texts are pinned by `tests/tests/bad_input.rs`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The text is not valid YAML.
    #[error("invalid YAML at line {line}, column {column}: {message}")]
    Yaml {
        /// 1-based line of the offending character.
        line: usize,
        /// 1-based column of the offending character.
        column: usize,
        /// What the YAML parser said.
        message: String,
    },
    /// The text is not valid JSON.
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    Json {
        /// 1-based line of the offending character.
        line: usize,
        /// 1-based column of the offending character.
        column: usize,
        /// What the JSON parser said.
        message: String,
    },
    /// The document is not OpenAPI 3.0.x, 3.1.x or 3.2.x.
    #[error("{pointer}: {message}")]
    UnsupportedVersion {
        /// Where the version was read (`#/openapi` or `#/swagger`).
        pointer: String,
        /// Which version was found and what is supported.
        message: String,
    },
    /// A value has the wrong shape for the OpenAPI object it sits in.
    #[error("{pointer}: {message}")]
    Invalid {
        /// The JSON pointer of the offending value.
        pointer: String,
        /// What is wrong with it.
        message: String,
    },
    /// A `$ref` points at nothing.
    #[error("{pointer}: $ref target `{target}` does not exist")]
    MissingRef {
        /// Where the `$ref` is written.
        pointer: String,
        /// The reference as written.
        target: String,
    },
    /// A `$ref` the generator cannot follow (another file, a URL).
    #[error("{pointer}: $ref `{target}` is not supported: only local references (`#/...`) are")]
    ExternalRef {
        /// Where the `$ref` is written.
        pointer: String,
        /// The reference as written.
        target: String,
    },
    /// A chain of `$ref`s or `allOf` members leads back to where it started.
    #[error("{pointer}: allOf cycle: {chain}")]
    AllOfCycle {
        /// The schema where the cycle was entered.
        pointer: String,
        /// The pointers of the cycle, joined with ` -> `.
        chain: String,
    },
    /// A chain of `$ref`s leads back to where it started.
    #[error("{pointer}: $ref loop: {chain}")]
    RefLoop {
        /// Where the first `$ref` of the chain is written.
        pointer: String,
        /// The pointers of the chain, joined with ` -> `.
        chain: String,
    },
    /// The generator settings themselves are wrong (crate name, renames).
    #[error("settings: {0}")]
    Settings(String),
    /// What is wrong with the spec in `file`, for callers that have not named it already (a
    /// build script's message: `openapi.yaml: #/info: missing field `version``).
    #[error("{file}: {error}")]
    InFile {
        /// The spec file.
        file: String,
        /// What is wrong, and where in it.
        error: Box<Error>,
    },
    /// The spec file itself cannot be read.
    #[error("cannot read {path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// What the system said.
        message: String,
    },
    /// Formatting the emitted code failed: a generator bug, reported rather than panicked on.
    #[error("internal error while formatting `{file}`: {message}")]
    Format {
        /// The file being formatted.
        file: String,
        /// What `syn` said.
        message: String,
    },
}

impl Error {
    /// Shorthand for [`Error::Invalid`].
    pub fn invalid(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl Error {
    /// The same error with every pointer in it passed through `f` (used to name, for a bundled
    /// multi-file spec, the file and pointer where the text was written).
    pub fn map_pointers(self, f: &dyn Fn(&str) -> String) -> Self {
        let chain = |c: &str| c.split(" -> ").map(f).collect::<Vec<_>>().join(" -> ");
        match self {
            Error::UnsupportedVersion { pointer, message } => Error::UnsupportedVersion {
                pointer: f(&pointer),
                message,
            },
            Error::Invalid { pointer, message } => Error::Invalid {
                pointer: f(&pointer),
                message,
            },
            Error::MissingRef { pointer, target } => Error::MissingRef {
                pointer: f(&pointer),
                target,
            },
            Error::ExternalRef { pointer, target } => Error::ExternalRef {
                pointer: f(&pointer),
                target,
            },
            Error::AllOfCycle { pointer, chain: c } => Error::AllOfCycle {
                pointer: f(&pointer),
                chain: chain(&c),
            },
            Error::RefLoop { pointer, chain: c } => Error::RefLoop {
                pointer: f(&pointer),
                chain: chain(&c),
            },
            other => other,
        }
    }
}

/// Something the generator rewrote, approximated or left out, with where it happened.
///
/// Notes never stop generation; `cargo xtask codegen` prints them as warnings.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    /// The JSON pointer the note is about.
    pub pointer: String,
    /// What was done and why.
    pub message: String,
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

/// A message made safe to print as one line: spec text inside it (names, keys, values) can hold
/// line breaks and terminal escapes, which would otherwise let a spec forge further `error:`
/// lines or recolour the terminal. Control characters are written as escapes (`\n`, `\u{1b}`).
pub fn one_line(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    for c in message.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Builds JSON pointers: `~` and `/` in a segment are escaped as `~0` and `~1` (RFC 6901).
pub fn pointer_push(base: &str, segment: &str) -> String {
    let mut pointer = String::with_capacity(base.len() + 1 + segment.len());
    pointer.push_str(base);
    push_segment(&mut pointer, segment);
    pointer
}

/// Appends `/segment` to `pointer`, escaped as [`pointer_push`] does.
pub fn push_segment(pointer: &mut String, segment: &str) {
    pointer.push('/');
    let mut rest = segment;
    while let Some(at) = rest.find(['~', '/']) {
        pointer.push_str(&rest[..at]);
        pointer.push_str(if rest.as_bytes()[at] == b'~' {
            "~0"
        } else {
            "~1"
        });
        rest = &rest[at + 1..];
    }
    pointer.push_str(rest);
}

/// `$ref` values are URI fragments: `%7B` and friends are decoded before pointer lookup.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(hi * 16 + lo);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Whether a `$ref` points into this document (`#/...`, or `#` itself).
pub fn is_local_ref(reference: &str) -> bool {
    reference.starts_with("#/") || reference == "#"
}

/// Reverses [`pointer_push`]'s escaping for one segment.
pub fn pointer_unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::pointer_push;

    /// RFC 6901: `~` is `~0` and `/` is `~1`, wherever and however often they appear.
    #[test]
    fn a_segment_is_escaped() {
        assert_eq!(pointer_push("#/paths", "/a/{b}"), "#/paths/~1a~1{b}");
        assert_eq!(pointer_push("#", "~1/~"), "#/~01~1~0");
        assert_eq!(pointer_push("#", ""), "#/");
        assert_eq!(pointer_push("#", "é/x"), "#/é~1x");
    }
}
