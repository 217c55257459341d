//! Linking events to places and times.

use chrono::NaiveDate;

use super::words::Words;
use super::{Event, EventType, PlaceSource, Status, TimeSource, Trigger};
use crate::gazetteer::{Gazetteer, PlaceKind};
use crate::lang::{Annotation, NameClass};
use crate::lexicon::{List, has, words};
use crate::places::PlaceMention;
use crate::time::{Anchor, Precision, TimeMention, TimeType};

pub(crate) struct Context<'a, 'd> {
    w: &'a Words<'d>,
    /// The language layer's parse, aligned with `w`'s tokens; when absent
    /// (or empty), places are chosen by distance in the text alone.
    ann: Option<&'a Annotation>,
    places: &'a [PlaceMention],
    times: &'a [TimeMention],
    /// Token index of each place / time mention (`usize::MAX` when none).
    place_tok: Vec<usize>,
    time_tok: Vec<usize>,
    /// For each time, the trigger it is linked to.
    /// The times each trigger owns (the inverse of `time_owner`).
    times_of: Vec<Vec<usize>>,
    focus: Option<usize>,
    /// Mentions resolved far from every other place of the document while
    /// the others agree among themselves (a namesake on another continent:
    /// "Los Lagos" in Chile among the places of Panama).
    outlier: Vec<bool>,
    /// The document's most mentioned country (ISO alpha-2).
    focus_country: Option<String>,
    gaz: &'a Gazetteer,
}

