//! Emits the tables of client error correction: for each structure a response can carry, the
//! `@required` members filled with zero values when the response lacks them, and the members to
//! look inside.
//!
//! Smithy's nullability specification asks clients to correct a response that lacks a required
//! member by filling in the member's zero value (`""`, `0`, `false`, `[]`, `{}`, the epoch), so a
//! server's omission does not fail the whole call. Inputs are never corrected: validation
//! reports a missing member there.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::features::Gates;
use crate::http::Operation;
use crate::types::{Crate, Item, Presence, TimestampFormat, Type};

/// The generated `zero_fill` module, and the output types it holds a table for.
pub(super) struct Tables {
    /// The module (empty when no response can lack a required member).
    pub(super) module: TokenStream,
    /// Output types with a table: their responses are parsed with correction.
    pub(super) outputs: BTreeSet<String>,
}

/// The tables of the structures and unions reachable from the outputs of `ops` that hold, at any
/// depth, a required member.
pub(super) fn tables(krate: &Crate, ops: &[&Operation], gates: &Gates) -> Tables {
    let items: BTreeMap<&str, &Item> = krate.items.iter().map(|i| (i.name(), i)).collect();
    let filled = filled(&items);
    // Each table's users, for its feature gate.
    let mut users: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut outputs = BTreeSet::new();
    for op in ops {
        let Some(output) = &op.output else { continue };
        if !filled.contains(output.type_name.as_str()) {
            continue;
        }
        outputs.insert(output.type_name.clone());
        let mut stack = vec![output.type_name.as_str()];
        while let Some(name) = stack.pop() {
            if users.entry(name).or_default().insert(op.name.as_str()) {
                for ty in member_types(items[name]) {
                    stack.extend(named(ty).filter(|n| filled.contains(n)));
                }
            }
        }
    }
    if users.is_empty() {
        return Tables {
            module: TokenStream::new(),
            outputs,
        };
    }
    let statics: Vec<TokenStream> = users
        .iter()
        .map(|(name, ops)| {
            let cfg = gates.for_operations(ops.iter().copied());
            let entries = entries(items[name], &items, &filled);
            let doc =
                format!(" What correction fills in and looks inside of in a [`crate::{name}`].");
            let name = ident(name);
            quote! {
                #cfg
                #[doc = #doc]
                pub(super) static #name: Fields = Fields(&[#(#entries),*]);
            }
        })
        .collect();
    // Import what the tables name: every table holds a `Fill`, and some table a `Zero` (each
    // chain of tables ends at a required member); `Walk` where one looks inside a member.
    let walks = users.keys().any(|name| {
        member_types(items[name]).any(|ty| walk(ty, &filled).is_some())
    });
    let imports = ["Fields", "Fill", "Walk", "Zero"]
        .into_iter()
        .filter(|n| *n != "Walk" || walks)
        .map(ident);
    let module = quote! {
        /// Client error correction: per structure, the `@required` members a response may lack
        /// and their zero values (Smithy's nullability rules), and the members to look inside.
        #[allow(non_upper_case_globals)] // one table per type, named after it
        mod zero_fill {
            use crate::http_support::{#(#imports),*};
            #(#statics)*
        }
    };
    Tables { module, outputs }
}

/// The names of the items that hold a required member, directly or through the types of their
/// members: a fixpoint, since types may be recursive.
fn filled<'a>(items: &BTreeMap<&'a str, &'a Item>) -> BTreeSet<&'a str> {
    let mut filled: BTreeSet<&str> = items
        .iter()
        .filter(|(_, item)| match item {
            Item::Struct(s) => s.fields.iter().any(|f| f.presence == Presence::Required),
            _ => false,
        })
        .map(|(name, _)| *name)
        .collect();
    loop {
        let more: Vec<&str> = items
            .iter()
            .filter(|(name, item)| {
                !filled.contains(*name)
                    && member_types(item).any(|ty| named(ty).any(|n| filled.contains(n)))
            })
            .map(|(name, _)| *name)
            .collect();
        if more.is_empty() {
            return filled;
        }
        filled.extend(more);
    }
}

/// The types of a structure's members or a union's variants.
fn member_types(item: &Item) -> Box<dyn Iterator<Item = &Type> + '_> {
    match item {
        Item::Struct(s) => Box::new(s.fields.iter().map(|f| &f.ty)),
        Item::Union(u) => Box::new(u.variants.iter().filter_map(|v| v.ty.as_ref())),
        Item::Enum(_) | Item::IntEnum(_) => Box::new(std::iter::empty()),
    }
}

