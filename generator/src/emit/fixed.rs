//! Items every crate of a kind gets word for word, kept as printed text (the files under
//! `generator/fixed/`) and pieced together here, not emitted as tokens and printed again on
//! every run. Printing (`syn` reading tokens back, prettyplease laying them out) is most of
//! generation's time, and for a small spec the fixed helpers were a third of it.
//!
//! A fixed file is Rust as `format` prints it (prettyplease, then the blank lines between
//! items): a module or block whose items are in parts, or items in parts. A `// part: NAME` line
//! begins a part, and its `// api: ..` lines are the public-API manifest's lines for what it
//! declares. Other lines starting with `//` (not `///`) are for the file's readers and are
//! never copied. The tests below check that each file is what printing gives, with and without
//! the `cfg` lines put in, and each part's `// api:` lines against what `surface` reads from it,
//! so the text cannot drift from what tokens would have printed.

/// The `de` module of `models.rs` (the written-out `Deserialize` impls' helpers).
pub(crate) const MODELS_DE: &str = include_str!("../../fixed/models_de.rs");

/// The `ser` module of `models.rs` (the written-out `Serialize` impls' helper).
pub(crate) const MODELS_SER: &str = include_str!("../../fixed/models_ser.rs");

/// The end of `Client`'s `impl` block in `client.rs` (its settings, `request`, `request_to`).
pub(crate) const CLIENT: &str = include_str!("../../fixed/client.rs");

/// `ConfigError` in `client.rs`.
pub(crate) const CONFIG_ERROR: &str = include_str!("../../fixed/config_error.rs");

/// The head of `tests/spec_examples.rs` (the helpers the example tests call).
pub(crate) const EXAMPLES: &str = include_str!("../../fixed/examples.rs");

/// One part to put in, and the `cfg` attribute (`#[cfg(..)]`) each of its items gets, if any.
pub(crate) struct Part<'a> {
    pub name: &'static str,
    pub cfg: Option<&'a str>,
}

/// The module of fixed `file`, behind the `gate` attribute if any (put after its docs), with
/// the parts `parts` in the file's order.
pub(crate) fn module(file: &'static str, gate: Option<&str>, parts: &[Part<'_>]) -> String {
    let mut out = open_module(file, gate, parts);
    out.push_str("}\n");
    out
}

/// [`module`] without the closing `}`, for items printed into it after.
pub(crate) fn open_module(file: &'static str, gate: Option<&str>, parts: &[Part<'_>]) -> String {
    let fixed = read(file);
    let mut out = String::with_capacity(file.len());
    let (header, docs) = fixed.head.split_last().unwrap_or((&"", &[]));
    for line in docs {
        push_line(&mut out, line);
    }
    if let Some(gate) = gate {
        push_line(&mut out, gate);
    }
    push_line(&mut out, header);
    push_parts(&mut out, &fixed, parts);
    out
}

/// The parts `parts` of fixed `file`, in the file's order, without the block around them, and
/// the public-API manifest's lines (see `super::surface`) for what they declare.
pub(crate) fn parts(file: &'static str, parts: &[Part<'_>]) -> (String, Vec<String>) {
    let fixed = read(file);
    let mut out = String::with_capacity(file.len());
    push_parts(&mut out, &fixed, parts);
    let declared = fixed
        .parts
        .iter()
        .filter(|part| parts.iter().any(|p| p.name == part.name))
        .flat_map(|part| part.api.iter().map(|line| line.to_string()))
        .collect();
    (out, declared)
}

/// A fixed file, read: the lines before its first part (a wrapping block's docs and header,
/// `mod de {`, if any) and its parts.
struct Fixed {
    head: Vec<&'static str>,
    parts: Vec<FixedPart>,
}

/// One part of a fixed file: its lines, without the notes (with the blank line after it, when
/// it is whole items: a part may also be lines within an item, such as match arms), and its
/// `// api:` lines.
struct FixedPart {
    name: &'static str,
    lines: Vec<&'static str>,
    api: Vec<&'static str>,
}

fn read(file: &'static str) -> Fixed {
    let mut fixed = Fixed {
        head: Vec::new(),
        parts: Vec::new(),
    };
    for line in file.lines() {
        let note = line.trim_start_matches(' ');
        if let Some(rest) = note.strip_prefix("// part: ") {
            fixed.parts.push(FixedPart {
                name: rest.split(':').next().unwrap_or(rest),
                lines: Vec::new(),
                api: Vec::new(),
            });
            continue;
        }
        match (fixed.parts.last_mut(), note.strip_prefix("// api: ")) {
            (Some(part), Some(api)) => part.api.push(api),
            (_, _) if is_note(line) => {}
            (Some(part), None) => part.lines.push(line),
            (None, _) => fixed.head.push(line),
        }
    }
    // The last part ends the file: without its trailing blank lines, and without the block's
    // closing `}` when the parts are a block's items.
    let wrapped = fixed.head.last().is_some_and(|h| h.ends_with('{'));
    if let Some(last) = fixed.parts.last_mut() {
        let trim = |lines: &mut Vec<&str>| {
            while lines.last().is_some_and(|l| l.is_empty()) {
                lines.pop();
            }
        };
        trim(&mut last.lines);
        if wrapped && last.lines.last() == Some(&"}") {
            last.lines.pop();
            trim(&mut last.lines);
        }
    }
    fixed
}