impl<'a, 'd> Context<'a, 'd> {
    pub fn new(
        w: &'a Words<'d>,
        ann: Option<&'a Annotation>,
        places: &'a [PlaceMention],
        times: &'a [TimeMention],
        gaz: &'a Gazetteer,
        triggers: &[Trigger],
    ) -> Self {
        let tok = |b: usize| w.token_at(b).unwrap_or(usize::MAX);
        let place_tok: Vec<usize> = places.iter().map(|p| tok(p.span.start)).collect();
        let time_tok: Vec<usize> = times.iter().map(|t| tok(t.span.start)).collect();
        // Each usable time goes to the nearest trigger of its sentence.
        let mut time_owner = vec![None; times.len()];
        for (ti, tm) in times.iter().enumerate() {
            let usable = match tm.kind {
                TimeType::Date | TimeType::Time => tm.begin.is_some() || !tm.value.contains("REF"),
                TimeType::Duration => tm.begin.is_some(),
                TimeType::Set => false,
            };
            let k = time_tok[ti];
            if !usable || k == usize::MAX {
                continue;
            }
            let tend = w.token_at(tm.span.end.saturating_sub(1)).unwrap_or(k) + 1;
            // Triggers are in text order: look only at those of k's sentence.
            let (s0, s1) = w.sentence_range(w.sent[k] as usize);
            let from = triggers.partition_point(|t| t.first < s0);
            let to = triggers.partition_point(|t| t.first < s1).max(from);
            let best = triggers[from..to]
                .iter()
                .enumerate()
                .map(|(n, t)| (n + from, t))
                .filter(|(_, t)| w.same_sentence(t.first, k))
                .map(|(n, t)| {
                    // From the trigger's words, or from the verb its noun
                    // governs ("Talks are due to adjourn on Thursday").
                    let from = |first: usize, last: usize| {
                        if k >= last {
                            k - last
                        } else {
                            first.saturating_sub(tend) + 1
                        }
                    };
                    let d = t
                        .predicate
                        .map_or(usize::MAX, |v| from(v, v + 1))
                        .min(from(t.first, t.last));
                    (d, n)
                })
                .min();
            time_owner[ti] = best.map(|(_, n)| n);
        }
        let mut times_of = vec![Vec::new(); triggers.len()];
        for (ti, owner) in time_owner.iter().enumerate() {
            if let Some(n) = *owner {
                times_of[n].push(ti);
            }
        }
        // Focus: the most mentioned country (places inside it count).
        let mut counts: Vec<(String, usize)> = Vec::new();
        for p in places {
            if let Some(c) = p.place.and_then(|id| gaz.get(id)).and_then(|pl| pl.country) {
                match counts.iter_mut().find(|(k, _)| k == c) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((c.to_owned(), 1)),
                }
            }
        }
        let top = counts
            .iter()
            .max_by_key(|(_, n)| *n)
            .map(|(c, _)| c.clone());
        let focus_country = top.clone();
        let focus = top.and_then(|c| {
            places.iter().position(|p| {
                p.place.and_then(|id| gaz.get(id)).is_some_and(|pl| {
                    pl.kind == PlaceKind::Country && pl.country == Some(c.as_str())
                })
            })
        });
        let ann = ann.filter(|a| a.tokens.len() == w.len());
        let outlier = outliers(places, gaz);
        Self {
            outlier,
            w,
            ann,
            places,
            times,
            place_tok,
            time_tok,
            gaz,
            times_of,
            focus,
            focus_country,
        }
    }

    fn clause_place(&self, e: &Event, t: &Trigger, triggers: &[Trigger]) -> Option<usize> {
        let w = self.w;
        let (s0, s1) = w.sentence_range(t.sentence);
        let mut best: Option<(i64, usize)> = None;
        // Places are in text order: only those of the sentence.
        // (`place_tok` is sorted: places are in order, and a place always
        // starts inside a token, so `usize::MAX` never sits before a real index.)
        let from = self.place_tok.partition_point(|&k| k < s0);
        let to = self.place_tok.partition_point(|&k| k < s1);
        for (pi, p) in self.places.iter().enumerate().take(to.max(from)).skip(from) {
            let k = self.place_tok[pi];
            if k == usize::MAX || k < s0 || k >= s1 {
                continue;
            }
            if p.adjectival
                || p.metonymy
                || self.named_otherwise(pi)
                || e.actors.iter().any(|a| a.span.overlaps(p.span))
            {
                continue;
            }
            if k >= t.first && k < t.last {
                continue;
            }
            if self.subject_elsewhere(pi, t) {
                continue;
            }
            let (lo, hi, before) = if k < t.first {
                (k, t.first, true)
            } else {
                (t.last, k, false)
            };
            let mut score = (hi - lo) as i64;
            // Triggers are in text order: count those strictly between.
            let after_lo = triggers.partition_point(|o| o.first <= lo);
            let between = triggers[after_lo..]
                .iter()
                .take_while(|o| o.first < hi)
                .filter(|o| o.last <= hi)
                .count();
            score += 6 * between as i64;
            let comma = (lo..hi).any(|j| matches!(w.lower(j), "," | ";" | "(" | ")" | "\u{2014}"));
            if comma {
                let relative = before
                    && matches!(w.lower(k + 1), ",")
                    && matches!(w.lower(k + 2), "which" | "where");
                if before && !relative {
                    score += 10;
                } else if !before {
                    score += 6;
                }
            }
            let prev = if k > 0 { w.lower(k - 1) } else { "" };
            if prev == "from" {
                score += 2;
            } else if has(List::Locatives, prev)
                || prev == "the" && has(List::Locatives, w.lower(k.wrapping_sub(2)))
            {
                score -= 3;
            }
            score += i64::from(self.doubt(pi));
            if !before && hi <= t.last + 1 {
                score -= 3;
            }
            if best.is_none_or(|(s, _)| score < s) {
                best = Some((score, pi));
            }
        }
        let limit = if t.kind == EventType::Statement {
            3
        } else {
            12
        };
        best.filter(|&(s, _)| s <= limit).map(|(_, pi)| pi)
    }

    /// The place attached to the trigger in the sentence's parse: the
    /// place whose path through the tree to the trigger is shortest, a
    /// locative case on the way ("in", "near", "on the outskirts of")
    /// counting for it, another event's trigger or a reporting verb on the
    /// way against it ("fighting in Aleppo, said officials in Moscow").
    fn attached_place(&self, e: &Event, t: &Trigger, triggers: &[Trigger]) -> Option<usize> {
        let ann = self.ann?;
        let w = self.w;
        let (s0, s1) = w.sentence_range(t.sentence);
        // The trigger's own head: the token of its words whose head lies
        // outside them.
        let th = trigger_head(ann, t);
        let up = |x: usize| path_up(ann, x, s1 - s0);
        let from_trigger = up(th);
        let other_trigger = |k: usize| {
            (k < t.first || k >= t.last) && {
                let i = triggers.partition_point(|o| o.last <= k);
                triggers.get(i).is_some_and(|o| o.first <= k && k < o.last)
            }
        };
        let from = self.place_tok.partition_point(|&k| k < s0);
        let to = self.place_tok.partition_point(|&k| k < s1).max(from);
        let mut best: Option<(i32, usize)> = None;
        for pi in from..to {
            let p = &self.places[pi];
            if p.adjectival
                || p.metonymy
                || self.named_otherwise(pi)
                || e.actors.iter().any(|a| a.span.overlaps(p.span))
            {
                continue;
            }
            let (Some(a), Some(b)) = (
                w.token_at(p.span.start),
                w.token_at(p.span.end.saturating_sub(1)),
            ) else {
                continue;
            };
            if a < t.last && b >= t.first {
                continue;
            }
            // The place's head token: the one whose head is outside it.
            let ph = (a..=b)
                .find(|&k| ann.head(k).is_none_or(|h| h < a || h > b))
                .unwrap_or(b);
            // The subject of another clause ("..., said the United States
            // and Russia must work together") is that clause's actor, not
            // where this event happens.
            if ann.rel(ph).is_some_and(|r| r.as_str() == "nsubj") && ann.head(ph) != Some(th) {
                continue;
            }
            let from_place = up(ph);
            let Some(up_steps) = from_place.iter().position(|x| from_trigger.contains(x)) else {
                continue;
            };
            // Inside another predicate's subject ("The Geneva talks are part
            // of a push ... that has killed"): that subject's modifier.
            if from_place.iter().take(up_steps).any(|&x| {
                ann.rel(x).is_some_and(|r| r.as_str() == "nsubj")
                    && ann
                        .head(x)
                        .is_some_and(|h| h != th && !(t.first..t.last).contains(&h))
            }) {
                continue;
            }
            let meet = from_place[up_steps];
            let down_steps = from_trigger.iter().position(|&x| x == meet).unwrap_or(0);
            let mut score = 2 * (up_steps + down_steps) as i32;
            // Climbing from the trigger to meet the place: the place is
            // the governing clause's, less surely this event's.
            score += 2 * down_steps as i32;
            for &x in from_place.iter().take(up_steps).skip(1) {
                if other_trigger(x) {
                    score += 6;
                }
                if has(List::ReportingVerbs, w.lower(x)) {
                    score += 8;
                }
            }
            // A reporting verb governing the trigger with a subject of its
            // own ("officials in Moscow said"): its places are the
            // reporter's. A passive one ("an airstrike was reported on
            // the hill") is no barrier.
            for &x in from_trigger.iter().take(down_steps + 1).skip(1) {
                let own_subject = (s0..s1).any(|k| {
                    ann.head(k) == Some(x)
                        && ann.rel(k).is_some_and(|r| r.as_str() == "nsubj")
                        && !from_trigger.contains(&k)
                });
                if own_subject && has(List::ReportingVerbs, w.lower(x)) {
                    score += 8;
                }
            }
            // The place's own case marker, or that of the noun it names
            // ("in the Kakuma refugee camp", "in Comilla city", "in the
            // town of Jarablus").
            let case_of = |x: usize| {
                (s0..s1).find(|&k| {
                    ann.head(k) == Some(x) && ann.rel(k).is_some_and(|r| r.as_str() == "case")
                })
            };
            let mut case = case_of(ph);
            if let Some(h) = ann.head(ph).filter(|&h| h >= s0 && h < s1 && h != th) {
                let naming = ann
                    .rel(ph)
                    .is_some_and(|r| matches!(r.as_str(), "compound" | "flat" | "appos"))
                    || case.is_some_and(|k| w.lower(k) == "of")
                        && w.in_set(h, words(List::PlaceNouns));
                if naming && (case.is_none() || w.in_set(h, words(List::PlaceNouns))) {
                    case = case_of(h).or(case);
                }
            }
            match case.map(|k| w.lower(k)) {
                // Where an actor comes from ("refugees from Sudan", "fighters
                // from Deir-ez-Zor") is not where the event takes place.
                Some("from") => score += 2,
                Some(c) if has(List::Locatives, c) && c != "of" && c != "for" => score -= 2,
                Some("by" | "with" | "like" | "than" | "against") => score += 4,
                _ => {}
            }
            score += self.doubt(pi);
            if best.is_none_or(|(s, _)| score < s) {
                best = Some((score, pi));
            }
        }
        let best = best.map(|(s, pi)| (s, self.specific(pi)));
        let limit = if t.kind == EventType::Statement {
            4
        } else {
            14
        };
        best.filter(|&(s, _)| s <= limit).map(|(_, pi)| pi)
    }

    /// A penalty for a mention the place module doubts ("Taliban" read as
    /// a hamlet, confidence 0.1) or that lies far from all the others (an
    /// outlier): it is an event's place only when nothing surer is
    /// attached.
    fn doubt(&self, m: usize) -> i32 {
        let c = self.places[m].confidence;
        let low = if c < 0.2 { 3 } else { 0 };
        low + if self.outlier[m] { 6 } else { 0 }
    }

    /// Whether mentions `a` and `b` (a before b) form a chain of
    /// qualifiers: "Kalale, Borgou", "Ouro Saba (Djibo, Soum)", "the Saleem
    /// Khil area of Azra district, Logar".
    fn chained(&self, a: usize, b: usize) -> bool {
        let (a, b) = (&self.places[a], &self.places[b]);
        let text = &self.w.doc.text;
        let Some(gap) = text.get(a.span.end.min(b.span.start)..b.span.start) else {
            return false;
        };
        let of = gap.ends_with(" of ") || gap.contains(" of ") && gap.len() <= 40;
        !gap.is_empty()
            && gap.len() <= 40
            && (gap.contains([',', '(']) || of)
            && !gap.contains(['.', ';', ')'])
            && gap.split([',', '(', ' ']).all(|x| {
                x.is_empty()
                    || x.chars().next().is_some_and(char::is_uppercase)
                    || matches!(
                        x,
                        "city"
                            | "town"
                            | "village"
                            | "district"
                            | "province"
                            | "area"
                            | "of"
                            | "the"
                            | "county"
                            | "region"
                            | "governorate"
                            | "neighbourhood"
                            | "neighborhood"
                            | "municipality"
                            | "state"
                            | "department"
                    )
            })
    }

    /// Whether the resolved place of mention `inner` can lie inside the one
    /// of `outer`: the same country, the same admin-1 region (or near its
    /// point) for a region, near a town for a town. An unresolved inner
    /// place is not taken over a resolved container.
    fn inside(&self, inner: usize, outer: usize) -> bool {
        let get = |m: usize| self.places[m].place.and_then(|id| self.gaz.get(id));
        let (Some(i), o) = (get(inner), get(outer)) else {
            return false;
        };
        let Some(o) = o else { return true };
        let km = crate::gazetteer::haversine_km(i.lat, i.lon, o.lat, o.lon);
        match o.kind {
            PlaceKind::Country => i.country == o.country,
            PlaceKind::Admin1 => {
                i.country == o.country
                    && (i.admin1_code.is_some() && i.admin1_code == o.admin1_code || km < 250.0)
            }
            PlaceKind::Admin2 => {
                i.country == o.country
                    && (o.bbox.is_some_and(|b| b.contains(i.lat, i.lon)) || km < 60.0)
            }
            PlaceKind::Region => o.bbox.is_none_or(|b| b.contains(i.lat, i.lon)) || km < 1500.0,
            PlaceKind::Populated | PlaceKind::User => km < 100.0,
        }
    }

    /// Whether the parse makes mention `m` a clause's subject (an actor:
    /// "The United States and its allies have been backing ...").
    fn is_subject(&self, m: usize) -> bool {
        let Some(ann) = self.ann else { return false };
        let k = self.place_tok[m];
        let p = &self.places[m];
        let end = self.w.token_at(p.span.end.saturating_sub(1)).unwrap_or(k);
        (k..=end).any(|x| {
            ann.rel(x).is_some_and(|r| r.as_str() == "nsubj")
                && ann.head(x).is_none_or(|h| h < k || h > end)
        })
    }

    /// The parse and the token heading place mention `m` (the one whose
    /// head lies outside the mention; its last token when none does).
    fn mention_head(&self, m: usize) -> Option<(&'a Annotation, usize)> {
        let ann = self.ann?;
        let p = &self.places[m];
        let a = self.w.token_at(p.span.start)?;
        let b = self.w.token_at(p.span.end.saturating_sub(1))?;
        let ph = (a..=b)
            .find(|&k| ann.head(k).is_none_or(|h| h < a || h > b))
            .unwrap_or(b);
        Some((ann, ph))
    }

    /// Whether the parse makes mention `m` the subject of a clause other
    /// than trigger `t`'s own.
    fn subject_elsewhere(&self, m: usize, t: &Trigger) -> bool {
        let Some((ann, ph)) = self.mention_head(m) else {
            return false;
        };
        ann.rel(ph).is_some_and(|r| r.as_str() == "nsubj")
            && ann.head(ph).is_some_and(|h| h < t.first || h >= t.last)
    }

    /// Whether the parse puts mention `m` in the frame of a reporting verb
    /// that governs trigger `t` ("Ahead of talks with the Russian leader in
    /// Moscow, Kerry said a fragile partial truce had cut ..."): the place
    /// is the reporter's, not the event's.
    fn across_report(&self, m: usize, t: &Trigger) -> bool {
        let Some((ann, ph)) = self.mention_head(m) else {
            return false;
        };
        let w = self.w;
        let th = trigger_head(ann, t);
        let (s0, s1) = w.sentence_range(t.sentence);
        let up = |x: usize| path_up(ann, x, s1 - s0);
        let (from_trigger, from_place) = (up(th), up(ph));
        let Some(meet) = from_trigger.iter().position(|x| from_place.contains(x)) else {
            return false;
        };
        // A passive one ("clashes were reported ... in Yisbal", "it was
        // reported that a shoot-out took place") is no barrier: only a
        // reporter with a subject of its own.
        from_trigger.iter().take(meet + 1).skip(1).any(|&x| {
            has(List::ReportingVerbs, w.lower(x))
                && (s0..s1).any(|k| {
                    ann.head(k) == Some(x)
                        && ann.rel(k).is_some_and(|r| r.as_str() == "nsubj")
                        && !from_trigger.contains(&k)
                        && w.lower(k) != "it"
                })
        })
    }

    /// Whether the parse makes mention `m` a modifier of a noun that is
    /// neither a place nor trigger `t` ("a Jubilee parliamentary
    /// aspirant", "Taliban militants"): an affiliation, not a location.
    fn modifies_other(&self, m: usize, t: &Trigger) -> bool {
        let Some((ann, ph)) = self.mention_head(m) else {
            return false;
        };
        ann.rel(ph)
            .is_some_and(|r| matches!(r.as_str(), "compound" | "amod"))
            && ann.head(ph).is_some_and(|h| {
                !(t.first..t.last).contains(&h)
                    && !self.w.in_set(h, words(List::PlaceNouns))
                    && self.place_tok.binary_search(&h).is_err()
            })
    }

    /// Whether a chain may go from container `outer` to `inner`: it lies
    /// inside it, or it is in the focus country and the container is not
    /// (the container is then the namesake elsewhere: "Djibo, Soum").
    fn may_lie_in(&self, inner: usize, outer: usize) -> bool {
        self.inside(inner, outer) || self.in_focus(inner) && !self.in_focus(outer)
    }

    /// Whether mention `m` resolved to a place in the document's focus
    /// country.
    fn in_focus(&self, m: usize) -> bool {
        let c = self.places[m]
            .place
            .and_then(|id| self.gaz.get(id))
            .and_then(|p| p.country);
        c.is_some() && c == self.focus_country.as_deref()
    }

    /// Whether the language layer reads mention `m` as the name of a person
    /// or an organisation ("Taliban fighters", "Jubilee supporters"): such
    /// a mention is no event's place.
    fn named_otherwise(&self, m: usize) -> bool {
        let Some(ann) = self.ann else { return false };
        let k = self.place_tok[m];
        ann.name_at(k).is_some_and(|n| {
            matches!(n.class(), NameClass::Person | NameClass::Organization) && n.probs.place < 0.3
        }) && !self.placed(m)
    }

    /// Whether the words around mention `m` make it a place whatever its
    /// name class: a locative preposition before it ("at Pulwama", "in the
    /// Farah area"), a noun for a place after it ("Pulwama city"), or the
    /// qualifier of one ("Bala Buluk district, Farah").
    fn placed(&self, m: usize) -> bool {
        let w = self.w;
        let p = &self.places[m];
        let (Some(a), Some(b)) = (
            w.token_at(p.span.start),
            w.token_at(p.span.end.saturating_sub(1)),
        ) else {
            return false;
        };
        let locative = |x: &str| {
            has(List::Locatives, x) && !matches!(x, "of" | "for" | "from" | "to" | "on" | "over")
        };
        let before = |i: usize| if a >= i { w.lower(a - i) } else { "" };
        locative(before(1))
            || before(1) == "the" && locative(before(2))
            || w.in_set(b + 1, words(List::PlaceNouns)) && w.same_sentence(a, b + 1)
            || before(1) == "," && a >= 2 && w.in_set(a - 2, words(List::PlaceNouns))
    }

    /// A country is too coarse when the sentence names a place inside it
    /// ("people in Ahwar (Ahwar, Abyan) ... in South Yemen"): the first
    /// such town or region of the sentence, else `pi`.
    fn finer(&self, pi: usize, t: &Trigger) -> usize {
        let is_country = self.places[pi]
            .place
            .and_then(|id| self.gaz.get(id))
            .is_some_and(|p| matches!(p.kind, PlaceKind::Country));
        if !is_country {
            return pi;
        }
        let (s0, s1) = self.w.sentence_range(t.sentence);
        let from = self.place_tok.partition_point(|&k| k < s0);
        let to = self.place_tok.partition_point(|&k| k < s1);
        (from..to.max(from))
            .find(|&m| {
                let p = &self.places[m];
                m != pi
                    && !p.adjectival
                    && !p.metonymy
                    && !self.named_otherwise(m)
                    && self.inside(m, pi)
                    && p.place
                        .and_then(|id| self.gaz.get(id))
                        .is_some_and(|x| !matches!(x.kind, PlaceKind::Country | PlaceKind::Region))
            })
            .map_or(pi, |m| self.specific(m))
    }

    /// The place `pi` qualifies, when it is the container in a chain
    /// like "Madaripur city, Madaripur Sadar (Dhaka)" or "in Irapuato,
    /// Guanajuato": the first, most specific place of the chain that lies
    /// inside the places after it; else `pi`. And when `pi` is itself the
    /// head of a chain whose containers it does not lie in (a namesake
    /// elsewhere: "Khil area of Azra district, Logar"), the first container
    /// the rest of the chain agrees with.
    fn specific(&self, mut pi: usize) -> usize {
        while pi > 0 {
            let (a, b) = (&self.places[pi - 1], &self.places[pi]);
            if !self.chained(pi - 1, pi)
                || a.adjectival
                || a.metonymy
                || rank(a.kind) > rank(b.kind)
                || !(self.may_lie_in(pi - 1, pi) || self.head_holds(pi - 1, pi))
            {
                break;
            }
            pi -= 1;
        }
        // Up the chain while the place does not lie in its container.
        while pi + 1 < self.places.len()
            && self.chained(pi, pi + 1)
            && !self.places[pi + 1].adjectival
            && !self.may_lie_in(pi, pi + 1)
            && !self.head_holds(pi, pi + 1)
        {
            pi += 1;
        }
        pi
    }

    /// Whether the head `a` of a chain stays the most specific place even
    /// though its resolution does not lie in container `b`'s (one of them
    /// is a namesake elsewhere): a town named surely before a coarser
    /// container ("in Brasilia, Distrito Federal" with the Venezuelan
    /// district; "Bamenda town (Mezam, Nord-Ouest)" with Haiti's), or the
    /// first of a parenthesised list of qualifiers, which by convention
    /// runs from the finer to the coarser ("Kouilpagre (Arbinda, Soum)"),
    /// or the place the parentheses qualify. Not for a head the place
    /// module doubts (under 0.3).
    fn head_holds(&self, a: usize, b: usize) -> bool {
        let (pa, pb) = (&self.places[a], &self.places[b]);
        // A doubted head, or one that is the tail of a longer name the
        // gazetteer did not know ("Ouro Saba" read as "Saba").
        let fragment = self
            .w
            .token_at(pa.span.start)
            .is_some_and(|k| k > 0 && self.w.same_sentence(k - 1, k) && self.w.cap(k - 1));
        if pa.confidence < 0.3 || fragment {
            return false;
        }
        if rank(pa.kind) < rank(pb.kind) && pa.confidence >= 0.4 {
            return true;
        }
        let text = &self.w.doc.text;
        let gap = text.get(pa.span.end..pb.span.start).unwrap_or("");
        let before = text.get(..pa.span.start).unwrap_or("").trim_end();
        if gap.trim() == "," && before.ends_with('(') {
            return true;
        }
        // "Comilla city (Comilla Adarsha Sadar, Chittagong)", "Jhabua
        // district (Madhya Pradesh)": the parentheses qualify the head.
        // Only when both readings are of one country or region: else one
        // of them is a namesake, and which is unknown.
        let near = {
            let get = |m: usize| self.places[m].place.and_then(|id| self.gaz.get(id));
            match (get(a), get(b)) {
                (Some(x), Some(y)) => agree(&x, &y),
                _ => false,
            }
        };
        near && gap.split_once('(').is_some_and(|(head, inside)| {
            !inside.contains(')')
                && head
                    .split_whitespace()
                    .all(|x| has(List::PlaceNouns, x.to_lowercase().as_str()))
        })
    }

    /// The sentence's place, when neither the parse nor the clause attach
    /// one to the trigger: the nearest mention of the sentence that can be
    /// a place of events (not a demonym, a metonym, a name of something
    /// else, an actor, another clause's subject, where someone comes
    /// "from", nor one the place module doubts). Long notes put the place
    /// far from the verb: "Afghan security forces shelled a residential
    /// area, killing 1 civilian and injuring 1, in Shewan area of Bala
    /// Buluk district, Farah".
    fn sentence_place(&self, e: &Event, t: &Trigger) -> Option<usize> {
        let w = self.w;
        let (s0, s1) = w.sentence_range(t.sentence);
        let from = self.place_tok.partition_point(|&k| k < s0);
        let to = self.place_tok.partition_point(|&k| k < s1).max(from);
        (from..to)
            .filter(|&pi| {
                let p = &self.places[pi];
                let k = self.place_tok[pi];
                !(p.adjectival
                    || p.metonymy
                    || k < s0
                    || k >= s1
                    || (t.first..t.last).contains(&k)
                    || self.named_otherwise(pi)
                    || self.doubt(pi) > 0
                    || self.subject_elsewhere(pi, t)
                    || self.modifies_other(pi, t)
                    || self.across_report(pi, t)
                    || e.actors.iter().any(|a| a.span.overlaps(p.span))
                    || k > 0 && w.lower(k - 1) == "from")
            })
            .min_by_key(|&pi| {
                let k = self.place_tok[pi];
                if k >= t.last { k - t.last } else { t.first - k }
            })
            .map(|pi| self.specific(pi))
    }

    /// The place of a planned advance named as its destination: the
    /// place the words give outright ("and God willing to Raqqa"), or the
    /// one right after "to"/"towards" following the verb of an advance
    /// that is planned or hoped for ("will push towards Idlib"): where the
    /// forces mean to go, not where they stand.
    fn destination(&self, e: &Event, t: &Trigger) -> Option<usize> {
        let w = self.w;
        let starting = |k: usize| {
            let b = w.span(k).start;
            self.places
                .iter()
                .position(|p| p.span.start == b && !p.adjectival && !p.metonymy)
        };
        if let Some(k) = t.destination {
            return starting(k);
        }
        if t.noun
            || e.kind != EventType::Offensive
            || !matches!(e.status, Status::Planned | Status::Hypothetical)
        {
            return None;
        }
        let (_, s1) = w.sentence_range(t.sentence);
        let k = (t.last..(t.last + 3).min(s1))
            .find(|&k| matches!(w.lower(k), "to" | "towards" | "toward"))?;
        let k = if w.lower(k + 1) == "the" {
            k + 2
        } else {
            k + 1
        };
        (k < s1).then(|| starting(k)).flatten()
    }

    /// The town naming talks, a meeting or an agreement where they are
    /// held, right before the noun: "the Geneva talks", "the Astana peace
    /// talks", "the Minsk agreement". Only a town (a country there is
    /// often the subject: "the Iran talks").
    fn venue(&self, t: &Trigger) -> Option<usize> {
        let w = self.w;
        if !t.noun
            || !matches!(
                t.kind,
                EventType::Talks | EventType::Meeting | EventType::Agreement
            )
        {
            return None;
        }
        let before = self.place_tok.partition_point(|&k| k < t.first);
        let pi = before.checked_sub(1)?;
        let p = &self.places[pi];
        let end = w.token_at(p.span.end.saturating_sub(1))?;
        // Adjacent, or with "peace" between ("the Astana peace talks").
        let gap_ok = (end + 1..t.first).all(|k| w.lower(k) == "peace");
        let town = p
            .place
            .and_then(|id| self.gaz.get(id))
            .is_some_and(|x| matches!(x.kind, PlaceKind::Populated));
        let adjacent = end < t.first && t.first - end <= 2;
        (adjacent && gap_ok && town && !p.adjectival && w.same_sentence(end, t.first)).then_some(pi)
    }

    /// The place the story already gave an event that it names again
    /// without one: a coordinated verb's conjunct's place ("to resume in
    /// April": where the talks are), or, for talks and meetings named by a
    /// noun, the place of the latest earlier event of the same type placed
    /// in its own clause ("Talks are due to adjourn" after "peace talks in
    /// Geneva").
    fn known_place(
        &self,
        head: &[Event],
        e: &Event,
        t: &Trigger,
        triggers: &[Trigger],
    ) -> Option<usize> {
        if let Some(j) = super::shared(triggers, t) {
            return head.get(j).and_then(|o| o.place);
        }
        if !t.noun || !matches!(e.kind, EventType::Talks | EventType::Meeting) {
            return None;
        }
        head.iter()
            .rev()
            .find(|o| o.kind == e.kind && o.place_source == PlaceSource::Clause)
            .and_then(|o| o.place)
    }

    /// Whether `e` is a country's intervention named by a noun with the
    /// country as its agent ("Russia's military intervention", "the
    /// intervention by Turkey"), with no place in its own clause.
    fn foreign_intervention(&self, e: &Event, t: &Trigger) -> bool {
        t.noun
            && e.kind == EventType::Intervention
            && self.focus.is_some()
            && e.actors.iter().any(|a| {
                a.role == super::ActorRole::Agent
                    && super::overlapping(self.places, a.span).iter().any(|m| {
                        m.place
                            .and_then(|id| self.gaz.get(id))
                            .is_some_and(|p| p.kind == PlaceKind::Country)
                    })
            })
    }

    /// Whether place mention `pi` is of the country of one of `e`'s
    /// actors ("Russia" for "Russia's intervention").
    fn actor_country(&self, e: &Event, pi: usize) -> bool {
        let country = |m: &PlaceMention| {
            m.place
                .and_then(|id| self.gaz.get(id))
                .and_then(|p| p.country)
        };
        let Some(c) = self.places.get(pi).and_then(country) else {
            return false;
        };
        e.actors.iter().any(|a| {
            super::overlapping(self.places, a.span)
                .iter()
                .any(|m| country(m) == Some(c))
        })
    }

    fn paragraph_place(&self, t: &Trigger) -> Option<usize> {
        let w = self.w;
        let para = *w.para.get(t.first)?;
        // Walk back from the trigger, and stop at the paragraph's start.
        let before = self.place_tok.partition_point(|&k| k < t.first);
        (0..before)
            .rev()
            .take_while(|&pi| w.para.get(self.place_tok[pi]) == Some(&para))
            .find(|&pi| {
                let p = &self.places[pi];
                let reporters =
                    w.same_sentence(self.place_tok[pi], t.first) && self.across_report(pi, t);
                !(p.adjectival
                    || p.metonymy
                    || self.is_subject(pi)
                    || self.named_otherwise(pi)
                    || reporters)
            })
            .map(|pi| self.specific(pi))
    }

    /// Whether the trigger's clause reports something current.
    fn current(&self, e: &Event, t: &Trigger) -> bool {
        let w = self.w;
        if e.status == Status::Ongoing {
            return true;
        }
        let (s0, s1) = w.sentence_range(t.sentence);
        if (s0..s1).any(|j| has(List::ReportingVerbs, w.lower(j))) {
            return true;
        }
        let lo = t.first.saturating_sub(8).max(s0);
        if (lo..t.first).any(|j| matches!(w.lower(j), "is" | "are" | "am" | "has" | "have")) {
            return true;
        }
        let head = w.lower(t.first);
        !t.noun && head.ends_with('s') && !head.ends_with("ss")
    }

    /// Whether event `p`'s time holds for its own clause only: one told
    /// relative to another ("the day before", "a week later").
    fn clause_bound(&self, p: &Event) -> bool {
        p.time
            .and_then(|ti| self.times.get(ti))
            .is_some_and(|tm| tm.anchor == Anchor::Focus)
    }

    /// Whether event `p`'s time carries to the next event `e`: not a time
    /// told relative to another ([`Self::clause_bound`]), nor the time of
    /// something planned or hoped for to an event told as fact ("to resume
    /// in April" dates the resumption, not the shelling the story tells
    /// next; it does date what is hoped of the resumed session).
    fn carries_time(&self, p: &Event, e: &Event) -> bool {
        !self.clause_bound(p) && (planned_or_hoped(e.status) || !planned_or_hoped(p.status))
    }

    /// A dated time expression of `t`'s sentence that went to another of
    /// its triggers ("the 2011 protests that killed thousands and drove
    /// millions from their homes"): the sentence's time.
    fn sentence_time(&self, t: &Trigger) -> Option<usize> {
        let w = self.w;
        let (s0, s1) = w.sentence_range(t.sentence);
        let from = self.time_tok.partition_point(|&k| k < s0);
        let to = self.time_tok.partition_point(|&k| k < s1).max(from);
        (from..to).find(|&ti| {
            let tm = &self.times[ti];
            tm.begin.is_some() && tm.anchor != Anchor::Focus && tm.kind == TimeType::Date
        })
    }

    /// The narrative's reference time for trigger `t`: the last time
    /// expression of its paragraph before it that names a day
    /// ("On 3 May 2020, ..." carried to the note's next sentences).
    fn reference_time(&self, t: &Trigger) -> Option<usize> {
        let w = self.w;
        let para = w.para.get(t.first)?;
        let before = self.time_tok.partition_point(|&k| k < t.first);
        (0..before)
            .rev()
            .take_while(|&ti| w.para.get(self.time_tok[ti]) == Some(para))
            .find(|&ti| {
                let tm = &self.times[ti];
                tm.begin.is_some()
                    && tm.anchor != Anchor::Focus
                    && tm.kind == crate::time::TimeType::Date
                    && tm.precision == Precision::Day
            })
    }

    /// Fills place and time of every event.
    pub fn link(
        &self,
        events: &mut [Event],
        triggers: &[Trigger],
        article_date: Option<NaiveDate>,
    ) {
        let w = self.w;
        for n in 0..events.len() {
            let t = &triggers[n];
            let (head, tail) = events.split_at_mut(n);
            let e = &mut tail[0];
            let prev = head.last().filter(|p| {
                let (pa, pb) = (w.token_at(p.trigger.start), w.token_at(e.trigger.start));
                matches!((pa, pb), (Some(a), Some(b)) if w.para.get(a) == w.para.get(b))
            });
            // Place.
            let statement = t.kind == EventType::Statement;
            if let Some(pi) = self.destination(e, t).or_else(|| self.venue(t)) {
                e.place = Some(pi);
                e.place_source = PlaceSource::Clause;
                // "the Geneva talks": where they are held, not who holds them.
                let span = self.places[pi].span;
                e.actors.retain(|a| !a.span.overlaps(span));
            } else if let Some(pi) = self
                .attached_place(e, t, triggers)
                .or_else(|| self.clause_place(e, t, triggers))
                .or_else(|| (!statement).then(|| self.sentence_place(e, t)).flatten())
            {
                e.place = Some(self.finer(pi, t));
                e.place_source = PlaceSource::Clause;
            } else if let Some(pi) = self.known_place(head, e, t, triggers) {
                e.place = Some(pi);
                e.place_source = PlaceSource::Context;
            } else if self.foreign_intervention(e, t) {
                // It happens in the country intervened in, the story's: not
                // in the intervening country (an actor) nor in the last
                // town named before it.
                e.place = self.focus.filter(|&f| !self.actor_country(e, f));
                e.place_source = if e.place.is_some() {
                    PlaceSource::Focus
                } else {
                    PlaceSource::None
                };
            } else if !statement {
                // A place carries between events of one family (fighting
                // after fighting), not from talks in Moscow to a campaign.
                // Not from a plan or a hope to what happened: the place
                // forces mean to reach is not where they fire from.
                let kind = e.kind;
                let carrier = head
                    .iter()
                    .rev()
                    .take_while(|p| {
                        let (pa, pb) = (w.token_at(p.trigger.start), w.token_at(e.trigger.start));
                        matches!((pa, pb), (Some(a), Some(b)) if w.para.get(a) == w.para.get(b))
                    })
                    .find(|p| planned_or_hoped(e.status) || !planned_or_hoped(p.status));
                if let Some(pi) = carrier
                    .filter(|p| kin(p.kind) == kin(kind))
                    .and_then(|p| p.place)
                {
                    e.place = Some(pi);
                    e.place_source = PlaceSource::Context;
                } else if let Some(pi) = self.paragraph_place(t) {
                    e.place = Some(pi);
                    e.place_source = PlaceSource::Context;
                } else if let Some(pi) = self.focus {
                    e.place = Some(pi);
                    e.place_source = PlaceSource::Focus;
                }
            }
            // Time.
            let own = self.times_of[n].iter().copied().min_by_key(|&ti| {
                let k = self.time_tok[ti];
                if k >= t.last { k - t.last } else { t.first - k }
            });
            let prev_sent = |p: &Event| {
                let (a, b) = (w.token_at(p.trigger.start), Some(t.first));
                matches!((a, b), (Some(a), Some(b)) if (w.sent[b] as usize).saturating_sub(w.sent[a] as usize) <= 2)
            };
            if let Some(ti) = own {
                let tm = &self.times[ti];
                e.time = Some(ti);
                e.time_source = TimeSource::Linked;
                e.begin = tm.begin;
                e.end = tm.end;
                e.precision = tm.precision;
            } else if let Some(p) = prev.filter(|p| {
                matches!(p.time_source, TimeSource::Linked | TimeSource::Context)
                    && prev_sent(p)
                    && self.carries_time(p, e)
            }) {
                e.time = p.time;
                e.time_source = TimeSource::Context;
                e.begin = p.begin;
                e.end = p.end;
                e.precision = p.precision;
            } else if let Some(d) =
                article_date.filter(|_| e.status != Status::Hypothetical && self.current(e, t))
            {
                e.time_source = TimeSource::ArticleDate;
                e.begin = Some(d);
                e.end = Some(d);
                e.precision = Precision::Day;
            } else if let Some(p) =
                prev.filter(|p| p.time_source != TimeSource::None && self.carries_time(p, e))
            {
                e.time = p.time;
                e.time_source = TimeSource::Context;
                e.begin = p.begin;
                e.end = p.end;
                e.precision = p.precision;
            } else if let Some(ti) = self.sentence_time(t).or_else(|| self.reference_time(t)) {
                let tm = &self.times[ti];
                e.time = Some(ti);
                e.time_source = TimeSource::Context;
                e.begin = tm.begin;
                e.end = tm.end;
                e.precision = tm.precision;
            } else if let Some(d) = article_date.filter(|_| e.status == Status::Happened) {
                e.time_source = TimeSource::Reported;
                e.begin = Some(d);
                e.end = Some(d);
                e.precision = Precision::Day;
            }
        }
    }
}

