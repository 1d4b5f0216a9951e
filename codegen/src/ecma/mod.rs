//! ECMAScript `@pattern`s read and rewritten in the syntax of the `regex` crate (linear time) or,
//! for lookaround and backreferences, of `fancy-regex` (bounded backtracking).
//!
//! Smithy patterns are ECMA-262 regular expressions, read here with the `u` flag (Unicode mode:
//! `\p{L}` is a property, `\u{…}` a code point), or with the legacy grammar when only that
//! reads them, as `regress` does. The rewrite keeps ECMAScript's meaning where the engines
//! differ: `\d`, `\w` and `\b` are ASCII, `\s` is ECMAScript's set, `.` stops at the four line
//! terminators, a pair of surrogate escapes is one code point and a lone surrogate matches
//! nothing (a Rust string cannot hold one).

use std::fmt::Write as _;

mod automaton;

pub use automaton::{Automaton, MAX_TABLE};

/// Which engine a translated pattern needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Engine {
    /// The `regex` crate: time linear in the input.
    Linear,
    /// `fancy-regex`: lookaround or backreferences, matched with a backtracking budget.
    Backtracking,
}

/// A pattern rewritten for a Rust engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    /// The pattern in the engine's syntax.
    pub regex: String,
    /// The engine it needs.
    pub engine: Engine,
    /// The `regex` crate features whose Unicode tables it needs (`unicode-gencat`,
    /// `unicode-script`, `unicode-bool`), sorted.
    pub tables: Vec<&'static str>,
    /// Further patterns (in the linear engine's syntax) the value must match (`true`) or must
    /// not (`false`): the lookaround at the ends of an anchored pattern, split off so that it
    /// runs in linear time.
    pub conditions: Vec<(String, bool)>,
    /// For a pattern of the form `^C{n,m}$` with a large `m` (`^[^\p{C}]{1,2048}$`): `regex` is
    /// `^C*$` and the value must also have `n..=m` characters. The automaton of 2,048 copies of
    /// a Unicode class would exceed the engine's size limit; counting is exact and linear.
    pub chars: Option<(u32, u32)>,
    /// Whether the ECMAScript pattern was read with the `u` flag (else the legacy grammar).
    pub unicode: bool,
}

/// Repetition bounds above this are written as unbounded where the member's `@length` maximum
/// makes them unreachable, so that the compiled automaton stays small.
const LARGE_REPEAT: u32 = 100;

/// Rewrites `pattern` (ECMAScript) for a Rust engine. `max_len` is the `@length` maximum of
/// the values it checks, in characters: a bounded repetition of at least that many characters
/// (`.{1,2048}` under `@length(max: 2048)`) cannot be exceeded by a value that passed its length
/// check, so it is written without its upper bound.
pub fn translate(pattern: &str, max_len: Option<u64>) -> Result<Translation, String> {
    let (node, unicode) = parse(pattern)?;
    // Lookaround at the ends of an anchored pattern becomes conditions for the linear engine.
    let (node, conditions) = match split_lookarounds(&node) {
        Some((main, conditions)) => (main, conditions),
        None => (node, Vec::new()),
    };
    let engine = if needs_backtracking(&node) { Engine::Backtracking } else { Engine::Linear };
    let (node, chars) = counted(node);
    let node = if engine == Engine::Linear { unanchored_edges(node) } else { node };
    let mut out = Writer {
        text: String::new(),
        engine,
        tables: Vec::new(),
        max_len,
    };
    out.node(&node)?;
    let regex = std::mem::take(&mut out.text);
    let mut written = Vec::new();
    for (condition, expected) in &conditions {
        out.node(condition)?;
        written.push((std::mem::take(&mut out.text), *expected));
    }
    Ok(Translation {
        regex,
        engine: out.engine,
        tables: {
            let mut tables = out.tables;
            tables.sort_unstable();
            tables.dedup();
            tables
        },
        chars,
        conditions: written,
        unicode,
    })
}

/// A pattern whose lookaround sits only at its anchored ends, split into its main part and
/// conditions the linear engine can check: a lookahead before `^…` is checked at the start
/// (`^(?!aws:)[a-z:]+$` is `^[a-z:]+$` and not `^aws:`), a lookbehind before the final `$` at
/// the end (`^[a-z.]*(?<!\.)$` is `^[a-z.]*$` and not `\.$`). `None` when lookaround or
/// backreferences remain anywhere else.
fn split_lookarounds(node: &Node) -> Option<(Node, Vec<(Node, bool)>)> {
    let Node::Seq(items) = node else { return None };
    if !needs_backtracking(node) {
        return None;
    }
    let mut items = items.clone();
    let mut conditions = Vec::new();
    // Leading lookaheads, evaluated at the start when the rest is anchored there.
    let mut leading = Vec::new();
    let mut at = 0;
    let mut anchored = false;
    while at < items.len() {
        match &items[at] {
            Node::Start => {
                anchored = true;
                at += 1;
            }
            Node::Look { behind: false, negated, node } if !needs_backtracking(node) => {
                leading.push((Node::Seq(vec![Node::Start, group(node)]), !negated));
                items.remove(at);
            }
            _ => break,
        }
    }
    if !(leading.is_empty() || anchored || items.get(at).is_some_and(starts_anchored)) {
        return None;
    }
    conditions.extend(leading);
    // Trailing lookbehinds before the final `$`.
    while let [.., Node::Look { behind: true, negated, node }, Node::End] = items.as_slice() {
        if needs_backtracking(node) {
            return None;
        }
        conditions.push((Node::Seq(vec![group(node), Node::End]), !negated));
        items.remove(items.len() - 2);
    }
    let main = Node::Seq(items);
    (!needs_backtracking(&main)).then_some((main, conditions))
}

/// `node` as a non-capturing group (the condition's own captures mean nothing).
fn group(node: &Node) -> Node {
    Node::Group {
        capture: false,
        node: Box::new(node.clone()),
    }
}

