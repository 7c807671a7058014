// The `ser` module of `models.rs`, as prettyplease prints it: the helper the written-out
// `Serialize` impls call (see `emit::models::codec`), behind `#[cfg(feature = "serialize")]`
// when only impls behind that feature use it. Pieced together by `emit::fixed` (see
// `models_de.rs` beside it), not printed again.
/// Encoding of the types above (their `Serialize` impls are written out, not derived).
mod ser {
    // part: optional: an optional field's entry, written only when the field is set. The entry
    // is the `Option` (serde writes `Some(v)` as `v` in JSON), as serde's derive writes it: the
    // same JSON, and a fifth faster than writing the value unwrapped (OpenAI's
    // `CreateFineTuningJobRequest`, 1.1x -> 0.9x the derive's time, in one loop; why is
    // rustc's, not this text's).
    /// Writes an optional field's entry; an absent field is left out.
    pub(super) fn optional<M: serde::ser::SerializeMap, T: serde::Serialize>(
        map: &mut M,
        key: &'static str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        match value {
            Some(_) => map.serialize_entry(key, value),
            None => Ok(()),
        }
    }
}
