//! An operation method's docs: the spec's summary, description, endpoint and parameters, and a
//! compiled `no_run` example of the call.

use super::{doc_attrs, naming, paragraphs, quote, Api, Operation, Payload, TokenStream, TypeRef};
use crate::ir::Field;

/// The method's docs, with an example unless `krate` is empty (modules of another crate).
pub(super) fn method_docs(api: &Api, op: &Operation, krate: &str) -> TokenStream {
    let endpoint = format!("`{} {}`", op.http_method, op.path);
    let params: Vec<String> = op
        .params
        .iter()
        .map(|p| {
            let (sep, doc) = one_line(p.doc.as_deref());
            // With a request builder, an optional parameter is set with its setter.
            let optional = if op.builder.is_some() && !p.required {
                "optional, "
            } else {
                ""
            };
            format!(
                "- `{}` ({optional}{} `{}`){sep}{doc}",
                crate::naming::serde_name(&p.name),
                p.location.word(),
                p.wire_name
            )
        })
        .collect();
    let mut params = params;
    params.extend(body_arguments(api, op).into_iter().map(|(name, f)| {
        let (sep, doc) = one_line(f.doc.as_deref());
        format!(
            "- `{}` (body `{}`){sep}{doc}",
            crate::naming::serde_name(name),
            f.wire_name
        )
    }));
    let params = (!params.is_empty()).then(|| format!("# Parameters\n\n{}", params.join("\n")));
    let links = links_doc(api, op);
    let docs = doc_attrs(&paragraphs([
        op.summary.as_deref(),
        op.description
            .as_deref()
            .filter(|d| Some(*d) != op.summary.as_deref()),
        Some(&endpoint),
        params.as_deref(),
        links.as_deref(),
    ]));
    // The example is the generator's own text (compiled by the crate's doctests); the only
    // values from the spec in it are re-rendered from their parsed form (see `literal`).
    let example = (!krate.is_empty())
        .then(|| crate::emit::trusted_doc_attrs(&format!("\n{}", example_doc(api, op, krate))));
    quote!(#docs #example)
}

/// `# Links`: the calls the answer says can follow (the responses' `links`), each with the
/// method it is and where its parameters come from.
fn links_doc(api: &Api, op: &Operation) -> Option<String> {
    if op.links.is_empty() {
        return None;
    }
    let span = crate::emit::code_span_text;
    let lines: Vec<String> = op
        .links
        .iter()
        .map(|link| {
            let target = &api.operations[link.operation];
            let mut line = format!(
                "- `{}` (after `{}`): [`client.{}(..)`]({}::{})",
                span(&link.name),
                span(&link.status),
                api.call_path(target),
                api.owner(target),
                target.method_name,
            );
            let given: Vec<String> = link
                .parameters
                .iter()
                .map(|(name, value)| format!("`{}` = `{}`", span(name), span(value)))
                .collect();
            if !given.is_empty() {
                line.push_str(&format!(", with {}", given.join(", ")));
            }
            let (sep, doc) = one_line(link.doc.as_deref());
            line.push_str(&format!("{sep}{doc}"));
            line
        })
        .collect();
    Some(format!("# Links\n\n{}", lines.join("\n")))
}

/// A `no_run` example calling the method as a user would, from the client: scalar arguments
/// from the spec's parameter examples (else a plain value of their type), other values as
/// parameters of the example's function.
fn example_doc(api: &Api, op: &Operation, krate: &str) -> String {
    let mut inputs = vec![format!("client: {krate}::Client")];
    let mut args = Vec::new();
    for p in op.params.iter().filter(|p| p.required) {
        match literal(&p.ty, p.example.as_ref()) {
            Some(value) => args.push(value),
            None => {
                // A request builder takes its values by value; a plain method borrows them.
                let name = p.binding();
                inputs.push(format!("{name}: {}", type_text(krate, &p.ty)));
                args.push(match op.builder {
                    Some(_) => name.to_string(),
                    None => format!("&{name}"),
                });
            }
        }
    }
    let body_example = body_example(api, op);
    for (name, f) in body_arguments(api, op) {
        let example = body_example.and_then(|e| e.get(&f.wire_name));
        match (f.nullable, literal(&f.ty, example)) {
            (true, _) => args.push("None".to_string()),
            (false, Some(value)) => args.push(value),
            (false, None) => {
                inputs.push(format!("{name}: {}", type_text(krate, &f.ty)));
                args.push(name.to_string());
            }
        }
    }
    if let Some(body) = op
        .body
        .as_ref()
        .filter(|b| b.required && b.fields.is_none())
    {
        match &body.payload {
            Payload::Json(ty) | Payload::Form(ty) => {
                inputs.push(format!("body: {}", type_text(krate, ty)));
                args.push("body".to_string());
            }
            Payload::Text => args.push("String::from(\"text\")".to_string()),
            Payload::Multipart => args.push(format!("{krate}::reqwest::multipart::Form::new()")),
            Payload::Bytes | Payload::None => args.push("b\"bytes\".to_vec()".to_string()),
        }
    }
    let call = format!("client.{}({})", api.call_path(op), args.join(", "));
    let unit = matches!(op.success.body(), Some((Payload::None, false)));
    let binding = answer_binding(api, op);
    let statement = match unit {
        true => format!("{call}.await?;"),
        false => format!("let {binding} = {call}.await?;\n# let _ = {binding};"),
    };
    let allow = if op.deprecated {
        "# #![allow(deprecated)]\n"
    } else {
        ""
    };
    format!(
        "# Example\n\n```no_run\n{allow}# async fn example({}) -> Result<(), Box<dyn std::error::Error>> {{\n{statement}\n# Ok(())\n# }}\n```",
        inputs.join(", ")
    )
}

/// A literal for a scalar argument: the spec's example when it is a value of the parameter's
/// type (numbers and booleans re-rendered from their parsed values; strings only when made of
/// plain characters, and escaped), else a plain value. `None` for non-scalar types.
fn literal(ty: &TypeRef, example: Option<&serde_json::Value>) -> Option<String> {
    use serde_json::Value;
    Some(match (ty, example) {
        (TypeRef::I32 | TypeRef::I64, Some(Value::Number(n))) if n.as_i64().is_some() => {
            let n = n.as_i64()?;
            match ty {
                TypeRef::I32 if i32::try_from(n).is_err() => "1".to_string(),
                _ => n.to_string(),
            }
        }
        (TypeRef::U32 | TypeRef::U64, Some(Value::Number(n))) if n.as_u64().is_some() => {
            let n = n.as_u64()?;
            match ty {
                TypeRef::U32 if u32::try_from(n).is_err() => "1".to_string(),
                _ => n.to_string(),
            }
        }
        (TypeRef::F32 | TypeRef::F64, Some(Value::Number(n))) if n.as_f64().is_some() => {
            format!("{:?}", n.as_f64()?)
        }
        (TypeRef::Bool, Some(Value::Bool(b))) => b.to_string(),
        (TypeRef::String, Some(Value::String(text)))
            if !text.is_empty()
                && text.len() <= 64
                && text
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || " _-.:/@+".contains(c)) =>
        {
            format!("{text:?}")
        }
        (TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64, _) => "1".to_string(),
        (TypeRef::F32 | TypeRef::F64, _) => "1.0".to_string(),
        (TypeRef::Bool, _) => "true".to_string(),
        (TypeRef::String, _) => "\"value\"".to_string(),
        _ => return None,
    })
}

