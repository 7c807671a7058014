//! Emits `tests/spec_examples.rs`: one test per example in the spec. Each decodes the example
//! into the type the spec gives it and encodes it again; nothing of the example may be lost or
//! changed (`null` and absent are the same). Examples the settings
//! list as known deviations (the spec contradicting itself) are tested the other way round: the
//! test fails once the example round-trips, so the list never goes stale.

use super::sink::{BlockPart, Need, Sink, Used};
use crate::error::Error;
use crate::ir::{Api, Example};
use crate::naming::{ident, Namespace};
use crate::settings::Settings;
use proc_macro2::TokenStream;
use quote::quote;

/// The test file, under `header`, or `None` when the spec has no examples. `crate_used` is what
/// the crate's own files used (its dependencies).
pub fn examples(
    settings: &Settings,
    api: &Api,
    crate_used: &Used,
    header: &str,
) -> Option<Result<String, Error>> {
    if api.examples.is_empty() {
        return None;
    }
    let crate_ident = ident(&settings.crate_name.replace('-', "_"));
    let out = Sink::new("tests/spec_examples.rs", 1, quote!(#crate_ident::models::));
    let mut names = Namespace::default();
    let tests = api
        .examples
        .iter()
        .map(|example| example_test(settings, &out, &mut names, example));
    // The tests sit in a `#[rustfmt::skip]` module: this file is printed by prettyplease, and
    // `cargo fmt` must not fight the generator (a file-level skip is not stable Rust).
    // Printed in parts (the head with the helpers, then each test), so that a spec with
    // megabytes of examples never has the whole module's tokens and syntax tree in memory.
    out.write_block_part(0, head(settings, api, crate_used), BlockPart::Head);
    for test in tests {
        out.write_block_part(0, quote!(mod spec_examples { #test }), BlockPart::Items);
    }
    out.close_block(0);
    Some(out.finish(header).map(|printed| printed.text))
}

/// One example's test: its round trip, or (for a known deviation) that it still fails.
fn example_test(
    settings: &Settings,
    out: &Sink,
    names: &mut Namespace,
    example: &Example,
) -> TokenStream {
    let name = ident(&names.claim(&crate::naming::field_name(&example.pointer)));
    let ty = out.ty(&example.ty);
    let pointer = &example.pointer;
    let json = example.value.to_string();
    let doc = if example.composed_from.is_empty() {
        format!(" `{pointer}`")
    } else {
        format!(
            " `{pointer}`, composed from {}",
            example
                .composed_from
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    match crate::examples::deviation(example, settings) {
        Some(reason) => quote! {
            #[doc = #doc]
            #[test]
            fn #name() {
                known_deviation::<#ty>(#pointer, #json, #reason);
            }
        },
        None => quote! {
            #[doc = #doc]
            #[test]
            fn #name() {
                check::<#ty>(#pointer, #json);
            }
        },
    }
}

/// The match arms that take two spellings of one typed string as the same value: typed dates
/// and uuids re-encode in canonical form (`.000Z` → `Z`, upper → lower case).
fn typed_strings(crate_used: &Used) -> TokenStream {
    let chrono_same = crate_used.has(Need::Chrono).then(|| quote! {
        (Value::String(a), Value::String(b))
            if matches!((chrono::DateTime::parse_from_rfc3339(a), chrono::DateTime::parse_from_rfc3339(b)), (Ok(x), Ok(y)) if x == y) => None,
    });
    let uuid_same = crate_used.has(Need::Uuid).then(|| quote! {
        (Value::String(a), Value::String(b))
            if matches!((a.parse::<uuid::Uuid>(), b.parse::<uuid::Uuid>()), (Ok(x), Ok(y)) if x == y) => None,
    });
    quote!(#chrono_same #uuid_same)
}

/// `check` and `known_deviation`, each only when some test calls it: an unused one would be a
/// dead-code warning.
fn checks(settings: &Settings, api: &Api) -> TokenStream {
    let deviating = api
        .examples
        .iter()
        .filter(|e| crate::examples::deviation(e, settings).is_some())
        .count();
    let check = (deviating < api.examples.len()).then(|| {
        quote! {
            fn check<T: serde::de::DeserializeOwned + serde::Serialize>(pointer: &str, example: &str) {
                if let Err(problem) = round_trip::<T>(example) {
                    panic!("{pointer}: {problem}");
                }
            }
        }
    });
    let known_deviation = (deviating > 0).then(|| {
        quote! {
            fn known_deviation<T: serde::de::DeserializeOwned + serde::Serialize>(pointer: &str, example: &str, reason: &str) {
                if round_trip::<T>(example).is_ok() {
                    panic!("{pointer} is listed as a known deviation ({reason}) but now round-trips: remove it from the list");
                }
            }
        }
    });
    quote!(#check #known_deviation)
}

/// The module's head: its docs and the helpers the tests call.
fn head(settings: &Settings, api: &Api, crate_used: &Used) -> TokenStream {
    let typed_strings = typed_strings(crate_used);
    let checks = checks(settings, api);
    quote! {
        //! Every example in the spec, decoded into its generated type and encoded again.
        //! A failure names the example's JSON pointer and the field that did not survive.

        #[rustfmt::skip]
        mod spec_examples {
        use serde_json::Value;

        /// Decodes `example` as `T`, encodes it, and says what of the example did not survive.
        fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(example: &str) -> Result<(), String> {
            let value: Value = serde_json::from_str(example).map_err(|e| format!("the example is not JSON: {e}"))?;
            let decoded: T = serde_json::from_value(value.clone()).map_err(|e| format!("does not decode: {e}"))?;
            let encoded = serde_json::to_value(&decoded).map_err(|e| format!("does not encode: {e}"))?;
            match lost(&value, &encoded, "") {
                Some(problem) => Err(problem),
                None => Ok(()),
            }
        }

        /// The first part of `example` that is missing from, or different in, `encoded`.
        /// `null` and absent are the same; numbers compare by value (`25` is `25.0`).
        fn lost(example: &Value, encoded: &Value, at: &str) -> Option<String> {
            match (example, encoded) {
                (Value::Object(fields), Value::Object(kept)) => fields.iter().find_map(|(key, value)| {
                    let here = format!("{at}/{key}");
                    match kept.get(key) {
                        None if value.is_null() => None,
                        None => Some(format!("field `{here}` is dropped on decode (the schema does not declare it)")),
                        Some(kept) => lost(value, kept, &here),
                    }
                }),
                (Value::Array(items), Value::Array(kept)) if items.len() == kept.len() => {
                    items.iter().zip(kept).enumerate().find_map(|(i, (item, kept))| lost(item, kept, &format!("{at}/{i}")))
                }
                (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => None,
                #typed_strings
                (a, b) if a == b => None,
                (a, b) => Some(format!("`{}` is {a} in the example but {b} after decoding", if at.is_empty() { "/" } else { at })),
            }
        }

        #checks
        }
    }
}
