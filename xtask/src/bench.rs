//! `cargo xtask bench [--quick]`: code generation, compile and response-parsing times side by
//! side, each next to a reference measured in the same run (the machine is noisy), written to
//! `target/bench-results.md`. Scratch crates are built outside the repository (templates in
//! `xtask/bench/`); nothing in the repository is modified but that report and
//! `target/bench-timings/`.

use crate::repo_root;

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use crate::config::{Config, CrateConfig};

/// The command, as shown in the report.
const COMMAND: &str = "cargo xtask bench";

/// Set in the release build that a debug `cargo xtask bench` starts, so that it never starts
/// another one.
const REEXEC_ENV: &str = "XTASK_BENCH_RELEASE";

/// Parallel jobs of every scratch build.
const JOBS: &str = "2";

/// Builds faster than this are repeated in the full run, and their median reported.
const REPEAT_BELOW: Duration = Duration::from_secs(60);

/// The scratch crate of the compile part that builds the SDK.
const SDK_MANIFEST: &str = include_str!("../bench/sdk/Cargo.toml.in");
/// Its empty library.
const SDK_LIB: &str = include_str!("../bench/sdk/lib.rs");
/// The scratch crate of the compile part that builds serde's floor.
const FLOOR_MANIFEST: &str = include_str!("../bench/floor/Cargo.toml.in");
/// Its library with one derived type.
const FLOOR_LIB: &str = include_str!("../bench/floor/lib.rs");
/// The scratch crate of the runtime part.
const RUNTIME_MANIFEST: &str = include_str!("../bench/runtime/Cargo.toml.in");
/// Its program.
const RUNTIME_MAIN: &str = include_str!("../bench/runtime/main.rs");

/// The parts of the benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Part {
    /// Generating code in process, against parsing the same models as `serde_json::Value`.
    Codegen,
    /// Clean builds of the generated crates, against `aws-sdk-cleanrooms`.
    Compile,
    /// Reading and writing an UpdateMembership response, against `Value` and the SDK.
    Runtime,
    /// Loading models from the Smithy IDL, against loading the same models from their JSON AST.
    Load,
    /// Every `@pattern` of the corpus on inputs built to make backtracking work hardest.
    Patterns,
}

/// Options of `cargo xtask bench`. Relative paths are taken from the repository root.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Fewer repeats, and no release build of the SDK: under 10 minutes on 2 cores.
    #[arg(long)]
    quick: bool,
    /// Run only this part (repeatable) [default: all].
    #[arg(long, value_enum, value_name = "PART")]
    only: Vec<Part>,
    /// Where to write the Markdown results.
    #[arg(long, value_name = "FILE", default_value = "target/bench-results.md")]
    report: PathBuf,
    /// Keep the scratch directory (its path is printed) instead of removing it.
    #[arg(long)]
    keep_scratch: bool,
    /// Internal: print the peak RSS (KiB) of one codegen step run once in this process.
    #[arg(long, hide = true, value_name = "INPUT:STEP")]
    peak: Option<String>,
}

/// How much of everything the run does.
#[derive(Debug, Clone, Copy)]
struct Plan {
    quick: bool,
    /// Timed repeats of each codegen input: UpdateMembership, the service, the corpus.
    codegen_repeats: [usize; 3],
    /// Samples of each runtime measure, and how long one lasts.
    runtime_samples: usize,
    runtime_sample_ms: u64,
}

impl Plan {
    fn new(quick: bool) -> Plan {
        if quick {
            Plan {
                quick,
                codegen_repeats: [7, 3, 1],
                runtime_samples: 11,
                runtime_sample_ms: 20,
            }
        } else {
            Plan {
                quick,
                codegen_repeats: [31, 11, 3],
                runtime_samples: 41,
                runtime_sample_ms: 50,
            }
        }
    }
}

/// Runs the benchmark; in a debug build, runs the release build of itself instead.
pub fn run(args: &Args) -> Result<ExitCode, String> {
    if let Some(spec) = &args.peak {
        return peak_child(spec);
    }
    if cfg!(debug_assertions) && std::env::var_os(REEXEC_ENV).is_none() {
        return reexec_release();
    }
    let root = repo_root();
    let plan = Plan::new(args.quick);
    let parts: Vec<Part> = if args.only.is_empty() {
        vec![Part::Codegen, Part::Load, Part::Patterns, Part::Compile, Part::Runtime]
    } else {
        args.only.clone()
    };
    let started = Instant::now();
    let mut report = header(args, &root);
    let mut targets = Vec::new();
    let scratch = std::env::temp_dir().join(format!("smithy-rust-bench-{}", std::process::id()));
    std::fs::create_dir_all(&scratch)
        .map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
    eprintln!("bench: scratch directory {}", scratch.display());
    let result = (|| {
        for part in &parts {
            let (section, mut verdicts) = match part {
                Part::Codegen => codegen_part(&root, &plan)?,
                Part::Compile => compile_part(&root, &plan, &scratch)?,
                Part::Runtime => runtime_part(&root, &plan, &scratch)?,
                Part::Load => load_part(&root, &plan)?,
                Part::Patterns => patterns_part(&root)?,
            };
            report.push_str(&section);
            targets.append(&mut verdicts);
        }
        Ok::<_, String>(())
    })();
    if args.keep_scratch {
        eprintln!("bench: kept {}", scratch.display());
    } else {
        let _ = std::fs::remove_dir_all(&scratch);
    }
    result?;
    report.push_str(&targets_section(&targets));
    let _ = writeln!(
        report,
        "\nWhole run: {}.",
        seconds(started.elapsed().as_secs_f64())
    );
    print!("{report}");
    let path = root.join(&args.report);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(&path, &report).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("report: {}", path.display());
    Ok(ExitCode::SUCCESS)
}

/// `cargo run --release -p xtask -- bench …` with the same arguments: timings of a debug
/// generator would say nothing about the generator.
fn reexec_release() -> Result<ExitCode, String> {
    let forwarded: Vec<OsString> = std::env::args_os().skip(1).collect();
    eprintln!(
        "bench: this xtask is a debug build; running `cargo run --release -p xtask -- bench`"
    );
    let status = Command::new(cargo())
        .current_dir(repo_root())
        .args([
            "run",
            "--release",
            "--quiet",
            "--package",
            "xtask",
            "--bin",
            "xtask",
            "--",
        ])
        .args(forwarded)
        .env(REEXEC_ENV, "1")
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The cargo that runs us, else `cargo`.
fn cargo() -> OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// Title, command, date, machine and toolchain.
fn header(args: &Args, root: &Path) -> String {
    let mut command = COMMAND.to_owned();
    if args.quick {
        command.push_str(" --quick");
    }
    for part in &args.only {
        if let Some(value) = clap::ValueEnum::to_possible_value(part) {
            let _ = write!(command, " --only {}", value.get_name());
        }
    }
    let nproc = thread::available_parallelism().map_or(1, usize::from);
    let rustc = Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()))
        .arg("-V")
        .current_dir(root)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| "rustc (unknown version)".to_owned());
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".to_owned());
    format!(
        "# Benchmarks\n\n`{command}` on {}: nproc {nproc}, {rustc}, load average {load} at the \
         start. Every ratio compares two figures of this run.\n",
        utc_now()
    )
}

