//! `cargo xtask bench`, runtime part: a scratch binary (built in release outside the repository)
//! that times reading and writing an UpdateMembership response with `cleanrooms-types`, with
//! `serde_json::Value`, and (with feature `sdk`) through `aws-sdk-cleanrooms`'s client answered
//! by a replay HTTP client.
//!
//! Usage: `bench-runtime RESPONSES_JSONL SAMPLES SAMPLE_MS`. Prints tab-separated lines for xtask:
//! `body KEY LABEL BYTES`, `time BODY MEASURE NANOS_PER_CALL CALLS_PER_SAMPLE`, `check BODY TEXT`.

use std::hint::black_box;
use std::time::{Duration, Instant};

#[cfg(feature = "sdk")]
use aws_sdk_cleanrooms::config::{BehaviorVersion, Credentials, Region};
#[cfg(feature = "sdk")]
use aws_smithy_http_client::test_util::{ReplayEvent, StaticReplayClient};
#[cfg(feature = "sdk")]
use aws_smithy_types::body::SdkBody;
use cleanrooms_types::{UpdateMembershipInput, UpdateMembershipOutput};
use serde_json::Value;

/// The membership the SDK call names (the replayed response answers whatever it asks).
const MEMBERSHIP_ID: &str = "0f2d5a2e-6a53-4f4b-9d36-7f3c1b2a9e10";

/// Length, in characters, of each long string of the synthetic body.
const LONG: usize = 8 << 10;

/// What runs the SDK's client: a tokio runtime; nothing without the SDK.
#[cfg(feature = "sdk")]
type Runtime = tokio::runtime::Runtime;
#[cfg(not(feature = "sdk"))]
type Runtime = ();

/// One response to measure.
struct Body {
    /// `real` or `synthetic`.
    key: &'static str,
    /// Where it comes from, for the report.
    label: String,
    /// HTTP status.
    status: u16,
    /// HTTP headers.
    headers: Vec<(String, String)>,
    /// The JSON body.
    bytes: Vec<u8>,
}

/// One timed operation: `run(n)` performs it `n` times and returns how long that took (any
/// setup it needs is done before its clock starts).
struct Measure<'a> {
    body: &'static str,
    name: &'static str,
    run: Box<dyn FnMut(usize) -> Duration + 'a>,
    calls: usize,
    per_call_ns: Vec<f64>,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, responses, samples, sample_ms] = &args[..] else {
        panic!("usage: bench-runtime RESPONSES_JSONL SAMPLES SAMPLE_MS");
    };
    let samples: usize = samples.parse().expect("SAMPLES is a number");
    let sample_time = Duration::from_millis(sample_ms.parse().expect("SAMPLE_MS is a number"));

    let real = largest_case(responses);
    let synthetic = synthetic(&real);
    let bodies = [real, synthetic];
    for body in &bodies {
        println!("body\t{}\t{}\t{}", body.key, body.label, body.bytes.len());
        check(body);
    }

    #[cfg(feature = "sdk")]
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    #[cfg(not(feature = "sdk"))]
    let runtime = ();
    let mut measures = Vec::new();
    for body in &bodies {
        measures.extend(measures_of(body, &runtime));
    }
    // Calibrate each measure, then take the samples round-robin, so that load from elsewhere on
    // the machine falls on every measure alike.
    for m in &mut measures {
        m.calls = calibrate(&mut m.run, sample_time);
    }
    for _ in 0..samples {
        for m in &mut measures {
            let took = (m.run)(m.calls);
            m.per_call_ns.push(took.as_nanos() as f64 / m.calls as f64);
        }
    }
    for m in &mut measures {
        m.per_call_ns.sort_by(f64::total_cmp);
        let median = m.per_call_ns[m.per_call_ns.len() / 2];
        println!("time\t{}\t{}\t{median:.1}\t{}", m.body, m.name, m.calls);
    }
}

