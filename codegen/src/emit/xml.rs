//! Emits `xml_codec.rs` of the XML protocols: for each structure and union a request writes, its
//! query keys (`write_query`), and for each one a response reads, how it is read from a parsed
//! XML element (`read_xml`). Behind the `http` feature; the types' serde stays JSON.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Ctx, ident};
use crate::types::{Presence, TimestampFormat};
use crate::xml::{Codec, Member, Shape, Value};

/// The `xml_codec.rs` module of `codec`.
pub(super) fn module(ctx: &Ctx, codec: &Codec, gates: &crate::features::Gates) -> TokenStream {
    let ec2 = codec.protocol == crate::protocol::Protocol::Ec2Query;
    let rest = codec.protocol == crate::protocol::Protocol::RestXml;
    let mut out = quote! {
        //! The XML protocol codec: how requests write each structure (as query keys, or as XML
        //! under restXml), and how responses read each structure from XML. The types' serde
        //! stays JSON.
    };
    // `@default` values of enum type are spelled with the enum's name, unqualified.
    let named_defaults = codec.shapes.iter().any(|(name, shape)| {
        codec.reads.contains(name)
            && shape.members.iter().any(|m| {
                matches!(m.presence, Presence::Default(crate::types::DefaultValue::Value(_)))
                    && m.ty.as_ref().is_some_and(names_a_type)
            })
    });
    if named_defaults {
        out.extend(quote!(use crate::*;));
    }
    for (name, shape) in &codec.shapes {
        let writes = codec.writes.contains(name);
        let reads = codec.reads.contains(name);
        if !writes && !reads {
            continue;
        }
        let ty = ident(name);
        let write = writes.then(|| {
            if rest {
                write_xml(shape)
            } else {
                write_query(shape, ec2)
            }
        });
        let read = reads.then(|| read_xml(ctx, name, shape));
        let code = quote! {
            impl crate::#ty {
                #write
                #read
            }
        };
        out.extend(crate::features::gate(code, &gates.for_type(name)));
    }
    out
}

