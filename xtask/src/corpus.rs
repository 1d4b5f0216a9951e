//! `cargo xtask corpus`: runs the generator in process over every AWS model of `../shared` (whole
//! service each), reports per service whether it generates, fails with the generator's message or
//! panics, and with `--check-baseline` guards `models/corpus-baseline.txt` against regressions.
//! A second stage writes each model as Smithy IDL and loads it back (`codegen::write_idl`): the
//! model must come back the same, and print as a JSON AST equal to the original file.

use crate::panics::QuietPanics;
use crate::repo_root;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::panic;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// The command, as shown in generated headers and messages.
const COMMAND: &str = "cargo xtask corpus";

/// Stack of each worker thread: a Rust thread's default, 2 MiB, set explicitly so that
/// `RUST_MIN_STACK` cannot enlarge it. Every model generates within it, in debug too (the deepest
/// use is syn's parser in `render`, about 280 KB for DynamoDB's unions in debug); the corpus test
/// (`xtask/tests/corpus.rs`, all 381 models) shows it.
const WORKER_STACK: usize = 2 << 20;

/// How many slow services the summary names.
const SLOWEST: usize = 5;

/// Options of `cargo xtask corpus`. Relative paths are taken from the repository root.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Directory of Smithy JSON AST models (`*.json`); each file is one service.
    #[arg(long, value_name = "DIR", default_value = "../shared/models/aws")]
    models: PathBuf,
    /// Only the model whose file stem is NAME, else those whose stem contains NAME (debugging).
    #[arg(long, value_name = "NAME")]
    only: Option<String>,
    /// Worker threads [default: the available parallelism].
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
    /// Only the representative sample (`SAMPLE`: every protocol, the tricky constructs, the
    /// five largest models that generate).
    #[arg(long, conflicts_with_all = ["only", "write_baseline"])]
    pub sample: bool,
    /// Also compile the generated crates as one workspace under the --out directory (default
    /// `target/corpus-build`), with clippy `-D warnings`; report the time.
    #[arg(long)]
    pub build: bool,
    /// Generate every service that offers protocol P (a short name, `rpcv2Cbor`) on P, the
    /// others by the protocol priority; without it, `CHOSEN_PROTOCOLS` picks for a few services.
    #[arg(long, value_name = "P")]
    protocol: Option<String>,
    /// Where to write the Markdown report.
    #[arg(long, value_name = "FILE", default_value = "target/corpus-report.md")]
    report: PathBuf,
    /// Also write each generated crate to DIR/<service>/ (existing files are overwritten, none
    /// are removed). Without it nothing but the report is written.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Exit non-zero when a service of the baseline no longer generates (with --only: when one
    /// of the selected services does).
    #[arg(long, conflicts_with = "write_baseline")]
    check_baseline: bool,
    /// Rewrite the baseline with the services that generate (needs a full run).
    #[arg(long, conflicts_with = "only")]
    write_baseline: bool,
    /// The baseline: the services that generate today, one per line.
    #[arg(
        long,
        value_name = "FILE",
        default_value = "models/corpus-baseline.txt"
    )]
    baseline: PathBuf,
}

