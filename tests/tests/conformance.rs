//! `docs/conformance.md` kept true: each row's fixture generates, and its evidence holds (a
//! generated file contains the `code:` text, or a warning contains the `warning:` text). A row
//! marked partial or unsupported must name a warning or code that shows the fallback.

use workspace_tests::{fixture_settings, fixtures, root};

struct Row {
    construct: String,
    status: String,
    fixture: String,
    evidence: String,
}

/// The table's rows, cells trimmed and unquoted (backticks around the whole cell removed).
fn rows() -> Vec<Row> {
    let text = std::fs::read_to_string(root().join("docs/conformance.md")).expect("read the table");
    text.lines()
        .filter(|line| line.starts_with("| ") && !line.starts_with("| construct"))
        .map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
            assert_eq!(cells.len(), 5, "a row of five cells: {line}");
            let unquote = |cell: &str| {
                cell.strip_prefix('`')
                    .and_then(|c| c.strip_suffix('`'))
                    .unwrap_or(cell)
                    .to_string()
            };
            Row {
                construct: cells[0].to_string(),
                status: cells[2].to_string(),
                fixture: unquote(cells[3]),
                evidence: unquote(cells[4]),
            }
        })
        .collect()
}

#[test]
fn every_row_of_the_conformance_table_holds() {
    let rows = rows();
    assert!(rows.len() >= 30, "{} rows", rows.len());
    let mut generated = std::collections::BTreeMap::new();
    let mut failures = Vec::new();
    for row in &rows {
        assert!(
            ["supported", "partial", "unsupported"].contains(&row.status.as_str()),
            "{}: status `{}`",
            row.construct,
            row.status
        );
        let (files, notes) = generated.entry(row.fixture.clone()).or_insert_with(|| {
            let path = fixtures().join(&row.fixture);
            let output = generator::generate_file(&path, &fixture_settings())
                .unwrap_or_else(|e| panic!("{}: {e}", row.fixture));
            let notes: Vec<String> = output.notes.iter().map(|n| n.to_string()).collect();
            (output.files, notes)
        });
        let holds = match row.evidence.split_once(": ") {
            Some(("code", text)) => files.iter().any(|(_, file)| file.contains(text)),
            Some(("warning", text)) => notes.iter().any(|note| note.contains(text)),
            _ => panic!(
                "{}: evidence `{}` is neither `code:` nor `warning:`",
                row.construct, row.evidence
            ),
        };
        if !holds {
            failures.push(format!(
                "{} ({}): {}",
                row.construct, row.fixture, row.evidence
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "rows that no longer hold:\n{}",
        failures.join("\n")
    );
}
