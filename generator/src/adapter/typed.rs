//! The typed parse: the normalised tree → `openapiv3::OpenAPI`, with errors located where
//! `openapiv3`'s own lose the path, and malformed documentation dropped with a note.

use super::shape::Kind;
use crate::error::{pointer_push, Error};
use serde_json::Value;

/// Deserializes the normalised tree into the typed model, naming the JSON pointer of a failure,
/// and tolerant where the spec only documents.
///
/// `openapiv3` deserializes references and parameters through untagged and internally tagged
/// enums, which buffer their input and so lose the path below them: a typo deep inside an
/// operation is reported at `#/paths`. On failure the tree is therefore read again piece by
/// piece (operations, parameters, bodies, responses, schemas and their subschemas), and the
/// error of the deepest piece that fails on its own is reported. A malformed `example`,
/// `examples`, `tags`, `externalDocs`, `summary`, `description`, `title` or `x-` extension
/// (anything the wire contract does not depend on) is dropped with a note saying where and
/// why instead. One walk ([`mend`]) mends the pieces `openapiv3` has a type for;
/// what still fails outside them (`info`, `servers`) is dropped one value per parse. So a spec
/// with malformed documentation costs two parses and one walk, not a parse per dropped value;
/// at most [`MAX_DROPPED`] values are dropped in all.
pub fn to_openapi_tolerant(
    tree: &mut Value,
    notes: &mut Vec<crate::error::Note>,
) -> Result<openapiv3::OpenAPI, Error> {
    if let Ok(doc) = deserialize_at::<openapiv3::OpenAPI>(tree, "#") {
        return Ok(doc);
    }
    let mut budget = MAX_DROPPED;
    mend(tree, Kind::Root, "#", notes, &mut budget)?;
    loop {
        let error = match deserialize_at::<openapiv3::OpenAPI>(tree, "#") {
            Ok(doc) => return Ok(doc),
            Err(error) => error,
        };
        if budget == 0 || !drop_documentation(tree, &error, notes) {
            return Err(error);
        }
        budget -= 1;
    }
}

/// Mends the piece of `kind` at `pointer` and what it holds, in document order: a piece of a
/// kind `openapiv3` has a type for is read on its own, and only a failing one is walked into
/// (references are skipped: their targets are checked where they live); the pieces inside it
/// are mended first (their errors are more precise), then the piece is read again until it
/// reads, each error in documentation dropped with a note. The first other error is the
/// answer. `budget` bounds the drops.
fn mend(
    tree: &mut Value,
    kind: Kind,
    pointer: &str,
    notes: &mut Vec<crate::error::Note>,
    budget: &mut usize,
) -> Result<(), Error> {
    let Some(value) = tree.pointer(pointer.trim_start_matches('#')) else {
        return Ok(());
    };
    let typed = match kind {
        Kind::Data | Kind::Doc => return Ok(()),
        Kind::Root
        | Kind::Paths
        | Kind::Components
        | Kind::SchemaMap
        | Kind::SchemaList
        | Kind::MapOf(_)
        | Kind::ListOf(_) => false,
        _ if value.get("$ref").is_some() => return Ok(()),
        Kind::AdditionalProperties if value.is_boolean() => return Ok(()),
        typed if typed_error(typed, value, pointer).is_none() => return Ok(()),
        _ => true,
    };
    let children: Vec<(String, Kind)> = match value {
        Value::Object(map) => map
            .keys()
            .map(|key| (pointer_push(pointer, key), kind.typed_child(key)))
            .collect(),
        Value::Array(items) => (0..items.len())
            .map(|i| (pointer_push(pointer, &i.to_string()), kind.typed_child("")))
            .collect(),
        _ => Vec::new(),
    };
    for (child, child_kind) in children {
        mend(tree, child_kind, &child, notes, budget)?;
    }
    if !typed {
        return Ok(());
    }
    loop {
        // A dropped value may have been the piece itself (an `examples` entry).
        let Some(value) = tree.pointer(pointer.trim_start_matches('#')) else {
            return Ok(());
        };
        let Some(error) = typed_error(kind, value, pointer) else {
            return Ok(());
        };
        if *budget == 0 || !drop_documentation(tree, &error, notes) {
            return Err(error);
        }
        *budget -= 1;
    }
}

