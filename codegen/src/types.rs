//! Maps each shape of the closure to a Rust item (struct, enum, union), deciding Option, Box and
//! defaults per member. The nullability policy lives in [`presence`].

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::Value;

use crate::closure::Closure;
use crate::docs::to_markdown;
use crate::error::{Error, Result};
use crate::model::{Member, Model, Shape, ShapeKind, Simple, Traits, shape_name};
use crate::naming;
use crate::protocol::Protocol;
use crate::resolve::{UNIT, traits};

/// Everything the emitter needs, as plain data.
#[derive(Debug, Clone, PartialEq)]
pub struct Crate {
    /// Items sorted by Rust name.
    pub items: Vec<Item>,
    /// Which runtime support the items use.
    pub needs: Needs,
}

/// Runtime support that only some closures need.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Needs {
    /// Timestamp formats in use.
    pub timestamps: BTreeSet<TimestampFormat>,
    /// A blob (base64) appears.
    pub blob: bool,
}

/// A generated item.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A structure (including errors).
    Struct(Struct),
    /// A string enum.
    Enum(Enum),
    /// An integer enum.
    IntEnum(IntEnum),
    /// A tagged union.
    Union(Union),
}

impl Item {
    /// The Smithy shape ID of the item.
    pub fn shape_id(&self) -> &str {
        match self {
            Item::Struct(s) => &s.shape_id,
            Item::Enum(e) => &e.shape_id,
            Item::IntEnum(e) => &e.shape_id,
            Item::Union(u) => &u.shape_id,
        }
    }

    /// The Rust name of the item.
    pub fn name(&self) -> &str {
        match self {
            Item::Struct(s) => &s.name,
            Item::Enum(e) => &e.name,
            Item::IntEnum(e) => &e.name,
            Item::Union(u) => &u.name,
        }
    }

    /// The item's docs and deprecation.
    pub fn meta(&self) -> &Meta {
        match self {
            Item::Struct(s) => &s.meta,
            Item::Enum(e) => &e.meta,
            Item::IntEnum(e) => &e.meta,
            Item::Union(u) => &u.meta,
        }
    }
}

/// Documentation and deprecation shared by every item, field and variant.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// Rustdoc Markdown.
    pub docs: String,
    /// `Some(note)` when `@deprecated`.
    pub deprecated: Option<String>,
}

/// A structure.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Smithy shape ID.
    pub shape_id: String,
    /// Rust type name.
    pub name: String,
    /// Docs and deprecation.
    pub meta: Meta,
    /// Fields in model declaration order.
    pub fields: Vec<Field>,
    /// `Some` for `@error` structures: `client` or `server`.
    pub error: Option<String>,
    /// Derive `Default`: every field is optional or defaults to its type's zero value.
    pub derive_default: bool,
}

/// A structure member.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The member name in the model (also its name in validation paths and HTTP labels).
    pub wire_name: String,
    /// The key of the member in JSON bodies: its `@jsonName` under restJson1, else its name.
    pub json_name: String,
    /// The Rust field name.
    pub name: String,
    /// The Rust type, without the Option.
    pub ty: Type,
    /// Option, plain or defaulted.
    pub presence: Presence,
    /// The model's `@default` (the member's own, or its `Primitive*` target's) as written, when
    /// the presence is [`Presence::Default`]; `None` otherwise. Emission reads the presence;
    /// reports show this value.
    pub default: Option<Value>,
    /// Docs and deprecation.
    pub meta: Meta,
    /// `@sensitive`: redacted in Debug.
    pub sensitive: bool,
}

impl Field {
    /// Whether the struct's `Default::default()` gives this field the value an absent member
    /// reads as: the field is optional, or defaults to its type's zero value. A struct derives
    /// `Default` when all its fields do.
    pub fn takes_type_default(&self) -> bool {
        matches!(
            self.presence,
            Presence::Optional | Presence::Default(DefaultValue::Zero)
        )
    }
}

/// How a member's absence is represented.
#[derive(Debug, Clone, PartialEq)]
pub enum Presence {
    /// `Option<T>`: absent or `null` is `None`; `None` is omitted when serializing.
    Optional,
    /// `T`: the member must be present.
    Required,
    /// `T`: absent or `null` takes the model's `@default`.
    Default(DefaultValue),
}

/// A `@default` value, classified.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// The type's `Default::default()` (false, 0, "", [], {}, empty blob, `null` document).
    Zero,
    /// Any other JSON value, turned into a Rust expression by the emitter.
    Value(Value),
}

/// A string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// Smithy shape ID.
    pub shape_id: String,
    /// Rust type name.
    pub name: String,
    /// Docs and deprecation.
    pub meta: Meta,
    /// Known values in model order.
    pub variants: Vec<EnumVariant>,
}

/// A known enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// Rust variant name.
    pub name: String,
    /// The member name in the model (`RED`; its value on the wire may differ).
    pub member_name: String,
    /// The value on the wire.
    pub value: String,
    /// Docs and deprecation.
    pub meta: Meta,
}

