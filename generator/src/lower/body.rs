//! Request bodies → IR: the body's media type, its payload (JSON of a type, a form, multipart,
//! text or bytes) and whether it is required.

use super::*;

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
        })
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
        let chosen = content
            .iter()
            .find(|(m, _)| is_json(m))
            .or_else(|| content.iter().find(|(m, _)| m.starts_with("text/")))
            .or_else(|| content.first());
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
