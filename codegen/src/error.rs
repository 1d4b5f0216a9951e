//! The generator's error type: every variant names the shape ID or file it is about.

use std::path::PathBuf;

/// Everything that can go wrong between reading a model and writing files.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The model file could not be read.
    #[error("cannot read model file {path}: {source}")]
    ReadModel {
        /// The path as given.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A model file has a syntax or loading error at a known place (invalid JSON, an IDL
    /// syntax error, a shape ID that resolves nowhere, …).
    #[error("{path}:{line}:{column}: {message}")]
    ParseModel {
        /// The path as given.
        path: PathBuf,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A model file has a loading error without a position (a JSON AST file).
    #[error("{path}: {message}")]
    Load {
        /// The path as given.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// Several errors, one per line.
    #[error("{}", join_errors(.0))]
    Many(Vec<Error>),
    /// The model declares a Smithy version this generator does not read.
    #[error(
        "unsupported Smithy version {version:?}: this generator reads Smithy 1.0 and 2.0 JSON AST models"
    )]
    UnsupportedVersion {
        /// The `smithy` field of the model.
        version: String,
    },
    /// A shape is malformed (wrong `type`, a missing `member`, …).
    #[error("{shape}: {message}")]
    InvalidShape {
        /// The shape ID.
        shape: String,
        /// What is wrong with it.
        message: String,
    },
    /// A member (or a list/map element, operation input…) targets a shape that is not defined.
    #[error(
        "{member}: targets `{target}`, which is neither defined in the model nor in the Smithy prelude; \
         fix the target or add the missing shape to the model"
    )]
    UnknownTarget {
        /// The member shape ID, e.g. `ns#Shape$member`.
        member: String,
        /// The missing shape ID.
        target: String,
    },
    /// An operation named in the configuration does not exist in the service.
    #[error("unknown operation `{name}` in service {service}{}", suggestion_text(.suggestion))]
    UnknownOperation {
        /// The name as configured.
        name: String,
        /// The service searched.
        service: String,
        /// The closest operation name, if one is close.
        suggestion: Option<String>,
    },
    /// The model has no service, or several and none was chosen.
    #[error("{0}")]
    Service(String),
    /// The model uses a construct that this generator does not support (yet).
    #[error("{shape}: unsupported construct: {construct}; {hint}")]
    Unsupported {
        /// The shape or member ID that uses the construct.
        shape: String,
        /// The construct, e.g. a trait name.
        construct: String,
        /// What the user can do about it.
        hint: String,
    },
    /// Two shapes or members would get the same Rust name.
    #[error("{first} and {second} both map to the Rust name `{name}`")]
    NameCollision {
        /// First shape or member ID.
        first: String,
        /// Second shape or member ID.
        second: String,
        /// The Rust name.
        name: String,
    },
    /// The crate that includes a generated module does not depend on a crate the module needs.
    #[error("the generated module needs these [dependencies] in {manifest}:\n{}", .lines.join("\n"))]
    MissingDependencies {
        /// The including crate's `Cargo.toml`.
        manifest: PathBuf,
        /// The lines to add, `name = spec`.
        lines: Vec<String>,
    },
    /// An output file or directory could not be written (or, to check it, read).
    #[error("cannot write {path}: {source}")]
    WriteOutput {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The emitted tokens did not parse as Rust: a bug in the generator.
    #[error("internal error: generated {file} is not valid Rust ({message}); please report this")]
    Render {
        /// The file being rendered.
        file: String,
        /// The syn error.
        message: String,
    },
}

impl Error {
    /// One error as itself, several as [`Error::Many`].
    pub fn many(mut errors: Vec<Error>) -> Error {
        if errors.len() == 1 {
            errors.pop().expect("one error")
        } else {
            Error::Many(errors)
        }
    }

    /// The errors one by one.
    pub fn each(&self) -> Vec<&Error> {
        match self {
            Error::Many(all) => all.iter().flat_map(Error::each).collect(),
            other => vec![other],
        }
    }
}

/// Several errors shown as one line each: the caller prints the first `error: ` prefix.
fn join_errors(errors: &[Error]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\nerror: ")
}

fn suggestion_text(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!("; did you mean `{s}`?"),
        None => "; run with a valid operation name (see the service's `operations`)".to_owned(),
    }
}

/// The generator's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
