//! Pass 8c: which way each type's values travel ([`Direction`]): sent in requests, received in
//! responses, or both.
//!
//! A type only ever received needs no `Serialize` and one only ever sent no `Deserialize` for
//! the client to work; the models emitter puts those impls behind the generated crate's
//! `serialize` and `deserialize` features, which is a large share of what a crate costs to
//! compile. Found by reachability from the operations: a type is sent when a request body or a
//! parameter holds it (directly, or inside another type), received when a success or error
//! body, or an event of a stream, does. A type no operation uses is left `Both`: the spec
//! defines it for some use the operations do not show (a webhook's payload, a type users
//! store), so it keeps both impls, and so do the types inside it.

use crate::ir::{Api, Direction, Payload, TypeRef};

/// Sets every type's [`Direction`].
pub fn mark(api: &mut Api) {
    let mut sent = vec![false; api.types.len()];
    let mut received = vec![false; api.types.len()];
    let mut sent_roots = Vec::new();
    let mut received_roots = Vec::new();
    let payload = |payload: &Payload, roots: &mut Vec<usize>| {
        if let Payload::Json(ty) | Payload::Form(ty) = payload {
            named(ty, roots);
        }
    };
    for op in &api.operations {
        for param in &op.params {
            named(&param.ty, &mut sent_roots);
        }
        if let Some(body) = &op.body {
            payload(&body.payload, &mut sent_roots);
        }
        for body in op.success.payloads() {
            payload(body, &mut received_roots);
        }
        for error in &op.errors {
            payload(&error.payload, &mut received_roots);
        }
        // Each event of a stream is decoded as it arrives.
        if let Some(events) = &op.events {
            named(&events.item, &mut received_roots);
        }
    }
    // A webhook's payload is decoded by the user's server, as an answer is by the client.
    for hook in api.webhooks.iter().flat_map(|w| &w.hooks) {
        named(&hook.payload, &mut received_roots);
    }
    reach(api, sent_roots, &mut sent);
    reach(api, received_roots, &mut received);
    // A type no operation uses keeps both impls, and so must every type inside it.
    let unused: Vec<usize> = (0..api.types.len())
        .filter(|&i| !sent[i] && !received[i])
        .collect();
    reach(api, unused.clone(), &mut sent);
    reach(api, unused, &mut received);
    for (i, def) in api.types.iter_mut().enumerate() {
        def.direction = match (sent[i], received[i]) {
            (true, false) => Direction::Sent,
            (false, true) => Direction::Received,
            _ => Direction::Both,
        };
    }
}

/// Marks in `seen` every type reachable from `stack` through fields, alias targets and union
/// variants (behind `Vec` and maps too).
fn reach(api: &Api, mut stack: Vec<usize>, seen: &mut [bool]) {
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        for ty in api.types[i].kind.refs() {
            named(ty, &mut stack);
        }
    }
}

/// The named type in `ty` (behind `Vec` and maps too), by position, onto `out`.
fn named(ty: &TypeRef, out: &mut Vec<usize>) {
    out.extend(ty.named().map(|id| id.index));
}
