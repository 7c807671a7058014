//! Pass 1b: one document out of many. Every `$ref` to another file (and every `$ref` the typed
//! model cannot hold where it stands) is replaced, so that later passes see one self-contained
//! tree whose references are all local.
//!
//! What a reference becomes depends on what it stands for, which the walk knows from where the
//! reference is written (its `Kind`):
//!
//! - a schema, parameter, response, request body, header or example in another file is *hoisted*:
//!   copied once into `#/components/<section>/<name>` (named after the pointer's last segment, or
//!   the file's stem) and referenced from there, so a schema used from ten places is one Rust
//!   type, and a schema that reaches itself (in any file) is a cycle between components, which
//!   the later passes already handle;
//! - a schema referenced in the same document at a pointer that is not a component
//!   (`#/paths/.../schema/properties/x`, `#/$defs/x`) is hoisted the same way, for the same two
//!   reasons;
//! - anything else (an operation, a path item, a tag's description, an `x-` extension) is
//!   *inlined*: the target replaces the reference.
//!
//! Files are read through [`Files`], once each, by their path relative to the entry file's
//! folder (`..` segments resolved; nothing outside that folder is read). A URL is an error:
//! generation never touches the network. A file that cannot be read is an error, except under a
//! schema (any JSON value, with a warning, as before multi-file support) or where the spec only
//! documents (dropped, with a warning).
//!
//! Hoisting works from a queue, not by recursion, so a chain of references of any length costs
//! linear time and constant stack; inlining nests, and is bounded by [`MAX_DEPTH`]. Every place
//! that was hoisted or inlined is recorded in a [`SourceMap`], which turns a pointer into the
//! bundled tree back into the file and pointer it came from, for errors and warnings.

use crate::error::{pointer_push, pointer_unescape, Error, Note};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

mod files;
mod references;
mod sources;

use crate::adapter::shape::{is_component, Kind};
use files::file_stem;
pub use files::{Files, Folder, NoFiles};
use sources::Place;
pub use sources::SourceMap;

/// How deep the walk may nest (inlined references included) before the spec is refused.
pub const MAX_DEPTH: usize = 256;

/// The bundled tree, and where its parts came from.
pub struct Bundled {
    /// One document; every `$ref` in it is local.
    pub tree: Value,
    /// Where hoisted and inlined values were written.
    pub sources: SourceMap,
}

/// Bundles `tree` (the entry file, at `entry`: its path relative to its folder) with the files
/// it references, noting in `notes` the references dropped or replaced by "any value".
pub fn bundle(
    tree: Value,
    entry: &str,
    files: &dyn Files,
    notes: &mut Vec<Note>,
) -> Result<Bundled, Error> {
    let mut b = Bundler {
        files,
        paths: vec![entry.to_string()],
        trees: vec![tree.clone()],
        failed: BTreeMap::new(),
        hoisted: BTreeMap::new(),
        names: BTreeMap::new(),
        queue: VecDeque::new(),
        done: Vec::new(),
        sources: SourceMap {
            places: BTreeMap::new(),
            entry: entry.to_string(),
        },
        notes: Vec::new(),
        inlining: BTreeSet::new(),
        budget: INLINE_FLOOR.saturating_add(node_count(&tree).saturating_mul(INLINE_FACTOR)),
    };
    let mut tree = tree;
    if let Some(Value::Object(components)) = tree.get("components") {
        for (section, entries) in components {
            if let Value::Object(entries) = entries {
                let names = b.names.entry(section.clone()).or_default();
                names.extend(entries.keys().cloned());
            }
        }
    }
    b.adopt_component_refs(&tree)?;
    let root = Place {
        file: 0,
        at: "#".into(),
        source: "#".into(),
    };
    b.walk(&mut tree, Kind::Root, &root, 0)?;
    while let Some((mut value, kind, place)) = b.queue.pop_front() {
        b.walk(&mut value, kind, &place, 0)?;
        b.done.push((kind, place.at, value));
    }
    if !b.done.is_empty() {
        let root = tree
            .as_object_mut()
            .ok_or_else(|| Error::invalid("#", "the document is not a mapping"))?;
        let components = root
            .entry("components")
            .or_insert_with(|| Value::Object(Map::new()));
        for (kind, at, value) in std::mem::take(&mut b.done) {
            let (Some(section), Some(name)) = (kind.section(), at.rsplit('/').next()) else {
                continue;
            };
            let name = pointer_unescape(name);
            if let Value::Object(components) = components {
                let entries = components
                    .entry(section)
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(entries) = entries {
                    entries.insert(name, value);
                }
            }
        }
    }
    notes.append(&mut b.notes);
    Ok(Bundled {
        tree,
        sources: b.sources,
    })
}

/// What became of a reference.
enum Outcome {
    /// The value stays (with its `$ref` rewritten, or inlined in place).
    Keep,
    /// The value is dropped (documentation whose reference cannot be followed).
    Drop,
}

