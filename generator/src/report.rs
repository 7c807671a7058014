//! What a regeneration changes for the crate's users: the last `public-api.txt` against the new
//! one (see [`crate::emit::surface`]), one [`Change`] per item, each classified as breaking or
//! not by the rules cargo-semver-checks applies, with the spec place it comes from; the settings
//! lines that would keep renamed items' old names; and the semver bump the update needs.
//!
//! Pure data in, data out: `cargo xtask codegen` prints [`Report::text`] and writes
//! [`Report::markdown`] for `--report FILE`; the library's callers get the [`Report`].

use crate::error::pointer_unescape;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// What happened to one public item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// It is gone.
    Removed,
    /// Its signature (or the feature it needs) is different.
    Changed,
    /// It is new.
    Added,
}

/// One changed public item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Removed, changed or added.
    pub kind: Kind,
    /// The item's path in the crate (`models::Stream.name`).
    pub item: String,
    /// Its signature before, when it existed.
    pub old: Option<String>,
    /// Its signature now, when it exists.
    pub new: Option<String>,
    /// Whether code that compiled against the old crate can fail to compile against the new.
    pub breaking: bool,
    /// Why, when the reason is not the kind itself (an added field or variant that breaks).
    pub why: Option<&'static str>,
    /// Where in the spec the item comes from (its own or its parent's source).
    pub cause: Option<String>,
}

/// The verdict of a report: its last line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Something users rely on was removed or changed.
    Breaking {
        /// Items removed.
        removed: usize,
        /// Items changed.
        changed: usize,
        /// Items added.
        added: usize,
    },
    /// Only additions, none of which breaks code that compiled before.
    Additive {
        /// Items added.
        added: usize,
    },
    /// The same public API.
    Unchanged,
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Verdict::Breaking {
                removed,
                changed,
                added,
            } => write!(
                f,
                "api: breaking ({removed} removed, {changed} changed, {added} added)"
            ),
            Verdict::Additive { added } => write!(f, "api: additive ({added} added)"),
            Verdict::Unchanged => write!(f, "api: unchanged"),
        }
    }
}

/// Everything a regeneration changes for users.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Every changed item, removed first, then changed, then added, each by path.
    pub changes: Vec<Change>,
    /// Settings lines (in the format of `spec/codegen.yaml`) that would keep the old names of
    /// items the update renamed, by settings key (`operations`, `renames`).
    pub keep_names: BTreeMap<&'static str, Vec<String>>,
    /// The crate's version before, from the old `Cargo.toml` (when known).
    pub version: Option<String>,
    /// The new version was written into `Cargo.toml` (settings `version: bump`); otherwise
    /// the report only names it.
    pub version_applied: bool,
}

/// One line of a manifest.
#[derive(Clone)]
struct Entry {
    /// The signature, as written.
    sig: String,
    /// The `cfg(..)` it needs, when it needs one.
    cfg: Option<String>,
    /// `@ ...`, when the line names its source.
    source: Option<String>,
}

impl Entry {
    /// Signature and cfg, as the manifest writes them.
    fn shown(&self) -> String {
        match &self.cfg {
            Some(cfg) => format!("{}  {cfg}", self.sig),
            None => self.sig.clone(),
        }
    }
}

/// The manifest's items by key. A line naming several traits of a type
/// (`models::Stream: Clone + Debug  derive`) is one item per trait, as if on lines of their
/// own, so that gaining or losing one trait is reported as that trait.
fn parse(manifest: &str) -> BTreeMap<String, Entry> {
    use crate::emit::surface::{private_trait, TRAITS_JOINED_BY};
    let mut entries = BTreeMap::new();
    for line in manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let mut parts = line.split("  ");
        let key = parts.next().unwrap_or_default();
        let mut entry = Entry {
            sig: String::new(),
            cfg: None,
            source: None,
        };
        for part in parts {
            if let Some(at) = part.strip_prefix("@ ") {
                entry.source = Some(at.to_string());
            } else if part.starts_with("cfg(") {
                entry.cfg = Some(part.to_string());
            } else {
                entry.sig = part.to_string();
            }
        }
        match key.split_once(": ") {
            Some((owner, traits)) if traits.contains(TRAITS_JOINED_BY) => {
                // A manifest written before private traits were left out may still list them.
                for name in traits.split(TRAITS_JOINED_BY).filter(|t| !private_trait(t)) {
                    entries.insert(format!("{owner}: {name}"), entry.clone());
                }
            }
            Some((_, name)) if private_trait(name) => {}
            _ => {
                entries.insert(key.to_string(), entry);
            }
        }
    }
    entries
}

