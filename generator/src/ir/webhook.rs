//! Webhooks: the requests the API's servers send to the user's, each with a typed payload.

use super::TypeRef;
use serde::Serialize;

/// The webhooks a document declares (3.1's `webhooks`, and its operations' `callbacks`),
/// parsed by one enum in `models`.
#[derive(Debug, Clone, Serialize)]
pub struct Webhooks {
    /// The enum's name (`Webhook`, claimed among the model types).
    pub type_name: String,
    /// Each webhook, in the document's (canonical) order.
    pub hooks: Vec<Webhook>,
}

/// One webhook: a request the API sends, and what its body decodes into.
#[derive(Debug, Clone, Serialize)]
pub struct Webhook {
    /// Its name in the spec (the `webhooks` or `callbacks` key; with its operation's when
    /// another took it): what `parse` is given.
    pub name: String,
    /// The HTTP method the API sends it with.
    pub method: String,
    /// The enum variant holding its payload.
    pub variant: String,
    /// The payload's type (its JSON body).
    pub payload: TypeRef,
    /// For a callback, the operation that declares it (`POST /streams`); `None` for a 3.1
    /// webhook.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callback_of: Option<String>,
    /// Its summary or description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}
