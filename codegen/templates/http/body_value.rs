/// A JSON body as a value; an empty body is `null`.
pub(crate) fn body_value(status: u16, body: &[u8]) -> ::std::result::Result<::serde_json::Value, InvalidResponse> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(::serde_json::Value::Null);
    }
    ::serde_json::from_slice(body).map_err(|e| InvalidResponse {
        status,
        code: status.to_string(),
        path: ::std::string::String::new(),
        message: e.to_string(),
    })
}