/// The item `key` belongs to (`models::Stream` for `models::Stream.name`, `::new`, `: Clone`).
fn parent(key: &str) -> Option<&str> {
    if let Some((parent, _)) = key.split_once(": ") {
        return Some(parent);
    }
    if let Some((parent, _)) = key.rsplit_once('.') {
        return Some(parent);
    }
    let (parent, _) = key.rsplit_once("::")?;
    // `models::Stream` → `models`: a module is no item.
    parent.contains("::").then_some(parent)
}

fn source_of(entries: &BTreeMap<String, Entry>, key: &str) -> Option<String> {
    let mut at = Some(key);
    while let Some(key) = at {
        if let Some(source) = entries.get(key).and_then(|e| e.source.clone()) {
            return Some(source);
        }
        at = parent(key);
    }
    None
}

/// Whether adding `key` (with signature `sig`) breaks code written against `old`: a field of
/// a struct users could build with a literal, or a variant of an enum they could match
/// exhaustively (neither marked `#[non_exhaustive]`).
fn addition_breaks(old: &BTreeMap<String, Entry>, key: &str, sig: &str) -> Option<&'static str> {
    let owner = old.get(parent(key)?)?;
    if owner.sig.contains("#[non_exhaustive]") {
        None
    } else if sig.starts_with("pub field") && owner.sig.contains("pub struct") {
        Some("a new field breaks struct literals and exhaustive patterns")
    } else if sig.starts_with("variant") && owner.sig.contains("pub enum") {
        Some("a new variant breaks exhaustive matches")
    } else {
        None
    }
}

/// Whether a change from `old` to `new` breaks users: everything does except dropping a `cfg`
/// (the item is available in more builds) or `#[non_exhaustive]`.
fn change_breaks(old: &Entry, new: &Entry) -> bool {
    // A feature that enables more than before (`full` gaining a new resource) breaks nothing;
    // one that enables less may (cargo-semver-checks agrees: only a feature's removal is a lint).
    if let (Some(before), Some(after)) = (feature_list(&old.sig), feature_list(&new.sig)) {
        return before.iter().any(|member| !after.contains(member));
    }
    const MARK: &str = "#[non_exhaustive] ";
    let gained_mark = new.sig.contains(MARK) && !old.sig.contains(MARK);
    let needs_other_cfg = new.cfg.is_some() && new.cfg != old.cfg;
    // A function's arguments are passed by position: renaming one breaks no caller.
    let shape = |sig: &str| without_argument_names(&sig.replace(MARK, ""));
    shape(&old.sig) != shape(&new.sig) || gained_mark || needs_other_cfg
}

/// A signature with its functions' argument names left out (`fn(&self, id: i64)` reads
/// `fn(&self, i64)`): only the types are the function's contract.
fn without_argument_names(sig: &str) -> String {
    let Some(start) = sig.find("fn(") else {
        return sig.to_string();
    };
    let (head, rest) = sig.split_at(start + 3);
    let mut out = head.to_string();
    let (mut depth, mut argument) = (0usize, String::new());
    let mut chars = rest.chars();
    let push = |argument: &mut String, out: &mut String| {
        // `name: Type`; `&self`, `mut self` and a bare type have no top-level `: `.
        let text = argument.trim_start();
        match text.split_once(": ") {
            Some((name, ty))
                if name
                    .chars()
                    .all(|c| c.is_alphanumeric() || "_#".contains(c)) =>
            {
                out.push_str(ty)
            }
            _ => out.push_str(text),
        }
        argument.clear();
    };
    for c in chars.by_ref() {
        match c {
            '(' | '<' | '[' | '{' => depth += 1,
            ')' if depth == 0 => {
                push(&mut argument, &mut out);
                out.push(')');
                break;
            }
            ')' | '>' | ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                push(&mut argument, &mut out);
                out.push_str(", ");
                continue;
            }
            _ => {}
        }
        argument.push(c);
    }
    out.extend(chars);
    out
}

