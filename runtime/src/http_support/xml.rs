// The XML protocols' support (awsQuery, ec2Query, restXml): part of `http_support`, which
// `include!`s this file at its end, so these items share its namespace. Requests: awsQuery and
// ec2Query bodies as form-urlencoded key paths (`QueryWriter`), restXml bodies as XML
// (`XmlWriter`); responses: the body parsed whole into an element tree (`parse_xml`), which
// generated code reads member by member with the scalar readers below.

/// How deep an XML body may nest (the root is level 1): deeper input is an error, not a stack
/// overflow in the code that walks or drops the tree. serde_json's limit, as `CBOR_DEPTH`.
const XML_DEPTH: usize = 128;

/// An element of an XML document, parsed whole.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct XmlElement {
    /// Local name (any `prefix:` removed).
    pub(crate) name: ::std::string::String,
    /// Attributes as written (qualified names kept, `xmlns` declarations included), values unescaped.
    pub(crate) attributes: ::std::vec::Vec<(::std::string::String, ::std::string::String)>,
    /// The child elements, in document order.
    pub(crate) children: ::std::vec::Vec<XmlElement>,
    /// The element's own text and CDATA, unescaped, concatenated, not trimmed.
    pub(crate) text: ::std::string::String,
}

impl XmlElement {
    /// The first child with the local name `name`.
    #[allow(dead_code)] // which accessors a crate uses depends on its model
    pub(crate) fn child(&self, name: &str) -> ::std::option::Option<&XmlElement> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The children with the local name `name`, in document order (a flattened list or map).
    #[allow(dead_code)] // which accessors a crate uses depends on its model
    pub(crate) fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a XmlElement> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The value of the attribute with the qualified name `name`, as written (`xsi:type`).
    #[allow(dead_code)] // which accessors a crate uses depends on its model
    pub(crate) fn attribute(&self, name: &str) -> ::std::option::Option<&str> {
        self.attributes.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// Parses an XML body (UTF-8, whatever its declaration says) into its root element. Comments,
/// processing instructions and the declaration are skipped; the five predefined entities and
/// character references are the only references read. Everything else is an error, never a
/// panic: a DTD (`<!DOCTYPE`, so no entity is ever declared, let alone expanded), any other
/// entity, nesting deeper than `XML_DEPTH`, mismatched or missing end tags, a second root,
/// text outside the root, a character XML does not allow by reference, bytes that are not
/// UTF-8. The tree is built without recursion, and allocates only for what the input holds.
pub(crate) fn parse_xml(body: &[u8]) -> ::std::result::Result<XmlElement, ::std::string::String> {
    use ::quick_xml::events::Event;
    let source = ::std::str::from_utf8(body).map_err(|e| format!("the XML is not UTF-8: {e}"))?;
    let mut reader = ::quick_xml::Reader::from_str(source);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.allow_unmatched_ends = false;
    config.allow_dangling_amp = false;
    config.check_comments = true;
    config.expand_empty_elements = false;
    config.trim_text(false);
    // The elements open, innermost last. An element joins its parent when it ends.
    let mut open: ::std::vec::Vec<XmlElement> = ::std::vec::Vec::new();
    let mut root: ::std::option::Option<XmlElement> = None;
    // Whether markup came before: the declaration must come first.
    let mut markup = false;
    loop {
        // Where the event starts, for messages.
        let at = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| format!("not well-formed XML at byte {}: {e}", reader.error_position()))?;
        let ended = match event {
            Event::Start(ref tag) | Event::Empty(ref tag) => {
                markup = true;
                if root.is_some() {
                    return Err(format!("a second root element at byte {at}"));
                }
                if open.len() >= XML_DEPTH {
                    return Err(format!("the XML nests deeper than {XML_DEPTH} levels"));
                }
                let element = xml_open_tag(tag)?;
                if matches!(event, Event::Empty(_)) {
                    Some(element)
                } else {
                    open.push(element);
                    None
                }
            }
            Event::End(_) => Some(open.pop().ok_or_else(|| format!("an end tag without a start tag at byte {at}"))?),
            Event::Text(chunk) => {
                let content = chunk.xml10_content().map_err(|e| format!("bad text at byte {at}: {e}"))?;
                xml_add_text(open.last_mut(), &content, at)?;
                None
            }
            Event::CData(section) => {
                let content = section.xml10_content().map_err(|e| format!("bad CDATA at byte {at}: {e}"))?;
                xml_add_text(open.last_mut(), &content, at)?;
                None
            }
            Event::GeneralRef(reference) => {
                let resolved = xml_reference(&reference, at)?;
                match open.last_mut() {
                    Some(element) => element.text.push_str(&resolved),
                    None => return Err(format!("a reference outside the root element at byte {at}")),
                }
                None
            }
            Event::Decl(_) if markup => return Err(format!("an XML declaration not at the start, at byte {at}")),
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) => {
                markup = true;
                None
            }
            Event::DocType(_) => return Err("the XML has a document type declaration (DTD), which is not allowed".to_owned()),
            Event::Eof => break,
        };
        if let Some(element) = ended {
            match open.last_mut() {
                Some(parent) => parent.children.push(element),
                None => root = Some(element),
            }
        }
    }
    if let Some(element) = open.last() {
        return Err(format!("the XML ends inside <{}>", element.name));
    }
    root.ok_or_else(|| "the body holds no XML element".to_owned())
}

