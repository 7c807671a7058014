//! Pass 8: put `Box` on the struct fields that make a type contain itself.
//!
//! A field (or union variant) of type `T` inside `T` (directly, through other structs, or
//! through aliases) would make the type infinitely large. `Vec` and maps already allocate, so
//! only edges that are not behind one count. A field of struct `S` naming `T` is boxed when `T`
//! can reach `S` again along such edges, which (the field itself being the edge `S -> T`) is
//! exactly when `S` and `T` are in one strongly connected component. The components are found
//! once, in time linear in the types and fields (Tarjan's algorithm, with an explicit stack so a
//! chain of 10,000 types cannot overflow the thread's); a reachability walk per field was
//! quadratic on long chains.
//!
//! The same components, over the edges along which decoding passes the *same* value on (a
//! union to its members, an alias to its target), find the union members that lead back to
//! their own union with no value in between (`U: oneOf [U, string]`): tried, they would decode
//! the same value again and again until the stack overflows. They are marked `untried`.

use crate::error::Note;
use crate::ir::{Api, TypeDef, TypeKind, TypeRef};

/// Marks recursive fields `boxed`, aliases that would name themselves `newtype`, and union
/// members that lead back to their union without a value in between `untried` (each with a
/// note in `notes`).
pub fn break_cycles(api: &mut Api, notes: &mut Vec<Note>) {
    newtypes(api);
    untried_members(api, notes);
    repeated_members(api);
    costly_unions(api, notes);
    // Edges by type position: the types each type holds by value.
    let count = api.types.len();
    let edges: Vec<Vec<usize>> = api
        .types
        .iter()
        .map(|t| {
            let mut targets: Vec<usize> = t
                .kind
                .refs()
                .into_iter()
                .filter_map(inline_named)
                .filter(|&target| target < count)
                .collect();
            targets.sort_unstable();
            targets.dedup();
            targets
        })
        .collect();
    let component = components(&edges);
    let recursive = |from: usize, to: usize| to < count && component[from] == component[to];
    for (i, t) in api.types.iter_mut().enumerate() {
        match &mut t.kind {
            TypeKind::Struct { fields } => {
                for field in fields {
                    if let Some(target) = inline_named(&field.ty) {
                        field.boxed = recursive(i, target);
                    }
                }
            }
            TypeKind::Union { variants, .. } => {
                for variant in variants {
                    if let Some(target) = inline_named(&variant.ty) {
                        variant.boxed = recursive(i, target);
                    }
                }
            }
            TypeKind::Tuple { items, .. } => {
                for item in items {
                    if let Some(target) = inline_named(&item.ty) {
                        item.boxed = recursive(i, target);
                    }
                }
            }
            TypeKind::Alias { .. } | TypeKind::Enum { .. } | TypeKind::IntEnum { .. } => {}
        }
    }
}

/// An alias whose target reaches the alias again through aliases only (`T = Vec<T>`, or
/// `A = B`, `B = BTreeMap<String, A>`) cannot be written in Rust; the first such alias, in
/// type order, becomes a newtype struct, which breaks the cycle for the others.
///
/// An alias names one type, so the aliases form a graph where each node has at most one
/// successor: its cycles are disjoint, and the alias that becomes a newtype is each cycle's
/// first in type order. One walk along the successors finds them all, each alias visited once.
fn newtypes(api: &mut Api) {
    let count = api.types.len();
    let next: Vec<Option<usize>> = api
        .types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Alias { target, .. } => {
                target.named().map(|id| id.index).filter(|&n| n < count)
            }
            _ => None,
        })
        .collect();
    let is_alias = |i: usize| matches!(api.types[i].kind, TypeKind::Alias { .. });
    // Where each alias was met on the current walk; `DONE` once its walk ended.
    const DONE: usize = usize::MAX - 1;
    let mut met = vec![UNSEEN; count];
    let mut first_of_cycle = Vec::new();
    for start in 0..count {
        if met[start] != UNSEEN || !is_alias(start) {
            continue;
        }
        let mut path = Vec::new();
        let mut node = Some(start);
        while let Some(n) = node {
            if !is_alias(n) || met[n] == DONE {
                break;
            }
            if met[n] != UNSEEN {
                // Back on this walk's own path: `path[met[n]..]` is a cycle.
                first_of_cycle.extend(path[met[n]..].iter().min().copied());
                break;
            }
            met[n] = path.len();
            path.push(n);
            node = next[n];
        }
        for n in path {
            met[n] = DONE;
        }
    }
    for i in first_of_cycle {
        if let TypeKind::Alias { newtype, .. } = &mut api.types[i].kind {
            *newtype = true;
        }
    }
}

