//! The client a build script generated works like a generated crate's.

use build_script_client::api;
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn the_build_script_client_sends_and_decodes() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .and(query_param("page", "2"))
        .and(header("x-api-key", "k"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!([{ "id": 7, "name": "lamp" }])),
        )
        .mount(&server)
        .await;
    let client = api::Client::new("k")
        .expect("client")
        .with_base_url(server.uri());
    let things: Vec<api::models::Thing> = client.things().list().page(2).await.expect("200");
    assert_eq!(things.len(), 1);
    assert_eq!(things[0].id, 7);
}
