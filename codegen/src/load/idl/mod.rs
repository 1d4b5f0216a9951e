//! The Smithy IDL: lexing, parsing, and turning a parsed file into absolute shape IDs and JSON
//! AST shapes once every file's shapes are known (shape ID resolution as the spec says: `use`,
//! then the file's namespace, then the prelude).

pub mod lexer;
pub mod parser;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::merge::merge_trait;
use super::{Applied, Defined, Fragment, error_at};
use crate::ast::{AstMember, AstShape, Traits};
use crate::error::Error;
use lexer::Pos;
use parser::{File, IdRef, Node, NodeKind, ShapeDef, TraitApp};

/// Shapes and their types in the prelude (`smithy.api`), for resolving relative IDs.
const PRELUDE: &[(&str, &str)] = &[
    ("String", "string"),
    ("Blob", "blob"),
    ("BigInteger", "bigInteger"),
    ("BigDecimal", "bigDecimal"),
    ("Timestamp", "timestamp"),
    ("Document", "document"),
    ("Boolean", "boolean"),
    ("Byte", "byte"),
    ("Short", "short"),
    ("Integer", "integer"),
    ("Long", "long"),
    ("Float", "float"),
    ("Double", "double"),
    ("PrimitiveBoolean", "boolean"),
    ("PrimitiveByte", "byte"),
    ("PrimitiveShort", "short"),
    ("PrimitiveInteger", "integer"),
    ("PrimitiveLong", "long"),
    ("PrimitiveFloat", "float"),
    ("PrimitiveDouble", "double"),
    ("Unit", "structure"),
    ("trait", "structure"),
    ("TraitDiffRules", "list"),
    ("TraitDiffRule", "structure"),
    ("TraitChangeType", "enum"),
    ("Severity", "enum"),
    ("StructurallyExclusive", "enum"),
    ("deprecated", "structure"),
    ("box", "structure"),
    ("documentation", "string"),
    ("externalDocumentation", "map"),
    ("auth", "list"),
    ("AuthTraitReference", "string"),
    ("protocolDefinition", "structure"),
    ("TraitShapeIdList", "list"),
    ("TraitShapeId", "string"),
    ("authDefinition", "structure"),
    ("httpBasicAuth", "structure"),
    ("httpDigestAuth", "structure"),
    ("httpBearerAuth", "structure"),
    ("httpApiKeyAuth", "structure"),
    ("traitValidators", "map"),
    ("TraitValidator", "structure"),
    ("metadata", "structure"),
    ("ShapeClosures", "list"),
    ("ShapeClosure", "structure"),
    ("ClosureId", "string"),
    ("Namespaces", "list"),
    ("Renames", "map"),
    ("CommonMark", "string"),
    ("Identifier", "string"),
    ("default", "document"),
    ("addedDefault", "structure"),
    ("clientOptional", "structure"),
    ("HttpApiKeyLocations", "enum"),
    ("optionalAuth", "structure"),
    ("examples", "list"),
    ("Example", "structure"),
    ("ExampleError", "structure"),
    ("error", "enum"),
    ("retryable", "structure"),
    ("readonly", "structure"),
    ("idempotent", "structure"),
    ("IdempotentErrors", "list"),
    ("idempotencyToken", "structure"),
    ("internal", "structure"),
    ("jsonName", "string"),
    ("xmlAttribute", "structure"),
    ("xmlFlattened", "structure"),
    ("xmlName", "string"),
    ("xmlNamespace", "structure"),
    ("NonEmptyString", "string"),
    ("noReplace", "structure"),
    ("mediaType", "string"),
    ("references", "list"),
    ("Reference", "structure"),
    ("NonEmptyStringMap", "map"),
    ("resourceIdentifier", "string"),
    ("private", "structure"),
    ("sensitive", "structure"),
    ("since", "string"),
    ("streaming", "structure"),
    ("requiresLength", "structure"),
    ("longPoll", "structure"),
    ("tags", "list"),
    ("title", "string"),
    ("enum", "list"),
    ("EnumDefinition", "structure"),
    ("EnumConstantBodyName", "string"),
    ("enumValue", "document"),
    ("length", "structure"),
    ("range", "structure"),
    ("pattern", "string"),
    ("required", "structure"),
    ("property", "structure"),
    ("notProperty", "structure"),
    ("nestedProperties", "structure"),
    ("recommended", "structure"),
    ("sparse", "structure"),
    ("uniqueItems", "structure"),
    ("unstable", "structure"),
    ("paginated", "structure"),
    ("http", "structure"),
    ("httpLabel", "structure"),
    ("httpQuery", "string"),
    ("httpQueryParams", "structure"),
    ("httpHeader", "string"),
    ("httpPrefixHeaders", "string"),
    ("httpPayload", "structure"),
    ("httpError", "integer"),
    ("httpResponseCode", "structure"),
    ("cors", "structure"),
    ("NonEmptyStringList", "list"),
    ("eventPayload", "structure"),
    ("eventHeader", "structure"),
    ("idRef", "structure"),
    ("timestampFormat", "enum"),
    ("endpoint", "structure"),
    ("hostLabel", "structure"),
    ("suppress", "list"),
    ("httpChecksumRequired", "structure"),
    ("input", "structure"),
    ("output", "structure"),
    ("unitType", "structure"),
    ("mixin", "structure"),
    ("LocalMixinTraitList", "list"),
    ("LocalMixinTrait", "string"),
    ("RequestCompressionEncodingsList", "list"),
    ("requestCompression", "structure"),
];

