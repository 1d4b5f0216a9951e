//! Each type-mapping rule at run time, on the crates generated from the project's own test
//! models. Expected JSON is written by hand from the Smithy 2.0 and restJson1 specifications.

use constructs_types::{
    Circle, Color, LegacyColor, Node, PutThingInput, PutThingOutput, Shape, Size, Thing,
    ThingNotFound, Tree,
};
use serde_json::{Value, json};
use constructs_types::Timestamp;

/// The smallest valid `Thing`: its two required members.
fn minimal() -> Value {
    json!({"name": "n", "count": 1})
}

fn thing(extra: Value) -> Thing {
    let mut v = minimal();
    v.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    serde_json::from_value(v).unwrap_or_else(|e| panic!("{e}"))
}

fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap()
}

fn at(seconds: i64, nanos: u32) -> Timestamp {
    Timestamp::from_unix_timestamp_nanos(i128::from(seconds) * 1_000_000_000 + i128::from(nanos))
        .unwrap()
}

#[test]
fn absent_optionals_are_omitted_and_defaults_always_written() {
    let t = thing(json!({}));
    assert_eq!(t.flag, None);
    // @default members are present with their defaults: false, 3, "green", 0, [].
    assert_eq!(
        to_json(&t),
        json!({"name": "n", "count": 1, "enabled": false, "retries": 3, "tier": "green", "weight": 0.0, "notes": []})
    );
}

#[test]
fn null_reads_as_absent() {
    let t = thing(
        json!({"flag": null, "tags": null, "enabled": null, "retries": null, "tier": null, "weight": null}),
    );
    assert_eq!(t.flag, None);
    assert_eq!(t.tags, None);
    assert!(!t.enabled);
    assert_eq!(t.retries, 3);
    assert_eq!(t.tier, Color::Green);
    assert_eq!(t.weight, 0.0);
}

#[test]
fn required_member_missing_is_an_error_naming_it() {
    let e = serde_json::from_value::<Thing>(json!({"name": "n"})).unwrap_err();
    assert!(e.to_string().contains("missing field `count`"), "{e}");
}

#[test]
fn wire_names_are_exact() {
    let t = thing(
        json!({"seenAt": 1, "createdBy": "me", "oldName": "x", "optionalEvenIfRequired": "y"}),
    );
    let v = to_json(&t);
    for key in ["seenAt", "createdBy", "oldName", "optionalEvenIfRequired"] {
        assert!(v.get(key).is_some(), "{key} missing from {v}");
    }
}

#[test]
fn numbers_and_booleans() {
    let t = thing(
        json!({"flag": true, "tiny": -128, "small": 32767, "big": 9007199254740993_i64, "ratio": 0.5, "score": 1e300}),
    );
    assert_eq!(
        (t.tiny, t.small, t.big),
        (Some(-128), Some(32767), Some(9_007_199_254_740_993))
    );
    assert_eq!(to_json(&t)["big"], json!(9007199254740993_i64));
    assert!(
        serde_json::from_value::<Thing>(json!({"name": "n", "count": 1, "tiny": 128})).is_err(),
        "byte overflow"
    );
}

#[test]
fn non_finite_floats_travel_as_strings() {
    let t = thing(json!({"score": "NaN", "ratio": "-Infinity"}));
    assert!(t.score.unwrap().is_nan());
    assert_eq!(t.ratio, Some(f32::NEG_INFINITY));
    let v = to_json(&thing(json!({"score": "Infinity"})));
    assert_eq!(v["score"], json!("Infinity"));
}

#[test]
fn blobs_are_base64() {
    let t = thing(json!({"payload": "aGVsbG8="}));
    assert_eq!(t.payload.as_deref(), Some(&b"hello"[..]));
    assert_eq!(to_json(&t)["payload"], json!("aGVsbG8="));
    assert!(
        serde_json::from_value::<Thing>(json!({"name": "n", "count": 1, "payload": "not base64!"}))
            .is_err()
    );
}

#[test]
fn documents_are_any_json() {
    let doc = json!({"a": [1, "two", null, {"b": false}]});
    let t = thing(json!({"extra": doc}));
    assert_eq!(to_json(&t)["extra"], doc);
}

