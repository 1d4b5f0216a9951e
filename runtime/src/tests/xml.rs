//! Tests of the XML protocols' support (`runtime/src/http_support/xml.rs`).
//!
//! Expected values come from the Smithy protocol tests (`smithy/protocol-tests/aws/{awsQuery,
//! ec2Query,restXml,restXmlWithNamespace}/*.smithy` in `../shared`, cited by test id), the XML 1.0
//! specification (fifth edition, cited by section), RFC 3339, RFC 3986, RFC 4648 and RFC 9110, and
//! botocore's behaviour as `shared/conformance/README.md` records it (form encoding, error
//! responses).

use crate::http_support::*;
use crate::timestamp::Timestamp;

/// The instant `seconds` after the epoch, plus `nanos`.
fn at(seconds: i64, nanos: i128) -> Timestamp {
    Timestamp::from_unix_timestamp_nanos(i128::from(seconds) * 1_000_000_000 + nanos).expect("in range")
}

/// A response with this status and body.
fn response(status: u16, body: &str) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(status)
        .header("content-type", "text/xml")
        .body(body.as_bytes().to_vec())
        .expect("a valid test response")
}

/// `parse_xml` of a document expected to be well-formed.
fn parse(body: &str) -> XmlElement {
    parse_xml(body.as_bytes()).unwrap_or_else(|e| panic!("{body:?} should parse: {e}"))
}

/// The text of the child `name` of `element`.
fn child_text<'a>(element: &'a XmlElement, name: &str) -> &'a str {
    &element.child(name).unwrap_or_else(|| panic!("no <{name}> in <{}>", element.name)).text
}

// ---------------------------------------------------------------- parsing

#[test]
fn parse_reads_elements_in_order_with_their_text() {
    // restXml SimpleScalarProperties (response).
    let root = parse(
        "<SimpleScalarPropertiesResponse>
            <stringValue>string</stringValue>
            <trueBooleanValue>true</trueBooleanValue>
            <falseBooleanValue>false</falseBooleanValue>
            <byteValue>1</byteValue>
            <shortValue>2</shortValue>
            <integerValue>3</integerValue>
            <longValue>4</longValue>
            <floatValue>5.5</floatValue>
            <DoubleDribble>6.5</DoubleDribble>
        </SimpleScalarPropertiesResponse>",
    );
    assert_eq!(root.name, "SimpleScalarPropertiesResponse");
    let names: Vec<&str> = root.children.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "stringValue",
            "trueBooleanValue",
            "falseBooleanValue",
            "byteValue",
            "shortValue",
            "integerValue",
            "longValue",
            "floatValue",
            "DoubleDribble"
        ]
    );
    assert_eq!(child_text(&root, "stringValue"), "string");
    assert_eq!(xml_bool(child_text(&root, "trueBooleanValue")), Ok(true));
    assert_eq!(xml_bool(child_text(&root, "falseBooleanValue")), Ok(false));
    assert_eq!(xml_int::<i8>(child_text(&root, "byteValue")), Ok(1));
    assert_eq!(xml_int::<i16>(child_text(&root, "shortValue")), Ok(2));
    assert_eq!(xml_int::<i32>(child_text(&root, "integerValue")), Ok(3));
    assert_eq!(xml_int::<i64>(child_text(&root, "longValue")), Ok(4));
    assert_eq!(xml_f32(child_text(&root, "floatValue")), Ok(5.5));
    assert_eq!(xml_f64(child_text(&root, "DoubleDribble")), Ok(6.5));
    // The root's own text is the whitespace between its children, kept as it is.
    assert!(root.text.chars().all(char::is_whitespace) && root.text.contains('\n'));
    assert!(root.child("missing").is_none());
}

#[test]
fn parse_skips_the_declaration_and_comments_and_keeps_cdata_as_text() {
    // restXml SimpleScalarPropertiesWithXMLPreamble: a declaration with spaces around `=`, CDATA
    // in the root, a comment.
    let root = parse(
        "<?xml version = \"1.0\" encoding = \"UTF-8\"?>
<SimpleScalarPropertiesResponse>
    <![CDATA[characters representing CDATA]]>
    <stringValue>string</stringValue>
    <!--xml comment-->
</SimpleScalarPropertiesResponse>",
    );
    assert_eq!(child_text(&root, "stringValue"), "string");
    assert_eq!(root.children.len(), 1);
    assert!(root.text.contains("characters representing CDATA"));
    // CDATA is text as it is: markup characters inside are not markup (XML 1.0 §2.7).
    assert_eq!(parse("<a>x<![CDATA[<b>&amp;</b>]]>y</a>").text, "x<b>&amp;</b>y");
}

#[test]
fn parse_keeps_whitespace_in_strings() {
    // restXml SimpleScalarPropertiesWithWhiteSpace, SimpleScalarPropertiesPureWhiteSpace.
    let root = parse("<R>\n<stringValue> string with white    space </stringValue>\n</R>");
    assert_eq!(child_text(&root, "stringValue"), " string with white    space ");
    let root = parse("<R><stringValue>  </stringValue></R>");
    assert_eq!(child_text(&root, "stringValue"), "  ");
}

