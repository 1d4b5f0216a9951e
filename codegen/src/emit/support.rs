//! Emits `serde_support.rs`: the serde adapters the items use, and nothing they do not.

use proc_macro2::TokenStream;

use crate::types::{Crate, Item, TimestampFormat};

/// The module's parts, each included only when an item needs it.
const ENUM_VISITOR: &str = include_str!("../../templates/enum_visitor.rs");
const FLOAT: &str = include_str!("../../templates/float.rs");
const BASE64: &str = include_str!("../../templates/base64.rs");
const TIMESTAMP: &str = include_str!("../../templates/timestamp.rs");
const EPOCH_SECONDS: &str = include_str!("../../templates/epoch_seconds.rs");
const DATE_TIME: &str = include_str!("../../templates/date_time.rs");
const HTTP_DATE: &str = include_str!("../../templates/http_date.rs");

/// The support module, or `None` when no item needs one.
pub(super) fn emit(krate: &Crate) -> Option<TokenStream> {
    let needs = &krate.needs;
    let mut parts = vec![
        "//! Serde support shared by the generated types: wire formats serde has no attribute for.",
    ];
    if krate.items.iter().any(|i| matches!(i, Item::Enum(_))) {
        parts.push(ENUM_VISITOR);
    }
    if needs.float {
        parts.push(FLOAT);
    }
    if needs.blob {
        parts.push(BASE64);
    }
    if !needs.timestamps.is_empty() {
        parts.push(TIMESTAMP);
    }
    for format in &needs.timestamps {
        parts.push(match format {
            TimestampFormat::EpochSeconds => EPOCH_SECONDS,
            TimestampFormat::DateTime => DATE_TIME,
            TimestampFormat::HttpDate => HTTP_DATE,
        });
    }
    if parts.len() == 1 {
        return None;
    }
    let source = parts.join("\n");
    let file: syn::File = syn::parse_str(&source)
        .unwrap_or_else(|e| panic!("generator bug: a support template is not valid Rust: {e}"));
    Some(quote::ToTokens::into_token_stream(file))
}
