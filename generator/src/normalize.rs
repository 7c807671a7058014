//! Pass 2: rewrite an OpenAPI 3.1 tree into the 3.0 shape that `openapiv3` understands.
//!
//! `openapiv3` models 3.0. Fed 3.1 it rejects `type: [T, "null"]` and numeric
//! `exclusiveMinimum`, and silently drops `const`, `examples` and every keyword written next to a
//! `$ref`. So before the typed parse the raw tree is walked, schema by schema (the walk knows
//! where schemas can stand, so a media type's `examples` map is never mistaken for a schema's
//! `examples` list), and each 3.1 construct is rewritten into its 3.0 equivalent. Every rewrite
//! that loses information leaves a [`Note`]; silent ones are those with an exact 3.0 equivalent.

use crate::error::{pointer_push, Note};
use serde_json::{Map, Value};

/// The `components` extension naming the `mutualTLS` schemes taken out of
/// `securitySchemes` (openapiv3 cannot read them); `lower` reads it back.
pub const MUTUAL_TLS: &str = "x-openapi-client-gen-mutual-tls";

/// The HTTP methods a path item can hold, in the order the generator visits them.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Rewrites `tree` in place, noting in `notes` what it had to approximate.
pub fn normalize(tree: &mut Value, notes: &mut Vec<Note>) {
    let mut n = Normalizer { notes };
    if let Some(root) = tree.as_object_mut() {
        n.root(root);
    }
}

/// A walk over one kind of object.
type Walk<'n> = fn(&mut Normalizer<'n>, &mut Value, &str);

struct Normalizer<'n> {
    notes: &'n mut Vec<Note>,
}

impl<'n> Normalizer<'n> {
    fn note(&mut self, pointer: &str, message: impl Into<String>) {
        self.notes.push(Note {
            pointer: pointer.to_string(),
            message: message.into(),
        });
    }

    fn root(&mut self, root: &mut Map<String, Value>) {
        // 3.1 makes `paths` optional (a webhooks-only document); openapiv3 requires it.
        if !root.contains_key("paths") {
            root.insert("paths".into(), Value::Object(Map::new()));
        }
        if root.contains_key("webhooks") {
            self.note("#/webhooks", "webhooks are not generated (they are requests the server sends, not calls the client makes)");
        }
        if let Some(Value::Object(paths)) = root.get_mut("paths") {
            for (key, item) in paths.iter_mut() {
                let ptr = pointer_push("#/paths", key);
                self.path_item(item, &ptr);
            }
        }
        if let Some(Value::Object(components)) = root.get_mut("components") {
            self.components(components);
        }
    }

