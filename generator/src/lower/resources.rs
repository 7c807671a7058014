//! Where each operation's method lives: a path of resources from the client
//! (`client.streams().clips()`) and a verb (`list`), as the API's own SDKs name them.
//!
//! Four sources, strongest first: the settings' `operations:` overrides; the official SDKs'
//! code samples a spec carries (`x-codeSamples`: `client.streaming.streams.clips.list(0)`), with
//! a first level every sample shares dropped; OpenAPI 3.2's tag tree (a tag's `parent`), the
//! operation's first tag and its ancestors being the resources; and otherwise the path:
//! an operation whose path falls under a resource the samples define joins it, otherwise its
//! static segments are the resources and the HTTP method the verb (`GET` collection → `list`,
//! `GET` item → `get`, `POST` → `create`, `PUT` → `replace` beside a `PATCH`, else `update`,
//! `PATCH` → `update`, `DELETE` → `delete`; an action segment after an item, or a `#fragment`,
//! is its own verb). The names here are wishes: `lower::operation` claims them through
//! `naming`, and an operation whose verb is taken falls back to its operationId.

use crate::naming;
use std::collections::BTreeMap;

/// What placement needs to know of one operation.
pub(super) struct Site<'a> {
    /// The path key as written (`#fragment` included).
    pub path: &'a str,
    /// Lower-case HTTP method.
    pub method: &'a str,
    pub operation_id: Option<&'a str>,
    /// The value of `x-codeSamples` (or `x-code-samples`), when present.
    pub samples: Option<&'a serde_json::Value>,
    /// Its first tag's chain in OpenAPI 3.2's tag tree, root first (`[pets, cats]`), when the
    /// spec has one.
    pub tag_chain: Option<Vec<String>>,
}

/// Where one operation's method is wanted: resource names from the client, then the verb.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Placement {
    pub resource: Vec<String>,
    pub verb: String,
}

/// A path split for placement: its segments (`None` for a parameter) and its `#fragment`.
struct Shape {
    segments: Vec<Option<String>>,
    fragment: Option<String>,
    method: String,
}

fn shape(path: &str, method: &str) -> Shape {
    let (path, fragment) = match path.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment.to_string())),
        None => (path, None),
    };
    let segments = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| (!s.contains('{')).then(|| s.to_string()))
        .collect();
    Shape {
        segments,
        fragment,
        method: method.to_string(),
    }
}

