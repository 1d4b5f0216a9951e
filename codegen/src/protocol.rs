//! Reports what the generated crate does not implement of the service's protocol: the types
//! speak JSON, so an XML-protocol service gets its types with a warning naming every XML trait
//! they do not apply.

use std::collections::BTreeSet;

use crate::closure::Closure;
use crate::model::{Model, ShapeKind};

/// XML protocols: their wire format is not what the generated serde types speak.
const XML_PROTOCOLS: &[&str] = &[
    "aws.protocols#awsQuery",
    "aws.protocols#restXml",
    "aws.protocols#ec2Query",
];
/// Protocols whose bodies are JSON: the generated types fit them.
const JSON_PROTOCOLS: &[&str] = &[
    "aws.protocols#restJson1",
    "aws.protocols#awsJson1_0",
    "aws.protocols#awsJson1_1",
];
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

/// The warnings for a closure: none when the service speaks a JSON protocol.
pub fn warnings(model: &Model, closure: &Closure) -> Vec<Warning> {
    let service = &model.shapes[&closure.service];
    if JSON_PROTOCOLS.iter().any(|p| service.has_trait(p)) {
        return Vec::new();
    }
    let Some(protocol) = XML_PROTOCOLS.iter().find(|p| service.has_trait(p)) else {
        return Vec::new();
    };
    let mut out = BTreeSet::new();
    out.insert(Warning {
        shape: closure.service.clone(),
        message: format!(
            "protocol {protocol} is XML: the generated types serialize JSON, and no HTTP layer is generated for it"
        ),
    });
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
    use crate::model::parse;
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
        warnings(&m, &c).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn xml_protocols_name_each_unapplied_trait() {
        let w = warnings_for(r#""aws.protocols#awsQuery":{}"#);
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(
            w.contains(&"a#S$m: unsupported trait smithy.api#xmlName is not applied".to_owned()),
            "{w:?}"
        );
        assert!(
            w.iter()
                .any(|l| l.starts_with("a#Svc: protocol aws.protocols#awsQuery is XML")),
            "{w:?}"
        );
    }

    #[test]
    fn a_json_protocol_beside_xml_needs_no_warning() {
        assert!(
            warnings_for(r#""aws.protocols#awsQuery":{},"aws.protocols#awsJson1_0":{}"#).is_empty()
        );
    }
}
