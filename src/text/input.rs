//! Decoding input files: bytes -> plain text, title and metadata date.
//!
//! [`load_bytes`] picks the character encoding (UTF-8 with or without BOM,
//! UTF-16 with a BOM or an unmistakable byte pattern, Windows-1252, lossy
//! UTF-8 as the last resort), refuses binary files, recognises the format
//! (HTML, Markdown, plain) and extracts the text a reader would see.

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::dateline::{DateSource, DetectedDate, resolve_date};
use super::entities::CP1252_HIGH;
use super::error::{TextError, Warning};
use super::{html, markdown, normalize_newlines};

/// The largest input accepted, in bytes.
pub const MAX_INPUT_BYTES: usize = 256 * 1024 * 1024;

/// How many leading bytes the binary and format sniffers look at.
const SNIFF_BYTES: usize = 8 * 1024;

/// The markup of the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Plain,
    Html,
    Markdown,
}

/// A decoded input: the plain text the user sees and the analysis runs on.
#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    /// Extracted plain text; paragraphs are separated by blank lines and line
    /// ends are `\n`.
    pub text: String,
    /// The title from the markup (`og:title`, `<title>`, the first `#`
    /// heading, front matter), if any.
    pub title: Option<String>,
    pub format: Format,
    /// The publication date from the markup's metadata, if any.
    pub meta_date: Option<(NaiveDate, DateSource)>,
    /// What was repaired or guessed while decoding.
    pub warnings: Vec<Warning>,
}

impl Input {
    /// The article's date by precedence: metadata, then a "Published" line,
    /// then a dateline with a year (see [`resolve_date`]).
    #[must_use]
    pub fn article_date(&self) -> Option<DetectedDate> {
        resolve_date(self.meta_date, &self.text)
    }
}

/// Reads and decodes the file at `path`. Errors name the file.
pub fn load_path(path: &Path) -> Result<Input, TextError> {
    let io = |source| TextError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(TextError::NotAFile {
            path: path.to_path_buf(),
            what: crate::files::kind(&meta.file_type()),
        });
    }
    let name = path.display().to_string();
    if meta.len() > MAX_INPUT_BYTES as u64 {
        return Err(TextError::TooLarge {
            name,
            size: meta.len(),
            limit: MAX_INPUT_BYTES as u64,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    load_bytes(&bytes, &name)
}

/// Decodes `bytes`. `name_hint` is a file name or path: its extension picks
/// the format, and errors name it.
pub fn load_bytes(bytes: &[u8], name_hint: &str) -> Result<Input, TextError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(TextError::TooLarge {
            name: name_hint.to_owned(),
            size: bytes.len() as u64,
            limit: MAX_INPUT_BYTES as u64,
        });
    }
    let mut warnings = Vec::new();
    let raw = decode(bytes, name_hint, &mut warnings)?;
    let format = detect_format(name_hint, &raw);
    let input = match format {
        Format::Html => {
            let page = html::extract(&raw);
            Input {
                text: page.text,
                title: page.title,
                format,
                meta_date: page.date.map(|d| (d, DateSource::Metadata)),
                warnings,
            }
        }
        Format::Markdown => {
            let doc = markdown::extract(&raw);
            Input {
                text: doc.text,
                title: doc.title,
                format,
                meta_date: doc.date.map(|d| (d, DateSource::Metadata)),
                warnings,
            }
        }
        Format::Plain => Input {
            text: normalize_newlines(raw),
            title: None,
            format,
            meta_date: None,
            warnings,
        },
    };
    Ok(input)
}

// ---------------------------------------------------------------------------
// Encodings

fn decode(bytes: &[u8], name: &str, warnings: &mut Vec<Warning>) -> Result<String, TextError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        check_binary(rest, name)?;
        return Ok(utf8_lossy(rest, warnings));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16_checked(rest, false, name, warnings);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16_checked(rest, true, name, warnings);
    }
    if let Some(big_endian) = sniff_utf16(bytes) {
        warnings.push(Warning::Utf16WithoutBom);
        return utf16_checked(bytes, big_endian, name, warnings);
    }
    check_binary(bytes, name)?;
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_owned());
    }
    // Invalid UTF-8. Windows-1252 if every byte decodes in it and the bytes
    // look less like UTF-8 (valid multi-byte sequences) than not.
    let mut valid_multibyte = 0usize;
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    if valid_multibyte < invalid
        && let Some(s) = windows_1252(bytes)
    {
        warnings.push(Warning::Windows1252);
        return Ok(s);
    }
    Ok(utf8_lossy(bytes, warnings))
}

