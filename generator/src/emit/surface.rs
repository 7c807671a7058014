//! The crate's public API, one line per item: what `public-api.txt` lists and what the
//! regeneration report compares (see [`crate::report`]).
//!
//! The lines are read from the syntax tree of each printed item, the one
//! [`crate::format::chunk`] builds to print it anyway, so they say exactly what the emitted code
//! declares and cost no second parse. A line is `key  signature[  cfg(..)]`: the key is the
//! item's path in the crate (`models::Stream`, `models::Stream.name` for a field,
//! `client::Streams::list` for a method, `models::Stream: Clone` for a trait it implements), the
//! signature what a user's code depends on. Two spaces separate the parts; neither keys nor
//! signatures ever hold two spaces in a row. Where each item comes from in the spec is added
//! when the file is put together ([`render`]), from the IR.

use crate::error::pointer_push;
use crate::ir::Api;
use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::ToTokens;
use std::collections::BTreeMap;

/// The file the lines are written to, at the crate's root.
pub const FILE: &str = "public-api.txt";

/// Between the traits a line names together (`models::Stream: Clone + Debug  derive`).
pub const TRAITS_JOINED_BY: &str = " + ";

/// The models' private helper modules (`de`, `ser`: see `models::codec`). Their traits cannot
/// be named outside the crate, so implementing one is not public API.
const HELPER_MODULES: [&str; 2] = ["de::", "ser::"];

/// Whether the trait `name` (as a manifest line writes it) is one of the helper modules'.
pub fn private_trait(name: &str) -> bool {
    HELPER_MODULES.iter().any(|m| name.starts_with(m))
}

/// `public-api.txt`: the lines of every file, sorted, each type, operation method and
/// resource handle followed by where it comes from (`@ #/components/schemas/stream`), and
/// the crate's cargo features (read from its `Cargo.toml`).
pub fn render(header: &str, mut lines: Vec<String>, api: &Api, cargo_toml: &str) -> String {
    let sources = sources(api);
    for line in lines.iter_mut() {
        let key = line.split("  ").next().unwrap_or_default();
        if let Some(source) = sources.get(key) {
            // Spec text (a schema's name in its pointer) must not end the line or hold the
            // two spaces that separate its parts.
            let mut source = source.replace(|c: char| c.is_control(), "?");
            while source.contains("  ") {
                source = source.replace("  ", " ");
            }
            line.push_str("  @ ");
            line.push_str(&source);
        }
    }
    let mut lines = traits_together(lines);
    lines.extend(features(cargo_toml));
    lines.sort();
    lines.dedup();
    let mut out = format!(
        "# {header}\n# The public API of this crate, one item a line: `path  signature  [cfg]  [@ where in the spec]`.\n# `cargo xtask codegen` compares it with the last one and reports what changed for users.\n"
    );
    for line in lines {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The traits a type implements the same way (derived, or by hand) under the same `cfg`, on
/// one line: `models::Stream: Clone + Debug + PartialEq  derive`. A line per trait made a
/// new type (or a renamed one) cost a reviewer three to six lines of the manifest's diff;
/// the report still compares trait by trait ([`crate::report`] reads the line as one item
/// per trait).
fn traits_together(lines: Vec<String>) -> Vec<String> {
    let mut grouped: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let (key, rest) = line.split_once("  ").unwrap_or((&line, ""));
        match key.split_once(": ") {
            Some((owner, name)) => grouped
                .entry((owner.to_string(), rest.to_string()))
                .or_default()
                .push(name.to_string()),
            None => out.push(line),
        }
    }
    for ((owner, rest), mut names) in grouped {
        names.sort();
        names.dedup();
        out.push(format!("{owner}: {}  {rest}", names.join(TRAITS_JOINED_BY)));
    }
    out
}

/// Where each type, operation method and resource handle comes from.
fn sources(api: &Api) -> BTreeMap<String, String> {
    let mut sources = BTreeMap::new();
    for def in &api.types {
        sources.insert(format!("models::{}", def.name), def.source.clone());
    }
    for resource in &api.resources {
        let call: Vec<String> = resource.path.iter().map(|a| format!("{a}()")).collect();
        sources.insert(
            format!("client::{}", resource.type_name),
            format!("client.{}", call.join(".")),
        );
    }
    for op in &api.operations {
        let pointer = crate::adapter::shape::pointer_under(
            &pointer_push("#/paths", &op.path),
            &crate::adapter::shape::method_segments(&op.http_method),
        );
        let owner = match op.resource {
            Some(r) => api.resources[r].type_name.as_str(),
            None => "Client",
        };
        let twins = [&op.pages_method, &op.stream_method].into_iter().flatten();
        let events = op.events.iter().filter_map(|e| e.method.as_ref());
        for name in std::iter::once(&op.method_name).chain(twins).chain(events) {
            sources.insert(format!("client::{owner}::{name}"), pointer.clone());
        }
        let headers = op.headers.as_ref().map(|h| &h.type_name);
        let types = [op.builder.as_ref(), op.error_type.as_ref(), headers];
        for ty in types.into_iter().flatten() {
            sources.insert(format!("client::{ty}"), pointer.clone());
        }
    }
    sources
}

/// `feature name  = [..]` for each feature of the `[features]` table.
fn features(cargo_toml: &str) -> Vec<String> {
    let mut in_features = false;
    let mut out = Vec::new();
    for line in cargo_toml.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_features = line == "[features]";
        } else if in_features && !line.starts_with('#') {
            if let Some((name, value)) = line.split_once('=') {
                out.push(format!("feature {}  = {}", name.trim(), value.trim()));
            }
        }
    }
    out
}