/// For each mention, whether it is an outlier: a town or region resolved
/// to no country and no point near any other mention's (500 km; a country
/// or demonym agrees with what lies in it), while two other mentions do
/// agree with each other. Long documents (over 300 mentions) are not
/// checked.
fn outliers(places: &[PlaceMention], gaz: &Gazetteer) -> Vec<bool> {
    let mut out = vec![false; places.len()];
    if places.len() > 300 {
        return out;
    }
    let got: Vec<_> = places
        .iter()
        .map(|p| p.place.and_then(|id| gaz.get(id)))
        .collect();
    let agree = |i: usize, j: usize| match (&got[i], &got[j]) {
        (Some(a), Some(b)) => agree(a, b),
        _ => false,
    };
    // Agreeing pairs (a few are enough: a mention in all of them is not
    // alone).
    let mut pairs = Vec::new();
    'all: for j in 0..places.len() {
        for k in j + 1..places.len() {
            if agree(j, k) {
                pairs.push((j, k));
                if pairs.len() >= 64 {
                    break 'all;
                }
            }
        }
    }
    for i in 0..places.len() {
        let Some(pi) = &got[i] else { continue };
        if pi.kind == PlaceKind::Country || places[i].adjectival {
            continue;
        }
        let alone = (0..places.len()).all(|j| j == i || !agree(i, j));
        out[i] = alone && pairs.iter().any(|&(j, k)| j != i && k != i);
    }
    out
}

