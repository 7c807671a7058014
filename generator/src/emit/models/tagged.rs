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

/// The `de` module's `Tagged`: the trait a discriminated union implements, the visitor that
/// finds the tag, and the map that replays the entries read before it.
pub(super) fn tagged_decoder(cfg: &TokenStream) -> TokenStream {
    let (visitor, tag_value, replay) = (visitor(cfg), tag_value(cfg), replay(cfg));
    quote! {
    #cfg
    /// A union chosen by the string value of its discriminator property.
    pub(super) trait Tagged<'de>: Sized {
        /// The discriminator property.
        const PROPERTY: &'static str;

        /// Decodes the object `tag` was read from (every entry of it, the tag's included).
        fn stream<D: serde::Deserializer<'de>>(tag: &str, object: D) -> Result<Self, D::Error>;

        /// Decodes a value read whole: one without a string tag, or one `stream` leaves to it
        /// (never one whose tag is a single member's own).
        fn from_value(value: serde_json::Value) -> Result<Self, serde_json::Error>;
    }

    #cfg
    /// Decodes a discriminated union: its member reads the object from where the tag is found.
    pub(super) fn tagged<'de, T: Tagged<'de>, D: serde::Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_any(TagVisitor(std::marker::PhantomData))
    }

    #cfg
    /// Reads the whole value and decodes it with `from_value`.
    pub(super) fn buffered<'de, T: Tagged<'de>, D: serde::Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
        T::from_value(value).map_err(serde::de::Error::custom)
    }

    #visitor

    #tag_value

    #replay
    }
}

/// `Replay`: the map a member reads, the entries kept aside first.
fn replay(cfg: &TokenStream) -> TokenStream {
    quote! {
    #cfg
    /// An object's entries read before its tag, then its tag, then the rest as they come.
    struct Replay<'t, 'de, A> {
        seen: std::vec::IntoIter<(Cow<'de, str>, serde_json::Value)>,
        /// The discriminator property and its value, replayed after `seen`.
        tag: Option<(&'static str, &'t str)>,
        value: Pending<'t>,
        rest: A,
    }

    #cfg
    /// The value of the key `Replay` gave last, when it gave it from what it kept.
    enum Pending<'t> {
        Nothing,
        Seen(serde_json::Value),
        Tag(&'t str),
    }

    #cfg
    impl<'de, A: serde::de::MapAccess<'de>> serde::de::MapAccess<'de> for Replay<'_, 'de, A> {
        type Error = A::Error;

        fn next_key_seed<K: serde::de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
            if let Some((key, value)) = self.seen.next() {
                self.value = Pending::Seen(value);
                return match key {
                    Cow::Borrowed(key) => seed.deserialize(serde::de::value::BorrowedStrDeserializer::new(key)),
                    Cow::Owned(key) => seed.deserialize(serde::de::value::StringDeserializer::new(key)),
                }
                .map(Some);
            }
            if let Some((property, tag)) = self.tag.take() {
                self.value = Pending::Tag(tag);
                return seed.deserialize(serde::de::value::BorrowedStrDeserializer::new(property)).map(Some);
            }
            self.rest.next_key_seed(seed)
        }

        fn next_value_seed<V: serde::de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
            match std::mem::replace(&mut self.value, Pending::Nothing) {
                Pending::Seen(value) => seed.deserialize(value).map_err(serde::de::Error::custom),
                Pending::Tag(tag) => seed.deserialize(TagValue(tag, std::marker::PhantomData)),
                Pending::Nothing => self.rest.next_value_seed(seed),
            }
        }
    }
    }
}

/// `TagValue`: the tag's value replayed, a string that is also `Some` of one (the member's
/// field may be optional: serde's own string deserializers refuse that).
fn tag_value(cfg: &TokenStream) -> TokenStream {
    quote! {
    #cfg
    struct TagValue<'t, E>(&'t str, std::marker::PhantomData<E>);

    #cfg
    impl<'de, E: serde::de::Error> serde::Deserializer<'de> for TagValue<'_, E> {
        type Error = E;

        fn deserialize_any<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
            visitor.visit_str(self.0)
        }

        fn deserialize_option<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
            visitor.visit_some(self)
        }

        fn deserialize_newtype_struct<V: serde::de::Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, E> {
            visitor.visit_newtype_struct(self)
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            unit unit_struct seq tuple tuple_struct map struct enum identifier
            ignored_any
        }
    }
    }
}

/// `TagVisitor`: an object's entries until its tag; any other value whole, for `from_value`.
fn visitor(cfg: &TokenStream) -> TokenStream {
    let scalars = scalar_visits();
    quote! {
    #cfg
    struct TagVisitor<T>(std::marker::PhantomData<T>);

    #cfg
    impl<T> TagVisitor<T> {
        /// A value that is not an object (so has no tag), decoded whole.
        fn whole<'de, E: serde::de::Error>(value: serde_json::Value) -> Result<T, E>
        where
            T: Tagged<'de>,
        {
            T::from_value(value).map_err(E::custom)
        }
    }

    #cfg
    impl<'de, T: Tagged<'de>> serde::de::Visitor<'de> for TagVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("any JSON value")
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            // Most objects put their tag first: then nothing is kept aside.
            let mut seen = Vec::new();
            while let Some(Key(key)) = map.next_key()? {
                match map.next_value()? {
                    serde_json::Value::String(tag) if key == T::PROPERTY => {
                        let object = Replay { seen: seen.into_iter(), tag: Some((T::PROPERTY, &tag)), value: Pending::Nothing, rest: map };
                        return T::stream(&tag, serde::de::value::MapAccessDeserializer::new(object));
                    }
                    value => seen.push((key, value)),
                }
            }
            let object = seen.into_iter().map(|(key, value)| (key.into_owned(), value)).collect();
            Self::whole(serde_json::Value::Object(object))
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
            let value = serde::Deserialize::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?;
            Self::whole(value)
        }

        #(#scalars)*

        fn visit_unit<E: serde::de::Error>(self) -> Result<T, E> {
            Self::whole(serde_json::Value::Null)
        }

        fn visit_none<E: serde::de::Error>(self) -> Result<T, E> {
            Self::whole(serde_json::Value::Null)
        }

        fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
            deserializer.deserialize_any(self)
        }
    }
    }
}

/// `TagVisitor`'s methods for scalars: each value whole, as `serde_json::Value` reads it.
fn scalar_visits() -> Vec<TokenStream> {
    let whole = |method: &str, ty: TokenStream, value: TokenStream| {
        let method = ident(method);
        quote! {
            fn #method<E: serde::de::Error>(self, value: #ty) -> Result<T, E> {
                Self::whole(#value)
            }
        }
    };
    let from = quote!(serde_json::Value::from(value));
    vec![
        whole(
            "visit_bool",
            quote!(bool),
            quote!(serde_json::Value::Bool(value)),
        ),
        whole("visit_i64", quote!(i64), from.clone()),
        whole("visit_u64", quote!(u64), from.clone()),
        whole("visit_f64", quote!(f64), from.clone()),
        whole("visit_str", quote!(&str), from),
        whole(
            "visit_string",
            quote!(String),
            quote!(serde_json::Value::String(value)),
        ),
    ]
}
