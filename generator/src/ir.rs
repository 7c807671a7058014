//! The intermediate representation: everything the emitters need, nothing from `openapiv3`.
//!
//! Names here are final Rust identifiers (made by `naming`); wire names are kept beside them,
//! which is what the emitted serde impls read and write. A reference to a named type is a
//! [`TypeId`]: its position in [`Api::types`] and its name. The IR serialises to
//! YAML for the `ir` snapshots, so a reviewer sees what the generator understood of a spec
//! separately from how it was printed.

use serde::Serialize;

mod body;
mod defaults;
mod headers;
mod paging;
mod param;
mod security;
mod type_id;
mod webhook;
pub use body::{Body, BodyField, BodyFields, Events, Framing, Payload};
pub use defaults::{default_value, DefaultValue};
pub use headers::{HeaderField, ResponseHeaders};
pub use paging::{PageField, Paging, PagingRule};
pub use param::{Param, ParamLocation, PathPart, QueryStyle, ValueStyle};
pub use security::{
    DeviceMethods, DeviceUrls, KeyLocation, Requirement, SchemeKind, SchemeMethods, SchemeUse,
    SecurityScheme,
};
pub use type_id::{unalias, TypeId};
pub use webhook::{Webhook, Webhooks};

/// One API: its models and its operations.
#[derive(Debug, Clone, Serialize)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `info.version`, as written (not necessarily semver).
    pub version: String,
    /// `servers[0].url` with its variables set to their defaults; empty when there is none.
    pub base_url: String,
    /// The security schemes operations use, in spec order.
    pub security: Vec<SecurityScheme>,
    /// The ways a request the spec does not describe (`Client::request`) can authenticate: the
    /// document's `security`, else any scheme (or none).
    pub default_security: Vec<Requirement>,
    /// Named model types, in a deterministic order (component schemas in spec order, each
    /// followed by the inline types it introduced).
    pub types: Vec<TypeDef>,
    /// Operations in spec order (paths in order, methods in a fixed order within a path).
    pub operations: Vec<Operation>,
    /// The resources operations are grouped in (`client.streams().clips()`), parents first.
    pub resources: Vec<Resource>,
    /// Every example the spec gives, with the type it must decode into.
    pub examples: Vec<Example>,
    /// The webhooks the API sends (3.1's `webhooks`), when it declares any with a JSON payload.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhooks: Option<Webhooks>,
}

impl Api {
    /// The type an operation's method is on: its resource's handle, else `Client`.
    pub fn owner(&self, op: &Operation) -> &str {
        op.resource
            .map_or("Client", |r| self.resources[r].type_name.as_str())
    }

    /// The cargo feature a resource is compiled under (its first-level ancestor's).
    pub fn resource_feature(&self, mut resource: usize) -> Option<&str> {
        while let Some(parent) = self.resources[resource].parent {
            resource = parent;
        }
        self.resources[resource].feature.as_deref()
    }

    /// The cargo feature an operation is compiled under (`None`: always, on the client).
    pub fn feature(&self, op: &Operation) -> Option<&str> {
        self.resource_feature(op.resource?)
    }

    /// The call from a client to an operation's method, without arguments, as code:
    /// `streams().clips().list` (keywords raw: `r#type().get`).
    pub fn call_path(&self, op: &Operation) -> String {
        let mut call: Vec<String> = op
            .resource
            .map(|r| {
                self.resources[r]
                    .path
                    .iter()
                    .map(|a| format!("{a}()"))
                    .collect()
            })
            .unwrap_or_default();
        call.push(op.method_name.clone());
        call.join(".")
    }
}

/// An example value from the spec, checked by the generated crate's `tests/spec_examples.rs`.
#[derive(Debug, Clone, Serialize)]
pub struct Example {
    /// Where the example is written (for a composed one, the schema it is composed for).
    pub pointer: String,
    /// For an object example composed from several places: those places.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub composed_from: Vec<String>,
    /// The type it must decode into.
    pub ty: TypeRef,
    /// The example.
    pub value: serde_json::Value,
    /// Why the example will not survive decoding and encoding again, when the generator can
    /// tell (see `examples`): its test then asserts that it still fails.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deviation: Option<String>,
}

/// A named model type.
#[derive(Debug, Clone, Serialize)]
pub struct TypeDef {
    /// The Rust type name.
    pub name: String,
    /// The JSON pointer of the schema it comes from.
    pub source: String,
    /// Documentation, from the spec.
    pub doc: Option<String>,
    /// The example the spec gives for this schema, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<serde_json::Value>,
    /// What kind of type it is.
    pub kind: TypeKind,
    /// Which way its values travel (set by the `direction` pass).
    #[serde(skip_serializing_if = "Direction::is_both")]
    pub direction: Direction,
}

