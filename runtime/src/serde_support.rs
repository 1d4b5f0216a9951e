//! Serde support of generated crates (`serde_support.rs`): wire formats serde has no attribute
//! for. The generator inlines the items a crate uses, with its own module header.
//!
//! One serde impl serves two formats: JSON (a human-readable format) and CBOR through ciborium
//! (rpcv2Cbor; not human-readable). The adapters branch on `is_human_readable()`. None of them
//! names ciborium: CBOR tags go through ciborium's serde convention for them (an enum named
//! `@@TAG@@`), so a JSON-only crate does not depend on it.

/// Reads a string enum without allocating for known values.
pub(crate) struct EnumVisitor<T>(::std::marker::PhantomData<T>);

impl<T> EnumVisitor<T> {
    /// A visitor producing `T`.
    pub(crate) const fn new() -> Self {
        Self(::std::marker::PhantomData)
    }
}

impl<'de, T> ::serde::de::Visitor<'de> for EnumVisitor<T>
where
    T: for<'a> ::std::convert::From<&'a str> + ::std::convert::From<::std::string::String>,
{
    type Value = T;

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<T, E> {
        Ok(T::from(value))
    }

    fn visit_string<E: ::serde::de::Error>(self, value: ::std::string::String) -> ::std::result::Result<T, E> {
        Ok(T::from(value))
    }
}

/// A structure's member names: reads a map key as the index of the member it names
/// (`names.len()` for one the structure does not have) without allocating. Generated
/// `Deserialize` impls share it instead of a field visitor of their own.
pub(crate) struct Members(pub(crate) &'static [&'static str]);

impl<'de> ::serde::de::DeserializeSeed<'de> for Members {
    type Value = usize;

    fn deserialize<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> ::std::result::Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl ::serde::de::Visitor<'_> for Members {
    type Value = usize;

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<usize, E> {
        Ok(self.0.iter().position(|name| *name == value).unwrap_or(self.0.len()))
    }

    fn visit_bytes<E: ::serde::de::Error>(self, value: &[u8]) -> ::std::result::Result<usize, E> {
        Ok(self.0.iter().position(|name| name.as_bytes() == value).unwrap_or(self.0.len()))
    }

    /// A key that is a number names no member (CBOR maps may have such keys).
    fn visit_u64<E: ::serde::de::Error>(self, _: u64) -> ::std::result::Result<usize, E> {
        Ok(self.0.len())
    }

    fn visit_i64<E: ::serde::de::Error>(self, _: i64) -> ::std::result::Result<usize, E> {
        Ok(self.0.len())
    }
}

/// Reads a structure's members from `map` into `slots`, the slot of `names[i]` at `i`;
/// members the structure does not have are skipped, one that occurs twice is an error. Generic
/// over the map only: each generated `Deserialize` hands it its members' slots, so a structure's
/// own code is its slots and its struct literal, not a match over its members.
pub(crate) fn read_members<'de, M: ::serde::de::MapAccess<'de>>(
    map: &mut M,
    names: &'static [&'static str],
    slots: &mut [&mut dyn Slot<'de, M>],
) -> ::std::result::Result<(), M::Error> {
    while let Some(index) = map.next_key_seed(Members(names))? {
        match slots.get_mut(index) {
            Some(slot) => slot.read(map, names[index])?,
            None => {
                map.next_value::<::serde::de::IgnoredAny>()?;
            }
        }
    }
    Ok(())
}

/// Where [`read_members`] puts a member's value: an `Option` of the member's type (read with
/// its own `Deserialize`), or a [`SlotAs`] (read through an adapter).
pub(crate) trait Slot<'de, M: ::serde::de::MapAccess<'de>> {
    /// Reads the value of member `name`; an error when the slot is already filled.
    fn read(&mut self, map: &mut M, name: &'static str) -> ::std::result::Result<(), M::Error>;
}

impl<'de, M: ::serde::de::MapAccess<'de>, T: ::serde::Deserialize<'de>> Slot<'de, M> for ::std::option::Option<T> {
    fn read(&mut self, map: &mut M, name: &'static str) -> ::std::result::Result<(), M::Error> {
        if self.is_some() {
            return Err(::serde::de::Error::duplicate_field(name));
        }
        *self = Some(map.next_value()?);
        Ok(())
    }
}

/// The slot of a member whose value is read through the adapter `A`.
pub(crate) struct SlotAs<'s, T, A>(&'s mut ::std::option::Option<T>, ::std::marker::PhantomData<A>);