    fn components(&mut self, components: &mut Map<String, Value>) {
        let sections: [(&str, Walk<'n>); 5] = [
            ("schemas", Self::schema),
            ("parameters", Self::parameter),
            ("responses", Self::response),
            ("requestBodies", Self::request_body),
            ("headers", Self::parameter),
        ];
        for (section, walk) in sections {
            if let Some(Value::Object(entries)) = components.get_mut(section) {
                for (name, value) in entries.iter_mut() {
                    let ptr = pointer_push(&pointer_push("#/components", section), name);
                    walk(self, value, &ptr);
                }
            }
        }
        if let Some(Value::Object(schemes)) = components.get_mut("securitySchemes") {
            // `mutualTLS` is new in 3.1 and unknown to openapiv3. TLS client certificates are
            // configured on the HTTP client, not per request, so the scheme leaves the map; its
            // name is kept in `MUTUAL_TLS` so that requirements naming it still mean something.
            let mtls: Vec<Value> = schemes
                .iter()
                .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS"))
                .map(|(k, _)| Value::String(k.clone()))
                .collect();
            for name in &mtls {
                schemes.shift_remove(name.as_str().unwrap_or_default());
            }
            if !mtls.is_empty() {
                components.insert(MUTUAL_TLS.to_string(), Value::Array(mtls));
            }
        }
    }

    fn path_item(&mut self, item: &mut Value, ptr: &str) {
        let Some(item) = item.as_object_mut() else {
            return;
        };
        if let Some(Value::Array(params)) = item.get_mut("parameters") {
            for (i, p) in params.iter_mut().enumerate() {
                self.parameter(
                    p,
                    &pointer_push(&pointer_push(ptr, "parameters"), &i.to_string()),
                );
            }
        }
        for method in METHODS {
            let Some(Value::Object(op)) = item.get_mut(method) else {
                continue;
            };
            let op_ptr = pointer_push(ptr, method);
            // 3.1 makes `responses` optional; openapiv3 requires it.
            if !op.contains_key("responses") {
                op.insert("responses".into(), Value::Object(Map::new()));
            }
            if let Some(Value::Array(params)) = op.get_mut("parameters") {
                for (i, p) in params.iter_mut().enumerate() {
                    let p_ptr = pointer_push(&pointer_push(&op_ptr, "parameters"), &i.to_string());
                    self.parameter(p, &p_ptr);
                }
            }
            if let Some(body) = op.get_mut("requestBody") {
                self.request_body(body, &pointer_push(&op_ptr, "requestBody"));
            }
            if let Some(Value::Object(responses)) = op.get_mut("responses") {
                for (code, response) in responses.iter_mut() {
                    let r_ptr = pointer_push(&pointer_push(&op_ptr, "responses"), code);
                    self.response(response, &r_ptr);
                }
            }
        }
    }

    /// Parameters and headers share a shape: `schema`, or `content` holding media types.
    fn parameter(&mut self, param: &mut Value, ptr: &str) {
        let Some(param) = param.as_object_mut() else {
            return;
        };
        if let Some(schema) = param.get_mut("schema") {
            self.schema(schema, &pointer_push(ptr, "schema"));
        }
        self.content(param, ptr);
    }

    fn request_body(&mut self, body: &mut Value, ptr: &str) {
        if let Some(body) = body.as_object_mut() {
            self.content(body, ptr);
        }
    }

    fn response(&mut self, response: &mut Value, ptr: &str) {
        let Some(response) = response.as_object_mut() else {
            return;
        };
        self.content(response, ptr);
        if let Some(Value::Object(headers)) = response.get_mut("headers") {
            for (name, header) in headers.iter_mut() {
                self.parameter(header, &pointer_push(&pointer_push(ptr, "headers"), name));
            }
        }
    }

    fn content(&mut self, holder: &mut Map<String, Value>, ptr: &str) {
        if let Some(Value::Object(content)) = holder.get_mut("content") {
            for (media, entry) in content.iter_mut() {
                let m_ptr = pointer_push(&pointer_push(ptr, "content"), media);
                if let Some(schema) = entry.get_mut("schema") {
                    self.schema(schema, &pointer_push(&m_ptr, "schema"));
                }
            }
        }
    }

    /// Rewrites one schema, then its subschemas.
    fn schema(&mut self, schema: &mut Value, ptr: &str) {
        // 3.1 boolean schemas: `true` accepts anything, `false` nothing.
        if let Value::Bool(accept) = schema {
            *schema = if *accept {
                Value::Object(Map::new())
            } else {
                serde_json::json!({ "not": {} })
            };
        }
        let Some(s) = schema.as_object_mut() else {
            return;
        };

        self.ref_siblings(s);
        self.type_list(s, ptr);
        self.null_members(s);
        if let Some(value) = s.remove("const") {
            // `const` usually stands alone; the value's own type is the schema's type.
            let inferred = match &value {
                Value::String(_) => Some("string"),
                Value::Bool(_) => Some("boolean"),
                Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
                Value::Number(_) => Some("number"),
                _ => None,
            };
            if let (false, Some(t)) = (s.contains_key("type"), inferred) {
                s.insert("type".into(), Value::String(t.into()));
            }
            s.insert("enum".into(), Value::Array(vec![value]));
        }
        if let Some(Value::Array(examples)) = s.remove("examples") {
            if let (false, Some(first)) = (s.contains_key("example"), examples.into_iter().next()) {
                s.insert("example".into(), first);
            }
        }
        for (exclusive, bound) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            if let Some(limit @ Value::Number(_)) = s.get(exclusive).cloned() {
                s.insert(bound.into(), limit);
                s.insert(exclusive.into(), Value::Bool(true));
            }
        }

        if let Some(Value::Object(props)) = s.get_mut("properties") {
            for (name, prop) in props.iter_mut() {
                self.schema(prop, &pointer_push(&pointer_push(ptr, "properties"), name));
            }
        }
        for key in ["items", "additionalProperties", "not"] {
            if let Some(sub) = s.get_mut(key) {
                // `additionalProperties: true/false` is valid 3.0 and means "any/no extra keys".
                if key == "additionalProperties" && sub.is_boolean() {
                    continue;
                }
                self.schema(sub, &pointer_push(ptr, key));
            }
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            if let Some(Value::Array(members)) = s.get_mut(key) {
                for (i, member) in members.iter_mut().enumerate() {
                    self.schema(
                        member,
                        &pointer_push(&pointer_push(ptr, key), &i.to_string()),
                    );
                }
            }
        }
    }

