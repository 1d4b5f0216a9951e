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
    let loaded =
        codegen::Model::from_paths([model]).unwrap_or_else(|e| panic!("{}: {e}", model.display()));
    let settings = codegen::Settings::builder()
        .operations(operations.iter().copied())
        .package("test-types")
        .license("Apache-2.0")
        .command("cargo xtask codegen")
        .build();
    codegen::Generator::new(settings)
        .generate_crate(&loaded)
        .unwrap_or_else(|e| panic!("{}: {e}", model.display()))
        .into_files()
}
