//! HTTP support of generated crates (`http_support.rs`): the request and response errors, URI
//! encoding, header text, error-code dispatch and response parsing that names the failing
//! member. The generator inlines the items a crate uses, with its own module header.

/// Why a request could not be built from an input.
#[derive(Debug)]
#[non_exhaustive]
pub enum RequestError {
    /// An `@httpLabel` member is empty: the request would go to the wrong resource.
    EmptyLabel {
        /// The member's name in the model.
        member: &'static str,
    },
    /// A header member holds a value that HTTP cannot carry (a control character).
    InvalidHeader {
        /// The member's name in the model.
        member: &'static str,
    },
    /// The JSON body could not be written.
    Body(::serde_json::Error),
    /// The `http` crate rejected the request parts.
    Http(::http::Error),
}

impl ::std::fmt::Display for RequestError {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            Self::EmptyLabel { member } => write!(f, "the URI label `{member}` is empty"),
            Self::InvalidHeader { member } => write!(f, "the header member `{member}` holds a value HTTP cannot carry"),
            Self::Body(e) => write!(f, "cannot serialize the request body: {e}"),
            Self::Http(e) => write!(f, "cannot build the request: {e}"),
        }
    }
}

impl ::std::error::Error for RequestError {
    fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
        match self {
            Self::Body(e) => Some(e),
            Self::Http(e) => Some(e),
            Self::EmptyLabel { .. } | Self::InvalidHeader { .. } => None,
        }
    }
}

/// A response that does not match the model: not JSON, or a member of the wrong type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidResponse {
    /// The HTTP status of the response.
    pub status: u16,
    /// The error code when the response was an error, else the status as text.
    pub code: ::std::string::String,
    /// Where in the body the problem is (`membership.createTime`), empty for the whole body.
    pub path: ::std::string::String,
    /// What is wrong there.
    pub message: ::std::string::String,
}

impl ::std::fmt::Display for InvalidResponse {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        if self.path.is_empty() || self.path == "." {
            write!(f, "invalid response body (HTTP {}): {}", self.status, self.message)
        } else {
            write!(f, "invalid response body (HTTP {}) at `{}`: {}", self.status, self.path, self.message)
        }
    }
}

impl ::std::error::Error for InvalidResponse {}

/// An error response the operation does not model: an unknown code, or a generic HTTP failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnhandledError {
    /// The HTTP status.
    pub status: u16,
    /// The error code (`x-amzn-ErrorType`, else the body's `code`, `__type` or `Code`, else the
    /// status).
    pub code: ::std::string::String,
    /// The error message, when the response has one.
    pub message: ::std::option::Option<::std::string::String>,
    /// The raw body.
    pub body: ::std::vec::Vec<u8>,
}

impl ::std::fmt::Display for UnhandledError {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        write!(f, "{} (HTTP {})", self.code, self.status)?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl ::std::error::Error for UnhandledError {}

/// A modeled error as a response carried it: the model's error structure, and what the response
/// said beside it (a structure without a `message` member, such as S3's `NoSuchKey {}`, has
/// nowhere else to keep `<Message>`). Dereferences to the structure.
#[derive(Debug, Clone, PartialEq)]
pub struct ModeledError<E> {
    /// The error structure, read from the response.
    pub error: E,
    /// The HTTP status.
    pub status: u16,
    /// The response's error message (the body's `message` or `Message`, XML's `<Message>`),
    /// when it has one.
    pub message: ::std::option::Option<::std::string::String>,
}

impl<E> ::std::ops::Deref for ModeledError<E> {
    type Target = E;

    fn deref(&self) -> &E {
        &self.error
    }
}

/// The structure's display, then `: ` and the response's message unless the structure already
/// shows it (a structure without a `message` member shows only its name).
impl<E: ::std::fmt::Display> ::std::fmt::Display for ModeledError<E> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        let shown = self.error.to_string();
        f.write_str(&shown)?;
        match &self.message {
            Some(message) if !message.is_empty() && !shown.contains(message.as_str()) => write!(f, ": {message}"),
            _ => Ok(()),
        }
    }
}

impl<E: ::std::error::Error> ::std::error::Error for ModeledError<E> {
    fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
        self.error.source()
    }
}

/// `error` read from a response of `status` that says `message`.
pub(crate) fn modeled<E>(
    error: E,
    status: u16,
    message: &::std::option::Option<::std::string::String>,
) -> ModeledError<E> {
    ModeledError { error, status, message: message.clone() }
}

/// Deserializes a JSON body (empty means `{}`), naming the member when it does not fit. `code`
/// is the error code when the body is an error's, `None` for a success (the status stands in).
/// Every type is read by one deserializer type, and only this much code is generic: a failure
/// is explained by [`invalid_json`], once for all types.
pub(crate) fn parse_json<T: ::serde::de::DeserializeOwned>(
    status: u16,
    code: ::std::option::Option<&str>,
    body: &[u8],
) -> ::std::result::Result<T, InvalidResponse> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) { b"{}" } else { body };
    let mut deserializer = ::serde_json::Deserializer::from_slice(body);
    match T::deserialize(&mut deserializer).and_then(|value| deserializer.end().map(|()| value)) {
        Ok(value) => Ok(value),
        Err(error) => Err(invalid_json(status, code, body, &error)),
    }
}

/// The failure of a JSON `body` that serde_json reported as `error`, at the member where it
/// stopped (serde_json gives the line and column; [`json_path`] finds the member there).
fn invalid_json(
    status: u16,
    code: ::std::option::Option<&str>,
    body: &[u8],
    error: &::serde_json::Error,
) -> InvalidResponse {
    // Line and column count bytes, the column from the last newline; line 0 is no position.
    let offset = match error.line() {
        0 => 0,
        1 => error.column(),
        line => {
            let newline = body.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(line - 2);
            newline.map_or(0, |(i, _)| i + 1) + error.column()
        }
    };
    InvalidResponse {
        status,
        code: code.map_or_else(|| status.to_string(), str::to_owned),
        path: match error.classify() {
            ::serde_json::error::Category::Data => json_path(body, offset, false, false),
            // A syntax error's column is the byte that broke the syntax: what comes before it
            // was read.
            ::serde_json::error::Category::Syntax => {
                json_path(body, offset.saturating_sub(1), true, true)
            }
            _ => json_path(body, offset, true, false),
        },
        message: error.to_string(),
    }
}

