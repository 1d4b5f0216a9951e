//! Tests of `crate::validation`.
//!
//! Expected values come from the Smithy constraint traits (`@length`, `@range` with inclusive
//! bounds, `@uniqueItems`, `@pattern` as an ECMAScript regex that is not implicitly anchored), the
//! restJson1 validation protocol tests (`smithy/protocol-tests/aws/restJson1/validation` in
//! `../shared`, cited by test id), and the messages docs/validation.md and the items' documentation promise.

use crate::validation::*;
use serde::Deserialize;

/// The violations `check` finds, or none.
fn violations(strict: bool, check: impl FnOnce(&mut Validator)) -> Vec<Violation> {
    let mut v = Validator::new(strict);
    check(&mut v);
    v.finish()
        .err()
        .map(ValidationErrors::into_violations)
        .unwrap_or_default()
}

/// `(name, constraint)` of each violation.
fn kinds(violations: &[Violation]) -> Vec<(&str, Constraint)> {
    violations
        .iter()
        .map(|v| (v.name.as_str(), v.constraint))
        .collect()
}

// ---------------------------------------------------------------- @length

#[test]
fn length_bounds_are_inclusive() {
    // @length(min: 2, max: 8): restJson1 RestJsonMalformedLengthString ("between 2 and 8, inclusive").
    for len in [2, 5, 8] {
        assert!(
            violations(false, |v| {
                v.length("string", len, Some(2.0), Some(8.0));
            })
            .is_empty(),
            "{len}"
        );
    }
    let found = violations(false, |v| {
        v.length("short", 1, Some(2.0), Some(8.0));
        v.length("long", 9, Some(2.0), Some(8.0));
        v.length("empty", 0, Some(1.0), None);
    });
    assert_eq!(
        kinds(&found),
        [
            ("short", Constraint::MinLength),
            ("long", Constraint::MaxLength),
            ("empty", Constraint::MinLength),
        ]
    );
}

#[test]
fn length_messages() {
    // docs/validation.md: "defaultResultConfiguration.outputConfiguration.s3.bucket: length 2 is outside
    // [3, 63] (MinLength)".
    let path = "defaultResultConfiguration.outputConfiguration.s3.bucket";
    let found = violations(false, |v| {
        v.length(path, 2, Some(3.0), Some(63.0));
    });
    assert_eq!(
        found,
        [Violation {
            name: path.to_owned(),
            message: "length 2 is outside [3, 63]".to_owned(),
            constraint: Constraint::MinLength,
        }]
    );

    let found = violations(false, |v| {
        v.length("min", 1, Some(2.0), None);
        v.length("max", 9, None, Some(8.0));
    });
    let messages: Vec<_> = found.iter().map(|v| v.message.as_str()).collect();
    assert_eq!(
        messages,
        ["length 1 is outside [2, ∞)", "length 9 is outside (-∞, 8]"]
    );
}

#[test]
fn string_length_counts_unicode_scalar_values() {
    // restJson1 RestJsonMalformedLengthString: "👍" has length 1 (4 UTF-8 bytes, 2 UTF-16 units);
    // RestJsonMalformedLengthStringOverride: "👍👍👍" has length 3, outside [4, 6] (its 6 UTF-16
    // units would pass, its 12 bytes would fail the other way). The generated `validate()` passes
    // `value.chars().count()` (codegen/src/emit/validate.rs).
    let found = violations(false, |v| {
        v.length("string", "👍".chars().count(), Some(2.0), Some(8.0));
        v.length("override", "👍👍👍".chars().count(), Some(4.0), Some(6.0));
        v.length("fits", "ééééé".chars().count(), None, Some(5.0));
    });
    let messages: Vec<_> = found
        .iter()
        .map(|v| (v.name.as_str(), v.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        [
            ("string", "length 1 is outside [2, 8]"),
            ("override", "length 3 is outside [4, 6]")
        ]
    );
}

// ---------------------------------------------------------------- @range

#[test]
fn range_bounds_are_inclusive_for_integers() {
    // restJson1 RestJsonMalformedRangeByte: @range(min: 2, max: 8) rejects 1 and 9 ("between 2 and 8,
    // inclusive").
    for value in [2i8, 5, 8] {
        assert!(
            violations(false, |v| v.range("byte", value, Some(2.0), Some(8.0))).is_empty(),
            "{value}"
        );
    }
    let found = violations(false, |v| {
        v.range("byte", 1i8, Some(2.0), Some(8.0));
        v.range("byte", 9i8, Some(2.0), Some(8.0));
        v.range("short", -3i16, Some(-2.0), None);
        v.range("integer", 7i32, None, Some(6.0));
        v.range("long", i64::MIN, Some(0.0), None);
    });
    assert_eq!(
        kinds(&found),
        [
            ("byte", Constraint::MinRange),
            ("byte", Constraint::MaxRange),
            ("short", Constraint::MinRange),
            ("integer", Constraint::MaxRange),
            ("long", Constraint::MinRange),
        ]
    );

    let found = violations(false, |v| {
        v.range("byte", 9i8, Some(2.0), Some(8.0));
        v.range("double", 8.9f64, Some(2.2), Some(8.8));
        v.range("minLong", -1i64, Some(0.0), None);
        v.range("maxDouble", 0.5f64, None, Some(-0.5));
    });
    let messages: Vec<_> = found.iter().map(|v| v.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "9 is outside [2, 8]",
            "8.9 is outside [2.2, 8.8]",
            "-1 is outside [0, ∞)",
            "0.5 is outside (-∞, -0.5]",
        ]
    );
}

