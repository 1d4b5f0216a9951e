//! The modules behave as the crates do: every STS fixture of botocore (requests, responses,
//! errors, validation; the crate is checked against botocore in `tests/sts.rs`) gives the same
//! result through the `sts` module as through `sts-types`, and the constructs' JSON reads and
//! writes the same through both.

use serde_json::{Value, json};

/// botocore's `params` are already STS inputs' JSON.
fn wire_params(_operation: &str, params: &Value) -> Value {
    params.clone()
}

/// The STS operations through a `types` path (the module or the crate).
macro_rules! sts_operations {
    ($types:ident) => {
        e2e::operations! { $types, super::wire_params;
            AssumeRole, AssumeRoleRequest, AssumeRoleResponse, AssumeRoleError;
            AssumeRoleWithSAML, AssumeRoleWithSamlRequest, AssumeRoleWithSamlResponse, AssumeRoleWithSamlError;
            AssumeRoleWithWebIdentity, AssumeRoleWithWebIdentityRequest, AssumeRoleWithWebIdentityResponse, AssumeRoleWithWebIdentityError;
            AssumeRoot, AssumeRootRequest, AssumeRootResponse, AssumeRootError;
            DecodeAuthorizationMessage, DecodeAuthorizationMessageRequest, DecodeAuthorizationMessageResponse, DecodeAuthorizationMessageError;
            GetAccessKeyInfo, GetAccessKeyInfoRequest, GetAccessKeyInfoResponse, GetAccessKeyInfoError;
            GetCallerIdentity, GetCallerIdentityRequest, GetCallerIdentityResponse, GetCallerIdentityError;
            GetFederationToken, GetFederationTokenRequest, GetFederationTokenResponse, GetFederationTokenError;
            GetSessionToken, GetSessionTokenRequest, GetSessionTokenResponse, GetSessionTokenError;
            GetDelegatedAccessToken, GetDelegatedAccessTokenRequest, GetDelegatedAccessTokenResponse, GetDelegatedAccessTokenError;
            GetWebIdentityToken, GetWebIdentityTokenRequest, GetWebIdentityTokenResponse, GetWebIdentityTokenError;
        }
    };
}

mod via_module {
    use crate::sts;
    sts_operations!(sts);
    pub(super) fn operations() -> &'static [e2e::Operation<sts::ValidationErrors>] {
        OPERATIONS
    }
}

mod via_crate {
    use sts_types as sts;
    sts_operations!(sts);
    pub(super) fn operations() -> &'static [e2e::Operation<sts::ValidationErrors>] {
        OPERATIONS
    }
}

/// A request as comparable data: method, URI, headers, body.
fn request_parts(request: Result<http::Request<Vec<u8>>, String>) -> Result<String, String> {
    request.map(|r| {
        format!(
            "{} {} {:?} {:?}",
            r.method(),
            r.uri(),
            r.headers(),
            r.body()
        )
    })
}

#[test]
fn every_sts_fixture_reads_and_writes_the_same_through_the_module_and_the_crate() {
    let dir = e2e::shared_fixtures("sts");
    let mut compared = 0;
    for (module, krate) in via_module::operations().iter().zip(via_crate::operations()) {
        assert_eq!(module.name, krate.name);
        for case in e2e::load_cases_from(&dir, "requests.jsonl", module.name) {
            let params = &case["params"];
            assert_eq!(
                request_parts((module.request)(params)),
                request_parts((krate.request)(params)),
                "{}",
                case["id"]
            );
            assert_eq!(
                (module.validate)(params).map_err(|e| e.to_string()),
                (krate.validate)(params).map_err(|e| e.to_string()),
                "{}",
                case["id"]
            );
            compared += 1;
        }
        for case in e2e::load_cases_from(&dir, "validation.jsonl", module.name) {
            let params = &case["params"];
            assert_eq!(
                (module.validate)(params).map_err(|e| e.to_string()),
                (krate.validate)(params).map_err(|e| e.to_string()),
                "{}",
                case["id"]
            );
            compared += 1;
        }
        for case in e2e::load_cases_from(&dir, "responses.jsonl", module.name) {
            let response = e2e::fixture_response(&case).unwrap();
            assert_eq!(
                (module.response)(&response),
                (krate.response)(&response),
                "{}",
                case["id"]
            );
            compared += 1;
        }
        for case in e2e::load_cases_from(&dir, "errors.jsonl", module.name) {
            let response = e2e::fixture_response(&case).unwrap();
            let (a, b) = ((module.error)(&response), (krate.error)(&response));
            assert_eq!(
                (a.code, a.message, a.variant),
                (b.code, b.message, b.variant),
                "{}",
                case["id"]
            );
            compared += 1;
        }
    }
    assert!(compared > 200, "only {compared} fixtures compared");
}

#[test]
fn the_constructs_read_and_write_the_same_json_through_the_module_and_the_crate() {
    let thing = json!({
        "name": "n", "count": 1, "flag": true, "tiny": -128, "big": 9007199254740993_i64,
        "score": "NaN", "payload": "aGVsbG8=", "extra": {"a": [1, "two", null]},
        "seenAt": 1700000000, "epochAt": 1700000000.25, "isoAt": "2023-11-14T22:13:20.5Z",
        "httpAt": "Tue, 14 Nov 2023 22:13:20 GMT", "tier": "a-future-tier", "tags": null,
    });
    let module: crate::constructs::Thing = serde_json::from_value(thing.clone()).unwrap();
    let krate: constructs_types::Thing = serde_json::from_value(thing).unwrap();
    assert_eq!(
        serde_json::to_value(&module).unwrap(),
        serde_json::to_value(&krate).unwrap()
    );
    let strict = |bytes: &[u8]| {
        (
            crate::constructs::from_json_strict::<crate::constructs::Thing>(bytes)
                .map(|_| ())
                .map_err(|e| e.to_string()),
            constructs_types::from_json_strict::<constructs_types::Thing>(bytes)
                .map(|_| ())
                .map_err(|e| e.to_string()),
        )
    };
    let (a, b) = strict(br#"{"name": "n", "count": 1, "unknownMember": 2}"#);
    assert!(a.is_err());
    assert_eq!(a, b);
}
