//! Turns an OpenAPI 3.0/3.1/3.2 document into a typed async Rust client crate.
//!
//! [`generate`] runs the pipeline in memory, one module per pass, each handing one type to the
//! next: [`parse::load`] (text → tree), [`validate::version`], [`bundle::bundle`] (the other
//! files `$ref`s name, made local), [`canonical::order`] (the maps whose order means nothing,
//! sorted), [`adapter::read`] (the one room around `openapiv3`: 3.1 and 3.2 shapes
//! normalised to 3.0, then tree → `openapiv3`, malformed documentation dropped),
//! [`validate::document`], then [`lower::lower`] (with [`resolve`] and [`merge`]) →
//! [`ir::Api`], [`cycles::break_cycles`], [`examples::check`], [`direction::mark`], the
//! emitters in [`emit`], and [`format`]. Nothing here writes to the disk; writing is the
//! caller's job (`cargo xtask codegen`), so a failing spec can never leave half a crate behind.
//! [`generate_file`] reads the spec and the files it refers to (from its folder only);
//! [`generate`] takes self-contained text, and [`generate_with`] any [`bundle::Files`].

pub mod adapter;
pub mod build;
pub mod bundle;
pub mod canonical;
pub mod cli;
pub mod cycles;
pub mod direction;
pub mod doc_text;
pub mod emit;
pub mod error;
pub mod examples;
pub mod format;
pub mod ir;
pub mod lower;
pub mod merge;
pub mod naming;
pub mod output;
pub mod parse;
pub mod report;
pub mod resolve;
pub mod settings;
pub mod validate;

pub use error::{Error, Note};
pub use settings::{Settings, SettingsFile};

/// A generated crate: files by path relative to the crate root, plus what was approximated.
#[derive(Debug, Clone)]
pub struct Generated {
    /// `Cargo.toml`, `src/lib.rs`, `src/models.rs`, `src/client.rs`, in that order, then
    /// `src/runtime.rs` when the API has operations, `tests/spec_examples.rs` when the spec
    /// has examples, and `public-api.txt` and `README.md` (not for a build script's modules;
    /// no README for an API without operations).
    pub files: Vec<(String, String)>,
    /// The IR the files were emitted from (for snapshots and tooling).
    pub api: ir::Api,
    /// Rewrites and fallbacks worth a warning.
    pub notes: Vec<Note>,
}

/// Runs the passes up to the IR: what the generator understood of `spec`.
pub fn analyze(spec: &str, settings: &Settings) -> Result<(ir::Api, Vec<Note>), Error> {
    analyze_with(spec, "", &bundle::NoFiles, settings)
}

/// [`analyze`] for a spec whose `$ref`s may name other files: `entry` is the spec's own path
/// relative to its folder, and `files` reads the others (see [`bundle`]).
pub fn analyze_with(
    spec: &str,
    entry: &str,
    files: &dyn bundle::Files,
    settings: &Settings,
) -> Result<(ir::Api, Vec<Note>), Error> {
    settings.check()?;
    let tree = parse::load(spec)?;
    validate::version(&tree)?;
    let mut notes = Vec::new();
    let bundled = bundle::bundle(tree, entry, files, &mut notes)?;
    let sources = bundled.sources;
    let mut api =
        passes(bundled.tree, settings, &mut notes).map_err(|e| sources.locate_error(e))?;
    for note in notes.iter_mut() {
        note.pointer = sources.locate(&note.pointer);
    }
    for pointer in settings.example_deviations.keys() {
        if !api.examples.iter().any(|e| e.pointer == *pointer) {
            return Err(Error::Settings(format!(
                "example_deviations: `{pointer}` is not an example in the spec"
            )));
        }
    }
    // Examples that will not round-trip are predicted, with the evidence; the settings'
    // `example_deviations` still name such examples by hand (and win).
    let mut predicted = Vec::new();
    cycles::break_cycles(&mut api, &mut predicted);
    examples::predict(&mut api, &settings.example_deviations, &mut predicted);
    lower::struct_methods::claim(&mut api);
    for mut note in predicted {
        note.pointer = sources.locate(&note.pointer);
        notes.push(note);
    }
    direction::mark(&mut api);
    notes.sort();
    notes.dedup();
    Ok((api, notes))
}

