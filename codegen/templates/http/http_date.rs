/// An `http-date` timestamp in a label, query string or header: IMF-fixdate
/// (`Mon, 16 Dec 2019 23:48:18 GMT`, RFC 9110; the default in headers).
pub(crate) fn http_date(value: &::time::OffsetDateTime) -> ::std::string::String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let utc = value.to_offset(::time::UtcOffset::UTC);
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        DAYS[usize::from(utc.weekday().number_days_from_monday())],
        utc.day(),
        MONTHS[usize::from(u8::from(utc.month()) - 1)],
        utc.year(),
        utc.hour(),
        utc.minute(),
        utc.second(),
    )
}
