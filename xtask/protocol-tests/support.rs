//! Checks for the Smithy protocol compliance tests (`smithy.test#httpRequestTests` and
//! `httpResponseTests`), copied by `cargo xtask protocol-tests` into each generated test crate as
//! `tests/support/mod.rs`; the source is `xtask/protocol-tests/support.rs` in the smithy-rust
//! repository. The generated `tests/protocol.rs` has one test per client case and calls
//! [`check_request`] (request cases) or builds a [`response`] (a [`response_base64`] for
//! `application/cbor` cases) and calls [`assert_same`] (response cases).
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
//!   an empty body): `application/json` structurally (objects as maps, numbers by value);
//!   `application/cbor` structurally too, as [`cbor_equal`] says: the case's `body` is the
//!   base64 of the CBOR bytes (RFC 4648 §4 alphabet, padding optional), both sides are decoded
//!   as one CBOR data item each (RFC 8949) and compared with maps unordered, integers by value
//!   whatever their encoded width, floats by value whatever their width (half, single or
//!   double; NaN equals NaN), definite and indefinite lengths alike, tags by number and content,
//!   byte and text strings as themselves, simple values (`false`, `true`, `null`, `undefined`)
//!   by number, and an integer equal to a float of the same value (the cases write one
//!   timestamp `1(0)` and another `1(1.0)`); a difference is reported with its path
//!   (`$.member[2]`) and both values in diagnostic notation;
//!   `application/xml` (and `text/xml`, `+xml` types) structurally, as [`xml_differences`]
//!   says: both sides are read by [`parse_xml`] (the XML declaration, comments and processing
//!   instructions skipped; the five predefined entities and character references decoded; CDATA
//!   as text), then elements compare by namespace and local name, namespace declarations and
//!   attributes as sets, the text of an element without child elements exactly, and child
//!   elements by name: those of one name in order (list members), the names in any order
//!   (structure members), and elements of one name that all have child elements in any order
//!   (map entries, whose order the cases do not keep; without the model, the items of a list of
//!   structures look the same); whitespace-only text between elements is formatting.
//!   Differences are reported with their path (`/Root/Child[2]`);
//!   `application/x-www-form-urlencoded` (the awsQuery and ec2Query bodies) as the multisets of
//!   name-value pairs the WHATWG URL standard's parser reads (§5.1: split on `&`, then at the
//!   first `=`, `+` a space, percent-decoded), in any order: the spec asks test runners to
//!   "parse and validate" a body of a media type, a form's pairs are its data, and the indices
//!   that order lists and maps are in the names (`ListArg.member.1`); missing, unexpected and
//!   changed pairs are reported. Any other media type byte for byte.
//!
//! The CBOR, base64 and XML readers are this file's own: it is compiled into every test crate,
//! JSON ones included, so it uses only what all of them have (`http`, `serde`, `serde_json`);
//! and the crates' CBOR and XML are read by readers that are not the ones under test.
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
    /// `body`; `None` when the case has none (then it is not checked). For `application/cbor`,
    /// the base64 of the bytes, as in the case.
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
            show_body(request.body(), expected.body_media_type)
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

/// The essence of a media type: `type/subtype`, in lower case, without parameters.
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or(media_type)
        .trim()
        .to_ascii_lowercase()
}

/// Whether a case's `bodyMediaType` is JSON (`application/json` or a `+json` type).
pub fn is_json(media_type: Option<&str>) -> bool {
    media_type
        .map(essence)
        .is_some_and(|m| m == "application/json" || m.ends_with("+json"))
}

/// Whether a case's `bodyMediaType` is CBOR (`application/cbor` or a `+cbor` type, RFC 8949
/// §9.5); its `body` is then base64.
pub fn is_cbor(media_type: Option<&str>) -> bool {
    media_type
        .map(essence)
        .is_some_and(|m| m == "application/cbor" || m.ends_with("+cbor"))
}

/// Whether a case's `bodyMediaType` is XML (`application/xml`, `text/xml` or a `+xml` type,
/// RFC 7303).
pub fn is_xml(media_type: Option<&str>) -> bool {
    media_type
        .map(essence)
        .is_some_and(|m| m == "application/xml" || m == "text/xml" || m.ends_with("+xml"))
}

/// Whether a case's `bodyMediaType` is `application/x-www-form-urlencoded`.
pub fn is_form(media_type: Option<&str>) -> bool {
    media_type
        .map(essence)
        .is_some_and(|m| m == "application/x-www-form-urlencoded")
}

/// The first lines of a list of differences, indented for a message.
fn first_lines(differences: &[String]) -> String {
    const SHOWN: usize = 20;
    let mut text = differences
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join("\n      ");
    if differences.len() > SHOWN {
        text.push_str(&format!("\n      … and {} more", differences.len() - SHOWN));
    }
    text
}

/// A body as shown in a message: CBOR in diagnostic notation (RFC 8949 §8), else as text.
pub fn show_body(body: &[u8], media_type: Option<&str>) -> String {
    if is_cbor(media_type) && !body.is_empty() {
        match decode_cbor(body) {
            Ok(item) => format!("CBOR {item}"),
            Err(e) => format!("not CBOR ({e}): {}", hex(body)),
        }
    } else {
        String::from_utf8_lossy(body).into_owned()
    }
}

/// Bytes in diagnostic notation: `h'01ff'`.
fn hex(bytes: &[u8]) -> String {
    let digits: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("h'{digits}'")
}

/// Compares a body with a case's `body`: JSON, CBOR (its `body` is base64) and XML structurally,
/// forms as their name-value pairs, anything else byte for byte (see the module docs). An empty
/// expected body means an empty body, whatever the media type.
pub fn compare_body(actual: &[u8], expected: &str, media_type: Option<&str>) -> Result<(), String> {
    let shown = || show_body(actual, media_type);
    if expected.is_empty() {
        return if actual.is_empty() {
            Ok(())
        } else {
            Err(format!("body: expected none, got `{}`", shown()))
        };
    }
    if is_json(media_type) {
        let want: serde_json::Value = serde_json::from_str(expected)
            .map_err(|e| format!("body: the case's JSON does not parse: {e}"))?;
        let got: serde_json::Value = serde_json::from_slice(actual)
            .map_err(|e| format!("body: not JSON ({e}): `{}`", shown()))?;
        if json_equal(&got, &want) {
            Ok(())
        } else {
            Err(format!("body: expected JSON {want}, got {got}"))
        }
    } else if is_cbor(media_type) {
        let bytes = base64_decode(expected)
            .map_err(|e| format!("body: the case's body is not base64: {e}"))?;
        let want = decode_cbor(&bytes)
            .map_err(|e| format!("body: the case's body is not CBOR ({e}): {}", hex(&bytes)))?;
        let got =
            decode_cbor(actual).map_err(|e| format!("body: not CBOR ({e}): {}", hex(actual)))?;
        let differences = cbor_differences(&got, &want);
        if differences.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "body: the CBOR differs:\n      {}\n    expected {}\n    got      {}",
                first_lines(&differences),
                shown_item(&want),
                shown_item(&got)
            ))
        }
    } else if is_xml(media_type) {
        let want = parse_xml(expected.as_bytes())
            .map_err(|e| format!("body: the case's XML does not parse: {e}"))?;
        let got = parse_xml(actual).map_err(|e| format!("body: not XML ({e}): `{}`", shown()))?;
        let differences = xml_differences(&got, &want);
        if differences.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "body: the XML differs:\n      {}\n    expected {}\n    got      {}",
                first_lines(&differences),
                shown_element(&want),
                shown_element(&got)
            ))
        }
    } else if is_form(media_type) {
        let differences = form_differences(actual, expected.as_bytes());
        if differences.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "body: the form differs (pairs compared in any order):\n      {}\n    \
                 expected `{expected}`\n    got      `{}`",
                first_lines(&differences),
                shown()
            ))
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

/// The response a response case describes, its `body` text as the bytes.
pub fn response(code: u16, headers: &[(&str, &str)], body: &str) -> http::Response<Vec<u8>> {
    response_bytes(code, headers, body.as_bytes().to_vec())
}

/// The response an `application/cbor` response case describes: its `body` is base64, the
/// response has the bytes it encodes. Panics when it is not base64.
#[track_caller]
pub fn response_base64(code: u16, headers: &[(&str, &str)], body: &str) -> http::Response<Vec<u8>> {
    let bytes =
        base64_decode(body).unwrap_or_else(|e| panic!("the case's body is not base64: {e}"));
    response_bytes(code, headers, bytes)
}

/// A response with these headers and body bytes.
#[track_caller]
fn response_bytes(code: u16, headers: &[(&str, &str)], body: Vec<u8>) -> http::Response<Vec<u8>> {
    let mut builder = http::Response::builder().status(code);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder
        .body(body)
        .unwrap_or_else(|e| panic!("the case's response is not valid HTTP: {e}"))
}

/// Decodes base64 (RFC 4648 §4: the standard alphabet, with `+` and `/`). The `=` padding is
/// optional; when present it must complete the last quantum of four characters.
pub fn base64_decode(text: &str) -> Result<Vec<u8>, String> {
    let data = text.trim_end_matches('=');
    let padding = text.len() - data.len();
    if padding > 2 || (padding > 0 && !text.len().is_multiple_of(4)) || data.len() % 4 == 1 {
        return Err(format!("`{text}`: wrong length or padding"));
    }
    let mut out = Vec::with_capacity(data.len() * 3 / 4);
    let (mut bits, mut count) = (0u32, 0u32);
    for (i, c) in data.bytes().enumerate() {
        let sextet = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return Err(format!("`{}` at {i} is not a base64 character", c as char)),
        };
        bits = (bits << 6) | u32::from(sextet);
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    Ok(out)
}

/// A CBOR data item (RFC 8949 §3) as the comparison sees it: whether lengths were definite or
/// indefinite, and the widths of arguments and floats, are not kept.
#[derive(Debug, Clone)]
pub enum Cbor {
    /// Major types 0 and 1: an unsigned or negative integer, -2^64 ..= 2^64 - 1.
    Integer(i128),
    /// Major type 2: a byte string (the chunks of an indefinite-length one joined).
    Bytes(Vec<u8>),
    /// Major type 3: a text string (the chunks of an indefinite-length one joined).
    Text(String),
    /// Major type 4: an array.
    Array(Vec<Cbor>),
    /// Major type 5: a map, its entries in their encoded order.
    Map(Vec<(Cbor, Cbor)>),
    /// Major type 6: a tag number and its content.
    Tag(u64, Box<Cbor>),
    /// Major type 7: a simple value (20 `false`, 21 `true`, 22 `null`, 23 `undefined`, …).
    Simple(u8),
    /// Major type 7: a half, single or double precision float, widened (exactly) to `f64`.
    Float(f64),
}