/// An integer enum.
#[derive(Debug, Clone, PartialEq)]
pub struct IntEnum {
    /// Smithy shape ID.
    pub shape_id: String,
    /// Rust type name.
    pub name: String,
    /// Docs and deprecation.
    pub meta: Meta,
    /// Known values in model order.
    pub variants: Vec<IntEnumVariant>,
}

/// A known intEnum value.
#[derive(Debug, Clone, PartialEq)]
pub struct IntEnumVariant {
    /// Rust variant name.
    pub name: String,
    /// The member name in the model (`HIGH`).
    pub member_name: String,
    /// The value on the wire.
    pub value: i32,
    /// Docs and deprecation.
    pub meta: Meta,
}

/// A tagged union.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// Smithy shape ID.
    pub shape_id: String,
    /// Rust type name.
    pub name: String,
    /// Docs and deprecation.
    pub meta: Meta,
    /// Members in model order.
    pub variants: Vec<UnionVariant>,
}

/// A union member.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// Rust variant name.
    pub name: String,
    /// The member name in the model.
    pub wire_name: String,
    /// The key of the member in JSON: its `@jsonName` under restJson1, else its name.
    pub json_name: String,
    /// The payload type; `None` for `smithy.api#Unit` members.
    pub ty: Option<Type>,
    /// Docs and deprecation.
    pub meta: Meta,
    /// `@sensitive`: redacted in Debug.
    pub sensitive: bool,
}

/// Timestamp wire formats (`@timestampFormat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimestampFormat {
    /// `epoch-seconds`: a JSON number of seconds, with fractions (the restJson1 default).
    EpochSeconds,
    /// `date-time`: RFC 3339.
    DateTime,
    /// `http-date`: IMF-fixdate.
    HttpDate,
}

impl TimestampFormat {
    /// The format as `@timestampFormat` names it: `epoch-seconds`, `date-time`, `http-date`.
    pub fn name(self) -> &'static str {
        match self {
            TimestampFormat::EpochSeconds => "epoch-seconds",
            TimestampFormat::DateTime => "date-time",
            TimestampFormat::HttpDate => "http-date",
        }
    }
}

/// The Rust type of a value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    /// `String`
    String,
    /// `bool`
    Bool,
    /// `i8`
    I8,
    /// `i16`
    I16,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `Vec<u8>`, base64 on the wire.
    Blob,
    /// A point in time.
    Timestamp(TimestampFormat),
    /// `serde_json::Value`
    Document,
    /// A generated type, by Rust name.
    Named(String),
    /// `Box<T>` to break recursion.
    Boxed(Box<Type>),
    /// `Vec<T>` (`Vec<Option<T>>` when sparse).
    List {
        /// Element type.
        item: Box<Type>,
        /// `@sparse`: elements may be null.
        sparse: bool,
    },
    /// `BTreeMap<K, V>` (`BTreeMap<K, Option<V>>` when sparse).
    Map {
        /// Key type (a string or string enum).
        key: Box<Type>,
        /// Value type.
        value: Box<Type>,
        /// `@sparse`: values may be null.
        sparse: bool,
    },
}

/// The type as reports and messages spell it: the emitted Rust type with the short names a reader
/// of the generated crate knows (`BTreeMap<String, Timestamp>`, `serde_json::Value`);
/// emission writes full paths.
impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::String => f.write_str("String"),
            Type::Bool => f.write_str("bool"),
            Type::I8 => f.write_str("i8"),
            Type::I16 => f.write_str("i16"),
            Type::I32 => f.write_str("i32"),
            Type::I64 => f.write_str("i64"),
            Type::F32 => f.write_str("f32"),
            Type::F64 => f.write_str("f64"),
            Type::Blob => f.write_str("Vec<u8>"),
            Type::Timestamp(_) => f.write_str("Timestamp"),
            Type::Document => f.write_str("serde_json::Value"),
            Type::Named(n) => f.write_str(n),
            Type::Boxed(t) => write!(f, "Box<{t}>"),
            Type::List {
                item,
                sparse: false,
            } => write!(f, "Vec<{item}>"),
            Type::List { item, sparse: true } => write!(f, "Vec<Option<{item}>>"),
            Type::Map {
                key,
                value,
                sparse: false,
            } => write!(f, "BTreeMap<{key}, {value}>"),
            Type::Map {
                key,
                value,
                sparse: true,
            } => write!(f, "BTreeMap<{key}, Option<{value}>>"),
        }
    }
}

impl Type {
    /// Whether the type, or anything inside it, needs a serde adapter.
    pub fn needs_adapter(&self) -> bool {
        match self {
            Type::F32 | Type::F64 | Type::Blob | Type::Timestamp(_) => true,
            Type::Boxed(t) => t.needs_adapter(),
            Type::List { item, .. } => item.needs_adapter(),
            Type::Map { key, value, .. } => key.needs_adapter() || value.needs_adapter(),
            _ => false,
        }
    }
}

