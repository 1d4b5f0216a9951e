//! Tests of `crate::http_support`.
