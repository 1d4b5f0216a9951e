//! Helpers shared by the codegen integration tests: locating models and generating from them.

// Each test binary compiles this module and uses only some of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen sits in the repository")
        .to_owned()
}

/// A file under `../shared`, which must exist: the tests fail loudly rather than skip.
pub fn shared(rel: &str) -> PathBuf {
    let path = repo().join("../shared").join(rel);
    assert!(
        path.exists(),
        "{} is missing: these tests read AWS's reference files from ../shared beside the repository",
        path.display()
    );
    path
}

/// Generates a crate from a model file for the given operations (empty: whole service).
pub fn generate(model: &Path, operations: &[&str]) -> codegen::Files {
    let loaded = codegen::load(model).unwrap_or_else(|e| panic!("{}: {e}", model.display()));
    let options = codegen::Options {
        selection: codegen::Selection {
            service: None,
            operations: operations.iter().map(|s| (*s).to_owned()).collect(),
        },
        package: "test-types".to_owned(),
        model_name: model.file_name().unwrap().to_string_lossy().into_owned(),
        command: "cargo xtask codegen".to_owned(),
        examples: Vec::new(),
        dev_dependencies: Vec::new(),
        operation_features: false,
        protocol: None,
    };
    codegen::generate(&loaded, &options).unwrap_or_else(|e| panic!("{}: {e}", model.display()))
}
