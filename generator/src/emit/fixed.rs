//! Items every crate of a kind gets word for word, kept as printed text (the files under
//! `generator/fixed/`) and pieced together here, not emitted as tokens and printed again on
//! every run. Printing (`syn` reading tokens back, prettyplease laying them out) is most of
//! generation's time, and for a small spec the fixed helpers were a third of it.
//!
//! A fixed file is one module as `format` prints it (prettyplease, then the blank lines between
//! items), in parts: a `// part: NAME` line begins one. Lines starting with `//` (not `///`)
//! are for the file's readers and are never copied. The tests below check that each file is
//! what printing gives, with and without the `cfg` lines put in, so the text cannot drift
//! from what the tokens would have printed.

/// The `de` module of `models.rs` (the written-out `Deserialize` impls' helpers).
pub(crate) const MODELS_DE: &str = include_str!("../../fixed/models_de.rs");

/// The `ser` module of `models.rs` (the written-out `Serialize` impls' helper).
pub(crate) const MODELS_SER: &str = include_str!("../../fixed/models_ser.rs");

/// One part to put in a module, and the `cfg` attribute (`#[cfg(..)]`) each of its items
/// gets, if any.
pub(crate) struct Part<'a> {
    pub name: &'static str,
    pub cfg: Option<&'a str>,
}

/// The module of fixed `file`, behind the `gate` attribute if any (put after its docs), with
/// the parts `parts` in the file's order. A part the file does not have is an emitter's bug.
pub(crate) fn module(file: &'static str, gate: Option<&str>, parts: &[Part<'_>]) -> String {
    let mut out = String::with_capacity(file.len());
    let mut lines = file.lines().filter(|line| !is_note(line)).peekable();
    // The module's docs and `mod name {`.
    while let Some(line) = lines.next_if(|line| !line.starts_with("mod ")) {
        push_line(&mut out, line);
    }
    if let Some(gate) = gate {
        push_line(&mut out, gate);
    }
    if let Some(line) = lines.next() {
        push_line(&mut out, line);
    }
    let mut first = true;
    for (name, text) in split(file) {
        let Some(part) = parts.iter().find(|p| p.name == name) else {
            continue;
        };
        if !first {
            out.push('\n');
        }
        first = false;
        let mut item_starts = true;
        for line in text.lines() {
            if let (true, Some(cfg)) = (item_starts, part.cfg) {
                out.push_str("    ");
                push_line(&mut out, cfg);
            }
            // An item of the module begins after a blank line, at the module's indentation
            // (blank lines are only ever between items; an `impl`'s own items are deeper).
            item_starts = line.is_empty();
            push_line(&mut out, line);
        }
    }
    out.push_str("}\n");
    out
}

/// Each part of `file`: its name and its lines (the note lines left out), without the blank
/// line that ends it.
fn split(file: &'static str) -> Vec<(&'static str, String)> {
    let mut parts: Vec<(&str, String)> = Vec::new();
    for line in file.lines() {
        if let Some(rest) = line.trim_start().strip_prefix("// part: ") {
            let name = rest.split(':').next().unwrap_or(rest);
            parts.push((name, String::new()));
        } else if let (Some((_, text)), false) = (parts.last_mut(), is_note(line)) {
            push_line(text, line);
        }
    }
    for (_, text) in &mut parts {
        // The module's closing `}` ends the last part.
        if text.ends_with("\n}\n") || text == "}\n" {
            text.truncate(text.len() - 2);
        }
        while text.ends_with("\n\n") {
            text.pop();
        }
    }
    parts
}

/// A line for the file's readers, never copied: `// ...`, not `///` or `//!`.
fn is_note(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with("//") && !line.starts_with("///") && !line.starts_with("//!")
}

fn push_line(out: &mut String, line: &str) {
    out.push_str(line);
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::{module, split, Part, MODELS_DE, MODELS_SER};

    /// What `format` makes of `text`: parsed, printed by prettyplease, blank lines put between
    /// items.
    fn printed(text: &str) -> String {
        let file = syn::parse_file(text).expect("a fixed module parses");
        let text = prettyplease::unparse(&file);
        let whole = crate::format::finish("h", [text], 0);
        whole.strip_prefix("// h\n").unwrap_or(&whole).to_string()
    }

    /// Every part of `file`, each with `cfg`.
    fn every_part(file: &'static str, cfg: Option<&'static str>) -> Vec<Part<'static>> {
        split(file)
            .into_iter()
            .map(|(name, _)| Part { name, cfg })
            .collect()
    }

    #[test]
    fn each_fixed_module_is_as_printing_gives_it() {
        const GATE: &str = "#[cfg(feature = \"x\")]";
        for file in [MODELS_DE, MODELS_SER] {
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
    }

    /// The items inside the module `text` is.
    fn module_items(text: &str) -> Vec<syn::Item> {
        let file = syn::parse_file(text).expect("a fixed module parses");
        match file.items.into_iter().next() {
            Some(syn::Item::Mod(module)) => {
                module.content.map(|(_, items)| items).unwrap_or_default()
            }
            _ => Vec::new(),
        }
    }

    #[test]
    fn a_module_holds_the_parts_asked_for_in_the_files_order() {
        let names: Vec<&str> = split(MODELS_DE).into_iter().map(|(n, _)| n).collect();
        assert_eq!(
            names,
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
