//! The one room around `openapiv3`, which models OpenAPI 3.0 only and loses the path of its own
//! errors: everything that exists because of it lives here, and no other pass knows its quirks.
//!
//! - [`shape`]: the one description of the document's shape (what a value stands for where it
//!   stands), which every walk of the raw tree asks, and the readers of what [`normalize`] keeps
//!   for the passes after the typed parse (`operations`, `mutual_tls`, `webhooks`,
//!   `alternatives`, `tag_chains`).
//! - [`normalize`]: 3.1 and 3.2 shapes rewritten into the 3.0 shapes `openapiv3` reads; what it
//!   has no field for kept in `x-openapi-client-gen-*` extensions.
//! - [`typed`]: the typed parse, its errors located, malformed documentation dropped.
//!
//! [`read`] is the pass the pipeline runs: normalise, then parse.

pub mod normalize;
pub mod shape;
pub mod typed;

use crate::error::{Error, Note};
use serde_json::Value;

/// Passes 2 and 3: the bundled tree, normalised in place, read as `openapiv3`'s document.
pub fn read(tree: &mut Value, notes: &mut Vec<Note>) -> Result<openapiv3::OpenAPI, Error> {
    normalize::normalize(tree, notes);
    typed::to_openapi_tolerant(tree, notes)
}
