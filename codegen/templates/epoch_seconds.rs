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
