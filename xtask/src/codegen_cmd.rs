//! `cargo xtask codegen [--check]`: generates in memory, then either writes the crate through a
//! temporary directory and a rename, or compares it with what is on disk.

use crate::repo_root;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use crate::config::{Config, CrateConfig};

/// The command that regenerates the output, as printed in headers and messages.
pub const COMMAND: &str = "cargo xtask codegen";

/// Options of `cargo xtask codegen`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Do not write: exit non-zero, naming each file that is stale, missing or orphaned.
    #[arg(long)]
    check: bool,
    /// The configuration file.
    #[arg(long, default_value = "models/codegen.toml")]
    config: PathBuf,
    /// Only the crate with this package name.
    #[arg(long = "crate", value_name = "PACKAGE")]
    package: Option<String>,
    /// Override the model: a file or directory, repeatable (needs a single crate: see --crate).
    #[arg(long)]
    model: Vec<PathBuf>,
    /// Override the output directory (needs a single crate: see --crate).
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Runs the command from the repository root, for every configured crate (or `--crate`).
pub fn run(args: &Args) -> Result<ExitCode, String> {
    let root = repo_root();
    let config_path = root.join(&args.config);
    let config = Config::load(&config_path)?;
    let crates: Vec<&CrateConfig> = config
        .crates
        .iter()
        .filter(|c| args.package.as_ref().is_none_or(|p| *p == c.package))
        .collect();
    match (crates.len(), &args.package) {
        (0, Some(p)) => return Err(format!("no crate `{p}` in {}", config_path.display())),
        (1, _) => {}
        _ if !args.model.is_empty() || args.out.is_some() => {
            return Err("--model and --out apply to one crate: add --crate <package>".to_owned());
        }
        _ => {}
    }
    let mut stale = false;
    for krate in crates {
        let model = if args.model.is_empty() {
            krate.model.paths(&root)
        } else {
            args.model.clone()
        };
        let out = args.out.clone().unwrap_or_else(|| root.join(&krate.output));
        stale |= !run_one(krate, &model, &out, args.check)?;
    }
    if stale {
        eprintln!("error: generated code is stale; run `{COMMAND}` and commit the result");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Generates one crate; in check mode returns whether it is up to date.
fn run_one(
    krate: &CrateConfig,
    model_paths: &[PathBuf],
    out: &Path,
    check: bool,
) -> Result<bool, String> {
    let started = Instant::now();
    let loaded = codegen::load_paths(model_paths).map_err(|e| e.to_string())?;
    let options = codegen::Options {
        selection: codegen::Selection {
            service: krate.service.clone(),
            operations: krate.operations.clone(),
        },
        package: krate.package.clone(),
        model_name: crate::config::model_name(model_paths),
        command: COMMAND.to_owned(),
        examples: read_examples(krate)?,
        dev_dependencies: krate
            .dev_dependencies
            .iter()
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect(),
        operation_features: krate.operation_features,
        protocol: krate.protocol.clone(),
    };
    let files = codegen::generate(&loaded, &options).map_err(|e| e.to_string())?;
    let warnings = codegen::warnings(&loaded, &options).map_err(|e| e.to_string())?;
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
    let elapsed = started.elapsed();
    let drift = compare(out, &files)?;
    if check {
        for line in &drift {
            eprintln!("{line}");
        }
        if drift.is_empty() {
            eprintln!(
                "{}: {} files up to date ({elapsed:.0?})",
                out.display(),
                files.len()
            );
        }
        return Ok(drift.is_empty());
    }
    write_atomically(out, &files)?;
    eprintln!(
        "{}: wrote {} files, {} changed ({elapsed:.0?})",
        out.display(),
        files.len(),
        drift.len()
    );
    Ok(true)
}

/// The configured examples: (file name, path as configured, contents).
fn read_examples(krate: &CrateConfig) -> Result<Vec<(String, String, String)>, String> {
    let root = repo_root();
    krate
        .examples
        .iter()
        .map(|path| {
            let name = path
                .file_name()
                .ok_or_else(|| format!("example path {} has no file name", path.display()))?;
            let contents = std::fs::read_to_string(root.join(path))
                .map_err(|e| format!("cannot read example {}: {e}", path.display()))?;
            Ok((
                name.to_string_lossy().into_owned(),
                path.display().to_string(),
                contents,
            ))
        })
        .collect()
}

/// Differences between the files on disk under `out` and `files`: one line per stale, missing
/// or orphaned file.
fn compare(out: &Path, files: &BTreeMap<String, String>) -> Result<Vec<String>, String> {
    let mut drift = Vec::new();
    let on_disk = list_files(out)?;
    for (path, contents) in files {
        match std::fs::read_to_string(out.join(path)) {
            Ok(existing) if existing.replace("\r\n", "\n") == *contents => {}
            Ok(_) => drift.push(format!("stale: {}", out.join(path).display())),
            Err(_) => drift.push(format!("missing: {}", out.join(path).display())),
        }
    }
    for path in on_disk {
        if !files.contains_key(&path) {
            drift.push(format!(
                "orphaned (no longer generated): {}",
                out.join(&path).display()
            ));
        }
    }
    Ok(drift)
}

/// Every file under `dir`, as `/`-separated relative paths; empty when `dir` does not exist.
fn list_files(dir: &Path) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        let entries =
            std::fs::read_dir(&d).map_err(|e| format!("cannot list {}: {e}", d.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot list {}: {e}", d.display()))?;
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(dir) {
                out.push(
                    rel.components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/"),
                );
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Writes `files` into a sibling temporary directory, then swaps it in with renames, so that a
/// failure at any point leaves the previous output whole.
pub(crate) fn write_atomically(out: &Path, files: &BTreeMap<String, String>) -> Result<(), String> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .ok_or_else(|| format!("invalid output directory {}", out.display()))?
        .to_string_lossy();
    std::fs::create_dir_all(parent)
        .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    let result = (|| {
        for (path, contents) in files {
            let dest = tmp.join(path);
            if let Some(dir) = dest.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            }
            std::fs::write(&dest, contents)
                .map_err(|e| format!("cannot write {}: {e}", dest.display()))?;
        }
        if out.exists() {
            std::fs::rename(out, &old)
                .map_err(|e| format!("cannot move {} aside: {e}", out.display()))?;
        }
        if let Err(e) = std::fs::rename(&tmp, out) {
            // Put the previous output back before reporting.
            let _ = std::fs::rename(&old, out);
            return Err(format!(
                "cannot move the new output into {}: {e}",
                out.display()
            ));
        }
        let _ = std::fs::remove_dir_all(&old);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}
