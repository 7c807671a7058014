//! The document's shape, as far as references care: what a value stands for (a schema, a
//! parameter, an operation, documentation...) given where it stands, which decides what a `$ref`
//! there becomes (hoisted into a components section, inlined, or left as data).

/// What a value stands for, as far as references are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Root,
    Paths,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    Header,
    MediaType,
    Example,
    Schema,
    /// A map whose values are schemas (`properties`, `$defs`).
    SchemaMap,
    /// A list whose items are schemas (`allOf`, `prefixItems`).
    SchemaList,
    Components,
    /// A map whose values are of the inner kind (`responses`, `components/parameters`).
    MapOf(&'static Kind),
    /// A list whose items are of the inner kind (`parameters`).
    ListOf(&'static Kind),
    /// Values (examples, defaults, enums): never walked, a `$ref` key there is data.
    Data,
    /// Documentation and anything unknown: references are inlined, failures dropped.
    Doc,
}

impl Kind {
    /// The components section references of this kind are hoisted into.
    pub(super) fn section(self) -> Option<&'static str> {
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
    pub(super) fn child(self, key: &str) -> Kind {
        if key.starts_with("x-") {
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
            (Kind::PathItem, m) if crate::normalize::METHODS.contains(&m) => Kind::Operation,
            (Kind::Operation, "requestBody") => Kind::RequestBody,
            (Kind::Operation, "responses") => Kind::MapOf(&Kind::Response),
            (Kind::Operation, "callbacks") => Kind::MapOf(&Kind::Paths),
            (Kind::Parameter | Kind::Header | Kind::MediaType, "schema") => Kind::Schema,
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
}

/// Whether `pointer` is `#/components/<section>/<one segment>`.
pub(super) fn is_component(pointer: &str, section: &str) -> bool {
    pointer
        .strip_prefix("#/components/")
        .and_then(|rest| rest.strip_prefix(section))
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|name| !name.is_empty() && !name.contains('/'))
}
