/// Collects the headers starting with `prefix` into `object[member]`, keyed by the rest of
/// their name.
pub(crate) fn bind_prefix_headers(
    object: &mut ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    response: &::http::Response<::std::vec::Vec<u8>>,
    prefix: &str,
    member: &str,
) {
    let prefix = prefix.to_ascii_lowercase();
    let map: ::serde_json::Map<::std::string::String, ::serde_json::Value> = response
        .headers()
        .iter()
        .filter_map(|(name, value)| {
            let suffix = name.as_str().strip_prefix(prefix.as_str())?;
            Some((suffix.to_owned(), ::serde_json::Value::String(value.to_str().ok()?.to_owned())))
        })
        .collect();
    if !map.is_empty() {
        object.insert(member.to_owned(), ::serde_json::Value::Object(map));
    }
}

