//! `bench --decode [SPEC...]`: how fast the generated models decode and encode, against the
//! floor (`serde_json` into `serde::de::IgnoredAny` over the same bytes: parsing the JSON and
//! keeping nothing) and against serde's derive for the same types.
//!
//! The derive's types are a twin of the models written from the same IR: a struct per struct
//! (`#[serde(rename)]`, `Option` with `default` and `skip_serializing_if`, `flatten` for the
//! undeclared keys), a string enum with an `#[serde(untagged)] Unknown(String)` catch-all (the
//! value kept, as the models keep it; serde buffers such an enum's value), an untagged enum per
//! union (its never-tried members left out, as the models leave them out of decoding), an
//! alias per alias; integer enums are `i64` (serde derives no integer enum). So each measured
//! type is the same shape decoded two ways, in the same process, over the same bytes.
//!
//! The payloads are the spec's own examples that survive a round trip (the generator predicts
//! which do not), each repeated into a JSON array of about 4 MB: the largest examples of
//! distinct types, at most eight per spec. Each number is the median of 11 rounds, each round
//! taking every measure in turn. The crates and the harness are written under
//! `target/bench-decode/` and built with `--release`.

use generator::ir::{Api, Field, TypeDef, TypeKind, TypeRef};
use generator::Settings;
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, ExitCode};

/// The examples measured per spec, the largest first.
const PER_SPEC: usize = 8;

