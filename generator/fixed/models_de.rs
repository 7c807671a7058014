// The `de` module of `models.rs`, as prettyplease prints it: the helpers the written-out
// `Deserialize` impls call (see `emit::models::codec`). A crate's module holds the parts its
// impls use, in this order, each item behind `#[cfg(feature = "deserialize")]` when only
// impls behind that feature use the part. Pieced together by `emit::fixed`, not printed again:
// the same text for every crate, it was a third of a small spec's generation. Lines that start
// with `//` are for this file's readers and are not copied; `// part: NAME` begins a part.
// `emit::fixed`'s tests check that prettyplease prints this module as it is written.
/// Decoding of the types above (their `Deserialize` impls are written out, not derived).
mod de {
    // part: object: the `FromMap` trait every struct's `Deserialize` goes through, the visitor that
    // reads a map into it, and `Key`, a map's key borrowed from the input when it can be
    // (discriminated unions read keys with it too).
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
    pub(super) fn object<'de, T: FromMap<'de>, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        deserializer.deserialize_map(Object(PhantomData))
    }

    struct Object<T>(PhantomData<T>);

    impl<'de, T: FromMap<'de>> serde::de::Visitor<'de> for Object<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            // Two plain writes, not `write!`: this is compiled once per struct.
            f.write_str("struct ")?;
            f.write_str(T::NAME)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::from_map(map)
        }
    }

    /// A key of the map, borrowed from the input when it can be.
    pub(super) struct Key<'de>(pub(super) Cow<'de, str>);

    impl<'de> serde::Deserialize<'de> for Key<'de> {
        fn deserialize<D: serde::Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Self, D::Error> {
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

    // part: once: a field's value read into its slot, once (a field given twice is an error).
    /// Reads a field's value into its slot; a field given twice is an error.
    pub(super) fn once<'de, T: serde::Deserialize<'de>, A: serde::de::MapAccess<'de>>(
        slot: &mut Option<T>,
        name: &'static str,
        map: &mut A,
    ) -> Result<(), A::Error> {
        if slot.is_some() {
            return Err(serde::de::Error::duplicate_field(name));
        }
        *slot = Some(map.next_value()?);
        Ok(())
    }

    // part: missing: the error naming a struct's first missing required field.
    /// The error for the first missing one of a struct's required fields (`true`:
    /// missing), in field order.
    pub(super) fn missing<E: serde::de::Error>(fields: &[(&'static str, bool)]) -> E {
        E::missing_field(
            fields.iter().find(|(_, missing)| *missing).map_or("", |(name, _)| name),
        )
    }

    // part: string_enum: a string enum's value matched where it lies in the input (borrowed, as a
    // map's keys are), copied only when no variant knows it.
    /// Decodes a string enum: `known` gives the variant of a value, `unknown` keeps any other.
    pub(super) fn string_enum<'de, T, D: serde::Deserializer<'de>>(
        deserializer: D,
        known: fn(&str) -> Option<T>,
        unknown: fn(String) -> T,
    ) -> Result<T, D::Error> {
        deserializer.deserialize_str(Text { known, unknown })
    }

    struct Text<T> {
        known: fn(&str) -> Option<T>,
        unknown: fn(String) -> T,
    }

    impl<'de, T> serde::de::Visitor<'de> for Text<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E>(self, value: &str) -> Result<T, E> {
            Ok((self.known)(value).unwrap_or_else(|| (self.unknown)(value.to_owned())))
        }
        fn visit_string<E>(self, value: String) -> Result<T, E> {
            Ok(
                match (self.known)(&value) {
                    Some(known) => known,
                    None => (self.unknown)(value),
                },
            )
        }
    }

    // part: kinds: an untagged union's members by the kind of value each takes, and the
    // visitor that hands a value to its kind's member (see `emit::models::kinds`).
    /// No member: a slot of [`Kinds`] left empty.
    type Nothing = serde::de::IgnoredAny;

    /// An untagged union's members by the kind of JSON value each takes (see `Kinds::decode`).
    pub(super) struct Kinds<U, S, I, F, B, A, M> {
        name: &'static str,
        string: Option<fn(S) -> U>,
        integer: Option<fn(I) -> U>,
        fraction: Option<fn(F) -> U>,
        boolean: Option<fn(B) -> U>,
        array: Option<fn(A) -> U>,
        object: Option<fn(M) -> U>,
    }

    impl<U> Kinds<U, Nothing, Nothing, Nothing, Nothing, Nothing, Nothing> {
        /// No member yet, for the union `name`.
        pub(super) fn new(name: &'static str) -> Self {
            Kinds {
                name,
                string: None,
                integer: None,
                fraction: None,
                boolean: None,
                array: None,
                object: None,
            }
        }
    }

    // Each crate's unions take some kinds, not all: the others' setters go unused.
    #[allow(dead_code)]
    impl<U, S, I, F, B, A, M> Kinds<U, S, I, F, B, A, M> {
        /// The member that takes a string.
        pub(super) fn string<T>(self, member: fn(T) -> U) -> Kinds<U, T, I, F, B, A, M> {
            Kinds {
                name: self.name,
                string: Some(member),
                integer: self.integer,
                fraction: self.fraction,
                boolean: self.boolean,
                array: self.array,
                object: self.object,
            }
        }
        /// The member that takes an integer (else it goes to the fractions' member).
        pub(super) fn integer<T>(
            self,
            member: fn(T) -> U,
        ) -> Kinds<U, S, T, F, B, A, M> {
            Kinds {
                name: self.name,
                string: self.string,
                integer: Some(member),
                fraction: self.fraction,
                boolean: self.boolean,
                array: self.array,
                object: self.object,
            }
        }
        /// The member that takes a fraction.
        pub(super) fn fraction<T>(
            self,
            member: fn(T) -> U,
        ) -> Kinds<U, S, I, T, B, A, M> {
            Kinds {
                name: self.name,
                string: self.string,
                integer: self.integer,
                fraction: Some(member),
                boolean: self.boolean,
                array: self.array,
                object: self.object,
            }
        }
        /// The member that takes a boolean.
        pub(super) fn boolean<T>(
            self,
            member: fn(T) -> U,
        ) -> Kinds<U, S, I, F, T, A, M> {
            Kinds {
                name: self.name,
                string: self.string,
                integer: self.integer,
                fraction: self.fraction,
                boolean: Some(member),
                array: self.array,
                object: self.object,
            }
        }
        /// The member that takes an array.
        pub(super) fn array<T>(self, member: fn(T) -> U) -> Kinds<U, S, I, F, B, T, M> {
            Kinds {
                name: self.name,
                string: self.string,
                integer: self.integer,
                fraction: self.fraction,
                boolean: self.boolean,
                array: Some(member),
                object: self.object,
            }
        }
        /// The member that takes an object.
        pub(super) fn object<T>(self, member: fn(T) -> U) -> Kinds<U, S, I, F, B, A, T> {
            Kinds {
                name: self.name,
                string: self.string,
                integer: self.integer,
                fraction: self.fraction,
                boolean: self.boolean,
                array: self.array,
                object: Some(member),
            }
        }
        /// Decodes the value by its kind: the member for that kind reads it where it lies in
        /// the input; a kind no member takes is an error naming the union.
        pub(super) fn decode<'de, D: serde::Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<U, D::Error>
        where
            S: serde::Deserialize<'de>,
            I: serde::Deserialize<'de>,
            F: serde::Deserialize<'de>,
            B: serde::Deserialize<'de>,
            A: serde::Deserialize<'de>,
            M: serde::Deserialize<'de>,
        {
            deserializer.deserialize_any(self)
        }
    }

    impl<'de, U, S, I, F, B, A, M> Kinds<U, S, I, F, B, A, M>
    where
        S: serde::Deserialize<'de>,
        I: serde::Deserialize<'de>,
        F: serde::Deserialize<'de>,
        B: serde::Deserialize<'de>,
        A: serde::Deserialize<'de>,
        M: serde::Deserialize<'de>,
    {
        /// An integer for the integers' member; one it refuses (out of range) for the
        /// fractions' member, as trying the members in order would.
        fn number<E, N>(
            self,
            value: N,
            unexpected: serde::de::Unexpected<'_>,
        ) -> Result<U, E>
        where
            E: serde::de::Error,
            N: serde::de::IntoDeserializer<'de, E> + Copy,
        {
            let fraction = |e: E| match self.fraction {
                Some(member) => F::deserialize(value.into_deserializer()).map(member),
                None => Err(e),
            };
            match self.integer {
                Some(member) => {
                    I::deserialize(value.into_deserializer())
                        .map(member)
                        .or_else(fraction)
                }
                None => fraction(serde::de::Error::invalid_type(unexpected, &self)),
            }
        }
    }

    impl<'de, U, S, I, F, B, A, M> serde::de::Visitor<'de> for Kinds<U, S, I, F, B, A, M>
    where
        S: serde::Deserialize<'de>,
        I: serde::Deserialize<'de>,
        F: serde::Deserialize<'de>,
        B: serde::Deserialize<'de>,
        A: serde::Deserialize<'de>,
        M: serde::Deserialize<'de>,
    {
        type Value = U;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a value of the untagged enum ")?;
            f.write_str(self.name)
        }
        fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<U, E> {
            match self.boolean {
                Some(member) => {
                    B::deserialize(serde::de::IntoDeserializer::into_deserializer(value))
                        .map(member)
                }
                None => Err(E::invalid_type(serde::de::Unexpected::Bool(value), &self)),
            }
        }
        fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<U, E> {
            self.number(value, serde::de::Unexpected::Signed(value))
        }
        fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<U, E> {
            self.number(value, serde::de::Unexpected::Unsigned(value))
        }
        fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<U, E> {
            match self.fraction {
                Some(member) => {
                    F::deserialize(serde::de::IntoDeserializer::into_deserializer(value))
                        .map(member)
                }
                None => Err(E::invalid_type(serde::de::Unexpected::Float(value), &self)),
            }
        }
        fn visit_borrowed_str<E: serde::de::Error>(
            self,
            value: &'de str,
        ) -> Result<U, E> {
            match self.string {
                Some(member) => {
                    S::deserialize(serde::de::value::BorrowedStrDeserializer::new(value))
                        .map(member)
                }
                None => Err(E::invalid_type(serde::de::Unexpected::Str(value), &self)),
            }
        }
        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<U, E> {
            match self.string {
                Some(member) => {
                    S::deserialize(serde::de::value::StrDeserializer::new(value))
                        .map(member)
                }
                None => Err(E::invalid_type(serde::de::Unexpected::Str(value), &self)),
            }
        }
        fn visit_string<E: serde::de::Error>(self, value: String) -> Result<U, E> {
            match self.string {
                Some(member) => {
                    S::deserialize(serde::de::value::StringDeserializer::new(value))
                        .map(member)
                }
                None => Err(E::invalid_type(serde::de::Unexpected::Str(&value), &self)),
            }
        }
        fn visit_seq<Q: serde::de::SeqAccess<'de>>(self, seq: Q) -> Result<U, Q::Error> {
            match self.array {
                Some(member) => {
                    A::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                        .map(member)
                }
                None => {
                    Err(
                        serde::de::Error::invalid_type(serde::de::Unexpected::Seq, &self),
                    )
                }
            }
        }
        fn visit_map<Q: serde::de::MapAccess<'de>>(self, map: Q) -> Result<U, Q::Error> {
            match self.object {
                Some(member) => {
                    M::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                        .map(member)
                }
                None => {
                    Err(
                        serde::de::Error::invalid_type(serde::de::Unexpected::Map, &self),
                    )
                }
            }
        }
    }

    // part: tagged: the trait a discriminated union implements, the visitor that finds the tag, and
    // the map that replays the entries read before it (see `emit::models::tagged`).
    /// A union chosen by the string value of its discriminator property.
    pub(super) trait Tagged<'de>: Sized {
        /// The discriminator property.
        const PROPERTY: &'static str;
        /// Decodes the object `tag` was read from (every entry of it, the tag's included).
        fn stream<D: serde::Deserializer<'de>>(
            tag: &str,
            object: D,
        ) -> Result<Self, D::Error>;
        /// Decodes a value read whole: one without a string tag, or one `stream` leaves to it
        /// (never one whose tag is a single member's own).
        fn from_value(value: serde_json::Value) -> Result<Self, serde_json::Error>;
    }

    /// Decodes a discriminated union: its member reads the object from where the tag is found.
    pub(super) fn tagged<'de, T: Tagged<'de>, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        deserializer.deserialize_any(TagVisitor(std::marker::PhantomData))
    }

    /// Reads the whole value and decodes it with `from_value`.
    pub(super) fn buffered<'de, T: Tagged<'de>, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        let value = <serde_json::Value as serde::Deserialize>::deserialize(
            deserializer,
        )?;
        T::from_value(value).map_err(serde::de::Error::custom)
    }

    struct TagVisitor<T>(std::marker::PhantomData<T>);

    impl<T> TagVisitor<T> {
        /// A value that is not an object (so has no tag), decoded whole.
        fn whole<'de, E: serde::de::Error>(value: serde_json::Value) -> Result<T, E>
        where
            T: Tagged<'de>,
        {
            T::from_value(value).map_err(E::custom)
        }
    }

    impl<'de, T: Tagged<'de>> serde::de::Visitor<'de> for TagVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<T, A::Error> {
            // Most objects put their tag first: then nothing is kept aside.
            let mut seen = Vec::new();
            while let Some(Key(key)) = map.next_key()? {
                match map.next_value()? {
                    serde_json::Value::String(tag) if key == T::PROPERTY => {
                        let object = Replay {
                            seen: seen.into_iter(),
                            tag: Some((T::PROPERTY, &tag)),
                            value: Pending::Nothing,
                            rest: map,
                        };
                        return T::stream(
                            &tag,
                            serde::de::value::MapAccessDeserializer::new(object),
                        );
                    }
                    value => seen.push((key, value)),
                }
            }
            let object = seen
                .into_iter()
                .map(|(key, value)| (key.into_owned(), value))
                .collect();
            Self::whole(serde_json::Value::Object(object))
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
            let value = serde::Deserialize::deserialize(
                serde::de::value::SeqAccessDeserializer::new(seq),
            )?;
            Self::whole(value)
        }
        fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<T, E> {
            Self::whole(serde_json::Value::Bool(value))
        }
        fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<T, E> {
            Self::whole(serde_json::Value::from(value))
        }
        fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<T, E> {
            Self::whole(serde_json::Value::from(value))
        }
        fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<T, E> {
            Self::whole(serde_json::Value::from(value))
        }
        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            Self::whole(serde_json::Value::from(value))
        }
        fn visit_string<E: serde::de::Error>(self, value: String) -> Result<T, E> {
            Self::whole(serde_json::Value::String(value))
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<T, E> {
            Self::whole(serde_json::Value::Null)
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<T, E> {
            Self::whole(serde_json::Value::Null)
        }
        fn visit_some<D: serde::Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<T, D::Error> {
            deserializer.deserialize_any(self)
        }
    }

    struct TagValue<'t, E>(&'t str, std::marker::PhantomData<E>);

    impl<'de, E: serde::de::Error> serde::Deserializer<'de> for TagValue<'_, E> {
        type Error = E;
        fn deserialize_any<V: serde::de::Visitor<'de>>(
            self,
            visitor: V,
        ) -> Result<V::Value, E> {
            visitor.visit_str(self.0)
        }
        fn deserialize_option<V: serde::de::Visitor<'de>>(
            self,
            visitor: V,
        ) -> Result<V::Value, E> {
            visitor.visit_some(self)
        }
        fn deserialize_newtype_struct<V: serde::de::Visitor<'de>>(
            self,
            _: &'static str,
            visitor: V,
        ) -> Result<V::Value, E> {
            visitor.visit_newtype_struct(self)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf unit unit_struct seq tuple tuple_struct map struct enum identifier
            ignored_any
        }
    }

    /// An object's entries read before its tag, then its tag, then the rest as they come.
    struct Replay<'t, 'de, A> {
        seen: std::vec::IntoIter<(Cow<'de, str>, serde_json::Value)>,
        /// The discriminator property and its value, replayed after `seen`.
        tag: Option<(&'static str, &'t str)>,
        value: Pending<'t>,
        rest: A,
    }

    /// The value of the key `Replay` gave last, when it gave it from what it kept.
    enum Pending<'t> {
        Nothing,
        Seen(serde_json::Value),
        Tag(&'t str),
    }

    impl<'de, A: serde::de::MapAccess<'de>> serde::de::MapAccess<'de>
    for Replay<'_, 'de, A> {
        type Error = A::Error;
        fn next_key_seed<K: serde::de::DeserializeSeed<'de>>(
            &mut self,
            seed: K,
        ) -> Result<Option<K::Value>, A::Error> {
            if let Some((key, value)) = self.seen.next() {
                self.value = Pending::Seen(value);
                return match key {
                    Cow::Borrowed(key) => {
                        seed.deserialize(
                            serde::de::value::BorrowedStrDeserializer::new(key),
                        )
                    }
                    Cow::Owned(key) => {
                        seed.deserialize(serde::de::value::StringDeserializer::new(key))
                    }
                }
                    .map(Some);
            }
            if let Some((property, tag)) = self.tag.take() {
                self.value = Pending::Tag(tag);
                return seed
                    .deserialize(
                        serde::de::value::BorrowedStrDeserializer::new(property),
                    )
                    .map(Some);
            }
            self.rest.next_key_seed(seed)
        }
        fn next_value_seed<V: serde::de::DeserializeSeed<'de>>(
            &mut self,
            seed: V,
        ) -> Result<V::Value, A::Error> {
            match std::mem::replace(&mut self.value, Pending::Nothing) {
                Pending::Seen(value) => {
                    seed.deserialize(value).map_err(serde::de::Error::custom)
                }
                Pending::Tag(tag) => {
                    seed.deserialize(TagValue(tag, std::marker::PhantomData))
                }
                Pending::Nothing => self.rest.next_value_seed(seed),
            }
        }
    }
}
