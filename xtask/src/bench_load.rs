//! The loading part of `cargo xtask bench`: the same models loaded from the Smithy IDL and from
//! their JSON AST, side by side in one run (parse, merge and resolve, from text in memory).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use codegen::load::Source;

/// One comparison: the same model as IDL files and as one JSON AST text.
pub struct Pair {
    /// What it is, for the report.
    pub what: String,
    /// Bytes of IDL and of JSON.
    pub bytes: (usize, usize),
    /// Median time to load them all from IDL and from JSON.
    pub times: (Duration, Duration),
}

/// What the loading part measured.
pub struct Measured {
    /// restJson1's test model, and the corpus turned into IDL.
    pub pairs: Vec<Pair>,
    /// Loading all the protocol test files together (with the trait definitions): median time,
    /// number of protocol test files.
    pub all_protocol_tests: (Duration, usize),
}

fn read_sources(paths: &[PathBuf]) -> Result<Vec<Source>, String> {
    codegen::load::read(paths).map_err(|e| e.to_string())
}

fn load(sources: &[Source]) -> Result<(), String> {
    std::hint::black_box(codegen::Model::from_sources(sources.iter().cloned()).map_err(|e| e.to_string())?);
    Ok(())
}

/// Median of `repeats` timed runs of `f` over every input, after one untimed warm-up.
fn time_all(inputs: &[Vec<Source>], repeats: usize) -> Result<Duration, String> {
    for i in inputs {
        load(i)?;
    }
    let mut times = Vec::new();
    for _ in 0..repeats {
        let started = Instant::now();
        for i in inputs {
            load(i)?;
        }
        times.push(started.elapsed());
    }
    times.sort();
    Ok(times[times.len() / 2])
}

fn bytes(inputs: &[Vec<Source>]) -> usize {
    inputs.iter().flatten().map(|s| s.text.len()).sum()
}

/// The JSON AST of a model loaded from `sources`, as one source.
fn as_json(sources: &[Source], name: &str) -> Result<Source, String> {
    let ast = codegen::load::load_ast(sources).map_err(|e| e.to_string())?;
    Ok(Source {
        path: PathBuf::from(format!("{name}.json")),
        text: ast.to_json(),
    })
}

/// The AWS models of `../shared/models/aws`, sorted.
pub(crate) fn corpus_paths(root: &Path) -> Result<Vec<PathBuf>, String> {
    let dir = root.join("../shared/models/aws");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    Ok(paths)
}

/// Measures; `repeats` timed runs of the small inputs, `corpus_repeats` of the corpus.
pub fn measure(root: &Path, repeats: usize, corpus_repeats: usize) -> Result<Measured, String> {
    let smithy = root.join("../shared/smithy");
    let traits = smithy.join("traits");
    let tests = smithy.join("protocol-tests");

    // restJson1: its folder, the shared types and AWS config it uses, and the trait definitions.
    let rest_json = read_sources(&[
        tests.join("aws/restJson1"),
        tests.join("aws/shared-types.smithy"),
        tests.join("aws/aws-config.smithy"),
        traits.clone(),
    ])?;
    let rest_json_ast = vec![as_json(&rest_json, "restJson1")?];
    eprintln!("bench: load restJson1 protocol tests ({repeats} repeats)");
    let rest_json = vec![rest_json];
    let rest_json_ast = vec![rest_json_ast];
    let pair = Pair {
        what: "restJson1 protocol test model (`aws.protocoltests.restjson`, with its shared \
               types and trait definitions)"
            .to_owned(),
        bytes: (bytes(&rest_json), bytes(&rest_json_ast)),
        times: (time_all(&rest_json, repeats)?, time_all(&rest_json_ast, repeats)?),
    };
    let mut pairs = vec![pair];

    // The corpus: each AWS model as its JSON AST file and as the IDL we write of it.
    let paths = corpus_paths(root)?;
    eprintln!(
        "bench: load the corpus as JSON and as IDL ({} models, {corpus_repeats} repeats)",
        paths.len()
    );
    let mut json = Vec::new();
    let mut idl = Vec::new();
    for path in &paths {
        let source = read_sources(std::slice::from_ref(path))?;
        let ast = codegen::load::load_ast(&source).map_err(|e| e.to_string())?;
        idl.push(codegen::write_idl::to_sources(&ast));
        json.push(source);
    }
    pairs.push(Pair {
        what: format!("the AWS corpus: {} models, each written as IDL", paths.len()),
        bytes: (bytes(&idl), bytes(&json)),
        times: (time_all(&idl, corpus_repeats)?, time_all(&json, corpus_repeats)?),
    });

    // Every protocol test file, with the trait definitions they need (the validation tests target
    // `smithy.framework#ValidationException`).
    let files = codegen::load::expand(std::slice::from_ref(&tests))
        .map_err(|e| e.to_string())?
        .len();
    let all = read_sources(&[tests, smithy.join("traits")])?;
    eprintln!("bench: load all protocol tests ({repeats} repeats)");
    let all_time = time_all(&[all], repeats)?;
    Ok(Measured {
        pairs,
        all_protocol_tests: (all_time, files),
    })
}
