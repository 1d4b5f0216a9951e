//! Turns the constraint traits (`@required`, `@length`, `@range`, `@pattern`, `@uniqueItems`,
//! enum membership, union members) of every shape reachable from an operation input into plain
//! check trees for the validation emitter.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::closure::Closure;
use crate::model::{Member, Model, ShapeKind, Simple, Traits};
use crate::resolve::{UNIT, traits};
use crate::types::{Crate, Item, Presence};

/// The checks of every type reachable from an operation input, by Rust type name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checks {
    /// Structures: (field Rust name, wire name, optional, required by the model, check).
    pub structs: BTreeMap<String, Vec<FieldCheck>>,
    /// Unions: (variant Rust name, wire name, check of the payload; `None` for unit members).
    pub unions: BTreeMap<String, Vec<(String, String, Option<Check>)>>,
    /// Operation input types, which get `validate()`.
    pub inputs: BTreeSet<String>,
}

/// One structure field's checks.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldCheck {
    /// Rust field name.
    pub name: String,
    /// Wire name, for paths.
    pub wire_name: String,
    /// Whether the field is an `Option`.
    pub optional: bool,
    /// `@required` in the model (an `Option` that must be `Some`).
    pub required: bool,
    /// The checks of the value.
    pub check: Check,
    /// `@deprecated`: code that reads it must allow the lint.
    pub deprecated: bool,
}

/// A `@pattern` and its translation for a Rust engine (see [`crate::ecma`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    /// The pattern as the model writes it (ECMAScript).
    pub source: String,
    /// The same, for the engine the generated crate runs.
    pub translation: crate::ecma::Translation,
    /// The translation compiled to automata, which the generated crate matches with; `None`
    /// when it runs on a regex engine.
    pub automata: Option<crate::ecma::Automata>,
}

/// What to check about one value.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// A string: length in Unicode scalar values, pattern.
    String {
        /// `@length`.
        length: Option<Bounds>,
        /// `@pattern`, ECMAScript, not anchored.
        pattern: Option<Pattern>,
    },
    /// A blob: length in bytes.
    Blob {
        /// `@length`.
        length: Option<Bounds>,
    },
    /// A number.
    Number {
        /// `@range`.
        range: Option<Bounds>,
    },
    /// A string enum (its Rust name): known values only in strict mode.
    Enum(String),
    /// An intEnum (its Rust name): known values only in strict mode.
    IntEnum(String),
    /// A generated structure or union (its Rust name): its own `check`.
    Nested(String),
    /// A list.
    List {
        /// `@length` (number of items).
        length: Option<Bounds>,
        /// `@uniqueItems`.
        unique: bool,
        /// Whether items are `Option`s (`@sparse`).
        sparse: bool,
        /// The checks of each item.
        item: Box<Check>,
    },
    /// A map.
    Map {
        /// `@length` (number of entries).
        length: Option<Bounds>,
        /// Whether values are `Option`s (`@sparse`).
        sparse: bool,
        /// The checks of each key.
        key: Box<Check>,
        /// The checks of each value.
        value: Box<Check>,
    },
    /// Nothing to check (booleans, timestamps, documents, unconstrained scalars).
    Nothing,
}

impl Check {
    /// Whether checking this value does anything at all.
    pub fn is_nothing(&self) -> bool {
        match self {
            Check::Nothing => true,
            Check::String { length, pattern } => length.is_none() && pattern.is_none(),
            Check::Blob { length } => length.is_none(),
            Check::Number { range } => range.is_none(),
            Check::List {
                length,
                unique,
                item,
                ..
            } => length.is_none() && !unique && item.is_nothing(),
            Check::Map {
                length, key, value, ..
            } => length.is_none() && key.is_nothing() && value.is_nothing(),
            Check::Enum(_) | Check::IntEnum(_) | Check::Nested(_) => false,
        }
    }
}

/// The constraint traits of one shape or member, their values as the model writes them: what
/// the checks are made of (see [`check`]), and what `diff` compares between revisions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// `@length`.
    pub length: Option<Value>,
    /// `@range`.
    pub range: Option<Value>,
    /// `@pattern`.
    pub pattern: Option<Value>,
    /// `@uniqueItems` (on list shapes).
    pub unique_items: Option<Value>,
}

impl Constraints {
    /// The constraint traits among those `applied` to a shape or a member.
    pub fn of(applied: &Traits) -> Constraints {
        let get = |name: &str| applied.get(name).cloned();
        Constraints {
            length: get(traits::LENGTH),
            range: get(traits::RANGE),
            pattern: get(traits::PATTERN),
            unique_items: get(traits::UNIQUE_ITEMS),
        }
    }

