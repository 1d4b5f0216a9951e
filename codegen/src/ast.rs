//! The Smithy JSON AST as data, without loss: what every model file (JSON or IDL) loads into,
//! what files merge into, and what `cargo xtask ast` prints.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde::Deserialize;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

/// The prelude's `Unit` shape: what an operation without input or output has.
pub const UNIT: &str = "smithy.api#Unit";

/// Trait values keyed by absolute trait shape ID (`smithy.api#required`).
pub type Traits = BTreeMap<String, Value>;

/// A whole model in JSON AST form: shapes with mixins not yet applied, every shape ID absolute.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ast {
    /// The `smithy` version (`"2.0"`, `"1.0"`).
    pub version: String,
    /// Model metadata.
    pub metadata: BTreeMap<String, Value>,
    /// Shapes by absolute shape ID.
    pub shapes: BTreeMap<String, AstShape>,
}

/// The shape types of the JSON AST (`set` is Smithy 1.0 only).
pub const SHAPE_TYPES: [&str; 23] = [
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

/// One shape. Which fields are meaningful depends on `ty`; the rest stay empty.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AstShape {
    /// The shape type, one of [`SHAPE_TYPES`].
    pub ty: String,
    /// Traits applied to the shape.
    pub traits: Traits,
    /// Members, in declaration order: structure, union, enum and intEnum members, and the
    /// `member` of a list or the `key` and `value` of a map.
    pub members: IndexMap<String, AstMember>,
    /// Mixins, in order.
    pub mixins: Vec<String>,
    /// Operation input.
    pub input: Option<String>,
    /// Operation output.
    pub output: Option<String>,
    /// Operation or service errors.
    pub errors: Vec<String>,
    /// Service version.
    pub version: Option<String>,
    /// Service or resource operations.
    pub operations: Vec<String>,
    /// Service or resource child resources.
    pub resources: Vec<String>,
    /// Service renames.
    pub rename: BTreeMap<String, String>,
    /// Resource identifiers (name → target).
    pub identifiers: IndexMap<String, String>,
    /// Resource properties (name → target).
    pub properties: IndexMap<String, String>,
    /// Resource lifecycle operations: create, put, read, update, delete, list.
    pub lifecycle: Lifecycle,
    /// Resource collection operations.
    pub collection_operations: Vec<String>,
}

/// A resource's lifecycle operations.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lifecycle {
    /// `create`
    pub create: Option<String>,
    /// `put`
    pub put: Option<String>,
    /// `read`
    pub read: Option<String>,
    /// `update`
    pub update: Option<String>,
    /// `delete`
    pub delete: Option<String>,
    /// `list`
    pub list: Option<String>,
}

impl Lifecycle {
    /// The lifecycle operations by property name, in the JSON AST's order.
    pub fn entries(&self) -> [(&'static str, &Option<String>); 6] {
        [
            ("create", &self.create),
            ("put", &self.put),
            ("read", &self.read),
            ("update", &self.update),
            ("delete", &self.delete),
            ("list", &self.list),
        ]
    }

    /// Mutable access by property name.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Option<String>> {
        Some(match name {
            "create" => &mut self.create,
            "put" => &mut self.put,
            "read" => &mut self.read,
            "update" => &mut self.update,
            "delete" => &mut self.delete,
            "list" => &mut self.list,
            _ => return None,
        })
    }
}

/// A member: its target and its own traits.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AstMember {
    /// Absolute target shape ID.
    pub target: String,
    /// Traits applied to the member.
    pub traits: Traits,
}

impl AstShape {
    /// A shape of the given type with nothing in it.
    pub fn new(ty: &str) -> AstShape {
        AstShape {
            ty: ty.to_owned(),
            ..AstShape::default()
        }
    }

    /// Whether the type has named members (`structure`, `union`, `enum`, `intEnum`) rather than
    /// the fixed `member` / `key` + `value` of collections.
    pub fn has_named_members(&self) -> bool {
        matches!(
            self.ty.as_str(),
            "structure" | "union" | "enum" | "intEnum"
        )
    }

