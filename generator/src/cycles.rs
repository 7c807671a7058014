//! Pass 8: put `Box` on the struct fields that make a type contain itself.
//!
//! A field (or union variant) of type `T` inside `T` (directly, through other structs, or
//! through aliases) would make the type infinitely large. `Vec` and maps already allocate, so only edges that are not
//! behind one count. A field is boxed when the type it names can reach the field's own struct
//! along such edges: found by graph reachability, never by hand.

use crate::ir::{Api, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// Marks recursive fields `boxed`, and aliases that would name themselves `newtype`.
pub fn break_cycles(api: &mut Api) {
    newtypes(api);
    let edges: BTreeMap<String, BTreeSet<String>> = api
        .types
        .iter()
        .map(|t| {
            let targets = match &t.kind {
                TypeKind::Struct { fields } => {
                    fields.iter().filter_map(|f| inline_named(&f.ty)).collect()
                }
                TypeKind::Alias { target, .. } => inline_named(target).into_iter().collect(),
                TypeKind::Union { variants, .. } => variants
                    .iter()
                    .filter_map(|v| inline_named(&v.ty))
                    .collect(),
                TypeKind::Enum { .. } | TypeKind::IntEnum { .. } => BTreeSet::new(),
            };
            (t.name.clone(), targets)
        })
        .collect();
    for t in &mut api.types {
        match &mut t.kind {
            TypeKind::Struct { fields } => {
                for field in fields {
                    if let Some(target) = inline_named(&field.ty) {
                        field.boxed = reaches(&edges, &target, &t.name);
                    }
                }
            }
            TypeKind::Union { variants, .. } => {
                for variant in variants {
                    if let Some(target) = inline_named(&variant.ty) {
                        variant.boxed = reaches(&edges, &target, &t.name);
                    }
                }
            }
            TypeKind::Alias { .. } | TypeKind::Enum { .. } | TypeKind::IntEnum { .. } => {}
        }
    }
}

/// An alias whose target reaches the alias again through aliases only (`T = Vec<T>`, or
/// `A = B`, `B = BTreeMap<String, A>`) cannot be written in Rust; the first such alias, in
/// type order, becomes a newtype struct, which breaks the cycle for the others.
fn newtypes(api: &mut Api) {
    let mut aliases: BTreeMap<String, BTreeSet<String>> = api
        .types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Alias { target, .. } => {
                let mut named = BTreeSet::new();
                all_named(target, &mut named);
                Some((t.name.clone(), named))
            }
            _ => None,
        })
        .collect();
    for t in &mut api.types {
        let TypeKind::Alias { newtype, .. } = &mut t.kind else {
            continue;
        };
        let cyclic = aliases
            .get(&t.name)
            .is_some_and(|targets| targets.iter().any(|x| reaches(&aliases, x, &t.name)));
        if cyclic {
            *newtype = true;
            // A struct is nominal: the cycle through it is broken.
            aliases.remove(&t.name);
        }
    }
}

/// Every named type in `ty`, behind `Vec` and maps too.
fn all_named(ty: &TypeRef, out: &mut BTreeSet<String>) {
    match ty {
        TypeRef::Named(name) => {
            out.insert(name.clone());
        }
        TypeRef::Vec(inner) | TypeRef::Map(inner) => all_named(inner, out),
        _ => {}
    }
}

/// The named type a field holds by value (not behind `Vec` or a map).
fn inline_named(ty: &TypeRef) -> Option<String> {
    match ty {
        TypeRef::Named(name) => Some(name.clone()),
        _ => None,
    }
}

fn reaches(edges: &BTreeMap<String, BTreeSet<String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_string()];
    while let Some(node) = stack.pop() {
        if node == to {
            return true;
        }
        if seen.insert(node.clone()) {
            stack.extend(edges.get(&node).into_iter().flatten().cloned());
        }
    }
    false
}
