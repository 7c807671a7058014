//! Pass 10: tokens → formatted source text, headed by the line that says how to regenerate it.

use crate::error::Error;
use proc_macro2::TokenStream;

/// Prints one chunk of `file`: whole items (and, in the first chunk, the file's inner
/// attributes), as prettyplease prints them in a file. prettyplease lays out each item on its
/// own, so a file printed chunk by chunk is the file printed at once, and only one chunk's
/// tokens and syntax tree are in memory at a time. `read` sees the syntax tree before it is
/// printed (the public API is read from it: `emit::surface`).
pub fn chunk(
    file: &str,
    tokens: TokenStream,
    read: impl FnOnce(&syn::File),
) -> Result<String, Error> {
    let parse = |tokens: TokenStream| {
        syn::parse2::<syn::File>(tokens).map_err(|e| Error::Format {
            file: file.to_string(),
            message: e.to_string(),
        })
    };
    // A doc attribute holding a line break prints as a `/** .. */` block (or, holding `*/`,
    // as `#[doc = ..]`; `#[doc(alias ..)]` is no doc text): only then is the chunk printed
    // again with its docs split ([`split_docs`]), so the token walk costs nothing where no doc
    // needs it.
    let mut parsed = parse(tokens)?;
    let mut text = prettyplease::unparse(&parsed);
    if ["/**", "/*!", "#[doc =", "#![doc ="]
        .iter()
        .any(|mark| text.contains(mark))
    {
        // The rare path: the tree back to tokens, split, parsed and printed again.
        parsed = parse(split_docs(quote::ToTokens::into_token_stream(parsed)))?;
        text = prettyplease::unparse(&parsed);
    }
    read(&parsed);
    Ok(text)
}

