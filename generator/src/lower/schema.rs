//! Schemas → IR types: each `match` arm of `schema_type` names the OpenAPI construct it
//! handles (scalars, enums, arrays, objects, maps, `allOf`, `oneOf`/`anyOf`, `not`); structs,
//! enums (with their names and docs from titles and `x-enum-*`) and unions are built here.

use super::*;

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
            return Ok(TypeRef::Named(name.clone()));
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
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                if values.is_empty() {
                    use openapiv3::StringFormat;
                    match (&s.format, self.typed_formats) {
                        (VariantOrUnknownOrEmpty::Item(StringFormat::DateTime), true) => {
                            TypeRef::DateTime
                        }
                        (VariantOrUnknownOrEmpty::Item(StringFormat::Date), true) => TypeRef::Date,
                        (VariantOrUnknownOrEmpty::Unknown(f), true) if f == "uuid" => TypeRef::Uuid,
                        _ => TypeRef::String,
                    }
                } else {
                    self.string_enum(schema, &values, pointer, hint, slot)
                }
            }
            // `type: integer`: the width its `format` names. `minimum: 0` does not make it
            // unsigned: such fields often still meet arithmetic and sentinel values, and a
            // signed type never fails to decode what the server sends.
            SchemaKind::Type(Type::Integer(i)) => {
                let values: Vec<i64> = i.enumeration.iter().flatten().copied().collect();
                if !values.is_empty() {
                    self.int_enum(schema, &values, pointer, hint, slot)
                } else {
                    match &i.format {
                        VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => {
                            TypeRef::I32
                        }
                        VariantOrUnknownOrEmpty::Unknown(f) if f == "uint32" => TypeRef::U32,
                        VariantOrUnknownOrEmpty::Unknown(f) if f == "uint64" => TypeRef::U64,
                        _ => TypeRef::I64,
                    }
                }
            }
            SchemaKind::Type(Type::Number(n)) => match &n.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            // `type: array`: `Vec` of the items; no `items` means any JSON value.
            SchemaKind::Type(Type::Array(a)) => match &a.items {
                Some(items) => {
                    let item_hint = derive(hint, "Item");
                    let (ty, _) = self.type_of(
                        &merge::unbox(items),
                        &pointer_push(pointer, "items"),
                        &item_hint,
                    )?;
                    TypeRef::Vec(Box::new(ty))
                }
                None => TypeRef::Vec(Box::new(TypeRef::Json)),
            },
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
            SchemaKind::Any(any) => {
                if !any.properties.is_empty() {
                    let object = merge::MergedObject::of(
                        &any.properties,
                        &any.required,
                        any.additional_properties.as_ref(),
                        pointer,
                    );
                    self.struct_type(schema, object, pointer, hint, slot)?
                } else if !any.one_of.is_empty() {
                    self.union_type(schema, &any.one_of, "oneOf", pointer, hint, slot)?
                } else if !any.any_of.is_empty() {
                    self.union_type(schema, &any.any_of, "anyOf", pointer, hint, slot)?
                } else {
                    match any.typ.as_deref() {
                        Some("string") => TypeRef::String,
                        Some("integer") => TypeRef::I64,
                        Some("number") => TypeRef::F64,
                        Some("boolean") => TypeRef::Bool,
                        Some("array") => TypeRef::Vec(Box::new(match &any.items {
                            Some(items) => {
                                self.type_of(
                                    &merge::unbox(items),
                                    &pointer_push(pointer, "items"),
                                    &derive(hint, "Item"),
                                )?
                                .0
                            }
                            None => TypeRef::Json,
                        })),
                        Some("object") => {
                            self.map_type(any.additional_properties.as_ref(), pointer, hint)?
                        }
                        _ => TypeRef::Json,
                    }
                }
            }
        })
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
        let name = self.claim(hint);
        let slot = slot.unwrap_or_else(|| self.reserve());
        let mut field_names = Namespace::default();
        let mut fields = Vec::new();
        let required = &object.required;
        for (wire, prop) in object.properties.clone() {
            let field_name = field_names.claim(&naming::field_name(&wire));
            let prop_hint = NameHint::Derive(format!("{name}{}", naming::type_name(&wire)));
            let (ty, nullable) = self.type_of(&prop.schema, &prop.pointer, &prop_hint)?;
            let resolved = self.resolver.schema(&prop.schema, &prop.pointer)?;
            // The property's own description, else the one of the schema it references.
            let own = match &prop.schema {
                ReferenceOr::Item(s) => s.schema_data.description.clone(),
                ReferenceOr::Reference { .. } => None,
            };
            let doc = own.or_else(|| resolved.value.schema_data.description.clone());
            let default = match &prop.schema {
                ReferenceOr::Item(s) => s.schema_data.default.clone(),
                ReferenceOr::Reference { .. } => resolved.value.schema_data.default.clone(),
            };
            let default = match default {
                Some(value) if !fits(&ty, &value) => {
                    self.note(
                        &prop.pointer,
                        format!(
                            "default {value} does not fit the field's Rust type; it is dropped"
                        ),
                    );
                    None
                }
                other => other,
            };
            fields.push(Field {
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
            });
        }
        let extra = match &object.additional {
            Some(AdditionalProperties::Schema(s)) => {
                let hint = NameHint::Derive(format!("{name}Value"));
                let ptr = pointer_push(pointer, "additionalProperties");
                Some(TypeRef::Map(Box::new(self.type_of(s, &ptr, &hint)?.0)))
            }
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::JsonObject),
            Some(AdditionalProperties::Any(false)) | None => None,
        };
        if let Some(ty) = extra {
            fields.push(Field {
                name: field_names.claim("additional_properties"),
                wire_name: String::new(),
                ty,
                required: true,
                nullable: false,
                boxed: false,
                flatten: true,
                doc: Some("Properties not listed in the schema (`additionalProperties`).".into()),
                default: None,
            });
        }
        if let Some((value, sources)) =
            self.object_example(schema, pointer, &object.properties, required)
        {
            let own = sources.len() == 1 && sources[0] == pointer_push(pointer, "example");
            self.examples.push(ir::Example {
                pointer: if own {
                    sources[0].clone()
                } else {
                    pointer.to_string()
                },
                composed_from: if own { Vec::new() } else { sources },
                ty: TypeRef::Named(name.clone()),
                value,
                deviation: None,
            });
        }
        for (field, (_, prop)) in fields.iter().zip(&object.properties) {
            if let ReferenceOr::Item(schema) = &prop.schema {
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
        for name in required {
            if !fields.iter().any(|f| f.wire_name == *name) {
                self.note(
                    pointer,
                    format!("`{name}` is required but not among the properties; ignored"),
                );
            }
        }
        self.define(slot, &name, schema, pointer, TypeKind::Struct { fields });
        Ok(TypeRef::Named(name))
    }

    pub(super) fn string_enum(
        &mut self,
        schema: &Schema,
        values: &[String],
        pointer: &str,
        hint: &NameHint,
        slot: Option<usize>,
    ) -> TypeRef {
        let labels = enum_labels(&schema.schema_data, values.len());
        let values: Vec<(String, Label)> = values.iter().cloned().zip(labels).collect();
        self.string_enum_of(schema, &values, pointer, hint, slot)
    }

    /// A string enum from values with their optional names and docs.
    pub(super) fn string_enum_of(
        &mut self,
        schema: &Schema,
        values: &[(String, Label)],
        pointer: &str,
        hint: &NameHint,
        slot: Option<usize>,
    ) -> TypeRef {
        let name = self.claim(hint);
        let slot = slot.unwrap_or_else(|| self.reserve());
        // `Unknown` is the catch-all for values added to the API after generation.
        let mut variant_names = Namespace::with_reserved(&["Unknown"]);
        let variants = values
            .iter()
            .map(|(value, label)| ir::Variant {
                name: variant_names
                    .claim(&naming::type_name(label.name.as_deref().unwrap_or(value))),
                value: value.clone(),
                doc: label.doc.clone(),
            })
            .collect();
        self.define(slot, &name, schema, pointer, TypeKind::Enum { variants });
        TypeRef::Named(name)
    }

    pub(super) fn int_enum(
        &mut self,
        schema: &Schema,
        values: &[i64],
        pointer: &str,
        hint: &NameHint,
        slot: Option<usize>,
    ) -> TypeRef {
        let labels = enum_labels(&schema.schema_data, values.len());
        let values: Vec<(i64, Label)> = values.iter().copied().zip(labels).collect();
        self.int_enum_of(schema, &values, pointer, hint, slot)
    }

    /// An integer enum from values with their optional names and docs.
    pub(super) fn int_enum_of(
        &mut self,
        schema: &Schema,
        values: &[(i64, Label)],
        pointer: &str,
        hint: &NameHint,
        slot: Option<usize>,
    ) -> TypeRef {
        let name = self.claim(hint);
        let slot = slot.unwrap_or_else(|| self.reserve());
        let mut variant_names = Namespace::with_reserved(&["Unknown"]);
        let variants = values
            .iter()
            .map(|(value, label)| {
                let word = match (&label.name, *value < 0) {
                    (Some(name), _) => name.clone(),
                    (None, true) => format!("minus {}", value.unsigned_abs()),
                    (None, false) => format!("value {value}"),
                };
                ir::IntVariant {
                    name: variant_names.claim(&naming::type_name(&word)),
                    value: *value,
                    doc: label.doc.clone(),
                }
            })
            .collect();
        self.define(slot, &name, schema, pointer, TypeKind::IntEnum { variants });
        TypeRef::Named(name)
    }

    /// `oneOf`/`anyOf` → an enum. With a `discriminator` whose values name every variant
    /// (through `mapping`, or implicitly by schema name) the variant is chosen by that property;
    /// otherwise by trying each in order (serde's untagged enums).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn union_type(
        &mut self,
        schema: &Schema,
        members: &[ReferenceOr<Schema>],
        keyword: &str,
        pointer: &str,
        hint: &NameHint,
        slot: Option<usize>,
    ) -> Result<TypeRef, Error> {
        // No alternatives at all: nothing to choose between, so any value (rather than an enum
        // without variants, which nothing decodes into).
        if members.is_empty() {
            self.note(
                pointer,
                format!("`{keyword}` without members is generated as serde_json::Value"),
            );
            return Ok(TypeRef::Json);
        }
        // 3.1's way to document each value: `oneOf: [{const: 1, title: Low, description: ..}]`.
        if let Some(consts) = self.const_members(members, keyword, pointer)? {
            return Ok(match consts {
                Consts::Strings(values) => {
                    self.string_enum_of(schema, &values, pointer, hint, slot)
                }
                Consts::Ints(values) => self.int_enum_of(schema, &values, pointer, hint, slot),
            });
        }
        let name = self.claim(hint);
        let slot = slot.unwrap_or_else(|| self.reserve());
        let discriminator = schema.schema_data.discriminator.as_ref();
        let mut variant_names = Namespace::with_reserved(&["Unknown"]);
        let mut variants = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let member_ptr = pointer_push(&pointer_push(pointer, keyword), &i.to_string());
            let member_hint = NameHint::Derive(format!("{name}{}", self.member_word(member, i)));
            let (ty, _) = self.type_of(member, &member_ptr, &member_hint)?;
            let tags = match (discriminator, member) {
                (Some(d), ReferenceOr::Reference { reference }) => {
                    let mapped: Vec<String> = d
                        .mapping
                        .iter()
                        .filter(|(_, target)| {
                            *target == reference
                                || target.rsplit('/').next()
                                    == Some(reference.rsplit('/').next().unwrap_or_default())
                        })
                        .map(|(tag, _)| tag.clone())
                        .collect();
                    if mapped.is_empty() {
                        vec![crate::error::pointer_unescape(
                            reference.rsplit('/').next().unwrap_or_default(),
                        )]
                    } else {
                        mapped
                    }
                }
                _ => Vec::new(),
            };
            // A referenced type names its variant; an inline one is named by what it is.
            let wanted = match (member, &ty) {
                (ReferenceOr::Reference { .. }, TypeRef::Named(n)) => n.clone(),
                (ReferenceOr::Item(_), TypeRef::Named(_)) => self.member_word(member, i),
                (_, other) => type_word(other).to_string(),
            };
            variants.push(ir::UnionVariant {
                name: variant_names.claim(&wanted),
                ty,
                tags,
                boxed: false,
            });
        }
        let discriminator = match discriminator {
            Some(d) if variants.iter().all(|v| !v.tags.is_empty()) => Some(d.property_name.clone()),
            Some(_) => {
                self.note(pointer, "discriminator with inline alternatives: the variant is chosen by trying each in order");
                None
            }
            None => None,
        };
        self.define(
            slot,
            &name,
            schema,
            pointer,
            TypeKind::Union {
                discriminator,
                variants,
            },
        );
        Ok(TypeRef::Named(name))
    }

    /// A word naming an inline union member: its `title`, the single constant one of its
    /// properties must have (`type: {const: text}` → `Text`), or its position.
    pub(super) fn member_word(&self, member: &ReferenceOr<Schema>, index: usize) -> String {
        let ReferenceOr::Item(schema) = member else {
            return format!("Option{}", index + 1);
        };
        if let Some(title) = &schema.schema_data.title {
            return naming::type_name(title);
        }
        let properties = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => Some(&o.properties),
            SchemaKind::Any(a) => Some(&a.properties),
            _ => None,
        };
        let constant = properties
            .into_iter()
            .flatten()
            .find_map(|(_, prop)| match prop {
                ReferenceOr::Item(p) => match &p.schema_kind {
                    SchemaKind::Type(Type::String(s)) if s.enumeration.len() == 1 => {
                        s.enumeration[0].clone()
                    }
                    _ => None,
                },
                ReferenceOr::Reference { .. } => None,
            });
        match constant {
            Some(value) => naming::type_name(&value),
            None => format!("Option{}", index + 1),
        }
    }
}

