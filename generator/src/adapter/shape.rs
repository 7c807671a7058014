//! The document's shape, in one place: what a value stands for (a schema, a parameter, an
//! operation, documentation...) given where it stands, and the HTTP methods a path item holds.
//!
//! Every pass that walks the raw tree asks this module where it is, so that they cannot
//! disagree: `bundle` ([`Kind::child`]: where a `$ref` is hoisted, inlined or data),
//! `normalize` and the error locator in `typed` ([`Kind::typed_child`]: the parts `openapiv3`
//! reads), and `lower` ([`operations`], the same methods in the same order).

use crate::error::pointer_push;
use serde_json::Value;

/// The HTTP methods a path item can hold, in the order the generator visits them.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Where OpenAPI 3.2's operations outside the eight methods openapiv3 reads (`query`, and
/// each of `additionalOperations`) are kept on a path item once the walks are done (see
/// `normalize`): an extension openapiv3 holds as JSON, keyed by the HTTP method as sent.
pub const EXTRA_OPERATIONS: &str = "x-openapi-client-gen-operations";

/// Where 3.1's `webhooks` are kept on the document once the walks are done (see `normalize`):
/// an extension openapiv3 holds as JSON, read back by `lower`.
pub const WEBHOOKS: &str = "x-openapi-client-gen-webhooks";

/// The `components` extension naming the `mutualTLS` schemes taken out of
/// `securitySchemes` (openapiv3 cannot read them); read back by [`mutual_tls`].
pub const MUTUAL_TLS: &str = "x-openapi-client-gen-mutual-tls";

/// The schema extension keeping a `oneOf` or `anyOf` written beside `properties`, which
/// openapiv3 drops there: `{"oneOf": [...]}`; read back by [`alternatives`]. `lower` makes the
/// alternatives a union of structs, each with the properties and its own.
pub const ALTERNATIVES: &str = "x-openapi-client-gen-alternatives";

/// The schema extension keeping 3.1's `prefixItems` (a tuple's items), which openapiv3 drops;
/// read back by [`prefix_items`].
pub const PREFIX_ITEMS: &str = "x-openapi-client-gen-prefix-items";

/// The schema extension keeping the `$ref` a schema with siblings had where the spec wrote it
/// (`normalize` moves the reference into the schema's `allOf`, last, so the members the spec
/// wrote keep their indexes): a pointer that walks through the schema follows it
/// (`resolve::lookup_through`).
pub const MOVED_REF: &str = "x-openapi-client-gen-ref";

/// The tag extensions keeping OpenAPI 3.2's `parent` and `kind`, which openapiv3's `Tag` has no
/// field for; read back by [`tag_chains`].
pub const TAG_PARENT: &str = "x-openapi-client-gen-parent";
/// See [`TAG_PARENT`].
pub const TAG_KIND: &str = "x-openapi-client-gen-kind";

/// The discriminator extension keeping OpenAPI 3.2's `defaultMapping` of a `oneOf`/`anyOf`,
/// which openapiv3's `Discriminator` has no field for; read back by [`default_mapping`].
pub const DEFAULT_MAPPING: &str = "x-openapi-client-gen-default-mapping";

/// The OAuth2 flows extension keeping OpenAPI 3.2's `deviceAuthorization` flow, which
/// openapiv3's `OAuth2Flows` has no field for; read back by [`device_flow`].
pub const DEVICE_AUTHORIZATION: &str = "x-openapi-client-gen-device-authorization";

/// The name word of a union member `normalize` made of one type of a 3.1 type list (`String`
/// for the strings of `type: [string, number]`, an enum of them when the list has an `enum`);
/// read back by [`member_word`].
pub const MEMBER_WORD: &str = "x-openapi-client-gen-word";

/// How deep a tag tree is followed (a resource path longer than this is no API's).
const TAG_DEPTH: usize = 16;

// What `normalize` kept for openapiv3 in the extensions above, read back: the passes after the
// typed parse ask these, not the extensions.

