//! Enumerations and unions: string and integer enums (named from the values, `x-enum-*` or,
//! for a `oneOf` of `const`s, the members' titles) and `oneOf`/`anyOf` unions (discriminated
//! or untagged).

use super::{
    ir, merge, naming, pointer_push, Error, Lowerer, Merged, NameHint, Namespace, ReferenceOr,
    Schema, SchemaKind, Type, TypeId, TypeKind, TypeRef,
};

impl Lowerer<'_, '_, '_> {
    pub(super) fn string_enum(
        &mut self,
        schema: &Schema,
        values: &[String],
        pointer: &str,
        hint: &NameHint,
        slot: Option<usize>,
    ) -> TypeRef {
        let values = labelled(&schema.schema_data, values);
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
        let variants = variants(values, String::clone)
            .map(|(name, value, doc)| ir::Variant { name, value, doc })
            .collect();
        self.define_enum(schema, pointer, hint, slot, TypeKind::Enum { variants })
    }

    pub(super) fn int_enum(
        &mut self,
        schema: &Schema,
        values: &[i64],
        pointer: &str,
        hint: &NameHint,
        slot: Option<usize>,
    ) -> TypeRef {
        let values = labelled(&schema.schema_data, values);
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
        let word = |value: &i64| match *value < 0 {
            true => format!("minus {}", value.unsigned_abs()),
            false => format!("value {value}"),
        };
        let variants = variants(values, word)
            .map(|(name, value, doc)| ir::IntVariant { name, value, doc })
            .collect();
        self.define_enum(schema, pointer, hint, slot, TypeKind::IntEnum { variants })
    }

    /// Claims an enum's name and defines it (in `slot` when its place was reserved).
    fn define_enum(
        &mut self,
        schema: &Schema,
        pointer: &str,
        hint: &NameHint,
        slot: Option<usize>,
        kind: TypeKind,
    ) -> TypeRef {
        let name = self.claim(hint);
        let slot = slot.unwrap_or_else(|| self.reserve());
        self.define(slot, &name, schema, pointer, kind);
        TypeRef::Named(TypeId::named(name))
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
        let mut variant_names = Namespace::with_reserved(naming::reserved::ENUM_VARIANTS);
        let mut variants = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let member_ptr = pointer_push(&pointer_push(pointer, keyword), &i.to_string());
            let member_hint = NameHint::Derive(format!("{name}{}", self.member_word(member, i)));
            let (ty, _) = self.type_of(member, &member_ptr, &member_hint)?;
            let tags = match discriminator {
                Some(d) => self.member_tags(d, member, &member_ptr)?,
                None => Vec::new(),
            };
            // A referenced type names its variant; an inline one is named by what it is.
            let wanted = match (member, &ty) {
                (ReferenceOr::Reference { .. }, TypeRef::Named(n)) => n.name.clone(),
                (ReferenceOr::Item(_), TypeRef::Named(_)) => self.member_word(member, i),
                (_, other) => type_word(other).to_string(),
            };
            variants.push(ir::UnionVariant {
                name: variant_names.claim(&wanted),
                ty,
                tags,
                boxed: false,
                untried: false,
                default: false,
            });
        }
        let declared = discriminator;
        let discriminator =
            self.union_discriminator(declared, &mut variants, members, keyword, pointer)?;
        if let Some(target) = declared.and_then(crate::adapter::shape::default_mapping) {
            let at = pointer_push(pointer, "discriminator");
            self.default_variant(target, discriminator.is_some(), &mut variants, members, &at);
        }
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
        Ok(TypeRef::Named(TypeId::named(name)))
    }

    /// The property that chooses the variant: the declared discriminator's when every variant
    /// has a tag, else one the members show (their tags set here), else none (tried in order).
    pub(super) fn union_discriminator(
        &mut self,
        declared: Option<&openapiv3::Discriminator>,
        variants: &mut [ir::UnionVariant],
        members: &[ReferenceOr<Schema>],
        keyword: &str,
        pointer: &str,
    ) -> Result<Option<String>, Error> {
        Ok(match declared {
            Some(d) if variants.iter().all(|v| !v.tags.is_empty()) => Some(d.property_name.clone()),
            Some(_) => {
                self.note(pointer, "discriminator with inline alternatives: the variant is chosen by trying each in order");
                None
            }
            None => match self.shown_discriminator(members, keyword, pointer)? {
                Some((property, values)) => {
                    for (variant, value) in variants.iter_mut().zip(values) {
                        variant.tags = vec![value];
                    }
                    Some(property)
                }
                None => None,
            },
        })
    }

    /// Marks the member 3.2's `defaultMapping` (`target`, a reference or a schema name) names as
    /// the variant a value decodes into when its discriminator is absent or names no variant.
    fn default_variant(
        &mut self,
        target: &str,
        by_tag: bool,
        variants: &mut [ir::UnionVariant],
        members: &[ReferenceOr<Schema>],
        at: &str,
    ) {
        if !by_tag {
            return self.note(
                at,
                "`defaultMapping` is not used: the variant is chosen by trying each in order",
            );
        }
        let named = members.iter().position(|member| {
            matches!(member, ReferenceOr::Reference { reference } if names(target, reference))
        });
        match named {
            Some(i) => variants[i].default = true,
            None => self.note(at, "`defaultMapping` names no member of the union: a value whose discriminator names none decodes as `Unknown`"),
        }
    }

    /// The discriminator values that choose `member` (at `at`): those the `mapping` maps to it,
    /// and the one value its discriminator property allows when it allows one (OpenAI writes
    /// `type: {enum: [file_citation]}` in each member and no mapping: the implicit value, the
    /// schema's name, is never sent); else, for a reference, the schema's name.
    pub(super) fn member_tags(
        &self,
        discriminator: &openapiv3::Discriminator,
        member: &ReferenceOr<Schema>,
        at: &str,
    ) -> Result<Vec<String>, Error> {
        let pinned = self.pinned_value(member, at, &discriminator.property_name)?;
        let ReferenceOr::Reference { reference } = member else {
            return Ok(pinned.into_iter().collect());
        };
        let mapped = mapped_tags(discriminator, reference);
        Ok(match (pinned, mapped.is_empty()) {
            (Some(value), true) => vec![value],
            (Some(value), false) if !mapped.contains(&value) => {
                mapped.into_iter().chain([value]).collect()
            }
            (_, false) => mapped,
            (None, true) => vec![crate::error::pointer_unescape(
                reference.rsplit('/').next().unwrap_or_default(),
            )],
        })
    }

    /// The one string value the object schema `member` allows for its `property` (a one-value
    /// string `enum`, or `const`, directly or through `allOf`), if it allows one.
    fn pinned_value(
        &self,
        member: &ReferenceOr<Schema>,
        at: &str,
        property: &str,
    ) -> Result<Option<String>, Error> {
        Ok(self
            .pinned_properties(member, at, 0)?
            .into_iter()
            .find_map(|(name, value, _)| (name == property).then_some(value)))
    }

    /// Each property of the object schema `member` (directly or through `allOf`) that allows
    /// one string value only, with that value and whether it is required, in property order.
    fn pinned_properties(
        &self,
        member: &ReferenceOr<Schema>,
        at: &str,
        depth: usize,
    ) -> Result<Vec<(String, String, bool)>, Error> {
        let resolved = self.resolver.schema(member, at)?;
        let schema = &*resolved.value;
        let listed = |properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
                      required: &[String]| {
            properties
                .iter()
                .map(|(name, p)| (name.clone(), merge::unbox(p), required.contains(name)))
                .collect()
        };
        let properties: Vec<(String, ReferenceOr<Schema>, bool)> = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => listed(&o.properties, &o.required),
            SchemaKind::Any(a) => listed(&a.properties, &a.required),
            _ if merge::all_of(schema).is_some() => {
                // Merged apart from the lowering (its notes are the lowering's to give).
                let mut ignored = Vec::new();
                match merge::merge(self.resolver, schema, &resolved.pointer, &mut ignored) {
                    Ok(Merged::Object(object)) => {
                        let required = object.required;
                        object
                            .properties
                            .into_iter()
                            .map(|(name, p)| {
                                let is_required = required.contains(&name);
                                (name, p.schema, is_required)
                            })
                            .collect()
                    }
                    // `{$ref, description}` (3.1's annotated reference): the referenced schema's.
                    Ok(Merged::Annotated { target, pointer }) if depth < 8 => {
                        return self.pinned_properties(&target, &pointer, depth + 1);
                    }
                    _ => Vec::new(),
                }
            }
            _ => Vec::new(),
        };
        let mut pinned = Vec::new();
        for (name, property, required) in properties {
            let value = self.resolver.schema(&property, at)?;
            if let SchemaKind::Type(Type::String(s)) = &value.value.schema_kind {
                if let [Some(only)] = s.enumeration.as_slice() {
                    pinned.push((name, only.clone(), required));
                }
            }
        }
        Ok(pinned)
    }

    /// A discriminator the members show without declaring one: a property every member requires
    /// and pins to a value of its own (`type: {enum: [text]}`, `type: {enum: [image]}`), with
    /// those values as the members' tags. Tried in order instead, the first member whose other fields are all
    /// optional would take every value (its pinned enum keeps unknown values).
    fn shown_discriminator(
        &self,
        members: &[ReferenceOr<Schema>],
        keyword: &str,
        pointer: &str,
    ) -> Result<Option<(String, Vec<String>)>, Error> {
        let mut pinned = Vec::with_capacity(members.len());
        for (i, member) in members.iter().enumerate() {
            let at = pointer_push(&pointer_push(pointer, keyword), &i.to_string());
            pinned.push(self.pinned_properties(member, &at, 0)?);
        }
        let Some((first, rest)) = pinned.split_first() else {
            return Ok(None);
        };
        for (property, _, _) in first {
            let values: Option<Vec<String>> = pinned
                .iter()
                .map(|p| {
                    p.iter()
                        .find(|(n, _, required)| n == property && *required)
                        .map(|(_, v, _)| v.clone())
                })
                .collect();
            let Some(values) = values else {
                continue;
            };
            let distinct: std::collections::BTreeSet<&String> = values.iter().collect();
            if !rest.is_empty() && distinct.len() == values.len() {
                return Ok(Some((property.clone(), values)));
            }
        }
        Ok(None)
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
        // A member `normalize` made of one type of a 3.1 type list is named after its type.
        if let Some(word) = crate::adapter::shape::member_word(&schema.schema_data) {
            return naming::type_name(word);
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

/// The discriminator values its `mapping` maps to the member `reference`.
fn mapped_tags(discriminator: &openapiv3::Discriminator, reference: &str) -> Vec<String> {
    discriminator
        .mapping
        .iter()
        .filter(|(_, target)| names(target, reference))
        .map(|(tag, _)| tag.clone())
        .collect()
}

/// Whether a discriminator's mapping value (`mapping`'s, `defaultMapping`) names the member
/// `reference`: by pointer, or by the last segment (a schema name).
fn names(target: &str, reference: &str) -> bool {
    target == reference || target.rsplit('/').next() == reference.rsplit('/').next()
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

/// The values of a plain `enum`, each with its name and doc from the `x-enum-*` extensions.
fn labelled<T: Clone>(data: &openapiv3::SchemaData, values: &[T]) -> Vec<(T, Label)> {
    values
        .iter()
        .cloned()
        .zip(enum_labels(data, values.len()))
        .collect()
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

/// An enum's variants: each value once (a value listed twice is one variant, a second would be
/// a dead match arm), named from its label, else from `word`, in one namespace that starts
/// with `Unknown` (the catch-all for values added to the API after generation).
fn variants<'v, V: Ord + Clone>(
    values: &'v [(V, Label)],
    word: impl Fn(&V) -> String + 'v,
) -> impl Iterator<Item = (String, V, Option<String>)> + 'v {
    let mut names = Namespace::with_reserved(naming::reserved::ENUM_VARIANTS);
    let mut seen = std::collections::BTreeSet::new();
    values
        .iter()
        .filter(move |(value, _)| seen.insert(value.clone()))
        .map(move |(value, label)| {
            let word = label.name.clone().unwrap_or_else(|| word(value));
            (
                names.claim(&naming::type_name(&word)),
                value.clone(),
                label.doc.clone(),
            )
        })
}
