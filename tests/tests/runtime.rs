//! The generated runtime against a local HTTP server (wiremock): how often a request is sent,
//! how long the client waits in between, and what it logs. Waits go through a recording clock
//! that returns at once, so no test sleeps and none depends on timing.

use gcore_streaming::runtime::{retry_after, Clock};
use gcore_streaming::{Client, Error, RequestOptions, RetryPolicy};
use operations_client::models::Thing;
use serde_json::json;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use wiremock::matchers::{any, method, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A clock that records each wait instead of sleeping, and whose `now` is fixed.
#[derive(Debug, Clone)]
struct RecordingClock {
    now: SystemTime,
    waits: Arc<Mutex<Vec<Duration>>>,
}

impl RecordingClock {
    fn new() -> Self {
        RecordingClock {
            // 2024-05-24T14:00:00Z, the spec's own example instant.
            now: SystemTime::UNIX_EPOCH + Duration::from_secs(1_716_559_200),
            waits: Arc::default(),
        }
    }

    fn waits(&self) -> Vec<Duration> {
        self.waits.lock().expect("lock").clone()
    }
}

// Each generated crate carries its own copy of the runtime, so its own `Clock` trait.
macro_rules! recording_clock_is_a {
    ($clock:path) => {
        impl $clock for RecordingClock {
            fn now(&self) -> SystemTime {
                self.now
            }

            fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
                self.waits.lock().expect("lock").push(duration);
                Box::pin(std::future::ready(()))
            }
        }
    };
}
recording_clock_is_a!(Clock);
recording_clock_is_a!(operations_client::runtime::Clock);

fn ms(millis: u64) -> Duration {
    Duration::from_millis(millis)
}

/// A server answering every request with `status` (and `headers`), forever.
async fn always(status: u16, headers: &[(&str, &str)]) -> MockServer {
    let server = MockServer::start().await;
    let mut response = ResponseTemplate::new(status).set_body_json(json!({"error": "busy"}));
    for (name, value) in headers {
        response = response.insert_header(*name, *value);
    }
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// A server answering `status` (with `headers`) once, then `200 []`.
async fn once_then_ok(status: u16, headers: &[(&str, &str)]) -> MockServer {
    let server = MockServer::start().await;
    let mut response = ResponseTemplate::new(status);
    for (name, value) in headers {
        response = response.insert_header(*name, *value);
    }
    Mock::given(any())
        .respond_with(response)
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    server
}

async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.expect("recording is on")
}

fn clips_client(server: &MockServer, clock: &RecordingClock) -> Client {
    Client::new("secret-key")
        .unwrap()
        .with_base_url(server.uri())
        .with_clock(clock.clone())
}

/// Backoff without jitter, so the exact sequence can be checked.
fn exact() -> RetryPolicy {
    RetryPolicy::new().jitter(false)
}

