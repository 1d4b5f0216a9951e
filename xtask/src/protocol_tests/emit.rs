//! Writes `tests/protocol.rs` of a generated test crate: one `#[test]` per client case that the
//! crate can run, named after the case id.
//!
//! A case's `body` is passed on as the case gives it; for an `application/cbor` body (base64,
//! see `is_cbor`) a response case builds its response with `support::response_base64`, and a
//! request case's `support::check_request` decodes it from its `body_media_type`. XML
//! (restXml, and the awsQuery and ec2Query responses) and `application/x-www-form-urlencoded`
//! bodies (awsQuery and ec2Query requests) are text: a response case's body is its bytes, and
//! `support::check_request` reads a request case's by its `body_media_type` (XML structurally,
//! a form as its name-value pairs).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use codegen::model::shape_name;

use super::cases::{Case, Kind};
use super::instantiate::{Instantiator, literal};

/// What a generated crate offers for one operation (from `codegen::http::bind`).
#[derive(Debug, Clone)]
pub struct OperationApi {
    /// The input struct's Rust name and the method that builds the request.
    pub request: Option<(String, String)>,
    /// The request fills in an unset `@idempotencyToken` member.
    pub fills_token: bool,
    /// The output struct's Rust name and the method that parses the response.
    pub response: Option<(String, String)>,
    /// The error enum's Rust name.
    pub error_enum: String,
    /// Modeled errors: (error structure's Rust name, variant).
    pub errors: Vec<(String, String)>,
}

/// The idempotency token the protocol test cases expect a client to fill in.
const TEST_TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// A case turned into a test, or the reason it cannot be.
pub type Test = Result<String, String>;

/// The test function of a case, using the API of the operation `op`, or why there is none.
pub fn test_fn(
    case: &Case,
    fn_name: &str,
    op: &str,
    api: &OperationApi,
    inst: &Instantiator<'_>,
    krate: &str,
) -> Test {
    let root = format!("::{krate}");
    let mut doc = vec![format!(
        "`{}` ({}, {}{}).",
        case.id,
        match case.kind {
            Kind::Request => "request",
            Kind::Response => "response",
        },
        shape_name(op),
        if case.on_error {
            format!(", error `{}`", shape_name(&case.shape))
        } else {
            String::new()
        }
    )];
    if let Some(d) = case.str("documentation") {
        doc.push(String::new());
        doc.extend(d.lines().map(str::to_owned));
    }
    let mut skipped = Vec::new();
    for key in ["host", "resolvedHost"] {
        if let Some(h) = case.str(key) {
            skipped.push(format!("`{key}` ({h})"));
        }
    }
    if !skipped.is_empty() {
        doc.push(String::new());
        doc.push(format!(
            "Not checked: {}; the crate builds origin-form requests and has no endpoint resolution \
             (a path in `host` is joined before the request's path).",
            skipped.join(", ")
        ));
    }
    let params = case.params();
    let body = match (case.kind, case.on_error) {
        (Kind::Request, _) => {
            let (input, method) = api
                .request
                .as_ref()
                .ok_or("no request builder: the operation has no input structure")?;
            let input = inst.structure(input, &params)?;
            // Test clients fill in idempotency tokens from a provider of one fixed token, the
            // one the cases expect (as smithy-rs and smithy-typescript do).
            let build = if api.fills_token {
                format!(
                    "{root}::with_idempotency_tokens(|| \"{TEST_TOKEN}\".to_owned(), || input.{method}())"
                )
            } else {
                format!("input.{method}()")
            };
            format!(
                "let input = {input};\n\
                 let request = {build}.unwrap_or_else(|e| panic!(\"the request does not build: {{e}}\"));\n\
                 support::check_request(&request, &{});",
                expected_request(case)
            )
        }
        (Kind::Response, false) => {
            let response = response(case);
            let error_enum = &api.error_enum;
            match &api.response {
                Some((output, method)) => {
                    let expected = inst.structure(output, &params)?;
                    format!(
                        "let response = {response};\n\
                         let parsed = {root}::{output}::{method}(&response).unwrap_or_else(|e| panic!(\"the response does not parse: {{e:?}}\"));\n\
                         let expected = {expected};\n\
                         support::assert_same(&parsed, &expected);"
                    )
                }
                None => format!(
                    "let response = {response};\n\
                     if let Err(e) = {root}::{error_enum}::check_http_response(&response) {{\n\
                         panic!(\"the response is read as an error: {{e:?}}\");\n\
                     }}"
                ),
            }
        }
        (Kind::Response, true) => {
            let error_struct = shape_name(&case.shape);
            let (type_name, variant) = api
                .errors
                .iter()
                .find(|(_, v)| v == error_struct)
                .ok_or_else(|| {
                    format!("`{}` has no error variant `{error_struct}`", api.error_enum)
                })?;
            let expected = inst.structure(type_name, &params)?;
            let error_enum = &api.error_enum;
            // The error code a client reports, when the case says (`vendorParams.code`: the
            // `@awsQueryError` code of query-compatible services).
            let code = case.spec["vendorParams"]["code"].as_str().map_or_else(
                String::new,
                |code| {
                    format!(
                        "assert_eq!(error.code(), {code:?}, \"the error code (vendorParams)\");\n"
                    )
                },
            );
            format!(
                "let response = {};\n\
                 let expected = {expected};\n\
                 let error = {root}::{error_enum}::from_http_response(&response);\n\
                 {code}\
                 match error {{\n\
                     {root}::{error_enum}::{variant}(parsed) => support::assert_same(&parsed.error, &expected),\n\
                     other => panic!(\"expected the `{variant}` error, got {{other:?}}\"),\n\
                 }}",
                response(case)
            )
        }
    };
    let docs: String = doc
        .iter()
        .map(|l| {
            if l.is_empty() {
                "///\n".to_owned()
            } else {
                format!("/// {l}\n")
            }
        })
        .collect();
    Ok(format!("{docs}#[test]\nfn {fn_name}() {{\n{body}\n}}\n"))
}