impl std::fmt::Display for Cbor {
    /// Diagnostic notation (RFC 8949 §8), without encoding indicators.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cbor::Integer(n) => write!(f, "{n}"),
            Cbor::Bytes(b) => f.write_str(&hex(b)),
            Cbor::Text(t) => write!(f, "{t:?}"),
            Cbor::Array(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    write!(f, "{}{item}", if i == 0 { "" } else { ", " })?;
                }
                f.write_str("]")
            }
            Cbor::Map(entries) => {
                f.write_str("{")?;
                for (i, (k, v)) in entries.iter().enumerate() {
                    write!(f, "{}{k}: {v}", if i == 0 { "" } else { ", " })?;
                }
                f.write_str("}")
            }
            Cbor::Tag(tag, content) => write!(f, "{tag}({content})"),
            Cbor::Simple(20) => f.write_str("false"),
            Cbor::Simple(21) => f.write_str("true"),
            Cbor::Simple(22) => f.write_str("null"),
            Cbor::Simple(23) => f.write_str("undefined"),
            Cbor::Simple(n) => write!(f, "simple({n})"),
            Cbor::Float(x) if x.is_nan() => f.write_str("NaN"),
            Cbor::Float(x) if x.is_infinite() => {
                f.write_str(if *x > 0.0 { "Infinity" } else { "-Infinity" })
            }
            Cbor::Float(x) => write!(f, "{x:?}"),
        }
    }
}

/// Decodes the one CBOR data item that `bytes` must be (RFC 8949 §3; not well-formed input as
/// its Appendix F lists is an error, and so is text that is not UTF-8).
pub fn decode_cbor(bytes: &[u8]) -> Result<Cbor, String> {
    let mut reader = CborReader { bytes, pos: 0 };
    let item = reader.item(0)?;
    if reader.pos != bytes.len() {
        return reader.error(&format!(
            "{} bytes after the data item",
            bytes.len() - reader.pos
        ));
    }
    Ok(item)
}

/// How deep arrays, maps and tags may nest.
const CBOR_MAX_DEPTH: usize = 256;

/// The "break" stop code that ends an indefinite-length item (RFC 8949 §3.2.1).
const CBOR_BREAK: u8 = 0xff;

/// CBOR bytes and the offset of the next one.
struct CborReader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl CborReader<'_> {
    fn error<T>(&self, what: &str) -> Result<T, String> {
        Err(format!("{what}, at offset {}", self.pos))
    }

    fn left(&self) -> usize {
        self.bytes.len() - self.pos
    }

    fn take(&mut self, n: u64) -> Result<&[u8], String> {
        match usize::try_from(n) {
            Ok(n) if n <= self.left() => {
                self.pos += n;
                Ok(&self.bytes[self.pos - n..self.pos])
            }
            _ => self.error(&format!("{n} bytes wanted, {} left", self.left())),
        }
    }

    fn byte(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    /// A big-endian unsigned integer of `width` bytes.
    fn uint(&mut self, width: u64) -> Result<u64, String> {
        Ok(self
            .take(width)?
            .iter()
            .fold(0, |n, b| (n << 8) | u64::from(*b)))
    }

    /// Consumes a break if one is next.
    fn at_break(&mut self) -> bool {
        let found = self.bytes.get(self.pos) == Some(&CBOR_BREAK);
        if found {
            self.pos += 1;
        }
        found
    }

    /// The argument of a head (§3) with this additional information; `None` for 31
    /// (indefinite length).
    fn argument(&mut self, info: u8) -> Result<Option<u64>, String> {
        match info {
            0..=23 => Ok(Some(u64::from(info))),
            24..=27 => Ok(Some(self.uint(1 << (info - 24))?)),
            31 => Ok(None),
            _ => self.error(&format!("reserved additional information {info}")),
        }
    }

    /// A number of items announced by a head: each takes at least one byte.
    fn count(&self, n: u64) -> Result<usize, String> {
        match usize::try_from(n) {
            Ok(n) if n <= self.left() => Ok(n),
            _ => self.error(&format!("{n} items announced, {} bytes left", self.left())),
        }
    }

    /// The chunks of an indefinite-length string of major type `major`, joined (§3.2.3):
    /// each must be a definite-length string of the same major type.
    fn chunks(&mut self, major: u8) -> Result<Vec<u8>, String> {
        let mut joined = Vec::new();
        while !self.at_break() {
            let initial = self.byte()?;
            match self.argument(initial & 0x1f)? {
                Some(n) if initial >> 5 == major => joined.extend_from_slice(self.take(n)?),
                _ => return self.error("a chunk of an indefinite-length string of another kind"),
            }
        }
        Ok(joined)
    }

    /// Entries of a map until `n` of them, or until a break when `n` is `None`.
    fn entries(&mut self, n: Option<usize>, depth: usize) -> Result<Vec<(Cbor, Cbor)>, String> {
        let mut entries = Vec::with_capacity(n.unwrap_or_default());
        while match n {
            Some(n) => entries.len() < n,
            None => !self.at_break(),
        } {
            entries.push((self.item(depth + 1)?, self.item(depth + 1)?));
        }
        Ok(entries)
    }

    /// Items of an array until `n` of them, or until a break when `n` is `None`.
    fn items(&mut self, n: Option<usize>, depth: usize) -> Result<Vec<Cbor>, String> {
        let mut items = Vec::with_capacity(n.unwrap_or_default());
        while match n {
            Some(n) => items.len() < n,
            None => !self.at_break(),
        } {
            items.push(self.item(depth + 1)?);
        }
        Ok(items)
    }

    fn item(&mut self, depth: usize) -> Result<Cbor, String> {
        if depth > CBOR_MAX_DEPTH {
            return self.error("nested too deeply");
        }
        let initial = self.byte()?;
        let (major, info) = (initial >> 5, initial & 0x1f);
        if major == 7 {
            return match info {
                0..=23 => Ok(Cbor::Simple(info)),
                24 => match self.byte()? {
                    n @ 32.. => Ok(Cbor::Simple(n)),
                    n => self.error(&format!("simple value {n} in two bytes")),
                },
                25 => Ok(Cbor::Float(half_to_f64(self.uint(2)? as u16))),
                26 => Ok(Cbor::Float(f64::from(f32::from_bits(self.uint(4)? as u32)))),
                27 => Ok(Cbor::Float(f64::from_bits(self.uint(8)?))),
                31 => self.error("a break outside an indefinite-length item"),
                _ => self.error(&format!("reserved additional information {info}")),
            };
        }
        let argument = self.argument(info)?;
        let count = match (major, argument) {
            (4 | 5, Some(n)) => Some(self.count(n)?),
            _ => None,
        };
        Ok(match (major, argument) {
            (0, Some(n)) => Cbor::Integer(i128::from(n)),
            (1, Some(n)) => Cbor::Integer(-1 - i128::from(n)),
            (2, Some(n)) => Cbor::Bytes(self.take(n)?.to_vec()),
            (2, None) => Cbor::Bytes(self.chunks(2)?),
            (3, _) => {
                let bytes = match argument {
                    Some(n) => self.take(n)?.to_vec(),
                    None => self.chunks(3)?,
                };
                match String::from_utf8(bytes) {
                    Ok(text) => Cbor::Text(text),
                    Err(e) => return self.error(&format!("text that is not UTF-8 ({e})")),
                }
            }
            (4, _) => Cbor::Array(self.items(count, depth)?),
            (5, _) => Cbor::Map(self.entries(count, depth)?),
            (6, Some(tag)) => Cbor::Tag(tag, Box::new(self.item(depth + 1)?)),
            _ => return self.error(&format!("an indefinite length for major type {major}")),
        })
    }
}

/// A half-precision float, exactly (RFC 8949 Appendix D).
fn half_to_f64(half: u16) -> f64 {
    let exponent = i32::from((half >> 10) & 0x1f);
    let mantissa = f64::from(half & 0x3ff);
    let magnitude = match exponent {
        0 => mantissa * 2f64.powi(-24),
        31 if mantissa == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (mantissa + 1024.0) * 2f64.powi(exponent - 25),
    };
    if half & 0x8000 == 0 {
        magnitude
    } else {
        -magnitude
    }
}

/// Whether two CBOR data items are equal for a protocol test: maps as unordered maps, numbers
/// by value (`NaN` equals `NaN`; an integer equals a float of the same value, as JSON numbers
/// compare: the rpcv2Cbor cases write one timestamp `1(0)`, another `1(1.0)`), tags by number and content,
/// strings and simple values as themselves. Encoded widths and definite or indefinite lengths
/// are already gone from a [`Cbor`].
pub fn cbor_equal(a: &Cbor, b: &Cbor) -> bool {
    match (a, b) {
        (Cbor::Integer(x), Cbor::Integer(y)) => x == y,
        (Cbor::Float(x), Cbor::Float(y)) => x == y || (x.is_nan() && y.is_nan()),
        (Cbor::Integer(i), Cbor::Float(f)) | (Cbor::Float(f), Cbor::Integer(i)) => {
            f.is_finite() && f.fract() == 0.0 && *f as i128 == *i
        }
        (Cbor::Bytes(x), Cbor::Bytes(y)) => x == y,
        (Cbor::Text(x), Cbor::Text(y)) => x == y,
        (Cbor::Simple(x), Cbor::Simple(y)) => x == y,
        (Cbor::Tag(s, x), Cbor::Tag(t, y)) => s == t && cbor_equal(x, y),
        (Cbor::Array(x), Cbor::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| cbor_equal(x, y))
        }
        (Cbor::Map(x), Cbor::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| map_get(y, k).is_some_and(|w| cbor_equal(v, w)))
                && y.iter().all(|(k, _)| map_get(x, k).is_some())
        }
        _ => false,
    }
}

/// The value of a key among a map's entries (the first, if the key repeats).
fn map_get<'m>(entries: &'m [(Cbor, Cbor)], key: &Cbor) -> Option<&'m Cbor> {
    entries
        .iter()
        .find(|(k, _)| cbor_equal(k, key))
        .map(|(_, v)| v)
}

/// Every difference between a decoded body and the expected item ([`cbor_equal`] is true when
/// there is none), one line each, with its path: `$` the whole item, `.name` the value of a
/// text key, `[i]` an array item, `[key]` the value of another key (diagnostic notation),
/// `<tag n>` the content of a tag.
pub fn cbor_differences(actual: &Cbor, expected: &Cbor) -> Vec<String> {
    let mut out = Vec::new();
    cbor_diff(actual, expected, "$", &mut out);
    out
}

