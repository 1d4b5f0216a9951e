//! Uses the Clean Rooms types that `build.rs` generated into `OUT_DIR`: a request built and
//! validated, and an output read from the service's JSON and written back.
//!
//! Run with `cargo run -p build-script-example`.

/// The generated module: AWS Clean Rooms' `GetMembership` and `UpdateMembership`.
mod cleanrooms {
    include!(concat!(env!("OUT_DIR"), "/cleanrooms.rs"));
}

use cleanrooms::{GetMembershipOutput, MembershipQueryLogStatus, UpdateMembershipInput};

/// An `UpdateMembership` request, validated and built (origin-form: join it to the endpoint,
/// then sign and send it with any HTTP client).
fn update_request() -> Result<http::Request<Vec<u8>>, Box<dyn std::error::Error>> {
    let input = UpdateMembershipInput {
        membership_identifier: "0f2d5a2e-6a53-4f4b-9d36-7f3c1b2a9e10".to_owned(),
        query_log_status: Some(MembershipQueryLogStatus::Enabled),
        job_log_status: None,
        default_result_configuration: None,
        default_job_result_configuration: None,
    };
    input.validate()?;
    Ok(input.to_http_request()?)
}

/// A `GetMembership` response body, as the service sends it.
const GET_MEMBERSHIP: &str = r#"{"membership":{"id":"0f2d5a2e-6a53-4f4b-9d36-7f3c1b2a9e10","arn":"arn:aws:cleanrooms:us-east-1:123456789012:membership/0f2d5a2e-6a53-4f4b-9d36-7f3c1b2a9e10","collaborationArn":"arn:aws:cleanrooms:us-east-1:123456789012:collaboration/3c4e7a1b-9a2d-4c8f-b1e6-2d5f8a9c0b7e","collaborationId":"3c4e7a1b-9a2d-4c8f-b1e6-2d5f8a9c0b7e","collaborationCreatorAccountId":"123456789012","collaborationCreatorDisplayName":"Creator","collaborationName":"Example","createTime":1700000000,"updateTime":1700000100,"status":"ACTIVE","memberAbilities":["CAN_QUERY","A_FUTURE_ABILITY"],"queryLogStatus":"ENABLED","paymentConfiguration":{"queryCompute":{"isResponsible":true}}}}"#;

/// Reads the `GetMembership` response and writes it back as JSON.
fn get_round_trip() -> Result<(GetMembershipOutput, String), Box<dyn std::error::Error>> {
    let response = http::Response::builder()
        .status(200)
        .header("content-type", "application/json")
        .body(GET_MEMBERSHIP.as_bytes().to_vec())?;
    let output = GetMembershipOutput::from_http_response(&response)?;
    let json = serde_json::to_string(&output)?;
    Ok((output, json))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let request = update_request()?;
    println!("{} {}", request.method(), request.uri());
    println!("{}", String::from_utf8_lossy(request.body()));
    let (output, json) = get_round_trip()?;
    if let Some(membership) = &output.membership {
        println!("{} is {}", membership.id, membership.status);
    }
    println!("{json}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_is_built_from_the_generated_bindings() {
        let request = update_request().unwrap();
        assert_eq!(request.method(), http::Method::PATCH);
        assert_eq!(
            request.uri().to_string(),
            "/memberships/0f2d5a2e-6a53-4f4b-9d36-7f3c1b2a9e10"
        );
        let body: serde_json::Value = serde_json::from_slice(request.body()).unwrap();
        assert_eq!(body, serde_json::json!({"queryLogStatus": "ENABLED"}));
    }

    #[test]
    fn the_response_reads_and_writes_back_the_same_json() {
        let (output, json) = get_round_trip().unwrap();
        let membership = output.membership.as_ref().unwrap();
        assert_eq!(membership.collaboration_name, "Example");
        // The unknown ability is kept, and written back as received.
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        let sent: serde_json::Value = serde_json::from_str(GET_MEMBERSHIP).unwrap();
        assert_eq!(back, sent);
        assert_eq!(
            serde_json::from_str::<GetMembershipOutput>(&json).unwrap(),
            output
        );
    }

    #[test]
    fn an_invalid_input_is_reported_with_its_path() {
        let input = UpdateMembershipInput {
            membership_identifier: "not-a-uuid".to_owned(),
            query_log_status: None,
            job_log_status: None,
            default_result_configuration: None,
            default_job_result_configuration: None,
        };
        let errors = input.validate().unwrap_err();
        assert!(
            errors.to_string().contains("membershipIdentifier"),
            "{errors}"
        );
    }
}
