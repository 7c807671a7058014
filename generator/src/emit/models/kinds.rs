//! An untagged union decoded by the kind of JSON value it is given, not by buffering it: when
//! each kind of value (a string, an integer, a fraction, a boolean, an array, an object) has
//! one member that takes it (or a first one that takes every value of that kind), the value
//! goes straight to that member's decoder, read where it lies in the input (`de::Kinds`).
//! That is what trying each member in order on a buffered copy would give, member for member
//! (the example checks predict the same), without the copy: OpenAI's `anyOf: [string, enum]`
//! fields, a number-or-text, a string-or-list. A union that does not qualify (two structs, a
//! member taking any JSON or `null`) is tried in order as before.

use super::{ident, quote, Api, TokenStream, TypeKind, TypeRef, UnionVariant};

/// The kinds of JSON value the `de::Kinds` visitor has a slot for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    String,
    Integer,
    Fraction,
    Boolean,
    Array,
    Object,
}

impl Kind {
    /// Its slot in `de::Kinds` and the builder method that fills it.
    fn slot(self) -> &'static str {
        match self {
            Kind::String => "string",
            Kind::Integer => "integer",
            Kind::Fraction => "fraction",
            Kind::Boolean => "boolean",
            Kind::Array => "array",
            Kind::Object => "object",
        }
    }

    /// The type parameter of its slot in `de::Kinds`.
    fn param(self) -> &'static str {
        match self {
            Kind::String => "S",
            Kind::Integer => "I",
            Kind::Fraction => "F",
            Kind::Boolean => "B",
            Kind::Array => "A",
            Kind::Object => "M",
        }
    }

    /// What its member takes, for the builder method's doc.
    fn what(self) -> &'static str {
        match self {
            Kind::String => "a string",
            Kind::Integer => "an integer (else it goes to the fractions' member)",
            Kind::Fraction => "a fraction",
            Kind::Boolean => "a boolean",
            Kind::Array => "an array",
            Kind::Object => "an object",
        }
    }
}

/// Every kind, in the order of `de::Kinds`' type parameters.
const KINDS: [Kind; 6] = [
    Kind::String,
    Kind::Integer,
    Kind::Fraction,
    Kind::Boolean,
    Kind::Array,
    Kind::Object,
];

/// Which kinds a type takes, and of each whether it takes every value of that kind (`true`) or
/// may refuse some (`false`).
type Takes = Vec<(Kind, bool)>;

/// How deep named types are followed (an alias of an alias of a union...).
const MAX_DEPTH: usize = 8;

/// What `ty` takes; `None` when it takes `null` or any JSON, or cannot be told: such a union
/// is tried in order.
fn takes(api: &Api, ty: &TypeRef, depth: usize) -> Option<Takes> {
    use Kind::*;
    Some(match ty {
        TypeRef::String => vec![(String, true)],
        TypeRef::DateTime | TypeRef::Date | TypeRef::Uuid => vec![(String, false)],
        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => vec![(Integer, false)],
        TypeRef::F32 | TypeRef::F64 => vec![(Integer, true), (Fraction, true)],
        TypeRef::Bool => vec![(Boolean, true)],
        TypeRef::Vec(item) => vec![(Array, **item == TypeRef::Json)],
        TypeRef::JsonObject => vec![(Object, true)],
        TypeRef::Map(value) => vec![(Object, **value == TypeRef::Json)],
        TypeRef::Json => return None,
        TypeRef::Named(id) => {
            if depth >= MAX_DEPTH {
                return None;
            }
            match &api.type_def(id).kind {
                TypeKind::Struct { .. } => vec![(Object, false)],
                TypeKind::Tuple { .. } => vec![(Array, false)],
                TypeKind::Enum { .. } => vec![(String, true)],
                TypeKind::IntEnum { .. } => vec![(Integer, false)],
                TypeKind::Alias { target, .. } => takes(api, target, depth + 1)?,
                // A discriminated union keeps any value it does not know (`Unknown`).
                TypeKind::Union {
                    discriminator: Some(_),
                    ..
                } => return None,
                TypeKind::Union {
                    discriminator: None,
                    variants,
                } => {
                    let mut all: Takes = Vec::new();
                    for v in variants.iter().filter(|v| !v.untried) {
                        for (kind, _) in takes(api, &v.ty, depth + 1)? {
                            if !all.iter().any(|(k, _)| *k == kind) {
                                all.push((kind, false));
                            }
                        }
                    }
                    all
                }
            }
        }
    })
}

