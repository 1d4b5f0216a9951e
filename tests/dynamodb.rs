//! awsJson1_0 on the wire: botocore's DynamoDB fixtures (`../shared/conformance/dynamodb`, 20
//! operations) against the generated `dynamodb-types`: requests built, responses and errors
//! parsed. Counts are printed per file and kind.

use std::sync::OnceLock;

use dynamodb_types as types;
use e2e::{
    Tally, case_id, check_built_request, check_error_seen, declares_error, diff, fixture_response,
    guarded, has_tag, load_cases_from, operations, resolve_unknown_members, shared_fixtures,
};
use serde_json::{Map, Value};

operations! {
    types, wire_params;
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
fn model() -> &'static codegen::Model {
    static MODEL: OnceLock<codegen::Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/models/aws/dynamodb.json");
        codegen::load(&path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .model
    })
}

/// botocore's `params` of `operation` as the input's JSON: blobs, given as text, become base64
/// (the rest is already as awsJson writes it: member names, epoch-second timestamps).
fn wire_params(operation: &str, params: &Value) -> Value {
    let input = format!("com.amazonaws.dynamodb#{operation}Input");
    encode_blobs(model(), &input, params)
}

fn encode_blobs(model: &codegen::Model, shape: &str, value: &Value) -> Value {
    use base64::Engine as _;
    use codegen::model::{ShapeKind, Simple};
    let Some(s) = model.shapes.get(shape) else {
        return value.clone();
    };
    match (&s.kind, value) {
        (ShapeKind::Simple(Simple::Blob), Value::String(text)) => Value::String(
            base64::engine::general_purpose::STANDARD.encode(text.as_bytes()),
        ),
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
            items.iter().map(|v| encode_blobs(model, &m.target, v)).collect(),
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
        tally.record("request built as botocore builds it", case_id(&case), outcome);
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
        match (outcome, BY_DESIGN.iter().find(|(id, _)| *id == case_id(&case))) {
            (Err(reason), Some((_, why))) => {
                tally.out_of_scope("differs by design", case_id(&case), format!("{reason}: {why}"));
            }
            (outcome, _) => {
                tally.record("output parsed as botocore parses it", case_id(&case), outcome);
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
                outcome.err().unwrap_or_else(|| "we read the header".to_owned()),
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
    check_error_seen(&case["expected"], &seen, |shape| declares_error(op.error, shape)).map(|_| ())
}
