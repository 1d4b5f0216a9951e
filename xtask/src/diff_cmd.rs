//! `cargo xtask diff OLD NEW`: the changes between two model revisions in the closure of the
//! selected operations, classified for users of the generated Rust (see `codegen::diff`), as
//! Markdown for a pull request or as JSON. Exits 0 when nothing breaks, 2 when something does,
//! 1 on error.

use crate::repo_root;

use std::path::PathBuf;
use std::process::ExitCode;

use codegen::Selection;

use crate::config::Config;

/// Options of `cargo xtask diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The older model revision (a JSON AST or IDL file, or a directory of them).
    old: PathBuf,
    /// The newer model revision.
    new: PathBuf,
    /// Compare the closure of this operation (repeatable). Default: the operations of the first
    /// crate in --config (UpdateMembership).
    #[arg(long = "operation", value_name = "NAME", conflicts_with = "all")]
    operations: Vec<String>,
    /// Compare the whole service.
    #[arg(long)]
    all: bool,
    /// The service shape ID or name, for models with several (with --operation or --all).
    #[arg(long)]
    service: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,
    /// The configuration whose first crate gives the default selection.
    #[arg(long, default_value = "models/codegen.toml")]
    config: PathBuf,
}

/// How the report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Markdown, to paste into a pull request.
    Markdown,
    /// The report as JSON.
    Json,
}

/// Prints the report on stdout; exit status 2 when a change is breaking.
pub fn run(args: &Args) -> Result<ExitCode, String> {
    let selection = selection(args)?;
    let format = match args.format {
        Format::Markdown => smithy_rust::diff::Format::Markdown,
        Format::Json => smithy_rust::diff::Format::Json,
    };
    Ok(smithy_rust::finish(smithy_rust::diff::report(
        &args.old, &args.new, &selection, format,
    )))
}

/// What to compare: `--all`, the `--operation`s, or the first configured crate's selection.
fn selection(args: &Args) -> Result<Selection, String> {
    if args.all || !args.operations.is_empty() {
        return Ok(Selection {
            service: args.service.clone(),
            operations: args.operations.clone(),
        });
    }
    let config = Config::load(&repo_root().join(&args.config))?;
    let first = &config.crates[0];
    Ok(Selection {
        service: args.service.clone().or_else(|| first.service.clone()),
        operations: first.operations.clone(),
    })
}
