//! Passes 1 and 3: text (YAML or JSON) → tree, and the normalised tree → `openapiv3::OpenAPI`.
//!
//! The tree is a `serde_json::Value` (with `preserve_order`, so the spec's order survives into the
//! output). YAML goes through `yaml_serde`, but not into its own `Value`: real specs hold integer
//! literals beyond `i64` (OpenAI writes `minimum: -9223372036854776000`), which serde-based YAML
//! loaders hand over as `i128` and `serde_json::Value` refuses. [`Tree`] accepts them as `f64`,
//! which is what the authors' JSON tooling meant, and accepts the non-string mapping keys YAML
//! allows (`200:` for a response code) as strings.

use crate::error::{pointer_push, Error};
use crate::shape::Kind;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Loads a YAML or JSON document. JSON is recognised by its first non-blank character.
pub fn load(text: &str) -> Result<Value, Error> {
    if text.trim_start().starts_with('{') {
        serde_json::from_str::<Value>(text).map_err(|e| Error::Json {
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
        })
    } else {
        // The YAML scanner takes quadratic time on deeply nested flow collections before its
        // own recursion limit stops it (100 000 `[` take minutes): such text is refused first.
        if let Some((line, column)) = flow_too_deep(text) {
            return Err(Error::Yaml {
                line,
                column,
                message: format!("nested more than {MAX_FLOW_DEPTH} levels deep"),
            });
        }
        match yaml_serde::from_str::<Tree>(text) {
            Ok(tree) => Ok(tree.0),
            Err(e) => {
                let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
                Err(Error::Yaml {
                    line,
                    column,
                    message: strip_position(&e.to_string()),
                })
            }
        }
    }
}

/// How deep `[`/`{` flow collections may nest in YAML text (the loaders stop at 128 anyway).
pub const MAX_FLOW_DEPTH: usize = 128;

