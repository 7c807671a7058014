//! The request runtime every operation goes through: timeouts, retries with backoff, per-call
//! options, tracing, and paging.
//!
//! Nothing in this module depends on the API: the generator copies it verbatim into every
//! crate it writes (from `generator/runtime/runtime.rs`), so each generated crate stands alone,
//! with no support crate to publish or keep in step. The [`Client`](super::Client) holds a
//! `Runtime` and every operation hands it a built request.
//!
//! # Retries
//!
//! A request is retried (by default up to [`RetryPolicy::DEFAULT_MAX_RETRIES`] times) when the
//! connection could not be made, or the server answers 408, 409, 429 or 5xx, or the request
//! timed out. The wait before retry `n` (counting from 0) is `0.5 s × 2ⁿ`, capped at 8 s, minus
//! up to 25 % random jitter, so that many clients do not retry in lockstep. A `Retry-After`
//! header (seconds or an HTTP date) or `Retry-After-Ms` from the server replaces that wait when
//! it asks for at most [`RetryPolicy::max_retry_after`] (60 s by default).
//!
//! Which methods: `GET`, `HEAD`, `OPTIONS`, `PUT` and `DELETE` are idempotent by HTTP's
//! definition, so they are retried on every condition above. `POST` and `PATCH` may have taken
//! effect even when the answer was lost, so by default they are retried only when the server
//! surely did not act on them: the connection was never made, or it answered 408 or 429.
//! [`RetryPolicy::retry_non_idempotent`] lifts that restriction. A retried request is the same
//! request, byte for byte: the body is built once and re-sent. A body that can only be read
//! once (a streamed multipart upload) cannot be replayed, so such a request is sent once.
//!
//! # Observability
//!
//! Each call runs in a `tracing` span named `request` with the operation, method and path
//! *template* (`/streaming/streams/{stream_id}`, never the URL, whose query could hold a
//! credential); each attempt logs its number, status and duration, each retry its wait and
//! reason. Headers are never logged, so the API key never reaches a log.

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};

use super::auth::{Auth, Requirement, Scheme, Used};

/// When and how often a failed request is sent again. See the [module docs](self) for which
/// failures and methods are retried.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    jitter: bool,
    retry_non_idempotent: bool,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: Self::DEFAULT_MAX_RETRIES,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            jitter: true,
            retry_non_idempotent: false,
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Retries after the first attempt, unless configured otherwise.
    pub const DEFAULT_MAX_RETRIES: u32 = 2;

    /// The default policy: 2 retries, 0.5 s doubling up to 8 s, with jitter.
    pub fn new() -> Self {
        Self::default()
    }

    /// A policy that sends every request once.
    pub fn never() -> Self {
        Self::default().max_retries(0)
    }

    /// Retries after the first attempt (0 turns retrying off).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// The wait before the first retry; each further retry waits twice as long.
    pub fn initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// The longest wait between two attempts (before jitter).
    pub fn max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// Whether to shorten each wait by a random 0–25 % (on by default).
    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// Also retry `POST` and `PATCH` on timeouts, 409 and 5xx (they may then take effect
    /// twice: only for operations you know to be safe to repeat).
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// The longest `Retry-After` the client waits for; a server asking for longer gets the
    /// usual backoff instead.
    pub fn max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// Retries after the first attempt.
    pub fn retries(&self) -> u32 {
        self.max_retries
    }

    /// The wait before retry `retry` (0 for the first), before jitter: the initial backoff
    /// doubled `retry` times, capped at the maximum.
    pub fn backoff(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.min(31));
        self.initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff)
    }

    /// The wait before retry `retry`: the server's `Retry-After`/`Retry-After-Ms` when it gives
    /// one within bounds, else the backoff with jitter.
    fn delay(&self, retry: u32, headers: Option<&HeaderMap>, now: SystemTime) -> Duration {
        if let Some(asked) = headers.and_then(|h| retry_after(h, now)) {
            if asked <= self.max_retry_after {
                return asked;
            }
        }
        let backoff = self.backoff(retry);
        if self.jitter {
            backoff.mul_f64(1.0 - 0.25 * random_fraction())
        } else {
            backoff
        }
    }
}

/// The wait a response asks for: `Retry-After-Ms` (milliseconds), else `Retry-After` as
/// seconds or as an HTTP date (relative to `now`; a date in the past means no wait).
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    if let Some(ms) = text("retry-after-ms").and_then(|v| v.parse::<f64>().ok()) {
        return Duration::try_from_secs_f64(ms / 1000.0).ok();
    }
    let value = text("retry-after")?;
    if let Ok(seconds) = value.parse::<f64>() {
        return Duration::try_from_secs_f64(seconds).ok();
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A number in `[0, 1)` for jitter. Randomness here only spreads retries out, so the
/// standard library's randomly seeded hasher is enough (no RNG dependency).
fn random_fraction() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos(),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// Where the runtime gets the time and how it waits between retries. The default is the
/// system clock and `tokio::time::sleep`; tests substitute a clock that records the waits and
/// returns at once, so backoff can be checked without sleeping.
pub trait Clock: fmt::Debug + Send + Sync {
    /// The current wall-clock time (to read `Retry-After` dates).
    fn now(&self) -> SystemTime;
    /// Waits for `duration`.
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>>;
}

/// The real clock: [`SystemTime::now`] and `tokio::time::sleep`.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }

    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// Settings for one call (or a batch of calls): extra headers, a timeout, a retry count.
/// Apply them with `client.with_options(options)`, which returns a client for those calls;
/// every operation method is then available with the options, with no second copy of it
/// (the crate docs show an example).
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    timeout: Option<Duration>,
    idle_timeout: Option<Duration>,
    max_retries: Option<u32>,
    max_body_size: Option<usize>,
    headers: HeaderMap,
    query: Vec<(String, String)>,
    body_fields: serde_json::Map<String, serde_json::Value>,
}

impl RequestOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// The request timeout for these calls (see [`Error::Timeout`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// For streamed responses ([`ByteStream`], the `*_stream` methods), which have no deadline
    /// for the whole body: how long the server may send nothing (before the headers, or
    /// between two pieces of the body) before the call fails with [`Error::Idle`]; 30 s by
    /// default.
    pub fn idle_timeout(mut self, idle: Duration) -> Self {
        self.idle_timeout = Some(idle);
        self
    }

    /// The largest response body these calls read, in bytes (default
    /// [`DEFAULT_MAX_BODY_SIZE`]); a longer one is [`Error::BodyTooLarge`].
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = Some(bytes);
        self
    }

    /// Retries for these calls (0: send once).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// A header sent with these calls, replacing one of the same name the client would send
    /// (the `User-Agent`, say). Mark secret values with [`HeaderValue::set_sensitive`].
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }

    /// A query parameter sent with these calls besides the operation's own (one the spec does
    /// not list yet, say); added after them, so a repeated name is sent twice.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// A field added to the JSON object these calls send as their body (a field the spec does
    /// not list yet, say), replacing one of the same name. A call without a body sends an
    /// object of these fields; one whose body is not a JSON object fails with
    /// [`Error::InvalidRequest`].
    pub fn body_field(mut self, name: impl Into<String>, value: serde_json::Value) -> Self {
        self.body_fields.insert(name.into(), value);
        self
    }
}

/// When an auto-paging stream stops. APIs whose list responses are bare arrays (no total, no
/// next link) signal the end only by what a page holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageEnd {
    /// Stop after the first page with no items (the default; one request more than the
    /// number of pages, but correct whatever the page size).
    EmptyPage,
    /// Stop after a page with fewer items than this: the page size, when you know it (saves
    /// the final empty request). A page with no items always ends the walk.
    ShorterThan(usize),
}

/// How auto-paging streams (the `*_pages` methods) number and end their pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// The number of the first page (1 by default).
    pub first_page: i64,
    /// When to stop (by default after the first empty page).
    pub end: PageEnd,
}

impl Default for Paging {
    fn default() -> Self {
        Paging {
            first_page: 1,
            end: PageEnd::EmptyPage,
        }
    }
}

/// A successful response with its status and headers, as a request's `.with_response()`
/// answers.
#[derive(Debug, Clone)]
pub struct Response<T> {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers (the spec's declared ones among them).
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: T,
    /// The body as received: what the schema does not declare (fields a newer server sends)
    /// is here, e.g. for `serde_json::from_slice::<serde_json::Value>(&response.raw)`. Empty
    /// when `body` is itself the bytes (binary and form responses).
    pub raw: Vec<u8>,
}

/// A request on its way: what a request's `.with_response()` returns, to be awaited
/// for a `Result<Response<T>, Error<E>>` (`E`: the operation's declared error responses). The
/// request was built when the method was called (an error building it comes out of the
/// `.await`); it is sent, with retries, when first polled. It is `Send`, so it can be spawned,
/// and a plain type to store or return.
#[must_use = "a request is sent only when awaited"]
pub struct PendingResponse<'a, T, E = std::convert::Infallible> {
    stage: Stage<'a>,
    /// The operation's match on the status (see [`Runtime::send`]).
    read: fn(&mut Raw) -> Result<T, Error<E>>,
}

/// Where a [`PendingResponse`] is. Nothing here depends on the operation's types: the
/// exchange (sending, retrying, reading the answer) is compiled once for the crate, and only
/// the status match and the small `poll` below once per operation.
enum Stage<'a> {
    Sending(Pin<Box<dyn Future<Output = Result<Raw, Error>> + Send + 'a>>),
    /// The request could not be built: the error is the answer.
    Refused(Error),
    Answered,
}

/// What a [`PendingResponse`] is awaited for.
type Answer<T, E> = Result<Response<T>, Error<E>>;

