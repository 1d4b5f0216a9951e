//! The timestamp type of generated crates (`timestamp.rs`): Smithy's `timestamp`, an instant in
//! UTC, with the text forms the protocols use. Inlined whole into a crate with timestamps and
//! re-exported at its root; `time` conversions behind the crate's `time` feature.

/// An instant: whole seconds since 1970-01-01T00:00:00Z and nanoseconds past them, from the year
/// 0000 through 9999 (what RFC 3339 and HTTP dates can write).
///
/// Converts to [`std::time::SystemTime`], and with the `time` feature to and from
/// `time::OffsetDateTime`. [`Display`](std::fmt::Display) writes RFC 3339 in UTC.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    seconds: i64,
    nanos: u32,
}

/// 0000-01-01T00:00:00Z, in seconds since the epoch.
const MIN_SECONDS: i64 = -62_167_219_200;
/// 9999-12-31T23:59:59Z, in seconds since the epoch.
const MAX_SECONDS: i64 = 253_402_300_799;
const DAY: i64 = 86_400;
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

impl Timestamp {
    /// 1970-01-01T00:00:00Z.
    pub const UNIX_EPOCH: Timestamp = Timestamp { seconds: 0, nanos: 0 };

    /// The instant `seconds` after the epoch (before it when negative); `None` outside the
    /// years 0000–9999.
    pub fn from_unix_timestamp(seconds: i64) -> ::std::option::Option<Timestamp> {
        (MIN_SECONDS..=MAX_SECONDS).contains(&seconds).then_some(Timestamp { seconds, nanos: 0 })
    }

    /// The instant `nanos` nanoseconds after the epoch; `None` outside the years 0000–9999.
    pub fn from_unix_timestamp_nanos(nanos: i128) -> ::std::option::Option<Timestamp> {
        let seconds = i64::try_from(nanos.div_euclid(1_000_000_000)).ok()?;
        let nanos = u32::try_from(nanos.rem_euclid(1_000_000_000)).ok()?;
        (MIN_SECONDS..=MAX_SECONDS).contains(&seconds).then_some(Timestamp { seconds, nanos })
    }

    /// `time`, when it is within the years 0000–9999.
    pub fn from_system_time(time: ::std::time::SystemTime) -> ::std::option::Option<Timestamp> {
        let nanos = match time.duration_since(::std::time::UNIX_EPOCH) {
            Ok(after) => i128::try_from(after.as_nanos()).ok()?,
            Err(before) => -i128::try_from(before.duration().as_nanos()).ok()?,
        };
        Timestamp::from_unix_timestamp_nanos(nanos)
    }

    /// Whole seconds since the epoch, rounded down (`-0.5` s is `-1` and 500,000,000 ns).
    pub fn unix_timestamp(self) -> i64 {
        self.seconds
    }

    /// Nanoseconds since the epoch.
    pub fn unix_timestamp_nanos(self) -> i128 {
        i128::from(self.seconds) * 1_000_000_000 + i128::from(self.nanos)
    }

    /// Nanoseconds past [`unix_timestamp`](Self::unix_timestamp), below one second.
    pub fn nanosecond(self) -> u32 {
        self.nanos
    }

