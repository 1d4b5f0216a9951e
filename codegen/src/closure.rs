//! Walks from the selected operations to every shape they need, and marks the recursive members
//! that must be boxed.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Error, Result};
use crate::model::{Model, ShapeKind, shape_name};
use crate::resolve::UNIT;
use crate::resolve::traits::ERROR;

/// What to generate: a service and some of its operations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// The service shape ID; `None` picks the model's only service.
    pub service: Option<String>,
    /// Operation names (`UpdateMembership`) or absolute IDs; empty means every operation.
    pub operations: Vec<String>,
}

/// The shapes reachable from the selected operations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closure {
    /// The service shape ID.
    pub service: String,
    /// The selected operations, sorted by shape ID.
    pub operations: BTreeSet<String>,
    /// Every non-prelude shape reachable from them (inputs, outputs, errors and their members),
    /// sorted by shape ID.
    pub shapes: BTreeSet<String>,
    /// Members (`ns#Shape$member`) that must be boxed to break by-value recursion.
    pub boxed: BTreeSet<String>,
    /// Operations a whole-service selection leaves out, each with the event stream (a
    /// `@streaming` union) it would need: event streams are not generated.
    pub left_out: BTreeMap<String, String>,
}

/// Computes the closure of the selection.
pub fn closure(model: &Model, selection: &Selection) -> Result<Closure> {
    let service = find_service(model, selection.service.as_deref())?;
    let ShapeKind::Service {
        errors: service_errors,
        ..
    } = &model.shapes[&service].kind
    else {
        return Err(Error::Service(format!("{service} is not a service shape")));
    };
    let all_ops = service_operations(model, &service);
    let mut operations = BTreeSet::new();
    let mut left_out = BTreeMap::new();
    if selection.operations.is_empty() {
        // The whole service, but for the operations with an event stream (named on purpose,
        // such an operation is an error where the stream is mapped).
        for op in &all_ops {
            match event_stream(model, op) {
                Some(stream) => {
                    left_out.insert(op.clone(), stream);
                }
                None => {
                    operations.insert(op.clone());
                }
            }
        }
    }
    for wanted in &selection.operations {
        let found = all_ops
            .iter()
            .find(|id| *id == wanted || shape_name(id) == wanted);
        match found {
            Some(id) => {
                operations.insert(id.clone());
            }
            None => {
                return Err(Error::UnknownOperation {
                    name: wanted.clone(),
                    service: service.clone(),
                    suggestion: closest(wanted, all_ops.iter().map(|id| shape_name(id))),
                });
            }
        }
    }
    let mut shapes = BTreeSet::new();
    for op in &operations {
        let ShapeKind::Operation {
            input,
            output,
            errors,
        } = &model.shapes[op].kind
        else {
            return Err(Error::InvalidShape {
                shape: op.clone(),
                message: "bound as an operation but is not one".to_owned(),
            });
        };
        check_operation_shapes(
            model,
            op,
            input.iter().chain(output),
            errors.iter().chain(service_errors),
        )?;
        for target in input
            .iter()
            .chain(output)
            .chain(errors)
            .chain(service_errors)
        {
            walk(model, target, &mut shapes);
        }
    }
    let boxed = boxed_members(model, &shapes);
    Ok(Closure {
        service,
        operations,
        shapes,
        boxed,
        left_out,
    })
}

/// An operation's input and output must be structures (or Unit), its errors (and the
/// service's) structures with `@error`: the generated crate wraps each in its error enum.
fn check_operation_shapes<'a>(
    model: &Model,
    op: &str,
    io: impl Iterator<Item = &'a String>,
    mut errors: impl Iterator<Item = &'a String>,
) -> Result<()> {
    let is_structure = |id: &str| matches!(model.shapes[id].kind, ShapeKind::Structure(_));
    if let Some(bad) = io.filter(|id| *id != UNIT).find(|id| !is_structure(id)) {
        return Err(Error::InvalidShape {
            shape: op.to_owned(),
            message: format!(
                "its input or output `{bad}` is a {}, not a structure",
                model.shapes[bad].kind.type_name()
            ),
        });
    }
    if let Some(bad) = errors.find(|id| !is_structure(id) || !model.shapes[*id].has_trait(ERROR)) {
        return Err(Error::InvalidShape {
            shape: bad.clone(),
            message: format!(
                "listed among the errors of {op}, but not a structure with the @error trait"
            ),
        });
    }
    Ok(())
}

