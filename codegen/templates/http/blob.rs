/// A blob payload as the JSON the member's serde reads: base64 text.
pub(crate) fn blob_value(body: &[u8]) -> ::serde_json::Value {
    use ::base64::Engine as _;
    ::serde_json::Value::String(::base64::engine::general_purpose::STANDARD.encode(body))
}
