//! Markdown to plain text, by a careful line-based stripper.
//!
//! Keeps the text of headings, paragraphs, list items, block quotes, table
//! cells, emphasis and link text; drops link URLs, images, code blocks
//! (fenced), HTML comments and tags, reference definitions and footnote
//! markers. Paragraphs (and headings, list items, table rows) are separated
//! by blank lines; the lines of one paragraph are joined with a space.
//!
//! YAML (`---`) or TOML (`+++`) front matter is dropped, but its `title` and
//! `date` are kept.

use chrono::NaiveDate;

use super::dateline::parse_date_str;
use super::entities;

/// How far link and code-span look-ahead reaches, in bytes; keeps the pass
/// linear on hostile input.
const LOOKAHEAD: usize = 1024;

/// What the stripper got out of a Markdown document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MarkdownText {
    pub text: String,
    /// Front matter `title`, else the first level-1 heading.
    pub title: Option<String>,
    /// Front matter `date` (or `published`).
    pub date: Option<NaiveDate>,
}

/// Extracts plain text, title and front matter date from Markdown.
#[must_use]
pub fn extract(src: &str) -> MarkdownText {
    let src = super::normalize_newlines(src.to_owned());
    let src = strip_comments(&src);
    let mut lines: Vec<&str> = src.split('\n').collect();
    let mut title = None;
    let mut date = None;
    let body_from = front_matter(&lines, &mut title, &mut date);
    lines.drain(..body_from);

    let mut blocks: Vec<String> = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    // Whether the open paragraph is a list item (so the next item may start
    // with any number).
    let mut para_item = false;
    let flush = |para: &mut Vec<&str>, blocks: &mut Vec<String>| {
        if !para.is_empty() {
            blocks.push(inline(&para.join(" ")));
            para.clear();
        }
    };

    for raw in lines {
        if let Some((ch, len)) = fence {
            let t = raw.trim();
            if t.len() >= len && t.chars().all(|c| c == ch) {
                fence = None;
            }
            continue;
        }
        let line = strip_quote_markers(raw);
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush(&mut para, &mut blocks);
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        if indent <= 3
            && let Some(f) = fence_open(trimmed)
        {
            flush(&mut para, &mut blocks);
            fence = Some(f);
            continue;
        }
        if indent <= 3
            && let Some(text) = atx_heading(trimmed)
        {
            flush(&mut para, &mut blocks);
            let text = inline(text);
            if title.is_none() && trimmed.starts_with("# ") && !text.is_empty() {
                title = Some(text.clone());
            }
            if !text.is_empty() {
                blocks.push(text);
            }
            continue;
        }
        if indent <= 3 && !para.is_empty() && is_setext_underline(trimmed) {
            let heading = inline(&para.join(" "));
            para.clear();
            if title.is_none() && trimmed.starts_with('=') {
                title = Some(heading.clone());
            }
            blocks.push(heading);
            continue;
        }
        if indent <= 3 && is_thematic_break(trimmed) {
            flush(&mut para, &mut blocks);
            continue;
        }
        if indent <= 3 && is_reference_definition(trimmed) {
            flush(&mut para, &mut blocks);
            continue;
        }
        if trimmed.starts_with('|') || (trimmed.matches('|').count() >= 2 && para.is_empty()) {
            flush(&mut para, &mut blocks);
            if !is_table_separator(trimmed) {
                let cells: Vec<String> = trimmed
                    .trim_matches('|')
                    .split('|')
                    .map(|c| inline(c.trim()))
                    .filter(|c| !c.is_empty())
                    .collect();
                if !cells.is_empty() {
                    blocks.push(cells.join("; "));
                }
            }
            continue;
        }
        if let Some(item) = list_item(trimmed, para.is_empty() || para_item) {
            flush(&mut para, &mut blocks);
            para_item = true;
            if !item.trim().is_empty() {
                para.push(item);
            }
            continue;
        }
        if para.is_empty() {
            para_item = false;
        }
        para.push(trimmed);
    }
    flush(&mut para, &mut blocks);
    blocks.retain(|b| !b.is_empty());
    MarkdownText {
        text: blocks.join("\n\n"),
        title,
        date,
    }
}

