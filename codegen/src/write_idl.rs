//! Writes a model ([`Ast`]) as Smithy IDL, one readable file per namespace, that loads back as is.
//!
//! The form follows Smithy's own IDL serializer: trait definitions first, then services,
//! resources, operations, structures, unions, lists, maps and the rest by shape ID;
//! documentation as `///` comments; `@default` and enum values as `= value`; operation input and
//! output inline (`input := { … }`) when the structure is named `{Operation}Input` and has
//! `@input`; traits that a shape adds to members inherited from mixins as `apply` statements.
//! Unlike Smithy's, trait values are written on one line when they fit (`@length(min: 1)`).
//!
//! Every choice is made so that loading the text gives back the model exactly:
//! - shape IDs are written relative only when the IDL's resolution (`use`, then the file's
//!   namespace, then the prelude) gives back the same shape; `use` statements import shapes of
//!   other namespaces whose name is not taken by a local shape, another import or the prelude;
//! - strings in node values are always quoted, so that no string is read as a shape ID;
//! - a documentation string that `///` lines cannot carry (one with a carriage return) is
//!   written as `@documentation("…")`;
//! - numbers are written as serde_json prints them, so a float stays a float (`1.0`);
//! - members keep the model's order: traits added to inherited members are written as `apply`
//!   statements (which the loader appends) only when those members come last, else the members
//!   are declared again in place.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde_json::Value;

use crate::ast::{Ast, AstMember, AstShape, Traits};
use crate::error::Result;
use crate::load::{self, Source, idl::prelude_type};

/// The prelude namespace.
const PRELUDE: &str = "smithy.api";
/// The documentation trait, written as `///` comments.
const DOCUMENTATION: &str = "smithy.api#documentation";
/// The default trait, written as `= value` on structure members.
const DEFAULT: &str = "smithy.api#default";
/// The enum value trait, written as `= value` on enum members.
const ENUM_VALUE: &str = "smithy.api#enumValue";
/// Trait definitions are written first.
const TRAIT: &str = "smithy.api#trait";
/// Structures with this trait named `{Operation}Input` are written inline in their operation.
const INPUT: &str = "smithy.api#input";
/// Structures with this trait named `{Operation}Output` are written inline in their operation.
const OUTPUT: &str = "smithy.api#output";
/// One level of indentation.
const INDENT: &str = "    ";
/// Node values are written on one line when the line stays within this many characters.
const WIDTH: usize = 100;

/// The model as Smithy IDL 2.0: namespace → the text of its file (`{namespace}.smithy`).
///
/// Metadata is written into the first namespace's file (sorted by key). A model without shapes
/// gives one file under the key `""` with the metadata alone. The files of a model whose Smithy
/// version is 1.x are written as `$version: "1.0"` when nothing in them needs 2.0 (mixins, enum
/// shapes, resource properties), so that the version survives; every other file is 2.0.
///
/// Loading the files ([`crate::load::load_ast`]) gives back the model, as [`round_trip`] checks,
/// for every model the loader produces, with two exceptions that the IDL cannot express: `set`
/// shapes in a Smithy 2.0 model (IDL 2.0 has no `set`), and what the JSON AST allows but the IDL
/// has no syntax for (names that are not identifiers, enum members that target a shape other
/// than `smithy.api#Unit`, resource `errors`).
pub fn to_idl(ast: &Ast) -> BTreeMap<String, String> {
    let mut by_namespace: BTreeMap<&str, Vec<(&str, &AstShape)>> = BTreeMap::new();
    for (id, shape) in &ast.shapes {
        let namespace = id.split_once('#').map_or("", |(ns, _)| ns);
        by_namespace
            .entry(namespace)
            .or_default()
            .push((id.as_str(), shape));
    }
    let mut files = BTreeMap::new();
    if by_namespace.is_empty() {
        let mut w = Writer::new(ast, "", &[], v1_file(ast, &[]));
        w.header(true);
        files.insert(String::new(), w.finish());
        return files;
    }
    for (i, (namespace, shapes)) in by_namespace.into_iter().enumerate() {
        files.insert(
            namespace.to_owned(),
            write_file(ast, namespace, &shapes, i == 0),
        );
    }
    files
}

/// The sources [`to_idl`] gives, each named `{namespace}.smithy` (`metadata.smithy` for `""`).
pub fn to_sources(ast: &Ast) -> Vec<Source> {
    to_idl(ast)
        .into_iter()
        .map(|(namespace, text)| Source {
            path: file_name(&namespace).into(),
            text,
        })
        .collect()
}

/// The file name of a namespace's IDL file: `{namespace}.smithy`, or `metadata.smithy` for the
/// metadata-only file of a model without shapes.
pub fn file_name(namespace: &str) -> String {
    if namespace.is_empty() {
        "metadata.smithy".to_owned()
    } else {
        format!("{namespace}.smithy")
    }
}

/// Writes a model as IDL and loads it again: the model as the IDL gives it back.
pub fn round_trip(ast: &Ast) -> Result<Ast> {
    load::load_ast(&to_sources(ast))
}

/// Checks that the model written as IDL loads back to the same model (a 1.x model may come back
/// as 2.0) and, given `original` (the JSON AST text the model was loaded from), that the model
/// printed as a JSON AST is that text as JSON values (key order and spacing aside). `Err` says
/// what differs (at most 10 places).
pub fn check_round_trip(ast: &Ast, original: Option<&str>) -> std::result::Result<(), String> {
    let mut back = round_trip(ast).map_err(|e| format!("the IDL does not load: {e}"))?;
    // A 1.x model that uses what only 2.0 can write comes back as 2.0 (see `to_idl`).
    if ast.version.starts_with('1') && back.version == "2.0" {
        back.version.clone_from(&ast.version);
    }
    let (want, got) = (ast.to_json(), back.to_json());
    let parse = |text: &str| serde_json::from_str::<Value>(text).map_err(|e| e.to_string());
    if want != got {
        let diff = json_differences(&parse(&want)?, &parse(&got)?, 10);
        return Err(format!(
            "the IDL loads to another model: {}",
            if diff.is_empty() {
                "the same values in another order".to_owned()
            } else {
                diff.join("; ")
            }
        ));
    }
    if let Some(original) = original {
        let original = parse(original).map_err(|e| format!("the original is not JSON: {e}"))?;
        let diff = json_differences(&original, &parse(&got)?, 10);
        if !diff.is_empty() {
            return Err(format!(
                "the model printed as a JSON AST differs from the original (left): {}",
                diff.join("; ")
            ));
        }
    }
    Ok(())
}

