//! The security schemes an API declares, and which of them each operation accepts.

use serde::Serialize;

/// A security scheme the client can send credentials for.
#[derive(Debug, Clone, Serialize)]
pub struct SecurityScheme {
    /// Its name in `components.securitySchemes`.
    pub name: String,
    /// The snake-case word of the client's setters (`with_{setter}`) and of the environment
    /// variables `from_env` reads, claimed with the setters.
    pub setter: String,
    /// The client's methods that set its credentials, claimed among the client's methods.
    pub methods: SchemeMethods,
    /// What the credential is and where it goes.
    pub kind: SchemeKind,
    /// The scheme's description.
    pub description: Option<String>,
}

/// The kinds of security scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum SchemeKind {
    /// `type: apiKey`.
    ApiKey {
        /// Header, query or cookie.
        location: KeyLocation,
        /// The header, parameter or cookie name.
        name: String,
        /// Text put before the key and a space in a header (Gcore wants `Authorization: apikey
        /// <key>`); set by the generator settings, since the spec can only say it in prose.
        prefix: Option<String>,
    },
    /// `type: http, scheme: basic`.
    Basic,
    /// `type: http, scheme: bearer`.
    Bearer,
    /// Another `type: http` scheme: the credential is the whole `Authorization` value.
    Http {
        /// The scheme's name (`digest`, ...).
        scheme: String,
    },
    /// `type: oauth2`: a bearer token, fetched by the client when there is a client-credentials
    /// or a password flow, or refreshed by it from a refresh token when there is an
    /// authorization-code flow.
    OAuth2 {
        /// The client-credentials flow's `tokenUrl`, when the scheme has that flow.
        token_url: Option<String>,
        /// Where the authorization-code flow's tokens are refreshed (its `refreshUrl`, else its
        /// `tokenUrl`), when the scheme has that flow.
        #[serde(skip_serializing_if = "Option::is_none")]
        refresh_url: Option<String>,
        /// The password flow's `tokenUrl`, when the scheme has that flow.
        #[serde(skip_serializing_if = "Option::is_none")]
        password_url: Option<String>,
        /// OpenAPI 3.2's device authorization flow (RFC 8628), when the scheme has it.
        #[serde(skip_serializing_if = "Option::is_none")]
        device: Option<DeviceUrls>,
    },
    /// `type: openIdConnect`: a bearer token the user's provider gets.
    OpenIdConnect,
    /// `type: mutualTLS`: a client certificate, configured on the HTTP client.
    MutualTls,
}

/// The two endpoints of the OAuth2 device authorization flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceUrls {
    /// `deviceAuthorizationUrl`: where the client asks for the code the user enters.
    pub authorization_url: String,
    /// `tokenUrl`: where the client polls for the tokens, and later refreshes them.
    pub token_url: String,
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum KeyLocation {
    /// A header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// One way to authenticate: the schemes whose credentials are all sent.
pub type Requirement = Vec<SchemeUse>;

/// A scheme in a [`Requirement`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchemeUse {
    /// The scheme: an index into [`Api::security`].
    pub scheme: usize,
    /// The scopes the operation needs (OAuth2, OpenID Connect; often none).
    pub scopes: Vec<String>,
}

/// A scheme's credential methods on `Client`, all claimed together (a scheme uses the ones
/// its kind offers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchemeMethods {
    /// The credential itself (`with_{word}`).
    pub plain: String,
    /// A provider asked for it on each request (`with_{word}_provider`).
    pub provider: String,
    /// OAuth2 client credentials the client exchanges for tokens.
    pub client_credentials: String,
    /// An OAuth2 refresh token the client exchanges for tokens.
    pub refresh_token: String,
    /// A user name and password the client exchanges for OAuth2 tokens.
    pub password: String,
    /// The device authorization flow's two methods, claimed only for a scheme that has the
    /// flow (so no other scheme's names move when one gains it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device: Option<DeviceMethods>,
}

/// The methods of the OAuth2 device authorization flow on `Client`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceMethods {
    /// `start_{word}_device_authorization`: asks for the code the user enters.
    pub start: String,
    /// `with_{word}_device_authorization`: waits for the user's approval and takes the tokens.
    pub finish: String,
}
