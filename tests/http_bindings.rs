//! The restJson1 HTTP bindings at run time, on the `http-types` crate generated from
//! `models/tests/http.json`: every binding trait the generator implements, beyond the two
//! (`@httpLabel`, `@httpQuery`) that Clean Rooms uses.
//!
//! Expected values are written by hand from the Smithy specification: the HTTP binding traits
//! (smithy.io/2.0/spec/http-bindings.html), the restJson1 protocol
//! (smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html), and where a rule is only pinned by
//! them, the restJson1 protocol tests of `smithy-aws-protocol-tests/model/restJson1/*.smithy`,
//! whose case ids are cited. A request is checked whole: method, URI (path and query, exactly),
//! every header, body bytes. A response is a hand-built `http::Response` parsed into the
//! expected value.
//!
//! The query parameter order is not specified (the protocol tests compare them as a set); these
//! tests pin the generator's order, which is URI literals, then `@httpQuery` members in model
//! order, then the `@httpQueryParams` map in key order, so a change shows up here.

use http_types::{
    AllLabelsInput, AllQueryTypesInput, BlobPayloadError, BlobPayloadIo, ComplexError,
    ConstantAndVariableQueryStringInput, ConstantQueryStringInput, ContentTypeBlobPayloadIo,
    CreateWidgetError, DeleteThingError, DeleteThingInput, EnumPayloadIo, FooEnum, FooError,
    GreedyLabelInput, HeadersIo, HttpEmptyPrefixHeadersInput, HttpEmptyPrefixHeadersOutput,
    HttpPrefixHeadersInput, HttpPrefixHeadersOutput, InputAndOutputWithHeadersError, IntegerEnum,
    MediaTypeBlobPayloadIo, MediaTypeHeaderInput, MediaTypeHeaderOutput, ModeledError,
    NestedPayload, QueryParamsAsStringListMapInput, QueryPrecedenceInput, RequestError,
    ResponseCodeOutput, StringPayloadIo, StructurePayloadIo, ThingNotFound, Throttled,
    TimestampHeadersOutput, TimestampLabelInput, TimestampLabelsInput, UpdateWidgetError,
    WidgetConflict, WidgetInput, WidgetOutput,
};
use std::collections::BTreeMap;
use http_types::Timestamp;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// Asserts a whole request: method, origin-form URI, the exact header set (names lowercase, as
/// the `http` crate stores them; order ignored, duplicates kept), and the body bytes.
#[track_caller]
fn assert_request(
    request: &http::Request<Vec<u8>>,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) {
    assert_eq!(request.method().as_str(), method, "method");
    assert_eq!(request.uri().to_string(), uri, "URI");
    let mut actual: Vec<(String, String)> = request
        .headers()
        .iter()
        .map(|(k, v)| {
            let value = v.to_str().expect("header value is visible ASCII");
            (k.as_str().to_owned(), value.to_owned())
        })
        .collect();
    actual.sort();
    let mut expected: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    expected.sort();
    assert_eq!(actual, expected, "headers");
    assert_eq!(
        String::from_utf8_lossy(request.body()),
        String::from_utf8_lossy(body),
        "body"
    );
    assert_eq!(request.body().as_slice(), body, "body bytes");
}

/// A response with the given status, headers and body.
fn response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> http::Response<Vec<u8>> {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(body.to_vec()).expect("a valid response")
}

/// 2019-12-16T23:48:18Z, the instant of the protocol tests' timestamp cases.
fn dec_16_2019() -> Timestamp {
    Timestamp::from_unix_timestamp(1_576_540_098).unwrap()
}

