//! The model the generator works on: typed shapes keyed by shape ID, made from the JSON AST.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde_json::Value;

pub use crate::ast::Traits;
use crate::ast::{Ast, AstMember, AstShape};
use crate::error::{Error, Result};

/// A loaded model: every shape by its absolute shape ID, in sorted order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Model {
    /// The `smithy` version string of the file.
    pub version: String,
    /// Shapes keyed by absolute ID (`com.amazonaws.cleanrooms#Membership`).
    pub shapes: BTreeMap<String, Shape>,
}

/// One shape of the model.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// Absolute shape ID.
    pub id: String,
    /// What kind of shape it is, with its members.
    pub kind: ShapeKind,
    /// Traits applied to the shape.
    pub traits: Traits,
    /// Mixins, in application order (flattened away by `resolve`).
    pub mixins: Vec<String>,
}

/// A member of an aggregate shape, or a list/map element.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The targeted shape ID.
    pub target: String,
    /// Traits applied to the member.
    pub traits: Traits,
}

/// The simple (scalar) shape types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Simple {
    /// `blob`
    Blob,
    /// `boolean`
    Boolean,
    /// `string`
    String,
    /// `byte`
    Byte,
    /// `short`
    Short,
    /// `integer`
    Integer,
    /// `long`
    Long,
    /// `float`
    Float,
    /// `double`
    Double,
    /// `bigInteger`
    BigInteger,
    /// `bigDecimal`
    BigDecimal,
    /// `timestamp`
    Timestamp,
    /// `document`
    Document,
}

/// The kind of a shape with its kind-specific contents.
#[derive(Debug, Clone, PartialEq)]
pub enum ShapeKind {
    /// A scalar.
    Simple(Simple),
    /// `enum`: a closed set of string values (members target `smithy.api#Unit`).
    Enum(IndexMap<String, Member>),
    /// `intEnum`: a closed set of integer values.
    IntEnum(IndexMap<String, Member>),
    /// `list` (and Smithy 1.0 `set`, which becomes a list with `@uniqueItems`).
    List(Member),
    /// `map`
    Map {
        /// The key member.
        key: Member,
        /// The value member.
        value: Member,
    },
    /// `structure`; members in declaration order.
    Structure(IndexMap<String, Member>),
    /// `union`; members in declaration order.
    Union(IndexMap<String, Member>),
    /// `operation`
    Operation {
        /// Input structure, if any (`smithy.api#Unit` when absent).
        input: Option<String>,
        /// Output structure, if any.
        output: Option<String>,
        /// Error structures.
        errors: Vec<String>,
    },
    /// `service`
    Service {
        /// Operations bound directly.
        operations: Vec<String>,
        /// Resources bound directly.
        resources: Vec<String>,
        /// Errors common to every operation.
        errors: Vec<String>,
        /// Shape renames to resolve name conflicts.
        rename: BTreeMap<String, String>,
        /// The API version (`2012-06-01`).
        version: Option<String>,
    },
    /// `resource`: only its operations and child resources matter here.
    Resource {
        /// Every operation bound to it (lifecycle and non-lifecycle).
        operations: Vec<String>,
        /// Child resources.
        resources: Vec<String>,
    },
}

impl ShapeKind {
    /// The Smithy name of the shape type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            ShapeKind::Simple(s) => s.type_name(),
            ShapeKind::Enum(_) => "enum",
            ShapeKind::IntEnum(_) => "intEnum",
            ShapeKind::List(_) => "list",
            ShapeKind::Map { .. } => "map",
            ShapeKind::Structure(_) => "structure",
            ShapeKind::Union(_) => "union",
            ShapeKind::Operation { .. } => "operation",
            ShapeKind::Service { .. } => "service",
            ShapeKind::Resource { .. } => "resource",
        }
    }
}

