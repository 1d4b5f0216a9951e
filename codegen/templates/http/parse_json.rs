/// Deserializes a JSON body (empty means `{}`), naming the member when it does not fit. `code`
/// is the error code when the body is an error's, `None` for a success (the status stands in).
pub(crate) fn parse_json<T: ::serde::de::DeserializeOwned>(
    status: u16,
    code: ::std::option::Option<&str>,
    body: &[u8],
) -> ::std::result::Result<T, InvalidResponse> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) { b"{}" } else { body };
    let invalid = |path: ::std::string::String, message: ::std::string::String| InvalidResponse {
        status,
        code: code.map_or_else(|| status.to_string(), str::to_owned),
        path,
        message,
    };
    let mut deserializer = ::serde_json::Deserializer::from_slice(body);
    let value = ::serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| invalid(e.path().to_string(), e.into_inner().to_string()))?;
    deserializer.end().map_err(|e| invalid(::std::string::String::new(), e.to_string()))?;
    Ok(value)
}
