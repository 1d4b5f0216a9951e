//! Structure-aware mutations of a Smithy JSON AST: retargeted members, changed shape types,
//! traits with wrong or extreme values, renamed shapes and members, cycles, colliding names,
//! removed fields.

use serde_json::{Map, Value, json};

use super::rng::Rng;

/// One mutation: changes the model and says what it did, or `None` when it found nothing to
/// change (the caller then tries another).
type Mutation = fn(&mut Value, &mut Rng) -> Option<String>;

/// The mutations, some listed twice to be picked more often.
const MUTATIONS: &[Mutation] = &[
    retarget,
    retarget,
    change_type,
    add_trait,
    add_trait,
    add_trait,
    remove_trait,
    rename_shape,
    rename_member,
    cycle,
    colliding_member,
    remove_field,
    replace_node,
    service_edit,
    mixin,
    duplicate_shape,
    service_rename,
];

/// Applies one to four random mutations to a JSON AST model; returns what each did.
pub fn mutate(doc: &mut Value, rng: &mut Rng) -> Vec<String> {
    let count = 1 + rng.below(4);
    (0..count)
        .filter_map(|_| (0..8).find_map(|_| MUTATIONS[rng.below(MUTATIONS.len())](doc, rng)))
        .collect()
}

/// Names that are Rust keywords, prelude and std types, names the generated code uses, and odd
/// Unicode: as shape names they must be renamed or rejected, never produce broken Rust.
const HOSTILE_NAMES: &[&str] = &[
    "Self",
    "self",
    "Option",
    "Some",
    "None",
    "String",
    "Result",
    "Ok",
    "Err",
    "Box",
    "Vec",
    "Default",
    "Send",
    "Sync",
    "Copy",
    "Clone",
    "Debug",
    "Display",
    "Error",
    "Fn",
    "From",
    "Into",
    "Iterator",
    "std",
    "core",
    "alloc",
    "crate",
    "super",
    "type",
    "match",
    "r#type",
    "async",
    "await",
    "dyn",
    "union",
    "Unit",
    "_",
    "__",
    "A",
    "a",
    "ÄÖÜ",
    "名前",
    "Ǆx",
    "ΣΑΣ",
    "Serialize",
    "Deserialize",
    "Serializer",
    "Deserializer",
    "Value",
    "HashMap",
    "BTreeMap",
    "Validate",
    "PhantomData",
    "Blob",
    "DateTime",
    "Document",
    "Builder",
    "Request",
    "Response",
    "Client",
    "Errors",
    "Operation",
    "x1",
    "X_1",
    "ABC",
    "AbC",
    "Abc",
    "aBC",
];

/// Member names that are keywords, clash after case conversion, or are not identifiers.
const HOSTILE_MEMBERS: &[&str] = &[
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "r#type",
    "_",
    "",
    "1abc",
    "a-b",
    "fooBar",
    "FooBar",
    "foo_bar",
    "FOO_BAR",
    "ñ",
    "match",
    "async",
    "value",
    "builder",
    "default",
    "clone",
    "into",
    "new",
    "validate",
    "Some",
    "None",
    "Ok",
    "Err",
    "errors",
    "len",
    "to_string",
    "message",
    "Message",
    "__type",
    "code",
    "Unknown",
    "unknown",
    "$unknown",
    "serialize",
    "fmt",
    "body",
    "headers",
    "status",
    "http",
    "uri",
];

/// Prelude targets a member may be moved to.
const PRELUDE: &[&str] = &[
    "smithy.api#Unit",
    "smithy.api#String",
    "smithy.api#Integer",
    "smithy.api#PrimitiveInteger",
    "smithy.api#Long",
    "smithy.api#Float",
    "smithy.api#Double",
    "smithy.api#Boolean",
    "smithy.api#Blob",
    "smithy.api#Timestamp",
    "smithy.api#Document",
    "smithy.api#BigInteger",
    "smithy.api#BigDecimal",
    "smithy.api#Byte",
    "smithy.api#Short",
];

/// Every shape type, `set` of Smithy 1.0 included.
const SHAPE_TYPES: &[&str] = &[
    "blob",
    "boolean",
    "string",
    "byte",
    "short",
    "integer",
    "long",
    "float",
    "double",
    "bigInteger",
    "bigDecimal",
    "timestamp",
    "document",
    "enum",
    "intEnum",
    "list",
    "set",
    "map",
    "structure",
    "union",
    "service",
    "operation",
    "resource",
];