struct Bundler<'f> {
    files: &'f dyn Files,
    /// Loaded files: path and original tree, by id (the entry is 0).
    paths: Vec<String>,
    trees: Vec<Value>,
    /// Files that could not be read or parsed, and why.
    failed: BTreeMap<String, String>,
    /// (file, pointer) → the local pointer it was hoisted to.
    hoisted: BTreeMap<(usize, String), String>,
    /// Names taken in each components section.
    names: BTreeMap<String, BTreeSet<String>>,
    /// Hoisted values still to walk.
    queue: VecDeque<(Value, Kind, Place)>,
    /// Hoisted values walked, to be inserted into the components.
    done: Vec<(Kind, String, Value)>,
    sources: SourceMap,
    notes: Vec<Note>,
    /// The references being inlined right now, to stop a cycle.
    inlining: BTreeSet<(usize, String)>,
    /// How many more values inlining may copy: [`INLINE_FACTOR`] times the values of the files
    /// read (and [`INLINE_FLOOR`]), so that references forming a DAG (each value referring
    /// twice to the next) cannot turn a kilobyte into gigabytes.
    budget: usize,
}

/// How many times its own size inlining may copy of a spec (of the 60 specs in the corpus, the
/// wide corpus and the spec history, Apideck's needs the most: 1.7 times, for the schemas its
/// tags show in `x-apideck-model`).
pub const INLINE_FACTOR: usize = 16;

/// What inlining may copy of any spec, however small.
const INLINE_FLOOR: usize = 100_000;

