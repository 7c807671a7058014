//! The two rules `docs/ARCHITECTURE.md` states about the generator's layout, checked: no file in
//! `generator/src` is over 600 lines, and `settings` imports only `error`, `naming` and `parse`
//! (every pass reads it; it reads no pass).

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
