//! Pass 1: text (YAML or JSON) → tree.
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
