//! `cargo xtask ast PATH…` prints the model that model files (JSON AST and IDL, in any mix) load
//! to, as one JSON AST; `cargo xtask idl MODEL…` writes it as Smithy IDL, one file per namespace.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::ast::Ast;
use codegen::write_idl;

/// Options of `cargo xtask ast`.
#[derive(Debug, clap::Args)]
pub struct AstArgs {
    /// Model files (`.smithy` IDL, `.json` JSON AST) and directories (every such file under
    /// them); they are merged into one model.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Write the JSON AST to FILE (through a temporary file and a rename) instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// Options of `cargo xtask idl`.
#[derive(Debug, clap::Args)]
pub struct IdlArgs {
    /// Model files (`.smithy` IDL, `.json` JSON AST) and directories (every such file under
    /// them); they are merged into one model.
    #[arg(required = true, value_name = "MODEL")]
    paths: Vec<PathBuf>,
    /// Write one `{namespace}.smithy` file per namespace into DIR, replacing DIR as a whole
    /// (through a temporary directory and a rename; DIR may hold only `.smithy` files), instead
    /// of printing the files on stdout.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// Loads the paths into one model; on failure prints one `error:` line per error.
fn load(paths: &[PathBuf]) -> Result<Ast, ExitCode> {
    let loaded = codegen::load::read(paths).and_then(|sources| codegen::load::load_ast(&sources));
    loaded.map_err(|e| {
        for error in e.each() {
            eprintln!("error: {error}");
        }
        ExitCode::FAILURE
    })
}

/// `cargo xtask ast`.
pub fn run_ast(args: &AstArgs) -> Result<ExitCode, String> {
    let ast = match load(&args.paths) {
        Ok(ast) => ast,
        Err(code) => return Ok(code),
    };
    let json = ast.to_json();
    match &args.out {
        Some(file) => write_file_atomically(file, &json)?,
        None => print!("{json}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// `cargo xtask idl`.
pub fn run_idl(args: &IdlArgs) -> Result<ExitCode, String> {
    let ast = match load(&args.paths) {
        Ok(ast) => ast,
        Err(code) => return Ok(code),
    };
    let files: BTreeMap<String, String> = write_idl::to_idl(&ast)
        .into_iter()
        .map(|(namespace, text)| (write_idl::file_name(&namespace), text))
        .collect();
    match &args.out {
        Some(dir) => {
            write_dir_atomically(dir, &files)?;
            eprintln!("{}: wrote {}", dir.display(), names(&files));
        }
        // One file prints as itself; several each under a comment line naming it.
        None if files.len() == 1 => print!("{}", files.values().next().expect("one file")),
        None => {
            let mut first = true;
            for (name, text) in &files {
                if !first {
                    println!();
                }
                first = false;
                print!("// {name}\n{text}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn names(files: &BTreeMap<String, String>) -> String {
    files.keys().cloned().collect::<Vec<_>>().join(", ")
}

/// The directory of a path, `.` for a bare file name.
fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Writes `text` to a temporary file beside `path`, then renames it over `path`.
fn write_file_atomically(path: &Path, text: &str) -> Result<(), String> {
    let name = path
        .file_name()
        .ok_or_else(|| format!("invalid output file {}", path.display()))?
        .to_string_lossy();
    let parent = parent_of(path);
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, text).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot write {}: {e}", path.display())
    })
}

/// Writes the files into a temporary directory beside `dir`, then swaps it in for `dir` with
/// renames, so that a failure leaves the previous contents whole. Refuses a `dir` that holds
/// anything but `.smithy` files, which replacing it would lose.
fn write_dir_atomically(dir: &Path, files: &BTreeMap<String, String>) -> Result<(), String> {
    if dir.exists() {
        let entries =
            std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry
                .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
                .path();
            if path.is_dir() || path.extension().is_none_or(|e| e != "smithy") {
                return Err(format!(
                    "{} holds {}, which is not a .smithy file: --out replaces the whole \
                     directory; choose a new or empty one",
                    dir.display(),
                    path.display()
                ));
            }
        }
    }
    crate::codegen_cmd::write_atomically(dir, files)
}
