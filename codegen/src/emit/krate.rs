//! Emits the crate root (`lib.rs`, with the operation index and re-exports) and `Cargo.toml`
//! (with only the dependencies the items need).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{OperationInfo, operations};
use crate::closure::Closure;
use crate::model::{Model, ShapeKind};
use crate::types::{Crate, Needs};

/// What the crate root says about the service and its operations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateInfo {
    /// The `[package]` table of `Cargo.toml`.
    pub package: Package,
    /// The service's title (`@title`), or its shape name.
    pub title: String,
    /// The service shape ID.
    pub service: String,
    /// The selected operations.
    pub operations: Vec<OperationInfo>,
}

impl CrateInfo {
    /// Collects the crate-level facts.
    pub fn new(model: &Model, closure: &Closure, krate: &Crate, package: Package) -> CrateInfo {
        let service = &model.shapes[&closure.service];
        let title = service
            .traits
            .get("smithy.api#title")
            .and_then(|t| t.as_str())
            .map_or_else(|| service.name().to_owned(), str::to_owned);
        debug_assert!(matches!(service.kind, ShapeKind::Service { .. }));
        CrateInfo {
            package,
            title,
            service: closure.service.clone(),
            operations: operations(model, closure, krate),
        }
    }
}

/// The `[package]` metadata of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// Cargo package name.
    pub name: String,
    /// `version`.
    pub version: String,
    /// `edition`.
    pub edition: String,
    /// `license`, left out when `None`.
    pub license: Option<String>,
    /// `description`; `None` says what the crate is, from the service's title.
    pub description: Option<String>,
    /// `publish`.
    pub publish: bool,
}

/// A crate that generated code depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Dependency {
    /// Its name on crates.io.
    pub name: String,
    /// Its TOML specification (`{ version = "1.0.200", features = ["derive"] }`), without
    /// `optional`.
    pub spec: String,
    /// Why the generated code needs it.
    pub reason: String,
    /// The layers (`http`, `validate`, `request-compression`) that need it; empty when every
    /// build does.
    pub(crate) layers: Vec<String>,
}

/// The optional layers of the generated crate, each a default cargo feature.
pub(super) struct Features {
    /// HTTP bindings (`http` feature).
    pub(super) http: bool,
    /// The HTTP bindings base64-encode a header (a `@mediaType` string, `Content-MD5`).
    pub(super) http_base64: bool,
    /// An operation sends `Content-MD5` (`@httpChecksumRequired`).
    pub(super) http_md5: bool,
    /// An operation gzips its requests (`@requestCompression`; `request-compression` feature).
    pub(super) gzip: bool,
    /// An operation sends SHA-256 checksums (Glacier's uploads).
    pub(super) sha256: bool,
    /// Validation and strict decoding (`validate` feature).
    pub(super) validate: bool,
    /// What validation's `@pattern`s need (`regex`, and `fancy-regex` for lookaround).
    pub(super) patterns: Option<super::validate::PatternDeps>,
    /// The protocol of the HTTP bindings (`restJson1`, `awsJson1_0`, …).
    pub(super) protocol: &'static str,
    /// The HTTP bindings percent-encode URI labels or query values (REST protocols).
    pub(super) http_percent: bool,
    /// The bodies are CBOR (rpcv2Cbor).
    pub(super) cbor: bool,
    /// Responses are XML and awsQuery/ec2Query requests form-encoded, through `xml_codec.rs`.
    pub(super) xml: bool,
}

