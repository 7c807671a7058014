//! Regenerating after a real spec update (`../shared/spec-history`: consecutive published
//! versions of the Gcore Streaming spec): the crate changes as little as the spec did, and the
//! report says what changed for users, pinned per pair.

use generator::{report, Generated, Settings};
use workspace_tests::{file, root};

fn history() -> std::path::PathBuf {
    root().join("../shared/spec-history/gcore-streaming")
}

/// The spec-history file whose name starts with `number` (`05-...yaml`).
fn version(number: &str) -> std::path::PathBuf {
    let dir = history();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&format!("{number}-")))
        })
        .unwrap_or_else(|| panic!("no spec {number}-* in {}", dir.display()))
}

fn generate(number: &str) -> Generated {
    let spec = version(number);
    generator::generate_file(&spec, &Settings::new("gcore-streaming", "test"))
        .unwrap_or_else(|e| panic!("{}: {e}", spec.display()))
}

/// An upper bound of the lines a diff of `old` and `new` shows: everything between their
/// common first and last lines, on both sides.
fn changed_lines(old: &str, new: &str) -> usize {
    let (old, new): (Vec<&str>, Vec<&str>) = (old.lines().collect(), new.lines().collect());
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let rest = old.len().min(new.len()) - prefix;
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(rest)
        .take_while(|(a, b)| a == b)
        .count();
    (old.len() - prefix - suffix) + (new.len() - prefix - suffix)
}

fn report_of(old: &Generated, new: &Generated) -> report::Report {
    report::compare(
        file(old, "public-api.txt"),
        file(new, "public-api.txt"),
        Some(file(old, "Cargo.toml")),
    )
}

#[test]
fn a_reordered_spec_changes_only_what_changed() {
    // 05 -> 06: one description, and every schema listed in another order.
    let (old, new) = (generate("05"), generate("06"));
    let changed: usize = old
        .files
        .iter()
        .zip(&new.files)
        .map(|((path, a), (other, b))| {
            assert_eq!(path, other);
            changed_lines(a, b)
        })
        .sum();
    assert!(
        changed <= 10,
        "05 -> 06 changes {changed} lines of the crate"
    );
    assert_eq!(report_of(&old, &new).text(), "api: unchanged\n");
}

#[test]
fn each_update_reports_what_it_changes_for_users() {
    // Beside the fixtures' snapshots, which must each have a fixture.
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("reports");
    settings.set_prepend_module_to_snapshot(false);
    let _guard = settings.bind_to_scope();
    for (from, to) in [
        ("01", "02"),
        ("03", "04"),
        ("05", "06"),
        ("07", "08"),
        ("09", "10"),
    ] {
        let report = report_of(&generate(from), &generate(to));
        insta::assert_snapshot!(format!("gcore_streaming_{from}_{to}"), report.text());
    }
}

/// Who owns the crate's version, over a real additive update (07 -> 08), as `cargo xtask
/// codegen` runs it: by default the version the crate's `Cargo.toml` has is kept (the report
/// only names the bump); with `version: bump` codegen writes the bump the report names, and a
/// `--check` right after passes; a version in the settings is written as it is.
#[test]
fn the_version_is_kept_bumped_or_set_as_the_settings_say() {
    let dir = tempfile::tempdir().expect("temp dir");
    let codegen = |spec: &str, out: &std::path::Path, settings: &str, check: bool| {
        let config = dir.path().join(format!("{settings}.yaml"));
        std::fs::write(&config, format!("crate_name: gcore-streaming\n{settings}")).unwrap();
        let (spec, out) = (version(spec), out.to_path_buf());
        let mut args = vec!["codegen".into(), "--spec".into(), spec.into_os_string()];
        args.extend(["--out".into(), out.into_os_string()]);
        args.extend(["--config".into(), config.into_os_string()]);
        if check {
            args.push("--check".into());
        }
        let output = workspace_tests::xtask(args);
        assert!(output.status.success(), "{output:?}");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let cargo_version = |out: &std::path::Path| {
        let toml = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
        generator::emit::manifest::version_of(&toml)
            .unwrap()
            .to_string()
    };
    let set_version = |out: &std::path::Path, version: &str| {
        let path = out.join("Cargo.toml");
        let toml = std::fs::read_to_string(&path).unwrap();
        std::fs::write(
            &path,
            generator::emit::manifest::with_version(&toml, version),
        )
        .unwrap();
    };
    for (settings, before, after, line) in [
        (
            "",
            "0.3.1",
            "0.3.1",
            "version: 0.3.1 -> 0.3.2 (semver, by the change above)",
        ),
        (
            "version: bump\n",
            "0.3.1",
            "0.3.2",
            "version: 0.3.1 -> 0.3.2 (applied: the settings say version: bump)",
        ),
        (
            "version: 2.0.0-rc.1\n",
            "0.3.1",
            "2.0.0-rc.1",
            "api: additive",
        ),
    ] {
        let out = dir.path().join(format!("crate{}", settings.len()));
        codegen("07", &out, settings, false);
        set_version(&out, before);
        let report = codegen("08", &out, settings, false);
        assert!(report.contains(line), "{settings}: {report}");
        assert!(report.ends_with("api: additive (19 added)\n"), "{report}");
        assert_eq!(cargo_version(&out), after, "{settings}");
        codegen("08", &out, settings, true);
    }
}
