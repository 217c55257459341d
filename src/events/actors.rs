//! Actors of an event mention: noun phrases around the trigger in its
//! clause, with a role from their position and a kind from simple rules.

use super::lexicon::set;
use super::words::{Words, is_function};
use super::{Actor, ActorKind, ActorRole, EventType, Trigger};
use crate::gazetteer::{Gazetteer, PlaceKind};
use crate::places::PlaceMention;
use crate::span::Span;

/// Whether lowercase word `x` is in the word set `name` of `assets/events/words.tsv`.
fn in_set(name: &str, x: &str) -> bool {
    set(name).contains(&x)
}

/// Whether lowercase word `x` is a title ("gen.", "minister"): the one list of titles,
/// which the places read too (`assets/lexicon/titles.txt`, written without periods).
fn is_title(x: &str) -> bool {
    let bare = x.trim_end_matches('.');
    !bare.contains('.') && crate::lexicon::has(crate::lexicon::List::Titles, bare)
}

fn place_at(places: &[PlaceMention], s: Span) -> Option<&PlaceMention> {
    super::overlapping(places, s).first()
}

fn np_word(w: &Words<'_>, j: usize) -> bool {
    if !w.is_word(j) {
        return false;
    }
    let x = w.lower(j);
    if w.cap(j) || in_set("armed", x) || in_set("actor_head", x) || in_set("actor_mod", x) {
        return true;
    }
    w.tok(j).is_some_and(|t| t.hyphenated())
        && set("allegiance_suffix")
            .iter()
            .any(|suffix| x.ends_with(suffix))
        || w.tok(j)
            .is_some_and(|t| t.all_caps() || t.has_digit() && t.capitalized())
}

fn is_head(w: &Words<'_>, j: usize) -> bool {
    let x = w.lower(j);
    w.cap(j) || in_set("armed", x) || in_set("actor_head", x)
}

/// The noun phrase ending at token `end - 1`, as `[a, end)`; "of"/"for"
/// may join capitalized words ("Secretary of State John Kerry").
fn np_ending(w: &Words<'_>, end: usize, floor: usize) -> Option<(usize, usize)> {
    if end == 0 || end <= floor || !np_word(w, end - 1) || !is_head(w, end - 1) {
        return None;
    }
    let mut a = end - 1;
    while a > floor {
        let p = a - 1;
        if np_word(w, p)
            || (matches!(w.lower(p), "of" | "for") && p > floor && w.cap(p - 1) && w.cap(a))
        {
            a = p;
        } else {
            break;
        }
    }
    Some((a, end))
}

/// The noun phrase starting at `start` (after determiners), as `[start, b)`.
fn np_starting(w: &Words<'_>, start: usize, ceil: usize) -> Option<(usize, usize)> {
    let mut a = start;
    while a < ceil
        && matches!(
            w.lower(a),
            "the" | "a" | "an" | "its" | "their" | "his" | "her"
        )
    {
        a += 1;
    }
    let mut b = a;
    while b < ceil {
        if np_word(w, b)
            || (matches!(w.lower(b), "of" | "for") && b > a && w.cap(b - 1) && w.cap(b + 1))
        {
            b += 1;
        } else {
            break;
        }
    }
    // Keep the phrase up to its last head.
    while b > a && !is_head(w, b - 1) {
        b -= 1;
    }
    (b > a).then_some((a, b))
}

/// Splits "Russia, Turkey and Iran" / "Lavrov and Kerry" into conjuncts.
fn conjuncts(w: &Words<'_>, start: usize, ceil: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = start;
    while let Some((a, b)) = np_starting(w, at, ceil) {
        out.push((a, b));
        if out.len() >= 5 {
            break;
        }
        match w.lower(b) {
            "and" | "," if b + 1 < ceil => {
                let nx = if w.lower(b) == "," && w.lower(b + 1) == "and" {
                    b + 2
                } else {
                    b + 1
                };
                at = nx;
            }
            _ => break,
        }
    }
    out
}

struct Ctx<'a, 'd> {
    w: &'a Words<'d>,
    places: &'a [PlaceMention],
    gaz: &'a Gazetteer,
    out: Vec<Actor>,
}

