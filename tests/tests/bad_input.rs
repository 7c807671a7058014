//! Bad input: each fixture in `tests/fixtures/bad/` fails with exactly the pinned message,
//! and `cargo xtask codegen` on it exits non-zero, prints that message, and writes nothing.

use workspace_tests::{fixture_settings, fixtures, read, xtask};

/// (fixture, the whole error message).
const CASES: &[(&str, &str)] = &[
    (
        "missing_ref.yaml",
        "#/components/schemas/clipId/allOf/1/$ref: $ref target `#/components/schemas/clipBsae` does not exist",
    ),
    (
        "allof_cycle.yaml",
        "#/components/schemas/a: allOf cycle: #/components/schemas/a -> #/components/schemas/b -> #/components/schemas/a",
    ),
    ("invalid.yaml", "invalid YAML at line 8, column 1: did not find expected ',' or '}'"),
    (
        "swagger2.yaml",
        "#/swagger: Swagger 2.0 documents are not supported; convert to OpenAPI 3.x first",
    ),
    (
        "no_version.yaml",
        "#: no `openapi` version field; expected `openapi: 3.0.x`, `3.1.x` or `3.2.x`",
    ),
    (
        "wrong_type.yaml",
        "#/paths/~1x/get/parameters/0: invalid type: string \"sometimes\", expected a boolean",
    ),
    (
        "allof_deep.yaml",
        "#/components/schemas/S0: allOf nested more than 64 levels deep (through #/components/schemas/S64)",
    ),
    (
        "flow_too_deep.yaml",
        "invalid YAML at line 6, column 137: nested more than 128 levels deep",
    ),
    // The locator walks what `openapiv3` reads, response headers and their schemas included.
    (
        "header_schema.yaml",
        "#/paths/~1x/get/responses/200/headers/X-Rate/schema: invalid type: integer `5`, expected a string",
    ),
];

#[test]
fn each_bad_input_fails_with_its_message() {
    for (name, expected) in CASES {
        let path = fixtures().join("bad").join(name);
        match generator::generate(&read(&path), &fixture_settings()) {
            Ok(_) => panic!("{name}: generated, but should have failed with: {expected}"),
            Err(e) => assert_eq!(e.to_string(), *expected, "{name}"),
        }
    }
}

#[test]
fn every_bad_fixture_is_pinned() {
    let dir = fixtures().join("bad");
    for entry in std::fs::read_dir(&dir).expect("bad fixtures") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        assert!(
            CASES.iter().any(|(n, _)| *n == name),
            "{name} has no pinned message in CASES"
        );
    }
}

#[test]
fn xtask_exits_non_zero_and_writes_nothing() {
    let scratch = tempfile::tempdir().expect("temp dir");
    for (name, expected) in CASES {
        let out = scratch.path().join(name);
        let spec = fixtures().join("bad").join(name);
        let output = xtask([
            "codegen".as_ref(),
            "--spec".as_ref(),
            spec.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
        assert!(stderr.contains(expected), "{name}: stderr was {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        assert!(!out.exists(), "{name}: wrote {}", out.display());
    }
}

/// A settings file naming a hand-written module that is not there: a clear error, nothing
/// written; a reserved or malformed module name is refused before that.
#[test]
fn a_missing_or_misnamed_handwritten_module_is_reported() {
    let scratch = tempfile::tempdir().expect("temp dir");
    for (module, expected) in [
        ("extras", "hand-written module `extras`"),
        (
            "runtime",
            "handwritten: `runtime` should be a snake_case module name",
        ),
        (
            "Extras",
            "handwritten: `Extras` should be a snake_case module name",
        ),
    ] {
        let config = scratch.path().join(format!("{module}.yaml"));
        std::fs::write(&config, format!("handwritten: [{module}]\n")).expect("write config");
        let out = scratch.path().join(format!("out-{module}"));
        let output = xtask([
            "codegen".as_ref(),
            "--spec".as_ref(),
            "spec/streaming_api.yaml".as_ref(),
            "--config".as_ref(),
            config.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{module}: {stderr}");
        assert!(stderr.contains(expected), "{module}: stderr was {stderr}");
        assert!(!out.exists(), "{module}: wrote {}", out.display());
    }
}

/// A chain of thousands of `$ref`s (each component another name for the next) resolves, and in
/// linear time: the chain is walked once, not once per link (this took minutes when it was).
#[test]
fn a_long_ref_chain_resolves() {
    let links = 5000;
    let mut spec = String::from(
        "openapi: 3.0.3\ninfo: {title: Chain, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n",
    );
    for i in 0..links {
        spec.push_str(&format!(
            "    A{i}: {{$ref: '#/components/schemas/A{}'}}\n",
            i + 1
        ));
    }
    spec.push_str(&format!("    A{links}: {{type: string}}\n"));
    let generated = generator::generate(&spec, &fixture_settings()).expect("generates");
    assert_eq!(generated.api.types.len(), links + 1);
}

/// A ref loop through a pointer that is not a component is reported, not followed forever.
#[test]
fn a_ref_loop_through_a_non_component_pointer_is_an_error() {
    let spec = "openapi: 3.0.3\ninfo: {title: Loop, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      properties:\n        x: {$ref: '#/components/schemas/A/properties/y'}\n        y: {$ref: '#/components/schemas/A/properties/x'}\n";
    let error = generator::generate(spec, &fixture_settings()).expect_err("refused");
    assert!(error.to_string().contains("loop"), "{error}");
}
