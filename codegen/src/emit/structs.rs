//! Emits structures: fields with their serde attributes, Debug (redacting `@sensitive`), and
//! `Display` + `Error` for `@error` structures.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::{Ctx, ident, meta_attrs, parse_type};
use crate::types::{DefaultValue, Field, Item, Presence, Struct, Type};

/// The struct, its Debug (derived, or hand-written when a field is sensitive) and error impls.
pub(super) fn emit(ctx: &Ctx, s: &Struct) -> TokenStream {
    let name = ident(&s.name);
    let attrs = meta_attrs(&s.meta);
    let fields = s.fields.iter().map(|f| field(ctx, f));
    let sensitive = s.fields.iter().any(|f| f.sensitive);
    let derive_debug = if sensitive { quote!() } else { quote!(Debug,) };
    let derive_default = if s.derive_default {
        quote!(Default,)
    } else {
        quote!()
    };
    let mut out = quote! {
        #attrs
        #[derive(#derive_debug Clone, #derive_default PartialEq)]
        pub struct #name {
            #(#fields)*
        }
    };
    out.extend(serde_impls(ctx, s));
    if sensitive {
        out.extend(debug_impl(s));
    }
    if s.error.is_some() {
        out.extend(error_impl(s));
    }
    out
}

fn field(ctx: &Ctx, f: &Field) -> TokenStream {
    let attrs = meta_attrs(&f.meta);
    let name = ident(&f.name);
    let ty = match f.presence {
        Presence::Optional => parse_type(&format!("{}<{}>", ctx.option(), ctx.type_str(&f.ty))),
        Presence::Required | Presence::Default(_) => ctx.ty(&f.ty),
    };
    quote! {
        #attrs
        pub #name: #ty,
    }
}

