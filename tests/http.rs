//! The UpdateMembership HTTP layer against botocore's fixtures: the request each input builds, the
//! output each response parses to, and the code, message and shape of each error response.

use cleanrooms_types::{UpdateMembershipError, UpdateMembershipInput, UpdateMembershipOutput};
use e2e::{
    Tally, case_id, check_built_request, diff, diff_corrected, fixture_response, guarded,
    load_cases, resolve_unknown_members, typed_unknown_members,
};
use serde_json::{Map, Value};

/// The operation whose cases are checked.
const OPERATION: &str = "UpdateMembership";

#[test]
fn requests() {
    let mut tally = Tally::new("requests.jsonl (HTTP)");
    for case in load_cases("requests.jsonl", OPERATION) {
        let outcome = guarded(|| check_request(&case)).and_then(|r| r);
        tally.record(
            "request built as botocore builds it",
            case_id(&case),
            outcome,
        );
    }
    tally.finish();
}

/// Method, path, query string, headers and body of the built request equal botocore's.
fn check_request(case: &Value) -> Result<(), String> {
    let input: UpdateMembershipInput =
        serde_json::from_value(case["params"].clone()).map_err(|e| format!("params: {e}"))?;
    let request = input
        .to_http_request()
        .map_err(|e| format!("to_http_request: {e}"))?;
    check_built_request(&case["expected"], &request)
}

#[test]
fn responses() {
    let mut tally = Tally::new("responses.jsonl (HTTP)");
    for case in load_cases("responses.jsonl", OPERATION) {
        let id = case_id(&case);
        let lenient_missing = [
            "-empty-object",
            "-membership-null",
            "-membership-empty-object",
        ]
        .iter()
        .any(|s| id.ends_with(s));
        let (kind, outcome) = if case.get("expected_error").is_some() {
            (
                "unparsable response rejected",
                guarded(|| check_rejected(&case)).and_then(|r| r),
            )
        } else if lenient_missing {
            (
                "lenient: accepted, missing required members error-corrected",
                guarded(|| check_lenient(&case)).and_then(|r| r),
            )
        } else {
            (
                "output parsed as botocore parses it",
                guarded(|| check_response(&case)).and_then(|r| r),
            )
        };
        tally.record(kind, id, outcome);
    }
    tally.finish();
}

/// A 2xx response parses to the output botocore reports.
fn check_response(case: &Value) -> Result<(), String> {
    let output = UpdateMembershipOutput::from_http_response(&fixture_response(case)?)
        .map_err(|e| format!("rejected: {e}"))?;
    let ours = serde_json::to_value(&output).map_err(|e| e.to_string())?;
    let body = case["body"].as_str().unwrap_or_default();
    let raw: Value = if body.trim().is_empty() {
        Value::Object(Map::new())
    } else {
        serde_json::from_str(body).map_err(|e| e.to_string())?
    };
    let mut found = Vec::new();
    let expected =
        resolve_unknown_members(&case["expected"], Some(&ours), Some(&raw), "$", &mut found)?;
    diff(&expected, &ours, "$")?;
    let typed = typed_unknown_members(&output);
    if typed.len() != found.len() {
        return Err(format!(
            "{} unknown union members in the typed output, {} in botocore's",
            typed.len(),
            found.len()
        ));
    }
    Ok(())
}

/// A response botocore cannot parse gives `InvalidResponse`, whose message says why.
fn check_rejected(case: &Value) -> Result<(), String> {
    match UpdateMembershipOutput::from_http_response(&fixture_response(case)?) {
        Ok(output) => Err(format!("accepted: {output:?}")),
        Err(UpdateMembershipError::InvalidResponse(e)) if e.message.contains("union") => Ok(()),
        Err(other) => Err(format!("rejected, but not as an invalid union: {other:?}")),
    }
}

/// A lenient response missing required members: where serde accepts the body, HTTP gives the
/// same value; where serde rejects it for a missing member (tests/conformance.rs pins which),
/// HTTP corrects it, as Smithy's nullability rules ask of clients: botocore's output, with the
/// missing members at their zero values.
fn check_lenient(case: &Value) -> Result<(), String> {
    let body = case["body"].as_str().unwrap_or_default();
    let direct = serde_json::from_str::<UpdateMembershipOutput>(body);
    let http = UpdateMembershipOutput::from_http_response(&fixture_response(case)?)
        .map_err(|e| format!("rejected over HTTP: {e}"))?;
    match direct {
        Ok(direct) if direct == http => Ok(()),
        Ok(direct) => Err(format!("serde says {direct:?}, HTTP says {http:?}")),
        Err(e) if e.to_string().contains("missing field") => {
            let ours = serde_json::to_value(&http).map_err(|e| e.to_string())?;
            match diff_corrected(&case["expected"], &ours, "$")? {
                0 => Err("serde rejects the body, yet HTTP filled in nothing".to_owned()),
                _ => Ok(()),
            }
        }
        Err(e) => Err(format!("serde rejects the body: {e}")),
    }
}