#[test]
fn parse_unescapes_predefined_entities_and_character_references_once() {
    // restXml SimpleScalarPropertiesComplexEscapes: `&amp;lt;` is `&lt;` (not re-read as `<`),
    // `&#xD;` and `&#10;` are CR and LF.
    let root = parse("<R><stringValue>escaped data: &amp;lt;&#xD;&#10;</stringValue></R>");
    assert_eq!(child_text(&root, "stringValue"), "escaped data: &lt;\r\n");
    // restXml SimpleScalarPropertiesWithEscapedCharacter.
    assert_eq!(parse("<s>&lt;string&gt;</s>").text, "<string>");
    // XML 1.0 §4.6: the five predefined entities; §4.1: decimal and hexadecimal references.
    assert_eq!(parse("<s>&lt;&gt;&amp;&apos;&quot;</s>").text, "<>&'\"");
    assert_eq!(parse("<s>&#233;&#xE9;&#x1F600;</s>").text, "éé😀");
}

#[test]
fn parse_normalizes_line_ends_in_text() {
    // XML 1.0 §2.11: a literal CR LF or CR reads as LF; a CR by reference stays.
    assert_eq!(parse("<s>a\r\nb\rc&#13;d</s>").text, "a\nb\ncd".replace("cd", "c\rd"));
}

#[test]
fn parse_gives_local_names_and_keeps_attributes_as_written() {
    // restXml XmlNamespaces: default namespaces and a prefix declaration.
    let root = parse(
        r#"<XmlNamespacesResponse xmlns="http://foo.com">
            <nested>
                <foo xmlns:baz="http://baz.com">Foo</foo>
                <values xmlns="http://qux.com">
                    <member xmlns="http://bux.com">Bar</member>
                    <member xmlns="http://bux.com">Baz</member>
                </values>
            </nested>
        </XmlNamespacesResponse>"#,
    );
    assert_eq!(root.attribute("xmlns"), Some("http://foo.com"));
    let nested = root.child("nested").expect("nested");
    assert_eq!(nested.child("foo").and_then(|f| f.attribute("xmlns:baz")), Some("http://baz.com"));
    let values = nested.child("values").expect("values");
    let members: Vec<&str> = values.children_named("member").map(|m| m.text.as_str()).collect();
    assert_eq!(members, ["Bar", "Baz"]);
    // restXmlWithNamespace XmlNamespaceSimpleScalarProperties: a prefixed attribute.
    let nested = parse(r#"<Nested xmlns:xsi="https://example.com" xsi:someName="nestedAttrValue"></Nested>"#);
    assert_eq!(nested.attribute("xsi:someName"), Some("nestedAttrValue"));
    assert_eq!(nested.attribute("someName"), None);
    assert_eq!(
        nested.attributes,
        [
            ("xmlns:xsi".to_owned(), "https://example.com".to_owned()),
            ("xsi:someName".to_owned(), "nestedAttrValue".to_owned())
        ]
    );
    // Prefixed element names lose the prefix.
    let root = parse(r#"<p:Root xmlns:p="urn:x"><p:a>1</p:a><b/></p:Root>"#);
    assert_eq!(root.name, "Root");
    assert_eq!(child_text(&root, "a"), "1");
}

#[test]
fn parse_unescapes_and_normalizes_attribute_values() {
    // restXml XmlAttributesWithEscaping (the request body, read back).
    let root = parse(r#"<XmlAttributesRequest test="&lt;test&amp;mock&gt;"><foo>hi</foo></XmlAttributesRequest>"#);
    assert_eq!(root.attribute("test"), Some("<test&mock>"));
    // XML 1.0 §3.3.3: literal tab, LF and CR read as spaces, character references do not.
    let root = parse("<a v=\"x\ty\nz\r\nw&#9;&#10;&#13;&quot;\" s='&apos;'/>");
    assert_eq!(root.attribute("v"), Some("x y z w\t\n\r\""));
    assert_eq!(root.attribute("s"), Some("'"));
}

#[test]
fn parse_reads_self_closing_and_empty_elements_alike() {
    // restXml XmlEmptyStrings / XmlEmptySelfClosedStrings, XmlEmptyBlobs / XmlEmptySelfClosedBlobs.
    for body in ["<R><data></data></R>", "<R><data/></R>", "<R>\n    <data/>\n</R>"] {
        let root = parse(body);
        assert_eq!(child_text(&root, "data"), "");
        assert_eq!(xml_blob(child_text(&root, "data")), Ok(Vec::new()));
    }
}

#[test]
fn parse_skips_a_utf8_byte_order_mark() {
    // XML 1.0 §4.3.3 and Appendix F: a UTF-8 entity may begin with the byte order mark.
    assert_eq!(parse("\u{feff}<a>x</a>").text, "x");
}

// ---------------------------------------------------------------- hostile and malformed input

/// The error `parse_xml` gives `body`, which must not parse.
fn rejected(body: &[u8]) -> String {
    match parse_xml(body) {
        Ok(root) => panic!("{:?} should not parse, got {root:?}", String::from_utf8_lossy(body)),
        Err(message) => message,
    }
}

#[test]
fn parse_refuses_any_dtd() {
    // The classic entity expansion ("billion laughs") and external entity (XXE) documents: the
    // DTD itself is refused, so nothing is declared, fetched or expanded.
    let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<lolz>&lol9;</lolz>"#;
    super::largest_allocation_since(true);
    let message = rejected(laughs.as_bytes());
    assert!(message.contains("DTD"), "{message}");
    assert!(super::largest_allocation_since(false) < 4 * laughs.len());
    let xxe = r#"<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>"#;
    assert!(rejected(xxe.as_bytes()).contains("DTD"));
    assert!(rejected(b"<!DOCTYPE html><html/>").contains("DTD"));
    // After the root too.
    assert!(rejected(b"<a/><!DOCTYPE a>").contains("DTD"));
}

#[test]
fn parse_refuses_undeclared_entities() {
    // XML 1.0 §4.1, WFC: Entity Declared.
    assert!(rejected(b"<a>&lol9;</a>").contains("lol9"));
    assert!(rejected(b"<a>&nbsp;</a>").contains("nbsp"));
    rejected(b"<a v=\"&xxe;\"/>");
    // A bare `&` is not a reference (§2.4).
    rejected(b"<a>fish & chips</a>");
    rejected(b"<a>&amp</a>");
}

#[test]
fn parse_refuses_character_references_to_characters_xml_does_not_allow() {
    // XML 1.0 §2.2 (Char) and §4.1 (WFC: Legal Character).
    for body in ["<a>&#0;</a>", "<a>&#1;</a>", "<a>&#x1F;</a>", "<a>&#xFFFE;</a>", "<a>&#xD800;</a>", "<a>&#x110000;</a>", "<a>&#xZ;</a>"] {
        rejected(body.as_bytes());
    }
    assert_eq!(parse("<a>&#9;&#xD7FF;&#xE000;&#xFFFD;&#x10FFFF;</a>").text, "\t\u{d7ff}\u{e000}\u{fffd}\u{10ffff}");
}

/// `depth` nested `<a>`, closed.
fn nested(depth: usize) -> String {
    format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth))
}

#[test]
fn parse_limits_the_nesting_depth() {
    let root = parse(&nested(128));
    let mut depth = 1;
    let mut element = &root;
    while let Some(child) = element.child("a") {
        element = child;
        depth += 1;
    }
    assert_eq!(depth, 128);
    assert!(rejected(nested(129).as_bytes()).contains("128"));
    // A self-closing element counts as a level.
    parse(&format!("{}<a/>{}", "<a>".repeat(127), "</a>".repeat(127)));
    rejected(format!("{}<a/>{}", "<a>".repeat(128), "</a>".repeat(128)).as_bytes());
}

#[test]
fn parse_of_100000_levels_is_an_error_on_a_small_stack() {
    let body = nested(100_000);
    let outcome = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || parse_xml(body.as_bytes()).map(|_| ()))
        .expect("a thread")
        .join()
        .expect("no stack overflow");
    assert!(outcome.expect_err("too deep").contains("128"));
}

