//! Which list operations are walked page after page, and how: by page number, offset, cursor
//! or next link (see [`ir::PagingRule`]). Only where the spec shows it (a cursor parameter
//! beside a next-cursor field, a declared `Link` header or a next-URL field, an `offset`
//! parameter, a `page` parameter beside page counts), or where the settings say so: `paging.operations` per operation, and
//! `paging.page_numbers` for an API whose lists are numbered pages by convention alone (the
//! Gcore APIs' `page`, whose arrays carry no total or link).

use super::{
    ir, Error, Field, Lowerer, Paging, Param, ParamLocation, Payload, TypeId, TypeKind, TypeRef,
};
use crate::ir::PagingRule;
use crate::settings::PagingSettings;

/// Query parameters that take a cursor, and the response fields that give the next one.
const CURSOR_PARAMS: &[&str] = &[
    "cursor",
    "after",
    "page_token",
    "pageToken",
    "next_token",
    "nextToken",
    "marker",
    "continuation_token",
    "continuationToken",
];
const NEXT_CURSOR_FIELDS: &[&str] = &[
    "next_cursor",
    "nextCursor",
    "next_page_token",
    "nextPageToken",
    "next_token",
    "nextToken",
    "next_marker",
    "nextMarker",
    "cursor",
    "last_id",
];
const HAS_MORE_FIELDS: &[&str] = &["has_more", "hasMore"];
/// Query parameters that take the id of the last item received, and the item fields that are
/// its id.
const AFTER_ITEM_PARAMS: &[&str] = &["starting_after", "startingAfter", "after"];
const ITEM_ID_FIELDS: &[&str] = &["id", "token"];
/// Response fields holding the next page's URL (absolute, or relative to the request's). Not
/// a bare `next`: APIs use it for cursors and query strings too (Gcore's AI tasks: `page=2`).
const NEXT_LINK_FIELDS: &[&str] = &[
    "next_page_url",
    "nextPageUrl",
    "next_page_uri",
    "next_url",
    "nextUrl",
    "next_link",
    "nextLink",
    "@odata.nextLink",
];
/// Response fields that may hold the next page's link or a cursor; [`LINK_WORDS`] in the
/// description decide.
const BARE_NEXT_FIELDS: &[&str] = &["next", "next_page", "nextPage"];
/// Words in a description that say a bare `next` field links to the next page.
const LINK_WORDS: &[&str] = &["url", "uri", "link", "query string"];
/// Response fields that show a page-numbered list (counts of pages or items).
const PAGE_COUNT_FIELDS: &[&str] = &[
    "total_pages",
    "totalPages",
    "page_count",
    "pageCount",
    "num_pages",
    "last_page",
    "lastPage",
    "total",
    "total_count",
    "totalCount",
    "has_more",
    "hasMore",
    "next_page",
    "nextPage",
];

/// A list body: its item type, where the items are (`None`: the body is the array), and the
/// fields of the object holding them.
type List<'f> = (TypeRef, Option<ir::PageField>, Option<&'f [Field]>);

/// What paging needs to know of one operation.
pub(super) struct Site<'a> {
    pub params: &'a [Param],
    pub success: &'a ir::Success,
    /// A success response declares a `Link` header (RFC 8288 paging, as GitHub's).
    pub link_header: bool,
    /// The operationId and `METHOD /path`: the keys `paging.operations` may use.
    pub keys: [Option<String>; 2],
}

