//! Credentials: how each security scheme of the API puts them on a request, which scheme an
//! operation uses, and (when the API has an OAuth2 scheme the client runs) the token fetching
//! and cache of `ClientCredentials` and the device authorization flow of
//! `DeviceAuthorization`.
//!
//! Like `runtime`, nothing here depends on the API: the generator copies this module verbatim
//! into every crate with operations, and the crate's `Client` describes its schemes with
//! [`Scheme`] values and sets their credentials through its `with_*` methods.
//!
//! # Which credentials a request carries
//!
//! Each operation lists the ways it can authenticate (the spec's `security`, or the document's
//! when the operation has none); each way names one or more schemes. A request uses the first
//! way whose schemes all have credentials, and carries those and no others. `security: []`
//! sends none. When no way can be satisfied, the call fails with
//! [`Error::Credentials`](super::runtime::Error::Credentials) before anything is sent.
//!
//! Credentials are applied to every attempt, after the request is built: a retried request or
//! one sent again with a refreshed token carries the current token. A `401` to a request that
//! used a [`TokenProvider`] makes the provider [forget](TokenProvider::invalidate) that token,
//! and the request is sent once more with a new one.
//!
//! No credential reaches another host: the client follows redirects only within the request's
//! origin (see `runtime`), and header values holding a credential are marked sensitive.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use reqwest::header::{HeaderValue, AUTHORIZATION, COOKIE};

/// Any error a [`TokenProvider`] reports.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What [`TokenProvider::token`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<String, BoxError>> + Send + 'a>>;

/// A source of credentials computed at call time: OAuth2 flows other than client credentials,
/// OpenID Connect, tokens from a vault, keys that rotate. It can stand in for any scheme: the
/// value it gives is sent as that scheme sends its credential (an API key as the key, a token
/// as `Authorization: Bearer <token>`, for HTTP basic `username:password`).
pub trait TokenProvider: fmt::Debug + Send + Sync {
    /// A credential for a request that needs `scopes` (the operation's, from the spec; often
    /// none). Called for every attempt, so a provider caches what it fetches.
    fn token<'a>(&'a self, scopes: &'a [&'a str]) -> TokenFuture<'a>;

    /// The server answered `401` to a request carrying `token`: forget it, so that the next
    /// [`token`](TokenProvider::token) gets a new one. The request is then sent once more.
    fn invalidate(&self, token: &str) {
        let _ = token;
    }
}

/// Where a scheme puts its credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// An API key in a header, optionally after a word and a space (`Authorization: apikey
    /// <key>`); a key that already starts with that word is sent as it is.
    Header {
        /// The header's name.
        name: &'static str,
        /// The word before the key.
        prefix: Option<&'static str>,
    },
    /// An API key as a query parameter of this name.
    Query(&'static str),
    /// An API key as a cookie of this name (in the request's one `Cookie` header).
    Cookie(&'static str),
    /// HTTP basic: `Authorization: Basic base64(username:password)`.
    Basic,
    /// A bearer token (HTTP bearer, OAuth2, OpenID Connect): `Authorization: Bearer <token>`.
    Bearer,
    /// Another HTTP scheme: the credential is the whole `Authorization` value.
    Authorization,
    /// Mutual TLS: the client certificate is part of the HTTP client
    /// (`Client::with_http_client`), so the scheme is always satisfied and adds nothing.
    Transport,
}

/// One security scheme of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme {
    /// Its name in the spec (`components.securitySchemes`).
    pub name: &'static str,
    /// Where its credential goes.
    pub place: Place,
}

