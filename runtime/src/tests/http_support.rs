//! Tests of `crate::http_support`.
//!
//! Expected values come from the Smithy protocol tests (`smithy/protocol-tests/aws/restJson1/*.smithy`
//! and `awsJson1_1/errors.smithy` in `../shared`, cited by test id), RFC 3986 (URI encoding),
//! RFC 7230/7231 (header fields, lists, dates), RFC 3339 and RFC 4648, and the items' own
//! documentation where they promise a text.

use crate::http_support::*;
use crate::timestamp::Timestamp;
use serde::Deserialize;
use serde_json::{Value, json};

/// A response with these headers and body.
fn response(status: u16, headers: &[(&str, &str)], body: &str) -> http::Response<Vec<u8>> {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder
        .body(body.as_bytes().to_vec())
        .expect("a valid test response")
}

/// The instant `seconds` after the epoch, plus `nanos`.
fn at(seconds: i64, nanos: i128) -> Timestamp {
    Timestamp::from_unix_timestamp_nanos(i128::from(seconds) * 1_000_000_000 + nanos)
        .expect("in range")
}

/// The label `value` alone, percent-encoded.
fn label(value: &str, greedy: bool) -> String {
    let mut uri = String::new();
    push_label(&mut uri, "member", value, greedy).expect("a non-empty label");
    uri
}

// ---------------------------------------------------------------- URI labels

#[test]
fn label_encoding_keeps_exactly_the_rfc3986_unreserved_set() {
    // RFC 3986 §2.3: unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~".
    let unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    assert_eq!(label(unreserved, false), unreserved);
    assert_eq!(label(unreserved, true), unreserved);

    // RFC 3986 §2.1 (uppercase hex digits) and §2.2 (reserved characters in data are encoded).
    for byte in 0u8..0x80 {
        let c = char::from(byte);
        if c.is_ascii_alphanumeric() || "-._~".contains(c) {
            continue;
        }
        assert_eq!(
            label(&c.to_string(), false),
            format!("%{byte:02X}"),
            "{c:?}"
        );
    }
}

#[test]
fn label_escaping_of_reserved_characters_and_utf8() {
    // restJson1 RestJsonHttpRequestLabelEscaping.
    assert_eq!(
        label(" %:/?#[]@!$&'()*+,;=😹", false),
        "%20%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%F0%9F%98%B9"
    );

    // RFC 3986 §2.5: characters are encoded as UTF-8, then each octet percent-encoded.
    assert_eq!(label("café", false), "caf%C3%A9");
    assert_eq!(label("𝄞", false), "%F0%9D%84%9E");
}

#[test]
fn greedy_label_keeps_slashes_where_a_plain_label_escapes_them() {
    // restJson1 RestJsonHttpRequestWithGreedyLabelInPath:
    // /HttpRequestWithGreedyLabelInPath/foo/{foo}/baz/{baz+}
    let mut uri = String::from("/HttpRequestWithGreedyLabelInPath/foo/");
    push_label(&mut uri, "foo", "hello/escape", false).unwrap();
    uri.push_str("/baz/");
    push_label(&mut uri, "baz", "there/guy", true).unwrap();
    assert_eq!(
        uri,
        "/HttpRequestWithGreedyLabelInPath/foo/hello%2Fescape/baz/there/guy"
    );

    assert_eq!(
        label("a b/c?d#e%f/😹", true),
        "a%20b/c%3Fd%23e%25f/%F0%9F%98%B9"
    );
}

#[test]
fn empty_label_is_an_error_naming_the_member() {
    for greedy in [false, true] {
        let mut uri = String::from("/things/");
        let error = push_label(&mut uri, "thingId", "", greedy).unwrap_err();
        assert!(
            matches!(error, RequestError::EmptyLabel { member: "thingId" }),
            "{error:?}"
        );
        assert_eq!(error.to_string(), "the URI label `thingId` is empty");
        assert!(std::error::Error::source(&error).is_none());
        assert_eq!(uri, "/things/", "nothing is appended");
    }
}

#[test]
fn timestamp_labels_in_each_format() {
    // restJson1 RestJsonHttpRequestWithLabelsAndTimestampFormat: 1576540098 as epoch-seconds,
    // http-date and date-time (the default in labels).
    let t = at(1_576_540_098, 0);
    let mut uri = String::new();
    for text in [epoch_seconds(&t), http_date(&t), date_time(&t)] {
        uri.push('/');
        push_label(&mut uri, "member", &text, false).unwrap();
    }
    assert_eq!(
        uri,
        "/1576540098/Mon%2C%2016%20Dec%202019%2023%3A48%3A18%20GMT/2019-12-16T23%3A48%3A18Z"
    );
}

#[test]
fn float_text_in_labels_and_query_strings() {
    // restJson1 RestJsonSupportsNaNFloatLabels, ...InfinityFloatLabels, ...NegativeInfinityFloatLabels:
    // /FloatHttpLabels/{float}/{double}.
    let cases = [
        (f32::NAN, f64::NAN, "NaN"),
        (f32::INFINITY, f64::INFINITY, "Infinity"),
        (f32::NEG_INFINITY, f64::NEG_INFINITY, "-Infinity"),
    ];
    for (single, double, text) in cases {
        let mut uri = String::from("/FloatHttpLabels/");
        push_label(&mut uri, "float", &float(&single), false).unwrap();
        uri.push('/');
        push_label(&mut uri, "double", &float(&double), false).unwrap();
        assert_eq!(uri, format!("/FloatHttpLabels/{text}/{text}"));
    }

    // restJson1 RestJsonSupportsNaNFloatQueryValues and the two Infinity cases.
    for (single, double, text) in cases {
        let mut uri = String::from("/AllQueryStringTypesInput");
        push_query(&mut uri, "Float", &float(&single));
        push_query(&mut uri, "Double", &float(&double));
        assert_eq!(
            uri,
            format!("/AllQueryStringTypesInput?Float={text}&Double={text}")
        );
    }

    // restJson1 RestJsonHttpRequestLabelEscaping (float 4.1, double 5.1) and
    // RestJsonInputAndOutputWithNumericHeaders (X-Float: 1.1): an f32 prints as its own
    // shortest decimal, not as the f64 it widens to (1.100000023841858).
    assert_eq!(float(&4.1f32), "4.1");
    assert_eq!(float(&1.1f32), "1.1");
    assert_eq!(float(&5.1f64), "5.1");
    assert_eq!(float(&-0.25f64), "-0.25");
}

