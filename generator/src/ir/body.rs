//! Bodies: how a request or response body is encoded, and how a method takes a request's.

use super::TypeRef;
use serde::Serialize;

/// How a body is encoded or decoded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Payload {
    /// No body.
    None,
    /// JSON of the given type.
    Json(TypeRef),
    /// Text (`text/*`): `String`.
    Text,
    /// Anything else: raw bytes.
    Bytes,
    /// `application/x-www-form-urlencoded` of the given (object) type.
    Form(TypeRef),
    /// `multipart/form-data`: a `reqwest::multipart::Form` the caller builds.
    Multipart,
}

/// A request body.
#[derive(Debug, Clone, Serialize)]
pub struct Body {
    /// The media type sent as `Content-Type`.
    pub media_type: String,
    /// How it is encoded.
    pub payload: Payload,
    /// Whether the method always sends it: the spec requires it, or its schema requires
    /// fields (a body without them is one the API refuses, so they are asked for).
    pub required: bool,
    /// Documentation.
    pub doc: Option<String>,
    /// The body's fields as the method's own arguments and its request's setters, when the
    /// body is one struct with few enough required fields; `None`: the body is one value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BodyFields>,
}

/// A struct body taken field by field: `create(stream_id, duration)` and `.start(5)` instead
/// of a body built apart.
#[derive(Debug, Clone, Serialize)]
pub struct BodyFields {
    /// The struct's required fields, in the order its `new` takes them: each a method argument.
    pub arguments: Vec<BodyField>,
    /// Its other fields (not the map of undeclared ones): each a setter on the request.
    pub setters: Vec<BodyField>,
    /// Those of the other fields that may be `null`: each also a setter sending an explicit
    /// `null` (`clear_{field}`), which a PATCH reads as "clear it" where leaving the field out
    /// means "keep it". A JSON body only.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nulls: Vec<BodyField>,
    /// The request's own field listing the fields to send as `null` (named beside the
    /// parameters), when there are any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub null_list: Option<String>,
}

/// A field of a struct body and the name the method gives it.
#[derive(Debug, Clone, Serialize)]
pub struct BodyField {
    /// The struct's field (its Rust name).
    pub field: String,
    /// The argument's or setter's name.
    pub name: String,
}

/// A success answered as a sequence of events read as they arrive: the operation's `*_events`
/// method (or its request's `send_events`), beside the method reading the other answer.
#[derive(Debug, Clone, Serialize)]
pub struct Events {
    /// The media type asked for in `Accept` (`text/event-stream`, `application/x-ndjson`...).
    pub media_type: String,
    /// How the events are framed.
    pub framing: Framing,
    /// What each event's data decodes into (`String` when the spec says text).
    pub item: TypeRef,
    /// The plain method's name (`list_events`); `None`: the operation has a request builder,
    /// whose method is `send_events`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// The JSON body's optional boolean field that asks the API for a stream (`stream`, the
    /// convention of OpenAI-style APIs): `send_events` sets it to `true` unless it was set.
    /// Its Rust name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub switch: Option<String>,
}

/// How a stream of events is framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Framing {
    /// Server-Sent Events (`text/event-stream`): each event's `data` is one item.
    ServerSentEvents,
    /// JSON Lines, NDJSON, JSON text sequences: each line is one item.
    JsonLines,
}

impl Framing {
    /// How a media type is framed, if it is a sequence of events.
    pub fn of(media_type: &str) -> Option<Framing> {
        let media = media_type.split(';').next().unwrap_or(media_type).trim();
        match media.to_ascii_lowercase().as_str() {
            "text/event-stream" => Some(Framing::ServerSentEvents),
            "application/x-ndjson"
            | "application/ndjson"
            | "application/jsonl"
            | "application/x-jsonlines"
            | "application/jsonlines"
            | "application/json-seq"
            | "application/x-json-stream"
            | "application/stream+json" => Some(Framing::JsonLines),
            _ => None,
        }
    }
}
