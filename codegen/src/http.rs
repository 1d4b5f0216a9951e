//! Reads the HTTP bindings of the selected operations into plain data: for restJson1 the `@http`
//! traits (`@http`, `@httpLabel`, `@httpQuery`, `@httpHeader`, `@httpPayload`,
//! `@httpResponseCode`); for the RPC protocols (awsJson1_0, awsJson1_1) their fixed binding
//! (`POST /`, an `X-Amz-Target` header, the whole structure as the JSON body).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::closure::Closure;
use crate::error::{Error, Result};
use crate::model::{Member, Model, Shape, ShapeKind, Simple, shape_name};
use crate::naming;
use crate::protocol::{Codec, Protocol};
use crate::resolve::{UNIT, traits};
use crate::types::{Crate, Field, Item, Presence, Struct, TimestampFormat, Type};

/// One operation's bindings.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Operation shape name (`UpdateMembership`).
    pub name: String,
    /// HTTP method.
    pub method: String,
    /// Path segments of the URI pattern.
    pub path: Vec<Segment>,
    /// Literal query parameters of the URI pattern (`?x=y`), in order.
    pub query_literals: Vec<QueryLiteral>,
    /// The success status code of `@http`.
    pub code: u16,
    /// Input struct bindings, when the operation has an input.
    pub input: Option<Bindings>,
    /// Output struct bindings, when the operation has an output.
    pub output: Option<Bindings>,
    /// The Rust name of the operation's error enum (`UpdateMembershipError`).
    pub error_enum: String,
    /// Modeled errors, the operation's then the service's.
    pub errors: Vec<ModeledError>,
    /// The fixed binding of an RPC protocol; `None` under restJson1.
    pub rpc: Option<Rpc>,
    /// The body codec of the operation's protocol.
    pub codec: Codec,
    /// restXml errors come as `<Error>` at the root, not inside `<ErrorResponse>`:
    /// `@restXml(noErrorWrapping: true)` or S3's `aws.customizations#s3UnwrappedXmlOutput`.
    pub unwrapped_errors: bool,
    /// S3's `aws.customizations#s3UnwrappedXmlOutput`: the output's one member is the body's
    /// root element itself.
    pub unwrapped_output: bool,
    /// What a client adds to the operation's requests beyond the bindings.
    pub extras: RequestExtras,
}

/// What a client adds to an operation's requests beyond its bindings: what the model asks for,
/// and the customizations of a few services that every AWS SDK applies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestExtras {
    /// `@httpChecksumRequired`: a `Content-MD5` header of the body sent.
    pub content_md5: bool,
    /// `@requestCompression` offers gzip: bodies of 10 KiB or more are gzipped.
    pub gzip: bool,
    /// Headers every request carries (API Gateway's `Accept`, Glacier's API version).
    pub headers: Vec<(String, String)>,
    /// Labels sent as a fixed value when empty (Glacier's `accountId`: `-`, the caller's own).
    pub label_defaults: Vec<(String, String)>,
    /// Glacier's `X-Amz-Content-Sha256` and `X-Amz-Sha256-Tree-Hash` of the uploaded payload,
    /// unless the input sets them.
    pub glacier_checksums: bool,
    /// The Rust field of the input's optional `@idempotencyToken` member: a fresh token is sent
    /// when the caller leaves it unset.
    pub idempotency_token: Option<String>,
}

/// Amazon Glacier's service shape.
const GLACIER: &str = "com.amazonaws.glacier#Glacier";