/// Whether every match of `node` starts at `^`.
fn starts_anchored(node: &Node) -> bool {
    match node {
        Node::Start => true,
        Node::Seq(items) => items.first().is_some_and(starts_anchored),
        Node::Alt(alternatives) => alternatives.iter().all(starts_anchored),
        Node::Group { node, .. } => starts_anchored(node),
        _ => false,
    }
}

/// `pattern`'s tree and whether it was read with the `u` flag: with it when it reads so, else
/// with the legacy grammar, as regress does; the `u` flag's error when neither reads it.
fn parse(pattern: &str) -> Result<(Node, bool), String> {
    match Parser::parse(pattern, true) {
        Ok((node, _)) => Ok((node, true)),
        Err(unicode_error) => match Parser::parse(pattern, false) {
            Ok((node, _)) => Ok((node, false)),
            Err(_) => Err(unicode_error),
        },
    }
}

/// A translation compiled as the generated crate compiles it: the main pattern and the
/// conditions as automata or, when they do not all tabulate, on their engine (the backtracking
/// one with [`BACKTRACK_LIMIT`]); the character count.
pub struct Matcher {
    main: Main,
    conditions: Vec<(Linear, bool)>,
    chars: Option<(u32, u32)>,
}

/// A pattern in the linear engine's syntax, as the generated crate matches it.
enum Linear {
    Automaton(Automaton),
    Regex(regex::Regex),
}

impl Linear {
    fn is_match(&self, value: &str) -> bool {
        match self {
            Linear::Automaton(automaton) => automaton.is_match(value),
            Linear::Regex(regex) => regex.is_match(value),
        }
    }
}

/// The main pattern of a [`Matcher`].
enum Main {
    Linear(Linear),
    Backtracking(fancy_regex::Regex),
}

/// A linear translation's main pattern and conditions, each compiled to an [`Automaton`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Automata {
    /// The main pattern's.
    pub main: Automaton,
    /// The conditions', in order.
    pub conditions: Vec<Automaton>,
}

/// A value whose check went past [`BACKTRACK_LIMIT`] steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverBudget;

impl Translation {
    /// Compiles the translation with the engines the generated crate uses; `Err` names what
    /// does not compile.
    pub fn compile(&self) -> Result<Matcher, String> {
        match self.automata() {
            Some(automata) => Ok(Matcher {
                main: Main::Linear(Linear::Automaton(automata.main)),
                conditions: automata
                    .conditions
                    .into_iter()
                    .zip(&self.conditions)
                    .map(|(a, (_, expected))| (Linear::Automaton(a), *expected))
                    .collect(),
                chars: self.chars,
            }),
            None => self.compile_on_engines(),
        }
    }

    /// Compiles the translation with the regex engines, as the generated crate does when its
    /// [`automata`](Self::automata) do not all tabulate; `Err` names what does not compile.
    pub fn compile_on_engines(&self) -> Result<Matcher, String> {
        let main = match self.engine {
            Engine::Linear => Main::Linear(Linear::Regex(
                regex::Regex::new(&self.regex).map_err(|e| e.to_string())?,
            )),
            Engine::Backtracking => Main::Backtracking(
                fancy_regex::RegexBuilder::new(&self.regex)
                    .backtrack_limit(BACKTRACK_LIMIT)
                    .build()
                    .map_err(|e| e.to_string())?,
            ),
        };
        let conditions = self
            .conditions
            .iter()
            .map(|(c, expected)| {
                let regex = regex::Regex::new(c).map_err(|e| e.to_string())?;
                Ok((Linear::Regex(regex), *expected))
            })
            .collect::<Result<_, String>>()?;
        Ok(Matcher {
            main,
            conditions,
            chars: self.chars,
        })
    }

    /// The main pattern and the conditions as automata, when the engine is the linear one and
    /// every table is within [`MAX_TABLE`]; the generated crate then needs no regex engine for
    /// this pattern.
    pub fn automata(&self) -> Option<Automata> {
        if self.engine != Engine::Linear {
            return None;
        }
        Some(Automata {
            main: Automaton::build(&self.regex)?,
            conditions: self
                .conditions
                .iter()
                .map(|(c, _)| Automaton::build(c))
                .collect::<Option<_>>()?,
        })
    }
}

impl Matcher {
    /// Whether `value` passes the pattern, in the order the generated check takes: the count,
    /// the main pattern, the conditions.
    pub fn is_match(&self, value: &str) -> Result<bool, OverBudget> {
        let counted = self
            .chars
            .is_none_or(|(min, max)| (min as usize..=max as usize).contains(&value.chars().count()));
        if !counted {
            return Ok(false);
        }
        let main = match &self.main {
            Main::Linear(linear) => linear.is_match(value),
            Main::Backtracking(regex) => regex.is_match(value).map_err(|_| OverBudget)?,
        };
        Ok(main && self.conditions.iter().all(|(c, expected)| c.is_match(value) == *expected))
    }
}

/// `^C{n,m}$` with `C` one character and `m` large, as `(^C*$, Some((n, m)))`; anything else
/// as it is.
fn counted(node: Node) -> (Node, Option<(u32, u32)>) {
    if let Node::Seq(items) = &node
        && let [Node::Start, Node::Repeat { node: one, min, max: Some(max), lazy }, Node::End] = items.as_slice()
        && *max >= LARGE_REPEAT
        && is_one_char(one)
    {
        let star = Node::Repeat {
            node: one.clone(),
            min: 0,
            max: None,
            lazy: *lazy,
        };
        return (Node::Seq(vec![Node::Start, star, Node::End]), Some((*min, *max)));
    }
    (node, None)
}