/// An element as its start tag gives it: its local name and its attributes, each value unescaped
/// and normalized as XML 1.0 requires (§3.3.3: a literal tab, newline or carriage return reads as
/// a space), with the predefined entities and character references only.
fn xml_open_tag(tag: &::quick_xml::events::BytesStart<'_>) -> ::std::result::Result<XmlElement, ::std::string::String> {
    let local = ::std::str::from_utf8(tag.local_name().into_inner()).map_err(|e| format!("an element name is not UTF-8: {e}"))?;
    if local.is_empty() {
        return Err("an element without a name".to_owned());
    }
    let mut attributes = ::std::vec::Vec::new();
    // The iterator checks that attributes are quoted and not repeated.
    for attribute in tag.attributes() {
        let attribute = attribute.map_err(|e| format!("a bad attribute in <{local}>: {e}"))?;
        let key = ::std::str::from_utf8(attribute.key.as_ref()).map_err(|e| format!("an attribute name is not UTF-8: {e}"))?;
        let value = attribute
            .normalized_value_with(::quick_xml::XmlVersion::Implicit1_0, 1, ::quick_xml::escape::resolve_xml_entity)
            .map_err(|e| format!("a bad value of the attribute `{key}` in <{local}>: {e}"))?;
        attributes.push((key.to_owned(), value.into_owned()));
    }
    Ok(XmlElement {
        name: local.to_owned(),
        attributes,
        children: ::std::vec::Vec::new(),
        text: ::std::string::String::new(),
    })
}

/// Adds text or CDATA to the element open, if any; outside the root only whitespace may be.
fn xml_add_text(
    element: ::std::option::Option<&mut XmlElement>,
    content: &str,
    at: u64,
) -> ::std::result::Result<(), ::std::string::String> {
    match element {
        Some(element) => {
            element.text.push_str(content);
            Ok(())
        }
        None if content.chars().all(|c| matches!(c, ' ' | '\t' | '\n' | '\r')) => Ok(()),
        None => Err(format!("text outside the root element at byte {at}")),
    }
}

