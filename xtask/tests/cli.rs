//! `cargo xtask codegen` through the real binary: bad inputs fail with a clear message, a
//! non-zero exit, no panic and nothing written; `--check` catches every kind of drift.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

/// A scratch directory for one test, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("xtask-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `xtask codegen` with a one-crate config for `model`, writing into `out`.
fn codegen(
    scratch: &Scratch,
    model: &Path,
    operations: &[&str],
    out: &Path,
    extra: &[&str],
) -> Output {
    let ops: Vec<String> = operations.iter().map(|o| format!("{o:?}")).collect();
    let config = format!(
        "[[crate]]\nmodel = {:?}\noperations = [{}]\npackage = \"test-types\"\noutput = {:?}\n",
        model.display().to_string(),
        ops.join(", "),
        out.display().to_string()
    );
    let config_path = scratch.0.join("codegen.toml");
    std::fs::write(&config_path, config).unwrap();
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("codegen")
        .arg("--config")
        .arg(&config_path)
        .args(extra)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts a failed run: non-zero exit, the message, no panic, and `out` untouched.
fn assert_clean_failure(output: &Output, message: &str, out: &Path, before: &[String]) {
    let err = stderr(output);
    assert!(
        !output.status.success(),
        "expected failure, got success: {err}"
    );
    assert!(
        err.contains(message),
        "stderr does not contain {message:?}:\n{err}"
    );
    assert!(!err.contains("panicked"), "the binary panicked:\n{err}");
    assert_eq!(list(out), before, "the output directory changed");
}

fn list(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries {
            let p = e.unwrap().path();
            let contents = std::fs::read_to_string(&p).unwrap_or_default();
            out.push(format!(
                "{}:{}",
                p.file_name().unwrap().to_string_lossy(),
                contents.len()
            ));
        }
    }
    out.sort();
    out
}

/// An output directory holding a previous file, so "nothing written" is checked against real
/// content.
fn previous_output(scratch: &Scratch) -> (PathBuf, Vec<String>) {
    let out = scratch.0.join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("previous.rs"), "// the previous output\n").unwrap();
    let before = list(&out);
    (out, before)
}

#[test]
fn missing_model_file() {
    let s = Scratch::new("missing");
    let (out, before) = previous_output(&s);
    let model = s.0.join("nope.json");
    let output = codegen(&s, &model, &["Op"], &out, &[]);
    assert_clean_failure(
        &output,
        &format!("cannot read model file {}", model.display()),
        &out,
        &before,
    );
}

#[test]
fn invalid_json_reports_line_and_column() {
    let s = Scratch::new("invalid");
    let (out, before) = previous_output(&s);
    let model = repo().join("models/tests/bad/invalid-json.json");
    let output = codegen(&s, &model, &["Op"], &out, &[]);
    assert_clean_failure(&output, &format!("{}:4:", model.display()), &out, &before);
}

#[test]
fn unknown_target_names_the_member() {
    let s = Scratch::new("target");
    let (out, before) = previous_output(&s);
    let output = codegen(
        &s,
        &repo().join("models/tests/bad/unknown-target.json"),
        &["Op"],
        &out,
        &[],
    );
    assert_clean_failure(
        &output,
        "example.bad#OpInput$widget: targets `example.bad#Widget`",
        &out,
        &before,
    );
}

