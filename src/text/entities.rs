//! HTML character references (`&amp;`, `&#8217;`, `&#x2014;`), shared by the
//! HTML and Markdown extractors.

/// Windows-1252 for bytes 0x80..=0x9F; `None` where the code page leaves a
/// hole. The rest of the code page is Latin-1.
pub(crate) const CP1252_HIGH: [Option<char>; 32] = [
    Some('\u{20AC}'),
    None,
    Some('\u{201A}'),
    Some('\u{0192}'),
    Some('\u{201E}'),
    Some('\u{2026}'),
    Some('\u{2020}'),
    Some('\u{2021}'),
    Some('\u{02C6}'),
    Some('\u{2030}'),
    Some('\u{0160}'),
    Some('\u{2039}'),
    Some('\u{0152}'),
    None,
    Some('\u{017D}'),
    None,
    None,
    Some('\u{2018}'),
    Some('\u{2019}'),
    Some('\u{201C}'),
    Some('\u{201D}'),
    Some('\u{2022}'),
    Some('\u{2013}'),
    Some('\u{2014}'),
    Some('\u{02DC}'),
    Some('\u{2122}'),
    Some('\u{0161}'),
    Some('\u{203A}'),
    Some('\u{0153}'),
    None,
    Some('\u{017E}'),
    Some('\u{0178}'),
];

/// Names of the Latin-1 letters U+00C0..=U+00FF, in code point order
/// (U+00D7 and U+00F7 are the signs `times` and `divide`).
const LATIN1_LETTERS: [&str; 64] = [
    "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute",
    "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute",
    "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute",
    "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
    "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde",
    "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc",
    "uuml", "yacute", "thorn", "yuml",
];

fn named(name: &str) -> Option<char> {
    let c = match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "zwnj" => '\u{200C}',
        "zwj" => '\u{200D}',
        "lrm" => '\u{200E}',
        "rlm" => '\u{200F}',
        "shy" => '\u{AD}',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "minus" => '\u{2212}',
        "lsquo" => '\u{2018}',
        "rsquo" => '\u{2019}',
        "sbquo" => '\u{201A}',
        "ldquo" => '\u{201C}',
        "rdquo" => '\u{201D}',
        "bdquo" => '\u{201E}',
        "laquo" => '\u{AB}',
        "raquo" => '\u{BB}',
        "lsaquo" => '\u{2039}',
        "rsaquo" => '\u{203A}',
        "hellip" => '\u{2026}',
        "middot" => '\u{B7}',
        "bull" => '\u{2022}',
        "prime" => '\u{2032}',
        "Prime" => '\u{2033}',
        "dagger" => '\u{2020}',
        "Dagger" => '\u{2021}',
        "permil" => '\u{2030}',
        "deg" => '\u{B0}',
        "copy" | "COPY" => '\u{A9}',
        "reg" | "REG" => '\u{AE}',
        "trade" => '\u{2122}',
        "euro" => '\u{20AC}',
        "pound" => '\u{A3}',
        "yen" => '\u{A5}',
        "cent" => '\u{A2}',
        "curren" => '\u{A4}',
        "sect" => '\u{A7}',
        "para" => '\u{B6}',
        "plusmn" => '\u{B1}',
        "frac12" => '\u{BD}',
        "frac14" => '\u{BC}',
        "frac34" => '\u{BE}',
        "sup1" => '\u{B9}',
        "sup2" => '\u{B2}',
        "sup3" => '\u{B3}',
        "ordf" => '\u{AA}',
        "ordm" => '\u{BA}',
        "iexcl" => '\u{A1}',
        "iquest" => '\u{BF}',
        "micro" => '\u{B5}',
        "acute" => '\u{B4}',
        "uml" => '\u{A8}',
        "cedil" => '\u{B8}',
        "macr" => '\u{AF}',
        "not" => '\u{AC}',
        "brvbar" => '\u{A6}',
        "OElig" => '\u{152}',
        "oelig" => '\u{153}',
        "Scaron" => '\u{160}',
        "scaron" => '\u{161}',
        "Yuml" => '\u{178}',
        "Zcaron" => '\u{17D}',
        "zcaron" => '\u{17E}',
        "fnof" => '\u{192}',
        "circ" => '\u{2C6}',
        "tilde" => '\u{2DC}',
        "larr" => '\u{2190}',
        "rarr" => '\u{2192}',
        "uarr" => '\u{2191}',
        "darr" => '\u{2193}',
        _ => {
            let i = LATIN1_LETTERS.iter().position(|n| *n == name)?;
            char::from_u32(0xC0 + i as u32)?
        }
    };
    Some(c)
}

