//! What OpenAPI 3.2 adds: rewritten into what the generator reads (tag trees, QUERY and
//! additional operations, `querystring` parameters, `itemSchema` of a sequence, a union's
//! `defaultMapping`, the OAuth2 device authorization flow), or named in a note with what happens instead.

use super::{note_key, querystring, Normalizer};
use crate::adapter::shape::{self, Kind};
use crate::error::pointer_push;
use serde_json::{Map, Value};

impl Normalizer<'_> {
    /// What OpenAPI 3.2 adds and the generator does not honour yet: each is named in a note with
    /// what happens instead, never dropped in silence. An operation that needs a method or a
    /// parameter location the client cannot send is left out whole (a wrong request is worse
    /// than none); the keys openapiv3 would choke on are taken out.
    pub(super) fn v3_2(&mut self, kind: Kind, ptr: &str, map: &mut Map<String, Value>) {
        match kind {
            Kind::Root => {
                // A tag's `parent` and `kind` (the API's resource tree) kept where openapiv3
                // keeps a tag's extensions, read back by `shape::tag_chains`.
                if let Some(Value::Array(tags)) = map.get_mut("tags") {
                    for tag in tags.iter_mut().filter_map(Value::as_object_mut) {
                        for (key, kept) in
                            [("parent", shape::TAG_PARENT), ("kind", shape::TAG_KIND)]
                        {
                            if let Some(value @ Value::String(_)) = tag.get(key).cloned() {
                                tag.insert(kept.into(), value);
                            }
                        }
                    }
                }
            }
            Kind::PathItem => {
                self.additional_operations(ptr, map);
                // A `parameters` list (the path item's or an operation's) with one sent as the
                // whole query string in a way the client cannot send (see `querystring`).
                if !querystring::as_query(map.get_mut("parameters")) {
                    self.note(ptr, "a `querystring` parameter that is not a form-encoded object is not supported yet; the operations of this path are not generated");
                    map.retain(|key, _| !shape::METHODS.contains(&key.as_str()));
                }
                for method in shape::METHODS {
                    let Some(op) = map.get_mut(method) else {
                        continue;
                    };
                    if !querystring::as_query(op.get_mut("parameters")) {
                        self.note(&pointer_push(ptr, method), "a `querystring` parameter that is not a form-encoded object is not supported yet; this operation is not generated");
                        map.shift_remove(method);
                    }
                }
            }
            // A component parameter sent as the query string, written as what it sends (one
            // that cannot be stays: the typed parse then says where).
            Kind::Parameter if map.get("in").and_then(Value::as_str) == Some("querystring") => {
                querystring::rewrite(map);
            }
            Kind::MediaType => {
                if !sequence_item_schema(ptr, map) {
                    note_key(self.notes, map, ptr, "itemSchema", "`itemSchema` is not used yet: the body is generated from `schema` (without one, as bytes)");
                }
                map.shift_remove("itemSchema");
            }
            Kind::Schema
                if map
                    .get("discriminator")
                    .and_then(|d| d.get("defaultMapping"))
                    .is_some() =>
            {
                let union = map.contains_key("oneOf") || map.contains_key("anyOf");
                let at = pointer_push(ptr, "discriminator");
                match (union, map.get_mut("discriminator")) {
                    // Read back by `shape::default_mapping` when the union is lowered.
                    (true, Some(Value::Object(discriminator))) => {
                        if let Some(target) = discriminator.shift_remove("defaultMapping") {
                            discriminator.insert(shape::DEFAULT_MAPPING.into(), target);
                        }
                    }
                    _ => self.note(&at, "`defaultMapping` is not used: only a `oneOf`/`anyOf` with a discriminator is decoded by it"),
                }
            }
            Kind::SecurityScheme => self.device_flow(ptr, map),
            _ => {}
        }
    }

    /// The device authorization flow, kept where openapiv3 keeps the flows' extensions (read
    /// back by `shape::device_flow`) when it has both its URLs; without them it cannot be run.
    fn device_flow(&mut self, ptr: &str, map: &mut Map<String, Value>) {
        let Some(Value::Object(flows)) = map.get_mut("flows") else {
            return;
        };
        let Some(flow) = flows.shift_remove("deviceAuthorization") else {
            return;
        };
        let url = |key: &str| flow.get(key).and_then(Value::as_str).is_some();
        if url("deviceAuthorizationUrl") && url("tokenUrl") {
            flows.insert(shape::DEVICE_AUTHORIZATION.into(), flow);
        } else {
            self.note(&pointer_push(&pointer_push(ptr, "flows"), "deviceAuthorization"), "the OAuth2 device authorization flow needs a `deviceAuthorizationUrl` and a `tokenUrl`: it is not run by the client");
        }
    }

    /// 3.2's `additionalOperations`: each key is the HTTP method sent as written, so one that
    /// is not an HTTP token, or that names a method with a field of its own (`get`, `query`),
    /// cannot be sent as the spec says: that operation is left out, with a note.
    fn additional_operations(&mut self, ptr: &str, map: &mut Map<String, Value>) {
        let Some(Value::Object(ops)) = map.get_mut("additionalOperations") else {
            return;
        };
        let at = pointer_push(ptr, "additionalOperations");
        let mut refused = Vec::new();
        ops.retain(|method, _| {
            let token = !method.is_empty()
                && method.len() <= 64
                && method
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
            let fixed = shape::METHODS.contains(&method.to_ascii_lowercase().as_str())
                || method.eq_ignore_ascii_case("query");
            let why = match (token, fixed) {
                (false, _) => "is not an HTTP method token",
                (true, true) => "names a method the path item has a field for",
                (true, false) => return true,
            };
            refused.push((pointer_push(&at, method), why));
            false
        });
        for (pointer, why) in refused {
            self.note(
                &pointer,
                format!("this method {why}; the operation is not generated"),
            );
        }
    }
}

/// 3.2's `itemSchema` of a sequential media type (its events, `*_events`), written as the
/// `schema` of the whole sequence that 3.0 and 3.1 specs give (an array of the items, which
/// lowering reads back as the item): a JSON Lines item as it is; a Server-Sent Event's `data`
/// as its `contentSchema` says, or as text. Whether it was; any other `itemSchema` is not used.
fn sequence_item_schema(ptr: &str, map: &mut Map<String, Value>) -> bool {
    let media = ptr.rsplit('/').next().unwrap_or_default();
    let media = media.replace("~1", "/").replace("~0", "~");
    let (Some(framing), Some(item), false) = (
        crate::ir::Framing::of(&media),
        map.get("itemSchema"),
        map.contains_key("schema"),
    ) else {
        return false;
    };
    let item = match framing {
        crate::ir::Framing::JsonLines => item.clone(),
        crate::ir::Framing::ServerSentEvents => {
            let Some(data) = item.get("properties").and_then(|p| p.get("data")) else {
                return false;
            };
            match data.get("contentSchema") {
                Some(schema) => schema.clone(),
                None => serde_json::json!({ "type": "string" }),
            }
        }
    };
    let schema = serde_json::json!({ "type": "array", "items": item });
    map.insert("schema".into(), schema);
    true
}
