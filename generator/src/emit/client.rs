//! Emits `client.rs`: the `Client`, one async method per operation (plus `*_with_response` and,
//! for page-numbered lists, `*_pages`), and the per-operation parameter, response and error
//! types.
//!
//! What depends on no API at all (retries, timeouts, options, tracing, paging, `Error`) is the
//! verbatim runtime module (`generator/runtime/runtime.rs`). What depends on the API but on no
//! operation (the base URL, authentication, `from_env`) is written once here as `Client`'s
//! constructors and private helpers. Each method is then a short, readable sequence: build the
//! URL, add parameters and body, hand the request to the runtime, match the status.

use super::{doc_attrs, paragraphs, type_tokens};
use crate::ir::{
    Api, Auth, ErrorCase, Operation, Param, ParamLocation, PathPart, Payload, QueryStyle, Status,
    TypeRef,
};
use crate::naming::ident;
use crate::settings::Settings;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The `client` module.
pub fn client(settings: &Settings, api: &Api) -> TokenStream {
    if api.operations.is_empty() {
        // A webhooks-only or models-only document: a client without methods would be noise.
        return quote! {
            //! This API declares no operations (only models, or webhooks the server sends), so
            //! there is no client; the data types are in [`crate::models`].
        };
    }
    let models = quote!(crate::models::);
    let methods: Vec<TokenStream> = api
        .operations
        .iter()
        .map(|op| method(&models, api, op))
        .collect();
    // Helpers only some APIs need are emitted only when a method calls them (no dead code).
    // Calls are found in the token trees, so a doc string mentioning `decode (` is no call.
    let calls = quote!(#(#methods)*);
    let runtime = runtime(settings, api, |helper| calls_fn(calls.clone(), helper));
    let error_enums = api
        .operations
        .iter()
        .filter_map(|op| error_enum(&models, op));
    let response_enums = api
        .operations
        .iter()
        .filter_map(|op| response_enum(&models, op));
    let params_structs = api
        .operations
        .iter()
        .filter_map(|op| params_struct(&models, op));
    quote! {
        //! The HTTP client: [`Client`] with one async method per API operation.
        // Why each lint is allowed: spec prose is Markdown written for a web page, not for
        // rustdoc's lints; operations take their parameters positionally, as the spec lists
        // them; error enums hold decoded bodies, and boxing them would only add noise.
        #![allow(
            clippy::doc_lazy_continuation,
            clippy::doc_overindented_list_items,
            clippy::tabs_in_doc_comments,
            clippy::too_many_arguments,
            clippy::large_enum_variant,
            clippy::result_large_err
        )]

        #runtime

        impl Client {
            #(#methods)*
        }

        #(#params_structs)*

        #(#response_enums)*

        #(#error_enums)*
    }
}

/// Whether `tokens` call a function named `name`: the identifier followed by a parenthesised
/// group, at any depth (literals, doc strings included, are never looked into).
fn calls_fn(tokens: TokenStream, name: &str) -> bool {
    use proc_macro2::{Delimiter, TokenTree};
    let mut previous_is_name = false;
    for tree in tokens {
        match &tree {
            TokenTree::Group(group) => {
                if previous_is_name && group.delimiter() == Delimiter::Parenthesis {
                    return true;
                }
                if calls_fn(group.stream(), name) {
                    return true;
                }
                previous_is_name = false;
            }
            TokenTree::Ident(ident) => previous_is_name = ident == name,
            _ => previous_is_name = false,
        }
    }
    false
}

