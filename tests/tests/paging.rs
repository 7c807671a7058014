//! Each paging rule on the wire: page numbers (a convention the settings state), offsets and
//! cursors (which the spec shows), against `tests/operations-client/`; and that the Gcore
//! page-number rule is not applied to a spec whose settings do not state it.

use futures_util::StreamExt;
use operations_client::models::Thing;
use serde_json::json;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> operations_client::Client {
    operations_client::Client::new("k")
        .expect("client")
        .with_base_url(server.uri())
}

fn things(ids: std::ops::Range<i64>) -> serde_json::Value {
    json!(ids
        .map(|id| json!({ "id": id, "name": "t" }))
        .collect::<Vec<_>>())
}

async fn ids(
    stream: impl futures_util::Stream<Item = Result<Thing, operations_client::Error>>,
) -> Vec<i64> {
    stream.map(|item| item.expect("an item").id).collect().await
}

/// The queries the server saw, in order.
async fn queries(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .expect("recording")
        .iter()
        .map(|r| r.url.query().unwrap_or("").to_string())
        .collect()
}

#[tokio::test]
async fn a_cursor_walk_passes_each_next_cursor_until_has_more_is_false() {
    let server = MockServer::start().await;
    let page = |items, next: Option<&str>, more| {
        ResponseTemplate::new(200)
            .set_body_json(json!({ "items": items, "next_cursor": next, "has_more": more }))
    };
    Mock::given(path("/feed"))
        .and(query_param_is_missing("cursor"))
        .respond_with(page(things(1..3), Some("c2"), true))
        .mount(&server)
        .await;
    Mock::given(path("/feed"))
        .and(query_param("cursor", "c2"))
        .respond_with(page(things(3..5), Some("c3"), true))
        .mount(&server)
        .await;
    Mock::given(path("/feed"))
        .and(query_param("cursor", "c3"))
        // The last page still names a cursor; `has_more: false` ends the walk.
        .respond_with(page(things(5..6), Some("c4"), false))
        .mount(&server)
        .await;
    let got = ids(client(&server).feed().list().limit(2).pages()).await;
    assert_eq!(got, [1, 2, 3, 4, 5]);
    assert_eq!(
        queries(&server).await,
        ["limit=2", "cursor=c2&limit=2", "cursor=c3&limit=2"]
    );
}

/// Stripe's walk: each request passes the last item's id as `starting_after`, until
/// `has_more` is false.
#[tokio::test]
async fn an_after_item_walk_passes_the_last_id_until_has_more_is_false() {
    let server = MockServer::start().await;
    let page = |ids: &[&str], more| {
        let data: Vec<_> = ids
            .iter()
            .map(|id| json!({ "id": id, "amount": 1 }))
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({ "data": data, "has_more": more }))
    };
    Mock::given(path("/charges"))
        .and(query_param_is_missing("starting_after"))
        .respond_with(page(&["ch_1", "ch_2"], true))
        .mount(&server)
        .await;
    Mock::given(path("/charges"))
        .and(query_param("starting_after", "ch_2"))
        .respond_with(page(&["ch_3"], false))
        .mount(&server)
        .await;
    let got: Vec<String> = client(&server)
        .charges()
        .list()
        .limit(2)
        .pages()
        .map(|item| item.expect("an item").id)
        .collect()
        .await;
    assert_eq!(got, ["ch_1", "ch_2", "ch_3"]);
    assert_eq!(
        queries(&server).await,
        ["limit=2", "starting_after=ch_2&limit=2"]
    );
}

#[tokio::test]
async fn a_cursor_walk_ends_without_a_next_cursor_and_never_loops_on_the_same_one() {
    let server = MockServer::start().await;
    Mock::given(path("/feed"))
        .and(query_param_is_missing("cursor"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({ "items": things(1..2), "next_cursor": "same", "has_more": true }),
        ))
        .mount(&server)
        .await;
    Mock::given(path("/feed"))
        .and(query_param("cursor", "same"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({ "items": things(2..3), "next_cursor": "same", "has_more": true }),
        ))
        .mount(&server)
        .await;
    // Started from a cursor the caller set: it is where the walk begins.
    let got = ids(client(&server).feed().list().cursor("same").pages()).await;
    assert_eq!(got, [2], "the same cursor again ends the walk");
    let got = ids(client(&server).feed().list().pages()).await;
    assert_eq!(got, [1, 2]);
}

#[tokio::test]
async fn an_offset_walk_advances_by_the_items_received_until_an_empty_page() {
    let server = MockServer::start().await;
    for (offset, body) in [("0", things(1..4)), ("3", things(4..6)), ("5", json!([]))] {
        Mock::given(method("GET"))
            .and(path("/archive"))
            .and(query_param("offset", offset))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!({ "results": body, "total": 5 })),
            )
            .mount(&server)
            .await;
    }
    // The integer enum is copied into each page's request (it is `Copy`).
    let got = ids(client(&server)
        .archive()
        .list()
        .limit(3)
        .tier(operations_client::models::ListArchiveTier::Value1)
        .pages())
    .await;
    assert_eq!(got, [1, 2, 3, 4, 5]);
    assert_eq!(
        queries(&server).await,
        [
            "offset=0&limit=3&tier=1",
            "offset=3&limit=3&tier=1",
            "offset=5&limit=3&tier=1"
        ]
    );
}

