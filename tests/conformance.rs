//! Conformance of the generated UpdateMembership types against botocore's fixtures.
//!
//! One test per fixture file of `../shared/conformance/cleanrooms/` (see `e2e::fixtures_dir`),
//! each using only the `UpdateMembership` cases. Every test prints its counts; see them with
//! `cargo test -p e2e --test conformance -- --nocapture`. A test fails when any of its cases
//! fails, and when the fixtures are missing.

use cleanrooms_types::{
    AccessDeniedException, ConflictException, InternalServerException, ResourceNotFoundException,
    ThrottlingException, UpdateMembershipInput, UpdateMembershipOutput, ValidationException,
};
use e2e::{
    Tally, UnknownMember, case_id, diff, guarded, has_tag, load_cases, resolve_unknown_members,
    typed_unknown_members,
};
use serde_json::Value;

/// The operation whose cases are checked.
const OPERATION: &str = "UpdateMembership";

/// The input member bound to the `{membershipIdentifier}` URI label: it goes into the request
/// path, not the body.
const LABEL: &str = "membershipIdentifier";

/// The outcome of deserializing with [`round_trip!`]: `Err` when it panicked, else serde's own
/// result.
type Outcome<T> = Result<Result<T, serde_json::Error>, String>;

/// Deserializes the JSON text `$text` as `$ty` and serializes the value back to a JSON value,
/// giving an [`Outcome`] of `($ty, Value)`. A panic in either step is caught.
///
/// A macro rather than a generic function: the bounds would name serde's traits, and this crate
/// does not depend on `serde` itself.
macro_rules! round_trip {
    ($ty:ty, $text:expr) => {
        guarded(|| {
            serde_json::from_str::<$ty>($text).map(|typed| {
                let json = serde_json::to_value(&typed)
                    .expect(concat!(stringify!($ty), " serializes to a JSON value"));
                (typed, json)
            })
        })
    };
}

/// The value of an [`Outcome`] that must be accepted, or why it was not.
fn accepted<T>(outcome: Outcome<T>) -> Result<T, String> {
    outcome?.map_err(|error| format!("rejected: {error}"))
}

/// The deserialization error of an [`Outcome`] that must be rejected, or why it was not.
fn rejected<T>(outcome: Outcome<T>) -> Result<serde_json::Error, String> {
    match outcome? {
        Ok(_) => Err("accepted, but must be rejected".to_owned()),
        Err(error) => Ok(error),
    }
}

/// A case's string field `key` (`body`, …).
fn text<'a>(case: &'a Value, key: &str) -> Result<&'a str, String> {
    case[key]
        .as_str()
        .ok_or_else(|| format!("the case has no string `{key}`"))
}

// ---------------------------------------------------------------------------------------------
// requests.jsonl
// ---------------------------------------------------------------------------------------------

/// `params` deserializes into [`UpdateMembershipInput`]; serialized back, it keeps the label and,
/// without it, is exactly the body botocore sent.
#[test]
fn requests() {
    let mut tally = Tally::new("requests.jsonl");
    for case in load_cases("requests.jsonl", OPERATION) {
        tally.record("input round-trip", case_id(&case), check_request(&case));
    }
    tally.finish();
}

/// Checks one request case.
fn check_request(case: &Value) -> Result<(), String> {
    let params = &case["params"];
    let (_, mut ours) = accepted(round_trip!(UpdateMembershipInput, &params.to_string()))?;
    let object = ours
        .as_object_mut()
        .ok_or("UpdateMembershipInput did not serialize to a JSON object")?;
    let label = object
        .remove(LABEL)
        .ok_or_else(|| format!("the label member `{LABEL}` was lost in the round-trip"))?;
    diff(&params[LABEL], &label, &format!("$.{LABEL}"))?;
    diff(&case["expected"]["body"], &ours, "$")
}

// ---------------------------------------------------------------------------------------------
// responses.jsonl
// ---------------------------------------------------------------------------------------------

/// Kind: a response parsed and re-serialized as botocore parsed it.
const ROUND_TRIP: &str = "output round-trip";
/// Kind: a response with an unknown union member, kept and checked through the typed value.
const UNKNOWN_UNION_MEMBER: &str = "unknown-union-member verified";
/// Kind: a response botocore cannot parse, which we must reject too.
const PARSE_ERROR: &str = "expected_error: rejected";
/// Kind: a `lenient` response (it breaks the model) that we accept.
const LENIENT_ACCEPTED: &str = "lenient: accepted";
/// Kind: a `lenient` response that our nullability policy rejects although botocore accepts it.
const LENIENT_REJECTED: &str = "lenient: rejected by policy";

/// What our types do with a `lenient` response that lacks required members.
#[derive(Clone, Copy)]
enum Policy {
    /// Accepted; the result must equal botocore's.
    Accepted,
    /// Rejected with serde's "missing field" error naming this member.
    Rejected {
        /// The wire name of the first missing required member.
        missing: &'static str,
    },
}

