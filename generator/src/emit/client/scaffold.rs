//! What depends on the API but on no operation: `Client` (base URL, credentials, the runtime's
//! settings), its constructors and `from_env`, `ConfigError`, and the imports of the runtime's
//! helpers the methods call (only of those some method calls).

use super::{
    api_name, auth, doc_attrs, ident, paragraphs, quote, Api, Helper, Need, Settings, Sink,
    TokenStream,
};

/// The operation-independent part this API shapes: `Client` (base URL, credentials, the
/// runtime's settings), its constructors, `ConfigError`, and the imports of the helpers the
/// methods call.
pub(super) fn client_type(settings: &Settings, api: &Api, out: &Sink) -> TokenStream {
    let imports = imports(api, out);
    let [base_url_doc, client_doc, request_doc] = client_docs(settings, api);
    let base_url = &api.base_url;
    let schemes = auth::schemes_table(api);
    let constructors = auth::constructors(settings, api);
    let setters = auth::setters(api);

    let (consts, settings, config_error) = (client_consts(), settings_methods(), config_error());
    quote! {
        #imports

        #base_url_doc
        pub const DEFAULT_BASE_URL: &str = #base_url;

        #schemes

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            pub(crate) runtime: Runtime,
            base_url: String,
        }

        impl Client {
            #constructors

            #consts

            #setters

            #settings

            #request_doc
            pub fn request(&self, method: reqwest::Method, path: &str) -> RawRequest {
                RawRequest::new(self.runtime.clone(), &self.base_url, DEFAULT_SECURITY, method, path)
            }

            /// A request to the base URL with `segments` appended, each percent-encoded as one
            /// path segment, so that no parameter value can change the shape of the path.
            fn request_to(&self, method: reqwest::Method, segments: &[&str]) -> Result<reqwest::RequestBuilder, Error> {
                Ok(self.runtime.http.request(method, join_url(&self.base_url, segments)?))
            }
        }


        #config_error
    }
}

/// The client module's imports from the runtime: what every client uses, and each of the
/// others only when something uses it.
fn imports(api: &Api, out: &Sink) -> TokenStream {
    let byte_stream = out.has(Need::ByteStream).then(|| {
        quote!(
            use super::runtime::ByteStream;
        )
    });
    // Only a streamed answer is made here; the runtime makes every other `Response`.
    let response = (out.has(Need::ByteStream) || out.has(Need::EventStream)).then(|| {
        quote!(
            use super::runtime::Response;
        )
    });
    let event_stream = out.has(Need::EventStream).then(|| {
        quote!(
            use super::runtime::EventStream;
        )
    });
    let auth_imports = auth::imports(api);
    let helpers = helpers(out);
    // Request builders name `PendingResponse` (their `with_response`); plain methods do not.
    let pending_response = api
        .operations
        .iter()
        .any(|op| op.builder.is_some())
        .then(|| {
            quote!(
                use super::runtime::PendingResponse;
            )
        });
    quote! {
        use super::runtime::{Call, Clock, Error, Paging, Pending, RawRequest, RequestOptions, RetryPolicy, Runtime};
        #pending_response
        #response
        #helpers
        #byte_stream
        #event_stream
        #auth_imports
    }
}

