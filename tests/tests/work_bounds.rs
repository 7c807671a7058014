//! Work and memory proportional to the input, whatever the shape of its reference graph.
//!
//! Every case is a small spec of a shape that once cost exponential or quadratic work (issue
//! 26): references that form a DAG (in `x-` documentation, under `allOf`, under `oneOf` with an
//! example to check), long chains (of properties, of aliases, of `$ref` hops), a name repeated
//! thousands of times, and YAML built to reach the scanner's slow paths. Work is counted, not
//! timed: this test binary's allocator ([`cap::Cap`]) adds up every byte generation allocates,
//! and refuses to hold more than a budget at once. Each case must stay within
//!
//! - **work**: [`WORK_PER_BYTE`] bytes allocated (all told) per byte of spec, plus
//!   [`WORK_FLOOR`];
//! - **memory**: [`PEAK_PER_BYTE`] bytes held at once per byte of spec, plus [`PEAK_FLOOR`]: the
//!   allocator's limit during the case, so a case past it aborts this binary with `memory
//!   allocation of N bytes failed`;
//!
//! and a chain twice as long must cost at most [`DOUBLING`] times the work (linear, where a
//! quadratic walk costs four times). The README's trust model states these figures.
//!
//! Bytes allocated are a measure of work only where work allocates. A walk that allocates
//! little per step is invisible here beside what printing the crate allocates: the cycle
//! check's old reachability walk per field was quadratic in time on the property chain while
//! adding under 10% to its allocations. Such passes are guarded where they live
//! (`cycles::tests::a_ring_of_structs_is_walked_once`: 100,000 types, one walk). (The cases
//! run one after another on one thread, so the allocator's counts are theirs; the test fails
//! after [`DEADLINE`] rather than hang if a regression makes one exponential in time alone.)

use cap::Cap;
use std::alloc::System;
use workspace_tests::{fixture_settings, shapes};

#[global_allocator]
static ALLOCATOR: Cap<System> = Cap::new(System, usize::MAX);

/// Bytes allocated, all told, per byte of spec.
const WORK_PER_BYTE: usize = 4_000;
/// Bytes allocated, all told, by any spec however small (the runtime modules, the crate's
/// scaffold, and the inlining budget's floor of 100,000 copied values).
const WORK_FLOOR: usize = 256 << 20;
/// Bytes held at once per byte of spec.
const PEAK_PER_BYTE: usize = 1_000;
/// Bytes held at once by any spec.
const PEAK_FLOOR: usize = 64 << 20;
/// How much more work a chain twice as long may cost.
const DOUBLING: f64 = 2.5;
/// How long all cases together may take (debug build, the slowest machine CI uses).
const DEADLINE: std::time::Duration = std::time::Duration::from_secs(300);

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

/// What one generation cost.
#[derive(Debug, Clone, Copy)]
struct Cost {
    input: usize,
    allocated: usize,
}

/// Generates `spec` under the memory budget its size allows; whether it is accepted is the
/// case's own business (several must be refused), so the result is returned as it is.
fn measure(spec: &str) -> (Result<generator::Generated, generator::Error>, Cost) {
    let settings = fixture_settings();
    let before = ALLOCATOR.total_allocated();
    let limit = ALLOCATOR.allocated() + PEAK_FLOOR + PEAK_PER_BYTE * spec.len();
    ALLOCATOR
        .set_limit(limit)
        .expect("limit above what is held");
    let result = generator::generate(spec, &settings);
    ALLOCATOR.set_limit(usize::MAX).expect("no limit");
    let cost = Cost {
        input: spec.len(),
        allocated: ALLOCATOR.total_allocated() - before,
    };
    (result, cost)
}

fn within_budget(name: &str, cost: Cost) {
    let budget = WORK_FLOOR + WORK_PER_BYTE * cost.input;
    eprintln!(
        "{name}: {} bytes of spec, {} MB allocated in all (budget {} MB)",
        cost.input,
        cost.allocated >> 20,
        budget >> 20
    );
    assert!(
        cost.allocated <= budget,
        "{name}: allocated {} bytes for a {}-byte spec (budget {budget})",
        cost.allocated,
        cost.input
    );
}

/// Generates `shape(n)` and `shape(2n)`: both within budget, and the longer costing at most
/// [`DOUBLING`] times the shorter's work above the floor a spec of no length costs.
fn linear(name: &str, n: usize, shape: fn(usize) -> String) {
    let (_, floor) = measure(&format!("{HEAD}paths: {{}}\n"));
    let (short, once) = measure(&shape(n));
    let (long, twice) = measure(&shape(2 * n));
    assert!(short.is_ok() && long.is_ok(), "{name}: {short:?} {long:?}");
    within_budget(&format!("{name} ({n})"), once);
    within_budget(&format!("{name} ({})", 2 * n), twice);
    let ratio = (twice.allocated - floor.allocated) as f64
        / (once.allocated - floor.allocated).max(1) as f64;
    eprintln!("{name}: twice as long, {ratio:.2} times the work");
    assert!(
        ratio <= DOUBLING,
        "{name}: {n} -> {} costs {ratio:.2}x the work (quadratic?)",
        2 * n
    );
}

