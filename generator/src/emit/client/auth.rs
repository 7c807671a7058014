//! Credentials on `Client`: the `SCHEMES` table the runtime's `auth` module reads, the setters
//! of each scheme (`with_{scheme}`, `_provider`, and an OAuth2 scheme's `_client_credentials`,
//! `_refresh_token`, `_password`), what `new` takes, and
//! the environment variables `from_env` reads. The crate docs list the same variables.

use super::{
    doc_attrs, ident, naming, paragraphs, quote, Api, BTreeMap, Literal, Settings, TokenStream,
};
use crate::ir::{KeyLocation, SchemeKind, SecurityScheme};

mod flows;
pub(crate) use flows::fetches_tokens;
use flows::{has_token_setter, token_setters};

/// The scheme whose credentials `Client::new` takes: the only one that has credentials (mutual
/// TLS has none), when there is exactly one.
pub(crate) fn primary(api: &Api) -> Option<&SecurityScheme> {
    let mut with_credentials = api
        .security
        .iter()
        .filter(|s| s.kind != SchemeKind::MutualTls);
    let first = with_credentials.next()?;
    with_credentials.next().is_none().then_some(first)
}

/// The arguments of a scheme's plain setter (and of `new` for the primary scheme).
fn credential_args(scheme: &SecurityScheme) -> &'static [&'static str] {
    match scheme.kind {
        SchemeKind::ApiKey { .. } => &["api_key"],
        SchemeKind::Basic => &["username", "password"],
        SchemeKind::Bearer | SchemeKind::OAuth2 { .. } | SchemeKind::OpenIdConnect => &["token"],
        SchemeKind::Http { .. } => &["authorization"],
        SchemeKind::MutualTls => &[],
    }
}

/// The environment variables `from_env` reads for one scheme.
#[derive(Debug, Clone)]
pub(crate) struct SchemeEnv {
    /// The scheme's index in `Api::security`.
    pub(crate) scheme: usize,
    /// The variables of its plain credential (`PREFIX_API_KEY`; for basic, user name then
    /// password).
    pub(crate) plain: Vec<String>,
    /// For an OAuth2 client-credentials flow: the client id and secret variables.
    pub(crate) client_credentials: Option<(String, String)>,
}

/// The variables of every scheme with credentials. A variable two schemes would share gets the
/// scheme's word: `PREFIX_{WORD}_TOKEN`.
pub(crate) fn env_vars(settings: &Settings, api: &Api) -> Vec<SchemeEnv> {
    let stems = |scheme: &SecurityScheme| -> Vec<&'static str> {
        let mut stems: Vec<&'static str> = match scheme.kind {
            SchemeKind::ApiKey { .. } => vec!["API_KEY"],
            SchemeKind::Basic => vec!["USERNAME", "PASSWORD"],
            SchemeKind::Http { .. } => vec!["AUTHORIZATION"],
            SchemeKind::Bearer | SchemeKind::OAuth2 { .. } | SchemeKind::OpenIdConnect => {
                vec!["TOKEN"]
            }
            SchemeKind::MutualTls => vec![],
        };
        if matches!(
            scheme.kind,
            SchemeKind::OAuth2 {
                token_url: Some(_),
                ..
            }
        ) {
            stems.extend(["CLIENT_ID", "CLIENT_SECRET"]);
        }
        stems
    };
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for scheme in &api.security {
        for stem in stems(scheme) {
            *count.entry(stem).or_default() += 1;
        }
    }
    let prefix = &settings.env_prefix;
    api.security
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind != SchemeKind::MutualTls)
        .map(|(i, scheme)| {
            let word = naming::serde_name(&scheme.setter).to_ascii_uppercase();
            let var = |stem: &str| match count.get(stem) {
                Some(1) => format!("{prefix}_{stem}"),
                _ => format!("{prefix}_{word}_{stem}"),
            };
            let names: Vec<String> = stems(scheme).into_iter().map(var).collect();
            let plain = credential_args(scheme).len();
            SchemeEnv {
                scheme: i,
                plain: names[..plain].to_vec(),
                client_credentials: (names.len() == plain + 2)
                    .then(|| (names[plain].clone(), names[plain + 1].clone())),
            }
        })
        .collect()
}

