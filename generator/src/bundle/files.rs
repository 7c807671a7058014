//! Where the other files of a multi-file spec come from, and how their paths combine.

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
