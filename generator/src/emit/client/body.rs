//! An operation's request body: the type a method or request holds it as, how it is sent, and,
//! for a struct taken field by field (`ir::BodyFields`), the method's arguments, the body they
//! build and the request's setters.

use super::{
    doc_attrs, ident, paragraphs, quote, Api, Need, Operation, Payload, Sink, TokenStream, TypeRef,
};
use crate::emit::models::{setter_type, setter_value};
use crate::ir::{Body, BodyFields, Field, TypeDef, TypeKind};

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
    let null_list = body.fields.as_ref().and_then(|f| f.null_list.as_deref());
    let set = match (&body.payload, null_list) {
        // The fields set to `null` are added to the JSON object the body encodes to.
        (Payload::Json(_), Some(list)) => {
            let list = ident(list);
            quote! {
                if #list.is_empty() {
                    request.json(&body)
                } else {
                    let mut value = serde_json::to_value(&body)
                        .map_err(|e| Error::InvalidRequest(e.to_string()))?;
                    if let Some(object) = value.as_object_mut() {
                        for name in #list {
                            object.insert(name.to_string(), serde_json::Value::Null);
                        }
                    }
                    request.json(&value)
                }
            }
        }
        (payload, _) => send_value(payload, media),
    };
    if body.required {
        quote!(let request = #set;)
    } else {
        quote!(let request = match body { Some(body) => #set, None => request };)
    }
}

/// The expression adding a body of `payload` (bound as `body`) to `request`.
fn send_value(payload: &Payload, media: &str) -> TokenStream {
    match payload {
        Payload::Json(_) => quote!(request.json(&body)),
        Payload::Form(_) => quote!(request.form(&body)),
        Payload::Multipart => quote!(request.multipart(body)),
        Payload::Text | Payload::Bytes | Payload::None => {
            quote!(request.header(reqwest::header::CONTENT_TYPE, #media).body(body))
        }
    }
}

/// The struct a JSON or form body is (through aliases), and its fields; `None` for any other
/// body.
pub(super) fn body_struct<'a>(api: &'a Api, body: &Body) -> Option<(&'a TypeDef, &'a [Field])> {
    let (Payload::Json(ty) | Payload::Form(ty)) = &body.payload else {
        return None;
    };
    let TypeRef::Named(id) = crate::emit::unalias(api, ty) else {
        return None;
    };
    let def = api.type_def(id);
    match &def.kind {
        TypeKind::Struct { fields } => Some((def, fields)),
        _ => None,
    }
}

/// [`body_struct`]'s fields.
fn struct_fields<'a>(api: &'a Api, body: &Body) -> Option<&'a [Field]> {
    body_struct(api, body).map(|(_, fields)| fields)
}

/// A struct body taken field by field.
pub(super) struct ByField {
    /// The method's arguments, one per required field (`duration: i64`).
    pub args: Vec<TokenStream>,
    /// The body they make: `ClipPut::new(duration)`, the default, or `None` (an optional body
    /// no setter has started).
    pub init: TokenStream,
    /// The request's setters, one per other field, and one sending `null` per nullable one.
    pub setters: Vec<TokenStream>,
    /// The request's field listing the fields to send as `null`, when it has any.
    pub null_list: Option<proc_macro2::Ident>,
}

/// The arguments, initial value and setters of a body taken field by field; `None` when the
/// body is one value.
pub(super) fn by_field(out: &Sink, api: &Api, body: &Body) -> Option<ByField> {
    let fields = body.fields.as_ref()?;
    let (Payload::Json(ty) | Payload::Form(ty)) = &body.payload else {
        return None;
    };
    let all = struct_fields(api, body)?;
    let field = |name: &str| all.iter().find(|f| f.name == name);
    let BodyFields {
        arguments,
        setters,
        nulls,
        null_list,
    } = fields;
    let null_list = null_list.as_deref().map(ident);
    let args = arguments
        .iter()
        .filter_map(|a| Some(argument(out, &a.name, field(&a.field)?)))
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
    let target = match body.required {
        true => quote!(self.body),
        false => quote!(self.body.get_or_insert_with(Default::default)),
    };
    let setters = setters
        .iter()
        .filter_map(|s| {
            let f = field(&s.field)?;
            // A value set after `clear_{field}` is sent instead of the `null`.
            let unlist = null_list
                .as_ref()
                .filter(|_| nulls.iter().any(|n| n.field == s.field))
                .map(|list| {
                    let wire = &f.wire_name;
                    quote!(self.#list.retain(|name| *name != #wire);)
                });
            Some(setter(out, &s.name, f, &target, unlist))
        })
        .chain(nulls.iter().filter_map(|n| {
            let (f, list) = (field(&n.field)?, null_list.as_ref()?);
            Some(null_setter(&n.name, f, &target, list))
        }))
        .collect();
    Some(ByField {
        args,
        init,
        setters,
        null_list,
    })
}

/// The method's argument `name` for the required body field `f`, as `new` takes it: a
/// nullable one as an `Option` of its plain type.
fn argument(out: &Sink, name: &str, f: &Field) -> TokenStream {
    let name = ident(name);
    let ty = match f.nullable {
        true => {
            let ty = out.ty(&f.ty);
            quote!(Option<#ty>)
        }
        false => setter_type(out, f),
    };
    quote!(#name: #ty)
}

/// The request's `clear_*` method `method`, which sends the body field `f` as `null`: it lists
/// the field in the request's `list` of fields to send so.
fn null_setter(
    method: &str,
    f: &Field,
    target: &TokenStream,
    list: &proc_macro2::Ident,
) -> TokenStream {
    let method = ident(method);
    let name = ident(&f.name);
    let wire = &f.wire_name;
    let doc = format!(
        " Sends the body's `{wire}` as `null` (which clears it, where the API reads a\n `null` so), rather than leaving it out."
    );
    let doc = crate::emit::own_doc(&doc);
    let inline = crate::emit::compiled_where_called();
    quote! {
        #doc
        #inline
        pub fn #method(mut self) -> Self {
            #target.#name = None;
            if !self.#list.contains(&#wire) {
                self.#list.push(#wire);
            }
            self
        }
    }
}

/// The request's setter of an optional body field: it sets the field of the body the request
/// holds (starting it from the default, for an optional body not yet started).
fn setter(
    out: &Sink,
    name: &str,
    f: &Field,
    target: &TokenStream,
    unlist: Option<TokenStream>,
) -> TokenStream {
    let method = ident(name);
    let field = ident(&f.name);
    let ty = setter_type(out, f);
    let value = setter_value(f, &field);
    let doc = doc_attrs(&paragraphs([
        f.doc.as_deref(),
        Some(&format!("Sent as the body's `{}`.", f.wire_name)),
    ]));
    let inline = crate::emit::compiled_where_called();
    quote! {
        #doc
        #inline
        pub fn #method(mut self, #field: #ty) -> Self {
            #target.#field = Some(#value);
            #unlist
            self
        }
    }
}