impl<T, E> Future for PendingResponse<'_, T, E> {
    type Output = Answer<T, E>;

    fn poll(
        self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        let this = self.get_mut();
        // Answered unless the exchange is still on its way (then it is put back).
        let exchanged = match std::mem::replace(&mut this.stage, Stage::Answered) {
            Stage::Sending(mut exchange) => match exchange.as_mut().poll(cx) {
                std::task::Poll::Ready(exchanged) => exchanged,
                std::task::Poll::Pending => {
                    this.stage = Stage::Sending(exchange);
                    return std::task::Poll::Pending;
                }
            },
            Stage::Refused(error) => Err(error),
            Stage::Answered => Err(Error::InvalidRequest(
                "the request was polled again after it answered".to_string(),
            )),
        };
        let mut raw = match exchanged {
            Ok(raw) => raw,
            Err(error) => return std::task::Poll::Ready(Err(error.widen())),
        };
        // Whatever error reading the answer makes keeps its headers (the readers are
        // generated per operation; this is the one place they all pass through).
        std::task::Poll::Ready(match (this.read)(&mut raw) {
            Ok(body) => Ok(Response {
                status: raw.status,
                headers: raw.headers,
                body,
                raw: raw.body,
            }),
            Err(e) => Err(e.with_headers(raw.headers)),
        })
    }
}

impl<T, E> fmt::Debug for PendingResponse<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PendingResponse")
    }
}

/// [`PendingResponse`] answering with the decoded body only: what an operation's method
/// returns, awaited for a `Result<T, Error<E>>`.
#[must_use = "a request is sent only when awaited"]
pub struct Pending<'a, T, E = std::convert::Infallible>(PendingResponse<'a, T, E>);

impl<'a, T, E> PendingResponse<'a, T, E> {
    /// The same request, answering with the decoded body only.
    #[allow(dead_code)] // Called by the operations' methods, which may all be behind features.
    pub(crate) fn body(self) -> Pending<'a, T, E> {
        Pending(self)
    }
}

impl<'a, T, E> Pending<'a, T, E> {
    /// The same request, answering with the response's status and headers beside the decoded
    /// body: `client.streams().get(7).with_response().await`.
    pub fn with_response(self) -> PendingResponse<'a, T, E> {
        self.0
    }
}

impl<T, E> Future for Pending<'_, T, E> {
    type Output = Result<T, Error<E>>;

    fn poll(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        Pin::new(&mut self.0)
            .poll(cx)
            .map(|result| result.map(|response| response.body))
    }
}

impl<T, E> fmt::Debug for Pending<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pending")
    }
}

/// Why an operation failed. `E` is the operation's enum of declared error responses
/// (`Infallible` when it declares none).
#[derive(Debug)]
pub enum Error<E = std::convert::Infallible> {
    /// The server answered with an error status the operation declares; `body` is decoded.
    Api {
        /// The HTTP status.
        status: StatusCode,
        /// The decoded error body.
        body: E,
        /// The body as received.
        text: String,
        /// The operation that got the answer.
        endpoint: Option<Endpoint>,
        /// The response's headers (a request id, `Retry-After`: see [`Error::request_id`],
        /// [`Error::retry_after`]); boxed, so that a `Result` of an error stays small.
        headers: Box<HeaderMap>,
    },
    /// The server answered with an error status the operation declares, but with a body that
    /// does not match the schema declared for it (a proxy's HTML page for a 503, say): still
    /// that status's error ([`Error::is_retryable`] goes by the status), with the body as
    /// received.
    ApiUndecoded {
        /// The HTTP status.
        status: StatusCode,
        /// The body as received.
        text: String,
        /// What did not match.
        source: serde_json::Error,
        /// The operation that got the answer.
        endpoint: Option<Endpoint>,
        /// The response's headers (a request id, `Retry-After`: see [`Error::request_id`],
        /// [`Error::retry_after`]); boxed, so that a `Result` of an error stays small.
        headers: Box<HeaderMap>,
    },
    /// The server answered with a status the operation does not declare.
    UnexpectedStatus {
        /// The HTTP status.
        status: StatusCode,
        /// The body as received.
        text: String,
        /// The operation that got the answer (`None` outside an operation: a clip download).
        endpoint: Option<Endpoint>,
        /// The response's headers (a request id, `Retry-After`: see [`Error::request_id`],
        /// [`Error::retry_after`]); boxed, so that a `Result` of an error stays small.
        headers: Box<HeaderMap>,
    },
    /// A success body does not match the schema the spec declares for its status.
    Decode {
        /// The HTTP status.
        status: StatusCode,
        /// The body as received.
        body: String,
        /// What did not match.
        source: serde_json::Error,
        /// The operation that got the answer (`None` for [`RawResponse::json`]).
        endpoint: Option<Endpoint>,
        /// The response's headers (a request id, `Retry-After`: see [`Error::request_id`],
        /// [`Error::retry_after`]); boxed, so that a `Result` of an error stays small.
        headers: Box<HeaderMap>,
    },
    /// The request could not be sent or the response could not be read (connection,
    /// TLS...).
    Transport {
        /// What failed, with its causes.
        source: reqwest::Error,
        /// The operation that was called (`None` outside an operation, and for a streamed
        /// body read after the call).
        endpoint: Option<Endpoint>,
    },
    /// The request took longer than its timeout (`Client::with_timeout`,
    /// [`RequestOptions::timeout`]).
    Timeout {
        /// The timeout, as reqwest reports it.
        source: reqwest::Error,
        /// The operation that was called (as for [`Error::Transport`]).
        endpoint: Option<Endpoint>,
    },
    /// The request could not be built (an invalid base URL or header value).
    InvalidRequest(String),
    /// The operation needs credentials the client does not have, or a
    /// [`TokenProvider`](super::auth::TokenProvider) failed; nothing was sent.
    Credentials(String),
    /// A streamed response ([`ByteStream`]) stalled: the server sent nothing for this long
    /// (the idle timeout, [`RequestOptions::idle_timeout`]), before its headers or within its
    /// body.
    Idle {
        /// How long the client waited.
        waited: Duration,
    },
    /// A streamed body could not be written where it was going ([`ByteStream::copy_to`]).
    Write(std::io::Error),
    /// The response body is longer than the limit ([`RequestOptions::max_body_size`]), so it
    /// was not read to the end: a server cannot make the client hold an unbounded body.
    BodyTooLarge {
        /// The HTTP status.
        status: StatusCode,
        /// The limit, in bytes.
        limit: usize,
        /// The operation that got the answer (`None` for a [`RawRequest`]).
        endpoint: Option<Endpoint>,
        /// The response's headers (a request id, `Retry-After`: see [`Error::request_id`],
        /// [`Error::retry_after`]); boxed, so that a `Result` of an error stays small.
        headers: Box<HeaderMap>,
    },
}

/// The operation an answer belongs to, named first in an error's message:
/// `GET /streaming/streams/{stream_id}/clip_recording (get_streams_id_clip_recording)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    /// The operation's name: its operationId in snake_case (else method and path).
    pub operation: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The path template, as the spec writes it.
    pub path: &'static str,
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} ({})", self.method, self.path, self.operation)
    }
}

/// The largest response body read by default: 64 MiB (JSON bodies are decoded from memory).
pub const DEFAULT_MAX_BODY_SIZE: usize = 64 * 1024 * 1024;

impl Error {
    /// The same failure as the error of an operation with declared error responses `E` (this
    /// one has none, so it is never [`Error::Api`]).
    #[allow(dead_code)] // Called by the operations' methods, which may all be behind features.
    pub(crate) fn widen<E>(self) -> Error<E> {
        match self {
            Error::Api { body, .. } => match body {},
            Error::ApiUndecoded {
                status,
                text,
                source,
                endpoint,
                headers,
            } => Error::ApiUndecoded {
                status,
                text,
                source,
                endpoint,
                headers,
            },
            Error::UnexpectedStatus {
                status,
                text,
                endpoint,
                headers,
            } => Error::UnexpectedStatus {
                status,
                text,
                endpoint,
                headers,
            },
            Error::Decode {
                status,
                body,
                source,
                endpoint,
                headers,
            } => Error::Decode {
                status,
                body,
                source,
                endpoint,
                headers,
            },
            Error::Transport { source, endpoint } => Error::Transport { source, endpoint },
            Error::Timeout { source, endpoint } => Error::Timeout { source, endpoint },
            Error::InvalidRequest(message) => Error::InvalidRequest(message),
            Error::Credentials(message) => Error::Credentials(message),
            Error::Idle { waited } => Error::Idle { waited },
            Error::Write(e) => Error::Write(e),
            Error::BodyTooLarge {
                status,
                limit,
                endpoint,
                headers,
            } => Error::BodyTooLarge {
                status,
                limit,
                endpoint,
                headers,
            },
        }
    }
}

impl<E> Error<E> {
    /// The operation that failed (`None` for errors before anything was sent, and for
    /// [`Client::request`](super::Client::request)).
    pub fn endpoint(&self) -> Option<Endpoint> {
        match self {
            Error::Api { endpoint, .. }
            | Error::ApiUndecoded { endpoint, .. }
            | Error::UnexpectedStatus { endpoint, .. }
            | Error::Decode { endpoint, .. }
            | Error::Transport { endpoint, .. }
            | Error::Timeout { endpoint, .. }
            | Error::BodyTooLarge { endpoint, .. } => *endpoint,
            _ => None,
        }
    }

