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
