//! The service's protocol, detected once from its protocol traits and passed through the
//! pipeline as data; and what the generated crate leaves out of it (a protocol without a wire
//! layer yet gets its types and a warning, never a wire layer of another protocol).

use std::collections::BTreeSet;

use crate::closure::Closure;
use crate::error::{Error, Result};
use crate::model::{Model, ShapeKind};

/// The protocols of AWS and Smithy services.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    /// `aws.protocols#restJson1`
    RestJson1,
    /// `aws.protocols#awsJson1_0`
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`
    AwsJson1_1,
    /// `smithy.protocols#rpcv2Cbor`
    RpcV2Cbor,
    /// `aws.protocols#restXml`
    RestXml,
    /// `aws.protocols#awsQuery`
    AwsQuery,
    /// `aws.protocols#ec2Query`
    Ec2Query,
}

/// How a protocol writes bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    /// JSON, through the types' serde (restJson1, awsJson1_0, awsJson1_1).
    Json,
    /// CBOR (RFC 8949), through the same serde impls on ciborium (rpcv2Cbor).
    Cbor,
    /// Requests as form-encoded query keys, responses and errors as XML, through the generated
    /// XML codec (awsQuery, ec2Query).
    Query {
        /// awsQuery wraps an output in `<{Operation}Result>` inside `<{Operation}Response>`;
        /// ec2Query puts its members in `<{Operation}Response>` directly.
        wrapped: bool,
    },
    /// XML bodies through the generated XML codec, with the `@http` bindings (restXml).
    Xml,
}

/// When a service offers several protocols, the first of this list that it offers is generated
/// (`protocol = "…"` in `models/codegen.toml` picks another): JSON before CBOR before XML. JSON
/// comes first where a service offers both awsJson and rpcv2Cbor (7 services of the corpus): it
/// is the form the types' serde stores, the one readable on the wire, and what those services
/// have spoken longest; `protocol = "rpcv2Cbor"` picks CBOR.
pub const PRIORITY: [Protocol; 7] = [
    Protocol::RestJson1,
    Protocol::AwsJson1_0,
    Protocol::AwsJson1_1,
    Protocol::RpcV2Cbor,
    Protocol::RestXml,
    Protocol::AwsQuery,
    Protocol::Ec2Query,
];

impl Protocol {
    /// The protocol trait's shape ID.
    pub fn trait_id(self) -> &'static str {
        match self {
            Protocol::RestJson1 => "aws.protocols#restJson1",
            Protocol::AwsJson1_0 => "aws.protocols#awsJson1_0",
            Protocol::AwsJson1_1 => "aws.protocols#awsJson1_1",
            Protocol::RpcV2Cbor => "smithy.protocols#rpcv2Cbor",
            Protocol::RestXml => "aws.protocols#restXml",
            Protocol::AwsQuery => "aws.protocols#awsQuery",
            Protocol::Ec2Query => "aws.protocols#ec2Query",
        }
    }

    /// The short name (`restJson1`), as `models/codegen.toml` and messages spell it.
    pub fn name(self) -> &'static str {
        self.trait_id()
            .split_once('#')
            .map_or(self.trait_id(), |(_, n)| n)
    }

    /// Whether the generator writes this protocol's wire layer (HTTP bindings, codecs, errors).
    pub fn has_wire_layer(self) -> bool {
        matches!(
            self,
            Protocol::RestJson1
                | Protocol::AwsJson1_0
                | Protocol::AwsJson1_1
                | Protocol::RpcV2Cbor
                | Protocol::AwsQuery
                | Protocol::Ec2Query
                | Protocol::RestXml
        )
    }

    /// The `Content-Type` of an RPC protocol with a wire layer (its binding is fixed: `POST` to
    /// one path per operation); `None` for REST protocols and protocols without a wire layer.
    pub fn rpc_content_type(self) -> Option<&'static str> {
        match self {
            Protocol::AwsJson1_0 => Some("application/x-amz-json-1.0"),
            Protocol::AwsJson1_1 => Some("application/x-amz-json-1.1"),
            Protocol::RpcV2Cbor => Some("application/cbor"),
            Protocol::AwsQuery | Protocol::Ec2Query => Some("application/x-www-form-urlencoded"),
            _ => None,
        }
    }

    /// The body codec of a protocol with a wire layer.
    pub fn codec(self) -> Codec {
        match self {
            Protocol::RpcV2Cbor => Codec::Cbor,
            Protocol::AwsQuery => Codec::Query { wrapped: true },
            Protocol::Ec2Query => Codec::Query { wrapped: false },
            Protocol::RestXml => Codec::Xml,
            _ => Codec::Json,
        }
    }

    /// Whether member wire names follow `@jsonName` (restJson1 only: awsJson and CBOR ignore it).
    pub fn uses_json_name(self) -> bool {
        matches!(self, Protocol::RestJson1)
    }

    /// Whether the protocol's bodies are XML (its XML traits are then not applied by the types).
    fn is_xml(self) -> bool {
        matches!(
            self,
            Protocol::RestXml | Protocol::AwsQuery | Protocol::Ec2Query
        )
    }

    /// The protocol named by a short name or a trait ID.
    pub fn from_name(name: &str) -> Option<Protocol> {
        PRIORITY
            .into_iter()
            .find(|p| p.name() == name || p.trait_id() == name)
    }
}