/// The type of a prelude shape by name.
pub fn prelude_type(name: &str) -> Option<&'static str> {
    PRELUDE.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// Every shape defined by the files being loaded: absolute ID → shape type.
pub struct Index {
    types: HashMap<String, String>,
}

impl Index {
    /// An index of the given (ID, type) pairs.
    pub fn new(entries: impl IntoIterator<Item = (String, String)>) -> Index {
        Index {
            types: entries.into_iter().collect(),
        }
    }

    /// The type of a shape defined in the files or in the prelude.
    fn type_of(&self, id: &str) -> Option<&str> {
        if let Some(t) = self.types.get(id) {
            return Some(t);
        }
        id.strip_prefix("smithy.api#").and_then(prelude_type)
    }
}

/// The shapes a parsed file defines, with their types.
pub fn defined_types(file: &File) -> impl Iterator<Item = (String, String)> + '_ {
    let ns = file.namespace.clone().unwrap_or_default();
    file.shapes
        .iter()
        .map(move |s| (format!("{ns}#{}", s.name), s.ty.clone()))
}

/// What a shape ID names, for what happens when it resolves to nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    /// A shape the model must define (targets, mixins, bindings): an error otherwise.
    Shape,
    /// A shape or a member of one, which the model must define (`apply` targets).
    ShapeOrMember,
    /// An unquoted shape ID in a node value: a relative one must resolve (Smithy rejects the
    /// model otherwise); an absolute one is kept as written.
    Value,
    /// A trait name: an unresolved relative name is a trait of the file's namespace whose
    /// definition is not loaded; its value is kept.
    Trait,
}

struct Resolver<'a> {
    uses: &'a BTreeMap<String, String>,
    v2: bool,
    version: &'a str,
    path: &'a Path,
    index: &'a Index,
    namespace: &'a str,
    errors: Vec<Error>,
}

