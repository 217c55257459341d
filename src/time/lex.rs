//! One pass over the text: tokens with a small lexical class each.
//!
//! Words are lower-cased into a stack buffer and looked up in one static
//! table; everything the grammar does afterwards is integer comparisons.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use crate::lexicon::{Calendar, calendar};

/// Calendar units, finest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Weekend,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

/// Function words and cue words the grammar looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum W {
    The,
    A,
    This,
    That,
    These,
    Last,
    Next,
    Past,
    Coming,
    Previous,
    Following,
    Same,
    Early,
    Earlier,
    Late,
    Later,
    Mid,
    Middle,
    End,
    Beginning,
    Of,
    In,
    On,
    At,
    Since,
    Until,
    By,
    During,
    From,
    To,
    For,
    Over,
    Within,
    Through,
    Ago,
    Before,
    After,
    Today,
    Tonight,
    Yesterday,
    Tomorrow,
    Now,
    Currently,
    Current,
    Recently,
    Recent,
    Previously,
    Formerly,
    Soon,
    Future,
    Present,
    Noon,
    Midnight,
    Midday,
    Overnight,
    Every,
    Each,
    Per,
    Daily,
    Weekly,
    Monthly,
    Yearly,
    Annually,
    Hourly,
    Quarterly,
    Nightly,
    Fiscal,
    Approx,
    More,
    Less,
    Than,
    Least,
    Few,
    Several,
    Many,
    Couple,
    Dozen,
    Old,
    Long,
    Latest,
    Period,
    Half,
    Or,
    So,
    And,
    Person,
    Event,
    Christmas,
    Eve,
    Thanksgiving,
    Independence,
    Zone,
    NotYear,
    Times,
    Money,
    Other_,
    // tense cues
    FutureCue,
    PastCue,
    Said,
    Modal,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lex {
    Other,
    /// Full month name, 1-12.
    Month(u8),
    /// Abbreviated month name (needs a following '.' or number), 1-12.
    MonAbbr(u8),
    /// Weekday 1 (Monday) ..= 7 (Sunday).
    Weekday(u8),
    /// Plural weekday ("Mondays").
    Weekdays(u8),
    Unit(Unit, bool),
    /// Spelled-out cardinal.
    Num(u32),
    /// Spelled-out ordinal ("third"); "second" is [`Lex::Second`].
    Ord(u32),
    Second,
    Season(u8),
    /// Part of day: 0 morning, 1 afternoon, 2 evening, 3 night.
    DayPart(u8),
    Word(W),
    /// Digits: value, digit count, whether separators (',' '.') occur.
    Digits(u32, u8, bool),
    /// "24th"
    OrdNum(u32),
    /// "1990s" -> 1990, "'80s" -> 80
    Decade(u32),
    /// "7:15"
    Clock(u8, u8),
    /// a.m. / p.m.
    AmPm(bool),
    Punct(u8),
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok {
    pub s: usize,
    pub e: usize,
    pub lex: Lex,
    /// First letter upper case.
    pub cap: bool,
    /// No white space between this token and the previous one.
    pub glued: bool,
    /// A verb-like word ending in "-ed" (past-tense cue).
    pub ed: bool,
}

#[derive(Default)]
pub(crate) struct Fnv(u64);
impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100_0000_01b3);
        }
        self.0 = h;
    }
}

type Table = HashMap<&'static str, Lex, BuildHasherDefault<Fnv>>;

static LEXICON: LazyLock<Table> = LazyLock::new(build_lexicon);

/// The weekdays' plurals ("mondays"), made from their names.
static PLURALS: LazyLock<Vec<String>> = LazyLock::new(|| {
    calendar(Calendar::Weekdays)
        .iter()
        .map(|row| format!("{}s", row[0]))
        .collect()
});

