//! The official Smithy protocol test models (`../shared/smithy/protocol-tests`, written in the
//! IDL) load with the trait definitions they use, and hold the test cases the Smithy README counts.

mod common;

use std::collections::BTreeSet;

use codegen::model::{Model, ShapeKind};

/// Client test cases of a trait (`appliesTo` absent or `"client"`).
fn client_cases(model: &Model, shape: &str, trait_id: &str) -> usize {
    let Some(cases) = model.shapes[shape].traits.get(trait_id) else {
        return 0;
    };
    cases
        .as_array()
        .expect("test cases are a list")
        .iter()
        .filter(|c| c.get("appliesTo").is_none_or(|a| a == "client"))
        .count()
}

/// The operations of a service (bound directly or through resources) and their errors.
fn closure(model: &Model, service: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut ops = BTreeSet::new();
    let mut errors = BTreeSet::new();
    let mut stack = vec![service.to_owned()];
    while let Some(id) = stack.pop() {
        match &model.shapes[&id].kind {
            ShapeKind::Service {
                operations,
                resources,
                errors: e,
                ..
            } => {
                stack.extend(operations.iter().chain(resources).cloned());
                errors.extend(e.iter().cloned());
            }
            ShapeKind::Resource {
                operations,
                resources,
            } => stack.extend(operations.iter().chain(resources).cloned()),
            ShapeKind::Operation { errors: e, .. } => {
                ops.insert(id);
                errors.extend(e.iter().cloned());
            }
            _ => {}
        }
    }
    (ops, errors)
}

#[test]
fn protocol_test_models_load_with_their_cases() {
    let tests = common::shared("smithy/protocol-tests");
    let traits = common::shared("smithy/traits");
    let loaded = codegen::Model::from_paths([tests.clone(), traits])
        .unwrap_or_else(|e| panic!("the protocol test models do not load:\nerror: {e}"));
    let files = codegen::load::expand(&[tests]).unwrap().len();
    let model = loaded.resolved();
    // (service, operations or None, client request cases, client response cases), from
    // ../shared/smithy/README.md.
    let expected: [(&str, Option<usize>, usize, usize); 7] = [
        ("aws.protocoltests.restjson#RestJson", Some(113), 136, 108),
        ("aws.protocoltests.json10#JsonRpc10", None, 28, 39),
        ("aws.protocoltests.json#JsonProtocol", None, 56, 62),
        ("smithy.protocoltests.rpcv2Cbor#RpcV2Protocol", None, 29, 43),
        ("aws.protocoltests.query#AwsQuery", None, 38, 39),
        ("aws.protocoltests.ec2#AwsEc2", None, 30, 29),
        ("aws.protocoltests.restxml#RestXml", None, 97, 81),
    ];
    let mut report = Vec::new();
    for (service, op_count, requests, responses) in expected {
        let (ops, errors) = closure(model, service);
        let req: usize = ops
            .iter()
            .map(|o| client_cases(model, o, "smithy.test#httpRequestTests"))
            .sum();
        let resp: usize = ops
            .iter()
            .chain(&errors)
            .map(|o| client_cases(model, o, "smithy.test#httpResponseTests"))
            .sum();
        report.push(format!(
            "{service}: {} operations, {req} request / {resp} response client cases",
            ops.len()
        ));
        if let Some(n) = op_count {
            assert_eq!(ops.len(), n, "{service}: operations");
        }
        assert_eq!((req, resp), (requests, responses), "{service}: client cases");
    }
    // Unquoted shape IDs in trait values resolve through `use`: `protocol: restJson1`.
    let (ops, _) = closure(model, "aws.protocoltests.restjson#RestJson");
    let protocols: BTreeSet<&str> = ops
        .iter()
        .filter_map(|o| model.shapes[o].traits.get("smithy.test#httpRequestTests"))
        .flat_map(|cases| cases.as_array().unwrap())
        .filter_map(|c| c.get("protocol").and_then(|p| p.as_str()))
        .collect();
    assert_eq!(protocols, BTreeSet::from(["aws.protocols#restJson1"]));
    println!("{files} protocol test files loaded:\n  {}", report.join("\n  "));
}
