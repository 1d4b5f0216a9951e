//! Emits `operations.rs` (each operation's request builder, response parser and error enum) and
//! `http_support.rs` (only the helpers those use), both behind the `http` feature.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Ctx, ident, parse_type};
use crate::http::{BoundField, Operation, RawPayload, Segment};
use crate::types::{Crate, Item, Presence, Type};

/// The `http_support` parts, each included only when an operation needs it.
const CORE: &str = include_str!("../../templates/http/core.rs");
const PERCENT: &str = include_str!("../../templates/http/percent.rs");
const LABEL: &str = include_str!("../../templates/http/label.rs");
const QUERY: &str = include_str!("../../templates/http/query.rs");
const HEADER: &str = include_str!("../../templates/http/header.rs");
const BODY: &str = include_str!("../../templates/http/body.rs");
const DATE_TIME: &str = include_str!("../../templates/http/date_time.rs");
const BODY_OBJECT: &str = include_str!("../../templates/http/body_object.rs");
const BODY_VALUE: &str = include_str!("../../templates/http/body_value.rs");
const BIND_HEADER: &str = include_str!("../../templates/http/bind_header.rs");
const BIND_PREFIX_HEADERS: &str = include_str!("../../templates/http/bind_prefix_headers.rs");
const FROM_OBJECT: &str = include_str!("../../templates/http/from_object.rs");
const BLOB: &str = include_str!("../../templates/http/blob.rs");
const TEXT: &str = include_str!("../../templates/http/text.rs");

