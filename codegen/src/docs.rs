//! Turns the model's HTML documentation into rustdoc Markdown.
//!
//! AWS models write `@documentation` in a small HTML subset. The text is split into tokens by a
//! forgiving hand-rolled tokenizer and rendered block by block. Text is escaped so that rustdoc
//! never sees an accidental intra-doc link, HTML tag, heading, list, table, indented code block
//! (which would become a doctest) or bare URL; the output passes `cargo doc` with `-D warnings`.

/// Converts Smithy `@documentation` text (AWS models use an HTML subset) to Markdown that rustdoc
/// renders cleanly and that passes `cargo doc` with `-D warnings`.
pub fn to_markdown(html: &str) -> String {
    let mut renderer = Renderer::new();
    for token in tokenize(html) {
        renderer.token(token);
    }
    renderer.finish()
}

// --- Tokenizer ------------------------------------------------------------------------------

/// One piece of the HTML input.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// Character data, entities decoded.
    Text(String),
    /// A start tag; names are lower-cased, attribute values entity-decoded.
    Start {
        /// The tag name.
        name: String,
        /// `(name, value)` pairs in source order; a bare attribute has an empty value.
        attrs: Vec<(String, String)>,
        /// Written as `<name/>`.
        self_closing: bool,
    },
    /// An end tag `</name>`, name lower-cased.
    End(String),
}

/// Splits `html` into tokens. Anything that does not form a complete tag (a stray `<`, `< p>`,
/// an unterminated `<a href="…`) stays text; comments, `<!…>` and `<?…>` are dropped.
fn tokenize(html: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut text = String::new();
    let mut rest = html;
    // No tag can start after the last `>`; stopping there keeps the scan linear for text
    // full of stray `<`.
    let last_gt = html.rfind('>').unwrap_or(0);
    while let Some(lt) = rest.find('<') {
        if html.len() - rest.len() + lt > last_gt {
            break;
        }
        text.push_str(&rest[..lt]);
        rest = &rest[lt..];
        match parse_markup(rest) {
            Some((markup, len)) => {
                push_text(&mut tokens, &mut text);
                tokens.extend(markup);
                rest = &rest[len..];
            }
            None => {
                text.push('<');
                rest = &rest[1..];
            }
        }
    }
    text.push_str(rest);
    push_text(&mut tokens, &mut text);
    tokens
}

/// Moves the raw text collected so far into `tokens` as a decoded [`Token::Text`].
fn push_text(tokens: &mut Vec<Token>, text: &mut String) {
    if !text.is_empty() {
        tokens.push(Token::Text(decode_entities(text)));
        text.clear();
    }
}

/// Parses the markup at the start of `s` (which begins with `<`): the token it produces (none
/// for comments) and its length in bytes, or `None` when `s` does not start with markup.
fn parse_markup(s: &str) -> Option<(Option<Token>, usize)> {
    let bytes = s.as_bytes();
    match *bytes.get(1)? {
        b'!' if s.starts_with("<!--") => {
            let end = s[4..].find("-->")?;
            Some((None, 4 + end + 3))
        }
        b'!' | b'?'
            if bytes
                .get(2)
                .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'[') =>
        {
            let end = s.find('>')?;
            Some((None, end + 1))
        }
        b'/' if bytes.get(2).is_some_and(u8::is_ascii_alphabetic) => {
            let name_end = scan_name(bytes, 2);
            let end = name_end + s[name_end..].find('>')?;
            let name = s[2..name_end].to_ascii_lowercase();
            Some((Some(Token::End(name)), end + 1))
        }
        b if b.is_ascii_alphabetic() => parse_start_tag(s).map(|(token, len)| (Some(token), len)),
        _ => None,
    }
}

/// The index just past the tag name that starts at `start`.
fn scan_name(bytes: &[u8], start: usize) -> usize {
    let mut end = start;
    while bytes
        .get(end)
        .is_some_and(|b| b.is_ascii_alphanumeric() || b"-_:.".contains(b))
    {
        end += 1;
    }
    end
}

/// The index of the first non-whitespace byte at or after `i`.
fn skip_spaces(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// Parses `<name attr=value …>` at the start of `s`; `None` if the input ends before the `>`.
fn parse_start_tag(s: &str) -> Option<(Token, usize)> {
    let bytes = s.as_bytes();
    let name_end = scan_name(bytes, 1);
    let name = s[1..name_end].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    let mut i = name_end;
    loop {
        i = skip_spaces(bytes, i);
        match *bytes.get(i)? {
            b'>' => {
                return Some((
                    Token::Start {
                        name,
                        attrs,
                        self_closing,
                    },
                    i + 1,
                ));
            }
            b'/' => {
                i += 1;
                self_closing = bytes.get(i) == Some(&b'>');
            }
            _ => {
                let (attr, next) = parse_attribute(s, i)?;
                attrs.push(attr);
                i = next;
                self_closing = false;
            }
        }
    }
}

/// Parses one attribute starting at `start` (not whitespace, `>` or `/`): `name`, `name=value`,
/// `name="value"` or `name='value'`. Returns it and the index after it; `None` if a quoted value
/// is never closed.
fn parse_attribute(s: &str, start: usize) -> Option<((String, String), usize)> {
    let bytes = s.as_bytes();
    let mut end = start;
    while let Some(&b) = bytes.get(end) {
        if b.is_ascii_whitespace() || b == b'>' || b == b'/' || (b == b'=' && end > start) {
            break;
        }
        end += 1;
    }
    let name = s[start..end].to_ascii_lowercase();
    let eq = skip_spaces(bytes, end);
    if bytes.get(eq) != Some(&b'=') {
        return Some(((name, String::new()), end));
    }
    let value_start = skip_spaces(bytes, eq + 1);
    let (value, next) = match *bytes.get(value_start)? {
        quote @ (b'"' | b'\'') => {
            let len = s[value_start + 1..].find(char::from(quote))?;
            let value = &s[value_start + 1..value_start + 1 + len];
            (value, value_start + len + 2)
        }
        _ => {
            let mut value_end = value_start;
            while bytes
                .get(value_end)
                .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>')
            {
                value_end += 1;
            }
            (&s[value_start..value_end], value_end)
        }
    };
    Some(((name, decode_entities(value)), next))
}

/// Replaces character references (`&lt;`, `&#39;`, `&#x41;`, …) by the characters they stand
/// for; anything that is not a complete, known reference is kept as written.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match decode_entity(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes the character reference at the start of `s` (which begins with `&`): the character
/// and the reference's length in bytes.
fn decode_entity(s: &str) -> Option<(char, usize)> {
    let semicolon = s.bytes().take(12).position(|b| b == b';')?;
    let body = &s[1..semicolon];
    let c = if let Some(hex) = body.strip_prefix("#x").or_else(|| body.strip_prefix("#X")) {
        numeric_reference(hex, 16)?
    } else if let Some(decimal) = body.strip_prefix('#') {
        numeric_reference(decimal, 10)?
    } else {
        named_entity(body)?
    };
    Some((c, semicolon + 1))
}

/// The character of a numeric reference's digits; U+FFFD for code points that are not
/// characters (or NUL), `None` if the digits are malformed.
fn numeric_reference(digits: &str, radix: u32) -> Option<char> {
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let value = u32::from_str_radix(digits, radix).ok()?;
    Some(
        char::from_u32(value)
            .filter(|c| *c != '\0')
            .unwrap_or('\u{fffd}'),
    )
}

/// The character of a named reference this module knows.
fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "hellip" => '\u{2026}',
        "lsquo" => '\u{2018}',
        "rsquo" => '\u{2019}',
        "ldquo" => '\u{201c}',
        "rdquo" => '\u{201d}',
        "copy" => '\u{a9}',
        "reg" => '\u{ae}',
        "trade" => '\u{2122}',
        "times" => '\u{d7}',
        _ => return None,
    })
}

