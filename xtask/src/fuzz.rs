//! `cargo xtask fuzz TARGET [--time SECS] [--seed N]`: a mutation fuzzer on the stable
//! toolchain. `model` feeds structure-aware mutations of real AWS models (JSON AST) to the whole
//! generator in memory; `idl` feeds mutated `.smithy` files and arbitrary bytes to the IDL
//! loader; `model-build` builds a sample of the mutated models the generator accepts with
//! clippy. A panic (or a build failure) is a finding: each distinct one (by panic location) is
//! minimized and written to `target/fuzz/<target>/crash-N.json|.smithy`, and the run exits 1.

mod minimize;
mod mutate_json;
mod mutate_text;
mod rng;

use crate::panics::{Panic, QuietPanics, catching_panics};
use crate::repo_root;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use serde_json::Value;

use rng::Rng;

/// The command, as shown in generated headers.
const COMMAND: &str = "cargo xtask fuzz";

/// Stack of the threads that run the generator: a Rust thread's default, 2 MiB, as a user's
/// build script has, so that input that recurses too deep is a finding. A stack overflow aborts
/// the process (Rust cannot unwind it): the input being run is then left in
/// `target/fuzz/<target>/in-flight-<worker>.*`.
const WORKER_STACK: usize = 2 << 20;

/// An execution running longer than this is reported as a hang, and the run stops.
const HANG: Duration = Duration::from_secs(120);

/// JSON AST seeds larger than this are left out (they slow every execution), except the
/// product's own model, `models/cleanrooms.json`, which is run one execution in eight.
const MAX_SEED_BYTES: u64 = 100 << 10;

/// What to fuzz, as the command line names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Which {
    /// JSON AST models mutated structure-aware → load, resolve and generate, in memory.
    Model,
    /// Mutated `.smithy` files and arbitrary bytes → the IDL loader (load, merge, resolve).
    Idl,
    /// Like `model`, then a sample of the accepted models is generated under
    /// `target/fuzz/model-build/` and built with clippy `-D warnings`.
    ModelBuild,
    /// Mutated and hostile HTTP responses → the generated crates' `from_http_response` (JSON
    /// and XML protocols): the `fuzz-payload` program of `tests/`, which links them.
    Payload,
}

/// What the in-process fuzzer runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// JSON AST models mutated structure-aware → load, resolve and generate, in memory.
    Model,
    /// Mutated `.smithy` files and arbitrary bytes → the IDL loader (load, merge, resolve).
    Idl,
    /// Like `model`, then a sample of the accepted models is generated under
    /// `target/fuzz/model-build/` and built with clippy `-D warnings`.
    ModelBuild,
}

impl Target {
    /// The name on the command line and under `target/fuzz/`.
    fn name(self) -> &'static str {
        match self {
            Target::Model => "model",
            Target::Idl => "idl",
            Target::ModelBuild => "model-build",
        }
    }

    /// The extension of its inputs.
    fn extension(self) -> &'static str {
        match self {
            Target::Idl => "smithy",
            Target::Model | Target::ModelBuild => "json",
        }
    }
}

/// `payload`: runs `tests/fuzz_payload.rs` (it links the generated crates, which xtask does not)
/// with the same time, seed and reference data; its exit status is the run's.
fn run_payload(args: &Args, seed: u64, shared: &Path) -> Result<ExitCode, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = std::process::Command::new(cargo)
        .current_dir(repo_root())
        .args(["run", "--quiet", "--package", "e2e", "--bin", "fuzz-payload", "--"])
        .args(["--time", &args.time.to_string(), "--seed", &seed.to_string()])
        .arg("--shared")
        .arg(shared)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    Ok(if status.success() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// Options of `cargo xtask fuzz`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to fuzz.
    #[arg(value_enum)]
    target: Which,
    /// Seconds of fuzzing (minimizing the crashes found, and model-build's build, come after).
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    time: u64,
    /// The PRNG seed: execution i of a run depends only on the seed and i [default: from the
    /// clock, printed].
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// Stop after this many executions (with --seed: the same inputs on every run, whatever
    /// --jobs).
    #[arg(long, value_name = "N")]
    runs: Option<u64>,
    /// Worker threads [default: the available parallelism].
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
    /// model-build: how many accepted models to build.
    #[arg(long, value_name = "N", default_value_t = 20)]
    sample: usize,
    /// Seconds spent minimizing each crash.
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    minimize_time: u64,
    /// The reference data (AWS models, Smithy test suites) [default: $SHARED, else ../shared
    /// beside the repository].
    #[arg(long, value_name = "DIR")]
    shared: Option<PathBuf>,
}


