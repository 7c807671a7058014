//! Pass 6: flatten `allOf` into one object, or recognise it as an annotated reference.
//!
//! Two shapes of `allOf` occur in practice and mean different things:
//!
//! * **Annotated reference**: exactly one member has structure (a `$ref` or a typed schema) and
//!   the rest only add annotations (`description`, `example`, `nullable`). Gcore's `notfound` is
//!   `allOf: [$ref badrequest, {example}]`: it *is* a `badrequest`, so it becomes a type alias,
//!   not an unrelated copy. 3.1's `$ref` with siblings is normalised into this shape too.
//! * **Composition**: several members contribute properties. They are merged into one object:
//!   properties in member order (nested `allOf`s and references followed), `required` united.
//!   A member with `properties` but no `type` is an object (Gcore's `clipId` relies on it).
//!
//! A property defined by two members merges when the types agree (or one side only annotates);
//! types no value can have at once make it any JSON, with a note naming both places (the
//! client still decodes what the server sends). A scalar annotation that disagrees with the
//! type it annotates is left out, with a note: the referenced type stands. A member that leads
//! back to a schema being merged is an [`Error::AllOfCycle`].

use crate::error::{pointer_push, Error, Note};
use crate::resolve::Resolver;
use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, Type};
use std::collections::BTreeSet;

mod alternatives;
mod annotated;

pub use alternatives::Alternatives;
use annotated::check_scalar_members;
pub use annotated::{annotated_member, annotated_nullable, is_scalar_annotation};

/// What an `allOf` schema turns out to be.
#[derive(Debug, Clone)]
pub enum Merged {
    /// One structural member, the rest annotations: the member's type under another name.
    Annotated {
        /// The structural member.
        target: Box<ReferenceOr<Schema>>,
        /// Where it is written.
        pointer: String,
    },
    /// The union of the members' properties.
    Object(MergedObject),
}

/// The flattened object of a composing `allOf`.
#[derive(Debug, Clone, Default)]
pub struct MergedObject {
    /// Properties by wire name, in member order.
    pub properties: IndexMap<String, MergedProperty>,
    /// Names listed in any member's `required`, in first-seen order.
    pub required: Vec<String>,
    /// The first `additionalProperties` seen.
    pub additional: Option<AdditionalProperties>,
    /// A `oneOf`/`anyOf` among the members or beside their properties: the object is one of
    /// several shapes sharing the properties (see `lower::alternatives`).
    pub alternatives: Option<Alternatives>,
}

impl MergedObject {
    /// The object one schema (at `pointer`) declares by itself, no `allOf` involved.
    pub fn of(
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        pointer: &str,
    ) -> Self {
        let properties = properties
            .iter()
            .map(|(name, prop)| {
                let at = pointer_push(&pointer_push(pointer, "properties"), name);
                (
                    name.clone(),
                    MergedProperty {
                        schema: unbox(prop),
                        pointer: at,
                    },
                )
            })
            .collect();
        MergedObject {
            properties,
            required: required.to_vec(),
            additional: additional.cloned(),
            alternatives: None,
        }
    }
}

/// A property after merging, with where its schema is written.
#[derive(Debug, Clone)]
pub struct MergedProperty {
    /// The property's schema.
    pub schema: ReferenceOr<Schema>,
    /// Where that schema is written.
    pub pointer: String,
}

/// The members of a schema's `allOf`, if it has one.
pub fn all_of(schema: &Schema) -> Option<&[ReferenceOr<Schema>]> {
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => Some(all_of),
        SchemaKind::Any(any) if !any.all_of.is_empty() => Some(&any.all_of),
        _ => None,
    }
}

/// Whether an inline schema carries no structure: only annotations in `schema_data`.
pub fn is_annotation_only(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == AnySchema::default())
}