/// An item in diagnostic notation, cut after 300 characters.
fn shown_item(item: &Cbor) -> String {
    let text = item.to_string();
    match text.char_indices().nth(300) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    }
}

/// The path of the value of a map key under `path`.
fn key_path(path: &str, key: &Cbor) -> String {
    match key {
        Cbor::Text(t)
            if !t.is_empty() && t.chars().all(|c| c.is_alphanumeric() || "_-".contains(c)) =>
        {
            format!("{path}.{t}")
        }
        _ => format!("{path}[{}]", shown_item(key)),
    }
}

fn cbor_diff(actual: &Cbor, expected: &Cbor, path: &str, out: &mut Vec<String>) {
    match (actual, expected) {
        (Cbor::Array(a), Cbor::Array(e)) => {
            for (i, (a, e)) in a.iter().zip(e).enumerate() {
                cbor_diff(a, e, &format!("{path}[{i}]"), out);
            }
            if a.len() != e.len() {
                out.push(format!(
                    "{path}: expected {} items, got {}",
                    e.len(),
                    a.len()
                ));
            }
        }
        (Cbor::Map(a), Cbor::Map(e)) => {
            let before = out.len();
            for (k, v) in e {
                match map_get(a, k) {
                    Some(got) => cbor_diff(got, v, &key_path(path, k), out),
                    None => out.push(format!(
                        "{}: missing, expected {}",
                        key_path(path, k),
                        shown_item(v)
                    )),
                }
            }
            for (k, v) in a {
                if map_get(e, k).is_none() {
                    out.push(format!(
                        "{}: not expected, got {}",
                        key_path(path, k),
                        shown_item(v)
                    ));
                }
            }
            if out.len() == before && a.len() != e.len() {
                out.push(format!(
                    "{path}: expected {} entries, got {} (a key repeats)",
                    e.len(),
                    a.len()
                ));
            }
        }
        (Cbor::Tag(s, a), Cbor::Tag(t, e)) if s == t => {
            cbor_diff(a, e, &format!("{path}<tag {t}>"), out);
        }
        _ if cbor_equal(actual, expected) => {}
        _ => out.push(format!(
            "{path}: expected {}, got {}",
            shown_item(expected),
            shown_item(actual)
        )),
    }
}

/// The name-value pairs of an `application/x-www-form-urlencoded` body, as the WHATWG URL
/// standard's parser reads them (§5.1): split on `&`, empty sequences skipped, each sequence
/// split at its first `=` (without one, the value is empty), `+` read as a space, then
/// percent-decoded (a `%` not followed by two hex digits stays as is). The pairs are bytes: a
/// decoded escape need not be UTF-8.
pub fn form_pairs(body: &[u8]) -> Vec<(Vec<u8>, Vec<u8>)> {
    body.split(|b| *b == b'&')
        .filter(|sequence| !sequence.is_empty())
        .map(|sequence| {
            let (name, value) = match sequence.iter().position(|b| *b == b'=') {
                Some(i) => (&sequence[..i], &sequence[i + 1..]),
                None => (sequence, &[][..]),
            };
            (form_decode(name), form_decode(value))
        })
        .collect()
}

/// A name or value of a form: `+` as a space, `%XX` as the byte.
fn form_decode(bytes: &[u8]) -> Vec<u8> {
    let digit = |i: usize| {
        bytes
            .get(i)
            .and_then(|c| (*c as char).to_digit(16))
            .map(|d| d as u8)
    };
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(high), Some(low)) = (digit(i + 1), digit(i + 2))
        {
            out.push(high * 16 + low);
            i += 3;
            continue;
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    out
}

/// The differences between a form body and the expected one, as multisets of decoded pairs
/// ([`form_pairs`]): their order is not compared, a pair listed twice must be sent twice. A
/// name sent with another value than expected is one line (`name: expected .., got ..`), then
/// the pairs missing and the pairs not expected.
pub fn form_differences(actual: &[u8], expected: &[u8]) -> Vec<String> {
    let mut extra = form_pairs(actual);
    let mut missing = Vec::new();
    for pair in form_pairs(expected) {
        match extra.iter().position(|p| *p == pair) {
            Some(i) => {
                extra.remove(i);
            }
            None => missing.push(pair),
        }
    }
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).escape_debug().to_string();
    let mut out = Vec::new();
    let mut unmatched = Vec::new();
    for (name, value) in missing {
        match extra.iter().position(|(n, _)| *n == name) {
            Some(i) => {
                let (_, got) = extra.remove(i);
                out.push(format!(
                    "`{}`: expected `{}`, got `{}`",
                    text(&name),
                    text(&value),
                    text(&got)
                ));
            }
            None => unmatched.push((name, value)),
        }
    }
    for (name, value) in unmatched {
        out.push(format!("missing `{}={}`", text(&name), text(&value)));
    }
    for (name, value) in extra {
        out.push(format!("not expected `{}={}`", text(&name), text(&value)));
    }
    out
}

/// An XML element as [`xml_differences`] compares it, read by [`parse_xml`].
#[derive(Debug, Clone, PartialEq)]
pub struct XmlElement {
    /// The name as written: `local` or `prefix:local`.
    pub name: String,
    /// The namespace name (URI) of the element: its prefix's, or the default namespace's in
    /// scope for an unprefixed name; `None` when there is none.
    pub namespace: Option<String>,
    /// The local part of the name.
    pub local: String,
    /// The namespace declarations on the element (`xmlns="…"`, `xmlns:p="…"`): (prefix, URI),
    /// the prefix `""` for the default namespace; sorted.
    pub declarations: Vec<(String, String)>,
    /// The other attributes, sorted by (namespace, local name).
    pub attributes: Vec<XmlAttribute>,
    /// The content: elements and text, adjacent text (and CDATA sections) joined, comments and
    /// processing instructions left out, and, when there is any child element, text that is only
    /// whitespace left out too.
    pub children: Vec<XmlNode>,
}

/// An attribute of an [`XmlElement`].
#[derive(Debug, Clone, PartialEq)]
pub struct XmlAttribute {
    /// The name as written.
    pub name: String,
    /// The namespace name of a prefixed attribute (an unprefixed one has none, whatever the
    /// default namespace: Namespaces in XML 1.0 §6.2).
    pub namespace: Option<String>,
    /// The local part of the name.
    pub local: String,
    /// The value, references decoded and whitespace normalized (XML 1.0 §3.3.3).
    pub value: String,
}

/// A child of an [`XmlElement`].
#[derive(Debug, Clone, PartialEq)]
pub enum XmlNode {
    /// A child element.
    Element(XmlElement),
    /// Character data, references decoded.
    Text(String),
}

/// The namespace of the `xml` prefix, declared by definition (Namespaces in XML 1.0 §3).
const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// How deep elements may nest.
const XML_MAX_DEPTH: usize = 256;

impl XmlElement {
    /// The element's text: its text children joined (for an element without child elements,
    /// its whole content).
    pub fn text(&self) -> String {
        self.children
            .iter()
            .filter_map(|c| match c {
                XmlNode::Text(t) => Some(t.as_str()),
                XmlNode::Element(_) => None,
            })
            .collect()
    }

    fn has_elements(&self) -> bool {
        self.children
            .iter()
            .any(|c| matches!(c, XmlNode::Element(_)))
    }

    /// The name with its namespace, for messages: `<local> (namespace `uri`)` or
    /// `<local> (no namespace)`.
    fn expanded_name(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("<{}> (namespace `{ns}`)", self.local),
            None => format!("<{}> (no namespace)", self.local),
        }
    }
}

impl std::fmt::Display for XmlElement {
    /// The element as compact XML (whitespace-only text between elements is gone).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<{}", self.name)?;
        for (prefix, uri) in &self.declarations {
            write!(f, " {}=\"{}\"", xmlns_name(prefix), xml_escape(uri, true))?;
        }
        for a in &self.attributes {
            write!(f, " {}=\"{}\"", a.name, xml_escape(&a.value, true))?;
        }
        if self.children.is_empty() {
            return f.write_str("/>");
        }
        f.write_str(">")?;
        for child in &self.children {
            match child {
                XmlNode::Element(e) => write!(f, "{e}")?,
                XmlNode::Text(t) => f.write_str(&xml_escape(t, false))?,
            }
        }
        write!(f, "</{}>", self.name)
    }
}

/// `xmlns` or `xmlns:prefix`.
fn xmlns_name(prefix: &str) -> String {
    if prefix.is_empty() {
        "xmlns".to_owned()
    } else {
        format!("xmlns:{prefix}")
    }
}

/// Text escaped for XML content, or for a double-quoted attribute value.
fn xml_escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#xD;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' | '\t' if attribute => out.push_str(&format!("&#x{:X};", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// An element in a message: compact XML, cut after 300 characters.
fn shown_element(element: &XmlElement) -> String {
    let text = element.to_string();
    match text.char_indices().nth(300) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    }
}

/// Reads an XML document (XML 1.0 and Namespaces in XML 1.0, UTF-8) into its root element.
///
/// Line ends are normalized (§2.11), the five predefined entities and character references
/// decoded (§4.6, §4.1), CDATA sections read as text (§2.7), attribute values normalized
/// (§3.3.3), prefixes resolved to namespaces; the XML declaration, other processing
/// instructions and comments are skipped, and so is a byte order mark. Not well-formed input
/// is an error, and so are a document type declaration (this reader has no DTDs, so no other
/// entities), an undeclared prefix and an attribute given twice.
pub fn parse_xml(bytes: &[u8]) -> Result<XmlElement, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8 ({e})"))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = XmlReader { text, pos: 0 };
    reader.misc()?;
    if !reader.rest().starts_with('<') || reader.rest()[1..].starts_with(['/', '!', '?']) {
        return reader.error("expected the root element");
    }
    let root = reader.root()?;
    reader.misc()?;
    if !reader.rest().is_empty() {
        return reader.error("content after the root element");
    }
    Ok(root)
}

/// XML text and the offset of the next character.
struct XmlReader<'a> {
    text: &'a str,
    pos: usize,
}

/// Whether a character is allowed in an XML document (the `Char` production, XML 1.0 §2.2).
fn is_xml_char(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..
    )
}

/// Whether a character ends a name (as this reader reads names: anything else is taken in).
fn ends_name(c: char) -> bool {
    c.is_ascii_whitespace() || "<>/=?!\"'&;[]".contains(c)
}

/// Joins text to the content of an element.
fn push_text(element: &mut XmlElement, text: &str) {
    if let Some(XmlNode::Text(last)) = element.children.last_mut() {
        last.push_str(text);
    } else if !text.is_empty() {
        element.children.push(XmlNode::Text(text.to_owned()));
    }
}

