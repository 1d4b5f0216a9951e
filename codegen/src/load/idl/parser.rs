//! Parses one IDL file into statements whose shape IDs are still as written (relative IDs are
//! resolved later, once every file's shapes are known).

use std::collections::{BTreeMap, HashSet};

use super::lexer::{Lexer, Pos, SyntaxError, Tok};

/// A node value as written; unquoted shape IDs are kept apart from strings.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub kind: NodeKind,
    /// Where it starts.
    pub pos: Pos,
}

/// The kinds of node value.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, as serde_json reads it.
    Number(serde_json::Number),
    /// A quoted string or text block.
    String(String),
    /// An unquoted shape ID (resolved like any other shape ID).
    ShapeId(String),
    /// `[...]`
    Array(Vec<Node>),
    /// `{...}`, keys in order.
    Object(Vec<(String, Node)>),
}

/// A shape ID as written, with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct IdRef {
    /// The text (`String`, `smithy.api#String`, `Foo$bar`).
    pub text: String,
    /// Where it is.
    pub pos: Pos,
}

/// A trait application.
#[derive(Debug, Clone, PartialEq)]
pub struct TraitApp {
    /// The trait's shape ID as written (`documentation` for a doc comment).
    pub name: IdRef,
    /// Its value (`Null` for an annotation without a value).
    pub value: Node,
    /// Whether it was written without a value (`@sensitive`, `@tags()`).
    pub annotation: bool,
}

/// A member as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The member name.
    pub name: String,
    /// Where it is.
    pub pos: Pos,
    /// The target; `None` when elided (`$name`) or for an enum member.
    pub target: Option<IdRef>,
    /// Traits before it, doc comment included.
    pub traits: Vec<TraitApp>,
    /// `= value`: a default value, or the value of an enum member.
    pub value: Option<Node>,
}

/// What a shape statement defines.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapeDef {
    /// The shape name (the namespace is the file's).
    pub name: String,
    /// The shape type keyword (`set` included).
    pub ty: String,
    /// Where the statement starts.
    pub pos: Pos,
    /// Traits before the shape, doc comment included.
    pub traits: Vec<TraitApp>,
    /// `with [...]`
    pub mixins: Vec<IdRef>,
    /// `for Resource`
    pub for_resource: Option<IdRef>,
    /// Members, in order.
    pub members: Vec<Member>,
    /// The body of a service or resource: a node object.
    pub body: Option<Node>,
    /// Operation input: a reference, or the name of an inline structure defined alongside.
    pub input: Option<IdRef>,
    /// Operation output.
    pub output: Option<IdRef>,
    /// Operation errors.
    pub errors: Vec<IdRef>,
}

/// An `apply` statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Apply {
    /// The shape or member it applies to.
    pub target: IdRef,
    /// The traits.
    pub traits: Vec<TraitApp>,
}

/// One parsed file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct File {
    /// `$version`, as written (`"1.0"` when absent).
    pub version: String,
    /// Whether the version is 2 or later.
    pub v2: bool,
    /// `metadata key = value`, in order.
    pub metadata: Vec<(String, Node)>,
    /// The namespace.
    pub namespace: Option<String>,
    /// `use` statements: shape name → absolute shape ID.
    pub uses: BTreeMap<String, String>,
    /// Shape statements, in order (inline input/output structures follow their operation).
    pub shapes: Vec<ShapeDef>,
    /// `apply` statements.
    pub applies: Vec<Apply>,
}

const MAX_NESTING: usize = 64;

type PResult<T> = Result<T, SyntaxError>;

/// Parses a file; every syntax error found, each after recovering at the next statement.
pub fn parse(text: &str) -> (File, Vec<SyntaxError>) {
    let mut p = Parser {
        lx: Lexer::new(text),
        file: File {
            version: "1.0".to_owned(),
            ..File::default()
        },
        errors: Vec::new(),
        nesting: 0,
        input_suffix: "Input".to_owned(),
        output_suffix: "Output".to_owned(),
    };
    if let Err(e) = p.parse_file() {
        p.errors.push(e);
    }
    (p.file, p.errors)
}

struct Parser<'a> {
    lx: Lexer<'a>,
    file: File,
    errors: Vec<SyntaxError>,
    nesting: usize,
    input_suffix: String,
    output_suffix: String,
}

fn err<T>(pos: Pos, message: impl Into<String>) -> PResult<T> {
    Err(SyntaxError {
        pos,
        message: message.into(),
    })
}

