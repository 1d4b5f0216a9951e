//! `diff` agrees with the generator: for each change to one member, the report says the field's
//! Rust type (or wire format) changed exactly when the generated field declaration changed, spells
//! the types as the generated code does, and says the struct gains or loses `Default` exactly when
//! the generated `#[derive]` does. The diff compares the generator's lowered crates, so a change
//! of the generator's policy (nullability, defaults, boxing, timestamp formats) changes both sides
//! of these checks at once.

use std::collections::BTreeMap;

use codegen::diff::{ChangeKind, Impact, Report};
use codegen::{Generator, Model, Selection, Settings, Source};

/// Shapes both revisions share; `a#T` (the structure under test) is added per case. `a#T` is
/// reachable from `a#Op`'s output only, so that the nullability policy for `@input` structures
/// does not hide the member's own traits.
const SHARED: &str = r#"
    "a#Svc":{"type":"service","version":"1","operations":[{"target":"a#Op"}]},
    "a#Op":{"type":"operation","output":{"target":"a#Out"}},
    "a#Out":{"type":"structure","members":{"t":{"target":"a#T"}}},
    "a#Name":{"type":"string"},
    "a#Stamp":{"type":"timestamp","traits":{"smithy.api#timestampFormat":"date-time"}},
    "a#Color":{"type":"enum","members":{"RED":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"red"}}}},
    "a#S":{"type":"structure","members":{"x":{"target":"smithy.api#String"}}},
    "a#L":{"type":"list","member":{"target":"smithy.api#String"}},
    "a#SL":{"type":"list","member":{"target":"smithy.api#String"},"traits":{"smithy.api#sparse":{}}},
    "a#TL":{"type":"list","member":{"target":"a#T"}},
    "a#M":{"type":"map","key":{"target":"smithy.api#String"},"value":{"target":"a#Stamp"}}
"#;

/// A model whose `a#T` has an optional `keep: String` and the member `f` written as `member`
/// (`target` and `traits` of a JSON AST member).
fn model(member: &str) -> Model {
    let json = format!(
        r#"{{"smithy":"2.0","shapes":{{{SHARED},
        "a#T":{{"type":"structure","members":{{
            "keep":{{"target":"smithy.api#String"}},
            "f":{{{member}}}}}}}}}}}"#
    );
    Model::from_sources([Source::new("model.json", json)]).unwrap_or_else(|e| panic!("{e}"))
}

/// The generated `pub struct T`: whether it derives `Default`, and each field's declared type and
/// the serde adapters (`serde_support::…`, the wire formats) its `Deserialize` reads it through.
struct Generated {
    derives_default: bool,
    fields: BTreeMap<String, (String, Vec<String>)>,
}