#[tokio::test]
async fn a_page_number_walk_follows_the_settings_convention() {
    let server = MockServer::start().await;
    for (page, body) in [("1", things(1..3)), ("2", things(3..4)), ("3", json!([]))] {
        Mock::given(path("/things"))
            .and(query_param("page", page))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;
    }
    let got = ids(client(&server).things().list().pages()).await;
    assert_eq!(got, [1, 2, 3]);
    assert_eq!(queries(&server).await, ["page=1", "page=2", "page=3"]);
}

#[tokio::test]
async fn a_link_header_walk_follows_each_next_link() {
    let server = MockServer::start().await;
    let base = server.uri();
    let page = |items, next: Option<String>| {
        let response = ResponseTemplate::new(200).set_body_json(items);
        match next {
            // A `last` link first: only `rel="next"` counts.
            Some(next) => response.insert_header(
                "link",
                format!(r#"<{base}/commits?page=9>; rel="last", <{next}>; rel="next""#).as_str(),
            ),
            None => response,
        }
    };
    Mock::given(path("/commits"))
        .and(query_param_is_missing("page"))
        .respond_with(page(
            things(1..3),
            Some(format!("{base}/commits?per_page=2&page=2")),
        ))
        .mount(&server)
        .await;
    Mock::given(path("/commits"))
        .and(query_param("page", "2"))
        // A relative link is resolved against the request's URL.
        .respond_with(page(
            things(3..5),
            Some("/commits?per_page=2&page=3".to_string()),
        ))
        .mount(&server)
        .await;
    Mock::given(path("/commits"))
        .and(query_param("page", "3"))
        .respond_with(page(things(5..6), None))
        .mount(&server)
        .await;
    let got = ids(client(&server).commits().list().per_page(2).pages()).await;
    assert_eq!(got, [1, 2, 3, 4, 5]);
    // The link is the whole next URL: the request's own query is not added to it again.
    assert_eq!(
        queries(&server).await,
        ["per_page=2", "per_page=2&page=2", "per_page=2&page=3"]
    );
    let requests = server.received_requests().await.expect("recording");
    assert!(requests
        .iter()
        .all(|r| r.headers.get("x-api-key").is_some()));
}

#[tokio::test]
async fn a_next_url_field_walk_ends_without_one_and_never_leaves_the_origin() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    let base = server.uri();
    Mock::given(path("/reports"))
        .and(query_param_is_missing("page"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({ "data": things(1..3), "next_page_url": format!("{base}/reports?kind=a&page=2") }),
        ))
        .mount(&server)
        .await;
    Mock::given(path("/reports"))
        .and(query_param("page", "2"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "data": things(3..4), "next_page_url": null })),
        )
        .mount(&server)
        .await;
    let got = ids(client(&server).reports().list().kind("a").pages()).await;
    assert_eq!(got, [1, 2, 3]);

    // A link to another host (which would get the API key) ends the walk with an error,
    // before anything is sent there.
    let server = MockServer::start().await;
    Mock::given(path("/reports"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({ "data": things(1..2), "next_page_url": format!("{}/steal", elsewhere.uri()) }),
        ))
        .mount(&server)
        .await;
    let items: Vec<_> = client(&server).reports().list().pages().collect().await;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].as_ref().map(|t| t.id).ok(), Some(1));
    let error = items[1].as_ref().expect_err("refused").to_string();
    assert!(error.contains("another origin"), "{error}");
    assert!(elsewhere
        .received_requests()
        .await
        .expect("recording")
        .is_empty());
}

