//! Shared helpers for the end-to-end tests: fixture loading and JSON comparison.
//!
//! The fixtures are botocore's reference data for the Clean Rooms model, kept outside the
//! repository in the sibling directory `../shared/conformance/cleanrooms/` (see its
//! `README.md`). They are read in place and never copied into the repository.

use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use cleanrooms_types::{
    MembershipProtectedJobOutputConfiguration, MembershipProtectedQueryOutputConfiguration,
    UpdateMembershipOutput,
};
use serde_json::{Map, Value};

/// The environment variable that, when set, names the fixture directory itself (the one holding
/// `requests.jsonl`, `responses.jsonl`, …) instead of the default sibling checkout.
pub const FIXTURES_ENV: &str = "CONFORMANCE_DIR";

/// Relative tolerance of [`json_diff`]'s number comparison.
///
/// Numbers are compared as `f64`, so `1700000000` equals `1700000000.0`, and a timestamp that
/// went through `Timestamp` (`seconds + nanos / 1e9`) equals botocore's float, which
/// differ by at most an ulp or two. The bound is deliberately tight: present-day epoch seconds
/// are about 1.7e9, where 1e-15 relative is about 2 µs, so a lost or wrong millisecond fraction
/// is still reported. (A looser bound such as 1e-6 relative would be ±1700 s there and would
/// hide a dropped fraction entirely.)
pub const RELATIVE_TOLERANCE: f64 = 1e-15;

/// The directory holding botocore's Clean Rooms fixtures.
///
/// That is `$CONFORMANCE_DIR` when set, else `../shared/conformance/cleanrooms` beside the
/// repository (two levels above this crate's manifest).
///
/// # Panics
///
/// When the directory does not exist: the message says where it looked and how to fix it. The
/// tests never skip for want of fixtures.
#[must_use]
pub fn fixtures_dir() -> PathBuf {
    let (dir, origin) = match std::env::var_os(FIXTURES_ENV) {
        Some(dir) => (PathBuf::from(dir), format!("from ${FIXTURES_ENV}")),
        None => (
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance/cleanrooms"),
            format!("the default; ${FIXTURES_ENV} is not set"),
        ),
    };
    assert!(
        dir.is_dir(),
        "conformance fixtures not found: looked for the directory {} ({origin}). The reference \
         data lives outside the repository: `../shared` (holding `conformance/cleanrooms/*.jsonl`) \
         must sit beside the repository checkout, or ${FIXTURES_ENV} must name the fixture \
         directory.",
        dir.display(),
    );
    dir
}

/// The cases of one fixture file (`requests.jsonl`, …) for one `operation`, in file order.
///
/// # Panics
///
/// When the file is missing or unreadable, when a line is not a JSON object with an `id` and an
/// `operation`, or when no case belongs to `operation` (a filter that matches nothing would let
/// a test pass without checking anything).
#[must_use]
pub fn load_cases(file: &str, operation: &str) -> Vec<Value> {
    load_cases_from(&fixtures_dir(), file, operation)
}

/// The fixture directory of another service: `../shared/conformance/{service}`.
///
/// # Panics
///
/// When it does not exist (the tests never skip for want of fixtures).
#[must_use]
pub fn shared_fixtures(service: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance").join(service);
    assert!(
        dir.is_dir(),
        "conformance fixtures not found: {} (`../shared` must sit beside the repository checkout)",
        dir.display()
    );
    dir
}

/// [`load_cases`] from a given fixture directory.
///
/// # Panics
///
/// As [`load_cases`].
#[must_use]
pub fn load_cases_from(dir: &Path, file: &str, operation: &str) -> Vec<Value> {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "cannot read the conformance fixture {}: {error}. `../shared` (holding \
             `conformance/cleanrooms/`) must sit beside the repository checkout.",
            path.display(),
        )
    });
    let mut cases = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let case: Value = serde_json::from_str(line).unwrap_or_else(|error| {
            panic!(
                "{}:{}: not a JSON value: {error}",
                path.display(),
                index + 1
            )
        });
        let (Some(_), Some(case_operation)) = (
            case.get("id").and_then(Value::as_str),
            case.get("operation").and_then(Value::as_str),
        ) else {
            panic!(
                "{}:{}: a case must be an object with string `id` and `operation`",
                path.display(),
                index + 1,
            );
        };
        if case_operation == operation {
            cases.push(case);
        }
    }
    assert!(
        !cases.is_empty(),
        "{} holds no case for the operation `{operation}`",
        path.display(),
    );
    cases
}

