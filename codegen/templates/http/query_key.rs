/// Appends a key without a value (`?flag`, from the URI pattern) to the query string of `uri`,
/// percent-encoded.
pub(crate) fn push_query_key(uri: &mut ::std::string::String, key: &str) {
    uri.push(if uri.contains('?') { '&' } else { '?' });
    uri.extend(::percent_encoding::utf8_percent_encode(key, UNRESERVED));
}
