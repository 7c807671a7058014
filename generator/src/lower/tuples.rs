//! 3.1's `prefixItems` → a tuple type: `prefixItems: [{type: number}, {type: number}]` is
//! `pub struct Point(pub f64, pub f64)`, read from and written as a JSON array.

use super::{ir, pointer_push, Error, Lowerer, NameHint, ReferenceOr, Schema, SchemaKind, Type};
use ir::{TupleItem, TypeKind, TypeRef};

impl Lowerer<'_, '_, '_> {
    /// The tuple `schema`'s `prefixItems` (`prefix`, kept by `normalize`) make, or `None` (with
    /// a note where it says why) when they make none and the schema is an array as usual.
    ///
    /// Every item is taken to be there unless `minItems` says fewer may be (then: an array of
    /// any JSON, noted); items after them are an error with `items: false` or `maxItems` at
    /// their number, read and not kept without `items`, and with `items` typed the array is
    /// one of any JSON (noted: a tuple with a typed rest is not generated).
    pub(super) fn tuple_type(
        &mut self,
        schema: &Schema,
        prefix: &serde_json::Value,
        pointer: &str,
        hint: &NameHint,
        slot: Option<usize>,
    ) -> Result<Option<TypeRef>, Error> {
        let (rest, min, max) = match &schema.schema_kind {
            SchemaKind::Type(Type::Array(a)) => (a.items.as_ref(), a.min_items, a.max_items),
            SchemaKind::Any(any) if any.properties.is_empty() && any.one_of.is_empty() => {
                (any.items.as_ref(), any.min_items, any.max_items)
            }
            _ => return Ok(None),
        };
        let at = pointer_push(pointer, "prefixItems");
        // What makes no tuple: said where `prefixItems` is, and the array is one of any JSON.
        let any_json = |lowerer: &mut Self, why: String| {
            lowerer.note(&at, format!("{why}: the items are any JSON"));
            Ok(Some(TypeRef::Vec(Box::new(TypeRef::Json))))
        };
        let items: Vec<ReferenceOr<Schema>> = match serde_json::from_value(prefix.clone()) {
            Ok(items) => items,
            Err(e) => return any_json(self, format!("`prefixItems` cannot be read ({e})")),
        };
        if items.is_empty() {
            return Ok(None);
        }
        let closed = match rest {
            None => false,
            Some(ReferenceOr::Item(s)) if matches!(s.schema_kind, SchemaKind::Not { .. }) => true,
            Some(_) => {
                let why = "`prefixItems` with a typed `items` for the rest is not a tuple yet";
                return any_json(self, why.to_string());
            }
        };
        if min.is_some_and(|min| min < items.len()) {
            let why = format!(
                "`minItems` lets an array hold fewer than its {} `prefixItems`",
                items.len()
            );
            return any_json(self, why);
        }
        let more = !closed && max != Some(items.len());
        let name = self.claim(hint);
        let slot = slot.unwrap_or_else(|| self.reserve());
        let mut typed = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let item_hint = NameHint::Derive(format!("{name}Item{i}"));
            let (ty, nullable) =
                self.type_of(item, &pointer_push(&at, &i.to_string()), &item_hint)?;
            typed.push(TupleItem {
                ty,
                nullable,
                boxed: false,
            });
        }
        let kind = TypeKind::Tuple { items: typed, more };
        self.define(slot, &name, schema, pointer, kind);
        Ok(Some(TypeRef::Named(ir::TypeId::named(name))))
    }
}