/// What one execution did.
enum Outcome {
    /// The input was accepted; for `model-build`, the generated files.
    Accepted(Option<codegen::Files>),
    /// The input was rejected with an error.
    Rejected,
    /// The code under test panicked.
    Panicked(Panic),
}

/// A distinct crash: the first input that panicked at its location.
#[derive(Debug, Clone)]
struct Crash {
    /// The panic.
    panic: Panic,
    /// The execution that found it.
    execution: u64,
    /// The seed file it was mutated from.
    seed_file: String,
    /// The mutations applied (JSON AST targets).
    mutations: Vec<String>,
    /// The input.
    input: String,
    /// Whether it was generated with one cargo feature per operation.
    operation_features: bool,
}

/// A seed: a file name and its contents (parsed for JSON AST seeds).
struct Seed<T> {
    /// The file name, for messages.
    name: String,
    /// The contents.
    data: T,
}

/// The inputs a target draws from.
enum Seeds {
    /// JSON AST models; the last is Clean Rooms.
    Json(Vec<Seed<Value>>),
    /// IDL files.
    Idl(Vec<Seed<String>>),
}

/// One generated input.
struct Input {
    /// The seed file.
    seed_file: String,
    /// The mutations applied (JSON AST only).
    mutations: Vec<String>,
    /// The text fed to the code under test.
    text: String,
    /// `model`: generate one cargo feature per operation.
    operation_features: bool,
}

/// What the workers share.
struct Shared<'a> {
    /// The target.
    target: Target,
    /// The seeds.
    seeds: &'a Seeds,
    /// The PRNG seed.
    seed: u64,
    /// The next execution's index.
    next: AtomicU64,
    /// Set when the workers must stop.
    stop: AtomicBool,
    /// Executions finished.
    done: AtomicU64,
    /// Executions accepted.
    accepted: AtomicU64,
    /// Distinct crashes by location.
    crashes: Mutex<BTreeMap<String, Crash>>,
    /// Executions by crash location.
    crash_counts: Mutex<BTreeMap<String, u64>>,
    /// `model-build`: accepted models (execution, model text, files).
    sample: Mutex<Vec<(u64, String, codegen::Files)>>,
    /// Per worker, when its current execution started (milliseconds since `started`, plus
    /// one); zero when idle.
    busy: Vec<AtomicU64>,
    /// When fuzzing started.
    started: Instant,
}