    /// `{$ref, description, ...}`: 3.1 keeps the siblings, openapiv3 drops them. Moving the
    /// reference into a one-member `allOf` keeps both, and the merge pass treats such an `allOf`
    /// as "the referenced type, annotated".
    fn ref_siblings(&mut self, s: &mut Map<String, Value>) {
        if s.len() > 1 {
            if let Some(target) = s.remove("$ref") {
                let member = serde_json::json!({ "$ref": target });
                match s.get_mut("allOf") {
                    Some(Value::Array(members)) => members.insert(0, member),
                    _ => {
                        s.insert("allOf".into(), Value::Array(vec![member]));
                    }
                }
            }
        }
    }

    /// `type: [T, "null"]` → `type: T, nullable: true`.
    fn type_list(&mut self, s: &mut Map<String, Value>, ptr: &str) {
        match s.get("type") {
            Some(Value::String(t)) if t == "null" => {
                s.remove("type");
                s.insert("nullable".into(), Value::Bool(true));
            }
            Some(Value::Array(types)) => {
                let nullable = types.iter().any(|t| t == "null");
                let rest: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
                s.remove("type");
                if nullable {
                    s.insert("nullable".into(), Value::Bool(true));
                }
                match rest.len() {
                    0 => {}
                    1 => {
                        s.insert("type".into(), rest[0].clone());
                    }
                    _ => self.note(
                        &pointer_push(ptr, "type"),
                        format!(
                            "a list of types ({}) is generated as serde_json::Value",
                            Value::Array(rest)
                        ),
                    ),
                }
            }
            _ => {}
        }
    }

    /// `anyOf`/`oneOf` with a `{type: "null"}` member → the schema is nullable, and if one
    /// member remains the choice is no choice at all: it becomes a one-member `allOf`.
    fn null_members(&mut self, s: &mut Map<String, Value>) {
        for key in ["anyOf", "oneOf"] {
            let Some(Value::Array(members)) = s.get_mut(key) else {
                continue;
            };
            let before = members.len();
            members.retain(|m| !is_null_schema(m));
            if members.len() == before {
                continue;
            }
            s.insert("nullable".into(), Value::Bool(true));
            if let Some(Value::Array(members)) = s.get(key) {
                if members.len() == 1 && !s.contains_key("allOf") {
                    if let Some(Value::Array(members)) = s.remove(key) {
                        s.insert("allOf".into(), Value::Array(members));
                    }
                }
            }
        }
    }
}

fn is_null_schema(v: &Value) -> bool {
    match v.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(ts)) => ts.iter().all(|t| t == "null"),
        _ => false,
    }
}
