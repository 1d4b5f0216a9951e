//! Compares two model revisions over a selection's closure and classifies each change for users of the generated Rust.
//!
//! [`diff`] lowers each revision with the generator's own first stages (`generator::lower`: the
//! closure of the selection, the protocol, [`crate::types::map`]) and compares the two lowered
//! crates: items matched by shape ID, fields and variants by member name. Rust names, field types
//! (`Option`, `Box`, timestamp formats), defaults, `derive(Default)`, sensitivity and deprecation
//! are read from the lowered items, so a change that leaves the Rust identical is not reported as
//! a type change, and a change of the generator's policy shows in the diff without a second edit.
//! The constraint traits are those validation reads (`validate::Constraints`). What is about the
//! model rather than the Rust reads the resolved models (as [`crate::Model`] holds them: prelude
//! added, mixins flattened, Smithy 1.0 `@enum` strings already turned into enum shapes):
//! documentation text, the kinds of shapes without an item, the operations and their errors. The
//! raw models ([`crate::load::parse`] without [`crate::resolve::resolve`]) only serve to notice an
//! enum switching between the two spellings, which changes nothing in the generated Rust.
//!
//! A revision the generator cannot lower (an unsupported construct, an invalid `@default`) fails
//! the comparison as it fails generation. Classification, for code that uses the generated crate:
//!
//! | change | impact | why |
//! | --- | --- | --- |
//! | shape added to the closure | Compatible | a new type |
//! | structure, union or enum removed from the closure | Breaking | the type is no longer generated |
//! | list, map or simple shape added or removed | Compatible | no Rust type of its own; fields using it are reported on their own |
//! | operation added to / removed from the selection (`--all`) | Compatible / Breaking | |
//! | member added as `Option<T>` (or `T` with a `@default`) | Compatible | struct literals must spell the field or end with `..Default::default()` (the detail says whether the struct derives `Default`) |
//! | member added as required `T` | Breaking | struct literals no longer compile; responses without it are rejected |
//! | member removed | Breaking | code using the field no longer compiles |
//! | `Option<T>` ↔ `T` (any presence change that changes the Rust type) | Breaking | |
//! | `T` stays `T`, default added, removed or changed | Compatible | only deserialization of an absent member changes |
//! | field or variant type changed (target kind or shape, list ↔ map, sparse, `Box`, timestamp format) | Breaking | |
//! | structure stops deriving `Default` / starts | Breaking / Compatible | `..Default::default()` |
//! | a type, field or variant gets another Rust name | Breaking | |
//! | a named shape changes kind (structure ↔ union ↔ enum) | Breaking | |
//! | enum or intEnum value added | Compatible | generated enums are `#[non_exhaustive]` with an `Unknown` variant |
//! | enum or intEnum value removed, or its wire value changed | Breaking | |
//! | union member added | Compatible | generated unions are `#[non_exhaustive]` |
//! | union member removed | Breaking | |
//! | `@enum` string ↔ `enum` shape | Compatible | the generated Rust is identical |
//! | `@error` added or changed / removed | Compatible / Breaking | the `Display` and `Error` impls |
//! | `@deprecated`, `@sensitive` (on the member or what it targets) | Compatible | attributes, docs and `Debug` only |
//! | `@length`, `@range`, `@pattern`, `@uniqueItems` | Compatible | the types do not encode them |
//! | documentation of a shape, member or enum value | Documentation | |
//!
//! Other trait changes that leave the generated Rust alone (`@required` on an `@input` member, HTTP
//! bindings, …) are not reported.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use crate::closure::{Closure, Selection};
use crate::docs::to_markdown;
use crate::error::Result;
use crate::generator::{Lowered, lower};
use crate::model::{Model, Shape, ShapeKind, Simple, Traits, shape_name};
use crate::resolve::traits;
use crate::types::{self, Field, Item, Presence, Struct, Type, Union, UnionVariant};
use crate::validate::Constraints;

/// How long a documentation excerpt may be, in characters.
const EXCERPT: usize = 60;

/// The changes between two revisions, sorted by shape ID, then member (shape-level first), then
/// kind, then detail.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Every change found.
    pub changes: Vec<Change>,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The absolute shape ID (`com.amazonaws.cleanrooms#Membership`), or the operation's.
    pub shape: String,
    /// The member name (structure member, union member or enum value) when the change is about one.
    pub member: Option<String>,
    /// What changed.
    pub kind: ChangeKind,
    /// What it means for code using the generated crate.
    pub impact: Impact,
    /// One human sentence.
    pub detail: String,
}

/// What a change means for users of the generated Rust.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// Code that compiled (or data that parsed) may no longer.
    Breaking,
    /// The generated Rust changes without breaking its users.
    Compatible,
    /// Only documentation changes.
    Documentation,
}

/// The kinds of change, in report order for one shape or member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// An operation joined the selection (whole-service comparisons).
    OperationAdded,
    /// An operation left the service.
    OperationRemoved,
    /// An error joined an operation's errors (its own or the service's).
    OperationErrorAdded,
    /// An error left an operation's errors.
    OperationErrorRemoved,
    /// A shape joined the closure.
    ShapeAdded,
    /// A shape left the closure.
    ShapeRemoved,
    /// A type, field or variant gets another Rust name.
    RustNameChanged,
    /// A structure member was added.
    MemberAdded,
    /// A structure member was removed.
    MemberRemoved,
    /// `Option<T>` ↔ `T`.
    OptionalityChanged,
    /// `T` stays `T`; its `@default` was added, removed or changed.
    DefaultChanged,
    /// The Rust type of a field or variant, or the kind of a named shape, changed.
    TypeChanged,
    /// The structure starts or stops deriving `Default`.
    DeriveDefaultChanged,
    /// An enum or intEnum value was added.
    EnumValueAdded,
    /// An enum or intEnum value was removed.
    EnumValueRemoved,
    /// An enum or intEnum value kept its name but changed its wire value.
    EnumValueChanged,
    /// A union member was added.
    UnionMemberAdded,
    /// A union member was removed.
    UnionMemberRemoved,
    /// A `string` with `@enum` became an `enum` shape, or back.
    EnumRepresentationChanged,
    /// `@error` was added, removed or changed.
    ErrorChanged,
    /// `@deprecated` was added, removed or changed.
    DeprecationChanged,
    /// A field or variant became `@sensitive` (redacted in `Debug`), or stopped being.
    SensitivityChanged,
    /// `@length`, `@range`, `@pattern` or `@uniqueItems` changed.
    ConstraintChanged,
    /// Documentation changed.
    DocumentationChanged,
}

impl Report {
    /// How many changes have this impact.
    pub fn count(&self, impact: Impact) -> usize {
        self.changes.iter().filter(|c| c.impact == impact).count()
    }

    /// Whether any change breaks users of the generated Rust.
    pub fn is_breaking(&self) -> bool {
        self.count(Impact::Breaking) > 0
    }

    /// The report as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        // Plain strings and unit enums: serializing cannot fail.
        serde_json::to_string_pretty(self).expect("a report always serializes")
    }

    /// The report as Markdown for a pull request. `old` and `new` name the two revisions (file
    /// names), `scope` is what was compared ([`scope`]).
    pub fn to_markdown(&self, old: &str, new: &str, scope: &str) -> String {
        let mut out = format!("## Model changes in {scope}: `{old}` → `{new}`\n\n");
        if self.changes.is_empty() {
            out.push_str(&format!("No changes in {scope}.\n"));
            return out;
        }
        out.push_str(&format!(
            "{} breaking, {} compatible, {} documentation-only.\n",
            self.count(Impact::Breaking),
            self.count(Impact::Compatible),
            self.count(Impact::Documentation)
        ));
        for (impact, title) in [
            (Impact::Breaking, "Breaking"),
            (Impact::Compatible, "Compatible"),
            (Impact::Documentation, "Documentation"),
        ] {
            let mut changes = self
                .changes
                .iter()
                .filter(|c| c.impact == impact)
                .peekable();
            if changes.peek().is_none() {
                continue;
            }
            out.push_str(&format!("\n### {title}\n\n"));
            for c in changes {
                out.push_str(&format!("- `{}`: {}\n", c.label(), c.detail));
            }
        }
        out
    }
}

