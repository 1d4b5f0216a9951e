/// A `date-time` timestamp in a label, query string or header: RFC 3339 in UTC (the default in
/// labels and query strings).
pub(crate) fn date_time(value: &::time::OffsetDateTime) -> ::std::string::String {
    value
        .to_offset(::time::UtcOffset::UTC)
        .format(&::time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