/// One way an operation can authenticate: schemes (indexes into the client's schemes), each
/// with the scopes it needs. All of them are sent.
pub type Requirement = &'static [(usize, &'static [&'static str])];

/// A secret string, kept out of `Debug` output so that logging a client cannot leak it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// The credential of one scheme.
#[derive(Debug, Clone)]
pub enum Credential {
    /// A fixed key or token.
    Secret(Secret),
    /// A user name and password (HTTP basic).
    Basic {
        /// The user name.
        username: String,
        /// The password.
        password: Secret,
    },
    /// A value computed per request.
    Provider(Arc<dyn TokenProvider>),
}

/// The schemes of an API and the credentials set for them.
#[derive(Debug, Clone)]
pub(crate) struct Auth {
    schemes: &'static [Scheme],
    credentials: Vec<Option<Credential>>,
}

/// A token a request carried, from a provider: forgotten if the server refuses it.
pub(crate) struct Used {
    provider: Arc<dyn TokenProvider>,
    token: String,
}

impl Used {
    pub(crate) fn invalidate(&self) {
        self.provider.invalidate(&self.token);
    }
}

impl Auth {
    pub(crate) fn new(schemes: &'static [Scheme]) -> Self {
        Auth {
            schemes,
            credentials: vec![None; schemes.len()],
        }
    }

    /// Sets (or replaces) the credential of scheme `index`.
    // Called by the `Client`'s credential setters: a crate whose API has no schemes has none.
    #[allow(dead_code)]
    pub(crate) fn set(&mut self, index: usize, credential: Credential) {
        if let Some(slot) = self.credentials.get_mut(index) {
            *slot = Some(credential);
        }
    }

    fn satisfied(&self, requirement: Requirement) -> bool {
        requirement.iter().all(|(index, _)| {
            self.schemes
                .get(*index)
                .is_some_and(|s| s.place == Place::Transport)
                || self.credentials.get(*index).is_some_and(Option::is_some)
        })
    }

    /// Adds to `request` the credentials of the first of `security` that can be satisfied (an
    /// anonymous alternative, `{}`, only when no other can), and returns the provider tokens
    /// it used.
    pub(crate) async fn apply(
        &self,
        security: &[Requirement],
        request: &mut reqwest::Request,
    ) -> Result<Vec<Used>, String> {
        if security.is_empty() {
            return Ok(Vec::new());
        }
        let chosen = security
            .iter()
            .find(|r| !r.is_empty() && self.satisfied(r))
            .or_else(|| security.iter().find(|r| r.is_empty()));
        let Some(requirement) = chosen else {
            let mut names: Vec<&str> = security
                .iter()
                .flat_map(|r| r.iter())
                .filter_map(|(index, _)| self.schemes.get(*index).map(|s| s.name))
                .collect();
            names.dedup();
            return Err(format!(
                "this operation needs credentials for {}, and none are set",
                names.join(" or ")
            ));
        };
        let mut used = Vec::new();
        for (index, scopes) in requirement.iter() {
            let (Some(scheme), Some(Some(credential))) =
                (self.schemes.get(*index), self.credentials.get(*index))
            else {
                continue;
            };
            let value = match credential {
                Credential::Secret(secret) => secret.expose().to_string(),
                Credential::Basic { username, password } => {
                    format!("{username}:{}", password.expose())
                }
                Credential::Provider(provider) => {
                    let token = provider.token(scopes).await.map_err(|e| {
                        format!("the credential provider for {} failed: {e}", scheme.name)
                    })?;
                    used.push(Used {
                        provider: provider.clone(),
                        token: token.clone(),
                    });
                    token
                }
            };
            put(scheme, &value, request)
                .map_err(|reason| format!("the credential for {}: {reason}", scheme.name))?;
        }
        Ok(used)
    }
}

/// Puts `value`, the credential of `scheme`, on `request`.
fn put(scheme: &Scheme, value: &str, request: &mut reqwest::Request) -> Result<(), &'static str> {
    let header = |text: String| {
        let mut value =
            HeaderValue::from_str(&text).map_err(|_| "it is not a valid header value")?;
        value.set_sensitive(true);
        Ok::<_, &'static str>(value)
    };
    match scheme.place {
        Place::Header { name, prefix } => {
            let text = match prefix {
                // Accept the key with or without the word the API expects before it.
                Some(word)
                    if !value
                        .get(..word.len() + 1)
                        .is_some_and(|start| start.eq_ignore_ascii_case(&format!("{word} "))) =>
                {
                    format!("{word} {value}")
                }
                _ => value.to_string(),
            };
            let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| "the scheme's header name is not valid")?;
            request.headers_mut().insert(name, header(text)?);
        }
        Place::Query(name) => {
            request.url_mut().query_pairs_mut().append_pair(name, value);
        }
        Place::Cookie(name) => {
            let pair = format!("{name}={}", cookie_value(value));
            let text = match request.headers().get(COOKIE).and_then(|v| v.to_str().ok()) {
                Some(existing) => format!("{existing}; {pair}"),
                None => pair,
            };
            request.headers_mut().insert(COOKIE, header(text)?);
        }
        Place::Basic => {
            let text = format!("Basic {}", base64(value.as_bytes()));
            request.headers_mut().insert(AUTHORIZATION, header(text)?);
        }
        Place::Bearer => {
            let text = format!("Bearer {value}");
            request.headers_mut().insert(AUTHORIZATION, header(text)?);
        }
        Place::Authorization => {
            request
                .headers_mut()
                .insert(AUTHORIZATION, header(value.to_string())?);
        }
        Place::Transport => {}
    }
    Ok(())
}

