//! Normalizes a loaded model: adds the prelude, flattens mixins, turns `@enum` strings into enum
//! shapes and checks that every target exists.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::model::{Member, Model, Shape, ShapeKind, Simple, Traits};

/// Trait IDs used across the generator.
pub mod traits {
    /// `@required`
    pub const REQUIRED: &str = "smithy.api#required";
    /// `@default`
    pub const DEFAULT: &str = "smithy.api#default";
    /// `@clientOptional`
    pub const CLIENT_OPTIONAL: &str = "smithy.api#clientOptional";
    /// `@input`
    pub const INPUT: &str = "smithy.api#input";
    /// `@error`
    pub const ERROR: &str = "smithy.api#error";
    /// `@documentation`
    pub const DOCUMENTATION: &str = "smithy.api#documentation";
    /// `@sensitive`
    pub const SENSITIVE: &str = "smithy.api#sensitive";
    /// `@deprecated`
    pub const DEPRECATED: &str = "smithy.api#deprecated";
    /// `@enum` (Smithy 1.0)
    pub const ENUM: &str = "smithy.api#enum";
    /// `@enumValue`
    pub const ENUM_VALUE: &str = "smithy.api#enumValue";
    /// `@timestampFormat`
    pub const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";
    /// `@jsonName`
    pub const JSON_NAME: &str = "smithy.api#jsonName";
    /// `@sparse`
    pub const SPARSE: &str = "smithy.api#sparse";
    /// `@uniqueItems`
    pub const UNIQUE_ITEMS: &str = "smithy.api#uniqueItems";
    /// `@length`
    pub const LENGTH: &str = "smithy.api#length";
    /// `@range`
    pub const RANGE: &str = "smithy.api#range";
    /// `@pattern`
    pub const PATTERN: &str = "smithy.api#pattern";
    /// `@streaming`
    pub const STREAMING: &str = "smithy.api#streaming";
    /// `@mixin`
    pub const MIXIN: &str = "smithy.api#mixin";
    /// `@httpLabel`
    pub const HTTP_LABEL: &str = "smithy.api#httpLabel";
    /// `@httpHeader`
    pub const HTTP_HEADER: &str = "smithy.api#httpHeader";
    /// `@httpQuery`
    pub const HTTP_QUERY: &str = "smithy.api#httpQuery";
    /// `@httpPrefixHeaders`
    pub const HTTP_PREFIX_HEADERS: &str = "smithy.api#httpPrefixHeaders";
    /// `@httpQueryParams`
    pub const HTTP_QUERY_PARAMS: &str = "smithy.api#httpQueryParams";
    /// `@httpResponseCode`
    pub const HTTP_RESPONSE_CODE: &str = "smithy.api#httpResponseCode";
    /// `@httpPayload`
    pub const HTTP_PAYLOAD: &str = "smithy.api#httpPayload";
    /// Marks the empty input structure the generator gives an operation without input (not a
    /// Smithy trait: some protocols send no body at all for such operations).
    pub const UNIT_INPUT: &str = "smithy.synthetic#unitInput";
}

pub use crate::ast::UNIT;

/// Adds the prelude, applies mixins, normalizes enums and validates targets.
pub fn resolve(mut model: Model) -> Result<Model> {
    add_prelude(&mut model);
    flatten_mixins(&mut model)?;
    normalize_enums(&mut model)?;
    synthesize_inputs(&mut model);
    check_targets(&model)?;
    check_collection_recursion(&model)?;
    Ok(model)
}