    /// Reads an RFC 3339 date-time (`2019-12-16T23:48:18Z`, `1985-04-12T23:20:50.52-07:00`, or
    /// with a space for the `T`, as RFC 3339 allows): any offset, a fraction of up to nine digits (further ones are dropped), a leap second (`:60`)
    /// at 23:59 UTC as the last nanosecond of that minute. `None` when it is not one.
    pub fn parse_rfc3339(text: &str) -> ::std::option::Option<Timestamp> {
        let b = text.as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
            return None;
        }
        let (year, month, day) = (digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?);
        let (hour, minute, second) = (digits(&b[11..13])?, digits(&b[14..16])?, digits(&b[17..19])?);
        let mut rest = &b[19..];
        let mut nanos = 0;
        if let [b'.', tail @ ..] = rest {
            let count = tail.iter().take_while(|c| c.is_ascii_digit()).count();
            if count == 0 {
                return None;
            }
            nanos = tail[..count.min(9)].iter().fold(0, |n, c| n * 10 + u32::from(c - b'0'));
            nanos *= 10u32.pow(9 - count.min(9) as u32);
            rest = &tail[count..];
        }
        let offset = match rest {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let (hours, minutes) = (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?);
                if hours > 23 || minutes > 59 {
                    return None;
                }
                let offset = i64::from(hours * 3600 + minutes * 60);
                if *sign == b'-' { -offset } else { offset }
            }
            _ => return None,
        };
        civil(i64::from(year), month, day, (hour, minute, second), nanos, offset)
    }

    /// Reads an HTTP date: IMF-fixdate (`Mon, 16 Dec 2019 23:48:18 GMT`) and the RFC 2822 forms
    /// it is one of (the weekday and the seconds optional, a two-digit year, a numeric or named
    /// zone), or one of the two obsolete forms a recipient must still read (RFC 9110 §5.6.7):
    /// rfc850-date (`Sunday, 06-Nov-94 08:49:37 GMT`, the year the latest with those digits no
    /// more than 50 years ahead) and asctime-date (`Sun Nov  6 08:49:37 1994`). `None` when it
    /// is none of these.
    pub fn parse_http_date(text: &str) -> ::std::option::Option<Timestamp> {
        let mut fields: ::std::vec::Vec<&str> =
            text.split(|c: char| c.is_ascii_whitespace() || c == ',').filter(|f| !f.is_empty()).collect();
        // The weekday is not checked against the date (time does not, nor does botocore).
        if fields.first().is_some_and(|f| is_weekday(f)) {
            fields.remove(0);
        }
        match fields.as_slice() {
            // rfc850-date
            [date, clock, "GMT"] if date.contains('-') => {
                let mut parts = date.split('-');
                let (day, name, yy) = (parts.next()?, parts.next()?, parts.next()?);
                if parts.next().is_some() || yy.len() != 2 {
                    return None;
                }
                let now = Timestamp::from_system_time(::std::time::SystemTime::now())?.date().0;
                let mut year = now - now.rem_euclid(100) + i64::from(digits(yy.as_bytes())?);
                if year > now + 50 {
                    year -= 100;
                }
                civil(year, month(name)?, day_of_month(day)?, clock_time(clock, true)?, 0, 0)
            }
            // asctime-date
            [name, day, clock, year] if month(name).is_some() && year.len() == 4 => {
                let year = i64::from(digits(year.as_bytes())?);
                civil(year, month(name)?, day_of_month(day)?, clock_time(clock, true)?, 0, 0)
            }
            // RFC 2822, IMF-fixdate among its forms
            [day, name, year, clock, zone] => {
                let year = match year.len() {
                    4 => i64::from(digits(year.as_bytes())?),
                    2 => {
                        let yy = i64::from(digits(year.as_bytes())?);
                        if yy < 50 { 2000 + yy } else { 1900 + yy }
                    }
                    _ => return None,
                };
                if year < 1900 {
                    return None;
                }
                civil(year, month(name)?, day_of_month(day)?, clock_time(clock, false)?, 0, zone_offset(zone)?)
            }
            _ => None,
        }
    }

    /// IMF-fixdate (`Mon, 16 Dec 2019 23:48:18 GMT`, RFC 9110 §5.6.7): whole seconds.
    pub fn to_http_date(self) -> ::std::string::String {
        let (year, month, day) = self.date();
        let (hour, minute, second) = self.clock();
        format!(
            "{}, {day:02} {} {year:04} {hour:02}:{minute:02}:{second:02} GMT",
            WEEKDAYS[self.weekday()],
            MONTHS[month as usize - 1],
        )
    }

    /// The time of day in UTC: hour, minute, second.
    fn clock(self) -> (i64, i64, i64) {
        let time = self.seconds.rem_euclid(DAY);
        (time / 3600, time / 60 % 60, time % 60)
    }

    /// The calendar date in UTC: year, month (1–12), day (1–31). (Howard Hinnant's
    /// `civil_from_days`, on the proleptic Gregorian calendar.)
    fn date(self) -> (i64, u32, u32) {
        let z = self.seconds.div_euclid(DAY) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        (yoe + era * 400 + i64::from(month <= 2), month, day)
    }

    /// The day of the week in UTC, Monday 0 (1970-01-01 was a Thursday).
    fn weekday(self) -> usize {
        (self.seconds.div_euclid(DAY) + 3).rem_euclid(7) as usize
    }
}

/// The digits of `b` as a number; `None` when one is not a digit (or there are none).
fn digits(b: &[u8]) -> ::std::option::Option<u32> {
    if b.is_empty() || b.len() > 9 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, c| n * 10 + u32::from(c - b'0')))
}

/// A day of the month in an HTTP date: one or two digits.
fn day_of_month(text: &str) -> ::std::option::Option<u32> {
    (1..=2).contains(&text.len()).then(|| digits(text.as_bytes())).flatten()
}

/// `Jan` … `Dec` as 1 … 12.
fn month(name: &str) -> ::std::option::Option<u32> {
    MONTHS.iter().position(|m| *m == name).map(|i| i as u32 + 1)
}

/// Whether `name` is a weekday, short (`Mon`) or long (`Monday`).
fn is_weekday(name: &str) -> bool {
    const LONG: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    WEEKDAYS.contains(&name) || LONG.contains(&name)
}

