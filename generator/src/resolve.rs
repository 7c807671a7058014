//! Pass 5: `$ref` lookup by JSON pointer, for every kind of object a reference can name.
//!
//! `openapiv3`'s own helpers panic on a missing target and follow only `#/components/schemas/..`.
//! This resolver follows any local pointer (`~0`/`~1` and percent escapes decoded), follows
//! chains of references, reports a missing target or a reference loop as an error at the place
//! the reference is written, and never panics.

use crate::error::{pointer_unescape, Error};

mod pointer;

pub(crate) use crate::error::percent_decode;
use openapiv3::{
    Components, Example, Header, Link, OpenAPI, Parameter, PathItem, ReferenceOr, RequestBody,
    Response, Schema, SecurityScheme,
};
pub use pointer::{detour_note, lookup, lookup_through};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

/// A value found through zero or more references, with the pointer where it really lives.
#[derive(Debug, Clone)]
pub struct Resolved<'x, T: Clone> {
    /// Where the value is defined (the reference's target, or where it was written inline).
    pub pointer: String,
    /// The value itself: borrowed from the typed document when it is there, parsed from the
    /// tree's piece when a reference points somewhere the typed document has no name for.
    pub value: Cow<'x, T>,
}

/// A kind of object `#/components` holds by name. The resolver takes a reference to one from
/// the typed document instead of parsing the tree's copy at every use.
pub trait Component: DeserializeOwned + Clone {
    /// The component named `name` in this kind's section, if the document has one.
    fn component<'d>(_components: &'d Components, _name: &str) -> Option<&'d ReferenceOr<Self>> {
        None
    }
    /// This kind's section under `#/components` (`None` for kinds `components` cannot hold).
    const SECTION: Option<&'static str> = None;
}

/// The kinds the typed document holds by name, listed once: their `Component` impls, and the
/// two questions the resolver asks of a pointer it was given as text.
macro_rules! components {
    ($($ty:ty => $section:literal, $field:ident;)*) => {
        $(impl Component for $ty {
            const SECTION: Option<&'static str> = Some($section);
            fn component<'d>(c: &'d Components, name: &str) -> Option<&'d ReferenceOr<Self>> {
                c.$field.get(name)
            }
        })*

        /// Whether `c` has the component named `name` in `section`.
        fn has_component(c: &Components, section: &str, name: &str) -> bool {
            match section {
                $($section => c.$field.contains_key(name),)*
                _ => false,
            }
        }

        /// The component named `name` in `section`, written back as a value.
        fn component_value(c: &Components, section: &str, name: &str) -> Option<Value> {
            match section {
                $($section => serde_json::to_value(c.$field.get(name)?).ok(),)*
                _ => None,
            }
        }
    };
}

components! {
    Parameter => "parameters", parameters;
    Response => "responses", responses;
    RequestBody => "requestBodies", request_bodies;
    Header => "headers", headers;
    Example => "examples", examples;
    SecurityScheme => "securitySchemes", security_schemes;
    Link => "links", links;
}
impl Component for PathItem {}
impl Component for Schema {}

/// Looks up references: in the typed document for components, and in the pieces of the
/// normalised tree that references point at for the rest.
pub struct Resolver<'a> {
    doc: &'a OpenAPI,
    /// The tree's pieces `$ref`s point into that the typed document does not answer by name
    /// (`#/paths/...`, a property inside a component schema), each outermost piece once; a
    /// piece inside another is found from it. The rest of the tree is dropped once the typed
    /// document is built, so lowering does not hold the spec twice.
    pieces: BTreeMap<String, Value>,
    /// Component schemas are looked up constantly; they are taken from the typed document
    /// instead of being deserialized from the tree on every use.
    schemas: BTreeMap<String, &'a ReferenceOr<Schema>>,
    /// Component schema pointer → the component its chain of references ends at, so that a
    /// chain is walked once however many schemas refer into it (linear, not quadratic).
    chain_ends: RefCell<BTreeMap<String, String>>,
}

