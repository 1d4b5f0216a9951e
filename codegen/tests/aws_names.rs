//! The naming rules over every shape and member name in the 381 AWS models of `../shared`: each
//! produces a valid Rust identifier, and names stay unique within each structure, union and enum.

mod common;

use std::collections::BTreeSet;

use codegen::load::parse;
use codegen::model::ShapeKind;
use codegen::naming::{disambiguate, field_name, type_name, variant_name};
use codegen::resolve::resolve;

/// A Rust identifier (raw identifiers included) that is not a keyword in disguise.
fn is_identifier(name: &str) -> bool {
    syn::parse_str::<syn::Ident>(name).is_ok()
}

#[test]
fn every_aws_name_maps_to_a_unique_valid_identifier() {
    let dir = common::shared("models/aws");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    assert_eq!(
        paths.len(),
        381,
        "expected the 381 AWS models in {}",
        dir.display()
    );
    let (mut shapes, mut members, mut problems) = (0usize, 0usize, Vec::new());
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        let parsed = parse(&text).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        // Resolution turns Smithy 1.0 `@enum` strings into enums, so their values are named too.
        let model = resolve(parsed).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for (id, shape) in &model.shapes {
            let (names, field) = match &shape.kind {
                ShapeKind::Structure(m) => (m, true),
                ShapeKind::Union(m) | ShapeKind::Enum(m) | ShapeKind::IntEnum(m) => (m, false),
                _ => continue,
            };
            shapes += 1;
            let ty = type_name(shape.name());
            if !is_identifier(&ty) {
                problems.push(format!("{id}: type name `{ty}`"));
            }
            let candidates: Vec<String> = names
                .keys()
                .map(|m| {
                    if field {
                        field_name(m)
                    } else {
                        variant_name(m)
                    }
                })
                .collect();
            let reserved = if field {
                BTreeSet::new()
            } else {
                BTreeSet::from(["Unknown".to_owned()])
            };
            let unique = disambiguate(candidates, &reserved);
            members += unique.len();
            for (member, rust) in names.keys().zip(&unique) {
                if !is_identifier(rust) {
                    problems.push(format!("{id}${member}: `{rust}`"));
                }
            }
            if unique.iter().collect::<BTreeSet<_>>().len() != unique.len() {
                problems.push(format!("{id}: duplicate names {unique:?}"));
            }
        }
    }
    println!(
        "{} models, {shapes} named shapes, {members} members and variants",
        paths.len()
    );
    assert!(
        problems.is_empty(),
        "{} names are not valid identifiers:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(
        shapes > 10_000 && members > 100_000,
        "suspiciously few names: {shapes} shapes, {members} members"
    );
}