// ---------------------------------------------------------------- query strings

#[test]
fn query_pairs_are_percent_encoded_and_joined() {
    // restJson1 RestJsonQueryStringEscaping.
    let mut uri = String::from("/AllQueryStringTypesInput");
    push_query(&mut uri, "String", " %:/?#[]@!$&'()*+,;=😹");
    assert_eq!(
        uri,
        "/AllQueryStringTypesInput?String=%20%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%F0%9F%98%B9"
    );

    // restJson1 RestJsonAllQueryStringTypes ("String=Hello%20there", "StringList=a", ...): a space
    // is %20, never `+`.
    let mut uri = String::from("/AllQueryStringTypesInput");
    push_query(&mut uri, "String", "Hello there");
    push_query(&mut uri, "StringList", "a");
    push_query(&mut uri, "StringList", "b");
    assert_eq!(
        uri,
        "/AllQueryStringTypesInput?String=Hello%20there&StringList=a&StringList=b"
    );

    // A map-bound query key holding `&` or `=` must not split the pair (RFC 3986 §3.4 data).
    let mut uri = String::from("/");
    push_query(&mut uri, "a&b=c d", "x");
    push_query_key(&mut uri, "k=v");
    assert_eq!(uri, "/?a%26b%3Dc%20d=x&k%3Dv");
}

#[test]
fn query_after_a_constant_query_key_without_value_and_empty_value() {
    // restJson1 RestJsonConstantAndVariableQueryStringAllValues:
    // /ConstantAndVariableQueryString?foo=bar, then baz=bam and maybeSet=yes.
    let mut uri = String::from("/ConstantAndVariableQueryString?foo=bar");
    push_query(&mut uri, "baz", "bam");
    push_query(&mut uri, "maybeSet", "yes");
    assert_eq!(
        uri,
        "/ConstantAndVariableQueryString?foo=bar&baz=bam&maybeSet=yes"
    );

    // restJson1 RestJsonConstantQueryString ("foo=bar", "hello") and
    // RestJsonSerializesEmptyQueryValue ("Empty=").
    let mut uri = String::from("/ConstantQueryString/hi");
    push_query(&mut uri, "foo", "bar");
    push_query_key(&mut uri, "hello");
    push_query(&mut uri, "Empty", "");
    assert_eq!(uri, "/ConstantQueryString/hi?foo=bar&hello&Empty=");

    let mut uri = String::from("/p");
    push_query_key(&mut uri, "flag");
    assert_eq!(uri, "/p?flag");
}

// ---------------------------------------------------------------- header values

#[test]
fn header_value_rejects_control_characters() {
    // RFC 7230 §3.2: field-content is VCHAR / obs-text with SP / HTAB between; CR and LF would end
    // the field (header injection), NUL and DEL are not field characters.
    for bad in [
        "a\r\nX-Injected: 1",
        "a\nb",
        "a\rb",
        "nul\0",
        "del\u{7f}",
        "bell\u{7}",
        "\u{1b}[0m",
    ] {
        let error = header_value("headerString", bad).unwrap_err();
        assert!(
            matches!(
                error,
                RequestError::InvalidHeader {
                    member: "headerString"
                }
            ),
            "{bad:?}"
        );
        assert_eq!(
            error.to_string(),
            "the header member `headerString` holds a value HTTP cannot carry"
        );
    }
}

#[test]
fn header_value_accepts_visible_ascii_space_tab_empty_and_obs_text() {
    // RFC 7230 §3.2 field-content; restJson1 RestJsonNullAndEmptyHeaders sends "X-B": "".
    let text = "Hello there\t!\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~";
    assert_eq!(header_value("m", text).unwrap().as_bytes(), text.as_bytes());
    assert_eq!(header_value("m", "").unwrap().as_bytes(), b"");

    // RFC 7230 §3.2: field-vchar = VCHAR / obs-text (%x80-FF); `InvalidHeader` is documented for
    // control characters only.
    assert_eq!(
        header_value("m", "café").unwrap().as_bytes(),
        "café".as_bytes()
    );
}

#[test]
fn base64_header_of_a_media_type_string() {
    // restJson1 MediaTypeHeaderInputBase64: "true" → X-Json: dHJ1ZQ==.
    assert_eq!(base64_header("true"), "dHJ1ZQ==");
    // RFC 4648 §10 test vectors, padded.
    assert_eq!(base64_header("f"), "Zg==");
    assert_eq!(base64_header("foobar"), "Zm9vYmFy");
    assert_eq!(base64_header(""), "");
}