/// The services `--sample` runs, each chosen for what it exercises.
pub const SAMPLE: &[(&str, &str)] = &[
    (
        "cleanrooms",
        "restJson1: the product's model, whole service",
    ),
    (
        "apigatewayv2",
        "restJson1: @jsonName, blob and structure payloads",
    ),
    ("amp", "restJson1: @httpQueryParams"),
    (
        "datazone",
        "restJson1: timestamp response headers, deprecated members",
    ),
    (
        "bedrock",
        "restJson1: a shape named Validator, patterns with control characters",
    ),
    (
        "bcm-recommended-actions",
        "awsJson1_0: a member named `type`",
    ),
    (
        "dynamodb",
        "awsJson1_0: recursive AttributeValue union, blobs, sets",
    ),
    ("kms", "awsJson1_1: blobs and timestamps"),
    (
        "glacier",
        "restJson1: @streaming payloads, Glacier's customizations (sha2)",
    ),
    (
        "arc-region-switch",
        "awsJson1_0 + rpcv2Cbor, generated on rpcv2Cbor (CHOSEN_PROTOCOLS)",
    ),
    ("comprehendmedical", "awsJson1_1 + rpcv2Cbor"),
    ("sts", "awsQuery: its wire layer"),
    ("cloudfront", "restXml"),
    (
        "s3",
        "restXml: S3's customizations, payloads, prefix headers; its event-stream operation left out",
    ),
    ("sagemaker", "largest model"),
    ("quicksight", "second largest that generates"),
    ("connect", "third largest: a timestamp @default"),
    ("securityhub", "fourth largest"),
    ("iot", "fifth largest"),
];

/// Services generated on another protocol than the priority picks, so that the corpus and its
/// sample build the wire layer of every protocol that has one.
pub const CHOSEN_PROTOCOLS: &[(&str, &str)] = &[("arc-region-switch", "rpcv2Cbor")];

/// What happened to one service.
#[derive(Debug)]
enum Outcome {
    /// The generator produced a crate.
    Generated {
        /// Files in the crate (`Cargo.toml` included).
        files: usize,
        /// Total bytes of the `.rs` files.
        rust_bytes: usize,
        /// Shapes in the service's closure: every shape the crate covers.
        shapes: usize,
    },
    /// The generator returned an error: an expected, reported failure.
    Failed {
        /// The class of the failure: the unsupported construct, else the error kind.
        reason: String,
        /// The first line of the error message.
        message: String,
    },
    /// The generator panicked: always a bug.
    Panicked {
        /// The panic message and where it happened.
        message: String,
    },
}

/// The result of running the generator on one model.
#[derive(Debug)]
struct Run {
    /// The model's file stem, e.g. `cleanrooms`.
    service: String,
    /// Short names of the service's protocol traits; empty when the model did not load.
    protocols: Vec<&'static str>,
    /// The protocol the crate is generated for, once detected.
    generated_protocol: Option<codegen::protocol::Protocol>,
    /// What happened.
    outcome: Outcome,
    /// Time spent loading and generating.
    elapsed: Duration,
    /// What the crate leaves out of the service's protocol: the protocol when it has no wire
    /// layer, and for XML protocols each XML trait not applied.
    warnings: Vec<codegen::protocol::Warning>,
    /// The IDL round trip: `Err` says what differs (or the panic).
    idl: Result<(), String>,
    /// Time spent on the IDL round trip (loading the JSON again included).
    idl_elapsed: Duration,
}

