//! The `Webhook` enum: a variant per webhook or callback the API sends, holding its payload,
//! and `parse`, which decodes an incoming request's body by the hook's name.

use super::super::{doc_attrs, own_doc, paragraphs};
use super::Sink;
use crate::ir::Webhooks;
use crate::naming::ident;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The enum and its `parse` and `name`.
pub(super) fn webhook_enum(out: &Sink, webhooks: &Webhooks) -> TokenStream {
    let ty = ident(&webhooks.type_name);
    let variants = webhooks.hooks.iter().map(|hook| {
        let variant = ident(&hook.variant);
        let payload = out.ty(&hook.payload);
        let name = super::super::code_span_text(&hook.name);
        let heading = match &hook.callback_of {
            Some(operation) => format!(
                "`{name}` ({}): a callback of `{}`.",
                hook.method,
                super::super::code_span_text(operation)
            ),
            None => format!("`{name}` ({}).", hook.method),
        };
        let doc = doc_attrs(&paragraphs([Some(heading.as_str()), hook.doc.as_deref()]));
        quote!(#doc #variant(#payload))
    });
    let parse_arms = webhooks.hooks.iter().map(|hook| {
        let variant = ident(&hook.variant);
        let name = Literal::string(&hook.name);
        quote!(#name => Some(serde_json::from_slice(body).map(#ty::#variant)))
    });
    let name_arms = webhooks.hooks.iter().map(|hook| {
        let variant = ident(&hook.variant);
        let name = Literal::string(&hook.name);
        quote!(#ty::#variant(_) => #name)
    });
    let names = webhooks
        .hooks
        .iter()
        .map(|hook| Literal::string(&hook.name));
    let doc = own_doc(
        " A webhook the API sends: a request its servers make to yours, decoded ([`Self::parse`]):\n the spec's `webhooks`, and the `callbacks` its operations declare.\n\n Each variant holds the payload the spec declares. A webhook the spec adds later is a new\n variant, so a `match` on this enum needs a `_` arm.",
    );
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #ty {
            #(#variants),*
        }

        impl #ty {
            /// The webhooks' names, as the spec writes them.
            pub const NAMES: &'static [&'static str] = &[#(#names),*];

            /// Decodes the body of a webhook request by the webhook's name (as the spec writes
            /// it: see [`Self::NAMES`]); `None` for a name the spec does not declare.
            pub fn parse(name: &str, body: &[u8]) -> Option<Result<Self, serde_json::Error>> {
                match name {
                    #(#parse_arms,)*
                    _ => None,
                }
            }

            /// The webhook's name, as the spec writes it.
            pub fn name(&self) -> &'static str {
                match self {
                    #(#name_arms,)*
                }
            }
        }
    }
}
