/// An `epoch-seconds` timestamp in a label, query string or header: the number of seconds, with
/// a fraction only when there is one.
#[allow(clippy::cast_precision_loss)]
pub(crate) fn epoch_seconds(value: &::time::OffsetDateTime) -> ::std::string::String {
    match value.nanosecond() {
        0 => value.unix_timestamp().to_string(),
        nanos => (value.unix_timestamp() as f64 + f64::from(nanos) / 1e9).to_string(),
    }
}