/// OpenAPI 3.2's tag tree: for each tag that stands for a resource (no `kind`, or `nav`), the
/// names from its root down to it (`[pets, cats]` for `cats` whose `parent` is `pets`). Empty
/// when no tag names a parent (a flat list of tags says nothing about resources). A parent
/// that names no tag ends the chain there, as does one the chain has passed (a loop) and the
/// depth limit: each tag costs a bounded walk.
pub fn tag_chains(doc: &openapiv3::OpenAPI) -> std::collections::BTreeMap<&str, Vec<&str>> {
    let text = |tag: &'_ openapiv3::Tag, key: &str| -> Option<String> {
        tag.extensions
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let parents: std::collections::BTreeMap<&str, String> = doc
        .tags
        .iter()
        .filter_map(|t| Some((t.name.as_str(), text(t, TAG_PARENT)?)))
        .collect();
    if parents.is_empty() {
        return Default::default();
    }
    let names: std::collections::BTreeSet<&str> =
        doc.tags.iter().map(|t| t.name.as_str()).collect();
    doc.tags
        .iter()
        .filter(|t| text(t, TAG_KIND).is_none_or(|kind| kind == "nav"))
        .map(|t| {
            let mut chain = vec![t.name.as_str()];
            while let Some(up) = chain.last().and_then(|at| parents.get(at)) {
                let Some(&up) = names.get(up.as_str()) else {
                    break;
                };
                if chain.contains(&up) || chain.len() >= TAG_DEPTH {
                    break;
                }
                chain.push(up);
            }
            chain.reverse();
            (t.name.as_str(), chain)
        })
        .collect()
}

/// The `mutualTLS` security schemes' names.
pub fn mutual_tls(doc: &openapiv3::OpenAPI) -> Vec<&str> {
    doc.components
        .as_ref()
        .and_then(|c| c.extensions.get(MUTUAL_TLS))
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// 3.1's `webhooks`, by name, as JSON (each a path item).
pub fn webhooks(doc: &openapiv3::OpenAPI) -> Option<&serde_json::Map<String, Value>> {
    doc.extensions.get(WEBHOOKS).and_then(Value::as_object)
}

/// The `oneOf` or `anyOf` written beside a schema's `properties` (`{"oneOf": [...]}`).
pub fn alternatives(schema: &openapiv3::Schema) -> Option<&Value> {
    schema.schema_data.extensions.get(ALTERNATIVES)
}

/// A schema's `prefixItems` (the items of a tuple), kept by `normalize`.
pub fn prefix_items(schema: &openapiv3::Schema) -> Option<&Value> {
    schema.schema_data.extensions.get(PREFIX_ITEMS)
}

/// A union's 3.2 `defaultMapping` (a schema name or reference), kept by `normalize`.
pub fn default_mapping(discriminator: &openapiv3::Discriminator) -> Option<&str> {
    discriminator.extensions.get(DEFAULT_MAPPING)?.as_str()
}

/// A scheme's 3.2 device authorization flow, kept by `normalize`: its
/// `deviceAuthorizationUrl` and `tokenUrl`.
pub fn device_flow(flows: &openapiv3::OAuth2Flows) -> Option<(&str, &str)> {
    let flow = flows.extensions.get(DEVICE_AUTHORIZATION)?;
    let url = |key: &str| flow.get(key).and_then(serde_json::Value::as_str);
    Some((url("deviceAuthorizationUrl")?, url("tokenUrl")?))
}

/// A union member's name word kept by `normalize` ([`MEMBER_WORD`]).
pub fn member_word(data: &openapiv3::SchemaData) -> Option<&str> {
    data.extensions.get(MEMBER_WORD)?.as_str()
}

/// `schema` without its kept alternatives (a member's own choice, not expanded inside its
/// union's).
pub fn drop_alternatives(schema: &mut openapiv3::Schema) {
    schema.schema_data.extensions.shift_remove(ALTERNATIVES);
}

/// One operation of a path item.
pub struct PathOperation<'a> {
    /// The HTTP method, lower-case (`get`, `query`, `link`): what names and places it.
    pub method: String,
    /// The HTTP method as it is sent (`GET`, `QUERY`, `LINK`: an extension method keeps the
    /// spec's spelling, as tokens are case-sensitive).
    pub http_method: String,
    /// Where it stands under its path item (`get`, `query`, `additionalOperations/LINK`), as
    /// JSON pointer segments.
    pub at: Vec<String>,
    /// The operation (borrowed from the path item, or read from its extension).
    pub op: std::borrow::Cow<'a, openapiv3::Operation>,
}

impl PathOperation<'_> {
    /// Its JSON pointer, under its path item's.
    pub fn pointer(&self, item_ptr: &str) -> String {
        pointer_under(item_ptr, &self.at)
    }
}

