//! Serde support of generated crates (`serde_support.rs`): wire formats serde has no attribute
//! for. The generator inlines the items a crate uses, with its own module header.

/// Reads a string enum without allocating for known values.
pub(crate) struct EnumVisitor<T>(::std::marker::PhantomData<T>);

impl<T> EnumVisitor<T> {
    /// A visitor producing `T`.
    pub(crate) const fn new() -> Self {
        Self(::std::marker::PhantomData)
    }
}

impl<'de, T> ::serde::de::Visitor<'de> for EnumVisitor<T>
where
    T: for<'a> ::std::convert::From<&'a str> + ::std::convert::From<::std::string::String>,
{
    type Value = T;

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<T, E> {
        Ok(T::from(value))
    }

    fn visit_string<E: ::serde::de::Error>(self, value: ::std::string::String) -> ::std::result::Result<T, E> {
        Ok(T::from(value))
    }
}

/// Floats as restJson1 sends them: JSON numbers, and the strings `"NaN"`, `"Infinity"` and
/// `"-Infinity"` for the values JSON cannot spell.
pub(crate) struct Float;

impl ::serde_with::SerializeAs<f64> for Float {
    fn serialize_as<S: ::serde::Serializer>(value: &f64, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        match non_finite_name(*value) {
            Some(name) => serializer.serialize_str(name),
            None => serializer.serialize_f64(*value),
        }
    }
}

impl ::serde_with::SerializeAs<f32> for Float {
    fn serialize_as<S: ::serde::Serializer>(value: &f32, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        match non_finite_name(f64::from(*value)) {
            Some(name) => serializer.serialize_str(name),
            None => serializer.serialize_f32(*value),
        }
    }
}

impl<'de> ::serde_with::DeserializeAs<'de, f64> for Float {
    fn deserialize_as<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<f64, D::Error> {
        deserializer.deserialize_any(FloatVisitor)
    }
}

impl<'de> ::serde_with::DeserializeAs<'de, f32> for Float {
    fn deserialize_as<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<f32, D::Error> {
        #[allow(clippy::cast_possible_truncation)]
        deserializer.deserialize_any(FloatVisitor).map(|v| v as f32)
    }
}

/// The string restJson1 uses for a non-finite float.
fn non_finite_name(value: f64) -> ::std::option::Option<&'static str> {
    if value.is_nan() {
        Some("NaN")
    } else if value == f64::INFINITY {
        Some("Infinity")
    } else if value == f64::NEG_INFINITY {
        Some("-Infinity")
    } else {
        None
    }
}

/// Reads a JSON number or one of the non-finite strings.
struct FloatVisitor;

impl ::serde::de::Visitor<'_> for FloatVisitor {
    type Value = f64;

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("a number, \"NaN\", \"Infinity\" or \"-Infinity\"")
    }

    fn visit_f64<E: ::serde::de::Error>(self, value: f64) -> ::std::result::Result<f64, E> {
        Ok(value)
    }

    #[allow(clippy::cast_precision_loss)]
    fn visit_i64<E: ::serde::de::Error>(self, value: i64) -> ::std::result::Result<f64, E> {
        Ok(value as f64)
    }

    #[allow(clippy::cast_precision_loss)]
    fn visit_u64<E: ::serde::de::Error>(self, value: u64) -> ::std::result::Result<f64, E> {
        Ok(value as f64)
    }

    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<f64, E> {
        match value {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            other => Err(E::invalid_value(::serde::de::Unexpected::Str(other), &self)),
        }
    }
}

/// Blobs as base64 strings (RFC 4648, with padding).
pub(crate) struct Base64;

impl ::serde_with::SerializeAs<::std::vec::Vec<u8>> for Base64 {
    fn serialize_as<S: ::serde::Serializer>(value: &::std::vec::Vec<u8>, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        use ::base64::Engine as _;
        serializer.serialize_str(&::base64::engine::general_purpose::STANDARD.encode(value))
    }
}

impl<'de> ::serde_with::DeserializeAs<'de, ::std::vec::Vec<u8>> for Base64 {
    fn deserialize_as<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<::std::vec::Vec<u8>, D::Error> {
        use ::base64::Engine as _;
        let text = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
        ::base64::engine::general_purpose::STANDARD.decode(text.as_bytes()).map_err(::serde::de::Error::custom)
    }
}

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
        .or_else(|| parse_obsolete_http_date(text))
}

