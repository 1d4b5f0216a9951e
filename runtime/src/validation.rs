//! Validation of generated crates (`validation.rs`): the violations, strict decoding and the
//! checks `validate()` calls. The generator inlines the items a crate uses, with its own module
//! header, and writes `Validator` itself (see `validation/validator.rs`).

/// Every constraint a value breaks, found by `validate()` or [`from_json_strict`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationErrors {
    violations: ::std::vec::Vec<Violation>,
}

impl ValidationErrors {
    /// The violations, in the order the members were visited.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// The violations, owned.
    pub fn into_violations(self) -> ::std::vec::Vec<Violation> {
        self.violations
    }
}

impl ::std::fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        write!(f, "{} constraint violation(s)", self.violations.len())?;
        for (i, v) in self.violations.iter().enumerate() {
            write!(f, "{} {}: {}", if i == 0 { ":" } else { ";" }, v.name, v.message)?;
        }
        Ok(())
    }
}

impl ::std::error::Error for ValidationErrors {}

/// One broken constraint, shaped like the model's `ValidationExceptionField`: the member's path
/// (`defaultResultConfiguration.outputConfiguration.s3.bucket`) and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The dotted path of the member, with `[i]` for list items.
    pub name: ::std::string::String,
    /// What is wrong, in words.
    pub message: ::std::string::String,
    /// Which constraint is broken.
    pub constraint: Constraint,
}

/// The kind of a [`Violation`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Constraint {
    /// `@required`: the member is missing.
    Required,
    /// `@length` min: too short (strings count Unicode scalar values).
    MinLength,
    /// `@length` max: too long (botocore does not check this one).
    MaxLength,
    /// `@range` min: too small.
    MinRange,
    /// `@range` max: too large (botocore does not check this one).
    MaxRange,
    /// `@pattern`: the string does not match.
    Pattern,
    /// `@uniqueItems`: a list repeats an item.
    UniqueItems,
    /// An enum value the model does not define (checked by `validate_strict` only).
    EnumValue,
    /// A union member the model does not define.
    UnionMember,
    /// Strict decoding: a member the model does not define.
    UnknownMember,
    /// Strict decoding: `null` where a value belongs.
    Null,
    /// Decoding: JSON of the wrong type, or a union with no or several members.
    Type,
}

/// `path.member`, or `member` at the root.
pub(crate) fn join(path: &str, member: &str) -> ::std::string::String {
    if path.is_empty() { member.to_owned() } else { format!("{path}.{member}") }
}

/// `path[i]`.
pub(crate) fn index(path: &str, i: usize) -> ::std::string::String {
    format!("{path}[{i}]")
}

/// Decodes JSON into `T` strictly, for inputs written by hand: besides what `serde_json` rejects
/// (wrong types, a union with no or several members: reported with the member's path), every
/// member the model does not define and every `null` is a violation. The lenient
/// `serde_json::from_slice` stays the right choice for responses, where unknown members are
/// how services add features.
pub fn from_json_strict<T: ::serde::de::DeserializeOwned>(json: &[u8]) -> ::std::result::Result<T, ValidationErrors> {
    let fail = |violations| Err(ValidationErrors { violations });
    let value: ::serde_json::Value = match ::serde_json::from_slice(json) {
        Ok(value) => value,
        Err(e) => return fail(vec![violation("", Constraint::Type, e.to_string())]),
    };
    let mut violations = ::std::vec::Vec::new();
    find_nulls(&value, "", &mut violations);
    let mut unknown = ::std::vec::Vec::new();
    let decoded = ::serde_path_to_error::deserialize(::serde_ignored::Deserializer::new(value, &mut |path: ::serde_ignored::Path<'_>| {
        unknown.push(ignored_path(&path));
    }));
    for path in unknown {
        let member = path.rsplit('.').next().unwrap_or_default().to_owned();
        violations.push(violation(&path, Constraint::UnknownMember, format!("`{member}` is not a member the model defines")));
    }
    match decoded {
        Ok(decoded) if violations.is_empty() => Ok(decoded),
        Ok(_) => fail(violations),
        Err(e) => {
            let path = e.path().to_string();
            let path = if path == "." { ::std::string::String::new() } else { path };
            let message = e.into_inner().to_string();
            // serde says "missing field `x`" at the parent: report the member itself.
            let missing = message.strip_prefix("missing field `").and_then(|m| m.split('`').next());
            violations.push(match missing {
                Some(member) => violation(&join(&path, member), Constraint::Required, "is required".to_owned()),
                None => violation(&path, Constraint::Type, message),
            });
            fail(violations)
        }
    }
}