impl Lowerer<'_, '_, '_> {
    /// The operation's paging, if any; a settings entry that does not fit the operation is an
    /// error naming it.
    pub(super) fn paging(
        &self,
        site: &Site<'_>,
        settings: &PagingSettings,
    ) -> Result<Option<Paging>, Error> {
        let list = self.list_shape(site.success);
        let chosen = site
            .keys
            .iter()
            .flatten()
            .find_map(|k| settings.operations.get(k).map(|rule| (k, rule)));
        match chosen {
            Some((key, rule)) => self.set_paging(site, key, rule, list),
            None => match list {
                Some(list) => self.shown_paging(site, settings, list),
                None => Ok(None),
            },
        }
    }

    /// The paging rule the settings give an operation (`paging.operations`: `key` → `rule`).
    fn set_paging(
        &self,
        site: &Site<'_>,
        key: &str,
        rule: &str,
        list: Option<List<'_>>,
    ) -> Result<Option<Paging>, Error> {
        let query = |wire: &str, ty: &TypeRef| query_param(site, wire, ty);
        let bad = |why: String| Error::Settings(format!("paging.operations: `{key}`: {why}"));
        if rule == "none" {
            return Ok(None);
        }
        let Some((item, items, fields)) = list else {
            return Err(bad(
                "its success body is no list (an array, or an object with one array field)".into(),
            ));
        };
        let parts: Vec<&str> = rule.split(':').collect();
        let rule = match parts.as_slice() {
            ["page", wire] | ["offset", wire] => {
                let param = query(wire, &TypeRef::I64)
                    .ok_or_else(|| bad(format!("no integer query parameter `{wire}`")))?;
                let param = param.name.clone();
                match parts[0] {
                    "page" => PagingRule::Page { param },
                    _ => PagingRule::Offset { param },
                }
            }
            ["cursor", wire, field] => {
                let param = query(wire, &TypeRef::String)
                    .filter(|p| !p.required)
                    .ok_or_else(|| bad(format!("no optional string query parameter `{wire}`")))?;
                let next = fields
                    .and_then(|f| self.page_field(f, field, &TypeRef::String))
                    .ok_or_else(|| bad(format!("the response has no string field `{field}`")))?;
                PagingRule::Cursor {
                    param: param.name.clone(),
                    next,
                    has_more: fields.and_then(|f| self.has_more(f)),
                }
            }
            ["after_item", wire, field] => {
                let param = query(wire, &TypeRef::String)
                    .filter(|p| !p.required)
                    .ok_or_else(|| bad(format!("no optional string query parameter `{wire}`")))?;
                let id = self
                    .item_fields(&item)
                    .and_then(|f| self.page_field(f, field, &TypeRef::String))
                    .ok_or_else(|| bad(format!("its items have no string field `{field}`")))?;
                PagingRule::AfterItem {
                    param: param.name.clone(),
                    id,
                    has_more: fields.and_then(|f| self.has_more(f)),
                }
            }
            ["next", "header"] => PagingRule::NextLink { field: None },
            ["next", field] => PagingRule::NextLink {
                field: Some(
                    fields
                        .and_then(|f| self.page_field(f, field, &TypeRef::String))
                        .ok_or_else(|| {
                            bad(format!("the response has no string field `{field}`"))
                        })?,
                ),
            },
            _ => {
                return Err(bad(format!(
                    "`{rule}` should be `none`, `page:PARAM`, `offset:PARAM`, `cursor:PARAM:FIELD`, `after_item:PARAM:FIELD`, `next:header` or `next:FIELD`"
                )))
            }
        };
        Ok(Some(Paging {
            rule,
            item,
            items,
            reason: format!("the settings say so (`paging.operations`: `{key}`)"),
        }))
    }

    /// The paging rule the spec shows (or the settings' convention of page numbers), if any.
    fn shown_paging(
        &self,
        site: &Site<'_>,
        settings: &PagingSettings,
        (item, items, fields): List<'_>,
    ) -> Result<Option<Paging>, Error> {
        let query = |wire: &str, ty: &TypeRef| query_param(site, wire, ty);
        let paging = |rule, reason: String| {
            Some(Paging {
                rule,
                item: item.clone(),
                items: items.clone(),
                reason,
            })
        };
        if let Some(wire) = &settings.page_numbers {
            if let Some(param) = query(wire, &TypeRef::I64) {
                return Ok(paging(
                    PagingRule::Page {
                        param: param.name.clone(),
                    },
                    format!("the settings say the API numbers its pages with `{wire}` (`paging.page_numbers`)"),
                ));
            }
        }
        if let Some((rule, reason)) = self.shown_cursor(site, &item, fields) {
            return Ok(paging(rule, reason));
        }
        // A link to the next page: the `Link` header, or a body field holding a URL.
        if site.link_header {
            return Ok(paging(
                PagingRule::NextLink { field: None },
                "the spec shows it: the response declares a `Link` header".to_string(),
            ));
        }
        if let Some(fields) = fields {
            let found = NEXT_LINK_FIELDS
                .iter()
                .find_map(|f| Some((*f, self.page_field(fields, f, &TypeRef::String)?)));
            if let Some((wire, field)) = found {
                return Ok(paging(
                    PagingRule::NextLink { field: Some(field) },
                    format!("the spec shows it: the response's `{wire}` links to the next page"),
                ));
            }
            if let Some((wire, field)) = self.described_link(fields) {
                return Ok(paging(
                    PagingRule::NextLink { field: Some(field) },
                    format!("the spec shows it: the response's `{wire}` is described as the next page's link or query string"),
                ));
            }
        }
        if let Some(param) = query("offset", &TypeRef::I64).filter(|p| !p.required) {
            return Ok(paging(
                PagingRule::Offset {
                    param: param.name.clone(),
                },
                "the spec shows it: an `offset` parameter".to_string(),
            ));
        }
        if let Some(param) = query("page", &TypeRef::I64) {
            let counts = fields.and_then(|fields| {
                fields
                    .iter()
                    .find(|f| PAGE_COUNT_FIELDS.contains(&f.wire_name.as_str()))
            });
            if let Some(field) = counts {
                let evidence = format!("the response's `{}`", field.wire_name);
                return Ok(paging(
                    PagingRule::Page {
                        param: param.name.clone(),
                    },
                    format!("the spec shows it: a `page` parameter and {evidence}"),
                ));
            }
        }
        Ok(None)
    }

    /// A cursor the spec shows: a cursor parameter beside a field giving the next cursor, or a
    /// parameter taking the last item's id beside a field saying whether more follow. The rule,
    /// and why.
    fn shown_cursor(
        &self,
        site: &Site<'_>,
        item: &TypeRef,
        fields: Option<&[Field]>,
    ) -> Option<(PagingRule, String)> {
        let query = |wire: &str, ty: &TypeRef| query_param(site, wire, ty);
        // A cursor parameter beside a field giving the next cursor.
        if let Some(fields) = fields {
            for wire in CURSOR_PARAMS {
                let Some(param) = query(wire, &TypeRef::String).filter(|p| !p.required) else {
                    continue;
                };
                let found = NEXT_CURSOR_FIELDS
                    .iter()
                    .filter(|f| **f != "last_id" || *wire == "after")
                    .find_map(|f| Some((*f, self.page_field(fields, f, &TypeRef::String)?)));
                if let Some((field, next)) = found {
                    return Some((
                        PagingRule::Cursor {
                            param: param.name.clone(),
                            next,
                            has_more: self.has_more(fields),
                        },
                        format!("the spec shows it: the `{wire}` parameter takes the response's `{field}`"),
                    ));
                }
            }
        }
        // A parameter taking the last item's id, beside a field saying whether more follow.
        let has_more = fields.and_then(|f| self.has_more_named(f));
        if let (Some((has_more, more_wire)), Some(item_fields)) = (has_more, self.item_fields(item))
        {
            for wire in AFTER_ITEM_PARAMS {
                let Some(param) = query(wire, &TypeRef::String).filter(|p| !p.required) else {
                    continue;
                };
                let found = ITEM_ID_FIELDS
                    .iter()
                    .find_map(|f| Some((*f, self.page_field(item_fields, f, &TypeRef::String)?)));
                if let Some((field, id)) = found {
                    return Some((
                        PagingRule::AfterItem {
                            param: param.name.clone(),
                            id,
                            has_more: Some(has_more),
                        },
                        format!("the spec shows it: the `{wire}` parameter takes the last item's `{field}`, and the response's `{more_wire}` says whether more follow"),
                    ));
                }
            }
        }
        None
    }

    /// A success body that is a list: an array (items are the body), or an object with exactly
    /// one array field (items are that field). With the item type, and the object's fields.
    fn list_shape(&self, success: &ir::Success) -> Option<List<'_>> {
        let Some((Payload::Json(ty), false)) = success.body() else {
            return None;
        };
        match self.unalias(ty) {
            // `T = array of T` becomes a newtype (see `cycles`): no plain array to page through.
            TypeRef::Vec(item) if **item == *ty => None,
            TypeRef::Vec(item) => Some(((**item).clone(), None, None)),
            TypeRef::Named(id) => {
                let fields = self.struct_fields(id)?;
                let mut arrays = fields.iter().filter(|f| !f.flatten).filter_map(|f| {
                    match self.unalias(&f.ty) {
                        TypeRef::Vec(item) => Some((f, (**item).clone())),
                        _ => None,
                    }
                });
                let (field, item) = arrays.next()?;
                if arrays.next().is_some() {
                    return None;
                }
                let items = ir::PageField {
                    name: field.name.clone(),
                    optional: !field.required || field.nullable,
                };
                Some((item, Some(items), Some(fields)))
            }
            _ => None,
        }
    }

    /// The field of `fields` whose wire name is `wire`, when its type is `ty`.
    fn page_field(&self, fields: &[Field], wire: &str, ty: &TypeRef) -> Option<ir::PageField> {
        let field = fields
            .iter()
            .find(|f| f.wire_name == wire && self.unalias(&f.ty) == ty)?;
        Some(ir::PageField {
            name: field.name.clone(),
            optional: !field.required || field.nullable,
        })
    }

    /// A bare `next` (or `next_page`) string field whose description says it holds the next
    /// page's URL, link or query string (Gcore's AI tasks: "Pointer to next page, is part of
    /// query string of the request"). Bare names are cursors too, so the words decide.
    fn described_link(&self, fields: &[Field]) -> Option<(&'static str, ir::PageField)> {
        BARE_NEXT_FIELDS.iter().find_map(|wire| {
            let field = self.page_field(fields, wire, &TypeRef::String)?;
            let doc = fields
                .iter()
                .find(|f| f.wire_name == *wire)?
                .doc
                .as_deref()?
                .to_ascii_lowercase();
            LINK_WORDS
                .iter()
                .any(|w| doc.contains(w))
                .then_some((*wire, field))
        })
    }

    fn has_more(&self, fields: &[Field]) -> Option<ir::PageField> {
        self.has_more_named(fields).map(|(field, _)| field)
    }

    /// The boolean field saying whether more pages follow, and its wire name.
    fn has_more_named(&self, fields: &[Field]) -> Option<(ir::PageField, &'static str)> {
        HAS_MORE_FIELDS
            .iter()
            .find_map(|f| Some((self.page_field(fields, f, &TypeRef::Bool)?, *f)))
    }

    /// The fields of a list's item, when it is a struct.
    fn item_fields(&self, item: &TypeRef) -> Option<&[Field]> {
        match self.unalias(item) {
            TypeRef::Named(id) => self.struct_fields(id),
            _ => None,
        }
    }

    /// The fields of the struct `id` names, if it is one.
    pub(super) fn struct_fields(&self, id: &TypeId) -> Option<&[Field]> {
        let def = self.defined(id)?;
        match &def.kind {
            TypeKind::Struct { fields } => Some(fields),
            _ => None,
        }
    }

    /// `ty` through plain aliases, among the types defined so far.
    pub(super) fn unalias<'t>(&'t self, ty: &'t TypeRef) -> &'t TypeRef {
        ir::unalias(ty, 32, |id| self.defined(id))
    }
}

/// The query parameter `wire` of the operation, when its type is `ty`.
fn query_param<'s>(site: &Site<'s>, wire: &str, ty: &TypeRef) -> Option<&'s Param> {
    site.params
        .iter()
        .find(|p| p.location == ParamLocation::Query && p.wire_name == wire && p.ty == *ty)
}