#[test]
fn unknown_operation_suggests_the_closest() {
    let s = Scratch::new("operation");
    let (out, before) = previous_output(&s);
    let model = repo().join("../shared/models/cleanrooms.json");
    assert!(
        model.exists(),
        "{} is missing: ../shared must sit beside the repository",
        model.display()
    );
    let output = codegen(&s, &model, &["UpdateMembrship"], &out, &[]);
    assert_clean_failure(
        &output,
        "unknown operation `UpdateMembrship`",
        &out,
        &before,
    );
    assert!(
        stderr(&output).contains("did you mean `UpdateMembership`?"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn unsupported_construct_names_shape_and_construct() {
    let s = Scratch::new("unsupported");
    let (out, before) = previous_output(&s);
    let output = codegen(
        &s,
        &repo().join("models/tests/bad/streaming.json"),
        &["Op"],
        &out,
        &[],
    );
    assert_clean_failure(
        &output,
        "example.bad#OpOutput$body: unsupported construct: @streaming blob that is not the @httpPayload",
        &out,
        &before,
    );
}

#[test]
fn writes_then_check_passes_and_catches_drift() {
    let s = Scratch::new("check");
    let out = s.0.join("out");
    let model = repo().join("models/tests/constructs.json");
    let output = codegen(&s, &model, &[], &out, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(out.join("src/lib.rs").exists());

    let output = codegen(&s, &model, &[], &out, &["--check"]);
    assert!(
        output.status.success(),
        "fresh output must pass --check: {}",
        stderr(&output)
    );

    let edited = out.join("src/structures.rs");
    let mut text = std::fs::read_to_string(&edited).unwrap();
    text.push_str("// edited by hand\n");
    std::fs::write(&edited, text).unwrap();
    std::fs::write(out.join("src/extra.rs"), "// not generated\n").unwrap();
    std::fs::remove_file(out.join("src/enums.rs")).unwrap();

    let output = codegen(&s, &model, &[], &out, &["--check"]);
    let err = stderr(&output);
    assert!(!output.status.success(), "drift must fail --check");
    assert!(
        err.contains(&format!("stale: {}", edited.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!("missing: {}", out.join("src/enums.rs").display())),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "orphaned (no longer generated): {}",
            out.join("src/extra.rs").display()
        )),
        "{err}"
    );
    assert!(err.contains("run `cargo xtask codegen`"), "{err}");

    // Regenerating repairs all three and removes the orphan.
    let output = codegen(&s, &model, &[], &out, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!out.join("src/extra.rs").exists());
    assert!(
        codegen(&s, &model, &[], &out, &["--check"])
            .status
            .success()
    );
}

#[test]
fn committed_tree_is_up_to_date() {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(repo())
        .args(["codegen", "--check"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the committed generated code is stale:\n{}",
        stderr(&output)
    );
}

#[test]
fn check_names_an_edited_file_of_the_committed_crate() {
    let s = Scratch::new("committed");
    let copy = s.0.join("generated");
    copy_dir(&repo().join("generated"), &copy);
    let edited = copy.join("src/structures.rs");
    let text =
        std::fs::read_to_string(&edited)
            .unwrap()
            .replacen("pub id: String", "pub id: Box<str>", 1);
    std::fs::write(&edited, text).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(repo())
        .args(["codegen", "--check", "--crate", "cleanrooms-types", "--out"])
        .arg(&copy)
        .output()
        .unwrap();
    let err = stderr(&output);
    assert!(
        !output.status.success(),
        "an edited generated file must fail --check"
    );
    assert!(
        err.contains(&format!("stale: {}", edited.display())),
        "{err}"
    );
    assert_eq!(
        err.matches("stale:").count(),
        1,
        "only the edited file is stale: {err}"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let dest = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &dest);
        } else {
            std::fs::copy(&path, &dest).unwrap();
        }
    }
}

/// Writes IDL files into `scratch/model/` and runs `xtask codegen` on that directory.
fn codegen_idl(scratch: &Scratch, files: &[(&str, &str)]) -> (Output, PathBuf) {
    let dir = scratch.0.join("model");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let out = scratch.0.join("out");
    (codegen(scratch, &dir, &[], &out, &[]), out)
}

/// IDL files by name.
type IdlFiles<'a> = &'a [(&'a str, &'a str)];

const IDL_HEAD: &str = "$version: \"2\"\nnamespace example.idl\n\n";

/// Bad IDL through the binary: each error names `file:line:column`, exits non-zero, does not
/// panic and writes nothing.
#[test]
fn idl_errors_name_file_line_and_column() {
    let cases: [(&str, IdlFiles, &str); 6] = [
        (
            "unterminated-text-block",
            &[("a.smithy", "$version: \"2\"\nnamespace example.idl\n\n@documentation(\"\"\"\n    never closed\nstring S\n")],
            // The text block runs to the end of the file: line 7, column 1.
            "a.smithy:7:1: Expected: '\"', but found '[EOF]'",
        ),
        (
            "unknown-shape-type",
            &[("a.smithy", "$version: \"2\"\nnamespace example.idl\n\ntuple T\n")],
            "a.smithy:4:1: Unknown shape type: tuple",
        ),
        (
            "unresolved-relative-id",
            &[("a.smithy", "$version: \"2\"\nnamespace example.idl\n\nstructure S {\n    field: Nowhere\n}\n")],
            "a.smithy:5:12: cannot resolve shape ID `Nowhere`",
        ),
        (
            "conflicting-definitions",
            &[
                ("a.smithy", "$version: \"2\"\nnamespace example.idl\n\nstring S\n"),
                ("b.smithy", "$version: \"2\"\nnamespace example.idl\n\n\ninteger S\n"),
            ],
            "b.smithy:5:1: example.idl#S: defined differently in ",
        ),
        (
            "conflicting-trait",
            &[("a.smithy", "$version: \"2\"\nnamespace example.idl\n\n@pattern(\"a\")\nstring S\n\napply S @pattern(\"b\")\n")],
            "a.smithy:7:9: example.idl#S: conflicting values for trait `smithy.api#pattern`",
        ),
        (
            "invalid-escape",
            &[("a.smithy", "$version: \"2\"\nnamespace example.idl\n\n@documentation(\"bad \\q escape\")\nstring S\n")],
            "a.smithy:4:16: Error parsing quoted string: Invalid escape found in string: `\\q`",
        ),
    ];
    for (name, files, message) in cases {
        let scratch = Scratch::new(&format!("idl-{name}"));
        let (output, out) = codegen_idl(&scratch, files);
        assert_clean_failure(&output, message, &out, &[]);
        let err = stderr(&output);
        assert!(
            err.lines().all(|l| l.starts_with("error: ") || l.starts_with("warning: ")),
            "{name}: every line is an `error:` line:\n{err}"
        );
    }
}

/// The same shape defined identically in two files merges (the spec's rule), and a model
/// written in the IDL generates like any other.
#[test]
fn identical_idl_definitions_merge_and_generate() {
    let scratch = Scratch::new("idl-merge");
    let service = format!(
        "{IDL_HEAD}service Svc {{\n    version: \"2024-01-01\"\n    operations: [Get]\n}}\n\n\
         operation Get {{\n    input := {{\n        @required\n        id: Id\n    }}\n    output := {{\n        /// The name.\n        name: String = \"x\"\n    }}\n}}\n\n\
         /// An identifier.\n@length(min: 1)\nstring Id\n"
    );
    let again = format!("{IDL_HEAD}/// An identifier.\n@length(min: 1)\nstring Id\n");
    let (output, out) = codegen_idl(&scratch, &[("a.smithy", &service), ("b.smithy", &again)]);
    assert!(output.status.success(), "{}", stderr(&output));
    let structures = std::fs::read_to_string(out.join("src/structures.rs")).unwrap();
    assert!(structures.contains("pub struct GetInput"), "{structures}");
    assert!(structures.contains("/// The name."), "{structures}");
}

/// The protocol follows the priority (awsJson1_0 before rpcv2Cbor); `protocol = "…"` in the
/// config picks another the service offers (rpcv2Cbor here); a protocol the service does not
/// offer is an error.
#[test]
fn a_protocol_can_be_chosen_among_those_the_service_offers() {
    let scratch = Scratch::new("protocol-choice");
    let model = format!(
        "{IDL_HEAD}@aws.protocols#awsJson1_0\n@smithy.protocols#rpcv2Cbor\nservice Svc {{\n    operations: [Get]\n}}\n\noperation Get {{\n    input := {{\n        id: String\n    }}\n}}\n"
    );
    // By priority awsJson1_0, which has a wire layer: no warning.
    let (output, out) = codegen_idl(&scratch, &[("a.smithy", &model)]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("warning"), "{}", stderr(&output));
    let operations = std::fs::read_to_string(out.join("src/operations.rs")).unwrap();
    assert!(operations.contains(".header(\"x-amz-target\", \"Svc.Get\")"), "{operations}");
    let config = |protocol: &str| {
        let path = scratch.0.join("choice.toml");
        std::fs::write(
            &path,
            format!(
                "[[crate]]\nmodel = {:?}\npackage = \"t\"\noutput = {:?}\nprotocol = {protocol:?}\n",
                scratch.0.join("model").display().to_string(),
                scratch.0.join("out2").display().to_string()
            ),
        )
        .unwrap();
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["codegen", "--config"])
            .arg(&path)
            .output()
            .unwrap()
    };
    // rpcv2Cbor has its wire layer: no warning, the CBOR binding.
    let cbor = config("rpcv2Cbor");
    assert!(cbor.status.success(), "{}", stderr(&cbor));
    assert!(!stderr(&cbor).contains("warning"), "{}", stderr(&cbor));
    let operations =
        std::fs::read_to_string(scratch.0.join("out2/src/operations.rs")).unwrap();
    assert!(
        operations.contains(".uri(\"/service/Svc/operation/Get\")")
            && operations.contains("cbor_body(self)"),
        "{operations}"
    );
    let xml = config("restXml");
    assert_clean_failure(
        &xml,
        "example.idl#Svc does not offer protocol restXml; it offers: awsJson1_0, rpcv2Cbor",
        &scratch.0.join("out2"),
        &list(&scratch.0.join("out2")),
    );
}
