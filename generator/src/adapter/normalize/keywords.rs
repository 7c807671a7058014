//! Schema keywords whose value is of the wrong JSON type (`pattern: 0`, `nullable: "true"`,
//! a property's Swagger-2 `required: true`). openapiv3 refuses the whole document on one of
//! them; each is read as meant where the intent is plain, else left out, with a note either way.

use super::Normalizer;
use crate::error::pointer_push;
use serde_json::{Map, Value};

/// The JSON type a keyword's value must have for openapiv3 to read it.
#[derive(Clone, Copy)]
enum Expect {
    Text,
    Count,
    Number,
    Flag,
    List,
    Object,
    /// A schema: an object, or 3.1's `true`/`false`.
    Schema,
}

/// The type openapiv3 reads a schema keyword's value as, for every keyword it reads into a
/// typed field; those it keeps as any JSON (`default`, `example`, `enum`'s members) are `None`.
fn expect_of(key: &str) -> Option<Expect> {
    Some(match key {
        "title" | "description" | "pattern" | "format" | "type" => Expect::Text,
        "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties" | "maxProperties" => {
            Expect::Count
        }
        "minimum" | "maximum" | "multipleOf" => Expect::Number,
        "nullable" | "readOnly" | "writeOnly" | "deprecated" | "uniqueItems"
        | "exclusiveMinimum" | "exclusiveMaximum" => Expect::Flag,
        "enum" | "required" | "allOf" | "oneOf" | "anyOf" => Expect::List,
        "properties" | "discriminator" | "externalDocs" | "xml" => Expect::Object,
        "items" | "not" | "additionalProperties" => Expect::Schema,
        _ => return None,
    })
}

impl Normalizer<'_> {
    /// Reads each keyword of the wrong type as meant, or leaves it out (see the module docs).
    /// A property's `required: true` (Swagger 2 wrote it there) makes it one of `schema`'s
    /// `required`; runs before the walk reaches the properties.
    pub(super) fn keyword_types(&mut self, s: &mut Map<String, Value>, ptr: &str) {
        self.required_flags(s, ptr);
        // One pass over the schema's few keys finds the misfits (most schemas have none).
        let misfits: Vec<(String, Expect)> = s
            .iter()
            .filter_map(|(key, value)| {
                let expect = expect_of(key)?;
                (!fits(expect, value)).then(|| (key.clone(), expect))
            })
            .collect();
        for (key, expect) in misfits {
            let key = key.as_str();
            let Some(value) = s.get(key) else { continue };
            if value.is_null() {
                // Written `null`: absent, exactly (openapiv3 refuses `null` for a flag).
                s.shift_remove(key);
                continue;
            }
            let at = pointer_push(ptr, key);
            match meant(key, expect, value) {
                Some(read) => {
                    self.note(
                        &at,
                        format!(
                            "{} where {} belongs; read as {read}",
                            described(value),
                            expected(expect)
                        ),
                    );
                    s.insert(key.to_string(), read);
                }
                None => {
                    self.note(
                        &at,
                        format!(
                            "{} where {} belongs; ignored",
                            described(value),
                            expected(expect)
                        ),
                    );
                    s.shift_remove(key);
                }
            }
        }
        self.unknown_type(s, ptr);
        if let Some(Value::Array(names)) = s.get_mut("required") {
            let before = names.len();
            names.retain(Value::is_string);
            if names.len() < before {
                self.note(
                    &pointer_push(ptr, "required"),
                    "names that are not strings are in `required`; ignored",
                );
            }
        }
    }

    /// A `type` JSON Schema does not have: one with stray punctuation or capitals is that
    /// type, Swagger 2's `file` is a binary string; any other (a language's type name) is left
    /// out, so the value is any JSON.
    fn unknown_type(&mut self, s: &mut Map<String, Value>, ptr: &str) {
        const TYPES: [&str; 7] = [
            "string", "number", "integer", "boolean", "object", "array", "null",
        ];
        let Some(Value::String(name)) = s.get("type") else {
            return;
        };
        if TYPES.contains(&name.as_str()) {
            return;
        }
        let at = pointer_push(ptr, "type");
        // A known type with stray punctuation or case (`string,`, `String`): that type.
        let bare = name
            .trim_matches(|c: char| !c.is_ascii_alphanumeric())
            .to_ascii_lowercase();
        if TYPES.contains(&bare.as_str()) {
            self.note(
                &at,
                format!("not a JSON Schema type as written; read as `{bare}`"),
            );
            s.insert("type".into(), Value::String(bare));
            return;
        }
        if name == "file" {
            s.insert("type".into(), Value::String("string".into()));
            s.insert("format".into(), Value::String("binary".into()));
            self.note(
                &at,
                "`file` is Swagger 2's type for uploads; read as a binary string",
            );
        } else {
            s.shift_remove("type");
            self.note(
                &at,
                "not a JSON Schema type; ignored, so the value is any JSON",
            );
        }
    }

    /// `properties: {x: {required: true}}`: `x` joins the schema's `required` (with a note),
    /// and the flag leaves the property; `required: false` just leaves it.
    fn required_flags(&mut self, s: &mut Map<String, Value>, ptr: &str) {
        let Some(Value::Object(properties)) = s.get_mut("properties") else {
            return;
        };
        let mut names = Vec::new();
        for (name, property) in properties.iter_mut() {
            let Some(property) = property.as_object_mut() else {
                continue;
            };
            if let Some(&Value::Bool(flag)) = property.get("required") {
                if flag {
                    names.push(name.clone());
                }
                property.shift_remove("required");
                let at = pointer_push(
                    &pointer_push(&pointer_push(ptr, "properties"), name),
                    "required",
                );
                self.note(
                    &at,
                    match flag {
                        true => "`required: true` on a property (Swagger 2's way); read as the property being one of its object's `required`",
                        false => "`required: false` on a property (Swagger 2's way); read as the property being optional",
                    },
                );
            }
        }
        if names.is_empty() {
            return;
        }
        if !matches!(s.get("required"), Some(Value::Array(_))) {
            s.insert("required".into(), Value::Array(Vec::new()));
        }
        if let Some(Value::Array(required)) = s.get_mut("required") {
            for name in names {
                if !required.iter().any(|r| r.as_str() == Some(name.as_str())) {
                    required.push(Value::String(name));
                }
            }
        }
    }
}