impl Change {
    /// `Shape` or `Shape.member`, with the shape's name (no namespace).
    pub fn label(&self) -> String {
        match &self.member {
            Some(m) => format!("{}.{m}", shape_name(&self.shape)),
            None => shape_name(&self.shape).to_owned(),
        }
    }
}

/// What a selection covers, for titles: `the closure of UpdateMembership`, `the whole service`.
pub fn scope(selection: &Selection) -> String {
    if selection.operations.is_empty() {
        match &selection.service {
            Some(s) => format!("the whole service {}", shape_name(s)),
            None => "the whole service".to_owned(),
        }
    } else {
        let ops: Vec<&str> = selection.operations.iter().map(|o| shape_name(o)).collect();
        format!("the closure of {}", ops.join(", "))
    }
}

/// Compares `old` with `new` over the union of both closures of `selection`.
///
/// Fails as generation does when the selection does not apply to one of the models (an unknown
/// operation, no service) or one cannot be generated (an unsupported construct); see
/// [`crate::Model::operations`], which checks one revision.
pub fn diff(old: &crate::Model, new: &crate::Model, selection: &Selection) -> Result<Report> {
    let old_raw = Model::from_ast(old.ast())?;
    let new_raw = Model::from_ast(new.ast())?;
    diff_resolved(old.resolved(), new.resolved(), &old_raw, &new_raw, selection)
}

/// [`diff`] of resolved models; `old_raw` and `new_raw` are the same models parsed but not
/// resolved.
fn diff_resolved(
    old: &Model,
    new: &Model,
    old_raw: &Model,
    new_raw: &Model,
    selection: &Selection,
) -> Result<Report> {
    let old = Side::new(old, old_raw, selection)?;
    let new = Side::new(new, new_raw, selection)?;
    let mut out = Changes::default();
    for op in old.closure.operations.union(&new.closure.operations) {
        match (
            old.closure.operations.contains(op),
            new.closure.operations.contains(op),
        ) {
            (false, true) => out.push(
                op,
                None,
                ChangeKind::OperationAdded,
                Impact::Compatible,
                "new operation: its input, output and errors join the comparison".to_owned(),
            ),
            (true, false) => out.push(
                op,
                None,
                ChangeKind::OperationRemoved,
                Impact::Breaking,
                "operation removed from the service".to_owned(),
            ),
            _ => compare_operation_errors(&old, &new, op, &mut out),
        }
    }
    let ids: BTreeSet<&String> = old
        .closure
        .shapes
        .iter()
        .chain(&new.closure.shapes)
        .collect();
    for id in ids {
        match (old.shape(id), new.shape(id)) {
            (None, Some(b)) => shape_added(&new, b, &mut out),
            (Some(a), None) => shape_removed(&old, a, &mut out),
            (Some(a), Some(b)) => compare_shape(&old, &new, a, b, &mut out),
            (None, None) => {}
        }
    }
    let mut changes = out.0;
    changes.sort_by(|a, b| {
        (&a.shape, &a.member, a.kind, &a.detail).cmp(&(&b.shape, &b.member, b.kind, &b.detail))
    });
    Ok(Report { changes })
}

/// The errors of `op`'s error enum: its own and the service's, by shape ID.
fn operation_errors(side: &Side, op: &str) -> BTreeSet<String> {
    let mut errors = BTreeSet::new();
    if let Some(ShapeKind::Operation { errors: own, .. }) = side.model.shapes.get(op).map(|s| &s.kind) {
        errors.extend(own.iter().cloned());
    }
    if let Some(ShapeKind::Service { errors: common, .. }) =
        side.model.shapes.get(&side.closure.service).map(|s| &s.kind)
    {
        errors.extend(common.iter().cloned());
    }
    errors
}

/// Errors added to or removed from `op` (in both revisions): a variant of its error enum.
fn compare_operation_errors(old: &Side, new: &Side, op: &str, out: &mut Changes) {
    let (before, after) = (operation_errors(old, op), operation_errors(new, op));
    for error in before.difference(&after) {
        out.push(
            op,
            Some(shape_name(error)),
            ChangeKind::OperationErrorRemoved,
            Impact::Breaking,
            format!(
                "error `{}` no longer listed: its variant leaves the error enum (code that matches it no longer compiles) and the response reads as `Unhandled`",
                shape_name(error)
            ),
        );
    }
    for error in after.difference(&before) {
        out.push(
            op,
            Some(shape_name(error)),
            ChangeKind::OperationErrorAdded,
            Impact::Compatible,
            format!(
                "new error `{}`: a new variant of the `#[non_exhaustive]` error enum (matches already have a catch-all), where the response read as `Unhandled`",
                shape_name(error)
            ),
        );
    }
}

/// Collects changes.
#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn push(
        &mut self,
        shape: &str,
        member: Option<&str>,
        kind: ChangeKind,
        impact: Impact,
        detail: String,
    ) {
        self.0.push(Change {
            shape: shape.to_owned(),
            member: member.map(str::to_owned),
            kind,
            impact,
            detail,
        });
    }
}

/// One revision: the resolved model, the raw one, and the crate the generator lowers it to.
struct Side<'a> {
    model: &'a Model,
    raw: &'a Model,
    closure: Closure,
    krate: types::Crate,
    /// The Rust type of each shape without an item of its own ([`types::inline_types`]).
    inline: BTreeMap<String, types::Type>,
    /// The index of each item in `krate.items`, by shape ID.
    items: BTreeMap<String, usize>,
}

impl<'a> Side<'a> {
    fn new(model: &'a Model, raw: &'a Model, selection: &Selection) -> Result<Side<'a>> {
        // The protocol a generator picks without a choice; it only decides JSON member names,
        // which the report does not show.
        let Lowered { closure, krate, .. } = lower(model, selection, None)?;
        let inline = types::inline_types(model, &closure, &krate);
        let items = krate
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| (item.shape_id().to_owned(), i))
            .collect();
        Ok(Side {
            model,
            raw,
            closure,
            krate,
            inline,
            items,
        })
    }

    /// A shape of the closure.
    fn shape(&self, id: &str) -> Option<&'a Shape> {
        self.closure
            .shapes
            .contains(id)
            .then(|| self.model.shapes.get(id))
            .flatten()
    }

    /// The generated item of a shape of the closure (structures, unions, enums, intEnums).
    fn item(&self, id: &str) -> Option<&Item> {
        self.items.get(id).map(|i| &self.krate.items[*i])
    }

    /// Whether the raw (unresolved) shape is a `string` with the Smithy 1.0 `@enum` trait (`Some(true)`)
    /// or an `enum` shape (`Some(false)`).
    fn legacy_enum(&self, id: &str) -> Option<bool> {
        let shape = self.raw.shapes.get(id)?;
        match shape.kind {
            ShapeKind::Simple(Simple::String) if shape.has_trait(traits::ENUM) => Some(true),
            ShapeKind::Enum(_) => Some(false),
            _ => None,
        }
    }
}

/// A field's full Rust type: `Option<T>` or `T`.
fn rust(field: &Field) -> String {
    if field.presence == Presence::Optional {
        format!("Option<{}>", field.ty)
    } else {
        field.ty.to_string()
    }
}

