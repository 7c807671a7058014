//! The emitters' output sink: where they write a file's items, printed as they come into the
//! file's sections (in file order), and what they used, recorded as they write it.
//!
//! A crate's optional parts (a private helper of `client.rs`, an import, the `chrono` and `uuid`
//! dependencies, reqwest's `multipart` and `stream` features) follow from the code the
//! emitters wrote, never from searching that code's tokens or scanning the IR a second time:
//! the emitter that writes `decode(..)` or `chrono::NaiveDate` records it here, and the parts
//! written last (the client's helpers, `Cargo.toml`, the example tests' imports) read the
//! records. typify's `OutputSpace` works the same way.

use crate::error::Error;
use crate::ir::TypeRef;
use crate::naming::ident;
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use std::cell::RefCell;
use std::collections::BTreeSet;

/// Something optional a generated file used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Need {
    /// A private helper of `client.rs`, emitted only when a method calls it.
    Helper(Helper),
    /// `chrono` types (typed dates and date-times).
    Chrono,
    /// `uuid::Uuid`.
    Uuid,
    /// reqwest's `multipart` feature (a multipart request body).
    Multipart,
    /// reqwest's `stream` feature (a binary request body from a file or a stream).
    StreamedBody,
    /// The runtime's `ByteStream` (a binary response read as it arrives).
    ByteStream,
    /// The runtime's `EventStream` (a response of events read as they arrive).
    EventStream,
    /// The models' private `ser` module (the structs' written-out `Serialize`).
    Encoder,
    /// The `ser` module, used only by impls behind the `serialize` feature.
    GatedEncoder,
    /// A helper of the models' private `de` module (the structs' written-out `Deserialize`).
    Decoder(Decoder),
    /// A helper of the `de` module that only impls behind the `deserialize` feature use (so it
    /// is behind it too: without the feature it would be dead code).
    GatedDecoder(Decoder),
}

/// The private helpers of `client.rs` (see `scaffold`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Helper {
    /// A parameter value as text, through serde.
    ParamText,
    /// A parameter value as one path segment.
    PathSegment,
    /// An object-valued query parameter as its style's pairs.
    QueryObject,
    /// A path or header value as its style writes it.
    ParamStyled,
    /// Builds a request where building can fail (the `?` of a path segment or a parameter).
    Prepare,
}

impl Helper {
    /// The helper's name, as the runtime defines it and the methods call it.
    pub fn name(self) -> &'static str {
        match self {
            Helper::ParamText => "param_text",
            Helper::PathSegment => "path_segment",
            Helper::QueryObject => "query_object",
            Helper::ParamStyled => "param_styled",
            Helper::Prepare => "prepare",
        }
    }
}

/// The helpers of the models' `de` module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Decoder {
    /// The module itself: `FromMap`, `object`, `Key`.
    Object,
    /// A field's value read once.
    Once,
    /// The error naming the first missing one of a struct's required fields.
    Missing,
    /// A string enum's value, matched where it lies in the input.
    StringEnum,
    /// An untagged union's value, handed to the member for its kind (`Kinds`).
    Kinds,
    /// A discriminated union's value, read by the member its tag names (`Tagged`).
    Tagged,
}

/// What a set of emitted files used: [`Sink::finish`] of each, merged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Used(BTreeSet<Need>);

impl Used {
    /// Whether any file used `need`.
    pub fn has(&self, need: Need) -> bool {
        self.0.contains(&need)
    }

    /// The records of both.
    pub fn merge(mut self, other: Used) -> Used {
        self.0.extend(other.0);
        self
    }
}

/// Which lines of a printed block item (`mod` or `impl`) a part of that block takes.
#[derive(Debug, Clone, Copy)]
pub enum BlockPart {
    /// The item's attributes, its header (`mod name {`) and its first items.
    Head,
    /// Its items, without the header and the closing `}` around them (the tokens are the
    /// block without attributes, its header first).
    Items,
}

/// Where one file's emitters write: its items, printed as they come into the file's sections
/// (in file order, so an emitter can write a part that depends on the rest last), the path
/// model types are reached by from that file, and the records of what the emitters used.
/// Printing each item as it is written keeps one item's tokens and syntax tree in memory, not
/// the whole file's.
pub struct Sink {
    models: TokenStream,
    used: RefCell<BTreeSet<Need>>,
    file: &'static str,
    /// Each section's printed items, in order.
    sections: RefCell<Vec<Vec<String>>>,
    /// The first item that could not be printed (an emitter's bug, never the spec's).
    error: RefCell<Option<Error>>,
    /// The module the file is in the crate and the public API its items declare (see
    /// [`super::surface`]); `None` for a file outside the crate's API (the example tests).
    surface: Option<(&'static str, RefCell<Vec<String>>)>,
    /// Each section's block `cfg` (from its head), for the items printed into it later.
    block_cfg: RefCell<Vec<Option<String>>>,
}

/// What a [`Sink`] printed and recorded, apart from the sink ([`Sink::into_part`]).
pub struct Part {
    sections: Vec<Vec<String>>,
    used: BTreeSet<Need>,
    surface: Vec<String>,
    error: Option<Error>,
}

/// A file put together by [`Sink::finish`].
pub struct Printed {
    /// The file's text.
    pub text: String,
    /// What its emitters used.
    pub used: Used,
    /// The public API lines its items declare, unsorted.
    pub surface: Vec<String>,
}

impl Sink {
    /// A sink for `file` with `sections` sections, which reaches the models through `models`
    /// (`super::models::` from the client, nothing from inside `models`).
    pub fn new(file: &'static str, sections: usize, models: TokenStream) -> Sink {
        Sink {
            models,
            used: RefCell::new(BTreeSet::new()),
            file,
            sections: RefCell::new(vec![Vec::new(); sections]),
            error: RefCell::new(None),
            surface: module(file).map(|module| (module, RefCell::new(Vec::new()))),
            block_cfg: RefCell::new(vec![None; sections]),
        }
    }

