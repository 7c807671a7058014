//! The headers an operation declares on its success responses, typed.

use super::TypeRef;
use serde::Serialize;

/// A struct with a field per declared success header, read from a response's headers.
#[derive(Debug, Clone, Serialize)]
pub struct ResponseHeaders {
    /// The struct's name (`StreamsListHeaders`).
    pub type_name: String,
    /// Its fields, in the order the spec declares the headers (first status first).
    pub fields: Vec<HeaderField>,
}

/// One declared response header.
#[derive(Debug, Clone, Serialize)]
pub struct HeaderField {
    /// The header's name as sent.
    pub wire_name: String,
    /// The field's Rust name.
    pub field: String,
    /// Its type: a string, an integer, a number or a boolean (anything else is its text).
    pub ty: TypeRef,
    /// Its description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}
