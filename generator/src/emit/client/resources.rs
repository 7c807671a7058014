//! The resource handles: `client.streams().clips()` is a `StreamsClips` borrowing the client,
//! with the methods of its operations and an accessor per sub-resource. Handles hold only
//! `&Client`, so making one costs nothing and they need no lifetimes at the call site. Each
//! first-level resource, with everything under it, compiles under its own cargo feature.

use super::*;

/// Writes into `section` the accessors from the client to its first-level resources, then
/// every resource's handle with its accessors and its operations' `methods` (by resource
/// index), each printed as soon as it is made.
pub(super) fn resources(
    out: &Sink,
    section: usize,
    api: &Api,
    methods: impl Iterator<Item = Vec<TokenStream>>,
) {
    let accessor = |child: usize, receiver: TokenStream, lifetime: TokenStream| {
        let resource = &api.resources[child];
        let name = ident(&resource.accessor);
        let ty = ident(&resource.type_name);
        let doc = format!(" The `{}` operations.", resource.path.join("."));
        let cfg = resource
            .feature
            .as_ref()
            .map(|f| quote!(#[cfg(feature = #f)]));
        quote! {
            #[doc = #doc]
            #cfg
            pub fn #name(&self) -> #ty<#lifetime> {
                #ty { client: #receiver }
            }
        }
    };
    let children = |parent: Option<usize>| {
        api.resources
            .iter()
            .enumerate()
            .filter(move |(_, r)| r.parent == parent)
            .map(|(i, _)| i)
    };
    let top: Vec<TokenStream> = children(None)
        .map(|i| accessor(i, quote!(self), quote!('_)))
        .collect();
    if !top.is_empty() {
        out.write(section, quote!(impl Client { #(#top)* }));
    }
    for ((i, resource), own) in api.resources.iter().enumerate().zip(methods) {
        let ty = ident(&resource.type_name);
        let sub: Vec<TokenStream> = children(Some(i))
            .map(|child| accessor(child, quote!(self.client), quote!('a)))
            .collect();
        let doc = format!(
            " The `{}` operations, from [`Client`]: `client.{}`.",
            resource.path.join("."),
            resource
                .path
                .iter()
                .map(|a| format!("{a}()"))
                .collect::<Vec<_>>()
                .join(".")
        );
        let cfg = api
            .resource_feature(i)
            .map(|f| quote!(#[cfg(feature = #f)]));
        let handle = quote! {
            #[doc = #doc]
            #cfg
            #[derive(Debug, Clone, Copy)]
            pub struct #ty<'a> {
                client: &'a Client,
            }

            #cfg
            impl<'a> #ty<'a> {
                #(#sub)*
                #(#own)*
            }
        };
        out.write(section, handle);
    }
}