/// A violation of `constraint` at `path`.
pub(crate) fn violation(path: &str, constraint: Constraint, message: ::std::string::String) -> Violation {
    Violation { name: path.to_owned(), message, constraint }
}

/// Reports every `null` member value or item under `value`.
fn find_nulls(value: &::serde_json::Value, path: &str, violations: &mut ::std::vec::Vec<Violation>) {
    match value {
        ::serde_json::Value::Object(map) => {
            for (key, item) in map {
                let path = join(path, key);
                if item.is_null() {
                    violations.push(violation(&path, Constraint::Null, "is null; omit the member instead".to_owned()));
                } else {
                    find_nulls(item, &path, violations);
                }
            }
        }
        ::serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                find_nulls(item, &index(path, i), violations);
            }
        }
        _ => {}
    }
}

/// A `serde_ignored` path in our dotted form.
fn ignored_path(path: &::serde_ignored::Path<'_>) -> ::std::string::String {
    match path {
        ::serde_ignored::Path::Root => ::std::string::String::new(),
        ::serde_ignored::Path::Seq { parent, index: i } => index(&ignored_path(parent), *i),
        ::serde_ignored::Path::Map { parent, key } => join(&ignored_path(parent), key),
        ::serde_ignored::Path::Some { parent }
        | ::serde_ignored::Path::NewtypeStruct { parent }
        | ::serde_ignored::Path::NewtypeVariant { parent } => ignored_path(parent),
    }
}

impl Validator {
    /// A `@required` member is missing.
    pub(crate) fn required(&mut self, path: &str) {
        self.violations.push(violation(path, Constraint::Required, "is required".to_owned()));
    }
}

impl Validator {
    /// `@length` on a string (in Unicode scalar values), blob, list or map.
    pub(crate) fn length(&mut self, path: &str, len: usize, min: ::std::option::Option<f64>, max: ::std::option::Option<f64>) -> bool {
        #[allow(clippy::cast_precision_loss)]
        let n = len as f64;
        if min.is_some_and(|m| n < m) {
            self.violations.push(violation(path, Constraint::MinLength, format!("length {len} is outside {}", bounds(min, max))));
            false
        } else if max.is_some_and(|m| n > m) {
            self.violations.push(violation(path, Constraint::MaxLength, format!("length {len} is outside {}", bounds(min, max))));
            false
        } else {
            true
        }
    }
}

impl Validator {
    /// `@range` on a number.
    pub(crate) fn range(&mut self, path: &str, value: impl ToF64, min: ::std::option::Option<f64>, max: ::std::option::Option<f64>) {
        let value = value.to_f64();
        if min.is_some_and(|m| value < m) {
            self.violations.push(violation(path, Constraint::MinRange, format!("{value} is outside {}", bounds(min, max))));
        } else if max.is_some_and(|m| value > m) {
            self.violations.push(violation(path, Constraint::MaxRange, format!("{value} is outside {}", bounds(min, max))));
        }
    }
}

/// Numbers as `f64` for `@range` (bounds are JSON numbers; `i64` beyond 2^53 rounds, which
/// moves a bound by less than one unit in the last place).
pub(crate) trait ToF64 {
    /// The value as `f64`.
    fn to_f64(self) -> f64;
}