/// Runs a fuzz target; exits 1 when it found anything.
pub fn run(args: &Args) -> Result<ExitCode, String> {
    let root = repo_root();
    let shared_dir = match (&args.shared, std::env::var_os("SHARED")) {
        (Some(dir), _) => dir.clone(),
        (None, Some(dir)) => PathBuf::from(dir),
        (None, None) => root.join("../shared"),
    };
    let seed = args.seed.unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
    });
    let target = match args.target {
        Which::Payload => return run_payload(args, seed, &shared_dir),
        Which::Model => Target::Model,
        Which::Idl => Target::Idl,
        Which::ModelBuild => Target::ModelBuild,
    };
    let out = root.join("target/fuzz").join(target.name());
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    remove_old_findings(&out)?;
    let seeds = load_seeds(target, &shared_dir)?;
    let jobs = match args.jobs {
        Some(0) => return Err("--jobs must be at least 1".to_owned()),
        Some(n) => n,
        None => thread::available_parallelism().map_or(1, usize::from),
    };
    let count = match &seeds {
        Seeds::Json(s) => s.len(),
        Seeds::Idl(s) => s.len(),
    };
    eprintln!(
        "fuzz {}: {count} seeds from {}, seed {seed}, {jobs} threads, {} s; a stack overflow \
         aborts the process and leaves its input in {}",
        target.name(),
        shared_dir.display(),
        args.time,
        out.join(format!("in-flight-*.{}", target.extension()))
            .display()
    );
    let state = Shared {
        target,
        seeds: &seeds,
        seed,
        next: AtomicU64::new(0),
        stop: AtomicBool::new(false),
        done: AtomicU64::new(0),
        accepted: AtomicU64::new(0),
        crashes: Mutex::new(BTreeMap::new()),
        crash_counts: Mutex::new(BTreeMap::new()),
        sample: Mutex::new(Vec::new()),
        busy: (0..jobs).map(|_| AtomicU64::new(0)).collect(),
        started: Instant::now(),
    };
    let quiet = QuietPanics::install();
    fuzz(&state, args, jobs, &out)?;
    let elapsed = state.started.elapsed();
    let done = state.done.load(Ordering::Relaxed);
    let crashes: Vec<Crash> = lock(&state.crashes).values().cloned().collect();
    let counts = lock(&state.crash_counts).clone();
    println!(
        "fuzz {}: {done} executions in {:.0?} ({:.1}/s), {} accepted, {} distinct crashes (seed {seed})",
        target.name(),
        elapsed,
        done as f64 / elapsed.as_secs_f64().max(1e-9),
        state.accepted.load(Ordering::Relaxed),
        crashes.len()
    );
    let budget = Duration::from_secs(args.minimize_time);
    let mut findings = 0;
    for (i, crash) in crashes.iter().enumerate() {
        let minimized = on_worker_stack(|| minimize(target, crash, budget))?;
        let path = out.join(format!("crash-{}.{}", i + 1, target.extension()));
        std::fs::write(&path, &minimized)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        println!(
            "crash {}: {} at {} ({} executions)\n  first at execution {} from {}{}{}\n  \
             minimized from {} to {} bytes: {}",
            i + 1,
            crash.panic.message,
            crash.panic.location,
            counts.get(&crash.panic.location).copied().unwrap_or(1),
            crash.execution,
            crash.seed_file,
            if crash.operation_features {
                ", with operation features"
            } else {
                ""
            },
            crash.mutations.iter().fold(String::new(), |mut s, m| {
                let _ = write!(s, "\n    {m}");
                s
            }),
            crash.input.len(),
            minimized.len(),
            path.display()
        );
        findings += 1;
    }
    if target == Target::ModelBuild {
        let sample = std::mem::take(&mut *lock(&state.sample));
        findings += build_sample(&out, &sample)?;
    }
    drop(quiet);
    for worker in 0..jobs {
        let _ = std::fs::remove_file(in_flight(&out, target, worker));
    }
    Ok(if findings == 0 {
        ExitCode::SUCCESS
    } else {
        eprintln!("error: {findings} findings; see above");
        ExitCode::FAILURE
    })
}

