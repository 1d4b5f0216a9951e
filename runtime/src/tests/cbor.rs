//! Tests of the CBOR side of `crate::serde_support` and `crate::http_support` (rpcv2Cbor).
//!
//! Expected values come from RFC 8949 (its Appendix A examples, cited as "RFC 8949 A"), the
//! Smithy rpcv2Cbor protocol tests (`smithy/protocol-tests/smithy/rpcv2Cbor/*.smithy` and
//! `aws/rpcv2Cbor/*.smithy` in `../shared`, cited by test id; their bodies are base64 CBOR), the
//! rpcv2Cbor specification (smithy-rpc-v2.rst: shape serialization, timestamps, errors) and
//! RFC 4648.

use crate::http_support::*;
use crate::serde_support::*;
use serde::{Deserialize, Serialize};
use crate::serde_support::De as DeserializeAsWrap;
use crate::serde_support::Ser as SerializeAsWrap;
use crate::serde_support::{DeserializeAs, SerializeAs};
use crate::timestamp::Timestamp;

/// Bytes from hex text (spaces ignored), as RFC 8949 prints its examples.
fn hex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap())
        .collect()
}

/// A protocol test's base64 body.
fn b64(text: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .expect("a protocol test body is base64")
}

fn at(seconds: i64, nanos: i128) -> Timestamp {
    Timestamp::from_unix_timestamp_nanos(i128::from(seconds) * 1_000_000_000 + nanos)
        .expect("in range")
}

/// `value` through the adapter `A`, written by ciborium itself.
fn write<T, A: SerializeAs<T>>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    ciborium::into_writer(&SerializeAsWrap::<T, A>::new(value), &mut out).expect("serializes");
    out
}

/// The CBOR `bytes` read through the adapter `A`.
fn read<T, A: for<'de> DeserializeAs<'de, T>>(bytes: &[u8]) -> Result<T, String> {
    let mut rest = bytes;
    let value = ciborium::from_reader::<DeserializeAsWrap<T, A>, _>(&mut rest)
        .map_err(|e| e.to_string())?;
    assert!(rest.is_empty(), "the whole item is read");
    Ok(value.0)
}

/// A one-member structure around an adapted value, as generated types hold them.
#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Stamp {
    #[serde(with = "crate::serde_support::As::<crate::serde_support::EpochSeconds>")]
    t: Timestamp,
}

// ---------------------------------------------------------------- timestamps

#[test]
fn timestamps_write_tag_1_with_a_double() {
    // RFC 8949 A: 1(1363896240.5) is c1 fb 41d452d9ec200000; the whole second, as a double,
    // is c1 fb 41d452d9ec000000 (the protocol tests send whole seconds as doubles too:
    // rpcv2Cbor RpcV2CborLists `1(1398796238.0)`).
    let whole = hex("c1 fb 41d452d9ec000000");
    let fraction = hex("c1 fb 41d452d9ec200000");
    // Every timestamp format: rpcv2Cbor "MUST NOT" respect @timestampFormat.
    for (t, expected) in [(at(1_363_896_240, 0), &whole), (at(1_363_896_240, 500_000_000), &fraction)] {
        assert_eq!(&write::<_, EpochSeconds>(&t), expected);
        assert_eq!(&write::<_, DateTime>(&t), expected);
        assert_eq!(&write::<_, HttpDate>(&t), expected);
    }
    // The same bytes as ciborium's own tag type.
    let mut tagged = Vec::new();
    ciborium::into_writer(
        &ciborium::tag::Required::<f64, 1>(1_363_896_240.0),
        &mut tagged,
    )
    .unwrap();
    assert_eq!(tagged, whole);

    // Through `cbor_body` a timestamp is always a double, even one that a single or half would
    // hold exactly (rpcv2Cbor RpcV2CborDateTimeWithFractionalSeconds sends fb; before the
    // epoch, -1.0 is fb bff0000000000000).
    let body = |t| cbor_body(&Stamp { t }).unwrap();
    assert_eq!(body(at(1, 500_000_000)), hex("a1 61 74 c1 fb 3ff8000000000000"));
    assert_eq!(body(at(1_363_896_240, 0)), hex("a1 61 74 c1 fb 41d452d9ec000000"));
    assert_eq!(body(at(-1, 0)), hex("a1 61 74 c1 fb bff0000000000000"));
}

#[test]
fn timestamps_read_tag_1_and_untagged_numbers_of_any_width() {
    // RFC 8949 A examples.
    assert_eq!(
        read::<_, EpochSeconds>(&hex("c1 1a 514b67b0")),
        Ok(at(1_363_896_240, 0))
    );
    assert_eq!(
        read::<_, DateTime>(&hex("c1 fb 41d452d9ec200000")),
        Ok(at(1_363_896_240, 500_000_000))
    );
    assert_eq!(read::<_, HttpDate>(&hex("c1 20")), Ok(at(-1, 0)));
    // Half (f9 3e00 is 1.5) and single (fa 3fc00000 is 1.5) precision inside the tag.
    assert_eq!(
        read::<_, EpochSeconds>(&hex("c1 f9 3e00")),
        Ok(at(1, 500_000_000))
    );
    assert_eq!(
        read::<_, EpochSeconds>(&hex("c1 fa 3fc00000")),
        Ok(at(1, 500_000_000))
    );
    // Untagged numbers, as JSON sends them.
    assert_eq!(
        read::<_, EpochSeconds>(&hex("1a 514b67b0")),
        Ok(at(1_363_896_240, 0))
    );
    assert_eq!(
        read::<_, EpochSeconds>(&hex("f9 3e00")),
        Ok(at(1, 500_000_000))
    );

    // rpcv2Cbor RpcV2CborDateTimeWithFractionalSeconds: { datetime: 946845296.123 }, to the
    // millisecond.
    #[derive(Deserialize, Debug, PartialEq)]
    struct FractionalSecondsOutput {
        #[serde(
            default,
            with = "crate::serde_support::As::<Option<crate::serde_support::DateTime>>"
        )]
        datetime: Option<Timestamp>,
    }
    let output: FractionalSecondsOutput =
        parse_cbor(200, None, &b64("v2hkYXRldGltZcH7Qcw32zgPvnf/")).unwrap();
    assert_eq!(output.datetime, Some(at(946_845_296, 123_000_000)));
}

#[test]
fn timestamps_reject_other_tags_and_tagged_non_numbers() {
    // RFC 8949 A: 0("2013-03-21T20:04:00Z"), a date/time string under tag 0: rpcv2Cbor sends tag
    // 1 only.
    let tag0 = hex("c0 74 323031332d30332d32315432303a30343a30305a");
    let error = read::<_, EpochSeconds>(&tag0).unwrap_err();
    assert!(error.contains("found tag 0"), "{error}");
    // Tag 1 around text, or around tag 1; the failure is the member's.
    assert!(read::<_, EpochSeconds>(&hex("c1 61 31")).is_err());
    let failure = parse_cbor::<Stamp>(200, None, &hex("a1 61 74 c1 61 31")).unwrap_err();
    assert_eq!(failure.path, "t");
    assert!(read::<_, EpochSeconds>(&hex("c1 c1 01")).is_err());
    // Out of range, NaN and infinities: errors, not panics.
    for bytes in [
        "c1 1b 7fffffffffffffff",
        "c1 f9 7e00",
        "c1 f9 7c00",
        "c1 3b 7fffffffffffffff",
    ] {
        assert!(read::<_, EpochSeconds>(&hex(bytes)).is_err(), "{bytes}");
    }
}

// ---------------------------------------------------------------- blobs