#[tokio::test]
async fn a_503_is_retried_twice_with_doubling_backoff_then_reported() {
    let server = always(503, &[]).await;
    let clock = RecordingClock::new();
    let client = clips_client(&server, &clock).with_retry_policy(exact());
    let error = client
        .streams()
        .clips()
        .list(42)
        .await
        .expect_err("503 every time");
    assert_eq!(requests(&server).await.len(), 3, "1 attempt + 2 retries");
    assert_eq!(clock.waits(), [ms(500), ms(1000)]);
    assert!(
        matches!(&error, Error::UnexpectedStatus { status, .. } if status.as_u16() == 503),
        "{error:?}"
    );
    assert!(error.is_retryable());
    assert_eq!(error.raw_body(), Some(r#"{"error":"busy"}"#));
}

#[tokio::test]
async fn backoff_doubles_up_to_the_8_second_cap() {
    let server = always(500, &[]).await;
    let clock = RecordingClock::new();
    let client = clips_client(&server, &clock).with_retry_policy(exact().max_retries(6));
    client.streams().clips().list(42).await.expect_err("500");
    assert_eq!(requests(&server).await.len(), 7);
    let seconds: Vec<f64> = clock.waits().iter().map(Duration::as_secs_f64).collect();
    assert_eq!(seconds, [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]);
}

#[tokio::test]
async fn jitter_shortens_each_wait_by_at_most_a_quarter() {
    let server = always(502, &[]).await;
    let clock = RecordingClock::new();
    let client = clips_client(&server, &clock).with_retry_policy(RetryPolicy::new().max_retries(5));
    client.streams().clips().list(42).await.expect_err("502");
    let policy = RetryPolicy::new();
    let waits = clock.waits();
    assert_eq!(waits.len(), 5);
    for (retry, wait) in waits.iter().enumerate() {
        let full = policy.backoff(retry as u32);
        assert!(
            *wait <= full && *wait >= full.mul_f64(0.75),
            "retry {retry}: {wait:?} not within 75–100 % of {full:?}"
        );
    }
}

#[tokio::test]
async fn every_retryable_status_is_retried_and_others_are_not() {
    for status in [408, 409, 429, 500, 502, 503, 504] {
        let server = once_then_ok(status, &[]).await;
        let clock = RecordingClock::new();
        let clips = clips_client(&server, &clock)
            .streams()
            .clips()
            .list(42)
            .await
            .unwrap_or_else(|e| panic!("{status} then 200: {e}"));
        assert!(clips.is_empty());
        assert_eq!(requests(&server).await.len(), 2, "{status} is retried");
    }
    for status in [400, 401, 403, 404, 422] {
        let server = always(status, &[]).await;
        let clock = RecordingClock::new();
        let error = clips_client(&server, &clock)
            .streams()
            .clips()
            .list(42)
            .await
            .expect_err("an error status");
        assert_eq!(requests(&server).await.len(), 1, "{status} is not retried");
        assert!(clock.waits().is_empty());
        assert!(!error.is_retryable(), "{status}");
    }
}

#[tokio::test]
async fn retry_after_in_seconds_replaces_the_backoff() {
    let server = once_then_ok(429, &[("retry-after", "3")]).await;
    let clock = RecordingClock::new();
    clips_client(&server, &clock)
        .streams()
        .clips()
        .list(42)
        .await
        .expect("429 then 200");
    assert_eq!(clock.waits(), [Duration::from_secs(3)]);
}

#[tokio::test]
async fn retry_after_as_an_http_date_waits_until_that_date() {
    let clock = RecordingClock::new();
    let date = httpdate(clock.now + Duration::from_secs(7));
    let server = once_then_ok(503, &[("retry-after", &date)]).await;
    clips_client(&server, &clock)
        .streams()
        .clips()
        .list(42)
        .await
        .expect("503 then 200");
    assert_eq!(clock.waits(), [Duration::from_secs(7)]);
}

#[tokio::test]
async fn retry_after_ms_is_honoured_before_retry_after() {
    let server = once_then_ok(429, &[("retry-after-ms", "250"), ("retry-after", "9")]).await;
    let clock = RecordingClock::new();
    clips_client(&server, &clock)
        .streams()
        .clips()
        .list(42)
        .await
        .expect("429 then 200");
    assert_eq!(clock.waits(), [ms(250)]);
}

#[tokio::test]
async fn a_retry_after_beyond_the_limit_falls_back_to_the_backoff() {
    let server = once_then_ok(503, &[("retry-after", "3600")]).await;
    let clock = RecordingClock::new();
    clips_client(&server, &clock)
        .with_retry_policy(exact())
        .streams()
        .clips()
        .list(42)
        .await
        .expect("503 then 200");
    assert_eq!(clock.waits(), [ms(500)]);
}

#[test]
fn retry_after_parsing() {
    let now = RecordingClock::new().now;
    let headers = |name: &'static str, value: &str| {
        let mut map = reqwest::header::HeaderMap::new();
        map.insert(name, value.parse().expect("header value"));
        map
    };
    let parse = |name, value: &str| retry_after(&headers(name, value), now);
    assert_eq!(parse("retry-after", "0"), Some(Duration::ZERO));
    assert_eq!(parse("retry-after", "1.5"), Some(ms(1500)));
    assert_eq!(parse("retry-after-ms", "20"), Some(ms(20)));
    // A date already past means "now".
    assert_eq!(
        parse("retry-after", &httpdate(now - Duration::from_secs(5))),
        Some(Duration::ZERO)
    );
    assert_eq!(parse("retry-after", "soon"), None);
    assert_eq!(parse("retry-after", "-1"), None);
}

#[tokio::test]
async fn connection_failures_are_retried_for_any_method() {
    let clock = RecordingClock::new();
    let client = operations_client::Client::new("k")
        .unwrap()
        .with_base_url(workspace_tests::closed_local_url())
        .with_clock(clock.clone());
    let error = client
        .things()
        .create("lamp")
        .await
        .expect_err("nothing listens");
    assert!(
        matches!(error, operations_client::Error::Transport { .. }),
        "{error:?}"
    );
    assert!(error.is_retryable());
    assert_eq!(
        clock.waits().len(),
        2,
        "a POST that never connected is safe to resend"
    );
}

#[tokio::test]
async fn a_post_is_not_retried_on_5xx_but_is_on_429_with_the_same_body() {
    let server = always(503, &[]).await;
    let clock = RecordingClock::new();
    let client = operations_client::Client::new("k")
        .unwrap()
        .with_base_url(server.uri())
        .with_clock(clock.clone());
    client.things().create("lamp").await.expect_err("503");
    assert_eq!(
        requests(&server).await.len(),
        1,
        "a POST may have taken effect"
    );

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": 7, "name": "lamp"})))
        .mount(&server)
        .await;
    let created = client
        .with_base_url(server.uri())
        .things()
        .create("lamp")
        .await
        .expect("429, 429, then 201");
    assert_eq!(created, Thing::new(7, "lamp"));
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 3);
    for request in &sent {
        assert_eq!(
            request.body, br#"{"name":"lamp"}"#,
            "every attempt sends the body"
        );
    }
}

