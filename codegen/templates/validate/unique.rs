impl Validator {
    /// `@uniqueItems` on a list.
    pub(crate) fn unique<T: ::std::cmp::PartialEq>(&mut self, path: &str, items: &[T]) {
        if let Some(i) = (1..items.len()).find(|&i| items[..i].contains(&items[i])) {
            self.violations.push(violation(path, Constraint::UniqueItems, format!("item {i} repeats an earlier item")));
        }
    }
}
