//! Structure-aware: a valid spec (one of the fixtures) mutated where OpenAPI has structure:
//! nodes replaced by other nodes of the document, by `$ref`s to arbitrary pointers, by
//! hostile strings and numbers, or removed; and grown with the shapes that once cost
//! exponential or quadratic work (references forming a DAG or a long chain, through every
//! construct that refers). Every mutant must be refused with an error or give files that parse
//! as Rust (the formatter checks that; an `Error::Format` is a bug), within the task's time and
//! memory limits per input (10 s, 4 GiB: a blow-up is a crash libFuzzer keeps).
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};

/// The specs mutated (small, and together they hold every construct the generator knows).
const SEEDS: &[&str] = &[
    include_str!("../../tests/fixtures/ref.yaml"),
    include_str!("../../tests/fixtures/allof_chain.yaml"),
    include_str!("../../tests/fixtures/unions.yaml"),
    include_str!("../../tests/fixtures/operations.yaml"),
    include_str!("../../tests/fixtures/recursion.yaml"),
    include_str!("../../tests/fixtures/containers.yaml"),
    include_str!("../../tests/fixtures/scalars.yaml"),
    include_str!("../../tests/fixtures/enum_idioms.yaml"),
];

/// Strings that have broken generators: keywords, std names, locals, fences, line breaks,
/// control and bidi characters, format braces, huge and empty.
const HOSTILE: &[&str] = &[
    "", "type", "self", "Self", "crate", "String", "Option", "Result", "new", "url", "query",
    "request", "text", "params", "client", "0", "9x", "a\nb", "```rust\nfn x() {}\n```",
    "~~~\npanic!()\n~~~", "\u{202e}x", "\r", "\u{1b}[31m", "{x}", "a/b", "..", "#/", "~1",
    "with_response", "x_pages", "Unknown",
];

fn nodes(value: &Value, path: String, out: &mut Vec<String>) {
    out.push(path.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let k = k.replace('~', "~0").replace('/', "~1");
                nodes(v, format!("{path}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                nodes(v, format!("{path}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn mutate(doc: &mut Value, u: &mut Unstructured<'_>) -> Result<()> {
    let mut paths = Vec::new();
    nodes(doc, String::new(), &mut paths);
    let target = u.choose(&paths)?.clone();
    if target.is_empty() {
        return Ok(());
    }
    let other = u.choose(&paths)?.clone();
    let replacement = match u.int_in_range(0..=7)? {
        0 => doc.pointer(&other).cloned().unwrap_or(Value::Null),
        1 => json!({ "$ref": format!("#{other}") }),
        2 => Value::String(u.choose(HOSTILE)?.to_string()),
        3 => json!(u.arbitrary::<i64>()?),
        4 => json!(u.arbitrary::<f64>().ok().filter(|f| f.is_finite()).unwrap_or(1e300)),
        5 => json!({ (*u.choose(HOSTILE)?).to_string(): doc.pointer(&other).cloned().unwrap_or(Value::Null) }),
        6 => json!([]),
        _ => {
            // Removal.
            let (parent, key) = target.rsplit_once('/').unwrap_or(("", ""));
            if let Some(Value::Object(map)) = doc.pointer_mut(parent) {
                map.shift_remove(&key.replace("~1", "/").replace("~0", "~"));
            }
            return Ok(());
        }
    };
    if let Some(node) = doc.pointer_mut(&target) {
        *node = replacement;
    }
    Ok(())
}

/// Adds `levels` schemas (or `x-` values) `N0, N1, ..`, each referring to the next once (a
/// chain) or twice (a DAG, 2^levels paths) through a construct the input picks; the last
/// refers back to the first (a cycle) or to a leaf.
fn grow(doc: &mut Value, u: &mut Unstructured<'_>) -> Result<()> {
    let levels = u.int_in_range(1..=64usize)? * if u.arbitrary::<bool>()? { 1 } else { 8 };
    let twice = u.arbitrary::<bool>()?;
    let construct = u.int_in_range(0..=6u8)?;
    let cycle = u.arbitrary::<bool>()?;
    let (prefix, holder) = if u.ratio(1, 4)? {
        ("#/x-shape", "x-shape")
    } else {
        ("#/components/schemas", "components")
    };
    let mut shapes = serde_json::Map::new();
    for i in 0..levels {
        let next = if i + 1 < levels {
            i + 1
        } else if cycle {
            0
        } else {
            levels
        };
        let to = json!({ "$ref": format!("{prefix}/N{next}") });
        let refs = if twice {
            vec![to.clone(), to.clone()]
        } else {
            vec![to.clone()]
        };
        let node = match construct {
            0 => json!({ "allOf": refs }),
            1 => json!({ "oneOf": refs, "example": { "a": "x" } }),
            2 => json!({ "anyOf": refs }),
            3 => json!({ "type": "object", "properties": { "a": to, "b": refs[refs.len() - 1] } }),
            4 => json!({ "type": "array", "items": to }),
            5 => json!({ "type": "object", "additionalProperties": to }),
            _ => to,
        };
        shapes.insert(format!("N{i}"), node);
    }
    shapes.insert(
        format!("N{levels}"),
        json!({ "type": "object", "properties": { "a": { "type": "integer" } }, "required": ["a"] }),
    );
    let Value::Object(root) = doc else {
        return Ok(());
    };
    if holder == "x-shape" {
        root.insert(holder.into(), Value::Object(shapes));
        return Ok(());
    }
    let components = root.entry("components").or_insert_with(|| json!({}));
    if let Value::Object(components) = components {
        let schemas = components.entry("schemas").or_insert_with(|| json!({}));
        if let Value::Object(schemas) = schemas {
            schemas.extend(shapes);
        }
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(seed) = u.choose(SEEDS) else { return };
    let Ok(mut doc) = generator::parse::load(seed) else {
        return;
    };
    let rounds = u.int_in_range(1..=8u8).unwrap_or(1);
    for _ in 0..rounds {
        let step = match u.ratio(1, 6) {
            Ok(true) => grow(&mut doc, &mut u),
            _ => mutate(&mut doc, &mut u),
        };
        if step.is_err() {
            break;
        }
    }
    let text = doc.to_string();
    let settings = generator::Settings::new("fuzzed", "cargo xtask fuzz");
    if let Err(generator::Error::Format { file, message }) = generator::generate(&text, &settings) {
        panic!("generated {file} does not parse: {message}\n{text}");
    }
});
