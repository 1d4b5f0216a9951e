//! Reads model files, JSON AST and Smithy IDL in any mix, and merges them into one JSON AST
//! ([`Ast`]) as the Smithy specification says; [`crate::model::Model::from_ast`] takes it on.

pub mod idl;
mod merge;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::ast::{self, Ast, AstShape};
use crate::error::{Error, Result};

pub use idl::lexer::Pos;

/// One model file's text.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as given (shown in messages).
    pub path: PathBuf,
    /// The file's contents.
    pub text: String,
}

/// What one file contributes before merging.
#[derive(Debug, Clone, Default)]
pub(crate) struct Fragment {
    /// The file.
    pub path: PathBuf,
    /// Its Smithy version.
    pub version: String,
    /// Metadata entries, in order.
    pub metadata: Vec<(String, Value, Option<Pos>)>,
    /// Shapes it defines.
    pub shapes: Vec<Defined>,
    /// Traits it applies with `apply`, in order.
    pub applies: Vec<Applied>,
}

/// A shape as defined in one file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Defined {
    /// Absolute shape ID.
    pub id: String,
    /// The shape; elided members have an empty target until merged.
    pub shape: AstShape,
    /// Where it is defined (IDL files only).
    pub pos: Option<Pos>,
    /// Members whose target is elided (`$name`).
    pub elided: Vec<String>,
    /// The resource of `for Resource`, for elided members.
    pub for_resource: Option<String>,
}

/// One trait applied by an `apply` statement.
#[derive(Debug, Clone)]
pub(crate) struct Applied {
    /// Absolute shape or member ID.
    pub target: String,
    /// Absolute trait ID.
    pub name: String,
    /// The value.
    pub value: Value,
    /// Where it is applied (IDL files only).
    pub pos: Option<Pos>,
}

/// A loading error at a place in a file: `file:line:column: message`, or `file: message`.
pub(crate) fn error_at(path: &Path, pos: Option<Pos>, message: impl Into<String>) -> Error {
    let message = message.into();
    match pos {
        Some(p) => Error::ParseModel {
            path: path.to_owned(),
            line: p.line,
            column: p.column,
            message,
        },
        None => Error::Load {
            path: path.to_owned(),
            message,
        },
    }
}

/// The files a list of paths names: files as given, and every `.smithy` and `.json` file under
/// a directory (recursively, sorted by path).
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|source| Error::ReadModel {
            path: path.clone(),
            source,
        })?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found)?;
            found.sort();
            out.extend(found);
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let read = |e| Error::ReadModel {
        path: dir.to_owned(),
        source: e,
    };
    for entry in std::fs::read_dir(dir).map_err(read)? {
        let path = entry.map_err(read)?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("smithy" | "json")
        ) {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads files as given by [`expand`].
pub fn read(paths: &[PathBuf]) -> Result<Vec<Source>> {
    expand(paths)?
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).map_err(|source| Error::ReadModel {
                path: path.clone(),
                source,
            })?;
            Source::from_bytes(path, bytes)
        })
        .collect()
}

/// Whether a file is read as IDL (by extension; everything else is a JSON AST).
fn is_idl(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "smithy")
}

