/// Why a request could not be built from an input.
#[derive(Debug)]
#[non_exhaustive]
pub enum RequestError {
    /// An `@httpLabel` member is empty: the request would go to the wrong resource.
    EmptyLabel {
        /// The member's name in the model.
        member: &'static str,
    },
    /// A header member holds a value that HTTP cannot carry (a control character).
    InvalidHeader {
        /// The member's name in the model.
        member: &'static str,
    },
    /// The JSON body could not be written.
    Body(::serde_json::Error),
    /// The `http` crate rejected the request parts.
    Http(::http::Error),
}

impl ::std::fmt::Display for RequestError {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            Self::EmptyLabel { member } => write!(f, "the URI label `{member}` is empty"),
            Self::InvalidHeader { member } => write!(f, "the header member `{member}` holds a value HTTP cannot carry"),
            Self::Body(e) => write!(f, "cannot serialize the request body: {e}"),
            Self::Http(e) => write!(f, "cannot build the request: {e}"),
        }
    }
}

impl ::std::error::Error for RequestError {
    fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
        match self {
            Self::Body(e) => Some(e),
            Self::Http(e) => Some(e),
            Self::EmptyLabel { .. } | Self::InvalidHeader { .. } => None,
        }
    }
}

/// A response that does not match the model: not JSON, or a member of the wrong type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidResponse {
    /// The HTTP status of the response.
    pub status: u16,
    /// The error code when the response was an error, else the status as text.
    pub code: ::std::string::String,
    /// Where in the body the problem is (`membership.createTime`), empty for the whole body.
    pub path: ::std::string::String,
    /// What is wrong there.
    pub message: ::std::string::String,
}

impl ::std::fmt::Display for InvalidResponse {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        if self.path.is_empty() || self.path == "." {
            write!(f, "invalid response body (HTTP {}): {}", self.status, self.message)
        } else {
            write!(f, "invalid response body (HTTP {}) at `{}`: {}", self.status, self.path, self.message)
        }
    }
}

impl ::std::error::Error for InvalidResponse {}

/// An error response the operation does not model: an unknown code, or a generic HTTP failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnhandledError {
    /// The HTTP status.
    pub status: u16,
    /// The error code (`x-amzn-ErrorType`, else the body's `code` or `__type`, else the status).
    pub code: ::std::string::String,
    /// The error message, when the response has one.
    pub message: ::std::option::Option<::std::string::String>,
    /// The raw body.
    pub body: ::std::vec::Vec<u8>,
}

impl ::std::fmt::Display for UnhandledError {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        write!(f, "{} (HTTP {})", self.code, self.status)?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl ::std::error::Error for UnhandledError {}

/// Deserializes a JSON body (empty means `{}`), naming the member when it does not fit. `code`
/// is the error code when the body is an error's, `None` for a success (the status stands in).
pub(crate) fn parse_json<T: ::serde::de::DeserializeOwned>(
    status: u16,
    code: ::std::option::Option<&str>,
    body: &[u8],
) -> ::std::result::Result<T, InvalidResponse> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) { b"{}" } else { body };
    let invalid = |path: ::std::string::String, message: ::std::string::String| InvalidResponse {
        status,
        code: code.map_or_else(|| status.to_string(), str::to_owned),
        path,
        message,
    };
    let mut deserializer = ::serde_json::Deserializer::from_slice(body);
    let value = ::serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| invalid(e.path().to_string(), e.into_inner().to_string()))?;
    deserializer.end().map_err(|e| invalid(::std::string::String::new(), e.to_string()))?;
    Ok(value)
}

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
        // A 5xx with no body or an HTML page comes from the HTTP layer, not the service.
        if status.as_u16() >= 500 && (trimmed.is_empty() || trimmed.starts_with("<html>")) {
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
        let header = response.headers().get("x-amzn-errortype").and_then(|v| v.to_str().ok()).filter(|v| !v.is_empty());
        let from_body = |key: &str| object.get(key).and_then(::serde_json::Value::as_str).filter(|v| !v.is_empty());
        let code = header
            .or_else(|| from_body("code"))
            .or_else(|| from_body("__type"))
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
