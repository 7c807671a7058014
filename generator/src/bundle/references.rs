//! Following a `$ref`: a section's target is hoisted (see `hoist`), a schema in the entry
//! file stays for the resolver, anything else is inlined in place, bounded by the budget and
//! cut where it leads back to itself; a reference that cannot be followed is an error, or a
//! warning where it only documents.

use super::{node_count, Bundler, Outcome, INLINE_FACTOR};
use crate::adapter::shape::{is_component, Kind};
use crate::error::{pointer_push, Error};
use serde_json::{Map, Value};

use super::sources::Place;

impl Bundler<'_> {
    /// Follows the `$ref` of `value` (which is of `kind`, at `place`).
    pub(super) fn reference(
        &mut self,
        value: &mut Value,
        reference: &str,
        kind: Kind,
        place: &Place,
        depth: usize,
    ) -> Result<Outcome, Error> {
        let at = pointer_push(&self.locate(place), "$ref");
        let (file, pointer) = match self.target(reference, place.file, &at)? {
            Ok(target) => target,
            Err(why) => {
                let message = format!("$ref `{reference}` cannot be followed: {why}");
                return self.unfollowable(value, kind, at, message);
            }
        };
        let local = file == 0;
        let keep_local = match kind {
            Kind::Schema => is_component(&pointer, "schemas"),
            k => k.section().is_some(),
        };
        // A pointer into this document at a schema that holds no other schema (a string, an
        // integer...) cannot recurse and reads best as its plain type: left for the resolver.
        if local
            && (keep_local || (kind == Kind::Schema && !self.local_schema_needs_name(&pointer)))
        {
            // Named by its file (`openapi.yaml#/..`) or its `$self` URL: written as the
            // resolver reads a reference into this document, `#/..`.
            if !reference.starts_with('#') {
                if let (Some(map), Some((_, fragment))) =
                    (value.as_object_mut(), reference.split_once('#'))
                {
                    map.insert("$ref".into(), Value::String(format!("#{fragment}")));
                }
            }
            return Ok(Outcome::Keep);
        }
        if kind.section().is_some() {
            let hoisted = self.hoist(file, &pointer, kind, reference, &at)?;
            if let Some(map) = value.as_object_mut() {
                map.insert("$ref".into(), Value::String(hoisted));
            }
            return Ok(Outcome::Keep);
        }
        let key = (file, pointer);
        if let Some(outcome) = self.refuse_inlining(&key, kind, reference, &at)? {
            return Ok(outcome);
        }
        let outcome = self.inline(value, &key, kind, place, depth);
        self.inlining.remove(&key);
        outcome
    }

    /// A `$ref` that cannot be followed: a schema accepts any JSON value, documentation goes,
    /// anything else is an error.
    fn unfollowable(
        &mut self,
        value: &mut Value,
        kind: Kind,
        at: String,
        message: String,
    ) -> Result<Outcome, Error> {
        match kind {
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
        }
    }

    /// Whether the target `key` may be inlined at `at`; `Some` is what happens instead (or an
    /// error). When it may, `key` is marked as being inlined: the caller unmarks it after.
    fn refuse_inlining(
        &mut self,
        key: &(usize, String),
        kind: Kind,
        reference: &str,
        at: &str,
    ) -> Result<Option<Outcome>, Error> {
        let local = key.0 == 0;
        if !self.inlining.insert(key.clone()) {
            // Documentation (an `x-` extension holding a model, say) may show a recursive
            // schema: it is not read as a type, so the loop is where inlining stops. A pointer
            // into this document stays as written; one into another file cannot, and goes.
            if kind == Kind::Doc {
                if local {
                    return Ok(Some(Outcome::Keep));
                }
                self.note(at.to_string(), format!("$ref `{reference}` leads back to itself; dropped (it is only documentation)"));
                return Ok(Some(Outcome::Drop));
            }
            return Err(Error::invalid(
                at.to_string(),
                format!("$ref `{reference}` leads back to itself"),
            ));
        }
        let Some(size) = self.find(key.0, &key.1).map(node_count) else {
            self.inlining.remove(key);
            return match kind {
                Kind::Doc => {
                    self.note(at.to_string(), format!("$ref `{reference}`: no such target; dropped (it is only documentation)"));
                    Ok(Some(Outcome::Drop))
                }
                _ => Err(Error::MissingRef {
                    pointer: at.to_string(),
                    target: reference.to_string(),
                }),
            };
        };
        if size > self.budget {
            self.inlining.remove(key);
            let why = format!("inlining `$ref` `{reference}` here would copy more than {INLINE_FACTOR} times the spec's own size (the references form a blow-up)");
            return match kind {
                Kind::Doc if local => {
                    self.note(
                        at.to_string(),
                        format!("{why}; kept as a reference (it is only documentation)"),
                    );
                    Ok(Some(Outcome::Keep))
                }
                Kind::Doc => {
                    self.note(
                        at.to_string(),
                        format!("{why}; dropped (it is only documentation)"),
                    );
                    Ok(Some(Outcome::Drop))
                }
                _ => Err(Error::invalid(at.to_string(), why)),
            };
        }
        self.budget -= size;
        Ok(None)
    }

    /// Inlines the target `key` in place of the reference `value`: the target (after its own
    /// chain of references) replaces it, and the reference's siblings (3.1 allows a `summary`
    /// or `description` there) win.
    fn inline(
        &mut self,
        value: &mut Value,
        key: &(usize, String),
        kind: Kind,
        place: &Place,
        depth: usize,
    ) -> Result<Outcome, Error> {
        let (file, pointer) = key.clone();
        let mut inlined = self.lookup(file, &pointer).cloned().unwrap_or_default();
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
        self.walk(value, kind, &target_place, depth + 1)
    }
}