#[test]
fn timestamps_default_to_epoch_seconds_with_fractions() {
    let t = thing(json!({"seenAt": 1700000000, "epochAt": 1700000000.25}));
    assert_eq!(t.seen_at, Some(at(1_700_000_000, 0)));
    assert_eq!(t.epoch_at, Some(at(1_700_000_000, 250_000_000)));
    let v = to_json(&t);
    assert_eq!(v["seenAt"], json!(1700000000));
    assert_eq!(v["epochAt"], json!(1700000000.25));
}

#[test]
fn timestamp_formats_are_honoured() {
    let t = thing(
        json!({"isoAt": "2023-11-14T22:13:20.5Z", "httpAt": "Tue, 14 Nov 2023 22:13:20 GMT"}),
    );
    assert_eq!(t.iso_at, Some(at(1_700_000_000, 500_000_000)));
    assert_eq!(t.http_at, Some(at(1_700_000_000, 0)));
    let v = to_json(&t);
    assert_eq!(v["isoAt"], json!("2023-11-14T22:13:20.5Z"));
    assert_eq!(v["httpAt"], json!("Tue, 14 Nov 2023 22:13:20 GMT"));
}

#[test]
fn timestamps_accept_every_form_botocore_accepts() {
    for (input, want) in [
        (json!("2023-11-14T23:13:20+01:00"), at(1_700_000_000, 0)),
        (
            json!("2023-11-14T22:13:20.123Z"),
            at(1_700_000_000, 123_000_000),
        ),
        (json!("1700000000.5"), at(1_700_000_000, 500_000_000)),
        (json!("Tue, 14 Nov 2023 22:13:20 GMT"), at(1_700_000_000, 0)),
    ] {
        let t = thing(json!({"seenAt": input.clone()}));
        assert_eq!(t.seen_at, Some(want), "{input}");
    }
    assert!(
        serde_json::from_value::<Thing>(json!({"name": "n", "count": 1, "seenAt": "yesterday"}))
            .is_err()
    );
}

#[test]
fn lists_maps_and_sparse_collections() {
    let t = thing(json!({
        "tags": ["a", "b"], "maybeTags": ["a", null], "labels": {"k": "v"}, "maybeLabels": {"x": null, "y": 2},
        "history": [0, 1.5], "byColor": {"red": "AQI=", "mauve": ""}
    }));
    assert_eq!(t.maybe_tags, Some(vec![Some("a".to_owned()), None]));
    assert_eq!(t.history, Some(vec![at(0, 0), at(1, 500_000_000)]));
    let by_color = t.by_color.as_ref().unwrap();
    assert_eq!(by_color[&Color::Red], vec![1, 2]);
    assert_eq!(
        by_color[&Color::Unknown("mauve".to_owned())],
        Vec::<u8>::new()
    );
    let v = to_json(&t);
    assert_eq!(v["maybeTags"], json!(["a", null]));
    assert_eq!(v["maybeLabels"], json!({"x": null, "y": 2}));
    assert_eq!(v["byColor"], json!({"mauve": "", "red": "AQI="}));
    // Dense lists reject null elements.
    assert!(
        serde_json::from_value::<Thing>(json!({"name": "n", "count": 1, "tags": ["a", null]}))
            .is_err()
    );
}

#[test]
fn enums_keep_unknown_values_exactly() {
    assert_eq!(Color::from("red"), Color::Red);
    assert_eq!(
        Color::from("unknown"),
        Color::UnknownValue,
        "a model value named UNKNOWN is not our Unknown"
    );
    assert_eq!(Color::from("purple"), Color::Unknown("purple".to_owned()));
    assert_eq!("purple".parse::<Color>().unwrap().as_str(), "purple");
    assert_eq!(Color::Red.to_string(), "red");
    assert_eq!(Color::values(), ["red", "green", "unknown", "blue"]);
    let t = thing(json!({"color": "purple", "legacyColor": "t2.micro"}));
    assert_eq!(t.legacy_color, Some(LegacyColor::T2Micro));
    assert_eq!(to_json(&t)["color"], json!("purple"));
    assert_eq!(LegacyColor::values(), ["t2.micro", "m5.large"]);
}

#[test]
fn int_enums_keep_unknown_values_exactly() {
    let t = thing(json!({"size": 10}));
    assert_eq!(t.size, Some(Size::Large));
    let t = thing(json!({"size": 7}));
    assert_eq!(t.size, Some(Size::Unknown(7)));
    assert_eq!(to_json(&t)["size"], json!(7));
    assert_eq!(Size::values(), [1, 10]);
    assert_eq!(Size::Small.value(), 1);
}

