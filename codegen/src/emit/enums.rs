//! Emits string and integer enums with a public `Unknown` variant that keeps unseen values.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, ident, meta_attrs, parse_type};
use crate::types::{Enum, IntEnum};

/// A string enum with `as_str`, `values`, `From<&str>`, `From<String>`, `FromStr`, `Display`,
/// `AsRef<str>` and serde impls that round-trip unknown values exactly.
pub(super) fn emit_enum(ctx: &Ctx, e: &Enum) -> TokenStream {
    let name = ident(&e.name);
    let attrs = meta_attrs(&e.meta);
    let string = parse_type(&ctx.string());
    let result = parse_type(&ctx.result());
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let variant_attrs = e.variants.iter().map(|v| meta_attrs(&v.meta));
    let values: Vec<&str> = e.variants.iter().map(|v| v.value.as_str()).collect();
    let unknown_doc = format!(
        " A value that this version of the crate does not know. It serializes back exactly as received.\n\n\
         Do not construct it for a known value: `{}::from` picks the named variant.",
        e.name
    );
    let unknown_doc = unknown_doc.lines().map(|l| {
        if l.trim().is_empty() {
            String::new()
        } else {
            format!(" {}", l.trim_start())
        }
    });
    quote! {
        #attrs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_attrs #variants, )*
            #( #[doc = #unknown_doc] )*
            Unknown(#string),
        }
        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #values, )*
                    Self::Unknown(value) => value,
                }
            }

            /// Every value the model defines, in model order.
            pub const fn values() -> &'static [&'static str] {
                &[#(#values),*]
            }
        }
        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #values => Self::#variants, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }
        impl ::std::convert::From<#string> for #name {
            fn from(value: #string) -> Self {
                match value.as_str() {
                    #( #values => Self::#variants, )*
                    _ => Self::Unknown(value),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> #result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                deserializer.deserialize_str(crate::serde_support::EnumVisitor::<Self>::new())
            }
        }
    }
}

/// An integer enum with `value`, `values`, `From<i32>`, `Display` and serde impls that
/// round-trip unknown values.
pub(super) fn emit_int_enum(ctx: &Ctx, e: &IntEnum) -> TokenStream {
    let name = ident(&e.name);
    let attrs = meta_attrs(&e.meta);
    let result = parse_type(&ctx.result());
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let variant_attrs = e.variants.iter().map(|v| meta_attrs(&v.meta));
    let values: Vec<i32> = e.variants.iter().map(|v| v.value).collect();
    quote! {
        #attrs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_attrs #variants, )*
            /// A value that this version of the crate does not know. It serializes back exactly as received.
            Unknown(i32),
        }
        impl #name {
            /// The value as sent on the wire.
            pub const fn value(self) -> i32 {
                match self {
                    #( Self::#variants => #values, )*
                    Self::Unknown(value) => value,
                }
            }

            /// Every value the model defines, in model order.
            pub const fn values() -> &'static [i32] {
                &[#(#values),*]
            }
        }
        impl ::std::convert::From<i32> for #name {
            fn from(value: i32) -> Self {
                match value {
                    #( #values => Self::#variants, )*
                    other => Self::Unknown(other),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                serializer.serialize_i32(self.value())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                <i32 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}
