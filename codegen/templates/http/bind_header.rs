/// Copies the header `name` into `object[member]`, as JSON made by `json`, when the response
/// has it. Text that does not parse stays a string, so deserialization names the member.
pub(crate) fn bind_header(
    object: &mut ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    response: &::http::Response<::std::vec::Vec<u8>>,
    name: &str,
    member: &str,
    json: impl Fn(&str) -> ::serde_json::Value,
) {
    if let Some(text) = response.headers().get(name).and_then(|v| v.to_str().ok()) {
        object.insert(member.to_owned(), json(text.trim()));
    }
}

