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

/// How deep the walk may nest (inlined references included) before the spec is refused.
pub const MAX_DEPTH: usize = 256;

/// Where the other files of a multi-file spec come from.
pub trait Files {
    /// The text of the file at `path` (relative to the entry file's folder, `/`-separated,
    /// normalised: no `.` or `..` segments), or why it cannot be read.
    fn read(&self, path: &str) -> Result<String, String>;
}

/// No other files: a spec given as text alone.
pub struct NoFiles;

impl Files for NoFiles {
    fn read(&self, _path: &str) -> Result<String, String> {
        Err("the spec was given as text, without its folder".into())
    }
}

/// The files of a folder on disk, and nothing outside it (symbolic links included).
pub struct Folder {
    root: std::path::PathBuf,
}

impl Folder {
    /// The folder `root`.
    pub fn new(root: impl Into<std::path::PathBuf>) -> Self {
        Folder { root: root.into() }
    }
}

impl Files for Folder {
    fn read(&self, path: &str) -> Result<String, String> {
        let root = self.root.canonicalize().map_err(|e| e.to_string())?;
        let file = root
            .join(path)
            .canonicalize()
            .map_err(|e| format!("cannot read it: {e}"))?;
        if !file.starts_with(&root) {
            return Err("it lies outside the spec's folder".into());
        }
        std::fs::read_to_string(&file).map_err(|e| format!("cannot read it: {e}"))
    }
}

/// Turns pointers into the bundled tree back into where the text was written.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    /// Bundled pointer → (file, pointer in that file), for every hoisted or inlined value.
    places: BTreeMap<String, (String, String)>,
    /// The entry file's path (its pointers are written without a file name).
    entry: String,
}

impl SourceMap {
    /// Where `pointer` (into the bundled tree) was written: `file#/pointer` for another file,
    /// `#/pointer` for the entry file. Pointers the bundle did not move are returned as they are.
    pub fn locate(&self, pointer: &str) -> String {
        let mut prefix = pointer;
        loop {
            if let Some((file, source)) = self.places.get(prefix) {
                let rest = &pointer[prefix.len()..];
                let source = if source == "#" && rest.is_empty() {
                    String::new()
                } else {
                    format!("{source}{rest}")
                };
                return if *file == self.entry {
                    if source.is_empty() {
                        "#".into()
                    } else {
                        source
                    }
                } else {
                    format!("{file}{source}")
                };
            }
            match prefix.rfind('/') {
                Some(at) => prefix = &prefix[..at],
                None => return pointer.to_string(),
            }
        }
    }

    /// [`SourceMap::locate`] applied to every pointer of an error.
    pub fn locate_error(&self, error: Error) -> Error {
        if self.places.is_empty() {
            return error;
        }
        error.map_pointers(&|p| self.locate(p))
    }
}

