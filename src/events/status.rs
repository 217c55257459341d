//! Status of an event mention from the cues of its clause: negation,
//! modals, plans and hopes, progressive aspect.

use super::words::Words;
use super::{EventType, Status, Trigger};
use crate::lexicon::{List, has};

fn boundary(w: &Words<'_>, j: usize) -> bool {
    matches!(
        w.lower(j),
        "," | ";" | ":" | "(" | ")" | "\u{2014}" | "\u{2013}" | "\"" | "\u{201c}" | "\u{201d}"
    )
}

/// The status the cue word at `j` signals, if it is one.
fn cue(w: &Words<'_>, j: usize, sentence_start: usize) -> Option<Status> {
    let prev = if j > 0 { w.lower(j - 1) } else { "" };
    // "May" the month, "Will" the name.
    if w.tok(j)
        .is_some_and(|t| t.capitalized() && !t.sentence_initial())
    {
        return None;
    }
    Some(match w.lower(j) {
        "not" | "n't" | "never" | "no" | "nobody" | "neither" | "nor" | "none" | "without" => {
            Status::Negated
        }
        "will" | "'ll" | "shall" | "due" | "plans" | "planned" | "planning" | "plan" | "aim"
        | "aims" | "aimed" | "aiming" | "scheduled" | "pledging" | "pledged" | "pledge"
        | "vowed" | "vowing" | "promised" | "promising" | "intends" | "intend" | "preparing"
        | "prepare" | "want" | "wants" | "wanted" | "ahead" | "upcoming" | "proposed" => {
            Status::Planned
        }
        "set" | "going" if w.lower(j + 1) == "to" => Status::Planned,
        "expected" if has(List::BeForms, prev) || prev == "been" => Status::Planned,
        "would" => {
            let reported = (sentence_start..j).any(|k| has(List::ReportCues, w.lower(k)));
            if reported {
                Status::Planned
            } else {
                Status::Hypothetical
            }
        }
        "could" | "might" | "may" | "if" | "unless" | "hope" | "hoped" | "hopes" | "hoping"
        | "expect" | "expects" | "expected" | "attempt" | "bid" | "seek" | "try" | "ready"
        | "called" | "calls" | "urged" | "urging" | "appealed" | "demanded" | "possible"
        | "likely" | "whether" | "hinted" => Status::Hypothetical,
        "still" | "continue" | "continues" | "continuing" | "ongoing" | "raging" | "already" => {
            Status::Ongoing
        }
        _ => return None,
    })
}

/// The status of trigger `n` of `all`.
pub(crate) fn status(w: &Words<'_>, t: &Trigger, all: &[Trigger], n: usize) -> Status {
    let (s0, s1) = w.sentence_range(t.sentence);
    let prev_trigger_end = n
        .checked_sub(1)
        .and_then(|p| all.get(p))
        .filter(|p| p.sentence == t.sentence)
        .map_or(s0, |p| p.last);
    let lo = prev_trigger_end.max(s0).max(t.first.saturating_sub(10));
    // Backward, nearest cue first.
    let mut j = t.first;
    while j > lo {
        j -= 1;
        if boundary(w, j) {
            break;
        }
        if let Some(st) = cue(w, j, s0) {
            return st;
        }
    }
    // What an appeal asks for: "appealed for an immediate truce".
    if let Some(p) = n.checked_sub(1).and_then(|p| all.get(p))
        && p.sentence == t.sentence
        && p.kind == EventType::Statement
        && t.first <= p.last + 8
        && matches!(
            w.lower(p.first),
            "called" | "calls" | "call" | "appealed" | "urged" | "urges" | "demanded"
        )
    {
        return Status::Hypothetical;
    }
    // Progressive and present-perfect progressive: "is raging", "are fleeing".
    let head = w.lower(t.last.saturating_sub(1));
    if head.ends_with("ing") && !t.noun || matches!(head, "raging") {
        let mut k = t.first;
        while k > s0 {
            k -= 1;
            let x = w.lower(k);
            if matches!(x, "still" | "now" | "also" | "reportedly") {
                continue;
            }
            if has(List::BeForms, x) || x == "been" {
                return Status::Ongoing;
            }
            break;
        }
    }
    // Present tense of statements: "Rwanda denies it", "Riyadh says".
    if t.kind == EventType::Statement
        && matches!(
            head,
            "says" | "denies" | "accuses" | "warns" | "urges" | "blames" | "claims"
        )
    {
        return Status::Ongoing;
    }
    // Forward, for a noun subject: "Talks are due to adjourn", "its fall
    // would leave", "the battle was raging", "aid convoys were stuck".
    let next_trigger = all.get(n + 1).map_or(s1, |x| x.first.min(s1));
    let hi = next_trigger.min(t.last + 8).min(s1);
    if t.noun {
        let mut saw_aux = false;
        for k in t.last..hi {
            if boundary(w, k) && k > t.last {
                break;
            }
            let x = w.lower(k);
            match x {
                "stuck" | "blocked" | "halted" | "suspended" | "collapsed" => {
                    return if saw_aux || k <= t.last + 2 {
                        Status::Negated
                    } else {
                        Status::Happened
                    };
                }
                "are" | "is" | "was" | "were" | "will" | "would" | "could" | "remain"
                | "remains" | "has" | "have" | "may" | "might" => {
                    saw_aux = true;
                    if let Some(st) = cue(w, k, s0) {
                        return st;
                    }
                }
                _ if saw_aux => {
                    if let Some(st) = cue(w, k, s0) {
                        return st;
                    }
                }
                _ => {}
            }
        }
    }
    Status::Happened
}