/// Merges the `allOf` of `schema` (at `pointer`).
pub fn merge(
    resolver: &Resolver<'_>,
    schema: &Schema,
    pointer: &str,
    notes: &mut Vec<Note>,
) -> Result<Merged, Error> {
    let members = all_of(schema).unwrap_or_default();
    check_cycles(
        resolver,
        schema,
        pointer,
        &mut vec![pointer.to_string()],
        &mut BTreeSet::new(),
    )?;

    if let Some((index, member)) = annotated_member(schema) {
        // The schema's own scalar `type` (next to the `allOf`) must agree too.
        let own = match &schema.schema_kind {
            SchemaKind::Any(any) if any.typ.is_some() => {
                let mut rest = any.clone();
                rest.all_of.clear();
                Some(ReferenceOr::Item(Schema {
                    schema_data: Default::default(),
                    schema_kind: SchemaKind::Any(rest),
                }))
            }
            _ => None,
        };
        let with_own: Vec<ReferenceOr<Schema>> = members.iter().cloned().chain(own).collect();
        check_scalar_members(
            resolver,
            &with_own,
            members.len(),
            index,
            member,
            pointer,
            notes,
        )?;
        return Ok(Merged::Annotated {
            target: Box::new(member.clone()),
            pointer: pointer_push(&pointer_push(pointer, "allOf"), &index.to_string()),
        });
    }

    let mut merger = Merger {
        resolver,
        root: pointer,
        out: MergedObject::default(),
        notes,
        merged: BTreeSet::new(),
        conflicted: BTreeSet::new(),
    };
    merger.members(members, pointer)?;
    if let SchemaKind::Any(any) = &schema.schema_kind {
        merger.any(any, pointer)?;
    }
    Ok(Merged::Object(merger.out))
}

/// How deep `allOf` members may nest (through references): far beyond what real specs do
/// (a handful), and a bound on the merge's stack and time for those that do not.
pub const MAX_ALLOF_DEPTH: usize = 64;

/// Walks `allOf` references depth-first; meeting a schema already on the stack is a cycle. A
/// schema whose members were all checked (`done`) is not walked again, so members shared by
/// many paths (`S_i: allOf [S_i+1, S_i+1]`) cost one visit each, not one per path.
fn check_cycles(
    resolver: &Resolver<'_>,
    schema: &Schema,
    pointer: &str,
    stack: &mut Vec<String>,
    done: &mut BTreeSet<String>,
) -> Result<(), Error> {
    if stack.len() > MAX_ALLOF_DEPTH {
        return Err(Error::invalid(
            &stack[0],
            format!("allOf nested more than {MAX_ALLOF_DEPTH} levels deep (through {pointer})"),
        ));
    }
    for (i, member) in all_of(schema).unwrap_or_default().iter().enumerate() {
        let member_ptr = pointer_push(&pointer_push(pointer, "allOf"), &i.to_string());
        let (target_ptr, target) = match member {
            ReferenceOr::Reference { reference } => {
                let target = Resolver::target(reference, &member_ptr)?;
                if let Some(start) = stack.iter().position(|p| *p == target) {
                    let mut chain = stack[start..].to_vec();
                    chain.push(target);
                    return Err(Error::AllOfCycle {
                        pointer: stack[start].clone(),
                        chain: chain.join(" -> "),
                    });
                }
                if done.contains(&target) {
                    continue;
                }
                let resolved = resolver.schema(member, &member_ptr)?;
                (target, resolved.value)
            }
            ReferenceOr::Item(s) => (member_ptr, std::borrow::Cow::Borrowed(s)),
        };
        stack.push(target_ptr.clone());
        check_cycles(resolver, &target, &target_ptr, stack, done)?;
        stack.pop();
        done.insert(target_ptr);
    }
    Ok(())
}

struct Merger<'r, 'a, 'n> {
    resolver: &'r Resolver<'a>,
    root: &'r str,
    out: MergedObject,
    notes: &'n mut Vec<Note>,
    /// The referenced members merged so far: one reached again (through another path of a
    /// DAG) would add exactly what it added already, so it is skipped.
    merged: BTreeSet<String>,
    /// Properties whose definitions disagree: any JSON, whatever later members say.
    conflicted: BTreeSet<String>,
}

