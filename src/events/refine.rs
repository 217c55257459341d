//! What the sentence says beyond the trigger word: the sub-type an event's
//! actors and words decide (state forces retaking a town regain territory;
//! civilians killed are an attack on civilians; protesters dispersed are a
//! protest with intervention), ACLED's actor categories, and the number of
//! dead when the sentence states it. The word sets are in
//! `assets/events/words.tsv`.

use super::lexicon::set;
use super::words::Words;
use super::{ActorCategory, ActorKind, ActorRole, Event, EventType, Status, SubType, Trigger};

fn sub(id: &str) -> SubType {
    SubType::from_id(id).unwrap_or_else(|| panic!("subtypes.tsv has no {id:?}"))
}

fn sentence_has(w: &Words<'_>, t: &Trigger, name: &str) -> bool {
    let (a, b) = w.sentence_range(t.sentence);
    (a..b).any(|j| w.in_set(j, set(name)))
}

/// ACLED's category of an actor described as `text` of `kind`.
pub(crate) fn category(text: &str, kind: ActorKind) -> Option<ActorCategory> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|s| !s.is_empty())
        .map(str::to_lowercase)
        .collect();
    let has = |name: &str| words.iter().any(|x| set(name).contains(&x.as_str()));
    let c = if has("actor_external") {
        ActorCategory::External
    } else if has("actor_identity") {
        ActorCategory::IdentityMilitia
    } else if has("actor_political") {
        ActorCategory::PoliticalMilitia
    } else if has("actor_rebel") {
        ActorCategory::RebelGroup
    } else if has("actor_state") {
        ActorCategory::StateForces
    } else if has("actor_rioters") {
        ActorCategory::Rioters
    } else if has("actor_protesters") {
        ActorCategory::Protesters
    } else if has("actor_civilians") {
        ActorCategory::Civilians
    } else {
        match kind {
            ActorKind::State => ActorCategory::StateForces,
            ActorKind::ArmedGroup => ActorCategory::RebelGroup,
            _ => return None,
        }
    };
    Some(c)
}

/// A number written as digits ("1,200") or a small number word.
fn number(s: &str) -> Option<u32> {
    let digits: String = s.chars().filter(|c| *c != ',').collect();
    if let Ok(n) = digits.parse::<u32>() {
        return Some(n);
    }
    const WORDS: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    let l = s.to_lowercase();
    if matches!(l.as_str(), "a" | "an") {
        return Some(1);
    }
    WORDS
        .iter()
        .position(|x| *x == l)
        .and_then(|n| u32::try_from(n).ok())
}

/// The dead the trigger's sentence counts: the number on the subject of
/// "died", the object of "killed" ("killed 12 people", "killing five"),
/// the noun "dead"/"fatalities" itself ("12 dead"); summed over the
/// sentence's statements of death, at most one per word.
pub(crate) fn fatalities(w: &Words<'_>, t: &Trigger) -> Option<u32> {
    let ann = w.ann?;
    let (a, b) = w.sentence_range(t.sentence);
    let mut total: Option<u32> = None;
    for v in a..b {
        if !w.in_set(v, set("fatal")) {
            continue;
        }
        // The noun phrases that count the dead: the word itself, its
        // subject and object.
        let mut heads = vec![v];
        for c in ann.children(v) {
            let rel = ann.rel(c).map_or("", |r| r.as_str());
            if matches!(rel, "nsubj" | "obj") {
                heads.push(c);
            }
        }
        let mut n = None;
        for h in heads {
            if let Some(x) = number(w.text(h)).filter(|_| h != v) {
                // "killing five": the number is the object itself.
                n = Some(x);
                break;
            }
            for c in ann.children(h) {
                if ann.rel(c).is_some_and(|r| r.as_str() == "nummod")
                    && let Some(x) = number(w.text(c))
                {
                    n = Some(x);
                    break;
                }
            }
            if n.is_some() {
                break;
            }
        }
        if let Some(x) = n {
            total = Some(total.unwrap_or(0).saturating_add(x));
        }
    }
    total
}

/// Whether a strike, a bomb or an attack on civilians of the sentence
/// carries these deaths ("an airstrike killed five"); a clash does not
/// decide whom a killing was of ("attacked the village and killed four
/// residents").
fn violent_sibling(all: &[Trigger], k: usize) -> bool {
    let t = &all[k];
    all.iter().enumerate().any(|(j, o)| {
        j != k
            && o.sentence == t.sentence
            && matches!(
                o.kind,
                EventType::Airstrike | EventType::Bombing | EventType::AttackOnCivilians
            )
    })
}

