//! Reading what happened: the committed expected-failures list, and the output of `cargo test`
//! (libtest's plain format).

use std::collections::BTreeMap;

/// One line of the expected-failures list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// The service shape ID.
    pub service: String,
    /// The case: `request::Id` or `response::Id`.
    pub case: String,
    /// Why it fails.
    pub reason: String,
    /// Its line in the file, for messages.
    pub line: usize,
}

/// Parses the expected-failures list: `<service> <case> <reason…>` per line, the case as
/// `request::Id` or `response::Id` (fields separated by whitespace, the reason is the rest of
/// the line); `#` starts a comment line; blank lines are ignored.
pub fn parse_expected(text: &str) -> Result<Vec<Expected>, String> {
    let mut out: Vec<Expected> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        // Two whitespace-separated fields, then the reason (the rest of the line).
        let mut rest = trimmed;
        let mut field = || {
            let (word, tail) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            rest = tail.trim_start();
            (!word.is_empty()).then_some(word)
        };
        let (Some(service), Some(case)) = (field(), field()) else {
            return Err(format!(
                "line {line_no}: expected `<service> <case> <reason>`, got `{trimmed}`"
            ));
        };
        let reason = rest.trim();
        if reason.is_empty() {
            return Err(format!("line {line_no}: `{case}` needs a reason"));
        }
        if let Some(first) = out.iter().find(|e| e.service == service && e.case == case) {
            return Err(format!(
                "line {line_no}: `{service} {case}` is already listed on line {}",
                first.line
            ));
        }
        out.push(Expected {
            service: service.to_owned(),
            case: case.to_owned(),
            reason: reason.to_owned(),
            line: line_no,
        });
    }
    Ok(out)
}

/// The result of one test in a libtest run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TestResult {
    /// `ok`.
    Passed,
    /// `FAILED`, with the test's panic message (its first lines).
    Failed(String),
    /// `ignored`.
    Ignored,
}

/// How many lines of a failure's output are kept.
const MESSAGE_LINES: usize = 12;

/// Reads libtest's plain output: `test NAME ... ok|FAILED|ignored` lines, and each failed
/// test's captured output under `---- NAME stdout ----` (the panic message, without the
/// `thread … panicked at` line and the backtrace note).
pub fn parse_libtest(stdout: &str) -> BTreeMap<String, TestResult> {
    let mut results = BTreeMap::new();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("test ") else {
            continue;
        };
        let Some((name, status)) = rest.rsplit_once(" ... ") else {
            continue;
        };
        let result = match status.trim() {
            "ok" => TestResult::Passed,
            "FAILED" => TestResult::Failed(String::new()),
            s if s.starts_with("ignored") => TestResult::Ignored,
            _ => continue,
        };
        results.insert(name.trim().to_owned(), result);
    }
    let mut current: Option<(String, Vec<String>)> = None;
    let finish = |entry: Option<(String, Vec<String>)>,
                  results: &mut BTreeMap<String, TestResult>| {
        if let Some((name, lines)) = entry
            && let Some(TestResult::Failed(message)) = results.get_mut(&name)
        {
            *message = lines
                .iter()
                .take_while(|l| !l.starts_with("stack backtrace:"))
                .map(|l| l.trim_end())
                .filter(|l| !l.is_empty())
                .filter(|l| !(l.starts_with("thread '") && l.contains("panicked at")))
                .filter(|l| !l.starts_with("note: run with `RUST_BACKTRACE"))
                .take(MESSAGE_LINES)
                .collect::<Vec<_>>()
                .join("\n");
        }
    };
    for line in stdout.lines() {
        if let Some(name) = line
            .strip_prefix("---- ")
            .and_then(|l| l.strip_suffix(" stdout ----"))
        {
            finish(current.take(), &mut results);
            current = Some((name.to_owned(), Vec::new()));
        } else if line == "failures:" || line.starts_with("test result:") {
            finish(current.take(), &mut results);
        } else if let Some((_, lines)) = &mut current {
            lines.push(line.to_owned());
        }
    }
    finish(current.take(), &mut results);
    results
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expected_failures_need_three_fields_and_no_duplicates() {
        let list = parse_expected(
            "# comment\n\na#S CaseOne the reason, with words\na#S  CaseTwo   spaced   reason\n",
        )
        .unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].reason, "the reason, with words");
        assert_eq!((list[1].case.as_str(), list[1].line), ("CaseTwo", 4));
        assert!(parse_expected("a#S CaseOne\n").is_err());
        assert!(parse_expected("a#S C r\na#S C again\n").is_err());
    }

    #[test]
    fn libtest_output_gives_each_result_and_failure_message() {
        let out = "\nrunning 3 tests\ntest A ... ok\ntest support::tests::b ... FAILED\n\
                   test C ... ignored\n\nfailures:\n\n---- support::tests::b stdout ----\n\n\
                   thread 'support::tests::b' panicked at tests/protocol.rs:1:2:\nthe request does not match\n  - method\n\
                   note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\n\n\
                   failures:\n    support::tests::b\n\ntest result: FAILED. 1 passed; 1 failed; 1 ignored\n";
        let results = parse_libtest(out);
        assert_eq!(results["A"], TestResult::Passed);
        assert_eq!(results["C"], TestResult::Ignored);
        assert_eq!(
            results["support::tests::b"],
            TestResult::Failed("the request does not match\n  - method".to_owned())
        );
    }
}
