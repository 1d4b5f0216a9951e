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
    /// The error code (`x-amzn-ErrorType`, else the body's `code`, `__type` or `Code`, else the
    /// status).
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
