//! `cargo xtask`: project automation. `codegen` regenerates the committed `generated/` crate
//! from `models/codegen.toml`, or with `--check` verifies that it is up to date. `diff` reports
//! what changed between two model revisions for users of the generated Rust. `ast` and `idl`
//! print a model as a JSON AST or as Smithy IDL. `ast`, `idl` and `diff` run the `smithy-rust`
//! CLI's commands; xtask adds this repository's defaults (`models/codegen.toml`).

mod bench;
mod bench_load;
mod bench_patterns;
mod codegen_cmd;
mod config;
mod corpus;
mod diff_cmd;
mod fuzz;
mod panics;
mod protocol_tests;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Project automation for the Smithy-to-Rust generator.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Load model files (IDL and JSON AST, any mix) and print the merged model as a JSON AST.
    Ast(smithy_rust::model::AstArgs),
    /// Time code generation, compilation and response parsing, each against a reference
    /// measured in the same run; writes target/bench-results.md.
    Bench(bench::Args),
    /// Regenerate the generated crate from the model (or check that it is up to date).
    Codegen(codegen_cmd::Args),
    /// Run the generator over every AWS model of ../shared and report what generates.
    Corpus(corpus::Args),
    /// Report the changes between two model revisions, classified for users of the generated
    /// Rust (exit status 2 when one breaks them).
    Diff(diff_cmd::Args),
    /// Fuzz the JSON AST loader and generator (`model`), the IDL loader (`idl`), or build a
    /// sample of the mutated models the generator accepts (`model-build`).
    Fuzz(fuzz::Args),
    /// Load model files (IDL and JSON AST, any mix) and write the model as Smithy IDL, one file
    /// per namespace.
    Idl(smithy_rust::model::IdlArgs),
    /// Run the Smithy protocol compliance tests (client cases) against generated crates.
    ProtocolTests(protocol_tests::Args),
}

/// The workspace root (the parent of this crate's manifest directory).
pub(crate) fn repo_root() -> std::path::PathBuf {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_owned()
}

fn main() -> ExitCode {
    let cli = match smithy_rust::parse::<Cli>() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let result = match cli.command {
        Command::Ast(args) => return smithy_rust::finish(smithy_rust::model::run_ast(&args)),
        Command::Bench(args) => bench::run(&args),
        Command::Codegen(args) => codegen_cmd::run(&args),
        Command::Corpus(args) => corpus::run(&args),
        Command::Diff(args) => diff_cmd::run(&args),
        Command::Fuzz(args) => fuzz::run(&args),
        Command::Idl(args) => return smithy_rust::finish(smithy_rust::model::run_idl(&args)),
        Command::ProtocolTests(args) => protocol_tests::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