/// What a value stands for, as far as references are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Root,
    Paths,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    Header,
    MediaType,
    Example,
    Schema,
    /// A map whose values are schemas (`properties`, `$defs`).
    SchemaMap,
    /// A list whose items are schemas (`allOf`, `prefixItems`).
    SchemaList,
    Components,
    /// A map whose values are of the inner kind (`responses`, `components/parameters`).
    MapOf(&'static Kind),
    /// A list whose items are of the inner kind (`parameters`).
    ListOf(&'static Kind),
    /// Values (examples, defaults, enums): never walked, a `$ref` key there is data.
    Data,
    /// Documentation and anything unknown: references are inlined, failures dropped.
    Doc,
}

impl Kind {
    /// The components section references of this kind are hoisted into.
    fn section(self) -> Option<&'static str> {
        Some(match self {
            Kind::Schema => "schemas",
            Kind::Parameter => "parameters",
            Kind::Response => "responses",
            Kind::RequestBody => "requestBodies",
            Kind::Header => "headers",
            Kind::Example => "examples",
            _ => return None,
        })
    }

    /// The kind of the value under `key` of a value of this kind.
    fn child(self, key: &str) -> Kind {
        if key.starts_with("x-") {
            return Kind::Doc;
        }
        match (self, key) {
            (Kind::Data, _) => Kind::Data,
            (Kind::MapOf(inner) | Kind::ListOf(inner), _) => *inner,
            (Kind::SchemaMap | Kind::SchemaList, _) => Kind::Schema,
            (Kind::Root, "paths" | "webhooks") => Kind::Paths,
            (Kind::Root, "components") => Kind::Components,
            (Kind::Paths, _) => Kind::PathItem,
            (Kind::PathItem, "parameters") | (Kind::Operation, "parameters") => {
                Kind::ListOf(&Kind::Parameter)
            }
            (Kind::PathItem, m) if crate::normalize::METHODS.contains(&m) => Kind::Operation,
            (Kind::Operation, "requestBody") => Kind::RequestBody,
            (Kind::Operation, "responses") => Kind::MapOf(&Kind::Response),
            (Kind::Operation, "callbacks") => Kind::MapOf(&Kind::Paths),
            (Kind::Parameter | Kind::Header | Kind::MediaType, "schema") => Kind::Schema,
            (Kind::Parameter | Kind::Header | Kind::RequestBody | Kind::Response, "content") => {
                Kind::MapOf(&Kind::MediaType)
            }
            (Kind::Parameter | Kind::Header | Kind::MediaType, "examples") => {
                Kind::MapOf(&Kind::Example)
            }
            (Kind::Parameter | Kind::Header | Kind::MediaType, "example") => Kind::Data,
            (Kind::Response, "headers") => Kind::MapOf(&Kind::Header),
            (Kind::MediaType, "encoding") => Kind::MapOf(&Kind::Doc),
            (Kind::Example, "value") => Kind::Data,
            (
                Kind::Schema,
                "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas",
            ) => Kind::SchemaMap,
            (Kind::Schema, "allOf" | "anyOf" | "oneOf" | "prefixItems") => Kind::SchemaList,
            (
                Kind::Schema,
                "items"
                | "additionalProperties"
                | "not"
                | "contains"
                | "if"
                | "then"
                | "else"
                | "propertyNames"
                | "unevaluatedItems"
                | "unevaluatedProperties"
                | "additionalItems"
                | "contentSchema",
            ) => Kind::Schema,
            (Kind::Schema, "example" | "examples" | "default" | "enum" | "const") => Kind::Data,
            (Kind::Components, "schemas") => Kind::MapOf(&Kind::Schema),
            (Kind::Components, "parameters") => Kind::MapOf(&Kind::Parameter),
            (Kind::Components, "responses") => Kind::MapOf(&Kind::Response),
            (Kind::Components, "requestBodies") => Kind::MapOf(&Kind::RequestBody),
            (Kind::Components, "headers") => Kind::MapOf(&Kind::Header),
            (Kind::Components, "examples") => Kind::MapOf(&Kind::Example),
            (Kind::Components, "pathItems") => Kind::MapOf(&Kind::PathItem),
            (Kind::Components, "callbacks") => Kind::MapOf(&Kind::Paths),
            _ => Kind::Doc,
        }
    }
}

/// The bundled tree, where its parts came from, and what was approximated.
pub struct Bundled {
    /// One document; every `$ref` in it is local.
    pub tree: Value,
    /// Where hoisted and inlined values were written.
    pub sources: SourceMap,
    /// References dropped or replaced by "any value".
    pub notes: Vec<Note>,
}

/// Bundles `tree` (the entry file, at `entry`: its path relative to its folder) with the files
/// it references.
pub fn bundle(tree: Value, entry: &str, files: &dyn Files) -> Result<Bundled, Error> {
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
    Ok(Bundled {
        tree,
        sources: b.sources,
        notes: b.notes,
    })
}

/// Where a value being walked stands: in the bundled tree (`at`), and in its own file.
#[derive(Clone)]
struct Place {
    file: usize,
    at: String,
    source: String,
}

impl Place {
    fn child(&self, key: &str) -> Place {
        Place {
            file: self.file,
            at: pointer_push(&self.at, key),
            source: pointer_push(&self.source, key),
        }
    }
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