impl Merger<'_, '_, '_> {
    fn members(&mut self, members: &[ReferenceOr<Schema>], pointer: &str) -> Result<(), Error> {
        for (i, member) in members.iter().enumerate() {
            let member_ptr = pointer_push(&pointer_push(pointer, "allOf"), &i.to_string());
            let resolved = self.resolver.schema(member, &member_ptr)?;
            if !self.merged.insert(resolved.pointer.clone()) {
                continue;
            }
            self.schema(&resolved.value, &resolved.pointer)?;
        }
        Ok(())
    }

    /// Adds one member's contribution; the match says which constructs can contribute.
    fn schema(&mut self, schema: &Schema, pointer: &str) -> Result<(), Error> {
        match &schema.schema_kind {
            // `type: object`: its properties.
            SchemaKind::Type(Type::Object(object)) => {
                for (name, prop) in &object.properties {
                    self.property(name, unbox(prop), pointer)?;
                }
                self.required(&object.required);
                if self.out.additional.is_none() {
                    self.out.additional = object.additional_properties.clone();
                }
                self.alternatives(Alternatives::kept(schema, pointer), pointer);
                Ok(())
            }
            // A nested `allOf`: its members, in order.
            SchemaKind::AllOf { all_of } => self.members(all_of, pointer),
            // No `type`, or a mix of keywords: properties and nested `allOf` both count.
            SchemaKind::Any(any) => {
                self.members(&any.all_of, pointer)?;
                self.any(any, pointer)
            }
            // A scalar or array member cannot be part of an object: no value is both.
            SchemaKind::Type(other) => {
                self.notes.push(Note {
                    pointer: pointer.to_string(),
                    message: format!(
                        "allOf member of type {} cannot be part of an object (the other members'); left out",
                        type_word(other)
                    ),
                });
                Ok(())
            }
            // A choice inside a composition: each alternative extends the other members.
            SchemaKind::OneOf { one_of } => {
                self.alternatives(Some(Alternatives::of("oneOf", one_of, pointer)), pointer);
                Ok(())
            }
            SchemaKind::AnyOf { any_of } => {
                self.alternatives(Some(Alternatives::of("anyOf", any_of, pointer)), pointer);
                Ok(())
            }
            SchemaKind::Not { .. } => {
                self.notes.push(Note {
                    pointer: pointer.to_string(),
                    message: "`not` inside allOf is not checked; the object keeps the other members' properties".into(),
                });
                Ok(())
            }
        }
    }

    fn any(&mut self, any: &AnySchema, pointer: &str) -> Result<(), Error> {
        for (name, prop) in &any.properties {
            self.property(name, unbox(prop), pointer)?;
        }
        self.required(&any.required);
        if self.out.additional.is_none() {
            self.out.additional = any.additional_properties.clone();
        }
        for (keyword, members) in [("oneOf", &any.one_of), ("anyOf", &any.any_of)] {
            if !members.is_empty() {
                self.alternatives(Some(Alternatives::of(keyword, members, pointer)), pointer);
            }
        }
        Ok(())
    }

    /// Takes `found` as the object's alternatives; a second set cannot be merged with the
    /// first (the shapes would multiply), so it is left out, with a note.
    fn alternatives(&mut self, found: Option<Alternatives>, pointer: &str) {
        let Some(found) = found else {
            return;
        };
        match &self.out.alternatives {
            None => self.out.alternatives = Some(found),
            Some(first) => self.notes.push(Note {
                pointer: pointer.to_string(),
                message: format!(
                    "a second choice among the allOf members (`{}` after the one at `{}`) is not merged; its properties are not in the generated types",
                    found.keyword, first.pointer
                ),
            }),
        }
    }

    fn required(&mut self, names: &[String]) {
        for name in names {
            if !self.out.required.contains(name) {
                self.out.required.push(name.clone());
            }
        }
    }

    fn property(
        &mut self,
        name: &str,
        schema: ReferenceOr<Schema>,
        owner: &str,
    ) -> Result<(), Error> {
        let pointer = pointer_push(&pointer_push(owner, "properties"), name);
        if self.conflicted.contains(name) {
            return Ok(());
        }
        let Some(existing) = self.out.properties.get(name).cloned() else {
            self.out
                .properties
                .insert(name.to_string(), MergedProperty { schema, pointer });
            return Ok(());
        };
        let first = self.shape(&existing.schema, &existing.pointer)?;
        let second = self.shape(&schema, &pointer)?;
        let merged = match (first, second) {
            // One side only annotates (`{description: ...}`): the other side's type stands.
            (Shape::Any, _) => MergedProperty { schema, pointer },
            (_, Shape::Any) => existing,
            // Two objects: both sets of properties apply, so merge them in turn.
            (Shape::Object, Shape::Object) => MergedProperty {
                schema: ReferenceOr::Item(Schema {
                    schema_data: Default::default(),
                    schema_kind: SchemaKind::AllOf {
                        all_of: vec![existing.schema, schema],
                    },
                }),
                pointer: existing.pointer,
            },
            // Integer is a subset of number: the narrower type holds for both.
            (Shape::Number, Shape::Integer) => MergedProperty { schema, pointer },
            (Shape::Integer, Shape::Number) => existing,
            (a, b) if a == b => existing,
            (a, b) => {
                self.notes.push(Note {
                    pointer: self.root.to_string(),
                    message: format!(
                        "allOf members disagree on property `{name}`: {} at {} vs {} at {}; no value is both, so it is any JSON (`serde_json::Value`)",
                        a.word(),
                        existing.pointer,
                        b.word(),
                        pointer
                    ),
                });
                self.conflicted.insert(name.to_string());
                MergedProperty {
                    schema: ReferenceOr::Item(Schema {
                        schema_data: openapiv3::SchemaData {
                            description: match &existing.schema {
                                ReferenceOr::Item(s) => s.schema_data.description.clone(),
                                ReferenceOr::Reference { .. } => None,
                            },
                            ..Default::default()
                        },
                        schema_kind: SchemaKind::Any(AnySchema::default()),
                    }),
                    pointer: existing.pointer,
                }
            }
        };
        self.out.properties.insert(name.to_string(), merged);
        Ok(())
    }

    fn shape(&self, schema: &ReferenceOr<Schema>, pointer: &str) -> Result<Shape, Error> {
        resolved_shape(self.resolver, schema, pointer)
    }
}