    /// The HTTP status, when a response was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. }
            | Error::ApiUndecoded { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::Decode { status, .. }
            | Error::BodyTooLarge { status, .. } => Some(*status),
            Error::Transport { source, .. } | Error::Timeout { source, .. } => source.status(),
            Error::InvalidRequest(_)
            | Error::Credentials(_)
            | Error::Idle { .. }
            | Error::Write(_) => None,
        }
    }

    /// The response's headers, when there was a response.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api { headers, .. }
            | Error::ApiUndecoded { headers, .. }
            | Error::UnexpectedStatus { headers, .. }
            | Error::Decode { headers, .. }
            | Error::BodyTooLarge { headers, .. } => Some(headers),
            _ => None,
        }
    }

    /// The id the server gave the request, to quote to its operators: the first of the
    /// `x-request-id`, `request-id`, `x-amzn-requestid`, `x-amz-request-id`,
    /// `x-correlation-id` and `x-trace-id` headers.
    pub fn request_id(&self) -> Option<&str> {
        const NAMES: [&str; 6] = [
            "x-request-id",
            "request-id",
            "x-amzn-requestid",
            "x-amz-request-id",
            "x-correlation-id",
            "x-trace-id",
        ];
        let headers = self.headers()?;
        NAMES
            .iter()
            .find_map(|name| headers.get(*name)?.to_str().ok())
    }

    /// How long the server asked the client to wait (`Retry-After`, seconds or a date, or
    /// `Retry-After-Ms`), as of now.
    pub fn retry_after(&self) -> Option<Duration> {
        retry_after(self.headers()?, SystemTime::now())
    }

    /// The same error with the answer's `headers` (read before the answer was; see
    /// `Runtime::send`).
    pub(crate) fn with_headers(mut self, answer: HeaderMap) -> Self {
        if let Error::Api { headers, .. }
        | Error::ApiUndecoded { headers, .. }
        | Error::UnexpectedStatus { headers, .. }
        | Error::Decode { headers, .. }
        | Error::BodyTooLarge { headers, .. } = &mut self
        {
            **headers = answer;
        }
        self
    }

    /// The decoded body of a declared error response.
    pub fn body(&self) -> Option<&E> {
        match self {
            Error::Api { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The response body as received, when there was a response.
    pub fn raw_body(&self) -> Option<&str> {
        match self {
            Error::Api { text, .. }
            | Error::ApiUndecoded { text, .. }
            | Error::UnexpectedStatus { text, .. } => Some(text),
            Error::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// Whether the server answered 404 Not Found (whether or not the operation declares it).
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// Whether the server answered 401 Unauthorized: the credentials are missing or wrong.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(StatusCode::UNAUTHORIZED)
    }

    /// Whether the server answered 403 Forbidden.
    pub fn is_forbidden(&self) -> bool {
        self.status() == Some(StatusCode::FORBIDDEN)
    }

    /// Whether the server answered 409 Conflict.
    pub fn is_conflict(&self) -> bool {
        self.status() == Some(StatusCode::CONFLICT)
    }

    /// Whether the server answered 429 Too Many Requests (after the retries the
    /// [`RetryPolicy`] allows).
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// Whether the server answered with a 5xx status.
    pub fn is_server_error(&self) -> bool {
        self.status().is_some_and(|status| status.is_server_error())
    }

    /// Whether the call ran out of time: its timeout, or the idle timeout of a streamed body.
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Timeout { .. } | Error::Idle { .. } => true,
            Error::Transport { source, .. } => source.is_timeout(),
            _ => false,
        }
    }

    /// Whether no connection could be made (DNS, refused, TLS handshake): nothing was sent.
    pub fn is_connect(&self) -> bool {
        matches!(self, Error::Transport { source, .. } | Error::Timeout { source, .. } if source.is_connect())
    }

    /// Whether trying again later could succeed: a connection failure, a timeout, or a 408,
    /// 409, 429 or 5xx answer. The client has already retried such failures as its
    /// [`RetryPolicy`] allows; this is for callers with a longer-term retry of their own.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport { source, .. } | Error::Timeout { source, .. } => {
                retryable_failure(source)
            }
            Error::Api { status, .. }
            | Error::ApiUndecoded { status, .. }
            | Error::UnexpectedStatus { status, .. } => retryable_status(*status),
            Error::Idle { .. } => true,
            Error::Decode { .. }
            | Error::InvalidRequest(_)
            | Error::Credentials(_)
            | Error::Write(_)
            | Error::BodyTooLarge { .. } => false,
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The operation first, when the error comes from one: a log line says what failed.
        if let Some(endpoint) = self.endpoint() {
            write!(f, "{endpoint}: ")?;
        }
        match self {
            Error::Api { status, text, .. } => match server_message(text) {
                Some(message) => write!(f, "the server answered {status}: {message}"),
                None => write!(f, "the server answered {status}"),
            },
            Error::ApiUndecoded { status, text, source, .. } => write!(
                f,
                "the server answered {status}, with a body the API schema does not describe ({source}): {}",
                server_message(text).unwrap_or_default()
            ),
            Error::UnexpectedStatus { status, text, .. } => match server_message(text) {
                Some(message) => write!(
                    f,
                    "the server answered {status}, which the API does not declare: {message}"
                ),
                None => write!(f, "the server answered {status}, which the API does not declare"),
            },
            Error::Decode { status, source, .. } => write!(
                f,
                "the {status} response body does not match the API schema: {source}"
            ),
            Error::Transport { source, .. } => write!(f, "the request failed: {}", chain(source)),
            Error::Timeout { source, .. } => write!(f, "the request timed out: {}", chain(source)),
            Error::InvalidRequest(reason) => write!(f, "the request could not be built: {reason}"),
            Error::Credentials(reason) => write!(f, "credentials: {reason}"),
            Error::Idle { waited } => write!(f, "the server sent nothing for {waited:?}"),
            Error::Write(e) => write!(f, "the response body could not be written: {e}"),
            Error::BodyTooLarge { status, limit, .. } => write!(
                f,
                "the {status} response body is longer than {limit} bytes (see RequestOptions::max_body_size)"
            ),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Decode { source, .. } | Error::ApiUndecoded { source, .. } => Some(source),
            Error::Transport { source, .. } | Error::Timeout { source, .. } => Some(source),
            Error::Write(e) => Some(e),
            _ => None,
        }
    }
}

/// What the server said in an error body, for a message: a JSON body's own message (`message`,
/// `error_description`, `detail`, `error`, `title`; at its top, in an `error` object, or the
/// first of an `errors` list), else the body itself; shortened, `None` when empty.
fn server_message(text: &str) -> Option<String> {
    use serde_json::Value;
    fn said(value: &Value) -> Option<&str> {
        let map = value.as_object()?;
        ["message", "error_description", "detail", "error", "title"]
            .iter()
            .find_map(|key| map.get(*key)?.as_str().filter(|s| !s.trim().is_empty()))
            .or_else(|| said(map.get("error")?))
            .or_else(|| said(map.get("errors")?.as_array()?.first()?))
    }
    let parsed = serde_json::from_str::<Value>(text).ok();
    let message = parsed.as_ref().and_then(said).unwrap_or(text);
    let message = shortened(message);
    (!message.is_empty()).then_some(message)
}

/// A failure and its causes, `: `-separated (reqwest's own message rarely says why).
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(next) = cause {
        let next_text = next.to_string();
        // Some layers repeat their cause's words in their own.
        if !text.contains(&next_text) {
            text.push_str(": ");
            text.push_str(&next_text);
        }
        cause = next.source();
    }
    text
}

/// A body for a one-line message: its first 200 characters on one line, marked when cut (the
/// whole body stays in [`Error::raw_body`]).
fn shortened(text: &str) -> String {
    const MAX: usize = 200;
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}… ({} bytes)", &line[..cut], text.len()),
        None => line,
    }
}

/// 408 Request Timeout, 409 Conflict (often a lock held briefly), 429 Too Many Requests and
/// every 5xx.
fn retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 409 | 429) || status.is_server_error()
}

/// A failure without a response that a later attempt could get past: no connection, a
/// timeout, a request or body cut off on the way.
fn retryable_failure(error: &reqwest::Error) -> bool {
    error.is_connect() || error.is_timeout() || error.is_request() || error.is_body()
}

/// A response read to the end.
#[derive(Debug)]
pub(crate) struct Raw {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
    /// The body was longer than the limit and was not read to the end.
    pub(crate) too_large: bool,
    /// A streamed call's successful response, its body not read yet.
    pub(crate) live: Option<reqwest::Response>,
    /// The operation answering (`None` for a [`RawRequest`]), for the errors reading it makes.
    pub(crate) endpoint: Option<Endpoint>,
}

/// What an operation's status match reads the answer with (see [`Runtime::send`]): an arm per
/// status decodes the body that status declares, or makes the error it stands for, in one
/// call each.
#[allow(dead_code)] // Each API's operations call the ones they need.
impl Raw {
    /// The JSON body of a success.
    pub(crate) fn json<T: serde::de::DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        decode(self.endpoint, self.status, &self.body).map_err(Error::widen)
    }

    /// The JSON body of a declared error status; a body that does not match is still that
    /// status's error ([`Error::ApiUndecoded`]), not a decode failure.
    pub(crate) fn error_json<T: serde::de::DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        serde_json::from_slice(&self.body).map_err(|source| self.undecoded(source).widen())
    }

    // The errors below are made once for the crate and widened to the operation's type (the
    // one generic step), rather than made in a copy per operation.

    fn undecoded(&self, source: serde_json::Error) -> Error {
        Error::ApiUndecoded {
            status: self.status,
            text: self.text(),
            source,
            endpoint: self.endpoint,
            headers: Default::default(),
        }
    }

    /// The body as text (invalid UTF-8 replaced).
    pub(crate) fn text(&self) -> String {
        text(&self.body)
    }

    /// The body itself, taken rather than copied (the response's `raw` bytes are then empty).
    pub(crate) fn bytes(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.body)
    }

    /// A declared error status: [`Error::Api`] with its decoded `body`.
    pub(crate) fn api<T, E>(&self, body: E) -> Result<T, Error<E>> {
        Err(Error::Api {
            status: self.status,
            body,
            text: self.text(),
            endpoint: self.endpoint,
            headers: Default::default(),
        })
    }

    /// A status the spec does not declare.
    pub(crate) fn unexpected<T, E>(&self) -> Result<T, Error<E>> {
        Err(self.unexpected_status().widen())
    }

    fn unexpected_status(&self) -> Error {
        Error::UnexpectedStatus {
            status: self.status,
            text: self.text(),
            endpoint: self.endpoint,
            headers: Default::default(),
        }
    }

    /// Reads an answer that is no success with `read` (a streamed call's error arms); the
    /// error keeps the answer's headers, as [`Runtime::send`]'s do.
    pub(crate) fn failed<T, E>(
        mut self,
        read: impl FnOnce(&mut Raw) -> Result<T, Error<E>>,
    ) -> Result<T, Error<E>> {
        read(&mut self).map_err(|e| e.with_headers(self.headers))
    }
}