/// `write_query` of a structure or union: its members as `{prefix}{Name}…` keys.
fn write_query(shape: &Shape, ec2: bool) -> TokenStream {
    let body = if shape.union {
        let arms = shape.members.iter().map(|m| {
            let variant = ident(&m.rust);
            let key = query_key(m);
            match &m.value {
                Some(value) => {
                    let stmts = query_stmts(value, &key, &quote!(value), m.flattened || ec2, ec2, 0);
                    quote!(Self::#variant(value) => { #stmts })
                }
                None => quote!(Self::#variant => query.push(&#key, ""),),
            }
        });
        quote! {
            match self {
                #(#arms)*
                Self::Unknown { .. } => {}
            }
        }
    } else {
        let stmts = shape.members.iter().filter_map(|m| {
            let value = m.value.as_ref()?;
            let field = ident(&m.rust);
            let key = query_key(m);
            let flattened = m.flattened || ec2;
            Some(match m.presence {
                Presence::Optional => {
                    let stmts = query_stmts(value, &key, &quote!(value), flattened, ec2, 0);
                    quote!(if let Some(value) = &self.#field { #stmts })
                }
                _ => {
                    let stmts = query_stmts(value, &key, &quote!(value), flattened, ec2, 0);
                    quote!({ let value = &self.#field; #stmts })
                }
            })
        });
        quote!(#(#stmts)*)
    };
    let unused = shape
        .members
        .iter()
        .all(|m| m.value.is_none() && !shape.union)
        .then(|| quote!(let _ = (prefix, query);));
    quote! {
        /// Writes its members as the query keys of an awsQuery or ec2Query request, under `prefix`.
        pub(crate) fn write_query(&self, prefix: &str, query: &mut crate::http_support::QueryWriter) {
            #unused
            #body
        }
    }
}

/// The key of a member under the `prefix` in scope.
fn query_key(m: &Member) -> TokenStream {
    let name = &m.query_name;
    quote!(format!("{prefix}{}", #name))
}

/// The statements writing `value` (an expression of type `&T`) under the key `key` (an
/// expression of type `String`). `depth` keeps nested loop variables apart.
fn query_stmts(
    value: &Value,
    key: &TokenStream,
    v: &TokenStream,
    flattened: bool,
    ec2: bool,
    depth: usize,
) -> TokenStream {
    let push = |text: TokenStream| quote!(query.push(&#key, #text););
    match value {
        Value::String => push(quote!(#v)),
        Value::Bool => push(quote!(if *#v { "true" } else { "false" })),
        Value::Int => push(quote!(&#v.to_string())),
        Value::F32 => push(quote!(&crate::http_support::format_f32(*#v))),
        Value::F64 => push(quote!(&crate::http_support::format_f64(*#v))),
        Value::Blob => push(quote!(&crate::http_support::format_blob(#v))),
        Value::Timestamp(format) => {
            let format = time_format(*format);
            push(quote!(&crate::http_support::format_timestamp(#v, #format)))
        }
        Value::Enum(_) => push(quote!(#v.as_str())),
        Value::IntEnum(_) => push(quote!(&#v.value().to_string())),
        Value::Shape(_) => {
            let nested = format_ident!("nested{depth}");
            quote! {
                let #nested = #key;
                #v.write_query(&format!("{}.", #nested), query);
            }
        }
        // Methods see through the box; scalars need it opened.
        Value::Boxed(inner) if matches!(**inner, Value::Shape(_)) => {
            query_stmts(inner, key, v, flattened, ec2, depth)
        }
        Value::Boxed(inner) => {
            let unboxed = quote!((&**#v));
            query_stmts(inner, key, &unboxed, flattened, ec2, depth)
        }
        Value::List { member, item, sparse, .. } => {
            let i = format_ident!("i{depth}");
            let item_var = format_ident!("item{depth}");
            let item_key = format_ident!("key{depth}");
            let base = format_ident!("list{depth}");
            let item_key_expr = if flattened {
                quote!(format!("{}.{}", #base, #i + 1))
            } else {
                quote!(format!("{}.{}.{}", #base, #member, #i + 1))
            };
            let inner = query_stmts(item, &quote!(#item_key), &quote!(#item_var), false, ec2, depth + 1);
            let inner = if *sparse {
                quote!(if let Some(#item_var) = #item_var { #inner })
            } else {
                inner
            };
            // awsQuery sends an empty list as the key alone; ec2Query sends nothing.
            let empty = (!ec2).then(|| quote!(if #v.is_empty() { query.push(&#base, ""); }));
            quote! {
                let #base = #key;
                #empty
                for (#i, #item_var) in #v.iter().enumerate() {
                    let #item_key = #item_key_expr;
                    #inner
                }
            }
        }
        Value::Map { key_name, value_name, enum_keys, value, sparse, .. } => {
            let i = format_ident!("i{depth}");
            let k = format_ident!("k{depth}");
            let val = format_ident!("value{depth}");
            let entry = format_ident!("entry{depth}");
            let value_key = format_ident!("value_key{depth}");
            let base = format_ident!("map{depth}");
            let entry_expr = if flattened {
                quote!(format!("{}.{}", #base, #i + 1))
            } else {
                quote!(format!("{}.entry.{}", #base, #i + 1))
            };
            let key_text = if *enum_keys { quote!(#k.as_str()) } else { quote!(#k) };
            let inner = query_stmts(value, &quote!(#value_key), &quote!(#val), false, ec2, depth + 1);
            let inner = if *sparse {
                quote!(if let Some(#val) = #val { #inner })
            } else {
                inner
            };
            quote! {
                let #base = #key;
                for (#i, (#k, #val)) in #v.iter().enumerate() {
                    let #entry = #entry_expr;
                    query.push(&format!("{}.{}", #entry, #key_name), #key_text);
                    let #value_key = format!("{}.{}", #entry, #value_name);
                    #inner
                }
            }
        }
        Value::Unsupported => quote!(),
    }
}

/// `crate::http_support::TimeFormat::…`
fn time_format(format: TimestampFormat) -> TokenStream {
    match format {
        TimestampFormat::DateTime => quote!(crate::http_support::TimeFormat::DateTime),
        TimestampFormat::EpochSeconds => quote!(crate::http_support::TimeFormat::EpochSeconds),
        TimestampFormat::HttpDate => quote!(crate::http_support::TimeFormat::HttpDate),
    }
}

/// `read_xml` of a structure or union: from the element that holds its members.
fn read_xml(ctx: &Ctx, name: &str, shape: &Shape) -> TokenStream {
    let failure = quote!(crate::http_support::XmlFailure);
    let body = if shape.union {
        let arms = shape.members.iter().map(|m| {
            let variant = ident(&m.rust);
            let wire = &m.xml_name;
            match &m.value {
                Some(value) => {
                    let read = read_value(ctx, value, &quote!(child), 0);
                    quote! {
                        if child.name == #wire {
                            return Ok(Self::#variant(crate::http_support::xml_in(#wire, #read)?));
                        }
                    }
                }
                None => quote! {
                    if child.name == #wire {
                        return Ok(Self::#variant);
                    }
                },
            }
        });
        let none = format!("union {name}: no member is set");
        quote! {
            for child in &element.children {
                #(#arms)*
            }
            // A member this version does not know: kept with its text.
            match element.children.first() {
                Some(child) => Ok(Self::Unknown {
                    name: child.name.clone(),
                    value: ::serde_json::Value::String(child.text.clone()),
                }),
                None => Err((::std::string::String::new(), #none.to_owned())),
            }
        }
    } else {
        let fields = shape.members.iter().map(|m| {
            let field = ident(&m.rust);
            let expr = read_member(ctx, m);
            quote!(#field: #expr,)
        });
        let unused = shape
            .members
            .iter()
            .all(|m| m.bound || m.value.is_none())
            .then(|| quote!(let _ = element;));
        quote!(#unused Ok(Self { #(#fields)* }))
    };
    quote! {
        /// Reads it from the XML element that holds its members.
        pub(crate) fn read_xml(element: &crate::http_support::XmlElement) -> ::std::result::Result<Self, #failure> {
            #body
        }
    }
}

/// The expression of a structure member's field, read from `element`.
fn read_member(ctx: &Ctx, m: &Member) -> TokenStream {
    let wire = &m.xml_name;
    let Some(value) = &m.value else {
        return quote!(Default::default());
    };
    let absent = match &m.presence {
        Presence::Optional => None,
        Presence::Required | Presence::Default(_) => Some(zero(ctx, m, value)),
    };
    let optional = absent.is_none();
    let present = |read: TokenStream| {
        if optional {
            quote!(Some(crate::http_support::xml_in(#wire, #read)?))
        } else {
            quote!(crate::http_support::xml_in(#wire, #read)?)
        }
    };
    let absent = absent.unwrap_or_else(|| quote!(None));
    if m.bound {
        // Read from the response's headers or status, not the body.
        return absent;
    }
    if m.attribute {
        let read = read_text(value, &quote!(text));
        let present = present(read);
        return quote!(match element.attribute(#wire) { Some(text) => #present, None => #absent });
    }
    let flattened = match value {
        Value::List { item, sparse, .. } if m.flattened => Some(list_items(ctx, item, *sparse, &quote!(element.children_named(#wire)), 0)),
        Value::Map { key_name, value_name, enum_keys, value, sparse, .. } if m.flattened => Some(map_entries(
            ctx,
            key_name,
            value_name,
            *enum_keys,
            value,
            *sparse,
            &quote!(element.children_named(#wire)),
            0,
        )),
        _ => None,
    };
    if let Some(read) = flattened {
        let present = present(quote!(Ok::<_, crate::http_support::XmlFailure>(items)));
        return quote!({
            let items = #read?;
            if items.is_empty() { #absent } else { #present }
        });
    }
    let read = read_value(ctx, value, &quote!(child), 0);
    let present = present(read);
    quote!(match element.child(#wire) { Some(child) => #present, None => #absent })
}

/// The value of a required or defaulted member that a response lacks: its `@default`, else the
/// zero value of its type (Smithy's client error correction).
fn zero(ctx: &Ctx, m: &Member, value: &Value) -> TokenStream {
    if let (Presence::Default(crate::types::DefaultValue::Value(v)), Some(ty)) = (&m.presence, &m.ty) {
        return super::structs::default_expr(ctx, ty, v);
    }
    match value {
        Value::Timestamp(_) => quote!(crate::Timestamp::UNIX_EPOCH),
        Value::Enum(name) => {
            let ty = ident(name);
            quote!(crate::#ty::from(""))
        }
        Value::IntEnum(name) => {
            let ty = ident(name);
            quote!(crate::#ty::from(0))
        }
        Value::Shape(name) => {
            let ty = ident(name);
            quote!(crate::#ty::read_xml(&crate::http_support::XmlElement::default())?)
        }
        Value::Boxed(inner) => {
            let inner = zero(ctx, m, inner);
            quote!(Box::new(#inner))
        }
        _ => quote!(Default::default()),
    }
}

/// A `Result<T, XmlFailure>` expression reading `value` from the element `el`.
fn read_value(ctx: &Ctx, value: &Value, el: &TokenStream, depth: usize) -> TokenStream {
    match value {
        Value::Shape(name) => {
            let ty = ident(name);
            quote!(crate::#ty::read_xml(#el))
        }
        Value::Boxed(inner) => {
            let inner = read_value(ctx, inner, el, depth);
            quote!(#inner.map(Box::new))
        }
        Value::List { member, item, sparse, .. } => {
            list_items(ctx, item, *sparse, &quote!(#el.children_named(#member)), depth)
        }
        Value::Map { key_name, value_name, enum_keys, value, sparse, .. } => map_entries(
            ctx,
            key_name,
            value_name,
            *enum_keys,
            value,
            *sparse,
            &quote!(#el.children_named("entry")),
            depth,
        ),
        scalar => read_text(scalar, &quote!(#el.text.as_str())),
    }
}

/// A `Result<T, XmlFailure>` expression reading a scalar from `text` (an expression of type
/// `&str`).
fn read_text(value: &Value, text: &TokenStream) -> TokenStream {
    let parse = |parser: TokenStream| quote!(crate::http_support::xml_parse(#text, #parser));
    match value {
        Value::String => quote!(Ok::<_, crate::http_support::XmlFailure>(::std::string::ToString::to_string(#text))),
        Value::Bool => parse(quote!(crate::http_support::xml_bool)),
        Value::Int => parse(quote!(crate::http_support::xml_int)),
        Value::F32 => parse(quote!(crate::http_support::xml_f32)),
        Value::F64 => parse(quote!(crate::http_support::xml_f64)),
        Value::Blob => parse(quote!(crate::http_support::xml_blob)),
        Value::Timestamp(format) => {
            let format = time_format(*format);
            parse(quote!(|text: &str| crate::http_support::xml_timestamp(text, #format)))
        }
        Value::Enum(name) => {
            let ty = ident(name);
            quote!(Ok::<_, crate::http_support::XmlFailure>(crate::#ty::from(#text)))
        }
        Value::IntEnum(name) => {
            let ty = ident(name);
            quote!(crate::http_support::xml_parse(#text, crate::http_support::xml_int::<i32>).map(crate::#ty::from))
        }
        _ => quote!(Err::<(), _>((::std::string::String::new(), "not readable from XML".to_owned()))),
    }
}

/// A `Result<Vec<T>, XmlFailure>` expression reading each element of `elements` (an iterator of
/// `&XmlElement`) as an item.
fn list_items(ctx: &Ctx, item: &Value, sparse: bool, elements: &TokenStream, depth: usize) -> TokenStream {
    let el = format_ident!("item{depth}");
    let read = read_value(ctx, item, &quote!(#el), depth + 1);
    let read = if sparse { quote!(#read.map(Some)) } else { read };
    // A structure's items read with its `read_xml` itself (no closure around it).
    let map = match item {
        Value::Shape(name) if !sparse => {
            let ty = ident(name);
            quote!(crate::#ty::read_xml)
        }
        _ => quote!(|#el| #read),
    };
    quote!(#elements.map(#map).collect::<::std::result::Result<::std::vec::Vec<_>, crate::http_support::XmlFailure>>())
}

/// A `Result<BTreeMap<K, V>, XmlFailure>` expression reading each entry of `entries` (an
/// iterator of `&XmlElement`, each holding a key and a value element).
#[allow(clippy::too_many_arguments)] // the map's parts, spelled out
fn map_entries(
    ctx: &Ctx,
    key_name: &str,
    value_name: &str,
    enum_keys: bool,
    value: &Value,
    sparse: bool,
    entries: &TokenStream,
    depth: usize,
) -> TokenStream {
    let entry = format_ident!("entry{depth}");
    let el = format_ident!("value{depth}");
    let read = read_value(ctx, value, &quote!(#el), depth + 1);
    let read = if sparse { quote!(#read.map(Some)) } else { read };
    let key = if enum_keys {
        quote!(::std::convert::From::from(key.text.as_str()))
    } else {
        quote!(key.text.clone())
    };
    quote!(#entries
        .map(|#entry| {
            let key = crate::http_support::xml_child(#entry, #key_name)?;
            let #el = crate::http_support::xml_child(#entry, #value_name)?;
            Ok((#key, crate::http_support::xml_in(#value_name, #read)?))
        })
        .collect::<::std::result::Result<::std::collections::BTreeMap<_, _>, crate::http_support::XmlFailure>>())
}

/// `write_xml` of a structure or union: the element `name` with its attribute members, any
/// `namespace` declaration, and its element members in model order.
fn write_xml(shape: &Shape) -> TokenStream {
    let body = if shape.union {
        let arms = shape.members.iter().map(|m| {
            let variant = ident(&m.rust);
            let wire = &m.xml_name;
            match &m.value {
                Some(value) => {
                    let stmts = xml_stmts(value, &quote!(#wire), &namespace_expr(&m.namespace), &quote!(value), m.flattened, 0);
                    quote!(Self::#variant(value) => { #stmts })
                }
                None => quote!(Self::#variant => { writer.start(#wire, &[]); writer.end(#wire); }),
            }
        });
        quote! {
            writer.start(name, namespace.as_slice());
            match self {
                #(#arms)*
                Self::Unknown { .. } => {}
            }
            writer.end(name);
        }
    } else {
        // Attributes go on the start tag, as text.
        let attributes = shape.members.iter().filter(|m| m.attribute && !m.bound).filter_map(|m| {
            let value = m.value.as_ref()?;
            let field = ident(&m.rust);
            let wire = &m.xml_name;
            let text = xml_text(value, &quote!(value))?;
            Some(match m.presence {
                Presence::Optional => quote! {
                    if let Some(value) = &self.#field {
                        attributes.push((#wire, #text));
                    }
                },
                _ => quote! {
                    let value = &self.#field;
                    attributes.push((#wire, #text));
                },
            })
        });
        let elements = shape.members.iter().filter(|m| !m.attribute && !m.bound).filter_map(|m| {
            let value = m.value.as_ref()?;
            let field = ident(&m.rust);
            let wire = &m.xml_name;
            let stmts = xml_stmts(value, &quote!(#wire), &namespace_expr(&m.namespace), &quote!(value), m.flattened, 0);
            Some(match m.presence {
                Presence::Optional => quote!(if let Some(value) = &self.#field { #stmts }),
                _ => quote!({ let value = &self.#field; #stmts }),
            })
        });
        quote! {
            let mut attributes: ::std::vec::Vec<(&str, ::std::string::String)> = ::std::vec::Vec::new();
            if let Some((attribute, uri)) = namespace {
                attributes.push((attribute, uri.to_owned()));
            }
            #(#attributes)*
            let attributes: ::std::vec::Vec<(&str, &str)> = attributes.iter().map(|(k, v)| (*k, v.as_str())).collect();
            writer.start(name, &attributes);
            #(#elements)*
            writer.end(name);
        }
    };
    quote! {
        /// Writes it as the XML element `name` (with the `namespace` declaration, when given).
        pub(crate) fn write_xml(&self, name: &str, namespace: ::std::option::Option<(&str, &str)>, writer: &mut crate::http_support::XmlWriter) {
            #body
        }
    }
}

/// The `Option<(&str, &str)>` expression of an `@xmlNamespace` declaration.
pub(super) fn namespace_expr(namespace: &Option<(String, String)>) -> TokenStream {
    match namespace {
        Some((attribute, uri)) => quote!(Some((#attribute, #uri))),
        None => quote!(None),
    }
}

/// The `String` text of a scalar `v` (an expression of type `&T`); `None` for a non-scalar.
fn xml_text(value: &Value, v: &TokenStream) -> Option<TokenStream> {
    Some(match value {
        Value::String => quote!(::std::string::ToString::to_string(#v)),
        Value::Bool => quote!(::std::string::ToString::to_string(#v)),
        Value::Int => quote!(::std::string::ToString::to_string(#v)),
        Value::F32 => quote!(crate::http_support::format_f32(*#v)),
        Value::F64 => quote!(crate::http_support::format_f64(*#v)),
        Value::Blob => quote!(crate::http_support::format_blob(#v)),
        Value::Timestamp(format) => {
            let format = time_format(*format);
            quote!(crate::http_support::format_timestamp(#v, #format))
        }
        Value::Enum(_) => quote!(#v.as_str().to_owned()),
        Value::IntEnum(_) => quote!(#v.value().to_string()),
        Value::Boxed(inner) => return xml_text(inner, &quote!((&**#v))),
        _ => return None,
    })
}

/// The statements writing `v` (an expression of type `&T`) as the element(s) `name` (an `&str`
/// expression) with the `namespace` declaration (an `Option<(&str, &str)>` expression).
fn xml_stmts(
    value: &Value,
    name: &TokenStream,
    namespace: &TokenStream,
    v: &TokenStream,
    flattened: bool,
    depth: usize,
) -> TokenStream {
    let start = quote! {
        match #namespace {
            Some(declaration) => writer.start(#name, &[declaration]),
            None => writer.start(#name, &[]),
        }
    };
    if let Some(text) = xml_text(value, v) {
        // Strings and enums are written as they are; the rest through their text.
        let text = match value {
            Value::String | Value::Enum(_) => quote!(#v.as_str()),
            _ => quote!(&#text),
        };
        return quote! {
            #start
            writer.text(#text);
            writer.end(#name);
        };
    }
    match value {
        Value::Shape(_) => quote!(#v.write_xml(#name, #namespace, writer);),
        Value::Boxed(inner) => xml_stmts(inner, name, namespace, v, flattened, depth),
        Value::List { member, member_namespace, item, sparse } => {
            let item_var = format_ident!("item{depth}");
            let inner = if flattened {
                xml_stmts(item, name, namespace, &quote!(#item_var), false, depth + 1)
            } else {
                let member_namespace = namespace_expr(member_namespace);
                xml_stmts(item, &quote!(#member), &member_namespace, &quote!(#item_var), false, depth + 1)
            };
            let inner = if *sparse { quote!(if let Some(#item_var) = #item_var { #inner }) } else { inner };
            if flattened {
                quote!(for #item_var in #v.iter() { #inner })
            } else {
                quote! {
                    #start
                    for #item_var in #v.iter() { #inner }
                    writer.end(#name);
                }
            }
        }
        Value::Map { namespaces, key_name, value_name, value, sparse, .. } => {
            let k = format_ident!("k{depth}");
            let val = format_ident!("value{depth}");
            let [key_namespace, value_namespace] = &**namespaces;
            let key_namespace = namespace_expr(key_namespace);
            let value_namespace = namespace_expr(value_namespace);
            let inner = xml_stmts(value, &quote!(#value_name), &value_namespace, &quote!(#val), false, depth + 1);
            let inner = if *sparse { quote!(if let Some(#val) = #val { #inner }) } else { inner };
            let entry = quote! {
                match #key_namespace {
                    Some(declaration) => writer.start(#key_name, &[declaration]),
                    None => writer.start(#key_name, &[]),
                }
                writer.text(#k.as_str());
                writer.end(#key_name);
                #inner
            };
            if flattened {
                quote! {
                    for (#k, #val) in #v.iter() {
                        #start
                        #entry
                        writer.end(#name);
                    }
                }
            } else {
                quote! {
                    #start
                    for (#k, #val) in #v.iter() {
                        writer.start("entry", &[]);
                        #entry
                        writer.end("entry");
                    }
                    writer.end(#name);
                }
            }
        }
        _ => quote!(),
    }
}

/// Whether a type spells a generated type's name.
fn names_a_type(ty: &crate::types::Type) -> bool {
    use crate::types::Type;
    match ty {
        Type::Named(_) => true,
        Type::Boxed(t) | Type::List { item: t, .. } => names_a_type(t),
        Type::Map { key, value, .. } => names_a_type(key) || names_a_type(value),
        _ => false,
    }
}
