/// Floats as restJson1 sends them: JSON numbers, and the strings `"NaN"`, `"Infinity"` and
/// `"-Infinity"` for the values JSON cannot spell.
pub(crate) struct Float;

impl ::serde_with::SerializeAs<f64> for Float {
    fn serialize_as<S: ::serde::Serializer>(value: &f64, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        match non_finite_name(*value) {
            Some(name) => serializer.serialize_str(name),
            None => serializer.serialize_f64(*value),
        }
    }
}

impl ::serde_with::SerializeAs<f32> for Float {
    fn serialize_as<S: ::serde::Serializer>(value: &f32, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        match non_finite_name(f64::from(*value)) {
            Some(name) => serializer.serialize_str(name),
            None => serializer.serialize_f32(*value),
        }
    }
}

impl<'de> ::serde_with::DeserializeAs<'de, f64> for Float {
    fn deserialize_as<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<f64, D::Error> {
        deserializer.deserialize_any(FloatVisitor)
    }
}

impl<'de> ::serde_with::DeserializeAs<'de, f32> for Float {
    fn deserialize_as<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<f32, D::Error> {
        #[allow(clippy::cast_possible_truncation)]
        deserializer.deserialize_any(FloatVisitor).map(|v| v as f32)
    }
}

/// The string restJson1 uses for a non-finite float.
fn non_finite_name(value: f64) -> ::std::option::Option<&'static str> {
    if value.is_nan() {
        Some("NaN")
    } else if value == f64::INFINITY {
        Some("Infinity")
    } else if value == f64::NEG_INFINITY {
        Some("-Infinity")
    } else {
        None
    }
}

/// Reads a JSON number or one of the non-finite strings.
struct FloatVisitor;

impl ::serde::de::Visitor<'_> for FloatVisitor {
    type Value = f64;

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("a number, \"NaN\", \"Infinity\" or \"-Infinity\"")
    }

    fn visit_f64<E: ::serde::de::Error>(self, value: f64) -> ::std::result::Result<f64, E> {
        Ok(value)
    }

    #[allow(clippy::cast_precision_loss)]
    fn visit_i64<E: ::serde::de::Error>(self, value: i64) -> ::std::result::Result<f64, E> {
        Ok(value as f64)
    }

    #[allow(clippy::cast_precision_loss)]
    fn visit_u64<E: ::serde::de::Error>(self, value: u64) -> ::std::result::Result<f64, E> {
        Ok(value as f64)
    }

    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<f64, E> {
        match value {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            other => Err(E::invalid_value(::serde::de::Unexpected::Str(other), &self)),
        }
    }
}