/// The nullability policy (Smithy 2.0 `NullableIndex`, mode CLIENT_CAREFUL, plus one rule for
/// errors). A member is `Option<T>` unless it is `@required` or has a non-null `@default`, and
/// none of these hold:
/// - its structure is an `@error`: error bodies come from every layer of a service and routinely
///   lack "required" members (the conformance fixtures send `Message` instead of `message`); an
///   error that fails to parse would hide the real failure;
/// - it has `@clientOptional`, or its structure has `@input` (the spec makes these optional for
///   clients so that services can relax them);
/// - it targets a structure or union (CLIENT_CAREFUL: such members can never gain a `@default`,
///   so a service that stops sending one would otherwise break every client).
///
/// `@default` members that stay non-optional take the default when absent or `null`.
pub fn presence(model: &Model, container: &Shape, member: &Member) -> Presence {
    let target = &model.shapes[&member.target];
    if container.has_trait(traits::ERROR)
        || member.has_trait(traits::CLIENT_OPTIONAL)
        || container.has_trait(traits::INPUT)
        || matches!(target.kind, ShapeKind::Structure(_) | ShapeKind::Union(_))
    {
        return Presence::Optional;
    }
    match declared_default(model, member) {
        Some(Value::Null) | None if member.has_trait(traits::REQUIRED) => Presence::Required,
        Some(Value::Null) | None => Presence::Optional,
        Some(v) => Presence::Default(classify_default(v)),
    }
}

/// The `@default` of a member: its own, else (Smithy 1.0 semantics of the prelude's `Primitive*`
/// shapes) its target's.
fn declared_default<'m>(model: &'m Model, member: &'m Member) -> Option<&'m Value> {
    member.traits.get(traits::DEFAULT).or_else(|| {
        member
            .target
            .starts_with("smithy.api#Primitive")
            .then(|| model.shapes[&member.target].traits.get(traits::DEFAULT))
            .flatten()
    })
}

fn classify_default(v: &Value) -> DefaultValue {
    let zero = match v {
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Null => true,
    };
    if zero {
        DefaultValue::Zero
    } else {
        DefaultValue::Value(v.clone())
    }
}

/// Maps the closure to items.
pub fn map(model: &Model, closure: &Closure, protocol: Option<Protocol>) -> Result<Crate> {
    let rename = match &model.shapes[&closure.service].kind {
        ShapeKind::Service { rename, .. } => rename.clone(),
        _ => BTreeMap::new(),
    };
    let named: Vec<&String> = closure
        .shapes
        .iter()
        .filter(|id| {
            matches!(
                model.shapes[*id].kind,
                ShapeKind::Structure(_)
                    | ShapeKind::Union(_)
                    | ShapeKind::Enum(_)
                    | ShapeKind::IntEnum(_)
            )
        })
        .collect();
    let names = naming::type_names(named.iter().copied(), &rename);
    let json_names = protocol.is_some_and(Protocol::uses_json_name);
    let mut mapper = Mapper {
        json_names,
        model,
        closure,
        names: &names,
        needs: Needs::default(),
    };
    let mut items = Vec::new();
    for id in named {
        items.push(mapper.item(&model.shapes[id])?);
    }
    items.sort_by(|a, b| a.name().cmp(b.name()));
    mark_default_structs(&mut items);
    Ok(Crate {
        items,
        needs: mapper.needs,
    })
}

/// The Rust type that each list, map and simple shape of the closure (shapes without an item of
/// their own in `krate`, as [`map`] made it) stands for where a member without traits targets
/// it, by shape ID. Emission does not need it; reports on the lowered crate do. The members that
/// target these shapes were mapped with the items (and failed there if they had to), so a shape
/// that does not map is left out.
pub fn inline_types(model: &Model, closure: &Closure, krate: &Crate) -> BTreeMap<String, Type> {
    let names: BTreeMap<String, String> = krate
        .items
        .iter()
        .map(|i| (i.shape_id().to_owned(), i.name().to_owned()))
        .collect();
    let mut mapper = Mapper {
        // Member names do not change a type.
        json_names: false,
        model,
        closure,
        names: &names,
        needs: Needs::default(),
    };
    closure
        .shapes
        .iter()
        .filter(|id| !names.contains_key(*id))
        .filter_map(|id| {
            let member = Member {
                target: id.clone(),
                traits: Traits::new(),
            };
            Some((id.clone(), mapper.member_type(id, &member).ok()?))
        })
        .collect()
}

struct Mapper<'a> {
    /// Whether `@jsonName` applies (restJson1 honours it; awsJson protocols do not).
    json_names: bool,
    model: &'a Model,
    closure: &'a Closure,
    names: &'a BTreeMap<String, String>,
    needs: Needs,
}

