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
    // Edges by type position: the types each type holds by value.
    let edges: BTreeMap<usize, BTreeSet<usize>> = api
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| {
            (
                i,
                t.kind.refs().into_iter().filter_map(inline_named).collect(),
            )
        })
        .collect();
    for (i, t) in api.types.iter_mut().enumerate() {
        match &mut t.kind {
            TypeKind::Struct { fields } => {
                for field in fields {
                    if let Some(target) = inline_named(&field.ty) {
                        field.boxed = reaches(&edges, target, i);
                    }
                }
            }
            TypeKind::Union { variants, .. } => {
                for variant in variants {
                    if let Some(target) = inline_named(&variant.ty) {
                        variant.boxed = reaches(&edges, target, i);
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
    let mut aliases: BTreeMap<usize, BTreeSet<usize>> = api
        .types
        .iter()
        .enumerate()
        .filter_map(|(i, t)| match &t.kind {
            TypeKind::Alias { target, .. } => {
                Some((i, target.named().map(|id| id.index).into_iter().collect()))
            }
            _ => None,
        })
        .collect();
    for (i, t) in api.types.iter_mut().enumerate() {
        let TypeKind::Alias { newtype, .. } = &mut t.kind else {
            continue;
        };
        let cyclic = aliases
            .get(&i)
            .is_some_and(|targets| targets.iter().any(|x| reaches(&aliases, *x, i)));
        if cyclic {
            *newtype = true;
            // A struct is nominal: the cycle through it is broken.
            aliases.remove(&i);
        }
    }
}

/// The named type a field holds by value (not behind `Vec` or a map), by position.
fn inline_named(ty: &TypeRef) -> Option<usize> {
    match ty {
        TypeRef::Named(id) => Some(id.index),
        _ => None,
    }
}

fn reaches(edges: &BTreeMap<usize, BTreeSet<usize>>, from: usize, to: usize) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(node) = stack.pop() {
        if node == to {
            return true;
        }
        if seen.insert(node) {
            stack.extend(edges.get(&node).into_iter().flatten().copied());
        }
    }
    false
}