/// The values in `value` (itself, and everything it holds), counted without recursion.
fn node_count(value: &Value) -> usize {
    let mut count = 0;
    let mut stack = vec![value];
    while let Some(node) = stack.pop() {
        count += 1;
        match node {
            Value::Object(map) => stack.extend(map.values()),
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    count
}

impl Bundler<'_> {
    fn locate(&self, place: &Place) -> String {
        let file = &self.paths[place.file];
        if place.file == 0 {
            place.source.clone()
        } else {
            format!("{file}{}", place.source)
        }
    }

    fn walk(
        &mut self,
        value: &mut Value,
        kind: Kind,
        place: &Place,
        depth: usize,
    ) -> Result<Outcome, Error> {
        if kind == Kind::Data {
            return Ok(Outcome::Keep);
        }
        if depth > MAX_DEPTH {
            return Err(Error::invalid(
                self.locate(place),
                format!("nested more than {MAX_DEPTH} levels deep (references included)"),
            ));
        }
        if let Some(Value::String(reference)) = value.get("$ref") {
            let reference = reference.clone();
            match self.reference(value, &reference, kind, place, depth)? {
                Outcome::Drop => return Ok(Outcome::Drop),
                Outcome::Keep if value.get("$ref").is_some() => {
                    // Rewritten, not inlined: the siblings of the `$ref` are still to walk.
                }
                Outcome::Keep => return Ok(Outcome::Keep),
            }
        }
        if kind == Kind::Schema {
            self.discriminator(value, place)?;
        }
        match value {
            Value::Object(map) => {
                let mut dropped = Vec::new();
                for (key, child) in map.iter_mut() {
                    if key == "$ref" {
                        continue;
                    }
                    let child_kind = kind.child(key);
                    if child_kind == Kind::Data || !(child.is_object() || child.is_array()) {
                        continue;
                    }
                    if let Outcome::Drop =
                        self.walk(child, child_kind, &place.child(key), depth + 1)?
                    {
                        dropped.push(key.clone());
                    }
                }
                for key in dropped {
                    map.shift_remove(&key);
                }
            }
            Value::Array(items) => {
                let child_kind = kind.child("");
                let mut keep = Vec::with_capacity(items.len());
                for (i, item) in items.iter_mut().enumerate() {
                    let outcome = if item.is_object() || item.is_array() {
                        self.walk(item, child_kind, &place.child(&i.to_string()), depth + 1)?
                    } else {
                        Outcome::Keep
                    };
                    keep.push(matches!(outcome, Outcome::Keep));
                }
                let mut flags = keep.into_iter();
                items.retain(|_| flags.next().unwrap_or(true));
            }
            _ => {}
        }
        Ok(Outcome::Keep)
    }

    /// Whether a schema at `pointer` in the entry file (not a component) needs a name of its
    /// own: it holds other schemas (so it may reach itself), or its chain of references leads
    /// to one that does. A chain that ends at a component, or at a plain scalar, does not.
    fn local_schema_needs_name(&self, pointer: &str) -> bool {
        let mut pointer = pointer.to_string();
        for _ in 0..64 {
            if is_component(&pointer, "schemas") {
                return false;
            }
            let Some(value) = self.find(0, &pointer) else {
                return false;
            };
            let Some(map) = value.as_object() else {
                return false;
            };
            match map.get("$ref") {
                Some(Value::String(next)) if map.len() == 1 && next.starts_with('#') => {
                    pointer = format!(
                        "#{}",
                        crate::resolve::percent_decode(next.trim_start_matches('#'))
                    );
                }
                Some(_) => return true,
                None => {
                    const STRUCTURE: [&str; 11] = [
                        "properties",
                        "items",
                        "allOf",
                        "anyOf",
                        "oneOf",
                        "not",
                        "additionalProperties",
                        "patternProperties",
                        "enum",
                        "const",
                        "prefixItems",
                    ];
                    return STRUCTURE.iter().any(|k| map.contains_key(*k));
                }
            }
        }
        true
    }

    /// A component that is only a `$ref` to another file (`Owner: {$ref: owner.yaml}`) gives
    /// the target its name: the target is hoisted into that very entry, so every other
    /// reference to it names `Owner` too (instead of an alias `Owner` of a hoisted `owner`).
    fn adopt_component_refs(&mut self, tree: &Value) -> Result<(), Error> {
        let Some(Value::Object(components)) = tree.get("components") else {
            return Ok(());
        };
        for (section, entries) in components {
            let Value::Object(entries) = entries else {
                continue;
            };
            let kind = Kind::Components.child(section);
            let Kind::MapOf(inner) = kind else { continue };
            if inner.section().is_none() {
                continue;
            }
            for (name, entry) in entries {
                let Value::Object(map) = entry else { continue };
                let (1, Some(Value::String(reference))) = (map.len(), map.get("$ref")) else {
                    continue;
                };
                if reference.starts_with('#') {
                    continue;
                }
                let local = pointer_push(&format!("#/components/{section}"), name);
                let at = pointer_push(&local, "$ref");
                let Ok((file, pointer)) = self.target(reference, 0, &at)? else {
                    continue;
                };
                if self.hoisted.contains_key(&(file, pointer.clone())) {
                    continue;
                }
                let Some(target) = self.lookup(file, &pointer).cloned() else {
                    continue;
                };
                self.hoisted.insert((file, pointer.clone()), local.clone());
                self.sources
                    .places
                    .insert(local.clone(), (self.paths[file].clone(), pointer.clone()));
                let place = Place {
                    file,
                    at: local,
                    source: pointer,
                };
                self.queue.push_back((target, *inner, place));
            }
        }
        Ok(())
    }

    /// The local pointer `file#pointer` is hoisted to (queued for walking the first time).
    fn hoist(
        &mut self,
        file: usize,
        pointer: &str,
        kind: Kind,
        reference: &str,
        at: &str,
    ) -> Result<String, Error> {
        let key = (file, pointer.to_string());
        if let Some(local) = self.hoisted.get(&key) {
            return Ok(local.clone());
        }
        let target = self
            .lookup(file, pointer)
            .cloned()
            .ok_or_else(|| Error::MissingRef {
                pointer: at.to_string(),
                target: reference.to_string(),
            })?;
        let section = kind.section().unwrap_or("schemas");
        let wanted = match pointer.rsplit('/').next() {
            Some(last) if pointer != "#" && !last.is_empty() => pointer_unescape(last),
            _ => file_stem(&self.paths[file]),
        };
        let names = self.names.entry(section.to_string()).or_default();
        let mut name = wanted.clone();
        let mut n = 2;
        while names.contains(&name) {
            name = format!("{wanted}{n}");
            n += 1;
        }
        names.insert(name.clone());
        let local = pointer_push(&format!("#/components/{section}"), &name);
        self.hoisted.insert(key, local.clone());
        self.sources.places.insert(
            local.clone(),
            (self.paths[file].clone(), pointer.to_string()),
        );
        let place = Place {
            file,
            at: local.clone(),
            source: pointer.to_string(),
        };
        self.queue.push_back((target, kind, place));
        Ok(local)
    }

    /// A discriminator's `mapping` values are references too (written without `$ref`).
    fn discriminator(&mut self, schema: &mut Value, place: &Place) -> Result<(), Error> {
        let Some(Value::Object(mapping)) = schema
            .get_mut("discriminator")
            .and_then(|d| d.get_mut("mapping"))
        else {
            return Ok(());
        };
        let entries: Vec<(String, String)> = mapping
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
            .collect();
        for (tag, reference) in entries {
            let looks_like_ref = reference.contains('#')
                || [".yaml", ".yml", ".json"]
                    .iter()
                    .any(|e| reference.ends_with(e));
            if !looks_like_ref {
                continue;
            }
            let at = pointer_push(
                &pointer_push(
                    &pointer_push(&self.locate(place), "discriminator"),
                    "mapping",
                ),
                &tag,
            );
            let Ok((file, pointer)) = self.target(&reference, place.file, &at)? else {
                continue;
            };
            if file == 0 && is_component(&pointer, "schemas") {
                continue;
            }
            match self.hoist(file, &pointer, Kind::Schema, &reference, &at) {
                Ok(local) => {
                    mapping.insert(tag, Value::String(local));
                }
                // A mapping value that leads nowhere costs its tag, not the crate.
                Err(Error::MissingRef { .. }) => {
                    mapping.shift_remove(&tag);
                    self.note(
                        at,
                        format!("`{reference}` leads nowhere in the document; this value is left out of the mapping"),
                    );
                }
                Err(other) => return Err(other),
            }
        }
        Ok(())
    }

    fn note(&mut self, pointer: String, message: String) {
        self.notes.push(Note { pointer, message });
    }
}

#[cfg(test)]
mod tests;