fn epoch(seconds: i64) -> Timestamp {
    Timestamp::from_unix_timestamp(seconds).unwrap()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn string_map(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
    entries
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// Every reserved character, a percent sign, a space and a non-ASCII character, and its
/// RFC 3986 encoding (protocol tests RestJsonHttpRequestLabelEscaping, RestJsonQueryStringEscaping).
const ESCAPE_ME: &str = " %:/?#[]@!$&'()*+,;=😹";
const ESCAPED: &str = "%20%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%F0%9F%98%B9";

fn all_labels() -> AllLabelsInput {
    AllLabelsInput {
        string: "string".to_owned(),
        byte: 7,
        short: 1,
        integer: 2,
        long: 3,
        float: 4.1,
        double: 5.1,
        boolean: true,
        foo_enum: FooEnum::Foo,
        integer_enum: IntegerEnum::B,
    }
}

// ---------------------------------------------------------------------------------------------
// @httpLabel
// ---------------------------------------------------------------------------------------------

/// RestJsonInputWithHeadersAndAllParams: numbers and booleans in their plain text form, enums by
/// value; no body, no headers.
#[test]
fn labels_of_every_scalar_kind() {
    let request = all_labels().to_http_request().unwrap();
    assert_request(
        &request,
        "GET",
        "/labels/string/7/1/2/3/4.1/5.1/true/Foo/2",
        &[],
        b"",
    );
    let request = AllLabelsInput {
        byte: -1,
        long: i64::MAX,
        boolean: false,
        foo_enum: FooEnum::Unknown("New Value".to_owned()),
        integer_enum: IntegerEnum::Unknown(42),
        ..all_labels()
    }
    .to_http_request()
    .unwrap();
    assert_eq!(
        request.uri(),
        "/labels/string/-1/1/2/9223372036854775807/4.1/5.1/false/New%20Value/42"
    );
}

/// Labels: everything but RFC 3986 unreserved characters is percent-encoded, `/` included.
#[test]
fn label_escaping() {
    let request = AllLabelsInput {
        string: ESCAPE_ME.to_owned(),
        ..all_labels()
    }
    .to_http_request()
    .unwrap();
    assert_eq!(
        request.uri().to_string(),
        format!("/labels/{ESCAPED}/7/1/2/3/4.1/5.1/true/Foo/2")
    );
    let request = AllLabelsInput {
        string: "AZaz09-._~".to_owned(),
        ..all_labels()
    }
    .to_http_request()
    .unwrap();
    assert_eq!(
        request.uri(),
        "/labels/AZaz09-._~/7/1/2/3/4.1/5.1/true/Foo/2"
    );
}

/// RestJsonSupportsNaNFloatLabels, RestJsonSupportsInfinityFloatLabels,
/// RestJsonSupportsNegativeInfinityFloatLabels: `NaN`, `Infinity`, `-Infinity`.
#[test]
fn non_finite_float_labels() {
    let uri = |float: f32, double: f64| {
        AllLabelsInput {
            float,
            double,
            ..all_labels()
        }
        .to_http_request()
        .unwrap()
        .uri()
        .to_string()
    };
    assert_eq!(
        uri(f32::NAN, f64::NAN),
        "/labels/string/7/1/2/3/NaN/NaN/true/Foo/2"
    );
    assert_eq!(
        uri(f32::INFINITY, f64::INFINITY),
        "/labels/string/7/1/2/3/Infinity/Infinity/true/Foo/2"
    );
    assert_eq!(
        uri(f32::NEG_INFINITY, f64::NEG_INFINITY),
        "/labels/string/7/1/2/3/-Infinity/-Infinity/true/Foo/2"
    );
}

/// Label timestamps default to RFC 3339 `date-time` in UTC, percent-encoded (the spec's own
/// example: `1985-04-12T23:20:50.52Z` → `1985-04-12T23%3A20%3A50.52Z`).
#[test]
fn timestamp_label_default_format_is_date_time() {
    let uri = |timestamp: Timestamp| {
        TimestampLabelInput { timestamp }
            .to_http_request()
            .unwrap()
            .uri()
            .to_string()
    };
    assert_eq!(
        uri(dec_16_2019()),
        "/timestamp-label/2019-12-16T23%3A48%3A18Z"
    );
    let with_fraction = Timestamp::from_unix_timestamp_nanos(482_196_050_520_000_000).unwrap();
    assert_eq!(
        uri(with_fraction),
        "/timestamp-label/1985-04-12T23%3A20%3A50.52Z"
    );
    // An instant converted from another offset is sent in UTC.
    let plus_two = time::OffsetDateTime::from_unix_timestamp(1_576_540_098)
        .unwrap()
        .to_offset(time::UtcOffset::from_hms(2, 0, 0).unwrap());
    assert_eq!(
        uri(Timestamp::from_offset_date_time(plus_two).unwrap()),
        "/timestamp-label/2019-12-16T23%3A48%3A18Z"
    );
}

/// RestJsonHttpRequestWithLabelsAndTimestampFormat: `@timestampFormat` on the member or on the
/// target shape chooses the label's format.
#[test]
fn timestamp_label_formats() {
    let t = dec_16_2019();
    let request = TimestampLabelsInput {
        default_format: t,
        member_epoch_seconds: t,
        member_http_date: t,
        member_date_time: t,
        target_epoch_seconds: t,
        target_http_date: t,
        target_date_time: t,
    }
    .to_http_request()
    .unwrap();
    assert_request(
        &request,
        "GET",
        "/timestamp-labels\
         /2019-12-16T23%3A48%3A18Z\
         /1576540098\
         /Mon%2C%2016%20Dec%202019%2023%3A48%3A18%20GMT\
         /2019-12-16T23%3A48%3A18Z\
         /1576540098\
         /Mon%2C%2016%20Dec%202019%2023%3A48%3A18%20GMT\
         /2019-12-16T23%3A48%3A18Z",
        &[],
        b"",
    );
}

/// RestJsonHttpRequestWithGreedyLabelInPath: a greedy label keeps `/`, a plain one encodes it;
/// everything else is encoded in both.
#[test]
fn greedy_label_keeps_slashes() {
    let request = GreedyLabelInput {
        foo: "hello/escape".to_owned(),
        key: "there/guy".to_owned(),
    }
    .to_http_request()
    .unwrap();
    assert_request(
        &request,
        "GET",
        "/greedy/hello%2Fescape/objects/there/guy",
        &[],
        b"",
    );
    let request = GreedyLabelInput {
        foo: "a".to_owned(),
        key: "photos/2024 summer/ü?.jpg".to_owned(),
    }
    .to_http_request()
    .unwrap();
    assert_eq!(
        request.uri(),
        "/greedy/a/objects/photos/2024%20summer/%C3%BC%3F.jpg"
    );
}

/// An empty label would address another resource: the request is refused, naming the member,
/// whether the label is plain or greedy. (An optional label left unset, as an `@input` structure
/// makes it, is refused the same way: the whole-service tests in `service.rs` cover it.)
#[test]
fn empty_label_is_an_error() {
    let error = AllLabelsInput {
        string: String::new(),
        ..all_labels()
    }
    .to_http_request()
    .unwrap_err();
    assert!(
        matches!(error, RequestError::EmptyLabel { member: "string" }),
        "{error:?}"
    );
    let error = GreedyLabelInput {
        foo: "a".to_owned(),
        key: String::new(),
    }
    .to_http_request()
    .unwrap_err();
    assert!(
        matches!(error, RequestError::EmptyLabel { member: "key" }),
        "{error:?}"
    );
    let error = DeleteThingInput {
        thing_id: String::new(),
    }
    .to_http_request()
    .unwrap_err();
    assert!(
        matches!(error, RequestError::EmptyLabel { member: "thingId" }),
        "{error:?}"
    );
    assert_eq!(error.to_string(), "the URI label `thingId` is empty");
}

// ---------------------------------------------------------------------------------------------
// @httpQuery, @httpQueryParams, literal query strings
// ---------------------------------------------------------------------------------------------

/// RestJsonAllQueryStringTypes: lists repeat the key, timestamps are `date-time` by default.
#[test]
fn query_values_of_every_kind() {
    let request = AllQueryTypesInput {
        query_string: Some("Hello there".to_owned()),
        query_string_list: Some(strings(&["a", "b", "c"])),
        query_byte: Some(1),
        query_short: Some(2),
        query_integer: Some(3),
        query_integer_list: Some(vec![1, 2, 3]),
        query_long: Some(4),
        query_float: Some(1.1),
        query_double: Some(1.1),
        query_boolean: Some(true),
        query_boolean_list: Some(vec![true, false, true]),
        query_timestamp: Some(epoch(1)),
        query_timestamp_list: Some(vec![epoch(1), epoch(2), epoch(3)]),
        query_epoch_seconds: None,
        query_enum: Some(FooEnum::Foo),
        query_enum_list: Some(vec![FooEnum::Foo, FooEnum::Baz, FooEnum::Bar]),
        query_integer_enum: Some(IntegerEnum::A),
    }
    .to_http_request()
    .unwrap();
    assert_request(
        &request,
        "GET",
        "/query?String=Hello%20there\
         &StringList=a&StringList=b&StringList=c\
         &Byte=1&Short=2&Integer=3\
         &IntegerList=1&IntegerList=2&IntegerList=3\
         &Long=4&Float=1.1&Double=1.1&Boolean=true\
         &BooleanList=true&BooleanList=false&BooleanList=true\
         &Timestamp=1970-01-01T00%3A00%3A01Z\
         &TimestampList=1970-01-01T00%3A00%3A01Z\
         &TimestampList=1970-01-01T00%3A00%3A02Z\
         &TimestampList=1970-01-01T00%3A00%3A03Z\
         &Enum=Foo&EnumList=Foo&EnumList=Baz&EnumList=Bar&IntegerEnum=1",
        &[],
        b"",
    );
    // Nothing set: no query string at all.
    let request = AllQueryTypesInput::default().to_http_request().unwrap();
    assert_request(&request, "GET", "/query", &[], b"");
}

/// RestJsonQueryStringEscaping: query values are percent-encoded like labels.
#[test]
fn query_escaping() {
    let request = AllQueryTypesInput {
        query_string: Some(ESCAPE_ME.to_owned()),
        query_timestamp: Some(Timestamp::from_unix_timestamp_nanos(482_196_050_520_000_000).unwrap()),
        ..Default::default()
    }
    .to_http_request()
    .unwrap();
    assert_eq!(
        request.uri().to_string(),
        format!("/query?String={ESCAPED}&Timestamp=1985-04-12T23%3A20%3A50.52Z")
    );
}

/// RestJsonZeroAndFalseQueryValues, RestJsonSerializesEmptyQueryValue: zero, false and the empty
/// string are sent; RestJsonOmitsEmptyListQueryValues: an empty list sends nothing.
#[test]
fn query_zero_false_empty_and_empty_lists() {
    let request = AllQueryTypesInput {
        query_string: Some(String::new()),
        query_integer: Some(0),
        query_boolean: Some(false),
        ..Default::default()
    }
    .to_http_request()
    .unwrap();
    assert_eq!(request.uri(), "/query?String=&Integer=0&Boolean=false");
    let request = AllQueryTypesInput {
        query_string_list: Some(vec![]),
        query_integer_list: Some(vec![]),
        query_boolean_list: Some(vec![]),
        query_timestamp_list: Some(vec![]),
        query_enum_list: Some(vec![]),
        ..Default::default()
    }
    .to_http_request()
    .unwrap();
    assert_eq!(request.uri(), "/query");
}

/// RestJsonSupportsNaNFloatQueryValues, RestJsonSupportsInfinityFloatQueryValues,
/// RestJsonSupportsNegativeInfinityFloatQueryValues.
#[test]
fn non_finite_float_query_values() {
    let uri = |float: f32, double: f64| {
        AllQueryTypesInput {
            query_float: Some(float),
            query_double: Some(double),
            ..Default::default()
        }
        .to_http_request()
        .unwrap()
        .uri()
        .to_string()
    };
    assert_eq!(uri(f32::NAN, f64::NAN), "/query?Float=NaN&Double=NaN");
    assert_eq!(
        uri(f32::INFINITY, f64::INFINITY),
        "/query?Float=Infinity&Double=Infinity"
    );
    assert_eq!(
        uri(f32::NEG_INFINITY, f64::NEG_INFINITY),
        "/query?Float=-Infinity&Double=-Infinity"
    );
}

/// `@timestampFormat("epoch-seconds")` on a query member: the spec's default (`date-time`) gives
/// way to the trait.
#[test]
fn query_timestamp_format() {
    let request = AllQueryTypesInput {
        query_epoch_seconds: Some(dec_16_2019()),
        ..Default::default()
    }
    .to_http_request()
    .unwrap();
    assert_eq!(request.uri(), "/query?EpochSeconds=1576540098");
}

/// RestJsonConstantAndVariableQueryStringMissingOneValue / AllValues: the URI's literal `?foo=bar`
/// comes first, bound members follow with `&`.
#[test]
fn literal_query_key_value() {
    let request = ConstantAndVariableQueryStringInput {
        baz: Some("bam".to_owned()),
        maybe_set: None,
    }
    .to_http_request()
    .unwrap();
    assert_request(
        &request,
        "GET",
        "/constant-and-variable?foo=bar&baz=bam",
        &[],
        b"",
    );
    let request = ConstantAndVariableQueryStringInput {
        baz: Some("bam".to_owned()),
        maybe_set: Some("yes".to_owned()),
    }
    .to_http_request()
    .unwrap();
    assert_eq!(
        request.uri(),
        "/constant-and-variable?foo=bar&baz=bam&maybeSet=yes"
    );
    let request = ConstantAndVariableQueryStringInput::default()
        .to_http_request()
        .unwrap();
    assert_eq!(request.uri(), "/constant-and-variable?foo=bar");
}

/// RestJsonConstantQueryString: `/ConstantQueryString/{hello}?foo=bar&hello` sends
/// `queryParams: ["foo=bar", "hello"]`: a literal key without a value is sent without `=`.
#[test]
fn literal_query_key_without_value() {
    let request = ConstantQueryStringInput {
        hello: "hi".to_owned(),
    }
    .to_http_request()
    .unwrap();
    assert_request(&request, "GET", "/constant/hi?foo=bar&hello", &[], b"");
}

/// RestJsonQueryPrecedence and the spec's `httpQueryParams` example: a key bound by `@httpQuery`
/// is not overridden by the map; the map's other keys are sent (percent-encoded).
#[test]
fn query_params_do_not_override_http_query() {
    let request = QueryPrecedenceInput {
        foo: Some("named".to_owned()),
        baz: Some(string_map(&[("bar", "fromMap"), ("qux", "alsoFromMap")])),
    }
    .to_http_request()
    .unwrap();
    assert_request(
        &request,
        "POST",
        "/precedence?bar=named&qux=alsoFromMap",
        &[],
        b"",
    );
    let request = QueryPrecedenceInput {
        foo: None,
        baz: Some(string_map(&[("a b", "c&d"), ("e", "")])),
    }
    .to_http_request()
    .unwrap();
    assert_eq!(request.uri(), "/precedence?a%20b=c%26d&e=");
}

/// HttpQueryParamsOnlyRequest, HttpQueryParamsOnlyEmptyRequest.
#[test]
fn query_params_alone() {
    let request = QueryPrecedenceInput {
        foo: None,
        baz: Some(string_map(&[("a", "b"), ("c", "d")])),
    }
    .to_http_request()
    .unwrap();
    assert_eq!(request.uri(), "/precedence?a=b&c=d");
    let request = QueryPrecedenceInput {
        foo: None,
        baz: Some(BTreeMap::new()),
    }
    .to_http_request()
    .unwrap();
    assert_eq!(request.uri(), "/precedence");
}

/// RestJsonQueryParamsStringListMap: a map of lists repeats the key per value.
#[test]
fn query_params_string_list_map() {
    let request = QueryParamsAsStringListMapInput {
        qux: Some("named".to_owned()),
        foo: Some(BTreeMap::from([(
            "baz".to_owned(),
            strings(&["bar", "qux"]),
        )])),
    }
    .to_http_request()
    .unwrap();
    assert_request(
        &request,
        "POST",
        "/string-list-map?corge=named&baz=bar&baz=qux",
        &[],
        b"",
    );
    // A key also bound by @httpQuery is dropped with all its values.
    let request = QueryParamsAsStringListMapInput {
        qux: Some("named".to_owned()),
        foo: Some(BTreeMap::from([("corge".to_owned(), strings(&["x", "y"]))])),
    }
    .to_http_request()
    .unwrap();
    assert_eq!(request.uri(), "/string-list-map?corge=named");
}

// ---------------------------------------------------------------------------------------------
// @httpHeader (requests)
// ---------------------------------------------------------------------------------------------

fn all_headers() -> HeadersIo {
    HeadersIo {
        header_string: Some("Hello".to_owned()),
        header_byte: Some(1),
        header_short: Some(123),
        header_integer: Some(123),
        header_long: Some(123),
        header_float: Some(1.1),
        header_double: Some(1.1),
        header_true_bool: Some(true),
        header_false_bool: Some(false),
        header_string_list: Some(strings(&["a", "b", "c"])),
        header_integer_list: Some(vec![1, 2, 3]),
        header_boolean_list: Some(vec![true, false, true]),
        header_enum: Some(FooEnum::Foo),
        header_enum_list: Some(vec![FooEnum::Foo, FooEnum::Bar, FooEnum::Baz]),
        header_integer_enum: Some(IntegerEnum::A),
        header_integer_enum_list: Some(vec![IntegerEnum::A, IntegerEnum::B, IntegerEnum::C]),
    }
}

/// The headers of [`all_headers`], as the protocol tests spell them (lists joined by `, `).
const ALL_HEADERS: &[(&str, &str)] = &[
    ("x-string", "Hello"),
    ("x-byte", "1"),
    ("x-short", "123"),
    ("x-integer", "123"),
    ("x-long", "123"),
    ("x-float", "1.1"),
    ("x-double", "1.1"),
    ("x-boolean1", "true"),
    ("x-boolean2", "false"),
    ("x-stringlist", "a, b, c"),
    ("x-integerlist", "1, 2, 3"),
    ("x-booleanlist", "true, false, true"),
    ("x-enum", "Foo"),
    ("x-enumlist", "Foo, Bar, Baz"),
    ("x-integerenum", "1"),
    ("x-integerenumlist", "1, 2, 3"),
];

/// RestJsonInputAndOutputWithStringHeaders, …NumericHeaders, …BooleanHeaders, …EnumHeaders,
/// …IntEnumHeaders: every member bound to a header, none in the body, so no body and no
/// Content-Type.
#[test]
fn request_headers_of_every_kind() {
    let request = all_headers().to_http_request().unwrap();
    assert_request(&request, "POST", "/headers", ALL_HEADERS, b"");
}

/// RestJsonNullAndEmptyHeaders (client): an absent member sends no header; an empty string and
/// an empty list send an empty header.
#[test]
fn request_null_and_empty_headers() {
    let request = HeadersIo {
        header_string: Some(String::new()),
        header_string_list: Some(vec![]),
        ..Default::default()
    }
    .to_http_request()
    .unwrap();
    assert_request(
        &request,
        "POST",
        "/headers",
        &[("x-string", ""), ("x-stringlist", "")],
        b"",
    );
}

/// RestJsonInputAndOutputWithQuotedStringHeaders: list items holding a comma or a double quote
/// are quoted, inner quotes escaped: `"b,c", "\"def\"", a`.
#[test]
fn request_quoted_string_list_header() {
    let request = HeadersIo {
        header_string_list: Some(strings(&["b,c", "\"def\"", "a"])),
        ..Default::default()
    }
    .to_http_request()
    .unwrap();
    assert_request(
        &request,
        "POST",
        "/headers",
        &[("x-stringlist", r#""b,c", "\"def\"", a"#)],
        b"",
    );
}

/// RestJsonSupportsNaNFloatHeaderInputs, …InfinityFloatHeaderInputs,
/// …NegativeInfinityFloatHeaderInputs.
#[test]
fn request_non_finite_float_headers() {
    let headers = |float: f32, double: f64| {
        let request = HeadersIo {
            header_float: Some(float),
            header_double: Some(double),
            ..Default::default()
        }
        .to_http_request()
        .unwrap();
        [
            request.headers()["x-float"].to_str().unwrap().to_owned(),
            request.headers()["x-double"].to_str().unwrap().to_owned(),
        ]
    };
    assert_eq!(headers(f32::NAN, f64::NAN), ["NaN", "NaN"]);
    assert_eq!(
        headers(f32::INFINITY, f64::INFINITY),
        ["Infinity", "Infinity"]
    );
    assert_eq!(
        headers(f32::NEG_INFINITY, f64::NEG_INFINITY),
        ["-Infinity", "-Infinity"]
    );
}

/// A header value HTTP cannot carry (a control character) is refused, naming the member.
#[test]
fn request_header_with_control_character_is_an_error() {
    let error = HeadersIo {
        header_string: Some("a\nb".to_owned()),
        ..Default::default()
    }
    .to_http_request()
    .unwrap_err();
    assert!(
        matches!(
            error,
            RequestError::InvalidHeader {
                member: "headerString"
            }
        ),
        "{error:?}"
    );
}

/// MediaTypeHeaderInputBase64: "`string` values with a `@mediaType` are always base64 encoded".
#[test]
fn request_media_type_string_header_is_base64() {
    let request = MediaTypeHeaderInput {
        json: Some("true".to_owned()),
    }
    .to_http_request()
    .unwrap();
    assert_request(
        &request,
        "GET",
        "/media-type-header",
        &[("x-json", "dHJ1ZQ==")],
        b"",
    );
}

// ---------------------------------------------------------------------------------------------
// @httpHeader (responses)
// ---------------------------------------------------------------------------------------------

/// The same protocol tests, response side; the body may be empty or `{}`
/// (RestJsonGreetingWithErrors, RestJsonGreetingWithErrorsNoPayload).
/// The intEnum headers have their own test ([`response_int_enum_headers`]).
#[test]
fn response_headers_of_every_kind() {
    let headers: Vec<(&str, &str)> = ALL_HEADERS
        .iter()
        .copied()
        .filter(|(name, _)| !name.starts_with("x-integerenum"))
        .collect();
    let expected = HeadersIo {
        header_integer_enum: None,
        header_integer_enum_list: None,
        ..all_headers()
    };
    for body in [&b""[..], b"{}"] {
        let output = HeadersIo::from_http_response(&response(200, &headers, body)).unwrap();
        assert_eq!(output, expected);
    }
    // No header: every member absent.
    let output = HeadersIo::from_http_response(&response(200, &[], b"")).unwrap();
    assert_eq!(output, HeadersIo::default());
    // Header names are case-insensitive; list items are trimmed.
    let output = HeadersIo::from_http_response(&response(
        200,
        &[("X-STRINGLIST", "a,b ,  c"), ("X-Integer", " 7 ")],
        b"",
    ))
    .unwrap();
    assert_eq!(
        output,
        HeadersIo {
            header_string_list: Some(strings(&["a", "b", "c"])),
            header_integer: Some(7),
            ..Default::default()
        }
    );
}

/// RestJsonInputAndOutputWithIntEnumHeaders (response): `X-IntegerEnum: 1`,
/// `X-IntegerEnumList: 1, 2, 3`.
#[test]
fn response_int_enum_headers() {
    let output = HeadersIo::from_http_response(&response(
        200,
        &[("X-IntegerEnum", "1"), ("X-IntegerEnumList", "1, 2, 3")],
        b"",
    ))
    .unwrap();
    assert_eq!(
        output,
        HeadersIo {
            header_integer_enum: Some(IntegerEnum::A),
            header_integer_enum_list: Some(vec![IntegerEnum::A, IntegerEnum::B, IntegerEnum::C]),
            ..Default::default()
        }
    );
}

/// RestJsonInputAndOutputWithQuotedStringHeaders (response): quoted items are unquoted.
#[test]
fn response_quoted_string_list_header() {
    let output = HeadersIo::from_http_response(&response(
        200,
        &[("X-StringList", r#""b,c", "\"def\"", a"#)],
        b"",
    ))
    .unwrap();
    assert_eq!(
        output.header_string_list,
        Some(strings(&["b,c", "\"def\"", "a"]))
    );
}

/// RestJsonSupportsNaNFloatHeaderOutputs, …InfinityFloatHeaderOutputs,
/// …NegativeInfinityFloatHeaderOutputs.
#[test]
fn response_non_finite_float_headers() {
    let parse = |text: &str| {
        HeadersIo::from_http_response(&response(
            200,
            &[("X-Float", text), ("X-Double", text)],
            b"",
        ))
        .unwrap()
    };
    let nan = parse("NaN");
    assert!(nan.header_float.unwrap().is_nan() && nan.header_double.unwrap().is_nan());
    let inf = parse("Infinity");
    assert_eq!(
        (inf.header_float, inf.header_double),
        (Some(f32::INFINITY), Some(f64::INFINITY))
    );
    let neg = parse("-Infinity");
    assert_eq!(
        (neg.header_float, neg.header_double),
        (Some(f32::NEG_INFINITY), Some(f64::NEG_INFINITY))
    );
}

/// RestJsonTimestampFormatHeaders (response): `http-date` by default, the member's or target's
/// `@timestampFormat` otherwise.
#[test]
fn response_timestamp_headers() {
    let headers = [
        ("X-memberEpochSeconds", "1576540098"),
        ("X-memberHttpDate", "Mon, 16 Dec 2019 23:48:18 GMT"),
        ("X-memberDateTime", "2019-12-16T23:48:18Z"),
        ("X-defaultFormat", "Mon, 16 Dec 2019 23:48:18 GMT"),
        ("X-targetEpochSeconds", "1576540098"),
        ("X-targetHttpDate", "Mon, 16 Dec 2019 23:48:18 GMT"),
        ("X-targetDateTime", "2019-12-16T23:48:18Z"),
    ];
    let output = TimestampHeadersOutput::from_http_response(&response(200, &headers, b"")).unwrap();
    let t = Some(dec_16_2019());
    assert_eq!(
        output,
        TimestampHeadersOutput {
            default_format: t,
            member_epoch_seconds: t,
            member_http_date: t,
            member_date_time: t,
            target_epoch_seconds: t,
            target_http_date: t,
            target_date_time: t,
        }
    );
}

/// A header that does not parse as its member's type is an `InvalidResponse` naming the member.
#[test]
fn response_header_of_wrong_type_names_the_member() {
    for (header, value, member) in [
        ("X-Integer", "abc", "headerInteger"),
        ("X-Byte", "300", "headerByte"),
        ("X-Boolean1", "yes", "headerTrueBool"),
        ("X-Double", "1.1.1", "headerDouble"),
    ] {
        let error =
            HeadersIo::from_http_response(&response(200, &[(header, value)], b"")).unwrap_err();
        let InputAndOutputWithHeadersError::InvalidResponse(invalid) = &error else {
            panic!("{header}: {value}: expected InvalidResponse, got {error:?}");
        };
        assert_eq!(invalid.path, member, "{header}: {value}: {invalid}");
        assert_eq!(invalid.status, 200);
        assert_eq!(invalid.code, "200");
        assert!(!invalid.message.is_empty());
    }
    let error = TimestampHeadersOutput::from_http_response(&response(
        200,
        &[("X-defaultFormat", "yesterday")],
        b"",
    ))
    .unwrap_err();
    assert!(
        matches!(&error, http_types::TimestampHeadersError::InvalidResponse(e) if e.path == "defaultFormat"),
        "{error:?}"
    );
}

/// MediaTypeHeaderOutputBase64.
#[test]
fn response_media_type_string_header_is_base64() {
    let output =
        MediaTypeHeaderOutput::from_http_response(&response(200, &[("X-Json", "dHJ1ZQ==")], b""))
            .unwrap();
    assert_eq!(output.json.as_deref(), Some("true"));
}

// ---------------------------------------------------------------------------------------------
// @httpPrefixHeaders
// ---------------------------------------------------------------------------------------------

/// RestJsonHttpPrefixHeadersArePresent (request), RestJsonHttpPrefixHeadersAreNotPresent,
/// RestJsonHttpPrefixEmptyHeaders.
#[test]
fn request_prefix_headers() {
    let request = HttpPrefixHeadersInput {
        foo: Some("Foo".to_owned()),
        foo_map: Some(string_map(&[("abc", "Abc value"), ("def", "Def value")])),
    }
    .to_http_request()
    .unwrap();
    assert_request(
        &request,
        "GET",
        "/prefix-headers",
        &[
            ("x-foo", "Foo"),
            ("x-foo-abc", "Abc value"),
            ("x-foo-def", "Def value"),
        ],
        b"",
    );
    let request = HttpPrefixHeadersInput {
        foo: Some("Foo".to_owned()),
        foo_map: Some(BTreeMap::new()),
    }
    .to_http_request()
    .unwrap();
    assert_request(&request, "GET", "/prefix-headers", &[("x-foo", "Foo")], b"");
    let request = HttpPrefixHeadersInput {
        foo: None,
        foo_map: Some(string_map(&[("abc", "")])),
    }
    .to_http_request()
    .unwrap();
    assert_request(
        &request,
        "GET",
        "/prefix-headers",
        &[("x-foo-abc", "")],
        b"",
    );
    // A key that cannot be part of a header name is an error, not a panic.
    let result = HttpPrefixHeadersInput {
        foo: None,
        foo_map: Some(string_map(&[("bad key", "v")])),
    }
    .to_http_request();
    assert!(result.is_err(), "{result:?}");
}

/// RestJsonHttpPrefixHeadersArePresent (response): headers starting with the prefix, keyed by the
/// rest of their (lowercase) name; `x-foo` itself is not one of them.
#[test]
fn response_prefix_headers() {
    let output = HttpPrefixHeadersOutput::from_http_response(&response(
        200,
        &[
            ("x-foo", "Foo"),
            ("x-foo-abc", "Abc value"),
            ("x-foo-def", "Def value"),
        ],
        b"",
    ))
    .unwrap();
    assert_eq!(
        output,
        HttpPrefixHeadersOutput {
            foo: Some("Foo".to_owned()),
            foo_map: Some(string_map(&[("abc", "Abc value"), ("def", "Def value")])),
        }
    );
    // restXml HttpPrefixHeadersAreNotPresent: without such headers the map is there, empty.
    let output = HttpPrefixHeadersOutput::from_http_response(&response(200, &[], b"")).unwrap();
    assert_eq!(
        output,
        HttpPrefixHeadersOutput {
            foo: None,
            foo_map: Some(string_map(&[])),
        }
    );
}

/// RestJsonHttpEmptyPrefixHeadersRequestClient: with an empty prefix, the `@httpHeader` member
/// wins over the map's entry for the same header ("clients MUST use the value set by the member
/// with the httpHeader trait and disregard the value set by httpPrefixHeaders").
#[test]
fn request_http_header_wins_over_prefix_headers() {
    let request = HttpEmptyPrefixHeadersInput {
        prefix_headers: Some(string_map(&[("x-foo", "Foo"), ("hello", "Hello")])),
        specific_header: Some("There".to_owned()),
    }
    .to_http_request()
    .unwrap();
    assert_request(
        &request,
        "GET",
        "/empty-prefix-headers",
        &[("x-foo", "Foo"), ("hello", "There")],
        b"",
    );
}

/// RestJsonHttpEmptyPrefixHeadersResponseClient and HttpPrefixHeadersResponse: an empty prefix
/// collects every header, the specific one included.
#[test]
fn response_empty_prefix_collects_every_header() {
    let output = HttpEmptyPrefixHeadersOutput::from_http_response(&response(
        200,
        &[("x-foo", "Foo"), ("hello", "There")],
        b"",
    ))
    .unwrap();
    assert_eq!(
        output,
        HttpEmptyPrefixHeadersOutput {
            prefix_headers: Some(string_map(&[("x-foo", "Foo"), ("hello", "There")])),
            specific_header: Some("There".to_owned()),
        }
    );
}

// ---------------------------------------------------------------------------------------------
// @httpPayload
// ---------------------------------------------------------------------------------------------

/// RestJsonHttpPayloadTraitsWithBlob, RestJsonHttpPayloadTraitsWithNoBlobBody (requests): the
/// blob is the body, raw, as `application/octet-stream`; no blob, no body and no Content-Type.
#[test]
fn request_blob_payload() {
    let request = BlobPayloadIo {
        foo: Some("Foo".to_owned()),
        blob: Some(b"blobby blob blob".to_vec()),
    }
    .to_http_request()
    .unwrap();
    assert_request(
        &request,
        "POST",
        "/blob-payload",
        &[
            ("content-type", "application/octet-stream"),
            ("x-foo", "Foo"),
        ],
        b"blobby blob blob",
    );
    let bytes = vec![0, 159, 146, 150, 255];
    let request = BlobPayloadIo {
        foo: None,
        blob: Some(bytes.clone()),
    }
    .to_http_request()
    .unwrap();
    assert_eq!(request.body(), &bytes);
    let request = BlobPayloadIo {
        foo: Some("Foo".to_owned()),
        blob: None,
    }
    .to_http_request()
    .unwrap();
    assert_request(&request, "POST", "/blob-payload", &[("x-foo", "Foo")], b"");
}

/// RestJsonHttpPayloadTraitsWithBlob (response): the raw body, any bytes.
#[test]
fn response_blob_payload() {
    let output =
        BlobPayloadIo::from_http_response(&response(200, &[("X-Foo", "Foo")], b"blobby blob blob"))
            .unwrap();
    assert_eq!(
        output,
        BlobPayloadIo {
            foo: Some("Foo".to_owned()),
            blob: Some(b"blobby blob blob".to_vec()),
        }
    );
    let bytes = [0, 159, 146, 150, 255];
    let output = BlobPayloadIo::from_http_response(&response(200, &[], &bytes)).unwrap();
    assert_eq!(output.blob.as_deref(), Some(&bytes[..]));
    // A non-2xx response is the operation's error, not a payload.
    let error = BlobPayloadIo::from_http_response(&response(503, &[], b"")).unwrap_err();
    assert!(
        matches!(&error, BlobPayloadError::Unhandled(e) if e.status == 503 && e.code == "503"),
        "{error:?}"
    );
}

/// RestJsonHttpPayloadTraitsWithNoBlobBody (response): an empty body is `params: {foo: "Foo"}`,
/// the blob member not set.
#[test]
fn response_blob_payload_empty_body() {
    let output =
        BlobPayloadIo::from_http_response(&response(200, &[("X-Foo", "Foo")], b"")).unwrap();
    assert_eq!(
        output,
        BlobPayloadIo {
            foo: Some("Foo".to_owned()),
            blob: None,
        }
    );
}

/// RestJsonHttpPayloadTraitsWithMediaTypeWithBlob: `@mediaType` on the blob is the Content-Type.
#[test]
fn media_type_blob_payload() {
    let request = MediaTypeBlobPayloadIo {
        foo: Some("Foo".to_owned()),
        blob: Some(b"blobby blob blob".to_vec()),
    }
    .to_http_request()
    .unwrap();
    assert_request(
        &request,
        "POST",
        "/media-type-blob-payload",
        &[("content-type", "text/plain"), ("x-foo", "Foo")],
        b"blobby blob blob",
    );
    let output = MediaTypeBlobPayloadIo::from_http_response(&response(
        200,
        &[("X-Foo", "Foo"), ("Content-Type", "text/plain")],
        b"blobby blob blob",
    ))
    .unwrap();
    assert_eq!(
        output,
        MediaTypeBlobPayloadIo {
            foo: Some("Foo".to_owned()),
            blob: Some(b"blobby blob blob".to_vec()),
        }
    );
}

/// RestJsonTestPayloadBlob, RestJsonHttpWithEmptyBlobPayload: a member bound to `Content-Type`
/// is the one Content-Type of the request (not a second one beside the blob's default).
#[test]
fn content_type_header_member_with_blob_payload() {
    let request = ContentTypeBlobPayloadIo {
        content_type: Some("image/jpg".to_owned()),
        data: Some(b"1234".to_vec()),
    }
    .to_http_request()
    .unwrap();
    assert_request(
        &request,
        "POST",
        "/content-type-blob-payload",
        &[("content-type", "image/jpg")],
        b"1234",
    );
    let request = ContentTypeBlobPayloadIo::default()
        .to_http_request()
        .unwrap();
    assert_request(&request, "POST", "/content-type-blob-payload", &[], b"");
    let output = ContentTypeBlobPayloadIo::from_http_response(&response(
        200,
        &[("Content-Type", "image/jpg")],
        b"1234",
    ))
    .unwrap();
    assert_eq!(
        output,
        ContentTypeBlobPayloadIo {
            content_type: Some("image/jpg".to_owned()),
            data: Some(b"1234".to_vec()),
        }
    );
}

/// RestJsonStringPayloadRequest / Response: the string is the body, UTF-8, as `text/plain`.
#[test]
fn string_payload() {
    let request = StringPayloadIo {
        payload: Some("rawstring".to_owned()),
    }
    .to_http_request()
    .unwrap();
    assert_request(
        &request,
        "POST",
        "/string-payload",
        &[("content-type", "text/plain")],
        b"rawstring",
    );
    let request = StringPayloadIo {
        payload: Some("grüße \"quoted\"\n".to_owned()),
    }
    .to_http_request()
    .unwrap();
    assert_eq!(request.body(), "grüße \"quoted\"\n".as_bytes());
    let request = StringPayloadIo { payload: None }.to_http_request().unwrap();
    assert_request(&request, "POST", "/string-payload", &[], b"");
    let output = StringPayloadIo::from_http_response(&response(
        200,
        &[("Content-Type", "text/plain")],
        b"rawstring",
    ))
    .unwrap();
    assert_eq!(output.payload.as_deref(), Some("rawstring"));
    // Not UTF-8: an invalid response, not a panic or lossy text.
    let error =
        StringPayloadIo::from_http_response(&response(200, &[], &[0xff, 0xfe])).unwrap_err();
    assert!(
        matches!(&error, http_types::StringPayloadError::InvalidResponse(e) if e.status == 200),
        "{error:?}"
    );
}

/// RestJsonEnumPayloadRequest / RestJsonEnumPayloadResponse: an enum payload is its value as
/// `text/plain`; an unknown value is kept.
#[test]
fn enum_payload() {
    let request = EnumPayloadIo {
        payload: Some(FooEnum::Bar),
    }
    .to_http_request()
    .unwrap();
    assert_request(
        &request,
        "POST",
        "/enum-payload",
        &[("content-type", "text/plain")],
        b"Bar",
    );
    let output = EnumPayloadIo::from_http_response(&response(
        200,
        &[("Content-Type", "text/plain")],
        b"Baz",
    ))
    .unwrap();
    assert_eq!(output.payload, Some(FooEnum::Baz));
    let output = EnumPayloadIo::from_http_response(&response(200, &[], b"New")).unwrap();
    assert_eq!(output.payload, Some(FooEnum::Unknown("New".to_owned())));
}

/// RestJsonHttpPayloadWithStructure: the structure is the whole JSON body.
#[test]
fn request_structure_payload() {
    let request = StructurePayloadIo {
        foo: Some("Foo".to_owned()),
        nested: Some(NestedPayload {
            greeting: Some("hello".to_owned()),
            name: Some("Phreddy".to_owned()),
        }),
    }
    .to_http_request()
    .unwrap();
    assert_request(
        &request,
        "PUT",
        "/structure-payload",
        &[("content-type", "application/json"), ("x-foo", "Foo")],
        br#"{"greeting":"hello","name":"Phreddy"}"#,
    );
}

/// RestJsonHttpWithEmptyStructurePayload, RestJsonHttpWithHeadersButNoPayload: an unset
/// structure payload is sent as the empty JSON object, with `Content-Type: application/json`
/// (unlike an unset union, RestJsonHttpPayloadWithUnsetUnion, or blob: no body).
#[test]
fn request_unset_structure_payload_is_an_empty_object() {
    let request = StructurePayloadIo::default().to_http_request().unwrap();
    assert_request(
        &request,
        "PUT",
        "/structure-payload",
        &[("content-type", "application/json")],
        b"{}",
    );
    let request = StructurePayloadIo {
        foo: Some("t-12345".to_owned()),
        nested: None,
    }
    .to_http_request()
    .unwrap();
    assert_request(
        &request,
        "PUT",
        "/structure-payload",
        &[("content-type", "application/json"), ("x-foo", "t-12345")],
        b"{}",
    );
}

/// RestJsonHttpPayloadWithStructure (response) and …AndEmptyResponseBody: an empty body leaves
/// the member unset.
#[test]
fn response_structure_payload() {
    let output = StructurePayloadIo::from_http_response(&response(
        200,
        &[("Content-Type", "application/json"), ("X-Foo", "Foo")],
        b"{\n    \"greeting\": \"hello\",\n    \"name\": \"Phreddy\"\n}",
    ))
    .unwrap();
    assert_eq!(
        output,
        StructurePayloadIo {
            foo: Some("Foo".to_owned()),
            nested: Some(NestedPayload {
                greeting: Some("hello".to_owned()),
                name: Some("Phreddy".to_owned()),
            }),
        }
    );
    let output = StructurePayloadIo::from_http_response(&response(200, &[], b"")).unwrap();
    assert_eq!(output, StructurePayloadIo::default());
    // A member of the wrong type inside the payload is named by its path in the payload.
    let error = StructurePayloadIo::from_http_response(&response(200, &[], br#"{"greeting": 5}"#))
        .unwrap_err();
    assert!(
        matches!(&error, http_types::StructurePayloadError::InvalidResponse(e) if e.path == "nested.greeting"),
        "{error:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// @httpResponseCode
// ---------------------------------------------------------------------------------------------

/// RestJsonHttpResponseCode, RestJsonHttpResponseCodeWithNoPayload.
#[test]
fn response_code_is_bound() {
    for body in [&b"{}"[..], b""] {
        let output = ResponseCodeOutput::from_http_response(&response(
            201,
            &[("Content-Type", "application/json")],
            body,
        ))
        .unwrap();
        assert_eq!(output, ResponseCodeOutput { status: Some(201) });
    }
    // Any 2xx is a success and is reported as it came.
    let output = ResponseCodeOutput::from_http_response(&response(200, &[], b"")).unwrap();
    assert_eq!(output.status, Some(200));
}

// ---------------------------------------------------------------------------------------------
// One input and one output shared by two operations
// ---------------------------------------------------------------------------------------------

fn widget() -> WidgetInput {
    WidgetInput {
        widget_id: "w 1".to_owned(),
        token: Some("t-1".to_owned()),
        dry_run: Some(true),
        name: Some("box".to_owned()),
        size: Some(3),
    }
}

/// `CreateWidget` (PUT) and `UpdateWidget` (PATCH) share `WidgetInput`: one method per
/// operation, each with its own method; label, query and header members stay out of the body.
#[test]
fn shared_input_builds_each_operations_request() {
    let headers = [
        ("content-type", "application/json"),
        ("x-request-token", "t-1"),
    ];
    let body = br#"{"name":"box","size":3}"#;
    let request = widget().to_create_widget_request().unwrap();
    assert_request(
        &request,
        "PUT",
        "/widgets/w%201?dryRun=true",
        &headers,
        body,
    );
    let request = widget().to_update_widget_request().unwrap();
    assert_request(
        &request,
        "PATCH",
        "/widgets/w%201?dryRun=true",
        &headers,
        body,
    );
    // Only the label set: the body is an empty object (there are body members, none set).
    let request = WidgetInput {
        widget_id: "w".to_owned(),
        token: None,
        dry_run: None,
        name: None,
        size: None,
    }
    .to_update_widget_request()
    .unwrap();
    assert_request(
        &request,
        "PATCH",
        "/widgets/w",
        &[("content-type", "application/json")],
        b"{}",
    );
}

/// `WidgetOutput` is parsed per operation: header, status code and body members together.
#[test]
fn shared_output_parses_each_operations_response() {
    let expected = |status| WidgetOutput {
        etag: Some("\"abc\"".to_owned()),
        status: Some(status),
        widget_id: Some("w1".to_owned()),
        name: Some("box".to_owned()),
        created_at: Some(dec_16_2019()),
    };
    let body = br#"{"widgetId":"w1","name":"box","createdAt":1576540098}"#;
    let headers = [("ETag", "\"abc\""), ("Content-Type", "application/json")];
    let output = WidgetOutput::from_create_widget_response(&response(201, &headers, body)).unwrap();
    assert_eq!(output, expected(201));
    let output = WidgetOutput::from_update_widget_response(&response(200, &headers, body)).unwrap();
    assert_eq!(output, expected(200));
    // A body member of the wrong type is named.
    let error =
        WidgetOutput::from_create_widget_response(&response(201, &[], br#"{"createdAt":"soon"}"#))
            .unwrap_err();
    assert!(
        matches!(&error, CreateWidgetError::InvalidResponse(e) if e.path == "createdAt" && e.status == 201),
        "{error:?}"
    );
}

/// Each operation's error enum has its own modeled errors plus the service's (`Throttled`); an
/// error modeled only on the other operation is `Unhandled`.
#[test]
fn shared_output_errors_per_operation() {
    let conflict = response(
        409,
        &[("X-Amzn-Errortype", "WidgetConflict")],
        br#"{"message":"exists"}"#,
    );
    let error = WidgetOutput::from_create_widget_response(&conflict).unwrap_err();
    assert_eq!(
        error,
        CreateWidgetError::WidgetConflict(modeled(
            WidgetConflict {
                message: Some("exists".to_owned())
            },
            409,
            Some("exists")
        ))
    );
    let error = WidgetOutput::from_update_widget_response(&conflict).unwrap_err();
    let UpdateWidgetError::Unhandled(unhandled) = &error else {
        panic!("expected Unhandled, got {error:?}");
    };
    assert_eq!(
        (
            unhandled.status,
            unhandled.code.as_str(),
            unhandled.message.as_deref()
        ),
        (409, "WidgetConflict", Some("exists"))
    );
    assert_eq!(unhandled.body, br#"{"message":"exists"}"#);

    let not_found = response(
        404,
        &[],
        br#"{"__type":"example.http#ThingNotFound","message":"no widget","thingId":"w1"}"#,
    );
    let error = WidgetOutput::from_update_widget_response(&not_found).unwrap_err();
    assert_eq!(
        error,
        UpdateWidgetError::ThingNotFound(modeled(
            ThingNotFound {
                message: Some("no widget".to_owned()),
                thing_id: Some("w1".to_owned()),
            },
            404,
            Some("no widget")
        ))
    );
    assert_eq!(error.code(), "ThingNotFound");
    assert_eq!(error.message(), Some("no widget"));

    let throttled = response(429, &[], br#"{"code":"Throttled","Message":"slow down"}"#);
    for error in [
        WidgetOutput::from_create_widget_response(&throttled)
            .unwrap_err()
            .to_string(),
        WidgetOutput::from_update_widget_response(&throttled)
            .unwrap_err()
            .to_string(),
    ] {
        assert_eq!(error, "Throttled: slow down");
    }
    assert_eq!(
        WidgetOutput::from_create_widget_response(&throttled).unwrap_err(),
        CreateWidgetError::Throttled(modeled(
            Throttled {
                message: Some("slow down".to_owned())
            },
            429,
            Some("slow down")
        ))
    );
}

// ---------------------------------------------------------------------------------------------
// Unit output, modeled and unmodeled errors
// ---------------------------------------------------------------------------------------------

/// `DeleteThing` (DELETE, code 204, no output): the request, then `check_http_response`.
#[test]
fn unit_output_operation() {
    let request = DeleteThingInput {
        thing_id: "a/b c".to_owned(),
    }
    .to_http_request()
    .unwrap();
    assert_request(&request, "DELETE", "/things/a%2Fb%20c", &[], b"");
    // RestJsonUnitInputAndOutputNoOutput: any 2xx, with or without a body.
    for (status, body) in [(204, &b""[..]), (200, b""), (200, b"{}")] {
        assert_eq!(
            DeleteThingError::check_http_response(&response(status, &[], body)),
            Ok(())
        );
    }
}

/// Modeled errors by `X-Amzn-Errortype`, `code`, `__type` or `Code`, sanitized (RestJsonInvalidGreetingError,
/// RestJsonFooErrorUsingCode…, RestJsonFooErrorWithDunderType…).
#[test]
fn unit_output_modeled_errors() {
    let expected = DeleteThingError::ThingNotFound(modeled(
        ThingNotFound {
            message: Some("gone".to_owned()),
            thing_id: Some("t1".to_owned()),
        },
        404,
        Some("gone"),
    ));
    let body = br#"{"message":"gone","thingId":"t1"}"#;
    let by_header = response(404, &[("X-Amzn-Errortype", "ThingNotFound")], body);
    assert_eq!(
        DeleteThingError::check_http_response(&by_header),
        Err(expected.clone())
    );
    let with_uri = response(
        404,
        &[(
            "X-Amzn-Errortype",
            "ThingNotFound:http://internal.amazon.com/coral/com.amazon.coral.validate/",
        )],
        body,
    );
    assert_eq!(
        DeleteThingError::check_http_response(&with_uri),
        Err(expected.clone())
    );
    let by_code = response(
        404,
        &[("Content-Type", "application/json")],
        br#"{"code":"example.http#ThingNotFound:http://x/","message":"gone","thingId":"t1"}"#,
    );
    assert_eq!(
        DeleteThingError::check_http_response(&by_code),
        Err(expected.clone())
    );
    let by_type = response(
        404,
        &[],
        br#"{"__type":"aws.other#ThingNotFound","Message":"gone","thingId":"t1"}"#,
    );
    assert_eq!(
        DeleteThingError::check_http_response(&by_type),
        Err(expected.clone())
    );
    // `Code`, capitalized, as some services send it and botocore reads it.
    let by_capital_code = response(
        404,
        &[],
        br#"{"Code":"ThingNotFound","Message":"gone","thingId":"t1"}"#,
    );
    assert_eq!(
        DeleteThingError::check_http_response(&by_capital_code),
        Err(expected)
    );
    // RestJsonFooErrorUsingCode: a member-less error with a body.
    let foo = response(500, &[], br#"{"code":"FooError"}"#);
    assert_eq!(
        DeleteThingError::check_http_response(&foo),
        Err(DeleteThingError::FooError(modeled(FooError {}, 500, None)))
    );
}

/// Responses the operation does not model are `Unhandled`, with the status, code, message and
/// raw body; a modeled error whose body does not fit is `InvalidResponse` naming the member.
#[test]
fn unhandled_and_invalid_errors() {
    let html = response(503, &[], b"<html><body>Service Unavailable</body></html>");
    let Err(DeleteThingError::Unhandled(e)) = DeleteThingError::check_http_response(&html) else {
        panic!("a 503 page is unhandled");
    };
    assert_eq!((e.status, e.code.as_str()), (503, "503"));
    assert_eq!(e.body, b"<html><body>Service Unavailable</body></html>");

    let unknown = response(400, &[("X-Amzn-Errortype", "Nope")], br#"{"message":"no"}"#);
    let Err(DeleteThingError::Unhandled(e)) = DeleteThingError::check_http_response(&unknown)
    else {
        panic!("an unmodeled code is unhandled");
    };
    assert_eq!(
        (e.status, e.code.as_str(), e.message.as_deref()),
        (400, "Nope", Some("no"))
    );

    let no_code = response(404, &[], b"");
    let Err(DeleteThingError::Unhandled(e)) = DeleteThingError::check_http_response(&no_code)
    else {
        panic!("no code is unhandled");
    };
    assert_eq!((e.status, e.code.as_str(), e.message), (404, "404", None));

    let bad = response(
        404,
        &[("X-Amzn-Errortype", "ThingNotFound")],
        br#"{"thingId":7}"#,
    );
    let Err(DeleteThingError::InvalidResponse(e)) = DeleteThingError::check_http_response(&bad)
    else {
        panic!("a modeled error with a bad member is invalid");
    };
    assert_eq!(
        (e.status, e.code.as_str(), e.path.as_str()),
        (404, "ThingNotFound", "thingId")
    );

    // An operation with an output: a non-2xx response is its error enum too.
    let error = HeadersIo::from_http_response(&unknown).unwrap_err();
    assert!(
        matches!(&error, InputAndOutputWithHeadersError::Unhandled(e) if e.code == "Nope"),
        "{error:?}"
    );
}

/// RestJsonFooErrorUsingXAmznErrorType (and …WithUri, …WithUriAndNamespace): a 5xx with an
/// empty body whose `X-Amzn-Errortype` names a modeled error is that error. botocore reads it as a
/// generic error instead (our conformance fixture
/// `UpdateMembership-hand-err-500-empty-body-with-errortype`, counted apart in tests/http.rs): the
/// Smithy protocol tests win. Without the header it stays generic, with the status as its code.
#[test]
fn server_error_code_from_header_without_body() {
    for code in [
        "FooError",
        "FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
        "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
    ] {
        let error = DeleteThingError::check_http_response(&response(
            500,
            &[("X-Amzn-Errortype", code)],
            b"",
        ));
        // The reason phrase stands in for the message of generic failures only.
        let expected = modeled(FooError {}, 500, None);
        assert_eq!(
            error,
            Err(DeleteThingError::FooError(expected)),
            "X-Amzn-Errortype: {code}"
        );
    }
    let error = DeleteThingError::check_http_response(&response(500, &[], b""));
    let Err(DeleteThingError::Unhandled(e)) = &error else {
        panic!("expected Unhandled, got {error:?}");
    };
    assert_eq!(
        (e.status, e.code.as_str(), e.message.as_deref()),
        (500, "500", Some("Internal Server Error"))
    );
    assert!(e.body.is_empty());
}

/// RestJsonComplexErrorWithNoMessage: `@httpHeader` on an error member binds the response header
/// ("httpHeader is only considered when applied to top-level members of an operation's input,
/// output, or error structures").
#[test]
fn error_header_member_is_bound() {
    let error = DeleteThingError::check_http_response(&response(
        403,
        &[
            ("Content-Type", "application/json"),
            ("X-Header", "Header"),
            ("X-Amzn-Errortype", "ComplexError"),
        ],
        br#"{"TopLevel":"Top level"}"#,
    ));
    assert_eq!(
        error,
        Err(DeleteThingError::ComplexError(modeled(
            ComplexError {
                header: Some("Header".to_owned()),
                top_level: Some("Top level".to_owned()),
            },
            403,
            None
        )))
    );
}

/// A modeled error as read from a response of `status` whose message is `message`.
fn modeled<E>(error: E, status: u16, message: Option<&str>) -> ModeledError<E> {
    ModeledError {
        error,
        status,
        message: message.map(str::to_owned),
    }
}
