/// Deserializes the assembled members, naming the member when one does not fit.
pub(crate) fn from_object<T: ::serde::de::DeserializeOwned>(
    status: u16,
    object: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
) -> ::std::result::Result<T, InvalidResponse> {
    ::serde_path_to_error::deserialize(::serde_json::Value::Object(object)).map_err(|e| InvalidResponse {
        status,
        code: status.to_string(),
        path: e.path().to_string(),
        message: e.into_inner().to_string(),
    })
}
