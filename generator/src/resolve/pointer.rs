//! JSON pointers into the normalised tree: written as URI fragments (`#/a/b`, `~0`/`~1` and
//! percent escapes decoded), found where `normalize` kept what openapiv3 drops, and followed
//! through the `$ref`s a publisher's pointer walks through.

use super::Resolver;
use crate::error::{percent_decode, pointer_unescape};
use serde_json::Value;

/// The value at a JSON pointer written as a URI fragment (`#/a/b`, `~0`/`~1` decoded) in
/// `tree`, if there is one.
pub fn lookup<'t>(tree: &'t Value, pointer: &str) -> Option<&'t Value> {
    let mut node = tree;
    for segment in pointer.trim_start_matches('#').split('/').skip(1) {
        let segment = pointer_unescape(segment);
        node = match node {
            Value::Object(map) => member(map, &segment)?,
            Value::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// The value under `key` of an object of the tree, where `normalize` may have moved it: a
/// schema's `prefixItems`, or a `oneOf`/`anyOf` beside `properties`, into the extension
/// openapiv3 leaves alone (a pointer the spec wrote into them still finds them).
fn member<'t>(map: &'t serde_json::Map<String, Value>, key: &str) -> Option<&'t Value> {
    use crate::adapter::shape::{ALTERNATIVES, PREFIX_ITEMS};
    map.get(key).or_else(|| match key {
        "prefixItems" => map.get(PREFIX_ITEMS),
        "oneOf" | "anyOf" => map.get(ALTERNATIVES)?.get(key),
        _ => None,
    })
}

/// [`lookup`], following a local `$ref` met on the way where the pointer goes on past it (the
/// pointer says `A/properties/b`, `A` is `{$ref: B}`: the walk goes on in `B`). Returns the
/// value and the pointers of the `$ref`s followed. The literal path is tried first; where it
/// ends short (a bundler's stub beside the `$ref`, `{$ref: B, allOf: {"3": ..}}`, holds some of
/// the path but not all of it), the walk goes back to the last `$ref` it passed and follows
/// that instead. At most [`MAX_DETOURS`] `$ref`s on one path and [`MAX_STEPS`] steps in all, so
/// a loop of references, or a tree of stubs, ends.
pub fn lookup_through<'t>(tree: &'t Value, pointer: &str) -> Option<(&'t Value, Vec<String>)> {
    let segments: Vec<String> = pointer
        .trim_start_matches('#')
        .split('/')
        .skip(1)
        .map(pointer_unescape)
        .collect();
    let mut walk = Walk {
        tree,
        via: Vec::new(),
        steps: 0,
    };
    let value = walk.from(tree, "#".to_string(), &segments)?;
    Some((value, walk.via))
}

/// One [`lookup_through`]: the tree, the `$ref`s followed so far, the steps taken.
struct Walk<'t> {
    tree: &'t Value,
    via: Vec<String>,
    steps: usize,
}

impl<'t> Walk<'t> {
    /// The value `rest` leads to from `node` (at pointer `at`).
    fn from(&mut self, node: &'t Value, at: String, rest: &[String]) -> Option<&'t Value> {
        let Some((segment, after)) = rest.split_first() else {
            return Some(node);
        };
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return None;
        }
        let next = match node {
            Value::Object(map) => member(map, segment),
            Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        if let Some(next) = next {
            let here = crate::error::pointer_push(&at, segment);
            if let Some(found) = self.from(next, here, after) {
                return Some(found);
            }
        }
        let written = node
            .get("$ref")
            .or_else(|| node.get(crate::adapter::shape::MOVED_REF));
        let target = match written {
            Some(Value::String(r)) if Resolver::is_local(r) && self.via.len() < MAX_DETOURS => {
                percent_decode(r)
            }
            _ => return None,
        };
        let referred = lookup(self.tree, &target)?;
        self.via.push(at);
        let found = self.from(referred, target, rest);
        if found.is_none() {
            self.via.pop();
        }
        found
    }
}

/// How many steps one [`lookup_through`] may take, back-tracking included.
const MAX_STEPS: usize = 1024;

/// The note for a pointer that [`lookup_through`] followed through `via`.
pub fn detour_note(target: &str, via: &[String]) -> crate::error::Note {
    crate::error::Note {
        pointer: target.to_string(),
        message: format!(
            "a `$ref` points here, through the `$ref` at {}; followed",
            via.join(" and ")
        ),
    }
}

/// How many `$ref`s one pointer may pass through.
const MAX_DETOURS: usize = 16;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    // A pointer that walks through `$ref`s follows them; a loop of them ends, unanswered.
    #[test]
    fn a_pointer_through_refs_is_followed_and_a_loop_of_them_ends() {
        let tree = json!({"components": {"schemas": {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"properties": {"x": {"type": "string"}}},
            "L1": {"$ref": "#/components/schemas/L2"},
            "L2": {"$ref": "#/components/schemas/L1"},
        }}});
        let (value, via) = lookup_through(&tree, "#/components/schemas/A/properties/x").unwrap();
        assert_eq!(value, &json!({"type": "string"}));
        assert_eq!(via, ["#/components/schemas/A"]);
        assert!(lookup_through(&tree, "#/components/schemas/L1/properties/x").is_none());
        assert!(lookup_through(&tree, "#/components/schemas/B/properties/y").is_none());
    }

    // A bundler's stub beside a `$ref` holds the start of the pointer but not its end: the walk
    // goes back to the `$ref` and follows it (dnd5eapi.co's `{$ref: Monster, allOf: {"3": ..}}`).
    #[test]
    fn a_pointer_that_dead_ends_in_a_stub_beside_a_ref_follows_the_ref() {
        let tree = json!({"components": {"schemas": {
            "S": {"$ref": "#/components/schemas/M", "allOf": [{"properties": {"d": {}}}]},
            "M": {"allOf": [{}, {"properties": {"d": {"items": {"type": "string"}}}}]},
        }}});
        let (value, via) =
            lookup_through(&tree, "#/components/schemas/S/allOf/1/properties/d/items").unwrap();
        assert_eq!(value, &json!({"type": "string"}));
        assert_eq!(via, ["#/components/schemas/S"]);
        // Where the literal path holds, it wins.
        let (value, via) = lookup_through(&tree, "#/components/schemas/S/allOf/0").unwrap();
        assert_eq!(value, &json!({"properties": {"d": {}}}));
        assert!(via.is_empty());
        // Normalised, the `$ref` is an `allOf` member and kept where it was written too.
        let moved = crate::adapter::shape::MOVED_REF;
        let tree = json!({"components": {"schemas": {
            "S": {moved: "#/components/schemas/M", "allOf": [{"$ref": "#/components/schemas/M"}]},
            "M": {"allOf": [{}, {"properties": {"d": {"items": {"type": "string"}}}}]},
        }}});
        let (value, _) =
            lookup_through(&tree, "#/components/schemas/S/allOf/1/properties/d/items").unwrap();
        assert_eq!(value, &json!({"type": "string"}));
    }
}
