// `@pattern`s compiled to automata when the crate was generated (`codegen/src/ecma/automaton.rs`
// builds the tables); part of `validation.rs`, which `include!`s it, and read by the generator
// too, so that its tests run this very matcher.

/// A `@pattern` compiled, when the crate was generated, to a deterministic automaton over the
/// value's UTF-8 bytes: one table lookup per byte, no regex engine at run time, and the search
/// stops at the first match (Smithy patterns are not implicitly anchored) or as soon as none is
/// possible.
pub(crate) struct Automaton<'a> {
    /// The class of each byte value: bytes no state tells apart share one.
    pub(crate) classes: &'a [u8; 256],
    /// The next state of each state from 2 on and each class, two little-endian bytes, `stride`
    /// entries a state; the last column is the end of the value. State 0 has failed, state 1
    /// has matched.
    pub(crate) next: &'a [u8],
    /// The classes, and the end of the value.
    pub(crate) stride: usize,
    /// The state before the first byte.
    pub(crate) start: usize,
}

impl Automaton<'_> {
    /// Whether the pattern matches anywhere in `value`.
    pub(crate) fn is_match(&self, value: &str) -> bool {
        let mut bytes = value.as_bytes().iter();
        let mut state = self.start;
        // Every transition on the end of the value is to state 0 or 1, so the loop ends.
        while state > 1 {
            let class = bytes.next().map_or(self.stride - 1, |&b| {
                usize::from(self.classes[usize::from(b)])
            });
            let at = 2 * ((state - 2) * self.stride + class);
            state = usize::from(u16::from_le_bytes([self.next[at], self.next[at + 1]]));
        }
        state == 1
    }
}
