//! The protocol test cases of a model: for each service, its operations, the errors they can
//! return, and the `smithy.test#httpRequestTests` / `httpResponseTests` cases that apply to
//! clients (`appliesTo` absent or `"client"`).

use std::collections::{BTreeMap, BTreeSet};

use codegen::model::{Model, ShapeKind};
use serde_json::Value;

/// The request test trait.
pub const REQUEST_TESTS: &str = "smithy.test#httpRequestTests";
/// The response test trait.
pub const RESPONSE_TESTS: &str = "smithy.test#httpResponseTests";

/// A service and its client test cases.
#[derive(Debug)]
pub struct Service {
    /// The service shape ID.
    pub id: String,
    /// Its operations (bound directly or through resources), sorted by shape ID.
    pub operations: Vec<String>,
    /// Its client test cases, by operation (then error shape) and model order.
    pub cases: Vec<Case>,
}

/// Whether a case describes a request or a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `httpRequestTests`: params → the request the client sends.
    Request,
    /// `httpResponseTests`: the response the client receives → params.
    Response,
}

impl Kind {
    /// The test module of the cases of this kind.
    pub fn module(self) -> &'static str {
        match self {
            Kind::Request => "request",
            Kind::Response => "response",
        }
    }
}

/// One client test case.
#[derive(Debug, Clone)]
pub struct Case {
    /// The case `id`.
    pub id: String,
    /// Request or response.
    pub kind: Kind,
    /// The operation (or, for a response case on an error, the error structure) carrying it.
    pub shape: String,
    /// Whether `shape` is an error structure.
    pub on_error: bool,
    /// The `protocol` of the case (a trait ID).
    pub protocol: String,
    /// The whole case object.
    pub spec: Value,
}

impl Case {
    /// The case's key in results and in the expected-failures list: `request::Id` or
    /// `response::Id` (a request case and a response case often share an id).
    pub fn key(&self) -> String {
        format!("{}::{}", self.kind.module(), self.id)
    }

    /// The case's `params` (an empty object when absent).
    pub fn params(&self) -> Value {
        self.spec
            .get("params")
            .cloned()
            .unwrap_or_else(|| Value::Object(Default::default()))
    }

    /// A string member of the case.
    pub fn str(&self, key: &str) -> Option<&str> {
        self.spec.get(key).and_then(Value::as_str)
    }

    /// A list of strings of the case (empty when absent).
    pub fn strings(&self, key: &str) -> Vec<String> {
        self.spec
            .get(key)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The `headers` map of the case, in key order.
    pub fn headers(&self) -> Vec<(String, String)> {
        self.spec
            .get("headers")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Every service of the model that has client test cases, sorted by shape ID.
pub fn services(model: &Model) -> Vec<Service> {
    let mut services = Vec::new();
    for (id, shape) in &model.shapes {
        if !matches!(shape.kind, ShapeKind::Service { .. }) {
            continue;
        }
        let (operations, errors) = closure(model, id);
        let mut cases = Vec::new();
        for op in &operations {
            cases.extend(client_cases(model, op, REQUEST_TESTS, Kind::Request, false));
            cases.extend(client_cases(
                model,
                op,
                RESPONSE_TESTS,
                Kind::Response,
                false,
            ));
        }
        for error in &errors {
            cases.extend(client_cases(
                model,
                error,
                RESPONSE_TESTS,
                Kind::Response,
                true,
            ));
        }
        if !cases.is_empty() {
            services.push(Service {
                id: id.clone(),
                operations: operations.into_iter().collect(),
                cases,
            });
        }
    }
    services
}

/// The client cases of one trait on one shape.
fn client_cases(
    model: &Model,
    shape: &str,
    trait_id: &str,
    kind: Kind,
    on_error: bool,
) -> Vec<Case> {
    let Some(Value::Array(cases)) = model.shapes[shape].traits.get(trait_id) else {
        return Vec::new();
    };
    cases
        .iter()
        .filter(|c| c.get("appliesTo").is_none_or(|a| a == "client"))
        .map(|c| Case {
            id: c
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            kind,
            shape: shape.to_owned(),
            on_error,
            protocol: c
                .get("protocol")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            spec: c.clone(),
        })
        .collect()
}

/// The operations of a service (bound directly or through resources) and the errors they can
/// return (theirs and the service's).
fn closure(model: &Model, service: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut ops = BTreeSet::new();
    let mut errors = BTreeSet::new();
    let mut stack = vec![service.to_owned()];
    let mut seen = BTreeSet::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let Some(shape) = model.shapes.get(&id) else {
            continue;
        };
        match &shape.kind {
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

/// For each error structure, the operations of `operations` that can return it (their own
/// errors and the service's).
pub fn error_operations(
    model: &Model,
    service: &str,
    operations: &[String],
) -> BTreeMap<String, Vec<String>> {
    let service_errors = match &model.shapes[service].kind {
        ShapeKind::Service { errors, .. } => errors.clone(),
        _ => Vec::new(),
    };
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for op in operations {
        if let ShapeKind::Operation { errors, .. } = &model.shapes[op].kind {
            let all: BTreeSet<&String> = errors.iter().chain(&service_errors).collect();
            for e in all {
                map.entry(e.clone()).or_default().push(op.clone());
            }
        }
    }
    map
}