    /// Whether the type has members at all.
    pub fn has_members(&self) -> bool {
        self.has_named_members() || matches!(self.ty.as_str(), "list" | "set" | "map")
    }
}

impl Ast {
    /// The members of a shape together with those of its mixins (mixin members first; a
    /// member declared again adds its traits).
    pub fn all_members(&self, id: &str) -> IndexMap<String, AstMember> {
        let mut out = IndexMap::new();
        let mut seen = std::collections::HashSet::new();
        self.collect_members(id, &mut out, &mut seen);
        out
    }

    /// Mixins first, each once (a diamond or a cycle adds nothing twice).
    fn collect_members<'a>(
        &'a self,
        id: &'a str,
        out: &mut IndexMap<String, AstMember>,
        seen: &mut std::collections::HashSet<&'a str>,
    ) {
        if !seen.insert(id) {
            return;
        }
        let Some(shape) = self.shapes.get(id) else {
            return;
        };
        for mixin in &shape.mixins {
            self.collect_members(mixin, out, seen);
        }
        for (name, m) in &shape.members {
            match out.get_mut(name) {
                Some(existing) => existing.traits.extend(m.traits.clone()),
                None => {
                    out.insert(name.clone(), m.clone());
                }
            }
        }
    }
}

// ---- JSON: reading ----

/// Why a JSON AST document could not be read.
#[derive(Debug)]
pub enum JsonError {
    /// Not JSON, or not shaped like a Smithy JSON AST (serde_json knows the position).
    Syntax(serde_json::Error),
    /// Well-formed, but a shape is invalid: (shape ID, message).
    Shape(String, String),
    /// The `smithy` version is not 1.x or 2.x.
    Version(String),
}

/// A JSON AST document as read: shapes, and `apply` entries still to be merged.
#[derive(Debug, Clone, Default)]
pub struct JsonDocument {
    /// The document's content.
    pub ast: Ast,
    /// `"type": "apply"` entries: target shape or member ID → traits.
    pub applies: Vec<(String, Traits)>,
}

/// Reads a JSON AST document.
pub fn from_json(text: &str) -> Result<JsonDocument, JsonError> {
    let raw: RawModel = serde_json::from_str(text).map_err(JsonError::Syntax)?;
    if !is_supported_version(&raw.smithy) {
        return Err(JsonError::Version(raw.smithy));
    }
    let mut doc = JsonDocument {
        ast: Ast {
            version: raw.smithy,
            metadata: raw.metadata,
            shapes: BTreeMap::new(),
        },
        applies: Vec::new(),
    };
    for (id, raw_shape) in raw.shapes {
        if raw_shape.ty == "apply" {
            doc.applies.push((id, raw_shape.traits));
            continue;
        }
        let shape = raw_shape.into_shape().map_err(|m| JsonError::Shape(id.clone(), m))?;
        if !id.contains('#') {
            return Err(JsonError::Shape(
                id,
                "shape IDs in a JSON AST must be absolute (`namespace#Name`)".to_owned(),
            ));
        }
        doc.ast.shapes.insert(id, shape);
    }
    Ok(doc)
}

/// Whether a `smithy` / `$version` value names a version this loader reads (1.x or 2.x).
pub fn is_supported_version(v: &str) -> bool {
    v.starts_with("1.") || v.starts_with("2.") || v == "1" || v == "2"
}

