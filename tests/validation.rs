//! `validate()` and strict decoding of `UpdateMembershipInput` against botocore's client-side
//! verdicts: invalid where botocore says invalid, naming the same member; valid where it says
//! valid, except the constraints botocore does not check (`@length` max, `@pattern`), where we
//! are stricter by design. Counts are printed per mutation kind.

use cleanrooms_types::{Constraint, UpdateMembershipInput, ValidationErrors, from_json_strict};
use e2e::{Tally, botocore_names, case_id, guarded, has_tag, load_cases};
use serde_json::Value;

/// Our verdict on a case's `params`: strict decoding, then `validate()` (or `validate_strict()`).
fn verdict(params: &Value, strict: bool) -> Result<(), ValidationErrors> {
    let bytes = serde_json::to_vec(params).expect("params serialize");
    let input: UpdateMembershipInput = from_json_strict(&bytes)?;
    if strict {
        input.validate_strict()
    } else {
        input.validate()
    }
}

/// Whether every violation is of a constraint botocore leaves to the service (`@length` max,
/// `@pattern`): where botocore says valid, these are the cases where we are stricter on purpose.
fn only_unchecked_by_botocore(e: &ValidationErrors) -> bool {
    e.violations()
        .iter()
        .all(|v| matches!(v.constraint, Constraint::MaxLength | Constraint::Pattern))
}

#[test]
fn validation() {
    let mut tally = Tally::new("validation.jsonl");
    let mut stricter = Vec::new();
    for case in load_cases("validation.jsonl", "UpdateMembership") {
        let id = case_id(&case);
        let kind = case["mutation"].as_str().unwrap_or("none").to_owned();
        let expected = &case["expected"];
        let ours = match guarded(|| verdict(&case["params"], false)) {
            Ok(v) => v,
            Err(panic) => {
                tally.record(&kind, id, Err(panic));
                continue;
            }
        };
        let outcome = match (expected["valid"].as_bool(), ours) {
            (Some(true), Ok(())) => Ok(()),
            (Some(true), Err(e)) if only_unchecked_by_botocore(&e) => {
                stricter.push(format!(
                    "{id} [{}]: {e}",
                    if has_tag(&case, "unchecked-constraint") {
                        "unchecked-constraint"
                    } else {
                        "untagged"
                    }
                ));
                Ok(())
            }
            (Some(true), Err(e)) => Err(format!("botocore: valid; ours: {e}")),
            (Some(false), Ok(())) => Err(format!(
                "botocore: invalid ({}); ours: valid",
                expected["errors"]
            )),
            (Some(false), Err(e)) => {
                let theirs = botocore_names(expected);
                let ours: Vec<&str> = e.violations().iter().map(|v| v.name.as_str()).collect();
                if theirs.iter().any(|t| ours.contains(&t.as_str())) {
                    Ok(())
                } else {
                    Err(format!(
                        "names differ: botocore {theirs:?}, ours {ours:?} ({e})"
                    ))
                }
            }
            (None, _) => Err("no verdict in the fixture".to_owned()),
        };
        tally.record(&kind, id, outcome);
    }
    println!("stricter than botocore by design ({}):", stricter.len());
    for line in &stricter {
        println!("  {line}");
    }
    tally.finish();
}

#[test]
fn strict_validation_rejects_unknown_enum_values_that_botocore_lets_through() {
    let mut seen = 0;
    for case in load_cases("validation.jsonl", "UpdateMembership") {
        if case["mutation"] != "unknown-enum" && !case_id(&case).ends_with("unknown-enum") {
            continue;
        }
        seen += 1;
        assert!(
            verdict(&case["params"], false).is_ok(),
            "{}: validate() lets unknown enum values pass",
            case_id(&case)
        );
        let e = verdict(&case["params"], true).expect_err("validate_strict() rejects them");
        assert!(
            e.violations()
                .iter()
                .any(|v| v.constraint == Constraint::EnumValue),
            "{}: {e}",
            case_id(&case)
        );
    }
    assert!(seen >= 2, "expected the unknown-enum cases, found {seen}");
}
