//! `cargo xtask corpus` through the real binary: every one of the 381 AWS models of `../shared`
//! generates or fails with a clear message, nothing panics, and no service of
//! `models/corpus-baseline.txt` stops generating.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

/// How many models `../shared/models/aws` holds.
const AWS_MODELS: usize = 381;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

/// The corpus, which must exist: the test fails loudly rather than skip.
fn corpus_dir() -> PathBuf {
    let dir = repo().join("../shared/models/aws");
    assert!(
        dir.is_dir(),
        "{} is missing: the corpus test reads AWS's models from ../shared beside the repository",
        dir.display()
    );
    dir
}

/// A scratch directory for one test, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("xtask-corpus-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `xtask corpus` from the repository root with the report written into `scratch`.
fn corpus(scratch: &Scratch, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(repo())
        .arg("corpus")
        .arg("--report")
        .arg(scratch.0.join("report.md"))
        .args(args)
        .output()
        .unwrap()
}

/// The counts of the summary line `N services: G generated, F failed, P panicked`.
#[derive(Debug, PartialEq, Eq)]
struct Counts {
    services: usize,
    generated: usize,
    failed: usize,
    panicked: usize,
}

fn counts(stdout: &str) -> Counts {
    let line = stdout
        .lines()
        .find(|l| l.ends_with(" panicked"))
        .unwrap_or_else(|| panic!("no summary line in the output:\n{stdout}"));
    let numbers: Vec<usize> = line
        .split([' ', ':', ','])
        .filter_map(|w| w.parse().ok())
        .collect();
    let [services, generated, failed, panicked] = numbers[..] else {
        panic!("unexpected summary line {line:?}");
    };
    Counts {
        services,
        generated,
        failed,
        panicked,
    }
}

/// Asserts a clean exit; returns stdout.
fn success(output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "exit {:?}\nstdout:\n{stdout}\nstderr:\n{stderr}",
        output.status.code()
    );
    assert!(!stderr.contains("panicked"), "stderr:\n{stderr}");
    stdout
}

#[test]
fn every_aws_model_generates_or_fails_clearly_and_the_baseline_holds() {
    corpus_dir();
    let scratch = Scratch::new("all");
    let started = Instant::now();
    let output = corpus(&scratch, &["--check-baseline"]);
    let elapsed = started.elapsed();
    let stdout = success(&output);
    let counts = counts(&stdout);
    eprintln!("corpus: {counts:?} in {elapsed:.1?}");
    assert_eq!(counts.panicked, 0, "{stdout}");
    assert_eq!(counts.services, AWS_MODELS, "{stdout}");
    assert_eq!(counts.generated + counts.failed, AWS_MODELS, "{stdout}");
    assert!(!stdout.contains("regression:"), "{stdout}");
    // Each model written as IDL loads back to the same model and prints as the original JSON.
    assert!(
        stdout.contains(&format!(
            "idl round trip: {AWS_MODELS} of {AWS_MODELS} models pass"
        )),
        "{stdout}"
    );
    let report = std::fs::read_to_string(scratch.0.join("report.md")).unwrap();
    assert!(
        report.contains(&format!("{AWS_MODELS} services: ")),
        "{report}"
    );
}

#[test]
fn only_an_exact_service_name_runs_that_service() {
    corpus_dir();
    let scratch = Scratch::new("only");
    // `cleanroomsml` contains `cleanrooms` too; the exact name wins.
    let stdout = success(&corpus(&scratch, &["--only", "cleanrooms"]));
    assert_eq!(
        counts(&stdout),
        Counts {
            services: 1,
            generated: 1,
            failed: 0,
            panicked: 0,
        },
        "{stdout}"
    );
    assert!(stdout.contains("cleanrooms "), "{stdout}");
    assert!(!stdout.contains("cleanroomsml"), "{stdout}");
}

#[test]
fn a_baseline_service_that_fails_is_a_regression_and_a_new_one_an_improvement() {
    corpus_dir();
    let scratch = Scratch::new("baseline");
    let baseline = scratch.0.join("baseline.txt");
    // Every AWS model generates today, so the failing service is one of ours: a model whose
    // operation's input targets a shape that does not exist. A baseline that lists it has
    // regressed.
    let models = scratch.0.join("models");
    std::fs::create_dir_all(&models).unwrap();
    std::fs::write(
        models.join("broken.json"),
        r#"{"smithy":"2.0","shapes":{
            "a#Svc":{"type":"service","operations":[{"target":"a#Op"}]},
            "a#Op":{"type":"operation","input":{"target":"a#Missing"}}}}"#,
    )
    .unwrap();
    std::fs::write(&baseline, "# test baseline\nbroken\n").unwrap();
    let output = corpus(
        &scratch,
        &[
            "--models",
            models.to_str().unwrap(),
            "--check-baseline",
            "--baseline",
            baseline.to_str().unwrap(),
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("regression: broken no longer generates: ") && stdout.contains("a#Missing"),
        "{stdout}"
    );

    std::fs::write(&baseline, "# test baseline\n").unwrap();
    let output = corpus(
        &scratch,
        &[
            "--only",
            "cleanrooms",
            "--check-baseline",
            "--baseline",
            baseline.to_str().unwrap(),
        ],
    );
    let stdout = success(&output);
    assert!(
        stdout.contains("improvement: cleanrooms generates now"),
        "{stdout}"
    );
}
