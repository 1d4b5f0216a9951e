//! Splits Smithy IDL text into tokens with their line and column, and scans strings, text
//! blocks and numbers; keeps the pending `///` documentation lines.

use std::collections::VecDeque;
use std::fmt;

/// A 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

/// The kinds of token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    /// Spaces and tabs.
    Space,
    /// A line break.
    Newline,
    /// `,` (whitespace in the IDL).
    Comma,
    /// `// …` to the end of the line.
    Comment,
    /// `/// …` to the end of the line.
    DocComment,
    /// `@`
    At,
    /// A quoted string.
    String,
    /// A `"""` text block.
    TextBlock,
    /// `:`
    Colon,
    /// `:=`
    Walrus,
    /// An identifier.
    Identifier,
    /// `.`
    Dot,
    /// `#`
    Pound,
    /// `$`
    Dollar,
    /// A number.
    Number,
    /// `{`
    LBrace,
    /// `}`
    RBrace,
    /// `[`
    LBracket,
    /// `]`
    RBracket,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `=`
    Equal,
    /// The end of the file.
    Eof,
    /// Text that is no token (the lexer says why).
    Error,
}

impl Tok {
    /// Spaces, line breaks, commas and comments separate tokens.
    pub fn is_whitespace(self) -> bool {
        matches!(self, Tok::Space | Tok::Newline | Tok::Comma | Tok::Comment)
    }

    fn name(self) -> &'static str {
        match self {
            Tok::Space => "SPACE",
            Tok::Newline => "NEWLINE",
            Tok::Comma => "COMMA",
            Tok::Comment => "COMMENT",
            Tok::DocComment => "DOC_COMMENT",
            Tok::At => "AT",
            Tok::String => "STRING",
            Tok::TextBlock => "TEXT_BLOCK",
            Tok::Colon => "COLON",
            Tok::Walrus => "WALRUS",
            Tok::Identifier => "IDENTIFIER",
            Tok::Dot => "DOT",
            Tok::Pound => "POUND",
            Tok::Dollar => "DOLLAR",
            Tok::Number => "NUMBER",
            Tok::LBrace => "LBRACE",
            Tok::RBrace => "RBRACE",
            Tok::LBracket => "LBRACKET",
            Tok::RBracket => "RBRACKET",
            Tok::LParen => "LPAREN",
            Tok::RParen => "RPAREN",
            Tok::Equal => "EQUAL",
            Tok::Eof => "EOF",
            Tok::Error => "ERROR",
        }
    }

    fn example(self) -> &'static str {
        match self {
            Tok::Space => " ",
            Tok::Newline => "\\n",
            Tok::Comma => ",",
            Tok::Comment => "//",
            Tok::DocComment => "///",
            Tok::At => "@",
            Tok::String => "\"",
            Tok::TextBlock => "\"\"\"",
            Tok::Colon => ":",
            Tok::Walrus => ":=",
            Tok::Dot => ".",
            Tok::Pound => "#",
            Tok::Dollar => "$",
            Tok::LBrace => "{",
            Tok::RBrace => "}",
            Tok::LBracket => "[",
            Tok::RBracket => "]",
            Tok::LParen => "(",
            Tok::RParen => ")",
            Tok::Equal => "=",
            Tok::Identifier | Tok::Number | Tok::Eof | Tok::Error => "",
        }
    }

    /// How a message names an expected token: `LBRACE('{')`, `IDENTIFIER`.
    pub fn expected(self) -> String {
        describe(self, self.example())
    }
}

fn describe(tok: Tok, lexeme: &str) -> String {
    if lexeme.is_empty() {
        tok.name().to_owned()
    } else {
        format!("{}('{lexeme}')", tok.name())
    }
}

impl fmt::Display for Tok {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A syntax error: where and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Where the error is.
    pub pos: Pos,
    /// What was expected and what was found.
    pub message: String,
}