/// Where two JSON values differ, as one line per difference (`shapes."a#B".traits: …`), at most
/// `limit` lines (the last one says how many more there are). Empty when they are equal.
pub fn json_differences(left: &Value, right: &Value, limit: usize) -> Vec<String> {
    let mut d = Differences {
        path: String::new(),
        lines: Vec::new(),
        count: 0,
        limit,
    };
    d.compare(left, right);
    if d.count > limit {
        d.lines.push(format!("… and {} more", d.count - limit));
    }
    d.lines
}

/// Where two values differ, found depth first.
struct Differences {
    /// The path of the value being compared.
    path: String,
    /// Lines found, at most `limit`.
    lines: Vec<String>,
    /// How many differences there are.
    count: usize,
    limit: usize,
}

impl Differences {
    fn note(&mut self, what: String) {
        self.count += 1;
        if self.count <= self.limit {
            let path = if self.path.is_empty() {
                "(root)"
            } else {
                &self.path
            };
            self.lines.push(format!("{path}: {what}"));
        }
    }

    fn compare(&mut self, left: &Value, right: &Value) {
        if left == right {
            return;
        }
        match (left, right) {
            (Value::Object(l), Value::Object(r)) => {
                for (k, lv) in l {
                    let len = self.path.len();
                    push_key(&mut self.path, k);
                    match r.get(k) {
                        Some(rv) => self.compare(lv, rv),
                        None => self.note(format!("only on the left: {}", short(lv))),
                    }
                    self.path.truncate(len);
                }
                for (k, rv) in r.iter().filter(|(k, _)| !l.contains_key(*k)) {
                    let len = self.path.len();
                    push_key(&mut self.path, k);
                    self.note(format!("only on the right: {}", short(rv)));
                    self.path.truncate(len);
                }
            }
            (Value::Array(l), Value::Array(r)) if l.len() == r.len() => {
                for (i, (lv, rv)) in l.iter().zip(r).enumerate() {
                    let len = self.path.len();
                    self.path.push_str(&format!("[{i}]"));
                    self.compare(lv, rv);
                    self.path.truncate(len);
                }
            }
            _ => self.note(format!("{} ≠ {}", short(left), short(right))),
        }
    }
}

fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    if is_identifier(key) {
        path.push_str(key);
    } else {
        path.push_str(&quote(key));
    }
}

/// A value in at most about 80 characters, for messages.
fn short(v: &Value) -> String {
    let text = v.to_string();
    match text.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    }
}

/// Whether a file is written as Smithy 1.0: the model is 1.x (which keeps its version, and lets
/// `set` shapes be written) and nothing in the file needs 2.0.
fn v1_file(ast: &Ast, shapes: &[(&str, &AstShape)]) -> bool {
    let needs_v2 = shapes.iter().any(|(_, s)| {
        matches!(s.ty.as_str(), "enum" | "intEnum")
            || !s.mixins.is_empty()
            || s.traits.contains_key("smithy.api#mixin")
            || !s.properties.is_empty()
    });
    !needs_v2 && ast.version.starts_with('1')
}

fn write_file(ast: &Ast, namespace: &str, shapes: &[(&str, &AstShape)], metadata: bool) -> String {
    let v1 = v1_file(ast, shapes);
    // First pass: which shape IDs the file writes, to choose the `use` statements.
    let mut w = Writer::new(ast, namespace, shapes, v1);
    w.seen = Some(BTreeSet::new());
    w.shapes();
    let seen = w.seen.take().unwrap_or_default();
    let uses = w.choose_uses(seen);
    // Second pass: the file.
    let mut w = Writer::new(ast, namespace, shapes, v1);
    w.uses = uses;
    w.header(metadata);
    w.shapes();
    w.finish()
}

/// Writes one file.
struct Writer<'a> {
    ast: &'a Ast,
    /// The file's namespace.
    namespace: &'a str,
    /// The shapes of the namespace, by ID.
    shapes: &'a [(&'a str, &'a AstShape)],
    /// The names of the namespace's shapes.
    local: HashSet<&'a str>,
    /// Whether the file is Smithy 1.0.
    v1: bool,
    /// `use` statements: name → absolute shape ID.
    uses: BTreeMap<&'a str, &'a str>,
    /// In the first pass: every shape ID written (without member).
    seen: Option<BTreeSet<&'a str>>,
    /// Structures written inline as operation input or output.
    inline: HashSet<&'a str>,
    out: String,
}

/// How a member is written.
struct MemberForm<'a> {
    /// A trait not written as a trait (`= value`, or implied by the loader).
    skip: Option<&'static str>,
    /// The value written as `= value`.
    assigned: Option<&'a Value>,
    /// Whether the member is written without a target (enum members).
    enum_member: bool,
}

