//! `cargo xtask fuzz payload`: the generated response parsers (`from_http_response` of JSON
//! crates, Clean Rooms restJson1 and DynamoDB awsJson1_0; XML crates, STS awsQuery and S3
//! restXml; a CBOR crate, ARC Region switch rpcv2Cbor) on botocore's fixture responses (CBOR:
//! responses written here) mutated, and on hostile ones: nesting 100,000 deep, numbers beyond
//! every range, 100 MB declared lengths, invalid UTF-8, duplicated keys, a DTD with entities, odd
//! status codes and header values. A panic, or a parse slower than a second, is a finding; the run
//! exits 1 and writes each distinct one to `target/fuzz/payload/crash-N.txt`.

use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use serde_json::Value;

/// A parser under test: the service whose fixtures seed it, the operation, its
/// `from_http_response` with the result dropped.
struct Parser {
    service: &'static str,
    operation: &'static str,
    parse: fn(&http::Response<Vec<u8>>),
}

macro_rules! parsers {
    ($($service:literal $operation:literal $ty:path;)*) => {
        &[$(Parser {
            service: $service,
            operation: $operation,
            parse: |r| drop(<$ty>::from_http_response(r)),
        },)*]
    };
}

const PARSERS: &[Parser] = parsers! {
    "cleanrooms" "UpdateMembership" cleanrooms_types::UpdateMembershipOutput;
    "dynamodb" "GetItem" dynamodb_types::GetItemOutput;
    "dynamodb" "Query" dynamodb_types::QueryOutput;
    "dynamodb" "Scan" dynamodb_types::ScanOutput;
    "dynamodb" "BatchGetItem" dynamodb_types::BatchGetItemOutput;
    "sts" "AssumeRole" sts_types::AssumeRoleResponse;
    "sts" "GetCallerIdentity" sts_types::GetCallerIdentityResponse;
    "sts" "GetSessionToken" sts_types::GetSessionTokenResponse;
    "s3" "ListObjectsV2" s3_types::ListObjectsV2Output;
    "s3" "GetObjectAcl" s3_types::GetObjectAclOutput;
    "s3" "GetBucketPolicy" s3_types::GetBucketPolicyOutput;
    "s3" "HeadObject" s3_types::HeadObjectOutput;
    "s3" "CreateBucket" s3_types::CreateBucketOutput;
    "arc-region-switch" "GetPlanExecution" arc_region_switch_types::GetPlanExecutionResponse;
    "arc-region-switch" "ListPlanExecutions" arc_region_switch_types::ListPlanExecutionsResponse;
};

/// A parse slower than this is a finding (a fixture parses in microseconds).
const SLOW: Duration = Duration::from_secs(1);

/// splitmix64: execution `i` of a run depends only on the seed and `i`.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One response: status, headers (values as bytes: header values may be any opaque bytes),
/// body.
#[derive(Clone, Debug)]
struct Input {
    status: u16,
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
    /// The body is CBOR (mutated with CBOR's own hostile forms too).
    cbor: bool,
}

impl Input {
    fn response(&self) -> Option<http::Response<Vec<u8>>> {
        let mut builder = http::Response::builder().status(self.status);
        for (name, value) in &self.headers {
            let value = http::HeaderValue::from_bytes(value).ok()?;
            builder = builder.header(name.as_str(), value);
        }
        builder.body(self.body.clone()).ok()
    }
}

/// The fixture responses and errors of every parser's service: (parser index, input).
fn seeds(shared: &std::path::Path) -> Result<Vec<(usize, Input)>, String> {
    let mut out = Vec::new();
    for (index, parser) in PARSERS.iter().enumerate() {
        if parser.service == "arc-region-switch" {
            continue;
        }
        for file in ["responses.jsonl", "errors.jsonl"] {
            let path = shared.join("conformance").join(parser.service).join(file);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("{}: {e} (the fixtures are read from ../shared)", path.display()))?;
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let case: Value = serde_json::from_str(line).map_err(|e| format!("{}: {e}", path.display()))?;
                if case["operation"] != parser.operation {
                    continue;
                }
                let headers = case["headers"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().as_bytes().to_vec()))
                    .collect();
                let status = case["status"].as_u64().and_then(|s| u16::try_from(s).ok()).unwrap_or(200);
                let body = case["body"].as_str().unwrap_or_default().as_bytes().to_vec();
                out.push((index, Input { status, headers, body, cbor: false }));
            }
        }
    }
    out.extend(cbor_seeds());
    Ok(out)
}