/// A type as written in a doc example, outside the crate (`gcore_streaming::models::ClipId`).
fn type_text(krate: &str, ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".to_string(),
        TypeRef::I32 => "i32".to_string(),
        TypeRef::I64 => "i64".to_string(),
        TypeRef::U32 => "u32".to_string(),
        TypeRef::U64 => "u64".to_string(),
        TypeRef::F32 => "f32".to_string(),
        TypeRef::F64 => "f64".to_string(),
        TypeRef::Bool => "bool".to_string(),
        TypeRef::DateTime => "chrono::DateTime<chrono::FixedOffset>".to_string(),
        TypeRef::Date => "chrono::NaiveDate".to_string(),
        TypeRef::Uuid => "uuid::Uuid".to_string(),
        TypeRef::Json => "serde_json::Value".to_string(),
        TypeRef::JsonObject => "serde_json::Map<String, serde_json::Value>".to_string(),
        TypeRef::Vec(item) => format!("Vec<{}>", type_text(krate, item)),
        TypeRef::Map(value) => format!(
            "std::collections::BTreeMap<String, {}>",
            type_text(krate, value)
        ),
        TypeRef::Named(id) => format!("{krate}::models::{}", naming::serde_name(&id.name)),
    }
}

/// The body's fields the method takes as arguments (see `ir::BodyFields`), with their names
/// there.
fn body_arguments<'a>(api: &'a Api, op: &'a Operation) -> Vec<(&'a str, &'a Field)> {
    let Some(body) = &op.body else {
        return Vec::new();
    };
    let (Some(fields), Some((_, all))) = (&body.fields, super::body::body_struct(api, body)) else {
        return Vec::new();
    };
    fields
        .arguments
        .iter()
        .filter_map(|a| Some((a.name.as_str(), all.iter().find(|f| f.name == a.field)?)))
        .collect()
}

