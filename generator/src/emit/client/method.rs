//! One operation → its methods. Taking only required values: the plain method (build the URL,
//! add parameters and body, hand the request to the runtime, match the status; the runtime's
//! `Pending` it returns answers with the status and headers too through `.with_response()`),
//! `*_stream` for a binary response and `*_pages` for a page-numbered list. Taking anything
//! optional: a method returning the operation's request builder, whose setters hold the
//! optional values and whose `send`, `with_response` and `pages` do the same. Their docs and the
//! arms that decode each status are here too.

use super::body;
use super::builder::{builder_methods, Bodies};
use super::docs::{alias, events_doc, method_docs, stream_doc};
use super::paging::pages_method;
use super::params::{
    held_type, is_copy, param_type, param_value, query_code, styled_value, typed, Value,
};
use super::status::{status_arms, StatusArms};
use super::{
    ident, pending, quote, Api, Helper, Need, Operation, Param, ParamLocation, PathPart, Payload,
    Sink, Success, TokenStream, TypeRef,
};
use crate::ir::Framing;

/// The methods to put on the operation's owner, and the module-level items they need (the
/// request builder).
pub(super) fn method(
    out: &Sink,
    api: &Api,
    op: &Operation,
    krate: &str,
) -> (TokenStream, Option<TokenStream>) {
    // What the body reaches the client through: itself, the resource handle's client, or
    // (in a request builder) the client it holds.
    let client = match (&op.builder, op.resource) {
        (Some(_), _) => quote!(client),
        (None, Some(_)) => quote!(self.client),
        (None, None) => quote!(self),
    };
    let error = op.error_type.as_deref().map(ident);
    let error_ty = match &error {
        Some(e) => quote!(Error<#e>),
        None => quote!(Error),
    };
    let ok_ty = ok_type(out, op);
    let by_field = op.body.as_ref().and_then(|b| body::by_field(out, api, b));
    let (values, args) = values(out, op, by_field.as_ref());
    let call_const = call_const(op);
    let build_request = build_request(out, api, op, &client);
    let arms = status_arms(op);
    let send = send(out, &client, &build_request, &arms.all);
    let parts = (&call_const, &build_request, &arms, error.is_some());
    let stream_body = op
        .success
        .is_bytes()
        .then(|| streamed_body(out, &client, parts, &error_ty, Streamed::Bytes));
    let events_body = op.events.as_ref().map(|events| {
        streamed_body(
            out,
            &client,
            parts,
            &error_ty,
            Streamed::Events(events, op.http_method.eq_ignore_ascii_case("get")),
        )
    });
    let docs = method_docs(api, op, krate);
    let alias = alias(op);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    // Clippy expects a method called `new` to return `Self`; a resource's operation the API's
    // SDKs call `new` sends a request.
    let allow_new = (op.method_name == "new").then(|| quote!(#[allow(clippy::new_ret_no_self)]));
    let attrs = quote!(#docs #alias #deprecated #allow_new);

    if let Some(builder) = &op.builder {
        return builder_methods(
            out,
            api,
            op,
            builder,
            &values,
            Bodies {
                attrs,
                ok_ty,
                error_ty,
                error,
                with_response: quote!(#call_const #send),
                by_field,
                stream: stream_body,
                events: events_body,
            },
        );
    }
    let plain = Plain {
        attrs,
        args,
        ok_ty,
        error,
        error_ty,
        by_field,
        call_const,
        send,
        stream_body,
        events_body,
    };
    (plain_methods(out, api, op, plain), None)
}

/// What a call answers with: the decoded body (`Option` of it when some success statuses have
/// none), the per-status enum, or `()`.
fn ok_type(out: &Sink, op: &Operation) -> TokenStream {
    match &op.success {
        Success::PerStatus { response_type, .. } => {
            let response = ident(response_type);
            quote!(#response)
        }
        Success::Any => quote!(()),
        Success::Body {
            payload, optional, ..
        } => match (payload_type(out, payload), optional) {
            (Some(ty), true) => quote!(Option<#ty>),
            (Some(ty), false) => ty,
            (None, _) => quote!(()),
        },
    }
}

/// Every value the operation takes, as (binding, type): its parameters in order, then the
/// body; and the method's arguments. A plain method takes them all as arguments; a builder
/// takes the required ones as arguments and holds the rest until a setter gives them. A body
/// taken field by field is its required fields' arguments instead.
fn values(
    out: &Sink,
    op: &Operation,
    by_field: Option<&body::ByField>,
) -> (Vec<Value>, Vec<TokenStream>) {
    let mut values: Vec<Value> = op
        .params
        .iter()
        .map(|p| {
            let ty = match op.builder {
                Some(_) => held_type(out, p),
                None => param_type(out, p),
            };
            (ident(p.binding()), ty, p.required)
        })
        .collect();
    // The body, without the `Option` an optional one is held in: an argument or a setter's,
    // or (a struct taken field by field) made from the arguments its required fields are.
    if let Some(b) = &op.body {
        values.push((ident("body"), body::value_type(out, op, b), b.required));
    }
    let args = match by_field {
        Some(by_field) => values[..op.params.len()]
            .iter()
            .map(typed)
            .chain(by_field.args.iter().cloned())
            .collect(),
        None => values.iter().map(typed).collect(),
    };
    (values, args)
}

/// One constant per method body: what the runtime logs, and what its errors name.
fn call_const(op: &Operation) -> TokenStream {
    let operation = &op.operation_name;
    let path_template = &op.path;
    let http_method = &op.http_method;
    let security = super::auth::requirements(&op.security);
    quote! {
        const CALL: Call = Call::operation(#operation, #http_method, #path_template, #security);
    }
}

/// The code building the request: its URL and method, then its query, headers, cookies and
/// body.
fn build_request(out: &Sink, api: &Api, op: &Operation, client: &TokenStream) -> BuiltRequest {
    let segments = path_segments(out, api, op);
    // The eight methods of OpenAPI 3.0 are reqwest's constants; 3.2's QUERY and additional
    // methods are built from their name (checked to be an HTTP token when the spec was read).
    let http_method = match crate::adapter::shape::METHODS
        .contains(&op.http_method.to_ascii_lowercase().as_str())
    {
        true => {
            let constant = ident(&op.http_method);
            quote!(reqwest::Method::#constant)
        }
        false => {
            let name = proc_macro2::Literal::byte_string(op.http_method.as_bytes());
            quote!(reqwest::Method::from_bytes(#name).map_err(|e| Error::InvalidRequest(e.to_string()))?)
        }
    };
    let query: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .collect();
    let query_code = (!query.is_empty()).then(|| query_code(out, api, &query));
    let headers = header_code(out, api, op);
    let cookies = super::params::cookie_code(out, api, op);
    let body_code = op.body.as_ref().map(body::send_code);
    BuiltRequest {
        start: quote!(#client.request_to(#http_method, &[#(#segments),*])),
        rest: quote! {
            #query_code
            #(#headers)*
            #cookies
            #body_code
        },
    }
}

/// Whether `tokens` hold a `?` (at any depth).
fn has_try(tokens: &TokenStream) -> bool {
    tokens.clone().into_iter().any(|tree| match tree {
        proc_macro2::TokenTree::Punct(p) => p.as_char() == '?',
        proc_macro2::TokenTree::Group(group) => has_try(&group.stream()),
        _ => false,
    })
}

/// The code building an operation's request: the request to its URL (a `Result`), then the
/// statements adding its query, headers, cookies and body to `request` (often none).
struct BuiltRequest {
    start: TokenStream,
    rest: TokenStream,
}

impl BuiltRequest {
    /// As statements binding `request`, in a function returning a `Result`.
    fn statements(&self) -> TokenStream {
        let (start, rest) = (&self.start, &self.rest);
        quote! {
            let request = #start?;
            #rest
        }
    }

    /// As statements binding `request` in an `async fn` returning the operation's own error
    /// type: building a request fails the same way whatever the operation (`Error`), so an
    /// operation with declared errors (`widen`) widens that error to its type.
    fn in_async(&self, out: &Sink, widen: bool) -> TokenStream {
        if !widen {
            return self.statements();
        }
        let request = self.value(out);
        quote! {
            let request = #request;
            let request = request.map_err(Error::widen)?;
        }
    }

    /// As the value the runtime's `send` takes (a `Result`): the request itself when there
    /// is nothing to add to it and making its URL cannot fail; else made in the runtime's
    /// `prepare`, which gives the statements a function returning a `Result` (for their `?`).
    fn value(&self, out: &Sink) -> TokenStream {
        if self.rest.is_empty() && !has_try(&self.start) {
            return self.start.clone();
        }
        let prepare = out.call(Helper::Prepare);
        let statements = self.statements();
        quote!(#prepare(|| { #statements Ok(request) }))
    }
}

/// The path's segments as the values `Client::url` joins.
fn path_segments(out: &Sink, api: &Api, op: &Operation) -> Vec<TokenStream> {
    let path_param = |name: &str| {
        let param = op.params.iter().find(|p| p.name == name);
        let arg = ident(param.map_or(name, |p| p.binding()));
        if let Some(styled) = param.and_then(|p| styled_value(out, api, p, &arg)) {
            return quote!(&#styled);
        }
        match param.map(|p| &p.ty) {
            Some(TypeRef::String) => quote!(#arg),
            Some(ty) => {
                let value = param_value(out, ty, &arg);
                quote!(&#value)
            }
            None => {
                let param_text = out.call(Helper::ParamText);
                quote!(&#param_text(&#arg)?)
            }
        }
    };
    // A segment holding a textual parameter goes through `path_segment`, which refuses values
    // that would change the path (empty, `.`, `..`); numbers and booleans cannot be those.
    let textual = |name: &str| {
        let ty = op.params.iter().find(|p| p.name == name).map(|p| &p.ty);
        !ty.is_some_and(is_copy)
    };
    op.segments
        .iter()
        .map(|parts| match parts.as_slice() {
            [PathPart::Literal(text)] => quote!(#text),
            [PathPart::Param(p)] if textual(p) => {
                let value = path_param(p);
                let path_segment = out.call(Helper::PathSegment);
                quote!(#path_segment(#value)?)
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
                    true => {
                        let path_segment = out.call(Helper::PathSegment);
                        quote!(#path_segment(&[#(#pieces),*].concat())?)
                    }
                    false => quote!(&[#(#pieces),*].concat()),
                }
            }
        })
        .collect()
}

/// The header parameters, each a header (an optional one only when given).
fn header_code(out: &Sink, api: &Api, op: &Operation) -> Vec<TokenStream> {
    op.params
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
        .map(|p| {
            let arg = ident(p.binding());
            let wire = &p.wire_name;
            let value =
                styled_value(out, api, p, &arg).unwrap_or_else(|| param_value(out, &p.ty, &arg));
            let set = quote!(request.header(#wire, #value));
            if p.required {
                quote!(let request = #set;)
            } else {
                quote!(let request = match #arg { Some(#arg) => #set, None => request };)
            }
        })
        .collect()
}

/// The call handing the request to the runtime. The method is a plain function: the request
/// is built now, and the runtime's one `async` body sends it and hands the response to the
/// status match (a closure that captures nothing, so a plain `fn`). Per-operation `async`
/// bodies were a fifth of a generated crate's check time.
fn send(
    out: &Sink,
    client: &TokenStream,
    build_request: &BuiltRequest,
    arms: &[TokenStream],
) -> TokenStream {
    let request = build_request.value(out);
    quote! {
        let request = #request;
        #client.runtime.send(
            CALL,
            request,
            |raw| match raw.status.as_u16() {
                #(#arms)*
            },
        )
    }
}

/// What a streamed call's success body is read as.
enum Streamed<'e> {
    /// Bytes (`*_stream`, `send_stream`).
    Bytes,
    /// Events (`*_events`, `send_events`); whether a dropped stream may reconnect (a `GET`'s).
    Events(&'e crate::ir::Events, bool),
}

/// A success read as it arrives, never whole in memory: the body of `*_stream` (a binary
/// answer) or `*_events` (events), or a builder's `send_stream` or `send_events`. A call for
/// events asks for their media type; a server that answers with something else is an error
/// (see the runtime's `EventStream::sse`).
fn streamed_body(
    out: &Sink,
    client: &TokenStream,
    (call_const, build_request, arms, widen): (&TokenStream, &BuiltRequest, &StatusArms, bool),
    error_ty: &TokenStream,
    streamed: Streamed<'_>,
) -> TokenStream {
    let (accept, open, body_ty) = match streamed {
        Streamed::Bytes => {
            out.need(Need::ByteStream);
            let open = quote!(ByteStream::new(live, #client.runtime.idle_timeout));
            (None, open, quote!(ByteStream))
        }
        Streamed::Events(events, resumable) => {
            out.need(Need::EventStream);
            let item = out.ty(&events.item);
            let text =
                events.item == TypeRef::String && events.framing == Framing::ServerSentEvents;
            let decode = match text {
                true => quote!(|data: &str| Ok(data.to_owned())),
                false => quote!(|data: &str| serde_json::from_str(data)),
            };
            // A copy of the request, kept to reconnect with (see the runtime's `EventStream`).
            let resume = match resumable {
                true => quote!(resume),
                false => quote!(None),
            };
            let open = match events.framing {
                Framing::ServerSentEvents => quote! {
                    EventStream::sse(live, &#client.runtime, #decode, CALL, #resume).await.map_err(Error::widen)?
                },
                Framing::JsonLines => quote! {
                    EventStream::json_lines(live, &#client.runtime, #decode, CALL.endpoint)
                },
            };
            let media = &events.media_type;
            let copy = (resumable && events.framing == Framing::ServerSentEvents)
                .then(|| quote!(let resume = request.try_clone();));
            let accept = quote! {
                let request = request.header(reqwest::header::ACCEPT, #media);
                #copy
            };
            (Some(accept), open, quote!(EventStream<#item>))
        }
    };
    let fallback = &arms.fallback;
    let errors = if arms.errors.is_empty() {
        fallback.clone()
    } else {
        let error_arms = &arms.errors;
        quote!(match raw.status.as_u16() { #(#error_arms)* _ => #fallback, })
    };
    let build_request = build_request.in_async(out, widen);
    quote! {
        #call_const
        #build_request
        #accept
        let mut raw = #client.runtime.execute_streaming(CALL, request).await.map_err(Error::widen)?;
        match raw.live.take() {
            Some(live) => Ok(Response {
                status: raw.status,
                headers: raw.headers,
                body: #open,
                raw: Vec::new(),
            }),
            // The error keeps the answer's headers, whichever arm, or `?` inside one, makes it.
            None => raw.failed(|raw| -> Result<Response<#body_ty>, #error_ty> { #errors }),
        }
    }
}

/// What a plain method (every value an argument) is made of.
struct Plain {
    attrs: TokenStream,
    args: Vec<TokenStream>,
    ok_ty: TokenStream,
    error: Option<proc_macro2::Ident>,
    error_ty: TokenStream,
    by_field: Option<body::ByField>,
    call_const: TokenStream,
    send: TokenStream,
    stream_body: Option<TokenStream>,
    events_body: Option<TokenStream>,
}

/// The plain method, returning the runtime's `Pending` (whose `.with_response()` answers with
/// the status and headers too), and its `*_stream` and `*_pages` forms.
fn plain_methods(out: &Sink, api: &Api, op: &Operation, plain: Plain) -> TokenStream {
    let (attrs, args, error_ty) = (&plain.attrs, &plain.args, &plain.error_ty);
    let (by_field, call_const, send) = (&plain.by_field, &plain.call_const, &plain.send);
    let name = ident(&op.method_name);
    let owner = api.owner(op);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let allow_deprecated = op.deprecated.then(|| quote!(#[allow(deprecated)]));
    let inline = crate::emit::compiled_where_called();
    // A struct body taken field by field is made first, from the arguments its fields are.
    let make_body = by_field.as_ref().map(|b| {
        let init = &b.init;
        quote!(let body = #init;)
    });
    let pages = op
        .paging
        .as_ref()
        .map(|paging| pages_method(out, api, op, paging, error_ty));
    // An `async fn` on a resource handle takes the handle (it is `Copy`), so that its future
    // borrows the client only: `let events = client.chats().create_events(..);` then
    // `events.await` would otherwise keep a borrow of the temporary handle (E0716).
    let receiver = match op.resource {
        Some(_) => quote!(self),
        None => quote!(&self),
    };
    let stream = plain.stream_body.as_ref().zip(op.stream_method.as_ref()).map(|(body, stream)| {
        let stream = ident(stream);
        let doc = crate::emit::own_doc(&stream_doc(&format!("{owner}::{}", op.method_name)));
        quote! {
            #doc
            #deprecated
            pub async fn #stream(#receiver, #(#args),*) -> Result<Response<ByteStream>, #error_ty> {
                #make_body
                #body
            }
        }
    });
    let events = plain.events_body.as_ref().zip(op.events.as_ref()).map(|(body, events)| {
        let name = ident(events.method.as_deref().unwrap_or("send_events"));
        let target = format!("{owner}::{}", op.method_name);
        let doc = crate::emit::own_doc(&events_doc(&target, events));
        let item = out.ty(&events.item);
        quote! {
            #doc
            #deprecated
            pub async fn #name(#receiver, #(#args),*) -> Result<Response<EventStream<#item>>, #error_ty> {
                #make_body
                #body
            }
        }
    });
    // A resource handle's request borrows the client (`'a`), not the handle.
    let borrows = match op.resource {
        Some(_) => quote!('a),
        None => quote!('_),
    };
    let pending = pending(
        quote!(Pending),
        &borrows,
        &plain.ok_ty,
        plain.error.as_ref(),
    );
    quote! {
        #attrs
        #allow_deprecated
        #inline
        pub fn #name(&self, #(#args),*) -> #pending {
            #make_body
            #call_const
            #send.body()
        }

        #stream

        #events

        #pages
    }
}

/// The Rust type a payload decodes into; `None` for no body.
pub(super) fn payload_type(out: &Sink, payload: &Payload) -> Option<TokenStream> {
    match payload {
        Payload::None => None,
        Payload::Json(ty) => Some(out.ty(ty)),
        Payload::Text => Some(quote!(String)),
        Payload::Bytes | Payload::Form(_) | Payload::Multipart => Some(quote!(Vec<u8>)),
    }
}
