//! Pass 2: rewrite an OpenAPI 3.1 tree into the 3.0 shape that `openapiv3` understands.
//!
//! `openapiv3` models 3.0. Fed 3.1 it rejects `type: [T, "null"]` and numeric
//! `exclusiveMinimum`, and silently drops `const`, `examples` and every keyword written next to a
//! `$ref`. So before the typed parse the raw tree is walked, schema by schema (the walk knows
//! where schemas can stand, so a media type's `examples` map is never mistaken for a schema's
//! `examples` list), and each 3.1 construct is rewritten into its 3.0 equivalent. Every rewrite
//! that loses information leaves a [`Note`]; silent ones are those with an exact 3.0 equivalent.

use crate::adapter::shape::{self, Kind};
use crate::error::{pointer_push, Note};
use serde_json::{Map, Value};

mod dynamic;
mod kept;
mod keywords;
mod querystring;
mod targets;
mod type_union;
mod v3_2;

use kept::{adds_fields, keep_alternatives, keep_extra_operations, keep_prefix_items};

use crate::adapter::shape::MUTUAL_TLS;

/// Rewrites `tree` in place, noting in `notes` what it had to approximate.
pub fn normalize(tree: &mut Value, notes: &mut Vec<Note>) {
    let anchors = dynamic::Anchors::of(tree);
    let mut n = Normalizer {
        notes,
        anchors,
        references: Vec::new(),
    };
    shape::walk_typed_mut(tree, Kind::Root, "#", &mut |kind, ptr, value| {
        n.visit(kind, ptr, value)
    });
    // Schemas that `$ref`s point at where openapiv3 reads no schema (`$defs`, `definitions`,
    // an extension): the resolver parses them as schemas, so they are normalised as schemas.
    let elsewhere = targets::schemas_elsewhere(tree, std::mem::take(&mut n.references));
    for at in &elsewhere {
        if let Some(schema) = targets::at_mut(tree, at) {
            shape::walk_typed_mut(schema, Kind::Schema, at, &mut |kind, ptr, value| {
                n.visit(kind, ptr, value)
            });
        }
    }
    // Normalised where they stand, the alternatives beside `properties` and `prefixItems`
    // then move where openapiv3 keeps them.
    let mut keep = |kind, _: &str, value: &mut Value| {
        if let (Kind::Schema, Value::Object(schema)) = (kind, value) {
            keep_alternatives(schema);
            keep_prefix_items(schema);
        }
        true
    };
    shape::walk_typed_mut(tree, Kind::Root, "#", &mut keep);
    for at in &elsewhere {
        if let Some(schema) = targets::at_mut(tree, at) {
            shape::walk_typed_mut(schema, Kind::Schema, at, &mut keep);
        }
    }
    // Rewritten where they stand (so that notes point there), 3.1's webhooks and 3.2's QUERY
    // and additional operations then move where openapiv3 keeps them (extensions), for
    // `lower` and `shape::operations`.
    if let Value::Object(root) = tree {
        if let Some(webhooks) = root.shift_remove("webhooks") {
            root.insert(shape::WEBHOOKS.into(), webhooks);
        }
    }
    for section in [
        &["paths"][..],
        &["components", "pathItems"][..],
        &[shape::WEBHOOKS][..],
    ] {
        let mut at = Some(&mut *tree);
        for key in section {
            at = at.and_then(|v| v.get_mut(*key));
        }
        if let Some(Value::Object(items)) = at {
            for item in items.values_mut() {
                if let Value::Object(item) = item {
                    keep_extra_operations(item);
                }
            }
        }
    }
}

struct Normalizer<'n> {
    notes: &'n mut Vec<Note>,
    /// The component schemas' `$dynamicAnchor`s, which a `$dynamicRef` is followed to.
    anchors: dynamic::Anchors,
    /// The `$ref`s written where a schema stands, as the walk meets them (for
    /// [`targets::schemas_elsewhere`]).
    references: Vec<String>,
}

