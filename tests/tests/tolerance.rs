//! Rule breaks whose intent is clear, and what OpenAPI 3.2 adds: the spec is accepted, each
//! deviation is one warning that says where and what was read instead, and the crate is what
//! the intent asks for. (The fixtures' generated code is pinned by `snapshots.rs`.)

use workspace_tests::{file, fixture_settings, fixtures, read};

/// Generates a fixture and returns its files' text and its warnings as `pointer: message`.
fn generate(name: &str) -> (generator::Generated, Vec<String>) {
    let generated = generator::generate(&read(&fixtures().join(name)), &fixture_settings())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let notes = generated.notes.iter().map(|n| n.to_string()).collect();
    (generated, notes)
}

#[test]
fn rule_breaks_are_read_as_meant_with_a_warning_each() {
    let (generated, notes) = generate("rule_breaks.yaml");
    assert_eq!(
        notes,
        [
            "#/components/requestBodies: `null` where a value belongs; read as if it were not written",
            "#/components/schemas/Animal/discriminator: a string where an object belongs; read as {\"propertyName\":\"kind\"}",
            "#/components/schemas/Clip: allOf members disagree on property `duration`: integer at #/components/schemas/ClipBase/properties/duration vs string at #/components/schemas/Clip/allOf/1/properties/duration; no value is both, so it is any JSON (`serde_json::Value`)",
            "#/components/schemas/Forest/allOf/1/properties/trees: a `$ref` points here, through the `$ref` at #/components/schemas/Forest; followed",
            "#/components/schemas/Level/allOf/1: says integer, but the type it annotates (at #/components/schemas/Level/allOf/0) is string: no value is both; the integer is left out",
            "#/components/schemas/Owner: says string, but the type it annotates (at #/components/schemas/Owner/allOf/0) is object: no value is both; the string is left out",
            "#/components/schemas/Pet/discriminator/mapping/dog: `#/dog` leads nowhere in the document; this value is left out of the mapping",
            "#/components/schemas/Tag/definitions/color/minLength: a number where a count (a whole number, 0 or more) belongs; ignored",
            "#/components/schemas/Tag/definitions/color/nullable: a string where `true` or `false` belongs; read as true",
            "#/components/schemas/Tag/properties/icon/type: `file` is Swagger 2's type for uploads; read as a binary string",
            "#/components/schemas/Tag/properties/name/maxLength: a string where a count (a whole number, 0 or more) belongs; read as 64",
            "#/components/schemas/Tag/properties/name/pattern: a number where a string belongs; ignored",
            "#/components/schemas/Tag/properties/name/required: `required: true` on a property (Swagger 2's way); read as the property being one of its object's `required`",
            "#/components/schemas/Tag/properties/shade/type: not a JSON Schema type as written; read as `string`",
            "#/components/schemas/Tree/properties/self: a `$ref` points here, through the `$ref` at #/components/schemas/Tree; followed",
            "#/paths/~1nodes~1{node_id}/get: path parameter `node_id` is not declared in `parameters`; taken as a required string",
            "#/paths/~1nodes~1{node_id}/get/parameters/0: path parameter `unused` has no `{unused}` in the path; it is not sent, so it is not an argument",
            "#/paths/~1nodes~1{node_id}/get/responses/200/description: `description` is required and missing; read as empty",
            "#/paths/~1trees~1{tree_id}/get: path parameter `tree_id` is not declared in `parameters`; taken as a required string",
            "#/paths/~1trees~1{tree_id}/get/operationId: operationId `fetch` is already used at #/paths/~1nodes~1{node_id}/get/operationId; this operation's name is numbered",
            "#/paths/~1trees~1{tree_id}/get/responses/204/links/gone: this link names no operation of this document: it is not documented",
        ]
    );
    let client = file(&generated, "src/client.rs");
    assert!(client.contains("node_id: &str"), "{client}");
    assert!(client.contains("tree_id: &str"), "{client}");
    assert!(!client.contains("unused: &str"), "{client}");
    assert!(
        client.contains("- `again` (after `204`): [`client.nodes().get(..)`](Nodes::get), with `node_id` = `$request.path.tree_id`"),
        "{client}"
    );
    let names: Vec<&str> = generated
        .api
        .operations
        .iter()
        .map(|op| op.operation_name.as_str())
        .collect();
    assert!(
        names.contains(&"fetch2"),
        "the second `fetch` is numbered: {names:?}"
    );
    let models = file(&generated, "src/models.rs");
    assert!(models.contains("pub fn self_or_default(&self)"), "{models}");
    assert!(!models.contains("self__"), "{models}");
    assert!(models.contains("pub label: Option<String>"), "{models}");
    assert!(
        models.contains("pub planted: Option<Vec<String>>"),
        "{models}"
    );
    // Irreconcilable `allOf` members: the property is any JSON, a disagreeing annotation is
    // left out (the referenced type stands), a closed alias of a string is that string.
    assert!(
        models.contains("pub duration: Option<serde_json::Value>"),
        "{models}"
    );
    for alias in [
        "pub type Owner = ClipBase;",
        "pub type Level = Visibility;",
        "pub type Icon = Visibility;",
    ] {
        assert!(models.contains(alias), "{alias}: {models}");
    }
    // Swagger 2's `required: true` on a property, and a `$ref` into `definitions`.
    assert!(models.contains("pub name: String,"), "{models}");
    assert!(models.contains("pub color: Option<String>,"), "{models}");
    assert!(models.contains("pub shade: Option<String>,"), "{models}");
    // Swagger 2's `discriminator: kind` picks the member by `kind`.
    assert!(models.contains("/// `kind` is `Cat`."), "{models}");
}