/// A cookie value as RFC 6265 allows it: bytes outside `cookie-octet` (controls, space, `"`,
/// `,`, `;`, `\`, non-ASCII) and `%` itself are percent-encoded, so no value can end the
/// cookie or start another.
pub fn cookie_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            0x21 | 0x23..=0x24 | 0x26..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The `Cookie` header of an operation's cookie parameters (those set), each value encoded by
/// [`cookie_value`]; `None` when none is set.
pub fn cookie_header<'a>(
    pairs: impl IntoIterator<Item = (&'a str, Option<String>)>,
) -> Option<String> {
    let joined: Vec<String> = pairs
        .into_iter()
        .filter_map(|(name, value)| Some(format!("{name}={}", cookie_value(&value?))))
        .collect();
    (!joined.is_empty()).then(|| joined.join("; "))
}

/// Standard base64 with padding (HTTP basic credentials).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

// oauth2: the client's own token fetching. The generator leaves this part out of a crate
// whose API has no OAuth2 scheme the client runs (it is most of what this module compiles to).

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// OAuth2 tokens fetched by the client: from the token URL with the client's id and secret
/// (sent as HTTP basic, as RFC 6749 asks servers to accept; a public client's empty secret
/// sends the id in the form instead), by the client-credentials grant,
/// the refresh-token grant ([`ClientCredentials::refresh_token`]) or the resource owner's
/// password grant ([`ClientCredentials::password`]); cached per set of
/// scopes until shortly before they expire (`expires_in`; a token without one is kept until the
/// server refuses it). Concurrent calls share one fetch.
pub struct ClientCredentials {
    http: reqwest::Client,
    token_url: String,
    client_id: String,
    client_secret: Secret,
    /// The refresh token, for the refresh-token grant: replaced by the one a server answers
    /// with, as servers that rotate them require.
    refresh_token: Option<Mutex<Secret>>,
    /// The user name and password, for the password grant.
    password: Option<(String, Secret)>,
    cache: Mutex<BTreeMap<String, (String, Option<Instant>)>>,
    fetching: tokio::sync::Mutex<()>,
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("refresh_token", &self.refresh_token.as_ref().map(|_| "***"))
            .field(
                "password",
                &self.password.as_ref().map(|(user, _)| (user, "***")),
            )
            .finish_non_exhaustive()
    }
}

impl ClientCredentials {
    /// The longest a token is used before its expiry: it is fetched anew this long before (or
    /// half its lifetime before, for short-lived ones).
    pub const EXPIRY_MARGIN: Duration = Duration::from_secs(30);

    /// How long fetching a token may take.
    pub const TIMEOUT: Duration = Duration::from_secs(30);

    /// The largest token response read (a token endpoint answers a few hundred bytes): a
    /// server cannot make the client hold an unbounded body, here as elsewhere.
    pub const MAX_RESPONSE: usize = 1 << 20;

