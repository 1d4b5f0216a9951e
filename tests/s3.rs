//! restXml on the wire: botocore's S3 fixtures (`../shared/conformance/s3`, the 25 operations of
//! its manifest, none streaming) against the generated `s3-types`: requests built (path-style,
//! XML bodies compared structurally), responses and S3's unwrapped errors parsed from XML, inputs
//! validated as botocore validates them. Counts are printed per file and kind.

use std::sync::OnceLock;

use codegen::model::{ShapeKind, Simple};
use e2e::{
    Tally, botocore_names, case_id, check_error_seen, diff_corrected, fixture_response, guarded,
    has_tag, load_cases_from, operations, shared_fixtures,
};
use quick_xml::events::Event;
use s3_types as types;
use s3_types::Constraint;
use serde_json::{Map, Value};

/// The operations under test, once: `operations!`'s table (requests, responses, errors,
/// `validate()`) and [`strict_verdict`], the same dispatch to `validate_strict()`.
macro_rules! s3_operations {
    ($($op:ident, $input:ident, $output:tt, $error:ident;)*) => {
        operations! { types, wire_params; $($op, $input, $output, $error;)* }

        /// Strict decoding and `validate_strict()` of botocore's `params` of `operation`.
        fn strict_verdict(operation: &str, params: &Value) -> Result<(), types::ValidationErrors> {
            let bytes = serde_json::to_vec(&wire_params(operation, params)).expect("params serialize");
            match operation {
                $(stringify!($op) => types::from_json_strict::<types::$input>(&bytes)?.validate_strict(),)*
                other => panic!("no operation {other} in the crate"),
            }
        }
    };
}

// The operations of the fixtures' manifest (`operations`), in its order; `()` where the output is
// `smithy.api#Unit`.
s3_operations! {
    ListObjectsV2, ListObjectsV2Request, ListObjectsV2Output, ListObjectsV2Error;
    ListObjectVersions, ListObjectVersionsRequest, ListObjectVersionsOutput, ListObjectVersionsError;
    ListMultipartUploads, ListMultipartUploadsRequest, ListMultipartUploadsOutput, ListMultipartUploadsError;
    HeadObject, HeadObjectRequest, HeadObjectOutput, HeadObjectError;
    HeadBucket, HeadBucketRequest, HeadBucketOutput, HeadBucketError;
    GetObjectTagging, GetObjectTaggingRequest, GetObjectTaggingOutput, GetObjectTaggingError;
    PutObjectTagging, PutObjectTaggingRequest, PutObjectTaggingOutput, PutObjectTaggingError;
    DeleteObjects, DeleteObjectsRequest, DeleteObjectsOutput, DeleteObjectsError;
    GetBucketAcl, GetBucketAclRequest, GetBucketAclOutput, GetBucketAclError;
    PutBucketAcl, PutBucketAclRequest, (), PutBucketAclError;
    GetObjectAcl, GetObjectAclRequest, GetObjectAclOutput, GetObjectAclError;
    PutObjectAcl, PutObjectAclRequest, PutObjectAclOutput, PutObjectAclError;
    GetBucketCors, GetBucketCorsRequest, GetBucketCorsOutput, GetBucketCorsError;
    PutBucketCors, PutBucketCorsRequest, (), PutBucketCorsError;
    GetBucketLifecycleConfiguration, GetBucketLifecycleConfigurationRequest, GetBucketLifecycleConfigurationOutput, GetBucketLifecycleConfigurationError;
    PutBucketLifecycleConfiguration, PutBucketLifecycleConfigurationRequest, PutBucketLifecycleConfigurationOutput, PutBucketLifecycleConfigurationError;
    PutBucketMetricsConfiguration, PutBucketMetricsConfigurationRequest, (), PutBucketMetricsConfigurationError;
    GetBucketNotificationConfiguration, GetBucketNotificationConfigurationRequest, NotificationConfiguration, GetBucketNotificationConfigurationError;
    GetBucketPolicy, GetBucketPolicyRequest, GetBucketPolicyOutput, GetBucketPolicyError;
    PutBucketPolicy, PutBucketPolicyRequest, (), PutBucketPolicyError;
    CreateMultipartUpload, CreateMultipartUploadRequest, CreateMultipartUploadOutput, CreateMultipartUploadError;
    CreateBucket, CreateBucketRequest, CreateBucketOutput, CreateBucketError;
    GetObjectAttributes, GetObjectAttributesRequest, GetObjectAttributesOutput, GetObjectAttributesError;
    PutObjectRetention, PutObjectRetentionRequest, PutObjectRetentionOutput, PutObjectRetentionError;
    GetBucketTagging, GetBucketTaggingRequest, GetBucketTaggingOutput, GetBucketTaggingError;
}

