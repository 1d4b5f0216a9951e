//! `cargo xtask protocol-tests`: runs the official Smithy protocol compliance tests (the client
//! cases of `smithy.test#httpRequestTests` and `httpResponseTests`) against the crates the
//! generator produces. For each service with cases in a protocol that has a wire layer, it
//! generates one crate with every operation that generates, adds `tests/protocol.rs` with one
//! test per case (and the hand-written checks of `xtask/protocol-tests/support.rs`), builds and
//! runs it under `target/protocol-tests/`, and compares the results with the committed list of
//! expected failures (`xtask/protocol-tests/expected-failures.txt`). Services of protocols
//! without a wire layer are counted, not run.

mod cases;
mod emit;
mod instantiate;
mod outcome;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use codegen::model::{Model, shape_name};
use codegen::protocol::Protocol;

use self::cases::{Case, Kind, Service};
use self::emit::OperationApi;
use self::outcome::{Expected, TestResult};
use crate::repo_root;

/// The command, as shown in generated headers and messages.
const COMMAND: &str = "cargo xtask protocol-tests";

/// The hand-written checks copied into every test crate as `tests/support/mod.rs`.
const SUPPORT: &str = include_str!("../protocol-tests/support.rs");

/// How many times a build is retried after dropping the tests that do not compile.
const COMPILE_RETRIES: usize = 5;

/// Options of `cargo xtask protocol-tests`. Relative paths are taken from the repository root.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Model files or directories, repeatable; they must carry the `smithy.test` traits
    /// [default: ../shared/smithy/protocol-tests and ../shared/smithy/traits].
    #[arg(long = "models", value_name = "DIR")]
    models: Vec<PathBuf>,
    /// Only the cases of this protocol (`restJson1`, or a trait ID).
    #[arg(long, value_name = "P")]
    protocol: Option<String>,
    /// Only the services whose shape ID contains NAME.
    #[arg(long, value_name = "NAME")]
    service: Option<String>,
    /// Do not regenerate: build and run the test crates as they are on disk (to debug a
    /// generated test edited by hand). The crates are always kept under --out.
    #[arg(long)]
    keep: bool,
    /// Also run clippy (`-D warnings`) on the test crates, tests included.
    #[arg(long)]
    clippy: bool,
    /// The committed list of cases expected to fail: `<service> <request|response>::<case id>
    /// <reason>` per line.
    #[arg(
        long,
        value_name = "FILE",
        default_value = "xtask/protocol-tests/expected-failures.txt"
    )]
    expected_failures: PathBuf,
    /// Where the test crates, their workspace and target directory, and `results.txt` go.
    #[arg(long, value_name = "DIR", default_value = "target/protocol-tests")]
    out: PathBuf,
}

/// What became of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
enum CaseResult {
    /// Its test passed.
    Passed,
    /// Its test failed, with the message.
    Failed(String),
    /// It has no test: what is missing (an operation that does not generate, …).
    NotRun(String),
}

/// The cases of one service in one protocol.
struct Group<'a> {
    service: &'a Service,
    /// The protocol's trait ID.
    protocol: String,
    cases: Vec<&'a Case>,
}

/// A test crate for one group.
struct TestCrate<'a> {
    group: &'a Group<'a>,
    package: String,
    /// Case key (`request::Id`) → test path (`request::Id`, unless two cases share an id),
    /// for the cases that have a test.
    tests: BTreeMap<String, String>,
    /// Case key → result so far (cases without a test, and those dropped because their test
    /// does not compile).
    results: BTreeMap<String, CaseResult>,
    /// Test path → source of the test function.
    sources: BTreeMap<String, String>,
    /// The generated crate's files (test file excluded).
    files: codegen::Files,
    /// The API of each generated operation.
    apis: BTreeMap<String, OperationApi>,
    /// What this crate leaves out.
    exclusions: Exclusions,
}