#[test]
fn openapi_3_2_is_read_and_what_is_not_honoured_is_named() {
    let (generated, notes) = generate("openapi32.yaml");
    assert_eq!(
        notes,
        [
            "#/components/schemas/Pet/discriminator: `defaultMapping` is not used: only a `oneOf`/`anyOf` with a discriminator is decoded by it",
            "#/components/securitySchemes/halfDevice/flows/deviceAuthorization: the OAuth2 device authorization flow needs a `deviceAuthorizationUrl` and a `tokenUrl`: it is not run by the client",
            "#/paths/~1pets/additionalOperations/NOT A TOKEN: this method is not an HTTP method token; the operation is not generated",
            "#/paths/~1pets/get/responses/200/content/application~1json/itemSchema: `itemSchema` is not used yet: the body is generated from `schema` (without one, as bytes)",
            "#/paths/~1search~1raw/get: a `querystring` parameter that is not a form-encoded object is not supported yet; this operation is not generated",
        ]
    );
    let ops: Vec<&str> = generated
        .api
        .operations
        .iter()
        .filter_map(|op| op.operation_id.as_deref())
        .collect();
    // QUERY and LINK are sent as written; `NOT A TOKEN` and the text `querystring` one are not.
    assert_eq!(
        ops,
        [
            "listPets",
            "queryPets",
            "linkPets",
            "watchPets",
            "listCats",
            "getCircle",
            "exportPets",
            "search",
            "searchSaved"
        ]
    );
    let methods: Vec<&str> = generated
        .api
        .operations
        .iter()
        .map(|op| op.http_method.as_str())
        .collect();
    assert_eq!(
        methods,
        ["GET", "QUERY", "LINK", "GET", "GET", "GET", "GET", "GET", "GET"]
    );
    // A form-encoded `querystring` object is sent as its properties, as an exploded `form`
    // object (`?q=cats&limit=2`, each property a parameter of its own).
    let client = file(&generated, "src/client.rs");
    assert!(
        client.contains(r#"query_object("filter", filter, false, None)"#),
        "{client}"
    );
    // So is one written as a component (required here: an argument).
    assert!(
        client.contains(r#"query_object("saved", saved, false, None)"#),
        "{client}"
    );
    // The tag tree is the resource path of a tagged operation: its first tag that is a
    // resource (`new` is a badge), then its ancestors; a loop ends where it comes back.
    let calls: Vec<String> = generated
        .api
        .operations
        .iter()
        .filter(|op| matches!(op.operation_id.as_deref(), Some("listCats" | "getCircle")))
        .map(|op| generated.api.call_path(op))
        .collect();
    assert_eq!(calls, ["pets().cats().list", "right().left().get"]);
}

/// A union member that leads back to its own union with no value in between (`U: oneOf [U,
/// string]`, directly, through another union or through an alias) would decode the same value
/// until the stack overflows: it is not tried, with a warning each. (The fixture corpus gate
/// runs the crate's example tests, which decoded forever before.)
#[test]
fn union_members_that_lead_back_are_not_tried() {
    let (generated, notes) = generate("left_recursion.yaml");
    let why = "with no value in between, so decoding it would never end: decoding does not try it (a value only it allows does not decode)";
    let expected: Vec<String> = [
        ("Mutual", "Other", "Mutual"),
        ("OnlyItself", "OnlyItself", "OnlyItself"),
        ("Other", "Mutual", "Other"),
        ("SelfMember", "SelfMember", "SelfMember"),
        ("Tagged", "Tagged", "Tagged"),
        ("TaggedOnlyItself", "TaggedOnlyItself", "TaggedOnlyItself"),
        ("ThroughAlias", "Alias", "ThroughAlias"),
    ]
    .iter()
    .map(|(at, member, union)| {
        format!("#/components/schemas/{at}: member `{member}` of `{union}` leads back to `{union}` {why}")
    })
    .collect();
    assert_eq!(notes, expected);
    let models = file(&generated, "src/models.rs");
    // The variant stays (to build and encode); only its decoding attempt goes.
    assert!(models.contains("SelfMember(Box<SelfMember>),"), "{models}");
    assert!(!models.contains("return Ok(Self::SelfMember("), "{models}");
    // The string member is all that is tried: by the value's kind, so a string only.
    assert!(
        models
            .contains(r#"de::Kinds::new("SelfMember").string(Self::String).decode(deserializer)"#),
        "{models}"
    );
}