/// The `support::ExpectedRequest` of a request case.
fn expected_request(case: &Case) -> String {
    let strings = |key: &str| {
        let items: Vec<String> = case.strings(key).iter().map(|s| literal(s)).collect();
        format!("&[{}]", items.join(", "))
    };
    let headers: Vec<String> = case
        .headers()
        .iter()
        .map(|(k, v)| format!("({}, {})", literal(k), literal(v)))
        .collect();
    let option = |key: &str| match case.str(key) {
        Some(s) => format!("Some({})", literal(s)),
        None => "None".to_owned(),
    };
    format!(
        "support::ExpectedRequest {{ method: {}, uri: {}, host: {}, query_params: {}, forbid_query_params: {}, \
         require_query_params: {}, headers: &[{}], forbid_headers: {}, require_headers: {}, \
         body: {}, body_media_type: {} }}",
        literal(case.str("method").unwrap_or_default()),
        literal(case.str("uri").unwrap_or_default()),
        option("host"),
        strings("queryParams"),
        strings("forbidQueryParams"),
        strings("requireQueryParams"),
        headers.join(", "),
        strings("forbidHeaders"),
        strings("requireHeaders"),
        option("body"),
        option("bodyMediaType"),
    )
}

/// Whether a case's `bodyMediaType` is CBOR (`application/cbor`, or a `+cbor` type), whose
/// `body` is the base64 of the bytes; as `is_cbor` of `xtask/protocol-tests/support.rs` says.
fn is_cbor(media_type: Option<&str>) -> bool {
    media_type.is_some_and(|m| {
        let essence = m.split(';').next().unwrap_or(m).trim().to_ascii_lowercase();
        essence == "application/cbor" || essence.ends_with("+cbor")
    })
}

/// The `support::response(..)` call of a response case: `support::response_base64(..)` when
/// its body is CBOR (base64 in the case).
fn response(case: &Case) -> String {
    let code = case
        .spec
        .get("code")
        .and_then(|c| c.as_u64())
        .unwrap_or(200);
    let headers: Vec<String> = case
        .headers()
        .iter()
        .map(|(k, v)| format!("({}, {})", literal(k), literal(v)))
        .collect();
    let function = if is_cbor(case.str("bodyMediaType")) {
        "response_base64"
    } else {
        "response"
    };
    format!(
        "support::{function}({code}, &[{}], {})",
        headers.join(", "),
        literal(case.str("body").unwrap_or_default())
    )
}