/// Runs the command: prints one line per service and protocol, per-case lines for surprises,
/// and exits non-zero on an unexpected failure or an unexpected pass.
pub fn run(args: &Args) -> Result<ExitCode, String> {
    let started = Instant::now();
    let root = repo_root();
    let paths: Vec<PathBuf> = if args.models.is_empty() {
        vec![
            root.join("../shared/smithy/protocol-tests"),
            root.join("../shared/smithy/traits"),
        ]
    } else {
        args.models.iter().map(|p| root.join(p)).collect()
    };
    let expected_path = root.join(&args.expected_failures);
    let expected_text = std::fs::read_to_string(&expected_path)
        .map_err(|e| format!("cannot read {}: {e}", expected_path.display()))?;
    let expected = outcome::parse_expected(&expected_text)
        .map_err(|e| format!("{}: {e}", expected_path.display()))?;
    let loaded = codegen::Model::from_paths(&paths).map_err(|e| format!("the models do not load: {e}"))?;
    let services = cases::services(loaded.resolved());

    let mut groups = Vec::new();
    for service in &services {
        if args
            .service
            .as_ref()
            .is_some_and(|s| !service.id.contains(s.as_str()))
        {
            continue;
        }
        let mut by_protocol: BTreeMap<&str, Vec<&Case>> = BTreeMap::new();
        for case in &service.cases {
            by_protocol.entry(&case.protocol).or_default().push(case);
        }
        for (protocol, cases) in by_protocol {
            if args
                .protocol
                .as_ref()
                .is_some_and(|p| p != protocol && p != protocol_name(protocol))
            {
                continue;
            }
            groups.push(Group {
                service,
                protocol: protocol.to_owned(),
                cases,
            });
        }
    }
    if groups.is_empty() {
        return Err("no service has client cases for the selection".to_owned());
    }

    let out = root.join(&args.out);
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut crates = Vec::new();
    let mut packages = BTreeSet::new();
    for group in groups.iter().filter(|g| runnable(loaded.resolved(), g)) {
        let package = package_name(&group.service.id, &packages);
        packages.insert(package.clone());
        eprintln!(
            "protocol-tests: generating {package} for {} ({})",
            group.service.id,
            protocol_name(&group.protocol)
        );
        crates.push(test_crate(&loaded, group, package, Exclusions::default())?);
    }
    if !crates.is_empty() {
        build_and_run(&loaded, &out, &mut crates, args)?;
    }

    let (report, ok) = report(
        &groups,
        &crates,
        &expected,
        &services,
        args.models.is_empty(),
    );
    print!("{report}");
    std::fs::write(out.join("results.txt"), results_table(&crates, &expected))
        .map_err(|e| format!("cannot write {}: {e}", out.join("results.txt").display()))?;
    eprintln!(
        "protocol-tests: done in {:.1?}; per-case results in {}",
        started.elapsed(),
        out.join("results.txt").display()
    );
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Whether a group is run: its protocol has a wire layer and the service offers it.
fn runnable(model: &Model, group: &Group<'_>) -> bool {
    Protocol::from_name(&group.protocol).is_some_and(|p| {
        p.has_wire_layer() && model.shapes[&group.service.id].has_trait(p.trait_id())
    })
}

/// `restJson1` for `aws.protocols#restJson1`.
fn protocol_name(trait_id: &str) -> &str {
    trait_id.rsplit_once('#').map_or(trait_id, |(_, n)| n)
}

/// The test crate's package name: the service name in kebab case, `-protocol-tests` appended,
/// made unique.
fn package_name(service: &str, taken: &BTreeSet<String>) -> String {
    let snake = codegen::naming::field_name(shape_name(service));
    let base = format!(
        "{}-protocol-tests",
        snake
            .trim_start_matches("r#")
            .trim_matches('_')
            .replace('_', "-")
    );
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}-{n}");
        n += 1;
    }
    name
}

/// Generates the crate of a selection of operations of a service.
fn generate(
    loaded: &codegen::Model,
    service: &str,
    operations: Vec<String>,
    package: &str,
    protocol: &str,
) -> codegen::Result<codegen::Files> {
    let settings = codegen::Settings::builder()
        .service(service)
        .operations(operations)
        .package(package)
        .command(COMMAND)
        .protocol(protocol)
        .build();
    Ok(codegen::Generator::new(settings)
        .generate_crate(loaded)?
        .into_files())
}

/// The first line of a message.
fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