#[test]
fn parse_refuses_malformed_xml() {
    let cases: &[&[u8]] = &[
        b"",
        b"   \n",
        b"just text",
        b"<a>",
        b"<a><b></b>",
        b"<a></b>",
        b"<a><b></a></b>",
        b"</a>",
        b"<a></a></a>",
        b"<a/><b/>",
        b"<a></a><a></a>",
        b"<a/>trailing",
        b"leading<a/>",
        b"<a/>&amp;",
        b"<a/><![CDATA[x]]>",
        b"<a",
        b"<a b=\"1\"",
        b"<a b=\"1>",
        b"<a b=1/>",
        b"<a b=\"1\" b=\"2\"/>",
        b"<a><!-- unterminated </a>",
        b"<a><!-- a -- b --></a>",
        b"<a><![CDATA[unterminated</a>",
        b"<a/><?xml version=\"1.0\"?>",
        b"<a><?xml version=\"1.0\"?></a>",
        b"<?xml version=\"1.0\"?><?xml version=\"1.0\"?><a/>",
        b"<>x</>",
        b"<a><!ENTITY x \"y\"></a>",
        b"<a><!ELEMENT a ANY></a>",
        b"<!ENTITY x \"y\"><a>&x;</a>",
        b"<a>\xff</a>",
        b"<a>\xc3</a>",
        b"<a \xff=\"1\"/>",
        b"\xfe\xff\x00<\x00a\x00/\x00>",
    ];
    for body in cases {
        rejected(body);
    }
    // Whitespace, comments and processing instructions around the root are allowed (§2.8).
    parse(" <?xml version=\"1.0\"?>\n<!-- c --><?pi x?>\n<a/>\n<!-- c --><?pi?>\n");
}

