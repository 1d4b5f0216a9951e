//! `cargo xtask`: project automation. `codegen` regenerates the committed `generated/` crate
//! from `models/codegen.toml`, or with `--check` verifies that it is up to date.

mod codegen_cmd;
mod config;

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
    /// Regenerate the generated crate from the model (or check that it is up to date).
    Codegen(codegen_cmd::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen(args) => codegen_cmd::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