/// Places every operation; `overrides` (operationId or `METHOD /path` → `a.b.verb`) win.
/// Fails with the override key that names no operation, or whose value is not snake_case
/// names.
pub(super) fn place(
    sites: &[Site<'_>],
    overrides: &BTreeMap<String, String>,
) -> Result<Vec<Placement>, String> {
    let shapes: Vec<Shape> = sites.iter().map(|s| shape(s.path, s.method)).collect();
    let sampled = sampled(sites);
    // Each resource the samples define covers the longest path prefix its operations share.
    let mut covers: BTreeMap<Vec<String>, Vec<Option<String>>> = BTreeMap::new();
    for (placement, shape) in sampled.iter().zip(&shapes) {
        let Some(placement) = placement else { continue };
        covers
            .entry(placement.resource.clone())
            .and_modify(|prefix| {
                let common = prefix
                    .iter()
                    .zip(&shape.segments)
                    .take_while(|(a, b)| a == b)
                    .count();
                prefix.truncate(common);
            })
            .or_insert_with(|| shape.segments.clone());
    }
    let dropped = dropped_prefix(&shapes);
    let mut placements = Vec::with_capacity(sites.len());
    for (i, site) in sites.iter().enumerate() {
        let keys = [
            site.operation_id.map(str::to_string),
            Some(format!("{} {}", site.method.to_uppercase(), site.path)),
        ];
        if let Some(value) = keys.iter().flatten().find_map(|k| overrides.get(k)) {
            placements.push(parse_override(value)?);
            continue;
        }
        if let Some(placement) = &sampled[i] {
            placements.push(placement.clone());
            continue;
        }
        let shape = &shapes[i];
        // In the API's own resource tree (3.2's tag `parent`s), the verb from the path.
        if let Some(chain) = &site.tag_chain {
            let resource = chain.iter().map(|tag| word(tag)).collect();
            let verb = derived(shape, dropped, site.method, &shapes).verb;
            placements.push(Placement { resource, verb });
            continue;
        }
        // Under a resource the samples define: the longest covering prefix wins.
        let covering = covers
            .iter()
            .filter(|(_, prefix)| {
                !prefix.is_empty()
                    && prefix.len() <= shape.segments.len()
                    && shape.segments[..prefix.len()] == prefix[..]
            })
            .max_by_key(|(_, prefix)| prefix.len());
        let placement = match covering {
            Some((resource, prefix)) => {
                joined(resource.clone(), shape, prefix.len(), site.method, &shapes)
            }
            None => derived(shape, dropped, site.method, &shapes),
        };
        placements.push(placement);
    }
    for key in overrides.keys() {
        let known = sites.iter().any(|s| {
            s.operation_id == Some(key.as_str())
                || format!("{} {}", s.method.to_uppercase(), s.path) == *key
        });
        if !known {
            return Err(format!(
                "operations: `{key}` is neither an operationId nor `METHOD /path` of the spec"
            ));
        }
    }
    Ok(placements)
}

/// `streams.clips.list` → resources `streams`, `clips` and the verb `list`.
fn parse_override(value: &str) -> Result<Placement, String> {
    let names: Vec<&str> = value.split('.').collect();
    let valid = |name: &&str| {
        !name.is_empty() && naming::field_name(name) == *name && !name.starts_with("r#")
    };
    if !names.iter().all(valid) {
        return Err(format!(
            "operations: `{value}` should be snake_case names joined by `.` (`resource.verb`)"
        ));
    }
    let (verb, resource) = names.split_last().expect("split yields at least one name");
    Ok(Placement {
        resource: resource.iter().map(|s| s.to_string()).collect(),
        verb: verb.to_string(),
    })
}

/// The placements the code samples give (`None` where an operation has none), with the first
/// level dropped when every sample shares it (`client.streaming.…` in a streaming-only spec).
fn sampled(sites: &[Site<'_>]) -> Vec<Option<Placement>> {
    let chains: Vec<Option<Vec<String>>> = sites
        .iter()
        .map(|s| s.samples.and_then(sample_chain))
        .collect();
    let first = chains.iter().flatten().next().and_then(|c| c.first());
    let shared = first.filter(|first| {
        chains
            .iter()
            .flatten()
            .all(|c| c.len() > 2 && c.first() == Some(first))
    });
    let skip = usize::from(shared.is_some());
    chains
        .into_iter()
        .map(|chain| {
            let chain = chain?;
            let (verb, resource) = chain[skip..].split_last()?;
            Some(Placement {
                resource: resource.to_vec(),
                verb: verb.clone(),
            })
        })
        .collect()
}

/// The call chain of the first sample that has one, preferring Python (whose SDKs name in
/// snake_case already): `client.streaming.streams.clips.list(` → its names, snake_cased.
fn sample_chain(samples: &serde_json::Value) -> Option<Vec<String>> {
    let samples = samples.as_array()?;
    let is_python = |s: &&serde_json::Value| {
        s.get("lang")
            .and_then(|v| v.as_str())
            .is_some_and(|l| l.eq_ignore_ascii_case("python"))
    };
    let python = samples.iter().filter(is_python);
    let others = samples.iter().filter(|s| !is_python(s));
    python
        .chain(others)
        .filter_map(|s| s.get("source").and_then(|v| v.as_str()))
        .find_map(chain_in)
}

/// The first `client.a.b.c(` in `source`: `[a, b, c]`.
fn chain_in(source: &str) -> Option<Vec<String>> {
    let bytes = source.as_bytes();
    let mut from = 0;
    while let Some(found) = source[from..].find("client.") {
        let start = from + found;
        from = start + "client.".len();
        let boundary = start == 0 || {
            let before = bytes[start - 1];
            !(before.is_ascii_alphanumeric() || before == b'_' || before == b'.')
        };
        if !boundary {
            continue;
        }
        let rest = &source[from..];
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(rest.len());
        if !rest[end..].starts_with('(') {
            continue;
        }
        let names: Vec<&str> = rest[..end].split('.').collect();
        if names.iter().any(|n| n.is_empty()) {
            continue;
        }
        return Some(
            names
                .iter()
                .map(|n| naming::serde_name(&naming::field_name(n)).to_string())
                .collect(),
        );
    }
    None
}

/// How many leading segments every path shares and no operation needs: static ones, never one
/// followed by a parameter (a collection's name: `/v1/users/{id}` keeps `users`), and never
/// the last static segment of any path.
fn dropped_prefix(shapes: &[Shape]) -> usize {
    let Some(first) = shapes.first() else {
        return 0;
    };
    let mut n = 0;
    while let Some(Some(segment)) = first.segments.get(n) {
        let shared_and_unneeded = shapes.iter().all(|s| {
            s.segments.get(n) == Some(&Some(segment.clone()))
                && !matches!(s.segments.get(n + 1), Some(None))
                && s.segments[n + 1..].iter().any(Option::is_some)
        });
        if !shared_and_unneeded {
            break;
        }
        n += 1;
    }
    n
}

/// An operation without a sample under a resource the samples define: the verb of its path
/// (static segments past the resource's prefix become words of the verb: `get_reseller_stream`,
/// or the action itself, `reset_push_token`).
fn joined(
    resource: Vec<String>,
    shape: &Shape,
    prefix: usize,
    method: &str,
    shapes: &[Shape],
) -> Placement {
    let words: Vec<String> = shape.segments[prefix..]
        .iter()
        .flatten()
        .map(|s| word(s))
        .collect();
    let verb = match (&shape.fragment, words.is_empty()) {
        (Some(fragment), _) => word(fragment),
        (None, true) => http_verb(shape, method, shapes),
        (None, false) => {
            let words = words.join("_");
            match method {
                "get" | "delete" | "head" => format!("{method}_{words}"),
                _ => words,
            }
        }
    };
    Placement { resource, verb }
}

/// An operation placed by its path alone: its static segments (past the shared prefix) are
/// the resources, except an action segment after an item (`POST /streams/{id}/start`).
fn derived(shape: &Shape, dropped: usize, method: &str, shapes: &[Shape]) -> Placement {
    let segments = &shape.segments[dropped.min(shape.segments.len())..];
    let action = match segments {
        [.., None, Some(last)]
            if !matches!(method, "get" | "head") && !is_prefix(shape, shapes) =>
        {
            Some(last.clone())
        }
        _ => None,
    };
    let kept = segments.len() - usize::from(action.is_some());
    let resource = segments[..kept].iter().flatten().map(|s| word(s)).collect();
    let verb = match (&shape.fragment, action) {
        (Some(fragment), _) => word(fragment),
        (None, Some(action)) => word(&action),
        (None, None) => http_verb(shape, method, shapes),
    };
    Placement { resource, verb }
}

/// Whether another path continues this one (then its last segment names a collection).
fn is_prefix(shape: &Shape, shapes: &[Shape]) -> bool {
    shapes.iter().any(|s| {
        s.segments.len() > shape.segments.len()
            && s.segments[..shape.segments.len()] == shape.segments[..]
    })
}

/// The verb the HTTP method gives: on a collection or an item (a path ending in a parameter).
fn http_verb(shape: &Shape, method: &str, shapes: &[Shape]) -> String {
    let item = matches!(shape.segments.last(), Some(None));
    let has_patch = || {
        shapes.iter().any(|s| {
            s.segments == shape.segments && s.fragment == shape.fragment && s.method == "patch"
        })
    };
    match method {
        "get" if item => "get",
        "get" => "list",
        "post" => "create",
        "put" if has_patch() => "replace",
        "put" => "update",
        "patch" => "update",
        "delete" => "delete",
        other => other,
    }
    .to_string()
}

/// A segment as a snake_case word (`clip_recording`, `cm-nsfw` → `cm_nsfw`).
fn word(segment: &str) -> String {
    naming::serde_name(&naming::field_name(segment)).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site<'a>(method: &'a str, path: &'a str) -> Site<'a> {
        Site {
            path,
            method,
            operation_id: None,
            samples: None,
            tag_chain: None,
        }
    }

    fn names(placements: &[Placement]) -> Vec<String> {
        placements
            .iter()
            .map(|p| {
                let mut names = p.resource.clone();
                names.push(p.verb.clone());
                names.join(".")
            })
            .collect()
    }

    #[test]
    fn paths_give_resources_and_verbs() {
        let sites = [
            site("get", "/v1/pets"),
            site("post", "/v1/pets"),
            site("get", "/v1/pets/{id}"),
            site("put", "/v1/pets/{id}"),
            site("patch", "/v1/pets/{id}"),
            site("delete", "/v1/pets/{id}"),
            site("post", "/v1/pets/{id}/feed"),
            site("get", "/v1/pets/{id}/photos"),
            site("post", "/v1/pets#adopt"),
        ];
        let placed = place(&sites, &BTreeMap::new()).unwrap();
        assert_eq!(
            names(&placed),
            [
                "pets.list",
                "pets.create",
                "pets.get",
                "pets.replace",
                "pets.update",
                "pets.delete",
                "pets.feed",
                "pets.photos.list",
                "pets.adopt",
            ]
        );
    }

    #[test]
    fn one_path_keeps_its_collection() {
        let sites = [site("get", "/streaming/streams/{stream_id}/clip_recording")];
        let placed = place(&sites, &BTreeMap::new()).unwrap();
        assert_eq!(names(&placed), ["streams.clip_recording.list"]);
    }

    #[test]
    fn samples_name_and_unsampled_operations_join_their_resources() {
        let sample = |code: &str| {
            serde_json::json!([
                {"lang": "Go", "source": "client.Streaming.Ignored.New(ctx)"},
                {"lang": "Python", "source": format!("import x\nx = client.{code}(\n  0,\n)")},
            ])
        };
        let samples = [
            sample("streaming.streams.list"),
            sample("streaming.streams.clips.list"),
            sample("streaming.statistics.get_views"),
            sample("streaming.statistics.get_unique_viewers"),
            sample("streaming.ai_tasks.create"),
            sample("streaming.ai_tasks.get_ai_settings"),
        ];
        let mut sites = vec![
            site("get", "/streaming/streams"),
            site("get", "/streaming/streams/{id}/clip_recording"),
            site("get", "/streaming/statistics/views"),
            site("get", "/streaming/statistics/uniqs"),
            site("post", "/streaming/ai/tasks"),
            site("get", "/streaming/ai/info"),
        ];
        for (site, sample) in sites.iter_mut().zip(&samples) {
            site.samples = Some(sample);
        }
        sites.push(site("post", "/streaming/streams/{id}/reset_push_token"));
        sites.push(site("get", "/streaming/statistics/reseller/stream"));
        sites.push(site("post", "/streaming/ai/tasks#transcribe"));
        let mut overrides = BTreeMap::new();
        overrides.insert(
            "GET /streaming/streams".to_string(),
            "streams.all".to_string(),
        );
        let placed = place(&sites, &overrides).unwrap();
        assert_eq!(
            names(&placed),
            [
                "streams.all",
                "streams.clips.list",
                "statistics.get_views",
                "statistics.get_unique_viewers",
                "ai_tasks.create",
                "ai_tasks.get_ai_settings",
                "streams.reset_push_token",
                "statistics.get_reseller_stream",
                "ai_tasks.transcribe",
            ]
        );
    }

    #[test]
    fn bad_overrides_are_refused() {
        let sites = [site("get", "/a")];
        for (key, value) in [("nope", "a.list"), ("GET /a", "A.List"), ("GET /a", "a..b")] {
            let overrides = BTreeMap::from([(key.to_string(), value.to_string())]);
            assert!(place(&sites, &overrides).is_err(), "{key}: {value}");
        }
    }

    #[test]
    fn sample_chains_ignore_lookalikes() {
        assert_eq!(
            chain_in("myclient.a.b()\nclient.x.y(1)"),
            Some(vec!["x".into(), "y".into()])
        );
        assert_eq!(
            chain_in("client.a.b\nclient.x.Yz("),
            Some(vec!["x".into(), "yz".into()])
        );
        assert_eq!(chain_in("client..x("), None);
    }

    /// 3.2's tag tree places an operation under its tag's ancestors; the path still gives the
    /// verb, and an operation without a tag in the tree is placed by its path.
    #[test]
    fn the_tag_tree_is_the_resource_path() {
        let mut tagged = site("get", "/v1/felines/{id}");
        tagged.tag_chain = Some(vec!["Pets".into(), "Big Cats".into()]);
        let sites = [tagged, site("post", "/v1/dogs")];
        let placed = place(&sites, &BTreeMap::new()).unwrap();
        assert_eq!(names(&placed), ["pets.big_cats.get", "dogs.create"]);
    }
}