#[test]
fn parse_allocates_in_proportion_to_the_input() {
    // The largest single allocation stays within a fixed multiple of the body: no length in
    // the input is allocated up front, and no expansion happens.
    let bodies = [
        format!("<a>{}</a>", "x".repeat(1 << 20)),
        format!("<a>{}</a>", "&amp;".repeat(1 << 18)),
        format!("<a>{}</a>", "<b/>".repeat(1 << 16)),
        format!("<a v=\"{}\"/>", "&#x41;".repeat(1 << 17)),
        format!("<a>{}</a>", "<![CDATA[xy]]>".repeat(1 << 16)),
    ];
    for body in bodies {
        super::largest_allocation_since(true);
        parse(&body);
        let largest = super::largest_allocation_since(false);
        assert!(largest <= 64 * body.len(), "{largest} bytes for a body of {}", body.len());
    }
}

// ---------------------------------------------------------------- scalars

#[test]
fn booleans_and_integers() {
    assert_eq!(xml_bool(" true\n"), Ok(true));
    assert_eq!(xml_bool("false"), Ok(false));
    for bad in ["True", "1", "", "yes"] {
        assert!(xml_bool(bad).is_err(), "{bad}");
    }
    assert_eq!(xml_int::<i32>("\n  -42\t"), Ok(-42));
    assert_eq!(xml_int::<i8>("127"), Ok(127));
    assert_eq!(xml_int::<i8>("-128"), Ok(-128));
    assert!(xml_int::<i8>("128").expect_err("out of range").contains("out of range"));
    assert!(xml_int::<i64>("9223372036854775808").expect_err("out of range").contains("out of range"));
    assert_eq!(xml_int::<i64>("-9223372036854775808"), Ok(i64::MIN));
    for bad in ["", "1.5", "0x10", "1e3", "abc", "1 2"] {
        assert!(xml_int::<i32>(bad).expect_err(bad).contains("expected an integer"), "{bad}");
    }
}

#[test]
fn floats_read_numbers_and_the_three_names() {
    // awsQuery/ec2Query/restXml *SupportsNaNFloatOutputs, *InfinityFloatOutputs,
    // *NegativeInfinityFloatOutputs; SimpleScalarProperties (5.5, 6.5).
    assert!(xml_f64("NaN").expect("NaN").is_nan());
    assert!(xml_f32("NaN").expect("NaN").is_nan());
    assert_eq!(xml_f64("Infinity"), Ok(f64::INFINITY));
    assert_eq!(xml_f64("-Infinity"), Ok(f64::NEG_INFINITY));
    assert_eq!(xml_f32("Infinity"), Ok(f32::INFINITY));
    assert_eq!(xml_f32("-Infinity"), Ok(f32::NEG_INFINITY));
    assert_eq!(xml_f64(" 6.5 "), Ok(6.5));
    assert_eq!(xml_f32("5.5"), Ok(5.5));
    assert_eq!(xml_f64("12"), Ok(12.0));
    assert_eq!(xml_f64("-1.5E3"), Ok(-1500.0));
    assert_eq!(xml_f64("1e-7"), Ok(1e-7));
    assert_eq!(xml_f32("1.1"), Ok(1.1_f32));
    for bad in ["", "inf", "-inf", "nan", "infinity", "INF", "1,5", "0x1p3", "five"] {
        assert!(xml_f64(bad).is_err(), "{bad}");
        assert!(xml_f32(bad).is_err(), "{bad}");
    }
}

#[test]
fn blobs_are_base64() {
    // restXml XmlBlobs: `dmFsdWU=` is "value"; XmlEmptyBlobs: empty text, an empty blob.
    assert_eq!(xml_blob("dmFsdWU="), Ok(b"value".to_vec()));
    assert_eq!(xml_blob(""), Ok(Vec::new()));
    // XML Schema base64Binary allows whitespace between the characters.
    assert_eq!(xml_blob("\n  dmFs\n  dWU=\n"), Ok(b"value".to_vec()));
    // RFC 4648 §4: the standard alphabet (`+`, `/`), padded.
    assert_eq!(xml_blob("+/8="), Ok(vec![0xfb, 0xff]));
    assert!(xml_blob("-_8=").is_err());
    assert!(xml_blob("dmFsdWU").is_err());
    assert_eq!(format_blob(b"value"), "dmFsdWU=");
    assert_eq!(format_blob(&[0xfb, 0xff]), "+/8=");
    assert_eq!(format_blob(b""), "");
}