    /// Prints `tokens` (whole items; in the first section, the file's inner attributes may
    /// come first) at the end of `section`.
    pub fn write(&self, section: usize, tokens: TokenStream) {
        self.write_lines(section, tokens, None, str::to_string);
    }

    /// Prints one part of a block item (a `mod` or an `impl`) printed in parts, so that a big
    /// one (the example tests, a resource's methods) never has all its tokens and syntax tree
    /// in memory at once: `tokens` is the block with the part's items, printed as prettyplease
    /// prints them inside it, and `part` says which of its lines the file takes.
    /// [`Sink::close_block`] ends the block.
    pub fn write_block_part(&self, section: usize, tokens: TokenStream, part: BlockPart) {
        self.write_lines(section, tokens, Some(part), |text| {
            // Without the block's closing `}` line (the last part closes it). A block printed
            // without items ends its header line with `{}`.
            let open = match text.strip_suffix("}\n") {
                Some(open) if open.ends_with('\n') || open.is_empty() => open.to_string(),
                Some(open) => format!("{open}\n"),
                None => text.to_string(),
            };
            match part {
                BlockPart::Head => open,
                // Without the header either: the lines up to the first one at the item's own
                // indentation that opens the block (a long header wraps).
                BlockPart::Items => {
                    let mut start = 0;
                    for line in open.split_inclusive('\n') {
                        start += line.len();
                        if !line.starts_with(' ') && line.trim_end().ends_with('{') {
                            break;
                        }
                    }
                    open[start..].to_string()
                }
            }
        });
    }

    /// Puts `text`, printed already (fixed text: [`super::fixed`]), at the end of `section`,
    /// and records `declared`, the public API lines of what it declares.
    pub fn write_printed(&self, section: usize, text: String, declared: Vec<String>) {
        if let Some((_, surface)) = &self.surface {
            surface.borrow_mut().extend(declared);
        }
        self.sections.borrow_mut()[section].push(text);
    }

    /// Ends the block [`Sink::write_block_part`] began.
    pub fn close_block(&self, section: usize) {
        self.sections.borrow_mut()[section].push("}\n".to_string());
    }

    /// Prints `tokens` and keeps the text `select` makes of the printed text.
    fn write_lines(
        &self,
        section: usize,
        tokens: TokenStream,
        part: Option<BlockPart>,
        select: impl Fn(&str) -> String,
    ) {
        if self.error.borrow().is_some() {
            return;
        }
        let read = |file: &syn::File| {
            let Some((module, surface)) = &self.surface else {
                return;
            };
            let mut block_cfg = self.block_cfg.borrow_mut();
            // A block's head carries its attributes; the items printed into it later do not.
            if let (Some(BlockPart::Head), Some(syn::Item::Impl(block))) = (part, file.items.last())
            {
                block_cfg[section] = super::surface::cfg(&block.attrs);
            }
            let inherited = match part {
                Some(BlockPart::Items) => block_cfg[section].as_deref(),
                _ => None,
            };
            super::surface::items(module, file, inherited, &mut surface.borrow_mut());
        };
        match crate::format::chunk(self.file, tokens, read) {
            // Kept until the file is put together: at its exact size, without printing's slack.
            Ok(text) => self.sections.borrow_mut()[section].push(select(&text)),
            Err(error) => *self.error.borrow_mut() = Some(error),
        }
    }

    /// What this sink printed and recorded, to be [`Sink::absorb`]ed by another sink of the
    /// same file (a sink holds tokens, which cannot cross threads; this can).
    pub fn into_part(self) -> Part {
        Part {
            sections: self.sections.into_inner(),
            used: self.used.into_inner(),
            surface: self
                .surface
                .map(|(_, lines)| lines.into_inner())
                .unwrap_or_default(),
            error: self.error.into_inner(),
        }
    }

