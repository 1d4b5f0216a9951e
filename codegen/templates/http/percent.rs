/// Characters sent as they are in labels and query values: RFC 3986 unreserved, as botocore.
const UNRESERVED: &::percent_encoding::AsciiSet =
    &::percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