/// The operation-independent part this API shapes: `Client` (base URL, credentials, the
/// runtime's settings), its constructors, `ConfigError`, and the helpers methods call.
fn runtime(settings: &Settings, api: &Api, used: impl Fn(&str) -> bool) -> TokenStream {
    let base_url = &api.base_url;
    let base_url_doc = if base_url.is_empty() {
        " The spec lists no server: set one with [`Client::with_base_url`].".to_string()
    } else if !base_url.contains("://") {
        format!(" The server the spec lists first, `{base_url}`, is relative: set an absolute one with\n [`Client::with_base_url`].")
    } else {
        format!(" The server the spec lists first: `{base_url}`.")
    };
    let env = &settings.env_prefix;
    let key_env = format!("{env}_API_KEY");
    let url_env = format!("{env}_BASE_URL");
    let client_doc = doc_attrs(&paragraphs([
        Some(
            format!(
                "Client for the {} (version `{}`).",
                super::api_name(&api.title),
                api.version
            )
            .as_str(),
        ),
        api.description.as_deref(),
        Some("Cloning is cheap: clones share one connection pool."),
    ]));

    let (key_field, key_init, key_param, authorize, key_docs) = match &api.auth {
        Some(auth) => {
            let (apply, how) = auth_apply(auth);
            (
                quote!(api_key: ApiKey,),
                quote!(api_key: ApiKey(api_key.into()),),
                quote!(api_key: impl Into<String>),
                quote! {
                    /// Adds the credentials to a request.
                    fn authorize<E>(&self, request: reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder, Error<E>> {
                        let key = &self.api_key.0;
                        #apply
                    }
                },
                how,
            )
        }
        None => (quote!(), quote!(), quote!(), quote!(), String::new()),
    };
    let new_doc = doc_attrs(&paragraphs([
        Some(
            format!(
                "A client for [`DEFAULT_BASE_URL`]{}.",
                if api.auth.is_some() {
                    " that authenticates with `api_key`"
                } else {
                    ""
                }
            )
            .as_str(),
        ),
        Some(key_docs.as_str()),
    ]));
    let from_env = if api.auth.is_some() {
        let doc = doc_attrs(&format!(
            "A client configured from the environment: the API key from `{key_env}` (required)\nand the base URL from `{url_env}` (optional, defaults to [`DEFAULT_BASE_URL`])."
        ));
        quote! {
            #doc
            pub fn from_env() -> Result<Self, ConfigError> {
                let key = std::env::var(#key_env).map_err(|source| ConfigError::Env { name: #key_env, source })?;
                let client = Self::new(key);
                Ok(match std::env::var(#url_env) {
                    Ok(url) => client.with_base_url(url),
                    Err(_) => client,
                })
            }
        }
    } else {
        let doc = doc_attrs(&format!(
            "A client configured from the environment: the base URL from `{url_env}` (optional,\ndefaults to [`DEFAULT_BASE_URL`])."
        ));
        quote! {
            #doc
            pub fn from_env() -> Result<Self, ConfigError> {
                let client = Self::new();
                Ok(match std::env::var(#url_env) {
                    Ok(url) => client.with_base_url(url),
                    Err(_) => client,
                })
            }
        }
    };
    let default_impl = api.auth.is_none().then(|| {
        quote! {
            impl Default for Client {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    let api_key_type = api.auth.is_some().then(|| {
        quote! {
            /// The API key, kept out of `Debug` output so that logging a client cannot leak it.
            #[derive(Clone)]
            struct ApiKey(String);

            impl std::fmt::Debug for ApiKey {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("<redacted>")
                }
            }
        }
    });

    let decode = used("decode").then(|| {
        quote! {
            /// Decodes a JSON body; a failure keeps the body text for diagnosis.
            fn decode<T: serde::de::DeserializeOwned, E>(status: reqwest::StatusCode, body: &[u8]) -> Result<T, Error<E>> {
                serde_json::from_slice(body).map_err(|source| Error::Decode { status, body: text(body), source })
            }
        }
    });
    let param_text = used("param_text").then(|| {
        quote! {
            /// A parameter value as it is written in a path, query or header: strings as they
            /// are, other scalars in their JSON form, structured values as JSON text.
            fn param_text<T: serde::Serialize + ?Sized, E>(value: &T) -> Result<String, Error<E>> {
                match serde_json::to_value(value) {
                    Ok(serde_json::Value::String(s)) => Ok(s),
                    Ok(other) => Ok(other.to_string()),
                    Err(e) => Err(Error::InvalidRequest(format!("parameter cannot be encoded: {e}"))),
                }
            }
        }
    });
    quote! {
        use crate::runtime::{Call, Clock, Error, Paging, RequestOptions, Response, RetryPolicy, Runtime};

        #[doc = #base_url_doc]
        pub const DEFAULT_BASE_URL: &str = #base_url;

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            pub(crate) runtime: Runtime,
            base_url: String,
            #key_field
        }

        #api_key_type

        #default_impl

        impl Client {
            #new_doc
            pub fn new(#key_param) -> Self {
                Self {
                    runtime: Runtime::new(),
                    base_url: DEFAULT_BASE_URL.to_string(),
                    #key_init
                }
            }

            /// How long a request may take, from sending to the end of the response body,
            /// unless [`Client::with_timeout`] says otherwise.
            pub const DEFAULT_TIMEOUT: std::time::Duration = Runtime::DEFAULT_TIMEOUT;

            /// How long establishing a connection may take (for the client [`Client::new`] makes).
            pub const DEFAULT_CONNECT_TIMEOUT: std::time::Duration = Runtime::DEFAULT_CONNECT_TIMEOUT;

            /// The `User-Agent` every request carries: this crate's name and version.
            pub const USER_AGENT: &'static str = Runtime::USER_AGENT;

            #from_env

            /// Sends requests to `base_url` instead (a mock server, a proxy, another region).
            /// A trailing `/` is optional.
            pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
                self.base_url = base_url.into();
                self
            }

            /// Lets each request take at most `timeout` (per attempt); past it the call fails
            /// with [`Error::Timeout`] (after retrying, for idempotent methods).
            pub fn with_timeout(mut self, timeout: std::time::Duration) -> Self {
                self.runtime.timeout = timeout;
                self
            }

            /// Retries failed requests as `policy` says (see [`RetryPolicy`] for the default).
            pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
                self.runtime.retry = policy;
                self
            }

            /// Retries a failed request at most `max_retries` times (0: never), with the default
            /// backoff.
            pub fn with_max_retries(mut self, max_retries: u32) -> Self {
                self.runtime.retry = self.runtime.retry.max_retries(max_retries);
                self
            }

            /// A client for calls with other settings (timeout, retries, extra headers); the
            /// original is unchanged. Cheap: the connection pool is shared.
            pub fn with_options(&self, options: RequestOptions) -> Self {
                let mut client = self.clone();
                client.runtime.apply(options);
                client
            }

            /// How the `*_pages` streams number their pages and when they stop.
            pub fn with_paging(mut self, paging: Paging) -> Self {
                self.runtime.paging = paging;
                self
            }

            /// Uses `clock` to wait between retries and to read `Retry-After` dates (tests use a
            /// clock that records the waits instead of sleeping).
            pub fn with_clock(mut self, clock: impl Clock + 'static) -> Self {
                self.runtime.clock = std::sync::Arc::new(clock);
                self
            }

            /// Sends requests through `http`, for your own proxies, TLS or pool settings. The
            /// request timeout, retries and `User-Agent` still apply.
            pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
                self.runtime.http = http;
                self
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                &self.base_url
            }

            /// The base URL with `segments` appended, each percent-encoded as one path segment,
            /// so that no parameter value can change the shape of the path.
            fn url<E>(&self, segments: &[&str]) -> Result<reqwest::Url, Error<E>> {
                let invalid = |reason: String| Error::InvalidRequest(format!("base URL `{}`: {reason}", self.base_url));
                let mut url = reqwest::Url::parse(&self.base_url).map_err(|e| invalid(e.to_string()))?;
                url.path_segments_mut()
                    .map_err(|()| invalid("cannot hold a path".to_string()))?
                    .pop_if_empty()
                    .extend(segments);
                Ok(url)
            }

            #authorize
        }

        #decode

        /// A body as text (invalid UTF-8 replaced).
        fn text(body: &[u8]) -> String {
            String::from_utf8_lossy(body).into_owned()
        }

        #param_text

        /// Why [`Client::from_env`] could not make a client.
        #[derive(Debug)]
        pub enum ConfigError {
            /// A required environment variable is missing or not valid Unicode.
            Env {
                /// The variable's name.
                name: &'static str,
                /// Why it could not be read.
                source: std::env::VarError,
            },
        }

        impl std::fmt::Display for ConfigError {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    ConfigError::Env { name, source } => write!(f, "environment variable {name}: {source}"),
                }
            }
        }

        impl std::error::Error for ConfigError {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                match self {
                    ConfigError::Env { source, .. } => Some(source),
                }
            }
        }
    }
}