/// The `@streaming` union (an event stream) a member of the operation's input or output
/// targets, if any.
fn event_stream(model: &Model, op: &str) -> Option<String> {
    let ShapeKind::Operation { input, output, .. } = &model.shapes.get(op)?.kind else {
        return None;
    };
    input.iter().chain(output).find_map(|io| {
        model.shapes.get(io)?.members()?.values().find_map(|m| {
            let target = model.shapes.get(&m.target)?;
            (matches!(target.kind, ShapeKind::Union(_))
                && target.has_trait("smithy.api#streaming"))
            .then(|| m.target.clone())
        })
    })
}

/// The service to generate: the configured one, or the model's only service.
fn find_service(model: &Model, wanted: Option<&str>) -> Result<String> {
    let services: Vec<&String> = model
        .shapes
        .iter()
        .filter(|(_, s)| matches!(s.kind, ShapeKind::Service { .. }))
        .map(|(id, _)| id)
        .collect();
    match wanted {
        Some(w) => services
            .iter()
            .find(|id| **id == w || shape_name(id) == w)
            .map(|id| (*id).clone())
            .ok_or_else(|| {
                Error::Service(format!(
                    "service `{w}` is not in the model (services: {services:?})"
                ))
            }),
        None => match services.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(Error::Service(
                "the model defines no service; name the operations' service in the config"
                    .to_owned(),
            )),
            many => Err(Error::Service(format!(
                "the model defines {} services {many:?}; choose one with `service` in the config",
                many.len()
            ))),
        },
    }
}

/// Every operation bound to the service, directly or through resources.
fn service_operations(model: &Model, service: &str) -> BTreeSet<String> {
    let mut ops = BTreeSet::new();
    let mut stack = vec![service.to_owned()];
    let mut seen = BTreeSet::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        match model.shapes.get(&id).map(|s| &s.kind) {
            Some(ShapeKind::Service {
                operations,
                resources,
                ..
            })
            | Some(ShapeKind::Resource {
                operations,
                resources,
            }) => {
                ops.extend(operations.iter().cloned());
                stack.extend(resources.iter().cloned());
            }
            _ => {}
        }
    }
    ops
}

/// Adds `id` and everything it references to `out` (prelude shapes excluded).
fn walk(model: &Model, id: &str, out: &mut BTreeSet<String>) {
    let mut stack = vec![id.to_owned()];
    while let Some(id) = stack.pop() {
        if id.starts_with("smithy.api#") || !out.insert(id.clone()) {
            continue;
        }
        let Some(shape) = model.shapes.get(&id) else {
            continue;
        };
        match &shape.kind {
            ShapeKind::Structure(ms) | ShapeKind::Union(ms) => {
                stack.extend(ms.values().map(|m| m.target.clone()))
            }
            ShapeKind::List(m) => stack.push(m.target.clone()),
            ShapeKind::Map { key, value } => {
                stack.push(key.target.clone());
                stack.push(value.target.clone());
            }
            _ => {}
        }
    }
}

/// Members that hold a structure or union by value on a cycle; the member with the smallest ID
/// of each cycle is boxed until no by-value cycle is left (lists and maps already add indirection).
fn boxed_members(model: &Model, shapes: &BTreeSet<String>) -> BTreeSet<String> {
    // by-value edges: aggregate -> (member id, target aggregate)
    let mut edges: BTreeMap<&str, Vec<(String, &str)>> = BTreeMap::new();
    for id in shapes {
        let Some(ms) = model.shapes.get(id).and_then(|s| match &s.kind {
            ShapeKind::Structure(ms) | ShapeKind::Union(ms) => Some(ms),
            _ => None,
        }) else {
            continue;
        };
        for (name, m) in ms {
            if m.target != UNIT
                && matches!(
                    model.shapes.get(&m.target).map(|s| &s.kind),
                    Some(ShapeKind::Structure(_) | ShapeKind::Union(_))
                )
            {
                edges
                    .entry(id.as_str())
                    .or_default()
                    .push((format!("{id}${name}"), m.target.as_str()));
            }
        }
    }
    let mut boxed = BTreeSet::new();
    while let Some(cycle) = find_cycle(&edges, &boxed) {
        let smallest = cycle
            .into_iter()
            .min()
            .expect("a cycle has at least one edge");
        boxed.insert(smallest);
    }
    boxed
}

