//! A `oneOf`/`anyOf` written beside `properties` (`normalize` keeps it in
//! [`crate::adapter::shape::ALTERNATIVES`]) or among an `allOf`'s members (`merge` carries it in
//! [`merge::Alternatives`]): the object is one of several shapes sharing those properties
//! (Svix's destinations: a `uid` and a `status`, then `type: amazonS3` with its `config`, or
//! `type: sqs` with its own; OpenAI's WebSocket events: one of the events, plus a `stream_id`).
//! It becomes a union of structs, each with the shared properties and one alternative's own,
//! chosen by a declared discriminator or the property the alternatives pin (else tried in
//! order). Each choice is expanded once, where it is written: a choice inside an alternative is
//! not expanded again there.

use super::{
    ir, merge, naming, pointer_push, Error, Lowerer, Merged, NameHint, Namespace, ReferenceOr,
    Schema, SchemaKind, Type, TypeId, TypeKind, TypeRef,
};

/// How many annotated references (`{$ref, description}`) an alternative is followed through.
const MAX_ANNOTATED: usize = 8;

impl Lowerer<'_, '_, '_> {
    /// The union of `object` (the shared properties, at `pointer`) with each of its
    /// `alternatives`, or `None` (with a note) when some alternative is not an object to merge.
    pub(super) fn alternatives_union(
        &mut self,
        schema: &Schema,
        object: &merge::MergedObject,
        alternatives: &merge::Alternatives,
        pointer: &str,
        hint: &NameHint,
        slot: Option<usize>,
    ) -> Result<Option<TypeRef>, Error> {
        let merge::Alternatives {
            keyword,
            members,
            pointer: holder,
        } = alternatives;
        // An alternative that leads back to the choice it is part of would expand forever.
        if self.expanding.contains(holder) {
            self.note(
                pointer,
                format!("an alternative of the `{keyword}` at `{holder}` leads back to it: this type has the shared properties only"),
            );
            return Ok(None);
        }
        let mut shapes = Vec::with_capacity(members.len());
        for (i, member) in members.iter().enumerate() {
            let at = pointer_push(&pointer_push(holder, keyword), &i.to_string());
            let Some(own) = self.alternative_object(member, &at, 0)? else {
                self.note(
                    &at,
                    format!("this `{keyword}` alternative is not an object: the type has the shared properties only (the alternatives' own fields stay in the raw body)"),
                );
                return Ok(None);
            };
            // A choice inside an alternative is not expanded there: expanded at every level,
            // a chain of such choices would make 2^depth structs.
            if let Some(inner) = &own.alternatives {
                self.note(
                    &inner.pointer,
                    format!("a `{}` inside an alternative of another choice is not expanded there: that alternative's struct has its properties only", inner.keyword),
                );
            }
            shapes.push((at, joined(object, own)));
        }
        self.expanding.push(holder.clone());
        let union = self.expand(schema, object, alternatives, shapes, pointer, hint, slot);
        self.expanding.pop();
        union.map(Some)
    }

    /// The union of [`Self::alternatives_union`], its alternatives' objects (`shapes`, each
    /// with its pointer) made.
    #[allow(clippy::too_many_arguments)]
    fn expand(
        &mut self,
        schema: &Schema,
        object: &merge::MergedObject,
        alternatives: &merge::Alternatives,
        shapes: Vec<(String, merge::MergedObject)>,
        pointer: &str,
        hint: &NameHint,
        slot: Option<usize>,
    ) -> Result<TypeRef, Error> {
        let merge::Alternatives {
            keyword,
            members,
            pointer: holder,
        } = alternatives;
        let name = self.claim(hint);
        let slot = slot.unwrap_or_else(|| self.reserve());
        let declared = schema.schema_data.discriminator.as_ref();
        // A shared property written inline is one type for every alternative, named after the
        // union (`DestinationStatus`), not one per alternative.
        let mut shared = Vec::new();
        for (wire, prop) in &object.properties {
            if let ReferenceOr::Item(_) = prop.schema {
                let hint = NameHint::Derive(format!("{name}{}", naming::type_name(wire)));
                let lowered = self.type_of(&prop.schema, &prop.pointer, &hint)?;
                self.shared.insert(prop.pointer.clone(), lowered);
                shared.push(prop.pointer.clone());
            }
        }
        let mut variant_names = Namespace::with_reserved(naming::reserved::ENUM_VARIANTS);
        let mut variants = Vec::with_capacity(members.len());
        for (i, (member, (at, shape))) in members.iter().zip(shapes).enumerate() {
            let word = match member {
                ReferenceOr::Reference { reference } => {
                    let last = reference.rsplit('/').next().unwrap_or_default();
                    naming::type_name(&crate::error::pointer_unescape(last))
                }
                ReferenceOr::Item(_) => self.member_word(member, i),
            };
            // The member's own choice is not expanded inside this one (noted above): the schema
            // its struct is made from carries none.
            let mut resolved = self.resolver.schema(member, &at)?.value.into_owned();
            crate::adapter::shape::drop_alternatives(&mut resolved);
            let hint = NameHint::Derive(format!("{name}{word}"));
            let ty = self.struct_type(&resolved, shape, &at, &hint, None)?;
            let tags = match declared {
                Some(d) => self.member_tags(d, member, &at)?,
                None => Vec::new(),
            };
            variants.push(ir::UnionVariant {
                name: variant_names.claim(&word),
                ty,
                tags,
                boxed: false,
                untried: false,
                default: false,
            });
        }
        for pointer in shared {
            self.shared.remove(&pointer);
        }
        let discriminator =
            self.union_discriminator(declared, &mut variants, members, keyword, holder)?;
        let kind = TypeKind::Union {
            discriminator,
            variants,
        };
        self.define(slot, &name, schema, pointer, kind);
        Ok(TypeRef::Named(TypeId::named(name)))
    }

    /// The object an alternative declares (its properties, `required`, `additionalProperties`,
    /// through `allOf` too), or `None` when it is not an object.
    fn alternative_object(
        &mut self,
        member: &ReferenceOr<Schema>,
        at: &str,
        depth: usize,
    ) -> Result<Option<merge::MergedObject>, Error> {
        let resolved = self.resolver.schema(member, at)?;
        let schema = &*resolved.value;
        let ptr = &resolved.pointer;
        // An object the schema declares by itself, with its own choice if it has one.
        let object = |properties, required, additional| {
            Some(merge::MergedObject {
                alternatives: merge::Alternatives::kept(schema, ptr),
                ..merge::MergedObject::of(properties, required, additional, ptr)
            })
        };
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                object(&o.properties, &o.required, o.additional_properties.as_ref())
            }
            _ if merge::all_of(schema).is_some() => {
                match merge::merge(self.resolver, schema, ptr, self.notes)? {
                    Merged::Object(object) => Some(object),
                    // `{$ref, description}` (3.1's annotated reference): the referenced object.
                    Merged::Annotated { target, pointer } if depth < MAX_ANNOTATED => {
                        self.alternative_object(&target, &pointer, depth + 1)?
                    }
                    Merged::Annotated { .. } => None,
                }
            }
            SchemaKind::Any(a)
                if a.one_of.is_empty()
                    && a.any_of.is_empty()
                    && a.typ.as_deref().is_none_or(|t| t == "object") =>
            {
                object(&a.properties, &a.required, a.additional_properties.as_ref())
            }
            _ => None,
        })
    }
}

/// The shared properties with an alternative's own: the alternative's definition of a shared
/// property wins (it narrows it: `status: {enum: [completed]}`), in the shared order; the
/// alternative's own follow; either's `required` holds.
fn joined(shared: &merge::MergedObject, own: merge::MergedObject) -> merge::MergedObject {
    let mut joined = shared.clone();
    for (name, property) in own.properties {
        joined.properties.insert(name, property);
    }
    for name in own.required {
        if !joined.required.contains(&name) {
            joined.required.push(name);
        }
    }
    joined.additional = joined.additional.or(own.additional);
    // Not expanded again inside the alternative (see `alternatives_union`).
    joined.alternatives = None;
    joined
}