impl<'a> Writer<'a> {
    fn new(
        ast: &'a Ast,
        namespace: &'a str,
        shapes: &'a [(&'a str, &'a AstShape)],
        v1: bool,
    ) -> Writer<'a> {
        let local = shapes
            .iter()
            .map(|(id, _)| &id[namespace.len() + 1..])
            .collect();
        let mut w = Writer {
            ast,
            namespace,
            shapes,
            local,
            v1,
            uses: BTreeMap::new(),
            seen: None,
            inline: HashSet::new(),
            out: String::new(),
        };
        if !v1 {
            w.inline = w.inline_io();
        }
        w
    }

    fn finish(mut self) -> String {
        while self.out.ends_with("\n\n") {
            self.out.pop();
        }
        self.out
    }

    /// The structures to write inline: the input (output) of an operation of this file named
    /// `{Operation}Input` (`Output`) that has `@input` (`@output`) with the value `{}`.
    fn inline_io(&self) -> HashSet<&'a str> {
        let mut inline = HashSet::new();
        for (id, shape) in self.shapes {
            if shape.ty != "operation" {
                continue;
            }
            for (target, suffix, io_trait) in [
                (&shape.input, "Input", INPUT),
                (&shape.output, "Output", OUTPUT),
            ] {
                let Some(target) = target else { continue };
                let Some((target_id, s)) = self.ast.shapes.get_key_value(target.as_str()) else {
                    continue;
                };
                let named = target.strip_prefix(*id) == Some(suffix);
                let marked = s
                    .traits
                    .get(io_trait)
                    .is_some_and(|v| v.as_object().is_some_and(|o| o.is_empty()));
                if named && marked && s.ty == "structure" {
                    inline.insert(target_id.as_str());
                }
            }
        }
        inline
    }

    /// The `use` statements: a shape of another namespace (not the prelude) is imported when it
    /// is the only shape of its name that the file writes and its name is neither a shape of this
    /// namespace nor a prelude shape (which would be confusing to read).
    fn choose_uses(&self, seen: BTreeSet<&'a str>) -> BTreeMap<&'a str, &'a str> {
        let mut by_name: BTreeMap<&'a str, Vec<&'a str>> = BTreeMap::new();
        for root in seen {
            if let Some((_, name)) = root.split_once('#') {
                by_name.entry(name).or_default().push(root);
            }
        }
        by_name
            .into_iter()
            .filter_map(|(name, roots)| {
                let [root] = roots[..] else { return None };
                let ns = root.split_once('#').map_or("", |(ns, _)| ns);
                let foreign = ns != self.namespace && ns != PRELUDE;
                (foreign
                    && is_identifier(name)
                    && !self.local.contains(name)
                    && prelude_type(name).is_none())
                .then_some((name, root))
            })
            .collect()
    }

    // ---- shape IDs ----

    /// A shape ID as written in this file: relative when that resolves to the same shape.
    fn id(&mut self, id: &'a str) -> &'a str {
        let root = id.split_once('$').map_or(id, |(root, _)| root);
        let Some((ns, name)) = root.split_once('#') else {
            return id;
        };
        if let Some(seen) = &mut self.seen {
            seen.insert(root);
        }
        let relative = match self.uses.get(name) {
            Some(used) => *used == root,
            None if ns == self.namespace => {
                self.local.contains(name) || prelude_type(name).is_none()
            }
            None if ns == PRELUDE => prelude_type(name).is_some() && !self.local.contains(name),
            None => false,
        };
        if relative { &id[ns.len() + 1..] } else { id }
    }

    /// A shape ID as a node value of a service or resource body: unquoted, unless it would read
    /// as `true`, `false` or `null`.
    fn body_id(&mut self, id: &'a str) -> String {
        let text = self.id(id);
        if matches!(text, "true" | "false" | "null") {
            quote(text)
        } else {
            text.to_owned()
        }
    }

    /// The type of a trait's shape, as the loader looks it up (model, then prelude).
    fn trait_type(&self, name: &str) -> Option<&str> {
        match self.ast.shapes.get(name) {
            Some(s) => Some(s.ty.as_str()),
            None => name.strip_prefix("smithy.api#").and_then(prelude_type),
        }
    }

    // ---- text ----

    fn line(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.out.push_str(INDENT);
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn indent(&mut self, indent: usize) {
        for _ in 0..indent {
            self.out.push_str(INDENT);
        }
    }

    /// How many characters the current line has.
    fn column(&self) -> usize {
        let start = self.out.rfind('\n').map_or(0, |i| i + 1);
        self.out[start..].chars().count()
    }

    // ---- the file ----

    fn header(&mut self, metadata: bool) {
        let version = if self.v1 { "1.0" } else { "2.0" };
        self.out.push_str(&format!("$version: \"{version}\"\n\n"));
        if metadata && !self.ast.metadata.is_empty() {
            for (key, value) in &self.ast.metadata {
                self.out.push_str(&format!("metadata {} = ", key_text(key)));
                self.node(value, 0);
                self.out.push('\n');
            }
            self.out.push('\n');
        }
        if self.namespace.is_empty() {
            return;
        }
        self.out
            .push_str(&format!("namespace {}\n\n", self.namespace));
        if !self.uses.is_empty() {
            let uses: Vec<&str> = self
                .uses
                .values()
                .copied()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            for id in uses {
                self.out.push_str(&format!("use {id}\n"));
            }
            self.out.push('\n');
        }
    }

    /// The shapes in Smithy's preferred order.
    fn shapes(&mut self) {
        let mut order: Vec<(&'a str, &'a AstShape)> = self
            .shapes
            .iter()
            .filter(|(id, _)| !self.inline.contains(id))
            .copied()
            .collect();
        order.sort_by_key(|(id, s)| (rank(s), *id));
        for (id, shape) in order {
            self.shape(id, shape);
            self.out.push('\n');
        }
    }

    fn shape(&mut self, id: &'a str, shape: &'a AstShape) {
        let name = &id[self.namespace.len() + 1..];
        self.traits(&shape.traits, 0, &[], true);
        self.out.push_str(&format!("{} {name}", shape.ty));
        if !shape.mixins.is_empty() {
            self.out.push(' ');
            self.mixins(&shape.mixins, 0);
        }
        let mut applies = Vec::new();
        match shape.ty.as_str() {
            "structure" | "union" | "list" | "set" | "map" | "enum" | "intEnum" => {
                self.out.push(' ');
                applies.extend(self.members(id, shape, 0));
                self.out.push('\n');
            }
            "operation" => {
                self.out.push(' ');
                applies.extend(self.operation(shape));
            }
            "service" => {
                self.out.push(' ');
                self.service(shape);
            }
            "resource" => {
                self.out.push(' ');
                self.resource(shape);
            }
            _ => self.out.push('\n'),
        }
        for (shape_id, member, m) in applies {
            self.out.push('\n');
            self.apply(shape_id, member, m);
        }
    }

    /// `with [A]`, or one mixin a line when there are several.
    fn mixins(&mut self, mixins: &'a [String], indent: usize) {
        if let [one] = mixins {
            let text = self.id(one);
            self.out.push_str(&format!("with [{text}]"));
            return;
        }
        self.out.push_str("with [\n");
        for m in mixins {
            let text = self.id(m);
            self.line(indent + 1, text);
        }
        self.indent(indent);
        self.out.push(']');
    }

    /// The member block `{ … }` (the cursor after it); returns the members to write as `apply`
    /// statements: traits added to members inherited from mixins, when those come after the
    /// shape's own members (else they are declared again in the block, where they keep their
    /// place).
    fn members(
        &mut self,
        id: &'a str,
        shape: &'a AstShape,
        indent: usize,
    ) -> Vec<(&'a str, &'a str, &'a AstMember)> {
        let inherited: Vec<bool> = shape
            .members
            .keys()
            .map(|name| !shape.mixins.is_empty() && inherited_target(self.ast, id, name).is_some())
            .collect();
        let as_applies = inherited.iter().skip_while(|i| !**i).all(|i| *i);
        let mut applies = Vec::new();
        let mut body = Vec::new();
        for ((name, m), inherited) in shape.members.iter().zip(inherited) {
            if inherited && as_applies {
                if !m.traits.is_empty() {
                    applies.push((id, name.as_str(), m));
                }
            } else {
                body.push((name.as_str(), m, inherited));
            }
        }
        if body.is_empty() {
            self.out.push_str("{}");
            return applies;
        }
        self.out.push_str("{\n");
        for (name, m, inherited) in body {
            self.member(&shape.ty, name, m, inherited, indent + 1);
        }
        self.indent(indent);
        self.out.push('}');
        applies
    }

    fn member_form(
        &self,
        ty: &str,
        name: &str,
        m: &'a AstMember,
        inherited: bool,
    ) -> MemberForm<'a> {
        let mut form = MemberForm {
            skip: None,
            assigned: None,
            enum_member: false,
        };
        match ty {
            "enum" => {
                form.enum_member = true;
                if let Some(v @ Value::String(s)) = m.traits.get(ENUM_VALUE) {
                    form.skip = Some(ENUM_VALUE);
                    // The loader gives an enum member of its own its name as value.
                    if inherited || s != name {
                        form.assigned = Some(v);
                    }
                }
            }
            "intEnum" => {
                form.enum_member = true;
                if let Some(v) = m.traits.get(ENUM_VALUE) {
                    if v.as_i64().is_some_and(|i| i32::try_from(i).is_ok()) {
                        form.skip = Some(ENUM_VALUE);
                        form.assigned = Some(v);
                    }
                }
            }
            "structure" if !self.v1 => {
                if let Some(v) = m.traits.get(DEFAULT) {
                    form.skip = Some(DEFAULT);
                    form.assigned = Some(v);
                }
            }
            _ => {}
        }
        form
    }

    fn member(
        &mut self,
        ty: &str,
        name: &'a str,
        m: &'a AstMember,
        inherited: bool,
        indent: usize,
    ) {
        let form = self.member_form(ty, name, m, inherited);
        let skip: Vec<&str> = form.skip.into_iter().collect();
        self.traits(&m.traits, indent, &skip, true);
        self.indent(indent);
        self.out.push_str(name);
        if !form.enum_member {
            let target = self.id(&m.target);
            self.out.push_str(": ");
            self.out.push_str(target);
        }
        if let Some(value) = form.assigned {
            self.out.push_str(" = ");
            self.node(value, indent);
        }
        self.out.push('\n');
    }

    /// `apply Shape$member @trait`, or a block for several traits.
    fn apply(&mut self, shape_id: &'a str, member: &str, m: &'a AstMember) {
        let target = format!("{}${member}", self.id(shape_id));
        if m.traits.len() == 1 {
            self.out.push_str(&format!("apply {target} "));
            let (name, value) = m.traits.iter().next().expect("one trait");
            self.trait_app(name, value, 0);
        } else {
            self.out.push_str(&format!("apply {target} {{\n"));
            for (name, value) in &m.traits {
                self.indent(1);
                self.trait_app(name, value, 1);
            }
            self.out.push_str("}\n");
        }
    }

    /// Documentation (as `///` when it allows) and traits, one a line, each line indented.
    fn traits(&mut self, traits: &'a Traits, indent: usize, skip: &[&str], docs: bool) {
        let mut doc_comment = false;
        if docs {
            if let Some(Value::String(text)) = traits.get(DOCUMENTATION) {
                if doc_comment_carries(text) {
                    doc_comment = true;
                    for line in text.split('\n') {
                        self.indent(indent);
                        if line.is_empty() {
                            self.out.push_str("///\n");
                        } else {
                            self.out.push_str("/// ");
                            self.out.push_str(line);
                            self.out.push('\n');
                        }
                    }
                }
            }
        }
        for (name, value) in traits {
            if skip.contains(&name.as_str()) || (doc_comment && name == DOCUMENTATION) {
                continue;
            }
            self.indent(indent);
            self.trait_app(name, value, indent);
        }
    }

    /// `@name`, `@name(value)` or `@name(key: value, …)` and a line break; the cursor is after
    /// the line's indentation.
    fn trait_app(&mut self, name: &'a str, value: &Value, indent: usize) {
        let text = self.id(name);
        self.out.push('@');
        self.out.push_str(text);
        let list_trait = matches!(self.trait_type(name), Some("list" | "set"));
        match value {
            Value::Object(map) if map.is_empty() => {
                // An annotation reads as `{}`, or `[]` for a list trait.
                if list_trait {
                    self.out.push_str("({})");
                }
            }
            Value::Object(map) => {
                self.out.push('(');
                let budget = WIDTH.saturating_sub(self.column() + 1);
                match inline_entries(map, budget) {
                    Some(entries) => self.out.push_str(&entries),
                    None => {
                        self.out.push('\n');
                        self.entries(map, indent + 1);
                        self.indent(indent);
                    }
                }
                self.out.push(')');
            }
            other => {
                self.out.push('(');
                self.node(other, indent);
                self.out.push(')');
            }
        }
        self.out.push('\n');
    }

    /// Object entries one a line at `indent`, each followed by a line break.
    fn entries(&mut self, map: &serde_json::Map<String, Value>, indent: usize) {
        for (k, v) in map {
            self.indent(indent);
            self.out.push_str(&key_text(k));
            self.out.push_str(": ");
            self.node(v, indent);
            self.out.push('\n');
        }
    }

    /// A node value at the cursor; a multi-line value closes at `indent`.
    fn node(&mut self, value: &Value, indent: usize) {
        if !value.is_array() && !value.is_object() {
            self.out.push_str(&scalar_text(value));
            return;
        }
        // At least `[]` and `{}` always fit.
        let budget = WIDTH.saturating_sub(self.column()).max(2);
        if let Some(text) = inline_node(value, budget) {
            self.out.push_str(&text);
            return;
        }
        match value {
            Value::Array(items) => {
                self.out.push_str("[\n");
                for item in items {
                    self.indent(indent + 1);
                    self.node(item, indent + 1);
                    self.out.push('\n');
                }
                self.indent(indent);
                self.out.push(']');
            }
            Value::Object(map) => {
                self.out.push_str("{\n");
                self.entries(map, indent + 1);
                self.indent(indent);
                self.out.push('}');
            }
            _ => unreachable!("scalars are written inline"),
        }
    }

    /// The body of an operation, from `{` to the line break after `}`; returns the `apply`
    /// statements of inline input and output.
    fn operation(&mut self, shape: &'a AstShape) -> Vec<(&'a str, &'a str, &'a AstMember)> {
        if shape.input.is_none() && shape.output.is_none() && shape.errors.is_empty() {
            self.out.push_str("{}\n");
            return Vec::new();
        }
        self.out.push_str("{\n");
        let mut applies = Vec::new();
        for (key, target, io_trait) in [
            ("input", &shape.input, INPUT),
            ("output", &shape.output, OUTPUT),
        ] {
            let Some(target) = target else { continue };
            match self.ast.shapes.get_key_value(target.as_str()) {
                Some((id, s)) if self.inline.contains(id.as_str()) => {
                    applies.extend(self.inline_structure(key, id, s, io_trait));
                }
                _ => {
                    let text = self.id(target);
                    self.line(1, &format!("{key}: {text}"));
                }
            }
        }
        self.id_list("errors", &shape.errors, 1, false);
        self.out.push_str("}\n");
        applies
    }

    /// `input := …` with the structure's traits (but the implied `@input`), mixins and members.
    fn inline_structure(
        &mut self,
        key: &str,
        id: &'a str,
        s: &'a AstShape,
        io_trait: &str,
    ) -> Vec<(&'a str, &'a str, &'a AstMember)> {
        // The structure's indentation: after `key := ` when it has no trait but the implied
        // one, else on the lines after `key :=`.
        let indent = if s.traits.len() == 1 {
            self.indent(1);
            self.out.push_str(&format!("{key} := "));
            1
        } else {
            self.line(1, &format!("{key} :="));
            self.traits(&s.traits, 2, &[io_trait], true);
            self.indent(2);
            2
        };
        if !s.mixins.is_empty() {
            self.mixins(&s.mixins, indent);
            self.out.push(' ');
        }
        let applies = self.members(id, s, indent);
        self.out.push('\n');
        applies
    }

    /// `key: [` one shape ID a line `]`, unless the list is empty.
    /// `body`: in a service or resource body (a node value), where `true`, `false` and `null`
    /// must be quoted; else in an operation, where shape IDs are never quoted.
    fn id_list(&mut self, key: &str, ids: &'a [String], indent: usize, body: bool) {
        if ids.is_empty() {
            return;
        }
        self.line(indent, &format!("{key}: ["));
        for id in ids {
            let text = if body {
                self.body_id(id)
            } else {
                self.id(id).to_owned()
            };
            self.line(indent + 1, &text);
        }
        self.line(indent, "]");
    }

    /// `key: {` one `name: ShapeId` a line `}`, unless the map is empty.
    fn id_map(&mut self, key: &str, ids: &'a indexmap::IndexMap<String, String>, indent: usize) {
        if ids.is_empty() {
            return;
        }
        self.line(indent, &format!("{key}: {{"));
        for (name, id) in ids {
            let text = self.body_id(id);
            self.line(indent + 1, &format!("{}: {text}", key_text(name)));
        }
        self.line(indent, "}");
    }

    fn service(&mut self, shape: &'a AstShape) {
        self.out.push_str("{\n");
        if let Some(v) = &shape.version {
            self.line(1, &format!("version: {}", quote(v)));
        }
        self.id_list("operations", &shape.operations, 1, true);
        self.id_list("resources", &shape.resources, 1, true);
        self.id_list("errors", &shape.errors, 1, true);
        if !shape.rename.is_empty() {
            self.line(1, "rename: {");
            for (from, to) in &shape.rename {
                self.line(2, &format!("{}: {}", quote(from), quote(to)));
            }
            self.line(1, "}");
        }
        self.out.push_str("}\n");
    }

    fn resource(&mut self, shape: &'a AstShape) {
        self.out.push_str("{\n");
        self.id_map("identifiers", &shape.identifiers, 1);
        self.id_map("properties", &shape.properties, 1);
        let lifecycle = &shape.lifecycle;
        for (key, op) in [
            ("put", &lifecycle.put),
            ("create", &lifecycle.create),
            ("read", &lifecycle.read),
            ("update", &lifecycle.update),
            ("delete", &lifecycle.delete),
            ("list", &lifecycle.list),
        ] {
            if let Some(op) = op {
                let text = self.body_id(op);
                self.line(1, &format!("{key}: {text}"));
            }
        }
        self.id_list("operations", &shape.operations, 1, true);
        self.id_list(
            "collectionOperations",
            &shape.collection_operations,
            1,
            true,
        );
        self.id_list("resources", &shape.resources, 1, true);
        self.out.push_str("}\n");
    }
}

