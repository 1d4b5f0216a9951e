//! The `smithy-rust` command line over the [`codegen`] library: `generate` and `check` a crate or
//! a module, `diff` two model revisions, print a model as a JSON AST (`ast`) or as Smithy IDL
//! (`idl`). This repository's `cargo xtask` runs the same commands.

#![deny(missing_docs)]

pub mod diff;
pub mod generate;
pub mod model;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Generates Rust types with serde, and their wire layer, from Smithy models (IDL or JSON AST).
#[derive(Debug, Parser)]
#[command(name = "smithy-rust", version)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate a crate (--out DIR) or one module to include! (--module FILE).
    Generate(generate::Args),
    /// Check that a generated crate or module is up to date (exit status 1 when it is not).
    Check(generate::Args),
    /// Report the changes between two model revisions, classified for users of the generated
    /// Rust (exit status 2 when one breaks them).
    Diff(diff::Args),
    /// Load model files (IDL and JSON AST, any mix) and print the merged model as a JSON AST.
    Ast(model::AstArgs),
    /// Load model files (IDL and JSON AST, any mix) and write the model as Smithy IDL, one file
    /// per namespace.
    Idl(model::IdlArgs),
}

/// Parses the command line. Usage errors exit 1 like every other error (clap's own status is 2,
/// which `diff` reserves for breaking changes); `--help` and `--version` exit 0.
pub fn parse<C: Parser>() -> Result<C, ExitCode> {
    C::try_parse().map_err(|e| {
        let _ = e.print();
        if e.use_stderr() {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        }
    })
}

impl Cli {
    /// Runs the command; errors are printed on stderr, one `error:` line each.
    pub fn run(self) -> ExitCode {
        let result = match self.command {
            Command::Generate(args) => generate::run(&args, false),
            Command::Check(args) => generate::run(&args, true),
            Command::Diff(args) => diff::run(&args),
            Command::Ast(args) => model::run_ast(&args),
            Command::Idl(args) => model::run_idl(&args),
        };
        finish(result)
    }
}

/// A command's failure: a generator error (each of its errors on a line), or a message.
#[derive(Debug)]
pub enum Failure {
    /// The generator failed.
    Codegen(codegen::Error),
    /// Anything else.
    Message(String),
}

impl From<codegen::Error> for Failure {
    fn from(e: codegen::Error) -> Failure {
        Failure::Codegen(e)
    }
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure::Message(message)
    }
}

/// The exit status of a command's result, after printing its errors.
pub fn finish(result: Result<ExitCode, Failure>) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(Failure::Codegen(e)) => {
            for error in e.each() {
                eprintln!("error: {error}");
            }
            ExitCode::FAILURE
        }
        Err(Failure::Message(message)) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Prints the generator's warnings on stderr, at most ten, then how many more.
pub fn print_warnings(warnings: &[codegen::Warning]) {
    const SHOWN: usize = 10;
    for warning in warnings.iter().take(SHOWN) {
        eprintln!("warning: {warning}");
    }
    if warnings.len() > SHOWN {
        eprintln!(
            "warning: … and {} more of the same kind",
            warnings.len() - SHOWN
        );
    }
}