/// Runs the generator over the corpus, prints the table and summary, writes the report, and
/// checks or writes the baseline. Fails (exit 1) on a panic or a baseline regression.
pub fn run(args: &Args) -> Result<ExitCode, String> {
    let root = repo_root();
    let models_dir = root.join(&args.models);
    let mut models = list_models(&models_dir, args.only.as_deref())?;
    if args.sample {
        models.retain(|(stem, _)| SAMPLE.iter().any(|(s, _)| s == stem));
        if models.len() != SAMPLE.len() {
            return Err(format!(
                "the sample names {} models; {} were found",
                SAMPLE.len(),
                models.len()
            ));
        }
    }
    let jobs = match args.jobs {
        Some(0) => return Err("--jobs must be at least 1".to_owned()),
        Some(n) => n,
        None => thread::available_parallelism().map_or(1, usize::from),
    }
    .min(models.len());
    let out = match (&args.out, args.build) {
        (Some(dir), _) => Some(root.join(dir)),
        (None, true) => Some(root.join("target/corpus-build")),
        (None, false) => None,
    };
    eprintln!(
        "corpus: {} from {} on {}",
        plural(models.len(), "model"),
        models_dir.display(),
        plural(jobs, "thread")
    );

    let started = Instant::now();
    let prefer = match args.protocol.as_deref() {
        Some(p) => match codegen::protocol::Protocol::from_name(p) {
            Some(p) => Some(p.name()),
            None => return Err(format!("--protocol {p:?}: not a protocol name")),
        },
        None => None,
    };
    let runs = run_all(&models, jobs, out.as_deref(), prefer)?;
    let summary = summarize(&runs, started.elapsed(), jobs);
    print!("{}\n{summary}", table(&runs, Style::Text));

    let baseline_path = root.join(&args.baseline);
    let mut verdict = Vec::new();
    let mut problems = Vec::new();
    if args.check_baseline {
        let baseline = read_baseline(&baseline_path)?;
        let check = check_baseline(&baseline, &runs, args);
        verdict.extend(check.regressions.iter().map(|l| format!("regression: {l}")));
        verdict.extend(
            check
                .improvements
                .iter()
                .map(|l| format!("improvement: {l}")),
        );
        if check.regressions.is_empty() {
            verdict.push(format!(
                "baseline: the {} of {} that ran still generate",
                plural(check.checked, "service"),
                args.baseline.display()
            ));
        } else {
            problems.push(format!(
                "{} (baseline services that no longer generate)",
                plural(check.regressions.len(), "regression")
            ));
        }
    }
    let panics = runs
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Panicked { .. }))
        .count();
    if panics > 0 {
        problems.push(format!("{} (generator bugs)", plural(panics, "panic")));
    }
    let idl_failures = runs.iter().filter(|r| r.idl.is_err()).count();
    if idl_failures > 0 {
        problems.push(format!(
            "{} (IDL writer or loader bugs)",
            plural(idl_failures, "IDL round-trip failure")
        ));
    }
    if args.build
        && let Some(out) = &out
    {
        match build(out, &runs) {
            Ok(line) => verdict.push(line),
            Err(e) => problems.push(e),
        }
    }
    for line in &verdict {
        println!("{line}");
    }

    let report_path = root.join(&args.report);
    write_report(&report_path, args, &runs, &summary, &verdict)?;
    println!("report: {}", report_path.display());

    if args.write_baseline {
        write_baseline(&baseline_path, &runs, &args.models)?;
        println!("baseline: wrote {}", baseline_path.display());
    }
    if problems.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("error: {}; see above", problems.join(" and "));
        Ok(ExitCode::FAILURE)
    }
}

/// Compiles the generated crates under `out` as one workspace with clippy `-D warnings`, with
/// the repository's lock file so dependency versions match; returns a line with the time.
fn build(out: &Path, runs: &[Run]) -> Result<String, String> {
    let members: Vec<&str> = runs
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Generated { .. }))
        .map(|r| r.service.as_str())
        .collect();
    let quoted: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    let manifest = format!(
        "# Written by `cargo xtask corpus --build`: the generated crates, compiled together.\n[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        quoted.join(", ")
    );
    std::fs::write(out.join("Cargo.toml"), manifest)
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    let lock = repo_root().join("Cargo.lock");
    std::fs::copy(&lock, out.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy {}: {e}", lock.display()))?;
    let started = Instant::now();
    eprintln!(
        "corpus: building {} with clippy -D warnings in {}",
        plural(members.len(), "crate"),
        out.display()
    );
    let status =
        std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
            .current_dir(out)
            .env("CARGO_TARGET_DIR", out.join("target"))
            .args(["clippy", "--workspace", "--quiet", "--", "-D", "warnings"])
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
    let elapsed = started.elapsed();
    if status.success() {
        Ok(format!(
            "build: {} compile clippy-clean ({:.0?})",
            plural(members.len(), "crate"),
            elapsed
        ))
    } else {
        Err(format!(
            "the generated crates under {} do not build clippy-clean",
            out.display()
        ))
    }
}

