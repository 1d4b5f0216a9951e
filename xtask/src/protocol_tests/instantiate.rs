//! Turns a case's `params` (a JSON node keyed by member names) into a Rust expression that
//! builds the generated struct, guided by the type mapping (`codegen::types`): every field of a
//! struct literal, `Some(..)`/`None` per presence, defaults for members the params leave out,
//! enums through `From`, unions by member, `Box::new` where the mapping boxes, timestamps from
//! epoch seconds, blobs from the string's UTF-8 bytes, documents as `serde_json::Value`s, and
//! floats with `"NaN"`, `"Infinity"` and `"-Infinity"`.

use std::collections::BTreeMap;

use codegen::types::{Crate, DefaultValue, Item, Presence, Struct, Type};
use serde_json::{Number, Value};

/// Builds expressions for the items of one generated crate.
pub struct Instantiator<'a> {
    /// The items by Rust name.
    items: BTreeMap<&'a str, &'a Item>,
    /// The generated crate's name as a path root (`::rest_json_protocol_tests`).
    root: String,
}

/// Why params cannot be built: where (a path into the params) and what.
pub type Error = String;

impl<'a> Instantiator<'a> {
    /// An instantiator for the items of `krate`, a crate named `crate_ident` in Rust.
    pub fn new(krate: &'a Crate, crate_ident: &str) -> Instantiator<'a> {
        Instantiator {
            items: krate.items.iter().map(|i| (i.name(), i)).collect(),
            root: format!("::{crate_ident}"),
        }
    }

    /// The struct item of a Rust type name.
    pub fn struct_item(&self, name: &str) -> Option<&'a Struct> {
        match self.items.get(name) {
            Some(Item::Struct(s)) => Some(s),
            _ => None,
        }
    }

    /// The struct `name` built from `params`.
    pub fn structure(&self, name: &str, params: &Value) -> Result<String, Error> {
        let s = self
            .struct_item(name)
            .ok_or_else(|| format!("`{name}` is not a generated structure"))?;
        self.struct_literal(s, params, "params")
    }

    fn struct_literal(&self, s: &Struct, params: &Value, path: &str) -> Result<String, Error> {
        let empty = serde_json::Map::new();
        let members = match params {
            Value::Object(m) => m,
            Value::Null => &empty,
            other => {
                return Err(format!(
                    "{path}: expected an object for `{}`, got {other}",
                    s.name
                ));
            }
        };
        if let Some(unknown) = members
            .keys()
            .find(|k| !s.fields.iter().any(|f| f.wire_name == **k))
        {
            return Err(format!("{path}: `{}` has no member `{unknown}`", s.name));
        }
        let mut fields = Vec::new();
        for f in &s.fields {
            let at = format!("{path}.{}", f.wire_name);
            let value = members.get(&f.wire_name).filter(|v| !v.is_null());
            let expr = match (&f.presence, value) {
                (Presence::Optional, None) => "::std::option::Option::None".to_owned(),
                (Presence::Optional, Some(v)) => {
                    format!(
                        "::std::option::Option::Some({})",
                        self.value(&f.ty, v, &at)?
                    )
                }
                (_, Some(v)) => self.value(&f.ty, v, &at)?,
                (Presence::Required, None) => self.zero(&f.ty, &at)?,
                (Presence::Default(DefaultValue::Zero), None) => {
                    "::std::default::Default::default()".to_owned()
                }
                // A blob's `@default` is base64 text; params give blobs as plain text.
                (Presence::Default(DefaultValue::Value(Value::String(d))), None)
                    if f.ty == Type::Blob =>
                {
                    use base64::Engine as _;
                    let bytes = base64::engine::general_purpose::STANDARD
                        .decode(d)
                        .map_err(|e| format!("{at}: the blob default is not base64: {e}"))?;
                    format!("::std::vec::Vec::from({bytes:?})")
                }
                (Presence::Default(DefaultValue::Value(d)), None) => self.value(&f.ty, d, &at)?,
            };
            fields.push(format!("{}: {expr}", f.name));
        }
        Ok(format!(
            "{}::{} {{ {} }}",
            self.root,
            s.name,
            fields.join(", ")
        ))
    }