impl Ctx<'_, '_> {
    fn kind(&self, a: usize, b: usize) -> ActorKind {
        let w = self.w;
        let span = Span::new(w.span(a).start, w.span(b - 1).end);
        let words: Vec<&str> = (a..b).map(|j| w.lower(j)).collect();
        let all_place = (a..b).all(|j| {
            let s = w.span(j);
            place_at(self.places, s).is_some()
        });
        if all_place {
            return ActorKind::State;
        }
        let last = words.last().copied().unwrap_or("");
        if in_set("armed", last) || in_set("armed_head", last) {
            return ActorKind::ArmedGroup;
        }
        if in_set("state_head", last) {
            return ActorKind::State;
        }
        if in_set("people_head", last) {
            return ActorKind::Unknown;
        }
        let caps: Vec<usize> = (a..b).filter(|&j| w.cap(j)).collect();
        if caps.iter().any(|&j| in_set("armed_name", w.lower(j))) {
            return ActorKind::ArmedGroup;
        }
        if caps.iter().any(|&j| in_set("org_name", w.lower(j))) || in_set("org_head", last) {
            return ActorKind::Organization;
        }
        if words.iter().any(|x| is_title(x)) || in_set("person_head", last) {
            return ActorKind::Person;
        }
        let name_caps = caps
            .iter()
            .filter(|&&j| place_at(self.places, w.span(j)).is_none())
            .count();
        if name_caps >= 2 && name_caps == b - a {
            return ActorKind::Person;
        }
        if name_caps == 1 && b - a == 1 && looks_like_person(w, span) {
            return ActorKind::Person;
        }
        ActorKind::Unknown
    }

    fn push(&mut self, a: usize, b: usize, role: ActorRole) {
        let w = self.w;
        if a >= b {
            return;
        }
        let span = Span::new(w.span(a).start, w.span(b - 1).end);
        let mut text = w.doc.text.get(span.range()).unwrap_or("").to_owned();
        let kind = self.kind(a, b);
        // A lone adjectival place stands for its country: "Russian" -> "Russia".
        if b - a == 1
            && let Some(p) = place_at(self.places, span)
            && p.adjectival
            && let Some(id) = p.place
            && let Some(pl) = self.gaz.get(id)
        {
            let country = if pl.kind == PlaceKind::Country {
                Some(pl.name)
            } else {
                None
            };
            if let Some(c) = country {
                text = c.to_owned();
            }
        }
        if text.is_empty() || self.out.iter().any(|x| x.span.overlaps(span)) {
            return;
        }
        self.out.push(Actor {
            span,
            text,
            role,
            kind,
            category: None,
        });
    }

    /// Whether the phrase `[a, b)` is a place used as a location, not an actor.
    fn locative(&self, a: usize, b: usize, as_object: bool) -> bool {
        let w = self.w;
        let all_place = (a..b).all(|j| place_at(self.places, w.span(j)).is_some());
        if !all_place {
            return false;
        }
        let metonymy = (a..b).any(|j| place_at(self.places, w.span(j)).is_some_and(|p| p.metonymy));
        if metonymy {
            return false;
        }
        if as_object {
            return true;
        }
        let prev = if a > 0 { w.lower(a - 1) } else { "" };
        matches!(
            prev,
            "in" | "at"
                | "into"
                | "to"
                | "near"
                | "from"
                | "outside"
                | "of"
                | "around"
                | "towards"
                | "toward"
                | "on"
                | "across"
                | "through"
                | "over"
                | "beyond"
                | "for"
                | "inside"
        ) || (a..b).any(|j| place_at(self.places, w.span(j)).is_some_and(|p| p.adjectival))
            && b - a == 1
            && !is_function(w.lower(b))
            && w.is_word(b)
    }
}

fn looks_like_person(w: &Words<'_>, s: Span) -> bool {
    // Seen earlier as the last word of a titled or two-word name.
    let key = w.doc.text.get(s.range()).unwrap_or("");
    if key.is_empty() {
        return false;
    }
    // Where each word first follows a title or a capitalized non-org word,
    // computed once per document (a scan per call made long texts quadratic).
    let first = w.name_tails.get_or_init(|| {
        let mut first: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for j in 0..w.len().saturating_sub(1) {
            if !w.cap(j) {
                continue;
            }
            let t = w.lower(j);
            if is_title(t) || (!in_set("org_name", t) && !in_set("armed_name", t)) {
                first.entry(w.text(j + 1)).or_insert(w.span(j + 1).start);
            }
        }
        first
    });
    first.get(key).is_some_and(|&at| at < s.start)
}