/// `1 service`, `2 services`.
fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The `*.json` files of `dir` whose stem contains `only`, as (stem, path), sorted by stem.
fn list_models(dir: &Path, only: Option<&str>) -> Result<Vec<(String, PathBuf)>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        format!(
            "cannot list the models in {}: {e} (the corpus lives in ../shared beside the repository)",
            dir.display()
        )
    })?;
    let mut models = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
            .path();
        if path.extension().is_none_or(|ext| ext != "json") {
            continue;
        }
        let Some(stem) = path.file_stem().map(|s| s.to_string_lossy().into_owned()) else {
            continue;
        };
        if only.is_none_or(|o| stem.contains(o)) {
            models.push((stem, path));
        }
    }
    models.sort();
    // A name that is exactly a service picks only it (`s3`, not also `s3control`, `s3outposts`…).
    if let Some(exact) = only.and_then(|o| models.iter().position(|(stem, _)| stem == o)) {
        models = vec![models.swap_remove(exact)];
    }
    match (models.is_empty(), only) {
        (true, Some(o)) => Err(format!(
            "no model in {} matches --only {o:?}",
            dir.display()
        )),
        (true, None) => Err(format!("no *.json model in {}", dir.display())),
        (false, _) => Ok(models),
    }
}

/// Runs every model on `jobs` scoped threads that take the next model from a shared index;
/// returns the runs sorted by service.
fn run_all(
    models: &[(String, PathBuf)],
    jobs: usize,
    out: Option<&Path>,
    prefer: Option<&str>,
) -> Result<Vec<Run>, String> {
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut done = Vec::new();
        while let Some((stem, path)) = models.get(next.fetch_add(1, Ordering::Relaxed)) {
            done.push(run_one(stem, path, out, prefer));
        }
        done
    };
    let quiet = QuietPanics::install();
    let results = thread::scope(|scope| {
        let handles = (0..jobs)
            .map(|i| {
                thread::Builder::new()
                    .name(format!("corpus-{i}"))
                    .stack_size(WORKER_STACK)
                    .spawn_scoped(scope, worker)
                    .map_err(|e| format!("cannot start a worker thread: {e}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut results = Vec::new();
        for handle in handles {
            // Model panics are caught in `run_one`; anything else is a bug here: pass it on.
            results.extend(handle.join().unwrap_or_else(|p| panic::resume_unwind(p)));
        }
        Ok::<_, String>(results)
    });
    drop(quiet);
    let mut runs = results?.into_iter().collect::<Result<Vec<Run>, String>>()?;
    runs.sort_by(|a, b| a.service.cmp(&b.service));
    Ok(runs)
}

/// Loads and generates one model, catching panics; writes the crate under `out` when given.
/// Errs only when writing fails.
fn run_one(
    stem: &str,
    path: &Path,
    out: Option<&Path>,
    prefer: Option<&str>,
) -> Result<Run, String> {
    let started = Instant::now();
    let mut progress = Progress::default();
    let result = catching_panics(|| generate(stem, path, prefer, &mut progress));
    let elapsed = progress.elapsed.unwrap_or_else(|| started.elapsed());
    let outcome = match result {
        Ok(Ok((files, shapes))) => {
            if let Some(dir) = out {
                write_files(&dir.join(stem), &files)?;
            }
            Outcome::Generated {
                files: files.len(),
                rust_bytes: files
                    .iter()
                    .filter(|(name, _)| name.ends_with(".rs"))
                    .map(|(_, text)| text.len())
                    .sum(),
                shapes,
            }
        }
        Ok(Err(error)) => Outcome::Failed {
            reason: reason(&error),
            message: first_line(&error.to_string()),
        },
        Err(message) => Outcome::Panicked { message },
    };
    let idl_started = Instant::now();
    let idl = catching_panics(|| idl_round_trip(path))
        .unwrap_or_else(|panic| Err(format!("panic: {panic}")));
    Ok(Run {
        service: stem.to_owned(),
        protocols: progress.protocols,
        generated_protocol: progress.generated_protocol,
        outcome,
        elapsed,
        warnings: progress.warnings,
        idl,
        idl_elapsed: idl_started.elapsed(),
    })
}

/// Loads the JSON AST, writes it as IDL and loads that (`codegen::write_idl::check_round_trip`).
fn idl_round_trip(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let source = codegen::load::Source {
        path: path.to_owned(),
        text,
    };
    let ast = codegen::load::load_ast(std::slice::from_ref(&source))
        .map_err(|e| format!("the JSON AST does not load: {}", first_line(&e.to_string())))?;
    codegen::write_idl::check_round_trip(&ast, Some(&source.text))
}

/// What `generate` learned before it returned or panicked.
#[derive(Debug, Default)]
struct Progress {
    /// The service's protocols, once the model is loaded.
    protocols: Vec<&'static str>,
    /// The protocol the crate is generated for, once detected.
    generated_protocol: Option<codegen::protocol::Protocol>,
    /// Time to load and generate, once generation returned.
    elapsed: Option<Duration>,
    /// What the crate leaves out of the protocol.
    warnings: Vec<codegen::protocol::Warning>,
}

/// The whole-service crate of one model and the number of shapes it covers.
fn generate(
    stem: &str,
    path: &Path,
    prefer: Option<&str>,
    progress: &mut Progress,
) -> codegen::Result<(codegen::Files, usize)> {
    let started = Instant::now();
    let loaded = codegen::Model::from_paths([path])?;
    progress.protocols = protocols(loaded.resolved());
    let chosen = CHOSEN_PROTOCOLS
        .iter()
        .find(|(s, _)| *s == stem)
        .map(|(_, p)| *p);
    let protocol = prefer
        .or(chosen)
        .filter(|p| progress.protocols.contains(p));
    let mut settings = codegen::Settings::builder()
        .package(format!("{stem}-types"))
        .command(COMMAND);
    if let Some(protocol) = protocol {
        settings = settings.protocol(protocol);
    }
    let settings = settings.build();
    let generated = codegen::Generator::new(settings.clone()).generate_crate(&loaded);
    progress.elapsed = Some(started.elapsed());
    let generated = generated?;
    progress.warnings = generated.warnings().to_vec();
    // The generator does not return its closure or protocol; recomputing them (outside the
    // timing) is cheap.
    let closure = codegen::closure::closure(loaded.resolved(), &settings.selection())?;
    progress.generated_protocol = codegen::protocol::detect(
        loaded.resolved(),
        &closure.service,
        settings.protocol.as_deref(),
    )?;
    Ok((generated.into_files(), closure.shapes.len()))
}

/// Short names of the protocol traits on the model's service shapes (normally one service), in
/// the generator's order of priority.
fn protocols(model: &codegen::model::Model) -> Vec<&'static str> {
    let services: Vec<&codegen::model::Shape> = model
        .shapes
        .values()
        .filter(|s| matches!(s.kind, codegen::model::ShapeKind::Service { .. }))
        .collect();
    codegen::protocol::PRIORITY
        .into_iter()
        .filter(|p| services.iter().any(|s| s.has_trait(p.trait_id())))
        .map(codegen::protocol::Protocol::name)
        .collect()
}

/// The class of a generator error: the construct of an "unsupported construct" error (the text
/// between `unsupported construct: ` and `;` in its message), else the error's kind.
fn reason(error: &codegen::Error) -> String {
    match error {
        codegen::Error::Unsupported { construct, .. } => construct.clone(),
        // The variant name, from Debug (`UnknownTarget { .. }` → `UnknownTarget`).
        other => format!("{other:?}")
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect(),
    }
}

/// The first line of a message.
fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or_default().to_owned()
}

/// Writes generated files under `dir`.
fn write_files(dir: &Path, files: &codegen::Files) -> Result<(), String> {
    for (name, contents) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, contents)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

/// Runs `f`, turning a panic into `Err("<message> at <file:line:col>")`.
fn catching_panics<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    crate::panics::catching_panics(f).map_err(|p| p.to_string())
}

