//! The schemas `$ref`s point at outside the places openapiv3 reads schemas from (`$defs`,
//! `definitions`, an `x-` extension, a path a bundler invented): the resolver parses each as a
//! schema, so `normalize` rewrites them as it does the rest.

use crate::adapter::shape::{self, Kind};
use crate::error::{is_local_ref, percent_decode, pointer_unescape};
use serde_json::Value;
use std::collections::BTreeSet;

/// The pointers (`#/a/b`), outermost only, of the values that `references` (the `$ref`s the
/// walk met where a schema stands) point at, where the walk of the typed document does not
/// reach them as schemas; including those that such values refer to in turn. Each value is
/// looked at once.
pub(super) fn schemas_elsewhere(tree: &Value, references: Vec<String>) -> Vec<String> {
    let mut found: BTreeSet<String> = BTreeSet::new();
    let mut queue = references;
    let mut looked = BTreeSet::new();
    while let Some(reference) = queue.pop() {
        if !is_local_ref(&reference) || !looked.insert(reference.clone()) {
            continue;
        }
        let pointer = percent_decode(&reference);
        if reached_as_schema(&pointer) {
            continue;
        }
        let Some(value) = at(tree, &pointer) else {
            continue;
        };
        // Its own references are schemas too; a schema walk of it finds them.
        shape::walk_typed(value, Kind::Schema, &pointer, &mut |kind, _, value| {
            if let (Kind::Schema | Kind::AdditionalProperties, Some(Value::String(r))) =
                (kind, value.get("$ref"))
            {
                queue.push(r.clone());
            }
            true
        });
        found.insert(pointer);
    }
    // A pointer sorts before those inside it, but not always right before (`#/a/b-x` sorts
    // between `#/a/b` and `#/a/b/c`): each is checked against every kept one that could hold
    // it, its prefixes at a segment boundary, so none is normalised twice.
    let mut outermost: BTreeSet<String> = BTreeSet::new();
    for pointer in found {
        let inside = pointer
            .match_indices('/')
            .any(|(i, _)| outermost.contains(&pointer[..i]));
        if !inside {
            outermost.insert(pointer);
        }
    }
    outermost.into_iter().collect()
}

/// Whether the walk of the typed document reaches `pointer` as a schema.
fn reached_as_schema(pointer: &str) -> bool {
    let mut kind = Kind::Root;
    for segment in segments(pointer) {
        kind = kind.typed_child(&segment);
        if matches!(kind, Kind::Data | Kind::Doc) {
            return false;
        }
    }
    matches!(kind, Kind::Schema | Kind::AdditionalProperties)
}

/// The segments of `#/a/b`, unescaped.
fn segments(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer
        .trim_start_matches('#')
        .split('/')
        .skip(1)
        .map(pointer_unescape)
}

/// The value at `pointer` (`#/a/b`), literally (no `$ref` followed).
fn at<'t>(tree: &'t Value, pointer: &str) -> Option<&'t Value> {
    tree.pointer(pointer.trim_start_matches('#'))
}

/// [`at`], for rewriting.
pub(super) fn at_mut<'t>(tree: &'t mut Value, pointer: &str) -> Option<&'t mut Value> {
    tree.pointer_mut(pointer.trim_start_matches('#'))
}
