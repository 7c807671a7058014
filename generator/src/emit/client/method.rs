//! One operation → its methods. Taking only required values: the plain method (a thin
//! wrapper), `*_with_response` (build the URL, add parameters and body, hand the request to the
//! runtime, match the status), `*_stream` for a binary response and `*_pages` for a
//! page-numbered list. Taking anything optional: a method returning the operation's request
//! builder, whose setters hold the optional values and whose `send*` and `pages` do the same.
//! Their docs and the arms that decode each status are here too.

use super::params::{is_copy, location_word, param_value, query_code};
use super::*;

/// The methods to put on the operation's owner, and the module-level items they need (the
/// request builder).
pub(super) fn method(
    models: &TokenStream,
    api: &Api,
    op: &Operation,
    krate: &str,
) -> (TokenStream, Option<TokenStream>) {
    let name = ident(&op.method_name);
    let owner = api.owner(op);
    // What the body reaches the client through: itself, the resource handle's client, or
    // (in a request builder) the client it holds.
    let client = match (&op.builder, op.resource) {
        (Some(_), _) => quote!(client),
        (None, Some(_)) => quote!(self.client),
        (None, None) => quote!(self),
    };
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

    // Every value the operation takes, as (binding, type): its parameters in order, then the
    // body. A plain method takes them all as arguments; a builder takes the required ones as
    // arguments and holds the rest until a setter gives them.
    let lifetime = op.builder.as_ref().map(|_| quote!('a));
    let mut values: Vec<(proc_macro2::Ident, TokenStream, bool)> = op
        .params
        .iter()
        .map(|p| {
            let ty = param_type(models, p, lifetime.as_ref());
            (ident(p.binding()), ty, p.required)
        })
        .collect();
    // The body's type, without the `Option` an optional one is held in.
    if let Some(body) = &op.body {
        let ty = match &body.payload {
            Payload::Json(ty) | Payload::Form(ty) => {
                let ty = type_tokens(models, ty);
                quote!(&#lifetime #ty)
            }
            Payload::Text => quote!(String),
            Payload::Multipart => quote!(reqwest::multipart::Form),
            // Bytes, a file or a stream (`reqwest::Body` has `From` for each): a large upload
            // need not be in memory.
            Payload::Bytes | Payload::None if op.builder.is_some() => quote!(reqwest::Body),
            Payload::Bytes | Payload::None => quote!(impl Into<reqwest::Body>),
        };
        values.push((ident("body"), ty, body.required));
    }
    let args: Vec<TokenStream> = values.iter().map(typed).collect();

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
            text: text(&body),
            endpoint,
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
    let docs = method_docs(api, op, krate);
    // Searching the docs for the operationId finds the method. Rustdoc refuses aliases with
    // spaces or quotes, so an operationId with anything but word characters is not one.
    let alias = op
        .operation_id
        .as_deref()
        .filter(|id| {
            !id.is_empty()
                && id.len() <= 100
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
                && *id != naming::serde_name(&op.method_name)
        })
        .map(|id| quote!(#[doc(alias = #id)]));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let allow_deprecated = op.deprecated.then(|| quote!(#[allow(deprecated)]));
    let operation = &op.operation_name;
    let path_template = &op.path;
    let http_method_text = &op.http_method;
    // One constant per method body: what the runtime logs, and what its errors name.
    let call_const = quote! {
        const CALL: Call = Call {
            endpoint: Some(Endpoint { operation: #operation, method: #http_method_text, path: #path_template }),
            security: #security,
        };
    };
    let build_request = quote! {
        let url = #client.url(&[#(#segments),*])?;
        let request = #client.runtime.http.request(reqwest::Method::#http_method, url);
        #query_code
        #(#headers)*
        #cookies
        #body_code
    };
    let with_response_body = quote! {
        #call_const
        #build_request
        let raw = #client.runtime.execute(CALL, request).await?;
        let (status, headers, body, endpoint) = (raw.status, raw.headers, raw.body, CALL.endpoint);
        let result = match status.as_u16() {
            #(#arms)*
        };
        result.map(|value| Response { status, headers, body: value, raw: #raw })
    };
    // A binary response can also be read as it arrives, never whole in memory.
    let stream_body = (op.success.variants.is_empty() && op.success.payload == Payload::Bytes)
        .then(|| {
            let errors = if error_arms.is_empty() {
                fallback.clone()
            } else {
                quote!(match status.as_u16() { #(#error_arms)* _ => #fallback, })
            };
            quote! {
                #call_const
                #build_request
                let raw = #client.runtime.execute_streaming(CALL, request).await?;
                let (status, headers, endpoint) = (raw.status, raw.headers, CALL.endpoint);
                match raw.live {
                    Some(live) => Ok(Response {
                        status,
                        headers,
                        body: ByteStream::new(live, #client.runtime.idle_timeout),
                        raw: Vec::new(),
                    }),
                    None => {
                        let body = raw.body;
                        #errors
                    }
                }
            }
        });
    let stream_doc = |target: &str| {
        format!(
            " Like [`{target}`], reading the body as it arrives instead of into memory (no\n body size limit, no deadline for the whole body: see [`ByteStream`])."
        )
    };
    let attrs = quote!(#docs #alias #deprecated);

    if let Some(builder) = &op.builder {
        return builder_methods(
            models,
            api,
            op,
            builder,
            &values,
            Bodies {
                attrs,
                ok_ty,
                error_ty,
                with_response: with_response_body,
                stream: stream_body,
                stream_doc: &stream_doc,
            },
        );
    }

    // The plain method returns the body; `*_with_response` also the status and headers. One
    // implementation serves both: the plain one calls the other.
    let with_response = ident(&format!(
        "{}_with_response",
        naming::serde_name(&op.method_name)
    ));
    let with_response_doc = format!(
        " Like [`{owner}::{}`], with the response's status and headers.",
        op.method_name
    );
    let call_args = values.iter().map(|(arg, _, _)| arg);
    let pages = op
        .paging
        .as_ref()
        .map(|paging| pages_method(models, api, op, paging, &error_ty));
    let stream = stream_body.map(|body| {
        let stream = ident(&format!("{}_stream", naming::serde_name(&op.method_name)));
        let doc = stream_doc(&format!("{owner}::{}", op.method_name));
        quote! {
            #[doc = #doc]
            #deprecated
            pub async fn #stream(&self, #(#args),*) -> Result<Response<ByteStream>, #error_ty> {
                #body
            }
        }
    });
    let methods = quote! {
        #attrs
        #allow_deprecated
        pub async fn #name(&self, #(#args),*) -> Result<#ok_ty, #error_ty> {
            self.#with_response(#(#call_args),*).await.map(|response| response.body)
        }

        #[doc = #with_response_doc]
        #deprecated
        pub async fn #with_response(&self, #(#args),*) -> Result<Response<#ok_ty>, #error_ty> {
            #with_response_body
        }

        #stream

        #pages
    };
    (methods, None)
}

/// What a request builder's sending methods run, made by [`method`].
struct Bodies<'s> {
    /// The constructor's docs, alias and deprecation.
    attrs: TokenStream,
    ok_ty: TokenStream,
    error_ty: TokenStream,
    with_response: TokenStream,
    stream: Option<TokenStream>,
    stream_doc: &'s dyn Fn(&str) -> String,
}

/// An operation that takes something optional: the method takes the required values and
/// returns its request builder, which has a setter per optional value and sends when awaited
/// (`IntoFuture`), or through `send_with_response`, `send_stream` or `pages`.
fn builder_methods(
    models: &TokenStream,
    api: &Api,
    op: &Operation,
    builder: &str,
    values: &[(proc_macro2::Ident, TokenStream, bool)],
    bodies: Bodies<'_>,
) -> (TokenStream, Option<TokenStream>) {
    let Bodies {
        attrs,
        ok_ty,
        error_ty,
        with_response,
        stream,
        stream_doc,
    } = bodies;
    let name = ident(&op.method_name);
    let ty = ident(builder);
    let (receiver, client) = match op.resource {
        Some(_) => (quote!(&self), quote!(self.client)),
        None => (quote!(&'a self), quote!(self)),
    };
    let generics = op.resource.is_none().then(|| quote!(<'a>));
    let required = values.iter().filter(|(_, _, required)| *required);
    // A builder holds a binary body as `reqwest::Body`, and takes anything that converts.
    let streamed = op
        .body
        .as_ref()
        .is_some_and(|b| matches!(b.payload, Payload::Bytes | Payload::None));
    let into_body = quote!(impl Into<reqwest::Body>);
    let args = required.clone().map(|value| match value {
        (arg, _, _) if streamed && *arg == "body" => quote!(#arg: #into_body),
        value => typed(value),
    });
    let fields_init = values.iter().map(|(arg, _, required)| match required {
        true if streamed && *arg == "body" => quote!(#arg: #arg.into()),
        true => quote!(#arg),
        false => quote!(#arg: None),
    });
    let fields = values.iter().map(typed);
    let bindings: Vec<&proc_macro2::Ident> = values.iter().map(|(arg, _, _)| arg).collect();
    let unpack = quote!(let #ty { client, #(#bindings),* } = self;);
    let owner = api.owner(op);
    let method_path = format!("{owner}::{}", op.method_name);

    // A setter per optional value, named as the parameter (the body: `body`).
    let setters = op
        .params
        .iter()
        .filter(|p| !p.required)
        .map(|p| {
            let setter = ident(&p.name);
            let field = ident(p.binding());
            let inner = param_type(models, p, Some(&quote!('a)));
            let doc = doc_attrs(&paragraphs([
                p.doc.as_deref(),
                Some(&format!(
                    "Sent as {} `{}`.",
                    location_word(p.location),
                    p.wire_name
                )),
            ]));
            quote! {
                #doc
                pub fn #setter(mut self, #field: #inner) -> Self {
                    self.#field = Some(#field);
                    self
                }
            }
        })
        .collect::<Vec<_>>();
    let body_setter = op.body.as_ref().filter(|b| !b.required).map(|_| {
        let (_, ty, _) = values.last().expect("the body is the last value");
        let (ty, value) = match streamed {
            true => (into_body.clone(), quote!(body.into())),
            false => (ty.clone(), quote!(body)),
        };
        quote! {
            /// The request body (none is sent unless this is called).
            pub fn body(mut self, body: #ty) -> Self {
                self.body = Some(#value);
                self
            }
        }
    });
    let stream = stream.map(|body| {
        let doc = stream_doc(&format!("{ty}::send"));
        quote! {
            #[doc = #doc]
            pub async fn send_stream(self) -> Result<Response<ByteStream>, #error_ty> {
                #unpack
                #body
            }
        }
    });
    let pages = op
        .paging
        .as_ref()
        .map(|paging| builder_pages(models, api, op, paging, builder, &error_ty));
    let struct_doc = format!(
        " A request of [`{method_path}`]: set what it should send, then `.await` it (or call\n [`{builder}::send_with_response`] for the status and headers too)."
    );
    let send_doc = format!(" Sends the request (what `.await` on [`{builder}`] does).");
    let constructor = quote! {
        #attrs
        pub fn #name #generics(#receiver, #(#args),*) -> #ty<'a> {
            #ty { client: #client, #(#fields_init),* }
        }
    };
    let items = quote! {
        #[doc = #struct_doc]
        #[derive(Debug)]
        #[must_use = "a request is sent only when awaited"]
        pub struct #ty<'a> {
            client: &'a Client,
            #(#fields),*
        }

        impl<'a> #ty<'a> {
            #(#setters)*
            #body_setter

            #[doc = #send_doc]
            pub async fn send(self) -> Result<#ok_ty, #error_ty> {
                self.send_with_response().await.map(|response| response.body)
            }

            /// Sends the request; the answer keeps the response's status and headers.
            pub async fn send_with_response(self) -> Result<Response<#ok_ty>, #error_ty> {
                #unpack
                #with_response
            }

            #stream

            #pages
        }

        impl<'a> std::future::IntoFuture for #ty<'a> {
            type Output = Result<#ok_ty, #error_ty>;
            type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send + 'a>>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }
    };
    (constructor, Some(items))
}

/// `name: T`, or `name: Option<T>` for an optional value.
fn typed((arg, ty, required): &(proc_macro2::Ident, TokenStream, bool)) -> TokenStream {
    match required {
        true => quote!(#arg: #ty),
        false => quote!(#arg: Option<#ty>),
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

/// How a paged walk holds each value of the operation: the stream outlives the call, so it
/// owns copies (`owned`, once), lends them to each page's request (`copies` inside the
/// closure, then `lent`), and gives the paging parameter the walk's `state` (a page number,
/// an offset, a cursor).
struct Held {
    /// The plain `*_pages` method's arguments (every value but the page).
    args: Vec<TokenStream>,
    owned: Vec<TokenStream>,
    copies: Vec<TokenStream>,
    /// Per value, in order: its binding and what each page's request is given.
    lent: Vec<(proc_macro2::Ident, TokenStream)>,
}

fn held(models: &TokenStream, api: &Api, op: &Operation, paging: &crate::ir::Paging) -> Held {
    let mut held = Held {
        args: Vec::new(),
        owned: Vec::new(),
        copies: Vec::new(),
        lent: Vec::new(),
    };
    for p in &op.params {
        let arg = ident(p.binding());
        if Some(p.name.as_str()) == paging.param() {
            let state = match (&paging.rule, p.required) {
                (PagingRule::Cursor { .. }, _) => quote!(state.as_deref()),
                (_, true) => quote!(state),
                (_, false) => quote!(Some(state)),
            };
            held.lent.push((arg, state));
            continue;
        }
        let ty = param_type(models, p, None);
        held.args.push(typed(&(arg.clone(), ty, p.required)));
        if is_copy(&p.ty) {
            // `Copy`: the closure captures it as it is.
            held.lent.push((arg.clone(), quote!(#arg)));
            continue;
        }
        // An alias of a number (`pub type AlertNumber = i64`) is taken by reference but is
        // `Copy`: the stream keeps a copy (no `clone`) and lends it to each call.
        if is_copy(crate::emit::unalias(api, &p.ty)) {
            if p.required {
                held.owned.push(quote!(let #arg = *#arg;));
                held.lent.push((arg.clone(), quote!(&#arg)));
            } else {
                held.owned.push(quote!(let #arg = #arg.copied();));
                held.lent.push((arg.clone(), quote!(#arg.as_ref())));
            }
            continue;
        }
        let (own, borrow) = match (p.required, &p.ty) {
            (true, TypeRef::String) => (quote!(#arg.to_owned()), quote!(&#arg)),
            (false, TypeRef::String) => (quote!(#arg.map(str::to_owned)), quote!(#arg.as_deref())),
            (true, _) => (quote!(#arg.clone()), quote!(&#arg)),
            (false, _) => (quote!(#arg.cloned()), quote!(#arg.as_ref())),
        };
        held.owned.push(quote!(let #arg = #own;));
        held.copies.push(quote!(let #arg = #arg.clone();));
        held.lent.push((arg, borrow));
    }
    held
}

/// The docs of a paged walk of `target`, saying which rule it follows and why.
fn pages_doc(paging: &Paging, target: &str) -> TokenStream {
    let rule = match &paging.rule {
        PagingRule::Page { .. } => "It requests page [`Paging::first_page`] (1 unless [`Client::with_paging`] says otherwise), then the next, until the end rule of [`Paging::end`] says stop (by default, after the first empty page).",
        PagingRule::Offset { .. } => "Each request skips the items already received (the offset advances by each page's length), until a page comes back empty.",
        PagingRule::Cursor { .. } => "Each request passes the cursor the previous response gave, until a response gives none, says there is no more, or holds no items.",
        PagingRule::NextLink { .. } => "Each request goes to the link the previous response gave for the next page (never to another origin: the request carries the credentials), until a response gives none or holds no items.",
    };
    doc_attrs(&format!(
        "Every item of [`{target}`], page after page; an error is the stream's last item.\n\n\
         {rule} Paged because {}.",
        paging.reason
    ))
}

/// What one page's fetch does after the request: take the items out of the body, and find
/// where the next page starts.
fn page_tail(paging: &Paging) -> TokenStream {
    let field = |f: &crate::ir::PageField| {
        let name = ident(&f.name);
        (quote!(body.#name), f.optional)
    };
    let items = match &paging.items {
        None => quote!(body),
        Some(f) => match field(f) {
            (value, true) => quote!(#value.unwrap_or_default()),
            (value, false) => value,
        },
    };
    match &paging.rule {
        PagingRule::Page { .. } => quote! {
            let items = #items;
            let next = paging.next_page(state, items.len());
        },
        PagingRule::Offset { .. } => quote! {
            let items = #items;
            let next = crate::runtime::next_offset(state, items.len());
        },
        PagingRule::Cursor { next, has_more, .. } => {
            let next = match field(next) {
                (value, true) => value,
                (value, false) => quote!(Some(#value)),
            };
            let more = match has_more.as_ref().map(field) {
                None => quote!(true),
                Some((value, true)) => quote!(#value.unwrap_or(true)),
                Some((value, false)) => value,
            };
            // The next cursor is taken out of the body before the items are.
            quote! {
                let (cursor, more) = (#next, #more);
                let items = #items;
                let next = crate::runtime::next_cursor(state.as_deref(), cursor, more, items.is_empty());
            }
        }
        PagingRule::NextLink { field: link } => {
            let link = match link.as_ref().map(field) {
                None => quote!(crate::runtime::link_header_next(&response.headers)),
                Some((value, true)) => value,
                Some((value, false)) => quote!(Some(#value)),
            };
            quote! {
                let link = #link;
                let items = #items;
                let next = crate::runtime::next_link(state.as_deref(), link, items.is_empty());
            }
        }
    }
}

/// How one page's fetch starts: a next link sends the request to the link (the page's own
/// client, with `next_url` set), and reads the whole response (the link may be a header).
fn page_fetch(
    paging: &Paging,
    call: TokenStream,
    with_response: TokenStream,
) -> (TokenStream, TokenStream) {
    match paging.rule {
        PagingRule::NextLink { .. } => (
            quote! {
                let mut client = client.clone();
                client.runtime.next_url = state.clone();
            },
            quote! {
                let response = #with_response.await?;
                let body = response.body;
            },
        ),
        _ => (
            quote!(let client = client.clone();),
            quote!(let body = #call.await?;),
        ),
    }
}

/// The client's page numbering, which only the page-number rule reads.
fn paging_local(paging: &Paging) -> Option<TokenStream> {
    matches!(paging.rule, PagingRule::Page { .. })
        .then(|| quote!(let paging = client.runtime.paging;))
}

/// Where a walk starts when nothing is set: the first page, offset 0, no cursor.
fn first_state(paging: &Paging) -> TokenStream {
    match &paging.rule {
        PagingRule::Page { .. } => quote!(paging.first_page),
        PagingRule::Offset { .. } => quote!(0),
        PagingRule::Cursor { .. } | PagingRule::NextLink { .. } => quote!(Option::<String>::None),
    }
}

/// The `*_pages` method of a paged list taking every value as an argument: those arguments
/// without the paging parameter, returning a stream of items; the runtime's `walk` walks.
pub(super) fn pages_method(
    models: &TokenStream,
    api: &Api,
    op: &Operation,
    paging: &Paging,
    error_ty: &TokenStream,
) -> TokenStream {
    let name = ident(&op.method_name);
    let owner = api.owner(op);
    // The stream owns a clone of the client and calls the method through it.
    let (client, call_on) = match op.resource {
        Some(_) => {
            let handle = ident(owner);
            (quote!(self.client), quote!(#handle { client: &client }))
        }
        None => (quote!(self), quote!(client)),
    };
    let pages = ident(&format!("{}_pages", naming::serde_name(&op.method_name)));
    let item = type_tokens(models, &paging.item);
    let Held {
        args,
        owned,
        copies,
        lent,
    } = held(models, api, op, paging);
    let call = lent.iter().map(|(_, value)| value);
    let doc = pages_doc(paging, &format!("{owner}::{}", op.method_name));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let allow_deprecated = op.deprecated.then(|| quote!(#[allow(deprecated)]));
    let first = first_state(paging);
    let tail = page_tail(paging);
    let paging_local = paging_local(paging);
    let call: Vec<&TokenStream> = call.collect();
    let with_response = ident(&format!(
        "{}_with_response",
        naming::serde_name(&op.method_name)
    ));
    let (page_client, fetch) = page_fetch(
        paging,
        quote!(#call_on.#name(#(#call),*)),
        quote!(#call_on.#with_response(#(#call),*)),
    );
    quote! {
        #doc
        #deprecated
        #allow_deprecated
        pub fn #pages(&self, #(#args),*) -> impl futures_util::Stream<Item = Result<#item, #error_ty>> + Send + 'static {
            let client = #client.clone();
            #paging_local
            #(#owned)*
            crate::runtime::walk(#first, move |state| {
                #page_client
                #(#copies)*
                async move {
                    #fetch
                    #tail
                    Ok::<_, #error_ty>((items, next))
                }
            })
        }
    }
}

/// `pages` on a request builder: the values set so far, page after page, starting where the
/// request says (its page, offset or cursor) or else at the beginning.
fn builder_pages(
    models: &TokenStream,
    api: &Api,
    op: &Operation,
    paging: &Paging,
    builder: &str,
    error_ty: &TokenStream,
) -> TokenStream {
    let ty = ident(builder);
    let item = type_tokens(models, &paging.item);
    let Held {
        owned,
        copies,
        lent,
        ..
    } = held(models, api, op, paging);
    let param = op
        .params
        .iter()
        .find(|p| Some(p.name.as_str()) == paging.param());
    let start = ident(param.map_or("page", |p| p.binding()));
    let required = param.is_some_and(|p| p.required);
    let first = first_state(paging);
    let first = match (&paging.rule, required) {
        (PagingRule::NextLink { .. }, _) => first,
        (PagingRule::Cursor { .. }, _) => quote!(#start.map(str::to_owned)),
        (_, true) => quote!(#start),
        (_, false) => quote!(#start.unwrap_or(#first)),
    };
    let unpacked = lent.iter().map(|(arg, _)| quote!(#arg));
    let fields = lent.iter().map(|(arg, value)| {
        // A `Copy` value is lent as itself: the field shorthand.
        if *arg == value.to_string() {
            quote!(#arg)
        } else {
            quote!(#arg: #value)
        }
    });
    let doc = pages_doc(paging, &format!("{builder}::send"));
    let tail = page_tail(paging);
    let paging_local = paging_local(paging);
    let fields: Vec<TokenStream> = fields.collect();
    let (page_client, fetch) = page_fetch(
        paging,
        quote!(#ty { client: &client, #(#fields),* }.send()),
        quote!(#ty { client: &client, #(#fields),* }.send_with_response()),
    );
    quote! {
        #doc
        pub fn pages(self) -> impl futures_util::Stream<Item = Result<#item, #error_ty>> + Send + 'static {
            let #ty { client, #(#unpacked),* } = self;
            let client = client.clone();
            #paging_local
            let first = #first;
            #(#owned)*
            crate::runtime::walk(first, move |state| {
                #page_client
                #(#copies)*
                async move {
                    #fetch
                    #tail
                    Ok::<_, #error_ty>((items, next))
                }
            })
        }
    }
}

pub(super) fn method_docs(api: &Api, op: &Operation, krate: &str) -> TokenStream {
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
            // With a request builder, an optional parameter is set with its setter.
            let optional = if op.builder.is_some() && !p.required {
                "optional, "
            } else {
                ""
            };
            format!(
                "- `{}` ({optional}{} `{}`){sep}{doc}",
                crate::naming::serde_name(&p.name),
                location_word(p.location),
                p.wire_name
            )
        })
        .collect();
    let params = (!params.is_empty()).then(|| format!("# Parameters\n\n{}", params.join("\n")));
    let docs = doc_attrs(&paragraphs([
        op.summary.as_deref(),
        op.description
            .as_deref()
            .filter(|d| Some(*d) != op.summary.as_deref()),
        Some(&endpoint),
        params.as_deref(),
    ]));
    // The example is the generator's own text (compiled by the crate's doctests); the only
    // values from the spec in it are re-rendered from their parsed form (see `literal`).
    let example = crate::emit::trusted_doc_attrs(&format!("\n{}", example_doc(api, op, krate)));
    quote!(#docs #example)
}

/// A `no_run` example calling the method as a user would, from the client: scalar arguments
/// from the spec's parameter examples (else a plain value of their type), other values as
/// parameters of the example's function.
fn example_doc(api: &Api, op: &Operation, krate: &str) -> String {
    let mut inputs = vec![format!("client: {krate}::Client")];
    let mut args = Vec::new();
    for p in op.params.iter().filter(|p| p.required) {
        match literal(&p.ty, p.example.as_ref()) {
            Some(value) => args.push(value),
            None => {
                let name = p.binding();
                inputs.push(format!("{name}: {}", type_text(krate, &p.ty)));
                args.push(format!("&{name}"));
            }
        }
    }
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        match &body.payload {
            Payload::Json(ty) | Payload::Form(ty) => {
                inputs.push(format!("body: {}", type_text(krate, ty)));
                args.push("&body".to_string());
            }
            Payload::Text => args.push("String::from(\"text\")".to_string()),
            Payload::Multipart => args.push(format!("{krate}::reqwest::multipart::Form::new()")),
            Payload::Bytes | Payload::None => args.push("b\"bytes\".to_vec()".to_string()),
        }
    }
    let call = format!("client.{}({})", api.call_path(op), args.join(", "));
    let unit = op.success.response_type.is_none()
        && op.success.payload == Payload::None
        && !op.success.optional;
    // A list's items are named after their resource (`let clips = ...`).
    let binding = match op.resource {
        Some(r) if op.method_name == "list" => api.resources[r].accessor.clone(),
        _ => "value".to_string(),
    };
    let statement = match unit {
        true => format!("{call}.await?;"),
        false => format!("let {binding} = {call}.await?;\n# let _ = {binding};"),
    };
    let allow = if op.deprecated {
        "# #![allow(deprecated)]\n"
    } else {
        ""
    };
    format!(
        "# Example\n\n```no_run\n{allow}# async fn example({}) -> Result<(), Box<dyn std::error::Error>> {{\n{statement}\n# Ok(())\n# }}\n```",
        inputs.join(", ")
    )
}

/// A literal for a scalar argument: the spec's example when it is a value of the parameter's
/// type (numbers and booleans re-rendered from their parsed values; strings only when made of
/// plain characters, and escaped), else a plain value. `None` for non-scalar types.
fn literal(ty: &TypeRef, example: Option<&serde_json::Value>) -> Option<String> {
    use serde_json::Value;
    Some(match (ty, example) {
        (TypeRef::I32 | TypeRef::I64, Some(Value::Number(n))) if n.as_i64().is_some() => {
            let n = n.as_i64()?;
            match ty {
                TypeRef::I32 if i32::try_from(n).is_err() => "1".to_string(),
                _ => n.to_string(),
            }
        }
        (TypeRef::U32 | TypeRef::U64, Some(Value::Number(n))) if n.as_u64().is_some() => {
            let n = n.as_u64()?;
            match ty {
                TypeRef::U32 if u32::try_from(n).is_err() => "1".to_string(),
                _ => n.to_string(),
            }
        }
        (TypeRef::F32 | TypeRef::F64, Some(Value::Number(n))) if n.as_f64().is_some() => {
            format!("{:?}", n.as_f64()?)
        }
        (TypeRef::Bool, Some(Value::Bool(b))) => b.to_string(),
        (TypeRef::String, Some(Value::String(text)))
            if !text.is_empty()
                && text.len() <= 64
                && text
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || " _-.:/@+".contains(c)) =>
        {
            format!("{text:?}")
        }
        (TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64, _) => "1".to_string(),
        (TypeRef::F32 | TypeRef::F64, _) => "1.0".to_string(),
        (TypeRef::Bool, _) => "true".to_string(),
        (TypeRef::String, _) => "\"value\"".to_string(),
        _ => return None,
    })
}

/// A type as written in a doc example, outside the crate (`gcore_streaming::models::ClipId`).
fn type_text(krate: &str, ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".to_string(),
        TypeRef::I32 => "i32".to_string(),
        TypeRef::I64 => "i64".to_string(),
        TypeRef::U32 => "u32".to_string(),
        TypeRef::U64 => "u64".to_string(),
        TypeRef::F32 => "f32".to_string(),
        TypeRef::F64 => "f64".to_string(),
        TypeRef::Bool => "bool".to_string(),
        TypeRef::DateTime => "chrono::DateTime<chrono::FixedOffset>".to_string(),
        TypeRef::Date => "chrono::NaiveDate".to_string(),
        TypeRef::Uuid => "uuid::Uuid".to_string(),
        TypeRef::Json => "serde_json::Value".to_string(),
        TypeRef::JsonObject => "serde_json::Map<String, serde_json::Value>".to_string(),
        TypeRef::Vec(item) => format!("Vec<{}>", type_text(krate, item)),
        TypeRef::Map(value) => format!(
            "std::collections::BTreeMap<String, {}>",
            type_text(krate, value)
        ),
        TypeRef::Named(name) => format!("{krate}::models::{}", naming::serde_name(name)),
    }
}

/// Match arms for the success statuses (any 2xx when the spec declares none).
pub(super) fn success_arms(op: &Operation) -> Vec<TokenStream> {
    let decode = |payload: &Payload| match payload {
        Payload::None => quote!(()),
        Payload::Json(_) => quote!(decode(endpoint, status, &body)?),
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
        (Payload::Json(_), false) => quote!(decode(endpoint, status, &body)),
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
        Payload::Json(_) => quote!(#enum_name::#variant(decode_error(endpoint, status, &body)?)),
        Payload::Text => quote!(#enum_name::#variant(text(&body))),
        Payload::Bytes | Payload::Form(_) | Payload::Multipart => {
            quote!(#enum_name::#variant(body.clone()))
        }
    };
    quote!(Err(Error::Api { status, body: #body, text: text(&body), endpoint }))
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

/// How a parameter is taken (without the `Option` of an optional one): strings borrowed,
/// scalars by value, the rest by reference (`'a` in a request builder).
pub(super) fn param_type(
    models: &TokenStream,
    p: &Param,
    lifetime: Option<&TokenStream>,
) -> TokenStream {
    match &p.ty {
        TypeRef::String => quote!(&#lifetime str),
        scalar if is_copy(scalar) => type_tokens(models, scalar),
        other => {
            let ty = type_tokens(models, other);
            quote!(&#lifetime #ty)
        }
    }
}
