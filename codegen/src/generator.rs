//! The public front of the pipeline: settings, the generator, and what it produces (a crate as
//! files in memory, or one module to `include!`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use heck::ToKebabCase;

use crate::closure::{self, Selection};
use crate::emit::{self, Package};
pub use crate::emit::Dependency;
use crate::error::{Error, Result};
use crate::input::Model;
use crate::protocol::{self, Warning};
use crate::symbols::Symbols;
use crate::{Files, features, http, render, types, validate, xml};

/// What to generate and how the generated crate describes itself. Every setting has a default
/// (see [`Settings::default`]); set them with [`Settings::builder`].
///
/// ```
/// let settings = codegen::Settings::builder()
///     .operations(["UpdateMembership"])
///     .package("cleanrooms-types")
///     .license("Apache-2.0")
///     .build();
/// assert_eq!(settings.version, "0.1.0");
/// assert!(!settings.publish);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Settings {
    /// The service shape ID or name. Default: the model's only service (an error names them
    /// when there are several).
    pub service: Option<String>,
    /// Operation names (`UpdateMembership`) or shape IDs: their inputs, outputs, errors and
    /// everything those reference are generated. Default: empty, the whole service.
    pub operations: Vec<String>,
    /// The protocol of the wire layer (`restJson1`, `awsJson1_0`, `awsQuery`, `rpcv2Cbor`, … or
    /// a trait ID) when the service offers several. Default: the first the service offers in the
    /// order `restJson1`, `awsJson1_0`, `awsJson1_1`, `rpcv2Cbor`, `restXml`, `awsQuery`,
    /// `ec2Query`.
    pub protocol: Option<String>,
    /// One cargo feature per operation, so that a crate's users compile only the operations they
    /// enable (for whole-service crates). Default: `false`. Crates only.
    pub operation_features: bool,
    /// The generated crate's package name. Default: the service's SDK ID (`aws.api#service`) in
    /// lower case without spaces, or its shape name in kebab case, then `-types`
    /// (`cleanrooms-types`).
    pub package: Option<String>,
    /// `version` of the generated `Cargo.toml`. Default: `0.1.0`.
    pub version: String,
    /// `edition` of the generated `Cargo.toml`. Default: `2024`.
    pub edition: String,
    /// `license` of the generated `Cargo.toml`. Default: none (the line is left out).
    pub license: Option<String>,
    /// `description` of the generated `Cargo.toml`. Default: "Serde types for {the service's
    /// title}, generated from its Smithy model".
    pub description: Option<String>,
    /// `publish` of the generated `Cargo.toml`: with `false`, `publish = false`. Default:
    /// `false`.
    pub publish: bool,
    /// The command that regenerates the output, named in every generated file's header.
    /// Default: `smithy-rust generate`.
    pub command: String,
    /// The HTTP layer (requests, responses, error enums). In a crate it is the default feature
    /// `http`; in a module it is there or not. Default: `true`.
    pub http: bool,
    /// Validation (`validate()` of inputs, strict decoding). In a crate it is the default feature
    /// `validate`; in a module it is there or not. Default: `true`.
    pub validate: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            service: None,
            operations: Vec::new(),
            protocol: None,
            operation_features: false,
            package: None,
            version: "0.1.0".to_owned(),
            edition: "2024".to_owned(),
            license: None,
            description: None,
            publish: false,
            command: "smithy-rust generate".to_owned(),
            http: true,
            validate: true,
        }
    }
}

impl Settings {
    /// A builder that starts from the defaults.
    pub fn builder() -> SettingsBuilder {
        SettingsBuilder(Settings::default())
    }

    /// The selection these settings make.
    pub fn selection(&self) -> Selection {
        Selection {
            service: self.service.clone(),
            operations: self.operations.clone(),
        }
    }
}

/// Builds [`Settings`]; each method sets the field of the same name.
#[derive(Debug, Clone)]
pub struct SettingsBuilder(Settings);

impl SettingsBuilder {
    /// See [`Settings::service`].
    pub fn service(mut self, service: impl Into<String>) -> Self {
        self.0.service = Some(service.into());
        self
    }

