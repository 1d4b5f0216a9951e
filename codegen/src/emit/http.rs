//! Emits `operations.rs` (each operation's request builder, response parser and error enum) and
//! `http_support.rs` (only the helpers those use), both behind the `http` feature.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Ctx, ident, parse_type};
use crate::http::{Bindings, BoundField, Operation, RawPayload, Segment};
use crate::protocol::Codec;
use crate::types::{Crate, Item, Presence, TimestampFormat, Type};

/// `operations.rs` for the bound operations.
pub(super) fn operations(
    ctx: &Ctx,
    krate: &Crate,
    ops: &[Operation],
    gates: &crate::features::Gates,
    xml: Option<&crate::xml::Codec>,
) -> TokenStream {
    let doc = format!(
        " HTTP bindings of the operations ({}): requests from inputs, outputs and errors",
        crate::http::protocol_name(ops)
    );
    let mut out = quote! {
        #![doc = #doc]
        //! from responses. Behind the `http` feature.
    };
    // Each imported type, with the operations whose code uses it.
    let mut imports: std::collections::BTreeMap<String, Vec<&str>> =
        std::collections::BTreeMap::new();
    for op in ops {
        let types = op
            .input
            .iter()
            .chain(&op.output)
            .map(|b| b.type_name.clone());
        for t in types.chain(op.errors.iter().map(|e| e.type_name.clone())) {
            imports.entry(t).or_default().push(op.name.as_str());
        }
    }
    if gates.operations.is_empty() {
        let names = imports.keys().map(|n| ident(n));
        out.extend(quote!(use crate::{#(#names),*};));
    } else {
        for (name, users) in &imports {
            let cfg = gates.for_operations(users.iter().copied());
            let name = ident(name);
            out.extend(quote!(#cfg use crate::#name;));
        }
    }
    // The XML codecs fill in missing members as they read; the JSON and CBOR outputs, and
    // restXml outputs with headers (read through their JSON form), are corrected by table.
    let corrected: Vec<&Operation> = ops
        .iter()
        .filter(|op| match op.codec {
            Codec::Json | Codec::Cbor => true,
            Codec::Xml => op.output.as_ref().is_some_and(binds_response),
            Codec::Query { .. } => false,
        })
        .collect();
    let tables = super::correct::tables(krate, &corrected, gates);
    for op in ops {
        let (to, from) = ctx.symbols.methods(&op.name);
        let (to, from) = (format_ident!("{}", to), format_ident!("{}", from));
        let mut code = request(ctx, op, &to, xml);
        let corrected = op
            .output
            .as_ref()
            .is_some_and(|o| tables.outputs.contains(&o.type_name));
        code.extend(response(ctx, krate, op, &from, corrected, xml));
        code.extend(error_enum(ctx, krate, op));
        out.extend(crate::features::gate(code, &gates.for_operation(&op.name)));
    }
    out.extend(tables.module);
    out.extend(token_source(ops, gates));
    out
}

/// `with_idempotency_tokens`, for crates whose requests fill in `@idempotencyToken` members.
fn token_source(ops: &[Operation], gates: &crate::features::Gates) -> TokenStream {
    let users: Vec<&str> = ops
        .iter()
        .filter(|op| op.extras.idempotency_token.is_some())
        .map(|op| op.name.as_str())
        .collect();
    if users.is_empty() {
        return TokenStream::new();
    }
    let cfg = gates.for_operations(users.iter().copied());
    quote! {
        #cfg
        /// Runs `f` with `tokens` giving the `@idempotencyToken` values that requests built on
        /// this thread fill in when the caller leaves them unset, instead of fresh random UUIDs.
        /// The previous source is back when `f` returns or panics. For tests that compare whole
        /// requests, and for callers with their own token scheme. A retry should resend the
        /// request it built, not build a new one, so that the service sees the same token.
        pub fn with_idempotency_tokens<R>(
            tokens: impl FnMut() -> ::std::string::String + 'static,
            f: impl FnOnce() -> R,
        ) -> R {
            crate::http_support::with_idempotency_tokens(tokens, f)
        }
    }
}

/// `http_support.rs` with the runtime items that `operations` (the code of `ops`) uses.
pub(super) fn support(ops: &[Operation], users: &[&TokenStream]) -> TokenStream {
    let header = format!(
        "HTTP support shared by the operations ({}): URI encoding, error-code dispatch and\nresponse parsing that names the failing member. Behind the `http` feature.",
        crate::http::protocol_name(ops)
    );
    super::runtime::inline(super::runtime::Module::Http, &header, users)
        .expect("the runtime's public HTTP errors are always inlined")
}

/// Whether an output has members outside the JSON body (then its response is assembled member
/// by member).
fn binds_response(output: &Bindings) -> bool {
    !output.headers.is_empty()
        || output.status.is_some()
        || output.payload.is_some()
        || !output.prefix_headers.is_empty()
}

/// Where a scalar is written as text; timestamps default to a different format in each.
#[derive(Clone, Copy)]
enum Location {
    /// A label or query value: `date-time`.
    Uri,
    /// A header: `http-date`.
    Header,
}

/// The format of a timestamp written at `location`: the member's, else the location's default.
fn timestamp_format(field: &BoundField, location: Location) -> TimestampFormat {
    field.timestamp_format.unwrap_or(match location {
        Location::Uri => TimestampFormat::DateTime,
        Location::Header => TimestampFormat::HttpDate,
    })
}

/// An expression giving the `&str` text of a scalar of type `ty` of `field` (the field's own
/// type, or its list's item type) in a label, query value or header. `value` is a place
/// (`self.x`) when `place`, else a reference.
fn text(
    ty: &Type,
    field: &BoundField,
    location: Location,
    value: TokenStream,
    place: bool,
) -> TokenStream {
    let reference = if place {
        quote!(&#value)
    } else {
        value.clone()
    };
    match ty {
        Type::String if field.base64 => {
            quote!(crate::http_support::base64_header(#value.as_str()).as_str())
        }
        Type::String => quote!(#value.as_str()),
        Type::Timestamp(_) => {
            let format = match timestamp_format(field, location) {
                TimestampFormat::DateTime => quote!(date_time),
                TimestampFormat::EpochSeconds => quote!(epoch_seconds),
                TimestampFormat::HttpDate => quote!(http_date),
            };
            quote!(crate::http_support::#format(#reference).as_str())
        }
        Type::F32 | Type::F64 => quote!(crate::http_support::float(#reference).as_str()),
        _ => quote!(#value.to_string().as_str()),
    }
}

/// `to_http_request` on the input type.
fn request(
    ctx: &Ctx,
    op: &Operation,
    method_name: &proc_macro2::Ident,
    xml: Option<&crate::xml::Codec>,
) -> TokenStream {
    let Some(input) = &op.input else {
        return quote!();
    };
    let ty = ident(&input.type_name);
    if let Some(rpc) = &op.rpc {
        return rpc_request(ctx, op, rpc, &ty, method_name);
    }
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
            // A trailing slash (`/policies/?List`) is an empty last segment.
            Segment::Literal(l) if l.is_empty() => quote!(uri.push('/');),
            Segment::Literal(l) => {
                let lit = format!("/{l}");
                quote!(uri.push_str(#lit);)
            }
            Segment::Label { field, greedy } => {
                let member = &field.wire_name;
                let name = ident(&field.name);
                let fallback = op
                    .extras
                    .label_defaults
                    .iter()
                    .find(|(m, _)| m == member)
                    .map(|(_, value)| value);
                if let Some(fallback) = fallback {
                    // A service customization: an empty label means this value.
                    let value = if field.optional {
                        let text = text(&field.ty, field, Location::Uri, quote!(value), false);
                        quote!(self.#name.as_ref().map_or("", |value| #text))
                    } else {
                        let value = text(&field.ty, field, Location::Uri, quote!(self.#name), true);
                        quote!(#value)
                    };
                    quote! {
                        uri.push('/');
                        let label: &str = #value;
                        let label = if label.is_empty() { #fallback } else { label };
                        crate::http_support::push_label(&mut uri, #member, label, #greedy)?;
                    }
                } else if field.optional {
                    // A missing label is sent as empty, which push_label rejects.
                    let text = text(&field.ty, field, Location::Uri, quote!(value), false);
                    quote! {
                        uri.push('/');
                        let label = match &self.#name { Some(value) => #text.to_owned(), None => #string::new() };
                        crate::http_support::push_label(&mut uri, #member, &label, #greedy)?;
                    }
                } else {
                    let value = text(&field.ty, field, Location::Uri, quote!(self.#name), true);
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
        steps.push(match value {
            Some(value) => quote!(crate::http_support::push_query(&mut uri, #key, #value);),
            None => quote!(crate::http_support::push_query_key(&mut uri, #key);),
        });
    }
    for (key, field) in &input.query {
        let name = ident(&field.name);
        let push = |ty: &Type, v: TokenStream| {
            let t = text(ty, field, Location::Uri, v, false);
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
        || !op.extras.headers.is_empty()
        || !input.prefix_headers.is_empty()
        || input.payload.is_some()
        || input.has_body;
    let mut_ = changes_builder.then(|| quote!(mut));
    let mut builder =
        vec![quote!(let #mut_ builder = ::http::Request::builder().method(#method).uri(uri);)];
    for (header, value) in &op.extras.headers {
        builder.push(quote!(builder = builder.header(#header, #value);));
    }
    for (header, field) in &input.headers {
        let name = ident(&field.name);
        let member = &field.wire_name;
        let value = match &field.ty {
            // HTTP dates hold commas but are not quoted in a list (the Smithy protocol tests).
            Type::List { item, .. } if matches!(**item, Type::Timestamp(_)) => {
                let t = text(item, field, Location::Header, quote!(item), false);
                quote!(value.iter().map(|item| #t.to_owned()).collect::<::std::vec::Vec<_>>().join(", ").as_str())
            }
            Type::List { item, .. } => {
                let t = text(item, field, Location::Header, quote!(item), false);
                quote!(crate::http_support::header_list(value.iter().map(|item| #t.to_owned())).as_str())
            }
            ty => text(ty, field, Location::Header, quote!(value), false),
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
        let set = quote!(builder = builder.header(header, crate::http_support::header_value(#member, value)?););
        // A header bound by @httpHeader wins over the map's entry of the same name.
        let explicit: Vec<String> = input
            .headers
            .iter()
            .map(|(h, _)| h.to_ascii_lowercase())
            .filter(|h| h.starts_with(&prefix.to_ascii_lowercase()))
            .collect();
        let set = if explicit.is_empty() {
            set
        } else {
            quote! {
                if ![#(#explicit),*].iter().any(|h| h.eq_ignore_ascii_case(&header)) {
                    #set
                }
            }
        };
        builder.push(quote! {
            for (suffix, value) in #map {
                let header = format!("{}{suffix}", #prefix);
                #set
            }
        });
    }
    // A member bound to Content-Type replaces the default one when it is set.
    let content_type_member = input
        .headers
        .iter()
        .find(|(h, _)| h.eq_ignore_ascii_case("content-type"))
        .map(|(_, f)| f);
    let content_type = |media_type: &str| match content_type_member {
        None => quote!(builder = builder.header("content-type", #media_type);),
        Some(f) if f.optional => {
            let name = ident(&f.name);
            quote! {
                if self.#name.is_none() {
                    builder = builder.header("content-type", #media_type);
                }
            }
        }
        Some(_) => quote!(),
    };
    let body = if let Some(payload) = &input.payload {
        let name = ident(&payload.field.name);
        let value = if payload.field.optional {
            quote!(self.#name.as_ref())
        } else {
            quote!(Some(&self.#name))
        };
        let (media_type, bytes) = match (&payload.raw, xml) {
            // A structure or union payload under restXml: its element is the body.
            (None, Some(codec)) => {
                let target = named_type(&payload.field.ty);
                let (root, mut namespace) = codec.root(&target);
                let member = codec
                    .shapes
                    .get(&input.type_name)
                    .and_then(|s| s.members.iter().find(|m| m.wire == payload.field.wire_name));
                // The member's `@xmlName` names the element, else the shape's.
                let root = member
                    .filter(|m| m.explicit_name)
                    .map_or(root, |m| m.xml_name.clone());
                if let Some(ns) = member.and_then(|m| m.namespace.clone()) {
                    namespace = Some(ns);
                }
                let namespace = super::xml::namespace_expr(&namespace);
                (
                    "application/xml",
                    quote! {{
                        let mut writer = crate::http_support::XmlWriter::new();
                        payload.write_xml(#root, #namespace, &mut writer);
                        writer.finish()
                    }},
                )
            }
            (None, None) => (
                "application/json",
                quote!(::serde_json::to_vec(payload).map_err(crate::RequestError::Body)?),
            ),
            (Some(RawPayload::Blob { media_type, .. }), _) => {
                (media_type.as_str(), quote!(payload.clone()))
            }
            (Some(RawPayload::Text { media_type }), _) => {
                let bytes = match payload.field.ty {
                    Type::String => quote!(payload.as_bytes().to_vec()),
                    _ => quote!(payload.as_str().as_bytes().to_vec()),
                };
                (media_type.as_str(), bytes)
            }
        };
        let content_type = content_type(media_type);
        if payload.structure && xml.is_some() {
            // An unset structure sends no body under restXml.
            quote! {
                let body = match #value {
                    Some(payload) => {
                        #content_type
                        #bytes
                    }
                    None => #vec::new(),
                };
            }
        } else if payload.structure {
            // An unset structure is still a JSON body: `{}`.
            quote! {
                #content_type
                let body = match #value {
                    Some(payload) => #bytes,
                    None => b"{}".to_vec(),
                };
            }
        } else {
            quote! {
                let body = match #value {
                    Some(payload) => {
                        #content_type
                        #bytes
                    }
                    None => #vec::new(),
                };
            }
        }
    } else if let (true, Some(codec)) = (input.has_body, xml) {
        // restXml: the input's element holds its body members.
        let (root, namespace) = codec.root(&input.type_name);
        let namespace = super::xml::namespace_expr(&namespace);
        let content_type = content_type("application/xml");
        quote! {
            #content_type
            let mut writer = crate::http_support::XmlWriter::new();
            self.write_xml(#root, #namespace, &mut writer);
            let body = writer.finish();
        }
    } else if input.has_body {
        let non_body = &input.non_body;
        let content_type = content_type("application/json");
        quote! {
            #content_type
            let body = crate::http_support::json_body(self, &[#(#non_body),*])?;
        }
    } else {
        quote!(let body = #vec::new();)
    };
    let requires_length = input.payload.as_ref().is_some_and(|p| {
        matches!(
            p.raw,
            Some(RawPayload::Blob {
                requires_length: true,
                ..
            })
        )
    });
    let mut finish = if requires_length {
        quote!(builder = builder.header("content-length", body.len());)
    } else {
        TokenStream::new()
    };
    finish.extend(finish_body(op));
    let fill_token = fill_token(op, method_name);

    quote! {
        impl #ty {
            #(#[doc = #doc])*
            pub fn #method_name(&self) -> #result<::http::Request<#vec<u8>>, crate::RequestError> {
                #fill_token
                let mut uri = #string::new();
                #(#steps)*
                #(#builder)*
                #body
                #finish
                builder.body(body).map_err(crate::RequestError::Http)
            }
        }
    }
}

/// When the caller leaves the `@idempotencyToken` member unset, the request is built from a copy
/// holding a fresh token.
fn fill_token(op: &Operation, method_name: &proc_macro2::Ident) -> TokenStream {
    let Some(field) = &op.extras.idempotency_token else {
        return TokenStream::new();
    };
    let field = ident(field);
    quote! {
        if self.#field.is_none() {
            let mut filled = self.clone();
            filled.#field = Some(crate::http_support::idempotency_token());
            return filled.#method_name();
        }
    }
}

/// What the body goes through once written: gzip (`@requestCompression`, behind the
/// `request-compression` feature), then `Content-MD5` of what is sent (`@httpChecksumRequired`).
fn finish_body(op: &Operation) -> TokenStream {
    let gzip = op.extras.gzip.then(|| {
        quote! {
            #[cfg(feature = "request-compression")]
            let (builder, body) = crate::http_support::gzip_body(builder, body);
        }
    });
    let md5 = op.extras.content_md5.then(|| {
        quote!(let builder = builder.header("content-md5", crate::http_support::content_md5(&body));)
    });
    let glacier = op
        .extras
        .glacier_checksums
        .then(|| quote!(let builder = crate::http_support::glacier_checksums(builder, &body);));
    quote!(#gzip #md5 #glacier)
}

/// `to_http_request` of an RPC protocol: `POST` to the operation's fixed path, its headers and
/// content type, the whole input as the body (none for an operation without input under
/// rpcv2Cbor).
fn rpc_request(
    ctx: &Ctx,
    op: &Operation,
    rpc: &crate::http::Rpc,
    ty: &proc_macro2::Ident,
    method_name: &proc_macro2::Ident,
) -> TokenStream {
    let codec = match rpc.codec {
        Codec::Json => "JSON",
        Codec::Cbor => "CBOR",
        Codec::Query { .. } | Codec::Xml => "form-encoded query",
    };
    let what = if rpc.bodiless {
        "no body".to_owned()
    } else {
        format!("the input as the {codec} body")
    };
    let fixed = rpc
        .headers
        .iter()
        .map(|(name, value)| format!("`{name}: {value}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let doc = format!(
        " Builds the `{}` request ({}): `POST {}` with {what} and\n {fixed}.\n\n The URI is origin-form (path only, no scheme or host): join it to the service endpoint,\n then sign and send the request with any HTTP client.",
        op.name, rpc.protocol, rpc.path
    );
    let doc = doc.lines().map(str::to_owned);
    let result = parse_type(&ctx.result());
    let vec = parse_type(&ctx.vec());
    let (path, content_type) = (&rpc.path, rpc.content_type);
    let content_type = (!rpc.bodiless).then(|| quote!(.header("content-type", #content_type)));
    let fixed = rpc
        .headers
        .iter()
        .map(|(name, value)| quote!(.header(#name, #value)));
    let query_mode = rpc
        .query_mode
        .then(|| quote!(.header("x-amzn-query-mode", "true")));
    let headers = op
        .extras
        .headers
        .iter()
        .map(|(header, value)| quote!(.header(#header, #value)));
    let builder = quote! {
        ::http::Request::builder()
            .method("POST")
            .uri(#path)
            #content_type
            #(#fixed)*
            #query_mode
            #(#headers)*
    };
    let body = match (rpc.bodiless, rpc.codec) {
        (true, _) => quote!(let body = #vec::new();),
        (false, Codec::Json) => quote!(let body = crate::http_support::json_body(self, &[])?;),
        (false, Codec::Cbor) => quote!(let body = crate::http_support::cbor_body(self)?;),
        (false, Codec::Query { .. } | Codec::Xml) => {
            let (action, version) = (&op.name, &rpc.version);
            quote! {
                let mut query = crate::http_support::QueryWriter::new(#action, #version);
                self.write_query("", &mut query);
                let body = query.finish();
            }
        }
    };
    let finish = finish_body(op);
    let fill_token = fill_token(op, method_name);
    let send = if finish.is_empty() {
        quote!(#builder.body(body).map_err(crate::RequestError::Http))
    } else {
        quote! {
            let builder = #builder;
            #finish
            builder.body(body).map_err(crate::RequestError::Http)
        }
    };
    quote! {
        impl #ty {
            #(#[doc = #doc])*
            pub fn #method_name(&self) -> #result<::http::Request<#vec<u8>>, crate::RequestError> {
                #fill_token
                #body
                #send
            }
        }
    }
}

/// The structure or union a payload member holds (through a box); empty for any other type.
fn named_type(ty: &Type) -> String {
    match ty {
        Type::Named(name) => name.clone(),
        Type::Boxed(inner) => named_type(inner),
        _ => String::new(),
    }
}

/// `from_http_response` on the output type (or `check_http_response` on the error when the
/// operation has no output).
fn response(
    ctx: &Ctx,
    krate: &Crate,
    op: &Operation,
    method_name: &proc_macro2::Ident,
    corrected: bool,
    xml: Option<&crate::xml::Codec>,
) -> TokenStream {
    let error = ident(&op.error_enum);
    let result = parse_type(&ctx.result());
    let vec = parse_type(&ctx.vec());
    let Some(output) = &op.output else {
        let doc = format!(
            " Checks the `{}` response: `Ok` for a 2xx status, the operation's error otherwise.",
            op.name
        );
        return quote! {
            impl #error {
                #[doc = #doc]
                #[allow(clippy::result_large_err)] // the error variants hold the model's error structures unboxed, as the API promises
                pub fn check_http_response(response: &::http::Response<#vec<u8>>) -> #result<(), Self> {
                    if response.status().is_success() { Ok(()) } else { Err(Self::from_http_response(response)) }
                }
            }
        };
    };
    let ty = ident(&output.type_name);
    let doc = format!(
        " Parses the `{}` response: a 2xx status into the output, anything else into [`{}`].",
        op.name, op.error_enum
    );
    let body = if binds_response(output) {
        // Headers, status and payload join the body's members in one JSON object, read once.
        let mut steps = header_steps(
            krate,
            &output.headers,
            &output.prefix_headers,
            &quote!(&mut object),
            &quote!(status),
        );
        if let Some(field) = &output.status {
            let wire = &field.json_name;
            steps.push(quote!(object.insert(#wire.to_owned(), ::serde_json::Value::from(status));));
        }
        let start = match &output.payload {
            // restXml: the body's members, read from XML, in their JSON form.
            None if xml.is_some() => quote! {
                let mut object = crate::http_support::xml_object(status, response.body(), Self::read_xml)?;
            },
            None => {
                quote!(let mut object = crate::http_support::body_object(status, response.body())?;)
            }
            Some(payload) if xml.is_some() && payload.raw.is_none() => {
                let wire = &payload.field.json_name;
                let target = named_type(&payload.field.ty);
                let ty = ident(&target);
                quote! {
                    let mut object = ::serde_json::Map::new();
                    let payload = crate::http_support::xml_payload(status, response.body(), crate::#ty::read_xml)?;
                    if !payload.is_null() {
                        object.insert(#wire.to_owned(), payload);
                    }
                }
            }
            Some(payload) => {
                let wire = &payload.field.json_name;
                let raw = match &payload.raw {
                    None => None,
                    Some(RawPayload::Blob { .. }) => {
                        Some(quote!(crate::http_support::blob_value(response.body())))
                    }
                    Some(RawPayload::Text { .. }) => Some(quote!(crate::http_support::text_value(
                        status,
                        response.body()
                    )?)),
                };
                match raw {
                    None => quote! {
                        let mut object = ::serde_json::Map::new();
                        let payload = crate::http_support::body_value(status, response.body())?;
                        if !payload.is_null() {
                            object.insert(#wire.to_owned(), payload);
                        }
                    },
                    // An empty body leaves an optional blob or string unset.
                    Some(value) if payload.field.optional => quote! {
                        let mut object = ::serde_json::Map::new();
                        if !response.body().is_empty() {
                            object.insert(#wire.to_owned(), #value);
                        }
                    },
                    Some(value) => quote! {
                        let mut object = ::serde_json::Map::new();
                        object.insert(#wire.to_owned(), #value);
                    },
                }
            }
        };
        if corrected {
            steps.push(
                quote!(crate::http_support::correct_json_object(&zero_fill::#ty, &mut object);),
            );
        }
        quote! {
            let read = || -> #result<Self, crate::InvalidResponse> {
                #start
                #(#steps)*
                crate::http_support::from_object(status, object)
            };
            read().map_err(#error::InvalidResponse)
        }
    } else if op.codec == Codec::Xml && op.unwrapped_output {
        quote!(crate::http_support::read_unwrapped_xml_output(status, response.body(), Self::read_xml).map_err(#error::InvalidResponse))
    } else if op.codec == Codec::Xml {
        quote!(crate::http_support::read_xml_output(status, response.body(), None, Self::read_xml).map_err(#error::InvalidResponse))
    } else if let Codec::Query { wrapped } = op.codec {
        // The output's members are in `<{Operation}Result>` (awsQuery) or directly in
        // `<{Operation}Response>` (ec2Query).
        let wrapper = if wrapped {
            let result = format!("{}Result", op.name);
            quote!(Some(#result))
        } else {
            quote!(None)
        };
        quote!(crate::http_support::read_xml_output(status, response.body(), #wrapper, Self::read_xml).map_err(#error::InvalidResponse))
    } else {
        let (parse, parse_output) = match op.codec {
            Codec::Json => (quote!(parse_json), quote!(parse_output)),
            _ => (quote!(parse_cbor), quote!(parse_cbor_output)),
        };
        if corrected {
            quote!(crate::http_support::#parse_output::<Self>(status, response.body(), &zero_fill::#ty).map_err(#error::InvalidResponse))
        } else {
            quote!(crate::http_support::#parse::<Self>(status, None, response.body()).map_err(#error::InvalidResponse))
        }
    };
    quote! {
        impl #ty {
            #[doc = #doc]
            #[allow(clippy::result_large_err)] // the error variants hold the model's error structures unboxed, as the API promises
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

/// The statements copying `headers` and `prefix_headers` of `response` into the JSON object
/// `object` (an expression of type `&mut Map`), in a function returning
/// `Result<_, InvalidResponse>`; `status` is the HTTP status expression.
fn header_steps(
    krate: &Crate,
    headers: &[(String, BoundField)],
    prefix_headers: &[(String, BoundField)],
    object: &TokenStream,
    status: &TokenStream,
) -> Vec<TokenStream> {
    let mut steps = Vec::new();
    for (header, field) in headers {
        let wire = &field.json_name;
        steps.push(if field.base64 {
            quote!(crate::http_support::bind_base64_header(#object, response, #header, #wire, #status)?;)
        } else {
            let json = header_json(krate, &field.ty);
            quote!(crate::http_support::bind_header(#object, response, #header, #wire, #json);)
        });
    }
    for (prefix, field) in prefix_headers {
        let wire = &field.json_name;
        steps.push(
            quote!(crate::http_support::bind_prefix_headers(#object, response, #prefix, #wire);),
        );
    }
    steps
}

/// A closure turning a response header's text into the JSON its member's serde reads: numbers
/// and booleans when the text parses as one, else the text (so serde names the member).
fn header_json(krate: &Crate, ty: &Type) -> TokenStream {
    let convert = header_value_json(krate, ty, quote!(text));
    quote!(|text: &str| #convert)
}

/// The JSON expression for the header text `text` of type `ty`.
fn header_value_json(krate: &Crate, ty: &Type, text: TokenStream) -> TokenStream {
    let string = quote!(::serde_json::Value::String(#text.to_owned()));
    let int_enum = |name: &str| {
        krate
            .items
            .iter()
            .any(|i| matches!(i, Item::IntEnum(e) if e.name == name))
    };
    match ty {
        Type::I8 | Type::I16 | Type::I32 | Type::I64 => {
            quote!(#text.parse::<i64>().map_or_else(|_| #string, ::serde_json::Value::from))
        }
        Type::Named(name) if int_enum(name) => {
            quote!(#text.parse::<i64>().map_or_else(|_| #string, ::serde_json::Value::from))
        }
        Type::F32 | Type::F64 => quote! {
            #text.parse::<f64>().ok().filter(|f| f.is_finite()).map_or_else(|| #string, ::serde_json::Value::from)
        },
        Type::Bool => quote! {
            match #text { "true" => ::serde_json::Value::Bool(true), "false" => ::serde_json::Value::Bool(false), _ => #string }
        },
        Type::List { item, .. } => {
            let inner = header_value_json(krate, item, quote!(item.as_str()));
            let split = if matches!(**item, Type::Timestamp(_)) {
                quote!(split_timestamp_header_list)
            } else {
                quote!(split_header_list)
            };
            quote! {
                ::serde_json::Value::Array(
                    crate::http_support::#split(#text).iter().map(|item| #inner).collect()
                )
            }
        }
        _ => string,
    }
}

/// The operation's error enum with `from_http_response`, `code`, `message`, Display and Error.
fn error_enum(ctx: &Ctx, krate: &Crate, op: &Operation) -> TokenStream {
    let name = ident(&op.error_enum);
    let vec = parse_type(&ctx.vec());
    let option = parse_type(&ctx.option());
    let doc = format!(" An error of the `{}` operation.", op.name);
    let variants: Vec<_> = op.errors.iter().map(|e| ident(&e.variant)).collect();
    let types: Vec<_> = op.errors.iter().map(|e| ident(&e.type_name)).collect();
    let codes: Vec<&str> = op.errors.iter().map(|e| e.name.as_str()).collect();
    let variant_docs = op.errors.iter().map(|e| {
        let first = error_doc(krate, &e.type_name);
        format!(" `{}`: {first}", e.variant)
    });
    let (parse, read, code_doc) = match op.codec {
        Codec::Json => (
            quote!(parse_json),
            quote!(read_json_error),
            " `x-amzn-ErrorType` header, else the body's `code`, `__type` or `Code`, without any",
        ),
        Codec::Cbor => (
            quote!(parse_cbor),
            quote!(read_cbor_error),
            " CBOR body's `__type` (a response without `smithy-protocol: rpc-v2-cbor` has the status), without any",
        ),
        Codec::Query { wrapped } => (
            quote!(xml_error_members),
            if wrapped {
                quote!(read_query_error)
            } else {
                quote!(read_ec2_error)
            },
            " XML body's `<Error><Code>` (the status when there is none), without any",
        ),
        Codec::Xml => (
            quote!(xml_error_members),
            quote!(read_rest_xml_error),
            " XML body's `<Error><Code>` (the status when there is none), without any",
        ),
    };
    let xml = matches!(op.codec, Codec::Query { .. } | Codec::Xml);
    let read_args = if op.codec == Codec::Xml {
        let unwrapped = op.unwrapped_errors;
        quote!(response, #unwrapped)
    } else {
        quote!(response)
    };
    // XML errors dispatch on the code on the wire (`@awsQueryError`), the others on the name.
    let codes: Vec<&str> = if xml {
        op.errors.iter().map(|e| e.code.as_str()).collect()
    } else {
        codes
    };
    let body_field = if xml { quote!(error) } else { quote!(body) };
    // A modeled error's members come from the body, and from headers when it binds any.
    let parses = op.errors.iter().map(|e| {
        if xml && e.headers.is_empty() && e.prefix_headers.is_empty() {
            let ty = ident(&e.type_name);
            return quote!(crate::http_support::#parse(error.status, &error.code, body, #ty::read_xml));
        }
        if xml {
            let ty = ident(&e.type_name);
            let steps = header_steps(krate, &e.headers, &e.prefix_headers, &quote!(object), &quote!(error.status));
            return quote! {
                crate::http_support::xml_error_with_headers(error.status, &error.code, body, #ty::read_xml, |object| {
                    #(#steps)*
                    Ok(())
                })
            };
        }
        if e.headers.is_empty() && e.prefix_headers.is_empty() {
            return quote!(crate::http_support::#parse(
                error.status,
                Some(&error.code),
                body
            ));
        }
        let steps = header_steps(
            krate,
            &e.headers,
            &e.prefix_headers,
            &quote!(object),
            &quote!(error.status),
        );
        quote! {
            crate::http_support::parse_error(error.status, &error.code, body, |object| {
                #(#steps)*
                Ok(())
            })
        }
    });
    // Each variant's code, message and error: the structure's message member when it has one,
    // else the response's message.
    let parts = op.errors.iter().map(|e| {
        let v = ident(&e.variant);
        let code = e.code.as_str();
        let message = match message_field(krate, &e.type_name) {
            Some((field, optional)) => {
                let field = ident(&field);
                if optional {
                    quote!(e.error.#field.as_deref())
                } else {
                    quote!(Some(e.error.#field.as_str()))
                }
            }
            None => quote!(e.message.as_deref()),
        };
        quote!(Self::#v(e) => (#code, #message, e),)
    });
    // Without modeled errors every error response is unhandled.
    let read_error = if op.errors.is_empty() {
        quote!(Self::Unhandled(error.unhandled(response.body())))
    } else {
        quote! {
            let Some(body) = &error.#body_field else {
                return Self::Unhandled(error.unhandled(response.body()));
            };
            match error.code.as_str() {
                #( #codes => match #parses {
                    Ok(e) => Self::#variants(crate::http_support::modeled(e, error.status, &error.message)),
                    Err(e) => Self::InvalidResponse(e),
                }, )*
                _ => Self::Unhandled(error.unhandled(response.body())),
            }
        }
    };
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)] // the variants hold the model's error structures unboxed, as the API promises
        pub enum #name {
            #( #[doc = #variant_docs] #variants(crate::ModeledError<#types>), )*
            /// An error response the operation does not model (an unknown code, or a generic HTTP
            /// failure such as a 503 page from a proxy).
            Unhandled(crate::UnhandledError),
            /// A response that does not match the model; names the member when it can.
            InvalidResponse(crate::InvalidResponse),
        }

        impl #name {
            /// Reads an error response (a non-2xx status). The code comes from the
            #[doc = #code_doc]
            /// `namespace#` prefix or `:suffix`; the message from `message`, else `Message`.
            pub fn from_http_response(response: &::http::Response<#vec<u8>>) -> Self {
                let error = crate::http_support::#read(#read_args);
                #read_error
            }

            /// The error code, as botocore reports it (the HTTP status when the response has none;
            /// under an `@awsQueryCompatible` service, a modeled error's `@awsQueryError` code).
            pub fn code(&self) -> &str {
                self.parts().0
            }

            /// The error message, when the response carries one.
            pub fn message(&self) -> #option<&str> {
                self.parts().1
            }

            /// The code, the message and the error of whichever variant this is: one match
            /// serves `code`, `message`, `Display` and `source`.
            fn parts(&self) -> (&str, #option<&str>, &(dyn ::std::error::Error + 'static)) {
                match self {
                    #(#parts)*
                    Self::Unhandled(e) => (&e.code, e.message.as_deref(), e),
                    Self::InvalidResponse(e) => (&e.code, Some(&e.message), e),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(self.parts().2, f)
            }
        }

        impl ::std::error::Error for #name {
            fn source(&self) -> #option<&(dyn ::std::error::Error + 'static)> {
                Some(self.parts().2)
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