/// A 5xx with an empty body and `X-Amzn-Errortype`: botocore's generic path; the Smithy
/// protocol tests read the header.
const HEADER_ON_EMPTY_5XX: &str = "UpdateMembership-hand-err-500-empty-body-with-errortype";

#[test]
fn errors() {
    let mut tally = Tally::new("errors.jsonl (HTTP)");
    for case in load_cases("errors.jsonl", OPERATION) {
        let outcome = guarded(|| check_error(&case)).and_then(|r| r);
        if case_id(&case) == HEADER_ON_EMPTY_5XX {
            // The Smithy protocol tests win over botocore here.
            let reason = outcome
                .err()
                .unwrap_or_else(|| "matches botocore".to_owned());
            tally.out_of_scope(
                "differs by design",
                case_id(&case),
                format!(
                    "{reason}: botocore ignores X-Amzn-Errortype on a 5xx with an empty body; \
                     the Smithy restJson1 protocol tests (RestJsonFooErrorUsingXAmznErrorType) read it"
                ),
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

/// The error's code, message, variant and fields equal botocore's `code`, `message`,
/// `error_shape` and `fields`. botocore reports an absent message as `""`; we say `None`. An
/// error shape the operation does not declare (`ServiceQuotaExceededException`) is `Unhandled`
/// for us, with botocore's code.
fn check_error(case: &Value) -> Result<(), String> {
    let expected = &case["expected"];
    let error = UpdateMembershipError::from_http_response(&fixture_response(case)?);
    if error.code() != expected["code"] {
        return Err(format!("code {} != {}", error.code(), expected["code"]));
    }
    // botocore's "" stands for an absent or an empty message.
    let want_message = expected["message"].as_str();
    let same = match (error.message(), want_message) {
        (None, Some("") | None) => true,
        (ours, theirs) => ours == theirs,
    };
    if !same {
        return Err(format!(
            "message {:?} != {:?}",
            error.message(),
            expected["message"]
        ));
    }
    let (variant, fields) = match &error {
        UpdateMembershipError::AccessDeniedException(e) => {
            ("AccessDeniedException", serde_json::to_value(&e.error))
        }
        UpdateMembershipError::ConflictException(e) => {
            ("ConflictException", serde_json::to_value(&e.error))
        }
        UpdateMembershipError::InternalServerException(e) => {
            ("InternalServerException", serde_json::to_value(&e.error))
        }
        UpdateMembershipError::ResourceNotFoundException(e) => {
            ("ResourceNotFoundException", serde_json::to_value(&e.error))
        }
        UpdateMembershipError::ThrottlingException(e) => {
            ("ThrottlingException", serde_json::to_value(&e.error))
        }
        UpdateMembershipError::ValidationException(e) => {
            ("ValidationException", serde_json::to_value(&e.error))
        }
        UpdateMembershipError::Unhandled(e) => {
            let shape = expected["error_shape"].as_str();
            return match shape {
                None => Ok(()),
                Some(s) if s == e.code && !is_update_membership_error(s) => Ok(()),
                Some(s) => Err(format!("Unhandled, but botocore parsed a {s}")),
            };
        }
        other => return Err(format!("unexpected {other:?}")),
    };
    if expected["error_shape"] != variant {
        return Err(format!(
            "variant {variant} != error_shape {}",
            expected["error_shape"]
        ));
    }
    let mut ours = fields.map_err(|e| e.to_string())?;
    // botocore keeps a `Message` key only as the error message; we also fill the struct's
    // `message` member from it. Compare the rest field by field.
    let body_has_lower = case["body"]
        .as_str()
        .is_some_and(|b| b.contains("\"message\""));
    if !body_has_lower && let Some(object) = ours.as_object_mut() {
        object.remove("message");
    }
    diff(&expected["fields"], &ours, "$.fields")
}

/// Whether `shape` is one of the errors the operation declares.
fn is_update_membership_error(shape: &str) -> bool {
    matches!(
        shape,
        "AccessDeniedException"
            | "ConflictException"
            | "InternalServerException"
            | "ResourceNotFoundException"
            | "ThrottlingException"
            | "ValidationException"
    )
}