// --- Rendering ------------------------------------------------------------------------------

/// What an open inline element turns into when it closes.
#[derive(Debug)]
enum FrameKind {
    /// `<b>`/`<strong>` (`strong`) or `<i>`/`<em>`; `marker` is empty when an enclosing
    /// element already applies the same emphasis.
    Emphasis {
        /// Bold rather than italic.
        strong: bool,
        /// `**`, `*` or nothing.
        marker: &'static str,
    },
    /// `<a>`.
    Link {
        /// The target as written; `None` when missing, empty, or nested inside another link.
        href: Option<String>,
        /// The Markdown destination for `href`; `None` when there is none or rustdoc would
        /// misread it as an intra-doc link, and the text is written without a link.
        dest: Option<String>,
    },
    /// `<code>`, `<tt>`, `<kbd>`, `<samp>`, or `<pre>` (`pre`); collects raw text.
    Code {
        /// Opened by `<pre>`, so only the end of the block closes it.
        pre: bool,
    },
}

/// An open inline element and what was collected inside it so far.
#[derive(Debug)]
struct Frame {
    /// What the element becomes.
    kind: FrameKind,
    /// Rendered Markdown; raw whitespace-collapsed text for code frames.
    buf: String,
    /// The plain text of a link, to notice `<a href="u">u</a>`.
    plain: String,
}

/// An open `<ul>` or `<ol>`.
#[derive(Debug)]
struct List {
    /// `<ol>`.
    ordered: bool,
    /// The number of the next ordered item.
    next: u64,
    /// The column of this list's markers.
    indent: usize,
    /// Whether a marker of this list has been written.
    started: bool,
    /// The open `<li>`, if any.
    item: Option<Item>,
}

/// An open `<li>`.
#[derive(Debug)]
struct Item {
    /// The column where the item's content starts; continuation lines are indented to it.
    content_indent: usize,
    /// The marker (`-`, `3.`) until the item's first line is written.
    marker: Option<String>,
}

/// The line prefixes of one block.
#[derive(Debug)]
struct Prefixes {
    /// Before the first line: list markers and indentation.
    first: String,
    /// Before every further line: indentation.
    rest: String,
    /// The first line starts a list item.
    item_start: bool,
    /// The item may follow the previous line without a blank line in between.
    may_be_tight: bool,
}

/// Turns tokens into Markdown one block (paragraph, list item, heading, …) at a time.
#[derive(Debug)]
struct Renderer {
    /// Finished Markdown.
    out: String,
    /// Markdown of the current block outside any inline element.
    root: String,
    /// Open inline elements, outermost first.
    frames: Vec<Frame>,
    /// Open lists, outermost first.
    lists: Vec<List>,
    /// The label (`**Note:**`) waiting for the first text of a `<note>`/`<important>`.
    callout: Option<&'static str>,
    /// Whitespace was seen since the last content.
    pending_space: bool,
    /// A `<br>` was seen since the last content.
    pending_break: bool,
    /// The current output line of the block has content.
    line_has_content: bool,
    /// The current block has content.
    block_has_content: bool,
    /// The last written block belongs to a list item.
    last_block_in_item: bool,
}

impl Renderer {
    /// A renderer with nothing written.
    fn new() -> Self {
        Renderer {
            out: String::new(),
            root: String::new(),
            frames: Vec::new(),
            lists: Vec::new(),
            callout: None,
            pending_space: false,
            pending_break: false,
            line_has_content: false,
            block_has_content: false,
            last_block_in_item: false,
        }
    }

    /// Feeds one token.
    fn token(&mut self, token: Token) {
        match token {
            Token::Text(text) => self.text(&text),
            Token::Start {
                name,
                attrs,
                self_closing,
            } => {
                self.start_tag(&name, &attrs);
                if self_closing && !matches!(name.as_str(), "br" | "hr") {
                    self.end_tag(&name);
                }
            }
            Token::End(name) => self.end_tag(&name),
        }
    }