impl Normalizer<'_> {
    fn note(&mut self, pointer: &str, message: impl Into<String>) {
        self.notes.push(Note {
            pointer: pointer.to_string(),
            message: message.into(),
        });
    }

    /// Rewrites one value the walk reached (see [`shape::walk_typed_mut`]); always goes on.
    fn visit(&mut self, kind: Kind, ptr: &str, value: &mut Value) -> bool {
        if let Value::Object(map) = value {
            if let (Kind::Schema | Kind::AdditionalProperties, Some(Value::String(r))) =
                (kind, map.get("$ref"))
            {
                self.references.push(r.clone());
            }
            if kind == Kind::Schema {
                self.anchors.follow(map);
            }
            self.absent_nulls(kind, ptr, map);
            if matches!(kind, Kind::Schema | Kind::AdditionalProperties) {
                self.pattern_map(ptr, map);
            }
            self.v3_2(kind, ptr, map);
            self.not_honoured(kind, ptr, map);
        }
        match (kind, value) {
            (Kind::Root, Value::Object(root)) => {
                if let Some(Value::Object(info)) = root.get_mut("info") {
                    for field in ["title", "version"] {
                        self.required_doc(info, "#/info", field);
                    }
                }
                // 3.1 makes `paths` optional (a webhooks-only document); openapiv3 requires it.
                if !root.contains_key("paths") {
                    root.insert("paths".into(), Value::Object(Map::new()));
                }
            }
            // 3.1 makes `responses` optional; openapiv3 requires it.
            (Kind::Operation, Value::Object(op)) if !op.contains_key("responses") => {
                op.insert("responses".into(), Value::Object(Map::new()));
            }
            (Kind::Response, Value::Object(response)) if !response.contains_key("$ref") => {
                self.required_doc(response, ptr, "description");
            }
            (Kind::Components, Value::Object(components)) => Self::mutual_tls(components),
            (Kind::Schema, schema) => self.schema(schema, ptr),
            // `additionalProperties: true/false` is valid 3.0 and means "any/no extra keys".
            (Kind::AdditionalProperties, schema @ Value::Object(_)) => self.schema(schema, ptr),
            _ => {}
        }
        true
    }

    /// `patternProperties` that give every value of an object one schema, besides those of its
    /// `properties` (a pattern matching any key, or patterns of one schema and no other keys
    /// allowed), are 3.0's `additionalProperties` with that schema: a map of it (Lithic's
    /// amounts by category), or beside properties the struct's typed map of the other keys.
    /// Patterns that do not match every key are not checked against the keys, with a note.
    fn pattern_map(&mut self, ptr: &str, map: &mut Map<String, Value>) {
        let Some(Value::Object(patterns)) = map.get("patternProperties") else {
            return;
        };
        let mut schemas = patterns.values();
        let Some(first) = schemas.next() else {
            return;
        };
        if !schemas.all(|schema| schema == first) {
            return;
        }
        const ANY_KEY: [&str; 5] = ["", ".*", "^.*$", "^.*", ".*$"];
        let any_key = patterns.keys().any(|p| ANY_KEY.contains(&p.as_str()));
        let closed = map.get("additionalProperties") == Some(&Value::Bool(false));
        if !any_key && !closed {
            return;
        }
        let schema = first.clone();
        if !any_key {
            let keys: Vec<&str> = patterns.keys().map(String::as_str).collect();
            self.note(
                &pointer_push(ptr, "patternProperties"),
                format!(
                    "the keys besides `properties` are a map of its schema, not checked against `{}`",
                    keys.join("`, `")
                ),
            );
        }
        map.shift_remove("patternProperties");
        map.insert("additionalProperties".into(), schema);
        if !map.contains_key("type") {
            map.insert("type".into(), Value::String("object".into()));
        }
    }

    /// What OpenAPI 3.0 and 3.1 define and the generator does not honour yet (the rows marked
    /// partial or unsupported in `docs/conformance.md`): each named in a note with what the
    /// crate does instead, never dropped in silence. The document is left as it is.
    fn not_honoured(&mut self, kind: Kind, ptr: &str, map: &Map<String, Value>) {
        let mut note = |key: &str, message: &str| note_key(self.notes, map, ptr, key, message);
        match kind {
            Kind::Schema => {
                note("$dynamicRef", "`$dynamicRef` is followed only to an anchor one component schema declares at its top: this value is any JSON (`serde_json::Value`)");
                note("patternProperties", "`patternProperties` is not typed yet: keys not in `properties` are not checked against it");
                for conditional in ["if", "dependentSchemas", "unevaluatedProperties"] {
                    note(conditional, &format!("`{conditional}` is not checked: the type comes from the schema's other keywords"));
                }
                // Both `oneOf` and `anyOf` beside `properties`: only the properties are typed
                // (one of them alone becomes a union of structs: see `keep_alternatives`).
                if properties_beside(map)
                    && !map.contains_key("allOf")
                    && adds_fields(map.get("oneOf"))
                    && adds_fields(map.get("anyOf"))
                {
                    note("anyOf", "`oneOf` and `anyOf` both beside `properties` are not merged: the type has the properties only (the alternatives' own fields stay in the raw body)");
                }
            }
            Kind::SecurityScheme => {
                let flows = map.get("flows").and_then(Value::as_object);
                // The password flow the client runs (`with_.._password`), as it does the
                // client-credentials one.
                for flow in ["authorizationCode", "implicit"] {
                    if flows.is_some_and(|f| f.contains_key(flow)) {
                        // The authorization step needs a browser; refreshing its tokens does not.
                        let refresh = match flow {
                            "authorizationCode" => {
                                ", or a refresh token it exchanges itself (`with_.._refresh_token`)"
                            }
                            _ => "",
                        };
                        self.notes.push(Note {
                            pointer: pointer_push(&pointer_push(ptr, "flows"), flow),
                            message: format!("the OAuth2 `{flow}` flow is not run by the client: give it the token (its `with_..` or `with_.._provider` setter){refresh}"),
                        });
                    }
                }
            }
            _ => {}
        }
    }

    /// A `null` written where a map, a list or an object of the document belongs
    /// (`requestBodies: null`, `parameters: null`): its intent is "none", so the key is read as
    /// absent, with a note. Values (`default: null`, `enum: [null]`) and documentation are left
    /// alone: there `null` means something, or `openapiv3` reads it as absent already.
    fn absent_nulls(&mut self, kind: Kind, ptr: &str, map: &mut Map<String, Value>) {
        let nulls: Vec<String> = map
            .iter()
            .filter(|(key, value)| {
                value.is_null() && !matches!(kind.typed_child(key), Kind::Data | Kind::Doc)
            })
            .map(|(key, _)| key.clone())
            .collect();
        for key in nulls {
            map.shift_remove(&key);
            self.note(
                &pointer_push(ptr, &key),
                "`null` where a value belongs; read as if it were not written",
            );
        }
    }

    /// A piece of documentation the specification requires (a response's `description`,
    /// `info.title`): left out or `null`, its intent is plain, so it is read as empty.
    fn required_doc(&mut self, map: &mut Map<String, Value>, ptr: &str, field: &str) {
        if matches!(map.get(field), None | Some(Value::Null)) {
            map.insert(field.to_string(), Value::String(String::new()));
            self.note(
                &pointer_push(ptr, field),
                format!("`{field}` is required and missing; read as empty"),
            );
        }
    }

    /// `mutualTLS` is new in 3.1 and unknown to openapiv3. TLS client certificates are
    /// configured on the HTTP client, not per request, so the scheme leaves the map; its name is
    /// kept in `MUTUAL_TLS` so that requirements naming it still mean something.
    fn mutual_tls(components: &mut Map<String, Value>) {
        let Some(Value::Object(schemes)) = components.get_mut("securitySchemes") else {
            return;
        };
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

    /// Rewrites one schema (the walk goes on into its subschemas).
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
        self.keyword_types(s, ptr);
    }

    /// `{$ref, description, ...}`: 3.1 keeps the siblings, openapiv3 drops them. Moving the
    /// reference into a one-member `allOf` keeps both, and the merge pass treats such an `allOf`
    /// as "the referenced type, annotated". Beside an `allOf` the reference goes last, so a
    /// pointer the spec wrote into `allOf/1` still finds the member it meant; the reference is
    /// also kept where it was written ([`shape::MOVED_REF`]) for pointers that walk through it.
    fn ref_siblings(&mut self, s: &mut Map<String, Value>) {
        if s.len() > 1 {
            if let Some(target) = s.remove("$ref") {
                let member = serde_json::json!({ "$ref": target.clone() });
                match s.get_mut("allOf") {
                    Some(Value::Array(members)) => members.push(member),
                    _ => {
                        s.insert("allOf".into(), Value::Array(vec![member]));
                    }
                }
                s.insert(shape::MOVED_REF.into(), target);
            }
        }
    }

    /// `type: [T, "null"]` → `type: T, nullable: true`; several types besides `null` → an
    /// `anyOf` of one schema per type (see [`type_union`]).
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
                    // Beside a choice or a merge (GitHub's `milestone`: `type: [null, string,
                    // integer]` and a `oneOf` of the two), the members say the types.
                    _ if type_union::beside_members(s) => {}
                    _ if type_union::all_known(&rest) => type_union::rewrite(s, &rest),
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