/// What a reference in text stands for: a character reference's character, which must be one XML
/// allows (§2.2), or one of the five predefined entities (§4.6). Any other entity is an error:
/// none can be declared, since a DTD is refused.
fn xml_reference(
    reference: &::quick_xml::events::BytesRef<'_>,
    at: u64,
) -> ::std::result::Result<::std::string::String, ::std::string::String> {
    let bad = |e: &dyn ::std::fmt::Display| format!("a bad reference at byte {at}: {e}");
    if let Some(c) = reference.resolve_char_ref().map_err(|e| bad(&e))? {
        let allowed = matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..);
        return if allowed {
            Ok(c.to_string())
        } else {
            Err(format!("a character reference to U+{:04X}, which XML does not allow, at byte {at}", u32::from(c)))
        };
    }
    let entity = reference.decode().map_err(|e| bad(&e))?;
    match ::quick_xml::escape::resolve_xml_entity(&entity) {
        Some(replacement) => Ok(replacement.to_owned()),
        None => Err(format!("the entity `&{entity};` at byte {at} is not one of XML's five")),
    }
}

/// Element text trimmed of XML whitespace (space, tab, newline, carriage return), for scalars.
fn xml_trim(text: &str) -> &str {
    text.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r'))
}

/// A boolean: `true` or `false`.
/// A failure to read a response's XML: the member path (`greeting`, `list.nested`; empty for the
/// element itself) and what is wrong.
pub(crate) type XmlFailure = (::std::string::String, ::std::string::String);

/// `result`, with `member` put in front of its failure's path (the generated `read_xml` builds
/// paths this way, from the innermost member out).
pub(crate) fn xml_in<T>(member: &str, result: ::std::result::Result<T, XmlFailure>) -> ::std::result::Result<T, XmlFailure> {
    result.map_err(|(path, message)| {
        let path = if path.is_empty() { member.to_owned() } else { format!("{member}.{path}") };
        (path, message)
    })
}

/// A scalar read from `text` by `parse`, its failure at the element itself.
pub(crate) fn xml_parse<T>(
    text: &str,
    parse: impl Fn(&str) -> ::std::result::Result<T, ::std::string::String>,
) -> ::std::result::Result<T, XmlFailure> {
    parse(text).map_err(|message| (::std::string::String::new(), message))
}

/// The child element `name` of a map entry, which must have it.
pub(crate) fn xml_child<'a>(element: &'a XmlElement, name: &str) -> ::std::result::Result<&'a XmlElement, XmlFailure> {
    element
        .child(name)
        .ok_or_else(|| (::std::string::String::new(), format!("the map entry has no `{name}` element")))
}

/// Reads an awsQuery or ec2Query output: the body's root (`<{Operation}Response>`), its
/// `wrapper` child when there is one (`<{Operation}Result>`), and `read` on that; an empty body,
/// or a missing wrapper, holds no members.
pub(crate) fn read_xml_output<T>(
    status: u16,
    body: &[u8],
    wrapper: ::std::option::Option<&str>,
    read: fn(&XmlElement) -> ::std::result::Result<T, XmlFailure>,
) -> ::std::result::Result<T, InvalidResponse> {
    let invalid = |(path, message): XmlFailure| InvalidResponse { status, code: status.to_string(), path, message };
    let empty = XmlElement::default();
    if body.iter().all(u8::is_ascii_whitespace) {
        return read(&empty).map_err(invalid);
    }
    let root = parse_xml(body).map_err(|message| invalid((::std::string::String::new(), message)))?;
    let members = match wrapper {
        Some(name) => root.child(name).unwrap_or(&empty),
        None => &root,
    };
    read(members).map_err(invalid)
}

/// The members of a restXml response body read by `read` (from the root element), in their
/// JSON form: the object that the response's header, status and payload members then join (an
/// empty body holds no members).
pub(crate) fn xml_object<T: ::serde::Serialize>(
    status: u16,
    body: &[u8],
    read: fn(&XmlElement) -> ::std::result::Result<T, XmlFailure>,
) -> ::std::result::Result<::serde_json::Map<::std::string::String, ::serde_json::Value>, InvalidResponse> {
    let value = read_xml_output(status, body, None, read)?;
    match ::serde_json::to_value(value) {
        Ok(::serde_json::Value::Object(object)) => Ok(object),
        Ok(_) => Ok(::serde_json::Map::new()),
        Err(e) => Err(InvalidResponse { status, code: status.to_string(), path: ::std::string::String::new(), message: e.to_string() }),
    }
}