#[derive(Deserialize)]
struct RawModel {
    smithy: String,
    #[serde(default)]
    metadata: BTreeMap<String, Value>,
    #[serde(default)]
    shapes: BTreeMap<String, RawShape>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawShape {
    #[serde(rename = "type")]
    ty: String,
    #[serde(default)]
    traits: Traits,
    members: Option<IndexMap<String, RawMember>>,
    member: Option<RawMember>,
    key: Option<RawMember>,
    value: Option<RawMember>,
    #[serde(default)]
    mixins: Vec<RawRef>,
    input: Option<RawRef>,
    output: Option<RawRef>,
    #[serde(default)]
    errors: Vec<RawRef>,
    version: Option<String>,
    #[serde(default)]
    operations: Vec<RawRef>,
    #[serde(default)]
    collection_operations: Vec<RawRef>,
    #[serde(default)]
    resources: Vec<RawRef>,
    #[serde(default)]
    rename: BTreeMap<String, String>,
    #[serde(default)]
    identifiers: IndexMap<String, RawRef>,
    #[serde(default)]
    properties: IndexMap<String, RawRef>,
    create: Option<RawRef>,
    put: Option<RawRef>,
    read: Option<RawRef>,
    update: Option<RawRef>,
    delete: Option<RawRef>,
    list: Option<RawRef>,
}

#[derive(Deserialize)]
struct RawMember {
    target: String,
    #[serde(default)]
    traits: Traits,
}

#[derive(Deserialize)]
struct RawRef {
    target: String,
}

impl RawShape {
    fn into_shape(self) -> Result<AstShape, String> {
        if !SHAPE_TYPES.contains(&self.ty.as_str()) {
            return Err(format!("unknown shape type `{}`", self.ty));
        }
        let mut shape = AstShape::new(&self.ty);
        let member = |m: RawMember| AstMember {
            target: m.target,
            traits: m.traits,
        };
        // A list or map with mixins may inherit its members.
        let inherits = !self.mixins.is_empty();
        match self.ty.as_str() {
            "list" | "set" => match self.member {
                Some(m) => {
                    shape.members.insert("member".to_owned(), member(m));
                }
                None if inherits => {}
                None => return Err(format!("a {} shape needs a `member` member", self.ty)),
            },
            "map" => {
                match (self.key, self.value) {
                    (Some(k), Some(v)) => {
                        shape.members.insert("key".to_owned(), member(k));
                        shape.members.insert("value".to_owned(), member(v));
                    }
                    (k, v) if inherits => {
                        if let Some(k) = k {
                            shape.members.insert("key".to_owned(), member(k));
                        }
                        if let Some(v) = v {
                            shape.members.insert("value".to_owned(), member(v));
                        }
                    }
                    _ => return Err("a map shape needs a `key` and a `value` member".to_owned()),
                }
            }
            _ => {
                for (name, m) in self.members.unwrap_or_default() {
                    shape.members.insert(name, member(m));
                }
            }
        }
        let refs = |v: Vec<RawRef>| v.into_iter().map(|r| r.target).collect::<Vec<_>>();
        shape.traits = self.traits;
        shape.mixins = refs(self.mixins);
        shape.input = self.input.map(|r| r.target);
        shape.output = self.output.map(|r| r.target);
        shape.errors = refs(self.errors);
        shape.version = self.version;
        shape.operations = refs(self.operations);
        shape.collection_operations = refs(self.collection_operations);
        shape.resources = refs(self.resources);
        shape.rename = self.rename;
        shape.identifiers = self
            .identifiers
            .into_iter()
            .map(|(k, v)| (k, v.target))
            .collect();
        shape.properties = self
            .properties
            .into_iter()
            .map(|(k, v)| (k, v.target))
            .collect();
        shape.lifecycle = Lifecycle {
            create: self.create.map(|r| r.target),
            put: self.put.map(|r| r.target),
            read: self.read.map(|r| r.target),
            update: self.update.map(|r| r.target),
            delete: self.delete.map(|r| r.target),
            list: self.list.map(|r| r.target),
        };
        Ok(shape)
    }
}

// ---- JSON: writing ----

impl Ast {
    /// The model as a JSON AST document, pretty-printed with four spaces, shapes sorted by ID,
    /// members in model order: the same bytes for the same model.
    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
        let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
        self.serialize(&mut ser)
            .expect("serializing to memory cannot fail");
        out.push(b'\n');
        String::from_utf8(out).expect("serde_json writes UTF-8")
    }
}

impl Serialize for Ast {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("smithy", &self.version)?;
        if !self.metadata.is_empty() {
            map.serialize_entry("metadata", &self.metadata)?;
        }
        map.serialize_entry("shapes", &self.shapes)?;
        map.end()
    }
}

