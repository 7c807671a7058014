//! Emits `models.rs`: one item per IR type (struct, enum or alias), in IR order.
//!
//! Split by concern: here the module, each type's definition, a struct's fields, methods and
//! spec defaults; `enums` (string and integer enums and unions, with their serde impls) and
//! `codec` (a struct's serde impls, and which parts of the fixed `de` and `ser` modules, the
//! helpers they share, a module takes: `generator/fixed/models_de.rs`). Every serde impl is
//! written out rather than derived (see `codec`).

mod codec;
mod enums;
mod kinds;
mod tagged;
mod tuples;
mod webhooks;

use super::sink::{Decoder, Need, Printed, Sink};
use super::{doc_attrs, paragraphs};
use crate::ir::{
    Api, Direction, Field, IntVariant, TypeDef, TypeKind, TypeRef, UnionVariant, Variant,
};
use crate::naming::{ident, serde_name, Namespace};
use codec::{object_decoder, object_encoder, struct_decode, struct_encode};
use enums::{int_enum, string_enum, union};
use proc_macro2::TokenStream;
use quote::quote;

/// The `models` module, under `header`, and what it used.
///
/// With `features` (a crate of its own, not a build script's modules), a type only ever
/// received has its `Serialize` behind the crate's `serialize` feature, and one only ever sent
/// its `Deserialize` behind `deserialize` (see `direction`): the client never needs them, and
/// they are a large share of what the crate costs to compile.
pub fn models(api: &Api, features: bool, header: &str) -> Result<Printed, crate::error::Error> {
    let out = Sink::new("src/models.rs", 1, TokenStream::new());
    let title = format!(
        " Data types of the {}, one per schema.",
        super::api_name(&api.title)
    );
    out.write(
        0,
        quote! {
            #![doc = #title]
            // Why each lint is allowed: spec prose is Markdown written for a web page, not for
            // rustdoc's lints; enum variants are spec values, and a shared suffix is the spec's;
            // boxing union variants by size would change the API whenever a schema grows; `new`
            // takes every required field, and setters and arguments are named after their
            // fields (`add`, `is_active`, `foo`, `_1`), whatever conventions say of such names.
            #![allow(
                clippy::doc_lazy_continuation,
                clippy::doc_overindented_list_items,
                clippy::tabs_in_doc_comments,
                clippy::enum_variant_names,
                clippy::large_enum_variant,
                clippy::too_many_arguments,
                clippy::should_implement_trait,
                clippy::wrong_self_convention,
                clippy::disallowed_names,
                clippy::just_underscores_and_digits
            )]
        },
    );
    // Printing is most of the work, and each type is printed alone: the second half goes to
    // a thread of its own (its own sink: tokens cannot cross threads), appended in order.
    let (first, second) = api.types.split_at(halfway(&api.types));
    std::thread::scope(|scope| {
        let second = (!second.is_empty()).then(|| {
            scope.spawn(|| {
                let part = Sink::new("src/models.rs", 1, TokenStream::new());
                type_defs(&part, api, second, features);
                part.into_part()
            })
        });
        type_defs(&out, api, first, features);
        if let Some(second) = second {
            let part = second
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            out.absorb(part);
        }
    });
    if let Some(hooks) = &api.webhooks {
        out.write(0, webhooks::webhook_enum(&out, hooks));
    }
    if let Some(encoder) = object_encoder(&out) {
        out.write_printed(0, encoder, Vec::new());
    }
    if let Some(decoder) = object_decoder(&out) {
        out.write_printed(0, decoder, Vec::new());
    }
    out.finish(header)
}

/// Where `types` splits into two halves of about the same printing work (a type's fields
/// and variants, with one for the type itself); all of them when there are too few to share.
fn halfway(types: &[TypeDef]) -> usize {
    /// Below this many types a thread costs more than it saves.
    const TOO_FEW: usize = 64;
    if types.len() < TOO_FEW {
        return types.len();
    }
    let weight = |def: &TypeDef| {
        1 + match &def.kind {
            TypeKind::Struct { fields } => fields.len(),
            TypeKind::Enum { variants } => variants.len() / 4,
            TypeKind::IntEnum { variants } => variants.len() / 4,
            TypeKind::Union { variants, .. } => variants.len(),
            _ => 0,
        }
    };
    let total: usize = types.iter().map(weight).sum();
    let mut sum = 0;
    types
        .iter()
        .position(|def| {
            sum += weight(def);
            sum * 2 >= total
        })
        .map_or(types.len(), |at| at + 1)
}