/// The pointer `segments` lead to under `item_ptr`.
pub fn pointer_under(item_ptr: &str, segments: &[String]) -> String {
    segments
        .iter()
        .fold(item_ptr.to_string(), |p, s| pointer_push(&p, s))
}

/// Where an operation sent with `http_method` stands under its path item: one of the eight
/// methods or 3.2's `query` by its field, any other method under `additionalOperations`.
pub fn method_segments(http_method: &str) -> Vec<String> {
    let field = http_method.to_ascii_lowercase();
    match METHODS.contains(&field.as_str()) || field == "query" {
        true => vec![field],
        false => vec!["additionalOperations".to_string(), http_method.to_string()],
    }
}

/// The operations of a parsed path item: the eight methods in [`METHODS`] order, then 3.2's
/// `query` and `additionalOperations` in the spec's order. One of those that openapiv3 cannot
/// read is left out (`validate` says so).
pub fn operations(item: &openapiv3::PathItem) -> Vec<PathOperation<'_>> {
    let slots = [
        &item.get,
        &item.put,
        &item.post,
        &item.delete,
        &item.options,
        &item.head,
        &item.patch,
        &item.trace,
    ];
    let mut out: Vec<PathOperation<'_>> = METHODS
        .iter()
        .zip(slots)
        .filter_map(|(m, op)| {
            op.as_ref().map(|op| PathOperation {
                method: m.to_string(),
                http_method: m.to_ascii_uppercase(),
                at: method_segments(m),
                op: std::borrow::Cow::Borrowed(op),
            })
        })
        .collect();
    out.extend(
        extra_operations(item)
            .into_iter()
            .filter_map(|(method, at, op)| {
                Some(PathOperation {
                    method: method.to_ascii_lowercase(),
                    http_method: method,
                    at,
                    op: std::borrow::Cow::Owned(op.ok()?),
                })
            }),
    );
    out
}

/// The 3.2 operations kept in [`EXTRA_OPERATIONS`]: method as sent, pointer segments, and the
/// operation as openapiv3 reads it (or why it cannot).
pub fn extra_operations(
    item: &openapiv3::PathItem,
) -> Vec<(String, Vec<String>, Result<openapiv3::Operation, String>)> {
    let Some(Value::Object(extra)) = item.extensions.get(EXTRA_OPERATIONS) else {
        return Vec::new();
    };
    extra
        .iter()
        .map(|(method, op)| {
            let op = serde_json::from_value(op.clone()).map_err(|e| e.to_string());
            (method.clone(), method_segments(method), op)
        })
        .collect()
}

