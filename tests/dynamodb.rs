//! awsJson1_0 on the wire: botocore's DynamoDB fixtures (`../shared/conformance/dynamodb`, 20
//! operations) against the generated `dynamodb-types`: requests built, responses and errors
//! parsed, inputs validated as botocore validates them. Counts are printed per file and kind.

use std::sync::OnceLock;

use dynamodb_types as types;
use dynamodb_types::{Constraint, ValidationErrors};
use e2e::{
    Tally, botocore_names, case_id, check_built_request, check_error_seen, declares_error, diff,
    fixture_response, guarded, has_tag, load_cases_from, operations, resolve_unknown_members,
    shared_fixtures,
};
use serde_json::{Map, Value};

/// The operations under test, once: `operations!`'s table (requests, responses, errors,
/// `validate()`) and [`strict_verdict`], the same dispatch to `validate_strict()`.
macro_rules! dynamodb_operations {
    ($($op:ident, $input:ident, $output:tt, $error:ident;)*) => {
        operations! { types, wire_params; $($op, $input, $output, $error;)* }

        /// Strict decoding and `validate_strict()` of botocore's `params` of `operation`.
        fn strict_verdict(operation: &str, params: &Value) -> Result<(), types::ValidationErrors> {
            let bytes = serde_json::to_vec(&wire_params(operation, params)).expect("params serialize");
            match operation {
                $(stringify!($op) => types::from_json_strict::<types::$input>(&bytes)?.validate_strict(),)*
                other => panic!("no operation {other} in the crate"),
            }
        }
    };
}

dynamodb_operations! {
    GetItem, GetItemInput, GetItemOutput, GetItemError;
    PutItem, PutItemInput, PutItemOutput, PutItemError;
    UpdateItem, UpdateItemInput, UpdateItemOutput, UpdateItemError;
    DeleteItem, DeleteItemInput, DeleteItemOutput, DeleteItemError;
    Query, QueryInput, QueryOutput, QueryError;
    Scan, ScanInput, ScanOutput, ScanError;
    BatchGetItem, BatchGetItemInput, BatchGetItemOutput, BatchGetItemError;
    BatchWriteItem, BatchWriteItemInput, BatchWriteItemOutput, BatchWriteItemError;
    TransactWriteItems, TransactWriteItemsInput, TransactWriteItemsOutput, TransactWriteItemsError;
    TransactGetItems, TransactGetItemsInput, TransactGetItemsOutput, TransactGetItemsError;
    CreateTable, CreateTableInput, CreateTableOutput, CreateTableError;
    DescribeTable, DescribeTableInput, DescribeTableOutput, DescribeTableError;
    UpdateTable, UpdateTableInput, UpdateTableOutput, UpdateTableError;
    ListTables, ListTablesInput, ListTablesOutput, ListTablesError;
    UpdateTimeToLive, UpdateTimeToLiveInput, UpdateTimeToLiveOutput, UpdateTimeToLiveError;
    DescribeTimeToLive, DescribeTimeToLiveInput, DescribeTimeToLiveOutput, DescribeTimeToLiveError;
    TagResource, TagResourceInput, (), TagResourceError;
    ListTagsOfResource, ListTagsOfResourceInput, ListTagsOfResourceOutput, ListTagsOfResourceError;
    ExecuteStatement, ExecuteStatementInput, ExecuteStatementOutput, ExecuteStatementError;
    DescribeContinuousBackups, DescribeContinuousBackupsInput, DescribeContinuousBackupsOutput, DescribeContinuousBackupsError;
}

/// The DynamoDB model, for turning botocore's `params` into the input's JSON.
fn model() -> &'static codegen::model::Model {
    static MODEL: OnceLock<codegen::model::Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/models/aws/dynamodb.json");
        codegen::Model::from_paths([&path])
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .resolved()
            .clone()
    })
}

/// botocore's `params` of `operation` as the input's JSON: blobs, given as text, become base64
/// (the rest is already as awsJson writes it: member names, epoch-second timestamps).
fn wire_params(operation: &str, params: &Value) -> Value {
    let input = format!("com.amazonaws.dynamodb#{operation}Input");
    encode_blobs(model(), &input, params)
}