/// The `id` of a case returned by [`load_cases`] (which guarantees it is a string).
#[must_use]
pub fn case_id(case: &Value) -> &str {
    case["id"].as_str().unwrap_or_default()
}

/// Whether a case carries `tag` in its `tags`.
#[must_use]
pub fn has_tag(case: &Value, tag: &str) -> bool {
    case.get("tags")
        .and_then(Value::as_array)
        .is_some_and(|tags| tags.iter().any(|t| t.as_str() == Some(tag)))
}

/// The first difference between `expected` and `actual`, named by its JSON path (`path` names
/// the values themselves, `"$"` for a document root), or `None` when they are equal.
///
/// Numbers compare as `f64` within [`RELATIVE_TOLERANCE`]; objects must have exactly the same
/// keys, in any order; arrays compare element by element; everything else compares exactly.
#[must_use]
pub fn json_diff(expected: &Value, actual: &Value, path: &str) -> Option<String> {
    match (expected, actual) {
        (Value::Number(e), Value::Number(a)) => {
            // `as_f64` is always `Some` without serde_json's `arbitrary_precision`; NaN would
            // compare unequal.
            let (e, a) = (
                e.as_f64().unwrap_or(f64::NAN),
                a.as_f64().unwrap_or(f64::NAN),
            );
            let equal = (e - a).abs() <= RELATIVE_TOLERANCE * e.abs().max(a.abs());
            (!equal).then(|| format!("{path}: expected {e}, got {a}"))
        }
        (Value::Object(e), Value::Object(a)) => {
            if let Some(key) = e.keys().find(|key| !a.contains_key(*key)) {
                return Some(format!(
                    "{path}.{key}: missing (expected {})",
                    brief(&e[key])
                ));
            }
            if let Some(key) = a.keys().find(|key| !e.contains_key(*key)) {
                return Some(format!(
                    "{path}.{key}: unexpected member {}",
                    brief(&a[key])
                ));
            }
            e.iter()
                .find_map(|(key, value)| json_diff(value, &a[key], &format!("{path}.{key}")))
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Some(format!(
                    "{path}: expected {} elements, got {}: {}",
                    e.len(),
                    a.len(),
                    brief(actual),
                ));
            }
            e.iter()
                .zip(a)
                .enumerate()
                .find_map(|(index, (e, a))| json_diff(e, a, &format!("{path}[{index}]")))
        }
        _ => (expected != actual).then(|| {
            format!(
                "{path}: expected {}, got {}",
                brief(expected),
                brief(actual)
            )
        }),
    }
}

/// A value's compact JSON, shortened for messages.
fn brief(value: &Value) -> String {
    const LIMIT: usize = 120;
    let text = value.to_string();
    match text.char_indices().nth(LIMIT) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

/// Runs `f`, turning a panic into `Err` with the panic's message, so that one misbehaving case
/// is counted as a failure instead of ending the whole test.
///
/// # Errors
///
/// When `f` panics.
pub fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a non-string payload".to_owned());
        format!("panicked: {message}")
    })
}

/// The outcome counts of one kind of case.
#[derive(Debug, Default)]
struct KindCounts {
    passed: usize,
    failed: usize,
    out_of_scope: usize,
}

/// Counts the cases of one fixture file, overall and by kind (`"round-trip"`,
/// `"lenient: accepted"`, …), and reports them.
#[derive(Debug)]
pub struct Tally {
    /// The fixture file name, e.g. `requests.jsonl`.
    file: String,
    /// Counts per kind, in the order kinds were first seen.
    kinds: Vec<(String, KindCounts)>,
    /// `(case id, reason)` of every failed case.
    failures: Vec<(String, String)>,
    /// `(kind, case id, why)` of every case outside the tested types.
    out_of_scope: Vec<(String, String, String)>,
}

impl Tally {
    /// An empty tally for the fixture file `file`.
    #[must_use]
    pub fn new(file: &str) -> Self {
        Self {
            file: file.to_owned(),
            kinds: Vec::new(),
            failures: Vec::new(),
            out_of_scope: Vec::new(),
        }
    }

