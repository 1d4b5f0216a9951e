//! `cargo xtask ast` and `cargo xtask idl` through the real binary: a model prints as a JSON
//! AST or as IDL, the IDL written to a directory loads back to the same JSON AST, and errors are
//! one `error:` line each with a non-zero exit and nothing written.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

/// A file under `../shared`, which must exist: the test fails loudly rather than skip.
fn shared(rel: &str) -> PathBuf {
    let path = repo().join("../shared").join(rel);
    assert!(
        path.exists(),
        "{} is missing: these tests read Smithy's reference files from ../shared beside the repository",
        path.display()
    );
    path
}

/// A scratch directory for one test, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("xtask-ast-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    /// The names of the entries of the scratch directory, sorted.
    fn entries(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.0)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .unwrap()
}

fn success(output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "exit {:?}\nstdout:\n{stdout}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn ast_prints_the_json_ast_and_idl_writes_files_that_load_back_to_it() {
    let scratch = Scratch::new("round");
    let model = shared("smithy/idl-serialization/cases/mixins.smithy");
    let json = success(&xtask(&["ast", path_str(&model)]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["smithy"], "2.0");
    assert_eq!(
        value["shapes"]["smithy.example#F"]["type"], "structure",
        "{json}"
    );

    // To a file: the same text, nothing else left beside it.
    let file = scratch.0.join("model.json");
    success(&xtask(&["ast", path_str(&model), "--out", path_str(&file)]));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), json);

    // As IDL on stdout: one namespace, one file.
    let idl = success(&xtask(&["idl", path_str(&model)]));
    assert!(
        idl.starts_with("$version: \"2.0\"\n\nnamespace smithy.example\n"),
        "{idl}"
    );

    // As IDL into a directory, then loaded back.
    let dir = scratch.0.join("idl");
    success(&xtask(&["idl", path_str(&model), "--out", path_str(&dir)]));
    let written = std::fs::read_to_string(dir.join("smithy.example.smithy")).unwrap();
    assert_eq!(written, idl);
    assert_eq!(scratch.entries(), ["idl", "model.json"]);
    assert_eq!(success(&xtask(&["ast", path_str(&dir)])), json);

    // Again over the previous output: replaced whole.
    std::fs::write(dir.join("stale.smithy"), "$version: \"2.0\"\n").unwrap();
    success(&xtask(&["idl", path_str(&model), "--out", path_str(&dir)]));
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["smithy.example.smithy"]);
    assert_eq!(scratch.entries(), ["idl", "model.json"]);
}

#[test]
fn several_namespaces_give_one_file_each() {
    let scratch = Scratch::new("namespaces");
    let model = shared("smithy/idl-serialization/multiple-namespaces/input.json");
    let dir = scratch.0.join("out");
    let output = xtask(&["idl", path_str(&model), "--out", path_str(&dir)]);
    success(&output);
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["ns.primitives.smithy", "ns.structures.smithy"]);
    assert_eq!(
        success(&xtask(&["ast", path_str(&dir)])),
        success(&xtask(&["ast", path_str(&model)]))
    );
    // On stdout, each file under a comment naming it.
    let stdout = success(&xtask(&["idl", path_str(&model)]));
    assert!(
        stdout.starts_with("// ns.primitives.smithy\n$version: \"2.0\"\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\n// ns.structures.smithy\n$version: \"2.0\"\n"),
        "{stdout}"
    );
}

#[test]
fn errors_are_one_line_each_and_nothing_is_written() {
    let scratch = Scratch::new("errors");
    let bad = scratch.0.join("bad.smithy");
    std::fs::write(
        &bad,
        "$version: \"2.0\"\nnamespace a\nstructure A {\n    x: Missing\n    y: AlsoMissing\n}\n",
    )
    .unwrap();
    for command in ["ast", "idl"] {
        let out = scratch.0.join(format!("{command}-out"));
        let output = xtask(&[command, path_str(&bad), "--out", path_str(&out)]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 2, "{stderr}");
        assert!(lines.iter().all(|l| l.starts_with("error: ")), "{stderr}");
        assert!(
            lines[0].contains("bad.smithy:4:") && lines[0].contains("Missing"),
            "{stderr}"
        );
        assert!(
            lines[1].contains("bad.smithy:5:") && lines[1].contains("AlsoMissing"),
            "{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(!out.exists(), "{command} wrote {}", out.display());
    }
    assert_eq!(scratch.entries(), ["bad.smithy"]);

    let missing = scratch.0.join("missing.smithy");
    let output = xtask(&["ast", path_str(&missing)]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("error: cannot read model file"),
        "{stderr}"
    );
}

#[test]
fn idl_refuses_to_replace_a_directory_with_other_files() {
    let scratch = Scratch::new("refuse");
    let model = shared("smithy/idl-serialization/cases/simple-shapes.smithy");
    let dir = scratch.0.join("keep");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    let output = xtask(&["idl", path_str(&model), "--out", path_str(&dir)]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("notes.txt") && stderr.contains("not a .smithy file"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(scratch.entries(), ["keep"]);
}
