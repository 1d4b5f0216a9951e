//! Turns a Smithy model (IDL, JSON AST, or both) into serde Rust types: load (parse and merge the
//! files into one JSON AST) → model → resolve → closure → names and types → tokens → formatted
//! files. No I/O happens here except reading the model files in [`load()`] and
//! [`load_paths()`].

pub mod ast;
pub mod closure;
pub mod diff;
pub mod docs;
pub mod ecma;
pub mod emit;
pub mod error;
pub mod features;
pub mod http;
pub mod load;
pub mod model;
pub mod naming;
pub mod protocol;
pub mod render;
pub mod resolve;
pub mod types;
pub mod validate;
pub mod write_idl;
pub mod xml;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use closure::Selection;
pub use error::{Error, Result};
pub use model::Model;

/// Options for one generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// What to generate.
    pub selection: Selection,
    /// Cargo package name of the generated crate (`cleanrooms-types`).
    pub package: String,
    /// The model's file name as shown in headers (never an absolute path: output must not depend
    /// on where the model sits).
    pub model_name: String,
    /// The command that regenerates the files, shown in headers.
    pub command: String,
    /// Hand-written examples copied into the crate's `examples/`: (file name, source path as
    /// shown in the header, contents).
    pub examples: Vec<(String, String, String)>,
    /// `[dev-dependencies]` of the generated crate (name → TOML value), for the examples.
    pub dev_dependencies: Vec<(String, String)>,
    /// One cargo feature per operation (for whole-service crates).
    pub operation_features: bool,
    /// The protocol to generate (`restJson1`, or a trait ID) when the service offers several;
    /// `None` takes the first of [`protocol::PRIORITY`] that it offers.
    pub protocol: Option<String>,
}

/// Generated files: path relative to the crate root → contents.
pub type Files = BTreeMap<String, String>;

/// A model read from disk, with the hash of its bytes.
#[derive(Debug, Clone)]
pub struct LoadedModel {
    /// The resolved model.
    pub model: Model,
    /// Lower-case hex sha256 of the file bytes.
    pub sha256: String,
}

/// Reads, parses and resolves a model file (JSON AST or IDL, by extension) or a directory of them.
pub fn load(path: &Path) -> Result<LoadedModel> {
    load_paths(&[path.to_owned()])
}

/// Reads, merges and resolves model files and directories (every `.smithy` and `.json` file
/// under a directory), in any mix of JSON AST and IDL.
pub fn load_paths(paths: &[PathBuf]) -> Result<LoadedModel> {
    load_sources(&load::read(paths)?)
}

/// Merges and resolves model files already read.
pub fn load_sources(sources: &[load::Source]) -> Result<LoadedModel> {
    let ast = load::load_ast(sources)?;
    let model = model::Model::from_ast(&ast)?;
    Ok(LoadedModel {
        model: resolve::resolve(model)?,
        sha256: sources_sha256(sources),
    })
}

/// The sha256 of one file's bytes; of several, the sha256 of their hashes in order.
fn sources_sha256(sources: &[load::Source]) -> String {
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

/// An operation's error enum is `{Operation}Error`, unless the model has a shape of that name
/// (Clean Rooms' `BatchGetSchemaError` is a batch result entry): then `{Operation}OperationError`.
fn name_error_enums(ops: &mut [http::Operation], krate: &types::Crate) {
    let taken: std::collections::BTreeSet<&str> =
        krate.items.iter().map(types::Item::name).collect();
    for op in ops {
        if taken.contains(op.error_enum.as_str()) {
            op.error_enum = format!("{}OperationError", op.name);
        }
    }
}

/// What the generated crate leaves out of its protocol (see [`protocol::warnings`]).
pub fn warnings(loaded: &LoadedModel, options: &Options) -> Result<Vec<protocol::Warning>> {
    let closure = closure::closure(&loaded.model, &options.selection)?;
    let protocol =
        protocol::detect(&loaded.model, &closure.service, options.protocol.as_deref())?;
    Ok(protocol::warnings(&loaded.model, &closure, protocol))
}

/// Lower-case hex sha256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Runs the pipeline on a resolved model.
pub fn generate(loaded: &LoadedModel, options: &Options) -> Result<Files> {
    let closure = closure::closure(&loaded.model, &options.selection)?;
    let protocol =
        protocol::detect(&loaded.model, &closure.service, options.protocol.as_deref())?;
    let krate = types::map(&loaded.model, &closure, protocol)?;
    let header = render::Header {
        model_name: options.model_name.clone(),
        sha256: loaded.sha256.clone(),
        command: options.command.clone(),
    };
    let mut ops = http::bind(&loaded.model, &closure, &krate, protocol)?;
    name_error_enums(&mut ops, &krate);
    let checks = validate::checks(&loaded.model, &closure, &krate);
    let gates = if options.operation_features {
        Some(features::Gates::compute(&loaded.model, &closure, &krate)?)
    } else {
        None
    };
    let xml = protocol
        .filter(|p| matches!(p.codec(), protocol::Codec::Query { .. } | protocol::Codec::Xml))
        .filter(|_| !ops.is_empty())
        .map(|p| xml::codec(&loaded.model, &closure.service, &krate, &ops, p));
    let token_files = emit::emit(
        &krate,
        &ops,
        &checks,
        gates.as_ref(),
        &emit::CrateInfo::new(&loaded.model, &closure, &krate, &options.package),
        xml.as_ref(),
    );
    let mut files = render::render(token_files, &header)?;
    for (name, source, contents) in &options.examples {
        let note = format!(
            "// @generated by `{}`: a copy of {source}; edit that file, not this one.\n",
            options.command
        );
        files.insert(format!("examples/{name}"), format!("{note}{contents}"));
    }
    if !options.dev_dependencies.is_empty()
        && let Some(manifest) = files.get_mut("Cargo.toml")
    {
        manifest.push_str("\n[dev-dependencies]\n");
        for (name, spec) in &options.dev_dependencies {
            manifest.push_str(&format!("{name} = {spec}\n"));
        }
    }
    Ok(files)
}
