//! Emits `models.rs`: one item per IR type (struct, enum or alias), in IR order.

use super::{doc_attrs, paragraphs, type_tokens};
use crate::ir::{Api, Field, TypeDef, TypeKind, Variant};
use crate::naming::{ident, serde_name};
use proc_macro2::TokenStream;
use quote::quote;

/// The `models` module.
pub fn models(api: &Api) -> TokenStream {
    let items = api.types.iter().map(type_def);
    let title = format!(
        " Data types of the {}, one per schema.",
        super::api_name(&api.title)
    );
    quote! {
        #![doc = #title]
        // Why each lint is allowed: spec prose is Markdown written for a web page, not for
        // rustdoc's lints; enum variants are spec values, and a shared suffix is the spec's.
        #![allow(
            clippy::doc_lazy_continuation,
            clippy::doc_overindented_list_items,
            clippy::tabs_in_doc_comments,
            clippy::enum_variant_names
        )]
        #(#items)*
    }
}

fn type_def(def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let source = format!("Schema: `{}`", def.source);
    let docs = doc_attrs(&paragraphs([def.doc.as_deref(), Some(&source)]));
    match &def.kind {
        TypeKind::Struct { fields } => {
            let all_optional = fields.iter().all(|f| !f.required || f.nullable);
            let default = all_optional.then(|| quote!(Default,));
            let fields = fields.iter().map(field);
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
                pub struct #name {
                    #(#fields)*
                }
            }
        }
        TypeKind::Alias { target } => {
            let target = type_tokens(&TokenStream::new(), target);
            quote! {
                #docs
                pub type #name = #target;
            }
        }
        TypeKind::Enum { variants } => {
            let variants = variants.iter().map(variant);
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
                pub enum #name {
                    #(#variants)*
                    /// A value this client does not know: kept, so that values the API adds later
                    /// still decode.
                    #[serde(untagged)]
                    Unknown(String),
                }
            }
        }
    }
}

fn variant(v: &Variant) -> TokenStream {
    let name = ident(&v.name);
    let value = &v.value;
    let doc = if value.is_empty() {
        " The empty string.".to_string()
    } else {
        format!(" `{value}`")
    };
    quote! {
        #[doc = #doc]
        #[serde(rename = #value)]
        #name,
    }
}

fn field(f: &Field) -> TokenStream {
    let name = ident(&f.name);
    let mut ty = type_tokens(&TokenStream::new(), &f.ty);
    if f.boxed {
        ty = quote!(Box<#ty>);
    }
    let optional = !f.required || f.nullable;
    if optional {
        ty = quote!(Option<#ty>);
    }
    let default_doc = f
        .default
        .as_ref()
        .filter(|d| !d.is_null())
        .map(|d| format!("Defaults to `{d}` when absent."));
    let docs = doc_attrs(&paragraphs([f.doc.as_deref(), default_doc.as_deref()]));
    let mut serde = Vec::new();
    if serde_name(&f.name) != f.wire_name {
        let wire = &f.wire_name;
        serde.push(quote!(rename = #wire));
    }
    // Absent optional fields stay absent on the wire; a required nullable one is sent as null.
    if !f.required {
        serde.push(quote!(default, skip_serializing_if = "Option::is_none"));
    }
    let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
    quote! {
        #docs
        #serde
        pub #name: #ty,
    }
}
