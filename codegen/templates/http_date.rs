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
