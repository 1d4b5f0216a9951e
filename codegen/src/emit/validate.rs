//! Emits `validation.rs`: the validator runtime, a `check` for every type reachable from an
//! operation input, and `validate()` / `validate_strict()` on each input. Behind the `validate`
//! feature.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Ctx, ident, parse_type};
use crate::ecma::{Automaton, Engine};
use crate::validate::{Bounds, Check, Checks};

/// What the checks need beyond the runtime (which is inlined by what they call): the enum
/// checks' `strict` flag on `Validator`, and the pattern engines.
#[derive(Default)]
struct Uses {
    patterns: Option<PatternDeps>,
    /// Any enum check (the validator then has a `strict` flag).
    enums: bool,
}

impl Uses {
    fn of(checks: &Checks) -> Uses {
        fn walk(c: &Check, u: &mut Uses) {
            match c {
                Check::String {
                    pattern: Some(p), ..
                } => {
                    let deps = u.patterns.get_or_insert_with(PatternDeps::default);
                    deps.backtracking |= p.translation.engine == Engine::Backtracking;
                    if p.automata.is_none() {
                        deps.regex = true;
                        deps.tables.extend(p.translation.tables.iter().copied());
                    }
                }
                Check::String { pattern: None, .. } => {}
                Check::Enum(_) | Check::IntEnum(_) => u.enums = true,
                Check::List { item: inner, .. } => walk(inner, u),
                Check::Map { key, value, .. } => {
                    walk(key, u);
                    walk(value, u);
                }
                Check::Blob { .. } | Check::Number { .. } | Check::Nested(_) | Check::Nothing => {}
            }
        }
        let mut u = Uses::default();
        for f in checks.structs.values().flatten() {
            walk(&f.check, &mut u);
        }
        for (_, _, c) in checks.unions.values().flatten() {
            if let Some(c) = c {
                walk(c, &mut u);
            }
        }
        u
    }
}

/// What the `@pattern` checks need from the generated crate's dependencies.
#[derive(Debug, Default, Clone)]
pub(crate) struct PatternDeps {
    /// A pattern not compiled to automata (`regex`; it also brings fancy-regex the Unicode
    /// tables).
    pub(crate) regex: bool,
    /// A pattern with lookaround or backreferences (`fancy-regex`).
    pub(crate) backtracking: bool,
    /// The `regex` features with Unicode tables the patterns on it name.
    pub(crate) tables: std::collections::BTreeSet<&'static str>,
}

/// What the `@pattern` checks need; `None` without any.
pub(super) fn uses_patterns(checks: &Checks) -> Option<PatternDeps> {
    Uses::of(checks).patterns
}

