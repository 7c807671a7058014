//! The generated Gcore client against a local HTTP server (wiremock): the exact request it
//! sends, and how it decodes each kind of response. Bodies come from the spec's own examples.

use gcore_streaming::client::StreamsClipsListError;
use gcore_streaming::models::{ClipId, NotFound};
use gcore_streaming::{Client, Error};
use serde_json::{json, Value};
use std::time::Duration;
use wiremock::matchers::{any, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use workspace_tests::{root, spec_value};

const CLIPS_PATH: &str = "/streaming/streams/42/clip_recording";

/// The clip example the spec gives: `clipId`'s own members plus the `clipBase` it includes.
fn spec_clip_example() -> Value {
    let spec = root().join("spec/streaming_api.yaml");
    let mut clip = spec_value(&spec, "#/components/schemas/clipId/allOf/0/example");
    let base = spec_value(&spec, "#/components/schemas/clipBase/example");
    let (Value::Object(clip_fields), Value::Object(base_fields)) = (&mut clip, base) else {
        panic!("examples are objects");
    };
    clip_fields.extend(base_fields);
    clip
}

async fn server_answering(status: u16, body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(CLIPS_PATH))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::new("secret-key")
        .unwrap()
        .with_base_url(server.uri())
}

#[tokio::test]
async fn sends_get_to_the_templated_path_with_the_api_key() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(CLIPS_PATH))
        .and(header("authorization", "apikey secret-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(1)
        .mount(&server)
        .await;
    let clips = client(&server)
        .streams()
        .clips()
        .list(42)
        .await
        .expect("200 with []");
    assert!(clips.is_empty());
}

#[tokio::test]
async fn a_key_given_with_its_scheme_word_is_not_prefixed_twice() {
    let server = MockServer::start().await;
    Mock::given(header("authorization", "apikey 1234$abcdef"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new("apikey 1234$abcdef")
        .unwrap()
        .with_base_url(server.uri());
    client.streams().clips().list(42).await.expect("200");
}

#[tokio::test]
async fn decodes_the_spec_example_and_round_trips_it() {
    let example = spec_clip_example();
    let server = server_answering(200, json!([example.clone()])).await;
    let clips = client(&server)
        .streams()
        .clips()
        .list(42)
        .await
        .expect("decodes");
    assert_eq!(clips.len(), 1);
    let clip = &clips[0];
    assert_eq!(clip.id, "d7bsli54p8n4");
    assert_eq!(clip.duration, 60);
    assert_eq!(clip.start, Some(1716559200));
    assert_eq!(clip.vod_required, Some(true));
    assert_eq!(clip.renditions.as_ref().map(Vec::len), Some(4));
    assert_eq!(serde_json::to_value(clip).expect("serialises"), example);
}

#[tokio::test]
async fn a_404_is_the_typed_not_found_error() {
    let example = spec_value(
        &root().join("spec/streaming_api.yaml"),
        "#/components/schemas/notfound/allOf/1/example",
    );
    let server = server_answering(404, example.clone()).await;
    let error = client(&server)
        .streams()
        .clips()
        .list(42)
        .await
        .expect_err("404");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    let expected: NotFound = serde_json::from_value(example).expect("example decodes");
    match error {
        Error::Api {
            body: StreamsClipsListError::NotFound(not_found),
            text,
            ..
        } => {
            assert_eq!(not_found, expected);
            assert_eq!(not_found.status, Some(404));
            assert!(text.contains("Not Found"));
        }
        other => panic!("expected the typed 404, got {other:?}"),
    }
}

#[tokio::test]
async fn an_undeclared_status_keeps_status_and_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).set_body_string("upstream down"))
        .mount(&server)
        .await;
    match client(&server).streams().clips().list(42).await {
        Err(Error::UnexpectedStatus { status, text, .. }) => {
            assert_eq!(status.as_u16(), 503);
            assert_eq!(text, "upstream down");
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
}

#[tokio::test]
async fn a_body_that_does_not_match_the_schema_is_a_decode_error_with_the_text() {
    // `duration` is required by clipBase.
    let server = server_answering(200, json!([{ "id": "x" }])).await;
    match client(&server).streams().clips().list(42).await {
        Err(Error::Decode {
            status,
            body,
            source,
            ..
        }) => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(body, r#"[{"id":"x"}]"#);
            assert!(source.to_string().contains("duration"), "{source}");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn a_connection_failure_is_a_transport_error() {
    // Retrying is tested in runtime.rs; here only the kind of error matters.
    let client = Client::new("k")
        .unwrap()
        .with_base_url(workspace_tests::closed_local_url())
        .with_max_retries(0);
    match client.streams().clips().list(42).await {
        Err(Error::Transport { source: e, .. }) => assert!(e.is_connect() || e.is_request(), "{e}"),
        other => panic!("expected Transport, got {other:?}"),
    }
}

#[tokio::test]
async fn an_invalid_base_url_is_reported_not_panicked_on() {
    let client = Client::new("k").unwrap().with_base_url("not a url");
    match client.streams().clips().list(42).await {
        Err(Error::InvalidRequest(reason)) => assert!(reason.contains("not a url"), "{reason}"),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}

#[tokio::test]
async fn a_request_polled_again_after_it_answered_is_an_error_not_a_panic() {
    use std::future::Future;
    let client = Client::new("k").unwrap().with_base_url("not a url");
    let mut pending = client.streams().clips().list(42).with_response();
    let waker = std::task::Waker::noop();
    let mut cx = std::task::Context::from_waker(waker);
    let mut poll = || std::pin::Pin::new(&mut pending).poll(&mut cx);
    // Refused when built (the base URL), so it answers at the first poll.
    match poll() {
        std::task::Poll::Ready(Err(Error::InvalidRequest(reason))) => {
            assert!(reason.contains("not a url"), "{reason}")
        }
        other => panic!("expected the refusal, got {other:?}"),
    }
    match poll() {
        std::task::Poll::Ready(Err(Error::InvalidRequest(reason))) => {
            assert!(reason.contains("polled again"), "{reason}")
        }
        other => panic!("expected an error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_request_is_a_send_future_sent_when_awaited_that_outlives_its_resource_handle() {
    fn assert_send<T: Send>(_: &T) {}
    let server = server_answering(200, json!([])).await;
    let client = client(&server);
    // The handle `streams().clips()` is a temporary: the request borrows the client only.
    let pending = client.streams().clips().list(42);
    let with_response = client.streams().clips().list(42).with_response();
    assert_send(&pending);
    assert_send(&with_response);
    drop(with_response);
    let received = server.received_requests().await.unwrap_or_default();
    assert!(received.is_empty(), "nothing is sent before the first poll");
    assert!(pending.await.expect("200 with []").is_empty());
}

#[tokio::test]
async fn a_base_url_with_a_path_prefix_keeps_it() {
    let server = MockServer::start().await;
    Mock::given(path(format!("/proxy{CLIPS_PATH}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new("k")
        .unwrap()
        .with_base_url(format!("{}/proxy/", server.uri()));
    client.streams().clips().list(42).await.expect("200");
}

#[test]
fn debug_output_never_shows_the_api_key() {
    let client = Client::new("super-secret-value").unwrap();
    let debug = format!("{client:?}");
    assert!(!debug.contains("super-secret-value"), "{debug}");
    assert!(debug.contains("<redacted>"), "{debug}");
}

#[test]
fn defaults_to_the_first_server_of_the_spec() {
    let servers = spec_value(&root().join("spec/streaming_api.yaml"), "#/servers/0/url");
    assert_eq!(Some(Client::new("k").unwrap().base_url()), servers.as_str());
    assert_eq!(
        gcore_streaming::client::DEFAULT_BASE_URL,
        "https://api.gcore.com"
    );
}

#[test]
fn from_env_reads_the_key_and_the_optional_base_url() {
    // The only test that touches these variables, so it cannot race another test.
    std::env::remove_var("GCORE_API_KEY");
    std::env::remove_var("GCORE_BASE_URL");
    match Client::from_env() {
        Err(gcore_streaming::ConfigError::Env { name, .. }) => assert_eq!(name, "GCORE_API_KEY"),
        other => panic!("expected a missing-variable error, got {other:?}"),
    }
    std::env::set_var("GCORE_API_KEY", "from-env");
    let client = Client::from_env().expect("key set");
    assert_eq!(client.base_url(), "https://api.gcore.com");
    std::env::set_var("GCORE_BASE_URL", "http://127.0.0.1:9");
    let client = Client::from_env().expect("key set");
    assert_eq!(client.base_url(), "http://127.0.0.1:9");
    assert!(!format!("{client:?}").contains("from-env"));
    std::env::remove_var("GCORE_API_KEY");
    std::env::remove_var("GCORE_BASE_URL");
}

#[test]
fn clip_requires_id_and_duration() {
    let missing_duration = serde_json::from_value::<ClipId>(json!({ "id": "a" }));
    assert!(missing_duration.is_err());
    let minimal: ClipId =
        serde_json::from_value(json!({ "id": "a", "duration": 5 })).expect("minimal clip");
    // The spec's `default: true` is never fabricated: what the server left out stays `None`
    // (and is not sent back), and the accessor gives the value the API means by that.
    assert_eq!(minimal.vod_required, None);
    assert!(minimal.vod_required_or_default());
    assert_eq!(minimal.start, None);
    assert_eq!(
        serde_json::to_value(&minimal).expect("serialises"),
        json!({ "id": "a", "duration": 5 })
    );
    // A value the server sent wins over the default.
    let sent: ClipId =
        serde_json::from_value(json!({ "id": "b", "duration": 7, "vod_required": false }))
            .expect("decodes");
    assert_eq!(sent.vod_required, Some(false));
    assert!(!sent.vod_required_or_default());
}

#[tokio::test]
async fn every_request_names_the_crate_in_its_user_agent() {
    let server = MockServer::start().await;
    Mock::given(header("user-agent", concat!("gcore-streaming/", "0.1.0")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .streams()
        .clips()
        .list(42)
        .await
        .expect("200");
    assert_eq!(Client::USER_AGENT, "gcore-streaming/0.1.0");
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout_error() {
    let server = MockServer::start().await;
    // The server would answer after 10 s; the client gives up after 50 ms.
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([]))
                .set_delay(Duration::from_secs(10)),
        )
        .mount(&server)
        .await;
    let client = client(&server)
        .with_timeout(Duration::from_millis(50))
        .with_max_retries(0);
    match client.streams().clips().list(42).await {
        Err(Error::Timeout { source: e, .. }) => assert!(e.is_timeout(), "{e}"),
        other => panic!("expected Timeout, got {other:?}"),
    }
    assert_eq!(Client::DEFAULT_TIMEOUT, Duration::from_secs(60));
}