/// rpcv2Cbor responses of the CBOR parsers (botocore has no fixtures for the protocol): outputs
/// with every kind of member, an empty one, and a modeled error.
fn cbor_seeds() -> Vec<(usize, Input)> {
    use ciborium::Value as C;
    let text = |s: &str| C::Text(s.to_owned());
    let map = |entries: Vec<(&str, C)>| C::Map(entries.into_iter().map(|(k, v)| (text(k), v)).collect());
    let time = |t: f64| C::Tag(1, Box::new(C::Float(t)));
    let execution = map(vec![
        ("planArn", text("arn:aws:arc-region-switch::123456789012:plan/p")),
        ("executionId", text("e-1")),
        ("version", text("1")),
        ("startTime", time(1_700_000_000.5)),
        ("endTime", C::Tag(1, Box::new(C::Integer(1_700_000_100.into())))),
        ("mode", text("graceful")),
        ("executionState", text("inProgress")),
        ("executionAction", text("activate")),
        ("executionRegion", text("us-east-1")),
        ("comment", text("é")),
    ]);
    let mut get = execution.clone();
    if let C::Map(entries) = &mut get {
        entries.push((text("actualRecoveryTime"), text("PT5M")));
        entries.push((text("stepStates"), C::Array(vec![map(vec![("name", text("s")), ("status", text("running")), ("startTime", time(1.0))])])));
        entries.push((text("generatedReportDetails"), C::Array(vec![])));
        entries.push((text("unknownMember"), C::Bytes(vec![1, 2, 3])));
    }
    let list = map(vec![("items", C::Array(vec![execution])), ("nextToken", text("t"))]);
    let error = map(vec![("__type", text("com.amazonaws.arcregionswitch#ResourceNotFoundException")), ("message", text("gone"))]);
    let encode = |value: &C| {
        let mut bytes = Vec::new();
        ciborium::into_writer(value, &mut bytes).map(|()| bytes).unwrap_or_default()
    };
    let headers = vec![
        ("smithy-protocol".to_owned(), b"rpc-v2-cbor".to_vec()),
        ("content-type".to_owned(), b"application/cbor".to_vec()),
    ];
    let index = |operation: &str| PARSERS.iter().position(|p| p.operation == operation).unwrap_or_default();
    let (get_plan, list_plans) = (index("GetPlanExecution"), index("ListPlanExecutions"));
    [(get_plan, 200, &get), (list_plans, 200, &list), (get_plan, 200, &map(vec![])), (list_plans, 404, &error), (get_plan, 404, &error)]
        .into_iter()
        .map(|(parser, status, body)| (parser, Input { status, headers: headers.clone(), body: encode(body), cbor: true }))
        .collect()
}