/// `HH:MM:SS`, or `HH:MM` unless `seconds` is required, two digits each.
fn clock_time(text: &str, seconds: bool) -> ::std::option::Option<(u32, u32, u32)> {
    let mut parts = text.split(':');
    let mut two = || parts.next().filter(|p| p.len() == 2).and_then(|p| digits(p.as_bytes()));
    let (hour, minute) = (two()?, two()?);
    let second = match (two(), seconds) {
        (Some(s), _) => s,
        (None, false) if text.len() == 5 => 0,
        (None, _) => return None,
    };
    (parts.next().is_none()).then_some((hour, minute, second))
}

/// An RFC 2822 zone as seconds east of UTC: `+hhmm`/`-hhmm`, `GMT`, `UT`, the US zones, or a
/// military letter (which RFC 2822 says to read as `-0000`).
fn zone_offset(zone: &str) -> ::std::option::Option<i64> {
    let hours = match zone {
        "GMT" | "UT" => 0,
        "EST" | "CDT" => -5,
        "EDT" => -4,
        "CST" | "MDT" => -6,
        "MST" | "PDT" => -7,
        "PST" => -8,
        _ => {
            return match zone.as_bytes() {
                [c] if c.is_ascii_alphabetic() && !matches!(c, b'j' | b'J') => Some(0),
                [sign @ (b'+' | b'-'), rest @ ..] if rest.len() == 4 => {
                    let (h, m) = (digits(&rest[..2])?, digits(&rest[2..])?);
                    if h > 99 || m > 59 {
                        return None;
                    }
                    let offset = i64::from(h * 3600 + m * 60);
                    Some(if *sign == b'-' { -offset } else { offset })
                }
                _ => None,
            };
        }
    };
    Some(hours * 3600)
}

/// The instant of a calendar date and time at `offset` seconds east of UTC, checked: a real day
/// of the month, hours to 23, minutes to 59, seconds to 59, or 60 (a leap second, read as the
/// last nanosecond of the minute) when it falls at 23:59 UTC. (Howard Hinnant's
/// `days_from_civil`.)
fn civil(
    year: i64,
    month: u32,
    day: u32,
    (hour, minute, second): (u32, u32, u32),
    nanos: u32,
    offset: i64,
) -> ::std::option::Option<Timestamp> {
    let leap_year = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        2 if leap_year => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    if !(0..=9999).contains(&year) || day == 0 || day > days_in_month || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    let clock = i64::from(hour * 3600 + minute * 60 + second.min(59));
    let seconds = days * DAY + clock - offset;
    if second == 60 {
        // Only the last second of a UTC day has a leap second after it.
        if seconds.rem_euclid(DAY) != DAY - 1 {
            return None;
        }
        return Timestamp::from_unix_timestamp(seconds).map(|t| Timestamp { nanos: 999_999_999, ..t });
    }
    Timestamp::from_unix_timestamp(seconds).map(|t| Timestamp { nanos, ..t })
}

/// RFC 3339 in UTC, with a fraction only when there is one, to the digits it needs
/// (`2019-12-16T23:48:18Z`, `2000-01-02T20:34:56.123Z`).
impl ::std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        let (year, month, day) = self.date();
        let (hour, minute, second) = self.clock();
        write!(f, "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}")?;
        if self.nanos != 0 {
            let mut digits = format!("{:09}", self.nanos);
            while digits.ends_with('0') {
                digits.pop();
            }
            write!(f, ".{digits}")?;
        }
        f.write_str("Z")
    }
}

impl ::std::fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

impl ::std::convert::From<Timestamp> for ::std::time::SystemTime {
    fn from(value: Timestamp) -> Self {
        let since = ::std::time::Duration::new(value.seconds.unsigned_abs(), 0);
        let whole = if value.seconds < 0 {
            ::std::time::UNIX_EPOCH - since
        } else {
            ::std::time::UNIX_EPOCH + since
        };
        whole + ::std::time::Duration::from_nanos(u64::from(value.nanos))
    }
}

#[cfg(feature = "time")]
impl ::std::convert::From<Timestamp> for ::time::OffsetDateTime {
    fn from(value: Timestamp) -> Self {
        ::time::OffsetDateTime::from_unix_timestamp_nanos(value.unix_timestamp_nanos())
            .expect("the years 0000-9999 are within time's range")
    }
}

#[cfg(feature = "time")]
impl Timestamp {
    /// `time` as an instant, when it is within the years 0000–9999.
    pub fn from_offset_date_time(time: ::time::OffsetDateTime) -> ::std::option::Option<Timestamp> {
        Timestamp::from_unix_timestamp_nanos(time.unix_timestamp_nanos())
    }
}
