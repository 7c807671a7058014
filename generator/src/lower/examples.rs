//! Examples gathered while lowering: schema-level (composed from `allOf` members or from
//! property examples where the schema has none), property-level and media-type examples. Whether
//! each round-trips is decided later, by `crate::examples`.

use super::{
    ir, merge, pointer_push, Error, IndexMap, Lowerer, ReferenceOr, Schema, TypeId, TypeKind,
    TypeRef,
};

impl Lowerer<'_, '_, '_> {
    /// Schema-level examples of enums and unions (structs record theirs, composed where
    /// needed, in `struct_type`; component aliases in `components`).
    pub(super) fn type_examples(&mut self) {
        for def in self.types.iter().flatten() {
            let recorded = matches!(def.kind, TypeKind::Struct { .. } | TypeKind::Alias { .. });
            if let (Some(value), false) = (&def.example, recorded) {
                self.examples.push(ir::Example {
                    pointer: pointer_push(&def.source, "example"),
                    composed_from: Vec::new(),
                    ty: TypeRef::Named(TypeId::named(def.name.clone())),
                    value: value.clone(),
                    deviation: None,
                });
            }
        }
    }

    /// The example for an object schema: its own; else, for an `allOf`, the members' examples
    /// merged (a value of an `allOf` satisfies every member); else one composed from its
    /// properties' examples, when every required property has one.
    pub(super) fn object_example(
        &self,
        schema: &Schema,
        pointer: &str,
        properties: &IndexMap<String, merge::MergedProperty>,
        required: &[String],
    ) -> Option<(serde_json::Value, Vec<String>)> {
        if let Some(example) = &schema.schema_data.example {
            return Some((example.clone(), vec![pointer_push(pointer, "example")]));
        }
        let mut merged = serde_json::Map::new();
        let mut sources = Vec::new();
        if let Some(members) = merge::all_of(schema) {
            for (i, member) in members.iter().enumerate() {
                let member_ptr = pointer_push(&pointer_push(pointer, "allOf"), &i.to_string());
                let Ok(resolved) = self.resolver.schema(member, &member_ptr) else {
                    continue;
                };
                if let Some(serde_json::Value::Object(example)) =
                    &resolved.value.schema_data.example
                {
                    merged.extend(example.clone());
                    sources.push(pointer_push(&resolved.pointer, "example"));
                }
            }
        } else {
            for (name, prop) in properties {
                let Ok(resolved) = self.resolver.schema(&prop.schema, &prop.pointer) else {
                    continue;
                };
                if let Some(example) = &resolved.value.schema_data.example {
                    merged.insert(name.clone(), example.clone());
                    sources.push(pointer_push(&resolved.pointer, "example"));
                }
            }
            if required.iter().any(|r| !merged.contains_key(r)) {
                return None;
            }
        }
        (!merged.is_empty()).then(|| (serde_json::Value::Object(merged), sources))
    }

    /// A media type's `example` and `examples` (each `value`, references followed).
    pub(super) fn media_examples(
        &mut self,
        entry: &openapiv3::MediaType,
        pointer: &str,
        ty: &TypeRef,
    ) -> Result<(), Error> {
        if let Some(value) = &entry.example {
            self.examples.push(ir::Example {
                pointer: pointer_push(pointer, "example"),
                composed_from: Vec::new(),
                ty: ty.clone(),
                value: value.clone(),
                deviation: None,
            });
        }
        for (name, example) in &entry.examples {
            let at = pointer_push(&pointer_push(pointer, "examples"), name);
            let resolved = self.resolver.object(example, &at)?;
            if let Some(value) = &resolved.value.value {
                self.examples.push(ir::Example {
                    pointer: pointer_push(&resolved.pointer, "value"),
                    composed_from: Vec::new(),
                    ty: ty.clone(),
                    value: value.clone(),
                    deviation: None,
                });
            }
        }
        Ok(())
    }
}

/// A schema's own example, or one written in an annotation-only `allOf` member, with where it is.
pub(super) fn annotation_example(
    schema: &Schema,
    pointer: &str,
) -> Option<(serde_json::Value, String)> {
    if let Some(example) = &schema.schema_data.example {
        return Some((example.clone(), pointer_push(pointer, "example")));
    }
    merge::all_of(schema)?
        .iter()
        .enumerate()
        .find_map(|(i, member)| match member {
            ReferenceOr::Item(m) if merge::is_annotation_only(m) => {
                m.schema_data.example.as_ref().map(|e| {
                    let member_ptr = pointer_push(&pointer_push(pointer, "allOf"), &i.to_string());
                    (e.clone(), pointer_push(&member_ptr, "example"))
                })
            }
            _ => None,
        })
}
