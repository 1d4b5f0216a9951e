impl Validator {
    /// `@length` on a string (in Unicode scalar values), blob, list or map.
    pub(crate) fn length(&mut self, path: &str, len: usize, min: ::std::option::Option<f64>, max: ::std::option::Option<f64>) {
        #[allow(clippy::cast_precision_loss)]
        let n = len as f64;
        if min.is_some_and(|m| n < m) {
            self.violations.push(violation(path, Constraint::MinLength, format!("length {len} is outside {}", bounds(min, max))));
        } else if max.is_some_and(|m| n > m) {
            self.violations.push(violation(path, Constraint::MaxLength, format!("length {len} is outside {}", bounds(min, max))));
        }
    }
}
