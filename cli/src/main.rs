//! `smithy-rust`: generates Rust types with serde from Smithy models (see `smithy-rust --help`).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Usage errors exit 1 like every other error (clap's own status is 2, which `diff` reserves
    // for breaking changes); `--help` and `--version` exit 0.
    let cli = match smithy_rust::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    cli.run()
}
