//! Generated crates compile warning-free and clippy-clean: every fixture in `tests/fixtures/`
//! goes through the same gate as the real-world corpus, `cargo xtask corpus DIR` (one crate per
//! spec, built together, `cargo clippy --all-targets -- -D warnings` on each).

use workspace_tests::{fixtures, xtask};

#[test]
fn every_fixture_crate_passes_clippy_with_warnings_denied() {
    let output = xtask(["corpus".as_ref(), fixtures().as_os_str()]);
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let table = String::from_utf8_lossy(&output.stdout);
    let fixture_count = std::fs::read_dir(fixtures())
        .expect("fixtures")
        .flatten()
        .filter(|e| {
            let path = e.path();
            path.extension().is_some_and(|x| x == "yaml") || path.join("openapi.yaml").is_file()
        })
        .count();
    assert_eq!(table.matches("| ok |").count(), fixture_count, "{table}");
}