/// What a value stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The document.
    Root,
    /// `paths`, `webhooks`, a callback: path items by path.
    Paths,
    /// A path item: operations by HTTP method, shared parameters.
    PathItem,
    /// An operation.
    Operation,
    /// A parameter.
    Parameter,
    /// A request body.
    RequestBody,
    /// A response.
    Response,
    /// A response header.
    Header,
    /// A media type entry of a `content` map.
    MediaType,
    /// An example object (`summary`, `value`...).
    Example,
    /// A schema.
    Schema,
    /// A map whose values are schemas (`properties`, `$defs`).
    SchemaMap,
    /// A list whose items are schemas (`allOf`, `prefixItems`).
    SchemaList,
    /// `components`.
    Components,
    /// A map whose values are of the inner kind (`responses`, `components/parameters`).
    MapOf(&'static Kind),
    /// A list whose items are of the inner kind (`parameters`).
    ListOf(&'static Kind),
    /// Values (examples, defaults, enums): never walked, a `$ref` key there is data.
    Data,
    /// Documentation and anything unknown: references are inlined, failures dropped.
    Doc,
    /// A security scheme (only in [`Kind::typed_child`]: for references it is documentation).
    SecurityScheme,
    /// A schema's `additionalProperties`: a schema, or `true`/`false` (only in
    /// [`Kind::typed_child`]: for references it is a schema).
    AdditionalProperties,
}

impl Kind {
    /// The components section references of this kind are hoisted into.
    pub fn section(self) -> Option<&'static str> {
        Some(match self {
            Kind::Schema => "schemas",
            Kind::Parameter => "parameters",
            Kind::Response => "responses",
            Kind::RequestBody => "requestBodies",
            Kind::Header => "headers",
            Kind::Example => "examples",
            _ => return None,
        })
    }

    /// The kind of the value under `key` of a value of this kind.
    pub fn child(self, key: &str) -> Kind {
        // An `x-` key is an extension, except where keys are names: a property may be called
        // `x-request-id`; and the schemas `normalize` keeps in one of its own.
        if self == Kind::Schema && key == PREFIX_ITEMS {
            return Kind::SchemaList;
        }
        if key.starts_with("x-") && self != Kind::SchemaMap {
            return Kind::Doc;
        }
        match (self, key) {
            (Kind::Data, _) => Kind::Data,
            (Kind::MapOf(inner) | Kind::ListOf(inner), _) => *inner,
            (Kind::SchemaMap | Kind::SchemaList, _) => Kind::Schema,
            (Kind::Root, "paths" | "webhooks") => Kind::Paths,
            (Kind::Root, "components") => Kind::Components,
            (Kind::Paths, _) => Kind::PathItem,
            (Kind::PathItem, "parameters") | (Kind::Operation, "parameters") => {
                Kind::ListOf(&Kind::Parameter)
            }
            (Kind::PathItem, m) if METHODS.contains(&m) => Kind::Operation,
            // OpenAPI 3.2: the QUERY method, and methods outside the fixed ones by name.
            (Kind::PathItem, "query") => Kind::Operation,
            (Kind::PathItem, "additionalOperations") => Kind::MapOf(&Kind::Operation),
            (Kind::Operation, "requestBody") => Kind::RequestBody,
            (Kind::Operation, "responses") => Kind::MapOf(&Kind::Response),
            (Kind::Operation, "callbacks") => Kind::MapOf(&Kind::Paths),
            (Kind::Parameter | Kind::Header | Kind::MediaType, "schema") => Kind::Schema,
            // OpenAPI 3.2: the schema of each item of a sequential media type.
            (Kind::MediaType, "itemSchema") => Kind::Schema,
            (Kind::Parameter | Kind::Header | Kind::RequestBody | Kind::Response, "content") => {
                Kind::MapOf(&Kind::MediaType)
            }
            (Kind::Parameter | Kind::Header | Kind::MediaType, "examples") => {
                Kind::MapOf(&Kind::Example)
            }
            (Kind::Parameter | Kind::Header | Kind::MediaType, "example") => Kind::Data,
            (Kind::Response, "headers") => Kind::MapOf(&Kind::Header),
            (Kind::MediaType, "encoding") => Kind::MapOf(&Kind::Doc),
            (Kind::Example, "value") => Kind::Data,
            (
                Kind::Schema,
                "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas",
            ) => Kind::SchemaMap,
            (Kind::Schema, "allOf" | "anyOf" | "oneOf" | "prefixItems") => Kind::SchemaList,
            (
                Kind::Schema,
                "items"
                | "additionalProperties"
                | "not"
                | "contains"
                | "if"
                | "then"
                | "else"
                | "propertyNames"
                | "unevaluatedItems"
                | "unevaluatedProperties"
                | "additionalItems"
                | "contentSchema",
            ) => Kind::Schema,
            (Kind::Schema, "example" | "examples" | "default" | "enum" | "const") => Kind::Data,
            (Kind::Components, "schemas") => Kind::MapOf(&Kind::Schema),
            (Kind::Components, "parameters") => Kind::MapOf(&Kind::Parameter),
            (Kind::Components, "responses") => Kind::MapOf(&Kind::Response),
            (Kind::Components, "requestBodies") => Kind::MapOf(&Kind::RequestBody),
            (Kind::Components, "headers") => Kind::MapOf(&Kind::Header),
            (Kind::Components, "examples") => Kind::MapOf(&Kind::Example),
            (Kind::Components, "pathItems") => Kind::MapOf(&Kind::PathItem),
            (Kind::Components, "callbacks") => Kind::MapOf(&Kind::Paths),
            _ => Kind::Doc,
        }
    }

    /// [`Kind::child`] as far as `openapiv3` reads the document (what `normalize` must rewrite
    /// into 3.0 and what the error locator checks): 3.1's webhooks and `components/pathItems`
    /// and the subschemas of JSON Schema keywords 3.0 lacks (`$defs`, `prefixItems`, `if`...)
    /// are documentation to it; security schemes are objects of their own.
    pub fn typed_child(self, key: &str) -> Kind {
        match (self, key) {
            (Kind::Components, "pathItems") | (Kind::MediaType, "itemSchema") => Kind::Doc,
            (Kind::Components, "securitySchemes") => Kind::MapOf(&Kind::SecurityScheme),
            (Kind::Schema | Kind::AdditionalProperties, "additionalProperties") => {
                Kind::AdditionalProperties
            }
            (Kind::AdditionalProperties, _) => Kind::Schema.typed_child(key),
            (
                Kind::Schema,
                "properties" | "items" | "not" | "allOf" | "anyOf" | "oneOf" | "prefixItems"
                | PREFIX_ITEMS,
            ) => self.child(key),
            (Kind::Schema, _) => match self.child(key) {
                Kind::Schema | Kind::SchemaMap | Kind::SchemaList => Kind::Doc,
                other => other,
            },
            _ => self.child(key),
        }
    }
}

