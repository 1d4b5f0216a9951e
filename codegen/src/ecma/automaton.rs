//! Linear `@pattern` translations compiled to the byte automata that generated crates match
//! with (`runtime/src/validation/automaton.rs`), so that they need no regex engine at run time.

use std::collections::HashMap;

use regex_automata::Anchored;
use regex_automata::dfa::{Automaton as _, StartKind, dense};
use regex_automata::util::primitives::StateID;
use regex_automata::util::start;

/// The matcher the generated crates run, compiled here too: the tests of the translation run it.
#[path = "../../../runtime/src/validation/automaton.rs"]
mod matcher;

/// The most bytes an automaton's table may take; a pattern whose table would be larger (long
/// bounded repetitions of Unicode classes) is matched by the `regex` crate. The largest tables
/// are a Unicode class under `+` (`^[\p{L}\p{M}\p{N}\p{Pc}\p{Pd}\p{Zs}]+$`, 63 KiB: 330 states
/// of its UTF-8 trie, 97 byte classes), which costs less than a `regex` dependency.
pub const MAX_TABLE: usize = 64 * 1024;

/// The most memory the DFA builder may take for one pattern: past it, the pattern is bound to
/// exceed [`MAX_TABLE`], and giving up early keeps generation fast.
const BUILD_LIMIT: usize = 1 << 18;

/// A deterministic automaton over UTF-8 bytes, in the runtime's layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Automaton {
    /// The class of each byte value.
    pub classes: Box<[u8; 256]>,
    /// The next state of each live state (from 2 on) and class, two little-endian bytes each;
    /// the last of a state's `stride` columns is the end of the value. 0 fails, 1 matches.
    pub next: Vec<u8>,
    /// The number of classes, plus one for the end of the value.
    pub stride: usize,
    /// The first state.
    pub start: usize,
}

impl Automaton {
    /// The automaton of `regex` (the `regex` crate's syntax, not anchored unless it says so),
    /// or `None` when its table would exceed [`MAX_TABLE`] or it needs what a DFA cannot do (a
    /// Unicode word boundary).
    pub fn build(regex: &str) -> Option<Automaton> {
        let config = dense::Config::new()
            .minimize(false)
            .start_kind(StartKind::Unanchored)
            .dfa_size_limit(Some(BUILD_LIMIT))
            .determinize_size_limit(Some(BUILD_LIMIT));
        let dfa = dense::Builder::new().configure(config).build(regex).ok()?;
        let first = dfa
            .start_state(&start::Config::new().anchored(Anchored::No))
            .ok()?;
        let is_live = |s: StateID| !(dfa.is_dead_state(s) || dfa.is_match_state(s));
        // The bytes of one of the DFA's byte classes move every state alike: one stands for
        // them all.
        let mut representatives: Vec<u8> = Vec::new();
        let mut dfa_class = [0usize; 256];
        for byte in 0..=255u8 {
            let class = dfa.byte_classes().get(byte);
            dfa_class[usize::from(byte)] = match representatives
                .iter()
                .position(|&r| dfa.byte_classes().get(r) == class)
            {
                Some(i) => i,
                None => {
                    representatives.push(byte);
                    representatives.len() - 1
                }
            };
        }
        // The live states, numbered from 2 in the order a breadth-first walk meets them. A
        // match is reported one byte late (the DFA's match states), which is all `is_match`
        // needs: entering one means a match ended before that byte.
        let mut live = Vec::new();
        let mut number = HashMap::new();
        if is_live(first) {
            number.insert(first, 2);
            live.push(first);
        }
        let mut at = 0;
        while let Some(&s) = live.get(at) {
            at += 1;
            for &byte in &representatives {
                let t = dfa.next_state(s, byte);
                if dfa.is_quit_state(t) {
                    return None;
                }
                if is_live(t) && !number.contains_key(&t) {
                    number.insert(t, live.len() + 2);
                    live.push(t);
                    // Two columns at least (a class and the end), two bytes each.
                    if live.len() * 4 > MAX_TABLE {
                        return None;
                    }
                }
            }
        }
        let code = |t: StateID| -> usize {
            if dfa.is_match_state(t) {
                1
            } else if dfa.is_dead_state(t) {
                0
            } else {
                number[&t]
            }
        };
        // Byte classes whose column (the next state from every live state) is the same merge.
        let mut columns: Vec<Vec<usize>> = Vec::new();
        let mut merged = Vec::with_capacity(representatives.len());
        for &byte in &representatives {
            let column: Vec<usize> = live
                .iter()
                .map(|&s| code(dfa.next_state(s, byte)))
                .collect();
            let class = columns
                .iter()
                .position(|c| *c == column)
                .unwrap_or_else(|| {
                    columns.push(column);
                    columns.len() - 1
                });
            merged.push(u8::try_from(class).expect("at most 256 byte classes"));
        }
        let classes = dfa_class.map(|c| merged[c]);
        let stride = columns.len() + 1;
        if live.len() * stride * 2 > MAX_TABLE {
            return None;
        }
        let mut next = Vec::with_capacity(live.len() * stride * 2);
        for (row, &s) in live.iter().enumerate() {
            let end = usize::from(dfa.is_match_state(dfa.next_eoi_state(s)));
            for target in columns.iter().map(|c| c[row]).chain([end]) {
                let target = u16::try_from(target).expect("state numbers fit the table's bound");
                next.extend(target.to_le_bytes());
            }
        }
        let start = if dfa.is_match_state(first) {
            1
        } else {
            code(first)
        };
        Some(Automaton {
            classes: Box::new(classes),
            next,
            stride,
            start,
        })
    }

    /// Whether the pattern matches anywhere in `value`, as the generated crate finds it.
    pub fn is_match(&self, value: &str) -> bool {
        matcher::Automaton {
            classes: &self.classes,
            next: &self.next,
            stride: self.stride,
            start: self.start,
        }
        .is_match(value)
    }
}
