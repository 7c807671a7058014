//! Security schemes → `ir::SecurityScheme`, and each operation's `security` → the ways it can
//! authenticate (`ir::Requirement`s, indexes into the schemes).
//!
//! Every scheme kind is kept: API keys (header, query, cookie), HTTP basic, bearer and other
//! HTTP schemes, OAuth2 (a client-credentials flow is fetched by the client; any flow accepts a
//! token), OpenID Connect and mutual TLS. Only schemes some requirement names are kept; a
//! document that names none anywhere (its authors forgot) lets every operation use any of its
//! schemes, which is what such an API means in practice.

use super::{naming, pointer_push, BTreeMap, Lowerer, Namespace, OpenAPI, Settings};
use crate::ir::{
    DeviceMethods, DeviceUrls, KeyLocation, Requirement, SchemeKind, SchemeMethods, SchemeUse,
    SecurityScheme,
};

/// The lowered schemes and what requirements refer to.
pub(super) struct Security {
    pub(super) schemes: Vec<SecurityScheme>,
    index: BTreeMap<String, usize>,
    /// No requirement anywhere in the document: every scheme is an alternative.
    implicit: bool,
}

impl Security {
    /// Every scheme as an alternative of its own, without scopes.
    fn each_scheme(&self) -> Vec<Requirement> {
        (0..self.schemes.len())
            .map(|scheme| {
                vec![SchemeUse {
                    scheme,
                    scopes: Vec::new(),
                }]
            })
            .collect()
    }

    /// The ways a request the spec does not describe can authenticate: the document's
    /// `security`; without one, any scheme that has credentials, or none.
    pub(super) fn default_requirements(&self, doc: &OpenAPI) -> Vec<Requirement> {
        let global = if self.implicit {
            Vec::new()
        } else {
            self.requirements(None, doc)
        };
        if !global.is_empty() || doc.security.is_some() {
            return global;
        }
        let mut any = self.each_scheme();
        if !any.is_empty() {
            any.push(Vec::new());
        }
        any
    }

    /// The ways an operation with `security` (its own, or `None`) can authenticate.
    pub(super) fn requirements(
        &self,
        own: Option<&Vec<openapiv3::SecurityRequirement>>,
        doc: &OpenAPI,
    ) -> Vec<Requirement> {
        if self.implicit {
            return self.each_scheme();
        }
        let Some(list) = own.or(doc.security.as_ref()) else {
            return Vec::new();
        };
        let mut out: Vec<Requirement> = list
            .iter()
            .filter_map(|alternative| {
                alternative
                    .iter()
                    .map(|(name, scopes)| {
                        Some(SchemeUse {
                            scheme: *self.index.get(name)?,
                            scopes: scopes.clone(),
                        })
                    })
                    .collect::<Option<Requirement>>()
            })
            .collect();
        // `security: [{}]` is the same as no requirement at all.
        if out.iter().all(Vec::is_empty) {
            out.clear();
        }
        out
    }
}

/// The scheme names the document's requirements name, its own and its operations', or `None`
/// when no requirement is written anywhere.
fn named_schemes(doc: &OpenAPI) -> Option<Vec<String>> {
    let mut named: Vec<String> = Vec::new();
    let mut any = false;
    let mut name = |list: Option<&Vec<openapiv3::SecurityRequirement>>| {
        if let Some(list) = list {
            any = true;
            named.extend(list.iter().flat_map(|r| r.keys()).cloned());
        }
    };
    name(doc.security.as_ref());
    for item in doc.paths.paths.values().filter_map(|item| item.as_item()) {
        for at in crate::adapter::shape::operations(item) {
            name(at.op.security.as_ref());
        }
    }
    any.then_some(named)
}

/// Claims a scheme's setter word: setters are `with_{word}`, `with_{word}_provider`,
/// `with_{word}_client_credentials`, `with_{word}_refresh_token` and `with_{word}_password`
/// (and, for a scheme with the device flow, `start_{word}_device_authorization` and
/// `with_{word}_device_authorization`), and a word is taken only when all of them are free
/// among the client's methods.
fn claim_setter(
    words: &mut Namespace,
    methods: &mut Namespace,
    name: &str,
    device: bool,
) -> (String, SchemeMethods) {
    loop {
        let word = words.claim(naming::serde_name(&naming::field_name(name)));
        let setters = [
            format!("with_{word}"),
            format!("with_{word}_provider"),
            format!("with_{word}_client_credentials"),
            format!("with_{word}_refresh_token"),
            format!("with_{word}_password"),
        ];
        let device_methods = [
            format!("start_{word}_device_authorization"),
            format!("with_{word}_device_authorization"),
        ];
        let device_methods = if device { &device_methods[..] } else { &[] };
        if setters
            .iter()
            .chain(device_methods)
            .all(|s| !methods.contains(s))
        {
            let [plain, provider, client_credentials, refresh_token, password] =
                setters.map(|s| methods.claim(&s));
            let device = match device_methods {
                [start, finish] => Some(DeviceMethods {
                    start: methods.claim(start),
                    finish: methods.claim(finish),
                }),
                _ => None,
            };
            let setters = SchemeMethods {
                plain,
                provider,
                client_credentials,
                refresh_token,
                password,
                device,
            };
            break (word, setters);
        }
    }
}

