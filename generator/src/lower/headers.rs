//! The headers an operation declares on its success responses → a typed struct of them
//! (`Link`, which paging reads, and `Content-Type`, which the spec says to ignore, left out).

use super::{ir, naming, pointer_push, Error, Lowerer, Namespace, ReferenceOr};

impl Lowerer<'_, '_, '_> {
    /// The struct of the declared success headers, to be named by [`name_header_structs`]
    /// (`type_name` holds the name it takes if no other operation declares the same headers);
    /// `None` when there are none.
    pub(super) fn response_headers(
        &self,
        op: &openapiv3::Operation,
        op_ptr: &str,
        client_base: &str,
    ) -> Result<Option<ir::ResponseHeaders>, Error> {
        let mut fields: Vec<ir::HeaderField> = Vec::new();
        let mut names = Namespace::default();
        for (response, ptr) in super::responses::successes(op, op_ptr) {
            let response = self.resolver.object(response, &ptr)?;
            for (wire, header) in &response.value.headers {
                let skip = ["link", "content-type", "content-length"]
                    .iter()
                    .any(|h| wire.eq_ignore_ascii_case(h));
                if skip
                    || fields
                        .iter()
                        .any(|f| f.wire_name.eq_ignore_ascii_case(wire))
                {
                    continue;
                }
                let at = pointer_push(&pointer_push(&response.pointer, "headers"), wire);
                let header = self.resolver.object(header, &at)?;
                fields.push(ir::HeaderField {
                    wire_name: wire.clone(),
                    field: names.claim(&naming::field_name(wire)),
                    ty: self.header_type(&header.value, &header.pointer)?,
                    doc: header.value.description.clone(),
                });
            }
        }
        Ok((!fields.is_empty()).then(|| ir::ResponseHeaders {
            type_name: format!("{client_base}Headers"),
            fields,
        }))
    }

    /// A header's type: what its schema says when it is a scalar, else its text.
    fn header_type(&self, header: &openapiv3::Header, at: &str) -> Result<ir::TypeRef, Error> {
        use openapiv3::{SchemaKind, Type};
        let openapiv3::ParameterSchemaOrContent::Schema(schema) = &header.format else {
            return Ok(ir::TypeRef::String);
        };
        let schema: &ReferenceOr<openapiv3::Schema> = schema;
        let schema = self.resolver.object(schema, &pointer_push(at, "schema"))?;
        Ok(match &schema.value.schema_kind {
            SchemaKind::Type(Type::Integer(_)) => ir::TypeRef::I64,
            SchemaKind::Type(Type::Number(_)) => ir::TypeRef::F64,
            SchemaKind::Type(Type::Boolean(_)) => ir::TypeRef::Bool,
            _ => ir::TypeRef::String,
        })
    }
}

/// A set of declared headers: each one's name (lower-case) and type.
type HeaderSet = Vec<(String, ir::TypeRef)>;

/// Names the operations' header structs in `type_names`: operations that declare the same
/// headers (a rate limit's three on every operation) share one struct, named after what the
/// headers' names share (`ratelimit-limit`, `ratelimit-remaining` → `RatelimitHeaders`), or
/// after the first; an operation alone with its headers has `{Resource}{Method}Headers`.
pub(super) fn name_header_structs(operations: &mut [ir::Operation], type_names: &mut Namespace) {
    let key = |h: &ir::ResponseHeaders| -> HeaderSet {
        h.fields
            .iter()
            .map(|f| (f.wire_name.to_ascii_lowercase(), f.ty.clone()))
            .collect()
    };
    // Groups in the order their first operation comes; the map only finds a set's group.
    let mut groups: Vec<(HeaderSet, Vec<usize>)> = Vec::new();
    let mut index: std::collections::BTreeMap<HeaderSet, usize> = Default::default();
    for (i, op) in operations.iter().enumerate() {
        let Some(headers) = &op.headers else { continue };
        let k = key(headers);
        match index.get(&k) {
            Some(&g) => groups[g].1.push(i),
            None => {
                index.insert(k.clone(), groups.len());
                groups.push((k, vec![i]));
            }
        }
    }
    for (k, ops) in groups {
        let wanted = match ops.as_slice() {
            [one] => operations[*one]
                .headers
                .as_ref()
                .map(|h| h.type_name.clone())
                .unwrap_or_default(),
            _ => naming::type_name(&format!("{} headers", shared_stem(&k))),
        };
        let name = type_names.claim(&wanted);
        for i in ops {
            if let Some(h) = &mut operations[i].headers {
                h.type_name = name.clone();
            }
        }
    }
}

/// What the names of a set of headers share (`ratelimit-limit`, `ratelimit-reset` →
/// `ratelimit`), or the first name when they share nothing.
fn shared_stem(headers: &HeaderSet) -> String {
    let first = headers
        .first()
        .map(|(n, _)| n.as_str())
        .unwrap_or("response");
    let mut prefix = first.chars().count();
    for (name, _) in headers {
        let shared = first.chars().zip(name.chars()).take_while(|(a, b)| a == b);
        prefix = prefix.min(shared.count());
    }
    let stem: String = first.chars().take(prefix).collect();
    let stem = stem.trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
    match stem.len() {
        0 => first.to_string(),
        _ => stem.to_string(),
    }
}