/// The example the spec gives for a struct body's schema, if it is an object.
fn body_example<'a>(
    api: &'a Api,
    op: &Operation,
) -> Option<&'a serde_json::Map<String, serde_json::Value>> {
    let (def, _) = super::body::body_struct(api, op.body.as_ref()?)?;
    def.example.as_ref()?.as_object()
}

/// What the answer of `op` is bound to in an example: a list's items after their resource
/// (`let clips = ...`), anything else `value`.
fn answer_binding(api: &Api, op: &Operation) -> String {
    match op.resource {
        Some(r) if op.method_name == "list" => api.resources[r].accessor.clone(),
        _ => "value".to_string(),
    }
}

/// The call a crate's first example makes, from the client, and the binding its answer gets
/// (`("streams", "streams().list()")`): a resource's `list` if one takes only values an
/// example can write, else any such `GET`; `None` when there is none (every operation needs
/// a body, or a value that is not a plain scalar).
pub(crate) fn first_call(api: &Api) -> Option<(String, String)> {
    // A plain `GET`'s arguments, when an example can write every one.
    let args = |op: &Operation| -> Option<Vec<String>> {
        if op.http_method != "GET" || op.body.is_some() || op.deprecated {
            return None;
        }
        op.params
            .iter()
            .filter(|p| p.required)
            .map(|p| literal(&p.ty, p.example.as_ref()))
            .collect()
    };
    let plain = api.operations.iter().filter_map(|op| Some((op, args(op)?)));
    let (op, args) = plain
        .clone()
        .find(|(op, _)| op.resource.is_some() && op.method_name == "list")
        .or_else(|| plain.clone().next())?;
    Some((
        answer_binding(api, op),
        format!("{}({})", api.call_path(op), args.join(", ")),
    ))
}

/// A value's doc on one line, and the `: ` that introduces it in a list (none when empty).
fn one_line(doc: Option<&str>) -> (&'static str, String) {
    let doc = doc
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (if doc.is_empty() { "" } else { ": " }, doc)
}

/// The doc of a `*_events` method or `send_events`, reading `target`'s events as they arrive.
pub(super) fn events_doc(target: &str, events: &crate::ir::Events) -> String {
    let switch = match &events.switch {
        Some(field) => format!(
            "\n\n Sets the body's `{}` to `true` unless it was set: the API answers with events\n only when asked.",
            naming::serde_name(field)
        ),
        None => String::new(),
    };
    format!(
        " Like [`{target}`], answering with its events as they arrive\n (`{}`): see [`EventStream`].{switch}",
        events.media_type
    )
}

/// The doc of a `*_stream` method or `send_stream`, reading `target`'s body as it arrives.
pub(super) fn stream_doc(target: &str) -> String {
    format!(
        " Like [`{target}`], reading the body as it arrives instead of into memory (no\n body size limit, no deadline for the whole body: see [`ByteStream`])."
    )
}

/// Searching the docs for the operationId finds the method. Rustdoc refuses aliases with
/// spaces or quotes, so an operationId with anything but word characters is not one.
pub(super) fn alias(op: &Operation) -> Option<TokenStream> {
    op.operation_id
        .as_deref()
        .filter(|id| {
            !id.is_empty()
                && id.len() <= 100
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
                && *id != naming::serde_name(&op.method_name)
        })
        .map(|id| quote!(#[doc(alias = #id)]))
}
