/// A text payload as a JSON string; it must be UTF-8.
pub(crate) fn text_value(status: u16, body: &[u8]) -> ::std::result::Result<::serde_json::Value, InvalidResponse> {
    ::std::string::String::from_utf8(body.to_vec()).map(::serde_json::Value::String).map_err(|e| InvalidResponse {
        status,
        code: status.to_string(),
        path: ::std::string::String::new(),
        message: format!("the text payload is not UTF-8: {e}"),
    })
}