/// What is being called: the operation and its path template (for logs), and the ways it can
/// authenticate (see [`auth`](super::auth)).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Call {
    /// `None` for a [`RawRequest`], which is no operation of the spec.
    pub(crate) endpoint: Option<Endpoint>,
    pub(crate) security: &'static [Requirement],
}

impl Call {
    /// The call of the operation `operation`, sent as `method` to `path` (its template),
    /// authenticated as `security` allows: each operation method's `CALL`.
    #[allow(dead_code)] // Called by the operations' methods, which may all be behind features.
    pub(crate) const fn operation(
        operation: &'static str,
        method: &'static str,
        path: &'static str,
        security: &'static [Requirement],
    ) -> Call {
        Call {
            endpoint: Some(Endpoint {
                operation,
                method,
                path,
            }),
            security,
        }
    }
}

/// The client's transport settings; clones share the connection pool.
#[derive(Debug, Clone)]
pub(crate) struct Runtime {
    pub(crate) http: reqwest::Client,
    pub(crate) timeout: Duration,
    pub(crate) idle_timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) headers: HeaderMap,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) paging: Paging,
    pub(crate) max_body_size: usize,
    pub(crate) auth: Auth,
    /// Extra query parameters and JSON body fields ([`RequestOptions::query`],
    /// [`RequestOptions::body_field`]).
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body_fields: serde_json::Map<String, serde_json::Value>,
    /// A paged walk's next link: the request goes to this URL instead of the one it was built
    /// with (only within the same origin, see [`Runtime::run`]).
    pub(crate) next_url: Option<String>,
}

impl Runtime {
    /// How long a request may take, from sending to the end of the response body.
    pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

    /// How long a streamed response may send nothing ([`RequestOptions::idle_timeout`]).
    pub(crate) const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

    /// How long establishing a connection may take (for the connection pool `new` makes).
    pub(crate) const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

    /// The `User-Agent` every request carries: this crate's name and version.
    pub(crate) const USER_AGENT: &'static str =
        concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

    /// A runtime for an API with these security schemes (no credentials set yet). Fails only
    /// when the HTTP client cannot be built (its TLS backend cannot start): that is reported,
    /// never replaced by a client without the connect timeout or redirect policy.
    pub(crate) fn new(schemes: &'static [Scheme]) -> Result<Self, reqwest::Error> {
        // The connect timeout is a property of the connection pool, so it is set here; the
        // request timeout is applied per request (it holds with your own client too).
        let http = reqwest::Client::builder()
            .connect_timeout(Self::DEFAULT_CONNECT_TIMEOUT)
            .redirect(same_origin_redirects())
            // reqwest would name the previous URL (its query, an API key in it included) in a
            // `Referer` on every redirect: a client of an API has no page to refer from.
            .referer(false)
            .build()?;
        Ok(Runtime {
            http,
            timeout: Self::DEFAULT_TIMEOUT,
            idle_timeout: Self::DEFAULT_IDLE_TIMEOUT,
            retry: RetryPolicy::default(),
            headers: HeaderMap::new(),
            clock: Arc::new(SystemClock),
            paging: Paging::default(),
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            auth: Auth::new(schemes),
            query: Vec::new(),
            body_fields: serde_json::Map::new(),
            next_url: None,
        })
    }

    pub(crate) fn apply(&mut self, options: RequestOptions) {
        if let Some(timeout) = options.timeout {
            self.timeout = timeout;
        }
        if let Some(idle) = options.idle_timeout {
            self.idle_timeout = idle;
        }
        if let Some(max_retries) = options.max_retries {
            self.retry.max_retries = max_retries;
        }
        if let Some(bytes) = options.max_body_size {
            self.max_body_size = bytes;
        }
        self.headers.extend(options.headers);
        self.query.extend(options.query);
        self.body_fields.extend(options.body_fields);
    }

    /// An operation's `request` (built by the operation's method, or why it could not be),
    /// sent when the result is first polled, its response read whole and then by `read` (the
    /// operation's match on the status). The one `async` body every operation shares, and
    /// not generic: an operation's own code is plain functions, and the only code compiled
    /// per operation is its status match and [`PendingResponse`]'s small `poll`, which is
    /// most of what makes a generated crate quick to compile and to build for release.
    #[allow(dead_code)] // Called by the operations' methods, which may all be behind features.
    pub(crate) fn send<'a, T, E>(
        &'a self,
        call: Call,
        request: Result<reqwest::RequestBuilder, Error>,
        read: fn(&mut Raw) -> Result<T, Error<E>>,
    ) -> PendingResponse<'a, T, E> {
        PendingResponse {
            stage: match request {
                Ok(request) => Stage::Sending(Box::pin(self.execute(call, request))),
                Err(error) => Stage::Refused(error),
            },
            read,
        }
    }

    /// Sends `request`, retrying as the policy allows, and reads the whole response.
    pub(crate) async fn execute(
        &self,
        call: Call,
        request: reqwest::RequestBuilder,
    ) -> Result<Raw, Error> {
        self.run(call, request.timeout(self.timeout), false).await
    }

    /// Like [`execute`](Runtime::execute), but a successful response comes back unread
    /// (`Raw::live`), with no deadline for its body: the idle timeout bounds the wait for the
    /// headers, and [`ByteStream`] each wait within the body. Error responses are read as usual.
    pub(crate) async fn execute_streaming(
        &self,
        call: Call,
        request: reqwest::RequestBuilder,
    ) -> Result<Raw, Error> {
        self.run(call, request, true).await
    }

    /// Not generic over the operation's error type, like everything it calls: compiled once
    /// for the crate, not once per operation ([`Error::widen`] is the generic part).
    async fn run(
        &self,
        call: Call,
        request: reqwest::RequestBuilder,
        stream: bool,
    ) -> Result<Raw, Error> {
        let mut request = request
            .header(reqwest::header::USER_AGENT, Self::USER_AGENT)
            .headers(self.headers.clone())
            .build()
            .map_err(|e| Error::InvalidRequest(e.to_string()))?;
        // A next link replaces the URL (its query included), relative to the request's own, or
        // sets the parameters a bare query string names; never to another origin: the
        // request carries the API's credentials.
        if let Some(next) = &self.next_url {
            let url = next_page_url(request.url(), next)
                .map_err(|e| Error::InvalidRequest(format!("next link: {e}")))?;
            if url.origin() != request.url().origin() {
                return Err(Error::InvalidRequest(format!(
                    "the next link goes to another origin ({}), which gets no credentials",
                    url.origin().ascii_serialization()
                )));
            }
            *request.url_mut() = url;
        }
        if !self.query.is_empty() {
            request
                .url_mut()
                .query_pairs_mut()
                .extend_pairs(&self.query);
        }
        if !self.body_fields.is_empty() {
            add_body_fields(&mut request, &self.body_fields).map_err(Error::InvalidRequest)?;
        }
        let span = tracing::debug_span!(
            "request",
            operation = call.endpoint.map_or("request", |e| e.operation),
            method = %request.method(),
            path = call.endpoint.map_or("(any)", |e| e.path),
        );
        tracing::Instrument::instrument(self.retrying(call, request, stream), span).await
    }

    async fn retrying(
        &self,
        call: Call,
        request: reqwest::Request,
        stream: bool,
    ) -> Result<Raw, Error> {
        let Call { endpoint, security } = call;
        let idempotent = matches!(
            *request.method(),
            Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE
        ) || self.retry.retry_non_idempotent;
        // A streamed body cannot be cloned, so it cannot be sent twice.
        let replayable = request.body().is_none_or(|b| b.as_bytes().is_some());
        let max_retries = if replayable {
            self.retry.max_retries
        } else {
            0
        };
        let mut pending = Some(request);
        let mut retry = 0;
        // A 401 to a request carrying a provider's token is answered once by sending it again
        // with a fresh token; that is not a retry.
        let mut refreshed = false;
        loop {
            let attempt = retry + 1;
            let copy = if retry < max_retries || !refreshed {
                pending.as_ref().and_then(reqwest::Request::try_clone)
            } else {
                None
            };
            let Some(mut request) = copy.or_else(|| pending.take()) else {
                return Err(Error::InvalidRequest("the request cannot be resent".into()));
            };
            let used = self
                .auth
                .apply(security, &mut request)
                .await
                .map_err(Error::Credentials)?;
            let started = Instant::now();
            let outcome = self.attempt(request, stream).await;
            let unauthorized =
                matches!(&outcome, Ok(raw) if raw.status == StatusCode::UNAUTHORIZED);
            if unauthorized && !used.is_empty() && !refreshed && pending.is_some() {
                tracing::info!(attempt, "401: sending again with a fresh token");
                used.iter().for_each(Used::invalidate);
                refreshed = true;
                continue;
            }
            let elapsed_ms = started.elapsed().as_millis() as u64;
            let (retry_reason, headers) = match &outcome {
                Ok(raw) => {
                    let status = raw.status;
                    tracing::debug!(attempt, status = status.as_u16(), elapsed_ms, "response");
                    let safe = idempotent || matches!(status.as_u16(), 408 | 429);
                    let reason = (retryable_status(status) && safe).then(|| status.to_string());
                    (reason, Some(&raw.headers))
                }
                Err(Failure::Http(e)) => {
                    tracing::debug!(attempt, elapsed_ms, error = %e, "request failed");
                    // A failed connect never reached the server: safe to repeat for any method.
                    let safe = e.is_connect() || idempotent;
                    ((retryable_failure(e) && safe).then(|| e.to_string()), None)
                }
                Err(Failure::Idle(waited)) => {
                    tracing::debug!(attempt, elapsed_ms, "no response headers in time");
                    let reason = format!("nothing for {waited:?}");
                    (idempotent.then_some(reason), None)
                }
            };
            match retry_reason {
                Some(reason) if retry < max_retries && pending.is_some() => {
                    let delay = self.retry.delay(retry, headers, self.clock.now());
                    tracing::info!(
                        attempt,
                        delay_ms = delay.as_millis() as u64,
                        reason = %reason,
                        "retrying"
                    );
                    self.clock.sleep(delay).await;
                    retry += 1;
                }
                _ => {
                    return match outcome {
                        Ok(raw) if raw.too_large => Err(Error::BodyTooLarge {
                            status: raw.status,
                            limit: self.max_body_size,
                            endpoint,
                            headers: Box::new(raw.headers),
                        }),
                        Ok(raw) => Ok(Raw { endpoint, ..raw }),
                        Err(Failure::Http(source)) if source.is_timeout() => {
                            Err(Error::Timeout { source, endpoint })
                        }
                        Err(Failure::Http(source)) => Err(Error::Transport { source, endpoint }),
                        Err(Failure::Idle(waited)) => Err(Error::Idle { waited }),
                    }
                }
            }
        }
    }

    async fn attempt(&self, request: reqwest::Request, stream: bool) -> Result<Raw, Failure> {
        let sent = self.http.execute(request);
        let mut response = if stream {
            match tokio::time::timeout(self.idle_timeout, sent).await {
                Ok(response) => response.map_err(without_query)?,
                Err(_) => return Err(Failure::Idle(self.idle_timeout)),
            }
        } else {
            sent.await.map_err(without_query)?
        };
        let status = response.status();
        let headers = response.headers().clone();
        if stream && status.is_success() {
            return Ok(Raw {
                status,
                headers,
                body: Vec::new(),
                too_large: false,
                live: Some(response),
                endpoint: None,
            });
        }
        // Read chunk by chunk up to the limit; a longer body is cut off (and reported). A
        // streamed call's request has no deadline of its own (its body may take hours), so
        // its error body is read under the idle timeout per piece and the call's timeout in
        // all: a server that sends the headers of an error and then stalls or trickles cannot
        // hold the call.
        let limit = self.max_body_size;
        let announced = response.content_length().unwrap_or(0) as usize;
        let mut body = Vec::with_capacity(announced.min(limit).min(1 << 20));
        let mut too_large = announced > limit;
        let deadline = tokio::time::Instant::now() + self.timeout;
        while !too_large {
            let next = response.chunk();
            let chunk = if stream {
                let until = deadline.min(tokio::time::Instant::now() + self.idle_timeout);
                match tokio::time::timeout_at(until, next).await {
                    Ok(chunk) => chunk,
                    Err(_) => return Err(Failure::Idle(self.idle_timeout)),
                }
            } else {
                next.await
            };
            match chunk.map_err(without_query)? {
                Some(chunk) if body.len() + chunk.len() > limit => too_large = true,
                Some(chunk) => body.extend_from_slice(&chunk),
                None => break,
            }
        }
        Ok(Raw {
            status,
            headers,
            body,
            too_large,
            live: None,
            endpoint: None,
        })
    }
}