/// Every `#[doc = "..."]` (or `#![doc = "..."]`) whose text holds a line break becomes one
/// attribute per line, through [`crate::doc_text::doc_lines`]: the emitters write a line per
/// attribute, so such text is spec text that reached a doc unsplit (a server URL, an enum value
/// with a line break in it). Split, it prints as `///` lines, never a `/** .. */` block that
/// the checks of the docs cannot read; sanitised, a fence in it is reopened as `text`, so
/// rustdoc compiles none of it. A safety net under the emitters, not their only guard.
fn split_docs(tokens: TokenStream) -> TokenStream {
    use proc_macro2::{Delimiter, Group, TokenTree};
    let mut out = Vec::new();
    let mut trees = tokens.into_iter().peekable();
    while let Some(tree) = trees.next() {
        match tree {
            TokenTree::Punct(hash) if hash.as_char() == '#' => {
                let bang = match trees.peek() {
                    Some(TokenTree::Punct(p)) if p.as_char() == '!' => trees.next(),
                    _ => None,
                };
                let multi_line = match trees.peek() {
                    Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Bracket => {
                        multi_line_doc(g.stream())
                    }
                    _ => None,
                };
                match multi_line {
                    Some(text) => {
                        trees.next();
                        for line in crate::doc_text::doc_lines(&text) {
                            out.push(TokenTree::Punct(hash.clone()));
                            out.extend(bang.clone());
                            let attr = quote::quote!(doc = #line);
                            out.push(TokenTree::Group(Group::new(Delimiter::Bracket, attr)));
                        }
                    }
                    None => {
                        out.push(TokenTree::Punct(hash));
                        out.extend(bang);
                    }
                }
            }
            TokenTree::Group(group) => {
                let mut inner = Group::new(group.delimiter(), split_docs(group.stream()));
                inner.set_span(group.span());
                out.push(TokenTree::Group(inner));
            }
            other => out.push(other),
        }
    }
    out.into_iter().collect()
}

/// The text of a `doc = "..."` attribute body when it holds a line break.
fn multi_line_doc(body: TokenStream) -> Option<String> {
    use proc_macro2::TokenTree;
    let mut trees = body.into_iter();
    let (
        Some(TokenTree::Ident(name)),
        Some(TokenTree::Punct(eq)),
        Some(TokenTree::Literal(lit)),
        None,
    ) = (trees.next(), trees.next(), trees.next(), trees.next())
    else {
        return None;
    };
    if name != "doc" || eq.as_char() != '=' {
        return None;
    }
    let text = syn::parse2::<syn::LitStr>(TokenTree::Literal(lit).into())
        .ok()?
        .value();
    text.contains(['\n', '\r']).then_some(text)
}

/// The file from its printed chunks, in file order (`len`: their total length), under the
/// `// {header}` line, a blank line between items. Each chunk is dropped once copied, so the
/// file is never held twice over (nor grown by doubling).
pub fn finish(header: &str, chunks: impl IntoIterator<Item = String>, len: usize) -> String {
    let mut out = String::with_capacity(header.len() + 4 + len + len / 16);
    out.push_str("// ");
    out.push_str(header);
    out.push('\n');
    let mut separator = Separator::default();
    for chunk in chunks {
        separator.push(&chunk, &mut out);
    }
    out
}

/// prettyplease prints items back to back; a blank line between top-level items (and between
/// the items of a top-level `impl` or `mod`) makes the file read like hand-written code.
///
/// prettyplease's layout is regular enough to find item ends by indentation: an item at level 0
/// (or 4, inside an `impl` or `mod`) ends with a `}` or a `;` at that indentation, or with the `)]` of a
/// multi-line inner attribute. Comment lines never end an item. The state carries from one
/// chunk to the next, as if the file were one text.
#[derive(Default)]
struct Separator {
    in_impl: bool,
    in_inner_attr: bool,
    /// The indentation of the previous line, when it ended an item.
    ended_at: Option<usize>,
}

impl Separator {
    fn push(&mut self, text: &str, out: &mut String) {
        let Separator {
            in_impl,
            in_inner_attr,
            ended_at,
        } = self;
        for line in text.lines() {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            let item_level = indent == 0 || (*in_impl && indent == 4);
            if item_level
                && *ended_at == Some(indent)
                && !trimmed.is_empty()
                && !trimmed.starts_with('}')
            {
                out.push('\n');
            }
            if indent == 0 {
                if trimmed.starts_with("impl") || trimmed.starts_with("mod ") {
                    *in_impl = true;
                } else if trimmed == "}" {
                    *in_impl = false;
                }
            }
            let comment = trimmed.starts_with("//");
            let ends_item = if indent == 0 && trimmed.starts_with("#![") {
                *in_inner_attr = !trimmed.ends_with(']');
                !*in_inner_attr
            } else if *in_inner_attr && indent == 0 && trimmed == ")]" {
                *in_inner_attr = false;
                true
            } else {
                item_level
                    && !comment
                    && !*in_inner_attr
                    && (trimmed == "}" || trimmed.ends_with(';'))
            };
            *ended_at = ends_item.then_some(indent);
            out.push_str(line);
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::chunk;
    use quote::quote;

    /// Spec text with a line break in one doc attribute: printed as `///` lines, its fence
    /// reopened as `text`, whether or not it holds `*/` (which prettyplease cannot put in a
    /// block comment).
    #[test]
    fn a_doc_with_a_line_break_prints_as_lines_and_never_runs() {
        for text in [
            " x\n```rust\nfn main() {}\n```",
            " x */\n```rust\nfn main() {}\n```",
        ] {
            let printed = chunk("t.rs", quote!(#[doc = #text] pub struct S;), |_| {}).unwrap();
            assert!(
                !printed.contains("/**") && !printed.contains("#[doc ="),
                "{printed}"
            );
            assert!(printed.contains("/// ```text"), "{printed}");
        }
        // A chunk whose docs are one line each is printed once, as it is.
        let printed = chunk(
            "t.rs",
            quote!(
                #[doc = " One line."]
                pub struct S;
            ),
            |_| {},
        )
        .unwrap();
        assert_eq!(printed, "/// One line.\npub struct S;\n");
    }
}
