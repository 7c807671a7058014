//! A spec `default` read as a value of its field's type: what a field's `*_or_default` returns.
//! Only values that fit are read (scalars in range, strings, enum values); any other default is
//! documented, never turned into code.

use super::{Api, TypeKind, TypeRef};
use serde_json::Value;

/// A default that fits its field's type.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// A `bool`.
    Bool(bool),
    /// A signed integer (in range of an `i32` field).
    Int(i64),
    /// An unsigned integer (in range of a `u32` field).
    UInt(u64),
    /// A float (finite as an `f32` field).
    Float(f64),
    /// A string.
    Str(String),
    /// A variant of a string or integer enum.
    Variant {
        /// The enum's Rust name.
        ty: String,
        /// The variant's Rust name.
        variant: String,
    },
}

/// `value` as a value of `ty`, when it fits.
pub fn default_value(api: &Api, ty: &TypeRef, value: &Value) -> Option<DefaultValue> {
    Some(match (ty, value) {
        (TypeRef::Bool, Value::Bool(b)) => DefaultValue::Bool(*b),
        (TypeRef::I32 | TypeRef::I64, Value::Number(n)) => {
            let n = n.as_i64()?;
            if *ty == TypeRef::I32 {
                i32::try_from(n).ok()?;
            }
            DefaultValue::Int(n)
        }
        (TypeRef::U32 | TypeRef::U64, Value::Number(n)) => {
            let n = n.as_u64()?;
            if *ty == TypeRef::U32 {
                u32::try_from(n).ok()?;
            }
            DefaultValue::UInt(n)
        }
        // A default beyond `f32` would be a literal rustc rejects.
        (TypeRef::F32, Value::Number(n)) if !(n.as_f64()? as f32).is_finite() => return None,
        (TypeRef::F32 | TypeRef::F64, Value::Number(n)) => DefaultValue::Float(n.as_f64()?),
        (TypeRef::String, Value::String(s)) => DefaultValue::Str(s.clone()),
        (TypeRef::Named(id), value) => {
            let def = api.type_def(id);
            let variant = match (&def.kind, value) {
                (
                    TypeKind::Alias {
                        target,
                        newtype: false,
                    },
                    value,
                ) => return default_value(api, target, value),
                (TypeKind::Enum { variants }, Value::String(s)) => {
                    &variants.iter().find(|v| v.value == *s)?.name
                }
                (TypeKind::IntEnum { variants }, Value::Number(n)) => {
                    let n = n.as_i64()?;
                    &variants.iter().find(|v| v.value == n)?.name
                }
                _ => return None,
            };
            DefaultValue::Variant {
                ty: def.name.clone(),
                variant: variant.clone(),
            }
        }
        _ => return None,
    })
}