#[test]
fn range_of_doubles_accepts_its_bounds() {
    // restJson1 RestJsonMalformedRangeFloat (bounds 2.2 and 8.8, 2.1 and 8.9 rejected), for a double.
    for value in [2.2f64, 5.0, 8.8] {
        assert!(
            violations(false, |v| v.range("double", value, Some(2.2), Some(8.8))).is_empty(),
            "{value}"
        );
    }
    let found = violations(false, |v| {
        v.range("double", 2.1f64, Some(2.2), Some(8.8));
        v.range("double", 8.9f64, Some(2.2), Some(8.8));
    });
    assert_eq!(
        kinds(&found),
        [
            ("double", Constraint::MinRange),
            ("double", Constraint::MaxRange)
        ]
    );
}

#[test]
fn range_of_floats_accepts_its_bounds() {
    // restJson1 RestJsonMalformedRangeFloat: `float` (32-bit) with @range(min: 2.2, max: 8.8);
    // "between 2.2 and 8.8, inclusive".
    for value in [2.2f32, 5.0, 8.8] {
        assert!(
            violations(false, |v| v.range("float", value, Some(2.2), Some(8.8))).is_empty(),
            "{value}"
        );
    }
    let found = violations(false, |v| {
        v.range("float", 2.1f32, Some(2.2), Some(8.8));
        v.range("float", 8.9f32, Some(2.2), Some(8.8));
    });
    assert_eq!(
        kinds(&found),
        [
            ("float", Constraint::MinRange),
            ("float", Constraint::MaxRange)
        ]
    );
}

// ---------------------------------------------------------------- @uniqueItems, @pattern, enums

#[test]
fn unique_items_reports_the_first_repeat_once() {
    // restJson1 RestJsonMalformedUniqueItemsBooleanList: [true, true] is not unique.
    let found = violations(false, |v| {
        v.unique("booleanList", &[true, true]);
        v.unique("stringList", &["a", "b", "a", "b"]);
        v.unique("ok", &["a", "b", "c"]);
        v.unique("empty", &[] as &[i32]);
        v.unique("one", &[1]);
    });
    assert_eq!(found.len(), 2);
    assert_eq!(
        (
            found[0].name.as_str(),
            found[0].message.as_str(),
            found[0].constraint
        ),
        (
            "booleanList",
            "item 1 repeats an earlier item",
            Constraint::UniqueItems
        )
    );
    assert_eq!(
        (found[1].name.as_str(), found[1].message.as_str()),
        ("stringList", "item 2 repeats an earlier item")
    );

    // @uniqueItems on a list of structures or lists compares whole values.
    let found = violations(false, |v| {
        v.unique("lists", &[vec![1, 2], vec![2, 1]]);
        v.unique("repeated", &[vec![1, 2], vec![3], vec![1, 2]]);
    });
    assert_eq!(kinds(&found), [("repeated", Constraint::UniqueItems)]);
    assert_eq!(found[0].message, "item 2 repeats an earlier item");
}