/// A repetition `X{n,m}` at an end of the pattern that is not anchored (`[\w-]{1,2048}$`) finds
/// a match exactly when `X{n}` does (the match can start after the extra copies), so it is
/// written so: an unanchored search would otherwise track every count up to `m` at every
/// position. Only without backreferences, whose groups would capture something else.
fn unanchored_edges(node: Node) -> Node {
    fn trim(mut items: Vec<Node>) -> Vec<Node> {
        for left in [true, false] {
            let at = if left { 0 } else { items.len().wrapping_sub(1) };
            if let Some(Node::Repeat { min, max, .. }) = items.get_mut(at) {
                *max = Some(*min);
                if *min == 0 {
                    items.remove(at);
                }
            }
        }
        items
    }
    match node {
        Node::Alt(alternatives) => Node::Alt(alternatives.into_iter().map(unanchored_edges).collect()),
        Node::Seq(items) => Node::Seq(trim(items)),
        repeat @ Node::Repeat { .. } => Node::Seq(trim(vec![repeat])),
        other => other,
    }
}

/// The `regex` crate feature with the table of a property [`property`] names.
fn table(name: &str) -> &'static str {
    if name.starts_with("sc=") || name.starts_with("scx=") {
        "unicode-script"
    } else if BINARY_PROPERTIES.contains(&name) && !matches!(name, "Any" | "ASCII" | "Assigned") {
        "unicode-bool"
    } else {
        "unicode-gencat"
    }
}

/// Whether `node` has lookaround or backreferences, which only the backtracking engine reads.
fn needs_backtracking(node: &Node) -> bool {
    match node {
        Node::Look { .. } | Node::Backref(_) => true,
        Node::Seq(items) | Node::Alt(items) => items.iter().any(needs_backtracking),
        Node::Group { node, .. } | Node::Repeat { node, .. } => needs_backtracking(node),
        Node::Class(_) | Node::Start | Node::End | Node::WordBoundary(_) => false,
    }
}

/// A parsed ECMAScript pattern.
#[derive(Debug, Clone)]
enum Node {
    Seq(Vec<Node>),
    Alt(Vec<Node>),
    /// One character, or a class of them.
    Class(Class),
    /// `^`, `$`.
    Start,
    End,
    /// `\b` (`true`) or `\B`.
    WordBoundary(bool),
    Group {
        capture: bool,
        node: Box<Node>,
    },
    Look {
        behind: bool,
        negated: bool,
        node: Box<Node>,
    },
    Backref(u32),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
        lazy: bool,
    },
}

/// A set of code points: ranges, properties and nested sets, possibly negated.
#[derive(Debug, Clone, Default)]
struct Class {
    negated: bool,
    /// Code point ranges, surrogates included (an escape can name one; it matches nothing).
    ranges: Vec<(u32, u32)>,
    /// `(name, negated)` of `\p{name}` / `\P{name}`.
    properties: Vec<(String, bool)>,
    nested: Vec<Class>,
}

impl Class {
    fn of(ranges: &[(char, char)], negated: bool) -> Class {
        Class {
            negated,
            ranges: ranges.iter().map(|&(a, b)| (u32::from(a), u32::from(b))).collect(),
            ..Class::default()
        }
    }

    fn char(c: char) -> Class {
        Class::unit(u32::from(c))
    }

    /// One code point, or one surrogate code unit.
    fn unit(value: u32) -> Class {
        Class {
            ranges: vec![(value, value)],
            ..Class::default()
        }
    }
}

const DIGIT: &[(char, char)] = &[('0', '9')];
const WORD: &[(char, char)] = &[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];
/// ECMAScript's WhiteSpace and LineTerminator.
const SPACE: &[(char, char)] = &[
    ('\t', '\r'),
    (' ', ' '),
    ('\u{a0}', '\u{a0}'),
    ('\u{1680}', '\u{1680}'),
    ('\u{2000}', '\u{200a}'),
    ('\u{2028}', '\u{2029}'),
    ('\u{202f}', '\u{202f}'),
    ('\u{205f}', '\u{205f}'),
    ('\u{3000}', '\u{3000}'),
    ('\u{feff}', '\u{feff}'),
];
/// What `.` does not match.
const LINE_TERMINATORS: &[(char, char)] = &[
    ('\n', '\n'),
    ('\r', '\r'),
    ('\u{2028}', '\u{2029}'),
];

/// Reads an ECMAScript pattern.
struct Parser<'a> {
    chars: Vec<char>,
    at: usize,
    unicode: bool,
    /// Capturing groups seen so far.
    groups: u32,
    pattern: &'a str,
}

impl<'a> Parser<'a> {
    /// The pattern's tree and its number of capturing groups.
    fn parse(pattern: &'a str, unicode: bool) -> Result<(Node, u32), String> {
        let mut parser = Parser {
            chars: pattern.chars().collect(),
            at: 0,
            unicode,
            groups: 0,
            pattern,
        };
        // Backreferences may name a later group: count them first.
        let total = parser.count_groups();
        let node = parser.disjunction(total)?;
        if parser.at < parser.chars.len() {
            return Err(parser.error("unbalanced `)`"));
        }
        Ok((node, total))
    }