/// The dotted path (`membership.createTime`, `items[2].name`) of the value being read at byte
/// `end` of a JSON text: the keys and indexes of the objects and arrays around it; empty at the
/// top level. serde_json stops just past the value it rejects (a missing member: past its
/// object's `}`), so a data error names the member whose value failed. A syntax error after a
/// complete value (a missing `,`, the text ending) is the enclosing object's or array's, as
/// serde reads it: `complete_ends` drops a key whose value is complete; with `broken_tail`, a
/// number or literal running up to `end` is where the syntax broke, so not complete. Tolerant of
/// malformed text: it only scans.
fn json_path(body: &[u8], end: usize, complete_ends: bool, broken_tail: bool) -> ::std::string::String {
    /// An object (`key`: the member whose value is being read, `None` before the first key and
    /// after a `,`) or an array (`index`: the element's; `started` once its value begins).
    struct Frame {
        key: ::std::option::Option<::std::string::String>,
        index: usize,
        started: bool,
        array: bool,
        complete: bool,
    }
    let end = end.min(body.len());
    let mut stack: ::std::vec::Vec<Frame> = ::std::vec::Vec::new();
    let mut i = 0;
    while i < end {
        let byte = body[i];
        if byte.is_ascii_whitespace() || byte == b':' {
            i += 1;
            continue;
        }
        let value_starts = !matches!(byte, b'}' | b']' | b',');
        // A string where a key is due is the key.
        let is_key = byte == b'"' && stack.last().is_some_and(|f| !f.array && f.key.is_none());
        if value_starts
            && !is_key
            && let Some(top) = stack.last_mut()
        {
            top.started = true;
            top.complete = false;
        }
        match byte {
            b'{' | b'[' => stack.push(Frame { key: None, index: 0, started: false, array: byte == b'[', complete: false }),
            b'}' | b']' => {
                stack.pop();
                if let Some(top) = stack.last_mut() {
                    top.complete = true;
                }
            }
            b',' => {
                if let Some(top) = stack.last_mut() {
                    top.key = None;
                    top.index += 1;
                    top.started = false;
                    top.complete = false;
                }
            }
            b'"' => {
                let start = i + 1;
                i = start;
                while i < body.len() && body[i] != b'"' {
                    i += if body[i] == b'\\' { 2 } else { 1 };
                }
                if let Some(top) = stack.last_mut() {
                    if is_key {
                        let raw = ::std::string::String::from_utf8_lossy(&body[start..i.min(body.len())]);
                        // A key with escapes is decoded as serde_json decodes it.
                        let decoded = ::serde_json::from_str::<::std::string::String>(&format!("\"{raw}\""));
                        top.key = Some(decoded.unwrap_or_else(|_| raw.into_owned()));
                    } else {
                        top.complete = i < body.len() && !(broken_tail && i >= end);
                    }
                }
            }
            _ => {
                // A number or a literal: it ends at a delimiter or at the end of the text.
                while i + 1 < body.len() && !matches!(body[i + 1], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                    i += 1;
                }
                if let Some(top) = stack.last_mut() {
                    top.complete = !(broken_tail && i + 1 >= end);
                }
            }
        }
        i += 1;
    }
    let mut path = ::std::string::String::new();
    let last = stack.len().saturating_sub(1);
    for (depth, frame) in stack.iter().enumerate() {
        if complete_ends && depth == last && frame.complete {
            break;
        }
        if let Some(key) = &frame.key {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(key);
        }
        if frame.array && frame.started {
            path.push_str(&format!("[{}]", frame.index));
        }
    }
    path
}

/// Deserializes a success body like [`parse_json`], correcting it first when it lacks required
/// members: Smithy's nullability rules ask a client to fill in their zero values rather than fail
/// the call. The typed parse runs once when nothing is missing.
pub(crate) fn parse_output<T: ::serde::de::DeserializeOwned>(
    status: u16,
    body: &[u8],
    fields: &'static Fields,
) -> ::std::result::Result<T, InvalidResponse> {
    match parse_json(status, None, body) {
        Ok(value) => Ok(value),
        // The corrected body goes through the same typed parse, so no second instance of the
        // output's deserializer is compiled.
        Err(error) => parse_json(status, None, &corrected_json(status, body, fields, error)?),
    }
}

/// `body` with the zero values `fields` asks for filled in, or `error` (the typed parse's) when
/// correction changes nothing. Not generic: one copy serves every output.
fn corrected_json(
    status: u16,
    body: &[u8],
    fields: &'static Fields,
    error: InvalidResponse,
) -> ::std::result::Result<::std::vec::Vec<u8>, InvalidResponse> {
    let Ok(mut value) = body_value(status, body) else { return Err(error) };
    if value.is_null() {
        value = ::serde_json::Value::Object(::serde_json::Map::new());
    }
    if !correct_json(fields, &mut value) {
        return Err(error);
    }
    ::serde_json::to_vec(&value).map_err(|_| error)
}

