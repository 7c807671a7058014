//! Pass 5: `$ref` lookup by JSON pointer, for every kind of object a reference can name.
//!
//! `openapiv3`'s own helpers panic on a missing target and follow only `#/components/schemas/..`.
//! This resolver follows any local pointer (`~0`/`~1` and percent escapes decoded), follows
//! chains of references, reports a missing target or a reference loop as an error at the place
//! the reference is written, and never panics.

use crate::error::{pointer_unescape, Error};
use openapiv3::{OpenAPI, ReferenceOr, Schema};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::cell::RefCell;
use std::collections::BTreeMap;

/// A value found through zero or more references, with the pointer where it really lives.
#[derive(Debug, Clone)]
pub struct Resolved<T> {
    /// Where the value is defined (the reference's target, or where it was written inline).
    pub pointer: String,
    /// The value itself.
    pub value: T,
}

/// Looks up references in the normalised tree the typed document was parsed from.
pub struct Resolver<'a> {
    tree: &'a Value,
    /// Component schemas are looked up constantly; they are taken from the typed document
    /// instead of being deserialized from the tree on every use.
    schemas: BTreeMap<String, &'a ReferenceOr<Schema>>,
    /// Component schema pointer → the component its chain of references ends at, so that a
    /// chain is walked once however many schemas refer into it (linear, not quadratic).
    chain_ends: RefCell<BTreeMap<String, String>>,
}

impl<'a> Resolver<'a> {
    /// A resolver over `tree`, the normalised tree `doc` was parsed from.
    pub fn new(tree: &'a Value, doc: &'a OpenAPI) -> Self {
        let schemas = doc
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
        Resolver {
            tree,
            schemas,
            chain_ends: RefCell::new(BTreeMap::new()),
        }
    }

    /// Whether a `$ref` points into this document.
    pub fn is_local(reference: &str) -> bool {
        reference.starts_with("#/") || reference == "#"
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

    /// The raw value at a local JSON pointer (`#/a/b`), if there is one.
    pub fn lookup(&self, pointer: &str) -> Option<&'a Value> {
        lookup(self.tree, pointer)
    }

    /// Resolves a schema, following reference chains. `at` is where `item` is written.
    ///
    /// Every `$ref` is local here: the bundle pass has made the other files' targets local, and
    /// replaced a schema `$ref` it could not follow with the empty schema (and a note). One
    /// that is not is an [`Error::ExternalRef`], never a panic.
    pub fn schema(
        &self,
        item: &'a ReferenceOr<Schema>,
        at: &str,
    ) -> Result<Resolved<Schema>, Error> {
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
                        value: schema.clone(),
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
                        None => {
                            let resolved: Resolved<Schema> =
                                self.deserialize_at(&target, reference, &here)?;
                            return Ok(resolved);
                        }
                    }
                }
            }
        }
    }

    /// Resolves any other referenceable object (parameter, response, request body, header).
    pub fn object<T: DeserializeOwned + Clone>(
        &self,
        item: &ReferenceOr<T>,
        at: &str,
    ) -> Result<Resolved<T>, Error> {
        match item {
            ReferenceOr::Item(value) => Ok(Resolved {
                pointer: at.to_string(),
                value: value.clone(),
            }),
            ReferenceOr::Reference { reference } => {
                let target = Self::target(reference, at)?;
                self.deserialize_at(&target, reference, at)
            }
        }
    }

    /// Deserializes the value at `target`, following further `$ref`s found there.
    fn deserialize_at<T: DeserializeOwned>(
        &self,
        target: &str,
        reference: &str,
        at: &str,
    ) -> Result<Resolved<T>, Error> {
        let mut seen = vec![at.to_string()];
        let mut target = target.to_string();
        let mut reference = reference.to_string();
        let mut here = at.to_string();
        loop {
            let value = self.lookup(&target).ok_or_else(|| Error::MissingRef {
                pointer: crate::error::pointer_push(&here, "$ref"),
                target: reference.clone(),
            })?;
            if let Some(Value::String(next)) = value.get("$ref") {
                let next_target = Self::target(next, &target)?;
                seen.push(target.clone());
                if seen.contains(&next_target) {
                    return Err(ref_loop(at, &seen, &next_target));
                }
                here = std::mem::replace(&mut target, next_target);
                reference = next.clone();
                continue;
            }
            let parsed = crate::parse::deserialize_at(value, &target)?;
            return Ok(Resolved {
                pointer: target,
                value: parsed,
            });
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

fn ref_loop(at: &str, seen: &[String], target: &str) -> Error {
    let mut chain: Vec<&str> = seen.iter().map(String::as_str).collect();
    chain.push(target);
    Error::RefLoop {
        pointer: at.to_string(),
        chain: chain.join(" -> "),
    }
}

/// The value at a JSON pointer written as a URI fragment (`#/a/b`, `~0`/`~1` decoded) in
/// `tree`, if there is one.
pub fn lookup<'t>(tree: &'t Value, pointer: &str) -> Option<&'t Value> {
    let mut node = tree;
    for segment in pointer.trim_start_matches('#').split('/').skip(1) {
        let segment = pointer_unescape(segment);
        node = match node {
            Value::Object(map) => map.get(&segment)?,
            Value::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// `$ref` values are URI fragments: `%7B` and friends are decoded before pointer lookup.
pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(hi * 16 + lo);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}