/// Each of `types`, printed into `out`.
fn type_defs(out: &Sink, api: &Api, types: &[TypeDef], features: bool) {
    for def in types {
        let gates = Gates::new(def.direction, features);
        out.write(0, type_def(out, api, def, &gates));
    }
}

/// The `#[cfg(feature = ..)]` of a type's serde impls that its [`Direction`] does not need;
/// empty for the impls it does.
struct Gates {
    serialize: TokenStream,
    deserialize: TokenStream,
}

impl Gates {
    fn new(direction: Direction, features: bool) -> Gates {
        let gate = |gated: bool, feature: &str| match gated && features {
            true => quote!(#[cfg(feature = #feature)]),
            false => TokenStream::new(),
        };
        Gates {
            serialize: gate(direction == Direction::Received, "serialize"),
            deserialize: gate(direction == Direction::Sent, "deserialize"),
        }
    }

    /// serde's derives, for the types whose serde impls are derived (a union's `Serialize`,
    /// a newtype's both): the traits always derived, to go in the type's `#[derive(..)]`, and
    /// the attributes after it: the gated derives behind their features and the `#[serde(..)]`
    /// attribute they read.
    fn derives(&self, deserialize: bool, serde: TokenStream) -> (Vec<TokenStream>, TokenStream) {
        let mut traits = vec![(&self.serialize, "serialize", quote!(serde::Serialize))];
        if deserialize {
            traits.push((&self.deserialize, "deserialize", quote!(serde::Deserialize)));
        }
        let (plain, gated): (Vec<_>, Vec<_>) = traits.into_iter().partition(|t| t.0.is_empty());
        let plain: Vec<TokenStream> = plain.into_iter().map(|t| t.2).collect();
        // The helper attribute once, after the derives that read it; with none derived always,
        // inside the gated derive's attribute (only one of a type's impls is ever gated).
        let (inside, after) = match plain.is_empty() {
            true => (Some(quote!(, serde(#serde))), None),
            false => (None, Some(quote!(#[serde(#serde)]))),
        };
        let gated = gated.into_iter().map(
            |(_, feature, derive)| quote!(#[cfg_attr(feature = #feature, derive(#derive) #inside)]),
        );
        (plain, quote!(#(#gated)* #after))
    }
}

fn type_def(out: &Sink, api: &Api, def: &TypeDef, gates: &Gates) -> TokenStream {
    let name = ident(&def.name);
    let source = format!("Schema: `{}`", def.source);
    let docs = doc_attrs(&paragraphs([def.doc.as_deref(), Some(&source)]));
    match &def.kind {
        TypeKind::Struct { fields } => {
            let all_optional = !Field::struct_has_new(fields);
            let default = all_optional.then(|| quote!(Default,));
            let methods = struct_methods(out, api, def, fields, all_optional);
            let encode = struct_encode(out, &name, fields, &gates.serialize);
            let decode = struct_decode(out, &name, fields, &gates.deserialize);
            let fields: Vec<TokenStream> = fields.iter().map(|f| field(out, f)).collect();
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, #default)]
                #[non_exhaustive]
                pub struct #name {
                    #(#fields)*
                }

                #encode

                #decode

                #methods
            }
        }
        TypeKind::Alias {
            target,
            newtype: false,
        } => {
            let target = out.ty(target);
            quote! {
                #docs
                pub type #name = #target;
            }
        }
        // `T = array of T`: an alias would be infinite; a transparent newtype is the same JSON.
        TypeKind::Alias {
            target,
            newtype: true,
        } => {
            let target = out.ty(target);
            let (serde, attrs) = gates.derives(true, quote!(transparent));
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, Default, #(#serde),*)]
                #attrs
                pub struct #name(pub #target);
            }
        }
        TypeKind::IntEnum { variants } => int_enum(&name, &docs, variants, gates),
        TypeKind::Union {
            discriminator,
            variants,
        } => union(
            out,
            api,
            &name,
            &docs,
            discriminator.as_deref(),
            variants,
            gates,
        ),
        TypeKind::Enum { variants } => string_enum(out, &name, &docs, variants, gates),
        TypeKind::Tuple { items, more } => tuples::tuple(
            out,
            &name,
            &docs,
            items,
            *more,
            (&gates.serialize, &gates.deserialize),
        ),
    }
}

fn field(out: &Sink, f: &Field) -> TokenStream {
    let name = ident(&f.name);
    let mut ty = out.ty(&f.ty);
    if f.boxed {
        ty = quote!(Box<#ty>);
    }
    let optional = !f.required || f.nullable;
    if optional {
        ty = quote!(Option<#ty>);
    }
    let default_doc = f.spec_default().map(|d| match &f.or_default {
        Some(method) => {
            format!("Absent means the spec's default, `{d}`: [`Self::{method}`] reads it so.")
        }
        None => format!("Absent means the spec's default, `{d}`."),
    });
    let docs = doc_attrs(&paragraphs([f.doc.as_deref(), default_doc.as_deref()]));
    quote! {
        #docs
        pub #name: #ty,
    }
}

/// A struct's methods: `new` with the required fields (when it has any; otherwise it is
/// `Default`), a chainable setter per other field (so that no caller writes `None` for what it
/// does not set), and `*_or_default` for fields with a spec default (their names claimed in
/// one namespace per struct while lowering: `lower::struct_methods`).
fn struct_methods(
    out: &Sink,
    api: &Api,
    def: &TypeDef,
    fields: &[Field],
    all_optional: bool,
) -> Option<TokenStream> {
    let accessors: Vec<TokenStream> = fields
        .iter()
        .filter_map(|f| default_accessor(out, api, f))
        .collect();
    let constructor = (!all_optional).then(|| constructor(out, def, fields));
    let setters: Vec<TokenStream> = fields.iter().filter_map(|f| setter(out, f)).collect();
    if constructor.is_none() && setters.is_empty() && accessors.is_empty() {
        return None;
    }
    let name = ident(&def.name);
    Some(quote! {
        impl #name {
            #constructor
            #(#setters)*
            #(#accessors)*
        }
    })
}

/// A struct's `new`, taking its required fields.
fn constructor(out: &Sink, def: &TypeDef, fields: &[Field]) -> TokenStream {
    let args = fields.iter().filter(|f| f.in_new()).map(|f| {
        let name = ident(&f.name);
        // A nullable one takes an `Option` of its plain type (`None` must need no annotation).
        let ty = if f.nullable {
            let ty = out.ty(&f.ty);
            quote!(Option<#ty>)
        } else {
            setter_type(out, f)
        };
        quote!(#name: #ty)
    });
    let inits = fields.iter().map(|f| {
        let name = ident(&f.name);
        let value = setter_value(f, &name);
        // Arguments that are the field's value as they are: the shorthand (`duration`, not
        // `duration: duration` or `duration: duration.map(|value| value)`).
        let as_is = !f.boxed && (f.nullable || f.ty != TypeRef::String);
        match (f.in_new(), f.nullable) {
            (true, _) if as_is => quote!(#name),
            (true, true) => quote!(#name: #name.map(Box::new)),
            (true, false) => quote!(#name: #value),
            (false, _) if f.flatten => quote!(#name: Default::default()),
            (false, _) => quote!(#name: None),
        }
    });
    let doc = format!(
        " A `{}` from its required fields; set the others with the methods named after them.",
        def.name
    );
    let type_name = ident(&def.name);
    let inline = crate::emit::compiled_where_called();
    quote! {
        #[doc = #doc]
        #inline
        pub fn new(#(#args),*) -> Self {
            #type_name { #(#inits),* }
        }
    }
}

/// The chainable setter of a field `new` does not take (`None` for the others).
fn setter(out: &Sink, f: &Field) -> Option<TokenStream> {
    let field = ident(&f.name);
    let method = ident(f.setter.as_deref()?);
    let ty = setter_type(out, f);
    let value = setter_value(f, &field);
    let (doc, assign) = if f.flatten {
        (
            " Sets the properties beyond the declared ones.".to_string(),
            quote!(self.#field = #value;),
        )
    } else {
        (
            format!(" Sets `{}`.", serde_name(&f.name)),
            quote!(self.#field = Some(#value);),
        )
    };
    let inline = crate::emit::compiled_where_called();
    Some(quote! {
        #[doc = #doc]
        #inline
        pub fn #method(mut self, #field: #ty) -> Self {
            #assign
            self
        }
    })
}

/// What a constructor or setter takes for field `f`: strings as `impl Into<String>`, anything
/// else as its own type (unboxed).
pub(crate) fn setter_type(out: &Sink, f: &Field) -> TokenStream {
    match &f.ty {
        TypeRef::String => quote!(impl Into<String>),
        ty => out.ty(ty),
    }
}

/// The field value made from the argument `arg` of [`setter_type`].
pub(crate) fn setter_value(f: &Field, arg: &proc_macro2::Ident) -> TokenStream {
    let value = match &f.ty {
        TypeRef::String => quote!(#arg.into()),
        _ => quote!(#arg),
    };
    if f.boxed {
        quote!(Box::new(#value))
    } else {
        value
    }
}

/// `{field}_or_default(&self)`: the field, or the spec's default when it is absent (for
/// defaults that fit the field's type: `lower::struct_methods` named it then).
fn default_accessor(out: &Sink, api: &Api, f: &Field) -> Option<TokenStream> {
    let method = ident(f.or_default.as_deref()?);
    let default = f.spec_default()?;
    let value = default_expr(api, &f.ty, default)?;
    let name = ident(&f.name);
    let ty = out.ty(&f.ty);
    let doc = format!(
        " `{}`, or the spec's default (`{default}`) when the server left it out.",
        serde_name(&f.name)
    );
    let target = super::unalias(api, &f.ty);
    // Scalars and integer enums are `Copy`: no clone.
    let copy = match target {
        TypeRef::Bool
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::U32
        | TypeRef::U64
        | TypeRef::F32
        | TypeRef::F64 => true,
        TypeRef::Named(id) => matches!(api.type_def(id).kind, TypeKind::IntEnum { .. }),
        _ => false,
    };
    // A string default is built only when needed (the empty one is `String::default`); other
    // defaults are constants.
    let body = match (copy, target) {
        (true, _) => quote!(self.#name.unwrap_or(#value)),
        (false, TypeRef::String) if default.as_str() == Some("") => {
            quote!(self.#name.clone().unwrap_or_default())
        }
        (false, TypeRef::String) => quote!(self.#name.clone().unwrap_or_else(|| #value)),
        (false, _) => quote!(self.#name.clone().unwrap_or(#value)),
    };
    let inline = crate::emit::compiled_where_called();
    Some(quote! {
        #[doc = #doc]
        #inline
        pub fn #method(&self) -> #ty {
            #body
        }
    })
}

/// The Rust expression for a spec `default` of type `ty` (in the models module), when the
/// value fits the type (see [`crate::ir::default_value`]). Anything else is only documented.
fn default_expr(api: &Api, ty: &TypeRef, value: &serde_json::Value) -> Option<TokenStream> {
    use crate::ir::DefaultValue;
    Some(match crate::ir::default_value(api, ty, value)? {
        DefaultValue::Bool(b) => quote!(#b),
        DefaultValue::Int(n) => {
            let n = proc_macro2::Literal::i64_unsuffixed(n);
            quote!(#n)
        }
        DefaultValue::UInt(n) => {
            let n = proc_macro2::Literal::u64_unsuffixed(n);
            quote!(#n)
        }
        DefaultValue::Float(n) => {
            let n = proc_macro2::Literal::f64_unsuffixed(n);
            quote!(#n)
        }
        DefaultValue::Str(s) => quote!(#s.to_string()),
        DefaultValue::Variant { ty, variant } => {
            let (ty, variant) = (ident(&ty), ident(&variant));
            quote!(#ty::#variant)
        }
    })
}