/// `lib.rs`: crate docs listing each operation's types, module declarations and re-exports.
pub(super) fn lib_rs(
    info: &CrateInfo,
    modules: &[&str],
    support: bool,
    timestamps: bool,
    features: &Features,
) -> TokenStream {
    let http = features.http;
    let mut docs = vec![
        format!(
            "Serde types for {} (`{}`), generated from its Smithy model.",
            info.title, info.service
        ),
        String::new(),
        "Every type is at the crate root. They serialize to, and deserialize from, the JSON the"
            .to_owned(),
        format!(
            "service speaks ({} bodies): member names as in the model, absent members omitted,",
            features.protocol
        ),
        "`null` read as absent, unknown enum values and union members kept as received.".to_owned(),
        String::new(),
    ];
    if http {
        docs.extend([
            "With the `http` feature (on by default), each operation also has".to_owned(),
            "`Input::to_http_request`, `Output::from_http_response` and an error enum".to_owned(),
            "(`OperationError`) that reads error responses the way botocore does.".to_owned(),
            String::new(),
        ]);
    }
    docs.extend(["# Operations".to_owned(), String::new()]);
    for op in &info.operations {
        docs.push(format!("## `{}`", op.name));
        docs.push(String::new());
        if !op.summary.is_empty() {
            docs.push(op.summary.clone());
            docs.push(String::new());
        }
        let link = |t: &Option<String>| {
            t.as_ref()
                .map_or_else(|| "none".to_owned(), |t| format!("[`{t}`]"))
        };
        docs.push(format!("- Input: {}", link(&op.input)));
        docs.push(format!("- Output: {}", link(&op.output)));
        if !op.errors.is_empty() {
            let errors: Vec<String> = op.errors.iter().map(|e| format!("[`{e}`]")).collect();
            docs.push(format!("- Errors: {}", errors.join(", ")));
        }
        if let Some(error_enum) = &op.error_enum {
            docs.push(format!("- HTTP: [`{error_enum}`] (feature `http`)"));
        }
        docs.push(String::new());
    }
    while docs.last().is_some_and(String::is_empty) {
        docs.pop();
    }
    let docs = docs.iter().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    let mods = modules.iter().map(|m| format_ident!("{}", m));
    let uses = modules.iter().map(|m| format_ident!("{}", m));
    let support = support.then(|| {
        quote!(
            mod serde_support;
        )
    });
    let validate_mod = features.validate.then(|| {
        quote! {
            #[cfg(feature = "validate")]
            mod validation;
            #[cfg(feature = "validate")]
            pub use validation::{Constraint, ValidationErrors, Violation, from_json_strict};
        }
    });
    let timestamp = timestamps.then(|| {
        quote! {
            mod timestamp;
            pub use timestamp::Timestamp;
        }
    });
    let xml_codec = features.xml.then(|| {
        quote! {
            #[cfg(feature = "http")]
            mod xml_codec;
        }
    });
    let http_mods = http.then(|| {
        quote! {
            #[cfg(feature = "http")]
            mod http_support;
            #[cfg(feature = "http")]
            mod operations;
            #xml_codec
        }
    });
    let http_uses = http.then(|| {
        quote! {
            #[cfg(feature = "http")]
            pub use http_support::{InvalidResponse, ModeledError, RequestError, UnhandledError};
            #[cfg(feature = "http")]
            pub use operations::*;
        }
    });
    quote! {
        #(#![doc = #docs])*
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        #(mod #mods;)*
        #support
        #timestamp
        #http_mods

        #(pub use #uses::*;)*
        #validate_mod
        #http_uses
    }
}