    /// The counts of `kind`, created on first use.
    fn counts(&mut self, kind: &str) -> &mut KindCounts {
        let index = if let Some(index) = self.kinds.iter().position(|(k, _)| k == kind) {
            index
        } else {
            self.kinds.push((kind.to_owned(), KindCounts::default()));
            self.kinds.len() - 1
        };
        &mut self.kinds[index].1
    }

    /// Records the outcome of the case `id` of kind `kind`: `Ok` passed, `Err` failed with its
    /// reason.
    pub fn record(&mut self, kind: &str, id: &str, outcome: Result<(), String>) {
        match outcome {
            Ok(()) => self.counts(kind).passed += 1,
            Err(reason) => {
                self.counts(kind).failed += 1;
                self.failures
                    .push((id.to_owned(), format!("[{kind}] {reason}")));
            }
        }
    }

    /// Records the case `id` as outside what the tested types model (counted apart from passed
    /// and failed, and listed with `why` in the report).
    pub fn out_of_scope(&mut self, kind: &str, id: &str, why: String) {
        self.counts(kind).out_of_scope += 1;
        self.out_of_scope
            .push((kind.to_owned(), id.to_owned(), why));
    }

    /// The number of failed cases.
    #[must_use]
    pub fn failed(&self) -> usize {
        self.failures.len()
    }

    /// The report: a summary line (`requests.jsonl: 35 passed, 0 failed`), a line per kind, the
    /// out-of-scope cases and the failed cases with their reasons.
    #[must_use]
    pub fn report(&self) -> String {
        let total = |pick: fn(&KindCounts) -> usize| -> usize {
            self.kinds.iter().map(|(_, counts)| pick(counts)).sum()
        };
        let mut report = format!(
            "{}: {} passed, {} failed",
            self.file,
            total(|c| c.passed),
            total(|c| c.failed),
        );
        let out_of_scope = total(|c| c.out_of_scope);
        if out_of_scope > 0 {
            let _ = write!(report, ", {out_of_scope} out of scope");
        }
        for (kind, counts) in &self.kinds {
            let _ = write!(
                report,
                "\n  [{kind}] {} passed, {} failed",
                counts.passed, counts.failed,
            );
            if counts.out_of_scope > 0 {
                let _ = write!(report, ", {} out of scope", counts.out_of_scope);
            }
        }
        for (kind, id, why) in &self.out_of_scope {
            let _ = write!(report, "\n  out of scope [{kind}]: {id}: {why}");
        }
        for (id, reason) in &self.failures {
            let _ = write!(report, "\n  FAILED {id}: {reason}");
        }
        report
    }

