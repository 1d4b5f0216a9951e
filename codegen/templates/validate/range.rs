impl Validator {
    /// `@range` on a number.
    pub(crate) fn range(&mut self, path: &str, value: impl ToF64, min: ::std::option::Option<f64>, max: ::std::option::Option<f64>) {
        let value = value.to_f64();
        if min.is_some_and(|m| value < m) {
            self.violations.push(violation(path, Constraint::MinRange, format!("{value} is outside {}", bounds(min, max))));
        } else if max.is_some_and(|m| value > m) {
            self.violations.push(violation(path, Constraint::MaxRange, format!("{value} is outside {}", bounds(min, max))));
        }
    }
}

/// Numbers as `f64` for `@range` (bounds are JSON numbers; `i64` beyond 2^53 rounds, which
/// moves a bound by less than one unit in the last place).
pub(crate) trait ToF64 {
    /// The value as `f64`.
    fn to_f64(self) -> f64;
}

macro_rules! to_f64 {
    ($($t:ty),*) => {$(
        impl ToF64 for $t {
            #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
            fn to_f64(self) -> f64 {
                self as f64
            }
        }
    )*};
}

to_f64!(i8, i16, i32, i64, f32, f64);
