//! Pass 7: the resolved, merged spec → the IR. The only pass that reads both `openapiv3` types
//! and writes IR; every name it produces comes from `naming`.
//!
//! Component schemas are named first, all of them, before anything is converted: a reference
//! can then be turned into a type name whether its target comes earlier, later, or is the schema
//! being converted (recursion). Inline schemas that need a name (objects, enums) get one from
//! their context: parent type + property, or operation + role.
//!
//! One `Lowerer` walks the document; its methods are split by concern: this module names the
//! components and holds the state, `schema` turns schemas into types, `enums` makes the
//! enumerations and unions, `operation` the operations, `examples` gathers the examples, `auth`
//! reads the security schemes and requirements.

use crate::error::{pointer_push, Error, Note};
use crate::ir::{
    self, Api, Field, Operation, Paging, Param, ParamLocation, PathPart, Payload, QueryStyle,
    Resource, Status, TypeDef, TypeId, TypeKind, TypeRef,
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

mod alternatives;
mod auth;
mod body;
mod enums;
mod examples;
mod headers;
mod links;
mod operation;
mod paging;
mod params;
mod path;
mod resources;
mod responses;
mod schema;
pub mod struct_methods;
mod tuples;
mod webhooks;

use examples::annotation_example;

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
        slots: BTreeMap::new(),
        // The models module writes these std types unqualified: a schema named `String` or
        // `Option` must not shadow them.
        type_names: Namespace::with_reserved(naming::reserved::MODEL_TYPES),
        components: BTreeMap::new(),
        inline_refs: BTreeMap::new(),
        shared: BTreeMap::new(),
        expanding: Vec::new(),
        examples: Vec::new(),
        typed_formats: settings.typed_formats,
    };
    l.name_components(doc, settings)?;
    l.components(doc)?;
    // The client's own methods (and the helpers `impl Client` holds) are taken first, then the
    // credential setters, then the operations.
    let mut methods = Namespace::with_reserved(naming::reserved::CLIENT_METHODS);
    let security = l.security(doc, settings, &mut methods);
    let (operations, resources) = l.operations(doc, &mut methods, &security, settings)?;
    let webhooks = l.webhooks(doc)?;
    l.type_examples();
    // The same example can be reached twice (a `$ref`ed example used by two operations): it is
    // one test.
    let mut seen: BTreeMap<String, Vec<TypeRef>> = BTreeMap::new();
    l.examples.retain(|e| {
        let types = seen.entry(e.pointer.clone()).or_default();
        let first = !types.contains(&e.ty);
        if first {
            types.push(e.ty.clone());
        }
        first
    });
    let base_url = doc.servers.first().map(server_url).unwrap_or_default();
    let mut api = Api {
        // Labels, written into sentences of the docs: one line each, whatever the spec wrote.
        title: naming::one_line(&doc.info.title),
        description: doc.info.description.clone(),
        version: naming::one_line(&doc.info.version),
        base_url,
        default_security: security.default_requirements(doc),
        security: security.schemes,
        types: l.types.into_iter().flatten().collect(),
        operations,
        resources,
        examples: l.examples,
        webhooks,
    };
    api.resolve_type_ids()?;
    Ok(api)
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
    /// The slot of each type defined so far, by name.
    slots: BTreeMap<String, usize>,
    type_names: Namespace,
    /// Component schema pointer → Rust type name.
    components: BTreeMap<String, String>,
    /// Types made for `$ref`s to schemas outside `#/components/schemas`, by target pointer,
    /// so a target referenced twice is lowered once.
    inline_refs: BTreeMap<String, TypeRef>,
    /// The shared properties of alternatives beside `properties`, by pointer, lowered once
    /// for all the alternatives' structs (see `alternatives`).
    shared: BTreeMap<String, (TypeRef, bool)>,
    /// The choices being expanded into unions (their pointers), innermost last.
    expanding: Vec<String>,
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
                    (TypeRef::Json, _) => schema::with_not_doc(doc, &resolved.value),
                    (TypeRef::Named(target), Some(_)) => Some(join_docs(
                        doc.as_deref(),
                        &format!("`{type_name}` is a [`{}`]: the spec declares it as `allOf` of that schema plus annotations.", target.name),
                    )),
                    _ => doc,
                };
                // An alias's example may sit in an annotation member (`notfound`'s does).
                let example = annotation_example(&resolved.value, &pointer);
                if let Some((value, at)) = &example {
                    self.examples.push(ir::Example {
                        pointer: at.clone(),
                        composed_from: Vec::new(),
                        ty: TypeRef::Named(TypeId::named(type_name.clone())),
                        value: value.clone(),
                        deviation: None,
                    });
                }
                let def = TypeDef {
                    name: type_name,
                    source: pointer,
                    doc,
                    example: example.map(|(value, _)| value),
                    kind: TypeKind::Alias {
                        target: ty,
                        newtype: false,
                    },
                    direction: ir::Direction::Both,
                };
                self.place(slot, def);
            }
        }
        Ok(())
    }

    /// Fills a reserved slot with the type `name` made from `schema` (at `pointer`).
    fn define(&mut self, slot: usize, name: &str, schema: &Schema, pointer: &str, kind: TypeKind) {
        let data = &schema.schema_data;
        let def = TypeDef {
            name: name.to_string(),
            source: pointer.to_string(),
            doc: data.description.clone().or(data.title.clone()),
            example: data.example.clone(),
            kind,
            direction: ir::Direction::Both,
        };
        self.place(slot, def);
    }

    /// Puts `def` in its reserved slot.
    fn place(&mut self, slot: usize, def: TypeDef) {
        self.slots.insert(def.name.clone(), slot);
        self.types[slot] = Some(def);
    }

    /// The type a reference names, once it is defined (references are placed in
    /// [`Api::types`] only when lowering ends: see [`Api::resolve_type_ids`]).
    fn defined(&self, id: &TypeId) -> Option<&TypeDef> {
        self.types[*self.slots.get(&id.name)?].as_ref()
    }

    fn reserve(&mut self) -> usize {
        self.types.push(None);
        self.types.len() - 1
    }

    fn claim(&mut self, hint: &NameHint) -> String {
        match hint {
            NameHint::Reserved(name) => name.clone(),
            // Derived names join a parent's name and a spec word (`Self_` + `Mode`): normalise
            // the joint so the result is still UpperCamelCase (`SelfMode`).
            NameHint::Derive(wanted) => self.type_names.claim(&naming::type_name(wanted)),
        }
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

pub(super) fn join_docs(first: Option<&str>, second: &str) -> String {
    match first {
        Some(first) if !first.trim().is_empty() => format!("{first}\n\n{second}"),
        _ => second.to_string(),
    }
}