#[tokio::test]
async fn retry_non_idempotent_retries_a_post_on_5xx() {
    let server = always(503, &[]).await;
    let clock = RecordingClock::new();
    operations_client::Client::new("k")
        .unwrap()
        .with_base_url(server.uri())
        .with_clock(clock.clone())
        .with_retry_policy(operations_client::RetryPolicy::new().retry_non_idempotent(true))
        .things()
        .create("lamp")
        .await
        .expect_err("503");
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn a_timeout_is_retried_then_reported_as_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([]))
                .set_delay(Duration::from_secs(30)),
        )
        .mount(&server)
        .await;
    let clock = RecordingClock::new();
    let client = clips_client(&server, &clock).with_timeout(ms(50));
    let error = client
        .streams()
        .clips()
        .list(42)
        .await
        .expect_err("the server is too slow");
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert!(error.is_retryable());
    assert_eq!(clock.waits().len(), 2);
}

#[tokio::test]
async fn per_call_options_set_headers_timeout_and_retries_for_that_call_only() {
    let server = always(503, &[]).await;
    let clock = RecordingClock::new();
    let client = clips_client(&server, &clock);
    let options = RequestOptions::new()
        .max_retries(0)
        .timeout(Duration::from_secs(5))
        .header(
            reqwest::header::HeaderName::from_static("x-request-id"),
            reqwest::header::HeaderValue::from_static("abc-1"),
        );
    client
        .with_options(options)
        .streams()
        .clips()
        .list(42)
        .await
        .expect_err("503");
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 1, "max_retries(0): sent once");
    assert_eq!(
        sent[0].headers.get("x-request-id").map(|v| v.as_bytes()),
        Some(&b"abc-1"[..])
    );
    assert!(sent[0].headers.get("authorization").is_some());

    // The client the options were applied to is unchanged.
    client.streams().clips().list(42).await.expect_err("503");
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 4, "the original client still retries twice");
    assert!(sent[1..]
        .iter()
        .all(|r| r.headers.get("x-request-id").is_none()));
}

/// A `tracing` subscriber writing into a buffer, for the calls made while `guard` lives.
fn capture() -> (Arc<Mutex<Vec<u8>>>, tracing::subscriber::DefaultGuard) {
    #[derive(Clone)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Buffer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("lock").extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buffer = Arc::new(Mutex::new(Vec::new()));
    let writer = Buffer(buffer.clone());
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    (buffer, tracing::subscriber::set_default(subscriber))
}