    /// See [`Settings::operations`].
    pub fn operations<S: Into<String>>(mut self, operations: impl IntoIterator<Item = S>) -> Self {
        self.0.operations = operations.into_iter().map(Into::into).collect();
        self
    }

    /// See [`Settings::protocol`].
    pub fn protocol(mut self, protocol: impl Into<String>) -> Self {
        self.0.protocol = Some(protocol.into());
        self
    }

    /// See [`Settings::operation_features`].
    pub fn operation_features(mut self, on: bool) -> Self {
        self.0.operation_features = on;
        self
    }

    /// See [`Settings::package`].
    pub fn package(mut self, package: impl Into<String>) -> Self {
        self.0.package = Some(package.into());
        self
    }

    /// See [`Settings::version`].
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.0.version = version.into();
        self
    }

    /// See [`Settings::edition`].
    pub fn edition(mut self, edition: impl Into<String>) -> Self {
        self.0.edition = edition.into();
        self
    }

    /// See [`Settings::license`].
    pub fn license(mut self, license: impl Into<String>) -> Self {
        self.0.license = Some(license.into());
        self
    }

    /// See [`Settings::description`].
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.0.description = Some(description.into());
        self
    }

    /// See [`Settings::publish`].
    pub fn publish(mut self, publish: bool) -> Self {
        self.0.publish = publish;
        self
    }

    /// See [`Settings::command`].
    pub fn command(mut self, command: impl Into<String>) -> Self {
        self.0.command = command.into();
        self
    }

    /// See [`Settings::http`].
    pub fn http(mut self, on: bool) -> Self {
        self.0.http = on;
        self
    }

    /// See [`Settings::validate`].
    pub fn validate(mut self, on: bool) -> Self {
        self.0.validate = on;
        self
    }

    /// The settings.
    pub fn build(self) -> Settings {
        self.0
    }
}

/// Generates Rust from a [`Model`]: a whole crate, or one module to `include!`.
///
/// ```
/// let model = codegen::Model::from_sources([codegen::Source::new(
///     "weather.smithy",
///     r#"$version: "2"
///     namespace example.weather
///     service Weather { version: "2024-01-01", operations: [GetCity] }
///     operation GetCity { input := { @required cityId: String } output := { name: String } }
///     "#,
/// )])?;
/// let generator = codegen::Generator::new(codegen::Settings::default());
///
/// let krate = generator.generate_crate(&model)?;
/// assert!(krate.files()["Cargo.toml"].contains("name = \"weather-types\""));
/// assert!(krate.files()["src/structures.rs"].contains("pub struct GetCityInput"));
///
/// let module = generator.generate_module(&model)?;
/// assert!(module.source().contains("pub struct GetCityInput"));
/// assert!(!module.source().contains("crate::"));
/// # Ok::<(), codegen::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Generator {
    settings: Settings,
}

impl Generator {
    /// A generator with these settings.
    pub fn new(settings: Settings) -> Generator {
        Generator { settings }
    }

    /// Its settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Generates a crate: `Cargo.toml` and `src/`, in memory. Nothing is written until the
    /// caller writes it (see [`GeneratedCrate::write_to`]).
    pub fn generate_crate(&self, model: &Model) -> Result<GeneratedCrate> {
        let emitted = self.emit(model, self.settings.operation_features)?;
        let header = self.header(model);
        Ok(GeneratedCrate {
            files: render::render(emitted.files, &header)?,
            warnings: emitted.warnings,
        })
    }

    /// Generates one module: the crate's items in one file for a crate to `include!` (from a
    /// build script's `OUT_DIR`), every path relative, the HTTP and validation layers there or
    /// not as [`Settings::http`] and [`Settings::validate`] say.
    pub fn generate_module(&self, model: &Model) -> Result<GeneratedModule> {
        let emitted = self.emit(model, false)?;
        let mut enabled = BTreeSet::new();
        if self.settings.http {
            enabled.extend(["http", "request-compression"]);
        }
        if self.settings.validate {
            enabled.insert("validate");
        }
        let dependencies = emitted
            .dependencies
            .into_iter()
            .filter(|d| {
                d.layers.is_empty() || d.layers.iter().any(|l| enabled.contains(l.as_str()))
            })
            .collect();
        let file = crate::module::assemble(emitted.files, &enabled)?;
        Ok(GeneratedModule {
            source: render::render_file(&file, &self.header(model)),
            dependencies,
            warnings: emitted.warnings,
        })
    }

