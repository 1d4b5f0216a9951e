//! The XML protocols' view of the shapes (awsQuery, ec2Query, restXml): element, attribute and
//! query-key names, flattening, namespaces and timestamp formats, and which shapes are written
//! (request inputs) or read (outputs and errors). Plain data for `emit::xml`.

use std::collections::{BTreeMap, BTreeSet};

use crate::http::Operation;
use crate::model::{Model, ShapeKind, Traits};
use crate::protocol::Protocol;
use crate::types::{Crate, Item, Presence, TimestampFormat, Type};

/// `@xmlName`
const XML_NAME: &str = "smithy.api#xmlName";
/// `@xmlFlattened`
const XML_FLATTENED: &str = "smithy.api#xmlFlattened";
/// `@xmlAttribute`
const XML_ATTRIBUTE: &str = "smithy.api#xmlAttribute";
/// `@xmlNamespace`
const XML_NAMESPACE: &str = "smithy.api#xmlNamespace";
/// `@ec2QueryName`
const EC2_QUERY_NAME: &str = "aws.protocols#ec2QueryName";
/// `@timestampFormat`
const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";

/// What the XML codec of a crate covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Codec {
    /// The protocol (awsQuery, ec2Query or restXml).
    pub protocol: Protocol,
    /// Structures and unions by Rust name.
    pub shapes: BTreeMap<String, Shape>,
    /// The shapes requests write (query keys or XML), by Rust name.
    pub writes: BTreeSet<String>,
    /// The shapes responses read, by Rust name.
    pub reads: BTreeSet<String>,
    /// The service's `@xmlNamespace`, declared on a request body's root element.
    pub namespace: Option<(String, String)>,
}

impl Codec {
    /// The element name and namespace declaration of a body whose root is the structure `name`
    /// (its `@xmlName` or shape name; its own `@xmlNamespace`, else the service's).
    pub fn root(&self, name: &str) -> (String, Option<(String, String)>) {
        match self.shapes.get(name) {
            Some(shape) => (
                shape.xml_name.clone(),
                shape.namespace.clone().or_else(|| self.namespace.clone()),
            ),
            None => (name.to_owned(), self.namespace.clone()),
        }
    }
}

/// A structure or union in XML.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// Whether it is a union (one member set).
    pub union: bool,
    /// Its element name as a payload or document root: `@xmlName`, else the shape name.
    pub xml_name: String,
    /// Its `@xmlNamespace`: the attribute (`xmlns` or `xmlns:prefix`) and the URI.
    pub namespace: Option<(String, String)>,
    /// Members in model order.
    pub members: Vec<Member>,
}

/// A member of a structure or union.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The member name in the model.
    pub wire: String,
    /// Whether it travels outside the body (an `@http*` binding of an operation's input or
    /// output): the body neither writes nor reads it.
    pub bound: bool,
    /// The Rust field (structure) or variant (union) name.
    pub rust: String,
    /// The element or attribute name in XML bodies: `@xmlName`, else the member name.
    pub xml_name: String,
    /// Whether `@xmlName` names it (a payload's element is then named by the member, not by
    /// the shape it targets).
    pub explicit_name: bool,
    /// The key segment in query requests: awsQuery: `@xmlName`, else the member name; ec2Query:
    /// `@ec2QueryName`, else `@xmlName` or the member name with a capital first letter.
    pub query_name: String,
    /// `@xmlAttribute`
    pub attribute: bool,
    /// `@xmlFlattened` (ec2Query flattens every list in requests).
    pub flattened: bool,
    /// The member's `@xmlNamespace`.
    pub namespace: Option<(String, String)>,
    /// What it holds; `None` for a union member targeting `smithy.api#Unit`.
    pub value: Option<Value>,
    /// Option, plain or defaulted (structures); unions' members are always plain.
    pub presence: Presence,
    /// The Rust type of the field or variant payload.
    pub ty: Option<Type>,
}

/// What a member, list item or map value holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `String`
    String,
    /// `bool`
    Bool,
    /// An integer (`i8`..`i64`), written and read with `to_string` / `FromStr`.
    Int,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `Vec<u8>`, base64.
    Blob,
    /// A timestamp in this format (`@timestampFormat`, else `date-time`).
    Timestamp(TimestampFormat),
    /// A string enum, by Rust name.
    Enum(String),
    /// An integer enum, by Rust name.
    IntEnum(String),
    /// A structure or union, by Rust name.
    Shape(String),
    /// `Box<T>`
    Boxed(Box<Value>),
    /// A list.
    List {
        /// The element name of each item (`@xmlName` of the list's member, else `member`).
        member: String,
        /// The `@xmlNamespace` of the list's member, declared on each item.
        member_namespace: Option<(String, String)>,
        /// The item.
        item: Box<Value>,
        /// `@sparse`: items are `Option`s.
        sparse: bool,
    },
    /// A map (string or enum keys).
    Map {
        /// The `@xmlNamespace` of the key and of the value, declared on each.
        namespaces: Box<[Option<(String, String)>; 2]>,
        /// The key's element name (`@xmlName`, else `key`).
        key_name: String,
        /// The value's element name (`@xmlName`, else `value`).
        value_name: String,
        /// Whether the keys are an enum (else `String`).
        enum_keys: bool,
        /// The value.
        value: Box<Value>,
        /// `@sparse`: values are `Option`s.
        sparse: bool,
    },
    /// A document: not part of the XML protocols.
    Unsupported,
}

