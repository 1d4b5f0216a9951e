//! Tests of the ECMAScript pattern translation: cases whose answers come from ECMA-262, and
//! every `@pattern` of the AWS corpus in `../shared` matched by the translation and by `regress`
//! (an ECMAScript engine) on strings sampled from the pattern and mutated, which must agree.

use super::*;
use std::collections::BTreeSet;

/// Whether `pattern` (ECMAScript) matches somewhere in `input`, through the translation.
fn matches(pattern: &str, input: &str) -> bool {
    let t = translate(pattern, None).unwrap_or_else(|e| panic!("{pattern:?}: {e}"));
    let matcher = t.compile().unwrap_or_else(|e| panic!("{pattern:?} as {:?}: {e}", t.regex));
    matcher.is_match(input).expect("within the backtracking budget")
}

#[test]
fn classes_keep_their_ecmascript_meaning() {
    // \d and \w are ASCII (ECMA-262 CharacterClassEscape without the i flag).
    assert!(!matches(r"^\d$", "\u{663}"), "ARABIC-INDIC DIGIT THREE is not \\d");
    assert!(!matches(r"^\w$", "é"));
    assert!(matches(r"^\w+$", "aZ_09"));
    // \s is WhiteSpace and LineTerminator: NBSP, BOM and LS are in, ZWSP (a format char) is not.
    for c in ["\u{a0}", "\u{feff}", "\u{2028}", "\u{b}", "\u{3000}"] {
        assert!(matches(r"^\s$", c), "{c:?} is \\s");
    }
    assert!(!matches(r"^\s$", "\u{200b}"));
    // `.` matches anything but the four line terminators.
    for c in ["\n", "\r", "\u{2028}", "\u{2029}"] {
        assert!(!matches(r"^.$", c), "{c:?} is not .");
    }
    assert!(matches(r"^.$", "\u{85}"));
    // With the u flag, `.` is one code point.
    assert!(matches(r"^.$", "😀"));
    // \b is between an ASCII word character and anything else.
    assert!(matches(r"a\b", "a é"));
    // é is not a word character: a boundary before `a`, none at the start of "é".
    assert!(matches(r"é\b", "éa"));
    assert!(!matches(r"\bé", "é"));
}

#[test]
fn escapes_follow_unicode_mode_and_surrogate_pairs() {
    // A surrogate pair of escapes is one code point; in Unicode mode `\u10000` is U+1000 then 0.
    assert!(matches(r"^\uD83D\uDE00$", "😀"));
    assert!(matches(r"^\u{1F600}$", "😀"));
    assert!(matches(r"^\u10000$", "\u{1000}0"));
    // A class that lists its supplementary range as surrogate pairs.
    let xml_chars = r"^[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*$";
    assert!(matches(xml_chars, "a\té😀"));
    assert!(!matches(xml_chars, "\u{1}"));
    // A lone surrogate matches nothing.
    assert!(!matches(r"^[\uD800]$", "a"));
    assert!(matches(r"^[^\uD800]$", "a"));
    // `[]` matches nothing and `[^]` any one character.
    assert!(!matches(r"[]", "abc"));
    assert!(matches(r"^[^]$", "\n"));
    // \p with the u flag is a property; without it (legacy), `\p` is the letter p.
    assert!(matches(r"^\p{L}+$", "Жé中"));
    assert!(!matches(r"^\p{L}$", "1"));
    assert!(matches(r"^\P{L}$", "1"));
}

#[test]
fn legacy_grammar_reads_what_unicode_mode_rejects() {
    // Annex B: a lone `{`, `]` and an identity escape of a letter are literals.
    let t = translate(r"^a{,b]\q$", None).expect("legacy");
    assert!(!t.unicode);
    assert!(matches(r"^a{,b]\q$", "a{,b]q"));
    // `[\w-.]` is \w, `-` and `.` in the legacy grammar.
    assert!(matches(r"^[\w-.]+$", "a-b.c"));
}

