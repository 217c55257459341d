//! A small, tolerant HTML-to-text scanner.
//!
//! One forward pass over the markup, no tree: text of the page body with
//! block elements turned into paragraph breaks, `<script>`, `<style>`,
//! `<noscript>`, `<nav>` and friends dropped, character references decoded
//! and whitespace collapsed. Along the way it collects the title and the
//! publication date from the metadata. Malformed markup (unclosed tags, stray
//! `<`, unbalanced quotes, missing `</head>`) degrades to text, never to a
//! panic, and the pass stays linear.

use chrono::NaiveDate;

use super::dateline::parse_date_str;
use super::entities;

/// What the scanner got out of a page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HtmlText {
    /// The visible text; paragraphs separated by `\n\n`.
    pub text: String,
    /// `og:title` (or `twitter:title`), else `<title>`, else the first `<h1>`.
    pub title: Option<String>,
    /// The publication date from metadata, if any.
    pub date: Option<NaiveDate>,
}

/// Extracts text, title and metadata date from an HTML page.
#[must_use]
pub fn extract(src: &str) -> HtmlText {
    let mut s = Scanner::new(src);
    s.run();
    let title = s.meta_title.or(s.title).or(s.h1).filter(|t| !t.is_empty());
    HtmlText {
        text: s.out.finish(),
        title,
        date: s.date.map(|(_, d)| d),
    }
}

/// Elements whose start or end breaks a paragraph.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "tr"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "caption"
            | "article"
            | "section"
            | "header"
            | "footer"
            | "main"
            | "aside"
            | "blockquote"
            | "figure"
            | "figcaption"
            | "pre"
            | "hr"
            | "address"
            | "details"
            | "summary"
            | "fieldset"
            | "legend"
            | "center"
            | "body"
            | "html"
    )
}

/// Elements whose content is never shown as article text. Their content may
/// contain markup, so they nest.
fn is_dropped(name: &str) -> bool {
    matches!(
        name,
        "noscript"
            | "template"
            | "svg"
            | "math"
            | "nav"
            | "select"
            | "button"
            | "object"
            | "video"
            | "audio"
            | "canvas"
            | "map"
            | "datalist"
    )
}

/// Elements whose content is raw text up to the matching end tag.
fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "textarea" | "xmp" | "iframe" | "noembed" | "noframes"
    )
}

/// Elements that may appear in `<head>` without ending it.
fn is_head_content(name: &str) -> bool {
    matches!(
        name,
        "title" | "meta" | "link" | "style" | "script" | "base" | "noscript" | "template"
    )
}

/// Collapses whitespace and places paragraph breaks.
#[derive(Default)]
struct Out {
    text: String,
    space: bool,
    brk: bool,
}

impl Out {
    fn push(&mut self, c: char) {
        if c.is_whitespace() || c == '\u{FEFF}' || c == '\u{200B}' {
            self.space = true;
            return;
        }
        if c == '\u{AD}' {
            return; // soft hyphen: invisible
        }
        if !self.text.is_empty() {
            if self.brk {
                self.text.push_str("\n\n");
            } else if self.space {
                self.text.push(' ');
            }
        }
        self.brk = false;
        self.space = false;
        self.text.push(c);
    }

    fn push_str(&mut self, s: &str) {
        for c in s.chars() {
            self.push(c);
        }
    }

    fn block(&mut self) {
        self.brk = true;
    }

    fn space(&mut self) {
        self.space = true;
    }

    fn finish(self) -> String {
        self.text
    }
}

/// A parsed start or end tag.
struct Tag<'a> {
    name: String,
    end_tag: bool,
    attrs: Vec<(String, &'a str)>,
    /// Byte just past the closing `>`.
    next: usize,
}

impl Tag<'_> {
    fn attr(&self, name: &str) -> Option<String> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| entities::decode_all(v))
    }
}

/// Date candidates rank: lower is better.
const RANK_PUBLISHED: u8 = 0;
const RANK_DATE_META: u8 = 1;
const RANK_TIME_ELEMENT: u8 = 2;

struct Scanner<'a> {
    src: &'a str,
    out: Out,
    in_head: bool,
    /// The dropped element being skipped and how deeply it nests.
    dropping: Option<(String, usize)>,
    /// Per dropped or raw-text element name: the position of its next known
    /// end tag (`Some`), or `None` when none exists after the recorded
    /// position. Keeps the look-ahead linear overall.
    end_tags: Vec<(String, usize, Option<usize>)>,
    title: Option<String>,
    meta_title: Option<String>,
    h1: Option<String>,
    h1_start: Option<usize>,
    date: Option<(u8, NaiveDate)>,
}

