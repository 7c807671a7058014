//! Credentials on the wire, for every kind of security scheme, against a local HTTP server. The
//! client is `tests/security-client/`, generated from `tests/fixtures/security.yaml` by
//! `cargo xtask codegen`: the document requires `Bearer`, and each operation names its own
//! schemes (`security: []` for none, alternatives, a scheme pair, mutual TLS).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use security_client::auth::{TokenFuture, TokenProvider};
use security_client::{Client, Error};
use wiremock::matchers::{any, body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::new()
        .expect("the HTTP client builds")
        .with_base_url(server.uri())
}

/// The requests the server received at `at`.
async fn requests_to(server: &MockServer, at: &str) -> Vec<Request> {
    let requests = server.received_requests().await.expect("recording is on");
    requests
        .into_iter()
        .filter(|r| r.url.path() == at)
        .collect()
}

/// The one request the server received.
async fn only(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

fn get<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// Every credential-carrying part of a request: the headers that can hold one and the query.
fn credentials_in(request: &Request) -> Vec<String> {
    let mut found: Vec<String> = ["authorization", "x-key", "cookie"]
        .iter()
        .filter_map(|name| get(request, name).map(|v| format!("{name}: {v}")))
        .collect();
    found.extend(request.url.query().map(str::to_string));
    found
}

#[tokio::test]
async fn each_scheme_sends_its_credential_where_the_spec_says() {
    let server = server().await;
    let client = client(&server)
        .with_bearer("bearer-token")
        .with_basic("user", "pa:ss")
        .with_key_header("header-key")
        .with_key_query("query key")
        .with_signature("Signature keyId=\"k\",signature=\"s\"")
        .with_oidc("oidc-token");
    client.via_global().await.expect("bearer");
    client.via_basic().await.expect("basic");
    client.via_header().await.expect("header key");
    client.via_query().q("x").await.expect("query key");
    client.via_custom().await.expect("custom http scheme");
    client.via_oidc().await.expect("openIdConnect");

    let one = |at: &'static str| {
        let server = &server;
        async move {
            let mut requests = requests_to(server, at).await;
            assert_eq!(requests.len(), 1, "{at}");
            requests.remove(0)
        }
    };
    let r = one("/bearer").await;
    assert_eq!(credentials_in(&r), ["authorization: Bearer bearer-token"]);
    let r = one("/basic").await;
    // base64("user:pa:ss")
    assert_eq!(
        credentials_in(&r),
        ["authorization: Basic dXNlcjpwYTpzcw=="]
    );
    let r = one("/header").await;
    assert_eq!(credentials_in(&r), ["x-key: header-key"]);
    let r = one("/query").await;
    assert_eq!(credentials_in(&r), ["q=x&api_key=query+key"]);
    let r = one("/custom").await;
    assert_eq!(
        credentials_in(&r),
        ["authorization: Signature keyId=\"k\",signature=\"s\""]
    );
    let r = one("/oidc").await;
    assert_eq!(credentials_in(&r), ["authorization: Bearer oidc-token"]);
}

#[tokio::test]
async fn cookies_are_encoded_and_share_one_header_with_a_cookie_key() {
    let server = server().await;
    client(&server)
        .with_key_cookie("k;1")
        .via_cookie("en US")
        .theme("dark")
        .size(3)
        .await
        .expect("sent");
    let request = only(&server).await;
    let cookies: Vec<_> = request.headers.get_all("cookie").iter().collect();
    assert_eq!(cookies.len(), 1, "one Cookie header: {cookies:?}");
    assert_eq!(
        cookies[0].to_str().expect("ASCII"),
        "lang=en%20US; theme=dark; size=3; session=k%3B1"
    );

    // Optional cookies left out are not sent at all.
    let server = self::server().await;
    client(&server)
        .with_key_cookie("k")
        .via_cookie("fr")
        .await
        .expect("sent");
    assert_eq!(
        get(&only(&server).await, "cookie"),
        Some("lang=fr; session=k")
    );
}