#[tokio::test]
async fn each_attempt_is_traced_with_the_path_template_and_never_the_key() {
    let (buffer, _guard) = capture();
    let server = once_then_ok(503, &[]).await;
    let clock = RecordingClock::new();
    clips_client(&server, &clock)
        .streams()
        .clips()
        .list(42)
        .await
        .expect("503 then 200");
    let log = String::from_utf8(buffer.lock().expect("lock").clone()).expect("UTF-8");
    for expected in [
        "operation=\"get_streams_id_clip_recording\"",
        "method=GET",
        "path=\"/streaming/streams/{stream_id}/clip_recording\"",
        "attempt=1 status=503",
        "retrying",
        "attempt=2 status=200",
    ] {
        assert!(log.contains(expected), "`{expected}` missing from:\n{log}");
    }
    assert!(!log.contains("secret-key"), "the API key leaked:\n{log}");
    assert!(
        !log.to_lowercase().contains("apikey "),
        "the auth header leaked:\n{log}"
    );
}

/// A server with `pages` of things (page 1 first), answering later pages with `[]`.
async fn paged(pages: &[&[i64]]) -> MockServer {
    let server = MockServer::start().await;
    for (index, ids) in pages.iter().enumerate() {
        let things: Vec<_> = ids
            .iter()
            .map(|id| json!({"id": id, "name": "t"}))
            .collect();
        Mock::given(method("GET"))
            .and(query_param("page", (index + 1).to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(things))
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    server
}

fn paged_client(server: &MockServer) -> operations_client::Client {
    operations_client::Client::new("k")
        .unwrap()
        .with_base_url(server.uri())
}

async fn collect_ids(
    stream: impl futures_util::Stream<Item = Result<Thing, operations_client::Error>>,
) -> Vec<Result<i64, String>> {
    use futures_util::StreamExt;
    stream
        .map(|item| item.map(|t| t.id).map_err(|e| e.to_string()))
        .collect()
        .await
}

#[tokio::test]
async fn the_page_stream_walks_pages_until_an_empty_one() {
    let server = paged(&[&[1, 2], &[3, 4], &[5]]).await;
    let ids = collect_ids(paged_client(&server).things().list().search("t").pages()).await;
    assert_eq!(ids, [Ok(1), Ok(2), Ok(3), Ok(4), Ok(5)]);
    let sent = requests(&server).await;
    let pages: Vec<String> = sent
        .iter()
        .map(|r| r.url.query().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        pages,
        [
            "page=1&search=t",
            "page=2&search=t",
            "page=3&search=t",
            "page=4&search=t"
        ]
    );
}

#[tokio::test]
async fn a_known_page_size_saves_the_final_empty_request() {
    let server = paged(&[&[1, 2], &[3, 4], &[5]]).await;
    let client = paged_client(&server).with_paging(operations_client::Paging {
        first_page: 1,
        end: operations_client::PageEnd::ShorterThan(2),
    });
    let ids = collect_ids(client.things().list().pages()).await;
    assert_eq!(ids.len(), 5);
    assert_eq!(
        requests(&server).await.len(),
        3,
        "page 3 is short: the last"
    );
}

#[tokio::test]
async fn an_error_ends_the_page_stream() {
    let server = MockServer::start().await;
    Mock::given(query_param("page", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"id": 1, "name": "t"}])))
        .mount(&server)
        .await;
    Mock::given(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"detail": "bad page"})))
        .mount(&server)
        .await;
    let ids = collect_ids(paged_client(&server).things().list().pages()).await;
    assert_eq!(ids.len(), 2);
    assert_eq!(ids[0], Ok(1));
    assert!(ids[1].is_err(), "{:?}", ids[1]);
    assert_eq!(requests(&server).await.len(), 2, "nothing after the error");
}

/// An HTTP date (`Fri, 24 May 2024 14:00:07 GMT`).
fn httpdate(time: SystemTime) -> String {
    httpdate::fmt_http_date(time)
}