pub fn run(args: &[String]) -> ExitCode {
    let scratch = crate::project_root().join("target/bench-decode");
    let mut members = Vec::new();
    for spec in &crate::bench::crate_specs(args) {
        match write_bench(&scratch, spec) {
            Ok(Some(harness)) => members.extend(harness),
            Ok(None) => eprintln!("{}: no example to measure", spec.display()),
            Err(e) => {
                eprintln!("error: {}: {e}", spec.display());
                return ExitCode::FAILURE;
            }
        }
    }
    let list: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    let workspace = format!(
        "# Written by `cargo xtask bench --decode`.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[profile.release]\ndebug = false\n",
        list.join(", ")
    );
    if let Err(e) = std::fs::write(scratch.join("Cargo.toml"), workspace) {
        eprintln!("error: {}: {e}", scratch.display());
        return ExitCode::FAILURE;
    }
    println!("Decode: MB/s of JSON read into `Vec<T>`; `× floor` and `× derive` are this crate's time over theirs (lower is better). Encode: MB/s of `serde_json::to_vec`.\n");
    println!("| spec | type | MB | floor MB/s | derive MB/s | models MB/s | × floor | × derive | encode derive MB/s | encode models MB/s | encode × derive |");
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for member in members.iter().filter(|m| m.ends_with("-harness")) {
        let status = Command::new(env!("CARGO"))
            .args(["run", "--release", "--quiet", "-p", member])
            .current_dir(&scratch)
            .env("CARGO_TARGET_DIR", scratch.join("target"))
            .status();
        if !status.is_ok_and(|s| s.success()) {
            eprintln!("error: {member} failed");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

/// Generates `spec`'s crate and its harness under `scratch`: the workspace members written, or
/// `None` when the spec has no example worth measuring.
fn write_bench(scratch: &Path, spec: &Path) -> Result<Option<Vec<String>>, String> {
    let (name, settings) =
        crate::bench::crate_settings(spec, "decode", "cargo xtask bench --decode")?;
    let stem = spec
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let generated = generator::generate_file(spec, &settings).map_err(|e| e.to_string())?;
    let chosen = measured(&generated.api, &settings);
    if chosen.is_empty() {
        return Ok(None);
    }
    generator::output::write_crate(&scratch.join(&name), &generated.files, false)
        .map_err(|e| e.to_string())?;
    let harness = format!("{name}-harness");
    let dir = scratch.join(&harness);
    std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    let manifest = format!(
        "[package]\nname = \"{harness}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{name} = {{ path = \"../{name}\", default-features = false, features = [\"serialize\", \"deserialize\"] }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n"
    );
    let krate = name.replace('-', "_");
    let files = [
        ("Cargo.toml", manifest),
        ("src/twin.rs", twin(&generated.api)),
        (
            "src/main.rs",
            harness_main(&generated.api, &krate, &stem, &chosen),
        ),
    ];
    for (path, text) in files {
        std::fs::write(dir.join(path), text).map_err(|e| e.to_string())?;
    }
    Ok(Some(vec![name, harness]))
}

/// The examples to measure: of the ones that survive a round trip (neither predicted nor listed
/// in the settings as deviating) and are objects or arrays of a named type, the largest of each
/// type, the largest types first.
fn measured(api: &Api, settings: &Settings) -> Vec<(usize, String)> {
    let mut best: std::collections::BTreeMap<usize, String> = Default::default();
    for example in &api.examples {
        let TypeRef::Named(id) = &example.ty else {
            continue;
        };
        let deviates = generator::examples::deviation(example, settings).is_some();
        if deviates || !(example.value.is_object() || example.value.is_array()) {
            continue;
        }
        let text = example.value.to_string();
        let entry = best.entry(id.index).or_default();
        if text.len() > entry.len() {
            *entry = text;
        }
    }
    let mut chosen: Vec<(usize, String)> = best.into_iter().collect();
    chosen.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    chosen.truncate(PER_SPEC);
    chosen
}

/// The harness: each chosen type measured through `measure::<models, twin>`.
fn harness_main(api: &Api, krate: &str, spec: &str, chosen: &[(usize, String)]) -> String {
    let mut calls = String::new();
    for (index, example) in chosen {
        let name = &api.types[*index].name;
        let _ = writeln!(
            calls,
            "    measure::<{krate}::models::{name}, twin::T{index}>({spec:?}, {name:?}, {example:?});"
        );
    }
    format!("{}\nfn main() {{\n{calls}}}\n", HARNESS)
}

/// The measuring code every harness shares.
const HARNESS: &str = r#"//! Written by `cargo xtask bench --decode`.
mod twin;

use serde::{de::DeserializeOwned, Serialize};
use std::hint::black_box;
use std::time::Instant;

const ROUNDS: usize = 11;

/// Seconds `f` takes.
fn timed(f: impl FnOnce()) -> f64 {
    let started = Instant::now();
    f();
    started.elapsed().as_secs_f64()
}

/// The median of each column of `rounds`.
fn medians<const N: usize>(mut rounds: Vec<[f64; N]>) -> [f64; N] {
    std::array::from_fn(|i| {
        rounds.sort_by(|a, b| a[i].total_cmp(&b[i]));
        rounds[rounds.len() / 2][i]
    })
}

/// Decode and encode timings of one type, `M` (the models) beside `D` (the derive's twin),
/// in rounds that take each measure in turn (so that what else the machine does falls on all
/// of them alike).
fn measure<M, D>(spec: &str, name: &str, example: &str)
where
    M: DeserializeOwned + Serialize,
    D: DeserializeOwned + Serialize,
{
    let copies = (4 << 20) / example.len().max(1) + 1;
    let payload = format!("[{}]", vec![example; copies].join(","));
    let bytes = payload.as_bytes();
    let mb = bytes.len() as f64 / 1e6;
    let models = match serde_json::from_slice::<Vec<M>>(bytes) {
        Ok(models) => models,
        Err(e) => {
            println!("| {spec} | {name} | {mb:.1} | | | fails: {e} | | | | | |");
            return;
        }
    };
    let twins = serde_json::from_slice::<Vec<D>>(bytes).ok();
    let rounds = (0..ROUNDS)
        .map(|_| {
            let floor = timed(|| {
                black_box(serde_json::from_slice::<serde::de::IgnoredAny>(bytes).unwrap());
            });
            let decode = timed(|| {
                black_box(serde_json::from_slice::<Vec<M>>(bytes).unwrap());
            });
            let encode = timed(|| {
                black_box(serde_json::to_vec(&models).unwrap());
            });
            let (derive, derive_encode) = match &twins {
                Some(twins) => (
                    timed(|| {
                        black_box(serde_json::from_slice::<Vec<D>>(bytes).unwrap());
                    }),
                    timed(|| {
                        black_box(serde_json::to_vec(twins).unwrap());
                    }),
                ),
                None => (f64::NAN, f64::NAN),
            };
            [floor, decode, encode, derive, derive_encode]
        })
        .collect();
    let [floor, decode, encode, derive, derive_encode] = medians(rounds);
    let rate = |t: f64| match t.is_nan() {
        true => "fails".to_string(),
        false => format!("{:.0}", mb / t),
    };
    let ratio = |t: f64, of: f64| match t.is_nan() {
        true => String::new(),
        false => format!("{:.2}", of / t),
    };
    println!(
        "| {spec} | {name} | {mb:.1} | {} | {} | {} | {:.2} | {} | {} | {} | {} |",
        rate(floor),
        rate(derive),
        rate(decode),
        decode / floor,
        ratio(derive, decode),
        rate(derive_encode),
        rate(encode),
        ratio(derive_encode, encode),
    );
}
"#;

/// The derive's twin of every model type: `T{index}`, the same shape with serde's derives.
fn twin(api: &Api) -> String {
    let mut out = String::from(
        "//! Written by `cargo xtask bench --decode`: the models again, with serde's derives.\n#![allow(dead_code, clippy::all)]\nuse serde::{Deserialize, Serialize};\n\n",
    );
    for (index, def) in api.types.iter().enumerate() {
        twin_type(&mut out, index, def);
    }
    out
}

fn twin_type(out: &mut String, index: usize, def: &TypeDef) {
    const DERIVE: &str = "#[derive(Deserialize, Serialize)]";
    match &def.kind {
        TypeKind::Struct { fields } => {
            let _ = writeln!(out, "{DERIVE}\npub struct T{index} {{");
            for (i, f) in fields.iter().enumerate() {
                let _ = writeln!(out, "    {} pub f{i}: {},", field_attrs(f), field_type(f));
            }
            out.push_str("}\n\n");
        }
        TypeKind::Alias { target, newtype } => match newtype {
            true => {
                let _ = writeln!(
                    out,
                    "{DERIVE}\n#[serde(transparent)]\npub struct T{index}(pub {});\n",
                    rust_type(target)
                );
            }
            false => {
                let _ = writeln!(out, "pub type T{index} = {};\n", rust_type(target));
            }
        },
        TypeKind::Enum { variants } => {
            let _ = writeln!(out, "{DERIVE}\npub enum T{index} {{");
            for (i, v) in variants.iter().enumerate() {
                let _ = writeln!(out, "    #[serde(rename = {:?})] V{i},", v.value);
            }
            // A value no variant names is kept, as the models keep it (`Unknown(String)`):
            // the same type, not a smaller one that drops what it does not know.
            out.push_str("    #[serde(untagged)] Unknown(String),\n}\n\n");
        }
        TypeKind::IntEnum { .. } => {
            let _ = writeln!(out, "pub type T{index} = i64;\n");
        }
        TypeKind::Tuple { items, .. } => {
            let items: Vec<String> = items
                .iter()
                .map(|item| {
                    let ty = rust_type(&item.ty);
                    let ty = if item.boxed { format!("Box<{ty}>") } else { ty };
                    match item.nullable {
                        true => format!("pub Option<{ty}>"),
                        false => format!("pub {ty}"),
                    }
                })
                .collect();
            let _ = writeln!(
                out,
                "{DERIVE}\npub struct T{index}({});\n",
                items.join(", ")
            );
        }
        TypeKind::Union { variants, .. } => {
            let _ = writeln!(out, "{DERIVE}\n#[serde(untagged)]\npub enum T{index} {{");
            for (i, v) in variants.iter().enumerate().filter(|(_, v)| !v.untried) {
                let ty = rust_type(&v.ty);
                let ty = if v.boxed { format!("Box<{ty}>") } else { ty };
                let _ = writeln!(out, "    V{i}({ty}),");
            }
            out.push_str("}\n\n");
        }
    }
}

/// A field's serde attributes: its wire name, and for an optional one, absent when `None` (a
/// required one that may be `null` is written as `null`, as the models write it).
fn field_attrs(f: &Field) -> String {
    if f.flatten {
        return "#[serde(flatten)]".to_string();
    }
    match !f.required {
        true => format!(
            "#[serde(rename = {:?}, default, skip_serializing_if = \"Option::is_none\")]",
            f.wire_name
        ),
        false => format!("#[serde(rename = {:?})]", f.wire_name),
    }
}

fn field_type(f: &Field) -> String {
    let mut ty = rust_type(&f.ty);
    if f.boxed {
        ty = format!("Box<{ty}>");
    }
    match !f.flatten && (!f.required || f.nullable) {
        true => format!("Option<{ty}>"),
        false => ty,
    }
}

/// The twin's spelling of a type: the models' containers, the twins' names.
fn rust_type(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::U32 => "u32".into(),
        TypeRef::U64 => "u64".into(),
        TypeRef::F32 => "f32".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::Bool => "bool".into(),
        // Typed formats are off in the settings the bench uses (the default): never met.
        TypeRef::DateTime | TypeRef::Date | TypeRef::Uuid => "String".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::JsonObject => "serde_json::Map<String, serde_json::Value>".into(),
        TypeRef::Vec(item) => format!("Vec<{}>", rust_type(item)),
        TypeRef::Map(value) => format!("std::collections::BTreeMap<String, {}>", rust_type(value)),
        TypeRef::Named(id) => format!("T{}", id.index),
    }
}