/// A restXml structure or union payload read by `read` from the body's root element, in its
/// JSON form; `null` for an empty body (the payload is unset).
pub(crate) fn xml_payload<T: ::serde::Serialize>(
    status: u16,
    body: &[u8],
    read: fn(&XmlElement) -> ::std::result::Result<T, XmlFailure>,
) -> ::std::result::Result<::serde_json::Value, InvalidResponse> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(::serde_json::Value::Null);
    }
    let value = read_xml_output(status, body, None, read)?;
    ::serde_json::to_value(value).map_err(|e| InvalidResponse {
        status,
        code: status.to_string(),
        path: ::std::string::String::new(),
        message: e.to_string(),
    })
}

/// Reads a modeled error whose members also come from headers (restXml): the `<Error>`
/// element's members in their JSON form, joined by what `bind` adds from the headers.
pub(crate) fn xml_error_with_headers<T: ::serde::Serialize + ::serde::de::DeserializeOwned>(
    status: u16,
    code: &str,
    error: &XmlElement,
    read: fn(&XmlElement) -> ::std::result::Result<T, XmlFailure>,
    bind: impl FnOnce(&mut ::serde_json::Map<::std::string::String, ::serde_json::Value>) -> ::std::result::Result<(), InvalidResponse>,
) -> ::std::result::Result<T, InvalidResponse> {
    let value = xml_error_members(status, code, error, read)?;
    let object = match ::serde_json::to_value(value) {
        Ok(::serde_json::Value::Object(object)) => object,
        Ok(_) => ::serde_json::Map::new(),
        Err(e) => {
            return Err(InvalidResponse {
                status,
                code: code.to_owned(),
                path: ::std::string::String::new(),
                message: e.to_string(),
            })
        }
    };
    error_from_object(status, code, object, bind)
}

/// Reads an output whose one member is the body's root element itself (S3's
/// `aws.customizations#s3UnwrappedXmlOutput`: `<LocationConstraint>us-west-2</LocationConstraint>`).
pub(crate) fn read_unwrapped_xml_output<T>(
    status: u16,
    body: &[u8],
    read: fn(&XmlElement) -> ::std::result::Result<T, XmlFailure>,
) -> ::std::result::Result<T, InvalidResponse> {
    let invalid = |(path, message): XmlFailure| InvalidResponse { status, code: status.to_string(), path, message };
    let mut holder = XmlElement::default();
    if !body.iter().all(u8::is_ascii_whitespace) {
        holder.children.push(parse_xml(body).map_err(|message| invalid((::std::string::String::new(), message)))?);
    }
    read(&holder).map_err(invalid)
}

/// Reads a modeled error's members from the `<Error>` element of an XML error response.
pub(crate) fn xml_error_members<T>(
    status: u16,
    code: &str,
    error: &XmlElement,
    read: fn(&XmlElement) -> ::std::result::Result<T, XmlFailure>,
) -> ::std::result::Result<T, InvalidResponse> {
    // `<Message>` also fills a `message` member (botocore reads either; STS models `message`);
    // an empty one leaves it unset, as `XmlErrorResponse::message` (botocore: null).
    let patched;
    let error = match (error.child("message"), error.child("Message")) {
        (None, Some(message)) if !message.text.trim().is_empty() => {
            let mut copy = message.clone();
            copy.name = "message".to_owned();
            let mut with = error.clone();
            with.children.push(copy);
            patched = with;
            &patched
        }
        _ => error,
    };
    read(error).map_err(|(path, message)| InvalidResponse { status, code: code.to_owned(), path, message })
}