fn utf8_lossy(bytes: &[u8], warnings: &mut Vec<Warning>) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut replaced = 0;
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            out.push('\u{FFFD}');
            replaced += 1;
        }
    }
    if replaced > 0 {
        warnings.push(Warning::InvalidUtf8 { replaced });
    }
    out
}

/// The bytes as Windows-1252, or `None` if one of them is undefined there.
fn windows_1252(bytes: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    for &b in bytes {
        let c = match b {
            0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)]?,
            _ => char::from(b),
        };
        out.push(c);
    }
    Some(out)
}

fn utf16_checked(
    bytes: &[u8],
    big_endian: bool,
    name: &str,
    warnings: &mut Vec<Warning>,
) -> Result<String, TextError> {
    let units = bytes.chunks_exact(2).map(|p| {
        if big_endian {
            u16::from_be_bytes([p[0], p[1]])
        } else {
            u16::from_le_bytes([p[0], p[1]])
        }
    });
    let mut replaced = usize::from(bytes.len() % 2 == 1);
    let mut out = String::with_capacity(bytes.len() / 2);
    for r in char::decode_utf16(units) {
        out.push(r.unwrap_or_else(|_| {
            replaced += 1;
            '\u{FFFD}'
        }));
    }
    if bytes.len() % 2 == 1 {
        out.push('\u{FFFD}');
    }
    let head = out.char_indices().take_while(|(i, _)| *i < SNIFF_BYTES);
    let mut controls = 0usize;
    let mut total = 0usize;
    for (_, c) in head {
        total += 1;
        if c == '\0' {
            return Err(binary(name, "NUL characters"));
        }
        if is_binary_control(c as u32) {
            controls += 1;
        }
    }
    if too_many_controls(controls, total) {
        return Err(binary(name, "mostly control characters"));
    }
    if replaced > 0 {
        warnings.push(Warning::InvalidUtf16 { replaced });
    }
    Ok(out)
}

/// UTF-16 without a BOM: ASCII-heavy text leaves a NUL in every other byte.
/// Returns whether it is big-endian.
fn sniff_utf16(bytes: &[u8]) -> Option<bool> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES) & !1];
    let pairs = head.len() / 2;
    if pairs < 4 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for p in head.chunks_exact(2) {
        even += usize::from(p[0] == 0);
        odd += usize::from(p[1] == 0);
    }
    // Every unit having a NUL on one side, none on the other: text.
    if odd * 10 >= pairs * 7 && even == 0 {
        Some(false)
    } else if even * 10 >= pairs * 7 && odd == 0 {
        Some(true)
    } else {
        None
    }
}

fn binary(name: &str, what: &str) -> TextError {
    TextError::Binary {
        name: name.to_owned(),
        what: what.to_owned(),
    }
}

/// C0 controls other than tab, line feed, form feed, carriage return and
/// escape, and DEL.
fn is_binary_control(c: u32) -> bool {
    (c < 0x20 && !matches!(c, 0x09 | 0x0A | 0x0C | 0x0D | 0x1B)) || c == 0x7F
}

fn too_many_controls(controls: usize, total: usize) -> bool {
    controls >= 4 && controls * 10 > total
}

const MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or office document"),
    (b"PK\x05\x06", "empty ZIP archive"),
    (b"\x7fELF", "ELF executable"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xFF\xD8\xFF", "JPEG image"),
    (b"\x1F\x8B", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xFD7zXZ\x00", "xz archive"),
    (b"7z\xBC\xAF\x27\x1C", "7-Zip archive"),
    (b"Rar!\x1A\x07", "RAR archive"),
    (
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        "legacy Office document",
    ),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\x00asm", "WebAssembly module"),
    (b"\xCA\xFE\xBA\xBE", "Mach-O or Java class file"),
    (b"\xCF\xFA\xED\xFE", "Mach-O executable"),
    (b"OggS", "Ogg media"),
    (b"fLaC", "FLAC audio"),
    (b"ID3", "MP3 audio"),
    (b"\x1A\x45\xDF\xA3", "Matroska/WebM video"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
];

fn check_binary(bytes: &[u8], name: &str) -> Result<(), TextError> {
    for (magic, what) in MAGIC {
        if bytes.starts_with(magic) {
            // "BZh" and "ID3" are also ordinary words; insist on more.
            let weak = magic.len() <= 3 && magic.iter().all(u8::is_ascii_alphanumeric);
            if !weak || bytes.iter().take(SNIFF_BYTES).any(|&b| b < 0x09) {
                return Err(binary(name, what));
            }
        }
    }
    if bytes.starts_with(b"RIFF") && bytes.len() >= 12 {
        return Err(binary(name, "RIFF media (WAV/AVI/WebP)"));
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return Err(binary(name, "MP4/QuickTime media"));
    }
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if head.contains(&0) {
        return Err(binary(name, "contains NUL bytes"));
    }
    let controls = head
        .iter()
        .filter(|&&b| is_binary_control(u32::from(b)))
        .count();
    if too_many_controls(controls, head.len()) {
        return Err(binary(name, "mostly control characters"));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Formats

/// The format by file extension, else by sniffing the text.
#[must_use]
pub fn detect_format(name_hint: &str, text: &str) -> Format {
    let ext = Path::new(name_hint)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm" | "xhtml" | "shtml") => Format::Html,
        Some("md" | "markdown" | "mdown" | "mkd" | "mkdn") => Format::Markdown,
        Some("txt" | "text") => {
            if sniff_html(text, true) {
                Format::Html
            } else {
                Format::Plain
            }
        }
        _ => {
            if sniff_html(text, false) {
                Format::Html
            } else if sniff_markdown(text) {
                Format::Markdown
            } else {
                Format::Plain
            }
        }
    }
}

fn head_of(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn sniff_html(text: &str, strong_only: bool) -> bool {
    let head = head_of(
        text.trim_start_matches(['\u{FEFF}', ' ', '\t', '\r', '\n']),
        2048,
    )
    .to_ascii_lowercase();
    let strong = head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || (head.starts_with("<?xml") && head.contains("<html"));
    if strong || strong_only {
        return strong;
    }
    if head.contains("<html") || head.contains("<body") {
        return true;
    }
    const TAGS: [&str; 12] = [
        "<p>", "<p ", "<div", "<head", "<meta", "<br", "<article", "<h1", "<h2", "<section",
        "<title", "<!--",
    ];
    head.starts_with('<') && TAGS.iter().filter(|t| head.contains(**t)).count() >= 1 && {
        // At least one closing tag or two tags: not just "<3 love".
        head.contains("</") || head.matches('<').count() >= 3
    }
}

fn sniff_markdown(text: &str) -> bool {
    let head = head_of(text, 4096);
    let first = head.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if first.trim_end() == "---" && head.contains("\ntitle:") {
        return true;
    }
    if first.starts_with("# ") || first.starts_with("## ") {
        return true;
    }
    let mut lines = head.lines();
    if let (Some(a), Some(b)) = (lines.next(), lines.next())
        && !a.trim().is_empty()
        && b.len() >= 3
        && b.trim_end().bytes().all(|c| c == b'=')
    {
        return true;
    }
    head.contains("](http") || head.contains("](/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(bytes: &[u8], name: &str) -> Input {
        load_bytes(bytes, name).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    #[test]
    fn decoding_table() {
        // (bytes, expected text, expected warnings)
        let cases: Vec<(&[u8], &str, Vec<Warning>)> = vec![
            (b"Troops left Kherson.", "Troops left Kherson.", vec![]),
            (b"\xEF\xBB\xBFBOM first", "BOM first", vec![]),
            (
                "Caf\u{e9} in Zaporizhzhia".as_bytes(),
                "Caf\u{e9} in Zaporizhzhia",
                vec![],
            ),
            (
                b"The \x93ceasefire\x94 \x96 as it was called \x96 held in Da\xefl.",
                "The \u{201C}ceasefire\u{201D} \u{2013} as it was called \u{2013} held in Da\u{ef}l.",
                vec![Warning::Windows1252],
            ),
            (
                // 0x81 is a hole in Windows-1252: lossy UTF-8 instead.
                b"bad \x81 byte",
                "bad \u{FFFD} byte",
                vec![Warning::InvalidUtf8 { replaced: 1 }],
            ),
            (
                // Mostly UTF-8 with one stray byte: stays UTF-8.
                b"\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0 \xe9 Kyiv",
                "Москва \u{FFFD} Kyiv",
                vec![Warning::InvalidUtf8 { replaced: 1 }],
            ),
            (b"\xFF\xFEH\x00i\x00", "Hi", vec![]),
            (b"\xFE\xFF\x00H\x00i", "Hi", vec![]),
            (
                b"\xFF\xFE\x00\xD8x\x00",
                "\u{FFFD}x",
                vec![Warning::InvalidUtf16 { replaced: 1 }],
            ),
            (
                b"G\x00a\x00z\x00a\x00 \x00c\x00i\x00t\x00y\x00",
                "Gaza city",
                vec![Warning::Utf16WithoutBom],
            ),
            (b"", "", vec![]),
            (
                b"line one\r\nline two\rthree",
                "line one\nline two\nthree",
                vec![],
            ),
        ];
        for (bytes, text, warnings) in cases {
            let input = load(bytes, "dispatch.txt");
            assert_eq!(input.text, text, "{bytes:?}");
            assert_eq!(input.warnings, warnings, "{bytes:?}");
            assert_eq!(input.format, Format::Plain);
        }
    }

    #[test]
    fn binary_files_are_refused_by_name() {
        let cases: Vec<(&[u8], &str)> = vec![
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "PNG image"),
            (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "PDF document"),
            (b"PK\x03\x04\x14\x00\x00\x00", "ZIP archive"),
            (b"\x7fELF\x02\x01\x01", "ELF executable"),
            (b"text with a NUL \0 inside", "NUL"),
            (b"\x01\x02\x03\x04\x05\x06abc", "control"),
        ];
        for (bytes, what) in cases {
            let err = load_bytes(bytes, "photo.bin").unwrap_err();
            let msg = err.to_string();
            assert!(matches!(err, TextError::Binary { .. }), "{msg}");
            assert!(msg.contains("photo.bin"), "{msg}");
            assert!(msg.contains(what), "{msg}");
        }
        // Words that happen to start like a magic number are still text.
        assert_eq!(
            load(b"BZh is not bzip here", "a.txt").text,
            "BZh is not bzip here"
        );
    }

    #[test]
    fn format_detection_table() {
        let cases = [
            ("a.html", "plain words", Format::Html),
            ("a.HTM", "plain words", Format::Html),
            ("notes.md", "plain words", Format::Markdown),
            ("notes.markdown", "plain words", Format::Markdown),
            ("a.txt", "plain words", Format::Plain),
            ("a.txt", "<!DOCTYPE html><p>x</p>", Format::Html),
            ("a.txt", "<p>x</p>", Format::Plain),
            ("paste", "  <!doctype html><html><body>x", Format::Html),
            ("paste", "<p>First</p><p>Second</p>", Format::Html),
            ("paste", "<html><body>x", Format::Html),
            ("paste", "<3 to all", Format::Plain),
            ("paste", "a < b and c > d", Format::Plain),
            ("paste", "# Heading\n\nBody", Format::Markdown),
            ("paste", "Heading\n=======\n\nBody", Format::Markdown),
            (
                "paste",
                "See [the map](https://example.org).",
                Format::Markdown,
            ),
            ("paste", "#hashtag news", Format::Plain),
            ("paste", "", Format::Plain),
        ];
        for (name, text, want) in cases {
            assert_eq!(detect_format(name, text), want, "{name}: {text}");
        }
    }

    #[test]
    fn html_and_markdown_are_extracted() {
        let page = b"<html><head><title>Talks resume</title>\
            <meta property=\"article:published_time\" content=\"2019-07-02T08:00:00Z\">\
            </head><body><p>Envoys met in Doha.</p></body></html>";
        let input = load(page, "page.html");
        assert_eq!(input.text, "Envoys met in Doha.");
        assert_eq!(input.title.as_deref(), Some("Talks resume"));
        assert_eq!(
            input.meta_date,
            Some((
                NaiveDate::from_ymd_opt(2019, 7, 2).unwrap(),
                DateSource::Metadata
            ))
        );
        let md = load(b"# Talks resume\n\nEnvoys met in **Doha**.", "d.md");
        assert_eq!(md.text, "Talks resume\n\nEnvoys met in Doha.");
        assert_eq!(md.title.as_deref(), Some("Talks resume"));
    }

    #[test]
    fn missing_file_error_names_it() {
        let err = load_path(Path::new("/nonexistent/dispatch-42.txt")).unwrap_err();
        assert!(matches!(err, TextError::Io { .. }));
        assert!(err.to_string().contains("dispatch-42.txt"), "{err}");
        let dir = load_path(Path::new("/")).unwrap_err();
        assert!(matches!(dir, TextError::NotAFile { .. }), "{dir}");
    }
}
