//! Where the other files of a multi-file spec come from, and how their paths combine; where a
//! reference leads (which file, which pointer), and the value there.

use super::{node_count, Bundler, INLINE_FACTOR};
use crate::error::Error;
use serde_json::Value;

/// Where the other files of a multi-file spec come from.
pub trait Files {
    /// The text of the file at `path` (relative to the entry file's folder, `/`-separated,
    /// normalised: no `.` or `..` segments), or why it cannot be read.
    fn read(&self, path: &str) -> Result<String, String>;
}

/// No other files: a spec given as text alone.
pub struct NoFiles;

impl Files for NoFiles {
    fn read(&self, _path: &str) -> Result<String, String> {
        Err("the spec was given as text, without its folder".into())
    }
}

/// The files of a folder on disk, and nothing outside it (symbolic links included).
pub struct Folder {
    root: std::path::PathBuf,
}

impl Folder {
    /// The folder `root`.
    pub fn new(root: impl Into<std::path::PathBuf>) -> Self {
        Folder { root: root.into() }
    }
}

impl Files for Folder {
    fn read(&self, path: &str) -> Result<String, String> {
        let root = self.root.canonicalize().map_err(|e| e.to_string())?;
        let file = root
            .join(path)
            .canonicalize()
            .map_err(|e| format!("cannot read it: {e}"))?;
        if !file.starts_with(&root) {
            return Err("it lies outside the spec's folder".into());
        }
        // A FIFO or a device would block the read forever, or never end: only regular files.
        if !std::fs::metadata(&file).is_ok_and(|m| m.is_file()) {
            return Err("it is not a regular file".into());
        }
        std::fs::read_to_string(&file).map_err(|e| format!("cannot read it: {e}"))
    }
}

/// `relative` resolved against the folder of `from`, with `.` and `..` applied; `None` when it
/// climbs out of the root folder.
pub(super) fn join(from: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// `dir/pet.schema.yaml` → `pet.schema`.
pub(super) fn file_stem(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => name.to_string(),
    }
}

impl Bundler<'_> {
    /// The file and decoded pointer a reference names, seen from `from`; the inner error says
    /// why a file cannot be used. A URL is refused outright.
    pub(super) fn target(
        &mut self,
        reference: &str,
        from: usize,
        at: &str,
    ) -> Result<Result<(usize, String), String>, Error> {
        let (path, fragment) = match reference.split_once('#') {
            Some((path, fragment)) => (path, fragment),
            None => (reference, ""),
        };
        let pointer = format!("#{}", crate::resolve::percent_decode(fragment));
        if path.is_empty() {
            // A common slip in split specs: `#/components/...` written in another file, meaning
            // the entry's components. Where that file has no such target and the entry has,
            // the entry's is taken, with a warning.
            let missing_here = from != 0 && self.find(from, &pointer).is_none();
            if missing_here && self.find(0, &pointer).is_some() {
                self.note(
                    at.to_string(),
                    format!("$ref `{reference}` is not in this file; the entry document's `{pointer}` is used"),
                );
                return Ok(Ok((0, pointer)));
            }
            return Ok(Ok((from, pointer)));
        }
        let scheme = path.split_once(':').is_some_and(|(s, _)| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
        // 3.2's `$self`: a URL naming a document read here (or a file under its folder) is
        // that document (or that file, beside it); any other URL is refused.
        let own = scheme.then(|| self.under_own_url(path)).flatten();
        let (from, path) = match own {
            Some((file, "")) => return Ok(Ok((file, pointer))),
            Some((file, relative)) => (file, relative),
            None if scheme => return Err(Error::invalid(
                at,
                format!("$ref `{reference}` is a URL; generation never fetches anything from the network (download the file beside the spec and refer to it by a relative path)"),
            )),
            None => (from, path),
        };
        if path.starts_with('/') {
            return Ok(Err(
                "an absolute path; only paths relative to the spec's folder are read".into(),
            ));
        }
        let Some(joined) = join(&self.paths[from], &crate::resolve::percent_decode(path)) else {
            return Ok(Err("it lies outside the spec's folder".into()));
        };
        if let Some(id) = self.paths.iter().position(|p| *p == joined) {
            return Ok(Ok((id, pointer)));
        }
        if let Some(why) = self.failed.get(&joined) {
            return Ok(Err(why.clone()));
        }
        let loaded = self
            .files
            .read(&joined)
            .and_then(|text| crate::parse::load(&text).map_err(|e| format!("{joined}: {e}")));
        match loaded {
            Ok(tree) => {
                let size = node_count(&tree).saturating_mul(INLINE_FACTOR);
                self.budget = self.budget.saturating_add(size);
                self.paths.push(joined);
                self.trees.push(tree);
                Ok(Ok((self.paths.len() - 1, pointer)))
            }
            Err(why) => {
                let why = format!("`{joined}`: {why}");
                self.failed.insert(joined, why.clone());
                Ok(Err(why))
            }
        }
    }

    /// The document read here whose `$self` is `url` (with `""`), or whose `$self`'s folder
    /// `url` lies in (with the rest of `url`, a path relative to that document).
    fn under_own_url<'u>(&self, url: &'u str) -> Option<(usize, &'u str)> {
        self.trees.iter().enumerate().find_map(|(file, tree)| {
            let own = tree.get("$self")?.as_str()?;
            if own == url {
                return Some((file, ""));
            }
            let folder = &own[..own.rfind('/')? + 1];
            let relative = url.strip_prefix(folder)?;
            (!relative.is_empty()).then_some((file, relative))
        })
    }

    /// The value at `pointer` in `file`, through any `$ref` on the way.
    pub(super) fn find(&self, file: usize, pointer: &str) -> Option<&Value> {
        crate::resolve::lookup_through(&self.trees[file], pointer).map(|(value, _)| value)
    }

    /// [`Self::find`], noting a `$ref` followed on the way: for the value taken.
    pub(super) fn lookup(&mut self, file: usize, pointer: &str) -> Option<&Value> {
        let (value, via) = crate::resolve::lookup_through(&self.trees[file], pointer)?;
        if !via.is_empty() {
            let mut note = crate::resolve::detour_note(pointer, &via);
            if file != 0 {
                note.pointer = format!("{}{pointer}", self.paths[file]);
            }
            self.notes.push(note);
        }
        Some(value)
    }
}
