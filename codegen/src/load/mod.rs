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
            let text = String::from_utf8(bytes).map_err(|e| Error::ParseModel {
                path: path.clone(),
                line: 1,
                column: 1,
                message: format!("the file is not UTF-8 ({e})"),
            })?;
            Ok(Source { path, text })
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
    let mut parsed = Vec::new();
    let mut json = Vec::new();
    for source in sources {
        if is_idl(&source.path) {
            let (file, syntax) = idl::parser::parse(&source.text);
            errors.extend(
                syntax
                    .into_iter()
                    .map(|e| error_at(&source.path, Some(e.pos), e.message)),
            );
            parsed.push((source, file));
        } else {
            match json_fragment(source) {
                Ok(f) => json.push(f),
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
            .flat_map(|(_, f)| idl::defined_types(f))
            .chain(json.iter().flat_map(|f| {
                f.shapes
                    .iter()
                    .map(|d| (d.id.clone(), d.shape.ty.clone()))
            })),
    );
    let mut fragments = json;
    for (source, file) in parsed {
        match idl::fragment(file, &source.path, &index) {
            Ok(f) => fragments.push(f),
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return Err(Error::many(errors));
    }
    merge::merge(fragments)
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

/// serde_json appends " at line L column C"; the error already carries them.
pub(crate) fn strip_position(message: &str) -> String {
    message
        .rsplit_once(" at line ")
        .map_or(message, |(m, _)| m)
        .to_owned()
}