/// Smithy's preferred order: trait definitions, then services, resources, operations,
/// structures, unions, lists, sets, maps, then the other types (by shape ID within each rank).
fn rank(shape: &AstShape) -> u8 {
    if shape.traits.contains_key(TRAIT) {
        return 0;
    }
    match shape.ty.as_str() {
        "service" => 1,
        "resource" => 2,
        "operation" => 3,
        "structure" => 4,
        "union" => 5,
        "list" => 6,
        "set" => 7,
        "map" => 8,
        _ => 9,
    }
}

/// The target of a member inherited from a shape's mixins, searched as the loader does (depth
/// first, mixins in order).
fn inherited_target<'a>(ast: &'a Ast, id: &str, member: &str) -> Option<&'a str> {
    fn find<'a>(ast: &'a Ast, id: &str, member: &str, depth: usize) -> Option<&'a str> {
        if depth > 64 {
            return None;
        }
        let shape = ast.shapes.get(id)?;
        for mixin in &shape.mixins {
            let Some(m) = ast.shapes.get(mixin) else {
                continue;
            };
            if let Some(local) = m.members.get(member) {
                if !local.target.is_empty() {
                    return Some(&local.target);
                }
            }
            if let Some(t) = find(ast, mixin, member, depth + 1) {
                return Some(t);
            }
        }
        None
    }
    find(ast, id, member, 0)
}

