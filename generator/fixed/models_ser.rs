// The `ser` module of `models.rs`, as prettyplease prints it: the helper the written-out
// `Serialize` impls call (see `emit::models::codec`), behind `#[cfg(feature = "serialize")]`
// when only impls behind that feature use it. Pieced together by `emit::fixed` (see
// `models_de.rs` beside it), not printed again.
/// Encoding of the types above (their `Serialize` impls are written out, not derived).
mod ser {
    // part: optional: an optional field's entry, written only when the field is set.
    /// Writes an optional field's entry; an absent field is left out.
    pub(super) fn optional<M: serde::ser::SerializeMap, T: serde::Serialize>(
        map: &mut M,
        key: &'static str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        match value {
            Some(value) => map.serialize_entry(key, value),
            None => Ok(()),
        }
    }
}