    fn error(&self, what: &str) -> String {
        format!(
            "{what} at character {} of the pattern {:?}",
            self.at + 1,
            self.pattern
        )
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.at + n).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn count_groups(&self) -> u32 {
        let mut count = 0;
        let mut in_class = false;
        let mut i = 0;
        while i < self.chars.len() {
            match self.chars[i] {
                '\\' => i += 1,
                '[' => in_class = true,
                ']' => in_class = false,
                '(' if !in_class => {
                    let next = self.chars.get(i + 1);
                    let named = next == Some(&'?')
                        && self.chars.get(i + 2) == Some(&'<')
                        && !matches!(self.chars.get(i + 3), Some('=' | '!'));
                    if next != Some(&'?') || named {
                        count += 1;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        count
    }

    fn disjunction(&mut self, total: u32) -> Result<Node, String> {
        let mut alternatives = vec![self.alternative(total)?];
        while self.eat('|') {
            alternatives.push(self.alternative(total)?);
        }
        Ok(if alternatives.len() == 1 {
            alternatives.remove(0)
        } else {
            Node::Alt(alternatives)
        })
    }

    fn alternative(&mut self, total: u32) -> Result<Node, String> {
        let mut terms = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            terms.push(self.term(total)?);
        }
        Ok(Node::Seq(terms))
    }

    fn term(&mut self, total: u32) -> Result<Node, String> {
        let start = self.at;
        let (atom, quantifiable) = self.atom(total)?;
        let Some((min, max)) = self.quantifier()? else {
            return Ok(atom);
        };
        if !quantifiable {
            self.at = start;
            return Err(self.error("nothing to repeat"));
        }
        if max.is_some_and(|max| max < min) {
            return Err(self.error("numbers out of order in a `{}` quantifier"));
        }
        let lazy = self.eat('?');
        Ok(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
            lazy,
        })
    }

    /// `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`; `None` when none follows (in the legacy grammar a
    /// `{` that does not start a quantifier is a literal).
    fn quantifier(&mut self) -> Result<Option<(u32, Option<u32>)>, String> {
        let bounds = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => {
                let save = self.at;
                self.at += 1;
                match self.braced() {
                    Some(bounds) => return Ok(Some(bounds)),
                    None if self.unicode => {
                        self.at = save;
                        return Err(self.error("incomplete quantifier"));
                    }
                    None => {
                        self.at = save;
                        return Ok(None);
                    }
                }
            }
            _ => return Ok(None),
        };
        self.at += 1;
        Ok(Some(bounds))
    }

    /// The rest of `{n}`, `{n,}`, `{n,m}` after the `{`.
    fn braced(&mut self) -> Option<(u32, Option<u32>)> {
        let min = self.number()?;
        let max = if self.eat(',') {
            if self.peek() == Some('}') {
                None
            } else {
                Some(self.number()?)
            }
        } else {
            Some(min)
        };
        self.eat('}').then_some((min, max))
    }

    /// Decimal digits; saturates at `u32::MAX` as engines do.
    fn number(&mut self) -> Option<u32> {
        let start = self.at;
        let mut value: u32 = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            value = value.saturating_mul(10).saturating_add(d);
            self.at += 1;
        }
        (self.at > start).then_some(value)
    }

    /// An atom and whether a quantifier may follow it.
    fn atom(&mut self, total: u32) -> Result<(Node, bool), String> {
        let c = self.peek().ok_or_else(|| self.error("unexpected end"))?;
        self.at += 1;
        Ok(match c {
            '^' => (Node::Start, false),
            '$' => (Node::End, false),
            '.' => (Node::Class(Class::of(LINE_TERMINATORS, true)), true),
            '(' => self.group(total)?,
            '[' => (Node::Class(self.class()?), true),
            '\\' => self.atom_escape(total)?,
            '*' | '+' | '?' => {
                self.at -= 1;
                return Err(self.error("nothing to repeat"));
            }
            '{' if self.unicode => {
                self.at -= 1;
                return Err(self.error("lone `{`"));
            }
            '{' => {
                // Annex B: a `{` that is a valid quantifier here has nothing to repeat.
                let save = self.at;
                if self.braced().is_some() {
                    self.at = save - 1;
                    return Err(self.error("nothing to repeat"));
                }
                self.at = save;
                (Node::Class(Class::char('{')), true)
            }
            '}' | ']' if self.unicode => {
                self.at -= 1;
                return Err(self.error("lone `}` or `]`"));
            }
            ')' => unreachable!("alternative() stops at `)`"),
            c => (Node::Class(Class::char(c)), true),
        })
    }