    /// Follows the `$ref` of `value` (which is of `kind`, at `place`).
    fn reference(
        &mut self,
        value: &mut Value,
        reference: &str,
        kind: Kind,
        place: &Place,
        depth: usize,
    ) -> Result<Outcome, Error> {
        let at = pointer_push(&self.locate(place), "$ref");
        let target = match self.target(reference, place.file, &at)? {
            Ok(target) => target,
            Err(why) => {
                let message = format!("$ref `{reference}` cannot be followed: {why}");
                return match kind {
                    Kind::Schema => {
                        self.note(at, format!("{message}; any JSON value is accepted here"));
                        *value = Value::Object(Map::new());
                        Ok(Outcome::Keep)
                    }
                    Kind::Doc => {
                        self.note(at, format!("{message}; dropped (it is only documentation)"));
                        Ok(Outcome::Drop)
                    }
                    _ => Err(Error::invalid(at, message)),
                };
            }
        };
        let (file, pointer) = target;
        let local = file == 0;
        let keep_local = match kind {
            Kind::Schema => is_component(&pointer, "schemas"),
            k => k.section().is_some(),
        };
        if local && keep_local {
            return Ok(Outcome::Keep);
        }
        // A pointer into this document at a schema that holds no other schema (a string, an
        // integer...) cannot recurse and reads best as its plain type: left for the resolver.
        if local && kind == Kind::Schema && !self.local_schema_needs_name(&pointer) {
            return Ok(Outcome::Keep);
        }
        if kind.section().is_some() {
            let hoisted = self.hoist(file, &pointer, kind, reference, &at)?;
            if let Some(map) = value.as_object_mut() {
                map.insert("$ref".into(), Value::String(hoisted));
            }
            return Ok(Outcome::Keep);
        }
        // Inlined: the target (after its own chain of references) replaces the reference; the
        // reference's siblings (3.1 allows a `summary` or `description` there) win.
        let key = (file, pointer.clone());
        if !self.inlining.insert(key.clone()) {
            return Err(Error::invalid(
                at,
                format!("$ref `{reference}` leads back to itself"),
            ));
        }
        let Some(target) = self.lookup(file, &pointer) else {
            self.inlining.remove(&key);
            return match kind {
                Kind::Doc => {
                    self.note(at, format!("$ref `{reference}`: no such target; dropped (it is only documentation)"));
                    Ok(Outcome::Drop)
                }
                _ => Err(Error::MissingRef {
                    pointer: at,
                    target: reference.to_string(),
                }),
            };
        };
        let mut inlined = target.clone();
        if let (Value::Object(into), Value::Object(siblings)) = (&mut inlined, &*value) {
            for (k, v) in siblings {
                if k != "$ref" {
                    into.insert(k.clone(), v.clone());
                }
            }
        }
        *value = inlined;
        let target_place = Place {
            file,
            at: place.at.clone(),
            source: pointer,
        };
        self.sources.places.insert(
            place.at.clone(),
            (self.paths[file].clone(), target_place.source.clone()),
        );
        let outcome = self.walk(value, kind, &target_place, depth + 1);
        self.inlining.remove(&key);
        outcome
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
            let Some(value) = self.lookup(0, &pointer) else {
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
            let local = self.hoist(file, &pointer, Kind::Schema, &reference, &at)?;
            mapping.insert(tag, Value::String(local));
        }
        Ok(())
    }

    /// The file and decoded pointer a reference names, seen from `from`; the inner error says
    /// why a file cannot be used. A URL is refused outright.
    fn target(
        &mut self,
        reference: &str,
        from: usize,
        at: &str,
    ) -> Result<Result<(usize, String), String>, Error> {
        let (path, fragment) = match reference.split_once('#') {
            Some((path, fragment)) => (path, fragment),
            None => (reference, ""),
        };
        let pointer = format!("#{}", crate::resolve::percent_decode(fragment));
        if path.is_empty() {
            // A common slip in split specs: `#/components/...` written in another file, meaning
            // the entry's components. Where that file has no such target and the entry has,
            // the entry's is taken, with a warning.
            let missing_here = from != 0 && self.lookup(from, &pointer).is_none();
            if missing_here && self.lookup(0, &pointer).is_some() {
                self.note(
                    at.to_string(),
                    format!("$ref `{reference}` is not in this file; the entry document's `{pointer}` is used"),
                );
                return Ok(Ok((0, pointer)));
            }
            return Ok(Ok((from, pointer)));
        }
        let scheme = path.split_once(':').is_some_and(|(s, _)| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
        if scheme {
            return Err(Error::invalid(
                at,
                format!("$ref `{reference}` is a URL; generation never fetches anything from the network (download the file beside the spec and refer to it by a relative path)"),
            ));
        }
        if path.starts_with('/') {
            return Ok(Err(
                "an absolute path; only paths relative to the spec's folder are read".into(),
            ));
        }
        let Some(joined) = join(&self.paths[from], &crate::resolve::percent_decode(path)) else {
            return Ok(Err("it lies outside the spec's folder".into()));
        };
        if let Some(id) = self.paths.iter().position(|p| *p == joined) {
            return Ok(Ok((id, pointer)));
        }
        if let Some(why) = self.failed.get(&joined) {
            return Ok(Err(why.clone()));
        }
        let loaded = self
            .files
            .read(&joined)
            .and_then(|text| crate::parse::load(&text).map_err(|e| format!("{joined}: {e}")));
        match loaded {
            Ok(tree) => {
                self.paths.push(joined);
                self.trees.push(tree);
                Ok(Ok((self.paths.len() - 1, pointer)))
            }
            Err(why) => {
                let why = format!("`{joined}`: {why}");
                self.failed.insert(joined, why.clone());
                Ok(Err(why))
            }
        }
    }

    fn lookup(&self, file: usize, pointer: &str) -> Option<&Value> {
        crate::resolve::lookup(&self.trees[file], pointer)
    }

    fn note(&mut self, pointer: String, message: String) {
        self.notes.push(Note { pointer, message });
    }
}

/// Whether `pointer` is `#/components/<section>/<one segment>`.
fn is_component(pointer: &str, section: &str) -> bool {
    pointer
        .strip_prefix("#/components/")
        .and_then(|rest| rest.strip_prefix(section))
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|name| !name.is_empty() && !name.contains('/'))
}

