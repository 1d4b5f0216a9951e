//! `cargo xtask protocol-tests` through the real binary, on the default models (the Smithy
//! protocol test models of `../shared`): every client case of a protocol with a wire layer
//! passes, or fails and is on `xtask/protocol-tests/expected-failures.txt`, and no listed case
//! passes. The generated test crates build under `target/protocol-tests` (kept between runs, so
//! a rerun only rebuilds what changed).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

/// The RestJson test service and its client cases (136 request, 108 response).
const REST_JSON: &str = "aws.protocoltests.restjson#RestJson";
const REST_JSON_CASES: usize = 244;

/// `N passed, F failed, X expected to fail (of T client cases)` of a service's line.
fn counts(stdout: &str, service: &str) -> (usize, usize, usize, usize) {
    let line = stdout
        .lines()
        .find(|l| l.starts_with(&format!("{service} (")))
        .unwrap_or_else(|| panic!("no line for {service} in:\n{stdout}"));
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    // The protocol name (`restJson1`) holds the first number.
    match numbers.as_slice() {
        [_, passed, failed, expected, total] => (*passed, *failed, *expected, *total),
        _ => panic!("unexpected summary line: {line}"),
    }
}

#[test]
fn the_protocol_tests_pass_but_for_the_listed_cases_and_a_listed_pass_fails() {
    let tests = repo().join("../shared/smithy/protocol-tests");
    assert!(
        tests.is_dir(),
        "{} is missing: the protocol tests come from ../shared beside the repository",
        tests.display()
    );
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(repo())
        .arg("protocol-tests")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    println!("(took {:.1?})", started.elapsed());
    assert!(
        output.status.success(),
        "protocol-tests failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    let listed = std::fs::read_to_string(repo().join("xtask/protocol-tests/expected-failures.txt"))
        .unwrap()
        .lines()
        .filter(|l| l.split_whitespace().next() == Some(REST_JSON))
        .count();
    let (passed, failed, expected, total) = counts(&stdout, REST_JSON);
    assert_eq!(total, REST_JSON_CASES, "RestJson client cases");
    assert_eq!(failed, 0, "unexpected failures:\n{stdout}");
    assert_eq!(expected, listed, "every listed RestJson case fails");
    assert_eq!(passed, REST_JSON_CASES - listed, "RestJson passes");
    // Services of protocols without a wire layer are counted, not run.
    assert!(
        stdout.contains("aws.protocoltests.restxml#RestXml (restXml): 178 passed, 0 failed, 0 expected to fail (of 178 client cases)"),
        "{stdout}"
    );
    // rpcv2Json has no wire layer: its cases are counted, not run.
    assert!(
        stdout.contains("smithy.protocoltests.rpcv2Json#RpcV2JsonProtocol (rpcv2Json): no wire layer yet, 73 client cases"),
        "{stdout}"
    );
    a_case_that_passes_while_listed_fails_the_run();
}

/// A list naming a case that passes (RestJsonValidation's only case) and one that does not
/// exist: the run must fail and say both. (Run after the full run, not beside it: both use
/// `target/protocol-tests`.)
fn a_case_that_passes_while_listed_fails_the_run() {
    let scratch = std::env::temp_dir().join(format!("xtask-protocol-tests-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    let list = scratch.join("expected.txt");
    std::fs::write(
        &list,
        "aws.protocoltests.restjson.validation#RestJsonValidation request::RestJsonRecursiveStructuresValidate listed on purpose\n\
         aws.protocoltests.restjson.validation#RestJsonValidation request::NoSuchCase listed on purpose\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(repo())
        .args([
            "protocol-tests",
            "--service",
            "RestJsonValidation",
            "--expected-failures",
        ])
        .arg(&list)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&scratch);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!output.status.success(), "{stdout}");
    assert!(
        stdout.contains("aws.protocoltests.restjson.validation#RestJsonValidation (restJson1): 1 passed, 0 failed, 0 expected to fail (of 1 client cases)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("error: request::RestJsonRecursiveStructuresValidate passes but is listed as expected to fail (line 1: listed on purpose)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("error: line 2: `request::NoSuchCase` is not a client case"),
        "{stdout}"
    );
}
