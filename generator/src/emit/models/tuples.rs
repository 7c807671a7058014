//! A tuple (3.1's `prefixItems`): a tuple struct with public items, its serde impls written
//! out as a JSON array of the items in order.

use super::{ident, quote, Sink, TokenStream};
use crate::ir::TupleItem;
use proc_macro2::{Ident, Literal};

/// The struct and its impls. `more`: the schema allows items after these (read and not
/// kept); otherwise an array with more items is an error, as one with fewer always is.
pub(super) fn tuple(
    out: &Sink,
    name: &Ident,
    docs: &TokenStream,
    items: &[TupleItem],
    more: bool,
    gates: (&TokenStream, &TokenStream),
) -> TokenStream {
    let (serialize_gate, deserialize_gate) = gates;
    let types: Vec<TokenStream> = items
        .iter()
        .map(|item| {
            let mut ty = out.ty(&item.ty);
            if item.boxed {
                ty = quote!(Box<#ty>);
            }
            match item.nullable {
                true => quote!(Option<#ty>),
                false => ty,
            }
        })
        .collect();
    let count = Literal::usize_unsuffixed(items.len());
    let rest_doc = match more {
        true => " Items after these, which the schema allows, are read and not kept.",
        false => " An array with more items than these is an error, as one with fewer is.",
    };
    let indexes = (0..items.len()).map(syn::Index::from);
    let decode = decode(name, items.len(), more);
    quote! {
        #docs
        ///
        #[doc = #rest_doc]
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name(#(pub #types),*);

        #serialize_gate
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeTuple;
                let mut tuple = serializer.serialize_tuple(#count)?;
                #(tuple.serialize_element(&self.#indexes)?;)*
                tuple.end()
            }
        }

        #deserialize_gate
        #decode
    }
}

/// The tuple's `Deserialize`: its `count` items in order, then (`more`) any others read past,
/// or an error if there are any.
fn decode(name: &Ident, count: usize, more: bool) -> TokenStream {
    let locals: Vec<Ident> = (0..count).map(|i| ident(&format!("item{i}"))).collect();
    let positions = (0..count).map(Literal::usize_unsuffixed);
    let expecting = format!("an array of {count} items");
    let beyond = Literal::usize_unsuffixed(count + 1);
    let rest = match more {
        // Allowed, and not part of the type: read past them.
        true => quote! {
            while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        },
        false => quote! {
            if seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
                return Err(serde::de::Error::invalid_length(#beyond, &self));
            }
        },
    };
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Items;

                impl<'de> serde::de::Visitor<'de> for Items {
                    type Value = #name;

                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str(#expecting)
                    }

                    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<#name, A::Error> {
                        #(
                            let Some(#locals) = seq.next_element()? else {
                                return Err(serde::de::Error::invalid_length(#positions, &self));
                            };
                        )*
                        #rest
                        Ok(#name(#(#locals),*))
                    }
                }

                deserializer.deserialize_seq(Items)
            }
        }
    }
}
