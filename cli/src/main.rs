//! `smithy-rust`: generates Rust types with serde from Smithy models (see `smithy-rust --help`).

use std::process::ExitCode;

fn main() -> ExitCode {
    match smithy_rust::parse::<smithy_rust::Cli>() {
        Ok(cli) => cli.run(),
        Err(code) => code,
    }
}