/// Which way a type's values travel between the client and the API, by the operations that
/// use it (directly or inside another type): what decides which serde impls it always has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub enum Direction {
    /// Sent and received, or used by no operation (a schema users may put to any use).
    #[default]
    Both,
    /// Only sent: in request bodies and parameters.
    Sent,
    /// Only received: in success and error responses.
    Received,
}

impl Direction {
    /// Sent and received.
    pub fn is_both(&self) -> bool {
        *self == Direction::Both
    }
}

/// The shapes of named types.
#[derive(Debug, Clone, Serialize)]
pub enum TypeKind {
    /// An object with known properties.
    Struct {
        /// Fields in spec order.
        fields: Vec<Field>,
    },
    /// Another name for a type (`pub type NotFound = BadRequest;`).
    Alias {
        /// The aliased type.
        target: TypeRef,
        /// Emitted as a newtype struct instead (`pub struct T(pub Vec<T>)`): set by the `cycles`
        /// pass where an alias would name itself (`T = array of T`), which Rust cannot express.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        newtype: bool,
    },
    /// A string enum.
    Enum {
        /// The known values.
        variants: Vec<Variant>,
    },
    /// An integer enum.
    IntEnum {
        /// The known values.
        variants: Vec<IntVariant>,
    },
    /// A fixed-length array whose items have their own types (3.1's `prefixItems`): a tuple
    /// struct, `pub struct Point(pub f64, pub f64)`, read from and written as a JSON array.
    Tuple {
        /// The items' types, in order.
        items: Vec<TupleItem>,
        /// Items after these are allowed (the schema has no `items: false`): read and not kept.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        more: bool,
    },
    /// A choice between types: `oneOf` or `anyOf`.
    Union {
        /// The property whose value says which variant a value is, when the spec names one
        /// and every variant can be told by it; otherwise the first variant that decodes wins.
        discriminator: Option<String>,
        /// The alternatives, in spec order.
        variants: Vec<UnionVariant>,
    },
}

impl TypeKind {
    /// The type references this type holds: its fields', its alias target, its variants'
    /// (none for an enum).
    pub fn refs(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct { fields } => fields.iter().map(|f| &f.ty).collect(),
            TypeKind::Alias { target, .. } => vec![target],
            TypeKind::Union { variants, .. } => variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Tuple { items, .. } => items.iter().map(|i| &i.ty).collect(),
            TypeKind::Enum { .. } | TypeKind::IntEnum { .. } => Vec::new(),
        }
    }

    /// [`TypeKind::refs`], to change them (`Api::resolve_type_ids` places each).
    pub fn refs_mut(&mut self) -> Vec<&mut TypeRef> {
        match self {
            TypeKind::Struct { fields } => fields.iter_mut().map(|f| &mut f.ty).collect(),
            TypeKind::Alias { target, .. } => vec![target],
            TypeKind::Union { variants, .. } => variants.iter_mut().map(|v| &mut v.ty).collect(),
            TypeKind::Tuple { items, .. } => items.iter_mut().map(|i| &mut i.ty).collect(),
            TypeKind::Enum { .. } | TypeKind::IntEnum { .. } => Vec::new(),
        }
    }
}

/// One item of a tuple.
#[derive(Debug, Clone, Serialize)]
pub struct TupleItem {
    /// The item's type.
    pub ty: TypeRef,
    /// It may be `null` (`Option<T>`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nullable: bool,
    /// Held in a `Box` (set by the `cycles` pass where the tuple would contain itself).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub boxed: bool,
}

