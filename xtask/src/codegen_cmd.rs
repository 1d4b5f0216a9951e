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
    let model = codegen::Model::from_paths(model_paths).map_err(|e| e.to_string())?;
    let mut generated = codegen::Generator::new(settings(krate))
        .generate_crate(&model)
        .map_err(|e| e.to_string())?;
    add_examples(krate, generated.files_mut())?;
    const SHOWN: usize = 10;
    for warning in generated.warnings().iter().take(SHOWN) {
        eprintln!("warning: {warning}");
    }
    if generated.warnings().len() > SHOWN {
        eprintln!(
            "warning: … and {} more of the same kind",
            generated.warnings().len() - SHOWN
        );
    }
    let elapsed = started.elapsed();
    let drift = generated.check(out).map_err(|e| e.to_string())?;
    if check {
        for line in &drift {
            eprintln!("{line}");
        }
        if drift.is_empty() {
            eprintln!(
                "{}: {} files up to date ({elapsed:.0?})",
                out.display(),
                generated.files().len()
            );
        }
        return Ok(drift.is_empty());
    }
    generated.write_to(out).map_err(|e| e.to_string())?;
    eprintln!(
        "{}: wrote {} files, {} changed ({elapsed:.0?})",
        out.display(),
        generated.files().len(),
        drift.len()
    );
    Ok(true)
}

/// The generator's settings for a configured crate: this repository's crates are Apache-2.0.
pub(crate) fn settings(krate: &CrateConfig) -> codegen::Settings {
    let mut settings = codegen::Settings::builder()
        .operations(&krate.operations)
        .package(&krate.package)
        .license("Apache-2.0")
        .command(COMMAND)
        .operation_features(krate.operation_features);
    if let Some(service) = &krate.service {
        settings = settings.service(service);
    }
    if let Some(protocol) = &krate.protocol {
        settings = settings.protocol(protocol);
    }
    settings.build()
}

/// Adds the configured examples to `examples/`, each with a header naming its source, and the
/// configured `[dev-dependencies]` (which they use) to `Cargo.toml`.
pub(crate) fn add_examples(
    krate: &CrateConfig,
    files: &mut BTreeMap<String, String>,
) -> Result<(), String> {
    let root = repo_root();
    for path in &krate.examples {
        let name = path
            .file_name()
            .ok_or_else(|| format!("example path {} has no file name", path.display()))?;
        let contents = std::fs::read_to_string(root.join(path))
            .map_err(|e| format!("cannot read example {}: {e}", path.display()))?;
        let note = format!(
            "// @generated by `{COMMAND}`: a copy of {}; edit that file, not this one.\n",
            path.display()
        );
        files.insert(
            format!("examples/{}", name.to_string_lossy()),
            format!("{note}{contents}"),
        );
    }
    if !krate.dev_dependencies.is_empty()
        && let Some(manifest) = files.get_mut("Cargo.toml")
    {
        manifest.push_str("\n[dev-dependencies]\n");
        for (name, spec) in &krate.dev_dependencies {
            manifest.push_str(&format!("{name} = {spec}\n"));
        }
    }
    Ok(())
}