/// Where the flow nesting of `text` first exceeds [`MAX_FLOW_DEPTH`] (1-based line and
/// column), brackets inside quoted scalars and comments aside, read as the YAML scanner reads
/// them: a `#` starts a comment only at the start of a line or after a space (`a#b` is one
/// plain scalar), a quote starts a quoted scalar only where a scalar starts (after a space,
/// `[`, `{` or `,`; `a'b` is plain), and `\"` inside double quotes does not end them. (Read
/// otherwise, `[a#b, ` and 99 000 `[` would pass the check and reach the scanner's quadratic
/// case.) Block nesting needs no check:
/// its depth is bounded by line length. Prose brackets (`range [0, 1)` in a description) are
/// not flow collections: a line indented no deeper than the one that opened the outermost open
/// bracket ends the count, because the continuation lines of a real flow collection are
/// indented deeper (or close it).
fn flow_too_deep(text: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut opened_at_indent = 0usize;
    for (index, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start().len();
        let closes = line.trim_start().starts_with([']', '}']);
        if depth > 0 && indent <= opened_at_indent && !closes {
            depth = 0;
        }
        let mut quote: Option<char> = None;
        let mut previous: Option<char> = None;
        let mut escaped = false;
        for (column, c) in line.chars().enumerate() {
            let starts_token =
                previous.is_none_or(|p| p.is_whitespace() || matches!(p, '[' | '{' | ','));
            let after_space = previous.is_none_or(char::is_whitespace);
            previous = Some(c);
            match (quote, c) {
                (Some('"'), _) if escaped => escaped = false,
                (Some('"'), '\\') => escaped = true,
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if starts_token => quote = Some(c),
                (None, '#') if after_space => break,
                (None, '[' | '{') => {
                    if depth == 0 {
                        opened_at_indent = indent;
                    }
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Some((index + 1, column + 1));
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    None
}

/// Serde's messages end with " at line X column Y"; the error carries those as fields already.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

/// Deserializes the normalised tree into the typed model, naming the JSON pointer of a failure.
///
/// `openapiv3` deserializes references and parameters through untagged and internally tagged
/// enums, which buffer their input and so lose the path below them: a typo deep inside an
/// operation is reported at `#/paths`. On failure the tree is therefore checked again piece by
/// piece (operations, parameters, bodies, responses, schemas and their subschemas), and the
/// error of the deepest piece that fails on its own is reported.
pub fn to_openapi(tree: &Value) -> Result<openapiv3::OpenAPI, Error> {
    deserialize_at::<openapiv3::OpenAPI>(tree, "#").map_err(|first| locate(tree).unwrap_or(first))
}

/// [`to_openapi`], tolerant where the spec only documents: a malformed `example`, `examples`,
/// `tags`, `externalDocs`, `summary`, `description`, `title` or `x-` extension (anything the
/// wire contract does not depend on) is dropped with a note saying where and why. Failures
/// anywhere else stay errors. One walk ([`mend`]) mends the pieces `openapiv3` has a type for;
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
        let error = match to_openapi(tree) {
            Ok(doc) => return Ok(doc),
            Err(error) => error,
        };
        if budget == 0 || !drop_documentation(tree, &error, notes) {
            return Err(error);
        }
        budget -= 1;
    }
}

/// Mends the piece of `kind` at `pointer` and what it holds, in document order, as [`locate`]
/// finds errors: a piece of a kind `openapiv3` has a type for is read on its own, and only a
/// failing one is walked into; the pieces inside it are mended first (their errors are more
/// precise), then the piece is read again until it reads, each error in documentation dropped
/// with a note. The first other error is the answer. `budget` bounds the drops.
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
    while typed {
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
    Ok(())
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

/// Finds the deepest piece of the document that fails to deserialize on its own, walking the
/// parts `openapiv3` reads as [`crate::shape`] describes them.
fn locate(tree: &Value) -> Option<Error> {
    locate_at(tree, Kind::Root, "#")
}

/// The error of the deepest failing piece in `value` (of `kind`, at `pointer`). A piece of a
/// kind `openapiv3` has a type for is tried on its own first: when it reads, nothing in it
/// fails; when it fails, a failing piece inside it is more precise, and its own error is the
/// answer only when none is. References are skipped: their targets are checked where they live.
fn locate_at(value: &Value, kind: Kind, pointer: &str) -> Option<Error> {
    let own = match kind {
        Kind::Data | Kind::Doc => return None,
        // Containers (the root, `paths`, `components`, maps and lists): only what they hold.
        Kind::Root
        | Kind::Paths
        | Kind::Components
        | Kind::SchemaMap
        | Kind::SchemaList
        | Kind::MapOf(_)
        | Kind::ListOf(_) => None,
        _ if value.get("$ref").is_some() => return None,
        Kind::AdditionalProperties if value.is_boolean() => return None,
        // Reads: nothing in it fails.
        typed => Some(typed_error(typed, value, pointer)?),
    };
    let inner = match value {
        Value::Object(map) => map.iter().find_map(|(key, child)| {
            locate_at(child, kind.typed_child(key), &pointer_push(pointer, key))
        }),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, child)| {
            locate_at(
                child,
                kind.typed_child(""),
                &pointer_push(pointer, &i.to_string()),
            )
        }),
        _ => None,
    };
    inner.or(own)
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

/// A `serde_json::Value` that can be deserialized from YAML holding huge integers and
/// non-string keys (see the module docs).
struct Tree(Value);

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TreeVisitor).map(Tree)
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    // Integers past 64 bits: kept as the nearest f64, the value JSON tools would have produced.
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Ok(float(v as f64))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        Ok(float(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Tree::deserialize(d).map(|t| t.0)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Tree(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some((Key(key), Tree(value))) = map.next_entry()? {
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// Non-finite floats (`.inf`, `.nan`) have no JSON form; they become `null`.
fn float(v: f64) -> Value {
    Number::from_f64(v).map_or(Value::Null, Value::Number)
}

/// A mapping key: YAML allows scalars of any type (`200:`, `true:`); OpenAPI means strings.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Tree::deserialize(deserializer)?.0 {
            Value::String(s) => Ok(Key(s)),
            Value::Null => Ok(Key("null".to_string())),
            scalar @ (Value::Bool(_) | Value::Number(_)) => Ok(Key(scalar.to_string())),
            Value::Array(_) | Value::Object(_) => {
                Err(de::Error::custom("a mapping key must be a scalar"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::flow_too_deep;

    #[test]
    fn flow_depth_counts_nesting_not_prose() {
        let deep = format!("x: {}{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(flow_too_deep(&deep), Some((1, 132)));
        // Unbalanced brackets in prose, line after line, are not nesting.
        let prose = "description: |\n".to_string() + &"  a range [0, 1) and [x\n".repeat(500);
        assert_eq!(flow_too_deep(&prose), None);
        // A real flow collection over several lines is counted across them.
        let multi = format!(
            "x:\n{}",
            (0..200)
                .map(|i| format!("{}[\n", " ".repeat(i + 1)))
                .collect::<String>()
        );
        assert_eq!(flow_too_deep(&multi).map(|(line, _)| line), Some(130));
        // `#` inside a plain scalar is no comment, a quote inside one opens nothing, and an
        // escaped quote does not close a double-quoted scalar: the brackets after them count.
        for head in ["x-a: [a#b, ", "x-a: [a'b, ", "x-a: [\"a\\\"b\", "] {
            let text = format!("{head}{}", "[".repeat(1000));
            assert!(flow_too_deep(&text).is_some(), "{head}");
        }
        // While a real comment and real quotes still hide theirs.
        for text in ["x: 1 # [[[[", "x: '[[[['", "x: \"[[\\\"[[\""] {
            let text = text.replace("[[[[", &"[".repeat(1000));
            assert_eq!(flow_too_deep(&text), None, "{text}");
        }
    }
}
