//! Tests of `crate::validation`.
