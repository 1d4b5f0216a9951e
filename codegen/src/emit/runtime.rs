//! Inlines the runtime (the `runtime/` crate, compiled and tested there) into a generated module:
//! the items its generated code references, what those reference, in the runtime's order.

use std::cell::OnceCell;
use std::collections::BTreeSet;

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::ToTokens;

/// A module of the runtime crate, inlined into the generated module of the same name.
#[derive(Clone, Copy)]
pub(super) enum Module {
    /// `http_support.rs`: request and response helpers of the `http` feature.
    Http,
    /// `serde_support.rs`: the serde adapters of the types.
    Serde,
    /// `validation.rs`: the validator core of the `validate` feature.
    Validation,
    /// `timestamp.rs`: the `Timestamp` type.
    Timestamp,
}

impl Module {
    #[cfg(test)]
    const ALL: [Module; 4] = [Module::Http, Module::Serde, Module::Validation, Module::Timestamp];

    /// The module's files, in order, with their text: the module file, then the files it
    /// `include!`s that are part of it (the XML protocols' support, which `http_support.rs`
    /// includes so that it shares the module's namespace).
    fn sources(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Module::Http => &[
                (
                    "runtime/src/http_support.rs",
                    include_str!("../../../runtime/src/http_support.rs"),
                ),
                (
                    "runtime/src/http_support/xml.rs",
                    include_str!("../../../runtime/src/http_support/xml.rs"),
                ),
            ],
            Module::Serde => &[(
                "runtime/src/serde_support.rs",
                include_str!("../../../runtime/src/serde_support.rs"),
            )],
            Module::Timestamp => &[(
                "runtime/src/timestamp.rs",
                include_str!("../../../runtime/src/timestamp.rs"),
            )],
            Module::Validation => &[
                (
                    "runtime/src/validation.rs",
                    include_str!("../../../runtime/src/validation.rs"),
                ),
                (
                    "runtime/src/validation/automaton.rs",
                    include_str!("../../../runtime/src/validation/automaton.rs"),
                ),
            ],
        }
    }

    /// How code in other generated modules names this one's items; `None` for the validator,
    /// which the generated checks share a module with.
    fn qualifier(self) -> Option<&'static str> {
        match self {
            Module::Http => Some("http_support"),
            Module::Serde => Some("serde_support"),
            Module::Validation => None,
            Module::Timestamp => Some("timestamp"),
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// One top-level item of a runtime module.
struct Part {
    item: syn::Item,
    /// The name it defines (`None` for an `impl`).
    name: Option<String>,
    /// The items it goes with: an `impl`'s self type, trait and the trait's type arguments, the
    /// items a `macro_rules!` body names, the macro a `m!(…)` invokes.
    owners: Vec<String>,
    /// For an `impl`: its methods.
    methods: Vec<String>,
    /// Every identifier it mentions (the runtime's own references are not scoped: we write it).
    mentions: BTreeSet<String>,
}

thread_local! {
    /// Each module parsed once per thread (syn's tokens are not `Sync`).
    static PARSED: [OnceCell<Vec<Part>>; 4] = const { [OnceCell::new(), OnceCell::new(), OnceCell::new(), OnceCell::new()] };
}

fn parse(module: Module) -> Vec<Part> {
    module
        .sources()
        .iter()
        .flat_map(|(file, text)| parse_file(file, text))
        .collect()
}

/// The parts of one runtime file.
fn parse_file(file: &str, text: &str) -> Vec<Part> {
    let file_ast: syn::File = syn::parse_str(text)
        .unwrap_or_else(|e| panic!("generator bug: {file} is not valid Rust: {e}"));
    file_ast
        .items
        .into_iter()
        .filter(|item| !is_test_only(item) && !is_include(item))
        .map(|item| {
            let (name, owners, methods) = match &item {
                syn::Item::Impl(i) => {
                    let mut owners = vec![last_ident(&i.self_ty.to_token_stream())];
                    if let Some((_, path, _)) = &i.trait_ {
                        owners.push(last_ident(&path.to_token_stream()));
                        // And the types the trait is applied to: `From<Timestamp> for SystemTime`
                        // goes with `Timestamp`.
                        if let Some(syn::PathArguments::AngleBracketed(args)) =
                            path.segments.last().map(|s| &s.arguments)
                        {
                            owners.extend(args.args.iter().filter_map(|a| match a {
                                syn::GenericArgument::Type(ty) => Some(last_ident(&ty.to_token_stream())),
                                _ => None,
                            }));
                        }
                    }
                    let methods = i
                        .items
                        .iter()
                        .filter_map(|m| match m {
                            syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                            _ => None,
                        })
                        .collect();
                    (None, owners, methods)
                }
                // `macro_rules! m` goes with the items its body names; `m!(…)` with `m`.
                syn::Item::Macro(m) => match &m.ident {
                    Some(name) => {
                        let mut owners = BTreeSet::new();
                        all_idents(m.mac.tokens.clone(), &mut owners);
                        owners.remove(&name.to_string());
                        (Some(name.to_string()), owners.into_iter().collect(), vec![])
                    }
                    None => (None, vec![last_ident(&m.mac.path.to_token_stream())], vec![]),
                },
                syn::Item::Const(i) => (Some(i.ident.to_string()), vec![], vec![]),
                syn::Item::Static(i) => (Some(i.ident.to_string()), vec![], vec![]),
                syn::Item::Fn(i) => (Some(i.sig.ident.to_string()), vec![], vec![]),
                syn::Item::Struct(i) => (Some(i.ident.to_string()), vec![], vec![]),
                syn::Item::Enum(i) => (Some(i.ident.to_string()), vec![], vec![]),
                syn::Item::Trait(i) => (Some(i.ident.to_string()), vec![], vec![]),
                syn::Item::Type(i) => (Some(i.ident.to_string()), vec![], vec![]),
                other => panic!(
                    "generator bug: {file} has an item the inliner does not know: {}",
                    other.to_token_stream()
                ),
            };
            let mut mentions = BTreeSet::new();
            all_idents(item.to_token_stream(), &mut mentions);
            Part {
                item,
                name,
                owners,
                methods,
                mentions,
            }
        })
        .collect()
}

/// `include!`d files are the runtime crate's own (stand-ins for what the generator writes).
fn is_include(item: &syn::Item) -> bool {
    matches!(item, syn::Item::Macro(m) if m.ident.is_none() && m.mac.path.is_ident("include"))
}

/// `#[cfg(test)]` items stay in the runtime crate.
fn is_test_only(item: &syn::Item) -> bool {
    let attrs = match item {
        syn::Item::Mod(m) => &m.attrs,
        syn::Item::Fn(f) => &f.attrs,
        _ => return false,
    };
    attrs.iter().any(|a| {
        a.path().is_ident("cfg") && a.parse_args::<syn::Ident>().is_ok_and(|cfg| cfg == "test")
    })
}

/// The last identifier of a path or type (`EnumVisitor` of `EnumVisitor<T>`, `Visitor` of
/// `::serde::de::Visitor<'de>`), ignoring generic arguments.
fn last_ident(tokens: &TokenStream) -> String {
    let mut last = String::new();
    let mut depth = 0;
    for tree in tokens.clone() {
        match tree {
            TokenTree::Punct(p) if p.as_char() == '<' => depth += 1,
            TokenTree::Punct(p) if p.as_char() == '>' => depth -= 1,
            TokenTree::Ident(i) if depth == 0 => last = i.to_string(),
            _ => {}
        }
    }
    last
}

/// The identifiers of `tokens` that can name a top-level item: not those after `::`, which are
/// segments of external paths (`::serde::de::Unexpected::Float`) or variants and associated
/// items (`Constraint::Type`; the runtime names its own items without a path).
fn all_idents(tokens: TokenStream, out: &mut BTreeSet<String>) {
    let mut colons = 0;
    for tree in tokens {
        match &tree {
            TokenTree::Ident(i) if colons < 2 => {
                out.insert(i.to_string());
            }
            TokenTree::Group(g) => all_idents(g.stream(), out),
            _ => {}
        }
        colons = match &tree {
            TokenTree::Punct(p) if p.as_char() == ':' => colons + 1,
            _ => 0,
        };
    }
}

/// The segments after `::` in a string (`"crate::serde_support::EpochSeconds"`, as in
/// `#[serde(with = …)]`).
fn path_words(text: &str, out: &mut BTreeSet<String>) {
    for piece in text.split("::").skip(1) {
        let word: String = piece
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !word.is_empty() {
            out.insert(word);
        }
    }
}

/// What generated code in another module refers to: the segment after `{module}::`, in code
/// (`http_support::push_label`, `http_support::{A, B}`) or in a string (a serde attribute's
/// `"crate::serde_support::EpochSeconds"`).
fn qualified(module: &str, tokens: TokenStream, out: &mut BTreeSet<String>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Ident(ident) if ident == module => match &trees[i + 1..] {
                [TokenTree::Punct(a), TokenTree::Punct(b), TokenTree::Ident(name), ..]
                    if a.as_char() == ':' && b.as_char() == ':' =>
                {
                    out.insert(name.to_string());
                }
                [TokenTree::Punct(a), TokenTree::Punct(b), TokenTree::Group(group), ..]
                    if a.as_char() == ':' && b.as_char() == ':' =>
                {
                    all_idents(group.stream(), out);
                }
                _ => {}
            },
            TokenTree::Group(g) => qualified(module, g.stream(), out),
            TokenTree::Literal(l) => {
                let text = l.to_string();
                let prefix = format!("{module}::");
                for (at, _) in text.match_indices(&prefix) {
                    path_words(&text[at..], out);
                }
            }
            _ => {}
        }
    }
}

