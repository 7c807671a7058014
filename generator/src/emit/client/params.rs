//! Parameters: how path, query, header and cookie values are written (query styles, scalars as text, the rest through serde).

use super::{
    ident, quote, Api, Helper, Operation, Param, ParamLocation, QueryStyle, Sink, TokenStream,
    TypeRef,
};
use crate::ir::ValueStyle;

/// Builds the query string: required scalars in the initial `vec!`, then the optional and
/// repeated ones (arrays are sent exploded, `?id=1&id=2`, the OpenAPI default), then the
/// object-valued ones as their style writes them ([`object_query`]).
pub(super) fn query_code(out: &Sink, api: &Api, query: &[&Param]) -> TokenStream {
    let (objects, query): (Vec<&Param>, Vec<&Param>) =
        query.iter().partition(|p| is_object(api, &p.ty));
    let objects = objects.iter().map(|p| object_query(out, p));
    // Each parameter's pair when it is one (a scalar, a delimited list of scalars).
    let pairs: Vec<(&Param, Option<TokenStream>)> =
        query.iter().map(|p| (*p, one_pair(out, p))).collect();
    // The leading required parameters that are one pair each start the list (rather than
    // pushes right after an empty one: clippy's `vec_init_then_push`).
    let leading = pairs
        .iter()
        .take_while(|(p, pair)| p.required && pair.is_some())
        .count();
    let initial = pairs[..leading].iter().map(|(_, pair)| pair);
    let pushes: Vec<TokenStream> = pairs[leading..]
        .iter()
        .map(|(p, pair)| {
            let arg = ident(p.binding());
            let wire = &p.wire_name;
            let push = match (pair, &p.ty, p.style) {
                (Some(pair), _, _) => quote!(query.push(#pair);),
                (None, TypeRef::Vec(item_ty), QueryStyle::Delimited(separator)) => {
                    let separator = separator.to_string();
                    let value = param_value(out, item_ty, &ident("item"));
                    quote! {
                        let mut parts = Vec::with_capacity(#arg.len());
                        for item in #arg.iter() { parts.push(#value); }
                        query.push((#wire, parts.join(#separator)));
                    }
                }
                (None, TypeRef::Vec(item_ty), _) => {
                    let value = param_value(out, item_ty, &ident("item"));
                    quote!(for item in #arg.iter() { query.push((#wire, #value)); })
                }
                (None, ty, _) => {
                    let value = param_value(out, ty, &arg);
                    quote!(query.push((#wire, #value));)
                }
            };
            if p.required {
                push
            } else {
                quote!(if let Some(#arg) = #arg { #push })
            }
        })
        .collect();
    // A fixed list is an array; one that grows starts from the leading pairs (`Vec::from`,
    // not `vec![..]`: the printer lays out a macro's tokens as they come).
    let list = match (pushes.is_empty(), leading) {
        (true, 0) => TokenStream::new(),
        (true, _) => quote! {
            let query = [#(#initial),*];
            let request = request.query(&query);
        },
        (false, 0) => quote! {
            let mut query: Vec<(&str, String)> = Vec::new();
            #(#pushes)*
            let request = request.query(&query);
        },
        (false, _) => quote! {
            let mut query: Vec<(&str, String)> = Vec::from([#(#initial),*]);
            #(#pushes)*
            let request = request.query(&query);
        },
    };
    quote! {
        #list
        #(#objects)*
    }
}

/// The one `(name, value)` pair a query parameter is sent as, when it is one: a value that is
/// not a list, or a list of scalars joined by its style's separator (`ids=1,2`); `None` for a
/// list sent a pair per item, or joined from values that are not scalars.
fn one_pair(out: &Sink, p: &Param) -> Option<TokenStream> {
    let arg = ident(p.binding());
    let wire = &p.wire_name;
    match (&p.ty, p.style) {
        (TypeRef::Vec(item_ty), QueryStyle::Delimited(separator)) if is_scalar(item_ty) => {
            let separator = separator.to_string();
            Some(
                quote!((#wire, #arg.iter().map(|item| item.to_string()).collect::<Vec<_>>().join(#separator))),
            )
        }
        (TypeRef::Vec(_), _) => None,
        (ty, _) => {
            let value = param_value(out, ty, &arg);
            Some(quote!((#wire, #value)))
        }
    }
}

/// Whether a parameter's value is an object (a struct, or a map), which the query styles write
/// property by property.
pub(super) fn is_object(api: &Api, ty: &TypeRef) -> bool {
    match crate::emit::unalias(api, ty) {
        TypeRef::Named(id) => api
            .types
            .get(id.index)
            .is_some_and(|def| matches!(def.kind, crate::ir::TypeKind::Struct { .. })),
        TypeRef::Map(_) | TypeRef::JsonObject => true,
        _ => false,
    }
}

/// An object-valued query parameter's pairs, appended after the others (reqwest adds to the
/// query string): `deepObject` as `name[key]=value`, `form` exploded as a parameter per
/// property, unexploded and the delimited styles as one `name=key,value,...`.
fn object_query(out: &Sink, p: &Param) -> TokenStream {
    let arg = ident(p.binding());
    let wire = &p.wire_name;
    let query_object = out.call(Helper::QueryObject);
    let (deep, joined_by) = match p.style {
        QueryStyle::DeepObject => (true, quote!(None)),
        QueryStyle::Exploded => (false, quote!(None)),
        QueryStyle::Delimited(separator) => {
            let separator = separator.to_string();
            (false, quote!(Some(#separator)))
        }
    };
    let pairs = quote!(#query_object(#wire, #arg, #deep, #joined_by)?);
    match p.required {
        true => quote!(let request = request.query(&#pairs);),
        false => quote! {
            let request = match #arg {
                Some(#arg) => request.query(&#pairs),
                None => request,
            };
        },
    }
}

/// Numbers and booleans: `Copy`, taken by value, and never a path-changing text.
pub(super) fn is_copy(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::I32
            | TypeRef::I64
            | TypeRef::U32
            | TypeRef::U64
            | TypeRef::F32
            | TypeRef::F64
            | TypeRef::Bool
    )
}

/// Types whose `to_string` is their wire form.
pub(super) fn is_scalar(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::String | TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 | TypeRef::Bool
    )
}

/// A parameter value as text: scalars through `to_string` (their JSON form), anything else
/// (enums, structures) through serde.
pub(super) fn param_value(out: &Sink, ty: &TypeRef, arg: &proc_macro2::Ident) -> TokenStream {
    match ty {
        TypeRef::String
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::U32
        | TypeRef::U64
        | TypeRef::Bool => {
            quote!(#arg.to_string())
        }
        _ => {
            let param_text = out.call(Helper::ParamText);
            quote!(#param_text(&#arg)?)
        }
    }
}

/// How a plain method takes a parameter (without the `Option` of an optional one): strings
/// and lists borrowed (`&str`, `&[T]`), scalars by value, the rest by reference (the request is
/// built before it returns).
pub(super) fn param_type(out: &Sink, p: &Param) -> TokenStream {
    match &p.ty {
        TypeRef::String => quote!(&str),
        TypeRef::Vec(item) => {
            let item = out.ty(item);
            quote!(&[#item])
        }
        scalar if is_copy(scalar) => out.ty(scalar),
        other => {
            let ty = out.ty(other);
            quote!(&#ty)
        }
    }
}

/// How a request builder holds a parameter: owned, so that a request can be stored and sent
/// later (`String`, `Vec<T>`, `T`).
pub(super) fn held_type(out: &Sink, p: &Param) -> TokenStream {
    out.ty(&p.ty)
}

/// What a request builder's constructor or setter takes for a parameter, and the held value
/// it makes of `arg`: strings as `impl Into<String>`, lists as `impl IntoIterator` (of
/// `impl Into<String>` for strings: `.tag(["a", "b"])`), the rest by value.
pub(super) fn taken(out: &Sink, p: &Param, arg: &proc_macro2::Ident) -> (TokenStream, TokenStream) {
    match &p.ty {
        TypeRef::String => (quote!(impl Into<String>), quote!(#arg.into())),
        TypeRef::Vec(item) if **item == TypeRef::String => (
            quote!(impl IntoIterator<Item = impl Into<String>>),
            quote!(#arg.into_iter().map(Into::into).collect()),
        ),
        TypeRef::Vec(item) => {
            let item = out.ty(item);
            (
                quote!(impl IntoIterator<Item = #item>),
                quote!(#arg.into_iter().collect()),
            )
        }
        ty => (out.ty(ty), quote!(#arg)),
    }
}

/// The held value rebound as the reference a plain method takes ([`param_type`]), so that
/// both shells send it with the same code; `None` for a `Copy` value.
pub(super) fn lend(p: &Param) -> Option<TokenStream> {
    let arg = ident(p.binding());
    if is_copy(&p.ty) {
        return None;
    }
    Some(match (p.required, &p.ty) {
        (true, TypeRef::String) => quote!(let #arg = #arg.as_str();),
        (true, TypeRef::Vec(_)) => quote!(let #arg = #arg.as_slice();),
        (false, TypeRef::String | TypeRef::Vec(_)) => quote!(let #arg = #arg.as_deref();),
        (true, _) => quote!(let #arg = &#arg;),
        (false, _) => quote!(let #arg = #arg.as_ref();),
    })
}

/// A value an operation takes: its binding, type (without the `Option` of an optional one)
/// and whether it is required.
pub(super) type Value = (proc_macro2::Ident, TokenStream, bool);

/// `name: T`, or `name: Option<T>` for an optional value.
pub(super) fn typed((arg, ty, required): &Value) -> TokenStream {
    match required {
        true => quote!(#arg: #ty),
        false => quote!(#arg: Option<#ty>),
    }
}

/// A path or header value its style writes (`label`, `matrix`, or any array or object), through
/// the client's `param_styled`; `None` for a scalar in the default `simple` style, which is
/// written as it is.
pub(super) fn styled_value(
    out: &Sink,
    api: &Api,
    p: &Param,
    arg: &proc_macro2::Ident,
) -> Option<TokenStream> {
    let structured =
        matches!(crate::emit::unalias(api, &p.ty), TypeRef::Vec(_)) || is_object(api, &p.ty);
    let (prefix, explode) = match p.value_style {
        ValueStyle::Simple { .. } if !structured => return None,
        ValueStyle::Simple { explode } => ("", explode),
        ValueStyle::Label { explode } => (".", explode),
        ValueStyle::Matrix { explode } => (";", explode),
    };
    let param_styled = out.call(Helper::ParamStyled);
    let wire = &p.wire_name;
    Some(quote!(#param_styled(#wire, &#arg, #prefix, #explode)?))
}

/// The cookie parameters, in one `Cookie` header with their values encoded (see the runtime's
/// `auth::cookie_header`); credentials in a cookie are added to the same header.
pub(super) fn cookie_code(out: &Sink, api: &Api, op: &Operation) -> Option<TokenStream> {
    let pairs: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Cookie)
        .map(|p| {
            let arg = ident(p.binding());
            let wire = &p.wire_name;
            // `form`, unexploded: an array's items or an object's `key,value` pairs joined by
            // `,`, as `simple` writes them.
            let bound = if p.required {
                arg.clone()
            } else {
                ident("value")
            };
            let value = match styled_value(out, api, p, &bound) {
                Some(styled) if p.required => quote!(Some(#styled)),
                Some(styled) => quote!(match &#arg { Some(value) => Some(#styled), None => None }),
                None => cookie_value(out, p, &arg),
            };
            quote!((#wire, #value))
        })
        .collect();
    (!pairs.is_empty()).then(|| cookie_header(&pairs))
}

/// A scalar cookie value as text (`None` when the optional value is left out).
fn cookie_value(out: &Sink, p: &Param, arg: &proc_macro2::Ident) -> TokenStream {
    match (p.required, is_scalar(&p.ty)) {
        (true, _) => {
            let text = param_value(out, &p.ty, arg);
            quote!(Some(#text))
        }
        (false, true) => quote!(#arg.as_ref().map(ToString::to_string)),
        (false, false) => {
            let param_text = out.call(Helper::ParamText);
            quote!(match &#arg { Some(value) => Some(#param_text(value)?), None => None })
        }
    }
}

/// The `Cookie` header of the `(name, value)` pairs, the values left out skipped.
fn cookie_header(pairs: &[TokenStream]) -> TokenStream {
    quote! {
        let request = match super::auth::cookie_header([#(#pairs),*]) {
            Some(cookie) => request.header(reqwest::header::COOKIE, cookie),
            None => request,
        };
    }
}