fn encode_blobs(model: &codegen::model::Model, shape: &str, value: &Value) -> Value {
    use base64::Engine as _;
    use codegen::model::{ShapeKind, Simple};
    let Some(s) = model.shapes.get(shape) else {
        return value.clone();
    };
    match (&s.kind, value) {
        (ShapeKind::Simple(Simple::Blob), Value::String(text)) => {
            Value::String(base64::engine::general_purpose::STANDARD.encode(text.as_bytes()))
        }
        (ShapeKind::Structure(members) | ShapeKind::Union(members), Value::Object(map)) => {
            Value::Object(
                map.iter()
                    .map(|(k, v)| {
                        let v = match members.get(k) {
                            Some(m) => encode_blobs(model, &m.target, v),
                            None => v.clone(),
                        };
                        (k.clone(), v)
                    })
                    .collect(),
            )
        }
        (ShapeKind::List(m), Value::Array(items)) => Value::Array(
            items
                .iter()
                .map(|v| encode_blobs(model, &m.target, v))
                .collect(),
        ),
        (ShapeKind::Map { value: m, .. }, Value::Object(map)) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), encode_blobs(model, &m.target, v)))
                .collect(),
        ),
        _ => value.clone(),
    }
}

fn operation(case: &Value) -> &'static e2e::Operation<types::ValidationErrors> {
    let name = case["operation"].as_str().unwrap_or_default();
    OPERATIONS
        .iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("no operation {name} in the crate"))
}

fn cases(file: &str) -> Vec<Value> {
    let dir = shared_fixtures("dynamodb");
    OPERATIONS
        .iter()
        .flat_map(|o| load_cases_from(&dir, file, o.name))
        .collect()
}

#[test]
fn requests() {
    let mut tally = Tally::new("dynamodb requests.jsonl (20 operations)");
    for case in cases("requests.jsonl") {
        let outcome = guarded(|| {
            let request = (operation(&case).request)(&case["params"])?;
            check_built_request(&case["expected"], &request)
        })
        .and_then(|r| r);
        tally.record(
            "request built as botocore builds it",
            case_id(&case),
            outcome,
        );
    }
    tally.finish();
}

/// Where we differ from botocore on purpose, by case: what botocore does and why we do not.
const BY_DESIGN: &[(&str, &str)] = &[
    ("Query-s1001-resp-01", COUNT_DEFAULT),
    ("Query-s1001-resp-02", COUNT_DEFAULT),
    ("Scan-s1001-resp-01", COUNT_DEFAULT),
    ("Scan-s1001-resp-02", COUNT_DEFAULT),
];

const COUNT_DEFAULT: &str = "`Count` is `@default(0)` in the Smithy model, so Smithy 2.0 reads an absent \
     `Count` as 0; botocore leaves it absent";

#[test]
fn responses() {
    let mut tally = Tally::new("dynamodb responses.jsonl (20 operations)");
    for case in cases("responses.jsonl") {
        let parsed =
            guarded(|| fixture_response(&case).and_then(|r| (operation(&case).response)(&r)));
        let outcome = match parsed {
            Err(panic) => Err(panic),
            Ok(Err(e)) => Err(e),
            Ok(Ok(ours)) => {
                let body = case["body"].as_str().unwrap_or_default();
                let raw: Value = if body.trim().is_empty() {
                    Value::Object(Map::new())
                } else {
                    serde_json::from_str(body).unwrap_or(Value::Null)
                };
                let mut found = Vec::new();
                resolve_unknown_members(&case["expected"], Some(&ours), Some(&raw), "$", &mut found)
                    .and_then(|expected| diff(&expected, &ours, "$"))
            }
        };
        match (
            outcome,
            BY_DESIGN.iter().find(|(id, _)| *id == case_id(&case)),
        ) {
            (Err(reason), Some((_, why))) => {
                tally.out_of_scope(
                    "differs by design",
                    case_id(&case),
                    format!("{reason}: {why}"),
                );
            }
            (outcome, _) => {
                tally.record(
                    "output parsed as botocore parses it",
                    case_id(&case),
                    outcome,
                );
            }
        }
    }
    tally.finish();
}

/// Code, message and variant as botocore reports them; where botocore ignores the
/// `X-Amzn-Errortype` header (tagged `botocore-divergence`), the Smithy awsJson1_0 protocol tests
/// win: the code comes from the header.
#[test]
fn errors() {
    let mut tally = Tally::new("dynamodb errors.jsonl (20 operations)");
    for case in cases("errors.jsonl") {
        let outcome = guarded(|| check_error(&case)).and_then(|r| r);
        if has_tag(&case, "botocore-divergence") {
            tally.out_of_scope(
                "botocore ignores X-Amzn-Errortype; the Smithy protocol tests read it",
                case_id(&case),
                outcome
                    .err()
                    .unwrap_or_else(|| "we read the header".to_owned()),
            );
            continue;
        }
        let kind = if case["expected"]["error_shape"].is_null() {
            "unmodeled or generic error"
        } else {
            "modeled error"
        };
        tally.record(kind, case_id(&case), outcome);
    }
    tally.finish();
}