    /// Appends to each section what `part` (printed on another thread) holds for it, and
    /// takes its records: as if its items had been written here.
    pub fn absorb(&self, part: Part) {
        if let Some(error) = part.error {
            self.error.borrow_mut().get_or_insert(error);
        }
        let mut sections = self.sections.borrow_mut();
        for (mine, theirs) in sections.iter_mut().zip(part.sections) {
            mine.extend(theirs);
        }
        self.used.borrow_mut().extend(part.used);
        if let Some((_, mine)) = &self.surface {
            mine.borrow_mut().extend(part.surface);
        }
    }

    /// The file, under the `// {header}` line, and what its emitters used.
    pub fn finish(self, header: &str) -> Result<Printed, Error> {
        if let Some(error) = self.error.into_inner() {
            return Err(error);
        }
        let sections = self.sections.into_inner();
        let len = sections.iter().flatten().map(String::len).sum();
        let text = crate::format::finish(header, sections.into_iter().flatten(), len);
        Ok(Printed {
            text,
            used: Used(self.used.into_inner()),
            surface: self
                .surface
                .map(|(_, lines)| lines.into_inner())
                .unwrap_or_default(),
        })
    }

    /// Records `need`.
    pub fn need(&self, need: Need) {
        self.used.borrow_mut().insert(need);
    }

    /// The name of `helper`, for a call to it; records the use.
    pub fn call(&self, helper: Helper) -> Ident {
        self.need(Need::Helper(helper));
        ident(helper.name())
    }

    /// The tokens for a type; records the dependencies it needs.
    pub fn ty(&self, ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::String => quote!(String),
            TypeRef::I32 => quote!(i32),
            TypeRef::I64 => quote!(i64),
            TypeRef::U32 => quote!(u32),
            TypeRef::U64 => quote!(u64),
            TypeRef::F32 => quote!(f32),
            TypeRef::F64 => quote!(f64),
            TypeRef::Bool => quote!(bool),
            TypeRef::DateTime => {
                self.need(Need::Chrono);
                quote!(chrono::DateTime<chrono::FixedOffset>)
            }
            TypeRef::Date => {
                self.need(Need::Chrono);
                quote!(chrono::NaiveDate)
            }
            TypeRef::Uuid => {
                self.need(Need::Uuid);
                quote!(uuid::Uuid)
            }
            TypeRef::Json => quote!(serde_json::Value),
            TypeRef::JsonObject => quote!(serde_json::Map<String, serde_json::Value>),
            TypeRef::Vec(item) => {
                let item = self.ty(item);
                quote!(Vec<#item>)
            }
            TypeRef::Map(value) => {
                let value = self.ty(value);
                quote!(std::collections::BTreeMap<String, #value>)
            }
            TypeRef::Named(id) => {
                let name = ident(&id.name);
                let models = &self.models;
                quote!(#models #name)
            }
        }
    }

    /// Whether `need` was recorded so far (by this file's emitters).
    pub fn has(&self, need: Need) -> bool {
        self.used.borrow().contains(&need)
    }
}

/// The module of the crate a file is (its items' paths in the public API), if it is one.
fn module(file: &str) -> Option<&'static str> {
    match file {
        "src/models.rs" => Some("models"),
        "src/client.rs" => Some("client"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The file a sink makes of what was written into it.
    fn file(write: impl FnOnce(&Sink)) -> String {
        let sink = Sink::new("test.rs", 2, TokenStream::new());
        write(&sink);
        sink.finish("header").expect("printable").text
    }

    #[test]
    fn a_block_printed_in_parts_is_the_block_printed_at_once() {
        // A header long enough to wrap, an empty head, a head with items, and items whose own
        // lines open blocks at deeper indentation.
        let long = proc_macro2::Ident::new(&"A".repeat(95), proc_macro2::Span::call_site());
        let whole = file(|out| {
            out.write(
                0,
                quote! {
                    /// Docs.
                    impl<'a, T: Clone + Send + Sync + 'static> #long<'a, T> {
                        fn one(&self) -> u8 { if true { 1 } else { 2 } }
                        fn two(&self) {}
                    }
                    impl Client {
                        const X: u8 = 1;
                        fn three() {}
                    }
                },
            )
        });
        let parts = file(|out| {
            let head = quote! {
                /// Docs.
                impl<'a, T: Clone + Send + Sync + 'static> #long<'a, T> {}
            };
            out.write_block_part(0, head, BlockPart::Head);
            out.write_block_part(1, quote!(impl Client { const X: u8 = 1; }), BlockPart::Head);
            for method in [
                quote!(
                    fn one(&self) -> u8 {
                        if true {
                            1
                        } else {
                            2
                        }
                    }
                ),
                quote!(
                    fn two(&self) {}
                ),
            ] {
                let block =
                    quote!(impl<'a, T: Clone + Send + Sync + 'static> #long<'a, T> { #method });
                out.write_block_part(0, block, BlockPart::Items);
            }
            out.write_block_part(1, quote!(impl Client { fn three() {} }), BlockPart::Items);
            out.close_block(0);
            out.close_block(1);
        });
        assert!(whole.contains("\n> {\n"), "the header wraps:\n{whole}");
        assert_eq!(parts, whole);
    }
}
