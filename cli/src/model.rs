//! `ast` prints the model that model files (JSON AST and IDL, in any mix) load to, as one JSON
//! AST; `idl` writes it as Smithy IDL, one file per namespace.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::Failure;

/// Options of `ast`.
#[derive(Debug, clap::Args)]
pub struct AstArgs {
    /// Model files (`.smithy` IDL, `.json` JSON AST) and directories (every such file under
    /// them); they are merged into one model.
    #[arg(required = true, value_name = "MODEL")]
    pub paths: Vec<PathBuf>,
    /// Write the JSON AST to FILE (through a temporary file and a rename) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Options of `idl`.
#[derive(Debug, clap::Args)]
pub struct IdlArgs {
    /// Model files (`.smithy` IDL, `.json` JSON AST) and directories (every such file under
    /// them); they are merged into one model.
    #[arg(required = true, value_name = "MODEL")]
    pub paths: Vec<PathBuf>,
    /// Write one `{namespace}.smithy` file per namespace into DIR, replacing DIR as a whole
    /// (through a temporary directory and a rename; DIR may hold only `.smithy` files), instead
    /// of printing the files on stdout.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// `ast`.
pub fn run_ast(args: &AstArgs) -> Result<ExitCode, Failure> {
    let json = codegen::Model::from_paths(&args.paths)?.to_json_ast();
    match &args.out {
        Some(file) => codegen::write_file(file, &json)?,
        None => print!("{json}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// `idl`.
pub fn run_idl(args: &IdlArgs) -> Result<ExitCode, Failure> {
    let files = codegen::Model::from_paths(&args.paths)?.to_idl();
    match &args.out {
        Some(dir) => {
            refuse_other_files(dir)?;
            codegen::write_dir(dir, &files)?;
            let names: Vec<&str> = files.keys().map(String::as_str).collect();
            eprintln!("{}: wrote {}", dir.display(), names.join(", "));
        }
        // One file prints as itself; several each under a comment line naming it.
        None if files.len() == 1 => print!("{}", files.values().next().expect("one file")),
        None => print_each(&files),
    }
    Ok(ExitCode::SUCCESS)
}

fn print_each(files: &BTreeMap<String, String>) {
    let mut first = true;
    for (name, text) in files {
        if !first {
            println!();
        }
        first = false;
        print!("// {name}\n{text}");
    }
}

/// Refuses a `dir` that holds anything but `.smithy` files, which replacing it would lose.
fn refuse_other_files(dir: &Path) -> Result<(), Failure> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
            .path();
        if path.is_dir() || path.extension().is_none_or(|e| e != "smithy") {
            return Err(Failure::Message(format!(
                "{} holds {}, which is not a .smithy file: --out replaces the whole \
                 directory; choose a new or empty one",
                dir.display(),
                path.display()
            )));
        }
    }
    Ok(())
}
