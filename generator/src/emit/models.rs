//! Emits `models.rs`: one item per IR type (struct, enum or alias), in IR order.

use super::sink::{Decoder, Need, Sink, Used};
use super::{doc_attrs, paragraphs};
use crate::ir::{Api, Field, IntVariant, TypeDef, TypeKind, TypeRef, UnionVariant, Variant};
use crate::naming::{field_name, ident, serde_name, Namespace};
use proc_macro2::TokenStream;
use quote::quote;

/// The `models` module, under `header`, and what it used.
pub fn models(api: &Api, header: &str) -> Result<(String, Used), crate::Error> {
    let out = Sink::new("src/models.rs", 1, TokenStream::new());
    let title = format!(
        " Data types of the {}, one per schema.",
        super::api_name(&api.title)
    );
    out.write(
        0,
        quote! {
            #![doc = #title]
            // Why each lint is allowed: spec prose is Markdown written for a web page, not for
            // rustdoc's lints; enum variants are spec values, and a shared suffix is the spec's;
            // boxing union variants by size would change the API whenever a schema grows; `new`
            // takes every required field, and setters and arguments are named after their
            // fields (`add`, `is_active`, `foo`, `_1`), whatever conventions say of such names.
            #![allow(
                clippy::doc_lazy_continuation,
                clippy::doc_overindented_list_items,
                clippy::tabs_in_doc_comments,
                clippy::enum_variant_names,
                clippy::large_enum_variant,
                clippy::too_many_arguments,
                clippy::should_implement_trait,
                clippy::wrong_self_convention,
                clippy::disallowed_names,
                clippy::just_underscores_and_digits
            )]
        },
    );
    for def in &api.types {
        out.write(0, type_def(&out, api, def));
    }
    if out.has(Need::Decoder(Decoder::Object)) {
        out.write(0, object_decoder(&out));
    }
    out.finish(header)
}

fn type_def(out: &Sink, api: &Api, def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let source = format!("Schema: `{}`", def.source);
    let docs = doc_attrs(&paragraphs([def.doc.as_deref(), Some(&source)]));
    match &def.kind {
        TypeKind::Struct { fields } => {
            let all_optional = fields
                .iter()
                .all(|f| !f.required || f.nullable || f.flatten);
            let default = all_optional.then(|| quote!(Default,));
            let methods = struct_methods(out, api, def, fields, all_optional);
            let encode = struct_encode(&name, fields);
            let decode = struct_decode(out, &name, fields);
            let fields: Vec<TokenStream> = fields.iter().map(|f| field(out, api, f)).collect();
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, #default)]
                pub struct #name {
                    #(#fields)*
                }

                #encode

                #decode

                #methods
            }
        }
        TypeKind::Alias {
            target,
            newtype: false,
        } => {
            let target = out.ty(target);
            quote! {
                #docs
                pub type #name = #target;
            }
        }
        // `T = array of T`: an alias would be infinite; a transparent newtype is the same JSON.
        TypeKind::Alias {
            target,
            newtype: true,
        } => {
            let target = out.ty(target);
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #target);
            }
        }
        TypeKind::IntEnum { variants } => int_enum(&name, &docs, variants),
        TypeKind::Union {
            discriminator,
            variants,
        } => union(out, &name, &docs, discriminator.as_deref(), variants),
        TypeKind::Enum { variants } => string_enum(&name, &docs, variants),
    }
}

/// A string enum. Its serde impls are written out, as for integer enums: serde's derive for an
/// enum with an untagged catch-all buffers every value and tries each variant in turn, which is
/// slow to compile (a third of a large crate's `cargo check`) and to run; this reads the string
/// once and matches it. Unknown values decode into `Unknown`.
fn string_enum(name: &proc_macro2::Ident, docs: &TokenStream, variants: &[Variant]) -> TokenStream {
    let names: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<&str> = variants.iter().map(|v| v.value.as_str()).collect();
    let each = variants.iter().map(variant);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#each)*
            /// A value this client does not know: kept, so that values the API adds later
            /// still decode.
            Unknown(String),
        }

        impl #name {
            /// The value on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#names => #values,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <String as serde::Deserialize>::deserialize(deserializer)?;
                Ok(match value.as_str() {
                    #(#values => Self::#names,)*
                    _ => Self::Unknown(value),
                })
            }
        }
    }
}