/// The timestamp formats inside a type, in order.
fn timestamp_formats(ty: &Type) -> Vec<&'static str> {
    match ty {
        Type::Timestamp(format) => vec![format.name()],
        Type::Boxed(t) | Type::List { item: t, .. } => timestamp_formats(t),
        Type::Map { key, value, .. } => {
            let mut v = timestamp_formats(key);
            v.extend(timestamp_formats(value));
            v
        }
        _ => vec![],
    }
}

/// `pub struct X` or `pub enum X`.
fn declaration(item: &Item) -> String {
    let keyword = match item {
        Item::Struct(_) => "struct",
        _ => "enum",
    };
    format!("`pub {keyword} {}`", item.name())
}

/// The traits of a member of a shape in the model (a lowered field or variant comes from one).
fn member_traits<'s>(shape: &'s Shape, member: &str) -> &'s Traits {
    &shape
        .members()
        .and_then(|m| m.get(member))
        .expect("lowered fields and variants are members of their shape")
        .traits
}

fn shape_added(side: &Side, shape: &Shape, out: &mut Changes) {
    let kind = shape.kind.type_name();
    let detail = match side.item(&shape.id) {
        Some(item) => {
            let error = if matches!(item, Item::Struct(s) if s.error.is_some()) {
                " (an error type)"
            } else {
                ""
            };
            format!("new {kind}{error}, generated as {}", declaration(item))
        }
        None => match side.inline.get(&shape.id) {
            Some(used) => {
                format!("new {kind} shape; no Rust type of its own (used inline as `{used}`)")
            }
            None => format!("new {kind} shape; no Rust type of its own"),
        },
    };
    out.push(
        &shape.id,
        None,
        ChangeKind::ShapeAdded,
        Impact::Compatible,
        detail,
    );
}

fn shape_removed(side: &Side, shape: &Shape, out: &mut Changes) {
    let kind = shape.kind.type_name();
    if let Some(item) = side.item(&shape.id) {
        out.push(
            &shape.id,
            None,
            ChangeKind::ShapeRemoved,
            Impact::Breaking,
            format!(
                "{kind} removed from the closure: {} is no longer generated",
                declaration(item)
            ),
        );
    } else {
        out.push(
            &shape.id,
            None,
            ChangeKind::ShapeRemoved,
            Impact::Compatible,
            format!(
                "{kind} shape no longer in the closure; it had no Rust type of its own (fields that used it are listed on their own)"
            ),
        );
    }
}

fn compare_shape(old: &Side, new: &Side, a: &Shape, b: &Shape, out: &mut Changes) {
    let id = a.id.as_str();
    let (item_a, item_b) = (old.item(id), new.item(id));
    if let (Some(was), Some(is)) = (old.legacy_enum(id), new.legacy_enum(id)) {
        if was != is {
            let spell = |legacy: bool| {
                if legacy {
                    "`string` with the Smithy 1.0 `@enum` trait"
                } else {
                    "Smithy 2.0 `enum` shape"
                }
            };
            let same = enum_values(item_a) == enum_values(item_b);
            let tail = if same {
                "same values: the generated Rust is identical"
            } else {
                "the generated Rust is spelled the same way; the value changes are listed on their own"
            };
            out.push(
                id,
                None,
                ChangeKind::EnumRepresentationChanged,
                Impact::Compatible,
                format!("{} → {}; {tail}", spell(was), spell(is)),
            );
        }
    }
    compare_docs(id, None, &a.traits, &b.traits, out);
    compare_constraints(id, None, &a.traits, &b.traits, out);
    if a.kind.type_name() != b.kind.type_name() && (item_a.is_some() || item_b.is_some()) {
        let spell = |item: Option<&Item>| {
            item.map_or_else(|| "no Rust type of its own".to_owned(), declaration)
        };
        out.push(
            id,
            None,
            ChangeKind::TypeChanged,
            Impact::Breaking,
            format!(
                "{} → {}: {} becomes {}",
                a.kind.type_name(),
                b.kind.type_name(),
                spell(item_a),
                spell(item_b)
            ),
        );
        return;
    }
    let (Some(x), Some(y)) = (item_a, item_b) else {
        // Lists, maps and simple shapes have no Rust item: fields using them report the effect.
        return;
    };
    if x.name() != y.name() {
        out.push(
            id,
            None,
            ChangeKind::RustNameChanged,
            Impact::Breaking,
            format!("the Rust type `{}` is now `{}`", x.name(), y.name()),
        );
    }
    compare_deprecation(
        id,
        None,
        x.meta().deprecated.as_deref(),
        y.meta().deprecated.as_deref(),
        out,
    );
    match (x, y) {
        (Item::Struct(sa), Item::Struct(sb)) => {
            compare_error(id, sa, sb, out);
            compare_structure(a, b, sa, sb, out);
        }
        (Item::Union(ua), Item::Union(ub)) => compare_union(a, b, ua, ub, out),
        (Item::Enum(_), Item::Enum(_)) | (Item::IntEnum(_), Item::IntEnum(_)) => {
            compare_enum(a, b, x, y, out)
        }
        _ => {}
    }
}

fn compare_error(id: &str, a: &Struct, b: &Struct, out: &mut Changes) {
    let (impact, detail) = match (&a.error, &b.error) {
        (None, Some(e)) => (
            Impact::Compatible,
            format!("now an error (`@error({e})`): implements `Display` and `std::error::Error`"),
        ),
        (Some(_), None) => (
            Impact::Breaking,
            "no longer an error: the `Display` and `std::error::Error` impls are gone".to_owned(),
        ),
        (Some(x), Some(y)) if x != y => (Impact::Compatible, format!("`@error` {x} → {y}")),
        _ => return,
    };
    out.push(id, None, ChangeKind::ErrorChanged, impact, detail);
}

/// Member names of both revisions: the old ones in order, then the new ones.
fn member_union<'m>(
    a: impl IntoIterator<Item = &'m str>,
    b: impl IntoIterator<Item = &'m str>,
) -> Vec<&'m str> {
    let mut names: Vec<&str> = a.into_iter().collect();
    let old: BTreeSet<&str> = names.iter().copied().collect();
    names.extend(b.into_iter().filter(|n| !old.contains(n)));
    names
}

/// A structure's fields by member name.
fn fields_by_member(s: &Struct) -> BTreeMap<&str, &Field> {
    s.fields.iter().map(|f| (f.wire_name.as_str(), f)).collect()
}

