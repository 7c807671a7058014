//! The annotated reference: an `allOf` of one structural member (a `$ref` or a typed schema)
//! and members (or siblings) that only annotate it, which is that member's type.

use super::{all_of, is_annotation_only, resolved_shape, shape_of, Shape};
use crate::error::{pointer_push, Error, Note};
use crate::resolve::Resolver;
use openapiv3::{AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, Type};

/// The one structural member of an `allOf` that otherwise only annotates, with its index.
pub fn annotated_member(schema: &Schema) -> Option<(usize, &ReferenceOr<Schema>)> {
    // `{type: object, allOf: [...]}` adds nothing of its own; properties next to `allOf` do.
    let own_structure = match &schema.schema_kind {
        SchemaKind::Any(any) => {
            let mut rest = any.clone();
            rest.all_of.clear();
            if rest.typ.as_deref() == Some("object") {
                rest.typ = None;
            }
            // Closing an object that has no properties of its own (`additionalProperties:
            // false` beside the `allOf`) adds no structure either.
            if matches!(
                rest.additional_properties,
                Some(AdditionalProperties::Any(_))
            ) {
                rest.additional_properties = None;
            }
            // Its own scalar `type` and constraints (3.1's `{$ref, type: string}`) only annotate.
            rest != AnySchema::default() && !scalar_constraints(&rest)
        }
        _ => false,
    };
    if own_structure {
        return None;
    }
    let members = all_of(schema)?;
    let mut structural = members.iter().enumerate().filter(|(_, m)| match m {
        ReferenceOr::Reference { .. } => true,
        ReferenceOr::Item(s) => !is_annotation_only(s) && !is_scalar_annotation(s),
    });
    match (structural.next(), structural.next()) {
        (Some(only), None) => Some(only),
        (Some(_), Some(_)) => None,
        // Only scalar annotations (`{type: string}`, `{type: string, maxLength: 5}`): the first
        // one is the type, the others must agree with it (checked by `merge`).
        (None, _) => members.iter().enumerate().find(|(_, m)| match m {
            ReferenceOr::Item(s) => is_scalar_annotation(s),
            ReferenceOr::Reference { .. } => false,
        }),
    }
}

/// Whether an inline `allOf` member only restates a scalar type, with annotations or
/// constraints (`{type: string, description: ..., maxLength: 9}`): it narrows or documents the
/// structural member's type rather than adding structure of its own.
pub fn is_scalar_annotation(schema: &Schema) -> bool {
    match &schema.schema_kind {
        // An `enum` here narrows the values of the structural member (Discord writes
        // `{type: integer, enum: [0, 2], allOf: [$ref ChannelTypes]}`); it adds no structure.
        SchemaKind::Type(Type::String(_))
        | SchemaKind::Type(Type::Integer(_))
        | SchemaKind::Type(Type::Number(_))
        | SchemaKind::Type(Type::Boolean(_)) => true,
        // Constraints without a type (`{maxLength: 12}`, `{minimum: 0}`).
        SchemaKind::Any(any) => scalar_constraints(any),
        _ => false,
    }
}

/// A scalar `type` (or none) and constraints, nothing that adds structure.
fn scalar_constraints(any: &AnySchema) -> bool {
    let scalar = matches!(
        any.typ.as_deref(),
        None | Some("string" | "integer" | "number" | "boolean")
    );
    scalar
        && any.properties.is_empty()
        && any.required.is_empty()
        && any.additional_properties.is_none()
        && any.items.is_none()
        && any.one_of.is_empty()
        && any.all_of.is_empty()
        && any.any_of.is_empty()
        && any.not.is_none()
}

/// Whether an annotated reference may be `null`: the schema itself or one of its annotation
/// members says `nullable` (3.1's `type: [T, "null"]` next to a `$ref` lands in a member).
pub fn annotated_nullable(schema: &Schema) -> bool {
    schema.schema_data.nullable
        || all_of(schema).unwrap_or_default().iter().any(|m| match m {
            ReferenceOr::Item(s) => {
                (is_annotation_only(s) || is_scalar_annotation(s)) && s.schema_data.nullable
            }
            ReferenceOr::Reference { .. } => false,
        })
}

/// The scalar annotation members of an annotated `allOf` should agree with its structural
/// member (`integer` narrows `number`); one that differs (`{$ref: Contact, type: string}`, a
/// 3.0 `$ref`'s sibling that 3.0 says to ignore) is left out, with a note naming both places.
pub(super) fn check_scalar_members(
    resolver: &Resolver<'_>,
    members: &[ReferenceOr<Schema>],
    written: usize,
    index: usize,
    target: &ReferenceOr<Schema>,
    pointer: &str,
    notes: &mut Vec<Note>,
) -> Result<(), Error> {
    // Members past `written` are the schema's own keywords, found at the schema itself.
    let at = |i: usize| match i < written {
        true => pointer_push(&pointer_push(pointer, "allOf"), &i.to_string()),
        false => pointer.to_string(),
    };
    let target_shape = resolved_shape(resolver, target, &at(index))?;
    if target_shape == Shape::Any {
        return Ok(());
    }
    for (i, member) in members.iter().enumerate() {
        let ReferenceOr::Item(s) = member else {
            continue;
        };
        if i == index || !is_scalar_annotation(s) {
            continue;
        }
        let shape = shape_of(s);
        let agrees = shape == Shape::Any
            || shape == target_shape
            || (shape == Shape::Number && target_shape == Shape::Integer)
            || (shape == Shape::Integer && target_shape == Shape::Number);
        if !agrees {
            notes.push(Note {
                pointer: at(i),
                message: format!(
                    "says {}, but the type it annotates (at {}) is {}: no value is both; the {} is left out",
                    shape.word(),
                    at(index),
                    target_shape.word(),
                    shape.word()
                ),
            });
        }
    }
    Ok(())
}