/// `^[a-m]+$` and `[a-m]`, tabulated by hand: class 0 is `a`–`m`, class 1 every other byte,
/// the last column the end of the value.
const A_TO_M: [u8; 256] = {
    let mut classes = [1u8; 256];
    let mut b = b'a';
    while b <= b'm' {
        classes[b as usize] = 0;
        b += 1;
    }
    classes
};

/// Rows of little-endian state numbers, from state 2 on.
fn table(rows: &[[u16; 3]]) -> Vec<u8> {
    rows.iter().flatten().flat_map(|s| s.to_le_bytes()).collect()
}

#[test]
fn an_automaton_matches_anywhere_unless_anchored() {
    // ^[a-m]+$: 2 has read nothing, 3 one letter or more; any other byte fails.
    let anchored = table(&[[3, 0, 0], [3, 0, 1]]);
    let anchored = Automaton { classes: &A_TO_M, next: &anchored, stride: 3, start: 2 };
    // [a-m]: a letter anywhere has matched; other bytes are skipped.
    let unanchored = table(&[[1, 2, 0]]);
    let unanchored = Automaton { classes: &A_TO_M, next: &unanchored, stride: 3, start: 2 };
    for (value, expected) in [("abc", true), ("m", true), ("", false), ("ABC", false), ("abc\n", false), ("zab", false)] {
        assert_eq!(anchored.is_match(value), expected, "^[a-m]+$ on {value:?}");
    }
    for (value, expected) in [("XYZ-b-XYZ", true), ("é-a", true), ("", false), ("xyz", false), ("ÉÉ", false)] {
        assert_eq!(unanchored.is_match(value), expected, "[a-m] on {value:?}");
    }
    // A pattern that can never match starts failed; one that matches the empty string at the
    // end of any value goes to the match on the end column.
    let never = Automaton { classes: &A_TO_M, next: &[], stride: 3, start: 0 };
    assert!(!never.is_match("abc"));
    let empty = table(&[[2, 2, 1]]);
    let empty = Automaton { classes: &A_TO_M, next: &empty, stride: 3, start: 2 };
    assert!(empty.is_match("") && empty.is_match("xyz"));
}

#[test]
fn a_pattern_that_does_not_match_is_a_violation() {
    // restJson1 RestJsonMalformedPatternString: ^[a-m]+$ rejects "ABC" and "xyz".
    let anchored = table(&[[3, 0, 0], [3, 0, 1]]);
    let anchored = Automaton { classes: &A_TO_M, next: &anchored, stride: 3, start: 2 };
    // The S3 bucket name's negative lookahead needs the backtracking engine.
    let lookahead = fancy_regex::RegexBuilder::new("^(?!xn--)[a-z0-9-]+$")
        .backtrack_limit(10_000)
        .build()
        .unwrap();
    let found = violations(false, |v| {
        for value in ["ABC", "xyz", "abc"] {
            let path = if value == "abc" { "ok" } else { "string" };
            v.pattern(path, anchored.is_match(value), "^[a-m]+$");
        }
        v.pattern_bounded("bucket", "xn--bucket", &lookahead, "^(?!xn--)[a-z0-9-]+$");
        v.pattern_bounded("bucket", "my-bucket", &lookahead, "^(?!xn--)[a-z0-9-]+$");
    });
    assert_eq!(
        kinds(&found),
        [
            ("string", Constraint::Pattern),
            ("string", Constraint::Pattern),
            ("bucket", Constraint::Pattern),
        ]
    );
    assert_eq!(found[0].message, "does not match the pattern ^[a-m]+$");
}

/// A value that would make the backtracking engine run past its budget is a violation that
/// says so, found quickly.
#[test]
fn a_pattern_past_its_backtracking_budget_is_a_violation() {
    // Alternatives repeated before a backreference: exponential for a backtracking engine.
    let source = "^(a|aa)+\\1$";
    let regex = fancy_regex::RegexBuilder::new(source).backtrack_limit(10_000).build().unwrap();
    let value = format!("{}!", "a".repeat(64));
    let found = violations(false, |v| v.pattern_bounded("name", &value, &regex, source));
    assert_eq!(kinds(&found), [("name", Constraint::Pattern)]);
    assert!(found[0].message.contains("within its backtracking budget"), "{}", found[0].message);
}

