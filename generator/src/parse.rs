//! Passes 1 and 3: text (YAML or JSON) → tree, and the normalised tree → `openapiv3::OpenAPI`.
//!
//! The tree is a `serde_json::Value` (with `preserve_order`, so the spec's order survives into the
//! output). YAML goes through `yaml_serde`, but not into its own `Value`: real specs hold integer
//! literals beyond `i64` (OpenAI writes `minimum: -9223372036854776000`), which serde-based YAML
//! loaders hand over as `i128` and `serde_json::Value` refuses. [`Tree`] accepts them as `f64`,
//! which is what the authors' JSON tooling meant, and accepts the non-string mapping keys YAML
//! allows (`200:` for a response code) as strings.

use crate::error::Error;
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

/// Serde's messages end with " at line X column Y"; the error carries those as fields already.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

/// Deserializes the normalised tree into the typed model, naming the JSON pointer of a failure.
pub fn to_openapi(tree: &Value) -> Result<openapiv3::OpenAPI, Error> {
    serde_path_to_error::deserialize(tree).map_err(|e| {
        let pointer = path_to_pointer(e.path());
        Error::invalid(pointer, e.inner().to_string())
    })
}

/// Turns `serde_path_to_error`'s path (`paths./pets.get.responses`) into a JSON pointer.
fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::from("#");
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => {
                pointer = crate::error::pointer_push(&pointer, &index.to_string())
            }
            Segment::Map { key } => pointer = crate::error::pointer_push(&pointer, key),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
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