// ---------------------------------------------------------------- header lists

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn header_list_joins_items_quoting_those_with_commas_or_quotes() {
    // restJson1 RestJsonInputAndOutputWithStringHeaders: "X-StringList": "a, b, c".
    assert_eq!(header_list(strings(&["a", "b", "c"])), "a, b, c");
    assert_eq!(header_list(strings(&["only"])), "only");

    // restJson1 RestJsonNullAndEmptyHeaders: c: [] is sent as "X-C": "".
    assert_eq!(header_list(Vec::new()), "");

    // restJson1 RestJsonInputAndOutputWithQuotedStringHeaders:
    // ["b,c", "\"def\"", "a"] → "b,c", "\"def\"", a
    assert_eq!(
        header_list(strings(&["b,c", "\"def\"", "a"])),
        r#""b,c", "\"def\"", a"#
    );

    // RFC 7230 §3.2.6: in a quoted-string, `"` and `\` are sent as quoted-pairs.
    assert_eq!(header_list(strings(&[r"a\b,c"])), r#""a\\b,c""#);
    assert_eq!(header_list(strings(&[r#"\""#])), r#""\\\"""#);
}

#[test]
fn split_header_list_trims_and_unquotes() {
    // restJson1 RestJsonInputAndOutputWithStringHeaders / ...NumericHeaders / ...BooleanHeaders,
    // and RFC 7230 §7: elements are separated by OWS "," OWS.
    assert_eq!(split_header_list("a, b, c"), ["a", "b", "c"]);
    assert_eq!(split_header_list("1,2 ,\t3"), ["1", "2", "3"]);
    assert_eq!(split_header_list("true"), ["true"]);

    // restJson1 RestJsonInputAndOutputWithQuotedStringHeaders (response side).
    assert_eq!(
        split_header_list(r#""b,c", "\"def\"", a"#),
        ["b,c", "\"def\"", "a"]
    );
    // RFC 7230 §3.2.6: a quoted-pair stands for the character after the backslash.
    assert_eq!(split_header_list(r#""a\\b\,c", "\x""#), [r"a\b,c", "x"]);
}

#[test]
fn header_list_and_split_round_trip_awkward_items() {
    let items = strings(&["", "a,b", "\"", "\\", "x\\\"y", "é", "plain", "\"quoted\""]);
    assert_eq!(split_header_list(&header_list(items.clone())), items);
}

#[test]
fn header_list_round_trips_items_with_surrounding_whitespace() {
    let items = strings(&[" padded ", "\tx", "y "]);
    assert_eq!(split_header_list(&header_list(items.clone())), items);
}

#[test]
fn split_header_list_ignores_empty_elements() {
    // The examples of RFC 7230 §7.
    assert_eq!(split_header_list("foo,bar"), ["foo", "bar"]);
    assert_eq!(split_header_list("foo ,bar,"), ["foo", "bar"]);
    assert_eq!(
        split_header_list("foo , ,bar,charlie   "),
        ["foo", "bar", "charlie"]
    );
}

#[test]
fn split_timestamp_header_list_keeps_http_dates_whole() {
    // restJson1 RestJsonInputAndOutputWithTimestampHeaders: HTTP dates in a list are not quoted.
    assert_eq!(
        split_timestamp_header_list("Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT"),
        [
            "Mon, 16 Dec 2019 23:48:18 GMT",
            "Mon, 16 Dec 2019 23:48:18 GMT"
        ]
    );
    assert_eq!(
        split_timestamp_header_list("Tue, 29 Apr 2014 18:30:38 GMT"),
        ["Tue, 29 Apr 2014 18:30:38 GMT"]
    );

    assert_eq!(
        split_timestamp_header_list("2019-12-16T23:48:18Z, 1576540098"),
        ["2019-12-16T23:48:18Z", "1576540098"]
    );
    assert_eq!(
        split_timestamp_header_list(r#""Mon, 16 Dec 2019 23:48:18 GMT", 2014-04-29T18:30:38Z"#),
        ["Mon, 16 Dec 2019 23:48:18 GMT", "2014-04-29T18:30:38Z"]
    );
}

// ---------------------------------------------------------------- timestamps as text

#[test]
fn http_date_is_imf_fixdate_in_gmt_without_fraction() {
    // RFC 7231 §7.1.1.1 example; restJson1 RestJsonTimestampFormatHeaders (1576540098) and
    // RestJsonJsonTimestampsWithHttpDateFormat (1398796238).
    assert_eq!(
        http_date(&at(784_111_777, 0)),
        "Sun, 06 Nov 1994 08:49:37 GMT"
    );
    assert_eq!(
        http_date(&at(1_576_540_098, 0)),
        "Mon, 16 Dec 2019 23:48:18 GMT"
    );
    assert_eq!(
        http_date(&at(1_398_796_238, 0)),
        "Tue, 29 Apr 2014 18:30:38 GMT"
    );
    assert_eq!(http_date(&at(-2, 0)), "Wed, 31 Dec 1969 23:59:58 GMT");

    // IMF-fixdate has whole seconds only (RFC 7231 §7.1.1.1), and is always GMT.
    assert_eq!(
        http_date(&at(946_845_296, 123_000_000)),
        "Sun, 02 Jan 2000 20:34:56 GMT"
    );
}

#[test]
fn date_time_is_rfc3339_in_utc_with_a_fraction_only_when_there_is_one() {
    // restJson1 RestJsonTimestampFormatHeaders (2019-12-16T23:48:18Z) and
    // RestJsonDateTimeWithFractionalSeconds (946845296.123 ↔ 2000-01-02T20:34:56.123Z);
    // datetime-offsets: 2019-12-17T00:48:18+01:00 is the same instant.
    assert_eq!(date_time(&at(1_576_540_098, 0)), "2019-12-16T23:48:18Z");
    assert_eq!(
        date_time(&at(946_845_296, 123_000_000)),
        "2000-01-02T20:34:56.123Z"
    );
}

#[test]
fn epoch_seconds_text_has_a_fraction_only_when_there_is_one() {
    // restJson1 RestJsonTimestampFormatHeaders ("X-memberEpochSeconds": "1576540098"); Smithy
    // epoch-seconds: seconds since the epoch with optional fractional precision.
    assert_eq!(epoch_seconds(&at(1_576_540_098, 0)), "1576540098");
    assert_eq!(
        epoch_seconds(&at(946_845_296, 123_000_000)),
        "946845296.123"
    );
    assert_eq!(epoch_seconds(&at(0, 0)), "0");

    // 1969-12-31T23:59:58.5Z is 1.5 seconds before the epoch.
    assert_eq!(epoch_seconds(&at(-2, 500_000_000)), "-1.5");
    assert_eq!(epoch_seconds(&at(-86_400, 0)), "-86400");
}

// ---------------------------------------------------------------- error responses

#[test]
fn error_code_from_the_header_drops_namespace_and_uri() {
    // restJson1 RestJsonFooErrorUsingXAmznErrorType, ...WithUri, ...WithUriAndNamespace,
    // ...WithUriAndDifferentNamespace (and the awsJson1_1 cases of the same names): a 500 with no
    // body whose X-Amzn-Errortype names the error is that error.
    for header in [
        "FooError",
        "FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
        "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
        "aws.different.namespace#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
    ] {
        let error = read_json_error(&response(500, &[("X-Amzn-Errortype", header)], ""));
        assert_eq!(error.code, "FooError", "{header}");
        assert_eq!(error.status, 500);
        assert_eq!(error.message, None);
    }
}

#[test]
fn error_code_from_body_code_or_dunder_type() {
    // restJson1 RestJsonFooErrorUsingCode, ...CodeAndNamespace, ...CodeUriAndNamespace,
    // ...WithDunderType, ...DunderTypeAndNamespace, ...DunderTypeUriAndNamespace,
    // ...WithNestedTypeProperty; awsJson1_1 AwsJson11FooErrorWithDunderTypeAndDifferentNamespace.
    let uri = ":http://internal.amazon.com/coral/com.amazon.coral.validate/";
    let bodies = [
        json!({ "code": "FooError" }),
        json!({ "code": "aws.protocoltests.restjson#FooError" }),
        json!({ "code": format!("aws.protocoltests.restjson#FooError{uri}") }),
        json!({ "__type": "FooError" }),
        json!({ "__type": "aws.protocoltests.restjson#FooError" }),
        json!({ "__type": "aws.different.namespace#FooError" }),
        json!({ "__type": format!("aws.protocoltests.restjson#FooError{uri}") }),
        json!({
            "__type": "aws.protocoltests.restjson#FooError",
            "ErrorDetails": [{ "__type": "com.amazon.internal#ErrorDetails", "reason": "Some reason" }]
        }),
    ];
    for body in bodies {
        let text = body.to_string();
        let error = read_json_error(&response(
            500,
            &[("Content-Type", "application/json")],
            &text,
        ));
        assert_eq!(error.code, "FooError", "{text}");
    }
}

#[test]
fn error_code_precedence_and_nested_dunder_type() {
    // restJson1 RestJsonFooErrorUsingCode: "Client implementations must first check for the
    // X-Amzn-Errortype and then check for a top-level 'code' property."
    let body = r#"{"code": "CodeError", "__type": "TypeError"}"#;
    let error = read_json_error(&response(400, &[("X-Amzn-Errortype", "HeaderError")], body));
    assert_eq!(error.code, "HeaderError");
    let error = read_json_error(&response(400, &[], body));
    assert_eq!(error.code, "CodeError");

    // restJson1 RestJsonFooErrorWithNestedTypeProperty: a nested __type "must not be considered";
    // with nothing at the top level the code is the status (`UnhandledError::code`).
    let body = r#"{"ErrorDetails": [{"__type": "com.amazon.internal#ErrorDetails"}]}"#;
    let error = read_json_error(&response(400, &[], body));
    assert_eq!(error.code, "400");
}

#[test]
fn error_message_and_modeled_body() {
    // restJson1 RestJsonInvalidGreetingError: {"Message": "Hi"} with X-Amzn-Errortype InvalidGreeting
    // parses to InvalidGreeting { Message: "Hi" }.
    #[derive(Deserialize, Debug, PartialEq)]
    struct InvalidGreeting {
        #[serde(rename = "Message")]
        message: Option<String>,
    }
    let headers = [
        ("Content-Type", "application/json"),
        ("X-Amzn-Errortype", "InvalidGreeting"),
    ];
    let error = read_json_error(&response(400, &headers, "{\n    \"Message\": \"Hi\"\n}"));
    assert_eq!(error.code, "InvalidGreeting");
    assert_eq!(error.message.as_deref(), Some("Hi"));
    let body = error.body.expect("a JSON error has a body to parse");
    let parsed: InvalidGreeting = parse_json(error.status, Some(&error.code), &body).unwrap();
    assert_eq!(
        parsed,
        InvalidGreeting {
            message: Some("Hi".to_owned())
        }
    );
    // The documented copy of `Message` to `message`.
    let object: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(object["message"], "Hi");
}

#[test]
fn error_message_forms() {
    // `ErrorResponse::message`: `message`, else `Message`; `None` when absent or null. A body that
    // is not JSON is the message (botocore reads it so).
    let error = read_json_error(&response(
        400,
        &[],
        r#"{"message": "lower", "Message": "upper"}"#,
    ));
    assert_eq!(error.message.as_deref(), Some("lower"));
    let error = read_json_error(&response(400, &[], r#"{"__type": "X", "message": null}"#));
    assert_eq!(error.message, None);
    let error = read_json_error(&response(400, &[], r#"{"__type": "X"}"#));
    assert_eq!(error.message, None);

    let error = read_json_error(&response(403, &[], "Forbidden by policy\n"));
    assert_eq!(error.code, "403");
    assert_eq!(error.message.as_deref(), Some("Forbidden by policy"));
}

#[test]
fn server_error_with_empty_or_html_body_is_a_generic_http_failure() {
    // botocore's generic error: a 5xx with an empty body or an `<html>` page, and no
    // X-Amzn-Errortype, is named by its status and RFC 7231 §6.6 reason phrase.
    let error = read_json_error(&response(503, &[], ""));
    assert_eq!(
        (error.code.as_str(), error.message.as_deref()),
        ("503", Some("Service Unavailable"))
    );
    assert!(error.body.is_none());
    let error = read_json_error(&response(
        502,
        &[],
        "  <html><body>Bad gateway</body></html>\n",
    ));
    assert_eq!(
        (error.code.as_str(), error.message.as_deref()),
        ("502", Some("Bad Gateway"))
    );
    assert!(error.body.is_none());
}

#[test]
fn unhandled_error_keeps_the_raw_body_and_displays_code_status_message() {
    let raw = r#"{"__type": "ThrottlingException", "message": "Rate exceeded"}"#;
    let error = read_json_error(&response(400, &[], raw)).unhandled(raw.as_bytes());
    assert_eq!(error.code, "ThrottlingException");
    assert_eq!(error.body, raw.as_bytes());
    assert_eq!(
        error.to_string(),
        "ThrottlingException (HTTP 400): Rate exceeded"
    );

    let error =
        read_json_error(&response(500, &[("X-Amzn-Errortype", "FooError")], "")).unhandled(b"");
    assert_eq!(error.to_string(), "FooError (HTTP 500)");
}

#[test]
fn complex_error_takes_members_from_headers_and_body() {
    // restJson1 RestJsonComplexErrorWithNoMessage.
    #[derive(Deserialize, Debug, PartialEq)]
    struct ComplexError {
        #[serde(rename = "Header")]
        header: Option<String>,
        #[serde(rename = "TopLevel")]
        top_level: Option<String>,
        #[serde(rename = "Nested")]
        nested: Option<Nested>,
    }
    #[derive(Deserialize, Debug, PartialEq)]
    struct Nested {
        #[serde(rename = "Fooooo")]
        foo: Option<String>,
    }
    let headers = [
        ("Content-Type", "application/json"),
        ("X-Header", "Header"),
        ("X-Amzn-Errortype", "ComplexError"),
    ];
    let body = r#"{"TopLevel": "Top level", "Nested": {"Fooooo": "bar"}}"#;
    let http = response(403, &headers, body);
    let error = read_json_error(&http);
    assert_eq!(error.code, "ComplexError");
    let parsed: ComplexError = parse_error(
        error.status,
        &error.code,
        error.body.as_deref().unwrap(),
        |object| {
            bind_header(object, &http, "X-Header", "Header", |text| {
                Value::String(text.to_owned())
            });
            Ok(())
        },
    )
    .unwrap();
    assert_eq!(
        parsed,
        ComplexError {
            header: Some("Header".to_owned()),
            top_level: Some("Top level".to_owned()),
            nested: Some(Nested {
                foo: Some("bar".to_owned())
            }),
        }
    );
}

#[test]
fn parse_error_names_the_member_and_keeps_the_error_code() {
    #[derive(Deserialize, Debug)]
    struct ComplexError {
        #[serde(rename = "TopLevel")]
        _top_level: Option<String>,
    }
    let failure =
        parse_error::<ComplexError>(403, "ComplexError", br#"{"TopLevel": 5}"#, |_| Ok(()))
            .unwrap_err();
    assert_eq!(
        (failure.status, failure.code.as_str(), failure.path.as_str()),
        (403, "ComplexError", "TopLevel")
    );

    // A failure in `bind` keeps its member path and takes the error's code.
    let http = response(403, &[("X-Json", "%%%")], "{}");
    let failure = parse_error::<ComplexError>(403, "ComplexError", b"{}", |object| {
        bind_base64_header(object, &http, "X-Json", "json", 403)
    })
    .unwrap_err();
    assert_eq!(
        (failure.code.as_str(), failure.path.as_str()),
        ("ComplexError", "json")
    );
}

// ---------------------------------------------------------------- responses and their members

#[derive(Deserialize, Debug, PartialEq, Default)]
#[serde(default)]
struct Output {
    membership: Option<Membership>,
    items: Vec<Item>,
}

#[derive(Deserialize, Debug, PartialEq)]
struct Membership {
    #[serde(rename = "createTime")]
    create_time: i64,
}

#[derive(Deserialize, Debug, PartialEq)]
struct Item {
    n: i32,
}

#[test]
fn parse_json_of_an_empty_body_is_an_empty_object() {
    // restJson1 RestJsonGreetingWithErrorsNoPayload: an empty body has no members.
    for body in [&b""[..], b"  \r\n\t"] {
        assert_eq!(
            parse_json::<Output>(200, None, body).unwrap(),
            Output::default()
        );
    }
}

#[test]
fn parse_json_names_the_failing_member_path() {
    let failure =
        parse_json::<Output>(200, None, br#"{"membership": {"createTime": "yesterday"}}"#)
            .unwrap_err();
    assert_eq!((failure.status, failure.code.as_str()), (200, "200"));
    assert_eq!(failure.path, "membership.createTime");
    assert!(
        failure
            .to_string()
            .starts_with("invalid response body (HTTP 200) at `membership.createTime`: "),
        "{failure}"
    );

    // List items are `[i]` (the `Violation::name` form).
    let failure = parse_json::<Output>(
        400,
        Some("FooError"),
        br#"{"items": [{"n": 1}, {"n": "x"}]}"#,
    )
    .unwrap_err();
    assert_eq!(
        (failure.code.as_str(), failure.path.as_str()),
        ("FooError", "items[1].n")
    );
}

/// A shape with every kind of nesting, for paths.
#[derive(Deserialize, Debug)]
#[allow(dead_code)]
struct Nested {
    #[serde(rename = "a")]
    a: Option<Box<Nested>>,
    #[serde(rename = "list", default)]
    list: Vec<Nested>,
    #[serde(rename = "map", default)]
    map: std::collections::BTreeMap<String, Nested>,
    #[serde(rename = "n", default)]
    n: i32,
    #[serde(rename = "s", default)]
    s: Option<String>,
    #[serde(rename = "req")]
    req: Option<bool>,
    #[serde(rename = "must")]
    must: u8,
}

#[test]
fn parse_json_paths_agree_with_serde_path_to_error() {
    // serde_path_to_error tracks the path through serde itself; ours is read off the text where
    // serde_json stopped. They must agree on every kind of failure, at every depth.
    let bodies = [
        r#"{"must": 1, "n": "x"}"#,
        r#"{"must": 1, "a": {"must": 2, "n": true}}"#,
        r#"{"must": 1, "a": {"n": 3}}"#,
        r#"{"must": 1, "list": [{"must": 1}, {"must": 1, "s": 5}]}"#,
        r#"{"must": 1, "list": [{"must": 1}, {"n": 1}]}"#,
        r#"{"must": 1, "list": [{"must": 1}, 7]}"#,
        r#"{"must": 1, "list": {"must": 1}}"#,
        r#"{"must": 1, "map": {"k1": {"must": 1}, "k.2": {"must": "x"}}}"#,
        r#"{"must": 1, "map": {"k1": {"must": 1}, "k\"3": {}}}"#,
        r#"{"must": 1, "map": {"k": []}}"#,
        r#"{"must": 300}"#,
        r#"{"n": 1}"#,
        "{\n  \"must\": 1,\n  \"a\": {\n    \"must\": 1,\n    \"s\": []\n  }\n}",
        r#"{"must": 1, "a": {"a": {"a": {"must": 1, "list": [{"must": 1, "map": {"x": {"req": 1}}}]}}}}"#,
        r#"{"must": 1, "s": "\u00e9\"", "a": {"must": 1, "s": "ok", "n": 1.5}}"#,
        r#"{"must": 1, "a": null, "list": [null]}"#,
        r#"{"must": 1, "a": {"must": 1,}}"#,
        r#"{"must": 1, "a": {"must": 1"#,
        r#"{"must": 1, "list": [{"must": 1}, {"must": 1, "a": {"must": x}}]}"#,
        r#"[1]"#,
        r#"{"must": 1} x"#,
        r#"{"must": 1 "a": 2}"#,
        r#"{"must": x}"#,
        r#"{"must": tru}"#,
        r#"{"must": 1, "list": [1 2]}"#,
        r#"{"must": 1, "list": [{"must": 1}"#,
        r#"{"must": 1, "list": [{"must": 1}, "#,
        r#"{"must": 1, "s": "abc"#,
        r#"{"must": 1, "map": {"k": {"must": 1, "n": 1e999}}}"#,
        r#"{"must": 1, "a": {"must": 1, "s": "\q"}}"#,
    ];
    for body in bodies {
        let ours = parse_json::<Nested>(200, None, body.as_bytes()).expect_err(body);
        let mut deserializer = serde_json::Deserializer::from_str(body);
        // Trailing text is past the value: the whole body, which serde_path_to_error calls `.`.
        let (expected, message) =
            match serde_path_to_error::deserialize::<_, Nested>(&mut deserializer) {
                Err(e) => (e.path().to_string(), e.into_inner().to_string()),
                Ok(_) => (".".to_owned(), deserializer.end().expect_err(body).to_string()),
            };
        // Where a key was due but never read (a trailing comma), serde_path_to_error writes `?`
        // for it; we name the object.
        let expected = expected.trim_end_matches('?').trim_end_matches('.');
        assert_eq!(ours.path, expected, "{body}: {ours}");
        assert_eq!(ours.message, message, "{body}");
    }
}

#[test]
fn parse_json_rejects_trailing_data_at_the_whole_body() {
    let failure = parse_json::<Output>(200, None, br#"{} {"membership": null}"#).unwrap_err();
    assert_eq!(failure.path, "");
    assert!(
        failure
            .to_string()
            .starts_with("invalid response body (HTTP 200): "),
        "{failure}"
    );
}

#[test]
fn parse_json_whole_body_type_error_has_an_empty_path() {
    // A JSON string or boolean cannot be the output structure at all (an array could: serde reads
    // a structure from a sequence of its members).
    for body in [&br#""just text""#[..], b"true"] {
        let failure = parse_json::<Output>(200, None, body).unwrap_err();
        assert_eq!(failure.path, "");
    }
}

#[test]
fn invalid_response_display_with_and_without_a_path() {
    let mut failure = InvalidResponse {
        status: 502,
        code: "502".to_owned(),
        path: String::new(),
        message: "boom".to_owned(),
    };
    assert_eq!(
        failure.to_string(),
        "invalid response body (HTTP 502): boom"
    );
    failure.path = ".".to_owned();
    assert_eq!(
        failure.to_string(),
        "invalid response body (HTTP 502): boom"
    );
    failure.path = "a.b[0]".to_owned();
    assert_eq!(
        failure.to_string(),
        "invalid response body (HTTP 502) at `a.b[0]`: boom"
    );
}

#[test]
fn body_object_body_value_and_payload_values() {
    assert_eq!(body_object(200, b"").unwrap(), serde_json::Map::new());
    assert_eq!(body_object(200, b" \n").unwrap(), serde_json::Map::new());
    assert_eq!(
        body_object(200, br#"{"a": 1}"#).unwrap().get("a"),
        Some(&json!(1))
    );
    assert_eq!(body_value(200, b"\t").unwrap(), Value::Null);
    assert_eq!(body_value(200, br#""text""#).unwrap(), json!("text"));

    let failure = body_object(200, b"[1,2]").unwrap_err();
    assert_eq!(
        (failure.path.as_str(), failure.message.as_str()),
        ("", "expected a JSON object, got [1,2]")
    );
    let failure = body_value(201, b"{").unwrap_err();
    assert_eq!(
        (failure.status, failure.code.as_str(), failure.path.as_str()),
        (201, "201", "")
    );

    // RFC 4648 §10 test vector.
    assert_eq!(blob_value(b"foobar"), json!("Zm9vYmFy"));
    assert_eq!(blob_value(b""), json!(""));
    assert_eq!(text_value(200, "héllo".as_bytes()).unwrap(), json!("héllo"));
    let failure = text_value(200, &[0x66, 0xff]).unwrap_err();
    assert_eq!((failure.code.as_str(), failure.path.as_str()), ("200", ""));
    assert!(
        failure.message.starts_with("the text payload is not UTF-8"),
        "{failure}"
    );
}

#[test]
fn from_object_names_the_member_and_uses_the_status_as_code() {
    let object = json!({ "membership": { "createTime": true } })
        .as_object()
        .unwrap()
        .clone();
    let failure = from_object::<Output>(200, object).unwrap_err();
    assert_eq!(
        (failure.code.as_str(), failure.path.as_str()),
        ("200", "membership.createTime")
    );
    let object = json!({ "membership": { "createTime": 5 } })
        .as_object()
        .unwrap()
        .clone();
    assert_eq!(
        from_object::<Output>(200, object).unwrap().membership,
        Some(Membership { create_time: 5 })
    );
}

#[test]
fn bind_header_trims_and_skips_absent_headers() {
    // RFC 7230 §3.2.4: OWS around a field value is not part of it.
    let http = response(200, &[("X-Integer", "  123 ")], "");
    let mut object = serde_json::Map::new();
    bind_header(&mut object, &http, "x-integer", "headerInteger", |text| {
        text.parse::<i64>()
            .map_or_else(|_| Value::String(text.to_owned()), Value::from)
    });
    bind_header(&mut object, &http, "X-Missing", "missing", |text| {
        Value::String(text.to_owned())
    });
    assert_eq!(Value::Object(object), json!({ "headerInteger": 123 }));
}

#[test]
fn bind_base64_header_decodes_or_names_the_member() {
    // restJson1 MediaTypeHeaderOutputBase64: X-Json: dHJ1ZQ== → json: "true".
    let http = response(200, &[("X-Json", "dHJ1ZQ==")], "");
    let mut object = serde_json::Map::new();
    bind_base64_header(&mut object, &http, "X-Json", "json", 200).unwrap();
    bind_base64_header(&mut object, &http, "X-Absent", "absent", 200).unwrap();
    assert_eq!(Value::Object(object), json!({ "json": "true" }));

    // `/w==` is base64 of the single byte 0xFF, which is not UTF-8.
    for bad in ["not base64!", "/w=="] {
        let http = response(200, &[("X-Json", bad)], "");
        let mut object = serde_json::Map::new();
        let failure = bind_base64_header(&mut object, &http, "X-Json", "json", 200).unwrap_err();
        assert_eq!(
            (failure.status, failure.path.as_str()),
            (200, "json"),
            "{bad}"
        );
        assert!(
            failure
                .message
                .starts_with("the header `X-Json` is not base64 of UTF-8 text"),
            "{failure}"
        );
        assert!(object.is_empty());
    }
}

#[test]
fn bind_prefix_headers_keys_by_the_rest_of_the_name() {
    // restJson1 RestJsonHttpPrefixHeadersArePresent: prefix x-foo- gives {abc, def}, not x-foo;
    // HTTP field names are case-insensitive (RFC 7230 §3.2), so the prefix matches in any case.
    let http = response(
        200,
        &[
            ("x-foo", "Foo"),
            ("X-Foo-Abc", "Abc value"),
            ("x-foo-def", "Def value"),
        ],
        "",
    );
    for prefix in ["x-foo-", "X-Foo-"] {
        let mut object = serde_json::Map::new();
        bind_prefix_headers(&mut object, &http, prefix, "fooMap");
        assert_eq!(
            Value::Object(object),
            json!({ "fooMap": { "abc": "Abc value", "def": "Def value" } })
        );
    }
    // restXml HttpPrefixHeadersAreNotPresent: no matching header gives an empty map.
    let mut object = serde_json::Map::new();
    bind_prefix_headers(&mut object, &http, "x-bar-", "barMap");
    assert_eq!(Value::Object(object), json!({ "barMap": {} }));

    // restJson1 HttpPrefixHeadersResponse: @httpPrefixHeaders("").
    let http = response(200, &[("x-foo", "Foo"), ("hello", "Hello")], "");
    let mut object = serde_json::Map::new();
    bind_prefix_headers(&mut object, &http, "", "prefixHeaders");
    assert_eq!(
        Value::Object(object),
        json!({ "prefixHeaders": { "x-foo": "Foo", "hello": "Hello" } })
    );
}

// ---------------------------------------------------------------- request bodies and errors

#[test]
fn json_body_leaves_out_the_members_bound_elsewhere() {
    #[derive(serde::Serialize)]
    struct Input {
        label: &'static str,
        header: &'static str,
        body: u8,
    }
    let input = Input {
        label: "l",
        header: "h",
        body: 7,
    };
    let body = json_body(&input, &["label", "header"]).unwrap();
    assert_eq!(
        serde_json::from_slice::<Value>(&body).unwrap(),
        json!({ "body": 7 })
    );
    let body = json_body(&input, &["label", "header", "body"]).unwrap();
    assert_eq!(body, b"{}");
}

#[test]
fn json_body_keeps_the_members_in_the_order_the_structure_writes_them() {
    #[derive(serde::Serialize)]
    struct Input {
        zebra: u8,
        label: &'static str,
        apple: Vec<u8>,
    }
    let input = Input {
        zebra: 1,
        label: "l",
        apple: vec![2, 3],
    };
    let body = json_body(&input, &["label"]).unwrap();
    assert_eq!(body, br#"{"zebra":1,"apple":[2,3]}"#);
}

#[test]
fn json_body_refuses_what_is_not_a_structure() {
    let error = json_body(&7u8, &[]).unwrap_err();
    assert!(matches!(error, RequestError::Body(_)), "{error:?}");
    assert!(
        error.to_string().contains("written from a structure"),
        "{error}"
    );
    assert!(json_body(&vec![1u8], &[]).is_err());
    assert!(json_body(&Some("x"), &[]).is_err());
}

#[test]
fn request_error_body_and_http_variants_have_a_source() {
    let json = serde_json::from_str::<u8>("x").unwrap_err();
    let error = RequestError::Body(json);
    assert!(
        error
            .to_string()
            .starts_with("cannot serialize the request body: "),
        "{error}"
    );
    assert!(std::error::Error::source(&error).is_some());

    let http = http::Request::builder()
        .uri("not a uri\n")
        .body(())
        .unwrap_err();
    let error = RequestError::Http(http);
    assert!(
        error.to_string().starts_with("cannot build the request: "),
        "{error}"
    );
    assert!(std::error::Error::source(&error).is_some());
}

/// A structure with one required member of each kind the awsJson1_0 case
/// `AwsJson10ClientErrorCorrectsWhenServerFailsToSerializeRequiredValues` lists.
#[derive(Deserialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
struct Required {
    required_string: String,
    required_boolean: bool,
    required_list: Vec<String>,
    required_map: std::collections::BTreeMap<String, String>,
    required_long: i64,
    required_double: f64,
    #[serde(with = "crate::serde_support::As::<crate::serde_support::EpochSeconds>")]
    required_timestamp: Timestamp,
    #[serde(with = "crate::serde_support::As::<crate::serde_support::DateTime>")]
    required_date_time: Timestamp,
    nested: Option<Box<Required>>,
    #[serde(default)]
    list: Vec<Required>,
}

static REQUIRED: Fields = Fields(&[
    Fill::Zero("requiredString", Zero::Text("")),
    Fill::Zero("requiredBoolean", Zero::False),
    Fill::Zero("requiredList", Zero::List),
    Fill::Zero("requiredMap", Zero::Map),
    Fill::Zero("requiredLong", Zero::Number),
    Fill::Zero("requiredDouble", Zero::Number),
    Fill::Zero("requiredTimestamp", Zero::Number),
    Fill::Zero("requiredDateTime", Zero::Text("1970-01-01T00:00:00Z")),
    Fill::Walk("nested", Walk::Into(&REQUIRED)),
    Fill::Walk("list", Walk::Items(&Walk::Into(&REQUIRED))),
]);

/// `Required` with every member at its zero value, holding `nested` and `list`.
fn zero_required(nested: Option<Required>, list: Vec<Required>) -> Required {
    Required {
        required_string: String::new(),
        required_boolean: false,
        required_list: Vec::new(),
        required_map: std::collections::BTreeMap::new(),
        required_long: 0,
        required_double: 0.0,
        required_timestamp: at(0, 0),
        required_date_time: at(0, 0),
        nested: nested.map(Box::new),
        list,
    }
}

#[test]
fn parse_output_error_corrects_missing_required_members_with_zero_values() {
    // awsJson1_0 AwsJson10ClientErrorCorrectsWhenServerFailsToSerializeRequiredValues: `{}`
    // gives "", false, [], {}, 0, 0.0 and the epoch; an empty body is `{}`.
    for body in [&b"{}"[..], b""] {
        let corrected: Required = parse_output(200, body, &REQUIRED).unwrap();
        assert_eq!(corrected, zero_required(None, Vec::new()));
    }
    // `null` is absent; members present are kept; nested structures and list items are
    // corrected too.
    let body = br#"{"requiredString": "kept", "requiredLong": null,
        "nested": {"requiredBoolean": true}, "list": [{}, null]}"#;
    let failure = parse_output::<Required>(200, body, &REQUIRED);
    // A list of non-sparse structures cannot hold `null`: correction fills members, it does
    // not invent elements, so the body is still rejected, at the element.
    assert_eq!(failure.unwrap_err().path, "list[1]");
    let body = br#"{"requiredString": "kept", "requiredLong": null,
        "nested": {"requiredBoolean": true}, "list": [{}]}"#;
    let corrected: Required = parse_output(200, body, &REQUIRED).unwrap();
    let mut nested = zero_required(None, Vec::new());
    nested.required_boolean = true;
    let mut expected = zero_required(Some(nested), vec![zero_required(None, Vec::new())]);
    expected.required_string = "kept".to_owned();
    assert_eq!(corrected, expected);
}

#[test]
fn parse_output_reports_what_correction_cannot_fix() {
    // A wrong type is not a missing member: the error is the typed parse's own.
    let failure =
        parse_output::<Required>(200, br#"{"requiredLong": "ten"}"#, &REQUIRED).unwrap_err();
    assert_eq!(failure.path, "requiredLong");
    // Nothing to fill: the first error stands.
    let body = br#"{"requiredString": "", "requiredBoolean": false, "requiredList": [],
        "requiredMap": {}, "requiredLong": 0, "requiredDouble": 0, "requiredTimestamp": 0,
        "requiredDateTime": "1970-01-01T00:00:00Z", "list": 3}"#;
    assert_eq!(parse_output::<Required>(200, body, &REQUIRED).unwrap_err().path, "list");
    // Not JSON at all.
    assert!(parse_output::<Required>(200, b"<html>", &REQUIRED).is_err());
}

#[test]
fn correct_object_fills_absent_and_null_members_only() {
    let mut object = json!({"requiredString": null, "requiredLong": 7})
        .as_object()
        .cloned()
        .unwrap();
    assert!(correct_json_object(&REQUIRED, &mut object));
    assert_eq!(object["requiredString"], json!(""));
    assert_eq!(object["requiredLong"], json!(7));
    assert_eq!(object["requiredDateTime"], json!("1970-01-01T00:00:00Z"));
    assert!(!correct_json_object(&REQUIRED, &mut object), "a second pass changes nothing");
    // Map values are walked.
    static MAP: Fields = Fields(&[Fill::Walk("m", Walk::Values(&Walk::Into(&REQUIRED)))]);
    let mut value = json!({"m": {"a": {}, "b": {"requiredLong": 3}}});
    assert!(correct_json(&MAP, &mut value));
    assert_eq!(value["m"]["a"]["requiredBoolean"], json!(false));
    assert_eq!(value["m"]["b"]["requiredLong"], json!(3));
}

/// A modeled error shows the response's message beside a structure that has none of its own
/// (S3's `NoSuchKey {}` displays as its name), and only once beside one that shows it.
#[test]
fn modeled_error_display_adds_the_message_a_structure_lacks() {
    struct Named(&'static str);
    impl std::fmt::Display for Named {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }
    let bare = ModeledError { error: Named("NoSuchKey"), status: 404, message: Some("The specified key does not exist.".to_owned()) };
    assert_eq!(bare.to_string(), "NoSuchKey: The specified key does not exist.");
    let shown = ModeledError { error: Named("ValidationException: bad name"), status: 400, message: Some("bad name".to_owned()) };
    assert_eq!(shown.to_string(), "ValidationException: bad name");
    let silent = ModeledError { error: Named("FooError"), status: 500, message: None };
    assert_eq!(silent.to_string(), "FooError");
    assert_eq!(silent.0, "FooError", "dereferences to the structure");
}
