//! Emits `src/lib.rs`: the crate docs (what the API is, a first call, the resources,
//! authentication, the runtime's behaviour, paging), the modules and the re-exports; and the
//! module file a build script's crate includes.
//!
//! Plain text, not tokens: `lib.rs` must be exactly what `rustfmt` would write, because the
//! workspace's `cargo fmt --check` sees it. It declares the prettyplease-formatted modules with
//! `#[rustfmt::skip]`, so rustfmt never reformats them.

use crate::ir::{Api, Operation};
use crate::settings::Settings;

/// `src/lib.rs`: the crate docs (what the API is, a first call, the resources, authentication,
/// the runtime's behaviour, paging, hand-written modules), the modules and the re-exports.
pub fn lib_rs(settings: &Settings, api: &Api, header: &str) -> String {
    let crate_ident = settings.crate_name.replace('-', "_");
    let mut lines = intro(api);
    if api.operations.is_empty() {
        lines.push(
            "This API declares no operations: the crate holds its data types, in [`models`]."
                .to_string(),
        );
        return format!(
            "// {header}\n{}{DOC_LINTS}\n#[rustfmt::skip]\npub mod client;\n#[rustfmt::skip]\npub mod models;\n",
            doc_comment(&lines)
        );
    }
    let env = super::client::auth::env_vars(settings, api);
    lines.extend(first_example(settings, api, &env, &crate_ident));
    lines.extend(resources_section(api));
    lines.extend(auth_docs(api, &env).lines().map(str::to_string));
    lines.extend(
        RUNTIME_DOCS
            .replace("{crate}", &crate_ident)
            .lines()
            .map(str::to_string),
    );
    lines.extend(paging_section(api, &crate_ident));
    if !settings.handwritten.is_empty() {
        lines.extend([
            String::new(),
            "# Hand-written modules".to_string(),
            String::new(),
            "Written by hand beside the generated code (codegen never touches them):".to_string(),
        ]);
        for module in &settings.handwritten {
            lines.push(format!("- [`{module}`]: see its documentation."));
        }
    }
    format!(
        "// {header}\n{}{DOC_LINTS}{}",
        doc_comment(&lines),
        modules_and_exports(settings)
    )
}

/// The crate docs quote the spec's description, Markdown written for a web page (a list
/// whose next line is a new paragraph, tabs), not for rustdoc's lints: allowed, as in the
/// `client` and `models` modules.
const DOC_LINTS: &str = "// The crate docs quote the spec's description, Markdown written for a web page.\n#![allow(\n    clippy::doc_lazy_continuation,\n    clippy::doc_overindented_list_items,\n    clippy::tabs_in_doc_comments\n)]\n";

