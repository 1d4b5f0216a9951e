//! Minimizers: shrink a crashing input, keeping only changes after which it still crashes at
//! the same place.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::time::{Duration, Instant};

use serde_json::Value;

/// How long a minimization may take.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// When to stop trying.
    deadline: Instant,
}

impl Budget {
    /// A budget of `time` from now.
    pub fn new(time: Duration) -> Budget {
        Budget {
            deadline: Instant::now() + time,
        }
    }

    /// Whether the time is up.
    fn exhausted(self) -> bool {
        Instant::now() >= self.deadline
    }
}

/// One step of a path into a JSON document.
#[derive(Debug, Clone)]
enum Step {
    /// An object's key.
    Key(String),
    /// An array's index.
    Index(usize),
}

/// The node at `path`.
fn node_mut<'a>(doc: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(doc, |v, step| match step {
        Step::Key(k) => v.get_mut(k.as_str()),
        Step::Index(i) => v.get_mut(*i),
    })
}

/// The steps to the children of a node (none for a scalar).
fn children(node: &Value) -> Vec<Step> {
    match node {
        Value::Object(map) => map.keys().cloned().map(Step::Key).collect(),
        Value::Array(items) => (0..items.len()).map(Step::Index).collect(),
        _ => Vec::new(),
    }
}

/// Removes the children `start..start + count` (in order) of the node at `path`.
fn remove_children(doc: &mut Value, path: &[Step], start: usize, count: usize) {
    match node_mut(doc, path) {
        Some(Value::Object(map)) => {
            let keys: Vec<String> = map.keys().skip(start).take(count).cloned().collect();
            for key in keys {
                map.remove(&key);
            }
        }
        Some(Value::Array(items)) => {
            let end = (start + count).min(items.len());
            items.drain(start.min(end)..end);
        }
        _ => {}
    }
}

/// Shrinks a Smithy JSON AST model while `still_fails` holds, in rounds until one removes
/// nothing (or the time is up): first the operations and resources of its services, then the
/// shapes no service reaches any more, then breadth first from the root (shapes before their
/// members, members before their traits) chunks of each object's entries and array's elements.
pub fn json(mut doc: Value, budget: Budget, still_fails: &mut dyn FnMut(&Value) -> bool) -> Value {
    loop {
        let before = doc.to_string().len();
        doc = json_round(doc, budget, still_fails);
        if budget.exhausted() || doc.to_string().len() == before {
            return doc;
        }
    }
}

/// One round of [`json`].
fn json_round(
    mut doc: Value,
    budget: Budget,
    still_fails: &mut dyn FnMut(&Value) -> bool,
) -> Value {
    let services: Vec<String> = shapes_of(&doc)
        .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("service"))
        .map(|(id, _)| id.clone())
        .collect();
    for service in &services {
        for field in ["operations", "resources"] {
            let path = [
                Step::Key("shapes".to_owned()),
                Step::Key(service.clone()),
                Step::Key(field.to_owned()),
            ];
            doc = remove_chunks(doc, &path, budget, still_fails);
        }
    }
    let pruned = without_unreachable(&doc, &services);
    if !budget.exhausted() && still_fails(&pruned) {
        doc = pruned;
    }
    let mut queue: VecDeque<Vec<Step>> = VecDeque::from([Vec::new()]);
    while let Some(path) = queue.pop_front() {
        if budget.exhausted() {
            break;
        }
        doc = remove_chunks(doc, &path, budget, still_fails);
        if let Some(node) = node_mut(&mut doc, &path) {
            for step in children(node) {
                let mut child = path.clone();
                child.push(step);
                queue.push_back(child);
            }
        }
    }
    doc
}

/// The model's shapes, by ID.
fn shapes_of(doc: &Value) -> impl Iterator<Item = (&String, &Value)> {
    doc.get("shapes")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
}

/// The model without the shapes that no shape of `roots` references, directly or not (a
/// reference is any string naming a shape or one of its members).
fn without_unreachable(doc: &Value, roots: &[String]) -> Value {
    let shapes: BTreeMap<&String, &Value> = shapes_of(doc).collect();
    let mut reached: BTreeSet<&str> = BTreeSet::new();
    let mut stack: Vec<&str> = roots.iter().map(String::as_str).collect();
    while let Some(id) = stack.pop() {
        if !reached.insert(id) {
            continue;
        }
        let mut strings = Vec::new();
        if let Some(shape) = shapes.get(&id.to_owned()) {
            collect_strings(shape, &mut strings);
        }
        for s in strings {
            let shape_id = s.split('$').next().unwrap_or(s);
            if let Some((key, _)) = shapes.get_key_value(&shape_id.to_owned()) {
                stack.push(key.as_str());
            }
        }
    }
    let mut pruned = doc.clone();
    if let Some(map) = pruned.get_mut("shapes").and_then(Value::as_object_mut) {
        map.retain(|id, _| reached.contains(id.as_str()));
    }
    pruned
}

/// Every string of a JSON value, object keys included.
fn collect_strings<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::String(s) => out.push(s),
        Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        Value::Object(map) => {
            for (k, v) in map {
                out.push(k);
                collect_strings(v, out);
            }
        }
        _ => {}
    }
}

/// Removes chunks of the children of the node at `path`, halving the chunk size down to one,
/// while `still_fails` holds.
fn remove_chunks(
    mut doc: Value,
    path: &[Step],
    budget: Budget,
    still_fails: &mut dyn FnMut(&Value) -> bool,
) -> Value {
    let count = |doc: &mut Value| node_mut(doc, path).map_or(0, |n| children(n).len());
    let mut chunk = count(&mut doc).div_ceil(2);
    while chunk > 0 {
        let mut start = 0;
        while start < count(&mut doc) {
            if budget.exhausted() {
                return doc;
            }
            let mut candidate = doc.clone();
            remove_children(&mut candidate, path, start, chunk);
            if still_fails(&candidate) {
                doc = candidate;
            } else {
                start += chunk;
            }
        }
        chunk = if chunk == 1 { 0 } else { chunk.div_ceil(2) };
    }
    doc
}

/// Shrinks text: removes chunks of lines, then of characters, while `still_fails` holds.
pub fn text(text: &str, budget: Budget, still_fails: &mut dyn FnMut(&str) -> bool) -> String {
    let lines: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
    let lines = ddmin(lines, budget, still_fails);
    let chars: Vec<String> = lines.concat().chars().map(String::from).collect();
    ddmin(chars, budget, still_fails).concat()
}

/// Removes chunks of `items`, halving the chunk size down to one, while `still_fails` holds
/// for their concatenation.
fn ddmin(
    mut items: Vec<String>,
    budget: Budget,
    still_fails: &mut dyn FnMut(&str) -> bool,
) -> Vec<String> {
    let mut chunk = items.len().div_ceil(2);
    while chunk > 0 {
        let mut start = 0;
        while start < items.len() {
            if budget.exhausted() {
                return items;
            }
            let end = (start + chunk).min(items.len());
            let candidate: Vec<String> = [&items[..start], &items[end..]].concat();
            if still_fails(&candidate.concat()) {
                items = candidate;
            } else {
                start += chunk;
            }
        }
        chunk = if chunk == 1 { 0 } else { chunk.div_ceil(2) };
    }
    items
}