/// Why an attempt got no response.
enum Failure {
    Http(reqwest::Error),
    /// A streamed call's headers did not come within the idle timeout.
    Idle(Duration),
}

impl From<reqwest::Error> for Failure {
    fn from(error: reqwest::Error) -> Self {
        Failure::Http(error)
    }
}

/// A response body read as it arrives, never held whole in memory: the `*_stream` methods
/// return it for binary responses, and [`RawRequest::send_stream`] for any. There is no
/// deadline for the whole body; each wait for the next piece may last the idle timeout
/// ([`RequestOptions::idle_timeout`], 30 s by default), past which reading fails with
/// [`Error::Idle`].
#[derive(Debug)]
pub struct ByteStream {
    response: reqwest::Response,
    idle: Duration,
}

impl ByteStream {
    pub(crate) fn new(response: reqwest::Response, idle: Duration) -> Self {
        ByteStream { response, idle }
    }

    /// The body's length, when the server announced it.
    pub fn content_length(&self) -> Option<u64> {
        self.response.content_length()
    }

    /// The next piece of the body, or `None` at its end.
    pub async fn next_chunk(&mut self) -> Result<Option<bytes::Bytes>, Error> {
        match tokio::time::timeout(self.idle, self.response.chunk()).await {
            Ok(Ok(chunk)) => Ok(chunk),
            Ok(Err(e)) if e.is_timeout() => Err(Error::Timeout {
                source: without_query(e),
                endpoint: None,
            }),
            Ok(Err(e)) => Err(Error::Transport {
                source: without_query(e),
                endpoint: None,
            }),
            Err(_) => Err(Error::Idle { waited: self.idle }),
        }
    }

    /// Writes the rest of the body to `writer` (a file, a socket, a buffer) as it arrives,
    /// and returns how many bytes that was.
    pub async fn copy_to<W>(mut self, writer: &mut W) -> Result<u64, Error>
    where
        W: tokio::io::AsyncWrite + Unpin + ?Sized,
    {
        use tokio::io::AsyncWriteExt;
        let mut written = 0u64;
        while let Some(chunk) = self.next_chunk().await? {
            writer.write_all(&chunk).await.map_err(Error::Write)?;
            written += chunk.len() as u64;
        }
        writer.flush().await.map_err(Error::Write)?;
        Ok(written)
    }

    /// The body as a `Stream` of pieces (for `futures_util::StreamExt` and the like).
    pub fn into_stream(
        self,
    ) -> impl futures_util::Stream<Item = Result<bytes::Bytes, Error>> + Send + 'static {
        futures_util::stream::unfold(Some(self), |state| async move {
            let mut body = state?;
            match body.next_chunk().await {
                Ok(Some(chunk)) => Some((Ok(chunk), Some(body))),
                Ok(None) => None,
                Err(e) => Some((Err(e), None)),
            }
        })
    }
}

/// An answer that is a sequence of events, read as they arrive: the `*_events` methods (and
/// the request builders' `send_events`) return it for Server-Sent Events
/// (`text/event-stream`) and JSON Lines (`application/x-ndjson`, `application/jsonl`, ...).
/// Each event's data is decoded into `T` as it comes ([`EventStream::next_event`], or a
/// `Stream` through [`EventStream::into_stream`]); the text it was decoded from stays in
/// [`Event::raw`]. There is no deadline for the whole answer; each wait for the next piece
/// may last the idle timeout ([`RequestOptions::idle_timeout`]), past which reading fails
/// with [`Error::Idle`]. One event may be at most the body size limit
/// ([`RequestOptions::max_body_size`]) long.
///
/// Server-Sent Events are read as the HTML standard defines them (`data`, `event`, `id`,
/// `retry`, comments, any line ending); a `data: [DONE]` event, which OpenAI-style APIs send
/// last, ends the stream. The last `id` the server sent is kept
/// ([`EventStream::last_event_id`]). When the connection of a `GET` stream drops (a
/// transport error, a timeout, an idle wait) after the server set an id, the stream reconnects
/// as the standard's `EventSource` does: the request again, with that id as `Last-Event-ID`,
/// after the server's `retry` (else, or when it is longer than
/// [`RetryPolicy::max_retry_after`], the retry policy's backoff), at most
/// [`RetryPolicy::max_retries`] times between two events; the event being read when it
/// dropped is not dispatched, and a server answering `204 No Content` ends the stream.
pub struct EventStream<T> {
    body: ByteStream,
    lines: bool,
    decode: fn(&str) -> Result<T, serde_json::Error>,
    status: StatusCode,
    headers: HeaderMap,
    endpoint: Option<Endpoint>,
    limit: usize,
    /// Bytes received and not yet split into lines.
    buffer: Vec<u8>,
    /// Where in `buffer` the lines not read yet start, and where the search for a line ending
    /// goes on.
    start: usize,
    scanned: usize,
    /// The event being read: its `data` lines (each followed by `\n`), its type, its retry.
    data: Option<String>,
    event: Option<String>,
    retry: Option<Duration>,
    last_id: Option<String>,
    /// The id as of the last event dispatched (the standard's "last event ID string"): what a
    /// reconnection sends as `Last-Event-ID`.
    resume_id: Option<String>,
    /// The server's last `retry`: how long to wait before reconnecting.
    reconnect_after: Option<Duration>,
    /// How to send the request again, for a stream that may reconnect.
    resume: Option<Box<Resume>>,
    /// The body has ended (lines may still be in `buffer`).
    eof: bool,
    /// The stream has ended: the body and the buffer are done, or `[DONE]` came.
    ended: bool,
}

/// What an [`EventStream`] needs to reconnect: the request (a `GET`) and the runtime to send
/// it through, and the reconnections since the last event.
struct Resume {
    runtime: Runtime,
    call: Call,
    request: reqwest::RequestBuilder,
    attempts: u32,
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("status", &self.status)
            .field("last_event_id", &self.last_id)
            .field("ended", &self.ended)
            .finish_non_exhaustive()
    }
}

/// One event of an [`EventStream`]: its decoded data, and what the server sent with it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// The event's data, decoded.
    pub data: T,
    /// The data as received: the event's `data` lines joined by `\n` (Server-Sent Events), or
    /// the line (JSON Lines).
    pub raw: String,
    /// The event's type (its `event` field), if the server named one.
    pub event: Option<String>,
    /// The last event id the server set (`id`), as of this event.
    pub id: Option<String>,
    /// How long the server asks a client to wait before reconnecting (`retry`), if it said so
    /// with this event.
    pub retry: Option<Duration>,
}

