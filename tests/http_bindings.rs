//! HTTP binding tests of the `http-types` crate: in progress, see the next commits.
