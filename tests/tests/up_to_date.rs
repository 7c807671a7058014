//! `generated/` is what `cargo xtask codegen` writes today (the same check CI runs), and the
//! generated crate's dependency pins match the workspace's.

use workspace_tests::{read, root, xtask};

#[test]
fn generated_crate_is_up_to_date() {
    let output = xtask(["codegen", "--check"]);
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
    use generator::emit::manifest::{CHRONO, DEPENDENCIES, RUNTIME_DEPENDENCIES, UUID};
    let all = [DEPENDENCIES, RUNTIME_DEPENDENCIES, CHRONO, UUID];
    for line in all.iter().flat_map(|d| d.lines()) {
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

/// `--check` on a stale crate fails, names the stale file and the command to run, and changes
/// nothing; without `--check` only the differing file is rewritten.
#[test]
fn check_mode_reports_stale_files_and_writes_nothing() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let out = scratch.path().join("crate");
    let codegen = |extra: &[&str]| {
        let fixed = ["codegen", "--spec", "spec/streaming_api.yaml", "--out"].map(AsRef::as_ref);
        let extra = extra.iter().map(AsRef::as_ref);
        xtask(fixed.into_iter().chain([out.as_os_str()]).chain(extra))
    };
    assert!(codegen(&[]).status.success());
    let models = out.join("src/models.rs");
    let generated = read(&models);
    std::fs::write(&models, "// edited by hand\n").expect("edit");

    let check = codegen(&["--check"]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("src/models.rs"), "{stderr}");
    assert!(
        stderr.contains("run `cargo xtask codegen --spec spec/streaming_api.yaml --out"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("client.rs"),
        "only the edited file is stale: {stderr}"
    );
    assert_eq!(
        read(&models),
        "// edited by hand\n",
        "--check must not write"
    );

    let rewrite = codegen(&[]);
    let stderr = String::from_utf8_lossy(&rewrite.stderr);
    assert!(
        stderr.contains("src/models.rs") && !stderr.contains("client.rs"),
        "{stderr}"
    );
    assert_eq!(read(&models), generated);
}
