//! Scratch review harness (temporary).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use codegen::load::{Source, load_ast};

fn sources_of(text: &str) -> Vec<Source> {
    let mut out: Vec<Source> = Vec::new();
    if !text.starts_with("--- FILE ") {
        out.push(Source { path: "a.smithy".into(), text: String::new() });
    }
    for line in text.split_inclusive('\n') {
        if let Some(name) = line.strip_prefix("--- FILE ") {
            out.push(Source { path: name.trim().into(), text: String::new() });
        } else {
            out.last_mut().unwrap().text.push_str(line);
        }
    }
    out
}

fn run(sources: &[Source]) -> Result<String, String> {
    match catch_unwind(AssertUnwindSafe(|| load_ast(sources))) {
        Ok(Ok(ast)) => Ok(ast.to_json()),
        Ok(Err(e)) => Ok(format!("ERROR: {e}")),
        Err(p) => Err(p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()),
    }
}

#[test]
fn probe() {
    let Ok(dir) = std::env::var("PROBE_DIR") else { return };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let filter = std::env::var("PROBE_FILTER").unwrap_or_default();
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        if !name.contains(&filter) {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        let mut srcs = sources_of(&text);
        if name.contains("crlf") {
            for s in &mut srcs {
                s.text = s.text.replace('\n', "\r\n");
            }
        }
        if name.contains("cr-only") {
            for s in &mut srcs {
                s.text = s.text.replace('\n', "\r");
            }
        }
        println!("===== {name}");
        match run(&srcs) {
            Ok(s) => println!("{s}"),
            Err(p) => println!("PANIC: {p}"),
        }
    }
}

static CURRENT: Mutex<String> = Mutex::new(String::new());
static COUNTER: AtomicU64 = AtomicU64::new(0);

fn smithy_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            smithy_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "smithy") {
            out.push(p);
        }
    }
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const SNIPPETS: &[&str] = &[
    "\"", "\"\"\"", "\\", "{", "}", "[", "]", "(", ")", "@", "$", "#", ".", ":", ":=", "=", ",",
    "\n", "\r\n", "\r", " ", "\t", "//", "///", "é", "😀", "-", "0", "1e999", "_", "__", "with",
    "for", "apply", "use", "metadata", "namespace", "$version: \"2\"\n", "$version: \"1.0\"\n",
    "structure", "enum", "intEnum", "list", "map", "operation", "resource", "service", "mixin",
    "@mixin\n", "member", "key", "value", "input", "output", "errors", "null", "true", "Unit",
    "smithy.api#", "\u{0}", "\u{7f}", "\u{feff}", "string", "set", "\\u", "\\ud800", "-0",
];

fn check(kind: &str, text: &str, panics: &mut Vec<(String, String, String)>) {
    *CURRENT.lock().unwrap() = text.to_owned();
    COUNTER.fetch_add(1, Ordering::Relaxed);
    let src = [Source { path: "f.smithy".into(), text: text.to_owned() }];
    if let Err(p) = run(&src) {
        if panics.iter().filter(|(_, m, _)| *m == p).count() < 3 {
            panics.push((kind.to_owned(), p, text.to_owned()));
        }
    }
}

#[test]
fn fuzz() {
    if std::env::var("FUZZ").is_err() {
        return;
    }
    std::panic::set_hook(Box::new(|_| {}));
    std::thread::spawn(|| {
        let mut last = 0;
        loop {
            std::thread::sleep(Duration::from_secs(10));
            let now = COUNTER.load(Ordering::Relaxed);
            if now == last {
                let cur = CURRENT.lock().map(|c| c.clone()).unwrap_or_default();
                std::fs::write("/tmp/fuzz_hang.smithy", &cur).unwrap();
                eprintln!("HANG on input written to /tmp/fuzz_hang.smithy");
                std::process::exit(3);
            }
            last = now;
        }
    });
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/smithy/loader-tests");
    let mut files = Vec::new();
    smithy_files(&root, &mut files);
    files.sort();
    let mut panics = Vec::new();
    let iters: usize = std::env::var("FUZZ").unwrap().parse().unwrap_or(20);
    let mut rng = Rng(0x9E3779B97F4A7C15);
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let name = f.display().to_string();
        // truncation at every char boundary
        for (i, _) in text.char_indices() {
            check(&format!("trunc {name} @{i}"), &text[..i], &mut panics);
        }
        // CRLF / CR variants truncated
        for variant in [text.replace('\n', "\r\n"), text.replace('\n', "\r")] {
            for (i, _) in variant.char_indices().step_by(3) {
                check(&format!("trunc-var {name} @{i}"), &variant[..i], &mut panics);
            }
        }
        // deletion of every char
        for (i, c) in text.char_indices() {
            let mut t = text.clone();
            t.replace_range(i..i + c.len_utf8(), "");
            check(&format!("del {name} @{i}"), &t, &mut panics);
        }
        // random mutations
        let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        for _ in 0..iters * 10 {
            let mut t = text.clone();
            for _ in 0..1 + rng.below(3) {
                let b: Vec<usize> = t.char_indices().map(|(i, _)| i).chain([t.len()]).collect();
                let at = b[rng.below(b.len())];
                let snip = SNIPPETS[rng.below(SNIPPETS.len())];
                match rng.below(3) {
                    0 => t.insert_str(at, snip),
                    1 => {
                        let idx = b.iter().position(|&x| x == at).unwrap();
                        let end = b[(idx + 1 + rng.below(4)).min(b.len() - 1)];
                        t.replace_range(at..end, snip);
                    }
                    _ => {
                        let idx = b.iter().position(|&x| x == at).unwrap();
                        let end = b[(idx + 1 + rng.below(8)).min(b.len() - 1)];
                        t.replace_range(at..end, "");
                    }
                }
            }
            check(&format!("mut {name}"), &t, &mut panics);
        }
        let _ = bounds;
    }
    let _ = std::panic::take_hook();
    println!("checked {} inputs, {} panics recorded", COUNTER.load(Ordering::Relaxed), panics.len());
    for (i, (kind, msg, text)) in panics.iter().enumerate() {
        let p = format!("/tmp/fuzz_panic_{i}.smithy");
        std::fs::write(&p, text).unwrap();
        println!("PANIC [{kind}] {msg} -> {p}");
    }
}