/// botocore's `params` are already the input's JSON: member names as in the model, timestamps as
/// epoch seconds (which our timestamps read whatever their `@timestampFormat`), and none of these
/// inputs has a blob.
fn wire_params(_operation: &str, params: &Value) -> Value {
    params.clone()
}

const NAMESPACE: &str = "com.amazonaws.s3#";

/// The S3 model: the errors each operation declares, and where the timestamps are.
fn model() -> &'static codegen::model::Model {
    static MODEL: OnceLock<codegen::model::Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/models/aws/s3.json");
        codegen::Model::from_paths([&path])
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .resolved()
            .clone()
    })
}

/// The fixtures' manifest.
fn manifest() -> &'static Value {
    static MANIFEST: OnceLock<Value> = OnceLock::new();
    MANIFEST.get_or_init(|| {
        let path = shared_fixtures("s3").join("manifest.json");
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    })
}

fn operation(case: &Value) -> &'static e2e::Operation<types::ValidationErrors> {
    let name = case["operation"].as_str().unwrap_or_default();
    OPERATIONS
        .iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("no operation {name} in the crate"))
}

/// Every case of `file`, operation by operation; checks that no case belongs to an operation
/// outside the table.
fn cases(file: &str) -> Vec<Value> {
    let dir = shared_fixtures("s3");
    let cases: Vec<Value> = OPERATIONS
        .iter()
        .flat_map(|o| load_cases_from(&dir, file, o.name))
        .collect();
    let path = dir.join(file);
    let in_file = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|line| !line.trim().is_empty())
        .count();
    assert_eq!(
        cases.len(),
        in_file,
        "{}: every case must belong to one of the {} operations under test",
        path.display(),
        OPERATIONS.len(),
    );
    cases
}

/// The table is exactly the manifest's `operations`, in its order.
#[test]
fn the_table_is_the_manifest() {
    let listed: Vec<&str> = manifest()["operations"]
        .as_array()
        .expect("manifest operations")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let ours: Vec<&str> = OPERATIONS.iter().map(|o| o.name).collect();
    assert_eq!(ours, listed);
}

// ---------------------------------------------------------------------------------------------
// XML, canonical as the fixtures' README describes `body_canonical`.

/// An XML element as read without namespace processing: names and attributes as written
/// (`xmlns` and `xmlns:p` attributes included), attributes sorted by name.
#[derive(Debug, Clone, PartialEq)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Node>,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Element(Element),
    Text(String),
}

/// Reads `text` (declaration, comments and processing instructions skipped; CDATA and
/// references read as text; adjacent text merged), then drops whitespace-only text from every
/// element that has child elements.
fn parse_xml(text: &str) -> Result<Element, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut open: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        let event = reader.read_event().map_err(|e| format!("not XML: {e}"))?;
        let closed = match event {
            Event::Start(ref tag) | Event::Empty(ref tag) => {
                let name =
                    String::from_utf8(tag.name().as_ref().to_vec()).map_err(|e| e.to_string())?;
                let mut attributes = Vec::new();
                for attribute in tag.attributes() {
                    let attribute = attribute.map_err(|e| e.to_string())?;
                    let key = String::from_utf8(attribute.key.as_ref().to_vec())
                        .map_err(|e| e.to_string())?;
                    let value = attribute
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| e.to_string())?
                        .into_owned();
                    attributes.push((key, value));
                }
                attributes.sort();
                let element = Element {
                    name,
                    attributes,
                    children: Vec::new(),
                };
                if matches!(event, Event::Empty(_)) {
                    Some(element)
                } else {
                    open.push(element);
                    None
                }
            }
            Event::End(_) => Some(open.pop().ok_or("an end tag without a start tag")?),
            Event::Text(chunk) => {
                let content = chunk.decode().map_err(|e| e.to_string())?;
                push_text(&mut open, &content)?;
                None
            }
            Event::CData(section) => {
                let content = section.decode().map_err(|e| e.to_string())?;
                push_text(&mut open, &content)?;
                None
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref().map_err(|e| e.to_string())? {
                    Some(c) => c.to_string(),
                    None => {
                        let entity = reference.decode().map_err(|e| e.to_string())?;
                        quick_xml::escape::resolve_xml_entity(&entity)
                            .ok_or_else(|| format!("unknown entity &{entity};"))?
                            .to_owned()
                    }
                };
                push_text(&mut open, &resolved)?;
                None
            }
            Event::Eof => break,
            _ => None,
        };
        if let Some(mut element) = closed {
            if element
                .children
                .iter()
                .any(|c| matches!(c, Node::Element(_)))
            {
                element.children.retain(|c| match c {
                    Node::Text(t) => !t.chars().all(|c| matches!(c, ' ' | '\t' | '\n' | '\r')),
                    Node::Element(_) => true,
                });
            }
            match open.last_mut() {
                Some(parent) => parent.children.push(Node::Element(element)),
                None if root.is_none() => root = Some(element),
                None => return Err("a second root element".to_owned()),
            }
        }
    }
    if !open.is_empty() {
        return Err("unclosed elements".to_owned());
    }
    root.ok_or_else(|| "no root element".to_owned())
}