/// The public items one printed chunk declares, with `module` (`models`, `client`) as their
/// path's first segment. `inherited`: the `cfg` of the block a chunk printed in parts belongs
/// to (its items come without the block's attributes).
pub fn items(module: &str, file: &syn::File, inherited: Option<&str>, out: &mut Vec<String>) {
    for item in &file.items {
        match item {
            syn::Item::Struct(s) if public(&s.vis) => {
                let key = format!("{module}::{}", s.ident);
                let cfg = cfg_of(&s.attrs, inherited);
                let mut sig = format!("pub struct{}", compact(s.generics.to_token_stream()));
                if let syn::Fields::Unnamed(fields) = &s.fields {
                    let types: Vec<String> = fields
                        .unnamed
                        .iter()
                        .map(|f| vis_prefix(&f.vis) + &compact(f.ty.to_token_stream()))
                        .collect();
                    sig.push_str(&format!("({})", types.join(", ")));
                }
                if non_exhaustive(&s.attrs) {
                    sig.insert_str(0, "#[non_exhaustive] ");
                }
                push(out, &key, &sig, cfg.as_deref());
                derives(out, &key, &s.attrs, cfg.as_deref());
                if let syn::Fields::Named(fields) = &s.fields {
                    for field in fields.named.iter().filter(|f| public(&f.vis)) {
                        let name = field
                            .ident
                            .as_ref()
                            .map(|i| i.to_string())
                            .unwrap_or_default();
                        let sig = format!("pub field: {}", compact(field.ty.to_token_stream()));
                        push(out, &format!("{key}.{name}"), &sig, cfg.as_deref());
                    }
                }
            }
            syn::Item::Enum(e) if public(&e.vis) => {
                let key = format!("{module}::{}", e.ident);
                let cfg = cfg_of(&e.attrs, inherited);
                let mut sig = format!("pub enum{}", compact(e.generics.to_token_stream()));
                if non_exhaustive(&e.attrs) {
                    sig.insert_str(0, "#[non_exhaustive] ");
                }
                push(out, &key, &sig, cfg.as_deref());
                derives(out, &key, &e.attrs, cfg.as_deref());
                for variant in &e.variants {
                    let fields = variant_fields(&variant.fields);
                    let sig = format!(
                        "variant{}{fields}",
                        if fields.is_empty() { "" } else { " " }
                    );
                    push(
                        out,
                        &format!("{key}::{}", variant.ident),
                        &sig,
                        cfg.as_deref(),
                    );
                }
            }
            syn::Item::Type(t) if public(&t.vis) => {
                let sig = format!("pub type = {}", compact(t.ty.to_token_stream()));
                let cfg = cfg_of(&t.attrs, inherited);
                push(out, &format!("{module}::{}", t.ident), &sig, cfg.as_deref());
            }
            syn::Item::Const(c) if public(&c.vis) => {
                let sig = format!("pub const: {}", compact(c.ty.to_token_stream()));
                let cfg = cfg_of(&c.attrs, inherited);
                push(out, &format!("{module}::{}", c.ident), &sig, cfg.as_deref());
            }
            syn::Item::Fn(f) if public(&f.vis) => {
                let cfg = cfg_of(&f.attrs, inherited);
                let key = format!("{module}::{}", f.sig.ident);
                push(out, &key, &signature(&f.sig), cfg.as_deref());
            }
            syn::Item::Impl(block) => impl_items(module, block, inherited, out),
            _ => {}
        }
    }
}