/// What a test crate leaves out, carried from one build attempt to the next.
#[derive(Debug, Clone, Default)]
struct Exclusions {
    /// Operations left out, with the reason: they do not generate (alone, or with the
    /// others), or their generated code does not compile.
    operations: BTreeMap<String, String>,
    /// Whether each operation was tried alone already.
    tried_alone: bool,
    /// Cases whose test does not compile, with the compiler's message.
    cases: BTreeMap<String, String>,
}

/// Generates the crate of a group and turns each case into a test (or a reason it has none).
fn test_crate<'a>(
    loaded: &codegen::Model,
    group: &'a Group<'a>,
    package: String,
    mut exclusions: Exclusions,
) -> Result<TestCrate<'a>, String> {
    let model = loaded.resolved();
    let service = &group.service.id;
    let protocol = group.protocol.as_str();
    // Each operation alone (once), then together.
    if !exclusions.tried_alone {
        for op in &group.service.operations {
            if let Err(e) = generate(loaded, service, vec![op.clone()], &package, protocol) {
                exclusions
                    .operations
                    .insert(op.clone(), first_line(&e.to_string()).to_owned());
            }
        }
        exclusions.tried_alone = true;
    }
    let mut ops: Vec<String> = group
        .service
        .operations
        .iter()
        .filter(|op| !exclusions.operations.contains_key(*op))
        .cloned()
        .collect();
    // An empty selection would mean every operation.
    let generated = if ops.is_empty() {
        Ok(BTreeMap::new())
    } else {
        generate(loaded, service, ops.clone(), &package, protocol)
    };
    let files = match generated {
        Ok(files) => files,
        Err(_) => {
            // Add the operations one at a time, leaving out those that break the crate.
            let mut kept: Vec<String> = Vec::new();
            for op in &ops {
                let mut with = kept.clone();
                with.push(op.clone());
                match generate(loaded, service, with.clone(), &package, protocol)
                {
                    Ok(_) => kept = with,
                    Err(e) => {
                        exclusions.operations.insert(
                            op.clone(),
                            format!(
                                "does not generate with the other operations: {}",
                                first_line(&e.to_string())
                            ),
                        );
                    }
                }
            }
            ops = kept;
            if ops.is_empty() {
                BTreeMap::new()
            } else {
                generate(loaded, service, ops.clone(), &package, protocol)
                    .map_err(|e| format!("{service}: the crate does not generate: {e}"))?
            }
        }
    };
    let mut krate = TestCrate {
        group,
        package: package.clone(),
        tests: BTreeMap::new(),
        results: BTreeMap::new(),
        sources: BTreeMap::new(),
        files: if ops.is_empty() {
            BTreeMap::new()
        } else {
            files
        },
        apis: BTreeMap::new(),
        exclusions: exclusions.clone(),
    };
    if ops.is_empty() {
        for case in &group.cases {
            krate.results.insert(
                case.key(),
                CaseResult::NotRun(not_run_reason(&case.shape, &exclusions.operations)),
            );
        }
        return Ok(krate);
    }
    let selection = codegen::Selection {
        service: Some(service.clone()),
        operations: ops.clone(),
    };
    let closure = codegen::closure::closure(model, &selection).map_err(|e| e.to_string())?;
    let detected = codegen::protocol::detect(model, &closure.service, Some(protocol))
        .map_err(|e| e.to_string())?;
    let types = codegen::types::map(model, &closure, detected).map_err(|e| e.to_string())?;
    let http_ops =
        codegen::http::bind(model, &closure, &types, detected).map_err(|e| e.to_string())?;
    let apis = operation_apis(&closure, &types, &http_ops);
    let crate_ident = package.replace('-', "_");
    let inst = instantiate::Instantiator::new(&types, &crate_ident);
    let error_ops = cases::error_operations(model, service, &ops);
    for case in &group.cases {
        if let Some(reason) = exclusions.cases.get(&case.key()) {
            krate
                .results
                .insert(case.key(), CaseResult::NotRun(reason.clone()));
            continue;
        }
        let op = if case.on_error {
            error_ops
                .get(&case.shape)
                .and_then(|candidates| candidates.iter().find(|op| apis.contains_key(*op)))
                .cloned()
        } else {
            apis.contains_key(&case.shape).then(|| case.shape.clone())
        };
        let Some(op) = op else {
            let reason = if case.on_error {
                let returning = cases::error_operations(model, service, &group.service.operations);
                match returning.get(&case.shape).and_then(|ops| ops.first()) {
                    Some(first) => format!(
                        "no generated operation returns this error; {}",
                        not_run_reason(first, &exclusions.operations)
                    ),
                    None => "no operation of the service returns this error".to_owned(),
                }
            } else {
                not_run_reason(&case.shape, &exclusions.operations)
            };
            krate.results.insert(case.key(), CaseResult::NotRun(reason));
            continue;
        };
        let path = emit::test_path(case, &krate.sources);
        let name = path.rsplit("::").next().unwrap_or(&path).to_owned();
        match emit::test_fn(case, &name, &op, &apis[&op], &inst, &crate_ident) {
            Ok(source) => {
                if let Err(e) = syn::parse_str::<syn::ItemFn>(&source) {
                    return Err(format!(
                        "generator bug: the test of {} is not valid Rust ({e}):\n{source}",
                        case.id
                    ));
                }
                krate.tests.insert(case.key(), path.clone());
                krate.sources.insert(path, source);
            }
            Err(reason) => {
                krate.results.insert(case.key(), CaseResult::NotRun(reason));
            }
        }
    }
    krate.apis = apis;
    Ok(krate)
}