#[test]
fn unions_are_externally_tagged_with_exactly_one_member() {
    let t = thing(json!({"shape": {"circle": {"radius": 2.5}}}));
    assert_eq!(t.shape, Some(Shape::Circle(Circle { radius: 2.5 })));
    assert_eq!(to_json(&t)["shape"], json!({"circle": {"radius": 2.5}}));
    let unit: Shape = serde_json::from_value(json!({"none": {}})).unwrap();
    assert_eq!(unit, Shape::None);
    assert_eq!(to_json(&unit), json!({"none": {}}));
    let stamp: Shape = serde_json::from_value(json!({"stamp": 1.5})).unwrap();
    assert_eq!(stamp, Shape::Stamp(at(1, 500_000_000)));
    assert_eq!(to_json(&stamp), json!({"stamp": 1.5}));
    // `__type` beside the member is ignored, as the restJson1 specification tells clients
    // (RestJsonDeserializeIgnoreType).
    let typed: Shape =
        serde_json::from_value(json!({"__type": "example.constructs#Shape", "square": 4})).unwrap();
    assert_eq!(typed, Shape::Square(4));
    // A null member counts as not set.
    let with_null: Shape = serde_json::from_value(json!({"square": 4, "circle": null})).unwrap();
    assert_eq!(with_null, Shape::Square(4));
    for bad in [
        json!({}),
        json!({"square": 1, "none": {}}),
        json!({"square": null}),
        json!("circle"),
    ] {
        assert!(
            serde_json::from_value::<Shape>(bad.clone()).is_err(),
            "{bad} must be rejected"
        );
    }
}

#[test]
fn unknown_union_members_keep_their_payload() {
    let wire = json!({"hexagon": {"side": 1, "tags": ["x"]}});
    let shape: Shape = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(
        shape,
        Shape::Unknown {
            name: "hexagon".to_owned(),
            value: json!({"side": 1, "tags": ["x"]})
        }
    );
    assert_eq!(to_json(&shape), wire);
}

#[test]
fn recursive_shapes_nest() {
    let wire = json!({"thing": minimal(), "tree": {"value": 1, "left": {"value": 2}, "children": [{"value": 3}],
        "node": {"tree": {"node": {"leaf": "end"}}}}});
    let out: PutThingOutput = serde_json::from_value(wire.clone()).unwrap();
    let tree = out.tree.as_ref().unwrap();
    assert_eq!(tree.left.as_ref().unwrap().value, Some(2));
    let Some(Node::Tree(inner)) = &tree.node else {
        panic!("expected a nested tree")
    };
    assert_eq!(inner.node, Some(Node::Leaf("end".to_owned())));
    let mut expected = wire;
    expected["thing"] = to_json(&thing(json!({})));
    assert_eq!(to_json(&out), expected);
    let _: &Tree = tree;
}

#[test]
fn sensitive_members_are_redacted_in_debug() {
    let t = thing(json!({"secret": "hunter2"}));
    let debug = format!("{t:?}");
    assert!(!debug.contains("hunter2"), "{debug}");
    assert!(
        debug.contains("secret: \"*** Sensitive Data Redacted ***\""),
        "{debug}"
    );
    let password: Shape = serde_json::from_value(json!({"password": "hunter2"})).unwrap();
    assert!(!format!("{password:?}").contains("hunter2"));
}

#[test]
fn errors_display_their_message() {
    let e: ThingNotFound =
        serde_json::from_value(json!({"message": "gone", "thingId": "t1"})).unwrap();
    assert_eq!(e.to_string(), "ThingNotFound: gone");
    // Every member of an error is optional (the nullability policy), so a bare body parses.
    let bare: ThingNotFound = serde_json::from_value(json!({})).unwrap();
    assert_eq!(bare.to_string(), "ThingNotFound");
    let _: &dyn std::error::Error = &bare;
}

