//! How a list operation is walked page after page: the rule (page number, offset, cursor,
//! next link), where a page's items are, and why it is paged.

use super::TypeRef;
use serde::Serialize;

/// How a list operation is walked page after page (its `pages()` stream).
#[derive(Debug, Clone, Serialize)]
pub struct Paging {
    /// How the next page is asked for.
    pub rule: PagingRule,
    /// The type of one item of a page.
    pub item: TypeRef,
    /// Where a page's items are: the body itself (an array, `None`) or one of its fields.
    pub items: Option<PageField>,
    /// Why the operation is paged: what the spec shows, or the settings file.
    pub reason: String,
}

impl Paging {
    /// The Rust name of the parameter the rule drives (none for a next link).
    pub fn param(&self) -> Option<&str> {
        match &self.rule {
            PagingRule::Page { param }
            | PagingRule::Offset { param }
            | PagingRule::Cursor { param, .. }
            | PagingRule::AfterItem { param, .. } => Some(param),
            PagingRule::NextLink { .. } => None,
        }
    }
}

/// The ways of asking for the next page.
#[derive(Debug, Clone, Serialize)]
pub enum PagingRule {
    /// An integer query parameter numbers the pages (1, 2, ...; the first and the end rule
    /// are the client's `Paging`); the walk ends at an empty page.
    Page {
        /// The Rust name of the parameter.
        param: String,
    },
    /// An integer query parameter counts the items to skip; each page advances it by the
    /// items received, and the walk ends at an empty page.
    Offset {
        /// The Rust name of the parameter.
        param: String,
    },
    /// A string query parameter takes the cursor a response field gives for the next page;
    /// the walk ends when there is none (or `has_more` says so, or a page is empty).
    Cursor {
        /// The Rust name of the parameter.
        param: String,
        /// The response field holding the next cursor.
        next: PageField,
        /// A boolean response field saying whether more pages follow.
        #[serde(skip_serializing_if = "Option::is_none")]
        has_more: Option<PageField>,
    },
    /// A string query parameter takes the id of the last item received (Stripe's
    /// `starting_after`); the walk ends when a response says no more follow (or a page is
    /// empty, or its last item has no id).
    AfterItem {
        /// The Rust name of the parameter.
        param: String,
        /// The item's field holding its id.
        id: PageField,
        /// A boolean response field saying whether more pages follow.
        #[serde(skip_serializing_if = "Option::is_none")]
        has_more: Option<PageField>,
    },
    /// Each response links to the next page (its `Link` header's `rel="next"`, or a body
    /// field holding the URL); the request is sent again to that URL (same origin only), and
    /// the walk ends when there is no link (or a page is empty).
    NextLink {
        /// The body field holding the next page's URL; `None`: the `Link` header.
        #[serde(skip_serializing_if = "Option::is_none")]
        field: Option<PageField>,
    },
}

/// A field of a paged response's body.
#[derive(Debug, Clone, Serialize)]
pub struct PageField {
    /// The Rust field name.
    pub name: String,
    /// Held in an `Option` (not required, or nullable).
    pub optional: bool,
}