/// Whether `///` lines load back to exactly this documentation: each line is what follows
/// `/// `, and a comment ends at a line feed or a carriage return.
fn doc_comment_carries(text: &str) -> bool {
    !text.contains('\r')
}

/// An object key or metadata key: bare when it is an identifier, else quoted.
fn key_text(key: &str) -> String {
    if is_identifier(key) {
        key.to_owned()
    } else {
        quote(key)
    }
}

/// Whether the lexer reads `text` as one identifier token: a letter, or underscores followed
/// by a letter or digit, then letters, digits and underscores.
fn is_identifier(text: &str) -> bool {
    let rest = text.trim_start_matches('_');
    let Some(first) = rest.chars().next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || (first.is_ascii_digit() && rest.len() < text.len()))
        && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A quoted IDL string: `"` and `\` escaped, control characters as escapes. The same text is a
/// TOML basic string (the generated `Cargo.toml` quotes with it).
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A node value on one line (`[1, 2]`, `{ a: [1] }`), if that takes at most `budget` bytes.
fn inline_node(value: &Value, budget: usize) -> Option<String> {
    let mut out = String::new();
    push_inline(value, &mut out, budget).then_some(out)
}

/// Object entries on one line (`a: 1, b: [2]`), if that takes at most `budget` bytes.
fn inline_entries(map: &serde_json::Map<String, Value>, budget: usize) -> Option<String> {
    let mut out = String::new();
    push_entries(map, &mut out, budget).then_some(out)
}

/// Appends a value on one line; false (and stops) once `out` is longer than `budget`.
fn push_inline(value: &Value, out: &mut String, budget: usize) -> bool {
    match value {
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                if !push_inline(item, out, budget) {
                    return false;
                }
            }
            out.push(']');
        }
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Object(map) => {
            out.push_str("{ ");
            if !push_entries(map, out, budget) {
                return false;
            }
            out.push_str(" }");
        }
        scalar => out.push_str(&scalar_text(scalar)),
    }
    out.len() <= budget
}

fn push_entries(map: &serde_json::Map<String, Value>, out: &mut String, budget: usize) -> bool {
    for (i, (k, v)) in map.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&key_text(k));
        out.push_str(": ");
        if !push_inline(v, out, budget) {
            return false;
        }
    }
    out.len() <= budget
}

/// A scalar as IDL text (numbers as serde_json prints them: a float keeps its `.0`).
fn scalar_text(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => quote(s),
        Value::Array(_) | Value::Object(_) => unreachable!("not a scalar"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(files: &[(&str, &str)]) -> Ast {
        let sources: Vec<Source> = files
            .iter()
            .map(|(path, text)| Source {
                path: (*path).into(),
                text: (*text).to_owned(),
            })
            .collect();
        load::load_ast(&sources).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Loads IDL, writes it, loads the output: the same model; returns the output.
    fn round(text: &str) -> BTreeMap<String, String> {
        let ast = load(&[("a.smithy", text)]);
        let files = to_idl(&ast);
        let back = round_trip(&ast).unwrap_or_else(|e| panic!("{e}\n{files:#?}"));
        assert_eq!(back.to_json(), ast.to_json(), "{files:#?}");
        files
    }

    #[test]
    fn identifiers_as_the_lexer_reads_them() {
        for ok in ["a", "A1", "_a", "__a_", "_1", "a_b"] {
            assert!(is_identifier(ok), "{ok}");
        }
        for bad in ["", "_", "__", "1a", "a.b", "a-b", "é"] {
            assert!(!is_identifier(bad), "{bad}");
        }
    }

    #[test]
    fn strings_escape_quotes_backslashes_and_controls() {
        assert_eq!(
            quote("a\"b\\c\n\r\t\u{1}\u{7f}é"),
            r#""a\"b\\c\n\r\t\u0001\u007fé""#
        );
    }

    #[test]
    fn shape_ids_are_relative_only_where_they_resolve_back() {
        // A local `String` shadows the prelude's: prelude targets must be absolute.
        let files = round(
            "$version: \"2.0\"\nnamespace a.b\nstructure S {\n    local: String\n    prelude: smithy.api#String\n    blob: Blob\n}\nstring String\n",
        );
        let text = &files["a.b"];
        assert!(text.contains("    local: String\n"), "{text}");
        assert!(text.contains("    prelude: smithy.api#String\n"), "{text}");
        assert!(text.contains("    blob: Blob\n"), "{text}");
    }

    #[test]
    fn a_local_trait_named_like_a_prelude_trait_stays_absolute() {
        // `a.b#required` is not defined: `@required` would be the prelude's.
        let ast = load(&[(
            "a.json",
            r#"{"smithy":"2.0","shapes":{"a.b#S":{"type":"structure","members":{"m":{"target":"smithy.api#String","traits":{"a.b#required":{},"smithy.api#required":{}}}}}}}"#,
        )]);
        let files = to_idl(&ast);
        let text = &files["a.b"];
        assert!(text.contains("@a.b#required\n"), "{text}");
        assert!(text.contains("@required\n"), "{text}");
        assert_eq!(round_trip(&ast).unwrap().to_json(), ast.to_json());
    }

    #[test]
    fn other_namespaces_are_imported_unless_the_name_is_taken() {
        let ast = load(&[
            (
                "a.smithy",
                "$version: \"2.0\"\nnamespace a\nstructure S {\n    x: b#X\n    y: b#String\n    z: String\n    w: c#X\n}\n",
            ),
            (
                "b.smithy",
                "$version: \"2.0\"\nnamespace b\nstring X\nstring String\nstring Y\n",
            ),
            (
                "c.smithy",
                "$version: \"2.0\"\nnamespace c\nstring X\n@b#Y\nstring Z\n",
            ),
        ]);
        let files = to_idl(&ast);
        // Two shapes named X: neither imported; `String` is the prelude's name.
        assert!(!files["a"].contains("use "), "{}", files["a"]);
        assert!(files["a"].contains("x: b#X\n") && files["a"].contains("y: b#String\n"));
        assert!(
            // `b#Y` is a string shape: written without a value, its value is `null`.
            files["c"].contains("use b#Y\n") && files["c"].contains("@Y(null)\n"),
            "{}",
            files["c"]
        );
        assert_eq!(round_trip(&ast).unwrap().to_json(), ast.to_json());
    }

    #[test]
    fn strings_that_look_like_shape_ids_stay_strings() {
        let files = round(
            "$version: \"2.0\"\nnamespace a\n@trait\nstring t\n@t(\"S\")\n@tags([\"S\", \"a#S\"])\nstructure S {}\n",
        );
        assert!(files["a"].contains("@t(\"S\")\n"), "{}", files["a"]);
    }

    #[test]
    fn documentation_is_a_comment_unless_a_comment_cannot_carry_it() {
        let files = round(
            "$version: \"2.0\"\nnamespace a\n/// One\n///   two  \n///\nstring A\n@documentation(\"x\\r\\ny\")\nstring B\n@documentation(\"\")\nstring C\n",
        );
        let text = &files["a"];
        assert!(
            text.contains("/// One\n///   two  \n///\nstring A\n"),
            "{text}"
        );
        assert!(
            text.contains("@documentation(\"x\\r\\ny\")\nstring B\n"),
            "{text}"
        );
        assert!(text.contains("///\nstring C\n"), "{text}");
    }

    #[test]
    fn numbers_keep_their_kind() {
        let ast = load(&[(
            "a.json",
            r#"{"smithy":"2.0","metadata":{"f":1.0,"g":-0.5,"e":1e300,"i":-3,"u":18446744073709551615},"shapes":{}}"#,
        )]);
        let files = to_idl(&ast);
        let text = &files[""];
        assert!(text.contains("metadata f = 1.0\n"), "{text}");
        assert!(
            text.contains("metadata u = 18446744073709551615\n"),
            "{text}"
        );
        assert_eq!(round_trip(&ast).unwrap().to_json(), ast.to_json());
    }

    #[test]
    fn defaults_enum_values_and_mixin_members() {
        let files = round(
            r#"$version: "2.0"
namespace a
@mixin
structure M {
    a: String
    b: Integer
}
structure S with [M] {
    own: String = "x"
    list: L = []
}
apply S$a @required
apply S$b {
    @documentation("d")
    @default(1)
}
@mixin
list ML { member: String }
list L with [ML] {}
apply L$member @length(min: 1)
enum E {
    A
    B = "b"
}
intEnum I {
    ONE = 1
}
"#,
        );
        let text = &files["a"];
        assert!(text.contains("    own: String = \"x\"\n"), "{text}");
        assert!(text.contains("apply S$a @required\n"), "{text}");
        assert!(text.contains("    A\n    B = \"b\"\n"), "{text}");
        assert!(text.contains("    ONE = 1\n"), "{text}");
        assert!(text.contains("apply L$member @length(min: 1)\n"), "{text}");
    }

    #[test]
    fn inherited_members_before_own_ones_are_declared_in_place() {
        // From JSON, a member that adds traits to an inherited one may come first: `apply`
        // would move it last, so it is declared again in the block.
        let ast = load(&[(
            "a.json",
            r#"{"smithy":"2.0","shapes":{
                "a#M":{"type":"structure","traits":{"smithy.api#mixin":{}},"members":{"m":{"target":"smithy.api#String"}}},
                "a#S":{"type":"structure","mixins":[{"target":"a#M"}],"members":{
                    "m":{"target":"smithy.api#String","traits":{"smithy.api#required":{}}},
                    "own":{"target":"smithy.api#String"}}}}}"#,
        )]);
        let files = to_idl(&ast);
        assert!(
            files["a"].contains("    @required\n    m: String\n    own: String\n"),
            "{}",
            files["a"]
        );
        assert_eq!(round_trip(&ast).unwrap().to_json(), ast.to_json());
    }

    #[test]
    fn inline_input_and_output() {
        let files = round(
            r#"$version: "2.0"
namespace a
operation Op {
    input := {
        @required
        id: String
    }
    output :=
        /// Out
        @sensitive
        {}
    errors: [E]
}
@error("client")
structure E {}
"#,
        );
        let text = &files["a"];
        assert!(
            text.contains("    input := {\n        @required\n        id: String\n    }\n"),
            "{text}"
        );
        assert!(
            text.contains("    output :=\n        /// Out\n        @sensitive\n        {}\n"),
            "{text}"
        );
        assert!(!text.contains("structure OpInput"), "{text}");
    }

    #[test]
    fn services_and_resources() {
        let files = round(
            r#"$version: "2.0"
namespace a
service S {
    version: "2020-01-01"
    operations: [Op]
    resources: [R]
    errors: [E]
    rename: { "a#X": "Y" }
}
resource R {
    identifiers: { id: String }
    properties: { p: String }
    read: Op
    list: Op
    collectionOperations: [Op]
}
@readonly
operation Op {}
@error("server")
structure E { x: X }
string X
"#,
        );
        let text = &files["a"];
        assert!(
            text.starts_with("$version: \"2.0\"\n\nnamespace a\n\nservice S {\n"),
            "{text}"
        );
        assert!(
            text.contains("    rename: {\n        \"a#X\": \"Y\"\n    }\n"),
            "{text}"
        );
        assert!(
            text.contains("resource R {\n    identifiers: {\n        id: String\n    }\n"),
            "{text}"
        );
    }

    #[test]
    fn json_only_corners_round_trip() {
        // What only a JSON AST writes easily: an operation named `null` bound to a service,
        // keys that need quotes, a list trait with `{}`, an intEnum value that is a float,
        // strings with quotes and control characters.
        let ast = load(&[(
            "a.json",
            r#"{"smithy":"2.0","metadata":{"a.b":{"_":[],"x y":{"\"":"\u0000\t"}}},"shapes":{
                "a#S":{"type":"service","operations":[{"target":"a#null"}]},
                "a#null":{"type":"operation","input":{"target":"smithy.api#Unit"},"output":{"target":"smithy.api#Unit"}},
                "a#mark":{"type":"list","member":{"target":"smithy.api#String"},"traits":{"smithy.api#trait":{}}},
                "a#I":{"type":"intEnum","members":{"A":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":1.0}}}},
                "a#T":{"type":"string","traits":{"a#mark":{},"smithy.api#tags":[],"smithy.api#documentation":"\r"}}}}"#,
        )]);
        let files = to_idl(&ast);
        let text = &files["a"];
        assert!(text.contains("        \"null\"\n"), "{text}");
        assert!(text.contains("@mark({})\n"), "{text}");
        assert!(text.contains("@enumValue(1.0)\n    A\n"), "{text}");
        assert!(
            text.contains(
                "metadata \"a.b\" = { \"_\": [], \"x y\": { \"\\\"\": \"\\u0000\\t\" } }\n"
            ),
            "{text}"
        );
        assert_eq!(round_trip(&ast).unwrap().to_json(), ast.to_json());
    }

    #[test]
    fn smithy_1_models_stay_1_0() {
        let files = round(
            "$version: \"1.0\"\nnamespace a\nset S { member: String }\nstructure T {\n    @box\n    n: Integer\n    p: PrimitiveInteger\n}\n",
        );
        let text = &files["a"];
        assert!(text.starts_with("$version: \"1.0\"\n"), "{text}");
        assert!(text.contains("set S {\n    member: String\n}\n"), "{text}");
        assert!(
            text.contains("@default(0)\n    p: PrimitiveInteger\n"),
            "{text}"
        );
    }

    #[test]
    fn differences_name_their_place() {
        let left = serde_json::json!({"a": {"b": [1, 2], "c": 1}, "d": "x"});
        let right = serde_json::json!({"a": {"b": [1, 3]}, "d": "x", "e.f": null});
        assert_eq!(
            json_differences(&left, &right, 10),
            [
                "a.b[1]: 2 ≠ 3",
                "a.c: only on the left: 1",
                "\"e.f\": only on the right: null"
            ]
        );
        assert_eq!(json_differences(&left, &right, 1)[1], "… and 2 more");
        assert!(json_differences(&left, &left, 10).is_empty());
    }

    #[test]
    fn output_is_deterministic() {
        let text = "$version: \"2.0\"\nnamespace a\nuse b#X\nstructure S { x: X, y: b#Y }\n";
        let others = "$version: \"2.0\"\nnamespace b\nstring X\nstring Y\n";
        let ast = load(&[("a.smithy", text), ("b.smithy", others)]);
        let first = to_idl(&ast);
        for _ in 0..5 {
            assert_eq!(to_idl(&ast.clone()), first);
        }
        assert!(first["a"].contains("use b#X\nuse b#Y\n"), "{}", first["a"]);
    }
}
