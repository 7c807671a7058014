//! Request bodies → IR: the body's media type, its payload (JSON of a type, a form, multipart,
//! text or bytes) and whether it is required.

use super::{
    ir, naming, pointer_push, Error, Field, IndexMap, Lowerer, NameHint, Namespace, Payload,
    ReferenceOr, TypeRef,
};

/// The most required fields a body is taken by as separate arguments: beyond it, values of
/// the same type in a row are easy to swap, and the struct's `new` is no worse.
const MAX_BODY_ARGUMENTS: usize = 4;

impl Lowerer<'_, '_, '_> {
    pub(super) fn request_body(
        &mut self,
        body: &ReferenceOr<openapiv3::RequestBody>,
        pointer: &str,
        type_base: &str,
    ) -> Result<ir::Body, Error> {
        let resolved = self.resolver.object(body, pointer)?;
        let (media_type, payload) = self.content(
            &resolved.value.content,
            &resolved.pointer,
            &format!("{type_base}Body"),
        )?;
        Ok(ir::Body {
            media_type: media_type.unwrap_or_else(|| "application/octet-stream".into()),
            payload: if payload == Payload::None {
                Payload::Bytes
            } else {
                payload
            },
            required: resolved.value.required,
            doc: resolved.value.description.clone(),
            fields: None,
        })
    }

    /// The body field that asks the API for a stream of events: an optional boolean `stream`
    /// of a JSON body taken field by field (the convention of OpenAI-style APIs, whose
    /// `create` answers with one JSON value unless `stream` is `true`). Its Rust name.
    pub(super) fn stream_switch(&self, body: &ir::Body) -> Option<String> {
        let (Payload::Json(ty), Some(fields)) = (&body.payload, &body.fields) else {
            return None;
        };
        let TypeRef::Named(id) = self.unalias(ty) else {
            return None;
        };
        let field = self
            .struct_fields(id)?
            .iter()
            .find(|f| f.wire_name == "stream" && !f.required && !f.flatten)?;
        let is_bool = matches!(self.unalias(&field.ty), TypeRef::Bool);
        let has_setter = fields.setters.iter().any(|s| s.field == field.name);
        (is_bool && has_setter).then(|| field.name.clone())
    }

    /// Takes a struct body field by field: its required fields become the method's arguments
    /// and the rest the request's setters, named in `names` (the method's arguments and the
    /// request builder's methods). A body whose schema requires fields is always sent, whatever
    /// the spec's `required` says: the API refuses it without them. A body with more than
    /// [`MAX_BODY_ARGUMENTS`] required fields is one argument, built apart with its `new`.
    pub(super) fn body_fields(&self, body: &mut ir::Body, names: &mut Namespace) {
        let (Payload::Json(ty) | Payload::Form(ty)) = &body.payload else {
            return;
        };
        let TypeRef::Named(id) = self.unalias(ty) else {
            return;
        };
        let Some(fields) = self.struct_fields(id) else {
            return;
        };
        // What the struct's `new` takes; it has one when a required field cannot be `null`
        // (else the struct is `Default`, and a body of it is not taken field by field).
        let required: Vec<&Field> = fields.iter().filter(|f| f.in_new()).collect();
        let has_new = Field::struct_has_new(fields);
        if has_new {
            body.required = true;
        }
        if required.len() > MAX_BODY_ARGUMENTS
            || (!has_new && !required.is_empty())
            || fields.iter().all(|f| f.flatten)
        {
            return;
        }
        // A field named like a parameter (or `body`, `send`...) is `body_{field}`; so is an
        // argument named like a local or helper of the method's body (`text`, `url`), which it
        // would shadow.
        let mut claim = |field: &Field, argument: bool| {
            let wanted = naming::field_name(naming::serde_name(&field.name));
            let shadows =
                argument && naming::reserved::METHOD_LOCALS.contains(&naming::serde_name(&wanted));
            let name = match names.contains(&wanted) || shadows {
                false => names.claim(&wanted),
                true => names.claim(&naming::prefixed("body", &field.name)),
            };
            ir::BodyField {
                field: field.name.clone(),
                name,
            }
        };
        let arguments = required.into_iter().map(|f| claim(f, true)).collect();
        let optional: Vec<&Field> = fields
            .iter()
            .filter(|f| !f.required && !f.flatten)
            .collect();
        let setters = optional.iter().map(|f| claim(f, false)).collect();
        // An explicit `null` is JSON's: a form has no such value.
        let json = matches!(body.payload, Payload::Json(_));
        let nulls: Vec<ir::BodyField> = optional
            .iter()
            .filter(|f| json && f.nullable)
            .map(|f| ir::BodyField {
                field: f.name.clone(),
                name: names.claim(&naming::prefixed("clear", &f.name)),
            })
            .collect();
        let null_list = (!nulls.is_empty()).then(|| names.claim("nulls"));
        body.fields = Some(ir::BodyFields {
            arguments,
            setters,
            nulls,
            null_list,
        });
    }

    /// Picks one media type of a `content` map: JSON if offered, then text, then raw bytes.
    pub(super) fn content(
        &mut self,
        content: &IndexMap<String, openapiv3::MediaType>,
        pointer: &str,
        name: &str,
    ) -> Result<(Option<String>, Payload), Error> {
        let is_json = |m: &str| {
            let m = m.split(';').next().unwrap_or(m).trim();
            m == "application/json" || m.ends_with("+json") || m == "*/*"
        };
        // A sequence of events (`text/event-stream`, JSON Lines) is read by `*_events`
        // (`Lowerer::events`); the other answer is chosen among the rest, when there is one.
        let plain: Vec<(&String, &openapiv3::MediaType)> = content
            .iter()
            .filter(|(m, _)| ir::Framing::of(m).is_none())
            .collect();
        let candidates = match plain.is_empty() {
            true => content.iter().collect(),
            false => plain,
        };
        let chosen = candidates
            .iter()
            .find(|(m, _)| is_json(m))
            .or_else(|| candidates.iter().find(|(m, _)| m.starts_with("text/")))
            .or_else(|| candidates.first())
            .copied();
        let Some((media, entry)) = chosen else {
            return Ok((None, Payload::None));
        };
        // Several media types: the rule above (JSON, then text, then the first) picks one; the
        // README documents it, so it is not worth a warning each time.
        let entry_ptr = pointer_push(&pointer_push(pointer, "content"), media);
        let payload = if is_json(media) {
            match &entry.schema {
                Some(schema) => {
                    let hint = NameHint::Derive(name.to_string());
                    let ty = self
                        .type_of(schema, &pointer_push(&entry_ptr, "schema"), &hint)?
                        .0;
                    self.media_examples(entry, &entry_ptr, &ty)?;
                    Payload::Json(ty)
                }
                None => Payload::Json(TypeRef::Json),
            }
        } else if media.starts_with("text/") {
            Payload::Text
        } else if media == "application/x-www-form-urlencoded" {
            match &entry.schema {
                Some(schema) => {
                    let hint = NameHint::Derive(name.to_string());
                    Payload::Form(
                        self.type_of(schema, &pointer_push(&entry_ptr, "schema"), &hint)?
                            .0,
                    )
                }
                None => Payload::Bytes,
            }
        } else if media.starts_with("multipart/") {
            Payload::Multipart
        } else {
            Payload::Bytes
        };
        Ok((Some(media.clone()), payload))
    }
}
