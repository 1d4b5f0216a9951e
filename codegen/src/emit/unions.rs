//! Emits tagged unions: `{"member": value}` with exactly one member set, and an `Unknown` variant
//! that keeps an unseen member's name and payload so it serializes back as received.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, ident, meta_attrs, parse_type};
use crate::types::Union;

/// The enum, its Debug (derived unless a member is sensitive) and its serde impls.
pub(super) fn emit(ctx: &Ctx, u: &Union) -> TokenStream {
    let name = ident(&u.name);
    let type_name = &u.name;
    let attrs = meta_attrs(&u.meta);
    let string = parse_type(&ctx.string());
    let result = parse_type(&ctx.result());
    let option = parse_type(&ctx.option());

    let variants = u.variants.iter().map(|v| {
        let attrs = meta_attrs(&v.meta);
        let vname = ident(&v.name);
        match &v.ty {
            Some(ty) => {
                let ty = ctx.ty(ty);
                quote!(#attrs #vname(#ty),)
            }
            None => quote!(#attrs #vname,),
        }
    });

    let serialize_arms = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let wire = &v.json_name;
        match &v.ty {
            None => quote!(Self::#vname => map.serialize_entry(#wire, &::serde_json::Map::new())?,),
            Some(ty) if ty.needs_adapter() => {
                let ty_tokens = ctx.ty(ty);
                let adapter = parse_type(&ctx.adapter(ty));
                quote!(Self::#vname(value) => map.serialize_entry(#wire, &crate::serde_support::Ser::<#ty_tokens, #adapter>::new(value))?,)
            }
            Some(_) => quote!(Self::#vname(value) => map.serialize_entry(#wire, value)?,),
        }
    });

    let deserialize_arms = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let wire = &v.json_name;
        match &v.ty {
            None => quote!(#wire => map.next_value::<#option<::serde::de::IgnoredAny>>()?.map(|_| #name::#vname),),
            Some(ty) if ty.needs_adapter() => {
                let ty_tokens = ctx.ty(ty);
                let adapter = parse_type(&ctx.adapter(ty));
                quote!(#wire => map
                    .next_value::<#option<crate::serde_support::De<#ty_tokens, #adapter>>>()?
                    .map(|value| #name::#vname(value.0)),)
            }
            Some(ty) => {
                let ty = ctx.ty(ty);
                quote!(#wire => map.next_value::<#option<#ty>>()?.map(#name::#vname),)
            }
        }
    });
    let sensitive = u.variants.iter().any(|v| v.sensitive);
    let derive_debug = if sensitive { quote!() } else { quote!(Debug,) };
    let debug = sensitive.then(|| {
        let arms = u.variants.iter().map(|v| {
            let vname = ident(&v.name);
            let label = &v.name;
            match (&v.ty, v.sensitive) {
                (None, _) => quote!(Self::#vname => f.write_str(#label),),
                (Some(_), true) => quote!(Self::#vname(_) => f.debug_tuple(#label).field(&"*** Sensitive Data Redacted ***").finish(),),
                (Some(_), false) => quote!(Self::#vname(value) => f.debug_tuple(#label).field(value).finish(),),
            }
        });
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match self {
                        #(#arms)*
                        Self::Unknown { name, value } => f.debug_struct("Unknown").field("name", name).field("value", value).finish(),
                    }
                }
            }
        }
    });

    // restJson1 (and awsJson) servers may add `"__type"` beside the member; clients ignore it.
    let type_key = (!u.variants.iter().any(|v| v.json_name == "__type")).then(|| {
        quote!("__type" => {
            map.next_value::<::serde::de::IgnoredAny>()?;
            None
        })
    });
    let expecting = format!("the union {type_name}: an object with exactly one member");
    let two = format!("union {type_name}: more than one member is set");
    let none = format!("union {type_name}: no member is set");
    quote! {
        #attrs
        #[derive(#derive_debug Clone, PartialEq)]
        #[non_exhaustive]
        // The variants mirror the model's members; boxing the large ones would cost every value
        // an allocation.
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            /// A member that this version of the crate does not know, kept as received.
            Unknown {
                /// The member name on the wire.
                name: #string,
                /// The member's value as received, as JSON (from CBOR, in the JSON form these
                /// types use: byte strings as base64, tags dropped).
                value: ::serde_json::Value,
            },
        }

        #debug
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(Some(1))?;
                match self {
                    #(#serialize_arms)*
                    Self::Unknown { name, value } => map.serialize_entry(name, value)?,
                }
                map.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                struct Visitor;
                impl<'de> ::serde::de::Visitor<'de> for Visitor {
                    type Value = #name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> #result<Self::Value, A::Error> {
                        let mut found = None;
                        while let Some(key) = map.next_key::<#string>()? {
                            // A member whose value is `null` counts as not set.
                            let value = match key.as_str() {
                                #(#deserialize_arms)*
                                #type_key
                                _ => match map.next_value::<crate::serde_support::AnyValue>()?.0 {
                                    ::serde_json::Value::Null => None,
                                    value => Some(#name::Unknown { name: key, value }),
                                },
                            };
                            if let Some(value) = value
                                && found.replace(value).is_some()
                            {
                                return Err(::serde::de::Error::custom(#two));
                            }
                        }
                        found.ok_or_else(|| ::serde::de::Error::custom(#none))
                    }
                }

                deserializer.deserialize_map(Visitor)
            }
        }
    }
}
