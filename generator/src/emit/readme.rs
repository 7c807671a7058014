//! `README.md` of a generated crate: what it is, how to depend on it, authenticate, make a first
//! call, walk pages, tell errors apart and set options, and how to regenerate it.
//!
//! The README is read, never compiled (the crate does not include it in its docs), and every
//! code block in it is this module's own text with names the generator made (the crate's, the
//! resources' and methods', the environment variables'): the same calls the crate root's
//! doctests compile. From the spec only the API's title comes, on one line.

use crate::ir::Api;
use crate::settings::Settings;

/// The README of the crate `settings` names, generated from `api`.
pub fn readme(settings: &Settings, api: &Api, header: &str) -> String {
    let krate = &settings.crate_name;
    let crate_ident = krate.replace('-', "_");
    let title = super::doc_safe(&super::api_name(&api.title));
    let version = super::doc_safe(&api.version);
    // The header names the command that regenerates the crate; inside an HTML comment.
    let mut out = format!(
        "<!-- {} -->\n\n# {krate}\n\n",
        header.replace("-->", "-- >")
    );
    out.push_str(&format!(
        "A typed async Rust client for the {title} (API version `{version}`): a method per operation, grouped in resources, with typed models and errors, retries, timeouts and paging. Its documentation (`cargo doc --open`) has every method with an example.\n\n"
    ));
    out.push_str(&format!(
        "## Install\n\n```toml\n[dependencies]\n{krate} = {{ path = \"path/to/{krate}\" }}\n```\n\nTLS is rustls by default (the `native-tls` feature uses the platform's library). Each resource is a cargo feature, all on by default (`full`); with `default-features = false`, name the ones you use: `features = [\"rustls\", ...]`.\n\n"
    ));
    out.push_str("## Authenticate\n\n");
    let env = super::client::auth::env_vars(settings, api);
    let url_env = format!("{}_BASE_URL", settings.env_prefix);
    let vars: Vec<String> = env
        .iter()
        .map(super::client::auth::env_sentence)
        .filter(|s| !s.is_empty())
        .collect();
    match vars.as_slice() {
        [] => out.push_str(&format!(
            "`Client::from_env()` reads `{url_env}` (the server), if set; the API declares no credentials it reads.\n\n"
        )),
        vars => out.push_str(&format!(
            "`Client::from_env()` reads {} (and `{url_env}`, the server, if set). Credentials can also be given in code, and computed per request: see the crate docs' *Authentication* section.\n\n",
            vars.join("; ")
        )),
    }
    out.push_str("## A first call\n\n```rust,ignore\n");
    out.push_str(&format!(
        "let client = {crate_ident}::Client::from_env()?;\n"
    ));
    if let Some((binding, call)) = super::client::first_call(api) {
        out.push_str(&format!("let {binding} = client.{call}.await?;\n"));
    }
    out.push_str("```\n\n");
    let top: Vec<String> = api
        .resources
        .iter()
        .filter(|r| r.parent.is_none())
        .map(|r| format!("- `client.{}()`\n", r.accessor))
        .collect();
    if top.is_empty() {
        out.push_str("Every method is on `Client` itself.\n");
    } else {
        out.push_str("Methods are grouped in resources:\n\n");
        out.push_str(&top.concat());
        if api.operations.iter().any(|op| op.resource.is_none()) {
            out.push_str("\nand the others are on `Client` itself.\n");
        }
    }
    out.push_str(
        "\nRequired values are arguments (a request body's required fields too); optional ones are setters on the request, sent when it is awaited. `.with_response()` on any request also gives the status and headers.\n\n",
    );
    if let Some(call) = super::crate_docs::paging_example_call(api) {
        out.push_str(&format!(
            "## Paging\n\nA paged list's `.pages()` is a stream of every item, fetching the next page as it is read:\n\n```rust,ignore\nuse {crate_ident}::futures_util::StreamExt;\n\nlet mut items = std::pin::pin!(client.{call});\nwhile let Some(item) = items.next().await {{\n    let item = item?; // an error ends the stream\n}}\n```\n\nThe crate docs' *Paging* section lists which operations page, and by which rule.\n\n"
        ));
    }
    if let Some(section) = events_section(api) {
        out.push_str(&section);
    }
    out.push_str(&format!(
        "## Errors\n\nEvery method fails with `{crate_ident}::Error<E>`, `E` being the operation's declared error responses. The same questions have the same answers whether or not the spec declares the status: `is_not_found()`, `is_unauthorized()`, `is_rate_limited()`, `is_server_error()`, `is_timeout()`, `is_connect()`; `status()`, `request_id()`, `retry_after()` and `raw_body()` say more. `Display` names the operation, the status and the server's own message.\n\n"
    ));
    out.push_str(&format!(
        "## Options\n\n```rust,ignore\nuse std::time::Duration;\nuse {crate_ident}::{{RequestOptions, RetryPolicy}};\n\nlet client = client\n    .with_timeout(Duration::from_secs(30))\n    .with_retry_policy(RetryPolicy::new().max_retries(4));\n// For some calls only: a timeout, extra query parameters, headers or body fields.\nlet urgent = client.with_options(RequestOptions::new().timeout(Duration::from_secs(5)));\n```\n\n`client.request(method, path)` reaches an endpoint the spec does not describe, with the same credentials, base URL and options.\n\n"
    ));
    out.push_str(
        "## Regenerating\n\nThis crate is generated; do not edit it by hand. When the spec changes, run the command at the top of this file again, review the diff and `public-api.txt` (the crate's public API, one item a line), and read the report it prints: what changed for users, and the version bump it needs.\n",
    );
    out
}

/// The section on answers that are streams of events, when the API has any: which calls, and
/// how to read one.
fn events_section(api: &Api) -> Option<String> {
    let calls: Vec<String> = api
        .operations
        .iter()
        .filter_map(|op| {
            let events = op.events.as_ref()?;
            Some(match &events.method {
                Some(method) => format!("{}(..)", super::crate_docs::sibling_call(api, op, method)),
                None => format!("{}(..).send_events()", api.call_path(op)),
            })
        })
        .collect();
    let first = calls.first()?;
    let listed: Vec<String> = calls
        .iter()
        .take(6)
        .map(|c| format!("`client.{c}`"))
        .collect();
    let more = match calls.len().saturating_sub(6) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    Some(format!(
        "## Streams of events\n\nSome answers are events sent as they happen (Server-Sent Events or JSON Lines): {}{more}. Each event arrives decoded, as soon as it is sent:\n\n```rust,ignore\nlet mut events = client.{first}.await?.body;\nwhile let Some(event) = events.next_event().await? {{\n    let data = event.data; // `event.raw` is the text it was decoded from\n}}\n```\n\n`into_stream()` makes them a `Stream`; `last_event_id()` is what to resume from.\n\n",
        listed.join(", ")
    ))
}