#[test]
fn lookaround_at_anchored_ends_becomes_linear_conditions() {
    let t = translate(r"^(?!aws:).+$", None).expect("valid");
    assert_eq!(t.engine, Engine::Linear);
    assert_eq!(t.conditions, [("^(?:aws:)".to_owned(), false)]);
    let t = translate(r"^(?!\s).*(?<!\s)$", None).expect("valid");
    assert_eq!((t.engine, t.conditions.len()), (Engine::Linear, 2));
    // The lookahead before a group that starts with `^` (Clean Rooms' S3 bucket name).
    let bucket = r"(?!^(\d+\.)+\d+$)(^(([a-z0-9]|[a-z0-9][a-z0-9\-]*[a-z0-9])\.)*([a-z0-9]|[a-z0-9][a-z0-9\-]*[a-z0-9])$)";
    assert_eq!(translate(bucket, None).expect("valid").engine, Engine::Linear);
    assert!(matches(bucket, "my.bucket-1"));
    assert!(!matches(bucket, "192.168.5.4"));
    // Unanchored, or in the middle: the backtracking engine.
    assert_eq!(translate(r"(?!aws:)[a-z:]+", None).expect("valid").engine, Engine::Backtracking);
    assert_eq!(translate(r"^a(?!b)[a-z]+$", None).expect("valid").engine, Engine::Backtracking);
}

#[test]
fn lookaround_and_backreferences_need_the_backtracking_engine() {
    let t = translate(r"^a(?!ws:).+$", None).expect("valid");
    assert_eq!(t.engine, Engine::Backtracking);
    assert!(matches(r"^(?!aws:).+$", "amazon:x"));
    assert!(!matches(r"^(?!aws:).+$", "aws:x"));
    assert!(matches(r"^[a-z.]*(?<!\.)$", "a.b"));
    assert!(!matches(r"^[a-z.]*(?<!\.)$", "a.b."));
    assert!(matches(r"(.)\1", "xaay"));
    assert!(!matches(r"^(.)\1$", "ab"));
    assert_eq!(translate(r"^[a-z]+$", None).expect("valid").engine, Engine::Linear);
}

#[test]
fn bounds_beyond_the_length_maximum_are_dropped() {
    let t = translate(r"^s3://.{1,2048}$", Some(2048)).expect("valid");
    assert!(!t.regex.contains("2048"), "{}", t.regex);
    let t = translate(r"^s3://.{1,2048}$", Some(4096)).expect("valid");
    assert!(t.regex.contains("{1,2048}"), "{}", t.regex);
    // Only repetitions of one character: `(ab){0,200}` spans 400 characters.
    let t = translate(r"^(ab){0,200}$", Some(100)).expect("valid");
    assert!(t.regex.contains("{0,200}"), "{}", t.regex);
}

#[test]
fn a_large_count_of_one_class_is_counted_not_expanded() {
    let t = translate(r"^[^\p{C}]{1,2048}$", None).expect("valid");
    assert_eq!((t.regex.as_str(), t.chars), (r"^[^\p{C}]*$", Some((1, 2048))));
    assert_eq!(t.tables, ["unicode-gencat"]);
    assert!(matches(r"^[^\p{C}]{1,2048}$", &"é".repeat(2048)));
    assert!(!matches(r"^[^\p{C}]{1,2048}$", &"é".repeat(2049)));
    assert!(!matches(r"^[^\p{C}]{1,2048}$", ""));
    // Small counts stay in the automaton.
    assert_eq!(translate(r"^.{1,99}$", None).expect("valid").chars, None);
}

#[test]
fn a_repetition_at_an_unanchored_end_keeps_its_minimum_only() {
    let t = translate(r"^\*|[\w\-]{1,2048}$", None).expect("valid");
    assert_eq!(t.regex, r"^\*|[0-9A-Z_a-z\-]{1}$");
    assert!(matches(r"^\*|[\w\-]{1,2048}$", &format!("!{}", "a".repeat(3000))));
    assert!(!matches(r"^\*|[\w\-]{1,2048}$", "a!"));
    // Anchored ends keep their bounds.
    assert!(translate(r"^a{2,5}$", None).expect("valid").regex.contains("{2,5}"));
    // A leading `x*` matches nothing more than nothing.
    assert_eq!(translate(r"x*abc", None).expect("valid").regex, "abc");
}

#[test]
fn invalid_patterns_are_errors_naming_the_place() {
    for (pattern, what) in [
        (r"a**", "nothing to repeat"),
        (r"(a", "unterminated group"),
        (r"[a", "unterminated character class"),
        (r"a{2,1}", "out of order"),
        (r"\p{Nope}x(", "unknown Unicode property"),
    ] {
        let error = translate(pattern, None).expect_err(pattern);
        assert!(error.contains(what) && error.contains("at character"), "{pattern}: {error}");
    }
}