impl Mapper<'_> {
    fn item(&mut self, shape: &Shape) -> Result<Item> {
        let name = self.names[&shape.id].clone();
        let meta = shape_meta(shape);
        Ok(match &shape.kind {
            ShapeKind::Structure(members) => {
                let ids: Vec<_> = members.keys().map(|m| naming::field_name(m)).collect();
                let rust_names = naming::disambiguate(ids, &BTreeSet::new());
                let mut fields = Vec::new();
                for ((wire, member), rust) in members.iter().zip(rust_names) {
                    fields.push(self.field(shape, wire, member, rust)?);
                }
                let error = match shape.traits.get(traits::ERROR) {
                    None => None,
                    Some(Value::String(e)) if e == "client" || e == "server" => Some(e.clone()),
                    Some(other) => {
                        return Err(Error::InvalidShape {
                            shape: shape.id.clone(),
                            message: format!(
                                "@error({other}): the value must be \"client\" or \"server\""
                            ),
                        });
                    }
                };
                Item::Struct(Struct {
                    shape_id: shape.id.clone(),
                    name,
                    meta,
                    fields,
                    error,
                    derive_default: false,
                })
            }
            ShapeKind::Union(members) => {
                if shape.has_trait(traits::STREAMING) {
                    return Err(unsupported(
                        &shape.id,
                        "@streaming union (event stream)",
                        "event streams are not generated",
                    ));
                }
                let rust_names = self.variant_names(members.keys());
                let mut variants = Vec::new();
                for ((wire, member), rust) in members.iter().zip(rust_names) {
                    let member_id = format!("{}${wire}", shape.id);
                    let ty = if member.target == UNIT {
                        None
                    } else {
                        Some(self.member_type(&member_id, member)?)
                    };
                    variants.push(UnionVariant {
                        name: rust,
                        json_name: self.json_name(wire, member),
                        wire_name: wire.clone(),
                        ty,
                        meta: self.member_meta(member, wire, None),
                        sensitive: self.sensitive(member),
                    });
                }
                Item::Union(Union {
                    shape_id: shape.id.clone(),
                    name,
                    meta,
                    variants,
                })
            }
            ShapeKind::Enum(members) => {
                let rust_names = self.variant_names(members.keys());
                let variants = members
                    .iter()
                    .zip(rust_names)
                    .map(|((wire, member), rust)| {
                        let value = member
                            .traits
                            .get(traits::ENUM_VALUE)
                            .and_then(Value::as_str)
                            .unwrap_or(wire)
                            .to_owned();
                        EnumVariant {
                            name: rust,
                            member_name: wire.clone(),
                            meta: variant_meta(member, &value),
                            value,
                        }
                    })
                    .collect();
                Item::Enum(Enum {
                    shape_id: shape.id.clone(),
                    name,
                    meta,
                    variants,
                })
            }
            ShapeKind::IntEnum(members) => {
                let rust_names = self.variant_names(members.keys());
                let mut variants = Vec::new();
                for ((wire, member), rust) in members.iter().zip(rust_names) {
                    let value = member
                        .traits
                        .get(traits::ENUM_VALUE)
                        .and_then(Value::as_i64)
                        .and_then(|v| i32::try_from(v).ok())
                        .ok_or_else(|| Error::InvalidShape {
                            shape: format!("{}${wire}", shape.id),
                            message: "an intEnum member needs an integer @enumValue".to_owned(),
                        })?;
                    variants.push(IntEnumVariant {
                        name: rust,
                        member_name: wire.clone(),
                        meta: variant_meta(member, &value.to_string()),
                        value,
                    });
                }
                Item::IntEnum(IntEnum {
                    shape_id: shape.id.clone(),
                    name,
                    meta,
                    variants,
                })
            }
            _ => unreachable!("only aggregate shapes are named"),
        })
    }

    fn variant_names<'k>(&self, keys: impl Iterator<Item = &'k String>) -> Vec<String> {
        let reserved = BTreeSet::from(["Unknown".to_owned()]);
        naming::disambiguate(keys.map(|k| naming::variant_name(k)).collect(), &reserved)
    }

    fn field(&mut self, shape: &Shape, wire: &str, member: &Member, name: String) -> Result<Field> {
        let member_id = format!("{}${wire}", shape.id);
        let ty = self.member_type(&member_id, member)?;
        let presence = presence(self.model, shape, member);
        let default = match presence {
            Presence::Default(_) => declared_default(self.model, member).cloned(),
            _ => None,
        };
        let presence = match presence {
            // A zero default the Rust type cannot produce (an enum's "", a timestamp's 0) is
            // spelled out like any other default.
            Presence::Default(DefaultValue::Zero) if !zero_defaultable(&ty) => {
                Presence::Default(DefaultValue::Value(default.clone().unwrap_or(Value::Null)))
            }
            other => other,
        };
        if let Presence::Default(DefaultValue::Value(v)) = &presence {
            check_default(&member_id, &ty, &self.model.shapes[&member.target], v)?;
        }
        let mut notes: Vec<String> = match &presence {
            Presence::Required => vec!["**Required.**".to_owned()],
            Presence::Default(DefaultValue::Zero) => {
                vec!["Defaults to the type's zero value when absent.".to_owned()]
            }
            Presence::Default(DefaultValue::Value(v)) => {
                vec![format!("Defaults to `{v}` when absent.")]
            }
            Presence::Optional => vec![],
        };
        if self.model.shapes[&member.target].has_trait(traits::STREAMING) {
            notes.push(
                "Streamed on the wire (`@streaming`); held here in memory, as the whole payload.".to_owned(),
            );
        }
        if self.model.shapes[&member.target].has_trait(traits::UNIQUE_ITEMS) {
            notes.push(
                "Items must be unique (`@uniqueItems`); the `Vec` keeps them in the order sent and does not \
                 check."
                    .to_owned(),
            );
        }
        let note = (!notes.is_empty()).then(|| notes.join("\n\n"));
        Ok(Field {
            json_name: self.json_name(wire, member),
            wire_name: wire.to_owned(),
            name,
            ty,
            presence,
            default,
            meta: self.member_meta(member, wire, note),
            sensitive: self.sensitive(member),
        })
    }

    /// The Rust type for a member (or list/map element) targeting `member.target`.
    fn member_type(&mut self, member_id: &str, member: &Member) -> Result<Type> {
        let target = &self.model.shapes[&member.target];
        let ty = match &target.kind {
            ShapeKind::Simple(simple) => match simple {
                Simple::String => Type::String,
                Simple::Boolean => Type::Bool,
                Simple::Byte => Type::I8,
                Simple::Short => Type::I16,
                Simple::Integer => Type::I32,
                Simple::Long => Type::I64,
                Simple::Float => Type::F32,
                Simple::Double => Type::F64,
                // A `@streaming` blob is buffered: the payload's bytes (the protocol checks it is
                // the payload).
                Simple::Blob => {
                    self.needs.blob = true;
                    Type::Blob
                }
                Simple::Timestamp => {
                    let format = timestamp_format(member_id, member, target)?;
                    self.needs.timestamps.insert(format);
                    Type::Timestamp(format)
                }
                Simple::Document => Type::Document,
                Simple::BigInteger | Simple::BigDecimal => {
                    return Err(unsupported(
                        member_id,
                        &format!("{} target `{}`", simple.type_name(), member.target),
                        "arbitrary-precision numbers are not generated yet",
                    ));
                }
            },
            ShapeKind::Enum(_)
            | ShapeKind::IntEnum(_)
            | ShapeKind::Structure(_)
            | ShapeKind::Union(_) => {
                let Some(name) = self.names.get(&target.id) else {
                    // Only the prelude's Unit is an aggregate outside the closure.
                    return Err(Error::InvalidShape {
                        shape: member_id.to_owned(),
                        message: format!(
                            "targets `{}`, which only union members and operation input and \
                             output may target",
                            target.id
                        ),
                    });
                };
                let named = Type::Named(name.clone());
                if self.closure.boxed.contains(member_id) {
                    Type::Boxed(Box::new(named))
                } else {
                    named
                }
            }
            ShapeKind::List(item) => Type::List {
                item: Box::new(self.member_type(&format!("{}$member", target.id), item)?),
                sparse: target.has_trait(traits::SPARSE),
            },
            ShapeKind::Map { key, value } => {
                let key_ty = self.member_type(&format!("{}$key", target.id), key)?;
                if !matches!(&key_ty, Type::String)
                    && !matches!(self.model.shapes[&key.target].kind, ShapeKind::Enum(_))
                {
                    return Err(unsupported(
                        &format!("{}$key", target.id),
                        "map key that is not a string",
                        "Smithy map keys must target string shapes",
                    ));
                }
                Type::Map {
                    key: Box::new(key_ty),
                    value: Box::new(self.member_type(&format!("{}$value", target.id), value)?),
                    sparse: target.has_trait(traits::SPARSE),
                }
            }
            ShapeKind::Operation { .. }
            | ShapeKind::Service { .. }
            | ShapeKind::Resource { .. } => {
                return Err(Error::InvalidShape {
                    shape: member_id.to_owned(),
                    message: format!(
                        "targets the {} `{}`; members must target data shapes",
                        target.kind.type_name(),
                        target.id
                    ),
                });
            }
        };
        Ok(ty)
    }

    /// The member's key in JSON bodies.
    fn json_name(&self, wire: &str, member: &Member) -> String {
        let declared = member
            .traits
            .get(traits::JSON_NAME)
            .and_then(Value::as_str)
            .filter(|_| self.json_names);
        declared.unwrap_or(wire).to_owned()
    }

    fn sensitive(&self, member: &Member) -> bool {
        let target = &self.model.shapes[&member.target];
        member.has_trait(traits::SENSITIVE)
            || target.has_trait(traits::SENSITIVE)
            || match &target.kind {
                ShapeKind::List(m) => self.model.shapes[&m.target].has_trait(traits::SENSITIVE),
                ShapeKind::Map { key, value } => {
                    self.model.shapes[&key.target].has_trait(traits::SENSITIVE)
                        || self.model.shapes[&value.target].has_trait(traits::SENSITIVE)
                }
                _ => false,
            }
    }

    /// Member docs: the member's own, else the target shape's (unless a prelude shape), else a
    /// short line naming the wire member.
    fn member_meta(&self, member: &Member, wire: &str, note: Option<String>) -> Meta {
        let target = &self.model.shapes[&member.target];
        let own = doc_of(&member.traits).or_else(|| {
            (!member.target.starts_with("smithy.api#"))
                .then(|| doc_of(&target.traits))
                .flatten()
        });
        let mut docs = own.unwrap_or_else(|| format!("The `{wire}` member."));
        if let Some(note) = note {
            docs.push_str("\n\n");
            docs.push_str(&note);
        }
        if self.sensitive(member) {
            docs.push_str("\n\nSensitive: redacted in `Debug` output.");
        }
        Meta {
            docs,
            deprecated: deprecation(&member.traits),
        }
    }
}

