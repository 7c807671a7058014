//! A 3.1 list of several types (`type: [string, integer]`: GitHub's issue `milestone`, a
//! number or its text in BigCommerce's orders) is one of them: rewritten as an `anyOf` of one
//! schema per type, each with the keywords that constrain that type (a string's `maxLength`,
//! a number's `minimum`, the `enum` values of its type), so the field is a typed union
//! (`Milestone::String(..)`, `Milestone::Integer(..)`) instead of any JSON. What describes the
//! value whatever its type (`description`, `default`, `nullable`) stays on the schema.

use crate::adapter::shape;
use serde_json::{Map, Value};

/// The keywords that constrain one type only, moved to that type's member.
const STRING: &[&str] = &[
    "minLength",
    "maxLength",
    "pattern",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
];
const NUMBER: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];
const ARRAY: &[&str] = &[
    "items",
    "prefixItems",
    "minItems",
    "maxItems",
    "uniqueItems",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedItems",
];
const OBJECT: &[&str] = &[
    "properties",
    "required",
    "additionalProperties",
    "patternProperties",
    "propertyNames",
    "minProperties",
    "maxProperties",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
    "discriminator",
];

/// Whether every entry of a list of types is a JSON Schema type.
pub(super) fn all_known(types: &[Value]) -> bool {
    let known = ["string", "number", "integer", "boolean", "object", "array"];
    types
        .iter()
        .all(|t| t.as_str().is_some_and(|t| known.contains(&t)))
}

/// Whether `s` is a choice or a merge already (a `$ref` beside other keywords was made an
/// `allOf` member before): its members type the value, and the list only repeats them.
pub(super) fn beside_members(s: &Map<String, Value>) -> bool {
    ["allOf", "anyOf", "oneOf"]
        .iter()
        .any(|key| s.contains_key(*key))
}

/// `s` (its `type` already taken out) as an `anyOf` of `types`, integers tried before numbers
/// (an integer is a number too: decoded as one, `5` would be sent back as `5.0`). A type no
/// `enum` value belongs to is left out: nothing of it is allowed.
pub(super) fn rewrite(s: &mut Map<String, Value>, listed: &[Value]) {
    let mut types: Vec<&str> = Vec::new();
    for t in listed.iter().filter_map(Value::as_str) {
        if !types.contains(&t) {
            types.push(t);
        }
    }
    if let (Some(int), Some(num)) = (
        types.iter().position(|t| *t == "integer"),
        types.iter().position(|t| *t == "number"),
    ) {
        if num < int {
            types.remove(int);
            types.insert(num, "integer");
        }
    }
    let values = match s.remove("enum") {
        Some(Value::Array(values)) => Some(values),
        _ => None,
    };
    let format = s.remove("format");
    let mut members = Vec::new();
    for t in &types {
        let mut member = Map::new();
        member.insert("type".into(), Value::String(t.to_string()));
        let own: &[&str] = match *t {
            "string" => STRING,
            "number" | "integer" => NUMBER,
            "array" => ARRAY,
            "object" => OBJECT,
            _ => &[],
        };
        for key in own {
            // Numbers' bounds hold for integers too: copied to both when both are listed.
            if let Some(value) = s.get(*key) {
                member.insert(key.to_string(), value.clone());
            }
        }
        if let Some(Value::String(f)) = &format {
            if format_type(f) == *t {
                member.insert("format".into(), Value::String(f.clone()));
            }
        }
        if let Some(values) = &values {
            let mine: Vec<Value> = values
                .iter()
                .filter(|v| value_type(v, &types) == Some(*t))
                .cloned()
                .collect();
            if mine.is_empty() {
                continue;
            }
            member.insert("enum".into(), Value::Array(mine));
            // An enum member is a type of its own: named after its JSON type, as a plain
            // member's variant is (`Amount::String(AmountString)`, not `Option1`).
            let word = format!("{}{}", t[..1].to_ascii_uppercase(), &t[1..]);
            member.insert(shape::MEMBER_WORD.into(), Value::String(word));
        }
        members.push(Value::Object(member));
    }
    for key in [STRING, NUMBER, ARRAY, OBJECT].concat() {
        s.remove(key);
    }
    if values
        .as_ref()
        .is_some_and(|v| v.iter().any(Value::is_null))
    {
        s.insert("nullable".into(), Value::Bool(true));
    }
    // No value of any listed type is allowed (`enum: [null]`): nothing to choose from.
    if !members.is_empty() {
        s.insert("anyOf".into(), Value::Array(members));
    }
}

/// The type a `format` constrains: integers' widths, numbers' precisions, else strings'.
fn format_type(format: &str) -> &'static str {
    match format {
        "int8" | "int16" | "int32" | "int64" | "uint8" | "uint16" | "uint32" | "uint64" => {
            "integer"
        }
        "float" | "double" => "number",
        _ => "string",
    }
}

/// Which of `types` an `enum` value belongs to (a whole number to `integer` when listed).
fn value_type(value: &Value, types: &[&str]) -> Option<&'static str> {
    Some(match value {
        Value::String(_) => "string",
        Value::Bool(_) => "boolean",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
        Value::Number(n) if (n.is_i64() || n.is_u64()) && types.contains(&"integer") => "integer",
        Value::Number(_) => "number",
        Value::Null => return None,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    fn rewritten(schema: serde_json::Value) -> serde_json::Value {
        let mut map = schema.as_object().unwrap().clone();
        let types = match map.remove("type") {
            Some(serde_json::Value::Array(types)) => types,
            _ => panic!("a list of types"),
        };
        super::rewrite(&mut map, &types);
        serde_json::Value::Object(map)
    }

    #[test]
    fn each_type_gets_its_keywords_and_integers_come_before_numbers() {
        let schema = rewritten(json!({
            "type": ["number", "string", "integer"],
            "description": "kept on the union",
            "maxLength": 8,
            "minimum": 0,
            "format": "int64",
        }));
        assert_eq!(
            schema,
            json!({
                "description": "kept on the union",
                "anyOf": [
                    {"type": "integer", "minimum": 0, "format": "int64"},
                    {"type": "number", "minimum": 0},
                    {"type": "string", "maxLength": 8},
                ],
            })
        );
    }

    #[test]
    fn a_type_listed_twice_is_one_member_and_an_enum_of_none_makes_no_choice() {
        let schema = rewritten(json!({"type": ["string", "integer", "string"]}));
        assert_eq!(
            schema,
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}]})
        );
        let schema = rewritten(json!({"type": ["string", "integer"], "enum": [null]}));
        assert_eq!(schema, json!({"nullable": true}));
    }

    #[test]
    fn enum_values_go_to_their_type_and_a_type_without_any_is_left_out() {
        let schema = rewritten(json!({
            "type": ["string", "number", "boolean", "object"],
            "enum": ["free", 1.5, 2, null],
            "properties": {"a": {}},
        }));
        assert_eq!(
            schema,
            json!({
                "nullable": true,
                "anyOf": [
                    {"type": "string", "enum": ["free"], "x-openapi-client-gen-word": "String"},
                    {"type": "number", "enum": [1.5, 2], "x-openapi-client-gen-word": "Number"},
                ],
            })
        );
    }
}