impl Parser<'_> {
    // ---- token helpers ----

    fn tok(&self) -> Tok {
        self.lx.tok
    }

    fn next(&mut self) {
        self.lx.advance();
    }

    /// The error for an unexpected token (an error token reports its own problem).
    fn unexpected<T>(&self, expected: &[Tok]) -> PResult<T> {
        if self.tok() == Tok::Error {
            let (message, pos) = self.lx.error.clone().unwrap_or_default();
            return err(pos.unwrap_or(self.lx.pos), message);
        }
        let message = if let [one] = expected {
            format!("Expected {} but found {}", one.expected(), self.lx.found())
        } else {
            let names: Vec<String> = expected.iter().map(|t| t.expected()).collect();
            format!(
                "Expected one of {}; but found {}",
                names.join(", "),
                self.lx.found()
            )
        };
        err(self.lx.pos, message)
    }

    fn expect(&self, expected: &[Tok]) -> PResult<Tok> {
        if expected.contains(&self.tok()) {
            Ok(self.tok())
        } else {
            self.unexpected(expected)
        }
    }

    fn skip_spaces(&mut self) {
        while self.tok() == Tok::Space {
            self.next();
        }
    }

    fn skip_ws(&mut self) {
        while self.tok().is_whitespace() {
            self.next();
        }
    }

    fn skip_ws_and_docs(&mut self) {
        while self.tok().is_whitespace() || self.tok() == Tok::DocComment {
            self.next();
        }
    }

    fn expect_and_skip_spaces(&mut self) -> PResult<()> {
        self.expect(&[Tok::Space])?;
        self.skip_spaces();
        Ok(())
    }

    fn expect_and_skip_whitespace(&mut self) -> PResult<()> {
        if !self.tok().is_whitespace() {
            if self.tok() == Tok::Error {
                return self.unexpected(&[]);
            }
            return err(
                self.lx.pos,
                format!(
                    "Expected one or more whitespace characters, but found {}",
                    self.lx.found()
                ),
            );
        }
        self.skip_ws_and_docs();
        Ok(())
    }

    fn expect_and_skip_br(&mut self) -> PResult<()> {
        self.skip_spaces();
        self.lx.clear_docs();
        match self.tok() {
            Tok::Newline | Tok::Comment | Tok::DocComment => {
                self.next();
                self.skip_ws();
                Ok(())
            }
            Tok::Eof => Ok(()),
            Tok::Error => self.unexpected(&[]),
            _ => err(
                self.lx.pos,
                format!("Expected a line break, but found {}", self.lx.found()),
            ),
        }
    }

    fn is_lexeme(&self, word: &str) -> bool {
        self.tok() == Tok::Identifier && self.lx.lexeme() == word
    }

    fn nest(&mut self) -> PResult<()> {
        self.nesting += 1;
        if self.nesting > MAX_NESTING {
            return err(
                self.lx.pos,
                format!("Parser exceeded maximum allowed depth of {MAX_NESTING}"),
            );
        }
        Ok(())
    }

    // ---- shape IDs ----

    /// An identifier; returns the byte offset where it ends.
    fn skip_identifier(&mut self) -> PResult<usize> {
        self.expect(&[Tok::Identifier])?;
        let end = self.lx.end;
        self.next();
        Ok(end)
    }

    /// `a.b.c`; returns the byte offset where it ends.
    fn skip_namespace(&mut self) -> PResult<usize> {
        let mut end = self.skip_identifier()?;
        while self.tok() == Tok::Dot {
            self.next();
            end = self.skip_identifier()?;
        }
        Ok(end)
    }

    /// `Name` or `Name$member`; returns the byte offset where it ends.
    fn skip_relative_root(&mut self) -> PResult<usize> {
        let mut end = self.skip_identifier()?;
        if self.tok() == Tok::Dollar {
            self.next();
            end = self.skip_identifier()?;
        }
        Ok(end)
    }

    /// A shape ID, relative or absolute, with an optional member.
    fn shape_id(&mut self) -> PResult<IdRef> {
        let pos = self.lx.pos;
        let start = self.lx.start;
        let mut end = self.skip_namespace()?;
        if matches!(self.tok(), Tok::Dollar | Tok::Pound) {
            self.next();
            end = self.skip_relative_root()?;
        }
        Ok(IdRef {
            text: self.lx.slice(start, end).to_owned(),
            pos,
        })
    }

    fn absolute_shape_id(&mut self) -> PResult<IdRef> {
        let pos = self.lx.pos;
        let start = self.lx.start;
        self.skip_namespace()?;
        self.expect(&[Tok::Pound])?;
        self.next();
        let end = self.skip_relative_root()?;
        Ok(IdRef {
            text: self.lx.slice(start, end).to_owned(),
            pos,
        })
    }

    // ---- node values ----

    fn node(&mut self) -> PResult<Node> {
        let pos = self.lx.pos;
        self.node_at(pos)
    }

    fn node_at(&mut self, pos: Pos) -> PResult<Node> {
        let tok = self.expect(&[
            Tok::String,
            Tok::TextBlock,
            Tok::Number,
            Tok::Identifier,
            Tok::LBrace,
            Tok::LBracket,
        ])?;
        match tok {
            Tok::String | Tok::TextBlock => {
                let s = std::mem::take(&mut self.lx.string);
                self.next();
                Ok(Node {
                    kind: NodeKind::String(s),
                    pos,
                })
            }
            Tok::Number => {
                let n = self.number()?;
                self.next();
                Ok(Node {
                    kind: NodeKind::Number(n),
                    pos,
                })
            }
            Tok::Identifier => {
                let id = self.shape_id()?;
                Ok(identifier(id.text, pos))
            }
            Tok::LBrace => self.object(pos),
            _ => self.array(pos),
        }
    }

    fn number(&self) -> PResult<serde_json::Number> {
        let text = self.lx.number;
        let parsed = if text.contains(['.', 'e', 'E']) {
            text.parse::<f64>().ok().and_then(serde_json::Number::from_f64)
        } else if let Ok(i) = text.parse::<i64>() {
            Some(i.into())
        } else if let Ok(u) = text.parse::<u64>() {
            Some(u.into())
        } else {
            // Beyond 64 bits: the nearest f64, as serde_json reads the same number in a JSON
            // AST file (trait values are serde_json values).
            text.parse::<f64>().ok().and_then(serde_json::Number::from_f64)
        };
        parsed.map_or_else(
            || {
                err(
                    self.lx.pos,
                    format!("Number '{text}' is out of range: it is beyond a 64-bit float"),
                )
            },
            Ok,
        )
    }

    fn array(&mut self, pos: Pos) -> PResult<Node> {
        self.nest()?;
        self.expect(&[Tok::LBracket])?;
        self.next();
        self.skip_ws_and_docs();
        let mut items = Vec::new();
        while self.tok() != Tok::RBracket {
            items.push(self.node()?);
            self.skip_ws_and_docs();
        }
        self.next();
        self.nesting -= 1;
        Ok(Node {
            kind: NodeKind::Array(items),
            pos,
        })
    }

    fn object(&mut self, pos: Pos) -> PResult<Node> {
        self.expect(&[Tok::LBrace])?;
        self.next();
        self.skip_ws_and_docs();
        self.nest()?;
        let mut entries: Vec<(String, Node)> = Vec::new();
        loop {
            if self.expect(&[Tok::RBrace, Tok::String, Tok::Identifier])? == Tok::RBrace {
                break;
            }
            let key = self.key_text();
            let key_pos = self.lx.pos;
            self.next();
            self.skip_ws_and_docs();
            self.expect(&[Tok::Colon])?;
            self.next();
            self.skip_ws_and_docs();
            let value = self.node()?;
            if has_key(&entries, &key) {
                return err(key_pos, format!("Duplicate member: '{key}'"));
            }
            entries.push((key, value));
            self.skip_ws_and_docs();
        }
        self.next();
        self.nesting -= 1;
        Ok(Node {
            kind: NodeKind::Object(entries),
            pos,
        })
    }

    /// The text of a string or identifier token.
    fn key_text(&self) -> String {
        if self.tok() == Tok::String {
            self.lx.string.clone()
        } else {
            self.lx.lexeme().to_owned()
        }
    }

    // ---- traits ----

    /// Doc comments and traits before a shape or member.
    fn docs_and_traits(&mut self, member: bool) -> PResult<Vec<TraitApp>> {
        self.skip_ws();
        let mut doc = None;
        if self.tok() == Tok::DocComment {
            let pos = self.lx.pos;
            self.skip_ws_and_docs();
            doc = self.lx.take_docs().map(|d| (d, pos));
        } else {
            self.skip_ws_and_docs();
        }
        self.skip_ws_and_docs();
        let mut traits = self.traits()?;
        if let Some((text, pos)) = doc {
            traits.push(doc_trait(text, pos));
        }
        self.skip_ws_and_docs();
        if member {
            self.lx.clear_docs();
        }
        Ok(traits)
    }

    fn traits(&mut self) -> PResult<Vec<TraitApp>> {
        let mut out = Vec::new();
        while self.tok() == Tok::At {
            out.push(self.trait_app()?);
            self.skip_ws_and_docs();
        }
        Ok(out)
    }

    fn trait_app(&mut self) -> PResult<TraitApp> {
        let pos = self.lx.pos;
        self.expect(&[Tok::At])?;
        self.next();
        let name = self.shape_id()?;
        let annotation = |name| TraitApp {
            name,
            value: Node {
                kind: NodeKind::Null,
                pos,
            },
            annotation: true,
        };
        if self.tok() != Tok::LParen {
            return Ok(annotation(name));
        }
        self.next();
        self.skip_ws_and_docs();
        if self.tok() == Tok::RParen {
            self.next();
            return Ok(annotation(name));
        }
        let value = self.trait_body(pos)?;
        self.skip_ws_and_docs();
        self.expect(&[Tok::RParen])?;
        self.next();
        Ok(TraitApp {
            name,
            value,
            annotation: false,
        })
    }

    fn trait_body(&mut self, pos: Pos) -> PResult<Node> {
        self.expect(&[
            Tok::LBrace,
            Tok::LBracket,
            Tok::TextBlock,
            Tok::String,
            Tok::Number,
            Tok::Identifier,
        ])?;
        match self.tok() {
            Tok::LBrace | Tok::LBracket | Tok::TextBlock | Tok::Number => {
                let n = self.node_at(pos)?;
                self.skip_ws_and_docs();
                Ok(n)
            }
            Tok::String => {
                let s = std::mem::take(&mut self.lx.string);
                self.next();
                self.skip_ws_and_docs();
                if self.tok() == Tok::Colon {
                    self.next();
                    self.skip_ws_and_docs();
                    return self.structured_trait(s, pos);
                }
                Ok(Node {
                    kind: NodeKind::String(s),
                    pos,
                })
            }
            _ => {
                let id = self.shape_id()?;
                self.skip_ws_and_docs();
                if self.tok() == Tok::RParen || id.text.contains(['.', '$', '#']) {
                    return Ok(identifier(id.text, pos));
                }
                self.expect(&[Tok::Colon])?;
                self.next();
                self.skip_ws_and_docs();
                self.structured_trait(id.text, pos)
            }
        }
    }

    fn structured_trait(&mut self, first_key: String, pos: Pos) -> PResult<Node> {
        self.nest()?;
        let first = self.node()?;
        let mut entries = vec![(first_key, first)];
        self.skip_ws_and_docs();
        while self.tok() != Tok::RParen {
            self.expect(&[Tok::Identifier, Tok::String])?;
            let key = self.key_text();
            let key_pos = self.lx.pos;
            self.next();
            self.skip_ws_and_docs();
            self.expect(&[Tok::Colon])?;
            self.next();
            self.skip_ws_and_docs();
            let value = self.node()?;
            if has_key(&entries, &key) {
                return err(key_pos, format!("Duplicate member of trait: '{key}'"));
            }
            entries.push((key, value));
            self.skip_ws_and_docs();
        }
        self.nesting -= 1;
        Ok(Node {
            kind: NodeKind::Object(entries),
            pos,
        })
    }

    // ---- statements ----

    fn parse_file(&mut self) -> PResult<()> {
        self.skip_ws_and_docs();
        self.control_section();
        self.skip_ws_and_docs();
        self.metadata_section();
        self.shape_section()
    }

    /// Runs a statement; on a syntax error, records it and skips to the next line that starts
    /// like a statement.
    fn recover(&mut self, result: PResult<()>) -> PResult<()> {
        let Err(e) = result else { return Ok(()) };
        if self.tok() == Tok::Eof {
            return Err(e);
        }
        self.errors.push(e);
        self.nesting = 0;
        loop {
            let tok = self.lx.advance();
            if self.lx.pos.column == 1
                && matches!(tok, Tok::Identifier | Tok::DocComment | Tok::At | Tok::Dollar)
            {
                break;
            }
            if tok == Tok::Eof {
                break;
            }
        }
        Ok(())
    }

    fn control_section(&mut self) {
        let mut seen = HashSet::new();
        while self.tok() == Tok::Dollar {
            let r = self.control_statement(&mut seen);
            if let Err(e) = self.recover(r) {
                self.errors.push(e);
                return;
            }
        }
    }

    fn control_statement(&mut self, seen: &mut HashSet<String>) -> PResult<()> {
        self.next();
        self.expect(&[Tok::Identifier, Tok::String])?;
        let key = self.key_text();
        self.next();
        self.skip_spaces();
        self.expect(&[Tok::Colon])?;
        self.next();
        self.skip_spaces();
        if !seen.insert(key.clone()) {
            return err(self.lx.pos, format!("Duplicate control statement `{key}`"));
        }
        let value = self.node()?;
        match key.as_str() {
            "version" => {
                let NodeKind::String(v) = &value.kind else {
                    return err(
                        value.pos,
                        format!(
                            "The $version control statement must have a string value, but found {}",
                            node_json(&value)
                        ),
                    );
                };
                let v2 = match v.as_str() {
                    "1" | "1.0" => false,
                    "2" | "2.0" => true,
                    _ => {
                        return err(
                            self.lx.pos,
                            format!("Unsupported Smithy version number: {v}"),
                        );
                    }
                };
                self.file.version = v.clone();
                self.file.v2 = v2;
            }
            "operationInputSuffix" | "operationOutputSuffix" => {
                let NodeKind::String(v) = &value.kind else {
                    return err(value.pos, format!("Expected a string value for `{key}`"));
                };
                if key == "operationInputSuffix" {
                    self.input_suffix = v.clone();
                } else {
                    self.output_suffix = v.clone();
                }
            }
            // Unknown control statements are ignored (Smithy warns).
            _ => {}
        }
        self.expect_and_skip_br()
    }

    fn metadata_section(&mut self) {
        while self.is_lexeme("metadata") {
            let r = self.metadata_statement();
            if let Err(e) = self.recover(r) {
                self.errors.push(e);
                return;
            }
        }
    }

    fn metadata_statement(&mut self) -> PResult<()> {
        self.next();
        self.expect_and_skip_spaces()?;
        self.expect(&[Tok::Identifier, Tok::String])?;
        let key = self.key_text();
        self.next();
        self.skip_spaces();
        self.expect(&[Tok::Equal])?;
        self.next();
        self.skip_spaces();
        let value = self.node()?;
        self.file.metadata.push((key, value));
        self.expect_and_skip_br()?;
        self.skip_ws_and_docs();
        Ok(())
    }

    fn shape_section(&mut self) -> PResult<()> {
        if self.is_lexeme("namespace") {
            self.next();
            self.expect_and_skip_spaces()?;
            let start = self.lx.start;
            let end = self.skip_namespace()?;
            self.file.namespace = Some(self.lx.slice(start, end).to_owned());
            self.expect_and_skip_br()?;
            let doc_pos = self.lx.pos;
            self.skip_ws_and_docs();
            self.use_section()?;
            self.first_shape_statement(doc_pos)?;
            while self.tok() != Tok::Eof {
                let r = self.shape_statement();
                self.recover(r)?;
            }
            Ok(())
        } else if self.tok() != Tok::Eof {
            err(
                self.lx.pos,
                format!(
                    "Expected a namespace definition but found {}",
                    self.lx.found()
                ),
            )
        } else {
            Ok(())
        }
    }

    fn use_section(&mut self) -> PResult<()> {
        while self.is_lexeme("use") {
            self.next();
            self.expect_and_skip_spaces()?;
            let id = self.absolute_shape_id()?;
            if id.text.contains('$') {
                return err(id.pos, "Use statements cannot use members");
            }
            let name = id.text.rsplit_once('#').map_or(&*id.text, |(_, n)| n).to_owned();
            if let Some(previous) = self.file.uses.get(&name) {
                return err(
                    id.pos,
                    format!(
                        "Cannot use name `{}` because it conflicts with `{previous}`",
                        id.text
                    ),
                );
            }
            self.file.uses.insert(name, id.text);
            self.expect_and_skip_br()?;
            self.skip_ws_and_docs();
        }
        Ok(())
    }

    fn first_shape_statement(&mut self, doc_pos: Pos) -> PResult<()> {
        if self.tok() == Tok::Eof {
            return Ok(());
        }
        let r = (|| {
            self.skip_ws_and_docs();
            let docs = self.lx.take_docs();
            let mut traits = self.docs_and_traits(false)?;
            let has_docs = docs.is_some();
            if let Some(d) = docs {
                traits.push(doc_trait(d, doc_pos));
            }
            if self.has_shape(&traits, has_docs) {
                self.shape_or_apply(traits)?;
            }
            Ok(())
        })();
        self.recover(r)
    }

    fn shape_statement(&mut self) -> PResult<()> {
        let has_docs = self.tok() == Tok::DocComment;
        let traits = self.docs_and_traits(false)?;
        if self.has_shape(&traits, has_docs) {
            self.shape_or_apply(traits)?;
        }
        Ok(())
    }

    /// Whether a shape follows (documentation comments at the end of a file attach to nothing).
    fn has_shape(&self, traits: &[TraitApp], has_docs: bool) -> bool {
        if self.tok() != Tok::Eof {
            true
        } else if has_docs {
            traits.len() != 1
        } else {
            !traits.is_empty()
        }
    }

    fn namespace(&self) -> &str {
        self.file.namespace.as_deref().unwrap_or_default()
    }

    fn shape_or_apply(&mut self, traits: Vec<TraitApp>) -> PResult<()> {
        let pos = self.lx.pos;
        self.expect(&[Tok::Identifier])?;
        let ty = self.lx.lexeme().to_owned();
        if ty == "apply" {
            return self.apply(traits);
        }
        if !crate::ast::SHAPE_TYPES.contains(&ty.as_str()) {
            return err(pos, format!("Unknown shape type: {ty}"));
        }
        match (ty.as_str(), self.file.v2) {
            ("set", true) => return err(pos, "set shapes cannot be used in Smithy version 2.0"),
            ("enum" | "intEnum", false) => {
                return err(pos, format!("{ty} shapes cannot be used in Smithy version 1.0"));
            }
            _ => {}
        }
        self.next();
        self.expect_and_skip_spaces()?;
        let name_pos = self.lx.pos;
        self.expect(&[Tok::Identifier])?;
        let name = self.lx.lexeme().to_owned();
        if let Some(previous) = self.file.uses.get(&name) {
            return err(
                name_pos,
                format!("Shape name `{name}` conflicts with imported shape `{previous}`"),
            );
        }
        self.next();
        if !self.file.v2 {
            if let Some(t) = traits.iter().find(|t| t.name.text == "mixin" || t.name.text == "smithy.api#mixin") {
                return err(
                    t.name.pos,
                    format!(
                        "Mixins can only be used in Smithy 2.0 or later. Attempted to apply a @mixin trait to `{}#{name}` in a model file using version `{}`.",
                        self.namespace(),
                        self.file.version
                    ),
                );
            }
        }
        let mut shape = ShapeDef {
            name,
            ty: ty.clone(),
            pos,
            traits,
            mixins: Vec::new(),
            for_resource: None,
            members: Vec::new(),
            body: None,
            input: None,
            output: None,
            errors: Vec::new(),
        };
        let mut inline = Vec::new();
        match ty.as_str() {
            "enum" | "intEnum" => {
                self.mixins(&mut shape)?;
                self.enum_members(&mut shape)?;
            }
            "list" | "set" | "map" | "structure" | "union" => {
                self.aggregate(&mut shape)?;
            }
            "service" | "resource" => {
                self.mixins(&mut shape)?;
                self.skip_ws_and_docs();
                self.expect(&[Tok::LBrace])?;
                let body = self.node()?;
                shape.body = Some(body);
            }
            "operation" => {
                self.mixins(&mut shape)?;
                self.operation(&mut shape, &mut inline)?;
            }
            _ => self.mixins(&mut shape)?,
        }
        self.file.shapes.push(shape);
        self.file.shapes.extend(inline);
        self.expect_and_skip_br()
    }

    fn apply(&mut self, traits: Vec<TraitApp>) -> PResult<()> {
        if traits.iter().any(|t| !is_doc_trait(t)) {
            return err(self.lx.pos, "Traits applied to apply statement");
        }
        self.next();
        self.expect_and_skip_whitespace()?;
        let target = self.shape_id()?;
        self.expect_and_skip_whitespace()?;
        let traits = if self.expect(&[Tok::At, Tok::LBrace])? == Tok::At {
            vec![self.trait_app()?]
        } else {
            self.next();
            self.skip_ws_and_docs();
            let t = self.traits()?;
            self.skip_ws_and_docs();
            self.expect(&[Tok::RBrace])?;
            self.next();
            t
        };
        self.file.applies.push(Apply { target, traits });
        self.expect_and_skip_br()
    }

    fn mixins(&mut self, shape: &mut ShapeDef) -> PResult<()> {
        self.skip_spaces();
        if !self.is_lexeme("with") {
            return Ok(());
        }
        if !self.file.v2 {
            return err(
                self.lx.pos,
                format!(
                    "Mixins can only be used with Smithy version 2 or later. Attempted to use mixins with version `{}`.",
                    self.file.version
                ),
            );
        }
        self.next();
        self.skip_ws_and_docs();
        self.expect(&[Tok::LBracket])?;
        self.next();
        self.skip_ws_and_docs();
        loop {
            let id = self.shape_id()?;
            shape.mixins.push(id);
            self.skip_ws_and_docs();
            if self.tok() == Tok::RBracket {
                break;
            }
        }
        self.next();
        Ok(())
    }

    fn enum_members(&mut self, shape: &mut ShapeDef) -> PResult<()> {
        self.skip_ws_and_docs();
        self.expect(&[Tok::LBrace])?;
        self.next();
        self.skip_ws();
        let mut names = HashSet::new();
        while !matches!(self.tok(), Tok::Eof | Tok::RBrace) {
            let traits = self.docs_and_traits(true)?;
            let pos = self.lx.pos;
            self.expect(&[Tok::Identifier])?;
            let name = self.lx.lexeme().to_owned();
            if !names.insert(name.clone()) {
                return err(pos, format!("Found conflicting member name, `{name}`"));
            }
            self.next();
            self.skip_spaces();
            let mut value = None;
            if self.tok() == Tok::Equal {
                value = Some(self.assigned_value()?);
            } else {
                self.skip_ws();
            }
            shape.members.push(Member {
                name,
                pos,
                target: None,
                traits,
                value,
            });
        }
        self.expect(&[Tok::RBrace])?;
        self.next();
        Ok(())
    }

    /// `= value` after a member: the value, an optional comma, then a line break.
    fn assigned_value(&mut self) -> PResult<Node> {
        self.expect(&[Tok::Equal])?;
        self.next();
        self.skip_spaces();
        let value = self.node()?;
        self.skip_spaces();
        if self.tok() == Tok::Comma {
            self.next();
        }
        self.expect_and_skip_br()?;
        Ok(value)
    }

    fn aggregate(&mut self, shape: &mut ShapeDef) -> PResult<()> {
        self.skip_spaces();
        if self.is_lexeme("for") {
            if !self.file.v2 {
                return err(
                    self.lx.pos,
                    format!(
                        "Structures can only be bound to resources with Smithy version 2 or later. Attempted to bind a structure to a resource with version `{}`.",
                        self.file.version
                    ),
                );
            }
            self.next();
            self.expect_and_skip_spaces()?;
            shape.for_resource = Some(self.shape_id()?);
        }
        self.mixins(shape)?;
        self.skip_ws_and_docs();
        self.lx.clear_docs();
        self.expect(&[Tok::LBrace])?;
        self.next();
        self.skip_ws();
        let mut names = HashSet::new();
        while self.tok() != Tok::Eof && self.tok() != Tok::RBrace {
            self.member(shape, &mut names)?;
            self.skip_ws();
        }
        self.expect(&[Tok::RBrace])?;
        self.next();
        Ok(())
    }

    fn member(&mut self, shape: &mut ShapeDef, names: &mut HashSet<String>) -> PResult<()> {
        let traits = self.docs_and_traits(true)?;
        let pos = self.lx.pos;
        if self.tok() == Tok::RBrace && traits.len() == 1 && is_doc_trait(&traits[0]) {
            // A dangling documentation comment.
            return Ok(());
        }
        let elided = self.tok() == Tok::Dollar;
        if elided {
            self.next();
        }
        self.expect(&[Tok::Identifier])?;
        let name = self.lx.lexeme().to_owned();
        if !names.insert(name.clone()) {
            return err(
                self.lx.pos,
                format!(
                    "Duplicate member of `{}#{}`: '{name}'",
                    self.namespace(),
                    shape.name
                ),
            );
        }
        if elided && !self.file.v2 {
            return err(
                self.lx.pos,
                "Members can only elide targets in IDL version 2 or later",
            );
        }
        self.next();
        let mut target = None;
        if !elided {
            self.skip_spaces();
            self.expect(&[Tok::Colon])?;
            self.next();
            self.skip_spaces();
            target = Some(self.shape_id()?);
        }
        self.skip_spaces();
        let mut value = None;
        if self.tok() == Tok::Equal {
            if !self.file.v2 {
                return err(
                    self.lx.pos,
                    "@default assignment is only supported in IDL version 2 or later",
                );
            }
            value = Some(self.assigned_value()?);
        }
        shape.members.push(Member {
            name,
            pos,
            target,
            traits,
            value,
        });
        Ok(())
    }

    fn operation(&mut self, shape: &mut ShapeDef, inline: &mut Vec<ShapeDef>) -> PResult<()> {
        self.skip_ws_and_docs();
        self.expect(&[Tok::LBrace])?;
        self.next();
        self.skip_ws_and_docs();
        let mut seen = HashSet::new();
        while self.tok() != Tok::Eof && self.tok() != Tok::RBrace {
            self.expect(&[Tok::Identifier])?;
            let key = self.lx.lexeme().to_owned();
            let key_pos = self.lx.pos;
            let id = format!("{}#{}", self.namespace(), shape.name);
            if !seen.insert(key.clone()) {
                return err(
                    key_pos,
                    format!("Duplicate operation {key} property for `{id}`"),
                );
            }
            self.next();
            self.skip_ws_and_docs();
            match key.as_str() {
                "input" | "output" => {
                    let tok = self.expect(&[Tok::Colon, Tok::Walrus])?;
                    self.next();
                    let r = if tok == Tok::Walrus {
                        if !self.file.v2 {
                            return err(
                                self.lx.pos,
                                format!(
                                    "Inlined operation inputs and outputs can only be used with Smithy version 2 or later. Attempted to use inlined IO with version `{}`.",
                                    self.file.version
                                ),
                            );
                        }
                        self.lx.clear_docs();
                        self.skip_ws();
                        let suffix = if key == "input" {
                            self.input_suffix.clone()
                        } else {
                            self.output_suffix.clone()
                        };
                        let name = format!("{}{suffix}", shape.name);
                        let mut traits = self.docs_and_traits(true)?;
                        traits.push(TraitApp {
                            name: IdRef {
                                text: format!("smithy.api#{key}"),
                                pos: key_pos,
                            },
                            value: Node {
                                kind: NodeKind::Object(Vec::new()),
                                pos: key_pos,
                            },
                            annotation: true,
                        });
                        let pos = self.lx.pos;
                        let mut s = ShapeDef {
                            name: name.clone(),
                            ty: "structure".to_owned(),
                            pos,
                            traits,
                            mixins: Vec::new(),
                            for_resource: None,
                            members: Vec::new(),
                            body: None,
                            input: None,
                            output: None,
                            errors: Vec::new(),
                        };
                        self.aggregate(&mut s)?;
                        inline.push(s);
                        IdRef { text: name, pos }
                    } else {
                        self.skip_ws_and_docs();
                        self.shape_id()?
                    };
                    if key == "input" {
                        shape.input = Some(r);
                    } else {
                        shape.output = Some(r);
                    }
                }
                "errors" => {
                    self.expect(&[Tok::Colon])?;
                    self.next();
                    shape.errors = self.id_list()?;
                }
                _ => {
                    return err(key_pos, format!("Unknown property {key} for {id}"));
                }
            }
            self.expect_and_skip_whitespace()?;
            self.skip_ws_and_docs();
        }
        self.expect(&[Tok::RBrace])?;
        self.next();
        Ok(())
    }

    fn id_list(&mut self) -> PResult<Vec<IdRef>> {
        self.nest()?;
        self.skip_ws_and_docs();
        self.expect(&[Tok::LBracket])?;
        self.next();
        self.skip_ws_and_docs();
        let mut out = Vec::new();
        while self.tok() != Tok::Eof && self.tok() != Tok::RBracket {
            self.expect(&[Tok::Identifier])?;
            out.push(self.shape_id()?);
            self.skip_ws_and_docs();
        }
        self.expect(&[Tok::RBracket])?;
        self.next();
        self.nesting -= 1;
        Ok(out)
    }
}

