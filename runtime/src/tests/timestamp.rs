//! `Timestamp` against the `time` crate: the same instants written the same way, the same text
//! read to the same instant, the same text refused.

use crate::timestamp::Timestamp;
use time::format_description::well_known::{Rfc2822, Rfc3339};
use time::{OffsetDateTime, UtcOffset};

const MIN: i64 = -62_167_219_200;
const MAX: i64 = 253_402_300_799;

/// Instants spread over the whole range (a fixed stride through it, with nanoseconds that use
/// every digit), and its ends.
fn instants() -> impl Iterator<Item = (i64, u32)> {
    let span = (MAX - MIN) as u64;
    (0..20_000u64)
        .map(move |k| (MIN + (k.wrapping_mul(0x9E37_79B9_7F4A) % span) as i64, (k * 7_919_993 % 1_000_000_000) as u32))
        .chain([(MIN, 0), (MAX, 999_999_999), (0, 0), (-1, 999_999_999), (951_782_400, 0), (951_868_799, 1)])
}

fn ours(seconds: i64, nanos: u32) -> Timestamp {
    Timestamp::from_unix_timestamp_nanos(i128::from(seconds) * 1_000_000_000 + i128::from(nanos)).expect("in range")
}

fn theirs(seconds: i64, nanos: u32) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(seconds) * 1_000_000_000 + i128::from(nanos)).expect("in range")
}

#[test]
fn rfc3339_is_written_as_time_writes_it() {
    for (seconds, nanos) in instants() {
        let expected = theirs(seconds, nanos).format(&Rfc3339).expect("years 0000-9999 format");
        assert_eq!(ours(seconds, nanos).to_string(), expected, "{seconds} s {nanos} ns");
        let whole = theirs(seconds, 0).format(&Rfc3339).expect("formats");
        assert_eq!(ours(seconds, 0).to_string(), whole);
    }
}

#[test]
fn http_dates_are_written_from_the_same_calendar_as_time() {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    for (seconds, nanos) in instants() {
        let t = theirs(seconds, nanos);
        let expected = format!(
            "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
            DAYS[usize::from(t.weekday().number_days_from_monday())],
            t.day(),
            MONTHS[usize::from(u8::from(t.month()) - 1)],
            t.year(),
            t.hour(),
            t.minute(),
            t.second()
        );
        assert_eq!(ours(seconds, nanos).to_http_date(), expected);
    }
}

#[test]
fn rfc3339_reads_what_time_writes_at_any_offset() {
    let offsets = [(0, 0), (-1, 0), (1, 0), (5, 30), (-9, -30), (23, 59), (-23, -59)];
    for (i, (seconds, nanos)) in instants().enumerate() {
        let (h, m) = offsets[i % offsets.len()];
        let offset = UtcOffset::from_hms(h, m, 0).expect("an offset");
        let Some(local) = theirs(seconds, nanos).checked_to_offset(offset) else { continue };
        let Ok(text) = local.format(&Rfc3339) else { continue };
        assert_eq!(Timestamp::parse_rfc3339(&text), Some(ours(seconds, nanos)), "{text}");
    }
}

#[test]
fn rfc2822_reads_what_time_writes_at_any_offset() {
    let offsets = [(0, 0), (-1, 0), (1, 0), (5, 30), (-9, -30), (14, 0)];
    for (i, (seconds, _)) in instants().enumerate() {
        let (h, m) = offsets[i % offsets.len()];
        let offset = UtcOffset::from_hms(h, m, 0).expect("an offset");
        let Some(local) = theirs(seconds, 0).checked_to_offset(offset) else { continue };
        let Ok(text) = local.format(&Rfc2822) else { continue };
        assert_eq!(Timestamp::parse_http_date(&text), Some(ours(seconds, 0)), "{text}");
    }
}

