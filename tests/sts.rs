//! awsQuery on the wire: botocore's STS fixtures (`../shared/conformance/sts`, all 11
//! operations) against the generated `sts-types`: requests built (form bodies), responses and
//! errors parsed from XML, inputs validated as botocore validates them. Counts are printed per
//! file and kind.

use std::sync::OnceLock;

use e2e::{
    Tally, botocore_names, case_id, check_error_seen, diff, fixture_response, guarded, has_tag,
    load_cases_from, operations, shared_fixtures,
};
use serde_json::{Map, Value};
use sts_types as types;
use sts_types::Constraint;

// The operations under test: requests, responses, errors and `validate()` per operation. STS has
// no enum, so the crate has no `validate_strict()` (nothing it would check beyond `validate()`).
operations! { types, wire_params;
    AssumeRole, AssumeRoleRequest, AssumeRoleResponse, AssumeRoleError;
    AssumeRoleWithSAML, AssumeRoleWithSamlRequest, AssumeRoleWithSamlResponse, AssumeRoleWithSamlError;
    AssumeRoleWithWebIdentity, AssumeRoleWithWebIdentityRequest, AssumeRoleWithWebIdentityResponse, AssumeRoleWithWebIdentityError;
    AssumeRoot, AssumeRootRequest, AssumeRootResponse, AssumeRootError;
    DecodeAuthorizationMessage, DecodeAuthorizationMessageRequest, DecodeAuthorizationMessageResponse, DecodeAuthorizationMessageError;
    GetAccessKeyInfo, GetAccessKeyInfoRequest, GetAccessKeyInfoResponse, GetAccessKeyInfoError;
    GetCallerIdentity, GetCallerIdentityRequest, GetCallerIdentityResponse, GetCallerIdentityError;
    GetFederationToken, GetFederationTokenRequest, GetFederationTokenResponse, GetFederationTokenError;
    GetSessionToken, GetSessionTokenRequest, GetSessionTokenResponse, GetSessionTokenError;
    GetDelegatedAccessToken, GetDelegatedAccessTokenRequest, GetDelegatedAccessTokenResponse, GetDelegatedAccessTokenError;
    GetWebIdentityToken, GetWebIdentityTokenRequest, GetWebIdentityTokenResponse, GetWebIdentityTokenError;
}

/// botocore's `params` are already the input's JSON: member names as in the model, and no STS
/// input has a blob or a timestamp.
fn wire_params(_operation: &str, params: &Value) -> Value {
    params.clone()
}

/// The STS model, for the errors each operation declares.
fn model() -> &'static codegen::model::Model {
    static MODEL: OnceLock<codegen::model::Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/models/aws/sts.json");
        codegen::Model::from_paths([&path])
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .resolved()
            .clone()
    })
}

fn operation(case: &Value) -> &'static e2e::Operation<types::ValidationErrors> {
    let name = case["operation"].as_str().unwrap_or_default();
    OPERATIONS
        .iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("no operation {name} in the crate"))
}

/// Every case of `file`, operation by operation; checks that no case belongs to an operation
/// outside the table.
fn cases(file: &str) -> Vec<Value> {
    let dir = shared_fixtures("sts");
    let cases: Vec<Value> = OPERATIONS
        .iter()
        .flat_map(|o| load_cases_from(&dir, file, o.name))
        .collect();
    let path = dir.join(file);
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
    cases
}

/// The media type botocore sends and the one we send differ only in a parameter: botocore writes
/// `application/x-www-form-urlencoded; charset=utf-8`, the Smithy awsQuery protocol tests (which
/// the generator passes) require `application/x-www-form-urlencoded` exactly, and the AWS SDKs
/// send that. The body is percent-encoded ASCII, so the charset parameter changes nothing.
/// `content-type` is therefore compared by its media type (type/subtype); every other header
/// exactly.
const FORM_MEDIA_TYPE: &str = "application/x-www-form-urlencoded";