/// One value of an integer enum.
#[derive(Debug, Clone, Serialize)]
pub struct IntVariant {
    /// The Rust variant name.
    pub name: String,
    /// The value on the wire.
    pub value: i64,
    /// What the value means (a `oneOf` member's `description`, `x-enum-descriptions`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// One alternative of a union.
#[derive(Debug, Clone, Serialize)]
pub struct UnionVariant {
    /// The Rust variant name (the referenced type's name, or what the member is).
    pub name: String,
    /// The type the variant holds.
    pub ty: TypeRef,
    /// Discriminator values that select this variant.
    pub tags: Vec<String>,
    /// Behind a `Box` to break a recursive cycle (set by the `cycles` pass).
    pub boxed: bool,
    /// Never tried when decoding: its type leads back to this union through unions and
    /// aliases only, so the same value would be decoded again, forever (with a warning), or an
    /// earlier member of this untagged union has its type (set by the `cycles` pass). The
    /// variant stays, for building and encoding.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub untried: bool,
    /// Decodes a value whose discriminator is absent or names no variant (OpenAPI 3.2's
    /// `defaultMapping`), instead of `Unknown`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub default: bool,
}

impl UnionVariant {
    /// Whether decoding takes this variant for a discriminator that is absent or names no
    /// variant: the default mapping's, when it is tried at all.
    pub fn decodes_by_default(&self) -> bool {
        self.default && !self.untried
    }
}

/// One value of a string enum.
#[derive(Debug, Clone, Serialize)]
pub struct Variant {
    /// The Rust variant name.
    pub name: String,
    /// The value on the wire.
    pub value: String,
    /// What the value means (a `oneOf` member's `description`, `x-enum-descriptions`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// A struct field.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// The Rust field name.
    pub name: String,
    /// The property name on the wire.
    pub wire_name: String,
    /// The field's type, without the `Option` that `required`/`nullable` add.
    pub ty: TypeRef,
    /// Listed in `required`.
    pub required: bool,
    /// May be `null`.
    pub nullable: bool,
    /// Behind a `Box` to break a recursive cycle (set by the `cycles` pass).
    pub boxed: bool,
    /// The map of keys not listed in `properties` (`#[serde(flatten)]`); `wire_name` is empty.
    pub flatten: bool,
    /// Documentation, from the property (or the schema it references).
    pub doc: Option<String>,
    /// The `default` the spec declares.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
    /// The struct's method setting it (`name`, else `with_name`), for a field `new` does not
    /// take; claimed among the struct's methods (see `lower::struct_methods`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub setter: Option<String>,
    /// `name_or_default`, reading the field or its spec default, when the default fits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub or_default: Option<String>,
}

impl Field {
    /// The spec's `default` of an optional field (not `null`): what its absence means.
    pub fn spec_default(&self) -> Option<&serde_json::Value> {
        self.default
            .as_ref()
            .filter(|d| !d.is_null() && !self.required)
    }

    /// Whether the struct's `new` takes it: required, and not the map of undeclared keys.
    pub fn in_new(&self) -> bool {
        self.required && !self.flatten
    }

    /// Whether a struct of `fields` has a `new`: some field `new` takes cannot be `null`.
    /// Otherwise every field may be left out, and the struct is `Default` instead.
    pub fn struct_has_new(fields: &[Field]) -> bool {
        fields.iter().any(|f| f.in_new() && !f.nullable)
    }
}

/// A reference to a type, as fields, parameters and bodies use them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `u32`.
    U32,
    /// `u64`.
    U64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
    /// `chrono::DateTime<chrono::FixedOffset>` (`format: date-time`, with `typed_formats`).
    DateTime,
    /// `chrono::NaiveDate` (`format: date`, with `typed_formats`).
    Date,
    /// `uuid::Uuid` (`format: uuid`, with `typed_formats`).
    Uuid,
    /// Any JSON value: `serde_json::Value`.
    Json,
    /// Any JSON object: `serde_json::Map<String, serde_json::Value>`.
    JsonObject,
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// `std::collections::BTreeMap<String, T>` (`additionalProperties` with a schema).
    Map(Box<TypeRef>),
    /// A named model type.
    Named(TypeId),
}

impl TypeRef {
    /// The named type this reference is or holds (inside `Vec` and maps too).
    pub fn named(&self) -> Option<&TypeId> {
        match self {
            TypeRef::Named(id) => Some(id),
            TypeRef::Vec(inner) | TypeRef::Map(inner) => inner.named(),
            _ => None,
        }
    }
}

/// One API operation: one method on the client.
#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// The method's name in its resource (`list`), or on the client when it has none.
    pub method_name: String,
    /// The operation's own unique name (its operationId, else method and path, snake_case):
    /// what tracing reports and its types are named after.
    pub operation_name: String,
    /// The resource the method is on (an index into [`Api::resources`]); `None`: the client.
    pub resource: Option<usize>,
    /// `operationId`, when the spec gives one.
    pub operation_id: Option<String>,
    /// Upper-case HTTP method.
    pub http_method: String,
    /// The path template as written in the spec (`#fragment` included).
    pub path: String,
    /// The path split into `/`-separated segments, each made of literal text and parameters.
    pub segments: Vec<Vec<PathPart>>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// Parameters in the order the method takes them: path ones first, in path order.
    pub params: Vec<Param>,
    /// The request body.
    pub body: Option<Body>,
    /// What a success returns.
    pub success: Success,
    /// Declared non-success responses.
    pub errors: Vec<ErrorCase>,
    /// The name of the per-operation error enum, when there are declared errors.
    pub error_type: Option<String>,
    /// The request builder the method returns when the operation takes anything optional
    /// (a parameter or the body): each optional value is a setter on it, and awaiting it
    /// sends the request. `None`: the method takes every value as an argument.
    pub builder: Option<String>,
    /// The ways the operation can authenticate, first preferred (its `security`, else the
    /// document's); empty when it sends no credentials.
    pub security: Vec<Requirement>,
    /// Marked `deprecated` in the spec.
    pub deprecated: bool,
    /// A page-numbered list: the operation also gets an auto-paging `*_pages` stream.
    pub paging: Option<Paging>,
    /// The plain method's auto-paging twin (`list_pages`) when the operation is paged and has
    /// no request builder (a builder's is its `pages`): claimed with the method's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages_method: Option<String>,
    /// The plain method's twin reading a binary answer as it arrives (`download_stream`) when
    /// it has no request builder (a builder's is its `send_stream`): claimed with the method's
    /// name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stream_method: Option<String>,
    /// The headers its success responses declare, typed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headers: Option<ResponseHeaders>,
    /// A success that may be a sequence of events: the operation also gets `*_events`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<Events>,
    /// The calls its responses' `links` say can follow it, each to an operation of the API.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
}