/// Whether an object's entries have the key: a scan for the usual few keys, a sorted search
/// beyond (an object of thousands of keys must not take quadratic time).
fn has_key(entries: &[(String, Node)], key: &str) -> bool {
    if entries.len() < 32 {
        return entries.iter().any(|(k, _)| k == key);
    }
    let mut keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
    keys.sort_unstable();
    keys.binary_search(&key).is_ok()
}

fn identifier(text: String, pos: Pos) -> Node {
    let kind = match text.as_str() {
        "true" => NodeKind::Bool(true),
        "false" => NodeKind::Bool(false),
        "null" => NodeKind::Null,
        _ => NodeKind::ShapeId(text),
    };
    Node { kind, pos }
}

fn doc_trait(text: String, pos: Pos) -> TraitApp {
    TraitApp {
        name: IdRef {
            text: "smithy.api#documentation".to_owned(),
            pos,
        },
        value: Node {
            kind: NodeKind::String(text),
            pos,
        },
        annotation: false,
    }
}

fn is_doc_trait(t: &TraitApp) -> bool {
    t.name.text == "smithy.api#documentation" && !t.annotation
}

/// A node as JSON text, for messages.
fn node_json(node: &Node) -> String {
    match &node.kind {
        NodeKind::Null => "null".to_owned(),
        NodeKind::Bool(b) => b.to_string(),
        NodeKind::Number(n) => n.to_string(),
        NodeKind::String(s) | NodeKind::ShapeId(s) => format!("{s:?}"),
        NodeKind::Array(_) => "[...]".to_owned(),
        NodeKind::Object(_) => "{...}".to_owned(),
    }
}
