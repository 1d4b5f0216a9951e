//! Checks for the Smithy protocol compliance tests (`smithy.test#httpRequestTests` and
//! `httpResponseTests`), copied by `cargo xtask protocol-tests` into each generated test crate as
//! `tests/support/mod.rs`; the source is `xtask/protocol-tests/support.rs` in the smithy-rust
//! repository. The generated `tests/protocol.rs` has one test per client case and calls
//! [`check_request`] (request cases) or builds a [`response`] and calls [`assert_same`] (response
//! cases).
//!
//! What is compared, as the trait documentation of `smithy.test` says:
//!
//! - the method, exactly;
//! - the URI path, exactly, up to RFC 3986 normalization (§6.2.2: percent-encoded unreserved
//!   characters decoded, the hex digits of other escapes in upper case);
//! - `queryParams`: each `key=value` (or `key`) must be among the request's query parameters, in
//!   its wire form (same normalization); as many times as it is listed; other parameters are
//!   allowed. `forbidQueryParams`: no parameter has the key. `requireQueryParams`: some
//!   parameter has the key;
//! - `headers`: the request's value for the name (names are case-insensitive; several fields of
//!   one name are joined with `", "`) equals the expected value exactly. `forbidHeaders`,
//!   `requireHeaders`: by name;
//! - the body, when the case gives one (an absent `body` asserts nothing; an empty one asserts
//!   an empty body): `application/json` structurally (objects as maps, numbers by value), any
//!   other media type byte for byte.
//!
//! The request is checked as an HTTP/1.1 client sends it: the generated crates build an
//! `http::Request<Vec<u8>>` and leave `Content-Length` to the client that sends it, which knows
//! the body; so a request without one is checked with `Content-Length` set to the body's length
//! when the body is not empty or the method is POST, PUT or PATCH (as hyper and reqwest do).
//!
//! Not compared: `host` and `resolvedHost`. The generated crates build origin-form requests (path
//! and query, no scheme or host) and have no endpoint resolution, so there is no host to check;
//! the rest of such a case still runs. A `host` with a path (`example.com/custom`) is an
//! endpoint with a base path: the request's path is checked joined to it, as the generated
//! crates tell their users to join it to the endpoint.

#![allow(dead_code)] // each test crate uses the part its cases need

use std::fmt::Debug;

/// What a request case expects (the fields of `smithy.test#HttpRequestTestCase` that are
/// checked).
#[derive(Debug, Default)]
pub struct ExpectedRequest<'a> {
    /// `method`.
    pub method: &'a str,
    /// `uri`: the path, without the query string.
    pub uri: &'a str,
    /// `host`: only its path, if any, is used (see the module docs).
    pub host: Option<&'a str>,
    /// `queryParams`, each as `key=value` or `key`, percent-encoded as on the wire.
    pub query_params: &'a [&'a str],
    /// `forbidQueryParams`: keys.
    pub forbid_query_params: &'a [&'a str],
    /// `requireQueryParams`: keys.
    pub require_query_params: &'a [&'a str],
    /// `headers`: (name, value).
    pub headers: &'a [(&'a str, &'a str)],
    /// `forbidHeaders`: names.
    pub forbid_headers: &'a [&'a str],
    /// `requireHeaders`: names.
    pub require_headers: &'a [&'a str],
    /// `body`; `None` when the case has none (then it is not checked).
    pub body: Option<&'a str>,
    /// `bodyMediaType`.
    pub body_media_type: Option<&'a str>,
}

/// Checks a built request against a case; panics listing every difference.
#[track_caller]
pub fn check_request(request: &http::Request<Vec<u8>>, expected: &ExpectedRequest<'_>) {
    let problems = request_problems(request, expected);
    if !problems.is_empty() {
        panic!(
            "the request does not match the case:\n  - {}\nrequest: {} {}\nheaders: {:?}\nbody: {}",
            problems.join("\n  - "),
            request.method(),
            request.uri(),
            request.headers(),
            String::from_utf8_lossy(request.body())
        );
    }
}

