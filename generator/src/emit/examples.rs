//! Emits `tests/spec_examples.rs`: one test per example in the spec. Each decodes the example
//! into the type the spec gives it and encodes it again; nothing of the example may be lost or
//! changed (`null` and absent are the same). Examples the settings
//! list as known deviations (the spec contradicting itself) are tested the other way round: the
//! test fails once the example round-trips, so the list never goes stale.

use super::fixed::{self, Part, EXAMPLES};
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
    out.write_printed(0, head(settings, api, crate_used), Vec::new());
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

/// The module's head, from its fixed text: its docs and the helpers the tests call. `lost`
/// takes two spellings of one typed string as the same value (typed dates and uuids re-encode
/// in canonical form: `.000Z` → `Z`, upper → lower case); `check` and `known_deviation` are
/// there only when some test calls them (an unused one would be a dead-code warning).
fn head(settings: &Settings, api: &Api, crate_used: &Used) -> String {
    let deviating = api
        .examples
        .iter()
        .filter(|e| crate::examples::deviation(e, settings).is_some())
        .count();
    let parts = [
        ("head", true),
        ("chrono", crate_used.has(Need::Chrono)),
        ("uuid", crate_used.has(Need::Uuid)),
        ("lost_end", true),
        ("check", deviating < api.examples.len()),
        ("known_deviation", deviating > 0),
    ];
    let parts: Vec<Part> = parts
        .into_iter()
        .filter(|(_, wanted)| *wanted)
        .map(|(name, _)| Part { name, cfg: None })
        .collect();
    fixed::open_module(EXAMPLES, None, &parts)
}
