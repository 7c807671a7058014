//! Pass 8b: every example checked against the IR it must decode into, at generation time.
//!
//! The generated crate's `tests/spec_examples.rs` decodes each example and encodes it again
//! (see `emit::examples`). A published spec's example often contradicts its own schema (a field
//! the schema does not declare, a string where it says integer); the model is not weakened for
//! it. Instead this pass predicts, from the IR alone, whether the round trip will hold, and
//! where it will not, it names the first place and why: the example gets a warning with that
//! evidence, and its test asserts that it still fails. So a crate generated from any spec passes
//! its own `cargo test`, with no hand-kept list.
//!
//! The prediction mirrors what the generated serde code does: structs ignore unknown keys when
//! decoding (so a round trip loses them), `Option` fields accept absence and `null`, an untagged
//! union takes the first variant that decodes, a discriminated one the variant its tag names
//! (or `Unknown`), string and integer enums keep unknown values, and an `f32` keeps only the
//! numbers it can represent exactly.

use crate::error::pointer_push;
use crate::ir::{Api, TypeDef, TypeKind, TypeRef};
use serde_json::Value;
use std::collections::BTreeMap;

/// Why an example will not survive the round trip: where (a pointer into the example) and what.
pub type Evidence = String;

/// Marks every example of `api` that will not survive the round trip with the evidence
/// (`Example::deviation`), except those `hand_listed` (by pointer) in the settings, with a note
/// for each in `notes`.
pub fn predict(
    api: &mut Api,
    hand_listed: &BTreeMap<String, String>,
    notes: &mut Vec<crate::error::Note>,
) {
    let deviations: Vec<Option<Evidence>> = api
        .examples
        .iter()
        .map(|e| match hand_listed.contains_key(&e.pointer) {
            true => None,
            false => check(&api.types, &e.value, &e.ty).err(),
        })
        .collect();
    for (example, deviation) in api.examples.iter_mut().zip(deviations) {
        if let Some(why) = &deviation {
            notes.push(crate::error::Note {
                pointer: example.pointer.clone(),
                message: format!(
                    "example does not survive decoding into its generated type and encoding again ({why}); its generated test asserts that it still fails"
                ),
            });
        }
        example.deviation = deviation;
    }
}

/// Why `example` will not survive the round trip, when it will not: the reason the settings'
/// `example_deviations` give for it, else the evidence [`predict`] found.
pub fn deviation<'a>(
    example: &'a crate::ir::Example,
    settings: &'a crate::settings::Settings,
) -> Option<&'a String> {
    settings
        .example_deviations
        .get(&example.pointer)
        .or(example.deviation.as_ref())
}

/// Checks `example` against `ty`: `Ok` when it decodes and encodes again unchanged.
/// `types` are the IR's named types, which references name by position.
pub fn check(types: &[TypeDef], example: &Value, ty: &TypeRef) -> Result<(), Evidence> {
    let mut checker = Checker {
        types,
        depth: 0,
        seen: std::collections::HashMap::new(),
    };
    checker
        .value(example, ty, "", true)
        .map_err(|(at, why)| match at.is_empty() {
            true => format!("at the top: {why}"),
            false => format!("at `{at}`: {why}"),
        })
}

/// How deep a check may go (examples are finite, but a recursive type over a deep example
/// should not take the stack).
const MAX_DEPTH: usize = 128;

type Failure = (String, String);

struct Checker<'t> {
    types: &'t [TypeDef],
    depth: usize,
    /// What checking one value of the example (by address) against one named type (by index)
    /// gave, strictly or not: an untagged union over a DAG of unions (`U_i: oneOf [U_i+1,
    /// U_i+1]`) tries the same pair again on every path, 2^depth times without this.
    seen: std::collections::HashMap<(usize, usize, bool), Result<(), Failure>>,
}