/// The tokenizer: one current token at a time.
pub struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    offset: usize,
    line: usize,
    column: usize,
    /// The current token.
    pub tok: Tok,
    /// Byte range of the current token.
    pub start: usize,
    /// End of the current token.
    pub end: usize,
    /// Where the current token starts.
    pub pos: Pos,
    /// The value of a string or text block token.
    pub string: String,
    /// The text of a number token.
    pub number: &'a str,
    /// The error of an error token, with its own position when it is not the token's start.
    pub error: Option<(String, Option<Pos>)>,
    docs: VecDeque<&'a str>,
}

impl<'a> Lexer<'a> {
    /// A lexer positioned on the first token.
    pub fn new(text: &'a str) -> Lexer<'a> {
        let mut lexer = Lexer {
            text,
            bytes: text.as_bytes(),
            offset: 0,
            line: 1,
            column: 1,
            tok: Tok::Eof,
            start: 0,
            end: 0,
            pos: Pos { line: 1, column: 1 },
            string: String::new(),
            number: "",
            error: None,
            docs: VecDeque::new(),
        };
        lexer.advance();
        lexer
    }

    /// The text of the current token.
    pub fn lexeme(&self) -> &'a str {
        &self.text[self.start..self.end]
    }

    /// The source between two byte offsets.
    pub fn slice(&self, start: usize, end: usize) -> &'a str {
        &self.text[start..end]
    }

    /// How a message names the current token: `IDENTIFIER('string')`.
    pub fn found(&self) -> String {
        describe(self.tok, self.lexeme())
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.offset).copied()
    }

    fn here(&self) -> Pos {
        Pos {
            line: self.line,
            column: self.column,
        }
    }

    /// Moves over one character's byte, keeping line and column (a `\r\n` pair is one line
    /// break).
    fn skip(&mut self) {
        if self.offset < self.bytes.len() {
            self.skip_to(self.offset + 1);
        }
    }

    /// Advances to the next token.
    pub fn advance(&mut self) -> Tok {
        self.error = None;
        self.pos = self.here();
        self.start = self.offset;
        let tok = match self.peek() {
            None => Tok::Eof,
            Some(b' ' | b'\t') => {
                let n = self.run(|b| b == b' ' || b == b'\t');
                self.skip_ascii(n);
                Tok::Space
            }
            Some(b'\r' | b'\n') => {
                self.skip();
                Tok::Newline
            }
            Some(b',') => self.single(Tok::Comma),
            Some(b'@') => self.single(Tok::At),
            Some(b'$') => self.single(Tok::Dollar),
            Some(b'.') => self.single(Tok::Dot),
            Some(b'{') => self.single(Tok::LBrace),
            Some(b'}') => self.single(Tok::RBrace),
            Some(b'[') => self.single(Tok::LBracket),
            Some(b']') => self.single(Tok::RBracket),
            Some(b'(') => self.single(Tok::LParen),
            Some(b')') => self.single(Tok::RParen),
            Some(b'#') => self.single(Tok::Pound),
            Some(b'=') => self.single(Tok::Equal),
            Some(b':') => {
                self.skip();
                if self.peek() == Some(b'=') {
                    self.skip();
                    Tok::Walrus
                } else {
                    Tok::Colon
                }
            }
            Some(b'"') => self.string(),
            Some(b'/') => self.comment(),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'A'..=b'Z' | b'a'..=b'z' | b'_') => self.identifier(),
            Some(_) => {
                let c = self.text[self.offset..].chars().next().unwrap_or('?');
                self.error = Some((format!("Unexpected character: '{c}'"), None));
                for _ in 0..c.len_utf8() {
                    self.skip();
                }
                Tok::Error
            }
        };
        self.end = self.offset;
        self.tok = tok;
        if tok == Tok::DocComment {
            self.buffer_doc_line();
        }
        tok
    }

    /// Moves over `n` bytes known to hold no line break and only ASCII.
    fn skip_ascii(&mut self, n: usize) {
        self.offset += n;
        self.column += n;
    }

    /// Moves over the bytes up to `end`, keeping line and column.
    fn skip_to(&mut self, end: usize) {
        let mut i = self.offset;
        while i < end {
            match self.bytes[i] {
                b'\r' => {
                    if self.bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    self.line += 1;
                    self.column = 1;
                }
                b'\n' => {
                    self.line += 1;
                    self.column = 1;
                }
                b if b & 0xC0 == 0x80 => {}
                _ => self.column += 1,
            }
            i += 1;
        }
        self.offset = i;
    }

    /// The length of the run of bytes from the current offset for which `f` holds.
    fn run(&self, f: impl Fn(u8) -> bool) -> usize {
        self.bytes[self.offset..]
            .iter()
            .position(|&b| !f(b))
            .unwrap_or(self.bytes.len() - self.offset)
    }

    fn single(&mut self, tok: Tok) -> Tok {
        self.skip();
        tok
    }

    fn comment(&mut self) -> Tok {
        self.skip();
        if self.peek() != Some(b'/') {
            self.error = Some(("Expected a '/' to follow '/' to form a comment.".to_owned(), None));
            return Tok::Error;
        }
        self.skip();
        let mut tok = Tok::Comment;
        if self.peek() == Some(b'/') {
            self.skip();
            tok = Tok::DocComment;
        }
        let n = self.bytes[self.offset..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .unwrap_or(self.bytes.len() - self.offset);
        self.skip_to(self.offset + n);
        // The line break belongs to the comment.
        self.skip();
        tok
    }

    fn buffer_doc_line(&mut self) {
        let text = self.lexeme();
        let text = text
            .strip_suffix('\n')
            .map(|t| t.strip_suffix('\r').unwrap_or(t))
            .or_else(|| text.strip_suffix('\r'))
            .unwrap_or(text);
        let body = &text[3..];
        self.docs.push_back(body.strip_prefix(' ').unwrap_or(body));
    }

    /// Takes the pending documentation lines, joined with `\n`.
    pub fn take_docs(&mut self) -> Option<String> {
        if self.docs.is_empty() {
            return None;
        }
        let lines: Vec<&str> = self.docs.drain(..).collect();
        Some(lines.join("\n"))
    }

    /// Forgets pending documentation lines (documentation comments where none may attach).
    pub fn clear_docs(&mut self) {
        self.docs.clear();
    }

    fn number(&mut self) -> Tok {
        let start = self.offset;
        let invalid = |lexer: &Lexer, why: &str| {
            format!(
                "Invalid number '{}': {why}",
                &lexer.text[start..lexer.offset]
            )
        };
        if self.peek() == Some(b'-') {
            self.skip();
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                self.error = Some((invalid(self, "'-' must be followed by a digit"), None));
                return Tok::Error;
            }
        }
        self.digits();
        if self.peek() == Some(b'.') {
            self.skip();
            if self.digits() == 0 {
                self.error = Some((invalid(self, "'.' must be followed by a digit"), None));
                return Tok::Error;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.skip();
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.skip();
            }
            if self.digits() == 0 {
                self.error = Some((
                    invalid(self, "'e', '+', and '-' must be followed by a digit"),
                    None,
                ));
                return Tok::Error;
            }
        }
        self.number = &self.text[start..self.offset];
        Tok::Number
    }

    fn digits(&mut self) -> usize {
        let mut n = 0;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.skip();
            n += 1;
        }
        n
    }

    fn identifier(&mut self) -> Tok {
        let ident_char = |b: Option<u8>| matches!(b, Some(b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_'));
        if self.peek() == Some(b'_') {
            while self.peek() == Some(b'_') {
                self.skip();
            }
            if !ident_char(self.peek()) {
                let found = self.found_char();
                self.error = Some((
                    format!("Expected a valid identifier character, but found '{found}'"),
                    Some(self.here()),
                ));
                return Tok::Error;
            }
        }
        let n = self.run(|b| b.is_ascii_alphanumeric() || b == b'_');
        self.skip_ascii(n);
        Tok::Identifier
    }

    fn found_char(&self) -> String {
        self.text[self.offset..]
            .chars()
            .next()
            .map_or("[EOF]".to_owned(), String::from)
    }

    fn string(&mut self) -> Tok {
        self.skip();
        if self.peek() == Some(b'"') {
            self.skip();
            if self.peek() == Some(b'"') {
                self.skip();
                return self.quoted(true);
            }
            self.string.clear();
            return Tok::String;
        }
        self.quoted(false)
    }

    fn quoted(&mut self, triple: bool) -> Tok {
        let start = self.offset;
        let bytes = self.bytes;
        let mut i = start;
        while i < bytes.len() {
            match bytes[i] {
                b'"' if !triple || (bytes.get(i + 1) == Some(&b'"') && bytes.get(i + 2) == Some(&b'"')) => {
                    break;
                }
                b'\\' => i += 2,
                _ => i += 1,
            }
        }
        self.skip_to(i.min(bytes.len()));
        let raw = &self.text[start..self.offset];
        let what = if triple { "text block" } else { "quoted string" };
        for _ in 0..if triple { 3 } else { 1 } {
            if self.peek() != Some(b'"') {
                let found = self.found_char();
                self.error = Some((
                    format!("Expected: '\"', but found '{found}'"),
                    Some(self.here()),
                ));
                return Tok::Error;
            }
            self.skip();
        }
        match scan_string(raw, triple) {
            Ok(s) => {
                self.string = s;
                if triple { Tok::TextBlock } else { Tok::String }
            }
            Err(e) => {
                self.error = Some((format!("Error parsing {what}: {e}"), None));
                Tok::Error
            }
        }
    }
}

/// Unescapes a quoted string or text block body (the text between the quotes); text blocks
/// also lose their incidental whitespace.
pub fn scan_string(raw: &str, text_block: bool) -> Result<String, String> {
    // The common case: no escape, no carriage return, no control character.
    if !text_block
        && raw
            .bytes()
            .all(|b| b >= 0x20 && b != b'\\' || b == b'\t' || b == b'\n')
    {
        return Ok(raw.to_owned());
    }
    let normalized;
    let mut body: &str = raw;
    if body.contains('\r') {
        normalized = body.replace("\r\n", "\n").replace('\r', "\n");
        body = &normalized;
    }
    let formatted;
    if text_block {
        formatted = format_text_block(body)?;
        body = &formatted;
    }
    if !body.contains('\\') {
        if let Some(c) = body.chars().find(|&c| !valid_char(c, text_block)) {
            return Err(format!("Invalid string character: `{c}`"));
        }
        return Ok(body.to_owned());
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            if !valid_char(c, text_block) {
                return Err(format!("Invalid string character: `{c}`"));
            }
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some('/') => out.push('/'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('\n') => {}
            Some('u') => {
                let unit = hex4(&mut chars)?;
                // A surrogate pair is two escapes.
                if (0xD800..0xDC00).contains(&unit) {
                    let rest = chars.as_str();
                    if let Some(tail) = rest.strip_prefix("\\u") {
                        let mut tail_chars = tail.chars();
                        if let Ok(low) = hex4(&mut tail_chars) {
                            if (0xDC00..0xE000).contains(&low) {
                                let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                                out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                                chars = tail_chars;
                                continue;
                            }
                        }
                    }
                }
                match char::from_u32(unit) {
                    Some(c) => out.push(c),
                    None => {
                        return Err(format!(
                            "Invalid unicode escape: `\\u{unit:04x}` is half of a surrogate pair"
                        ));
                    }
                }
            }
            Some(other) => return Err(format!("Invalid escape found in string: `\\{other}`")),
            None => return Err("Invalid escape found in string: `\\`".to_owned()),
        }
    }
    Ok(out)
}

fn hex4(chars: &mut std::str::Chars<'_>) -> Result<u32, String> {
    let mut value = 0;
    for _ in 0..4 {
        let c = chars
            .next()
            .ok_or_else(|| "Invalid unclosed unicode escape found in string".to_owned())?;
        let digit = c
            .to_digit(16)
            .ok_or_else(|| format!("Invalid unicode escape character: `{c}`"))?;
        value = value << 4 | digit;
    }
    Ok(value)
}

fn valid_char(c: char, text_block: bool) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' ' | '!' | '#'..='[' | ']'..) || (text_block && c == '"')
}

