//! Merges the files of a model into one JSON AST as the spec says: identical shape definitions
//! merge, conflicting ones are errors; metadata arrays concatenate; `apply` adds traits (list
//! traits concatenate); elided member targets come from the bound resource or the mixins.
//! The result is in one canonical form whatever the files were written in: a member inherited
//! from a mixin is listed only when it adds traits, enum members carry their value, and operation
//! input and output are always there.

use std::collections::BTreeMap;
use std::path::PathBuf;

use indexmap::IndexMap;
use serde_json::Value;

use super::idl::merge_trait;
use super::{Defined, Fragment, Pos, error_at};
use crate::ast::{Ast, AstMember};
use crate::error::{Error, Result};

struct Entry {
    def: Defined,
    path: PathBuf,
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
                Some((Value::Array(existing), _, _)) if value.is_array() => {
                    if let Value::Array(more) = value {
                        existing.extend(more);
                    }
                }
                Some((existing, _, _)) if *existing == value => {}
                Some((_, first, first_pos)) => errors.push(error_at(
                    &f.path,
                    pos,
                    format!(
                        "metadata `{key}` conflicts with its value in {}",
                        place(first, *first_pos)
                    ),
                )),
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
            match shapes.get(&def.id) {
                Some(first) if same_definition(&first.def, &def) => {}
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

fn place(path: &std::path::Path, pos: Option<Pos>) -> String {
    match pos {
        Some(p) => format!("{}:{}:{}", path.display(), p.line, p.column),
        None => path.display().to_string(),
    }
}

fn same_definition(a: &Defined, b: &Defined) -> bool {
    a.shape == b.shape && a.elided == b.elided && a.for_resource == b.for_resource
}

/// The target of a member a shape inherits from its mixins (searched depth first, in order).
fn inherited_member(shapes: &BTreeMap<String, Entry>, id: &str, member: &str) -> Option<String> {
    fn find(
        shapes: &BTreeMap<String, Entry>,
        id: &str,
        member: &str,
        depth: usize,
    ) -> Option<String> {
        if depth > 64 {
            return None;
        }
        let shape = &shapes.get(id)?.def.shape;
        for mixin in &shape.mixins {
            let Some(m) = shapes.get(mixin) else { continue };
            if let Some(local) = m.def.shape.members.get(member) {
                if !local.target.is_empty() {
                    return Some(local.target.clone());
                }
            }
            if let Some(t) = find(shapes, mixin, member, depth + 1) {
                return Some(t);
            }
        }
        None
    }
    find(shapes, id, member, 0)
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
                io.get_or_insert_with(|| crate::resolve::UNIT.to_owned());
            }
        }
        if shape.ty == "enum" {
            for (name, m) in shape.members.iter_mut() {
                if matches!(inherited.get(name), Some(Some(_))) {
                    continue;
                }
                m.traits
                    .entry("smithy.api#enumValue".to_owned())
                    .or_insert_with(|| Value::String(name.clone()));
            }
        }
    }
}
