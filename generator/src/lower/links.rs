//! Responses' `links` → IR: the calls an answer says can follow it (`GetUserByUserId` with
//! `userId` from `$response.body#/id`), each to an operation of the API, which the method's
//! docs then name. A link the client cannot point to (an operation in another document, or
//! none the spec has) is left out with a note.

use super::{ir, pointer_push, Error, Lowerer};
use openapiv3::LinkOperation;
use std::collections::BTreeMap;

/// A link as the spec names its target, before every operation is known.
pub(super) struct Pending {
    link: ir::Link,
    target: LinkOperation,
    pointer: String,
}

impl Lowerer<'_, '_, '_> {
    /// The links of the operation at `op_ptr`'s responses, in response order.
    pub(super) fn links(
        &mut self,
        op: &openapiv3::Operation,
        op_ptr: &str,
    ) -> Result<Vec<Pending>, Error> {
        let responses_ptr = pointer_push(op_ptr, "responses");
        let mut out = Vec::new();
        for (_, status, response) in super::responses::keyed_responses(op) {
            let response = self
                .resolver
                .object(response, &pointer_push(&responses_ptr, &status))?;
            let links_ptr = pointer_push(&response.pointer, "links");
            for (name, link) in &response.value.links {
                let link = self
                    .resolver
                    .object(link, &pointer_push(&links_ptr, name))?;
                let parameters = link
                    .value
                    .parameters
                    .iter()
                    .map(|(k, v)| {
                        let v = match v {
                            serde_json::Value::String(text) => text.clone(),
                            other => other.to_string(),
                        };
                        (k.clone(), v)
                    })
                    .collect();
                out.push(Pending {
                    link: ir::Link {
                        name: name.clone(),
                        status: status.clone(),
                        operation: 0,
                        parameters,
                        doc: link.value.description.clone(),
                    },
                    target: link.value.operation.clone(),
                    pointer: link.pointer.to_string(),
                });
            }
        }
        Ok(out)
    }

    /// Points each operation's pending links (`pending[i]`: operation `i`'s) at the operation
    /// they name, by `operationId` or by `operationRef` (`#/paths/~1users~1{id}/get`), each
    /// looked up once in a map of the operations by both (the first operation with an id).
    pub(super) fn place_links(
        &mut self,
        operations: &mut [ir::Operation],
        pending: Vec<Vec<Pending>>,
    ) {
        let mut by_name: BTreeMap<String, usize> = BTreeMap::new();
        for (i, op) in operations.iter().enumerate().rev() {
            let method = op.http_method.to_lowercase();
            by_name.insert(pointer_push(&pointer_push("#/paths", &op.path), &method), i);
            if let Some(id) = &op.operation_id {
                by_name.insert(format!("operationId {id}"), i);
            }
        }
        let mut found: Vec<Vec<ir::Link>> = Vec::with_capacity(pending.len());
        for links in pending {
            let mut placed = Vec::with_capacity(links.len());
            for p in links {
                let key = match &p.target {
                    LinkOperation::OperationId(id) => format!("operationId {id}"),
                    LinkOperation::OperationRef(r) => r.clone(),
                };
                match by_name.get(&key) {
                    Some(&operation) => placed.push(ir::Link {
                        operation,
                        ..p.link
                    }),
                    None => self.note(
                        &p.pointer,
                        "this link names no operation of this document: it is not documented",
                    ),
                }
            }
            found.push(placed);
        }
        for (op, links) in operations.iter_mut().zip(found) {
            op.links = links;
        }
    }
}
