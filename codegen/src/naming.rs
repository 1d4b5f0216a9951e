//! Assigns unique, escaped Rust names to shapes and members, keeping their wire names.
//!
//! Rules (also in docs/type-mapping.md):
//! - Types: `UpperCamelCase` of the shape name (heck), after the service's `rename` map.
//!   `Self` becomes `SelfValue`. A shape named like a std type (`String`, `Result`, …) keeps its
//!   name: generated code spells every outside type with an absolute path, so nothing is shadowed.
//! - Fields: `snake_case` of the member name; a Rust keyword becomes a raw identifier (`r#type`),
//!   except `self`, `super`, `crate` and `Self`, which cannot be raw and get a trailing `_`.
//! - Enum and union variants: `UpperCamelCase` of the member name; a name that does not start with
//!   a letter gets a `V` prefix (`1X` → `V1x`); `Unknown` (ours, for forward compatibility) and
//!   `Self` get a `Value` suffix.
//! - Operation error enum variants: the error shape's name when it is a type-like identifier
//!   (`AccessDeniedException`), else its structure's type name (`await` → `Await`).
//! - Collisions, namespace by namespace: the names of the crate's own API come first (the support
//!   types at the crate root, [`SUPPORT_TYPES`]; `Unhandled` and `InvalidResponse` in an error
//!   enum, [`ERROR_ENUM_VARIANTS`]), then the model's (declaration order for members, shape-ID
//!   order for types), then the names the generator derives (`symbols.rs`: error enums,
//!   per-operation methods, helper functions). A name already taken gets the next free numeric
//!   suffix (`foo_bar`, `foo_bar_2`; `FooBar`, `FooBar2`), after any alternative its kind has
//!   (`{Operation}Error`, then `{Operation}OperationError`).

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Our own types at the root of every generated crate (those of its layers): a model type never
/// takes one of these names.
pub const SUPPORT_TYPES: [&str; 8] = [
    "Constraint",
    "InvalidResponse",
    "ModeledError",
    "RequestError",
    "Timestamp",
    "UnhandledError",
    "ValidationErrors",
    "Violation",
];

/// The variants every operation error enum has besides the modeled errors.
pub const ERROR_ENUM_VARIANTS: [&str; 2] = ["Unhandled", "InvalidResponse"];

/// Strict and reserved keywords of Rust 2024 (plus the weak `union`, which is harmless, left out).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be written as raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "super", "Self"];

/// The Rust type name for a shape name.
pub fn type_name(shape_name: &str) -> String {
    let name = upper_camel(shape_name);
    if name == "Self" {
        "SelfValue".to_owned()
    } else {
        name
    }
}

/// The variant of an operation's error enum for an error shape: the shape's name when it is a
/// type-like identifier (`AccessDeniedException`, `KMSInternalException`), else the Rust name of
/// its structure, `type_name` (`await` → `Await`, `Self` → `SelfValue`).
pub fn error_variant_name(shape_name: &str, type_name: &str) -> String {
    let type_like = shape_name.starts_with(|c: char| c.is_ascii_uppercase())
        && shape_name.chars().all(|c| c.is_ascii_alphanumeric())
        && shape_name != "Self";
    if type_like { shape_name } else { type_name }.to_owned()
}

/// The Rust field name for a structure member name.
pub fn field_name(member: &str) -> String {
    let mut name = member.to_snake_case();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    } else if KEYWORDS.contains(&name.as_str()) {
        name.insert_str(0, "r#");
    }
    name
}

/// The Rust variant name for an enum or union member name.
pub fn variant_name(member: &str) -> String {
    let name = upper_camel(member);
    if name == "Unknown" || name == "Self" {
        format!("{name}Value")
    } else {
        name
    }
}

/// `UpperCamelCase`, made a valid identifier: a leading digit gets a `V` prefix.
fn upper_camel(s: &str) -> String {
    let mut name = s.to_upper_camel_case();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert(0, 'V');
    }
    name
}