#[tokio::test]
async fn a_next_query_string_sets_its_parameters_and_keeps_the_others() {
    let server = MockServer::start().await;
    // `next: "page_no=2"` is part of the next request's query: the filter and the page size
    // stay, and a parameter it names again is replaced.
    for (page, body) in [
        (
            None,
            json!({ "count": 3, "next": "page_no=2", "results": things(1..3) }),
        ),
        (
            Some("2"),
            json!({ "count": 3, "next": "page_no=3&limit=1", "results": things(3..4) }),
        ),
        (
            Some("3"),
            json!({ "count": 3, "next": null, "results": [] }),
        ),
    ] {
        let mock = Mock::given(path("/tasks")).and(query_param("status", "done"));
        let mock = match page {
            None => mock.and(query_param_is_missing("page_no")),
            Some(page) => mock.and(query_param("page_no", page)),
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;
    }
    let got = ids(client(&server)
        .tasks()
        .list()
        .status("done")
        .limit(2)
        .pages())
    .await;
    assert_eq!(got, [1, 2, 3]);
    assert_eq!(
        queries(&server).await,
        [
            "status=done&limit=2",
            "status=done&limit=2&page_no=2",
            "status=done&page_no=3&limit=1"
        ]
    );
}

#[tokio::test]
async fn a_method_without_a_builder_has_a_pages_method_too() {
    let server = MockServer::start().await;
    for (page, body) in [("1", things(1..3)), ("2", json!([]))] {
        Mock::given(path("/ledger"))
            .and(query_param("page", page))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;
    }
    // `list(page)` takes the page; `list_pages()` walks them all.
    let one = client(&server).ledger().list(1).await.expect("200");
    assert_eq!(one.len(), 2);
    let got = ids(client(&server).ledger().list_pages()).await;
    assert_eq!(got, [1, 2]);
}

/// Which rule each operation follows, and why; the Gcore page numbering only where the
/// settings state it (they come before what the spec shows).
#[test]
fn paging_rules_come_from_the_spec_or_the_settings_only() {
    let spec = workspace_tests::corpus().join("gcore-streaming.yaml");
    let paged = |settings: generator::Settings| -> Vec<String> {
        let generated = generator::generate_file(&spec, &settings).expect("generates");
        generated
            .api
            .operations
            .iter()
            .filter_map(|op| {
                Some(format!(
                    "{} {:?}",
                    generated.api.call_path(op),
                    op.paging.as_ref()?.rule
                ))
            })
            .collect()
    };
    // Without the settings, nothing in the spec shows that `page` numbers pages; only the AI
    // tasks' `next` ("Pointer to next page, is part of query string of the request") shows
    // how to walk them.
    assert_eq!(
        paged(generator::Settings::new("gcore", "test")),
        [r#"ai_tasks().list NextLink { field: Some(PageField { name: "next", optional: true }) }"#]
    );
    let settings = generator::SettingsFile::parse(&workspace_tests::read(
        &workspace_tests::root().join("spec/corpus/gcore-streaming.yaml"),
    ))
    .expect("settings")
    .apply(generator::Settings::new("gcore", "test"));
    let with = paged(settings);
    assert!(
        with.contains(&r#"streams().list Page { param: "page" }"#.to_string()),
        "{with:?}"
    );
    // `GET /streaming/ai/tasks` too: its items are the `results` of an object.
    assert!(
        with.contains(&r#"ai_tasks().list Page { param: "page" }"#.to_string()),
        "{with:?}"
    );
    assert_eq!(with.len(), 7, "{with:?}");

    // OpenAI's lists show their cursor: `after` and the response's `last_id`, with `has_more`.
    let generated = generator::generate_file(
        &workspace_tests::corpus().join("openai.yaml"),
        &generator::Settings::new("openai", "test"),
    )
    .expect("generates");
    let cursors = generated
        .api
        .operations
        .iter()
        .filter(|op| {
            matches!(
                op.paging.as_ref().map(|p| &p.rule),
                Some(generator::ir::PagingRule::Cursor {
                    has_more: Some(_),
                    ..
                })
            )
        })
        .count();
    assert!(cursors >= 10, "{cursors} cursor-paged OpenAI lists");
}

#[test]
fn a_paging_setting_that_does_not_fit_is_one_clear_error() {
    let spec = r#"
openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - { name: p, in: query, schema: { type: integer } }
      responses:
        '200': { description: ok, content: { application/json: { schema: { type: array, items: { type: string } } } } }
"#;
    let with = |rule: &str| {
        let settings = generator::SettingsFile::parse(&format!(
            "paging: {{ operations: {{ listThings: '{rule}' }} }}"
        ))
        .expect("settings")
        .apply(generator::Settings::new("t", "test"));
        generator::analyze(spec, &settings).map(|(api, _)| api.operations[0].paging.is_some())
    };
    assert!(matches!(with("page:p"), Ok(true)));
    assert!(matches!(with("none"), Ok(false)));
    for (rule, expected) in [
        ("page:q", "no integer query parameter `q`"),
        ("cursor:p:next", "no optional string query parameter `p`"),
        ("sideways", "should be `none`"),
    ] {
        let error = with(rule).expect_err(rule).to_string();
        assert!(error.contains("paging.operations: `listThings`"), "{error}");
        assert!(error.contains(expected), "{error}");
    }
}

#[test]
fn link_headers_are_read_as_rfc_8288_says() {
    use operations_client::reqwest::header::{HeaderMap, HeaderValue, LINK};
    let next = |values: &[&str]| {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(LINK, HeaderValue::from_str(value).expect("header"));
        }
        operations_client::runtime::link_header_next(&headers)
    };
    assert_eq!(
        next(&[r#"<https://a/x?page=2>; rel="next", <https://a/x?page=9>; rel="last""#]),
        Some("https://a/x?page=2".into())
    );
    // Unquoted, among several relations, in another header line, upper case, commas in the URL.
    assert_eq!(
        next(&[
            "<https://a/1>; rel=prev",
            "<https://a/b?q=1,2>; REL=\"last next\""
        ]),
        Some("https://a/b?q=1,2".into())
    );
    assert_eq!(
        next(&["<https://a/1>; rel=next"]),
        Some("https://a/1".into())
    );
    assert_eq!(next(&[r#"<https://a/1>; rel="prev""#]), None);
    assert_eq!(next(&["garbage", "<unclosed; rel=next"]), None);
}