#[tokio::test]
async fn a_transport_error_shows_the_url_without_its_query() {
    // Some APIs take their key as a query parameter: errors are displayed and logged, so the
    // query must not be in them.
    let url = workspace_tests::closed_local_url();
    let client = operations_client::Client::new("k")
        .unwrap()
        .with_base_url(&url)
        .with_max_retries(0);
    let error = client
        .things()
        .list()
        .search("hunter2")
        .await
        .expect_err("nothing listens");
    let text = format!("{error} / {error:?}");
    assert!(text.contains(&format!("{url}/things")), "{text}");
    assert!(!text.contains("hunter2"), "{text}");
}

#[tokio::test]
async fn a_page_stream_keeps_the_arguments_and_set_values_on_every_page() {
    let server = MockServer::start().await;
    Mock::given(query_param("page", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!(["a", "b"])))
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    use futures_util::StreamExt;
    let books: Vec<_> = paged_client(&server)
        .shelves()
        .books()
        .list("top shelf")
        .signed(true)
        .pages()
        .collect()
        .await;
    let books: Vec<String> = books.into_iter().map(|b| b.expect("a book")).collect();
    assert_eq!(books, ["a", "b"]);
    let sent: Vec<String> = requests(&server)
        .await
        .iter()
        .map(|r| format!("{}?{}", r.url.path(), r.url.query().unwrap_or("")))
        .collect();
    assert_eq!(
        sent,
        [
            "/shelves/top%20shelf/books?page=1&signed=true",
            "/shelves/top%20shelf/books?page=2&signed=true"
        ]
    );
}

/// A body longer than the limit is not read to the end: `BodyTooLarge` with the status; one
/// within the limit decodes as usual. (The default limit is `DEFAULT_MAX_BODY_SIZE`.)
#[tokio::test]
async fn a_response_body_beyond_the_limit_is_refused() {
    let server = MockServer::start().await;
    // A JSON array of 300 000 zeros: about 600 KB.
    let big = format!("[{}0]", "0,".repeat(300_000));
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(big.clone(), "application/json"))
        .mount(&server)
        .await;
    let clock = RecordingClock::new();
    let client = clips_client(&server, &clock);
    let limited = client.with_options(RequestOptions::new().max_body_size(100_000));
    let error = limited
        .streams()
        .clips()
        .list(42)
        .await
        .expect_err("over the limit");
    assert!(
        matches!(&error, Error::BodyTooLarge { status, limit: 100_000, .. } if status.as_u16() == 200),
        "{error:?}"
    );
    assert!(!error.is_retryable());
    assert_eq!(
        gcore_streaming::runtime::DEFAULT_MAX_BODY_SIZE,
        64 * 1024 * 1024
    );
    // Within the limit the same body is read (and fails to decode as clips, as it should).
    let roomy = client.with_options(RequestOptions::new().max_body_size(big.len()));
    let error = roomy
        .streams()
        .clips()
        .list(42)
        .await
        .expect_err("not clips");
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
}

/// An error's message is one line naming the operation (method, path template, operationId)
/// and the status, with the body shortened; the whole body stays available.
#[tokio::test]
async fn an_error_message_shortens_the_body_to_one_line() {
    let server = MockServer::start().await;
    let page = format!("<html>\n<body>{}</body>\n</html>", "x".repeat(5000));
    Mock::given(any())
        .respond_with(ResponseTemplate::new(418).set_body_string(page.clone()))
        .mount(&server)
        .await;
    let error = Client::new("k")
        .unwrap()
        .with_base_url(server.uri())
        .streams()
        .clips()
        .list(1)
        .await
        .expect_err("418");
    let message = error.to_string();
    assert!(
        message.starts_with(
            "GET /streaming/streams/{stream_id}/clip_recording (get_streams_id_clip_recording): \
             the server answered 418 I'm a teapot, which the API does not declare: <html> <body>xxx"
        ),
        "{message}"
    );
    assert_eq!(
        error.endpoint().map(|e| e.operation),
        Some("get_streams_id_clip_recording")
    );
    assert!(!message.contains('\n'), "{message}");
    assert!(message.len() < 400, "{message}");
    assert!(
        message.ends_with(&format!("… ({} bytes)", page.len())),
        "{message}"
    );
    assert_eq!(error.raw_body(), Some(page.as_str()));
}
