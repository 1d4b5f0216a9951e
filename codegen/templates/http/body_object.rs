/// The body of a response whose members also come from headers, status or payload: the JSON
/// object (empty body: no members).
pub(crate) fn body_object(
    status: u16,
    body: &[u8],
) -> ::std::result::Result<::serde_json::Map<::std::string::String, ::serde_json::Value>, InvalidResponse> {
    match body_value(status, body)? {
        ::serde_json::Value::Object(map) => Ok(map),
        ::serde_json::Value::Null => Ok(::serde_json::Map::new()),
        other => Err(InvalidResponse {
            status,
            code: status.to_string(),
            path: ::std::string::String::new(),
            message: format!("expected a JSON object, got {other}"),
        }),
    }
}