/// A union member whose type reaches the union again along union-to-member and
/// alias-to-target edges only (no struct, list or map in between, so no nesting consumed) is
/// in the union's strongly connected component of that graph: it is not tried when decoding.
fn untried_members(api: &mut Api, notes: &mut Vec<Note>) {
    let count = api.types.len();
    let edges = same_value_edges(api);
    if edges.iter().all(Vec::is_empty) {
        return;
    }
    let component = components(&edges);
    for (i, t) in api.types.iter_mut().enumerate() {
        let TypeDef {
            name, source, kind, ..
        } = t;
        let TypeKind::Union { variants, .. } = kind else {
            continue;
        };
        for variant in variants {
            let Some(target) = inline_named(&variant.ty).filter(|&x| x < count) else {
                continue;
            };
            if component[target] == component[i] {
                variant.untried = true;
                notes.push(Note {
                    pointer: source.clone(),
                    message: format!(
                        "member `{}` of `{name}` leads back to `{name}` with no value in between, so decoding it would never end: decoding does not try it (a value only it allows does not decode)",
                        variant.name
                    ),
                });
            }
        }
    }
}

/// A member of an untagged union whose type an earlier member already has can never decode
/// what that one did not: it is `untried` too (no warning: nothing is lost), so it costs no
/// attempt (a DAG of such unions, `U_i: oneOf [U_i+1, U_i+1]`, would cost 2^depth attempts on
/// a value that matches nothing). Under a discriminator each member has its own tags: kept.
fn repeated_members(api: &mut Api) {
    for t in &mut api.types {
        let TypeKind::Union {
            discriminator: None,
            variants,
        } = &mut t.kind
        else {
            continue;
        };
        let mut seen = std::collections::BTreeSet::new();
        for variant in variants.iter_mut().filter(|v| !v.untried) {
            if let Some(target) = inline_named(&variant.ty) {
                variant.untried = !seen.insert(target);
            }
        }
    }
}

/// The most attempts decoding one value may take through nested untagged unions (a union
/// whose members are unions tries each of theirs in turn): 2^12, far past any real spec.
pub const MAX_ATTEMPTS: u64 = 4_096;

