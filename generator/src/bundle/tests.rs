//! The bundler's tests: files in memory, one behaviour each.

use super::files::join;
use super::*;

/// Files in memory, by path.
struct Memory(BTreeMap<&'static str, String>);

impl Files for Memory {
    fn read(&self, path: &str) -> Result<String, String> {
        self.0
            .get(path)
            .cloned()
            .ok_or_else(|| "no such file".into())
    }
}

/// A bundle and its notes.
struct Run {
    tree: Value,
    sources: SourceMap,
    notes: Vec<Note>,
}

fn run(entry: &str, files: &[(&'static str, &str)]) -> Result<Run, Error> {
    let files = Memory(files.iter().map(|(p, t)| (*p, t.to_string())).collect());
    let tree = crate::parse::load(entry).expect("entry parses");
    let mut notes = Vec::new();
    let Bundled { tree, sources } = bundle(tree, "spec.yaml", &files, &mut notes)?;
    Ok(Run {
        tree,
        sources,
        notes,
    })
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

#[test]
fn a_url_ref_is_an_error_and_nothing_is_fetched() {
    let spec = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: 'https://example.com/a.yaml'}}\n");
    let error = run(&spec, &[]).err().expect("refused").to_string();
    assert!(
        error
            .starts_with("#/components/schemas/A/$ref: $ref `https://example.com/a.yaml` is a URL"),
        "{error}"
    );
}

#[test]
fn the_entry_named_by_its_file_or_its_self_url_is_this_document() {
    let spec = format!(
        "{HEAD}$self: https://example.com/api/spec.yaml\npaths: {{}}\ncomponents:\n  schemas:\n    A:\n      properties:\n        by_file: {{$ref: 'spec.yaml#/components/schemas/A'}}\n        by_url: {{$ref: 'https://example.com/api/spec.yaml#/components/schemas/A'}}\n        beside: {{$ref: 'https://example.com/api/b.yaml#/B'}}\n"
    );
    let bundled = run(&spec, &[("b.yaml", "B: {type: string}\n")]).expect("bundles");
    for property in ["by_file", "by_url"] {
        let at = format!("/components/schemas/A/properties/{property}/$ref");
        assert_eq!(
            bundled.tree.pointer(&at),
            Some(&serde_json::json!("#/components/schemas/A")),
            "{property}"
        );
    }
    // A file under the document's own URL is the file beside it (its schema hoisted).
    assert_eq!(
        bundled.tree.pointer("/components/schemas/B/type"),
        Some(&serde_json::json!("string"))
    );
    // Any other URL is refused, even beside one that is not.
    let other = spec.replace(
        "https://example.com/api/b.yaml",
        "https://example.org/b.yaml",
    );
    let error = run(&other, &[]).err().expect("refused").to_string();
    assert!(error.contains("is a URL"), "{error}");
}

#[test]
fn an_unreadable_file_is_any_value_under_a_schema_an_error_under_an_operation_and_dropped_in_docs()
{
    let spec = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      properties:\n        b: {{$ref: 'gone.yaml'}}\n");
    let bundled = run(&spec, &[]).expect("bundles");
    assert_eq!(
        bundled.tree.pointer("/components/schemas/A/properties/b"),
        Some(&serde_json::json!({}))
    );
    assert!(
        bundled.notes[0].message.contains("any JSON value"),
        "{:?}",
        bundled.notes
    );

    let spec = format!("{HEAD}paths:\n  /a:\n    get: {{$ref: 'gone.yaml'}}\n");
    let error = run(&spec, &[]).err().expect("refused").to_string();
    assert_eq!(
        error,
        "#/paths/~1a/get/$ref: $ref `gone.yaml` cannot be followed: `gone.yaml`: no such file"
    );

    let spec =
        format!("{HEAD}tags: [{{name: a, description: {{$ref: 'gone.yaml'}}}}]\npaths: {{}}\n");
    let bundled = run(&spec, &[]).expect("bundles");
    assert_eq!(
        bundled.tree.pointer("/tags/0"),
        Some(&serde_json::json!({"name": "a"}))
    );
    assert!(bundled.notes[0]
        .message
        .contains("dropped (it is only documentation)"));
}

#[test]
fn nothing_outside_the_folder_is_read() {
    let spec = format!("{HEAD}paths:\n  /a:\n    get: {{$ref: '../secret.yaml'}}\n");
    let error = run(&spec, &[("../secret.yaml", "{}")])
        .err()
        .expect("refused");
    assert!(
        error
            .to_string()
            .ends_with("it lies outside the spec's folder"),
        "{error}"
    );
    let spec = format!("{HEAD}paths:\n  /a:\n    get: {{$ref: '/etc/passwd'}}\n");
    assert!(run(&spec, &[]).is_err());
}

#[test]
fn an_inlined_cycle_is_an_error_in_the_file_that_holds_it() {
    // A path item that holds itself through a callback: a structure with no end.
    let spec = format!("{HEAD}paths:\n  /a: {{$ref: 'item.yaml'}}\n");
    let item =
        "get:\n  responses: {}\n  callbacks:\n    again:\n      '{$url}': {$ref: 'item.yaml'}\n";
    let error = run(&spec, &[("item.yaml", item)])
        .err()
        .expect("refused")
        .to_string();
    assert_eq!(
        error,
        "item.yaml#/get/callbacks/again/{$url}/$ref: $ref `item.yaml` leads back to itself"
    );
}

// Documentation may show a recursive schema (a vendor's `x-` model of a tree): where the loop
// closes, a pointer into the entry file stays as written, and one into another file is dropped
// with a note; neither costs the crate.
#[test]
fn a_cycle_inside_documentation_stops_inlining_and_is_no_error() {
    let spec = format!(
        "{HEAD}tags: [{{name: t, x-model: {{$ref: '#/components/schemas/Node'}}}}]\npaths: {{}}\n\
         components:\n  schemas:\n    Node:\n      properties:\n        children: {{items: {{$ref: '#/components/schemas/Node'}}}}\n"
    );
    let bundled = run(&spec, &[]).expect("bundles");
    assert_eq!(
        bundled
            .tree
            .pointer("/tags/0/x-model/properties/children/items"),
        Some(&serde_json::json!({"$ref": "#/components/schemas/Node"}))
    );
    assert!(bundled.notes.is_empty(), "{:?}", bundled.notes);

    let spec = format!("{HEAD}paths:\n  /a: {{$ref: 'item.yaml'}}\n");
    let item = "get:\n  responses: {}\n  x-again: {$ref: 'item.yaml'}\n";
    let bundled = run(&spec, &[("item.yaml", item)]).expect("bundles");
    assert_eq!(
        bundled.tree.pointer("/paths/~1a/get/x-again"),
        None,
        "{:?}",
        bundled.tree
    );
    assert_eq!(
        bundled.notes[0].message,
        "$ref `item.yaml` leads back to itself; dropped (it is only documentation)"
    );
}

#[test]
fn a_long_chain_of_schema_refs_is_hoisted_without_recursion() {
    // Each file refers to the next: 3000 links, each hoisted once, from the queue.
    let links = 3000;
    let mut files: Vec<(&'static str, String)> = Vec::new();
    for i in 0..links {
        let name: &'static str = Box::leak(format!("s{i}.yaml").into_boxed_str());
        let text = if i + 1 < links {
            format!("$ref: 's{}.yaml'\n", i + 1)
        } else {
            "type: string\n".into()
        };
        files.push((name, text));
    }
    let spec = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      properties:\n        b: {{$ref: 's0.yaml'}}\n");
    let files: Vec<(&'static str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let bundled = run(&spec, &files).expect("bundles");
    let schemas = bundled
        .tree
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    assert_eq!(schemas.map(|s| s.len()), Some(links + 1));
}

#[test]
fn a_local_ref_in_another_file_falls_back_to_the_entry_with_a_warning() {
    let spec = format!("{HEAD}paths:\n  /a:\n    get: {{$ref: 'op.yaml'}}\ncomponents:\n  schemas:\n    Pet: {{type: string}}\n");
    let op = "responses:\n  '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}\n";
    let bundled = run(&spec, &[("op.yaml", op)]).expect("bundles");
    let schema = bundled
        .tree
        .pointer("/paths/~1a/get/responses/200/content/application~1json/schema");
    assert_eq!(
        schema,
        Some(&serde_json::json!({"$ref": "#/components/schemas/Pet"}))
    );
    assert!(
        bundled.notes[0]
            .pointer
            .starts_with("op.yaml#/responses/200"),
        "{:?}",
        bundled.notes
    );
    assert!(bundled.notes[0].message.contains("the entry document's"));
}

#[test]
fn locations_name_the_file_and_the_pointer_in_it() {
    let spec = format!("{HEAD}paths:\n  /a:\n    get: {{$ref: 'ops/a.yaml#/op'}}\n");
    let op = "op:\n  responses:\n    '200': {description: ok, content: {application/json: {schema: {$ref: '../m.yaml#/M'}}}}\n";
    let model = "M:\n  type: object\n  properties:\n    x: {type: string}\n";
    let bundled = run(&spec, &[("ops/a.yaml", op), ("m.yaml", model)]).expect("bundles");
    let sources = &bundled.sources;
    assert_eq!(
        sources.locate("#/components/schemas/M/properties/x"),
        "m.yaml#/M/properties/x"
    );
    assert_eq!(
        sources.locate("#/paths/~1a/get/responses"),
        "ops/a.yaml#/op/responses"
    );
    assert_eq!(sources.locate("#/info"), "#/info");
}

#[test]
fn join_resolves_dots_and_refuses_to_climb_out() {
    assert_eq!(join("a.yaml", "b.yaml").as_deref(), Some("b.yaml"));
    assert_eq!(
        join("r/x/op.yml", "../../s/e.yml").as_deref(),
        Some("s/e.yml")
    );
    assert_eq!(join("r/op.yml", "./m.yml").as_deref(), Some("r/m.yml"));
    assert_eq!(join("a.yaml", "../b.yaml"), None);
}

#[test]
fn component_pointers() {
    assert!(is_component("#/components/schemas/Pet", "schemas"));
    assert!(!is_component(
        "#/components/schemas/Pet/properties/a",
        "schemas"
    ));
    assert!(!is_component("#/components/schemasX/Pet", "schemas"));
    assert!(!is_component("#/paths", "schemas"));
}

// References in documentation that form a DAG (each level refers twice to the next) would
// inline 2^40 copies; inlining stops at its budget, keeps the references as written, and says so.
#[test]
fn a_dag_of_references_in_documentation_is_bounded() {
    let levels = 40;
    let mut spec = format!("{HEAD}paths: {{}}\nx-dag:\n");
    for i in 0..levels {
        let next = format!("{{$ref: '#/x-dag/d{}'}}", i + 1);
        spec.push_str(&format!("  d{i}: {{l: {next}, r: {next}}}\n"));
    }
    spec.push_str(&format!("  d{levels}: {{leaf: true}}\n"));
    let input = node_count(&crate::parse::load(&spec).unwrap());
    let bundled = run(&spec, &[]).expect("bundles");
    assert!(
        node_count(&bundled.tree) <= INLINE_FLOOR + input * (INLINE_FACTOR + 1),
        "the bundle grew past its budget"
    );
    assert!(
        bundled.notes.iter().any(|n| n
            .message
            .contains("kept as a reference (it is only documentation)")),
        "{:?}",
        bundled.notes
    );
}
