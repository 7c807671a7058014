//! A property test on stable: random small *valid* specs (seeded, so a failure reproduces),
//! built from every schema shape and operation feature the generator knows, with names drawn
//! from the words that have broken generators. Each must be accepted, and give files that parse
//! as Rust (the formatter checks that; an internal formatting error is a bug); a sample of them
//! is compiled with clippy through the corpus gate. (Coverage-guided fuzzing is `cargo xtask
//! fuzz`.)

use workspace_tests::{assert_corpus_passes, fixture_settings};

/// xorshift64*: small, deterministic, good enough to pick shapes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Words that have clashed with something a generator binds.
const WORDS: &[&str] = &[
    "type",
    "self",
    "Self",
    "crate",
    "String",
    "Option",
    "Result",
    "Vec",
    "Box",
    "new",
    "url",
    "query",
    "request",
    "text",
    "params",
    "client",
    "body",
    "value",
    "item",
    "page",
    "status",
    "decode",
    "param_text",
    "Unknown",
    "Error",
    "Client",
    "Response",
    "default",
    "3d",
    "a-b",
    "fooBar",
    "foo_bar",
    "FooBar",
    "with_timeout",
    "x",
    "id",
    "name",
    "kind",
    "list",
    "get",
];

fn schema(rng: &mut Rng, count: usize, depth: usize) -> String {
    let reference = |rng: &mut Rng| {
        format!(
            "{{\"$ref\": \"#/components/schemas/S{}\"}}",
            rng.below(count)
        )
    };
    match if depth > 2 { rng.below(5) } else { rng.below(11) } {
        0 => "{\"type\": \"string\"}".into(),
        1 => "{\"type\": \"integer\", \"format\": \"int32\"}".into(),
        2 => "{\"type\": \"number\", \"nullable\": true}".into(),
        3 => "{\"type\": \"boolean\", \"default\": true}".into(),
        4 => reference(rng),
        5 => format!("{{\"type\": \"array\", \"items\": {}}}", schema(rng, count, depth + 1)),
        6 => format!(
            "{{\"type\": \"string\", \"enum\": [\"{}\", \"{}\", \"\"]}}",
            rng.pick(WORDS),
            rng.pick(WORDS)
        ),
        7 => format!(
            "{{\"type\": \"object\", \"additionalProperties\": {}}}",
            schema(rng, count, depth + 1)
        ),
        8 => format!("{{\"oneOf\": [{}, {}]}}", reference(rng), schema(rng, count, depth + 1)),
        // (Members are objects: `allOf` of a string and an object is a contradiction, refused.)
        9 => format!(
            "{{\"allOf\": [{{\"type\": \"object\", \"properties\": {{\"{}\": {}}}}}, {{\"type\": \"object\", \"properties\": {{\"extra_{}\": {{\"type\": \"string\"}}}}}}]}}",
            rng.pick(WORDS),
            schema(rng, count, depth + 1),
            rng.below(1000)
        ),
        _ => {
            let mut props = Vec::new();
            let mut names = Vec::new();
            for _ in 0..1 + rng.below(4) {
                let name = rng.pick(WORDS);
                if !names.contains(&name) {
                    names.push(name);
                    props.push(format!("\"{name}\": {}", schema(rng, count, depth + 1)));
                }
            }
            let required = names
                .iter()
                .filter(|_| rng.below(2) == 0)
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(", ");
            format!(
                "{{\"type\": \"object\", \"required\": [{required}], \"properties\": {{{}}}}}",
                props.join(", ")
            )
        }
    }
}

fn spec(seed: u64) -> String {
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let count = 1 + rng.below(6);
    let schemas: Vec<String> = (0..count)
        .map(|i| format!("\"S{i}\": {}", schema(&mut rng, count, 0)))
        .collect();
    let mut paths = Vec::new();
    for i in 0..1 + rng.below(4) {
        let method = rng.pick(&["get", "post", "put", "delete", "patch"]);
        let operation_id = rng.pick(WORDS);
        let mut params = vec![format!("{{\"name\": \"p{i}\", \"in\": \"path\", \"required\": true, \"schema\": {{\"type\": \"integer\"}}}}")];
        let mut names = Vec::new();
        for _ in 0..rng.below(5) {
            let name = rng.pick(WORDS);
            if names.contains(&name) {
                continue;
            }
            names.push(name);
            let location = rng.pick(&["query", "header", "cookie"]);
            let required = rng.below(2) == 0;
            params.push(format!(
                "{{\"name\": \"{name}\", \"in\": \"{location}\", \"required\": {required}, \"schema\": {}}}",
                schema(&mut rng, count, 2)
            ));
        }
        let body = if method == "get" || method == "delete" {
            String::new()
        } else {
            format!(
                ", \"requestBody\": {{\"required\": {}, \"content\": {{\"application/json\": {{\"schema\": {}}}}}}}",
                rng.below(2) == 0,
                schema(&mut rng, count, 1)
            )
        };
        let responses = match rng.below(3) {
            0 => "\"204\": {\"description\": \"none\"}".to_string(),
            1 => format!(
                "\"200\": {{\"description\": \"ok\", \"content\": {{\"application/json\": {{\"schema\": {}}}}}}}, \"404\": {{\"description\": \"missing\", \"content\": {{\"application/json\": {{\"schema\": {}}}}}}}",
                schema(&mut rng, count, 1),
                schema(&mut rng, count, 2)
            ),
            _ => format!(
                "\"200\": {{\"description\": \"ok\", \"content\": {{\"application/json\": {{\"schema\": {}}}}}}}, \"202\": {{\"description\": \"later\"}}, \"default\": {{\"description\": \"error\"}}",
                schema(&mut rng, count, 1)
            ),
        };
        paths.push(format!(
            "\"/r{i}/{{p{i}}}\": {{\"{method}\": {{\"operationId\": \"{operation_id}{i}\", \"parameters\": [{}]{body}, \"responses\": {{{responses}}}}}}}",
            params.join(", ")
        ));
    }
    format!(
        "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"Random {seed}\", \"version\": \"1\"}}, \"paths\": {{{}}}, \"components\": {{\"schemas\": {{{}}}}}}}",
        paths.join(", "),
        schemas.join(", ")
    )
}

#[test]
fn random_valid_specs_are_accepted_and_give_rust_that_parses() {
    for seed in 0..300 {
        let text = spec(seed);
        if let Err(e) = generator::generate(&text, &fixture_settings()) {
            // A schema that is only an alias of itself (`S0 = S0`) is a `$ref` loop: refused
            // with a located error, which is right. Anything else is a bug.
            assert!(
                matches!(
                    e,
                    generator::Error::RefLoop { .. } | generator::Error::AllOfCycle { .. }
                ),
                "seed {seed}: {e}\n{text}"
            );
        }
    }
}

#[test]
fn a_sample_of_random_specs_compiles_clippy_clean() {
    let dir = std::env::temp_dir().join(format!("random-specs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut written = 0;
    for seed in 1000..1200 {
        let text = spec(seed);
        if generator::generate(&text, &fixture_settings()).is_ok() {
            std::fs::write(dir.join(format!("random-{seed}.json")), text).expect("write spec");
            written += 1;
        }
        if written == 4 {
            break;
        }
    }
    assert_corpus_passes(&dir, written);
    let _ = std::fs::remove_dir_all(&dir);
}
