// The head of `tests/spec_examples.rs`, as prettyplease prints it: the helpers every example
// test calls (see `emit::examples`). `lost` compares typed strings by value when the crate has
// them (`chrono`, `uuid`: they re-encode in canonical form, `.000Z` -> `Z`, upper -> lower
// case); `check` and `known_deviation` are there only when some test calls them (an unused
// one would be a dead-code warning). The tests are printed into the module after these parts.
// Pieced together by `emit::fixed`, not printed again on every run.
//! Every example in the spec, decoded into its generated type and encoded again.
//! A failure names the example's JSON pointer and the field that did not survive.
#[rustfmt::skip]
mod spec_examples {
    // part: head: decoding an example, encoding it again, and what of it was lost.
    use serde_json::Value;

    /// Decodes `example` as `T`, encodes it, and says what of the example did not survive.
    fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(
        example: &str,
    ) -> Result<(), String> {
        let value: Value = serde_json::from_str(example)
            .map_err(|e| format!("the example is not JSON: {e}"))?;
        let decoded: T = serde_json::from_value(value.clone())
            .map_err(|e| format!("does not decode: {e}"))?;
        let encoded = serde_json::to_value(&decoded)
            .map_err(|e| format!("does not encode: {e}"))?;
        match lost(&value, &encoded, "") {
            Some(problem) => Err(problem),
            None => Ok(()),
        }
    }

    /// The first part of `example` that is missing from, or different in, `encoded`.
    /// `null` and absent are the same; numbers compare by value (`25` is `25.0`).
    fn lost(example: &Value, encoded: &Value, at: &str) -> Option<String> {
        match (example, encoded) {
            (Value::Object(fields), Value::Object(kept)) => {
                fields
                    .iter()
                    .find_map(|(key, value)| {
                        let here = format!("{at}/{key}");
                        match kept.get(key) {
                            None if value.is_null() => None,
                            None => {
                                Some(
                                    format!(
                                        "field `{here}` is dropped on decode (the schema does not declare it)"
                                    ),
                                )
                            }
                            Some(kept) => lost(value, kept, &here),
                        }
                    })
            }
            (Value::Array(items), Value::Array(kept)) if items.len() == kept.len() => {
                items
                    .iter()
                    .zip(kept)
                    .enumerate()
                    .find_map(|(i, (item, kept))| lost(item, kept, &format!("{at}/{i}")))
            }
            (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => None,
            // part: chrono: two spellings of one date or date-time are the same value.
            (
                Value::String(a),
                Value::String(b),
            ) if matches!(
                (chrono::DateTime::parse_from_rfc3339(a),
                chrono::DateTime::parse_from_rfc3339(b)), (Ok(x), Ok(y)) if x == y
            ) => None,
            // part: uuid: two spellings of one uuid are the same value.
            (
                Value::String(a),
                Value::String(b),
            ) if matches!(
                (a.parse:: < uuid::Uuid > (), b.parse:: < uuid::Uuid > ()), (Ok(x),
                Ok(y)) if x == y
            ) => None,
            // part: lost_end
            (a, b) if a == b => None,
            (a, b) => {
                Some(
                    format!(
                        "`{}` is {a} in the example but {b} after decoding", if at
                        .is_empty() { "/" } else { at }
                    ),
                )
            }
        }
    }

    // part: check: an example that must round-trip.
    fn check<T: serde::de::DeserializeOwned + serde::Serialize>(
        pointer: &str,
        example: &str,
    ) {
        if let Err(problem) = round_trip::<T>(example) {
            panic!("{pointer}: {problem}");
        }
    }

    // part: known_deviation: an example the settings list as a known deviation: it must not.
    fn known_deviation<T: serde::de::DeserializeOwned + serde::Serialize>(
        pointer: &str,
        example: &str,
        reason: &str,
    ) {
        if round_trip::<T>(example).is_ok() {
            panic!(
                "{pointer} is listed as a known deviation ({reason}) but now round-trips: remove it from the list"
            );
        }
    }
}