/// Method `POST`, path `/` and no query string, the same headers (`content-type` by media type,
/// see [`FORM_MEDIA_TYPE`]), and the form body as botocore's ordered decoded pairs (`body_form`).
///
/// The pairs are compared in order, not as a multiset: awsQuery sends `Action`, `Version`, then
/// the members in model order and list items by index, and botocore's `params` are in model order,
/// so a legitimate request has exactly botocore's order. Returns whether the encoded body is also
/// byte-identical to botocore's text.
fn check_request(case: &Value) -> Result<bool, String> {
    let expected = &case["expected"];
    let request = (operation(case).request)(&case["params"])?;
    if request.method().as_str() != expected["method"] {
        return Err(format!(
            "method {} != {}",
            request.method(),
            expected["method"]
        ));
    }
    let uri = request.uri().to_string();
    let (path, query) = uri.split_once('?').unwrap_or((&uri, ""));
    if path != expected["path"] {
        return Err(format!("path {path} != {}", expected["path"]));
    }
    if query != expected["query_string"] {
        return Err(format!("query {query:?} != {}", expected["query_string"]));
    }
    let mut ours = Map::new();
    for (name, value) in request.headers() {
        let value = value
            .to_str()
            .map_err(|e| format!("header {name}: {e}"))?
            .to_owned();
        if ours
            .insert(name.as_str().to_owned(), Value::String(value))
            .is_some()
        {
            return Err(format!("header {name} sent twice"));
        }
    }
    let mut theirs = expected["headers"]
        .as_object()
        .cloned()
        .ok_or("no headers")?;
    for headers in [&mut ours, &mut theirs] {
        if let Some(Value::String(content_type)) = headers.get_mut("content-type") {
            let essence = content_type.split(';').next().unwrap_or_default().trim();
            if !essence.eq_ignore_ascii_case(FORM_MEDIA_TYPE) {
                return Err(format!(
                    "content-type {content_type:?} is not {FORM_MEDIA_TYPE}"
                ));
            }
            *content_type = FORM_MEDIA_TYPE.to_owned();
        }
    }
    diff(&Value::Object(theirs), &Value::Object(ours), "$.headers")?;
    if expected["body_kind"] != "form" {
        return Err(format!("body_kind {} is not form", expected["body_kind"]));
    }
    let body = std::str::from_utf8(request.body()).map_err(|e| format!("body: {e}"))?;
    let pairs = decode_form(body)?;
    let expected_pairs: Vec<(String, String)> =
        serde_json::from_value(expected["body_form"].clone())
            .map_err(|e| format!("body_form: {e}"))?;
    if let Some(i) =
        (0..pairs.len().max(expected_pairs.len())).find(|&i| pairs.get(i) != expected_pairs.get(i))
    {
        return Err(format!(
            "form pair {i}: expected {:?}, got {:?} (body {body:?})",
            expected_pairs.get(i),
            pairs.get(i),
        ));
    }
    Ok(expected["body"].as_str() == Some(body))
}

/// The decoded `(key, value)` pairs of an `application/x-www-form-urlencoded` body, in order
/// (`+` is a space; `%XX` a byte; the decoded bytes must be UTF-8). Strict: a stray `%` or a
/// pair without `=` is an error, not something to guess about.
fn decode_form(body: &str) -> Result<Vec<(String, String)>, String> {
    if body.is_empty() {
        return Ok(Vec::new());
    }
    body.split('&')
        .map(|pair| {
            let (key, value) = pair
                .split_once('=')
                .ok_or_else(|| format!("form pair {pair:?} has no `=`"))?;
            Ok((percent_decode(key)?, percent_decode(value)?))
        })
        .collect()
}

fn percent_decode(text: &str) -> Result<String, String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        rest = tail;
        match b {
            b'+' => bytes.push(b' '),
            b'%' => {
                let hex = rest
                    .get(..2)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| format!("bad percent escape in {text:?}"))?;
                bytes.push(hex);
                rest = &rest[2..];
            }
            b if b.is_ascii_alphanumeric() || b"-._~*".contains(&b) => bytes.push(b),
            other => {
                return Err(format!(
                    "{:?} is not encoded in {text:?}",
                    char::from(other)
                ));
            }
        }
    }
    String::from_utf8(bytes).map_err(|e| format!("{text:?} is not UTF-8 once decoded: {e}"))
}