/// Walks `value` (of `kind`, at `pointer`) and what it holds, as far as `openapiv3` reads it
/// ([`Kind::typed_child`]), parents before children: `visit` sees each value that is neither
/// data nor documentation, may rewrite it, and says whether to go on into it. Children are
/// listed after the visit, so what a rewrite adds is walked too.
pub fn walk_typed_mut(
    value: &mut Value,
    kind: Kind,
    pointer: &str,
    visit: &mut dyn FnMut(Kind, &str, &mut Value) -> bool,
) {
    walk_mut(value, kind, &mut pointer.to_string(), visit);
}

/// [`walk_typed_mut`] with the pointer in one buffer, each child's segment pushed onto it and
/// taken off again (no pointer is built for a child that is data or documentation).
fn walk_mut(
    value: &mut Value,
    kind: Kind,
    pointer: &mut String,
    visit: &mut dyn FnMut(Kind, &str, &mut Value) -> bool,
) {
    if matches!(kind, Kind::Data | Kind::Doc) || !visit(kind, pointer, value) {
        return;
    }
    let len = pointer.len();
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                let kind = kind.typed_child(key);
                if !matches!(kind, Kind::Data | Kind::Doc) {
                    crate::error::push_segment(pointer, key);
                    walk_mut(child, kind, pointer, visit);
                    pointer.truncate(len);
                }
            }
        }
        Value::Array(items) => {
            let kind = kind.typed_child("");
            for (i, child) in items.iter_mut().enumerate() {
                if !matches!(kind, Kind::Data | Kind::Doc) {
                    push_index(pointer, i);
                    walk_mut(child, kind, pointer, visit);
                    pointer.truncate(len);
                }
            }
        }
        _ => {}
    }
}

/// [`walk_typed_mut`], reading only.
pub fn walk_typed(
    value: &Value,
    kind: Kind,
    pointer: &str,
    visit: &mut dyn FnMut(Kind, &str, &Value) -> bool,
) {
    walk(value, kind, &mut pointer.to_string(), visit);
}

/// [`walk_typed`] with the pointer in one buffer (see [`walk_mut`]).
fn walk(
    value: &Value,
    kind: Kind,
    pointer: &mut String,
    visit: &mut dyn FnMut(Kind, &str, &Value) -> bool,
) {
    if matches!(kind, Kind::Data | Kind::Doc) || !visit(kind, pointer, value) {
        return;
    }
    let len = pointer.len();
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let kind = kind.typed_child(key);
                if !matches!(kind, Kind::Data | Kind::Doc) {
                    crate::error::push_segment(pointer, key);
                    walk(child, kind, pointer, visit);
                    pointer.truncate(len);
                }
            }
        }
        Value::Array(items) => {
            let kind = kind.typed_child("");
            for (i, child) in items.iter().enumerate() {
                if !matches!(kind, Kind::Data | Kind::Doc) {
                    push_index(pointer, i);
                    walk(child, kind, pointer, visit);
                    pointer.truncate(len);
                }
            }
        }
        _ => {}
    }
}

/// Appends `/i` to `pointer`.
fn push_index(pointer: &mut String, i: usize) {
    use std::fmt::Write;
    let _ = write!(pointer, "/{i}");
}

/// Whether `pointer` is `#/components/<section>/<one segment>`.
pub fn is_component(pointer: &str, section: &str) -> bool {
    pointer
        .strip_prefix("#/components/")
        .and_then(|rest| rest.strip_prefix(section))
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|name| !name.is_empty() && !name.contains('/'))
}
