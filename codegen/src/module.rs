//! Assembles the emitted files of a crate into one module that a crate `include!`s (a build script
//! writes it to `OUT_DIR`): module files become inline modules, `crate::` paths become relative,
//! and each cargo feature of the crate is decided here, from the settings.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, TokenStream, TokenTree};
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, Meta, Token};

use crate::emit::FileTokens;
use crate::error::{Error, Result};

/// The crate's files as one module, with the features in `enabled` on and every other one off.
pub(crate) fn assemble(
    mut files: BTreeMap<String, FileTokens>,
    enabled: &BTreeSet<&str>,
) -> Result<syn::File> {
    let mut parse = |path: &str, depth: usize| -> Result<syn::File> {
        let Some(FileTokens::Rust(tokens)) = files.remove(path) else {
            return Err(render_error(path, "the file was not emitted"));
        };
        syn::parse2(relativize(tokens, depth)).map_err(|e| render_error(path, e))
    };
    let mut root = parse("src/lib.rs", 0)?;
    // The crate's own attributes and docs: an included file cannot have inner attributes.
    root.attrs.clear();
    for item in &mut root.items {
        if let syn::Item::Mod(module) = item
            && module.content.is_none()
        {
            let file = parse(&format!("src/{}.rs", module.ident), 1)?;
            module.attrs.extend(file.attrs);
            module.content = Some((Default::default(), file.items));
            module.semi = None;
        }
    }
    Features { enabled }.visit_file_mut(&mut root);
    // The including crate may use a few of the items: the rest is not its dead code.
    for item in &mut root.items {
        match item {
            syn::Item::Mod(module) => module.attrs.push(syn::parse_quote!(#![allow(dead_code)])),
            syn::Item::Use(used) => used
                .attrs
                .insert(0, syn::parse_quote!(#[allow(unused_imports)])),
            _ => {}
        }
    }
    Ok(root)
}

fn render_error(path: &str, message: impl ToString) -> Error {
    Error::Render {
        file: format!("{path} (as a module)"),
        message: message.to_string(),
    }
}

/// Rewrites `crate::` paths, and `crate::` in the strings of attributes (serde's
/// `with = "crate::…"`, doc links), relative to a module `depth` levels below the one the file
/// is included in: `self::` at the top, `super::` for each level below it.
fn relativize(tokens: TokenStream, depth: usize) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    let mut i = 0;
    while i < trees.len() {
        let tree = &trees[i];
        match tree {
            TokenTree::Ident(ident)
                if ident == "crate"
                    && path_separator_at(&trees, i + 1)
                    && !after_dollar(&trees, i) =>
            {
                let root = if depth == 0 { "self" } else { "super" };
                for level in 0..depth.max(1) {
                    if level > 0 {
                        out.push(TokenTree::Punct(Punct::new(':', Spacing::Joint)));
                        out.push(TokenTree::Punct(Punct::new(':', Spacing::Alone)));
                    }
                    out.push(TokenTree::Ident(Ident::new(root, ident.span())));
                }
            }
            // `mod name { … }`: its paths are one level deeper.
            TokenTree::Ident(ident) if ident == "mod" => {
                out.push(tree.clone());
                if let (Some(name @ TokenTree::Ident(_)), Some(TokenTree::Group(body))) =
                    (trees.get(i + 1), trees.get(i + 2))
                    && body.delimiter() == Delimiter::Brace
                {
                    out.push(name.clone());
                    out.push(regroup(body, relativize(body.stream(), depth + 1)));
                    i += 3;
                    continue;
                }
            }
            // An attribute, `#[…]` or `#![…]`: its strings may hold paths.
            TokenTree::Punct(p) if p.as_char() == '#' => {
                out.push(tree.clone());
                let mut j = i + 1;
                if let Some(TokenTree::Punct(bang)) = trees.get(j)
                    && bang.as_char() == '!'
                {
                    out.push(trees[j].clone());
                    j += 1;
                }
                if let Some(TokenTree::Group(attr)) = trees.get(j)
                    && attr.delimiter() == Delimiter::Bracket
                {
                    let strings = relativize_strings(attr.stream(), depth);
                    out.push(regroup(attr, relativize(strings, depth)));
                    i = j + 1;
                    continue;
                }
                i = j;
                continue;
            }
            TokenTree::Group(group) => out.push(regroup(group, relativize(group.stream(), depth))),
            _ => out.push(tree.clone()),
        }
        i += 1;
    }
    out.into_iter().collect()
}

/// Whether `::` starts at `i`.
fn path_separator_at(trees: &[TokenTree], i: usize) -> bool {
    matches!(
        (trees.get(i), trees.get(i + 1)),
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
            if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':'
    )
}

/// Whether the token at `i` follows a `$` (`$crate` in a macro).
fn after_dollar(trees: &[TokenTree], i: usize) -> bool {
    i > 0 && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == '$')
}

/// A group with new contents and the old delimiter and span.
fn regroup(group: &Group, stream: TokenStream) -> TokenTree {
    let mut new = Group::new(group.delimiter(), stream);
    new.set_span(group.span());
    TokenTree::Group(new)
}

/// `crate::` in the string literals of an attribute, relative as [`relativize`] makes paths.
fn relativize_strings(tokens: TokenStream, depth: usize) -> TokenStream {
    let root = match depth {
        0 => "self::".to_owned(),
        n => "super::".repeat(n),
    };
    tokens
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Literal(lit) => {
                let parsed: Option<syn::LitStr> = syn::parse_str(&lit.to_string()).ok();
                match parsed {
                    Some(s) if s.value().contains("crate::") => {
                        let mut new = Literal::string(&s.value().replace("crate::", &root));
                        new.set_span(lit.span());
                        TokenTree::Literal(new)
                    }
                    _ => TokenTree::Literal(lit),
                }
            }
            TokenTree::Group(group) => regroup(&group, relativize_strings(group.stream(), depth)),
            other => other,
        })
        .collect()
}