#[test]
fn requests() {
    let mut tally = Tally::new("sts requests.jsonl (11 operations)");
    let mut identical = 0;
    let mut total = 0;
    let cases = cases("requests.jsonl");
    for case in &cases {
        total += 1;
        let outcome = guarded(|| check_request(case)).and_then(|r| r);
        if outcome == Ok(true) {
            identical += 1;
        }
        tally.record(
            "request built as botocore builds it (form pairs in order)",
            case_id(case),
            outcome.map(|_| ()),
        );
    }
    println!(
        "form bodies byte-identical to botocore's text: {identical}/{total}; content-type compared \
         by media type: botocore adds `; charset=utf-8`, the Smithy awsQuery tests send none"
    );
    tally.finish();
}

/// The output as JSON against botocore's `expected`: member names as in the model, timestamps as
/// epoch seconds (our serde writes them so; botocore's floats have whole milliseconds), unknown
/// XML elements dropped. No STS output has a blob, a union or a `@default`.
#[test]
fn responses() {
    let mut tally = Tally::new("sts responses.jsonl (11 operations)");
    let cases = cases("responses.jsonl");
    for case in &cases {
        let outcome = guarded(|| {
            let ours = (operation(case).response)(&fixture_response(case)?)?;
            if let Some(error) = case.get("expected_error") {
                return Err(format!("botocore fails ({error}); ours parsed {ours}"));
            }
            diff(&case["expected"], &ours, "$")
        })
        .and_then(|r| r);
        tally.record(
            "output parsed as botocore parses it",
            case_id(case),
            outcome,
        );
    }
    tally.finish();
}

/// The error shapes `operation` declares, by shape name (the error enum's variant names).
fn declared_errors(operation: &str) -> Vec<String> {
    let id = format!("com.amazonaws.sts#{operation}");
    let shape = model()
        .shapes
        .get(&id)
        .unwrap_or_else(|| panic!("no operation {id} in the model"));
    match &shape.kind {
        codegen::model::ShapeKind::Operation { errors, .. } => errors
            .iter()
            .map(|e| e.rsplit('#').next().unwrap_or(e).to_owned())
            .collect(),
        _ => panic!("{id} is not an operation"),
    }
}

/// Code, message and variant as botocore reports them (the variant is named as the error shape,
/// `IDPCommunicationErrorException`). botocore's `fields` are empty in every case: STS's error
/// structures have only `message`, and awsQuery's `<Message>` is not it; `message()` is compared
/// with botocore's message instead.
#[test]
fn errors() {
    let mut tally = Tally::new("sts errors.jsonl (11 operations)");
    let cases = cases("errors.jsonl");
    for case in &cases {
        let outcome = guarded(|| check_error(case)).and_then(|r| r);
        let kind = if case["expected"]["error_shape"].is_null() {
            "unmodeled or generic error"
        } else {
            "modeled error"
        };
        tally.record(kind, case_id(case), outcome);
    }
    tally.finish();
}

fn check_error(case: &Value) -> Result<(), String> {
    let op = operation(case);
    let expected = &case["expected"];
    if expected["fields"] != Value::Object(Map::new()) {
        return Err(format!(
            "botocore parsed fields {}: not handled here",
            expected["fields"]
        ));
    }
    let declared = declared_errors(op.name);
    let seen = (op.error)(&fixture_response(case)?);
    check_error_seen(expected, &seen, |shape| declared.iter().any(|d| d == shape)).map(|_| ())
}

/// How our verdict on a case compares with botocore's.
enum Verdict {
    /// The same verdict (on the same member, when invalid).
    Same,
    /// botocore says valid; the Smithy model forbids the value through a constraint botocore
    /// leaves to the service, and we reject it by design (the message says how).
    Stricter(String),
}

/// Violations that a botocore-valid case's values carry besides its mutation: `(case id, member,
/// constraint, why)`. botocore does not check `@pattern`, and the fixture generator did not keep
/// every other member inside its pattern; these are the model's verdict, so we report them.
const ALSO_VIOLATED: &[(&str, &str, Constraint, &str)] = &[
    (
        "AssumeRole-s1001-val-03",
        "Tags[0].Value",
        Constraint::Pattern,
        "`😀한.%z`: `%` and U+1F600 are outside `[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]`",
    ),
    (
        "AssumeRole-s1001-val-03",
        "ProvidedContexts[1].ProviderArn",
        Constraint::Pattern,
        "U+1F600 is outside the class: `\\u10000-\\u10FFFF` reads (in ECMAScript as in Java) as \
         `\\u1000`, `0-\\u10FF`, `F`, `F`, so the pattern as written admits no supplementary \
         character",
    ),
];

