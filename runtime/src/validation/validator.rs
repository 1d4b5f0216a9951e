// The generator writes `Validator` in each crate, with the `strict` flag only when the crate has
// enums (`codegen/src/emit/validate.rs`, `validator`); this is that code with the flag, so that
// the runtime compiles and is tested here. It is never inlined.

/// Collects violations while `check` walks a value.
pub(crate) struct Validator {
    violations: ::std::vec::Vec<Violation>,
    /// Also report enum values the model does not define.
    strict: bool,
}

impl Validator {
    /// An empty validator.
    pub(crate) fn new(strict: bool) -> Self {
        Self { violations: ::std::vec::Vec::new(), strict }
    }

    /// `Ok` when nothing was found.
    pub(crate) fn finish(self) -> ::std::result::Result<(), ValidationErrors> {
        if self.violations.is_empty() { Ok(()) } else { Err(ValidationErrors { violations: self.violations }) }
    }
}
