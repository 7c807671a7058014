//! What depends on the API but on no operation: `Client` (base URL, credentials, the runtime's
//! settings), its constructors and `from_env`, and the imports of the runtime's helpers the
//! methods call (only of those some method calls); then what every client has the same
//! (`ConfigError`, the settings methods), as fixed text.

use super::{
    api_name, auth, doc_attrs, ident, paragraphs, quote, Api, Helper, Need, Settings, Sink,
    TokenStream,
};
use crate::emit::fixed::{self, Part, CLIENT, CONFIG_ERROR};
use crate::emit::sink::BlockPart;

/// The operation-independent part this API shapes, into `section`: `Client` (base URL,
/// credentials, the runtime's settings), its constructors, and the imports of the helpers the
/// methods call, printed; then the block's end that is the same for every API (the settings,
/// `request`, `request_to`) and `ConfigError`, from their fixed text (`emit::fixed`).
pub(super) fn client_type(settings: &Settings, api: &Api, out: &Sink, section: usize) {
    let imports = imports(api, out);
    let [base_url_doc, client_doc] = client_docs(api);
    let base_url = &api.base_url;
    let schemes = auth::schemes_table(api);
    let constructors = auth::constructors(settings, api);
    let setters = auth::setters(api);
    let consts = client_consts();
    let head = quote! {
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
        }
    };
    out.write_block_part(section, head, BlockPart::Head);
    let end = ["settings", "request", "request_to"];
    let part = |name| Part { name, cfg: None };
    let (mut text, mut declared) = fixed::parts(CLIENT, &end.map(part));
    // The crate's name in `request`'s example; without the example in another crate's modules
    // (it names this crate).
    text = match settings.embedded {
        true => without_example(&text),
        false => text.replace("{crate}", &settings.crate_name.replace('-', "_")),
    };
    text.push_str("}\n");
    let (config_error, config_error_api) = fixed::parts(CONFIG_ERROR, &[part("config_error")]);
    text.push_str(&config_error);
    declared.extend(config_error_api);
    out.write_printed(section, text, declared);
}

/// `text` without the doc example in it: from the blank doc line before its fence to the
/// closing fence.
fn without_example(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let fence_next = lines
            .peek()
            .is_some_and(|l| l.trim_start() == "/// ```no_run");
        if line.trim_start() == "///" && fence_next {
            lines.next();
            for line in lines.by_ref() {
                if line.trim_start() == "/// ```" {
                    break;
                }
            }
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
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

/// The docs of `DEFAULT_BASE_URL` and `Client`.
fn client_docs(api: &Api) -> [TokenStream; 2] {
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
    [quote!(#[doc = #base_url_doc]), client_doc]
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
