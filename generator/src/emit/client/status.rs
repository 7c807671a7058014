//! The status match of an operation's answer: an arm per declared success (decoding its body,
//! or its variant of the per-status enum), per declared error status or range (its variant of
//! the error enum), and the fallback (`default`, else `UnexpectedStatus`). Each arm is one call
//! on the runtime's `Raw` (bound as `raw`), which knows the status, body and endpoint: the
//! errors' fields are written once, in the runtime, not once per arm.

use super::{ident, quote, ErrorCase, Literal, Operation, Payload, Status, Success, TokenStream};

/// The arms of the status match: the successes', then the declared errors' (codes, then
/// ranges), then the fallback (`default`, else `UnexpectedStatus`).
pub(super) struct StatusArms {
    /// Every arm, the fallback last.
    pub all: Vec<TokenStream>,
    /// The declared errors' arms alone.
    pub errors: Vec<TokenStream>,
    /// What any other status makes.
    pub fallback: TokenStream,
}

pub(super) fn status_arms(op: &Operation) -> StatusArms {
    let mut arms = success_arms(op);
    let successes = arms.len();
    let (codes, rest): (Vec<&ErrorCase>, Vec<&ErrorCase>) = op
        .errors
        .iter()
        .partition(|e| matches!(e.status, Status::Code(_)));
    let (ranges, default): (Vec<&ErrorCase>, Vec<&ErrorCase>) = rest
        .into_iter()
        .partition(|e| matches!(e.status, Status::Range(_)));
    if let Some(enum_name) = &op.error_type {
        for e in codes.into_iter().chain(ranges) {
            let pattern = status_pattern(&e.status);
            let value = error_value(enum_name, e);
            arms.push(quote!(#pattern => #value,));
        }
    }
    let fallback = match (&op.error_type, default.first()) {
        (Some(enum_name), Some(e)) => error_value(enum_name, e),
        _ => quote!(raw.unexpected()),
    };
    let errors = arms[successes..].to_vec();
    arms.push(quote!(_ => #fallback,));
    StatusArms {
        all: arms,
        errors,
        fallback,
    }
}

/// Match arms for the success statuses (any 2xx when the spec declares none).
fn success_arms(op: &Operation) -> Vec<TokenStream> {
    let decode = |payload: &Payload| match payload {
        Payload::None => quote!(()),
        Payload::Json(_) => quote!(raw.json()?),
        Payload::Text => quote!(raw.text()),
        Payload::Bytes | Payload::Form(_) | Payload::Multipart => quote!(raw.bytes()),
    };
    let (statuses, payload, optional) = match &op.success {
        Success::Any => return vec![quote!(200..=299 => Ok(()),)],
        Success::Body {
            statuses,
            payload,
            optional,
        } => (statuses, payload, *optional),
        Success::PerStatus {
            response_type,
            variants,
        } => {
            let response = ident(response_type);
            return variants
                .iter()
                .map(|v| {
                    let pattern = status_pattern(&v.status);
                    let variant = ident(&v.name);
                    let value = match &v.payload {
                        Payload::None => quote!(#response::#variant),
                        other => {
                            let value = decode(other);
                            quote!(#response::#variant(#value))
                        }
                    };
                    quote!(#pattern => Ok(#value),)
                })
                .collect();
        }
    };
    let value = decode(payload);
    // `decode(..)?` inside `Ok` would be a needless `?` when it is the whole result.
    let value = match (payload, optional) {
        (_, true) => quote!(Ok(Some(#value))),
        (Payload::Json(_), false) => quote!(raw.json()),
        (_, false) => quote!(Ok(#value)),
    };
    // With `optional`, statuses without a body (e.g. 204) give `None`; an empty body under a
    // status that declares one is also `None`, which is how such APIs signal "nothing yet".
    let pattern = statuses_pattern(statuses);
    let mut arms = Vec::new();
    if optional {
        arms.push(quote!(#(#pattern)|* if raw.body.is_empty() => Ok(None),));
    }
    arms.push(quote!(#(#pattern)|* => #value,));
    arms
}

/// The alternatives of a pattern matching any of `statuses`: as written, except that three or
/// more codes that are every code from one to another (`200 | 201 | 202`) are that range
/// (`200..=202`), as clippy's `manual_range_patterns` asks.
fn statuses_pattern(statuses: &[Status]) -> Vec<TokenStream> {
    let codes: Option<Vec<u16>> = statuses
        .iter()
        .map(|s| match s {
            Status::Code(c) => Some(*c),
            _ => None,
        })
        .collect();
    if let Some(mut codes) = codes.filter(|codes| codes.len() >= 3) {
        codes.sort_unstable();
        codes.dedup();
        if let (Some(&lo), Some(&hi)) = (codes.first(), codes.last()) {
            if usize::from(hi - lo) + 1 == codes.len() {
                let (lo, hi) = (Literal::u16_unsuffixed(lo), Literal::u16_unsuffixed(hi));
                return vec![quote!(#lo..=#hi)];
            }
        }
    }
    statuses.iter().map(status_pattern).collect()
}

fn status_pattern(status: &Status) -> TokenStream {
    match status {
        Status::Code(c) => {
            let c = Literal::u16_unsuffixed(*c);
            quote!(#c)
        }
        Status::Range(r) => {
            let lo = Literal::u16_unsuffixed(r * 100);
            let hi = Literal::u16_unsuffixed(r * 100 + 99);
            quote!(#lo..=#hi)
        }
        Status::Default => quote!(_),
    }
}

/// `Err(Error::Api { .. })` carrying the decoded body of a declared error status.
fn error_value(enum_name: &str, e: &ErrorCase) -> TokenStream {
    let enum_name = ident(enum_name);
    let variant = ident(&e.variant);
    let body = match &e.payload {
        Payload::None => quote!(#enum_name::#variant),
        Payload::Json(_) => quote!(#enum_name::#variant(raw.error_json()?)),
        Payload::Text => quote!(#enum_name::#variant(raw.text())),
        Payload::Bytes | Payload::Form(_) | Payload::Multipart => {
            quote!(#enum_name::#variant(raw.body.clone()))
        }
    };
    quote!(raw.api(#body))
}