/// Why the cases of an operation have no test.
fn not_run_reason(op: &str, not_generated: &BTreeMap<String, String>) -> String {
    match not_generated.get(op) {
        Some(reason) => format!("operation not generated: {reason}"),
        None => "operation not generated".to_owned(),
    }
}

/// What the generated crate offers per operation (by shape ID), named as the generator
/// names it: a structure shared by several operations gets per-operation methods, and an
/// error enum whose name is taken by a shape becomes `{Operation}OperationError`.
fn operation_apis(
    closure: &codegen::closure::Closure,
    types: &codegen::types::Crate,
    http_ops: &[codegen::http::Operation],
) -> BTreeMap<String, OperationApi> {
    let taken: BTreeSet<&str> = types.items.iter().map(|i| i.name()).collect();
    let count = |pick: &dyn Fn(&codegen::http::Operation) -> Option<&str>| {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for op in http_ops {
            if let Some(t) = pick(op) {
                *counts.entry(t).or_default() += 1;
            }
        }
        counts
    };
    let inputs = count(&|o| o.input.as_ref().map(|b| b.type_name.as_str()));
    let outputs = count(&|o| o.output.as_ref().map(|b| b.type_name.as_str()));
    let mut apis = BTreeMap::new();
    for op in http_ops {
        let Some(id) = closure
            .operations
            .iter()
            .find(|id| shape_name(id) == op.name)
        else {
            continue;
        };
        let snake = codegen::naming::field_name(&op.name)
            .trim_start_matches("r#")
            .to_owned();
        let request = op.input.as_ref().map(|b| {
            let method = if inputs[b.type_name.as_str()] > 1 {
                format!("to_{snake}_request")
            } else {
                "to_http_request".to_owned()
            };
            (b.type_name.clone(), method)
        });
        let response = op.output.as_ref().map(|b| {
            let method = if outputs[b.type_name.as_str()] > 1 {
                format!("from_{snake}_response")
            } else {
                "from_http_response".to_owned()
            };
            (b.type_name.clone(), method)
        });
        let error_enum = if taken.contains(op.error_enum.as_str()) {
            format!("{}OperationError", op.name)
        } else {
            op.error_enum.clone()
        };
        apis.insert(
            id.clone(),
            OperationApi {
                request,
                fills_token: op.extras.idempotency_token.is_some(),
                response,
                error_enum,
                errors: op
                    .errors
                    .iter()
                    .map(|e| (e.type_name.clone(), e.variant.clone()))
                    .collect(),
            },
        );
    }
    apis
}

/// The test file of a crate, formatted.
fn test_file(krate: &TestCrate<'_>) -> Result<String, String> {
    let text = emit::file(&krate.group.service.id, &krate.sources);
    let file = syn::parse_file(&text).map_err(|e| {
        format!(
            "generator bug: the test file of {} does not parse: {e}",
            krate.package
        )
    })?;
    Ok(prettyplease::unparse(&file))
}

