//! The `pages()` streams of paged lists (`*_pages` for a method taking every value as an
//! argument): what the walk holds, where it starts, and how each rule finds the next page
//! (see `ir::PagingRule`); the runtime's `walk` drives them all.

use super::params::{is_copy, param_type, typed};
use super::{
    doc_attrs, ident, quote, Api, Operation, Paging, PagingRule, Param, Sink, TokenStream, TypeRef,
};

/// How a paged walk holds each value of the operation: the stream outlives the call, so it
/// owns copies (`owned`, once), lends them to each page's request (`copies` inside the
/// closure, then `lent`), and gives the paging parameter the walk's `state` (a page number,
/// an offset, a cursor).
#[derive(Default)]
struct Held {
    /// The plain `*_pages` method's arguments (every value but the page).
    args: Vec<TokenStream>,
    owned: Vec<TokenStream>,
    copies: Vec<TokenStream>,
    /// Per value, in order: its binding and what each page's request is given.
    lent: Vec<(proc_macro2::Ident, TokenStream)>,
}

fn held(out: &Sink, api: &Api, op: &Operation, paging: &crate::ir::Paging) -> Held {
    let mut held = Held::default();
    for p in &op.params {
        let arg = ident(p.binding());
        if Some(p.name.as_str()) == paging.param() {
            held.lent
                .push((arg, page_state(paging, p, quote!(state.as_deref()))));
            continue;
        }
        let ty = param_type(out, p);
        held.args.push(typed(&(arg.clone(), ty, p.required)));
        if is_copy(&p.ty) {
            // `Copy`: the closure captures it as it is.
            held.lent.push((arg.clone(), quote!(#arg)));
            continue;
        }
        // An alias of a number (`pub type AlertNumber = i64`), or an integer enum, is taken by
        // reference but is `Copy`: the stream keeps a copy (no `clone`) and lends it to each
        // call.
        if copy_type(api, &p.ty) {
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
            (true, TypeRef::Vec(_)) => (quote!(#arg.to_vec()), quote!(&#arg)),
            (false, TypeRef::Vec(_)) => (quote!(#arg.map(<[_]>::to_vec)), quote!(#arg.as_deref())),
            (true, _) => (quote!(#arg.clone()), quote!(&#arg)),
            (false, _) => (quote!(#arg.cloned()), quote!(#arg.as_ref())),
        };
        held.owned.push(quote!(let #arg = #own;));
        held.copies.push(quote!(let #arg = #arg.clone();));
        held.lent.push((arg, borrow));
    }
    held
}

/// Whether values of `ty` are `Copy`: numbers and booleans, aliases of them, and the integer
/// enums (`emit::models` derives `Copy` for those), which a clone would only copy (clippy's
/// `clone_on_copy`).
fn copy_type(api: &Api, ty: &TypeRef) -> bool {
    match crate::emit::unalias(api, ty) {
        TypeRef::Named(id) => matches!(
            api.types.get(id.index).map(|t| &t.kind),
            Some(crate::ir::TypeKind::IntEnum { .. })
        ),
        other => is_copy(other),
    }
}

/// What each page's request is given for the paging parameter: the walk's state (`cursor`: as
/// the request takes it), in `Some` when the parameter is optional.
fn page_state(paging: &crate::ir::Paging, p: &Param, cursor: TokenStream) -> TokenStream {
    match (&paging.rule, p.required) {
        (PagingRule::Cursor { .. } | PagingRule::AfterItem { .. }, _) => cursor,
        (_, true) => quote!(state),
        (_, false) => quote!(Some(state)),
    }
}

/// What a request builder's `pages` keeps of its values: they are owned already, so the
/// stream moves them in and each page's request gets a clone (a `Copy` value is copied).
fn builder_held(api: &Api, op: &Operation, paging: &crate::ir::Paging) -> Held {
    let mut held = Held::default();
    for p in &op.params {
        let arg = ident(p.binding());
        if Some(p.name.as_str()) == paging.param() {
            held.lent
                .push((arg, page_state(paging, p, quote!(state.clone()))));
            continue;
        }
        if !copy_type(api, &p.ty) {
            held.copies.push(quote!(let #arg = #arg.clone();));
        }
        held.lent.push((arg.clone(), quote!(#arg)));
    }
    held
}

/// The docs of a paged walk of `target`, saying which rule it follows and why.
fn pages_doc(paging: &Paging, target: &str) -> TokenStream {
    let rule = match &paging.rule {
        PagingRule::Page { .. } => "It requests page [`Paging::first_page`] (1 unless [`Client::with_paging`] says otherwise), then the next, until the end rule of [`Paging::end`] says stop (by default, after the first empty page).",
        PagingRule::Offset { .. } => "Each request skips the items already received (the offset advances by each page's length), until a page comes back empty.",
        PagingRule::Cursor { .. } => "Each request passes the cursor the previous response gave, until a response gives none, says there is no more, or holds no items.",
        PagingRule::AfterItem { .. } => "Each request passes the id of the last item the previous response gave, until a response says there is no more or holds no items.",
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
            let next = super::runtime::next_offset(state, items.len());
        },
        PagingRule::Cursor { next, has_more, .. } => {
            let next = match field(next) {
                (value, true) => value,
                (value, false) => quote!(Some(#value)),
            };
            let more = more(has_more.as_ref().map(field));
            // The next cursor is taken out of the body before the items are.
            quote! {
                let (cursor, more) = (#next, #more);
                let items = #items;
                let next = super::runtime::next_cursor(state.as_deref(), cursor, more, items.is_empty());
            }
        }
        PagingRule::AfterItem { id, has_more, .. } => {
            let more = more(has_more.as_ref().map(field));
            let id_field = ident(&id.name);
            let cursor = match id.optional {
                true => quote!(items.last().and_then(|item| item.#id_field.clone())),
                false => quote!(items.last().map(|item| item.#id_field.clone())),
            };
            quote! {
                let more = #more;
                let items = #items;
                let cursor = #cursor;
                let next = super::runtime::next_cursor(state.as_deref(), cursor, more, items.is_empty());
            }
        }
        PagingRule::NextLink { field: link } => {
            let link = match link.as_ref().map(field) {
                None => quote!(super::runtime::link_header_next(&response.headers)),
                Some((value, true)) => value,
                Some((value, false)) => quote!(Some(#value)),
            };
            quote! {
                let link = #link;
                let items = #items;
                let next = super::runtime::next_link(state.as_deref(), link, items.is_empty());
            }
        }
    }
}

/// Whether more pages follow, from the response's `has_more` field (held in an `Option` or
/// not): without one, the other end rules decide.
fn more(has_more: Option<(TokenStream, bool)>) -> TokenStream {
    match has_more {
        None => quote!(true),
        Some((value, true)) => quote!(#value.unwrap_or(true)),
        Some((value, false)) => value,
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
        PagingRule::Cursor { .. } | PagingRule::AfterItem { .. } | PagingRule::NextLink { .. } => {
            quote!(Option::<String>::None)
        }
    }
}

/// The `*_pages` method of a paged list taking every value as an argument: those arguments
/// without the paging parameter, returning a stream of items; the runtime's `walk` walks.
pub(super) fn pages_method(
    out: &Sink,
    api: &Api,
    op: &Operation,
    paging: &Paging,
    error_ty: &TokenStream,
) -> TokenStream {
    let name = ident(&op.method_name);
    let owner = api.owner(op);
    let inline = crate::emit::compiled_where_called();
    // The stream owns a clone of the client and calls the method through it.
    let (client, call_on) = match op.resource {
        Some(_) => {
            let handle = ident(owner);
            (quote!(self.client), quote!(#handle { client: &client }))
        }
        None => (quote!(self), quote!(client)),
    };
    let Some(pages) = &op.pages_method else {
        return TokenStream::new();
    };
    let pages = ident(pages);
    let item = out.ty(&paging.item);
    let Held {
        args,
        owned,
        copies,
        lent,
    } = held(out, api, op, paging);
    let call = lent.iter().map(|(_, value)| value);
    let doc = pages_doc(paging, &format!("{owner}::{}", op.method_name));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let allow_deprecated = op.deprecated.then(|| quote!(#[allow(deprecated)]));
    let first = first_state(paging);
    let tail = page_tail(paging);
    let paging_local = paging_local(paging);
    let call: Vec<&TokenStream> = call.collect();
    let (page_client, fetch) = page_fetch(
        paging,
        quote!(#call_on.#name(#(#call),*)),
        quote!(#call_on.#name(#(#call),*).with_response()),
    );
    let walk = walk(
        &paging_local,
        &first,
        &owned,
        &copies,
        &page_client,
        &fetch,
        &tail,
        error_ty,
    );
    quote! {
        #doc
        #deprecated
        #allow_deprecated
        #inline
        pub fn #pages(&self, #(#args),*) -> impl futures_util::Stream<Item = Result<#item, #error_ty>> + Send + 'static {
            let client = #client.clone();
            #walk
        }
    }
}

/// The walk itself, once the client is a local: where it starts, what it owns, and each page's
/// fetch (request, items, where the next page starts).
#[allow(clippy::too_many_arguments)]
fn walk(
    paging_local: &Option<TokenStream>,
    first: &TokenStream,
    owned: &[TokenStream],
    copies: &[TokenStream],
    page_client: &TokenStream,
    fetch: &TokenStream,
    tail: &TokenStream,
    error_ty: &TokenStream,
) -> TokenStream {
    quote! {
        #paging_local
        let first = #first;
        #(#owned)*
        super::runtime::walk(first, move |state| {
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

/// `pages` on a request builder: the values set so far, page after page, starting where the
/// request says (its page, offset or cursor) or else at the beginning.
pub(super) fn builder_pages(
    out: &Sink,
    api: &Api,
    op: &Operation,
    paging: &Paging,
    builder: &str,
    error_ty: &TokenStream,
) -> TokenStream {
    let ty = ident(builder);
    let item = out.ty(&paging.item);
    let Held {
        owned,
        copies,
        lent,
        ..
    } = builder_held(api, op, paging);
    let param = op
        .params
        .iter()
        .find(|p| Some(p.name.as_str()) == paging.param());
    let start = ident(param.map_or("page", |p| p.binding()));
    let required = param.is_some_and(|p| p.required);
    let first = first_state(paging);
    let first = match (&paging.rule, required) {
        (PagingRule::NextLink { .. }, _) => first,
        (PagingRule::Cursor { .. } | PagingRule::AfterItem { .. }, _) => quote!(#start),
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
        quote!(#ty { client: &client, #(#fields),* }.with_response()),
    );
    let walk = walk(
        &paging_local,
        &first,
        &owned,
        &copies,
        &page_client,
        &fetch,
        &tail,
        error_ty,
    );
    let inline = crate::emit::compiled_where_called();
    quote! {
        #doc
        #inline
        pub fn pages(self) -> impl futures_util::Stream<Item = Result<#item, #error_ty>> + Send + 'static {
            let #ty { client, #(#unpacked),* } = self;
            let client = client.clone();
            #walk
        }
    }
}