#[test]
fn naming_obstacles_round_trip_under_their_wire_names() {
    use naming_types::{Choice, Result as ResultShape, SelfValue};
    let wire = json!({"type": "t", "match": "m", "self": "s", "crate": "c", "async": "a", "fooBar": "1", "foo_bar": "2",
        "text": {"value": "v"}, "items": [{"value": "w"}], "boxed": {"inner": {}}});
    let r: ResultShape = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(
        (
            r.r#type.as_deref(),
            r.self_.as_deref(),
            r.foo_bar.as_deref(),
            r.foo_bar_2.as_deref()
        ),
        (Some("t"), Some("s"), Some("1"), Some("2"))
    );
    assert_eq!(to_json(&r), wire);
    assert_eq!(SelfValue::from("self"), SelfValue::SelfValue);
    assert_eq!(SelfValue::from("unknown"), SelfValue::UnknownValue);
    assert_eq!(SelfValue::from("UNKNOWN"), SelfValue::UnknownValue2);
    let c: Choice = serde_json::from_value(json!({"unknown": "x"})).unwrap();
    assert_eq!(c, Choice::UnknownValue("x".to_owned()));
    let c: Choice = serde_json::from_value(json!({"Some": "y"})).unwrap();
    assert_eq!(to_json(&c), json!({"Some": "y"}));
}

#[test]
fn shapes_named_like_our_support_types_take_a_suffix_and_ours_keep_their_names() {
    use naming_types::{
        A, ABar, ModeledError, RequestError, RequestError2, RequestInput, RequestOperationError,
        Shared, ValidationErrors, ValidationErrors2, Violation, Violation2,
    };
    // The model's shapes, under their suffixed names, keep their wire names.
    let input: RequestInput = serde_json::from_value(json!({
        "requestError": {"message": "m"},
        "validationErrors": {"count": 11},
        "constraint": "length",
        "violation": {"name": "n"},
    }))
    .unwrap();
    assert_eq!(input.request_error, Some(RequestError2 { message: Some("m".to_owned()) }));
    assert_eq!(input.violation, Some(Violation2::Name("n".to_owned())));
    // Ours: validation reports the model's `ValidationErrors` out of range with our types.
    let errors: ValidationErrors = input.validate().unwrap_err();
    let violations: &[Violation] = errors.violations();
    assert_eq!(violations.len(), 1, "{errors}");
    assert!(errors.to_string().contains("validationErrors.count"), "{errors}");
    let _: Option<ValidationErrors2> = input.validation_errors;
    // `Request`'s error enum gives way to our `RequestError`; the error shape named like the
    // `InvalidResponse` variant every error enum has gets a suffixed variant.
    let response = http::Response::builder()
        .status(400)
        .header("x-amzn-errortype", "InvalidResponse")
        .body(br#"{"message": "bad"}"#.to_vec())
        .unwrap();
    let error = RequestOperationError::from_http_response(&response);
    let RequestOperationError::InvalidResponse2(modeled) = &error else {
        panic!("{error:?}");
    };
    let _: &ModeledError<_> = modeled;
    assert_eq!(error.code(), "InvalidResponse");
    assert_eq!(error.to_string(), "InvalidResponse: bad");
    let _: fn(&Shared) -> Result<http::Request<Vec<u8>>, RequestError> = Shared::to_support_request;
    assert_eq!(Shared::default().to_support_request().unwrap().method(), "POST");
    assert_eq!(Shared::default().to_support_again_request().unwrap().method(), "PUT");
    // `A.barBaz` and `ABar.baz` each have their own default function.
    assert_eq!(serde_json::from_value::<A>(json!({})).unwrap().bar_baz, 1);
    assert_eq!(serde_json::from_value::<ABar>(json!({"baz": null})).unwrap().baz, 2);
}

/// A `@pattern` too large to write out as an automaton (`Note`: `^[^\n]{0,2000}!$`) is checked
/// by the `regex` crate, with the same meaning.
#[test]
fn a_pattern_too_large_for_an_automaton_is_checked_by_regex() {
    let note = |text: String| PutThingInput {
        id: Some("i".to_owned()),
        thing: None,
        note: Some(text),
    };
    for (text, valid) in [
        ("hello!".to_owned(), true),
        ("!".to_owned(), true),
        (format!("{}!", "é".repeat(2000)), true),
        (format!("{}!", "a".repeat(2001)), false),
        ("hello".to_owned(), false),
        ("a\nb!".to_owned(), false),
    ] {
        let verdict = note(text.clone()).validate();
        assert_eq!(verdict.is_ok(), valid, "{text:?}: {verdict:?}");
    }
}
