//! References to named model types: a [`TypeId`] is a position in [`Api::types`], filled in by
//! [`Api::resolve_type_ids`] once `lower` has placed every type (a component may be referred to
//! before it is lowered, and types are ordered parent first, so positions are known last).

use super::{Api, Payload, Success, TypeDef, TypeKind, TypeRef};
use crate::error::Error;
use serde::Serialize;
use std::collections::BTreeMap;

/// A named model type: its position in [`Api::types`], and its name, which is what the emitted
/// code and the IR snapshots show (names are claimed once, in one namespace, and never change).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TypeId {
    /// The position in [`Api::types`].
    pub index: usize,
    /// The Rust type name.
    pub name: String,
}

impl TypeId {
    /// A reference to the type named `name`, placed by [`Api::resolve_type_ids`].
    pub fn named(name: impl Into<String>) -> TypeId {
        TypeId {
            index: usize::MAX,
            name: name.into(),
        }
    }
}

/// The type `ty` stands for through plain aliases (`pub type Things = Vec<Thing>`), not through
/// newtypes, following at most `hops` aliases (a loop of aliases is only broken later, by
/// `cycles`). `def` finds the definition a reference names: `lower` asks it of the types
/// defined so far, the emitters of the finished [`Api`].
pub fn unalias<'a>(
    mut ty: &'a TypeRef,
    hops: usize,
    def: impl Fn(&TypeId) -> Option<&'a TypeDef>,
) -> &'a TypeRef {
    for _ in 0..hops {
        let TypeRef::Named(id) = ty else { break };
        match def(id).map(|d| &d.kind) {
            Some(TypeKind::Alias {
                target,
                newtype: false,
            }) => ty = target,
            _ => break,
        }
    }
    ty
}

/// Serialised as the name: what a reviewer of the IR snapshots reads.
impl Serialize for TypeId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name)
    }
}

impl Api {
    /// The definition a reference names.
    pub fn type_def(&self, id: &TypeId) -> &super::TypeDef {
        &self.types[id.index]
    }

    /// Places every reference: its position in [`Api::types`], found by name. A name no type
    /// has is an internal error (`lower` made a reference to a type it never defined).
    pub fn resolve_type_ids(&mut self) -> Result<(), Error> {
        let positions: BTreeMap<String, usize> = self
            .types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.clone(), i))
            .collect();
        let mut missing = None;
        self.each_type_ref_mut(&mut |ty| {
            if let TypeRef::Named(id) = ty {
                match positions.get(&id.name) {
                    Some(&index) => id.index = index,
                    None => missing = Some(id.name.clone()),
                }
            }
        });
        match missing {
            Some(name) => Err(Error::invalid(
                "#",
                format!("internal error: a reference to the type `{name}`, which is not defined"),
            )),
            None => Ok(()),
        }
    }

    /// Calls `f` on every type reference of the API, the ones inside `Vec` and map types too.
    fn each_type_ref_mut(&mut self, f: &mut dyn FnMut(&mut TypeRef)) {
        fn walk(ty: &mut TypeRef, f: &mut dyn FnMut(&mut TypeRef)) {
            f(ty);
            if let TypeRef::Vec(inner) | TypeRef::Map(inner) = ty {
                walk(inner, f);
            }
        }
        fn payload(p: &mut Payload, f: &mut dyn FnMut(&mut TypeRef)) {
            if let Payload::Json(ty) | Payload::Form(ty) = p {
                walk(ty, f);
            }
        }
        for def in &mut self.types {
            def.kind.refs_mut().into_iter().for_each(|ty| walk(ty, f));
        }
        for op in &mut self.operations {
            op.params.iter_mut().for_each(|p| walk(&mut p.ty, f));
            if let Some(body) = &mut op.body {
                payload(&mut body.payload, f);
            }
            match &mut op.success {
                Success::Any => {}
                Success::Body { payload: p, .. } => payload(p, f),
                Success::PerStatus { variants, .. } => {
                    variants.iter_mut().for_each(|v| payload(&mut v.payload, f))
                }
            }
            op.errors
                .iter_mut()
                .for_each(|e| payload(&mut e.payload, f));
            if let Some(paging) = &mut op.paging {
                walk(&mut paging.item, f);
            }
            if let Some(events) = &mut op.events {
                walk(&mut events.item, f);
            }
        }
        for example in &mut self.examples {
            walk(&mut example.ty, f);
        }
        for hook in self.webhooks.iter_mut().flat_map(|w| &mut w.hooks) {
            walk(&mut hook.payload, f);
        }
    }
}