impl Simple {
    /// The Smithy name of the simple type.
    pub fn type_name(self) -> &'static str {
        match self {
            Simple::Blob => "blob",
            Simple::Boolean => "boolean",
            Simple::String => "string",
            Simple::Byte => "byte",
            Simple::Short => "short",
            Simple::Integer => "integer",
            Simple::Long => "long",
            Simple::Float => "float",
            Simple::Double => "double",
            Simple::BigInteger => "bigInteger",
            Simple::BigDecimal => "bigDecimal",
            Simple::Timestamp => "timestamp",
            Simple::Document => "document",
        }
    }

    fn from_type(ty: &str) -> Option<Simple> {
        Some(match ty {
            "blob" => Simple::Blob,
            "boolean" => Simple::Boolean,
            "string" => Simple::String,
            "byte" => Simple::Byte,
            "short" => Simple::Short,
            "integer" => Simple::Integer,
            "long" => Simple::Long,
            "float" => Simple::Float,
            "double" => Simple::Double,
            "bigInteger" => Simple::BigInteger,
            "bigDecimal" => Simple::BigDecimal,
            "timestamp" => Simple::Timestamp,
            "document" => Simple::Document,
            _ => return None,
        })
    }
}

impl Shape {
    /// The shape name without namespace (`Membership`).
    pub fn name(&self) -> &str {
        shape_name(&self.id)
    }

    /// Whether the shape carries the trait (absolute ID).
    pub fn has_trait(&self, id: &str) -> bool {
        self.traits.contains_key(id)
    }

    /// The members of a structure, union, enum or intEnum; empty for other kinds.
    pub fn members(&self) -> Option<&IndexMap<String, Member>> {
        match &self.kind {
            ShapeKind::Structure(m)
            | ShapeKind::Union(m)
            | ShapeKind::Enum(m)
            | ShapeKind::IntEnum(m) => Some(m),
            _ => None,
        }
    }
}

impl Member {
    /// Whether the member carries the trait (absolute ID).
    pub fn has_trait(&self, id: &str) -> bool {
        self.traits.contains_key(id)
    }
}

/// The name part of an absolute shape ID (`ns#Name$member` → `Name`).
pub fn shape_name(id: &str) -> &str {
    let name = id.rsplit_once('#').map_or(id, |(_, n)| n);
    name.split_once('$').map_or(name, |(n, _)| n)
}

/// The namespace part of an absolute shape ID.
pub fn namespace(id: &str) -> &str {
    id.split_once('#').map_or("", |(ns, _)| ns)
}

// ---- from the JSON AST ----

impl Model {
    /// The model of a merged JSON AST: Smithy 1.0 `set` becomes a list with `@uniqueItems`,
    /// resources keep only their bindings.
    pub fn from_ast(ast: &Ast) -> Result<Model> {
        let shapes = ast
            .shapes
            .iter()
            .map(|(id, shape)| Ok((id.clone(), convert(ast, id, shape)?)))
            .collect::<Result<BTreeMap<_, _>>>()?;
        Ok(Model {
            version: ast.version.clone(),
            shapes,
        })
    }
}

