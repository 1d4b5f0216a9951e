//! Generates the types of two AWS Clean Rooms operations, `GetMembership` and
//! `UpdateMembership`, with their HTTP layer and validation, into `OUT_DIR/cleanrooms.rs`, which
//! `src/main.rs` includes. The model is read from `../shared` beside the repository.

use std::error::Error;
use std::path::{Path, PathBuf};

fn main() {
    // Errors print with their message (`file:line:column: …`, a shape ID), not as Debug.
    if let Err(e) = generate() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn generate() -> Result<(), Box<dyn Error>> {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let model_path = manifest_dir.join("../../../shared/models/cleanrooms.json");
    println!("cargo::rerun-if-changed={}", model_path.display());
    if !model_path.exists() {
        return Err(format!(
            "{} is missing: this example reads AWS's Clean Rooms model from ../shared beside the \
             repository",
            model_path.display()
        )
        .into());
    }

    let model = codegen::Model::from_paths([&model_path])?;
    let settings = codegen::Settings::builder()
        .operations(["GetMembership", "UpdateMembership"])
        .command("cargo build -p build-script-example")
        .build();
    let module = codegen::Generator::new(settings).generate_module(&model)?;
    for warning in module.warnings() {
        println!("cargo::warning={warning}");
    }
    // Fails with the lines to add when Cargo.toml lacks a crate the generated code needs.
    module.check_dependencies(manifest_dir.join("Cargo.toml"))?;
    module.write_to(Path::new(&std::env::var("OUT_DIR")?).join("cleanrooms.rs"))?;
    Ok(())
}
