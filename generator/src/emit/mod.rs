//! Pass 9: IR → Rust tokens. Emitters read the IR only; each returns a `TokenStream` that the
//! `format` pass prints. Helpers shared by the model and client emitters live here.

pub mod client;
pub mod crate_docs;
pub mod examples;
pub mod manifest;

/// The request runtime (retries, timeouts, options, tracing, paging), copied verbatim into
/// every crate with operations as `src/runtime.rs`. It is ordinary Rust so that it can be read,
/// and is compiled and linted wherever a generated crate is.
pub const RUNTIME: &str = include_str!("../../runtime/runtime.rs");

/// The credentials module (schemes, token providers, OAuth2 client credentials), copied
/// verbatim beside the runtime as `src/auth.rs`.
pub const AUTH: &str = include_str!("../../runtime/auth.rs");
pub mod models;
pub mod readme;
pub mod sink;
pub mod surface;

use crate::ir::TypeRef;
use proc_macro2::TokenStream;
use quote::quote;

/// The API's name for prose: its title, with ` API` added unless the title says it already.
pub fn api_name(title: &str) -> String {
    let title = title.trim();
    if title
        .to_ascii_lowercase()
        .split_whitespace()
        .any(|w| w == "api")
    {
        title.to_string()
    } else {
        format!("{title} API")
    }
}

/// Doc attributes for the generator's own text, never spec text: unlike [`doc_attrs`], code
/// blocks stay code (rustdoc compiles them as doctests), so only constant text and names the
/// settings checked may reach it.
pub fn trusted_doc_attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| match line {
        "" => String::new(),
        line => format!(" {line}"),
    });
    quote!(#(#[doc = #lines])*)
}

/// `#[doc]` attributes for spec prose, made safe for rustdoc.
///
/// Spec descriptions are Markdown written for a web page. Two things in them break a Rust crate:
/// a fenced block without a language is compiled as a doctest, and an indented line after a
/// blank one is an (also compiled) indented code block. So fences get the `text` language and
/// lines outside fences lose their leading indentation. Runs of blank lines collapse to one.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#[doc = #lines])*)
}

/// Doc attributes of the generator's own text (each line already starting with its space),
/// one per line: a single `#[doc]` holding a line break prints as a `/** .. */` block.
pub fn own_doc(text: &str) -> TokenStream {
    let lines = text.split('\n');
    quote!(#(#[doc = #lines])*)
}

/// The lines [`doc_attrs`] writes, each with the leading space `///` comments have.
///
/// A spec is untrusted text, and rustdoc compiles and runs Rust code blocks: every fenced block
/// (backticks or tildes, of any length, with any info string: `rust,no_run`, `should_panic`...)
/// is reopened with the same fence and the `text` language, so no block is ever a doctest.
/// Characters a doc comment cannot hold or should not show (control characters, bare carriage
/// returns, bidirectional overrides) are dropped or escaped by [`doc_safe`].
pub fn doc_lines(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // The open fence: its character and length.
    let mut fence: Option<(char, usize)> = None;
    for raw in text.split(['\n', '\r']) {
        let raw = doc_safe(raw);
        let trimmed = raw.trim();
        let line = match (fence, fence_of(trimmed)) {
            // A closing fence: the same character, at least as long, nothing after it.
            (Some((c, n)), Some((c2, n2, info))) if c == c2 && n2 >= n && info.is_empty() => {
                fence = None;
                c.to_string().repeat(n)
            }
            (Some(_), _) => raw.trim_end().to_string(),
            (None, Some((c, n, _))) => {
                fence = Some((c, n));
                format!("{}text", c.to_string().repeat(n))
            }
            (None, None) => link_bare_urls(trimmed),
        };
        if line.is_empty() && out.last().is_none_or(|l| l.trim().is_empty()) {
            continue;
        }
        out.push(if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        });
    }
    if let Some((c, n)) = fence {
        out.push(format!(" {}", c.to_string().repeat(n)));
    }
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    out
}

