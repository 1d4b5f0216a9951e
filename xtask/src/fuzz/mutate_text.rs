//! Mutations of Smithy IDL text: byte and line edits, IDL tokens inserted, splices from other
//! seeds, and inputs of arbitrary bytes.

use super::rng::Rng;

/// Fragments of the IDL grammar (and of what breaks it) to insert.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    ",",
    ":",
    "=",
    ":=",
    "$",
    "@",
    "#",
    "\"",
    "\"\"\"",
    "\\",
    "\\u",
    "\\uD800",
    "//",
    "///",
    "\n",
    "\r\n",
    "\t",
    " ",
    "apply",
    "use",
    "metadata",
    "namespace",
    "$version: \"2\"\n",
    "$version: \"1.0\"\n",
    "$version: \"9\"\n",
    "with",
    "for",
    "structure",
    "union",
    "enum",
    "intEnum",
    "list",
    "map",
    "service",
    "operation",
    "resource",
    "string",
    "member",
    "key",
    "value",
    "input",
    "output",
    "errors",
    "mixin",
    "@required",
    "@default(",
    "@default(-1)",
    "@length(min: 5, max: 1)",
    "@range(min: 1e309)",
    "@pattern(\"[\")",
    "@http(method: \"GET\", uri: \"/{a}\")",
    "@httpLabel",
    "@enumValue(1)",
    "@jsonName(\"\")",
    "= -1",
    "= \"\"",
    "= []",
    "= {}",
    "= null",
    "99999999999999999999999",
    "-0",
    "1e999",
    "-1e-999",
    "0x10",
    "1.",
    ".5",
    "true",
    "false",
    "null",
    "smithy.api#Unit",
    "Unit",
    "Self",
    "String",
    "Option",
    "r#type",
    "type",
    "é",
    "名",
    "\u{0}",
    "\u{feff}",
    "\u{2028}",
    "a$b",
    "a#b",
    "ns.#X",
    "..",
    "$member",
    "@idempotencyToken",
    "@streaming",
    "@mixin",
    "@mixin(localTraits: [x])",
    "@trait",
    "@suppress([\"x\"])",
];

/// Bytes that matter to the lexer.
const BYTES: &[u8] = b"{}[]()\",:=$@#\\/\n\r\t 0123456789-.eEaZ_\x00\x7f\xc3\xa9\xff";

/// A mutated copy of `text` (one to six edits; `others` supply splices), or once in eight an
/// input of arbitrary bytes. Invalid UTF-8 becomes U+FFFD: the loader reads text.
pub fn mutate(text: &str, others: &[&str], rng: &mut Rng) -> String {
    let bytes = if rng.one_in(8) {
        arbitrary(rng)
    } else {
        let mut bytes = text.as_bytes().to_vec();
        for _ in 0..1 + rng.below(6) {
            edit(&mut bytes, others, rng);
        }
        bytes
    };
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Up to 512 bytes, mixing IDL tokens and random bytes.
fn arbitrary(rng: &mut Rng) -> Vec<u8> {
    let mut out = Vec::new();
    let len = rng.below(512);
    while out.len() < len {
        if rng.one_in(2) {
            out.extend_from_slice(rng.pick(TOKENS).unwrap_or(&"").as_bytes());
        } else {
            out.push(rng.next_u64() as u8);
        }
    }
    out
}

/// A random `start..end` of at most `max` bytes in `len` bytes.
fn range(len: usize, max: usize, rng: &mut Rng) -> (usize, usize) {
    let start = rng.below(len + 1);
    let end = (start + rng.below(max + 1)).min(len);
    (start, end)
}

/// The byte ranges of the lines of `bytes` (newline included).
fn lines(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\n' {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < bytes.len() {
        out.push((start, bytes.len()));
    }
    out
}

/// One edit.
fn edit(bytes: &mut Vec<u8>, others: &[&str], rng: &mut Rng) {
    let len = bytes.len();
    match rng.below(10) {
        0 if len > 0 => {
            let i = rng.below(len);
            bytes[i] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let i = rng.below(len);
            bytes[i] = *rng.pick(BYTES).unwrap_or(&b' ');
        }
        2 | 3 => {
            let at = rng.below(len + 1);
            let token = rng.pick(TOKENS).unwrap_or(&"").as_bytes();
            bytes.splice(at..at, token.iter().copied());
        }
        4 => {
            let (start, end) = range(len, 64, rng);
            bytes.drain(start..end);
        }
        5 => {
            let (start, end) = range(len, 128, rng);
            let copy = bytes[start..end].to_vec();
            let at = rng.below(len + 1);
            bytes.splice(at..at, copy);
        }
        6 => {
            // A line of another seed, or of this one, replaces a line.
            let source = rng
                .pick(others)
                .map_or_else(|| bytes.clone(), |o| o.as_bytes().to_vec());
            let (Some(&(s, e)), Some(&(ts, te))) =
                (rng.pick(&lines(&source)), rng.pick(&lines(bytes)))
            else {
                return;
            };
            bytes.splice(ts..te, source[s..e].iter().copied());
        }
        7 => {
            if let Some(&(s, e)) = rng.pick(&lines(bytes)) {
                if rng.one_in(2) {
                    bytes.drain(s..e);
                } else {
                    let line = bytes[s..e].to_vec();
                    bytes.splice(s..s, line);
                }
            }
        }
        8 => {
            let all = lines(bytes);
            if let (Some(&a), Some(&b)) = (rng.pick(&all), rng.pick(&all))
                && a.1 <= b.0
            {
                let mut swapped = bytes[..a.0].to_vec();
                swapped.extend_from_slice(&bytes[b.0..b.1]);
                swapped.extend_from_slice(&bytes[a.1..b.0]);
                swapped.extend_from_slice(&bytes[a.0..a.1]);
                swapped.extend_from_slice(&bytes[b.1..]);
                *bytes = swapped;
            }
        }
        _ => bytes.truncate(rng.below(len + 1)),
    }
}