pub(crate) fn xml_bool(text: &str) -> ::std::result::Result<bool, ::std::string::String> {
    match xml_trim(text) {
        "true" => Ok(true),
        "false" => Ok(false),
        other => Err(format!("expected `true` or `false`, got `{other}`")),
    }
}

/// An integer of the type `T` (`i8` … `i64`), which checks the range.
pub(crate) fn xml_int<T: ::std::str::FromStr>(text: &str) -> ::std::result::Result<T, ::std::string::String> {
    let trimmed = xml_trim(text);
    trimmed.parse::<T>().map_err(|_| {
        let digits = trimmed.strip_prefix(['+', '-']).unwrap_or(trimmed);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            format!("the integer `{trimmed}` is out of range")
        } else {
            format!("expected an integer, got `{trimmed}`")
        }
    })
}

/// A double: a decimal number (`6.5`, `-1e300`) or `NaN`, `Infinity`, `-Infinity`.
pub(crate) fn xml_f64(text: &str) -> ::std::result::Result<f64, ::std::string::String> {
    xml_float_value(text, f64::NAN, f64::INFINITY, f64::NEG_INFINITY)
}

/// A float, like [`xml_f64`] (read at single precision, so rounded once).
pub(crate) fn xml_f32(text: &str) -> ::std::result::Result<f32, ::std::string::String> {
    xml_float_value(text, f32::NAN, f32::INFINITY, f32::NEG_INFINITY)
}

/// A float as `T`: the three names Smithy uses for the values no number spells, else a decimal
/// number. Rust's own spellings (`inf`, `nan`, `infinity` in any case) are not accepted.
fn xml_float_value<T: ::std::str::FromStr>(
    text: &str,
    nan: T,
    infinity: T,
    negative_infinity: T,
) -> ::std::result::Result<T, ::std::string::String> {
    match xml_trim(text) {
        "NaN" => Ok(nan),
        "Infinity" => Ok(infinity),
        "-Infinity" => Ok(negative_infinity),
        number => number
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
            .then(|| number.parse::<T>().ok())
            .flatten()
            .ok_or_else(|| format!("expected a number, `NaN`, `Infinity` or `-Infinity`, got `{number}`")),
    }
}

/// A blob: base64 (RFC 4648, standard alphabet, padded); whitespace anywhere is skipped, as in
/// XML Schema's `base64Binary`.
pub(crate) fn xml_blob(text: &str) -> ::std::result::Result<::std::vec::Vec<u8>, ::std::string::String> {
    use ::base64::Engine as _;
    let compact: ::std::string::String = text.chars().filter(|c| !matches!(c, ' ' | '\t' | '\n' | '\r')).collect();
    ::base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map_err(|e| format!("the blob is not base64: {e}"))
}

/// A timestamp format (`@timestampFormat`; XML bodies default to `DateTime`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)] // which formats a crate uses depends on its model
pub(crate) enum TimeFormat {
    /// RFC 3339 (`2014-04-29T18:30:38Z`).
    DateTime,
    /// Seconds since 1970-01-01T00:00:00Z (`1398796238`, `946845296.123`).
    EpochSeconds,
    /// IMF-fixdate (`Tue, 29 Apr 2014 18:30:38 GMT`, RFC 9110 §5.6.7).
    HttpDate,
}

/// A timestamp, in UTC. The text is read in `format` first, then in the other two (a service
/// may send another form than its model says; botocore reads any, and so does the JSON side):
/// RFC 3339 with any offset and fraction, epoch seconds with a fraction (exact to the
/// nanosecond) or an exponent, and IMF-fixdate (with the other RFC 2822 forms and the obsolete HTTP dates).
pub(crate) fn xml_timestamp(
    text: &str,
    format: TimeFormat,
) -> ::std::result::Result<crate::timestamp::Timestamp, ::std::string::String> {
    let trimmed = xml_trim(text);
    let rfc3339 = || crate::timestamp::Timestamp::parse_rfc3339(trimmed);
    let imf = || crate::timestamp::Timestamp::parse_http_date(trimmed);
    let seconds = || xml_epoch_seconds(trimmed);
    let (parsed, expected) = match format {
        TimeFormat::DateTime => (rfc3339().or_else(seconds).or_else(imf), "an RFC 3339 date-time"),
        TimeFormat::EpochSeconds => (seconds().or_else(rfc3339).or_else(imf), "epoch seconds"),
        TimeFormat::HttpDate => (imf().or_else(rfc3339).or_else(seconds), "an HTTP date"),
    };
    parsed.ok_or_else(|| format!("expected a timestamp ({expected}), got `{trimmed}`"))
}