/// Doc lines as `//!` comments. Spec text (title, version, description) is untrusted: each of
/// its lines stays inside a `//!` comment, whatever line breaks or control characters it holds.
fn doc_comment(lines: &[String]) -> String {
    let mut out = String::new();
    for text in lines {
        for line in text.split(['\n', '\r']) {
            let line = super::doc_safe(line);
            if line.is_empty() {
                out.push_str("//!\n");
            } else {
                out.push_str("//! ");
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    out
}

/// What the crate is for: the API's title, description and version.
fn intro(api: &Api) -> Vec<String> {
    let mut lines = vec![
        format!(
            "Typed async client for the {}.",
            super::api_name(&api.title)
        ),
        String::new(),
    ];
    for line in super::doc_lines(api.description.as_deref().unwrap_or_default()) {
        lines.push(line.trim_start_matches(' ').to_string());
    }
    if api.description.is_some() {
        lines.push(String::new());
    }
    lines.push(format!("API version `{}`.", api.version));
    lines.push(String::new());
    lines
}

/// The crate docs' first example: a client from the environment, and a first call.
fn first_example(
    settings: &Settings,
    api: &Api,
    env: &[super::client::auth::SchemeEnv],
    crate_ident: &str,
) -> Vec<String> {
    let url_env = format!("{}_BASE_URL", settings.env_prefix);
    let reads = match env {
        [] => format!("// Reads {url_env}, if set."),
        [one] => format!(
            "// Reads {} (and optionally {url_env}).",
            super::client::auth::env_sentence(one).replace('`', "")
        ),
        _ => format!("// Reads the credentials below that are set (and optionally {url_env})."),
    };
    let mut lines = vec![
        "```no_run".to_string(),
        "# async fn run() -> Result<(), Box<dyn std::error::Error>> {".to_string(),
        reads,
        format!("let client = {crate_ident}::Client::from_env()?;"),
    ];
    match super::client::first_call(api) {
        Some((binding, call)) => {
            lines.push(format!("let {binding} = client.{call}.await?;"));
            lines.push(format!("# let _ = {binding};"));
        }
        None => lines.push("# let _ = client;".to_string()),
    }
    lines.extend(["# Ok(())", "# }", "```", ""].map(str::to_string));
    lines
}

/// The crate docs' list of resources, when the API has any.
fn resources_section(api: &Api) -> Vec<String> {
    let resources = super::client::resource_list(api);
    if resources.is_empty() {
        return Vec::new();
    }
    let mut lines = [
        "# Resources",
        "",
        "The operations' methods, grouped as they are reached from a [`Client`]:",
        "",
    ]
    .map(str::to_string)
    .to_vec();
    lines.extend(resources);
    lines.push(String::new());
    lines
}

/// The crate docs' paging section: the rules, each paged operation with its rule, an example.
fn paging_section(api: &Api, crate_ident: &str) -> Vec<String> {
    let paged: Vec<String> = api
        .operations
        .iter()
        .filter_map(|op| Some((op, op.paging.as_ref()?)))
        .map(|(op, paging)| {
            let (text, link) = pages_link(api, op);
            // Names from the spec are Rust names here (the parameter's, the field's).
            let rule = match &paging.rule {
                crate::ir::PagingRule::Page { param } => format!("page numbers in `{param}`"),
                crate::ir::PagingRule::Offset { param } => format!("offset in `{param}`"),
                crate::ir::PagingRule::Cursor { param, next, .. } => {
                    format!("cursor in `{param}`, from `{}`", next.name)
                }
                crate::ir::PagingRule::AfterItem { param, id, .. } => {
                    format!("the last item's `{}` in `{param}`", id.name)
                }
                crate::ir::PagingRule::NextLink { field: None } => {
                    "next link in the `Link` header".to_string()
                }
                crate::ir::PagingRule::NextLink { field: Some(f) } => {
                    format!("next link in `{}`", f.name)
                }
            };
            format!(
                "- [`{text}`]({link}): `{} {}`, {rule}",
                op.http_method,
                crate::naming::one_line(&op.path)
            )
        })
        .collect();
    let mut lines = vec![String::new(), "# Paging".to_string(), String::new()];
    if paged.is_empty() {
        lines.push("No operation of this API is a list this crate walks page by page, so there are no `pages()` streams.".to_string());
    } else {
        lines.extend(PAGING_DOCS.lines().map(str::to_string));
        lines.extend(paged);
        if let Some(call) = paging_example_call(api) {
            lines.push(String::new());
            lines.extend(
                PAGING_EXAMPLE
                    .replace("{crate}", crate_ident)
                    .replace("{call}", &call)
                    .lines()
                    .map(str::to_string),
            );
        }
    }
    lines
}

/// The module declarations and re-exports at the end of `lib.rs`.
fn modules_and_exports(settings: &Settings) -> String {
    let mut out = String::new();
    // Generated modules are prettyplease's layout (rustfmt must leave them alone); the runtime
    // and hand-written modules are rustfmt's. Sorted, as rustfmt would order them.
    let mut modules: Vec<(String, bool)> = ["client", "models"]
        .iter()
        .map(|m| (m.to_string(), true))
        .chain(["auth", "runtime"].map(|m| (m.to_string(), false)))
        .chain(settings.handwritten.iter().map(|m| (m.clone(), false)))
        .collect();
    modules.sort();
    out.push('\n');
    for (module, skip) in modules {
        if skip {
            out.push_str("#[rustfmt::skip]\n");
        }
        out.push_str(&format!("pub mod {module};\n"));
    }
    out.push_str(REEXPORTS);
    // A crate of its own also hands on the crates its API's types come from.
    out.push_str(
        "\n/// The futures utilities a paged stream is read with (`futures_util::StreamExt` for `.next()`).\npub use futures_util;\n/// The HTTP crate underneath, for its types (`StatusCode`, `header::HeaderName`...).\npub use reqwest;\n",
    );
    out
}

/// The re-exports at the root of a generated crate, or of a build script's modules.
const REEXPORTS: &str = "\npub use auth::TokenProvider;\npub use client::{Client, ConfigError};\npub use runtime::{\n    ByteStream, Endpoint, Error, Event, EventStream, PageEnd, Paging, Pending, PendingResponse,\n    RawRequest, RawResponse, RequestOptions, Response, RetryPolicy,\n};\n";

/// The module file a build script's crate includes (see [`crate::build`]): the generated
/// modules, each at its absolute path under `dir`, and the re-exports `lib.rs` has.
pub fn module_rs(api: &Api, dir: &std::path::Path, header: &str) -> String {
    let mut out = format!("// {header}\n");
    let mut modules = vec!["client", "models"];
    if !api.operations.is_empty() {
        modules.extend(["auth", "runtime"]);
    }
    modules.sort();
    for module in modules {
        // A string literal of the path, escaped: `#[path]` needs a literal, and `OUT_DIR` may
        // hold any character.
        let path = dir.join(format!("{module}.rs"));
        // What the spec leaves undocumented stays so: the including crate's `missing_docs`
        // could not be met by editing generated code.
        out.push_str(&format!(
            "#[allow(missing_docs)]\n#[path = {:?}]\npub mod {module};\n",
            path.to_string_lossy()
        ));
    }
    if !api.operations.is_empty() {
        out.push_str(REEXPORTS);
    }
    out
}

/// The crate docs' `Authentication` section: each scheme, how its credentials are set and sent,
/// which one a request uses, and what keeps them from leaking.
fn auth_docs(api: &Api, env: &[super::client::auth::SchemeEnv]) -> String {
    use super::client::auth::{env_sentence, how_sent};
    use crate::ir::SchemeKind;
    let mut out = String::from("# Authentication\n\n");
    if api.security.is_empty() {
        out.push_str("This API declares no security scheme: requests carry no credentials.\n");
        return out;
    }
    out.push_str("The API's security schemes, how each one's credentials are sent, and where they are set:\n\n");
    for (index, scheme) in api.security.iter().enumerate() {
        let methods = &scheme.methods;
        let mut set = match scheme.kind {
            SchemeKind::MutualTls => String::new(),
            _ => format!(
                "; set with [`Client::{}`] or [`Client::{}`]",
                methods.plain, methods.provider
            ),
        };
        // The setters of the OAuth2 flows whose tokens the client gets itself.
        if let SchemeKind::OAuth2 {
            token_url,
            refresh_url,
            password_url,
            ..
        } = &scheme.kind
        {
            let flows = [
                (token_url, &methods.client_credentials),
                (refresh_url, &methods.refresh_token),
                (password_url, &methods.password),
            ];
            for (_, method) in flows.iter().filter(|(url, _)| url.is_some()) {
                set.push_str(&format!(" or [`Client::{method}`]"));
            }
            if let Some(device) = &methods.device {
                set.push_str(&format!(
                    " or, by the device flow, [`Client::{}`] and [`Client::{}`]",
                    device.start, device.finish
                ));
            }
        }
        if let Some(vars) = env.iter().find(|e| e.scheme == index) {
            set.push_str(&format!(
                ", or from {} by [`Client::from_env`]",
                env_sentence(vars)
            ));
        }
        out.push_str(&format!("- {}{set}.\n", how_sent(scheme)));
    }
    out.push_str(AUTH_DOCS);
    out
}

/// The rules of the `Authentication` section, after the list of schemes.
const AUTH_DOCS: &str = r#"
Each operation sends the credentials of the first way its `security` allows for which all
credentials are set, and no others; an operation with `security: []` sends none, and one whose
schemes all lack credentials fails with [`Error::Credentials`] before sending anything. The
`*_provider` methods take an [`auth::TokenProvider`]: a credential computed per request (tokens
from another OAuth2 flow, OpenID Connect, a vault); a `401` makes it fetch a new token, and the
request is sent once more.

Credentials stay with the API: redirects are followed only within the origin of the request
(another scheme, host or port gets the 3xx answer back, unfollowed), so no key in a header,
query or cookie reaches another host; credential headers are marked sensitive, and neither
logs nor `Debug` output of a [`Client`] show them. Cookie values are percent-encoded, and all
cookies of a request share one `Cookie` header.

TLS comes from a cargo feature of this crate: `rustls` (the default, no system library) or
`native-tls` (the platform's library); with neither, only plain HTTP works.
"#;

/// The crate docs' runtime sections (`{crate}` is the crate's name in Rust).
const RUNTIME_DOCS: &str = r#"
# Timeouts, retries and per-call options

Each attempt may take 60 s (connecting 10 s) unless [`Client::with_timeout`] says otherwise;
a request that takes longer fails with [`Error::Timeout`]. Failed requests are retried twice
by default: on connection failures, timeouts, 408, 409, 429 and 5xx, waiting 0.5 s, then
1 s, ... (doubling, at most 8 s, minus up to 25 % jitter), or what the server's `Retry-After`
or `Retry-After-Ms` asks for. `GET`, `HEAD`, `OPTIONS`, `PUT` and `DELETE` are retried on all
of these; `POST` and `PATCH`, which may have taken effect, only when the server surely did not
act on them (no connection, 408, 429). The [`runtime`] module explains the rules.

```no_run
use std::time::Duration;
use {crate}::reqwest::header::{HeaderName, HeaderValue};
use {crate}::{Client, RequestOptions, RetryPolicy};

# fn run() -> Result<(), Box<dyn std::error::Error>> {
let client = Client::from_env()?
    .with_timeout(Duration::from_secs(30))
    .with_retry_policy(RetryPolicy::new().max_retries(4));

// Settings for some calls only (the client above is unchanged): every operation method is
// available on the returned client.
let urgent = client.with_options(
    RequestOptions::new()
        .timeout(Duration::from_secs(5))
        .max_retries(0)
        .header(HeaderName::from_static("x-request-id"), HeaderValue::from_static("42")),
);
# let _ = urgent;
# Ok(())
# }
```

# Errors

Every operation returns [`Error`], typed by the operation's declared error responses:

```
use {crate}::Error;

/// What to do about a failed call.
fn describe<E: std::fmt::Debug>(error: &Error<E>) -> String {
    // The same questions whether or not the operation declares the status.
    if error.is_not_found() {
        "nothing there".to_string()
    } else if error.is_rate_limited() || error.is_timeout() {
        // Retrying later could help (the client has retried already as its policy allows).
        format!("try again later: {error}")
    } else if let Some(body) = error.body() {
        // A status the operation declares, with its decoded body.
        format!("refused: {body:?}")
    } else {
        // `Display` says the operation, the status and the server's own message, or the
        // failure and its causes.
        error.to_string()
    }
}
```

Any request also answers with the status and headers of a success ([`Response`]): call
`.with_response()` on it before `.await`.

# Observability

Every call is a `tracing` span named `request` (operation, method, path template) with an
event per attempt (attempt, status, duration) and per retry (wait, reason); install any
`tracing` subscriber to see them. URLs and headers are never logged, so neither is the API
key; `Debug` of a [`Client`] redacts it too.
"#;

/// The crate docs' paging section, before the list of paged operations.
const PAGING_DOCS: &str = r#"The list operations below can be walked whole: `.pages()` on their request (a `*_pages` method
when every parameter is required) is a `Stream` of items, fetching page after page as it is
read. Each follows one rule: **page numbers** (page 1, 2, ... until a page comes back empty;
when you know the page size, [`PageEnd::ShorterThan`] saves the last request, and
[`Client::with_paging`] sets it and the first page number), **offset** (each request skips the
items already received, until an empty page), **cursor** (each request passes the cursor the
previous response gave, until there is none or the response says there is no more) or **next
link** (each request goes to the link the previous response gave, in its `Link` header or its
body, never to another origin). A list is paged where the spec shows how (a cursor parameter
beside a next-cursor field, a declared `Link` header or a next-URL field, an `offset`
parameter, a `page` parameter beside page counts), or where this crate was made to page it.

The operations with a paged stream, and their rules:
"#;

/// The paging example, around `{call}` (see [`paging_example_call`]).
const PAGING_EXAMPLE: &str = r#"```no_run
use {crate}::futures_util::StreamExt;

# async fn run(client: {crate}::Client) -> Result<(), Box<dyn std::error::Error>> {
let mut items = std::pin::pin!(client.{call});
while let Some(item) = items.next().await {
    let item = item?; // an error ends the stream
    # let _ = item;
}
# Ok(())
# }
```"#;

/// A call of the first paged operation that needs no required argument
/// (`streams().list().pages()`), for the crate docs' example.
pub(crate) fn paging_example_call(api: &Api) -> Option<String> {
    api.operations.iter().find_map(|op| {
        let paging = op.paging.as_ref()?;
        let needs_more = op
            .params
            .iter()
            .any(|p| p.required && Some(p.name.as_str()) != paging.param());
        if needs_more {
            return None;
        }
        Some(match &op.builder {
            Some(_) => format!("{}().pages()", api.call_path(op)),
            None => format!("{}()", pages_call(api, op)),
        })
    })
}

/// The call of `op`'s `*_pages` method, from the client (`client.streams().list_pages`).
fn pages_call(api: &Api, op: &Operation) -> String {
    sibling_call(api, op, op.pages_method.as_deref().unwrap_or_default())
}

/// The call of `method`, on the same owner as `op`'s method, from the client
/// (`streams().list_pages` beside `streams().list`).
pub(crate) fn sibling_call(api: &Api, op: &Operation, method: &str) -> String {
    match api.call_path(op).rsplit_once('.') {
        Some((owner, _)) => format!("{owner}.{method}"),
        None => method.to_string(),
    }
}

/// The paged walk of `op` as written at a call site, and its rustdoc link from the crate root.
fn pages_link(api: &Api, op: &Operation) -> (String, String) {
    match &op.builder {
        Some(builder) => (
            format!("{}(..).pages()", api.call_path(op)),
            format!("client::{builder}::pages"),
        ),
        None => (
            format!("{}(..)", pages_call(api, op)),
            format!(
                "client::{}::{}",
                api.owner(op),
                op.pages_method.as_deref().unwrap_or_default()
            ),
        ),
    }
}