/// The protocol to generate for a service: `choice` (a short name or trait ID) when given,
/// which the service must offer; else the first of [`PRIORITY`] that it offers; `None` when it
/// has no protocol trait.
pub fn detect(model: &Model, service: &str, choice: Option<&str>) -> Result<Option<Protocol>> {
    let shape = &model.shapes[service];
    let offered: Vec<Protocol> = PRIORITY
        .into_iter()
        .filter(|p| shape.has_trait(p.trait_id()))
        .collect();
    let Some(choice) = choice else {
        return Ok(offered.first().copied());
    };
    let names = || {
        if offered.is_empty() {
            "none".to_owned()
        } else {
            offered
                .iter()
                .map(|p| p.name())
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    match Protocol::from_name(choice) {
        Some(p) if offered.contains(&p) => Ok(Some(p)),
        Some(p) => Err(Error::Service(format!(
            "{service} does not offer protocol {}; it offers: {}",
            p.name(),
            names()
        ))),
        None => Err(Error::Service(format!(
            "unknown protocol `{choice}`; {service} offers: {}",
            names()
        ))),
    }
}

/// Traits that only XML protocols read.
const XML_TRAITS: &[&str] = &[
    "smithy.api#xmlName",
    "smithy.api#xmlAttribute",
    "smithy.api#xmlFlattened",
    "smithy.api#xmlNamespace",
    "aws.protocols#ec2QueryName",
];

/// Something of the protocol that the generated crate leaves out, by shape.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// The shape or member ID (`ns#Shape$member`), or the service for protocol-wide notes.
    pub shape: String,
    /// What is not applied.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.shape, self.message)
    }
}