/// The generated types a type holds (itself, or its elements and values).
fn named(ty: &Type) -> Box<dyn Iterator<Item = &str> + '_> {
    match ty {
        Type::Named(name) => Box::new(std::iter::once(name.as_str())),
        Type::Boxed(t) | Type::List { item: t, .. } => named(t),
        Type::Map { value, .. } => named(value),
        _ => Box::new(std::iter::empty()),
    }
}

/// The `Fill` entries of a structure or union: zero values of its required members first, then
/// the members that lead to more.
fn entries(
    item: &Item,
    items: &BTreeMap<&str, &Item>,
    filled: &BTreeSet<&str>,
) -> Vec<TokenStream> {
    let mut zeros = Vec::new();
    let mut walks = Vec::new();
    let mut member = |key: &str, ty: &Type, required: bool| {
        if required {
            let zero = zero(ty, items);
            zeros.push(quote!(Fill::Zero(#key, #zero)));
        }
        if let Some(walk) = walk(ty, filled) {
            walks.push(quote!(Fill::Walk(#key, #walk)));
        }
    };
    match item {
        Item::Struct(s) => {
            for f in &s.fields {
                member(&f.json_name, &f.ty, f.presence == Presence::Required);
            }
        }
        Item::Union(u) => {
            for v in &u.variants {
                if let Some(ty) = &v.ty {
                    member(&v.json_name, ty, false);
                }
            }
        }
        Item::Enum(_) | Item::IntEnum(_) => {}
    }
    zeros.extend(walks);
    zeros
}

/// The zero value of a member of type `ty`, as its serde reads it.
fn zero(ty: &Type, items: &BTreeMap<&str, &Item>) -> TokenStream {
    let zero = |variant: TokenStream| quote!(Zero::#variant);
    match ty {
        Type::Bool => zero(quote!(False)),
        Type::I8 | Type::I16 | Type::I32 | Type::I64 | Type::F32 | Type::F64 => {
            zero(quote!(Number))
        }
        Type::Timestamp(TimestampFormat::EpochSeconds) => zero(quote!(Number)),
        Type::Timestamp(TimestampFormat::DateTime) => zero(quote!(Text("1970-01-01T00:00:00Z"))),
        Type::Timestamp(TimestampFormat::HttpDate) => {
            zero(quote!(Text("Thu, 01 Jan 1970 00:00:00 GMT")))
        }
        Type::String => zero(quote!(Text(""))),
        Type::Blob => zero(quote!(Bytes)),
        Type::Document => zero(quote!(Null)),
        Type::List { .. } => zero(quote!(List)),
        Type::Map { .. } => zero(quote!(Map)),
        Type::Boxed(t) => self::zero(t, items),
        // An enum's zero is an unknown value; structures and unions (which the nullability
        // policy makes optional) would be read from an empty object.
        Type::Named(name) => match items.get(name.as_str()) {
            Some(Item::Enum(_)) => zero(quote!(Text(""))),
            Some(Item::IntEnum(_)) => zero(quote!(Number)),
            _ => zero(quote!(Map)),
        },
    }
}

/// How to look inside a member of type `ty`, when something inside it may need filling.
fn walk(ty: &Type, filled: &BTreeSet<&str>) -> Option<TokenStream> {
    let walk = |variant: TokenStream| quote!(Walk::#variant);
    match ty {
        Type::Named(name) if filled.contains(name.as_str()) => {
            let name = ident(name);
            Some(walk(quote!(Into(&#name))))
        }
        Type::Boxed(t) => self::walk(t, filled),
        Type::List { item, .. } => {
            let inner = self::walk(item, filled)?;
            Some(walk(quote!(Items(&#inner))))
        }
        Type::Map { value, .. } => {
            let inner = self::walk(value, filled)?;
            Some(walk(quote!(Values(&#inner))))
        }
        _ => None,
    }
}