/// Gives each operation without input (`smithy.api#Unit`) an empty `@input` structure named
/// `{Operation}Input`, when no shape has that name, so that every operation has a request
/// builder (`GetFooInput {}.to_http_request()`), as smithy-rs does.
fn synthesize_inputs(model: &mut Model) {
    let ids: Vec<String> = model
        .shapes
        .iter()
        .filter(|(_, s)| !s.has_trait(traits::MIXIN))
        .filter(|(_, s)| {
            matches!(&s.kind, ShapeKind::Operation { input, .. }
                if input.as_deref().is_none_or(|i| i == UNIT))
        })
        .map(|(id, _)| id.clone())
        .collect();
    for op in ids {
        let input_id = format!("{op}Input");
        if model.shapes.contains_key(&input_id) {
            continue;
        }
        model.shapes.insert(
            input_id.clone(),
            Shape {
                id: input_id.clone(),
                kind: ShapeKind::Structure(IndexMap::new()),
                traits: BTreeMap::from([
                    (traits::INPUT.to_owned(), json!({})),
                    (traits::UNIT_INPUT.to_owned(), json!({})),
                    (
                        traits::DOCUMENTATION.to_owned(),
                        json!(format!(
                            "The <code>{}</code> operation takes no input: this empty structure builds its request.",
                            crate::model::shape_name(&op)
                        )),
                    ),
                ]),
                mixins: vec![],
            },
        );
        if let Some(ShapeKind::Operation { input, .. }) =
            model.shapes.get_mut(&op).map(|s| &mut s.kind)
        {
            *input = Some(input_id);
        }
    }
}

/// The simple shapes of the Smithy prelude, with the `@default` of the `Primitive*` ones.
fn add_prelude(model: &mut Model) {
    let simple = [
        ("String", Simple::String, None),
        ("Blob", Simple::Blob, None),
        ("BigInteger", Simple::BigInteger, None),
        ("BigDecimal", Simple::BigDecimal, None),
        ("Timestamp", Simple::Timestamp, None),
        ("Document", Simple::Document, None),
        ("Boolean", Simple::Boolean, None),
        ("PrimitiveBoolean", Simple::Boolean, Some(json!(false))),
        ("Byte", Simple::Byte, None),
        ("PrimitiveByte", Simple::Byte, Some(json!(0))),
        ("Short", Simple::Short, None),
        ("PrimitiveShort", Simple::Short, Some(json!(0))),
        ("Integer", Simple::Integer, None),
        ("PrimitiveInteger", Simple::Integer, Some(json!(0))),
        ("Long", Simple::Long, None),
        ("PrimitiveLong", Simple::Long, Some(json!(0))),
        ("Float", Simple::Float, None),
        ("PrimitiveFloat", Simple::Float, Some(json!(0))),
        ("Double", Simple::Double, None),
        ("PrimitiveDouble", Simple::Double, Some(json!(0))),
    ];
    for (name, kind, default) in simple {
        let id = format!("smithy.api#{name}");
        let mut traits = Traits::new();
        if let Some(d) = default {
            traits.insert(traits::DEFAULT.to_owned(), d);
        }
        model.shapes.entry(id.clone()).or_insert(Shape {
            id,
            kind: ShapeKind::Simple(kind),
            traits,
            mixins: vec![],
        });
    }
    model.shapes.entry(UNIT.to_owned()).or_insert(Shape {
        id: UNIT.to_owned(),
        kind: ShapeKind::Structure(IndexMap::new()),
        traits: BTreeMap::from([("smithy.api#unitType".to_owned(), json!({}))]),
        mixins: vec![],
    });
}

/// Copies mixin members and traits into every shape that uses mixins (mixin members first, in
/// mixin order; local declarations refine them).
fn flatten_mixins(model: &mut Model) -> Result<()> {
    let ids: Vec<String> = model
        .shapes
        .iter()
        .filter(|(_, s)| !s.mixins.is_empty())
        .map(|(id, _)| id.clone())
        .collect();
    for id in ids {
        let mut stack = Vec::new();
        flatten_one(model, &id, &mut stack)?;
    }
    Ok(())
}