impl<'s, T, A> SlotAs<'s, T, A> {
    /// `slot`, read through `A`.
    pub(crate) fn new(slot: &'s mut ::std::option::Option<T>) -> Self {
        SlotAs(slot, ::std::marker::PhantomData)
    }
}

impl<'de, M: ::serde::de::MapAccess<'de>, T, A: DeserializeAs<'de, T>> Slot<'de, M> for SlotAs<'_, T, A> {
    fn read(&mut self, map: &mut M, name: &'static str) -> ::std::result::Result<(), M::Error> {
        if self.0.is_some() {
            return Err(::serde::de::Error::duplicate_field(name));
        }
        *self.0 = Some(map.next_value::<De<T, A>>()?.0);
        Ok(())
    }
}

/// How a value goes on the wire when its type's own serde is not the wire format (a timestamp
/// format, base64, a float that may be NaN): generated serde impls write members through an
/// adapter, composed through `Option`, `Vec`, `Box` and maps, as serde_with's traits of the same
/// names (which these replace: one crate less to build, on every build's critical path).
pub(crate) trait SerializeAs<T: ?Sized> {
    /// Serializes `value` in the adapter's wire format.
    fn serialize_as<S: ::serde::Serializer>(value: &T, serializer: S) -> ::std::result::Result<S::Ok, S::Error>;
}

/// The reading side of [`SerializeAs`].
pub(crate) trait DeserializeAs<'de, T>: Sized {
    /// Deserializes a `T` from the adapter's wire format.
    fn deserialize_as<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<T, D::Error>;
}

/// The type's own serde (a map key beside an adapted value).
pub(crate) struct Same;

impl<T: ::serde::Serialize + ?Sized> SerializeAs<T> for Same {
    fn serialize_as<S: ::serde::Serializer>(value: &T, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }
}

impl<'de, T: ::serde::Deserialize<'de>> DeserializeAs<'de, T> for Same {
    fn deserialize_as<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<T, D::Error> {
        T::deserialize(deserializer)
    }
}

/// `value` serialized through the adapter `A`.
pub(crate) struct Ser<'a, T: ?Sized, A>(&'a T, ::std::marker::PhantomData<A>);

impl<'a, T: ?Sized, A> Ser<'a, T, A> {
    /// Wraps `value`.
    pub(crate) const fn new(value: &'a T) -> Self {
        Self(value, ::std::marker::PhantomData)
    }
}

impl<T: ?Sized, A: SerializeAs<T>> ::serde::Serialize for Ser<'_, T, A> {
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        A::serialize_as(self.0, serializer)
    }
}

/// A value deserialized through the adapter `A`.
pub(crate) struct De<T, A>(pub(crate) T, ::std::marker::PhantomData<A>);

impl<'de, T, A: DeserializeAs<'de, T>> ::serde::Deserialize<'de> for De<T, A> {
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
        A::deserialize_as(deserializer).map(|value| Self(value, ::std::marker::PhantomData))
    }
}

impl<T, A: SerializeAs<T>> SerializeAs<::std::option::Option<T>> for ::std::option::Option<A> {
    fn serialize_as<S: ::serde::Serializer>(value: &::std::option::Option<T>, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        match value {
            Some(value) => serializer.serialize_some(&Ser::<T, A>::new(value)),
            None => serializer.serialize_none(),
        }
    }
}

impl<'de, T, A: DeserializeAs<'de, T>> DeserializeAs<'de, ::std::option::Option<T>> for ::std::option::Option<A> {
    fn deserialize_as<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<::std::option::Option<T>, D::Error> {
        Ok(<::std::option::Option<De<T, A>> as ::serde::Deserialize>::deserialize(deserializer)?.map(|value| value.0))
    }
}

impl<T, A: SerializeAs<T>> SerializeAs<::std::boxed::Box<T>> for ::std::boxed::Box<A> {
    fn serialize_as<S: ::serde::Serializer>(value: &::std::boxed::Box<T>, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        A::serialize_as(value, serializer)
    }
}

impl<'de, T, A: DeserializeAs<'de, T>> DeserializeAs<'de, ::std::boxed::Box<T>> for ::std::boxed::Box<A> {
    fn deserialize_as<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<::std::boxed::Box<T>, D::Error> {
        A::deserialize_as(deserializer).map(::std::boxed::Box::new)
    }
}

