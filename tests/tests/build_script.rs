//! `generator::build`, the library entry for build scripts (its use from a real build script is
//! `tests/build-script-client/`): what it writes, and that a refused spec writes nothing.

use generator::build::Build;

#[test]
fn a_build_writes_the_modules_and_the_file_to_include() {
    let out = tempfile::tempdir().expect("temp dir");
    let module = Build::new(workspace_tests::fixtures().join("ref.yaml"))
        .name("petstore")
        .out_dir(out.path())
        .run()
        .expect("generates");
    assert_eq!(module, out.path().join("petstore.rs"));
    let text = workspace_tests::read(&module);
    for file in ["auth", "client", "models", "runtime"] {
        let path = out.path().join("petstore").join(format!("{file}.rs"));
        assert!(path.is_file(), "{}", path.display());
        assert!(
            text.contains(&format!("{:?}]\npub mod {file};", path.to_string_lossy())),
            "{text}"
        );
    }
    assert!(
        text.contains("pub use client::{Client, ConfigError};"),
        "{text}"
    );
    // No crate of its own: no manifest, no lib.rs, no cargo features, no doc examples.
    assert!(!out.path().join("petstore/Cargo.toml").exists());
    assert!(!out.path().join("petstore/lib.rs").exists());
    let client = workspace_tests::read(&out.path().join("petstore/client.rs"));
    assert!(!client.contains("cfg(feature"), "no resource features");
    assert!(!client.contains("```no_run"), "no doc examples");
}

#[test]
fn a_refused_spec_or_name_writes_nothing() {
    let out = tempfile::tempdir().expect("temp dir");
    let spec = out.path().join("spec.yaml");
    std::fs::write(&spec, "openapi: 3.0.3\ninfo: {title: t}\npaths: []\n").expect("write");
    let error = Build::new(&spec)
        .out_dir(out.path().join("gen"))
        .run()
        .expect_err("refused");
    assert_eq!(
        error.to_string(),
        format!(
            "{}: #/paths: invalid type: sequence, expected struct Paths",
            spec.display()
        )
    );
    assert!(!out.path().join("gen").exists(), "nothing written");
    let error = Build::new(&spec)
        .name("Not A Name")
        .out_dir(out.path().join("gen"))
        .run()
        .expect_err("bad name");
    assert!(error.to_string().contains("module name"), "{error}");
}
