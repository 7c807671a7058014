//! The resource handles: `client.streams().clips()` is a `StreamsClips` borrowing the client,
//! with the methods of its operations and an accessor per sub-resource. Handles hold only
//! `&Client`, so making one costs nothing and they need no lifetimes at the call site. Each
//! first-level resource, with everything under it, compiles under its own cargo feature.

use super::*;

/// The accessors from the client to its first-level resources, and every resource's handle
/// with its accessors and its operations' `methods` (by resource index).
pub(super) fn resources(api: &Api, methods: &[Vec<TokenStream>]) -> TokenStream {
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
    let handles = api.resources.iter().enumerate().map(|(i, resource)| {
        let ty = ident(&resource.type_name);
        let sub: Vec<TokenStream> = children(Some(i))
            .map(|child| accessor(child, quote!(self.client), quote!('a)))
            .collect();
        let own = &methods[i];
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
        quote! {
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
        }
    });
    let top = (!top.is_empty()).then(|| {
        quote! {
            impl Client {
                #(#top)*
            }
        }
    });
    quote! {
        #top
        #(#handles)*
    }
}