#[test]
fn blobs_are_byte_strings_of_definite_or_indefinite_length() {
    // RFC 8949 A: h'01020304' is 44 01020304; (_ h'0102', h'030405') is 5f 42 0102 43 030405 ff.
    assert_eq!(write::<_, Base64>(&vec![1u8, 2, 3, 4]), hex("44 01020304"));
    assert_eq!(write::<_, Base64>(&Vec::new()), hex("40"));
    assert_eq!(read::<_, Base64>(&hex("44 01020304")), Ok(vec![1, 2, 3, 4]));
    assert_eq!(
        read::<_, Base64>(&hex("5f 42 0102 43 030405 ff")),
        Ok(vec![1, 2, 3, 4, 5])
    );
    assert_eq!(read::<_, Base64>(&hex("40")), Ok(vec![]));
    // Longer than ciborium's 4 KiB scratch buffer.
    let long: Vec<u8> = (0..10_000u32).map(|i| i as u8).collect();
    assert_eq!(read::<_, Base64>(&write::<_, Base64>(&long)), Ok(long));
    // Text (even base64 text), numbers and arrays are not blobs in CBOR.
    for bytes in ["64 5a6d3976", "01", "83 01 02 03", "f6"] {
        assert!(read::<_, Base64>(&hex(bytes)).is_err(), "{bytes}");
    }

    // rpcv2Cbor RpcV2CborIndefiniteLengthByteStringsCanBeDeserialized.
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct BlobOutput {
        #[serde(with = "crate::serde_support::As::<crate::serde_support::Base64>")]
        blob_value: Vec<u8>,
    }
    let body = b64(
        "oWlibG9iVmFsdWVfWCJBbiBleGFtcGxlIGluZGVmaW5pdGUtYnl0ZSBzdHJpbmcsUSBjaHVua2VkIG9uIGNvbW1h/w==",
    );
    let output: BlobOutput = parse_cbor(200, None, &body).unwrap();
    assert_eq!(
        output.blob_value,
        b"An example indefinite-byte string, chunked on comma"
    );
}

// ---------------------------------------------------------------- floats

#[test]
fn floats_write_native_cbor_floats_including_nan_and_infinities() {
    // RFC 8949 A: ciborium writes the shortest exact float; cbor_body (below) never half.
    assert_eq!(write::<f64, Float>(&f64::INFINITY), hex("f9 7c00"));
    assert_eq!(write::<f64, Float>(&f64::NEG_INFINITY), hex("f9 fc00"));
    assert_eq!(write::<f64, Float>(&f64::NAN), hex("f9 7e00"));
    assert_eq!(write::<f64, Float>(&1.1), hex("fb 3ff199999999999a"));
    assert_eq!(write::<f32, Float>(&f32::NAN), hex("f9 7e00"));
    assert_eq!(write::<f32, Float>(&100_000.0), hex("fa 47c35000"));

    // rpcv2Cbor RpcV2CborSupportsNaNFloatInputs / ...InfinityFloatInputs /
    // ...NegativeInfinityFloatInputs: doubleValue fb, floatValue fa.
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Floats {
        #[serde(with = "crate::serde_support::As::<crate::serde_support::Float>")]
        double_value: f64,
        #[serde(with = "crate::serde_support::As::<crate::serde_support::Float>")]
        float_value: f32,
    }
    // The protocol tests write the double as fb; NaN and the infinities fit a single exactly,
    // so cbor_body writes fa for both members (the same values: RFC 8949 §3.3).
    let double_key = "6b 646f75626c6556616c7565";
    let float_key = "6a 666c6f617456616c7565";
    let cases = [
        (f64::NAN, f32::NAN, "fa 7fc00000"),
        (f64::INFINITY, f32::INFINITY, "fa 7f800000"),
        (f64::NEG_INFINITY, f32::NEG_INFINITY, "fa ff800000"),
    ];
    for (double, float, cbor) in cases {
        let body = cbor_body(&Floats {
            double_value: double,
            float_value: float,
        })
        .unwrap();
        assert_eq!(
            body,
            hex(&format!("a2 {double_key} {cbor} {float_key} {cbor}"))
        );
    }
    // 1.5 fits half precision exactly; rpcv2Cbor: floats "SHOULD NOT serialize into a
    // half-precision" value, so cbor_body writes a single.
    let body = cbor_body(&Floats {
        double_value: 1.5,
        float_value: 1.5,
    })
    .unwrap();
    assert_eq!(
        body,
        hex(&format!(
            "a2 {double_key} fa 3fc00000 {float_key} fa 3fc00000"
        ))
    );
}

#[test]
fn floats_read_every_width_the_non_finite_values_and_integers() {
    // RFC 8949 A.
    let cases = [
        ("f9 0000", 0.0),
        ("f9 8000", -0.0),
        ("f9 3c00", 1.0),
        ("fb 3ff199999999999a", 1.1),
        ("f9 3e00", 1.5),
        ("f9 7bff", 65504.0),
        ("fa 47c35000", 100_000.0),
        ("fa 7f7fffff", 3.402_823_466_385_288_6e38),
        ("fb 7e37e43c8800759c", 1.0e300),
        ("f9 0001", 5.960_464_477_539_063e-8),
        ("f9 0400", 0.000_061_035_156_25),
        ("f9 c400", -4.0),
        ("fb c010666666666666", -4.1),
        // rpcv2Cbor "MAY" send a float without a fraction as an integer.
        ("18 64", 100.0),
        ("39 03e7", -1000.0),
    ];
    for (bytes, expected) in cases {
        let value = read::<f64, Float>(&hex(bytes)).unwrap();
        assert_eq!(value.to_bits(), f64::to_bits(expected), "{bytes}");
    }
    for bytes in ["f9 7c00", "fa 7f800000", "fb 7ff0000000000000"] {
        assert_eq!(
            read::<f64, Float>(&hex(bytes)),
            Ok(f64::INFINITY),
            "{bytes}"
        );
        assert_eq!(
            read::<f32, Float>(&hex(bytes)),
            Ok(f32::INFINITY),
            "{bytes}"
        );
    }
    for bytes in ["f9 fc00", "fa ff800000", "fb fff0000000000000"] {
        assert_eq!(
            read::<f64, Float>(&hex(bytes)),
            Ok(f64::NEG_INFINITY),
            "{bytes}"
        );
    }
    for bytes in ["f9 7e00", "fa 7fc00000", "fb 7ff8000000000000"] {
        assert!(read::<f64, Float>(&hex(bytes)).unwrap().is_nan(), "{bytes}");
        assert!(read::<f32, Float>(&hex(bytes)).unwrap().is_nan(), "{bytes}");
    }
    // Not numbers.
    for bytes in ["f6", "f5", "80", "a0", "41 00"] {
        assert!(read::<f64, Float>(&hex(bytes)).is_err(), "{bytes}");
    }

    // rpcv2Cbor float16.smithy: RpcV2CborFloat16Inf, ...NegInf, ...LSBNaN, ...MSBNaN, ...Subnormal.
    #[derive(Deserialize)]
    struct Float16Output {
        #[serde(
            default,
            with = "crate::serde_support::As::<Option<crate::serde_support::Float>>"
        )]
        value: Option<f64>,
    }
    let parse = |body: &str| {
        parse_cbor::<Float16Output>(200, None, &b64(body))
            .unwrap()
            .value
            .unwrap()
    };
    assert_eq!(parse("oWV2YWx1Zfl8AA=="), f64::INFINITY);
    assert_eq!(parse("oWV2YWx1Zfn8AA=="), f64::NEG_INFINITY);
    assert!(parse("oWV2YWx1Zfl8AQ==").is_nan());
    assert!(parse("oWV2YWx1Zfl+AA==").is_nan());
    assert_eq!(parse("oWV2YWx1ZfkAUA=="), 0.000_004_768_371_582_031_25);
}

// ---------------------------------------------------------------- integers