/// Appends the parts `parts` of `fixed`, in its order (items apart by the blank lines of the
/// file, none after the last).
fn push_parts(out: &mut String, fixed: &Fixed, parts: &[Part<'_>]) {
    debug_assert!(
        parts
            .iter()
            .all(|p| fixed.parts.iter().any(|f| f.name == p.name)),
        "a part asked for is in the fixed file"
    );
    let start = out.len();
    for part in &fixed.parts {
        let Some(wanted) = parts.iter().find(|p| p.name == part.name) else {
            continue;
        };
        let mut item_starts = true;
        for line in &part.lines {
            if let (true, Some(cfg), false) = (item_starts, wanted.cfg, line.is_empty()) {
                let indent = line.len() - line.trim_start_matches(' ').len();
                out.push_str(&line[..indent]);
                push_line(out, cfg);
            }
            // An item begins after a blank line: `format` puts blank lines between items only.
            item_starts = line.is_empty();
            push_line(out, line);
        }
    }
    while out.len() > start && out.ends_with("\n\n") {
        out.pop();
    }
}

/// A line for the file's readers, never copied: `// ...`, not `///` or `//!`.
fn is_note(line: &str) -> bool {
    let line = line.trim_start_matches(' ');
    line.starts_with("//") && !line.starts_with("///") && !line.starts_with("//!")
}

fn push_line(out: &mut String, line: &str) {
    out.push_str(line);
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::{module, parts, read, Part, CLIENT, CONFIG_ERROR, EXAMPLES, MODELS_DE, MODELS_SER};

    /// What `format` makes of `text`: parsed, printed by prettyplease, blank lines put between
    /// items.
    fn printed(text: &str) -> String {
        let file = syn::parse_file(text).expect("a fixed text parses");
        let text = prettyplease::unparse(&file);
        let whole = crate::format::finish("h", [text], 0);
        whole.strip_prefix("// h\n").unwrap_or(&whole).to_string()
    }

    /// Every part of `file`, each with `cfg`.
    fn every_part(file: &'static str, cfg: Option<&'static str>) -> Vec<Part<'static>> {
        read(file)
            .parts
            .into_iter()
            .map(|part| Part {
                name: part.name,
                cfg,
            })
            .collect()
    }

    fn names(file: &'static str) -> Vec<&'static str> {
        read(file).parts.into_iter().map(|part| part.name).collect()
    }

    #[test]
    fn each_fixed_module_is_as_printing_gives_it() {
        const GATE: &str = "#[cfg(feature = \"x\")]";
        for file in [MODELS_DE, MODELS_SER, CLIENT, EXAMPLES] {
            for (gate, cfg) in [(None, None), (Some(GATE), None), (None, Some(GATE))] {
                let text = module(file, gate, &every_part(file, cfg));
                assert_eq!(printed(&text), text, "gate {gate:?}, cfg {cfg:?}");
                // Every item got the `cfg` first, not only the first item of each part.
                if cfg.is_some() {
                    for item in module_items(&text) {
                        let tokens = quote::ToTokens::to_token_stream(&item).to_string();
                        assert!(tokens.starts_with("# [cfg (feature = \"x\")]"), "{tokens}");
                    }
                }
            }
        }
        let (text, _) = parts(CONFIG_ERROR, &every_part(CONFIG_ERROR, None));
        assert_eq!(printed(&text), text);
    }

    /// The items inside the block (`mod` or `impl`) `text` is.
    fn module_items(text: &str) -> Vec<syn::Item> {
        let file = syn::parse_file(text).expect("a fixed module parses");
        match file.items.into_iter().next() {
            Some(syn::Item::Mod(module)) => {
                module.content.map(|(_, items)| items).unwrap_or_default()
            }
            _ => Vec::new(),
        }
    }

    /// The `// api:` lines of each part are what the public-API manifest reads from it.
    #[test]
    fn each_parts_api_lines_are_what_it_declares() {
        for (file, text) in [
            (CLIENT, module(CLIENT, None, &every_part(CLIENT, None))),
            (
                CONFIG_ERROR,
                parts(CONFIG_ERROR, &every_part(CONFIG_ERROR, None)).0,
            ),
        ] {
            let file_names = names(file);
            for name in &file_names {
                let part = [Part { name, cfg: None }];
                let text = match file == CLIENT {
                    true => module(file, None, &part),
                    false => parts(file, &part).0,
                };
                let mut declared = Vec::new();
                crate::emit::surface::items(
                    "client",
                    &syn::parse_file(&text).unwrap(),
                    None,
                    &mut declared,
                );

                assert_eq!(parts(file, &part).1, declared, "part {name}");
            }
            assert!(!text.is_empty());
        }
    }

    #[test]
    fn a_module_holds_the_parts_asked_for_in_the_files_order() {
        assert_eq!(
            names(MODELS_DE),
            [
                "object",
                "once",
                "missing",
                "string_enum",
                "kinds",
                "tagged"
            ]
        );
        let cfg = "#[cfg(feature = \"deserialize\")]";
        let parts = [
            Part {
                name: "missing",
                cfg: Some(cfg),
            },
            Part {
                name: "once",
                cfg: None,
            },
        ];
        let text = module(MODELS_DE, None, &parts);
        let once = text.find("fn once").expect("once is in");
        let missing = text.find("fn missing").expect("missing is in");
        assert!(once < missing);
        assert!(!text.contains("FromMap") && !text.lines().any(super::is_note));
        assert_eq!(text.matches(cfg).count(), 1);
        assert_eq!(printed(&text), text);
    }
}