/// Applies one to four mutations.
fn mutate(input: &mut Input, rng: &mut Rng) {
    for _ in 0..1 + rng.below(4) {
        let len = input.body.len();
        let at = rng.below(len + 1);
        if input.cbor && rng.below(2) == 0 {
            // CBOR's hostile forms: a declared length of 100 MB (byte string, text, array, map),
            // nesting 100,000 deep, a tag, an indefinite length, invalid UTF-8, a half float.
            let forms: [&[u8]; 9] = [
                &[0x5a, 0x06, 0x00, 0x00, 0x00],
                &[0x7a, 0x06, 0x00, 0x00, 0x00],
                &[0x9a, 0x06, 0x00, 0x00, 0x00],
                &[0xba, 0x06, 0x00, 0x00, 0x00],
                &[0xc1],
                &[0x9f],
                &[0x62, 0xc3, 0x28],
                &[0xf9, 0x7c, 0x00],
                &[0xff],
            ];
            let form = if rng.below(10) == 0 { vec![0x81; 100_000] } else { forms[rng.below(forms.len())].to_vec() };
            if rng.below(2) == 0 && len > 0 {
                let end = (at + 1 + rng.below(8)).min(len);
                input.body.splice(at.min(len - 1)..end, form);
            } else {
                input.body.splice(at..at, form);
            }
            continue;
        }
        match rng.below(14) {
            0 if len > 0 => {
                let i = rng.below(len);
                input.body[i] ^= 1 << rng.below(8);
            }
            1 => input.body.insert(at, rng.next() as u8),
            2 if len > 0 => {
                let end = (at + 1 + rng.below(16)).min(len);
                input.body.drain(at.min(len - 1)..end);
            }
            3 => {
                let end = (at + 1 + rng.below(64)).min(len);
                let piece = input.body[at.min(len)..end].to_vec();
                input.body.splice(at..at, piece);
            }
            4 => input.body.truncate(at),
            5 => {
                input.body.splice(at..at, [0xff, 0xfe, 0xc3]);
            }
            6 => {
                let numbers = ["1e400", "-1e400", "99999999999999999999999999999", "-9223372036854775809", "18446744073709551616", "NaN", "-0", "0.0000000000000000000000000001", "1.7976931348623157e309"];
                let n = numbers[rng.below(numbers.len())].as_bytes();
                // Replace a run of digits where there is one.
                match input.body.iter().position(|b| b.is_ascii_digit()).map(|p| p + rng.below(len.saturating_sub(p).max(1))) {
                    Some(p) if p < len && input.body[p].is_ascii_digit() => {
                        let end = (p..len).find(|&i| !input.body[i].is_ascii_digit()).unwrap_or(len);
                        input.body.splice(p..end, n.iter().copied());
                    }
                    _ => {
                        input.body.splice(at..at, n.iter().copied());
                    }
                }
            }
            7 => {
                let depth = [200, 5_000, 100_000][rng.below(3)];
                let (open, close): (&[u8], &[u8]) = if input.body.first() == Some(&b'<') { (b"<a>", b"</a>") } else { (b"[", b"]") };
                let mut nested = open.repeat(depth);
                nested.extend(close.repeat(rng.below(2) * depth));
                input.body.splice(at..at, nested);
            }
            8 => {
                let statuses = [100, 101, 199, 200, 201, 204, 206, 299, 301, 304, 400, 403, 404, 409, 429, 500, 502, 503, 599, 999];
                input.status = statuses[rng.below(statuses.len())];
            }
            9 => {
                let values: [&[u8]; 6] = [b"", b"\xff\xfe\x80", b"#:::#", b"aws.protocoltests#Foo:http://x", b"text/html", b"application/xml; charset=\x80"];
                let names = ["content-type", "x-amzn-errortype", "x-amz-request-id", "content-length", "x-amz-meta-\u{e9}", "last-modified", "x-amz-expiration"];
                let name = names[rng.below(names.len())].to_owned();
                input.headers.push((name, values[rng.below(values.len())].to_vec()));
            }
            10 => {
                let value = vec![b'a'; 100 << 10];
                input.headers.push(("x-amz-meta-big".to_owned(), value));
            }
            11 if !input.headers.is_empty() => {
                let i = rng.below(input.headers.len());
                input.headers.remove(i);
            }
            12 => {
                let dtd: &[u8] = b"<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>";
                input.body.splice(0..0, dtd.iter().copied());
                input.body.splice(at.min(input.body.len())..at.min(input.body.len()), b"&b;".iter().copied());
            }
            _ => {
                // Duplicate a `"key":` or `<Tag>` segment.
                let piece_end = (at + 1 + rng.below(40)).min(len);
                let piece = input.body[at.min(len)..piece_end].to_vec();
                let to = rng.below(input.body.len() + 1);
                input.body.splice(to..to, piece);
            }
        }
    }
}

struct Options {
    time: u64,
    seed: u64,
    shared: PathBuf,
}

