//! The names of a struct's methods beside its fields: a chainable setter per field `new` does
//! not take, and `*_or_default` per field whose spec default fits its type, claimed in one
//! namespace per struct (a setter whose name is taken is `with_{field}`). Run after the
//! `cycles` pass: a boxed field has no `*_or_default`.

use crate::ir::{default_value, Api, Field, TypeKind};
use crate::naming::{self, Namespace};

/// Names every struct's methods (`Field::setter`, `Field::or_default`).
pub fn claim(api: &mut Api) {
    for index in 0..api.types.len() {
        let TypeKind::Struct { fields } = &api.types[index].kind else {
            continue;
        };
        let fits: Vec<bool> = fields.iter().map(|f| has_or_default(api, f)).collect();
        let TypeKind::Struct { fields } = &mut api.types[index].kind else {
            continue;
        };
        let mut names = Namespace::with_reserved(naming::reserved::STRUCT_METHODS);
        // The accessors first: a setter yields to them, not the other way round.
        for (f, fits) in fields.iter_mut().zip(fits) {
            if fits {
                f.or_default = Some(names.claim(&naming::suffixed(&f.name, "or_default")));
            }
        }
        for f in fields.iter_mut().filter(|f| !f.in_new()) {
            let wanted = naming::field_name(naming::serde_name(&f.name));
            f.setter = Some(match names.contains(&wanted) {
                false => names.claim(&wanted),
                true => names.claim(&naming::prefixed("with", &f.name)),
            });
        }
    }
}

/// Whether `f` gets `*_or_default`: optional, with a spec default (not `null`) that fits its
/// type, and not boxed.
fn has_or_default(api: &Api, f: &Field) -> bool {
    !f.boxed
        && f.spec_default()
            .is_some_and(|d| default_value(api, &f.ty, d).is_some())
}