fn generated(model: &Model) -> Generated {
    let settings = Settings::builder().operations(["Op"]).build();
    let krate = Generator::new(settings)
        .generate_crate(model)
        .unwrap_or_else(|e| panic!("{e}"));
    let file = &krate.files()["src/structures.rs"];
    let lines: Vec<&str> = file.lines().collect();
    let start = lines
        .iter()
        .position(|l| *l == "pub struct T {")
        .unwrap_or_else(|| panic!("no `pub struct T` in\n{file}"));
    let derives_default =
        lines[start - 1].starts_with("#[derive(") && lines[start - 1].contains(" Default,");
    // The `Deserialize` impl, on one line: each member is read into its slot, `&mut __f`, or
    // through an adapter, `SlotAs::<_, Adapter>::new(&mut __f)`.
    let header = "impl<'de> ::serde::Deserialize<'de> for T {";
    let de_start = lines
        .iter()
        .position(|l| *l == header)
        .unwrap_or_else(|| panic!("no `{header}` in\n{file}"));
    let de = lines[de_start..]
        .iter()
        .take_while(|l| **l != "}")
        .map(|l| l.trim())
        .collect::<Vec<_>>()
        .join(" ");
    let mut fields = BTreeMap::new();
    for line in lines[start + 1..].iter().map(|l| l.trim()) {
        if line == "}" {
            break;
        }
        let Some(decl) = line.strip_prefix("pub ") else {
            continue;
        };
        let (name, ty) = decl.split_once(": ").expect("`pub name: Type,`");
        // Its slot in `read_members`: `&mut __f`, or `SlotAs::<_, Adapter>::new(&mut __f)`.
        let through = format!("(&mut __{name})");
        let call = match de.find(&through) {
            Some(at) => &de[de[..at]
                .rfind("crate::serde_support::SlotAs")
                .expect("a SlotAs")..at],
            None => {
                assert!(
                    [",", "]"]
                        .iter()
                        .any(|end| de.contains(&format!("&mut __{name}{end}"))),
                    "no slot `&mut __{name}` in\n{de}"
                );
                ""
            }
        };
        // The wire formats: not `Same` (the type's own serde) or `DefaultOnNull` (nullness).
        let adapters = call
            .match_indices("serde_support::")
            .skip(1)
            .filter(|(i, _)| {
                !call[*i..].starts_with("serde_support::Same")
                    && !call[*i..].starts_with("serde_support::DefaultOnNull")
            })
            .map(|(i, _)| {
                call[i..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect()
            })
            .collect();
        fields.insert(name.to_owned(), (short(ty.trim_end_matches(',')), adapters));
    }
    Generated {
        derives_default,
        fields,
    }
}

/// A generated type as reports spell it: the emitted paths shortened.
fn short(ty: &str) -> String {
    ty.replace("crate::Timestamp", "Timestamp")
        .replace("::std::collections::", "")
        .replace("::serde_json::", "serde_json::")
}

fn diff(old: &Model, new: &Model) -> Report {
    let selection = Selection {
        service: None,
        operations: vec!["Op".to_owned()],
    };
    codegen::diff::diff(old, new, &selection).unwrap_or_else(|e| panic!("{e}"))
}

/// One change to `a#T$f`: its member before and after. The comments say what the generator
/// makes of it today; the test only asks the diff to agree with the generator, whatever it does.
struct Case {
    old: &'static str,
    new: &'static str,
}

const CASES: &[Case] = &[
    // Another scalar.
    Case {
        old: r#""target":"smithy.api#String""#,
        new: r#""target":"smithy.api#Integer""#,
    },
    // A shape that is the same Rust type.
    Case {
        old: r#""target":"smithy.api#String""#,
        new: r#""target":"a#Name""#,
    },
    // Option<T> → T, and the struct no longer derives Default.
    Case {
        old: r#""target":"smithy.api#String""#,
        new: r#""target":"smithy.api#String","traits":{"smithy.api#required":{}}"#,
    },
    // @clientOptional keeps a required member optional.
    Case {
        old: r#""target":"smithy.api#String""#,
        new: r#""target":"smithy.api#String","traits":{"smithy.api#required":{},"smithy.api#clientOptional":{}}"#,
    },
    // A required structure member stays optional (CLIENT_CAREFUL).
    Case {
        old: r#""target":"a#S""#,
        new: r#""target":"a#S","traits":{"smithy.api#required":{}}"#,
    },
    // Another default of the same type.
    Case {
        old: r#""target":"smithy.api#Integer","traits":{"smithy.api#default":0}"#,
        new: r#""target":"smithy.api#Integer","traits":{"smithy.api#default":5}"#,
    },
    // Required → a zero default: still `i32`, and now the struct derives Default.
    Case {
        old: r#""target":"smithy.api#Integer","traits":{"smithy.api#required":{}}"#,
        new: r#""target":"smithy.api#Integer","traits":{"smithy.api#default":0}"#,
    },
    // The prelude's Primitive* shapes default to zero.
    Case {
        old: r#""target":"smithy.api#Integer""#,
        new: r#""target":"smithy.api#PrimitiveInteger""#,
    },
    // A document's empty default is not `Default::default()` (`null`): no more derive.
    Case {
        old: r#""target":"smithy.api#Document""#,
        new: r#""target":"smithy.api#Document","traits":{"smithy.api#default":[]}"#,
    },
    // An enum with a default: `Color`, no `Default` to derive from.
    Case {
        old: r#""target":"a#Color""#,
        new: r#""target":"a#Color","traits":{"smithy.api#default":"red"}"#,
    },
    // Another timestamp format, on the member or from the target: same type, other adapter.
    Case {
        old: r#""target":"smithy.api#Timestamp""#,
        new: r#""target":"smithy.api#Timestamp","traits":{"smithy.api#timestampFormat":"date-time"}"#,
    },
    Case {
        old: r#""target":"smithy.api#Timestamp""#,
        new: r#""target":"a#Stamp""#,
    },
    // The member's format matches the target's: nothing changes.
    Case {
        old: r#""target":"a#Stamp""#,
        new: r#""target":"a#Stamp","traits":{"smithy.api#timestampFormat":"date-time"}"#,
    },
    // A map of timestamps becomes sensitive: the type stays.
    Case {
        old: r#""target":"a#M""#,
        new: r#""target":"a#M","traits":{"smithy.api#sensitive":{}}"#,
    },
    // Sparse.
    Case {
        old: r#""target":"a#L""#,
        new: r#""target":"a#SL""#,
    },
    // By-value recursion is boxed.
    Case {
        old: r#""target":"a#TL""#,
        new: r#""target":"a#T""#,
    },
];

#[test]
fn the_diff_reports_what_the_generated_code_changes() {
    // (the field's type changed, derive(Default) changed) of each case.
    let mut seen = Vec::new();
    for (i, case) in CASES.iter().enumerate() {
        let (old, new) = (model(case.old), model(case.new));
        let (a, b) = (generated(&old), generated(&new));
        let (fa, fb) = (&a.fields["f"], &b.fields["f"]);
        seen.push((fa != fb, a.derives_default != b.derives_default));
        for (report, (fa, fb), (da, db)) in [
            (
                diff(&old, &new),
                (fa, fb),
                (a.derives_default, b.derives_default),
            ),
            (
                diff(&new, &old),
                (fb, fa),
                (b.derives_default, a.derives_default),
            ),
        ] {
            let on_f: Vec<_> = report
                .changes
                .iter()
                .filter(|c| c.label() == "T.f")
                .collect();
            let retyped: Vec<_> = on_f
                .iter()
                .filter(|c| {
                    matches!(
                        c.kind,
                        ChangeKind::TypeChanged | ChangeKind::OptionalityChanged
                    )
                })
                .collect();
            assert_eq!(
                !retyped.is_empty(),
                fa != fb,
                "case {i}: generated {fa:?} → {fb:?}, reported {on_f:#?}"
            );
            for c in &retyped {
                assert_eq!(c.impact, Impact::Breaking, "case {i}: {c:?}");
                let spelled = if fa.0 == fb.0 {
                    // Only the wire format changed.
                    format!("still `{}`", fb.0)
                } else {
                    format!("`{}` → `{}`", fa.0, fb.0)
                };
                assert!(c.detail.contains(&spelled), "case {i}: {spelled} in {c:?}");
            }
            for c in on_f.iter().filter(|c| c.kind == ChangeKind::DefaultChanged) {
                assert_eq!(
                    fa.0, fb.0,
                    "case {i}: a default change keeps the type: {c:?}"
                );
                assert!(
                    c.detail.starts_with(&format!("still `{}`", fb.0)),
                    "case {i}: {c:?}"
                );
            }
            let derive: Vec<_> = report
                .changes
                .iter()
                .filter(|c| c.label() == "T" && c.kind == ChangeKind::DeriveDefaultChanged)
                .collect();
            assert_eq!(
                derive.len(),
                usize::from(da != db),
                "case {i}: derive(Default) {da} → {db}, reported {derive:#?}"
            );
            if let Some(c) = derive.first() {
                let impact = if db {
                    Impact::Compatible
                } else {
                    Impact::Breaking
                };
                assert_eq!(c.impact, impact, "case {i}: {c:?}");
            }
        }
    }
    // The cases exercise both verdicts of both checks.
    let retyped: Vec<bool> = seen.iter().map(|s| s.0).collect();
    let rederived: Vec<bool> = seen.iter().map(|s| s.1).collect();
    for (what, verdicts) in [("type", retyped), ("derive(Default)", rederived)] {
        assert!(
            verdicts.contains(&true) && verdicts.contains(&false),
            "the cases should change the generated {what} in some cases only: {seen:?}"
        );
    }
}

#[test]
fn a_new_field_is_spelled_as_generated() {
    let old = model(r#""target":"smithy.api#String""#);
    for (i, member) in CASES.iter().flat_map(|c| [c.old, c.new]).enumerate() {
        let new = {
            // `f` as before, and the case's member as a new member `g`.
            let json = format!(
                r#"{{"smithy":"2.0","shapes":{{{SHARED},
                "a#T":{{"type":"structure","members":{{
                    "keep":{{"target":"smithy.api#String"}},
                    "f":{{"target":"smithy.api#String"}},
                    "g":{{{member}}}}}}}}}}}"#
            );
            Model::from_sources([Source::new("model.json", json)]).unwrap()
        };
        let (ty, _) = &generated(&new).fields["g"];
        let report = diff(&old, &new);
        let added: Vec<_> = report
            .changes
            .iter()
            .filter(|c| c.label() == "T.g" && c.kind == ChangeKind::MemberAdded)
            .collect();
        assert_eq!(added.len(), 1, "case {i}: {:#?}", report.changes);
        assert!(
            added[0].detail.contains(&format!("`g: {ty}`")),
            "case {i}: `g: {ty}` in {:?}",
            added[0]
        );
    }
}