/// Removes a text block's incidental whitespace: the opening line break, the common
/// indentation (the closing line counts), and trailing spaces.
fn format_text_block(body: &str) -> Result<String, String> {
    if body.is_empty() {
        return Err("Text block is empty".to_owned());
    }
    if !body.starts_with('\n') {
        return Err("Text block must start with a new line".to_owned());
    }
    let lines: Vec<&str> = body.split('\n').collect();
    let last = lines.len() - 1;
    let mut indent = usize::MAX;
    for (i, line) in lines.iter().enumerate().skip(1) {
        let leading = line.bytes().take_while(|&b| b == b' ').count();
        if leading < line.len() || i == last {
            indent = indent.min(leading);
        }
    }
    let mut out = String::with_capacity(body.len());
    for (i, line) in lines.iter().enumerate().skip(1) {
        if !line.is_empty() {
            let start = indent.min(line.len());
            let trimmed = line.trim_end_matches(' ');
            if trimmed.len() > start {
                out.push_str(&trimmed[start..]);
            }
        }
        if i < last {
            out.push('\n');
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(Tok, String)> {
        let mut lexer = Lexer::new(text);
        let mut out = Vec::new();
        while lexer.tok != Tok::Eof {
            out.push((lexer.tok, lexer.lexeme().to_owned()));
            lexer.advance();
        }
        out
    }

    #[test]
    fn splits_a_member() {
        let toks: Vec<Tok> = tokens("foo: smithy.api#String = \"a\", // x\n")
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(
            toks,
            [
                Tok::Identifier,
                Tok::Colon,
                Tok::Space,
                Tok::Identifier,
                Tok::Dot,
                Tok::Identifier,
                Tok::Pound,
                Tok::Identifier,
                Tok::Space,
                Tok::Equal,
                Tok::Space,
                Tok::String,
                Tok::Comma,
                Tok::Space,
                Tok::Comment
            ]
        );
    }

    #[test]
    fn escapes() {
        assert_eq!(
            scan_string(r#"a\"b\\c\/\b\f\n\r\t\u00e9\ud83d\ude00"#, false).unwrap(),
            "a\"b\\c/\u{8}\u{c}\n\r\té😀"
        );
        assert_eq!(scan_string("a\\\nb", false).unwrap(), "ab");
        assert_eq!(
            scan_string(r"\'", false).unwrap_err(),
            "Invalid escape found in string: `\\'`"
        );
        assert_eq!(
            scan_string(r"\u00", false).unwrap_err(),
            "Invalid unclosed unicode escape found in string"
        );
        assert_eq!(
            scan_string(r"\u0t00", false).unwrap_err(),
            "Invalid unicode escape character: `t`"
        );
    }

    #[test]
    fn text_blocks_lose_incidental_whitespace() {
        assert_eq!(
            scan_string("\n    Hello\n      there  \n    ", true).unwrap(),
            "Hello\n  there\n"
        );
        assert_eq!(scan_string("\n  a\n b", true).unwrap(), " a\nb");
        assert_eq!(
            scan_string("x", true).unwrap_err(),
            "Text block must start with a new line"
        );
    }

    #[test]
    fn positions_count_characters() {
        let mut lexer = Lexer::new("\"é\" x");
        lexer.advance();
        lexer.advance();
        assert_eq!(lexer.pos, Pos { line: 1, column: 5 });
    }

    #[test]
    fn unclosed_string_points_at_the_end() {
        let lexer = Lexer::new("\"abc\n");
        assert_eq!(lexer.tok, Tok::Error);
        assert_eq!(lexer.error.as_ref().unwrap().1, Some(Pos { line: 2, column: 1 }));
    }
}
