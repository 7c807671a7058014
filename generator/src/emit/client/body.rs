//! An operation's request body: the type a method or request holds it as, how it is sent, and,
//! for a struct taken field by field (`ir::BodyFields`), the method's arguments, the body they
//! build and the request's setters.

use super::*;
use crate::emit::models::{setter_type, setter_value};
use crate::ir::{Body, BodyFields, Field, TypeKind};

/// The body's type as a method takes it or a request holds it, without the `Option` an
/// optional one is held in. Everything is owned: a request can be stored, and sent later.
pub(super) fn value_type(out: &Sink, op: &Operation, body: &Body) -> TokenStream {
    match &body.payload {
        Payload::Json(ty) | Payload::Form(ty) => out.ty(ty),
        Payload::Text => quote!(String),
        Payload::Multipart => {
            out.need(Need::Multipart);
            quote!(reqwest::multipart::Form)
        }
        // Bytes, a file or a stream (`reqwest::Body` has `From` for each): a large upload
        // need not be in memory.
        Payload::Bytes | Payload::None => {
            out.need(Need::StreamedBody);
            match op.builder {
                Some(_) => quote!(reqwest::Body),
                None => quote!(impl Into<reqwest::Body>),
            }
        }
    }
}

/// The statement adding the body (bound as `body`) to `request`.
pub(super) fn send_code(body: &Body) -> TokenStream {
    let media = &body.media_type;
    let set = match &body.payload {
        Payload::Json(_) => quote!(request.json(&body)),
        Payload::Form(_) => quote!(request.form(&body)),
        Payload::Multipart => quote!(request.multipart(body)),
        Payload::Text | Payload::Bytes | Payload::None => {
            quote!(request.header(reqwest::header::CONTENT_TYPE, #media).body(body))
        }
    };
    if body.required {
        quote!(let request = #set;)
    } else {
        quote!(let request = match body { Some(body) => #set, None => request };)
    }
}

/// A struct body taken field by field.
pub(super) struct ByField {
    /// The method's arguments, one per required field (`duration: i64`).
    pub args: Vec<TokenStream>,
    /// The body they make: `ClipPut::new(duration)`, the default, or `None` (an optional body
    /// no setter has started).
    pub init: TokenStream,
    /// The request's setters, one per other field.
    pub setters: Vec<TokenStream>,
}

/// The arguments, initial value and setters of a body taken field by field; `None` when the
/// body is one value.
pub(super) fn by_field(out: &Sink, api: &Api, body: &Body) -> Option<ByField> {
    let fields = body.fields.as_ref()?;
    let (Payload::Json(ty) | Payload::Form(ty)) = &body.payload else {
        return None;
    };
    let TypeRef::Named(id) = crate::emit::unalias(api, ty) else {
        return None;
    };
    let TypeKind::Struct { fields: all } = &api.type_def(id).kind else {
        return None;
    };
    let field = |name: &str| all.iter().find(|f| f.name == name);
    let BodyFields { arguments, setters } = fields;
    let args = arguments
        .iter()
        .filter_map(|a| Some((a, field(&a.field)?)))
        .map(|(a, f)| {
            let name = ident(&a.name);
            // As `new` takes it: a nullable one as an `Option` of its plain type.
            let ty = match f.nullable {
                true => {
                    let ty = out.ty(&f.ty);
                    quote!(Option<#ty>)
                }
                false => setter_type(out, f),
            };
            quote!(#name: #ty)
        })
        .collect();
    let body_ty = out.ty(ty);
    let init = match (arguments.is_empty(), body.required) {
        (false, _) => {
            let names = arguments.iter().map(|a| ident(&a.name));
            quote!(#body_ty::new(#(#names),*))
        }
        (true, true) => quote!(#body_ty::default()),
        (true, false) => quote!(None),
    };
    let setters = setters
        .iter()
        .filter_map(|s| Some(setter(out, &s.name, field(&s.field)?, body.required)))
        .collect();
    Some(ByField {
        args,
        init,
        setters,
    })
}

/// The request's setter of an optional body field: it sets the field of the body the request
/// holds (starting it from the default, for an optional body not yet started).
fn setter(out: &Sink, name: &str, f: &Field, required: bool) -> TokenStream {
    let method = ident(name);
    let field = ident(&f.name);
    let ty = setter_type(out, f);
    let value = setter_value(f, &field);
    let target = match required {
        true => quote!(self.body),
        false => quote!(self.body.get_or_insert_with(Default::default)),
    };
    let doc = doc_attrs(&paragraphs([
        f.doc.as_deref(),
        Some(&format!("Sent as the body's `{}`.", f.wire_name)),
    ]));
    quote! {
        #doc
        pub fn #method(mut self, #field: #ty) -> Self {
            #target.#field = Some(#value);
            self
        }
    }
}