fn flatten_one(model: &mut Model, id: &str, stack: &mut Vec<String>) -> Result<()> {
    let mixins = match model.shapes.get(id) {
        Some(s) if !s.mixins.is_empty() => s.mixins.clone(),
        _ => return Ok(()),
    };
    if stack.iter().any(|s| s == id) {
        return Err(Error::InvalidShape {
            shape: id.to_owned(),
            message: "mixins form a cycle".to_owned(),
        });
    }
    stack.push(id.to_owned());
    let mut inherited_members: IndexMap<String, Member> = IndexMap::new();
    let mut inherited_traits = Traits::new();
    let mut inherited_kind: Vec<ShapeKind> = Vec::new();
    for mixin in &mixins {
        flatten_one(model, mixin, stack)?;
        let m = model
            .shapes
            .get(mixin)
            .ok_or_else(|| Error::UnknownTarget {
                member: id.to_owned(),
                target: mixin.clone(),
            })?;
        if let Some(members) = m.members() {
            for (name, member) in members {
                // Two mixins may both bring a member: its traits add up.
                match inherited_members.get_mut(name) {
                    Some(existing) => existing.traits.extend(member.traits.clone()),
                    None => {
                        inherited_members.insert(name.clone(), member.clone());
                    }
                }
            }
        }
        // Traits the mixin marks local (`@mixin(localTraits: [...])`) stay with it.
        let local: Vec<&str> = m
            .traits
            .get(traits::MIXIN)
            .and_then(|v| v.get("localTraits"))
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for (k, v) in &m.traits {
            if k != traits::MIXIN && !local.contains(&k.as_str()) {
                inherited_traits.insert(k.clone(), v.clone());
            }
        }
        inherited_kind.push(m.kind.clone());
    }
    stack.pop();
    let shape = model
        .shapes
        .get_mut(id)
        .expect("shape exists: checked above");
    inherited_traits.extend(std::mem::take(&mut shape.traits));
    shape.traits = inherited_traits;
    shape.mixins.clear();
    match &mut shape.kind {
        ShapeKind::Structure(own)
        | ShapeKind::Union(own)
        | ShapeKind::Enum(own)
        | ShapeKind::IntEnum(own) => {
            for (name, local) in std::mem::take(own) {
                match inherited_members.get_mut(&name) {
                    Some(m) => m.traits.extend(local.traits),
                    None => {
                        inherited_members.insert(name, local);
                    }
                }
            }
            *own = inherited_members;
        }
        kind => {
            for mixin in inherited_kind {
                inherit_bindings(kind, mixin);
            }
        }
    }
    Ok(())
}

/// Operations, services and resources inherit their mixins' bindings: the mixin's come first,
/// each listed once; the shape's own input and output win.
fn inherit_bindings(kind: &mut ShapeKind, mixin: ShapeKind) {
    fn prepend(own: &mut Vec<String>, inherited: Vec<String>) {
        let mut all = inherited;
        for x in own.drain(..) {
            if !all.contains(&x) {
                all.push(x);
            }
        }
        *own = all;
    }
    let unit_or_none = |t: &Option<String>| t.as_deref().is_none_or(|t| t == UNIT);
    match (kind, mixin) {
        (
            ShapeKind::Operation {
                input,
                output,
                errors,
            },
            ShapeKind::Operation {
                input: mi,
                output: mo,
                errors: me,
            },
        ) => {
            if unit_or_none(input) && !unit_or_none(&mi) {
                *input = mi;
            }
            if unit_or_none(output) && !unit_or_none(&mo) {
                *output = mo;
            }
            prepend(errors, me);
        }
        (
            ShapeKind::Service {
                operations,
                resources,
                errors,
                rename,
                version,
            },
            ShapeKind::Service {
                operations: mo,
                resources: mr,
                errors: me,
                rename: mn,
                version: mv,
            },
        ) => {
            if version.is_none() {
                *version = mv;
            }
            prepend(operations, mo);
            prepend(resources, mr);
            prepend(errors, me);
            for (k, v) in mn {
                rename.entry(k).or_insert(v);
            }
        }
        (
            ShapeKind::Resource {
                operations,
                resources,
            },
            ShapeKind::Resource {
                operations: mo,
                resources: mr,
            },
        ) => {
            prepend(operations, mo);
            prepend(resources, mr);
        }
        _ => {}
    }
}