/// Names that browsers also accept without the closing `;`.
fn legacy_without_semicolon(name: &str) -> bool {
    matches!(
        name,
        "amp" | "lt" | "gt" | "quot" | "nbsp" | "copy" | "reg" | "AMP" | "LT" | "GT" | "QUOT"
    )
}

/// The char of a numeric reference, HTML style: 0x80..=0x9F as Windows-1252,
/// nothing invalid (NUL, surrogates, out of range) survives.
fn numeric(value: u32) -> char {
    if (0x80..=0x9F).contains(&value) {
        return CP1252_HIGH[(value - 0x80) as usize].unwrap_or('\u{FFFD}');
    }
    if value == 0 {
        return '\u{FFFD}';
    }
    char::from_u32(value).unwrap_or('\u{FFFD}')
}

/// Decodes the character reference at the start of `s` (which starts with
/// `&`). Returns the char and how many bytes it used, or `None` when this `&`
/// is a literal ampersand.
pub(crate) fn decode(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if b.first() != Some(&b'&') {
        return None;
    }
    if b.get(1) == Some(&b'#') {
        let (hex, start) = match b.get(2) {
            Some(b'x' | b'X') => (true, 3),
            _ => (false, 2),
        };
        let mut end = start;
        while end < b.len() && end - start < 8 {
            let ok = if hex {
                b[end].is_ascii_hexdigit()
            } else {
                b[end].is_ascii_digit()
            };
            if !ok {
                break;
            }
            end += 1;
        }
        if end == start {
            return None;
        }
        let value = u32::from_str_radix(&s[start..end], if hex { 16 } else { 10 }).ok()?;
        // Overlong references (more than 8 digits) are swallowed whole.
        while end < b.len() && b[end].is_ascii_hexdigit() && (hex || b[end].is_ascii_digit()) {
            end += 1;
        }
        let used = if b.get(end) == Some(&b';') {
            end + 1
        } else {
            end
        };
        return Some((numeric(value), used));
    }
    let mut end = 1;
    while end < b.len() && end <= 10 && b[end].is_ascii_alphanumeric() {
        end += 1;
    }
    if end == 1 {
        return None;
    }
    let name = &s[1..end];
    if b.get(end) == Some(&b';') {
        return named(name).map(|c| (c, end + 1));
    }
    let next = b.get(end).copied();
    if legacy_without_semicolon(name) && next != Some(b'=') {
        return named(name).map(|c| (c, end));
    }
    None
}

/// Decodes every character reference in `s`.
pub(crate) fn decode_all(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match decode(rest) {
            Some((c, used)) => {
                out.push(c);
                rest = &rest[used..];
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_references() {
        let cases = [
            ("&amp;", "&"),
            ("Tom &amp Jerry", "Tom & Jerry"),
            ("&lt;b&gt;", "<b>"),
            ("&eacute;t&eacute;", "été"),
            ("&Eacute;", "É"),
            ("&yuml;&times;&divide;", "ÿ×÷"),
            ("&#8217;s", "’s"),
            ("&#x2014;", "—"),
            ("&#X41;", "A"),
            ("&#150;", "–"),
            ("&#0;", "\u{FFFD}"),
            ("&#xD800;", "\u{FFFD}"),
            ("&#99999999999;", "\u{FFFD}"),
            ("&nosuch;", "&nosuch;"),
            ("AT&T", "AT&T"),
            ("a & b", "a & b"),
            ("&", "&"),
            ("&#;", "&#;"),
            ("&#x;", "&#x;"),
            ("?a=1&copy=2", "?a=1&copy=2"),
            ("&nbsp;", "\u{A0}"),
        ];
        for (input, want) in cases {
            assert_eq!(decode_all(input), want, "{input}");
        }
    }
}