/// The current UTC time as `YYYY-MM-DD HH:MM UTC`.
fn utc_now() -> String {
    let secs = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let (hour, minute) = ((secs % 86_400) / 3600, (secs % 3600) / 60);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02} UTC")
}

// ---------------------------------------------------------------------------------------------
// Loading: IDL against JSON AST

/// Loading the same models from IDL and from JSON AST; the protocol test files all together.
/// The `@pattern` part: the worst check time over the corpus on 10 KiB inputs, against the 1 ms
/// target, and regress on short inputs of the same kind.
fn patterns_part(root: &Path) -> Result<(String, Vec<Verdict>), String> {
    const LONG: usize = 10 * 1024;
    const SHORT: usize = 20;
    let m = crate::bench_patterns::measure(root, LONG, SHORT)?;
    let mut s = format!(
        "\n## `@pattern` checks on adversarial inputs\n\nEvery (pattern, `@length` max) of the \
         corpus: {} distinct, {} checked (the rest are not ECMAScript and are left to the \
         service), {} of them with lookaround or backreferences (fancy-regex, budget {} \
         backtracking steps; {} long inputs went past it and were reported as violations, {} of \
         an allowed length). \
         Inputs: strings the pattern describes with one character repeated to {} characters \
         (and to {SHORT}), then a failing character; each pattern's slowest input, median of 5. \
         regress is the ECMAScript backtracking engine the crates used before; it is timed on \
         the short inputs only, since it runs exponentially long on some.\n\n",
        m.sites,
        m.translated,
        m.backtracking,
        codegen::ecma::BACKTRACK_LIMIT,
        m.over_budget,
        m.over_budget_within_length,
        m.lengths.0,
    );
    let mut by_long = m.worst.clone();
    by_long.sort_by_key(|w| std::cmp::Reverse(w.1));
    let mut by_before = m.worst.clone();
    by_before.sort_by_key(|w| std::cmp::Reverse(w.3));
    let row = |(site, long, short, before): &(crate::bench_patterns::Site, Duration, Duration, Duration)| {
        let mut pattern = site.pattern.clone();
        if pattern.len() > 60 {
            let cut = (0..=60).rev().find(|&i| pattern.is_char_boundary(i)).unwrap_or(0);
            pattern.truncate(cut);
            pattern.push('…');
        }
        vec![
            format!("`{}`", pattern.replace('|', "\\|").replace('`', "'")),
            site.max_len.map_or_else(|| "—".to_owned(), |l| l.to_string()),
            duration(*long),
            duration(*short),
            duration(*before),
        ]
    };
    let header = ["pattern", "@length max", &format!("ours, {} chars", m.lengths.0), &format!("ours, {SHORT} chars"), &format!("regress, {SHORT} chars")];
    s.push_str("The ten slowest for us:\n\n");
    s.push_str(&markdown_table(&header, &by_long.iter().take(10).map(row).collect::<Vec<_>>()));
    s.push_str("\nThe ten slowest for regress:\n\n");
    s.push_str(&markdown_table(&header, &by_before.iter().take(10).map(row).collect::<Vec<_>>()));
    let worst_long = by_long.first().map_or(Duration::ZERO, |w| w.1);
    let worst_before = by_before.first().map_or(Duration::ZERO, |w| w.3);
    let worst_short = m.worst.iter().map(|w| w.2).max().unwrap_or_default();
    let _ = writeln!(
        s,
        "\nWorst over the corpus: ours {} at {} characters and {} at {SHORT}; regress {} at {SHORT}.",
        duration(worst_long),
        m.lengths.0,
        duration(worst_short),
        duration(worst_before),
    );
    let verdicts = vec![Verdict::at_most(
        "worst `@pattern` check over the corpus on a 10 KiB adversarial input",
        worst_long.as_secs_f64() * 1e3,
        1.0,
        "ms",
    )];
    Ok((s, verdicts))
}

fn load_part(root: &Path, plan: &Plan) -> Result<(String, Vec<Verdict>), String> {
    let (repeats, corpus_repeats) = if plan.quick { (11, 1) } else { (31, 3) };
    let m = crate::bench_load::measure(root, repeats, corpus_repeats)?;
    let mut s = String::from(
        "\n## Loading: IDL against JSON AST\n\nIn process (release build of xtask, one thread): \
         `codegen::Model::from_sources` (parse, merge, resolve) of the same model from IDL files and \
         from one JSON AST text, both already in memory; median of the repeats. The restJson1 \
         model's JSON AST is what our loader makes of its IDL; the corpus's IDL is what \
         `cargo xtask idl` writes of each AWS model.\n\n",
    );
    let rows: Vec<Vec<String>> = m
        .pairs
        .iter()
        .map(|p| {
            vec![
                p.what.clone(),
                format!("{} / {}", mib(p.bytes.0), mib(p.bytes.1)),
                duration(p.times.0),
                duration(p.times.1),
                ratio(p.times.0.as_secs_f64() / p.times.1.as_secs_f64()),
            ]
        })
        .collect();
    s.push_str(&markdown_table(
        &["model", "IDL / JSON bytes", "load from IDL", "load from JSON", "IDL ÷ JSON"],
        &rows,
    ));
    let (all, files) = m.all_protocol_tests;
    let _ = writeln!(
        s,
        "\nAll {files} protocol test files (`../shared/smithy/protocol-tests`) loaded together, \
         with the 13 trait definition files of `../shared/smithy/traits` they need: {} (median \
         of {repeats}).",
        duration(all)
    );
    let mut verdicts: Vec<Verdict> = m
        .pairs
        .iter()
        .map(|p| {
            Verdict::at_most(
                &format!("load from IDL ÷ from JSON AST, {}", p.what),
                p.times.0.as_secs_f64() / p.times.1.as_secs_f64(),
                1.5,
                "×",
            )
        })
        .collect();
    verdicts.push(Verdict::at_most(
        &format!("load all {files} protocol test files (release)"),
        all.as_secs_f64() * 1000.0,
        100.0,
        "ms",
    ));
    Ok((s, verdicts))
}

// ---------------------------------------------------------------------------------------------
// Part 1: code generation

/// One model and the settings it is generated with.
struct ModelInput {
    /// The file name, as headers show it.
    name: String,
    bytes: Vec<u8>,
    settings: codegen::Settings,
}

/// What one codegen input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Input {
    UpdateMembership,
    Service,
    Corpus,
}

impl Input {
    const ALL: [Input; 3] = [Input::UpdateMembership, Input::Service, Input::Corpus];

    fn key(self) -> &'static str {
        match self {
            Input::UpdateMembership => "update-membership",
            Input::Service => "service",
            Input::Corpus => "corpus",
        }
    }

    fn from_key(key: &str) -> Option<Input> {
        Input::ALL.into_iter().find(|i| i.key() == key)
    }
}