/// Every difference between a request and a case, one line each.
pub fn request_problems(
    request: &http::Request<Vec<u8>>,
    expected: &ExpectedRequest<'_>,
) -> Vec<String> {
    let mut problems = Vec::new();
    if request.method().as_str() != expected.method {
        problems.push(format!(
            "method: expected {}, got {}",
            expected.method,
            request.method()
        ));
    }
    let uri = request.uri().to_string();
    let (path, query) = uri.split_once('?').unwrap_or((uri.as_str(), ""));
    let base = expected
        .host
        .and_then(|h| h.find('/').map(|i| h[i..].trim_end_matches('/')))
        .unwrap_or_default();
    let path = format!("{base}{path}");
    if normalize(&path) != normalize(expected.uri) {
        problems.push(format!("URI path: expected {}, got {path}", expected.uri));
    }
    problems.extend(query_problems(query, expected));
    let mut headers = request.headers().clone();
    let sends_length =
        !request.body().is_empty() || matches!(request.method().as_str(), "POST" | "PUT" | "PATCH");
    if sends_length && !headers.contains_key(http::header::CONTENT_LENGTH) {
        headers.insert(http::header::CONTENT_LENGTH, request.body().len().into());
    }
    problems.extend(header_problems(
        &headers,
        expected.headers,
        expected.forbid_headers,
        expected.require_headers,
    ));
    if let Some(body) = expected.body
        && let Err(problem) = compare_body(request.body(), body, expected.body_media_type)
    {
        problems.push(problem);
    }
    problems
}

/// The differences between a query string (without `?`) and a case's query expectations.
pub fn query_problems(query: &str, expected: &ExpectedRequest<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    let mut actual: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(normalize)
        .collect();
    let keys: Vec<String> = actual
        .iter()
        .map(|p| p.split_once('=').map_or(p.as_str(), |(k, _)| k).to_owned())
        .collect();
    for param in expected.query_params {
        let wanted = normalize(param);
        match actual.iter().position(|p| *p == wanted) {
            Some(i) => {
                actual.remove(i);
            }
            None => problems.push(format!("query: `{param}` is missing from `{query}`")),
        }
    }
    for key in expected.forbid_query_params {
        if keys.contains(&normalize(key)) {
            problems.push(format!("query: `{key}` is forbidden but sent in `{query}`"));
        }
    }
    for key in expected.require_query_params {
        if !keys.contains(&normalize(key)) {
            problems.push(format!(
                "query: `{key}` is required but missing from `{query}`"
            ));
        }
    }
    problems
}

/// The differences between message headers and a case's header expectations.
pub fn header_problems(
    actual: &http::HeaderMap,
    headers: &[(&str, &str)],
    forbid: &[&str],
    require: &[&str],
) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, value) in headers {
        match header_value(actual, name) {
            Some(got) if got == *value => {}
            Some(got) => problems.push(format!("header {name}: expected `{value}`, got `{got}`")),
            None => problems.push(format!("header {name}: expected `{value}`, missing")),
        }
    }
    for name in forbid {
        if let Some(got) = header_value(actual, name) {
            problems.push(format!("header {name}: forbidden, but sent as `{got}`"));
        }
    }
    for name in require {
        if header_value(actual, name).is_none() {
            problems.push(format!("header {name}: required, but missing"));
        }
    }
    problems
}

/// The values of a header (case-insensitive name) joined with `", "`; `None` when absent.
fn header_value(headers: &http::HeaderMap, name: &str) -> Option<String> {
    let values: Vec<String> = headers
        .get_all(name)
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect();
    (!values.is_empty()).then(|| values.join(", "))
}

/// Compares a body with a case's `body`: JSON structurally, anything else byte for byte. An
/// empty expected body means an empty body, whatever the media type.
pub fn compare_body(actual: &[u8], expected: &str, media_type: Option<&str>) -> Result<(), String> {
    let shown = || String::from_utf8_lossy(actual).into_owned();
    if expected.is_empty() {
        return if actual.is_empty() {
            Ok(())
        } else {
            Err(format!("body: expected none, got `{}`", shown()))
        };
    }
    let json = media_type.is_some_and(|m| {
        let essence = m.split(';').next().unwrap_or(m).trim();
        essence == "application/json" || essence.ends_with("+json")
    });
    if json {
        let want: serde_json::Value = serde_json::from_str(expected)
            .map_err(|e| format!("body: the case's JSON does not parse: {e}"))?;
        let got: serde_json::Value = serde_json::from_slice(actual)
            .map_err(|e| format!("body: not JSON ({e}): `{}`", shown()))?;
        if json_equal(&got, &want) {
            Ok(())
        } else {
            Err(format!("body: expected JSON {want}, got {got}"))
        }
    } else if actual == expected.as_bytes() {
        Ok(())
    } else {
        Err(format!("body: expected `{expected}`, got `{}`", shown()))
    }
}