fn push_text(open: &mut [Element], text: &str) -> Result<(), String> {
    match open.last_mut() {
        Some(element) => {
            if let Some(Node::Text(last)) = element.children.last_mut() {
                last.push_str(text);
            } else {
                element.children.push(Node::Text(text.to_owned()));
            }
            Ok(())
        }
        None if text.chars().all(|c| matches!(c, ' ' | '\t' | '\n' | '\r')) => Ok(()),
        None => Err("text outside the root element".to_owned()),
    }
}

/// The canonical text of `element`, as the README writes `body_canonical`.
fn canonical(element: &Element) -> String {
    let mut out = String::new();
    write_canonical(element, &mut out);
    out
}

fn write_canonical(element: &Element, out: &mut String) {
    out.push('<');
    out.push_str(&element.name);
    for (name, value) in &element.attributes {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        for c in value.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '"' => out.push_str("&quot;"),
                '\t' => out.push_str("&#9;"),
                '\n' => out.push_str("&#10;"),
                '\r' => out.push_str("&#13;"),
                c => out.push(c),
            }
        }
        out.push('"');
    }
    out.push('>');
    for child in &element.children {
        match child {
            Node::Element(e) => write_canonical(e, out),
            Node::Text(text) => {
                for c in text.chars() {
                    match c {
                        '&' => out.push_str("&amp;"),
                        '<' => out.push_str("&lt;"),
                        '>' => out.push_str("&gt;"),
                        '\r' => out.push_str("&#13;"),
                        c => out.push(c),
                    }
                }
            }
        }
    }
    out.push_str("</");
    out.push_str(&element.name);
    out.push('>');
}

/// The text of an element with no child elements.
fn leaf_text(element: &Element) -> Option<String> {
    let mut text = String::new();
    for child in &element.children {
        match child {
            Node::Text(t) => text.push_str(t),
            Node::Element(_) => return None,
        }
    }
    Some(text)
}

/// The first structural difference between `ours` and botocore's `theirs`, at `path`.
/// `same_leaf(ours, theirs)` decides whether two leaf texts that differ as text still agree
/// (timestamps written with different precision); `leaf_matches` collects such leaves.
fn xml_difference(
    ours: &Element,
    theirs: &Element,
    path: &str,
    same_leaf: &dyn Fn(&str, &str) -> bool,
    leaf_matches: &mut Vec<String>,
) -> Option<String> {
    let path = format!("{path}/{}", theirs.name);
    if ours.name != theirs.name {
        return Some(format!("{path}: element <{}> instead", ours.name));
    }
    if ours.attributes != theirs.attributes {
        return Some(format!(
            "{path}: attributes {:?}, botocore {:?}",
            ours.attributes, theirs.attributes
        ));
    }
    if let (Some(a), Some(b)) = (leaf_text(ours), leaf_text(theirs)) {
        if a == b {
            return None;
        }
        if same_leaf(&a, &b) {
            leaf_matches.push(format!("{path}: {a} = {b}"));
            return None;
        }
        return Some(format!("{path}: text {a:?}, botocore {b:?}"));
    }
    if ours.children.len() != theirs.children.len() {
        return Some(format!(
            "{path}: {} children, botocore {}: ours {}",
            ours.children.len(),
            theirs.children.len(),
            canonical(ours)
        ));
    }
    ours.children
        .iter()
        .zip(&theirs.children)
        .find_map(|pair| match pair {
            (Node::Element(a), Node::Element(b)) => {
                xml_difference(a, b, &path, same_leaf, leaf_matches)
            }
            (Node::Text(a), Node::Text(b)) if a == b => None,
            (a, b) => Some(format!("{path}: {a:?}, botocore {b:?}")),
        })
}

// ---------------------------------------------------------------------------------------------
// Timestamps.

/// The instant a timestamp text names: RFC 3339 (`date-time`) or IMF-fixdate (`http-date`), as
/// Unix seconds with the fraction.
fn instant(text: &str) -> Option<f64> {
    use time::format_description::well_known::Rfc3339;
    let at = time::OffsetDateTime::parse(text, &Rfc3339)
        .ok()
        .or_else(|| {
            let format = time::format_description::parse(
            "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT",
        )
        .ok()?;
            time::PrimitiveDateTime::parse(text, &format)
                .ok()
                .map(time::PrimitiveDateTime::assume_utc)
        })?;
    #[allow(clippy::cast_precision_loss)]
    Some(at.unix_timestamp() as f64 + f64::from(at.nanosecond()) / 1e9)
}