/// Parses and merges model files into one JSON AST. Every error is reported, each with its
/// file and, for the IDL, line and column.
pub fn load_ast(sources: &[Source]) -> Result<Ast> {
    let mut errors = Vec::new();
    // (position among the sources, parsed IDL file); JSON files are read at once.
    let mut parsed = Vec::new();
    let mut fragments: Vec<(usize, Fragment)> = Vec::new();
    for (i, source) in sources.iter().enumerate() {
        if is_idl(&source.path) {
            let (file, syntax) = idl::parser::parse(&source.text);
            errors.extend(
                syntax
                    .into_iter()
                    .map(|e| error_at(&source.path, Some(e.pos), e.message)),
            );
            parsed.push((i, source, file));
        } else {
            match json_fragment(source) {
                Ok(f) => fragments.push((i, f)),
                Err(e) => errors.push(e),
            }
        }
    }
    if !errors.is_empty() {
        return Err(Error::many(errors));
    }
    let index = idl::Index::new(
        parsed
            .iter()
            .flat_map(|(_, _, f)| idl::defined_types(f))
            .chain(fragments.iter().flat_map(|(_, f)| {
                f.shapes
                    .iter()
                    .map(|d| (d.id.clone(), d.shape.ty.clone()))
            })),
    );
    for (i, source, file) in parsed {
        match idl::fragment(file, &source.path, &index) {
            Ok(f) => fragments.push((i, f)),
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return Err(Error::many(errors));
    }
    // Merge in the order the files were given: metadata lists concatenate in that order.
    fragments.sort_by_key(|(i, _)| *i);
    merge::merge(fragments.into_iter().map(|(_, f)| f).collect())
}

fn json_fragment(source: &Source) -> Result<Fragment> {
    let doc = ast::from_json(&source.text).map_err(|e| json_error(source, e))?;
    Ok(doc_fragment(source, doc))
}

fn json_error(source: &Source, e: ast::JsonError) -> Error {
    match e {
        ast::JsonError::Syntax(e) => Error::ParseModel {
            path: source.path.clone(),
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
        },
        ast::JsonError::Shape(shape, message) => Error::InvalidShape { shape, message },
        ast::JsonError::Version(version) => Error::UnsupportedVersion { version },
    }
}

/// Loads one JSON AST document already read.
pub(crate) fn load_json(source: &Source, doc: ast::JsonDocument) -> Result<Ast> {
    merge::merge(vec![doc_fragment(source, doc)])
}

fn doc_fragment(source: &Source, doc: ast::JsonDocument) -> Fragment {
    let mut fragment = Fragment {
        path: source.path.clone(),
        version: doc.ast.version,
        metadata: doc
            .ast
            .metadata
            .into_iter()
            .map(|(k, v)| (k, v, None))
            .collect(),
        shapes: Vec::new(),
        applies: Vec::new(),
    };
    fragment.shapes = doc
        .ast
        .shapes
        .into_iter()
        .map(|(id, shape)| Defined {
            id,
            shape,
            pos: None,
            elided: Vec::new(),
            for_resource: None,
        })
        .collect();
    for (target, traits) in doc.applies {
        for (name, value) in traits {
            fragment.applies.push(Applied {
                target: target.clone(),
                name,
                value,
                pos: None,
            });
        }
    }
    fragment
}

/// Why a model text could not be parsed.
#[derive(Debug)]
pub enum ParseError {
    /// Not JSON, or not shaped like a Smithy JSON AST (serde_json knows the position).
    Json(serde_json::Error),
    /// Valid JSON but an invalid model.
    Model(Error),
}

/// Parses one JSON AST text into the generator's model (its `apply` entries applied, mixins
/// not yet flattened: see [`crate::resolve::resolve`]).
pub fn parse(text: &str) -> std::result::Result<crate::model::Model, ParseError> {
    let doc = ast::from_json(text).map_err(|e| match e {
        ast::JsonError::Syntax(e) => ParseError::Json(e),
        ast::JsonError::Shape(shape, message) => {
            ParseError::Model(Error::InvalidShape { shape, message })
        }
        ast::JsonError::Version(version) => {
            ParseError::Model(Error::UnsupportedVersion { version })
        }
    })?;
    let source = Source {
        path: "model.json".into(),
        text: String::new(),
    };
    let ast = load_json(&source, doc).map_err(ParseError::Model)?;
    crate::model::Model::from_ast(&ast).map_err(ParseError::Model)
}

/// serde_json appends " at line L column C"; the error already carries them.
pub(crate) fn strip_position(message: &str) -> String {
    message
        .rsplit_once(" at line ")
        .map_or(message, |(m, _)| m)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn src(name: &str, text: &str) -> Source {
        Source {
            path: name.into(),
            text: text.to_owned(),
        }
    }

    const HEAD: &str = "$version: \"2\"\nnamespace a\n";

    #[test]
    fn metadata_arrays_concatenate_and_equal_values_merge() {
        let ast = load_ast(&[
            src("a.smithy", "$version: \"2\"\nmetadata list = [1]\nmetadata same = \"x\"\n"),
            src("b.json", r#"{"smithy":"2.0","metadata":{"list":[2],"same":"x"}}"#),
        ])
        .unwrap();
        assert_eq!(ast.metadata["list"], json!([1, 2]));
        assert_eq!(ast.metadata["same"], json!("x"));
    }

    #[test]
    fn conflicting_metadata_is_an_error_at_its_place() {
        let e = load_ast(&[
            src("a.smithy", "metadata k = 1\n"),
            src("b.smithy", "\nmetadata k = 2\n"),
        ])
        .unwrap_err();
        assert!(
            e.to_string().starts_with("b.smithy:2:14: metadata `k` conflicts with its value in a.smithy:1:14"),
            "{e}"
        );
    }

    #[test]
    fn list_traits_applied_twice_concatenate() {
        let ast = load_ast(&[src(
            "a.smithy",
            &format!("{HEAD}@tags([\"a\"])\nstring S\napply S @tags([\"b\"])\n"),
        )])
        .unwrap();
        assert_eq!(ast.shapes["a#S"].traits["smithy.api#tags"], json!(["a", "b"]));
    }

    #[test]
    fn annotation_traits_are_objects_or_lists_by_definition() {
        let ast = load_ast(&[src(
            "a.smithy",
            &format!("{HEAD}@trait\nlist marks {{ member: String }}\n@marks\n@sensitive\nstring S\n"),
        )])
        .unwrap();
        let traits = &ast.shapes["a#S"].traits;
        assert_eq!(traits["a#marks"], json!([]));
        assert_eq!(traits["smithy.api#sensitive"], json!({}));
    }

    #[test]
    fn smithy_1_0_files_upgrade_defaults_and_sets() {
        let ast = load_ast(&[src(
            "a.smithy",
            "$version: \"1.0\"\nnamespace a\n\
             integer Count\n@box\ninteger Boxed\nset Tags { member: String }\n\
             structure S {\n    a: PrimitiveInteger\n    b: Integer\n    c: Count\n    d: Boxed\n    @box\n    e: PrimitiveBoolean\n}\n",
        )])
        .unwrap();
        let members = &ast.shapes["a#S"].members;
        let default = |m: &str| members[m].traits.get("smithy.api#default").cloned();
        assert_eq!(default("a"), Some(json!(0)));
        assert_eq!(default("b"), None);
        assert_eq!(default("c"), Some(json!(0)));
        assert_eq!(default("d"), None);
        assert_eq!(default("e"), Some(serde_json::Value::Null));
        assert_eq!(
            ast.shapes["a#Count"].traits.get("smithy.api#default"),
            Some(&json!(0))
        );
        let model = crate::model::Model::from_ast(&ast).unwrap();
        assert!(model.shapes["a#Tags"].has_trait("smithy.api#uniqueItems"));
    }

    #[test]
    fn several_syntax_errors_are_all_reported() {
        let e = load_ast(&[src(
            "a.smithy",
            &format!("{HEAD}string A B\nstring C\ntuple D\n"),
        )])
        .unwrap_err();
        let lines: Vec<String> = e.each().iter().map(ToString::to_string).collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[0].starts_with("a.smithy:3:10: "), "{lines:?}");
        assert!(lines[1].starts_with("a.smithy:5:1: Unknown shape type: tuple"), "{lines:?}");
    }

    fn error_of(files: &[(&str, &str)]) -> String {
        let sources: Vec<Source> = files.iter().map(|(n, t)| src(n, t)).collect();
        load_ast(&sources).unwrap_err().to_string()
    }

    #[test]
    fn diamond_mixins_load_in_linear_time() {
        // Each level mixes both shapes of the level below: 2^30 paths, 60 shapes.
        let mut text = format!("{HEAD}@mixin\nstructure P0 {{ a: String }}\n@mixin\nstructure Q0 {{ a: String }}\n");
        for i in 1..=30 {
            for p in ["P", "Q"] {
                text.push_str(&format!("@mixin\nstructure {p}{i} with [P{j}, Q{j}] {{}}\n", j = i - 1));
            }
        }
        text.push_str("structure Final with [P30, Q30] {\n    @required\n    a: String\n}\n");
        let ast = load_ast(&[src("a.smithy", &text)]).unwrap();
        assert!(ast.shapes["a#Final"].members["a"].traits.contains_key("smithy.api#required"));
    }

    #[test]
    fn a_shape_defined_twice_merges_the_traits_of_both() {
        let ast = load_ast(&[
            src("a.smithy", &format!("{HEAD}@documentation(\"x\")\nstructure S {{\n    a: String\n}}\n")),
            src("b.smithy", &format!("{HEAD}@sensitive\nstructure S {{\n    @required\n    a: String\n}}\n")),
        ])
        .unwrap();
        let s = &ast.shapes["a#S"];
        assert!(s.traits.contains_key("smithy.api#documentation"));
        assert!(s.traits.contains_key("smithy.api#sensitive"));
        assert!(s.members["a"].traits.contains_key("smithy.api#required"));
    }

    #[test]
    fn a_trait_without_a_value_is_null_unless_a_structure_map_or_list() {
        let ast = load_ast(&[src("a.smithy", &format!("{HEAD}structure S {{\n    @default\n    a: Document\n}}\n"))])
            .unwrap();
        assert_eq!(ast.shapes["a#S"].members["a"].traits["smithy.api#default"], serde_json::Value::Null);
    }

    #[test]
    fn semantic_errors_at_load_name_the_place() {
        let cases: [(&str, &str); 6] = [
            ("intEnum E {\n    A\n}\n", "a#E$A: intEnum members need a value"),
            ("@mixin\nstructure A with [B] {}\n@mixin\nstructure B with [A] {}\n", "mixins form a cycle"),
            ("use b#Nope\nstructure S {\n    a: Nope\n}\n", "a.smithy:5:8: `b#Nope` is not defined in the model"),
            ("structure S {\n    a: T$b\n}\nstructure T { b: String }\n", "a.smithy:4:8: `T$b` names a member"),
            ("@foo.bar\nstring S\n", "a.smithy:3:2: `foo.bar` is not a valid shape ID"),
            ("@range(min: 1e400)\ninteger I\n", "a.smithy:3:13: Number '1e400' is out of range"),
        ];
        for (body, message) in cases {
            let e = error_of(&[("a.smithy", &format!("{HEAD}{body}"))]);
            assert!(e.contains(message), "{body}: {e}");
        }
    }

    #[test]
    fn a_1_0_member_of_a_2_0_shape_without_zero_default_gets_no_default() {
        let ast = load_ast(&[
            src("a.smithy", "$version: \"1.0\"\nnamespace a\nstructure S {\n    c: Count\n    z: Zero\n}\n"),
            src("b.smithy", &format!("{HEAD}integer Count\n@default(0)\ninteger Zero\n")),
        ])
        .unwrap();
        let members = &ast.shapes["a#S"].members;
        assert!(!members["c"].traits.contains_key("smithy.api#default"));
        assert_eq!(members["z"].traits["smithy.api#default"], json!(0));
    }
}