impl<'a> Resolver<'a> {
    /// A resolver for `doc`, keeping the pieces of `tree` (the normalised tree `doc` was parsed
    /// from) that references point at and `doc` cannot answer. A reference whose pointer walks
    /// through another `$ref` (`#/components/schemas/A/properties/b` where `A` is a `$ref`)
    /// is followed, as the tools that publish such pointers do, with a note.
    pub fn new(tree: &Value, doc: &'a OpenAPI, notes: &mut Vec<crate::error::Note>) -> Self {
        let schemas: BTreeMap<String, &'a ReferenceOr<Schema>> = doc
            .components
            .iter()
            .flat_map(|c| c.schemas.iter())
            .map(|(name, schema)| {
                (
                    crate::error::pointer_push("#/components/schemas", name),
                    schema,
                )
            })
            .collect();
        let mut targets = BTreeSet::new();
        collect_targets(tree, &mut targets);
        let mut pieces: BTreeMap<String, Value> = BTreeMap::new();
        // A pointer sorts before the pointers inside it (a prefix first), so an outer piece is
        // kept before the pieces inside it would be.
        for target in targets {
            if schemas.contains_key(&target) || typed_component(doc, &target) {
                continue;
            }
            if outermost_piece(&pieces, &target).is_some() {
                continue;
            }
            if let Some((value, via)) = lookup_through(tree, &target) {
                if !via.is_empty() {
                    notes.push(detour_note(&target, &via));
                }
                pieces.insert(target, value.clone());
            }
        }
        Resolver {
            doc,
            pieces,
            schemas,
            chain_ends: RefCell::new(BTreeMap::new()),
        }
    }

    /// Whether a `$ref` points into this document.
    pub fn is_local(reference: &str) -> bool {
        crate::error::is_local_ref(reference)
    }

    /// The pointer a `$ref` names, checked to be local. `at` is where the `$ref` is written.
    pub fn target(reference: &str, at: &str) -> Result<String, Error> {
        if Self::is_local(reference) {
            Ok(percent_decode(reference))
        } else {
            Err(Error::ExternalRef {
                pointer: at.to_string(),
                target: reference.to_string(),
            })
        }
    }

