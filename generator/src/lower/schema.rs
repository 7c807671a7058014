//! Schemas → IR types: each `match` arm of `schema_type` names the OpenAPI construct it
//! handles (scalars, enums, arrays, objects, maps, `allOf`, `oneOf`/`anyOf`, `not`); structs,
//! enums (with their names and docs from titles and `x-enum-*`) and unions are built here.

use super::{
    derive, ir, merge, naming, pointer_push, AdditionalProperties, Error, Field, Lowerer, Merged,
    NameHint, Namespace, ReferenceOr, Resolver, Schema, SchemaKind, Type, TypeId, TypeKind,
    TypeRef, VariantOrUnknownOrEmpty,
};

impl Lowerer<'_, '_, '_> {
    /// The type a `$ref` names: a component's type name, or the target lowered in place.
    pub(super) fn named_ref(&mut self, reference: &str, at: &str) -> Result<TypeRef, Error> {
        if !Resolver::is_local(reference) {
            // The resolver notes it and treats it as any value.
            let item = ReferenceOr::Reference {
                reference: reference.to_string(),
            };
            self.resolver.schema(&item, at)?;
            return Ok(TypeRef::Json);
        }
        let target = Resolver::target(reference, at)?;
        if let Some(name) = self.components.get(&target) {
            self.resolver.check_schema_ref(reference, at)?;
            return Ok(TypeRef::Named(TypeId::named(name.clone())));
        }
        if let Some(ty) = self.inline_refs.get(&target) {
            return Ok(ty.clone());
        }
        let item = ReferenceOr::Reference {
            reference: reference.to_string(),
        };
        let resolved = self.resolver.schema(&item, at)?;
        let last = target.rsplit('/').next().unwrap_or_default();
        let hint = NameHint::Derive(naming::type_name(&crate::error::pointer_unescape(last)));
        let ty = self.schema_type(&resolved.value, &resolved.pointer, &hint, None)?;
        self.inline_refs.insert(target, ty.clone());
        Ok(ty)
    }

    /// The type of a schema that may be a reference, and whether it may be `null`.
    pub(super) fn type_of(
        &mut self,
        schema: &ReferenceOr<Schema>,
        pointer: &str,
        hint: &NameHint,
    ) -> Result<(TypeRef, bool), Error> {
        match schema {
            ReferenceOr::Reference { reference } => {
                let ty = self.named_ref(reference, pointer)?;
                let nullable = self
                    .resolver
                    .schema(schema, pointer)?
                    .value
                    .schema_data
                    .nullable;
                Ok((ty, nullable))
            }
            ReferenceOr::Item(s) => {
                let ty = self.schema_type(s, pointer, hint, None)?;
                let nullable = match merge::annotated_member(s) {
                    Some(_) => merge::annotated_nullable(s),
                    None => s.schema_data.nullable,
                };
                Ok((ty, nullable))
            }
        }
    }

    /// The Rust type for an inline schema; each arm names the OpenAPI construct it handles.
    /// `slot` is the reserved place for the type when `hint` is a component's own name.
    pub(super) fn schema_type(
        &mut self,
        schema: &Schema,
        pointer: &str,
        hint: &NameHint,
        slot: Option<usize>,
    ) -> Result<TypeRef, Error> {
        if merge::all_of(schema).is_some() {
            return self.all_of_type(schema, pointer, hint, slot);
        }
        if let Some(prefix) = crate::adapter::shape::prefix_items(schema) {
            if let Some(tuple) = self.tuple_type(schema, prefix, pointer, hint, slot)? {
                return Ok(tuple);
            }
        }
        Ok(match &schema.schema_kind {
            // `type: string`: an enum when it lists values; a date or uuid when typed formats
            // are on and its `format` names one.
            SchemaKind::Type(Type::String(s)) => {
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                if values.is_empty() {
                    self.string_format(&s.format)
                } else {
                    self.string_enum(schema, &values, pointer, hint, slot)
                }
            }
            // `type: integer`: the width its `format` names. `minimum: 0` does not make it
            // unsigned: such fields often still meet arithmetic and sentinel values, and a
            // signed type never fails to decode what the server sends.
            SchemaKind::Type(Type::Integer(i)) => {
                let values: Vec<i64> = i.enumeration.iter().flatten().copied().collect();
                if values.is_empty() {
                    integer_format(&i.format)
                } else {
                    self.int_enum(schema, &values, pointer, hint, slot)
                }
            }
            SchemaKind::Type(Type::Number(n)) => match &n.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            // `type: array`: `Vec` of the items; no `items` means any JSON value.
            SchemaKind::Type(Type::Array(a)) => self.array_type(a.items.as_ref(), pointer, hint)?,
            // `type: object`: a struct when it lists properties, otherwise a map.
            SchemaKind::Type(Type::Object(o)) => {
                if o.properties.is_empty() {
                    self.map_type(o.additional_properties.as_ref(), pointer, hint)?
                } else {
                    let object = merge::MergedObject::of(
                        &o.properties,
                        &o.required,
                        o.additional_properties.as_ref(),
                        pointer,
                    );
                    self.struct_type(schema, object, pointer, hint, slot)?
                }
            }
            // `allOf` was handled above; `merge::all_of` recognises every form of it.
            SchemaKind::AllOf { .. } => TypeRef::Json,
            // `oneOf`/`anyOf`: an enum with one variant per alternative.
            SchemaKind::OneOf { one_of } => {
                self.union_type(schema, one_of, "oneOf", pointer, hint, slot)?
            }
            SchemaKind::AnyOf { any_of } => {
                self.union_type(schema, any_of, "anyOf", pointer, hint, slot)?
            }
            // `not`: no Rust type means "anything but"; any JSON value is accepted.
            SchemaKind::Not { .. } => {
                self.note(pointer, "`not` is generated as serde_json::Value");
                TypeRef::Json
            }
            // A mix of keywords openapiv3 could not classify, or no keywords at all.
            SchemaKind::Any(any) => self.untyped(schema, any, pointer, hint, slot)?,
        })
    }

    /// A schema openapiv3 could not classify: what its keywords say it is, by the first that
    /// decides (properties, `oneOf`, `anyOf`, then `type`).
    fn untyped(
        &mut self,
        schema: &Schema,
        any: &openapiv3::AnySchema,
        pointer: &str,
        hint: &NameHint,
        slot: Option<usize>,
    ) -> Result<TypeRef, Error> {
        if !any.properties.is_empty() {
            let object = merge::MergedObject::of(
                &any.properties,
                &any.required,
                any.additional_properties.as_ref(),
                pointer,
            );
            return self.struct_type(schema, object, pointer, hint, slot);
        }
        if !any.one_of.is_empty() {
            return self.union_type(schema, &any.one_of, "oneOf", pointer, hint, slot);
        }
        if !any.any_of.is_empty() {
            return self.union_type(schema, &any.any_of, "anyOf", pointer, hint, slot);
        }
        Ok(match any.typ.as_deref() {
            Some("string") => TypeRef::String,
            Some("integer") => TypeRef::I64,
            Some("number") => TypeRef::F64,
            Some("boolean") => TypeRef::Bool,
            Some("array") => self.array_type(any.items.as_ref(), pointer, hint)?,
            Some("object") => self.map_type(any.additional_properties.as_ref(), pointer, hint)?,
            _ => TypeRef::Json,
        })
    }

    /// `Vec` of the `items`; no `items` means any JSON value.
    fn array_type(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        pointer: &str,
        hint: &NameHint,
    ) -> Result<TypeRef, Error> {
        let item = match items {
            Some(items) => {
                let item_hint = derive(hint, "Item");
                let ptr = pointer_push(pointer, "items");
                self.type_of(&merge::unbox(items), &ptr, &item_hint)?.0
            }
            None => TypeRef::Json,
        };
        Ok(TypeRef::Vec(Box::new(item)))
    }

    /// A string's type by its `format`, when typed formats are on.
    fn string_format(&self, format: &VariantOrUnknownOrEmpty<openapiv3::StringFormat>) -> TypeRef {
        use openapiv3::StringFormat;
        match (format, self.typed_formats) {
            (VariantOrUnknownOrEmpty::Item(StringFormat::DateTime), true) => TypeRef::DateTime,
            (VariantOrUnknownOrEmpty::Item(StringFormat::Date), true) => TypeRef::Date,
            (VariantOrUnknownOrEmpty::Unknown(f), true) if f == "uuid" => TypeRef::Uuid,
            _ => TypeRef::String,
        }
    }

    /// `additionalProperties`: a schema gives a typed map; `true` or absent any JSON object.
    pub(super) fn map_type(
        &mut self,
        additional: Option<&AdditionalProperties>,
        pointer: &str,
        hint: &NameHint,
    ) -> Result<TypeRef, Error> {
        Ok(match additional {
            Some(AdditionalProperties::Schema(s)) => {
                let (ty, _) = self.type_of(
                    s,
                    &pointer_push(pointer, "additionalProperties"),
                    &derive(hint, "Value"),
                )?;
                TypeRef::Map(Box::new(ty))
            }
            Some(AdditionalProperties::Any(_)) | None => TypeRef::JsonObject,
        })
    }

    pub(super) fn all_of_type(
        &mut self,
        schema: &Schema,
        pointer: &str,
        hint: &NameHint,
        slot: Option<usize>,
    ) -> Result<TypeRef, Error> {
        match merge::merge(self.resolver, schema, pointer, self.notes)? {
            // An annotated reference is its target's type; an inline target is lowered here.
            Merged::Annotated {
                target,
                pointer: member_ptr,
            } => match target.as_ref() {
                ReferenceOr::Reference { reference } => self.named_ref(reference, &member_ptr),
                ReferenceOr::Item(s) => self.schema_type(s, &member_ptr, hint, slot),
            },
            Merged::Object(object) => self.struct_type(schema, object, pointer, hint, slot),
        }
    }

    /// A struct with the object's properties as fields, plus a flattened map of the other keys
    /// when `additionalProperties` allows them explicitly.
    pub(super) fn struct_type(
        &mut self,
        schema: &Schema,
        object: merge::MergedObject,
        pointer: &str,
        hint: &NameHint,
        slot: Option<usize>,
    ) -> Result<TypeRef, Error> {
        let alternatives =
            (object.alternatives.clone()).or_else(|| merge::Alternatives::kept(schema, pointer));
        if let Some(alternatives) = alternatives {
            if let Some(union) =
                self.alternatives_union(schema, &object, &alternatives, pointer, hint, slot)?
            {
                return Ok(union);
            }
        }
        let name = self.claim(hint);
        let slot = slot.unwrap_or_else(|| self.reserve());
        let mut field_names = Namespace::default();
        let mut fields = Vec::new();
        for (wire, prop) in object.properties.clone() {
            let field_name = field_names.claim(&naming::field_name(&wire));
            fields.push(self.property_field(&name, field_name, wire, &prop, &object.required)?);
        }
        if let Some(field) = self.extra_field(&name, &mut field_names, &object, pointer)? {
            fields.push(field);
        }
        self.struct_examples(schema, &name, &object, &fields, pointer);
        for name in &object.required {
            if !fields.iter().any(|f| f.wire_name == *name) {
                self.note(
                    pointer,
                    format!("`{name}` is required but not among the properties; ignored"),
                );
            }
        }
        self.define(slot, &name, schema, pointer, TypeKind::Struct { fields });
        Ok(TypeRef::Named(TypeId::named(name)))
    }

    /// The field for property `wire` of struct `name`: its type, docs and default.
    fn property_field(
        &mut self,
        name: &str,
        field_name: String,
        wire: String,
        prop: &merge::MergedProperty,
        required: &[String],
    ) -> Result<Field, Error> {
        let prop_hint = NameHint::Derive(format!("{name}{}", naming::type_name(&wire)));
        let (ty, nullable) = match self.shared.get(&prop.pointer) {
            Some(lowered) => lowered.clone(),
            None => self.type_of(&prop.schema, &prop.pointer, &prop_hint)?,
        };
        let resolved = self.resolver.schema(&prop.schema, &prop.pointer)?;
        // The property's own description, else the one of the schema it references.
        let own = match &prop.schema {
            ReferenceOr::Item(s) => s.schema_data.description.clone(),
            ReferenceOr::Reference { .. } => None,
        };
        let doc = own.or_else(|| resolved.value.schema_data.description.clone());
        let doc = match ty {
            TypeRef::Json => with_not_doc(doc, &resolved.value),
            _ => doc,
        };
        let default = match &prop.schema {
            ReferenceOr::Item(s) => s.schema_data.default.clone(),
            ReferenceOr::Reference { .. } => resolved.value.schema_data.default.clone(),
        };
        let default = match default {
            Some(value) if !fits(&ty, &value) => {
                self.note(
                    &prop.pointer,
                    format!("default {value} does not fit the field's Rust type; it is dropped"),
                );
                None
            }
            other => other,
        };
        Ok(Field {
            name: field_name,
            // A `readOnly` property is absent from requests and a `writeOnly` one from
            // responses, so neither can be required of every value of the type.
            required: required.contains(&wire)
                && !resolved.value.schema_data.read_only
                && !resolved.value.schema_data.write_only,
            wire_name: wire,
            ty,
            nullable,
            boxed: false,
            flatten: false,
            doc,
            default,
            setter: None,
            or_default: None,
        })
    }

    /// The flattened map of the keys the properties do not list, when `additionalProperties`
    /// allows them explicitly.
    fn extra_field(
        &mut self,
        name: &str,
        field_names: &mut Namespace,
        object: &merge::MergedObject,
        pointer: &str,
    ) -> Result<Option<Field>, Error> {
        let ty = match &object.additional {
            Some(AdditionalProperties::Schema(s)) => {
                let hint = NameHint::Derive(format!("{name}Value"));
                let ptr = pointer_push(pointer, "additionalProperties");
                TypeRef::Map(Box::new(self.type_of(s, &ptr, &hint)?.0))
            }
            Some(AdditionalProperties::Any(true)) => TypeRef::JsonObject,
            Some(AdditionalProperties::Any(false)) | None => return Ok(None),
        };
        Ok(Some(Field {
            name: field_names.claim("additional_properties"),
            wire_name: String::new(),
            ty,
            required: true,
            nullable: false,
            boxed: false,
            flatten: true,
            doc: Some("Properties not listed in the schema (`additionalProperties`).".into()),
            default: None,
            setter: None,
            or_default: None,
        }))
    }

    /// The struct's examples: the object's own (or one composed from its properties'), and
    /// each inline property's.
    fn struct_examples(
        &mut self,
        schema: &Schema,
        name: &str,
        object: &merge::MergedObject,
        fields: &[Field],
        pointer: &str,
    ) {
        if let Some((value, sources)) =
            self.object_example(schema, pointer, &object.properties, &object.required)
        {
            let own = sources.len() == 1 && sources[0] == pointer_push(pointer, "example");
            self.examples.push(ir::Example {
                pointer: if own {
                    sources[0].clone()
                } else {
                    pointer.to_string()
                },
                composed_from: if own { Vec::new() } else { sources },
                ty: TypeRef::Named(TypeId::named(name.to_string())),
                value,
                deviation: None,
            });
        }
        for (field, (_, prop)) in fields.iter().zip(&object.properties) {
            let ReferenceOr::Item(schema) = &prop.schema else {
                continue;
            };
            match &schema.schema_data.example {
                Some(value) if !value.is_null() && !field.flatten => {
                    self.examples.push(ir::Example {
                        pointer: pointer_push(&prop.pointer, "example"),
                        composed_from: Vec::new(),
                        ty: field.ty.clone(),
                        value: value.clone(),
                        deviation: None,
                    })
                }
                _ => {}
            }
        }
    }
}

