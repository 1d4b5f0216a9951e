//! Turns Smithy models (Smithy IDL, JSON AST, or both) into Rust types with serde, and the code
//! that puts them on the wire for the service's protocol.
//!
//! Load a [`Model`], choose [`Settings`], and let a [`Generator`] produce a crate
//! ([`GeneratedCrate`]: files in memory) or one module for a build script to write to `OUT_DIR`
//! and a crate to `include!` ([`GeneratedModule`]):
//!
//! ```
//! use codegen::{Generator, Model, Settings, Source};
//!
//! let model = Model::from_sources([Source::new(
//!     "weather.smithy",
//!     r#"$version: "2"
//!     namespace example.weather
//!     service Weather { version: "2024-01-01", operations: [GetCity, ListCities] }
//!     operation GetCity { input := { @required cityId: String } output := { name: String } }
//!     operation ListCities { output := { items: CityIds } }
//!     list CityIds { member: String }
//!     "#,
//! )])?;
//! let settings = Settings::builder()
//!     .operations(["GetCity"])
//!     .package("weather-types")
//!     .build();
//! let krate = Generator::new(settings).generate_crate(&model)?;
//! assert!(krate.files()["src/structures.rs"].contains("pub struct GetCityOutput"));
//! assert!(!krate.files()["src/structures.rs"].contains("ListCities"));
//! # Ok::<(), codegen::Error>(())
//! ```
//!
//! The pipeline, one private module per stage: load (parse and merge the files into one JSON
//! AST) → model → resolve → closure → names and types → protocol bindings → tokens → one module
//! or a crate's files → formatted text. Nothing here touches the file system except
//! [`Model::from_paths`] and the `write_to` methods.

#![deny(missing_docs)]

// The public API.
mod error;
mod generator;
mod input;

pub use closure::Selection;
pub use error::{Error, Result};
pub use generator::{
    Dependency, Drift, GeneratedCrate, GeneratedModule, Generator, Settings, SettingsBuilder,
    write_dir, write_file,
};
pub use input::Model;
pub use load::Source;
pub use protocol::Warning;

pub mod diff;

// The stages, used by this repository's tools and tests (`xtask`, the protocol tests, the
// benchmarks) and by no one else: not a stable API.
#[doc(hidden)]
pub mod ast;
#[doc(hidden)]
pub mod closure;
#[doc(hidden)]
pub mod ecma;
#[doc(hidden)]
pub mod http;
#[doc(hidden)]
pub mod load;
#[doc(hidden)]
pub mod model;
#[doc(hidden)]
pub mod naming;
#[doc(hidden)]
pub mod protocol;
#[doc(hidden)]
pub mod resolve;
#[doc(hidden)]
pub mod types;
#[doc(hidden)]
pub mod write_idl;

mod docs;
mod emit;
mod features;
mod module;
mod render;
mod symbols;
mod validate;
mod xml;

/// Generated files: `/`-separated path relative to the crate root → contents.
pub type Files = std::collections::BTreeMap<String, String>;