/// `validate()` (strict decoding, then the model's constraints) of botocore's `params` against
/// `validation.jsonl`: invalid where botocore says invalid, naming a member botocore names with a
/// matching kind of violation; valid where botocore says valid, except the constraints botocore
/// does not check (tag `unchecked-constraint`: `@length` max of strings and lists, `@range` max,
/// `@pattern`), which we report by design, on exactly the mutated member (the `note` names it),
/// plus the violations [`ALSO_VIOLATED`] lists, and nothing else.
#[test]
fn validation() {
    let mut tally = Tally::new("sts validation.jsonl (11 operations)");
    // Per mutation kind: [same verdict, stricter by design].
    let mut summary: Vec<(String, [usize; 2])> = Vec::new();
    let mut stricter = Vec::new();
    let cases = cases("validation.jsonl");
    for case in &cases {
        let id = case_id(case);
        let kind = case["mutation"].as_str().unwrap_or("none");
        let outcome = guarded(|| check_validation(case)).and_then(|r| r);
        let column = match &outcome {
            Ok(Verdict::Stricter(why)) => {
                stricter.push(format!("{id} [{kind}]: {why}"));
                1
            }
            _ => 0,
        };
        let passed = outcome.is_ok();
        tally.record(kind, id, outcome.map(|_| ()));
        if !passed {
            continue;
        }
        match summary.iter_mut().find(|(k, _)| k == kind) {
            Some((_, counts)) => counts[column] += 1,
            None => {
                let mut counts = [0; 2];
                counts[column] = 1;
                summary.push((kind.to_owned(), counts));
            }
        }
    }
    println!("by mutation kind: same verdict as botocore / stricter by design");
    for (kind, [same, stricter]) in &summary {
        println!("  {kind}: {same} / {stricter}");
    }
    println!("stricter than botocore by design ({}):", stricter.len());
    for line in &stricter {
        println!("  {line}");
    }
    tally.finish();
}

/// Our verdict on one case against botocore's.
fn check_validation(case: &Value) -> Result<Verdict, String> {
    let id = case_id(case);
    let kind = case["mutation"].as_str().unwrap_or("none");
    let ours = (operation(case).validate)(&case["params"]);
    let expected = &case["expected"];
    match expected["valid"].as_bool() {
        Some(true) => {
            // What the model forbids in this botocore-valid case: the unchecked mutation, on the
            // member the note names ("string at Tags[1].Key violates @pattern …"), and the
            // listed extras.
            let mut forbidden: Vec<(String, Constraint)> = Vec::new();
            if has_tag(case, "unchecked-constraint") {
                let constraint = match kind {
                    "above-max-length" | "above-max-items" => Constraint::MaxLength,
                    "above-max-range" => Constraint::MaxRange,
                    "pattern-violation" => Constraint::Pattern,
                    other => {
                        return Err(format!(
                            "`unchecked-constraint` on a `{other}` mutation: no rule for it here"
                        ));
                    }
                };
                let note = case["note"].as_str().unwrap_or_default();
                let member = note
                    .split_once(" at ")
                    .and_then(|(_, rest)| rest.split_whitespace().next())
                    .ok_or_else(|| format!("no member in the note {note:?}"))?;
                forbidden.push((member.to_owned(), constraint));
            }
            forbidden.extend(
                ALSO_VIOLATED
                    .iter()
                    .filter(|(case, ..)| *case == id)
                    .map(|(_, member, constraint, _)| ((*member).to_owned(), *constraint)),
            );
            let mut reported: Vec<(String, Constraint)> = match &ours {
                Ok(()) => Vec::new(),
                Err(e) => e
                    .violations()
                    .iter()
                    .map(|v| (v.name.clone(), v.constraint))
                    .collect(),
            };
            let key = |(name, constraint): &(String, Constraint)| format!("{name} {constraint:?}");
            forbidden.sort_by_key(key);
            reported.sort_by_key(key);
            if forbidden != reported {
                return Err(format!(
                    "botocore: valid ({kind}); the model forbids {forbidden:?}; ours: {}",
                    ours.err()
                        .map_or_else(|| "valid".to_owned(), |e| e.to_string())
                ));
            }
            Ok(match ours {
                Ok(()) => Verdict::Same,
                Err(e) => Verdict::Stricter(e.to_string()),
            })
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