fn build_lexicon() -> Table {
    let mut t = Table::default();
    // Months and weekdays are data (`assets/lexicon/months.txt`, `weekdays.txt`).
    for (row, n) in calendar(Calendar::Months).iter().zip(1u8..) {
        t.insert(row[0], Lex::Month(n));
        for a in &row[1..] {
            t.insert(a, Lex::MonAbbr(n));
        }
    }
    for (row, n) in calendar(Calendar::Weekdays).iter().zip(1u8..) {
        t.insert(row[0], Lex::Weekday(n));
        // The plural: "on Mondays".
        t.insert(PLURALS[usize::from(n) - 1].as_str(), Lex::Weekdays(n));
    }
    use Unit::*;
    for (w, u, pl) in [
        ("seconds", Second, true),
        ("minute", Minute, false),
        ("minutes", Minute, true),
        ("hour", Hour, false),
        ("hours", Hour, true),
        ("day", Day, false),
        ("days", Day, true),
        ("week", Week, false),
        ("weeks", Week, true),
        ("weekend", Weekend, false),
        ("weekends", Weekend, true),
        ("month", Month, false),
        ("months", Month, true),
        ("quarter", Quarter, false),
        ("quarters", Quarter, true),
        ("year", Year, false),
        ("years", Year, true),
        ("decade", Decade, false),
        ("decades", Decade, true),
        ("century", Century, false),
        ("centuries", Century, true),
    ] {
        t.insert(w, Lex::Unit(u, pl));
    }
    let nums = [
        ("one", 1),
        ("two", 2),
        ("three", 3),
        ("four", 4),
        ("five", 5),
        ("six", 6),
        ("seven", 7),
        ("eight", 8),
        ("nine", 9),
        ("ten", 10),
        ("eleven", 11),
        ("twelve", 12),
        ("thirteen", 13),
        ("fourteen", 14),
        ("fifteen", 15),
        ("sixteen", 16),
        ("seventeen", 17),
        ("eighteen", 18),
        ("nineteen", 19),
        ("twenty", 20),
        ("thirty", 30),
        ("forty", 40),
        ("fifty", 50),
        ("sixty", 60),
        ("seventy", 70),
        ("eighty", 80),
        ("ninety", 90),
        ("hundred", 100),
    ];
    for (w, n) in nums {
        t.insert(w, Lex::Num(n));
    }
    let ords = [
        ("first", 1),
        ("third", 3),
        ("fourth", 4),
        ("fifth", 5),
        ("sixth", 6),
        ("seventh", 7),
        ("eighth", 8),
        ("ninth", 9),
        ("tenth", 10),
        ("eleventh", 11),
        ("twelfth", 12),
        ("thirteenth", 13),
        ("fourteenth", 14),
        ("fifteenth", 15),
        ("sixteenth", 16),
        ("seventeenth", 17),
        ("eighteenth", 18),
        ("nineteenth", 19),
        ("twentieth", 20),
        ("twenty-first", 21),
    ];
    for (w, n) in ords {
        t.insert(w, Lex::Ord(n));
    }
    t.insert("second", Lex::Second);
    for (w, s) in [
        ("spring", 0),
        ("summer", 1),
        ("fall", 2),
        ("autumn", 2),
        ("winter", 3),
    ] {
        t.insert(w, Lex::Season(s));
    }
    for (w, p) in [
        ("morning", 0),
        ("afternoon", 1),
        ("evening", 2),
        ("night", 3),
    ] {
        t.insert(w, Lex::DayPart(p));
    }
    use W::*;
    let words: &[(&str, W)] = &[
        ("the", The),
        ("a", A),
        ("an", A),
        ("this", This),
        ("that", That),
        ("these", These),
        ("last", Last),
        ("next", Next),
        ("past", Past),
        ("coming", Coming),
        ("upcoming", Coming),
        ("previous", Previous),
        ("prior", Previous),
        ("preceding", Previous),
        ("following", Following),
        ("same", Same),
        ("early", Early),
        ("earlier", Earlier),
        ("late", Late),
        ("later", Later),
        ("mid", Mid),
        ("middle", Middle),
        ("end", End),
        ("beginning", Beginning),
        ("start", Beginning),
        ("of", Of),
        ("in", In),
        ("on", On),
        ("at", At),
        ("since", Since),
        ("until", Until),
        ("till", Until),
        ("by", By),
        ("during", During),
        ("from", From),
        ("to", To),
        ("for", For),
        ("over", Over),
        ("within", Within),
        ("through", Through),
        ("throughout", Through),
        ("ago", Ago),
        ("before", Before),
        ("after", After),
        ("today", Today),
        ("tonight", Tonight),
        ("yesterday", Yesterday),
        ("tomorrow", Tomorrow),
        ("now", Now),
        ("currently", Currently),
        ("current", Current),
        ("recently", Recently),
        ("recent", Recent),
        ("previously", Previously),
        ("formerly", Formerly),
        ("soon", Soon),
        ("future", Future),
        ("present", Present),
        ("noon", Noon),
        ("midnight", Midnight),
        ("midday", Midday),
        ("overnight", Overnight),
        ("every", Every),
        ("each", Each),
        ("per", Per),
        ("daily", Daily),
        ("weekly", Weekly),
        ("monthly", Monthly),
        ("yearly", Yearly),
        ("annually", Annually),
        ("hourly", Hourly),
        ("quarterly", Quarterly),
        ("nightly", Nightly),
        ("fiscal", Fiscal),
        ("about", Approx),
        ("around", Approx),
        ("almost", Approx),
        ("nearly", Approx),
        ("roughly", Approx),
        ("approximately", Approx),
        ("some", Approx),
        ("more", More),
        ("less", Less),
        ("fewer", Less),
        ("than", Than),
        ("least", Least),
        ("few", Few),
        ("several", Several),
        ("many", Many),
        ("couple", Couple),
        ("dozen", Dozen),
        ("old", Old),
        ("long", Long),
        ("latest", Latest),
        ("period", Period),
        ("half", Half),
        ("or", Or),
        ("so", So),
        ("and", And),
        ("christmas", Christmas),
        ("eve", Eve),
        ("thanksgiving", Thanksgiving),
        ("independence", Independence),
        ("est", Zone),
        ("edt", Zone),
        ("gmt", Zone),
        ("utc", Zone),
        ("pst", Zone),
        ("pdt", Zone),
        ("cst", Zone),
        ("times", Times),
        ("twice", Times),
        ("once", Times),
        ("million", Money),
        ("billion", Money),
        ("percent", Money),
        ("dollars", Money),
        ("cents", Money),
        ("other", Other_),
        // ages of people: "a five-year-old boy" is not a time expression
        ("boy", Person),
        ("boys", Person),
        ("girl", Person),
        ("girls", Person),
        ("child", Person),
        ("children", Person),
        ("man", Person),
        ("men", Person),
        ("woman", Person),
        ("women", Person),
        ("son", Person),
        ("sons", Person),
        ("daughter", Person),
        ("daughters", Person),
        ("baby", Person),
        ("babies", Person),
        ("kid", Person),
        ("kids", Person),
        ("toddler", Person),
        ("student", Person),
        ("students", Person),
        ("brother", Person),
        ("sister", Person),
        ("nephew", Person),
        ("niece", Person),
        ("grandson", Person),
        ("granddaughter", Person),
        ("mother", Person),
        ("father", Person),
        ("victim", Person),
        ("resident", Person),
        ("driver", Person),
        ("soldier", Person),
        ("teenager", Person),
        ("teen", Person),
        ("youth", Person),
        ("infant", Person),
        ("patient", Person),
        ("refugee", Person),
        ("survivor", Person),
        ("veteran", Person),
        // numbers that are labels rather than years
        ("resolution", NotYear),
        ("resolutions", NotYear),
        ("no", NotYear),
        ("number", NotYear),
        ("page", NotYear),
        ("flight", NotYear),
        ("route", NotYear),
        ("article", NotYear),
        ("room", NotYear),
        ("code", NotYear),
        ("model", NotYear),
        ("highway", NotYear),
        ("section", NotYear),
        ("unit", NotYear),
        ("bus", NotYear),
        ("about", Approx),
        // tense cues
        ("will", FutureCue),
        ("ll", FutureCue),
        ("shall", FutureCue),
        ("expected", FutureCue),
        ("expects", FutureCue),
        ("expect", FutureCue),
        ("plans", FutureCue),
        ("plan", FutureCue),
        ("planned", FutureCue),
        ("planning", FutureCue),
        ("due", FutureCue),
        ("scheduled", FutureCue),
        ("going", FutureCue),
        ("intends", FutureCue),
        ("intend", FutureCue),
        ("aims", FutureCue),
        ("hopes", FutureCue),
        ("set", FutureCue),
        ("war", Event),
        ("wars", Event),
        ("conflict", Event),
        ("crisis", Event),
        ("uprising", Event),
        ("revolution", Event),
        ("insurgency", Event),
        ("campaign", Event),
        ("siege", Event),
        ("blockade", Event),
        ("occupation", Event),
        ("rebellion", Event),
        ("revolt", Event),
        ("fighting", Event),
        ("violence", Event),
        ("dispute", Event),
        ("standoff", Event),
        ("ceasefire", Event),
        ("truce", Event),
        ("struggle", Event),
        ("offensive", Event),
        ("intifada", Event),
        ("embargo", Event),
        ("feud", Event),
        ("stalemate", Event),
        ("invasion", Event),
        ("regime", Event),
        ("dictatorship", Event),
        ("alliance", Event),
        ("operation", Event),
        ("mission", Event),
        ("battle", Event),
        ("strike", Event),
        ("protests", Event),
        ("movement", Event),
        ("would", Modal),
        ("could", Modal),
        ("might", Modal),
        ("should", Modal),
        ("must", Modal),
        ("can", Modal),
        ("said", Said),
        ("says", Said),
        ("told", Said),
        ("was", PastCue),
        ("were", PastCue),
        ("had", PastCue),
        ("did", PastCue),
        ("has", PastCue),
        ("have", PastCue),
        ("been", PastCue),
        ("began", PastCue),
        ("took", PastCue),
        ("came", PastCue),
        ("went", PastCue),
        ("fell", PastCue),
        ("rose", PastCue),
        ("made", PastCue),
        ("met", PastCue),
        ("left", PastCue),
        ("held", PastCue),
        ("won", PastCue),
        ("lost", PastCue),
        ("fought", PastCue),
        ("struck", PastCue),
        ("shot", PastCue),
        ("hit", PastCue),
        ("led", PastCue),
        ("saw", PastCue),
        ("gave", PastCue),
        ("got", PastCue),
        ("broke", PastCue),
        ("sent", PastCue),
        ("spent", PastCue),
        ("ran", PastCue),
        ("flew", PastCue),
        ("sought", PastCue),
        ("brought", PastCue),
        ("thought", PastCue),
        ("wrote", PastCue),
        ("became", PastCue),
        ("found", PastCue),
    ];
    for (w, c) in words {
        t.insert(w, Lex::Word(*c));
    }
    t.insert("day", Lex::Unit(Day, false));
    t
}