/// Refines `e` (made from trigger `k`) from its actors and sentence.
pub(crate) fn refine(w: &Words<'_>, all: &[Trigger], k: usize, e: &mut Event) {
    let t = &all[k];
    for a in &mut e.actors {
        a.category = category(&a.text, a.kind);
    }
    let agent = e.actors.iter().find(|a| a.role == ActorRole::Agent);
    let state_agent = agent.is_some_and(|a| a.category == Some(ActorCategory::StateForces));
    match e.kind {
        EventType::Capture if state_agent => e.sub_type = sub("government_regains_territory"),
        EventType::Casualties if e.status == Status::Happened && !violent_sibling(all, k) => {
            match victims(w, t, e) {
                Some(Victims::Civilians) => {
                    e.sub_type = sub("attack");
                    e.kind = EventType::AttackOnCivilians;
                }
                Some(Victims::Combatants) => {
                    e.sub_type = sub("armed_clash");
                    e.kind = EventType::Battle;
                }
                None => {}
            }
        }
        EventType::AttackOnCivilians
            if e.sub_type == sub("attack")
                && agent.is_some_and(|a| {
                    a.text
                        .split_whitespace()
                        .any(|x| set("actor_mob").contains(&x.to_lowercase().as_str()))
                }) =>
        {
            e.sub_type = sub("mob_violence");
        }
        EventType::Protest if e.sub_type == sub("peaceful_protest") => {
            if sentence_has(w, t, "excessive") && sentence_has(w, t, "actor_state") {
                e.sub_type = sub("excessive_force");
            } else if sentence_has(w, t, "intervened") {
                e.sub_type = sub("protest_with_intervention");
            }
        }
        _ => {}
    }
    e.fatalities = fatalities(w, t);
}

/// Who the dead or wounded of a killing were.
enum Victims {
    Civilians,
    Combatants,
}

/// Who was killed or wounded, when someone killed them (an agent, or a
/// verb of killing rather than dying): civilians make it an attack on
/// civilians, combatants killed by an armed side a clash.
fn victims(w: &Words<'_>, t: &Trigger, e: &Event) -> Option<Victims> {
    let verb = w.lemma(t.first);
    if !matches!(
        verb,
        "kill" | "killed" | "killing" | "shoot" | "shot" | "stab" | "behead"
    ) {
        return None;
    }
    let actor = |c: ActorCategory| {
        e.actors.iter().any(|a| {
            matches!(a.role, ActorRole::Target | ActorRole::Patient) && a.category == Some(c)
        })
    };
    // The victims in the parse: the object, or the passive's subject.
    let objects: Vec<usize> = w.ann.map_or_else(Vec::new, |a| {
        a.children(t.first)
            .into_iter()
            .filter(|&c| {
                a.rel(c)
                    .is_some_and(|r| matches!(r.as_str(), "obj" | "nsubj"))
            })
            .collect()
    });
    // "a war that has killed 250,000 people": a war, a crisis, a disease
    // kill without an attacker.
    let subject = w.ann.and_then(|a| {
        let s = a
            .children(t.first)
            .into_iter()
            .find(|&c| a.rel(c).is_some_and(|r| r.as_str() == "nsubj"))?;
        if matches!(w.lower(s), "that" | "which" | "who") {
            // The relative clause's noun: the nearest common noun before
            // the pronoun ("the war in Syria that has killed"), else the
            // clause's head in the parse.
            (s.saturating_sub(5)..s)
                .rev()
                .find(|&j| a.upos(j) == Some(crate::lang::Upos::Noun))
                .or_else(|| a.head(t.first))
        } else {
            Some(s)
        }
    });
    if subject.is_some_and(|s| w.in_set(s, set("abstract_cause"))) {
        return None;
    }
    let passive = t.first > 0 && matches!(w.lower(t.first - 1), "was" | "were" | "been");
    let armed_agent = e.actors.iter().any(|a| {
        a.role == ActorRole::Agent
            && matches!(
                a.category,
                Some(
                    ActorCategory::StateForces
                        | ActorCategory::RebelGroup
                        | ActorCategory::PoliticalMilitia
                        | ActorCategory::IdentityMilitia
                        | ActorCategory::External
                )
            )
    });
    let agent = e.actors.iter().any(|a| a.role == ActorRole::Agent);
    let civilians =
        actor(ActorCategory::Civilians) || objects.iter().any(|&c| w.in_set(c, set("civilian")));
    // "two civilians were killed" alone tells of no attacker: a count.
    if civilians && (agent || !passive) {
        return Some(Victims::Civilians);
    }
    let combatants = objects
        .iter()
        .filter(|_| !passive)
        .any(|&c| w.in_set(c, set("armed_victim")));
    (armed_agent && combatants).then_some(Victims::Combatants)
}
