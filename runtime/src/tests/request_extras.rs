//! Tests of what requests get beyond their bindings: `Content-MD5` and gzip.

use crate::http_support::{content_md5, gzip_body};

#[test]
fn content_md5_is_the_base64_of_the_rfc_1321_digest() {
    // RFC 1321, A.5: MD5("") = d41d8cd98f00b204e9800998ecf8427e, MD5("abc") =
    // 900150983cd24fb0d6963f7d28e17f72; as base64 (RFC 1864's Content-MD5).
    assert_eq!(content_md5(b""), "1B2M2Y8AsgTpgAmY7PhCfg==");
    assert_eq!(content_md5(b"abc"), "kAFQmDzST7DWlj99KOF/cg==");
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read as _;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("valid gzip");
    out
}

#[test]
fn bodies_under_smithys_default_minimum_are_sent_as_they_are() {
    let body = vec![b'a'; 10_239];
    let (builder, sent) = gzip_body(http::Request::builder(), body.clone());
    assert_eq!(sent, body);
    let request = builder.body(()).unwrap();
    assert!(request.headers().get("content-encoding").is_none());
}

#[test]
fn bodies_of_10_kib_or_more_are_gzipped_and_say_so() {
    let body: Vec<u8> = (0..20_000u32).map(|i| b"abcdefgh"[(i % 8) as usize]).collect();
    let (builder, sent) = gzip_body(http::Request::builder(), body.clone());
    assert_ne!(sent, body);
    assert_eq!(&sent[..2], &[0x1f, 0x8b], "the gzip magic number (RFC 1952)");
    assert_eq!(gunzip(&sent), body);
    let request = builder.body(()).unwrap();
    assert_eq!(request.headers()["content-encoding"], "gzip");
}

#[test]
fn gzip_is_appended_after_an_encoding_the_input_set() {
    let builder = http::Request::builder().header("content-encoding", "custom");
    let (builder, sent) = gzip_body(builder, vec![b'x'; 10_240]);
    assert_eq!(gunzip(&sent), vec![b'x'; 10_240]);
    let request = builder.body(()).unwrap();
    assert_eq!(request.headers()["content-encoding"], "custom, gzip");
}

#[test]
fn idempotency_tokens_are_fresh_version_4_uuids() {
    use crate::http_support::idempotency_token;
    // RFC 9562 §5.4: 8-4-4-4-12 lowercase hex, version nibble 4, variant bits 10.
    let tokens: Vec<String> = (0..1000).map(|_| idempotency_token()).collect();
    for token in &tokens {
        let groups: Vec<&str> = token.split('-').collect();
        assert_eq!(
            groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12],
            "{token}"
        );
        assert!(
            token
                .chars()
                .all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c)),
            "{token}"
        );
        assert!(groups[2].starts_with('4'), "version 4: {token}");
        assert!(groups[3].starts_with(['8', '9', 'a', 'b']), "variant: {token}");
    }
    let distinct: std::collections::BTreeSet<&String> = tokens.iter().collect();
    assert_eq!(distinct.len(), tokens.len(), "every token is fresh");
}

#[test]
fn with_idempotency_tokens_supplies_tokens_on_its_thread_and_then_restores() {
    use crate::http_support::{idempotency_token, with_idempotency_tokens};
    // restJson1 RestJsonQueryIdempotencyTokenAutoFill: the test's token provider gives
    // 00000000-0000-4000-8000-000000000000.
    let fixed = "00000000-0000-4000-8000-000000000000";
    let seen = with_idempotency_tokens(
        move || fixed.to_owned(),
        || [idempotency_token(), idempotency_token()],
    );
    assert_eq!(seen, [fixed, fixed]);
    // Sources nest, and each is called once per token.
    let mut n = 0;
    let seen = with_idempotency_tokens(
        move || {
            n += 1;
            format!("outer-{n}")
        },
        || {
            let inner = with_idempotency_tokens(|| "inner".to_owned(), idempotency_token);
            (inner, idempotency_token(), idempotency_token())
        },
    );
    assert_eq!(seen, ("inner".to_owned(), "outer-1".to_owned(), "outer-2".to_owned()));
    // Other threads, and this one afterwards, get random tokens.
    let other = with_idempotency_tokens(
        || "mine".to_owned(),
        || std::thread::spawn(idempotency_token).join().unwrap(),
    );
    assert_ne!(other, "mine");
    assert_ne!(idempotency_token(), "mine");
    // A panic inside restores the previous source too.
    let caught = std::panic::catch_unwind(|| {
        with_idempotency_tokens(|| "gone".to_owned(), || panic!("inside"))
    });
    assert!(caught.is_err());
    assert_ne!(idempotency_token(), "gone");
}

#[test]
fn a_token_source_that_builds_a_request_gets_a_random_token_inside() {
    use crate::http_support::{idempotency_token, with_idempotency_tokens};
    let token = with_idempotency_tokens(
        || format!("wrapped {}", idempotency_token()),
        idempotency_token,
    );
    assert!(token.starts_with("wrapped "), "{token}");
    assert_eq!(token.len(), "wrapped ".len() + 36, "{token}");
}
