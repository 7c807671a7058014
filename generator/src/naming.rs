//! Every Rust identifier the generator writes is made here, from spec strings, by total
//! functions: any input (empty, keyword, leading digit, punctuation, non-ASCII) gives a valid
//! identifier, and [`Namespace`] makes the results unique, deterministically.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};
use std::collections::{BTreeMap, BTreeSet};

pub mod reserved;

/// Words that are keywords in some Rust edition (strict and reserved).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Spec text used as a label inside a sentence of the docs (a title, a version, a path): its line
/// breaks and runs of white space become single spaces, so it can never start a line of its own
/// (a code fence, an attribute).
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `word` is a Rust keyword (strict or reserved, in any edition).
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Keywords that cannot be raw identifiers (`r#self` is an error): they get a trailing `_`.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Splits on anything that is not an ASCII letter or digit, so heck sees clean word boundaries
/// and the result is ASCII. A non-ASCII letter is its ASCII transliteration (`naïve` → `naive`,
/// `größe` → `grosse`, `北京` → `Bei Jing`); what has none is a word boundary (a name with
/// nothing left falls back).
fn ascii_words(raw: &str) -> String {
    let mut words = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            words.push(c);
        } else if c.is_ascii() {
            words.push(' ');
        } else {
            let ascii = deunicode::deunicode_char(c).unwrap_or(" ");
            words.extend(
                ascii
                    .chars()
                    .map(|a| if a.is_ascii_alphanumeric() { a } else { ' ' }),
            );
        }
    }
    // A name of 100 KB would cost rustc gigabytes: long names are cut, deterministically, and
    // keep a hash of the whole so that two long names sharing a start stay apart.
    if words.len() > MAX_NAME_INPUT {
        format!("{} {:016x}", &words[..MAX_NAME_INPUT], fnv1a(raw))
    } else {
        words
    }
}

/// How much of a spec string a name is made from (ASCII characters; longer ones are cut).
pub const MAX_NAME_INPUT: usize = 96;

/// FNV-1a, 64 bits: a stable hash (std's `DefaultHasher` may change between releases).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `PascalCase` for types and enum variants: `clipId` → `ClipId`, `404` → `N404`.
pub fn type_name(raw: &str) -> String {
    let name = ascii_words(raw).to_upper_camel_case();
    let name = if name.is_empty() {
        "Unnamed".to_string()
    } else {
        name
    };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("N{name}")
    } else {
        name
    };
    if name == "Self" {
        "Self_".to_string()
    } else {
        name
    }
}

/// `snake_case` for fields, parameters and methods: `createdAt` → `created_at`, `type` →
/// `r#type`, `self` → `self_`, `3d` → `_3d`.
pub fn field_name(raw: &str) -> String {
    let name = ascii_words(raw).to_snake_case();
    let name = if name.is_empty() {
        "field".to_string()
    } else {
        name
    };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name
    };
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// `SCREAMING_SNAKE_CASE` for environment variable prefixes: `gcore-streaming` → `GCORE_STREAMING`.
pub fn env_name(raw: &str) -> String {
    ascii_words(raw).to_snake_case().to_uppercase()
}

/// The name an HTTP status gets as an error variant: its reason phrase (`404` → `NotFound`),
/// `Status418`-style for codes without a well-known phrase, and `ClientError`/`ServerError`
/// for the `4XX`/`5XX` ranges.
pub fn status_variant(status: &crate::ir::Status) -> String {
    use crate::ir::Status;
    let phrase = match status {
        Status::Default => return "Default".to_string(),
        Status::Range(1) => return "Informational".to_string(),
        Status::Range(2) => return "Success".to_string(),
        Status::Range(3) => return "Redirection".to_string(),
        Status::Range(4) => return "ClientError".to_string(),
        Status::Range(5) => return "ServerError".to_string(),
        Status::Range(n) => return format!("Status{n}xx"),
        Status::Code(code) => reason_phrase(*code),
    };
    match (phrase, status) {
        (Some(phrase), _) => type_name(phrase),
        (None, Status::Code(code)) => format!("Status{code}"),
        (None, _) => "Other".to_string(),
    }
}

fn reason_phrase(code: u16) -> Option<&'static str> {
    Some(match code {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi Status",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "Im A Teapot",
        421 => "Misdirected Request",
        422 => "Unprocessable Entity",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        511 => "Network Authentication Required",
        _ => return None,
    })
}

/// The one way an identifier string becomes an `Ident`: `r#` names become raw identifiers.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The wire name serde derives for a Rust field name (serde strips `r#`).
pub fn serde_name(rust_name: &str) -> &str {
    rust_name.strip_prefix("r#").unwrap_or(rust_name)
}

/// A name made from another one by adding a suffix (`{name}_pages`,
/// `{name}_or_default`): built from the name as written, without its `r#` and without the `_`
/// that escapes `self`, `crate` and `super` (`self_` → `self_or_default`, not
/// `self__or_default`). The result is never a keyword. Every such name is made here, so the one
/// that claims it and the one that prints it agree.
pub fn suffixed(name: &str, suffix: &str) -> String {
    format!("{}_{suffix}", bare(name))
}

/// A name made from another one by a prefix (`with_{name}`); see [`suffixed`].
pub fn prefixed(prefix: &str, name: &str) -> String {
    format!("{prefix}_{}", bare(name))
}

