//! Merges the files of a model into one JSON AST as the spec says: identical shape definitions
//! merge, conflicting ones are errors; metadata arrays concatenate; `apply` adds traits (list
//! traits concatenate); elided member targets come from the bound resource or the mixins.
//! The result is in one canonical form whatever the files were written in: a member inherited
//! from a mixin is listed only when it adds traits, enum members carry their value, and operation
//! input and output are always there.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use indexmap::IndexMap;
use serde_json::Value;

use super::{Defined, Fragment, Pos, error_at};
use crate::ast::{Ast, AstMember, Traits};
use crate::error::{Error, Result};

struct Entry {
    def: Defined,
    path: PathBuf,
    /// Whether the defining file is Smithy 1.0 (its shapes get the 1.0 upgrade).
    v1: bool,
}

pub(crate) fn merge(fragments: Vec<Fragment>) -> Result<Ast> {
    let mut errors = Vec::new();
    let mut shapes: BTreeMap<String, Entry> = BTreeMap::new();
    let mut metadata: BTreeMap<String, (Value, PathBuf, Option<Pos>)> = BTreeMap::new();
    let mut applies = Vec::new();
    let mut v2 = false;
    for f in fragments {
        v2 |= f.version.starts_with('2');
        for (key, value, pos) in f.metadata {
            match metadata.get_mut(&key) {
                None => {
                    metadata.insert(key, (value, f.path.clone(), pos));
                }
                Some((existing, first, first_pos)) => {
                    if merge_value(existing, value).is_err() {
                        errors.push(error_at(
                    &f.path,
                    pos,
                            format!(
                                "metadata `{key}` conflicts with its value in {}",
                                place(first, *first_pos)
                            ),
                        ));
                    }
                }
            }
        }
        for def in f.shapes {
            if def.id.starts_with("smithy.api#") {
                errors.push(error_at(
                    &f.path,
                    def.pos,
                    format!("{}: shapes cannot be defined in the prelude namespace", def.id),
                ));
                continue;
            }
            match shapes.get_mut(&def.id) {
                Some(first) if same_definition(&first.def, &def) => {
                    // The spec merges the traits of each definition as if applied.
                    if let Err(message) = merge_definition_traits(&mut first.def.shape, def.shape) {
                        errors.push(error_at(&f.path, def.pos, format!("{}: {message}", def.id)));
                    }
                }
                Some(first) => errors.push(error_at(
                    &f.path,
                    def.pos,
                    format!(
                        "{}: defined differently in {}",
                        def.id,
                        place(&first.path, first.def.pos)
                    ),
                )),
                None => {
                    shapes.insert(
                        def.id.clone(),
                        Entry {
                            def,
                            path: f.path.clone(),
                            v1: f.version.starts_with('1'),
                        },
                    );
                }
            }
        }
        applies.extend(f.applies.into_iter().map(|a| (a, f.path.clone())));
    }
    if !errors.is_empty() {
        return Err(Error::many(errors));
    }

    resolve_elided(&mut shapes, &mut errors);
    check_shapes(&shapes, &mut errors);
    if !errors.is_empty() {
        return Err(Error::many(errors));
    }

    for (a, path) in applies {
        let (shape_id, member) = match a.target.split_once('$') {
            Some((s, m)) => (s, Some(m)),
            None => (a.target.as_str(), None),
        };
        let inherited = member.and_then(|m| inherited_member(&shapes, shape_id, m));
        let Some(entry) = shapes.get_mut(shape_id) else {
            errors.push(error_at(
                &path,
                a.pos,
                format!("`apply` names `{}`, which is not defined", a.target),
            ));
            continue;
        };
        let traits = match member {
            None => &mut entry.def.shape.traits,
            Some(m) => {
                if !entry.def.shape.members.contains_key(m) {
                    match inherited {
                        Some(target) => {
                            entry.def.shape.members.insert(
                                m.to_owned(),
                                AstMember {
                                    target,
                                    traits: Default::default(),
                                },
                            );
                        }
                        None => {
                            errors.push(error_at(
                                &path,
                                a.pos,
                                format!("`apply` names `{}`, which is not defined", a.target),
                            ));
                            continue;
                        }
                    }
                }
                &mut entry.def.shape.members[m].traits
            }
        };
        if let Err(message) = merge_trait(traits, &a.name, a.value) {
            errors.push(error_at(
                &path,
                a.pos,
                format!("{}: {message}", a.target),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(Error::many(errors));
    }

    canonicalize(&mut shapes, &mut errors);
    upgrade_v1(&mut shapes);
    if !errors.is_empty() {
        return Err(Error::many(errors));
    }
    Ok(Ast {
        version: if v2 { "2.0" } else { "1.0" }.to_owned(),
        metadata: metadata.into_iter().map(|(k, (v, _, _))| (k, v)).collect(),
        shapes: shapes
            .into_iter()
            .map(|(id, e)| (id, e.def.shape))
            .collect(),
    })
}

/// The types whose values had a zero default in Smithy 1.0.
const HAD_ZERO_DEFAULT: [&str; 8] = [
    "byte", "short", "integer", "long", "float", "double", "boolean", "intEnum",
];

/// The prelude shapes that are boxed (nullable) in Smithy 1.0; the `Primitive*` ones are not.
const PRELUDE_BOXED: [&str; 7] = [
    "smithy.api#Boolean",
    "smithy.api#Byte",
    "smithy.api#Short",
    "smithy.api#Integer",
    "smithy.api#Long",
    "smithy.api#Float",
    "smithy.api#Double",
];

/// Smithy 1.0 shapes in 2.0 terms, as the spec's upgrade rules say: a number or boolean that is
/// not `@box`ed has a zero `@default`, on its shape and on the structure members that target it;
/// a `@box`ed member gets `@default(null)`.
fn upgrade_v1(shapes: &mut BTreeMap<String, Entry>) {
    use serde_json::json;
    let zero = |ty: &str| if ty == "boolean" { json!(false) } else { json!(0) };
    let has_box = |t: &crate::ast::Traits| t.contains_key("smithy.api#box");
    let ids: Vec<String> = shapes.iter().filter(|(_, e)| e.v1).map(|(id, _)| id.clone()).collect();
    for id in &ids {
        let shape = &mut shapes.get_mut(id).expect("listed").def.shape;
        if HAD_ZERO_DEFAULT.contains(&shape.ty.as_str()) && !has_box(&shape.traits) {
            let z = zero(&shape.ty);
            shape.traits.entry("smithy.api#default".to_owned()).or_insert(z);
        }
    }
    for id in &ids {
        if shapes[id].def.shape.ty != "structure" {
            continue;
        }
        let mut upgrades = Vec::new();
        for (name, m) in &shapes[id].def.shape.members {
            let (ty, target_boxed, streaming) = match shapes.get(&m.target) {
                // A 2.0 shape without a zero default is nullable: to a 1.0 member, boxed.
                Some(t) => (
                    t.def.shape.ty.clone(),
                    has_box(&t.def.shape.traits)
                        || (!t.v1
                            && t.def.shape.traits.get("smithy.api#default")
                                != Some(&zero(&t.def.shape.ty))),
                    t.def.shape.traits.contains_key("smithy.api#streaming"),
                ),
                None => match m.target.strip_prefix("smithy.api#") {
                    Some(n) => (
                        super::idl::prelude_type(n).unwrap_or_default().to_owned(),
                        PRELUDE_BOXED.contains(&m.target.as_str()),
                        false,
                    ),
                    None => continue,
                },
            };
            if m.traits.contains_key("smithy.api#default") {
                continue;
            }
            let member_boxed = has_box(&m.traits);
            let streaming_blob = ty == "blob"
                && streaming
                && !m.traits.contains_key("smithy.api#required");
            if (HAD_ZERO_DEFAULT.contains(&ty.as_str()) || streaming_blob)
                && !member_boxed
                && !target_boxed
            {
                let value = if streaming_blob { json!("") } else { zero(&ty) };
                upgrades.push((name.clone(), value));
            } else if member_boxed {
                upgrades.push((name.clone(), Value::Null));
            }
        }
        let shape = &mut shapes.get_mut(id).expect("listed").def.shape;
        for (name, value) in upgrades {
            shape.members[&name]
                .traits
                .insert("smithy.api#default".to_owned(), value);
        }
    }
}

/// The spec's rule for a value given twice (a trait applied twice, a metadata key in two
/// files): lists concatenate, equal values merge; anything else conflicts, and the second value
/// comes back.
fn merge_value(existing: &mut Value, value: Value) -> std::result::Result<(), Value> {
    match (existing, value) {
        (Value::Array(existing), Value::Array(more)) => {
            existing.extend(more);
            Ok(())
        }
        (existing, value) if *existing == value => Ok(()),
        (_, value) => Err(value),
    }
}

/// Adds a trait to a trait map by [`merge_value`]'s rule.
pub(crate) fn merge_trait(traits: &mut Traits, name: &str, value: Value) -> Result<(), String> {
    match traits.get_mut(name) {
        None => {
            traits.insert(name.to_owned(), value);
            Ok(())
        }
        Some(existing) => merge_value(existing, value).map_err(|value| {
            format!("conflicting values for trait `{name}`: {existing} and {value}")
        }),
    }
}

fn place(path: &std::path::Path, pos: Option<Pos>) -> String {
    match pos {
        Some(p) => format!("{}:{}:{}", path.display(), p.line, p.column),
        None => path.display().to_string(),
    }
}

/// Whether two definitions of a shape are the same but for their traits.
fn same_definition(a: &Defined, b: &Defined) -> bool {
    fn bare(s: &crate::ast::AstShape) -> crate::ast::AstShape {
        let mut s = s.clone();
        s.traits.clear();
        for m in s.members.values_mut() {
            m.traits.clear();
        }
        s
    }
    a.elided == b.elided && a.for_resource == b.for_resource && bare(&a.shape) == bare(&b.shape)
}

/// The traits of a second definition of a shape, added to the first as `apply` would.
fn merge_definition_traits(
    first: &mut crate::ast::AstShape,
    second: crate::ast::AstShape,
) -> Result<(), String> {
    for (name, value) in second.traits {
        merge_trait(&mut first.traits, &name, value)?;
    }
    for (member, m) in second.members {
        let target = &mut first.members[&member].traits;
        for (name, value) in m.traits {
            merge_trait(target, &name, value).map_err(|e| format!("member `{member}`: {e}"))?;
        }
    }
    Ok(())
}

/// The target of a member a shape inherits from its mixins: searched depth first, mixins in
/// order, each mixin once (diamonds and cycles cost nothing more), without recursion.
fn inherited_member(shapes: &BTreeMap<String, Entry>, id: &str, member: &str) -> Option<String> {
    let mut seen: HashSet<&str> = HashSet::from([id]);
    // (shape, index of its next mixin to visit)
    let mut stack: Vec<(&Entry, usize)> = vec![(shapes.get(id)?, 0)];
    while let Some((entry, next)) = stack.last_mut() {
        let Some(mixin) = entry.def.shape.mixins.get(*next) else {
            stack.pop();
            continue;
        };
        *next += 1;
        let Some(m) = shapes.get(mixin) else { continue };
        if !seen.insert(mixin.as_str()) {
            continue;
        }
        if let Some(local) = m.def.shape.members.get(member) {
            if !local.target.is_empty() {
                return Some(local.target.clone());
            }
        }
        stack.push((m, 0));
    }
    None
}

/// Gives elided members (`$name`) their targets: a member of a mixin, else an identifier or
/// property of the `for` resource.
fn resolve_elided(shapes: &mut BTreeMap<String, Entry>, errors: &mut Vec<Error>) {
    // Mixins may elide too: resolve in dependency order by repeating until nothing changes.
    loop {
        let mut progress = false;
        let mut pending = Vec::new();
        for (id, e) in shapes.iter() {
            for name in &e.def.elided {
                if e.def.shape.members[name].target.is_empty() {
                    pending.push((id.clone(), name.clone()));
                }
            }
        }
        if pending.is_empty() {
            return;
        }
        let mut unresolved = Vec::new();
        for (id, name) in pending {
            let from_mixin = inherited_member(shapes, &id, &name);
            let from_resource = shapes[&id].def.for_resource.as_ref().and_then(|r| {
                let res = &shapes.get(r)?.def.shape;
                res.identifiers
                    .get(&name)
                    .or_else(|| res.properties.get(&name))
                    .cloned()
            });
            if let (Some(a), Some(b)) = (&from_mixin, &from_resource) {
                if a != b {
                    let e = &shapes[&id];
                    errors.push(error_at(
                        &e.path,
                        e.def.pos,
                        format!(
                            "{id}${name}: Member conflicts with an inherited mixin member: the \
                             mixin's target is `{a}`, the resource's `{b}`"
                        ),
                    ));
                }
            }
            match from_mixin.or(from_resource) {
                Some(target) => {
                    let e = shapes.get_mut(&id).expect("pending shapes exist");
                    e.def.shape.members[&name].target = target;
                    progress = true;
                }
                None => unresolved.push((id, name)),
            }
        }
        if !progress {
            for (id, name) in unresolved {
                let e = &shapes[&id];
                errors.push(error_at(
                    &e.path,
                    e.def.pos,
                    format!(
                        "{id}${name}: Member target was elided, but no bound resource or mixin \
                         contained a matching identifier or member name"
                    ),
                ));
            }
            return;
        }
    }
}

/// What the spec requires of members and mixins: lists have a `member`, maps a `key` and a
/// `value`, enums at least one member (their own or inherited); a mixin has `@mixin` and the type
/// of the shapes it is mixed into and forms no cycle; two mixins do not give a member different
/// targets; operation mixins have no input or output and resource mixins no properties.
fn check_shapes(shapes: &BTreeMap<String, Entry>, errors: &mut Vec<Error>) {
    check_mixin_cycles(shapes, errors);
    for (id, e) in shapes {
        let shape = &e.def.shape;
        let err = |message: String| error_at(&e.path, e.def.pos, format!("{id}: {message}"));
        let has = |name: &str| {
            shape.members.contains_key(name) || inherited_member(shapes, id, name).is_some()
        };
        let missing: Vec<&str> = match shape.ty.as_str() {
            "list" | "set" => ["member"].into_iter().filter(|m| !has(m)).collect(),
            "map" => ["key", "value"].into_iter().filter(|m| !has(m)).collect(),
            _ => Vec::new(),
        };
        if !missing.is_empty() {
            errors.push(err(format!(
                "Missing required member{} of a {} shape: {}",
                if missing.len() > 1 { "s" } else { "" },
                shape.ty,
                missing.join(", ")
            )));
        }
        let inherits_members = shape
            .mixins
            .iter()
            .any(|m| shapes.get(m).is_some_and(|m| !m.def.shape.members.is_empty()));
        if matches!(shape.ty.as_str(), "enum" | "intEnum")
            && shape.members.is_empty()
            && !inherits_members
        {
            errors.push(err(format!("{} shapes must have at least one member", shape.ty)));
        }
        if shape.traits.contains_key("smithy.api#mixin") {
            let io = [&shape.input, &shape.output];
            if shape.ty == "operation"
                && io.iter().any(|t| t.as_ref().is_some_and(|t| t != crate::ast::UNIT))
            {
                errors.push(err(
                    "Operation shapes with the mixin trait MUST target `smithy.api#Unit` for their input and output"
                        .to_owned(),
                ));
            }
            if shape.ty == "resource"
                && !(shape.properties.is_empty() && shape.identifiers.is_empty())
            {
                errors.push(err(
                    "Resource shapes with the mixin trait may not define identifiers or properties"
                        .to_owned(),
                ));
            }
        }
        let mut seen: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
        for mixin in &shape.mixins {
            let Some(m) = shapes.get(mixin) else { continue };
            if m.def.shape.ty != shape.ty {
                errors.push(err(format!(
                    "Mixins may only be mixed into shapes of the same type: `{mixin}` is a {}, not a {}",
                    m.def.shape.ty, shape.ty
                )));
            }
            if !m.def.shape.traits.contains_key("smithy.api#mixin") {
                errors.push(err(format!("`{mixin}` is used as a mixin but has no @mixin trait")));
            }
            for (name, member) in &m.def.shape.members {
                if let Some((other, target)) = seen.get(name.as_str()) {
                    if *target != member.target && !member.target.is_empty() {
                        errors.push(err(format!(
                            "Member conflicts with an inherited mixin member: `{name}` targets `{}` in `{mixin}` and `{target}` in `{other}`",
                            member.target
                        )));
                    }
                } else {
                    seen.insert(name, (mixin, &member.target));
                }
            }
        }
    }
}

/// Mixins may not form a cycle (a shape that is its own mixin, directly or not).
fn check_mixin_cycles(shapes: &BTreeMap<String, Entry>, errors: &mut Vec<Error>) {
    // 0: not visited, 1: on the current path, 2: done.
    let mut state: BTreeMap<&str, u8> = BTreeMap::new();
    for start in shapes.keys() {
        if state.contains_key(start.as_str()) {
            continue;
        }
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        state.insert(start, 1);
        while let Some((id, next)) = stack.last_mut() {
            let mixins = shapes.get(*id).map_or(&[][..], |e| &e.def.shape.mixins[..]);
            let Some(mixin) = mixins.get(*next) else {
                state.insert(id, 2);
                stack.pop();
                continue;
            };
            *next += 1;
            match state.get(mixin.as_str()) {
                Some(1) => {
                    let e = &shapes[*id];
                    errors.push(error_at(
                        &e.path,
                        e.def.pos,
                        format!("{id}: mixins form a cycle through `{mixin}`"),
                    ));
                }
                Some(_) => {}
                None if shapes.contains_key(mixin) => {
                    state.insert(mixin, 1);
                    stack.push((mixin, 0));
                }
                None => {}
            }
        }
    }
}

/// The canonical form: an inherited member is listed only with traits of its own; enum members
/// carry their `@enumValue`; an operation without input or output has `smithy.api#Unit`.
fn canonicalize(shapes: &mut BTreeMap<String, Entry>, errors: &mut Vec<Error>) {
    let ids: Vec<String> = shapes.keys().cloned().collect();
    for id in ids {
        let e = &shapes[&id];
        let mut inherited: IndexMap<String, Option<String>> = IndexMap::new();
        if !e.def.shape.mixins.is_empty() {
            for name in e.def.shape.members.keys() {
                inherited.insert(name.clone(), inherited_member(shapes, &id, name));
            }
        }
        let e = shapes.get_mut(&id).expect("listed above");
        let path = e.path.clone();
        let pos = e.def.pos;
        let shape = &mut e.def.shape;
        let mut conflicts = Vec::new();
        shape.members.retain(|name, m| match inherited.get(name) {
            Some(Some(target)) => {
                if *target != m.target {
                    conflicts.push(format!(
                        "{id}${name}: Member conflicts with an inherited mixin member (target `{}`, not `{target}`)",
                        m.target
                    ));
                    return true;
                }
                !m.traits.is_empty()
            }
            _ => true,
        });
        errors.extend(conflicts.into_iter().map(|c| error_at(&path, pos, c)));
        if shape.ty == "operation" {
            for io in [&mut shape.input, &mut shape.output] {
                io.get_or_insert_with(|| crate::ast::UNIT.to_owned());
            }
        }
        if shape.ty == "enum" || shape.ty == "intEnum" {
            let mut values: Vec<(&String, &Value)> = Vec::new();
            for (name, m) in shape.members.iter_mut() {
                if matches!(inherited.get(name), Some(Some(_))) {
                    continue;
                }
                if shape.ty == "enum" {
                    m.traits
                        .entry("smithy.api#enumValue".to_owned())
                        .or_insert_with(|| Value::String(name.clone()));
                } else if !m.traits.contains_key("smithy.api#enumValue") {
                    errors.push(error_at(
                        &path,
                        pos,
                        format!("{id}${name}: intEnum members need a value (`{name} = 1`)"),
                    ));
                }
            }
            for (name, m) in &shape.members {
                if let Some(v) = m.traits.get("smithy.api#enumValue") {
                    if let Some((other, _)) = values.iter().find(|(_, w)| *w == v) {
                        errors.push(error_at(
                            &path,
                            pos,
                            format!("{id}: members `{other}` and `{name}` have the same value {v}"),
                        ));
                    }
                    values.push((name, v));
                }
            }
        }
    }
}
