impl Validator {
    /// In strict mode, an intEnum value the model does not define.
    pub(crate) fn int_enum_value(&mut self, path: &str, value: i32, known: &[i32]) {
        if self.strict && !known.contains(&value) {
            self.violations.push(violation(path, Constraint::EnumValue, format!("{value} is not a value the model defines")));
        }
    }
}