/// Epoch seconds: a decimal number read exactly (the fraction to the nanosecond, further digits
/// dropped), or any other number Rust reads (an exponent), rounded to the nanosecond.
#[allow(clippy::cast_possible_truncation)]
fn xml_epoch_seconds(text: &str) -> ::std::option::Option<crate::timestamp::Timestamp> {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if !whole.is_empty() && whole.len() <= 18 && digits(whole) && digits(fraction) {
        let mut nanos = i128::from(whole.parse::<i64>().ok()?) * 1_000_000_000;
        for (i, b) in fraction.bytes().take(9).enumerate() {
            nanos += i128::from(b - b'0') * 10_i128.pow(8 - i as u32);
        }
        return crate::timestamp::Timestamp::from_unix_timestamp_nanos(if text.starts_with('-') { -nanos } else { nanos });
    }
    let value: f64 = text.parse().ok()?;
    let nanos = (value * 1e9).round();
    if !nanos.is_finite() || nanos.abs() >= 1e36 {
        return None;
    }
    crate::timestamp::Timestamp::from_unix_timestamp_nanos(nanos as i128)
}

/// A timestamp as text, for a query value or an XML body: `DateTime` as RFC 3339 in UTC (`Z`),
/// with a fraction only when there is one (`2014-04-29T18:30:38Z`, `2000-01-02T20:34:56.123Z`);
/// `EpochSeconds` as a whole number, or exactly with a fraction when there is one
/// (`946845296.123`); `HttpDate` as IMF-fixdate (whole seconds).
pub(crate) fn format_timestamp(value: &crate::timestamp::Timestamp, format: TimeFormat) -> ::std::string::String {
    match format {
        TimeFormat::DateTime => date_time(value),
        TimeFormat::HttpDate => http_date(value),
        TimeFormat::EpochSeconds => {
            let nanos = value.unix_timestamp_nanos();
            let sign = if nanos < 0 { "-" } else { "" };
            let (whole, fraction) = (nanos.unsigned_abs() / 1_000_000_000, nanos.unsigned_abs() % 1_000_000_000);
            if fraction == 0 {
                format!("{sign}{whole}")
            } else {
                let fraction = format!("{fraction:09}");
                format!("{sign}{whole}.{}", fraction.trim_end_matches('0'))
            }
        }
    }
}

/// A double as text: `NaN`, `Infinity`, `-Infinity`; otherwise the shortest digits that read
/// back as the same double (`10.8`, `1` for 1.0), in exponent form (`1e300`, `5e-324`) beyond
/// the magnitudes a plain decimal writes briefly.
pub(crate) fn format_f64(value: f64) -> ::std::string::String {
    xml_float_text(value)
}

/// A float as text, like [`format_f64`], with the shortest digits at single precision (`1.1`,
/// not `1.100000023841858`).
pub(crate) fn format_f32(value: f32) -> ::std::string::String {
    xml_float_text(value)
}

/// `format_f64` and `format_f32` at the width of `T`.
fn xml_float_text<T: Copy + Into<f64> + ::std::fmt::Display + ::std::fmt::LowerExp>(value: T) -> ::std::string::String {
    let wide: f64 = value.into();
    if wide.is_nan() {
        "NaN".to_owned()
    } else if wide == f64::INFINITY {
        "Infinity".to_owned()
    } else if wide == f64::NEG_INFINITY {
        "-Infinity".to_owned()
    } else if wide != 0.0 && !(1e-6..1e21).contains(&wide.abs()) {
        format!("{value:e}")
    } else {
        value.to_string()
    }
}

