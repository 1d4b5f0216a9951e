//! Reads `models/codegen.toml`: for each generated crate, which model, which operations, where.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The whole configuration file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The crates to generate.
    #[serde(rename = "crate")]
    pub crates: Vec<CrateConfig>,
}

/// One generated crate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrateConfig {
    /// Path of the Smithy JSON AST model, relative to the repository root.
    pub model: PathBuf,
    /// The service shape ID (or name); optional when the model has one service.
    pub service: Option<String>,
    /// Operation names to generate; empty means the whole service.
    #[serde(default)]
    pub operations: Vec<String>,
    /// Cargo package name of the generated crate.
    pub package: String,
    /// Output directory, relative to the repository root.
    pub output: PathBuf,
    /// Hand-written examples (paths relative to the repository root) copied into the crate's
    /// `examples/`.
    #[serde(default)]
    pub examples: Vec<PathBuf>,
    /// One cargo feature per operation (whole-service crates), so users compile what they call.
    #[serde(default, rename = "operation-features")]
    pub operation_features: bool,
    /// `[dev-dependencies]` of the generated crate, for the examples.
    #[serde(default, rename = "dev-dependencies")]
    pub dev_dependencies: std::collections::BTreeMap<String, toml::Value>,
}

impl Config {
    /// Reads and parses the config file.
    pub fn load(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read config {}: {e}", path.display()))?;
        let config: Config =
            toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        if config.crates.is_empty() {
            return Err(format!(
                "{}: no [[crate]] entries; nothing to generate",
                path.display()
            ));
        }
        Ok(config)
    }
}