/// Removes `<!-- ... -->` (an unclosed one runs to the end).
fn strip_comments(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut rest = src;
    while let Some(p) = rest.find("<!--") {
        out.push_str(&rest[..p]);
        match rest[p + 4..].find("-->") {
            Some(q) => rest = &rest[p + 4 + q + 3..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// Reads front matter; returns how many lines it spans (0 if none).
fn front_matter(lines: &[&str], title: &mut Option<String>, date: &mut Option<NaiveDate>) -> usize {
    let Some(first) = lines.first().map(|l| l.trim_end()) else {
        return 0;
    };
    let first = first.trim_start_matches('\u{FEFF}');
    let (closers, sep): (&[&str], char) = match first {
        "---" => (&["---", "..."], ':'),
        "+++" => (&["+++"], '='),
        _ => return 0,
    };
    let Some(end) = lines
        .iter()
        .take(200)
        .skip(1)
        .position(|l| closers.contains(&l.trim_end()))
    else {
        return 0;
    };
    for line in &lines[1..=end] {
        let Some((key, value)) = line.split_once(sep) else {
            continue;
        };
        let value = value.trim().trim_matches(['"', '\'']).trim();
        match key.trim().to_ascii_lowercase().as_str() {
            "title" if !value.is_empty() => *title = Some(value.to_owned()),
            "date" | "published" | "pubdate" | "publishdate" if date.is_none() => {
                *date = parse_date_str(value);
            }
            _ => {}
        }
    }
    end + 2
}

/// Strips leading `>` block quote markers.
fn strip_quote_markers(line: &str) -> &str {
    let mut l = line;
    loop {
        let t = l.trim_start();
        if l.len() - t.len() > 3 {
            return l;
        }
        match t.strip_prefix('>') {
            Some(rest) => l = rest.strip_prefix(' ').unwrap_or(rest),
            None => return l,
        }
    }
}

fn fence_open(t: &str) -> Option<(char, usize)> {
    let ch = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = t.chars().take_while(|c| *c == ch).count();
    (len >= 3 && !(ch == '`' && t[len..].contains('`'))).then_some((ch, len))
}

fn atx_heading(t: &str) -> Option<&str> {
    let hashes = t.bytes().take_while(|b| *b == b'#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &t[hashes..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim();
    // Optional closing sequence: " ##".
    let closed = rest.trim_end_matches('#');
    if closed.is_empty() || closed.ends_with([' ', '\t']) {
        return Some(closed.trim_end());
    }
    Some(rest)
}

fn is_setext_underline(t: &str) -> bool {
    let t = t.trim_end();
    !t.is_empty() && (t.bytes().all(|b| b == b'=') || t.bytes().all(|b| b == b'-'))
}

fn is_thematic_break(t: &str) -> bool {
    let Some(ch) = t.chars().next().filter(|c| matches!(c, '-' | '*' | '_')) else {
        return false;
    };
    let mut n = 0;
    for c in t.chars() {
        if c == ch {
            n += 1;
        } else if c != ' ' && c != '\t' {
            return false;
        }
    }
    n >= 3
}

fn is_reference_definition(t: &str) -> bool {
    if !t.starts_with('[') {
        return false;
    }
    match t.find("]:") {
        Some(p) => p > 1 && !t[1..p].contains(']'),
        None => false,
    }
}

fn is_table_separator(t: &str) -> bool {
    t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// The content of a list item line, or `None`. An ordered item interrupts a
/// paragraph only when it starts at 1 (as in CommonMark).
fn list_item(t: &str, para_empty: bool) -> Option<&str> {
    let b = t.as_bytes();
    let rest = if matches!(b.first(), Some(b'-' | b'*' | b'+')) {
        &t[1..]
    } else {
        let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
        if !(1..=9).contains(&digits) || !matches!(b.get(digits), Some(b'.' | b')')) {
            return None;
        }
        if !para_empty && &t[..digits] != "1" {
            return None;
        }
        &t[digits + 1..]
    };
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim_start();
    let rest = ["[ ] ", "[x] ", "[X] "]
        .iter()
        .find_map(|p| rest.strip_prefix(p))
        .unwrap_or(rest);
    Some(rest)
}

/// Inline Markdown to text: emphasis markers, code spans, links, images,
/// autolinks, inline HTML, escapes and character references.
fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    inline_into(s, &mut out, 0);
    s_collapse(&out)
}

fn s_collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn window(s: &str, from: usize) -> &str {
    let mut end = (from + LOOKAHEAD).min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[from..end]
}

/// The next position of one byte, cached so that repeated look-ups while
/// scanning forward cost linear time in total.
struct NextByte {
    byte: u8,
    from: usize,
    found: Option<usize>,
    fresh: bool,
}

impl NextByte {
    fn new(byte: u8) -> Self {
        Self {
            byte,
            from: 0,
            found: None,
            fresh: false,
        }
    }

    fn find(&mut self, b: &[u8], from: usize) -> Option<usize> {
        if self.fresh {
            match self.found {
                Some(p) if p >= from && self.from <= from => return Some(p),
                None if self.from <= from => return None,
                _ => {}
            }
        }
        self.fresh = true;
        self.from = from;
        self.found = b
            .get(from..)
            .and_then(|t| t.iter().position(|&x| x == self.byte))
            .map(|p| from + p);
        self.found
    }
}

/// After the `]` of a link at `at`: `(destination "title")` or `[ref]`.
/// Returns the byte after it. Destinations stop at whitespace and brackets,
/// so scans started from different links never overlap much.
fn link_tail(s: &str, at: usize, rb: &mut NextByte) -> Option<usize> {
    let b = s.as_bytes();
    let skip_ws = |mut j: usize| {
        while b.get(j).is_some_and(|c| *c == b' ' || *c == b'\t') {
            j += 1;
        }
        j
    };
    match b.get(at)? {
        b'(' => {
            let mut j = skip_ws(at + 1);
            if b.get(j) == Some(&b'<') {
                let w = window(s, j);
                j += w.find('>')? + 1;
            } else {
                let mut depth = 0usize;
                while j < b.len() && j - at < LOOKAHEAD {
                    match b[j] {
                        b'(' => depth += 1,
                        b')' if depth == 0 => break,
                        b')' => depth -= 1,
                        b' ' | b'\t' | b'\n' | b'[' | b']' | b'<' => break,
                        _ => {}
                    }
                    j += 1;
                }
            }
            j = skip_ws(j);
            if let Some(&q @ (b'"' | b'\'')) = b.get(j) {
                let w = window(s, j + 1);
                j += 1 + w.find(char::from(q))? + 1;
                j = skip_ws(j);
            }
            (b.get(j) == Some(&b')')).then_some(j + 1)
        }
        b'[' => {
            let close = rb.find(b, at + 1)?;
            (close - at <= 200 && !s[at + 1..close].contains('[')).then_some(close + 1)
        }
        _ => None,
    }
}

fn inline_into(s: &str, out: &mut String, depth: usize) {
    let b = s.as_bytes();
    let mut rb = NextByte::new(b']');
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'\\' if b.get(i + 1).is_some_and(u8::is_ascii_punctuation) => {
                out.push(char::from(b[i + 1]));
                i += 2;
            }
            b'`' => {
                let run = b[i..].iter().take_while(|&&x| x == b'`').count();
                let fence = &s[i..i + run];
                let body_start = i + run;
                let w = window(s, body_start);
                // The closing run must be exactly as long.
                let close = w.match_indices(fence).map(|(p, _)| p).find(|&p| {
                    let after = body_start + p + run;
                    b.get(after) != Some(&b'`') && (p == 0 || w.as_bytes()[p - 1] != b'`')
                });
                match close {
                    Some(p) => {
                        out.push_str(w[..p].trim());
                        i = body_start + p + run;
                    }
                    None => {
                        out.push_str(fence);
                        i += run;
                    }
                }
            }
            b'!' if b.get(i + 1) == Some(&b'[') => {
                let image_end = rb
                    .find(b, i + 2)
                    .filter(|p| p - i <= LOOKAHEAD)
                    .and_then(|p| link_tail(s, p + 1, &mut rb));
                match image_end {
                    Some(end) => i = end,
                    None => {
                        out.push('!');
                        i += 1;
                    }
                }
            }
            b'[' => {
                let close = rb.find(b, i + 1).filter(|p| p - i <= LOOKAHEAD);
                match close {
                    Some(p) if b.get(i + 1) == Some(&b'^') && p - i <= 40 => {
                        i = p + 1; // footnote marker
                    }
                    Some(p) => match link_tail(s, p + 1, &mut rb) {
                        Some(end) => {
                            let label = &s[i + 1..p];
                            if depth < 4 {
                                inline_into(label, out, depth + 1);
                            } else {
                                out.push_str(label);
                            }
                            i = end;
                        }
                        None => {
                            out.push('[');
                            i += 1;
                        }
                    },
                    None => {
                        out.push('[');
                        i += 1;
                    }
                }
            }
            b'<' => {
                let w = window(s, i);
                let tag_like = b
                    .get(i + 1)
                    .is_some_and(|n| n.is_ascii_alphabetic() || *n == b'/');
                let end = if tag_like {
                    w.bytes()
                        .skip(1)
                        .position(|x| matches!(x, b'>' | b'<' | b'\n'))
                        .map(|p| p + 1)
                        .filter(|&p| w.as_bytes()[p] == b'>')
                } else {
                    None
                };
                match end {
                    Some(p) => i += p + 1,
                    None => {
                        out.push('<');
                        i += 1;
                    }
                }
            }
            b'&' => {
                let (ch, used) = entities::decode(&s[i..]).unwrap_or(('&', 1));
                out.push(ch);
                i += used;
            }
            b'*' | b'_' | b'~' => {
                let run = b[i..].iter().take_while(|&&x| x == c).count();
                let prev = s[..i].chars().next_back();
                let next = s[i + run..].chars().next();
                let space = |x: Option<char>| x.is_none_or(char::is_whitespace);
                let alnum = |x: Option<char>| x.is_some_and(char::is_alphanumeric);
                let literal = (space(prev) && space(next))
                    || (c == b'_' && alnum(prev) && alnum(next))
                    || (c == b'~' && run == 1);
                if literal {
                    out.push_str(&s[i..i + run]);
                }
                i += run;
            }
            _ => {
                let mut end = b[i..]
                    .iter()
                    .position(|x| b"\\`![<&*_~".contains(x))
                    .map_or(b.len(), |p| i + p);
                if end == i {
                    end = i + 1;
                }
                while !s.is_char_boundary(end) {
                    end += 1;
                }
                out.push_str(&s[i..end]);
                i = end;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(src: &str) -> String {
        extract(src).text
    }

    #[test]
    fn markdown_text_table() {
        let cases = [
            ("Plain paragraph.", "Plain paragraph."),
            ("# Title\n\nBody.", "Title\n\nBody."),
            ("## Sub ##\ntext", "Sub\n\ntext"),
            (
                "Line one\nline two\n\nNext para",
                "Line one line two\n\nNext para",
            ),
            (
                "**Bold** and *it* and __u__ and ~~gone~~",
                "Bold and it and u and gone",
            ),
            ("snake_case_name stays", "snake_case_name stays"),
            ("5 * 3 = 15", "5 * 3 = 15"),
            (
                "See [the map](https://example.org/x_(y)) now",
                "See the map now",
            ),
            (
                "A [ref link][r] here\n\n[r]: https://example.org",
                "A ref link here",
            ),
            ("![photo of Idlib](img.png) Caption", "Caption"),
            ("Note[^1] here", "Note here"),
            ("Use `code_span` inline", "Use code_span inline"),
            ("```\nlet x = 1;\n```\nafter", "after"),
            ("~~~rust\nfn f() {}\n~~~\n\nafter", "after"),
            ("```\nunclosed fence\nstill code", ""),
            ("- first item\n- second item", "first item\n\nsecond item"),
            ("1. one\n2. two", "one\n\ntwo"),
            ("In\n2016. The year", "In 2016. The year"),
            ("* [x] done", "done"),
            ("> quoted text\n> more", "quoted text more"),
            ("Heading\n=======\n\nBody", "Heading\n\nBody"),
            ("Sub\n---\nBody", "Sub\n\nBody"),
            ("para\n\n---\n\nafter rule", "para\n\nafter rule"),
            ("<!-- hidden -->visible", "visible"),
            ("a <!-- unclosed", "a"),
            ("x <br> y <span class=\"a\">z</span>", "x y z"),
            ("<https://example.org> link", "link"),
            ("a < b > c", "a < b > c"),
            ("Tom &amp; Jerry &mdash; ok", "Tom & Jerry \u{2014} ok"),
            ("\\*not emphasis\\*", "*not emphasis*"),
            (
                "| Place | Date |\n|---|---|\n| Idlib | March 3 |",
                "Place; Date\n\nIdlib; March 3",
            ),
            (
                "unmatched [bracket and (paren",
                "unmatched [bracket and (paren",
            ),
            ("trailing hard break  \nnext", "trailing hard break next"),
            ("", ""),
        ];
        for (src, want) in cases {
            assert_eq!(text(src), want, "{src:?}");
        }
    }

    #[test]
    fn front_matter_and_title() {
        let src = "---\ntitle: \"Ceasefire talks\"\ndate: 2021-05-20\n---\n\n# Heading\n\nBody.";
        let got = extract(src);
        assert_eq!(got.title.as_deref(), Some("Ceasefire talks"));
        assert_eq!(got.date, NaiveDate::from_ymd_opt(2021, 5, 20));
        assert_eq!(got.text, "Heading\n\nBody.");
        let got = extract("# First *one*\n\n# Second");
        assert_eq!(got.title.as_deref(), Some("First one"));
        assert_eq!(extract("---\nnot front matter").text, "not front matter");
    }

    #[test]
    fn hostile_markdown_is_linear_and_safe() {
        let src = "[".repeat(50_000) + &"`".repeat(3) + &"(".repeat(50_000) + "é";
        let got = extract(&src);
        assert!(got.text.ends_with('é'));
        let src = "`a ".repeat(30_000);
        assert!(!extract(&src).text.is_empty());
    }
}
