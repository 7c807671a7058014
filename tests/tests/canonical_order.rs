//! The order a spec lists unordered things in does not reach the generated crate: publishers
//! reorder `components/schemas` on most publishes, and a reviewer must see only what changed.
//!
//! Each spec is generated as written and again with every map whose order carries no meaning
//! shuffled (every `components` map and `webhooks`) and every `required` list (a set) shuffled:
//! the files must be byte-identical. What keeps its order (paths, properties, parameters,
//! responses, media types, enum values, a discriminator's mapping) is left alone.

use generator::Settings;
use serde_json::{Map, Value};
use workspace_tests::{corpus, fixtures, read};

/// A fixed pseudo-random permutation (a small LCG), so a failure is reproducible.
struct Shuffler(u64);

impl Shuffler {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % bound as u64) as usize
    }

    fn permute<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.next(i + 1);
            items.swap(i, j);
        }
    }

    fn map(&mut self, map: &mut Map<String, Value>) {
        let mut entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
        self.permute(&mut entries);
        map.extend(entries);
    }

    /// Shuffles the unordered parts of `value`, a part of the document.
    fn walk(&mut self, value: &mut Value) {
        match value {
            Value::Object(map) => {
                if let Some(Value::Array(required)) = map.get_mut("required") {
                    if required.iter().all(Value::is_string) {
                        self.permute(required);
                    }
                }
                for (_, child) in map.iter_mut() {
                    self.walk(child);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|item| self.walk(item)),
            _ => {}
        }
    }

    fn document(&mut self, tree: &mut Value) {
        if let Some(Value::Object(components)) = tree.get_mut("components") {
            self.map(components);
            for (_, section) in components.iter_mut() {
                if let Value::Object(section) = section {
                    self.map(section);
                }
            }
        }
        if let Some(Value::Object(webhooks)) = tree.get_mut("webhooks") {
            self.map(webhooks);
        }
        self.walk(tree);
    }
}

fn assert_order_independent(spec: &std::path::Path) {
    let tree = generator::parse::load(&read(spec)).expect("the spec loads");
    let settings = Settings::new("order", "test");
    let written_text = tree.to_string();
    let as_written = generator::generate(&written_text, &settings)
        .unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    let mut reordered_at_all = false;
    for seed in [1, 2, 3] {
        let mut shuffled = tree.clone();
        Shuffler(seed).document(&mut shuffled);
        // `Value`'s `==` ignores key order; the text does not.
        let shuffled_text = shuffled.to_string();
        reordered_at_all |= shuffled_text != written_text;
        let again = generator::generate(&shuffled_text, &settings)
            .unwrap_or_else(|e| panic!("{} shuffled: {e}", spec.display()));
        for ((path, written), (_, reordered)) in as_written.files.iter().zip(&again.files) {
            assert!(
                written == reordered,
                "{}, seed {seed}: {path} depends on the order of unordered maps",
                spec.display()
            );
        }
        assert_eq!(as_written.files.len(), again.files.len());
        assert_eq!(as_written.notes, again.notes, "{}", spec.display());
    }
    assert!(reordered_at_all, "{}: nothing was shuffled", spec.display());
}

#[test]
fn the_full_gcore_streaming_spec_is_order_independent() {
    assert_order_independent(&corpus().join("gcore-streaming.yaml"));
}

#[test]
fn the_gcore_cdn_spec_is_order_independent() {
    assert_order_independent(&corpus().join("gcore-cdn.yaml"));
}

#[test]
fn the_discord_spec_is_order_independent() {
    assert_order_independent(&corpus().join("discord.json"));
}

#[test]
fn fixtures_with_unions_security_and_name_clashes_are_order_independent() {
    for name in [
        "unions.yaml",
        "security.yaml",
        "name_clashes.yaml",
        "recursion.yaml",
        "operations.yaml",
    ] {
        assert_order_independent(&fixtures().join(name));
    }
}