/// A variant's fields as its signature: `(models::Clip)`, `{ name: &'static str }`, their
/// docs left out (a reworded doc changes nothing a user's code depends on).
fn variant_fields(fields: &syn::Fields) -> String {
    let field = |f: &syn::Field| {
        let ty = compact(f.ty.to_token_stream());
        match &f.ident {
            Some(name) => format!("{name}: {ty}"),
            None => ty,
        }
    };
    match fields {
        syn::Fields::Unit => String::new(),
        syn::Fields::Unnamed(list) => {
            let types: Vec<String> = list.unnamed.iter().map(field).collect();
            format!("({})", types.join(", "))
        }
        syn::Fields::Named(list) => {
            let types: Vec<String> = list.named.iter().map(field).collect();
            format!("{{ {} }}", types.join(", "))
        }
    }
}

/// An `impl` block: a line for the trait it implements, or one per public method.
fn impl_items(module: &str, block: &syn::ItemImpl, inherited: Option<&str>, out: &mut Vec<String>) {
    let syn::Type::Path(self_ty) = &*block.self_ty else {
        return;
    };
    let Some(last) = self_ty.path.segments.last() else {
        return;
    };
    let key = format!("{module}::{}", last.ident);
    let cfg = cfg_of(&block.attrs, inherited);
    if let Some((_, trait_path, _)) = &block.trait_ {
        let name = compact(trait_path.to_token_stream());
        if private_trait(&name) {
            return;
        }
        push(out, &format!("{key}: {name}"), "impl", cfg.as_deref());
        return;
    }
    for item in &block.items {
        match item {
            syn::ImplItem::Fn(f) if public(&f.vis) => {
                let cfg = cfg_of(&f.attrs, cfg.as_deref());
                let method = format!("{key}::{}", f.sig.ident);
                push(out, &method, &signature(&f.sig), cfg.as_deref());
            }
            syn::ImplItem::Const(c) if public(&c.vis) => {
                let cfg = cfg_of(&c.attrs, cfg.as_deref());
                let sig = format!("pub const: {}", compact(c.ty.to_token_stream()));
                push(out, &format!("{key}::{}", c.ident), &sig, cfg.as_deref());
            }
            _ => {}
        }
    }
}

/// A function's signature without its name: `pub fn(&self, id: i64) -> Pending<..>`.
fn signature(sig: &syn::Signature) -> String {
    let mut out = String::from("pub ");
    if sig.asyncness.is_some() {
        out.push_str("async ");
    }
    out.push_str("fn");
    if !sig.generics.params.is_empty() {
        out.push_str(&format!(
            "<{}>",
            compact(sig.generics.params.to_token_stream())
        ));
    }
    let inputs = compact(sig.inputs.to_token_stream());
    out.push_str(&format!("({})", inputs.trim_end_matches([',', ' '])));
    if let syn::ReturnType::Type(_, ty) = &sig.output {
        out.push_str(&format!(" -> {}", compact(ty.to_token_stream())));
    }
    if let Some(clause) = &sig.generics.where_clause {
        out.push_str(&format!(" {}", compact(clause.to_token_stream())));
    }
    out
}

