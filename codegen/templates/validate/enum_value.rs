impl Validator {
    /// In strict mode, a string enum value the model does not define.
    pub(crate) fn enum_value(&mut self, path: &str, value: &str, known: &[&str]) {
        if self.strict && !known.contains(&value) {
            self.violations.push(violation(path, Constraint::EnumValue, format!("`{value}` is not a value the model defines")));
        }
    }
}
