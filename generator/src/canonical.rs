//! Pass 3b: the maps whose order carries no meaning, put in one canonical order.
//!
//! Publishers list `components/schemas` (and the other component maps) in whatever order their
//! tooling happens to write; the Gcore spec's order changes on most publishes. Everything after
//! this pass walks the document in map order (names are claimed in it, types and examples are
//! emitted in it), so sorting these maps here makes the generated crate independent of that
//! order: a reordered spec regenerates byte-identical, and adding or removing one schema moves
//! none of the others.
//!
//! Sorted: every map under `components` (schemas, responses, parameters, examples, request
//! bodies, headers, security schemes, links, callbacks, path items) and `webhooks`. Kept as
//! written, because authors mean their order: `paths`, properties, parameters, responses, media
//! types, examples of one parameter or body, enum values, tags.

use crate::naming;
use serde_json::{Map, Value};

/// Sorts the unordered maps of `tree` (a bundled document) by [`key`].
pub fn order(tree: &mut Value) {
    if let Some(Value::Object(components)) = tree.get_mut("components") {
        for (section, map) in components.iter_mut() {
            if section.starts_with("x-") {
                continue;
            }
            if let Value::Object(map) = map {
                sort(map);
            }
        }
    }
    if let Some(Value::Object(webhooks)) = tree.get_mut("webhooks") {
        sort(webhooks);
    }
}

/// The order of a name: the Rust type name it becomes, then the name itself (so `foo_bar` and
/// `FooBar`, which both want `FooBar`, are always claimed in the same order).
pub fn key(name: &str) -> (String, &str) {
    (naming::type_name(name), name)
}

fn sort(map: &mut Map<String, Value>) {
    let mut entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
    entries.sort_by(|(a, _), (b, _)| key(a).cmp(&key(b)));
    map.extend(entries);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn keys(value: &Value) -> Vec<&str> {
        value
            .as_object()
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default()
    }

    #[test]
    fn components_and_webhooks_are_sorted_paths_and_properties_are_not() {
        let mut tree = json!({
            "paths": {"/b": {}, "/a": {}},
            "webhooks": {"zeta": {}, "alpha": {}},
            "components": {
                "schemas": {
                    "foo_bar": {"properties": {"z": {}, "a": {}}},
                    "Beta": {},
                    "FooBar": {},
                    "alpha": {}
                },
                "parameters": {"limit": {}, "after": {}},
                "x-order": {"b": 1, "a": 2}
            }
        });
        order(&mut tree);
        assert_eq!(keys(&tree["paths"]), ["/b", "/a"]);
        assert_eq!(keys(&tree["webhooks"]), ["alpha", "zeta"]);
        assert_eq!(
            keys(&tree["components"]["schemas"]),
            ["alpha", "Beta", "FooBar", "foo_bar"]
        );
        assert_eq!(
            keys(&tree["components"]["schemas"]["foo_bar"]["properties"]),
            ["z", "a"]
        );
        assert_eq!(keys(&tree["components"]["parameters"]), ["after", "limit"]);
        assert_eq!(keys(&tree["components"]["x-order"]), ["b", "a"]);
    }
}
