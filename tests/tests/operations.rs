//! The exact wire request for one operation of each shape, and the decoding of each kind of
//! response, against a local HTTP server. The client is `tests/operations-client/`, generated
//! from `tests/fixtures/operations.yaml` by `cargo xtask codegen`.

use operations_client::client::{ThingsPartsGetError, ThingsPublishResponse, ThingsUpdateError};
use operations_client::models::{Color, GetPartOrder, NewThing, Thing};
use operations_client::{Client, Error};
use serde_json::json;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn answering(status: u16, body: Option<serde_json::Value>) -> MockServer {
    let server = MockServer::start().await;
    let response = match body {
        Some(body) => ResponseTemplate::new(status).set_body_json(body),
        None => ResponseTemplate::new(status),
    };
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::new("k-123").unwrap().with_base_url(server.uri())
}

/// The one request the server received.
async fn received(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// The path and query as sent, relative to the server.
fn target(request: &Request) -> String {
    match request.url.query() {
        Some(query) => format!("{}?{query}", request.url.path()),
        None => request.url.path().to_string(),
    }
}

#[tokio::test]
async fn required_lists_are_taken_as_slices_and_sent_in_their_style() {
    let server = answering(200, Some(json!([{ "id": 1, "name": "a" }]))).await;
    let names = vec!["x y".to_string(), "z".to_string()];
    let things = client(&server)
        .things()
        .lookup()
        .list(&[1, 2], &names)
        .await
        .expect("200");
    assert_eq!(things.len(), 1);
    let request = received(&server).await;
    // `explode: false`: one comma-joined pair; the default: a pair per item.
    assert_eq!(
        target(&request),
        "/things/lookup?ids=1%2C2&names=x+y&names=z"
    );
}

#[tokio::test]
async fn path_and_query_parameters_are_encoded_exactly() {
    let server = answering(200, Some(json!({ "thing_id": 7, "part": "a/b c" }))).await;
    let tags = vec!["x y".to_string(), "z&w".to_string()];
    let part = client(&server)
        .things()
        .parts()
        .get(7, "a/b c", "name,size")
        .tag(tags)
        .ids([1, 2, 3])
        .order(GetPartOrder::Desc)
        .x_request_id("req-1")
        .session("s1")
        .await
        .expect("200");
    assert_eq!(part.part, "a/b c");

    let request = received(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    // A path value is one segment: `/` and space are percent-encoded, never path structure.
    // Arrays: exploded by default (`tag=..&tag=..`), comma-joined with `explode: false`.
    assert_eq!(
        target(&request),
        "/things/7/parts/a%2Fb%20c?fields=name%2Csize&tag=x+y&tag=z%26w&ids=1%2C2%2C3&order=desc"
    );
    assert_eq!(header(&request, "x-api-key"), Some("k-123"));
    assert_eq!(header(&request, "x-request-id"), Some("req-1"));
    assert_eq!(header(&request, "cookie"), Some("session=s1"));
}

/// Object and array query parameters in each style, as the OpenAPI specification's style
/// examples write `{"R": 100, "G": 200, "B": 150}` and `["blue", "black", "brown"]` (the
/// name each parameter has here stands where the table says `color`).
#[tokio::test]
async fn query_styles_write_objects_and_arrays_as_the_specification_does() {
    let color = Color::default().r(100).g(200).b(150);
    let list = vec!["blue".to_string(), "black".to_string(), "brown".to_string()];
    // The query string `findColors` sends with the setters `$set` applied.
    macro_rules! query {
        ($($set:ident($value:expr)).+) => {{
            let server = answering(204, None).await;
            client(&server).colors().list()$(.$set($value))+.await.expect("204");
            let target = target(&received(&server).await);
            target.strip_prefix("/colors?").unwrap_or(&target).to_string()
        }};
    }
    // form, explode: the properties are the parameters.
    assert_eq!(query!(exploded(color.clone())), "R=100&G=200&B=150");
    // form, explode: false.
    assert_eq!(
        query!(flat(color.clone())),
        "flat=R%2C100%2CG%2C200%2CB%2C150"
    );
    // spaceDelimited (reqwest writes a space in a query as `+`) and pipeDelimited.
    assert_eq!(query!(spaced(color.clone())), "spaced=R+100+G+200+B+150");
    assert_eq!(
        query!(piped(color.clone())),
        "piped=R%7C100%7CG%7C200%7CB%7C150"
    );
    assert_eq!(
        query!(deep(color.clone())),
        "deep%5BR%5D=100&deep%5BG%5D=200&deep%5BB%5D=150"
    );
    assert_eq!(
        query!(spaced_list(list.clone())),
        "spaced_list=blue+black+brown"
    );
    assert_eq!(
        query!(piped_list(list.clone())),
        "piped_list=blue%7Cblack%7Cbrown"
    );
    // Absent properties are left out; an object with none sends nothing.
    let partial = Color::default().g(7);
    let empty = Color::default();
    assert_eq!(
        query!(deep(partial.clone()).flat(empty.clone())),
        "deep%5BG%5D=7"
    );
}

/// Path, header and cookie values in each style, as the OpenAPI specification's style examples write
/// `["blue", "black", "brown"]` and `{"R": 100, "G": 200, "B": 150}` (the parameter's own name
/// stands where the table says `color`): `simple`, `label` and `matrix`, exploded or not.
#[tokio::test]
async fn path_and_header_styles_write_arrays_and_objects_as_the_specification_does() {
    let server = answering(204, None).await;
    let list = vec!["blue".to_string(), "black".to_string(), "brown".to_string()];
    let color = Color::default().r(100).g(200).b(150);
    client(&server)
        .paints()
        .get(
            list.clone(),
            list.clone(),
            list.clone(),
            list.clone(),
            list.clone(),
            color.clone(),
            color.clone(),
            color.clone(),
            color.clone(),
        )
        .x_colors(list.clone())
        .x_color(color.clone())
        .shades(list.clone())
        .await
        .expect("204");
    let request = received(&server).await;
    let segments: Vec<&str> = request.url.path().split('/').skip(2).collect();
    assert_eq!(
        segments,
        [
            "blue,black,brown",        // simple
            ".blue,black,brown",       // label
            ".blue.black.brown",       // label, exploded
            ";d=blue,black,brown",     // matrix
            ";e=blue;e=black;e=brown", // matrix, exploded
            ";R=100;G=200;B=150",      // matrix, an object exploded
            ".R=100.G=200.B=150",      // label, an object exploded
            "R,100,G,200,B,150",       // simple, an object
        ]
    );
    assert_eq!(header(&request, "x-colors"), Some("blue,black,brown"));
    assert_eq!(header(&request, "x-color"), Some("R=100,G=200,B=150"));
    // Cookies are `form`, unexploded: joined by `,`, which a cookie value may not hold
    // (RFC 6265), so it is percent-encoded like every other such byte.
    assert_eq!(
        header(&request, "cookie"),
        Some("shades=blue%2Cblack%2Cbrown; tint=R%2C100%2CG%2C200%2CB%2C150")
    );
}

#[tokio::test]
async fn optional_parameters_left_out_are_not_sent() {
    let server = answering(200, Some(json!([]))).await;
    client(&server).things().list().await.expect("200");
    assert_eq!(target(&received(&server).await), "/things");

    let server = answering(200, Some(json!([]))).await;
    client(&server)
        .things()
        .list()
        .page(2)
        .deleted(false)
        .await
        .expect("200");
    assert_eq!(
        target(&received(&server).await),
        "/things?page=2&deleted=false"
    );
}

#[tokio::test]
async fn a_json_body_is_sent_and_the_201_decoded() {
    let server = answering(201, Some(json!({ "id": 1, "name": "lamp" }))).await;
    let created = client(&server).things().create("lamp").await.expect("201");
    assert_eq!(created, Thing::new(1, "lamp"));
    let request = received(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(target(&request), "/things");
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    // `None` is left out, not sent as null.
    let sent: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON body");
    assert_eq!(sent, json!({ "name": "lamp" }));
}

#[tokio::test]
async fn an_optional_body_can_be_left_out_and_a_bodiless_error_is_typed() {
    let server = answering(404, None).await;
    match client(&server).things().update(5).await {
        Err(Error::Api {
            status,
            body: ThingsUpdateError::NotFound,
            ..
        }) => assert_eq!(status.as_u16(), 404),
        other => panic!("expected the typed 404, got {other:?}"),
    }
    let request = received(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn delete_answers_no_content() {
    let server = answering(204, None).await;
    client(&server).things().delete(9).await.expect("204");
    let request = received(&server).await;
    assert_eq!(
        (request.method.as_str(), target(&request).as_str()),
        ("DELETE", "/things/9")
    );
}

#[tokio::test]
async fn statuses_with_different_bodies_say_which_came() {
    let server = answering(202, Some(json!({ "job_id": "j1" }))).await;
    match client(&server).things().publish(3).await.expect("202") {
        ThingsPublishResponse::Accepted(job) => assert_eq!(job.job_id, "j1"),
        other => panic!("expected Accepted, got {other:?}"),
    }
    let server = answering(200, Some(json!({ "id": 3, "name": "n" }))).await;
    assert!(matches!(
        client(&server).things().publish(3).await,
        Ok(ThingsPublishResponse::Ok(_))
    ));
}

#[tokio::test]
async fn statuses_with_one_body_decode_it_whichever_came() {
    for status in [200, 201, 202] {
        let server = answering(status, Some(json!({ "id": 4, "name": "n" }))).await;
        let thing = client(&server).things().restore(4).await.expect("restored");
        assert_eq!(thing.id, 4);
    }
}

#[tokio::test]
async fn a_status_without_a_body_gives_none() {
    let server = answering(204, None).await;
    assert_eq!(
        client(&server).things().refresh(1).await.expect("204"),
        None
    );
    let server = answering(200, Some(json!({ "id": 1, "name": "n" }))).await;
    assert!(client(&server)
        .things()
        .refresh(1)
        .await
        .expect("200")
        .is_some());
}

#[tokio::test]
async fn ranges_and_default_errors_are_typed() {
    let server = answering(418, Some(json!({ "title": "teapot", "status": 418 }))).await;
    match client(&server).things().parts().get(1, "p", "f").await {
        Err(Error::Api {
            body: ThingsPartsGetError::ClientError(problem),
            ..
        }) => {
            assert_eq!(problem.title.as_deref(), Some("teapot"));
        }
        other => panic!("expected the 4XX variant, got {other:?}"),
    }
    let server = answering(503, Some(json!({ "title": "down" }))).await;
    match client(&server).things().parts().get(1, "p", "f").await {
        Err(Error::Api {
            status,
            body: ThingsPartsGetError::Default(problem),
            ..
        }) => {
            assert_eq!(status.as_u16(), 503);
            assert_eq!(problem.title.as_deref(), Some("down"));
        }
        other => panic!("expected the default variant, got {other:?}"),
    }
}

#[tokio::test]
async fn binary_and_text_bodies_go_as_they_are() {
    let server = answering(204, None).await;
    client(&server)
        .uploads()
        .update("a b.png", vec![0, 159, 146, 150])
        .await
        .expect("204");
    let request = received(&server).await;
    assert_eq!(target(&request), "/uploads/a%20b.png");
    assert_eq!(
        header(&request, "content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(request.body, vec![0, 159, 146, 150]);

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/uploads/x.png"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![137, 80, 78, 71]))
        .mount(&server)
        .await;
    assert_eq!(
        client(&server).uploads().get("x.png").await.expect("200"),
        vec![137, 80, 78, 71]
    );

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("stored: hi"))
        .mount(&server)
        .await;
    assert_eq!(
        client(&server)
            .notes()
            .create("hi".into())
            .await
            .expect("200"),
        "stored: hi"
    );
    let request = received(&server).await;
    assert_eq!(header(&request, "content-type"), Some("text/plain"));
    assert_eq!(request.body, b"hi");
}

#[tokio::test]
async fn form_bodies_are_url_encoded_and_unauthenticated_operations_send_no_key() {
    let server = answering(204, None).await;
    client(&server)
        .login()
        .create("ann", "p&ss word")
        .await
        .expect("204");
    let request = received(&server).await;
    assert_eq!(
        header(&request, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        "user=ann&password=p%26ss+word"
    );
    assert_eq!(
        header(&request, "x-api-key"),
        None,
        "`security: []` sends no key"
    );
}

#[tokio::test]
async fn multipart_bodies_are_sent_as_built() {
    let server = answering(204, None).await;
    let form = reqwest::multipart::Form::new().text("caption", "me").part(
        "file",
        reqwest::multipart::Part::bytes(vec![1, 2, 3]).file_name("me.png"),
    );
    client(&server).avatars().create(form).await.expect("204");
    let request = received(&server).await;
    let content_type = header(&request, "content-type").unwrap_or_default();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let body = String::from_utf8_lossy(&request.body);
    assert!(
        body.contains("name=\"caption\"") && body.contains("filename=\"me.png\""),
        "{body}"
    );
}

#[tokio::test]
async fn a_fragment_in_the_path_key_is_not_sent() {
    let server = answering(200, Some(json!({ "job_id": "t" }))).await;
    client(&server).tasks().transcribe("en").await.expect("200");
    let request = received(&server).await;
    assert_eq!(target(&request), "/tasks");
    let sent: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON body");
    assert_eq!(sent, json!({ "language": "en" }));
}

#[tokio::test]
async fn an_operation_without_operation_id_is_named_from_method_and_path() {
    let server = answering(200, Some(json!({ "ok": true }))).await;
    let health = client(&server).health().list().await.expect("200");
    assert_eq!(health.ok, Some(true));
    assert_eq!(header(&received(&server).await, "x-api-key"), None);
}

#[tokio::test]
async fn the_with_response_form_gives_status_and_headers() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Total-Count", "42")
                .set_body_json(json!([{ "id": 1, "name": "a" }])),
        )
        .mount(&server)
        .await;
    let response = client(&server)
        .things()
        .list()
        .with_response()
        .await
        .expect("200");
    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(
        response
            .headers
            .get("x-total-count")
            .and_then(|v| v.to_str().ok()),
        Some("42")
    );
    assert_eq!(response.body, vec![Thing::new(1, "a")]);
    // The headers the spec declares, typed.
    let headers = operations_client::client::ThingsListHeaders::from_headers(&response.headers);
    assert_eq!(headers.x_total_count, Some(42));
    let none = operations_client::client::ThingsListHeaders::from_headers(&Default::default());
    assert_eq!(none.x_total_count, None);
}

#[tokio::test]
async fn typed_formats_travel_in_their_wire_form() {
    let server = answering(
        200,
        Some(json!({ "id": "0f8fad5b-d9cb-469f-a165-70867728950e", "at": "2024-01-05T20:15:00Z", "day": "2024-01-05" })),
    )
    .await;
    let id: uuid::Uuid = "0f8fad5b-d9cb-469f-a165-70867728950e"
        .parse()
        .expect("uuid");
    let since = chrono::DateTime::parse_from_rfc3339("2024-01-01T00:00:00+01:00").expect("time");
    let event = client(&server)
        .events()
        .get(id)
        .since(since)
        .await
        .expect("200");
    assert_eq!(event.id, id);
    assert_eq!(event.at.to_rfc3339(), "2024-01-05T20:15:00+00:00");
    assert_eq!(
        event.day,
        chrono::NaiveDate::from_ymd_opt(2024, 1, 5).expect("date")
    );
    assert_eq!(
        target(&received(&server).await),
        "/events/0f8fad5b-d9cb-469f-a165-70867728950e?since=2024-01-01T00%3A00%3A00%2B01%3A00"
    );
}

/// A path value that would change the path is refused before anything is sent: the URL
/// library drops `.` and `..` segments (`/things/7/parts/..` would become `/things/7`), and an
/// empty value doubles a slash. Without the guard, `..` reaches another resource.
#[tokio::test]
async fn path_values_that_would_change_the_path_are_refused() {
    let server = answering(200, Some(json!({ "thing_id": 7, "part": "x" }))).await;
    for value in ["..", ".", ""] {
        let error = client(&server)
            .things()
            .parts()
            .get(7, value, "f")
            .await
            .expect_err("refused");
        assert!(
            matches!(&error, Error::InvalidRequest(reason) if reason.contains("would change the request's path")),
            "{value:?}: {error:?}"
        );
    }
    assert!(server
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty());
    // What the guard prevents: the URL library itself drops the segment.
    let mut url = reqwest::Url::parse("http://h/things/7/parts").expect("url");
    url.path_segments_mut().expect("base").push("..");
    assert_eq!(url.path(), "/things/7/parts");
    // Dots inside a value are just characters.
    client(&server)
        .things()
        .parts()
        .get(7, "...", "f")
        .await
        .expect("200");
    assert_eq!(
        target(&received(&server).await),
        "/things/7/parts/...?fields=f"
    );
}

/// A redirect to another host is not followed, so the API key (here in a custom `x-api-key`
/// header, which reqwest would otherwise carry along) never reaches it; the 3xx is the answer.
/// A redirect within the same origin is followed.
#[tokio::test]
async fn credentials_never_follow_a_redirect_to_another_host() {
    let elsewhere = answering(204, None).await;
    let api = MockServer::start().await;
    // `localhost` and `127.0.0.1` are different hosts (and the ports differ too).
    let location = format!("{}/things/9", elsewhere.uri());
    Mock::given(path("/things/9"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", location.as_str()))
        .mount(&api)
        .await;
    let error = client(&api)
        .things()
        .delete(9)
        .await
        .expect_err("302 is not declared");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(302), "{error:?}");
    assert!(elsewhere
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty());

    let same = MockServer::start().await;
    let moved = format!("{}/moved", same.uri());
    Mock::given(path("/things/9"))
        .respond_with(ResponseTemplate::new(307).insert_header("location", moved.as_str()))
        .mount(&same)
        .await;
    Mock::given(path("/moved"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&same)
        .await;
    client(&same)
        .things()
        .delete(9)
        .await
        .expect("followed to 204");
    let requests = same.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 2);
    assert_eq!(header(&requests[1], "x-api-key"), Some("k-123"));
}

/// `client.request`: any endpoint, through the client's key, base URL and options; any status
/// is an answer, decoded on demand.
#[tokio::test]
async fn a_raw_request_reaches_any_endpoint_with_the_clients_credentials() {
    let server = answering(418, Some(json!({ "teapot": true }))).await;
    let response = client(&server)
        .with_options(operations_client::RequestOptions::new().query("trace", "1"))
        .request(reqwest::Method::PUT, "/beta/{kind}/items")
        .path_param("kind", "a/b c")
        .query("dry_run", "true")
        .header(
            reqwest::header::HeaderName::from_static("x-extra"),
            reqwest::header::HeaderValue::from_static("yes"),
        )
        .json(&json!({ "name": "lamp" }))
        .send()
        .await
        .expect("any status is an answer");
    assert_eq!(response.status.as_u16(), 418);
    let body: serde_json::Value = response.json().expect("JSON");
    assert_eq!(body, json!({ "teapot": true }));
    let request = received(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(
        target(&request),
        "/beta/a%2Fb%20c/items?dry_run=true&trace=1"
    );
    assert_eq!(header(&request, "x-api-key"), Some("k-123"));
    assert_eq!(header(&request, "x-extra"), Some("yes"));
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    let sent: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON body");
    assert_eq!(sent, json!({ "name": "lamp" }));

    // A placeholder without a value, or one that would change the path, sends nothing.
    let server = answering(200, None).await;
    for (value, expected) in [
        (None, "no value for the path parameter `id`"),
        (Some(".."), "would change"),
    ] {
        let mut request = client(&server).request(reqwest::Method::GET, "/things/{id}");
        if let Some(value) = value {
            request = request.path_param("id", value);
        }
        let error = request.send().await.expect_err("refused");
        assert!(
            matches!(&error, Error::InvalidRequest(reason) if reason.contains(expected)),
            "{error:?}"
        );
    }
    assert!(server
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty());
}

/// Per-call extra query parameters and JSON body fields, for what the spec does not list yet.
#[tokio::test]
async fn options_add_query_parameters_and_body_fields() {
    let server = answering(201, Some(json!({ "id": 1, "name": "lamp" }))).await;
    let options = operations_client::RequestOptions::new()
        .query("beta", "on")
        .body_field("shade", json!({ "color": "red" }))
        .body_field("name", json!("overridden"));
    client(&server)
        .with_options(options.clone())
        .things()
        .create("lamp")
        .await
        .expect("201");
    let request = received(&server).await;
    assert_eq!(target(&request), "/things?beta=on");
    let sent: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON body");
    assert_eq!(
        sent,
        json!({ "name": "overridden", "shade": { "color": "red" } })
    );

    // A call without a body sends an object of the extra fields.
    let server = answering(204, None).await;
    client(&server)
        .with_options(options.clone())
        .things()
        .delete(9)
        .await
        .expect("204");
    let request = received(&server).await;
    let sent: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON body");
    assert_eq!(
        sent,
        json!({ "name": "overridden", "shade": { "color": "red" } })
    );

    // A body that is not a JSON object cannot take fields: refused, nothing sent.
    let server = answering(200, Some(json!("ok"))).await;
    let error = client(&server)
        .with_options(options)
        .notes()
        .create("plain text".into())
        .await
        .expect_err("refused");
    assert!(
        matches!(&error, Error::InvalidRequest(reason) if reason.contains("JSON object")),
        "{error:?}"
    );
    assert!(server
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty());
}

/// Fields a newer server sends beyond the schema are dropped by the typed body, and kept in
/// `Response::raw`.
#[tokio::test]
async fn the_raw_body_keeps_what_the_schema_does_not_declare() {
    let server = answering(201, Some(json!({ "id": 1, "name": "lamp", "since": "v2" }))).await;
    let response = client(&server)
        .things()
        .create("lamp")
        .with_response()
        .await
        .expect("201");
    assert_eq!(response.body.name, "lamp");
    let everything: serde_json::Value = serde_json::from_slice(&response.raw).expect("JSON");
    assert_eq!(everything["since"], "v2");
}

/// A body's required fields are the method's arguments and the others setters on the
/// request, in one line; what is not set is not sent. A body built apart (its type's `new` and
/// setters) is sent as it is.
#[tokio::test]
async fn requests_send_exactly_the_body_fields_that_were_set() {
    let calls = [
        (json!({ "name": "lamp" }), 0),
        (json!({ "name": "lamp", "color": "red" }), 1),
        (json!({ "name": "desk", "color": "oak" }), 2),
    ];
    for (expected, call) in calls {
        let server = answering(201, Some(json!({ "id": 1, "name": "lamp" }))).await;
        let things = client(&server);
        let things = things.things();
        match call {
            0 => things.create("lamp").await,
            1 => things.create("lamp").color("red").await,
            _ => {
                let built = NewThing::new("desk").color("oak");
                things.create("ignored").body(built).await
            }
        }
        .expect("201");
        let request = received(&server).await;
        let sent: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON body");
        assert_eq!(sent, expected);
    }
}

/// A nullable body field can be sent as an explicit `null` (`clear_{field}`), distinct from
/// leaving it out; a value set afterwards is sent instead.
#[tokio::test]
async fn a_nullable_body_field_can_be_sent_as_null() {
    for (call, expected) in [
        (0, json!({ "color": null })),
        (1, json!({ "color": "red" })),
        (2, json!({ "name": "lamp", "color": null })),
        (3, json!({ "name": "lamp" })),
    ] {
        let server = answering(200, Some(json!({ "id": 5, "name": "lamp" }))).await;
        let things = client(&server);
        let update = things.things().update(5);
        match call {
            0 => update.clear_color().await,
            1 => update.clear_color().color("red").await,
            2 => update.name("lamp").clear_color().await,
            _ => update.name("lamp").await,
        }
        .expect("200");
        let request = received(&server).await;
        let sent: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON body");
        assert_eq!(sent, expected, "call {call}");
    }
}

/// A body the spec leaves optional but whose schema requires fields is sent: the fields are
/// arguments (the API refuses the body without them). One whose schema requires nothing is
/// sent only once a setter starts it.
#[tokio::test]
async fn an_optional_body_is_sent_when_its_schema_requires_fields_or_a_setter_starts_it() {
    let server = answering(201, Some(json!({ "id": 2, "name": "lamp 2" }))).await;
    client(&server)
        .things()
        .copy(1, "lamp 2")
        .color("blue")
        .await
        .expect("201");
    let request = received(&server).await;
    assert_eq!(target(&request), "/things/1/copy");
    let sent: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON body");
    assert_eq!(sent, json!({ "name": "lamp 2", "color": "blue" }));

    let server = answering(200, Some(json!({ "id": 5, "name": "lamp" }))).await;
    client(&server)
        .things()
        .update(5)
        .color("green")
        .await
        .expect("200");
    let request = received(&server).await;
    let sent: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON body");
    assert_eq!(sent, json!({ "color": "green" }));
}

/// A declared error status whose body is not the declared schema (a proxy's HTML page) is
/// still that status's error, retryable as the status says, with the body kept.
#[tokio::test]
async fn an_undecodable_declared_error_is_still_that_statuss_error() {
    for (status, retryable) in [(404, false), (503, true)] {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(status).set_body_string("<html>busy</html>"))
            .mount(&server)
            .await;
        let error = client(&server)
            .with_max_retries(0)
            .things()
            .parts()
            .get(1, "p", "f")
            .await
            .expect_err("an error status");
        assert!(
            matches!(&error, Error::ApiUndecoded { status: s, text, .. } if s.as_u16() == status && text == "<html>busy</html>"),
            "{error:?}"
        );
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(error.is_retryable(), retryable);
        assert_eq!(error.raw_body(), Some("<html>busy</html>"));
    }
}

/// The questions a caller asks of an error have the same answers whether or not the operation
/// declares the status (`getPart` declares `4XX`, `listThings` no error at all), and `Display`
/// is written for people: the operation, the status, and the server's own message (never
/// `Debug` output of the decoded body).
#[tokio::test]
async fn errors_answer_the_same_questions_declared_or_not_and_say_what_the_server_said() {
    let no_retries = |server: &MockServer| client(server).with_max_retries(0);
    // Declared (4XX): decoded, and the message is the body's own.
    let server = answering(404, Some(json!({ "title": "Not here", "status": 404 }))).await;
    let declared = no_retries(&server)
        .things()
        .parts()
        .get(7, "a", "name")
        .await
        .expect_err("404");
    assert!(declared.body().is_some());
    assert_eq!(
        declared.to_string(),
        "GET /things/{thing_id}/parts/{part} (get_part): the server answered 404 Not Found: Not here"
    );
    // Undeclared: the same questions, the same answers.
    let server = answering(404, Some(json!({ "error": { "message": "no such list" } }))).await;
    let undeclared = no_retries(&server).things().list().await.expect_err("404");
    assert!(undeclared.body().is_none());
    for error in [&declared.to_string(), &undeclared.to_string()] {
        assert!(error.contains("404 Not Found"), "{error}");
    }
    assert!(undeclared
        .to_string()
        .ends_with("which the API does not declare: no such list"));
    assert!(declared.is_not_found() && undeclared.is_not_found());
    assert!(!declared.is_rate_limited() && !undeclared.is_server_error());
    for (status, question) in [
        (429, Error::is_rate_limited as fn(&Error) -> bool),
        (409, Error::is_conflict),
        (401, Error::is_unauthorized),
        (403, Error::is_forbidden),
        (503, Error::is_server_error),
    ] {
        let server = answering(status, None).await;
        let error = no_retries(&server)
            .things()
            .list()
            .await
            .expect_err("an error status");
        assert!(question(&error), "{status}: {error}");
        assert!(!error.is_not_found() && !error.is_timeout() && !error.is_connect());
    }
    // No connection: the failure and its cause, not reqwest's bare "error sending request".
    let error = list_where_nothing_listens().await;
    assert!(error.is_connect(), "{error:?}");
    let message = error.to_string();
    // The operation first, as for an answered error.
    assert!(
        message.starts_with("GET /things (list_things): the request failed: "),
        "{message}"
    );
    // reqwest's own words, then each cause down to the system's (`Connection refused`).
    assert!(
        message.matches(": ").count() >= 3,
        "a cause chain: {message}"
    );
    assert!(message.to_lowercase().contains("refused"), "{message}");
}

/// Every error that came with an answer keeps the answer's headers, declared status or not,
/// buffered or streamed: the server's request id to quote, and how long it asks to wait.
#[tokio::test]
async fn errors_keep_the_answers_headers_request_id_and_retry_after() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("x-request-id", "req-42")
                .insert_header("retry-after", "7")
                .set_body_json(json!({ "message": "slow down" })),
        )
        .mount(&server)
        .await;
    let client = client(&server).with_max_retries(0);
    // Declared (4XX), undeclared, and a streamed call's error answer.
    let declared = client
        .things()
        .parts()
        .get(7, "a", "name")
        .await
        .expect_err("429");
    let undeclared = client.things().list().await.expect_err("429");
    let streamed = client.uploads().get_stream("a").await.expect_err("429");
    let answers = [
        (
            declared.request_id(),
            declared.retry_after(),
            declared.is_rate_limited(),
            declared.to_string(),
        ),
        (
            undeclared.request_id(),
            undeclared.retry_after(),
            undeclared.is_rate_limited(),
            undeclared.to_string(),
        ),
    ];
    for (request_id, retry_after, rate_limited, message) in answers {
        assert_eq!(request_id, Some("req-42"), "{message}");
        assert_eq!(retry_after, Some(std::time::Duration::from_secs(7)));
        assert!(rate_limited);
        assert!(message.contains("429 Too Many Requests"), "{message}");
        assert!(message.ends_with(": slow down"), "{message}");
    }
    assert_eq!(streamed.request_id(), Some("req-42"), "{streamed}");
    assert_eq!(
        streamed.headers().and_then(|h| h.get("retry-after")),
        Some(&reqwest::header::HeaderValue::from_static("7"))
    );
    // No answer, no headers.
    let unreachable = list_where_nothing_listens().await;
    assert!(unreachable.headers().is_none() && unreachable.request_id().is_none());
}

/// `listThings` sent to a port nothing listens on, without retries.
async fn list_where_nothing_listens() -> Error {
    Client::new("k")
        .unwrap()
        .with_base_url(workspace_tests::closed_local_url())
        .with_max_retries(0)
        .things()
        .list()
        .await
        .expect_err("nothing listens")
}

/// `Display` of each kind of error, as a log line shows it: the operation first (whenever the
/// error came from one), then what happened in words, then the server's message or the causes.
#[tokio::test]
async fn each_kind_of_error_displays_the_operation_and_what_happened() {
    use operations_client::RequestOptions;
    use std::time::Duration;
    let create = "POST /things (create_thing): ";

    // A declared error status whose body is not the declared schema.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(422).set_body_string("<html>busy</html>"))
        .mount(&server)
        .await;
    let error = client(&server)
        .with_max_retries(0)
        .things()
        .create("lamp")
        .await
        .expect_err("422");
    let message = error.to_string();
    assert!(
        message.starts_with(&format!("{create}the server answered 422 Unprocessable Entity, with a body the API schema does not describe (")),
        "{message}"
    );
    assert!(message.ends_with("): <html>busy</html>"), "{message}");

    // A success body that does not match its schema.
    let server = answering(201, Some(json!({ "id": "one", "name": "lamp" }))).await;
    let message = client(&server)
        .things()
        .create("lamp")
        .await
        .expect_err("decode")
        .to_string();
    assert!(
        message.starts_with(&format!(
            "{create}the 201 Created response body does not match the API schema: "
        )),
        "{message}"
    );

    // A body longer than the limit.
    let server = answering(
        201,
        Some(json!({ "id": 1, "name": "a lamp with a long name" })),
    )
    .await;
    let message = client(&server)
        .with_options(RequestOptions::new().max_body_size(8))
        .things()
        .create("lamp")
        .await
        .expect_err("too large")
        .to_string();
    assert_eq!(
        message,
        format!("{create}the 201 Created response body is longer than 8 bytes (see RequestOptions::max_body_size)")
    );

    // An answer later than the timeout.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let message = client(&server)
        .with_options(
            RequestOptions::new()
                .timeout(Duration::from_millis(100))
                .max_retries(0),
        )
        .things()
        .delete(9)
        .await
        .expect_err("timeout")
        .to_string();
    assert!(
        message.starts_with("DELETE /things/{thing_id} (delete_thing): the request timed out: "),
        "{message}"
    );

    // A request that cannot be built: nothing is sent, so no operation answered.
    let message = client(&server)
        .request(reqwest::Method::GET, "/things/{id}")
        .path_param("id", "..")
        .send()
        .await
        .expect_err("refused")
        .to_string();
    assert_eq!(
        message,
        "the request could not be built: path parameter value `..` would change the request's path"
    );
}

/// OpenAPI 3.2's QUERY method (a safe request with a body) and a method named in
/// `additionalOperations` go out as the spec writes them.
#[tokio::test]
async fn query_and_additional_methods_are_sent_as_written() {
    let server = MockServer::start().await;
    Mock::given(method("QUERY"))
        .and(path("/things/search"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"[{"id":1,"name":"lamp"}]"#))
        .mount(&server)
        .await;
    let found = client(&server)
        .things()
        .search()
        .query("lamp")
        .await
        .expect("200");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].name, "lamp");
    let request = received(&server).await;
    assert_eq!(request.method.as_str(), "QUERY");
    assert_eq!(request.body, br#"{"text":"lamp"}"#);

    let server = MockServer::start().await;
    Mock::given(method("PURGE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    client(&server)
        .things()
        .search()
        .purge()
        .await
        .expect("204");
    assert_eq!(received(&server).await.method.as_str(), "PURGE");
}
