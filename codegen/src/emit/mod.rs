//! Spells the mapped items as token streams, one per generated file; decides nothing.

mod correct;
mod enums;
mod http;
mod krate;
mod runtime;
mod structs;
mod support;
mod unions;
mod validate;
mod xml;

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Delimiter, Ident, Span, TokenStream, TokenTree};
use quote::{format_ident, quote};

use crate::closure::Closure;
use crate::features::Gates;
use crate::model::{Model, ShapeKind, shape_name};
use crate::resolve::{UNIT, traits};
use crate::symbols::Symbols;
use crate::types::{Crate, Item, Meta, TimestampFormat, Type};

pub use krate::{CrateInfo, Dependency, Package};

/// One generated file before formatting.
#[derive(Debug, Clone)]
pub enum FileTokens {
    /// Rust source, to be formatted by prettyplease.
    Rust(TokenStream),
    /// Any other text (Cargo.toml), written as is after the header.
    Text(String),
}

/// A module of the generated crate and the items it holds.
struct ModuleSpec {
    /// File stem.
    name: &'static str,
    /// Its `//!` line.
    doc: &'static str,
    /// Whether an item belongs here.
    holds: fn(&Item) -> bool,
}

/// The generated modules, in declaration order.
const MODULES: [ModuleSpec; 4] = [
    ModuleSpec {
        name: "structures",
        doc: "Structures: the operations' inputs, outputs and the data they carry.",
        holds: |i| matches!(i, Item::Struct(s) if s.error.is_none()),
    },
    ModuleSpec {
        name: "errors",
        doc: "Modeled errors of the operations.",
        holds: |i| matches!(i, Item::Struct(s) if s.error.is_some()),
    },
    ModuleSpec {
        name: "enums",
        doc: "Enums, each open to values added after this crate was generated.",
        holds: |i| matches!(i, Item::Enum(_) | Item::IntEnum(_)),
    },
    ModuleSpec {
        name: "unions",
        doc: "Tagged unions, each open to members added after this crate was generated.",
        holds: |i| matches!(i, Item::Union(_)),
    },
];

/// The generated crate before formatting.
pub struct Emitted {
    /// Every file, keyed by path relative to the crate root.
    pub files: BTreeMap<String, FileTokens>,
    /// The dependencies of the generated code (those `Cargo.toml` lists).
    pub dependencies: Vec<Dependency>,
}

