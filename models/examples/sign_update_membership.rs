//! Builds an `UpdateMembership` request, validates it, signs it with SigV4 and prints it. No
//! network: send the signed `http::Request` with any HTTP client (hyper, reqwest, ureq, …).
//!
//! Run with `cargo run -p cleanrooms-types --example sign_update_membership`.

use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use cleanrooms_types::{MembershipQueryLogStatus, UpdateMembershipInput};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let input = UpdateMembershipInput {
        membership_identifier: "0f2d5a2e-6a53-4f4b-9d36-7f3c1b2a9e10".to_owned(),
        query_log_status: Some(MembershipQueryLogStatus::Enabled),
        job_log_status: None,
        default_result_configuration: None,
        default_job_result_configuration: None,
    };
    input.validate()?;

    // The generated request is origin-form: add the regional endpoint and its host.
    let host = "cleanrooms.us-east-1.amazonaws.com";
    let mut request = input.to_http_request()?;
    *request.uri_mut() = format!("https://{host}{}", request.uri()).parse()?;
    request.headers_mut().insert("host", host.parse()?);

    // Example credentials and a fixed time, so the output is the same on every run.
    let identity = Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
        None,
        "example",
    )
    .into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region("us-east-1")
        .name("cleanrooms")
        .time(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000))
        .settings(SigningSettings::default())
        .build()?
        .into();
    let headers = request
        .headers()
        .iter()
        .map(|(name, value)| Ok((name.as_str(), value.to_str()?)))
        .collect::<Result<Vec<_>, http::header::ToStrError>>()?;
    let signable = SignableRequest::new(
        request.method().as_str(),
        request.uri().to_string(),
        headers.into_iter(),
        SignableBody::Bytes(request.body()),
    )?;
    let (instructions, _signature) = sign(signable, &params)?.into_parts();
    instructions.apply_to_request_http1x(&mut request);

    println!("{} {}", request.method(), request.uri());
    for (name, value) in request.headers() {
        println!("{name}: {}", value.to_str()?);
    }
    println!();
    println!("{}", String::from_utf8_lossy(request.body()));
    Ok(())
}