    /// Handles `<name …>`; unknown tags are ignored (their text is kept).
    fn start_tag(&mut self, name: &str, attrs: &[(String, String)]) {
        if self.in_code() && !is_block_tag(name) {
            if matches!(name, "br" | "td" | "th") {
                self.code_text(" ");
            }
            return;
        }
        match name {
            "br" => self.pending_break |= self.line_has_content,
            "td" | "th" => self.pending_space = true,
            "note" => self.start_callout("**Note:**"),
            "important" => self.start_callout("**Important:**"),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush_block();
                self.push_emphasis(true);
            }
            "ul" => self.open_list(false, 1),
            "ol" => self.open_list(true, ordered_start(attrs)),
            "li" => self.open_item(),
            "pre" => {
                self.flush_block();
                self.push_frame(FrameKind::Code { pre: true });
            }
            "code" | "tt" | "kbd" | "samp" => self.push_frame(FrameKind::Code { pre: false }),
            "b" | "strong" => self.push_emphasis(true),
            "i" | "em" => self.push_emphasis(false),
            "a" => self.open_link(attrs),
            _ if is_block_tag(name) => self.flush_block(),
            _ => {}
        }
    }

    /// Handles `</name>`; end tags without a matching open element are ignored.
    fn end_tag(&mut self, name: &str) {
        match name {
            "note" | "important" => {
                self.flush_block();
                self.callout = None;
            }
            "ul" | "ol" => self.close_list(),
            "li" => self.close_item(),
            "code" | "tt" | "kbd" | "samp" => {
                self.close_frame(|kind| matches!(kind, FrameKind::Code { pre: false }));
            }
            "b" | "strong" => {
                self.close_frame(|kind| matches!(kind, FrameKind::Emphasis { strong: true, .. }));
            }
            "i" | "em" => {
                self.close_frame(|kind| matches!(kind, FrameKind::Emphasis { strong: false, .. }));
            }
            "a" => self.close_frame(|kind| matches!(kind, FrameKind::Link { .. })),
            "br" | "td" | "th" => self.start_tag(name, &[]),
            _ if is_block_tag(name) => self.flush_block(),
            _ => {}
        }
    }

    /// Handles character data: whitespace runs become one pending space, words are escaped.
    fn text(&mut self, text: &str) {
        if self.in_code() {
            self.code_text(text);
            return;
        }
        for (i, word) in text.split(is_html_space).enumerate() {
            if i > 0 {
                self.pending_space = true;
            }
            if !word.is_empty() {
                self.word(word);
            }
        }
    }

    /// Writes one whitespace-free piece of text, escaped.
    fn word(&mut self, word: &str) {
        let spaced = self.pending_space;
        let at_line_start = self.before_content();
        let escaped = escape_word(word, at_line_start, self.in_link());
        self.top_buf().push_str(&escaped);
        let innermost_link = self
            .frames
            .iter_mut()
            .rev()
            .find(|frame| matches!(frame.kind, FrameKind::Link { .. }));
        if let Some(link) = innermost_link {
            if spaced && !link.plain.is_empty() {
                link.plain.push(' ');
            }
            link.plain.push_str(word);
        }
    }

    /// Adds text to the open code frame, collapsing whitespace runs to one space.
    fn code_text(&mut self, text: &str) {
        if let Some(frame) = self.frames.last_mut() {
            for c in text.chars() {
                if !is_html_space(c) {
                    frame.buf.push(c);
                } else if !frame.buf.ends_with(' ') {
                    frame.buf.push(' ');
                }
            }
        }
    }

    /// Prepares for visible content: writes a pending callout label, line break or space (outside
    /// any inline element that is still empty) and returns whether the content starts a line.
    fn before_content(&mut self) -> bool {
        if !self.block_has_content {
            if let Some(label) = self.callout.take() {
                self.push_outside_empty_frames(label);
                self.line_has_content = true;
                self.pending_space = true;
            }
        }
        if self.pending_break && self.line_has_content {
            self.push_outside_empty_frames("\\\n");
            self.line_has_content = false;
            self.pending_space = false;
        }
        if self.pending_space && self.line_has_content {
            self.push_outside_empty_frames(" ");
        }
        self.pending_break = false;
        self.pending_space = false;
        let at_line_start = !self.line_has_content;
        self.line_has_content = true;
        self.block_has_content = true;
        at_line_start
    }

    /// Appends `s` to the innermost element with content, so it lands before the opening
    /// markers of elements that are still empty (`a **b**`, not `a** b**`).
    fn push_outside_empty_frames(&mut self, s: &str) {
        match self.frames.iter().rposition(|frame| !frame.buf.is_empty()) {
            Some(index) => self.frames[index].buf.push_str(s),
            None => self.root.push_str(s),
        }
    }

    /// The buffer that receives content now.
    fn top_buf(&mut self) -> &mut String {
        match self.frames.last_mut() {
            Some(frame) => &mut frame.buf,
            None => &mut self.root,
        }
    }

    /// The last character of the block so far, looking through open elements that add no
    /// markers of their own; `None` after an opening marker or at the start of the block.
    fn previous_char(&self) -> Option<char> {
        for frame in self.frames.iter().rev() {
            if let Some(c) = frame.buf.chars().next_back() {
                return Some(c);
            }
            let has_opener = match &frame.kind {
                FrameKind::Emphasis { marker, .. } => !marker.is_empty(),
                FrameKind::Link { dest, .. } => dest.is_some(),
                FrameKind::Code { .. } => true,
            };
            if has_opener {
                return None;
            }
        }
        self.root.chars().next_back()
    }

    /// Appends finished inline Markdown; `announced` says `before_content` already ran for it.
    fn append(&mut self, markdown: &str, announced: bool) {
        if markdown.is_empty() {
            return;
        }
        if !announced {
            self.before_content();
        }
        self.top_buf().push_str(markdown);
    }

    /// Whether the innermost open element is a code frame.
    fn in_code(&self) -> bool {
        self.frames
            .last()
            .is_some_and(|frame| matches!(frame.kind, FrameKind::Code { .. }))
    }

    /// Whether text ends up inside a Markdown link.
    fn in_link(&self) -> bool {
        self.frames
            .iter()
            .any(|frame| matches!(frame.kind, FrameKind::Link { dest: Some(_), .. }))
    }

    /// Opens an inline element.
    fn push_frame(&mut self, kind: FrameKind) {
        self.frames.push(Frame {
            kind,
            buf: String::new(),
            plain: String::new(),
        });
    }

    /// Opens bold (`strong`) or italic; without markers if the same emphasis is already open.
    fn push_emphasis(&mut self, strong: bool) {
        let nested = self.frames.iter().any(
            |frame| matches!(frame.kind, FrameKind::Emphasis { strong: s, .. } if s == strong),
        );
        let marker = match (nested, strong) {
            (true, _) => "",
            (false, true) => "**",
            (false, false) => "*",
        };
        self.push_frame(FrameKind::Emphasis { strong, marker });
    }

    /// Opens `<a>`; a link inside a link keeps only its text.
    fn open_link(&mut self, attrs: &[(String, String)]) {
        let href = if self.in_link() {
            None
        } else {
            attribute(attrs, "href")
                .map(str::trim)
                .filter(|href| !href.is_empty())
                .map(str::to_owned)
        };
        let dest = href
            .as_deref()
            .map(link_destination)
            .filter(|dest| is_safe_destination(dest));
        self.push_frame(FrameKind::Link { href, dest });
    }

    /// Closes the innermost element `matches` accepts, and every element opened inside it.
    /// Inside a code frame only the code frame's own end tag counts.
    fn close_frame(&mut self, matches: impl Fn(&FrameKind) -> bool) {
        if self.in_code() && !self.frames.last().is_some_and(|frame| matches(&frame.kind)) {
            return;
        }
        if let Some(index) = self.frames.iter().rposition(|frame| matches(&frame.kind)) {
            while self.frames.len() > index {
                self.pop_frame();
            }
        }
    }

    /// Closes the innermost inline element, writing its Markdown into its parent.
    fn pop_frame(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        match frame.kind {
            FrameKind::Emphasis { marker, .. } => {
                if !frame.buf.is_empty() {
                    let emphasized = format!("{marker}{}{marker}", frame.buf);
                    self.top_buf().push_str(&emphasized);
                }
            }
            FrameKind::Link { href, dest } => {
                self.finish_link(href.as_deref(), dest.as_deref(), &frame.buf, &frame.plain);
            }
            FrameKind::Code { .. } => self.finish_code(&frame.buf),
        }
    }

    /// Writes a code span for the raw text of a closed code frame; whitespace at either end
    /// becomes a pending space outside the span.
    fn finish_code(&mut self, raw: &str) {
        if raw.starts_with(' ') {
            self.pending_space = true;
        }
        let content = raw.trim_matches(' ');
        if !content.is_empty() {
            self.before_content();
            // Two touching code spans would merge into one backtick run.
            if self.previous_char() == Some('`') {
                self.top_buf().push(' ');
            }
            let span = code_span(content);
            self.top_buf().push_str(&span);
        }
        if raw.ends_with(' ') {
            self.pending_space = true;
        }
    }

    /// Writes a closed `<a>`: `[text](dest)`, `<url>` for empty text or text equal to the URL,
    /// or just the text when there is no usable destination. A link without text and without
    /// an autolink form shows its `href` as text.
    fn finish_link(&mut self, href: Option<&str>, dest: Option<&str>, text: &str, plain: &str) {
        let has_text = !text.is_empty();
        let autolink = dest.and_then(autolink);
        let markdown = match (dest, autolink) {
            (_, Some(autolink)) if !has_text || Some(plain.trim()) == href => autolink,
            (Some(dest), _) if has_text => format!("[{text}]({dest})"),
            _ if has_text => text.to_owned(),
            _ => {
                self.text(href.unwrap_or_default());
                return;
            }
        };
        self.append(&markdown, has_text);
    }

    /// Starts a `<note>`/`<important>`: its first paragraph begins with `label`.
    fn start_callout(&mut self, label: &'static str) {
        self.flush_block();
        self.callout = Some(label);
    }

    /// Opens `<ul>`/`<ol>`, indented to the content of the enclosing item.
    fn open_list(&mut self, ordered: bool, start: u64) {
        self.flush_block();
        let indent = self.content_indent();
        self.lists.push(List {
            ordered,
            next: start,
            indent,
            started: false,
            item: None,
        });
    }

    /// Closes the innermost list.
    fn close_list(&mut self) {
        self.flush_block();
        self.lists.pop();
    }

    /// Opens `<li>` in the innermost list (an unordered one if none is open); an item still
    /// open in that list ends.
    fn open_item(&mut self) {
        self.flush_block();
        if self.lists.is_empty() {
            self.open_list(false, 1);
        }
        if let Some(list) = self.lists.last_mut() {
            let marker = if list.ordered {
                let marker = format!("{}.", list.next);
                list.next = list.next.saturating_add(1);
                marker
            } else {
                "-".to_owned()
            };
            let content_indent = list.indent + marker.len() + 1;
            list.item = Some(Item {
                content_indent,
                marker: Some(marker),
            });
        }
    }

    /// Closes `<li>`; if the innermost list has no open item (a missing `</ul>`), that list is
    /// closed first.
    fn close_item(&mut self) {
        self.flush_block();
        let has_item = self.lists.last().is_some_and(|list| list.item.is_some());
        if !has_item && self.lists.len() > 1 {
            self.lists.pop();
        }
        if let Some(list) = self.lists.last_mut() {
            list.item = None;
        }
    }

    /// The column where content of the innermost list context starts.
    fn content_indent(&self) -> usize {
        self.lists.last().map_or(0, |list| {
            list.item
                .as_ref()
                .map_or(list.indent, |item| item.content_indent)
        })
    }

    /// Whether the innermost list has an open item.
    fn in_item(&self) -> bool {
        self.lists.last().is_some_and(|list| list.item.is_some())
    }

    /// Ends the current block: closes open inline elements and writes the block, if it has
    /// content, to the output.
    fn flush_block(&mut self) {
        while !self.frames.is_empty() {
            self.pop_frame();
        }
        let content = std::mem::take(&mut self.root);
        self.pending_space = false;
        self.pending_break = false;
        self.line_has_content = false;
        self.block_has_content = false;
        if !content.trim().is_empty() {
            self.emit_block(&content);
        }
    }

    /// Writes one block: list markers or indentation before its lines, separated from the
    /// previous block by a blank line (a newline between items of a tight list).
    fn emit_block(&mut self, content: &str) {
        let prefixes = self.take_prefixes();
        if !self.out.is_empty() {
            let tight = prefixes.item_start && prefixes.may_be_tight && self.last_block_in_item;
            self.out.push_str(if tight { "\n" } else { "\n\n" });
        }
        for (i, line) in content.split('\n').enumerate() {
            if i > 0 {
                self.out.push('\n');
            }
            let line = line.trim_matches([' ', '\t']);
            if !line.is_empty() {
                self.out.push_str(if i == 0 {
                    &prefixes.first
                } else {
                    &prefixes.rest
                });
                self.out.push_str(line);
            }
        }
        self.last_block_in_item = self.in_item();
    }

    /// The prefixes of the next block; takes the markers of items that have not been written,
    /// so an item whose first content is a nested list starts as `- - x`.
    fn take_prefixes(&mut self) -> Prefixes {
        let rest = " ".repeat(self.content_indent());
        let mut first = String::new();
        let mut may_be_tight = true;
        for list in &mut self.lists {
            let Some(marker) = list.item.as_mut().and_then(|item| item.marker.take()) else {
                continue;
            };
            // Only an ordered list starting at 1 may interrupt a paragraph.
            may_be_tight &= !(list.ordered && !list.started && marker != "1.");
            list.started = true;
            let pad = list.indent.saturating_sub(first.len());
            first.extend(std::iter::repeat_n(' ', pad));
            first.push_str(&marker);
            first.push(' ');
        }
        let item_start = !first.is_empty();
        if !item_start {
            first.clone_from(&rest);
        }
        Prefixes {
            first,
            rest,
            item_start,
            may_be_tight,
        }
    }

    /// Ends the input and returns the normalized Markdown.
    fn finish(mut self) -> String {
        self.flush_block();
        normalize(&self.out)
    }
}