#[test]
fn integers_out_of_range_for_their_member_are_errors_not_wraps() {
    #[derive(Deserialize, Debug)]
    struct Numbers {
        #[serde(default)]
        b: Option<i8>,
        #[serde(default)]
        s: Option<i16>,
        #[serde(default)]
        i: Option<i32>,
        #[serde(default)]
        l: Option<i64>,
    }
    // { key: value } with a one-letter key.
    let body = |key: char, value: &str| hex(&format!("a1 61 {:02x} {value}", key as u8));
    let parse = |key, value| parse_cbor::<Numbers>(200, None, &body(key, value));
    // At the bounds (RFC 8949 §3.1: major type 0 is n, major type 1 is -1 - n).
    assert_eq!(parse('b', "18 7f").unwrap().b, Some(127));
    assert_eq!(parse('b', "38 7f").unwrap().b, Some(-128));
    assert_eq!(parse('s', "19 7fff").unwrap().s, Some(32767));
    assert_eq!(parse('s', "39 7fff").unwrap().s, Some(-32768));
    assert_eq!(parse('i', "1a 7fffffff").unwrap().i, Some(i32::MAX));
    assert_eq!(parse('i', "3a 7fffffff").unwrap().i, Some(i32::MIN));
    assert_eq!(parse('l', "1b 7fffffffffffffff").unwrap().l, Some(i64::MAX));
    assert_eq!(parse('l', "3b 7fffffffffffffff").unwrap().l, Some(i64::MIN));
    // One past them.
    for (key, value) in [
        ('b', "18 80"),
        ('b', "38 80"),
        ('b', "19 0100"),
        ('s', "19 8000"),
        ('s', "39 8000"),
        ('i', "1a 80000000"),
        ('i', "3a 80000000"),
        ('i', "1b 0000000100000000"),
        ('l', "1b 8000000000000000"),
        ('l', "3b 8000000000000000"),
        // RFC 8949 A: 2(h'010000000000000000') is 18446744073709551616.
        ('l', "c2 49 010000000000000000"),
    ] {
        let failure = parse(key, value).unwrap_err();
        assert_eq!(failure.path, key.to_string(), "{value}");
    }
    // Floats are not integers.
    assert!(parse('i', "f9 3c00").is_err());
}

// ---------------------------------------------------------------- AnyValue

/// `bytes` read as an [`AnyValue`] from CBOR.
fn any(bytes: &[u8]) -> Result<serde_json::Value, String> {
    parse_cbor::<AnyValue>(200, None, bytes)
        .map(|AnyValue(value)| value)
        .map_err(|e| e.message)
}

#[test]
fn any_value_reads_cbor_as_the_json_our_types_use() {
    use serde_json::json;
    // RFC 8949 A examples.
    assert_eq!(any(&hex("00")), Ok(json!(0)));
    assert_eq!(
        any(&hex("1b ffffffffffffffff")),
        Ok(json!(18_446_744_073_709_551_615u64))
    );
    assert_eq!(any(&hex("3b 7fffffffffffffff")), Ok(json!(i64::MIN)));
    assert_eq!(any(&hex("fb 3ff199999999999a")), Ok(json!(1.1)));
    assert_eq!(any(&hex("f9 3e00")), Ok(json!(1.5)));
    assert_eq!(any(&hex("f4")), Ok(json!(false)));
    assert_eq!(any(&hex("f5")), Ok(json!(true)));
    // null and undefined (rpcv2Cbor: "deserialize this CBOR value to null").
    assert_eq!(any(&hex("f6")), Ok(json!(null)));
    assert_eq!(any(&hex("f7")), Ok(json!(null)));
    // NaN and the infinities as restJson1 spells them.
    assert_eq!(any(&hex("f9 7e00")), Ok(json!("NaN")));
    assert_eq!(any(&hex("f9 7c00")), Ok(json!("Infinity")));
    assert_eq!(any(&hex("f9 fc00")), Ok(json!("-Infinity")));
    // Byte strings as base64 (RFC 4648 §10: "foobar" is Zm9vYmFy), definite or not.
    assert_eq!(any(&hex("46 666f6f626172")), Ok(json!("Zm9vYmFy")));
    assert_eq!(
        any(&hex("5f 43 666f6f 43 626172 ff")),
        Ok(json!("Zm9vYmFy"))
    );
    // Text, definite or not: (_ "strea", "ming").
    assert_eq!(
        any(&hex("7f 65 7374726561 64 6d696e67 ff")),
        Ok(json!("streaming"))
    );
    // Tags give their content: 1(1363896240), 1(1363896240.5), 32("http://www.example.com").
    assert_eq!(any(&hex("c1 1a 514b67b0")), Ok(json!(1_363_896_240)));
    assert_eq!(
        any(&hex("c1 fb 41d452d9ec200000")),
        Ok(json!(1_363_896_240.5))
    );
    assert_eq!(
        any(&hex(
            "d8 20 76 687474703a2f2f7777772e6578616d706c652e636f6d"
        )),
        Ok(json!("http://www.example.com"))
    );
    // A bignum beyond 64 bits keeps its digits: 2(h'010000000000000000').
    assert_eq!(
        any(&hex("c2 49 010000000000000000")),
        Ok(json!("18446744073709551616"))
    );
    // Arrays and maps, definite and indefinite: {"a": 1, "b": [2, 3]} and
    // {_ "a": 1, "b": [_ 2, 3]}.
    let expected = json!({"a": 1, "b": [2, 3]});
    assert_eq!(
        any(&hex("a2 61 61 01 61 62 82 02 03")),
        Ok(expected.clone())
    );
    assert_eq!(any(&hex("bf 61 61 01 61 62 9f 02 03 ff ff")), Ok(expected));
    // A map key that is not text: {1: 2, 3: 4}.
    assert!(any(&hex("a2 01 02 03 04")).is_err());
}

#[test]
fn any_value_writes_byte_strings_as_rfc4648_base64() {
    // RFC 4648 §10 test vectors.
    for (bytes, text) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ] {
        let mut cbor = vec![0x40 + bytes.len() as u8];
        cbor.extend(bytes.as_bytes());
        assert_eq!(any(&cbor), Ok(serde_json::json!(text)), "{bytes}");
    }
    // The same text as the `Base64` adapter writes to JSON, for every byte and length.
    for len in 0..300usize {
        let bytes: Vec<u8> = (0..len).map(|i| (i * 97 + len) as u8).collect();
        let mut cbor = Vec::new();
        ciborium::into_writer(&ciborium::Value::Bytes(bytes.clone()), &mut cbor).unwrap();
        let json = serde_json::to_value(SerializeAsWrap::<Vec<u8>, Base64>::new(&bytes)).unwrap();
        assert_eq!(any(&cbor), Ok(json), "{len}");
    }
}

#[test]
fn any_value_reads_json_exactly_as_serde_json_value() {
    for text in [
        r#"{"a": [1, -2, 2.5, "x", null, true, {"b": {}}], "c": 18446744073709551615}"#,
        "1e400",
        r#""NaN""#,
        "[]",
    ] {
        let expected: Result<serde_json::Value, _> = serde_json::from_str(text);
        let got = serde_json::from_str::<AnyValue>(text).map(|AnyValue(v)| v);
        assert_eq!(
            got.as_ref().map_err(|e| e.to_string()),
            expected.as_ref().map_err(|e| e.to_string()),
            "{text}"
        );
    }
}

// ---------------------------------------------------------------- request bodies

/// rpcv2Cbor `SimpleScalarStructure`, as the generator writes it.
#[derive(Serialize, Deserialize, Debug, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
struct SimpleScalars {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    true_boolean_value: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    false_boolean_value: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    byte_value: Option<i8>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::serde_support::As::<Option<crate::serde_support::Float>>"
    )]
    double_value: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::serde_support::As::<Option<crate::serde_support::Float>>"
    )]
    float_value: Option<f32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    integer_value: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    long_value: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    short_value: Option<i16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    string_value: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::serde_support::As::<Option<crate::serde_support::Base64>>"
    )]
    blob_value: Option<Vec<u8>>,
}

