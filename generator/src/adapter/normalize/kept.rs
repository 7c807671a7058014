//! What openapiv3 has no field for, moved after the walk (normalised where it stood, so notes
//! point there) into extensions where openapiv3 keeps it: 3.2's QUERY and additional
//! operations, a `oneOf`/`anyOf` written beside `properties`, and 3.1's `prefixItems`.

use super::properties_beside;
use crate::adapter::shape;
use crate::adapter::shape::{ALTERNATIVES, PREFIX_ITEMS};
use serde_json::{Map, Value};

/// Moves a `oneOf` or `anyOf` written beside `properties` (and no `allOf`, which `merge`
/// reads) into [`ALTERNATIVES`], unless its alternatives only constrain (`required`), which
/// the properties' struct already honours.
pub(super) fn keep_alternatives(schema: &mut Map<String, Value>) {
    if !properties_beside(schema) || schema.contains_key("allOf") {
        return;
    }
    let present: Vec<&str> = ["oneOf", "anyOf"]
        .into_iter()
        .filter(|key| schema.get(*key).is_some_and(Value::is_array))
        .collect();
    let [keyword] = present.as_slice() else {
        return;
    };
    if !adds_fields(schema.get(*keyword)) {
        return;
    }
    if let Some(alternatives) = schema.shift_remove(*keyword) {
        let mut kept = Map::new();
        kept.insert(keyword.to_string(), alternatives);
        schema.insert(ALTERNATIVES.into(), Value::Object(kept));
    }
}

/// Whether some alternative says more than which properties are required.
pub(super) fn adds_fields(alternatives: Option<&Value>) -> bool {
    alternatives
        .and_then(Value::as_array)
        .is_some_and(|alternatives| {
            alternatives.iter().any(|a| {
                a.as_object().is_some_and(|a| {
                    a.keys()
                        .any(|k| k != "required" && k != "description" && k != "title")
                })
            })
        })
}

/// Moves a path item's `query` and `additionalOperations` into [`shape::EXTRA_OPERATIONS`],
/// keyed by the method as sent (`QUERY`, `LINK`), in that order.
pub(super) fn keep_extra_operations(item: &mut Map<String, Value>) {
    let mut extra = Map::new();
    if let Some(op) = item.shift_remove("query") {
        extra.insert("QUERY".into(), op);
    }
    if let Some(Value::Object(ops)) = item.shift_remove("additionalOperations") {
        extra.extend(ops);
    }
    if !extra.is_empty() {
        item.insert(shape::EXTRA_OPERATIONS.into(), Value::Object(extra));
    }
}

/// Moves 3.1's `prefixItems` into [`PREFIX_ITEMS`] (the walk goes on into it there, so a
/// tuple inside a tuple moves too).
pub(super) fn keep_prefix_items(schema: &mut Map<String, Value>) {
    if let Some(items) = schema.shift_remove("prefixItems") {
        schema.insert(PREFIX_ITEMS.into(), items);
    }
}