/// JSON equality with numbers compared by value (`1` equals `1.0`) and objects as maps.
pub fn json_equal(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => match (x.as_u64(), y.as_u64()) {
                (Some(x), Some(y)) => x == y,
                _ => x.as_f64() == y.as_f64(),
            },
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_equal(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

/// RFC 3986 §6.2.2 normalization of a URI component: escapes of unreserved characters decoded,
/// the hex digits of the other escapes in upper case; everything else as is.
pub fn normalize(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|c| (*c as char).to_digit(16)),
                bytes.get(i + 2).and_then(|c| (*c as char).to_digit(16)),
            )
        {
            let byte = (h * 16 + l) as u8;
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                out.push(byte as char);
            } else {
                out.push_str(&format!("%{byte:02X}"));
            }
            i += 3;
            continue;
        }
        // Copy one character (the text is UTF-8; only `%` escapes are rewritten).
        let len = text[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&text[i..i + len]);
        i += len;
    }
    out
}

/// The response a response case describes.
pub fn response(code: u16, headers: &[(&str, &str)], body: &str) -> http::Response<Vec<u8>> {
    let mut builder = http::Response::builder().status(code);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder
        .body(body.as_bytes().to_vec())
        .unwrap_or_else(|e| panic!("the case's response is not valid HTTP: {e}"))
}

/// Asserts that a parsed value equals the one built from the case's `params`. Values that
/// differ under `PartialEq` but serialize to the same JSON are equal too: the generated types
/// serialize as their wire form, and `NaN` is not equal to itself under `PartialEq`.
#[track_caller]
pub fn assert_same<T: PartialEq + Debug + serde::Serialize>(actual: &T, expected: &T) {
    if actual == expected {
        return;
    }
    let json = |v: &T| serde_json::to_value(v).ok();
    if let (Some(a), Some(b)) = (json(actual), json(expected))
        && a == b
    {
        return;
    }
    panic!(
        "the parsed value differs from the case's params:\n  parsed:   {actual:?}\n  expected: {expected:?}"
    );
}

#[cfg(test)]
mod tests {
    //! The checks themselves, run with every protocol test crate (`support::tests::*`).

    use super::*;

