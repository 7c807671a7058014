//! Pass 7: the resolved, merged spec → the IR. The only pass that reads both `openapiv3` types
//! and writes IR; every name it produces comes from `naming`.
//!
//! Component schemas are named first, all of them, before anything is converted: a reference
//! can then be turned into a type name whether its target comes earlier, later, or is the schema
//! being converted (recursion). Inline schemas that need a name (objects, enums) get one from
//! their context: parent type + property, or operation + role.

use crate::error::{pointer_push, Error, Note};
use crate::ir::{
    self, Api, Field, Operation, Paging, Param, ParamLocation, PathPart, Payload, QueryStyle,
    Status, Success, TypeDef, TypeKind, TypeRef,
};
use crate::merge::{self, Merged};
use crate::naming::{self, Namespace};
use crate::resolve::Resolver;
use crate::settings::Settings;
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, OpenAPI, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind,
    StatusCode, Type, VariantOrUnknownOrEmpty,
};
use std::collections::BTreeMap;

/// Names the client module declares itself; operation error enums must not take them.
const CLIENT_RESERVED: &[&str] = &[
    "ApiKey",
    "Call",
    "Client",
    "Clock",
    "ConfigError",
    "Error",
    "Paging",
    "RequestOptions",
    "Response",
    "RetryPolicy",
    "Runtime",
];

/// Lowers a validated document to the IR.
pub fn lower(
    doc: &OpenAPI,
    resolver: &Resolver<'_>,
    settings: &Settings,
    notes: &mut Vec<Note>,
) -> Result<Api, Error> {
    let mut l = Lowerer {
        resolver,
        notes,
        types: Vec::new(),
        // The models module writes these std types unqualified: a schema named `String` or
        // `Option` must not shadow them.
        type_names: Namespace::with_reserved(naming::STD_TYPES),
        components: BTreeMap::new(),
        inline_refs: BTreeMap::new(),
        examples: Vec::new(),
        typed_formats: settings.typed_formats,
    };
    l.name_components(doc, settings)?;
    l.components(doc)?;
    let operations = l.operations(doc)?;
    l.type_examples();
    let auth = l.auth(doc, settings);
    let base_url = doc.servers.first().map(server_url).unwrap_or_default();
    Ok(Api {
        // Labels, written into sentences of the docs: one line each, whatever the spec wrote.
        title: one_line(&doc.info.title),
        description: doc.info.description.clone(),
        version: one_line(&doc.info.version),
        base_url,
        auth,
        types: l.types.into_iter().flatten().collect(),
        operations,
        examples: l.examples,
    })
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `servers[0].url` with `{variables}` replaced by their defaults.
fn server_url(server: &openapiv3::Server) -> String {
    let mut url = server.url.clone();
    for (name, var) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &var.default);
    }
    url
}

/// How a named type is wanted: with a name already reserved, or a name still to be made.
#[derive(Clone)]
enum NameHint {
    Reserved(String),
    Derive(String),
}

struct Lowerer<'r, 'a, 'n> {
    resolver: &'r Resolver<'a>,
    notes: &'n mut Vec<Note>,
    /// Slots are reserved before a type's fields are lowered, so a parent precedes the inline
    /// types it introduces.
    types: Vec<Option<TypeDef>>,
    type_names: Namespace,
    /// Component schema pointer → Rust type name.
    components: BTreeMap<String, String>,
    /// Types made for `$ref`s to schemas outside `#/components/schemas`, by target pointer,
    /// so a target referenced twice is lowered once.
    inline_refs: BTreeMap<String, TypeRef>,
    examples: Vec<ir::Example>,
    /// See [`Settings::typed_formats`].
    typed_formats: bool,
}