/// Writes the crates and their workspace, builds the tests (leaving out the operations whose
/// generated code does not compile, and the tests that do not compile), runs them, and records
/// each case's result.
fn build_and_run(
    loaded: &codegen::Model,
    out: &Path,
    crates: &mut [TestCrate<'_>],
    args: &Args,
) -> Result<(), String> {
    let buildable = |crates: &[TestCrate<'_>]| -> Vec<usize> {
        (0..crates.len())
            .filter(|&i| !crates[i].files.is_empty())
            .collect()
    };
    let all: Vec<usize> = buildable(crates);
    if all.is_empty() {
        return Ok(());
    }
    let lock = out.join("Cargo.lock");
    if !lock.exists() {
        // The repository's lock file: the same dependency versions as the committed crates.
        std::fs::copy(repo_root().join("Cargo.lock"), &lock)
            .map_err(|e| format!("cannot write {}: {e}", lock.display()))?;
    }
    let mut built = false;
    for _ in 0..=COMPILE_RETRIES {
        let current = buildable(crates);
        if !args.keep {
            for &i in &all {
                let krate = &crates[i];
                let mut files = krate.files.clone();
                if !files.is_empty() {
                    files.insert("tests/protocol.rs".to_owned(), test_file(krate)?);
                    files.insert("tests/support/mod.rs".to_owned(), SUPPORT.to_owned());
                }
                sync_dir(&out.join(&krate.package), &files)?;
            }
        }
        if current.is_empty() {
            built = true;
            break;
        }
        let members: Vec<String> = current
            .iter()
            .map(|&i| format!("{:?}", crates[i].package))
            .collect();
        write_if_changed(
            &out.join("Cargo.toml"),
            &format!(
                "# Written by `{COMMAND}`: the protocol test crates, built together.\n\
                         [workspace]\nresolver = \"3\"\nmembers = [{}]\n\n\
                         [profile.dev]\ndebug = false\n",
                members.join(", ")
            ),
        )?;
        let packages: Vec<&str> = current
            .iter()
            .map(|&i| crates[i].package.as_str())
            .collect();
        eprintln!("protocol-tests: building {}", packages.join(", "));
        let errors = build(out, &packages)?;
        if errors.is_empty() {
            built = true;
            break;
        }
        if args.keep {
            return Err(format!(
                "the test crates do not compile:\n{}",
                errors
                    .iter()
                    .map(|e| e.rendered.as_str())
                    .collect::<String>()
            ));
        }
        for &i in &current {
            let package = crates[i].package.clone();
            let mine: Vec<&CompileError> = errors.iter().filter(|e| e.package == package).collect();
            if mine.is_empty() {
                continue;
            }
            let mut exclusions = crates[i].exclusions.clone();
            let library: Vec<&&CompileError> = mine.iter().filter(|e| !e.in_tests).collect();
            if library.is_empty() {
                // Tests that do not compile are left out, each with the compiler's message.
                let source = test_file(&crates[i])?;
                for error in &mine {
                    let name = enclosing_fn(&source, error.line).ok_or_else(|| {
                        format!(
                            "{package}: a compile error outside the case tests:\n{}",
                            error.rendered
                        )
                    })?;
                    let case = crates[i]
                        .tests
                        .iter()
                        .find(|(_, f)| **f == name)
                        .map(|(c, _)| c.clone())
                        .ok_or_else(|| {
                            format!(
                                "{package}: a compile error in `{name}`:\n{}",
                                error.rendered
                            )
                        })?;
                    exclusions
                        .cases
                        .entry(case)
                        .or_insert_with(|| format!("the test does not compile: {}", error.message));
                }
            } else {
                // The generated library does not compile: leave out the operations whose code
                // the errors are in; an error elsewhere stops the whole crate.
                eprintln!(
                    "protocol-tests: {package}: the generated crate does not compile ({} errors); \
                     leaving out the operations they are in",
                    library.len()
                );
                let operations =
                    std::fs::read_to_string(out.join(&package).join("src/operations.rs"))
                        .unwrap_or_default();
                for error in library {
                    let op = error
                        .file
                        .ends_with("src/operations.rs")
                        .then(|| enclosing_type(&operations, error.line))
                        .flatten()
                        .and_then(|ty| operation_of_type(&crates[i].apis, &ty));
                    let Some(op) = op else {
                        return Err(format!(
                            "{package}: the generated crate does not compile, outside any operation's code:\n{}",
                            error.rendered
                        ));
                    };
                    exclusions.operations.entry(op).or_insert_with(|| {
                        format!("its generated code does not compile: {}", error.message)
                    });
                }
            }
            let group = crates[i].group;
            crates[i] = test_crate(loaded, group, package, exclusions)?;
        }
    }
    if !built {
        return Err(format!(
            "the test crates under {} still do not compile after {COMPILE_RETRIES} retries",
            out.display()
        ));
    }
    let current = buildable(crates);
    if args.clippy && !current.is_empty() {
        let packages: Vec<&str> = current
            .iter()
            .map(|&i| crates[i].package.as_str())
            .collect();
        clippy(out, &packages)?;
    }
    for &i in &current {
        let krate = &mut crates[i];
        if krate.tests.is_empty() {
            continue;
        }
        eprintln!("protocol-tests: running {}", krate.package);
        let results = run_tests(out, &krate.package)?;
        for (case, name) in &krate.tests {
            let result = match results.get(name) {
                Some(TestResult::Passed) => CaseResult::Passed,
                Some(TestResult::Failed(message)) => CaseResult::Failed(message.clone()),
                Some(TestResult::Ignored) => CaseResult::Failed("ignored".to_owned()),
                None => {
                    CaseResult::Failed("no result: the test binary did not report it".to_owned())
                }
            };
            krate.results.insert(case.clone(), result);
        }
        // The support module's own tests must pass.
        for (name, result) in &results {
            if name.starts_with("support::")
                && let TestResult::Failed(message) = result
            {
                return Err(format!(
                    "{}: the support self-test {name} fails:\n{message}",
                    krate.package
                ));
            }
        }
    }
    Ok(())
}

/// The type of the `impl` or `enum` around a line of a formatted file (`impl FooError {`,
/// `impl ::std::fmt::Display for FooError {`, `pub enum FooError {`).
fn enclosing_type(source: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = source.lines().collect();
    lines
        .get(..line.min(lines.len()))?
        .iter()
        .rev()
        .find_map(|l| {
            let rest = l
                .strip_prefix("impl ")
                .or_else(|| l.strip_prefix("pub enum "))?;
            let ty = rest.rsplit(" for ").next().unwrap_or(rest);
            Some(ty.trim_end_matches('{').trim().to_owned())
        })
}

/// The operation whose code an item of `operations.rs` belongs to: its error enum, or its input
/// or output structure (when no other operation shares it).
fn operation_of_type(apis: &BTreeMap<String, OperationApi>, ty: &str) -> Option<String> {
    if let Some((op, _)) = apis.iter().find(|(_, a)| a.error_enum == ty) {
        return Some(op.clone());
    }
    let users: Vec<&String> = apis
        .iter()
        .filter(|(_, a)| {
            a.request.as_ref().is_some_and(|(t, _)| t == ty)
                || a.response.as_ref().is_some_and(|(t, _)| t == ty)
        })
        .map(|(op, _)| op)
        .collect();
    match users.as_slice() {
        [one] => Some((*one).clone()),
        _ => None,
    }
}

/// A compile error reported by cargo.
#[derive(Debug)]
struct CompileError {
    /// The package it belongs to.
    package: String,
    /// Whether it is in the `protocol` test target (else in the library).
    in_tests: bool,
    /// The file of its primary span.
    file: String,
    /// The 1-based line of its primary span.
    line: usize,
    /// The short message.
    message: String,
    /// The whole rendered diagnostic.
    rendered: String,
}

/// `cargo` with the test crates' target directory.
fn cargo(out: &Path) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command
        .current_dir(out)
        .env("CARGO_TARGET_DIR", out.join("target"))
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS");
    command
}