/// The members of a feature's line in the manifest (`= ["a", "b"]`).
fn feature_list(sig: &str) -> Option<Vec<&str>> {
    let list = sig.strip_prefix("= [")?.strip_suffix(']')?;
    Some(list.split(", ").filter(|m| !m.is_empty()).collect())
}

/// The report of regenerating the crate in the folder `out` as `files` (what
/// [`crate::generate_file`] returns), read from the manifest and `Cargo.toml` the folder holds:
/// `None` when it has no manifest yet (a new crate, or one from before manifests).
pub fn over_crate(out: &std::path::Path, files: &[(String, String)]) -> Option<Report> {
    let manifest = crate::emit::surface::FILE;
    let old = std::fs::read_to_string(out.join(manifest)).ok()?;
    let (_, new) = files.iter().find(|(path, _)| path == manifest)?;
    let cargo = std::fs::read_to_string(out.join("Cargo.toml")).ok();
    Some(compare(&old, new, cargo.as_deref()))
}

/// Compares the manifest a crate had (`old`) with the one regenerated (`new`). `old_cargo` is
/// the crate's old `Cargo.toml`, for its version.
pub fn compare(old: &str, new: &str, old_cargo: Option<&str>) -> Report {
    let (before, after) = (parse(old), parse(new));
    let mut changes = Vec::new();
    for (key, entry) in &before {
        match after.get(key) {
            None => changes.push(Change {
                kind: Kind::Removed,
                item: key.to_string(),
                old: Some(entry.shown()),
                new: None,
                breaking: true,
                why: None,
                cause: source_of(&before, key),
            }),
            Some(now) if (&now.sig, &now.cfg) != (&entry.sig, &entry.cfg) => changes.push(Change {
                kind: Kind::Changed,
                item: key.to_string(),
                old: Some(entry.shown()),
                new: Some(now.shown()),
                breaking: change_breaks(entry, now),
                why: None,
                cause: source_of(&after, key),
            }),
            Some(_) => {}
        }
    }
    for (key, entry) in &after {
        if before.contains_key(key) {
            continue;
        }
        let why = addition_breaks(&before, key, &entry.sig);
        changes.push(Change {
            kind: Kind::Added,
            item: key.to_string(),
            old: None,
            new: Some(entry.shown()),
            breaking: why.is_some(),
            why,
            cause: source_of(&after, key),
        });
    }
    changes.sort_by(|a, b| (a.kind, &a.item).cmp(&(b.kind, &b.item)));
    Report {
        keep_names: keep_names(&before, &after),
        changes,
        version: old_cargo
            .and_then(crate::emit::manifest::version_of)
            .map(str::to_string),
        version_applied: false,
    }
}