/// The `use` of the `auth` items the client module names (only those, so none is unused).
pub(super) fn imports(api: &Api) -> TokenStream {
    let mut items = vec!["Requirement", "Scheme"];
    if !api.security.is_empty() {
        items.push("Place");
    }
    if api.security.iter().any(|s| s.kind != SchemeKind::MutualTls) {
        items.extend(["Credential", "Secret", "TokenProvider"]);
    }
    // The device flow builds its own provider (`DeviceAuthorization::finish`).
    if api.security.iter().any(|s| has_token_setter(&s.kind)) {
        items.push("ClientCredentials");
    }
    if api.security.iter().any(|s| s.methods.device.is_some()) {
        items.extend(["DeviceAuthorization", "DeviceFlowError"]);
    }
    items.sort_unstable();
    let items = items.into_iter().map(ident);
    quote!(use super::auth::{#(#items),*};)
}

/// `const SCHEMES`: the schemes as the runtime's `auth` module describes them.
pub(super) fn schemes_table(api: &Api) -> TokenStream {
    let schemes = api.security.iter().map(|scheme| {
        let name = &scheme.name;
        let place = match &scheme.kind {
            SchemeKind::ApiKey {
                location: KeyLocation::Header,
                name,
                prefix,
            } => {
                let prefix = match prefix {
                    Some(word) => quote!(Some(#word)),
                    None => quote!(None),
                };
                quote!(Place::Header { name: #name, prefix: #prefix })
            }
            SchemeKind::ApiKey {
                location: KeyLocation::Query,
                name,
                ..
            } => quote!(Place::Query(#name)),
            SchemeKind::ApiKey {
                location: KeyLocation::Cookie,
                name,
                ..
            } => quote!(Place::Cookie(#name)),
            SchemeKind::Basic => quote!(Place::Basic),
            SchemeKind::Bearer | SchemeKind::OAuth2 { .. } | SchemeKind::OpenIdConnect => {
                quote!(Place::Bearer)
            }
            SchemeKind::Http { .. } => quote!(Place::Authorization),
            SchemeKind::MutualTls => quote!(Place::Transport),
        };
        quote!(Scheme { name: #name, place: #place })
    });
    let default_security = requirements(&api.default_security);
    quote! {
        /// The API's security schemes, in the order operations refer to them (see
        /// [`super::auth`]).
        const SCHEMES: &[Scheme] = &[#(#schemes),*];

        /// How a request the spec does not describe ([`Client::request`]) authenticates: as
        /// the spec's document-level `security` says, else with any scheme that has
        /// credentials.
        const DEFAULT_SECURITY: &[Requirement] = #default_security;
    }
}

/// Ways to authenticate (an operation's `security`) as the runtime reads them: alternatives
/// of (scheme, scopes).
pub(super) fn requirements(security: &[crate::ir::Requirement]) -> TokenStream {
    let alternatives = security.iter().map(|requirement| {
        let pairs = requirement.iter().map(|used| {
            let index = Literal::usize_unsuffixed(used.scheme);
            let scopes = &used.scopes;
            quote!((#index, &[#(#scopes),*]))
        });
        quote!(&[#(#pairs),*])
    });
    quote!(&[#(#alternatives),*])
}

/// One sentence per scheme for the docs: where its credential goes.
pub(crate) fn how_sent(scheme: &SecurityScheme) -> String {
    let name = naming::one_line(&scheme.name);
    match &scheme.kind {
        SchemeKind::ApiKey {
            location: KeyLocation::Header,
            name: header,
            prefix: Some(word),
        } => format!("`{name}`: the API key, sent as `{}: {word} <key>` (a key that already starts with `{word} ` is sent as it is)", naming::one_line(header)),
        SchemeKind::ApiKey {
            location,
            name: key,
            ..
        } => {
            let place = match location {
                KeyLocation::Header => "header",
                KeyLocation::Query => "query parameter",
                KeyLocation::Cookie => "cookie",
            };
            format!("`{name}`: the API key, sent as the `{}` {place}", naming::one_line(key))
        }
        SchemeKind::Basic => format!("`{name}`: a user name and password, sent as HTTP basic authentication"),
        SchemeKind::Bearer => format!("`{name}`: a token, sent as `Authorization: Bearer <token>`"),
        SchemeKind::Http { scheme: http } => format!("`{name}`: the whole `Authorization` value of the HTTP `{}` scheme", naming::one_line(http)),
        SchemeKind::OAuth2 { token_url: Some(_), .. } => format!("`{name}`: OAuth2, an access token sent as `Authorization: Bearer <token>`; the client fetches it itself from a client id and secret (client-credentials flow)"),
        SchemeKind::OAuth2 { refresh_url: Some(_), .. } => format!("`{name}`: OAuth2, an access token sent as `Authorization: Bearer <token>` (obtain it yourself, or give the client a refresh token to get it with)"),
        SchemeKind::OAuth2 { device: Some(_), .. } => format!("`{name}`: OAuth2, an access token sent as `Authorization: Bearer <token>` (obtain it yourself, or let the client run the device authorization flow)"),
        SchemeKind::OAuth2 { .. } => format!("`{name}`: OAuth2, an access token sent as `Authorization: Bearer <token>` (obtain it yourself, or through a `TokenProvider`)"),
        SchemeKind::OpenIdConnect => format!("`{name}`: OpenID Connect, a token sent as `Authorization: Bearer <token>` (obtain it yourself, or through a `TokenProvider`)"),
        SchemeKind::MutualTls => format!("`{name}`: a TLS client certificate, configured on the HTTP client given to `Client::with_http_client`"),
    }
}

/// `Client`'s credential methods: per scheme, the plain setter, `_provider` and (OAuth2) one
/// per flow whose tokens the client gets itself.
pub(super) fn setters(api: &Api) -> TokenStream {
    let setters = api.security.iter().enumerate().map(|(index, scheme)| {
        if scheme.kind == SchemeKind::MutualTls {
            return quote!();
        }
        let index = Literal::usize_unsuffixed(index);
        let plain = ident(&scheme.methods.plain);
        let provider = ident(&scheme.methods.provider);
        let args: Vec<proc_macro2::Ident> =
            credential_args(scheme).iter().map(|a| ident(a)).collect();
        let credential = match scheme.kind {
            SchemeKind::Basic => quote!(Credential::Basic {
                username: username.into(),
                password: Secret::new(password),
            }),
            _ => {
                let arg = &args[0];
                quote!(Credential::Secret(Secret::new(#arg)))
            }
        };
        let plain_doc = doc_attrs(&paragraphs([
            Some(format!("Authenticates with {}.", how_sent(scheme)).as_str()),
            scheme.description.as_deref(),
        ]));
        let provider_doc = doc_attrs(&format!(
            "Authenticates as `{}` with what `provider` gives for each request (sent as the\nscheme sends it; for HTTP basic, `username:password`).",
            naming::one_line(&scheme.name)
        ));
        let tokens = token_setters(scheme, &index);
        quote! {
            #plain_doc
            pub fn #plain(mut self, #(#args: impl Into<String>),*) -> Self {
                self.runtime.auth.set(#index, #credential);
                self
            }

            #provider_doc
            pub fn #provider(mut self, provider: impl TokenProvider + 'static) -> Self {
                self.runtime.auth.set(#index, Credential::Provider(std::sync::Arc::new(provider)));
                self
            }

            #tokens
        }
    });
    quote!(#(#setters)*)
}

/// `new` (taking the primary scheme's credentials, if any) and `from_env`.
pub(super) fn constructors(settings: &Settings, api: &Api) -> TokenStream {
    let vars = env_vars(settings, api);
    let new = new_constructor(api, &vars);
    let from_env = from_env(settings, api, &vars);
    quote! {
        #new

        #from_env
    }
}

/// `new`, taking the primary scheme's credentials (if any), and `unauthenticated`, which it and
/// `from_env` start from.
fn new_constructor(api: &Api, vars: &[SchemeEnv]) -> TokenStream {
    let primary = primary(api);
    let (new_args, new_body, new_sentence) = match primary {
        Some(scheme) => {
            let args: Vec<proc_macro2::Ident> =
                credential_args(scheme).iter().map(|a| ident(a)).collect();
            let setter = ident(&scheme.methods.plain);
            (
                quote!(#(#args: impl Into<String>),*),
                quote!(Ok(Self::unauthenticated()?.#setter(#(#args),*))),
                format!(" that authenticates with {}.", how_sent(scheme)),
            )
        }
        None => (quote!(), quote!(Self::unauthenticated()), ".".to_string()),
    };
    let mut new_doc = format!("A client for [`DEFAULT_BASE_URL`]{new_sentence}");
    if primary.is_none() && !vars.is_empty() {
        new_doc.push_str(
            "\nSet credentials with the `with_*` methods of each scheme (see the crate docs).",
        );
    }
    new_doc.push_str(
        "\n\nFails only when the HTTP client cannot be built (its TLS backend cannot start).",
    );
    let new_doc = doc_attrs(&new_doc);
    quote! {
        #new_doc
        pub fn new(#new_args) -> Result<Self, ConfigError> {
            #new_body
        }

        /// A client without credentials.
        fn unauthenticated() -> Result<Self, ConfigError> {
            Ok(Self {
                runtime: Runtime::new(SCHEMES).map_err(ConfigError::Http)?,
                base_url: DEFAULT_BASE_URL.to_string(),
            })
        }
    }
}

/// `from_env`: one scheme with one way to set it reads its variables as required; several (or
/// a choice of token or client credentials) set what is there and need at least one.
fn from_env(settings: &Settings, api: &Api, vars: &[SchemeEnv]) -> TokenStream {
    let url_env = format!("{}_BASE_URL", settings.env_prefix);
    let single = match vars {
        [env] if env.client_credentials.is_none() => Some(env),
        _ => None,
    };
    let reads: Vec<TokenStream> = match single {
        Some(env) => {
            let setter = ident(&api.security[env.scheme].methods.plain);
            let names = &env.plain;
            vec![quote!(client = client.#setter(#(required(#names)?),*);)]
        }
        None => vars.iter().map(|env| optional_read(api, env)).collect(),
    };
    let firsts: Vec<&String> = vars
        .iter()
        .flat_map(|env| {
            std::iter::once(&env.plain[0]).chain(env.client_credentials.as_ref().map(|(id, _)| id))
        })
        .collect();
    let (found_decl, found_check) = if vars.is_empty() || single.is_some() {
        (quote!(), quote!())
    } else {
        (
            quote!(let mut found = false;),
            quote! {
                if !found {
                    return Err(ConfigError::Missing { names: &[#(#firsts),*] });
                }
            },
        )
    };
    let needs_required = single.is_some()
        || vars
            .iter()
            .any(|env| env.plain.len() > 1 || env.client_credentials.is_some());
    let helpers = needs_required.then(|| {
        quote! {
            let required = |name: &'static str| var(name)?.ok_or(ConfigError::Env { name, source: std::env::VarError::NotPresent });
        }
    });
    let env_doc = doc_attrs(&from_env_doc(&url_env, api, vars));
    quote! {
        #env_doc
        pub fn from_env() -> Result<Self, ConfigError> {
            let var = |name: &'static str| match std::env::var(name) {
                Ok(value) => Ok(Some(value)),
                Err(std::env::VarError::NotPresent) => Ok(None),
                Err(source) => Err(ConfigError::Env { name, source }),
            };
            #helpers
            let mut client = Self::unauthenticated()?;
            if let Some(url) = var(#url_env)? {
                client = client.with_base_url(url);
            }
            #found_decl
            #(#reads)*
            #found_check
            Ok(client)
        }
    }
}

/// `from_env`'s docs: the variables it reads.
fn from_env_doc(url_env: &str, api: &Api, vars: &[SchemeEnv]) -> String {
    let mut env_doc = format!(
        "A client configured from the environment: the base URL from `{url_env}` (optional, defaults\nto [`DEFAULT_BASE_URL`])"
    );
    if vars.is_empty() {
        env_doc.push('.');
    } else {
        env_doc.push_str(", and credentials:\n");
        for env in vars {
            env_doc.push_str(&format!(
                "\n- {}: {}",
                naming::one_line(&api.security[env.scheme].name),
                env_sentence(env)
            ));
        }
        env_doc.push_str(if vars.len() == 1 {
            "\n\nThe credentials are required."
        } else {
            "\n\nAt least one scheme's credentials are required."
        });
    }
    env_doc
}

/// `from_env`'s reading of one of several schemes: its credentials when its (first) variable is
/// set.
fn optional_read(api: &Api, env: &SchemeEnv) -> TokenStream {
    let methods = &api.security[env.scheme].methods;
    let plain = ident(&methods.plain);
    let first = &env.plain[0];
    let rest = env.plain[1..].iter().map(|name| quote!(required(#name)?));
    let set_plain = quote! {
        if let Some(value) = var(#first)? {
            client = client.#plain(value, #(#rest),*);
            found = true;
        }
    };
    match &env.client_credentials {
        Some((id, secret)) => {
            let method = ident(&methods.client_credentials);
            quote! {
                #set_plain
                else if let Some(id) = var(#id)? {
                    client = client.#method(id, required(#secret)?);
                    found = true;
                }
            }
        }
        None => set_plain,
    }
}

/// The variables of one scheme, as a phrase for the docs.
pub(crate) fn env_sentence(env: &SchemeEnv) -> String {
    let plain = match env.plain.as_slice() {
        [one] => format!("`{one}`"),
        [user, password] => format!("`{user}` and `{password}`"),
        _ => String::new(),
    };
    match &env.client_credentials {
        Some((id, secret)) => format!("{plain}, or `{id}` and `{secret}` (client credentials)"),
        None => plain,
    }
}
