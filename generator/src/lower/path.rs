//! Path templates: the segments of `/a/{id}.json` (literal text and parameters), the names a
//! template holds, and what a name no parameter declares is read as.

use super::{BTreeMap, Error, Lowerer, ParameterSchemaOrContent, PathPart, ReferenceOr};

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
            for piece in pieces(raw) {
                parts.push(match piece {
                    Piece::Text(text) => PathPart::Literal(text.to_string()),
                    Piece::Name(name) => PathPart::Param(
                        args.get(name)
                            .ok_or_else(|| {
                                Error::invalid(
                                    op_ptr,
                                    format!(
                                        "path parameter `{name}` is not declared in `parameters`"
                                    ),
                                )
                            })?
                            .clone(),
                    ),
                });
            }
            segments.push(parts);
        }
        Ok(segments)
    }
}

/// The names a path template holds between braces, in order (`/a/{id}.json` → `id`), read
/// segment by segment as [`Lowerer::segments`] reads them.
pub(super) fn template_names(path: &str) -> Vec<&str> {
    path.split('/')
        .flat_map(pieces)
        .filter_map(|piece| match piece {
            Piece::Name(name) => Some(name),
            Piece::Text(_) => None,
        })
        .collect()
}

/// A piece of one path segment: literal text, or the name between braces.
enum Piece<'p> {
    Text(&'p str),
    Name(&'p str),
}

/// The pieces of one segment (`{id}.json` → name `id`, text `.json`), in order; an unclosed
/// `{` and what follows it are text.
fn pieces(segment: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = segment;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            out.push(Piece::Text(&rest[..open]));
        }
        out.push(Piece::Name(&rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
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
