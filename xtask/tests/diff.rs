//! `cargo xtask diff` through the real binary: the five Clean Rooms revisions of ../shared in
//! order, every change kind on the project's own models (models/tests/diff/), exit statuses
//! (0 compatible, 2 breaking, 1 error) and the JSON format read back.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, OnceLock};

use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

/// A Clean Rooms revision of ../shared.
fn revision(date: &str) -> PathBuf {
    let path = repo().join(format!(
        "../shared/models/cleanrooms-history/cleanrooms-{date}.json"
    ));
    assert!(
        path.exists(),
        "{} is missing: ../shared must sit beside the repository",
        path.display()
    );
    path
}

/// A test model of models/tests/diff/.
fn own(name: &str) -> PathBuf {
    repo().join(format!("models/tests/diff/{name}.json"))
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(repo())
        .arg("diff")
        .args(args)
        .output()
        .unwrap()
}

fn run(old: &Path, new: &Path, extra: &[&str]) -> Output {
    let mut args = vec![old.to_str().unwrap(), new.to_str().unwrap()];
    args.extend(extra);
    xtask(&args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// One change of the JSON report.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Change {
    /// `Shape` or `Shape.member` (no namespace).
    label: String,
    kind: String,
    impact: String,
    detail: String,
}

/// Runs `diff --format json` and returns the exit status and the changes.
fn json(old: &Path, new: &Path, extra: &[&str]) -> (i32, Vec<Change>) {
    let mut args = vec!["--format", "json"];
    args.extend(extra);
    let output = run(old, new, &args);
    let status = output.status.code().expect("exited");
    assert!(
        status == 0 || status == 2,
        "status {status}: {}",
        stderr(&output)
    );
    let report: Value = serde_json::from_str(&stdout(&output))
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", stdout(&output)));
    let changes = report["changes"]
        .as_array()
        .expect("a `changes` array")
        .iter()
        .map(|c| {
            let shape = c["shape"].as_str().unwrap();
            let name = shape.rsplit_once('#').map_or(shape, |(_, n)| n);
            Change {
                label: match c["member"].as_str() {
                    Some(m) => format!("{name}.{m}"),
                    None => name.to_owned(),
                },
                kind: c["kind"].as_str().unwrap().to_owned(),
                impact: c["impact"].as_str().unwrap().to_owned(),
                detail: c["detail"].as_str().unwrap().to_owned(),
            }
        })
        .collect();
    (status, changes)
}

/// (label, kind, impact) triples.
fn triples(changes: &[Change]) -> BTreeSet<(String, String, String)> {
    changes
        .iter()
        .map(|c| (c.label.clone(), c.kind.clone(), c.impact.clone()))
        .collect()
}

fn set(items: &[(&str, &str, &str)]) -> BTreeSet<(String, String, String)> {
    items
        .iter()
        .map(|(a, b, c)| ((*a).to_owned(), (*b).to_owned(), (*c).to_owned()))
        .collect()
}

// ---- the Clean Rooms history, UpdateMembership (the default selection of models/codegen.toml) ----

#[test]
fn history_2025_04_02_to_2025_12_01_adds_synthetic_data_generation_and_reflows_docs() {
    let (status, changes) = json(&revision("2025-04-02"), &revision("2025-12-01"), &[]);
    assert_eq!(status, 0);
    let (docs, rest): (Vec<_>, Vec<_>) = changes
        .iter()
        .cloned()
        .partition(|c| c.impact == "documentation");
    assert_eq!(
        triples(&rest),
        set(&[
            (
                "MembershipMLPaymentConfig.syntheticDataGeneration",
                "member_added",
                "compatible"
            ),
            (
                "MembershipSyntheticDataGenerationPaymentConfig",
                "shape_added",
                "compatible"
            ),
        ])
    );
    assert!(
        docs.iter().all(|c| c.kind == "documentation_changed"),
        "{docs:#?}"
    );
    // Eleven shapes, 23 texts: AWS reflowed them (whitespace only) and the rustdoc stays the same.
    let labels: BTreeSet<&str> = docs.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(
        labels,
        BTreeSet::from([
            "Membership.collaborationCreatorAccountId",
            "Membership.defaultResultConfiguration",
            "Membership.jobLogStatus",
            "Membership.queryLogStatus",
            "MembershipJobComputePaymentConfig",
            "MembershipJobComputePaymentConfig.isResponsible",
            "MembershipMLPaymentConfig",
            "MembershipModelInferencePaymentConfig",
            "MembershipModelInferencePaymentConfig.isResponsible",
            "MembershipModelTrainingPaymentConfig",
            "MembershipModelTrainingPaymentConfig.isResponsible",
            "MembershipPaymentConfiguration",
            "MembershipPaymentConfiguration.jobCompute",
            "MembershipPaymentConfiguration.machineLearning",
            "MembershipPaymentConfiguration.queryCompute",
            "MembershipProtectedJobResultConfiguration.roleArn",
            "MembershipProtectedQueryResultConfiguration.roleArn",
            "MembershipQueryComputePaymentConfig",
            "MembershipQueryComputePaymentConfig.isResponsible",
            "ProtectedQueryS3OutputConfiguration.singleFileOutput",
            "UpdateMembershipInput.defaultResultConfiguration",
            "UpdateMembershipInput.jobLogStatus",
            "UpdateMembershipInput.queryLogStatus",
        ])
    );
    let shapes: BTreeSet<&str> = labels
        .iter()
        .map(|l| l.split_once('.').map_or(*l, |(s, _)| s))
        .collect();
    assert_eq!(shapes.len(), 11, "{shapes:?}");
    for c in &docs {
        assert_eq!(
            c.detail,
            "documentation reflowed (whitespace only); the generated rustdoc is identical",
            "{}",
            c.label
        );
    }
    let member = &rest[0];
    assert_eq!(
        member.detail,
        "new optional field `synthetic_data_generation: Option<MembershipSyntheticDataGenerationPaymentConfig>`; \
         struct literals must add it or end with `..Default::default()`"
    );
}

#[test]
fn history_2025_12_01_to_2026_01_02_adds_is_metrics_enabled() {
    let (status, changes) = json(&revision("2025-12-01"), &revision("2026-01-02"), &[]);
    assert_eq!(status, 0);
    assert_eq!(
        triples(&changes),
        set(&[("Membership.isMetricsEnabled", "member_added", "compatible")])
    );
    assert_eq!(
        changes[0].detail,
        "new optional field `is_metrics_enabled: Option<bool>`; struct literals must add it (the struct does not derive `Default`)"
    );
}

#[test]
fn history_2026_01_02_to_2026_02_18_changes_result_format_representation() {
    let (status, changes) = json(&revision("2026-01-02"), &revision("2026-02-18"), &[]);
    assert_eq!(status, 0);
    assert_eq!(
        triples(&changes),
        set(&[
            ("ResultFormat", "enum_representation_changed", "compatible"),
            ("ResultFormat", "documentation_changed", "documentation"),
        ])
    );
    let by_kind: BTreeMap<&str, &str> = changes
        .iter()
        .map(|c| (c.kind.as_str(), c.detail.as_str()))
        .collect();
    assert!(
        by_kind["enum_representation_changed"].ends_with("the generated Rust is identical"),
        "{by_kind:?}"
    );
    assert_eq!(
        by_kind["documentation_changed"],
        "documentation added: “File format of the returned data.”"
    );
}

#[test]
fn history_2026_02_18_to_2026_04_17_changes_nothing() {
    let output = run(&revision("2026-02-18"), &revision("2026-04-17"), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "## Model changes in the closure of UpdateMembership: `cleanrooms-2026-02-18.json` → `cleanrooms-2026-04-17.json`\n\n\
         No changes in the closure of UpdateMembership.\n"
    );
}

#[test]
fn history_markdown_for_a_pull_request() {
    let output = run(&revision("2025-12-01"), &revision("2026-01-02"), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "## Model changes in the closure of UpdateMembership: `cleanrooms-2025-12-01.json` → `cleanrooms-2026-01-02.json`\n\n\
         0 breaking, 1 compatible, 0 documentation-only.\n\n\
         ### Compatible\n\n\
         - `Membership.isMetricsEnabled`: new optional field `is_metrics_enabled: Option<bool>`; struct literals must add it (the struct does not derive `Default`)\n"
    );
}

// ---- the project's own models: one test per change kind ----

/// Reports already computed: (variant, whole service) → (exit status, changes).
type Cache = Mutex<BTreeMap<(String, bool), (i32, Vec<Change>)>>;

/// `base.json` → `VARIANT.json`, for GetThing or the whole service; each pair runs once.
fn own_diff(variant: &str, all: bool) -> (i32, Vec<Change>) {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let key = (variant.to_owned(), all);
    if let Some(hit) = cache.lock().unwrap().get(&key) {
        return hit.clone();
    }
    let extra: &[&str] = if all {
        &["--all"]
    } else {
        &["--operation", "GetThing"]
    };
    let result = json(&own("base"), &own(variant), extra);
    cache.lock().unwrap().insert(key, result.clone());
    result
}

/// The one change of `label` with `kind` in base → `variant`; checks its impact, returns its detail.
fn change(variant: &str, all: bool, label: &str, kind: &str, impact: &str) -> String {
    let (_, changes) = own_diff(variant, all);
    let found: Vec<&Change> = changes
        .iter()
        .filter(|c| c.label == label && c.kind == kind)
        .collect();
    assert_eq!(found.len(), 1, "{label} {kind} in {changes:#?}");
    assert_eq!(found[0].impact, impact, "{:?}", found[0]);
    found[0].detail.clone()
}

fn compatible(label: &str, kind: &str) -> String {
    change("compatible", false, label, kind, "compatible")
}

fn breaking(label: &str, kind: &str) -> String {
    change("breaking", false, label, kind, "breaking")
}

#[test]
fn compatible_revision_exits_0() {
    let (status, changes) = own_diff("compatible", false);
    assert_eq!(status, 0);
    assert_eq!(changes.len(), 11, "{changes:#?}");
    assert!(changes.iter().all(|c| c.impact == "compatible"));
}

#[test]
fn optional_member_added() {
    let detail = compatible("Settings.color", "member_added");
    assert_eq!(
        detail,
        "new optional field `color: Option<Color>`; struct literals must add it or end with `..Default::default()`"
    );
}

#[test]
fn shape_added() {
    assert_eq!(
        compatible("Triangle", "shape_added"),
        "new structure, generated as `pub struct Triangle`"
    );
}

#[test]
fn enum_value_added() {
    let detail = compatible("Color.YELLOW", "enum_value_added");
    assert!(
        detail.starts_with("new value `\"yellow\"` (variant `Yellow`)"),
        "{detail}"
    );
}

#[test]
fn int_enum_value_added() {
    let detail = compatible("Level.MEDIUM", "enum_value_added");
    assert!(
        detail.starts_with("new value `5` (variant `Medium`)"),
        "{detail}"
    );
}

#[test]
fn union_member_added() {
    let detail = compatible("Figure.triangle", "union_member_added");
    assert!(
        detail.starts_with("new variant `Triangle(Triangle)`"),
        "{detail}"
    );
}

#[test]
fn default_changed() {
    assert_eq!(
        compatible("Thing.size", "default_changed"),
        "still `i32`; default `0` → `5`"
    );
}

#[test]
fn constraint_changed() {
    assert_eq!(
        compatible("Tag", "constraint_changed"),
        r#"`@length` `{"max":64,"min":1}` → `{"max":128,"min":1}`; the generated types do not enforce it"#
    );
}

#[test]
fn sensitivity_changed() {
    assert_eq!(
        compatible("Thing.secret", "sensitivity_changed"),
        "now `@sensitive`: redacted in `Debug` output"
    );
}

#[test]
fn deprecation_changed() {
    assert_eq!(
        compatible("Thing.oldField", "deprecation_changed"),
        "now `#[deprecated]` (“Use label.”): code using it gets a warning"
    );
}

#[test]
fn enum_representation_changed() {
    assert_eq!(
        compatible("Status", "enum_representation_changed"),
        "`string` with the Smithy 1.0 `@enum` trait → Smithy 2.0 `enum` shape; same values: the generated Rust is identical"
    );
}

#[test]
fn error_fault_changed() {
    assert_eq!(
        compatible("ThingNotFound", "error_changed"),
        "`@error` client → server"
    );
}

#[test]
fn operation_added_with_all() {
    change(
        "compatible",
        true,
        "DeleteThing",
        "operation_added",
        "compatible",
    );
    change(
        "compatible",
        true,
        "DeleteThingInput",
        "shape_added",
        "compatible",
    );
    assert_eq!(own_diff("compatible", true).0, 0);
}

#[test]
fn breaking_revision_exits_2_with_every_breaking_change() {
    let (status, changes) = own_diff("breaking", false);
    assert_eq!(status, 2);
    assert_eq!(
        triples(&changes),
        set(&[
            ("Color.BLUE", "enum_value_removed", "breaking"),
            ("Color.GREEN", "enum_value_changed", "breaking"),
            ("Figure.square", "union_member_removed", "breaking"),
            ("Gadget", "rust_name_changed", "breaking"),
            ("GetThingOutput.gadget", "type_changed", "breaking"),
            ("Part", "type_changed", "breaking"),
            ("Settings", "derive_default_changed", "breaking"),
            ("Settings.mode", "member_added", "breaking"),
            ("Square", "shape_removed", "breaking"),
            ("Thing.count", "type_changed", "breaking"),
            ("Thing.createdAt", "type_changed", "breaking"),
            ("Thing.label", "optionality_changed", "breaking"),
            ("Thing.obsolete", "member_removed", "breaking"),
            ("ThingNotFound", "error_changed", "breaking"),
            ("GetThing.ThingNotFound", "operation_error_removed", "breaking"),
            // Still in the closure as data (an error an operation lists must be an @error
            // structure, so the revision lists it no more).
            ("GetThingOutput.lastError", "member_added", "compatible"),
        ])
    );
}

#[test]
fn member_removed() {
    assert_eq!(
        breaking("Thing.obsolete", "member_removed"),
        "field `obsolete: Option<String>` removed: code that reads or sets it no longer compiles"
    );
}

#[test]
fn required_member_added() {
    assert_eq!(
        breaking("Settings.mode", "member_added"),
        "new required field `mode: String`: struct literals without it no longer compile, and data without it is rejected"
    );
}

#[test]
fn derive_default_lost() {
    assert_eq!(
        breaking("Settings", "derive_default_changed"),
        "no longer derives `Default` (because of `mode`): `Settings::default()` and `..Default::default()` no longer compile"
    );
}

#[test]
fn optionality_changed() {
    assert_eq!(
        breaking("Thing.label", "optionality_changed"),
        "`Option<String>` → `String`: now required"
    );
}

#[test]
fn type_changed() {
    assert_eq!(
        breaking("Thing.count", "type_changed"),
        "field type `Option<i32>` → `Option<i64>`"
    );
}

#[test]
fn timestamp_format_changed() {
    assert_eq!(
        breaking("Thing.createdAt", "type_changed"),
        "timestamp format epoch-seconds → date-time: still `Option<Timestamp>`, but read and written in the new format"
    );
}

#[test]
fn enum_value_removed() {
    let detail = breaking("Color.BLUE", "enum_value_removed");
    assert!(
        detail.starts_with("value `\"blue\"` removed: the variant `Blue` no longer exists"),
        "{detail}"
    );
}

#[test]
fn enum_value_changed() {
    let detail = breaking("Color.GREEN", "enum_value_changed");
    assert!(
        detail.starts_with("wire value `\"green\"` → `\"verde\"`"),
        "{detail}"
    );
}

#[test]
fn union_member_removed() {
    let detail = breaking("Figure.square", "union_member_removed");
    assert!(
        detail.starts_with("variant `Square(Square)` removed"),
        "{detail}"
    );
}

#[test]
fn shape_removed() {
    assert_eq!(
        breaking("Square", "shape_removed"),
        "structure removed from the closure: `pub struct Square` is no longer generated"
    );
}

#[test]
fn rust_name_changed() {
    assert_eq!(
        breaking("Gadget", "rust_name_changed"),
        "the Rust type `Gadget` is now `Gizmo`"
    );
}

#[test]
fn named_shape_kind_changed() {
    assert_eq!(
        breaking("Part", "type_changed"),
        "structure → union: `pub struct Part` becomes `pub enum Part`"
    );
}

#[test]
fn operation_error_removed() {
    assert_eq!(
        breaking("GetThing.ThingNotFound", "operation_error_removed"),
        "error `ThingNotFound` no longer listed: its variant leaves the error enum (code that matches it no longer compiles) and the response reads as `Unhandled`"
    );
}

#[test]
fn error_removed() {
    assert_eq!(
        breaking("ThingNotFound", "error_changed"),
        "no longer an error: the `Display` and `std::error::Error` impls are gone"
    );
}

#[test]
fn operation_removed_with_all() {
    change(
        "breaking",
        true,
        "ListWidgets",
        "operation_removed",
        "breaking",
    );
    change("breaking", true, "Widget", "shape_removed", "breaking");
    // A list has no Rust type of its own: its removal alone breaks nothing.
    change(
        "breaking",
        true,
        "WidgetList",
        "shape_removed",
        "compatible",
    );
    assert_eq!(own_diff("breaking", true).0, 2);
}

#[test]
fn documentation_only_exits_0() {
    let (status, changes) = own_diff("docs", false);
    assert_eq!(status, 0);
    assert_eq!(
        triples(&changes),
        set(&[
            ("Circle", "documentation_changed", "documentation"),
            ("Color.RED", "documentation_changed", "documentation"),
            ("Thing", "documentation_changed", "documentation"),
            ("Thing.name", "documentation_changed", "documentation"),
        ])
    );
    assert_eq!(
        change(
            "docs",
            false,
            "Thing.name",
            "documentation_changed",
            "documentation"
        ),
        "documentation rewritten: “…unique in its account.” → “…unique in its account and Region.”"
    );
}

#[test]
fn breaking_markdown_report() {
    let output = run(&own("base"), &own("breaking"), &["--operation", "GetThing"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let md = stdout(&output);
    assert!(
        md.starts_with(
            "## Model changes in the closure of GetThing: `base.json` → `breaking.json`\n\n\
             15 breaking, 1 compatible, 0 documentation-only.\n\n### Breaking\n\n"
        ),
        "{md}"
    );
    assert!(
        md.contains("\n- `Thing.count`: field type `Option<i32>` → `Option<i64>`\n"),
        "{md}"
    );
    assert!(
        md.contains("\n### Compatible\n\n- `GetThingOutput.lastError`: new optional field"),
        "{md}"
    );
    assert!(
        stderr(&output).contains("(exit status 2)"),
        "{}",
        stderr(&output)
    );
}

// ---- errors: status 1 and one clear line ----

#[test]
fn missing_file_exits_1() {
    let missing = repo().join("models/tests/diff/nope.json");
    let output = run(&missing, &own("base"), &["--operation", "GetThing"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains(&format!(
            "error: cannot read model file {}",
            missing.display()
        )),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(stdout(&output).is_empty());
}

#[test]
fn unknown_operation_exits_1_naming_the_file() {
    let output = run(&own("base"), &own("breaking"), &["--operation", "GetThng"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains(&format!(
            "error: {}: unknown operation `GetThng` in service example.diff#Things; did you mean `GetThing`?",
            own("base").display()
        )),
        "{err}"
    );
}

#[test]
fn operation_missing_from_one_revision_exits_1() {
    let output = run(
        &own("base"),
        &own("breaking"),
        &["--operation", "ListWidgets"],
    );
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains(&format!(
            "error: {}: unknown operation `ListWidgets`",
            own("breaking").display()
        )),
        "{err}"
    );
}

#[test]
fn usage_error_exits_1_not_2() {
    let output = run(&own("base"), &own("base"), &["--format", "yaml"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let output = xtask(&["--all", "--operation", "X", "a.json", "b.json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
}

/// A revision written in the IDL compares like its JSON AST: the 2026-02-18 revision as IDL (by
/// `cargo xtask idl`) against 2026-04-17 as JSON finds the same (no) changes as JSON against JSON.
#[test]
fn an_idl_revision_diffs_like_its_json() {
    let dir = std::env::temp_dir().join(format!("xtask-diff-idl-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["idl", revision("2026-02-18").to_str().unwrap(), "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let (status, changes) = json(&dir, &revision("2026-04-17"), &[]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(status, 0);
    assert!(changes.is_empty(), "{changes:?}");
}
