/// What an error response says about itself, read the way botocore reads restJson1 errors.
pub(crate) struct ErrorResponse {
    /// The HTTP status.
    pub(crate) status: u16,
    /// The error code, with any `namespace#` prefix and `:suffix` removed.
    pub(crate) code: ::std::string::String,
    /// `message`, else `Message`; `None` when absent or `null`.
    pub(crate) message: ::std::option::Option<::std::string::String>,
    /// The body to parse a modeled error from: the JSON object, with `Message` copied to
    /// `message` when only the former is present. `None` for generic (non-JSON) failures.
    pub(crate) body: ::std::option::Option<::std::vec::Vec<u8>>,
}

impl ErrorResponse {
    /// Reads the code and message of an error response.
    pub(crate) fn read(response: &::http::Response<::std::vec::Vec<u8>>) -> Self {
        let status = response.status();
        let raw = response.body();
        let trimmed = ::std::string::String::from_utf8_lossy(raw);
        let trimmed = trimmed.trim();
        let header = response.headers().get("x-amzn-errortype").and_then(|v| v.to_str().ok()).filter(|v| !v.is_empty());
        // A 5xx with no body or an HTML page comes from the HTTP layer, not the service, unless
        // the service names the error in `X-Amzn-Errortype`.
        if status.as_u16() >= 500 && header.is_none() && (trimmed.is_empty() || trimmed.starts_with("<html>")) {
            return Self {
                status: status.as_u16(),
                code: status.as_u16().to_string(),
                message: Some(status.canonical_reason().unwrap_or_default().to_owned()),
                body: None,
            };
        }
        let mut object = match ::serde_json::from_slice::<::serde_json::Value>(raw) {
            Ok(::serde_json::Value::Object(map)) => map,
            Ok(_) => ::serde_json::Map::new(),
            Err(_) if trimmed.is_empty() => ::serde_json::Map::new(),
            Err(_) => {
                let mut map = ::serde_json::Map::new();
                map.insert("message".to_owned(), ::serde_json::Value::String(trimmed.to_owned()));
                map
            }
        };
        let from_body = |key: &str| object.get(key).and_then(::serde_json::Value::as_str).filter(|v| !v.is_empty());
        let code = header
            .or_else(|| from_body("code"))
            .or_else(|| from_body("__type"))
            // botocore reads `Code` too (some services capitalize it).
            .or_else(|| from_body("Code"))
            .map(sanitize_code)
            .unwrap_or_else(|| status.as_u16().to_string());
        if !object.contains_key("message")
            && let Some(message) = object.get("Message").cloned()
        {
            object.insert("message".to_owned(), message);
        }
        let message = object.get("message").and_then(::serde_json::Value::as_str).map(str::to_owned);
        let body = ::serde_json::to_vec(&object).ok();
        Self { status: status.as_u16(), code, message, body }
    }

    /// The error as an unhandled one.
    pub(crate) fn unhandled(self, body: &[u8]) -> UnhandledError {
        UnhandledError { status: self.status, code: self.code, message: self.message, body: body.to_vec() }
    }
}

/// `aws.protocoltests#Foo:http://…` → `Foo`.
fn sanitize_code(code: &str) -> ::std::string::String {
    let code = code.split(':').next().unwrap_or(code);
    code.rsplit('#').next().unwrap_or(code).trim().to_owned()
}
