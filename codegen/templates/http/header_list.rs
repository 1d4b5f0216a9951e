/// The value of a list header: the items joined by `, `; an item holding a comma or a double
/// quote is quoted, with `"` and `\` escaped by `\` (`"b,c", "\"def\"", a`).
pub(crate) fn header_list(items: impl IntoIterator<Item = ::std::string::String>) -> ::std::string::String {
    let mut out = ::std::string::String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        if item.contains([',', '"']) {
            out.push('"');
            for c in item.chars() {
                if c == '"' || c == '\\' {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('"');
        } else {
            out.push_str(&item);
        }
    }
    out
}