/// A note at `ptr/key` when `map` has `key`.
fn note_key(notes: &mut Vec<Note>, map: &Map<String, Value>, ptr: &str, key: &str, message: &str) {
    if map.contains_key(key) {
        notes.push(Note {
            pointer: pointer_push(ptr, key),
            message: message.to_string(),
        });
    }
}

/// Whether a schema object declares `properties` of its own (not only `oneOf`/`anyOf`).
fn properties_beside(map: &Map<String, Value>) -> bool {
    map.get("properties")
        .and_then(Value::as_object)
        .is_some_and(|properties| !properties.is_empty())
}

fn is_null_schema(v: &Value) -> bool {
    match v.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(ts)) => ts.iter().all(|t| t == "null"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalized(yaml: &str) -> (Value, Vec<Note>) {
        let mut tree = crate::parse::load(yaml).unwrap();
        let mut notes = Vec::new();
        normalize(&mut tree, &mut notes);
        (tree, notes)
    }

    // The walk reaches what openapiv3 reads (callbacks too) and what `lower` reads from the
    // tree (webhooks, kept in an extension), and only that: `$defs` is not generated, so
    // nothing there is rewritten or noted.
    #[test]
    fn rewrites_what_openapiv3_reads_and_nothing_else() {
        let (tree, notes) = normalized(
            r#"
openapi: 3.1.0
info: { title: T, version: "1" }
paths:
  /s:
    post:
      callbacks:
        onEvent:
          "{$request.body#/url}":
            post:
              requestBody:
                content:
                  application/json:
                    schema: { type: [string, "null"], additionalProperties: true }
webhooks:
  ping:
    post:
      requestBody:
        content:
          application/json:
            schema: { type: [string, frob] }
components:
  schemas:
    A:
      type: object
      additionalProperties: false
      properties: { b: { type: [integer, "null"] }, c: true, x-d: { type: [string, "null"] } }
      $defs: { d: { type: [string, integer] } }
"#,
        );
        let callback = "/paths/~1s/post/callbacks/onEvent/{$request.body#~1url}/post";
        let schema = format!("{callback}/requestBody/content/application~1json/schema");
        let schema = tree.pointer(&schema).unwrap();
        assert_eq!(schema["type"], "string");
        assert_eq!(schema["nullable"], true);
        assert_eq!(schema["additionalProperties"], true);
        assert!(tree.pointer(&format!("{callback}/responses")).is_some());
        let a = &tree["components"]["schemas"]["A"];
        assert_eq!(a["additionalProperties"], false);
        assert_eq!(a["properties"]["b"]["nullable"], true);
        assert_eq!(a["properties"]["c"], serde_json::json!({}));
        // A property named like an extension is still a property.
        assert_eq!(a["properties"]["x-d"]["nullable"], true);
        assert!(a["$defs"]["d"]["type"].is_array());
        let ping = &tree[crate::adapter::shape::WEBHOOKS]["ping"]["post"];
        assert!(tree.get("webhooks").is_none());
        let ping_schema = &ping["requestBody"]["content"]["application/json"]["schema"];
        assert!(!ping_schema["type"].is_array(), "{ping_schema}");
        let pointers: Vec<&str> = notes.iter().map(|n| n.pointer.as_str()).collect();
        // What is approximated is named where it stands (the webhook's `type` list), nothing
        // else (the callback is generated, as a webhook).
        assert_eq!(
            pointers,
            ["#/webhooks/ping/post/requestBody/content/application~1json/schema/type"]
        );
    }
}
