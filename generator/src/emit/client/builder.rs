//! The request builder of an operation that takes something optional: the method takes the
//! required values and returns the builder, which holds the rest until a setter gives them and
//! sends when awaited (`IntoFuture`), or through `with_response`, `send_stream`, `pages`.

use super::docs::{events_doc, stream_doc};
use super::paging::builder_pages;
use super::params::{lend, taken, typed, Value};
use super::{
    doc_attrs, ident, paragraphs, pending, quote, Api, Operation, Payload, Sink, TokenStream,
};

/// What a request builder's sending methods run, made by [`method`].
pub(super) struct Bodies {
    /// The constructor's docs, alias and deprecation.
    pub attrs: TokenStream,
    pub ok_ty: TokenStream,
    pub error_ty: TokenStream,
    /// The operation's error enum, if it declares error responses.
    pub error: Option<proc_macro2::Ident>,
    pub with_response: TokenStream,
    /// The body's arguments, first value and setters, for a struct body taken field by field.
    pub by_field: Option<super::body::ByField>,
    pub stream: Option<TokenStream>,
    /// The body of `send_events`, when a success may be a sequence of events.
    pub events: Option<TokenStream>,
}

/// An operation that takes something optional: the method takes the required values and
/// returns its request builder, which has a setter per optional value and sends when awaited
/// (`IntoFuture`), or through `with_response`, `send_stream` or `pages`.
pub(super) fn builder_methods(
    out: &Sink,
    api: &Api,
    op: &Operation,
    builder: &str,
    values: &[Value],
    bodies: Bodies,
) -> (TokenStream, Option<TokenStream>) {
    let Bodies {
        attrs,
        ok_ty,
        error_ty,
        error,
        with_response,
        by_field,
        stream,
        events,
    } = bodies;
    let pending_response = pending(quote!(PendingResponse), &quote!('a), &ok_ty, error.as_ref());
    let pending = pending(quote!(Pending), &quote!('a), &ok_ty, error.as_ref());
    let ty = ident(builder);
    let (args, fields_init) = constructor(out, op, values, by_field.as_ref());
    let Held {
        fields,
        fields_init,
        unpack,
    } = held(op, values, by_field.as_ref(), fields_init, &ty);
    let setters = param_setters(out, op);
    let body_setter = body_setter(op, values, by_field.as_ref());
    let body_setters = by_field.iter().flat_map(|b| b.setters.iter());
    let streamed = Streamed {
        ty: &ty,
        unpack: &unpack,
        error_ty: &error_ty,
    };
    let stream = stream.map(|body| streamed.send_stream(body));
    let events = events
        .zip(op.events.as_ref())
        .map(|(body, events)| streamed.send_events(out, op, body, events));
    let pages = op
        .paging
        .as_ref()
        .map(|paging| builder_pages(out, api, op, paging, builder, &error_ty));
    let send_doc = format!(" Sends the request (what `.await` on [`{builder}`] does).");
    let inline = crate::emit::compiled_where_called();
    let constructor = builder_constructor(attrs, op, &ty, &args, &fields_init);
    let methods = quote! {
        #(#setters)*
        #(#body_setters)*
        #body_setter

        #[doc = #send_doc]
        #inline
        pub fn send(self) -> #pending {
            self.with_response().body()
        }

        /// Sends the request; the answer keeps the response's status and headers.
        #inline
        pub fn with_response(self) -> #pending_response {
            #unpack
            #with_response
        }

        #stream

        #events

        #pages
    };
    let items = builder_items(
        api,
        op,
        builder,
        &fields,
        methods,
        [&ok_ty, &error_ty, &pending],
    );
    (constructor, Some(items))
}

/// The method that starts the request: it takes `args` and holds them in `fields_init`.
fn builder_constructor(
    attrs: TokenStream,
    op: &Operation,
    ty: &proc_macro2::Ident,
    args: &[TokenStream],
    fields_init: &[TokenStream],
) -> TokenStream {
    let name = ident(&op.method_name);
    let (receiver, client) = match op.resource {
        Some(_) => (quote!(&self), quote!(self.client)),
        None => (quote!(&'a self), quote!(self)),
    };
    let generics = op.resource.is_none().then(|| quote!(<'a>));
    quote! {
        #attrs
        pub fn #name #generics(#receiver, #(#args),*) -> #ty<'a> {
            #ty { client: #client, #(#fields_init),* }
        }
    }
}

/// The request builder `builder` of `op`: its type holding `fields`, its `methods`, and its
/// `IntoFuture` (giving `ok_ty` or `error_ty` through `pending`).
fn builder_items(
    api: &Api,
    op: &Operation,
    builder: &str,
    fields: &[TokenStream],
    methods: TokenStream,
    [ok_ty, error_ty, pending]: [&TokenStream; 3],
) -> TokenStream {
    let ty = ident(builder);
    let method_path = format!("{}::{}", api.owner(op), op.method_name);
    let struct_doc = crate::emit::own_doc(&format!(
        " A request of [`{method_path}`]: set what it should send, then `.await` it (or call\n [`{builder}::with_response`] for the status and headers too)."
    ));
    // Compiled with its resource's cargo feature.
    let cfg = api.feature(op).map(|f| quote!(#[cfg(feature = #f)]));
    let inline = crate::emit::compiled_where_called();
    quote! {
        #struct_doc
        #cfg
        #[derive(Debug)]
        #[must_use = "a request is sent only when awaited"]
        pub struct #ty<'a> {
            client: &'a Client,
            #(#fields),*
        }

        #cfg
        impl<'a> #ty<'a> {
            #methods
        }

        #cfg
        impl<'a> std::future::IntoFuture for #ty<'a> {
            type Output = Result<#ok_ty, #error_ty>;
            type IntoFuture = #pending;

            #inline
            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    }
}

/// A request's fields, how its constructor starts them, and how a send unpacks them.
struct Held {
    fields: Vec<TokenStream>,
    fields_init: Vec<TokenStream>,
    unpack: TokenStream,
}

/// The request's fields: its values, and the list of fields to send as `null` when the body
/// has nullable ones. A send unpacks them and lends each as a plain method takes it, so both
/// send with the same code.
fn held(
    op: &Operation,
    values: &[Value],
    by_field: Option<&super::body::ByField>,
    fields_init: Vec<TokenStream>,
    ty: &proc_macro2::Ident,
) -> Held {
    let null_list = by_field.and_then(|b| b.null_list.as_ref());
    let fields = values
        .iter()
        .map(typed)
        .chain(null_list.map(|list| quote!(#list: Vec<&'static str>)))
        .collect();
    let fields_init = fields_init
        .into_iter()
        .chain(null_list.map(|list| quote!(#list: Vec::new())))
        .collect();
    let bindings: Vec<&proc_macro2::Ident> = values
        .iter()
        .map(|(arg, _, _)| arg)
        .chain(null_list)
        .collect();
    let lent = op.params.iter().filter_map(lend);
    let unpack = quote!(let #ty { client, #(#bindings),* } = self; #(#lent)*);
    Held {
        fields,
        fields_init,
        unpack,
    }
}

/// What a request's streamed sends (`send_stream`, `send_events`) are made of: the request
/// type, how it unpacks its values, and the error type.
struct Streamed<'s> {
    ty: &'s proc_macro2::Ident,
    unpack: &'s TokenStream,
    error_ty: &'s TokenStream,
}

impl Streamed<'_> {
    /// `send_stream`: the binary answer read as it arrives.
    fn send_stream(&self, body: TokenStream) -> TokenStream {
        let Streamed {
            ty,
            unpack,
            error_ty,
        } = self;
        let doc = crate::emit::own_doc(&stream_doc(&format!("{ty}::send")));
        quote! {
            #doc
            pub async fn send_stream(self) -> Result<Response<ByteStream>, #error_ty> {
                #unpack
                #body
            }
        }
    }

    /// `send_events`: the events read as they arrive; the body's field asking for a stream is
    /// set first, unless the caller set it.
    fn send_events(
        &self,
        out: &Sink,
        op: &Operation,
        body: TokenStream,
        events: &crate::ir::Events,
    ) -> TokenStream {
        let Streamed {
            ty,
            unpack,
            error_ty,
        } = self;
        let doc = crate::emit::own_doc(&events_doc(&format!("{ty}::send"), events));
        let item = out.ty(&events.item);
        // An optional body is held as an `Option`: it is made (as its setters make it) to
        // carry the field.
        let optional_body = !op.body.as_ref().is_some_and(|b| b.required);
        let switch = events.switch.as_ref().map(|field| {
            let field = ident(field);
            match optional_body {
                false => quote! {
                    if self.body.#field.is_none() {
                        self.body.#field = Some(true);
                    }
                },
                true => quote! {
                    let body = self.body.get_or_insert_with(Default::default);
                    if body.#field.is_none() {
                        body.#field = Some(true);
                    }
                },
            }
        });
        let receiver = match switch {
            Some(_) => quote!(mut self),
            None => quote!(self),
        };
        quote! {
            #doc
            pub async fn send_events(#receiver) -> Result<Response<EventStream<#item>>, #error_ty> {
                #switch
                #unpack
                #body
            }
        }
    }
}

/// The constructor's arguments (the required values; a body taken field by field is its
/// fields' arguments) and how each field of the request starts.
fn constructor(
    out: &Sink,
    op: &Operation,
    values: &[Value],
    by_field: Option<&super::body::ByField>,
) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let in_args = match by_field {
        Some(_) => &values[..op.params.len()],
        None => values,
    };
    let required = in_args.iter().filter(|(_, _, required)| *required);
    let streamed = streamed(op);
    // A parameter is taken as `impl Into<String>`, `impl IntoIterator` or by value, and held
    // as what that makes (`taken`); the body as its type.
    let param = |arg: &proc_macro2::Ident| op.params.iter().find(|p| *arg == p.binding());
    let args = required
        .map(|value| match (value, param(&value.0)) {
            ((arg, _, _), _) if streamed && *arg == "body" => {
                quote!(#arg: impl Into<reqwest::Body>)
            }
            ((arg, _, _), Some(p)) => {
                let (ty, _) = taken(out, p, arg);
                quote!(#arg: #ty)
            }
            (value, None) => typed(value),
        })
        .chain(by_field.iter().flat_map(|b| b.args.iter().cloned()))
        .collect();
    let fields_init = values
        .iter()
        .map(|(arg, _, required)| match required {
            _ if *arg == "body" && by_field.is_some() => {
                let init = by_field.map(|b| &b.init);
                quote!(#arg: #init)
            }
            true if streamed && *arg == "body" => quote!(#arg: #arg.into()),
            true => match param(arg).map(|p| taken(out, p, arg).1) {
                Some(value) if *arg != value.to_string() => quote!(#arg: #value),
                _ => quote!(#arg),
            },
            false => quote!(#arg: None),
        })
        .collect();
    (args, fields_init)
}

/// A builder holds a binary body as `reqwest::Body`, and takes anything that converts.
fn streamed(op: &Operation) -> bool {
    op.body
        .as_ref()
        .is_some_and(|b| matches!(b.payload, Payload::Bytes | Payload::None))
}

/// A setter per optional parameter, named as the parameter.
fn param_setters(out: &Sink, op: &Operation) -> Vec<TokenStream> {
    op.params
        .iter()
        .filter(|p| !p.required)
        .map(|p| {
            let setter = ident(&p.name);
            let field = ident(p.binding());
            let (inner, value) = taken(out, p, &field);
            let doc = doc_attrs(&paragraphs([
                p.doc.as_deref(),
                Some(&format!("Sent as {} `{}`.", p.location.word(), p.wire_name)),
            ]));
            let inline = crate::emit::compiled_where_called();
            quote! {
                #doc
                #inline
                pub fn #setter(mut self, #field: #inner) -> Self {
                    self.#field = Some(#value);
                    self
                }
            }
        })
        .collect()
}

/// `body(..)`, the whole body: for an optional one, or in place of the one made field by field
/// (for a body built apart).
fn body_setter(
    op: &Operation,
    values: &[Value],
    by_field: Option<&super::body::ByField>,
) -> Option<TokenStream> {
    let b = op
        .body
        .as_ref()
        .filter(|b| !b.required || by_field.is_some())?;
    let (_, ty, _) = values.last().expect("the body is the last value");
    let (ty, value) = match streamed(op) {
        true => (quote!(impl Into<reqwest::Body>), quote!(body.into())),
        false => (ty.clone(), quote!(body)),
    };
    let (doc, value) = match (b.required, by_field.is_some()) {
        (true, _) => (
            " Sends `body` instead of the one made from the arguments and setters.",
            value,
        ),
        (false, true) => (
            " Sends `body` instead of the one the setters make (none is sent unless one of\n them or this is called).",
            quote!(Some(#value)),
        ),
        (false, false) => (
            " The request body (none is sent unless this is called).",
            quote!(Some(#value)),
        ),
    };
    Some(quote! {
        #[doc = #doc]
        pub fn body(mut self, body: #ty) -> Self {
            self.body = #value;
            self
        }
    })
}