/// `value` (JSON of the shape `shape`) with every timestamp as Unix seconds, as botocore's
/// `expected` writes them: our serde writes a timestamp in its `@timestampFormat` (`date-time`,
/// `http-date`) where the model gives one.
fn epoch_timestamps(shape: &str, value: &Value) -> Value {
    let Some(s) = model().shapes.get(shape) else {
        return value.clone();
    };
    match (&s.kind, value) {
        (ShapeKind::Simple(Simple::Timestamp), Value::String(text)) => instant(text)
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| value.clone(), Value::Number),
        (ShapeKind::Structure(members) | ShapeKind::Union(members), Value::Object(map)) => {
            Value::Object(
                map.iter()
                    .map(|(k, v)| {
                        let v = match members.get(k) {
                            Some(m) => epoch_timestamps(&m.target, v),
                            None => v.clone(),
                        };
                        (k.clone(), v)
                    })
                    .collect(),
            )
        }
        (ShapeKind::List(m), Value::Array(items)) => Value::Array(
            items
                .iter()
                .map(|v| epoch_timestamps(&m.target, v))
                .collect(),
        ),
        (ShapeKind::Map { value: m, .. }, Value::Object(map)) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), epoch_timestamps(&m.target, v)))
                .collect(),
        ),
        _ => value.clone(),
    }
}

