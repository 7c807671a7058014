//! The resource handles: `client.streams().clips()` is a `StreamsClips` borrowing the client,
//! with the methods of its operations and an accessor per sub-resource. Handles hold only
//! `&Client`, so making one costs nothing and they need no lifetimes at the call site. Each
//! first-level resource, with everything under it, compiles under its own cargo feature.

use super::{ident, quote, Api, BlockPart, Sink, Success, TokenStream};

/// Writes into `accessors` the accessors from the client to its first-level resources, and
/// into the section `first + i` the handle of resource `i` with its own accessors, opening
/// the block its operations' methods are then written into (the caller closes it).
pub(super) fn resources(out: &Sink, accessors: usize, first: usize, api: &Api) {
    let top: Vec<TokenStream> = children(api, None)
        .map(|i| accessor(api, i, quote!(self), quote!('_)))
        .collect();
    if !top.is_empty() {
        out.write(accessors, quote!(impl Client { #(#top)* }));
    }
    for (i, resource) in api.resources.iter().enumerate() {
        let ty = ident(&resource.type_name);
        let sub: Vec<TokenStream> = children(api, Some(i))
            .map(|child| accessor(api, child, quote!(self.client), quote!('a)))
            .collect();
        let cfg = api
            .resource_feature(i)
            .map(|f| quote!(#[cfg(feature = #f)]));
        let doc = crate::emit::own_doc(&handle_doc(api, i));
        let handle = quote! {
            #doc
            #cfg
            #[derive(Debug, Clone, Copy)]
            pub struct #ty<'a> {
                client: &'a Client,
            }

            #cfg
            impl<'a> #ty<'a> {
                #(#sub)*
            }
        };
        out.write_block_part(first + i, handle, BlockPart::Head);
    }
}

/// The resources directly under `parent` (under the client: `None`).
fn children(api: &Api, parent: Option<usize>) -> impl DoubleEndedIterator<Item = usize> + '_ {
    api.resources
        .iter()
        .enumerate()
        .filter(move |(_, r)| r.parent == parent)
        .map(|(i, _)| i)
}

/// The accessor of resource `child` on its parent's handle (or the client), which holds
/// `receiver` as the client.
fn accessor(api: &Api, child: usize, receiver: TokenStream, lifetime: TokenStream) -> TokenStream {
    let resource = &api.resources[child];
    let name = ident(&resource.accessor);
    let ty = ident(&resource.type_name);
    let doc = format!(" The `{}` operations.", resource.path.join("."));
    let cfg = resource
        .feature
        .as_ref()
        .map(|f| quote!(#[cfg(feature = #f)]));
    let inline = crate::emit::compiled_where_called();
    quote! {
        #[doc = #doc]
        #cfg
        #inline
        pub fn #name(&self) -> #ty<#lifetime> {
            #ty { client: #receiver }
        }
    }
}

/// The docs of resource `i`'s handle: how it is reached, and the types its methods bring, so
/// the handle's page leads to all of them.
fn handle_doc(api: &Api, i: usize) -> String {
    let resource = &api.resources[i];
    let mut doc = format!(
        " The `{}` operations, from [`Client`]: `client.{}`.",
        resource.path.join("."),
        resource
            .path
            .iter()
            .map(|a| format!("{a}()"))
            .collect::<Vec<_>>()
            .join(".")
    );
    let types: Vec<String> = api
        .operations
        .iter()
        .filter(|op| op.resource == Some(i))
        .flat_map(|op| {
            let response = match &op.success {
                Success::PerStatus { response_type, .. } => Some(response_type),
                _ => None,
            };
            [op.builder.as_ref(), response, op.error_type.as_ref()]
        })
        .flatten()
        .map(|t| format!("[`{t}`]"))
        .collect();
    if !types.is_empty() {
        doc.push_str(&format!(
            "\n\n Its requests, answers and errors: {}.",
            types.join(", ")
        ));
    }
    doc
}

/// The crate docs' list of resources, one line each, nested as they are reached:
/// ``- [`client.streams()`](client::Streams): 12 operations``.
pub(crate) fn resource_list(api: &Api) -> Vec<String> {
    // Depth first, each level in the order the resources were made (pushed in reverse, as
    // the stack pops the last first).
    let mut lines = Vec::new();
    let mut stack: Vec<(usize, usize)> = children(api, None).rev().map(|i| (i, 0)).collect();
    while let Some((i, depth)) = stack.pop() {
        let resource = &api.resources[i];
        let call: Vec<String> = resource.path.iter().map(|a| format!("{a}()")).collect();
        let count = api
            .operations
            .iter()
            .filter(|op| op.resource == Some(i))
            .count();
        let operations = match count {
            0 => String::new(),
            1 => ": 1 operation".to_string(),
            n => format!(": {n} operations"),
        };
        lines.push(format!(
            "{}- [`client.{}`](client::{}){operations}",
            "  ".repeat(depth),
            call.join("."),
            resource.type_name
        ));
        stack.extend(children(api, Some(i)).rev().map(|c| (c, depth + 1)));
    }
    lines
}