/// The settings that would give renamed operations and schemas their old names back: an
/// operation method gone from one place while one from the same spec operation appeared
/// elsewhere, or a type whose schema now gets another name.
fn keep_names(
    before: &BTreeMap<String, Entry>,
    after: &BTreeMap<String, Entry>,
) -> BTreeMap<&'static str, Vec<String>> {
    let mut keep: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    let new_by_source: BTreeMap<&str, Vec<&str>> =
        after.iter().fold(BTreeMap::new(), |mut map, (key, entry)| {
            if let Some(source) = &entry.source {
                map.entry(source.as_str()).or_default().push(key.as_str());
            }
            map
        });
    for (key, entry) in before {
        let Some(source) = &entry.source else {
            continue;
        };
        if after.contains_key(key) || !new_by_source.contains_key(source.as_str()) {
            continue;
        }
        if let Some(schema) = source.strip_prefix("#/components/schemas/") {
            if let Some(name) = key.strip_prefix("models::") {
                keep.entry("renames")
                    .or_default()
                    .push(format!("{}: {name}", yaml_key(&pointer_unescape(schema))));
            }
        } else if let Some(operation) = operation_key(source) {
            // `client::StreamsClips::list`: the handle's call path is the source of its line.
            let Some((owner, method)) = key.rsplit_once("::") else {
                continue;
            };
            if method.ends_with("_stream") || method.ends_with("_pages") {
                continue;
            }
            let Some(call) = before.get(owner).and_then(|e| e.source.as_deref()) else {
                continue;
            };
            let Some(path) = call.strip_prefix("client.") else {
                continue;
            };
            let resource = path.replace("()", "");
            keep.entry("operations")
                .or_default()
                .push(format!("{}: {resource}.{method}", yaml_key(&operation)));
        }
    }
    keep
}

/// `#/paths/~1streams/get` → `GET /streams` (how the settings name an operation).
fn operation_key(pointer: &str) -> Option<String> {
    let rest = pointer.strip_prefix("#/paths/")?;
    let (path, method) = rest.rsplit_once('/')?;
    Some(format!(
        "{} {}",
        method.to_ascii_uppercase(),
        pointer_unescape(path)
    ))
}

/// A YAML key, quoted unless it is a plain word.
fn yaml_key(key: &str) -> String {
    if key
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        key.to_string()
    } else {
        format!("{key:?}")
    }
}

impl Report {
    /// The report's last line.
    pub fn verdict(&self) -> Verdict {
        let count = |kind: Kind| self.changes.iter().filter(|c| c.kind == kind).count();
        let (removed, changed, added) = (
            count(Kind::Removed),
            count(Kind::Changed),
            count(Kind::Added),
        );
        if self.changes.iter().any(|c| c.breaking) {
            Verdict::Breaking {
                removed,
                changed,
                added,
            }
        } else if self.changes.is_empty() {
            Verdict::Unchanged
        } else {
            // A change that breaks nothing (a `cfg` dropped) counts with the additions.
            Verdict::Additive {
                added: added + changed,
            }
        }
    }

    /// The version the crate needs after this update, by semver's rules for 0.x (a breaking
    /// change bumps the minor number, anything else the patch) and for 1.0 and later (major,
    /// minor). `None` when nothing changed or the old version is unknown.
    pub fn next_version(&self) -> Option<String> {
        let version = self.version.as_deref()?;
        let mut parts = version.split('.').map(|p| p.parse::<u64>().ok());
        let (major, minor, patch) = (parts.next()??, parts.next()??, parts.next()??);
        let next = match (self.verdict(), major) {
            (Verdict::Unchanged, _) => return None,
            (Verdict::Breaking { .. }, 0) => (0, minor + 1, 0),
            (Verdict::Breaking { .. }, _) => (major + 1, 0, 0),
            (Verdict::Additive { .. }, 0) => (0, minor, patch + 1),
            (Verdict::Additive { .. }, _) => (major, minor + 1, 0),
        };
        Some(format!("{}.{}.{}", next.0, next.1, next.2))
    }

