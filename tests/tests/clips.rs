//! The hand-written clip helpers (`generated/src/clips.rs`): rendition URLs as the clips page
//! describes them, and the download helper's distinct 425 / 404 errors.

use gcore_streaming::clips::{rendition_height, ClipUrlError, DownloadError, Quality};
use gcore_streaming::models::ClipId;
use gcore_streaming::Client;
use std::time::{Duration, SystemTime};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The spec's clip example (`clipId` + `clipBase` examples), with its URLs on `host`.
fn clip(host: &str) -> ClipId {
    serde_json::from_value(serde_json::json!({
        "id": "d7bsli54p8n4",
        "renditions": ["media_1_360", "media_2_468", "media_3_720", "media_4_1080"],
        "hls_master": format!("{host}/rec/12345_330031/rec_d7bsli54p8n4_qsid42_master.m3u8"),
        "mp4_master": format!("{host}/rec/12345_330031/rec_d7bsli54p8n4_qsid42_master.mp4"),
        "start": 1716559200,
        "duration": 60,
        "expiration": 1716562860
    }))
    .expect("the example decodes")
}

const CDN: &str = "https://CID.domain.com";

#[test]
fn master_is_replaced_by_the_rendition_in_the_file_name_only() {
    let clip = clip(CDN);
    assert_eq!(
        clip.hls_url(Quality::Rendition("media_1_360")).as_deref(),
        Ok("https://CID.domain.com/rec/12345_330031/rec_d7bsli54p8n4_qsid42_media_1_360.m3u8")
    );
    assert_eq!(
        clip.mp4_url(Quality::Rendition("media_3_720")).as_deref(),
        Ok("https://CID.domain.com/rec/12345_330031/rec_d7bsli54p8n4_qsid42_media_3_720.mp4")
    );
    assert_eq!(
        clip.mp4_url(Quality::Master),
        Ok(clip.mp4_master.clone().expect("set"))
    );

    // A `master` in the host or directories, or in a query, is not the alias.
    let mut odd = clip.clone();
    odd.mp4_master = Some("https://master.cdn/master/rec_master.mp4?sig=master".into());
    assert_eq!(
        odd.mp4_url(Quality::Rendition("media_2_468")).as_deref(),
        Ok("https://master.cdn/master/rec_media_2_468.mp4?sig=master")
    );
}

#[test]
fn a_rendition_the_clip_does_not_have_or_a_missing_url_is_an_error() {
    let clip = clip(CDN);
    match clip.hls_url(Quality::Rendition("media_9_2160")) {
        Err(ClipUrlError::UnknownRendition {
            requested,
            available,
        }) => {
            assert_eq!(requested, "media_9_2160");
            assert_eq!(available.len(), 4);
        }
        other => panic!("expected UnknownRendition, got {other:?}"),
    }
    let mut bare = clip.clone();
    bare.hls_master = None;
    assert_eq!(
        bare.hls_url(Quality::Master),
        Err(ClipUrlError::MissingUrl {
            field: "hls_master"
        })
    );
    bare.mp4_master = Some("https://cdn/rec/clip.mp4".into());
    assert!(matches!(
        bare.mp4_url(Quality::Rendition("media_1_360")),
        Err(ClipUrlError::NoMasterAlias { .. })
    ));
}

#[test]
fn renditions_by_height_and_the_clip_timeline() {
    let clip = clip(CDN);
    assert_eq!(clip.rendition_with_height(720), Some("media_3_720"));
    assert_eq!(clip.rendition_with_height(2160), None);
    assert_eq!(rendition_height("media_4_1080"), Some(1080));
    assert_eq!(rendition_height("master"), None);
    let at = |secs| Some(SystemTime::UNIX_EPOCH + Duration::from_secs(secs));
    assert_eq!(clip.available_at(), at(1716559260), "start + duration");
    assert_eq!(clip.expires_at(), at(1716562860), "the explicit expiration");
    let mut implicit = clip.clone();
    implicit.expiration = None;
    assert_eq!(implicit.expires_at(), at(1716559260 + 3600), "end + 1 hour");
}

async fn cdn_answering(status: u16, body: &[u8]) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(
            "/rec/12345_330031/rec_d7bsli54p8n4_qsid42_media_3_720.mp4",
        ))
        .respond_with(ResponseTemplate::new(status).set_body_bytes(body))
        .mount(&server)
        .await;
    server
}