#[tokio::test]
async fn security_none_sends_nothing_and_missing_credentials_send_no_request() {
    let server = server().await;
    let client = client(&server).with_bearer("t").with_key_header("k");
    client.public().await.expect("public");
    assert!(credentials_in(&only(&server).await).is_empty());

    // Nothing set for `Basic`: the call fails before anything is sent.
    let server = self::server().await;
    let error = self::client(&server)
        .via_basic()
        .await
        .expect_err("no credentials");
    assert!(
        matches!(&error, Error::Credentials(reason) if reason.contains("Basic")),
        "{error}"
    );
    assert!(server
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty());
}

#[tokio::test]
async fn alternatives_use_the_first_one_configured_and_nothing_else() {
    // Only the second alternative (basic) is configured: it is used.
    let server = server().await;
    client(&server)
        .with_basic("u", "p")
        .either()
        .await
        .expect("basic");
    assert_eq!(
        credentials_in(&only(&server).await),
        ["authorization: Basic dTpw"]
    );

    // Both: the first (the key) alone is sent.
    let server = self::server().await;
    client(&server)
        .with_basic("u", "p")
        .with_key_header("k")
        .either()
        .await
        .expect("key");
    assert_eq!(credentials_in(&only(&server).await), ["x-key: k"]);

    // `[{}, {KeyHeader: []}]`: anonymous without a key, the key when there is one.
    let server = self::server().await;
    client(&server).optional_key().await.expect("anonymous");
    assert!(credentials_in(&only(&server).await).is_empty());
    let server = self::server().await;
    client(&server)
        .with_key_header("k")
        .optional_key()
        .await
        .expect("with key");
    assert_eq!(credentials_in(&only(&server).await), ["x-key: k"]);

    // The operation's requirement replaces the document's: no bearer token on `/header`.
    let server = self::server().await;
    client(&server)
        .with_bearer("t")
        .with_key_header("k")
        .via_header()
        .await
        .expect("key");
    assert_eq!(credentials_in(&only(&server).await), ["x-key: k"]);

    // Mutual TLS lives in the HTTP client: the operation needs nothing on the request.
    let server = self::server().await;
    client(&server).via_mtls().await.expect("mtls");
    assert!(credentials_in(&only(&server).await).is_empty());
}

/// A redirect to another host is not followed, whatever carries the credential: the host
/// named by `Location` receives nothing, and the 3xx is the answer. Within the origin, the
/// redirect is followed.
#[tokio::test]
async fn no_credential_follows_a_redirect_to_another_host() {
    let elsewhere = server().await;
    let api = MockServer::start().await;
    let location = format!("{}/landing", elsewhere.uri());
    Mock::given(path("/redirect"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", location.as_str()))
        .mount(&api)
        .await;
    let response = client(&api)
        .with_key_header("h")
        .with_key_query("q")
        .with_key_cookie("c")
        .redirect()
        .with_response()
        .await;
    match response {
        Err(Error::Api { status, .. }) => assert_eq!(status.as_u16(), 302),
        other => panic!("expected the declared 302, got {other:?}"),
    }
    let sent = only(&api).await;
    assert_eq!(
        credentials_in(&sent),
        ["x-key: h", "cookie: session=c", "api_key=q"]
    );
    assert!(elsewhere
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty());

    let same = MockServer::start().await;
    let moved = format!("{}/moved", same.uri());
    Mock::given(path("/redirect"))
        .respond_with(ResponseTemplate::new(307).insert_header("location", moved.as_str()))
        .mount(&same)
        .await;
    Mock::given(path("/moved"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&same)
        .await;
    client(&same)
        .with_key_header("h")
        .with_key_query("q")
        .with_key_cookie("c")
        .redirect()
        .await
        .expect("followed within the origin");
    let moved = requests_to(&same, "/moved").await;
    assert_eq!(moved.len(), 1);
    // And no `Referer` repeats the first URL (with its `?q=` key) to the redirect's target.
    assert!(
        !moved[0].headers.contains_key("referer"),
        "{:?}",
        moved[0].headers
    );
}

fn token_answer(token: &str, expires_in: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": expires_in,
    }))
}