/// Counts of a run, for the summary.
fn summarize(runs: &[Run], wall: Duration, jobs: usize) -> String {
    let mut generated = 0;
    let mut failed = 0;
    let mut panicked = 0;
    let (mut shapes, mut files, mut bytes) = (0, 0, 0);
    let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
    for run in runs {
        match &run.outcome {
            Outcome::Generated {
                files: f,
                rust_bytes,
                shapes: s,
            } => {
                generated += 1;
                shapes += s;
                files += f;
                bytes += rust_bytes;
            }
            Outcome::Failed { reason, .. } => {
                failed += 1;
                *reasons.entry(reason).or_default() += 1;
            }
            Outcome::Panicked { .. } => panicked += 1,
        }
    }
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}: {generated} generated, {failed} failed, {panicked} panicked",
        plural(runs.len(), "service")
    );
    let mut by_count: Vec<_> = reasons.into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    for (reason, count) in by_count {
        let _ = writeln!(s, "  failed, {reason}: {count}");
    }
    // Per protocol generated: services, and whether they get a wire layer.
    let mut per_protocol: BTreeMap<codegen::protocol::Protocol, usize> = BTreeMap::new();
    for r in runs.iter().filter(|r| matches!(r.outcome, Outcome::Generated { .. })) {
        if let Some(p) = r.generated_protocol {
            *per_protocol.entry(p).or_default() += 1;
        }
    }
    let parts: Vec<String> = per_protocol
        .iter()
        .map(|(p, n)| {
            let layer = if p.has_wire_layer() { "wire layer" } else { "types only" };
            format!("{} {n} ({layer})", p.name())
        })
        .collect();
    let _ = writeln!(s, "generated per protocol: {}", parts.join(", "));
    let xml_traits: usize = runs
        .iter()
        .flat_map(|r| &r.warnings)
        .filter(|w| w.message.starts_with("unsupported trait"))
        .count();
    if xml_traits > 0 {
        let _ = writeln!(
            s,
            "XML traits not applied (XML protocols get JSON-serde types for now): {xml_traits}"
        );
    }
    let _ = writeln!(
        s,
        "generated: {shapes} shapes, {files} files, {:.1} MiB of Rust",
        bytes as f64 / f64::from(1 << 20)
    );
    let busy: Duration = runs.iter().map(|r| r.elapsed).sum();
    let _ = writeln!(
        s,
        "time: {:.1} s wall on {} ({:.1} s summed over services)",
        wall.as_secs_f64(),
        plural(jobs, "thread"),
        busy.as_secs_f64()
    );
    let idl_ok = runs.iter().filter(|r| r.idl.is_ok()).count();
    let idl_busy: Duration = runs.iter().map(|r| r.idl_elapsed).sum();
    let _ = writeln!(
        s,
        "idl round trip: {idl_ok} of {} pass (written as IDL, loaded back to the same model, printed as the original JSON; {:.1} s summed over services)",
        plural(runs.len(), "model"),
        idl_busy.as_secs_f64()
    );
    let mut slow: Vec<&Run> = runs.iter().collect();
    slow.sort_by(|a, b| b.elapsed.cmp(&a.elapsed).then(a.service.cmp(&b.service)));
    let slowest: Vec<String> = slow
        .iter()
        .take(SLOWEST)
        .map(|r| format!("{} {} ms", r.service, r.elapsed.as_millis()))
        .collect();
    let _ = writeln!(s, "slowest: {}", slowest.join(", "));
    s
}