/// Makes `candidates` unique in order: a repeated name gets the first free numeric suffix
/// (`_2`, `_3`, … for snake_case names, `2`, `3`, … otherwise). `taken` holds names that are
/// already reserved.
pub fn disambiguate(candidates: Vec<String>, taken: &BTreeSet<String>) -> Vec<String> {
    let mut used: BTreeSet<String> = taken.clone();
    candidates
        .into_iter()
        .map(|name| {
            if used.insert(name.clone()) {
                return name;
            }
            let sep = if name.starts_with(|c: char| c.is_ascii_uppercase()) {
                ""
            } else {
                "_"
            };
            let unique = (2..)
                .map(|n| format!("{name}{sep}{n}"))
                .find(|n| !used.contains(n))
                .expect("unbounded range");
            used.insert(unique.clone());
            unique
        })
        .collect()
}

/// Type names for a set of shape IDs: renames applied, then disambiguated in shape-ID order,
/// around the [`SUPPORT_TYPES`].
pub fn type_names<'a>(
    ids: impl Iterator<Item = &'a String>,
    rename: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let ids: Vec<&String> = ids.collect();
    let candidates = ids
        .iter()
        .map(|id| {
            type_name(
                rename
                    .get(*id)
                    .map_or_else(|| crate::model::shape_name(id), String::as_str),
            )
        })
        .collect();
    let support = SUPPORT_TYPES.iter().map(|s| (*s).to_owned()).collect();
    ids.into_iter()
        .cloned()
        .zip(disambiguate(candidates, &support))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_follow_heck() {
        let table = [
            ("Membership", "Membership"),
            ("UUID", "Uuid"),
            ("MLMemberAbilities", "MlMemberAbilities"),
            ("customMLMemberAbilities", "CustomMlMemberAbilities"),
            ("Self", "SelfValue"),
            ("String", "String"),
            ("Result", "Result"),
        ];
        for (input, want) in table {
            assert_eq!(type_name(input), want, "{input}");
        }
    }

    #[test]
    fn field_names_are_snake_and_escaped() {
        let table = [
            ("membershipIdentifier", "membership_identifier"),
            ("customMLMemberAbilities", "custom_ml_member_abilities"),
            ("isResponsible", "is_responsible"),
            ("s3", "s3"),
            ("type", "r#type"),
            ("Type", "r#type"),
            ("match", "r#match"),
            ("async", "r#async"),
            ("gen", "r#gen"),
            ("self", "self_"),
            ("Self", "self_"),
            ("super", "super_"),
            ("crate", "crate_"),
            ("ARNs", "ar_ns"),
            ("1st", "_1st"),
        ];
        for (input, want) in table {
            assert_eq!(field_name(input), want, "{input}");
        }
    }

    #[test]
    fn variant_names_are_camel_and_reserved() {
        let table = [
            ("CAN_QUERY", "CanQuery"),
            ("COLLABORATION_DELETED", "CollaborationDeleted"),
            ("CSV", "Csv"),
            ("s3", "S3"),
            ("CR.1X", "Cr1x"),
            ("t2.micro", "T2Micro"),
            ("1X", "V1x"),
            ("UNKNOWN", "UnknownValue"),
            ("Unknown", "UnknownValue"),
            ("Self", "SelfValue"),
        ];
        for (input, want) in table {
            assert_eq!(variant_name(input), want, "{input}");
        }
    }

    #[test]
    fn collisions_get_numeric_suffixes_in_order() {
        let names = vec![
            "foo_bar".to_owned(),
            "foo_bar".to_owned(),
            "foo_bar_2".to_owned(),
            "FooBar".to_owned(),
            "FooBar".to_owned(),
        ];
        assert_eq!(
            disambiguate(names, &BTreeSet::new()),
            ["foo_bar", "foo_bar_2", "foo_bar_2_2", "FooBar", "FooBar2"]
        );
    }

    #[test]
    fn reserved_names_are_avoided() {
        let taken = BTreeSet::from(["Unknown".to_owned()]);
        assert_eq!(
            disambiguate(vec!["Unknown".to_owned()], &taken),
            ["Unknown2"]
        );
    }

    #[test]
    fn service_rename_applies() {
        let ids = ["a#Foo".to_owned(), "b#Foo".to_owned()];
        let rename = BTreeMap::from([("b#Foo".to_owned(), "BFoo".to_owned())]);
        let names = type_names(ids.iter(), &rename);
        assert_eq!(names["a#Foo"], "Foo");
        assert_eq!(names["b#Foo"], "BFoo");
        let names = type_names(ids.iter(), &BTreeMap::new());
        assert_eq!(names["b#Foo"], "Foo2");
    }
}