/// One line for each trait a `#[derive(..)]` (or a `cfg_attr` holding one) implements.
fn derives(out: &mut Vec<String>, key: &str, attrs: &[syn::Attribute], cfg: Option<&str>) {
    for attr in attrs {
        if attr.path().is_ident("derive") {
            for name in derived(attr.meta.to_token_stream()) {
                push(out, &format!("{key}: {name}"), "derive", cfg);
            }
        } else if attr.path().is_ident("cfg_attr") {
            // `cfg_attr(feature = "serialize", derive(serde::Serialize), serde(..))`.
            let Ok(list) = attr.meta.require_list() else {
                continue;
            };
            let mut parts = split_commas(list.tokens.clone());
            if parts.is_empty() {
                continue;
            }
            let condition = format!("cfg({})", compact(parts.remove(0)));
            for part in parts {
                let text = compact(part.clone());
                if text.starts_with("derive(") {
                    for name in derived(part) {
                        push(out, &format!("{key}: {name}"), "derive", Some(&condition));
                    }
                }
            }
        }
    }
}

/// The trait paths in `derive(A, b::C)`.
fn derived(meta: TokenStream) -> Vec<String> {
    let Some(TokenTree::Group(group)) = meta.into_iter().nth(1) else {
        return Vec::new();
    };
    split_commas(group.stream())
        .into_iter()
        .map(compact)
        .collect()
}

fn split_commas(tokens: TokenStream) -> Vec<TokenStream> {
    let mut parts = vec![TokenStream::new()];
    for token in tokens {
        match &token {
            TokenTree::Punct(p) if p.as_char() == ',' => parts.push(TokenStream::new()),
            _ => parts
                .last_mut()
                .into_iter()
                .for_each(|part| part.extend([token.clone()])),
        }
    }
    parts.retain(|part| !part.is_empty());
    parts
}

fn public(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn vis_prefix(vis: &syn::Visibility) -> String {
    if public(vis) {
        "pub ".to_string()
    } else {
        String::new()
    }
}

fn non_exhaustive(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("non_exhaustive"))
}

/// The item's own `#[cfg(..)]`, as `cfg(..)`.
pub(super) fn cfg(attrs: &[syn::Attribute]) -> Option<String> {
    attrs
        .iter()
        .find(|a| a.path().is_ident("cfg"))
        .map(|a| compact(a.meta.to_token_stream()))
}

/// An item's own `cfg`, else its block's.
fn cfg_of(attrs: &[syn::Attribute], block: Option<&str>) -> Option<String> {
    cfg(attrs).or(block.map(str::to_string))
}

fn push(out: &mut Vec<String>, key: &str, sig: &str, cfg: Option<&str>) {
    let key = key.replace("super::", "");
    let sig = sig.replace("super::", "");
    out.push(match cfg {
        Some(cfg) => format!("{key}  {sig}  {cfg}"),
        None => format!("{key}  {sig}"),
    });
}

/// Tokens as a person writes them: `Option<Vec<models::Clip>>`, `&'a self`, `a: T, b: U`.
pub fn compact(tokens: TokenStream) -> String {
    let mut out = String::new();
    write_compact(tokens, &mut out);
    out
}