/// The `params` of the rpcv2Cbor RpcV2CborSimpleScalarProperties tests.
fn simple_scalars() -> SimpleScalars {
    SimpleScalars {
        true_boolean_value: Some(true),
        false_boolean_value: Some(false),
        byte_value: Some(5),
        double_value: Some(1.889),
        float_value: Some(7.625),
        integer_value: Some(256),
        long_value: Some(9873),
        short_value: Some(9898),
        string_value: Some("simple".to_owned()),
        blob_value: Some(b"foo".to_vec()),
    }
}

#[test]
fn cbor_body_writes_the_input_as_a_definite_map() {
    // rpcv2Cbor RpcV2CborSimpleScalarProperties (the response test, members in this order): an
    // indefinite map there; the same items in a definite map (aa: ten pairs) here, byte for
    // byte, with 1.889 a double and 7.625 a single.
    let expected = b64(
        "v2lieXRlVmFsdWUFa2RvdWJsZVZhbHVl+z/+OVgQYk3TcWZhbHNlQm9vbGVhblZhbHVl9GpmbG9hdFZhbHVl+kD0AABsaW50ZWdlclZhbHVlGQEAaWxvbmdWYWx1ZRkmkWpzaG9ydFZhbHVlGSaqa3N0cmluZ1ZhbHVlZnNpbXBsZXB0cnVlQm9vbGVhblZhbHVl9WlibG9iVmFsdWVDZm9v/w==",
    );
    // That body lists byteValue first and trueBooleanValue last: compare as maps.
    let ours: ciborium::Value =
        ciborium::from_reader(&cbor_body(&simple_scalars()).unwrap()[..]).unwrap();
    let theirs: ciborium::Value = ciborium::from_reader(&expected[..]).unwrap();
    let sorted = |value: ciborium::Value| {
        let mut entries = value.into_map().unwrap();
        entries.sort_by(|a, b| a.0.as_text().cmp(&b.0.as_text()));
        entries
    };
    assert_eq!(sorted(ours), sorted(theirs));
    // The head and the floats, byte for byte.
    let body = cbor_body(&simple_scalars()).unwrap();
    assert_eq!(body[0], 0xaa);
    let contains = |needle: &[u8]| body.windows(needle.len()).any(|w| w == needle);
    assert!(contains(&hex(
        "6b 646f75626c6556616c7565 fb 3ffe395810624dd3"
    )));
    assert!(contains(&hex("6a 666c6f617456616c7565 fa 40f40000")));
    assert!(contains(&hex("69 626c6f6256616c7565 43 666f6f")));

    // rpcv2Cbor RpcV2CborClientDoesntSerializeNullStructureValues: no members, an empty map.
    assert_eq!(cbor_body(&SimpleScalars::default()).unwrap(), hex("a0"));

    // RFC 8949 A: {"a": 1, "b": [2, 3]} is a2 61 61 01 61 62 82 02 03.
    #[derive(Serialize)]
    struct Ab {
        a: u8,
        b: Vec<u64>,
    }
    assert_eq!(
        cbor_body(&Ab {
            a: 1,
            b: vec![2, 3]
        })
        .unwrap(),
        hex("a2 61 61 01 61 62 82 02 03")
    );
}

#[test]
fn cbor_body_integers_lengths_and_nested_values_are_shortest_form() {
    // RFC 8949 A: 0, 23, 24, 100, 1000, 1000000, 1000000000000, 18446744073709551615, -1,
    // -1000, -18446744073709551616 (the last as i128 through `serialize_i128`).
    #[derive(Serialize)]
    struct N {
        n: i128,
    }
    let cases: [(i128, &str); 11] = [
        (0, "00"),
        (23, "17"),
        (24, "18 18"),
        (100, "18 64"),
        (1000, "19 03e8"),
        (1_000_000, "1a 000f4240"),
        (1_000_000_000_000, "1b 000000e8d4a51000"),
        (18_446_744_073_709_551_615, "1b ffffffffffffffff"),
        (-1, "20"),
        (-1000, "39 03e7"),
        (-18_446_744_073_709_551_616, "3b ffffffffffffffff"),
    ];
    for (n, cbor) in cases {
        assert_eq!(
            cbor_body(&N { n }).unwrap(),
            hex(&format!("a1 61 6e {cbor}")),
            "{n}"
        );
    }
    // Bignums beyond 64 bits: 2(h'010000000000000000') and 3(h'010000000000000000').
    assert_eq!(
        cbor_body(&N {
            n: 18_446_744_073_709_551_616
        })
        .unwrap(),
        hex("a1 61 6e c2 49 010000000000000000")
    );
    assert_eq!(
        cbor_body(&N {
            n: -18_446_744_073_709_551_617
        })
        .unwrap(),
        hex("a1 61 6e c3 49 010000000000000000")
    );
    // Text and arrays of 24 and more items: 78 18 / 98 19.
    #[derive(Serialize)]
    struct Long {
        s: String,
        l: Vec<u8>,
    }
    let body = cbor_body(&Long {
        s: "x".repeat(24),
        l: vec![1; 25],
    })
    .unwrap();
    let expected = format!(
        "a2 61 73 78 18 {} 61 6c 98 19 {}",
        "78".repeat(24),
        "01".repeat(25)
    );
    assert_eq!(body, hex(&expected));
    // A unit union member, a sparse `null` and a nested map: {"m": {"k": null}}.
    #[derive(Serialize)]
    struct Sparse {
        m: std::collections::BTreeMap<String, Option<String>>,
    }
    let body = cbor_body(&Sparse {
        m: [("k".to_owned(), None)].into(),
    })
    .unwrap();
    assert_eq!(body, hex("a1 61 6d a1 61 6b f6"));
}

#[test]
fn cbor_body_of_what_is_not_a_structure_is_a_body_error() {
    let error = cbor_body(&5u8).unwrap_err();
    assert!(matches!(error, RequestError::Body(_)), "{error}");
    assert!(
        error
            .to_string()
            .starts_with("cannot serialize the request body: "),
        "{error}"
    );
    // A serializer failure (a map key that is no string is fine in CBOR; a failing Serialize is
    // not).
    struct Fails;
    impl Serialize for Fails {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("no"))
        }
    }
    assert!(matches!(cbor_body(&Fails), Err(RequestError::Body(_))));
}

#[test]
fn request_and_response_round_trip_through_cbor() {
    let scalars = simple_scalars();
    let body = cbor_body(&scalars).unwrap();
    assert_eq!(
        parse_cbor::<SimpleScalars>(200, None, &body).unwrap(),
        scalars
    );
    // Non-finite floats and an empty blob survive too.
    let odd = SimpleScalars {
        double_value: Some(f64::NEG_INFINITY),
        float_value: Some(f32::INFINITY),
        blob_value: Some(Vec::new()),
        ..SimpleScalars::default()
    };
    let body = cbor_body(&odd).unwrap();
    assert_eq!(parse_cbor::<SimpleScalars>(200, None, &body).unwrap(), odd);
}

// ---------------------------------------------------------------- responses