impl<'a> Scanner<'a> {
    fn new(src: &'a str) -> Self {
        Self {
            src,
            out: Out::default(),
            in_head: false,
            dropping: None,
            end_tags: Vec::new(),
            title: None,
            meta_title: None,
            h1: None,
            h1_start: None,
            date: None,
        }
    }

    fn visible(&self) -> bool {
        !self.in_head && self.dropping.is_none()
    }

    fn run(&mut self) {
        let src = self.src;
        let bytes = src.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'<' => {
                    if let Some(next) = self.markup(i) {
                        i = next;
                        continue;
                    }
                    if self.visible() {
                        self.out.push('<');
                    }
                    i += 1;
                }
                b'&' => {
                    let (c, used) = entities::decode(&src[i..]).unwrap_or(('&', 1));
                    if self.visible() {
                        self.out.push(c);
                    }
                    i += used;
                }
                _ => {
                    // Copy the run up to the next markup character.
                    let end = bytes[i..]
                        .iter()
                        .position(|&b| b == b'<' || b == b'&')
                        .map_or(bytes.len(), |p| i + p);
                    // Text inside an unclosed <head> starts the body, as in
                    // browsers.
                    if self.in_head && self.dropping.is_none() && !src[i..end].trim().is_empty() {
                        self.in_head = false;
                    }
                    if self.visible() {
                        self.out.push_str(&src[i..end]);
                    }
                    i = end;
                }
            }
        }
    }

    /// Handles the markup starting at `i` (a `<`). Returns where scanning
    /// resumes, or `None` when this `<` is literal text.
    fn markup(&mut self, i: usize) -> Option<usize> {
        let src = self.src;
        let rest = &src[i..];
        let b = rest.as_bytes();
        if let Some(comment) = rest.strip_prefix("<!--") {
            // An unclosed comment runs to the end, as in browsers.
            return Some(comment.find("-->").map_or(src.len(), |p| i + 4 + p + 3));
        }
        if rest.starts_with("<![CDATA[") {
            let body_end = rest.find("]]>").map_or(src.len(), |p| i + p);
            if self.visible() {
                self.out.push_str(&src[i + 9..body_end]);
            }
            return Some((body_end + 3).min(src.len()));
        }
        if b.len() >= 2 && (b[1] == b'!' || b[1] == b'?') {
            return rest.find('>').map(|p| i + p + 1);
        }
        let tag = parse_tag(src, i)?;
        self.tag(tag, i)
    }

    fn tag(&mut self, tag: Tag<'a>, at: usize) -> Option<usize> {
        let name = tag.name.as_str();
        if self.dropping.is_some() {
            self.in_dropped(&tag);
            return Some(tag.next);
        }
        if tag.end_tag {
            match name {
                "head" => self.in_head = false,
                "h1" => self.end_h1(),
                "td" | "th" => self.out.space(),
                _ if is_block(name) => self.out.block(),
                _ => {}
            }
            return Some(tag.next);
        }
        if self.in_head && !is_head_content(name) {
            self.in_head = false;
        }
        match name {
            "head" => {
                self.in_head = true;
                return Some(tag.next);
            }
            "meta" => {
                self.meta(&tag);
                return Some(tag.next);
            }
            "title" => return Some(self.title(&tag)),
            "time" => self.time(&tag),
            "h1" => {
                self.out.block();
                if self.h1.is_none() && self.h1_start.is_none() {
                    // Remember where the heading text starts in the output.
                    self.h1_start = Some(self.out.text.len());
                }
                return Some(tag.next);
            }
            "td" | "th" | "img" => self.out.space(),
            _ => {}
        }
        if tag
            .attr("itemprop")
            .is_some_and(|p| p.eq_ignore_ascii_case("datePublished"))
            && let Some(v) = tag.attr("content").or_else(|| tag.attr("datetime"))
        {
            self.offer_date(RANK_PUBLISHED, &v);
        }
        if is_raw_text(name) {
            return Some(self.raw_text(&tag, at));
        }
        if is_dropped(name) {
            if self.has_end_tag(name, tag.next) {
                self.dropping = Some((tag.name.clone(), 1));
            }
            return Some(tag.next);
        }
        if is_block(name) {
            self.out.block();
        }
        Some(tag.next)
    }

    /// A tag inside a dropped element: only nesting and metadata matter.
    fn in_dropped(&mut self, tag: &Tag<'a>) {
        let mut closed = false;
        if let Some((dropped, depth)) = &mut self.dropping
            && *dropped == tag.name
        {
            if tag.end_tag {
                *depth -= 1;
                closed = *depth == 0;
            } else {
                *depth += 1;
            }
        }
        if closed {
            self.dropping = None;
        }
        if !tag.end_tag && tag.name == "meta" {
            self.meta(tag);
        }
    }

    fn end_h1(&mut self) {
        if let Some(start) = self.h1_start.take() {
            let text = self.out.text.get(start..).unwrap_or("").trim().to_owned();
            if !text.is_empty() {
                self.h1 = Some(text);
            }
        }
        self.out.block();
    }

    /// Whether `</name` occurs at or after `from`, with a cached answer.
    fn has_end_tag(&mut self, name: &str, from: usize) -> bool {
        if let Some(entry) = self.end_tags.iter_mut().find(|(n, _, _)| n == name) {
            match entry.2 {
                Some(pos) if pos >= from => return true,
                None if entry.1 <= from => return false,
                _ => {}
            }
            let found = find_end_tag(self.src, name, from);
            entry.1 = from;
            entry.2 = found;
            return found.is_some();
        }
        let found = find_end_tag(self.src, name, from);
        self.end_tags.push((name.to_owned(), from, found));
        found.is_some()
    }

    /// Skips (or reads, for JSON-LD) the content of a raw-text element.
    fn raw_text(&mut self, tag: &Tag<'a>, _at: usize) -> usize {
        let src = self.src;
        let body_start = tag.next;
        let found = if self.has_end_tag(&tag.name, body_start) {
            find_end_tag(src, &tag.name, body_start)
        } else {
            None
        };
        // No end tag: the rest of the page is that element's content.
        let body_end = found.unwrap_or(src.len());
        let body = &src[body_start..body_end];
        if tag.name == "script"
            && tag
                .attr("type")
                .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"))
            && let Some(d) = json_ld_date(body)
        {
            self.offer_date(RANK_PUBLISHED, &d);
        }
        match found {
            Some(p) => src[p..].find('>').map_or(src.len(), |q| p + q + 1),
            None => src.len(),
        }
    }

    fn title(&mut self, tag: &Tag<'a>) -> usize {
        let src = self.src;
        let Some(end) = find_end_tag(src, "title", tag.next) else {
            return tag.next; // unclosed: ignore the tag, keep the text
        };
        if self.title.is_none() {
            self.title = Some(collapse(&entities::decode_all(&src[tag.next..end])));
        }
        src[end..].find('>').map_or(src.len(), |q| end + q + 1)
    }

    fn meta(&mut self, tag: &Tag<'a>) {
        let key = tag
            .attr("property")
            .or_else(|| tag.attr("name"))
            .or_else(|| tag.attr("itemprop"))
            .map(|k| k.to_ascii_lowercase());
        let (Some(key), Some(content)) = (key, tag.attr("content")) else {
            return;
        };
        match key.as_str() {
            "og:title" | "twitter:title" => {
                let t = collapse(&content);
                if self.meta_title.is_none() && !t.is_empty() {
                    self.meta_title = Some(t);
                }
            }
            "article:published_time"
            | "og:published_time"
            | "og:article:published_time"
            | "datepublished"
            | "article.published" => self.offer_date(RANK_PUBLISHED, &content),
            "date"
            | "dc.date"
            | "dc.date.issued"
            | "dcterms.issued"
            | "dcterms.created"
            | "dcterms.date"
            | "pubdate"
            | "publishdate"
            | "publish-date"
            | "publish_date"
            | "sailthru.date"
            | "parsely-pub-date"
            | "original-publish-date"
            | "article:published"
            | "citation_publication_date"
            | "citation_date" => {
                self.offer_date(RANK_DATE_META, &content);
            }
            _ => {}
        }
    }

    fn time(&mut self, tag: &Tag<'a>) {
        let Some(value) = tag.attr("datetime") else {
            return;
        };
        let rank = if tag.attrs.iter().any(|(n, _)| n == "pubdate") {
            RANK_PUBLISHED
        } else {
            RANK_TIME_ELEMENT
        };
        self.offer_date(rank, &value);
    }

    fn offer_date(&mut self, rank: u8, value: &str) {
        if self.date.is_some_and(|(r, _)| r <= rank) {
            return;
        }
        if let Some(d) = parse_date_str(value) {
            self.date = Some((rank, d));
        }
    }
}