fn compare_structure(a: &Shape, b: &Shape, sa: &Struct, sb: &Struct, out: &mut Changes) {
    let id = a.id.as_str();
    let (fa, fb) = (fields_by_member(sa), fields_by_member(sb));
    let names = member_union(
        sa.fields.iter().map(|f| f.wire_name.as_str()),
        sb.fields.iter().map(|f| f.wire_name.as_str()),
    );
    for name in names {
        match (fa.get(name), fb.get(name)) {
            (None, Some(g)) => {
                let decl = format!("`{}: {}`", g.name, rust(g));
                let literals = if sb.derive_default {
                    "struct literals must add it or end with `..Default::default()`"
                } else {
                    "struct literals must add it (the struct does not derive `Default`)"
                };
                let (impact, detail) = match &g.presence {
                    Presence::Optional => (
                        Impact::Compatible,
                        format!("new optional field {decl}; {literals}"),
                    ),
                    Presence::Default(_) => (
                        Impact::Compatible,
                        format!(
                            "new field {decl} that takes `{}` when absent; {literals}",
                            plain_value(g.default.as_ref().unwrap_or(&Value::Null))
                        ),
                    ),
                    Presence::Required => (
                        Impact::Breaking,
                        format!(
                            "new required field {decl}: struct literals without it no longer compile, and data without it is rejected"
                        ),
                    ),
                };
                out.push(id, Some(name), ChangeKind::MemberAdded, impact, detail);
            }
            (Some(f), None) => {
                out.push(
                    id,
                    Some(name),
                    ChangeKind::MemberRemoved,
                    Impact::Breaking,
                    format!(
                        "field `{}: {}` removed: code that reads or sets it no longer compiles",
                        f.name,
                        rust(f)
                    ),
                );
            }
            (Some(f), Some(g)) => {
                if f.name != g.name {
                    out.push(
                        id,
                        Some(name),
                        ChangeKind::RustNameChanged,
                        Impact::Breaking,
                        format!("the Rust field `{}` is now `{}`", f.name, g.name),
                    );
                }
                if f.ty != g.ty {
                    out.push(
                        id,
                        Some(name),
                        ChangeKind::TypeChanged,
                        Impact::Breaking,
                        type_detail("field type", &f.ty, &g.ty, &rust(f), &rust(g)),
                    );
                }
                let optional = |f: &Field| f.presence == Presence::Optional;
                if optional(f) != optional(g) {
                    let now = if optional(g) {
                        "now optional"
                    } else {
                        "now required"
                    };
                    out.push(
                        id,
                        Some(name),
                        ChangeKind::OptionalityChanged,
                        Impact::Breaking,
                        format!("`{}` → `{}`: {now}", rust(f), rust(g)),
                    );
                } else if f.default != g.default {
                    out.push(
                        id,
                        Some(name),
                        ChangeKind::DefaultChanged,
                        Impact::Compatible,
                        default_detail(&rust(g), f.default.as_ref(), g.default.as_ref()),
                    );
                }
                compare_sensitive(id, name, f.sensitive, g.sensitive, out);
                compare_member_traits(
                    id,
                    name,
                    (member_traits(a, name), f.meta.deprecated.as_deref()),
                    (member_traits(b, name), g.meta.deprecated.as_deref()),
                    out,
                );
            }
            (None, None) => {}
        }
    }
    match (sa.derive_default, sb.derive_default) {
        (true, false) => {
            let blockers: Vec<&str> = sb
                .fields
                .iter()
                .filter(|f| !f.takes_type_default())
                .map(|f| f.wire_name.as_str())
                .collect();
            out.push(
                id,
                None,
                ChangeKind::DeriveDefaultChanged,
                Impact::Breaking,
                format!(
                    "no longer derives `Default` (because of `{}`): `{}::default()` and `..Default::default()` no longer compile",
                    blockers.join("`, `"),
                    sb.name
                ),
            )
        }
        (false, true) => out.push(
            id,
            None,
            ChangeKind::DeriveDefaultChanged,
            Impact::Compatible,
            format!(
                "now derives `Default`: `{}::default()` is available",
                sb.name
            ),
        ),
        _ => {}
    }
}

fn default_detail(rust: &str, was: Option<&Value>, is: Option<&Value>) -> String {
    match (was, is) {
        (None, Some(v)) => format!(
            "still `{rust}`; now takes `{}` when absent instead of rejecting the data",
            plain_value(v)
        ),
        (Some(v), None) => format!(
            "still `{rust}`; no longer defaults to `{}`: data without it is rejected",
            plain_value(v)
        ),
        (Some(v), Some(w)) => format!(
            "still `{rust}`; default `{}` → `{}`",
            plain_value(v),
            plain_value(w)
        ),
        (None, None) => format!("still `{rust}`"),
    }
}

/// The detail of a type change; names the timestamp formats when only they differ.
fn type_detail(what: &str, a: &Type, b: &Type, rust_a: &str, rust_b: &str) -> String {
    let (ta, tb) = (timestamp_formats(a), timestamp_formats(b));
    if a.to_string() == b.to_string() && ta != tb {
        format!(
            "timestamp format {} → {}: still `{rust_b}`, but read and written in the new format",
            ta.join(", "),
            tb.join(", ")
        )
    } else {
        format!("{what} `{rust_a}` → `{rust_b}`")
    }
}

fn compare_sensitive(id: &str, member: &str, was: bool, is: bool, out: &mut Changes) {
    if was != is {
        let detail = if is {
            "now `@sensitive`: redacted in `Debug` output"
        } else {
            "no longer `@sensitive`: shown in `Debug` output"
        };
        out.push(
            id,
            Some(member),
            ChangeKind::SensitivityChanged,
            Impact::Compatible,
            detail.to_owned(),
        );
    }
}

/// A union's variants by member name.
fn variants_by_member(u: &Union) -> BTreeMap<&str, &UnionVariant> {
    u.variants
        .iter()
        .map(|v| (v.wire_name.as_str(), v))
        .collect()
}

fn compare_union(a: &Shape, b: &Shape, ua: &Union, ub: &Union, out: &mut Changes) {
    let id = a.id.as_str();
    let (va, vb) = (variants_by_member(ua), variants_by_member(ub));
    let spell = |v: &UnionVariant| match &v.ty {
        Some(t) => format!("{}({t})", v.name),
        None => v.name.clone(),
    };
    let names = member_union(
        ua.variants.iter().map(|v| v.wire_name.as_str()),
        ub.variants.iter().map(|v| v.wire_name.as_str()),
    );
    for name in names {
        match (va.get(name), vb.get(name)) {
            (None, Some(w)) => out.push(
                id,
                Some(name),
                ChangeKind::UnionMemberAdded,
                Impact::Compatible,
                format!(
                    "new variant `{}`; the union is `#[non_exhaustive]`, so matches already have a wildcard arm (it read as `Unknown` before)",
                    spell(w)
                ),
            ),
            (Some(v), None) => out.push(
                id,
                Some(name),
                ChangeKind::UnionMemberRemoved,
                Impact::Breaking,
                format!(
                    "variant `{}` removed: code that builds or matches it no longer compiles",
                    spell(v)
                ),
            ),
            (Some(v), Some(w)) => {
                if v.name != w.name {
                    out.push(
                        id,
                        Some(name),
                        ChangeKind::RustNameChanged,
                        Impact::Breaking,
                        format!("the Rust variant `{}` is now `{}`", v.name, w.name),
                    );
                }
                if v.ty != w.ty {
                    let detail = match (&v.ty, &w.ty) {
                        (Some(p), Some(q)) => {
                            type_detail("variant payload", p, q, &p.to_string(), &q.to_string())
                        }
                        _ => format!("variant `{}` → `{}`", spell(v), spell(w)),
                    };
                    out.push(
                        id,
                        Some(name),
                        ChangeKind::TypeChanged,
                        Impact::Breaking,
                        detail,
                    );
                }
                compare_sensitive(id, name, v.sensitive, w.sensitive, out);
                compare_member_traits(
                    id,
                    name,
                    (member_traits(a, name), v.meta.deprecated.as_deref()),
                    (member_traits(b, name), w.meta.deprecated.as_deref()),
                    out,
                );
            }
            (None, None) => {}
        }
    }
}

/// An enum's or intEnum's values: member name → (Rust variant, wire value as written in Rust).
fn enum_values(item: Option<&Item>) -> BTreeMap<&str, (&str, String)> {
    match item {
        Some(Item::Enum(e)) => e
            .variants
            .iter()
            .map(|v| {
                let value = format!("{:?}", v.value);
                (v.member_name.as_str(), (v.name.as_str(), value))
            })
            .collect(),
        Some(Item::IntEnum(e)) => e
            .variants
            .iter()
            .map(|v| {
                let value = v.value.to_string();
                (v.member_name.as_str(), (v.name.as_str(), value))
            })
            .collect(),
        _ => BTreeMap::new(),
    }
}