/// Whether two resolved places can be told of one area: a country and
/// what lies in it, or two places under 500 km apart.
fn agree(a: &crate::gazetteer::Place<'_>, b: &crate::gazetteer::Place<'_>) -> bool {
    if a.kind == PlaceKind::Country || b.kind == PlaceKind::Country {
        a.country.is_some() && a.country == b.country
    } else {
        crate::gazetteer::haversine_km(a.lat, a.lon, b.lat, b.lon) < 500.0
    }
}

/// How coarse a kind of place is: towns 0, regions 1, countries 2.
fn rank(k: Option<PlaceKind>) -> u8 {
    match k {
        Some(PlaceKind::Populated | PlaceKind::User) | None => 0,
        Some(PlaceKind::Admin1 | PlaceKind::Admin2 | PlaceKind::Region) => 1,
        Some(PlaceKind::Country) => 2,
    }
}

/// Whether an event of this status is still to come (planned or hoped
/// for), not told as fact.
fn planned_or_hoped(s: Status) -> bool {
    matches!(s, Status::Planned | Status::Hypothetical)
}

/// Events whose places may carry from one to the next: violence with
/// violence, the rest within their family.
fn kin(k: EventType) -> u8 {
    use crate::events::Family as F;
    if k == EventType::Ceasefire {
        // A truce holds where the fighting was, not where it was agreed.
        return 0;
    }
    match k.family() {
        F::Fighting | F::Remote | F::Civilians => 0,
        F::Humanitarian => 1,
        F::Diplomacy => 2,
        F::Politics => 3,
    }
}
/// The token of trigger `t`'s words whose head lies outside them (its
/// first token when none does).
fn trigger_head(ann: &Annotation, t: &Trigger) -> usize {
    (t.first..t.last.max(t.first + 1))
        .find(|&k| ann.head(k).is_none_or(|h| h < t.first || h >= t.last))
        .unwrap_or(t.first)
}

/// Token `x` and its heads up to the root, at most `limit` steps (a
/// sentence's length: a damaged parse cannot loop).
fn path_up(ann: &Annotation, mut x: usize, limit: usize) -> Vec<usize> {
    let mut path = vec![x];
    while let Some(h) = ann.head(x) {
        if path.len() > limit {
            break;
        }
        path.push(h);
        x = h;
    }
    path
}
