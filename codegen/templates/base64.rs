/// Blobs as base64 strings (RFC 4648, with padding).
pub(crate) struct Base64;

impl ::serde_with::SerializeAs<::std::vec::Vec<u8>> for Base64 {
    fn serialize_as<S: ::serde::Serializer>(value: &::std::vec::Vec<u8>, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        use ::base64::Engine as _;
        serializer.serialize_str(&::base64::engine::general_purpose::STANDARD.encode(value))
    }
}

impl<'de> ::serde_with::DeserializeAs<'de, ::std::vec::Vec<u8>> for Base64 {
    fn deserialize_as<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<::std::vec::Vec<u8>, D::Error> {
        use ::base64::Engine as _;
        let text = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
        ::base64::engine::general_purpose::STANDARD.decode(text.as_bytes()).map_err(::serde::de::Error::custom)
    }
}
