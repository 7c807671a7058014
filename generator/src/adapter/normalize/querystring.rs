//! OpenAPI 3.2's `querystring` parameter: the whole query string, described by a media type.
//! Form-encoded (`application/x-www-form-urlencoded`) with an object schema, it is what an
//! object query parameter in the `form` style, exploded, writes (each property a parameter of
//! its own, `?q=cats&limit=2`), which openapiv3 reads and the client sends: it is rewritten so.
//! Any other media type cannot be sent as the spec means: the caller leaves the operation out.

use serde_json::{Map, Value};

/// Rewrites the `querystring` parameters of `parameters` (a path item's or an operation's
/// list) as exploded `form` query parameters; whether every one could be.
pub(super) fn as_query(parameters: Option<&mut Value>) -> bool {
    let Some(Value::Array(parameters)) = parameters else {
        return true;
    };
    parameters
        .iter_mut()
        .filter_map(Value::as_object_mut)
        .filter(|p| p.get("in").and_then(Value::as_str) == Some("querystring"))
        // The first that cannot be rewritten ends it: its operation is left out whole.
        .all(rewrite)
}

/// One `querystring` parameter as a query parameter, when it is form-encoded and its schema
/// an object (inline, or a reference: a form's fields are name/value pairs).
pub(super) fn rewrite(parameter: &mut Map<String, Value>) -> bool {
    let schema = parameter
        .get("content")
        .and_then(Value::as_object)
        .filter(|content| content.len() == 1)
        .and_then(|content| content.get("application/x-www-form-urlencoded"))
        .and_then(|media| media.get("schema"))
        .filter(|schema| {
            schema.get("$ref").is_some()
                || schema.get("properties").is_some()
                || schema.get("type").and_then(Value::as_str) == Some("object")
        })
        .cloned();
    let Some(schema) = schema else {
        return false;
    };
    parameter.shift_remove("content");
    parameter.insert("in".into(), "query".into());
    parameter.insert("style".into(), "form".into());
    parameter.insert("explode".into(), true.into());
    parameter.insert("schema".into(), schema);
    true
}