/// How the table is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// Aligned columns for a terminal.
    Text,
    /// A Markdown table.
    Markdown,
}

/// The per-service table, then one line per failure or panic with its message.
fn table(runs: &[Run], style: Style) -> String {
    let header = [
        "service", "protocol", "outcome", "reason", "shapes", "files", "bytes", "ms", "idl",
        "idl ms",
    ];
    let rows: Vec<[String; 10]> = runs
        .iter()
        .map(|run| {
            let protocol = if run.protocols.is_empty() {
                "-".to_owned()
            } else {
                run.protocols.join(", ")
            };
            let (outcome, reason, shapes, files, bytes) = match &run.outcome {
                Outcome::Generated {
                    files,
                    rust_bytes,
                    shapes,
                } => (
                    "generated",
                    String::new(),
                    shapes.to_string(),
                    files.to_string(),
                    rust_bytes.to_string(),
                ),
                Outcome::Failed { reason, .. } => (
                    "failed",
                    reason.clone(),
                    String::new(),
                    String::new(),
                    String::new(),
                ),
                Outcome::Panicked { message } => (
                    "panic",
                    format!("panic: {message}"),
                    String::new(),
                    String::new(),
                    String::new(),
                ),
            };
            [
                run.service.clone(),
                protocol,
                outcome.to_owned(),
                reason,
                shapes,
                files,
                bytes,
                run.elapsed.as_millis().to_string(),
                if run.idl.is_ok() { "ok" } else { "failed" }.to_owned(),
                run.idl_elapsed.as_millis().to_string(),
            ]
        })
        .collect();
    // Columns from `shapes` to `ms`, and `idl ms`, are numbers: right-aligned.
    let numeric = |i: usize| (4..=7).contains(&i) || i == 9;
    let mut s = String::new();
    match style {
        Style::Text => {
            let mut widths = header.map(str::len);
            for row in &rows {
                for (w, cell) in widths.iter_mut().zip(row) {
                    *w = (*w).max(cell.chars().count());
                }
            }
            let mut line = |cells: &[&str]| {
                let mut l = String::new();
                for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
                    if numeric(i) {
                        let _ = write!(l, "{cell:>w$}  ");
                    } else {
                        let _ = write!(l, "{cell:<w$}  ");
                    }
                }
                s.push_str(l.trim_end());
                s.push('\n');
            };
            line(&header);
            for row in &rows {
                line(&row.each_ref().map(String::as_str));
            }
        }
        Style::Markdown => {
            let _ = writeln!(s, "| {} |", header.join(" | "));
            let rule: Vec<&str> = (0..header.len())
                .map(|i| if numeric(i) { "---:" } else { "---" })
                .collect();
            let _ = writeln!(s, "| {} |", rule.join(" | "));
            for row in &rows {
                let cells: Vec<String> = row.iter().map(|c| markdown_cell(c)).collect();
                let _ = writeln!(s, "| {} |", cells.join(" | "));
            }
        }
    }
    let mut problems: Vec<String> = runs
        .iter()
        .filter_map(|run| match &run.outcome {
            Outcome::Generated { .. } => None,
            Outcome::Failed { message, .. } => Some(format!("{}: {message}", run.service)),
            Outcome::Panicked { message } => Some(format!("{}: panic: {message}", run.service)),
        })
        .collect();
    problems.extend(runs.iter().filter_map(|run| {
        let e = run.idl.as_ref().err()?;
        Some(format!("{}: IDL round trip: {e}", run.service))
    }));
    if !problems.is_empty() {
        s.push('\n');
        match style {
            Style::Text => s.push_str("failures:\n"),
            Style::Markdown => s.push_str("## Failures\n\n"),
        }
        for p in problems {
            match style {
                Style::Text => {
                    let _ = writeln!(s, "  {p}");
                }
                Style::Markdown => {
                    let _ = writeln!(s, "- `{}`", p.replace('`', "'"));
                }
            }
        }
    }
    s
}