/// The body of `authorize` for a scheme, and a sentence for the docs of `new`.
fn auth_apply(auth: &Auth) -> (TokenStream, String) {
    match auth {
        Auth::ApiKeyHeader { header, prefix, .. } => {
            let value = match prefix {
                Some(prefix) => {
                    let with_space = format!("{prefix} ");
                    let len = with_space.len();
                    let prefixed = format!("{prefix} {{key}}");
                    quote! {
                        // Accept the key with or without the scheme word the API expects.
                        let value = match key.get(..#len) {
                            Some(start) if start.eq_ignore_ascii_case(#with_space) => key.clone(),
                            _ => format!(#prefixed),
                        };
                    }
                }
                None => quote!(let value = key.clone();),
            };
            let how = match prefix {
                Some(prefix) => format!("The key is sent as `{header}: {prefix} <api_key>`; a key that already starts with `{prefix} ` is sent as it is."),
                None => format!("The key is sent in the `{header}` header."),
            };
            (
                quote! {
                    #value
                    let mut value = reqwest::header::HeaderValue::from_str(&value)
                        .map_err(|_| Error::InvalidRequest("the API key is not a valid header value".to_string()))?;
                    value.set_sensitive(true);
                    Ok(request.header(#header, value))
                },
                how,
            )
        }
        Auth::ApiKeyQuery { param, .. } => (
            quote!(Ok(request.query(&[(#param, key.as_str())]))),
            format!("The key is sent as the `{param}` query parameter."),
        ),
        Auth::Bearer { .. } => (
            quote!(Ok(request.bearer_auth(key))),
            "The key is sent as `Authorization: Bearer <api_key>`.".to_string(),
        ),
    }
}

/// The enum of an operation's success responses, when their bodies differ.
fn response_enum(models: &TokenStream, op: &Operation) -> Option<TokenStream> {
    let name = op.success.response_type.as_ref()?;
    let doc = format!(
        " Success responses of [`Client::{}`]: which status came, with its body.",
        op.method_name
    );
    let variants = op
        .success
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.doc.as_deref(), &v.status, &v.payload));
    Some(status_enum(models, name, &doc, variants))
}

/// The struct of an operation's optional parameters, when it has many; `Default` leaves
/// them all out.
fn params_struct(models: &TokenStream, op: &Operation) -> Option<TokenStream> {
    let name = ident(op.params_type.as_ref()?);
    let doc = format!(
        " Optional parameters of [`Client::{}`]; `Default::default()` sends none of them.",
        op.method_name
    );
    let fields = op.params.iter().filter(|p| p.in_struct).map(|p| {
        let field = ident(&p.name);
        let ty = type_tokens(models, &p.ty);
        let wire = format!("{} `{}`", location_word(p.location), p.wire_name);
        let docs = doc_attrs(&paragraphs([
            p.doc.as_deref(),
            Some(&format!("Sent as {wire}.")),
        ]));
        quote! {
            #docs
            pub #field: Option<#ty>,
        }
    });
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct #name {
            #(#fields)*
        }
    })
}

/// The enum of an operation's declared error responses.
fn error_enum(models: &TokenStream, op: &Operation) -> Option<TokenStream> {
    let name = op.error_type.as_ref()?;
    let doc = format!(" Error responses [`Client::{}`] declares.", op.method_name);
    let variants = op
        .errors
        .iter()
        .map(|e| (e.variant.as_str(), e.doc.as_deref(), &e.status, &e.payload));
    Some(status_enum(models, name, &doc, variants))
}

/// An enum with one variant per response status: (variant, description, status, body).
fn status_enum<'a>(
    models: &TokenStream,
    name: &str,
    doc: &str,
    variants: impl Iterator<Item = (&'a str, Option<&'a str>, &'a Status, &'a Payload)>,
) -> TokenStream {
    let name = ident(name);
    let variants = variants.map(|(variant, description, status, payload)| {
        let variant = ident(variant);
        let docs = doc_attrs(&paragraphs([
            description,
            Some(&format!("Status: {}.", status_text(status))),
        ]));
        let payload = payload_type(models, payload).map(|ty| quote!((#ty)));
        quote! {
            #docs
            #variant #payload,
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    }
}

fn status_text(status: &Status) -> String {
    match status {
        Status::Code(c) => c.to_string(),
        Status::Range(r) => format!("{r}XX"),
        Status::Default => "any other".to_string(),
    }
}

/// The Rust type a payload decodes into; `None` for no body.
fn payload_type(models: &TokenStream, payload: &Payload) -> Option<TokenStream> {
    match payload {
        Payload::None => None,
        Payload::Json(ty) => Some(type_tokens(models, ty)),
        Payload::Text => Some(quote!(String)),
        Payload::Bytes | Payload::Form(_) | Payload::Multipart => Some(quote!(Vec<u8>)),
    }
}

/// How a parameter is taken: strings borrowed, scalars by value, the rest by reference.
fn param_type(models: &TokenStream, p: &Param) -> TokenStream {
    let ty = match &p.ty {
        TypeRef::String => quote!(&str),
        TypeRef::I32
        | TypeRef::I64
        | TypeRef::U32
        | TypeRef::U64
        | TypeRef::F32
        | TypeRef::F64
        | TypeRef::Bool => type_tokens(models, &p.ty),
        other => {
            let ty = type_tokens(models, other);
            quote!(&#ty)
        }
    };
    if p.required {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

fn method(models: &TokenStream, api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.method_name);
    let error_ty = match &op.error_type {
        Some(e) => {
            let e = ident(e);
            quote!(Error<#e>)
        }
        None => quote!(Error),
    };
    let ok_ty = match (
        &op.success.response_type,
        payload_type(models, &op.success.payload),
    ) {
        (Some(response), _) => {
            let response = ident(response);
            quote!(#response)
        }
        (None, Some(ty)) if op.success.optional => quote!(Option<#ty>),
        (None, Some(ty)) => ty,
        (None, None) => quote!(()),
    };

    let mut args = Vec::new();
    for p in op.params.iter().filter(|p| !p.in_struct) {
        let arg = ident(p.binding());
        let ty = param_type(models, p);
        args.push(quote!(#arg: #ty));
    }
    // The optional parameters, when there are many, come in one struct.
    let unpack_params = op.params_type.as_ref().map(|params_type| {
        let params_type = ident(params_type);
        args.push(quote!(params: &#params_type));
        let fields = op.params.iter().filter(|p| p.in_struct).map(|p| {
            let field = ident(&p.name);
            let local = ident(p.binding());
            if p.local.is_some() {
                quote!(#field: #local)
            } else {
                quote!(#field)
            }
        });
        quote!(let #params_type { #(#fields),* } = params;)
    });
    if let Some(body) = &op.body {
        let ty = match &body.payload {
            Payload::Json(ty) | Payload::Form(ty) => {
                let ty = type_tokens(models, ty);
                quote!(&#ty)
            }
            Payload::Text => quote!(String),
            Payload::Multipart => quote!(reqwest::multipart::Form),
            Payload::Bytes | Payload::None => quote!(Vec<u8>),
        };
        let ty = if body.required {
            ty
        } else {
            quote!(Option<#ty>)
        };
        args.push(quote!(body: #ty));
    }

    let path_param = |name: &str| {
        let param = op.params.iter().find(|p| p.name == name);
        let arg = ident(param.map_or(name, |p| p.binding()));
        match param.map(|p| &p.ty) {
            Some(TypeRef::String) => quote!(#arg),
            Some(ty) => {
                let value = param_value(ty, &arg);
                quote!(&#value)
            }
            None => quote!(&param_text(&#arg)?),
        }
    };
    let segments = op.segments.iter().map(|parts| match parts.as_slice() {
        [PathPart::Literal(text)] => quote!(#text),
        [PathPart::Param(p)] => path_param(p),
        parts => {
            let pieces = parts.iter().map(|part| match part {
                PathPart::Literal(text) => quote!(#text),
                PathPart::Param(p) => path_param(p),
            });
            quote!(&[#(#pieces),*].concat())
        }
    });
    let http_method = ident(&op.http_method);
    let authorize = (op.authenticated && api.auth.is_some())
        .then(|| quote!(let request = self.authorize(request)?;));

    let query: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .collect();
    let query_code = (!query.is_empty()).then(|| query_code(&query));
    let headers = op
        .params
        .iter()
        .filter(|p| matches!(p.location, ParamLocation::Header | ParamLocation::Cookie))
        .map(|p| {
            let arg = ident(p.binding());
            let wire = &p.wire_name;
            let value = param_value(&p.ty, &arg);
            let set = if p.location == ParamLocation::Cookie {
                // The name is spec text inside a format string: its braces are escaped.
                let escaped = wire.replace('{', "{{").replace('}', "}}");
                let cookie = format!("{escaped}={{}}");
                // Scalars format themselves; `to_string` inside `format!` would be noise.
                let shown = match &p.ty {
                    TypeRef::String
                    | TypeRef::I32
                    | TypeRef::I64
                    | TypeRef::U32
                    | TypeRef::U64
                    | TypeRef::Bool => quote!(#arg),
                    _ => value,
                };
                quote!(request.header(reqwest::header::COOKIE, format!(#cookie, #shown)))
            } else {
                quote!(request.header(#wire, #value))
            };
            if p.required {
                quote!(let request = #set;)
            } else {
                quote!(let request = match #arg { Some(#arg) => #set, None => request };)
            }
        });
    let body_code = op.body.as_ref().map(|body| {
        let media = &body.media_type;
        let set = match &body.payload {
            Payload::Json(_) => quote!(request.json(body)),
            Payload::Form(_) => quote!(request.form(body)),
            Payload::Multipart => quote!(request.multipart(body)),
            Payload::Text | Payload::Bytes | Payload::None => {
                quote!(request.header(reqwest::header::CONTENT_TYPE, #media).body(body))
            }
        };
        if body.required {
            quote!(let request = #set;)
        } else {
            quote!(let request = match body { Some(body) => #set, None => request };)
        }
    });

    let mut arms = success_arms(op);
    let (codes, rest): (Vec<&ErrorCase>, Vec<&ErrorCase>) = op
        .errors
        .iter()
        .partition(|e| matches!(e.status, Status::Code(_)));
    let (ranges, default): (Vec<&ErrorCase>, Vec<&ErrorCase>) = rest
        .into_iter()
        .partition(|e| matches!(e.status, Status::Range(_)));
    if let Some(enum_name) = &op.error_type {
        for e in codes.into_iter().chain(ranges) {
            let pattern = status_pattern(&e.status);
            let value = error_value(enum_name, e);
            arms.push(quote!(#pattern => #value,));
        }
    }
    match (&op.error_type, default.first()) {
        (Some(enum_name), Some(e)) => {
            let value = error_value(enum_name, e);
            arms.push(quote!(_ => #value,));
        }
        _ => arms.push(quote!(_ => Err(Error::UnexpectedStatus { status, text: text(&body) }),)),
    }

    let docs = method_docs(op);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    // The plain method returns the body; `*_with_response` also the status and headers. One
    // implementation serves both: the plain one calls the other.
    let with_response = ident(&format!(
        "{}_with_response",
        crate::naming::serde_name(&op.method_name)
    ));
    let with_response_doc = format!(
        " Like [`Client::{}`], with the response's status and headers.",
        op.method_name
    );
    let call_args = op
        .params
        .iter()
        .filter(|p| !p.in_struct)
        .map(|p| ident(p.binding()))
        .chain(op.params_type.as_ref().map(|_| ident("params")))
        .chain(op.body.as_ref().map(|_| ident("body")));
    let allow_deprecated = op.deprecated.then(|| quote!(#[allow(deprecated)]));
    let operation = crate::naming::serde_name(&op.method_name);
    let path_template = &op.path;
    let pages = op
        .paging
        .as_ref()
        .map(|paging| pages_method(models, api, op, paging, &error_ty));
    quote! {
        #docs
        #deprecated
        #allow_deprecated
        pub async fn #name(&self, #(#args),*) -> Result<#ok_ty, #error_ty> {
            self.#with_response(#(#call_args),*).await.map(|response| response.body)
        }

        #[doc = #with_response_doc]
        #deprecated
        pub async fn #with_response(&self, #(#args),*) -> Result<Response<#ok_ty>, #error_ty> {
            #unpack_params
            let url = self.url(&[#(#segments),*])?;
            let request = self.runtime.http.request(reqwest::Method::#http_method, url);
            #authorize
            #query_code
            #(#headers)*
            #body_code
            let raw = self.runtime.execute(Call { operation: #operation, path: #path_template }, request).await?;
            let (status, headers, body) = (raw.status, raw.headers, raw.body);
            let result = match status.as_u16() {
                #(#arms)*
            };
            result.map(|value| Response { status, headers, body: value })
        }

        #pages
    }
}

/// The `*_pages` method of a page-numbered list: the operation's arguments without `page`,
/// returning a stream of items. The stream owns copies of the arguments (it outlives the
/// call), and asks the runtime's `pages` for the walk.
fn pages_method(
    models: &TokenStream,
    api: &Api,
    op: &Operation,
    paging: &crate::ir::Paging,
    error_ty: &TokenStream,
) -> TokenStream {
    let name = ident(&op.method_name);
    let pages = ident(&format!(
        "{}_pages",
        crate::naming::serde_name(&op.method_name)
    ));
    let item = type_tokens(models, &paging.item);
    let mut args = Vec::new();
    let mut owned = Vec::new();
    let mut copies = Vec::new();
    let mut call = Vec::new();
    for p in op.params.iter().filter(|p| !p.in_struct) {
        let arg = ident(p.binding());
        if p.name == paging.param {
            call.push(if p.required {
                quote!(page)
            } else {
                quote!(Some(page))
            });
            continue;
        }
        let ty = param_type(models, p);
        args.push(quote!(#arg: #ty));
        let by_value = is_scalar(&p.ty) && p.ty != TypeRef::String
            || matches!(p.ty, TypeRef::F32 | TypeRef::F64);
        if by_value {
            // `Copy`: the closure captures it as it is.
            call.push(quote!(#arg));
            continue;
        }
        // An alias of a number (`pub type AlertNumber = i64`) is taken by reference but is
        // `Copy`: the stream keeps a copy (no `clone`) and lends it to each call.
        let ty = unalias(api, &p.ty);
        let copy_alias = matches!(ty, TypeRef::Bool | TypeRef::F32 | TypeRef::F64)
            || is_scalar(ty) && *ty != TypeRef::String;
        if copy_alias {
            if p.required {
                owned.push(quote!(let #arg = *#arg;));
                call.push(quote!(&#arg));
            } else {
                owned.push(quote!(let #arg = #arg.copied();));
                call.push(quote!(#arg.as_ref()));
            }
            continue;
        }
        let (own, borrow) = match (p.required, &p.ty) {
            (true, TypeRef::String) => (quote!(#arg.to_owned()), quote!(&#arg)),
            (false, TypeRef::String) => (quote!(#arg.map(str::to_owned)), quote!(#arg.as_deref())),
            (true, _) => (quote!(#arg.clone()), quote!(&#arg)),
            (false, _) => (quote!(#arg.cloned()), quote!(#arg.as_ref())),
        };
        owned.push(quote!(let #arg = #own;));
        copies.push(quote!(let #arg = #arg.clone();));
        call.push(borrow);
    }
    if let Some(params_type) = &op.params_type {
        let params_type = ident(params_type);
        let field = ident(&paging.param);
        args.push(quote!(params: &#params_type));
        owned.push(quote!(let params = params.clone();));
        copies.push(quote! {
            let mut params = params.clone();
            params.#field = Some(page);
        });
        call.push(quote!(&params));
    }
    let doc = doc_attrs(&format!(
        "Every item of [`Client::{}`], page after page: a stream that requests page\n\
         [`Paging::first_page`] (1 unless [`Client::with_paging`] says otherwise), then the next,\n\
         until the end rule of [`Paging::end`] says stop (by default, after the first empty page).\n\
         An error is the stream's last item.",
        op.method_name
    ));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let allow_deprecated = op.deprecated.then(|| quote!(#[allow(deprecated)]));
    quote! {
        #doc
        #deprecated
        #allow_deprecated
        pub fn #pages(&self, #(#args),*) -> impl futures_util::Stream<Item = Result<#item, #error_ty>> + Send + 'static {
            let client = self.clone();
            #(#owned)*
            crate::runtime::pages(self.runtime.paging, move |page| {
                let client = client.clone();
                #(#copies)*
                async move { client.#name(#(#call),*).await }
            })
        }
    }
}

/// The type an alias stands for (through chains of aliases; newtypes are types of their own).
fn unalias<'a>(api: &'a Api, ty: &'a TypeRef) -> &'a TypeRef {
    let mut ty = ty;
    for _ in 0..api.types.len() {
        let TypeRef::Named(name) = ty else { break };
        match api.types.iter().find(|t| t.name == *name).map(|t| &t.kind) {
            Some(crate::ir::TypeKind::Alias {
                target,
                newtype: false,
            }) => ty = target,
            _ => break,
        }
    }
    ty
}

/// Builds the query string: required scalars in the initial `vec!`, then the optional and
/// repeated ones (arrays are sent exploded, `?id=1&id=2`, the OpenAPI default).
fn query_code(query: &[&Param]) -> TokenStream {
    let leading = query
        .iter()
        .take_while(|p| p.required && !matches!(p.ty, TypeRef::Vec(_)))
        .count();
    let initial = query[..leading].iter().map(|p| {
        let wire = &p.wire_name;
        let value = param_value(&p.ty, &ident(p.binding()));
        quote!((#wire, #value))
    });
    let pushes: Vec<TokenStream> = query[leading..]
        .iter()
        .map(|p| {
            let arg = ident(p.binding());
            let wire = &p.wire_name;
            let push = match (&p.ty, p.style) {
                (TypeRef::Vec(item_ty), QueryStyle::Delimited(separator)) => {
                    let separator = separator.to_string();
                    let item = ident("item");
                    if is_scalar(item_ty) {
                        quote!(query.push((#wire, #arg.iter().map(|item| item.to_string()).collect::<Vec<_>>().join(#separator)));)
                    } else {
                        let value = param_value(item_ty, &item);
                        quote! {
                            let mut parts = Vec::with_capacity(#arg.len());
                            for item in #arg.iter() { parts.push(#value); }
                            query.push((#wire, parts.join(#separator)));
                        }
                    }
                }
                (TypeRef::Vec(item_ty), _) => {
                    let value = param_value(item_ty, &ident("item"));
                    quote!(for item in #arg.iter() { query.push((#wire, #value)); })
                }
                (ty, _) => {
                    let value = param_value(ty, &arg);
                    quote!(query.push((#wire, #value));)
                }
            };
            if p.required {
                push
            } else {
                quote!(if let Some(#arg) = #arg { #push })
            }
        })
        .collect();
    let binding = if pushes.is_empty() {
        quote!(query)
    } else {
        quote!(mut query)
    };
    quote! {
        let #binding: Vec<(&str, String)> = vec![#(#initial),*];
        #(#pushes)*
        let request = request.query(&query);
    }
}

/// Types whose `to_string` is their wire form.
fn is_scalar(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::String | TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 | TypeRef::Bool
    )
}

/// A parameter value as text: scalars through `to_string` (their JSON form), anything else
/// (enums, structures) through serde.
fn param_value(ty: &TypeRef, arg: &proc_macro2::Ident) -> TokenStream {
    match ty {
        TypeRef::String
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::U32
        | TypeRef::U64
        | TypeRef::Bool => {
            quote!(#arg.to_string())
        }
        _ => quote!(param_text(&#arg)?),
    }
}

fn method_docs(op: &Operation) -> TokenStream {
    let endpoint = format!("`{} {}`", op.http_method, op.path);
    let params: Vec<String> = op
        .params
        .iter()
        .map(|p| {
            let doc = p
                .doc
                .as_deref()
                .unwrap_or("")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let sep = if doc.is_empty() { "" } else { ": " };
            let owner = if p.in_struct { "params." } else { "" };
            format!(
                "- `{owner}{}` ({} `{}`){sep}{doc}",
                crate::naming::serde_name(&p.name),
                location_word(p.location),
                p.wire_name
            )
        })
        .collect();
    let params = (!params.is_empty()).then(|| format!("# Parameters\n\n{}", params.join("\n")));
    doc_attrs(&paragraphs([
        op.summary.as_deref(),
        op.description
            .as_deref()
            .filter(|d| Some(*d) != op.summary.as_deref()),
        Some(&endpoint),
        params.as_deref(),
    ]))
}

fn location_word(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

/// Match arms for the success statuses (any 2xx when the spec declares none).
fn success_arms(op: &Operation) -> Vec<TokenStream> {
    let decode = |payload: &Payload| match payload {
        Payload::None => quote!(()),
        Payload::Json(_) => quote!(decode(status, &body)?),
        Payload::Text => quote!(text(&body)),
        Payload::Bytes | Payload::Form(_) | Payload::Multipart => quote!(body),
    };
    if op.success.statuses.is_empty() {
        return vec![quote!(200..=299 => Ok(()),)];
    }
    if let Some(response) = &op.success.response_type {
        let response = ident(response);
        return op
            .success
            .variants
            .iter()
            .map(|v| {
                let pattern = status_pattern(&v.status);
                let variant = ident(&v.name);
                let value = match &v.payload {
                    Payload::None => quote!(#response::#variant),
                    other => {
                        let value = decode(other);
                        quote!(#response::#variant(#value))
                    }
                };
                quote!(#pattern => Ok(#value),)
            })
            .collect();
    }
    let value = decode(&op.success.payload);
    // `decode(..)?` inside `Ok` would be a needless `?` when it is the whole result.
    let value = match (&op.success.payload, op.success.optional) {
        (_, true) => quote!(Ok(Some(#value))),
        (Payload::Json(_), false) => quote!(decode(status, &body)),
        (_, false) => quote!(Ok(#value)),
    };
    // With `optional`, statuses without a body (e.g. 204) give `None`; an empty body under a
    // status that declares one is also `None`, which is how such APIs signal "nothing yet".
    let pattern: Vec<TokenStream> = op.success.statuses.iter().map(status_pattern).collect();
    let mut arms = Vec::new();
    if op.success.optional {
        arms.push(quote!(#(#pattern)|* if body.is_empty() => Ok(None),));
    }
    arms.push(quote!(#(#pattern)|* => #value,));
    arms
}

fn status_pattern(status: &Status) -> TokenStream {
    match status {
        Status::Code(c) => {
            let c = Literal::u16_unsuffixed(*c);
            quote!(#c)
        }
        Status::Range(r) => {
            let lo = Literal::u16_unsuffixed(r * 100);
            let hi = Literal::u16_unsuffixed(r * 100 + 99);
            quote!(#lo..=#hi)
        }
        Status::Default => quote!(_),
    }
}

/// `Err(Error::Api { .. })` carrying the decoded body of a declared error status.
fn error_value(enum_name: &str, e: &ErrorCase) -> TokenStream {
    let enum_name = ident(enum_name);
    let variant = ident(&e.variant);
    let body = match &e.payload {
        Payload::None => quote!(#enum_name::#variant),
        Payload::Json(_) => quote!(#enum_name::#variant(decode(status, &body)?)),
        Payload::Text => quote!(#enum_name::#variant(text(&body))),
        Payload::Bytes | Payload::Form(_) | Payload::Multipart => {
            quote!(#enum_name::#variant(body.clone()))
        }
    };
    quote!(Err(Error::Api { status, body: #body, text: text(&body) }))
}
