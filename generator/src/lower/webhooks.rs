//! 3.1's `webhooks` → IR: each request the API's servers send to the user's, with the type its
//! JSON body decodes into; the models' `Webhook` enum parses them by name.

use super::{ir, naming, pointer_push, Error, Lowerer, Namespace, Payload, ReferenceOr};

impl Lowerer<'_, '_, '_> {
    /// The document's webhooks (kept by `normalize` in [`crate::adapter::shape::WEBHOOKS`]); `None`
    /// when it declares none with a JSON payload. One that cannot be read, or whose payload is
    /// not JSON, is left out with a note.
    pub(super) fn webhooks(
        &mut self,
        doc: &openapiv3::OpenAPI,
    ) -> Result<Option<ir::Webhooks>, Error> {
        let Some(hooks) = crate::adapter::shape::webhooks(doc) else {
            return Ok(None);
        };
        let mut variants = Namespace::default();
        let mut out = Vec::new();
        for (name, item) in hooks {
            let ptr = pointer_push("#/webhooks", name);
            let item: ReferenceOr<openapiv3::PathItem> = match serde_json::from_value(item.clone())
            {
                Ok(item) => item,
                Err(e) => {
                    self.note(
                        &ptr,
                        format!("this webhook cannot be read ({e}); it is not generated"),
                    );
                    continue;
                }
            };
            let resolved = self.resolver.object(&item, &ptr)?;
            let (item, item_ptr) = (resolved.value.into_owned(), resolved.pointer.to_string());
            let ops = crate::adapter::shape::operations(&item);
            let several = ops.len() > 1;
            for at in &ops {
                let op_ptr = at.pointer(&item_ptr);
                let wanted = match several {
                    true => format!("{name} {}", at.method),
                    false => name.clone(),
                };
                let Some(body) = &at.op.request_body else {
                    self.note(&op_ptr, "this webhook has no payload: it is not generated");
                    continue;
                };
                let body = self
                    .resolver
                    .object(body, &pointer_push(&op_ptr, "requestBody"))?;
                let hint = naming::type_name(&format!("{wanted} webhook"));
                let (_, payload) = self.content(&body.value.content, &body.pointer, &hint)?;
                let Payload::Json(payload) = payload else {
                    self.note(
                        &op_ptr,
                        "this webhook's payload is not JSON: it is not generated",
                    );
                    continue;
                };
                out.push(ir::Webhook {
                    name: name.clone(),
                    method: at.http_method.clone(),
                    variant: variants.claim(&naming::type_name(&wanted)),
                    payload,
                    doc: (at.op.summary.clone())
                        .or_else(|| at.op.description.clone())
                        .or_else(|| body.value.description.clone()),
                });
            }
        }
        if out.is_empty() {
            return Ok(None);
        }
        Ok(Some(ir::Webhooks {
            type_name: self.type_names.claim("Webhook"),
            hooks: out,
        }))
    }
}