/// The warnings for a closure generated for `protocol`: none for a protocol with a wire layer;
/// one naming the protocol otherwise (and, for XML protocols, one per XML trait the types do not
/// apply).
pub fn warnings(model: &Model, closure: &Closure, protocol: Option<Protocol>) -> Vec<Warning> {
    let left_out = closure.left_out.iter().map(|(op, stream)| Warning {
        shape: op.clone(),
        message: format!(
            "operation left out: its event stream {stream} is not generated (the rest of the service is)"
        ),
    });
    let Some(protocol) = protocol.filter(|p| !p.has_wire_layer()) else {
        return left_out.collect();
    };
    let mut out: BTreeSet<Warning> = left_out.collect();
    out.insert(Warning {
        shape: closure.service.clone(),
        message: if protocol.is_xml() {
            format!(
                "protocol {} is XML: the generated types serialize JSON, and no HTTP layer is generated for it",
                protocol.trait_id()
            )
        } else {
            format!(
                "protocol {}: its wire layer is not generated yet; the crate has the types only",
                protocol.trait_id()
            )
        },
    });
    if !protocol.is_xml() {
        return out.into_iter().collect();
    }
    for id in &closure.shapes {
        let shape = &model.shapes[id];
        let mut note = |target: String, traits: &crate::model::Traits| {
            for t in XML_TRAITS.iter().filter(|t| traits.contains_key(**t)) {
                out.insert(Warning {
                    shape: target.clone(),
                    message: format!("unsupported trait {t} is not applied"),
                });
            }
        };
        note(id.clone(), &shape.traits);
        match &shape.kind {
            ShapeKind::Structure(ms) | ShapeKind::Union(ms) => {
                ms.iter()
                    .for_each(|(name, m)| note(format!("{id}${name}"), &m.traits));
            }
            ShapeKind::List(m) => note(format!("{id}$member"), &m.traits),
            ShapeKind::Map { key, value } => {
                note(format!("{id}$key"), &key.traits);
                note(format!("{id}$value"), &value.traits);
            }
            _ => {}
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::closure::{Selection, closure};
    use crate::load::parse;
    use crate::resolve::resolve;

    fn warnings_for(protocols: &str) -> Vec<String> {
        let json = format!(
            r#"{{"smithy":"2.0","shapes":{{
            "a#Svc":{{"type":"service","operations":[{{"target":"a#Op"}}],"traits":{{{protocols}}}}},
            "a#Op":{{"type":"operation","input":{{"target":"a#S"}}}},
            "a#S":{{"type":"structure","members":{{"m":{{"target":"smithy.api#String","traits":{{"smithy.api#xmlName":"M"}}}}}}}}}}}}"#
        );
        let m = resolve(parse(&json).unwrap_or_else(|e| panic!("{e:?}"))).unwrap();
        let c = closure(
            &m,
            &Selection {
                service: None,
                operations: vec![],
            },
        )
        .unwrap();
        let p = detect(&m, &c.service, None).unwrap();
        warnings(&m, &c, p).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn every_protocol_has_its_wire_layer_and_no_warning() {
        for p in PRIORITY {
            assert!(p.has_wire_layer(), "{}", p.name());
            let traits = format!(r#""{}":{{}}"#, p.trait_id());
            assert!(warnings_for(&traits).is_empty(), "{}", p.name());
        }
    }

    #[test]
    fn a_json_protocol_beside_xml_needs_no_warning() {
        for json in ["restJson1", "awsJson1_0", "awsJson1_1"] {
            let traits = format!(r#""aws.protocols#restXml":{{}},"aws.protocols#{json}":{{}}"#);
            assert!(warnings_for(&traits).is_empty(), "{json}");
        }
    }

    fn service(protocols: &str) -> Model {
        let json = format!(
            r#"{{"smithy":"2.0","shapes":{{"a#Svc":{{"type":"service","traits":{{{protocols}}}}}}}}}"#
        );
        resolve(parse(&json).unwrap_or_else(|e| panic!("{e:?}"))).unwrap()
    }

    #[test]
    fn detection_follows_the_priority_unless_a_protocol_is_chosen() {
        let m = service(r#""smithy.protocols#rpcv2Cbor":{},"aws.protocols#awsJson1_0":{}"#);
        assert_eq!(detect(&m, "a#Svc", None).unwrap(), Some(Protocol::AwsJson1_0));
        assert_eq!(
            detect(&m, "a#Svc", Some("rpcv2Cbor")).unwrap(),
            Some(Protocol::RpcV2Cbor)
        );
        assert_eq!(
            detect(&m, "a#Svc", Some("smithy.protocols#rpcv2Cbor")).unwrap(),
            Some(Protocol::RpcV2Cbor)
        );
        assert_eq!(
            detect(&m, "a#Svc", Some("restXml")).unwrap_err().to_string(),
            "a#Svc does not offer protocol restXml; it offers: awsJson1_0, rpcv2Cbor"
        );
        assert_eq!(
            detect(&m, "a#Svc", Some("json")).unwrap_err().to_string(),
            "unknown protocol `json`; a#Svc offers: awsJson1_0, rpcv2Cbor"
        );
        assert_eq!(detect(&service(""), "a#Svc", None).unwrap(), None);
    }
}
