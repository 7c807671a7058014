//! Emits `client.rs`: the `Client`, its resource handles (`client.streams().clips()`), one
//! method per operation (a plain function returning the runtime's `Pending` future, with
//! `*_with_response`; or a request builder when anything is optional; `pages()` for paged
//! lists), and the per-operation builder, response and error types.
//!
//! What depends on no API at all (retries, timeouts, options, tracing, paging, `Error`) is the
//! verbatim runtime module (`generator/runtime/runtime.rs`). What depends on the API but on no
//! operation (the base URL, authentication, `from_env`) is written once here as `Client`'s
//! constructors and private helpers. Each method is then a short, readable sequence: build the
//! URL, add parameters and body, hand the request to the runtime, match the status.
//!
//! Split by concern: `scaffold` (the `Client` and its helpers), `auth` (credentials: schemes,
//! setters, constructors, `from_env`), `method` (an operation's methods), `params` (parameter
//! encoding), `resources` (the resource handles and their accessors), `builder` (request
//! builders), `paging` (the `pages()` streams), `docs` (method docs and examples), `types`
//! (per-operation enums).

use super::sink::{BlockPart, Helper, Need, Printed, Sink};
use super::{api_name, doc_attrs, paragraphs};
use crate::ir::{
    Api, ErrorCase, Operation, Paging, PagingRule, Param, ParamLocation, PathPart, Payload,
    QueryStyle, Status, Success, TypeRef,
};
use crate::naming::{self, ident};
use crate::settings::Settings;
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::collections::BTreeMap;

pub(crate) mod auth;
mod body;
mod builder;
mod docs;
mod method;
mod paging;
mod params;
mod resources;
mod scaffold;
mod status;
mod types;

pub(crate) use docs::first_call;
use method::method;
pub(crate) use resources::resource_list;
use scaffold::client_type;
use types::{error_enum, header_users, headers_struct, response_enum};

/// The sections of `client.rs`, in file order: these, then one per resource (its handle and
/// methods), then the builders, the response enums and the error enums.
const HEAD: usize = 0;
const SCAFFOLD: usize = 1;
/// `impl Client` with the methods of the operations in no resource.
const OWN_METHODS: usize = 2;
/// `impl Client` with the accessors of the first-level resources.
const ACCESSORS: usize = 3;
const FIRST_RESOURCE: usize = 4;

/// The `client` module, under `header`, and what it used.
pub fn client(
    settings: &Settings,
    api: &Api,
    header: &str,
) -> Result<Printed, crate::error::Error> {
    let builders = FIRST_RESOURCE + api.resources.len();
    let (responses, errors) = (builders + 1, builders + 2);
    let out = Sink::new("src/client.rs", errors + 1, quote!(super::models::));
    if api.operations.is_empty() {
        // A webhooks-only or models-only document: a client without methods would be noise.
        out.write(
            HEAD,
            quote! {
                //! This API declares no operations (only models, or webhooks the server sends), so
                //! there is no client; the data types are in [`super::models`].
            },
        );
        return out.finish(header);
    }
    out.write(HEAD, head(api));
    // The crate's name in code, for the doc examples; none when the client is modules of
    // another crate (a build script's), whose name the examples could not know.
    let krate = match settings.embedded {
        true => String::new(),
        false => settings.crate_name.replace('-', "_"),
    };
    methods(&out, api, &krate, builders);
    // Per-operation types compile with their resource's cargo feature.
    let users = header_users(api);
    for op in &api.operations {
        let cfg = api.feature(op).map(|f| quote!(#[cfg(feature = #f)]));
        if let Some(item) = response_enum(&out, api, op) {
            out.write(responses, quote!(#cfg #item));
        }
        if let Some(item) = headers_struct(&out, api, op, &users) {
            out.write(responses, item);
        }
        if let Some(item) = error_enum(&out, api, op) {
            out.write(errors, quote!(#cfg #item));
        }
    }
    // Written last, printed first: the helpers only some APIs need are emitted only when a
    // method called them (no dead code), as the sink recorded.
    client_type(settings, api, &out, SCAFFOLD);
    out.finish(header)
}

/// The file's head: its docs and the lints it allows, and why.
fn head(api: &Api) -> TokenStream {
    // Without every resource, the helpers and imports only some of them use are unused.
    let partial = api
        .resources
        .iter()
        .any(|r| r.feature.is_some())
        .then(|| quote!(#![cfg_attr(not(feature = "full"), allow(dead_code, unused_imports))]));
    quote! {
        //! The HTTP client: [`Client`], its resources, and a method per API operation.
        // Why each lint is allowed: spec prose is Markdown written for a web page, not for
        // rustdoc's lints; operations take their parameters positionally, as the spec lists
        // them; error enums hold decoded bodies, and boxing them would only add noise; a
        // method's `Pending<..>` names the body type the spec gives, however nested; a
        // request's setters are named after the fields they set (`add`, `not`), and its
        // arguments after the parameters they fill (a query parameter `1.8.0` is `_1_8_0`).
        #![allow(
            clippy::doc_lazy_continuation,
            clippy::doc_overindented_list_items,
            clippy::tabs_in_doc_comments,
            clippy::too_many_arguments,
            clippy::large_enum_variant,
            clippy::result_large_err,
            clippy::type_complexity,
            clippy::should_implement_trait,
            clippy::just_underscores_and_digits
        )]
        #partial
    }
}

/// Each operation's methods, printed into the block of its resource (or the client's own), and
/// its request builder, if it has one, into the `builders` section.
fn methods(out: &Sink, api: &Api, krate: &str, builders: usize) {
    // The blocks that hold methods are opened first, so that each operation's methods are
    // printed into theirs as they are made (on the client or on its resource's handle); its
    // request builder, if it has one, goes to the builders' section.
    let own = api.operations.iter().any(|op| op.resource.is_none());
    if own {
        out.write_block_part(OWN_METHODS, quote!(impl Client {}), BlockPart::Head);
    }
    resources::resources(out, ACCESSORS, FIRST_RESOURCE, api);
    for op in &api.operations {
        let (method, builder) = method(out, api, op, krate);
        let (section, block) = match op.resource {
            None => (OWN_METHODS, quote!(impl Client { #method })),
            Some(r) => {
                let ty = ident(&api.resources[r].type_name);
                (FIRST_RESOURCE + r, quote!(impl<'a> #ty<'a> { #method }))
            }
        };
        out.write_block_part(section, block, BlockPart::Items);
        if let Some(builder) = builder {
            out.write(builders, builder);
        }
    }
    if own {
        out.close_block(OWN_METHODS);
    }
    for r in 0..api.resources.len() {
        out.close_block(FIRST_RESOURCE + r);
    }
}

/// What a method returns: `Pending<'a, T, E>` (awaited for `Result<T, Error<E>>`) or
/// `PendingResponse<'a, T, E>` (for `Result<Response<T>, Error<E>>`), `E` left out, as in
/// `Error<E>`, when the operation declares no error responses.
pub(super) fn pending(
    pending: TokenStream,
    borrows: &TokenStream,
    ok: &TokenStream,
    error: Option<&proc_macro2::Ident>,
) -> TokenStream {
    match error {
        Some(e) => quote!(#pending<#borrows, #ok, #e>),
        None => quote!(#pending<#borrows, #ok>),
    }
}