/// What client error correction does inside a structure or union: its members, each to fill in
/// when absent or to look inside.
pub(crate) struct Fields(pub(crate) &'static [Fill]);

/// One member of [`Fields`], by its key in the body.
#[allow(dead_code)] // which variants a crate's tables use depends on its model
pub(crate) enum Fill {
    /// A required member: its zero value when it is absent or `null`.
    Zero(&'static str, Zero),
    /// A member whose value may hold structures to correct.
    Walk(&'static str, Walk),
}

/// Where structures to correct are inside a value.
#[allow(dead_code)] // which variants a crate's tables use depends on its model
pub(crate) enum Walk {
    /// The value is a structure or union.
    Into(&'static Fields),
    /// Each element of a list.
    Items(&'static Walk),
    /// Each value of a map.
    Values(&'static Walk),
}

/// A zero value, as the member's serde reads it.
#[allow(dead_code)] // which variants a crate's tables use depends on its model
pub(crate) enum Zero {
    /// `false`.
    False,
    /// `0`: numbers, epoch-seconds timestamps, intEnums.
    Number,
    /// A string: `""` for strings, blobs and enums, the epoch in a timestamp's text format.
    Text(&'static str),
    /// `[]`.
    List,
    /// `{}`.
    Map,
    /// `null` (a document).
    Null,
    /// An empty blob: `""` in JSON (base64), an empty byte string in CBOR.
    Bytes,
}

/// A zero value as JSON.
fn zero_json(zero: &Zero) -> ::serde_json::Value {
    match zero {
        Zero::False => ::serde_json::Value::Bool(false),
        Zero::Number => ::serde_json::Value::from(0),
        Zero::Text(text) => ::serde_json::Value::from(*text),
        Zero::Bytes => ::serde_json::Value::from(""),
        Zero::List => ::serde_json::Value::Array(::std::vec::Vec::new()),
        Zero::Map => ::serde_json::Value::Object(::serde_json::Map::new()),
        Zero::Null => ::serde_json::Value::Null,
    }
}

/// Fills in the zero values a JSON `value` lacks by `fields`; whether anything changed.
pub(crate) fn correct_json(fields: &Fields, value: &mut ::serde_json::Value) -> bool {
    let ::serde_json::Value::Object(object) = value else { return false };
    correct_json_object(fields, object)
}

/// [`correct_json`] on the members of an object.
pub(crate) fn correct_json_object(
    fields: &Fields,
    object: &mut ::serde_json::Map<::std::string::String, ::serde_json::Value>,
) -> bool {
    let mut changed = false;
    for fill in fields.0 {
        match fill {
            Fill::Zero(key, zero) => {
                if object.get(*key).is_none_or(::serde_json::Value::is_null) {
                    object.insert((*key).to_owned(), zero_json(zero));
                    changed = true;
                }
            }
            Fill::Walk(key, walk) => {
                if let Some(member) = object.get_mut(*key) {
                    changed |= walk_json(walk, member);
                }
            }
        }
    }
    changed
}

/// [`correct_json`] where `walk` says the structures inside `value` are.
fn walk_json(walk: &Walk, value: &mut ::serde_json::Value) -> bool {
    match (walk, value) {
        (Walk::Into(fields), value) => correct_json(fields, value),
        (Walk::Items(walk), ::serde_json::Value::Array(items)) => {
            items.iter_mut().fold(false, |changed, item| walk_json(walk, item) | changed)
        }
        (Walk::Values(walk), ::serde_json::Value::Object(values)) => {
            values.values_mut().fold(false, |changed, value| walk_json(walk, value) | changed)
        }
        _ => false,
    }
}

/// What an error response says about itself, read the way botocore reads restJson1 errors.
pub(crate) struct ErrorResponse {
    /// The HTTP status.
    pub(crate) status: u16,
    /// The error code, with any `namespace#` prefix and `:suffix` removed.
    pub(crate) code: ::std::string::String,
    /// `message`, else `Message`; `None` when absent or `null`.
    pub(crate) message: ::std::option::Option<::std::string::String>,
    /// The body to parse a modeled error from: the JSON object, with `Message` copied to
    /// `message` when only the former is present. `None` for generic (non-JSON) failures.
    /// Under rpcv2Cbor, the CBOR body as received; `None` when it is not a CBOR map.
    #[allow(dead_code)] // read only where an operation models errors
    pub(crate) body: ::std::option::Option<::std::vec::Vec<u8>>,
}

/// Reads the code and message of a JSON protocol's error response.
pub(crate) fn read_json_error(response: &::http::Response<::std::vec::Vec<u8>>) -> ErrorResponse {
    let status = response.status();
    let raw = response.body();
    let trimmed = ::std::string::String::from_utf8_lossy(raw);
    let trimmed = trimmed.trim();
    let header = response.headers().get("x-amzn-errortype").and_then(|v| v.to_str().ok()).filter(|v| !v.is_empty());
    // A 5xx with no body or an HTML page comes from the HTTP layer, not the service, unless
    // the service names the error in `X-Amzn-Errortype`.
    if status.as_u16() >= 500 && header.is_none() && (trimmed.is_empty() || trimmed.starts_with("<html>")) {
        return ErrorResponse {
            status: status.as_u16(),
            code: status.as_u16().to_string(),
            message: Some(status.canonical_reason().unwrap_or_default().to_owned()),
            body: None,
        };
    }
    let mut object = match ::serde_json::from_slice::<::serde_json::Value>(raw) {
        Ok(::serde_json::Value::Object(map)) => map,
        Ok(_) => ::serde_json::Map::new(),
        Err(_) if trimmed.is_empty() => ::serde_json::Map::new(),
        Err(_) => {
            let mut map = ::serde_json::Map::new();
            map.insert("message".to_owned(), ::serde_json::Value::String(trimmed.to_owned()));
            map
        }
    };
    let from_body = |key: &str| object.get(key).and_then(::serde_json::Value::as_str).filter(|v| !v.is_empty());
    let code = header
        .or_else(|| from_body("code"))
        .or_else(|| from_body("__type"))
        // botocore reads `Code` too (some services capitalize it).
        .or_else(|| from_body("Code"))
        .map(sanitize_code)
        .unwrap_or_else(|| status.as_u16().to_string());
    if !object.contains_key("message")
        && let Some(message) = object.get("Message").cloned()
    {
        object.insert("message".to_owned(), message);
    }
    let message = object.get("message").and_then(::serde_json::Value::as_str).map(str::to_owned);
    let body = ::serde_json::to_vec(&object).ok();
    ErrorResponse { status: status.as_u16(), code, message, body }
}

impl ErrorResponse {
    /// The error as an unhandled one.
    pub(crate) fn unhandled(self, body: &[u8]) -> UnhandledError {
        UnhandledError { status: self.status, code: self.code, message: self.message, body: body.to_vec() }
    }
}

/// `aws.protocoltests#Foo:http://…` → `Foo`.
fn sanitize_code(code: &str) -> ::std::string::String {
    let code = code.split(':').next().unwrap_or(code);
    code.rsplit('#').next().unwrap_or(code).trim().to_owned()
}

/// Characters sent as they are in labels and query values: RFC 3986 unreserved, as botocore.
const UNRESERVED: &::percent_encoding::AsciiSet =
    &::percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');


/// Greedy labels (`{key+}`) also keep `/`.
const GREEDY: &::percent_encoding::AsciiSet = &UNRESERVED.remove(b'/');

/// Appends a percent-encoded URI label; an empty label is an error.
pub(crate) fn push_label(
    uri: &mut ::std::string::String,
    member: &'static str,
    value: &str,
    greedy: bool,
) -> ::std::result::Result<(), RequestError> {
    if value.is_empty() {
        return Err(RequestError::EmptyLabel { member });
    }
    let set = if greedy { GREEDY } else { UNRESERVED };
    uri.extend(::percent_encoding::utf8_percent_encode(value, set));
    Ok(())
}


/// Appends `key=value` to the query string of `uri`, both percent-encoded.
pub(crate) fn push_query(uri: &mut ::std::string::String, key: &str, value: &str) {
    uri.push(if uri.contains('?') { '&' } else { '?' });
    uri.extend(::percent_encoding::utf8_percent_encode(key, UNRESERVED));
    uri.push('=');
    uri.extend(::percent_encoding::utf8_percent_encode(value, UNRESERVED));
}


/// Appends a key without a value (`?flag`, from the URI pattern) to the query string of `uri`,
/// percent-encoded.
pub(crate) fn push_query_key(uri: &mut ::std::string::String, key: &str) {
    uri.push(if uri.contains('?') { '&' } else { '?' });
    uri.extend(::percent_encoding::utf8_percent_encode(key, UNRESERVED));
}

/// A header value, rejecting what HTTP cannot carry.
pub(crate) fn header_value(
    member: &'static str,
    value: &str,
) -> ::std::result::Result<::http::HeaderValue, RequestError> {
    ::http::HeaderValue::from_str(value).map_err(|_| RequestError::InvalidHeader { member })
}


/// The value of a list header: the items joined by `, `; an item that would not read back as
/// it is (holding a comma or a double quote, empty, or with whitespace at either end, which
/// RFC 7230 trims) is quoted, with `"` and `\` escaped by `\` (`"b,c", "\"def\"", a`).
pub(crate) fn header_list(items: impl IntoIterator<Item = ::std::string::String>) -> ::std::string::String {
    let mut out = ::std::string::String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        if item.is_empty() || item.contains([',', '"']) || item.trim() != item {
            out.push('"');
            for c in item.chars() {
                if c == '"' || c == '\\' {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('"');
        } else {
            out.push_str(&item);
        }
    }
    out
}

/// A `@mediaType` string in a header: base64 (standard, padded).
pub(crate) fn base64_header(value: &str) -> ::std::string::String {
    use ::base64::Engine as _;
    ::base64::engine::general_purpose::STANDARD.encode(value)
}

/// A float in a label, query string or header: as Rust prints it, and `NaN`, `Infinity` or
/// `-Infinity` for the values no number spells.
pub(crate) fn float<T: Copy + Into<f64> + ::std::fmt::Display>(value: &T) -> ::std::string::String {
    let wide: f64 = (*value).into();
    if wide.is_nan() {
        "NaN".to_owned()
    } else if wide == f64::INFINITY {
        "Infinity".to_owned()
    } else if wide == f64::NEG_INFINITY {
        "-Infinity".to_owned()
    } else {
        value.to_string()
    }
}

/// An `epoch-seconds` timestamp in a label, query string or header: the number of seconds, with
/// a fraction only when there is one.
#[allow(clippy::cast_precision_loss)]
pub(crate) fn epoch_seconds(value: &crate::timestamp::Timestamp) -> ::std::string::String {
    match value.nanosecond() {
        0 => value.unix_timestamp().to_string(),
        nanos => (value.unix_timestamp() as f64 + f64::from(nanos) / 1e9).to_string(),
    }
}

/// A `date-time` timestamp in a label, query string or header: RFC 3339 in UTC (the default in
/// labels and query strings).
pub(crate) fn date_time(value: &crate::timestamp::Timestamp) -> ::std::string::String {
    value.to_string()
}

/// An `http-date` timestamp in a label, query string or header: IMF-fixdate
/// (`Mon, 16 Dec 2019 23:48:18 GMT`, RFC 9110; the default in headers).
pub(crate) fn http_date(value: &crate::timestamp::Timestamp) -> ::std::string::String {
    value.to_http_date()
}

/// Deserializes the assembled members, naming the member when one does not fit. They are read
/// as JSON text by [`parse_json`]: one deserializer type for every type, and the failing
/// member's path from where the text stops.
pub(crate) fn from_object<T: ::serde::de::DeserializeOwned>(
    status: u16,
    object: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
) -> ::std::result::Result<T, InvalidResponse> {
    parse_json(status, None, &object_text(&object))
}

/// An object as JSON text.
fn object_text(object: &::serde_json::Map<::std::string::String, ::serde_json::Value>) -> ::std::vec::Vec<u8> {
    ::serde_json::to_vec(object).unwrap_or_default()
}

/// The body of a response whose members also come from headers, status or payload: the JSON
/// object (empty body: no members).
pub(crate) fn body_object(
    status: u16,
    body: &[u8],
) -> ::std::result::Result<::serde_json::Map<::std::string::String, ::serde_json::Value>, InvalidResponse> {
    match body_value(status, body)? {
        ::serde_json::Value::Object(map) => Ok(map),
        ::serde_json::Value::Null => Ok(::serde_json::Map::new()),
        other => Err(InvalidResponse {
            status,
            code: status.to_string(),
            path: ::std::string::String::new(),
            message: format!("expected a JSON object, got {other}"),
        }),
    }
}


/// A JSON body as a value; an empty body is `null`.
pub(crate) fn body_value(status: u16, body: &[u8]) -> ::std::result::Result<::serde_json::Value, InvalidResponse> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(::serde_json::Value::Null);
    }
    ::serde_json::from_slice(body).map_err(|e| InvalidResponse {
        status,
        code: status.to_string(),
        path: ::std::string::String::new(),
        message: e.to_string(),
    })
}


/// Copies the header `name` into `object[member]`, as JSON made by `json`, when the response
/// has it. Text that does not parse stays a string, so deserialization names the member.
pub(crate) fn bind_header(
    object: &mut ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    response: &::http::Response<::std::vec::Vec<u8>>,
    name: &str,
    member: &str,
    json: impl Fn(&str) -> ::serde_json::Value,
) {
    if let Some(text) = response.headers().get(name).and_then(|v| v.to_str().ok()) {
        object.insert(member.to_owned(), json(text.trim()));
    }
}


/// Copies the base64 header `name` (a `@mediaType` string), decoded, into `object[member]` when
/// the response has it; a value that is not base64 of UTF-8 text is an invalid response naming
/// the member.
pub(crate) fn bind_base64_header(
    object: &mut ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    response: &::http::Response<::std::vec::Vec<u8>>,
    name: &str,
    member: &str,
    status: u16,
) -> ::std::result::Result<(), InvalidResponse> {
    use ::base64::Engine as _;
    let Some(text) = response.headers().get(name).and_then(|v| v.to_str().ok()) else {
        return Ok(());
    };
    let decoded = ::base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|e| e.to_string())
        .and_then(|bytes| ::std::string::String::from_utf8(bytes).map_err(|e| e.to_string()));
    match decoded {
        Ok(text) => {
            object.insert(member.to_owned(), ::serde_json::Value::String(text));
            Ok(())
        }
        Err(message) => Err(InvalidResponse {
            status,
            code: status.to_string(),
            path: member.to_owned(),
            message: format!("the header `{name}` is not base64 of UTF-8 text: {message}"),
        }),
    }
}

/// The items of a list header: split at the commas outside double quotes, trimmed, and quoted
/// items unquoted (`"b,c", "\"def\"", a` → `b,c`, `"def"`, `a`).
pub(crate) fn split_header_list(text: &str) -> ::std::vec::Vec<::std::string::String> {
    let mut items = ::std::vec::Vec::new();
    let mut start = 0;
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ',' if !quoted => {
                push_item(&mut items, &text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    push_item(&mut items, &text[start..]);
    items
}

/// Adds a list element, unquoted; an empty one does not count (RFC 7230 §7), a quoted empty
/// string (`""`) does.
fn push_item(items: &mut ::std::vec::Vec<::std::string::String>, element: &str) {
    if !element.trim().is_empty() {
        items.push(unquote(element));
    }
}

/// The items of a header holding a list of timestamps. HTTP dates hold a comma and are not
/// quoted (`Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 23:48:18 GMT`): a piece that is only
/// a day name goes with the piece after it.
pub(crate) fn split_timestamp_header_list(text: &str) -> ::std::vec::Vec<::std::string::String> {
    let mut items = ::std::vec::Vec::new();
    let mut day: ::std::option::Option<::std::string::String> = None;
    for piece in split_header_list(text) {
        match day.take() {
            Some(day) => items.push(format!("{day}, {piece}")),
            None if piece.len() == 3 && piece.chars().all(|c| c.is_ascii_alphabetic()) => day = Some(piece),
            None => items.push(piece),
        }
    }
    items.extend(day);
    items
}

/// A list header item, trimmed; when quoted, without the quotes and escapes.
fn unquote(item: &str) -> ::std::string::String {
    let item = item.trim();
    match item.strip_prefix('"').and_then(|i| i.strip_suffix('"')) {
        Some(inner) => {
            let mut out = ::std::string::String::new();
            let mut chars = inner.chars();
            while let Some(c) = chars.next() {
                out.push(if c == '\\' { chars.next().unwrap_or(c) } else { c });
            }
            out
        }
        None => item.to_owned(),
    }
}

/// Collects the headers starting with `prefix` into `object[member]`, keyed by the rest of
/// their name.
pub(crate) fn bind_prefix_headers(
    object: &mut ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    response: &::http::Response<::std::vec::Vec<u8>>,
    prefix: &str,
    member: &str,
) {
    let prefix = prefix.to_ascii_lowercase();
    let map: ::serde_json::Map<::std::string::String, ::serde_json::Value> = response
        .headers()
        .iter()
        .filter_map(|(name, value)| {
            let suffix = name.as_str().strip_prefix(prefix.as_str())?;
            Some((suffix.to_owned(), ::serde_json::Value::String(value.to_str().ok()?.to_owned())))
        })
        .collect();
    // A response without such headers still has the map, empty (restXml
    // HttpPrefixHeadersAreNotPresent).
    object.insert(member.to_owned(), ::serde_json::Value::Object(map));
}


/// Deserializes a modeled error whose members also come from headers: `bind` adds them to the
/// members of the body (the JSON object `read_json_error` made), naming the member when one
/// does not fit.
pub(crate) fn parse_error<T: ::serde::de::DeserializeOwned>(
    status: u16,
    code: &str,
    body: &[u8],
    bind: impl FnOnce(
        &mut ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    ) -> ::std::result::Result<(), InvalidResponse>,
) -> ::std::result::Result<T, InvalidResponse> {
    let object: ::serde_json::Map<::std::string::String, ::serde_json::Value> =
        ::serde_json::from_slice(body).map_err(|e| InvalidResponse {
            status,
            code: code.to_owned(),
            path: ::std::string::String::new(),
            message: e.to_string(),
        })?;
    error_from_object(status, code, object, bind)
}

/// Deserializes a modeled error from its body's members, `object`, joined by what `bind` adds
/// from the headers, naming the member when one does not fit.
pub(crate) fn error_from_object<T: ::serde::de::DeserializeOwned>(
    status: u16,
    code: &str,
    mut object: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    bind: impl FnOnce(
        &mut ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    ) -> ::std::result::Result<(), InvalidResponse>,
) -> ::std::result::Result<T, InvalidResponse> {
    let invalid = |path: ::std::string::String, message: ::std::string::String| InvalidResponse {
        status,
        code: code.to_owned(),
        path,
        message,
    };
    bind(&mut object).map_err(|e| invalid(e.path, e.message))?;
    parse_json(status, Some(code), &object_text(&object))
}

/// A blob payload as the JSON the member's serde reads: base64 text.
pub(crate) fn blob_value(body: &[u8]) -> ::serde_json::Value {
    use ::base64::Engine as _;
    ::serde_json::Value::String(::base64::engine::general_purpose::STANDARD.encode(body))
}

/// A text payload as a JSON string; it must be UTF-8.
pub(crate) fn text_value(status: u16, body: &[u8]) -> ::std::result::Result<::serde_json::Value, InvalidResponse> {
    ::std::string::String::from_utf8(body.to_vec()).map(::serde_json::Value::String).map_err(|e| InvalidResponse {
        status,
        code: status.to_string(),
        path: ::std::string::String::new(),
        message: format!("the text payload is not UTF-8: {e}"),
    })
}

/// The JSON body of an input: the structure as its `Serialize` writes it, without the members
/// bound elsewhere (`non_body`: labels, query, headers), straight to bytes in model order.
pub(crate) fn json_body<T: ::serde::Serialize>(
    input: &T,
    non_body: &[&str],
) -> ::std::result::Result<::std::vec::Vec<u8>, RequestError> {
    let mut body = ::std::vec::Vec::with_capacity(128);
    input
        .serialize(BodyMembers {
            inner: &mut ::serde_json::Serializer::new(&mut body),
            skip: non_body,
        })
        .map_err(RequestError::Body)?;
    Ok(body)
}

/// A serializer of an input structure that leaves out the members named in `skip` and writes
/// the others through `inner`. An input is always a structure: anything else is refused.
struct BodyMembers<'a, S> {
    inner: S,
    skip: &'a [&'a str],
}

/// The error of a [`BodyMembers`] given something other than a structure.
fn not_a_structure<E: ::serde::ser::Error>() -> E {
    E::custom("an input's JSON body is written from a structure")
}

impl<'a, S: ::serde::Serializer> ::serde::Serializer for BodyMembers<'a, S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = ::serde::ser::Impossible<S::Ok, S::Error>;
    type SerializeTuple = ::serde::ser::Impossible<S::Ok, S::Error>;
    type SerializeTupleStruct = ::serde::ser::Impossible<S::Ok, S::Error>;
    type SerializeTupleVariant = ::serde::ser::Impossible<S::Ok, S::Error>;
    type SerializeMap = ::serde::ser::Impossible<S::Ok, S::Error>;
    type SerializeStruct = BodyMembers<'a, S::SerializeStruct>;
    type SerializeStructVariant = ::serde::ser::Impossible<S::Ok, S::Error>;

    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> ::std::result::Result<Self::SerializeStruct, S::Error> {
        Ok(BodyMembers {
            inner: self.inner.serialize_struct(name, len)?,
            skip: self.skip,
        })
    }

    fn serialize_some<T: ?Sized + ::serde::Serialize>(self, _: &T) -> ::std::result::Result<S::Ok, S::Error> {
        Err(not_a_structure())
    }

    fn serialize_newtype_struct<T: ?Sized + ::serde::Serialize>(
        self,
        _: &'static str,
        _: &T,
    ) -> ::std::result::Result<S::Ok, S::Error> {
        Err(not_a_structure())
    }

    fn serialize_newtype_variant<T: ?Sized + ::serde::Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> ::std::result::Result<S::Ok, S::Error> {
        Err(not_a_structure())
    }

    fn serialize_bool(self, _: bool) -> ::std::result::Result<S::Ok, S::Error> {
        Err(not_a_structure())
    }

    fn serialize_i8(self, _: i8) -> ::std::result::Result<S::Ok, S::Error> {
        Err(not_a_structure())
    }

    fn serialize_i16(self, _: i16) -> ::std::result::Result<S::Ok, S::Error> {
        Err(not_a_structure())
    }

    fn serialize_i32(self, _: i32) -> ::std::result::Result<S::Ok, S::Error> {
        Err(not_a_structure())
    }

    fn serialize_i64(self, _: i64) -> ::std::result::Result<S::Ok, S::Error> {
        Err(not_a_structure())
    }

    fn serialize_u8(self, _: u8) -> ::std::result::Result<S::Ok, S::Error> {
        Err(not_a_structure())
    }

    fn serialize_u16(self, _: u16) -> ::std::result::Result<S::Ok, S::Error> {
        Err(not_a_structure())
    }

    fn serialize_u32(self, _: u32) -> ::std::result::Result<S::Ok, S::Error> {
        Err(not_a_structure())
    }

    fn serialize_u64(self, _: u64) -> ::std::result::Result<S::Ok, S::Error> {
        Err(not_a_structure())
    }

    fn serialize_f32(self, _: f32) -> ::std::result::Result<S::Ok, S::Error> {
        Err(not_a_structure())
    }

    fn serialize_f64(self, _: f64) -> ::std::result::Result<S::Ok, S::Error> {
        Err(not_a_structure())
    }

    fn serialize_char(self, _: char) -> ::std::result::Result<S::Ok, S::Error> {
        Err(not_a_structure())
    }

    fn serialize_str(self, _: &str) -> ::std::result::Result<S::Ok, S::Error> {
        Err(not_a_structure())
    }

    fn serialize_bytes(self, _: &[u8]) -> ::std::result::Result<S::Ok, S::Error> {
        Err(not_a_structure())
    }

    fn serialize_none(self) -> ::std::result::Result<S::Ok, S::Error> {
        Err(not_a_structure())
    }

    fn serialize_unit(self) -> ::std::result::Result<S::Ok, S::Error> {
        Err(not_a_structure())
    }

    fn serialize_unit_struct(self, _: &'static str) -> ::std::result::Result<S::Ok, S::Error> {
        Err(not_a_structure())
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> ::std::result::Result<S::Ok, S::Error> {
        Err(not_a_structure())
    }

    fn serialize_seq(self, _: ::std::option::Option<usize>) -> ::std::result::Result<Self::SerializeSeq, S::Error> {
        Err(not_a_structure())
    }

    fn serialize_tuple(self, _: usize) -> ::std::result::Result<Self::SerializeTuple, S::Error> {
        Err(not_a_structure())
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> ::std::result::Result<Self::SerializeTupleStruct, S::Error> {
        Err(not_a_structure())
    }

    fn serialize_tuple_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> ::std::result::Result<Self::SerializeTupleVariant, S::Error> {
        Err(not_a_structure())
    }

    fn serialize_map(self, _: ::std::option::Option<usize>) -> ::std::result::Result<Self::SerializeMap, S::Error> {
        Err(not_a_structure())
    }

    fn serialize_struct_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> ::std::result::Result<Self::SerializeStructVariant, S::Error> {
        Err(not_a_structure())
    }
}

impl<S: ::serde::ser::SerializeStruct> ::serde::ser::SerializeStruct for BodyMembers<'_, S> {
    type Ok = S::Ok;
    type Error = S::Error;

    fn serialize_field<T: ?Sized + ::serde::Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> ::std::result::Result<(), S::Error> {
        if self.skip.contains(&key) {
            return Ok(());
        }
        self.inner.serialize_field(key, value)
    }

    fn end(self) -> ::std::result::Result<S::Ok, S::Error> {
        self.inner.end()
    }
}

/// How deep CBOR bodies may nest (arrays, maps and tags): deeper input is an error, not a
/// stack overflow. serde_json's own limit, so a CBOR body nests as deep as a JSON one. In a
/// debug build a level of a recursive structure takes some 4 KiB of stack with 3 members and
/// 12 KiB with 20 (measured): 128 such levels fit a 2 MiB thread stack, ciborium's default of
/// 256 would not.
const CBOR_DEPTH: usize = 128;

/// The input as an rpcv2Cbor body: the whole structure as a CBOR map. Floats are written in
/// single precision when that is exact, else in double precision, never in half precision
/// (rpcv2Cbor: "floating-point numeric types SHOULD NOT serialize into a half-precision"), and
/// a timestamp's fraction in double precision; lengths are definite.
pub(crate) fn cbor_body<T: ::serde::Serialize>(input: &T) -> ::std::result::Result<::std::vec::Vec<u8>, RequestError> {
    let failure = |message: &dyn ::std::fmt::Display| RequestError::Body(<::serde_json::Error as ::serde::ser::Error>::custom(message));
    let value = ::ciborium::Value::serialized(input).map_err(|e| failure(&e))?;
    if !value.is_map() {
        return Err(failure(&"the input is not a structure"));
    }
    let mut body = ::std::vec::Vec::new();
    write_cbor(&value, &mut body).map_err(|e| failure(&e))?;
    Ok(body)
}

/// Appends `value` as CBOR (RFC 8949): integers, lengths and tags in their shortest form,
/// definite lengths, floats as in `cbor_body`.
fn write_cbor(value: &::ciborium::Value, out: &mut ::std::vec::Vec<u8>) -> ::std::result::Result<(), &'static str> {
    match value {
        ::ciborium::Value::Integer(integer) => {
            let n = i128::from(*integer);
            if let Ok(n) = u64::try_from(n) {
                cbor_head(out, 0, n);
            } else if let Ok(n) = u64::try_from(-1 - n) {
                cbor_head(out, 1, n);
            } else {
                // A bignum (RFC 8949 §3.4.3): tag 2 of n, or tag 3 of -1 - n, as big-endian bytes.
                let (tag, magnitude) = if n < 0 { (3, (-1 - n).unsigned_abs()) } else { (2, n.unsigned_abs()) };
                let bytes = magnitude.to_be_bytes();
                let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
                cbor_head(out, 6, tag);
                cbor_head(out, 2, (bytes.len() - start) as u64);
                out.extend_from_slice(&bytes[start..]);
            }
        }
        ::ciborium::Value::Bytes(bytes) => {
            cbor_head(out, 2, bytes.len() as u64);
            out.extend_from_slice(bytes);
        }
        ::ciborium::Value::Float(number) => write_cbor_float(*number, false, out),
        ::ciborium::Value::Text(text) => {
            cbor_head(out, 3, text.len() as u64);
            out.extend_from_slice(text.as_bytes());
        }
        ::ciborium::Value::Bool(value) => out.push(if *value { 0xf5 } else { 0xf4 }),
        ::ciborium::Value::Null => out.push(0xf6),
        ::ciborium::Value::Tag(tag, content) => {
            cbor_head(out, 6, *tag);
            match (*tag, content.as_ref()) {
                (1, ::ciborium::Value::Float(seconds)) => write_cbor_float(*seconds, true, out),
                (_, content) => write_cbor(content, out)?,
            }
        }
        ::ciborium::Value::Array(items) => {
            cbor_head(out, 4, items.len() as u64);
            for item in items {
                write_cbor(item, out)?;
            }
        }
        ::ciborium::Value::Map(entries) => {
            cbor_head(out, 5, entries.len() as u64);
            for (key, value) in entries {
                write_cbor(key, out)?;
                write_cbor(value, out)?;
            }
        }
        _ => return Err("a CBOR value this crate cannot write"),
    }
    Ok(())
}

/// Appends the head of a CBOR data item: its major type and argument, in the shortest form.
#[allow(clippy::cast_possible_truncation)]
fn cbor_head(out: &mut ::std::vec::Vec<u8>, major: u8, argument: u64) {
    let major = major << 5;
    if argument < 24 {
        out.push(major | argument as u8);
    } else if argument <= 0xff {
        out.extend_from_slice(&[major | 24, argument as u8]);
    } else if argument <= 0xffff {
        out.push(major | 25);
        out.extend_from_slice(&(argument as u16).to_be_bytes());
    } else if argument <= 0xffff_ffff {
        out.push(major | 26);
        out.extend_from_slice(&(argument as u32).to_be_bytes());
    } else {
        out.push(major | 27);
        out.extend_from_slice(&argument.to_be_bytes());
    }
}

/// Appends a CBOR float: single precision when exact (NaN too) unless `double`, else double.
#[allow(clippy::cast_possible_truncation)]
fn write_cbor_float(value: f64, double: bool, out: &mut ::std::vec::Vec<u8>) {
    let single = value as f32;
    if !double && (value.is_nan() || f64::from(single).to_bits() == value.to_bits()) {
        out.push(0xfa);
        out.extend_from_slice(&(if value.is_nan() { f32::NAN } else { single }).to_be_bytes());
    } else {
        out.push(0xfb);
        out.extend_from_slice(&value.to_be_bytes());
    }
}

/// Deserializes a CBOR body (empty means an empty map), naming the member when it does not fit,
/// like `parse_json`. The body is one data item with nothing after it, nested at most
/// `CBOR_DEPTH` deep.
pub(crate) fn parse_cbor<T: ::serde::de::DeserializeOwned>(
    status: u16,
    code: ::std::option::Option<&str>,
    body: &[u8],
) -> ::std::result::Result<T, InvalidResponse> {
    let body: &[u8] = if body.is_empty() { &[0xa0] } else { body };
    read_cbor_item(body)
        .or_else(|error| {
            // ciborium reads a member name or an enum value only from a text string of definite
            // length, while rpcv2Cbor senders may chunk any text (indefinite length): a body that
            // fails is read again written with definite lengths, when that changes it.
            let mut definite = ::std::vec::Vec::new();
            match cbor_value(body).map(|value| write_cbor(&value, &mut definite)) {
                Ok(Ok(())) if definite != body => read_cbor_item(&definite),
                _ => Err(error),
            }
        })
        .map_err(|(path, message)| InvalidResponse {
            status,
            code: code.map_or_else(|| status.to_string(), str::to_owned),
            path,
            message,
        })
}

/// Reads one CBOR data item as `T`, or the member path and message of the failure.
fn read_cbor_item<T: ::serde::de::DeserializeOwned>(
    body: &[u8],
) -> ::std::result::Result<T, (::std::string::String, ::std::string::String)> {
    let mut rest = body;
    let read = ::ciborium::de::from_reader_with_recursion_limit::<CborTracked<T>, _>(&mut rest, CBOR_DEPTH);
    let path = cbor_failure_path(None).unwrap_or_default();
    match read {
        Ok(CborTracked(value)) if rest.is_empty() => Ok(value),
        Ok(_) => Err((::std::string::String::new(), format!("{} bytes follow the CBOR data item", rest.len()))),
        Err(error) => Err((path, cbor_message(&error))),
    }
}

/// A CBOR body as a value, with nothing after it, nested at most `CBOR_DEPTH` deep.
fn cbor_value(body: &[u8]) -> ::std::result::Result<::ciborium::Value, ::std::string::String> {
    let mut rest = body;
    let value: ::ciborium::Value =
        ::ciborium::de::from_reader_with_recursion_limit(&mut rest, CBOR_DEPTH).map_err(|e| cbor_message(&e))?;
    if rest.is_empty() { Ok(value) } else { Err(format!("{} bytes follow the CBOR data item", rest.len())) }
}

/// Deserializes `T` through serde_path_to_error, leaving the member path of a failure for
/// `read_cbor_item` (ciborium's deserializer can only be reached from a `Deserialize` impl).
struct CborTracked<T>(T);

impl<'de, T: ::serde::Deserialize<'de>> ::serde::Deserialize<'de> for CborTracked<T> {
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
        ::serde_path_to_error::deserialize(deserializer).map(CborTracked).map_err(|e| {
            cbor_failure_path(Some(cbor_member_path(e.path())));
            e.into_inner()
        })
    }
}

/// `member_path` of a CBOR failure. ciborium reads a tag as an enum variant `@@TAGGED@@` of
/// the tag number and the content: the path leaves both out (`createTime`, not
/// `createTime.@@TAGGED@@[1]`).
fn cbor_member_path(path: &::serde_path_to_error::Path) -> ::std::string::String {
    let mut out = ::std::string::String::new();
    let mut tag = false;
    for segment in path {
        match segment {
            ::serde_path_to_error::Segment::Enum { variant } if variant == "@@TAGGED@@" => tag = true,
            ::serde_path_to_error::Segment::Seq { .. } if tag => tag = false,
            ::serde_path_to_error::Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            ::serde_path_to_error::Segment::Map { key } | ::serde_path_to_error::Segment::Enum { variant: key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            ::serde_path_to_error::Segment::Unknown => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push('?');
            }
        }
    }
    out
}

/// This thread's member path of the last CBOR failure: puts `path` in its place and returns
/// what was there.
fn cbor_failure_path(path: ::std::option::Option<::std::string::String>) -> ::std::option::Option<::std::string::String> {
    ::std::thread_local! {
        static PATH: ::std::cell::Cell<::std::option::Option<::std::string::String>> = const { ::std::cell::Cell::new(None) };
    }
    PATH.replace(path)
}

/// What a ciborium error says, in words.
fn cbor_message(error: &::ciborium::de::Error<::std::io::Error>) -> ::std::string::String {
    match error {
        ::ciborium::de::Error::Io(e) if e.kind() == ::std::io::ErrorKind::UnexpectedEof => "the CBOR data ends early".to_owned(),
        ::ciborium::de::Error::Io(e) => e.to_string(),
        ::ciborium::de::Error::Syntax(offset) => {
            format!("not well-formed CBOR (or text that is not UTF-8) at byte {offset}")
        }
        ::ciborium::de::Error::Semantic(_, message) => message.clone(),
        ::ciborium::de::Error::RecursionLimitExceeded => format!("the CBOR data nests deeper than {CBOR_DEPTH} levels"),
    }
}

/// Deserializes a success body like `parse_cbor`, correcting it first when it lacks required
/// members, like `parse_output`. The typed parse runs once when nothing is missing.
pub(crate) fn parse_cbor_output<T: ::serde::de::DeserializeOwned>(
    status: u16,
    body: &[u8],
    fields: &'static Fields,
) -> ::std::result::Result<T, InvalidResponse> {
    parse_cbor(status, None, body).or_else(|error| {
        let mut value = if body.is_empty() {
            ::ciborium::Value::Map(::std::vec::Vec::new())
        } else {
            let Ok(value) = cbor_value(body) else { return Err(error) };
            value
        };
        if value.is_null() {
            value = ::ciborium::Value::Map(::std::vec::Vec::new());
        }
        if !correct_cbor(fields, &mut value) {
            return Err(error);
        }
        // The corrected body goes through the same typed parse, so no second instance of the
        // output's deserializer is compiled.
        let mut corrected = ::std::vec::Vec::new();
        write_cbor(&value, &mut corrected).map_err(|_| error)?;
        parse_cbor(status, None, &corrected)
    })
}

/// `Fields::correct` on a CBOR value: fills in the zero values a map lacks (absent, `null`
/// or `undefined`); whether anything changed.
fn correct_cbor(fields: &Fields, value: &mut ::ciborium::Value) -> bool {
    let ::ciborium::Value::Map(entries) = value else { return false };
    let mut changed = false;
    for fill in fields.0 {
        match fill {
            Fill::Zero(key, zero) => match entries.iter_mut().find(|(k, _)| k.as_text() == Some(*key)) {
                Some((_, member)) if !member.is_null() => {}
                Some((_, member)) => {
                    *member = zero_cbor(zero);
                    changed = true;
                }
                None => {
                    entries.push((::ciborium::Value::Text((*key).to_owned()), zero_cbor(zero)));
                    changed = true;
                }
            },
            Fill::Walk(key, walk) => {
                if let Some((_, member)) = entries.iter_mut().find(|(k, _)| k.as_text() == Some(*key)) {
                    changed |= walk_cbor(walk, member);
                }
            }
        }
    }
    changed
}

/// `Walk` on a CBOR value.
fn walk_cbor(walk: &Walk, value: &mut ::ciborium::Value) -> bool {
    match (walk, value) {
        (Walk::Into(fields), value) => correct_cbor(fields, value),
        (Walk::Items(walk), ::ciborium::Value::Array(items)) => {
            items.iter_mut().fold(false, |changed, item| walk_cbor(walk, item) | changed)
        }
        (Walk::Values(walk), ::ciborium::Value::Map(entries)) => {
            entries.iter_mut().fold(false, |changed, (_, value)| walk_cbor(walk, value) | changed)
        }
        _ => false,
    }
}

/// A zero value as CBOR: what the member's serde reads from CBOR.
fn zero_cbor(zero: &Zero) -> ::ciborium::Value {
    match zero {
        Zero::False => ::ciborium::Value::Bool(false),
        Zero::Number => ::ciborium::Value::Integer(0.into()),
        Zero::Text(text) => ::ciborium::Value::Text((*text).to_owned()),
        Zero::Bytes => ::ciborium::Value::Bytes(::std::vec::Vec::new()),
        Zero::List => ::ciborium::Value::Array(::std::vec::Vec::new()),
        Zero::Map => ::ciborium::Value::Map(::std::vec::Vec::new()),
        Zero::Null => ::ciborium::Value::Null,
    }
}

/// Reads an rpcv2Cbor error response, like `read_json_error`: the code is the body's
/// `__type` without any `namespace#` prefix or `:suffix` (the protocol names errors there only:
/// `X-Amzn-ErrorType`, `code` and `Code` do not count); the message is `message`, else
/// `Message`. A response without `Smithy-Protocol: rpc-v2-cbor` or whose body is not a CBOR
/// map is malformed, and the protocol has clients know it by its status alone: the code is the
/// status, the message its reason phrase. (A free function rather than a method: a JSON crate
/// inlines `ErrorResponse` and its methods, and must not need ciborium.)
pub(crate) fn read_cbor_error(response: &::http::Response<::std::vec::Vec<u8>>) -> ErrorResponse {
    let status = response.status();
    let raw = response.body();
    let protocol = response.headers().get("smithy-protocol").and_then(|v| v.to_str().ok());
    let value = if raw.is_empty() || !protocol.is_some_and(|p| p.trim().eq_ignore_ascii_case("rpc-v2-cbor")) {
        Err(::std::string::String::new())
    } else {
        cbor_value(raw)
    };
    let ::std::result::Result::Ok(::ciborium::Value::Map(entries)) = value else {
        return ErrorResponse {
            status: status.as_u16(),
            code: status.as_u16().to_string(),
            message: status.canonical_reason().map(str::to_owned),
            body: None,
        };
    };
    let text = |key: &str| {
        entries.iter().find(|(k, _)| k.as_text() == Some(key)).and_then(|(_, v)| v.as_text())
    };
    let code = text("__type")
        .filter(|v| !v.is_empty())
        .map(sanitize_code)
        .unwrap_or_else(|| status.as_u16().to_string());
    let message = text("message").or_else(|| text("Message")).map(str::to_owned);
    ErrorResponse { status: status.as_u16(), code, message, body: Some(raw.clone()) }
}


/// Smithy's default `requestMinCompressionSizeBytes`: smaller bodies are sent as they are.
#[cfg(feature = "request-compression")]
const MIN_COMPRESSION_SIZE: usize = 10_240;

/// `@requestCompression` with gzip: a body of at least `MIN_COMPRESSION_SIZE` bytes is gzipped
/// and `gzip` is appended to `Content-Encoding`, after an encoding the input set. Compression is
/// an optimization the service does not require: if it cannot be done, the body goes as it is.
#[cfg(feature = "request-compression")]
pub(crate) fn gzip_body(
    mut builder: ::http::request::Builder,
    body: ::std::vec::Vec<u8>,
) -> (::http::request::Builder, ::std::vec::Vec<u8>) {
    use ::std::io::Write as _;
    if body.len() < MIN_COMPRESSION_SIZE {
        return (builder, body);
    }
    let mut encoder = ::flate2::write::GzEncoder::new(::std::vec::Vec::new(), ::flate2::Compression::default());
    let Ok(compressed) = encoder.write_all(&body).and_then(|()| encoder.finish()) else {
        return (builder, body);
    };
    let Some(headers) = builder.headers_mut() else {
        return (builder, body);
    };
    let encoding = match headers.get(::http::header::CONTENT_ENCODING).map(::http::HeaderValue::as_bytes) {
        Some(given) => [given, b", gzip"].concat(),
        None => b"gzip".to_vec(),
    };
    match ::http::HeaderValue::from_bytes(&encoding) {
        Ok(value) => {
            headers.insert(::http::header::CONTENT_ENCODING, value);
            (builder, compressed)
        }
        Err(_) => (builder, body),
    }
}

/// `Content-MD5` (`@httpChecksumRequired`): the base64 of the MD5 digest of the body sent.
pub(crate) fn content_md5(body: &[u8]) -> ::std::string::String {
    use ::base64::Engine as _;
    ::base64::engine::general_purpose::STANDARD.encode(::md5::compute(body).0)
}

/// Glacier's upload checksums, unless the input set them: `X-Amz-Content-Sha256`, the SHA-256 of
/// the payload, and `X-Amz-Sha256-Tree-Hash`, the root of the SHA-256 tree over its 1 MiB chunks
/// (both in lowercase hex), as every AWS SDK sends them.
pub(crate) fn glacier_checksums(mut builder: ::http::request::Builder, body: &[u8]) -> ::http::request::Builder {
    use ::sha2::Digest as _;
    let given = |builder: &::http::request::Builder, name: &str| builder.headers_ref().is_some_and(|h| h.contains_key(name));
    if !given(&builder, "x-amz-content-sha256") {
        builder = builder.header("x-amz-content-sha256", hex(&::sha2::Sha256::digest(body)));
    }
    if !given(&builder, "x-amz-sha256-tree-hash") {
        builder = builder.header("x-amz-sha256-tree-hash", hex(&tree_hash(body)));
    }
    builder
}

/// The root of Glacier's SHA-256 tree hash: the digests of 1 MiB chunks, hashed in pairs level by
/// level (an odd one out goes up as it is).
fn tree_hash(body: &[u8]) -> [u8; 32] {
    use ::sha2::Digest as _;
    let mut level: ::std::vec::Vec<[u8; 32]> = body.chunks(1 << 20).map(|chunk| ::sha2::Sha256::digest(chunk).into()).collect();
    if level.is_empty() {
        return ::sha2::Sha256::digest(b"").into();
    }
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| match pair {
                [a, b] => ::sha2::Sha256::new().chain_update(a).chain_update(b).finalize().into(),
                _ => pair[0],
            })
            .collect();
    }
    level[0]
}

