//! The rules `docs/ARCHITECTURE.md` states about the generator's layout, checked: no file in
//! `generator/src` is over 600 lines, no function over 80, and `settings` imports only `error`,
//! `naming` and `parse` (every pass reads it; it reads no pass).

use workspace_tests::root;

/// Every `.rs` file under `dir`, depth first.
fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_generator_file_is_over_600_lines() {
    let mut files = Vec::new();
    sources(&root().join("generator/src"), &mut files);
    assert!(files.len() > 20, "{files:?}");
    let long: Vec<String> = files
        .iter()
        .filter_map(|path| {
            let lines = std::fs::read_to_string(path).ok()?.lines().count();
            (lines > 600).then(|| format!("{}: {lines} lines", path.display()))
        })
        .collect();
    assert!(long.is_empty(), "split by concern: {long:?}");
}

/// The functions of a source file longer than `limit` lines, as `name: N lines`. A function
/// runs from its `fn` line to the first line after it, as indented as the `fn` or less, that
/// does not continue its signature (`) -> T {`, `where`): its closing brace, or (for a
/// declaration without a body) the next item.
fn long_functions(text: &str, limit: usize) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let indent = |line: &str| line.len() - line.trim_start().len();
    let mut long = Vec::new();
    for (start, line) in lines.iter().enumerate() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some(at) = words.iter().position(|w| *w == "fn") else {
            continue;
        };
        let qualifiers = &words[..at];
        if !qualifiers
            .iter()
            .all(|w| ["pub", "const", "async", "unsafe"].contains(w) || w.starts_with("pub("))
        {
            continue;
        }
        let end = lines[start + 1..]
            .iter()
            .position(|l| {
                let t = l.trim_start();
                !t.is_empty()
                    && indent(l) <= indent(line)
                    && !t.starts_with(')')
                    && !t.starts_with("where")
            })
            .map_or(lines.len(), |i| start + 1 + i);
        let length = end - start + 1;
        if length > limit {
            let name = words.get(at + 1).unwrap_or(&"?");
            long.push(format!(
                "{}: {length} lines",
                name.split('(').next().unwrap_or(name)
            ));
        }
    }
    long
}

#[test]
fn long_functions_are_found() {
    let body = "    let x = 1;\n".repeat(5);
    let text = format!("pub(crate) fn long(\n    a: u8,\n) -> u8 {{\n{body}}}\nfn short() {{}}\n");
    assert_eq!(long_functions(&text, 8), ["long: 9 lines"]);
    assert!(long_functions(&text, 9).is_empty());
}

#[test]
fn no_generator_function_is_over_80_lines() {
    let mut files = Vec::new();
    sources(&root().join("generator/src"), &mut files);
    let long: Vec<String> = files
        .iter()
        .flat_map(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            long_functions(&text, 80)
                .into_iter()
                .map(move |f| format!("{}: {f}", path.display()))
        })
        .collect();
    assert!(long.is_empty(), "split by concern: {long:?}");
}

#[test]
fn settings_imports_no_pass() {
    let text = std::fs::read_to_string(root().join("generator/src/settings.rs")).expect("read");
    let mut modules: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim) {
        let Some(path) = line.strip_prefix("use crate::") else {
            continue;
        };
        // `use crate::{a, b::C};` or `use crate::a::B;`
        let list = path.trim_end_matches(';');
        let list = list
            .strip_prefix('{')
            .and_then(|l| l.strip_suffix('}'))
            .unwrap_or(list);
        modules.extend(
            list.split(',')
                .map(|m| m.trim().split("::").next().unwrap_or_default()),
        );
    }
    modules.sort_unstable();
    modules.dedup();
    assert_eq!(modules, ["error", "naming", "parse"]);
    // Nor through a path written out in the code.
    for pass in [
        "lower",
        "emit",
        "bundle",
        "resolve",
        "merge",
        "normalize",
        "cycles",
        "report",
    ] {
        assert!(
            !text.contains(&format!("crate::{pass}::")),
            "settings reaches into `{pass}`"
        );
    }
}