/// The body of the union's `deserialize` by kind (recording that the `de` helper is used), or
/// `None` when some kind's value could go to a member that refuses it while a later one would
/// take it (then only trying each in order decodes it as the union means).
pub(super) fn dispatch(
    api: &Api,
    name: &proc_macro2::Ident,
    variants: &[UnionVariant],
) -> Option<TokenStream> {
    let tried: Vec<(&UnionVariant, Takes)> = variants
        .iter()
        .filter(|v| !v.untried)
        .map(|v| Some((v, takes(api, &v.ty, 0)?)))
        .collect::<Option<_>>()?;
    if tried.is_empty() {
        return None;
    }
    // Each kind's member: the first that takes it, when no later one could take what it
    // refuses. An integer a member of integers refuses (out of its range) goes on to the
    // fractions' member, as trying in order would.
    let mut slots = Vec::new();
    for kind in KINDS {
        let takers: Vec<(&UnionVariant, bool)> = tried
            .iter()
            .filter_map(|(v, takes)| {
                let (_, all) = takes.iter().find(|(k, _)| *k == kind)?;
                Some((*v, *all))
            })
            .collect();
        let Some(&(first, all)) = takers.first() else {
            continue;
        };
        let fraction_after = |second: &(&UnionVariant, bool)| {
            kind == Kind::Integer
                && takers.len() == 2
                && second.1
                && tried
                    .iter()
                    .find(|(_, t)| t.iter().any(|(k, _)| *k == Kind::Fraction))
                    .is_some_and(|(v, _)| std::ptr::eq(*v, second.0))
        };
        if !all && takers.len() > 1 && !fraction_after(&takers[1]) {
            return None;
        }
        slots.push((kind, first));
    }
    let calls = slots.iter().map(|(kind, v)| {
        let method = ident(kind.slot());
        let variant = ident(&v.name);
        match v.boxed {
            true => quote!(.#method(|v| Self::#variant(Box::new(v)))),
            false => quote!(.#method(Self::#variant)),
        }
    });
    let name = name.to_string();
    Some(quote!(de::Kinds::new(#name) #(#calls)* .decode(deserializer)))
}

/// The `de` module's `Kinds`: an untagged union's members by the kind of value each takes,
/// and the visitor that hands a value to its kind's member.
pub(super) fn kinds_decoder(cfg: &TokenStream) -> TokenStream {
    let (setters, bounds) = (setters(), bounds());
    let (number, visitor) = (number(cfg), visitor(cfg));
    quote! {
    #cfg
    /// No member: a slot of [`Kinds`] left empty.
    type Nothing = serde::de::IgnoredAny;

    #cfg
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

    #cfg
    impl<U> Kinds<U, Nothing, Nothing, Nothing, Nothing, Nothing, Nothing> {
        /// No member yet, for the union `name`.
        pub(super) fn new(name: &'static str) -> Self {
            Kinds { name, string: None, integer: None, fraction: None, boolean: None, array: None, object: None }
        }
    }

    #cfg
    // Each crate's unions take some kinds, not all: the others' setters go unused.
    #[allow(dead_code)]
    impl<U, S, I, F, B, A, M> Kinds<U, S, I, F, B, A, M> {
        #(#setters)*

        /// Decodes the value by its kind: the member for that kind reads it where it lies in
        /// the input; a kind no member takes is an error naming the union.
        pub(super) fn decode<'de, D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<U, D::Error>
        #bounds
        {
            deserializer.deserialize_any(self)
        }
    }

    #number

    #visitor
    }
}

/// `Kinds`' builder methods, one per kind: each fills its slot, changing that slot's type.
fn setters() -> Vec<TokenStream> {
    KINDS
        .iter()
        .map(|&kind| {
            let method = ident(kind.slot());
            let doc = format!(" The member that takes {}.", kind.what());
            let params = KINDS.map(|k| ident(if k == kind { "T" } else { k.param() }));
            let fields = KINDS.map(|k| {
                let field = ident(k.slot());
                match k == kind {
                    true => quote!(#field: Some(member)),
                    false => quote!(#field: self.#field),
                }
            });
            quote! {
                #[doc = #doc]
                pub(super) fn #method<T>(self, member: fn(T) -> U) -> Kinds<U, #(#params),*> {
                    Kinds { name: self.name, #(#fields),* }
                }
            }
        })
        .collect()
}

/// What `Kinds` decodes with: every slot's type decodes from the input.
fn bounds() -> TokenStream {
    let slots = KINDS.map(|k| ident(k.param()));
    quote!(where #(#slots: serde::Deserialize<'de>),*)
}

/// `Kinds::number`: an integer for the integers' member, else the fractions'.
fn number(cfg: &TokenStream) -> TokenStream {
    let bounds = bounds();
    quote! {
    #cfg
    impl<'de, U, S, I, F, B, A, M> Kinds<U, S, I, F, B, A, M>
    #bounds
    {
        /// An integer for the integers' member; one it refuses (out of range) for the
        /// fractions' member, as trying the members in order would.
        fn number<E, N>(self, value: N, unexpected: serde::de::Unexpected<'_>) -> Result<U, E>
        where
            E: serde::de::Error,
            N: serde::de::IntoDeserializer<'de, E> + Copy,
        {
            let fraction = |e: E| match self.fraction {
                Some(member) => F::deserialize(value.into_deserializer()).map(member),
                None => Err(e),
            };
            match self.integer {
                Some(member) => I::deserialize(value.into_deserializer()).map(member).or_else(fraction),
                None => fraction(serde::de::Error::invalid_type(unexpected, &self)),
            }
        }
    }
    }
}

/// The visitor that hands each kind of value to its member.
fn visitor(cfg: &TokenStream) -> TokenStream {
    let bounds = bounds();
    quote! {
    #cfg
    impl<'de, U, S, I, F, B, A, M> serde::de::Visitor<'de> for Kinds<U, S, I, F, B, A, M>
    #bounds
    {
        type Value = U;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a value of the untagged enum ")?;
            f.write_str(self.name)
        }

        fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<U, E> {
            match self.boolean {
                Some(member) => B::deserialize(serde::de::IntoDeserializer::into_deserializer(value)).map(member),
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
                Some(member) => F::deserialize(serde::de::IntoDeserializer::into_deserializer(value)).map(member),
                None => Err(E::invalid_type(serde::de::Unexpected::Float(value), &self)),
            }
        }

        fn visit_borrowed_str<E: serde::de::Error>(self, value: &'de str) -> Result<U, E> {
            match self.string {
                Some(member) => S::deserialize(serde::de::value::BorrowedStrDeserializer::new(value)).map(member),
                None => Err(E::invalid_type(serde::de::Unexpected::Str(value), &self)),
            }
        }

        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<U, E> {
            match self.string {
                Some(member) => S::deserialize(serde::de::value::StrDeserializer::new(value)).map(member),
                None => Err(E::invalid_type(serde::de::Unexpected::Str(value), &self)),
            }
        }

        fn visit_string<E: serde::de::Error>(self, value: String) -> Result<U, E> {
            match self.string {
                Some(member) => S::deserialize(serde::de::value::StringDeserializer::new(value)).map(member),
                None => Err(E::invalid_type(serde::de::Unexpected::Str(&value), &self)),
            }
        }

        fn visit_seq<Q: serde::de::SeqAccess<'de>>(self, seq: Q) -> Result<U, Q::Error> {
            match self.array {
                Some(member) => A::deserialize(serde::de::value::SeqAccessDeserializer::new(seq)).map(member),
                None => Err(serde::de::Error::invalid_type(serde::de::Unexpected::Seq, &self)),
            }
        }

        fn visit_map<Q: serde::de::MapAccess<'de>>(self, map: Q) -> Result<U, Q::Error> {
            match self.object {
                Some(member) => M::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(member),
                None => Err(serde::de::Error::invalid_type(serde::de::Unexpected::Map, &self)),
            }
        }
    }
    }
}