impl Lowerer<'_, '_, '_> {
    /// The members' constants with their `title`s and `description`s, when every member
    /// (inline or referenced) is a single-value enum of one JSON type (`const` was normalised
    /// into a one-value `enum`).
    pub(super) fn const_members(
        &self,
        members: &[ReferenceOr<Schema>],
        keyword: &str,
        pointer: &str,
    ) -> Result<Option<Consts>, Error> {
        let mut strings = Vec::new();
        let mut ints = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let at = pointer_push(&pointer_push(pointer, keyword), &i.to_string());
            let resolved = self.resolver.schema(member, &at)?.value;
            let label = Label {
                name: resolved.schema_data.title.clone(),
                doc: resolved.schema_data.description.clone(),
            };
            match &resolved.schema_kind {
                SchemaKind::Type(Type::String(s)) if s.enumeration.len() == 1 => {
                    let Some(Some(value)) = s.enumeration.first() else {
                        return Ok(None);
                    };
                    strings.push((value.clone(), label));
                }
                SchemaKind::Type(Type::Integer(n)) if n.enumeration.len() == 1 => {
                    let Some(Some(value)) = n.enumeration.first() else {
                        return Ok(None);
                    };
                    ints.push((*value, label));
                }
                _ => return Ok(None),
            }
        }
        Ok(match (strings.is_empty(), ints.is_empty()) {
            (false, true) => Some(Consts::Strings(strings)),
            (true, false) => Some(Consts::Ints(ints)),
            _ => None,
        })
    }
}

