/// Copies the base64 header `name` (a `@mediaType` string), decoded, into `object[member]` when
/// the response has it; a value that is not base64 of UTF-8 text is an invalid response naming
/// the member.
pub(crate) fn bind_base64_header(
    object: &mut ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    response: &::http::Response<::std::vec::Vec<u8>>,
    name: &str,
    member: &str,
    status: u16,
) -> ::std::result::Result<(), InvalidResponse> {
    use ::base64::Engine as _;
    let Some(text) = response.headers().get(name).and_then(|v| v.to_str().ok()) else {
        return Ok(());
    };
    let decoded = ::base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|e| e.to_string())
        .and_then(|bytes| ::std::string::String::from_utf8(bytes).map_err(|e| e.to_string()));
    match decoded {
        Ok(text) => {
            object.insert(member.to_owned(), ::serde_json::Value::String(text));
            Ok(())
        }
        Err(message) => Err(InvalidResponse {
            status,
            code: status.to_string(),
            path: member.to_owned(),
            message: format!("the header `{name}` is not base64 of UTF-8 text: {message}"),
        }),
    }
}
