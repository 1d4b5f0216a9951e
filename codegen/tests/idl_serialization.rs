//! The IDL writer (`codegen::write_idl`) on Smithy's reference models: every model written as
//! IDL loads back to the same model. The models: the inputs of Smithy's IDL serializer tests
//! (`../shared/smithy/idl-serialization`), its valid loader cases and the protocol test models.
//!
//! Smithy's `idl-serialization/cases/*.smithy` are files its serializer writes unchanged; how
//! many of them ours writes unchanged too is printed, not required. The two writers differ in
//! style: ours writes short trait and node values on one line, quotes strings that Smithy writes
//! as bare shape IDs (`@idRef` values: the model holds them as strings), and writes objects with
//! their keys sorted (the model's JSON values keep no key order).

mod common;

use std::path::{Path, PathBuf};

use codegen::ast::Ast;
use codegen::load::{self, Source};
use codegen::write_idl;

/// Cases that do not load back to the same model, with the reason. Empty: all do.
const EXCEPTIONS: &[(&str, &str)] = &[];

fn source(path: &Path) -> Source {
    Source {
        path: path.to_owned(),
        text: std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    }
}

fn model_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "smithy" || e == "json"))
        .collect();
    files.sort();
    files
}

/// Writes the model as IDL and loads it back: `Ok` when the model is the same; `Err` says what
/// differs and shows the IDL.
fn round_trip(ast: &Ast) -> Result<(), String> {
    write_idl::check_round_trip(ast, None).map_err(|e| {
        let files: String = write_idl::to_idl(ast)
            .iter()
            .map(|(ns, text)| format!("--- {}\n{text}", write_idl::file_name(ns)))
            .collect();
        format!("{e}\n{files}")
    })
}

#[test]
fn serializer_cases_load_back_to_the_same_model() {
    let dir = common::shared("smithy/idl-serialization/cases");
    let cases = model_files(&dir);
    assert!(
        cases.len() >= 20,
        "only {} cases in {}",
        cases.len(),
        dir.display()
    );
    let (mut equal, mut identical) = (0, 0);
    let mut failures = Vec::new();
    let mut different_text = Vec::new();
    for path in &cases {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let case = source(path);
        let excepted = EXCEPTIONS.iter().any(|(n, _)| *n == name);
        let outcome = load::load_ast(std::slice::from_ref(&case))
            .map_err(|e| format!("the case does not load: {e}"))
            .and_then(|ast| {
                round_trip(&ast)?;
                Ok(ast)
            });
        match (outcome, excepted) {
            (Ok(ast), false) => {
                equal += 1;
                let files = write_idl::to_idl(&ast);
                let ours: Vec<&String> = files.values().collect();
                if ours.len() == 1 && *ours[0] == case.text.replace("\r\n", "\n") {
                    identical += 1;
                } else {
                    different_text.push(name);
                }
            }
            (Ok(_), true) => {
                failures.push(format!("{name}: passes now; remove it from EXCEPTIONS"))
            }
            (Err(_), true) => {}
            (Err(e), false) => failures.push(format!("{name}: {e}")),
        }
    }
    eprintln!(
        "idl serialization: {equal} of {} cases load back to the same model; {identical} are \
         written exactly as Smithy's serializer writes them (differ: {})",
        cases.len(),
        different_text.join(", ")
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(equal + EXCEPTIONS.len(), cases.len());
}

/// The other inputs of Smithy's serializer tests (orderings, inline input and output with other
/// suffixes, several namespaces): each file alone, or its whole directory when it needs the
/// other files of it.
#[test]
fn other_serializer_inputs_load_back_to_the_same_model() {
    let root = common::shared("smithy/idl-serialization");
    let mut dirs = vec![root.clone()];
    let mut models = 0;
    let mut failures = Vec::new();
    while let Some(dir) = dirs.pop() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries.iter().filter(|p| p.is_dir()) {
            if p.file_name().is_some_and(|n| n != "cases") {
                dirs.push(p.clone());
            }
        }
        let files = model_files(&dir);
        let mut whole_dir = false;
        for path in &files {
            let name = path.strip_prefix(&root).unwrap().display().to_string();
            match load::load_ast(&[source(path)]) {
                Ok(ast) => {
                    models += 1;
                    if let Err(e) = round_trip(&ast) {
                        failures.push(format!("{name}: {e}"));
                    }
                }
                Err(_) => whole_dir = true,
            }
        }
        if whole_dir {
            let name = dir.strip_prefix(&root).unwrap().display().to_string();
            let sources: Vec<Source> = files.iter().map(|p| source(p)).collect();
            match load::load_ast(&sources) {
                Ok(ast) => {
                    models += 1;
                    if let Err(e) = round_trip(&ast) {
                        failures.push(format!("{name}/: {e}"));
                    }
                }
                Err(e) => failures.push(format!("{name}/: does not load: {e}")),
            }
        }
    }
    eprintln!("idl serialization: {models} other models round trip");
    assert!(models >= 10, "only {models} models");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Smithy's valid IDL loader cases (`../shared/smithy/loader-tests/valid`), each loaded with
/// `__shared.json` as Smithy's runner does: a wide range of constructs, each of which must
/// survive the IDL writer.
#[test]
fn loader_cases_load_back_to_the_same_model() {
    let root = common::shared("smithy/loader-tests/valid");
    let shared = source(&root.join("__shared.json"));
    let mut stack = vec![root.clone()];
    let mut cases = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "smithy") {
                cases.push(p);
            }
        }
    }
    cases.sort();
    let (mut loaded, mut failures) = (0, Vec::new());
    for path in &cases {
        let name = path.strip_prefix(&root).unwrap().display().to_string();
        // Parts of multi-file cases and fixtures of other tests do not load alone: skipped.
        let Ok(ast) = load::load_ast(&[source(path), shared.clone()]) else {
            continue;
        };
        loaded += 1;
        if let Err(e) = round_trip(&ast) {
            failures.push(format!("{name}: {e}"));
        }
    }
    eprintln!(
        "idl serialization: {} of {loaded} loader cases that load round trip ({} files)",
        loaded - failures.len(),
        cases.len()
    );
    assert!(loaded >= 50, "only {loaded} of {} cases load", cases.len());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The protocol test models with the trait definitions (`../shared/smithy/protocol-tests` and
/// `traits`), loaded together as one model of many namespaces: large node values (the test
/// cases), mixins, resources, `use` across namespaces.
#[test]
fn protocol_test_models_load_back_to_the_same_model() {
    let paths = [
        common::shared("smithy/protocol-tests"),
        common::shared("smithy/traits"),
    ];
    let ast = load::read(&paths)
        .and_then(|sources| load::load_ast(&sources))
        .unwrap_or_else(|e| panic!("the protocol test models do not load: {e}"));
    let files = write_idl::to_idl(&ast);
    eprintln!(
        "idl serialization: the protocol test models ({} shapes) as {} files",
        ast.shapes.len(),
        files.len()
    );
    assert!(files.len() >= 10, "{:?}", files.keys());
    if let Err(e) = round_trip(&ast) {
        panic!("{}", e.chars().take(20_000).collect::<String>());
    }
}
