//! Twelve everyday tasks against the full Gcore Streaming client, written as a user would:
//! each is its own function, as short as the official Python SDK's way of doing it (issue 24's
//! list). `cargo xtask contract` compiles them with the runner and runs each against Prism,
//! which checks every request against the spec.

use futures_util::{StreamExt, TryStreamExt};
use gcore_streaming_full::client::{StreamsClipsCreateError, StreamsClipsListError};
use gcore_streaming_full::models::{ClipId, SearchVideo, Stream};
use gcore_streaming_full::{Client, Error, RequestOptions};
use std::time::Duration;

/// 1. List a stream's clips. Python: `client.streaming.streams.list_clips(stream_id)`.
pub async fn list_clips(client: &Client, stream_id: i64) -> Result<Vec<ClipId>, Error<StreamsClipsListError>> {
    client.streams().clips().list(stream_id).await
}

/// 2. Create a clip with what the API requires (its duration; leaving it out does not
/// compile). Python: `client.streaming.streams.create_clip(stream_id, duration=60)`.
pub async fn create_clip(client: &Client, stream_id: i64) -> Result<ClipId, Error<StreamsClipsCreateError>> {
    client.streams().clips().create(stream_id, 60).await
}

/// 3. Create one with three optional fields set. Python: `create_clip(stream_id, duration=60,
/// start=..., expiration=..., vod_required=True)`.
pub async fn create_clip_with_options(client: &Client, stream_id: i64) -> Result<ClipId, Error<StreamsClipsCreateError>> {
    client.streams().clips().create(stream_id, 60).start(1716559200).expiration(1716562800).vod_required(true).await
}

/// 4. Walk every video lazily, page after page, stopping early. Python: `for video in
/// client.streaming.videos.list(): ...`.
pub async fn first_videos(client: &Client, wanted: usize) -> Result<Vec<SearchVideo>, Error> {
    client.videos().list().pages().take(wanted).try_collect().await
}

/// 5. Stream a download to a writer, never whole in memory. Python: `with client.get(url,
/// stream=True) as r: shutil.copyfileobj(r, f)`.
pub async fn download(client: &Client, path: &str, to: &mut Vec<u8>) -> Result<u64, Error> {
    client.request(reqwest::Method::GET, path).send_stream().await?.body.copy_to(to).await
}

/// 6. Tell a missing stream, rate limiting and a network failure apart. Python: `except
/// NotFoundError / RateLimitError / APIConnectionError`.
pub async fn describe_stream(client: &Client, id: i64) -> String {
    match client.streams().get(id).await {
        Ok(stream) => format!("stream {}", stream.name),
        Err(e) if e.is_not_found() => "no such stream".to_string(),
        Err(e) if e.is_rate_limited() => format!("rate limited; retry after {:?}", e.retry_after()),
        Err(e) if e.is_connect() || e.is_timeout() => format!("network: {e}"),
        Err(e) => format!("failed: {e}"),
    }
}

/// 7. One call with its own timeout. Python: `client.with_options(timeout=5).streaming...`.
pub async fn get_stream_quickly(client: &Client, id: i64) -> Result<Stream, Error> {
    client.with_options(RequestOptions::new().timeout(Duration::from_secs(5))).streams().get(id).await
}

/// 8. Send a query parameter and a body field the spec does not list yet. Python:
/// `create_clip(..., extra_query={...}, extra_body={...})`.
pub async fn create_clip_with_extras(client: &Client, stream_id: i64) -> Result<ClipId, Error<StreamsClipsCreateError>> {
    let extras = RequestOptions::new().query("trace", "1").body_field("label", serde_json::json!("contract"));
    client.with_options(extras).streams().clips().create(stream_id, 60).await
}

/// 9. Read the response's headers and raw body beside the typed one. Python:
/// `client.streaming.streams.with_raw_response.get(id)`.
pub async fn stream_with_headers(client: &Client, id: i64) -> Result<(reqwest::StatusCode, usize, Stream), Error> {
    let response = client.streams().get(id).with_response().await?;
    Ok((response.status, response.raw.len(), response.body))
}

/// 10. Call an endpoint the spec does not describe, with the client's key and base URL.
/// Python: `client.get("/streaming/beta/feature", cast_to=object)`.
pub async fn call_unlisted(client: &Client) -> Result<reqwest::StatusCode, Error> {
    Ok(client.request(reqwest::Method::GET, "/streaming/beta/{feature}").path_param("feature", "x").send().await?.status)
}

/// 11. Authenticate from the environment (`GCORE_API_KEY`, `GCORE_BASE_URL`). Python:
/// `Gcore()`.
pub fn from_env() -> Result<Client, gcore_streaming_full::ConfigError> {
    Client::from_env()
}

/// 12. A custom base URL and HTTP client (a proxy, a connection pool of one's own). Python:
/// `Gcore(base_url=..., http_client=httpx.Client(proxy=...))`.
pub fn custom(base_url: &str, http: reqwest::Client) -> Result<Client, gcore_streaming_full::ConfigError> {
    Ok(Client::new("key")?.with_base_url(base_url).with_http_client(http))
}