    /// Tokens from `token_url` for `client_id`, fetched through `http`.
    pub fn new(
        http: reqwest::Client,
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        ClientCredentials {
            http,
            token_url: token_url.into(),
            client_id: client_id.into(),
            client_secret: Secret::new(client_secret),
            refresh_token: None,
            password: None,
            cache: Mutex::new(BTreeMap::new()),
            fetching: tokio::sync::Mutex::new(()),
        }
    }

    /// Fetches tokens by the refresh-token grant (RFC 6749 §6) instead, from `refresh_token`
    /// (obtained once through the authorization-code flow).
    pub fn refresh_token(mut self, refresh_token: impl Into<String>) -> Self {
        self.refresh_token = Some(Mutex::new(Secret::new(refresh_token)));
        self
    }

    /// Fetches tokens by the resource owner's password grant (RFC 6749 §4.3) instead, for
    /// `username` and `password`.
    pub fn password(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.password = Some((username.into(), Secret::new(password)));
        self
    }

    fn cached(&self, key: &str) -> Option<String> {
        let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        match cache.get(key) {
            Some((token, expires)) if expires.is_none_or(|at| Instant::now() < at) => {
                Some(token.clone())
            }
            _ => None,
        }
    }

    async fn fetch(&self, scopes: &[&str]) -> Result<String, BoxError> {
        let key = scopes.join(" ");
        if let Some(token) = self.cached(&key) {
            return Ok(token);
        }
        // One fetch at a time: whoever waited here finds the token the first one fetched.
        let _fetching = self.fetching.lock().await;
        if let Some(token) = self.cached(&key) {
            return Ok(token);
        }
        let refresh = self.refresh_token.as_ref().map(|held| {
            let held = held.lock().unwrap_or_else(|e| e.into_inner());
            held.expose().to_string()
        });
        let mut form = match (&refresh, &self.password) {
            (Some(token), _) => vec![
                ("grant_type", "refresh_token"),
                ("refresh_token", token.as_str()),
            ],
            (None, Some((username, password))) => vec![
                ("grant_type", "password"),
                ("username", username.as_str()),
                ("password", password.expose()),
            ],
            (None, None) => vec![("grant_type", "client_credentials")],
        };
        if !key.is_empty() {
            form.push(("scope", &key));
        }
        let (status, answer) = token_call(
            &self.http,
            &self.token_url,
            &self.client_id,
            &self.client_secret,
            form,
        )
        .await?;
        if !status.is_success() {
            return Err(format!("the token endpoint answered {status}").into());
        }
        let (token, expires) = access_token(&answer)?;
        if let (Some(held), Some(next)) = (
            &self.refresh_token,
            answer
                .get("refresh_token")
                .and_then(serde_json::Value::as_str),
        ) {
            *held.lock().unwrap_or_else(|e| e.into_inner()) = Secret::new(next);
        }
        self.cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, (token.clone(), expires));
        Ok(token)
    }
}

impl TokenProvider for ClientCredentials {
    fn token<'a>(&'a self, scopes: &'a [&'a str]) -> TokenFuture<'a> {
        Box::pin(self.fetch(scopes))
    }

    fn invalidate(&self, token: &str) {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.retain(|_, (cached, _)| cached != token);
    }
}

/// Posts `form` to a token endpoint and reads its JSON answer (bounded by
/// [`ClientCredentials::MAX_RESPONSE`]). The client authenticates with HTTP basic, as RFC 6749
/// asks servers to accept; a public client (no secret: the device flow's) sends its id in the
/// form instead (RFC 6749 §2.3.1). An answer that is no JSON is an error only on success: an
/// error answer's status is what the caller reads then.
async fn token_call(
    http: &reqwest::Client,
    url: &str,
    client_id: &str,
    client_secret: &Secret,
    mut form: Vec<(&str, &str)>,
) -> Result<(reqwest::StatusCode, serde_json::Value), BoxError> {
    let mut request = http.post(url);
    if client_secret.expose().is_empty() {
        form.push(("client_id", client_id));
    } else {
        request = request.basic_auth(client_id, Some(client_secret.expose()));
    }
    let mut response = request
        .form(&form)
        .timeout(ClientCredentials::TIMEOUT)
        .send()
        .await
        .map_err(|e| format!("token request failed: {}", e.without_url()))?;
    let status = response.status();
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| format!("token response could not be read: {}", e.without_url()))?
    {
        if body.len() + chunk.len() > ClientCredentials::MAX_RESPONSE {
            return Err(format!(
                "the token response is longer than {} bytes",
                ClientCredentials::MAX_RESPONSE
            )
            .into());
        }
        body.extend_from_slice(&chunk);
    }
    match serde_json::from_slice(&body) {
        Ok(answer) => Ok((status, answer)),
        Err(_) if !status.is_success() => Ok((status, serde_json::Value::Null)),
        Err(e) => Err(format!("the token response is not JSON: {e}").into()),
    }
}

