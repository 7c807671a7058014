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