impl RequestExtras {
    fn of(
        model: &Model,
        service: &str,
        operation: &Shape,
        input: Option<&Struct>,
    ) -> RequestExtras {
        let idempotency_token = input.and_then(|s| {
            let members = model.shapes[&s.shape_id].members()?;
            s.fields
                .iter()
                .find(|f| {
                    f.ty == Type::String
                        && f.presence == Presence::Optional
                        && members
                            .get(&f.wire_name)
                            .is_some_and(|m| m.has_trait("smithy.api#idempotencyToken"))
                })
                .map(|f| f.name.clone())
        });
        let gzip = operation
            .traits
            .get("smithy.api#requestCompression")
            .and_then(|t| t.get("encodings"))
            .and_then(Value::as_array)
            .is_some_and(|e| e.iter().any(|e| e.as_str() == Some("gzip")));
        let mut extras = RequestExtras {
            content_md5: operation.has_trait("smithy.api#httpChecksumRequired"),
            gzip,
            idempotency_token,
            ..RequestExtras::default()
        };
        match service {
            // API Gateway answers in JSON only when asked to.
            "com.amazonaws.apigateway#BackplaneControlService" => {
                extras.headers.push(("accept".to_owned(), "application/json".to_owned()));
            }
            GLACIER => {
                if let ShapeKind::Service { version: Some(version), .. } = &model.shapes[service].kind {
                    extras.headers.push(("x-amz-glacier-version".to_owned(), version.clone()));
                }
                extras.label_defaults.push(("accountId".to_owned(), "-".to_owned()));
                extras.glacier_checksums =
                    matches!(operation.name(), "UploadArchive" | "UploadMultipartPart");
            }
            _ => {}
        }
        extras
    }
}

/// What an RPC protocol (awsJson1_0, awsJson1_1, rpcv2Cbor) sends besides the body: the whole
/// input is the body, posted to a path fixed per operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rpc {
    /// The protocol's short name (`awsJson1_0`).
    pub protocol: &'static str,
    /// The body codec.
    pub codec: Codec,
    /// The request path: `/` (awsJson), `/service/{service}/operation/{operation}` (rpcv2Cbor).
    pub path: String,
    /// Headers every request of the operation carries: `X-Amz-Target:
    /// {service shape name}.{operation name}` (awsJson); `smithy-protocol: rpc-v2-cbor` and
    /// `Accept: application/cbor` (rpcv2Cbor).
    pub headers: Vec<(&'static str, String)>,
    /// `Content-Type`: `application/x-amz-json-1.0` or `-1.1`, `application/cbor`.
    pub content_type: &'static str,
    /// The operation has no input (`smithy.api#Unit`) and the protocol then sends no body and
    /// no `Content-Type` (rpcv2Cbor).
    pub bodiless: bool,
    /// `@awsQueryCompatible` service: requests say `x-amzn-query-mode: true`.
    pub query_mode: bool,
    /// The service's `version`: the `Version` key of awsQuery and ec2Query requests.
    pub version: String,
}

/// The name of the protocol the operations speak (`restJson1` or `restXml` unless they are RPC
/// operations).
pub fn protocol_name(ops: &[Operation]) -> &'static str {
    match ops.iter().find_map(|o| o.rpc.as_ref()) {
        Some(rpc) => rpc.protocol,
        None if ops.iter().any(|o| o.codec == Codec::Xml) => "restXml",
        None => "restJson1",
    }
}

impl Operation {
    /// Whether the bindings base64-encode a header (a `@mediaType` string), so the crate needs
    /// base64 for HTTP even without blobs.
    pub fn uses_base64_headers(&self) -> bool {
        let base64 = |headers: &[(String, BoundField)]| headers.iter().any(|(_, f)| f.base64);
        self.input
            .iter()
            .chain(&self.output)
            .any(|b| base64(&b.headers))
            || self.errors.iter().any(|e| base64(&e.headers))
    }
}

/// A modeled error of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct ModeledError {
    /// The error shape's name: the error code the JSON and CBOR protocols dispatch on.
    pub name: String,
    /// The error enum's variant: the shape's name when it is a type-like identifier, else its
    /// structure's Rust name, unique in the operation ([`naming::error_variant_name`]).
    pub variant: String,
    /// The code the error enum's `code()` reports: the shape's name, or under an
    /// `@awsQueryCompatible` service the `@awsQueryError` code the query protocol used (what the
    /// service also sends in `x-amzn-query-error`).
    pub code: String,
    /// The Rust type name of the error structure.
    pub type_name: String,
    /// `@httpHeader` members: (header name, field), read from the response headers.
    pub headers: Vec<(String, BoundField)>,
    /// `@httpPrefixHeaders` members: (header prefix, map field).
    pub prefix_headers: Vec<(String, BoundField)>,
}

/// A literal query parameter of a URI pattern: key, and value if any (`?x=y`, `?flag`).
pub type QueryLiteral = (String, Option<String>);

/// A part of a URI path.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    /// Text between slashes, sent as is.
    Literal(String),
    /// `{name}` or `{name+}` (greedy: slashes kept).
    Label {
        /// The bound field.
        field: BoundField,
        /// Greedy labels keep `/` unencoded.
        greedy: bool,
    },
}

