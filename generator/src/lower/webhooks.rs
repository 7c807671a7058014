//! The requests the API's servers send to the user's → IR: 3.1's `webhooks`, and the
//! `callbacks` of operations (what an API that registers its notifications through a call
//! declares: AssemblyAI's transcript-ready hook, Figma's events), each with the type its JSON
//! body decodes into; the models' `Webhook` enum parses them by name.

use super::operation::path_items;
use super::{ir, naming, pointer_push, Error, Lowerer, Namespace, Payload, ReferenceOr};
use crate::adapter::shape::PathOperation;

/// The hooks found so far, the variant names they took, and each name's hook (an index into
/// `out`).
#[derive(Default)]
struct Hooks {
    variants: Namespace,
    out: Vec<ir::Webhook>,
    by_name: std::collections::BTreeMap<String, usize>,
}

impl Hooks {
    /// Adds a hook under the first of `names` no other hook has, its variant named `wanted`
    /// under the first and after the name it gets under the others. One that another hook
    /// already covers (the same name and payload: a callback several operations declare, a
    /// webhook sent with two methods) is left out, as `parse` gives the same value for both.
    fn add(&mut self, names: &[String], wanted: &str, hook: ir::Webhook) -> bool {
        for (i, name) in names.iter().enumerate() {
            let wanted = match i {
                0 => wanted,
                _ => name,
            };
            match self.by_name.get(name).map(|&i| &self.out[i]) {
                Some(same) if same.payload == hook.payload => return true,
                Some(_) => continue,
                None => {
                    let variant = self.variants.claim(&naming::type_name(wanted));
                    self.by_name.insert(name.clone(), self.out.len());
                    self.out.push(ir::Webhook {
                        name: name.clone(),
                        variant,
                        ..hook
                    });
                    return true;
                }
            }
        }
        false
    }
}

impl Lowerer<'_, '_, '_> {
    /// The document's webhooks (kept by `normalize` in [`crate::adapter::shape::WEBHOOKS`]) and
    /// its operations' callbacks; `None` when it declares none with a JSON payload. One that
    /// cannot be read, or whose payload is not JSON, is left out with a note.
    pub(super) fn webhooks(
        &mut self,
        doc: &openapiv3::OpenAPI,
    ) -> Result<Option<ir::Webhooks>, Error> {
        let mut hooks = Hooks::default();
        if let Some(declared) = crate::adapter::shape::webhooks(doc) {
            for (name, item) in declared {
                let ptr = pointer_push("#/webhooks", name);
                let item: ReferenceOr<openapiv3::PathItem> =
                    match serde_json::from_value(item.clone()) {
                        Ok(item) => item,
                        Err(e) => {
                            let why =
                                format!("this webhook cannot be read ({e}); it is not generated");
                            self.note(&ptr, why);
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
                        true => format!("{name} {}", at.http_method),
                        false => name.clone(),
                    };
                    let Some(hook) = self.hook(at, &op_ptr, &wanted, None)? else {
                        continue;
                    };
                    let names = [name.clone(), format!("{name} {}", at.http_method)];
                    if !hooks.add(&names, &wanted, hook) {
                        self.note(
                            &op_ptr,
                            "this webhook's name is another's: it is not generated",
                        );
                    }
                }
            }
        }
        self.callbacks(doc, &mut hooks)?;
        if hooks.out.is_empty() {
            return Ok(None);
        }
        Ok(Some(ir::Webhooks {
            type_name: self.type_names.claim("Webhook"),
            hooks: hooks.out,
        }))
    }

    /// The callbacks of every operation, in path order, each by its name in the spec
    /// (`onData`); one whose name another callback took with another payload by its
    /// operation's too (`POST /streams onData`).
    fn callbacks(&mut self, doc: &openapiv3::OpenAPI, hooks: &mut Hooks) -> Result<(), Error> {
        let referenced = self.referenced_items(doc)?;
        for (path, item_ptr, _, ops) in path_items(doc, &referenced) {
            for at in &ops {
                let op_ptr = at.pointer(&item_ptr);
                let operation = format!("{} {path}", at.http_method);
                for (name, callback) in &at.op.callbacks {
                    let callback_ptr = pointer_push(&pointer_push(&op_ptr, "callbacks"), name);
                    for (expression, item) in callback {
                        let item_ptr = pointer_push(&callback_ptr, expression);
                        let ops = crate::adapter::shape::operations(item);
                        for hook_at in &ops {
                            let ptr = hook_at.pointer(&item_ptr);
                            let Some(hook) = self.hook(hook_at, &ptr, name, Some(&operation))?
                            else {
                                continue;
                            };
                            let names = [
                                name.clone(),
                                format!("{operation} {name}"),
                                format!("{operation} {name} {}", hook_at.http_method),
                            ];
                            if !hooks.add(&names, name, hook) {
                                self.note(
                                    &ptr,
                                    "this callback's name is another's: it is not generated",
                                );
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// The hook the operation at `op_ptr` describes (its name and variant still to be given),
    /// or `None`, noted, when it has no JSON payload. `wanted` names the payload's type when
    /// the spec writes it inline; `callback_of` is the operation a callback belongs to.
    fn hook(
        &mut self,
        at: &PathOperation<'_>,
        op_ptr: &str,
        wanted: &str,
        callback_of: Option<&str>,
    ) -> Result<Option<ir::Webhook>, Error> {
        let kind = match callback_of {
            Some(_) => "callback",
            None => "webhook",
        };
        let Some(body) = &at.op.request_body else {
            self.note(
                op_ptr,
                format!("this {kind} has no payload: it is not generated"),
            );
            return Ok(None);
        };
        let body = self
            .resolver
            .object(body, &pointer_push(op_ptr, "requestBody"))?;
        let hint = naming::type_name(&format!("{wanted} {kind}"));
        let (_, payload) = self.content(&body.value.content, &body.pointer, &hint)?;
        let Payload::Json(payload) = payload else {
            let why = format!("this {kind}'s payload is not JSON: it is not generated");
            self.note(op_ptr, why);
            return Ok(None);
        };
        Ok(Some(ir::Webhook {
            name: String::new(),
            method: at.http_method.clone(),
            variant: String::new(),
            payload,
            doc: (at.op.summary.clone())
                .or_else(|| at.op.description.clone())
                .or_else(|| body.value.description.clone()),
            callback_of: callback_of.map(str::to_string),
        }))
    }
}