/// A table cell with the characters that would break a Markdown table escaped.
fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// Writes the Markdown report: command, summary, baseline verdict, table, failures.
fn write_report(
    path: &Path,
    args: &Args,
    runs: &[Run],
    summary: &str,
    verdict: &[String],
) -> Result<(), String> {
    let mut command = COMMAND.to_owned();
    if let Some(only) = &args.only {
        let _ = write!(command, " --only {only}");
    }
    if args.check_baseline {
        command.push_str(" --check-baseline");
    }
    let mut s = format!(
        "# Corpus report\n\n`{command}` over `{}`.\n\n## Summary\n\n```text\n{summary}",
        args.models.display()
    );
    for line in verdict {
        let _ = writeln!(s, "{line}");
    }
    s.push_str("```\n\n## Services\n\n");
    s.push_str(&table(runs, Style::Markdown));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(path, s).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The services listed in the baseline file (comment and blank lines skipped).
fn read_baseline(path: &Path) -> Result<BTreeSet<String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "cannot read the baseline {}: {e}; create it with `{COMMAND} --write-baseline`",
            path.display()
        )
    })?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect())
}

/// The result of comparing a run with the baseline.
#[derive(Debug, Default)]
struct BaselineCheck {
    /// How many baseline services the run covered.
    checked: usize,
    /// Baseline services that no longer generate, with why.
    regressions: Vec<String>,
    /// Services that generate but are not in the baseline.
    improvements: Vec<String>,
}

