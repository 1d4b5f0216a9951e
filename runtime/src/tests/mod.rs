//! Unit tests of the runtime, one module per runtime module (they see its `pub(crate)` items).

mod cbor;
mod http_support;
mod request_extras;
mod serde_support;
mod validation;
