impl Validator {
    /// A `@required` member is missing.
    pub(crate) fn required(&mut self, path: &str) {
        self.violations.push(violation(path, Constraint::Required, "is required".to_owned()));
    }
}
