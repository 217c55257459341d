//! Whether a phrase the gazetteer knows is a place here at all: not a
//! person (after a title or a first name, a surname seen in a full name, a
//! speaker), not part of an organisation's name, not a month, a title or a
//! common word at a sentence start, not what the language layer reads as a
//! person or an organisation. A wire dateline's place is always a place.

use std::collections::HashSet;

use crate::gazetteer::{
    Candidate, Gazetteer, MatchKind, Place, PlaceKind, fold::strip_arabic_article, fold_into,
};
use crate::lang::{Annotation, NameClass};
use crate::places::lexicon;
use crate::span::Span;
use crate::text::Document;

use super::super::detect::{Raw, Unit};
use super::qualifiers::Hint;
use super::{Keys, Mention, Resolver, left_word, right_word};

/// Whether the words right after a name place it inside a country or
/// first-level region that holds one of its candidates: "Palmyra in central
/// Syria", "Bains, Haiti". Read for a sentence's first word, which could
/// otherwise be any capitalised word.
fn placed_after(
    text: &str,
    units: &[Unit],
    b: usize,
    gaz: &Gazetteer,
    cands: &[Candidate<'_>],
) -> bool {
    let Some(next) = units.get(b + 1).filter(|n| n.sentence == units[b].sentence) else {
        return false;
    };
    let link = &text[next.span.range()];
    if !(link == "," || link.eq_ignore_ascii_case("in")) {
        return false;
    }
    // Up to two words between ("in central Syria", "in the north of Syria"
    // is longer and left out).
    units[b + 2..]
        .iter()
        .take(3)
        .take_while(|u| u.sentence == next.sentence && u.word)
        .filter(|u| u.cap)
        .any(|u| {
            gaz.lookup(&text[u.span.range()]).iter().any(|c| {
                matches!(c.place.kind, PlaceKind::Country | PlaceKind::Admin1)
                    && c.matched != MatchKind::Abbreviation
                    && cands.iter().any(|m| {
                        m.place.id != c.place.id
                            && m.place.country.is_some()
                            && m.place.country == c.place.country
                    })
            })
        })
}

/// What filtering carries from one phrase to the next.
#[derive(Default)]
struct State {
    /// Surnames seen in full names: a person elsewhere too ("Kerry").
    surnames: HashSet<String>,
    /// Extents of the names judged not places, in text order.
    blocked: Vec<Span>,
    /// Where the last kept mention ended.
    prev_end: Option<usize>,
    buf: String,
}

impl<'g> Resolver<'_, 'g> {
    /// The phrases that are places, as mentions (in text order), and the
    /// extents of the names judged not places.
    pub(super) fn filter(&self, raws: &[Raw], keys: &mut Keys<'g>) -> (Vec<Mention>, Vec<Span>) {
        let (doc, text, ann, gaz, units) =
            (self.doc, self.text, self.ann, self.gaz, &self.units[..]);
        let dl = crate::text::dateline(text);
        let in_dateline = |s: Span| {
            dl.is_some_and(|d| d.place.contains(s) || d.region.is_some_and(|r| r.contains(s)))
        };

        // Keys seen in mixed case inside a sentence: support for a lone word in
        // capitals or at a sentence start.
        let mixed: HashSet<&str> = raws
            .iter()
            .filter(|r| !units[r.a].caps && !units[r.a].initial && !units[r.a].headline)
            .map(|r| r.key.as_str())
            .collect();

        let mut ms: Vec<Mention> = Vec::new();
        let mut state = State::default();
        for r in raws {
            let k = if r.postal {
                keys.intern_us_state(gaz, &r.key)
            } else {
                keys.intern(gaz, &r.key)
            };
            if keys.list[k].1.is_empty() {
                continue;
            }
            let dateline = in_dateline(r.span);
            let verdict = if !dateline
                && (covered(&state.blocked, r.span) || covered(&self.streets, r.span))
            {
                Verdict::Drop(r.span)
            } else if dateline || r.postal {
                Verdict::Keep { adjectival: false }
            } else {
                self.judge(r, &keys.list[k].1, &mixed, &mut state)
            };
            match verdict {
                Verdict::Keep { adjectival } => {
                    state.prev_end = Some(r.span.end);
                    let first = &keys.list[k].1[0];
                    let demonym = first.matched == MatchKind::Demonym;
                    // An abbreviation's own period is part of the name ("Tenn.", "W.Va.").
                    let span = if first.matched == MatchKind::Abbreviation
                        && !text[r.span.range()].ends_with('.')
                        && text[r.span.end..].starts_with('.')
                    {
                        Span::new(r.span.start, r.span.end + 1)
                    } else {
                        r.span
                    };
                    ms.push(Mention {
                        span,
                        a: r.a,
                        b: r.b,
                        key: k,
                        adjectival: adjectival || demonym,
                        metonymy: false,
                        fuzzy: false,
                        dateline,
                        hint: Hint::None,
                        scores: Vec::new(),
                        chosen: None,
                        confident: false,
                        inherited: false,
                        postal: r.postal,
                        siblings: Vec::new(),
                    });
                }
                Verdict::Drop(extent) => state.blocked.push(extent),
            }
        }
        // A surname seen in a full name is a person elsewhere too ("Kerry").
        if !state.surnames.is_empty() {
            ms.retain(|m| {
                let single = m.a == m.b;
                let top = keys.list[m.key].1[0].place;
                !(single
                    && state.surnames.contains(&keys.list[m.key].0)
                    && top.kind != PlaceKind::Country)
            });
        }

        // What the language layer's name classifier says: a name it takes
        // for a person, an organisation or a thing is not a place unless the
        // gazetteer says so strongly ("Washington said" stays).
        if let Some(ann) = ann {
            ms.retain(|m| {
                let top = keys.list[m.key].1[0].place;
                let keep = m.adjectival || m.dateline;
                m.postal
                    || !(named_otherwise(doc, ann, m.span, &top, keep)
                        || function_word(doc, ann, m.span, &top, keep))
            });
        }

        (ms, state.blocked)
    }

    /// Whether phrase `r`, whose name has candidates `cands`, is a place.
    fn judge(
        &self,
        r: &Raw,
        cands: &[Candidate<'_>],
        mixed: &HashSet<&str>,
        state: &mut State,
    ) -> Verdict {
        let (text, units, gaz, words) = (self.text, &self.units[..], self.gaz, &self.words);
        let (buf, surnames, prev_end) = (&mut state.buf, &mut state.surnames, state.prev_end);
        let single = r.a == r.b;
        let ua = units[r.a];
        let ub = units[r.b];
        let key = r.key.as_str();
        let top = cands[0].place;
        let drop = Verdict::Drop(r.span);

        if single
            && (lexicon::never(key)
                || lexicon::title(key)
                || lexicon::org_head(key)
                || lexicon::gov_head(key)
                // Alone, "Road" is no town of Rode, nor "Street" the town in Somerset.
                || lexicon::street_word(key)
                || &text[ua.span.range()] == "Us")
        {
            return drop;
        }
        // A state's abbreviation counts only with its period ("Tenn.", "Calif.",
        // "N.C."): "La", "Mass", "Wash", "I'll" are words, and a postal "PA" or
        // "IN" in capitals is not taken (a sentence's period is not its own).
        if cands[0].matched == MatchKind::Abbreviation && top.kind == PlaceKind::Admin1 {
            let s = &text[r.span.range()];
            let dotted = s.trim_end_matches('.').contains('.')
                || (!ua.caps && (s.ends_with('.') || text[r.span.end..].starts_with('.')));
            if !dotted {
                return drop;
            }
        }
        // A lone word that only admin-2 units answer to ("Gourma", "Nijrab", but
        // also "Gard", "Rizal", "Village") is a place where written as one: a
        // unit word follows ("Nijrab district") or it qualifies another place,
        // after a comma or an opening bracket ("(Fada Ngourma, Gourma)").
        if single
            && top.kind == PlaceKind::Admin2
            && cands
                .iter()
                .all(|c| c.place.kind == PlaceKind::Admin2 || c.matched != MatchKind::Name)
        {
            let before = text[..r.span.start].trim_end();
            let qualifies = before.ends_with(',') || before.ends_with('(');
            let unit_word = right_word(text, units, r.b)
                .is_some_and(|n| lexicon::admin_word(&text[units[n].span.range()].to_lowercase()));
            if !qualifies && !unit_word {
                return drop;
            }
        }
        // A lone given name that only another name of some place matches is a
        // person, not that place ("his first name, Ahmad").
        if single && lexicon::person_name(key) && cands.iter().all(|c| c.matched != MatchKind::Name)
        {
            return drop;
        }
        if single && lexicon::common(key) {
            if ua.initial || ua.headline || ua.caps {
                return drop;
            }
            let lower_seen = words.contains(key);
            if lower_seen {
                return drop;
            }
        }
        // A news outlet's name: "the Xinhua news agency", "the Guardian newspaper".
        if let Some(n1) = right_word(text, units, r.b)
            && !units[n1].cap
        {
            let w1 = &text[units[n1].span.range()];
            let two = right_word(text, units, n1)
                .map(|n2| format!("{w1} {}", &text[units[n2].span.range()]));
            if lexicon::media_word(w1) || two.is_some_and(|t| lexicon::media_word(&t)) {
                return drop;
            }
        }
        // A seat of government named by its building is the government ("the White
        // House said"), unless a country or state follows ("White House, Tennessee").
        if lexicon::institution(key) && !placed_after(text, units, r.b, gaz, cands) {
            return drop;
        }
        // A sentence's first word read as a town's other name ("Basic").
        if single
            && (ua.initial || ua.headline)
            && cands[0].matched == MatchKind::Alternate
            && !matches!(
                top.kind,
                PlaceKind::Country | PlaceKind::Admin1 | PlaceKind::Region
            )
            && !top.capital
            && !mixed.contains(key)
            && !placed_after(text, units, r.b, gaz, cands)
        {
            return drop;
        }
        // A lone word in capitals: a heading or an acronym.
        if single && ua.caps && !ua.abbr {
            let letters = text[ua.span.range()].chars().count();
            let ok = if letters <= 3 {
                cands.iter().any(|c| c.matched == MatchKind::Abbreviation)
            } else {
                mixed.contains(key)
                    || (strong(&top)
                        && (cands[0].matched != MatchKind::Alternate || top.population >= 500_000))
            };
            if !ok {
                return drop;
            }
        }
        // Hyphenated modifiers: "Russian-backed", "pro-Russian".
        let suffix_adj = ub.hy_next
            && units
                .get(r.b + 1)
                .is_some_and(|n| n.word && lexicon::is_modifier_suffix(&text[n.span.range()]));
        let prefix_adj = ua.hy_prev
            && r.a > 0
            && units[r.a - 1].word
            && lexicon::is_modifier_suffix(&text[units[r.a - 1].span.range()])
            && !lexicon::is_article(&text[units[r.a - 1].span.range()]);
        let mut adjectival = suffix_adj || prefix_adj;

        // What follows in the same capitalized run: an organisation's name?
        if !ub.hy_next {
            let mut run: Vec<usize> = Vec::new();
            let mut j = r.b;
            while run.len() < 5 {
                let Some(n) = right_word(text, units, j) else {
                    break;
                };
                let nu = units[n];
                let s = &text[nu.span.range()];
                if nu.cap || nu.caps {
                    run.push(n);
                    j = n;
                } else if matches!(s, "of" | "for" | "and" | "the" | "on")
                    && right_word(text, units, n).is_some_and(|m| units[m].cap)
                    && !run.is_empty()
                {
                    j = n;
                } else {
                    break;
                }
            }
            if !run.is_empty() {
                let words: Vec<String> = run
                    .iter()
                    .map(|&u| {
                        ufold(text, &units[u], buf);
                        buf.clone()
                    })
                    .collect();
                let head = words
                    .iter()
                    .position(|w| lexicon::org_head(w) || lexicon::gov_head(w));
                if let Some(h) = head {
                    let end = units[*run.last().unwrap_or(&run[h])].span.end;
                    if lexicon::gov_head(&words[h])
                        && words[..h].iter().all(|w| lexicon::dept_word(w))
                    {
                        adjectival = true;
                    } else if strong(&top)
                        && matches!(cands[0].matched, MatchKind::Name | MatchKind::Demonym)
                    {
                        // A well-known place (or its people's adjective) opening an
                        // organisation's name says where it is from ("Jamaica Cancer
                        // Society", "Winnipeg Free Press", "European Commission"); the
                        // rest of the name is no place. A loose other name is not
                        // ("Federal Security Service" is not the Federal District).
                        adjectival = true;
                        state.blocked.push(Span::new(r.span.end, end));
                    } else {
                        return Verdict::Drop(Span::new(r.span.start, end));
                    }
                } else if single
                    && !lexicon::admin_word(&words[0])
                    && !lexicon::place_prefix(&words[0])
                    && !lexicon::common(&words[0])
                    && !lexicon::never(&words[0])
                    && (lexicon::given_name(key)
                        || ((cands[0].matched == MatchKind::Alternate
                            || top.kind == PlaceKind::Populated)
                            && !ua.headline
                            && !lexicon::title(&words[0])
                            && !lexicon::dept_word(&words[0])
                            && !gaz.contains_key(&words[0]))
                        || (weak_place(&top)
                            && gaz
                                .lookup_key(&words[0])
                                .first()
                                .is_none_or(|c| !strong(&c.place))))
                    && !lexicon::geo_suffix(&words[0])
                    && !lexicon::title(&words[0])
                {
                    return Verdict::Drop(Span::new(r.span.start, units[run[0]].span.end));
                }
            }
        }

        // Inside an organisation's name: "University of X", "Committee of the Red Cross".
        {
            let mut j = r.a;
            for _ in 0..3 {
                let Some(l) = left_word(text, units, j) else {
                    break;
                };
                let lu = units[l];
                let s = &text[lu.span.range()];
                if matches!(s, "of" | "for" | "the") {
                    j = l;
                    continue;
                }
                if j != r.a && lu.cap {
                    ufold(text, &lu, buf);
                    if lexicon::org_head(buf) {
                        // A well-known place is where the organisation is ("University
                        // of Aleppo", "Central Bank of Malta"): kept, as an adjective.
                        if strong(&top) && cands[0].matched == MatchKind::Name {
                            adjectival = true;
                            break;
                        }
                        return Verdict::Drop(Span::new(lu.span.start, r.span.end));
                    }
                }
                break;
            }
        }
        // A common word right after a place names a feature of it ("Bekaa Valley").
        if single
            && lexicon::common(key)
            && let Some(l) = left_word(text, units, r.a)
            && units[l].cap
            && prev_end == Some(units[l].span.end)
        {
            return drop;
        }

        // A person: after a title or a first name.
        if let Some(l) = left_word(text, units, r.a) {
            let lu = units[l];
            ufold(text, &lu, buf);
            let lk = buf.as_str();
            if lexicon::title(lk) && !ua.headline {
                if single {
                    surnames.insert(key.to_owned());
                }
                // The whole name: "Major Jordan Hale".
                let mut end = r.b;
                while let Some(n) = right_word(text, units, end) {
                    if !units[n].cap || end - r.b >= 3 {
                        break;
                    }
                    end = n;
                }
                return Verdict::Drop(Span::new(lu.span.start, units[end].span.end));
            }
            let weak = || {
                let c = gaz.lookup_key(lk);
                c.first().is_some_and(|c| {
                    c.matched != MatchKind::Demonym
                        && c.place.kind == PlaceKind::Populated
                        && !c.place.capital
                        && c.place.population < 100_000
                })
            };
            let known = gaz.contains_key(lk)
                || strip_arabic_article(lk).is_some_and(|s| gaz.contains_key(s));
            let first_name = lu.cap
                && !lu.caps
                && (!lu.initial || known)
                && !lu.headline
                && !lu.hy_prev
                && !lexicon::never(lk)
                && !lexicon::common(lk)
                && !lexicon::place_prefix(lk)
                && !lexicon::org_head(lk)
                && !lexicon::gov_head(lk)
                && !lexicon::dept_word(lk)
                && (!known || weak());
            if first_name && !strong(&top) && !lk.ends_with("ed") {
                if single {
                    surnames.insert(key.to_owned());
                }
                return Verdict::Drop(Span::new(lu.span.start, r.span.end));
            }
        }

        // "Hale said": a small town's name as the speaker is a person.
        if single
            && top.kind == PlaceKind::Populated
            && !top.capital
            && top.population < 200_000
            && let Some(n) = right_word(text, units, r.b)
        {
            let s = &text[units[n].span.range()];
            let locative = left_word(text, units, r.a).is_some_and(|l| {
                matches!(&text[units[l].span.range()], "in" | "at" | "from" | "near")
            });
            if !locative && matches!(s, "said" | "says" | "told" | "added" | "wrote" | "tweeted") {
                return drop;
            }
        }
        Verdict::Keep { adjectival }
    }
}

enum Verdict {
    Keep {
        adjectival: bool,
    },
    /// Not a place; the extent of the name it belongs to.
    Drop(Span),
}

fn ufold(text: &str, u: &Unit, buf: &mut String) {
    fold_into(&text[u.span.range()], buf);
}

/// Probabilities above which the name classifier overrules a weak place:
/// its best class, and the place class below which that holds.
const NAME_SURE: f32 = 0.85;
const NAME_PLACE_MAX: f32 = 0.1;
/// A place read inside a longer name goes when the longer name is a
/// person or an organisation and this unlikely a place.
const INNER_PLACE_MAX: f32 = 0.25;

/// The first and last token of `span`.
fn first_and_last_token(doc: &Document, span: Span) -> Option<(usize, usize)> {
    Some((
        doc.token_at(span.start)?,
        doc.token_at(span.end.saturating_sub(1))?,
    ))
}

/// Whether the language layer reads the mention at `span` as a name of
/// something other than a place, with `top` too weak a place to overrule it.
fn named_otherwise(
    doc: &Document,
    ann: &Annotation,
    span: Span,
    top: &Place<'_>,
    keep: bool,
) -> bool {
    if keep
        || matches!(
            top.kind,
            PlaceKind::Country
                | PlaceKind::Region
                | PlaceKind::Admin1
                | PlaceKind::Admin2
                | PlaceKind::User
        )
        || top.capital
        || top.population >= 1_000_000
    {
        return false;
    }
    let Some((a, b)) = first_and_last_token(doc, span) else {
        return false;
    };
    ann.names_in(a, b + 1).any(|n| {
        let p = n.probs;
        let best = p.best();
        // Only persons and organisations overrule: the classifier's
        // "other" (events, works, times in its training data) also takes
        // unfamiliar places ("the Euphrates town of Mayadin").
        if !matches!(best, NameClass::Person | NameClass::Organization) {
            return false;
        }
        let longer = n.first < a || n.end > b + 1;
        if longer {
            // A place word inside a longer name of a person or an
            // organisation ("Federal" of "Federal Security Service").
            p.place < INNER_PLACE_MAX
        } else {
            p.place < NAME_PLACE_MAX && p.get(best) >= NAME_SURE
        }
    })
}

/// Whether the tagger reads a one-word mention as a word of a closed class
/// ("Many did.", "Well, they think", "None of the injured"): a pronoun,
/// determiner, adverb, interjection, preposition, conjunction, auxiliary or
/// particle is no name, whatever small town shares its spelling. A country,
/// a region or a city of 100,000 is kept: a tagging slip on "Chad" or on
/// "Vancouver" at a sentence's start costs more than the rule gains.
fn function_word(
    doc: &Document,
    ann: &Annotation,
    span: Span,
    top: &Place<'_>,
    keep: bool,
) -> bool {
    use crate::lang::Upos;
    if keep || strong(top) {
        return false;
    }
    let Some((a, b)) = first_and_last_token(doc, span) else {
        return false;
    };
    a == b
        && ann.upos(a).is_some_and(|t| {
            matches!(
                t,
                Upos::Pron
                    | Upos::Det
                    | Upos::Adv
                    | Upos::Intj
                    | Upos::Adp
                    | Upos::Cconj
                    | Upos::Sconj
                    | Upos::Aux
                    | Upos::Part
            )
        })
}

fn strong(p: &Place<'_>) -> bool {
    matches!(
        p.kind,
        PlaceKind::Country
            | PlaceKind::Region
            | PlaceKind::Admin1
            | PlaceKind::Admin2
            | PlaceKind::User
    ) || p.capital
        || p.population >= 100_000
}

/// Whether a blocked extent (a person's or organisation's name) covers `s`.
/// Extents are pushed in text order, so only those starting at or before
/// `s` can, and of those only the last few: names are short. A bounded look
/// back keeps long texts linear.
pub(super) fn covered(blocked: &[Span], s: Span) -> bool {
    let upto = blocked.partition_point(|b| b.start <= s.start);
    blocked[..upto].iter().rev().take(32).any(|b| b.contains(s))
}

/// A village or small town: its name is as likely a person's.
fn weak_place(p: &Place<'_>) -> bool {
    p.kind == PlaceKind::Populated && !p.capital && p.population < 100_000
}

#[cfg(test)]
mod tests {
    use super::super::testing::places;
    use crate::gazetteer::PlaceKind;

    #[test]
    fn places_and_not_places() {
        // Text, a word the gazetteer knows, whether it is kept as a place.
        let cases = [
            (
                "Major Jordan Hale said the road was closed.",
                "Jordan",
                false,
            ),
            ("Troops crossed into Jordan on Monday.", "Jordan", true),
            // A sentence whose longer words are all names is a list, not a
            // headline: a town's common other name stays a place in it.
            ("Shelling hit Homs, Fallujah and Kabul.", "Fallujah", true),
            ("Aleppo, Fallujah, Kabul.", "Fallujah", true),
            // A well-known place is where an organisation "of" it is; a loose
            // other name of a small town is not.
            (
                "Students at the University of Aleppo protested.",
                "Aleppo",
                true,
            ),
            ("The Committee of Bala Murghab met.", "Bala Murghab", false),
            // The people's adjective opening a group's name says where it is from
            // (kept as an adjective: no event takes it as its place).
            (
                "The Syrian Democratic Forces advanced on Raqqa.",
                "Syrian",
                true,
            ),
            (
                "The Syrian Democratic Forces advanced on Raqqa.",
                "Raqqa",
                true,
            ),
            ("May was a hard month in Aleppo.", "May", false),
            ("May was a hard month in Aleppo.", "Aleppo", true),
            // A dateline's place is always a place.
            ("DAMASCUS (Reuters) - Shelling went on.", "DAMASCUS", true),
            // A town's other name opening a sentence is kept when the words
            // after it place it in its country; alone it could be any word.
            ("Palmyra in central Syria fell.", "Palmyra", true),
            ("Palmyra, Syria, fell.", "Palmyra", true),
            ("Palmyra fell.", "Palmyra", false),
            // The country must hold a candidate: Palmyra is not in Spain.
            ("Palmyra in Spain is a song.", "Palmyra", false),
            // Short abbreviations of countries and unions, people of a country,
            // oceans.
            ("Jobs in the UK rose.", "UK", true),
            ("The UAE and Qatar met.", "UAE", true),
            ("The EU imposed sanctions.", "EU", true),
            ("Rural Mexicans voted.", "Mexicans", true),
            ("The Atlantic hurricane season began.", "Atlantic", true),
            // A well-known place opening an organisation's name is kept (as an
            // adjective: it says where the organisation is from); a loose other
            // name is not, nor the rest of the name.
            (
                "Jobs at the Winnipeg Free Press were cut.",
                "Winnipeg",
                true,
            ),
            ("The Jamaica Cancer Society met.", "Jamaica", true),
            ("The European Commission proposed it.", "European", true),
            ("The Federal Security Service said so.", "Federal", false),
            // A news outlet's name.
            ("The Xinhua news agency reported it.", "Xinhua", false),
            ("Reports reached Xinhua on Monday.", "Xinhua", true),
            // A seat of government is the government, unless placed.
            (
                "The White House said on Monday it would wait.",
                "White House",
                false,
            ),
            (
                "Floods reached White House, Tennessee.",
                "White House",
                true,
            ),
            ("Officials in Whitehall said so.", "Whitehall", false),
        ];
        for (text, surface, want) in cases {
            let found = places(text);
            let kept = found.iter().any(|f| f.surface == surface);
            assert_eq!(kept, want, "{text}: {surface} in {found:#?}");
        }
    }

    #[test]
    fn us_states_by_their_ap_abbreviation_or_postal_code() {
        // Text, a surface, the state it is (or None: not a place), the state a
        // town of the text is placed in.
        type Case = (
            &'static str,
            &'static str,
            Option<&'static str>,
            (&'static str, &'static str),
        );
        let cases: [Case; 7] = [
            // The AP form's period is part of the name.
            (
                "Police in Knoxville, Tenn., said two men were shot.",
                "Tenn.",
                Some("Tennessee"),
                ("Knoxville", "Tennessee"),
            ),
            (
                "Floods hit Wheeling, W.Va., on Sunday.",
                "W.Va.",
                Some("West Virginia"),
                ("Wheeling", "West Virginia"),
            ),
            // A postal code after a town and a comma, ending the clause or
            // before a ZIP code, is the state.
            (
                "A shooting in Austin, TX, was reported.",
                "TX",
                Some("Texas"),
                ("Austin", "Texas"),
            ),
            (
                "The office at 12 Elm St, Dayton, OH 45402 closed.",
                "OH",
                Some("Ohio"),
                ("Dayton", "Ohio"),
            ),
            // Only the state answers: not the country Georgia.
            (
                "The plant in Macon, GA, closed.",
                "GA",
                Some("Georgia"),
                ("Macon", "Georgia"),
            ),
            // Followed by more words, capitals are a word, not a code.
            (
                "Fans in Atlanta, GA cheered.",
                "GA",
                None,
                ("Atlanta", "Georgia"),
            ),
            (
                "Officials in Salem, OR WHOEVER ran it, agreed.",
                "OR",
                None,
                ("", ""),
            ),
        ];
        for (text, surface, state, (town, town_state)) in cases {
            let found = places(text);
            let hit = found.iter().find(|f| f.surface == surface);
            assert_eq!(
                hit.map(|f| (f.name.as_str(), f.kind, f.country.as_str())),
                state.map(|s| (s, PlaceKind::Admin1, "US")),
                "{text}: {surface} in {found:#?}"
            );
            if !town.is_empty() {
                let t = found.iter().find(|f| f.surface == town).expect(town);
                assert_eq!(
                    (t.country.as_str(), t.admin1.as_str()),
                    ("US", town_state),
                    "{text}"
                );
            }
        }
    }
}