/// Turns `string` shapes with the Smithy 1.0 `@enum` trait into `enum` shapes, so that both
/// spellings of the same enum produce the same Rust.
fn normalize_enums(model: &mut Model) -> Result<()> {
    for shape in model.shapes.values_mut() {
        if !matches!(shape.kind, ShapeKind::Simple(Simple::String)) {
            continue;
        }
        let Some(defs) = shape.traits.remove(traits::ENUM) else {
            continue;
        };
        let invalid = |message: &str| Error::InvalidShape {
            shape: shape.id.clone(),
            message: format!("@enum trait: {message}"),
        };
        let defs = defs
            .as_array()
            .ok_or_else(|| invalid("expected a list of enum definitions"))?;
        let mut members = IndexMap::new();
        for def in defs {
            let value = def
                .get("value")
                .and_then(Value::as_str)
                .ok_or_else(|| invalid("a definition has no string `value`"))?;
            let name = def.get("name").and_then(Value::as_str).unwrap_or(value);
            let mut traits = Traits::new();
            traits.insert(
                traits::ENUM_VALUE.to_owned(),
                Value::String(value.to_owned()),
            );
            if let Some(doc) = def.get("documentation").and_then(Value::as_str) {
                traits.insert(
                    traits::DOCUMENTATION.to_owned(),
                    Value::String(doc.to_owned()),
                );
            }
            if def.get("deprecated").and_then(Value::as_bool) == Some(true) {
                traits.insert(traits::DEPRECATED.to_owned(), json!({}));
            }
            if members
                .insert(
                    name.to_owned(),
                    Member {
                        target: UNIT.to_owned(),
                        traits,
                    },
                )
                .is_some()
            {
                return Err(invalid(&format!("the name `{name}` appears twice")));
            }
        }
        shape.kind = ShapeKind::Enum(members);
    }
    Ok(())
}

/// Every reference in the model must name a defined shape.
fn check_targets(model: &Model) -> Result<()> {
    let check = |member: String, target: &str| -> Result<()> {
        if model.shapes.contains_key(target) {
            Ok(())
        } else {
            Err(Error::UnknownTarget {
                member,
                target: target.to_owned(),
            })
        }
    };
    for (id, shape) in &model.shapes {
        match &shape.kind {
            ShapeKind::Structure(ms)
            | ShapeKind::Union(ms)
            | ShapeKind::Enum(ms)
            | ShapeKind::IntEnum(ms) => {
                for (name, m) in ms {
                    check(format!("{id}${name}"), &m.target)?;
                }
            }
            ShapeKind::List(m) => check(format!("{id}$member"), &m.target)?,
            ShapeKind::Map { key, value } => {
                check(format!("{id}$key"), &key.target)?;
                check(format!("{id}$value"), &value.target)?;
            }
            ShapeKind::Operation {
                input,
                output,
                errors,
            } => {
                for t in input.iter().chain(output).chain(errors) {
                    check(id.clone(), t)?;
                }
            }
            ShapeKind::Service {
                operations,
                resources,
                errors,
                ..
            } => {
                for t in operations.iter().chain(resources).chain(errors) {
                    check(id.clone(), t)?;
                }
            }
            ShapeKind::Resource {
                operations,
                resources,
            } => {
                for t in operations.iter().chain(resources) {
                    check(id.clone(), t)?;
                }
            }
            ShapeKind::Simple(_) => {}
        }
    }
    Ok(())
}

/// Smithy forbids a list or map that contains itself (its member, key or value targets it,
/// directly or through other lists and maps) without a structure or union in between: no
/// language could name its type, and the generator would recurse forever on one.
fn check_collection_recursion(model: &Model) -> Result<()> {
    let mut done = BTreeSet::new();
    for id in model.shapes.keys() {
        visit_collection(model, id, &mut Vec::new(), &mut done)?;
    }
    Ok(())
}