#[test]
fn parse_cbor_reads_the_protocol_test_bodies() {
    // rpcv2Cbor RpcV2CborSimpleScalarProperties (response), RpcV2CborSimpleScalarPropertiesUsing
    // IndefiniteLength (chunked member names and values) and
    // RpcV2CborExtraFieldsInTheBodyShouldBeSkippedByClients (unknown nested members).
    let expected = simple_scalars();
    for body in [
        "v2lieXRlVmFsdWUFa2RvdWJsZVZhbHVl+z/+OVgQYk3TcWZhbHNlQm9vbGVhblZhbHVl9GpmbG9hdFZhbHVl+kD0AABsaW50ZWdlclZhbHVlGQEAaWxvbmdWYWx1ZRkmkWpzaG9ydFZhbHVlGSaqa3N0cmluZ1ZhbHVlZnNpbXBsZXB0cnVlQm9vbGVhblZhbHVl9WlibG9iVmFsdWVDZm9v/w==",
        "qmlieXRlVmFsdWUFf2Zkb3VibGVlVmFsdWX/+z/+OVgQYk3Tf2VmYWxzZWdCb29sZWFuZVZhbHVl//RqZmxvYXRWYWx1ZfpA9AAAbGludGVnZXJWYWx1ZRkBAGlsb25nVmFsdWUZJpFqc2hvcnRWYWx1ZRkmqn9mc3RyaW5nZVZhbHVl/2ZzaW1wbGVwdHJ1ZUJvb2xlYW5WYWx1ZfVpYmxvYlZhbHVlQ2Zvbw==",
        "v2lieXRlVmFsdWUFa2RvdWJsZVZhbHVl+z/+OVgQYk3TcWZhbHNlQm9vbGVhblZhbHVl9GpmbG9hdFZhbHVl+kD0AABrZXh0cmFPYmplY3S/c2luZGVmaW5pdGVMZW5ndGhNYXC/a3dpdGhBbkFycmF5nwECA///cWRlZmluaXRlTGVuZ3RoTWFwo3J3aXRoQURlZmluaXRlQXJyYXmDAQIDeB1hbmRTb21lSW5kZWZpbml0ZUxlbmd0aFN0cmluZ3gfdGhhdCBoYXMsIGJlZW4gY2h1bmtlZCBvbiBjb21tYWxub3JtYWxTdHJpbmdjZm9vanNob3J0VmFsdWUZJw9uc29tZU90aGVyRmllbGR2dGhpcyBzaG91bGQgYmUgc2tpcHBlZP9saW50ZWdlclZhbHVlGQEAaWxvbmdWYWx1ZRkmkWpzaG9ydFZhbHVlGSaqa3N0cmluZ1ZhbHVlZnNpbXBsZXB0cnVlQm9vbGVhblZhbHVl9WlibG9iVmFsdWVDZm9v/w==",
    ] {
        assert_eq!(
            parse_cbor::<SimpleScalars>(200, None, &b64(body)).unwrap(),
            expected,
            "{body}"
        );
    }
    // rpcv2Cbor RpcV2CborSupportsUpcastingDataOnDeserialize: half floats and small integers.
    let upcast: SimpleScalars = parse_cbor(
        200,
        None,
        &b64("v2tkb3VibGVWYWx1Zfk+AGpmbG9hdFZhbHVl+UegbGludGVnZXJWYWx1ZRg4aWxvbmdWYWx1ZRkBAGpzaG9ydFZhbHVlCv8="),
    )
    .unwrap();
    assert_eq!(
        upcast,
        SimpleScalars {
            double_value: Some(1.5),
            float_value: Some(7.625),
            integer_value: Some(56),
            long_value: Some(256),
            short_value: Some(10),
            ..SimpleScalars::default()
        }
    );
    // rpcv2Cbor RpcV2CborClientDoesntDeserializeNullStructureValues: {_ "stringValue": null}.
    let nulls: SimpleScalars =
        parse_cbor(200, None, &hex("bf 6b 737472696e6756616c7565 f6 ff")).unwrap();
    assert_eq!(nulls, SimpleScalars::default());
    // rpcv2Cbor RpcV2CborIndefiniteLengthStringsCanBeDeserialized.
    let chunked: SimpleScalars = parse_cbor(
        200,
        None,
        &b64("oWtzdHJpbmdWYWx1ZX94HUFuIGV4YW1wbGUgaW5kZWZpbml0ZSBzdHJpbmcscSBjaHVua2VkIG9uIGNvbW1h/w=="),
    )
    .unwrap();
    assert_eq!(
        chunked.string_value.as_deref(),
        Some("An example indefinite string, chunked on comma")
    );
}

#[test]
fn parse_cbor_reads_indefinite_lists_and_chunked_strings_in_them() {
    #[derive(Deserialize, Debug, PartialEq, Default)]
    #[serde(rename_all = "camelCase", default)]
    struct Lists {
        string_list: Option<Vec<String>>,
    }
    // rpcv2Cbor RpcV2CborListsEmpty: {_ "stringList": [_ ]}.
    let empty: Lists = parse_cbor(200, None, &b64("v2pzdHJpbmdMaXN0n///")).unwrap();
    assert_eq!(empty.string_list, Some(vec![]));
    // rpcv2Cbor RpcV2CborIndefiniteStringInsideIndefiniteListCanDeserialize.
    let body = b64(
        "v2pzdHJpbmdMaXN0n394HUFuIGV4YW1wbGUgaW5kZWZpbml0ZSBzdHJpbmcsdyB3aGljaCB3aWxsIGJlIGNodW5rZWQsbiBvbiBlYWNoIGNvbW1h/394NUFub3RoZXIgZXhhbXBsZSBpbmRlZmluaXRlIHN0cmluZyB3aXRoIG9ubHkgb25lIGNodW5r/3ZUaGlzIGlzIGEgcGxhaW4gc3RyaW5n//8=",
    );
    let lists: Lists = parse_cbor(200, None, &body).unwrap();
    assert_eq!(
        lists.string_list.unwrap(),
        [
            "An example indefinite string, which will be chunked, on each comma",
            "Another example indefinite string with only one chunk",
            "This is a plain string",
        ]
    );
}

#[test]
fn parse_cbor_reads_enum_values_sent_as_chunked_text() {
    // Generated enums read with `deserialize_str`, which ciborium serves only from definite
    // text; a chunked value is read again with definite lengths.
    #[derive(Debug, PartialEq)]
    struct Status(String);
    impl From<&str> for Status {
        fn from(value: &str) -> Self {
            Status(value.to_owned())
        }
    }
    impl From<String> for Status {
        fn from(value: String) -> Self {
            Status(value)
        }
    }
    impl<'de> Deserialize<'de> for Status {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_str(EnumVisitor::<Self>::new())
        }
    }
    #[derive(Deserialize, Debug)]
    struct Output {
        status: Status,
    }
    // {"status": (_ "AC", "TIVE")}.
    let output: Output = parse_cbor(
        200,
        None,
        &hex("a1 66 737461747573 7f 62 4143 64 54495645 ff"),
    )
    .unwrap();
    assert_eq!(output.status, Status("ACTIVE".to_owned()));
}

#[derive(Deserialize, Debug, PartialEq, Default)]
#[serde(default)]
struct Output {
    membership: Option<Membership>,
    items: Vec<Item>,
}

#[derive(Deserialize, Debug, PartialEq)]
struct Membership {
    #[serde(
        rename = "createTime",
        with = "crate::serde_support::As::<crate::serde_support::EpochSeconds>"
    )]
    create_time: Timestamp,
}

#[derive(Deserialize, Debug, PartialEq)]
struct Item {
    n: i32,
}

/// CBOR text for `s`.
fn text(s: &str) -> String {
    assert!(s.len() < 24);
    format!(
        "{:02x} {}",
        0x60 + s.len(),
        s.bytes().map(|b| format!("{b:02x}")).collect::<String>()
    )
}

#[test]
fn parse_cbor_of_an_empty_body_is_an_empty_map() {
    // rpcv2Cbor NoOutputClientAllowsEmptyBody / empty_output_no_body; and {_ } (empty_output).
    assert_eq!(
        parse_cbor::<Output>(200, None, b"").unwrap(),
        Output::default()
    );
    assert_eq!(
        parse_cbor::<Output>(200, None, &hex("bf ff")).unwrap(),
        Output::default()
    );
    assert_eq!(
        parse_cbor::<Output>(200, None, &hex("a0")).unwrap(),
        Output::default()
    );
}