/// Reads the models of an input into memory, with the options `cargo xtask codegen` (or
/// `corpus`) uses for them.
fn read_input(root: &Path, input: Input) -> Result<Vec<ModelInput>, String> {
    match input {
        Input::UpdateMembership => Ok(vec![configured(root, "cleanrooms-types")?]),
        Input::Service => Ok(vec![configured(root, "cleanrooms-service-types")?]),
        Input::Corpus => {
            crate::bench_load::corpus_paths(root)?
                .iter()
                .map(|path| {
                    let stem = path
                        .file_stem()
                        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
                    Ok(ModelInput {
                        name: format!("{stem}.json"),
                        bytes: read(path)?,
                        settings: codegen::Settings::builder()
                            .package(format!("{stem}-types"))
                            .command("cargo xtask corpus")
                            .build(),
                    })
                })
                .collect()
        }
    }
}

/// The crate `package` of `models/codegen.toml`, as `cargo xtask codegen` generates it.
fn configured(root: &Path, package: &str) -> Result<ModelInput, String> {
    let config_path = root.join("models/codegen.toml");
    let config = Config::load(&config_path)?;
    let krate: &CrateConfig = config
        .crates
        .iter()
        .find(|c| c.package == package)
        .ok_or_else(|| format!("no crate `{package}` in {}", config_path.display()))?;
    let model_path = krate.model.single(root)?;
    Ok(ModelInput {
        name: model_path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        bytes: read(&model_path)?,
        settings: crate::codegen_cmd::settings(krate),
    })
}

/// Reads a file.
fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Loads a model from bytes already in memory: UTF-8 check, hash, parse, resolve.
fn load_bytes(name: &str, bytes: &[u8]) -> Result<codegen::Model, String> {
    codegen::Source::from_bytes(name, bytes)
        .and_then(|source| codegen::Model::from_sources([source]))
        .map_err(|e| e.to_string())
}

/// Outcomes of generating an input once.
#[derive(Debug, Default, Clone, Copy)]
struct Outcomes {
    generated: usize,
    failed: usize,
    panicked: usize,
    /// Loading and generating, summed over the models.
    codegen: Duration,
    /// Of that time, how much went to loading (hash, parse, resolve).
    load: Duration,
    /// Formatting the generated Rust again, alone (when asked): see [`format_alone`].
    format: Duration,
    /// Bytes of Rust generated.
    rust_bytes: usize,
}

/// The whole pipeline on every model of the input; a clear error or a panic counts as done.
/// With `format`, also times formatting the generated files again, outside the codegen time.
fn generate_all(models: &[ModelInput], format: bool) -> Outcomes {
    let mut outcomes = Outcomes::default();
    for model in models {
        let started = Instant::now();
        let result = panic::catch_unwind(AssertUnwindSafe(|| {
            let loaded = load_bytes(&model.name, &model.bytes);
            let load = started.elapsed();
            let files = loaded.and_then(|loaded| {
                codegen::Generator::new(model.settings.clone())
                    .generate_crate(&loaded)
                    .map(codegen::GeneratedCrate::into_files)
                    .map_err(|e| e.to_string())
            });
            (load, files)
        }));
        outcomes.codegen += started.elapsed();
        match result {
            Ok((load, Ok(files))) => {
                outcomes.load += load;
                outcomes.generated += 1;
                if format {
                    let (took, bytes) = format_alone(&files);
                    outcomes.format += took;
                    outcomes.rust_bytes += bytes;
                }
                std::hint::black_box(files);
            }
            Ok((load, Err(_))) => {
                outcomes.load += load;
                outcomes.failed += 1;
            }
            Err(_) => outcomes.panicked += 1,
        }
    }
    outcomes
}

/// Formatting alone, the floor of any generator that formats its output with prettyplease:
/// each generated Rust file is lexed back into tokens (not timed), then `syn::parse2` and
/// `prettyplease::unparse` of those tokens are timed. Returns the time and the bytes of Rust.
fn format_alone(files: &codegen::Files) -> (Duration, usize) {
    let mut total = Duration::ZERO;
    let mut bytes = 0;
    for (path, text) in files {
        if !path.ends_with(".rs") {
            continue;
        }
        let Ok(tokens) = text.parse::<proc_macro2::TokenStream>() else {
            continue;
        };
        let started = Instant::now();
        if let Ok(file) = syn::parse2::<syn::File>(tokens) {
            std::hint::black_box(prettyplease::unparse(&file));
            total += started.elapsed();
            bytes += text.len();
        }
    }
    (total, bytes)
}

/// Parses every model of the input as a `serde_json::Value`; returns how many did not parse.
fn parse_all(models: &[ModelInput]) -> usize {
    models
        .iter()
        .filter(|m| {
            let parsed = serde_json::from_slice::<serde_json::Value>(&m.bytes);
            let failed = parsed.is_err();
            let _ = std::hint::black_box(parsed);
            failed
        })
        .count()
}

/// The `--peak INPUT:STEP` child: reads the input, runs the step once, prints the peak RSS
/// (KiB).
fn peak_child(spec: &str) -> Result<ExitCode, String> {
    let (input, step) = spec
        .split_once(':')
        .ok_or_else(|| format!("--peak {spec}: expected INPUT:STEP"))?;
    let input = Input::from_key(input).ok_or_else(|| format!("--peak: no input `{input}`"))?;
    let models = read_input(&repo_root(), input)?;
    match step {
        "parse" => {
            parse_all(&models);
        }
        "codegen" => {
            generate_all(&models, false);
        }
        "read" => {}
        other => return Err(format!("--peak: no step `{other}`")),
    }
    println!("{}", status_kib("VmHWM").unwrap_or(0));
    Ok(ExitCode::SUCCESS)
}

/// A `kB` field of `/proc/self/status`.
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find_map(|line| {
        let rest = line.strip_prefix(field)?.strip_prefix(':')?;
        rest.trim().trim_end_matches("kB").trim().parse().ok()
    })
}

