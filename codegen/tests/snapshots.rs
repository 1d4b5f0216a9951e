//! insta snapshots of the generated code: UpdateMembership from the real Clean Rooms model, and
//! each construct of the project's own test models. A change in output shows up as a diff here.

mod common;

use common::{generate, repo, shared};

fn snapshot_all(prefix: &str, files: &codegen::Files) {
    for (path, contents) in files {
        let name = format!("{prefix}__{}", path.replace(['/', '.'], "_"));
        insta::assert_snapshot!(name, contents);
    }
}

#[test]
fn update_membership() {
    let files = generate(&shared("models/cleanrooms.json"), &["UpdateMembership"]);
    assert_eq!(
        files.keys().map(String::as_str).collect::<Vec<_>>(),
        [
            "Cargo.toml",
            "src/enums.rs",
            "src/errors.rs",
            "src/http_support.rs",
            "src/lib.rs",
            "src/operations.rs",
            "src/serde_support.rs",
            "src/structures.rs",
            "src/timestamp.rs",
            "src/unions.rs",
            "src/validation.rs"
        ]
    );
    snapshot_all("update_membership", &files);
}

#[test]
fn constructs() {
    snapshot_all(
        "constructs",
        &generate(&repo().join("models/tests/constructs.json"), &[]),
    );
}

#[test]
fn naming() {
    snapshot_all(
        "naming",
        &generate(&repo().join("models/tests/naming.json"), &[]),
    );
}

#[test]
fn http() {
    snapshot_all(
        "http",
        &generate(&repo().join("models/tests/http.json"), &[]),
    );
}