/// An element whose end tag was read: text that is only whitespace dropped when it has child
/// elements.
fn finish(mut element: XmlElement) -> XmlElement {
    if element.has_elements() {
        element.children.retain(|c| match c {
            XmlNode::Text(t) => !t.chars().all(|c| matches!(c, ' ' | '\t' | '\n' | '\r')),
            XmlNode::Element(_) => true,
        });
    }
    element
}

impl<'a> XmlReader<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    fn error<T>(&self, what: &str) -> Result<T, String> {
        self.error_at(self.pos, what)
    }

    fn error_at<T>(&self, pos: usize, what: &str) -> Result<T, String> {
        let before = &self.text[..pos];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        Err(format!("{what}, at line {line}, column {column}"))
    }

    /// Skips whitespace; whether there was any.
    fn space(&mut self) -> bool {
        let rest = self.rest();
        let trimmed = rest.trim_start_matches([' ', '\t', '\n', '\r']);
        self.pos += rest.len() - trimmed.len();
        rest.len() != trimmed.len()
    }

    fn expect(&mut self, token: &str) -> Result<(), String> {
        if self.rest().starts_with(token) {
            self.pos += token.len();
            Ok(())
        } else {
            self.error(&format!("expected `{token}`"))
        }
    }

    /// The text up to `end`, which is skipped too.
    fn until(&mut self, end: &str, what: &str) -> Result<&'a str, String> {
        match self.rest().find(end) {
            Some(i) => {
                let start = self.pos;
                self.pos += i + end.len();
                Ok(&self.text[start..start + i])
            }
            None => self.error(&format!("{what} without `{end}`")),
        }
    }

    /// Whitespace, comments and processing instructions (the XML declaration among them)
    /// before or after the root element.
    fn misc(&mut self) -> Result<(), String> {
        loop {
            self.space();
            if self.rest().starts_with("<!--") {
                self.until("-->", "a comment")?;
            } else if self.rest().starts_with("<?") {
                self.until("?>", "a processing instruction")?;
            } else if self.rest().starts_with("<!") {
                return self.error("a document type declaration, which this reader does not read");
            } else {
                return Ok(());
            }
        }
    }

    fn name(&mut self) -> Result<String, String> {
        let rest = self.rest();
        let len = rest.find(ends_name).unwrap_or(rest.len());
        let name = &rest[..len];
        if name.is_empty()
            || name.starts_with(['-', '.', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
        {
            return self.error("expected a name");
        }
        self.pos += len;
        Ok(name.to_owned())
    }

    /// Decodes references in raw text (or an attribute value) starting at `start`, with line
    /// ends normalized (and, in an attribute value, literal whitespace as a space).
    fn decode(&self, raw: &str, start: usize, attribute: bool) -> Result<String, String> {
        let mut out = String::with_capacity(raw.len());
        let mut chars = raw.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '&' => {
                    let Some(len) = raw[i..].find(';') else {
                        return self.error_at(start + i, "`&` without `;`");
                    };
                    let name = &raw[i + 1..i + len];
                    match entity(name) {
                        Some(c) => out.push(c),
                        None => {
                            return self
                                .error_at(start + i, &format!("unknown reference `&{name};`"));
                        }
                    }
                    while chars.next_if(|(j, _)| *j <= i + len).is_some() {}
                }
                '\r' => {
                    chars.next_if(|(_, c)| *c == '\n');
                    out.push(if attribute { ' ' } else { '\n' });
                }
                '\n' | '\t' if attribute => out.push(' '),
                '<' if attribute => return self.error_at(start + i, "`<` in an attribute value"),
                c if !is_xml_char(c) => {
                    return self.error_at(start + i, &format!("{c:?} is not allowed in XML"));
                }
                c => out.push(c),
            }
        }
        Ok(out)
    }

    /// Reads the root element, the reader at its `<`.
    fn root(&mut self) -> Result<XmlElement, String> {
        let mut open: Vec<XmlElement> = Vec::new();
        loop {
            let rest = self.rest();
            let closed = if rest.starts_with("</") {
                let start = self.pos;
                self.pos += 2;
                let name = self.name()?;
                self.space();
                self.expect(">")?;
                let element = open.pop().expect("content is read inside an element");
                if name != element.name {
                    return self.error_at(start, &format!("`</{name}>` ends `<{}>`", element.name));
                }
                Some(finish(element))
            } else if rest.starts_with("<!--") {
                self.until("-->", "a comment")?;
                None
            } else if rest.starts_with("<![CDATA[") {
                self.pos += "<![CDATA[".len();
                let data = self.until("]]>", "a CDATA section")?;
                let data = data.replace("\r\n", "\n").replace('\r', "\n");
                push_text(open.last_mut().expect("inside an element"), &data);
                None
            } else if rest.starts_with("<?") {
                self.until("?>", "a processing instruction")?;
                None
            } else if rest.starts_with("<!") {
                return self.error("a declaration inside an element");
            } else if rest.starts_with('<') {
                let (element, empty) = self.start_tag(&open)?;
                if empty {
                    Some(finish(element))
                } else if open.len() >= XML_MAX_DEPTH {
                    return self.error("nested too deeply");
                } else {
                    open.push(element);
                    None
                }
            } else if rest.is_empty() {
                let name = &open.last().expect("inside an element").name;
                return self.error(&format!("the end of the document inside `<{name}>`"));
            } else {
                let start = self.pos;
                let len = rest.find('<').unwrap_or(rest.len());
                self.pos += len;
                let text = self.decode(&self.text[start..start + len], start, false)?;
                push_text(open.last_mut().expect("inside an element"), &text);
                None
            };
            if let Some(element) = closed {
                match open.last_mut() {
                    Some(parent) => parent.children.push(XmlNode::Element(element)),
                    None => return Ok(element),
                }
            }
        }
    }

    /// A start tag (or empty-element tag: then `true`), its names resolved in the scope of the
    /// elements it is in.
    fn start_tag(&mut self, open: &[XmlElement]) -> Result<(XmlElement, bool), String> {
        let start = self.pos;
        self.pos += 1;
        let name = self.name()?;
        let mut raw: Vec<(String, String)> = Vec::new();
        let empty = loop {
            let spaced = self.space();
            if self.rest().starts_with("/>") {
                self.pos += 2;
                break true;
            }
            if self.rest().starts_with('>') {
                self.pos += 1;
                break false;
            }
            if !spaced {
                return self.error("expected whitespace, `>` or `/>`");
            }
            let at = self.pos;
            let attribute = self.name()?;
            self.space();
            self.expect("=")?;
            self.space();
            let quote = match self.rest().chars().next() {
                Some(q @ ('"' | '\'')) => q,
                _ => return self.error("expected a quoted attribute value"),
            };
            self.pos += 1;
            let value_start = self.pos;
            let raw_value = self.until(&quote.to_string(), "an attribute value")?;
            let value = self.decode(raw_value, value_start, true)?;
            if raw.iter().any(|(n, _)| *n == attribute) {
                return self.error_at(at, &format!("the attribute `{attribute}` is given twice"));
            }
            raw.push((attribute, value));
        };
        let mut declarations = Vec::new();
        let mut attributes = Vec::new();
        for (attribute, value) in raw {
            if attribute == "xmlns" {
                declarations.push((String::new(), value));
            } else if let Some(prefix) = attribute.strip_prefix("xmlns:") {
                if value.is_empty() {
                    return self.error_at(start, &format!("`{attribute}` undeclares a prefix"));
                }
                declarations.push((prefix.to_owned(), value));
            } else {
                attributes.push((attribute, value));
            }
        }
        declarations.sort();
        let resolve = |prefix: &str| -> Result<Option<String>, String> {
            if prefix == "xml" {
                return Ok(Some(XML_NAMESPACE.to_owned()));
            }
            let scopes =
                std::iter::once(&declarations).chain(open.iter().rev().map(|e| &e.declarations));
            for scope in scopes {
                if let Some((_, uri)) = scope.iter().find(|(p, _)| p == prefix) {
                    return Ok((!uri.is_empty()).then(|| uri.clone()));
                }
            }
            if prefix.is_empty() {
                Ok(None)
            } else {
                self.error_at(start, &format!("the prefix `{prefix}` is not declared"))
            }
        };
        let split = |name: &str| -> Result<(String, String), String> {
            match name.split_once(':') {
                None => Ok((String::new(), name.to_owned())),
                Some((p, l)) if !p.is_empty() && !l.is_empty() && !l.contains(':') => {
                    Ok((p.to_owned(), l.to_owned()))
                }
                Some(_) => self.error_at(start, &format!("`{name}` is not a qualified name")),
            }
        };
        let (prefix, local) = split(&name)?;
        let namespace = resolve(&prefix)?;
        let mut resolved = Vec::with_capacity(attributes.len());
        for (attribute, value) in attributes {
            let (prefix, local) = split(&attribute)?;
            let namespace = if prefix.is_empty() {
                None
            } else {
                resolve(&prefix)?
            };
            if resolved
                .iter()
                .any(|a: &XmlAttribute| a.namespace == namespace && a.local == local)
            {
                return self.error_at(
                    start,
                    &format!("the attribute `{attribute}` is given twice"),
                );
            }
            resolved.push(XmlAttribute {
                name: attribute,
                namespace,
                local,
                value,
            });
        }
        resolved.sort_by(|a, b| (&a.namespace, &a.local).cmp(&(&b.namespace, &b.local)));
        let element = XmlElement {
            name,
            namespace,
            local,
            declarations,
            attributes: resolved,
            children: Vec::new(),
        };
        Ok((element, empty))
    }
}

/// The character of a reference's name (`lt`, `#60`, `#x3C`): the predefined entities and
/// character references (XML 1.0 §4.6, §4.1).
fn entity(name: &str) -> Option<char> {
    let code = match name {
        "lt" => return Some('<'),
        "gt" => return Some('>'),
        "amp" => return Some('&'),
        "apos" => return Some('\''),
        "quot" => return Some('"'),
        _ => match name.strip_prefix("#x") {
            Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                u32::from_str_radix(hex, 16).ok()?
            }
            Some(_) => return None,
            None => {
                let decimal = name.strip_prefix('#')?;
                if decimal.is_empty() || !decimal.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                decimal.parse().ok()?
            }
        },
    };
    char::from_u32(code).filter(|c| is_xml_char(*c))
}