/// The length check says whether the value may go on to its pattern.
#[test]
fn length_says_whether_the_value_is_within_bounds() {
    let mut within = None;
    let found = violations(false, |v| {
        within = Some([v.length("a", 3, Some(1.0), Some(3.0)), v.length("b", 4, Some(1.0), Some(3.0)), v.length("c", 0, Some(1.0), None)]);
    });
    assert_eq!(within, Some([true, false, false]));
    assert_eq!(kinds(&found), [("b", Constraint::MaxLength), ("c", Constraint::MinLength)]);
}

#[test]
fn enum_values_are_checked_in_strict_mode_only() {
    let check = |v: &mut Validator| {
        v.enum_value("status", "ACTIVE", &["ACTIVE", "REMOVED"]);
        v.enum_value("status", "PAUSED", &["ACTIVE", "REMOVED"]);
        v.int_enum_value("level", 2, &[1, 2, 3]);
        v.int_enum_value("level", 7, &[1, 2, 3]);
    };
    assert!(
        violations(false, check).is_empty(),
        "services add enum values: lenient by default"
    );
    let found = violations(true, check);
    let messages: Vec<_> = found
        .iter()
        .map(|v| (v.name.as_str(), v.message.as_str(), v.constraint))
        .collect();
    assert_eq!(
        messages,
        [
            (
                "status",
                "`PAUSED` is not a value the model defines",
                Constraint::EnumValue
            ),
            (
                "level",
                "7 is not a value the model defines",
                Constraint::EnumValue
            ),
        ]
    );
}

#[test]
fn required_and_union_member_violations_and_paths() {
    let found = violations(false, |v| {
        v.required("membershipIdentifier");
        v.union_member("config.choice", "mystery");
    });
    assert_eq!(
        found,
        [
            Violation {
                name: "membershipIdentifier".to_owned(),
                message: "is required".to_owned(),
                constraint: Constraint::Required,
            },
            Violation {
                name: "config.choice".to_owned(),
                message: "`mystery` is not a member the model defines".to_owned(),
                constraint: Constraint::UnionMember,
            },
        ]
    );

    // `Violation::name`: the dotted path, with `[i]` for list items.
    assert_eq!(join("", "membership"), "membership");
    assert_eq!(join("membership", "createTime"), "membership.createTime");
    assert_eq!(index("tags", 0), "tags[0]");
    assert_eq!(join(&index("tags", 3), "key"), "tags[3].key");
}

// ---------------------------------------------------------------- ValidationErrors

#[test]
fn finish_and_display_of_every_violation() {
    let mut v = Validator::new(true);
    v.length("fits", 3, Some(1.0), Some(3.0));
    v.range("fits", 3i32, Some(3.0), Some(3.0));
    assert_eq!(v.finish(), Ok(()));

    let mut v = Validator::new(false);
    v.required("name");
    v.length("tags[1].key", 0, Some(1.0), Some(128.0));
    let errors = v.finish().unwrap_err();
    assert_eq!(
        errors
            .violations()
            .iter()
            .map(|v| v.name.as_str())
            .collect::<Vec<_>>(),
        ["name", "tags[1].key"]
    );
    assert_eq!(
        errors.to_string(),
        "2 constraint violation(s): name: is required; tags[1].key: length 0 is outside [1, 128]"
    );

    let mut v = Validator::new(false);
    v.required("name");
    assert_eq!(
        v.finish().unwrap_err().to_string(),
        "1 constraint violation(s): name: is required"
    );
}

// ---------------------------------------------------------------- from_json_strict

#[derive(Deserialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
struct Input {
    name: String,
    note: Option<String>,
    count: Option<i32>,
    inner: Option<Inner>,
    #[serde(default)]
    items: Vec<Inner>,
    #[serde(default)]
    tags: std::collections::BTreeMap<String, String>,
}

#[derive(Deserialize, Debug, PartialEq)]
struct Inner {
    id: String,
    extra: Option<String>,
}

/// The violations of strictly decoding `json` as an `Input`, sorted by name.
fn strict_violations(json: &str) -> Vec<Violation> {
    let mut found = from_json_strict::<Input>(json.as_bytes())
        .unwrap_err()
        .into_violations();
    found.sort_by(|a, b| a.name.cmp(&b.name));
    found
}