/// An untagged union whose members are unions, nested as a DAG of distinct types (`U_i: oneOf
/// [A_i+1, B_i+1]`, `A_i` and `B_i` alike), tries 2^depth members on a value that matches
/// none: a server could make the client do exponential work. Each union's worst case is
/// counted once (the graph of members that are tried has no cycle: `untried_members` cut
/// them), in the order the components came out (members before their unions); a union past
/// [`MAX_ATTEMPTS`] is read as any JSON value instead, with a warning.
fn costly_unions(api: &mut Api, notes: &mut Vec<Note>) {
    let count = api.types.len();
    // Members tried when decoding: not `untried` (so each named type once).
    let tried = same_value_edges(api);
    if tried.iter().all(Vec::is_empty) {
        return;
    }
    let component = components(&tried);
    let mut order: Vec<usize> = (0..count).collect();
    order.sort_by_key(|&i| component[i]);
    let mut attempts = vec![1u64; count];
    for &i in &order {
        let cost = match &api.types[i].kind {
            TypeKind::Union {
                discriminator: None,
                variants,
            } => {
                let named: u64 = tried[i]
                    .iter()
                    .map(|&m| attempts[m])
                    .fold(0, u64::saturating_add);
                // Members that are not named types (inline scalars, lists) cost one each.
                let unnamed = variants
                    .iter()
                    .filter(|v| !v.untried && inline_named(&v.ty).is_none())
                    .count() as u64;
                named.saturating_add(unnamed)
            }
            // A tag picks one member: the costliest is the worst case.
            TypeKind::Union { .. } => tried[i].iter().map(|&m| attempts[m]).max().unwrap_or(1),
            TypeKind::Alias { .. } => tried[i].first().map_or(1, |&m| attempts[m]),
            _ => 1,
        };
        attempts[i] = cost.min(MAX_ATTEMPTS + 1);
        if cost > MAX_ATTEMPTS && matches!(api.types[i].kind, TypeKind::Union { .. }) {
            let def = &mut api.types[i];
            def.kind = TypeKind::Alias {
                target: TypeRef::Json,
                newtype: false,
            };
            notes.push(Note {
                pointer: def.source.clone(),
                message: format!(
                    "decoding `{}` could try more than {MAX_ATTEMPTS} members of nested unions on one value; it is read as any JSON value",
                    def.name
                ),
            });
            // Now one attempt for the unions that hold it.
            attempts[i] = 1;
        }
    }
}

/// The edges along which decoding passes the same value on: a union to the named types of its
/// members (those marked `untried` left out), an alias to its target.
fn same_value_edges(api: &Api) -> Vec<Vec<usize>> {
    let count = api.types.len();
    api.types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Union { variants, .. } => variants
                .iter()
                .filter(|v| !v.untried)
                .filter_map(|v| inline_named(&v.ty).filter(|&x| x < count))
                .collect(),
            TypeKind::Alias { target, .. } => inline_named(target)
                .filter(|&t| t < count)
                .into_iter()
                .collect(),
            _ => Vec::new(),
        })
        .collect()
}

/// The named type a field holds by value (not behind `Vec` or a map), by position.
fn inline_named(ty: &TypeRef) -> Option<usize> {
    match ty {
        TypeRef::Named(id) => Some(id.index),
        _ => None,
    }
}