impl<T, A: SerializeAs<T>> SerializeAs<::std::vec::Vec<T>> for ::std::vec::Vec<A> {
    fn serialize_as<S: ::serde::Serializer>(value: &::std::vec::Vec<T>, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        serializer.collect_seq(value.iter().map(Ser::<T, A>::new))
    }
}

impl<'de, T, A: DeserializeAs<'de, T>> DeserializeAs<'de, ::std::vec::Vec<T>> for ::std::vec::Vec<A> {
    fn deserialize_as<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<::std::vec::Vec<T>, D::Error> {
        let items = <::std::vec::Vec<De<T, A>> as ::serde::Deserialize>::deserialize(deserializer)?;
        Ok(items.into_iter().map(|item| item.0).collect())
    }
}

impl<K, V, KA, VA> SerializeAs<::std::collections::BTreeMap<K, V>> for ::std::collections::BTreeMap<KA, VA>
where
    KA: SerializeAs<K>,
    VA: SerializeAs<V>,
{
    fn serialize_as<S: ::serde::Serializer>(value: &::std::collections::BTreeMap<K, V>, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        serializer.collect_map(value.iter().map(|(k, v)| (Ser::<K, KA>::new(k), Ser::<V, VA>::new(v))))
    }
}

impl<'de, K: Ord, V, KA, VA> DeserializeAs<'de, ::std::collections::BTreeMap<K, V>> for ::std::collections::BTreeMap<KA, VA>
where
    KA: DeserializeAs<'de, K>,
    VA: DeserializeAs<'de, V>,
{
    fn deserialize_as<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<::std::collections::BTreeMap<K, V>, D::Error> {
        deserializer.deserialize_map(MapVisitor::<K, V, KA, VA>(::std::marker::PhantomData))
    }
}

/// Reads a map through adapters of its keys and values; a repeated key keeps its last value, as
/// serde's own map impls do.
struct MapVisitor<K, V, KA, VA>(::std::marker::PhantomData<(K, V, KA, VA)>);

impl<'de, K: Ord, V, KA, VA> ::serde::de::Visitor<'de> for MapVisitor<K, V, KA, VA>
where
    KA: DeserializeAs<'de, K>,
    VA: DeserializeAs<'de, V>,
{
    type Value = ::std::collections::BTreeMap<K, V>;

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<M: ::serde::de::MapAccess<'de>>(self, mut map: M) -> ::std::result::Result<Self::Value, M::Error> {
        let mut out = ::std::collections::BTreeMap::new();
        while let Some((key, value)) = map.next_entry::<De<K, KA>, De<V, VA>>()? {
            out.insert(key.0, value.0);
        }
        Ok(out)
    }
}

/// `null` read as the type's default (a `@default` member a service sends as `null`).
pub(crate) struct DefaultOnNull<A>(::std::marker::PhantomData<A>);

impl<T, A: SerializeAs<T>> SerializeAs<T> for DefaultOnNull<A> {
    fn serialize_as<S: ::serde::Serializer>(value: &T, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        A::serialize_as(value, serializer)
    }
}

impl<'de, T: Default, A: DeserializeAs<'de, T>> DeserializeAs<'de, T> for DefaultOnNull<A> {
    fn deserialize_as<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<T, D::Error> {
        let value = <::std::option::Option<A> as DeserializeAs<'de, ::std::option::Option<T>>>::deserialize_as(deserializer)?;
        Ok(value.unwrap_or_default())
    }
}

/// serde's `with` form of an adapter, for the runtime's own tests.
#[cfg(test)]
pub(crate) struct As<A>(::std::marker::PhantomData<A>);