/// The passes over the bundled tree, from normalisation to the IR.
fn passes(
    mut tree: serde_json::Value,
    settings: &Settings,
    notes: &mut Vec<Note>,
) -> Result<ir::Api, Error> {
    canonical::order(&mut tree);
    let doc = adapter::read(&mut tree, notes)?;
    validate::document(&doc, notes);
    let resolver = resolve::Resolver::new(&tree, &doc, notes);
    // The typed document and the pieces references point at are all lowering reads.
    drop(tree);
    lower::lower(&doc, &resolver, settings, notes)
}

/// Generates the client crate for the spec in the file at `path`, reading the other files its
/// `$ref`s name from the same folder (and nothing outside it).
pub fn generate_file(path: &std::path::Path, settings: &Settings) -> Result<Generated, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let entry = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    generate_with(&text, &entry, &bundle::Folder::new(folder), settings)
}

/// Generates the client crate for `spec` (YAML or JSON text, self-contained).
pub fn generate(spec: &str, settings: &Settings) -> Result<Generated, Error> {
    generate_with(spec, "", &bundle::NoFiles, settings)
}

/// [`generate`] for a spec whose `$ref`s may name other files (see [`analyze_with`]).
pub fn generate_with(
    spec: &str,
    entry: &str,
    files: &dyn bundle::Files,
    settings: &Settings,
) -> Result<Generated, Error> {
    let (api, notes) = analyze_with(spec, entry, files, settings)?;
    let header = format!(
        "@generated by `{}`; do not edit by hand.",
        settings.regenerate
    );
    // The two big files are emitted and printed side by side: printing (`syn` reading the
    // tokens back, prettyplease laying them out) is most of generation's time, and the files
    // do not depend on each other. Tokens cannot cross threads, so each thread emits its own.
    let (models, client) = std::thread::scope(|scope| {
        let models = scope.spawn(|| emit::models::models(&api, !settings.embedded, &header));
        let client = emit::client::client(settings, &api, &header);
        let models = models
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (models, client)
    });
    let (mut models, client) = (models?, client?);
    // What the crate's files used decides its dependencies and features.
    let used = models.used.merge(client.used);
    let cargo_toml = emit::manifest::cargo_toml(settings, &api, &used, &header);
    models.surface.extend(client.surface);
    let surface = emit::surface::render(&header, models.surface, &api, &cargo_toml);
    let mut files = vec![
        ("Cargo.toml".to_string(), cargo_toml),
        (
            "src/lib.rs".to_string(),
            emit::crate_docs::lib_rs(settings, &api, &header),
        ),
        ("src/models.rs".to_string(), models.text),
        ("src/client.rs".to_string(), client.text),
    ];
    if !api.operations.is_empty() {
        // Written as it is, not through prettyplease: it is hand-formatted Rust, and
        // `cargo fmt --check` sees it in the generated crate.
        files.push((
            "src/auth.rs".to_string(),
            format!(
                "// {header}\n{}",
                emit::auth_module(emit::client::auth::fetches_tokens(&api))
            ),
        ));
        files.push((
            "src/runtime.rs".to_string(),
            format!("// {header}\n{}", emit::RUNTIME),
        ));
    }
    if let Some(tests) = emit::examples::examples(settings, &api, &used, &header) {
        files.push(("tests/spec_examples.rs".to_string(), tests?));
    }
    // A build script's modules are not a crate with an API of its own to review, or a README.
    if !settings.embedded {
        files.push((emit::surface::FILE.to_string(), surface));
        if !api.operations.is_empty() {
            files.push((
                "README.md".to_string(),
                emit::readme::readme(settings, &api, &header),
            ));
        }
    }
    Ok(Generated { files, api, notes })
}