    /// Each constraint trait by shape ID (`smithy.api#length`), with its value when present.
    pub fn each(&self) -> [(&'static str, Option<&Value>); 4] {
        [
            (traits::LENGTH, self.length.as_ref()),
            (traits::RANGE, self.range.as_ref()),
            (traits::PATTERN, self.pattern.as_ref()),
            (traits::UNIQUE_ITEMS, self.unique_items.as_ref()),
        ]
    }

    /// A member's constraints (`self`) over its target's: the member's own trait wins.
    fn over(self, target: Constraints) -> Constraints {
        Constraints {
            length: self.length.or(target.length),
            range: self.range.or(target.range),
            pattern: self.pattern.or(target.pattern),
            unique_items: self.unique_items.or(target.unique_items),
        }
    }
}

/// Inclusive bounds of `@length` or `@range`.
#[derive(Debug, Clone, PartialEq)]
pub struct Bounds {
    /// Lower bound.
    pub min: Option<f64>,
    /// Upper bound.
    pub max: Option<f64>,
}

/// Collects the checks of every structure and union reachable from an operation input.
pub fn checks(model: &Model, closure: &Closure, krate: &Crate) -> Checks {
    let by_id: BTreeMap<&str, &Item> = krate.items.iter().map(|i| (i.shape_id(), i)).collect();
    let mut out = Checks::default();
    let mut stack: Vec<String> = Vec::new();
    for op in &closure.operations {
        if let ShapeKind::Operation {
            input: Some(input), ..
        } = &model.shapes[op].kind
            && input != UNIT
            && let Some(item) = by_id.get(input.as_str())
        {
            out.inputs.insert(item.name().to_owned());
            stack.push(input.clone());
        }
    }
    let mut seen = BTreeSet::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let shape = &model.shapes[&id];
        let Some(item) = by_id.get(id.as_str()) else {
            continue;
        };
        let mut nested = Vec::new();
        match (item, &shape.kind) {
            (Item::Struct(s), ShapeKind::Structure(members)) => {
                let mut fields = Vec::new();
                for field in &s.fields {
                    let member = &members[&field.wire_name];
                    let check = check(model, &by_id, member, &mut nested);
                    fields.push(FieldCheck {
                        name: field.name.clone(),
                        wire_name: field.wire_name.clone(),
                        optional: field.presence == Presence::Optional,
                        required: member.has_trait(traits::REQUIRED),
                        check,
                        deprecated: field.meta.deprecated.is_some(),
                    });
                }
                out.structs.insert(s.name.clone(), fields);
            }
            (Item::Union(u), ShapeKind::Union(members)) => {
                let mut variants = Vec::new();
                for v in &u.variants {
                    let member = &members[&v.wire_name];
                    let check =
                        v.ty.as_ref()
                            .map(|_| check(model, &by_id, member, &mut nested));
                    variants.push((v.name.clone(), v.wire_name.clone(), check));
                }
                out.unions.insert(u.name.clone(), variants);
            }
            _ => {}
        }
        stack.extend(nested);
    }
    prune(&mut out);
    out
}

/// Drops the checks of nested structures that check nothing, however deep (a structure whose
/// only member is itself, boxed, has nothing to validate). Unions always check for unknown
/// members.
fn prune(checks: &mut Checks) {
    fn refs(c: &Check, out: &mut Vec<String>) {
        match c {
            Check::Nested(n) => out.push(n.clone()),
            Check::List { item: i, .. } => refs(i, out),
            Check::Map { key, value, .. } => {
                refs(key, out);
                refs(value, out);
            }
            _ => {}
        }
    }
    fn own(c: &Check) -> bool {
        match c {
            Check::Nested(_) => false,
            Check::List {
                length,
                unique,
                item,
                ..
            } => length.is_some() || *unique || own(item),
            Check::Map {
                length, key, value, ..
            } => length.is_some() || own(key) || own(value),
            other => !other.is_nothing(),
        }
    }
    let mut meaningful: BTreeSet<String> = checks.unions.keys().cloned().collect();
    for (name, fields) in &checks.structs {
        if fields
            .iter()
            .any(|f| (f.optional && f.required) || own(&f.check))
        {
            meaningful.insert(name.clone());
        }
    }
    loop {
        let before = meaningful.len();
        for (name, fields) in &checks.structs {
            let mut nested = Vec::new();
            fields.iter().for_each(|f| refs(&f.check, &mut nested));
            if nested.iter().any(|n| meaningful.contains(n)) {
                meaningful.insert(name.clone());
            }
        }
        if meaningful.len() == before {
            break;
        }
    }
    fn rewrite(c: &mut Check, meaningful: &BTreeSet<String>) {
        match c {
            Check::Nested(n) if !meaningful.contains(n) => *c = Check::Nothing,
            Check::List { item: i, .. } => rewrite(i, meaningful),
            Check::Map { key, value, .. } => {
                rewrite(key, meaningful);
                rewrite(value, meaningful);
            }
            _ => {}
        }
    }
    for f in checks.structs.values_mut().flatten() {
        rewrite(&mut f.check, &meaningful);
    }
    for (_, _, c) in checks.unions.values_mut().flatten() {
        if let Some(c) = c {
            rewrite(c, &meaningful);
        }
    }
    let inputs = &checks.inputs;
    checks
        .structs
        .retain(|name, _| meaningful.contains(name) || inputs.contains(name));
}