/// The model's shapes.
fn shapes(doc: &mut Value) -> Option<&mut Map<String, Value>> {
    doc.get_mut("shapes")?.as_object_mut()
}

/// The IDs of the model's shapes whose type is one of `types` (any type when empty).
fn ids_of(doc: &Value, types: &[&str]) -> Vec<String> {
    doc.get("shapes")
        .and_then(Value::as_object)
        .map(|shapes| {
            shapes
                .iter()
                .filter(|(_, s)| {
                    types.is_empty()
                        || s.get("type")
                            .and_then(Value::as_str)
                            .is_some_and(|t| types.contains(&t))
                })
                .map(|(id, _)| id.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// The value at a path of object keys.
fn at_mut<'a>(doc: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    path.iter().try_fold(doc, |v, key| v.get_mut(key.as_str()))
}

/// The paths of every member: named members of structures, unions and enums, and the
/// `member`, `key` and `value` of collections.
fn member_paths(doc: &Value, named_only: bool) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let Some(shapes) = doc.get("shapes").and_then(Value::as_object) else {
        return out;
    };
    for (id, shape) in shapes {
        let base = ["shapes".to_owned(), id.clone()];
        if let Some(members) = shape.get("members").and_then(Value::as_object) {
            for name in members.keys() {
                out.push([&base[..], &["members".to_owned(), name.clone()]].concat());
            }
        }
        if !named_only {
            for field in ["member", "key", "value"] {
                if shape.get(field).is_some_and(Value::is_object) {
                    out.push([&base[..], &[field.to_owned()]].concat());
                }
            }
        }
    }
    out
}

/// A target for a member: the Unit shape, a missing shape, a prelude shape, or a shape of the
/// model.
fn random_target(doc: &Value, rng: &mut Rng) -> String {
    match rng.below(8) {
        0 => "smithy.api#Unit".to_owned(),
        1 => "fuzz.missing#Missing".to_owned(),
        2 | 3 => rng
            .pick(PRELUDE)
            .copied()
            .unwrap_or("smithy.api#Unit")
            .to_owned(),
        _ => rng
            .pick(&ids_of(doc, &[]))
            .cloned()
            .unwrap_or_else(|| "smithy.api#String".to_owned()),
    }
}

/// A shape name that is hostile in Rust, or a case variant of a name the model has.
fn hostile_name(doc: &Value, rng: &mut Rng) -> String {
    if rng.one_in(3)
        && let Some(id) = rng.pick(&ids_of(doc, &[]))
    {
        let name = id.rsplit('#').next().unwrap_or(id);
        return case_variant(name, rng);
    }
    rng.pick(HOSTILE_NAMES)
        .copied()
        .unwrap_or("Self")
        .to_owned()
}

/// The name in another case or spelling that may map to the same Rust name.
fn case_variant(name: &str, rng: &mut Rng) -> String {
    match rng.below(5) {
        0 => name.to_lowercase(),
        1 => name.to_uppercase(),
        2 => {
            let mut chars = name.chars();
            chars.next().map_or_else(String::new, |c| {
                let flipped: String = if c.is_uppercase() {
                    c.to_lowercase().collect()
                } else {
                    c.to_uppercase().collect()
                };
                flipped + chars.as_str()
            })
        }
        3 => format!("{name}_"),
        _ => name
            .chars()
            .flat_map(|c| {
                let sep = c.is_uppercase().then_some('_');
                sep.into_iter().chain(c.to_lowercase())
            })
            .collect(),
    }
}

/// A string long enough to stress whatever copies it into the generated code.
fn huge() -> String {
    "x".repeat(20_000)
}

/// A random one of `values`.
fn one_of(rng: &mut Rng, values: Vec<Value>) -> Value {
    rng.pick(&values).cloned().unwrap_or(Value::Null)
}

/// A trait with a wrong, extreme or misplaced value.
fn hostile_trait(rng: &mut Rng) -> (String, Value) {
    let (name, value): (&str, Value) = match rng.below(40) {
        0 | 1 => (
            "smithy.api#default",
            one_of(
                rng,
                vec![
                    json!(-1),
                    json!(0),
                    json!(""),
                    json!(huge()),
                    json!({}),
                    json!([]),
                    json!(1e308),
                    json!(i64::MIN),
                    json!(u64::MAX),
                    json!(true),
                    json!("1970-01-01T00:00:00Z"),
                    json!(0.5),
                    Value::Null,
                ],
            ),
        ),
        2 => (
            "smithy.api#length",
            one_of(
                rng,
                vec![
                    json!({"min": 5, "max": 1}),
                    json!({"min": -1}),
                    json!({"max": -5}),
                    json!({"min": 1e300}),
                    json!({"min": u64::MAX}),
                    json!({}),
                    json!({"min": "a"}),
                ],
            ),
        ),
        3 => (
            "smithy.api#range",
            one_of(
                rng,
                vec![
                    json!({"min": 1e300, "max": -1e300}),
                    json!({"min": u64::MAX}),
                    json!({"min": i64::MIN, "max": i64::MAX}),
                    json!({"min": 0.5, "max": 0.25}),
                    json!({"min": "1"}),
                    json!({"max": -1e308}),
                ],
            ),
        ),
        4 => (
            "smithy.api#pattern",
            one_of(
                rng,
                vec![
                    json!("["),
                    json!("(?<"),
                    json!("\\"),
                    json!("^(a+)+$"),
                    json!(""),
                    json!("\\p{Bogus}"),
                    json!(5),
                    json!("\u{0}\"#"),
                ],
            ),
        ),
        5 => ("smithy.api#httpLabel", json!({})),
        6 => (
            "smithy.api#httpQuery",
            one_of(rng, vec![json!(""), json!("a b"), json!("x"), json!(1)]),
        ),
        7 => (
            "smithy.api#httpHeader",
            one_of(
                rng,
                vec![
                    json!(""),
                    json!("X-Bad Header"),
                    json!("Content-Type"),
                    json!("x"),
                ],
            ),
        ),
        8 => ("smithy.api#httpPayload", json!({})),
        9 => (
            "smithy.api#jsonName",
            one_of(
                rng,
                vec![
                    json!(""),
                    json!("\""),
                    json!("a\\b"),
                    json!("type"),
                    json!(1),
                ],
            ),
        ),
        10 | 11 => (
            "smithy.api#enumValue",
            one_of(
                rng,
                vec![
                    json!(1),
                    json!("x"),
                    json!(-1),
                    json!(1e300),
                    json!(""),
                    json!({}),
                    json!(u64::MAX),
                    json!(i64::MIN),
                    json!("type"),
                ],
            ),
        ),
        12 => (
            "smithy.api#required",
            one_of(rng, vec![json!({}), json!(true)]),
        ),
        13 => ("smithy.api#sparse", json!({})),
        14 => (
            "smithy.api#xmlName",
            one_of(
                rng,
                vec![json!(""), json!("a:b:c"), json!("1x"), json!("x y")],
            ),
        ),
        15 => (
            "smithy.api#timestampFormat",
            one_of(
                rng,
                vec![json!("bogus"), json!("epoch-seconds"), json!(""), json!(1)],
            ),
        ),
        16 => (
            "smithy.api#error",
            one_of(
                rng,
                vec![json!("client"), json!("server"), json!("neither"), json!(1)],
            ),
        ),
        17 => (
            "smithy.api#http",
            one_of(
                rng,
                vec![
                    json!({"method": "", "uri": "", "code": -1}),
                    json!({"method": "GET", "uri": "no-slash"}),
                    json!({"method": "GET", "uri": "/{label}/{label}"}),
                    json!({"method": "GET", "uri": "/{greedy+}/x/{other+}", "code": 200}),
                    json!({"method": "POST", "uri": "/?q", "code": 99999}),
                    json!({"method": "GET", "uri": "/{}"}),
                    json!({}),
                ],
            ),
        ),
        18 => ("smithy.api#idempotencyToken", json!({})),
        19 => ("smithy.api#streaming", json!({})),
        20 => (
            "smithy.api#mediaType",
            one_of(rng, vec![json!(""), json!("application/json")]),
        ),
        21 => (
            "smithy.api#documentation",
            one_of(
                rng,
                vec![
                    json!(huge()),
                    json!("*/ }"),
                    json!("```rust\nfn main() {"),
                    json!("\u{0}"),
                    json!("<p>unterminated <a href=\""),
                    json!("#![deny(warnings)]"),
                    json!("\r\n\t"),
                ],
            ),
        ),
        22 => ("smithy.api#mixin", json!({})),
        23 => (
            *rng.pick(&["smithy.api#input", "smithy.api#output"])
                .unwrap_or(&"smithy.api#input"),
            json!({}),
        ),
        24 => (
            *rng.pick(&[
                "smithy.api#box",
                "smithy.api#clientOptional",
                "smithy.api#addedDefault",
            ])
            .unwrap_or(&"smithy.api#box"),
            json!({}),
        ),
        25 => ("smithy.api#uniqueItems", json!({})),
        26 => (
            *rng.pick(&["smithy.api#xmlAttribute", "smithy.api#xmlFlattened"])
                .unwrap_or(&"smithy.api#xmlAttribute"),
            json!({}),
        ),
        27 => (
            "smithy.api#xmlNamespace",
            one_of(
                rng,
                vec![
                    json!({"uri": ""}),
                    json!({"uri": "x", "prefix": "a:b"}),
                    json!("x"),
                ],
            ),
        ),
        28 => ("smithy.api#hostLabel", json!({})),
        29 => (
            "smithy.api#endpoint",
            one_of(
                rng,
                vec![
                    json!({"hostPrefix": "{bad"}),
                    json!({"hostPrefix": "{label}."}),
                    json!({"hostPrefix": ""}),
                ],
            ),
        ),
        30 => (
            *rng.pick(&[
                "smithy.api#httpResponseCode",
                "smithy.api#httpQueryParams",
                "smithy.api#eventPayload",
                "smithy.api#eventHeader",
                "smithy.api#idempotent",
                "smithy.api#readonly",
                "smithy.api#sensitive",
                "smithy.api#requiresLength",
                "smithy.api#private",
                "smithy.api#unitType",
            ])
            .unwrap_or(&"smithy.api#sensitive"),
            json!({}),
        ),
        31 => (
            "smithy.api#httpPrefixHeaders",
            one_of(rng, vec![json!(""), json!("X-"), json!("x")]),
        ),
        32 => (
            *rng.pick(&[
                "aws.protocols#restJson1",
                "aws.protocols#awsJson1_0",
                "aws.protocols#awsJson1_1",
                "aws.protocols#restXml",
                "aws.protocols#awsQuery",
                "aws.protocols#ec2Query",
                "smithy.protocols#rpcv2Cbor",
            ])
            .unwrap_or(&"aws.protocols#restJson1"),
            one_of(rng, vec![json!({}), json!({"http": ["h2"]}), json!(1)]),
        ),
        33 => (
            "smithy.api#deprecated",
            one_of(
                rng,
                vec![json!({}), json!({"message": huge()}), json!({"since": 1})],
            ),
        ),
        34 => (
            "smithy.api#paginated",
            one_of(
                rng,
                vec![
                    json!({"inputToken": "nope", "outputToken": "nope", "items": "x", "pageSize": "y"}),
                    json!({}),
                ],
            ),
        ),
        35 => (
            "smithy.api#httpError",
            one_of(rng, vec![json!(-1), json!(0), json!(999), json!("500")]),
        ),
        36 => (
            "smithy.api#enum",
            one_of(
                rng,
                vec![
                    json!([{"value": "a"}, {"value": "a"}]),
                    json!([{"value": "", "name": "type"}]),
                    json!([{"value": "a", "name": "Self"}, {"value": "b", "name": "self"}]),
                    json!([]),
                    json!("x"),
                ],
            ),
        ),
        37 => (
            "aws.protocols#awsQueryError",
            one_of(
                rng,
                vec![
                    json!({"code": "", "httpResponseCode": -1}),
                    json!({"code": "X"}),
                ],
            ),
        ),
        38 => (
            "aws.api#service",
            one_of(
                rng,
                vec![json!({"sdkId": ""}), json!({"sdkId": "Self"}), json!({})],
            ),
        ),
        _ => ("fuzz.traits#unknown", junk(rng)),
    };
    (name.to_owned(), value)
}

/// A value of any type, often of the wrong one.
fn junk(rng: &mut Rng) -> Value {
    one_of(
        rng,
        vec![
            Value::Null,
            json!(true),
            json!(-1),
            json!(0),
            json!(1.5),
            json!(i64::MAX),
            json!(u64::MAX),
            json!(-1e308),
            json!(""),
            json!("smithy.api#Unit"),
            json!("#"),
            json!("ns#"),
            json!("a$b"),
            json!([]),
            json!([null]),
            json!({}),
            json!({"target": "smithy.api#String"}),
            json!(huge()),
        ],
    )
}

/// Points a member at another shape, the Unit shape, a prelude shape or a missing shape.
fn retarget(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let path = rng.pick(&member_paths(doc, false))?.clone();
    let target = random_target(doc, rng);
    at_mut(doc, &path)?
        .as_object_mut()?
        .insert("target".to_owned(), json!(target));
    Some(format!("retarget {} to {target}", path.join("/")))
}

/// Changes a shape's type, sometimes giving it the members the new type needs.
fn change_type(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let id = rng.pick(&ids_of(doc, &[]))?.clone();
    let ty = *rng.pick(SHAPE_TYPES)?;
    let target = random_target(doc, rng);
    let shape = shapes(doc)?.get_mut(&id)?.as_object_mut()?;
    shape.insert("type".to_owned(), json!(ty));
    if rng.one_in(2) {
        match ty {
            "list" | "set" => {
                shape.insert("member".to_owned(), json!({ "target": target }));
            }
            "map" => {
                shape.insert("key".to_owned(), json!({ "target": "smithy.api#String" }));
                shape.insert("value".to_owned(), json!({ "target": target }));
            }
            "enum" | "intEnum" => {
                if let Some(members) = shape.get_mut("members").and_then(Value::as_object_mut) {
                    for m in members.values_mut() {
                        m["target"] = json!("smithy.api#Unit");
                    }
                }
            }
            _ => {
                shape.remove("member");
                shape.remove("key");
                shape.remove("value");
            }
        }
    }
    Some(format!("change the type of {id} to {ty}"))
}

/// Adds (or replaces) a trait with a hostile value on a shape or a member.
fn add_trait(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let mut paths: Vec<Vec<String>> = ids_of(doc, &[])
        .into_iter()
        .map(|id| vec!["shapes".to_owned(), id])
        .collect();
    paths.extend(member_paths(doc, false));
    let path = rng.pick(&paths)?.clone();
    let (name, value) = hostile_trait(rng);
    let traits = at_mut(doc, &path)?
        .as_object_mut()?
        .entry("traits")
        .or_insert_with(|| json!({}))
        .as_object_mut()?;
    traits.insert(name.clone(), value);
    Some(format!("add @{name} to {}", path.join("/")))
}

/// Removes one trait of a shape or a member.
fn remove_trait(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let mut paths: Vec<Vec<String>> = ids_of(doc, &[])
        .into_iter()
        .map(|id| vec!["shapes".to_owned(), id])
        .collect();
    paths.extend(member_paths(doc, false));
    let mut found = Vec::new();
    for path in paths {
        if let Some(traits) = at_mut(doc, &path)
            .and_then(|v| v.get("traits"))
            .and_then(Value::as_object)
        {
            found.extend(traits.keys().map(|t| (path.clone(), t.clone())));
        }
    }
    let (path, name) = rng.pick(&found)?.clone();
    at_mut(doc, &path)?
        .get_mut("traits")?
        .as_object_mut()?
        .remove(&name);
    Some(format!("remove @{name} from {}", path.join("/")))
}

/// Replaces every reference to shape `old` (and to its members) with `new`.
fn replace_refs(value: &mut Value, old: &str, new: &str) {
    match value {
        Value::String(s) => {
            if s == old {
                *s = new.to_owned();
            } else if let Some(rest) = s.strip_prefix(old).filter(|r| r.starts_with('$')) {
                *s = format!("{new}{rest}");
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| replace_refs(v, old, new)),
        Value::Object(map) => map.values_mut().for_each(|v| replace_refs(v, old, new)),
        _ => {}
    }
}

/// Renames a shape to a hostile name, usually with its references (else they dangle).
fn rename_shape(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let id = rng.pick(&ids_of(doc, &[]))?.clone();
    let namespace = id.split('#').next()?;
    let new = format!("{namespace}#{}", hostile_name(doc, rng));
    if shapes(doc)?.contains_key(&new) {
        return None;
    }
    let shape = shapes(doc)?.remove(&id)?;
    shapes(doc)?.insert(new.clone(), shape);
    let with_refs = !rng.one_in(5);
    if with_refs {
        replace_refs(doc, &id, &new);
    }
    Some(format!(
        "rename {id} to {new}{}",
        if with_refs {
            ""
        } else {
            " (references left dangling)"
        }
    ))
}

/// Renames a named member to a keyword or an odd name.
fn rename_member(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let path = rng.pick(&member_paths(doc, true))?.clone();
    let (name, parent) = path.split_last()?;
    let new = if rng.one_in(3) {
        case_variant(name, rng)
    } else {
        (*rng.pick(HOSTILE_MEMBERS)?).to_owned()
    };
    let members = at_mut(doc, parent)?.as_object_mut()?;
    let member = members.remove(name)?;
    members.insert(new.clone(), member);
    Some(format!("rename member {} to {new:?}", path.join("/")))
}

/// Adds a member named `name` targeting `target` to structure or union `id`, maybe required.
fn add_member(doc: &mut Value, id: &str, name: &str, target: &str, required: bool) -> Option<()> {
    let members = shapes(doc)?
        .get_mut(id)?
        .as_object_mut()?
        .entry("members")
        .or_insert_with(|| json!({}))
        .as_object_mut()?;
    let mut member = json!({ "target": target });
    if required {
        member["traits"] = json!({ "smithy.api#required": {} });
    }
    members.insert(name.to_owned(), member);
    Some(())
}

/// Introduces a cycle: a structure that contains itself, mutually recursive aggregates, a
/// collection of itself, or mixins of each other.
fn cycle(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let aggregates = ids_of(doc, &["structure", "union"]);
    match rng.below(4) {
        0 => {
            let id = rng.pick(&aggregates)?.clone();
            let required = rng.one_in(2);
            add_member(doc, &id, "fuzzSelf", &id, required)?;
            Some(format!("{id} contains itself (required: {required})"))
        }
        1 => {
            let a = rng.pick(&aggregates)?.clone();
            let b = rng.pick(&aggregates)?.clone();
            add_member(doc, &a, "fuzzOther", &b, true)?;
            add_member(doc, &b, "fuzzBack", &a, true)?;
            Some(format!("{a} and {b} contain each other"))
        }
        2 => {
            let id = rng.pick(&ids_of(doc, &["list", "set", "map"]))?.clone();
            let shape = shapes(doc)?.get_mut(&id)?.as_object_mut()?;
            let field = if shape.contains_key("value") {
                "value"
            } else {
                "member"
            };
            shape.insert(field.to_owned(), json!({ "target": id }));
            Some(format!("{id} is a collection of itself"))
        }
        _ => {
            let a = rng.pick(&aggregates)?.clone();
            let b = rng.pick(&aggregates)?.clone();
            for (x, y) in [(&a, &b), (&b, &a)] {
                let shape = shapes(doc)?.get_mut(x)?.as_object_mut()?;
                shape
                    .entry("mixins")
                    .or_insert_with(|| json!([]))
                    .as_array_mut()?
                    .push(json!({ "target": y }));
                shape
                    .entry("traits")
                    .or_insert_with(|| json!({}))
                    .as_object_mut()?
                    .insert("smithy.api#mixin".to_owned(), json!({}));
            }
            Some(format!("{a} and {b} are mixins of each other"))
        }
    }
}

/// Adds a member whose name differs from an existing one only in case or spelling.
fn colliding_member(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let path = rng.pick(&member_paths(doc, true))?.clone();
    let (name, parent) = path.split_last()?;
    let new = case_variant(name, rng);
    let members = at_mut(doc, parent)?.as_object_mut()?;
    let member = members.get(name)?.clone();
    members.insert(new.clone(), member);
    Some(format!("add member {new:?} beside {}", path.join("/")))
}

/// Removes a field a shape or member needs (`type`, `target`, `member`, `input`, …).
fn remove_field(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let mut paths: Vec<Vec<String>> = ids_of(doc, &[])
        .into_iter()
        .map(|id| vec!["shapes".to_owned(), id])
        .collect();
    paths.extend(member_paths(doc, false));
    let path = rng.pick(&paths)?.clone();
    let object = at_mut(doc, &path)?.as_object_mut()?;
    let keys: Vec<String> = object.keys().cloned().collect();
    let key = rng.pick(&keys)?.clone();
    object.remove(&key);
    Some(format!("remove {key} from {}", path.join("/")))
}

/// Replaces a random node under a random shape with a value of any type.
fn replace_node(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let id = rng.pick(&ids_of(doc, &[]))?.clone();
    let mut path = vec!["shapes".to_owned(), id];
    loop {
        let node = at_mut(doc, &path)?;
        let keys: Vec<String> = match node {
            Value::Object(map) => map.keys().cloned().collect(),
            _ => Vec::new(),
        };
        match rng.pick(&keys) {
            Some(key) if path.len() < 3 || !rng.one_in(3) => path.push(key.clone()),
            _ => break,
        }
    }
    let value = junk(rng);
    *at_mut(doc, &path)? = value;
    Some(format!("replace {} with junk", path.join("/")))
}

/// Points an operation's input, output or errors, or a service's operations, resources or
/// errors, at arbitrary shapes.
fn service_edit(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let target = random_target(doc, rng);
    if rng.one_in(2) {
        let id = rng.pick(&ids_of(doc, &["operation"]))?.clone();
        let field = *rng.pick(&["input", "output", "errors"])?;
        let shape = shapes(doc)?.get_mut(&id)?.as_object_mut()?;
        if field == "errors" {
            shape
                .entry("errors")
                .or_insert_with(|| json!([]))
                .as_array_mut()?
                .push(json!({ "target": target }));
        } else {
            shape.insert(field.to_owned(), json!({ "target": target }));
        }
        Some(format!("set {field} of {id} to {target}"))
    } else {
        let id = rng.pick(&ids_of(doc, &["service", "resource"]))?.clone();
        let field = *rng.pick(&["operations", "resources", "errors"])?;
        shapes(doc)?
            .get_mut(&id)?
            .as_object_mut()?
            .entry(field)
            .or_insert_with(|| json!([]))
            .as_array_mut()?
            .push(json!({ "target": target }));
        Some(format!("add {target} to the {field} of {id}"))
    }
}

/// Gives a shape a mixin: any shape, often one without `@mixin`, or itself.
fn mixin(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let ids = ids_of(doc, &[]);
    let a = rng.pick(&ids)?.clone();
    let b = if rng.one_in(4) {
        a.clone()
    } else {
        rng.pick(&ids)?.clone()
    };
    if rng.one_in(2) {
        shapes(doc)?
            .get_mut(&b)?
            .as_object_mut()?
            .entry("traits")
            .or_insert_with(|| json!({}))
            .as_object_mut()?
            .insert("smithy.api#mixin".to_owned(), json!({}));
    }
    shapes(doc)?
        .get_mut(&a)?
        .as_object_mut()?
        .entry("mixins")
        .or_insert_with(|| json!([]))
        .as_array_mut()?
        .push(json!({ "target": b }));
    Some(format!("{b} is a mixin of {a}"))
}

/// Copies a shape under a name differing only in case, and points a member at the copy.
fn duplicate_shape(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let id = rng.pick(&ids_of(doc, &[]))?.clone();
    let (namespace, name) = id.split_once('#')?;
    let new = format!("{namespace}#{}", case_variant(name, rng));
    let shape = shapes(doc)?.get(&id)?.clone();
    if shapes(doc)?.insert(new.clone(), shape).is_some() {
        return None;
    }
    if let Some(path) = rng.pick(&member_paths(doc, false)).cloned() {
        at_mut(doc, &path)?
            .as_object_mut()?
            .insert("target".to_owned(), json!(new));
    }
    Some(format!("copy {id} to {new}"))
}

/// Renames a shape through the service's `rename` map, to a hostile name.
fn service_rename(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let service = rng.pick(&ids_of(doc, &["service"]))?.clone();
    let id = rng.pick(&ids_of(doc, &[]))?.clone();
    let name = hostile_name(doc, rng);
    shapes(doc)?
        .get_mut(&service)?
        .as_object_mut()?
        .entry("rename")
        .or_insert_with(|| json!({}))
        .as_object_mut()?
        .insert(id.clone(), json!(name));
    Some(format!("the service renames {id} to {name}"))
}