    /// The header of every generated file.
    fn header(&self, model: &Model) -> render::Header {
        render::Header {
            model_name: model.name.clone(),
            sha256: model.sha256.clone(),
            command: self.settings.command.clone(),
        }
    }

    /// Runs the pipeline up to emission.
    fn emit(&self, model: &Model, operation_features: bool) -> Result<Emitted> {
        let settings = &self.settings;
        let shapes = &model.resolved;
        let Lowered {
            closure,
            protocol,
            krate,
        } = lower(shapes, &settings.selection(), settings.protocol.as_deref())?;
        let warnings = protocol::warnings(shapes, &closure, protocol);
        let mut ops = http::bind(shapes, &closure, &krate, protocol)?;
        let symbols = Symbols::new(&krate, &mut ops);
        let checks = validate::checks(shapes, &closure, &krate);
        let gates = if operation_features {
            Some(features::Gates::compute(shapes, &closure, &krate)?)
        } else {
            None
        };
        let xml = protocol
            .filter(|p| {
                matches!(
                    p.codec(),
                    protocol::Codec::Query { .. } | protocol::Codec::Xml
                )
            })
            .filter(|_| !ops.is_empty())
            .map(|p| xml::codec(shapes, &closure.service, &krate, &ops, p));
        let package = Package {
            name: settings
                .package
                .clone()
                .unwrap_or_else(|| default_package(shapes, &closure.service)),
            version: settings.version.clone(),
            edition: settings.edition.clone(),
            license: settings.license.clone(),
            description: settings.description.clone(),
            publish: settings.publish,
        };
        let emitted = emit::emit(
            &krate,
            &symbols,
            &ops,
            &checks,
            gates.as_ref(),
            &emit::CrateInfo::new(shapes, &closure, &krate, package),
            xml.as_ref(),
        );
        Ok(Emitted {
            files: emitted.files,
            dependencies: emitted.dependencies,
            warnings,
        })
    }
}

/// A selection lowered to the items of the generated Rust: everything emission starts from that
/// decides a type, a name, a field's presence and default, boxing, sensitivity or deprecation.
pub(crate) struct Lowered {
    /// The selected operations and the shapes they reach.
    pub(crate) closure: closure::Closure,
    /// The protocol of the wire layer.
    pub(crate) protocol: Option<protocol::Protocol>,
    /// The items.
    pub(crate) krate: types::Crate,
}

/// The first stages of [`Generator`]'s pipeline: closure, protocol (`choice`, else the service's
/// first), items. `diff` compares two revisions lowered by it.
pub(crate) fn lower(
    shapes: &crate::model::Model,
    selection: &Selection,
    choice: Option<&str>,
) -> Result<Lowered> {
    let closure = closure::closure(shapes, selection)?;
    let protocol = protocol::detect(shapes, &closure.service, choice)?;
    let krate = types::map(shapes, &closure, protocol)?;
    Ok(Lowered {
        closure,
        protocol,
        krate,
    })
}

/// What emission produced, with the warnings of the selection.
struct Emitted {
    files: BTreeMap<String, emit::FileTokens>,
    dependencies: Vec<Dependency>,
    warnings: Vec<Warning>,
}

/// `{sdk id}-types` or `{service name}-types`.
fn default_package(model: &crate::model::Model, service: &str) -> String {
    let shape = &model.shapes[service];
    let sdk_id = shape
        .traits
        .get("aws.api#service")
        .and_then(|t| t.get("sdkId"))
        .and_then(|id| id.as_str());
    let stem = match sdk_id {
        Some(id) => id
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase(),
        None => shape.name().to_kebab_case(),
    };
    format!("{stem}-types")
}

