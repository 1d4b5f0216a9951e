/// A header value, rejecting what HTTP cannot carry.
pub(crate) fn header_value(
    member: &'static str,
    value: &str,
) -> ::std::result::Result<::http::HeaderValue, RequestError> {
    ::http::HeaderValue::from_str(value).map_err(|_| RequestError::InvalidHeader { member })
}