/// A structure's members split by where they travel.
#[derive(Debug, Clone, PartialEq)]
pub struct Bindings {
    /// The Rust struct name.
    pub type_name: String,
    /// `@httpQuery` members: (query key, field).
    pub query: Vec<(String, BoundField)>,
    /// `@httpHeader` members: (header name, field).
    pub headers: Vec<(String, BoundField)>,
    /// `@httpResponseCode` member.
    pub status: Option<BoundField>,
    /// `@httpPayload` member: the whole body.
    pub payload: Option<Payload>,
    /// `@httpPrefixHeaders` members: (header prefix, map field).
    pub prefix_headers: Vec<(String, BoundField)>,
    /// `@httpQueryParams` member: a map of further query parameters.
    pub query_params: Option<BoundField>,
    /// JSON names of the members bound outside the body (removed from the JSON body).
    pub non_body: Vec<String>,
    /// Whether any member travels in the JSON body.
    pub has_body: bool,
}

/// A member sent as the whole body.
#[derive(Debug, Clone, PartialEq)]
pub struct Payload {
    /// The member.
    pub field: BoundField,
    /// `None` for a structure, union or document (JSON); else how the raw body reads.
    pub raw: Option<RawPayload>,
    /// A structure: when unset, a request still sends `{}` as JSON (a union, document, blob or
    /// string sends no body).
    pub structure: bool,
}

/// A body that is not JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawPayload {
    /// A blob: the bytes as they are.
    Blob {
        /// `@mediaType`, else `application/octet-stream`.
        media_type: String,
        /// `@streaming` with `@requiresLength`: the request says its `Content-Length`.
        requires_length: bool,
    },
    /// A string or string enum: UTF-8 text.
    Text {
        /// `@mediaType`, else `text/plain`.
        media_type: String,
    },
}

/// A member bound to a part of the message.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundField {
    /// Wire name of the member.
    pub wire_name: String,
    /// Its key in JSON bodies (`@jsonName` under restJson1).
    pub json_name: String,
    /// Rust field name.
    pub name: String,
    /// Rust type without the Option.
    pub ty: Type,
    /// Whether the field is an `Option`.
    pub optional: bool,
    /// The shape ID of the member, for messages.
    pub member_id: String,
    /// `@deprecated`: code that reads it must allow the lint.
    pub deprecated: bool,
    /// The `@timestampFormat` of the member, else of its target (for a list, of the list's
    /// member, else of its target); `None` when neither has one, and the location's default
    /// applies: `date-time` in labels and query strings, `http-date` in headers.
    pub timestamp_format: Option<TimestampFormat>,
    /// A `@mediaType` string bound to a header: its value travels base64-encoded.
    pub base64: bool,
}