/// A name without its raw prefix or its escaping underscore.
fn bare(name: &str) -> &str {
    let name = serde_name(name);
    name.strip_suffix('_')
        .filter(|stem| NOT_RAW.contains(stem))
        .unwrap_or(name)
}

/// A set of names in one scope. [`Namespace::claim`] returns the wanted name, or the first of
/// `name2`, `name3`, ... that is free: the first claimant keeps the plain name, so the result
/// depends only on the order of claims, which the caller keeps deterministic (spec order).
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
    /// Per base name, the number its next numbered variant starts looking from: every number
    /// below it was found taken (and the set only grows), so a thousand repeats of one name
    /// cost a thousand probes, not half a million.
    next_number: BTreeMap<String, u64>,
}

impl Namespace {
    /// A namespace in which `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Namespace {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
            next_number: BTreeMap::new(),
        }
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Takes `wanted` and the names derived from it by `suffixes` (`list`, `list_pages`), or
    /// the first numbered variant of it free with its derived names: a method whose derived
    /// names are taken by another would be defined twice.
    pub fn claim_with_suffixes(&mut self, wanted: &str, suffixes: &[&str]) -> String {
        let free = |taken: &BTreeSet<String>, name: &str| {
            !taken.contains(name) && suffixes.iter().all(|s| !taken.contains(&suffixed(name, s)))
        };
        let mut name = wanted.to_string();
        if !free(&self.taken, &name) {
            // The numbered variants in `claim`'s order, tried on a copy (rarely needed).
            let mut probe = self.clone();
            while !free(&self.taken, &name) {
                name = probe.claim(wanted);
            }
        }
        self.taken.insert(name.clone());
        for suffix in suffixes {
            self.taken.insert(suffixed(&name, suffix));
        }
        name
    }

    /// Takes `wanted`, or the first free numbered variant of it.
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_string()) {
            return wanted.to_string();
        }
        // `r#type` → `type2`: a numbered variant is never a keyword, so drop the raw prefix.
        let base = serde_name(wanted).trim_end_matches('_');
        let sep = if base.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        let next = self.next_number.entry(base.to_string()).or_insert(2);
        loop {
            let candidate = format!("{base}{sep}{next}");
            *next += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        let cases = [
            ("clipId", "ClipId"),
            ("clip_base", "ClipBase"),
            ("notfound", "Notfound"),
            ("HTTPError", "HttpError"),
            ("3d-model", "N3dModel"),
            ("", "Unnamed"),
            ("Self", "Self_"),
            ("self", "Self_"),
            // Non-ASCII letters are transliterated; what has no letters left falls back.
            ("café", "Cafe"),
            ("ünï", "Uni"),
            ("größe", "Grosse"),
            ("北京", "BeiJing"),
            ("\u{202e}", "Unnamed"),
            ("high-quality", "HighQuality"),
            ("a.b/c", "ABC"),
        ];
        for (raw, expected) in cases {
            assert_eq!(type_name(raw), expected, "{raw:?}");
        }
    }

    #[test]
    fn field_names() {
        let cases = [
            ("createdAt", "created_at"),
            ("created_at", "created_at"),
            ("type", "r#type"),
            ("match", "r#match"),
            ("self", "self_"),
            ("Self", "self_"),
            ("super", "super_"),
            ("crate", "crate_"),
            ("3d", "_3d"),
            ("", "field"),
            ("$ref", "r#ref"),
            ("x-rate-limit", "x_rate_limit"),
            (
                "get_streams_id_clip_recording",
                "get_streams_id_clip_recording",
            ),
            ("getMuseumHours", "get_museum_hours"),
        ];
        for (raw, expected) in cases {
            assert_eq!(field_name(raw), expected, "{raw:?}");
        }
    }

    #[test]
    fn every_name_is_a_valid_identifier() {
        for raw in [
            "type", "self", "3d", "", "é", "a b", "async", "gen", "_", "__", "Self",
        ] {
            for name in [type_name(raw), field_name(raw)] {
                let ident = ident(&name);
                assert!(
                    syn::parse_str::<syn::Ident>(&ident.to_string()).is_ok(),
                    "{raw:?} -> {name}"
                );
            }
        }
    }

    #[test]
    fn namespace_resolves_collisions_in_claim_order() {
        let mut ns = Namespace::with_reserved(&["Unknown"]);
        assert_eq!(ns.claim("Fast"), "Fast");
        assert_eq!(ns.claim("Fast"), "Fast2");
        assert_eq!(ns.claim("Fast"), "Fast3");
        assert_eq!(ns.claim("Unknown"), "Unknown2");
        assert_eq!(ns.claim("V1"), "V1");
        assert_eq!(ns.claim("V1"), "V1_2");
        assert_eq!(ns.claim("r#type"), "r#type");
        assert_eq!(ns.claim("r#type"), "type2");
    }

    #[test]
    fn status_variants() {
        use crate::ir::Status;
        assert_eq!(status_variant(&Status::Code(404)), "NotFound");
        assert_eq!(status_variant(&Status::Code(422)), "UnprocessableEntity");
        assert_eq!(status_variant(&Status::Code(425)), "TooEarly");
        assert_eq!(status_variant(&Status::Code(499)), "Status499");
        assert_eq!(status_variant(&Status::Range(4)), "ClientError");
        assert_eq!(status_variant(&Status::Default), "Default");
    }
}
