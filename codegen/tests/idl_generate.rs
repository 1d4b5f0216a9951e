//! A model written in the IDL generates the very same Rust as its JSON AST: the project's test
//! models and the Clean Rooms service, each turned into IDL by `write_idl` and loaded back.

mod common;

use std::path::Path;


fn settings(operations: &[&str], operation_features: bool) -> codegen::Settings {
    codegen::Settings::builder()
        .operations(operations.iter().copied())
        .package("test-types")
        .command("cargo xtask codegen")
        .operation_features(operation_features)
        .build()
}

/// Generates from the JSON file and from its IDL; the files must be byte for byte the same,
/// but for the header, which names the files and their hash.
fn same_rust(json: &Path, operations: &[&str], operation_features: bool) -> usize {
    let from_json = codegen::Model::from_paths([json])
        .unwrap_or_else(|e| panic!("{}: {e}", json.display()));
    let idl = codegen::write_idl::to_sources(from_json.ast());
    let from_idl = codegen::Model::from_sources(idl)
        .unwrap_or_else(|e| panic!("{} as IDL: {e}", json.display()));
    let generator = codegen::Generator::new(settings(operations, operation_features));
    let a = generator.generate_crate(&from_json).unwrap().into_files();
    let b = generator.generate_crate(&from_idl).unwrap().into_files();
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{}: the same files",
        json.display()
    );
    let body = |text: &str| text.split_once('\n').map(|(_, rest)| rest.to_owned());
    for (path, text) in &a {
        assert!(
            body(text) == body(&b[path]),
            "{}: {path} differs when generated from the IDL",
            json.display()
        );
    }
    a.len()
}

#[test]
fn test_models_generate_the_same_rust_from_idl() {
    let models = common::repo().join("models/tests");
    for name in ["constructs.json", "naming.json", "http.json"] {
        same_rust(&models.join(name), &[], false);
    }
}

#[test]
fn cleanrooms_generates_the_same_rust_from_idl() {
    let model = common::shared("models/cleanrooms.json");
    same_rust(&model, &["UpdateMembership"], false);
    let files = same_rust(&model, &[], true);
    assert!(files > 5);
}