#[test]
fn parse_cbor_names_the_failing_member_path() {
    // {"membership": {"createTime": "yesterday"}}.
    let body = hex(&format!(
        "a1 {} a1 {} {}",
        text("membership"),
        text("createTime"),
        text("yesterday")
    ));
    let failure = parse_cbor::<Output>(200, None, &body).unwrap_err();
    assert_eq!((failure.status, failure.code.as_str()), (200, "200"));
    assert_eq!(failure.path, "membership.createTime");
    assert!(
        failure
            .to_string()
            .starts_with("invalid response body (HTTP 200) at `membership.createTime`: "),
        "{failure}"
    );
    // {"items": [{"n": 1}, {"n": "x"}]}, as a modeled error's body.
    let body = hex(&format!(
        "a1 {} 82 a1 {} 01 a1 {} {}",
        text("items"),
        text("n"),
        text("n"),
        text("x")
    ));
    let failure = parse_cbor::<Output>(400, Some("FooError"), &body).unwrap_err();
    assert_eq!(
        (failure.code.as_str(), failure.path.as_str()),
        ("FooError", "items[1].n")
    );
    // Through a chunked member name (read again with definite lengths): the path stays.
    let body = hex(&format!(
        "a1 7f 63 697465 62 6d73 ff 81 a1 {} {}",
        text("n"),
        text("x")
    ));
    assert_eq!(
        parse_cbor::<Output>(200, None, &body).unwrap_err().path,
        "items[0].n"
    );
}

#[test]
fn parse_cbor_rejects_trailing_and_truncated_data() {
    // An empty map and then a byte: the failure is the whole body's.
    let failure = parse_cbor::<Output>(200, None, &hex("a0 00")).unwrap_err();
    assert_eq!(failure.path, "");
    assert!(failure.message.contains("1 bytes follow"), "{failure}");
    assert!(
        failure
            .to_string()
            .starts_with("invalid response body (HTTP 200): "),
        "{failure}"
    );
    // Two whole items.
    assert!(parse_cbor::<Output>(200, None, &hex("a0 a0")).is_err());
    // Cut anywhere, the simple scalars body fails and does not panic.
    let body = cbor_body(&simple_scalars()).unwrap();
    for end in 1..body.len() {
        assert!(
            parse_cbor::<SimpleScalars>(200, None, &body[..end]).is_err(),
            "{end}"
        );
    }
    // An indefinite map without its break; a text string cut short.
    assert!(parse_cbor::<Output>(200, None, &hex("bf")).is_err());
    let failure = parse_cbor::<Output>(200, None, &hex("a1 65 6974")).unwrap_err();
    assert!(failure.message.contains("ends early"), "{failure}");
}

#[test]
fn parse_cbor_rejects_huge_declared_lengths_without_allocating_them() {
    // Each declares 2^62 items or bytes (the 8-byte argument 4000000000000000) and ends after
    // one: an error, not an attempt to reserve exabytes (which would abort the process).
    let huge = "4000000000000000";
    let items = format!("{} 9b {huge} 01", text("items"));
    let cases = [
        format!("bb {huge} {} 01", text("x")),
        format!("a1 {items}"),
        format!("a1 {} 7b {huge} 61", text("membership")),
        format!("a1 {} 5b {huge} 00", text("unknown")),
        format!("a1 {} 7b {huge} 61", text("unknown")),
        format!("a1 {} 9b {huge} 01", text("unknown")),
        format!("a1 {} bb {huge} 01", text("unknown")),
        format!("a1 7b {huge} 61"),
    ];
    for case in &cases {
        assert!(
            parse_cbor::<Output>(200, None, &hex(case)).is_err(),
            "{case}"
        );
        assert!(
            parse_cbor::<AnyValue>(200, None, &hex(case)).is_err(),
            "{case}"
        );
    }
    // Blobs, through the adapter.
    let blob = format!("a1 {} 5b {huge} 00", text("blobValue"));
    assert!(parse_cbor::<SimpleScalars>(200, None, &hex(&blob)).is_err());
    // The same at the largest argument, 2^64 - 1.
    let max = format!("a1 {} 9b ffffffffffffffff 01", text("items"));
    assert!(parse_cbor::<Output>(200, None, &hex(&max)).is_err());
}

#[test]
fn declared_lengths_that_could_be_allocated_are_not_allocated_up_front() {
    // 2^30 (1 GiB) would be allocated if a reader trusted it: each of these 20-byte bodies
    // declares that many bytes, characters, items or entries. The largest allocation while
    // reading them stays at serde's cautious cap on preallocation (1 MiB), far below.
    let gib = "40000000";
    let cases = [
        format!("a1 {} 9a {gib} 01", text("items")),
        format!("a1 {} 5a {gib} 00", text("unknown")),
        format!("a1 {} 7a {gib} 61", text("unknown")),
        format!("a1 {} ba {gib} 01", text("unknown")),
        format!("ba {gib} {} 01", text("x")),
        format!("a1 7a {gib} 61"),
    ];
    let blob = format!("a1 {} 5a {gib} 00", text("blobValue"));
    crate::tests::largest_allocation_since(true);
    for case in &cases {
        assert!(parse_cbor::<Output>(200, None, &hex(case)).is_err(), "{case}");
        assert!(parse_cbor::<AnyValue>(200, None, &hex(case)).is_err(), "{case}");
    }
    assert!(parse_cbor::<SimpleScalars>(200, None, &hex(&blob)).is_err());
    let largest = crate::tests::largest_allocation_since(false);
    assert!(largest <= 1 << 20, "an allocation of {largest} bytes");
    // The meter sees a large allocation when there is one.
    let big: Vec<u8> = Vec::with_capacity(4 << 20);
    assert!(crate::tests::largest_allocation_since(false) >= big.capacity());
}

#[test]
fn parse_cbor_rejects_invalid_utf8_and_non_text_member_names() {
    // RFC 3629: c3 28 is not UTF-8. As a value and as a member name.
    let failure = parse_cbor::<SimpleScalars>(
        200,
        None,
        &hex(&format!("a1 {} 62 c328", text("stringValue"))),
    );
    assert!(failure.is_err());
    assert!(parse_cbor::<SimpleScalars>(200, None, &hex("a1 62 c328 01")).is_err());
    assert!(parse_cbor::<AnyValue>(200, None, &hex("62 c328")).is_err());
    // Chunked text whose chunk is not UTF-8, and a chunk that is no text string.
    assert!(parse_cbor::<AnyValue>(200, None, &hex("7f 62 c328 ff")).is_err());
    assert!(parse_cbor::<AnyValue>(200, None, &hex("7f 41 61 ff")).is_err());
    // A structure with integer keys: {1: 2}.
    assert!(parse_cbor::<SimpleScalars>(200, None, &hex("a1 01 02")).is_err());
    // Not a map at all.
    assert_eq!(
        parse_cbor::<SimpleScalars>(200, None, &hex("01"))
            .unwrap_err()
            .path,
        ""
    );
    // Reserved and unassigned simple values, and a lone break.
    for bytes in ["a1 61 78 f0", "a1 61 78 f8 20", "ff"] {
        assert!(
            parse_cbor::<AnyValue>(200, None, &hex(bytes)).is_err(),
            "{bytes}"
        );
    }
}

/// A recursive structure, as Smithy's recursive shapes generate.
#[derive(Deserialize, Debug)]
struct Node {
    #[serde(default)]
    nested: Option<Box<Node>>,
    #[serde(
        default,
        with = "crate::serde_support::As::<Option<crate::serde_support::EpochSeconds>>"
    )]
    at: Option<Timestamp>,
    #[serde(default)]
    value: Option<AnyValue>,
}

/// `{"nested": {"nested": … {}}}`, `depth` maps deep.
fn nested_nodes(depth: usize) -> Vec<u8> {
    let mut body = hex(&format!("a1 {}", text("nested"))).repeat(depth - 1);
    body.push(0xa0);
    body
}

