//! The `@pattern` part of `cargo xtask bench`: every pattern of the AWS corpus, as the generated
//! crates check it, timed on inputs built to make backtracking engines work hardest, against
//! regress (the ECMAScript engine the crates used before) on short inputs of the same kind.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};

use codegen::ecma::{self, Engine};

/// One `@pattern` under one `@length` maximum, as the corpus has them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Site {
    pub pattern: String,
    pub max_len: Option<u64>,
}

/// What the part measured.
pub struct Measured {
    /// Distinct (pattern, length maximum) pairs, and how many translate (the rest are left to
    /// the service, as the generator does).
    pub sites: usize,
    pub translated: usize,
    /// Per site: the worst time on the long inputs, and on the short ones (ours and regress).
    pub worst: Vec<(Site, Duration, Duration, Duration)>,
    /// The long inputs' length in characters, and the short ones'.
    pub lengths: (usize, usize),
    /// Sites with lookaround or backreferences, and inputs past the backtracking budget: of
    /// the long ones, and of those exactly as long as the site's `@length` maximum (a value of
    /// an allowed length reported as a violation only because it is costly to check).
    pub backtracking: usize,
    pub over_budget: usize,
    pub over_budget_within_length: usize,
}

/// Every (pattern, `@length` max) of the models in `../shared/models/aws`.
fn sites(root: &Path) -> Result<BTreeSet<Site>, String> {
    let dir = root.join("../shared/models/aws");
    let entries = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e} (the AWS models are read from ../shared)", dir.display()))?;
    let mut out = BTreeSet::new();
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let model: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let Some(shapes) = model["shapes"].as_object() else { continue };
        let site = |traits: &[&serde_json::Value]| {
            let find = |name: &str| traits.iter().find_map(|t| t.get(name));
            let pattern = find("smithy.api#pattern")?.as_str()?.to_owned();
            let max_len = find("smithy.api#length").and_then(|l| l["max"].as_u64());
            Some(Site { pattern, max_len })
        };
        for shape in shapes.values() {
            out.extend(site(&[&shape["traits"]]));
            for member in shape["members"].as_object().into_iter().flat_map(|m| m.values()) {
                let target = member["target"].as_str().and_then(|t| shapes.get(t));
                let target_traits = target.map_or(&serde_json::Value::Null, |t| &t["traits"]);
                out.extend(site(&[&member["traits"], target_traits]));
            }
        }
    }
    Ok(out)
}

/// The slowest of `inputs` under `f`, re-timed five times (median) to leave noise out.
fn worst(inputs: &[String], mut f: impl FnMut(&str)) -> Duration {
    let time = |f: &mut dyn FnMut(&str), s: &str| {
        let t = Instant::now();
        f(s);
        t.elapsed()
    };
    let Some((slowest, _)) = inputs
        .iter()
        .map(|s| (s, time(&mut f, s)))
        .max_by_key(|(_, d)| *d)
    else {
        return Duration::ZERO;
    };
    let mut again: Vec<Duration> = (0..5).map(|_| time(&mut f, slowest)).collect();
    again.sort();
    again[2]
}

/// Times every corpus site: ours on `long` and `short` characters, regress on `short`.
pub fn measure(root: &Path, long: usize, short: usize) -> Result<Measured, String> {
    let sites = sites(root)?;
    let mut m = Measured {
        sites: sites.len(),
        translated: 0,
        worst: Vec::new(),
        lengths: (long, short),
        backtracking: 0,
        over_budget: 0,
        over_budget_within_length: 0,
    };
    for site in sites {
        let Ok(t) = ecma::translate(&site.pattern, site.max_len) else { continue };
        let Ok(matcher) = t.compile() else { continue };
        let check = |s: &str| matcher.is_match(s);
        m.translated += 1;
        m.backtracking += usize::from(t.engine == Engine::Backtracking);
        let long_inputs = ecma::stress_inputs(&site.pattern, long).unwrap_or_default();
        let short_inputs = ecma::stress_inputs(&site.pattern, short).unwrap_or_default();
        m.over_budget += long_inputs.iter().filter(|s| check(s).is_err()).count();
        if t.engine == Engine::Backtracking
            && let Some(max) = site.max_len.filter(|&l| l > 0 && l <= long as u64)
        {
            let at_max = ecma::stress_inputs(&site.pattern, max as usize).unwrap_or_default();
            m.over_budget_within_length += at_max
                .iter()
                .filter(|s| s.chars().count() <= max as usize && check(s).is_err())
                .count();
        }
        let ours_long = worst(&long_inputs, |s| {
            let _ = std::hint::black_box(check(s));
        });
        let ours_short = worst(&short_inputs, |s| {
            let _ = std::hint::black_box(check(s));
        });
        let flags = if t.unicode { "u" } else { "" };
        let before = match regress::Regex::with_flags(&site.pattern, flags) {
            Ok(r) => worst(&short_inputs, |s| {
                std::hint::black_box(r.find(s));
            }),
            Err(_) => Duration::ZERO,
        };
        m.worst.push((site, ours_long, ours_short, before));
    }
    Ok(m)
}
