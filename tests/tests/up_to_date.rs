//! `generated/` is what `cargo xtask codegen` writes today (the same check CI runs), and the
//! generated crate's dependency pins match the workspace's.

use std::process::Command;
use workspace_tests::{read, root};

#[test]
fn generated_crate_is_up_to_date() {
    let output = Command::new(env!("CARGO"))
        .current_dir(root())
        .args(["xtask", "codegen", "--check"])
        .output()
        .expect("run cargo xtask codegen --check");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The generated crate cannot inherit workspace dependencies (it must also build standalone),
/// so the generator writes the versions itself; they must be the ones the workspace tests.
#[test]
fn generated_dependencies_match_the_workspace() {
    let workspace = read(&root().join("Cargo.toml"));
    for line in generator::emit::manifest::DEPENDENCIES.lines() {
        let (name, spec) = line.split_once(" = ").expect("`name = spec` line");
        // `"1.0"` or `{ version = "1.0", ... }`.
        let after = spec.split_once("version = ").map_or(spec, |(_, rest)| rest);
        let version = after.split('"').nth(1).expect("a quoted version");
        let pinned = workspace
            .lines()
            .find(|l| l.starts_with(&format!("{name} = ")))
            .unwrap_or_else(|| panic!("{name} is not in [workspace.dependencies]"));
        assert!(
            pinned.contains(&format!("\"{version}\"")),
            "{name}: generated {version}, workspace has `{pinned}`"
        );
    }
}
