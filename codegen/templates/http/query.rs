/// Appends `key=value` to the query string of `uri`, both percent-encoded.
pub(crate) fn push_query(uri: &mut ::std::string::String, key: &str, value: &str) {
    uri.push(if uri.contains('?') { '&' } else { '?' });
    uri.extend(::percent_encoding::utf8_percent_encode(key, UNRESERVED));
    uri.push('=');
    uri.extend(::percent_encoding::utf8_percent_encode(value, UNRESERVED));
}