    fn group(&mut self, total: u32) -> Result<(Node, bool), String> {
        let (look, capture) = if self.eat('?') {
            match self.peek() {
                Some(':') => {
                    self.at += 1;
                    (None, false)
                }
                Some('=') | Some('!') => {
                    let negated = self.peek() == Some('!');
                    self.at += 1;
                    (Some((false, negated)), false)
                }
                Some('<') if matches!(self.peek_at(1), Some('=' | '!')) => {
                    let negated = self.peek_at(1) == Some('!');
                    self.at += 2;
                    (Some((true, negated)), false)
                }
                Some('<') => {
                    self.at += 1;
                    let start = self.at;
                    while self.peek().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
                        self.at += 1;
                    }
                    if self.at == start || !self.eat('>') {
                        return Err(self.error("invalid group name"));
                    }
                    (None, true)
                }
                _ => return Err(self.error("invalid group")),
            }
        } else {
            (None, true)
        };
        if capture {
            self.groups += 1;
        }
        let node = Box::new(self.disjunction(total)?);
        if !self.eat(')') {
            return Err(self.error("unterminated group"));
        }
        Ok(match look {
            // Annex B lets a lookahead be repeated in the legacy grammar.
            Some((behind, negated)) => (
                Node::Look {
                    behind,
                    negated,
                    node,
                },
                !self.unicode && !behind,
            ),
            None => (Node::Group { capture, node }, true),
        })
    }

    fn atom_escape(&mut self, total: u32) -> Result<(Node, bool), String> {
        let c = self.peek().ok_or_else(|| self.error("`\\` at end of pattern"))?;
        match c {
            'b' | 'B' => {
                self.at += 1;
                Ok((Node::WordBoundary(c == 'b'), false))
            }
            '1'..='9' => {
                let save = self.at;
                let n = self.number().unwrap_or(0);
                if n <= total {
                    return Ok((Node::Backref(n), true));
                }
                if self.unicode {
                    self.at = save;
                    return Err(self.error("backreference to a group that does not exist"));
                }
                // Annex B: not a backreference, so an octal escape or the digit itself.
                self.at = save;
                Ok((Node::Class(Class::char(self.legacy_octal_or_digit())), true))
            }
            'k' if self.unicode || total > 0 => Err(self.error("named backreferences are not supported")),
            _ => Ok((Node::Class(self.class_escape(false)?), true)),
        }
    }

    /// Annex B's `\0`–`\377` octal escapes; `\8` and `\9` are the digits.
    fn legacy_octal_or_digit(&mut self) -> char {
        let first = self.peek().unwrap_or('0');
        self.at += 1;
        if first == '8' || first == '9' {
            return first;
        }
        let mut value = first.to_digit(8).unwrap_or(0);
        let limit = if first <= '3' { 2 } else { 1 };
        for _ in 0..limit {
            match self.peek().and_then(|c| c.to_digit(8)) {
                Some(d) => {
                    value = value * 8 + d;
                    self.at += 1;
                }
                None => break,
            }
        }
        char::from_u32(value).unwrap_or('\0')
    }

    /// An escape after `\` (not `\b`/`\B`/backreferences outside classes), as a set.
    /// `in_class`: inside `[…]`, where `\b` is backspace and `\-` is `-`.
    fn class_escape(&mut self, in_class: bool) -> Result<Class, String> {
        let c = self.peek().ok_or_else(|| self.error("`\\` at end of pattern"))?;
        self.at += 1;
        let single = |c: char| Ok(Class::char(c));
        match c {
            'd' => Ok(Class::of(DIGIT, false)),
            'D' => Ok(Class::of(DIGIT, true)),
            'w' => Ok(Class::of(WORD, false)),
            'W' => Ok(Class::of(WORD, true)),
            's' => Ok(Class::of(SPACE, false)),
            'S' => Ok(Class::of(SPACE, true)),
            'p' | 'P' if self.unicode => {
                if !self.eat('{') {
                    return Err(self.error("`\\p` without `{`"));
                }
                let start = self.at;
                while self.peek().is_some_and(|c| c != '}') {
                    self.at += 1;
                }
                let name: String = self.chars[start..self.at].iter().collect();
                if !self.eat('}') || name.is_empty() {
                    return Err(self.error("unterminated `\\p{…}`"));
                }
                Ok(Class {
                    properties: vec![(property(&name).ok_or_else(|| self.error("unknown Unicode property"))?, c == 'P')],
                    ..Class::default()
                })
            }
            'f' => single('\u{c}'),
            'n' => single('\n'),
            'r' => single('\r'),
            't' => single('\t'),
            'v' => single('\u{b}'),
            'b' if in_class => single('\u{8}'),
            '-' if in_class && self.unicode => single('-'),
            'c' => match self.peek() {
                Some(l) if l.is_ascii_alphabetic() => {
                    self.at += 1;
                    single(char::from(l as u8 % 32))
                }
                _ if self.unicode => Err(self.error("invalid `\\c` escape")),
                _ => {
                    // Annex B: a `\` that stands for itself.
                    self.at -= 1;
                    single('\\')
                }
            },
            '0' if !self.peek().is_some_and(|c| c.is_ascii_digit()) => single('\0'),
            '0'..='9' if in_class && !self.unicode => {
                self.at -= 1;
                single(self.legacy_octal_or_digit())
            }
            'x' => match (self.hex_digits(2), self.unicode) {
                (Some(v), _) => single(char::from_u32(v).unwrap_or('\0')),
                (None, true) => Err(self.error("invalid `\\x` escape")),
                (None, false) => single('x'),
            },
            'u' => self.unicode_escape(),
            c if is_syntax(c) || c == '/' => single(c),
            c if self.unicode => {
                self.at -= 1;
                Err(self.error(&format!("invalid escape `\\{c}`")))
            }
            // Annex B: any other escaped character is itself (but not word characters that
            // name classes, handled above).
            c => single(c),
        }
    }

    /// Exactly `n` hex digits, consumed only when all are there.
    fn hex_digits(&mut self, n: usize) -> Option<u32> {
        let digits: Option<Vec<u32>> = (0..n).map(|i| self.peek_at(i)?.to_digit(16)).collect();
        let value = digits?.into_iter().fold(0, |v, d| v * 16 + d);
        self.at += n;
        Some(value)
    }

    /// After `\u`: `XXXX`, a surrogate pair `\uD8XX\uDCXX` (one code point), or in Unicode mode
    /// `{X…}`. A lone surrogate matches nothing.
    fn unicode_escape(&mut self) -> Result<Class, String> {
        if self.unicode && self.eat('{') {
            let start = self.at;
            let mut value: u32 = 0;
            while let Some(d) = self.peek().and_then(|c| c.to_digit(16)) {
                value = value.saturating_mul(16).saturating_add(d);
                self.at += 1;
            }
            if self.at == start || !self.eat('}') || value > 0x10ffff {
                return Err(self.error("invalid `\\u{…}` escape"));
            }
            return Ok(code_unit_class(value));
        }
        let Some(unit) = self.hex_digits(4) else {
            if self.unicode {
                return Err(self.error("invalid `\\u` escape"));
            }
            return Ok(Class::char('u'));
        };
        if (0xd800..0xdc00).contains(&unit) && self.peek() == Some('\\') && self.peek_at(1) == Some('u') {
            let save = self.at;
            self.at += 2;
            match self.hex_digits(4) {
                Some(low) if (0xdc00..0xe000).contains(&low) => {
                    let c = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
                    return Ok(code_unit_class(c));
                }
                _ => self.at = save,
            }
        }
        Ok(code_unit_class(unit))
    }

    /// After `[`: the class up to its `]`.
    fn class(&mut self) -> Result<Class, String> {
        let mut class = Class {
            negated: self.eat('^'),
            ..Class::default()
        };
        loop {
            let Some(c) = self.peek() else {
                return Err(self.error("unterminated character class"));
            };
            if c == ']' {
                self.at += 1;
                return Ok(class);
            }
            let low = self.class_atom()?;
            if self.peek() == Some('-') && self.peek_at(1).is_some_and(|c| c != ']') {
                self.at += 1;
                let high = self.class_atom()?;
                match (single_char(&low), single_char(&high)) {
                    (Some(a), Some(b)) if a <= b => class.ranges.push((a, b)),
                    (Some(_), Some(_)) => return Err(self.error("range out of order in character class")),
                    // A range with a class at either end (`[\w-.]`): an error in Unicode mode,
                    // the three atoms in the legacy grammar.
                    _ if self.unicode => return Err(self.error("invalid character class range")),
                    _ => {
                        class.nested.push(low);
                        class.ranges.push((0x2d, 0x2d));
                        class.nested.push(high);
                    }
                }
            } else {
                class.nested.push(low);
            }
        }
    }

    fn class_atom(&mut self) -> Result<Class, String> {
        let c = self.peek().ok_or_else(|| self.error("unterminated character class"))?;
        self.at += 1;
        if c != '\\' {
            return Ok(Class::char(c));
        }
        self.class_escape(true)
    }
}