    /// The raw value at a local JSON pointer (`#/a/b`) some `$ref` names, if there is one: a
    /// kept piece of the tree, or a component of the typed document written back as a value
    /// (for a reference to a component of another kind than the one wanted).
    fn lookup(&self, pointer: &str) -> Option<Cow<'_, Value>> {
        if let Some((at, piece)) = outermost_piece(&self.pieces, pointer) {
            let rest = format!("#{}", &pointer[at.len()..]);
            return lookup(piece, &rest).map(Cow::Borrowed);
        }
        let value = match self.schemas.get(pointer) {
            Some(schema) => serde_json::to_value(schema).ok(),
            None => {
                let (section, name) = component_name(pointer)?;
                component_value(self.doc.components.as_ref()?, section, &name)
            }
        };
        value.map(Cow::Owned)
    }

    /// Resolves a schema, following reference chains. `at` is where `item` is written.
    ///
    /// Every `$ref` is local here: the bundle pass has made the other files' targets local, and
    /// replaced a schema `$ref` it could not follow with the empty schema (and a note). One
    /// that is not is an [`Error::ExternalRef`], never a panic.
    pub fn schema<'x>(
        &'x self,
        item: &'x ReferenceOr<Schema>,
        at: &str,
    ) -> Result<Resolved<'x, Schema>, Error> {
        let mut seen = vec![at.to_string()];
        let mut seen_set = std::collections::BTreeSet::from([at.to_string()]);
        // The component pointers passed through, whose chain end is learnt at the end.
        let mut passed: Vec<String> = Vec::new();
        let mut current = item;
        let mut here = at.to_string();
        loop {
            match current {
                ReferenceOr::Item(schema) => {
                    let mut ends = self.chain_ends.borrow_mut();
                    for component in passed {
                        ends.insert(component, here.clone());
                    }
                    return Ok(Resolved {
                        pointer: here,
                        value: Cow::Borrowed(schema),
                    });
                }
                ReferenceOr::Reference { reference } => {
                    let target = Self::target(reference, &here)?;
                    // A chain already walked: jump to its end.
                    let known_end = self.chain_ends.borrow().get(&target).cloned();
                    let target = match known_end {
                        Some(end) if self.schemas.contains_key(&end) => {
                            passed.push(target);
                            end
                        }
                        _ => target,
                    };
                    if !seen_set.insert(target.clone()) {
                        return Err(ref_loop(at, &seen, &target));
                    }
                    seen.push(target.clone());
                    match self.schemas.get(&target) {
                        Some(next) => {
                            passed.push(target.clone());
                            current = next;
                            here = target;
                        }
                        // Not a component schema: a pointer into some other part of the tree.
                        None => return self.deserialize_at(&target, reference, &here),
                    }
                }
            }
        }
    }

    /// Resolves any other referenceable object (path item, parameter, response, request body,
    /// header, example, security scheme), following reference chains.
    pub fn object<'x, T: Component>(
        &'x self,
        item: &'x ReferenceOr<T>,
        at: &str,
    ) -> Result<Resolved<'x, T>, Error> {
        match item {
            ReferenceOr::Item(value) => Ok(Resolved {
                pointer: at.to_string(),
                value: Cow::Borrowed(value),
            }),
            ReferenceOr::Reference { reference } => {
                let target = Self::target(reference, at)?;
                self.deserialize_at(&target, reference, at)
            }
        }
    }

    /// The value at `target`, following further `$ref`s found there: a component of the typed
    /// document when `target` names one of the kind wanted, else parsed from the tree's piece.
    fn deserialize_at<'x, T: Component>(
        &'x self,
        target: &str,
        reference: &str,
        at: &str,
    ) -> Result<Resolved<'x, T>, Error> {
        let mut seen = vec![at.to_string()];
        let mut target = target.to_string();
        let mut reference = reference.to_string();
        let mut here = at.to_string();
        loop {
            let typed = component_name(&target)
                .filter(|(section, _)| T::SECTION == Some(*section))
                .and_then(|(_, name)| T::component(self.doc.components.as_ref()?, &name));
            let next = match typed {
                Some(ReferenceOr::Item(value)) => {
                    return Ok(Resolved {
                        pointer: target,
                        value: Cow::Borrowed(value),
                    })
                }
                Some(ReferenceOr::Reference { reference }) => reference.clone(),
                None => {
                    let value = self.lookup(&target).ok_or_else(|| Error::MissingRef {
                        pointer: crate::error::pointer_push(&here, "$ref"),
                        target: reference.clone(),
                    })?;
                    match value.get("$ref") {
                        Some(Value::String(next)) => next.clone(),
                        _ => {
                            let parsed = crate::adapter::typed::deserialize_at(&value, &target)?;
                            return Ok(Resolved {
                                pointer: target,
                                value: Cow::Owned(parsed),
                            });
                        }
                    }
                }
            };
            let next_target = Self::target(&next, &target)?;
            seen.push(target.clone());
            if seen.contains(&next_target) {
                return Err(ref_loop(at, &seen, &next_target));
            }
            here = std::mem::replace(&mut target, next_target);
            reference = next;
        }
    }

    /// Checks that a `$ref` to a schema resolves, reporting the missing target at `at`.
    pub fn check_schema_ref(&self, reference: &str, at: &str) -> Result<(), Error> {
        let target = Self::target(reference, at)?;
        if self.schemas.contains_key(&target) || self.lookup(&target).is_some() {
            Ok(())
        } else {
            Err(Error::MissingRef {
                pointer: crate::error::pointer_push(at, "$ref"),
                target: reference.to_string(),
            })
        }
    }
}

/// Every local `$ref` target written in `tree` (decoded), in pointer order.
fn collect_targets(tree: &Value, targets: &mut BTreeSet<String>) {
    let mut stack = vec![tree];
    while let Some(node) = stack.pop() {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    if Resolver::is_local(reference) {
                        targets.insert(percent_decode(reference));
                    }
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
}

/// The kept piece `pointer` lies in (the piece itself or one it is inside), with its pointer.
fn outermost_piece<'p>(
    pieces: &'p BTreeMap<String, Value>,
    pointer: &str,
) -> Option<(&'p str, &'p Value)> {
    // Every segment boundary of `pointer`, shortest prefix first, then `pointer` itself.
    let prefixes = pointer
        .match_indices('/')
        .map(|(i, _)| &pointer[..i])
        .chain(std::iter::once(pointer));
    for prefix in prefixes {
        if let Some((at, piece)) = pieces.get_key_value(prefix) {
            return Some((at.as_str(), piece));
        }
    }
    None
}

/// `(section, name)` when `pointer` names a component: `#/components/{section}/{name}`.
fn component_name(pointer: &str) -> Option<(&str, String)> {
    let rest = pointer.strip_prefix("#/components/")?;
    let (section, name) = rest.split_once('/')?;
    (!name.contains('/')).then(|| (section, pointer_unescape(name)))
}