    /// Prints the report, then fails the calling test if any case failed.
    ///
    /// # Panics
    ///
    /// When a case failed.
    pub fn finish(self) {
        println!("{}", self.report());
        assert_eq!(
            self.failed(),
            0,
            "{}: {} case(s) failed (listed above)",
            self.file,
            self.failed(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integers_equal_whole_floats() {
        assert_eq!(
            json_diff(&json!(1_700_000_000), &json!(1_700_000_000.0), "$"),
            None
        );
    }

    #[test]
    fn millisecond_floats_survive_a_nanosecond_round_trip() {
        // What `seconds as f64 + nanos as f64 / 1e9` produces for 1663364838.667.
        let ours = 1_663_364_838_f64 + f64::from(667_000_000_u32) / 1e9;
        assert_eq!(
            json_diff(&json!(1_663_364_838.667), &json!(ours), "$"),
            None
        );
    }

    #[test]
    fn a_lost_fraction_or_millisecond_is_a_difference() {
        assert!(json_diff(&json!(1_700_003_600.25), &json!(1_700_003_600), "$").is_some());
        assert!(json_diff(&json!(1_700_000_000.123), &json!(1_700_000_000.124), "$").is_some());
    }

    #[test]
    fn objects_compare_key_sets_regardless_of_order() {
        let expected = json!({"a": 1, "b": [true, null]});
        assert_eq!(
            json_diff(&expected, &json!({"b": [true, null], "a": 1.0}), "$"),
            None
        );
        assert_eq!(
            json_diff(&expected, &json!({"a": 1}), "$").as_deref(),
            Some("$.b: missing (expected [true,null])"),
        );
        assert_eq!(
            json_diff(&expected, &json!({"a": 1, "b": [true, null], "c": 0}), "$").as_deref(),
            Some("$.c: unexpected member 0"),
        );
    }

    #[test]
    fn the_first_difference_is_named_by_its_path() {
        let expected = json!({"m": {"list": ["x", "y"]}});
        let actual = json!({"m": {"list": ["x", "z"]}});
        assert_eq!(
            json_diff(&expected, &actual, "$").as_deref(),
            Some("$.m.list[1]: expected \"y\", got \"z\""),
        );
    }

    #[test]
    fn guarded_reports_a_panic_as_an_error() {
        assert_eq!(guarded(|| 1), Ok(1));
        let message = guarded(|| -> u8 { panic!("boom") }).unwrap_err();
        assert!(message.contains("boom"), "{message}");
    }
}

/// [`json_diff`] as a `Result`, for `?`.
///
/// # Errors
///
/// The first difference, with its JSON path.
pub fn diff(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    json_diff(expected, actual, path).map_or(Ok(()), Err)
}

/// Like [`diff`], for a response our client error-corrected and botocore did not: every member
/// botocore reports must match, and each member only we have must hold a zero value (`""`, `0`,
/// `false`, `[]`, `{}`): Smithy's nullability rules fill these in for `@required` members a
/// response lacks. Returns how many members were filled.
pub fn diff_corrected(expected: &Value, ours: &Value, path: &str) -> Result<usize, String> {
    match (expected, ours) {
        (Value::Object(expected), Value::Object(ours)) => {
            let mut filled = 0;
            for key in expected.keys() {
                if !ours.contains_key(key) {
                    return Err(format!("{path}.{key}: missing"));
                }
            }
            for (key, value) in ours {
                let at = format!("{path}.{key}");
                match expected.get(key) {
                    Some(expected) => filled += diff_corrected(expected, value, &at)?,
                    None if is_zero(value) => filled += 1,
                    None => return Err(format!("{at}: {value} where botocore has nothing")),
                }
            }
            Ok(filled)
        }
        (Value::Array(expected), Value::Array(ours)) if expected.len() == ours.len() => {
            let mut filled = 0;
            for (i, (e, o)) in expected.iter().zip(ours).enumerate() {
                filled += diff_corrected(e, o, &format!("{path}[{i}]"))?;
            }
            Ok(filled)
        }
        _ => diff(expected, ours, path).map(|()| 0),
    }
}

/// A zero value as our types serialize it.
fn is_zero(value: &Value) -> bool {
    match value {
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Null => true,
    }
}

/// An unknown union member that botocore reported as `{"SDK_UNKNOWN_MEMBER": {"name": …}}`.
#[derive(Debug)]
pub struct UnknownMember {
    /// The JSON path of the union value.
    pub path: String,
    /// The member's wire name.
    pub name: String,
    /// The member's value in the raw response body.
    pub payload: Value,
}

/// The member name of botocore's unknown-union-member placeholder, when `value` is exactly
/// `{"SDK_UNKNOWN_MEMBER": {"name": K}}`.
pub fn placeholder_name(value: &Value) -> Option<&str> {
    let object = value.as_object().filter(|object| object.len() == 1)?;
    let inner = object.get("SDK_UNKNOWN_MEMBER")?.as_object()?;
    (inner.len() == 1).then(|| inner.get("name")?.as_str())?
}

/// `expected` with every unknown-union-member placeholder replaced by our value at the same path
/// (`ours`, with `raw`, the parsed response body, at the same path), after checking that ours is
/// an object whose only key is the member's name and whose value equals the raw body's there.
/// The placeholders found are appended to `found`.
pub fn resolve_unknown_members(
    expected: &Value,
    ours: Option<&Value>,
    raw: Option<&Value>,
    path: &str,
    found: &mut Vec<UnknownMember>,
) -> Result<Value, String> {
    if let Some(name) = placeholder_name(expected) {
        let payload = raw
            .and_then(|raw| raw.get(name))
            .ok_or_else(|| format!("{path}: the raw body has no union member `{name}`"))?;
        let ours = ours.ok_or_else(|| format!("{path}: missing (unknown member `{name}`)"))?;
        let kept = ours
            .as_object()
            .filter(|object| object.len() == 1)
            .and_then(|object| object.get(name))
            .ok_or_else(|| {
                format!("{path}: expected the unknown member `{name}` as the only key, got {ours}")
            })?;
        diff(payload, kept, &format!("{path}.{name}"))?;
        found.push(UnknownMember {
            path: path.to_owned(),
            name: name.to_owned(),
            payload: payload.clone(),
        });
        return Ok(ours.clone());
    }
    match expected {
        Value::Object(members) => members
            .iter()
            .map(|(key, value)| {
                let resolved = resolve_unknown_members(
                    value,
                    ours.and_then(|ours| ours.get(key)),
                    raw.and_then(|raw| raw.get(key)),
                    &format!("{path}.{key}"),
                    found,
                )?;
                Ok((key.clone(), resolved))
            })
            .collect::<Result<Map<_, _>, String>>()
            .map(Value::Object),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                resolve_unknown_members(
                    item,
                    ours.and_then(|ours| ours.get(index)),
                    raw.and_then(|raw| raw.get(index)),
                    &format!("{path}[{index}]"),
                    found,
                )
            })
            .collect::<Result<Vec<_>, String>>()
            .map(Value::Array),
        other => Ok(other.clone()),
    }
}

/// The `Unknown` union variants of a parsed output, as `(JSON path, name, value)`.
pub fn typed_unknown_members(output: &UpdateMembershipOutput) -> Vec<(&'static str, &str, &Value)> {
    let Some(membership) = &output.membership else {
        return Vec::new();
    };
    let mut unknown = Vec::new();
    if let Some(MembershipProtectedQueryOutputConfiguration::Unknown { name, value }) = membership
        .default_result_configuration
        .as_ref()
        .and_then(|config| config.output_configuration.as_ref())
    {
        let path = "$.membership.defaultResultConfiguration.outputConfiguration";
        unknown.push((path, name.as_str(), value));
    }
    if let Some(MembershipProtectedJobOutputConfiguration::Unknown { name, value }) = membership
        .default_job_result_configuration
        .as_ref()
        .and_then(|config| config.output_configuration.as_ref())
    {
        let path = "$.membership.defaultJobResultConfiguration.outputConfiguration";
        unknown.push((path, name.as_str(), value));
    }
    unknown
}

/// An `http::Response` from a fixture's `status`, `headers` and `body`.
///
/// # Errors
///
/// When the fixture lacks one of them.
pub fn fixture_response(case: &Value) -> Result<http::Response<Vec<u8>>, String> {
    let mut builder =
        http::Response::builder().status(case["status"].as_u64().ok_or("no status")? as u16);
    for (name, value) in case["headers"].as_object().ok_or("no headers")? {
        builder = builder.header(name, value.as_str().ok_or("a header is not a string")?);
    }
    let body = case["body"].as_str().ok_or("no body")?.as_bytes().to_vec();
    builder.body(body).map_err(|e| e.to_string())
}

/// The method, path, query string, headers and JSON body of `request` equal botocore's
/// `expected` request.
///
/// # Errors
///
/// The first difference.
pub fn check_built_request(
    expected: &Value,
    request: &http::Request<Vec<u8>>,
) -> Result<(), String> {
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
    let headers: Map<String, Value> = request
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                Value::String(v.to_str().unwrap_or_default().to_owned()),
            )
        })
        .collect();
    diff(&expected["headers"], &Value::Object(headers), "$.headers")?;
    let body = if request.body().is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(request.body()).map_err(|e| e.to_string())?
    };
    diff(&expected["body"], &body, "$.body")
}