struct Ref<'a>(&'a str);

impl Serialize for Ref<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry("target", self.0)?;
        map.end()
    }
}

struct Refs<'a>(&'a [String]);

impl Serialize for Refs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|t| Ref(t)))
    }
}

struct RefMap<'a>(&'a IndexMap<String, String>);

impl Serialize for RefMap<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, t)| (k, Ref(t))))
    }
}

impl Serialize for AstMember {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("target", &self.target)?;
        if !self.traits.is_empty() {
            map.serialize_entry("traits", &self.traits)?;
        }
        map.end()
    }
}

impl Serialize for AstShape {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("type", &self.ty)?;
        if !self.mixins.is_empty() {
            map.serialize_entry("mixins", &Refs(&self.mixins))?;
        }
        match self.ty.as_str() {
            "list" | "set" | "map" => {
                for (name, m) in &self.members {
                    map.serialize_entry(name, m)?;
                }
            }
            _ if self.has_named_members() => {
                map.serialize_entry("members", &self.members)?;
            }
            _ => {}
        }
        if let Some(v) = &self.version {
            map.serialize_entry("version", v)?;
        }
        if !self.identifiers.is_empty() {
            map.serialize_entry("identifiers", &RefMap(&self.identifiers))?;
        }
        if !self.properties.is_empty() {
            map.serialize_entry("properties", &RefMap(&self.properties))?;
        }
        for (name, op) in self.lifecycle.entries() {
            if let Some(op) = op {
                map.serialize_entry(name, &Ref(op))?;
            }
        }
        if let Some(t) = &self.input {
            map.serialize_entry("input", &Ref(t))?;
        }
        if let Some(t) = &self.output {
            map.serialize_entry("output", &Ref(t))?;
        }
        for (name, list) in [
            ("operations", &self.operations),
            ("collectionOperations", &self.collection_operations),
            ("resources", &self.resources),
            ("errors", &self.errors),
        ] {
            if !list.is_empty() {
                map.serialize_entry(name, &Refs(list))?;
            }
        }
        if !self.rename.is_empty() {
            map.serialize_entry("rename", &self.rename)?;
        }
        if !self.traits.is_empty() {
            map.serialize_entry("traits", &self.traits)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trip_keeps_everything() {
        let text = r#"{
    "smithy": "2.0",
    "metadata": {
        "suppressions": [
            {
                "id": "X"
            }
        ]
    },
    "shapes": {
        "a#L": {
            "type": "list",
            "member": {
                "target": "smithy.api#String"
            }
        },
        "a#R": {
            "type": "resource",
            "identifiers": {
                "id": {
                    "target": "smithy.api#String"
                }
            },
            "properties": {
                "p": {
                    "target": "smithy.api#Integer"
                }
            },
            "read": {
                "target": "a#Get"
            },
            "collectionOperations": [
                {
                    "target": "a#Get"
                }
            ]
        },
        "a#S": {
            "type": "structure",
            "mixins": [
                {
                    "target": "a#M"
                }
            ],
            "members": {
                "zeta": {
                    "target": "smithy.api#String",
                    "traits": {
                        "smithy.api#required": {}
                    }
                },
                "alpha": {
                    "target": "smithy.api#Integer"
                }
            }
        },
        "a#Svc": {
            "type": "service",
            "version": "2020",
            "rename": {
                "b#S": "BS"
            }
        }
    }
}
"#;
        let doc = from_json(text).unwrap();
        assert_eq!(doc.ast.to_json(), text);
    }

    #[test]
    fn apply_entries_are_kept_apart() {
        let doc = from_json(
            r#"{"smithy":"2.0","shapes":{"a#S$m":{"type":"apply","traits":{"smithy.api#required":{}}}}}"#,
        )
        .unwrap();
        assert!(doc.ast.shapes.is_empty());
        assert_eq!(doc.applies[0].0, "a#S$m");
    }
}