/// An integer enum: serde cannot derive a numeric representation, so the impls are written
/// out; unknown values decode into `Unknown`, as for string enums.
fn int_enum(name: &proc_macro2::Ident, docs: &TokenStream, variants: &[IntVariant]) -> TokenStream {
    let names: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<_> = variants
        .iter()
        .map(|v| proc_macro2::Literal::i64_unsuffixed(v.value))
        .collect();
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
        pub enum #name {
            #(#docs_each #names,)*
            /// A value this client does not know: kept, so that values the API adds later
            /// still decode.
            Unknown(i64),
        }

        impl #name {
            /// The value on the wire.
            pub fn value(self) -> i64 {
                match self {
                    #(Self::#names => #values,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

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
fn union(
    out: &Sink,
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    discriminator: Option<&str>,
    variants: &[UnionVariant],
) -> TokenStream {
    let arms = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let ty = out.ty(&v.ty);
        let ty = if v.boxed { quote!(Box<#ty>) } else { ty };
        let doc = match discriminator {
            Some(property) => format!(
                " `{property}` is {}.",
                v.tags
                    .iter()
                    .map(|t| format!("`{t}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
            None => String::new(),
        };
        let doc = (!doc.is_empty()).then(|| quote!(#[doc = #doc]));
        quote!(#doc #variant(#ty),)
    });
    let Some(property) = discriminator else {
        // Each variant in order, the first that decodes wins (serde's `untagged`), written out:
        // the derive's buffering is among the costliest code a crate compiles. The variants'
        // types are inferred, never named (a model may share a name with a type parameter).
        let attempts = variants.iter().map(|v| {
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
        return quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, serde::Serialize)]
            #[serde(untagged)]
            pub enum #name {
                #(#arms)*
            }

            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                    #(#attempts)*
                    Err(serde::de::Error::custom(#mismatch))
                }
            }
        };
    };
    let unknown_doc = format!(" A `{property}` this client does not know: the value as received.");
    let choices = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let tags = &v.tags;
        let wrap = if v.boxed {
            quote!(|v| Self::#variant(Box::new(v)))
        } else {
            quote!(Self::#variant)
        };
        quote!(Some(#(#tags)|*) => serde_json::from_value(value).map(#wrap),)
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#arms)*
            #[doc = #unknown_doc]
            Unknown(serde_json::Value),
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
                let decoded = match tag.as_deref() {
                    #(#choices)*
                    _ => return Ok(Self::Unknown(value)),
                };
                decoded.map_err(serde::de::Error::custom)
            }
        }
    }
}

fn variant(v: &Variant) -> TokenStream {
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

fn field(out: &Sink, api: &Api, f: &Field) -> TokenStream {
    let name = ident(&f.name);
    let mut ty = out.ty(&f.ty);
    if f.boxed {
        ty = quote!(Box<#ty>);
    }
    let optional = !f.required || f.nullable;
    if optional {
        ty = quote!(Option<#ty>);
    }
    let default = spec_default(f);
    let default_doc = default.map(|d| match default_expr(api, &f.ty, d) {
        Some(_) if !f.boxed => format!(
            "Absent means the spec's default, `{d}`: [`Self::{}_or_default`] reads it so.",
            serde_name(&f.name)
        ),
        _ => format!("Absent means the spec's default, `{d}`."),
    });
    let docs = doc_attrs(&paragraphs([f.doc.as_deref(), default_doc.as_deref()]));
    quote! {
        #docs
        pub #name: #ty,
    }
}

/// A struct's `Serialize`, written out rather than derived (like its `Deserialize`, see
/// [`struct_decode`]): a map of the fields by wire name, absent optional fields left out (a
/// required nullable one is sent as `null`), the `additionalProperties` map's entries after the
/// fields. The JSON is the derive's.
fn struct_encode(name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
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
                (false, false) => quote! {
                    if let Some(value) = &self.#field {
                        map.serialize_entry(#wire, value)?;
                    }
                },
                (false, true) => quote!(map.serialize_entry(#wire, &self.#field)?;),
            }
        })
        .collect();
    let body = match entries.is_empty() {
        true => quote!(serializer.serialize_map(Some(0))?.end()),
        false => quote! {
            let mut map = serializer.serialize_map(None)?;
            #(#entries)*
            map.end()
        },
    };
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                #body
            }
        }
    }
}

/// A struct's `Deserialize`, written out rather than derived: serde's derive also writes a field
/// enum, its visitor and a sequence visitor no JSON object needs, and was the largest share of a
/// big crate's `cargo check`. Decoding is the derive's: fields by wire name (a key given twice
/// is an error), unknown keys ignored or kept in the `additionalProperties` map, a missing
/// optional or nullable field `None` (a spec default is never filled in: `None` says the server
/// sent nothing, and `*_or_default` gives the value the API means by that), a missing required
/// one an error naming it. It reads maps only (every self-describing format: JSON, YAML...).
fn struct_decode(out: &Sink, name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    out.need(Need::Decoder(Decoder::Object));
    // A local per field (`url` → `url_value`), claimed beside the body's own names.
    let mut names = Namespace::with_reserved(&["map", "key", "de", "serde"]);
    let fields: Vec<(&Field, proc_macro2::Ident)> = fields
        .iter()
        .map(|f| {
            let local = names.claim(&field_name(&format!("{} value", serde_name(&f.name))));
            (f, ident(&local))
        })
        .collect();
    let arms: Vec<TokenStream> = fields
        .iter()
        .filter(|(f, _)| !f.flatten)
        .map(|(f, local)| {
            out.need(Need::Decoder(Decoder::Once));
            let wire = &f.wire_name;
            quote!(#wire => de::once(&mut #local, #wire, &mut map)?,)
        })
        .collect();
    // A key no field names: into the `additionalProperties` map, or skipped.
    let (key, other) = match fields.iter().find(|(f, _)| f.flatten) {
        Some((_, local)) => (
            quote!(key),
            quote!(#local.insert(key.into_owned(), map.next_value()?);),
        ),
        None if arms.is_empty() => (
            quote!(_),
            quote!(map.next_value::<serde::de::IgnoredAny>()?;),
        ),
        None => (
            quote!(key),
            quote!(map.next_value::<serde::de::IgnoredAny>()?;),
        ),
    };
    let body = match arms.is_empty() {
        true => other,
        false => quote! {
            match &*key {
                #(#arms)*
                _ => { #other }
            }
        },
    };
    let locals = fields.iter().map(|(f, local)| match (&f.ty, f.flatten) {
        (TypeRef::JsonObject, true) => quote!(let mut #local = serde_json::Map::new();),
        (_, true) => quote!(let mut #local = std::collections::BTreeMap::new();),
        (_, false) => quote!(let mut #local = None;),
    });
    let values = fields.iter().map(|(f, local)| {
        let (field, wire) = (ident(&f.name), &f.wire_name);
        let value = match (f.flatten, !f.required || f.nullable) {
            (true, _) => quote!(#local),
            (false, true) => quote!(#local.flatten()),
            (false, false) => {
                out.need(Need::Decoder(Decoder::Required));
                quote!(de::required(#local, #wire)?)
            }
        };
        quote!(#field: #value,)
    });
    let type_name = name.to_string();
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                de::object(deserializer)
            }
        }

        impl<'de> de::FromMap<'de> for #name {
            const NAME: &'static str = #type_name;

            fn from_map<A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                #(#locals)*
                while let Some(de::Key(#key)) = map.next_key()? {
                    #body
                }
                Ok(Self { #(#values)* })
            }
        }
    }
}

/// The helpers of [`struct_decode`]'s impls, once per models module (each only when used).
fn object_decoder(out: &Sink) -> TokenStream {
    let once = out.has(Need::Decoder(Decoder::Once)).then(|| {
        quote! {
            /// Reads a field's value into its slot; a field given twice is an error.
            pub(super) fn once<'de, T: serde::Deserialize<'de>, A: serde::de::MapAccess<'de>>(slot: &mut Option<T>, name: &'static str, map: &mut A) -> Result<(), A::Error> {
                if slot.is_some() {
                    return Err(serde::de::Error::duplicate_field(name));
                }
                *slot = Some(map.next_value()?);
                Ok(())
            }
        }
    });
    let required = out.has(Need::Decoder(Decoder::Required)).then(|| {
        quote! {
            /// A required field's value, or the error naming it.
            pub(super) fn required<T, E: serde::de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
                slot.ok_or_else(|| E::missing_field(name))
            }
        }
    });
    quote! {
        /// Decoding of the structs above (their `Deserialize` impls are written out, not derived).
        mod de {
            use std::borrow::Cow;
            use std::marker::PhantomData;

            /// A struct read from a map, one key at a time.
            pub(super) trait FromMap<'de>: Sized {
                /// The struct's name, for error messages.
                const NAME: &'static str;

                /// Reads the struct from `map`.
                fn from_map<A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
            }

            /// Decodes a `T` from a map.
            pub(super) fn object<'de, T: FromMap<'de>, D: serde::Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
                deserializer.deserialize_map(Object(PhantomData))
            }

            struct Object<T>(PhantomData<T>);

            impl<'de, T: FromMap<'de>> serde::de::Visitor<'de> for Object<T> {
                type Value = T;

                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    write!(f, "struct {}", T::NAME)
                }

                fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                    T::from_map(map)
                }
            }

            /// A key of the map, borrowed from the input when it can be.
            pub(super) struct Key<'de>(pub(super) Cow<'de, str>);

            impl<'de> serde::Deserialize<'de> for Key<'de> {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    deserializer.deserialize_identifier(KeyVisitor)
                }
            }

            struct KeyVisitor;

            impl<'de> serde::de::Visitor<'de> for KeyVisitor {
                type Value = Key<'de>;

                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("a field name")
                }

                fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Key<'de>, E> {
                    Ok(Key(Cow::Borrowed(value)))
                }

                fn visit_str<E>(self, value: &str) -> Result<Key<'de>, E> {
                    Ok(Key(Cow::Owned(value.to_owned())))
                }

                fn visit_string<E>(self, value: String) -> Result<Key<'de>, E> {
                    Ok(Key(Cow::Owned(value)))
                }
            }

            #once

            #required
        }
    }
}

/// A struct's methods: `new` with the required fields (when it has any; otherwise it is
/// `Default`), a chainable setter per other field (so that no caller writes `None` for what it
/// does not set), and `*_or_default` for fields with a spec default. Their names are claimed
/// in one namespace per struct: a setter whose name is taken is `with_{field}`.
fn struct_methods(
    out: &Sink,
    api: &Api,
    def: &TypeDef,
    fields: &[Field],
    all_optional: bool,
) -> Option<TokenStream> {
    // `new`, and the methods of the traits every struct derives: a setter named like one
    // would shadow it (`thing.clone()` would want an argument).
    let mut names = crate::naming::Namespace::with_reserved(&[
        "new",
        "clone",
        "clone_from",
        "eq",
        "ne",
        "fmt",
        "serialize",
        "deserialize",
        "default",
        "to_owned",
    ]);
    let accessors: Vec<TokenStream> = fields
        .iter()
        .filter_map(|f| {
            let accessor = default_accessor(out, api, f)?;
            names.claim(&format!("{}_or_default", serde_name(&f.name)));
            Some(accessor)
        })
        .collect();
    let in_new = |f: &Field| f.required && !f.flatten;
    let constructor = (!all_optional).then(|| {
        let args = fields.iter().filter(|f| in_new(f)).map(|f| {
            let name = ident(&f.name);
            // A nullable one takes an `Option` of its plain type (`None` must need no annotation).
            let ty = if f.nullable {
                let ty = out.ty(&f.ty);
                quote!(Option<#ty>)
            } else {
                setter_type(out, f)
            };
            quote!(#name: #ty)
        });
        let inits = fields.iter().map(|f| {
            let name = ident(&f.name);
            let value = setter_value(f, &name);
            // Arguments that are the field's value as they are: the shorthand (`duration`, not
            // `duration: duration` or `duration: duration.map(|value| value)`).
            let as_is = !f.boxed && (f.nullable || f.ty != TypeRef::String);
            match (in_new(f), f.nullable) {
                (true, _) if as_is => quote!(#name),
                (true, true) => quote!(#name: #name.map(Box::new)),
                (true, false) => quote!(#name: #value),
                (false, _) if f.flatten => quote!(#name: Default::default()),
                (false, _) => quote!(#name: None),
            }
        });
        let doc = format!(
            " A `{}` from its required fields; set the others with the methods named after them.",
            def.name
        );
        let type_name = ident(&def.name);
        quote! {
            #[doc = #doc]
            pub fn new(#(#args),*) -> Self {
                #type_name { #(#inits),* }
            }
        }
    });
    let setters: Vec<TokenStream> = fields
        .iter()
        .filter(|f| !in_new(f))
        .map(|f| {
            let field = ident(&f.name);
            let wanted = crate::naming::field_name(serde_name(&f.name));
            let method = match names.contains(&wanted) {
                false => names.claim(&wanted),
                true => names.claim(&format!("with_{}", serde_name(&f.name))),
            };
            let method = ident(&method);
            let ty = setter_type(out, f);
            let value = setter_value(f, &field);
            let (doc, assign) = if f.flatten {
                (
                    " Sets the properties beyond the declared ones.".to_string(),
                    quote!(self.#field = #value;),
                )
            } else {
                (
                    format!(" Sets `{}`.", serde_name(&f.name)),
                    quote!(self.#field = Some(#value);),
                )
            };
            quote! {
                #[doc = #doc]
                pub fn #method(mut self, #field: #ty) -> Self {
                    #assign
                    self
                }
            }
        })
        .collect();
    if constructor.is_none() && setters.is_empty() && accessors.is_empty() {
        return None;
    }
    let name = ident(&def.name);
    Some(quote! {
        impl #name {
            #constructor
            #(#setters)*
            #(#accessors)*
        }
    })
}

/// What a constructor or setter takes for field `f`: strings as `impl Into<String>`, anything
/// else as its own type (unboxed).
fn setter_type(out: &Sink, f: &Field) -> TokenStream {
    match &f.ty {
        TypeRef::String => quote!(impl Into<String>),
        ty => out.ty(ty),
    }
}

/// The field value made from the argument `arg` of [`setter_type`].
fn setter_value(f: &Field, arg: &proc_macro2::Ident) -> TokenStream {
    let value = match &f.ty {
        TypeRef::String => quote!(#arg.into()),
        _ => quote!(#arg),
    };
    if f.boxed {
        quote!(Box::new(#value))
    } else {
        value
    }
}

/// The `default` of an optional field, when the spec gives one (not `null`).
fn spec_default(f: &Field) -> Option<&serde_json::Value> {
    f.default.as_ref().filter(|d| !d.is_null() && !f.required)
}

/// `{field}_or_default(&self)`: the field, or the spec's default when it is absent (for
/// defaults that fit the field's type).
fn default_accessor(out: &Sink, api: &Api, f: &Field) -> Option<TokenStream> {
    let default = spec_default(f)?;
    if f.boxed {
        return None;
    }
    let value = default_expr(api, &f.ty, default)?;
    let name = ident(&f.name);
    let method = ident(&format!("{}_or_default", serde_name(&f.name)));
    let ty = out.ty(&f.ty);
    let doc = format!(
        " `{}`, or the spec's default (`{default}`) when the server left it out.",
        serde_name(&f.name)
    );
    let target = super::unalias(api, &f.ty);
    // Scalars and integer enums are `Copy`: no clone.
    let copy = match target {
        TypeRef::Bool
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::U32
        | TypeRef::U64
        | TypeRef::F32
        | TypeRef::F64 => true,
        TypeRef::Named(id) => matches!(api.type_def(id).kind, TypeKind::IntEnum { .. }),
        _ => false,
    };
    // A string default is built only when needed (the empty one is `String::default`); other
    // defaults are constants.
    let body = match (copy, target) {
        (true, _) => quote!(self.#name.unwrap_or(#value)),
        (false, TypeRef::String) if default.as_str() == Some("") => {
            quote!(self.#name.clone().unwrap_or_default())
        }
        (false, TypeRef::String) => quote!(self.#name.clone().unwrap_or_else(|| #value)),
        (false, _) => quote!(self.#name.clone().unwrap_or(#value)),
    };
    Some(quote! {
        #[doc = #doc]
        pub fn #method(&self) -> #ty {
            #body
        }
    })
}

/// The Rust expression for a spec `default` of type `ty` (in the models module), when the
/// value fits the type: scalars, strings and enum values. Anything else is only
/// documented.
fn default_expr(api: &Api, ty: &TypeRef, value: &serde_json::Value) -> Option<TokenStream> {
    use serde_json::Value;
    Some(match (ty, value) {
        (TypeRef::Bool, Value::Bool(b)) => quote!(#b),
        (TypeRef::I32 | TypeRef::I64, Value::Number(n)) => {
            let n = n.as_i64()?;
            if *ty == TypeRef::I32 {
                i32::try_from(n).ok()?;
            }
            let n = proc_macro2::Literal::i64_unsuffixed(n);
            quote!(#n)
        }
        (TypeRef::U32 | TypeRef::U64, Value::Number(n)) => {
            let n = n.as_u64()?;
            if *ty == TypeRef::U32 {
                u32::try_from(n).ok()?;
            }
            let n = proc_macro2::Literal::u64_unsuffixed(n);
            quote!(#n)
        }
        // A default beyond `f32` would be a literal rustc rejects: documented only.
        (TypeRef::F32, Value::Number(n)) if !(n.as_f64()? as f32).is_finite() => return None,
        (TypeRef::F32 | TypeRef::F64, Value::Number(n)) => {
            let n = proc_macro2::Literal::f64_unsuffixed(n.as_f64()?);
            quote!(#n)
        }
        (TypeRef::String, Value::String(s)) => quote!(#s.to_string()),
        (TypeRef::Named(id), value) => {
            let def = api.type_def(id);
            let type_ident = ident(&def.name);
            match (&def.kind, value) {
                (
                    TypeKind::Alias {
                        target,
                        newtype: false,
                    },
                    value,
                ) => default_expr(api, target, value)?,
                (TypeKind::Enum { variants }, Value::String(s)) => {
                    let variant = ident(&variants.iter().find(|v| v.value == *s)?.name);
                    quote!(#type_ident::#variant)
                }
                (TypeKind::IntEnum { variants }, Value::Number(n)) => {
                    let n = n.as_i64()?;
                    let variant = ident(&variants.iter().find(|v| v.value == n)?.name);
                    quote!(#type_ident::#variant)
                }
                _ => return None,
            }
        }
        _ => return None,
    })
}