macro_rules! to_f64 {
    ($($t:ty),*) => {$(
        impl ToF64 for $t {
            #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
            fn to_f64(self) -> f64 {
                self as f64
            }
        }
    )*};
}

to_f64!(i8, i16, i32, i64, f64);

impl ToF64 for f32 {
    /// The `f64` of the float's shortest decimal form, the way the model writes its bounds: a
    /// `float` holding 8.8 is 8.8, not 8.800000190734863.
    fn to_f64(self) -> f64 {
        self.to_string().parse().unwrap_or(f64::from(self))
    }
}

/// `[min, max]` in words.
fn bounds(min: ::std::option::Option<f64>, max: ::std::option::Option<f64>) -> ::std::string::String {
    match (min, max) {
        (Some(a), Some(b)) => format!("[{a}, {b}]"),
        (Some(a), None) => format!("[{a}, ∞)"),
        (None, Some(b)) => format!("(-∞, {b}]"),
        (None, None) => "any bounds".to_owned(),
    }
}


impl Validator {
    /// `@uniqueItems` on a list.
    pub(crate) fn unique<T: ::std::cmp::PartialEq>(&mut self, path: &str, items: &[T]) {
        if let Some(i) = (1..items.len()).find(|&i| items[..i].contains(&items[i])) {
            self.violations.push(violation(path, Constraint::UniqueItems, format!("item {i} repeats an earlier item")));
        }
    }
}

impl Validator {
    /// `@pattern` on a string, matched anywhere in it (Smithy patterns are not implicitly
    /// anchored): `matched` is what the pattern's `Automaton` (or, for one too large to
    /// tabulate, the `regex` crate) found, in time linear in the value. A pattern of the form
    /// `^C{min,max}$` with a large `max` is matched as `^C*$` with its characters counted, and
    /// lookaround at the ends of an anchored pattern as further patterns that must (not) match:
    /// `^(?!aws:)[a-z:]+$` is `^[a-z:]+$` and not `^(?:aws:)`.
    pub(crate) fn pattern(&mut self, path: &str, matched: bool, source: &str) {
        if !matched {
            self.violations.push(violation(path, Constraint::Pattern, format!("does not match the pattern {source}")));
        }
    }
}

impl Validator {
    /// `@pattern` with lookaround or backreferences (fancy-regex, built with a limit of
    /// backtracking steps): past the limit the value is reported as a violation rather than
    /// checked further, so that no value can make the check run long (no honest client sends
    /// such a value).
    pub(crate) fn pattern_bounded(&mut self, path: &str, value: &str, regex: &::fancy_regex::Regex, source: &str) {
        match regex.is_match(value) {
            Ok(true) => {}
            Ok(false) => self.violations.push(violation(path, Constraint::Pattern, format!("does not match the pattern {source}"))),
            Err(_) => self.violations.push(violation(
                path,
                Constraint::Pattern,
                format!("could not be checked against the pattern {source} within its backtracking budget"),
            )),
        }
    }
}

impl Validator {
    /// In strict mode, a string enum value the model does not define.
    pub(crate) fn enum_value(&mut self, path: &str, value: &str, known: &[&str]) {
        if self.strict && !known.contains(&value) {
            self.violations.push(violation(path, Constraint::EnumValue, format!("`{value}` is not a value the model defines")));
        }
    }
}

impl Validator {
    /// In strict mode, an intEnum value the model does not define.
    pub(crate) fn int_enum_value(&mut self, path: &str, value: i32, known: &[i32]) {
        if self.strict && !known.contains(&value) {
            self.violations.push(violation(path, Constraint::EnumValue, format!("{value} is not a value the model defines")));
        }
    }
}

impl Validator {
    /// A union member the model does not define.
    pub(crate) fn union_member(&mut self, path: &str, name: &str) {
        self.violations.push(violation(path, Constraint::UnionMember, format!("`{name}` is not a member the model defines")));
    }
}

include!("validation/automaton.rs");

include!("validation/validator.rs");