/// The codec of `krate` for `protocol` (one of the XML protocols) of the service `service`,
/// covering what `ops` write and read.
pub fn codec(
    model: &Model,
    service: &str,
    krate: &Crate,
    ops: &[Operation],
    protocol: Protocol,
) -> Codec {
    let items: BTreeMap<&str, &Item> = krate.items.iter().map(|i| (i.name(), i)).collect();
    let mut shapes = BTreeMap::new();
    for item in &krate.items {
        if let Some(shape) = shape(model, &items, item, protocol) {
            shapes.insert(item.name().to_owned(), shape);
        }
    }
    // Members an operation binds to its URI, headers or status stay out of the body; a payload
    // member is the body itself.
    for op in ops {
        for b in op.input.iter().chain(&op.output) {
            let Some(shape) = shapes.get_mut(&b.type_name) else { continue };
            let bound: BTreeSet<&str> = b
                .non_body
                .iter()
                .map(String::as_str)
                .chain(b.payload.as_ref().map(|p| p.field.wire_name.as_str()))
                .collect();
            for m in &mut shape.members {
                m.bound = bound.contains(m.wire.as_str());
            }
        }
    }
    let reach = |roots: Vec<String>| {
        let mut seen = BTreeSet::new();
        let mut stack = roots;
        while let Some(name) = stack.pop() {
            let Some(shape) = shapes.get(&name) else { continue };
            if !seen.insert(name) {
                continue;
            }
            for m in &shape.members {
                if let Some(v) = &m.value {
                    v.shapes(&mut stack);
                }
            }
        }
        seen
    };
    // What a body holds: the input or output structure itself, else its structure or union
    // payload (a blob or string payload is no XML; a REST input without body members sends none).
    let rest = protocol == Protocol::RestXml;
    let body_root = |b: &crate::http::Bindings, input: bool| -> Option<String> {
        match &b.payload {
            Some(p) if p.raw.is_none() => named(&p.field.ty),
            Some(_) => None,
            None if rest && input && !b.has_body => None,
            None => Some(b.type_name.clone()),
        }
    };
    let writes = reach(
        ops.iter()
            .filter_map(|o| o.input.as_ref())
            .filter_map(|b| body_root(b, true))
            .collect(),
    );
    let reads = reach(
        ops.iter()
            .filter_map(|o| o.output.as_ref())
            .filter_map(|b| body_root(b, false))
            .chain(ops.iter().flat_map(|o| o.errors.iter().map(|e| e.type_name.clone())))
            .collect(),
    );
    let namespace = namespace(&model.shapes[service].traits);
    Codec { protocol, shapes, writes, reads, namespace }
}

impl Value {
    /// Pushes the structures and unions it holds.
    fn shapes(&self, out: &mut Vec<String>) {
        match self {
            Value::Shape(name) => out.push(name.clone()),
            Value::Boxed(v) | Value::List { item: v, .. } | Value::Map { value: v, .. } => v.shapes(out),
            _ => {}
        }
    }
}

/// The XML view of a structure or union item.
fn shape(model: &Model, items: &BTreeMap<&str, &Item>, item: &Item, protocol: Protocol) -> Option<Shape> {
    let (shape_id, union) = match item {
        Item::Struct(s) => (&s.shape_id, false),
        Item::Union(u) => (&u.shape_id, true),
        _ => return None,
    };
    let model_shape = &model.shapes[shape_id];
    let model_members = model_shape.members()?;
    let fields: Vec<(String, String, Option<Type>, Presence)> = match item {
        Item::Struct(s) => s
            .fields
            .iter()
            .map(|f| (f.wire_name.clone(), f.name.clone(), Some(f.ty.clone()), f.presence.clone()))
            .collect(),
        Item::Union(u) => u
            .variants
            .iter()
            .map(|v| (v.wire_name.clone(), v.name.clone(), v.ty.clone(), Presence::Required))
            .collect(),
        _ => return None,
    };
    let members = fields
        .into_iter()
        .filter_map(|(wire, rust, ty, presence)| {
            let m = model_members.get(&wire)?;
            let xml_name = text_trait(&m.traits, XML_NAME).unwrap_or_else(|| wire.clone());
            let query_name = match protocol {
                Protocol::Ec2Query => text_trait(&m.traits, EC2_QUERY_NAME)
                    .unwrap_or_else(|| capitalize(&xml_name)),
                _ => xml_name.clone(),
            };
            let value = ty.as_ref().map(|t| value(model, items, &m.target, &m.traits, t));
            Some(Member {
                explicit_name: m.has_trait(XML_NAME),
                wire: wire.clone(),
                bound: false,
                rust,
                xml_name,
                query_name,
                attribute: m.has_trait(XML_ATTRIBUTE),
                flattened: m.has_trait(XML_FLATTENED),
                namespace: namespace(&m.traits),
                value,
                presence,
                ty,
            })
        })
        .collect();
    Some(Shape {
        union,
        xml_name: text_trait(&model_shape.traits, XML_NAME)
            .unwrap_or_else(|| crate::model::shape_name(shape_id).to_owned()),
        namespace: namespace(&model_shape.traits),
        members,
    })
}