#[test]
fn strict_decoding_of_a_conforming_input() {
    let input: Input = from_json_strict(
        br#"{"name": "n", "inner": {"id": "i"}, "items": [{"id": "a"}], "tags": {"k": "v"}}"#,
    )
    .unwrap();
    assert_eq!(input.name, "n");
    assert_eq!(
        input.inner,
        Some(Inner {
            id: "i".to_owned(),
            extra: None
        })
    );
    assert_eq!(input.tags.get("k").map(String::as_str), Some("v"));
}

#[test]
fn strict_decoding_reports_unknown_members_with_dotted_paths() {
    let found = strict_violations(
        r#"{"name": "n", "nmae": 1, "inner": {"id": "i", "bogus": true}, "items": [{"id": "a"}, {"id": "b", "zz": []}]}"#,
    );
    assert_eq!(
        kinds(&found),
        [
            ("inner.bogus", Constraint::UnknownMember),
            ("items[1].zz", Constraint::UnknownMember),
            ("nmae", Constraint::UnknownMember),
        ]
    );
    assert_eq!(found[2].message, "`nmae` is not a member the model defines");
    assert_eq!(
        found[0].message,
        "`bogus` is not a member the model defines"
    );
}

#[test]
fn strict_decoding_reports_nulls_with_dotted_paths() {
    let found = strict_violations(
        r#"{"name": "n", "note": null, "inner": {"id": "i", "extra": null}, "tags": {"k": null}}"#,
    );
    let found: Vec<_> = found
        .iter()
        .map(|v| (v.name.as_str(), v.constraint, v.message.as_str()))
        .collect();
    // `tags.k` is also a type error: a map of strings holds no null.
    assert!(
        found.contains(&("note", Constraint::Null, "is null; omit the member instead")),
        "{found:?}"
    );
    assert!(
        found.contains(&(
            "inner.extra",
            Constraint::Null,
            "is null; omit the member instead"
        )),
        "{found:?}"
    );
    assert!(
        found.contains(&(
            "tags.k",
            Constraint::Null,
            "is null; omit the member instead"
        )),
        "{found:?}"
    );

    let found = strict_violations(r#"{"name": "n", "items": [{"id": "a", "extra": null}]}"#);
    assert_eq!(kinds(&found), [("items[0].extra", Constraint::Null)]);

    let errors =
        from_json_strict::<Input>(br#"{"name": "n", "note": null, "typo": 1}"#).unwrap_err();
    let mut found = kinds(errors.violations());
    found.sort_by_key(|(name, _)| *name);
    assert_eq!(
        found,
        [
            ("note", Constraint::Null),
            ("typo", Constraint::UnknownMember)
        ]
    );
    assert!(
        errors
            .to_string()
            .starts_with("2 constraint violation(s): "),
        "{errors}"
    );
}

#[test]
fn strict_decoding_reports_a_missing_member_at_the_member() {
    // serde reports "missing field" at the parent; the violation names the member itself.
    let found = strict_violations(r#"{"note": "x"}"#);
    assert_eq!(
        found,
        [Violation {
            name: "name".to_owned(),
            message: "is required".to_owned(),
            constraint: Constraint::Required,
        }]
    );
    assert_eq!(
        kinds(&strict_violations(r#"{"name": "n", "inner": {}}"#)),
        [("inner.id", Constraint::Required)]
    );
    assert_eq!(
        kinds(&strict_violations(
            r#"{"name": "n", "items": [{"id": "a"}, {}]}"#
        )),
        [("items[1].id", Constraint::Required)]
    );
}

#[test]
fn strict_decoding_reports_wrong_types_at_the_member_or_root() {
    let found = strict_violations(r#"{"name": "n", "count": "three"}"#);
    assert_eq!(kinds(&found), [("count", Constraint::Type)]);
    assert!(
        found[0]
            .message
            .starts_with("invalid type: string \"three\""),
        "{}",
        found[0].message
    );
    assert_eq!(
        kinds(&strict_violations(r#"{"name": "n", "items": [{"id": 5}]}"#)),
        [("items[0].id", Constraint::Type)]
    );

    for json in ["{\"name\": ", "not json", "[]", "\"text\""] {
        let found = strict_violations(json);
        assert_eq!(kinds(&found), [("", Constraint::Type)], "{json}");
    }
}
