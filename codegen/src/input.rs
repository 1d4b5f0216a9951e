//! The model a generator reads: files from disk or text in memory, JSON AST and Smithy IDL in any
//! mix, merged and resolved once.

use std::path::{Path, PathBuf};

use crate::ast::Ast;
use crate::error::Result;
use crate::load::Source;
use crate::{load, model, resolve};

/// A Smithy model, loaded from one or more files (JSON AST and Smithy IDL in any mix), merged as
/// the Smithy specification says and resolved (mixins applied, targets checked).
///
/// ```
/// let model = codegen::Model::from_sources([codegen::Source::new(
///     "weather.smithy",
///     r#"$version: "2"
///     namespace example.weather
///     service Weather { version: "2024-01-01", operations: [GetCity] }
///     operation GetCity { input := { cityId: String } output := { name: String } }
///     "#,
/// )])?;
/// assert_eq!(model.name(), "weather.smithy");
/// assert!(model.to_json_ast().contains("example.weather#GetCity"));
/// # Ok::<(), codegen::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Model {
    /// The merged model before resolution, as the files say it.
    pub(crate) ast: Ast,
    /// The resolved model the generator works on.
    pub(crate) resolved: model::Model,
    /// Lower-case hex sha256 of the files (see [`Model::sha256`]).
    pub(crate) sha256: String,
    /// The files' names (see [`Model::name`]).
    pub(crate) name: String,
}

impl Model {
    /// Reads model files and directories (every `.smithy` and `.json` file under a directory, in
    /// path order). A `.smithy` file is read as IDL, any other as a JSON AST.
    pub fn from_paths<P: AsRef<Path>>(paths: impl IntoIterator<Item = P>) -> Result<Model> {
        let paths: Vec<PathBuf> = paths.into_iter().map(|p| p.as_ref().to_owned()).collect();
        let mut model = Model::from_sources(load::read(&paths)?)?;
        model.name = names(&paths);
        Ok(model)
    }

    /// Loads model files already in memory (see [`Source::new`]).
    pub fn from_sources(sources: impl IntoIterator<Item = Source>) -> Result<Model> {
        let sources: Vec<Source> = sources.into_iter().collect();
        let ast = load::load_ast(&sources)?;
        let resolved = resolve::resolve(model::Model::from_ast(&ast)?)?;
        let paths: Vec<PathBuf> = sources.iter().map(|s| s.path.clone()).collect();
        Ok(Model {
            ast,
            resolved,
            sha256: sources_sha256(&sources),
            name: names(&paths),
        })
    }

    /// The files' names as generated headers show them: file or directory names without the
    /// folders above them, comma-separated (output must not depend on where the model sits).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Lower-case hex sha256 of the file bytes (of one file; of several, the sha256 of their
    /// hashes in order), as generated headers show it.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// The shape IDs of the model's services, sorted.
    pub fn services(&self) -> Vec<&str> {
        self.resolved
            .shapes
            .values()
            .filter(|s| matches!(s.kind, model::ShapeKind::Service { .. }))
            .map(|s| s.id.as_str())
            .collect()
    }

    /// The operations a selection names, by shape ID, sorted; fails as generation does when the
    /// selection does not apply (no such service, an unknown operation) or its shapes cannot be
    /// mapped to Rust (an unsupported construct, an invalid `@default`).
    pub fn operations(&self, selection: &crate::Selection) -> Result<Vec<String>> {
        let lowered = crate::generator::lower(&self.resolved, selection, None)?;
        Ok(lowered.closure.operations.into_iter().collect())
    }

    /// The model as one JSON AST document (Smithy 2.0), shapes sorted by ID.
    pub fn to_json_ast(&self) -> String {
        self.ast.to_json()
    }

    /// The model as Smithy IDL: one file per namespace, keyed by file name (`{namespace}.smithy`).
    pub fn to_idl(&self) -> std::collections::BTreeMap<String, String> {
        crate::write_idl::to_idl(&self.ast)
            .into_iter()
            .map(|(namespace, text)| (crate::write_idl::file_name(&namespace), text))
            .collect()
    }

    /// The resolved model: this repository's tools and tests look inside it. Not a stable API.
    #[doc(hidden)]
    pub fn resolved(&self) -> &model::Model {
        &self.resolved
    }

    /// The merged model before resolution. Not a stable API.
    #[doc(hidden)]
    pub fn ast(&self) -> &Ast {
        &self.ast
    }
}

impl Source {
    /// A model file in memory. `path` is what messages show; a path ending in `.smithy` is read
    /// as Smithy IDL, any other as a JSON AST.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Source {
        Source {
            path: path.into(),
            text: text.into(),
        }
    }

    /// A model file in memory as bytes, which must be UTF-8 (the error names the path).
    pub fn from_bytes(path: impl Into<PathBuf>, bytes: impl Into<Vec<u8>>) -> Result<Source> {
        let path = path.into();
        match String::from_utf8(bytes.into()) {
            Ok(text) => Ok(Source { path, text }),
            Err(e) => Err(crate::Error::ParseModel {
                path,
                line: 1,
                column: 1,
                message: format!("the file is not UTF-8 ({e})"),
            }),
        }
    }
}

/// File or directory names without the folders above them, comma-separated.
fn names(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| {
            p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The sha256 of one file's bytes; of several, the sha256 of their hashes in order.
fn sources_sha256(sources: &[Source]) -> String {
    match sources {
        [one] => sha256_hex(one.text.as_bytes()),
        many => sha256_hex(
            many.iter()
                .map(|s| sha256_hex(s.text.as_bytes()))
                .collect::<Vec<_>>()
                .join("\n")
                .as_bytes(),
        ),
    }
}

/// Lower-case hex sha256.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_name_files_and_directories_without_their_folders() {
        let paths = [
            PathBuf::from("/m/a.smithy"),
            PathBuf::from("m/dir"),
            PathBuf::from("b.json"),
        ];
        assert_eq!(names(&paths), "a.smithy, dir, b.json");
    }
}