/// Whether a number `default` fits the field's Rust type (other values are left to the
/// emitter, which fills in only the defaults it can write).
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

/// The name and doc an enum value may carry.
#[derive(Debug, Clone, Default)]
pub(super) struct Label {
    name: Option<String>,
    doc: Option<String>,
}

/// Every member of a `oneOf`/`anyOf` is one constant: an enum after all.
pub(super) enum Consts {
    Strings(Vec<(String, Label)>),
    Ints(Vec<(i64, Label)>),
}

/// Names and docs for the values of a plain `enum`, from the extensions code generators agree
/// on: `x-enum-varnames` or `x-enumNames` (names), `x-enum-descriptions` (docs), each a list in
/// value order. Lists of the wrong length are ignored.
pub(super) fn enum_labels(data: &openapiv3::SchemaData, count: usize) -> Vec<Label> {
    let list = |key: &str| -> Option<Vec<Option<String>>> {
        match data.extensions.get(key)? {
            serde_json::Value::Array(items) if items.len() == count => Some(
                items
                    .iter()
                    .map(|v| v.as_str().map(str::to_string).filter(|s| !s.is_empty()))
                    .collect(),
            ),
            _ => None,
        }
    };
    let names = list("x-enum-varnames").or_else(|| list("x-enumNames"));
    let docs = list("x-enum-descriptions");
    (0..count)
        .map(|i| Label {
            name: names.as_ref().and_then(|n| n[i].clone()),
            doc: docs.as_ref().and_then(|d| d[i].clone()),
        })
        .collect()
}

/// What a union variant holding a non-named type is called.
pub(super) fn type_word(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::String => "String",
        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => "Integer",
        TypeRef::F32 | TypeRef::F64 => "Number",
        TypeRef::Bool => "Boolean",
        TypeRef::DateTime => "DateTime",
        TypeRef::Date => "Date",
        TypeRef::Uuid => "Uuid",
        TypeRef::Vec(_) => "Array",
        TypeRef::Map(_) | TypeRef::JsonObject => "Object",
        TypeRef::Json => "Value",
        TypeRef::Named(_) => "Named",
    }
}