impl<T> EventStream<T> {
    /// Reads Server-Sent Events from a successful response to `call`; `request` is a copy of
    /// the request, to reconnect with, which the `*_events` methods give for a `GET` only
    /// (sending any other request again would start it anew). Any other content type means the
    /// server did not answer with events (often: the request did not ask for a stream), which
    /// is an [`Error::Decode`] carrying the body.
    #[allow(dead_code)] // Called by the `*_events` methods, which some APIs do not have.
    pub(crate) async fn sse(
        response: reqwest::Response,
        runtime: &Runtime,
        decode: fn(&str) -> Result<T, serde_json::Error>,
        call: Call,
        request: Option<reqwest::RequestBuilder>,
    ) -> Result<Self, Error> {
        let media = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or(v).trim().to_ascii_lowercase());
        let mut stream = Self::open(response, runtime, false, decode, call.endpoint);
        stream.resume = request.map(|request| {
            Box::new(Resume {
                runtime: runtime.clone(),
                call,
                request,
                attempts: 0,
            })
        });
        match media.as_deref() {
            None | Some("text/event-stream") => Ok(stream),
            Some(other) => {
                let message = format!(
                    "expected `text/event-stream`, the server answered `{other}` (does the request have to ask for a stream?)"
                );
                Err(stream.refuse(message).await)
            }
        }
    }

    /// Reads JSON Lines (one value a line; `application/json-seq`'s record separators are
    /// read as whitespace) from a successful response.
    #[allow(dead_code)] // Called by the `*_events` methods, which some APIs do not have.
    pub(crate) fn json_lines(
        response: reqwest::Response,
        runtime: &Runtime,
        decode: fn(&str) -> Result<T, serde_json::Error>,
        endpoint: Option<Endpoint>,
    ) -> Self {
        Self::open(response, runtime, true, decode, endpoint)
    }

    fn open(
        response: reqwest::Response,
        runtime: &Runtime,
        lines: bool,
        decode: fn(&str) -> Result<T, serde_json::Error>,
        endpoint: Option<Endpoint>,
    ) -> Self {
        EventStream {
            status: response.status(),
            headers: response.headers().clone(),
            body: ByteStream::new(response, runtime.idle_timeout),
            lines,
            decode,
            endpoint,
            limit: runtime.max_body_size,
            buffer: Vec::new(),
            start: 0,
            scanned: 0,
            data: None,
            event: None,
            retry: None,
            last_id: None,
            resume_id: None,
            reconnect_after: None,
            resume: None,
            eof: false,
            ended: false,
        }
    }

    /// The error for an answer that is not a stream of events: its body (up to the limit)
    /// and why.
    async fn refuse(mut self, message: String) -> Error {
        let mut body = Vec::new();
        while body.len() < self.limit {
            match self.body.next_chunk().await {
                Ok(Some(chunk)) => body.extend_from_slice(&chunk),
                _ => break,
            }
        }
        body.truncate(self.limit);
        Error::Decode {
            status: self.status,
            body: String::from_utf8_lossy(&body).into_owned(),
            source: <serde_json::Error as serde::de::Error>::custom(message),
            endpoint: self.endpoint,
            headers: Box::new(self.headers),
        }
    }

    /// The id of the last event the server set one for (`id`): send it as the
    /// `Last-Event-ID` header when reconnecting, where the API resumes from it.
    pub fn last_event_id(&self) -> Option<&str> {
        self.last_id.as_deref()
    }

    /// The response's status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response's headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The next event, or `None` at the end of the stream.
    pub async fn next_event(&mut self) -> Result<Option<Event<T>>, Error> {
        while !self.ended {
            let line = match self.next_line() {
                Some(line) => line,
                // JSON Lines may end without a line ending; an unfinished Server-Sent Event is
                // dropped, as the standard says.
                None if self.eof => {
                    self.ended = true;
                    match self.lines && self.start < self.buffer.len() {
                        true => {
                            let rest = String::from_utf8_lossy(&self.buffer[self.start..]);
                            rest.into_owned()
                        }
                        false => return Ok(None),
                    }
                }
                None => {
                    // Lines already read leave the buffer before the next piece joins it.
                    self.buffer.drain(..self.start);
                    self.scanned -= self.start;
                    self.start = 0;
                    match self.body.next_chunk().await {
                        Ok(Some(chunk)) => self.buffer.extend_from_slice(&chunk),
                        Ok(None) => self.eof = true,
                        Err(error) => self.reconnect(error).await?,
                    }
                    if self.buffer.len() > self.limit {
                        return Err(self.too_large());
                    }
                    continue;
                }
            };
            let event = match self.lines {
                true => self.json_line(line),
                false => self.sse_line(line),
            };
            if let Some(event) = event {
                return event.map(Some);
            }
        }
        Ok(None)
    }

    /// After the connection dropped with `error`: sends the request again with the last
    /// event's id as `Last-Event-ID`, when the stream may reconnect (see [`EventStream`]),
    /// and reads on from the new answer; else `error` stands.
    async fn reconnect(&mut self, error: Error) -> Result<(), Error> {
        let dropped = matches!(
            error,
            Error::Transport { .. } | Error::Timeout { .. } | Error::Idle { .. }
        );
        let (Some(mut resume), Some(id)) = (self.resume.take(), self.resume_id.clone()) else {
            return Err(error);
        };
        let allowed = dropped && resume.attempts < resume.runtime.retry.max_retries;
        let Some(request) = resume.request.try_clone().filter(|_| allowed) else {
            return Err(error);
        };
        let runtime = &resume.runtime;
        // The server's `retry`, unless it asks for longer than a `Retry-After` may.
        let delay = self
            .reconnect_after
            .filter(|asked| *asked <= runtime.retry.max_retry_after)
            .unwrap_or_else(|| runtime.retry.backoff(resume.attempts));
        tracing::info!(
            attempt = resume.attempts + 1,
            delay_ms = delay.as_millis() as u64,
            error = %error,
            "event stream dropped: reconnecting"
        );
        runtime.clock.sleep(delay).await;
        let request = request.header("last-event-id", id.as_str());
        match runtime.execute_streaming(resume.call, request).await {
            Ok(raw) if raw.status == StatusCode::NO_CONTENT => self.ended = true,
            Ok(mut raw) => match raw.live.take() {
                Some(live) => self.body = ByteStream::new(live, runtime.idle_timeout),
                None => return Err(error),
            },
            Err(_) => return Err(error),
        }
        // The event being read when the connection dropped is not dispatched.
        self.buffer.clear();
        (self.start, self.scanned) = (0, 0);
        (self.data, self.event, self.retry) = (None, None, None);
        self.last_id = Some(id);
        resume.attempts += 1;
        self.resume = Some(resume);
        Ok(())
    }

    /// The next whole line in the buffer, without its ending (`\n`, `\r\n` or `\r`).
    fn next_line(&mut self) -> Option<String> {
        let from = self.scanned.max(self.start);
        let at = self.buffer[from..]
            .iter()
            .position(|b| *b == b'\n' || *b == b'\r')
            .map(|i| i + from);
        let Some(at) = at else {
            self.scanned = self.buffer.len();
            return None;
        };
        // A `\r` last in the buffer may be the first half of `\r\n`: wait for the next byte.
        let crlf = match self.buffer[at] {
            b'\r' if at + 1 == self.buffer.len() && !self.eof => {
                self.scanned = at;
                return None;
            }
            b'\r' => self.buffer.get(at + 1) == Some(&b'\n'),
            _ => false,
        };
        let line = String::from_utf8_lossy(&self.buffer[self.start..at]).into_owned();
        self.start = at + 1 + usize::from(crlf);
        self.scanned = self.start;
        Some(line)
    }

    fn json_line(&mut self, line: String) -> Option<Result<Event<T>, Error>> {
        let text = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{1e}');
        (!text.is_empty()).then(|| self.event(text.to_string(), None, None))
    }

    /// One line of a Server-Sent Events stream; a blank line dispatches the event read so far.
    fn sse_line(&mut self, line: String) -> Option<Result<Event<T>, Error>> {
        let line = line.strip_prefix('\u{feff}').unwrap_or(&line);
        if line.is_empty() {
            let event = self.event.take();
            let retry = self.retry.take();
            // What a reconnection resumes from, as the standard's dispatch sets it.
            self.resume_id.clone_from(&self.last_id);
            let mut data = self.data.take()?;
            // An event came: the reconnections start counting again.
            if let Some(resume) = self.resume.as_mut() {
                resume.attempts = 0;
            }
            data.pop(); // the `\n` after the last `data` line
            if data == "[DONE]" {
                self.ended = true;
                return None;
            }
            return Some(self.event(data, event, retry));
        }
        if line.starts_with(':') {
            return None; // a comment (servers send them to keep the connection open)
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "data" => {
                let data = self.data.get_or_insert_with(String::new);
                data.push_str(value);
                data.push('\n');
                if data.len() > self.limit {
                    return Some(Err(self.too_large()));
                }
            }
            "event" => self.event = Some(value.to_string()),
            "id" if !value.contains('\0') => self.last_id = Some(value.to_string()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.retry = value.parse().ok().map(Duration::from_millis);
                self.reconnect_after = self.retry.or(self.reconnect_after);
            }
            _ => {} // unknown fields are ignored, as the standard says
        }
        None
    }

    /// An event longer than the limit: it is not read further.
    fn too_large(&self) -> Error {
        Error::BodyTooLarge {
            status: self.status,
            limit: self.limit,
            endpoint: self.endpoint,
            headers: Box::new(self.headers.clone()),
        }
    }

    fn event(
        &self,
        raw: String,
        event: Option<String>,
        retry: Option<Duration>,
    ) -> Result<Event<T>, Error> {
        match (self.decode)(&raw) {
            Ok(data) => Ok(Event {
                data,
                raw,
                event,
                id: self.last_id.clone(),
                retry,
            }),
            Err(source) => Err(Error::Decode {
                status: self.status,
                body: raw,
                source,
                endpoint: self.endpoint,
                headers: Box::new(self.headers.clone()),
            }),
        }
    }

    /// The events as a `Stream` (for `futures_util::StreamExt` and the like), ending after the
    /// first error (which it yields).
    pub fn into_events(
        self,
    ) -> impl futures_util::Stream<Item = Result<Event<T>, Error>> + Send + 'static
    where
        T: Send + 'static,
    {
        futures_util::stream::unfold(Some(self), |state| async move {
            let mut events = state?;
            match events.next_event().await {
                Ok(Some(event)) => Some((Ok(event), Some(events))),
                Ok(None) => None,
                Err(e) => Some((Err(e), None)),
            }
        })
    }

    /// The events' data as a `Stream`, ending after the first error (which it yields).
    pub fn into_stream(self) -> impl futures_util::Stream<Item = Result<T, Error>> + Send + 'static
    where
        T: Send + 'static,
    {
        futures_util::StreamExt::map(self.into_events(), |event| event.map(|e| e.data))
    }
}