/// Hand-picked text, each read by both or refused by both.
#[test]
fn edge_cases_are_read_or_refused_as_time_does() {
    let rfc3339 = [
        "2019-12-16T23:48:18Z",
        "2019-12-16t23:48:18z",
        "1985-04-12T23:20:50.52Z",
        "1996-12-19T16:39:57-08:00",
        "2000-01-02T20:34:56.123456789Z",
        "2000-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2001-02-29T00:00:00Z",
        "2000-04-31T00:00:00Z",
        "2000-13-01T00:00:00Z",
        "2000-00-01T00:00:00Z",
        "2000-01-00T00:00:00Z",
        "2000-01-01T24:00:00Z",
        "2000-01-01T23:60:00Z",
        "2016-12-31T23:59:60Z",
        "2016-12-31T22:59:60-01:00",
        "2016-12-31T12:59:60Z",
        "2000-01-01T00:00:00.Z",
        "2000-01-01T00:00:00",
        "2000-01-01 00:00:00Z",
        "2000-01-01T00:00:00+24:00",
        "2000-01-01T00:00:00+01:60",
        "2000-01-01T00:00:00+0100",
        "20000-01-01T00:00:00Z",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z",
        "2000-01-01T00:00:00Z ",
        "+2000-01-01T00:00:00Z",
        "2000-1-01T00:00:00Z",
    ];
    for text in rfc3339 {
        let expected = OffsetDateTime::parse(text, &Rfc3339).ok().map(|t| t.unix_timestamp_nanos());
        assert_eq!(Timestamp::parse_rfc3339(text).map(Timestamp::unix_timestamp_nanos), expected, "{text:?}");
    }
    let rfc2822 = [
        "Mon, 16 Dec 2019 23:48:18 GMT",
        "Mon, 16 Dec 2019 23:48:18 +0000",
        "16 Dec 2019 23:48:18 GMT",
        "Mon, 16 Dec 2019 23:48 GMT",
        "Mon, 6 Dec 2019 23:48:18 GMT",
        "Mon, 16 Dec 19 23:48:18 GMT",
        "Thu, 16 Dec 99 23:48:18 GMT",
        "Mon, 16 Dec 2019 23:48:18 UT",
        "Mon, 16 Dec 2019 18:48:18 EST",
        "Mon, 16 Dec 2019 15:48:18 PST",
        "Mon, 16 Dec 2019 16:48:18 PDT",
        "Mon, 16 Dec 2019 23:48:18 Z",
        "Mon, 16 Dec 2019 23:48:18 -0130",
        "Tue, 16 Dec 2019 23:48:18 GMT",
        "Mon, 32 Dec 2019 23:48:18 GMT",
        "Mon, 16 Dek 2019 23:48:18 GMT",
        "Mon, 16 Dec 1899 23:48:18 GMT",
        "Mon, 16 Dec 2019 24:48:18 GMT",
        "Mon, 16 Dec 2019 23:48:18",
        "Mon, 16 Dec 2019 23:48:18 XYZ",
        "Mon, 16 Dec 2019 23:48:18 +01",
        "Sat, 31 Dec 2016 23:59:60 GMT",
    ];
    for text in rfc2822 {
        let expected = OffsetDateTime::parse(text, &Rfc2822).ok().map(|t| t.unix_timestamp_nanos());
        assert_eq!(Timestamp::parse_http_date(text).map(Timestamp::unix_timestamp_nanos), expected, "{text:?}");
    }
}

#[test]
fn the_range_is_the_years_0000_to_9999() {
    assert_eq!(Timestamp::from_unix_timestamp(MIN).map(|t| t.to_string()).as_deref(), Some("0000-01-01T00:00:00Z"));
    assert_eq!(Timestamp::from_unix_timestamp(MAX).map(|t| t.to_string()).as_deref(), Some("9999-12-31T23:59:59Z"));
    assert_eq!(Timestamp::from_unix_timestamp(MIN - 1), None);
    assert_eq!(Timestamp::from_unix_timestamp(MAX + 1), None);
    assert_eq!(Timestamp::from_unix_timestamp_nanos(i128::from(MAX + 1) * 1_000_000_000), None);
    assert_eq!(Timestamp::from_unix_timestamp_nanos(i128::MIN), None);
    // Before the epoch, the seconds round down and the nanoseconds count up.
    let t = Timestamp::from_unix_timestamp_nanos(-500_000_000).expect("in range");
    assert_eq!((t.unix_timestamp(), t.nanosecond(), t.to_string()), (-1, 500_000_000, "1969-12-31T23:59:59.5Z".to_owned()));
}

#[test]
fn conversions_round_trip() {
    for (seconds, nanos) in instants() {
        let t = ours(seconds, nanos);
        assert_eq!(OffsetDateTime::from(t), theirs(seconds, nanos));
        assert_eq!(Timestamp::from_offset_date_time(theirs(seconds, nanos)), Some(t));
        assert_eq!(Timestamp::from_system_time(std::time::SystemTime::from(t)), Some(t));
    }
    let far = OffsetDateTime::from_unix_timestamp(MIN - 1).expect("in time's range");
    assert_eq!(Timestamp::from_offset_date_time(far), None);
    assert_eq!(format!("{:?}", ours(0, 0)), "Timestamp(1970-01-01T00:00:00Z)");
}
