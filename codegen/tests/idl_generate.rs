//! A model written in the IDL generates the very same Rust as its JSON AST: the project's test
//! models and the Clean Rooms service, each turned into IDL by `write_idl` and loaded back.

mod common;

use std::path::Path;

use codegen::load::{self, Source};

fn options(operations: &[&str], operation_features: bool) -> codegen::Options {
    codegen::Options {
        selection: codegen::Selection {
            service: None,
            operations: operations.iter().map(|s| (*s).to_owned()).collect(),
        },
        package: "test-types".to_owned(),
        model_name: "model".to_owned(),
        command: "cargo xtask codegen".to_owned(),
        examples: Vec::new(),
        dev_dependencies: Vec::new(),
        operation_features,
        protocol: None,
    }
}

/// Generates from the JSON file and from its IDL; the files must be byte for byte the same.
fn same_rust(json: &Path, operations: &[&str], operation_features: bool) -> usize {
    let text = std::fs::read_to_string(json).unwrap();
    let from_json = codegen::load_sources(&[Source {
        path: json.to_owned(),
        text,
    }])
    .unwrap_or_else(|e| panic!("{}: {e}", json.display()));
    let ast = load::load_ast(&load::read(&[json.to_owned()]).unwrap()).unwrap();
    let idl = codegen::write_idl::to_sources(&ast);
    let mut from_idl = codegen::load_sources(&idl)
        .unwrap_or_else(|e| panic!("{} as IDL: {e}", json.display()));
    // The header names the model's hash; the files hash differently, the model is the same.
    from_idl.sha256.clone_from(&from_json.sha256);
    let opts = options(operations, operation_features);
    let a = codegen::generate(&from_json, &opts).unwrap();
    let b = codegen::generate(&from_idl, &opts).unwrap();
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{}: the same files",
        json.display()
    );
    for (path, text) in &a {
        assert!(
            *text == b[path],
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