/// Peak RSS (MiB) of a fresh process that reads the input and runs `step` once.
fn peak_mib(input: Input, step: &str) -> Result<f64, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let spec = format!("{}:{step}", input.key());
    let output = Command::new(exe)
        .args(["bench", "--peak", &spec])
        .output()
        .map_err(|e| format!("cannot run the peak-memory child: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "peak-memory child {spec} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let kib: u64 = String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .map_err(|_| format!("peak-memory child {spec}: unexpected output"))?;
    Ok(kib as f64 / 1024.0)
}

/// Times of one codegen input.
struct CodegenRow {
    input: Input,
    models: usize,
    bytes: usize,
    outcomes: Outcomes,
    parse: Duration,
    codegen: Duration,
    repeats: usize,
    peak_read: f64,
    peak_parse: f64,
    /// `None` for the corpus under `--quick`: a second run of its codegen, only for the peak.
    peak_codegen: Option<f64>,
}

/// Part 1: the generator in process against `serde_json::Value` parsing of the same bytes.
fn codegen_part(root: &Path, plan: &Plan) -> Result<(String, Vec<Verdict>), String> {
    let mut rows = Vec::new();
    for (input, repeats) in Input::ALL.into_iter().zip(plan.codegen_repeats) {
        eprintln!("bench: codegen {} ({repeats} repeats)", input.key());
        let models = read_input(root, input)?;
        let bytes = models.iter().map(|m| m.bytes.len()).sum();
        let (parse, codegen, outcomes) = {
            if input != Input::Corpus {
                // Warm-up: caches, allocator, page faults of the code.
                parse_all(&models);
                generate_all(&models, false);
            }
            let mut parse = Vec::new();
            let mut codegen = Vec::new();
            let mut load = Vec::new();
            let mut format = Vec::new();
            let mut outcomes = Outcomes::default();
            for _ in 0..repeats {
                let started = Instant::now();
                parse_all(&models);
                parse.push(started.elapsed());
                outcomes = generate_all(&models, true);
                codegen.push(outcomes.codegen);
                load.push(outcomes.load);
                format.push(outcomes.format);
            }
            outcomes.load = median(load);
            outcomes.format = median(format);
            (median(parse), median(codegen), outcomes)
        };
        rows.push(CodegenRow {
            input,
            models: models.len(),
            bytes,
            outcomes,
            parse,
            codegen,
            repeats,
            peak_read: peak_mib(input, "read")?,
            peak_parse: peak_mib(input, "parse")?,
            peak_codegen: if plan.quick && input == Input::Corpus {
                None
            } else {
                Some(peak_mib(input, "codegen")?)
            },
        });
    }

    let mut s = String::from(
        "\n## Codegen\n\nIn process (release build of xtask, one thread): `codegen::Model::from_sources` of bytes \
         already in memory (hash, parse, resolve) and `Generator::generate_crate`, the whole pipeline to \
         formatted files, next to `serde_json::from_slice::<serde_json::Value>` of the same bytes. \
         Median of the repeats; file reading is outside both. Peak RSS: `VmHWM` of a fresh process \
         that reads the input and runs the step once (reading alone: the first figure). \
         `load`: hash, parse and resolve the model; the rest is `generate` (closure, type \
         mapping, token emission, then formatting: `syn` re-parses the tokens for `prettyplease`). \
         Formatting alone is the floor of any generator that prints its output with \
         `prettyplease`: each generated Rust file is lexed back into tokens (not timed), then \
         `syn::parse2` and `prettyplease::unparse` of those tokens are timed, summed over the \
         files (median of the repeats).\n\n",
    );
    let table_rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let what = match r.input {
                Input::UpdateMembership => "UpdateMembership (`cleanrooms-types`)".to_owned(),
                Input::Service => {
                    "Clean Rooms, whole service (`cleanrooms-service-types`)".to_owned()
                }
                Input::Corpus => format!(
                    "AWS corpus, whole service each: {} generated, {} failed clearly, {} panicked",
                    r.outcomes.generated, r.outcomes.failed, r.outcomes.panicked
                ),
            };
            vec![
                what,
                format!("{} / {}", r.models, mib(r.bytes)),
                r.repeats.to_string(),
                duration(r.parse),
                duration(r.codegen),
                duration(r.outcomes.load),
                ratio(r.codegen.as_secs_f64() / r.parse.as_secs_f64()),
                mib(r.outcomes.rust_bytes),
                format!(
                    "{} ({})",
                    duration(r.outcomes.format),
                    ratio(r.outcomes.format.as_secs_f64() / r.parse.as_secs_f64())
                ),
                match r.peak_codegen {
                    Some(codegen) => format!(
                        "{:.0} / {:.0} / {:.0} MiB",
                        r.peak_read, r.peak_parse, codegen
                    ),
                    None => format!(
                        "{:.0} / {:.0} MiB / codegen skipped in --quick",
                        r.peak_read, r.peak_parse
                    ),
                },
            ]
        })
        .collect();
    s.push_str(&markdown_table(
        &[
            "input",
            "models / size",
            "repeats",
            "`Value` parse",
            "codegen",
            "of which load",
            "codegen ÷ parse",
            "Rust generated",
            "formatting it alone (÷ parse)",
            "peak RSS: read / parse / codegen",
        ],
        &table_rows,
    ));
    let mut verdicts = Vec::new();
    for r in &rows {
        match r.input {
            Input::UpdateMembership => verdicts.push(Verdict::at_most(
                "generate UpdateMembership in process",
                r.codegen.as_secs_f64() * 1000.0,
                20.0,
                "ms",
            )),
            Input::Corpus => verdicts.push(Verdict::at_most(
                "generate the AWS corpus ÷ parse it as `Value`",
                r.codegen.as_secs_f64() / r.parse.as_secs_f64(),
                3.0,
                "×",
            )),
            Input::Service => verdicts.push(Verdict::at_most(
                "generate the whole Clean Rooms service ÷ formatting its output alone",
                r.codegen.as_secs_f64() / r.outcomes.format.as_secs_f64(),
                2.0,
                "×",
            )),
        }
    }
    Ok((s, verdicts))
}

// ---------------------------------------------------------------------------------------------
// Part 2: compile time