/// What a value of Rust type `ty`, targeting `target` from a member with `traits`, holds.
fn value(
    model: &Model,
    items: &BTreeMap<&str, &Item>,
    target: &str,
    traits: &Traits,
    ty: &Type,
) -> Value {
    match ty {
        Type::String => Value::String,
        Type::Bool => Value::Bool,
        Type::I8 | Type::I16 | Type::I32 | Type::I64 => Value::Int,
        Type::F32 => Value::F32,
        Type::F64 => Value::F64,
        Type::Blob => Value::Blob,
        Type::Document => Value::Unsupported,
        Type::Timestamp(_) => {
            let format = traits
                .get(TIMESTAMP_FORMAT)
                .or_else(|| model.shapes.get(target).and_then(|s| s.traits.get(TIMESTAMP_FORMAT)))
                .and_then(serde_json::Value::as_str);
            Value::Timestamp(match format {
                Some("epoch-seconds") => TimestampFormat::EpochSeconds,
                Some("http-date") => TimestampFormat::HttpDate,
                _ => TimestampFormat::DateTime,
            })
        }
        Type::Named(name) => match items.get(name.as_str()) {
            Some(Item::Enum(_)) => Value::Enum(name.clone()),
            Some(Item::IntEnum(_)) => Value::IntEnum(name.clone()),
            _ => Value::Shape(name.clone()),
        },
        Type::Boxed(t) => Value::Boxed(Box::new(value(model, items, target, traits, t))),
        Type::List { item, sparse } => {
            let Some(ShapeKind::List(m)) = model.shapes.get(target).map(|s| &s.kind) else {
                return Value::Unsupported;
            };
            Value::List {
                member: text_trait(&m.traits, XML_NAME).unwrap_or_else(|| "member".to_owned()),
                member_namespace: namespace(&m.traits),
                item: Box::new(value(model, items, &m.target, &m.traits, item)),
                sparse: *sparse,
            }
        }
        Type::Map { key, value: v, sparse } => {
            let Some(ShapeKind::Map { key: k, value: mv }) = model.shapes.get(target).map(|s| &s.kind)
            else {
                return Value::Unsupported;
            };
            Value::Map {
                namespaces: Box::new([namespace(&k.traits), namespace(&mv.traits)]),
                key_name: text_trait(&k.traits, XML_NAME).unwrap_or_else(|| "key".to_owned()),
                value_name: text_trait(&mv.traits, XML_NAME).unwrap_or_else(|| "value".to_owned()),
                enum_keys: !matches!(**key, Type::String),
                value: Box::new(value(model, items, &mv.target, &mv.traits, v)),
                sparse: *sparse,
            }
        }
    }
}

/// The structure or union a member of type `ty` holds (through a box).
fn named(ty: &Type) -> Option<String> {
    match ty {
        Type::Named(name) => Some(name.clone()),
        Type::Boxed(inner) => named(inner),
        _ => None,
    }
}

/// A string trait value.
fn text_trait(traits: &Traits, id: &str) -> Option<String> {
    traits.get(id).and_then(serde_json::Value::as_str).map(str::to_owned)
}

/// `@xmlNamespace(uri, prefix)` as the attribute that declares it and the URI.
fn namespace(traits: &Traits) -> Option<(String, String)> {
    let ns = traits.get(XML_NAMESPACE)?;
    let uri = ns.get("uri")?.as_str()?.to_owned();
    let attribute = match ns.get("prefix").and_then(serde_json::Value::as_str) {
        Some(prefix) => format!("xmlns:{prefix}"),
        None => "xmlns".to_owned(),
    };
    Some((attribute, uri))
}

/// `fooBar` → `FooBar` (ec2Query's key names).
fn capitalize(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
