//! Where operations' methods go: resources named as the API's own SDKs name them (from the
//! spec's code samples), else from the paths, with the settings' overrides; each operationId
//! kept as a doc alias.

use generator::ir::{Api, Operation};
use generator::{Settings, SettingsFile};

/// `client.streams().clips().list` for each operation, by operationId.
fn calls(api: &Api) -> Vec<(String, String)> {
    api.operations
        .iter()
        .map(|op| {
            (
                op.operation_id.clone().unwrap_or_default(),
                api.call_path(op),
            )
        })
        .collect()
}

fn analyze(spec: &std::path::Path, settings: Settings) -> (Api, String) {
    let generated = generator::generate_file(spec, &settings)
        .unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    let client = workspace_tests::file(&generated, "src/client.rs").to_string();
    (generated.api, client)
}

/// The full Gcore Streaming spec: every one of its 94 operations on a resource, under the
/// names its samples give (the official SDKs'), the 7 without a sample in the resources the
/// samples define, none named from its operationId, each operationId a doc alias.
#[test]
fn gcore_streaming_operations_have_the_official_sdk_names() {
    let root = workspace_tests::root();
    let settings = SettingsFile::parse(&workspace_tests::read(
        &root.join("spec/corpus/gcore-streaming.yaml"),
    ))
    .expect("settings")
    .apply(Settings::new("gcore-streaming", "test"));
    let (api, client) = analyze(
        &workspace_tests::corpus().join("gcore-streaming.yaml"),
        settings,
    );
    assert_eq!(api.operations.len(), 94);
    let calls = calls(&api);
    for (id, expected) in [
        ("get_streams_id_clip_recording", "streams().clips().list"),
        ("put_streams_id_clip_recording", "streams().clips().create"),
        ("post_streams_id", "streams().create"),
        ("get_api_videos_id", "videos().get"),
        (
            "get_api_videos_video_id_subtitles_id",
            "videos().subtitles().get",
        ),
        (
            "getVodWatchingDurationTotal",
            "statistics().get_vod_watch_time_total_cdn",
        ),
        ("get_ai_info", "ai_tasks().get_ai_settings"),
        // Without a sample: in the resource the samples define for their path.
        ("post_ai_transcribe", "ai_tasks().transcribe"),
        ("post_ai_contentmoderation_nsfw", "ai_tasks().cm_nsfw"),
        ("getResellerStreamChart", "statistics().get_reseller_stream"),
        (
            "post_streams_id_reset_push_token",
            "streams().reset_push_token",
        ),
    ] {
        let found = calls
            .iter()
            .find(|(op, _)| op == id)
            .map(|(_, c)| c.as_str());
        assert_eq!(found, Some(expected), "{id}");
    }
    // Every operation with a Python sample is called as the sample calls it (without the
    // `streaming` level every sample shares).
    let tree = generator::parse::load(&workspace_tests::read(
        &workspace_tests::corpus().join("gcore-streaming.yaml"),
    ))
    .expect("loads");
    let mut sampled = 0;
    for (path, item) in tree["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            let Some(samples) = op.get("x-codeSamples").and_then(|s| s.as_array()) else {
                continue;
            };
            let python = samples
                .iter()
                .find(|s| s["lang"] == "Python")
                .and_then(|s| s["source"].as_str())
                .expect("a Python sample");
            let start =
                python.find("client.streaming.").expect("a call") + "client.streaming.".len();
            let end = start + python[start..].find('(').expect("call parentheses");
            let expected: Vec<String> = python[start..end].split('.').map(str::to_string).collect();
            let id = op["operationId"].as_str().expect("an id");
            let found = calls
                .iter()
                .find(|(op, _)| op == id)
                .map(|(_, c)| c.clone());
            let expected = expected
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    if i + 1 < expected.len() {
                        format!("{n}()")
                    } else {
                        n.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(".");
            assert_eq!(found, Some(expected), "{} {path}", method.to_uppercase());
            sampled += 1;
        }
    }
    assert_eq!(sampled, 87, "87 of 94 operations have a sample");
    for op in &api.operations {
        let id = op
            .operation_id
            .as_deref()
            .expect("every Gcore operation has an id");
        assert!(op.resource.is_some(), "{id} is on a resource");
        assert!(
            client.contains(&format!("#[doc(alias = \"{id}\")]")),
            "{id} is a doc alias"
        );
    }
}

/// A spec without samples: resources from the static path segments, verbs from the methods.
#[test]
fn petstore_resources_come_from_its_paths() {
    let (api, _) = analyze(
        &workspace_tests::corpus().join("v3.0.petstore-expanded.yaml"),
        Settings::new("petstore", "test"),
    );
    let calls: Vec<String> = calls(&api).into_iter().map(|(_, c)| c).collect();
    assert_eq!(
        calls,
        [
            "pets().list",
            "pets().create",
            "pets().get",
            "pets().delete"
        ]
    );
}

fn place(spec: &str, operations: &str) -> Result<Vec<String>, String> {
    let settings = SettingsFile::parse(operations)
        .map_err(|e| e.to_string())?
        .apply(Settings::new("placed", "test"));
    let (api, _) = generator::analyze(spec, &settings).map_err(|e| e.to_string())?;
    Ok(api
        .operations
        .iter()
        .map(|op: &Operation| api.call_path(op))
        .collect())
}

const TWO_LISTS: &str = r#"
openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /things:
    get:
      operationId: listThings
      responses: { '204': { description: ok } }
  /things#archived:
    get:
      operationId: listArchivedThings
      responses: { '204': { description: ok } }
"#;

/// Overrides win; a verb already taken in its resource falls back to the operation's own name;
/// a one-name override puts the method on the client itself.
#[test]
fn overrides_place_methods_and_collisions_fall_back_to_the_operation_name() {
    assert_eq!(
        place(TWO_LISTS, "{}").expect("places"),
        ["things().list", "things().archived"]
    );
    assert_eq!(
        place(
            TWO_LISTS,
            "operations: { listArchivedThings: things.list, listThings: everything }"
        )
        .expect("places"),
        ["everything", "things().list"]
    );
    assert_eq!(
        place(
            TWO_LISTS,
            "operations: { listThings: things.list, listArchivedThings: things.list }"
        )
        .expect("places"),
        ["things().list", "things().list_archived_things"]
    );
}

#[test]
fn a_bad_override_is_one_clear_error() {
    let error = place(TWO_LISTS, "operations: { nope: things.list }").expect_err("unknown id");
    assert!(error.contains("operations: `nope`"), "{error}");
    let error = place(TWO_LISTS, "operations: { listThings: 'Things.List' }").expect_err("case");
    assert!(error.contains("snake_case"), "{error}");
}