/// A generated crate: its files in memory, keyed by `/`-separated path relative to the crate
/// root (`Cargo.toml`, `src/lib.rs`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedCrate {
    files: Files,
    warnings: Vec<Warning>,
}

impl GeneratedCrate {
    /// The files, by path relative to the crate root.
    pub fn files(&self) -> &Files {
        &self.files
    }

    /// The files, to add files of your own (examples, a README) before writing.
    pub fn files_mut(&mut self) -> &mut Files {
        &mut self.files
    }

    /// The files, owned.
    pub fn into_files(self) -> Files {
        self.files
    }

    /// What the crate leaves out of the selected operations' wire layer (operations with an
    /// event stream, unsupported protocols, …), one warning each.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Writes the crate to `dir`, replacing what is there: the files go to a temporary
    /// directory beside it, which is then renamed into place, so that a failure leaves the
    /// previous contents whole.
    pub fn write_to(&self, dir: impl AsRef<Path>) -> Result<()> {
        write_dir(dir.as_ref(), &self.files)
    }

    /// How `dir` differs from this crate: each file that is stale, missing, or there but no
    /// longer generated. Empty when `dir` is up to date.
    pub fn check(&self, dir: impl AsRef<Path>) -> Result<Vec<Drift>> {
        let dir = dir.as_ref();
        let mut drift = Vec::new();
        for (path, contents) in &self.files {
            match std::fs::read_to_string(dir.join(path)) {
                Ok(existing) if existing.replace("\r\n", "\n") == *contents => {}
                Ok(_) => drift.push(Drift::Stale(dir.join(path))),
                Err(_) => drift.push(Drift::Missing(dir.join(path))),
            }
        }
        for path in list_files(dir)? {
            if !self.files.contains_key(&path) {
                drift.push(Drift::Orphaned(dir.join(&path)));
            }
        }
        Ok(drift)
    }
}

/// How a file on disk differs from the generated one.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Drift {
    /// The file differs.
    Stale(PathBuf),
    /// The file is not there.
    Missing(PathBuf),
    /// The file is there but no longer generated.
    Orphaned(PathBuf),
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Drift::Stale(p) => write!(f, "stale: {}", p.display()),
            Drift::Missing(p) => write!(f, "missing: {}", p.display()),
            Drift::Orphaned(p) => write!(f, "orphaned (no longer generated): {}", p.display()),
        }
    }
}

/// A generated module: one Rust file for a crate to `include!`, and the dependencies that crate
/// needs.
///
/// A build script writes it to `OUT_DIR`:
///
/// ```
/// # let model = codegen::Model::from_sources([codegen::Source::new("weather.smithy",
/// #     "$version: \"2\"\nnamespace example.weather\nservice Weather { operations: [GetCity] }\n\
/// #      operation GetCity { input := { cityId: String } }\n")])?;
/// # let out_dir = std::env::temp_dir().join(format!("codegen-doc-{}", std::process::id()));
/// # unsafe { std::env::set_var("OUT_DIR", &out_dir) };
/// // build.rs
/// let module = codegen::Generator::default().generate_module(&model)?;
/// let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
/// module.write_to(out_dir.join("weather.rs"))?;
/// // The crate's Cargo.toml needs these:
/// assert!(module.cargo_dependencies().contains("serde = "));
/// # std::fs::remove_dir_all(&out_dir).unwrap();
/// # Ok::<(), codegen::Error>(())
/// ```
///
/// and the crate includes it where the types belong:
///
/// ```text
/// mod weather {
///     include!(concat!(env!("OUT_DIR"), "/weather.rs"));
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedModule {
    source: String,
    dependencies: Vec<Dependency>,
    warnings: Vec<Warning>,
}

impl GeneratedModule {
    /// The module's source: items only (no inner attributes), every path relative to the module
    /// that includes it.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The crates the including crate must depend on.
    pub fn dependencies(&self) -> &[Dependency] {
        &self.dependencies
    }

    /// The `[dependencies]` lines the including crate needs, one per crate, each after a comment
    /// saying why.
    pub fn cargo_dependencies(&self) -> String {
        self.dependencies
            .iter()
            .map(|d| format!("# {}\n{} = {}\n", d.reason, d.name, d.spec))
            .collect()
    }

