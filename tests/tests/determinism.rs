//! Same input, same bytes: generating twice gives identical files, for the project's spec and
//! for real-world specs large enough to expose any dependence on hash or traversal order.

use generator::Settings;
use workspace_tests::{corpus, read, root};

fn assert_deterministic(spec: &std::path::Path, settings: &Settings) {
    let text = read(spec);
    let first =
        generator::generate(&text, settings).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    for _ in 0..3 {
        let again = generator::generate(&text, settings).expect("second run");
        assert_eq!(first.files, again.files, "{}", spec.display());
        assert_eq!(first.notes, again.notes, "{}", spec.display());
    }
}

#[test]
fn the_project_spec_generates_identically() {
    assert_deterministic(
        &root().join("spec/streaming_api.yaml"),
        &Settings::new("gcore-streaming", "test"),
    );
}

#[test]
fn the_full_gcore_streaming_spec_generates_identically() {
    assert_deterministic(
        &corpus().join("gcore-streaming.yaml"),
        &Settings::new("gcore-streaming", "test"),
    );
}

#[test]
fn the_museum_spec_generates_identically() {
    assert_deterministic(
        &corpus().join("redocly-museum.yaml"),
        &Settings::new("museum", "test"),
    );
}
