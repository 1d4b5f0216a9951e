/// A `@mediaType` string in a header: base64 (standard, padded).
pub(crate) fn base64_header(value: &str) -> ::std::string::String {
    use ::base64::Engine as _;
    ::base64::engine::general_purpose::STANDARD.encode(value)
}