/// The two obsolete HTTP-date forms a recipient must still read (RFC 7231 §7.1.1.1): rfc850-date
/// (`Sunday, 06-Nov-94 08:49:37 GMT`, a two-digit year taken as the latest year with those
/// digits no more than 50 years ahead) and asctime-date (`Sun Nov  6 08:49:37 1994`).
fn parse_obsolete_http_date(text: &str) -> ::std::option::Option<::time::OffsetDateTime> {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = |name: &str| {
        let index = MONTHS.iter().position(|m| *m == name)?;
        ::time::Month::try_from(u8::try_from(index + 1).ok()?).ok()
    };
    let clock = |hms: &str| {
        let mut parts = hms.split(':').map(|p| p.parse::<u8>().ok());
        let time = ::time::Time::from_hms(parts.next()??, parts.next()??, parts.next()??).ok()?;
        parts.next().is_none().then_some(time)
    };
    let fields: ::std::vec::Vec<&str> = text.split_ascii_whitespace().collect();
    let (year, month, day, time) = match fields.as_slice() {
        [weekday, date, hms, "GMT"] if weekday.ends_with(',') => {
            let mut date = date.split('-');
            let (day, name, yy) = (date.next()?, date.next()?, date.next()?);
            if date.next().is_some() || yy.len() != 2 {
                return None;
            }
            let yy: i32 = yy.parse().ok()?;
            let now = ::time::OffsetDateTime::now_utc().year();
            let mut year = now - now.rem_euclid(100) + yy;
            if year > now + 50 {
                year -= 100;
            }
            (year, month(name)?, day.parse().ok()?, clock(hms)?)
        }
        [_, name, day, hms, year] => (year.parse().ok()?, month(name)?, day.parse().ok()?, clock(hms)?),
        _ => return None,
    };
    let date = ::time::Date::from_calendar_date(year, month, day).ok()?;
    Some(::time::PrimitiveDateTime::new(date, time).assume_utc())
}

/// `epoch-seconds`: a JSON number of seconds since 1970-01-01T00:00:00Z, with a fraction when
/// there is one (the restJson1 default for timestamps in bodies).
pub(crate) struct EpochSeconds;

impl ::serde_with::SerializeAs<::time::OffsetDateTime> for EpochSeconds {
    #[allow(clippy::cast_precision_loss)]
    fn serialize_as<S: ::serde::Serializer>(value: &::time::OffsetDateTime, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        let seconds = value.unix_timestamp();
        match value.nanosecond() {
            0 => serializer.serialize_i64(seconds),
            nanos => serializer.serialize_f64(seconds as f64 + f64::from(nanos) / 1e9),
        }
    }
}

impl<'de> ::serde_with::DeserializeAs<'de, ::time::OffsetDateTime> for EpochSeconds {
    fn deserialize_as<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<::time::OffsetDateTime, D::Error> {
        deserializer.deserialize_any(TimestampVisitor)
    }
}

/// `date-time`: an RFC 3339 string in UTC (`2023-11-14T22:13:20Z`, with a fraction when there is one).
pub(crate) struct DateTime;

impl ::serde_with::SerializeAs<::time::OffsetDateTime> for DateTime {
    fn serialize_as<S: ::serde::Serializer>(value: &::time::OffsetDateTime, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        let text = value
            .to_offset(::time::UtcOffset::UTC)
            .format(&::time::format_description::well_known::Rfc3339)
            .map_err(::serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }
}

impl<'de> ::serde_with::DeserializeAs<'de, ::time::OffsetDateTime> for DateTime {
    fn deserialize_as<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<::time::OffsetDateTime, D::Error> {
        deserializer.deserialize_any(TimestampVisitor)
    }
}

/// `http-date`: an IMF-fixdate string (`Tue, 14 Nov 2023 22:13:20 GMT`, RFC 9110).
pub(crate) struct HttpDate;

impl ::serde_with::SerializeAs<::time::OffsetDateTime> for HttpDate {
    fn serialize_as<S: ::serde::Serializer>(value: &::time::OffsetDateTime, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        let utc = value.to_offset(::time::UtcOffset::UTC);
        let text = format!(
            "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
            DAYS[usize::from(utc.weekday().number_days_from_monday())],
            utc.day(),
            MONTHS[usize::from(u8::from(utc.month()) - 1)],
            utc.year(),
            utc.hour(),
            utc.minute(),
            utc.second(),
        );
        serializer.serialize_str(&text)
    }
}

impl<'de> ::serde_with::DeserializeAs<'de, ::time::OffsetDateTime> for HttpDate {
    fn deserialize_as<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<::time::OffsetDateTime, D::Error> {
        deserializer.deserialize_any(TimestampVisitor)
    }
}

