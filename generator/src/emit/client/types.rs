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

/// The struct of an operation's declared success headers, typed, and how it is read from a
/// response's headers (a header missing, or not of its type, is `None`).
/// The operations using each header struct, by its name.
pub(super) type HeaderUsers<'a> = std::collections::BTreeMap<&'a str, Vec<&'a Operation>>;

/// Which operations use each header struct.
pub(super) fn header_users(api: &Api) -> HeaderUsers<'_> {
    let mut users = HeaderUsers::new();
    for op in &api.operations {
        if let Some(headers) = &op.headers {
            users
                .entry(headers.type_name.as_str())
                .or_default()
                .push(op);
        }
    }
    users
}

/// Operations declaring the same headers share one struct: it is written with the first of
/// them, listing them all, and compiled with their cargo feature when they share one.
pub(super) fn headers_struct(
    out: &Sink,
    api: &Api,
    op: &Operation,
    users: &HeaderUsers<'_>,
) -> Option<TokenStream> {
    let headers = op.headers.as_ref()?;
    let sharing = users.get(headers.type_name.as_str())?;
    if !std::ptr::eq(sharing[0], op) {
        return None;
    }
    let name = ident(&headers.type_name);
    let mut links: Vec<String> = sharing
        .iter()
        .take(8)
        .map(|o| format!("[`{}::{}`]", api.owner(o), o.method_name))
        .collect();
    if sharing.len() > 8 {
        links.push(format!("{} more", sharing.len() - 8));
    }
    let declares = match sharing.len() {
        1 => "declares",
        _ => "declare",
    };
    let doc = format!(
        " The headers {} {declares} on success, typed: read from a response's headers\n (`.with_response()`) by [`{}::from_headers`].",
        links.join(", "),
        headers.type_name
    );
    let features: std::collections::BTreeSet<Option<&str>> =
        sharing.iter().map(|o| api.feature(o)).collect();
    let cfg = match features.into_iter().collect::<Vec<_>>().as_slice() {
        [Some(feature)] => quote!(#[cfg(feature = #feature)]),
        _ => quote!(),
    };
    let fields = headers.fields.iter().map(|f| {
        let field = ident(&f.field);
        let ty = out.ty(&f.ty);
        let wire = crate::emit::code_span_text(&f.wire_name);
        let docs = doc_attrs(&paragraphs([
            Some(format!("`{wire}`.").as_str()),
            f.doc.as_deref(),
        ]));
        quote! {
            #docs
            pub #field: Option<#ty>,
        }
    });
    let reads = headers.fields.iter().map(|f| {
        let field = ident(&f.field);
        let wire = proc_macro2::Literal::string(&f.wire_name);
        let text = quote!(headers.get(#wire).and_then(|value| value.to_str().ok()));
        match f.ty {
            crate::ir::TypeRef::String => quote!(#field: #text.map(str::to_owned),),
            _ => quote!(#field: #text.and_then(|value| value.trim().parse().ok()),),
        }
    });
    Some(quote! {
        #[doc = #doc]
        #cfg
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #cfg
        impl #name {
            /// Reads the declared headers from a response's headers.
            pub fn from_headers(headers: &reqwest::header::HeaderMap) -> Self {
                #name { #(#reads)* }
            }
        }
    })
}