#[cfg(test)]
impl<A> As<A> {
    pub(crate) fn serialize<T: ?Sized, S: ::serde::Serializer>(value: &T, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
    where
        A: SerializeAs<T>,
    {
        A::serialize_as(value, serializer)
    }

    pub(crate) fn deserialize<'de, T, D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<T, D::Error>
    where
        A: DeserializeAs<'de, T>,
    {
        A::deserialize_as(deserializer)
    }
}

/// Floats as restJson1 sends them: JSON numbers, and the strings `"NaN"`, `"Infinity"` and
/// `"-Infinity"` for the values JSON cannot spell. In CBOR, native floats (NaN and the
/// infinities too); read from a float of any width or an integer (rpcv2Cbor lets a sender
/// write a float without a fraction as an integer).
pub(crate) struct Float;

impl SerializeAs<f64> for Float {
    fn serialize_as<S: ::serde::Serializer>(value: &f64, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        match non_finite_name(*value) {
            // CBOR floats spell every value: NaN and the infinities stay floats.
            Some(name) if serializer.is_human_readable() => serializer.serialize_str(name),
            _ => serializer.serialize_f64(*value),
        }
    }
}

impl SerializeAs<f32> for Float {
    fn serialize_as<S: ::serde::Serializer>(value: &f32, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        match non_finite_name(f64::from(*value)) {
            Some(name) if serializer.is_human_readable() => serializer.serialize_str(name),
            _ => serializer.serialize_f32(*value),
        }
    }
}

impl<'de> DeserializeAs<'de, f64> for Float {
    fn deserialize_as<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<f64, D::Error> {
        deserializer.deserialize_any(FloatVisitor)
    }
}

impl<'de> DeserializeAs<'de, f32> for Float {
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

/// Blobs as base64 strings (RFC 4648, with padding); in CBOR, byte strings (of definite or
/// indefinite length).
pub(crate) struct Base64;

impl SerializeAs<::std::vec::Vec<u8>> for Base64 {
    fn serialize_as<S: ::serde::Serializer>(value: &::std::vec::Vec<u8>, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        use ::base64::Engine as _;
        if !serializer.is_human_readable() {
            return serializer.serialize_bytes(value);
        }
        serializer.serialize_str(&::base64::engine::general_purpose::STANDARD.encode(value))
    }
}

impl<'de> DeserializeAs<'de, ::std::vec::Vec<u8>> for Base64 {
    fn deserialize_as<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<::std::vec::Vec<u8>, D::Error> {
        use ::base64::Engine as _;
        if !deserializer.is_human_readable() {
            return deserializer.deserialize_byte_buf(BytesVisitor);
        }
        let text = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
        ::base64::engine::general_purpose::STANDARD.decode(text.as_bytes()).map_err(::serde::de::Error::custom)
    }
}

/// Reads a CBOR byte string. No capacity is reserved from a declared length: the bytes are
/// collected as they arrive.
struct BytesVisitor;

impl ::serde::de::Visitor<'_> for BytesVisitor {
    type Value = ::std::vec::Vec<u8>;

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("a byte string")
    }

    fn visit_bytes<E: ::serde::de::Error>(self, value: &[u8]) -> ::std::result::Result<Self::Value, E> {
        Ok(value.to_vec())
    }

    fn visit_byte_buf<E: ::serde::de::Error>(self, value: ::std::vec::Vec<u8>) -> ::std::result::Result<Self::Value, E> {
        Ok(value)
    }
}

/// Reads a timestamp in any form a service may send, whatever the member's declared format:
/// epoch seconds as a number or a numeric string, an RFC 3339 date-time (any offset), or an
/// HTTP date. botocore accepts all of them; so do we. In CBOR also epoch seconds under tag 1
/// (RFC 8949 §3.4.2, what rpcv2Cbor sends), an integer or a float of any width.
struct TimestampVisitor;

impl<'de> ::serde::de::Visitor<'de> for TimestampVisitor {
    type Value = crate::timestamp::Timestamp;

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("a timestamp: epoch seconds, an RFC 3339 date-time or an HTTP date")
    }

    fn visit_i64<E: ::serde::de::Error>(self, value: i64) -> ::std::result::Result<Self::Value, E> {
        crate::timestamp::Timestamp::from_unix_timestamp(value)
            .ok_or_else(|| E::invalid_value(::serde::de::Unexpected::Signed(value), &"epoch seconds within the years 0000-9999"))
    }

    fn visit_u64<E: ::serde::de::Error>(self, value: u64) -> ::std::result::Result<Self::Value, E> {
        let seconds = i64::try_from(value).map_err(E::custom)?;
        ::serde::de::Visitor::visit_i64(self, seconds)
    }

    fn visit_f64<E: ::serde::de::Error>(self, value: f64) -> ::std::result::Result<Self::Value, E> {
        from_epoch_seconds(value).ok_or_else(|| E::invalid_value(::serde::de::Unexpected::Float(value), &self))
    }

    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<Self::Value, E> {
        parse_timestamp(value).ok_or_else(|| E::invalid_value(::serde::de::Unexpected::Str(value), &self))
    }

    /// A CBOR tag (ciborium hands tags to `deserialize_any` visitors as an enum).
    fn visit_enum<A: ::serde::de::EnumAccess<'de>>(self, data: A) -> ::std::result::Result<Self::Value, A::Error> {
        use ::serde::de::VariantAccess as _;
        let (_, tagged): (::serde::de::IgnoredAny, _) = data.variant()?;
        tagged.tuple_variant(2, EpochTag)
    }
}