/// The bindings of every selected operation, or an empty list when the protocol has no wire
/// layer (its types are still generated; see [`crate::protocol::warnings`]).
pub fn bind(
    model: &Model,
    closure: &Closure,
    krate: &Crate,
    protocol: Option<Protocol>,
) -> Result<Vec<Operation>> {
    let Some(protocol) = protocol.filter(|p| p.has_wire_layer()) else {
        return Ok(Vec::new());
    };
    let structs: BTreeMap<&str, &Struct> = krate
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Struct(s) => Some((s.shape_id.as_str(), s)),
            _ => None,
        })
        .collect();
    let service_errors = match &model.shapes[&closure.service].kind {
        ShapeKind::Service { errors, .. } => errors.clone(),
        _ => Vec::new(),
    };
    let mut ops = Vec::new();
    for op_id in &closure.operations {
        let shape = &model.shapes[op_id];
        let ShapeKind::Operation {
            input,
            output,
            errors,
        } = &shape.kind
        else {
            continue;
        };
        // The operation's errors, then the service's (which apply to every operation).
        let all_errors = errors.iter().chain(&service_errors);
        let query_compatible =
            model.shapes[&closure.service].has_trait("aws.protocols#awsQueryCompatible");
        if let Some(content_type) = protocol.rpc_content_type() {
            // A stream is no part of an RPC body (a JSON or CBOR document).
            let streams = [input, output].into_iter().flatten().filter_map(|t| {
                let members = model.shapes.get(t)?.members()?;
                members
                    .iter()
                    .find(|(_, m)| model.shapes[&m.target].has_trait(traits::STREAMING))
                    .map(|(name, _)| format!("{t}${name}"))
            });
            if let Some(member) = streams.into_iter().next() {
                return Err(Error::Unsupported {
                    shape: member,
                    construct: format!("@streaming blob under {}", protocol.name()),
                    hint: "streams travel only as the payload of REST protocols".to_owned(),
                });
            }
            // awsQuery and ec2Query send an error's `@awsQueryError` code on the wire.
            let query_codes =
                query_compatible || matches!(protocol, Protocol::AwsQuery | Protocol::Ec2Query);
            let errors = modeled_errors(model, all_errors, &structs, false, query_codes)?;
            let mut op = rpc_operation(
                model,
                closure,
                op_id,
                [input, output],
                errors,
                &structs,
                protocol,
                content_type,
            );
            let input = input
                .as_deref()
                .filter(|t| *t != UNIT)
                .and_then(|t| structs.get(t).copied());
            op.extras = RequestExtras::of(model, &closure.service, shape, input);
            ops.push(op);
            continue;
        }
        let http = shape
            .traits
            .get("smithy.api#http")
            .ok_or_else(|| Error::Unsupported {
                shape: op_id.clone(),
                construct: "restJson1 operation without @http".to_owned(),
                hint: "add an @http trait to the operation".to_owned(),
            })?;
        let method = http
            .get("method")
            .and_then(Value::as_str)
            .unwrap_or("POST")
            .to_owned();
        let uri = http.get("uri").and_then(Value::as_str).unwrap_or("/");
        let code = http
            .get("code")
            .and_then(Value::as_u64)
            .and_then(|c| u16::try_from(c).ok())
            .unwrap_or(200);
        let input_struct = input
            .as_deref()
            .filter(|t| *t != UNIT)
            .and_then(|t| structs.get(t).copied());
        let output_struct = output
            .as_deref()
            .filter(|t| *t != UNIT)
            .and_then(|t| structs.get(t).copied());
        let input_bindings = input_struct
            .map(|s| bindings(model, s, Direction::Request))
            .transpose()?;
        let (path, query_literals) =
            parse_uri(model, op_id, uri, input_struct, input_bindings.as_ref())?;
        let output_bindings = output_struct
            .map(|s| bindings(model, s, Direction::Response))
            .transpose()?;
        let name = shape_name(op_id).to_owned();
        let error_structs = modeled_errors(model, all_errors, &structs, true, query_compatible)?;
        ops.push(Operation {
            error_enum: naming::type_name(&format!("{name}Error")),
            name,
            method,
            path,
            query_literals,
            code,
            input: input_bindings,
            output: output_bindings,
            errors: error_structs,
            rpc: None,
            codec: protocol.codec(),
            unwrapped_errors: model.shapes[&closure.service]
                .traits
                .get("aws.protocols#restXml")
                .and_then(|t| t.get("noErrorWrapping"))
                .and_then(Value::as_bool)
                .unwrap_or(false)
                || shape.has_trait("aws.customizations#s3UnwrappedXmlOutput"),
            unwrapped_output: shape.has_trait("aws.customizations#s3UnwrappedXmlOutput"),
            extras: RequestExtras::of(model, &closure.service, shape, input_struct),
        });
    }
    Ok(ops)
}