/// Inputs for `pattern`: samples of it, the same with one character changed, dropped or
/// added, and a few fixed strings.
fn inputs(node: &Node, rng: &mut Rng) -> Vec<String> {
    let mut out = vec![String::new(), "a".to_owned(), "\n".to_owned()];
    for _ in 0..12 {
        let mut s = String::new();
        sample(node, rng, &mut s);
        let chars: Vec<char> = s.chars().collect();
        out.push(s.clone());
        if !chars.is_empty() {
            let i = rng.below(chars.len());
            let mut changed = chars.clone();
            changed[i] = POOL[rng.below(POOL.len())];
            out.push(changed.iter().collect());
            let mut dropped = chars.clone();
            dropped.remove(i);
            out.push(dropped.iter().collect());
        }
        let mut added = chars;
        let at = rng.below(added.len() + 1);
        added.insert(at, POOL[rng.below(POOL.len())]);
        out.push(added.iter().collect());
        out.push(format!("{s}\n"));
    }
    out
}

/// Every distinct `@pattern` of the AWS models in `../shared/models/aws`.
fn corpus_patterns() -> BTreeSet<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/models/aws");
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e} (the AWS models are read from ../shared)", dir.display()));
    let mut patterns = BTreeSet::new();
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        let text = std::fs::read_to_string(&path).expect("a readable model");
        let model: serde_json::Value = serde_json::from_str(&text).expect("a JSON model");
        collect_patterns(&model, &mut patterns);
    }
    patterns
}

fn collect_patterns(value: &serde_json::Value, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("smithy.api#pattern", serde_json::Value::String(p)) => {
                        out.insert(p.clone());
                    }
                    _ => collect_patterns(value, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_patterns(v, out)),
        _ => {}
    }
}

/// The flags regress reads a pattern with: `u`, else none (the legacy grammar), else `None`.
fn regress_flags(pattern: &str) -> Option<&'static str> {
    if regress::Regex::with_flags(pattern, "u").is_ok() {
        Some("u")
    } else if regress::Regex::new(pattern).is_ok() {
        Some("")
    } else {
        None
    }
}

/// The translation agrees with regress on every corpus pattern regress reads, and reads the
/// same ones, in the same mode.
#[test]
fn corpus_patterns_match_as_regress_matches_them() {
    let patterns = corpus_patterns();
    assert!(patterns.len() > 3000, "{} patterns: is ../shared complete?", patterns.len());
    let mut rng = Rng(0x5eed);
    let mut failures = Vec::new();
    let (mut checked, mut inputs_run) = (0, 0);
    for pattern in &patterns {
        let flags = regress_flags(pattern);
        let translated = translate(pattern, None);
        let t = match (flags, translated) {
            (None, Err(_)) => continue,
            (None, Ok(t)) => {
                failures.push(format!("{pattern:?}: regress rejects it, we read it as {:?}", t.regex));
                continue;
            }
            (Some(_), Err(e)) => {
                failures.push(format!("{pattern:?}: regress reads it, we fail: {e}"));
                continue;
            }
            (Some(flags), Ok(t)) => {
                if (flags == "u") != t.unicode {
                    failures.push(format!("{pattern:?}: regress reads it with flags {flags:?}, we in unicode mode {}", t.unicode));
                }
                t
            }
        };
        let matcher = match t.compile() {
            Ok(m) => m,
            Err(e) => {
                failures.push(format!("{pattern:?} as {:?}: {e}", t.regex));
                continue;
            }
        };
        let reference = regress::Regex::with_flags(pattern, flags.unwrap_or_default()).expect("regress read it");
        let (node, _) = parse(pattern).expect("translated");
        checked += 1;
        for input in inputs(&node, &mut rng) {
            inputs_run += 1;
            let expected = reference.find(&input).is_some();
            if matcher.is_match(&input) != Ok(expected) {
                failures.push(format!("{pattern:?} on {input:?}: regress {expected}, ours (as {:?}) {}", t.regex, !expected));
                break;
            }
        }
    }
    println!("{checked} patterns, {inputs_run} inputs");
    assert!(failures.is_empty(), "{} disagreements:\n{}", failures.len(), failures.join("\n"));
}