/// The content of a CBOR tag holding a timestamp: tag 1 and epoch seconds, an integer or a float.
/// Other tags are not timestamps (RFC 8949 §3.4.2; rpcv2Cbor sends tag 1 only).
struct EpochTag;

impl<'de> ::serde::de::Visitor<'de> for EpochTag {
    type Value = crate::timestamp::Timestamp;

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("CBOR tag 1 (epoch-based date/time) and a number of seconds")
    }

    fn visit_seq<A: ::serde::de::SeqAccess<'de>>(self, mut seq: A) -> ::std::result::Result<Self::Value, A::Error> {
        let tag: u64 = seq.next_element()?.ok_or_else(|| ::serde::de::Error::invalid_length(0, &self))?;
        if tag != 1 {
            return Err(::serde::de::Error::custom(format_args!(
                "expected CBOR tag 1 (epoch-based date/time) for a timestamp, found tag {tag}"
            )));
        }
        seq.next_element_seed(EpochTag)?.ok_or_else(|| ::serde::de::Error::invalid_length(1, &self))
    }

    fn visit_i64<E: ::serde::de::Error>(self, value: i64) -> ::std::result::Result<Self::Value, E> {
        ::serde::de::Visitor::visit_i64(TimestampVisitor, value)
    }

    fn visit_u64<E: ::serde::de::Error>(self, value: u64) -> ::std::result::Result<Self::Value, E> {
        ::serde::de::Visitor::visit_u64(TimestampVisitor, value)
    }

    fn visit_f64<E: ::serde::de::Error>(self, value: f64) -> ::std::result::Result<Self::Value, E> {
        ::serde::de::Visitor::visit_f64(TimestampVisitor, value)
    }
}

/// The tagged number: an integer or a float, nothing else.
impl<'de> ::serde::de::DeserializeSeed<'de> for EpochTag {
    type Value = crate::timestamp::Timestamp;

    fn deserialize<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> ::std::result::Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// A timestamp as rpcv2Cbor sends it whatever its `@timestampFormat`: CBOR tag 1 around the
/// epoch seconds as a double, whole or not (what the protocol tests expect: `RpcV2CborLists`
/// sends `1(1398796238.0)`). The tag goes through ciborium's serde convention for tags (what
/// `ciborium::tag::Required<_, 1>` writes).
#[allow(clippy::cast_precision_loss)]
fn serialize_epoch_tag<S: ::serde::Serializer>(value: &crate::timestamp::Timestamp, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
    use ::serde::ser::SerializeTupleVariant as _;
    let seconds = value.unix_timestamp();
    let mut tag = serializer.serialize_tuple_variant("@@TAG@@", 1, "@@TAGGED@@", 2)?;
    tag.serialize_field(&1u64)?;
    tag.serialize_field(&(seconds as f64 + f64::from(value.nanosecond()) / 1e9))?;
    tag.end()
}

/// Epoch seconds with a fraction, rounded to the microsecond (an `f64` holds no more precision
/// for present-day dates).
#[allow(clippy::cast_possible_truncation)]
fn from_epoch_seconds(seconds: f64) -> ::std::option::Option<crate::timestamp::Timestamp> {
    let micros = (seconds * 1e6).round();
    if !micros.is_finite() || micros.abs() >= 9.0e18 {
        return None;
    }
    crate::timestamp::Timestamp::from_unix_timestamp_nanos(i128::from(micros as i64) * 1000)
}

/// Parses the string forms of a timestamp.
fn parse_timestamp(text: &str) -> ::std::option::Option<crate::timestamp::Timestamp> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<f64>() {
        return from_epoch_seconds(seconds);
    }
    crate::timestamp::Timestamp::parse_rfc3339(text).or_else(|| crate::timestamp::Timestamp::parse_http_date(text))
}