/// Every difference between an actual XML element and the expected one, one line each with its
/// path (`/Root/Child[2]`, `[n]` counting the siblings of that name from 1 when there are
/// several; `/@name` an attribute); none when they are equal. Compared:
///
/// - names by namespace and local part (the prefix that names them is not compared);
/// - namespace declarations and attributes as sets (in any order), values exactly;
/// - the text of an element without child elements exactly (whitespace included; CDATA is
///   text, references decoded);
/// - child elements: the elements of each name in order, but the names in any order (members
///   of a structure: the cases do not list them in one order: `XmlNamespaceSimpleScalarProperties`
///   has `DoubleDribble` before `Nested`, declared the other way round). Elements of one name
///   that all have child elements (map entries, items of lists of structures) are matched in any
///   order: a map's entries have no order, and the cases list them in their params' order
///   (`XmlMaps` has `foo` before `baz`), which a client's sorted map does not keep. Text between
///   child elements that is not only whitespace is compared in order.
pub fn xml_differences(actual: &XmlElement, expected: &XmlElement) -> Vec<String> {
    let mut out = Vec::new();
    element_diff(actual, expected, &format!("/{}", expected.name), &mut out);
    out
}

fn element_diff(actual: &XmlElement, expected: &XmlElement, path: &str, out: &mut Vec<String>) {
    if (&actual.namespace, &actual.local) != (&expected.namespace, &expected.local) {
        out.push(format!(
            "{path}: expected {}, got {}",
            expected.expanded_name(),
            actual.expanded_name()
        ));
        return;
    }
    for (prefix, uri) in &expected.declarations {
        match actual.declarations.iter().find(|(p, _)| p == prefix) {
            Some((_, got)) if got == uri => {}
            Some((_, got)) => out.push(format!(
                "{path}/@{}: expected `{uri}`, got `{got}`",
                xmlns_name(prefix)
            )),
            None => out.push(format!(
                "{path}: the declaration {}=\"{uri}\" is missing",
                xmlns_name(prefix)
            )),
        }
    }
    for (prefix, uri) in &actual.declarations {
        if !expected.declarations.iter().any(|(p, _)| p == prefix) {
            out.push(format!(
                "{path}: the declaration {}=\"{uri}\" is not expected",
                xmlns_name(prefix)
            ));
        }
    }
    let same =
        |a: &XmlAttribute, e: &XmlAttribute| a.namespace == e.namespace && a.local == e.local;
    for e in &expected.attributes {
        match actual.attributes.iter().find(|a| same(a, e)) {
            Some(a) if a.value == e.value => {}
            Some(a) => out.push(format!(
                "{path}/@{}: expected {:?}, got {:?}",
                e.name, e.value, a.value
            )),
            None => out.push(format!(
                "{path}/@{}: missing, expected {:?}",
                e.name, e.value
            )),
        }
    }
    for a in &actual.attributes {
        if !expected.attributes.iter().any(|e| same(a, e)) {
            out.push(format!(
                "{path}/@{}: not expected, got {:?}",
                a.name, a.value
            ));
        }
    }
    if !actual.has_elements() && !expected.has_elements() {
        let (got, want) = (actual.text(), expected.text());
        if got != want {
            out.push(format!("{path}: expected the text {want:?}, got {got:?}"));
        }
        return;
    }
    // The children by local name (text as its own group), in the order the names first
    // appear; the namespaces are compared with the elements.
    fn key(node: &XmlNode) -> Option<&str> {
        match node {
            XmlNode::Element(e) => Some(e.local.as_str()),
            XmlNode::Text(_) => None,
        }
    }
    let mut keys = Vec::new();
    for node in expected.children.iter().chain(&actual.children) {
        let k = key(node);
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    for k in keys {
        let want: Vec<&XmlNode> = expected.children.iter().filter(|n| key(n) == k).collect();
        let got: Vec<&XmlNode> = actual.children.iter().filter(|n| key(n) == k).collect();
        group_diff(&got, &want, path, out);
    }
}

/// The differences between the children of one name (or the texts) of an element at `path`.
fn group_diff(actual: &[&XmlNode], expected: &[&XmlNode], path: &str, out: &mut Vec<String>) {
    let several = actual.len().max(expected.len()) > 1;
    let child_path = |node: &XmlNode, i: usize| {
        let name = match node {
            XmlNode::Element(e) => e.name.as_str(),
            XmlNode::Text(_) => "text()",
        };
        if several {
            format!("{path}/{name}[{}]", i + 1)
        } else {
            format!("{path}/{name}")
        }
    };
    let entries = actual
        .iter()
        .chain(expected)
        .all(|n| matches!(n, XmlNode::Element(e) if e.has_elements()));
    let mut unmatched_actual: Vec<usize> = (0..actual.len()).collect();
    let mut unmatched_expected = Vec::new();
    if entries {
        // Equal entries are matched first, in any order; the others are compared in order.
        for (j, e) in expected.iter().enumerate() {
            match unmatched_actual
                .iter()
                .position(|&i| node_equal(actual[i], e))
            {
                Some(p) => {
                    unmatched_actual.remove(p);
                }
                None => unmatched_expected.push(j),
            }
        }
    } else {
        unmatched_expected = (0..expected.len()).collect();
    }
    let n = unmatched_actual.len().min(unmatched_expected.len());
    let pairs: Vec<(usize, usize)> = unmatched_actual
        .drain(..n)
        .zip(unmatched_expected.drain(..n))
        .collect();
    for (i, j) in pairs {
        node_diff(actual[i], expected[j], &child_path(expected[j], j), out);
    }
    for j in unmatched_expected {
        out.push(format!(
            "{}: missing, expected {}",
            child_path(expected[j], j),
            shown_node(expected[j])
        ));
    }
    for i in unmatched_actual {
        out.push(format!(
            "{}: not expected, got {}",
            child_path(actual[i], i),
            shown_node(actual[i])
        ));
    }
}

fn node_diff(actual: &XmlNode, expected: &XmlNode, path: &str, out: &mut Vec<String>) {
    match (actual, expected) {
        (XmlNode::Element(a), XmlNode::Element(e)) => element_diff(a, e, path, out),
        (XmlNode::Text(a), XmlNode::Text(e)) if a == e => {}
        _ => out.push(format!(
            "{path}: expected {}, got {}",
            shown_node(expected),
            shown_node(actual)
        )),
    }
}

fn node_equal(actual: &XmlNode, expected: &XmlNode) -> bool {
    let mut out = Vec::new();
    node_diff(actual, expected, "", &mut out);
    out.is_empty()
}

/// A child in a message: an element as compact XML, text quoted.
fn shown_node(node: &XmlNode) -> String {
    match node {
        XmlNode::Element(e) => shown_element(e),
        XmlNode::Text(t) => format!("the text {t:?}"),
    }
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
        // Generated crates' serde has no `derive`: the impl is written out, as theirs are.
        #[derive(Debug, PartialEq)]
        struct F {
            x: f64,
        }
        impl serde::Serialize for F {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeStruct as _;
                let mut state = s.serialize_struct("F", 1)?;
                if self.x.is_nan() {
                    state.serialize_field("x", "NaN")?;
                } else {
                    state.serialize_field("x", &self.x)?;
                }
                state.end()
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
        let cbor = response_base64(200, &[("Content-Type", "application/cbor")], "v/8=");
        assert_eq!(cbor.body(), &[0xbf, 0xff]);
        let unpadded = response_base64(200, &[], "oWV2YWx1Zfl8AA");
        assert_eq!(unpadded.body(), &h("a16576616c7565f97c00"));
    }

    /// Bytes from hex digits.
    fn h(hex: &str) -> Vec<u8> {
        hex.as_bytes()
            .chunks(2)
            .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap())
            .collect()
    }

    /// The item that hex-encoded CBOR decodes to.
    fn item(hex: &str) -> Cbor {
        decode_cbor(&h(hex)).unwrap_or_else(|e| panic!("{hex}: {e}"))
    }

    /// Whether two hex-encoded CBOR items compare equal.
    fn same(a: &str, b: &str) -> bool {
        let (x, y) = (item(a), item(b));
        let equal = cbor_equal(&x, &y);
        assert_eq!(equal, cbor_differences(&x, &y).is_empty(), "{a} vs {b}");
        assert_eq!(equal, cbor_equal(&y, &x), "{a} vs {b}: not symmetric");
        equal
    }

    #[test]
    fn base64_decodes_the_rfc_4648_test_vectors() {
        // RFC 4648 §10, padded and not.
        for (text, plain) in [
            ("", ""),
            ("Zg==", "f"),
            ("Zm8=", "fo"),
            ("Zm9v", "foo"),
            ("Zm9vYg==", "foob"),
            ("Zm9vYmE=", "fooba"),
            ("Zm9vYmFy", "foobar"),
            ("Zg", "f"),
            ("Zm9vYmE", "fooba"),
        ] {
            assert_eq!(base64_decode(text).unwrap(), plain.as_bytes(), "{text}");
        }
        assert_eq!(base64_decode("v/8+").unwrap(), [0xbf, 0xff, 0x3e]);
        for bad in ["Z", "Zg=", "Zg===", "Zm9v!", "Zm-_", "Zm9=v"] {
            assert!(base64_decode(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn cbor_decodes_the_rfc_8949_appendix_a_examples() {
        // RFC 8949 Appendix A: encoded bytes and the diagnostic notation of the item (ours
        // writes floats as Rust does and no encoding indicators such as `_`).
        for (hex, diagnostic) in [
            ("00", "0"),
            ("17", "23"),
            ("1818", "24"),
            ("1903e8", "1000"),
            ("1b000000e8d4a51000", "1000000000000"),
            ("1bffffffffffffffff", "18446744073709551615"),
            ("c249010000000000000000", "2(h'010000000000000000')"),
            ("3bffffffffffffffff", "-18446744073709551616"),
            ("20", "-1"),
            ("3903e7", "-1000"),
            ("f90000", "0.0"),
            ("f98000", "-0.0"),
            ("f93c00", "1.0"),
            ("fb3ff199999999999a", "1.1"),
            ("f93e00", "1.5"),
            ("f97bff", "65504.0"),
            ("fa47c35000", "100000.0"),
            ("fa7f7fffff", "3.4028234663852886e38"),
            ("fb7e37e43c8800759c", "1e300"),
            ("f90001", "5.960464477539063e-8"),
            ("f90400", "6.103515625e-5"),
            ("f9c400", "-4.0"),
            ("f97c00", "Infinity"),
            ("f97e00", "NaN"),
            ("f9fc00", "-Infinity"),
            ("fa7fc00000", "NaN"),
            ("fbfff0000000000000", "-Infinity"),
            ("f4", "false"),
            ("f5", "true"),
            ("f6", "null"),
            ("f7", "undefined"),
            ("f0", "simple(16)"),
            ("f8ff", "simple(255)"),
            ("c11a514b67b0", "1(1363896240)"),
            ("c1fb41d452d9ec200000", "1(1363896240.5)"),
            ("d74401020304", "23(h'01020304')"),
            (
                "d82076687474703a2f2f7777772e6578616d706c652e636f6d",
                "32(\"http://www.example.com\")",
            ),
            ("40", "h''"),
            ("60", "\"\""),
            ("62225c", "\"\\\"\\\\\""),
            ("62c3bc", "\"ü\""),
            ("64f0908591", "\"𐅑\""),
            ("8301820203820405", "[1, [2, 3], [4, 5]]"),
            ("a201020304", "{1: 2, 3: 4}"),
            ("826161a161626163", "[\"a\", {\"b\": \"c\"}]"),
            ("5f42010243030405ff", "h'0102030405'"),
            ("7f657374726561646d696e67ff", "\"streaming\""),
            ("9fff", "[]"),
            ("9f018202039f0405ffff", "[1, [2, 3], [4, 5]]"),
            ("bf61610161629f0203ffff", "{\"a\": 1, \"b\": [2, 3]}"),
            ("bf6346756ef563416d7421ff", "{\"Fun\": true, \"Amt\": -2}"),
        ] {
            assert_eq!(item(hex).to_string(), diagnostic, "{hex}");
        }
    }

    #[test]
    fn cbor_integers_and_floats_compare_by_value_whatever_their_width() {
        // 1 as in Appendix A (0x01) and in every longer argument (§3: 1, 2, 4 and 8 bytes).
        for longer in ["1801", "190001", "1a00000001", "1b0000000000000001"] {
            assert!(same("01", longer), "{longer}");
        }
        assert!(same("3903e7", "3a000003e7")); // -1000
        // Appendix A: 1.0 as a half, and as a single and double; 100000.0 as a single and a
        // double; the three widths of Infinity and NaN.
        assert!(same("f93c00", "fa3f800000"));
        assert!(same("f93c00", "fb3ff0000000000000"));
        assert!(same("fa47c35000", "fb40f86a0000000000"));
        assert!(same("f97c00", "fa7f800000") && same("f97c00", "fb7ff0000000000000"));
        assert!(same("f97e00", "fa7fc00000") && same("f97e00", "fb7ff8000000000000"));
        // Smithy's RpcV2CborFloat16LSBNaN: another half NaN payload is NaN all the same.
        assert!(same("f97c01", "f97e00"));
        // The smallest half subnormal (Appendix A: 5.960464477539063e-8) is exact.
        assert!(same("f90001", "fb3e70000000000000"));
        assert!(!same("fb3ff199999999999a", "fa3f8ccccd")); // 1.1 does not fit a single
        assert!(!same("f97c00", "f9fc00")); // Infinity, -Infinity
        // An integer equals a float of the same value (RFC 8949 A: 01 is 1, f93c00 is 1.0).
        assert!(same("01", "f93c00"));
        assert!(same("c100", "c1fb0000000000000000")); // 1(0) and 1(0.0)
        assert!(!same("01", "f93e00")); // 1 and 1.5
        assert!(!same("1bffffffffffffffff", "fb43f0000000000000")); // 2^64 - 1 and 2^64
        assert!(!same("01", "02"));
    }

    #[test]
    fn cbor_lengths_order_and_tags() {
        // Appendix A pairs: indefinite and definite encodings of the same items.
        assert!(same("9fff", "80"));
        assert!(same("9f018202039f0405ffff", "8301820203820405"));
        assert!(same("83018202039f0405ff", "9f01820203820405ff"));
        assert!(same("bf61610161629f0203ffff", "a26161016162820203"));
        assert!(same("bf6346756ef563416d7421ff", "a26346756ef563416d7421"));
        assert!(same("5f42010243030405ff", "450102030405"));
        assert!(same("7f657374726561646d696e67ff", "6973747265616d696e67"));
        // Maps are unordered: {"a": 1, "b": [2, 3]} and {"b": [2, 3], "a": 1}.
        assert!(same("a26161016162820203", "a26162820203616101"));
        assert!(!same("a26161016162820203", "a26161016162820204"));
        // Arrays are ordered.
        assert!(!same("83010203", "83030201"));
        // Tags: the number and the content (Appendix A's 1(1363896240)).
        assert!(same("c11a514b67b0", "c1fb41d452d9ec000000")); // 1(1363896240.0)
        assert!(!same("c11a514b67b0", "c01a514b67b0"));
        assert!(!same("c11a514b67b0", "1a514b67b0"));
        // Bytes and text, null and undefined, false and 0 are not alike.
        assert!(!same("4449455446", "6449455446"));
        assert!(!same("f6", "f7"));
        assert!(!same("f4", "00"));
    }

    #[test]
    fn cbor_differences_name_the_path_and_both_values() {
        let diff = |actual: &str, expected: &str| cbor_differences(&item(actual), &item(expected));
        // {"a": 1, "b": [2, 4]} against {"a": 1, "b": [2, 3]}.
        assert_eq!(
            diff("a26161016162820204", "a26161016162820203"),
            ["$.b[1]: expected 3, got 4"]
        );
        // {"a": 1} against {"a": 1, "b": [2, 3]}, and the reverse.
        assert_eq!(
            diff("a1616101", "a26161016162820203"),
            ["$.b: missing, expected [2, 3]"]
        );
        assert_eq!(
            diff("a26161016162820203", "a1616101"),
            ["$.b: not expected, got [2, 3]"]
        );
        // [1, 2] against [1, 2, 3]; 1(1363896240) against 1(1363896240.5); {1: 2} against
        // {1: 3}; 1 against 1.5.
        assert_eq!(diff("820102", "83010203"), ["$: expected 3 items, got 2"]);
        assert_eq!(
            diff("c11a514b67b0", "c1fb41d452d9ec200000"),
            ["$<tag 1>: expected 1363896240.5, got 1363896240"]
        );
        assert_eq!(diff("a10102", "a10103"), ["$[1]: expected 3, got 2"]);
        assert_eq!(diff("01", "f93e00"), ["$: expected 1.5, got 1"]);
    }

    #[test]
    fn cbor_decoding_rejects_what_is_not_well_formed() {
        // RFC 8949 Appendix F.1 examples: end of input in a head, too little data for a
        // definite length, reserved additional information, indefinite lengths for major types
        // 0, 1, 6 and 7 (a break outside), chunks of another type or indefinite, two-byte simple
        // values below 32, breaks missing or inside a map entry; then bytes after the item and
        // text that is not UTF-8.
        for hex in [
            "18",
            "1901",
            "1b01020304050607",
            "41",
            "61",
            "5affffffff00",
            "8201",
            "a20102",
            "1c",
            "3d",
            "5e",
            "7c",
            "fd",
            "1f",
            "3f",
            "df",
            "ff",
            "5f00ff",
            "5f21ff",
            "5f6100ff",
            "5f5f4100ffff",
            "7f4100ff",
            "f800",
            "f818",
            "f81f",
            "9f",
            "9f0102",
            "bf",
            "bf01020102",
            "bf00ff",
            "a100",
            "0000",
            "62c328",
        ] {
            assert!(decode_cbor(&h(hex)).is_err(), "{hex} decodes");
        }
        assert!(decode_cbor(&[0x81; 1000]).is_err()); // nested too deeply
        assert!(decode_cbor(&[]).is_err());
    }

    #[test]
    fn form_pairs_decode_as_the_whatwg_parser_does() {
        let pairs = |body: &str| -> Vec<(String, String)> {
            form_pairs(body.as_bytes())
                .into_iter()
                .map(|(k, v)| (String::from_utf8(k).unwrap(), String::from_utf8(v).unwrap()))
                .collect()
        };
        let pair = |k: &str, v: &str| (k.to_owned(), v.to_owned());
        // QueryTimestampsInput: `%3A` is `:`; QuerySimpleInputParamsBlob: `%3D` is `=`.
        assert_eq!(
            pairs("normalFormat=2015-01-25T08%3A00%3A00Z&Qux=dmFsdWU%3D"),
            [
                pair("normalFormat", "2015-01-25T08:00:00Z"),
                pair("Qux", "dmFsdWU=")
            ]
        );
        // EmptyQueryLists: `ListArg=`, an empty value, as `ListArg` alone reads.
        assert_eq!(pairs("ListArg="), [pair("ListArg", "")]);
        assert_eq!(pairs("ListArg"), [pair("ListArg", "")]);
        // `+` is a space, `%2B` a plus; empty sequences are skipped; the first `=` splits.
        assert_eq!(
            pairs("a+b=c%2Bd&&e=f=g&h=%zz%4"),
            [pair("a b", "c+d"), pair("e", "f=g"), pair("h", "%zz%4")]
        );
        assert_eq!(form_pairs(b"k=%FF"), [(b"k".to_vec(), vec![0xff])]);
    }

    #[test]
    fn form_bodies_compare_as_pairs_in_any_order() {
        let form = Some("application/x-www-form-urlencoded");
        // QuerySimpleQueryMaps, its pairs in another order and escaped otherwise.
        let body = "Action=QueryMaps&Version=2020-01-08&MapArg.entry.1.key=bar\
                    &MapArg.entry.1.value=Bar&MapArg.entry.2.key=foo&MapArg.entry.2.value=Foo";
        let reordered = "Version=2020-01-08&MapArg.entry.2.value=Foo&Action=QueryMaps\
                         &MapArg.entry.1.key=bar&MapArg.entry.2.key=f%6Fo&MapArg.entry.1.value=Bar";
        assert!(compare_body(reordered.as_bytes(), body, form).is_ok());
        assert!(compare_body(reordered.as_bytes(), body, None).is_err()); // bytes
        // The indices are part of the names: the map's entries swapped are other pairs.
        let swapped = "Action=QueryMaps&Version=2020-01-08&MapArg.entry.1.key=foo\
                       &MapArg.entry.1.value=Foo&MapArg.entry.2.key=bar&MapArg.entry.2.value=Bar";
        assert_eq!(
            form_differences(swapped.as_bytes(), body.as_bytes()).len(),
            4
        );
        // QuerySimpleInputParamsBlob with the `=` unescaped: the same pair.
        let blob = "Action=SimpleInputParams&Version=2020-01-08&Qux=dmFsdWU%3D";
        assert!(
            compare_body(
                b"Action=SimpleInputParams&Version=2020-01-08&Qux=dmFsdWU=",
                blob,
                form
            )
            .is_ok()
        );
        // QuerySimpleInputParamsStrings: a value changed, a pair missing, one too many, one
        // sent twice.
        let strings = "Action=SimpleInputParams&Version=2020-01-08&Foo=val1&Bar=val2";
        assert_eq!(
            form_differences(
                b"Action=SimpleInputParams&Version=2020-01-08&Foo=val3&Baz=true&Version=2020-01-08",
                strings.as_bytes()
            ),
            [
                "`Foo`: expected `val1`, got `val3`",
                "missing `Bar=val2`",
                "not expected `Baz=true`",
                "not expected `Version=2020-01-08`",
            ]
        );
        let message = compare_body(b"Action=SimpleInputParams", strings, form).unwrap_err();
        assert!(message.contains("missing `Foo=val1`"), "{message}");
        assert!(message.contains("in any order"), "{message}");
        // Ec2EmptyQueryLists sends no `ListArg`, EmptyQueryLists an empty one.
        assert!(
            compare_body(
                b"Action=QueryLists&Version=2020-01-08&ListArg=",
                "Action=QueryLists&Version=2020-01-08",
                form
            )
            .is_err()
        );
    }

    fn xml(text: &str) -> XmlElement {
        parse_xml(text.as_bytes()).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    /// The differences between two XML texts, checked to be none both ways or some both ways.
    fn xml_diff(actual: &str, expected: &str) -> Vec<String> {
        let (a, e) = (xml(actual), xml(expected));
        let differences = xml_differences(&a, &e);
        assert_eq!(
            differences.is_empty(),
            xml_differences(&e, &a).is_empty(),
            "{actual} vs {expected}: not symmetric"
        );
        differences
    }

    fn xml_same(actual: &str, expected: &str) -> bool {
        xml_diff(actual, expected).is_empty()
    }

    #[test]
    fn xml_reads_the_spec_examples() {
        // XML 1.0 §2.7: a CDATA section is character data.
        let cdata = xml("<p><![CDATA[<greeting>Hello, world!</greeting>]]></p>");
        assert_eq!(cdata.text(), "<greeting>Hello, world!</greeting>");
        assert!(xml_same(
            "<p>&lt;greeting>Hello, world!&lt;/greeting></p>",
            "<p><![CDATA[<greeting>Hello, world!</greeting>]]></p>"
        ));
        // §4.6 and §4.1: the predefined entities and character references.
        let text = xml("<t>&lt;&gt;&amp;&apos;&quot;&#60;&#x3C;&#x1F600;</t>").text();
        assert_eq!(text, "<>&'\"<<😀");
        // §2.11: line ends are `\n`; §3.3.3: literal whitespace in an attribute is a space,
        // a character reference is itself.
        assert_eq!(xml("<t>a\r\nb\rc</t>").text(), "a\nb\nc");
        let a = xml("<t a=\"x\ty\r\nz&#10;\"/>");
        assert_eq!(a.attributes[0].value, "x y z\n");
        // §3.1: an empty-element tag and a start and end tag with nothing between are alike;
        // attributes in any order, with either quote, whitespace around `=`.
        assert!(xml_same(
            "<IMG align=\"left\" src=\"http://www.w3.org/Icons/WWW/w3c_home\" />",
            "<IMG src = 'http://www.w3.org/Icons/WWW/w3c_home' align='left'></IMG>"
        ));
        // §2.8 and §2.5: the XML declaration, comments and processing instructions are not
        // content; nor is a byte order mark.
        assert!(xml_same(
            "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- c --><a>x<!-- y -->z<?pi?>\
             </a>\n",
            "<a>xz</a>"
        ));
        // Namespaces in XML 1.0 §6.1: prefixes resolve to their declarations, the default
        // namespace to unprefixed elements.
        let scoped = xml(
            "<x xmlns:edi='http://ecommerce.example.org/schema'><edi:price units='Euro'>32.18\
             </edi:price></x>",
        );
        let XmlNode::Element(price) = &scoped.children[0] else {
            panic!("{scoped:?}")
        };
        assert_eq!(price.local, "price");
        assert_eq!(
            price.namespace.as_deref(),
            Some("http://ecommerce.example.org/schema")
        );
        assert_eq!(scoped.namespace, None);
        let default = xml("<html xmlns='http://www.w3.org/1999/xhtml'><head/></html>");
        let XmlNode::Element(head) = &default.children[0] else {
            panic!("{default:?}")
        };
        assert_eq!(
            head.namespace.as_deref(),
            Some("http://www.w3.org/1999/xhtml")
        );
        // §6.3: `a` and `n1:a` are two attributes.
        assert_eq!(
            xml("<x xmlns:n1='http://www.w3.org'><good a='1' n1:a='2'/></x>")
                .children
                .len(),
            1
        );
    }

    #[test]
    fn xml_rejects_what_is_not_well_formed() {
        for bad in [
            "",
            "text",
            "<a>",
            "<a></b>",
            "<a><b></a></b>",
            "<a/><b/>",
            "<a/>text",
            "<a b='1' b='2'/>",
            "<a b=1/>",
            "<a b='<'/>",
            "<a>&nbsp;</a>",
            "<a>&#0;</a>",
            "<a>&#xD800;</a>",
            "<a>&amp</a>",
            "<a>\u{1}</a>",
            "<p:a/>",
            "<a xmlns:p=''/>",
            "<a:b:c xmlns:a='u'/>",
            // Namespaces in XML 1.0 §6.3: two attributes of one expanded name.
            "<x xmlns:n1='http://www.w3.org' xmlns:n2='http://www.w3.org'><bad n1:a='1' n2:a='2'/>\
             </x>",
            "<!DOCTYPE a><a/>",
            "<a><!-- c </a>",
            "<a><![CDATA[x</a>",
            "</a>",
        ] {
            assert!(parse_xml(bad.as_bytes()).is_err(), "{bad:?} parses");
        }
        assert!(parse_xml(&[b'<', b'a', b'>', 0xff, b'<', b'/', b'a', b'>']).is_err());
        assert!(parse_xml("<a>".repeat(1000).as_bytes()).is_err()); // nested too deeply
        let message = parse_xml(b"<a>\n  <b></c>\n</a>").unwrap_err();
        assert_eq!(message, "`</c>` ends `<b>`, at line 2, column 6");
    }

    #[test]
    fn xml_whitespace_is_content_only_inside_text() {
        // XmlAttributes, pretty-printed as in the case and compact as a client writes it.
        let case =
            "<XmlAttributesRequest test=\"test\">\n    <foo>hi</foo>\n</XmlAttributesRequest>\n";
        assert!(xml_same(
            "<XmlAttributesRequest test=\"test\"><foo>hi</foo></XmlAttributesRequest>",
            case
        ));
        // SimpleScalarPropertiesWithWhiteSpace and SimpleScalarPropertiesPureWhiteSpace: the
        // text of an element without child elements is compared whole.
        let spaced = "<SimpleScalarPropertiesRequest>\n    <stringValue>  string with white    \
                      space  </stringValue>\n</SimpleScalarPropertiesRequest>\n";
        assert!(xml_same(
            "<SimpleScalarPropertiesRequest><stringValue>  string with white    space  \
             </stringValue></SimpleScalarPropertiesRequest>",
            spaced
        ));
        assert_eq!(
            xml_diff(
                "<SimpleScalarPropertiesRequest><stringValue>string with white space</stringValue>\
                 </SimpleScalarPropertiesRequest>",
                spaced
            ),
            [
                "/SimpleScalarPropertiesRequest/stringValue: expected the text \"  string with \
                 white    space  \", got \"string with white space\""
            ]
        );
        let pure = "<SimpleScalarPropertiesRequest>\n    <stringValue>   </stringValue>\n\
                    </SimpleScalarPropertiesRequest>\n";
        assert!(!xml_same(
            "<SimpleScalarPropertiesRequest><stringValue/></SimpleScalarPropertiesRequest>",
            pure
        ));
        // XmlEmptyStrings: `<emptyString></emptyString>` is `<emptyString/>`.
        assert!(xml_same(
            "<XmlEmptyStringsRequest><emptyString/></XmlEmptyStringsRequest>",
            "<XmlEmptyStringsRequest>\n    <emptyString></emptyString>\n</XmlEmptyStringsRequest>\n"
        ));
        // SimpleScalarPropertiesWithEscapedCharacter and XmlAttributesWithEscaping: escaped
        // otherwise, the same text.
        assert!(xml_same(
            "<SimpleScalarPropertiesRequest><stringValue>&#60;string&#x3e;</stringValue>\
             </SimpleScalarPropertiesRequest>",
            "<SimpleScalarPropertiesRequest>\n    <stringValue>&lt;string&gt;</stringValue>\n\
             </SimpleScalarPropertiesRequest>\n"
        ));
        assert!(xml_same(
            "<XmlAttributesRequest test='&lt;test&amp;mock>'><foo>hi</foo></XmlAttributesRequest>",
            "<XmlAttributesRequest test=\"&lt;test&amp;mock&gt;\">\n    <foo>hi</foo>\n\
             </XmlAttributesRequest>\n"
        ));
        // SimpleScalarPropertiesWithXMLPreamble's content: CDATA between elements is text.
        let preamble = xml(
            "<?xml version = \"1.0\" encoding = \"UTF-8\"?>\n<R>\n    <![CDATA[characters \
             representing CDATA]]>\n    <stringValue>string</stringValue>\n    <!--xml \
             comment-->\n</R>\n",
        );
        assert_eq!(preamble.children.len(), 2);
        assert_eq!(preamble.text(), "\n    characters representing CDATA\n    ");
    }

    #[test]
    fn xml_names_compare_by_namespace_and_declarations_as_sets() {
        // XmlNamespaces as the case writes it, and compact as a client writes it.
        let case = "<XmlNamespacesRequest xmlns=\"http://foo.com\">\n    <nested>\n        <foo \
                    xmlns:baz=\"http://baz.com\">Foo</foo>\n        <values \
                    xmlns=\"http://qux.com\">\n            <member xmlns=\"http://bux.com\">Bar\
                    </member>\n            <member xmlns=\"http://bux.com\">Baz</member>\n        \
                    </values>\n    </nested>\n</XmlNamespacesRequest>\n";
        let compact = "<XmlNamespacesRequest xmlns=\"http://foo.com\"><nested><foo \
                       xmlns:baz=\"http://baz.com\">Foo</foo><values xmlns=\"http://qux.com\">\
                       <member xmlns=\"http://bux.com\">Bar</member><member \
                       xmlns=\"http://bux.com\">Baz</member></values></nested>\
                       </XmlNamespacesRequest>";
        assert!(xml_same(compact, case));
        // A declaration missing, one more, and a member in another namespace.
        let other = "<XmlNamespacesRequest xmlns=\"http://foo.com\"><nested \
                     xmlns:x=\"http://x.com\"><foo>Foo</foo><values xmlns=\"http://qux.com\">\
                     <member xmlns=\"http://bux.com\">Bar</member><member>Baz</member></values>\
                     </nested></XmlNamespacesRequest>";
        assert_eq!(
            xml_diff(other, case),
            [
                "/XmlNamespacesRequest/nested: the declaration xmlns:x=\"http://x.com\" is not \
                 expected",
                "/XmlNamespacesRequest/nested/foo: the declaration xmlns:baz=\"http://baz.com\" \
                 is missing",
                "/XmlNamespacesRequest/nested/values/member[2]: expected <member> (namespace \
                 `http://bux.com`), got <member> (namespace `http://qux.com`)",
            ]
        );
        // HttpPayloadWithXmlNamespaceAndPrefix: the unused prefix's declaration is compared.
        let prefixed = "<PayloadWithXmlNamespaceAndPrefix xmlns:baz=\"http://foo.com\">\n    \
                        <name>Phreddy</name>\n</PayloadWithXmlNamespaceAndPrefix>";
        assert!(xml_same(
            "<PayloadWithXmlNamespaceAndPrefix xmlns:baz='http://foo.com'><name>Phreddy</name>\
             </PayloadWithXmlNamespaceAndPrefix>",
            prefixed
        ));
        assert!(!xml_same(
            "<PayloadWithXmlNamespaceAndPrefix><name>Phreddy</name>\
             </PayloadWithXmlNamespaceAndPrefix>",
            prefixed
        ));
        // XmlNamespaceSimpleScalarProperties' `Nested`: a prefixed attribute is named by its
        // namespace, whatever the prefix (but the declarations differ then).
        let nested =
            "<Nested xmlns:xsi=\"https://example.com\" xsi:someName=\"nestedAttrValue\"></Nested>";
        assert!(xml_same(
            "<Nested xsi:someName='nestedAttrValue' xmlns:xsi='https://example.com'/>",
            nested
        ));
        assert_eq!(
            xml_diff(
                "<Nested xmlns:xsi=\"https://example.com\" xsi:someName=\"other\"/>",
                nested
            ),
            ["/Nested/@xsi:someName: expected \"nestedAttrValue\", got \"other\""]
        );
        assert_eq!(
            xml_diff(
                "<Nested xmlns:xsi=\"https://example.com\" someName=\"nestedAttrValue\"/>",
                nested
            ),
            [
                "/Nested/@xsi:someName: missing, expected \"nestedAttrValue\"",
                "/Nested/@someName: not expected, got \"nestedAttrValue\"",
            ]
        );
        // The root's name.
        assert_eq!(
            xml_diff("<Other/>", "<Root/>"),
            ["/Root: expected <Root> (no namespace), got <Other> (no namespace)"]
        );
    }

    #[test]
    fn xml_children_compare_in_order_per_name() {
        // XmlNamespaceSimpleScalarProperties lists `DoubleDribble` before `Nested`, the model
        // the other way round: members compare in any order.
        assert!(xml_same(
            "<R><floatValue>5.5</floatValue><Nested/><DoubleDribble>6.5</DoubleDribble></R>",
            "<R>\n    <floatValue>5.5</floatValue>\n    <DoubleDribble>6.5</DoubleDribble>\n    \
             <Nested></Nested>\n</R>\n"
        ));
        // XmlLists: the members of a list in order.
        let lists = "<XmlListsRequest>\n    <stringList>\n        <member>foo</member>\n        \
                     <member>bar</member>\n    </stringList>\n    <flattenedList>hi\
                     </flattenedList>\n    <flattenedList>bye</flattenedList>\n\
                     </XmlListsRequest>\n";
        assert!(xml_same(
            "<XmlListsRequest><stringList><member>foo</member><member>bar</member></stringList>\
             <flattenedList>hi</flattenedList><flattenedList>bye</flattenedList></XmlListsRequest>",
            lists
        ));
        assert_eq!(
            xml_diff(
                "<XmlListsRequest><stringList><member>bar</member><member>foo</member>\
                 </stringList><flattenedList>bye</flattenedList><flattenedList>hi</flattenedList>\
                 </XmlListsRequest>",
                lists
            ),
            [
                "/XmlListsRequest/stringList/member[1]: expected the text \"foo\", got \"bar\"",
                "/XmlListsRequest/stringList/member[2]: expected the text \"bar\", got \"foo\"",
                "/XmlListsRequest/flattenedList[1]: expected the text \"hi\", got \"bye\"",
                "/XmlListsRequest/flattenedList[2]: expected the text \"bye\", got \"hi\"",
            ]
        );
        assert_eq!(
            xml_diff(
                "<XmlListsRequest><stringList><member>foo</member></stringList><flattenedList>hi\
                 </flattenedList><flattenedList>bye</flattenedList><extra/></XmlListsRequest>",
                lists
            ),
            [
                "/XmlListsRequest/stringList/member[2]: missing, expected <member>bar</member>",
                "/XmlListsRequest/extra: not expected, got <extra/>",
            ]
        );
        // XmlMaps lists `foo` before `baz`; a client with sorted maps writes `baz` first. Its
        // entries compare in any order, their content in full.
        let maps = "<XmlMapsRequest>\n    <myMap>\n        <entry>\n            <key>foo\
                    </key>\n            <value>\n                <hi>there</hi>\n            \
                    </value>\n        </entry>\n        <entry>\n            <key>baz\
                    </key>\n            <value>\n                <hi>bye</hi>\n            \
                    </value>\n        </entry>\n    </myMap>\n</XmlMapsRequest>\n";
        assert!(xml_same(
            "<XmlMapsRequest><myMap><entry><key>baz</key><value><hi>bye</hi></value></entry>\
             <entry><key>foo</key><value><hi>there</hi></value></entry></myMap></XmlMapsRequest>",
            maps
        ));
        assert_eq!(
            xml_diff(
                "<XmlMapsRequest><myMap><entry><key>baz</key><value><hi>bye</hi></value></entry>\
                 <entry><key>foo</key><value><hi>here</hi></value></entry></myMap>\
                 </XmlMapsRequest>",
                maps
            ),
            ["/XmlMapsRequest/myMap/entry[1]/value/hi: expected the text \"there\", got \"here\""]
        );
        // FlattenedXmlMap: flattened entries too.
        assert!(xml_same(
            "<FlattenedXmlMapRequest><myMap><key>baz</key><value>Baz</value></myMap><myMap>\
             <key>foo</key><value>Foo</value></myMap></FlattenedXmlMapRequest>",
            "<FlattenedXmlMapRequest>\n    <myMap>\n        <key>foo</key>\n        <value>Foo\
             </value>\n    </myMap>\n    <myMap>\n        <key>baz</key>\n        <value>Baz\
             </value>\n    </myMap>\n</FlattenedXmlMapRequest>"
        ));
        // Text between elements that is not only whitespace is compared.
        assert!(!xml_same("<a>x<b/></a>", "<a>y<b/></a>"));
        assert!(!xml_same("<a><b/></a>", "<a>y<b/></a>"));
        assert!(!xml_same("<a>text</a>", "<a><b/></a>"));
    }

    #[test]
    fn xml_bodies_compare_structurally() {
        let xml_type = Some("application/xml");
        // XmlTimestamps as the case writes it (a text block: indented, a final newline).
        let case = "<XmlTimestampsRequest>\n    <normal>2014-04-29T18:30:38Z</normal>\n\
                    </XmlTimestampsRequest>\n";
        let compact =
            b"<XmlTimestampsRequest><normal>2014-04-29T18:30:38Z</normal></XmlTimestampsRequest>";
        assert!(compare_body(compact, case, xml_type).is_ok());
        assert!(compare_body(compact, case, Some("text/xml; charset=utf-8")).is_ok());
        assert!(compare_body(compact, case, None).is_err()); // bytes
        // RestXmlEndpointTraitWithHostLabelAndHttpBinding: an empty body.
        assert!(compare_body(b"", "", xml_type).is_ok());
        assert!(compare_body(compact, "", xml_type).is_err());
        let message = compare_body(
            b"<XmlTimestampsRequest><normal>2014-04-29T18:30:39Z</normal></XmlTimestampsRequest>",
            case,
            xml_type,
        )
        .unwrap_err();
        assert!(
            message.contains(
                "/XmlTimestampsRequest/normal: expected the text \
                              \"2014-04-29T18:30:38Z\", got \"2014-04-29T18:30:39Z\""
            ),
            "{message}"
        );
        let message = compare_body(b"<XmlTimestampsRequest>", case, xml_type).unwrap_err();
        assert!(message.starts_with("body: not XML ("), "{message}");
        assert!(
            compare_body(compact, "<a>", xml_type)
                .unwrap_err()
                .starts_with("body: the case's XML does not parse")
        );
        // The elements as compact XML, escaped.
        assert_eq!(
            xml("<a xmlns:p='u' p:b='&quot;&#10;'>\n  <c>&lt;&amp;</c>\n</a>").to_string(),
            "<a xmlns:p=\"u\" p:b=\"&quot;&#xA;\"><c>&lt;&amp;</c></a>"
        );
    }

    #[test]
    fn cbor_bodies_compare_structurally() {
        let cbor = Some("application/cbor");
        // "v/8=" is 0xbfff, an empty indefinite-length map: equal to the definite 0xa0.
        assert!(compare_body(&[0xa0], "v/8=", cbor).is_ok());
        assert!(compare_body(&[0xbf, 0xff], "v/8=", Some("Application/CBOR; x=y")).is_ok());
        assert!(compare_body(&[0xa0], "v/8=", None).is_err()); // bytes, then
        assert!(compare_body(b"", "", cbor).is_ok());
        assert!(compare_body(&[0xa0], "", cbor).is_err());
        assert!(compare_body(b"", "v/8=", cbor).is_err());
        assert!(compare_body(&[0xa0, 0x00], "v/8=", cbor).is_err());
        assert!(compare_body(&[0xa0], "not base64!", cbor).is_err());
        // Smithy's RpcV2CborFloat16Inf body, {"value": Infinity} with a half, and the same with
        // a double; then with 1.0.
        let body = "oWV2YWx1Zfl8AA==";
        assert!(compare_body(&h("a16576616c7565fb7ff0000000000000"), body, cbor).is_ok());
        let message = compare_body(&h("a16576616c7565f93c00"), body, cbor).unwrap_err();
        assert!(
            message.contains("$.value: expected Infinity, got 1.0"),
            "{message}"
        );
        let r = http::Request::post("/service/S/operation/Op")
            .header("Content-Type", "application/cbor")
            .body(vec![0xa0])
            .unwrap();
        let expected = ExpectedRequest {
            method: "POST",
            uri: "/service/S/operation/Op",
            headers: &[
                ("Content-Type", "application/cbor"),
                ("Content-Length", "1"),
            ],
            body: Some("v/8="),
            body_media_type: cbor,
            ..ExpectedRequest::default()
        };
        assert_eq!(request_problems(&r, &expected), Vec::<String>::new());
        assert_eq!(show_body(&[0xa0], cbor), "CBOR {}");
    }
}