/// Depth first from `id` through list members and map keys and values; `path` holds the
/// collections being visited, `done` those known not to be on a cycle.
fn visit_collection<'a>(
    model: &'a Model,
    id: &'a str,
    path: &mut Vec<&'a str>,
    done: &mut BTreeSet<&'a str>,
) -> Result<()> {
    if done.contains(id) {
        return Ok(());
    }
    if let Some(start) = path.iter().position(|p| *p == id) {
        let cycle: Vec<&str> = path[start..].iter().copied().chain([id]).collect();
        return Err(Error::InvalidShape {
            shape: id.to_owned(),
            message: format!(
                "invalid recursion {}: a list or map cannot contain itself without a structure \
                 or union in between",
                cycle.join(" -> ")
            ),
        });
    }
    let elements: Vec<&str> = match model.shapes.get(id).map(|s| &s.kind) {
        Some(ShapeKind::List(m)) => vec![&m.target],
        Some(ShapeKind::Map { key, value }) => vec![&key.target, &value.target],
        _ => Vec::new(),
    };
    path.push(id);
    for element in elements {
        visit_collection(model, element, path, done)?;
    }
    path.pop();
    done.insert(id);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse;

    fn load(json: &str) -> Result<Model> {
        resolve(
            parse(json)
                .map_err(|_| panic!("test model must parse"))
                .unwrap(),
        )
    }

    #[test]
    fn legacy_enum_and_enum_shape_normalize_alike() {
        let legacy = load(
            r#"{"smithy":"2.0","shapes":{"a#F":{"type":"string","traits":{"smithy.api#enum":[
            {"name":"CSV","value":"CSV"},{"name":"PARQUET","value":"PARQUET"}]}}}}"#,
        )
        .unwrap();
        let modern = load(r#"{"smithy":"2.0","shapes":{"a#F":{"type":"enum","members":{
            "CSV":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"CSV"}},
            "PARQUET":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"PARQUET"}}}}}}"#)
        .unwrap();
        assert_eq!(legacy.shapes["a#F"], modern.shapes["a#F"]);
    }

    #[test]
    fn legacy_enum_without_names_uses_values() {
        let m = load(r#"{"smithy":"1.0","shapes":{"a#F":{"type":"string","traits":{"smithy.api#enum":[{"value":"t2.micro"}]}}}}"#)
            .unwrap();
        assert_eq!(
            m.shapes["a#F"]
                .members()
                .unwrap()
                .keys()
                .collect::<Vec<_>>(),
            ["t2.micro"]
        );
    }

    #[test]
    fn unknown_target_names_member() {
        let e = load(r#"{"smithy":"2.0","shapes":{"a#S":{"type":"structure","members":{"m":{"target":"a#Nope"}}}}}"#)
            .unwrap_err();
        assert!(e.to_string().starts_with("a#S$m: targets `a#Nope`"), "{e}");
    }

    #[test]
    fn mixin_members_come_first_and_traits_merge() {
        let m = load(r#"{"smithy":"2.0","shapes":{
            "a#Base":{"type":"structure","mixins":[],"members":{"id":{"target":"smithy.api#String"}},
                "traits":{"smithy.api#mixin":{},"smithy.api#documentation":"base"}},
            "a#S":{"type":"structure","mixins":[{"target":"a#Base"}],
                "members":{"name":{"target":"smithy.api#String"},"id":{"target":"smithy.api#String","traits":{"smithy.api#required":{}}}}}}}"#)
        .unwrap();
        let s = &m.shapes["a#S"];
        assert_eq!(
            s.members().unwrap().keys().collect::<Vec<_>>(),
            ["id", "name"]
        );
        assert!(s.members().unwrap()["id"].has_trait(traits::REQUIRED));
        assert_eq!(s.traits.get(traits::DOCUMENTATION), Some(&json!("base")));
        assert!(!s.has_trait(traits::MIXIN));
    }

    #[test]
    fn prelude_is_present() {
        let m = load(r#"{"smithy":"2.0","shapes":{}}"#).unwrap();
        assert!(m.shapes.contains_key("smithy.api#PrimitiveInteger"));
        assert_eq!(
            m.shapes["smithy.api#PrimitiveBoolean"]
                .traits
                .get(traits::DEFAULT),
            Some(&json!(false))
        );
        assert!(matches!(m.shapes[UNIT].kind, ShapeKind::Structure(_)));
    }
}