/// Drops the documentation value `error` lies in, with a note; false when it lies in none.
fn drop_documentation(
    tree: &mut Value,
    error: &Error,
    notes: &mut Vec<crate::error::Note>,
) -> bool {
    let Error::Invalid { pointer, message } = error else {
        return false;
    };
    let Some(drop_at) = documentation_at(pointer) else {
        return false;
    };
    let Some((parent, key)) = drop_at.rsplit_once('/') else {
        return false;
    };
    let key = crate::error::pointer_unescape(key);
    let removed = match tree.pointer_mut(parent.trim_start_matches('#')) {
        Some(Value::Object(map)) => map.shift_remove(&key).is_some(),
        _ => false,
    };
    if removed {
        notes.push(crate::error::Note {
            pointer: drop_at,
            message: format!("dropped (it is only documentation, and malformed: {message})"),
        });
    }
    removed
}

/// How many malformed pieces of documentation one spec may have dropped.
pub const MAX_DROPPED: usize = 100;

/// The documentation value a failure at `pointer` lies in, if it lies in one: the first keyword
/// on the path that only documents (names of properties, paths, components and map entries are
/// not keywords). For `examples`, the one failing entry is dropped when the failure is inside it.
fn documentation_at(pointer: &str) -> Option<String> {
    const NAMED: [&str; 17] = [
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "paths",
        "webhooks",
        "schemas",
        "responses",
        "requestBodies",
        "headers",
        "securitySchemes",
        "content",
        "callbacks",
        "links",
        "examples",
        "encoding",
        "variables",
    ];
    const DOCS: [&str; 8] = [
        "example",
        "examples",
        "tags",
        "externalDocs",
        "summary",
        "description",
        "title",
        "termsOfService",
    ];
    let segments: Vec<String> = pointer
        .trim_start_matches('#')
        .split('/')
        .skip(1)
        .map(crate::error::pointer_unescape)
        .collect();
    let mut at = String::from("#");
    for (i, segment) in segments.iter().enumerate() {
        let is_name = i > 0 && NAMED.contains(&segments[i - 1].as_str());
        at = pointer_push(&at, segment);
        if is_name {
            continue;
        }
        if segment.starts_with("x-") || DOCS.contains(&segment.as_str()) {
            // A media type's `examples` map: drop only the failing entry.
            if segment == "examples" {
                if let Some(entry) = segments.get(i + 1) {
                    at = pointer_push(&at, entry);
                }
            }
            return Some(at);
        }
    }
    None
}

/// Deserializes `value` (found at `pointer`) as `T`, with the failing path appended to `pointer`.
pub fn deserialize_at<T: serde::de::DeserializeOwned>(
    value: &Value,
    pointer: &str,
) -> Result<T, Error> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        use serde_path_to_error::Segment;
        let mut at = pointer.to_string();
        for segment in e.path().iter() {
            match segment {
                Segment::Seq { index } => at = pointer_push(&at, &index.to_string()),
                Segment::Map { key } => at = pointer_push(&at, key),
                Segment::Enum { .. } | Segment::Unknown => {}
            }
        }
        Error::invalid(at, e.inner().to_string())
    })
}

/// The error of reading `value` as the `openapiv3` type of `kind`.
fn typed_error(kind: Kind, value: &Value, pointer: &str) -> Option<Error> {
    use openapiv3 as oa;
    match kind {
        Kind::PathItem => deserialize_at::<oa::PathItem>(value, pointer).err(),
        Kind::Operation => deserialize_at::<oa::Operation>(value, pointer).err(),
        Kind::Parameter => deserialize_at::<oa::Parameter>(value, pointer).err(),
        Kind::RequestBody => deserialize_at::<oa::RequestBody>(value, pointer).err(),
        Kind::Response => deserialize_at::<oa::Response>(value, pointer).err(),
        Kind::Header => deserialize_at::<oa::Header>(value, pointer).err(),
        Kind::MediaType => deserialize_at::<oa::MediaType>(value, pointer).err(),
        Kind::Example => deserialize_at::<oa::Example>(value, pointer).err(),
        Kind::SecurityScheme => deserialize_at::<oa::SecurityScheme>(value, pointer).err(),
        _ => deserialize_at::<oa::Schema>(value, pointer).err(),
    }
}
