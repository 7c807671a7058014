//! String and integer enums and `oneOf`/`anyOf` unions, each with its serde impls written out.

use super::{doc_attrs, ident, quote, Gates, IntVariant, Sink, TokenStream, UnionVariant, Variant};
use crate::emit::sink::{Decoder, Need};

/// A string enum. Its serde impls are written out, as for integer enums: serde's derive for an
/// enum with an untagged catch-all buffers every value and tries each variant in turn, which is
/// slow to compile (a third of a large crate's `cargo check`) and to run; this matches the
/// string where it lies in the input (`de::string_enum`), copying only an unknown value, which
/// decodes into `Unknown`.
pub(super) fn string_enum(
    out: &Sink,
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    variants: &[Variant],
    gates: &Gates,
) -> TokenStream {
    let Gates {
        serialize,
        deserialize,
    } = gates;
    let names: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<&str> = variants.iter().map(|v| v.value.as_str()).collect();
    let each = variants.iter().map(variant);
    let inline = crate::emit::compiled_where_called();
    match deserialize.is_empty() {
        true => out.need(Need::Decoder(Decoder::StringEnum)),
        false => out.need(Need::GatedDecoder(Decoder::StringEnum)),
    }
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#each)*
            /// A value this client does not know: kept, so that values the API adds later
            /// still decode.
            Unknown(String),
        }

        impl #name {
            /// The value on the wire.
            #inline
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#names => #values,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        #serialize
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #deserialize
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                de::string_enum(
                    deserializer,
                    |value| match value {
                        #(#values => Some(Self::#names),)*
                        _ => None,
                    },
                    Self::Unknown,
                )
            }
        }
    }
}

/// An integer enum: serde cannot derive a numeric representation, so the impls are written
/// out; unknown values decode into `Unknown`, as for string enums.
pub(super) fn int_enum(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    variants: &[IntVariant],
    gates: &Gates,
) -> TokenStream {
    let Gates {
        serialize,
        deserialize,
    } = gates;
    let names: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<_> = variants
        .iter()
        .map(|v| proc_macro2::Literal::i64_unsuffixed(v.value))
        .collect();
    let inline = crate::emit::compiled_where_called();
    let docs_each = variants.iter().map(|v| {
        let value = format!(" `{}`", v.value);
        let more = v.doc.as_deref().map(|d| {
            let lines = doc_attrs(d);
            quote!(#[doc = ""] #lines)
        });
        quote!(#[doc = #value] #more)
    });
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#docs_each #names,)*
            /// A value this client does not know: kept, so that values the API adds later
            /// still decode.
            Unknown(i64),
        }

        impl #name {
            /// The value on the wire.
            #inline
            pub fn value(self) -> i64 {
                match self {
                    #(Self::#names => #values,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        #serialize
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        #deserialize
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Ok(match <i64 as serde::Deserialize>::deserialize(deserializer)? {
                    #(#values => Self::#names,)*
                    other => Self::Unknown(other),
                })
            }
        }
    }
}

/// A `oneOf`/`anyOf` enum. Serialising writes the variant's value as it is (it carries its own
/// discriminator property). Decoding picks the variant by the discriminator when there is one
/// (keeping the property in the value, which the variant's type usually requires) and falls
/// back to `Unknown` for values this client does not know; otherwise serde tries each variant
/// in order.
#[allow(clippy::too_many_arguments)]
pub(super) fn union(
    out: &Sink,
    api: &crate::ir::Api,
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    discriminator: Option<&str>,
    variants: &[UnionVariant],
    gates: &Gates,
) -> TokenStream {
    let deserialize = &gates.deserialize;
    // Encoding is serde's `untagged` derive (each variant's value as it is).
    let (serialize, attrs) = gates.derives(false, quote!(untagged));
    let arms = union_arms(out, discriminator, variants);
    let Some(property) = discriminator else {
        // By the kind of value where each kind has its member, else each member in order.
        let decode = match super::kinds::dispatch(api, name, variants) {
            Some(decode) => {
                match deserialize.is_empty() {
                    true => out.need(Need::Decoder(Decoder::Kinds)),
                    false => out.need(Need::GatedDecoder(Decoder::Kinds)),
                }
                decode
            }
            None => in_order(name, variants),
        };
        return quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, #(#serialize),*)]
            #attrs
            #[non_exhaustive]
            pub enum #name {
                #(#arms)*
            }

            #deserialize
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    #decode
                }
            }
        };
    };
    let unknown_doc = match variants.iter().any(UnionVariant::decodes_by_default) {
        true => format!(" Never decoded (the default variant takes any other `{property}`): a value built by hand, sent as it is."),
        false => format!(" A `{property}` this client does not know: the value as received."),
    };
    let decode = super::tagged::decode(out, name, property, variants, deserialize);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #(#serialize),*)]
        #attrs
        #[non_exhaustive]
        pub enum #name {
            #(#arms)*
            #[doc = #unknown_doc]
            Unknown(serde_json::Value),
        }

        #decode
    }
}

/// A union's variants, each documented with the discriminator values that choose it.
fn union_arms(
    out: &Sink,
    discriminator: Option<&str>,
    variants: &[UnionVariant],
) -> Vec<TokenStream> {
    variants
        .iter()
        .map(|v| {
            let variant = ident(&v.name);
            let ty = out.ty(&v.ty);
            let ty = if v.boxed { quote!(Box<#ty>) } else { ty };
            let doc = match discriminator {
                Some(property) => format!(
                    " `{property}` is {}{}.",
                    v.tags
                        .iter()
                        .map(|t| format!("`{t}`"))
                        .collect::<Vec<_>>()
                        .join(" or "),
                    match v.decodes_by_default() {
                        true => ", absent, or a value no other variant takes (the default)",
                        false => "",
                    }
                ),
                None => String::new(),
            };
            let doc = (!doc.is_empty()).then(|| quote!(#[doc = #doc]));
            quote!(#doc #variant(#ty),)
        })
        .collect()
}

/// The body of a union's `deserialize` without a discriminator: each variant in order, the
/// first that decodes wins (serde's `untagged`), written out: the derive's buffering is among
/// the costliest code a crate compiles. The variants' types are inferred, never named (a model
/// may share a name with a type parameter). Members marked `untried` (leading back here, or
/// repeating an earlier member's type: see `cycles`) are not tried.
fn in_order(name: &proc_macro2::Ident, variants: &[UnionVariant]) -> TokenStream {
    let tried = variants.iter().filter(|v| !v.untried);
    // With no member to try, the value is read (so the input stays well-formed) and refused.
    let read = match tried.clone().next() {
        Some(_) => quote!(let value =),
        None => quote!(),
    };
    let attempts = tried.map(|v| {
        let variant = ident(&v.name);
        let value = if v.boxed {
            quote!(Box::new(value))
        } else {
            quote!(value)
        };
        quote! {
            if let Ok(value) = serde::Deserialize::deserialize(&value) {
                return Ok(Self::#variant(#value));
            }
        }
    });
    let mismatch = format!("data did not match any variant of untagged enum {name}");
    quote! {
        #read <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
        #(#attempts)*
        Err(serde::de::Error::custom(#mismatch))
    }
}

pub(super) fn variant(v: &Variant) -> TokenStream {
    let name = ident(&v.name);
    let value = &v.value;
    let doc = if value.is_empty() {
        " The empty string.".to_string()
    } else {
        format!(" `{value}`")
    };
    let more = v.doc.as_deref().map(|d| {
        let lines = doc_attrs(d);
        quote!(#[doc = ""] #lines)
    });
    quote! {
        #[doc = #doc]
        #more
        #name,
    }
}