/// A blob as text: base64 (RFC 4648, standard alphabet, padded).
pub(crate) fn format_blob(value: &[u8]) -> ::std::string::String {
    use ::base64::Engine as _;
    ::base64::engine::general_purpose::STANDARD.encode(value)
}

/// Accumulates the key/value pairs of an awsQuery/ec2Query request body
/// (`application/x-www-form-urlencoded`): `Action=…&Version=…`, then the pairs in the order
/// pushed.
pub(crate) struct QueryWriter {
    body: ::std::string::String,
}

impl QueryWriter {
    /// A body that starts `Action={action}&Version={version}`.
    pub(crate) fn new(action: &str, version: &str) -> Self {
        let mut writer = Self { body: ::std::string::String::from("Action=") };
        form_encode(&mut writer.body, action);
        writer.body.push_str("&Version=");
        form_encode(&mut writer.body, version);
        writer
    }

    /// Appends `&key=value` (an empty value for an empty list: `ListArg=`).
    #[allow(dead_code)] // a crate whose inputs have no members pushes nothing
    pub(crate) fn push(&mut self, key: &str, value: &str) {
        self.body.push('&');
        form_encode(&mut self.body, key);
        self.body.push('=');
        form_encode(&mut self.body, value);
    }

    /// The body.
    pub(crate) fn finish(self) -> ::std::vec::Vec<u8> {
        self.body.into_bytes()
    }
}

/// Appends `raw` form-urlencoded as botocore writes it (and the protocol tests expect:
/// `dmFsdWU%3D`, `2015-01-25T08%3A00%3A00Z`): the RFC 3986 unreserved characters
/// (`A-Z a-z 0-9 - . _ ~`) as they are, a space as `+`, every other byte of the UTF-8 as `%XX`
/// (uppercase hex).
fn form_encode(out: &mut ::std::string::String, raw: &str) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    for b in raw.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(char::from(b)),
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(DIGITS[usize::from(b >> 4)]));
                out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
            }
        }
    }
}

/// Writes an XML document (restXml request bodies), without a declaration; an element without
/// content is written `<a></a>`. Names are written as given (the model's, valid XML names).
pub(crate) struct XmlWriter {
    out: ::std::string::String,
}

impl XmlWriter {
    /// An empty document.
    pub(crate) fn new() -> Self {
        Self { out: ::std::string::String::new() }
    }

    /// Writes a start tag with `attributes` (`xmlns` declarations among them), their values
    /// escaped: `&`, `<`, `>` and `"`, and tab, newline and carriage return as character
    /// references, which a reader would otherwise turn into spaces (XML 1.0 §3.3.3).
    pub(crate) fn start(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attributes {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            xml_escape(&mut self.out, value, true);
            self.out.push('"');
        }
        self.out.push('>');
    }