/// Builds the test targets of `packages`; returns the compile errors (empty when it built).
fn build(out: &Path, packages: &[&str]) -> Result<Vec<CompileError>, String> {
    let mut command = cargo(out);
    command.args([
        "test",
        "--no-run",
        "--message-format=json",
        "--test",
        "protocol",
    ]);
    for p in packages {
        command.args(["-p", p]);
    }
    let output = command
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut errors = Vec::new();
    for line in stdout.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" || message["message"]["level"] != "error" {
            continue;
        }
        let package_id = message["package_id"].as_str().unwrap_or_default();
        let Some(package) = packages.iter().find(|p| {
            package_id.contains(&format!("#{p}@")) || package_id.contains(&format!("/{p}#"))
        }) else {
            continue;
        };
        let in_tests = message["target"]["name"] == "protocol";
        let span = message["message"]["spans"]
            .as_array()
            .and_then(|spans| spans.iter().find(|s| s["is_primary"] == true))
            .cloned()
            .unwrap_or_default();
        errors.push(CompileError {
            package: (*package).to_owned(),
            in_tests,
            file: span["file_name"].as_str().unwrap_or_default().to_owned(),
            line: span["line_start"].as_u64().unwrap_or(0) as usize,
            message: message["message"]["message"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            rendered: message["message"]["rendered"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        });
    }
    if errors.is_empty() && !output.status.success() {
        return Err(format!(
            "cargo could not build the test crates under {}",
            out.display()
        ));
    }
    Ok(errors)
}