/// Each node's strongly connected component (a number; equal numbers, one component).
fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    let mut tarjan = Tarjan {
        index: vec![UNSEEN; edges.len()],
        low: vec![0; edges.len()],
        on_stack: vec![false; edges.len()],
        stack: Vec::new(),
        walk: Vec::new(),
        next_index: 0,
    };
    let mut component = vec![UNSEEN; edges.len()];
    let mut next_component = 0;
    for root in 0..edges.len() {
        if tarjan.index[root] != UNSEEN {
            continue;
        }
        tarjan.enter(root);
        while let Some((node, followed)) = tarjan.walk.last_mut() {
            let node = *node;
            if let Some(&to) = edges[node].get(*followed) {
                *followed += 1;
                if tarjan.index[to] == UNSEEN {
                    tarjan.enter(to);
                } else if tarjan.on_stack[to] {
                    tarjan.low[node] = tarjan.low[node].min(tarjan.index[to]);
                }
                continue;
            }
            tarjan.walk.pop();
            if let Some(&(parent, _)) = tarjan.walk.last() {
                tarjan.low[parent] = tarjan.low[parent].min(tarjan.low[node]);
            }
            if tarjan.low[node] == tarjan.index[node] {
                while let Some(member) = tarjan.stack.pop() {
                    tarjan.on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

const UNSEEN: usize = usize::MAX;

/// Tarjan's bookkeeping: each node's visit number and the lowest one it reaches, the nodes of
/// components not yet closed, and the walk's own stack (a node, how many edges it followed).
struct Tarjan {
    index: Vec<usize>,
    low: Vec<usize>,
    on_stack: Vec<bool>,
    stack: Vec<usize>,
    walk: Vec<(usize, usize)>,
    next_index: usize,
}

impl Tarjan {
    fn enter(&mut self, node: usize) {
        self.index[node] = self.next_index;
        self.low[node] = self.next_index;
        self.next_index += 1;
        self.stack.push(node);
        self.on_stack[node] = true;
        self.walk.push((node, 0));
    }
}

#[cfg(test)]
mod tests {
    use super::{break_cycles, components};
    use crate::ir::{Api, Direction, Field, TypeDef, TypeId, TypeKind, TypeRef};

    fn api(types: Vec<TypeDef>) -> Api {
        Api {
            title: String::new(),
            description: None,
            version: String::new(),
            base_url: String::new(),
            security: Vec::new(),
            default_security: Vec::new(),
            types,
            operations: Vec::new(),
            resources: Vec::new(),
            examples: Vec::new(),
            webhooks: None,
        }
    }

    fn def(index: usize, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: format!("T{index}"),
            source: String::new(),
            doc: None,
            example: None,
            kind,
            direction: Direction::Both,
        }
    }

    fn named(index: usize) -> TypeRef {
        TypeRef::Named(TypeId {
            index,
            name: format!("T{index}"),
        })
    }

    /// A ring of 100,000 structs, each holding the next: every field is recursive. One
    /// reachability walk per field was 10^10 steps; the components are one walk. (On a thread
    /// with a deadline, so a regression fails instead of hanging the suite.)
    #[test]
    fn a_ring_of_structs_is_walked_once() {
        let n = 100_000;
        let types = (0..n)
            .map(|i| {
                let field = Field {
                    name: "next".into(),
                    wire_name: "next".into(),
                    ty: named((i + 1) % n),
                    required: true,
                    nullable: false,
                    boxed: false,
                    flatten: false,
                    doc: None,
                    default: None,
                    setter: None,
                    or_default: None,
                };
                def(
                    i,
                    TypeKind::Struct {
                        fields: vec![field],
                    },
                )
            })
            .collect();
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut api = api(types);
            break_cycles(&mut api, &mut Vec::new());
            let _ = send.send(api);
        });
        let api = receive
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("ends within a minute");
        assert!(api.types.iter().all(|t| match &t.kind {
            TypeKind::Struct { fields } => fields[0].boxed,
            _ => false,
        }));
    }

    /// Aliases `T0 -> T1 -> T2 -> T0` and `T3 -> T4 -> T3`, and `T5 -> T0` leading into the
    /// first cycle: each cycle's first alias becomes a newtype, nothing else does.
    #[test]
    fn each_alias_cycle_gets_one_newtype() {
        let targets = [1, 2, 0, 4, 3, 0];
        let types = targets
            .iter()
            .enumerate()
            .map(|(i, &target)| {
                def(
                    i,
                    TypeKind::Alias {
                        target: TypeRef::Vec(Box::new(named(target))),
                        newtype: false,
                    },
                )
            })
            .collect();
        let mut api = api(types);
        break_cycles(&mut api, &mut Vec::new());
        let newtypes: Vec<usize> = (0..targets.len())
            .filter(|&i| matches!(api.types[i].kind, TypeKind::Alias { newtype: true, .. }))
            .collect();
        assert_eq!(newtypes, [0, 3]);
    }

    #[test]
    fn components_of_cycles_chains_and_self_loops() {
        // 0 -> 1 -> 2 -> 0 (a cycle), 2 -> 3 (out of it), 4 -> 4 (a self loop), 5 alone.
        let edges = vec![vec![1], vec![2], vec![0, 3], vec![], vec![4], vec![]];
        let c = components(&edges);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[2], c[3]);
        assert_ne!(c[4], c[5]);
        assert_ne!(c[0], c[4]);
    }

    #[test]
    fn a_long_chain_needs_no_deep_stack() {
        // 0 -> 1 -> ... -> n-1 -> 0: one component, walked without recursion.
        let n = 200_000;
        let edges: Vec<Vec<usize>> = (0..n).map(|i| vec![(i + 1) % n]).collect();
        let c = components(&edges);
        assert!(c.iter().all(|&x| x == c[0]));
    }
}