fn check_error(case: &Value) -> Result<(), String> {
    let op = operation(case);
    let seen = (op.error)(&fixture_response(case)?);
    check_error_seen(&case["expected"], &seen, |shape| {
        declares_error(op.error, shape)
    })
    .map(|_| ())
}

/// Cases that fail because of a generator bug, with the diagnosis: counted apart, and the list
/// must be exact (a listed case that passes fails the test, so the entry goes once the bug is
/// fixed).
const KNOWN_FAILURES: &[(&str, &str)] = &[];

/// How our verdict on a case compares with botocore's.
enum Verdict {
    /// The same verdict (on the same member, when invalid).
    Same,
    /// botocore says valid; the Smithy model forbids the value through a constraint botocore
    /// leaves to the service, and we reject it by design (the message says how).
    Stricter(String),
}

/// `validate()` (strict decoding, then the model's constraints) of botocore's `params` against
/// `validation.jsonl`, by operation: invalid where botocore says invalid, naming a member botocore
/// names with a matching kind of violation; valid where botocore says valid, except the
/// constraints botocore does not check (tag `unchecked-constraint`): `@length` max, `@range` max
/// and `@pattern` we reject by design, and an unknown enum value passes `validate()` and fails
/// `validate_strict()`. Cases tagged `botocore-divergence` are counted apart with the reason.
#[test]
fn validation() {
    let cases = cases("validation.jsonl");
    let path = shared_fixtures("dynamodb").join("validation.jsonl");
    let in_file = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|line| !line.trim().is_empty())
        .count();
    assert_eq!(
        cases.len(),
        in_file,
        "{}: every case must belong to one of the {} operations under test",
        path.display(),
        OPERATIONS.len(),
    );

    let mut tally = Tally::new("dynamodb validation.jsonl (20 operations)");
    // Per mutation kind: [same verdict, stricter by design, botocore-divergence, known failure].
    let mut summary: Vec<(String, [usize; 4])> = Vec::new();
    let mut stricter = Vec::new();
    let mut known_seen = Vec::new();
    for case in &cases {
        let id = case_id(case);
        let kind = case["mutation"].as_str().unwrap_or("none");
        let outcome = guarded(|| check_validation(case)).and_then(|r| r);
        let known = KNOWN_FAILURES.iter().find(|(known, _)| *known == id);
        let column = if has_tag(case, "botocore-divergence") {
            let note = case["note"].as_str().unwrap_or("no note");
            let ours = match &outcome {
                Ok(Verdict::Same) => "ours agrees".to_owned(),
                Ok(Verdict::Stricter(why)) => format!("ours is stricter: {why}"),
                Err(reason) => reason.clone(),
            };
            tally.out_of_scope(kind, id, format!("botocore-divergence ({note}): {ours}"));
            2
        } else if let Some((_, why)) = known {
            known_seen.push(id);
            match outcome {
                Err(reason) => {
                    tally.out_of_scope(kind, id, format!("known failure: {reason} ({why})"));
                    3
                }
                Ok(_) => {
                    tally.record(
                        kind,
                        id,
                        Err(format!(
                            "listed in KNOWN_FAILURES ({why}) but passes: take it off the list"
                        )),
                    );
                    continue;
                }
            }
        } else {
            let column = match &outcome {
                Ok(Verdict::Stricter(why)) => {
                    stricter.push(format!("{id} [{kind}]: {why}"));
                    1
                }
                _ => 0,
            };
            let failed = outcome.is_err();
            tally.record(kind, id, outcome.map(|_| ()));
            if failed {
                continue;
            }
            column
        };
        match summary.iter_mut().find(|(k, _)| k == kind) {
            Some((_, counts)) => counts[column] += 1,
            None => {
                let mut counts = [0; 4];
                counts[column] = 1;
                summary.push((kind.to_owned(), counts));
            }
        }
    }

    println!(
        "by mutation kind: same verdict as botocore / stricter by design / botocore-divergence / known failure"
    );
    for (kind, [same, stricter, divergence, known]) in &summary {
        println!("  {kind}: {same} / {stricter} / {divergence} / {known}");
    }
    println!("stricter than botocore by design ({}):", stricter.len());
    for line in &stricter {
        println!("  {line}");
    }
    let unseen: Vec<&str> = KNOWN_FAILURES
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| !known_seen.contains(id))
        .collect();
    assert!(
        unseen.is_empty(),
        "KNOWN_FAILURES names cases that are not in validation.jsonl: {unseen:?}"
    );
    tally.finish();
}