/// The timed operations on one body.
#[cfg_attr(not(feature = "sdk"), allow(unused_variables))]
fn measures_of<'a>(body: &'a Body, runtime: &'a Runtime) -> Vec<Measure<'a>> {
    let bytes = body.bytes.as_slice();
    let value: Value = serde_json::from_slice(bytes).expect("the body is JSON");
    let typed: UpdateMembershipOutput =
        serde_json::from_slice(bytes).expect("the body is an UpdateMembershipOutput");
    let response = http_response(body);
    #[cfg(feature = "sdk")]
    let shared = bytes::Bytes::copy_from_slice(bytes);
    let measure = |name, run: Box<dyn FnMut(usize) -> Duration + 'a>| Measure {
        body: body.key,
        name,
        run,
        calls: 0,
        per_call_ns: Vec::new(),
    };
    let mut measures = vec![
        measure(
            "value_parse",
            Box::new(move |n| {
                let started = Instant::now();
                for _ in 0..n {
                    let v: Value = serde_json::from_slice(black_box(bytes)).expect("parse");
                    black_box(v);
                }
                started.elapsed()
            }),
        ),
        measure(
            "typed_parse",
            Box::new(move |n| {
                let started = Instant::now();
                for _ in 0..n {
                    let v: UpdateMembershipOutput =
                        serde_json::from_slice(black_box(bytes)).expect("parse");
                    black_box(v);
                }
                started.elapsed()
            }),
        ),
        measure(
            "typed_http",
            Box::new(move |n| {
                let started = Instant::now();
                for _ in 0..n {
                    let v = UpdateMembershipOutput::from_http_response(black_box(&response))
                        .expect("from_http_response");
                    black_box(v);
                }
                started.elapsed()
            }),
        ),
        measure(
            "value_serialize",
            Box::new(move |n| {
                let started = Instant::now();
                for _ in 0..n {
                    black_box(serde_json::to_vec(black_box(&value)).expect("serialize"));
                }
                started.elapsed()
            }),
        ),
        measure(
            "typed_serialize",
            Box::new(move |n| {
                let started = Instant::now();
                for _ in 0..n {
                    black_box(serde_json::to_vec(black_box(&typed)).expect("serialize"));
                }
                started.elapsed()
            }),
        ),
    ];
    #[cfg(feature = "sdk")]
    measures.push(measure(
        "sdk_call",
        Box::new(move |n| {
            let client = sdk_client(body, &shared, n);
            runtime.block_on(async {
                let started = Instant::now();
                for _ in 0..n {
                    let v = client
                        .update_membership()
                        .membership_identifier(MEMBERSHIP_ID)
                        .send()
                        .await
                        .expect("the SDK call");
                    black_box(v);
                }
                started.elapsed()
            })
        }),
    ));
    // Building a request does not depend on the response body: timed once, with the real one.
    if body.key == "real" {
        let input: UpdateMembershipInput = serde_json::from_value(serde_json::json!({
            "membershipIdentifier": MEMBERSHIP_ID,
            "queryLogStatus": "ENABLED",
            "jobLogStatus": "DISABLED",
        }))
        .expect("an UpdateMembershipInput");
        measures.push(measure(
            "typed_request",
            Box::new(move |n| {
                let started = Instant::now();
                for _ in 0..n {
                    let v = black_box(&input)
                        .to_http_request()
                        .expect("to_http_request");
                    black_box(v);
                }
                started.elapsed()
            }),
        ));
    }
    measures
}

/// How many calls make one sample last at least `target` (the calls also warm up).
fn calibrate(run: &mut dyn FnMut(usize) -> Duration, target: Duration) -> usize {
    let mut n = 1;
    loop {
        let took = run(n);
        if took >= target || n >= 1 << 22 {
            return n;
        }
        let scale = if took.is_zero() {
            16.0
        } else {
            (target.as_secs_f64() / took.as_secs_f64()).clamp(1.5, 16.0)
        };
        n = (n as f64 * scale).ceil() as usize;
    }
}

/// The largest successful UpdateMembership response body of the conformance fixtures.
fn largest_case(path: &str) -> Body {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let mut best: Option<Body> = None;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("a JSON line");
        let status = case["status"].as_u64().unwrap_or(0);
        let Some(bytes) = case["body"].as_str() else {
            continue;
        };
        if case["operation"] != "UpdateMembership"
            || !(200..300).contains(&status)
            || case.get("expected_error").is_some()
            || serde_json::from_str::<UpdateMembershipOutput>(bytes).is_err()
            || best.as_ref().is_some_and(|b| b.bytes.len() >= bytes.len())
        {
            continue;
        }
        let headers = case["headers"]
            .as_object()
            .map(|h| {
                h.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                    .collect()
            })
            .unwrap_or_default();
        best = Some(Body {
            key: "real",
            label: case["id"].as_str().unwrap_or("?").to_owned(),
            status: status as u16,
            headers,
            bytes: bytes.as_bytes().to_vec(),
        });
    }
    best.unwrap_or_else(|| panic!("no successful UpdateMembership response in {path}"))
}

