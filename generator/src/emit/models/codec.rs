//! A struct's serde impls, written out: `Serialize` as a map of the fields by wire name,
//! `Deserialize` key by key through the models' private `de` module (once per module, each
//! helper only when used, from its fixed text: `emit::fixed`).

use super::{ident, quote, Decoder, Field, Namespace, Need, Sink, TokenStream, TypeRef};
use crate::emit::fixed::{self, Part, MODELS_DE, MODELS_SER};

/// A struct's `Serialize`, written out rather than derived (like its `Deserialize`, see
/// [`struct_decode`]): a map of the fields by wire name, absent optional fields left out (a
/// required nullable one is sent as `null`), the `additionalProperties` map's entries after the
/// fields. The JSON is the derive's.
pub(super) fn struct_encode(
    out: &Sink,
    name: &proc_macro2::Ident,
    fields: &[Field],
    gate: &TokenStream,
) -> TokenStream {
    let entries: Vec<TokenStream> = fields
        .iter()
        .map(|f| {
            let (field, wire) = (ident(&f.name), &f.wire_name);
            match (f.flatten, f.required) {
                (true, _) => quote! {
                    for (key, value) in &self.#field {
                        map.serialize_entry(key, value)?;
                    }
                },
                (false, false) => {
                    out.need(match gate.is_empty() {
                        true => Need::Encoder,
                        false => Need::GatedEncoder,
                    });
                    quote!(ser::optional(&mut map, #wire, &self.#field)?;)
                }
                (false, true) => quote!(map.serialize_entry(#wire, &self.#field)?;),
            }
        })
        .collect();
    let len = entries_len(fields);
    let body = match entries.is_empty() {
        true => quote!(serializer.serialize_map(Some(0))?.end()),
        false if fields.iter().all(|f| f.required && !f.flatten) => quote! {
            let mut map = serializer.serialize_map(Some(#len))?;
            #(#entries)*
            map.end()
        },
        false => quote! {
            let len = #len;
            let mut map = serializer.serialize_map(Some(len))?;
            #(#entries)*
            map.end()
        },
    };
    quote! {
        #gate
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                #body
            }
        }
    }
}

/// How many entries a struct's map has: its required fields, each optional one present, and
/// the `additionalProperties` map's entries. Reading every field's presence first, before any
/// entry is written, is also what makes a large struct fast to encode: those reads of the
/// struct's memory are issued together, not one after each entry's text (a struct of 888
/// bytes, OpenAI's `CreateFineTuningJobRequest`: 1.62x the derive's time without, 1.22x with,
/// in `bench --decode`; the derive counts the same way).
fn entries_len(fields: &[Field]) -> TokenStream {
    let required = fields.iter().filter(|f| f.required && !f.flatten).count();
    let counted = fields.iter().filter(|f| !f.required || f.flatten).map(|f| {
        let field = ident(&f.name);
        match f.flatten {
            true => quote!(self.#field.len()),
            false => quote!(usize::from(self.#field.is_some())),
        }
    });
    let required = (required > 0).then(|| proc_macro2::Literal::usize_unsuffixed(required));
    let terms: Vec<TokenStream> = required
        .map(|n| quote!(#n))
        .into_iter()
        .chain(counted)
        .collect();
    quote!(#(#terms)+*)
}

/// The `ser` module: the helper of [`struct_encode`]'s impls, once per models module, from
/// its fixed text, behind the `serialize` feature when only gated impls use it; `None` when
/// none does.
pub(super) fn object_encoder(out: &Sink) -> Option<String> {
    let gate = match (out.has(Need::Encoder), out.has(Need::GatedEncoder)) {
        (true, _) => None,
        (false, true) => Some("#[cfg(feature = \"serialize\")]"),
        (false, false) => return None,
    };
    let part = Part {
        name: "optional",
        cfg: None,
    };
    Some(fixed::module(MODELS_SER, gate, &[part]))
}

/// A struct's `Deserialize`, written out rather than derived: serde's derive also writes a field
/// enum, its visitor and a sequence visitor no JSON object needs, and was the largest share of a
/// big crate's `cargo check`. Decoding is the derive's: fields by wire name (a key given twice
/// is an error), unknown keys ignored or kept in the `additionalProperties` map, a missing
/// optional or nullable field `None` (a spec default is never filled in: `None` says the server
/// sent nothing, and `*_or_default` gives the value the API means by that), a missing required
/// one an error naming it. It reads maps only (every self-describing format: JSON, YAML...).
pub(super) fn struct_decode(
    out: &Sink,
    name: &proc_macro2::Ident,
    fields: &[Field],
    gate: &TokenStream,
) -> TokenStream {
    // Helpers only gated impls use are gated with them.
    let need = |helper| match gate.is_empty() {
        true => out.need(Need::Decoder(helper)),
        false => out.need(Need::GatedDecoder(helper)),
    };
    need(Decoder::Object);
    // A local per field (`url` → `url_value`), claimed beside the body's own names.
    let mut names = Namespace::with_reserved(crate::naming::reserved::DECODER_LOCALS);
    let fields: Vec<(&Field, proc_macro2::Ident)> = fields
        .iter()
        .map(|f| {
            // The field's own name where it is free: `"url" => de::once(&mut url, "url", &mut map),`
            // fits on one line for more fields than `url_value` did.
            let local = names.claim(&f.name);
            (f, ident(&local))
        })
        .collect();
    let (key, body) = key_arms(&fields, &need);
    let locals = fields.iter().map(|(f, local)| match (&f.ty, f.flatten) {
        (TypeRef::JsonObject, true) => quote!(let mut #local = serde_json::Map::new();),
        (_, true) => quote!(let mut #local = std::collections::BTreeMap::new();),
        (_, false) => quote!(let mut #local = None;),
    });
    let result = decoded(&fields, &need);
    let type_name = name.to_string();
    quote! {
        #gate
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                de::object(deserializer)
            }
        }

        #gate
        impl<'de> de::FromMap<'de> for #name {
            const NAME: &'static str = #type_name;

            fn from_map<A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                #(#locals)*
                while let Some(de::Key(#key)) = map.next_key()? {
                    #body
                }
                #result
            }
        }
    }
}

/// A struct's fields, each with its local slot in the decoder.
type Slots<'a> = [(&'a Field, proc_macro2::Ident)];

/// The pattern a key is read into, and what the loop does with it: the field it names reads its
/// value, another goes into the `additionalProperties` map or is skipped.
fn key_arms(fields: &Slots, need: &dyn Fn(Decoder)) -> (TokenStream, TokenStream) {
    // Each arm gives the read's `Result`, and one `?` after the `match` takes it: a `?` per
    // arm made rustc build (and borrow-check) an exit dropping every slot from each arm (with
    // the end below, the full Gcore models' `cargo check` went from 0.75 to 0.68 s).
    let arms: Vec<TokenStream> = fields
        .iter()
        .filter(|(f, _)| !f.flatten)
        .map(|(f, local)| {
            need(Decoder::Once);
            let wire = &f.wire_name;
            quote!(#wire => de::once(&mut #local, #wire, &mut map),)
        })
        .collect();
    // A key no field names: into the `additionalProperties` map, or skipped.
    let flattened = fields.iter().find(|(f, _)| f.flatten);
    // Without fields or a map to keep it in, the key is never read.
    let key = match flattened.is_none() && arms.is_empty() {
        true => quote!(_),
        false => quote!(key),
    };
    let body = match (arms.is_empty(), flattened) {
        (true, Some((_, local))) => quote!(#local.insert(key.into_owned(), map.next_value()?);),
        (true, None) => quote!(map.next_value::<serde::de::IgnoredAny>()?;),
        (false, Some((_, local))) => quote! {
            match &*key {
                #(#arms)*
                _ => map.next_value().map(|value| {
                    #local.insert(key.into_owned(), value);
                }),
            }?;
        },
        (false, None) => quote! {
            match &*key {
                #(#arms)*
                _ => map.next_value::<serde::de::IgnoredAny>().map(drop),
            }?;
        },
    };
    (key, body)
}

/// The decoded struct, or the error for its first missing required field.
fn decoded(fields: &Slots, need: &dyn Fn(Decoder)) -> TokenStream {
    let is_required = |f: &Field| !f.flatten && f.required && !f.nullable;
    let values = fields.iter().map(|(f, local)| {
        let field = ident(&f.name);
        match (f.flatten || is_required(f), field == *local) {
            // `Self { url }`, not `url: url` (clippy's `redundant_field_names`).
            (true, true) => quote!(#field,),
            (true, false) => quote!(#field: #local,),
            (false, _) => quote!(#field: #local.flatten(),),
        }
    });
    let value = quote!(Ok(Self { #(#values)* }));
    // The required fields' slots are matched all at once, not taken one by one with a `?`
    // each (the same exits as above); a missing one is the first in field order, as serde's.
    let required: Vec<(&Field, &proc_macro2::Ident)> = fields
        .iter()
        .filter(|(f, _)| is_required(f))
        .map(|(f, local)| (*f, local))
        .collect();
    match required.as_slice() {
        [] => value,
        [(f, local)] => {
            let wire = &f.wire_name;
            quote! {
                match #local {
                    Some(#local) => #value,
                    None => Err(serde::de::Error::missing_field(#wire)),
                }
            }
        }
        _ => {
            need(Decoder::Missing);
            let locals = required.iter().map(|(_, local)| local);
            let pattern = required.iter().map(|(_, local)| quote!(Some(#local)));
            let missing = required.iter().map(|(f, local)| {
                let wire = &f.wire_name;
                quote!((#wire, #local.is_none()))
            });
            let tuple = quote!((#(#locals),*));
            quote! {
                match #tuple {
                    (#(#pattern),*) => #value,
                    #tuple => Err(de::missing(&[#(#missing),*])),
                }
            }
        }
    }
}

/// The `de` module: the helpers of [`struct_decode`]'s impls and of string enums, once per
/// models module (each only when used), from its fixed text; `None` when nothing uses any.
pub(super) fn object_decoder(out: &Sink) -> Option<String> {
    const HELPERS: [(Decoder, &str); 6] = [
        (Decoder::Object, "object"),
        (Decoder::Once, "once"),
        (Decoder::Missing, "missing"),
        (Decoder::StringEnum, "string_enum"),
        (Decoder::Kinds, "kinds"),
        (Decoder::Tagged, "tagged"),
    ];
    const GATE: &str = "#[cfg(feature = \"deserialize\")]";
    // Each helper as the impls that use it are: behind the `deserialize` feature when only
    // gated ones do (and the module itself is not: then it says so once, for all of them).
    let ungated = HELPERS.iter().any(|h| out.has(Need::Decoder(h.0)));
    let gated = HELPERS.iter().any(|h| out.has(Need::GatedDecoder(h.0)));
    if !ungated && !gated {
        return None;
    }
    let parts: Vec<Part> = HELPERS
        .iter()
        .filter_map(|&(helper, name)| {
            let cfg = match (
                out.has(Need::Decoder(helper)),
                out.has(Need::GatedDecoder(helper)),
            ) {
                (true, _) => None,
                (false, true) if !ungated => None,
                (false, true) => Some(GATE),
                (false, false) => return None,
            };
            Some(Part { name, cfg })
        })
        .collect();
    Some(fixed::module(MODELS_DE, (!ungated).then_some(GATE), &parts))
}
