/// The items of a list header: split at the commas outside double quotes, trimmed, and quoted
/// items unquoted (`"b,c", "\"def\"", a` → `b,c`, `"def"`, `a`).
pub(crate) fn split_header_list(text: &str) -> ::std::vec::Vec<::std::string::String> {
    let mut items = ::std::vec::Vec::new();
    let mut start = 0;
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ',' if !quoted => {
                items.push(unquote(&text[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(unquote(&text[start..]));
    items
}

/// A list header item, trimmed; when quoted, without the quotes and escapes.
fn unquote(item: &str) -> ::std::string::String {
    let item = item.trim();
    match item.strip_prefix('"').and_then(|i| i.strip_suffix('"')) {
        Some(inner) => {
            let mut out = ::std::string::String::new();
            let mut chars = inner.chars();
            while let Some(c) = chars.next() {
                out.push(if c == '\\' { chars.next().unwrap_or(c) } else { c });
            }
            out
        }
        None => item.to_owned(),
    }
}