/// A token answer's access token, and when to stop using it (`expires_in`, less
/// [`ClientCredentials::EXPIRY_MARGIN`]; `None` without one).
fn access_token(answer: &serde_json::Value) -> Result<(String, Option<Instant>), BoxError> {
    let token = answer
        .get("access_token")
        .and_then(serde_json::Value::as_str)
        .ok_or("the token response has no access_token")?
        .to_string();
    let expires = answer
        .get("expires_in")
        .and_then(serde_json::Value::as_f64)
        .and_then(|seconds| Duration::try_from_secs_f64(seconds).ok())
        .and_then(|lifetime| {
            let margin = ClientCredentials::EXPIRY_MARGIN.min(lifetime / 2);
            Instant::now().checked_add(lifetime - margin)
        });
    Ok((token, expires))
}

/// An OAuth2 device authorization flow under way (RFC 8628), from the client's
/// `start_{scheme}_device_authorization`: show the user [`user_code`](Self::user_code) and
/// [`verification_uri`](Self::verification_uri) (they approve on any device with a browser),
/// then give it to the client's `with_{scheme}_device_authorization`, which waits for their
/// answer.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DeviceAuthorization {
    /// The code the user enters at [`verification_uri`](Self::verification_uri).
    pub user_code: String,
    /// Where the user enters the code.
    pub verification_uri: String,
    /// The same page with the code in it, when the server gives one (for a link or a QR code).
    pub verification_uri_complete: Option<String>,
    /// How long the code stays valid.
    pub expires_in: Duration,
    device_code: Secret,
    interval: Duration,
    deadline: Instant,
    http: reqwest::Client,
    token_url: String,
    client_id: String,
    scopes: String,
}

/// Why an OAuth2 device authorization flow gave no tokens.
#[derive(Debug)]
#[non_exhaustive]
pub enum DeviceFlowError {
    /// The user refused (`access_denied`).
    Denied,
    /// The code expired before the user approved it (`expired_token`, or its `expires_in`
    /// passed): start again.
    Expired,
    /// The server could not be reached, or answered what the flow does not allow.
    Failed(BoxError),
}

impl fmt::Display for DeviceFlowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeviceFlowError::Denied => f.write_str("the user refused the device authorization"),
            DeviceFlowError::Expired => {
                f.write_str("the device code expired before the user approved it")
            }
            DeviceFlowError::Failed(e) => write!(f, "the device authorization failed: {e}"),
        }
    }
}

impl std::error::Error for DeviceFlowError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DeviceFlowError::Failed(e) => Some(&**e),
            _ => None,
        }
    }
}

impl DeviceAuthorization {
    /// The shortest wait between two polls, whatever the server asks (RFC 8628 §3.5 lets it
    /// ask for any): a server answering `interval: 0` cannot make the client flood it.
    pub const MIN_INTERVAL: Duration = Duration::from_secs(1);

