//! Emits `serde_support.rs`, the serde adapters the items use and nothing they do not, and
//! `timestamp.rs`, the `Timestamp` type.

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

/// `timestamp.rs`, for a crate with timestamps: all of it is the type's API.
pub(super) fn timestamp() -> TokenStream {
    inline(
        Module::Timestamp,
        "The timestamp type: an instant in UTC, with the text forms the protocols use.",
        &[],
    )
    .expect("the runtime's timestamp module is public")
}