/// `S_i` has one property of type `S_i+1`; the last points back to the first, so every field
/// is recursive and boxed (the cycle check once walked the graph once per field).
fn property_chain(n: usize) -> String {
    let mut spec = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n");
    for i in 0..n {
        let next = (i + 1) % n;
        spec.push_str(&format!(
            "    S{i}: {{type: object, properties: {{n: {{$ref: '#/components/schemas/S{next}'}}}}}}\n"
        ));
    }
    spec
}

/// `A_i` is `A_i+1` (a `$ref` hop each), the last an array of the first: one alias cycle.
fn alias_chain(n: usize) -> String {
    let mut spec = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n");
    for i in 0..n {
        spec.push_str(&format!(
            "    A{i}: {{$ref: '#/components/schemas/A{}'}}\n",
            i + 1
        ));
    }
    spec.push_str(&format!(
        "    A{n}: {{type: array, items: {{$ref: '#/components/schemas/A0'}}}}\n"
    ));
    spec
}

/// `n` operations with one operationId: each repeat gets the next free number.
fn repeated_operation_id(n: usize) -> String {
    let mut spec = format!("{HEAD}paths:\n");
    for i in 0..n {
        spec.push_str(&format!(
            "  /a{i}:\n    get:\n      operationId: same\n      responses: {{'200': {{description: ok}}}}\n"
        ));
    }
    spec
}

/// `levels` levels of `x-` documentation, each referring twice to the next: 2^levels copies
/// if inlined naively; the inlining budget stops it.
fn extension_dag(levels: usize) -> String {
    let mut spec = format!("{HEAD}paths: {{}}\nx-dag:\n");
    for i in 0..levels {
        let next = format!("{{$ref: '#/x-dag/d{}'}}", i + 1);
        spec.push_str(&format!("  d{i}: [{next}, {next}]\n"));
    }
    spec.push_str(&format!("  d{levels}: leaf\n"));
    spec
}

#[test]
fn generation_costs_a_bounded_multiple_of_the_spec() {
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        // Graphs that are DAGs: accepted, each node walked once.
        for (name, spec) in [
            ("x- documentation DAG, 40 levels", extension_dag(40)),
            ("allOf DAG, 40 levels", shapes::all_of_dag(40)),
            (
                "oneOf DAG with an example, 60 levels",
                shapes::one_of_dag(60),
            ),
        ] {
            let (result, cost) = measure(&spec);
            assert!(result.is_ok(), "{name}: {result:?}");
            within_budget(name, cost);
        }
        // Long chains: linear.
        linear("property chain", 1_000, property_chain);
        linear("alias chain", 1_000, alias_chain);
        linear("repeated operationId", 500, repeated_operation_id);
        // Wide rather than deep: one item as big as the spec (the most memory per byte of spec
        // measured: each short value is a variant, a decoding arm and an `as_str` arm).
        linear("an enum of many values", 5_000, big_enum);
        linear("an operation with many parameters", 1_000, many_parameters);
        // Inputs built for the YAML scanner's slow paths: refused, cheaply.
        let refused = [
            (
                "flow brackets behind a `#` in a plain scalar",
                format!("{HEAD}paths: {{}}\nx-a: [a#b, {}", "[".repeat(99_000)),
            ),
            ("an alias bomb", alias_bomb()),
            ("block nesting 200 levels deep", block_nesting(200)),
        ];
        for (name, spec) in refused {
            let (result, cost) = measure(&spec);
            assert!(result.is_err(), "{name}: accepted");
            within_budget(name, cost);
        }
        let _ = done.send(());
    });
    finished
        .recv_timeout(DEADLINE)
        .expect("every case ends, within budget, before the deadline");
}

/// One string enum of `n` one-word values.
fn big_enum(n: usize) -> String {
    let values: Vec<String> = (0..n).map(|i| format!("v{i}")).collect();
    format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    E:\n      type: string\n      enum: [{}]\n",
        values.join(", ")
    )
}

/// One operation with `n` query parameters.
fn many_parameters(n: usize) -> String {
    let mut spec = format!("{HEAD}paths:\n  /a:\n    get:\n      parameters:\n");
    for i in 0..n {
        spec.push_str(&format!(
            "        - {{name: p{i}, in: query, schema: {{type: string}}}}\n"
        ));
    }
    spec.push_str("      responses: {'200': {description: ok}}\n");
    spec
}

/// Nine levels of anchors, each a list of ten aliases of the one before: 10^9 values if the
/// loader expanded them.
fn alias_bomb() -> String {
    let mut spec = format!("{HEAD}paths: {{}}\nx-l0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..9 {
        let items = vec![format!("*a{}", i - 1); 10].join(", ");
        spec.push_str(&format!("x-l{i}: &a{i} [{items}]\n"));
    }
    spec
}

/// A schema whose properties nest `depth` levels deep, in block style.
fn block_nesting(depth: usize) -> String {
    let mut spec = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n");
    let mut indent = "      ".to_string();
    for _ in 0..depth {
        spec.push_str(&format!(
            "{indent}type: object\n{indent}properties:\n{indent}  p:\n"
        ));
        indent.push_str("    ");
    }
    spec.push_str(&format!("{indent}type: string\n"));
    spec
}
