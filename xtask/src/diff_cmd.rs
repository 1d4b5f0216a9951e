//! `cargo xtask diff OLD NEW`: the changes between two model revisions in the closure of the
//! selected operations, classified for users of the generated Rust (see `codegen::diff`), as
//! Markdown for a pull request or as JSON. Exits 0 when nothing breaks, 2 when something does,
//! 1 on error.

use crate::repo_root;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::diff::{self, Report};
use codegen::{Model, Selection};

use crate::config::Config;

/// The exit status when a change breaks users of the generated Rust.
const BREAKING: u8 = 2;

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
    let (old, old_raw) = load(&args.old, &selection)?;
    let (new, new_raw) = load(&args.new, &selection)?;
    let report =
        diff::diff(&old, &new, &old_raw, &new_raw, &selection).map_err(|e| e.to_string())?;
    match args.format {
        Format::Markdown => {
            let (old_name, new_name) = names(&args.old, &args.new);
            print!(
                "{}",
                report.to_markdown(&old_name, &new_name, &diff::scope(&selection))
            );
        }
        Format::Json => println!("{}", report.to_json()),
    }
    summary(&report);
    Ok(if report.is_breaking() {
        ExitCode::from(BREAKING)
    } else {
        ExitCode::SUCCESS
    })
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

/// The resolved and the raw model; the selection is checked here so that an error names the file.
fn load(path: &Path, selection: &Selection) -> Result<(Model, Model), String> {
    let loaded = codegen::load(path).map_err(|e| e.to_string())?;
    codegen::closure::closure(&loaded.model, selection)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    // The model before resolution (mixins unflattened), from the same files: JSON AST or IDL.
    let sources = codegen::load::read(&[path.to_owned()]).map_err(|e| e.to_string())?;
    let raw = codegen::load::load_ast(&sources)
        .and_then(|ast| Model::from_ast(&ast))
        .map_err(|e| e.to_string())?;
    Ok((loaded.model, raw))
}

/// The revisions' names for the title: file names, or the paths as given when those are equal.
fn names(old: &Path, new: &Path) -> (String, String) {
    let file = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    match (file(old), file(new)) {
        (Some(a), Some(b)) if a != b => (a, b),
        _ => (old.display().to_string(), new.display().to_string()),
    }
}

/// One line on stderr, so that a terminal shows the verdict whatever the format.
fn summary(report: &Report) {
    use codegen::diff::Impact;
    eprintln!(
        "{} breaking, {} compatible, {} documentation-only{}",
        report.count(Impact::Breaking),
        report.count(Impact::Compatible),
        report.count(Impact::Documentation),
        if report.is_breaking() {
            " (exit status 2)"
        } else {
            ""
        }
    );
}
