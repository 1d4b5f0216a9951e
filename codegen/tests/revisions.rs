//! Properties that must hold across model revisions and runs: `@enum` strings and enum shapes
//! generate the same Rust, and the same model always gives the same bytes.

mod common;

use indexmap::IndexMap;
use serde_json::value::RawValue;

use common::{generate, shared};

/// The text of one top-level item (with its docs and impls) in a generated file: from the doc
/// block before `pub enum NAME` to the line before the next type's doc block.
fn item_block(file: &str, name: &str) -> String {
    let lines: Vec<&str> = file.lines().collect();
    let decl = lines
        .iter()
        .position(|l| *l == format!("pub enum {name} {{"))
        .unwrap_or_else(|| panic!("no enum {name}"));
    let start = (0..decl)
        .rev()
        .take_while(|i| lines[*i].starts_with("///") || lines[*i].starts_with("#["))
        .last()
        .unwrap_or(decl);
    let end = (decl + 1..lines.len())
        .find(|i| lines[*i].starts_with("pub enum ") || lines[*i].starts_with("pub struct "))
        .map(|i| (start..i).rev().find(|j| lines[*j].is_empty()).unwrap_or(i))
        .unwrap_or(lines.len());
    lines[start..end].join("\n")
}

#[test]
fn result_format_is_the_same_rust_as_enum_trait_and_enum_shape() {
    let legacy = generate(
        &shared("models/cleanrooms-history/cleanrooms-2026-01-02.json"),
        &["UpdateMembership"],
    );
    let modern = generate(
        &shared("models/cleanrooms-history/cleanrooms-2026-02-18.json"),
        &["UpdateMembership"],
    );
    let old = item_block(&legacy["src/enums.rs"], "ResultFormat");
    let new = item_block(&modern["src/enums.rs"], "ResultFormat");
    let strip_docs = |s: &str| {
        s.lines()
            .filter(|l| !l.starts_with("///"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        strip_docs(&old),
        strip_docs(&new),
        "only the doc comment may differ"
    );
    assert!(old.starts_with("/// The `ResultFormat` enum."), "{old}");
    assert!(
        new.starts_with("/// File format of the returned data."),
        "{new}"
    );
    assert_ne!(old, new, "the 2026-02-18 revision adds documentation");
}

#[test]
fn same_model_same_bytes() {
    let path = shared("models/cleanrooms.json");
    let first = generate(&path, &["UpdateMembership"]);
    for _ in 0..3 {
        assert!(
            generate(&path, &["UpdateMembership"]) == first,
            "two runs gave different output"
        );
    }
}

/// A model with its shapes in file order, each shape's JSON untouched.
#[derive(serde::Deserialize)]
struct Model {
    smithy: Box<RawValue>,
    shapes: IndexMap<String, Box<RawValue>>,
}

#[test]
fn shape_order_in_the_file_does_not_matter() {
    let path = shared("models/cleanrooms.json");
    let bytes = std::fs::read(&path).unwrap();
    let model: Model = serde_json::from_slice(&bytes).unwrap();
    // Reverse the order of the shapes, keeping every shape's own text (and member order) intact.
    let entries: Vec<String> = model
        .shapes
        .iter()
        .rev()
        .map(|(id, shape)| format!("{}:{}", serde_json::to_string(id).unwrap(), shape.get()))
        .collect();
    let text = format!(
        "{{\"smithy\":{},\"shapes\":{{{}}}}}",
        model.smithy.get(),
        entries.join(",")
    );
    let dir = std::env::temp_dir().join(format!("codegen-order-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let copy = dir.join("cleanrooms.json");
    std::fs::write(&copy, text).unwrap();
    let a = generate(&path, &["UpdateMembership"]);
    let b = generate(&copy, &["UpdateMembership"]);
    std::fs::remove_dir_all(&dir).unwrap();
    let strip_header = |f: &codegen::Files| {
        f.values()
            .map(|c| c.split_once('\n').unwrap().1.to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(strip_header(&a), strip_header(&b));
}

/// The generated code of an earlier revision as a unified diff against the current model's,
/// headers aside: what a reviewer would read in the pull request that regenerates.
fn diff_against_current(revision: &str) -> String {
    let current = generate(&shared("models/cleanrooms.json"), &["UpdateMembership"]);
    let old = generate(
        &shared(&format!(
            "models/cleanrooms-history/cleanrooms-{revision}.json"
        )),
        &["UpdateMembership"],
    );
    let body = |c: &str| {
        c.split_once('\n')
            .map_or(String::new(), |(_, rest)| rest.to_owned())
    };
    let mut out = String::new();
    let paths: std::collections::BTreeSet<&String> = current.keys().chain(old.keys()).collect();
    for path in paths {
        let (a, b) = (
            old.get(path).map_or(String::new(), |c| body(c)),
            current.get(path).map_or(String::new(), |c| body(c)),
        );
        if a == b {
            continue;
        }
        let diff = similar::TextDiff::from_lines(&a, &b);
        out.push_str(
            &diff
                .unified_diff()
                .context_radius(2)
                .header(&format!("{revision}/{path}"), &format!("current/{path}"))
                .to_string(),
        );
    }
    out
}

#[test]
fn each_revision_differs_from_the_current_model_only_as_its_changes_say() {
    for revision in ["2025-04-02", "2025-12-01", "2026-01-02", "2026-02-18"] {
        let diff = diff_against_current(revision);
        insta::assert_snapshot!(format!("revision_{revision}_vs_current"), diff);
    }
    // 2026-04-17 is the current model itself.
    assert!(diff_against_current("2026-04-17").is_empty());
}
