//! A `oneOf`/`anyOf` among an `allOf`'s members or beside an object's properties, carried in
//! the merged object for `lower::alternatives`.

use openapiv3::{ReferenceOr, Schema};

/// A `oneOf` or `anyOf` whose alternatives each extend an object's properties.
#[derive(Debug, Clone)]
pub struct Alternatives {
    /// `oneOf` or `anyOf`.
    pub keyword: &'static str,
    /// The alternatives.
    pub members: Vec<ReferenceOr<Schema>>,
    /// The schema that holds the keyword (alternative `i` is at `{pointer}/{keyword}/{i}`).
    pub pointer: String,
}

impl Alternatives {
    /// `keyword`'s `members`, written in the schema at `pointer`.
    pub(super) fn of(
        keyword: &'static str,
        members: &[ReferenceOr<Schema>],
        pointer: &str,
    ) -> Self {
        Alternatives {
            keyword,
            members: members.to_vec(),
            pointer: pointer.to_string(),
        }
    }

    /// The alternatives `normalize` kept beside a schema's `properties`
    /// ([`crate::adapter::shape::alternatives`]), that schema being at `pointer`.
    pub fn kept(schema: &Schema, pointer: &str) -> Option<Self> {
        let kept = crate::adapter::shape::alternatives(schema)?;
        ["oneOf", "anyOf"].into_iter().find_map(|keyword| {
            let members = serde_json::from_value(kept.get(keyword)?.clone()).ok()?;
            Some(Alternatives {
                keyword,
                members,
                pointer: pointer.to_string(),
            })
        })
    }
}
