//! Regression tests for what `cargo xtask fuzz` found (panics, a stack overflow, crates that
//! did not compile): each minimized model, written inline, must be rejected with an error naming
//! the shape (or generate, when it is legal Smithy).

/// Loads a JSON AST model from text and generates its whole-service crate, as `cargo xtask
/// corpus` and the fuzzer do.
fn generate(model: &str, operation_features: bool) -> codegen::Result<codegen::Files> {
    let loaded = codegen::Model::from_sources([codegen::Source::new("hostile.json", model)])?;
    let settings = codegen::Settings::builder()
        .package("hostile-types")
        .command("cargo test")
        .operation_features(operation_features)
        .build();
    Ok(codegen::Generator::new(settings)
        .generate_crate(&loaded)?
        .into_files())
}

/// Asserts that the model is rejected, with and without operation features, by an error whose
/// message names `shape`.
fn assert_rejected(model: &str, shape: &str) {
    for features in [false, true] {
        match generate(model, features) {
            Ok(_) => panic!("the model was accepted (operation features: {features})"),
            Err(e) => assert!(
                e.to_string().contains(shape),
                "the error does not name {shape}: {e}"
            ),
        }
    }
}

/// A restJson1 service with one operation `Op` whose input is `fuzz#In`, plus `shapes` (JSON
/// object entries, without braces).
fn service_with(errors: &str, shapes: &str) -> String {
    format!(
        r#"{{"smithy": "2.0", "shapes": {{
            "fuzz#Svc": {{"type": "service", "version": "1",
                "operations": [{{"target": "fuzz#Op"}}],
                "traits": {{"aws.protocols#restJson1": {{}}}}}},
            "fuzz#Op": {{"type": "operation", "input": {{"target": "fuzz#In"}},
                "errors": [{errors}],
                "traits": {{"smithy.api#http": {{"method": "POST", "uri": "/op"}}}}}},
            {shapes}
        }}}}"#
    )
}

/// Found as a stack overflow (`types.rs` `member_type` recursing forever): a map whose value is
/// the map itself, which Smithy forbids.
#[test]
fn map_containing_itself_is_rejected() {
    let model = service_with(
        "",
        r#""fuzz#In": {"type": "structure", "members": {"m": {"target": "fuzz#M"}}},
           "fuzz#M": {"type": "map", "key": {"target": "smithy.api#String"},
                      "value": {"target": "fuzz#M"}}"#,
    );
    assert_rejected(&model, "fuzz#M");
}

/// The same through two collections: a list of maps of the list.
#[test]
fn list_and_map_containing_each_other_are_rejected() {
    let model = service_with(
        "",
        r#""fuzz#In": {"type": "structure", "members": {"l": {"target": "fuzz#L"}}},
           "fuzz#L": {"type": "list", "member": {"target": "fuzz#M"}},
           "fuzz#M": {"type": "map", "key": {"target": "smithy.api#String"},
                      "value": {"target": "fuzz#L"}}"#,
    );
    assert_rejected(&model, "fuzz#L -> fuzz#M -> fuzz#L");
}

/// Found as `no entry found for key` at `types.rs` (`member_type`): a structure member retargeted
/// to `smithy.api#Unit`, which only union members and operation input and output may target.
#[test]
fn structure_member_targeting_unit_is_rejected() {
    let model = service_with(
        "",
        r#""fuzz#In": {"type": "structure", "members": {"u": {"target": "smithy.api#Unit"}}}"#,
    );
    assert_rejected(&model, "fuzz#In$u");
}

/// A list of Unit fails the same way, naming the list's member.
#[test]
fn list_of_unit_is_rejected() {
    let model = service_with(
        "",
        r#""fuzz#In": {"type": "structure", "members": {"l": {"target": "fuzz#L"}}},
           "fuzz#L": {"type": "list", "member": {"target": "smithy.api#Unit"}}"#,
    );
    assert_rejected(&model, "fuzz#L$member");
}

/// Found as `generator bug: emitted items parse` at `features.rs` (with operation features; an
/// internal `Render` error without): an error shape named `await` became the error enum's
/// variant `await`. Legal Smithy: it generates, the variant taking the structure's Rust name
/// (`Await2`, `Await` being the shape of that name; `Self` → `SelfValue`); the wire codes stay
/// the shape names.
#[test]
fn error_shapes_named_like_keywords_generate() {
    let model = service_with(
        r#"{"target": "fuzz#await"}, {"target": "fuzz#Await"}, {"target": "fuzz#Self"}"#,
        r#""fuzz#In": {"type": "structure", "members": {}},
           "fuzz#await": {"type": "structure", "traits": {"smithy.api#error": "client"}},
           "fuzz#Await": {"type": "structure", "traits": {"smithy.api#error": "client"}},
           "fuzz#Self": {"type": "structure", "traits": {"smithy.api#error": "server"}}"#,
    );
    for features in [false, true] {
        let files = generate(&model, features)
            .unwrap_or_else(|e| panic!("operation features {features}: {e}"));
        let operations = &files["src/operations.rs"];
        for expected in [
            "Await(crate::ModeledError<Await>)",
            "Await2(crate::ModeledError<Await2>)",
            "SelfValue(crate::ModeledError<SelfValue>)",
            "\"await\"",
            "\"Self\"",
        ] {
            assert!(
                operations.contains(expected),
                "no {expected} in src/operations.rs:\n{operations}"
            );
        }
    }
}