/// A scheme's kind and description.
fn scheme_kind(
    scheme: &openapiv3::SecurityScheme,
    settings: &Settings,
) -> (SchemeKind, Option<String>) {
    match scheme {
        openapiv3::SecurityScheme::APIKey {
            location,
            name,
            description,
            ..
        } => {
            let location = match location {
                openapiv3::APIKeyLocation::Header => KeyLocation::Header,
                openapiv3::APIKeyLocation::Query => KeyLocation::Query,
                openapiv3::APIKeyLocation::Cookie => KeyLocation::Cookie,
            };
            let prefix = (location == KeyLocation::Header)
                .then(|| settings.auth_prefix.clone())
                .flatten();
            let kind = SchemeKind::ApiKey {
                location,
                name: name.clone(),
                prefix,
            };
            (kind, description.clone())
        }
        openapiv3::SecurityScheme::HTTP {
            scheme,
            description,
            ..
        } => {
            let kind = match scheme.to_ascii_lowercase().as_str() {
                "basic" => SchemeKind::Basic,
                "bearer" => SchemeKind::Bearer,
                _ => SchemeKind::Http {
                    scheme: scheme.clone(),
                },
            };
            (kind, description.clone())
        }
        openapiv3::SecurityScheme::OAuth2 {
            flows, description, ..
        } => {
            let token_url = flows
                .client_credentials
                .as_ref()
                .map(|f| f.token_url.clone());
            // RFC 6749 §6: a refresh token is exchanged at the token endpoint.
            let refresh_url = flows
                .authorization_code
                .as_ref()
                .map(|f| f.refresh_url.clone().unwrap_or_else(|| f.token_url.clone()));
            let password_url = flows.password.as_ref().map(|f| f.token_url.clone());
            let device =
                crate::adapter::shape::device_flow(flows).map(|(device, token)| DeviceUrls {
                    authorization_url: device.to_string(),
                    token_url: token.to_string(),
                });
            let kind = SchemeKind::OAuth2 {
                token_url,
                refresh_url,
                password_url,
                device,
            };
            (kind, description.clone())
        }
        openapiv3::SecurityScheme::OpenIDConnect { description, .. } => {
            (SchemeKind::OpenIdConnect, description.clone())
        }
    }
}

impl Lowerer<'_, '_, '_> {
    /// The schemes the document's requirements name (in `securitySchemes` order), each with
    /// setter names claimed in `methods`, the client's method namespace.
    pub(super) fn security(
        &mut self,
        doc: &OpenAPI,
        settings: &Settings,
        methods: &mut Namespace,
    ) -> Security {
        let named = named_schemes(doc);
        let wanted = |name: &str| named.as_ref().is_none_or(|n| n.iter().any(|n| n == name));
        let components = doc.components.as_ref();
        let mutual_tls = crate::adapter::shape::mutual_tls(doc);
        let defined = components
            .map(|c| c.security_schemes.iter().collect::<Vec<_>>())
            .unwrap_or_default();
        let mut words = Namespace::default();
        let mut schemes = Vec::new();
        let mut index = BTreeMap::new();
        for (name, scheme) in defined {
            if !wanted(name) {
                continue;
            }
            let ptr = pointer_push("#/components/securitySchemes", name);
            let Ok(resolved) = self.resolver.object(scheme, &ptr) else {
                continue;
            };
            let (kind, description) = scheme_kind(&resolved.value, settings);
            index.insert(name.clone(), schemes.len());
            let device = matches!(
                kind,
                SchemeKind::OAuth2 {
                    device: Some(_),
                    ..
                }
            );
            let (setter, setters) = claim_setter(&mut words, methods, name, device);
            schemes.push(SecurityScheme {
                name: name.clone(),
                setter,
                methods: setters,
                kind,
                description,
            });
        }
        for name in mutual_tls.into_iter().filter(|name| wanted(name)) {
            index.insert(name.to_string(), schemes.len());
            let (setter, setters) = claim_setter(&mut words, methods, name, false);
            schemes.push(SecurityScheme {
                name: name.to_string(),
                setter,
                methods: setters,
                kind: SchemeKind::MutualTls,
                description: None,
            });
        }
        let implicit = named.is_none();
        let named: std::collections::BTreeSet<String> = named.into_iter().flatten().collect();
        for name in named {
            if !index.contains_key(&name) {
                self.note(
                    "#/security",
                    format!("security requirement names `{name}`, which `components.securitySchemes` does not define: requirements naming it are left out"),
                );
            }
        }
        Security {
            schemes,
            index,
            implicit,
        }
    }
}