/// `relative` resolved against the folder of `from`, with `.` and `..` applied; `None` when it
/// climbs out of the root folder.
fn join(from: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// `dir/pet.schema.yaml` → `pet.schema`.
fn file_stem(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Files in memory, by path.
    struct Memory(BTreeMap<&'static str, String>);

    impl Files for Memory {
        fn read(&self, path: &str) -> Result<String, String> {
            self.0
                .get(path)
                .cloned()
                .ok_or_else(|| "no such file".into())
        }
    }

    fn run(entry: &str, files: &[(&'static str, &str)]) -> Result<Bundled, Error> {
        let files = Memory(files.iter().map(|(p, t)| (*p, t.to_string())).collect());
        let tree = crate::parse::load(entry).expect("entry parses");
        bundle(tree, "spec.yaml", &files)
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

    #[test]
    fn a_url_ref_is_an_error_and_nothing_is_fetched() {
        let spec = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: 'https://example.com/a.yaml'}}\n");
        let error = run(&spec, &[]).err().expect("refused").to_string();
        assert!(
            error.starts_with(
                "#/components/schemas/A/$ref: $ref `https://example.com/a.yaml` is a URL"
            ),
            "{error}"
        );
    }

    #[test]
    fn an_unreadable_file_is_any_value_under_a_schema_an_error_under_an_operation_and_dropped_in_docs(
    ) {
        let spec = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      properties:\n        b: {{$ref: 'gone.yaml'}}\n");
        let bundled = run(&spec, &[]).expect("bundles");
        assert_eq!(
            bundled.tree.pointer("/components/schemas/A/properties/b"),
            Some(&serde_json::json!({}))
        );
        assert!(
            bundled.notes[0].message.contains("any JSON value"),
            "{:?}",
            bundled.notes
        );

        let spec = format!("{HEAD}paths:\n  /a:\n    get: {{$ref: 'gone.yaml'}}\n");
        let error = run(&spec, &[]).err().expect("refused").to_string();
        assert_eq!(
            error,
            "#/paths/~1a/get/$ref: $ref `gone.yaml` cannot be followed: `gone.yaml`: no such file"
        );

        let spec =
            format!("{HEAD}tags: [{{name: a, description: {{$ref: 'gone.yaml'}}}}]\npaths: {{}}\n");
        let bundled = run(&spec, &[]).expect("bundles");
        assert_eq!(
            bundled.tree.pointer("/tags/0"),
            Some(&serde_json::json!({"name": "a"}))
        );
        assert!(bundled.notes[0]
            .message
            .contains("dropped (it is only documentation)"));
    }

    #[test]
    fn nothing_outside_the_folder_is_read() {
        let spec = format!("{HEAD}paths:\n  /a:\n    get: {{$ref: '../secret.yaml'}}\n");
        let error = run(&spec, &[("../secret.yaml", "{}")])
            .err()
            .expect("refused");
        assert!(
            error
                .to_string()
                .ends_with("it lies outside the spec's folder"),
            "{error}"
        );
        let spec = format!("{HEAD}paths:\n  /a:\n    get: {{$ref: '/etc/passwd'}}\n");
        assert!(run(&spec, &[]).is_err());
    }

    #[test]
    fn an_inlined_cycle_is_an_error_in_the_file_that_holds_it() {
        let spec = format!("{HEAD}paths:\n  /a: {{$ref: 'item.yaml'}}\n");
        let item = "get:\n  responses: {}\n  x-again: {$ref: 'item.yaml'}\n";
        let error = run(&spec, &[("item.yaml", item)])
            .err()
            .expect("refused")
            .to_string();
        assert_eq!(
            error,
            "item.yaml#/get/x-again/$ref: $ref `item.yaml` leads back to itself"
        );
    }

    #[test]
    fn a_long_chain_of_schema_refs_is_hoisted_without_recursion() {
        // Each file refers to the next: 3000 links, each hoisted once, from the queue.
        let links = 3000;
        let mut files: Vec<(&'static str, String)> = Vec::new();
        for i in 0..links {
            let name: &'static str = Box::leak(format!("s{i}.yaml").into_boxed_str());
            let text = if i + 1 < links {
                format!("$ref: 's{}.yaml'\n", i + 1)
            } else {
                "type: string\n".into()
            };
            files.push((name, text));
        }
        let spec = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      properties:\n        b: {{$ref: 's0.yaml'}}\n");
        let files: Vec<(&'static str, &str)> =
            files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let bundled = run(&spec, &files).expect("bundles");
        let schemas = bundled
            .tree
            .pointer("/components/schemas")
            .and_then(Value::as_object);
        assert_eq!(schemas.map(|s| s.len()), Some(links + 1));
    }

    #[test]
    fn a_local_ref_in_another_file_falls_back_to_the_entry_with_a_warning() {
        let spec = format!("{HEAD}paths:\n  /a:\n    get: {{$ref: 'op.yaml'}}\ncomponents:\n  schemas:\n    Pet: {{type: string}}\n");
        let op = "responses:\n  '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}\n";
        let bundled = run(&spec, &[("op.yaml", op)]).expect("bundles");
        let schema = bundled
            .tree
            .pointer("/paths/~1a/get/responses/200/content/application~1json/schema");
        assert_eq!(
            schema,
            Some(&serde_json::json!({"$ref": "#/components/schemas/Pet"}))
        );
        assert!(
            bundled.notes[0]
                .pointer
                .starts_with("op.yaml#/responses/200"),
            "{:?}",
            bundled.notes
        );
        assert!(bundled.notes[0].message.contains("the entry document's"));
    }

    #[test]
    fn locations_name_the_file_and_the_pointer_in_it() {
        let spec = format!("{HEAD}paths:\n  /a:\n    get: {{$ref: 'ops/a.yaml#/op'}}\n");
        let op = "op:\n  responses:\n    '200': {description: ok, content: {application/json: {schema: {$ref: '../m.yaml#/M'}}}}\n";
        let model = "M:\n  type: object\n  properties:\n    x: {type: string}\n";
        let bundled = run(&spec, &[("ops/a.yaml", op), ("m.yaml", model)]).expect("bundles");
        let sources = &bundled.sources;
        assert_eq!(
            sources.locate("#/components/schemas/M/properties/x"),
            "m.yaml#/M/properties/x"
        );
        assert_eq!(
            sources.locate("#/paths/~1a/get/responses"),
            "ops/a.yaml#/op/responses"
        );
        assert_eq!(sources.locate("#/info"), "#/info");
    }

    #[test]
    fn join_resolves_dots_and_refuses_to_climb_out() {
        assert_eq!(join("a.yaml", "b.yaml").as_deref(), Some("b.yaml"));
        assert_eq!(
            join("r/x/op.yml", "../../s/e.yml").as_deref(),
            Some("s/e.yml")
        );
        assert_eq!(join("r/op.yml", "./m.yml").as_deref(), Some("r/m.yml"));
        assert_eq!(join("a.yaml", "../b.yaml"), None);
    }

    #[test]
    fn component_pointers() {
        assert!(is_component("#/components/schemas/Pet", "schemas"));
        assert!(!is_component(
            "#/components/schemas/Pet/properties/a",
            "schemas"
        ));
        assert!(!is_component("#/components/schemasX/Pet", "schemas"));
        assert!(!is_component("#/paths", "schemas"));
    }
}
