//! Smithy's own IDL loader suite (`../shared/smithy/loader-tests`): every valid `X.smithy` loads to
//! the model of its `X.json`, and every invalid file is rejected at the line Smithy names.

mod common;

use std::path::{Path, PathBuf};

use codegen::load::{self, Source};

/// Valid cases we do not match, with the reason. Empty: all match.
const VALID_EXCEPTIONS: &[(&str, &str)] = &[(
    "traits.smithy",
    "a bigDecimal trait value beyond f64 (1.7976931348623157E+309): trait values are serde_json \
     values, which hold numbers as i64, u64 or f64; both sides reject the number",
)];

fn source(path: &Path) -> Source {
    Source {
        path: path.to_owned(),
        text: std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    }
}

fn files_under(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == ext) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root).unwrap().display().to_string()
}

#[test]
fn valid_cases_match_their_json() {
    let root = common::shared("smithy/loader-tests/valid");
    let shared = source(&root.join("__shared.json"));
    let mut matched = 0;
    let mut failures = Vec::new();
    let mut total = 0;
    for idl in files_under(&root, "smithy") {
        let json = idl.with_extension("json");
        if !json.exists() {
            continue;
        }
        total += 1;
        let name = rel(&root, &idl);
        let ours = load::load_ast(&[source(&idl), shared.clone()]);
        let theirs = load::load_ast(&[source(&json), shared.clone()]);
        let outcome = match (ours, theirs) {
            (_, Err(e)) => Err(format!("the JSON side does not load: {e}")),
            (Err(e), _) => Err(format!("does not load: {e}")),
            (Ok(ours), Ok(theirs)) => {
                let (a, b) = (ours.to_json(), theirs.to_json());
                if a == b {
                    Ok(())
                } else {
                    Err(format!("differs:\n{}", line_diff(&b, &a)))
                }
            }
        };
        let excepted = VALID_EXCEPTIONS.iter().any(|(n, _)| *n == name);
        match (outcome, excepted) {
            (Ok(()), false) => matched += 1,
            (Ok(()), true) => failures.push(format!("{name}: matches now; remove it from VALID_EXCEPTIONS")),
            (Err(_), true) => {}
            (Err(e), false) => failures.push(format!("{name}: {e}")),
        }
    }
    println!(
        "loader suite, valid: {matched} of {total} match their JSON ({} listed as exceptions)",
        VALID_EXCEPTIONS.len()
    );
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n\n"));
}

fn line_diff(expected: &str, actual: &str) -> String {
    similar::TextDiff::from_lines(expected, actual)
        .unified_diff()
        .context_radius(3)
        .header("expected (JSON)", "ours (IDL)")
        .to_string()
}

/// `Syntax error at line L, column C` anywhere in Smithy's stated error.
fn stated_position(comment: &str) -> Option<(usize, usize)> {
    let rest = &comment[comment.find("Syntax error at line ")? + "Syntax error at line ".len()..];
    let (line, rest) = rest.split_once(", column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, column.parse().ok()?))
}

#[test]
fn invalid_cases_are_rejected_where_smithy_says() {
    let root = common::shared("smithy/loader-tests/invalid");
    let (mut syntax, mut syntax_ok, mut semantic, mut semantic_rejected) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    let mut accepted = Vec::new();
    for file in files_under(&root, "smithy") {
        let name = rel(&root, &file);
        let src = source(&file);
        let comment = src.text.lines().next().unwrap_or_default().to_owned();
        let result = load::load_ast(std::slice::from_ref(&src));
        match stated_position(&comment) {
            Some((line, column)) => {
                syntax += 1;
                match &result {
                    Ok(_) => failures.push(format!("{name}: accepted; Smithy says {comment}")),
                    Err(e) => {
                        let hit = e.each().iter().any(|e| {
                            matches!(e, codegen::Error::ParseModel { line: l, column: c, .. }
                                if *l == line && *c == column)
                        });
                        if hit {
                            syntax_ok += 1;
                        } else {
                            failures.push(format!(
                                "{name}: we say `{e}`; Smithy says {comment}"
                            ));
                        }
                    }
                }
            }
            None => {
                semantic += 1;
                match &result {
                    Err(_) => semantic_rejected += 1,
                    Ok(_) => accepted.push(format!("{name}: {comment}")),
                }
            }
        }
    }
    println!(
        "loader suite, invalid: {syntax_ok} of {syntax} syntax errors rejected at Smithy's line and column; \
         {semantic_rejected} of {semantic} cases stated by Smithy's validators rejected too"
    );
    for a in &accepted {
        println!("  accepted (a semantic check we leave to the generator or do not make): {a}");
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

/// Smithy's mixin cases come with `X.flattened.smithy`, the same model written without mixins:
/// once mixins are applied, both give the same model.
#[test]
fn mixin_cases_flatten_to_their_flattened_files() {
    let root = common::shared("smithy/loader-tests/valid/mixins");
    let mut matched = 0;
    let mut failures = Vec::new();
    for flat in files_under(&root, "smithy") {
        let Some(stem) = flat
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".flattened.smithy"))
        else {
            continue;
        };
        let mixed = flat.with_file_name(format!("{stem}.smithy"));
        let a = codegen::Model::from_paths([mixed]).map(|l| l.resolved().clone());
        let b = codegen::Model::from_paths([&flat]).map(|l| l.resolved().clone());
        match (a, b) {
            (Ok(mut a), Ok(mut b)) => {
                // The flattened file has no mixin shapes; compare the shapes it has.
                a.shapes.retain(|id, _| b.shapes.contains_key(id));
                b.shapes.retain(|id, _| a.shapes.contains_key(id));
                if a == b {
                    matched += 1;
                } else {
                    let diff: Vec<&String> = a
                        .shapes
                        .iter()
                        .filter(|(id, s)| b.shapes.get(*id) != Some(s))
                        .map(|(id, _)| id)
                        .collect();
                    failures.push(format!("{stem}: shapes differ: {diff:?}"));
                }
            }
            (a, b) => failures.push(format!("{stem}: {:?} / {:?}", a.err(), b.err())),
        }
    }
    println!("loader suite, mixins: {matched} cases flatten to their .flattened.smithy");
    assert!(matched > 0, "no .flattened.smithy cases found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