/// The modeled errors of an operation, each error shape once; `headers`: whether members bound
/// with `@httpHeader` / `@httpPrefixHeaders` are read from the response (REST protocols).
fn modeled_errors<'a>(
    model: &Model,
    errors: impl Iterator<Item = &'a String>,
    structs: &BTreeMap<&str, &Struct>,
    headers: bool,
    query_compatible: bool,
) -> Result<Vec<ModeledError>> {
    let mut modeled: Vec<ModeledError> = Vec::new();
    for e in errors {
        let Some(s) = structs.get(e.as_str()) else {
            continue;
        };
        let name = shape_name(e);
        if modeled
            .iter()
            .any(|m| m.name == name && m.type_name == s.name)
        {
            continue;
        }
        let (headers, prefix_headers) = if headers {
            let b = bindings(model, s, Direction::Error)?;
            (b.headers, b.prefix_headers)
        } else {
            (vec![], vec![])
        };
        let query_code = query_compatible
            .then(|| model.shapes[e.as_str()].traits.get("aws.protocols#awsQueryError"))
            .flatten()
            .and_then(|t| t.get("code"))
            .and_then(Value::as_str);
        modeled.push(ModeledError {
            code: query_code.unwrap_or(name).to_owned(),
            name: name.to_owned(),
            variant: naming::error_variant_name(name, &s.name),
            type_name: s.name.clone(),
            headers,
            prefix_headers,
        });
    }
    // Unique already, but for a shape renamed by the service to another error's name, or one
    // named like a variant every error enum has.
    let variants = naming::disambiguate(
        modeled.iter().map(|m| m.variant.clone()).collect(),
        &naming::ERROR_ENUM_VARIANTS
            .iter()
            .map(|v| (*v).to_owned())
            .collect(),
    );
    for (m, variant) in modeled.iter_mut().zip(variants) {
        m.variant = variant;
    }
    Ok(modeled)
}

