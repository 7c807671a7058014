//! Structure-aware: a valid spec (one of the fixtures) mutated where OpenAPI has structure:
//! nodes replaced by other nodes of the document, by `$ref`s to arbitrary pointers, by
//! hostile strings and numbers, or removed. Every mutant must be refused with an error or give
//! files that parse as Rust (the formatter checks that; an `Error::Format` is a bug).
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

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(seed) = u.choose(SEEDS) else { return };
    let Ok(mut doc) = generator::parse::load(seed) else {
        return;
    };
    let rounds = u.int_in_range(1..=8u8).unwrap_or(1);
    for _ in 0..rounds {
        if mutate(&mut doc, &mut u).is_err() {
            break;
        }
    }
    let text = doc.to_string();
    let settings = generator::Settings::new("fuzzed", "cargo xtask fuzz");
    if let Err(generator::Error::Format { file, message }) = generator::generate(&text, &settings) {
        panic!("generated {file} does not parse: {message}\n{text}");
    }
});
