//! The report's rules on small manifests.

use super::*;

const OLD: &str = "\
# header
client::Streams  pub struct<'a>  cfg(feature = \"streams\")  @ client.streams()
client::Streams::list  pub fn(&self) -> Pending<'a, Vec<models::Stream>>  cfg(feature = \"streams\")  @ #/paths/~1streams/get
models::Mode  pub enum  @ #/components/schemas/mode
models::Mode::Live  variant
models::Open  #[non_exhaustive] pub struct  @ #/components/schemas/open
models::Open.name  pub field: String
models::Stream  pub struct  @ #/components/schemas/stream
models::Stream.name  pub field: String
";

#[test]
fn nothing_changed() {
    let report = compare(OLD, OLD, None);
    assert_eq!(report.verdict(), Verdict::Unchanged);
    assert_eq!(report.text(), "api: unchanged\n");
}

#[test]
fn fields_and_variants_break_unless_non_exhaustive() {
    let new = format!(
            "{OLD}models::Stream.id  pub field: Option<i64>\nmodels::Open.id  pub field: Option<i64>\nmodels::Mode::Vod  variant\nmodels::Fresh  pub struct  @ #/components/schemas/fresh\n"
        );
    let report = compare(OLD, &new, Some("version = \"0.3.1\""));
    let breaking: Vec<&str> = report
        .changes
        .iter()
        .filter(|c| c.breaking)
        .map(|c| c.item.as_str())
        .collect();
    assert_eq!(breaking, ["models::Mode::Vod", "models::Stream.id"]);
    assert_eq!(
        report.verdict(),
        Verdict::Breaking {
            removed: 0,
            changed: 0,
            added: 4
        }
    );
    assert_eq!(report.next_version().as_deref(), Some("0.4.0"));
    assert!(report.text().ends_with(
            "version: 0.3.1 -> 0.4.0 (semver, by the change above)\napi: breaking (0 removed, 0 changed, 4 added)\n"
        ));
}

#[test]
fn additions_to_non_exhaustive_types_are_additive() {
    let new = format!("{OLD}models::Open.id  pub field: Option<i64>\n");
    let report = compare(OLD, &new, Some("version = \"0.3.1\""));
    assert_eq!(report.verdict(), Verdict::Additive { added: 1 });
    assert_eq!(report.next_version().as_deref(), Some("0.3.2"));
    assert_eq!(
        report.changes[0].cause.as_deref(),
        Some("#/components/schemas/open")
    );
}

#[test]
fn a_renamed_method_and_schema_say_how_to_keep_their_names() {
    let new = OLD
        .replace("Streams::list ", "Streams::list_streams ")
        .replace("models::Open ", "models::Opened ")
        .replace("models::Open.", "models::Opened.");
    let report = compare(OLD, &new, None);
    assert_eq!(
        report.keep_names["operations"],
        ["\"GET /streams\": streams.list"]
    );
    assert_eq!(report.keep_names["renames"], ["open: Open"]);
    assert!(matches!(
        report.verdict(),
        Verdict::Breaking { removed: 3, .. }
    ));
}

#[test]
fn a_type_change_breaks_and_dropping_a_cfg_does_not() {
    let new = OLD
        .replace(
            "Stream.name  pub field: String",
            "Stream.name  pub field: i64",
        )
        .replace(
            "Pending<'a, Vec<models::Stream>>  cfg(feature = \"streams\")",
            "Pending<'a, Vec<models::Stream>>",
        );
    let report = compare(OLD, &new, None);
    let effects: Vec<(&str, bool)> = report
        .changes
        .iter()
        .map(|c| (c.item.as_str(), c.breaking))
        .collect();
    assert_eq!(
        effects,
        [
            ("client::Streams::list", false),
            ("models::Stream.name", true)
        ]
    );
}

#[test]
fn a_feature_that_enables_more_is_additive_one_that_enables_less_breaks() {
    let old = format!("{OLD}feature full  = [\"streams\"]\n");
    let more = format!("{OLD}feature full  = [\"streams\", \"clips\"]\nfeature clips  = []\n");
    let report = compare(&old, &more, None);
    assert_eq!(report.verdict(), Verdict::Additive { added: 2 });
    let less = format!("{OLD}feature full  = []\n");
    let report = compare(&old, &less, None);
    assert!(matches!(report.verdict(), Verdict::Breaking { .. }));
}

#[test]
fn a_renamed_argument_breaks_nothing_a_retyped_one_does() {
    let sig = "client::Notes::create  pub fn(&self, id: i64, body_text: impl Into<String>) -> NotesCreateRequest<'a>\n";
    let renamed = sig.replace("body_text:", "text:");
    let retyped = sig.replace("id: i64", "id: &str");
    let report = compare(sig, &renamed, None);
    assert_eq!(report.changes.len(), 1);
    assert!(!report.changes[0].breaking);
    assert!(compare(sig, &retyped, None).changes[0].breaking);
    // `->` is not a closing bracket: the return type still counts.
    let returns = sig.replace("-> NotesCreateRequest<'a>", "-> Pending<'a, ()>");
    assert!(compare(sig, &returns, None).changes[0].breaking);
}

#[test]
fn traits_on_one_line_are_compared_one_by_one() {
    let old = format!("{OLD}models::Stream: Clone + Debug + PartialEq  derive\n");
    let new = format!("{OLD}models::Stream: Debug + Eq + PartialEq  derive\n");
    let report = compare(&old, &new, None);
    let changes: Vec<(&str, bool)> = report
        .changes
        .iter()
        .map(|c| (c.item.as_str(), c.breaking))
        .collect();
    assert_eq!(
        changes,
        [
            ("models::Stream: Clone", true),
            ("models::Stream: Eq", false)
        ]
    );
}

#[test]
fn private_helper_traits_are_not_api() {
    // Manifests written before the models' helper traits were left out listed them.
    let old = format!(
        "{OLD}models::Stream: de::FromMap<'de> + serde::Deserialize<'de>  impl\nmodels::Open: de::FromMap<'de>  impl\n"
    );
    let new = format!(
        "{OLD}models::Stream: serde::Deserialize<'de>  impl\nmodels::Mode: de::Tagged<'de>  impl\n"
    );
    let report = compare(&old, &new, None);
    assert_eq!(report.verdict(), Verdict::Unchanged);
}