/// Whether `Default::default()` of the Rust type is the Smithy zero value of the shape.
fn zero_defaultable(ty: &Type) -> bool {
    match ty {
        // A document's zero is `null`: its empty list or map default is a value of its own.
        Type::Timestamp(_) | Type::Named(_) | Type::Document => false,
        Type::Boxed(t) => zero_defaultable(t),
        _ => true,
    }
}

/// Marks the structs that derive `Default`: those whose every field is optional or takes its type's
/// zero value by `@default`. A required member blocks it (the model gives it no default, and an
/// invented one would be wrong), and so does a non-zero `@default`. Nested structures never block
/// it: the nullability policy makes them optional.
fn mark_default_structs(items: &mut [Item]) {
    for item in items {
        if let Item::Struct(s) = item {
            s.derive_default = s.fields.iter().all(Field::takes_type_default);
        }
    }
}

fn unsupported(shape: &str, construct: &str, hint: &str) -> Error {
    Error::Unsupported {
        shape: shape.to_owned(),
        construct: construct.to_owned(),
        hint: hint.to_owned(),
    }
}

/// The effective `@timestampFormat` of a member: its own, else its target's, else epoch-seconds.
fn timestamp_format(member_id: &str, member: &Member, target: &Shape) -> Result<TimestampFormat> {
    let trait_value = member
        .traits
        .get(traits::TIMESTAMP_FORMAT)
        .or_else(|| target.traits.get(traits::TIMESTAMP_FORMAT));
    match trait_value.map(|v| v.as_str()) {
        None => Ok(TimestampFormat::EpochSeconds),
        Some(Some("epoch-seconds")) => Ok(TimestampFormat::EpochSeconds),
        Some(Some("date-time")) => Ok(TimestampFormat::DateTime),
        Some(Some("http-date")) => Ok(TimestampFormat::HttpDate),
        Some(other) => Err(Error::InvalidShape {
            shape: member_id.to_owned(),
            message: format!(
                "unknown @timestampFormat {other:?}; expected epoch-seconds, date-time or http-date"
            ),
        }),
    }
}