/// A cycle of unboxed by-value edges, as the member IDs along it; deterministic (sorted DFS).
fn find_cycle(
    edges: &BTreeMap<&str, Vec<(String, &str)>>,
    boxed: &BTreeSet<String>,
) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Open,
        Done,
    }
    fn dfs<'a>(
        node: &'a str,
        edges: &BTreeMap<&'a str, Vec<(String, &'a str)>>,
        boxed: &BTreeSet<String>,
        state: &mut BTreeMap<&'a str, State>,
        path: &mut Vec<(&'a str, String)>,
    ) -> Option<Vec<String>> {
        state.insert(node, State::Open);
        for (member, target) in edges.get(node).into_iter().flatten() {
            if boxed.contains(member) {
                continue;
            }
            match state.get(target) {
                Some(State::Open) => {
                    // path[i] is (node, the member that led into it); the cycle is every member
                    // after `target`'s own entry, closed by this edge.
                    let start = path
                        .iter()
                        .position(|(n, _)| n == target)
                        .map_or(0, |p| p + 1);
                    let mut cycle: Vec<String> =
                        path[start..].iter().map(|(_, m)| m.clone()).collect();
                    cycle.push(member.clone());
                    return Some(cycle);
                }
                Some(State::Done) => {}
                None => {
                    path.push((target, member.clone()));
                    if let Some(c) = dfs(target, edges, boxed, state, path) {
                        return Some(c);
                    }
                    path.pop();
                }
            }
        }
        state.insert(node, State::Done);
        None
    }
    let mut state = BTreeMap::new();
    for node in edges.keys() {
        if !state.contains_key(node) {
            let mut path = vec![(*node, String::new())];
            if let Some(c) = dfs(node, edges, boxed, &mut state, &mut path) {
                return Some(c);
            }
        }
    }
    None
}

/// The candidate closest to `wanted` by edit distance, if it is close enough to be a typo.
fn closest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    let lower = wanted.to_lowercase();
    candidates
        .map(|c| (edit_distance(&lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min()
        .map(|(_, c)| c.to_owned())
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse;
    use crate::resolve::resolve;

    fn model(shapes: &str) -> Model {
        let json = format!(
            r#"{{"smithy":"2.0","shapes":{{"a#Svc":{{"type":"service","operations":[{{"target":"a#Op"}}]}},
            "a#Op":{{"type":"operation","input":{{"target":"a#In"}},"output":{{"target":"a#Out"}},"errors":[{{"target":"a#Err"}}]}},
            "a#Err":{{"type":"structure","members":{{}},"traits":{{"smithy.api#error":"client"}}}},
            "a#Out":{{"type":"structure","members":{{}}}},{shapes}}}}}"#
        );
        resolve(parse(&json).unwrap_or_else(|e| panic!("{e:?}"))).unwrap()
    }

    fn select(m: &Model, op: &str) -> Result<Closure> {
        closure(
            m,
            &Selection {
                service: None,
                operations: vec![op.to_owned()],
            },
        )
    }

    #[test]
    fn closure_follows_members_lists_and_maps() {
        let m = model(
            r#""a#In":{"type":"structure","members":{"l":{"target":"a#L"},"m":{"target":"a#M"}}},
               "a#L":{"type":"list","member":{"target":"a#E"}},"a#E":{"type":"enum","members":{"A":{"target":"smithy.api#Unit"}}},
               "a#M":{"type":"map","key":{"target":"smithy.api#String"},"value":{"target":"a#V"}},
               "a#V":{"type":"structure","members":{}},"a#Unused":{"type":"structure","members":{}}"#,
        );
        let c = select(&m, "Op").unwrap();
        assert_eq!(
            c.shapes.iter().map(String::as_str).collect::<Vec<_>>(),
            ["a#E", "a#Err", "a#In", "a#L", "a#M", "a#Out", "a#V"]
        );
    }

    #[test]
    fn recursion_boxes_smallest_member_once() {
        let m = model(
            r#""a#In":{"type":"structure","members":{"next":{"target":"a#In"},"other":{"target":"a#B"}}},
               "a#B":{"type":"structure","members":{"back":{"target":"a#In"},"list":{"target":"a#L"}}},
               "a#L":{"type":"list","member":{"target":"a#B"}}"#,
        );
        let c = select(&m, "Op").unwrap();
        assert_eq!(
            c.boxed.iter().map(String::as_str).collect::<Vec<_>>(),
            ["a#B$back", "a#In$next"]
        );
    }

    #[test]
    fn unknown_operation_suggests() {
        let m = model(r#""a#In":{"type":"structure","members":{}}"#);
        let e = select(&m, "Opp").unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown operation `Opp` in service a#Svc; did you mean `Op`?"
        );
    }

    #[test]
    fn edit_distance_counts() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "ab"), 2);
    }
}