/// `epoch-seconds`: a JSON number of seconds since 1970-01-01T00:00:00Z, with a fraction when
/// there is one (the restJson1 default for timestamps in bodies). In CBOR, tag 1 (see
/// [`serialize_epoch_tag`]), as for every format.
pub(crate) struct EpochSeconds;

impl SerializeAs<crate::timestamp::Timestamp> for EpochSeconds {
    #[allow(clippy::cast_precision_loss)]
    fn serialize_as<S: ::serde::Serializer>(value: &crate::timestamp::Timestamp, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        if !serializer.is_human_readable() {
            return serialize_epoch_tag(value, serializer);
        }
        let seconds = value.unix_timestamp();
        match value.nanosecond() {
            0 => serializer.serialize_i64(seconds),
            nanos => serializer.serialize_f64(seconds as f64 + f64::from(nanos) / 1e9),
        }
    }
}

impl<'de> DeserializeAs<'de, crate::timestamp::Timestamp> for EpochSeconds {
    fn deserialize_as<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<crate::timestamp::Timestamp, D::Error> {
        deserializer.deserialize_any(TimestampVisitor)
    }
}

/// `date-time`: an RFC 3339 string in UTC (`2023-11-14T22:13:20Z`, with a fraction when there is
/// one). In CBOR, tag 1 and epoch seconds: rpcv2Cbor ignores `@timestampFormat`.
pub(crate) struct DateTime;

impl SerializeAs<crate::timestamp::Timestamp> for DateTime {
    fn serialize_as<S: ::serde::Serializer>(value: &crate::timestamp::Timestamp, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        if !serializer.is_human_readable() {
            return serialize_epoch_tag(value, serializer);
        }
        serializer.collect_str(value)
    }
}

impl<'de> DeserializeAs<'de, crate::timestamp::Timestamp> for DateTime {
    fn deserialize_as<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<crate::timestamp::Timestamp, D::Error> {
        deserializer.deserialize_any(TimestampVisitor)
    }
}

/// `http-date`: an IMF-fixdate string (`Tue, 14 Nov 2023 22:13:20 GMT`, RFC 9110). In CBOR, tag 1
/// and epoch seconds: rpcv2Cbor ignores `@timestampFormat`.
pub(crate) struct HttpDate;

impl SerializeAs<crate::timestamp::Timestamp> for HttpDate {
    fn serialize_as<S: ::serde::Serializer>(value: &crate::timestamp::Timestamp, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        if !serializer.is_human_readable() {
            return serialize_epoch_tag(value, serializer);
        }
        let text = value.to_http_date();
        serializer.serialize_str(&text)
    }
}

impl<'de> DeserializeAs<'de, crate::timestamp::Timestamp> for HttpDate {
    fn deserialize_as<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<crate::timestamp::Timestamp, D::Error> {
        deserializer.deserialize_any(TimestampVisitor)
    }
}


/// Any self-describing value as the JSON our types use for it: an unknown union member, kept
/// as received. From JSON, exactly `serde_json::Value`. From CBOR: byte strings become base64
/// text (the JSON form of a blob), a tag its content (tag 1: the epoch seconds), NaN and the
/// infinities `"NaN"`, `"Infinity"` and `"-Infinity"`, `null` and `undefined` `null`; a map
/// key must be text.
#[derive(Debug)]
pub(crate) struct AnyValue(pub(crate) ::serde_json::Value);

impl<'de> ::serde::Deserialize<'de> for AnyValue {
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer).map(AnyValue)
        } else {
            deserializer.deserialize_any(AnyValueVisitor).map(AnyValue)
        }
    }
}

/// Builds the JSON form of a CBOR value. Arrays and maps grow as their items arrive: a
/// declared length reserves nothing.
struct AnyValueVisitor;

impl<'de> ::serde::de::Visitor<'de> for AnyValueVisitor {
    type Value = ::serde_json::Value;

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E: ::serde::de::Error>(self, value: bool) -> ::std::result::Result<Self::Value, E> {
        Ok(::serde_json::Value::Bool(value))
    }

    fn visit_i64<E: ::serde::de::Error>(self, value: i64) -> ::std::result::Result<Self::Value, E> {
        Ok(::serde_json::Value::from(value))
    }