fn write_compact(tokens: TokenStream, out: &mut String) {
    let mut joint = false;
    for token in tokens {
        let after_joint = std::mem::take(&mut joint);
        match token {
            TokenTree::Ident(ident) => {
                if out.ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '"') {
                    out.push(' ');
                }
                out.push_str(&ident.to_string());
            }
            TokenTree::Literal(literal) => {
                if out.ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                    out.push(' ');
                }
                out.push_str(&literal.to_string());
            }
            TokenTree::Punct(punct) => {
                let c = punct.as_char();
                joint = punct.spacing() == Spacing::Joint;
                match c {
                    ',' | ';' => out.push_str(&format!("{c} ")),
                    ':' if joint || after_joint => out.push(':'),
                    ':' => out.push_str(": "),
                    '=' if !after_joint && !joint => out.push_str(" = "),
                    '-' if joint => out.push_str(" -"),
                    '>' if after_joint && out.ends_with('-') => out.push_str("> "),
                    '+' => out.push_str(" + "),
                    '\'' => {
                        if out.ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                            out.push(' ');
                        }
                        out.push('\'');
                    }
                    _ => out.push(c),
                }
            }
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => {
                        if !out.is_empty() && !out.ends_with(' ') {
                            out.push(' ');
                        }
                        ("{ ", " }")
                    }
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                write_compact(group.stream(), out);
                // `(&self,)`: a trailing comma is the printer's, not the signature's.
                while (out.ends_with(' ') || out.ends_with(',')) && !close.starts_with(' ') {
                    out.pop();
                }
                out.push_str(close);
            }
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn lines(tokens: TokenStream) -> Vec<String> {
        let file: syn::File = syn::parse2(tokens).expect("items");
        let mut out = Vec::new();
        items("models", &file, None, &mut out);
        out
    }

    #[test]
    fn types_read_as_written() {
        let cases = [
            (
                quote!(Option<Vec<super::models::Clip>>),
                "Option<Vec<super::models::Clip>>",
            ),
            (quote!(&'a self), "&'a self"),
            (quote!((&self,)), "(&self)"),
            (
                quote!(&mut self, a: i64, b: &str),
                "&mut self, a: i64, b: &str",
            ),
            (
                quote!(std::collections::BTreeMap<String, serde_json::Value>),
                "std::collections::BTreeMap<String, serde_json::Value>",
            ),
            (quote!(impl Into<String> + Send), "impl Into<String> + Send"),
            (quote!(feature = "serialize"), "feature = \"serialize\""),
        ];
        for (tokens, text) in cases {
            assert_eq!(compact(tokens), text);
        }
    }

    #[test]
    fn public_items_fields_variants_methods_and_traits() {
        let got = lines(quote! {
            /// Docs are not part of the API.
            #[derive(Debug, Clone)]
            #[cfg_attr(feature = "serialize", derive(serde::Serialize), serde(untagged))]
            #[non_exhaustive]
            pub struct Stream {
                pub name: String,
                pub dvr: Option<bool>,
                hidden: u8,
            }
            pub struct Id(pub i64);
            struct Private;
            pub enum Status { Active, Other(String), Point { x: i64 } }
            impl Stream {
                pub fn new(name: impl Into<String>) -> Self { todo!() }
                fn private(&self) {}
            }
            #[cfg(feature = "deserialize")]
            impl serde::Deserialize for Stream {}
            pub type Alias = Vec<Stream>;
        });
        assert_eq!(
            got,
            [
                "models::Stream  #[non_exhaustive] pub struct",
                "models::Stream: Debug  derive",
                "models::Stream: Clone  derive",
                "models::Stream: serde::Serialize  derive  cfg(feature = \"serialize\")",
                "models::Stream.name  pub field: String",
                "models::Stream.dvr  pub field: Option<bool>",
                "models::Id  pub struct(pub i64)",
                "models::Status  pub enum",
                "models::Status::Active  variant",
                "models::Status::Other  variant (String)",
                "models::Status::Point  variant { x: i64 }",
                "models::Stream::new  pub fn(name: impl Into<String>) -> Self",
                "models::Stream: serde::Deserialize  impl  cfg(feature = \"deserialize\")",
                "models::Alias  pub type = Vec<Stream>",
            ]
        );
    }

    #[test]
    fn a_block_printed_in_parts_keeps_its_cfg() {
        let file: syn::File = syn::parse2(quote!(
            impl<'a> Streams<'a> {
                pub fn list(&self) -> u8 {
                    1
                }
            }
        ))
        .expect("items");
        let mut out = Vec::new();
        items(
            "client",
            &file,
            Some("cfg(feature = \"streams\")"),
            &mut out,
        );
        assert_eq!(
            out,
            ["client::Streams::list  pub fn(&self) -> u8  cfg(feature = \"streams\")"]
        );
    }

    #[test]
    fn traits_of_a_type_share_a_line_per_kind_and_cfg_and_docs_stay_out() {
        let mut got = lines(quote! {
            #[derive(Debug, Clone)]
            #[cfg_attr(feature = "serialize", derive(serde::Serialize))]
            pub enum Status { Point { /// Docs change; the API does not.
                x: i64 } }
            impl std::fmt::Display for Status {}
            impl std::error::Error for Status {}
        });
        got = traits_together(got);
        got.sort();
        assert_eq!(
            got,
            [
                "models::Status  pub enum",
                "models::Status: Clone + Debug  derive",
                "models::Status: serde::Serialize  derive  cfg(feature = \"serialize\")",
                "models::Status: std::error::Error + std::fmt::Display  impl",
                "models::Status::Point  variant { x: i64 }",
            ]
        );
    }
}