/// The coarse type of a schema, through references and annotated references (an annotated
/// reference has its target's shape; the bound stops a pathological chain, whose cycle is
/// reported by the merge of the schema that contains it).
fn resolved_shape(
    resolver: &Resolver<'_>,
    schema: &ReferenceOr<Schema>,
    pointer: &str,
) -> Result<Shape, Error> {
    let mut resolved = resolver.schema(schema, pointer)?;
    for _ in 0..32 {
        let Some((index, member)) = annotated_member(&resolved.value) else {
            break;
        };
        let member_ptr = pointer_push(
            &pointer_push(&resolved.pointer, "allOf"),
            &index.to_string(),
        );
        let member = member.clone();
        let next = resolver.schema(&member, &member_ptr)?;
        resolved = crate::resolve::Resolved {
            pointer: next.pointer,
            value: std::borrow::Cow::Owned(next.value.into_owned()),
        };
    }
    Ok(shape_of(&resolved.value))
}

/// The coarse JSON type of a schema, for deciding whether two definitions can merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Object,
    Any,
}

impl Shape {
    fn word(self) -> &'static str {
        match self {
            Shape::String => "string",
            Shape::Integer => "integer",
            Shape::Number => "number",
            Shape::Boolean => "boolean",
            Shape::Array => "array",
            Shape::Object => "object",
            Shape::Any => "any",
        }
    }
}

fn shape_of(schema: &Schema) -> Shape {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => Shape::String,
        SchemaKind::Type(Type::Integer(_)) => Shape::Integer,
        SchemaKind::Type(Type::Number(_)) => Shape::Number,
        SchemaKind::Type(Type::Boolean(_)) => Shape::Boolean,
        SchemaKind::Type(Type::Array(_)) => Shape::Array,
        SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => Shape::Object,
        SchemaKind::Any(any) => match any.typ.as_deref() {
            Some("string") => Shape::String,
            Some("integer") => Shape::Integer,
            Some("number") => Shape::Number,
            Some("boolean") => Shape::Boolean,
            Some("array") => Shape::Array,
            Some("object") => Shape::Object,
            _ if !any.properties.is_empty() || !any.all_of.is_empty() => Shape::Object,
            _ => Shape::Any,
        },
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::Not { .. } => Shape::Any,
    }
}

fn type_word(t: &Type) -> &'static str {
    match t {
        Type::String(_) => "string",
        Type::Number(_) => "number",
        Type::Integer(_) => "integer",
        Type::Object(_) => "object",
        Type::Array(_) => "array",
        Type::Boolean(_) => "boolean",
    }
}

/// `openapiv3` boxes property schemas; the merge works on unboxed ones.
pub fn unbox(schema: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match schema {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
        ReferenceOr::Item(boxed) => ReferenceOr::Item((**boxed).clone()),
    }
}
