//! 3.1's `$dynamicRef`, followed as recursion: a `$dynamicRef` to an anchor (`#node`) that one
//! component schema declares at its top (`$dynamicAnchor: node`) is a `$ref` to that component,
//! which is what it resolves to when nothing extends the schema (a recursive tree's children).
//! The dynamic part, another schema overriding the anchor for its own subtree, is not modelled;
//! an anchor several components declare, or one none does, is left as it was (with a note).

use crate::error::pointer_push;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The `$dynamicAnchor`s the component schemas declare: anchor → the component's pointer, or
/// `None` when several declare it.
#[derive(Default)]
pub(super) struct Anchors(BTreeMap<String, Option<String>>);

impl Anchors {
    /// Reads the anchors of `tree`'s `components.schemas`.
    pub(super) fn of(tree: &Value) -> Anchors {
        let mut anchors = BTreeMap::new();
        let schemas = tree
            .get("components")
            .and_then(|c| c.get("schemas"))
            .and_then(Value::as_object);
        for (name, schema) in schemas.into_iter().flatten() {
            let Some(anchor) = schema.get("$dynamicAnchor").and_then(Value::as_str) else {
                continue;
            };
            let pointer = pointer_push("#/components/schemas", name);
            anchors
                .entry(anchor.to_string())
                .and_modify(|known: &mut Option<String>| *known = None)
                .or_insert(Some(pointer));
        }
        Anchors(anchors)
    }

    /// Rewrites a schema's `$dynamicRef` as a `$ref`, when it names an anchor one component
    /// declares (`#node`) or is a pointer into this document (`#/components/schemas/Tree`).
    pub(super) fn follow(&self, schema: &mut Map<String, Value>) {
        let Some(target) = schema.get("$dynamicRef").and_then(Value::as_str) else {
            return;
        };
        let pointer = match target.strip_prefix('#') {
            Some(rest) if rest.starts_with('/') => Some(target.to_string()),
            Some(anchor) => self.0.get(anchor).cloned().flatten(),
            None => None,
        };
        if let Some(pointer) = pointer {
            schema.shift_remove("$dynamicRef");
            schema.insert("$ref".into(), Value::String(pointer));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn followed(anchors: &Anchors, target: &str) -> Value {
        let mut schema = json!({ "$dynamicRef": target });
        anchors.follow(schema.as_object_mut().unwrap());
        schema
    }

    #[test]
    fn an_anchor_one_component_declares_is_a_ref_to_it() {
        let tree = json!({"components": {"schemas": {
            "Tree": {"$dynamicAnchor": "node"},
            "A": {"$dynamicAnchor": "twice"},
            "B": {"$dynamicAnchor": "twice"},
        }}});
        let anchors = Anchors::of(&tree);
        assert_eq!(
            followed(&anchors, "#node"),
            json!({"$ref": "#/components/schemas/Tree"})
        );
        // A pointer is one already; an anchor two components declare, one none declares, and
        // another document's are left as they were (and noted).
        assert_eq!(
            followed(&anchors, "#/components/schemas/A"),
            json!({"$ref": "#/components/schemas/A"})
        );
        for kept in ["#twice", "#nowhere", "other.yaml#node"] {
            assert_eq!(followed(&anchors, kept), json!({ "$dynamicRef": kept }));
        }
    }
}