/// Tags that end the current block when they open or close.
#[rustfmt::skip]
const BLOCK_TAGS: &[&str] = &[
    "p", "div", "dl", "dt", "dd", "blockquote", "section", "article", "header", "footer", "table",
    "thead", "tbody", "tfoot", "tr", "caption", "hr", "note", "important", "h1", "h2", "h3", "h4",
    "h5", "h6", "ul", "ol", "li", "pre",
];

/// Whether `name` is one of [`BLOCK_TAGS`].
fn is_block_tag(name: &str) -> bool {
    BLOCK_TAGS.contains(&name)
}

/// The value of attribute `name`.
fn attribute<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// The first number of an `<ol>`: its `start` attribute if that is a valid Markdown list
/// number, else 1.
fn ordered_start(attrs: &[(String, String)]) -> u64 {
    attribute(attrs, "start")
        .and_then(|start| start.trim().parse::<u64>().ok())
        .filter(|start| *start <= 999_999_999)
        .unwrap_or(1)
}

/// HTML's inter-element whitespace.
fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}')
}

/// Trims trailing spaces, collapses runs of blank lines to one and drops blank lines at
/// either end.
fn normalize(markdown: &str) -> String {
    let mut lines: Vec<&str> = Vec::new();
    for line in markdown.split('\n') {
        let line = line.trim_end_matches([' ', '\t']);
        if line.is_empty() && lines.last().is_none_or(|last| last.is_empty()) {
            continue;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|last| last.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

// --- Escaping -------------------------------------------------------------------------------

/// Escapes one whitespace-free piece of text. Bare `http(s)` URLs (anywhere, as rustdoc's
/// `bare_urls` lint finds them) become autolinks unless the text is already inside a link. At
/// the start of a line, characters that would begin a heading, list or setext underline are
/// escaped, and so is a final `!` (one of our links may follow it).
fn escape_word(word: &str, at_line_start: bool, in_link: bool) -> String {
    let chars: Vec<char> = word.chars().filter(|c| !c.is_control()).collect();
    let mut out = String::with_capacity(word.len() + 8);
    let marker_end = if at_line_start {
        ordered_marker_end(&chars)
    } else {
        None
    };
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if !in_link && matches!(c, 'h' | 'H') {
            if let Some(len) = url_len(&chars[i..]) {
                out.push('<');
                out.extend(&chars[i..i + len]);
                out.push('>');
                i += len;
                continue;
            }
        }
        let starts_block = at_line_start && i == 0 && matches!(c, '#' | '-' | '+' | '=');
        // A `!` right before one of our links would turn it into an image.
        let ends_in_bang = c == '!' && i + 1 == chars.len();
        if starts_block || ends_in_bang || marker_end == Some(i) {
            out.push('\\');
            out.push(c);
        } else {
            let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
            push_escaped(&mut out, prev, c, chars.get(i + 1..).unwrap_or_default());
        }
        i += 1;
    }
    out
}

/// Appends text character `c` (preceded by `prev`, followed by `next`) so Markdown shows it
/// literally.
fn push_escaped(out: &mut String, prev: Option<char>, c: char, next: &[char]) {
    match c {
        '\\' | '`' | '*' | '[' | ']' | '~' | '|' => {
            out.push('\\');
            out.push(c);
        }
        '_' if !is_intraword(prev, next) => out.push_str("\\_"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '&' if entity_like(next) => out.push_str("&amp;"),
        _ => out.push(c),
    }
}

/// Whether a character between `prev` and `next` sits inside a word (Markdown ignores `_`
/// there).
fn is_intraword(prev: Option<char>, next: &[char]) -> bool {
    prev.is_some_and(char::is_alphanumeric) && next.first().is_some_and(|c| c.is_alphanumeric())
}

/// Whether the text after an `&` would be read as a character reference (`amp;`, `#39;`).
fn entity_like(after_amp: &[char]) -> bool {
    let Some(len) = after_amp.iter().take(33).position(|c| *c == ';') else {
        return false;
    };
    let body = &after_amp[..len];
    let name = body.strip_prefix(&['#']).unwrap_or(body);
    !name.is_empty() && name.iter().all(char::is_ascii_alphanumeric)
}

/// If the word `chars` is an ordered-list marker (`1.`, `12)`), the index of its `.`/`)`.
fn ordered_marker_end(chars: &[char]) -> Option<usize> {
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    let is_marker = (1..=9).contains(&digits)
        && chars.len() == digits + 1
        && matches!(chars.get(digits), Some('.' | ')'));
    is_marker.then_some(digits)
}

/// The length of the `http://` or `https://` URL at the start of `chars`, without trailing
/// punctuation that more likely ends the sentence.
fn url_len(chars: &[char]) -> Option<usize> {
    let prefix: String = chars
        .iter()
        .take(8)
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme_len = if prefix.starts_with("https://") {
        8
    } else if prefix.starts_with("http://") {
        7
    } else {
        return None;
    };
    let mut end = chars
        .iter()
        .position(|c| matches!(c, '<' | '>' | '"' | '`') || c.is_whitespace())
        .unwrap_or(chars.len());
    while end > scheme_len {
        let url = &chars[..end];
        let count = |c: char| url.iter().filter(|&&x| x == c).count();
        let trailing = match url[end - 1] {
            '.' | ',' | ':' | ';' | '!' | '?' | '\'' | '*' | '_' | '~' => true,
            ')' => count(')') > count('('),
            ']' => count(']') > count('['),
            _ => false,
        };
        if !trailing {
            break;
        }
        end -= 1;
    }
    (end > scheme_len).then_some(end)
}

/// A code span for `content`, fenced by more backticks than the longest run inside it.
fn code_span(content: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in content.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    if longest == 0 {
        format!("`{content}`")
    } else {
        let fence = "`".repeat(longest + 1);
        format!("{fence} {content} {fence}")
    }
}

/// `href` as a Markdown link destination: characters that would end or confuse it are
/// percent-encoded.
fn link_destination(href: &str) -> String {
    let chars: Vec<char> = href.chars().collect();
    let mut out = String::with_capacity(href.len());
    for (i, &c) in chars.iter().enumerate() {
        let needs_encoding = matches!(c, ' ' | '<' | '>' | '(' | ')' | '\\' | '`')
            || c.is_whitespace()
            || c.is_control()
            || (c == '&' && entity_like(chars.get(i + 1..).unwrap_or_default()));
        if needs_encoding {
            let mut utf8 = [0; 4];
            for byte in c.encode_utf8(&mut utf8).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// `<dest>` if `dest` is an absolute URI (`scheme:…`) that rustdoc leaves alone.
fn autolink(dest: &str) -> Option<String> {
    let colon = dest.find(':')?;
    let scheme = &dest[..colon];
    let valid_scheme = (2..=32).contains(&scheme.len())
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'));
    let has_rest = dest.len() > colon + 1;
    (valid_scheme && has_rest && is_safe_destination(dest)).then(|| format!("<{dest}>"))
}

/// Whether rustdoc treats `dest` as a plain URL rather than an intra-doc link it must resolve
/// (a failure is a `broken_intra_doc_links` warning). Mirrors rustdoc's checks: a `/` means a
/// URL; a bare `#anchor` is fine; two anchors are an error; otherwise only a destination with
/// a character that cannot occur in a Rust path is left alone.
fn is_safe_destination(dest: &str) -> bool {
    if dest.contains('/') {
        return true;
    }
    let stripped: String = dest.chars().filter(|c| *c != '`').collect();
    let mut parts = stripped.split('#');
    let path = parts.next().unwrap_or_default().trim();
    if path.is_empty() {
        return true;
    }
    if parts.count() > 1 {
        return false;
    }
    path.chars()
        .any(|c| !(c.is_alphanumeric() || ":_<>, !*&;@{}[]".contains(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_trimmed() {
        assert_eq!(
            to_markdown("File format of the returned data.\n"),
            "File format of the returned data."
        );
    }

    #[test]
    fn plain_text_newlines_collapse() {
        assert_eq!(
            to_markdown("Line one.\n    Indented line.\n\tTabbed."),
            "Line one. Indented line. Tabbed."
        );
    }

    #[test]
    fn empty_input_gives_empty_output() {
        assert_eq!(to_markdown(""), "");
        assert_eq!(to_markdown("<p> </p>\n<p></p>"), "");
    }

    #[test]
    fn single_paragraph() {
        assert_eq!(
            to_markdown("<p>The identifier for a membership resource.</p>"),
            "The identifier for a membership resource."
        );
    }

    #[test]
    fn paragraphs_with_code() {
        let html = "<p>An indicator as to whether query logging has been enabled or disabled for \
                    the membership.</p> <p>When <code>ENABLED</code>, Clean Rooms logs details \
                    about queries run within this collaboration and those logs can be viewed in \
                    Amazon CloudWatch Logs. The default value is <code>DISABLED</code>.</p>";
        assert_eq!(
            to_markdown(html),
            "An indicator as to whether query logging has been enabled or disabled for the \
             membership.\n\nWhen `ENABLED`, Clean Rooms logs details about queries run within \
             this collaboration and those logs can be viewed in Amazon CloudWatch Logs. The \
             default value is `DISABLED`."
        );
    }

    #[test]
    fn whitespace_collapses_and_blank_lines_merge() {
        assert_eq!(
            to_markdown("<p>  a \n\t b   </p>\n\n\n<p>c</p>"),
            "a b\n\nc"
        );
    }

    #[test]
    fn unordered_list_with_paragraphs_in_items() {
        let html = "<p>Options:</p><ul><li><p>First one.</p></li><li><p>Second one.</p></li></ul>";
        assert_eq!(to_markdown(html), "Options:\n\n- First one.\n- Second one.");
    }

    #[test]
    fn ordered_list() {
        assert_eq!(
            to_markdown("<ol><li>Create</li><li>Delete</li></ol>"),
            "1. Create\n2. Delete"
        );
    }

    #[test]
    fn ordered_list_start_attribute() {
        assert_eq!(
            to_markdown("<ol start=\"3\"><li>c</li><li>d</li></ol>"),
            "3. c\n4. d"
        );
    }

    #[test]
    fn nested_lists_are_indented() {
        assert_eq!(
            to_markdown("<ul><li>Outer<ul><li>Inner</li></ul></li><li>Next</li></ul>"),
            "- Outer\n  - Inner\n- Next"
        );
        assert_eq!(
            to_markdown("<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li></ul>"),
            "- a\n  - b\n    - c"
        );
    }

    #[test]
    fn list_nested_in_ordered_item_aligns_with_its_content() {
        assert_eq!(
            to_markdown("<ol><li>Step<ul><li>Detail</li></ul></li></ol>"),
            "1. Step\n   - Detail"
        );
    }

    #[test]
    fn item_whose_first_content_is_a_list() {
        assert_eq!(
            to_markdown("<ul><li><ul><li>x</li></ul></li></ul>"),
            "- - x"
        );
    }

    #[test]
    fn second_paragraph_in_item_is_indented() {
        assert_eq!(
            to_markdown("<ul><li><p>A</p><p>B</p></li></ul>"),
            "- A\n\n  B"
        );
        assert_eq!(
            to_markdown("<ul><li>a<ul><li>b</li></ul>more</li></ul>"),
            "- a\n  - b\n\n  more"
        );
    }

    #[test]
    fn paragraph_after_list_is_separated() {
        assert_eq!(
            to_markdown("<ul><li>a</li></ul><p>After.</p>"),
            "- a\n\nAfter."
        );
    }

    #[test]
    fn ordered_list_not_starting_at_one_gets_a_blank_line() {
        assert_eq!(
            to_markdown("<ul><li>a<ol start=\"5\"><li>b</li></ol></li></ul>"),
            "- a\n\n  5. b"
        );
    }

    #[test]
    fn line_breaks() {
        assert_eq!(
            to_markdown("<p>Line one<br>Line two<br/>Line three</p>"),
            "Line one\\\nLine two\\\nLine three"
        );
        assert_eq!(
            to_markdown("<p>Only<br/></p><p><br>Next</p>"),
            "Only\n\nNext"
        );
        assert_eq!(to_markdown("<ul><li>a<br>b</li></ul>"), "- a\\\n  b");
    }

    #[test]
    fn headings_become_bold_paragraphs() {
        assert_eq!(
            to_markdown("<h2>Request syntax</h2><p>Body</p>"),
            "**Request syntax**\n\nBody"
        );
    }

    #[test]
    fn note_and_important() {
        assert_eq!(
            to_markdown("<note><p>First.</p><p>Second.</p></note>"),
            "**Note:** First.\n\nSecond."
        );
        assert_eq!(
            to_markdown("<important>Be careful.</important>"),
            "**Important:** Be careful."
        );
        assert_eq!(to_markdown("<note></note><p>x</p>"), "x");
    }

    #[test]
    fn div_and_definition_lists_are_paragraphs() {
        assert_eq!(
            to_markdown("<dl><dt>Term</dt><dd>Definition</dd></dl>"),
            "Term\n\nDefinition"
        );
        assert_eq!(to_markdown("<div>a</div><div>b</div>"), "a\n\nb");
    }

    #[test]
    fn code_spans() {
        assert_eq!(to_markdown("<code>a`b</code>"), "`` a`b ``");
        assert_eq!(to_markdown("<p>x <code></code> y</p>"), "x y");
        assert_eq!(to_markdown("<code> x </code>y"), "`x` y");
        assert_eq!(to_markdown("<code>[a] <b>*b*</b></code>"), "`[a] *b*`");
    }

    #[test]
    fn touching_code_spans_stay_apart() {
        assert_eq!(to_markdown("<code>a</code><code>b</code>"), "`a` `b`");
        assert_eq!(
            to_markdown("<code>a</code><a><code>b</code></a>"),
            "`a` `b`"
        );
        assert_eq!(
            to_markdown("<code>a</code><b><code>b</code></b>"),
            "`a`**`b`**"
        );
    }

    #[test]
    fn pre_becomes_a_code_span() {
        assert_eq!(to_markdown("<pre>let x = 1;\n  y</pre>"), "`let x = 1; y`");
    }

    #[test]
    fn bold_and_italic() {
        assert_eq!(
            to_markdown("<b>bold</b>, <strong>strong</strong>, <i>it</i>, <em>em</em>"),
            "**bold**, **strong**, *it*, *em*"
        );
    }

    #[test]
    fn emphasis_spaces_stay_outside_markers() {
        assert_eq!(to_markdown("a<b> bold </b>b"), "a **bold** b");
        assert_eq!(to_markdown("<b></b>x<i> </i>y"), "x y");
        assert_eq!(to_markdown("<b>a <b>b</b></b>"), "**a b**");
    }

    #[test]
    fn links() {
        assert_eq!(
            to_markdown("<p>See the <a href=\"https://docs.aws.amazon.com/x.html\">Guide</a>.</p>"),
            "See the [Guide](https://docs.aws.amazon.com/x.html)."
        );
        assert_eq!(
            to_markdown("<a href=\"https://example.com/a\"></a>"),
            "<https://example.com/a>"
        );
        assert_eq!(
            to_markdown("<a href=\"API_Foo.html\">Foo</a>"),
            "[Foo](API_Foo.html)"
        );
        assert_eq!(to_markdown("<a name=\"x\">anchor</a>"), "anchor");
    }

    #[test]
    fn link_text_equal_to_url_becomes_autolink() {
        assert_eq!(
            to_markdown("<a href=\"https://a.com/x\">https://a.com/x</a>"),
            "<https://a.com/x>"
        );
        assert_eq!(
            to_markdown("<a href=\"https://a.com/x\">https://a.com/y</a>"),
            "[https://a.com/y](https://a.com/x)"
        );
    }

    #[test]
    fn link_destination_is_encoded() {
        assert_eq!(
            to_markdown("<a href=\"https://x.com/a (b)\">t</a>"),
            "[t](https://x.com/a%20%28b%29)"
        );
    }

    #[test]
    fn href_that_looks_like_a_rust_path_keeps_only_text() {
        assert_eq!(to_markdown("<a href=\"Foo\">Foo type</a>"), "Foo type");
        assert_eq!(to_markdown("<a href=\"a.b#c#d\">x</a>"), "x");
        assert_eq!(to_markdown("<a href=\"Foo\"></a>"), "Foo");
        assert_eq!(
            to_markdown("<a href=\"Foo\">see https://a.com/x</a>"),
            "see <https://a.com/x>"
        );
    }

    #[test]
    fn mailto_links_are_kept() {
        assert_eq!(
            to_markdown("<a href=\"mailto:a@b.com\">mail</a> <a href=\"mailto:a@b.com\"></a>"),
            "[mail](mailto:a@b.com) <mailto:a@b.com>"
        );
    }

    #[test]
    fn bang_before_a_link_is_escaped() {
        assert_eq!(
            to_markdown("Hi!<a href=\"https://a.com/x\">x</a>"),
            "Hi\\![x](https://a.com/x)"
        );
        assert_eq!(to_markdown("Hi! there!a"), "Hi\\! there!a");
    }

    #[test]
    fn unknown_tags_keep_their_text() {
        assert_eq!(
            to_markdown("<fullname>Amazon S3</fullname> service"),
            "Amazon S3 service"
        );
        assert_eq!(to_markdown("a<!-- hidden -->b"), "ab");
    }

    #[test]
    fn entities_are_decoded_then_escaped() {
        assert_eq!(
            to_markdown("&lt;tag&gt; &amp; &quot;q&quot; &apos;a&#39; &#65;&#x42; x&nbsp;y"),
            "&lt;tag&gt; & \"q\" 'a' AB x\u{a0}y"
        );
        assert_eq!(
            to_markdown("&#0; &amp;copy; R&amp;D"),
            "\u{fffd} &amp;copy; R&D"
        );
    }

    #[test]
    fn brackets_are_escaped() {
        assert_eq!(
            to_markdown("Returns item [1] of the list."),
            "Returns item \\[1\\] of the list."
        );
    }

    #[test]
    fn angle_brackets_are_escaped() {
        assert_eq!(to_markdown("a < b"), "a &lt; b");
        assert_eq!(to_markdown("a &lt;b&gt; c"), "a &lt;b&gt; c");
    }

    #[test]
    fn emphasis_characters_are_escaped() {
        assert_eq!(to_markdown("x_y and * and _z_"), "x_y and \\* and \\_z\\_");
        assert_eq!(to_markdown("use `x` ~5 | 6"), "use \\`x\\` \\~5 \\| 6");
        assert_eq!(to_markdown("C:\\path"), "C:\\\\path");
    }

    #[test]
    fn line_starts_are_escaped() {
        let html = "<p># not heading</p><p>- not list</p><p>+ plus</p><p>= eq</p>\
                    <p>1. one</p><p>2021. A year</p><p>2) two</p><p>> quote</p>";
        assert_eq!(
            to_markdown(html),
            "\\# not heading\n\n\\- not list\n\n\\+ plus\n\n\\= eq\n\n1\\. one\n\n\
             2021\\. A year\n\n2\\) two\n\n&gt; quote"
        );
        assert_eq!(to_markdown("a<br>- b"), "a\\\n\\- b");
        assert_eq!(to_markdown("<ul><li>- x</li></ul>"), "- \\- x");
    }

    #[test]
    fn markers_in_the_middle_of_a_line_are_kept() {
        assert_eq!(to_markdown("a - b # c 1. d 1.5 e"), "a - b # c 1. d 1.5 e");
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            to_markdown("See https://example.com/doc."),
            "See <https://example.com/doc>."
        );
        assert_eq!(
            to_markdown("(https://example.com/a_b)"),
            "(<https://example.com/a_b>)"
        );
        assert_eq!(
            to_markdown("<code>https://example.com</code>"),
            "`https://example.com`"
        );
    }

    #[test]
    fn malformed_markup_is_text() {
        assert_eq!(to_markdown("<p>Unclosed <b>bold"), "Unclosed **bold**");
        assert_eq!(to_markdown("a <b"), "a &lt;b");
        assert_eq!(to_markdown("<  p>"), "&lt; p&gt;");
        assert_eq!(to_markdown("&amp"), "&amp");
        assert_eq!(
            to_markdown("x <a href=\"unterminated>y"),
            "x &lt;a href=\"unterminated&gt;y"
        );
        assert_eq!(to_markdown("</b></li></ul>a</p>"), "a");
    }

    #[test]
    fn attribute_quoting_and_uppercase_tags() {
        assert_eq!(
            to_markdown("<A HREF='https://x.com/a'>X</A>"),
            "[X](https://x.com/a)"
        );
        assert_eq!(
            to_markdown("<a href=https://x.com/b>Y</a>"),
            "[Y](https://x.com/b)"
        );
        assert_eq!(to_markdown("<P>Hi</P><UL><LI>x</LI></UL>"), "Hi\n\n- x");
    }

    /// A deterministic pseudo-random generator (Knuth's MMIX LCG).
    struct Lcg(u64);

    impl Lcg {
        /// The next value below `bound`.
        fn below(&mut self, bound: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            // The high bits are the random ones; the result is below `bound`, so it fits.
            ((self.0 >> 33) % bound as u64) as usize
        }
    }

    /// Fragments the messy inputs are built from.
    #[rustfmt::skip]
    const FRAGMENTS: &[&str] = &[
        "<p>", "</p>", "<ul>", "</ul>", "<ol>", "</ol>", "<li>", "</li>", "<code>", "</code>",
        "<b>", "</b>", "<i>", "</em>", "<a href=\"https://x.com/a(b)\">", "<a href='Foo'>",
        "<a>", "</a>", "<br>", "<br/>", "<note>", "</note>", "<h2>", "</h2>", "<pre>", "<dl>",
        "<dd>", "[", "]", "<", ">", " ", "\n", "\t\t", "    ", "&lt;", "&#x41;", "&#", "&amp",
        "&nbsp;", "1.", "2)", "#", "-", "+", "=", "*", "_", "`", "\\", "~", "|", "é",
        "http://e.com/x.", "https://a.b/c)", "text", "word", "'", "\"", "<a href=\"",
        "<!--", "-->", "<UL>", "<LI>", "</", "<p", "x_y", "!", "<a href=\"#frag\">",
        "<a href=\"mailto:a@b.com\">", "<ol start=\"7\">", "<table><tr><td>", "</td><td>",
    ];

    /// Builds one messy input.
    fn messy_input(rng: &mut Lcg) -> String {
        (0..1 + rng.below(40))
            .map(|_| FRAGMENTS[rng.below(FRAGMENTS.len())])
            .collect()
    }

    /// Whether every unescaped `[` outside code spans and autolinks opens a `[text](dest)` link.
    fn brackets_only_in_links(markdown: &str) -> bool {
        let chars: Vec<char> = markdown.chars().collect();
        let mut open_links = 0;
        let mut i = 0;
        while let Some(&c) = chars.get(i) {
            match c {
                '\\' => i += 1,
                '`' => {
                    let run = chars[i..].iter().take_while(|c| **c == '`').count();
                    let fence: String = "`".repeat(run);
                    let rest: String = chars[i + run..].iter().collect();
                    let Some(close) = rest.find(&fence) else {
                        return false;
                    };
                    i += run + rest[..close].chars().count() + run - 1;
                }
                '<' => match chars[i..].iter().position(|c| *c == '>') {
                    Some(len) => i += len,
                    None => return false,
                },
                '[' => open_links += 1,
                ']' => {
                    if open_links == 0 || chars.get(i + 1) != Some(&'(') {
                        return false;
                    }
                    open_links -= 1;
                    match chars[i..].iter().position(|c| *c == ')') {
                        Some(len) => i += len,
                        None => return false,
                    }
                }
                _ => {}
            }
            i += 1;
        }
        open_links == 0
    }

    /// Whether a line indented by 4 or more spaces continues a list item.
    fn indented_lines_continue_lists(markdown: &str) -> bool {
        let indent = |line: &str| line.len() - line.trim_start_matches(' ').len();
        let is_item = |line: &str| {
            let line = line.trim_start_matches(' ');
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            line.starts_with("- ") || (digits > 0 && line[digits..].starts_with(". "))
        };
        let lines: Vec<&str> = markdown.lines().collect();
        lines.iter().enumerate().all(|(n, line)| {
            indent(line) < 4 || {
                let parent = lines[..n]
                    .iter()
                    .rev()
                    .find(|prev| !prev.is_empty() && indent(prev) < indent(line));
                parent.is_some_and(|parent| is_item(parent))
            }
        })
    }

    #[test]
    fn messy_inputs_render_safely() {
        let mut rng = Lcg(0x5eed);
        for _ in 0..600 {
            let input = messy_input(&mut rng);
            let markdown = to_markdown(&input);
            assert_eq!(
                markdown,
                to_markdown(&input),
                "not deterministic for {input:?}"
            );
            for line in markdown.lines() {
                assert!(
                    !line.starts_with('\t'),
                    "tab-indented line for {input:?}:\n{markdown}"
                );
                assert!(
                    !line.ends_with([' ', '\t']),
                    "trailing space for {input:?}:\n{markdown}"
                );
            }
            assert!(
                !markdown.contains("\n\n\n"),
                "3 newlines for {input:?}:\n{markdown}"
            );
            assert_eq!(
                markdown.trim_matches('\n'),
                markdown,
                "edge blank lines for {input:?}"
            );
            assert!(
                indented_lines_continue_lists(&markdown),
                "indented code block for {input:?}:\n{markdown}"
            );
            assert!(
                brackets_only_in_links(&markdown),
                "unescaped bracket or angle bracket for {input:?}:\n{markdown}"
            );
        }
    }
}