    /// See [`GeneratedCrate::warnings`].
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Checks that the `Cargo.toml` at `manifest` declares every crate of
    /// [`Self::dependencies`] (as `name = …`, `name.… = …` or `[dependencies.name]`), so that a
    /// build script fails with the lines to add rather than the compiler with unresolved paths.
    pub fn check_dependencies(&self, manifest: impl AsRef<Path>) -> Result<()> {
        let manifest = manifest.as_ref();
        let text = std::fs::read_to_string(manifest).map_err(|source| Error::ReadModel {
            path: manifest.to_owned(),
            source,
        })?;
        let declared = |name: &str| {
            text.lines().map(str::trim_start).any(|line| {
                line.strip_prefix(name)
                    .is_some_and(|rest| rest.trim_start().starts_with('=') || rest.starts_with('.'))
                    || line.starts_with(&format!("[dependencies.{name}]"))
            })
        };
        let missing: Vec<String> = self
            .dependencies
            .iter()
            .filter(|d| !declared(&d.name))
            .map(|d| format!("{} = {}", d.name, d.spec))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        Err(Error::MissingDependencies {
            manifest: manifest.to_owned(),
            lines: missing,
        })
    }

    /// Writes the source to `path` through a temporary file beside it and a rename; the file is
    /// left alone when its contents are already these (so that cargo does not rebuild).
    pub fn write_to(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        if std::fs::read_to_string(path).is_ok_and(|existing| existing == self.source) {
            return Ok(());
        }
        write_file(path, &self.source)
    }
}

/// An I/O error on an output path.
fn write_error(path: &Path, source: std::io::Error) -> Error {
    Error::WriteOutput {
        path: path.to_owned(),
        source,
    }
}

/// The directory of a path, `.` for a bare name.
fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// A name for a temporary sibling of `path`.
fn sibling(path: &Path, kind: &str) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    parent_of(path).join(format!(".{name}.{kind}-{}", std::process::id()))
}

/// Writes `text` to `path` through a temporary file beside it and a rename, so that a reader
/// never sees half a file.
pub fn write_file(path: &Path, text: &str) -> Result<()> {
    let parent = parent_of(path);
    std::fs::create_dir_all(parent).map_err(|e| write_error(parent, e))?;
    let tmp = sibling(path, "tmp");
    std::fs::write(&tmp, text).map_err(|e| write_error(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        write_error(path, e)
    })
}

/// Writes `files` (`/`-separated paths relative to `out` → contents) into a temporary directory
/// beside `out`, then swaps it in for `out` with renames, so that a failure at any point leaves
/// the previous contents whole. Whatever `out` held before is replaced.
pub fn write_dir(out: &Path, files: &Files) -> Result<()> {
    if out.file_name().is_none() {
        return Err(write_error(
            out,
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a directory name"),
        ));
    }
    let parent = parent_of(out);
    std::fs::create_dir_all(parent).map_err(|e| write_error(parent, e))?;
    let tmp = sibling(out, "tmp");
    let old = sibling(out, "old");
    let result = (|| {
        for (path, contents) in files {
            let dest = tmp.join(path);
            if let Some(dir) = dest.parent() {
                std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
            }
            std::fs::write(&dest, contents).map_err(|e| write_error(&dest, e))?;
        }
        if out.exists() {
            std::fs::rename(out, &old).map_err(|e| write_error(out, e))?;
        }
        if let Err(e) = std::fs::rename(&tmp, out) {
            // Put the previous output back before reporting.
            let _ = std::fs::rename(&old, out);
            return Err(write_error(out, e));
        }
        let _ = std::fs::remove_dir_all(&old);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

/// Every file under `dir`, as `/`-separated relative paths, sorted; empty when `dir` does not
/// exist.
fn list_files(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut pending = vec![dir.to_owned()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d).map_err(|e| write_error(&d, e))? {
            let path = entry.map_err(|e| write_error(&d, e))?.path();
            if path.is_dir() {
                pending.push(path);
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