/// The actors of trigger `t`.
pub(crate) fn actors(
    w: &Words<'_>,
    t: &Trigger,
    places: &[PlaceMention],
    gaz: &Gazetteer,
) -> Vec<Actor> {
    let mut cx = Ctx {
        w,
        places,
        gaz,
        out: Vec::new(),
    };
    let (s0, s1) = w.sentence_range(t.sentence);
    let head = w.lower(t.first);

    // Left boundary of the clause: a comma, semicolon or dash, unless a
    // relative pronoun follows it ("Palmyra, which fell to").
    let mut c0 = t.first;
    while c0 > s0 {
        let p = c0 - 1;
        let x = w.lower(p);
        if matches!(
            x,
            ";" | ":" | "(" | "\u{2014}" | "\u{2013}" | "-" | "\"" | "\u{201c}" | "\u{201d}"
        ) {
            break;
        }
        if x == "," && !matches!(w.lower(c0), "which" | "who") {
            break;
        }
        c0 = p;
    }
    // Hop over a parenthetical between commas: "The army, backed by
    // Russian air cover, retakes".
    if c0 > s0 + 1 && w.lower(c0 - 1) == "," {
        let inner = c0;
        if let Some(open) = (s0..c0 - 1).rev().find(|&j| w.lower(j) == ",")
            && matches!(
                w.lower(open + 1),
                "backed" | "supported" | "aided" | "led" | "helped" | "ahead" | "armed"
            )
            && inner > open
        {
            let mut k = open;
            while k > s0
                && !matches!(
                    w.lower(k - 1),
                    "," | ";" | ":" | "\"" | "\u{201c}" | "\u{201d}"
                )
            {
                k -= 1;
            }
            c0 = k;
        }
    }
    let mut c1 = t.last;
    while c1 < s1
        && !matches!(
            w.lower(c1),
            ";" | ":" | "\u{2014}" | "\"" | "\u{201c}" | "\u{201d}"
        )
    {
        c1 += 1;
    }
    let c1 = c1.min(t.last + 14);

    let passive = t.first > s0
        && !t.noun
        && in_set("passive_be", w.lower(t.first - 1))
        && (head.ends_with("ed")
            || head.ends_with("en")
            || matches!(head, "hit" | "struck" | "fled"));

    // "fell to X": X is the agent.
    if matches!(head, "fell" | "fall" | "falls") && w.lower(t.first + 1) == "to" {
        if let Some((a, b)) = np_starting(w, t.last, c1) {
            cx.push(a, b, ActorRole::Agent);
        }
        return cx.out;
    }

    // Subject: the nearest actor phrase to the left in the clause, not in a
    // prepositional phrase.
    let mut subject_found = false;
    {
        let mut j = t.first;
        // Possessive or adjectival agent of a noun trigger.
        if t.noun {
            let mut k = t.first;
            let mut skipped = 0;
            while k > c0 && skipped < 3 {
                let p = k - 1;
                let x = w.lower(p);
                if x == "'s" || x == "'" {
                    if let Some((a, b)) = np_ending(w, p, c0) {
                        cx.push(a, b, ActorRole::Agent);
                        subject_found = true;
                    }
                    break;
                }
                let s = w.span(p);
                if let Some(pl) = place_at(places, s) {
                    // "a Ukrainian counteroffensive": agent; "the Geneva
                    // talks": where, not who.
                    if pl.adjectival && pl.kind != Some(PlaceKind::Populated) {
                        cx.push(p, p + 1, ActorRole::Agent);
                        subject_found = true;
                    }
                    break;
                }
                if w.cap(p) && p > s0 && !w.tok(p).is_some_and(|t| t.sentence_initial()) {
                    // "a Houthi assault"
                    if let Some((a, b)) = np_ending(w, p + 1, c0) {
                        cx.push(a, b, ActorRole::Agent);
                        subject_found = true;
                    }
                    break;
                }
                if !w.is_word(p)
                    || matches!(x, "the" | "a" | "an" | "of" | "in" | "on" | "to" | "for")
                {
                    break;
                }
                k = p;
                skipped += 1;
            }
        }
        let mut steps = 0;
        while !subject_found && j > c0 && steps < 14 {
            let p = j - 1;
            steps += 1;
            let x = w.lower(p);
            if matches!(x, "which" | "who" | "that") && p > s0 {
                // Antecedent before the relative pronoun.
                let mut q = p;
                if q > s0 && w.lower(q - 1) == "," {
                    q -= 1;
                }
                if let Some((a, b)) = np_ending(w, q, s0)
                    && !cx.locative(a, b, false)
                {
                    let role = if passive {
                        ActorRole::Patient
                    } else {
                        ActorRole::Agent
                    };
                    cx.push(a, b, role);
                }
                break;
            }
            if let Some((a, b)) = np_ending(w, p + 1, c0) {
                let prep = a > 0
                    && matches!(
                        w.lower(a - 1),
                        "in" | "at"
                            | "into"
                            | "to"
                            | "near"
                            | "from"
                            | "of"
                            | "on"
                            | "by"
                            | "with"
                            | "against"
                            | "outside"
                            | "around"
                            | "towards"
                            | "across"
                            | "through"
                            | "over"
                            | "after"
                            | "before"
                            | "since"
                            | "under"
                    );
                if !prep && !cx.locative(a, b, false) {
                    let role = if passive {
                        ActorRole::Patient
                    } else {
                        ActorRole::Agent
                    };
                    // "Lavrov and Kerry", "Iraqi troops and Kurdish peshmerga".
                    let mut a0 = a;
                    let mut parts = vec![(a, b)];
                    while a0 >= 2 && a0 - 1 > c0 && matches!(w.lower(a0 - 1), "and" | ",") {
                        match np_ending(w, a0 - 1, c0) {
                            Some((x0, x1)) => {
                                parts.push((x0, x1));
                                a0 = x0;
                            }
                            None => break,
                        }
                    }
                    for (x0, x1) in parts.into_iter().rev() {
                        cx.push(x0, x1, role);
                    }
                    break;
                }
                j = a;
                continue;
            }
            if x == "," && p > c0 {
                // Skip a parenthetical: "The army, backed by ..., retakes".
                if let Some(open) = (c0..p).rev().find(|&k| w.lower(k) == ",") {
                    j = open;
                    continue;
                }
            }
            if !w.is_word(p) && x != "'s" {
                break;
            }
            j = p;
        }
    }

    // "Kerry, ahead of a meeting with Putin, said": the subject before the
    // parenthetical is the agent.
    if !cx.out.iter().any(|a| a.role == ActorRole::Agent)
        && c0 > s0 + 1
        && w.lower(c0 - 1) == ","
        && matches!(
            w.lower(c0),
            "ahead" | "after" | "before" | "during" | "following" | "on"
        )
        && let Some((a, b)) = np_ending(w, c0 - 1, s0)
        && !cx.locative(a, b, false)
    {
        cx.push(a, b, ActorRole::Agent);
    }
    // Object and prepositional phrases to the right.
    let object_role = match t.kind {
        EventType::Meeting | EventType::Talks | EventType::Agreement | EventType::Ceasefire => {
            ActorRole::Partner
        }
        EventType::Casualties | EventType::Displacement | EventType::Capture => ActorRole::Patient,
        _ => ActorRole::Target,
    };
    if !t.noun
        && !passive
        && let Some((a, b)) = np_starting(w, t.last, c1)
        && !cx.locative(a, b, true)
        && a <= t.last + 2
    {
        for (x0, x1) in conjuncts(w, t.last, c1) {
            if !cx.locative(x0, x1, true) {
                cx.push(x0, x1, object_role);
            }
        }
        let _ = (a, b);
    }
    let mut k = t.last;
    while k < c1 {
        let x = w.lower(k);
        let role = match x {
            "with" if matches!(object_role, ActorRole::Partner) => Some(ActorRole::Partner),
            "between" => Some(ActorRole::Partner),
            "from" if matches!(t.kind, EventType::Capture | EventType::Retreat) => {
                Some(ActorRole::Patient)
            }
            "against" => Some(ActorRole::Target),
            "by" if passive || t.noun => Some(ActorRole::Agent),
            _ => None,
        };
        let supporter = matches!(
            x,
            "backed" | "supported" | "sponsored" | "hosted" | "brokered" | "mediated"
        ) && w.lower(k + 1) == "by";
        if supporter {
            for (a, b) in conjuncts(w, k + 2, c1) {
                cx.push(a, b, ActorRole::Supporter);
            }
            k += 2;
            continue;
        }
        if let Some(role) = role {
            for (a, b) in conjuncts(w, k + 1, c1) {
                if !cx.locative(a, b, false) || role == ActorRole::Partner {
                    cx.push(a, b, role);
                }
            }
        }
        k += 1;
    }
    // "backed by X" before the trigger in its clause ("the army backed by
    // Russian air cover seeking to recapture").
    let mut k = c0;
    while k + 1 < t.first {
        if matches!(w.lower(k), "backed" | "supported") && w.lower(k + 1) == "by" {
            let ceil = t.first;
            if let Some((a, b)) = np_starting(w, k + 2, ceil) {
                cx.push(a, b, ActorRole::Supporter);
            } else if let Some(p) = (k + 2..ceil).find(|&j| place_at(places, w.span(j)).is_some()) {
                cx.push(p, p + 1, ActorRole::Supporter);
            }
        }
        k += 1;
    }
    cx.out
}