/// The check of a member (or list/map element): its own constraint traits over its target's.
fn check(
    model: &Model,
    names: &BTreeMap<&str, &Item>,
    member: &Member,
    nested: &mut Vec<String>,
) -> Check {
    let target = &model.shapes[&member.target];
    let on_target = Constraints::of(&target.traits);
    // `@uniqueItems` applies to list shapes: the target's.
    let unique = on_target.unique_items.is_some();
    let constraints = Constraints::of(&member.traits).over(on_target);
    let bounds = |v: &Option<Value>| {
        v.as_ref().map(|v| Bounds {
            min: number(v.get("min")),
            max: number(v.get("max")),
        })
    };
    let length = bounds(&constraints.length);
    match &target.kind {
        ShapeKind::Simple(Simple::String) => {
            // Smithy patterns are ECMAScript, but some AWS models carry Java-style ones (`(?i)`,
            // `(?s)`, possessive quantifiers) that no ECMAScript engine reads: those are left to
            // the service, rather than checked with a meaning the model did not intend.
            let max_len = length.as_ref().and_then(|l| l.max).map(|m| m as u64);
            let pattern = constraints
                .pattern
                .as_ref()
                .and_then(Value::as_str)
                .and_then(|p| {
                    let translation = crate::ecma::translate(p, max_len).ok()?;
                    let automata = translation.automata();
                    // Else compiled as the generated crate compiles it: its `expect` cannot fail.
                    (automata.is_some() || translation.compile_on_engines().is_ok()).then(|| Pattern {
                        source: p.to_owned(),
                        translation,
                        automata,
                    })
                });
            Check::String { length, pattern }
        }
        ShapeKind::Simple(Simple::Blob) => Check::Blob { length },
        ShapeKind::Simple(
            Simple::Byte
            | Simple::Short
            | Simple::Integer
            | Simple::Long
            | Simple::Float
            | Simple::Double,
        ) => Check::Number {
            range: bounds(&constraints.range),
        },
        ShapeKind::Simple(_) => Check::Nothing,
        ShapeKind::Enum(_) => Check::Enum(
            names
                .get(target.id.as_str())
                .map_or_else(String::new, |i| i.name().to_owned()),
        ),
        ShapeKind::IntEnum(_) => Check::IntEnum(
            names
                .get(target.id.as_str())
                .map_or_else(String::new, |i| i.name().to_owned()),
        ),
        ShapeKind::Structure(_) | ShapeKind::Union(_) => {
            nested.push(target.id.clone());
            Check::Nested(
                names
                    .get(target.id.as_str())
                    .map_or_else(String::new, |i| i.name().to_owned()),
            )
        }
        ShapeKind::List(item) => Check::List {
            length,
            unique,
            sparse: target.has_trait(traits::SPARSE),
            item: Box::new(check(model, names, item, nested)),
        },
        ShapeKind::Map { key, value } => Check::Map {
            length,
            sparse: target.has_trait(traits::SPARSE),
            key: Box::new(check(model, names, key, nested)),
            value: Box::new(check(model, names, value, nested)),
        },
        ShapeKind::Operation { .. } | ShapeKind::Service { .. } | ShapeKind::Resource { .. } => {
            Check::Nothing
        }
    }
}

fn number(v: Option<&Value>) -> Option<f64> {
    v.and_then(Value::as_f64)
}

