//! Security schemes → `ir::Auth`: what the client applies, and a note for what it does not.

use super::*;

impl Lowerer<'_, '_, '_> {
    pub(super) fn auth(&mut self, doc: &OpenAPI, settings: &Settings) -> Option<ir::Auth> {
        let schemes = &doc.components.as_ref()?.security_schemes;
        // The schemes the document requires globally, else any it defines, in order.
        let required: Vec<&String> = doc
            .security
            .iter()
            .flatten()
            .flat_map(|r| r.keys())
            .collect();
        let candidates: Vec<(&String, &ReferenceOr<openapiv3::SecurityScheme>)> =
            if required.is_empty() {
                schemes.iter().collect()
            } else {
                schemes
                    .iter()
                    .filter(|(name, _)| required.contains(name))
                    .collect()
            };
        for (name, scheme) in candidates {
            let ptr = pointer_push("#/components/securitySchemes", name);
            let Ok(resolved) = self.resolver.object(scheme, &ptr) else {
                continue;
            };
            match resolved.value {
                openapiv3::SecurityScheme::APIKey { location: openapiv3::APIKeyLocation::Header, name, description, .. } => {
                    return Some(ir::Auth::ApiKeyHeader { header: name, prefix: settings.auth_prefix.clone(), description });
                }
                openapiv3::SecurityScheme::APIKey { location: openapiv3::APIKeyLocation::Query, name, description, .. } => {
                    return Some(ir::Auth::ApiKeyQuery { param: name, description });
                }
                openapiv3::SecurityScheme::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("bearer") => {
                    return Some(ir::Auth::Bearer { description });
                }
                _ => self.note(&ptr, "security scheme not applied by the client; add credentials with your own reqwest::Client"),
            }
        }
        None
    }
}