    /// The report as the terminal shows it: a line per change, the settings that keep old
    /// names, the version, and exactly one last line, the [`Verdict`].
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (change, inside) in self.folded() {
            let _ = writeln!(out, "{}{}", change_line(change), items_inside(inside));
        }
        for (key, lines) in &self.keep_names {
            let _ = writeln!(out, "to keep the old names, add to the settings:\n{key}:");
            for line in lines {
                let _ = writeln!(out, "  {line}");
            }
        }
        if let (Some(old), Some(next)) = (&self.version, self.next_version()) {
            let how = match self.version_applied {
                true => "applied: the settings say version: bump",
                false => "semver, by the change above",
            };
            let _ = writeln!(out, "version: {old} -> {next} ({how})");
        }
        let _ = writeln!(out, "{}", self.verdict());
        out
    }

    /// The report as Markdown, for a pull request's description.
    pub fn markdown(&self) -> String {
        let mut out = format!("## Public API: {}\n\n", self.verdict());
        if !self.changes.is_empty() {
            out.push_str("| change | item | breaking | spec |\n|---|---|---|---|\n");
            for (change, inside) in self.folded() {
                let what = match (&change.old, &change.new, change.kind) {
                    (Some(old), Some(new), _) => format!("changed: `{old}` → `{new}`"),
                    (_, Some(new), _) => format!("added: `{new}`{}", items_inside(inside)),
                    (Some(old), _, _) => format!("removed: `{old}`{}", items_inside(inside)),
                    _ => String::new(),
                };
                let breaking = match (change.breaking, change.why) {
                    (true, Some(why)) => format!("yes: {why}"),
                    (true, None) => "yes".to_string(),
                    (false, _) => "no".to_string(),
                };
                let _ = writeln!(
                    out,
                    "| {what} | `{}` | {breaking} | {} |",
                    change.item,
                    change
                        .cause
                        .as_deref()
                        .map(|c| format!("`{c}`"))
                        .unwrap_or_default()
                );
            }
            out.push('\n');
        }
        for (key, lines) in &self.keep_names {
            let _ = writeln!(
                out,
                "To keep the old names, add to the settings:\n\n```yaml\n{key}:"
            );
            for line in lines {
                let _ = writeln!(out, "  {line}");
            }
            out.push_str("```\n\n");
        }
        if let (Some(old), Some(next)) = (&self.version, self.next_version()) {
            let how = match self.version_applied {
                true => " (applied)",
                false => "",
            };
            let _ = writeln!(out, "Version: {old} → {next}{how}.\n");
        }
        out
    }
}

impl Report {
    /// The changes a reader needs to see: an item added or removed with its parent (a new
    /// type's fields, variants, methods and traits) is counted on its parent's line instead.
    fn folded(&self) -> Vec<(&Change, usize)> {
        let mut lines: Vec<(&Change, usize)> = Vec::new();
        let mut at: BTreeMap<(Kind, &str), usize> = BTreeMap::new();
        for change in &self.changes {
            let mut owner = parent(&change.item);
            let mut folded = false;
            while let Some(key) = owner {
                if change.kind != Kind::Changed {
                    if let Some(&line) = at.get(&(change.kind, key)) {
                        lines[line].1 += 1;
                        folded = true;
                        break;
                    }
                }
                owner = parent(key);
            }
            if !folded {
                at.insert((change.kind, change.item.as_str()), lines.len());
                lines.push((change, 0));
            }
        }
        lines
    }
}

fn items_inside(count: usize) -> String {
    match count {
        0 => String::new(),
        1 => " with 1 item in it".to_string(),
        n => format!(" with {n} items in it"),
    }
}

fn change_line(change: &Change) -> String {
    let (mark, what) = match change.kind {
        Kind::Removed => (
            "-",
            format!("removed `{}`", change.old.as_deref().unwrap_or_default()),
        ),
        Kind::Changed => (
            "~",
            format!(
                "changed `{}` -> `{}`",
                change.old.as_deref().unwrap_or_default(),
                change.new.as_deref().unwrap_or_default()
            ),
        ),
        Kind::Added => (
            "+",
            format!("added `{}`", change.new.as_deref().unwrap_or_default()),
        ),
    };
    let effect = match (change.breaking, change.why) {
        (true, Some(why)) => format!("breaking: {why}"),
        (true, None) => "breaking".to_string(),
        (false, _) => "additive".to_string(),
    };
    match &change.cause {
        Some(cause) => format!("{mark} {}: {what} ({effect}; {cause})", change.item),
        None => format!("{mark} {}: {what} ({effect})", change.item),
    }
}

#[cfg(test)]
mod tests;
