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