/// A fence line (CommonMark): three or more backticks or tildes, then an info string (which,
/// after backticks, cannot hold a backtick: "```a```" is inline code).
fn fence_of(line: &str) -> Option<(char, usize, &str)> {
    let c = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = line.chars().take_while(|x| *x == c).count();
    let info = line[n..].trim();
    (n >= 3 && !(c == '`' && info.contains('`'))).then_some((c, n, info))
}

/// One line of spec text made safe for a comment or doc string: control characters (a bare
/// CR, ANSI escapes) are dropped, and bidirectional controls, which rustc rejects and which
/// can make text read differently from what it is, are written as `\u{..}`.
pub fn doc_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => out.push(c),
            '\u{061C}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}' => {
                out.push_str(&format!("\\u{{{:04X}}}", c as u32));
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// `line` (prose, outside a fenced block) with each bare `http(s)://` URL made an autolink
/// (`<https://..>`), as rustdoc's `bare_urls` lint asks: spec prose is written for a web page
/// that links them. Code spans, Markdown link targets (`](..)`), autolinks and HTML attributes
/// are left as they are, and so is a scheme with no host after it (`"http://"`).
pub fn link_bare_urls(line: &str) -> String {
    if !line.contains("://") {
        return line.to_string();
    }
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            // A code span: a run of backticks up to the next run of the same length.
            let run = chars[i..].iter().take_while(|&&c| c == '`').count();
            let close = (i + run..chars.len()).find(|&j| {
                chars[j..].iter().take_while(|&&c| c == '`').count() == run
                    && (j == 0 || chars[j - 1] != '`')
            });
            let end = close.map_or(i + run, |j| j + run);
            out.extend(&chars[i..end]);
            i = end;
            continue;
        }
        let rest: String = chars[i..chars.len().min(i + 8)].iter().collect();
        let scheme = ["https://", "http://"]
            .into_iter()
            .find(|s| rest.starts_with(s));
        let before: String = out
            .chars()
            .rev()
            .take(6)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let linked = i > 0 && matches!(chars[i - 1], '<' | '(' | '[')
            || before.ends_with("=\"")
            || before.ends_with("='");
        if let (Some(scheme), false) = (scheme, linked) {
            let mut end = i;
            while end < chars.len() && !chars[end].is_whitespace() && !"\"'<>`".contains(chars[end])
            {
                end += 1;
            }
            while end > i && ".,;:!?)]}".contains(chars[end - 1]) {
                end -= 1;
            }
            let host = chars
                .get(i + scheme.len())
                .is_some_and(|c| c.is_alphanumeric());
            if host && end > i + scheme.len() {
                out.push('<');
                out.extend(&chars[i..end]);
                out.push('>');
                i = end;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Several doc paragraphs, skipping empty ones, joined by blank lines.
pub fn paragraphs<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> String {
    parts
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The type an alias stands for (through chains of aliases; newtypes are types of their own).
pub fn unalias<'a>(api: &'a crate::ir::Api, ty: &'a TypeRef) -> &'a TypeRef {
    crate::ir::unalias(ty, api.types.len(), |id| api.types.get(id.index))
}

#[cfg(test)]
mod tests {
    use super::link_bare_urls;

    #[test]
    fn bare_urls_become_autolinks_and_nothing_else_changes() {
        for (line, expected) in [
            ("see https://a.io/x.", "see <https://a.io/x>."),
            (
                "(i.e. \"https://d.com/v.mp4\")",
                "(i.e. \"<https://d.com/v.mp4>\")",
            ),
            (
                "via \"http://\", \"https://\" links",
                "via \"http://\", \"https://\" links",
            ),
            (
                "[docs](https://a.io) and <https://b.io>",
                "[docs](https://a.io) and <https://b.io>",
            ),
            (
                "`https://a.io` and ```x https://b.io```",
                "`https://a.io` and ```x https://b.io```",
            ),
            (
                "<a href=\"https://a.io\">a</a>",
                "<a href=\"https://a.io\">a</a>",
            ),
            ("no url here", "no url here"),
            ("end https://a.io/p?q=1)", "end <https://a.io/p?q=1>)"),
        ] {
            assert_eq!(link_bare_urls(line), expected, "{line}");
        }
    }
}