/// A code point or UTF-16 code unit given by an escape: a lone surrogate is an empty set.
fn code_unit_class(value: u32) -> Class {
    Class::unit(value)
}

/// The character of a one-character class, for ranges.
fn single_char(class: &Class) -> Option<u32> {
    match (class.negated, class.ranges.as_slice(), class.properties.is_empty(), class.nested.is_empty()) {
        (false, [(a, b)], true, true) if a == b => Some(*a),
        _ => None,
    }
}

/// ECMAScript's SyntaxCharacter.
fn is_syntax(c: char) -> bool {
    "^$\\.*+?()[]{}|".contains(c)
}

/// The `regex` crate's name for an ECMAScript Unicode property (ECMA-262's tables of general
/// categories and binary properties, `General_Category=…`, `Script=…`,
/// `Script_Extensions=…`); `None` for a name ECMAScript does not define (`\p{Alnum}` is Java's:
/// such a pattern is read with the legacy grammar, where `\p` is the letter).
fn property(name: &str) -> Option<String> {
    let valid = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    match name.split_once('=') {
        None if GENERAL_CATEGORIES.contains(&name) || BINARY_PROPERTIES.contains(&name) => Some(name.to_owned()),
        None => None,
        Some(("General_Category" | "gc", value)) if GENERAL_CATEGORIES.contains(&value) => Some(format!("gc={value}")),
        Some(("Script" | "sc", value)) if valid(value) => Some(format!("sc={value}")),
        Some(("Script_Extensions" | "scx", value)) if valid(value) => Some(format!("scx={value}")),
        Some(_) => None,
    }
}

/// ECMA-262's values of General_Category, with their aliases.
const GENERAL_CATEGORIES: &[&str] = &[
    "C", "Other", "Cc", "Control", "cntrl", "Cf", "Format", "Cn", "Unassigned", "Co", "Private_Use", "Cs", "Surrogate",
    "L", "Letter", "LC", "Cased_Letter", "Ll", "Lowercase_Letter", "Lm", "Modifier_Letter", "Lo", "Other_Letter",
    "Lt", "Titlecase_Letter", "Lu", "Uppercase_Letter", "M", "Mark", "Combining_Mark", "Mc", "Spacing_Mark", "Me",
    "Enclosing_Mark", "Mn", "Nonspacing_Mark", "N", "Number", "Nd", "Decimal_Number", "digit", "Nl", "Letter_Number",
    "No", "Other_Number", "P", "Punctuation", "punct", "Pc", "Connector_Punctuation", "Pd", "Dash_Punctuation", "Pe",
    "Close_Punctuation", "Pf", "Final_Punctuation", "Pi", "Initial_Punctuation", "Po", "Other_Punctuation", "Ps",
    "Open_Punctuation", "S", "Symbol", "Sc", "Currency_Symbol", "Sk", "Modifier_Symbol", "Sm", "Math_Symbol", "So",
    "Other_Symbol", "Z", "Separator", "Zl", "Line_Separator", "Zp", "Paragraph_Separator", "Zs", "Space_Separator",
];

/// ECMA-262's binary Unicode properties, with their aliases.
const BINARY_PROPERTIES: &[&str] = &[
    "ASCII", "ASCII_Hex_Digit", "AHex", "Alphabetic", "Alpha", "Any", "Assigned", "Bidi_Control", "Bidi_C",
    "Bidi_Mirrored", "Bidi_M", "Case_Ignorable", "CI", "Cased", "Changes_When_Casefolded", "CWCF",
    "Changes_When_Casemapped", "CWCM", "Changes_When_Lowercased", "CWL", "Changes_When_NFKC_Casefolded", "CWKCF",
    "Changes_When_Titlecased", "CWT", "Changes_When_Uppercased", "CWU", "Dash", "Default_Ignorable_Code_Point", "DI",
    "Deprecated", "Dep", "Diacritic", "Dia", "Emoji", "Emoji_Component", "EComp", "Emoji_Modifier", "EMod",
    "Emoji_Modifier_Base", "EBase", "Emoji_Presentation", "EPres", "Extended_Pictographic", "ExtPict", "Extender",
    "Ext", "Grapheme_Base", "Gr_Base", "Grapheme_Extend", "Gr_Ext", "Hex_Digit", "Hex", "IDS_Binary_Operator", "IDSB",
    "IDS_Trinary_Operator", "IDST", "ID_Continue", "IDC", "ID_Start", "IDS", "Ideographic", "Ideo", "Join_Control",
    "Join_C", "Logical_Order_Exception", "LOE", "Lowercase", "Lower", "Math", "Noncharacter_Code_Point", "NChar",
    "Pattern_Syntax", "Pat_Syn", "Pattern_White_Space", "Pat_WS", "Quotation_Mark", "QMark", "Radical",
    "Regional_Indicator", "RI", "Sentence_Terminal", "STerm", "Soft_Dotted", "SD", "Terminal_Punctuation", "Term",
    "Unified_Ideograph", "UIdeo", "Uppercase", "Upper", "Variation_Selector", "VS", "White_Space", "space",
    "XID_Continue", "XIDC", "XID_Start", "XIDS",
];