/// Whether `value` is what openapiv3 reads for a keyword expecting `expect`.
fn fits(expect: Expect, value: &Value) -> bool {
    match expect {
        Expect::Text => value.is_string(),
        Expect::Count => value.is_u64(),
        Expect::Number => value.is_number(),
        Expect::Flag => value.is_boolean(),
        Expect::List => value.is_array(),
        Expect::Object => value.is_object(),
        Expect::Schema => value.is_object() || value.is_boolean(),
    }
}

/// The value a wrongly typed one plainly means, where it plainly means one: a number or a
/// flag written as text (`"5"`, `"true"`), a description written as a number, one name where
/// a list of names belongs (`required: id`), a list of one schema where a schema belongs,
/// Swagger 2's `discriminator: kind` (the property's name).
fn meant(key: &str, expect: Expect, value: &Value) -> Option<Value> {
    match (expect, value) {
        (Expect::Text, Value::Number(_) | Value::Bool(_))
            if matches!(key, "title" | "description") =>
        {
            Some(Value::String(value.to_string()))
        }
        (Expect::List, Value::String(_)) if matches!(key, "required" | "enum") => {
            Some(Value::Array(vec![value.clone()]))
        }
        (Expect::Schema, Value::Array(items)) if items.len() == 1 && items[0].is_object() => {
            Some(items[0].clone())
        }
        // Swagger 2 named the discriminating property with a string.
        (Expect::Object, Value::String(name)) if key == "discriminator" => {
            Some(serde_json::json!({ "propertyName": name }))
        }
        (Expect::Count, Value::String(text)) => text.trim().parse::<u64>().ok().map(Value::from),
        (Expect::Count, Value::Number(n)) => n
            .as_f64()
            .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= u32::MAX as f64)
            .map(|f| Value::from(f as u64)),
        (Expect::Number, Value::String(text)) => match text.trim().parse::<i64>() {
            Ok(whole) => Some(Value::from(whole)),
            Err(_) => text
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number),
        },
        (Expect::Flag, Value::String(text)) => match text.trim() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        _ => None,
    }
}

/// How a note names the JSON type that was expected.
fn expected(expect: Expect) -> &'static str {
    match expect {
        Expect::Text => "a string",
        Expect::Count => "a count (a whole number, 0 or more)",
        Expect::Number => "a number",
        Expect::Flag => "`true` or `false`",
        Expect::List => "a list",
        Expect::Object => "an object",
        Expect::Schema => "a schema",
    }
}

/// How a note names the value that was written (its type; never spec text at length).
fn described(value: &Value) -> &'static str {
    match value {
        Value::Null => "`null`",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