/// The dependencies of the generated code, in `Cargo.toml` order, each with the layers that need
/// it.
pub(super) fn dependencies(needs: &Needs, features: &Features) -> Vec<Dependency> {
    const ALWAYS: &[&str] = &[];
    const HTTP: &[&str] = &["http"];
    const VALIDATE: &[&str] = &["validate"];
    let mut deps: Vec<(&str, String, &str, &[&str])> = vec![
        (
            "serde",
            r#"version = "1.0.200""#.to_owned(),
            "the serde impls of every type, written out: no `derive`, so no proc-macro build",
            ALWAYS,
        ),
        (
            "serde_json",
            r#"version = "1.0.100", features = ["float_roundtrip"]"#.to_owned(),
            "`serde_json::Value` for documents and unknown union members; doubles read exactly",
            ALWAYS,
        ),
    ];
    if !needs.timestamps.is_empty() {
        deps.push((
            "time",
            r#"version = "0.3.36", default-features = false, features = ["std"]"#.to_owned(),
            "conversions between `Timestamp` and `time::OffsetDateTime`, behind the `time` feature",
            &["time"],
        ));
    }
    let base64 = r#"version = "0.22", default-features = false, features = ["std"]"#;
    if needs.blob {
        deps.push(("base64", base64.to_owned(), "blobs travel as base64", ALWAYS));
    } else if features.http && features.http_base64 {
        // Without blobs, only the `http` feature needs base64 (for `@mediaType` string headers).
        deps.push((
            "base64",
            base64.to_owned(),
            "`@mediaType` string headers travel as base64",
            HTTP,
        ));
    }
    if features.http {
        deps.push((
            "http",
            r#"version = "1""#.to_owned(),
            "request and response types of the `http` feature",
            HTTP,
        ));
        if features.http_percent {
            deps.push((
                "percent-encoding",
                r#"version = "2.3""#.to_owned(),
                "RFC 3986 encoding of URI labels and query values",
                HTTP,
            ));
        }
        if features.xml {
            deps.push((
                "quick-xml",
                r#"version = "0.41""#.to_owned(),
                "XML responses, read by a pull parser with no DTD and no entity expansion",
                HTTP,
            ));
        }
        if features.cbor {
            deps.push((
                "ciborium",
                r#"version = "0.2.2""#.to_owned(),
                "CBOR bodies through the types' serde (tags, half floats, indefinite lengths, a nesting limit)",
                HTTP,
            ));
        }
        if features.http_md5 {
            deps.push((
                "md5",
                r#"version = "0.8""#.to_owned(),
                "`Content-MD5` of `@httpChecksumRequired` operations",
                HTTP,
            ));
        }
        if features.sha256 {
            deps.push((
                "sha2",
                r#"version = "0.10""#.to_owned(),
                "Glacier's SHA-256 and tree-hash checksums of uploads",
                HTTP,
            ));
        }
        if features.gzip {
            deps.push((
                "flate2",
                r#"version = "1""#.to_owned(),
                "gzip of `@requestCompression` request bodies",
                &["request-compression"],
            ));
        }
    }
    if features.validate {
        deps.push((
            "serde_ignored",
            r#"version = "0.1.10""#.to_owned(),
            "strict decoding reports members the model does not define",
            VALIDATE,
        ));
        if let Some(patterns) = features.patterns.as_ref().filter(|p| p.regex) {
            let tables: String = patterns.tables.iter().map(|t| format!(", \"{t}\"")).collect();
            deps.push((
                "regex",
                format!(r#"version = "1.12", default-features = false, features = ["std", "perf-dfa"{tables}]"#),
                "`@pattern`s whose automata would be too large to write out: linear-time matching (its lazy DFA, `perf-dfa`, keeps long values fast)",
                VALIDATE,
            ));
            if patterns.backtracking {
                deps.push((
                    "fancy-regex",
                    r#"version = "0.20", default-features = false, features = ["std"]"#.to_owned(),
                    "`@pattern`s with lookaround or backreferences, within a backtracking budget",
                    VALIDATE,
                ));
            }
        }
    }
    // JSON responses name the failing member from where serde_json stopped; CBOR has no such
    // position, and validation reads a value, not text.
    let http_paths = features.http && features.cbor;
    if http_paths || features.validate {
        let layers: &[&str] = match (http_paths, features.validate) {
            (true, true) => &["http", "validate"],
            (true, false) => HTTP,
            _ => VALIDATE,
        };
        deps.push((
            "serde_path_to_error",
            r#"version = "0.1.16""#.to_owned(),
            "names the member when a CBOR response or a value to validate does not match the model",
            layers,
        ));
    }
    deps.into_iter()
        .map(|(name, spec, reason, layers)| Dependency {
            name: name.to_owned(),
            spec: format!("{{ {spec} }}"),
            reason: reason.to_owned(),
            layers: layers.iter().map(|l| (*l).to_owned()).collect(),
        })
        .collect()
}

/// `Cargo.toml` of the generated crate: the dependencies its types need, and one default
/// feature per optional layer, which turns on the optional dependencies of that layer.
pub(super) fn cargo_toml(
    info: &CrateInfo,
    deps: &[Dependency],
    features: &Features,
    gates: Option<&crate::features::Gates>,
) -> String {
    // The optional dependencies a layer enables, in the order its feature lists them.
    let enables = |layer: &str, order: &[&str]| -> String {
        let mut names: Vec<&str> = deps
            .iter()
            .filter(|d| d.layers.iter().any(|l| l == layer))
            .map(|d| d.name.as_str())
            .collect();
        names.sort_by_key(|n| order.iter().position(|o| o == n).unwrap_or(order.len()));
        names
            .iter()
            .map(|n| format!("\"dep:{n}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut feature_lines = Vec::new();
    let mut defaults: Vec<String> = Vec::new();
    if features.http {
        defaults.push("\"http\"".to_owned());
        let order = [
            "http",
            "percent-encoding",
            "quick-xml",
            "ciborium",
            "serde_path_to_error",
            "base64",
            "md5",
            "sha2",
        ];
        feature_lines.push(format!(
            "# HTTP request building and response parsing ({}).\nhttp = [{}]",
            features.protocol,
            enables("http", &order)
        ));
        if features.gzip {
            defaults.push("\"request-compression\"".to_owned());
            feature_lines.push(
                "# gzip request bodies of 10 KiB or more where the model offers it (`@requestCompression`).\nrequest-compression = [\"http\", \"dep:flate2\"]".to_owned(),
            );
        }
    }
    if features.validate {
        defaults.push("\"validate\"".to_owned());
        let order = ["serde_ignored", "serde_path_to_error", "regex", "fancy-regex"];
        feature_lines.push(format!(
            "# validate() of inputs and strict decoding.\nvalidate = [{}]",
            enables("validate", &order)
        ));
    }
    if deps.iter().any(|d| d.layers.iter().any(|l| l == "time")) {
        feature_lines.push(
            "# `Timestamp` to and from `time::OffsetDateTime`.\ntime = [\"dep:time\"]".to_owned(),
        );
    }
    if let Some(gates) = gates {
        feature_lines.push(
            "# One feature per operation: its input, output, errors and what they reference."
                .to_owned(),
        );
        for feature in gates.operations.values() {
            defaults.push(format!("\"{feature}\""));
            feature_lines.push(format!("{feature} = []"));
        }
    }
    let features_section = if feature_lines.is_empty() {
        String::new()
    } else {
        format!(
            "[features]\n# Turn the defaults off for serde-only use.\ndefault = [{}]\n{}\n\n",
            defaults.join(", "),
            feature_lines.join("\n")
        )
    };
    let package = &info.package;
    let mut out = format!(
        "[package]\nname = \"{}\"\nversion = \"{}\"\nedition = \"{}\"\n",
        package.name, package.version, package.edition
    );
    if let Some(license) = &package.license {
        out.push_str(&format!("license = {}\n", crate::write_idl::quote(license)));
    }
    let description = package.description.clone().unwrap_or_else(|| {
        format!("Serde types for {}, generated from its Smithy model", info.title)
    });
    out.push_str(&format!("description = {}\n", crate::write_idl::quote(&description)));
    if !package.publish {
        out.push_str("publish = false\n");
    }
    out.push_str(&format!(
        "\n[lib]\npath = \"src/lib.rs\"\n\n{features_section}[dependencies]\n"
    ));
    for dep in deps {
        let spec = if dep.layers.is_empty() {
            dep.spec.clone()
        } else {
            format!("{}, optional = true }}", dep.spec.trim_end_matches(" }"))
        };
        out.push_str(&format!("# {}\n{} = {spec}\n", dep.reason, dep.name));
    }
    out
}