/// Collapses whitespace runs to one space and trims.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The position of the next `</name` (ASCII case-insensitive, followed by
/// whitespace, `/` or `>` or the end) at or after `from`.
fn find_end_tag(src: &str, name: &str, from: usize) -> Option<usize> {
    let bytes = src.as_bytes();
    let mut at = from;
    while let Some(p) = src.get(at..)?.find("</") {
        let start = at + p;
        let name_end = start + 2 + name.len();
        if let Some(cand) = bytes.get(start + 2..name_end)
            && cand.eq_ignore_ascii_case(name.as_bytes())
            && bytes
                .get(name_end)
                .is_none_or(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
        {
            return Some(start);
        }
        at = start + 2;
    }
    None
}

/// Parses the tag at `i` (a `<`). `None` when it is not a tag: `<` not
/// followed by a letter (or `/` and a letter), or no `>` anywhere after it.
fn parse_tag(src: &str, i: usize) -> Option<Tag<'_>> {
    let b = src.as_bytes();
    let mut j = i + 1;
    let end_tag = b.get(j) == Some(&b'/');
    if end_tag {
        j += 1;
    }
    if !b.get(j).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let name_start = j;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-' || b[j] == b':') {
        j += 1;
    }
    let name = src[name_start..j].to_ascii_lowercase();
    if end_tag {
        let close = src[j..].find('>')?;
        return Some(Tag {
            name,
            end_tag,
            attrs: Vec::new(),
            next: j + close + 1,
        });
    }
    let mut attrs = Vec::new();
    loop {
        while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
            j += 1;
        }
        if j >= b.len() {
            break;
        }
        if b[j] == b'>' {
            return Some(Tag {
                name,
                end_tag,
                attrs,
                next: j + 1,
            });
        }
        let an_start = j;
        while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/') {
            j += 1;
        }
        if j == an_start {
            // A lone `=`: skip it.
            j += 1;
            continue;
        }
        let attr_name = src[an_start..j].to_ascii_lowercase();
        let mut k = j;
        while k < b.len() && b[k].is_ascii_whitespace() {
            k += 1;
        }
        if b.get(k) != Some(&b'=') {
            attrs.push((attr_name, ""));
            continue;
        }
        k += 1;
        while k < b.len() && b[k].is_ascii_whitespace() {
            k += 1;
        }
        match b.get(k) {
            Some(&q @ (b'"' | b'\'')) => {
                let Some(close) = src[k + 1..].find(q as char) else {
                    break; // unbalanced quote
                };
                attrs.push((attr_name, &src[k + 1..k + 1 + close]));
                j = k + 1 + close + 1;
            }
            _ => {
                let v_start = k;
                while k < b.len() && !b[k].is_ascii_whitespace() && b[k] != b'>' {
                    k += 1;
                }
                attrs.push((attr_name, &src[v_start..k]));
                j = k;
            }
        }
    }
    // Ran off the end (unbalanced quote, say): the tag ends at the first `>`
    // after its name, if any.
    let close = src[name_start..].find('>')?;
    Some(Tag {
        name,
        end_tag,
        attrs,
        next: name_start + close + 1,
    })
}