/// A request to any endpoint, made by `Client::request`: it goes through the client like an
/// operation does (base URL, credentials, timeouts, retries, options, tracing), for endpoints
/// the spec does not describe yet. `{name}` placeholders in the path are filled by
/// [`path_param`](RawRequest::path_param), each value percent-encoded as one segment.
#[derive(Debug)]
pub struct RawRequest {
    runtime: Runtime,
    base_url: String,
    security: &'static [Requirement],
    method: Method,
    path: String,
    params: Vec<(String, String)>,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    body: Option<Result<(HeaderValue, Vec<u8>), String>>,
}

impl RawRequest {
    pub(crate) fn new(
        runtime: Runtime,
        base_url: &str,
        security: &'static [Requirement],
        method: Method,
        path: &str,
    ) -> Self {
        RawRequest {
            runtime,
            base_url: base_url.to_string(),
            security,
            method,
            path: path.to_string(),
            params: Vec::new(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
        }
    }

    /// Fills the `{name}` placeholder of the path with `value` (one segment, percent-encoded;
    /// empty, `.` and `..` are refused, since they would change the path).
    pub fn path_param(mut self, name: &str, value: impl Into<String>) -> Self {
        self.params.push((name.to_string(), value.into()));
        self
    }

    /// Adds a query parameter.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Sets a header (mark secret values with [`HeaderValue::set_sensitive`]).
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }

    /// Sends `body` as JSON.
    pub fn json<T: serde::Serialize + ?Sized>(mut self, body: &T) -> Self {
        self.body = Some(
            serde_json::to_vec(body)
                .map(|bytes| (HeaderValue::from_static("application/json"), bytes))
                .map_err(|e| format!("the body cannot be encoded: {e}")),
        );
        self
    }

    /// Sends `bytes` with this `Content-Type`.
    pub fn body(mut self, content_type: HeaderValue, bytes: impl Into<Vec<u8>>) -> Self {
        self.body = Some(Ok((content_type, bytes.into())));
        self
    }

    /// The base URL with the path appended, its placeholders filled.
    fn url(&self) -> Result<reqwest::Url, Error> {
        let mut segments = Vec::new();
        for segment in self.path.split('/').filter(|s| !s.is_empty()) {
            let value = match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => {
                    let (_, value) =
                        self.params.iter().find(|(n, _)| n == name).ok_or_else(|| {
                            Error::InvalidRequest(format!(
                                "no value for the path parameter `{name}`"
                            ))
                        })?;
                    path_segment(value)?
                }
                None => segment,
            };
            segments.push(value);
        }
        join_url(&self.base_url, &segments)
    }

    /// Sends the request; any status is an answer (check [`RawResponse::status`]).
    pub async fn send(self) -> Result<RawResponse, Error> {
        let (call, request) = self.prepare()?;
        let raw = self.runtime.execute(call, request).await?;
        Ok(RawResponse {
            status: raw.status,
            headers: raw.headers,
            body: raw.body,
        })
    }

    /// Sends the request and reads a successful answer's body as it arrives, never whole in
    /// memory (a download the spec does not describe: see [`ByteStream`]); any other status is
    /// [`Error::UnexpectedStatus`].
    pub async fn send_stream(self) -> Result<Response<ByteStream>, Error> {
        let (call, request) = self.prepare()?;
        let raw = self.runtime.execute_streaming(call, request).await?;
        match raw.live {
            Some(live) => Ok(Response {
                status: raw.status,
                headers: raw.headers,
                body: ByteStream::new(live, self.runtime.idle_timeout),
                raw: Vec::new(),
            }),
            None => Err(Error::UnexpectedStatus {
                status: raw.status,
                text: text(&raw.body),
                endpoint: None,
                headers: Box::new(raw.headers),
            }),
        }
    }

    /// The request to send, and what the runtime logs and authenticates it as.
    fn prepare(&self) -> Result<(Call, reqwest::RequestBuilder), Error> {
        let url = self.url()?;
        let mut request = self
            .runtime
            .http
            .request(self.method.clone(), url)
            .headers(self.headers.clone());
        if !self.query.is_empty() {
            request = request.query(&self.query);
        }
        if let Some(body) = self.body.clone() {
            let (content_type, bytes) = body.map_err(Error::InvalidRequest)?;
            request = request
                .header(reqwest::header::CONTENT_TYPE, content_type)
                .body(bytes);
        }
        let call = Call {
            endpoint: None,
            security: self.security,
        };
        Ok((call, request))
    }
}

/// The answer to a [`RawRequest`], whatever its status.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body as received.
    pub body: Vec<u8>,
}

impl RawResponse {
    /// The body decoded from JSON as `T` (`serde_json::Value` for any JSON).
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        decode(None, self.status, &self.body)
            .map_err(|e: Error| e.with_headers(self.headers.clone()))
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        text(&self.body)
    }
}

// The helpers the generated methods call by name (`client.rs` imports the ones it uses): they
// depend on no API, so there is one copy of each, here, which `RawRequest` and `RawResponse`
// use too.

/// Decodes a JSON body; a failure keeps the body text for diagnosis (and the answer's
/// headers, which the runtime adds).
pub(crate) fn decode<T: serde::de::DeserializeOwned>(
    endpoint: Option<Endpoint>,
    status: StatusCode,
    body: &[u8],
) -> Result<T, Error> {
    serde_json::from_slice(body).map_err(|source| decode_failure(endpoint, status, body, source))
}

/// [`decode`]'s error, made in one copy whatever the type.
fn decode_failure(
    endpoint: Option<Endpoint>,
    status: StatusCode,
    body: &[u8],
    source: serde_json::Error,
) -> Error {
    Error::Decode {
        status,
        body: text(body),
        source,
        endpoint,
        headers: Default::default(),
    }
}

/// An operation's request, made by `build` where making it can fail (a path segment that would
/// change the path, a parameter serde cannot write): what [`Runtime::send`] takes.
#[allow(dead_code)] // Called by the operations' methods of the APIs that need it.
pub(crate) fn prepare(
    build: impl FnOnce() -> Result<reqwest::RequestBuilder, Error>,
) -> Result<reqwest::RequestBuilder, Error> {
    build()
}

/// A body as text (invalid UTF-8 replaced).
pub(crate) fn text(body: &[u8]) -> String {
    String::from_utf8_lossy(body).into_owned()
}

/// A parameter value as it is written in a path, query or header: strings as they are, other
/// scalars in their JSON form, structured values as JSON text.
#[allow(dead_code)] // Called by the operations' methods of the APIs that need it.
pub(crate) fn param_text<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    text_of(serde_json::to_value(value))
}

/// [`param_text`] of a value serde has written: one copy, whatever the parameter's type.
fn text_of(value: Result<serde_json::Value, serde_json::Error>) -> Result<String, Error> {
    match value {
        Ok(serde_json::Value::String(s)) => Ok(s),
        Ok(other) => Ok(other.to_string()),
        Err(e) => Err(Error::InvalidRequest(format!(
            "parameter cannot be encoded: {e}"
        ))),
    }
}

/// An object-valued query parameter as its style writes it (the OpenAPI style
/// examples): `deepObject`, `name[key]=value` each; `form` exploded, each property a
/// parameter of its own; `form` unexploded, `spaceDelimited` and `pipeDelimited`,
/// one parameter `name=key,value,key,value` joined by `joined_by`. Absent and `null`
/// properties are left out, an array's items each count as a value of its key, and
/// a nested object (which no style defines) is JSON text.
#[allow(dead_code)] // Called by the operations' methods of the APIs that need it.
pub(crate) fn query_object<T: serde::Serialize + ?Sized>(
    name: &str,
    value: &T,
    deep: bool,
    joined_by: Option<&str>,
) -> Result<Vec<(String, String)>, Error> {
    object_pairs(name, serde_json::to_value(value), deep, joined_by)
}

/// [`query_object`] of a value serde has written: one copy, whatever the parameter's type.
fn object_pairs(
    name: &str,
    value: Result<serde_json::Value, serde_json::Error>,
    deep: bool,
    joined_by: Option<&str>,
) -> Result<Vec<(String, String)>, Error> {
    let written = |value: &serde_json::Value| match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let fields = match value {
        Ok(serde_json::Value::Object(fields)) => fields,
        // Not an object after all (a value kept as it came): one parameter.
        Ok(other) => return Ok(Vec::from([(name.to_string(), written(&other))])),
        Err(e) => {
            return Err(Error::InvalidRequest(format!(
                "parameter `{name}` cannot be encoded: {e}"
            )))
        }
    };
    let mut pairs = Vec::new();
    let mut joined = Vec::new();
    for (key, field) in &fields {
        let values = match field {
            serde_json::Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for value in values.into_iter().filter(|v| !v.is_null()) {
            match (deep, joined_by) {
                (true, _) => pairs.push((format!("{name}[{key}]"), written(value))),
                (false, None) => pairs.push((key.clone(), written(value))),
                (false, Some(_)) => joined.extend([key.clone(), written(value)]),
            }
        }
    }
    if let (false, Some(separator), false) = (deep, joined_by, joined.is_empty()) {
        pairs.push((name.to_string(), joined.join(separator)));
    }
    Ok(pairs)
}

/// A path or header value as its style writes it (the OpenAPI style examples):
/// `prefix` is empty for `simple`, `.` for `label`, `;` for `matrix`. An array's
/// items and an object's properties are joined by `,` (`key,value` pairs; exploded,
/// `key=value`), by the prefix when exploded (`label`, `matrix`); `matrix` names the
/// parameter (`;id=5`), or each property when an object is exploded (`;R=100`).
/// `null` items and properties are left out.
#[allow(dead_code)] // Called by the operations' methods of the APIs that need it.
pub(crate) fn param_styled<T: serde::Serialize + ?Sized>(
    name: &str,
    value: &T,
    prefix: &str,
    explode: bool,
) -> Result<String, Error> {
    styled(name, serde_json::to_value(value), prefix, explode)
}

/// [`param_styled`] of a value serde has written: one copy, whatever the parameter's type.
fn styled(
    name: &str,
    value: Result<serde_json::Value, serde_json::Error>,
    prefix: &str,
    explode: bool,
) -> Result<String, Error> {
    let written = |value: &serde_json::Value| match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let value = value
        .map_err(|e| Error::InvalidRequest(format!("parameter `{name}` cannot be encoded: {e}")))?;
    let keyed = value.is_object();
    let pieces: Vec<String> = match &value {
        serde_json::Value::Null => Vec::new(),
        serde_json::Value::Array(items) => {
            items.iter().filter(|v| !v.is_null()).map(written).collect()
        }
        serde_json::Value::Object(fields) => fields
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(key, v)| match explode {
                true => format!("{key}={}", written(v)),
                false => format!("{key},{}", written(v)),
            })
            .collect(),
        scalar => Vec::from([written(scalar)]),
    };
    Ok(match prefix {
        ";" if pieces.is_empty() => format!(";{name}"),
        ";" if explode => pieces
            .iter()
            .map(|piece| match keyed {
                true => format!(";{piece}"),
                false => format!(";{name}={piece}"),
            })
            .collect(),
        ";" => format!(";{name}={}", pieces.join(",")),
        "." => format!(".{}", pieces.join(if explode { "." } else { "," })),
        _ => pieces.join(","),
    })
}