/// The docs of `DEFAULT_BASE_URL`, `Client` and `Client::request`.
fn client_docs(settings: &Settings, api: &Api) -> [TokenStream; 3] {
    let base_url = &api.base_url;
    let base_url_doc = if base_url.is_empty() {
        " The spec lists no server: set one with [`Client::with_base_url`].".to_string()
    } else if !base_url.contains("://") {
        format!(" The server the spec lists first, `{base_url}`, is relative: set an absolute one with\n [`Client::with_base_url`].")
    } else {
        format!(" The server the spec lists first: `{base_url}`.")
    };
    let client_doc = doc_attrs(&paragraphs([
        Some(
            format!(
                "Client for the {} (version `{}`).",
                api_name(&api.title),
                api.version
            )
            .as_str(),
        ),
        api.description.as_deref(),
        Some("Cloning is cheap: clones share one connection pool."),
    ]));
    // Without its example in another crate's modules (it names this crate).
    let request_doc = match settings.embedded {
        true => REQUEST_DOC
            .split("\n\n```")
            .next()
            .unwrap_or_default()
            .to_string(),
        false => REQUEST_DOC.replace("{crate}", &settings.crate_name.replace('-', "_")),
    };
    let request_doc = crate::emit::trusted_doc_attrs(&request_doc);
    [quote!(#[doc = #base_url_doc]), client_doc, request_doc]
}

/// The runtime's helpers the methods call by name (`decode`, `path_segment`...), imported
/// only when some method calls them; `text` always (every status match may need it).
fn helpers(out: &Sink) -> TokenStream {
    let used = [
        Helper::ParamText,
        Helper::QueryObject,
        Helper::ParamStyled,
        Helper::PathSegment,
        Helper::Prepare,
    ]
    .into_iter()
    .filter(|h| out.has(Need::Helper(*h)))
    .map(|h| ident(h.name()));
    quote!(use super::runtime::{join_url, #(#used),*};)
}

/// The docs of `Client::request` (`{crate}` is the crate's name in Rust).
const REQUEST_DOC: &str = r#"A request to any endpoint of this API, `path` relative to the base URL (with `{name}`
placeholders for [`RawRequest::path_param`]): for endpoints the spec does not describe yet.
It goes through this client's credentials, timeouts, retries, options and tracing, and
answers with the status, headers and bytes, whatever the status.

```no_run
# async fn run(client: {crate}::Client) -> Result<(), Box<dyn std::error::Error>> {
let response = client
    .request({crate}::reqwest::Method::GET, "/things/{id}")
    .path_param("id", "42")
    .query("expand", "all")
    .send()
    .await?;
let thing: serde_json::Value = response.json()?;
# let _ = thing;
# Ok(())
# }
```"#;

/// `Client`'s constants: its default timeouts and `User-Agent`.
fn client_consts() -> TokenStream {
    quote! {
        /// How long a request may take, from sending to the end of the response body,
        /// unless [`Client::with_timeout`] says otherwise.
        pub const DEFAULT_TIMEOUT: std::time::Duration = Runtime::DEFAULT_TIMEOUT;

        /// How long establishing a connection may take (for the client [`Client::new`] makes).
        pub const DEFAULT_CONNECT_TIMEOUT: std::time::Duration = Runtime::DEFAULT_CONNECT_TIMEOUT;

        /// The `User-Agent` every request carries: this crate's name and version.
        pub const USER_AGENT: &'static str = Runtime::USER_AGENT;
    }
}

/// `Client`'s settings: base URL, timeout, retries, per-call options, paging, clock, HTTP
/// client.
fn settings_methods() -> TokenStream {
    quote! {
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
        /// request timeout, retries and `User-Agent` still apply. Its redirect policy is its
        /// own: build it with [`super::runtime::same_origin_redirects`] so that no credential
        /// follows a redirect to another host, as with the client [`Client::new`] makes.
        pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
            self.runtime.http = http;
            self
        }

        /// The base URL requests go to.
        pub fn base_url(&self) -> &str {
            &self.base_url
        }
    }
}

/// `ConfigError`: why a `Client` could not be made.
fn config_error() -> TokenStream {
    quote! {
        /// Why a [`Client`] could not be made.
        #[derive(Debug)]
        pub enum ConfigError {
            /// A required environment variable is missing or not valid Unicode.
            Env {
                /// The variable's name.
                name: &'static str,
                /// Why it could not be read.
                source: std::env::VarError,
            },
            /// None of the credentials [`Client::from_env`] reads is set.
            Missing {
                /// The variables of which one (or one pair) is needed.
                names: &'static [&'static str],
            },
            /// The HTTP client could not be built (its TLS backend could not start).
            Http(reqwest::Error),
        }

        impl std::fmt::Display for ConfigError {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    ConfigError::Env { name, source } => write!(f, "environment variable {name}: {source}"),
                    ConfigError::Missing { names } => write!(f, "no credentials in the environment: set {}", names.join(" or ")),
                    ConfigError::Http(e) => write!(f, "the HTTP client could not be built: {e}"),
                }
            }
        }

        impl std::error::Error for ConfigError {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                match self {
                    ConfigError::Env { source, .. } => Some(source),
                    ConfigError::Http(e) => Some(e),
                    ConfigError::Missing { .. } => None,
                }
            }
        }
    }
}