/// The first `"datePublished": "..."` value in a JSON-LD block.
fn json_ld_date(body: &str) -> Option<String> {
    let key = "\"datePublished\"";
    let p = body.find(key)?;
    let rest = body[p + key.len()..].trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    let end = rest.find('"')?;
    Some(rest[..end].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(src: &str) -> String {
        extract(src).text
    }

    #[test]
    fn html_text_table() {
        let cases = [
            ("<p>One.</p><p>Two.</p>", "One.\n\nTwo."),
            ("Line<br>break<br/>again", "Line\n\nbreak\n\nagain"),
            ("<div>  lots   of\n\n  space </div>", "lots of space"),
            ("<b>bold</b> and <i>it</i>alic", "bold and italic"),
            ("a &lt; b &amp;&amp; c &gt; d", "a < b && c > d"),
            ("x < y and y > z", "x < y and y > z"),
            ("<p>5 <3 love</p>", "5 <3 love"),
            ("<p>1 &#8211; 2&nbsp;km</p>", "1 \u{2013} 2 km"),
            ("<script>var s = '<p>no</p>';</script><p>yes</p>", "yes"),
            ("<style>p { color: red }</style>shown", "shown"),
            ("<SCRIPT type=x>if (a</b) {}</SCRIPT >after", "after"),
            ("<noscript><p>enable JS</p></noscript>real", "real"),
            (
                "<nav><ul><li>Home</li><li>World</li></ul></nav><p>Story</p>",
                "Story",
            ),
            ("<!-- hidden --><p>visible</p>", "visible"),
            ("<p>open <!-- never closed", "open"),
            ("<ul><li>first</li><li>second</li></ul>", "first\n\nsecond"),
            (
                "<table><tr><td>Aleppo</td><td>12</td></tr><tr><td>Homs</td></tr></table>",
                "Aleppo 12\n\nHoms",
            ),
            ("<h2>Sub</h2>body text", "Sub\n\nbody text"),
            ("<p>unclosed <b>tag", "unclosed tag"),
            ("<p>broken <a href=\"x>tail", "broken tail"),
            ("text then <", "text then <"),
            ("<p class='a\"b'>quotes</p>", "quotes"),
            ("<img src=x alt=\"photo\">caption", "caption"),
            ("word<span>joined</span>", "wordjoined"),
            ("<p>soft\u{AD}hyphen</p>", "softhyphen"),
            ("<![CDATA[raw <text>]]>", "raw <text>"),
            ("<?xml version=\"1.0\"?><p>x</p>", "x"),
            ("<noscript>never closed, so shown", "never closed, so shown"),
            ("<script>never closed", ""),
            ("", ""),
            ("<", "<"),
            ("<<<>>>", "<<<>>>"),
            ("&", "&"),
        ];
        for (src, want) in cases {
            assert_eq!(text(src), want, "{src}");
        }
    }

    #[test]
    fn head_is_dropped_and_metadata_read() {
        let page = r#"<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Shelling  near
 Avdiivka &#8211; Daily</title>
<meta property="og:title" content="Shelling near Avdiivka">
<meta name="date" content="2017-02-01">
<script type="application/ld+json">{"@type":"NewsArticle","datePublished": "2017-01-31T22:10:00+02:00"}</script>
<link rel="stylesheet" href="a.css">
</head>
<body><header><nav>Menu</nav></header>
<article><h1>Shelling near Avdiivka</h1>
<p>Heavy fighting was reported on Tuesday.</p></article>
<footer>&copy; 2017 Example</footer>
</body></html>"#;
        let got = extract(page);
        assert_eq!(
            got.text,
            "Shelling near Avdiivka\n\nHeavy fighting was reported on Tuesday.\n\n\u{A9} 2017 Example"
        );
        assert_eq!(got.title.as_deref(), Some("Shelling near Avdiivka"));
        assert_eq!(got.date, NaiveDate::from_ymd_opt(2017, 1, 31));
    }

    #[test]
    fn date_metadata_precedence_table() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        let cases = [
            (
                r#"<meta property="article:published_time" content="2016-03-24T09:00:00Z">"#,
                d(2016, 3, 24),
            ),
            (r#"<meta name="date" content="2016-03-25">"#, d(2016, 3, 25)),
            (
                r#"<meta itemprop="datePublished" content="2016-03-26">"#,
                d(2016, 3, 26),
            ),
            (
                r#"<p>x <time datetime="2016-03-27T10:00">Sunday</time></p>"#,
                d(2016, 3, 27),
            ),
            (
                r#"<script type="application/ld+json">{"datePublished":"2016-03-28"}</script>"#,
                d(2016, 3, 28),
            ),
            (
                // A time element loses to the published_time metadata.
                r#"<time datetime="2016-01-01"></time><meta property="article:published_time" content="2016-03-29">"#,
                d(2016, 3, 29),
            ),
            (
                r#"<meta name="DC.date.issued" content="March 30, 2016">"#,
                d(2016, 3, 30),
            ),
            (r#"<meta name="date" content="not a date">"#, None),
            (
                r#"<span itemprop="datePublished" content="2016-03-31">x</span>"#,
                d(2016, 3, 31),
            ),
        ];
        for (src, want) in cases {
            assert_eq!(extract(src).date, want, "{src}");
        }
    }

    #[test]
    fn title_fallbacks() {
        assert_eq!(
            extract("<title> A  B </title>").title.as_deref(),
            Some("A B")
        );
        assert_eq!(
            extract("<h1>Head <i>line</i></h1><p>x").title.as_deref(),
            Some("Head line")
        );
        assert_eq!(extract("<title>unclosed").title, None);
        assert_eq!(extract("<p>none</p>").title, None);
    }

    #[test]
    fn text_in_unclosed_head_starts_the_body() {
        let got = extract("<head><title>T</title>\n  Loose text <b>here</b>");
        assert_eq!(got.text, "Loose text here");
        assert_eq!(got.title.as_deref(), Some("T"));
    }

    #[test]
    fn missing_head_end_is_tolerated() {
        let got = extract("<html><head><title>T</title><p>Body starts here");
        assert_eq!(got.text, "Body starts here");
        assert_eq!(got.title.as_deref(), Some("T"));
    }

    #[test]
    fn many_unclosed_drops_stay_linear() {
        let src = "<nav>x ".repeat(20_000) + "<script>" + &"<p>a".repeat(20_000);
        let got = extract(&src);
        assert!(got.text.starts_with("x x"));
    }
}