#[test]
fn timestamps_read_every_format() {
    // restXml XmlTimestamps* (1398796238 in each format).
    let expected = at(1_398_796_238, 0);
    assert_eq!(xml_timestamp("2014-04-29T18:30:38Z", TimeFormat::DateTime), Ok(expected));
    assert_eq!(xml_timestamp("1398796238", TimeFormat::EpochSeconds), Ok(expected));
    assert_eq!(xml_timestamp("Tue, 29 Apr 2014 18:30:38 GMT", TimeFormat::HttpDate), Ok(expected));
    // awsQuery/ec2Query/restXml *DateTimeWithNegativeOffset, *DateTimeWithPositiveOffset.
    assert_eq!(xml_timestamp("2019-12-16T22:48:18-01:00", TimeFormat::DateTime), Ok(at(1_576_540_098, 0)));
    assert_eq!(xml_timestamp("2019-12-17T00:48:18+01:00", TimeFormat::DateTime), Ok(at(1_576_540_098, 0)));
    // *DateTimeWithFractionalSeconds: 946845296.123.
    assert_eq!(xml_timestamp("2000-01-02T20:34:56.123Z", TimeFormat::DateTime), Ok(at(946_845_296, 123_000_000)));
    // Epoch seconds with a fraction, exactly; negative; with an exponent.
    assert_eq!(xml_timestamp(" 946845296.123 ", TimeFormat::EpochSeconds), Ok(at(946_845_296, 123_000_000)));
    assert_eq!(xml_timestamp("1.000000001", TimeFormat::EpochSeconds), Ok(at(1, 1)));
    assert_eq!(xml_timestamp("-1.5", TimeFormat::EpochSeconds), Ok(at(-2, 500_000_000)));
    assert_eq!(xml_timestamp("1.398796238E9", TimeFormat::EpochSeconds), Ok(expected));
    // Another format than the model's is still read.
    assert_eq!(xml_timestamp("1398796238", TimeFormat::DateTime), Ok(expected));
    assert_eq!(xml_timestamp("2014-04-29T18:30:38Z", TimeFormat::HttpDate), Ok(expected));
    assert_eq!(xml_timestamp("Tue, 29 Apr 2014 18:30:38 GMT", TimeFormat::EpochSeconds), Ok(expected));
    for bad in ["", "yesterday", "2014-04-29", "NaN", "Infinity", "1e400", "2014-13-29T18:30:38Z"] {
        for format in [TimeFormat::DateTime, TimeFormat::EpochSeconds, TimeFormat::HttpDate] {
            assert!(xml_timestamp(bad, format).is_err(), "{bad:?} as {format:?}");
        }
    }
}

#[test]
fn timestamps_write_each_format() {
    // restXml XmlTimestamps* requests, awsQuery/ec2Query QueryTimestamps (1422172800 is
    // 2015-01-25T08:00:00Z).
    let value = at(1_398_796_238, 0);
    assert_eq!(format_timestamp(&value, TimeFormat::DateTime), "2014-04-29T18:30:38Z");
    assert_eq!(format_timestamp(&value, TimeFormat::EpochSeconds), "1398796238");
    assert_eq!(format_timestamp(&value, TimeFormat::HttpDate), "Tue, 29 Apr 2014 18:30:38 GMT");
    assert_eq!(format_timestamp(&at(1_422_172_800, 0), TimeFormat::DateTime), "2015-01-25T08:00:00Z");
    // A fraction only when there is one (RFC 3339 §5.6 time-secfrac), as the fractional-seconds
    // tests write it; in UTC whatever the value's offset.
    let fractional = at(946_845_296, 123_000_000);
    assert_eq!(format_timestamp(&fractional, TimeFormat::DateTime), "2000-01-02T20:34:56.123Z");
    assert_eq!(format_timestamp(&fractional, TimeFormat::EpochSeconds), "946845296.123");
    assert_eq!(format_timestamp(&fractional, TimeFormat::HttpDate), "Sun, 02 Jan 2000 20:34:56 GMT");
    assert_eq!(format_timestamp(&at(1, 1), TimeFormat::EpochSeconds), "1.000000001");
    assert_eq!(format_timestamp(&at(-2, 500_000_000), TimeFormat::EpochSeconds), "-1.5");
    assert_eq!(format_timestamp(&at(-1, 0), TimeFormat::EpochSeconds), "-1");
    // What is written reads back.
    for value in [value, fractional, at(-2, 500_000_000), at(1, 1)] {
        for format in [TimeFormat::DateTime, TimeFormat::EpochSeconds] {
            assert_eq!(xml_timestamp(&format_timestamp(&value, format), format), Ok(value));
        }
    }
}

#[test]
fn floats_write_the_shortest_text_and_the_three_names() {
    // awsQuery/ec2Query QuerySimpleInputParamsFloat (`Boo=10.8`), restXml SimpleScalarProperties
    // (5.5, 6.5), *SupportsNaNFloatInputs, *InfinityFloatInputs, *NegativeInfinityFloatInputs.
    assert_eq!(format_f64(10.8), "10.8");
    assert_eq!(format_f64(6.5), "6.5");
    assert_eq!(format_f32(5.5), "5.5");
    assert_eq!(format_f64(f64::NAN), "NaN");
    assert_eq!(format_f32(f32::NAN), "NaN");
    assert_eq!(format_f64(f64::INFINITY), "Infinity");
    assert_eq!(format_f32(f32::INFINITY), "Infinity");
    assert_eq!(format_f64(f64::NEG_INFINITY), "-Infinity");
    assert_eq!(format_f32(f32::NEG_INFINITY), "-Infinity");
    // Single precision has its own shortest digits.
    assert_eq!(format_f32(1.1), "1.1");
    assert_eq!(format_f64(1.0), "1");
    assert_eq!(format_f64(0.0), "0");
    assert_eq!(format_f64(-2.5), "-2.5");
    assert_eq!(format_f64(1e300), "1e300");
    assert_eq!(format_f64(5e-324), "5e-324");
    assert_eq!(format_f64(1.5e-7), "1.5e-7");
    assert_eq!(format_f64(123_456_789_012.0), "123456789012");
    // Every text written reads back as the same value.
    for value in [10.8, 0.1, 1.0 / 3.0, f64::MAX, f64::MIN_POSITIVE, -1e21, 1e20, 9.999_999e-7] {
        assert_eq!(xml_f64(&format_f64(value)), Ok(value), "{value}");
    }
    for value in [1.1_f32, 0.1, f32::MAX, f32::MIN_POSITIVE, 3.4e-39] {
        assert_eq!(xml_f32(&format_f32(value)), Ok(value), "{value}");
    }
}