/// Whether `s` is a Smithy identifier: optional underscores, an ASCII letter, then ASCII
/// letters, digits and underscores. Shape and member names must be; the Rust names derive
/// from them (an empty member name would be the field `_`).
fn is_identifier(s: &str) -> bool {
    let rest = s.trim_start_matches('_');
    rest.starts_with(|c: char| c.is_ascii_alphabetic())
        && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn convert(ast: &Ast, id: &str, raw: &AstShape) -> Result<Shape> {
    let invalid = |message: String| Error::InvalidShape {
        shape: id.to_owned(),
        message,
    };
    let not_identifier = |name: &str| format!("{name:?} is not a Smithy identifier");
    if !is_identifier(shape_name(id)) {
        return Err(invalid(format!("the shape name {}", not_identifier(shape_name(id)))));
    }
    if let Some(name) = raw.members.keys().find(|name| !is_identifier(name)) {
        return Err(Error::InvalidShape {
            shape: format!("{id}${name}"),
            message: format!("the member name {}", not_identifier(name)),
        });
    }
    let members = || -> IndexMap<String, Member> {
        raw.members
            .iter()
            .map(|(k, v)| (k.clone(), member(v)))
            .collect()
    };
    // A list or map may take its members from a mixin.
    let required = |name: &str| -> Result<Member> {
        match raw.members.get(name) {
            Some(m) => Ok(member(m)),
            None => ast
                .all_members(id)
                .get(name)
                .map(member)
                .ok_or_else(|| invalid(format!("a {} shape needs a `{name}` member", raw.ty))),
        }
    };
    let mut traits = raw.traits.clone();
    let kind = match raw.ty.as_str() {
        "structure" => ShapeKind::Structure(members()),
        "union" => ShapeKind::Union(members()),
        "enum" => ShapeKind::Enum(members()),
        "intEnum" => ShapeKind::IntEnum(members()),
        "list" => ShapeKind::List(required("member")?),
        "set" => {
            traits
                .entry("smithy.api#uniqueItems".to_owned())
                .or_insert_with(|| Value::Object(Default::default()));
            ShapeKind::List(required("member")?)
        }
        "map" => ShapeKind::Map {
            key: required("key")?,
            value: required("value")?,
        },
        "operation" => ShapeKind::Operation {
            input: raw.input.clone(),
            output: raw.output.clone(),
            errors: raw.errors.clone(),
        },
        "service" => ShapeKind::Service {
            operations: raw.operations.clone(),
            resources: raw.resources.clone(),
            errors: raw.errors.clone(),
            rename: raw.rename.clone(),
            version: raw.version.clone(),
        },
        "resource" => {
            let mut operations: Vec<String> = raw
                .lifecycle
                .entries()
                .into_iter()
                .filter_map(|(_, op)| op.clone())
                .collect();
            operations.extend(raw.operations.iter().cloned());
            operations.extend(raw.collection_operations.iter().cloned());
            ShapeKind::Resource {
                operations,
                resources: raw.resources.clone(),
            }
        }
        other => match Simple::from_type(other) {
            Some(simple) => ShapeKind::Simple(simple),
            None => return Err(invalid(format!("unknown shape type `{other}`"))),
        },
    };
    Ok(Shape {
        id: id.to_owned(),
        kind,
        traits,
        mixins: raw.mixins.clone(),
    })
}

fn member(m: &AstMember) -> Member {
    Member {
        target: m.target.clone(),
        traits: m.traits.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{ParseError, parse};

    #[test]
    fn parses_members_in_declaration_order() {
        let model = parse(
            r#"{"smithy":"2.0","shapes":{"a#S":{"type":"structure","members":{
                "zeta":{"target":"smithy.api#String"},"alpha":{"target":"smithy.api#Integer"}}}}}"#,
        )
        .unwrap();
        let names: Vec<_> = model.shapes["a#S"]
            .members()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(names, ["zeta", "alpha"]);
    }

    #[test]
    fn set_becomes_unique_list() {
        let model = parse(r#"{"smithy":"1.0","shapes":{"a#S":{"type":"set","member":{"target":"smithy.api#String"}}}}"#).unwrap();
        let shape = &model.shapes["a#S"];
        assert!(matches!(shape.kind, ShapeKind::List(_)));
        assert!(shape.has_trait("smithy.api#uniqueItems"));
    }

    #[test]
    fn apply_merges_member_traits() {
        let model = parse(
            r#"{"smithy":"2.0","shapes":{"a#S":{"type":"structure","members":{"m":{"target":"smithy.api#String"}}},
                "a#S$m":{"type":"apply","traits":{"smithy.api#required":{}}}}}"#,
        )
        .unwrap();
        assert!(model.shapes["a#S"].members().unwrap()["m"].has_trait("smithy.api#required"));
    }

    #[test]
    fn unknown_shape_type_names_the_shape() {
        let Err(ParseError::Model(e)) =
            parse(r#"{"smithy":"2.0","shapes":{"a#S":{"type":"tuple"}}}"#)
        else {
            panic!()
        };
        assert_eq!(e.to_string(), "a#S: unknown shape type `tuple`");
    }

    #[test]
    fn list_without_member_is_an_error() {
        let Err(ParseError::Model(e)) =
            parse(r#"{"smithy":"2.0","shapes":{"a#L":{"type":"list"}}}"#)
        else {
            panic!()
        };
        assert_eq!(e.to_string(), "a#L: a list shape needs a `member` member");
    }

    #[test]
    fn syntax_error_has_position() {
        let Err(ParseError::Json(e)) = parse("{\n  \"smithy\": \"2.0\",\n  \"shapes\": {,}\n}")
        else {
            panic!()
        };
        assert_eq!((e.line(), e.column()), (3, 14));
    }

    #[test]
    fn rejects_unknown_version() {
        let Err(ParseError::Model(e)) = parse(r#"{"smithy":"3.0","shapes":{}}"#) else {
            panic!()
        };
        assert!(e.to_string().contains("unsupported Smithy version \"3.0\""));
    }

    #[test]
    fn shape_id_parts() {
        assert_eq!(shape_name("a.b#Name$member"), "Name");
        assert_eq!(namespace("a.b#Name"), "a.b");
    }
}
