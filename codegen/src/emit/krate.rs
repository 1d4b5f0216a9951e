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
    /// Cargo package name.
    pub package: String,
    /// The service's title (`@title`), or its shape name.
    pub title: String,
    /// The service shape ID.
    pub service: String,
    /// The selected operations.
    pub operations: Vec<OperationInfo>,
}

impl CrateInfo {
    /// Collects the crate-level facts.
    pub fn new(model: &Model, closure: &Closure, krate: &Crate, package: &str) -> CrateInfo {
        let service = &model.shapes[&closure.service];
        let title = service
            .traits
            .get("smithy.api#title")
            .and_then(|t| t.as_str())
            .map_or_else(|| service.name().to_owned(), str::to_owned);
        debug_assert!(matches!(service.kind, ShapeKind::Service { .. }));
        CrateInfo {
            package: package.to_owned(),
            title,
            service: closure.service.clone(),
            operations: operations(model, closure, krate),
        }
    }
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
        #http_mods

        #(pub use #uses::*;)*
        #validate_mod
        #http_uses
    }
}

/// `Cargo.toml` of the generated crate: the dependencies its types need, and one default
/// feature per optional layer.
pub(super) fn cargo_toml(
    info: &CrateInfo,
    needs: &Needs,
    features: &Features,
    gates: Option<&crate::features::Gates>,
) -> String {
    let optional = r#"optional = true"#;
    let mut deps: Vec<(&str, String, &str)> = vec![
        (
            "serde",
            r#"{ version = "1.0.200", features = ["derive"] }"#.to_owned(),
            "derives and hand-written impls for every type",
        ),
        (
            "serde_json",
            r#"{ version = "1.0.100", features = ["float_roundtrip"] }"#.to_owned(),
            "`serde_json::Value` for documents and unknown union members; doubles read exactly",
        ),
    ];
    if needs.adapters() {
        deps.push((
            "serde_with",
            r#"{ version = "3.8", default-features = false, features = ["std"] }"#.to_owned(),
            "composes the wire-format adapters through Option, Vec and maps",
        ));
    }
    if !needs.timestamps.is_empty() {
        deps.push((
            "time",
            r#"{ version = "0.3.36", default-features = false, features = ["std", "parsing", "formatting"] }"#.to_owned(),
            "timestamps as `time::OffsetDateTime`, RFC 3339 and RFC 2822 parsing",
        ));
    }
    if needs.blob {
        deps.push((
            "base64",
            r#"{ version = "0.22", default-features = false, features = ["std"] }"#.to_owned(),
            "blobs travel as base64",
        ));
    }
    // Without blobs, only the `http` feature needs base64 (for `@mediaType` string headers).
    let http_base64 = features.http && features.http_base64 && !needs.blob;
    if http_base64 {
        deps.push((
            "base64",
            format!(r#"{{ version = "0.22", default-features = false, features = ["std"], {optional} }}"#),
            "`@mediaType` string headers travel as base64",
        ));
    }
    let mut feature_lines = Vec::new();
    let mut defaults: Vec<String> = Vec::new();
    if features.http {
        // The optional dependencies the `http` feature enables, in the order it lists them.
        let mut enables = vec!["dep:http"];
        deps.push((
            "http",
            format!(r#"{{ version = "1", {optional} }}"#),
            "request and response types of the `http` feature",
        ));
        if features.http_percent {
            deps.push((
                "percent-encoding",
                format!(r#"{{ version = "2.3", {optional} }}"#),
                "RFC 3986 encoding of URI labels and query values",
            ));
            enables.push("dep:percent-encoding");
        }
        if features.xml {
            deps.push((
                "quick-xml",
                format!(r#"{{ version = "0.41", {optional} }}"#),
                "XML responses, read by a pull parser with no DTD and no entity expansion",
            ));
            enables.push("dep:quick-xml");
        }
        if features.cbor {
            deps.push((
                "ciborium",
                format!(r#"{{ version = "0.2.2", {optional} }}"#),
                "CBOR bodies through the types' serde (tags, half floats, indefinite lengths, a nesting limit)",
            ));
            enables.push("dep:ciborium");
        }
        enables.push("dep:serde_path_to_error");
        if http_base64 {
            enables.push("dep:base64");
        }
        if features.http_md5 {
            deps.push((
                "md5",
                format!(r#"{{ version = "0.8", {optional} }}"#),
                "`Content-MD5` of `@httpChecksumRequired` operations",
            ));
            enables.push("dep:md5");
        }
        if features.sha256 {
            deps.push((
                "sha2",
                format!(r#"{{ version = "0.10", {optional} }}"#),
                "Glacier's SHA-256 and tree-hash checksums of uploads",
            ));
            enables.push("dep:sha2");
        }
        defaults.push("\"http\"".to_owned());
        let enables: Vec<String> = enables.iter().map(|d| format!("\"{d}\"")).collect();
        feature_lines.push(format!(
            "# HTTP request building and response parsing ({}).\nhttp = [{}]",
            features.protocol,
            enables.join(", ")
        ));
        if features.gzip {
            deps.push((
                "flate2",
                format!(r#"{{ version = "1", {optional} }}"#),
                "gzip of `@requestCompression` request bodies",
            ));
            defaults.push("\"request-compression\"".to_owned());
            feature_lines.push(
                "# gzip request bodies of 10 KiB or more where the model offers it (`@requestCompression`).\nrequest-compression = [\"http\", \"dep:flate2\"]".to_owned(),
            );
        }
    }
    if features.validate {
        deps.push((
            "serde_ignored",
            format!(r#"{{ version = "0.1.10", {optional} }}"#),
            "strict decoding reports members the model does not define",
        ));
        let mut engines = String::new();
        if let Some(patterns) = &features.patterns {
            let tables: String = patterns.tables.iter().map(|t| format!(", \"{t}\"")).collect();
            deps.push((
                "regex",
                format!(r#"{{ version = "1.12", default-features = false, features = ["std", "perf-dfa"{tables}], {optional} }}"#),
                "`@pattern`, translated from ECMAScript at generation time: linear-time matching (its lazy DFA, `perf-dfa`, keeps long values fast)",
            ));
            engines.push_str(", \"dep:regex\"");
            if patterns.backtracking {
                deps.push((
                    "fancy-regex",
                    format!(r#"{{ version = "0.20", default-features = false, features = ["std"], {optional} }}"#),
                    "`@pattern`s with lookaround or backreferences, within a backtracking budget",
                ));
                engines.push_str(", \"dep:fancy-regex\"");
            }
        }
        defaults.push("\"validate\"".to_owned());
        feature_lines.push(format!(
            "# validate() of inputs and strict decoding.\nvalidate = [\"dep:serde_ignored\", \"dep:serde_path_to_error\"{engines}]"
        ));
    }
    if features.http || features.validate {
        deps.push((
            "serde_path_to_error",
            format!(r#"{{ version = "0.1.16", {optional} }}"#),
            "names the member when JSON does not match the model",
        ));
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
    let mut out = format!(
        "[package]\nname = \"{}\"\nversion = \"0.1.0\"\nedition = \"2024\"\nlicense = \"Apache-2.0\"\n\
         description = \"Serde types for {}, generated from its Smithy model\"\npublish = false\n\n[lib]\npath = \"src/lib.rs\"\n\n{features_section}[dependencies]\n",
        info.package, info.title
    );
    for (name, spec, why) in deps {
        out.push_str(&format!("# {why}\n{name} = {spec}\n"));
    }
    out
}
