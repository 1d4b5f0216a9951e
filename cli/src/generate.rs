//! `generate` and `check`: a crate written to a directory, or one module written to a file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use codegen::{Generator, Model, Settings};

use crate::Failure;

/// Options of `generate` and `check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Model files (`.smithy` IDL, `.json` JSON AST) and directories (every such file under
    /// them), merged into one model.
    #[arg(required = true, value_name = "MODEL")]
    pub models: Vec<PathBuf>,
    /// What to generate and how the crate describes itself.
    #[command(flatten)]
    pub settings: SettingsArgs,
    /// The crate's directory; `generate` replaces it as a whole (through a temporary directory
    /// and a rename), so it must be new or hold a crate generated before.
    #[arg(
        long,
        value_name = "DIR",
        required_unless_present = "module",
        conflicts_with = "module"
    )]
    pub out: Option<PathBuf>,
    /// Generate one module, for a crate to `include!`, into FILE instead of a crate.
    #[arg(long, value_name = "FILE")]
    pub module: Option<PathBuf>,
}

/// The generator's settings as options; each defaults as [`codegen::Settings`] says.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SettingsArgs {
    /// The service shape ID or name (needed when the model has several).
    #[arg(long)]
    pub service: Option<String>,
    /// Generate this operation, with its input, output, errors and what they reference
    /// (repeatable). Default: the whole service.
    #[arg(long = "operation", value_name = "NAME")]
    pub operations: Vec<String>,
    /// The protocol of the wire layer (`restJson1`, `awsJson1_0`, `rpcv2Cbor`, …) when the
    /// service offers several.
    #[arg(long)]
    pub protocol: Option<String>,
    /// One cargo feature per operation (for a whole service).
    #[arg(long)]
    pub operation_features: bool,
    /// The crate's package name. Default: `{service}-types`.
    #[arg(long)]
    pub package: Option<String>,
    /// The crate's version. Default: 0.1.0.
    #[arg(long = "crate-version", value_name = "VERSION")]
    pub version: Option<String>,
    /// The crate's edition. Default: 2024.
    #[arg(long)]
    pub edition: Option<String>,
    /// The crate's licence (an SPDX expression). Default: none.
    #[arg(long)]
    pub license: Option<String>,
    /// The crate's description.
    #[arg(long)]
    pub description: Option<String>,
    /// Let the crate be published (leave out `publish = false`).
    #[arg(long)]
    pub publish: bool,
    /// Leave out the HTTP layer (in a crate it stays, behind its `http` feature).
    #[arg(long)]
    pub no_http: bool,
    /// Leave out validation (in a crate it stays, behind its `validate` feature).
    #[arg(long)]
    pub no_validate: bool,
}

impl SettingsArgs {
    /// The settings, with `command` named in the generated headers.
    pub fn settings(&self, command: &str) -> Settings {
        let mut builder = Settings::builder()
            .operations(&self.operations)
            .operation_features(self.operation_features)
            .publish(self.publish)
            .http(!self.no_http)
            .validate(!self.no_validate)
            .command(command);
        if let Some(service) = &self.service {
            builder = builder.service(service);
        }
        if let Some(protocol) = &self.protocol {
            builder = builder.protocol(protocol);
        }
        if let Some(package) = &self.package {
            builder = builder.package(package);
        }
        if let Some(version) = &self.version {
            builder = builder.version(version);
        }
        if let Some(edition) = &self.edition {
            builder = builder.edition(edition);
        }
        if let Some(license) = &self.license {
            builder = builder.license(license);
        }
        if let Some(description) = &self.description {
            builder = builder.description(description);
        }
        builder.build()
    }
}

/// `generate` (or `check`, which writes nothing and exits 1 when the output is stale).
pub fn run(args: &Args, check: bool) -> Result<ExitCode, Failure> {
    let started = Instant::now();
    let model = Model::from_paths(&args.models)?;
    let generator = Generator::new(args.settings.settings("smithy-rust generate"));
    if let Some(file) = &args.module {
        let module = generator.generate_module(&model)?;
        crate::print_warnings(module.warnings());
        let current = std::fs::read_to_string(file).is_ok_and(|s| s == module.source());
        if check {
            return Ok(verdict(
                current,
                &format!("{}: stale or missing", file.display()),
            ));
        }
        module.write_to(file)?;
        eprintln!(
            "{}: wrote the module ({:.0?}); the crate that includes it needs these dependencies:\n{}",
            file.display(),
            started.elapsed(),
            module.cargo_dependencies()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let Some(out) = &args.out else {
        return Err(Failure::Message(
            "give --out DIR or --module FILE".to_owned(),
        ));
    };
    let krate = generator.generate_crate(&model)?;
    crate::print_warnings(krate.warnings());
    let drift = krate.check(out)?;
    if check {
        for line in &drift {
            eprintln!("{line}");
        }
        return Ok(verdict(
            drift.is_empty(),
            &format!("{}: generated code is stale", out.display()),
        ));
    }
    refuse_foreign(out)?;
    krate.write_to(out)?;
    eprintln!(
        "{}: wrote {} files, {} changed ({:.0?})",
        out.display(),
        krate.files().len(),
        drift.len(),
        started.elapsed()
    );
    Ok(ExitCode::SUCCESS)
}

/// Success when up to date; otherwise the message and failure.
fn verdict(up_to_date: bool, message: &str) -> ExitCode {
    if up_to_date {
        ExitCode::SUCCESS
    } else {
        eprintln!("error: {message}");
        ExitCode::FAILURE
    }
}

/// Refuses to replace a directory that holds anything but a crate generated before: writing
/// replaces the whole directory.
fn refuse_foreign(out: &Path) -> Result<(), Failure> {
    let Ok(mut entries) = std::fs::read_dir(out) else {
        return Ok(());
    };
    if entries.next().is_none() {
        return Ok(());
    }
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap_or_default();
    if manifest.starts_with("# @generated") {
        return Ok(());
    }
    Err(Failure::Message(format!(
        "{} is not empty and holds no generated crate: --out replaces the whole directory; \
         choose a new or empty one",
        out.display()
    )))
}
