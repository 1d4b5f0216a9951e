impl Validator {
    /// `@pattern` on a string: ECMAScript, matched anywhere in the string (Smithy patterns are not
    /// implicitly anchored).
    pub(crate) fn pattern(&mut self, path: &str, value: &str, regex: &::regress::Regex, source: &str) {
        if regex.find(value).is_none() {
            self.violations.push(violation(path, Constraint::Pattern, format!("does not match the pattern {source}")));
        }
    }
}