/// What an error response parsed to.
pub struct ErrorSeen {
    /// The error code.
    pub code: String,
    /// The message, when there is one.
    pub message: Option<String>,
    /// The variant name (`ResourceNotFoundException`, `Unhandled`, …).
    pub variant: String,
}

/// One operation's entry points, as plain functions over JSON and HTTP; `V` is the crate's
/// validation error type.
pub struct Operation<V: 'static> {
    /// The operation name.
    pub name: &'static str,
    /// Builds the request from botocore's `params`.
    pub request: fn(&Value) -> Result<http::Request<Vec<u8>>, String>,
    /// Parses a response into the output, as JSON.
    pub response: fn(&http::Response<Vec<u8>>) -> Result<Value, String>,
    /// Parses an error response.
    pub error: fn(&http::Response<Vec<u8>>) -> ErrorSeen,
    /// Strict decoding and validation of botocore's `params`.
    pub validate: fn(&Value) -> Result<(), V>,
}

/// The variant name at the start of an error enum's `Debug` output.
#[must_use]
pub fn variant_name(debug: &str) -> String {
    debug
        .split(['(', ' ', '{'])
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// `const OPERATIONS: &[Operation<_>]` for a generated crate (`$types`), one entry per
/// `Operation, Input, Output, Error;` line (`()` as the output of an operation without one, whose
/// response is checked and reads as `{}`); `$params` turns botocore's `params` of an operation
/// into the input's JSON (blobs, for instance, come as text).
#[macro_export]
macro_rules! operations {
    (@response $types:ident, (), $error:ident) => {
        |response| {
            $types::$error::check_http_response(response)
                .map(|()| ::serde_json::Value::Object(::serde_json::Map::new()))
                .map_err(|e| format!("rejected: {e}"))
        }
    };
    (@response $types:ident, $output:ident, $error:ident) => {
        |response| {
            let output = $types::$output::from_http_response(response).map_err(|e| format!("rejected: {e}"))?;
            ::serde_json::to_value(&output).map_err(|e| e.to_string())
        }
    };
    ($types:ident, $params:expr; $($op:ident, $input:ident, $output:tt, $error:ident;)*) => {
        const OPERATIONS: &[$crate::Operation<$types::ValidationErrors>] = &[$(
            $crate::Operation {
                name: stringify!($op),
                request: |params| {
                    let params: ::serde_json::Value = ($params)(stringify!($op), params);
                    let input: $types::$input = ::serde_json::from_value(params).map_err(|e| format!("params: {e}"))?;
                    input.to_http_request().map_err(|e| e.to_string())
                },
                response: $crate::operations!(@response $types, $output, $error),
                error: |response| {
                    let error = $types::$error::from_http_response(response);
                    $crate::ErrorSeen {
                        code: error.code().to_owned(),
                        message: error.message().map(str::to_owned),
                        variant: $crate::variant_name(&format!("{error:?}")),
                    }
                },
                validate: |params| {
                    let params: ::serde_json::Value = ($params)(stringify!($op), params);
                    let bytes = ::serde_json::to_vec(&params).expect("params serialize");
                    let input: $types::$input = $types::from_json_strict(&bytes)?;
                    input.validate()
                },
            },
        )*];
    };
}

/// An error response's code, message and variant against botocore's `expected` (its `""`
/// message is an absent one). `declares(shape)` says whether the operation's error enum has a
/// variant for an error shape: botocore maps any error shape of the service, the generated enum
/// only those the operation declares (the others are `Unhandled`). Returns the modeled error
/// shape matched, whose fields the caller may compare.
///
/// # Errors
///
/// The first difference.
pub fn check_error_seen<'a>(
    expected: &'a Value,
    seen: &ErrorSeen,
    declares: impl Fn(&str) -> bool,
) -> Result<Option<&'a str>, String> {
    if seen.code != expected["code"] {
        return Err(format!("code {} != {}", seen.code, expected["code"]));
    }
    let same_message = match (seen.message.as_deref(), expected["message"].as_str()) {
        (None, Some("") | None) => true,
        (ours, theirs) => ours == theirs,
    };
    if !same_message {
        return Err(format!(
            "message {:?} != {}",
            seen.message, expected["message"]
        ));
    }
    match expected["error_shape"].as_str() {
        None if seen.variant == "Unhandled" => Ok(None),
        None => Err(format!("{} instead of Unhandled", seen.variant)),
        Some(shape) if shape == seen.variant => Ok(Some(shape)),
        Some(shape) if seen.variant == "Unhandled" && !declares(shape) => Ok(None),
        Some(shape) => Err(format!("variant {} != error_shape {shape}", seen.variant)),
    }
}

/// Whether an operation's error parser (`error`) has a variant for `shape`: a bare body naming
/// the shape as its `__type` must parse to that variant.
pub fn declares_error(error: fn(&http::Response<Vec<u8>>) -> ErrorSeen, shape: &str) -> bool {
    let body = format!("{{\"__type\": \"{shape}\"}}");
    let response = http::Response::builder()
        .status(400)
        .body(body.into_bytes())
        .expect("a response");
    error(&response).variant == shape
}

/// The members botocore names: `path.member`, or `member` at the root (`input`).
pub fn botocore_names(expected: &Value) -> Vec<String> {
    expected["error_details"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            let path = d["path"].as_str().unwrap_or_default();
            match (d["member"].as_str(), path) {
                (Some(member), "input") => member.to_owned(),
                (Some(member), _) => format!("{path}.{member}"),
                (None, _) => path.to_owned(),
            }
        })
        .collect()
}