    /// A value of type `ty` from the JSON node `v`.
    fn value(&self, ty: &Type, v: &Value, path: &str) -> Result<String, Error> {
        let mismatch = |what: &str| format!("{path}: expected {what}, got {v}");
        Ok(match ty {
            Type::String => {
                let s = v.as_str().ok_or_else(|| mismatch("a string"))?;
                format!("::std::string::String::from({})", literal(s))
            }
            Type::Bool => v
                .as_bool()
                .ok_or_else(|| mismatch("a boolean"))?
                .to_string(),
            Type::I8 => int::<i8>(v, "i8").ok_or_else(|| mismatch("an i8"))?,
            Type::I16 => int::<i16>(v, "i16").ok_or_else(|| mismatch("an i16"))?,
            Type::I32 => int::<i32>(v, "i32").ok_or_else(|| mismatch("an i32"))?,
            Type::I64 => int::<i64>(v, "i64").ok_or_else(|| mismatch("an i64"))?,
            Type::F32 => float(v, "f32").ok_or_else(|| mismatch("a float"))?,
            Type::F64 => float(v, "f64").ok_or_else(|| mismatch("a double"))?,
            Type::Blob => {
                let s = v.as_str().ok_or_else(|| mismatch("a blob as a string"))?;
                format!("{}.as_bytes().to_vec()", literal(s))
            }
            Type::Timestamp(_) => {
                let n = match v {
                    Value::Number(n) => n,
                    _ => return Err(mismatch("a timestamp in epoch seconds")),
                };
                let nanos = epoch_nanos(n).ok_or_else(|| mismatch("a timestamp in range"))?;
                format!(
                    "{}::Timestamp::from_unix_timestamp_nanos({nanos}i128).expect(\"a timestamp in range\")",
                    self.root
                )
            }
            Type::Document => document(v),
            Type::Boxed(inner) => {
                format!("::std::boxed::Box::new({})", self.value(inner, v, path)?)
            }
            Type::List { item, sparse } => {
                let items = v.as_array().ok_or_else(|| mismatch("a list"))?;
                let mut out = Vec::new();
                for (i, element) in items.iter().enumerate() {
                    let at = format!("{path}[{i}]");
                    out.push(match (element, sparse) {
                        (Value::Null, true) => "::std::option::Option::None".to_owned(),
                        (Value::Null, false) => {
                            return Err(format!("{at}: null in a list that is not @sparse"));
                        }
                        (e, true) => {
                            format!("::std::option::Option::Some({})", self.value(item, e, &at)?)
                        }
                        (e, false) => self.value(item, e, &at)?,
                    });
                }
                format!("::std::vec![{}]", out.join(", "))
            }
            Type::Map { key, value, sparse } => {
                let entries = v.as_object().ok_or_else(|| mismatch("a map"))?;
                if entries.is_empty() {
                    return Ok("::std::collections::BTreeMap::new()".to_owned());
                }
                let mut out = Vec::new();
                for (k, element) in entries {
                    let at = format!("{path}[{k:?}]");
                    let key = self.value(key, &Value::String(k.clone()), &at)?;
                    let element = match (element, sparse) {
                        (Value::Null, true) => "::std::option::Option::None".to_owned(),
                        (Value::Null, false) => {
                            return Err(format!("{at}: null in a map that is not @sparse"));
                        }
                        (e, true) => {
                            format!(
                                "::std::option::Option::Some({})",
                                self.value(value, e, &at)?
                            )
                        }
                        (e, false) => self.value(value, e, &at)?,
                    };
                    out.push(format!("({key}, {element})"));
                }
                format!("::std::collections::BTreeMap::from([{}])", out.join(", "))
            }
            Type::Named(name) => self.named(name, v, path)?,
        })
    }

    /// A value of the generated type `name`.
    fn named(&self, name: &str, v: &Value, path: &str) -> Result<String, Error> {
        let root = &self.root;
        let item = self
            .items
            .get(name)
            .ok_or_else(|| format!("{path}: no generated type `{name}`"))?;
        Ok(match item {
            Item::Struct(s) => self.struct_literal(s, v, path)?,
            Item::Enum(_) => {
                let s = v
                    .as_str()
                    .ok_or_else(|| format!("{path}: expected a `{name}` string, got {v}"))?;
                format!("{root}::{name}::from({})", literal(s))
            }
            Item::IntEnum(_) => {
                let n = v
                    .as_i64()
                    .and_then(|n| i32::try_from(n).ok())
                    .ok_or_else(|| format!("{path}: expected a `{name}` integer, got {v}"))?;
                format!("{root}::{name}::from({n}i32)")
            }
            Item::Union(u) => {
                let members = v.as_object().filter(|m| m.len() == 1).ok_or_else(|| {
                    format!("{path}: expected a `{name}` object with one member, got {v}")
                })?;
                let (member, payload) = members.iter().next().expect("one member");
                let at = format!("{path}.{member}");
                match u
                    .variants
                    .iter()
                    .find(|variant| variant.wire_name == *member)
                {
                    Some(variant) => match &variant.ty {
                        None => format!("{root}::{name}::{}", variant.name),
                        Some(ty) => format!(
                            "{root}::{name}::{}({})",
                            variant.name,
                            self.value(ty, payload, &at)?
                        ),
                    },
                    None => format!(
                        "{root}::{name}::Unknown {{ name: ::std::string::String::from({}), value: {} }}",
                        literal(member),
                        document(payload)
                    ),
                }
            }
        })
    }