// ---------------------------------------------------------------- query bodies

/// The body `QueryWriter` writes for `pairs` after the action and version.
fn query(action: &str, pairs: &[(&str, &str)]) -> String {
    let mut writer = QueryWriter::new(action, "2020-01-08");
    for (key, value) in pairs {
        writer.push(key, value);
    }
    String::from_utf8(writer.finish()).expect("ASCII")
}

#[test]
fn query_bodies_match_the_protocol_tests() {
    // awsQuery QuerySimpleInputParamsStrings.
    assert_eq!(
        query("SimpleInputParams", &[("Foo", "val1"), ("Bar", "val2")]),
        "Action=SimpleInputParams&Version=2020-01-08&Foo=val1&Bar=val2"
    );
    // awsQuery/ec2Query QuerySimpleInputParamsBlob.
    assert_eq!(query("SimpleInputParams", &[("Qux", "dmFsdWU=")]), "Action=SimpleInputParams&Version=2020-01-08&Qux=dmFsdWU%3D");
    // awsQuery QueryTimestamps.
    assert_eq!(
        query(
            "QueryTimestamps",
            &[("normalFormat", "2015-01-25T08:00:00Z"), ("epochMember", "1422172800"), ("epochTarget", "1422172800")]
        ),
        "Action=QueryTimestamps&Version=2020-01-08&normalFormat=2015-01-25T08%3A00%3A00Z&epochMember=1422172800&epochTarget=1422172800"
    );
    // awsQuery QuerySimpleInputParamsFloat, AwsQuerySupportsNegativeInfinityFloatInputs.
    assert_eq!(query("SimpleInputParams", &[("Boo", &format_f64(10.8))]), "Action=SimpleInputParams&Version=2020-01-08&Boo=10.8");
    assert_eq!(
        query("SimpleInputParams", &[("FloatValue", &format_f32(f32::NEG_INFINITY)), ("Boo", &format_f64(f64::NEG_INFINITY))]),
        "Action=SimpleInputParams&Version=2020-01-08&FloatValue=-Infinity&Boo=-Infinity"
    );
    // awsQuery QueryListArgs and EmptyQueryLists: dotted keys; an empty list is `ListArg=`.
    assert_eq!(
        query(
            "QueryLists",
            &[
                ("ListArg.member.1", "foo"),
                ("ListArg.member.2", "bar"),
                ("ListArg.member.3", "baz"),
                ("ComplexListArg.member.1.hi", "hello"),
                ("ComplexListArg.member.2.hi", "hola")
            ]
        ),
        "Action=QueryLists&Version=2020-01-08&ListArg.member.1=foo&ListArg.member.2=bar&ListArg.member.3=baz&ComplexListArg.member.1.hi=hello&ComplexListArg.member.2.hi=hola"
    );
    assert_eq!(query("QueryLists", &[("ListArg", "")]), "Action=QueryLists&Version=2020-01-08&ListArg=");
    // awsQuery QueryIdempotencyTokenAutoFill.
    assert_eq!(
        query("QueryIdempotencyTokenAutoFill", &[("token", "00000000-0000-4000-8000-000000000000")]),
        "Action=QueryIdempotencyTokenAutoFill&Version=2020-01-08&token=00000000-0000-4000-8000-000000000000"
    );
    // awsQuery NoInputAndNoOutput: the action and version alone.
    assert_eq!(query("NoInputAndNoOutput", &[]), "Action=NoInputAndNoOutput&Version=2020-01-08");
}

#[test]
fn query_encoding_keeps_exactly_the_unreserved_characters() {
    // RFC 3986 §2.3 unreserved characters are kept; a space is `+` (form-urlencoded, as botocore
    // sends it per conformance/README.md); every other byte of the UTF-8 is `%XX` in uppercase
    // (RFC 3986 §2.1, §2.5).
    let unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    assert_eq!(query("A", &[(unreserved, unreserved)]), format!("Action=A&Version=2020-01-08&{unreserved}={unreserved}"));
    for byte in 0u8..0x80 {
        let c = char::from(byte);
        if c.is_ascii_alphanumeric() || "-._~".contains(c) {
            continue;
        }
        let expected = if c == ' ' { "+".to_owned() } else { format!("%{byte:02X}") };
        assert_eq!(query("A", &[("k", &c.to_string())]), format!("Action=A&Version=2020-01-08&k={expected}"), "{c:?}");
    }
    assert_eq!(query("A", &[("k", "é 😀+")]), "Action=A&Version=2020-01-08&k=%C3%A9+%F0%9F%98%80%2B");
    assert_eq!(query("A", &[("a&b=c", "1")]), "Action=A&Version=2020-01-08&a%26b%3Dc=1");
}

// ---------------------------------------------------------------- XML bodies

