//! One derived type, so that the derive macro runs: the rest of the build is serde, serde_derive
//! (with syn) and serde_json.

/// A type that uses both derives.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Floor {
    /// A field.
    pub name: String,
}