/// The deprecation note of an enum's or intEnum's value.
fn value_deprecation<'i>(item: &'i Item, member: &str) -> Option<&'i str> {
    let meta = match item {
        Item::Enum(e) => e
            .variants
            .iter()
            .find(|v| v.member_name == member)
            .map(|v| &v.meta),
        Item::IntEnum(e) => e
            .variants
            .iter()
            .find(|v| v.member_name == member)
            .map(|v| &v.meta),
        _ => None,
    };
    meta.and_then(|m| m.deprecated.as_deref())
}

fn compare_enum(a: &Shape, b: &Shape, x: &Item, y: &Item, out: &mut Changes) {
    let id = a.id.as_str();
    let (va, vb) = (enum_values(Some(x)), enum_values(Some(y)));
    for name in member_union(va.keys().copied(), vb.keys().copied()) {
        match (va.get(name), vb.get(name)) {
            (None, Some((variant, value))) => out.push(
                id,
                Some(name),
                ChangeKind::EnumValueAdded,
                Impact::Compatible,
                format!(
                    "new value `{value}` (variant `{variant}`); the enum is `#[non_exhaustive]`, so matches already have a wildcard arm (it read as `Unknown({value})` before)"
                ),
            ),
            (Some((variant, value)), None) => out.push(
                id,
                Some(name),
                ChangeKind::EnumValueRemoved,
                Impact::Breaking,
                format!(
                    "value `{value}` removed: the variant `{variant}` no longer exists (the value now reads as `Unknown({value})`)"
                ),
            ),
            (Some((v1, w1)), Some((v2, w2))) => {
                if v1 != v2 {
                    out.push(
                        id,
                        Some(name),
                        ChangeKind::RustNameChanged,
                        Impact::Breaking,
                        format!("the Rust variant `{v1}` is now `{v2}`"),
                    );
                }
                if w1 != w2 {
                    out.push(
                        id,
                        Some(name),
                        ChangeKind::EnumValueChanged,
                        Impact::Breaking,
                        format!(
                            "wire value `{w1}` → `{w2}` (variant `{v2}`): `{w1}` now reads as `Unknown`"
                        ),
                    );
                }
                compare_member_traits(
                    id,
                    name,
                    (member_traits(a, name), value_deprecation(x, name)),
                    (member_traits(b, name), value_deprecation(y, name)),
                    out,
                );
            }
            (None, None) => {}
        }
    }
}

/// Documentation and constraints (the member's traits in the model) and deprecation (the lowered
/// note) of a member.
fn compare_member_traits(
    id: &str,
    member: &str,
    (a, deprecated_a): (&Traits, Option<&str>),
    (b, deprecated_b): (&Traits, Option<&str>),
    out: &mut Changes,
) {
    compare_docs(id, Some(member), a, b, out);
    compare_constraints(id, Some(member), a, b, out);
    compare_deprecation(id, Some(member), deprecated_a, deprecated_b, out);
}

fn compare_docs(id: &str, member: Option<&str>, a: &Traits, b: &Traits, out: &mut Changes) {
    let doc = |t: &Traits| {
        t.get(traits::DOCUMENTATION)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let (da, db) = (doc(a), doc(b));
    if da != db {
        out.push(
            id,
            member,
            ChangeKind::DocumentationChanged,
            Impact::Documentation,
            doc_detail(da.as_deref(), db.as_deref()),
        );
    }
}

/// The constraint traits validation reads, compared one by one.
fn compare_constraints(id: &str, member: Option<&str>, a: &Traits, b: &Traits, out: &mut Changes) {
    let (ca, cb) = (Constraints::of(a), Constraints::of(b));
    for ((t, was), (_, is)) in ca.each().into_iter().zip(cb.each()) {
        let name = shape_name(t);
        let detail = match (was, is) {
            (None, Some(v)) => format!("`@{name}` added: {}", constraint(v)),
            (Some(v), None) => format!("`@{name}` removed (was {})", constraint(v)),
            (Some(v), Some(w)) if v != w => {
                format!("`@{name}` {} → {}", constraint(v), constraint(w))
            }
            _ => continue,
        };
        out.push(
            id,
            member,
            ChangeKind::ConstraintChanged,
            Impact::Compatible,
            format!("{detail}; the generated types do not enforce it"),
        );
    }
}

/// A constraint trait's value as Markdown code (`{}` values print as nothing).
fn constraint(v: &Value) -> String {
    match v {
        Value::Object(o) if o.is_empty() => "(no value)".to_owned(),
        Value::String(s) => code(s),
        v => code(&v.to_string()),
    }
}

/// The deprecation notes the generator writes (`None`: not deprecated).
fn compare_deprecation(
    id: &str,
    member: Option<&str>,
    was: Option<&str>,
    is: Option<&str>,
    out: &mut Changes,
) {
    let detail = match (was, is) {
        (None, Some(n)) => {
            format!("now `#[deprecated]` (\u{201c}{n}\u{201d}): code using it gets a warning")
        }
        (Some(_), None) => "no longer deprecated".to_owned(),
        (Some(m), Some(n)) if m != n => {
            format!("deprecation note \u{201c}{m}\u{201d} → \u{201c}{n}\u{201d}")
        }
        _ => return,
    };
    out.push(
        id,
        member,
        ChangeKind::DeprecationChanged,
        Impact::Compatible,
        detail,
    );
}

/// A JSON value for a sentence: strings without quotes, anything else as JSON.
fn plain_value(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        v => v.to_string(),
    }
}

/// Inline Markdown code that survives backticks inside.
fn code(s: &str) -> String {
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if longest > 0 {
        format!("{fence} {s} {fence}")
    } else {
        format!("{fence}{s}{fence}")
    }
}

/// One sentence about a documentation change, with short excerpts rather than whole texts.
fn doc_detail(old: Option<&str>, new: Option<&str>) -> String {
    match (old.map(plain_text), new.map(plain_text)) {
        (None, Some(n)) => format!("documentation added: {}", quote(&n, 0)),
        (Some(o), None) => format!("documentation removed (was {})", quote(&o, 0)),
        (Some(o), Some(n)) if o == n => {
            let (old, new) = (old.unwrap_or_default(), new.unwrap_or_default());
            let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            let what = if words(old) == words(new) {
                "documentation reflowed (whitespace only)"
            } else {
                "documentation markup changed; the text reads the same"
            };
            if to_markdown(old) == to_markdown(new) {
                format!("{what}; the generated rustdoc is identical")
            } else {
                what.to_owned()
            }
        }
        (Some(o), Some(n)) => {
            let start = excerpt_start(&o, &n);
            format!(
                "documentation rewritten: {} → {}",
                quote(&o, start),
                quote(&n, start)
            )
        }
        (None, None) => "documentation changed".to_owned(),
    }
}

/// Where excerpts of two texts should start: a few words before their first difference.
fn excerpt_start(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common < 25 {
        return 0;
    }
    let mut start = common - 20;
    while start > 0 && a[start - 1] != ' ' {
        start -= 1;
    }
    start
}

/// `“excerpt…”` of `text` from char `start`, at most [`EXCERPT`] chars, cut at a word.
fn quote(text: &str, start: usize) -> String {
    let chars: Vec<char> = text.chars().skip(start).collect();
    let mut s: String = if chars.len() > EXCERPT {
        let mut end = EXCERPT;
        while end > EXCERPT / 2 && chars[end] != ' ' {
            end -= 1;
        }
        let cut: String = chars[..end].iter().collect();
        format!("{}…", cut.trim_end())
    } else {
        chars.iter().collect()
    };
    if start > 0 {
        s.insert(0, '…');
    }
    format!("\u{201c}{s}\u{201d}")
}