/// Found as `entered unreachable code: types::check_default rejects -1 for String` at
/// `emit/structs.rs` (`default_expr`): `@default(-1)` on a string member passed the type check
/// (which let integers through for strings and enums alike).
#[test]
fn integer_default_on_string_member_is_rejected() {
    let model = service_with(
        "",
        r#""fuzz#In": {"type": "structure", "members": {
               "s": {"target": "smithy.api#String", "traits": {"smithy.api#default": -1}}}}"#,
    );
    assert_rejected(&model, "fuzz#In$s");
}

/// The same check, for defaults the emitted Rust could not hold: a string on an intEnum, an
/// integer on an enum, a byte out of range, an f32 out of range.
#[test]
fn defaults_of_the_wrong_type_or_range_are_rejected() {
    let cases = [
        ("fuzz#IntE", r#""x""#),
        ("fuzz#E", "1"),
        ("smithy.api#Byte", "300"),
        ("smithy.api#Float", "1e300"),
    ];
    for (target, default) in cases {
        let model = service_with(
            "",
            &format!(
                r#""fuzz#In": {{"type": "structure", "members": {{
                       "d": {{"target": "{target}", "traits": {{"smithy.api#default": {default}}}}}}}}},
                   "fuzz#E": {{"type": "enum", "members": {{"A": {{"target": "smithy.api#Unit",
                       "traits": {{"smithy.api#enumValue": "a"}}}}}}}},
                   "fuzz#IntE": {{"type": "intEnum", "members": {{"A": {{"target": "smithy.api#Unit",
                       "traits": {{"smithy.api#enumValue": 1}}}}}}}}"#
            ),
        );
        assert_rejected(&model, "fuzz#In$d");
    }
}

/// Found by `model-build` (the crate did not compile: the error enum needs `Display` and `Error`
/// of each variant's structure): a structure without `@error` listed among an operation's errors,
/// which Smithy forbids.
#[test]
fn operation_error_without_error_trait_is_rejected() {
    let model = service_with(
        r#"{"target": "fuzz#NotAnError"}"#,
        r#""fuzz#In": {"type": "structure", "members": {}},
           "fuzz#NotAnError": {"type": "structure", "members": {}}"#,
    );
    assert_rejected(&model, "fuzz#NotAnError");
}

/// The same check: an operation's input must be a structure.
#[test]
fn operation_input_that_is_not_a_structure_is_rejected() {
    let model = service_with("", r#""fuzz#In": {"type": "string"}"#);
    assert_rejected(&model, "fuzz#Op");
}

/// Found by `model-build` the same way: `@error([null])` on an operation's error, taken as an
/// error by the operation's error enum but not by its structure (no `Display`, no `Error`).
#[test]
fn error_trait_with_a_wrong_value_is_rejected() {
    let model = service_with(
        r#"{"target": "fuzz#Oops"}"#,
        r#""fuzz#In": {"type": "structure", "members": {}},
           "fuzz#Oops": {"type": "structure", "members": {},
                         "traits": {"smithy.api#error": [null]}}"#,
    );
    assert_rejected(&model, "fuzz#Oops");
}

/// Found as `generator bug: emitted items parse: expected identifier or integer` at
/// `features.rs` (with operation features; an internal `Render` error without): a member named
/// `""` became the field `_`. Member and shape names must be Smithy identifiers.
#[test]
fn names_that_are_not_identifiers_are_rejected() {
    let empty_member = service_with(
        "",
        r#""fuzz#In": {"type": "structure", "members": {"": {"target": "smithy.api#String"}}}"#,
    );
    assert_rejected(&empty_member, "fuzz#In$: the member name \"\"");
    let unicode_shape = service_with(
        "",
        r#""fuzz#In": {"type": "structure", "members": {"n": {"target": "fuzz#Nämé"}}},
           "fuzz#Nämé": {"type": "string"}"#,
    );
    assert_rejected(&unicode_shape, "fuzz#Nämé");
}
