//! Tests of `crate::serde_support`.
