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
    let fields = s.fields.iter().map(|f| field(ctx, s, f));
    let sensitive = s.fields.iter().any(|f| f.sensitive);
    let derive_debug = if sensitive { quote!() } else { quote!(Debug,) };
    let derive_default = if s.derive_default {
        quote!(Default,)
    } else {
        quote!()
    };
    let mut out = quote! {
        #attrs
        #[derive(#derive_debug Clone, #derive_default PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }
    };
    if sensitive {
        out.extend(debug_impl(s));
    }
    if s.error.is_some() {
        out.extend(error_impl(s));
    }
    out
}

fn field(ctx: &Ctx, s: &Struct, f: &Field) -> TokenStream {
    let attrs = meta_attrs(&f.meta);
    let name = ident(&f.name);
    let wire = &f.json_name;
    let adapter = f.ty.needs_adapter().then(|| ctx.adapter(&f.ty));
    let option = ctx.option();
    let (ty, serde) = match &f.presence {
        Presence::Optional => {
            let ty = parse_type(&format!("{option}<{}>", ctx.type_str(&f.ty)));
            let skip = format!("{option}::is_none");
            let with = adapter.map(|a| {
                let with = format!("::serde_with::As::<{option}<{a}>>");
                quote!(, with = #with)
            });
            (
                ty,
                quote!(#[serde(rename = #wire, default, skip_serializing_if = #skip #with)]),
            )
        }
        Presence::Required => {
            let with = adapter.map(|a| {
                let with = format!("::serde_with::As::<{a}>");
                quote!(, with = #with)
            });
            (ctx.ty(&f.ty), quote!(#[serde(rename = #wire #with)]))
        }
        Presence::Default(DefaultValue::Zero) => {
            let with = format!(
                "::serde_with::As::<::serde_with::DefaultOnNull<{}>>",
                ctx.adapter(&f.ty)
            );
            (
                ctx.ty(&f.ty),
                quote!(#[serde(rename = #wire, default, with = #with)]),
            )
        }
        Presence::Default(DefaultValue::Value(_)) => {
            let (default_fn, de_fn) = default_fn_names(ctx, s, f);
            let default = default_fn.to_string();
            let de = de_fn.to_string();
            let ser = adapter.map(|a| {
                let ser = format!("::serde_with::As::<{a}>::serialize");
                quote!(, serialize_with = #ser)
            });
            (
                ctx.ty(&f.ty),
                quote!(#[serde(rename = #wire, default = #default, deserialize_with = #de #ser)]),
            )
        }
    };
    quote! {
        #attrs
        #serde
        pub #name: #ty,
    }
}

/// The functions of a non-zero `@default` (named by the symbol table).
fn default_fn_names(ctx: &Ctx, s: &Struct, f: &Field) -> (proc_macro2::Ident, proc_macro2::Ident) {
    let (default, de) = ctx.symbols.default_fns(&s.name, &f.name);
    (format_ident!("{}", default), format_ident!("{}", de))
}

/// Functions that produce non-zero `@default` values and read `null` as that default.
pub(super) fn emit_defaults(ctx: &Ctx, items: &[&Item]) -> TokenStream {
    let mut fns = Vec::new();
    for item in items {
        let Item::Struct(s) = item else { continue };
        for f in &s.fields {
            let Presence::Default(DefaultValue::Value(v)) = &f.presence else {
                continue;
            };
            let (default_fn, de_fn) = default_fn_names(ctx, s, f);
            let ty = ctx.ty(&f.ty);
            let value = default_expr(ctx, &f.ty, v);
            let doc = format!(" `{}.{}` when absent: `{v}`.", s.name, f.wire_name);
            let option = parse_type(&ctx.option());
            let result = parse_type(&ctx.result());
            let read = if f.ty.needs_adapter() {
                let adapter = parse_type(&format!(
                    "::serde_with::As::<{}<{}>>",
                    ctx.option(),
                    ctx.adapter(&f.ty)
                ));
                quote!(#adapter::deserialize(deserializer)?)
            } else {
                quote!(<#option<#ty> as ::serde::Deserialize>::deserialize(deserializer)?)
            };
            fns.push(quote! {
                #[doc = #doc]
                fn #default_fn() -> #ty {
                    #value
                }
                #[doc = " Reads the member, taking its default when it is `null`."]
                fn #de_fn<'de, D: ::serde::Deserializer<'de>>(deserializer: D) -> #result<#ty, D::Error> {
                    Ok(#read.unwrap_or_else(#default_fn))
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
            quote!(::time::OffsetDateTime::from_unix_timestamp(#seconds).unwrap_or(::time::OffsetDateTime::UNIX_EPOCH))
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