/// Decides `#[cfg(…)]` on features: an item whose features are on loses the attribute, one
/// whose features are off is removed. Other `cfg`s (`test`, …) stay.
struct Features<'a> {
    enabled: &'a BTreeSet<&'a str>,
}

impl Features<'_> {
    /// Removes the feature `cfg`s of `attrs`; whether the element they are on stays.
    fn keep(&self, attrs: &mut Vec<Attribute>) -> bool {
        let mut keep = true;
        attrs.retain(|attr| {
            let decided = match &attr.meta {
                Meta::List(list) if list.path.is_ident("cfg") => list
                    .parse_args::<Meta>()
                    .ok()
                    .and_then(|predicate| self.eval(&predicate)),
                _ => None,
            };
            if let Some(on) = decided {
                keep &= on;
            }
            decided.is_none()
        });
        keep
    }

    /// The value of a predicate made only of `feature = "…"`, `any`, `all` and `not`.
    fn eval(&self, predicate: &Meta) -> Option<bool> {
        match predicate {
            Meta::NameValue(nv) if nv.path.is_ident("feature") => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(name),
                    ..
                }) => Some(self.enabled.contains(name.value().as_str())),
                _ => None,
            },
            Meta::List(list) => {
                let args = list
                    .parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
                    .ok()?;
                let values = args
                    .iter()
                    .map(|a| self.eval(a))
                    .collect::<Option<Vec<bool>>>()?;
                if list.path.is_ident("any") {
                    Some(values.iter().any(|v| *v))
                } else if list.path.is_ident("all") {
                    Some(values.iter().all(|v| *v))
                } else if list.path.is_ident("not") && values.len() == 1 {
                    Some(!values[0])
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    fn items(&self, items: &mut Vec<syn::Item>) {
        items.retain_mut(|item| match item_attrs(item) {
            Some(attrs) => self.keep(attrs),
            None => true,
        });
    }
}

/// The attributes of an item, for the kinds the generator emits.
fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<Attribute>> {
    use syn::Item;
    Some(match item {
        Item::Const(i) => &mut i.attrs,
        Item::Enum(i) => &mut i.attrs,
        Item::Fn(i) => &mut i.attrs,
        Item::Impl(i) => &mut i.attrs,
        Item::Macro(i) => &mut i.attrs,
        Item::Mod(i) => &mut i.attrs,
        Item::Static(i) => &mut i.attrs,
        Item::Struct(i) => &mut i.attrs,
        Item::Trait(i) => &mut i.attrs,
        Item::Type(i) => &mut i.attrs,
        Item::Union(i) => &mut i.attrs,
        Item::Use(i) => &mut i.attrs,
        _ => return None,
    })
}

/// Keeps the elements of a punctuated list that [`Features::keep`] keeps.
fn retain_punctuated<T, P: Default>(
    list: &mut Punctuated<T, P>,
    mut keep: impl FnMut(&mut T) -> bool,
) {
    *list = std::mem::take(list)
        .into_pairs()
        .filter_map(|pair| {
            let (mut value, punct) = pair.into_tuple();
            keep(&mut value).then(|| syn::punctuated::Pair::new(value, punct))
        })
        .collect();
}

impl VisitMut for Features<'_> {
    fn visit_file_mut(&mut self, file: &mut syn::File) {
        self.items(&mut file.items);
        visit_mut::visit_file_mut(self, file);
    }

    fn visit_item_mod_mut(&mut self, module: &mut syn::ItemMod) {
        if let Some((_, items)) = &mut module.content {
            self.items(items);
        }
        visit_mut::visit_item_mod_mut(self, module);
    }

    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        item.items.retain_mut(|i| match i {
            syn::ImplItem::Const(c) => self.keep(&mut c.attrs),
            syn::ImplItem::Fn(f) => self.keep(&mut f.attrs),
            syn::ImplItem::Type(t) => self.keep(&mut t.attrs),
            syn::ImplItem::Macro(m) => self.keep(&mut m.attrs),
            _ => true,
        });
        visit_mut::visit_item_impl_mut(self, item);
    }

    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        block.stmts.retain_mut(|stmt| match stmt {
            syn::Stmt::Local(local) => self.keep(&mut local.attrs),
            syn::Stmt::Item(item) => item_attrs(item).is_none_or(|attrs| self.keep(attrs)),
            syn::Stmt::Macro(m) => self.keep(&mut m.attrs),
            syn::Stmt::Expr(..) => true,
        });
        visit_mut::visit_block_mut(self, block);
    }

    fn visit_expr_match_mut(&mut self, expr: &mut syn::ExprMatch) {
        expr.arms.retain_mut(|arm| self.keep(&mut arm.attrs));
        visit_mut::visit_expr_match_mut(self, expr);
    }

    fn visit_item_enum_mut(&mut self, item: &mut syn::ItemEnum) {
        retain_punctuated(&mut item.variants, |v| self.keep(&mut v.attrs));
        visit_mut::visit_item_enum_mut(self, item);
    }

    fn visit_fields_named_mut(&mut self, fields: &mut syn::FieldsNamed) {
        retain_punctuated(&mut fields.named, |f| self.keep(&mut f.attrs));
        visit_mut::visit_fields_named_mut(self, fields);
    }

    fn visit_expr_struct_mut(&mut self, expr: &mut syn::ExprStruct) {
        retain_punctuated(&mut expr.fields, |f| self.keep(&mut f.attrs));
        visit_mut::visit_expr_struct_mut(self, expr);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn relative(tokens: TokenStream, depth: usize) -> String {
        relativize(tokens, depth).to_string()
    }

    #[test]
    fn crate_paths_become_relative_to_the_including_module() {
        let tokens = quote! {
            use crate::{A, B};
            pub(crate) fn f(x: crate::a::B) -> crate::C { crate::g() }
            mod inner { use crate::A; }
        };
        assert_eq!(
            relative(tokens.clone(), 0),
            quote! {
                use self::{A, B};
                pub(crate) fn f(x: self::a::B) -> self::C { self::g() }
                mod inner { use super::A; }
            }
            .to_string()
        );
        assert_eq!(
            relative(tokens, 2),
            quote! {
                use super::super::{A, B};
                pub(crate) fn f(x: super::super::a::B) -> super::super::C { super::super::g() }
                mod inner { use super::super::super::A; }
            }
            .to_string()
        );
    }

    #[test]
    fn strings_in_attributes_are_rewritten_but_not_other_strings() {
        let tokens = quote! {
            #[serde(with = "crate::serde_support::Float")]
            #[doc = " See [`crate::X`]."]
            fn f() -> &'static str { "crate::kept" }
        };
        assert_eq!(
            relative(tokens, 1),
            quote! {
                #[serde(with = "super::serde_support::Float")]
                #[doc = " See [`super::X`]."]
                fn f() -> &'static str { "crate::kept" }
            }
            .to_string()
        );
    }

    #[test]
    fn macro_crate_paths_are_kept() {
        let tokens = quote!(
            macro_rules! m {
                () => {
                    $crate::x()
                };
            }
        );
        assert_eq!(relative(tokens.clone(), 1), tokens.to_string());
    }

    #[test]
    fn feature_cfgs_are_decided_and_others_kept() {
        let mut file: syn::File = syn::parse2(quote! {
            #[cfg(feature = "http")]
            mod http_support {}
            #[cfg(feature = "validate")]
            mod validation {}
            #[cfg(test)]
            mod tests {}
            enum E {
                #[cfg(any(feature = "a", feature = "http"))]
                On,
                #[cfg(all(feature = "http", not(feature = "validate")))]
                AlsoOn,
                #[cfg(feature = "b")]
                Off,
            }
            fn f(x: u8) {
                #[cfg(feature = "validate")]
                let y = 1;
                match x {
                    #[cfg(feature = "http")]
                    0 => {}
                    #[cfg(feature = "b")]
                    1 => {}
                    _ => {}
                }
            }
        })
        .unwrap();
        Features {
            enabled: &BTreeSet::from(["http"]),
        }
        .visit_file_mut(&mut file);
        let want: syn::File = syn::parse2(quote! {
            mod http_support {}
            #[cfg(test)]
            mod tests {}
            enum E {
                On,
                AlsoOn,
            }
            fn f(x: u8) {
                match x {
                    0 => {}
                    _ => {}
                }
            }
        })
        .unwrap();
        assert_eq!(prettyplease::unparse(&file), prettyplease::unparse(&want));
    }
}
