/// Deserializes a modeled error whose members also come from headers: `bind` adds them to the
/// members of the body (the JSON object `ErrorResponse::read` made), naming the member when one
/// does not fit.
pub(crate) fn parse_error<T: ::serde::de::DeserializeOwned>(
    status: u16,
    code: &str,
    body: &[u8],
    bind: impl FnOnce(
        &mut ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    ) -> ::std::result::Result<(), InvalidResponse>,
) -> ::std::result::Result<T, InvalidResponse> {
    let invalid = |path: ::std::string::String, message: ::std::string::String| InvalidResponse {
        status,
        code: code.to_owned(),
        path,
        message,
    };
    let mut object: ::serde_json::Map<::std::string::String, ::serde_json::Value> =
        ::serde_json::from_slice(body).map_err(|e| invalid(::std::string::String::new(), e.to_string()))?;
    bind(&mut object).map_err(|e| invalid(e.path, e.message))?;
    ::serde_path_to_error::deserialize(::serde_json::Value::Object(object))
        .map_err(|e| invalid(e.path().to_string(), e.into_inner().to_string()))
}