/// The decision for each `lenient` response that lacks required members. botocore accepts all
/// three (it does not check required members in responses); our types encode the model's
/// nullability instead:
///
/// - `UpdateMembershipOutput.membership` is `@required`, but it targets a structure, and our
///   nullability policy makes such members `Option` (a service may omit them; the type still
///   says what it may carry). So `{}` and `{"membership": null}` are ACCEPTED as
///   `membership: None`, and serialize to `{}` exactly as botocore's result.
/// - `Membership.id` (like its other required strings, timestamps, enums and lists) is not
///   optional: a `membership` object without them cannot be represented, so
///   `{"membership": {}}` is REJECTED by serde, with an error naming the missing member. Over
///   HTTP, `from_http_response` error-corrects it instead, filling in zero values as Smithy's
///   nullability rules ask of clients (tests/http.rs checks that against botocore's output).
const MISSING_REQUIRED_POLICY: [(&str, Policy); 3] = [
    ("UpdateMembership-hand-resp-empty-object", Policy::Accepted),
    (
        "UpdateMembership-hand-resp-membership-null",
        Policy::Accepted,
    ),
    (
        "UpdateMembership-hand-resp-membership-empty-object",
        Policy::Rejected { missing: "id" },
    ),
];

/// Every response body parses as botocore parsed it, rejects what botocore rejects, keeps
/// unknown union members, and follows [`MISSING_REQUIRED_POLICY`] for lenient responses.
#[test]
fn responses() {
    let mut tally = Tally::new("responses.jsonl");
    let mut policy_cases_seen = Vec::new();
    for case in load_cases("responses.jsonl", OPERATION) {
        let id = case_id(&case);
        let policy = MISSING_REQUIRED_POLICY
            .iter()
            .find(|(policy_id, _)| *policy_id == id)
            .map(|&(_, policy)| policy);
        let (kind, outcome) = if let Some(policy) = policy {
            policy_cases_seen.push(id.to_owned());
            check_missing_required(&case, policy)
        } else if !case["expected_error"].is_null() {
            (PARSE_ERROR, check_response_rejected(&case))
        } else if has_tag(&case, "lenient") {
            // The other lenient responses carry timestamps as ISO-8601 or numeric strings where
            // restJson1 says epoch-seconds numbers; like botocore we accept them.
            let outcome = if id.contains("timestamps") {
                check_response(&case)
            } else {
                Err("a lenient case with no policy decision in this test".to_owned())
            };
            (LENIENT_ACCEPTED, outcome)
        } else if has_tag(&case, "unknown-union-member") {
            (UNKNOWN_UNION_MEMBER, check_response(&case))
        } else {
            (ROUND_TRIP, check_response(&case))
        };
        tally.record(kind, id, outcome);
    }
    for (id, policy) in MISSING_REQUIRED_POLICY {
        if !policy_cases_seen.iter().any(|seen| seen == id) {
            let kind = policy_kind(policy);
            tally.record(
                kind,
                id,
                Err("the case is missing from the fixtures".to_owned()),
            );
        }
    }
    tally.finish();
}

/// The response body: the raw text, where an empty body means `{}` (restJson1).
fn response_body(case: &Value) -> Result<&str, String> {
    text(case, "body").map(|body| if body.is_empty() { "{}" } else { body })
}

/// Checks a response that must parse: re-serialized, it equals `expected`, botocore's
/// `SDK_UNKNOWN_MEMBER` placeholders aside, and every unknown union member is kept in the typed
/// value as received.
fn check_response(case: &Value) -> Result<(), String> {
    let body = response_body(case)?;
    let raw: Value = serde_json::from_str(body).map_err(|error| format!("body: {error}"))?;
    let (typed, ours) = accepted(round_trip!(UpdateMembershipOutput, body))?;
    let mut placeholders = Vec::new();
    let expected = resolve_unknown_members(
        &case["expected"],
        Some(&ours),
        Some(&raw),
        "$",
        &mut placeholders,
    )?;
    diff(&expected, &ours, "$")?;
    if has_tag(case, "unknown-union-member") && placeholders.is_empty() {
        return Err("tagged unknown-union-member, but `expected` has no SDK_UNKNOWN_MEMBER".into());
    }
    check_typed_unknown_members(&typed, &placeholders)
}

/// Checks a response that botocore cannot parse (`expected_error`): we must return an error, not
/// a value, and not panic.
fn check_response_rejected(case: &Value) -> Result<(), String> {
    let body = response_body(case)?;
    rejected(round_trip!(UpdateMembershipOutput, body)).map(drop)
}

/// The kind a missing-required-members case is counted as.
fn policy_kind(policy: Policy) -> &'static str {
    match policy {
        Policy::Accepted => LENIENT_ACCEPTED,
        Policy::Rejected { .. } => LENIENT_REJECTED,
    }
}