/// Lowercase hex.
fn hex(bytes: &[u8]) -> ::std::string::String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A source of `@idempotencyToken` values.
type TokenSource = ::std::boxed::Box<dyn FnMut() -> ::std::string::String>;

/// Runs `f` on this thread's token source, if any.
fn token_source<R>(f: impl FnOnce(&mut ::std::option::Option<TokenSource>) -> R) -> R {
    ::std::thread_local! {
        static SOURCE: ::std::cell::RefCell<::std::option::Option<TokenSource>> =
            const { ::std::cell::RefCell::new(None) };
    }
    SOURCE.with(|source| f(&mut source.borrow_mut()))
}

/// Runs `f` with `tokens` giving the `@idempotencyToken` values requests built on this thread
/// fill in, instead of fresh random UUIDs; the previous source is back when `f` returns or
/// panics.
pub(crate) fn with_idempotency_tokens<R>(
    tokens: impl FnMut() -> ::std::string::String + 'static,
    f: impl FnOnce() -> R,
) -> R {
    /// Puts the previous source back.
    struct Restore(::std::option::Option<TokenSource>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            token_source(|s| *s = previous);
        }
    }
    let previous = token_source(|s| s.replace(::std::boxed::Box::new(tokens)));
    let _restore = Restore(previous);
    f()
}

/// A fresh `@idempotencyToken`: a random (version 4) UUID, `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`.
/// The randomness is std's per-process random hash keys mixed with the clock: unique, which is
/// what the service needs, without a dependency (the token is no secret).
/// Unless [`with_idempotency_tokens`] gave this thread a source of tokens.
pub(crate) fn idempotency_token() -> ::std::string::String {
    use ::std::hash::{BuildHasher as _, Hasher as _};
    // The source is taken out while it runs, so a source that builds a request itself gets a
    // random token rather than a second borrow.
    if let Some(mut source) = token_source(|s| s.take()) {
        let token = source();
        token_source(|s| *s = Some(source));
        return token;
    }
    let state = ::std::collections::hash_map::RandomState::new();
    let now = ::std::time::SystemTime::now()
        .duration_since(::std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut bytes = [0u8; 16];
    for (i, half) in bytes.chunks_mut(8).enumerate() {
        let mut hasher = state.build_hasher();
        hasher.write_usize(i);
        hasher.write_u128(now);
        half.copy_from_slice(&hasher.finish().to_le_bytes());
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex = hex(&bytes);
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

include!("http_support/xml.rs");