/// Our verdict on one case against botocore's.
fn check_validation(case: &Value) -> Result<Verdict, String> {
    let operation_name = case["operation"].as_str().unwrap_or_default();
    let kind = case["mutation"].as_str().unwrap_or("none");
    let params = &case["params"];
    let ours = (operation(case).validate)(params);
    let expected = &case["expected"];
    match expected["valid"].as_bool() {
        Some(true) if has_tag(case, "unchecked-constraint") => {
            if kind == "unknown-enum" {
                // botocore does not check enum membership, nor does `validate()` (forward
                // compatibility); `validate_strict()` does.
                if let Err(e) = ours {
                    return Err(format!("botocore: valid; ours: {e}"));
                }
                return match strict_verdict(operation_name, params) {
                    Err(e) if only(&e, Constraint::EnumValue) => Ok(Verdict::Stricter(format!(
                        "validate() accepts it; validate_strict(): {e}"
                    ))),
                    Err(e) => Err(format!(
                        "validate_strict() should report only the unknown enum value: {e}"
                    )),
                    Ok(()) => Err("validate_strict() accepts an unknown enum value".to_owned()),
                };
            }
            let constraint = match kind {
                "above-max-length" => Constraint::MaxLength,
                "above-max-range" => Constraint::MaxRange,
                "pattern-violation" => Constraint::Pattern,
                other => {
                    return Err(format!(
                        "`unchecked-constraint` on a `{other}` mutation: no rule for it here"
                    ));
                }
            };
            match ours {
                Err(e) if only(&e, constraint) => Ok(Verdict::Stricter(e.to_string())),
                Err(e) => Err(format!(
                    "botocore: valid ({kind}, unchecked); ours should report {constraint:?} only: {e}"
                )),
                Ok(()) => Err(format!(
                    "the model forbids it ({kind}) and we check {constraint:?}; ours: valid"
                )),
            }
        }
        Some(true) => {
            ours.map_err(|e| format!("botocore: valid; ours: {e}"))?;
            strict_verdict(operation_name, params)
                .map_err(|e| format!("botocore: valid; ours (validate_strict): {e}"))?;
            Ok(Verdict::Same)
        }
        Some(false) => {
            let e = match ours {
                Ok(()) => {
                    return Err(format!(
                        "botocore: invalid ({}); ours: valid",
                        expected["errors"]
                    ));
                }
                Err(e) => e,
            };
            let theirs = botocore_violations(expected);
            let found = theirs.iter().any(|(name, accepts)| {
                e.violations()
                    .iter()
                    .any(|v| v.name == *name && accepts.contains(&v.constraint))
            });
            if found {
                Ok(Verdict::Same)
            } else {
                let ours: Vec<String> = e
                    .violations()
                    .iter()
                    .map(|v| format!("{} ({:?})", v.name, v.constraint))
                    .collect();
                Err(format!(
                    "botocore {:?}, ours {ours:?}: no member named by both with the same kind of \
                     violation ({e})",
                    expected["error_details"]
                ))
            }
        }
        None => Err("no verdict in the fixture".to_owned()),
    }
}

/// Whether `e` holds violations of `constraint` and no other.
fn only(e: &ValidationErrors, constraint: Constraint) -> bool {
    !e.violations().is_empty() && e.violations().iter().all(|v| v.constraint == constraint)
}

/// The members botocore names (as [`botocore_names`] writes them), each with the violations of
/// ours that say the same thing as botocore's `type` there.
fn botocore_violations(expected: &Value) -> Vec<(String, &'static [Constraint])> {
    let details = expected["error_details"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    botocore_names(expected)
        .into_iter()
        .zip(details)
        .map(|(name, detail)| {
            let accepts: &'static [Constraint] = match detail["type"].as_str() {
                Some("missing required field") => &[Constraint::Required],
                Some("unknown field") => &[Constraint::UnknownMember],
                // A JSON `null` is botocore's `None`: wrong type there, a `Null` here.
                Some("invalid type") => &[Constraint::Type, Constraint::Null],
                Some("invalid length") => &[Constraint::MinLength, Constraint::MaxLength],
                Some("invalid range") => &[Constraint::MinRange, Constraint::MaxRange],
                _ => &[],
            };
            (name, accepts)
        })
        .collect()
}