fn classify(word: &str) -> (Lex, bool) {
    let b = word.as_bytes();
    if b.len() > 14 || !word.is_ascii() {
        return (Lex::Other, false);
    }
    let mut buf = [0u8; 14];
    for (i, c) in b.iter().enumerate() {
        buf[i] = c.to_ascii_lowercase();
    }
    let low = std::str::from_utf8(&buf[..b.len()]).unwrap_or("");
    match LEXICON.get(low) {
        Some(l) => (*l, false),
        None => {
            let ed = low.len() > 4 && low.ends_with("ed");
            (Lex::Other, ed)
        }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic()
}

/// Splits `text` into tokens.
pub(crate) fn tokenize(text: &str, out: &mut Vec<Tok>) {
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    let mut last_end = usize::MAX;
    while i < n {
        let c = b[i];
        let glued = last_end == i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let push = |out: &mut Vec<Tok>, s: usize, e: usize, lex: Lex, cap: bool, ed: bool| {
            out.push(Tok {
                s,
                e,
                lex,
                cap,
                glued,
                ed,
            });
        };
        if c.is_ascii_digit() {
            let mut v: u64 = 0;
            let mut nd = 0u8;
            let mut sep = false;
            while i < n {
                if b[i].is_ascii_digit() {
                    v = v.saturating_mul(10).saturating_add(u64::from(b[i] - b'0'));
                    nd = nd.saturating_add(1);
                    i += 1;
                } else if (b[i] == b',' || b[i] == b'.') && i + 1 < n && b[i + 1].is_ascii_digit() {
                    sep = true;
                    i += 1;
                } else {
                    break;
                }
            }
            let v32 = v.min(u64::from(u32::MAX)) as u32;
            // clock 7:15
            if !sep
                && nd <= 2
                && b.get(i) == Some(&b':')
                && b.get(i + 1).is_some_and(u8::is_ascii_digit)
                && b.get(i + 2).is_some_and(u8::is_ascii_digit)
                && !b.get(i + 3).is_some_and(u8::is_ascii_digit)
            {
                let m = (b[i + 1] - b'0') * 10 + (b[i + 2] - b'0');
                i += 3;
                if v32 < 25 && m < 60 {
                    push(out, start, i, Lex::Clock(v32 as u8, m), false, false);
                } else {
                    push(out, start, i, Lex::Other, false, false);
                }
                last_end = i;
                continue;
            }
            // suffix letters
            let mut j = i;
            while j < n && b[j].is_ascii_alphabetic() {
                j += 1;
            }
            if j > i {
                let suf = text[i..j].to_ascii_lowercase();
                match suf.as_str() {
                    "s" if !sep && nd == 4 && v32.is_multiple_of(10) => {
                        push(out, start, j, Lex::Decade(v32), false, false);
                        i = j;
                        last_end = i;
                        continue;
                    }
                    "th" | "st" | "nd" | "rd" if !sep => {
                        push(out, start, j, Lex::OrdNum(v32), false, false);
                        i = j;
                        last_end = i;
                        continue;
                    }
                    _ => {}
                }
            }
            push(out, start, i, Lex::Digits(v32, nd, sep), false, false);
            last_end = i;
            continue;
        }
        if c == b'\''
            && i + 3 < n
            && b[i + 1].is_ascii_digit()
            && b[i + 2].is_ascii_digit()
            && b[i + 3] == b's'
        {
            let v = u32::from((b[i + 1] - b'0') * 10 + (b[i + 2] - b'0'));
            i += 4;
            push(out, start, i, Lex::Decade(v), false, false);
            last_end = i;
            continue;
        }
        let ch = if c < 0x80 {
            c as char
        } else {
            text[i..].chars().next().unwrap_or(' ')
        };
        if is_word_char(ch) {
            let mut j = i;
            while j < n {
                let cj = if b[j] < 0x80 {
                    b[j] as char
                } else {
                    text[j..].chars().next().unwrap_or(' ')
                };
                if is_word_char(cj) {
                    j += cj.len_utf8();
                } else {
                    break;
                }
            }
            let word = &text[i..j];
            let cap = ch.is_uppercase();
            // a.m. / p.m.
            if (word == "a" || word == "p" || word == "A" || word == "P")
                && j + 1 < n
                && b[j] == b'.'
                && (b[j + 1] == b'm' || b[j + 1] == b'M')
                && !b.get(j + 2).is_some_and(u8::is_ascii_alphabetic)
            {
                let mut e = j + 2;
                if e < n && b[e] == b'.' {
                    e += 1;
                }
                push(
                    out,
                    start,
                    e,
                    Lex::AmPm(word.eq_ignore_ascii_case("p")),
                    false,
                    false,
                );
                i = e;
                last_end = i;
                continue;
            }
            if (word.eq_ignore_ascii_case("am") || word.eq_ignore_ascii_case("pm"))
                && matches!(
                    out.last().map(|t| t.lex),
                    Some(Lex::Digits(_, 1..=2, false) | Lex::Clock(..))
                )
            {
                push(
                    out,
                    start,
                    j,
                    Lex::AmPm(word.eq_ignore_ascii_case("pm")),
                    false,
                    false,
                );
                i = j;
                last_end = i;
                continue;
            }
            let (lex, ed) = classify(word);
            push(out, start, j, lex, cap, ed);
            i = j;
            last_end = i;
            continue;
        }
        if ch.is_whitespace() {
            i += ch.len_utf8();
            continue;
        }
        let p = if c < 0x80 {
            c
        } else {
            match ch {
                '\u{2013}' | '\u{2014}' => b'-',
                '\u{2019}' | '\u{2018}' => b'\'',
                _ => b'~',
            }
        };
        i += ch.len_utf8();
        push(out, start, i, Lex::Punct(p), false, false);
        last_end = i;
    }
}