/// Runs clippy `-D warnings` on the test crates, tests included.
fn clippy(out: &Path, packages: &[&str]) -> Result<(), String> {
    let mut command = cargo(out);
    command.args(["clippy", "--all-targets"]);
    for p in packages {
        command.args(["-p", p]);
    }
    command.args(["--", "-D", "warnings"]);
    let status = command
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        eprintln!("protocol-tests: clippy -D warnings is clean");
        Ok(())
    } else {
        Err("the test crates are not clippy-clean (see above)".to_owned())
    }
}

/// Runs the `protocol` tests of a package; returns each test's result.
fn run_tests(out: &Path, package: &str) -> Result<BTreeMap<String, TestResult>, String> {
    let output = cargo(out)
        .args([
            "test", "-p", package, "--test", "protocol", "--", "--color", "never",
        ])
        .env("RUST_BACKTRACE", "0")
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let results = outcome::parse_libtest(&stdout);
    if results.is_empty() {
        return Err(format!(
            "{package}: the test binary reported nothing:\n{stdout}"
        ));
    }
    Ok(results)
}

/// The test path (`module::function`) of the function around a line of the formatted test
/// file, whose tests are functions of top-level modules.
fn enclosing_fn(source: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = source.lines().collect();
    let before = lines.get(..line.min(lines.len()))?;
    let at = before
        .iter()
        .rposition(|l| l.trim_start().starts_with("fn ") && l.starts_with("    "))?;
    let name = before[at]
        .trim_start()
        .strip_prefix("fn ")?
        .split('(')
        .next()?;
    let module = before[..at]
        .iter()
        .rev()
        .find_map(|l| l.strip_prefix("mod "))?
        .trim_end_matches('{')
        .trim();
    Some(format!("{module}::{name}"))
}