/// Emits every file of the generated crate.
pub fn emit(
    krate: &Crate,
    symbols: &Symbols,
    ops: &[crate::http::Operation],
    checks: &crate::validate::Checks,
    gates: Option<&Gates>,
    info: &CrateInfo,
    xml: Option<&crate::xml::Codec>,
) -> Emitted {
    let ctx = Ctx {
        symbols: symbols.clone(),
    };
    let no_gates = Gates::default();
    let gates_or_none = gates.unwrap_or(&no_gates);
    // With a feature subset some shared helpers go unused; that is expected, not dead code.
    let allow_unused = gates
        .map(|_| quote!(#![allow(dead_code)]))
        .unwrap_or_default();
    let allow = allow_deprecated_inner(krate);
    let mut files = BTreeMap::new();
    let mut modules = Vec::new();
    for ModuleSpec {
        name: module,
        doc,
        holds: filter,
    } in MODULES
    {
        let items: Vec<&Item> = krate.items.iter().filter(|i| filter(i)).collect();
        if items.is_empty() {
            continue;
        }
        let mut body = module_doc(doc);
        body.extend(allow.clone());
        body.extend(imports(&items, gates_or_none));
        for item in &items {
            let mut tokens = match item {
                Item::Struct(s) => structs::emit(&ctx, s),
                Item::Enum(e) => enums::emit_enum(&ctx, e),
                Item::IntEnum(e) => enums::emit_int_enum(&ctx, e),
                Item::Union(u) => unions::emit(&ctx, u),
            };
            if let Item::Struct(_) = item {
                tokens.extend(structs::emit_defaults(&ctx, &[item]));
            }
            body.extend(crate::features::gate(
                tokens,
                &gates_or_none.for_type(item.name()),
            ));
        }
        files.insert(format!("src/{module}.rs"), FileTokens::Rust(body));
        modules.push(module);
    }
    let operations =
        (!ops.is_empty()).then(|| http::operations(&ctx, krate, ops, gates_or_none, xml));
    let xml_codec = xml.map(|codec| xml::module(&ctx, codec, gates_or_none));
    let users: Vec<&TokenStream> = files
        .values()
        .filter_map(|f| match f {
            FileTokens::Rust(tokens) => Some(tokens),
            FileTokens::Text(_) => None,
        })
        .chain(&operations)
        .collect();
    if let Some(support) = support::emit(&users) {
        files.insert(
            "src/serde_support.rs".to_owned(),
            FileTokens::Rust(with_inner(support, &allow_unused)),
        );
    }
    if !krate.needs.timestamps.is_empty() {
        files.insert(
            "src/timestamp.rs".to_owned(),
            FileTokens::Rust(support::timestamp()),
        );
    }
    if let Some(operations) = operations {
        let users: Vec<&TokenStream> = [&operations].into_iter().chain(&xml_codec).collect();
        let support = http::support(ops, &users);
        files.insert(
            "src/operations.rs".to_owned(),
            FileTokens::Rust(with_inner(operations, &allow)),
        );
        files.insert(
            "src/http_support.rs".to_owned(),
            FileTokens::Rust(with_inner(support, &allow_unused)),
        );
    }
    if let Some(codec) = xml_codec {
        files.insert(
            "src/xml_codec.rs".to_owned(),
            FileTokens::Rust(with_inner(codec, &allow)),
        );
    }
    let mut info = info.clone();
    for op in &mut info.operations {
        op.error_enum = ops
            .iter()
            .find(|o| o.name == op.name)
            .map(|o| o.error_enum.clone());
    }
    let info = &info;
    let features = krate::Features {
        http: !ops.is_empty(),
        http_base64: ops
            .iter()
            .any(|o| o.uses_base64_headers() || o.extras.content_md5),
        http_md5: ops.iter().any(|o| o.extras.content_md5),
        gzip: ops.iter().any(|o| o.extras.gzip),
        sha256: ops.iter().any(|o| o.extras.glacier_checksums),
        validate: !checks.inputs.is_empty(),
        patterns: validate::uses_patterns(checks),
        protocol: crate::http::protocol_name(ops),
        // REST bindings (restJson1) may percent-encode; RPC ones send `POST /` only.
        http_percent: ops.iter().any(|o| o.rpc.is_none()),
        cbor: ops
            .iter()
            .any(|o| o.rpc.as_ref().is_some_and(|r| r.codec == crate::protocol::Codec::Cbor)),
        xml: files.contains_key("src/xml_codec.rs"),
    };
    if features.validate {
        files.insert(
            "src/validation.rs".to_owned(),
            FileTokens::Rust(with_inner(
                with_inner(validate::validation(&ctx, checks, gates_or_none), &allow),
                &allow_unused,
            )),
        );
    }
    files.insert(
        "src/lib.rs".to_owned(),
        FileTokens::Rust(krate::lib_rs(
            info,
            &modules,
            files.contains_key("src/serde_support.rs"),
            files.contains_key("src/timestamp.rs"),
            &features,
        )),
    );
    let dependencies = krate::dependencies(&krate.needs, &features);
    files.insert(
        "Cargo.toml".to_owned(),
        FileTokens::Text(krate::cargo_toml(info, &dependencies, &features, gates)),
    );
    Emitted {
        files,
        dependencies,
    }
}

/// `use crate::{…};` for the generated types that `items` reference but another module defines.
fn imports(items: &[&Item], gates: &Gates) -> TokenStream {
    fn named(ty: &Type, out: &mut BTreeSet<String>) {
        match ty {
            Type::Named(n) => {
                out.insert(n.clone());
            }
            Type::Boxed(t) | Type::List { item: t, .. } => named(t, out),
            Type::Map { key, value, .. } => {
                named(key, out);
                named(value, out);
            }
            _ => {}
        }
    }
    // Each referenced type, with the items of this module that reference it.
    let mut used: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for item in items {
        let mut names = BTreeSet::new();
        match item {
            Item::Struct(s) => s.fields.iter().for_each(|f| named(&f.ty, &mut names)),
            Item::Union(u) => u
                .variants
                .iter()
                .filter_map(|v| v.ty.as_ref())
                .for_each(|t| named(t, &mut names)),
            Item::Enum(_) | Item::IntEnum(_) => {}
        }
        for name in names {
            used.entry(name).or_default().insert(item.name());
        }
    }
    for item in items {
        used.remove(item.name());
    }
    if used.is_empty() {
        return quote!();
    }
    if gates.types.is_empty() {
        let names = used.keys().map(|n| ident(n));
        return quote!(use crate::{#(#names),*};);
    }
    // Each import is compiled with the items that use it.
    let uses = used.iter().map(|(name, users)| {
        let cfg = gates.for_types(users.iter().copied());
        let name = ident(name);
        quote!(#cfg use crate::#name;)
    });
    quote!(#(#uses)*)
}

/// Naming context shared by the emitters: which std names a generated type shadows.
pub(crate) struct Ctx {
    /// The names the generator derives.
    symbols: Symbols,
}

impl Ctx {
    /// A std prelude type, spelled short unless a generated type of the same name shadows it.
    fn std_path(&self, short: &str, full: &str) -> String {
        if self.symbols.shadows_std(short) {
            full.to_owned()
        } else {
            short.to_owned()
        }
    }

    fn string(&self) -> String {
        self.std_path("String", "::std::string::String")
    }

    fn option(&self) -> String {
        self.std_path("Option", "::std::option::Option")
    }

    fn vec(&self) -> String {
        self.std_path("Vec", "::std::vec::Vec")
    }

    fn boxed(&self) -> String {
        self.std_path("Box", "::std::boxed::Box")
    }

    fn result(&self) -> String {
        self.std_path("Result", "::std::result::Result")
    }

    /// The Rust type as source text.
    fn type_str(&self, ty: &Type) -> String {
        match ty {
            Type::String => self.string(),
            Type::Bool => "bool".to_owned(),
            Type::I8 => "i8".to_owned(),
            Type::I16 => "i16".to_owned(),
            Type::I32 => "i32".to_owned(),
            Type::I64 => "i64".to_owned(),
            Type::F32 => "f32".to_owned(),
            Type::F64 => "f64".to_owned(),
            Type::Blob => format!("{}<u8>", self.vec()),
            Type::Timestamp(_) => "crate::Timestamp".to_owned(),
            Type::Document => "::serde_json::Value".to_owned(),
            Type::Named(n) => n.clone(),
            Type::Boxed(t) => format!("{}<{}>", self.boxed(), self.type_str(t)),
            Type::List { item, sparse } => format!(
                "{}<{}>",
                self.vec(),
                self.maybe_option(&self.type_str(item), *sparse)
            ),
            Type::Map { key, value, sparse } => format!(
                "::std::collections::BTreeMap<{}, {}>",
                self.type_str(key),
                self.maybe_option(&self.type_str(value), *sparse)
            ),
        }
    }

    fn maybe_option(&self, inner: &str, optional: bool) -> String {
        if optional {
            format!("{}<{inner}>", self.option())
        } else {
            inner.to_owned()
        }
    }

    /// The Rust type as tokens.
    fn ty(&self, ty: &Type) -> TokenStream {
        parse_type(&self.type_str(ty))
    }

    /// The serde adapter (`serde_support::SerializeAs`) for a type that [`Type::needs_adapter`].
    fn adapter(&self, ty: &Type) -> String {
        if !ty.needs_adapter() {
            return "crate::serde_support::Same".to_owned();
        }
        match ty {
            Type::F32 | Type::F64 => "crate::serde_support::Float".to_owned(),
            Type::Blob => "crate::serde_support::Base64".to_owned(),
            Type::Timestamp(f) => format!("crate::serde_support::{}", timestamp_adapter(*f)),
            Type::Boxed(t) => format!("{}<{}>", self.boxed(), self.adapter(t)),
            Type::List { item, sparse } => format!(
                "{}<{}>",
                self.vec(),
                self.maybe_option(&self.adapter(item), *sparse)
            ),
            Type::Map { value, sparse, .. } => format!(
                "::std::collections::BTreeMap<crate::serde_support::Same, {}>",
                self.maybe_option(&self.adapter(value), *sparse)
            ),
            _ => unreachable!("needs_adapter covers only the types above"),
        }
    }
}

/// The adapter type name for a timestamp format.
pub(crate) fn timestamp_adapter(format: TimestampFormat) -> &'static str {
    match format {
        TimestampFormat::EpochSeconds => "EpochSeconds",
        TimestampFormat::DateTime => "DateTime",
        TimestampFormat::HttpDate => "HttpDate",
    }
}

/// Tokens of a type written as text; the text comes from [`Ctx::type_str`], which only writes
/// valid types. Lexed, not parsed: rendering parses the whole file anyway (a bad type fails
/// there, naming the file), and a syn parse per type cost the generator time.
fn parse_type(text: &str) -> TokenStream {
    text.parse()
        .unwrap_or_else(|e| panic!("generator bug: `{text}` is not a type: {e}"))
}

/// An identifier, raw (`r#type`) when the name says so.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", name),
    }
}

/// `#[doc]` lines for Markdown text (one attribute a line, so prettyplease prints `///`).
pub(crate) fn doc_attrs(docs: &str) -> TokenStream {
    let lines = docs.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote!(#(#[doc = #lines])*)
}

/// `#![doc]` lines for a module header.
fn module_doc(docs: &str) -> TokenStream {
    let lines = docs.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote!(#(#![doc = #lines])*)
}

/// Docs plus `#[deprecated]` for an item, field or variant.
pub(crate) fn meta_attrs(meta: &Meta) -> TokenStream {
    let docs = doc_attrs(&meta.docs);
    match &meta.deprecated {
        Some(note) => quote!(#docs #[deprecated(note = #note)]),
        None => docs,
    }
}

/// `tokens` (a module starting with its `//!` docs) with `inner` attributes after its own inner
/// attributes. Works on the token trees (`#`, `!`, `[…]`), so the module is not parsed twice.
fn with_inner(tokens: TokenStream, inner: &TokenStream) -> TokenStream {
    if inner.is_empty() {
        return tokens;
    }
    let mut trees: Vec<TokenTree> = tokens.into_iter().collect();
    let is_inner_attr = |at: &[TokenTree]| {
        matches!(
            at,
            [TokenTree::Punct(hash), TokenTree::Punct(bang), TokenTree::Group(group), ..]
                if hash.as_char() == '#'
                    && bang.as_char() == '!'
                    && group.delimiter() == Delimiter::Bracket
        )
    };
    let mut split = 0;
    while is_inner_attr(&trees[split..]) {
        split += 3;
    }
    let rest = trees.split_off(split);
    let mut out: TokenStream = trees.into_iter().collect();
    out.extend(inner.clone());
    out.extend(rest);
    out
}

/// `#![allow(deprecated)]` for the generated modules when the model deprecates something: the
/// crate that defines a deprecated item has to use it (impls, fields, validation); users still
/// get the warning where their own code uses it.
fn allow_deprecated_inner(krate: &Crate) -> TokenStream {
    let deprecated = krate.items.iter().any(|i| match i {
        Item::Struct(s) => {
            s.meta.deprecated.is_some() || s.fields.iter().any(|f| f.meta.deprecated.is_some())
        }
        Item::Enum(e) => {
            e.meta.deprecated.is_some() || e.variants.iter().any(|v| v.meta.deprecated.is_some())
        }
        Item::IntEnum(e) => {
            e.meta.deprecated.is_some() || e.variants.iter().any(|v| v.meta.deprecated.is_some())
        }
        Item::Union(u) => {
            u.meta.deprecated.is_some() || u.variants.iter().any(|v| v.meta.deprecated.is_some())
        }
    });
    if deprecated {
        quote!(#![allow(deprecated)])
    } else {
        quote!()
    }
}

/// Operations of the closure, for the crate docs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationInfo {
    /// Operation shape name.
    pub name: String,
    /// First sentence of its documentation.
    pub summary: String,
    /// Rust names of input, output and errors.
    pub input: Option<String>,
    /// Output type.
    pub output: Option<String>,
    /// Error types.
    pub errors: Vec<String>,
    /// The operation's HTTP error enum, when it has HTTP bindings.
    pub error_enum: Option<String>,
}

pub(crate) fn operations(model: &Model, closure: &Closure, krate: &Crate) -> Vec<OperationInfo> {
    let by_id: BTreeMap<&str, &str> = krate
        .items
        .iter()
        .map(|i| (i.shape_id(), i.name()))
        .collect();
    let name_of = |id: &Option<String>| {
        id.as_deref()
            .filter(|t| *t != UNIT)
            .and_then(|t| by_id.get(t))
            .map(|s| (*s).to_owned())
    };
    closure
        .operations
        .iter()
        .filter_map(|op| {
            let shape = &model.shapes[op];
            let ShapeKind::Operation {
                input,
                output,
                errors,
            } = &shape.kind
            else {
                return None;
            };
            let docs = shape
                .traits
                .get(traits::DOCUMENTATION)
                .and_then(|d| d.as_str())
                .map(crate::docs::to_markdown)
                .unwrap_or_default();
            let summary = docs
                .split("\n\n")
                .next()
                .unwrap_or_default()
                .replace('\n', " ");
            Some(OperationInfo {
                name: shape_name(op).to_owned(),
                summary,
                input: name_of(input),
                output: name_of(output),
                error_enum: None,
                errors: errors
                    .iter()
                    .filter_map(|e| by_id.get(e.as_str()).map(|s| (*s).to_owned()))
                    .collect(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inner_attributes_go_after_the_module_docs_and_attributes() {
        let module = quote! {
            #![doc = " Docs."]
            #![allow(dead_code)]
            #[doc = " An item."]
            pub struct S;
        };
        let got = with_inner(module, &quote!(#![allow(unused)] #![allow(deprecated)]));
        let want = quote! {
            #![doc = " Docs."]
            #![allow(dead_code)]
            #![allow(unused)]
            #![allow(deprecated)]
            #[doc = " An item."]
            pub struct S;
        };
        assert_eq!(got.to_string(), want.to_string());
        let bare = with_inner(
            quote!(
                pub struct S;
            ),
            &quote!(#![allow(unused)]),
        );
        assert_eq!(
            bare.to_string(),
            quote!(#![allow(unused)] pub struct S;).to_string()
        );
    }
}
