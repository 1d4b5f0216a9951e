/// Timestamps in labels and query strings: RFC 3339 in UTC.
pub(crate) fn date_time(value: &::time::OffsetDateTime) -> ::std::string::String {
    value
        .to_offset(::time::UtcOffset::UTC)
        .format(&::time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