/// Whether the typed document answers `pointer` by name (a component of a kind it reads).
fn typed_component(doc: &OpenAPI, pointer: &str) -> bool {
    match (component_name(pointer), doc.components.as_ref()) {
        (Some((section, name)), Some(c)) => has_component(c, section, &name),
        _ => false,
    }
}
fn ref_loop(at: &str, seen: &[String], target: &str) -> Error {
    let mut chain: Vec<&str> = seen.iter().map(String::as_str).collect();
    chain.push(target);
    Error::RefLoop {
        pointer: at.to_string(),
        chain: chain.join(" -> "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(tree: &Value) -> OpenAPI {
        crate::adapter::typed::to_openapi_tolerant(&mut tree.clone(), &mut Vec::new())
            .expect("a valid document")
    }

    fn spec() -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {
                "parameters": [
                    {"$ref": "#/components/parameters/Limit"},
                    {"name": "q", "in": "query", "schema": {"type": "string"}}
                ],
                "responses": {"200": {"description": "ok"}}
            }}},
            "components": {
                "parameters": {
                    "Limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                    "Alias": {"$ref": "#/components/parameters/Limit"},
                    "Loop": {"$ref": "#/components/parameters/Loop2"},
                    "Loop2": {"$ref": "#/components/parameters/Loop"},
                    "Inline": {"$ref": "#/paths/~1a/get/parameters/1"},
                    "WrongKind": {"$ref": "#/components/responses/Gone"}
                },
                "responses": {"Gone": {"description": "gone"}}
            }
        })
    }

    #[test]
    fn a_pointer_into_prefix_items_finds_them_where_normalize_kept_them() {
        let mut pair = serde_json::Map::new();
        pair.insert("type".into(), json!("array"));
        pair.insert(
            crate::adapter::shape::PREFIX_ITEMS.into(),
            json!([{"type": "string"}, {"type": "integer"}]),
        );
        let tree = json!({"components": {"schemas": {"Pair": pair}}});
        let pointer = "#/components/schemas/Pair/prefixItems/1";
        assert_eq!(lookup(&tree, pointer), Some(&json!({"type": "integer"})));
        assert_eq!(
            lookup_through(&tree, pointer).map(|(value, _)| value),
            Some(&json!({"type": "integer"}))
        );
    }

    fn reference(to: &str) -> ReferenceOr<Parameter> {
        ReferenceOr::Reference {
            reference: to.to_string(),
        }
    }

    #[test]
    fn components_come_from_the_typed_document_and_the_rest_from_kept_pieces() {
        let tree = spec();
        let doc = doc(&tree);
        let resolver = Resolver::new(&tree, &doc, &mut Vec::new());
        drop(tree);
        // Through a chain of component references, borrowed from the typed document.
        let alias = reference("#/components/parameters/Alias");
        let limit = resolver.object(&alias, "#/x").unwrap();
        assert_eq!(limit.pointer, "#/components/parameters/Limit");
        assert!(matches!(limit.value, Cow::Borrowed(_)));
        assert_eq!(limit.value.parameter_data_ref().name, "limit");
        // A pointer into the paths: from the piece of the tree kept for it.
        let inline = reference("#/components/parameters/Inline");
        let q = resolver.object(&inline, "#/x").unwrap();
        assert_eq!(q.pointer, "#/paths/~1a/get/parameters/1");
        assert_eq!(q.value.parameter_data_ref().name, "q");
        // The pieces kept are the ones references point into, not the components.
        assert_eq!(
            resolver.pieces.keys().collect::<Vec<_>>(),
            ["#/paths/~1a/get/parameters/1"]
        );
    }

    #[test]
    fn loops_missing_targets_and_the_wrong_kind_are_errors_at_the_reference() {
        let tree = spec();
        let doc = doc(&tree);
        let resolver = Resolver::new(&tree, &doc, &mut Vec::new());
        let looped = reference("#/components/parameters/Loop");
        let error = resolver.object(&looped, "#/x").unwrap_err().to_string();
        assert!(error.contains("Loop2"), "{error}");
        let missing = reference("#/components/parameters/Nope");
        let error = resolver.object(&missing, "#/x").unwrap_err();
        assert!(matches!(error, Error::MissingRef { .. }), "{error}");
        // A response where a parameter is wanted: parsed (and refused) as a parameter, as if
        // it were read from the tree, not reported missing.
        let wrong = reference("#/components/parameters/WrongKind");
        let error = resolver.object(&wrong, "#/x").unwrap_err();
        assert!(!matches!(error, Error::MissingRef { .. }), "{error}");
        assert!(
            error.to_string().contains("#/components/responses/Gone"),
            "{error}"
        );
    }
}
