//! Table tests for the allOf merge: each case is a tiny spec and the fields (or alias) the
//! merged schema `T` must become.

use generator::ir::{TypeKind, TypeRef};
use workspace_tests::fixture_settings;

/// Wraps `schemas` (YAML for `components.schemas`, indented by 4) into a document.
fn spec(schemas: &str) -> String {
    format!("openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}")
}

/// `T`'s fields as `name: type` (`?` when optional), or `= Target` for an alias.
fn shape(schemas: &str) -> String {
    let (api, _) =
        generator::analyze(&spec(schemas), &fixture_settings()).unwrap_or_else(|e| panic!("{e}"));
    let t = api.types.iter().find(|t| t.name == "T").expect("type T");
    match &t.kind {
        TypeKind::Struct { fields } => fields
            .iter()
            .map(|f| {
                format!(
                    "{}{}: {:?}",
                    f.name,
                    if f.required { "" } else { "?" },
                    f.ty
                )
            })
            .collect::<Vec<_>>()
            .join(", "),
        TypeKind::Alias {
            target: TypeRef::Named(n),
            ..
        } => format!("= {}", n.name),
        other => format!("{other:?}"),
    }
}

#[test]
fn merge_cases() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "properties from every member, in order; required united",
            "    T:\n      allOf:\n        - {type: object, required: [a], properties: {a: {type: string}}}\n        - {type: object, required: [b], properties: {b: {type: integer}}}\n",
            "a: String, b: I64",
        ),
        (
            "a member with properties but no type is an object",
            "    T:\n      allOf:\n        - properties: {a: {type: boolean}}\n",
            "a?: Bool",
        ),
        (
            "references are followed, chains of allOf too",
            "    T:\n      allOf:\n        - $ref: '#/components/schemas/M'\n        - properties: {c: {type: string}}\n    M:\n      allOf:\n        - $ref: '#/components/schemas/B'\n        - {properties: {m: {type: string}}, required: [m]}\n    B:\n      properties: {b: {type: number}}\n",
            "b?: F64, m: String, c?: String",
        ),
        (
            "only annotations next to one reference: an alias",
            "    T:\n      allOf:\n        - $ref: '#/components/schemas/B'\n        - example: {b: 1}\n          description: Like B.\n    B:\n      properties: {b: {type: number}}\n",
            "= B",
        ),
        (
            "the same property twice with the same type merges",
            "    T:\n      allOf:\n        - properties: {a: {type: string}}\n        - properties: {a: {type: string, description: again}}\n",
            "a?: String",
        ),
        (
            "integer and number merge to integer",
            "    T:\n      allOf:\n        - properties: {a: {type: number}}\n        - properties: {a: {type: integer}}\n",
            "a?: I64",
        ),
        (
            "a description-only redefinition keeps the type",
            "    T:\n      allOf:\n        - properties: {a: {type: boolean}}\n        - properties: {a: {description: Just docs.}}\n",
            "a?: Bool",
        ),
        (
            "properties next to allOf are added after the members",
            "    T:\n      type: object\n      properties: {z: {type: string}}\n      allOf:\n        - properties: {a: {type: string}}\n",
            "a?: String, z?: String",
        ),
    ];
    for (what, schemas, expected) in cases {
        assert_eq!(shape(schemas), *expected, "{what}");
    }
}

#[test]
fn merged_properties_keep_their_docs() {
    let (api, _) = generator::analyze(
        &spec("    T:\n      allOf:\n        - properties: {a: {type: string, description: From the first member.}}\n        - $ref: '#/components/schemas/B'\n    B:\n      properties: {b: {type: string, description: From B.}}\n"),
        &fixture_settings(),
    )
    .expect("generates");
    let t = api.types.iter().find(|t| t.name == "T").expect("T");
    let TypeKind::Struct { fields } = &t.kind else {
        panic!("T is a struct")
    };
    let docs: Vec<_> = fields
        .iter()
        .map(|f| f.doc.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(docs, ["From the first member.", "From B."]);
}
