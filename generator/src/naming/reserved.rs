//! The names each scope of a generated crate holds before any name from the spec is claimed in
//! it: one table per scope, the only place they are written. A [`super::Namespace`] for a scope
//! starts from its table (`Namespace::with_reserved`), so a spec name that would collide is
//! claimed with a suffix instead. Tests read what the runtime and the scaffold really bind and
//! fail on a name missing here (`tests/tests/adversarial.rs`).

/// The models' types: the std names generated code writes unqualified (prelude types, traits
/// and variants), which no generated type takes. (Derives name macros, which a type does not
/// shadow.) `tests/fixtures/adversarial/reserved_names.yaml` uses every prelude name as a
/// schema, so one the emitters start to write fails there until it is listed.
pub const MODEL_TYPES: &[&str] = &[
    "Box", "Err", "Into", "None", "Ok", "Option", "Result", "Some", "String", "Vec",
];

/// Names the client module declares or imports itself; operation types and resource handles
/// must not take them (nor [`MODEL_TYPES`], which the client writes unqualified too). `tests/tests/adversarial.rs` reads what the client binds (the scaffold's
/// types, the runtime and auth names it imports) and fails on any missing here.
pub const CLIENT_TYPES: &[&str] = &[
    "ApiKey",
    "ByteStream",
    "Call",
    "Client",
    "ClientCredentials",
    "Clock",
    "ConfigError",
    "Credential",
    "Default",
    "DeviceAuthorization",
    "DeviceFlowError",
    "Endpoint",
    "Error",
    "EventStream",
    "IntoIterator",
    "Paging",
    "Pending",
    "PendingResponse",
    "Place",
    "RawRequest",
    "RequestOptions",
    "Requirement",
    "Response",
    "RetryPolicy",
    "Runtime",
    "Scheme",
    "Secret",
    "Send",
    "ToString",
    "TokenProvider",
];

/// The methods `Client` has besides the operations (constructors, settings, helpers, the
/// hand-written clip download, and those of the traits it implements): no operation takes one.
/// `into` and `try_into` are every type's, taking `self` by value, so they win over a method
/// of that name taking `&self`.
pub const CLIENT_METHODS: &[&str] = &[
    "authorize",
    "base_url",
    "clone",
    "clone_from",
    "download_clip",
    "fmt",
    "from_env",
    "into",
    "new",
    "request",
    "request_to",
    "runtime",
    "try_into",
    "with_base_url",
    "with_clock",
    "with_http_client",
    "with_max_retries",
    "with_options",
    "with_paging",
    "with_retry_policy",
    "with_timeout",
];

/// The methods a resource handle has besides its operations and sub-resources (those of the
/// traits it derives, and every type's `into` and `try_into`), and `new`, which clippy
/// (`new_ret_no_self`) refuses on a method that returns no `Self` (a sub-resource `new`).
pub const RESOURCE_METHODS: &[&str] = &["clone", "clone_from", "fmt", "into", "new", "try_into"];

/// A request builder's own methods, and `self`: its setters (one per optional parameter or
/// body field) are claimed beside them.
pub const BUILDER_METHODS: &[&str] = &[
    "self",
    "body",
    "send",
    "with_response",
    "send_stream",
    "send_events",
    "pages",
    "into_future",
];

/// A model struct's methods besides its setters and `*_or_default` accessors: `new`, and the
/// methods of the traits every struct derives (a setter named like one would shadow it:
/// `thing.clone()` would want an argument).
pub const STRUCT_METHODS: &[&str] = &[
    "new",
    "clone",
    "clone_from",
    "eq",
    "ne",
    "fmt",
    "serialize",
    "deserialize",
    "default",
    "to_owned",
];

/// The locals and helper functions an operation method's body binds (before it has read every
/// parameter) or calls by a plain name, and those a paged walk binds (see `emit::client`): a parameter with one of these
/// names is read through another binding. (`body`, the request body argument, is reserved
/// among the arguments instead.)
pub const METHOD_LOCALS: &[&str] = &[
    "client",
    "cursor",
    "first",
    "item",
    "items",
    "link",
    "more",
    "next",
    "paging",
    "param_text",
    "params",
    "parts",
    "path_segment",
    "prepare",
    "query",
    "request",
    "response",
    "state",
];

/// The names a struct's written-out `from_map` binds or calls unqualified (`.map(drop)`),
/// besides a local per field.
pub const DECODER_LOCALS: &[&str] = &["map", "key", "value", "drop", "de", "serde"];

/// The cargo features every generated crate has, beside one per first-level resource (the
/// `serialize`/`deserialize` pair: `emit::manifest::SERDE_FEATURES`).
pub const FEATURES: &[&str] = &[
    "default",
    "full",
    "rustls",
    "native-tls",
    "serialize",
    "deserialize",
];

/// An enum's variants besides the spec's values: the catch-all for values added to the API
/// after generation.
pub const ENUM_VARIANTS: &[&str] = &["Unknown"];