/// Writes a file when its contents differ (so cargo's fingerprints see unchanged files as
/// unchanged and a rerun is incremental).
fn write_if_changed(path: &Path, contents: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Makes `dir` hold exactly `files`: changed files are written, others left alone, files not in
/// the set removed.
fn sync_dir(dir: &Path, files: &codegen::Files) -> Result<(), String> {
    for (name, contents) in files {
        write_if_changed(&dir.join(name), contents)?;
    }
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        let entries =
            std::fs::read_dir(&d).map_err(|e| format!("cannot list {}: {e}", d.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let relative = path
                .strip_prefix(dir)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            if !files.contains_key(&relative) {
                std::fs::remove_file(&path)
                    .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
            }
        }
    }
    Ok(())
}

/// The report: one line per service and protocol, then the surprises; and whether the run
/// matches the expected-failures list.
fn report(
    groups: &[Group<'_>],
    crates: &[TestCrate<'_>],
    expected: &[Expected],
    services: &[Service],
    default_models: bool,
) -> (String, bool) {
    let mut out = String::new();
    let mut ok = true;
    let listed = |service: &str, case: &str| {
        expected
            .iter()
            .find(|e| e.service == service && e.case == case)
    };
    let (mut passed_all, mut failed_all, mut expected_all, mut not_run_all) = (0, 0, 0, 0);
    for group in groups {
        let service = &group.service.id;
        let protocol = protocol_name(&group.protocol);
        let total = group.cases.len();
        let Some(krate) = crates.iter().find(|c| std::ptr::eq(c.group, group)) else {
            let requests = group
                .cases
                .iter()
                .filter(|c| c.kind == Kind::Request)
                .count();
            let why = match Protocol::from_name(&group.protocol) {
                Some(p) if p.has_wire_layer() => {
                    format!("the service does not offer {protocol}")
                }
                _ => "no wire layer yet".to_owned(),
            };
            let _ = writeln!(
                out,
                "{service} ({protocol}): {why}, {total} client cases ({requests} request, {} response) not run",
                total - requests
            );
            not_run_all += total;
            continue;
        };
        let (mut passed, mut failed, mut expected_fail) = (0, 0, 0);
        let mut lines = Vec::new();
        for case in &group.cases {
            let result = krate
                .results
                .get(&case.key())
                .cloned()
                .unwrap_or_else(|| CaseResult::Failed("no result".to_owned()));
            let listing = listed(service, &case.key());
            match (&result, listing) {
                (CaseResult::Passed, None) => passed += 1,
                (CaseResult::Passed, Some(e)) => {
                    passed += 1;
                    ok = false;
                    lines.push(format!(
                        "  error: {} passes but is listed as expected to fail (line {}: {})",
                        case.key(),
                        e.line,
                        e.reason
                    ));
                }
                (CaseResult::Failed(_) | CaseResult::NotRun(_), Some(_)) => expected_fail += 1,
                (CaseResult::Failed(m), None) => {
                    failed += 1;
                    ok = false;
                    lines.push(format!("  FAILED {}: {}", case.key(), indent(m)));
                }
                (CaseResult::NotRun(m), None) => {
                    failed += 1;
                    ok = false;
                    lines.push(format!("  FAILED {} (not run): {}", case.key(), indent(m)));
                }
            }
        }
        let _ = writeln!(
            out,
            "{service} ({protocol}): {passed} passed, {failed} failed, {expected_fail} expected to fail (of {total} client cases)"
        );
        for l in lines {
            let _ = writeln!(out, "{l}");
        }
        passed_all += passed;
        failed_all += failed;
        expected_all += expected_fail;
    }
    // Entries that name no client case of a service that ran, or a service without cases.
    for e in expected {
        let ran: Vec<&TestCrate<'_>> = crates
            .iter()
            .filter(|c| c.group.service.id == e.service)
            .collect();
        let known_service = services.iter().any(|s| s.id == e.service);
        if !ran.is_empty()
            && !ran
                .iter()
                .any(|c| c.group.cases.iter().any(|case| case.key() == e.case))
        {
            ok = false;
            let _ = writeln!(
                out,
                "error: line {}: `{}` is not a client case of {} in this run",
                e.line, e.case, e.service
            );
        } else if !known_service && default_models {
            ok = false;
            let _ = writeln!(
                out,
                "error: line {}: no service {} has client cases in the models",
                e.line, e.service
            );
        }
    }
    let _ = writeln!(
        out,
        "total: {passed_all} passed, {failed_all} failed, {expected_all} expected to fail; {not_run_all} client cases of protocols without a wire layer not run"
    );
    (out, ok)
}

/// A multi-line message indented under its case line.
fn indent(message: &str) -> String {
    message.replace('\n', "\n      ")
}

/// Every case of the crates that ran, one line each: service, case id, outcome, and the reason
/// or message (first line).
fn results_table(crates: &[TestCrate<'_>], expected: &[Expected]) -> String {
    let mut out = String::from("# service\tcase\toutcome\tlisted\tdetail\n");
    for krate in crates {
        for case in &krate.group.cases {
            let (outcome, detail) = match krate.results.get(&case.key()) {
                Some(CaseResult::Passed) => ("passed", String::new()),
                Some(CaseResult::Failed(m)) => ("failed", m.replace('\n', " | ")),
                Some(CaseResult::NotRun(m)) => ("not-run", m.clone()),
                None => ("missing", String::new()),
            };
            let listed = expected
                .iter()
                .any(|e| e.service == krate.group.service.id && e.case == case.key());
            let _ = writeln!(
                out,
                "{}\t{}\t{outcome}\t{}\t{detail}",
                krate.group.service.id,
                case.key(),
                if listed { "listed" } else { "-" }
            );
        }
    }
    out
}