impl Checker<'_> {
    /// Whether `v` decodes as `ty` and, when `strict`, encodes back without loss.
    fn value(&mut self, v: &Value, ty: &TypeRef, at: &str, strict: bool) -> Result<(), Failure> {
        let fail = |why: String| Err((at.to_string(), why));
        if self.depth > MAX_DEPTH {
            return Ok(());
        }
        match ty {
            TypeRef::Json => Ok(()),
            TypeRef::JsonObject if v.is_object() => Ok(()),
            TypeRef::JsonObject => fail(format!("{} where the schema says object", kind(v))),
            TypeRef::String | TypeRef::DateTime | TypeRef::Date | TypeRef::Uuid => match v {
                Value::String(_) => Ok(()),
                _ => fail(format!("{} where the schema says string", kind(v))),
            },
            TypeRef::Bool if v.is_boolean() => Ok(()),
            TypeRef::Bool => fail(format!("{} where the schema says boolean", kind(v))),
            TypeRef::I32 => int(
                v,
                i32::MIN as i128,
                i32::MAX as i128,
                "a 32-bit integer",
                at,
            ),
            TypeRef::I64 => int(v, i64::MIN as i128, i64::MAX as i128, "an integer", at),
            TypeRef::U32 => int(v, 0, u32::MAX as i128, "an unsigned 32-bit integer", at),
            TypeRef::U64 => int(v, 0, u64::MAX as i128, "an unsigned integer", at),
            TypeRef::F64 if v.is_number() => Ok(()),
            TypeRef::F32 => match v.as_f64() {
                Some(x) if !strict || (x as f32) as f64 == x => Ok(()),
                Some(x) => fail(format!(
                    "{x} has no exact 32-bit float form (format: float)"
                )),
                None => fail(format!("{} where the schema says number", kind(v))),
            },
            TypeRef::F64 => fail(format!("{} where the schema says number", kind(v))),
            TypeRef::Vec(item) => match v {
                Value::Array(items) => {
                    for (i, item_value) in items.iter().enumerate() {
                        self.nested(item_value, item, &format!("{at}/{i}"), strict)?;
                    }
                    Ok(())
                }
                _ => fail(format!("{} where the schema says array", kind(v))),
            },
            TypeRef::Map(value_ty) => match v {
                Value::Object(map) => {
                    for (key, item) in map {
                        self.nested(item, value_ty, &pointer_push(at, key), strict)?;
                    }
                    Ok(())
                }
                _ => fail(format!("{} where the schema says object", kind(v))),
            },
            TypeRef::Named(id) => match self.types.get(id.index) {
                Some(def) => {
                    let key = (v as *const Value as usize, id.index, strict);
                    if let Some(known) = self.seen.get(&key) {
                        return known.clone();
                    }
                    let result = self.named(v, def, at, strict);
                    self.seen.insert(key, result.clone());
                    result
                }
                // Not an IR type (cannot happen for a lowered API): nothing to predict.
                None => Ok(()),
            },
        }
    }

    fn nested(&mut self, v: &Value, ty: &TypeRef, at: &str, strict: bool) -> Result<(), Failure> {
        self.depth += 1;
        let result = self.value(v, ty, at, strict);
        self.depth -= 1;
        result
    }

    fn named(&mut self, v: &Value, def: &TypeDef, at: &str, strict: bool) -> Result<(), Failure> {
        let fail = |why: String| Err((at.to_string(), why));
        match &def.kind {
            TypeKind::Alias { target, .. } => self.nested(v, target, at, strict),
            // `Unknown(String)` keeps any other string.
            TypeKind::Enum { .. } if v.is_string() => Ok(()),
            TypeKind::Enum { .. } => {
                fail(format!("{} where `{}` is a string enum", kind(v), def.name))
            }
            TypeKind::IntEnum { .. } if v.as_i64().is_some() => Ok(()),
            TypeKind::IntEnum { .. } => fail(format!(
                "{} where `{}` is an integer enum",
                kind(v),
                def.name
            )),
            TypeKind::Struct { fields } => self.object(v, def, fields, at, strict),
            TypeKind::Tuple { items, more } => self.tuple(v, def, items, *more, at, strict),
            TypeKind::Union {
                discriminator: Some(property),
                variants,
            } => {
                let tag = v.get(property).and_then(Value::as_str);
                let chosen: Vec<_> = variants
                    .iter()
                    .filter(|var| !var.untried)
                    .filter(|var| tag.is_some_and(|t| var.tags.iter().any(|x| x == t)))
                    .collect();
                let default = variants.iter().find(|var| var.decodes_by_default());
                match (chosen.as_slice(), default) {
                    // A tag no variant takes: the default mapping's variant decodes it.
                    ([], Some(variant)) => self.nested(v, &variant.ty, at, strict),
                    // Else `Unknown(Value)` keeps the value as it is.
                    ([], None) => Ok(()),
                    ([variant], _) => self.nested(v, &variant.ty, at, strict),
                    // A tag several members share: the first that decodes wins.
                    ([.., last], _) => {
                        for variant in &chosen {
                            if self.nested(v, &variant.ty, at, false).is_ok() {
                                return self.nested(v, &variant.ty, at, strict);
                            }
                        }
                        self.nested(v, &last.ty, at, strict)
                    }
                }
            }
            TypeKind::Union {
                discriminator: None,
                variants,
            } => {
                // serde's untagged enums take the first variant that decodes (of those tried).
                for variant in variants.iter().filter(|v| !v.untried) {
                    if self.nested(v, &variant.ty, at, false).is_ok() {
                        return match strict {
                            true => self.nested(v, &variant.ty, at, true),
                            false => Ok(()),
                        };
                    }
                }
                fail(format!(
                    "matches none of the alternatives of `{}`",
                    def.name
                ))
            }
        }
    }

    /// A tuple's check: an array with an item for each (more only where the schema allows
    /// them, and, when `strict`, none: decoding drops them), each item's value.
    fn tuple(
        &mut self,
        v: &Value,
        def: &TypeDef,
        items: &[crate::ir::TupleItem],
        more: bool,
        at: &str,
        strict: bool,
    ) -> Result<(), Failure> {
        let fail = |why: String| Err((at.to_string(), why));
        let Value::Array(values) = v else {
            return fail(format!("{} where `{}` is an array", kind(v), def.name));
        };
        if values.len() < items.len() || (!more && values.len() > items.len()) {
            return fail(format!(
                "{} items where `{}` has {}",
                values.len(),
                def.name,
                items.len()
            ));
        }
        if strict && values.len() > items.len() {
            let here = pointer_push(at, &items.len().to_string());
            let why = format!(
                "`{}` does not keep items after its {}",
                def.name,
                items.len()
            );
            return Err((here, why));
        }
        for (i, (item, value)) in items.iter().zip(values).enumerate() {
            if !(item.nullable && value.is_null()) {
                self.nested(value, &item.ty, &pointer_push(at, &i.to_string()), strict)?;
            }
        }
        Ok(())
    }

    /// A struct's check: every required field there and not `null` (unless nullable), each
    /// field's value, and (when `strict`) no key the struct would drop.
    fn object(
        &mut self,
        v: &Value,
        def: &TypeDef,
        fields: &[crate::ir::Field],
        at: &str,
        strict: bool,
    ) -> Result<(), Failure> {
        let fail = |why: String| Err((at.to_string(), why));
        let Value::Object(map) = v else {
            return fail(format!("{} where `{}` is an object", kind(v), def.name));
        };
        let flatten = fields.iter().find(|f| f.flatten);
        for field in fields.iter().filter(|f| !f.flatten) {
            let optional = !field.required || field.nullable;
            let here = pointer_push(at, &field.wire_name);
            match map.get(&field.wire_name) {
                None | Some(Value::Null) if optional => {}
                None => {
                    return fail(format!(
                        "required property `{}` is missing",
                        field.wire_name
                    ))
                }
                Some(Value::Null) => {
                    return Err((
                        here,
                        "null where the property is required and not nullable".into(),
                    ))
                }
                Some(item) => self.nested(item, &field.ty, &here, strict)?,
            }
        }
        for (key, item) in map {
            if fields.iter().any(|f| !f.flatten && f.wire_name == *key) {
                continue;
            }
            let here = pointer_push(at, key);
            match flatten {
                Some(extra) => {
                    // A typed map of the other keys checks each; any JSON keeps them.
                    if let TypeRef::Map(value_ty) = &extra.ty {
                        self.nested(item, value_ty, &here, strict)?;
                    }
                }
                None if strict && !item.is_null() => {
                    return Err((
                        here,
                        format!(
                            "`{}` does not declare this property, so decoding drops it",
                            def.name
                        ),
                    ))
                }
                None => {}
            }
        }
        Ok(())
    }
}

fn int(v: &Value, min: i128, max: i128, what: &str, at: &str) -> Result<(), Failure> {
    let n = v
        .as_i64()
        .map(i128::from)
        .or_else(|| v.as_u64().map(i128::from));
    match n {
        Some(n) if (min..=max).contains(&n) => Ok(()),
        Some(n) => Err((at.to_string(), format!("{n} is out of range for {what}"))),
        None => Err((
            at.to_string(),
            format!("{} where the schema says {what}", kind(v)),
        )),
    }
}

fn kind(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) if s.chars().count() > 40 => "a string".into(),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}
