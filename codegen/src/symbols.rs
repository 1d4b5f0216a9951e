//! The crate's symbol table: the Rust names the generator adds beside the model's (error enums,
//! per-operation methods, helper functions, absolute std paths), chosen in one place by the one
//! rule of [`crate::naming`], after the names every generated crate has and the model's own.
//!
//! The rule, namespace by namespace: first the names of the crate's own API (the support types
//! at the crate root, [`naming::SUPPORT_TYPES`]; `Unhandled` and `InvalidResponse` in every error
//! enum, [`naming::ERROR_ENUM_VARIANTS`]; `Unknown` in enums and unions), then the model's names
//! (types in shape-ID order, members in declaration order), then the names the generator
//! derives, in operation order. A name already claimed takes its next candidate (an error enum
//! is `{Operation}Error`, else `{Operation}OperationError`), then the last candidate with the
//! smallest free numeric suffix (`Name2`, `name_2`).

use std::collections::{BTreeMap, BTreeSet};

use heck::ToSnakeCase;

use crate::http::Operation;
use crate::naming;
use crate::types::{Crate, DefaultValue, Item, Presence};

/// The std prelude types that generated code names: spelled short unless a model type of the
/// same name shadows them.
const STD_PRELUDE: &[&str] = &["String", "Option", "Vec", "Box", "Result"];

/// The names the generator derives, by what they name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Symbols {
    /// Operation name → (request method, response method) on its input and output.
    methods: BTreeMap<String, (String, String)>,
    /// (structure, field) → the function giving a non-zero `@default`.
    defaults: BTreeMap<(String, String), String>,
    /// The std prelude types that a model type shadows.
    shadowed_std: BTreeSet<String>,
}

/// Claims names in a namespace: each takes its first free candidate, else the last one with the
/// smallest free numeric suffix.
struct Namespace(BTreeSet<String>);

impl Namespace {
    fn new(taken: impl IntoIterator<Item = String>) -> Namespace {
        Namespace(taken.into_iter().collect())
    }

    fn claim(&mut self, candidates: &[String]) -> String {
        let name = candidates
            .iter()
            .find(|c| !self.0.contains(*c))
            .cloned()
            .unwrap_or_else(|| {
                let last = candidates.last().expect("a name has a candidate");
                naming::disambiguate(vec![last.clone()], &self.0)
                    .pop()
                    .expect("one name in, one out")
            });
        self.0.insert(name.clone());
        name
    }
}

impl Symbols {
    /// Names what the crate adds to `krate`'s types and `ops`' bindings; sets each operation's
    /// `error_enum`.
    pub(crate) fn new(krate: &Crate, ops: &mut [Operation]) -> Symbols {
        // The crate root: the support types, then the model's types, then the error enums.
        let mut root = Namespace::new(
            naming::SUPPORT_TYPES
                .iter()
                .map(|s| (*s).to_owned())
                .chain(krate.items.iter().map(|i| i.name().to_owned())),
        );
        for op in ops.iter_mut() {
            op.error_enum = root.claim(&[
                naming::type_name(&format!("{}Error", op.name)),
                naming::type_name(&format!("{}OperationError", op.name)),
            ]);
        }
        Symbols {
            methods: methods(ops),
            defaults: defaults(krate),
            shadowed_std: krate
                .items
                .iter()
                .map(|i| i.name().to_owned())
                .filter(|n| STD_PRELUDE.contains(&n.as_str()))
                .collect(),
        }
    }

    /// The request and response methods of an operation.
    pub(crate) fn methods(&self, operation: &str) -> (&str, &str) {
        let (to, from) = &self.methods[operation];
        (to, from)
    }

    /// The function giving a structure's field its non-zero `@default`.
    pub(crate) fn default_fn(&self, structure: &str, field: &str) -> &str {
        &self.defaults[&(structure.to_owned(), field.to_owned())]
    }

    /// Whether a model type shadows a std prelude type, which generated code then spells with
    /// its absolute path.
    pub(crate) fn shadows_std(&self, short: &str) -> bool {
        self.shadowed_std.contains(short)
    }
}

/// `to_http_request` and `from_http_response`, unless a structure is the input (or output) of
/// several operations: then one method per operation, named after it (`to_get_thing_request`).
fn methods(ops: &[Operation]) -> BTreeMap<String, (String, String)> {
    let uses = |pick: fn(&Operation) -> Option<&str>| {
        let mut counts = BTreeMap::<&str, usize>::new();
        for op in ops {
            if let Some(t) = pick(op) {
                *counts.entry(t).or_default() += 1;
            }
        }
        counts
    };
    let inputs = uses(|o| o.input.as_ref().map(|b| b.type_name.as_str()));
    let outputs = uses(|o| o.output.as_ref().map(|b| b.type_name.as_str()));
    let shared = |counts: &BTreeMap<&str, usize>, t: Option<&str>| {
        t.is_some_and(|t| counts.get(t).copied().unwrap_or(0) > 1)
    };
    // Methods of different types never collide; those named after operations share a
    // namespace per type, which one namespace for all of them covers.
    let mut names = Namespace::new([]);
    ops.iter()
        .map(|op| {
            let snake = op.name.to_snake_case();
            let to = if shared(&inputs, op.input.as_ref().map(|b| b.type_name.as_str())) {
                names.claim(&[format!("to_{snake}_request")])
            } else {
                "to_http_request".to_owned()
            };
            let from = if shared(&outputs, op.output.as_ref().map(|b| b.type_name.as_str())) {
                names.claim(&[format!("from_{snake}_response")])
            } else {
                "from_http_response".to_owned()
            };
            (op.name.clone(), (to, from))
        })
        .collect()
}

/// `default_{structure}_{field}` for each non-zero `@default`, in one namespace (`A.b_c` and
/// `AB.c` would otherwise both be `a_b_c`).
fn defaults(krate: &Crate) -> BTreeMap<(String, String), String> {
    let mut names = Namespace::new([]);
    let mut out = BTreeMap::new();
    for item in &krate.items {
        let Item::Struct(s) = item else { continue };
        for f in &s.fields {
            if !matches!(f.presence, Presence::Default(DefaultValue::Value(_))) {
                continue;
            }
            let base = format!(
                "{}_{}",
                s.name.to_snake_case(),
                f.name.trim_start_matches("r#")
            );
            let default = names.claim(&[format!("default_{base}")]);
            out.insert((s.name.clone(), f.name.clone()), default);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_name_takes_the_next_candidate_then_a_number() {
        let mut ns = Namespace::new(["RequestError".to_owned(), "GetError".to_owned()]);
        let candidates = ["GetError".to_owned(), "GetOperationError".to_owned()];
        assert_eq!(ns.claim(&candidates), "GetOperationError");
        assert_eq!(ns.claim(&candidates), "GetOperationError2");
        assert_eq!(ns.claim(&["RequestError".to_owned()]), "RequestError2");
        assert_eq!(ns.claim(&["default_a_b_c".to_owned()]), "default_a_b_c");
        assert_eq!(ns.claim(&["default_a_b_c".to_owned()]), "default_a_b_c_2");
    }
}