/// An integer's type: the width its `format` names.
fn integer_format(format: &VariantOrUnknownOrEmpty<openapiv3::IntegerFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => TypeRef::I32,
        VariantOrUnknownOrEmpty::Unknown(f) if f == "uint32" => TypeRef::U32,
        VariantOrUnknownOrEmpty::Unknown(f) if f == "uint64" => TypeRef::U64,
        _ => TypeRef::I64,
    }
}

/// Whether a number `default` fits the field's Rust type (other values are left to the
/// emitter, which offers as `*_or_default` only the defaults it can write).
pub(super) fn fits(ty: &TypeRef, value: &serde_json::Value) -> bool {
    let serde_json::Value::Number(n) = value else {
        return true;
    };
    match ty {
        TypeRef::I32 => n.as_i64().is_some_and(|v| i32::try_from(v).is_ok()),
        TypeRef::I64 => n.as_i64().is_some(),
        TypeRef::U32 => n.as_u64().is_some_and(|v| u32::try_from(v).is_ok()),
        TypeRef::U64 => n.as_u64().is_some(),
        TypeRef::F32 => n.as_f64().is_some_and(|v| (v as f32).is_finite()),
        _ => true,
    }
}

/// `doc`, with what a `not` schema (generated as any JSON value) leaves out said after it:
/// the client does not check it, so its users should know.
pub(super) fn with_not_doc(doc: Option<String>, schema: &Schema) -> Option<String> {
    let SchemaKind::Not { not } = &schema.schema_kind else {
        return doc;
    };
    let what = match &**not {
        ReferenceOr::Reference { reference } => {
            format!("a `{}`", reference.rsplit('/').next().unwrap_or_default())
        }
        ReferenceOr::Item(schema) => match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                let values: Vec<String> = s
                    .enumeration
                    .iter()
                    .flatten()
                    .map(|v| format!("`{v}`"))
                    .collect();
                format!("the string {}", values.join(" or "))
            }
            SchemaKind::Type(Type::String(_)) => "a string".into(),
            SchemaKind::Type(Type::Integer(_)) => "an integer".into(),
            SchemaKind::Type(Type::Number(_)) => "a number".into(),
            SchemaKind::Type(Type::Boolean(_)) => "a boolean".into(),
            SchemaKind::Type(Type::Object(_)) => "an object".into(),
            SchemaKind::Type(Type::Array(_)) => "an array".into(),
            _ if schema.schema_data.nullable => "`null`".into(),
            _ => "what the spec's `not` describes".into(),
        },
    };
    Some(super::join_docs(
        doc.as_deref(),
        &format!("Any JSON value but {what} (the spec's `not`, which this client does not check)."),
    ))
}