impl Resolver<'_> {
    /// Resolves a shape ID as written; what must be defined depends on `want`.
    fn id(&mut self, r: &IdRef, want: Want) -> String {
        self.id_at(&r.text, r.pos, want)
    }

    fn id_at(&mut self, text: &str, pos: Pos, want: Want) -> String {
        let (root, member) = match text.split_once('$') {
            Some((root, m)) => (root, Some(m)),
            None => (text, None),
        };
        let member_ok = matches!(want, Want::ShapeOrMember | Want::Value);
        let well_formed = member.is_none_or(|m| member_ok && !m.contains('$'))
            && (root.contains('#') || !root.contains('.'));
        if !well_formed {
            self.errors.push(error_at(
                self.path,
                Some(pos),
                if member.is_some() && !member_ok {
                    format!("`{text}` names a member; a shape ID is expected here")
                } else {
                    format!("`{text}` is not a valid shape ID")
                },
            ));
            return text.to_owned();
        }
        let must_exist = matches!(want, Want::Shape | Want::ShapeOrMember);
        let resolved = if root.contains('#') {
            root.to_owned()
        } else if let Some(used) = self.uses.get(root) {
            used.clone()
        } else {
            let local = format!("{}#{root}", self.namespace);
            if self.index.types.contains_key(&local) {
                local
            } else if prelude_type(root).is_some() {
                format!("smithy.api#{root}")
            } else {
                match want {
                    Want::Shape | Want::ShapeOrMember => self.errors.push(error_at(
                        self.path,
                        Some(pos),
                        format!(
                            "cannot resolve shape ID `{root}`: no `use` statement names it, \
                             namespace `{}` does not define it, and it is not in the prelude",
                            self.namespace
                        ),
                    )),
                    Want::Value => self.errors.push(error_at(
                        self.path,
                        Some(pos),
                        format!(
                            "the unquoted value `{root}` is a shape ID that resolves to no shape \
                             (`{local}`); quote it if it is a string"
                        ),
                    )),
                    Want::Trait => {}
                }
                return match member {
                    Some(m) => format!("{local}${m}"),
                    None => local,
                };
            }
        };
        // An absolute or imported ID must name a shape where the model needs one.
        if must_exist && self.index.type_of(&resolved).is_none() {
            self.errors.push(error_at(
                self.path,
                Some(pos),
                format!("`{resolved}` is not defined in the model"),
            ));
        }
        match member {
            Some(m) => format!("{resolved}${m}"),
            None => resolved,
        }
    }

    fn value(&mut self, node: Node) -> Value {
        match node.kind {
            NodeKind::Null => Value::Null,
            NodeKind::Bool(b) => Value::Bool(b),
            NodeKind::Number(n) => Value::Number(n),
            NodeKind::String(s) => Value::String(s),
            NodeKind::ShapeId(s) => Value::String(self.id_at(&s, node.pos, Want::Value)),
            NodeKind::Array(items) => {
                Value::Array(items.into_iter().map(|n| self.value(n)).collect())
            }
            NodeKind::Object(entries) => Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, self.value(v)))
                    .collect::<Map<String, Value>>(),
            ),
        }
    }

    /// A trait application as (absolute trait ID, value). A trait written without a value is
    /// `{}` for a structure or map trait (or one whose definition is not loaded), `[]` for a list,
    /// and `null` for any other.
    fn trait_app(&mut self, t: TraitApp) -> (String, Value) {
        let name = self.id(&t.name, Want::Trait);
        let value = if t.annotation {
            match self.index.type_of(&name) {
                None | Some("structure" | "map") => Value::Object(Map::new()),
                Some("list" | "set") => Value::Array(Vec::new()),
                Some(_) => Value::Null,
            }
        } else {
            self.value(t.value)
        };
        (name, value)
    }

    fn traits(&mut self, apps: Vec<TraitApp>) -> Traits {
        let mut traits = Traits::new();
        for t in apps {
            let pos = t.value.pos;
            let (name, value) = self.trait_app(t);
            if let Err(message) = merge_trait(&mut traits, &name, value) {
                self.errors.push(error_at(self.path, Some(pos), message));
            }
        }
        traits
    }

    /// A node that names a shape: a string or an unquoted shape ID.
    fn node_id(&mut self, node: &Node, what: &str) -> Option<String> {
        match &node.kind {
            NodeKind::String(s) | NodeKind::ShapeId(s) => {
                Some(self.id_at(s, node.pos, Want::Shape))
            }
            _ => {
                self.errors.push(error_at(
                    self.path,
                    Some(node.pos),
                    format!("`{what}` must be a shape ID"),
                ));
                None
            }
        }
    }

    fn node_ids(&mut self, node: &Node, what: &str) -> Vec<String> {
        match &node.kind {
            NodeKind::Array(items) => items
                .iter()
                .filter_map(|n| self.node_id(n, what))
                .collect(),
            _ => {
                self.errors.push(error_at(
                    self.path,
                    Some(node.pos),
                    format!("`{what}` must be a list of shape IDs"),
                ));
                Vec::new()
            }
        }
    }

    fn node_id_map(&mut self, node: &Node, what: &str) -> IndexMap<String, String> {
        match &node.kind {
            NodeKind::Object(entries) => entries
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), self.node_id(v, what)?)))
                .collect(),
            _ => {
                self.errors.push(error_at(
                    self.path,
                    Some(node.pos),
                    format!("`{what}` must be an object of shape IDs"),
                ));
                IndexMap::new()
            }
        }
    }

    fn shape(&mut self, mut def: ShapeDef) -> Defined {
        let id = format!("{}#{}", self.namespace, def.name);
        let mut shape = AstShape::new(&def.ty);
        shape.traits = self.traits(std::mem::take(&mut def.traits));
        shape.mixins = def.mixins.iter().map(|m| self.id(m, Want::Shape)).collect();
        let for_resource = def.for_resource.as_ref().map(|r| self.id(r, Want::Shape));
        if let Some(r) = &for_resource {
            if let Some(t) = self.index.type_of(r).filter(|t| *t != "resource") {
                self.errors.push(error_at(
                    self.path,
                    def.for_resource.as_ref().map(|r| r.pos),
                    format!(
                        "The target of the `for` production must be a resource shape, but found a {t} shape: {r}"
                    ),
                ));
            }
        }
        let mut elided = Vec::new();
        let member_names: Vec<(String, Pos)> =
            def.members.iter().map(|m| (m.name.clone(), m.pos)).collect();
        for m in std::mem::take(&mut def.members) {
            let mut traits = self.traits(m.traits);
            let target = match &m.target {
                Some(t) => self.id(t, Want::Shape),
                None if def.ty == "enum" || def.ty == "intEnum" => "smithy.api#Unit".to_owned(),
                None => {
                    elided.push(m.name.clone());
                    String::new()
                }
            };
            if let Some(v) = m.value {
                let value_pos = v.pos;
                let value = self.value(v);
                let name = match def.ty.as_str() {
                    "enum" => {
                        if !value.is_string() {
                            self.errors.push(error_at(
                                self.path,
                                Some(value_pos),
                                format!("{id}${}: enum members can only be assigned string values, but found: {value}", m.name),
                            ));
                        }
                        "smithy.api#enumValue"
                    }
                    "intEnum" => {
                        let ok = value.as_i64().is_some_and(|i| i32::try_from(i).is_ok());
                        if !ok {
                            self.errors.push(error_at(
                                self.path,
                                Some(value_pos),
                                format!("{id}${}: intEnum members require integer values that fit in 32 bits, but found: {value}", m.name),
                            ));
                        }
                        "smithy.api#enumValue"
                    }
                    _ => "smithy.api#default",
                };
                if let Err(message) = merge_trait(&mut traits, name, value) {
                    self.errors
                        .push(error_at(self.path, Some(value_pos), message));
                }
            }
            shape.members.insert(m.name, AstMember { target, traits });
        }
        match def.ty.as_str() {
            "list" | "set" | "map" => {
                let allowed: &[&str] = if def.ty == "map" {
                    &["key", "value"]
                } else {
                    &["member"]
                };
                for (name, pos) in &member_names {
                    if !allowed.contains(&name.as_str()) {
                        self.errors.push(error_at(
                            self.path,
                            Some(*pos),
                            format!("a {} shape has no member named `{name}` (only {})", def.ty, allowed.join(" and ")),
                        ));
                    }
                }
            }
            "operation" => {
                shape.input = def.input.as_ref().map(|r| self.id(r, Want::Shape));
                shape.output = def.output.as_ref().map(|r| self.id(r, Want::Shape));
                shape.errors = def.errors.iter().map(|r| self.id(r, Want::Shape)).collect();
            }
            "service" | "resource" => {
                if let Some(body) = &def.body {
                    self.body(&id, &def.ty, body, &mut shape);
                }
            }
            _ => {}
        }
        Defined {
            id,
            shape,
            pos: Some(def.pos),
            elided,
            for_resource,
        }
    }

    /// The properties of a service or resource body.
    fn body(&mut self, id: &str, ty: &str, body: &Node, shape: &mut AstShape) {
        let NodeKind::Object(entries) = &body.kind else {
            return;
        };
        for (key, value) in entries {
            match (ty, key.as_str()) {
                ("service", "version") => match &value.kind {
                    NodeKind::String(s) => shape.version = Some(s.clone()),
                    _ => self.errors.push(error_at(
                        self.path,
                        Some(value.pos),
                        "a service `version` must be a string",
                    )),
                },
                ("service", "rename") => match &value.kind {
                    NodeKind::Object(renames) => {
                        for (from, to) in renames {
                            match &to.kind {
                                NodeKind::String(to) => {
                                    shape.rename.insert(from.clone(), to.clone());
                                }
                                _ => self.errors.push(error_at(
                                    self.path,
                                    Some(to.pos),
                                    "a service `rename` value must be a string",
                                )),
                            }
                        }
                    }
                    _ => self.errors.push(error_at(
                        self.path,
                        Some(value.pos),
                        "a service `rename` must be an object",
                    )),
                },
                ("service" | "resource", "operations") => {
                    shape.operations = self.node_ids(value, key);
                }
                ("service" | "resource", "resources") => {
                    shape.resources = self.node_ids(value, key);
                }
                ("service", "errors") => shape.errors = self.node_ids(value, key),
                ("resource", "collectionOperations") => {
                    shape.collection_operations = self.node_ids(value, key);
                }
                ("resource", "identifiers") => shape.identifiers = self.node_id_map(value, key),
                ("resource", "properties") => {
                    if !self.v2 {
                        self.errors.push(error_at(
                            self.path,
                            Some(value.pos),
                            format!("Resource properties can only be used with Smithy version 2 or later. Attempted to use resource properties with version `{}`.", self.version),
                        ));
                    }
                    shape.properties = self.node_id_map(value, key);
                }
                ("resource", "create" | "put" | "read" | "update" | "delete" | "list") => {
                    let op = self.node_id(value, key);
                    if let Some(slot) = shape.lifecycle.get_mut(key) {
                        *slot = op;
                    }
                }
                _ => self.errors.push(error_at(
                    self.path,
                    Some(value.pos),
                    format!("Unknown property {key} for {id}"),
                )),
            }
        }
    }
}

