/// Reads a timestamp in any form a service may send, whatever the member's declared format:
/// epoch seconds as a number or a numeric string, an RFC 3339 date-time (any offset), or an
/// HTTP date. botocore accepts all of them; so do we.
struct TimestampVisitor;

impl ::serde::de::Visitor<'_> for TimestampVisitor {
    type Value = ::time::OffsetDateTime;

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("a timestamp: epoch seconds, an RFC 3339 date-time or an HTTP date")
    }

    fn visit_i64<E: ::serde::de::Error>(self, value: i64) -> ::std::result::Result<Self::Value, E> {
        ::time::OffsetDateTime::from_unix_timestamp(value).map_err(E::custom)
    }

    fn visit_u64<E: ::serde::de::Error>(self, value: u64) -> ::std::result::Result<Self::Value, E> {
        let seconds = i64::try_from(value).map_err(E::custom)?;
        ::serde::de::Visitor::visit_i64(self, seconds)
    }

    fn visit_f64<E: ::serde::de::Error>(self, value: f64) -> ::std::result::Result<Self::Value, E> {
        from_epoch_seconds(value).ok_or_else(|| E::invalid_value(::serde::de::Unexpected::Float(value), &self))
    }

    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<Self::Value, E> {
        parse_timestamp(value).ok_or_else(|| E::invalid_value(::serde::de::Unexpected::Str(value), &self))
    }
}

/// Epoch seconds with a fraction, rounded to the microsecond (an `f64` holds no more precision
/// for present-day dates).
#[allow(clippy::cast_possible_truncation)]
fn from_epoch_seconds(seconds: f64) -> ::std::option::Option<::time::OffsetDateTime> {
    let micros = (seconds * 1e6).round();
    if !micros.is_finite() || micros.abs() >= 9.0e18 {
        return None;
    }
    ::time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros as i64) * 1000).ok()
}

/// Parses the string forms of a timestamp.
fn parse_timestamp(text: &str) -> ::std::option::Option<::time::OffsetDateTime> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<f64>() {
        return from_epoch_seconds(seconds);
    }
    ::time::OffsetDateTime::parse(text, &::time::format_description::well_known::Rfc3339)
        .or_else(|_| ::time::OffsetDateTime::parse(text, &::time::format_description::well_known::Rfc2822))
        .ok()
}