/// The whole `validation.rs`.
pub(super) fn validation(
    ctx: &Ctx,
    checks: &Checks,
    gates: &crate::features::Gates,
) -> TokenStream {
    let uses = Uses::of(checks);
    let mut out = validator(&uses);
    let mut patterns = Patterns::default();
    let mut impls = TokenStream::new();
    for (name, fields) in &checks.structs {
        let ty = ident(name);
        let body = fields.iter().map(|f| {
            let field = ident(&f.name);
            let wire = &f.wire_name;
            let check = emit_check(&f.check, quote!(value), &mut patterns);
            if f.check.is_nothing() && !(f.optional && f.required) {
                return quote!();
            }
            let visit = match (f.optional, f.required, f.check.is_nothing()) {
                (true, true, true) => quote!(if self.#field.is_none() { v.required(&path); }),
                (true, true, false) => quote! {
                    match &self.#field {
                        Some(value) => { #check }
                        None => v.required(&path),
                    }
                },
                (true, false, _) => quote!(if let Some(value) = &self.#field { #check }),
                (false, _, _) => quote!({ let value = &self.#field; #check }),
            };
            quote! {
                {
                    let path = join(path, #wire);
                    #visit
                }
            }
        });
        let body: Vec<TokenStream> = body.collect();
        let (v, path) = if body.iter().all(TokenStream::is_empty) {
            (quote!(_v), quote!(_path))
        } else {
            (quote!(v), quote!(path))
        };
        impls.extend(crate::features::gate(
            quote! {
                impl crate::#ty {
                    /// Checks this value's constraints, reporting violations under `path`.
                    pub(crate) fn check(&self, #v: &mut Validator, #path: &str) {
                        #(#body)*
                    }
                }
            },
            &gates.for_type(name),
        ));
    }
    for (name, variants) in &checks.unions {
        let ty = ident(name);
        let arms = variants.iter().map(|(variant, wire, check)| {
            let variant = ident(variant);
            match check {
                None => quote!(Self::#variant => {}),
                Some(c) if c.is_nothing() => quote!(Self::#variant(_) => {}),
                Some(c) => {
                    let check = emit_check(c, quote!(value), &mut patterns);
                    quote!(Self::#variant(value) => { let path = join(path, #wire); #check })
                }
            }
        });
        impls.extend(crate::features::gate(
            quote! {
                impl crate::#ty {
                    /// Checks this value's constraints, reporting violations under `path`.
                    pub(crate) fn check(&self, v: &mut Validator, path: &str) {
                        match self {
                            #(#arms)*
                            Self::Unknown { name, .. } => v.union_member(&join(path, name), name),
                        }
                    }
                }
            },
            &gates.for_type(name),
        ));
    }
    let result = parse_type(&ctx.result());
    for name in &checks.inputs {
        let ty = ident(name);
        let (new, strict) = if uses.enums {
            let strict = quote! {
                /// Like [`Self::validate`], and also rejects enum values the model does not define.
                pub fn validate_strict(&self) -> #result<(), ValidationErrors> {
                    let mut v = Validator::new(true);
                    self.check(&mut v, "");
                    v.finish()
                }
            };
            (quote!(Validator::new(false)), strict)
        } else {
            (quote!(Validator::new()), quote!())
        };
        impls.extend(crate::features::gate(
            quote! {
                impl crate::#ty {
                    /// Checks the model's constraints (`@required`, `@length`, `@range`, `@pattern`,
                    /// `@uniqueItems`, known union members) and reports every violation, each with its
                    /// path. Unknown enum values pass, as the service may know them (see
                    /// `validate_strict` where the input has enums).
                    pub fn validate(&self) -> #result<(), ValidationErrors> {
                        let mut v = #new;
                        self.check(&mut v, "");
                        v.finish()
                    }

                    #strict
                }
            },
            &gates.for_type(name),
        ));
    }
    out.extend(patterns.statics());
    out.extend(impls);
    let mut file = super::runtime::inline(
        super::runtime::Module::Validation,
        "Client-side validation of the model's constraints, and strict decoding of inputs. Behind\nthe `validate` feature.",
        &[&out],
    )
    .expect("the runtime's public validation types are always inlined");
    file.extend(out);
    file
}

/// The compiled `@pattern`s, one static each, keyed by translation and engine (one ECMAScript
/// pattern under two `@length` maxima may translate twice).
#[derive(Default)]
struct Patterns(BTreeMap<(String, Engine), Static>);

/// A pattern's static: its number, the `@pattern` it is from, its automaton when it has one.
struct Static {
    n: usize,
    source: String,
    automaton: Option<Automaton>,
}

impl Patterns {
    /// The static of `regex` for `source`: `automaton`, else compiled on first use by `engine`.
    fn name(
        &mut self,
        regex: &str,
        engine: Engine,
        automaton: Option<&Automaton>,
        source: &str,
    ) -> proc_macro2::Ident {
        let next = self.0.len();
        let entry = self.0.entry((regex.to_owned(), engine)).or_insert_with(|| Static {
            n: next,
            source: source.to_owned(),
            automaton: None,
        });
        // Automata are built for a translation as a whole: a regex shared by two patterns may
        // tabulate in one (its conditions too) and not in the other.
        if entry.automaton.is_none() {
            entry.automaton = automaton.cloned();
        }
        format_ident!("PATTERN_{}", entry.n)
    }

    fn statics(&self) -> TokenStream {
        let mut by_index: Vec<_> = self.0.iter().collect();
        by_index.sort_by_key(|(_, s)| s.n);
        let limit = proc_macro2::Literal::usize_unsuffixed(crate::ecma::BACKTRACK_LIMIT);
        let statics = by_index.into_iter().map(|((regex, engine), s)| {
            let name = format_ident!("PATTERN_{}", s.n);
            let source = &s.source;
            if let Some(a) = &s.automaton {
                let doc = format!(
                    " From the `@pattern` {source:?} ({regex:?}), as an automaton over UTF-8 bytes."
                );
                let classes = proc_macro2::Literal::byte_string(&a.classes[..]);
                let next = proc_macro2::Literal::byte_string(&a.next);
                let stride = proc_macro2::Literal::usize_unsuffixed(a.stride);
                let start = proc_macro2::Literal::usize_unsuffixed(a.start);
                return quote! {
                    #[doc = #doc]
                    static #name: Automaton<'static> = Automaton {
                        classes: #classes,
                        next: #next,
                        stride: #stride,
                        start: #start,
                    };
                };
            }
            let doc = format!(" From the `@pattern` {source:?}: {regex:?}.");
            // Translated and compiled by the generator (`crate::ecma`): the `expect` cannot fail.
            let (ty, build) = match engine {
                Engine::Backtracking => (
                    quote!(::fancy_regex::Regex),
                    quote!(::fancy_regex::RegexBuilder::new(#regex).backtrack_limit(#limit).build()),
                ),
                Engine::Linear => (quote!(::regex::Regex), quote!(::regex::Regex::new(#regex))),
            };
            quote! {
                #[doc = #doc]
                static #name: ::std::sync::LazyLock<#ty> =
                    ::std::sync::LazyLock::new(|| #build.expect("translated and compiled when the crate was generated"));
            }
        });
        quote!(#(#statics)*)
    }
}

fn bounds(b: &Option<Bounds>) -> Option<(TokenStream, TokenStream)> {
    let b = b.as_ref()?;
    let f = |x: Option<f64>| match x {
        Some(x) => {
            let lit = proc_macro2::Literal::f64_unsuffixed(x);
            quote!(Some(#lit))
        }
        None => quote!(None),
    };
    Some((f(b.min), f(b.max)))
}

/// The statements checking `value` (a reference) against `check`, with `path` in scope.
fn emit_check(check: &Check, value: TokenStream, patterns: &mut Patterns) -> TokenStream {
    match check {
        Check::Nothing => quote!(),
        Check::String { length, pattern } => {
            let pattern = pattern.as_ref().map(|p| {
                let t = &p.translation;
                let source = &p.source;
                let automata = p.automata.as_ref();
                let name = patterns.name(&t.regex, t.engine, automata.map(|a| &a.main), source);
                if t.engine == Engine::Backtracking {
                    return quote!(v.pattern_bounded(&path, #value, &#name, #source););
                }
                // The count, the main pattern, the conditions: the cheapest first.
                let chars = t.chars.map(|(min, max)| {
                    let (min, max) = (min as usize, max as usize);
                    quote!((#min..=#max).contains(&#value.chars().count()) &&)
                });
                let conditions = t.conditions.iter().enumerate().map(|(i, (regex, expected))| {
                    let automaton = automata.map(|a| &a.conditions[i]);
                    let name = patterns.name(regex, Engine::Linear, automaton, source);
                    let not = (!expected).then(|| quote!(!));
                    quote!(&& #not #name.is_match(#value))
                });
                quote!(v.pattern(&path, #chars #name.is_match(#value) #(#conditions)*, #source);)
            });
            // The length first: a pattern runs only on a value of an allowed length.
            match (bounds(length), pattern) {
                (Some((min, max)), Some(pattern)) => quote! {
                    let within = v.length(&path, #value.chars().count(), #min, #max);
                    if within {
                        #pattern
                    }
                },
                (Some((min, max)), None) => quote!(v.length(&path, #value.chars().count(), #min, #max);),
                (None, pattern) => quote!(#pattern),
            }
        }
        Check::Blob { length } => match bounds(length) {
            Some((min, max)) => quote!(v.length(&path, #value.len(), #min, #max);),
            None => quote!(),
        },
        Check::Number { range } => match bounds(range) {
            Some((min, max)) => quote!(v.range(&path, *#value, #min, #max);),
            None => quote!(),
        },
        Check::Enum(name) => {
            let name = ident(name);
            quote!(v.enum_value(&path, #value.as_str(), crate::#name::values());)
        }
        Check::IntEnum(name) => {
            let name = ident(name);
            quote!(v.int_enum_value(&path, #value.value(), crate::#name::values());)
        }
        Check::Nested(_) => quote!(#value.check(v, &path);),
        Check::List {
            length,
            unique,
            sparse,
            item,
        } => {
            let length =
                bounds(length).map(|(min, max)| quote!(v.length(&path, #value.len(), #min, #max);));
            let unique = unique.then(|| quote!(v.unique(&path, #value);));
            let items = (!item.is_nothing()).then(|| {
                let inner = emit_check(item, quote!(item), patterns);
                let inner = if *sparse {
                    quote!(if let Some(item) = item { #inner })
                } else {
                    inner
                };
                quote! {
                    for (i, item) in #value.iter().enumerate() {
                        let path = index(&path, i);
                        #inner
                    }
                }
            });
            quote!(#length #unique #items)
        }
        Check::Map {
            length,
            sparse,
            key,
            value: value_check,
        } => {
            let length =
                bounds(length).map(|(min, max)| quote!(v.length(&path, #value.len(), #min, #max);));
            let key_check = emit_check(key, quote!(key), patterns);
            let value_checks = emit_check(value_check, quote!(item), patterns);
            let entries = match (key.is_nothing(), value_check.is_nothing()) {
                (true, true) => quote!(),
                (false, true) => quote! {
                    for key in #value.keys() {
                        let path = join(&path, key.as_ref());
                        #key_check
                    }
                },
                (_, false) => {
                    let inner = if *sparse {
                        quote!(if let Some(item) = item { #value_checks })
                    } else {
                        value_checks
                    };
                    quote! {
                        for (key, item) in #value {
                            let path = join(&path, key.as_ref());
                            #key_check
                            #inner
                        }
                    }
                }
            };
            quote!(#length #entries)
        }
    }
}

/// The `Validator` struct, with a `strict` flag only when some check reads it.
fn validator(uses: &Uses) -> TokenStream {
    let (field, param, init) = if uses.enums {
        (
            quote! {
                /// Also report enum values the model does not define.
                strict: bool,
            },
            quote!(strict: bool),
            quote!(strict,),
        )
    } else {
        (quote!(), quote!(), quote!())
    };
    quote! {
        /// Collects violations while `check` walks a value.
        pub(crate) struct Validator {
            violations: ::std::vec::Vec<Violation>,
            #field
        }

        impl Validator {
            /// An empty validator.
            pub(crate) fn new(#param) -> Self {
                Self { violations: ::std::vec::Vec::new(), #init }
            }

            /// `Ok` when nothing was found.
            pub(crate) fn finish(self) -> ::std::result::Result<(), ValidationErrors> {
                if self.violations.is_empty() { Ok(()) } else { Err(ValidationErrors { violations: self.violations }) }
            }
        }
    }
}