/// A non-zero `@default` must fit the member's type (`target` is the member's target): an
/// integer in the type's range, a string for a string or an enum, an integer for an intEnum.
fn check_default(member_id: &str, ty: &Type, target: &Shape, v: &Value) -> Result<()> {
    let integer_in = |min: i64, max: i64| v.as_i64().is_some_and(|n| (min..=max).contains(&n));
    let ok = match ty {
        Type::Bool => v.is_boolean(),
        Type::I8 => integer_in(i8::MIN.into(), i8::MAX.into()),
        Type::I16 => integer_in(i16::MIN.into(), i16::MAX.into()),
        Type::I32 => integer_in(i32::MIN.into(), i32::MAX.into()),
        Type::I64 | Type::Timestamp(_) => v.is_i64(),
        Type::F32 => v.as_f64().is_some_and(|f| f.abs() <= f64::from(f32::MAX)),
        Type::F64 => v.is_number(),
        Type::String => v.is_string(),
        // Only enums and intEnums get here: structure and union members are always optional.
        Type::Named(_) => match target.kind {
            ShapeKind::IntEnum(_) => integer_in(i32::MIN.into(), i32::MAX.into()),
            _ => v.is_string(),
        },
        // Smithy allows any JSON value in a document's default.
        Type::Document => true,
        // A blob's default is base64 text.
        Type::Blob => v.as_str().is_some_and(|text| {
            use base64::Engine as _;
            base64::engine::general_purpose::STANDARD.decode(text).is_ok()
        }),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(unsupported(
            member_id,
            &format!("@default({v}) on this member type"),
            "only scalar, enum, document, base64 blob and empty defaults are generated, each \
             of the member's type and in its range",
        ))
    }
}

fn doc_of(traits: &crate::model::Traits) -> Option<String> {
    traits
        .get(traits::DOCUMENTATION)
        .and_then(Value::as_str)
        .map(to_markdown)
        .filter(|d| !d.is_empty())
}

fn deprecation(traits: &crate::model::Traits) -> Option<String> {
    let d = traits.get(traits::DEPRECATED)?;
    let message = d.get("message").and_then(Value::as_str);
    let since = d.get("since").and_then(Value::as_str);
    Some(match (message, since) {
        (Some(m), Some(s)) => format!("{m} (since {s})"),
        (Some(m), None) => m.to_owned(),
        (None, Some(s)) => format!("deprecated since {s}"),
        (None, None) => "deprecated in the model".to_owned(),
    })
}

