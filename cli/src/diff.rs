//! `diff OLD NEW`: the changes between two model revisions in the closure of the selected
//! operations, classified for users of the generated Rust (see [`codegen::diff`]), as Markdown
//! for a pull request or as JSON. Exits 0 when nothing breaks, 2 when something does, 1 on
//! error.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::diff::{Impact, Report};
use codegen::{Model, Selection};

use crate::Failure;

/// The exit status when a change breaks users of the generated Rust.
pub const BREAKING: u8 = 2;

/// Options of `diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The older model revision (a JSON AST or IDL file, or a directory of them).
    pub old: PathBuf,
    /// The newer model revision.
    pub new: PathBuf,
    /// Compare the closure of this operation (repeatable). Default: the whole service.
    #[arg(long = "operation", value_name = "NAME")]
    pub operations: Vec<String>,
    /// The service shape ID or name, for models with several.
    #[arg(long)]
    pub service: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,
}

/// How the report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown, to paste into a pull request.
    Markdown,
    /// The report as JSON.
    Json,
}

/// `diff`.
pub fn run(args: &Args) -> Result<ExitCode, Failure> {
    let selection = Selection {
        service: args.service.clone(),
        operations: args.operations.clone(),
    };
    report(&args.old, &args.new, &selection, args.format)
}

/// Prints the report of `old` against `new` over `selection` on stdout and a one-line verdict
/// on stderr; exit status 2 when a change is breaking.
pub fn report(
    old: &Path,
    new: &Path,
    selection: &Selection,
    format: Format,
) -> Result<ExitCode, Failure> {
    let load = |path: &Path| -> Result<Model, Failure> {
        let model = Model::from_paths([path])?;
        // The selection is checked per revision so that an error names the file.
        model
            .operations(selection)
            .map_err(|e| Failure::Message(format!("{}: {e}", path.display())))?;
        Ok(model)
    };
    let (old_model, new_model) = (load(old)?, load(new)?);
    let report = codegen::diff::diff(&old_model, &new_model, selection)?;
    match format {
        Format::Markdown => {
            let (old_name, new_name) = names(old, new);
            print!(
                "{}",
                report.to_markdown(&old_name, &new_name, &codegen::diff::scope(selection))
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