    /// The zero value of a type, for a required member the params leave out (Smithy's client
    /// error correction).
    fn zero(&self, ty: &Type, path: &str) -> Result<String, Error> {
        let root = &self.root;
        Ok(match ty {
            Type::String => "::std::string::String::new()".to_owned(),
            Type::Bool => "false".to_owned(),
            Type::I8 | Type::I16 | Type::I32 | Type::I64 | Type::F32 | Type::F64 => {
                "::std::default::Default::default()".to_owned()
            }
            Type::Blob | Type::List { .. } => "::std::vec::Vec::new()".to_owned(),
            Type::Map { .. } => "::std::collections::BTreeMap::new()".to_owned(),
            Type::Document => "::serde_json::Value::Null".to_owned(),
            Type::Timestamp(_) => format!("{}::Timestamp::UNIX_EPOCH", self.root),
            Type::Named(name) => match self.items.get(name.as_str()) {
                Some(Item::Enum(_)) => format!("{root}::{name}::from(\"\")"),
                Some(Item::IntEnum(_)) => format!("{root}::{name}::from(0i32)"),
                _ => {
                    return Err(format!(
                        "{path}: a required `{name}` is missing from the params"
                    ));
                }
            },
            Type::Boxed(_) => {
                return Err(format!(
                    "{path}: a required boxed member is missing from the params"
                ));
            }
        })
    }
}

/// A Rust string literal.
pub fn literal(s: &str) -> String {
    // `Debug` of a `str` is a valid Rust string literal (quotes, backslashes and control
    // characters escaped).
    format!("{s:?}")
}

/// A JSON value as a `serde_json::Value` expression.
fn document(v: &Value) -> String {
    format!(
        "::serde_json::from_str::<::serde_json::Value>({}).expect(\"a JSON document\")",
        literal(&v.to_string())
    )
}

/// An integer literal of type `suffix` when `v` is an integer that fits.
fn int<T: TryFrom<i64> + std::fmt::Display>(v: &Value, suffix: &str) -> Option<String> {
    let n = T::try_from(v.as_i64()?).ok()?;
    Some(format!("{n}{suffix}"))
}

/// A float expression of type `ty` (`f32` or `f64`) from a number or one of the strings
/// `"NaN"`, `"Infinity"`, `"-Infinity"`.
fn float(v: &Value, ty: &str) -> Option<String> {
    match v {
        Value::String(s) => match s.as_str() {
            "NaN" => Some(format!("{ty}::NAN")),
            "Infinity" => Some(format!("{ty}::INFINITY")),
            "-Infinity" => Some(format!("{ty}::NEG_INFINITY")),
            _ => None,
        },
        Value::Number(n) => {
            let f = n.as_f64()?;
            Some(if ty == "f32" {
                format!("{:?}f32", f as f32)
            } else {
                format!("{f:?}f64")
            })
        }
        _ => None,
    }
}

/// Epoch seconds (as written in the model, fraction included) as nanoseconds, exactly when the
/// number is written without an exponent.
fn epoch_nanos(n: &Number) -> Option<i128> {
    let text = n.to_string();
    if text.contains(['e', 'E']) {
        let f = n.as_f64()?;
        return Some((f * 1e9).round() as i128);
    }
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let whole: i128 = whole.parse().ok()?;
    let mut fraction = fraction.to_owned();
    fraction.truncate(9);
    while fraction.len() < 9 {
        fraction.push('0');
    }
    let nanos = whole * 1_000_000_000 + fraction.parse::<i128>().ok()?;
    Some(if negative { -nanos } else { nanos })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_seconds_become_exact_nanoseconds() {
        let n = |s: &str| serde_json::from_str::<Number>(s).unwrap();
        assert_eq!(
            epoch_nanos(&n("1576540098")),
            Some(1_576_540_098_000_000_000)
        );
        assert_eq!(
            epoch_nanos(&n("1576540098.123")),
            Some(1_576_540_098_123_000_000)
        );
        assert_eq!(epoch_nanos(&n("-1.5")), Some(-1_500_000_000));
        assert_eq!(epoch_nanos(&n("1.5e3")), Some(1_500_000_000_000));
    }

    #[test]
    fn floats_spell_non_finite_values() {
        assert_eq!(
            float(&Value::from("NaN"), "f64").as_deref(),
            Some("f64::NAN")
        );
        assert_eq!(
            float(&Value::from("-Infinity"), "f32").as_deref(),
            Some("f32::NEG_INFINITY")
        );
        assert_eq!(
            float(&serde_json::json!(1.5), "f32").as_deref(),
            Some("1.5f32")
        );
        assert_eq!(
            float(&serde_json::json!(2), "f64").as_deref(),
            Some("2.0f64")
        );
        assert_eq!(float(&Value::from("nan"), "f64"), None);
    }

    #[test]
    fn integers_must_fit() {
        assert_eq!(
            int::<i8>(&serde_json::json!(-128), "i8").as_deref(),
            Some("-128i8")
        );
        assert_eq!(int::<i8>(&serde_json::json!(128), "i8"), None);
        assert_eq!(int::<i32>(&serde_json::json!(1.5), "i32"), None);
    }

    #[test]
    fn literals_escape() {
        assert_eq!(literal("a\"b\\c\n"), r#""a\"b\\c\n""#);
    }
}
