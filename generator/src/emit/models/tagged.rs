//! A union with a discriminator, decoded as the object is read: the entries before the tag are
//! kept aside (most objects put it first, so usually none), and once the tag names a member
//! that member reads the object, the kept entries replayed and the rest where they lie in the
//! input (`de::tagged`). What the tag cannot settle alone, it settles as before on the whole
//! value (`from_value`): a tag several members share (tried in order), a tag absent or not a
//! string (the default member, else `Unknown`), an unknown tag (kept as `Unknown`).

use super::{quote, Decoder, Need, Sink, TokenStream, UnionVariant};
use crate::naming::ident;

/// The union's `Deserialize` impl (and its `de::Tagged` impl), behind `gate` (the
/// `deserialize` feature's attribute, or nothing).
pub(super) fn decode(
    out: &Sink,
    name: &proc_macro2::Ident,
    property: &str,
    variants: &[UnionVariant],
    gate: &TokenStream,
) -> TokenStream {
    // A member that leads back to this union is not tried: its tags read as unknown.
    let tried: Vec<&UnionVariant> = variants.iter().filter(|v| !v.untried).collect();
    if tried.is_empty() {
        // Every tag leads back here: any value is kept as it is.
        return quote! {
            #gate
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    <serde_json::Value as serde::Deserialize>::deserialize(deserializer).map(Self::Unknown)
                }
            }
        };
    }
    // `Tagged` reads keys as `Key`, the structs' helper.
    for helper in [Decoder::Tagged, Decoder::Object] {
        match gate.is_empty() {
            true => out.need(Need::Decoder(helper)),
            false => out.need(Need::GatedDecoder(helper)),
        }
    }
    let sharing = shared_tags(&tried);
    // The default mapping's member: what no member's own tag names, or no tag at all.
    let default = tried.iter().copied().find(|v| v.decodes_by_default());
    let (stream, whole) = (
        stream(&tried, &sharing, default),
        from_value(property, &sharing, default),
    );
    quote! {
        #gate
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                de::tagged(deserializer)
            }
        }

        #gate
        impl<'de> de::Tagged<'de> for #name {
            const PROPERTY: &'static str = #property;

            fn stream<D: serde::Deserializer<'de>>(tag: &str, object: D) -> Result<Self, D::Error> {
                #stream
            }

            fn from_value(value: serde_json::Value) -> Result<Self, serde_json::Error> {
                #whole
            }
        }
    }
}

/// Tags several members pin (OpenAI's input and output messages are both `message`), with
/// those members in order: such a tag chooses none of them alone.
fn shared_tags<'a>(tried: &[&'a UnionVariant]) -> Vec<(&'a str, Vec<&'a UnionVariant>)> {
    let mut sharing: Vec<(&str, Vec<&UnionVariant>)> = Vec::new();
    for v in tried {
        for tag in &v.tags {
            match sharing.iter_mut().find(|(t, _)| *t == tag.as_str()) {
                Some((_, members)) => members.push(v),
                None => sharing.push((tag, vec![v])),
            }
        }
    }
    sharing.retain(|(_, members)| members.len() > 1);
    sharing
}

/// Each member's own tags (those no other member shares).
fn own_tags<'a>(
    tried: &[&'a UnionVariant],
    sharing: &[(&str, Vec<&UnionVariant>)],
) -> Vec<(&'a UnionVariant, Vec<&'a String>)> {
    tried
        .iter()
        .map(|v| {
            let own = v
                .tags
                .iter()
                .filter(|t| !sharing.iter().any(|(s, _)| s == t));
            (*v, own.collect::<Vec<_>>())
        })
        .filter(|(_, tags)| !tags.is_empty())
        .collect()
}

/// `stream`'s body: the member a tag of its own names reads the object as it comes; a tag no
/// member has alone goes to the default member when there is one and the tag is not shared,
/// else the whole value is read for `from_value`.
fn stream(
    tried: &[&UnionVariant],
    sharing: &[(&str, Vec<&UnionVariant>)],
    default: Option<&UnionVariant>,
) -> TokenStream {
    let choices = own_tags(tried, sharing).into_iter().map(|(v, tags)| {
        let wrap = wrap(v);
        quote!(#(#tags)|* => serde::Deserialize::deserialize(object).map(#wrap),)
    });
    let shared = sharing.iter().map(|(tag, _)| tag);
    let shared = (!sharing.is_empty()).then(|| quote!(#(#shared)|* => de::buffered(object),));
    let otherwise = match default {
        Some(v) => {
            let wrap = wrap(v);
            quote!(_ => serde::Deserialize::deserialize(object).map(#wrap),)
        }
        None => quote!(_ => de::buffered(object),),
    };
    quote! {
        match tag {
            #(#choices)*
            #shared
            #otherwise
        }
    }
}

/// `from_value`'s body, for the values `stream` does not read: one without a string tag (the
/// default member's, else `Unknown` with the value as it is), and one whose tag several members
/// share (tried in order) or no member has (then there is no default member: `Unknown`). A tag
/// of one member's own never gets here: `de::tagged` streams it to that member.
fn from_value(
    property: &str,
    sharing: &[(&str, Vec<&UnionVariant>)],
    default: Option<&UnionVariant>,
) -> TokenStream {
    let otherwise = match default {
        Some(v) => {
            let wrap = wrap(v);
            quote!(serde_json::from_value(value).map(#wrap))
        }
        None => quote!(Ok(Self::Unknown(value))),
    };
    if sharing.is_empty() {
        return otherwise;
    }
    let shared_choices = sharing.iter().map(|(tag, members)| {
        let (last, first) = members.split_last().expect("shared by several");
        let attempts = first.iter().map(|v| {
            let wrap = wrap(v);
            quote!(if let Ok(decoded) = serde_json::from_value(value.clone()).map(#wrap) {
                return Ok(decoded);
            })
        });
        let wrap = wrap(last);
        quote!(Some(#tag) => {
            #(#attempts)*
            serde_json::from_value(value).map(#wrap)
        })
    });
    quote! {
        let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
        match tag.as_deref() {
            #(#shared_choices)*
            _ => #otherwise,
        }
    }
}

/// How a decoded member becomes the union's variant `v` (boxed where the type is recursive).
fn wrap(v: &UnionVariant) -> TokenStream {
    let variant = ident(&v.name);
    if v.boxed {
        quote!(|v| Self::#variant(Box::new(v)))
    } else {
        quote!(Self::#variant)
    }
}