/// The real body made large: every free-text member (names, ARNs, key prefixes) grown to `LONG`
/// characters, with escapes and non-ASCII text. Membership's only lists are of enums with
/// `@uniqueItems`, so they stay as they are. Valid for the types (and the SDK), not for the
/// model's `@length` maximums, which no response parser checks.
fn synthetic(real: &Body) -> Body {
    let mut value: Value = serde_json::from_slice(&real.bytes).expect("the body is JSON");
    grow(&mut value);
    Body {
        key: "synthetic",
        label: format!(
            "{} with each name, ARN and key prefix {LONG} characters long",
            real.label
        ),
        status: real.status,
        headers: real.headers.clone(),
        bytes: serde_json::to_vec(&value).expect("serialize"),
    }
}

/// Grows the free-text strings of a response in place.
fn grow(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, member) in map.iter_mut() {
                let filler = match key.as_str() {
                    "collaborationCreatorDisplayName" | "collaborationName" => {
                        " équipe d'analyse \"partagée\" \\ 日本のデータ\t"
                    }
                    "arn" | "collaborationArn" | "roleArn" => "/service-role/clean-rooms",
                    "keyPrefix" => "partition=0042/",
                    _ => {
                        grow(member);
                        continue;
                    }
                };
                if let Value::String(s) = member {
                    while s.chars().count() < LONG {
                        s.push_str(filler);
                    }
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(grow),
        _ => {}
    }
}

/// The body as the `http::Response` that `from_http_response` reads.
fn http_response(body: &Body) -> http::Response<Vec<u8>> {
    let mut builder = http::Response::builder().status(body.status);
    for (name, value) in &body.headers {
        builder = builder.header(name, value);
    }
    builder.body(body.bytes.clone()).expect("a valid response")
}

/// An SDK client (dummy credentials and region) whose HTTP client answers the next `n` requests
/// with `body`.
#[cfg(feature = "sdk")]
fn sdk_client(body: &Body, bytes: &bytes::Bytes, n: usize) -> aws_sdk_cleanrooms::Client {
    let events = (0..n)
        .map(|_| {
            let mut response = http::Response::builder().status(body.status);
            for (name, value) in &body.headers {
                response = response.header(name, value);
            }
            ReplayEvent::new(
                http::Request::builder()
                    .uri(format!(
                        "https://cleanrooms.us-east-1.amazonaws.com/memberships/{MEMBERSHIP_ID}"
                    ))
                    .body(SdkBody::empty())
                    .expect("a valid request"),
                response
                    .body(SdkBody::from(bytes.clone()))
                    .expect("a valid response"),
            )
        })
        .collect();
    let config = aws_sdk_cleanrooms::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "bench",
        ))
        .http_client(StaticReplayClient::new(events))
        .build();
    aws_sdk_cleanrooms::Client::from_conf(config)
}

/// Before timing anything: both parsers read the body, and agree on what they read.
fn check(body: &Body) {
    let ours = UpdateMembershipOutput::from_http_response(&http_response(body))
        .expect("cleanrooms-types reads the response");
    let ours = ours.membership.expect("a membership");
    #[cfg(feature = "sdk")]
    {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let shared = bytes::Bytes::copy_from_slice(&body.bytes);
        let sdk = runtime
            .block_on(
                sdk_client(body, &shared, 1)
                    .update_membership()
                    .membership_identifier(MEMBERSHIP_ID)
                    .send(),
            )
            .expect("the SDK reads the response");
        let theirs = sdk.membership().expect("a membership");
        assert_eq!(ours.id, theirs.id());
        assert_eq!(ours.collaboration_name, theirs.collaboration_name());
        assert_eq!(
            ours.collaboration_creator_display_name,
            theirs.collaboration_creator_display_name()
        );
        assert_eq!(ours.member_abilities.len(), theirs.member_abilities().len());
        println!(
            "check\t{}\tcleanrooms-types and the SDK read the same id, names and {} abilities",
            body.key,
            ours.member_abilities.len()
        );
    }
    #[cfg(not(feature = "sdk"))]
    println!(
        "check\t{}\tcleanrooms-types reads membership {} with {} abilities (the SDK is not built)",
        body.key,
        ours.id,
        ours.member_abilities.len()
    );
}
