/// Greedy labels (`{key+}`) also keep `/`.
const GREEDY: &::percent_encoding::AsciiSet = &UNRESERVED.remove(b'/');

/// Appends a percent-encoded URI label; an empty label is an error.
pub(crate) fn push_label(
    uri: &mut ::std::string::String,
    member: &'static str,
    value: &str,
    greedy: bool,
) -> ::std::result::Result<(), RequestError> {
    if value.is_empty() {
        return Err(RequestError::EmptyLabel { member });
    }
    let set = if greedy { GREEDY } else { UNRESERVED };
    uri.extend(::percent_encoding::utf8_percent_encode(value, set));
    Ok(())
}