/// A path segment holding a parameter value. The value is percent-encoded as one segment
/// (`a/b` → `a%2Fb`), but the URL library drops `.` and `..` segments and an empty one doubles
/// a slash: such values would send the request to another path, so they are refused.
pub(crate) fn path_segment(value: &str) -> Result<&str, Error> {
    match value {
        "" | "." | ".." => Err(Error::InvalidRequest(format!(
            "path parameter value `{value}` would change the request's path"
        ))),
        _ => Ok(value),
    }
}

/// `base_url` with `segments` appended, each percent-encoded as one path segment, so that no
/// parameter value can change the shape of the path.
pub(crate) fn join_url(base_url: &str, segments: &[&str]) -> Result<reqwest::Url, Error> {
    let invalid =
        |reason: String| Error::InvalidRequest(format!("base URL `{base_url}`: {reason}"));
    let mut url = reqwest::Url::parse(base_url).map_err(|e| invalid(e.to_string()))?;
    url.path_segments_mut()
        .map_err(|()| invalid("cannot hold a path".to_string()))?
        .pop_if_empty()
        .extend(segments);
    Ok(url)
}

/// Adds `fields` to the JSON object `request` sends (an empty object when it has no body).
fn add_body_fields(
    request: &mut reqwest::Request,
    fields: &serde_json::Map<String, serde_json::Value>,
) -> Result<(), String> {
    let mut object = match request.body() {
        None => serde_json::Map::new(),
        Some(body) => {
            let bytes = body
                .as_bytes()
                .ok_or("extra body fields need a JSON body, not a stream")?;
            match serde_json::from_slice(bytes) {
                Ok(serde_json::Value::Object(object)) => object,
                _ => return Err("extra body fields need a JSON object body".to_string()),
            }
        }
    };
    object.extend(fields.clone());
    let bytes = serde_json::to_vec(&object).map_err(|e| e.to_string())?;
    request.headers_mut().insert(
        reqwest::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    *request.body_mut() = Some(bytes.into());
    Ok(())
}

/// Redirects are followed (up to 10) only within the origin of the request: a redirect to
/// another scheme, host or port is not followed, and its 3xx answer is returned as it is. The
/// client adds credentials (an API key in any header, a bearer token) to every request, and
/// reqwest strips only `Authorization` and cookies on a cross-host redirect: following one would
/// hand the key to whichever host the `Location` names. A client given through
/// `with_http_client` keeps its own redirect policy: build it with this one
/// (`reqwest::Client::builder().redirect(same_origin_redirects())`) to keep that guarantee.
pub fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let origin = |url: &reqwest::Url| {
            (
                url.scheme().to_string(),
                url.host_str().map(str::to_string),
                url.port_or_known_default(),
            )
        };
        let same = attempt
            .previous()
            .first()
            .is_some_and(|first| origin(first) == origin(attempt.url()));
        if !same {
            attempt.stop()
        } else if attempt.previous().len() > 10 {
            attempt.error("too many redirects")
        } else {
            attempt.follow()
        }
    })
}

/// A transport error names its URL; the query is cut from it, because an API may take its key
/// as a query parameter, and errors get displayed and logged.
fn without_query(mut error: reqwest::Error) -> reqwest::Error {
    if let Some(url) = error.url_mut() {
        url.set_query(None);
    }
    error
}

/// An auto-paging stream: fetches page after page with `fetch` (given the page number) and
/// yields their items one by one, ending as `paging` says or at the first error (which it
/// yields). It serves any page-numbered call the generated `pages()` streams do not cover.
pub fn pages<T, E, F, Fut>(
    paging: Paging,
    mut fetch: F,
) -> impl futures_util::Stream<Item = Result<T, Error<E>>> + Send + 'static
where
    T: Send + 'static,
    E: Send + 'static,
    F: FnMut(i64) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Vec<T>, Error<E>>> + Send + 'static,
{
    walk(paging.first_page, move |page| {
        let fetched = fetch(page);
        async move {
            let items = fetched.await?;
            let next = paging.next_page(page, items.len());
            Ok((items, next))
        }
    })
}

/// The walk under every `pages()` stream: `fetch` gets where a page starts (a page number, an
/// offset, a cursor) and answers with its items and where the next page starts (`None`: it
/// was the last). Items are yielded one by one; an error is the last item.
pub fn walk<S, T, E, F, Fut>(
    first: S,
    fetch: F,
) -> impl futures_util::Stream<Item = Result<T, Error<E>>> + Send + 'static
where
    S: Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
    F: FnMut(S) -> Fut + Send + 'static,
    Fut: Future<Output = Result<(Vec<T>, Option<S>), Error<E>>> + Send,
{
    struct State<S, T, F> {
        fetch: F,
        next: Option<S>,
        items: VecDeque<T>,
    }
    let state = State {
        fetch,
        next: Some(first),
        items: VecDeque::new(),
    };
    futures_util::stream::unfold(state, move |mut state| async move {
        loop {
            if let Some(item) = state.items.pop_front() {
                return Some((Ok(item), state));
            }
            let start = state.next.take()?;
            match (state.fetch)(start).await {
                Ok((items, next)) => {
                    tracing::debug!(items = items.len(), last = next.is_none(), "page");
                    state.next = next;
                    state.items = items.into();
                }
                Err(e) => return Some((Err(e), state)),
            }
        }
    })
}

impl Paging {
    /// The page after `page`, which held `items` items; `None` when the end rule says it was
    /// the last.
    pub fn next_page(&self, page: i64, items: usize) -> Option<i64> {
        let last = match self.end {
            PageEnd::EmptyPage => items == 0,
            PageEnd::ShorterThan(size) => items < size || items == 0,
        };
        if last {
            None
        } else {
            page.checked_add(1)
        }
    }
}

/// The offset after a page that started at `offset` and held `items` items; `None` after an
/// empty page.
pub fn next_offset(offset: i64, items: usize) -> Option<i64> {
    match items {
        0 => None,
        n => offset.checked_add(i64::try_from(n).ok()?),
    }
}

/// The cursor of the page after one asked for with `cursor`: the `next` the response gave,
/// unless it gave none (or an empty one), said `has_more: false`, held no items, or gave the
/// same cursor again (a server that would loop forever). `Some(None)` never happens: the
/// outer `Option` is whether there is a next page.
pub fn next_cursor(
    cursor: Option<&str>,
    next: Option<String>,
    has_more: bool,
    empty: bool,
) -> Option<Option<String>> {
    let next = next.filter(|n| !n.is_empty() && Some(n.as_str()) != cursor)?;
    (has_more && !empty).then_some(Some(next))
}

/// The link to the page after one fetched from `current` (`None`: the first page): the
/// `next` the response gave (a `Link: <url>; rel="next"` header's, or a body field's), unless
/// it gave none, held no items, or linked to the same page again.
pub fn next_link(
    current: Option<&str>,
    next: Option<String>,
    empty: bool,
) -> Option<Option<String>> {
    let next = next.filter(|n| !n.is_empty() && Some(n.as_str()) != current)?;
    (!empty).then_some(Some(next))
}

/// The URL of the page a next link leads to from the request's `current` one. A link
/// (absolute, or relative to `current`) as URLs resolve; a bare query string (`page=2`: some
/// `=` and no `/`, which as a relative path would only name a sibling of the list) sets the
/// parameters it names and keeps the request's others (its filters, its page size).
pub(crate) fn next_page_url(current: &reqwest::Url, next: &str) -> Result<reqwest::Url, String> {
    let bare_query = next.contains('=') && !next.contains('/') && !next.starts_with(['?', '#']);
    if !bare_query {
        return current.join(next).map_err(|e| e.to_string());
    }
    let mut given = current.clone();
    given.set_query(Some(next));
    let set: Vec<(String, String)> = given.query_pairs().into_owned().collect();
    let kept: Vec<(String, String)> = current
        .query_pairs()
        .into_owned()
        .filter(|(name, _)| !set.iter().any(|(n, _)| n == name))
        .collect();
    let mut url = current.clone();
    url.query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .extend_pairs(set);
    Ok(url)
}

/// The `rel="next"` target of a `Link` header (RFC 8288), as GitHub and others page.
pub fn link_header_next(headers: &HeaderMap) -> Option<String> {
    for value in headers.get_all(reqwest::header::LINK) {
        let Ok(value) = value.to_str() else { continue };
        let mut rest = value;
        while let Some(start) = rest.find('<') {
            let after = &rest[start + 1..];
            let Some(end) = after.find('>') else { break };
            let target = &after[..end];
            let params_end = after[end..].find('<').map_or(after.len(), |i| end + i);
            let params = &after[end + 1..params_end];
            let is_next = params.split(';').any(|param| {
                let Some((name, value)) = param.split_once('=') else {
                    return false;
                };
                name.trim().eq_ignore_ascii_case("rel")
                    && value
                        .trim()
                        .trim_end_matches(',')
                        .trim_end()
                        .trim_matches('"')
                        .split_ascii_whitespace()
                        .any(|rel| rel.eq_ignore_ascii_case("next"))
            });
            if is_next {
                return Some(target.to_string());
            }
            rest = &after[params_end..];
        }
    }
    None
}
