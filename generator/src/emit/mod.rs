//! Pass 9: IR → Rust tokens. Emitters read the IR only; each returns a `TokenStream` that the
//! `format` pass prints. Helpers shared by the model and client emitters live here.

pub mod client;
pub mod crate_docs;
pub mod examples;
pub(crate) mod fixed;
pub mod manifest;
pub mod models;
pub mod readme;
pub mod sink;
pub mod surface;

/// The request runtime (retries, timeouts, options, tracing, paging), copied verbatim into
/// every crate with operations as `src/runtime.rs`. It is ordinary Rust so that it can be read,
/// and is compiled and linted wherever a generated crate is.
pub const RUNTIME: &str = include_str!("../../runtime/runtime.rs");

/// The credentials module (schemes, token providers, OAuth2 client credentials), copied
/// verbatim beside the runtime as `src/auth.rs` ([`auth_module`]).
pub const AUTH: &str = include_str!("../../runtime/auth.rs");

/// `src/auth.rs` for an API: [`AUTH`] as it is when the client fetches OAuth2 tokens itself,
/// else without its `oauth2` part (from the `// oauth2:` line to the one after
/// `// oauth2: end.`), which was a quarter of an API-key crate's release build (the full
/// Gcore crate: 76k -> 59k LLVM lines, 5.5 -> 5.0 s).
pub fn auth_module(fetches_tokens: bool) -> std::borrow::Cow<'static, str> {
    const END: &str = "// oauth2: end.\n\n";
    let start = AUTH.find("// oauth2: ");
    let end = AUTH.find(END).map(|at| at + END.len());
    match (fetches_tokens, start, end) {
        (false, Some(start), Some(end)) => format!("{}{}", &AUTH[..start], &AUTH[end..]).into(),
        _ => AUTH.into(),
    }
}

pub use crate::doc_text::{doc_lines, doc_safe};
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

/// A name from the spec as the text of an inline code span in docs: on one line, without the
/// backticks that would end the span.
pub fn code_span_text(name: &str) -> String {
    name.replace(['`', '\n', '\r'], " ")
}

/// The attribute on every function the crate need not compile for itself: what sends an
/// operation's request (its method, a request builder's `send`, `with_response` and
/// `into_future`, `*_pages`), and what builds a value (a model's `new`, setters and
/// `*_or_default`, an enum's `as_str`/`value`, a request builder's setters, a resource's
/// accessor). `#[inline]` makes each compiled in the crate that calls it, as an `async fn`'s
/// body or a generic is, and only if called. Without it every one was compiled here, in every
/// build: the request functions were 72 % of the full Gcore crate's LLVM lines in a release
/// build (323k → 89k; 11.5 → 5.4 s), the builders' 14 % of the rest (88.5k → 76k).
pub(crate) fn compiled_where_called() -> TokenStream {
    quote!(#[inline])
}

/// Doc attributes of the generator's own text (each line already starting with its space),
/// one per line: a single `#[doc]` holding a line break prints as a `/** .. */` block.
pub fn own_doc(text: &str) -> TokenStream {
    let lines = text.split('\n');
    quote!(#(#[doc = #lines])*)
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
