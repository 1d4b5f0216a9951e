//! Decides, for a whole-service crate, which cargo features gate each generated item: one
//! feature per operation (its closure only), so a user compiles just the operations they call.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToKebabCase;
use proc_macro2::TokenStream;
use quote::quote;

use crate::closure::{Closure, Selection, closure};
use crate::error::Result;
use crate::model::{Model, shape_name};
use crate::types::Crate;

/// The feature of each operation and the features that need each generated type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gates {
    /// Operation name → its feature (`UpdateMembership` → `update-membership`).
    pub operations: BTreeMap<String, String>,
    /// Rust type name → the features whose operations use it; types every operation uses are
    /// absent (they are always compiled).
    pub types: BTreeMap<String, BTreeSet<String>>,
}

impl Gates {
    /// Computes the gates from each operation's own closure.
    pub fn compute(model: &Model, whole: &Closure, krate: &Crate) -> Result<Gates> {
        let names: BTreeMap<&str, &str> = krate
            .items
            .iter()
            .map(|i| (i.shape_id(), i.name()))
            .collect();
        let mut operations = BTreeMap::new();
        let mut users: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for op in &whole.operations {
            let feature = shape_name(op).to_kebab_case();
            let selection = Selection {
                service: Some(whole.service.clone()),
                operations: vec![op.clone()],
            };
            for shape in closure(model, &selection)?.shapes {
                if let Some(name) = names.get(shape.as_str()) {
                    users
                        .entry((*name).to_owned())
                        .or_default()
                        .insert(feature.clone());
                }
            }
            operations.insert(shape_name(op).to_owned(), feature);
        }
        let all = operations.len();
        let types = users
            .into_iter()
            .filter(|(_, features)| features.len() < all)
            .collect();
        Ok(Gates { operations, types })
    }

    /// `#[cfg(...)]` for a type, or nothing when every operation uses it.
    pub fn for_type(&self, name: &str) -> TokenStream {
        self.types
            .get(name)
            .map_or_else(TokenStream::new, |features| cfg(features.iter()))
    }

    /// `#[cfg(...)]` for whatever serves any of `names` (nothing when one is always compiled).
    pub fn for_types<'a>(&self, names: impl Iterator<Item = &'a str>) -> TokenStream {
        let mut features = BTreeSet::new();
        for name in names {
            match self.types.get(name) {
                Some(f) => features.extend(f.iter().cloned()),
                None => return TokenStream::new(),
            }
        }
        cfg(features.iter())
    }

    /// `#[cfg(...)]` for code that any of these operations needs (nothing when all do).
    pub fn for_operations<'a>(&self, names: impl Iterator<Item = &'a str>) -> TokenStream {
        let features: BTreeSet<&String> = names.filter_map(|n| self.operations.get(n)).collect();
        if features.len() == self.operations.len() {
            return TokenStream::new();
        }
        cfg(features.into_iter())
    }

    /// `#[cfg(feature = "...")]` for an operation's own code.
    pub fn for_operation(&self, name: &str) -> TokenStream {
        self.operations
            .get(name)
            .map_or_else(TokenStream::new, |f| cfg(std::iter::once(f)))
    }
}

/// `#[cfg(feature = "a")]` or `#[cfg(any(feature = "a", feature = "b", …))]`.
fn cfg<'a>(features: impl Iterator<Item = &'a String>) -> TokenStream {
    let features: Vec<&String> = features.collect();
    match features.as_slice() {
        [] => TokenStream::new(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// Puts the `cfg` attribute (possibly empty) on every top-level item of `tokens`. The items are
/// found by their tokens, not parsed: an item ends at a top-level `;`, or at a top-level `{…}`
/// that no `;` follows (a `const` or `static` whose value is a struct literal ends at its `;`).
pub fn gate(tokens: TokenStream, cfg: &TokenStream) -> TokenStream {
    if cfg.is_empty() || tokens.is_empty() {
        return tokens;
    }
    let mut out = TokenStream::new();
    let mut at_start = true;
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        if at_start {
            out.extend(cfg.clone());
        }
        at_start = match &token {
            proc_macro2::TokenTree::Punct(p) => p.as_char() == ';',
            proc_macro2::TokenTree::Group(g) => {
                g.delimiter() == proc_macro2::Delimiter::Brace
                    && !matches!(tokens.peek(), Some(proc_macro2::TokenTree::Punct(p)) if p.as_char() == ';')
            }
            _ => false,
        };
        out.extend(std::iter::once(token));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gate_puts_the_cfg_before_every_item_and_nowhere_else() {
        let cfg = quote!(#[cfg(feature = "x")]);
        let items = quote! {
            /// A struct.
            #[derive(Debug)]
            pub struct S { a: u8 }
            struct Unit;
            const C: S = S { a: 1 };
            static T: &[u8] = &[0; 3];
            impl S {
                fn f(&self) -> u8 { if self.a > 0 { 1 } else { 0 } }
            }
            fn g() -> S { S { a: 2 } }
            pub(crate) mod m { pub fn h() {} }
            use std::fmt;
        };
        let gated: syn::File = syn::parse2(gate(items.clone(), &cfg)).expect("gated items parse");
        let plain: syn::File = syn::parse2(items).expect("items parse");
        assert_eq!(gated.items.len(), plain.items.len());
        for (gated, plain) in gated.items.iter().zip(&plain.items) {
            let gated = quote!(#gated).to_string();
            let plain = quote!(#plain).to_string();
            // The cfg comes first, before the item's docs and attributes, and only once.
            assert_eq!(gated, format!("{cfg} {plain}"));
        }
    }

    #[test]
    fn gate_without_a_cfg_changes_nothing() {
        let items = quote!(
            struct S;
        );
        assert_eq!(
            gate(items.clone(), &TokenStream::new()).to_string(),
            items.to_string()
        );
    }
}