/// Where the scratch crate of a timed build comes from.
#[derive(Debug, Clone, Copy)]
enum Source {
    /// A crate we generate: a copy of this directory of the repository.
    Ours(&'static str),
    /// The serde floor (`xtask/bench/floor/`): what every crate of serde-derived types builds at
    /// least.
    Floor,
    /// `aws-sdk-cleanrooms`, the reference, through `xtask/bench/sdk/` with this dependency
    /// specification.
    Sdk(&'static str),
}

/// A crate whose clean build is timed.
struct Subject {
    /// Names its scratch directory and timings pages.
    key: &'static str,
    /// Shown in the report.
    label: String,
    /// The package whose dependencies are counted.
    package: &'static str,
    /// Extra arguments of `cargo build` and `cargo tree` (features).
    args: &'static [&'static str],
    source: Source,
}

impl Subject {
    fn is_sdk(&self) -> bool {
        matches!(self.source, Source::Sdk(_))
    }
}

/// Clean build times of one subject.
#[derive(Default)]
struct Builds {
    debug: Option<Build>,
    release: Option<Build>,
    deps: usize,
}

/// The median clean build of a subject in one profile.
#[derive(Debug, Clone, Copy)]
struct Build {
    /// Wall time: the figure the targets are about.
    wall: Duration,
    /// CPU time (user + system) of cargo and everything it ran: steadier than the wall time
    /// when others load the machine.
    cpu: Option<Duration>,
    /// The subject package's own unit (its library, without dependencies), from `--timings`.
    own: Option<Duration>,
}

/// Keys of the two SDK subjects, default features first.
const SDK_KEYS: [&str; 2] = ["sdk-default", "sdk-no-default"];
/// Key of the serde floor.
const FLOOR_KEY: &str = "serde-floor";

/// Part 2: clean builds of our crates, of the serde floor and of the SDK, each in a scratch copy
/// with a fresh target directory.
fn compile_part(
    root: &Path,
    plan: &Plan,
    scratch: &Path,
) -> Result<(String, Vec<Verdict>), String> {
    let dir = scratch.join("compile");
    let mut subjects = vec![
        Subject {
            key: "cleanrooms-types",
            label: "`cleanrooms-types` (UpdateMembership), default features".to_owned(),
            package: "cleanrooms-types",
            args: &[],
            source: Source::Ours("generated"),
        },
        Subject {
            key: "cleanrooms-types-serde-only",
            label: "`cleanrooms-types` (UpdateMembership), `default-features = false`".to_owned(),
            package: "cleanrooms-types",
            args: &["--no-default-features"],
            source: Source::Ours("generated"),
        },
        Subject {
            key: "cleanrooms-service-types",
            label: "`cleanrooms-service-types` (whole service), default features".to_owned(),
            package: "cleanrooms-service-types",
            args: &[],
            source: Source::Ours("tests/generated/service"),
        },
        Subject {
            key: FLOOR_KEY,
            label: "floor: an empty crate on `serde` (derive) and `serde_json`".to_owned(),
            package: "bench-floor",
            args: &[],
            source: Source::Floor,
        },
        Subject {
            key: SDK_KEYS[0],
            label: "`aws-sdk-cleanrooms`, default features".to_owned(),
            package: "aws-sdk-cleanrooms",
            args: &[],
            source: Source::Sdk("\"1\""),
        },
        Subject {
            key: SDK_KEYS[1],
            label: "`aws-sdk-cleanrooms`, `default-features = false`".to_owned(),
            package: "aws-sdk-cleanrooms",
            args: &[],
            source: Source::Sdk("{ version = \"1\", default-features = false }"),
        },
    ];
    for subject in &subjects {
        let to = dir.join(subject.key);
        match subject.source {
            Source::Ours(from) => copy_crate(&root.join(from), &to)?,
            Source::Floor => {
                write_file(&to.join("Cargo.toml"), FLOOR_MANIFEST)?;
                write_file(&to.join("lib.rs"), FLOOR_LIB)?;
            }
            Source::Sdk(spec) => write_sdk_crate(&to, spec)?,
        }
    }
    let mut builds: Vec<Builds> = Vec::new();
    let mut sdk_version = String::new();
    for subject in &mut subjects {
        let crate_dir = dir.join(subject.key);
        eprintln!("bench: cargo fetch for {}", subject.key);
        cargo_in(&crate_dir, None, &["fetch"])?;
        let mut tree = vec![
            "tree",
            "--offline",
            "-e",
            "normal",
            "--prefix",
            "none",
            "-p",
            subject.package,
        ];
        tree.extend(subject.args);
        let tree = cargo_in(&crate_dir, None, &tree)?;
        let lines: Vec<&str> = tree.lines().filter(|l| !l.trim().is_empty()).collect();
        if subject.is_sdk() {
            if let Some(version) = lines.first().and_then(|l| l.split_whitespace().nth(1)) {
                let version = version.trim_start_matches('v');
                sdk_version = version.to_owned();
                subject.label = subject.label.replace(
                    "`aws-sdk-cleanrooms`",
                    &format!("`aws-sdk-cleanrooms` {version}"),
                );
            }
        }
        let unique: BTreeSet<&str> = lines
            .iter()
            .skip(1)
            .map(|l| l.trim().trim_end_matches(" (*)"))
            .collect();
        builds.push(Builds {
            deps: unique.len(),
            ..Builds::default()
        });
    }
    let timings_dir = root.join("target/bench-timings");
    // Only this run's pages: a page left from an earlier run would be taken for this one's.
    let _ = std::fs::remove_dir_all(&timings_dir);
    std::fs::create_dir_all(&timings_dir)
        .map_err(|e| format!("cannot create {}: {e}", timings_dir.display()))?;
    let mut dominant = String::new();
    let profiles: &[bool] = if plan.quick { &[false] } else { &[false, true] };
    for &release in profiles {
        let profile = if release { "release" } else { "debug" };
        for (subject, result) in subjects.iter().zip(&mut builds) {
            let mut times = Vec::new();
            let mut cpu_times = Vec::new();
            let mut own_times = Vec::new();
            let mut units = Vec::new();
            loop {
                let n = times.len() + 1;
                eprintln!("bench: clean {profile} build of {} (#{n})", subject.key);
                let crate_dir = dir.join(subject.key);
                let target = crate_dir.join(format!("target-{profile}-{n}"));
                let mut build = vec!["build", "--offline", "-j", JOBS, "--timings"];
                if release {
                    build.push("--release");
                }
                build.extend(subject.args);
                let cpu_before = children_cpu();
                let started = Instant::now();
                cargo_in(&crate_dir, Some(&target), &build)?;
                let took = started.elapsed();
                let cpu = children_cpu()
                    .zip(cpu_before)
                    .map(|(after, before)| after.saturating_sub(before));
                eprintln!(
                    "bench:   {}{}",
                    seconds(took.as_secs_f64()),
                    cpu.map_or_else(String::new, |c| format!(
                        " ({} CPU)",
                        seconds(c.as_secs_f64())
                    ))
                );
                times.push(took);
                cpu_times.extend(cpu);
                let html = target.join("cargo-timings/cargo-timing.html");
                if let Ok(text) = std::fs::read_to_string(&html) {
                    units = slowest_units(&text, 4);
                    let own = unit_seconds(&text, subject.package);
                    own_times.extend(own.map(Duration::from_secs_f64));
                    let keep = timings_dir.join(format!("{}-{profile}.html", subject.key));
                    let _ = std::fs::write(keep, text);
                }
                let _ = std::fs::remove_dir_all(&target);
                if plan.quick || took >= REPEAT_BELOW || times.len() == 3 {
                    break;
                }
            }
            let time = Build {
                wall: median(times),
                cpu: (!cpu_times.is_empty()).then(|| median(cpu_times)),
                own: (!own_times.is_empty()).then(|| median(own_times)),
            };
            let _ = writeln!(
                dominant,
                "- {} {profile}: {}",
                subject.label,
                units
                    .iter()
                    .map(|(name, secs)| format!("{name} {secs:.1} s"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            if release {
                result.release = Some(time);
            } else {
                result.debug = Some(time);
            }
        }
    }

    let index_of = |key: &str| subjects.iter().position(|s| s.key == key);
    let sdk = SDK_KEYS.map(|key| index_of(key).map(|i| &builds[i]));
    let faster = |sdk: Option<Duration>, ours: Option<Duration>| match (sdk, ours) {
        (Some(sdk), Some(ours)) => ratio(sdk.as_secs_f64() / ours.as_secs_f64()),
        _ => "-".to_owned(),
    };
    let rows: Vec<Vec<String>> = subjects
        .iter()
        .zip(&builds)
        .map(|(subject, b)| {
            let time = |t: Option<Build>| {
                t.map_or_else(
                    || "skipped in --quick".to_owned(),
                    |t| match t.cpu {
                        Some(cpu) => format!(
                            "{} ({} CPU)",
                            seconds(t.wall.as_secs_f64()),
                            seconds(cpu.as_secs_f64())
                        ),
                        None => seconds(t.wall.as_secs_f64()),
                    },
                )
            };
            let vs = |t: fn(&Builds) -> Option<Build>| {
                if subject.is_sdk() {
                    return String::new();
                }
                let [default, lean] = sdk.map(|s| s.and_then(t));
                let ours = t(b);
                if ours.is_none() || (default.is_none() && lean.is_none()) {
                    return "-".to_owned();
                }
                let wall = |x: Option<Build>| x.map(|x| x.wall);
                let cpu = |x: Option<Build>| x.and_then(|x| x.cpu);
                format!(
                    "{} / {} (CPU {} / {})",
                    faster(wall(default), wall(ours)),
                    faster(wall(lean), wall(ours)),
                    faster(cpu(default), cpu(ours)),
                    faster(cpu(lean), cpu(ours))
                )
            };
            vec![
                subject.label.clone(),
                b.deps.to_string(),
                time(b.debug),
                vs(|b| b.debug),
                time(b.release),
                vs(|b| b.release),
            ]
        })
        .collect();
    let mut s = format!(
        "\n## Compile time\n\nClean `cargo build -j {JOBS}` of each crate (its library), copied to \
         a scratch directory under {} with a fresh `CARGO_TARGET_DIR` and `CARGO_INCREMENTAL=0` \
         (a registry crate such as the SDK always builds that way); `cargo fetch` runs first \
         and is not timed. The SDK is built through an empty crate that depends on it. The floor \
         is an empty crate with one derived type on `serde` (`derive`) and `serde_json`: no crate \
         of serde-derived types can build faster (the generated crates write their impls out, so \
         it is their reference, not their bound). \
         Wall time, then the CPU time (user + system) of cargo and everything it ran, which \
         others' load on the machine disturbs less. Dependencies: unique lines of `cargo tree -e \
         normal --prefix none -p <crate>`, the crate itself not counted. {}\n\n",
        std::env::temp_dir().display(),
        if plan.quick {
            "One build each, debug only (release in the full run)."
        } else {
            "Builds under a minute are repeated three times (median)."
        }
    );
    s.push_str(&markdown_table(
        &[
            "crate",
            "normal deps",
            "debug",
            "SDK ÷ this, debug: default / no-default features",
            "release",
            "SDK ÷ this, release",
        ],
        &rows,
    ));
    let _ = write!(
        s,
        "\nSlowest units of each build (`cargo build --timings`; the pages are in \
         `target/bench-timings/`):\n\n{dominant}"
    );
    let debug_build = |key: &str| index_of(key).and_then(|i| builds[i].debug);
    let debug = |key: &str| debug_build(key).map_or(f64::NAN, |d| d.wall.as_secs_f64());
    let _ = writeln!(
        s,
        "\nThe ceiling of any crate of serde-derived types, debug: SDK ÷ floor = {} (default \
         features) / {} (no default features). The generated crates write their serde impls out \
         instead of deriving them, so they can build below the floor: it is the reference, not a \
         bound.",
        ratio(debug(SDK_KEYS[0]) / debug(FLOOR_KEY)),
        ratio(debug(SDK_KEYS[1]) / debug(FLOOR_KEY))
    );
    let own = |key: &str| {
        debug_build(key)
            .and_then(|d| d.own)
            .map_or(f64::NAN, |d| d.as_secs_f64())
    };
    let _ = writeln!(
        s,
        "\nOwn units, debug (the crate's library alone, from `--timings`): \
         `cleanrooms-service-types` {}, `aws-sdk-cleanrooms` {} (default features) / {} (no \
         default features).",
        seconds(own("cleanrooms-service-types")),
        seconds(own(SDK_KEYS[0])),
        seconds(own(SDK_KEYS[1]))
    );
    let sdk_label = |variant: &str| format!("`aws-sdk-cleanrooms` {sdk_version} ({variant})");
    let verdicts = vec![
        Verdict::at_least(
            &format!(
                "debug build of the whole-service crate's own unit: times faster than the own unit of {}",
                sdk_label("default features")
            ),
            own(SDK_KEYS[0]) / own("cleanrooms-service-types"),
            3.0,
            "×",
        ),
        Verdict::at_least(
            &format!(
                "debug build of the whole-service crate: times faster than {}",
                sdk_label("default features")
            ),
            debug(SDK_KEYS[0]) / debug("cleanrooms-service-types"),
            5.0,
            "×",
        ),
        Verdict::at_least(
            &format!(
                "debug build of the whole-service crate: times faster than {}",
                sdk_label("no default features")
            ),
            debug(SDK_KEYS[1]) / debug("cleanrooms-service-types"),
            2.5,
            "×",
        ),
        Verdict::at_least(
            &format!(
                "debug build of the UpdateMembership crate: times faster than {}",
                sdk_label("default features")
            ),
            debug(SDK_KEYS[0]) / debug("cleanrooms-types"),
            12.0,
            "×",
        ),
        Verdict::at_most(
            "debug build of the UpdateMembership crate without default features ÷ the serde floor",
            debug("cleanrooms-types-serde-only") / debug(FLOOR_KEY),
            1.25,
            "×",
        ),
    ];
    Ok((s, verdicts))
}

/// CPU time (user + system) used so far by the children this process waited for, and theirs
/// (`cutime` + `cstime` of `/proc/self/stat`, in USER_HZ ticks: 100 per second on Linux).
fn children_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start at field 3, `state`.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = fields.get(13)?.parse::<u64>().ok()? + fields.get(14)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// Copies a generated crate (every file but `target/`) into `to`, as its own workspace.
fn copy_crate(from: &Path, to: &Path) -> Result<(), String> {
    copy_dir(from, to)?;
    let manifest = to.join("Cargo.toml");
    let mut text = String::from_utf8(read(&manifest)?).map_err(|e| e.to_string())?;
    text.push_str("\n# Added by `cargo xtask bench`: not part of any workspace.\n[workspace]\n");
    std::fs::write(&manifest, text).map_err(|e| format!("cannot write {}: {e}", manifest.display()))
}

/// Copies a directory tree, skipping `target` directories.
fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let entries =
        std::fs::read_dir(from).map_err(|e| format!("cannot list {}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot list {}: {e}", from.display()))?;
        let path = entry.path();
        let dest = to.join(entry.file_name());
        if path.is_dir() {
            if entry.file_name() != "target" {
                copy_dir(&path, &dest)?;
            }
        } else {
            std::fs::copy(&path, &dest)
                .map_err(|e| format!("cannot copy {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// Writes the scratch crate that builds the SDK with the dependency specification `spec`.
fn write_sdk_crate(dir: &Path, spec: &str) -> Result<(), String> {
    write_file(
        &dir.join("Cargo.toml"),
        &SDK_MANIFEST.replace("@SDK@", spec),
    )?;
    write_file(&dir.join("lib.rs"), SDK_LIB)
}

/// Writes a file, creating its directory.
fn write_file(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Runs cargo in `dir` (with its own target directory when given); returns stdout.
///
/// Without incremental compilation: cargo builds every registry crate (the SDK, serde) that way,
/// but a scratch crate of ours is a workspace member, which a debug build would compile
/// incrementally, saving its query results for the next build: 22–38% more for a clean build of
/// the whole service's own unit on the 2-core machine, in builds timed side by side. Both sides of a ratio compile alike.
fn cargo_in(dir: &Path, target: Option<&Path>, args: &[&str]) -> Result<String, String> {
    let mut command = Command::new(cargo());
    command
        .current_dir(dir)
        .args(args)
        .env("CARGO_INCREMENTAL", "0");
    match target {
        Some(target) => command.env("CARGO_TARGET_DIR", target),
        None => command.env("CARGO_TARGET_DIR", dir.join("target")),
    };
    let output = command
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(30).collect();
        Err(format!(
            "`cargo {}` failed in {}:\n{}",
            args.join(" "),
            dir.display(),
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        ))
    }
}

/// The duration of package `name`'s own unit (not its build script) on a `cargo build --timings`
/// page.
fn unit_seconds(html: &str, name: &str) -> Option<f64> {
    unit_data(html)
        .iter()
        .filter(|u| u["name"] == name && u["target"] == "")
        .filter_map(|u| u["duration"].as_f64())
        .reduce(f64::max)
}

/// The `UNIT_DATA` array of a `cargo build --timings` page (empty when it has none).
fn unit_data(html: &str) -> Vec<serde_json::Value> {
    const MARK: &str = "const UNIT_DATA = ";
    let Some(start) = html.find(MARK) else {
        return Vec::new();
    };
    let mut stream = serde_json::Deserializer::from_str(&html[start + MARK.len()..])
        .into_iter::<serde_json::Value>();
    match stream.next() {
        Some(Ok(serde_json::Value::Array(data))) => data,
        _ => Vec::new(),
    }
}

/// The `n` longest units of a `cargo build --timings` page: (`name version`, seconds).
fn slowest_units(html: &str, n: usize) -> Vec<(String, f64)> {
    let data = unit_data(html);
    let mut units: Vec<(String, f64)> = data
        .iter()
        .map(|u| {
            let script = if u["mode"] == "run-custom-build" {
                " (build script)"
            } else {
                ""
            };
            (
                format!(
                    "{} {}{script}",
                    u["name"].as_str().unwrap_or("?"),
                    u["version"].as_str().unwrap_or("")
                ),
                u["duration"].as_f64().unwrap_or(0.0),
            )
        })
        .collect();
    units.sort_by(|a, b| b.1.total_cmp(&a.1));
    units.truncate(n);
    units
}

// ---------------------------------------------------------------------------------------------
// Part 3: runtime

/// Part 3: builds the runtime scratch crate in release, runs it and tabulates what it prints.
fn runtime_part(
    root: &Path,
    plan: &Plan,
    scratch: &Path,
) -> Result<(String, Vec<Verdict>), String> {
    let dir = scratch.join("runtime");
    let generated = root.join("generated");
    let generated = generated
        .to_string_lossy()
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    write_file(
        &dir.join("Cargo.toml"),
        &RUNTIME_MANIFEST.replace("@GENERATED@", &generated),
    )?;
    write_file(&dir.join("main.rs"), RUNTIME_MAIN)?;
    // Not a compile-time measure: the target directory is kept between runs.
    let target = std::env::temp_dir().join("smithy-rust-bench-runtime-target");
    eprintln!("bench: runtime: cargo fetch");
    cargo_in(&dir, Some(&target), &["fetch"])?;
    eprintln!(
        "bench: runtime: release build of the scratch crate (target {})",
        target.display()
    );
    let started = Instant::now();
    let mut build = vec!["build", "--offline", "--release", "-j", JOBS];
    // The SDK's client, the reference of the SDK rows, only in the full run: its release build
    // (aws-lc-sys, rustls, hyper) takes minutes on the 2-core machine.
    if !plan.quick {
        build.extend(["--features", "sdk"]);
    }
    cargo_in(&dir, Some(&target), &build)?;
    eprintln!("bench:   {}", seconds(started.elapsed().as_secs_f64()));
    let sdk_version = locked_version(&dir.join("Cargo.lock"), "aws-sdk-cleanrooms")
        .unwrap_or_else(|| "?".to_owned());
    let responses = root.join("../shared/conformance/cleanrooms/responses.jsonl");
    eprintln!("bench: runtime: measuring");
    let output = Command::new(target.join("release/bench-runtime"))
        .arg(&responses)
        .arg(plan.runtime_samples.to_string())
        .arg(plan.runtime_sample_ms.to_string())
        .output()
        .map_err(|e| format!("cannot run bench-runtime: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "bench-runtime failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut bodies: Vec<(String, String, String)> = Vec::new();
    let mut checks = Vec::new();
    let mut times: Vec<(String, String, f64)> = Vec::new();
    for line in stdout.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        match fields.as_slice() {
            ["body", key, label, bytes] => {
                bodies.push(((*key).to_owned(), (*label).to_owned(), (*bytes).to_owned()));
            }
            ["check", body, text] => checks.push(format!("{body}: {text}")),
            ["time", body, name, ns, _] => {
                let ns = ns.parse().map_err(|_| format!("bench-runtime: {line}"))?;
                times.push(((*body).to_owned(), (*name).to_owned(), ns));
            }
            _ => return Err(format!("bench-runtime: unexpected line {line:?}")),
        }
    }
    let time = |body: &str, name: &str| {
        times
            .iter()
            .find(|(b, n, _)| b == body && n == name)
            .map_or(f64::NAN, |t| t.2)
    };
    let mut rows = Vec::new();
    let mut verdicts = Vec::new();
    for (key, _, bytes) in &bodies {
        let value_parse = time(key, "value_parse");
        let typed_parse = time(key, "typed_parse");
        let value_serialize = time(key, "value_serialize");
        let sdk = time(key, "sdk_call");
        let body = format!("{key}: {bytes} bytes");
        let versus_sdk = |ns: f64| {
            if plan.quick {
                String::new()
            } else {
                format!("SDK ÷ this: {}", ratio(sdk / ns))
            }
        };
        let measures = [
            (
                "`serde_json::from_slice::<Value>` (reference)",
                value_parse,
                value_parse,
                String::new(),
            ),
            (
                "`serde_json::from_slice::<UpdateMembershipOutput>`",
                typed_parse,
                value_parse,
                versus_sdk(typed_parse),
            ),
            (
                "`UpdateMembershipOutput::from_http_response` (status, headers, body)",
                time(key, "typed_http"),
                value_parse,
                versus_sdk(time(key, "typed_http")),
            ),
            (
                "`serde_json::to_vec(&Value)` (reference)",
                value_serialize,
                value_serialize,
                String::new(),
            ),
            (
                "`serde_json::to_vec(&UpdateMembershipOutput)`",
                time(key, "typed_serialize"),
                value_serialize,
                String::new(),
            ),
        ];
        // Request building does not depend on the body: the runtime crate times it once, with
        // the real one; it shows after `from_http_response`.
        let real = key == "real";
        let mut measures = Vec::from(measures);
        // The SDK's call, after `from_http_response`: only the full run builds the SDK.
        if !plan.quick {
            measures.insert(
                3,
                (
                    "SDK `update_membership().send()` on a replay client",
                    sdk,
                    value_parse,
                    String::new(),
                ),
            );
        }
        if real {
            measures.insert(
                3,
                (
                    "`UpdateMembershipInput::to_http_request` (3 members: URI label, JSON body)",
                    time(key, "typed_request"),
                    f64::NAN,
                    String::new(),
                ),
            );
        }
        for (what, ns, reference, note) in measures {
            rows.push(vec![
                body.clone(),
                what.to_owned(),
                nanos(ns),
                ratio(ns / reference),
                note,
            ]);
        }
        // The real body is the one the targets are about; a long synthetic one mostly times
        // copying strings.
        verdicts.push(Verdict::at_most(
            &format!("{key} body: typed parse ÷ `Value` parse"),
            typed_parse / value_parse,
            if real { 0.6 } else { 1.0 },
            "×",
        ));
        if real {
            verdicts.push(Verdict::at_most(
                &format!("{key} body: `from_http_response` ÷ `Value` parse"),
                time(key, "typed_http") / value_parse,
                1.0,
                "×",
            ));
        }
        if !plan.quick {
            verdicts.push(Verdict::at_least(
                &format!("{key} body: SDK call ÷ typed parse"),
                sdk / typed_parse,
                2.0,
                "×",
            ));
        }
    }
    let mut s = format!(
        "\n## Runtime\n\nPer call, median of {} samples of at least {} ms each (taken round-robin), \
         in a scratch crate built in release that depends on `generated/` and on \
         `aws-sdk-cleanrooms` {sdk_version} (`default-features = false`, `rt-tokio`), with \
         serde_json's `preserve_order` (which the SDK turns on: `Value` objects are an \
         `IndexMap`, about 25% slower to parse than the default `BTreeMap`). The SDK \
         figure is a whole `update_membership().send()` on a current-thread tokio runtime with \
         a `StaticReplayClient` (aws-smithy-http-client `test-util`), dummy credentials and \
         region: it includes building and serializing the request, endpoint resolution, SigV4 \
         signing, the interceptors and retry machinery, then reading the replayed response.{} \
         Bodies:\n\n",
        plan.runtime_samples,
        plan.runtime_sample_ms,
        if plan.quick {
            " `--quick` builds the scratch crate without the SDK (a release build of minutes), \
             so it has no SDK rows."
        } else {
            ""
        }
    );
    for (key, label, bytes) in &bodies {
        let _ = writeln!(s, "- {key} ({bytes} bytes): `{label}`");
    }
    for check in &checks {
        let _ = writeln!(s, "- checked before timing: {check}");
    }
    s.push('\n');
    s.push_str(&markdown_table(
        &["body", "operation", "per call", "÷ reference", ""],
        &rows,
    ));
    Ok((s, verdicts))
}

/// The version of `package` in a `Cargo.lock`.
fn locked_version(lock: &Path, package: &str) -> Option<String> {
    let text = std::fs::read_to_string(lock).ok()?;
    let name = format!("name = \"{package}\"");
    let mut lines = text.lines();
    lines.find(|l| *l == name)?;
    let version = lines.next()?.strip_prefix("version = \"")?;
    Some(version.trim_end_matches('"').to_owned())
}

// ---------------------------------------------------------------------------------------------
// Targets and formatting

/// A measured figure against its target.
struct Verdict {
    what: String,
    value: f64,
    target: f64,
    unit: &'static str,
    at_most: bool,
}

impl Verdict {
    fn at_most(what: &str, value: f64, target: f64, unit: &'static str) -> Verdict {
        Verdict {
            what: what.to_owned(),
            value,
            target,
            unit,
            at_most: true,
        }
    }

    fn at_least(what: &str, value: f64, target: f64, unit: &'static str) -> Verdict {
        Verdict {
            at_most: false,
            ..Verdict::at_most(what, value, target, unit)
        }
    }

    /// `met`, `missed by N×` (how many times better the figure must get), or `not measured`.
    fn outcome(&self) -> String {
        if !self.value.is_finite() {
            return "not measured".to_owned();
        }
        let met = if self.at_most {
            self.value <= self.target
        } else {
            self.value >= self.target
        };
        if met {
            "met".to_owned()
        } else {
            let factor = if self.at_most {
                self.value / self.target
            } else {
                self.target / self.value
            };
            format!("missed by {factor:.1}×")
        }
    }
}

/// The targets of issue 7 against this run.
fn targets_section(verdicts: &[Verdict]) -> String {
    if verdicts.is_empty() {
        return String::new();
    }
    let rows: Vec<Vec<String>> = verdicts
        .iter()
        .map(|v| {
            let value = if v.value.is_finite() {
                format!("{:.2} {}", v.value, v.unit)
            } else {
                "-".to_owned()
            };
            let target = format!(
                "{} {} {}",
                if v.at_most { "≤" } else { "≥" },
                v.target,
                v.unit
            );
            vec![v.what.clone(), value, target, v.outcome()]
        })
        .collect();
    format!(
        "\n## Targets\n\n{}",
        markdown_table(&["figure", "measured", "target", "verdict"], &rows)
    )
}

/// A Markdown table.
fn markdown_table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut s = format!("| {} |\n|", header.join(" | "));
    for _ in header {
        s.push_str(" --- |");
    }
    s.push('\n');
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| c.replace('|', "\\|")).collect();
        let _ = writeln!(s, "| {} |", cells.join(" | "));
    }
    s
}

/// The median of some durations (the upper one of an even count).
fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

/// `1.23×`.
fn ratio(r: f64) -> String {
    if r.is_finite() {
        format!("{r:.2}×")
    } else {
        "-".to_owned()
    }
}

/// `4.2 ms`, `1.23 s`, `850 µs`.
fn duration(d: Duration) -> String {
    nanos(d.as_nanos() as f64)
}

/// A time given in nanoseconds.
fn nanos(ns: f64) -> String {
    if !ns.is_finite() {
        "-".to_owned()
    } else if ns < 1e3 {
        format!("{ns:.0} ns")
    } else if ns < 1e6 {
        format!("{:.1} µs", ns / 1e3)
    } else if ns < 1e9 {
        format!("{:.1} ms", ns / 1e6)
    } else {
        seconds(ns / 1e9)
    }
}

/// `12.3 s`.
fn seconds(s: f64) -> String {
    format!("{s:.1} s")
}

/// `1.2 MiB`.
fn mib(bytes: usize) -> String {
    format!("{:.1} MiB", bytes as f64 / f64::from(1 << 20))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slowest_units_come_from_the_timings_page() {
        let html = r#"<script>
const UNIT_DATA = [{"i":0,"name":"a","version":"1.0.0","mode":"todo","duration":1.5},
{"i":1,"name":"b","version":"0.2.0","mode":"run-custom-build","duration":7.25}];
const CONCURRENCY_DATA = [];</script>"#;
        assert_eq!(
            slowest_units(html, 1),
            vec![("b 0.2.0 (build script)".to_owned(), 7.25)]
        );
        assert!(slowest_units("<html></html>", 3).is_empty());
    }

    #[test]
    fn verdicts_say_by_how_much_a_target_is_missed() {
        assert_eq!(Verdict::at_most("x", 2.0, 3.0, "×").outcome(), "met");
        assert_eq!(
            Verdict::at_most("x", 4.5, 3.0, "×").outcome(),
            "missed by 1.5×"
        );
        assert_eq!(
            Verdict::at_least("x", 2.0, 5.0, "×").outcome(),
            "missed by 2.5×"
        );
        assert_eq!(
            Verdict::at_least("x", f64::NAN, 5.0, "×").outcome(),
            "not measured"
        );
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn children_cpu_time_comes_from_proc() {
        let before = children_cpu().expect("/proc/self/stat");
        let status = Command::new("sh")
            .args(["-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done"])
            .status()
            .unwrap();
        assert!(status.success());
        assert!(children_cpu().expect("/proc/self/stat") > before);
    }

    #[test]
    fn the_lockfile_names_the_resolved_version() {
        let dir = std::env::temp_dir().join(format!("bench-lock-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let lock = dir.join("Cargo.lock");
        std::fs::write(
            &lock,
            "[[package]]\nname = \"aws-sdk-cleanrooms\"\nversion = \"1.147.0\"\n",
        )
        .unwrap();
        assert_eq!(
            locked_version(&lock, "aws-sdk-cleanrooms").as_deref(),
            Some("1.147.0")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