/// What generated code in the same module may be referring to, read so that a field or variable
/// that happens to be named like a runtime function does not pull it in: types (capitalized
/// identifiers), calls and method calls (`name(`), path segments (`Constraint::Type`).
fn unqualified(tokens: TokenStream, out: &mut BTreeSet<String>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let colons = |at: Option<&TokenTree>| matches!(at, Some(TokenTree::Punct(p)) if p.as_char() == ':');
    for (i, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Ident(ident) => {
                let name = ident.to_string();
                let next = trees.get(i + 1);
                let call = matches!(next, Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis);
                let path = colons(next) || (i > 0 && colons(trees.get(i - 1)));
                let capitalized = name.starts_with(|c: char| c.is_ascii_uppercase());
                if call || path || capitalized {
                    out.insert(name);
                }
            }
            TokenTree::Group(g) => unqualified(g.stream(), out),
            _ => {}
        }
    }
}

/// `module`'s items that `users` (the generated code that calls into it) need, after `header`
/// (the generated module's `//!` lines), or `None` when they need none. Public items are the
/// crate's API and always kept.
pub(super) fn inline(module: Module, header: &str, users: &[&TokenStream]) -> Option<TokenStream> {
    let mut wanted = BTreeSet::new();
    for tokens in users {
        match module.qualifier() {
            Some(name) => qualified(name, (*tokens).clone(), &mut wanted),
            None => unqualified((*tokens).clone(), &mut wanted),
        }
    }
    PARSED.with(|parsed| {
        let parts = parsed[module.index()].get_or_init(|| parse(module));
        let names: BTreeSet<&str> = parts.iter().filter_map(|p| p.name.as_deref()).collect();
        let public = |item: &syn::Item| {
            let vis = match item {
                syn::Item::Enum(i) => &i.vis,
                syn::Item::Struct(i) => &i.vis,
                syn::Item::Fn(i) => &i.vis,
                _ => return false,
            };
            matches!(vis, syn::Visibility::Public(_))
        };
        let mut keep: Vec<bool> = parts.iter().map(|p| public(&p.item)).collect();
        // Grow the kept set to a fixed point. An item that goes with runtime items (an `impl` of
        // a runtime type or trait, a macro and its uses) is kept with them; another is kept when
        // the generated code or a kept item names it; an impl on a type the generator writes
        // (`Validator`) when one of its methods is called.
        loop {
            let mut mentioned = wanted.clone();
            let mut kept = BTreeSet::new();
            for (part, _) in parts.iter().zip(&keep).filter(|(_, k)| **k) {
                mentioned.extend(part.mentions.iter().cloned());
                kept.extend(part.name.iter().cloned());
            }
            let mut changed = false;
            for (k, part) in keep.iter_mut().zip(parts) {
                if *k {
                    continue;
                }
                // An impl goes with all the runtime items among its type, its trait and the
                // trait's type arguments; a macro with any item its body names.
                let mut owners = part.owners.iter().filter(|o| names.contains(o.as_str())).peekable();
                let needed = if owners.peek().is_some() {
                    if matches!(part.item, syn::Item::Impl(_)) {
                        owners.all(|o| kept.contains(o))
                    } else {
                        owners.any(|o| kept.contains(o))
                    }
                } else if let Some(name) = &part.name {
                    mentioned.contains(name)
                } else {
                    part.methods.iter().any(|m| mentioned.contains(m))
                };
                if needed {
                    *k = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        if !keep.contains(&true) {
            return None;
        }
        let mut out: TokenStream = header
            .lines()
            .map(|line| {
                let doc = format!(" {line}");
                quote::quote!(#![doc = #doc])
            })
            .collect();
        for (part, _) in parts.iter().zip(&keep).filter(|(_, k)| **k) {
            part.item.to_tokens(&mut out);
        }
        Some(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_runtime_module_parses_into_known_items() {
        for module in Module::ALL {
            for (file, text) in module.sources() {
                assert!(!parse_file(file, text).is_empty(), "{file}");
            }
        }
    }

    #[test]
    fn fields_named_like_runtime_functions_do_not_pull_them_in() {
        // `self.bounds` and a local `index` are not calls; `v.length(` is.
        let user = quote::quote! {
            fn check(&self, v: &mut Validator, path: &str) {
                let index = self.bounds;
                v.length(path, index, None, None);
            }
        };
        let out = inline(Module::Validation, "Validation.", &[&user]).unwrap().to_string();
        assert!(out.contains("fn length"), "{out}");
        assert!(out.contains("fn bounds"), "`length` reports with `bounds`: {out}");
        assert!(!out.contains("fn range"), "{out}");
        assert!(!out.contains("fn unique"), "{out}");
        assert!(!out.contains("struct Validator"), "the generator writes Validator: {out}");
    }

    #[test]
    fn an_adapter_comes_with_its_impls_and_no_other_adapter() {
        let user = quote::quote! {
            crate::serde_support::read_members(&mut map, &["at"], &mut [
                &mut crate::serde_support::SlotAs::<_, Option<crate::serde_support::EpochSeconds>>::new(&mut __at),
            ])?
        };
        let out = inline(Module::Serde, "Serde.", &[&user]).unwrap().to_string();
        assert!(out.contains("struct EpochSeconds"), "{out}");
        assert!(out.contains("struct TimestampVisitor"), "{out}");
        assert!(out.contains("trait DeserializeAs"), "{out}");
        assert!(!out.contains("struct HttpDate"), "{out}");
        assert!(!out.contains("struct EnumVisitor"), "{out}");
        // The adapter traits are kept; an impl of them for an adapter the code does not use
        // (which would name `base64`) is not.
        assert!(!out.contains("Base64"), "{out}");
    }
}
