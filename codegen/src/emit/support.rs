//! Emits `serde_support.rs`: the serde adapters the items use, and nothing they do not.

use proc_macro2::TokenStream;

use super::runtime::{Module, inline};

/// The support module for the generated code `users`, or `None` when it needs none.
pub(super) fn emit(users: &[&TokenStream]) -> Option<TokenStream> {
    inline(
        Module::Serde,
        "Serde support shared by the generated types: wire formats serde has no attribute for.",
        users,
    )
}