/// Removes the findings of an earlier run of the target.
fn remove_old_findings(out: &Path) -> Result<(), String> {
    let entries =
        std::fs::read_dir(out).map_err(|e| format!("cannot list {}: {e}", out.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with("crash-") {
            std::fs::remove_file(entry.path())
                .map_err(|e| format!("cannot remove {}: {e}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Locks a mutex, ignoring poisoning (panics are caught before they could poison one).
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The file a worker writes its current input to before running it.
fn in_flight(out: &Path, target: Target, worker: usize) -> PathBuf {
    out.join(format!("in-flight-{worker}.{}", target.extension()))
}

/// Reads the seeds of a target from the reference data.
fn load_seeds(target: Target, shared: &Path) -> Result<Seeds, String> {
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    };
    let name = |path: &Path| {
        path.strip_prefix(shared)
            .unwrap_or(path)
            .display()
            .to_string()
    };
    match target {
        Target::Model | Target::ModelBuild => {
            let mut paths = files_under(&shared.join("models/aws"), "json")?;
            paths.retain(|p| std::fs::metadata(p).is_ok_and(|m| m.len() <= MAX_SEED_BYTES));
            if target == Target::Model {
                paths.push(shared.join("models/cleanrooms.json"));
            }
            paths
                .iter()
                .map(|p| {
                    let data = serde_json::from_str(&read(p)?)
                        .map_err(|e| format!("{}: {e}", p.display()))?;
                    Ok(Seed {
                        name: name(p),
                        data,
                    })
                })
                .collect::<Result<_, String>>()
                .map(Seeds::Json)
        }
        Target::Idl => {
            let mut paths = files_under(&shared.join("smithy/protocol-tests"), "smithy")?;
            paths.extend(files_under(&shared.join("smithy/loader-tests"), "smithy")?);
            paths
                .iter()
                .map(|p| {
                    Ok(Seed {
                        name: name(p),
                        data: read(p)?,
                    })
                })
                .collect::<Result<_, String>>()
                .map(Seeds::Idl)
        }
    }
}

/// The files under `dir` (recursively) with extension `ext`, sorted.
fn files_under(dir: &Path, ext: &str) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| {
            format!(
                "cannot list {}: {e} (give the reference data with --shared or SHARED)",
                d.display()
            )
        })?;
        for entry in entries {
            let path = entry
                .map_err(|e| format!("cannot list {}: {e}", d.display()))?
                .path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == ext) {
                out.push(path);
            }
        }
    }
    out.sort();
    if out.is_empty() {
        return Err(format!("no .{ext} file under {}", dir.display()));
    }
    Ok(out)
}

/// Runs the workers until the time or the run count is up, watching for hangs.
fn fuzz(state: &Shared<'_>, args: &Args, jobs: usize, out: &Path) -> Result<(), String> {
    let deadline = state.started + Duration::from_secs(args.time);
    thread::scope(|scope| {
        let handles = (0..jobs)
            .map(|worker| {
                thread::Builder::new()
                    .name(format!("fuzz-{worker}"))
                    .stack_size(WORKER_STACK)
                    .spawn_scoped(scope, move || work(state, worker, args, out))
                    .map_err(|e| format!("cannot start a worker thread: {e}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut last_report = Instant::now();
        while !handles.iter().all(|h| h.is_finished()) {
            thread::sleep(Duration::from_millis(100));
            if Instant::now() >= deadline {
                state.stop.store(true, Ordering::Relaxed);
            }
            let now = state.started.elapsed().as_millis() as u64 + 1;
            for (worker, busy) in state.busy.iter().enumerate() {
                let since = busy.load(Ordering::Relaxed);
                if since != 0 && now.saturating_sub(since) > HANG.as_millis() as u64 {
                    eprintln!(
                        "error: hang: one execution has run for over {HANG:?}; its input is {}",
                        in_flight(out, state.target, worker).display()
                    );
                    std::process::exit(1);
                }
            }
            if last_report.elapsed() >= Duration::from_secs(30) {
                last_report = Instant::now();
                eprintln!(
                    "fuzz: {} executions, {} crashes, {:.0?}",
                    state.done.load(Ordering::Relaxed),
                    lock(&state.crashes).len(),
                    state.started.elapsed()
                );
            }
        }
        for handle in handles {
            handle.join().unwrap_or_else(|p| panic::resume_unwind(p))?;
        }
        Ok(())
    })
}

/// One worker: takes the next execution index, generates its input, runs it.
fn work(state: &Shared<'_>, worker: usize, args: &Args, out: &Path) -> Result<(), String> {
    let path = in_flight(out, state.target, worker);
    while !state.stop.load(Ordering::Relaxed) {
        let index = state.next.fetch_add(1, Ordering::Relaxed);
        if args.runs.is_some_and(|n| index >= n) {
            break;
        }
        let input = generate_input(state, index);
        std::fs::write(&path, &input.text)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        state.busy[worker].store(
            state.started.elapsed().as_millis() as u64 + 1,
            Ordering::Relaxed,
        );
        let outcome = execute(
            state.target,
            &input.text,
            input.operation_features,
            &format!("fuzz-{index}"),
        );
        state.busy[worker].store(0, Ordering::Relaxed);
        state.done.fetch_add(1, Ordering::Relaxed);
        match outcome {
            Outcome::Accepted(files) => {
                state.accepted.fetch_add(1, Ordering::Relaxed);
                if let Some(files) = files {
                    let mut sample = lock(&state.sample);
                    if sample.len() < args.sample {
                        sample.push((index, input.text, files));
                    }
                    if sample.len() >= args.sample {
                        state.stop.store(true, Ordering::Relaxed);
                    }
                }
            }
            Outcome::Rejected => {}
            Outcome::Panicked(panic) => {
                *lock(&state.crash_counts)
                    .entry(panic.location.clone())
                    .or_default() += 1;
                lock(&state.crashes)
                    .entry(panic.location.clone())
                    .or_insert_with(|| {
                        eprintln!(
                            "fuzz: execution {index} panicked: {} at {}",
                            panic.message, panic.location
                        );
                        Crash {
                            panic,
                            execution: index,
                            seed_file: input.seed_file,
                            mutations: input.mutations,
                            input: input.text,
                            operation_features: input.operation_features,
                        }
                    });
            }
        }
    }
    Ok(())
}

/// The input of execution `index`: a mutated seed, a function of the PRNG seed and `index`.
fn generate_input(state: &Shared<'_>, index: u64) -> Input {
    let mut rng = Rng::for_execution(state.seed, index);
    match state.seeds {
        Seeds::Json(seeds) => {
            // Clean Rooms (last, when present) one time in eight; the small models otherwise.
            let seed = if state.target == Target::Model && rng.one_in(8) {
                &seeds[seeds.len() - 1]
            } else {
                let small = if state.target == Target::Model {
                    seeds.len() - 1
                } else {
                    seeds.len()
                };
                &seeds[rng.below(small)]
            };
            let mut doc = seed.data.clone();
            let mutations = mutate_json::mutate(&mut doc, &mut rng);
            Input {
                seed_file: seed.name.clone(),
                mutations,
                text: doc.to_string(),
                operation_features: rng.one_in(4),
            }
        }
        Seeds::Idl(seeds) => {
            let seed = &seeds[rng.below(seeds.len())];
            let others: Vec<&str> = (0..2)
                .map(|_| seeds[rng.below(seeds.len())].data.as_str())
                .collect();
            Input {
                seed_file: seed.name.clone(),
                mutations: Vec::new(),
                text: mutate_text::mutate(&seed.data, &others, &mut rng),
                operation_features: false,
            }
        }
    }
}

/// Runs the code under test on one input, catching a panic.
fn execute(target: Target, text: &str, operation_features: bool, name: &str) -> Outcome {
    let result = catching_panics(|| match target {
        Target::Idl => {
            codegen::Model::from_sources([codegen::Source::new(format!("{name}.smithy"), text)])
                .map(|_| None)
        }
        Target::Model | Target::ModelBuild => generate(text, operation_features, name)
            .map(|files| (target == Target::ModelBuild).then_some(files)),
    });
    match result {
        Ok(Ok(files)) => Outcome::Accepted(files),
        Ok(Err(_)) => Outcome::Rejected,
        Err(panic) => Outcome::Panicked(panic),
    }
}

/// Loads a JSON AST model and generates its whole-service crate, as `cargo xtask corpus` does.
fn generate(text: &str, operation_features: bool, name: &str) -> codegen::Result<codegen::Files> {
    let loaded = codegen::Model::from_sources([codegen::Source::new(format!("{name}.json"), text)])?;
    let settings = codegen::Settings::builder()
        .package(format!("{name}-types"))
        .command(COMMAND)
        .operation_features(operation_features)
        .build();
    Ok(codegen::Generator::new(settings)
        .generate_crate(&loaded)?
        .into_files())
}

/// Shrinks a crash's input while it panics at the same location.
fn minimize(target: Target, crash: &Crash, budget: Duration) -> String {
    let budget = minimize::Budget::new(budget);
    let location = crash.panic.location.as_str();
    let panics_here = |text: &str| {
        matches!(
            execute(target, text, crash.operation_features, "fuzz"),
            Outcome::Panicked(p) if p.location == location
        )
    };
    match target {
        Target::Idl => minimize::text(&crash.input, budget, &mut |t| panics_here(t)),
        Target::Model | Target::ModelBuild => {
            let Ok(doc) = serde_json::from_str::<Value>(&crash.input) else {
                return crash.input.clone();
            };
            let small = minimize::json(doc, budget, &mut |d| panics_here(&d.to_string()));
            serde_json::to_string_pretty(&small).unwrap_or_else(|_| small.to_string())
        }
    }
}

/// Runs `f` on a thread with the workers' stack.
fn on_worker_stack<T: Send>(f: impl FnOnce() -> T + Send) -> Result<T, String> {
    thread::scope(|scope| {
        thread::Builder::new()
            .stack_size(WORKER_STACK)
            .spawn_scoped(scope, f)
            .map_err(|e| format!("cannot start a thread: {e}"))?
            .join()
            .map_err(|_| "the minimizer panicked".to_owned())
    })
}

/// Writes the sampled crates under `out/crates` as one workspace and builds it with clippy
/// `-D warnings`; every crate that fails is a finding, its model written beside as
/// `crash-N.json`. Returns the number of findings.
fn build_sample(out: &Path, sample: &[(u64, String, codegen::Files)]) -> Result<usize, String> {
    let crates = out.join("crates");
    if crates.exists() {
        std::fs::remove_dir_all(&crates)
            .map_err(|e| format!("cannot remove {}: {e}", crates.display()))?;
    }
    let mut members = Vec::new();
    for (index, model, files) in sample {
        let dir = crates.join(format!("fuzz-{index}"));
        for (name, contents) in files {
            let path = dir.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            std::fs::write(&path, contents)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        std::fs::write(crates.join(format!("fuzz-{index}.json")), model)
            .map_err(|e| format!("cannot write the model of fuzz-{index}: {e}"))?;
        members.push(format!("\"fuzz-{index}\""));
    }
    if members.is_empty() {
        println!("build: no accepted model to build");
        return Ok(0);
    }
    let manifest = format!(
        "# Written by `cargo xtask fuzz model-build`: the sampled crates, built together.\n\
         [workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members.join(", ")
    );
    std::fs::create_dir_all(&crates)
        .map_err(|e| format!("cannot create {}: {e}", crates.display()))?;
    std::fs::write(crates.join("Cargo.toml"), manifest)
        .map_err(|e| format!("cannot write the workspace manifest: {e}"))?;
    let lock = repo_root().join("Cargo.lock");
    std::fs::copy(&lock, crates.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy {}: {e}", lock.display()))?;
    eprintln!(
        "fuzz: building {} accepted models with clippy -D warnings in {}",
        members.len(),
        crates.display()
    );
    let started = Instant::now();
    let output =
        std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
            .current_dir(&crates)
            .env("CARGO_TARGET_DIR", out.join("build-target"))
            .args([
                "clippy",
                "--workspace",
                "--keep-going",
                "--all-targets",
                "--quiet",
            ])
            .args(["--", "-D", "warnings"])
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
    let log = String::from_utf8_lossy(&output.stderr).into_owned();
    let log_path = out.join("build.log");
    std::fs::write(&log_path, &log)
        .map_err(|e| format!("cannot write {}: {e}", log_path.display()))?;
    // One line per failing target (`(lib)`, `(lib test)`): each crate once.
    let mut failed: Vec<&str> = Vec::new();
    for line in log.lines() {
        if let Some((name, _)) = line
            .split_once("could not compile `")
            .and_then(|(_, rest)| rest.split_once('`'))
            && !failed.contains(&name)
        {
            failed.push(name);
        }
    }
    if !output.status.success() && failed.is_empty() {
        return Err(format!("the build failed; see {}", log_path.display()));
    }
    for (n, package) in failed.iter().enumerate() {
        let stem = package.trim_end_matches("-types");
        let model = crates.join(format!("{stem}.json"));
        let path = out.join(format!("crash-{}.json", n + 1));
        std::fs::copy(&model, &path)
            .map_err(|e| format!("cannot copy {}: {e}", model.display()))?;
        println!(
            "build failure {}: {package} does not build clippy-clean (see {}); model: {}",
            n + 1,
            log_path.display(),
            path.display()
        );
    }
    println!(
        "build: {} of {} sampled crates build clippy-clean ({:.0?})",
        members.len() - failed.len(),
        members.len(),
        started.elapsed()
    );
    Ok(failed.len())
}