/// A response's link: another operation the answer gives what to call it with.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// Its name in the spec.
    pub name: String,
    /// The status of the response declaring it (`200`, `2XX`, `default`).
    pub status: String,
    /// The operation it leads to: an index into [`Api::operations`] (placed after lowering).
    pub operation: usize,
    /// Each parameter of that operation and the value or runtime expression that gives it
    /// (`$response.body#/id`), as the spec writes them.
    pub parameters: Vec<(String, String)>,
    /// Its description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// A group of operations reached from the client by accessors: `client.streams().clips()`.
#[derive(Debug, Clone, Serialize)]
pub struct Resource {
    /// The accessor method on the parent (`clips`).
    pub accessor: String,
    /// The handle type (`StreamsClips`).
    pub type_name: String,
    /// The parent resource (an index into [`Api::resources`]); `None`: the client.
    pub parent: Option<usize>,
    /// The accessors from the client, this one last (`[streams, clips]`).
    pub path: Vec<String>,
    /// For a first-level resource: the cargo feature that compiles it and everything under it
    /// (`streams`; all of them are in the default `full`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
}

/// An HTTP status as a response key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Status {
    /// One code.
    Code(u16),
    /// `4XX`: the first digit.
    Range(u16),
    /// `default`.
    Default,
}

/// What a successful call returns: one of three shapes.
#[derive(Debug, Clone, Serialize)]
pub enum Success {
    /// The spec declares no success status: any 2xx is success, and its body is not read.
    Any,
    /// One body for every declared success status, or none (`204`).
    Body {
        /// The declared success statuses.
        statuses: Vec<Status>,
        /// The decoded body (`Payload::None`: no content).
        payload: Payload,
        /// Some statuses have the body and others none (`200` + `204`): the result is an
        /// `Option`.
        optional: bool,
    },
    /// Different bodies per status: an enum, a variant per status, says which came.
    PerStatus {
        /// The enum's name.
        response_type: String,
        /// One per declared success status.
        variants: Vec<SuccessVariant>,
    },
}

impl Success {
    /// The one body every success has, when there is one shape (`None` for `PerStatus`),
    /// and whether it is optional.
    pub fn body(&self) -> Option<(&Payload, bool)> {
        match self {
            Success::Any => Some((&Payload::None, false)),
            Success::Body {
                payload, optional, ..
            } => Some((payload, *optional)),
            Success::PerStatus { .. } => None,
        }
    }

    /// Every body a success may carry.
    pub fn payloads(&self) -> Vec<&Payload> {
        match self {
            Success::Any => Vec::new(),
            Success::Body { payload, .. } => vec![payload],
            Success::PerStatus { variants, .. } => variants.iter().map(|v| &v.payload).collect(),
        }
    }

    /// A plain binary body (every status): what `*_stream` can read as it arrives.
    pub fn is_bytes(&self) -> bool {
        matches!(
            self,
            Success::Body {
                payload: Payload::Bytes,
                ..
            }
        )
    }
}

/// One success status of an operation whose success bodies differ.
#[derive(Debug, Clone, Serialize)]
pub struct SuccessVariant {
    /// Which status(es).
    pub status: Status,
    /// The variant name (`Ok`, `Accepted`, `NoContent`).
    pub name: String,
    /// Its body.
    pub payload: Payload,
    /// The response's description.
    pub doc: Option<String>,
}

/// A declared non-success response.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorCase {
    /// Which status(es).
    pub status: Status,
    /// The variant name in the operation's error enum.
    pub variant: String,
    /// Its body.
    pub payload: Payload,
    /// The response's description.
    pub doc: Option<String>,
}
