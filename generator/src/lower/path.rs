//! Path templates: the segments of `/a/{id}.json` (literal text and parameters), the names a
//! template holds, and what a name no parameter declares is read as.

use super::*;

impl Lowerer<'_, '_, '_> {
    /// Splits `/a/{id}.json` into segments of literal text and parameter references.
    pub(super) fn segments(
        &mut self,
        path: &str,
        args: &BTreeMap<String, String>,
        op_ptr: &str,
    ) -> Result<Vec<Vec<PathPart>>, Error> {
        let mut segments = Vec::new();
        for raw in path.split('/').filter(|s| !s.is_empty()) {
            let mut parts = Vec::new();
            let mut rest = raw;
            while let Some(open) = rest.find('{') {
                let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                    break;
                };
                if open > 0 {
                    parts.push(PathPart::Literal(rest[..open].to_string()));
                }
                let name = &rest[open + 1..close];
                let arg = args.get(name).ok_or_else(|| {
                    Error::invalid(
                        op_ptr,
                        format!("path parameter `{name}` is not declared in `parameters`"),
                    )
                })?;
                parts.push(PathPart::Param(arg.clone()));
                rest = &rest[close + 1..];
            }
            if !rest.is_empty() {
                parts.push(PathPart::Literal(rest.to_string()));
            }
            segments.push(parts);
        }
        Ok(segments)
    }
}

/// The names a path template holds between braces, in order (`/a/{id}.json` → `id`), read
/// segment by segment as [`Lowerer::segments`] reads them.
pub(super) fn template_names(path: &str) -> Vec<&str> {
    let mut names = Vec::new();
    for mut rest in path.split('/') {
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            names.push(&rest[open + 1..close]);
            rest = &rest[close + 1..];
        }
    }
    names
}

/// The declaration a path parameter the spec left undeclared is read as: a required string.
pub(super) fn undeclared_path_param(name: &str) -> openapiv3::ParameterData {
    let string = openapiv3::Schema {
        schema_data: Default::default(),
        schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::String(Default::default())),
    };
    openapiv3::ParameterData {
        name: name.to_string(),
        description: None,
        required: true,
        deprecated: None,
        format: ParameterSchemaOrContent::Schema(ReferenceOr::Item(string)),
        example: None,
        examples: Default::default(),
        explode: None,
        extensions: Default::default(),
    }
}
