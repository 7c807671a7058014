//! Fixture snapshots: each spec in `tests/fixtures/` (one concept each) is generated and three
//! snapshots are kept: the IR (what the generator understood), `models.rs` and `client.rs`
//! (what it printed). Review changes with `cargo insta review`.

use workspace_tests::{file, fixture_settings, fixtures};

#[test]
fn fixtures_generate_the_reviewed_output() {
    // A folder holding `openapi.yaml` is one multi-file spec (its other files are read
    // through the `$ref`s).
    insta::glob!("../fixtures", "{*.yaml,*/openapi.yaml}", |path| {
        let generated = generator::generate_file(path, &fixture_settings())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        insta::assert_yaml_snapshot!("ir", generated.api);
        insta::assert_snapshot!("models", file(&generated, "src/models.rs"));
        insta::assert_snapshot!("client", file(&generated, "src/client.rs"));
    });
}

/// A snapshot whose fixture was deleted or renamed would never be checked again; reject it.
#[test]
fn no_orphaned_snapshots() {
    let dir = workspace_tests::root().join("tests/tests/snapshots");
    let mut orphans = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("snapshots directory") {
        let name = entry
            .expect("snapshot entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        let Some(rest) = name.strip_prefix("snapshots__") else {
            orphans.push(name);
            continue;
        };
        let known = ["ir@", "models@", "client@"].iter().any(|kind| {
            rest.strip_prefix(kind)
                .and_then(|r| r.strip_suffix(".snap"))
                .is_some_and(|fixture| fixtures().join(fixture.replace("__", "/")).is_file())
        });
        if !known {
            orphans.push(name);
        }
    }
    assert!(
        orphans.is_empty(),
        "snapshots without a fixture: {orphans:?}"
    );
}
