//! The runtime of generated crates, as real Rust: compiled together and unit-tested here.
//!
//! Generated crates stay standalone: they do not depend on this crate. The generator
//! (`codegen/src/emit/runtime.rs`) inlines into each generated module the items of the matching
//! module here that the crate's code references, and what those reference in turn, in this
//! crate's order. Items under `#[cfg(test)]` and `include!`s are never inlined.

// Each generated crate uses a part of each module; here, nothing calls most of them.
#![allow(dead_code)]

pub mod http_support;
pub mod serde_support;
pub mod timestamp;
pub mod validation;

#[cfg(test)]
mod tests;