/// Writes a parsed pattern in the `regex`/`fancy-regex` syntax.
struct Writer {
    text: String,
    engine: Engine,
    tables: Vec<&'static str>,
    max_len: Option<u64>,
}

impl Writer {
    fn node(&mut self, node: &Node) -> Result<(), String> {
        match node {
            Node::Seq(items) => {
                for item in items {
                    // An alternation inside a sequence needs its own group.
                    if matches!(item, Node::Alt(_)) {
                        self.text.push_str("(?:");
                        self.node(item)?;
                        self.text.push(')');
                    } else {
                        self.node(item)?;
                    }
                }
            }
            Node::Alt(alternatives) => {
                for (i, alternative) in alternatives.iter().enumerate() {
                    if i > 0 {
                        self.text.push('|');
                    }
                    self.node(alternative)?;
                }
            }
            Node::Class(class) => self.class(class, true),
            Node::Start => self.text.push('^'),
            Node::End => self.text.push('$'),
            // ECMAScript's `\b` is between an ASCII word character and anything else: the
            // regex crate's ASCII boundary, spelled with lookaround for fancy-regex (which does
            // not switch Unicode mode inline).
            Node::WordBoundary(boundary) => self.text.push_str(match (self.engine, boundary) {
                (Engine::Linear, true) => "(?-u:\\b)",
                (Engine::Linear, false) => "(?-u:\\B)",
                (Engine::Backtracking, true) => "(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))",
                (Engine::Backtracking, false) => "(?:(?<=[0-9A-Za-z_])(?=[0-9A-Za-z_])|(?<![0-9A-Za-z_])(?![0-9A-Za-z_]))",
            }),
            Node::Group { capture, node } => {
                self.text.push_str(if *capture { "(" } else { "(?:" });
                self.node(node)?;
                self.text.push(')');
            }
            Node::Look {
                behind,
                negated,
                node,
            } => {
                self.text.push_str(match (behind, negated) {
                    (false, false) => "(?=",
                    (false, true) => "(?!",
                    (true, false) => "(?<=",
                    (true, true) => "(?<!",
                });
                self.node(node)?;
                self.text.push(')');
            }
            Node::Backref(n) => {
                // `(?:)` keeps a following digit from joining the group number.
                let _ = write!(self.text, "\\{n}(?:)");
            }
            // Annex B: a repeated lookahead is the lookahead once, or nothing when it may
            // repeat zero times.
            Node::Repeat { node, min, .. } if matches!(**node, Node::Look { .. }) => {
                if *min > 0 {
                    self.node(node)?;
                }
            }
            Node::Repeat {
                node,
                min,
                max,
                lazy,
            } => {
                let atomic = matches!(**node, Node::Class(_) | Node::Group { .. });
                if atomic {
                    self.node(node)?;
                } else {
                    self.text.push_str("(?:");
                    self.node(node)?;
                    self.text.push(')');
                }
                // A bound the value's `@length` maximum cannot reach is no bound at all.
                let max = match (max, self.max_len) {
                    (Some(max), Some(len)) if *max >= LARGE_REPEAT && u64::from(*max) >= len && is_one_char(node) => None,
                    (max, _) => *max,
                };
                match (min, max) {
                    (0, None) => self.text.push('*'),
                    (1, None) => self.text.push('+'),
                    (0, Some(1)) => self.text.push('?'),
                    (min, None) => {
                        let _ = write!(self.text, "{{{min},}}");
                    }
                    (min, Some(max)) if min == &max => {
                        let _ = write!(self.text, "{{{min}}}");
                    }
                    (min, Some(max)) => {
                        let _ = write!(self.text, "{{{min},{max}}}");
                    }
                }
                if *lazy {
                    self.text.push('?');
                }
            }
        }
        Ok(())
    }

    /// `[…]` (or a lone literal when `bare` allows and the class is one plain character).
    fn class(&mut self, class: &Class, bare: bool) {
        if bare
            && let Some(c) = single_char(class).and_then(char::from_u32)
        {
            push_literal(&mut self.text, c);
            return;
        }
        let mut flat = Class {
            negated: class.negated,
            ..Class::default()
        };
        flatten(class, &mut flat);
        flat.ranges = flat.ranges.iter().flat_map(|&(a, b)| without_surrogates(a, b)).collect();
        if flat.ranges.is_empty() && flat.properties.is_empty() && flat.nested.is_empty() {
            // `[]` (or only lone surrogates) matches nothing, `[^]` anything.
            self.text.push_str(if flat.negated { "[\\x{0}-\\x{10FFFF}]" } else { "[^\\x{0}-\\x{10FFFF}]" });
            return;
        }
        self.text.push('[');
        if flat.negated {
            self.text.push('^');
        }
        for &(a, b) in &flat.ranges {
            push_class_char(&mut self.text, a);
            if a != b {
                self.text.push('-');
                push_class_char(&mut self.text, b);
            }
        }
        for (name, negated) in &flat.properties {
            self.tables.push(table(name));
            let _ = write!(self.text, "\\{}{{{name}}}", if *negated { 'P' } else { 'p' });
        }
        for nested in &flat.nested {
            self.class(nested, false);
        }
        self.text.push(']');
    }
}

/// Moves the members of `class` (not its negation) into `into`: ranges and properties, and the
/// members of nested classes that are not negated; negated ones stay nested.
fn flatten(class: &Class, into: &mut Class) {
    into.ranges.extend_from_slice(&class.ranges);
    into.properties.extend(class.properties.iter().cloned());
    for nested in &class.nested {
        if nested.negated {
            into.nested.push(nested.clone());
        } else {
            flatten(nested, into);
        }
    }
}