/// Checks a lenient response without required members against its [`MISSING_REQUIRED_POLICY`]
/// decision.
fn check_missing_required(case: &Value, policy: Policy) -> (&'static str, Result<(), String>) {
    let check = || -> Result<(), String> {
        let body = response_body(case)?;
        match policy {
            Policy::Accepted => {
                let (typed, ours) = accepted(round_trip!(UpdateMembershipOutput, body))?;
                if typed.membership.is_some() {
                    return Err(format!("expected `membership: None`, got {typed:?}"));
                }
                diff(&case["expected"], &ours, "$")
            }
            Policy::Rejected { missing } => {
                let error = rejected(round_trip!(UpdateMembershipOutput, body))?;
                let needle = format!("missing field `{missing}`");
                if error.to_string().contains(&needle) {
                    Ok(())
                } else {
                    Err(format!(
                        "rejected, but the error does not say {needle}: {error}"
                    ))
                }
            }
        }
    };
    (policy_kind(policy), check())
}

/// Checks that the typed output holds an `Unknown { name, value }` union variant exactly where
/// botocore reported an unknown member, with its name and the raw body's payload.
fn check_typed_unknown_members(
    output: &UpdateMembershipOutput,
    placeholders: &[UnknownMember],
) -> Result<(), String> {
    let typed = typed_unknown_members(output);
    if typed.len() != placeholders.len() {
        return Err(format!(
            "typed value has {} `Unknown` union variant(s), botocore reported {}: {placeholders:?}",
            typed.len(),
            placeholders.len(),
        ));
    }
    placeholders.iter().try_for_each(|expected| {
        let &(_, name, value) = typed
            .iter()
            .find(|(path, _, _)| *path == expected.path)
            .ok_or_else(|| format!("{}: no typed `Unknown` variant here", expected.path))?;
        if name != expected.name {
            return Err(format!(
                "{}: typed `Unknown` has name `{name}`, expected `{}`",
                expected.path, expected.name,
            ));
        }
        diff(
            &expected.payload,
            value,
            &format!("{}.{name}", expected.path),
        )
    })
}

// ---------------------------------------------------------------------------------------------
// errors.jsonl
// ---------------------------------------------------------------------------------------------

/// Kind: an error response whose shape is one of the operation's errors.
const MODELED_ERROR: &str = "modeled error";
/// Kind: an error response the types do not cover (no modeled shape, or a service error outside
/// the operation's closure).
const NOT_MODELED: &str = "not a modeled UpdateMembership error";

/// The operation's errors, the shapes [`modeled_error`] knows.
const OPERATION_ERRORS: [&str; 6] = [
    "AccessDeniedException",
    "ConflictException",
    "InternalServerException",
    "ResourceNotFoundException",
    "ThrottlingException",
    "ValidationException",
];

/// The error `body` deserialized as the operation error `shape` and serialized back, or `None`
/// when `shape` is not one of the operation's errors.
fn modeled_error(shape: &str, body: &str) -> Option<Outcome<Value>> {
    macro_rules! json {
        ($ty:ty) => {
            round_trip!($ty, body).map(|result| result.map(|(_, json)| json))
        };
    }
    Some(match shape {
        "AccessDeniedException" => json!(AccessDeniedException),
        "ConflictException" => json!(ConflictException),
        "InternalServerException" => json!(InternalServerException),
        "ResourceNotFoundException" => json!(ResourceNotFoundException),
        "ThrottlingException" => json!(ThrottlingException),
        "ValidationException" => json!(ValidationException),
        _ => return None,
    })
}

/// Error bodies of the operation's errors deserialize into their structure and serialize back to
/// exactly botocore's modeled `fields`; the rest are listed as out of scope, after checking that
/// no error type panics on a JSON object body.
#[test]
fn errors() {
    let mut tally = Tally::new("errors.jsonl");
    for case in load_cases("errors.jsonl", OPERATION) {
        let id = case_id(&case);
        let expected = &case["expected"];
        let body = match text(&case, "body") {
            Ok(body) => body,
            Err(reason) => {
                tally.record(MODELED_ERROR, id, Err(reason));
                continue;
            }
        };
        let shape = expected["error_shape"].as_str();
        if let Some(outcome) = shape.and_then(|shape| modeled_error(shape, body)) {
            let outcome = accepted(outcome).and_then(|ours| diff(&expected["fields"], &ours, "$"));
            tally.record(MODELED_ERROR, id, outcome);
            continue;
        }
        let why = format!(
            "code {}, error_shape {}",
            expected["code"], expected["error_shape"]
        );
        if serde_json::from_str::<Value>(body).is_ok_and(|body| body.is_object()) {
            match no_error_type_panics(body) {
                Ok(()) => tally.out_of_scope(
                    NOT_MODELED,
                    id,
                    format!("{why}; its body panics none of the six error types"),
                ),
                Err(reason) => tally.record(NOT_MODELED, id, Err(reason)),
            }
        } else {
            tally.out_of_scope(
                NOT_MODELED,
                id,
                format!("{why}; its body is not a JSON object"),
            );
        }
    }
    tally.finish();
}

/// Deserializes `body` as each of the operation's errors: each may accept or reject it, but none
/// may panic.
fn no_error_type_panics(body: &str) -> Result<(), String> {
    OPERATION_ERRORS
        .iter()
        .try_for_each(|shape| match modeled_error(shape, body) {
            Some(Ok(_)) => Ok(()),
            Some(Err(panic)) => Err(format!("deserializing as {shape} {panic}")),
            None => Err(format!("{shape} is not dispatched by modeled_error")),
        })
}