/// Runs `f` on a thread with a 2 MiB stack (the Rust default for spawned threads, and less than
/// a main thread's), so a stack overflow shows here and not only on small stacks elsewhere.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .expect("no stack overflow");
}

#[test]
fn parse_cbor_limits_nesting_through_recursive_types_on_a_small_stack() {
    on_small_stack(|| {
        // Up to 128 levels parse; one more is an error naming where it stopped.
        let depth = |node: &Node| {
            let mut n = 1;
            let mut node = node;
            while let Some(next) = &node.nested {
                node = next;
                n += 1;
            }
            n
        };
        let node: Node = parse_cbor(200, None, &nested_nodes(128)).unwrap();
        assert_eq!(depth(&node), 128);
        let failure = parse_cbor::<Node>(200, None, &nested_nodes(129)).unwrap_err();
        assert!(
            failure.message.contains("nests deeper than 128"),
            "{failure}"
        );
        assert!(failure.path.starts_with("nested.nested."), "{failure}");
        // Far deeper, and with an indefinite map (the retry with definite lengths is limited
        // too).
        assert!(parse_cbor::<Node>(200, None, &nested_nodes(100_000)).is_err());
        let mut body = hex(&format!("bf {}", text("nested"))).repeat(100_000);
        body.push(0xa0);
        assert!(parse_cbor::<Node>(200, None, &body).is_err());
        // Correction walks no deeper either.
        static NODE: Fields = Fields(&[Fill::Walk("nested", Walk::Into(&NODE))]);
        assert!(parse_cbor_output::<Node>(200, &nested_nodes(100_000), &NODE).is_err());
    });
}

#[test]
fn parse_cbor_limits_nesting_through_unknown_and_any_values_on_a_small_stack() {
    on_small_stack(|| {
        // An ignored member, an AnyValue member and tags, each nested 100 000 deep: [[[…]]].
        for (key, open) in [
            ("unknown", "81"),
            ("value", "81"),
            ("value", "a1 61 78"),
            ("value", "c1"),
        ] {
            let mut body = hex(&format!("a1 {}", text(key)));
            body.extend(hex(open).repeat(100_000));
            body.push(0x00);
            let failure = parse_cbor::<Node>(200, None, &body).unwrap_err();
            assert!(
                failure.message.contains("nests deeper"),
                "{key} {open}: {failure}"
            );
        }
        // A timestamp takes one tag: a tag in its tag is an error at the member.
        let mut body = hex(&format!("a1 {}", text("at")));
        body.extend(hex("c1").repeat(100_000));
        body.push(0x00);
        assert_eq!(parse_cbor::<Node>(200, None, &body).unwrap_err().path, "at");
        // Just under the limit, an AnyValue holds the whole depth.
        let mut body = hex(&format!("a1 {}", text("value")));
        body.extend(hex("81").repeat(126));
        body.push(0x07);
        let node: Node = parse_cbor(200, None, &body).unwrap();
        let mut value = &node.value.unwrap().0;
        for _ in 0..126 {
            value = &value[0];
        }
        assert_eq!(value, &serde_json::json!(7));
    });
}

// ---------------------------------------------------------------- client error correction

/// A structure with one required member of each kind (rpcv2Cbor defaults.smithy
/// RpcV2CborClientPopulatesDefaultsValuesWhenMissingInResponse lists them), read from CBOR.
#[derive(Deserialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
struct Required {
    required_string: String,
    required_boolean: bool,
    required_list: Vec<String>,
    required_map: std::collections::BTreeMap<String, String>,
    required_long: i64,
    #[serde(with = "crate::serde_support::As::<crate::serde_support::Float>")]
    required_double: f64,
    #[serde(with = "crate::serde_support::As::<crate::serde_support::EpochSeconds>")]
    required_timestamp: Timestamp,
    #[serde(with = "crate::serde_support::As::<crate::serde_support::Base64>")]
    required_blob: Vec<u8>,
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
    Fill::Zero("requiredBlob", Zero::Bytes),
    Fill::Walk("nested", Walk::Into(&REQUIRED)),
    Fill::Walk("list", Walk::Items(&Walk::Into(&REQUIRED))),
]);

fn zero_required(nested: Option<Required>, list: Vec<Required>) -> Required {
    Required {
        required_string: String::new(),
        required_boolean: false,
        required_list: Vec::new(),
        required_map: std::collections::BTreeMap::new(),
        required_long: 0,
        required_double: 0.0,
        required_timestamp: at(0, 0),
        required_blob: Vec::new(),
        nested: nested.map(Box::new),
        list,
    }
}

#[test]
fn parse_cbor_output_corrects_missing_required_members_with_zero_values() {
    // RpcV2CborClientPopulatesDefaultsValuesWhenMissingInResponse's body {_ }, a definite {} and
    // an empty body: "", false, [], {}, 0, 0.0, the epoch and an empty blob.
    for body in [b64("v/8="), hex("a0"), Vec::new(), hex("f6")] {
        let corrected: Required = parse_cbor_output(200, &body, &REQUIRED).unwrap();
        assert_eq!(corrected, zero_required(None, Vec::new()));
    }
    // null and undefined are absent; present members are kept; nested structures and list
    // items are corrected; member names may be chunked.
    let body = hex(&format!(
        "a4 {} {} {} f6 7f 63 6e6573 63 746564 ff a1 {} f5 {} 81 a1 {} f7",
        text("requiredString"),
        text("kept"),
        text("requiredLong"),
        text("requiredBoolean"),
        text("list"),
        text("requiredBlob"),
    ));
    let corrected: Required = parse_cbor_output(200, &body, &REQUIRED).unwrap();
    let mut nested = zero_required(None, Vec::new());
    nested.required_boolean = true;
    let mut expected = zero_required(Some(nested), vec![zero_required(None, Vec::new())]);
    expected.required_string = "kept".to_owned();
    assert_eq!(corrected, expected);
}

#[test]
fn parse_cbor_output_reports_what_correction_cannot_fix() {
    // A wrong type is not a missing member: the typed parse's own error.
    let body = hex(&format!("a1 {} {}", text("requiredLong"), text("ten")));
    assert_eq!(
        parse_cbor_output::<Required>(200, &body, &REQUIRED)
            .unwrap_err()
            .path,
        "requiredLong"
    );
    // A blob sent as text stays an error at the member.
    let body = hex(&format!("a1 {} {}", text("requiredBlob"), text("")));
    assert_eq!(
        parse_cbor_output::<Required>(200, &body, &REQUIRED)
            .unwrap_err()
            .path,
        "requiredBlob"
    );
    // Not CBOR at all, and trailing data.
    assert!(parse_cbor_output::<Required>(200, b"<html>", &REQUIRED).is_err());
    assert!(parse_cbor_output::<Required>(200, &hex("a0 00"), &REQUIRED).is_err());
}

#[test]
fn zero_bytes_is_an_empty_base64_string_in_json() {
    let mut value = serde_json::json!({});
    static BLOB: Fields = Fields(&[Fill::Zero("b", Zero::Bytes)]);
    assert!(correct_json(&BLOB, &mut value));
    assert_eq!(value, serde_json::json!({"b": ""}));
}

// ---------------------------------------------------------------- error responses

/// A response with these headers and body.
fn response(status: u16, headers: &[(&str, &str)], body: Vec<u8>) -> http::Response<Vec<u8>> {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(body).expect("a valid test response")
}

const CBOR_HEADERS: [(&str, &str); 2] = [
    ("smithy-protocol", "rpc-v2-cbor"),
    ("Content-Type", "application/cbor"),
];