/// `Serialize` and `Deserialize`, written out rather than derived: the crate then builds without
/// `serde_derive` (and `syn`), and the code is a fraction of the derive's (no sequence form, no
/// per-type field visitor; read as a map, whose serde_json code is smaller than a struct's).
/// Members go out in model order, an absent optional one not at all; they come in in any order,
/// unknown ones skipped, a repeated one an error, as the derive has it.
fn serde_impls(ctx: &Ctx, s: &Struct) -> TokenStream {
    let name = ident(&s.name);
    let type_name = &s.name;
    let result = parse_type(&ctx.result());
    let expecting = format!("struct {type_name}");
    // The map's length, as the derive counts it: CBOR writes it as the map's header.
    let required = s
        .fields
        .iter()
        .filter(|f| f.presence != Presence::Optional)
        .count();
    let mut len: Vec<TokenStream> = Vec::new();
    if required > 0 || s.fields.is_empty() {
        let required = proc_macro2::Literal::usize_unsuffixed(required);
        len.push(quote!(#required));
    }
    len.extend(
        s.fields
            .iter()
            .filter(|f| f.presence == Presence::Optional)
            .map(|f| {
                let name = ident(&f.name);
                quote!(usize::from(self.#name.is_some()))
            }),
    );
    let serialize = s.fields.iter().map(|f| {
        let name = ident(&f.name);
        let wire = &f.json_name;
        let optional = f.presence == Presence::Optional;
        let value = if f.ty.needs_adapter() {
            // An optional field goes through the adapter's `Option`, as it is declared.
            let wrap = |text: String| {
                parse_type(&if optional {
                    format!("{}<{text}>", ctx.option())
                } else {
                    text
                })
            };
            let ty = wrap(ctx.type_str(&f.ty));
            let adapter = wrap(ctx.adapter(&f.ty));
            quote!(&crate::serde_support::Ser::<#ty, #adapter>::new(&self.#name))
        } else {
            quote!(&self.#name)
        };
        let write = quote!(state.serialize_field(#wire, #value)?;);
        if optional {
            quote!(if self.#name.is_some() { #write })
        } else {
            write
        }
    });
    // Each member's value so far, named after its field: `__` keeps them apart from `map` and
    // from names clippy flags (`foo`).
    let slot_of = |f: &Field| format_ident!("__{}", f.name.trim_start_matches("r#"));
    // Their types come from the struct literal at the end: a member that may be `null` reads as
    // an `Option` of its type. One with a `@default` value is spelled out (a method call on it
    // comes first).
    let slots = s.fields.iter().map(|f| {
        let slot = slot_of(f);
        if let Presence::Default(DefaultValue::Value(_)) = f.presence {
            let option = ctx.option();
            let ty = parse_type(&format!("{option}<{option}<{}>>", ctx.type_str(&f.ty)));
            quote!(let mut #slot: #ty = None;)
        } else {
            quote!(let mut #slot = None;)
        }
    });
    // Each member's slot as `read_members` takes it: the `Option` itself, or wrapped with the
    // adapter that reads it.
    let slot_refs = s.fields.iter().map(|f| {
        let slot = slot_of(f);
        let adapter = match &f.presence {
            Presence::Optional | Presence::Default(DefaultValue::Value(_))
                if f.ty.needs_adapter() =>
            {
                Some(format!("{}<{}>", ctx.option(), ctx.adapter(&f.ty)))
            }
            Presence::Default(DefaultValue::Zero) => Some(format!(
                "crate::serde_support::DefaultOnNull<{}>",
                ctx.adapter(&f.ty)
            )),
            _ if f.ty.needs_adapter() => Some(ctx.adapter(&f.ty)),
            _ => None,
        };
        match adapter {
            Some(adapter) => {
                let adapter = parse_type(&adapter);
                quote!(&mut crate::serde_support::SlotAs::<_, #adapter>::new(&mut #slot))
            }
            None => quote!(&mut #slot),
        }
    });
    let values = s.fields.iter().map(|f| {
        let name = ident(&f.name);
        let slot = slot_of(f);
        let value = match &f.presence {
            Presence::Required => quote!(#slot),
            Presence::Optional => quote!(#slot.unwrap_or_default()),
            Presence::Default(DefaultValue::Zero) => quote!(#slot.unwrap_or_default()),
            Presence::Default(DefaultValue::Value(_)) => {
                let default_fn = format_ident!("{}", ctx.symbols.default_fn(&s.name, &f.name));
                quote!(#slot.unwrap_or_default().unwrap_or_else(#default_fn))
            }
        };
        quote!(#name: #value,)
    });
    let unwrap = s.fields.iter().filter(|f| f.presence == Presence::Required).map(|f| {
        let slot = slot_of(f);
        let wire = &f.json_name;
        quote!(let Some(#slot) = #slot else {
            return Err(::serde::de::Error::missing_field(#wire));
        };)
    });
    let wires = s.fields.iter().map(|f| &f.json_name);
    let state = if s.fields.is_empty() {
        quote!(state)
    } else {
        quote!(mut state)
    };
    let read_members = quote! {
        crate::serde_support::read_members(&mut map, &[#(#wires),*], &mut [#(#slot_refs),*])?;
    };
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                use ::serde::ser::SerializeStruct as _;
                let #state = serializer.serialize_struct(#type_name, #(#len)+*)?;
                #(#serialize)*
                state.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                // `__` names: a model type may be called `A` or `Visitor`.
                struct __Visitor;
                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = #name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }

                    fn visit_map<__A: ::serde::de::MapAccess<'de>>(self, mut map: __A) -> #result<#name, __A::Error> {
                        #(#slots)*
                        #read_members
                        #(#unwrap)*
                        Ok(#name { #(#values)* })
                    }
                }
                deserializer.deserialize_map(__Visitor)
            }
        }
    }
}

/// The functions that produce non-zero `@default` values (an absent or `null` member's value).
pub(super) fn emit_defaults(ctx: &Ctx, items: &[&Item]) -> TokenStream {
    let mut fns = Vec::new();
    for item in items {
        let Item::Struct(s) = item else { continue };
        for f in &s.fields {
            let Presence::Default(DefaultValue::Value(v)) = &f.presence else {
                continue;
            };
            let default_fn = format_ident!("{}", ctx.symbols.default_fn(&s.name, &f.name));
            let ty = ctx.ty(&f.ty);
            let value = default_expr(ctx, &f.ty, v);
            let doc = format!(
                " `{}.{}` when absent or `null`: `{v}`.",
                s.name, f.wire_name
            );
            fns.push(quote! {
                #[doc = #doc]
                fn #default_fn() -> #ty {
                    #value
                }
            });
        }
    }
    quote!(#(#fns)*)
}

/// A Rust expression for a `@default` value (checked against the type by `types`).
pub(super) fn default_expr(ctx: &Ctx, ty: &Type, v: &Value) -> TokenStream {
    match (ty, v) {
        (Type::Bool, Value::Bool(b)) => quote!(#b),
        (
            Type::I8 | Type::I16 | Type::I32 | Type::I64 | Type::F32 | Type::F64,
            Value::Number(n),
        ) => {
            let lit: TokenStream = match ty {
                Type::F32 | Type::F64 => format!("{:?}", n.as_f64().unwrap_or_default()),
                _ => n.to_string(),
            }
            .parse()
            .expect("a JSON number is a Rust literal");
            quote!(#lit)
        }
        (Type::String, Value::String(s)) => {
            let string = parse_type(&ctx.string());
            quote!(#string::from(#s))
        }
        (Type::Named(n), Value::String(s)) => {
            let n = ident(n);
            quote!(#n::from(#s))
        }
        (Type::Named(n), Value::Number(num)) => {
            let n = ident(n);
            let lit: TokenStream = num
                .to_string()
                .parse()
                .expect("a JSON integer is a Rust literal");
            quote!(#n::from(#lit))
        }
        (Type::Timestamp(_), Value::Number(n)) => {
            // Smithy timestamp defaults are epoch seconds.
            let seconds = n.as_i64().unwrap_or_default();
            quote!(crate::Timestamp::from_unix_timestamp(#seconds).unwrap_or(crate::Timestamp::UNIX_EPOCH))
        }
        (Type::Document, v) => document_expr(ctx, v),
        (Type::Blob, Value::String(text)) => {
            use base64::Engine as _;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(text)
                .expect("types::check_default accepts base64 blob defaults only");
            let bytes = proc_macro2::Literal::byte_string(&bytes);
            quote!(#bytes.to_vec())
        }
        _ => unreachable!("types::check_default rejects {v} for {ty:?}"),
    }
}

/// A `serde_json::Value` expression for a document's default.
fn document_expr(ctx: &Ctx, v: &Value) -> TokenStream {
    let value = quote!(::serde_json::Value);
    match v {
        Value::Null => quote!(#value::Null),
        Value::Bool(b) => quote!(#value::Bool(#b)),
        Value::Number(n) => {
            let lit: TokenStream = match (n.as_i64(), n.as_u64()) {
                (Some(i), _) => format!("{i}i64"),
                (None, Some(u)) => format!("{u}u64"),
                (None, None) => format!("{:?}f64", n.as_f64().unwrap_or_default()),
            }
            .parse()
            .expect("a JSON number is a Rust literal");
            quote!(#value::from(#lit))
        }
        Value::String(s) => {
            let string = parse_type(&ctx.string());
            quote!(#value::String(#string::from(#s)))
        }
        Value::Array(items) => {
            let items = items.iter().map(|i| document_expr(ctx, i));
            quote!(#value::Array(::std::vec![#(#items),*]))
        }
        Value::Object(map) => {
            let string = parse_type(&ctx.string());
            let entries = map.iter().map(|(k, v)| {
                let v = document_expr(ctx, v);
                quote!((#string::from(#k), #v))
            });
            quote!(#value::Object([#(#entries),*].into_iter().collect()))
        }
    }
}

/// `Debug` that prints `*** Sensitive Data Redacted ***` for sensitive fields.
fn debug_impl(s: &Struct) -> TokenStream {
    let name = ident(&s.name);
    let type_name = &s.name;
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        let label = f.name.trim_start_matches("r#");
        if f.sensitive {
            quote!(.field(#label, &"*** Sensitive Data Redacted ***"))
        } else {
            quote!(.field(#label, &self.#field))
        }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#type_name) #(#fields)* .finish()
            }
        }
    }
}

/// `Display` (the error's shape name, which is its code, and its message) and
/// `std::error::Error`.
fn error_impl(s: &Struct) -> TokenStream {
    let name = ident(&s.name);
    let type_name = crate::model::shape_name(&s.shape_id);
    let message = s
        .fields
        .iter()
        .find(|f| f.wire_name.eq_ignore_ascii_case("message") && f.ty == Type::String)
        .map(|f| {
            let field = ident(&f.name);
            if f.presence == Presence::Optional {
                quote! {
                    if let Some(message) = &self.#field {
                        write!(f, ": {message}")?;
                    }
                }
            } else {
                quote!(write!(f, ": {}", self.#field)?;)
            }
        });
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(#type_name)?;
                #message
                Ok(())
            }
        }
        impl ::std::error::Error for #name {}
    }
}