    /// Asks `url` (the flow's `deviceAuthorizationUrl`) for a code for `client_id` and
    /// `scopes`; its tokens will come from `token_url`.
    pub async fn start(
        http: reqwest::Client,
        url: &str,
        token_url: String,
        client_id: String,
        scopes: &[&str],
    ) -> Result<Self, DeviceFlowError> {
        let scopes = scopes.join(" ");
        let mut form = Vec::new();
        if !scopes.is_empty() {
            form.push(("scope", scopes.as_str()));
        }
        let no_secret = Secret::new("");
        let (status, answer) = token_call(&http, url, &client_id, &no_secret, form)
            .await
            .map_err(DeviceFlowError::Failed)?;
        if !status.is_success() {
            let why = format!("the device authorization endpoint answered {status}");
            return Err(DeviceFlowError::Failed(why.into()));
        }
        let text = |key: &str| answer.get(key).and_then(serde_json::Value::as_str);
        let seconds = |key: &str| {
            let value = answer.get(key).and_then(serde_json::Value::as_f64)?;
            Duration::try_from_secs_f64(value).ok()
        };
        let (Some(device_code), Some(user_code), Some(verification_uri), Some(expires_in)) = (
            text("device_code"),
            text("user_code"),
            text("verification_uri"),
            seconds("expires_in"),
        ) else {
            let why = "the device authorization answer lacks device_code, user_code, verification_uri or expires_in";
            return Err(DeviceFlowError::Failed(why.into()));
        };
        Ok(DeviceAuthorization {
            user_code: user_code.to_string(),
            verification_uri: verification_uri.to_string(),
            verification_uri_complete: text("verification_uri_complete").map(String::from),
            expires_in,
            device_code: Secret::new(device_code),
            // RFC 8628 §3.2: five seconds when the server does not say.
            interval: seconds("interval")
                .unwrap_or(Duration::from_secs(5))
                .max(Self::MIN_INTERVAL),
            deadline: Instant::now()
                .checked_add(expires_in)
                .unwrap_or_else(|| Instant::now() + Duration::from_secs(86_400)),
            http,
            token_url,
            client_id,
            scopes,
        })
    }

    /// Polls the token URL, as often as the server allows, until the user approves (the
    /// credential to send: with a refresh token, a provider that refreshes the access token
    /// as it expires; without one, the access token), refuses, or the code expires.
    pub async fn finish(self) -> Result<Credential, DeviceFlowError> {
        let mut interval = self.interval;
        let no_secret = Secret::new("");
        loop {
            tokio::time::sleep(interval).await;
            if Instant::now() >= self.deadline {
                return Err(DeviceFlowError::Expired);
            }
            let form = vec![
                ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                ("device_code", self.device_code.expose()),
            ];
            let (status, answer) = token_call(
                &self.http,
                &self.token_url,
                &self.client_id,
                &no_secret,
                form,
            )
            .await
            .map_err(DeviceFlowError::Failed)?;
            if status.is_success() {
                return self.credential(&answer).map_err(DeviceFlowError::Failed);
            }
            match answer.get("error").and_then(serde_json::Value::as_str) {
                Some("authorization_pending") => {}
                // RFC 8628 §3.5: every later poll waits five seconds longer.
                Some("slow_down") => interval += Duration::from_secs(5),
                Some("access_denied") => return Err(DeviceFlowError::Denied),
                Some("expired_token") => return Err(DeviceFlowError::Expired),
                _ => {
                    let why = format!("the token endpoint answered {status}");
                    return Err(DeviceFlowError::Failed(why.into()));
                }
            }
        }
    }

    /// The credential of an approved flow's token answer.
    fn credential(self, answer: &serde_json::Value) -> Result<Credential, BoxError> {
        let (token, expires) = access_token(answer)?;
        let Some(refresh) = answer
            .get("refresh_token")
            .and_then(serde_json::Value::as_str)
        else {
            return Ok(Credential::Secret(Secret::new(token)));
        };
        let provider = ClientCredentials::new(self.http, self.token_url, self.client_id, "")
            .refresh_token(refresh);
        provider
            .cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(self.scopes, (token, expires));
        Ok(Credential::Provider(Arc::new(provider)))
    }
}
// oauth2: end.

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn cookie_values_cannot_end_the_cookie() {
        assert_eq!(cookie_value("a b;c=d,\"é%"), "a%20b%3Bc=d%2C%22%C3%A9%25");
    }
}
