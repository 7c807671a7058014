//! Pass 4: up-front checks, so that later passes can assume a document they understand.
//!
//! The version check runs on the raw tree, before normalisation: a Swagger 2.0 document would
//! otherwise fail the typed parse with a message about some field deep inside it.

use crate::adapter::shape::operations;
use crate::error::{pointer_push, Error, Note};
use serde_json::Value;
use std::collections::BTreeMap;

/// Accepts OpenAPI 3.0.x, 3.1.x and 3.2.x (3.2 is read as 3.1; `normalize` notes what it adds); anything else is [`Error::UnsupportedVersion`].
pub fn version(tree: &Value) -> Result<(), Error> {
    let unsupported = |pointer: &str, message: String| Error::UnsupportedVersion {
        pointer: pointer.to_string(),
        message,
    };
    if !tree.is_object() {
        return Err(Error::invalid(
            "#",
            "the document is not a mapping; expected an OpenAPI object",
        ));
    }
    if let Some(swagger) = tree.get("swagger") {
        return Err(unsupported(
            "#/swagger",
            format!(
                "Swagger {} documents are not supported; convert to OpenAPI 3.x first",
                display_scalar(swagger)
            ),
        ));
    }
    match tree.get("openapi") {
        None => Err(unsupported(
            "#",
            "no `openapi` version field; expected `openapi: 3.0.x`, `3.1.x` or `3.2.x`".into(),
        )),
        Some(Value::String(v)) if is_supported(v) => Ok(()),
        Some(other) => Err(unsupported(
            "#/openapi",
            format!(
                "OpenAPI version {} is not supported; expected 3.0.x, 3.1.x or 3.2.x",
                display_scalar(other)
            ),
        )),
    }
}

fn is_supported(version: &str) -> bool {
    let mut parts = version.split('.');
    matches!(
        (parts.next(), parts.next()),
        (Some("3"), Some("0" | "1" | "2"))
    )
}

fn display_scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Checks the typed document. `operationId`s should be unique (the spec says so); a repeated
/// one is a slip whose intent is clear, so it is a warning: operation names are claimed in one
/// namespace in `lower`, and the second operation takes a numbered name (`list2`).
pub fn document(doc: &openapiv3::OpenAPI, notes: &mut Vec<Note>) {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (path, item) in doc.paths.paths.iter() {
        let openapiv3::ReferenceOr::Item(item) = item else {
            continue;
        };
        let item_ptr = pointer_push("#/paths", path);
        // A 3.2 operation openapiv3 cannot read is left out: say where and why.
        for (_, at, op) in crate::adapter::shape::extra_operations(item) {
            if let Err(why) = op {
                notes.push(Note {
                    pointer: crate::adapter::shape::pointer_under(&item_ptr, &at),
                    message: format!("this operation cannot be read ({why}); it is not generated"),
                });
            }
        }
        for at in operations(item) {
            let Some(id) = at.op.operation_id.as_deref() else {
                continue;
            };
            let here = pointer_push(&at.pointer(&item_ptr), "operationId");
            if let Some(first) = seen.get(id) {
                notes.push(Note {
                    pointer: here,
                    message: format!(
                        "operationId `{id}` is already used at {first}; this operation's name is numbered"
                    ),
                });
            } else {
                seen.insert(id.to_string(), here);
            }
        }
    }
}