fn options() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut options = Options { time: 60, seed: 1, shared: std::env::var_os("SHARED").map_or_else(|| root.join("../shared"), PathBuf::from) };
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--time" => options.time = value()?.parse().map_err(|e| format!("--time: {e}"))?,
            "--seed" => options.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--shared" => options.shared = PathBuf::from(value()?),
            other => return Err(format!("unknown argument {other} (--time SECS, --seed N, --shared DIR)")),
        }
    }
    Ok(options)
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<ExitCode, String> {
    let options = options()?;
    let seeds = seeds(&options.shared)?;
    if seeds.is_empty() {
        return Err("no fixture response for the parsers under test".to_owned());
    }
    let out_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/fuzz/payload");
    std::fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    // The findings of an earlier run would read as this run's.
    for entry in std::fs::read_dir(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?.flatten() {
        if entry.file_name().to_string_lossy().starts_with("crash-") {
            std::fs::remove_file(entry.path()).map_err(|e| format!("{}: {e}", entry.path().display()))?;
        }
    }
    // Panics are findings, reported once each below, not printed as they happen.
    let location = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let hook_location = location.clone();
    panic::set_hook(Box::new(move |info| {
        let place = info.location().map_or_else(String::new, |l| format!("{}:{}", l.file(), l.line()));
        let message = info.payload().downcast_ref::<&str>().map(|s| (*s).to_owned()).or_else(|| info.payload().downcast_ref::<String>().cloned()).unwrap_or_default();
        *hook_location.lock().unwrap_or_else(|e| e.into_inner()) = format!("{place}: {message}");
    }));
    let started = Instant::now();
    let deadline = Duration::from_secs(options.time);
    let mut findings: std::collections::BTreeMap<String, Input> = std::collections::BTreeMap::new();
    let mut executions = 0u64;
    let mut per_parser = vec![0u64; PARSERS.len()];
    while started.elapsed() < deadline {
        let mut rng = Rng(options.seed ^ executions.wrapping_mul(0x2545_f491_4f6c_dd1d));
        let (seed_parser, seed) = &seeds[rng.below(seeds.len())];
        // Mostly the seed's own operation, sometimes another's parser on it.
        let index = if rng.below(8) == 0 { rng.below(PARSERS.len()) } else { *seed_parser };
        let mut input = seed.clone();
        mutate(&mut input, &mut rng);
        executions += 1;
        let Some(response) = input.response() else { continue };
        per_parser[index] += 1;
        let parse = PARSERS[index].parse;
        let t = Instant::now();
        // A 2 MiB stack, as a spawned thread (or an async runtime's worker) has.
        let outcome = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || panic::catch_unwind(AssertUnwindSafe(|| parse(&response))).is_ok())
            .map_err(|e| e.to_string())?
            .join()
            .unwrap_or(false);
        let elapsed = t.elapsed();
        let finding = if !outcome {
            Some(std::mem::take(&mut *location.lock().unwrap_or_else(|e| e.into_inner())))
        } else if elapsed > SLOW {
            Some(format!("slow: {} took {elapsed:?}", PARSERS[index].operation))
        } else {
            None
        };
        if let Some(what) = finding {
            let key = format!("{} {}", PARSERS[index].operation, what.split(": ").next().unwrap_or_default());
            findings.entry(key).or_insert(input);
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "fuzz payload: {executions} executions in {seconds:.0}s ({:.0}/s) over {} parsers, {} distinct findings (seed {})",
        executions as f64 / seconds,
        PARSERS.len(),
        findings.len(),
        options.seed
    );
    for (parser, n) in PARSERS.iter().zip(&per_parser) {
        println!("  {} {}: {n}", parser.service, parser.operation);
    }
    for (n, (what, input)) in findings.iter().enumerate() {
        let path = out_dir.join(format!("crash-{n}.txt"));
        let text = format!("{what}\nstatus {}\nheaders {:?}\nbody {:?}\n", input.status, input.headers, String::from_utf8_lossy(&input.body));
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("FINDING {what} (input in {})", path.display());
    }
    Ok(if findings.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
