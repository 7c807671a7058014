//! Where the bundled tree's parts were written: the [`SourceMap`] that turns a pointer into the
//! bundled tree back into `file#pointer` for errors and warnings, and the walk's [`Place`].

use crate::error::{pointer_push, Error};
use std::collections::BTreeMap;

/// Turns pointers into the bundled tree back into where the text was written.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    /// Bundled pointer → (file, pointer in that file), for every hoisted or inlined value.
    pub(super) places: BTreeMap<String, (String, String)>,
    /// The entry file's path (its pointers are written without a file name).
    pub(super) entry: String,
}

impl SourceMap {
    /// Where `pointer` (into the bundled tree) was written: `file#/pointer` for another file,
    /// `#/pointer` for the entry file. Pointers the bundle did not move are returned as they are.
    pub fn locate(&self, pointer: &str) -> String {
        let mut prefix = pointer;
        loop {
            if let Some((file, source)) = self.places.get(prefix) {
                let rest = &pointer[prefix.len()..];
                let source = if source == "#" && rest.is_empty() {
                    String::new()
                } else {
                    format!("{source}{rest}")
                };
                return if *file == self.entry {
                    if source.is_empty() {
                        "#".into()
                    } else {
                        source
                    }
                } else {
                    format!("{file}{source}")
                };
            }
            match prefix.rfind('/') {
                Some(at) => prefix = &prefix[..at],
                None => return pointer.to_string(),
            }
        }
    }

    /// [`SourceMap::locate`] applied to every pointer of an error.
    pub fn locate_error(&self, error: Error) -> Error {
        if self.places.is_empty() {
            return error;
        }
        error.map_pointers(&|p| self.locate(p))
    }
}

/// Where a value being walked stands: in the bundled tree (`at`), and in its own file.
#[derive(Clone)]
pub(super) struct Place {
    pub(super) file: usize,
    pub(super) at: String,
    pub(super) source: String,
}

impl Place {
    pub(super) fn child(&self, key: &str) -> Place {
        Place {
            file: self.file,
            at: pointer_push(&self.at, key),
            source: pointer_push(&self.source, key),
        }
    }
}