/// `operations.rs` for the bound operations.
pub(super) fn operations(ctx: &Ctx, krate: &Crate, ops: &[Operation]) -> TokenStream {
    let mut out = quote! {
        //! HTTP bindings of the operations (restJson1): requests from inputs, outputs and errors
        //! from responses. Behind the `http` feature.
    };
    let mut imports: Vec<String> = Vec::new();
    for op in ops {
        imports.extend(op.input.iter().map(|b| b.type_name.clone()));
        imports.extend(op.output.iter().map(|b| b.type_name.clone()));
        imports.extend(op.errors.iter().map(|(_, t)| t.clone()));
    }
    imports.sort();
    imports.dedup();
    let imports = imports.iter().map(|n| ident(n));
    out.extend(quote!(use crate::{#(#imports),*};));
    // A structure that is the input (or output) of several operations gets one method per
    // operation, named after it; otherwise the plain `to_http_request` / `from_http_response`.
    let uses = |pick: fn(&Operation) -> Option<&str>| {
        let mut counts = std::collections::BTreeMap::<&str, usize>::new();
        for op in ops {
            if let Some(t) = pick(op) {
                *counts.entry(t).or_default() += 1;
            }
        }
        counts
    };
    let inputs = uses(|o| o.input.as_ref().map(|b| b.type_name.as_str()));
    let outputs = uses(|o| o.output.as_ref().map(|b| b.type_name.as_str()));
    for op in ops {
        let snake = heck::ToSnakeCase::to_snake_case(op.name.as_str());
        let shared = |counts: &std::collections::BTreeMap<&str, usize>,
                      b: &Option<crate::http::Bindings>| {
            b.as_ref()
                .is_some_and(|b| counts.get(b.type_name.as_str()).copied().unwrap_or(0) > 1)
        };
        let to = if shared(&inputs, &op.input) {
            format_ident!("to_{}_request", snake)
        } else {
            format_ident!("to_http_request")
        };
        let from = if shared(&outputs, &op.output) {
            format_ident!("from_{}_response", snake)
        } else {
            format_ident!("from_http_response")
        };
        out.extend(request(ctx, op, &to));
        out.extend(response(ctx, op, &from));
        out.extend(error_enum(ctx, krate, op));
    }
    out
}

/// `http_support.rs` with the parts `ops` use.
pub(super) fn support(ops: &[Operation]) -> TokenStream {
    let inputs = || ops.iter().filter_map(|o| o.input.as_ref());
    let labels: Vec<&BoundField> = ops
        .iter()
        .flat_map(|o| o.path.iter())
        .filter_map(|s| match s {
            Segment::Label { field, .. } => Some(field),
            Segment::Literal(_) => None,
        })
        .collect();
    let has_query =
        ops.iter().any(|o| !o.query_literals.is_empty()) || inputs().any(|b| !b.query.is_empty());
    let mut parts = vec![
        "//! HTTP support shared by the operations (restJson1): URI encoding, error-code dispatch and\n//! response parsing that names the failing member. Behind the `http` feature.",
        CORE,
    ];
    if !labels.is_empty() || has_query {
        parts.push(PERCENT);
    }
    if !labels.is_empty() {
        parts.push(LABEL);
    }
    if has_query {
        parts.push(QUERY);
    }
    if inputs().any(|b| !b.headers.is_empty() || !b.prefix_headers.is_empty()) {
        parts.push(HEADER);
    }
    let outputs = || ops.iter().filter_map(|o| o.output.as_ref());
    let bound_outputs: Vec<_> = outputs()
        .filter(|b| {
            !b.headers.is_empty()
                || b.status.is_some()
                || b.payload.is_some()
                || !b.prefix_headers.is_empty()
        })
        .collect();
    if !bound_outputs.is_empty() {
        parts.push(FROM_OBJECT);
    }
    if bound_outputs.iter().any(|b| b.payload.is_none()) {
        parts.push(BODY_OBJECT);
    }
    if bound_outputs
        .iter()
        .any(|b| b.payload.as_ref().is_none_or(|p| p.raw.is_none()))
    {
        parts.push(BODY_VALUE);
    }
    if bound_outputs.iter().any(|b| !b.headers.is_empty()) {
        parts.push(BIND_HEADER);
    }
    if bound_outputs.iter().any(|b| !b.prefix_headers.is_empty()) {
        parts.push(BIND_PREFIX_HEADERS);
    }
    let raw = |kind: fn(&RawPayload) -> bool| {
        bound_outputs.iter().any(|b| {
            b.payload
                .as_ref()
                .and_then(|p| p.raw.as_ref())
                .is_some_and(kind)
        })
    };
    if raw(|r| matches!(r, RawPayload::Blob { .. })) {
        parts.push(BLOB);
    }
    if raw(|r| matches!(r, RawPayload::Text { .. })) {
        parts.push(TEXT);
    }
    if inputs().any(|b| b.has_body) {
        parts.push(BODY);
    }
    let uri_timestamps = labels
        .iter()
        .copied()
        .chain(inputs().flat_map(|b| b.query.iter().map(|(_, f)| f)))
        .any(|f| contains_timestamp(&f.ty));
    if uri_timestamps {
        parts.push(DATE_TIME);
    }
    let file: syn::File = syn::parse_str(&parts.join("\n"))
        .unwrap_or_else(|e| panic!("generator bug: an HTTP template is not valid Rust: {e}"));
    quote::ToTokens::into_token_stream(file)
}

fn contains_timestamp(ty: &Type) -> bool {
    match ty {
        Type::Timestamp(_) => true,
        Type::List { item, .. } => contains_timestamp(item),
        _ => false,
    }
}

/// An expression giving the `&str` text of a scalar value `value` (labels, query, headers).
fn text(ty: &Type, value: TokenStream) -> TokenStream {
    match ty {
        Type::String => quote!(#value.as_str()),
        Type::Timestamp(_) => quote!(crate::http_support::date_time(#value).as_str()),
        _ => quote!(#value.to_string().as_str()),
    }
}

/// `to_http_request` on the input type.
fn request(ctx: &Ctx, op: &Operation, method_name: &proc_macro2::Ident) -> TokenStream {
    let Some(input) = &op.input else {
        return quote!();
    };
    let ty = ident(&input.type_name);
    let method = &op.method;
    let template = op.path.iter().map(|s| match s {
        Segment::Literal(l) => l.clone(),
        Segment::Label { field, greedy } => {
            format!("{{{}{}}}", field.wire_name, if *greedy { "+" } else { "" })
        }
    });
    let doc = format!(
        " Builds the `{}` request: `{method} /{}`.\n\n The URI is origin-form (path and query, no scheme or host): join it to the service endpoint,\n then sign and send the request with any HTTP client.",
        op.name,
        template.collect::<Vec<_>>().join("/")
    );
    let doc = doc.lines().map(str::to_owned);
    let string = parse_type(&ctx.string());
    let result = parse_type(&ctx.result());
    let vec = parse_type(&ctx.vec());
    let mut steps = Vec::new();
    for segment in &op.path {
        steps.push(match segment {
            Segment::Literal(l) => {
                let lit = format!("/{l}");
                quote!(uri.push_str(#lit);)
            }
            Segment::Label { field, greedy } => {
                let member = &field.wire_name;
                let name = ident(&field.name);
                if field.optional {
                    // A missing label is sent as empty, which push_label rejects.
                    let text = text(&field.ty, quote!(value));
                    quote! {
                        uri.push('/');
                        let label = match &self.#name { Some(value) => #text.to_owned(), None => #string::new() };
                        crate::http_support::push_label(&mut uri, #member, &label, #greedy)?;
                    }
                } else {
                    let value = text(&field.ty, quote!(self.#name));
                    quote! {
                        uri.push('/');
                        crate::http_support::push_label(&mut uri, #member, #value, #greedy)?;
                    }
                }
            }
        });
    }
    if op.path.is_empty() {
        steps.push(quote!(uri.push('/');));
    }
    for (key, value) in &op.query_literals {
        let value = value.clone().unwrap_or_default();
        steps.push(quote!(crate::http_support::push_query(&mut uri, #key, #value);));
    }
    for (key, field) in &input.query {
        let name = ident(&field.name);
        let push = |ty: &Type, v: TokenStream| {
            let t = text(ty, v);
            quote!(crate::http_support::push_query(&mut uri, #key, #t);)
        };
        let one = match &field.ty {
            Type::List { item, .. } => {
                let p = push(item, quote!(item));
                quote!(for item in value { #p })
            }
            ty => push(ty, quote!(value)),
        };
        steps.push(if field.optional {
            quote!(if let Some(value) = &self.#name { #one })
        } else {
            quote!({ let value = &self.#name; #one })
        });
    }
    if let Some(params) = &input.query_params {
        let name = ident(&params.name);
        let explicit: Vec<&str> = input.query.iter().map(|(k, _)| k.as_str()).collect();
        let push = match &params.ty {
            Type::Map { value, .. } if matches!(**value, Type::List { .. }) => {
                quote!(for item in value {
                    crate::http_support::push_query(&mut uri, key, item);
                })
            }
            _ => quote!(crate::http_support::push_query(&mut uri, key, value);),
        };
        let map = if params.optional {
            quote!(self.#name.iter().flatten())
        } else {
            quote!(self.#name.iter())
        };
        // Parameters bound by @httpQuery win over the map's.
        steps.push(quote! {
            for (key, value) in #map {
                if ![#(#explicit),*].contains(&key.as_str()) {
                    #push
                }
            }
        });
    }
    let changes_builder = !input.headers.is_empty()
        || !input.prefix_headers.is_empty()
        || input.payload.is_some()
        || input.has_body;
    let mut_ = changes_builder.then(|| quote!(mut));
    let mut builder =
        vec![quote!(let #mut_ builder = ::http::Request::builder().method(#method).uri(uri);)];
    for (header, field) in &input.headers {
        let name = ident(&field.name);
        let member = &field.wire_name;
        let value = match &field.ty {
            Type::List { item, .. } => {
                let t = text(item, quote!(item));
                quote!(value.iter().map(|item| #t.to_owned()).collect::<#vec<_>>().join(", ").as_str())
            }
            ty => text(ty, quote!(value)),
        };
        let set = quote!(builder = builder.header(#header, crate::http_support::header_value(#member, #value)?););
        builder.push(if field.optional {
            quote!(if let Some(value) = &self.#name { #set })
        } else {
            quote!({ let value = &self.#name; #set })
        });
    }
    for (prefix, field) in &input.prefix_headers {
        let name = ident(&field.name);
        let member = &field.wire_name;
        let map = if field.optional {
            quote!(self.#name.iter().flatten())
        } else {
            quote!(self.#name.iter())
        };
        builder.push(quote! {
            for (suffix, value) in #map {
                builder = builder.header(format!("{}{suffix}", #prefix), crate::http_support::header_value(#member, value)?);
            }
        });
    }
    let body = if let Some(payload) = &input.payload {
        let name = ident(&payload.field.name);
        let value = if payload.field.optional {
            quote!(self.#name.as_ref())
        } else {
            quote!(Some(&self.#name))
        };
        let (content_type, bytes) = match &payload.raw {
            None => (
                "application/json".to_owned(),
                quote!(::serde_json::to_vec(payload).map_err(crate::RequestError::Body)?),
            ),
            Some(RawPayload::Blob { media_type }) => (media_type.clone(), quote!(payload.clone())),
            Some(RawPayload::Text { media_type }) => {
                let bytes = match payload.field.ty {
                    Type::String => quote!(payload.as_bytes().to_vec()),
                    _ => quote!(payload.as_str().as_bytes().to_vec()),
                };
                (media_type.clone(), bytes)
            }
        };
        quote! {
            let body = match #value {
                Some(payload) => {
                    builder = builder.header("content-type", #content_type);
                    #bytes
                }
                None => #vec::new(),
            };
        }
    } else if input.has_body {
        let non_body = &input.non_body;
        quote! {
            builder = builder.header("content-type", "application/json");
            let body = crate::http_support::json_body(self, &[#(#non_body),*])?;
        }
    } else {
        quote!(let body = #vec::new();)
    };
    let touches_deprecated = input
        .query
        .iter()
        .chain(&input.headers)
        .chain(&input.prefix_headers)
        .any(|(_, f)| f.deprecated)
        || input.query_params.as_ref().is_some_and(|f| f.deprecated)
        || input.payload.as_ref().is_some_and(|p| p.field.deprecated)
        || op
            .path
            .iter()
            .any(|s| matches!(s, Segment::Label { field, .. } if field.deprecated));
    let allow = touches_deprecated.then(|| quote!(#[allow(deprecated)]));
    quote! {
        #allow
        impl #ty {
            #(#[doc = #doc])*
            pub fn #method_name(&self) -> #result<::http::Request<#vec<u8>>, crate::RequestError> {
                let mut uri = #string::new();
                #(#steps)*
                #(#builder)*
                #body
                builder.body(body).map_err(crate::RequestError::Http)
            }
        }
    }
}

/// `from_http_response` on the output type (or `check_http_response` on the error when the
/// operation has no output).
fn response(ctx: &Ctx, op: &Operation, method_name: &proc_macro2::Ident) -> TokenStream {
    let error = ident(&op.error_enum);
    let result = parse_type(&ctx.result());
    let vec = parse_type(&ctx.vec());
    let Some(output) = &op.output else {
        let doc = format!(
            " Checks an `{}` response: `Ok` for a 2xx status, the operation's error otherwise.",
            op.name
        );
        return quote! {
            impl #error {
                #[doc = #doc]
                pub fn check_http_response(response: &::http::Response<#vec<u8>>) -> #result<(), Self> {
                    if response.status().is_success() { Ok(()) } else { Err(Self::from_http_response(response)) }
                }
            }
        };
    };
    let ty = ident(&output.type_name);
    let doc = format!(
        " Parses an `{}` response: a 2xx status into the output, anything else into [`{}`].",
        op.name, op.error_enum
    );
    let bound = !output.headers.is_empty()
        || output.status.is_some()
        || output.payload.is_some()
        || !output.prefix_headers.is_empty();
    let body = if bound {
        // Headers, status and payload join the body's members in one JSON object, read once.
        let mut steps = Vec::new();
        for (header, field) in &output.headers {
            let wire = &field.wire_name;
            let json = header_json(&field.ty);
            steps.push(quote!(crate::http_support::bind_header(&mut object, response, #header, #wire, #json);));
        }
        for (prefix, field) in &output.prefix_headers {
            let wire = &field.wire_name;
            steps.push(quote!(crate::http_support::bind_prefix_headers(&mut object, response, #prefix, #wire);));
        }
        if let Some(field) = &output.status {
            let wire = &field.wire_name;
            steps.push(quote!(object.insert(#wire.to_owned(), ::serde_json::Value::from(status));));
        }
        let start = match &output.payload {
            None => {
                quote!(let mut object = crate::http_support::body_object(status, response.body())?;)
            }
            Some(payload) => {
                let wire = &payload.field.wire_name;
                let value = match &payload.raw {
                    None => quote!(crate::http_support::body_value(status, response.body())?),
                    Some(RawPayload::Blob { .. }) => {
                        quote!(crate::http_support::blob_value(response.body()))
                    }
                    Some(RawPayload::Text { .. }) => {
                        quote!(crate::http_support::text_value(status, response.body())?)
                    }
                };
                quote! {
                    let mut object = ::serde_json::Map::new();
                    let payload = #value;
                    if !payload.is_null() {
                        object.insert(#wire.to_owned(), payload);
                    }
                }
            }
        };
        quote! {
            let read = || -> #result<Self, crate::InvalidResponse> {
                #start
                #(#steps)*
                crate::http_support::from_object(status, object)
            };
            read().map_err(#error::InvalidResponse)
        }
    } else {
        quote!(crate::http_support::parse_json::<Self>(status, None, response.body()).map_err(#error::InvalidResponse))
    };
    quote! {
        impl #ty {
            #[doc = #doc]
            pub fn #method_name(response: &::http::Response<#vec<u8>>) -> #result<Self, #error> {
                if !response.status().is_success() {
                    return Err(#error::from_http_response(response));
                }
                let status = response.status().as_u16();
                #body
            }
        }
    }
}

/// A closure turning a response header's text into the JSON its member's serde reads: numbers
/// and booleans when the text parses as one, else the text (so serde names the member).
fn header_json(ty: &Type) -> TokenStream {
    let convert = header_value_json(ty, quote!(text));
    quote!(|text: &str| #convert)
}

/// The JSON expression for the header text `text` of type `ty`.
fn header_value_json(ty: &Type, text: TokenStream) -> TokenStream {
    let string = quote!(::serde_json::Value::String(#text.to_owned()));
    match ty {
        Type::I8 | Type::I16 | Type::I32 | Type::I64 => {
            quote!(#text.parse::<i64>().map_or_else(|_| #string, ::serde_json::Value::from))
        }
        Type::F32 | Type::F64 => quote! {
            #text.parse::<f64>().ok().filter(|f| f.is_finite()).map_or_else(|| #string, ::serde_json::Value::from)
        },
        Type::Bool => quote! {
            match #text { "true" => ::serde_json::Value::Bool(true), "false" => ::serde_json::Value::Bool(false), _ => #string }
        },
        Type::List { item, .. } => {
            let inner = header_value_json(item, quote!(item));
            quote!(::serde_json::Value::Array(#text.split(',').map(str::trim).map(|item| #inner).collect()))
        }
        _ => string,
    }
}

/// The operation's error enum with `from_http_response`, `code`, `message`, Display and Error.
fn error_enum(ctx: &Ctx, krate: &Crate, op: &Operation) -> TokenStream {
    let name = ident(&op.error_enum);
    let vec = parse_type(&ctx.vec());
    let doc = format!(" An error of the `{}` operation.", op.name);
    let variants: Vec<_> = op.errors.iter().map(|(v, _)| ident(v)).collect();
    let types: Vec<_> = op.errors.iter().map(|(_, t)| ident(t)).collect();
    let codes: Vec<&str> = op.errors.iter().map(|(v, _)| v.as_str()).collect();
    let variant_docs = op.errors.iter().map(|(v, t)| {
        let first = error_doc(krate, t);
        format!(" `{v}`: {first}")
    });
    let messages = op.errors.iter().map(|(v, t)| {
        let v = ident(v);
        match message_field(krate, t) {
            Some((field, optional)) => {
                let field = ident(&field);
                if optional {
                    quote!(Self::#v(e) => e.#field.as_deref(),)
                } else {
                    quote!(Self::#v(e) => Some(e.#field.as_str()),)
                }
            }
            None => quote!(Self::#v(_) => None,),
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #variant_docs] #variants(#types), )*
            /// An error response the operation does not model (an unknown code, or a generic HTTP
            /// failure such as a 503 page from a proxy).
            Unhandled(crate::UnhandledError),
            /// A response that does not match the model; names the member when it can.
            InvalidResponse(crate::InvalidResponse),
        }

        impl #name {
            /// Reads an error response (a non-2xx status). The code comes from the
            /// `x-amzn-ErrorType` header, else the body's `code` or `__type`, without any
            /// `namespace#` prefix or `:suffix`; the message from `message`, else `Message`.
            pub fn from_http_response(response: &::http::Response<#vec<u8>>) -> Self {
                let error = crate::http_support::ErrorResponse::read(response);
                let Some(body) = &error.body else {
                    return Self::Unhandled(error.unhandled(response.body()));
                };
                let parsed = match error.code.as_str() {
                    #( #codes => crate::http_support::parse_json(error.status, Some(&error.code), body).map(Self::#variants), )*
                    _ => return Self::Unhandled(error.unhandled(response.body())),
                };
                parsed.unwrap_or_else(Self::InvalidResponse)
            }

            /// The error code, as botocore reports it (the HTTP status when the response has none).
            pub fn code(&self) -> &str {
                match self {
                    #( Self::#variants(_) => #codes, )*
                    Self::Unhandled(e) => &e.code,
                    Self::InvalidResponse(e) => &e.code,
                }
            }

            /// The error message, when the response carries one.
            pub fn message(&self) -> Option<&str> {
                match self {
                    #(#messages)*
                    Self::Unhandled(e) => e.message.as_deref(),
                    Self::InvalidResponse(e) => Some(&e.message),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #( Self::#variants(e) => ::std::fmt::Display::fmt(e, f), )*
                    Self::Unhandled(e) => ::std::fmt::Display::fmt(e, f),
                    Self::InvalidResponse(e) => ::std::fmt::Display::fmt(e, f),
                }
            }
        }

        impl ::std::error::Error for #name {
            fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    #( Self::#variants(e) => Some(e), )*
                    Self::Unhandled(e) => Some(e),
                    Self::InvalidResponse(e) => Some(e),
                }
            }
        }
    }
}

/// The first sentence of an error structure's docs.
fn error_doc(krate: &Crate, type_name: &str) -> String {
    krate
        .items
        .iter()
        .find_map(|i| match i {
            Item::Struct(s) if s.name == type_name => Some(
                s.meta
                    .docs
                    .split("\n\n")
                    .next()
                    .unwrap_or_default()
                    .replace('\n', " "),
            ),
            _ => None,
        })
        .unwrap_or_default()
}

/// The field holding an error structure's message: (Rust name, optional).
fn message_field(krate: &Crate, type_name: &str) -> Option<(String, bool)> {
    krate.items.iter().find_map(|i| match i {
        Item::Struct(s) if s.name == type_name => s
            .fields
            .iter()
            .find(|f| f.wire_name.eq_ignore_ascii_case("message") && f.ty == Type::String)
            .map(|f| (f.name.clone(), f.presence == Presence::Optional)),
        _ => None,
    })
}
