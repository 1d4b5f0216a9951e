//! Tests of `crate::serde_support`.
//!
//! Expected values come from the Smithy restJson1/awsJson1_1 protocol tests (cited by test id;
//! `smithy/protocol-tests` in `../shared`), the Smithy timestamp formats (RFC 3339 date-time,
//! RFC 7231 IMF-fixdate, epoch seconds with an optional fraction), RFC 4648 and the adapters' own
//! documentation.

use crate::serde_support::*;
use crate::serde_support::{DeserializeAs, SerializeAs};
use crate::timestamp::Timestamp;

/// `value` as JSON text through the adapter `A`.
fn write<T: ?Sized, A: SerializeAs<T>>(value: &T) -> String {
    let mut out = Vec::new();
    crate::serde_support::As::<A>::serialize(value, &mut serde_json::Serializer::new(&mut out))
        .expect("serializes");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// The JSON text `json` read through the adapter `A`.
fn read<'de, T, A: DeserializeAs<'de, T>>(json: &'de str) -> Result<T, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let value = crate::serde_support::As::<A>::deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// The JSON value `json` read through the adapter `A` (owned strings: the path responses bound to
/// headers take, through a `serde_json::Value`).
fn read_value<T, A: for<'de> DeserializeAs<'de, T>>(
    json: serde_json::Value,
) -> Result<T, serde_json::Error> {
    crate::serde_support::As::<A>::deserialize(json)
}

fn at(seconds: i64, nanos: i128) -> Timestamp {
    Timestamp::from_unix_timestamp_nanos(i128::from(seconds) * 1_000_000_000 + nanos)
        .expect("in range")
}

// ---------------------------------------------------------------- Float

#[test]
fn float_writes_non_finite_values_as_strings_and_others_as_numbers() {
    // restJson1 RestJsonSupportsNaNFloatInputs / ...InfinityFloatInputs / ...NegativeInfinityFloatInputs:
    // {"floatValue": "NaN", "doubleValue": "NaN"} and the like.
    assert_eq!(write::<f64, Float>(&f64::NAN), r#""NaN""#);
    assert_eq!(write::<f64, Float>(&f64::INFINITY), r#""Infinity""#);
    assert_eq!(write::<f64, Float>(&f64::NEG_INFINITY), r#""-Infinity""#);
    assert_eq!(write::<f32, Float>(&f32::NAN), r#""NaN""#);
    assert_eq!(write::<f32, Float>(&f32::INFINITY), r#""Infinity""#);
    assert_eq!(write::<f32, Float>(&f32::NEG_INFINITY), r#""-Infinity""#);

    // restJson1 RestJsonSimpleScalarProperties: "floatValue": 5.5, "DoubleDribble": 6.5. An f32
    // writes its own shortest decimal (1.1), not the f64 it widens to.
    assert_eq!(write::<f32, Float>(&5.5), "5.5");
    assert_eq!(write::<f64, Float>(&6.5), "6.5");
    assert_eq!(write::<f32, Float>(&1.1), "1.1");
}

#[test]
fn float_reads_the_non_finite_strings_and_json_numbers() {
    // restJson1 RestJsonSupportsNaNFloatInputs and the Infinity cases, as response tests (the
    // same ids in `httpResponseTests`).
    assert!(read::<f64, Float>(r#""NaN""#).unwrap().is_nan());
    assert_eq!(read::<f64, Float>(r#""Infinity""#).unwrap(), f64::INFINITY);
    assert_eq!(
        read::<f64, Float>(r#""-Infinity""#).unwrap(),
        f64::NEG_INFINITY
    );
    assert!(read::<f32, Float>(r#""NaN""#).unwrap().is_nan());
    assert_eq!(read::<f32, Float>(r#""Infinity""#).unwrap(), f32::INFINITY);
    assert_eq!(
        read::<f32, Float>(r#""-Infinity""#).unwrap(),
        f32::NEG_INFINITY
    );
    // Through a `Value` too (owned strings).
    assert_eq!(
        read_value::<f64, Float>(serde_json::json!("-Infinity")).unwrap(),
        f64::NEG_INFINITY
    );

    assert_eq!(read::<f64, Float>("6.5").unwrap(), 6.5);
    assert_eq!(read::<f64, Float>("3").unwrap(), 3.0);
    assert_eq!(read::<f64, Float>("-2").unwrap(), -2.0);
    assert_eq!(read::<f64, Float>("1e3").unwrap(), 1000.0);
    assert_eq!(read::<f32, Float>("1.1").unwrap(), 1.1f32);
    assert_eq!(read::<f32, Float>("5.5").unwrap(), 5.5f32);
}

#[test]
fn float_rejects_other_strings_and_types() {
    // Only the exact spellings NaN, Infinity and -Infinity stand for numbers; numbers are JSON
    // numbers, not strings.
    for json in [
        r#""nan""#,
        r#""inf""#,
        r#""infinity""#,
        r#""+Infinity""#,
        r#""1.5""#,
        r#""""#,
        "null",
        "true",
        "[]",
    ] {
        assert!(read::<f64, Float>(json).is_err(), "{json}");
        assert!(read::<f32, Float>(json).is_err(), "{json}");
    }
}

// ---------------------------------------------------------------- Base64

#[test]
fn base64_writes_rfc4648_padded_text_and_round_trips() {
    // RFC 4648 §10 test vectors.
    let vectors = [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ];
    for (bytes, text) in vectors {
        assert_eq!(
            write::<Vec<u8>, Base64>(&bytes.as_bytes().to_vec()),
            format!("\"{text}\"")
        );
        assert_eq!(
            read::<Vec<u8>, Base64>(&format!("\"{text}\"")).unwrap(),
            bytes.as_bytes()
        );
    }

    let bytes: Vec<u8> = (0..=255).collect();
    let json = write::<Vec<u8>, Base64>(&bytes);
    assert_eq!(read::<Vec<u8>, Base64>(&json).unwrap(), bytes);
    assert_eq!(
        read_value::<Vec<u8>, Base64>(serde_json::from_str(&json).unwrap()).unwrap(),
        bytes
    );
}

#[test]
fn base64_uses_the_standard_alphabet() {
    // RFC 4648 §4: 62 is `+`, 63 is `/` (not the URL-safe `-` and `_` of §5).
    assert_eq!(write::<Vec<u8>, Base64>(&vec![0xfb, 0xff]), r#""+/8=""#);
    assert_eq!(read::<Vec<u8>, Base64>(r#""+/8=""#).unwrap(), [0xfb, 0xff]);
    assert!(read::<Vec<u8>, Base64>(r#""-_8=""#).is_err());
}

#[test]
fn base64_rejects_invalid_text_and_non_strings() {
    // Characters outside the alphabet, missing or wrong padding (the adapter reads padded
    // RFC 4648 text), and JSON that is not a string.
    for json in [
        r#""Zm9v!""#,
        r#""Zg""#,
        r#""Zm9vYg=""#,
        r#""Zm9v Zm9v""#,
        "5",
        "null",
        "[102]",
    ] {
        assert!(read::<Vec<u8>, Base64>(json).is_err(), "{json}");
    }
}

// ---------------------------------------------------------------- timestamps

#[test]
fn epoch_seconds_writes_an_integer_or_a_number_with_a_fraction() {
    // restJson1 RestJsonJsonTimestampsWithEpochSecondsFormat: "epochSeconds": 1398796238 (an
    // integer); RestJsonDateTimeWithFractionalSeconds: 946845296.123.
    assert_eq!(
        write::<Timestamp, EpochSeconds>(&at(1_398_796_238, 0)),
        "1398796238"
    );
    assert_eq!(
        write::<Timestamp, EpochSeconds>(&at(946_845_296, 123_000_000)),
        "946845296.123"
    );
    // 1969-12-31T23:59:58.5Z.
    assert_eq!(
        write::<Timestamp, EpochSeconds>(&at(-2, 500_000_000)),
        "-1.5"
    );
}

#[test]
fn epoch_seconds_reads_numbers_fractions_and_numeric_strings() {
    assert_eq!(
        read::<Timestamp, EpochSeconds>("1398796238").unwrap(),
        at(1_398_796_238, 0)
    );
    assert_eq!(
        read::<Timestamp, EpochSeconds>("946845296.123").unwrap(),
        at(946_845_296, 123_000_000)
    );
    assert_eq!(
        read::<Timestamp, EpochSeconds>("-1.5").unwrap(),
        at(-2, 500_000_000)
    );
    assert_eq!(
        read::<Timestamp, EpochSeconds>("-86400").unwrap(),
        at(-86_400, 0)
    );
    assert_eq!(
        read::<Timestamp, EpochSeconds>(r#""1398796238""#).unwrap(),
        at(1_398_796_238, 0)
    );
    assert_eq!(
        read::<Timestamp, EpochSeconds>(r#""946845296.123""#).unwrap(),
        at(946_845_296, 123_000_000)
    );

    // As `from_epoch_seconds` documents.
    assert_eq!(
        read::<Timestamp, EpochSeconds>("1.0000004").unwrap(),
        at(1, 0)
    );
    assert_eq!(
        read::<Timestamp, EpochSeconds>("1.0000006").unwrap(),
        at(1, 1_000)
    );
}

#[test]
fn date_time_writes_rfc3339_in_utc() {
    // restJson1 RestJsonJsonTimestampsWithDateTimeFormat ("2014-04-29T18:30:38Z") and
    // RestJsonDateTimeWithFractionalSeconds ("2000-01-02T20:34:56.123Z").
    assert_eq!(
        write::<Timestamp, DateTime>(&at(1_398_796_238, 0)),
        r#""2014-04-29T18:30:38Z""#
    );
    assert_eq!(
        write::<Timestamp, DateTime>(&at(946_845_296, 123_000_000)),
        r#""2000-01-02T20:34:56.123Z""#
    );
}

#[test]
fn date_time_reads_offsets_fractions_and_lowercase_t_z() {
    // restJson1 RestJsonDateTimeWithNegativeOffset / ...PositiveOffset (both 1576540098) and
    // RestJsonDateTimeWithFractionalSeconds (946845296.123).
    assert_eq!(
        read::<Timestamp, DateTime>(r#""2019-12-16T22:48:18-01:00""#).unwrap(),
        at(1_576_540_098, 0)
    );
    assert_eq!(
        read::<Timestamp, DateTime>(r#""2019-12-17T00:48:18+01:00""#).unwrap(),
        at(1_576_540_098, 0)
    );
    assert_eq!(
        read::<Timestamp, DateTime>(r#""2000-01-02T20:34:56.123Z""#).unwrap(),
        at(946_845_296, 123_000_000)
    );

    // RFC 3339 §5.6: "T" and "Z" may alternatively be lower case "t" or "z".
    assert_eq!(
        read::<Timestamp, DateTime>(r#""2014-04-29t18:30:38z""#).unwrap(),
        at(1_398_796_238, 0)
    );
}

#[test]
fn http_date_writes_imf_fixdate_without_fraction() {
    // restJson1 RestJsonJsonTimestampsWithHttpDateFormat: "Tue, 29 Apr 2014 18:30:38 GMT";
    // RFC 7231 §7.1.1.1 example "Sun, 06 Nov 1994 08:49:37 GMT" (two-digit day).
    assert_eq!(
        write::<Timestamp, HttpDate>(&at(1_398_796_238, 0)),
        r#""Tue, 29 Apr 2014 18:30:38 GMT""#
    );
    assert_eq!(
        write::<Timestamp, HttpDate>(&at(784_111_777, 0)),
        r#""Sun, 06 Nov 1994 08:49:37 GMT""#
    );
    assert_eq!(
        write::<Timestamp, HttpDate>(&at(946_845_296, 123_000_000)),
        r#""Sun, 02 Jan 2000 20:34:56 GMT""#
    );
}

#[test]
fn http_date_reads_imf_fixdate() {
    assert_eq!(
        read::<Timestamp, HttpDate>(r#""Tue, 29 Apr 2014 18:30:38 GMT""#).unwrap(),
        at(1_398_796_238, 0)
    );
    assert_eq!(
        read::<Timestamp, HttpDate>(r#""Sun, 06 Nov 1994 08:49:37 GMT""#).unwrap(),
        at(784_111_777, 0)
    );
    assert_eq!(
        read_value::<Timestamp, HttpDate>(serde_json::json!("Mon, 16 Dec 2019 23:48:18 GMT"))
            .unwrap(),
        at(1_576_540_098, 0)
    );
}

#[test]
fn http_date_reads_the_obsolete_http_date_forms() {
    // The two obsolete examples of RFC 7231 §7.1.1.1.
    assert_eq!(
        read::<Timestamp, HttpDate>(r#""Sunday, 06-Nov-94 08:49:37 GMT""#).unwrap(),
        at(784_111_777, 0)
    );
    assert_eq!(
        read::<Timestamp, HttpDate>(r#""Sun Nov  6 08:49:37 1994""#).unwrap(),
        at(784_111_777, 0)
    );
}

#[test]
fn every_timestamp_adapter_reads_every_format() {
    // As `TimestampVisitor` documents: whatever the member's declared format.
    let forms = [
        "1398796238",
        r#""1398796238""#,
        r#""2014-04-29T18:30:38Z""#,
        r#""Tue, 29 Apr 2014 18:30:38 GMT""#,
    ];
    for json in forms {
        let expected = at(1_398_796_238, 0);
        assert_eq!(
            read::<Timestamp, EpochSeconds>(json).unwrap(),
            expected,
            "{json}"
        );
        assert_eq!(
            read::<Timestamp, DateTime>(json).unwrap(),
            expected,
            "{json}"
        );
        assert_eq!(
            read::<Timestamp, HttpDate>(json).unwrap(),
            expected,
            "{json}"
        );
    }
}

#[test]
fn timestamps_reject_what_is_no_timestamp() {
    for json in [
        r#""yesterday""#,
        r#""""#,
        r#""2019-13-01T00:00:00Z""#,
        r#""2019-12-16T23:48:18""#, // RFC 3339 requires an offset
        r#""NaN""#,
        r#""Infinity""#,
        "true",
        "null",
        "[1398796238]",
    ] {
        assert!(
            read::<Timestamp, EpochSeconds>(json).is_err(),
            "{json}"
        );
        assert!(read::<Timestamp, DateTime>(json).is_err(), "{json}");
    }

    let error = read::<Timestamp, EpochSeconds>(r#""yesterday""#)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("a timestamp: epoch seconds, an RFC 3339 date-time or an HTTP date"),
        "{error}"
    );
}

#[test]
fn out_of_range_epoch_seconds_are_errors_not_panics() {
    for json in [
        "1e300",
        "-1e300",
        "18446744073709551615",
        "-9223372036854775808",
        "1e20",
    ] {
        assert!(
            read::<Timestamp, EpochSeconds>(json).is_err(),
            "{json}"
        );
    }
}

// ---------------------------------------------------------------- EnumVisitor

#[derive(Debug, PartialEq)]
enum Status {
    Active,
    Unknown(String),
}

impl From<&str> for Status {
    fn from(value: &str) -> Self {
        match value {
            "ACTIVE" => Self::Active,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

impl From<String> for Status {
    fn from(value: String) -> Self {
        match value.as_str() {
            "ACTIVE" => Self::Active,
            _ => Self::Unknown(value),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Status {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(EnumVisitor::<Self>::new())
    }
}

#[test]
fn enum_visitor_keeps_unknown_values_and_wants_a_string() {
    // Smithy enums are open: a value the client does not know yet survives.
    assert_eq!(
        serde_json::from_str::<Status>(r#""ACTIVE""#).unwrap(),
        Status::Active
    );
    assert_eq!(
        serde_json::from_str::<Status>(r#""PAUSED""#).unwrap(),
        Status::Unknown("PAUSED".to_owned())
    );
    assert_eq!(
        serde_json::from_str::<Status>(r#""a\"b""#).unwrap(),
        Status::Unknown("a\"b".to_owned())
    );
    assert_eq!(
        serde_json::from_value::<Status>(serde_json::json!("ACTIVE")).unwrap(),
        Status::Active
    );
    assert_eq!(
        serde_json::from_value::<Status>(serde_json::json!("")).unwrap(),
        Status::Unknown(String::new())
    );

    for json in ["1", "null", "true", "[\"ACTIVE\"]"] {
        let error = serde_json::from_str::<Status>(json)
            .unwrap_err()
            .to_string();
        assert!(error.contains("expected a string"), "{json}: {error}");
    }
}
