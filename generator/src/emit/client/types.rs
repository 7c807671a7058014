//! The per-operation types: the success enum of an operation with several success bodies and
//! the enum of its declared error responses.

use super::method::payload_type;
use super::{
    doc_attrs, ident, paragraphs, quote, Api, Operation, Payload, Sink, Status, TokenStream,
};

/// The enum of an operation's success responses, when their bodies differ.
pub(super) fn response_enum(out: &Sink, api: &Api, op: &Operation) -> Option<TokenStream> {
    let crate::ir::Success::PerStatus {
        response_type: name,
        variants,
    } = &op.success
    else {
        return None;
    };
    let doc = format!(
        " Success responses of [`{}::{}`]: which status came, with its body.",
        api.owner(op),
        op.method_name
    );
    let variants = variants
        .iter()
        .map(|v| (v.name.as_str(), v.doc.as_deref(), &v.status, &v.payload));
    Some(status_enum(out, name, &doc, variants))
}

/// The enum of an operation's declared error responses.
pub(super) fn error_enum(out: &Sink, api: &Api, op: &Operation) -> Option<TokenStream> {
    let name = op.error_type.as_ref()?;
    let doc = format!(
        " Error responses [`{}::{}`] declares.",
        api.owner(op),
        op.method_name
    );
    let variants = op
        .errors
        .iter()
        .map(|e| (e.variant.as_str(), e.doc.as_deref(), &e.status, &e.payload));
    Some(status_enum(out, name, &doc, variants))
}

/// An enum with one variant per response status: (variant, description, status, body).
pub(super) fn status_enum<'a>(
    out: &Sink,
    name: &str,
    doc: &str,
    variants: impl Iterator<Item = (&'a str, Option<&'a str>, &'a Status, &'a Payload)>,
) -> TokenStream {
    let name = ident(name);
    let variants = variants.map(|(variant, description, status, payload)| {
        let variant = ident(variant);
        let docs = doc_attrs(&paragraphs([
            description,
            Some(&format!("Status: {}.", status_text(status))),
        ]));
        let payload = payload_type(out, payload).map(|ty| quote!((#ty)));
        quote! {
            #docs
            #variant #payload,
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
    }
}

pub(super) fn status_text(status: &Status) -> String {
    match status {
        Status::Code(c) => c.to_string(),
        Status::Range(r) => format!("{r}XX"),
        Status::Default => "any other".to_string(),
    }
}
