//! One operation → its methods: the plain one (a thin wrapper), `*_with_response` (build the
//! URL, add parameters and body, hand the request to the runtime, match the status) and, for a
//! page-numbered list, `*_pages`; their docs and the arms that decode each status.

use super::params::{is_copy, location_word, param_value, query_code};
use super::*;

pub(super) fn method(models: &TokenStream, api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.method_name);
    let error_ty = match &op.error_type {
        Some(e) => {
            let e = ident(e);
            quote!(Error<#e>)
        }
        None => quote!(Error),
    };
    let ok_ty = match (
        &op.success.response_type,
        payload_type(models, &op.success.payload),
    ) {
        (Some(response), _) => {
            let response = ident(response);
            quote!(#response)
        }
        (None, Some(ty)) if op.success.optional => quote!(Option<#ty>),
        (None, Some(ty)) => ty,
        (None, None) => quote!(()),
    };

    let mut args = Vec::new();
    for p in op.params.iter().filter(|p| !p.in_struct) {
        let arg = ident(p.binding());
        let ty = param_type(models, p);
        args.push(quote!(#arg: #ty));
    }
    // The optional parameters, when there are many, come in one struct.
    let unpack_params = op.params_type.as_ref().map(|params_type| {
        let params_type = ident(params_type);
        args.push(quote!(params: &#params_type));
        let fields = op.params.iter().filter(|p| p.in_struct).map(|p| {
            let field = ident(&p.name);
            let local = ident(p.binding());
            if p.local.is_some() {
                quote!(#field: #local)
            } else {
                quote!(#field)
            }
        });
        quote!(let #params_type { #(#fields),* } = params;)
    });
    if let Some(body) = &op.body {
        let ty = match &body.payload {
            Payload::Json(ty) | Payload::Form(ty) => {
                let ty = type_tokens(models, ty);
                quote!(&#ty)
            }
            Payload::Text => quote!(String),
            Payload::Multipart => quote!(reqwest::multipart::Form),
            Payload::Bytes | Payload::None => quote!(Vec<u8>),
        };
        let ty = if body.required {
            ty
        } else {
            quote!(Option<#ty>)
        };
        args.push(quote!(body: #ty));
    }

    let path_param = |name: &str| {
        let param = op.params.iter().find(|p| p.name == name);
        let arg = ident(param.map_or(name, |p| p.binding()));
        match param.map(|p| &p.ty) {
            Some(TypeRef::String) => quote!(#arg),
            Some(ty) => {
                let value = param_value(ty, &arg);
                quote!(&#value)
            }
            None => quote!(&param_text(&#arg)?),
        }
    };
    // A segment holding a textual parameter goes through `path_segment`, which refuses values
    // that would change the path (empty, `.`, `..`); numbers and booleans cannot be those.
    let textual = |name: &str| {
        let ty = op.params.iter().find(|p| p.name == name).map(|p| &p.ty);
        !ty.is_some_and(is_copy)
    };
    let segments = op.segments.iter().map(|parts| match parts.as_slice() {
        [PathPart::Literal(text)] => quote!(#text),
        [PathPart::Param(p)] if textual(p) => {
            let value = path_param(p);
            quote!(path_segment(#value)?)
        }
        [PathPart::Param(p)] => path_param(p),
        parts => {
            let pieces = parts.iter().map(|part| match part {
                PathPart::Literal(text) => quote!(#text),
                PathPart::Param(p) => path_param(p),
            });
            let any_textual = parts
                .iter()
                .any(|part| matches!(part, PathPart::Param(p) if textual(p)));
            match any_textual {
                true => quote!(path_segment(&[#(#pieces),*].concat())?),
                false => quote!(&[#(#pieces),*].concat()),
            }
        }
    });
    let http_method = ident(&op.http_method);
    let security = super::auth::requirements(&op.security);

    let query: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .collect();
    let query_code = (!query.is_empty()).then(|| query_code(&query));
    let headers = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
        .map(|p| {
            let arg = ident(p.binding());
            let wire = &p.wire_name;
            let value = param_value(&p.ty, &arg);
            let set = quote!(request.header(#wire, #value));
            if p.required {
                quote!(let request = #set;)
            } else {
                quote!(let request = match #arg { Some(#arg) => #set, None => request };)
            }
        });
    let cookies = cookie_code(op);
    let body_code = op.body.as_ref().map(|body| {
        let media = &body.media_type;
        let set = match &body.payload {
            Payload::Json(_) => quote!(request.json(body)),
            Payload::Form(_) => quote!(request.form(body)),
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
    });

    let mut arms = success_arms(op);
    let successes = arms.len();
    let (codes, rest): (Vec<&ErrorCase>, Vec<&ErrorCase>) = op
        .errors
        .iter()
        .partition(|e| matches!(e.status, Status::Code(_)));
    let (ranges, default): (Vec<&ErrorCase>, Vec<&ErrorCase>) = rest
        .into_iter()
        .partition(|e| matches!(e.status, Status::Range(_)));
    if let Some(enum_name) = &op.error_type {
        for e in codes.into_iter().chain(ranges) {
            let pattern = status_pattern(&e.status);
            let value = error_value(enum_name, e);
            arms.push(quote!(#pattern => #value,));
        }
    }
    let fallback = match (&op.error_type, default.first()) {
        (Some(enum_name), Some(e)) => error_value(enum_name, e),
        _ => quote!(Err(Error::UnexpectedStatus {
            status,
            text: text(&body)
        })),
    };
    let error_arms = arms[successes..].to_vec();
    arms.push(quote!(_ => #fallback,));

    // The bytes stay available beside the decoded body, unless the body is those bytes.
    let moves_body = std::iter::once(&op.success.payload)
        .chain(op.success.variants.iter().map(|v| &v.payload))
        .any(|p| matches!(p, Payload::Bytes | Payload::Form(_) | Payload::Multipart));
    let raw = if moves_body {
        quote!(Vec::new())
    } else {
        quote!(body)
    };
    let docs = method_docs(op);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    // The plain method returns the body; `*_with_response` also the status and headers. One
    // implementation serves both: the plain one calls the other.
    let with_response = ident(&format!(
        "{}_with_response",
        crate::naming::serde_name(&op.method_name)
    ));
    let with_response_doc = format!(
        " Like [`Client::{}`], with the response's status and headers.",
        op.method_name
    );
    let call_args = op
        .params
        .iter()
        .filter(|p| !p.in_struct)
        .map(|p| ident(p.binding()))
        .chain(op.params_type.as_ref().map(|_| ident("params")))
        .chain(op.body.as_ref().map(|_| ident("body")));
    let allow_deprecated = op.deprecated.then(|| quote!(#[allow(deprecated)]));
    let operation = crate::naming::serde_name(&op.method_name);
    let path_template = &op.path;
    let pages = op
        .paging
        .as_ref()
        .map(|paging| pages_method(models, api, op, paging, &error_ty));
    let call = quote!(Call { operation: #operation, path: #path_template, security: #security });
    let build_request = quote! {
        #unpack_params
        let url = self.url(&[#(#segments),*])?;
        let request = self.runtime.http.request(reqwest::Method::#http_method, url);
        #query_code
        #(#headers)*
        #cookies
        #body_code
    };
    // A binary response can also be read as it arrives, never whole in memory.
    let stream = (op.success.variants.is_empty() && op.success.payload == Payload::Bytes).then(|| {
        let stream = ident(&format!("{}_stream", crate::naming::serde_name(&op.method_name)));
        let doc = format!(
            " Like [`Client::{}`], reading the body as it arrives instead of into memory (no\n body size limit, no deadline for the whole body: see [`ByteStream`]).",
            op.method_name
        );
        let errors = if error_arms.is_empty() {
            fallback.clone()
        } else {
            quote!(match status.as_u16() { #(#error_arms)* _ => #fallback, })
        };
        quote! {
            #[doc = #doc]
            #deprecated
            pub async fn #stream(&self, #(#args),*) -> Result<Response<ByteStream>, #error_ty> {
                #build_request
                let raw = self.runtime.execute_streaming(#call, request).await?;
                let (status, headers) = (raw.status, raw.headers);
                match raw.live {
                    Some(live) => Ok(Response {
                        status,
                        headers,
                        body: ByteStream::new(live, self.runtime.idle_timeout),
                        raw: Vec::new(),
                    }),
                    None => {
                        let body = raw.body;
                        #errors
                    }
                }
            }
        }
    });
    quote! {
        #docs
        #deprecated
        #allow_deprecated
        pub async fn #name(&self, #(#args),*) -> Result<#ok_ty, #error_ty> {
            self.#with_response(#(#call_args),*).await.map(|response| response.body)
        }

        #[doc = #with_response_doc]
        #deprecated
        pub async fn #with_response(&self, #(#args),*) -> Result<Response<#ok_ty>, #error_ty> {
            #build_request
            let raw = self.runtime.execute(#call, request).await?;
            let (status, headers, body) = (raw.status, raw.headers, raw.body);
            let result = match status.as_u16() {
                #(#arms)*
            };
            result.map(|value| Response { status, headers, body: value, raw: #raw })
        }

        #stream

        #pages
    }
}

/// The cookie parameters, in one `Cookie` header with their values encoded (see the runtime's
/// `auth::cookie_header`); credentials in a cookie are added to the same header.
fn cookie_code(op: &Operation) -> Option<TokenStream> {
    let pairs: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Cookie)
        .map(|p| {
            let arg = ident(p.binding());
            let wire = &p.wire_name;
            let value = match (p.required, super::params::is_scalar(&p.ty)) {
                (true, _) => {
                    let text = param_value(&p.ty, &arg);
                    quote!(Some(#text))
                }
                (false, true) => quote!(#arg.as_ref().map(ToString::to_string)),
                (false, false) => {
                    quote!(match &#arg { Some(value) => Some(param_text(value)?), None => None })
                }
            };
            quote!((#wire, #value))
        })
        .collect();
    (!pairs.is_empty()).then(|| {
        quote! {
            let request = match crate::auth::cookie_header([#(#pairs),*]) {
                Some(cookie) => request.header(reqwest::header::COOKIE, cookie),
                None => request,
            };
        }
    })
}

/// The `*_pages` method of a page-numbered list: the operation's arguments without `page`,
/// returning a stream of items. The stream owns copies of the arguments (it outlives the
/// call), and asks the runtime's `pages` for the walk.
pub(super) fn pages_method(
    models: &TokenStream,
    api: &Api,
    op: &Operation,
    paging: &crate::ir::Paging,
    error_ty: &TokenStream,
) -> TokenStream {
    let name = ident(&op.method_name);
    let pages = ident(&format!(
        "{}_pages",
        crate::naming::serde_name(&op.method_name)
    ));
    let item = type_tokens(models, &paging.item);
    let mut args = Vec::new();
    let mut owned = Vec::new();
    let mut copies = Vec::new();
    let mut call = Vec::new();
    for p in op.params.iter().filter(|p| !p.in_struct) {
        let arg = ident(p.binding());
        if p.name == paging.param {
            call.push(if p.required {
                quote!(page)
            } else {
                quote!(Some(page))
            });
            continue;
        }
        let ty = param_type(models, p);
        args.push(quote!(#arg: #ty));
        if is_copy(&p.ty) {
            // `Copy`: the closure captures it as it is.
            call.push(quote!(#arg));
            continue;
        }
        // An alias of a number (`pub type AlertNumber = i64`) is taken by reference but is
        // `Copy`: the stream keeps a copy (no `clone`) and lends it to each call.
        if is_copy(crate::emit::unalias(api, &p.ty)) {
            if p.required {
                owned.push(quote!(let #arg = *#arg;));
                call.push(quote!(&#arg));
            } else {
                owned.push(quote!(let #arg = #arg.copied();));
                call.push(quote!(#arg.as_ref()));
            }
            continue;
        }
        let (own, borrow) = match (p.required, &p.ty) {
            (true, TypeRef::String) => (quote!(#arg.to_owned()), quote!(&#arg)),
            (false, TypeRef::String) => (quote!(#arg.map(str::to_owned)), quote!(#arg.as_deref())),
            (true, _) => (quote!(#arg.clone()), quote!(&#arg)),
            (false, _) => (quote!(#arg.cloned()), quote!(#arg.as_ref())),
        };
        owned.push(quote!(let #arg = #own;));
        copies.push(quote!(let #arg = #arg.clone();));
        call.push(borrow);
    }
    if let Some(params_type) = &op.params_type {
        let params_type = ident(params_type);
        let field = ident(&paging.param);
        args.push(quote!(params: &#params_type));
        owned.push(quote!(let params = params.clone();));
        copies.push(quote! {
            let mut params = params.clone();
            params.#field = Some(page);
        });
        call.push(quote!(&params));
    }
    let doc = doc_attrs(&format!(
        "Every item of [`Client::{}`], page after page: a stream that requests page\n\
         [`Paging::first_page`] (1 unless [`Client::with_paging`] says otherwise), then the next,\n\
         until the end rule of [`Paging::end`] says stop (by default, after the first empty page).\n\
         An error is the stream's last item.",
        op.method_name
    ));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let allow_deprecated = op.deprecated.then(|| quote!(#[allow(deprecated)]));
    quote! {
        #doc
        #deprecated
        #allow_deprecated
        pub fn #pages(&self, #(#args),*) -> impl futures_util::Stream<Item = Result<#item, #error_ty>> + Send + 'static {
            let client = self.clone();
            #(#owned)*
            crate::runtime::pages(self.runtime.paging, move |page| {
                let client = client.clone();
                #(#copies)*
                async move { client.#name(#(#call),*).await }
            })
        }
    }
}

pub(super) fn method_docs(op: &Operation) -> TokenStream {
    let endpoint = format!("`{} {}`", op.http_method, op.path);
    let params: Vec<String> = op
        .params
        .iter()
        .map(|p| {
            let doc = p
                .doc
                .as_deref()
                .unwrap_or("")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let sep = if doc.is_empty() { "" } else { ": " };
            let owner = if p.in_struct { "params." } else { "" };
            format!(
                "- `{owner}{}` ({} `{}`){sep}{doc}",
                crate::naming::serde_name(&p.name),
                location_word(p.location),
                p.wire_name
            )
        })
        .collect();
    let params = (!params.is_empty()).then(|| format!("# Parameters\n\n{}", params.join("\n")));
    doc_attrs(&paragraphs([
        op.summary.as_deref(),
        op.description
            .as_deref()
            .filter(|d| Some(*d) != op.summary.as_deref()),
        Some(&endpoint),
        params.as_deref(),
    ]))
}

/// Match arms for the success statuses (any 2xx when the spec declares none).
pub(super) fn success_arms(op: &Operation) -> Vec<TokenStream> {
    let decode = |payload: &Payload| match payload {
        Payload::None => quote!(()),
        Payload::Json(_) => quote!(decode(status, &body)?),
        Payload::Text => quote!(text(&body)),
        Payload::Bytes | Payload::Form(_) | Payload::Multipart => quote!(body),
    };
    if op.success.statuses.is_empty() {
        return vec![quote!(200..=299 => Ok(()),)];
    }
    if let Some(response) = &op.success.response_type {
        let response = ident(response);
        return op
            .success
            .variants
            .iter()
            .map(|v| {
                let pattern = status_pattern(&v.status);
                let variant = ident(&v.name);
                let value = match &v.payload {
                    Payload::None => quote!(#response::#variant),
                    other => {
                        let value = decode(other);
                        quote!(#response::#variant(#value))
                    }
                };
                quote!(#pattern => Ok(#value),)
            })
            .collect();
    }
    let value = decode(&op.success.payload);
    // `decode(..)?` inside `Ok` would be a needless `?` when it is the whole result.
    let value = match (&op.success.payload, op.success.optional) {
        (_, true) => quote!(Ok(Some(#value))),
        (Payload::Json(_), false) => quote!(decode(status, &body)),
        (_, false) => quote!(Ok(#value)),
    };
    // With `optional`, statuses without a body (e.g. 204) give `None`; an empty body under a
    // status that declares one is also `None`, which is how such APIs signal "nothing yet".
    let pattern: Vec<TokenStream> = op.success.statuses.iter().map(status_pattern).collect();
    let mut arms = Vec::new();
    if op.success.optional {
        arms.push(quote!(#(#pattern)|* if body.is_empty() => Ok(None),));
    }
    arms.push(quote!(#(#pattern)|* => #value,));
    arms
}

pub(super) fn status_pattern(status: &Status) -> TokenStream {
    match status {
        Status::Code(c) => {
            let c = Literal::u16_unsuffixed(*c);
            quote!(#c)
        }
        Status::Range(r) => {
            let lo = Literal::u16_unsuffixed(r * 100);
            let hi = Literal::u16_unsuffixed(r * 100 + 99);
            quote!(#lo..=#hi)
        }
        Status::Default => quote!(_),
    }
}

/// `Err(Error::Api { .. })` carrying the decoded body of a declared error status.
pub(super) fn error_value(enum_name: &str, e: &ErrorCase) -> TokenStream {
    let enum_name = ident(enum_name);
    let variant = ident(&e.variant);
    let body = match &e.payload {
        Payload::None => quote!(#enum_name::#variant),
        Payload::Json(_) => quote!(#enum_name::#variant(decode_error(status, &body)?)),
        Payload::Text => quote!(#enum_name::#variant(text(&body))),
        Payload::Bytes | Payload::Form(_) | Payload::Multipart => {
            quote!(#enum_name::#variant(body.clone()))
        }
    };
    quote!(Err(Error::Api { status, body: #body, text: text(&body) }))
}

/// The Rust type a payload decodes into; `None` for no body.
pub(super) fn payload_type(models: &TokenStream, payload: &Payload) -> Option<TokenStream> {
    match payload {
        Payload::None => None,
        Payload::Json(ty) => Some(type_tokens(models, ty)),
        Payload::Text => Some(quote!(String)),
        Payload::Bytes | Payload::Form(_) | Payload::Multipart => Some(quote!(Vec<u8>)),
    }
}

/// How a parameter is taken: strings borrowed, scalars by value, the rest by reference.
pub(super) fn param_type(models: &TokenStream, p: &Param) -> TokenStream {
    let ty = match &p.ty {
        TypeRef::String => quote!(&str),
        scalar if is_copy(scalar) => type_tokens(models, scalar),
        other => {
            let ty = type_tokens(models, other);
            quote!(&#ty)
        }
    };
    if p.required {
        ty
    } else {
        quote!(Option<#ty>)
    }
}
