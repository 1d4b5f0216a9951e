/// The JSON body of an input: the whole serialized structure minus the members bound elsewhere.
pub(crate) fn json_body<T: ::serde::Serialize>(
    input: &T,
    non_body: &[&str],
) -> ::std::result::Result<::std::vec::Vec<u8>, RequestError> {
    let mut value = ::serde_json::to_value(input).map_err(RequestError::Body)?;
    if let ::serde_json::Value::Object(map) = &mut value {
        for key in non_body {
            map.remove(*key);
        }
    }
    ::serde_json::to_vec(&value).map_err(RequestError::Body)
}