#[test]
fn cbor_errors_take_the_code_from_dunder_type_and_keep_the_body() {
    // rpcv2Cbor RpcV2CborInvalidGreetingError: InvalidGreeting { Message: "Hi" }.
    #[derive(Deserialize, Debug, PartialEq)]
    struct InvalidGreeting {
        #[serde(rename = "Message")]
        message: Option<String>,
    }
    let body = b64(
        "v2ZfX3R5cGV4LnNtaXRoeS5wcm90b2NvbHRlc3RzLnJwY3YyQ2JvciNJbnZhbGlkR3JlZXRpbmdnTWVzc2FnZWJIaf8=",
    );
    let error = read_cbor_error(&response(400, &CBOR_HEADERS, body.clone()));
    assert_eq!(
        (error.status, error.code.as_str()),
        (400, "InvalidGreeting")
    );
    assert_eq!(error.message.as_deref(), Some("Hi"));
    assert_eq!(error.body.as_deref(), Some(&body[..]));
    let parsed: InvalidGreeting = parse_cbor(error.status, Some(&error.code), &body).unwrap();
    assert_eq!(
        parsed,
        InvalidGreeting {
            message: Some("Hi".to_owned())
        }
    );

    // rpcv2Cbor RpcV2CborComplexError and RpcV2CborEmptyComplexError.
    #[derive(Deserialize, Debug, PartialEq)]
    struct ComplexError {
        #[serde(rename = "TopLevel")]
        top_level: Option<String>,
        #[serde(rename = "Nested")]
        nested: Option<ComplexNestedErrorData>,
    }
    #[derive(Deserialize, Debug, PartialEq)]
    struct ComplexNestedErrorData {
        #[serde(rename = "Foo")]
        foo: Option<String>,
    }
    let body = b64(
        "v2ZfX3R5cGV4K3NtaXRoeS5wcm90b2NvbHRlc3RzLnJwY3YyQ2JvciNDb21wbGV4RXJyb3JoVG9wTGV2ZWxpVG9wIGxldmVsZk5lc3RlZL9jRm9vY2Jhcv//",
    );
    let error = read_cbor_error(&response(400, &CBOR_HEADERS, body));
    assert_eq!(error.code, "ComplexError");
    assert_eq!(error.message, None);
    let parsed: ComplexError = parse_cbor(400, Some(&error.code), &error.body.unwrap()).unwrap();
    assert_eq!(
        parsed,
        ComplexError {
            top_level: Some("Top level".to_owned()),
            nested: Some(ComplexNestedErrorData {
                foo: Some("bar".to_owned())
            }),
        }
    );
    let body = b64("v2ZfX3R5cGV4K3NtaXRoeS5wcm90b2NvbHRlc3RzLnJwY3YyQ2JvciNDb21wbGV4RXJyb3L/");
    let error = read_cbor_error(&response(400, &CBOR_HEADERS, body));
    assert_eq!(error.code, "ComplexError");
    let parsed: ComplexError = parse_cbor(400, Some(&error.code), &error.body.unwrap()).unwrap();
    assert_eq!(
        parsed,
        ComplexError {
            top_level: None,
            nested: None
        }
    );
}

#[test]
fn cbor_errors_under_aws_query_compatible_still_dispatch_on_dunder_type() {
    // aws rpcv2Cbor QueryCompatibleRpcV2CborNoCustomCodeError and ...CustomCodeError: the
    // modeled error is the one `__type` names, with or without `x-amzn-query-error` (whose code
    // the error enum's `code()` reports from the model).
    let body = b64(
        "uQACZl9fdHlwZXgtYXdzLnByb3RvY29sdGVzdHMucnBjdjJjYm9yI05vQ3VzdG9tQ29kZUVycm9yZ21lc3NhZ2ViSGk=",
    );
    let error = read_cbor_error(&response(400, &CBOR_HEADERS, body));
    assert_eq!(
        (error.code.as_str(), error.message.as_deref()),
        ("NoCustomCodeError", Some("Hi"))
    );
    let body = b64(
        "uQACZl9fdHlwZXgrYXdzLnByb3RvY29sdGVzdHMucnBjdjJjYm9yI0N1c3RvbUNvZGVFcnJvcmdtZXNzYWdlYkhp",
    );
    let headers = [
        CBOR_HEADERS[0],
        CBOR_HEADERS[1],
        ("x-amzn-query-error", "Customized;Sender"),
    ];
    let error = read_cbor_error(&response(400, &headers, body));
    assert_eq!(
        (error.code.as_str(), error.message.as_deref()),
        ("CustomCodeError", Some("Hi"))
    );
}

#[test]
fn cbor_errors_ignore_other_code_sources_and_strip_namespace_and_suffix() {
    // rpcv2Cbor: clients "MUST ignore" X-Amzn-ErrorType; `code` and `Code` "MUST NOT be used".
    let body = hex(&format!(
        "a2 {} {} {} {}",
        text("code"),
        text("A"),
        text("Code"),
        text("B")
    ));
    let headers = [CBOR_HEADERS[0], ("X-Amzn-Errortype", "HeaderError")];
    let error = read_cbor_error(&response(400, &headers, body.clone()));
    assert_eq!(error.code, "400");
    assert_eq!(error.body, Some(body));
    // `namespace#` and `:suffix` go, as for JSON errors.
    let dunder = "aws.protocoltests#FooError:http://internal.amazon.com/";
    let body = hex(&format!(
        "a2 {} 78 {:02x} {} {} {}",
        text("__type"),
        dunder.len(),
        dunder
            .bytes()
            .map(|b| format!("{b:02x}"))
            .collect::<String>(),
        text("message"),
        text("m")
    ));
    let error = read_cbor_error(&response(400, &CBOR_HEADERS, body));
    assert_eq!(
        (error.code.as_str(), error.message.as_deref()),
        ("FooError", Some("m"))
    );
    // `message` before `Message`; text only.
    let body = hex(&format!(
        "a3 {} 01 {} {} {} {}",
        text("__type"),
        text("message"),
        text("lower"),
        text("Message"),
        text("upper")
    ));
    let error = read_cbor_error(&response(400, &CBOR_HEADERS, body));
    assert_eq!(
        (error.code.as_str(), error.message.as_deref()),
        ("400", Some("lower"))
    );
}

#[test]
fn malformed_cbor_errors_are_known_by_their_status_alone() {
    // rpcv2Cbor: "Clients who receive a malformed error response MUST handle it based solely on
    // the HTTP response code." Empty, HTML, not a map, trailing data, truncated.
    for body in [
        Vec::new(),
        b"<html><body>Bad gateway</body></html>".to_vec(),
        hex("83 01 02 03"),
        hex("a0 a0"),
        hex("bf 61 61"),
    ] {
        let error = read_cbor_error(&response(502, &CBOR_HEADERS, body.clone()));
        assert_eq!(
            (error.status, error.code.as_str(), error.message.as_deref()),
            (502, "502", Some("Bad Gateway")),
            "{body:?}"
        );
        assert!(error.body.is_none());
        let unhandled = error.unhandled(&body);
        assert_eq!(unhandled.body, body);
    }
    // rpcv2Cbor: "If the response does not have the same Smithy-Protocol header as the request,
    // it MUST be considered malformed": a well-formed InvalidGreeting body (from
    // RpcV2CborInvalidGreetingError) without the header, or with another protocol's.
    let body = b64(
        "v2ZfX3R5cGV4LnNtaXRoeS5wcm90b2NvbHRlc3RzLnJwY3YyQ2JvciNJbnZhbGlkR3JlZXRpbmdnTWVzc2FnZWJIaf8=",
    );
    for headers in [&[][..], &[("smithy-protocol", "rpc-v2-json")][..]] {
        let error = read_cbor_error(&response(400, headers, body.clone()));
        assert_eq!(
            (error.code.as_str(), error.message.as_deref()),
            ("400", Some("Bad Request"))
        );
        assert!(error.body.is_none());
    }
    let headers = [("Smithy-Protocol", "RPC-V2-CBOR")];
    assert_eq!(
        read_cbor_error(&response(400, &headers, body)).code,
        "InvalidGreeting"
    );
}
