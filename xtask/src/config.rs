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
    /// The model: a file (JSON AST or IDL), a directory (every `.smithy` and `.json` file in
    /// it), or a list of them; paths relative to the repository root.
    pub model: ModelPaths,
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
    /// The protocol to generate (`restJson1`, `awsJson1_0`, …) when the service offers several;
    /// by default the first of `codegen::protocol::PRIORITY` that it offers.
    #[serde(default)]
    pub protocol: Option<String>,
    /// One cargo feature per operation (whole-service crates), so users compile what they call.
    #[serde(default, rename = "operation-features")]
    pub operation_features: bool,
    /// `[dev-dependencies]` of the generated crate, for the examples.
    #[serde(default, rename = "dev-dependencies")]
    pub dev_dependencies: std::collections::BTreeMap<String, toml::Value>,
}

/// `model = "path"` or `model = ["path", ...]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ModelPaths {
    /// One file or directory.
    One(PathBuf),
    /// Several files or directories, merged into one model.
    Many(Vec<PathBuf>),
}

impl ModelPaths {
    /// The paths, resolved against `root`.
    pub fn paths(&self, root: &Path) -> Vec<PathBuf> {
        match self {
            ModelPaths::One(p) => vec![root.join(p)],
            ModelPaths::Many(ps) => ps.iter().map(|p| root.join(p)).collect(),
        }
    }

    /// The one model file, for the commands that read a single JSON AST.
    pub fn single(&self, root: &Path) -> Result<PathBuf, String> {
        match self.paths(root).as_slice() {
            [one] if one.is_file() => Ok(one.clone()),
            _ => Err("this command reads a single model file; the crate's `model` names several".to_owned()),
        }
    }
}

impl Config {
    /// Reads and parses the config file.
    pub fn load(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read config {}: {e}", path.display()))?;
        let config: Config =
            toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        if let Some(k) = config
            .crates
            .iter()
            .find(|k| matches!(&k.model, ModelPaths::Many(v) if v.is_empty()))
        {
            return Err(format!(
                "{}: crate `{}` has an empty `model` list",
                path.display(),
                k.package
            ));
        }
        if config.crates.is_empty() {
            return Err(format!(
                "{}: no [[crate]] entries; nothing to generate",
                path.display()
            ));
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_is_a_path_or_a_list() {
        let one: Config = toml::from_str(
            "[[crate]]\nmodel = \"m/a.smithy\"\npackage = \"p\"\noutput = \"o\"\n",
        )
        .unwrap();
        let many: Config = toml::from_str(
            "[[crate]]\nmodel = [\"m/a.smithy\", \"m/dir\"]\npackage = \"p\"\noutput = \"o\"\n",
        )
        .unwrap();
        let root = Path::new("/r");
        assert_eq!(one.crates[0].model.paths(root), [root.join("m/a.smithy")]);
        assert_eq!(
            many.crates[0].model.paths(root),
            [root.join("m/a.smithy"), root.join("m/dir")]
        );
    }
}