/// An operation of an RPC protocol: `POST /`, the target header, every member in the body.
#[allow(clippy::too_many_arguments)] // each is a separate input of the binding
fn rpc_operation(
    model: &Model,
    closure: &Closure,
    op_id: &str,
    [input, output]: [&Option<String>; 2],
    errors: Vec<ModeledError>,
    structs: &BTreeMap<&str, &Struct>,
    protocol: Protocol,
    content_type: &'static str,
) -> Operation {
    let body = |s: &Struct| Bindings {
        type_name: s.name.clone(),
        query: vec![],
        headers: vec![],
        status: None,
        payload: None,
        prefix_headers: vec![],
        query_params: None,
        non_body: vec![],
        has_body: true,
    };
    let find = |t: &Option<String>| {
        t.as_deref()
            .filter(|t| *t != UNIT)
            .and_then(|t| structs.get(t).copied())
    };
    let name = shape_name(op_id).to_owned();
    let service = model.shapes[&closure.service].name();
    let codec = protocol.codec();
    let (path, headers) = match codec {
        Codec::Json => (
            "/".to_owned(),
            vec![("x-amz-target", format!("{service}.{name}"))],
        ),
        Codec::Cbor => (
            format!("/service/{service}/operation/{name}"),
            vec![
                ("smithy-protocol", "rpc-v2-cbor".to_owned()),
                ("accept", "application/cbor".to_owned()),
            ],
        ),
        Codec::Query { .. } | Codec::Xml => ("/".to_owned(), vec![]),
    };
    let version = match &model.shapes[&closure.service].kind {
        ShapeKind::Service { version: Some(version), .. } => version.clone(),
        _ => String::new(),
    };
    let bodiless = codec == Codec::Cbor
        && find(input).is_some_and(|s| model.shapes[&s.shape_id].has_trait(traits::UNIT_INPUT));
    Operation {
        error_enum: naming::type_name(&format!("{name}Error")),
        rpc: Some(Rpc {
            protocol: protocol.name(),
            codec,
            path,
            headers,
            content_type,
            bodiless,
            query_mode: model.shapes[&closure.service].has_trait("aws.protocols#awsQueryCompatible"),
            version,
        }),
        name,
        method: "POST".to_owned(),
        path: vec![],
        query_literals: vec![],
        code: 200,
        input: find(input).map(body),
        output: find(output).map(body),
        errors,
        codec,
        unwrapped_errors: false,
        unwrapped_output: false,
        extras: RequestExtras::default(),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Direction {
    Request,
    Response,
    /// An error response: headers and prefix headers bind; the rest is the JSON body.
    Error,
}

/// The explicit `@timestampFormat` of a member that targets a timestamp: the member's, else the
/// target's. For a member targeting a list, that of the list's member.
fn explicit_timestamp_format(model: &Model, member: &Member) -> Option<TimestampFormat> {
    let target = model.shapes.get(&member.target)?;
    if let ShapeKind::List(item) = &target.kind {
        return explicit_timestamp_format(model, item);
    }
    if !matches!(target.kind, ShapeKind::Simple(Simple::Timestamp)) {
        return None;
    }
    let format = member
        .traits
        .get(traits::TIMESTAMP_FORMAT)
        .or_else(|| target.traits.get(traits::TIMESTAMP_FORMAT))?;
    match format.as_str()? {
        "epoch-seconds" => Some(TimestampFormat::EpochSeconds),
        "date-time" => Some(TimestampFormat::DateTime),
        "http-date" => Some(TimestampFormat::HttpDate),
        _ => None,
    }
}

/// A structure field as bound to a part of the message.
fn bound_field(model: &Model, s: &Struct, field: &Field) -> BoundField {
    let shape = &model.shapes[&s.shape_id];
    let member = shape.members().and_then(|m| m.get(&field.wire_name));
    BoundField {
        wire_name: field.wire_name.clone(),
        json_name: field.json_name.clone(),
        name: field.name.clone(),
        ty: field.ty.clone(),
        optional: field.presence == Presence::Optional,
        member_id: format!("{}${}", s.shape_id, field.wire_name),
        deprecated: field.meta.deprecated.is_some(),
        timestamp_format: member.and_then(|m| explicit_timestamp_format(model, m)),
        base64: member.is_some_and(|m| {
            m.has_trait(traits::HTTP_HEADER)
                && field.ty == Type::String
                && model.shapes[&m.target].has_trait(MEDIA_TYPE)
        }),
    }
}

/// `@mediaType`.
const MEDIA_TYPE: &str = "smithy.api#mediaType";

/// Splits a structure's members by binding trait.
fn bindings(model: &Model, s: &Struct, direction: Direction) -> Result<Bindings> {
    let shape = &model.shapes[&s.shape_id];
    let members = shape
        .members()
        .expect("a struct item comes from a structure");
    let mut b = Bindings {
        type_name: s.name.clone(),
        query: vec![],
        headers: vec![],
        status: None,
        payload: None,
        prefix_headers: vec![],
        query_params: None,
        non_body: vec![],
        has_body: false,
    };
    for field in &s.fields {
        let member = &members[&field.wire_name];
        let member_id = format!("{}${}", s.shape_id, field.wire_name);
        let bound = |f: &Field| bound_field(model, s, f);
        let unsupported = |construct: &str| Error::Unsupported {
            shape: member_id.clone(),
            construct: construct.to_owned(),
            hint: "this HTTP binding is not generated yet; select operations without it".to_owned(),
        };
        if model.shapes[&member.target].has_trait(traits::STREAMING)
            && !member.has_trait(traits::HTTP_PAYLOAD)
        {
            return Err(unsupported("@streaming blob that is not the @httpPayload"));
        }
        if member.has_trait(traits::HTTP_LABEL) && direction == Direction::Request {
            if !is_scalar(&field.ty) {
                return Err(unsupported("@httpLabel on a non-scalar member"));
            }
            b.non_body.push(field.json_name.clone());
        } else if let Some(key) = member
            .traits
            .get(traits::HTTP_QUERY)
            .and_then(Value::as_str)
        {
            if direction == Direction::Request {
                if !is_scalar(&field.ty)
                    && !matches!(&field.ty, Type::List { item, sparse: false } if is_scalar(item))
                {
                    return Err(unsupported(
                        "@httpQuery on a member that is not a scalar or a list of scalars",
                    ));
                }
                b.query.push((key.to_owned(), bound(field)));
                b.non_body.push(field.json_name.clone());
            }
        } else if let Some(name) = member
            .traits
            .get(traits::HTTP_HEADER)
            .and_then(Value::as_str)
        {
            let scalar_list =
                matches!(&field.ty, Type::List { item, sparse: false } if is_scalar(item));
            if !(is_scalar(&field.ty) || scalar_list) {
                return Err(unsupported(
                    "@httpHeader on a member that is not a scalar or a list of scalars",
                ));
            }
            b.headers.push((name.to_owned(), bound(field)));
            b.non_body.push(field.json_name.clone());
        } else if member.has_trait(traits::HTTP_RESPONSE_CODE) && direction == Direction::Response {
            if !matches!(field.ty, Type::I32) {
                return Err(unsupported(
                    "@httpResponseCode on a member that is not an integer",
                ));
            }
            b.status = Some(bound(field));
            b.non_body.push(field.json_name.clone());
        } else if member.has_trait(traits::HTTP_PAYLOAD) {
            if direction == Direction::Error {
                return Err(unsupported(
                    "@httpPayload on a member of an error structure",
                ));
            }
            let target = &model.shapes[&member.target];
            let media_type = |default: &str| {
                let declared = target
                    .traits
                    .get("smithy.api#mediaType")
                    .and_then(Value::as_str);
                declared.unwrap_or(default).to_owned()
            };
            let raw = match (&field.ty, &target.kind) {
                (Type::Blob, _) => Some(RawPayload::Blob {
                    media_type: media_type("application/octet-stream"),
                    requires_length: target.has_trait(traits::STREAMING)
                        && target.has_trait("smithy.api#requiresLength"),
                }),
                (Type::String, _) | (Type::Named(_), ShapeKind::Enum(_)) => {
                    Some(RawPayload::Text {
                        media_type: media_type("text/plain"),
                    })
                }
                (
                    Type::Named(_) | Type::Boxed(_),
                    ShapeKind::Structure(_) | ShapeKind::Union(_),
                )
                | (Type::Document, _) => None,
                _ => {
                    return Err(unsupported(
                        "@httpPayload on a member that is not a structure, union, document, blob, string or enum",
                    ));
                }
            };
            b.payload = Some(Payload {
                field: bound(field),
                raw,
                structure: matches!(target.kind, ShapeKind::Structure(_)),
            });
            b.non_body.push(field.json_name.clone());
        } else if let Some(prefix) = member
            .traits
            .get(traits::HTTP_PREFIX_HEADERS)
            .and_then(Value::as_str)
        {
            if !matches!(&field.ty, Type::Map { value, sparse: false, .. } if **value == Type::String)
            {
                return Err(unsupported(
                    "@httpPrefixHeaders on a map whose values are not strings",
                ));
            }
            b.prefix_headers.push((prefix.to_owned(), bound(field)));
            b.non_body.push(field.json_name.clone());
        } else if member.has_trait(traits::HTTP_QUERY_PARAMS) && direction == Direction::Request {
            let strings = |t: &Type| *t == Type::String;
            let ok = matches!(&field.ty, Type::Map { value, sparse: false, .. }
                if strings(value) || matches!(&**value, Type::List { item, sparse: false } if strings(item)));
            if !ok {
                return Err(unsupported(
                    "@httpQueryParams on a map whose values are not strings or lists of strings",
                ));
            }
            b.query_params = Some(bound(field));
            b.non_body.push(field.json_name.clone());
        } else {
            b.has_body = true;
        }
    }
    Ok(b)
}

/// Types that travel as one text value in a label, query value or header.
fn is_scalar(ty: &Type) -> bool {
    matches!(
        ty,
        Type::String
            | Type::Bool
            | Type::I8
            | Type::I16
            | Type::I32
            | Type::I64
            | Type::F32
            | Type::F64
            | Type::Timestamp(_)
            | Type::Named(_)
    )
}

/// Splits `/memberships/{membershipIdentifier}?x=y` into path segments and query literals.
fn parse_uri(
    model: &Model,
    op_id: &str,
    uri: &str,
    input: Option<&Struct>,
    bindings: Option<&Bindings>,
) -> Result<(Vec<Segment>, Vec<QueryLiteral>)> {
    let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
    let invalid = |message: String| Error::InvalidShape {
        shape: op_id.to_owned(),
        message,
    };
    let mut segments = Vec::new();
    for part in path.split('/').skip(1) {
        match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(label) => {
                let (name, greedy) = match label.strip_suffix('+') {
                    Some(n) => (n, true),
                    None => (label, false),
                };
                let (s, field) = input
                    .and_then(|s| Some((s, s.fields.iter().find(|f| f.wire_name == name)?)))
                    .filter(|(_, f)| bindings.is_some_and(|b| b.non_body.contains(&f.json_name)))
                    .ok_or_else(|| {
                        invalid(format!(
                            "@http uri label {{{label}}} has no @httpLabel input member"
                        ))
                    })?;
                segments.push(Segment::Label {
                    field: bound_field(model, s, field),
                    greedy,
                });
            }
            None => segments.push(Segment::Literal(part.to_owned())),
        }
    }
    let literals = query
        .split('&')
        .filter(|q| !q.is_empty())
        .map(|q| match q.split_once('=') {
            Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
            None => (q.to_owned(), None),
        })
        .collect();
    Ok((segments, literals))
}