/// Turns a parsed file into absolute shape IDs and JSON AST shapes.
pub(crate) fn fragment(file: File, path: &Path, index: &Index) -> Result<Fragment, Vec<Error>> {
    let File {
        version,
        v2,
        metadata,
        namespace,
        uses,
        shapes,
        applies,
    } = file;
    // Metadata comes before the namespace: unquoted shape IDs there resolve in the prelude.
    let mut r = Resolver {
        uses: &uses,
        v2,
        version: &version,
        path,
        index,
        namespace: "smithy.api",
        errors: Vec::new(),
    };
    let metadata = metadata
        .into_iter()
        .map(|(k, v)| {
            let pos = v.pos;
            (k, r.value(v), Some(pos))
        })
        .collect();
    r.namespace = namespace.as_deref().unwrap_or("smithy.api");
    let shapes = shapes.into_iter().map(|s| r.shape(s)).collect();
    let mut applied = Vec::new();
    for a in applies {
        let target = r.id(&a.target, Want::ShapeOrMember);
        for t in a.traits {
            let pos = t.value.pos;
            let (name, value) = r.trait_app(t);
            applied.push(Applied {
                target: target.clone(),
                name,
                value,
                pos: Some(pos),
            });
        }
    }
    if !r.errors.is_empty() {
        return Err(r.errors);
    }
    Ok(Fragment {
        path: path.to_owned(),
        version,
        metadata,
        shapes,
        applies: applied,
    })
}