impl Lowerer<'_, '_, '_> {
    fn note(&mut self, pointer: &str, message: impl Into<String>) {
        self.notes.push(Note {
            pointer: pointer.to_string(),
            message: message.into(),
        });
    }

    fn name_components(&mut self, doc: &OpenAPI, settings: &Settings) -> Result<(), Error> {
        let Some(components) = &doc.components else {
            return Ok(());
        };
        for rename_of in settings.renames.keys() {
            if !components.schemas.contains_key(rename_of) {
                return Err(Error::Settings(format!(
                    "rename of `{rename_of}`: there is no schema #/components/schemas/{rename_of}"
                )));
            }
        }
        for name in components.schemas.keys() {
            let wanted = match settings.renames.get(name) {
                Some(renamed) if naming::type_name(renamed) == *renamed => renamed.clone(),
                Some(renamed) => {
                    return Err(Error::Settings(format!(
                        "rename of `{name}` to `{renamed}`: not a Rust type name (try `{}`)",
                        naming::type_name(renamed)
                    )))
                }
                None => naming::type_name(name),
            };
            let claimed = self.type_names.claim(&wanted);
            self.components
                .insert(pointer_push("#/components/schemas", name), claimed);
        }
        Ok(())
    }

    fn components(&mut self, doc: &OpenAPI) -> Result<(), Error> {
        let Some(components) = &doc.components else {
            return Ok(());
        };
        for (name, schema) in &components.schemas {
            let pointer = pointer_push("#/components/schemas", name);
            let type_name = self.components[&pointer].clone();
            let slot = self.reserve();
            let resolved = self.resolver.schema(schema, &pointer)?;
            let hint = NameHint::Reserved(type_name.clone());
            // A component that is itself a `$ref` is another name for its target.
            let ty = match schema {
                ReferenceOr::Reference { reference } => self.named_ref(reference, &pointer)?,
                ReferenceOr::Item(s) => self.schema_type(s, &pointer, &hint, Some(slot))?,
            };
            if self.types[slot].is_none() {
                let doc = resolved.value.schema_data.description.clone().or(resolved
                    .value
                    .schema_data
                    .title
                    .clone());
                let doc = match (&ty, merge::all_of(&resolved.value)) {
                    (TypeRef::Named(target), Some(_)) => Some(join_docs(
                        doc.as_deref(),
                        &format!("`{type_name}` is a [`{target}`]: the spec declares it as `allOf` of that schema plus annotations."),
                    )),
                    _ => doc,
                };
                // An alias's example may sit in an annotation member (`notfound`'s does).
                let example = annotation_example(&resolved.value, &pointer);
                if let Some((value, at)) = &example {
                    self.examples.push(ir::Example {
                        pointer: at.clone(),
                        composed_from: Vec::new(),
                        ty: TypeRef::Named(type_name.clone()),
                        value: value.clone(),
                        deviation: None,
                    });
                }
                self.types[slot] = Some(TypeDef {
                    name: type_name,
                    source: pointer,
                    doc,
                    example: example.map(|(value, _)| value),
                    kind: TypeKind::Alias {
                        target: ty,
                        newtype: false,
                    },
                });
            }
        }
        Ok(())
    }

    /// Schema-level examples of enums and unions (structs record theirs, composed where
    /// needed, in `struct_type`; component aliases in `components`).
    fn type_examples(&mut self) {
        for def in self.types.iter().flatten() {
            let recorded = matches!(def.kind, TypeKind::Struct { .. } | TypeKind::Alias { .. });
            if let (Some(value), false) = (&def.example, recorded) {
                self.examples.push(ir::Example {
                    pointer: pointer_push(&def.source, "example"),
                    composed_from: Vec::new(),
                    ty: TypeRef::Named(def.name.clone()),
                    value: value.clone(),
                    deviation: None,
                });
            }
        }
    }

    /// The example for an object schema: its own; else, for an `allOf`, the members' examples
    /// merged (a value of an `allOf` satisfies every member); else one composed from its
    /// properties' examples, when every required property has one.
    fn object_example(
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

    /// Fills a reserved slot with the type `name` made from `schema` (at `pointer`).
    fn define(&mut self, slot: usize, name: &str, schema: &Schema, pointer: &str, kind: TypeKind) {
        let data = &schema.schema_data;
        self.types[slot] = Some(TypeDef {
            name: name.to_string(),
            source: pointer.to_string(),
            doc: data.description.clone().or(data.title.clone()),
            example: data.example.clone(),
            kind,
        });
    }

    fn reserve(&mut self) -> usize {
        self.types.push(None);
        self.types.len() - 1
    }

    /// The type a `$ref` names: a component's type name, or the target lowered in place.
    fn named_ref(&mut self, reference: &str, at: &str) -> Result<TypeRef, Error> {
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
    fn type_of(
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
    fn schema_type(
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
    fn map_type(
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

    fn all_of_type(
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

    fn claim(&mut self, hint: &NameHint) -> String {
        match hint {
            NameHint::Reserved(name) => name.clone(),
            // Derived names join a parent's name and a spec word (`Self_` + `Mode`): normalise
            // the joint so the result is still UpperCamelCase (`SelfMode`).
            NameHint::Derive(wanted) => self.type_names.claim(&naming::type_name(wanted)),
        }
    }

    /// A struct with the object's properties as fields, plus a flattened map of the other keys
    /// when `additionalProperties` allows them explicitly.
    fn struct_type(
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

    fn string_enum(
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
    fn string_enum_of(
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

    fn int_enum(
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
    fn int_enum_of(
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
    fn union_type(
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
    fn member_word(&self, member: &ReferenceOr<Schema>, index: usize) -> String {
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

    fn operations(&mut self, doc: &OpenAPI) -> Result<Vec<Operation>, Error> {
        // The client's own methods (and the helpers `impl Client` holds) are taken first.
        let mut method_names = Namespace::with_reserved(naming::CLIENT_METHODS);
        let mut error_names = Namespace::with_reserved(CLIENT_RESERVED);
        let mut out = Vec::new();
        for (path, item) in doc.paths.paths.iter() {
            let item_ptr = pointer_push("#/paths", path);
            let item = self.resolver.object(item, &item_ptr)?;
            for (method, op) in crate::validate::operations(&item.value) {
                let op_ptr = pointer_push(&item_ptr, method);
                let wanted = match &op.operation_id {
                    Some(id) => naming::field_name(id),
                    None => naming::field_name(&format!(
                        "{method} {}",
                        path.split('#').next().unwrap_or(path)
                    )),
                };
                let method_name = method_names.claim(&wanted);
                // Each operation also has a `*_with_response` method; keep that name free.
                method_names.claim(&format!(
                    "{}_with_response",
                    naming::serde_name(&method_name)
                ));
                // And, when it is a paged list, `*_pages`: kept free for every operation, so a
                // name never depends on whether another operation is paged.
                method_names.claim(&format!("{}_pages", naming::serde_name(&method_name)));
                let type_base = naming::type_name(naming::serde_name(&method_name));
                let lowered = self.operation(
                    path,
                    method,
                    op,
                    &item.value.parameters,
                    &op_ptr,
                    &item_ptr,
                    method_name,
                    &type_base,
                    &mut error_names,
                    doc,
                )?;
                out.push(lowered);
            }
        }
        Ok(out)
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        path: &str,
        method: &str,
        op: &openapiv3::Operation,
        shared_params: &[ReferenceOr<openapiv3::Parameter>],
        op_ptr: &str,
        item_ptr: &str,
        method_name: String,
        type_base: &str,
        error_names: &mut Namespace,
        doc: &OpenAPI,
    ) -> Result<Operation, Error> {
        // Path-item parameters apply unless the operation redefines the same name and location.
        let mut params: IndexMap<
            (String, &'static str),
            (openapiv3::ParameterData, ParamLocation, String),
        > = IndexMap::new();
        let mut styles: BTreeMap<String, QueryStyle> = BTreeMap::new();
        let sources = shared_params
            .iter()
            .enumerate()
            .map(|(i, p)| {
                (
                    p,
                    pointer_push(&pointer_push(item_ptr, "parameters"), &i.to_string()),
                )
            })
            .chain(op.parameters.iter().enumerate().map(|(i, p)| {
                (
                    p,
                    pointer_push(&pointer_push(op_ptr, "parameters"), &i.to_string()),
                )
            }));
        for (param, ptr) in sources {
            let resolved = self.resolver.object(param, &ptr)?;
            let (data, location, key) = match resolved.value {
                openapiv3::Parameter::Path { parameter_data, .. } => {
                    (parameter_data, ParamLocation::Path, "path")
                }
                openapiv3::Parameter::Query {
                    parameter_data,
                    style,
                    ..
                } => {
                    let explode = parameter_data.explode.unwrap_or(true);
                    let style = match style {
                        openapiv3::QueryStyle::Form if explode => QueryStyle::Exploded,
                        openapiv3::QueryStyle::Form => QueryStyle::Delimited(','),
                        openapiv3::QueryStyle::SpaceDelimited => QueryStyle::Delimited(' '),
                        openapiv3::QueryStyle::PipeDelimited => QueryStyle::Delimited('|'),
                        openapiv3::QueryStyle::DeepObject => QueryStyle::DeepObject,
                    };
                    styles.insert(parameter_data.name.clone(), style);
                    (parameter_data, ParamLocation::Query, "query")
                }
                openapiv3::Parameter::Header { parameter_data, .. } => {
                    (parameter_data, ParamLocation::Header, "header")
                }
                openapiv3::Parameter::Cookie { parameter_data, .. } => {
                    (parameter_data, ParamLocation::Cookie, "cookie")
                }
            };
            params.insert((data.name.clone(), key), (data, location, resolved.pointer));
        }

        // The `#fragment` some specs add to a path key to tell operations apart is not sent.
        let wire_path = path.split('#').next().unwrap_or(path);
        let mut arg_names = Namespace::with_reserved(&["self", "body"]);
        let mut ir_params = Vec::new();
        let mut path_args: BTreeMap<String, String> = BTreeMap::new();
        // Path parameters first, in the order they appear in the path.
        let mut ordered: Vec<_> = params.into_values().collect();
        ordered.sort_by_key(|(data, location, _)| match location {
            ParamLocation::Path => (
                0,
                wire_path
                    .find(&format!("{{{}}}", data.name))
                    .unwrap_or(usize::MAX),
            ),
            _ => (1, 0),
        });
        for (data, location, ptr) in ordered {
            let name = arg_names.claim(&naming::field_name(&data.name));
            // The method body has locals and helpers of its own; a parameter that would shadow
            // one is read through another binding (its public name stays).
            let local = naming::METHOD_LOCALS
                .contains(&naming::serde_name(&name))
                .then(|| arg_names.claim(&format!("{}_arg", naming::serde_name(&name))));
            let hint = NameHint::Derive(format!("{type_base}{}", naming::type_name(&data.name)));
            let ty = match &data.format {
                ParameterSchemaOrContent::Schema(s) => {
                    self.type_of(s, &pointer_push(&ptr, "schema"), &hint)?.0
                }
                ParameterSchemaOrContent::Content(_) => {
                    self.note(&ptr, "parameter with `content` is sent as a JSON string");
                    TypeRef::Json
                }
            };
            if location == ParamLocation::Path {
                path_args.insert(data.name.clone(), name.clone());
            }
            let style = match location {
                ParamLocation::Query => styles
                    .get(&data.name)
                    .copied()
                    .unwrap_or(QueryStyle::Exploded),
                _ => QueryStyle::Exploded,
            };
            ir_params.push(Param {
                name,
                wire_name: data.name.clone(),
                location,
                ty,
                required: data.required || location == ParamLocation::Path,
                doc: data.description.clone(),
                style,
                in_struct: false,
                local,
            });
        }
        // Many optional parameters read better as a struct with `Default` than as a row of
        // `None`s: from this many on, they move into `{Operation}Params`.
        const PARAMS_STRUCT_FROM: usize = 3;
        let optional = ir_params.iter().filter(|p| !p.required).count();
        let params_type = (optional >= PARAMS_STRUCT_FROM).then(|| {
            for p in ir_params.iter_mut().filter(|p| !p.required) {
                p.in_struct = true;
            }
            arg_names.claim("params");
            error_names.claim(&format!("{type_base}Params"))
        });

        let segments = self.segments(wire_path, &path_args, op_ptr)?;
        let body = match &op.request_body {
            Some(body) => {
                Some(self.request_body(body, &pointer_push(op_ptr, "requestBody"), type_base)?)
            }
            None => None,
        };
        let (mut success, errors) = self.responses(op, op_ptr, type_base)?;
        if !success.variants.is_empty() {
            success.response_type = Some(error_names.claim(&format!("{type_base}Response")));
        }
        let error_type =
            (!errors.is_empty()).then(|| error_names.claim(&format!("{type_base}Error")));
        let authenticated = match (&op.security, &doc.security) {
            (Some(reqs), _) | (None, Some(reqs)) => {
                !reqs.is_empty() && !reqs.iter().all(|r| r.is_empty())
            }
            (None, None) => true,
        };
        let paging = if body.is_none() {
            paging(&ir_params, &success)
        } else {
            None
        };
        Ok(Operation {
            method_name,
            operation_id: op.operation_id.clone(),
            http_method: method.to_uppercase(),
            path: path.to_string(),
            segments,
            summary: op.summary.clone(),
            description: op.description.clone(),
            params: ir_params,
            body,
            success,
            errors,
            error_type,
            params_type,
            authenticated,
            deprecated: op.deprecated,
            paging,
        })
    }

    /// Splits `/a/{id}.json` into segments of literal text and parameter references.
    fn segments(
        &mut self,
        path: &str,
        args: &BTreeMap<String, String>,
        op_ptr: &str,
    ) -> Result<Vec<Vec<PathPart>>, Error> {
        let mut segments = Vec::new();
        for raw in path.split('/').filter(|s| !s.is_empty()) {
            let mut parts = Vec::new();
            let mut rest = raw;
            while let Some(open) = rest.find('{') {
                let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                    break;
                };
                if open > 0 {
                    parts.push(PathPart::Literal(rest[..open].to_string()));
                }
                let name = &rest[open + 1..close];
                let arg = args.get(name).ok_or_else(|| {
                    Error::invalid(
                        op_ptr,
                        format!("path parameter `{name}` is not declared in `parameters`"),
                    )
                })?;
                parts.push(PathPart::Param(arg.clone()));
                rest = &rest[close + 1..];
            }
            if !rest.is_empty() {
                parts.push(PathPart::Literal(rest.to_string()));
            }
            segments.push(parts);
        }
        Ok(segments)
    }

    fn request_body(
        &mut self,
        body: &ReferenceOr<openapiv3::RequestBody>,
        pointer: &str,
        type_base: &str,
    ) -> Result<ir::Body, Error> {
        let resolved = self.resolver.object(body, pointer)?;
        let (media_type, payload) = self.content(
            &resolved.value.content,
            &resolved.pointer,
            &format!("{type_base}Body"),
        )?;
        Ok(ir::Body {
            media_type: media_type.unwrap_or_else(|| "application/octet-stream".into()),
            payload: if payload == Payload::None {
                Payload::Bytes
            } else {
                payload
            },
            required: resolved.value.required,
            doc: resolved.value.description.clone(),
        })
    }

    /// Picks one media type of a `content` map: JSON if offered, then text, then raw bytes.
    fn content(
        &mut self,
        content: &IndexMap<String, openapiv3::MediaType>,
        pointer: &str,
        name: &str,
    ) -> Result<(Option<String>, Payload), Error> {
        let is_json = |m: &str| {
            let m = m.split(';').next().unwrap_or(m).trim();
            m == "application/json" || m.ends_with("+json") || m == "*/*"
        };
        let chosen = content
            .iter()
            .find(|(m, _)| is_json(m))
            .or_else(|| content.iter().find(|(m, _)| m.starts_with("text/")))
            .or_else(|| content.first());
        let Some((media, entry)) = chosen else {
            return Ok((None, Payload::None));
        };
        // Several media types: the rule above (JSON, then text, then the first) picks one; the
        // README documents it, so it is not worth a warning each time.
        let entry_ptr = pointer_push(&pointer_push(pointer, "content"), media);
        let payload = if is_json(media) {
            match &entry.schema {
                Some(schema) => {
                    let hint = NameHint::Derive(name.to_string());
                    let ty = self
                        .type_of(schema, &pointer_push(&entry_ptr, "schema"), &hint)?
                        .0;
                    self.media_examples(entry, &entry_ptr, &ty)?;
                    Payload::Json(ty)
                }
                None => Payload::Json(TypeRef::Json),
            }
        } else if media.starts_with("text/") {
            Payload::Text
        } else if media == "application/x-www-form-urlencoded" {
            match &entry.schema {
                Some(schema) => {
                    let hint = NameHint::Derive(name.to_string());
                    Payload::Form(
                        self.type_of(schema, &pointer_push(&entry_ptr, "schema"), &hint)?
                            .0,
                    )
                }
                None => Payload::Bytes,
            }
        } else if media.starts_with("multipart/") {
            Payload::Multipart
        } else {
            Payload::Bytes
        };
        Ok((Some(media.clone()), payload))
    }

    /// A media type's `example` and `examples` (each `value`, references followed).
    fn media_examples(
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
            if let Some(value) = resolved.value.value {
                self.examples.push(ir::Example {
                    pointer: pointer_push(&resolved.pointer, "value"),
                    composed_from: Vec::new(),
                    ty: ty.clone(),
                    value,
                    deviation: None,
                });
            }
        }
        Ok(())
    }

    fn responses(
        &mut self,
        op: &openapiv3::Operation,
        op_ptr: &str,
        type_base: &str,
    ) -> Result<(ir::Success, Vec<ir::ErrorCase>), Error> {
        let responses_ptr = pointer_push(op_ptr, "responses");
        let mut entries: Vec<(Status, &ReferenceOr<openapiv3::Response>, String)> = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| {
                let (status, key) = match code {
                    StatusCode::Code(c) => (Status::Code(*c), c.to_string()),
                    StatusCode::Range(r) => (Status::Range(*r), format!("{r}XX")),
                };
                (status, r, pointer_push(&responses_ptr, &key))
            })
            .collect();
        if let Some(default) = &op.responses.default {
            entries.push((
                Status::Default,
                default,
                pointer_push(&responses_ptr, "default"),
            ));
        }

        let mut successes: Vec<(Status, Payload, Option<String>)> = Vec::new();
        let mut errors = Vec::new();
        let mut variants = Namespace::default();
        for (status, response, ptr) in entries {
            let resolved = self.resolver.object(response, &ptr)?;
            let is_success = match status {
                Status::Code(c) => (200..300).contains(&c),
                Status::Range(r) => r == 2,
                Status::Default => false,
            };
            let role = if is_success {
                "Response".to_string()
            } else {
                naming::status_variant(&status)
            };
            let (_, payload) = self.content(
                &resolved.value.content,
                &resolved.pointer,
                &format!("{type_base}{role}"),
            )?;
            // Form and multipart are request encodings; such a response is read as bytes.
            let payload = match payload {
                Payload::Form(_) | Payload::Multipart => Payload::Bytes,
                other => other,
            };
            if is_success {
                successes.push((
                    status,
                    payload,
                    Some(resolved.value.description.clone()).filter(|d| !d.is_empty()),
                ));
            } else {
                errors.push(ir::ErrorCase {
                    status,
                    variant: variants.claim(&naming::status_variant(&status)),
                    payload,
                    doc: Some(resolved.value.description.clone()).filter(|d| !d.is_empty()),
                });
            }
        }

        let bodies: Vec<&Payload> = successes
            .iter()
            .map(|(_, p, _)| p)
            .filter(|p| **p != Payload::None)
            .collect();
        let mut variants = Vec::new();
        let (payload, optional) = match bodies.as_slice() {
            [] => (Payload::None, false),
            [first, rest @ ..] if rest.iter().all(|p| p == first) => {
                ((*first).clone(), bodies.len() < successes.len())
            }
            // Different bodies per status: an enum with a variant per status says which came.
            _ => {
                let mut names = Namespace::default();
                for (status, payload, doc) in &successes {
                    variants.push(ir::SuccessVariant {
                        status: *status,
                        name: names.claim(&naming::status_variant(status)),
                        payload: payload.clone(),
                        doc: doc.clone(),
                    });
                }
                (Payload::None, false)
            }
        };
        let success = ir::Success {
            statuses: successes.iter().map(|(s, _, _)| *s).collect(),
            payload,
            optional,
            variants,
            response_type: None,
        };
        Ok((success, errors))
    }

    fn auth(&mut self, doc: &OpenAPI, settings: &Settings) -> Option<ir::Auth> {
        let schemes = &doc.components.as_ref()?.security_schemes;
        // The schemes the document requires globally, else any it defines, in order.
        let required: Vec<&String> = doc
            .security
            .iter()
            .flatten()
            .flat_map(|r| r.keys())
            .collect();
        let candidates: Vec<(&String, &ReferenceOr<openapiv3::SecurityScheme>)> =
            if required.is_empty() {
                schemes.iter().collect()
            } else {
                schemes
                    .iter()
                    .filter(|(name, _)| required.contains(name))
                    .collect()
            };
        for (name, scheme) in candidates {
            let ptr = pointer_push("#/components/securitySchemes", name);
            let Ok(resolved) = self.resolver.object(scheme, &ptr) else {
                continue;
            };
            match resolved.value {
                openapiv3::SecurityScheme::APIKey { location: openapiv3::APIKeyLocation::Header, name, description, .. } => {
                    return Some(ir::Auth::ApiKeyHeader { header: name, prefix: settings.auth_prefix.clone(), description });
                }
                openapiv3::SecurityScheme::APIKey { location: openapiv3::APIKeyLocation::Query, name, description, .. } => {
                    return Some(ir::Auth::ApiKeyQuery { param: name, description });
                }
                openapiv3::SecurityScheme::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("bearer") => {
                    return Some(ir::Auth::Bearer { description });
                }
                _ => self.note(&ptr, "security scheme not applied by the client; add credentials with your own reqwest::Client"),
            }
        }
        None
    }
}

/// A schema's own example, or one written in an annotation-only `allOf` member, with where it is.
fn annotation_example(schema: &Schema, pointer: &str) -> Option<(serde_json::Value, String)> {
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

/// Whether a number `default` fits the field's Rust type (other values are left to the
/// emitter, which fills in only the defaults it can write).
fn fits(ty: &TypeRef, value: &serde_json::Value) -> bool {
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
struct Label {
    name: Option<String>,
    doc: Option<String>,
}

/// Every member of a `oneOf`/`anyOf` is one constant: an enum after all.
enum Consts {
    Strings(Vec<(String, Label)>),
    Ints(Vec<(i64, Label)>),
}

impl Lowerer<'_, '_, '_> {
    /// The members' constants with their `title`s and `description`s, when every member
    /// (inline or referenced) is a single-value enum of one JSON type (`const` was normalised
    /// into a one-value `enum`).
    fn const_members(
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

/// Names and docs for the values of a plain `enum`, from the extensions code generators agree
/// on: `x-enum-varnames` or `x-enumNames` (names), `x-enum-descriptions` (docs), each a list in
/// value order. Lists of the wrong length are ignored.
fn enum_labels(data: &openapiv3::SchemaData, count: usize) -> Vec<Label> {
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
fn type_word(ty: &TypeRef) -> &'static str {
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

/// A name derived from a hint: `ClipIdRenditions` + `Item`.
fn derive(hint: &NameHint, suffix: &str) -> NameHint {
    match hint {
        NameHint::Reserved(base) | NameHint::Derive(base) => {
            NameHint::Derive(format!("{base}{suffix}"))
        }
    }
}

fn join_docs(first: Option<&str>, second: &str) -> String {
    match first {
        Some(first) if !first.trim().is_empty() => format!("{first}\n\n{second}"),
        _ => second.to_string(),
    }
}

/// An operation (without a request body) is a page-numbered list when it takes an integer query
/// parameter named `page` and its one success body is a JSON array: the shape of every paged list in the Gcore
/// Streaming API (`GET /streaming/streams`, `/videos`, `/players`...). Lists whose body is an
/// object (a `results` array beside a count) are not walked: where the items are and when they
/// end is not something the spec says.
fn paging(params: &[Param], success: &Success) -> Option<Paging> {
    let page = params.iter().find(|p| {
        p.location == ParamLocation::Query && p.wire_name == "page" && p.ty == TypeRef::I64
    })?;
    match (&success.payload, &success.response_type, success.optional) {
        (Payload::Json(TypeRef::Vec(item)), None, false) => Some(Paging {
            param: page.name.clone(),
            item: (**item).clone(),
        }),
        _ => None,
    }
}