#[tokio::test]
async fn oauth2_client_credentials_fetch_once_and_share_the_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        // The client authenticates with HTTP basic; the requirement's scope is asked for.
        .and(header("authorization", "Basic aWQ6c2VjcmV0"))
        .and(body_string_contains("grant_type=client_credentials"))
        .and(body_string_contains("scope=read"))
        .respond_with(token_answer("t1", 3600).set_delay(Duration::from_millis(200)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/oauth"))
        .and(header("authorization", "Bearer t1"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    // The token URL is relative (`/oauth/token`): resolved against the base URL.
    let client = client(&server).with_o_auth_client_credentials("id", "secret");
    // Concurrent calls wait for the one fetch under way.
    let calls = (0..5).map(|_| client.via_oauth());
    for result in futures_util::future::join_all(calls).await {
        result.expect("authorised");
    }
    client.via_oauth().await.expect("cached token");
    server.verify().await;
}

#[tokio::test]
async fn oauth2_refresh_tokens_are_exchanged_and_rotated() {
    let server = MockServer::start().await;
    // The authorization-code flow's `refreshUrl` (`/oauth/refresh`) takes the refresh token; a
    // server that rotates them answers with the next one, which the next exchange sends.
    for (refresh, access, next) in [("r1", "a1", "r2"), ("r2", "a2", "r3")] {
        Mock::given(method("POST"))
            .and(path("/oauth/refresh"))
            .and(header("authorization", "Basic aWQ6c2VjcmV0"))
            .and(body_string_contains("grant_type=refresh_token"))
            .and(body_string_contains(format!("refresh_token={refresh}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "access_token": access,
                "token_type": "Bearer",
                "expires_in": 3600,
                "refresh_token": next,
            })))
            .expect(1)
            .mount(&server)
            .await;
    }
    // `a1` is refused (revoked): the client exchanges `r2` for `a2` and sends the request again.
    Mock::given(path("/oauth"))
        .and(header("authorization", "Bearer a1"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(path("/oauth"))
        .and(header("authorization", "Bearer a2"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client(&server).with_o_auth_refresh_token("id", "secret", "r1");
    client.via_oauth().await.expect("refreshed after 401");
    client.via_oauth().await.expect("cached token");
    server.verify().await;
    assert!(requests_to(&server, "/oauth/token").await.is_empty());
    // The refresh token is a secret: not in the client's `Debug` output.
    let debug = format!("{client:?}");
    assert!(!debug.contains("r1") && !debug.contains("r3"), "{debug}");
}

#[tokio::test]
async fn oauth2_password_flow_exchanges_the_users_name_and_password() {
    let server = MockServer::start().await;
    // The password flow's `tokenUrl` (`/oauth/password`) takes the user's name and password,
    // with the client's own id and secret as HTTP basic.
    Mock::given(method("POST"))
        .and(path("/oauth/password"))
        .and(header("authorization", "Basic aWQ6c2VjcmV0"))
        .and(body_string_contains("grant_type=password"))
        .and(body_string_contains("username=ann"))
        .and(body_string_contains("password=hunter%262"))
        .and(body_string_contains("scope=read"))
        .respond_with(token_answer("p1", 3600))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/oauth"))
        .and(header("authorization", "Bearer p1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server).with_o_auth_password("id", "secret", "ann", "hunter&2");
    client.via_oauth().await.expect("authorised");
    client.via_oauth().await.expect("cached token");
    server.verify().await;
    // The password is a secret: not in the client's `Debug` output.
    let debug = format!("{client:?}");
    assert!(!debug.contains("hunter"), "{debug}");
}

/// The device authorization flow's endpoints (OpenAPI 3.2's `deviceAuthorization`): the code
/// request, and the token endpoint answering `authorization_pending` until `approval`.
async fn device_server(approval: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/device"))
        // A public client: its id in the form, no secret, no basic authentication.
        .and(body_string_contains("client_id=cli"))
        .and(body_string_contains("scope=read"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "device_code": "dc1",
            "user_code": "WDJB-MJHT",
            "verification_uri": "https://example.com/device",
            "expires_in": 60,
            // Polled no more than once a second, whatever the server allows.
            "interval": 0,
        })))
        .expect(1)
        .mount(&server)
        .await;
    let device_grant = || {
        body_string_contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code")
    };
    Mock::given(method("POST"))
        .and(path("/oauth/device-token"))
        .and(device_grant())
        .and(body_string_contains("device_code=dc1"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(serde_json::json!({"error": "authorization_pending"})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/device-token"))
        .and(device_grant())
        .respond_with(approval)
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn oauth2_device_flow_polls_until_approved_then_refreshes() {
    let server = device_server(ResponseTemplate::new(200).set_body_json(serde_json::json!({
        "access_token": "d1",
        "token_type": "Bearer",
        "expires_in": 3600,
        "refresh_token": "dr1",
    })))
    .await;
    // The approved flow's refresh token is exchanged at the same token URL when `d1` is refused.
    Mock::given(method("POST"))
        .and(path("/oauth/device-token"))
        .and(body_string_contains("grant_type=refresh_token"))
        .and(body_string_contains("refresh_token=dr1"))
        .and(body_string_contains("client_id=cli"))
        .respond_with(token_answer("d2", 3600))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/oauth"))
        .and(header("authorization", "Bearer d1"))
        .respond_with(ResponseTemplate::new(204))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/oauth"))
        .and(header("authorization", "Bearer d1"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(path("/oauth"))
        .and(header("authorization", "Bearer d2"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client(&server);
    let authorization = client
        .start_o_auth_device_authorization("cli", &["read"])
        .await
        .expect("a code");
    assert_eq!(authorization.user_code, "WDJB-MJHT");
    assert_eq!(authorization.verification_uri, "https://example.com/device");
    assert_eq!(authorization.expires_in, Duration::from_secs(60));
    // The device code is a secret: not in the `Debug` output.
    assert!(!format!("{authorization:?}").contains("dc1"));
    let started = std::time::Instant::now();
    let client = client
        .with_o_auth_device_authorization(authorization)
        .await
        .expect("approved on the second poll");
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "polled once a second"
    );
    client.via_oauth().await.expect("the device flow's token");
    client.via_oauth().await.expect("refreshed after 401");
    server.verify().await;
    let debug = format!("{client:?}");
    assert!(!debug.contains("dr1") && !debug.contains("d2"), "{debug}");
}

#[tokio::test]
async fn oauth2_device_flow_reports_a_refusal() {
    let server = device_server(
        ResponseTemplate::new(400).set_body_json(serde_json::json!({"error": "access_denied"})),
    )
    .await;
    let client = client(&server);
    let authorization = client
        .start_o_auth_device_authorization("cli", &["read"])
        .await
        .expect("a code");
    let refused = client.with_o_auth_device_authorization(authorization).await;
    assert!(
        matches!(refused, Err(security_client::auth::DeviceFlowError::Denied)),
        "{:?}",
        refused.map(|_| ())
    );
    server.verify().await;
}

/// A token endpoint that answers with more than a token response could hold (here 2 MiB of
/// JSON) is refused once the limit is passed: the client never holds an unbounded body.
#[tokio::test]
async fn an_oversized_token_response_is_refused() {
    let server = MockServer::start().await;
    let padding = "x".repeat(2 << 20);
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "t",
            "padding": padding,
        })))
        .mount(&server)
        .await;
    let client = client(&server).with_o_auth_client_credentials("id", "secret");
    let error = client.via_oauth().await.expect_err("refused");
    assert!(
        error.to_string().contains("longer than 1048576 bytes"),
        "{error}"
    );
}

#[tokio::test]
async fn oauth2_tokens_are_fetched_again_when_they_expire_or_are_refused() {
    let server = MockServer::start().await;
    // First answer: a token that expires in 1 s (kept for half of it); then another.
    Mock::given(path("/oauth/token"))
        .respond_with(token_answer("short", 1))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/oauth/token"))
        .respond_with(token_answer("revoked", 3600))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/oauth/token"))
        .respond_with(token_answer("fresh", 3600))
        .mount(&server)
        .await;
    Mock::given(path("/oauth"))
        .and(header("authorization", "Bearer revoked"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(path("/oauth"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client(&server).with_o_auth_client_credentials("id", "secret");
    client.via_oauth().await.expect("short-lived token");
    tokio::time::sleep(Duration::from_millis(600)).await;
    // Expired: fetched again ("revoked"), refused with 401, fetched again ("fresh"), resent.
    client.via_oauth().await.expect("refreshed after 401");
    let sent: Vec<String> = requests_to(&server, "/oauth")
        .await
        .iter()
        .filter_map(|r| get(r, "authorization").map(str::to_string))
        .collect();
    assert_eq!(sent, ["Bearer short", "Bearer revoked", "Bearer fresh"]);
    assert_eq!(requests_to(&server, "/oauth/token").await.len(), 3);

    // A server that refuses every token: one refresh, then the 401 is the answer.
    let refusing = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(token_answer("t", 3600))
        .mount(&refusing)
        .await;
    Mock::given(path("/oauth"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&refusing)
        .await;
    let error = self::client(&refusing)
        .with_o_auth_client_credentials("id", "secret")
        .via_oauth()
        .await
        .expect_err("refused");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(requests_to(&refusing, "/oauth").await.len(), 2);

    // A failing token endpoint is a credentials error; nothing reaches the operation.
    let broken = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(400))
        .mount(&broken)
        .await;
    let error = self::client(&broken)
        .with_o_auth_client_credentials("id", "secret")
        .via_oauth()
        .await
        .expect_err("no token");
    assert!(
        matches!(&error, Error::Credentials(reason) if reason.contains("400")),
        "{error}"
    );
    assert!(requests_to(&broken, "/oauth").await.is_empty());
}

/// A provider the user writes: counts its calls and what it was told to forget.
#[derive(Debug, Default)]
struct Vault {
    calls: AtomicUsize,
    forgotten: std::sync::Mutex<Vec<String>>,
}

/// What the client holds: the test keeps another handle to look inside.
#[derive(Debug, Clone)]
struct Shared(Arc<Vault>);

impl TokenProvider for Shared {
    fn token<'a>(&'a self, scopes: &'a [&'a str]) -> TokenFuture<'a> {
        Box::pin(async move {
            let n = self.0.calls.fetch_add(1, Ordering::SeqCst);
            Ok(format!("vault-{n}-{}", scopes.join("+")))
        })
    }

    fn invalidate(&self, token: &str) {
        let mut forgotten = self.0.forgotten.lock().expect("not poisoned");
        forgotten.push(token.to_string());
    }
}

#[tokio::test]
async fn a_custom_provider_serves_any_scheme() {
    let vault = Arc::new(Vault::default());
    let server = MockServer::start().await;
    Mock::given(path("/oauth"))
        .and(header("authorization", "Bearer vault-0-read"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client(&server)
        .with_o_auth_provider(Shared(vault.clone()))
        .with_key_header_provider(Shared(vault.clone()));
    client.via_oauth().await.expect("second token accepted");
    client.via_header().await.expect("key from the provider");
    let sent: Vec<Vec<String>> = server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(credentials_in)
        .collect();
    assert_eq!(
        sent,
        [
            vec!["authorization: Bearer vault-0-read".to_string()],
            vec!["authorization: Bearer vault-1-read".to_string()],
            vec!["x-key: vault-2-".to_string()],
        ]
    );
    assert_eq!(
        *vault.forgotten.lock().expect("not poisoned"),
        ["vault-0-read"]
    );
}

#[test]
fn from_env_reads_each_schemes_variables() {
    // The only test in this binary that touches these variables.
    for name in [
        "SECURITY_BEARER_TOKEN",
        "SECURITY_USERNAME",
        "SECURITY_PASSWORD",
    ] {
        std::env::remove_var(name);
    }
    match Client::from_env() {
        Err(security_client::ConfigError::Missing { names }) => {
            assert!(names.contains(&"SECURITY_USERNAME"), "{names:?}")
        }
        other => panic!("expected missing credentials, got {other:?}"),
    }
    std::env::set_var("SECURITY_USERNAME", "user");
    match Client::from_env() {
        Err(security_client::ConfigError::Env { name, .. }) => {
            assert_eq!(name, "SECURITY_PASSWORD")
        }
        other => panic!("expected the missing password, got {other:?}"),
    }
    std::env::set_var("SECURITY_PASSWORD", "very-secret");
    let client = Client::from_env().expect("basic credentials set");
    assert!(!format!("{client:?}").contains("very-secret"));
    for name in ["SECURITY_USERNAME", "SECURITY_PASSWORD"] {
        std::env::remove_var(name);
    }
}

/// The corpus's HTTP-basic API: one scheme, so `Client::new` takes the user name and password,
/// and `from_env` requires both variables.
#[test]
fn twilio_sends_basic_auth_from_the_environment() {
    let spec = workspace_tests::corpus().join("twilio-api-v2010.json");
    let settings = generator::Settings::new("twilio-api-v2010", "cargo xtask corpus");
    let generated = generator::generate_file(&spec, &settings).expect("twilio generates");
    let client = workspace_tests::file(&generated, "src/client.rs");
    let squeezed: String = client.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        r#"name: "accountSid_authToken", place: Place::Basic"#,
        "pub fn new( username: impl Into<String>, password: impl Into<String>, ) -> Result<Self, ConfigError>",
        r#"client = client .with_account_sid_auth_token( required("TWILIO_USERNAME")?, required("TWILIO_PASSWORD")?, );"#,
    ] {
        assert!(squeezed.contains(expected), "missing: {expected}");
    }
    assert!(generated
        .notes
        .iter()
        .all(|n| !n.message.contains("security")));
}

/// The `auth` module keeps `ClientCredentials` whenever a setter the client writes uses it:
/// for an API whose only OAuth2 flow is the password flow too (contribly.com's spec, from
/// APIs.guru, generated a crate that did not compile when the module left it out).
#[test]
fn every_token_flow_keeps_what_fetches_its_tokens() {
    for (version, flow, builds) in [
        (
            "3.0.3",
            "clientCredentials: {tokenUrl: /token, scopes: {}}",
            "ClientCredentials::new",
        ),
        (
            "3.0.3",
            "password: {tokenUrl: /token, scopes: {}}",
            "ClientCredentials::new",
        ),
        (
            "3.0.3",
            "authorizationCode: {authorizationUrl: /auth, tokenUrl: /token, scopes: {}}",
            "ClientCredentials::new",
        ),
        (
            "3.2.0",
            "deviceAuthorization: {deviceAuthorizationUrl: /device, tokenUrl: /token, scopes: {}}",
            "DeviceAuthorization::start",
        ),
    ] {
        let spec = format!(
            "openapi: {version}\ninfo: {{title: T, version: '1'}}\nsecurity: [{{o: []}}]\npaths:\n  /a:\n    get:\n      responses: {{'204': {{description: ok}}}}\ncomponents:\n  securitySchemes:\n    o: {{type: oauth2, flows: {{{flow}}}}}\n"
        );
        let generated = generator::generate(&spec, &workspace_tests::fixture_settings())
            .unwrap_or_else(|e| panic!("{flow}: {e}"));
        let file = |name: &str| workspace_tests::file(&generated, name);
        assert!(file("src/client.rs").contains(builds), "{flow}");
        assert!(
            file("src/auth.rs").contains("pub struct ClientCredentials"),
            "{flow}: the client builds ClientCredentials, so auth.rs must define it"
        );
    }
}