fn shape_meta(shape: &Shape) -> Meta {
    let docs = doc_of(&shape.traits).unwrap_or_else(|| {
        format!(
            "The `{}` {}.",
            shape_name(&shape.id),
            shape.kind.type_name()
        )
    });
    Meta {
        docs,
        deprecated: deprecation(&shape.traits),
    }
}

fn variant_meta(member: &Member, value: &str) -> Meta {
    Meta {
        docs: doc_of(&member.traits).unwrap_or_else(|| format!("`{value}`")),
        deprecated: deprecation(&member.traits),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::closure::{Selection, closure};
    use crate::load::parse;
    use crate::resolve::resolve;

    /// The protocol `generate` would detect for the closure's service.
    fn detected(m: &Model, c: &Closure) -> Option<Protocol> {
        crate::protocol::detect(m, &c.service, None).unwrap()
    }

    fn model(json: &str) -> Model {
        resolve(parse(json).unwrap_or_else(|e| panic!("{e:?}"))).unwrap()
    }

    const POLICY_MODEL: &str = r#"{"smithy":"2.0","shapes":{
        "a#S":{"type":"structure","members":{
            "req":{"target":"smithy.api#String","traits":{"smithy.api#required":{}}},
            "opt":{"target":"smithy.api#String"},
            "reqClientOptional":{"target":"smithy.api#String","traits":{"smithy.api#required":{},"smithy.api#clientOptional":{}}},
            "reqStruct":{"target":"a#T","traits":{"smithy.api#required":{}}},
            "reqUnion":{"target":"a#U","traits":{"smithy.api#required":{}}},
            "reqList":{"target":"a#L","traits":{"smithy.api#required":{}}},
            "defFalse":{"target":"smithy.api#Boolean","traits":{"smithy.api#default":false}},
            "defThree":{"target":"smithy.api#Integer","traits":{"smithy.api#default":3}},
            "defNullRequired":{"target":"smithy.api#Integer","traits":{"smithy.api#default":null,"smithy.api#required":{}}},
            "defNull":{"target":"smithy.api#Integer","traits":{"smithy.api#default":null}},
            "primitive":{"target":"smithy.api#PrimitiveInteger"},
            "defClientOptional":{"target":"smithy.api#Integer","traits":{"smithy.api#default":1,"smithy.api#clientOptional":{}}}}},
        "a#In":{"type":"structure","traits":{"smithy.api#input":{}},"members":{
            "req":{"target":"smithy.api#String","traits":{"smithy.api#required":{}}},
            "def":{"target":"smithy.api#Integer","traits":{"smithy.api#default":1}}}},
        "a#E":{"type":"structure","traits":{"smithy.api#error":"client"},"members":{
            "message":{"target":"smithy.api#String","traits":{"smithy.api#required":{}}}}},
        "a#T":{"type":"structure","members":{}},
        "a#U":{"type":"union","members":{"x":{"target":"smithy.api#String"}}},
        "a#L":{"type":"list","member":{"target":"smithy.api#String"}}}}"#;

    fn presence_of(m: &Model, shape: &str, member: &str) -> Presence {
        let s = &m.shapes[shape];
        presence(m, s, &s.members().unwrap()[member])
    }

    #[test]
    fn nullability_policy_per_rule() {
        let m = model(POLICY_MODEL);
        let table = [
            ("a#S", "req", Presence::Required),
            ("a#S", "opt", Presence::Optional),
            ("a#S", "reqClientOptional", Presence::Optional),
            ("a#S", "reqStruct", Presence::Optional),
            ("a#S", "reqUnion", Presence::Optional),
            ("a#S", "reqList", Presence::Required),
            ("a#S", "defFalse", Presence::Default(DefaultValue::Zero)),
            (
                "a#S",
                "defThree",
                Presence::Default(DefaultValue::Value(serde_json::json!(3))),
            ),
            ("a#S", "defNullRequired", Presence::Required),
            ("a#S", "defNull", Presence::Optional),
            ("a#S", "primitive", Presence::Default(DefaultValue::Zero)),
            ("a#S", "defClientOptional", Presence::Optional),
            ("a#In", "req", Presence::Optional),
            ("a#In", "def", Presence::Optional),
            ("a#E", "message", Presence::Optional),
        ];
        for (shape, member, want) in table {
            assert_eq!(presence_of(&m, shape, member), want, "{shape}${member}");
        }
    }

    /// The project's constructs test model and its whole-service closure.
    fn constructs() -> (Model, Closure) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../models/tests/constructs.json");
        let m = model(&std::fs::read_to_string(path).unwrap());
        let everything = Selection {
            service: None,
            operations: vec![],
        };
        let c = closure(&m, &everything).unwrap();
        (m, c)
    }

    fn thing_fields() -> BTreeMap<String, (Type, Presence)> {
        let (m, c) = constructs();
        let krate = map(&m, &c, detected(&m, &c)).unwrap();
        let Some(Item::Struct(thing)) = krate.items.iter().find(|i| i.name() == "Thing") else {
            panic!("no Thing")
        };
        thing
            .fields
            .iter()
            .map(|f| (f.wire_name.clone(), (f.ty.clone(), f.presence.clone())))
            .collect()
    }

    #[test]
    fn type_mapping_per_shape_kind() {
        let fields = thing_fields();
        let list = |t: Type, sparse| Type::List {
            item: Box::new(t),
            sparse,
        };
        let table = [
            ("name", Type::String),
            ("flag", Type::Bool),
            ("tiny", Type::I8),
            ("small", Type::I16),
            ("count", Type::I32),
            ("big", Type::I64),
            ("ratio", Type::F32),
            ("score", Type::F64),
            ("payload", Type::Blob),
            ("extra", Type::Document),
            ("seenAt", Type::Timestamp(TimestampFormat::EpochSeconds)),
            ("isoAt", Type::Timestamp(TimestampFormat::DateTime)),
            ("httpAt", Type::Timestamp(TimestampFormat::HttpDate)),
            ("epochAt", Type::Timestamp(TimestampFormat::EpochSeconds)),
            ("tags", list(Type::String, false)),
            ("uniqueTags", list(Type::String, false)),
            ("maybeTags", list(Type::String, true)),
            (
                "history",
                list(Type::Timestamp(TimestampFormat::EpochSeconds), false),
            ),
            (
                "labels",
                Type::Map {
                    key: Box::new(Type::String),
                    value: Box::new(Type::String),
                    sparse: false,
                },
            ),
            (
                "maybeLabels",
                Type::Map {
                    key: Box::new(Type::String),
                    value: Box::new(Type::I32),
                    sparse: true,
                },
            ),
            (
                "byColor",
                Type::Map {
                    key: Box::new(Type::Named("Color".into())),
                    value: Box::new(Type::Blob),
                    sparse: false,
                },
            ),
            ("color", Type::Named("Color".into())),
            ("legacyColor", Type::Named("LegacyColor".into())),
            ("size", Type::Named("Size".into())),
            ("shape", Type::Named("Shape".into())),
            ("createdBy", Type::String),
        ];
        for (member, want) in table {
            assert_eq!(fields[member].0, want, "{member}");
        }
        assert_eq!(
            fields["tier"].1,
            Presence::Default(DefaultValue::Value(serde_json::json!("green")))
        );
        assert_eq!(fields["notes"].1, Presence::Default(DefaultValue::Zero));
        assert_eq!(fields["weight"].1, Presence::Default(DefaultValue::Zero));
    }

    #[test]
    fn recursive_member_is_boxed() {
        let (_, c) = constructs();
        assert_eq!(
            c.boxed.iter().map(String::as_str).collect::<Vec<_>>(),
            [
                "example.constructs#Node$tree",
                "example.constructs#Tree$left"
            ]
        );
    }

    #[test]
    fn unsupported_constructs_name_the_member() {
        let m = model(
            r#"{"smithy":"2.0","shapes":{"a#Svc":{"type":"service","operations":[{"target":"a#Op"}]},
            "a#Op":{"type":"operation","input":{"target":"a#In"}},
            "a#In":{"type":"structure","members":{"n":{"target":"smithy.api#BigDecimal"}}}}}"#,
        );
        let c = closure(
            &m,
            &Selection {
                service: None,
                operations: vec![],
            },
        )
        .unwrap();
        let e = map(&m, &c, detected(&m, &c)).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("a#In$n: unsupported construct: bigDecimal"),
            "{e}"
        );
    }
}