    /// Writes an end tag.
    pub(crate) fn end(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    /// Writes text, escaped: `&`, `<`, `>`, and a carriage return as `&#13;`, which a reader would
    /// otherwise turn into a newline (XML 1.0 §2.11). XML 1.0 has no way to carry the other C0
    /// controls (§2.2): they are written as they are, and a reader will refuse them.
    #[allow(dead_code)] // a body whose members are all structures writes no text
    pub(crate) fn text(&mut self, text: &str) {
        xml_escape(&mut self.out, text, false);
    }

    /// The document.
    pub(crate) fn finish(self) -> ::std::vec::Vec<u8> {
        self.out.into_bytes()
    }
}

/// Appends `raw` escaped as text, or as an attribute value in double quotes.
fn xml_escape(out: &mut ::std::string::String, raw: &str, attribute: bool) {
    for c in raw.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
}

/// What an XML error response says about itself.
#[derive(Debug)]
pub(crate) struct XmlErrorResponse {
    /// The HTTP status.
    pub(crate) status: u16,
    /// `<Code>`, with any `namespace#` prefix (and `:suffix`) removed; the status as text when
    /// there is none.
    pub(crate) code: ::std::string::String,
    /// `<Message>` (or `<message>`); `None` when absent or empty. For a body that holds no error
    /// (empty, HTML, not XML), the status's reason phrase.
    pub(crate) message: ::std::option::Option<::std::string::String>,
    /// The `<Error>` element holding the error's members; `None` when the body holds none.
    #[allow(dead_code)] // read only where an operation models errors
    pub(crate) error: ::std::option::Option<XmlElement>,
}

impl XmlErrorResponse {
    /// The error as an unhandled one.
    pub(crate) fn unhandled(self, body: &[u8]) -> UnhandledError {
        UnhandledError { status: self.status, code: self.code, message: self.message, body: body.to_vec() }
    }
}

/// Reads an awsQuery error response: `<ErrorResponse><Error><Code>…</Code><Message>…`
/// (an `<Error>` root is read too).
pub(crate) fn read_query_error(response: &::http::Response<::std::vec::Vec<u8>>) -> XmlErrorResponse {
    read_xml_error(response, |root| if root.name == "Error" { Some(root) } else { xml_take_child(root, "Error") })
}

/// Reads an ec2Query error response: `<Response><Errors><Error><Code>…` (an `<Errors>` or
/// `<Error>` root is read too).
pub(crate) fn read_ec2_error(response: &::http::Response<::std::vec::Vec<u8>>) -> XmlErrorResponse {
    read_xml_error(response, |root| match root.name.as_str() {
        "Error" => Some(root),
        "Errors" => xml_take_child(root, "Error"),
        _ => xml_take_child(root, "Errors").and_then(|errors| xml_take_child(errors, "Error")),
    })
}

/// Reads a restXml error response: `<ErrorResponse><Error><Code>…`, or with `unwrapped`
/// (`@restXml(noErrorWrapping: true)`, S3) `<Error><Code>…` at the root. Either form is read
/// under either setting, as botocore does.
pub(crate) fn read_rest_xml_error(response: &::http::Response<::std::vec::Vec<u8>>, unwrapped: bool) -> XmlErrorResponse {
    read_xml_error(response, |root| {
        let holds_code = root.child("Code").is_some();
        if (unwrapped && holds_code) || root.name == "Error" {
            Some(root)
        } else {
            xml_take_child(root, "Error")
        }
    })
}

/// Reads an XML error response, `find` taking the error element out of the root. A body that
/// holds none (empty, an HTML page from the HTTP layer, not XML, another document) has the
/// status as its code and the reason phrase as its message.
fn read_xml_error(
    response: &::http::Response<::std::vec::Vec<u8>>,
    find: impl FnOnce(XmlElement) -> ::std::option::Option<XmlElement>,
) -> XmlErrorResponse {
    let status = response.status().as_u16();
    let Some(error) = parse_xml(response.body()).ok().and_then(find) else {
        return XmlErrorResponse {
            status,
            code: status.to_string(),
            message: response.status().canonical_reason().map(str::to_owned),
            error: None,
        };
    };
    let code = error
        .child("Code")
        .map(|c| sanitize_code(&c.text))
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| status.to_string());
    let message = error
        .child("Message")
        .or_else(|| error.child("message"))
        .map(|m| m.text.clone())
        .filter(|m| !m.is_empty());
    XmlErrorResponse { status, code, message, error: Some(error) }
}

/// The first child of `element` named `name`, taken out.
fn xml_take_child(mut element: XmlElement, name: &str) -> ::std::option::Option<XmlElement> {
    let index = element.children.iter().position(|c| c.name == name)?;
    Some(element.children.swap_remove(index))
}
