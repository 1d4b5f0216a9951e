//! Snapshots of tricky shapes from real AWS models: a recursive union (DynamoDB's
//! `AttributeValue`, through lists and maps), a keyword member name (`type`), and `@jsonName`
//! keys under restJson1 (API Gateway v2's `Api`).

mod common;

use common::{generate, shared};

/// The text of `pub {kind} {name}` with its docs and attributes, up to its closing brace.
fn item(file: &str, kind: &str, name: &str) -> String {
    let lines: Vec<&str> = file.lines().collect();
    let decl = format!("pub {kind} {name} {{");
    let at = lines
        .iter()
        .position(|l| *l == decl)
        .unwrap_or_else(|| panic!("no `{decl}`"));
    let start = (0..at)
        .rev()
        .take_while(|i| lines[*i].starts_with("///") || lines[*i].starts_with("#["))
        .last()
        .unwrap_or(at);
    let end = (at..lines.len())
        .find(|i| lines[*i] == "}")
        .expect("the item closes");
    lines[start..=end].join("\n")
}

/// A structure with its written-out serde impls, which hold its wire names.
fn structure(file: &str, name: &str) -> String {
    let mut out = item(file, "struct", name);
    for header in [
        format!("impl ::serde::Serialize for {name} {{"),
        format!("impl<'de> ::serde::Deserialize<'de> for {name} {{"),
    ] {
        let lines: Vec<&str> = file.lines().collect();
        let at = lines
            .iter()
            .position(|l| *l == header)
            .unwrap_or_else(|| panic!("no `{header}`"));
        let end = (at..lines.len())
            .find(|i| lines[*i] == "}")
            .expect("the impl closes");
        out.push_str("\n\n");
        out.push_str(&lines[at..=end].join("\n"));
    }
    out
}

#[test]
fn dynamodb_attribute_value_is_recursive_through_lists_and_maps() {
    let files = generate(&shared("models/aws/dynamodb.json"), &["GetItem"]);
    insta::assert_snapshot!(item(&files["src/unions.rs"], "enum", "AttributeValue"));
}

#[test]
fn keyword_member_is_a_raw_identifier() {
    let files = generate(&shared("models/aws/bcm-recommended-actions.json"), &[]);
    insta::assert_snapshot!(structure(&files["src/structures.rs"], "RecommendedAction"));
}

#[test]
fn json_name_keys_under_rest_json1() {
    let files = generate(&shared("models/aws/apigatewayv2.json"), &["GetApi"]);
    insta::assert_snapshot!(structure(&files["src/structures.rs"], "GetApiResponse"));
}
