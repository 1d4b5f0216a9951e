//! Property: any `UpdateMembershipInput` that passes `validate()` builds a request whose path
//! label and JSON body read back to an equal value.

use cleanrooms_types::{
    MembershipJobLogStatus, MembershipProtectedJobOutputConfiguration,
    MembershipProtectedJobResultConfiguration, MembershipProtectedQueryOutputConfiguration,
    MembershipProtectedQueryResultConfiguration, MembershipQueryLogStatus,
    ProtectedJobS3OutputConfigurationInput, ProtectedQueryS3OutputConfiguration, ResultFormat,
    UpdateMembershipInput,
};
use proptest::prelude::*;

/// Strings that often satisfy a pattern and sometimes do not, so `validate()` filters both ways.
fn text(valid: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![9 => valid, 1 => "\\PC{0,12}"]
}

fn bucket() -> impl Strategy<Value = String> {
    text("[a-z0-9]([a-z0-9-]{1,20}[a-z0-9])?(\\.[a-z0-9]{1,8}){0,2}")
}

fn role_arn() -> impl Strategy<Value = String> {
    text("arn:aws:iam::[0-9]{12}:role/[A-Za-z0-9+=./@-]{1,64}")
}

fn key_prefix() -> impl Strategy<Value = String> {
    text("[A-Za-z0-9!.=*/-]{0,40}")
}

fn query_log_status() -> impl Strategy<Value = MembershipQueryLogStatus> {
    prop_oneof![
        Just(MembershipQueryLogStatus::Enabled),
        Just(MembershipQueryLogStatus::Disabled),
        "[A-Z_]{1,12}".prop_map(MembershipQueryLogStatus::from),
    ]
}

fn job_log_status() -> impl Strategy<Value = MembershipJobLogStatus> {
    prop_oneof![
        Just(MembershipJobLogStatus::Enabled),
        Just(MembershipJobLogStatus::Disabled),
        "[A-Z_]{1,12}".prop_map(MembershipJobLogStatus::from),
    ]
}

fn result_format() -> impl Strategy<Value = ResultFormat> {
    prop_oneof![
        Just(ResultFormat::Csv),
        Just(ResultFormat::Parquet),
        "[A-Z]{1,8}".prop_map(ResultFormat::from)
    ]
}

fn query_result() -> impl Strategy<Value = MembershipProtectedQueryResultConfiguration> {
    let s3 = (
        bucket(),
        proptest::option::of(key_prefix()),
        result_format(),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(|(bucket, key_prefix, result_format, single_file_output)| {
            MembershipProtectedQueryOutputConfiguration::S3(ProtectedQueryS3OutputConfiguration {
                bucket,
                key_prefix,
                result_format,
                single_file_output,
            })
        });
    (proptest::option::of(s3), proptest::option::of(role_arn())).prop_map(
        |(output_configuration, role_arn)| MembershipProtectedQueryResultConfiguration {
            output_configuration,
            role_arn,
        },
    )
}

fn job_result() -> impl Strategy<Value = MembershipProtectedJobResultConfiguration> {
    let s3 = (bucket(), proptest::option::of(key_prefix())).prop_map(|(bucket, key_prefix)| {
        MembershipProtectedJobOutputConfiguration::S3(ProtectedJobS3OutputConfigurationInput {
            bucket,
            key_prefix,
        })
    });
    (proptest::option::of(s3), role_arn()).prop_map(|(output_configuration, role_arn)| {
        MembershipProtectedJobResultConfiguration {
            output_configuration,
            role_arn,
        }
    })
}

fn input() -> impl Strategy<Value = UpdateMembershipInput> {
    (
        text("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
        proptest::option::of(query_log_status()),
        proptest::option::of(job_log_status()),
        proptest::option::of(query_result()),
        proptest::option::of(job_result()),
    )
        .prop_map(
            |(
                membership_identifier,
                query_log_status,
                job_log_status,
                default_result_configuration,
                default_job_result_configuration,
            )| {
                UpdateMembershipInput {
                    membership_identifier,
                    query_log_status,
                    job_log_status,
                    default_result_configuration,
                    default_job_result_configuration,
                }
            },
        )
}

/// The label of `/memberships/{label}`, percent-decoded.
fn label(path: &str) -> String {
    let encoded = path
        .strip_prefix("/memberships/")
        .expect("the UpdateMembership path");
    let bytes = encoded.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&encoded[i + 1..i + 3], 16).expect("a percent escape"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8 label")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, max_global_rejects: 8192, ..ProptestConfig::default() })]

    #[test]
    fn valid_inputs_round_trip_through_the_request(input in input()) {
        prop_assume!(input.validate().is_ok());
        let request = input.to_http_request().expect("a valid input builds a request");
        prop_assert_eq!(request.method().as_str(), "PATCH");
        let mut body: serde_json::Value = serde_json::from_slice(request.body()).expect("a JSON body");
        prop_assert!(body.get("membershipIdentifier").is_none(), "the label is not in the body");
        body["membershipIdentifier"] = serde_json::Value::String(label(request.uri().path()));
        let back: UpdateMembershipInput = serde_json::from_value(body).expect("the body reads back");
        prop_assert_eq!(back, input);
    }
}
