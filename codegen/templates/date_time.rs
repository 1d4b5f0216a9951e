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