/// The document `write` writes, as text.
fn xml(write: impl FnOnce(&mut XmlWriter)) -> String {
    let mut writer = XmlWriter::new();
    write(&mut writer);
    String::from_utf8(writer.finish()).expect("UTF-8")
}

#[test]
fn xml_bodies_match_the_protocol_tests() {
    // restXml SimpleScalarPropertiesWithEscapedCharacter.
    let body = xml(|w| {
        w.start("SimpleScalarPropertiesRequest", &[]);
        w.start("stringValue", &[]);
        w.text("<string>");
        w.end("stringValue");
        w.end("SimpleScalarPropertiesRequest");
    });
    assert_eq!(body, "<SimpleScalarPropertiesRequest><stringValue>&lt;string&gt;</stringValue></SimpleScalarPropertiesRequest>");
    // restXml XmlAttributesWithEscaping.
    let body = xml(|w| {
        w.start("XmlAttributesRequest", &[("test", "<test&mock>")]);
        w.start("foo", &[]);
        w.text("hi");
        w.end("foo");
        w.end("XmlAttributesRequest");
    });
    assert_eq!(body, r#"<XmlAttributesRequest test="&lt;test&amp;mock&gt;"><foo>hi</foo></XmlAttributesRequest>"#);
    // restXmlWithNamespace XmlNamespaceSimpleScalarProperties: namespace declarations and a
    // prefixed attribute are attributes as given; an empty element.
    let body = xml(|w| {
        w.start("SimpleScalarPropertiesRequest", &[("xmlns", "https://example.com")]);
        w.start("Nested", &[("xmlns:xsi", "https://example.com"), ("xsi:someName", "nestedAttrValue")]);
        w.end("Nested");
        w.end("SimpleScalarPropertiesRequest");
    });
    assert_eq!(
        body,
        r#"<SimpleScalarPropertiesRequest xmlns="https://example.com"><Nested xmlns:xsi="https://example.com" xsi:someName="nestedAttrValue"></Nested></SimpleScalarPropertiesRequest>"#
    );
    // restXml SimpleScalarPropertiesWithWhiteSpace: whitespace is kept.
    assert_eq!(xml(|w| w.text("  string with white    space  ")), "  string with white    space  ");
}

#[test]
fn xml_text_and_attributes_read_back_as_written() {
    // restXml SimpleScalarPropertiesComplexEscapes' value ("escaped data: &lt;\r\n"): a CR must be
    // a reference to survive line-end normalization (XML 1.0 §2.11); in an attribute tab, LF and
    // CR too (§3.3.3), and `"` inside double quotes.
    let value = "escaped data: &lt;\r\n\t\"'<>&]]> é😀";
    let body = xml(|w| {
        w.start("a", &[("v", value)]);
        w.text(value);
        w.end("a");
    });
    assert_eq!(
        body,
        "<a v=\"escaped data: &amp;lt;&#13;&#10;&#9;&quot;'&lt;&gt;&amp;]]&gt; é😀\">escaped data: &amp;lt;&#13;\n\t\"'&lt;&gt;&amp;]]&gt; é😀</a>"
    );
    let root = parse(&body);
    assert_eq!(root.text, value);
    assert_eq!(root.attribute("v"), Some(value));
}

// ---------------------------------------------------------------- error responses

#[test]
fn query_errors() {
    // awsQuery QueryInvalidGreetingError.
    let body = "<ErrorResponse>
   <Error>
      <Type>Sender</Type>
      <Code>InvalidGreeting</Code>
      <Message>Hi</Message>
   </Error>
   <RequestId>foo-id</RequestId>
</ErrorResponse>";
    let error = read_query_error(&response(400, body));
    assert_eq!((error.status, error.code.as_str(), error.message.as_deref()), (400, "InvalidGreeting", Some("Hi")));
    let element = error.error.as_ref().expect("the <Error> element");
    assert_eq!(element.name, "Error");
    assert_eq!(child_text(element, "Type"), "Sender");
    // awsQuery QueryComplexError: the members are the <Error> element's children.
    let body = "<ErrorResponse>
   <Error>
      <Type>Sender</Type>
      <Code>ComplexError</Code>
      <TopLevel>Top level</TopLevel>
      <Nested>
          <Foo>bar</Foo>
      </Nested>
   </Error>
   <RequestId>foo-id</RequestId>
</ErrorResponse>";
    let error = read_query_error(&response(400, body));
    assert_eq!((error.code.as_str(), error.message.as_deref()), ("ComplexError", None));
    let element = error.error.expect("the <Error> element");
    assert_eq!(child_text(element.child("Nested").expect("Nested"), "Foo"), "bar");
    assert_eq!(child_text(&element, "TopLevel"), "Top level");
    // awsQuery QueryCustomizedError: the code as sent (`@awsQueryError` maps it).
    let body = "<ErrorResponse><Error><Type>Sender</Type><Code>Customized</Code><Message>Hi</Message></Error><RequestId>foo-id</RequestId></ErrorResponse>";
    let error = read_query_error(&response(402, body));
    assert_eq!((error.status, error.code.as_str(), error.message.as_deref()), (402, "Customized", Some("Hi")));
}

#[test]
fn ec2_errors() {
    // ec2Query Ec2InvalidGreetingError.
    let body = "<Response>
    <Errors>
        <Error>
            <Code>InvalidGreeting</Code>
            <Message>Hi</Message>
        </Error>
    </Errors>
    <RequestID>foo-id</RequestID>
</Response>";
    let error = read_ec2_error(&response(400, body));
    assert_eq!((error.code.as_str(), error.message.as_deref()), ("InvalidGreeting", Some("Hi")));
    // ec2Query Ec2ComplexError.
    let body = "<Response><Errors><Error><Code>ComplexError</Code><Message>Hi</Message><TopLevel>Top level</TopLevel><Nested><Foo>bar</Foo></Nested></Error></Errors><RequestID>foo-id</RequestID></Response>";
    let error = read_ec2_error(&response(400, body));
    assert_eq!(error.code, "ComplexError");
    let element = error.error.expect("the <Error> element");
    assert_eq!(child_text(element.child("Nested").expect("Nested"), "Foo"), "bar");
}

#[test]
fn rest_xml_errors() {
    // restXml InvalidGreetingError (wrapped).
    let body = "<ErrorResponse>
   <Error>
      <Type>Sender</Type>
      <Code>InvalidGreeting</Code>
      <Message>Hi</Message>
      <AnotherSetting>setting</AnotherSetting>
   </Error>
   <RequestId>foo-id</RequestId>
</ErrorResponse>";
    for unwrapped in [false, true] {
        let error = read_rest_xml_error(&response(400, body), unwrapped);
        assert_eq!((error.code.as_str(), error.message.as_deref()), ("InvalidGreeting", Some("Hi")));
        assert_eq!(child_text(error.error.as_ref().expect("<Error>"), "AnotherSetting"), "setting");
    }
    // S3 S3OperationNoErrorWrappingResponse: `<Error>` at the root, no message.
    let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n\t<Type>Sender</Type>\n\t<Code>NoSuchBucket</Code>\n</Error>";
    for unwrapped in [true, false] {
        let error = read_rest_xml_error(&response(400, body), unwrapped);
        assert_eq!((error.code.as_str(), error.message.as_deref()), ("NoSuchBucket", None));
        assert_eq!(child_text(error.error.as_ref().expect("<Error>"), "Type"), "Sender");
    }
}

#[test]
fn error_codes_lose_a_namespace_and_messages_may_be_lowercase() {
    let body = "<ErrorResponse><Error><Code> aws.protocoltests.restxml#InvalidGreeting </Code><message>lower</message></Error></ErrorResponse>";
    let error = read_rest_xml_error(&response(400, body), false);
    assert_eq!((error.code.as_str(), error.message.as_deref()), ("InvalidGreeting", Some("lower")));
    // An empty <Message> is no message (botocore: conformance/sts `<Message/>` cases).
    let body = "<ErrorResponse><Error><Code>X</Code><Message/></Error></ErrorResponse>";
    assert_eq!(read_query_error(&response(400, body)).message, None);
    // No <Code>: the status stands in; the members are still there.
    let body = "<ErrorResponse><Error><Message>m</Message></Error></ErrorResponse>";
    let error = read_query_error(&response(403, body));
    assert_eq!((error.code.as_str(), error.message.as_deref()), ("403", Some("m")));
    assert!(error.error.is_some());
}

#[test]
fn bodies_without_an_error_give_the_status_and_reason_phrase() {
    // RFC 9110 §15 reason phrases; conformance/README.md: 5xx with an empty or HTML body, and
    // (restXml, S3) an empty or non-XML body of any status.
    let html = "<html><body><b>Http/1.1 Service Unavailable</b></body></html>";
    let cases = [(503, ""), (500, html), (504, "<!DOCTYPE html><html><body>Gateway</body></html>"), (409, ""), (404, "Bad Request: xS"), (400, "<Other/>")];
    for (status, body) in cases {
        let response = response(status, body);
        let readings = [
            read_query_error(&response),
            read_ec2_error(&response),
            read_rest_xml_error(&response, false),
            read_rest_xml_error(&response, true),
        ];
        for error in readings {
            let reason = http::StatusCode::from_u16(status).expect("a status").canonical_reason();
            assert_eq!(error.status, status);
            assert_eq!(error.code, status.to_string(), "{body:?}");
            assert_eq!(error.message.as_deref(), reason, "{body:?}");
            assert!(error.error.is_none());
        }
    }
    assert_eq!(read_query_error(&response(503, "")).message.as_deref(), Some("Service Unavailable"));
}

#[test]
fn unhandled_keeps_the_code_message_and_body() {
    let body = "<ErrorResponse><Error><Code>Unknown</Code><Message>m</Message></Error></ErrorResponse>";
    let unhandled = read_query_error(&response(400, body)).unhandled(body.as_bytes());
    assert_eq!(
        unhandled,
        UnhandledError { status: 400, code: "Unknown".to_owned(), message: Some("m".to_owned()), body: body.as_bytes().to_vec() }
    );
    assert_eq!(unhandled.to_string(), "Unknown (HTTP 400): m");
}