    fn request(uri: &str, headers: &[(&str, &str)], body: &str) -> http::Request<Vec<u8>> {
        let mut builder = http::Request::builder().method("POST").uri(uri);
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        builder.body(body.as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn normalization_decodes_unreserved_escapes_only() {
        assert_eq!(normalize("%41%2f%2F%7e"), "A%2F%2F~");
        assert_eq!(normalize("a b%"), "a b%");
        assert_eq!(normalize("%e2%9c%93"), "%E2%9C%93");
        assert_eq!(normalize("ü%zz"), "ü%zz");
    }

    #[test]
    fn a_matching_request_passes() {
        let r = request(
            "/path/a%2Fb?k=v&k=w&flag",
            &[
                ("Content-Type", "application/json"),
                ("X-List", "a"),
                ("x-list", "b"),
            ],
            r#"{"a": 1.0, "b": [true]}"#,
        );
        let expected = ExpectedRequest {
            method: "POST",
            uri: "/path/a%2fb",
            host: Some("example.com"),
            query_params: &["k=w", "k=v", "flag"],
            forbid_query_params: &["other"],
            require_query_params: &["k"],
            headers: &[("content-type", "application/json"), ("X-List", "a, b")],
            forbid_headers: &["X-Other"],
            require_headers: &["x-list"],
            body: Some(r#"{"b":[true],"a":1}"#),
            body_media_type: Some("application/json"),
        };
        assert_eq!(request_problems(&r, &expected), Vec::<String>::new());
    }

    #[test]
    fn a_host_with_a_path_is_the_endpoints_base_path() {
        let r = request("/Op", &[], "");
        let expected = |host| ExpectedRequest {
            method: "POST",
            uri: "/custom/Op",
            host,
            ..ExpectedRequest::default()
        };
        assert_eq!(
            request_problems(&r, &expected(Some("example.com/custom/"))),
            Vec::<String>::new()
        );
        assert_eq!(
            request_problems(&r, &expected(Some("example.com"))).len(),
            1
        );
        assert_eq!(request_problems(&r, &expected(None)).len(), 1);
    }

    #[test]
    fn each_difference_is_reported() {
        let r = request("/p?k=v&bad", &[("X-A", "1")], "{}");
        let expected = ExpectedRequest {
            method: "GET",
            uri: "/q",
            host: None,
            query_params: &["k=v", "k=v", "k=x"],
            forbid_query_params: &["bad"],
            require_query_params: &["must"],
            headers: &[("X-A", "2"), ("X-B", "1")],
            forbid_headers: &["x-a"],
            require_headers: &["X-C"],
            body: Some(r#"{"a":1}"#),
            body_media_type: Some("application/json"),
        };
        let problems = request_problems(&r, &expected);
        assert_eq!(problems.len(), 11, "{problems:#?}");
    }

    #[test]
    fn content_length_is_the_clients() {
        let expected = ExpectedRequest {
            method: "POST",
            uri: "/",
            headers: &[("Content-Length", "2")],
            ..ExpectedRequest::default()
        };
        assert_eq!(
            request_problems(&request("/", &[], "{}"), &expected),
            Vec::<String>::new()
        );
        let stated = request("/", &[("Content-Length", "3")], "{}");
        assert_eq!(request_problems(&stated, &expected).len(), 1);
        let empty = ExpectedRequest {
            method: "POST",
            uri: "/",
            headers: &[("Content-Length", "0")],
            ..ExpectedRequest::default()
        };
        assert_eq!(
            request_problems(&request("/", &[], ""), &empty),
            Vec::<String>::new()
        );
        let get = http::Request::get("/").body(Vec::new()).unwrap();
        let forbid = ExpectedRequest {
            method: "GET",
            uri: "/",
            forbid_headers: &["Content-Length"],
            ..ExpectedRequest::default()
        };
        assert_eq!(request_problems(&get, &forbid), Vec::<String>::new());
    }

    #[test]
    fn bodies_compare_by_media_type() {
        assert!(compare_body(b"", "", Some("application/json")).is_ok());
        assert!(compare_body(b"{}", "", Some("application/json")).is_err());
        assert!(compare_body(b"{\"a\":1}", "{ \"a\": 1 }", Some("application/json")).is_ok());
        assert!(compare_body(b"{\"a\":1}", "{ \"a\": 1 }", Some("text/plain")).is_err());
        assert!(compare_body(b"{\"a\":1}", "{\"a\":1}", None).is_ok());
        assert!(compare_body(b"not json", "{}", Some("application/json")).is_err());
        assert!(compare_body(b"{\"a\":1,\"b\":2}", "{\"a\":1}", Some("application/json")).is_err());
    }

    #[test]
    fn json_numbers_compare_by_value() {
        let v = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap();
        assert!(json_equal(&v("[1, 1.5, -2]"), &v("[1.0, 1.5, -2.0]")));
        assert!(!json_equal(&v("[1]"), &v("[2]")));
        assert!(!json_equal(&v("[1]"), &v("[\"1\"]")));
    }

    #[test]
    fn same_accepts_nan_through_json() {
        #[derive(Debug, PartialEq, serde::Serialize)]
        struct F {
            #[serde(serialize_with = "nan_as_string")]
            x: f64,
        }
        fn nan_as_string<S: serde::Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
            if x.is_nan() {
                s.serialize_str("NaN")
            } else {
                s.serialize_f64(*x)
            }
        }
        assert_same(&F { x: f64::NAN }, &F { x: f64::NAN });
        let differs = std::panic::catch_unwind(|| assert_same(&F { x: 1.0 }, &F { x: 2.0 }));
        assert!(differs.is_err());
    }

    #[test]
    fn responses_carry_the_case() {
        let r = response(404, &[("X-A", "1")], "{}");
        assert_eq!(r.status(), 404);
        assert_eq!(r.headers()["x-a"], "1");
        assert_eq!(r.body(), b"{}");
    }
}