/// The output shape of an operation.
fn output_shape(operation: &str) -> Option<String> {
    match &model().shapes.get(&format!("{NAMESPACE}{operation}"))?.kind {
        ShapeKind::Operation { output, .. } => output.clone(),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Requests.

/// The members of an operation's input, by member name.
fn input_members(operation: &str) -> Vec<(&'static str, &'static codegen::model::Member)> {
    let model = model();
    let input = match model
        .shapes
        .get(&format!("{NAMESPACE}{operation}"))
        .map(|s| &s.kind)
    {
        Some(ShapeKind::Operation {
            input: Some(input), ..
        }) => input,
        _ => return Vec::new(),
    };
    match model.shapes.get(input).map(|s| &s.kind) {
        Some(ShapeKind::Structure(members)) => {
            members.iter().map(|(name, m)| (name.as_str(), m)).collect()
        }
        _ => Vec::new(),
    }
}

/// What `@httpHeader` binds `header` (lowercase) to in `operation`'s input: the member name and
/// the kind of its target.
fn header_member(operation: &str, header: &str) -> Option<(&'static str, &'static ShapeKind)> {
    input_members(operation)
        .into_iter()
        .find_map(|(name, member)| {
            let bound = member.traits.get("smithy.api#httpHeader")?.as_str()?;
            bound
                .eq_ignore_ascii_case(header)
                .then(|| Some((name, &model().shapes.get(&member.target)?.kind)))?
        })
}

/// The `Content-Type` the Smithy restXml protocol tests require for the payload `params` send:
/// `application/xml` for a structure payload (`HttpPayloadWithStructure`), `text/plain` for a
/// string one (`RestXmlStringPayloadRequest`); none without a payload value.
fn payload_media_type(operation: &str, params: &Value) -> Option<&'static str> {
    input_members(operation)
        .into_iter()
        .find_map(|(name, member)| {
            member.traits.get("smithy.api#httpPayload")?;
            if params.get(name).is_none_or(Value::is_null) {
                return None;
            }
            match model().shapes.get(&member.target)?.kind {
                ShapeKind::Structure(_) | ShapeKind::Union(_) => Some("application/xml"),
                ShapeKind::Simple(Simple::String) | ShapeKind::Enum(_) => Some("text/plain"),
                _ => None,
            }
        })
}

/// The items of a list header (`a, b` or `a,b`): split at commas, optional whitespace trimmed.
fn header_items(value: &str) -> Vec<&str> {
    value
        .split(',')
        .map(|item| item.trim_matches([' ', '\t']))
        .collect()
}

/// What a request check found beyond "the same as botocore's".
#[derive(Default)]
struct RequestNotes {
    /// XML leaves equal only as instants (`fractional-timestamp`: botocore writes microseconds).
    timestamps_by_instant: Vec<String>,
    /// The `Content-Type` we send where botocore sends none.
    content_type: Option<String>,
    /// List headers equal item by item, not as text.
    list_headers: Vec<String>,
    /// The XML body is byte-identical to botocore's text.
    identical_body: bool,
    /// Differences that follow a Smithy protocol test where botocore does otherwise: the case is
    /// out of scope, with these reasons.
    by_design: Vec<String>,
}

/// Our headers against botocore's, exactly, except what [`RequestNotes`] records:
///
/// - `Content-Type`: botocore's rest-xml serializer sends none; the Smithy restXml tests require
///   the payload's media type ([`payload_media_type`]), which is all we may add.
/// - A list header (`header-list`) compares item by item: botocore joins with `,`, the Smithy tests
///   (`InputAndOutputWithStringHeaders`: `"a, b, c"`) with `, `.
/// - An empty list header (`empty-list`): botocore omits it; Smithy's `NullAndEmptyHeaders` sends
///   `""`. By design.
/// - A timestamp header with a fraction (`fractional-timestamp`): botocore drops the fraction; we
///   send the instant as given. By design, when botocore's is ours truncated to the second.
fn check_headers(
    case: &Value,
    ours: &Map<String, Value>,
    notes: &mut RequestNotes,
) -> Result<(), String> {
    let name = case["operation"].as_str().unwrap_or_default();
    let theirs = case["expected"]["headers"]
        .as_object()
        .ok_or("no headers")?;
    if let Some(header) = theirs.keys().find(|h| !ours.contains_key(*h)) {
        return Err(format!(
            "$.headers.{header}: missing (botocore {})",
            theirs[header]
        ));
    }
    for (header, value) in ours {
        let value = value.as_str().unwrap_or_default();
        let at = format!("$.headers.{header}");
        let Some(expected) = theirs.get(header) else {
            if header == "content-type" && payload_media_type(name, &case["params"]) == Some(value)
            {
                notes.content_type = Some(value.to_owned());
                continue;
            }
            if let Some((member, ShapeKind::List(_))) = header_member(name, header) {
                let empty = case["params"][member].as_array().is_some_and(Vec::is_empty);
                if value.is_empty() && empty && has_tag(case, "empty-list") {
                    notes.by_design.push(format!(
                        "`empty-list`: {header}: \"\" for the empty list {member}, as Smithy's \
                         restXml `NullAndEmptyHeaders` sends it; botocore omits the header"
                    ));
                    continue;
                }
            }
            return Err(format!("{at}: unexpected member {value:?}"));
        };
        let expected = expected
            .as_str()
            .ok_or_else(|| format!("{at}: not a string"))?;
        if value == expected {
            continue;
        }
        match header_member(name, header) {
            Some((_, ShapeKind::List(_))) if header_items(value) == header_items(expected) => {
                notes
                    .list_headers
                    .push(format!("{header}: {value:?} = {expected:?}"));
            }
            Some((_, ShapeKind::Simple(Simple::Timestamp)))
                if has_tag(case, "fractional-timestamp")
                    && matches!(
                        (instant(value), instant(expected)),
                        (Some(ours), Some(theirs)) if ours.floor() == theirs && ours != theirs
                    ) =>
            {
                notes.by_design.push(format!(
                    "`fractional-timestamp`: {header}: ours {value:?}, botocore {expected:?} \
                     (botocore drops the fraction; we send the instant given)"
                ));
            }
            _ => return Err(format!("{at}: expected {expected:?}, got {value:?}")),
        }
    }
    Ok(())
}

/// Method, path (path-style, labels percent-encoded), query string, headers
/// ([`check_headers`]), and the body by `body_kind`: `xml` structurally against
/// `body_canonical`, `raw` byte for byte, `none` empty.
fn check_request(case: &Value) -> Result<RequestNotes, String> {
    let expected = &case["expected"];
    let request = (operation(case).request)(&case["params"])?;
    let mut notes = RequestNotes::default();
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
    let mut ours = Map::new();
    for (name, value) in request.headers() {
        let value = value
            .to_str()
            .map_err(|e| format!("header {name}: {e}"))?
            .to_owned();
        if ours
            .insert(name.as_str().to_owned(), Value::String(value))
            .is_some()
        {
            return Err(format!("header {name} sent twice"));
        }
    }
    check_headers(case, &ours, &mut notes)?;
    let body = request.body();
    match expected["body_kind"].as_str() {
        Some("none") => {
            if !body.is_empty() {
                return Err(format!(
                    "botocore sends no body; ours {:?}",
                    String::from_utf8_lossy(body)
                ));
            }
        }
        Some("raw") => {
            let theirs = expected["body"].as_str().ok_or("raw body is not text")?;
            if body != theirs.as_bytes() {
                return Err(format!(
                    "body {:?} != {theirs:?}",
                    String::from_utf8_lossy(body)
                ));
            }
        }
        Some("xml") => {
            let text = std::str::from_utf8(body).map_err(|e| format!("body: {e}"))?;
            let theirs_canonical = expected["body_canonical"]
                .as_str()
                .ok_or("no body_canonical")?;
            // The canonical form here is the README's: botocore's own text must come out as its
            // `body_canonical`.
            let theirs = parse_xml(expected["body"].as_str().ok_or("no body")?)?;
            if canonical(&theirs) != theirs_canonical {
                return Err(format!(
                    "harness: botocore's body canonicalizes to {}, not to its body_canonical {}",
                    canonical(&theirs),
                    theirs_canonical
                ));
            }
            let ours = parse_xml(text).map_err(|e| format!("body: {e}: {text:?}"))?;
            let fractional = has_tag(case, "fractional-timestamp");
            let same_instant = |a: &str, b: &str| {
                fractional && matches!((instant(a), instant(b)), (Some(x), Some(y)) if x == y)
            };
            // A wrong root name is reported with whatever else differs below it.
            let root = (ours.name != theirs.name)
                .then(|| format!("root element <{}>, botocore <{}>", ours.name, theirs.name));
            let renamed = Element {
                name: theirs.name.clone(),
                ..ours
            };
            let below = xml_difference(
                &renamed,
                &theirs,
                "",
                &same_instant,
                &mut notes.timestamps_by_instant,
            );
            match (root, below) {
                (None, None) => {}
                (Some(root), None) => return Err(format!("body: {root}, the rest equal")),
                (None, Some(below)) => return Err(format!("body {below}")),
                (Some(root), Some(below)) => return Err(format!("body: {root}; and {below}")),
            }
            notes.identical_body = expected["body"].as_str() == Some(text);
        }
        other => return Err(format!("body_kind {other:?}")),
    }
    Ok(notes)
}

#[test]
fn requests() {
    let mut tally = Tally::new("s3 requests.jsonl (25 operations)");
    let mut by_instant = Vec::new();
    let mut list_headers = Vec::new();
    let mut content_types: Vec<(String, usize)> = Vec::new();
    let (mut xml, mut identical) = (0, 0);
    for case in cases("requests.jsonl") {
        let id = case_id(&case);
        let body_kind = case["expected"]["body_kind"].as_str().unwrap_or("?");
        let kind = format!("request built as botocore builds it (body {body_kind})");
        let outcome = guarded(|| check_request(&case)).and_then(|r| r);
        let notes = match outcome {
            Err(reason) => {
                tally.record(&kind, id, Err(reason));
                continue;
            }
            Ok(notes) => notes,
        };
        if body_kind == "xml" {
            xml += 1;
            identical += usize::from(notes.identical_body);
        }
        by_instant.extend(
            notes
                .timestamps_by_instant
                .iter()
                .map(|l| format!("{id}: {l}")),
        );
        list_headers.extend(notes.list_headers.iter().map(|l| format!("{id}: {l}")));
        if let Some(media_type) = notes.content_type {
            match content_types.iter_mut().find(|(m, _)| *m == media_type) {
                Some((_, n)) => *n += 1,
                None => content_types.push((media_type, 1)),
            }
        }
        if notes.by_design.is_empty() {
            tally.record(&kind, id, Ok(()));
        } else {
            tally.out_of_scope(
                "differs from botocore by design (Smithy protocol tests)",
                id,
                notes.by_design.join("; "),
            );
        }
    }
    println!("XML bodies byte-identical to botocore's text: {identical}/{xml}");
    println!(
        "Content-Type sent where botocore sends none (the Smithy restXml tests require it): {}",
        content_types
            .iter()
            .map(|(m, n)| format!("{m} ×{n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "list headers equal item by item (botocore `a,b`, Smithy `a, b`): {}",
        list_headers.len()
    );
    for line in &list_headers {
        println!("  {line}");
    }
    println!(
        "XML timestamps equal as instants, not as text (`fractional-timestamp`: botocore writes \
         microseconds, `.107000Z`; we write what the instant needs, `.107Z`): {}",
        by_instant.len()
    );
    for line in &by_instant {
        println!("  {line}");
    }
    tally.finish();
}

// ---------------------------------------------------------------------------------------------
// Responses.

/// Where we differ from botocore on purpose, by case: what botocore does and why we do not.
const BY_DESIGN: &[(&str, &str)] = &[
    ("GetBucketPolicy-s1001-resp-01", EMPTY_STRING_PAYLOAD),
    ("GetBucketPolicy-s1001-resp-02", EMPTY_STRING_PAYLOAD),
    ("GetBucketPolicy-s1001-resp-03", EMPTY_STRING_PAYLOAD),
];

const EMPTY_STRING_PAYLOAD: &str = "an empty body is an unset @httpPayload (`Policy` absent), as \
     Smithy's restXml `HttpPayloadTraitsWithNoBlobBody` reads an empty blob payload; botocore \
     reads the empty string";

/// The output as JSON against botocore's `expected`: member names as in the model, timestamps as
/// epoch seconds (ours converted from their `@timestampFormat`), numbers by value
/// (`integral-number-for-float`), unknown XML elements dropped. A `@required` member botocore
/// leaves absent may be there as its zero value: client error correction (docs/type-mapping.md, "Nullability
/// policy") fills it in.
#[test]
fn responses() {
    let mut tally = Tally::new("s3 responses.jsonl (25 operations)");
    let mut filled = Vec::new();
    for case in cases("responses.jsonl") {
        let id = case_id(&case);
        let outcome = guarded(|| {
            let ours = (operation(&case).response)(&fixture_response(&case)?)?;
            if let Some(error) = case.get("expected_error") {
                return Err(format!("botocore fails ({error}); ours parsed {ours}"));
            }
            let name = case["operation"].as_str().unwrap_or_default();
            let ours = match output_shape(name) {
                Some(shape) => epoch_timestamps(&shape, &ours),
                None => ours,
            };
            diff_corrected(&case["expected"], &ours, "$")
        })
        .and_then(|r| r);
        match (outcome, BY_DESIGN.iter().find(|(case, _)| *case == id)) {
            (Err(reason), Some((_, why))) => {
                tally.out_of_scope(
                    "differs from botocore by design",
                    id,
                    format!("{reason}: {why}"),
                );
            }
            (Ok(_), Some(_)) => tally.record(
                "output parsed as botocore parses it",
                id,
                Err("passes now: remove it from BY_DESIGN".to_owned()),
            ),
            (outcome, None) => {
                if let Ok(n @ 1..) = outcome {
                    filled.push(format!("{id}: {n}"));
                }
                tally.record(
                    "output parsed as botocore parses it",
                    id,
                    outcome.map(|_| ()),
                );
            }
        }
    }
    println!(
        "responses with @required members filled in by client error correction (botocore leaves \
         them absent): {}",
        filled.join(", ")
    );
    tally.finish();
}

// ---------------------------------------------------------------------------------------------
// Errors.

/// The error shapes `operation` declares, by shape name (the error enum's variant names).
fn declared_errors(operation: &str) -> Vec<String> {
    let id = format!("{NAMESPACE}{operation}");
    let shape = model()
        .shapes
        .get(&id)
        .unwrap_or_else(|| panic!("no operation {id} in the model"));
    match &shape.kind {
        ShapeKind::Operation { errors, .. } => errors
            .iter()
            .map(|e| e.rsplit('#').next().unwrap_or(e).to_owned())
            .collect(),
        _ => panic!("{id} is not an operation"),
    }
}

/// Code, message and variant as botocore reports them. botocore's `fields` are empty in every
/// case (S3's error structures in these operations have no members); its `extra` (the other
/// children of `<Error>`: `Detail`, …) has no counterpart in the generated types, which keep an
/// unmodeled error's raw body instead.
#[test]
fn errors() {
    let mut tally = Tally::new("s3 errors.jsonl (25 operations)");
    for case in cases("errors.jsonl") {
        let outcome = guarded(|| check_error(&case)).and_then(|r| r);
        let kind = if case["expected"]["error_shape"].is_null() {
            "unmodeled or generic error"
        } else {
            "modeled error"
        };
        tally.record(kind, case_id(&case), outcome);
    }
    tally.finish();
}

fn check_error(case: &Value) -> Result<(), String> {
    let op = operation(case);
    let expected = &case["expected"];
    if expected["fields"] != Value::Object(Map::new()) {
        return Err(format!(
            "botocore parsed fields {}: not handled here",
            expected["fields"]
        ));
    }
    let declared = declared_errors(op.name);
    let seen = (op.error)(&fixture_response(case)?);
    check_error_seen(expected, &seen, |shape| declared.iter().any(|d| d == shape)).map(|_| ())
}

// ---------------------------------------------------------------------------------------------
// Validation.

/// How our verdict on a case compares with botocore's.
enum Verdict {
    /// The same verdict (on the same member, when invalid).
    Same,
    /// botocore says valid; the Smithy model forbids the value through a constraint botocore
    /// leaves to the service, and we reject it by design (the message says how).
    Stricter(String),
}

/// `validate()` (strict decoding, then the model's constraints) of botocore's `params` against
/// `validation.jsonl`, as tests/sts.rs does; in addition, an `unknown-enum` case (botocore:
/// valid, tag `unchecked-constraint`) must be valid for `validate()` too (enum membership is
/// opt-in) and rejected by `validate_strict()` on exactly the mutated member.
#[test]
fn validation() {
    let mut tally = Tally::new("s3 validation.jsonl (25 operations)");
    let mut summary: Vec<(String, [usize; 2])> = Vec::new();
    let mut stricter = Vec::new();
    for case in cases("validation.jsonl") {
        let id = case_id(&case);
        let kind = case["mutation"].as_str().unwrap_or("none");
        let outcome = guarded(|| check_validation(&case)).and_then(|r| r);
        let column = match &outcome {
            Ok(Verdict::Stricter(why)) => {
                stricter.push(format!("{id} [{kind}]: {why}"));
                1
            }
            _ => 0,
        };
        let passed = outcome.is_ok();
        tally.record(kind, id, outcome.map(|_| ()));
        if !passed {
            continue;
        }
        match summary.iter_mut().find(|(k, _)| k == kind) {
            Some((_, counts)) => counts[column] += 1,
            None => {
                let mut counts = [0; 2];
                counts[column] = 1;
                summary.push((kind.to_owned(), counts));
            }
        }
    }
    println!("by mutation kind: same verdict as botocore / stricter by design");
    for (kind, [same, stricter]) in &summary {
        println!("  {kind}: {same} / {stricter}");
    }
    println!("stricter than botocore by design ({}):", stricter.len());
    for line in &stricter {
        println!("  {line}");
    }
    tally.finish();
}

/// The member a mutation note names (`… at Tags[1].Key …`).
fn noted_member(case: &Value) -> Result<String, String> {
    let note = case["note"].as_str().unwrap_or_default();
    note.split_once(" at ")
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .map(str::to_owned)
        .ok_or_else(|| format!("no member in the note {note:?}"))
}

fn check_validation(case: &Value) -> Result<Verdict, String> {
    let kind = case["mutation"].as_str().unwrap_or("none");
    let name = case["operation"].as_str().unwrap_or_default();
    let ours = (operation(case).validate)(&case["params"]);
    let expected = &case["expected"];
    match expected["valid"].as_bool() {
        Some(true) => {
            let mut forbidden: Vec<(String, Constraint)> = Vec::new();
            if has_tag(case, "unchecked-constraint") {
                let constraint = match kind {
                    "above-max-length" | "above-max-items" => Constraint::MaxLength,
                    "above-max-range" => Constraint::MaxRange,
                    "pattern-violation" => Constraint::Pattern,
                    "unknown-enum" => {
                        // Not checked by `validate()`; `validate_strict()` must name it.
                        let member = noted_member(case)?;
                        let strict = strict_verdict(name, &case["params"]);
                        let named = strict.as_ref().err().is_some_and(|e| {
                            e.violations()
                                .iter()
                                .any(|v| v.name == member && v.constraint == Constraint::EnumValue)
                        });
                        if !named {
                            return Err(format!(
                                "validate_strict() does not report the unknown enum value at \
                                 {member}: {}",
                                strict
                                    .err()
                                    .map_or_else(|| "valid".to_owned(), |e| e.to_string())
                            ));
                        }
                        Constraint::EnumValue
                    }
                    other => {
                        return Err(format!(
                            "`unchecked-constraint` on a `{other}` mutation: no rule for it here"
                        ));
                    }
                };
                if constraint != Constraint::EnumValue {
                    forbidden.push((noted_member(case)?, constraint));
                }
            }
            let mut reported: Vec<(String, Constraint)> = match &ours {
                Ok(()) => Vec::new(),
                Err(e) => e
                    .violations()
                    .iter()
                    .map(|v| (v.name.clone(), v.constraint))
                    .collect(),
            };
            let key = |(name, constraint): &(String, Constraint)| format!("{name} {constraint:?}");
            forbidden.sort_by_key(key);
            reported.sort_by_key(key);
            if forbidden != reported {
                return Err(format!(
                    "botocore: valid ({kind}); the model forbids {forbidden:?}; ours: {}",
                    ours.err()
                        .map_or_else(|| "valid".to_owned(), |e| e.to_string())
                ));
            }
            Ok(match ours {
                Ok(()) => Verdict::Same,
                Err(e) => Verdict::Stricter(e.to_string()),
            })
        }
        Some(false) => {
            let e = match ours {
                Ok(()) => {
                    return Err(format!(
                        "botocore: invalid ({}); ours: valid",
                        expected["errors"]
                    ));
                }
                Err(e) => e,
            };
            let theirs = botocore_violations(expected);
            let found = theirs.iter().any(|(name, accepts)| {
                e.violations()
                    .iter()
                    .any(|v| v.name == *name && accepts.contains(&v.constraint))
            });
            if found {
                Ok(Verdict::Same)
            } else {
                let ours: Vec<String> = e
                    .violations()
                    .iter()
                    .map(|v| format!("{} ({:?})", v.name, v.constraint))
                    .collect();
                Err(format!(
                    "botocore {:?}, ours {ours:?}: no member named by both with the same kind of \
                     violation ({e})",
                    expected["error_details"]
                ))
            }
        }
        None => Err("no verdict in the fixture".to_owned()),
    }
}

/// The members botocore names, each with the violations of ours that say the same thing as
/// botocore's `type` there.
fn botocore_violations(expected: &Value) -> Vec<(String, &'static [Constraint])> {
    let details = expected["error_details"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    botocore_names(expected)
        .into_iter()
        .zip(details)
        .map(|(name, detail)| {
            let accepts: &'static [Constraint] = match detail["type"].as_str() {
                Some("missing required field") => &[Constraint::Required],
                Some("unknown field") => &[Constraint::UnknownMember],
                // A JSON `null` is botocore's `None`: wrong type there, a `Null` here.
                Some("invalid type") => &[Constraint::Type, Constraint::Null],
                Some("invalid length") => &[Constraint::MinLength, Constraint::MaxLength],
                Some("invalid range") => &[Constraint::MinRange, Constraint::MaxRange],
                _ => &[],
            };
            (name, accepts)
        })
        .collect()
}
