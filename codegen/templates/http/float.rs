/// A float in a label, query string or header: as Rust prints it, and `NaN`, `Infinity` or
/// `-Infinity` for the values no number spells.
pub(crate) fn float<T: Copy + Into<f64> + ::std::fmt::Display>(value: &T) -> ::std::string::String {
    let wide: f64 = (*value).into();
    if wide.is_nan() {
        "NaN".to_owned()
    } else if wide == f64::INFINITY {
        "Infinity".to_owned()
    } else if wide == f64::NEG_INFINITY {
        "-Infinity".to_owned()
    } else {
        value.to_string()
    }
}
