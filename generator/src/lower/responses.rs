//! An operation's responses → IR: what a success returns (one body, an optional one, or an
//! enum with a variant per status), the declared errors (a variant each), and whether a
//! success declares a `Link` header (for paging).

use super::{
    ir, naming, pointer_push, Error, Lowerer, Namespace, Payload, ReferenceOr, Status, StatusCode,
};

/// The operation's success responses (`2xx`, `2XX`), in the spec's order, with their pointers.
pub(super) fn successes<'o>(
    op: &'o openapiv3::Operation,
    op_ptr: &str,
) -> impl Iterator<Item = (&'o ReferenceOr<openapiv3::Response>, String)> {
    let responses_ptr = pointer_push(op_ptr, "responses");
    op.responses
        .responses
        .iter()
        .filter(|(code, _)| match code {
            StatusCode::Code(c) => (200..300).contains(c),
            StatusCode::Range(r) => *r == 2,
        })
        .map(move |(code, response)| (response, pointer_push(&responses_ptr, &code.to_string())))
}

impl Lowerer<'_, '_, '_> {
    /// Whether a success response declares a `Link` header.
    pub(super) fn declares_link_header(
        &self,
        op: &openapiv3::Operation,
        op_ptr: &str,
    ) -> Result<bool, Error> {
        for (response, ptr) in successes(op, op_ptr) {
            let response = self.resolver.object(response, &ptr)?.value;
            if response
                .headers
                .keys()
                .any(|h| h.eq_ignore_ascii_case("link"))
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The first success answer that is a sequence of events (Server-Sent Events, JSON
    /// Lines), with what each event's data decodes into: the operation's `*_events`.
    pub(super) fn events(
        &mut self,
        op: &openapiv3::Operation,
        op_ptr: &str,
        type_base: &str,
    ) -> Result<Option<ir::Events>, Error> {
        for (response, ptr) in successes(op, op_ptr) {
            let resolved = self.resolver.object(response, &ptr)?;
            let found = resolved
                .value
                .content
                .iter()
                .find_map(|(media, entry)| Some((media, entry, ir::Framing::of(media)?)));
            let Some((media, entry, framing)) = found else {
                continue;
            };
            let entry_ptr = pointer_push(&pointer_push(&resolved.pointer, "content"), media);
            // Without a schema, an event's data is text (Server-Sent Events) or any JSON. A
            // schema that is an array describes the whole sequence (as OpenAPI 3.2 reads
            // `schema` of a sequential media type): an event is one of its items.
            let item = match (&entry.schema, framing) {
                (Some(schema), _) => {
                    let hint = super::NameHint::Derive(format!("{type_base}Event"));
                    let ty = self
                        .type_of(schema, &pointer_push(&entry_ptr, "schema"), &hint)?
                        .0;
                    match self.unalias(&ty) {
                        ir::TypeRef::Vec(item) => (**item).clone(),
                        _ => ty,
                    }
                }
                (None, ir::Framing::ServerSentEvents) => ir::TypeRef::String,
                (None, ir::Framing::JsonLines) => ir::TypeRef::Json,
            };
            // The media type without its parameters: one of the few `Framing::of` knows, so
            // no spec text reaches the docs or the `Accept` header.
            let essence = media.split(';').next().unwrap_or(media);
            return Ok(Some(ir::Events {
                media_type: essence.trim().to_ascii_lowercase(),
                framing,
                item,
                method: None,
                switch: None,
            }));
        }
        Ok(None)
    }

    /// An operation's responses: what a success gives, and a case per error status.
    pub(super) fn responses(
        &mut self,
        op: &openapiv3::Operation,
        op_ptr: &str,
        [type_base, client_base]: [&str; 2],
        type_names: &mut Namespace,
    ) -> Result<(ir::Success, Vec<ir::ErrorCase>), Error> {
        let responses_ptr = pointer_push(op_ptr, "responses");
        let entries: Vec<Entry<'_>> = keyed_responses(op)
            .into_iter()
            .map(|(status, key, r)| (status, r, pointer_push(&responses_ptr, &key)))
            .collect();

        let mut successes: Vec<(Status, Payload, Option<String>)> = Vec::new();
        let mut errors = Vec::new();
        let mut variants = Namespace::default();
        for (status, response, ptr) in entries {
            let resolved = self.resolver.object(response, &ptr)?;
            let is_success = match status {
                Status::Code(c) => (200..300).contains(&c),
                Status::Range(r) => r == 2,
                Status::Default => false,
            };
            let role = if is_success {
                "Response".to_string()
            } else {
                naming::status_variant(&status)
            };
            let (_, payload) = self.content(
                &resolved.value.content,
                &resolved.pointer,
                &format!("{type_base}{role}"),
            )?;
            // Form and multipart are request encodings; such a response is read as bytes.
            let payload = match payload {
                Payload::Form(_) | Payload::Multipart => Payload::Bytes,
                other => other,
            };
            if is_success {
                successes.push((
                    status,
                    payload,
                    Some(resolved.value.description.clone()).filter(|d| !d.is_empty()),
                ));
            } else {
                errors.push(ir::ErrorCase {
                    status,
                    variant: variants.claim(&naming::status_variant(&status)),
                    payload,
                    doc: Some(resolved.value.description.clone()).filter(|d| !d.is_empty()),
                });
            }
        }
        let success = success(successes, client_base, type_names);
        Ok((success, errors))
    }
}

/// A response of an operation: its status, the response (or its `$ref`) and where it is.
type Entry<'a> = (Status, &'a ReferenceOr<openapiv3::Response>, String);

/// An operation's responses in the spec's order, `default` last: each one's status, the key
/// the spec writes it under (`200`, `4XX`, `default`) and the response (or its `$ref`).
pub(super) fn keyed_responses(
    op: &openapiv3::Operation,
) -> Vec<(Status, String, &ReferenceOr<openapiv3::Response>)> {
    let mut entries: Vec<_> = op
        .responses
        .responses
        .iter()
        .map(|(code, r)| match code {
            StatusCode::Code(c) => (Status::Code(*c), c.to_string(), r),
            StatusCode::Range(range) => (Status::Range(*range), format!("{range}XX"), r),
        })
        .collect();
    if let Some(default) = &op.responses.default {
        entries.push((Status::Default, "default".to_string(), default));
    }
    entries
}

/// What a success gives: nothing said (`Any`), one payload for every success status, or an
/// enum with a variant per status when their bodies differ.
fn success(
    successes: Vec<(Status, Payload, Option<String>)>,
    client_base: &str,
    type_names: &mut Namespace,
) -> ir::Success {
    let bodies: Vec<&Payload> = successes
        .iter()
        .map(|(_, p, _)| p)
        .filter(|p| **p != Payload::None)
        .collect();
    let statuses = || successes.iter().map(|(s, _, _)| *s).collect();
    match bodies.as_slice() {
        _ if successes.is_empty() => ir::Success::Any,
        [] => ir::Success::Body {
            statuses: statuses(),
            payload: Payload::None,
            optional: false,
        },
        [first, rest @ ..] if rest.iter().all(|p| p == first) => ir::Success::Body {
            statuses: statuses(),
            payload: (*first).clone(),
            optional: bodies.len() < successes.len(),
        },
        // Different bodies per status: an enum with a variant per status says which came.
        _ => {
            let mut names = Namespace::default();
            let variants = successes
                .iter()
                .map(|(status, payload, doc)| ir::SuccessVariant {
                    status: *status,
                    name: names.claim(&naming::status_variant(status)),
                    payload: payload.clone(),
                    doc: doc.clone(),
                })
                .collect();
            ir::Success::PerStatus {
                response_type: type_names.claim(&format!("{client_base}Response")),
                variants,
            }
        }
    }
}
