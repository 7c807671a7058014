//! What depends on the API but on no operation: `Client` (base URL, credentials, the runtime's
//! settings), its constructors and `from_env`, `ConfigError`, and the private helpers the
//! methods call (emitted only when some method calls them).

use super::*;

/// The operation-independent part this API shapes: `Client` (base URL, credentials, the
/// runtime's settings), its constructors, `ConfigError`, and the helpers methods call.
pub(super) fn runtime(settings: &Settings, api: &Api, used: impl Fn(&str) -> bool) -> TokenStream {
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
                crate::emit::api_name(&api.title),
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
    let path_segment = used("path_segment").then(|| {
        quote! {
            /// A path segment holding a parameter value. The value is percent-encoded as one
            /// segment (`a/b` → `a%2Fb`), but the URL library drops `.` and `..` segments and an
            /// empty one doubles a slash: such values would send the request to another path, so
            /// they are refused.
            fn path_segment<E>(value: &str) -> Result<&str, Error<E>> {
                match value {
                    "" | "." | ".." => Err(Error::InvalidRequest(format!(
                        "path parameter value `{value}` would change the request's path"
                    ))),
                    _ => Ok(value),
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

        #path_segment

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
pub(super) fn auth_apply(auth: &Auth) -> (TokenStream, String) {
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