/// Whether `node` always matches exactly one character.
fn is_one_char(node: &Node) -> bool {
    match node {
        Node::Class(_) => true,
        Node::Group { node, .. } => is_one_char(node),
        Node::Seq(items) => matches!(items.as_slice(), [one] if is_one_char(one)),
        Node::Alt(alternatives) => alternatives.iter().all(is_one_char),
        _ => false,
    }
}

/// `c` outside a class: itself when it means itself, else escaped.
fn push_literal(out: &mut String, c: char) {
    if c.is_ascii_alphanumeric() || " _,:;/@='\"!%<>`".contains(c) {
        out.push(c);
    } else if c.is_ascii_punctuation() && "\\.+*?()|[]{}^$#&-~".contains(c) {
        out.push('\\');
        out.push(c);
    } else {
        let _ = write!(out, "\\x{{{:X}}}", u32::from(c));
    }
}

/// `c` (a code point, not a surrogate) inside a class: printable ASCII as it is (escaped where
/// the `regex` crate's class syntax gives it a meaning), anything else by its code point.
fn push_class_char(out: &mut String, c: u32) {
    match char::from_u32(c) {
        Some(c) if "\\[]^-&~".contains(c) => {
            out.push('\\');
            out.push(c);
        }
        Some(c) if c.is_ascii_graphic() => out.push(c),
        _ => {
            let _ = write!(out, "\\x{{{c:X}}}");
        }
    }
}

/// The range `a..=b` without the surrogates, which no Rust string holds.
fn without_surrogates(a: u32, b: u32) -> Vec<(u32, u32)> {
    [(a, b.min(0xd7ff)), (a.max(0xe000), b)]
        .into_iter()
        .filter(|(a, b)| a <= b)
        .collect()
}

/// The backtracking steps a pattern with lookaround or backreferences may take on one value
/// (fancy-regex's `backtrack_limit`); past it the check reports a violation. The generated
/// statics are built with it, and `cargo xtask bench --only patterns` measures with it.
pub const BACKTRACK_LIMIT: usize = 10_000;

/// Inputs meant to make a backtracking matcher of `pattern` work hardest, each of `len`
/// characters or a few more: strings the pattern describes with one of their characters
/// repeated to fill the length, then a character that makes the match fail. For
/// `cargo xtask bench --only patterns`; `None` when the pattern does not translate.
pub fn stress_inputs(pattern: &str, len: usize) -> Option<Vec<String>> {
    let (node, _) = parse(pattern).ok()?;
    let mut rng = Rng(0x5eed ^ len as u64);
    let mut out = Vec::new();
    for _ in 0..2 {
        let mut sample_text = String::new();
        sample(&node, &mut rng, &mut sample_text);
        let chars: Vec<char> = sample_text.chars().collect();
        let positions: Vec<usize> = if chars.is_empty() {
            vec![]
        } else {
            (0..8).map(|k| k * chars.len() / 8).collect::<std::collections::BTreeSet<_>>().into_iter().collect()
        };
        for at in positions {
            for suffix in ["", "!", "\n"] {
                let mut input: String = chars[..at].iter().collect();
                let fill = len.saturating_sub(chars.len()).max(1);
                input.extend(std::iter::repeat_n(chars[at], fill));
                input.extend(&chars[at..]);
                input.push_str(suffix);
                out.push(input);
            }
        }
    }
    // Every pool character repeated, alone and before a failing one.
    for &c in POOL {
        out.push(std::iter::repeat_n(c, len).collect());
        out.push(std::iter::repeat_n(c, len).chain(['!']).collect());
    }
    Some(out)
}

/// A deterministic generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Characters tried where a pattern leaves the choice open.
const POOL: &[char] = &[
    'a', 'Z', '0', '9', '_', '-', '.', '/', ':', ' ', '\t', '\n', '\r', '@', '+', '=', ',', '*',
    '\\', '$', 'é', 'Ж', '中', '😀', '\u{a0}', '\u{2028}', '\u{feff}', '\u{301}', '\u{200b}',
    '\u{7f}', '\0', '\u{85}',
];

/// A string the pattern's tree describes (lookaround and backreferences aside).
fn sample(node: &Node, rng: &mut Rng, out: &mut String) {
    match node {
        Node::Seq(items) => items.iter().for_each(|i| sample(i, rng, out)),
        Node::Alt(alternatives) => sample(&alternatives[rng.below(alternatives.len())], rng, out),
        Node::Class(class) => out.push(sample_char(class, rng)),
        Node::Group { node, .. } => sample(node, rng, out),
        Node::Repeat { node, min, max, .. } => {
            let extra = max.map_or(3, |max| (max - min).min(3));
            let n = (*min).min(64) + rng.below(extra as usize + 1) as u32;
            for _ in 0..n {
                sample(node, rng, out);
            }
        }
        Node::Start | Node::End | Node::WordBoundary(_) | Node::Look { .. } | Node::Backref(_) => {}
    }
}

fn sample_char(class: &Class, rng: &mut Rng) -> char {
    if !class.negated && !class.ranges.is_empty() && rng.below(4) > 0 {
        let (a, b) = class.ranges[rng.below(class.ranges.len())];
        let pick = match rng.below(3) {
            0 => a,
            1 => b,
            _ => a + (rng.next() % (u64::from(b - a) + 1)) as u32,
        };
        return char::from_u32(pick).unwrap_or('a');
    }
    if !class.negated && !class.nested.is_empty() && rng.below(2) == 0 {
        return sample_char(&class.nested[rng.below(class.nested.len())], rng);
    }
    POOL[rng.below(POOL.len())]
}


#[cfg(test)]
mod tests;
