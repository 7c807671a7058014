//! The OAuth2 flows the client runs itself: the setters that build a `ClientCredentials`
//! (client credentials, a refresh token, a user's password) and the device authorization
//! flow's two methods.

use super::{doc_attrs, ident, naming, quote, Api, Literal, TokenStream};
use crate::ir::{SchemeKind, SecurityScheme};

/// Whether the client fetches some scheme's tokens itself: the crate's `auth` module then has
/// `ClientCredentials` (see [`crate::emit::auth_module`]).
pub(crate) fn fetches_tokens(api: &Api) -> bool {
    api.security.iter().any(|s| scheme_fetches_tokens(&s.kind))
}

/// Whether the client fetches the scheme's tokens itself (client credentials, a refresh token,
/// a user's password: every flow [`token_setters`] writes a setter for; the device flow): the
/// runtime's `ClientCredentials` and `DeviceAuthorization` do it.
fn scheme_fetches_tokens(kind: &SchemeKind) -> bool {
    has_token_setter(kind)
        || matches!(
            kind,
            SchemeKind::OAuth2 {
                device: Some(_),
                ..
            }
        )
}

/// Whether [`token_setters`] writes a setter that builds a `ClientCredentials` for the scheme.
pub(super) fn has_token_setter(kind: &SchemeKind) -> bool {
    match kind {
        SchemeKind::OAuth2 {
            token_url,
            refresh_url,
            password_url,
            ..
        } => token_url.is_some() || refresh_url.is_some() || password_url.is_some(),
        _ => false,
    }
}

/// One OAuth2 flow whose tokens the client gets itself: where, the setter, its docs (of the
/// scheme's name and the URL), the credentials it takes besides the client's id and secret, and
/// the grant it switches `ClientCredentials` to.
struct TokenFlow<'a> {
    url: &'a Option<String>,
    method: &'a str,
    doc: fn(&str, &str) -> String,
    extra: &'static [&'static str],
    grant: TokenStream,
}

/// The setters of an OAuth2 scheme whose client gets its tokens itself, one per flow the
/// scheme has: `with_{word}_client_credentials` (client credentials),
/// `with_{word}_refresh_token` (an authorization-code flow's refresh token, the browser step
/// run once outside this client) and `with_{word}_password` (a user's name and password).
pub(super) fn token_setters(scheme: &SecurityScheme, index: &Literal) -> TokenStream {
    let SchemeKind::OAuth2 {
        token_url,
        refresh_url,
        password_url,
        device,
    } = &scheme.kind
    else {
        return TokenStream::new();
    };
    let methods = &scheme.methods;
    let flows = [
        TokenFlow {
            url: token_url,
            method: &methods.client_credentials,
            doc: |name, url| {
                format!("Authenticates as `{name}` with OAuth2 client credentials: the client fetches a token\nfrom `{url}` (relative to the base URL set at the time of this call), caches it until\nshortly before it expires and fetches a new one when the server refuses it.")
            },
            extra: &[],
            grant: quote!(),
        },
        TokenFlow {
            url: refresh_url,
            method: &methods.refresh_token,
            doc: |name, url| {
                format!("Authenticates as `{name}` with an OAuth2 refresh token (from the authorization-code flow,\nrun once outside this client): the client exchanges it at `{url}` (relative to the base\nURL set at the time of this call) for access tokens, caches each until shortly before it\nexpires, fetches a new one when the server refuses it, and keeps the new refresh token a\nserver may answer with.")
            },
            extra: &["refresh_token"],
            grant: quote!(.refresh_token(refresh_token)),
        },
        TokenFlow {
            url: password_url,
            method: &methods.password,
            doc: |name, url| {
                format!("Authenticates as `{name}` with a user's name and password (the OAuth2 password flow): the\nclient exchanges them at `{url}` (relative to the base URL set at the time of this call) for\naccess tokens, caches each until shortly before it expires and fetches a new one when the\nserver refuses it.")
            },
            extra: &["username", "password"],
            grant: quote!(.password(username, password)),
        },
    ];
    let setters = flows.into_iter().filter_map(|flow| {
        let TokenFlow {
            url,
            method,
            doc,
            extra,
            grant,
        } = flow;
        let url = url.as_deref()?;
        let doc = doc_attrs(&doc(&naming::one_line(&scheme.name), &naming::one_line(url)));
        let method = ident(method);
        let args = ["client_id", "client_secret"].iter().chain(extra).map(|a| ident(a));
        let token_url = against_base(url);
        Some(quote! {
            #doc
            pub fn #method(mut self, #(#args: impl Into<String>),*) -> Self {
                let token_url = #token_url;
                let provider = ClientCredentials::new(self.runtime.http.clone(), token_url, client_id, client_secret) #grant;
                self.runtime.auth.set(#index, Credential::Provider(std::sync::Arc::new(provider)));
                self
            }
        })
    });
    let device = device_methods(scheme, index, device.as_ref());
    quote!(#(#setters)* #device)
}

/// The device authorization flow's two methods: `start_{word}_device_authorization` asks for
/// the code the user enters, `with_{word}_device_authorization` waits for their approval and
/// authenticates with the tokens.
fn device_methods(
    scheme: &SecurityScheme,
    index: &Literal,
    urls: Option<&crate::ir::DeviceUrls>,
) -> TokenStream {
    let (Some(urls), Some(methods)) = (urls, &scheme.methods.device) else {
        return TokenStream::new();
    };
    let name = naming::one_line(&scheme.name);
    let (device_url, token_url) = (&urls.authorization_url, &urls.token_url);
    let resolved = (against_base(device_url), against_base(token_url));
    let start_doc = doc_attrs(&format!(
        "Starts the OAuth2 device authorization flow of `{name}` (RFC 8628) for `client_id` and\n`scopes`: asks `{}` (relative to the base URL) for the code the user enters. Show\nthem its `user_code` and `verification_uri`, then pass it to\n[`Self::{}`], which waits for their approval.",
        naming::one_line(device_url),
        methods.finish
    ));
    let finish_doc = doc_attrs(&format!(
        "Authenticates as `{name}` once the user has approved `authorization` (from\n[`Self::{}`]): polls `{}` as often as the server allows until they approve,\nrefuse ([`DeviceFlowError::Denied`]) or the code expires ([`DeviceFlowError::Expired`]).\nA refresh token in the answer keeps the access token fresh, as for\n`with_*_refresh_token`.",
        methods.start,
        naming::one_line(token_url)
    ));
    let (start, finish) = (ident(&methods.start), ident(&methods.finish));
    let (device_url, token_url) = resolved;
    quote! {
        #start_doc
        pub async fn #start(&self, client_id: impl Into<String>, scopes: &[&str]) -> Result<DeviceAuthorization, DeviceFlowError> {
            let device_url = #device_url;
            let token_url = #token_url;
            let http = self.runtime.http.clone();
            DeviceAuthorization::start(http, &device_url, token_url, client_id.into(), scopes).await
        }

        #finish_doc
        pub async fn #finish(mut self, authorization: DeviceAuthorization) -> Result<Self, DeviceFlowError> {
            let credential = authorization.finish().await?;
            self.runtime.auth.set(#index, credential);
            Ok(self)
        }
    }
}

/// An OAuth2 endpoint's URL as the client calls it: resolved against the base URL set at the
/// time of the call (a spec's URLs are often relative), or as written when that fails.
fn against_base(url: &str) -> TokenStream {
    quote! {
        reqwest::Url::parse(&self.base_url)
            .and_then(|base| base.join(#url))
            .map_or_else(|_| #url.to_string(), String::from)
    }
}
