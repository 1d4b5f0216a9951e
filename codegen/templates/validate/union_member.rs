impl Validator {
    /// A union member the model does not define.
    pub(crate) fn union_member(&mut self, path: &str, name: &str) {
        self.violations.push(violation(path, Constraint::UnionMember, format!("`{name}` is not a member the model defines")));
    }
}
