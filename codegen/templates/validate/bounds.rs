/// `[min, max]` in words.
fn bounds(min: ::std::option::Option<f64>, max: ::std::option::Option<f64>) -> ::std::string::String {
    match (min, max) {
        (Some(a), Some(b)) => format!("[{a}, {b}]"),
        (Some(a), None) => format!("[{a}, ∞)"),
        (None, Some(b)) => format!("(-∞, {b}]"),
        (None, None) => "any bounds".to_owned(),
    }
}