    fn visit_u64<E: ::serde::de::Error>(self, value: u64) -> ::std::result::Result<Self::Value, E> {
        Ok(::serde_json::Value::from(value))
    }

    /// An integer beyond 64 bits (a CBOR bignum): its decimal digits, as JSON numbers cannot
    /// hold it exactly.
    fn visit_i128<E: ::serde::de::Error>(self, value: i128) -> ::std::result::Result<Self::Value, E> {
        Ok(i64::try_from(value).map_or_else(|_| ::serde_json::Value::String(value.to_string()), ::serde_json::Value::from))
    }

    fn visit_u128<E: ::serde::de::Error>(self, value: u128) -> ::std::result::Result<Self::Value, E> {
        Ok(u64::try_from(value).map_or_else(|_| ::serde_json::Value::String(value.to_string()), ::serde_json::Value::from))
    }

    fn visit_f64<E: ::serde::de::Error>(self, value: f64) -> ::std::result::Result<Self::Value, E> {
        Ok(match ::serde_json::Number::from_f64(value) {
            Some(number) => ::serde_json::Value::Number(number),
            None => ::serde_json::Value::from(non_finite_name(value).unwrap_or("NaN")),
        })
    }

    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<Self::Value, E> {
        Ok(::serde_json::Value::from(value))
    }

    fn visit_string<E: ::serde::de::Error>(self, value: ::std::string::String) -> ::std::result::Result<Self::Value, E> {
        Ok(::serde_json::Value::String(value))
    }

    fn visit_bytes<E: ::serde::de::Error>(self, value: &[u8]) -> ::std::result::Result<Self::Value, E> {
        Ok(::serde_json::Value::String(base64_text(value)))
    }

    fn visit_none<E: ::serde::de::Error>(self) -> ::std::result::Result<Self::Value, E> {
        Ok(::serde_json::Value::Null)
    }

    fn visit_unit<E: ::serde::de::Error>(self) -> ::std::result::Result<Self::Value, E> {
        Ok(::serde_json::Value::Null)
    }

    fn visit_some<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> ::std::result::Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_newtype_struct<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> ::std::result::Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: ::serde::de::SeqAccess<'de>>(self, mut seq: A) -> ::std::result::Result<Self::Value, A::Error> {
        let mut items = ::std::vec::Vec::new();
        while let Some(AnyValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(::serde_json::Value::Array(items))
    }

    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<Self::Value, A::Error> {
        let mut object = ::serde_json::Map::new();
        while let Some(key) = map.next_key::<::std::string::String>()? {
            let AnyValue(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(::serde_json::Value::Object(object))
    }

    /// A CBOR tag (ciborium hands tags to `deserialize_any` visitors as an enum): its content.
    fn visit_enum<A: ::serde::de::EnumAccess<'de>>(self, data: A) -> ::std::result::Result<Self::Value, A::Error> {
        use ::serde::de::VariantAccess as _;
        let (_, tagged): (::serde::de::IgnoredAny, _) = data.variant()?;
        tagged.tuple_variant(2, TagContent)
    }
}

/// The content of a CBOR tag, as [`AnyValue`], without the tag number.
struct TagContent;

impl<'de> ::serde::de::Visitor<'de> for TagContent {
    type Value = ::serde_json::Value;

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("a CBOR tag and its content")
    }

    fn visit_seq<A: ::serde::de::SeqAccess<'de>>(self, mut seq: A) -> ::std::result::Result<Self::Value, A::Error> {
        let _tag: u64 = seq.next_element()?.ok_or_else(|| ::serde::de::Error::invalid_length(0, &self))?;
        let AnyValue(content) = seq.next_element()?.ok_or_else(|| ::serde::de::Error::invalid_length(1, &self))?;
        Ok(content)
    }
}

/// Standard base64 with padding (RFC 4648 §4), what `Base64` writes to JSON, written here so
/// that a crate with unions but no blobs need not depend on the base64 crate.
fn base64_text(bytes: &[u8]) -> ::std::string::String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut text = ::std::string::String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let bits = chunk.iter().enumerate().fold(0u32, |bits, (i, byte)| bits | u32::from(*byte) << (16 - 8 * i));
        for i in 0..4 {
            text.push(if i <= chunk.len() { char::from(ALPHABET[(bits >> (18 - 6 * i) & 63) as usize]) } else { '=' });
        }
    }
    text
}