#[cfg(test)]
mod json_name_tests {
    use super::*;
    use crate::closure::{Selection, closure};
    use crate::load::parse;
    use crate::resolve::resolve;

    /// The protocol `generate` would detect for the closure's service.
    fn detected(m: &Model, c: &Closure) -> Option<Protocol> {
        crate::protocol::detect(m, &c.service, None).unwrap()
    }

    /// The JSON name of `a#S$m` in a one-operation service speaking `protocol`.
    fn json_name(protocol: &str) -> String {
        let json = format!(
            r#"{{"smithy":"2.0","shapes":{{
            "a#Svc":{{"type":"service","operations":[{{"target":"a#Op"}}],"traits":{{"{protocol}":{{}}}}}},
            "a#Op":{{"type":"operation","input":{{"target":"a#S"}}}},
            "a#S":{{"type":"structure","members":{{"m":{{"target":"smithy.api#String","traits":{{"smithy.api#jsonName":"Em"}}}}}}}}}}}}"#
        );
        let m = resolve(parse(&json).unwrap_or_else(|e| panic!("{e:?}"))).unwrap();
        let c = closure(
            &m,
            &Selection {
                service: None,
                operations: vec![],
            },
        )
        .unwrap();
        let krate = map(&m, &c, detected(&m, &c)).unwrap();
        let Some(Item::Struct(s)) = krate.items.first() else {
            panic!("no struct")
        };
        s.fields[0].json_name.clone()
    }

    #[test]
    fn rest_json1_honours_json_name() {
        assert_eq!(json_name("aws.protocols#restJson1"), "Em");
    }

    #[test]
    fn aws_json_ignores_json_name() {
        assert_eq!(json_name("aws.protocols#awsJson1_1"), "m");
    }
}