/// A client whose API is elsewhere: the clip's URL alone decides where the download goes.
fn client() -> Client {
    Client::new("secret-key")
        .unwrap()
        .with_base_url("http://127.0.0.1:9")
}

#[tokio::test]
async fn a_download_fetches_the_rendition_without_the_api_key() {
    let server = cdn_answering(200, b"mp4 bytes").await;
    let clip = clip(&server.uri());
    // Per-call headers (an `Authorization` override here) are for the API, not the CDN.
    let options = gcore_streaming::RequestOptions::new().header(
        gcore_streaming::reqwest::header::AUTHORIZATION,
        gcore_streaming::reqwest::header::HeaderValue::from_static("apikey other"),
    );
    let bytes = client()
        .with_options(options)
        .download_clip(&clip, Quality::Rendition("media_3_720"))
        .await
        .expect("200");
    assert_eq!(bytes, b"mp4 bytes");
    let sent = server.received_requests().await.expect("recorded");
    assert_eq!(sent.len(), 1);
    assert!(
        sent[0].headers.get("authorization").is_none(),
        "the API key must not go to the CDN"
    );
}

/// The streamed download writes the clip into any writer, and takes nothing set for API calls
/// (headers, extra query parameters, body fields) to the CDN; a 425 is still `TooEarly`.
#[tokio::test]
async fn a_streamed_download_writes_the_clip_and_sends_nothing_extra() {
    let server = cdn_answering(200, b"mp4 bytes, streamed").await;
    let clip = clip(&server.uri());
    let options = gcore_streaming::RequestOptions::new()
        .header(
            gcore_streaming::reqwest::header::AUTHORIZATION,
            gcore_streaming::reqwest::header::HeaderValue::from_static("apikey other"),
        )
        .query("token", "api-only")
        .body_field("api", serde_json::json!(true));
    let mut file = Vec::new();
    let written = client()
        .with_options(options)
        .download_clip_to(&clip, Quality::Rendition("media_3_720"), &mut file)
        .await
        .expect("200");
    assert_eq!(file, b"mp4 bytes, streamed");
    assert_eq!(written, file.len() as u64);
    let sent = server.received_requests().await.expect("recorded");
    assert_eq!(sent.len(), 1);
    assert!(sent[0].headers.get("authorization").is_none());
    assert_eq!(sent[0].url.query(), None);
    assert!(sent[0].body.is_empty());

    let early = cdn_answering(425, b"").await;
    let clip = self::clip(&early.uri());
    let mut file = Vec::new();
    match client()
        .download_clip_to(&clip, Quality::Rendition("media_3_720"), &mut file)
        .await
    {
        Err(DownloadError::TooEarly { .. }) => assert!(file.is_empty()),
        other => panic!("expected TooEarly, got {other:?}"),
    }
}

#[tokio::test]
async fn a_425_is_too_early_with_the_time_the_clip_is_complete() {
    let server = cdn_answering(425, b"").await;
    let clip = clip(&server.uri());
    match client()
        .download_clip(&clip, Quality::Rendition("media_3_720"))
        .await
    {
        Err(DownloadError::TooEarly { available_at }) => {
            assert_eq!(available_at, clip.available_at());
        }
        other => panic!("expected TooEarly, got {other:?}"),
    }
    let sent = server.received_requests().await.expect("recorded");
    assert_eq!(sent.len(), 1, "425 is an answer, not retried");
}

#[tokio::test]
async fn a_404_is_expired_and_other_statuses_are_http_errors() {
    let server = cdn_answering(404, b"gone").await;
    let clip = clip(&server.uri());
    match client()
        .download_clip(&clip, Quality::Rendition("media_3_720"))
        .await
    {
        Err(DownloadError::Expired { expired_at }) => assert_eq!(expired_at, clip.expires_at()),
        other => panic!("expected Expired, got {other:?}"),
    }
    let server = cdn_answering(403, b"forbidden").await;
    let clip = self::clip(&server.uri());
    match client()
        .download_clip(&clip, Quality::Rendition("media_3_720"))
        .await
    {
        Err(DownloadError::Http(e)) => {
            assert_eq!(e.status().map(|s| s.as_u16()), Some(403));
            assert_eq!(e.raw_body(), Some("forbidden"));
        }
        other => panic!("expected Http, got {other:?}"),
    }
    match client()
        .download_clip(&clip, Quality::Rendition("nope"))
        .await
    {
        Err(DownloadError::Url(ClipUrlError::UnknownRendition { .. })) => {}
        other => panic!("expected Url, got {other:?}"),
    }
}