/// Compares the run with the baseline; with `--only`, just the baseline services that ran.
fn check_baseline(baseline: &BTreeSet<String>, runs: &[Run], args: &Args) -> BaselineCheck {
    let by_service: BTreeMap<&str, &Run> = runs.iter().map(|r| (r.service.as_str(), r)).collect();
    let mut check = BaselineCheck::default();
    for service in baseline
        .iter()
        .filter(|s| args.only.is_none() || by_service.contains_key(s.as_str()))
    {
        check.checked += 1;
        match by_service.get(service.as_str()).map(|r| &r.outcome) {
            Some(Outcome::Generated { .. }) => {}
            Some(Outcome::Failed { message, .. }) => check
                .regressions
                .push(format!("{service} no longer generates: {message}")),
            Some(Outcome::Panicked { message }) => check
                .regressions
                .push(format!("{service} no longer generates: panic: {message}")),
            None => check.regressions.push(format!(
                "{service} is in {} but has no model in {}",
                args.baseline.display(),
                args.models.display()
            )),
        }
    }
    for run in runs {
        if matches!(run.outcome, Outcome::Generated { .. }) && !baseline.contains(&run.service) {
            check.improvements.push(format!(
                "{} generates now; add it with `{COMMAND} --write-baseline`",
                run.service
            ));
        }
    }
    check
}

/// Writes the baseline: a header, then the services that generated, one per line, sorted.
fn write_baseline(path: &Path, runs: &[Run], models_dir: &Path) -> Result<(), String> {
    let mut s = format!(
        "# The services (model file stems in {}) that `{COMMAND}` generates, one per line, sorted.\n\
         # `{COMMAND} --check-baseline` fails when one of them stops generating.\n\
         # Update after a change that makes more services generate: `{COMMAND} --write-baseline`.\n",
        models_dir.display()
    );
    for run in runs {
        if matches!(run.outcome, Outcome::Generated { .. }) {
            s.push_str(&run.service);
            s.push('\n');
        }
    }
    std::fs::write(path, s).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_classified_by_construct_else_by_kind() {
        let unsupported = codegen::Error::Unsupported {
            shape: "a#B$c".to_owned(),
            construct: "@streaming blob".to_owned(),
            hint: "streaming payloads are not generated".to_owned(),
        };
        assert_eq!(reason(&unsupported), "@streaming blob");
        let service = codegen::Error::Service("the model defines no service".to_owned());
        assert_eq!(reason(&service), "Service");
        let target = codegen::Error::UnknownTarget {
            member: "a#B$c".to_owned(),
            target: "a#Missing".to_owned(),
        };
        assert_eq!(reason(&target), "UnknownTarget");
    }
}