/// The model's HTML documentation as one line of plain text (tags dropped, backticks too, so the
/// excerpt cannot break the Markdown around it).
fn plain_text(html: &str) -> String {
    const BLOCK: [&str; 8] = ["p", "br", "li", "ul", "ol", "div", "dd", "dt"];
    let mut out = String::new();
    let mut tag: Option<String> = None;
    for c in html.chars() {
        match (&mut tag, c) {
            (None, '<') => tag = Some(String::new()),
            (Some(t), '>') => {
                let name = t
                    .trim_start_matches('/')
                    .split(|c: char| c.is_whitespace() || c == '/')
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                if BLOCK.contains(&name.as_str()) {
                    out.push(' ');
                }
                tag = None;
            }
            (Some(t), c) => t.push(c),
            (None, '`') => {}
            (None, c) => out.push(c),
        }
    }
    let out = out
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse;
    use crate::resolve::resolve;

    /// A one-operation service around `shapes`: `a#Op` takes `a#In` (an `@input` structure with a
    /// member `t` targeting `a#T`) and returns `a#Out` (a member `t` targeting `a#T`).
    fn model(shapes: &str) -> (Model, Model) {
        let json = format!(
            r#"{{"smithy":"2.0","shapes":{{"a#Svc":{{"type":"service","operations":[{{"target":"a#Op"}}]}},
            "a#Op":{{"type":"operation","input":{{"target":"a#In"}},"output":{{"target":"a#Out"}}}},
            "a#In":{{"type":"structure","members":{{"t":{{"target":"a#T"}}}},"traits":{{"smithy.api#input":{{}}}}}},
            "a#Out":{{"type":"structure","members":{{"t":{{"target":"a#T"}}}}}},{shapes}}}}}"#
        );
        let raw = parse(&json).unwrap_or_else(|e| panic!("{e:?}"));
        (resolve(raw.clone()).unwrap(), raw)
    }

    fn report(old: &str, new: &str) -> Report {
        let (a, a_raw) = model(old);
        let (b, b_raw) = model(new);
        let selection = Selection {
            service: None,
            operations: vec!["Op".to_owned()],
        };
        diff_resolved(&a, &b, &a_raw, &b_raw, &selection).unwrap()
    }

    /// (label, kind, impact) of every change.
    fn kinds(r: &Report) -> Vec<(String, ChangeKind, Impact)> {
        r.changes
            .iter()
            .map(|c| (c.label(), c.kind, c.impact))
            .collect()
    }

    fn one(r: &Report) -> &Change {
        assert_eq!(r.changes.len(), 1, "{:#?}", r.changes);
        &r.changes[0]
    }

    const T: &str = r#""a#T":{"type":"structure","members":{"id":{"target":"smithy.api#String","traits":{"smithy.api#required":{}}}}}"#;

    #[test]
    fn identical_models_have_no_changes() {
        let r = report(T, T);
        assert!(r.changes.is_empty());
        assert!(!r.is_breaking());
    }

    #[test]
    fn optional_member_added_is_compatible() {
        let new = T.replace(r#"{"id""#, r#"{"note":{"target":"smithy.api#String"},"id""#);
        let r = report(T, &new);
        let c = one(&r);
        assert_eq!(
            (c.label().as_str(), c.kind, c.impact),
            ("T.note", ChangeKind::MemberAdded, Impact::Compatible)
        );
        assert_eq!(
            c.detail,
            "new optional field `note: Option<String>`; struct literals must add it (the struct does not derive `Default`)"
        );
    }

    #[test]
    fn optional_member_added_to_default_struct_mentions_default() {
        let old = r#""a#T":{"type":"structure","members":{}}"#;
        let new = r#""a#T":{"type":"structure","members":{"n":{"target":"smithy.api#Integer"}}}"#;
        let c = report(old, new).changes.remove(0);
        assert!(
            c.detail.ends_with("or end with `..Default::default()`"),
            "{}",
            c.detail
        );
    }

    #[test]
    fn required_member_added_is_breaking_and_ends_default() {
        let old = r#""a#T":{"type":"structure","members":{}}"#;
        let new = r#""a#T":{"type":"structure","members":{"n":{"target":"smithy.api#Integer","traits":{"smithy.api#required":{}}}}}"#;
        let r = report(old, new);
        assert_eq!(
            kinds(&r),
            [
                (
                    "T".to_owned(),
                    ChangeKind::DeriveDefaultChanged,
                    Impact::Breaking
                ),
                ("T.n".to_owned(), ChangeKind::MemberAdded, Impact::Breaking),
            ]
        );
        assert!(r.is_breaking());
    }

    #[test]
    fn member_removed_is_breaking() {
        let old = T.replace(r#"{"id""#, r#"{"note":{"target":"smithy.api#String"},"id""#);
        let c = report(&old, T).changes.remove(0);
        assert_eq!(
            (c.kind, c.impact),
            (ChangeKind::MemberRemoved, Impact::Breaking)
        );
        assert_eq!(
            c.detail,
            "field `note: Option<String>` removed: code that reads or sets it no longer compiles"
        );
    }

    #[test]
    fn optionality_uses_the_generator_policy() {
        // @required on a member of an @input structure changes nothing in Rust: not reported.
        let with = |input_traits: &str| {
            format!(
                r#""a#T":{{"type":"structure","members":{{}}}},"a#X":{{"type":"structure","members":{{"v":{{"target":"smithy.api#String"{input_traits}}}}},"traits":{{"smithy.api#input":{{}}}}}}"#
            )
        };
        let (old, new) = (with(""), with(r#","traits":{"smithy.api#required":{}}"#));
        // a#X is not in the closure; put it there through a#T.
        let old = old.replace(r#""members":{}"#, r#""members":{"x":{"target":"a#X"}}"#);
        let new = new.replace(r#""members":{}"#, r#""members":{"x":{"target":"a#X"}}"#);
        assert!(report(&old, &new).changes.is_empty());
        // On an ordinary structure, Option<String> → String is breaking.
        // (T also stops deriving Default.)
        let old = T.replace(r#","traits":{"smithy.api#required":{}}"#, "");
        let r = report(&old, T);
        assert_eq!(
            kinds(&r),
            [
                (
                    "T".to_owned(),
                    ChangeKind::DeriveDefaultChanged,
                    Impact::Breaking
                ),
                (
                    "T.id".to_owned(),
                    ChangeKind::OptionalityChanged,
                    Impact::Breaking
                ),
            ]
        );
        let c = &r.changes[1];
        assert_eq!(
            (c.kind, c.impact, c.detail.as_str()),
            (
                ChangeKind::OptionalityChanged,
                Impact::Breaking,
                "`Option<String>` → `String`: now required"
            )
        );
    }

    #[test]
    fn default_change_keeps_the_type() {
        let with = |d: &str| {
            format!(
                r#""a#T":{{"type":"structure","members":{{"n":{{"target":"smithy.api#Integer","traits":{{"smithy.api#required":{{}},"smithy.api#default":{d}}}}}}}}}"#
            )
        };
        let c = report(&with("1"), &with("2")).changes.remove(0);
        assert_eq!(
            (c.kind, c.impact, c.detail.as_str()),
            (
                ChangeKind::DefaultChanged,
                Impact::Compatible,
                "still `i32`; default `1` → `2`"
            )
        );
    }

    #[test]
    fn type_changes_are_breaking() {
        let old = r#""a#T":{"type":"structure","members":{"n":{"target":"smithy.api#Integer"}}}"#;
        let new = r#""a#T":{"type":"structure","members":{"n":{"target":"smithy.api#Long"}}}"#;
        let c = report(old, new).changes.remove(0);
        assert_eq!(
            (c.kind, c.impact, c.detail.as_str()),
            (
                ChangeKind::TypeChanged,
                Impact::Breaking,
                "field type `Option<i32>` → `Option<i64>`"
            )
        );
    }

    #[test]
    fn retargeting_to_an_equivalent_shape_is_not_a_type_change() {
        let old = r#""a#T":{"type":"structure","members":{"n":{"target":"smithy.api#String"}}}"#;
        let new = r#""a#T":{"type":"structure","members":{"n":{"target":"a#Name"}}},"a#Name":{"type":"string"}"#;
        assert_eq!(
            kinds(&report(old, new)),
            [(
                "Name".to_owned(),
                ChangeKind::ShapeAdded,
                Impact::Compatible
            )]
        );
    }

    #[test]
    fn timestamp_format_change_is_breaking() {
        let with = |fmt: &str| {
            format!(
                r#""a#T":{{"type":"structure","members":{{"at":{{"target":"smithy.api#Timestamp"{fmt}}}}}}}"#
            )
        };
        let new = with(r#","traits":{"smithy.api#timestampFormat":"date-time"}"#);
        let c = report(&with(""), &new).changes.remove(0);
        assert_eq!(
            (c.kind, c.impact),
            (ChangeKind::TypeChanged, Impact::Breaking)
        );
        assert!(
            c.detail.starts_with(
                "timestamp format epoch-seconds → date-time: still `Option<Timestamp>`"
            ),
            "{}",
            c.detail
        );
    }

    #[test]
    fn list_to_map_is_breaking() {
        let old = r#""a#T":{"type":"structure","members":{"c":{"target":"a#C"}}},"a#C":{"type":"list","member":{"target":"smithy.api#String"}}"#;
        let new = r#""a#T":{"type":"structure","members":{"c":{"target":"a#C"}}},"a#C":{"type":"map","key":{"target":"smithy.api#String"},"value":{"target":"smithy.api#String"}}"#;
        let c = report(old, new).changes.remove(0);
        assert_eq!(c.label(), "T.c");
        assert_eq!(
            c.detail,
            "field type `Option<Vec<String>>` → `Option<BTreeMap<String, String>>`"
        );
    }

    #[test]
    fn shape_added_and_removed() {
        let old = r#""a#T":{"type":"structure","members":{"x":{"target":"a#X"}}},"a#X":{"type":"structure","members":{}}"#;
        let new = r#""a#T":{"type":"structure","members":{"y":{"target":"a#Y"}}},"a#Y":{"type":"structure","members":{}}"#;
        assert_eq!(
            kinds(&report(old, new)),
            [
                (
                    "T.x".to_owned(),
                    ChangeKind::MemberRemoved,
                    Impact::Breaking
                ),
                (
                    "T.y".to_owned(),
                    ChangeKind::MemberAdded,
                    Impact::Compatible
                ),
                ("X".to_owned(), ChangeKind::ShapeRemoved, Impact::Breaking),
                ("Y".to_owned(), ChangeKind::ShapeAdded, Impact::Compatible),
            ]
        );
    }

    #[test]
    fn enum_values() {
        let e = |values: &str| {
            format!(
                r#""a#T":{{"type":"structure","members":{{"e":{{"target":"a#E"}}}}}},"a#E":{{"type":"enum","members":{{{values}}}}}"#
            )
        };
        let v = |name: &str, value: &str| {
            format!(
                r#""{name}":{{"target":"smithy.api#Unit","traits":{{"smithy.api#enumValue":"{value}"}}}}"#
            )
        };
        let old = e(&format!("{},{}", v("A", "a"), v("B", "b")));
        let new = e(&format!("{},{}", v("A", "a2"), v("C", "c")));
        assert_eq!(
            kinds(&report(&old, &new)),
            [
                (
                    "E.A".to_owned(),
                    ChangeKind::EnumValueChanged,
                    Impact::Breaking
                ),
                (
                    "E.B".to_owned(),
                    ChangeKind::EnumValueRemoved,
                    Impact::Breaking
                ),
                (
                    "E.C".to_owned(),
                    ChangeKind::EnumValueAdded,
                    Impact::Compatible
                ),
            ]
        );
    }

    #[test]
    fn int_enum_value_added() {
        let e = |values: &str| {
            format!(
                r#""a#T":{{"type":"structure","members":{{"e":{{"target":"a#E"}}}}}},"a#E":{{"type":"intEnum","members":{{{values}}}}}"#
            )
        };
        let one_value = r#""LOW":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":1}}"#;
        let two = format!(
            r#"{one_value},"HIGH":{{"target":"smithy.api#Unit","traits":{{"smithy.api#enumValue":2}}}}"#
        );
        let c = report(&e(one_value), &e(&two)).changes.remove(0);
        assert_eq!(
            (c.label().as_str(), c.kind, c.impact),
            ("E.HIGH", ChangeKind::EnumValueAdded, Impact::Compatible)
        );
        assert!(
            c.detail.starts_with("new value `2` (variant `High`)"),
            "{}",
            c.detail
        );
    }

    #[test]
    fn union_members() {
        let u = |members: &str| {
            format!(
                r#""a#T":{{"type":"structure","members":{{"u":{{"target":"a#U"}}}}}},"a#U":{{"type":"union","members":{{{members}}}}}"#
            )
        };
        let old = u(r#""a":{"target":"smithy.api#String"},"b":{"target":"smithy.api#Integer"}"#);
        let new = u(r#""a":{"target":"smithy.api#Integer"},"c":{"target":"smithy.api#Unit"}"#);
        assert_eq!(
            kinds(&report(&old, &new)),
            [
                ("U.a".to_owned(), ChangeKind::TypeChanged, Impact::Breaking),
                (
                    "U.b".to_owned(),
                    ChangeKind::UnionMemberRemoved,
                    Impact::Breaking
                ),
                (
                    "U.c".to_owned(),
                    ChangeKind::UnionMemberAdded,
                    Impact::Compatible
                ),
            ]
        );
    }

    #[test]
    fn enum_representation_change_is_compatible() {
        let legacy = r#""a#T":{"type":"structure","members":{"f":{"target":"a#F"}}},"a#F":{"type":"string","traits":{"smithy.api#enum":[{"name":"CSV","value":"CSV"}]}}"#;
        let modern = r#""a#T":{"type":"structure","members":{"f":{"target":"a#F"}}},"a#F":{"type":"enum","members":{"CSV":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"CSV"}}}}"#;
        let c = report(legacy, modern).changes.remove(0);
        assert_eq!(
            (c.kind, c.impact, c.detail.as_str()),
            (
                ChangeKind::EnumRepresentationChanged,
                Impact::Compatible,
                "`string` with the Smithy 1.0 `@enum` trait → Smithy 2.0 `enum` shape; same values: the generated Rust is identical"
            )
        );
        let back = report(modern, legacy);
        assert_eq!(one(&back).kind, ChangeKind::EnumRepresentationChanged);
    }

    #[test]
    fn documentation_changes_are_documentation() {
        let with = |doc: &str| {
            format!(
                r#""a#T":{{"type":"structure","members":{{"id":{{"target":"smithy.api#String","traits":{{"smithy.api#documentation":"{doc}"}}}}}},"traits":{{"smithy.api#documentation":"<p>T.</p>"}}}}"#
            )
        };
        let r = report(
            &with(
                "<p>The identifier of the membership, as returned by <code>CreateMembership</code>.</p>",
            ),
            &with(
                "<p>The identifier of the membership, as returned by <code>GetMembership</code>.</p>",
            ),
        );
        let c = one(&r);
        assert_eq!(
            (c.label().as_str(), c.kind, c.impact),
            (
                "T.id",
                ChangeKind::DocumentationChanged,
                Impact::Documentation
            )
        );
        assert_eq!(
            c.detail,
            "documentation rewritten: “…membership, as returned by CreateMembership.” → “…membership, as returned by GetMembership.”"
        );
    }

    #[test]
    fn doc_details_are_short() {
        let long = "word ".repeat(40);
        let d = doc_detail(None, Some(&long));
        assert!(d.chars().count() < 90, "{d}");
        assert!(d.ends_with("…”"), "{d}");
        assert_eq!(
            doc_detail(Some("<p>Same</p>"), Some("<b>Same</b>")),
            "documentation markup changed; the text reads the same"
        );
        assert_eq!(
            doc_detail(Some("<p>One\n    two.</p>"), Some("<p>One two.</p>")),
            "documentation reflowed (whitespace only); the generated rustdoc is identical"
        );
        assert_eq!(
            doc_detail(Some("Old text."), None),
            "documentation removed (was “Old text.”)"
        );
    }

    #[test]
    fn plain_text_drops_tags_and_backticks() {
        assert_eq!(
            plain_text("<p>Use <code>a`b</code>.</p><p>Then &quot;go&quot;.</p>"),
            "Use ab. Then \"go\"."
        );
    }

    #[test]
    fn constraint_changes_are_compatible_with_values() {
        let with = |len: &str| {
            format!(
                r#""a#T":{{"type":"structure","members":{{"n":{{"target":"a#N"}}}}}},"a#N":{{"type":"string","traits":{{"smithy.api#length":{len}}}}}"#
            )
        };
        let c = report(&with(r#"{"max":10}"#), &with(r#"{"max":20}"#))
            .changes
            .remove(0);
        assert_eq!(
            (c.label().as_str(), c.kind, c.impact, c.detail.as_str()),
            (
                "N",
                ChangeKind::ConstraintChanged,
                Impact::Compatible,
                r#"`@length` `{"max":10}` → `{"max":20}`; the generated types do not enforce it"#
            )
        );
    }

    #[test]
    fn sensitive_and_deprecated_are_compatible() {
        let old = r#""a#T":{"type":"structure","members":{"s":{"target":"a#S"}}},"a#S":{"type":"string"}"#;
        let new = r#""a#T":{"type":"structure","members":{"s":{"target":"a#S","traits":{"smithy.api#deprecated":{"message":"use t"}}}}},"a#S":{"type":"string","traits":{"smithy.api#sensitive":{}}}"#;
        assert_eq!(
            kinds(&report(old, new)),
            [
                (
                    "T.s".to_owned(),
                    ChangeKind::DeprecationChanged,
                    Impact::Compatible
                ),
                (
                    "T.s".to_owned(),
                    ChangeKind::SensitivityChanged,
                    Impact::Compatible
                ),
            ]
        );
    }

    #[test]
    fn named_shape_kind_change_is_breaking() {
        let old = r#""a#T":{"type":"structure","members":{"id":{"target":"smithy.api#String"}}}"#;
        let new = r#""a#T":{"type":"union","members":{"id":{"target":"smithy.api#String"}}}"#;
        let c = report(old, new).changes.remove(0);
        assert_eq!(
            (c.kind, c.impact, c.detail.as_str()),
            (
                ChangeKind::TypeChanged,
                Impact::Breaking,
                "structure → union: `pub struct T` becomes `pub enum T`"
            )
        );
    }

    #[test]
    fn error_trait_removed_is_breaking() {
        let old =
            r#""a#T":{"type":"structure","members":{},"traits":{"smithy.api#error":"client"}}"#;
        let new = r#""a#T":{"type":"structure","members":{}}"#;
        assert_eq!(
            kinds(&report(old, new)),
            [("T".to_owned(), ChangeKind::ErrorChanged, Impact::Breaking)]
        );
    }

    #[test]
    fn rename_collision_is_a_rust_name_change() {
        // `T.fooBar` keeps its field name `foo_bar` only while it is the first to claim it.
        let old =
            r#""a#T":{"type":"structure","members":{"fooBar":{"target":"smithy.api#String"}}}"#;
        let new = r#""a#T":{"type":"structure","members":{"foo_bar":{"target":"smithy.api#String"},"fooBar":{"target":"smithy.api#String"}}}"#;
        assert_eq!(
            kinds(&report(old, new)),
            [
                (
                    "T.fooBar".to_owned(),
                    ChangeKind::RustNameChanged,
                    Impact::Breaking
                ),
                (
                    "T.foo_bar".to_owned(),
                    ChangeKind::MemberAdded,
                    Impact::Compatible
                ),
            ]
        );
    }

    #[test]
    fn recursion_boxing_change_is_a_type_change() {
        // T.next: Option<T> is boxed once T refers to itself by value.
        let old = r#""a#T":{"type":"structure","members":{"next":{"target":"a#L"}}},"a#L":{"type":"list","member":{"target":"a#T"}}"#;
        let new = r#""a#T":{"type":"structure","members":{"next":{"target":"a#T"}}},"a#L":{"type":"list","member":{"target":"a#T"}}"#;
        let r = report(old, new);
        let types: Vec<_> = r
            .changes
            .iter()
            .filter(|c| c.kind == ChangeKind::TypeChanged)
            .map(|c| c.detail.as_str())
            .collect();
        assert_eq!(types, ["field type `Option<Vec<T>>` → `Option<Box<T>>`"]);
    }

    #[test]
    fn markdown_groups_by_impact() {
        let old = r#""a#T":{"type":"structure","members":{"x":{"target":"smithy.api#String"}}}"#;
        let new = r#""a#T":{"type":"structure","members":{"y":{"target":"smithy.api#String"}},"traits":{"smithy.api#documentation":"T."}}"#;
        let md = report(old, new).to_markdown("old.json", "new.json", "the closure of Op");
        assert_eq!(
            md,
            "## Model changes in the closure of Op: `old.json` → `new.json`\n\n\
             1 breaking, 1 compatible, 1 documentation-only.\n\n\
             ### Breaking\n\n\
             - `T.x`: field `x: Option<String>` removed: code that reads or sets it no longer compiles\n\n\
             ### Compatible\n\n\
             - `T.y`: new optional field `y: Option<String>`; struct literals must add it or end with `..Default::default()`\n\n\
             ### Documentation\n\n\
             - `T`: documentation added: “T.”\n"
        );
    }

    #[test]
    fn markdown_without_changes() {
        let md = Report::default().to_markdown("a.json", "b.json", "the closure of Op");
        assert!(
            md.ends_with("\n\nNo changes in the closure of Op.\n"),
            "{md}"
        );
    }

    #[test]
    fn json_uses_snake_case() {
        let r = report(
            T,
            &T.replace(r#"{"id""#, r#"{"note":{"target":"smithy.api#String"},"id""#),
        );
        let v: Value = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!(v["changes"][0]["kind"], "member_added");
        assert_eq!(v["changes"][0]["impact"], "compatible");
        assert_eq!(v["changes"][0]["shape"], "a#T");
        assert_eq!(v["changes"][0]["member"], "note");
    }

    #[test]
    fn scope_names_the_selection() {
        let s = |ops: &[&str]| Selection {
            service: None,
            operations: ops.iter().map(|o| (*o).to_owned()).collect(),
        };
        assert_eq!(
            scope(&s(&["UpdateMembership"])),
            "the closure of UpdateMembership"
        );
        assert_eq!(scope(&s(&[])), "the whole service");
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "`` a`b ``");
    }
}