/// The whole test file: header, lint settings, the support module and the tests, request
/// cases in `mod request`, response cases in `mod response`.
pub fn file(service: &str, tests: &BTreeMap<String, String>) -> String {
    let mut out = format!(
        "//! @generated by `cargo xtask protocol-tests`: the client protocol compliance cases of\n\
         //! `{service}`, one test per case, named after its id. Do not edit by hand.\n\
         //!\n\
         //! Lints: case ids are UpperCamelCase; deprecated members are built like the others;\n\
         //! float literals are the model's values (`3.14` is not an approximation of pi).\n\n\
         #![allow(non_snake_case, deprecated, clippy::approx_constant, clippy::excessive_precision)]\n\n\
         mod support;\n"
    );
    for kind in [Kind::Request, Kind::Response] {
        let module = kind.module();
        let prefix = format!("{module}::");
        let sources: Vec<&String> = tests
            .iter()
            .filter(|(path, _)| path.starts_with(&prefix))
            .map(|(_, source)| source)
            .collect();
        if sources.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "\n/// The `{}` cases.\nmod {module} {{\nuse super::support;\n\n",
            match kind {
                Kind::Request => "httpRequestTests",
                Kind::Response => "httpResponseTests",
            }
        );
        for source in sources {
            out.push_str(source);
            out.push('\n');
        }
        out.push_str("}\n");
    }
    out
}

/// The test path (`request::Name`) for a case: its id when it is an identifier (case ids match
/// `^[A-Za-z_][A-Za-z0-9_]+$`), else with every other character replaced by `_`; a second case
/// of the same kind and name gets a numeric suffix.
pub fn test_path(case: &Case, taken: &BTreeMap<String, String>) -> String {
    let mut name: String = case
        .id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "case_");
    }
    if name == "support" {
        name.push('_');
    }
    let module = case.kind.module();
    let mut path = format!("{module}::{name}");
    let mut n = 2;
    while taken.contains_key(&path) {
        path = format!("{module}::{name}_{n}");
        n += 1;
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(spec: serde_json::Value) -> Case {
        Case {
            id: "Id".to_owned(),
            kind: Kind::Response,
            shape: "a#Op".to_owned(),
            on_error: false,
            protocol: "smithy.protocols#rpcv2Cbor".to_owned(),
            spec,
        }
    }

    #[test]
    fn cbor_responses_are_built_from_base64() {
        let cbor = case(serde_json::json!({
            "code": 200,
            "body": "v/8=",
            "bodyMediaType": "application/cbor",
            "headers": {"Content-Type": "application/cbor"},
        }));
        assert_eq!(
            response(&cbor),
            r#"support::response_base64(200, &[("Content-Type", "application/cbor")], "v/8=")"#
        );
        let json = case(
            serde_json::json!({"code": 404, "body": "{}", "bodyMediaType": "application/json"}),
        );
        assert_eq!(response(&json), r#"support::response(404, &[], "{}")"#);
        assert_eq!(
            response(&case(serde_json::json!({}))),
            r#"support::response(200, &[], "")"#
        );
    }

    #[test]
    fn xml_and_form_bodies_are_passed_as_text_with_their_media_type() {
        // QuerySimpleInputParamsBlob (awsQuery): the form body and its media type, as given.
        let mut form = case(serde_json::json!({
            "method": "POST",
            "uri": "/",
            "body": "Action=SimpleInputParams&Version=2020-01-08&Qux=dmFsdWU%3D",
            "bodyMediaType": "application/x-www-form-urlencoded",
        }));
        form.kind = Kind::Request;
        let expected = expected_request(&form);
        assert!(
            expected.contains(
                r#"body: Some("Action=SimpleInputParams&Version=2020-01-08&Qux=dmFsdWU%3D"), body_media_type: Some("application/x-www-form-urlencoded") }"#
            ),
            "{expected}"
        );
        // SimpleScalarPropertiesWithEscapedCharacter (restXml response): the text itself.
        let xml = case(serde_json::json!({
            "code": 200,
            "body": "<R>\n    <stringValue>&lt;string&gt;</stringValue>\n</R>\n",
            "bodyMediaType": "application/xml",
        }));
        assert_eq!(
            response(&xml),
            r#"support::response(200, &[], "<R>\n    <stringValue>&lt;string&gt;</stringValue>\n</R>\n")"#
        );
    }

    #[test]
    fn cbor_media_types() {
        assert!(is_cbor(Some("application/cbor")));
        assert!(is_cbor(Some("Application/CBOR; charset=x")));
        assert!(is_cbor(Some("application/foo+cbor")));
        assert!(!is_cbor(Some("application/json")));
        assert!(!is_cbor(None));
    }
}
