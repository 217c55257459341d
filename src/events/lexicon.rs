//! The trigger table: lowercase words and phrases per event type, with the
//! small checks that keep ambiguous words ("take", "hit", "meet", "said")
//! from firing where they mean something else.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::words::Words;
use super::{EventType, Status, Trigger};
use crate::places::PlaceMention;
use crate::span::Span;
use crate::text::TokenFlags;

use EventType as E;

/// A check a rule needs beyond matching its words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum C {
    No,
    /// Not after a subject pronoun ("he talks").
    NotVerb,
    /// A weapon word shortly before, or a passive ("missiles hit", "are hit").
    Weapon,
    /// A place or a place noun follows ("take several villages").
    TakeObj,
    /// A place noun or place near ("the city could be cleared").
    ClearObj,
    /// Civilian object -> attack on civilians, else battle.
    Attack,
    /// "said", "says", "told": only substantive statements (decided later).
    Say,
    /// "claimed" responsibility or an attack.
    ClaimObj,
    /// "dismissed reports".
    DismissObj,
    /// Not "meet the challenge".
    Meet,
    /// "sent troops", "sent police units".
    SentTroops,
    /// "set up observation posts".
    SetUpPost,
    /// "driven ... from their homes".
    FromHomes,
    /// "aid" but not "aid workers".
    Aid,
    /// "is due in Atlanta".
    DueIn,
    /// "its fall", "the fall of".
    Fall,
    /// "sign" the verb, not "no sign of".
    Sign,
    /// "deal" the noun, not "deal with".
    Deal,
    /// "were displaced", not "displaced families" as a mere description.
    Displaced,
    /// "political transition", "transition of power".
    Transition,
    /// People words before ("people streaming", "residents escape").
    People,
    /// "traded fire".
    Traded,
    /// An armed subject shortly before ("troops were diverted").
    Troops,
    /// Not "in advance".
    Advance,
    /// Not a diplomatic push.
    Push,
    /// Not an election or media campaign.
    Campaign,
    /// Not a hunger or general strike.
    Strike,
    /// "dead" as casualties.
    Dead,
    /// Continuation verb: takes the type of the trigger noun it follows.
    Cont,
}

const N: u8 = 1; // nominal trigger
const V: u8 = 0;

#[rustfmt::skip]
static RULES: &[(&str, EventType, u8, C)] = &[
    // battle
    ("fight", E::Battle, V, C::No), ("fights", E::Battle, V, C::No), ("fought", E::Battle, V, C::No),
    ("fighting", E::Battle, N, C::No), ("clash", E::Battle, N, C::No), ("clashes", E::Battle, N, C::No),
    ("clashed", E::Battle, V, C::No), ("clashing", E::Battle, V, C::No), ("battle", E::Battle, N, C::No),
    ("battles", E::Battle, N, C::No), ("battled", E::Battle, V, C::No), ("battling", E::Battle, V, C::No),
    ("siege", E::Battle, N, C::No), ("besieged", E::Battle, V, C::No), ("skirmishes", E::Battle, N, C::No),
    ("gunfight", E::Battle, N, C::No), ("firefight", E::Battle, N, C::No),
    ("traded", E::Battle, V, C::Traded), ("took up arms", E::Battle, V, C::No), ("taken up arms", E::Battle, V, C::No),
    ("repelled", E::Battle, V, C::No), ("repulsed", E::Battle, V, C::No), ("assault", E::Battle, N, C::No),
    ("assaults", E::Battle, N, C::No), ("attack", E::Battle, N, C::Attack), ("attacks", E::Battle, N, C::Attack),
    ("attacked", E::Battle, V, C::Attack), ("attacking", E::Battle, V, C::Attack), ("ambush", E::Battle, N, C::No),
    ("ambushed", E::Battle, V, C::No),
    // offensive
    ("offensive", E::Offensive, N, C::No), ("offensives", E::Offensive, N, C::No),
    ("counteroffensive", E::Offensive, N, C::No), ("counter-offensive", E::Offensive, N, C::No),
    ("advance", E::Offensive, N, C::Advance), ("advances", E::Offensive, N, C::No), ("advanced", E::Offensive, V, C::No),
    ("advancing", E::Offensive, V, C::No), ("push", E::Offensive, N, C::Push), ("pushed", E::Offensive, V, C::Push),
    ("pushing", E::Offensive, V, C::Push), ("pressing towards", E::Offensive, V, C::No),
    ("pressing toward", E::Offensive, V, C::No), ("pressing on", E::Offensive, V, C::No),
    ("press forward", E::Offensive, V, C::No), ("press on", E::Offensive, V, C::No),
    ("broke into", E::Offensive, V, C::No), ("break into", E::Offensive, V, C::No), ("breaks into", E::Offensive, V, C::No),
    ("broken into", E::Offensive, V, C::No), ("fought * way into", E::Offensive, V, C::No),
    ("fighting * way into", E::Offensive, V, C::No), ("invasion", E::Offensive, N, C::No),
    ("invaded", E::Offensive, V, C::No), ("invade", E::Offensive, V, C::No), ("invades", E::Offensive, V, C::No),
    ("drive north", E::Offensive, V, C::No), ("drive south", E::Offensive, V, C::No),
    ("drive east", E::Offensive, V, C::No), ("drive west", E::Offensive, V, C::No),
    ("encircling", E::Offensive, V, C::No), ("encircle", E::Offensive, V, C::No), ("encirclement", E::Offensive, N, C::No),
    ("marched on", E::Offensive, V, C::No), ("incursion", E::Offensive, N, C::No),
    // capture
    ("capture", E::Capture, N, C::No), ("captures", E::Capture, V, C::No), ("captured", E::Capture, V, C::No),
    ("capturing", E::Capture, V, C::No), ("recapture", E::Capture, N, C::No), ("recaptured", E::Capture, V, C::No),
    ("recapturing", E::Capture, V, C::No), ("retake", E::Capture, V, C::No), ("retakes", E::Capture, V, C::No),
    ("retook", E::Capture, V, C::No), ("retaken", E::Capture, V, C::No), ("retaking", E::Capture, V, C::No),
    ("seize", E::Capture, V, C::No), ("seizes", E::Capture, V, C::No), ("seized", E::Capture, V, C::No),
    ("seizing", E::Capture, V, C::No), ("seizure", E::Capture, N, C::No), ("fell to", E::Capture, V, C::No),
    ("fall to", E::Capture, V, C::No), ("falls to", E::Capture, V, C::No), ("fall", E::Capture, N, C::Fall),
    ("took over", E::Capture, V, C::No), ("taken over", E::Capture, V, C::No), ("take over", E::Capture, V, C::No),
    ("takes over", E::Capture, V, C::No), ("took control", E::Capture, V, C::No), ("taken control", E::Capture, V, C::No),
    ("take control", E::Capture, V, C::No), ("seized control", E::Capture, V, C::No),
    ("back under * control", E::Capture, V, C::No), ("took", E::Capture, V, C::TakeObj),
    ("taken", E::Capture, V, C::TakeObj), ("take", E::Capture, V, C::TakeObj), ("takes", E::Capture, V, C::TakeObj),
    ("taking", E::Capture, V, C::TakeObj), ("annexed", E::Capture, V, C::No), ("annex", E::Capture, V, C::No),
    ("annexation", E::Capture, N, C::No), ("liberated", E::Capture, V, C::No), ("liberate", E::Capture, V, C::No),
    ("overran", E::Capture, V, C::No), ("overrun", E::Capture, V, C::No), ("swept into", E::Capture, V, C::No),
    ("driven out", E::Capture, V, C::No), ("drove out", E::Capture, V, C::No), ("laid down their arms", E::Capture, V, C::No),
    ("lay down their arms", E::Capture, V, C::No), ("surrendered", E::Capture, V, C::No), ("surrender", E::Capture, N, C::No),
    ("cleared", E::Capture, V, C::ClearObj), ("clear", E::Capture, V, C::ClearObj),
    // retreat
    ("retreat", E::Retreat, N, C::No), ("retreated", E::Retreat, V, C::No), ("retreating", E::Retreat, V, C::No),
    ("retreats", E::Retreat, V, C::No), ("withdraw", E::Retreat, V, C::No), ("withdrew", E::Retreat, V, C::No),
    ("withdrawn", E::Retreat, V, C::No), ("withdrawing", E::Retreat, V, C::No), ("withdrawal", E::Retreat, N, C::No),
    ("pull out", E::Retreat, V, C::No), ("pulled out", E::Retreat, V, C::No), ("pulling out", E::Retreat, V, C::No),
    ("pulls out", E::Retreat, V, C::No), ("pull back", E::Retreat, V, C::No), ("pulled back", E::Retreat, V, C::No),
    ("pulling back", E::Retreat, V, C::No), ("pull * forces out", E::Retreat, V, C::No),
    ("pull * troops out", E::Retreat, V, C::No), ("scale back", E::Retreat, V, C::No), ("crumbled", E::Retreat, V, C::No),
    // airstrike
    ("airstrike", E::Airstrike, N, C::No), ("airstrikes", E::Airstrike, N, C::No), ("air strike", E::Airstrike, N, C::No),
    ("air strikes", E::Airstrike, N, C::No), ("air raid", E::Airstrike, N, C::No), ("air raids", E::Airstrike, N, C::No),
    ("strike", E::Airstrike, N, C::Strike), ("strikes", E::Airstrike, N, C::Strike), ("struck", E::Airstrike, V, C::No),
    ("raid", E::Airstrike, N, C::No), ("raids", E::Airstrike, N, C::No), ("shelling", E::Airstrike, N, C::No),
    ("shelled", E::Airstrike, V, C::No), ("shells", E::Airstrike, N, C::No), ("shell", E::Airstrike, V, C::No),
    ("pounded", E::Airstrike, V, C::No), ("pounding", E::Airstrike, V, C::No), ("bombarded", E::Airstrike, V, C::No),
    ("bombardment", E::Airstrike, N, C::No), ("bombed", E::Airstrike, V, C::No), ("firing missiles", E::Airstrike, V, C::No),
    ("fired missiles", E::Airstrike, V, C::No), ("fired rockets", E::Airstrike, V, C::No), ("firing rockets", E::Airstrike, V, C::No),
    ("rocket fire", E::Airstrike, N, C::No), ("artillery fire", E::Airstrike, N, C::No), ("mortar rounds", E::Airstrike, N, C::No),
    ("mortar fire", E::Airstrike, N, C::No), ("missiles hit", E::Airstrike, V, C::No), ("hit", E::Airstrike, V, C::Weapon),
    ("hits", E::Airstrike, V, C::Weapon),
    // bombing
    ("bombing", E::Bombing, N, C::No), ("bombings", E::Bombing, N, C::No), ("car bomb", E::Bombing, N, C::No),
    ("explosion", E::Bombing, N, C::No), ("explosions", E::Bombing, N, C::No), ("exploded", E::Bombing, V, C::No),
    ("blast", E::Bombing, N, C::No), ("blasts", E::Bombing, N, C::No), ("detonated", E::Bombing, V, C::No),
    ("suicide bomber", E::Bombing, N, C::No),
    // attack on civilians
    ("massacre", E::AttackOnCivilians, N, C::No), ("massacred", E::AttackOnCivilians, V, C::No),
    ("abducted", E::AttackOnCivilians, V, C::No), ("kidnapped", E::AttackOnCivilians, V, C::No),
    ("executed", E::AttackOnCivilians, V, C::No),
    // destruction
    ("destroyed", E::Destruction, V, C::No), ("destroy", E::Destruction, V, C::No), ("destroys", E::Destruction, V, C::No),
    ("destruction", E::Destruction, N, C::No), ("blew up", E::Destruction, V, C::No), ("blown up", E::Destruction, V, C::No),
    ("blow up", E::Destruction, V, C::No), ("razed", E::Destruction, V, C::No), ("demolished", E::Destruction, V, C::No),
    ("torched", E::Destruction, V, C::No),
    // displacement
    ("fled", E::Displacement, V, C::No), ("flee", E::Displacement, V, C::No), ("flees", E::Displacement, V, C::No),
    ("fleeing", E::Displacement, V, C::No), ("displaced", E::Displacement, V, C::Displaced),
    ("displacement", E::Displacement, N, C::No), ("exodus", E::Displacement, N, C::No),
    ("evacuated", E::Displacement, V, C::No), ("evacuation", E::Displacement, N, C::No),
    ("escape", E::Displacement, V, C::People), ("escaped", E::Displacement, V, C::People),
    ("streaming", E::Displacement, V, C::People), ("new arrivals", E::Displacement, N, C::No),
    ("driven", E::Displacement, V, C::FromHomes), ("drove", E::Displacement, V, C::FromHomes),
    ("forced", E::Displacement, V, C::FromHomes),
    // casualties
    ("killed", E::Casualties, V, C::No), ("killing", E::Casualties, V, C::No), ("killings", E::Casualties, N, C::No),
    ("kill", E::Casualties, V, C::No), ("kills", E::Casualties, V, C::No), ("dead", E::Casualties, N, C::Dead),
    ("died", E::Casualties, V, C::No), ("deaths", E::Casualties, N, C::No), ("death toll", E::Casualties, N, C::No),
    ("wounded", E::Casualties, V, C::No), ("wounding", E::Casualties, V, C::No), ("injured", E::Casualties, V, C::No),
    ("casualties", E::Casualties, N, C::No),
    // ceasefire
    ("ceasefire", E::Ceasefire, N, C::No), ("ceasefires", E::Ceasefire, N, C::No), ("cease-fire", E::Ceasefire, N, C::No),
    ("truce", E::Ceasefire, N, C::No), ("truces", E::Ceasefire, N, C::No), ("armistice", E::Ceasefire, N, C::No),
    ("cessation of hostilities", E::Ceasefire, N, C::No), ("ceasefire deal", E::Ceasefire, N, C::No),
    ("ceasefire deals", E::Ceasefire, N, C::No), ("ceasefire agreement", E::Ceasefire, N, C::No),
    // talks
    ("talks", E::Talks, N, C::NotVerb), ("negotiations", E::Talks, N, C::No), ("negotiation", E::Talks, N, C::No),
    ("negotiated", E::Talks, V, C::No), ("negotiating", E::Talks, V, C::No), ("peace process", E::Talks, N, C::No),
    ("resume", E::Talks, V, C::Cont), ("resumed", E::Talks, V, C::Cont), ("adjourn", E::Talks, V, C::Cont),
    ("adjourned", E::Talks, V, C::Cont),
    // meeting
    ("meeting", E::Meeting, N, C::No), ("meetings", E::Meeting, N, C::No), ("meet", E::Meeting, V, C::Meet),
    ("meets", E::Meeting, V, C::Meet), ("met", E::Meeting, V, C::Meet), ("visit", E::Meeting, N, C::No),
    ("visits", E::Meeting, N, C::NotVerb), ("visited", E::Meeting, V, C::No), ("visiting", E::Meeting, V, C::No),
    ("summit", E::Meeting, N, C::No), ("discuss", E::Meeting, V, C::No), ("due", E::Meeting, V, C::DueIn),
    // agreement
    ("agreement", E::Agreement, N, C::No), ("agreements", E::Agreement, N, C::No), ("agreed", E::Agreement, V, C::No),
    ("agree", E::Agreement, V, C::No), ("agrees", E::Agreement, V, C::No), ("deal", E::Agreement, N, C::Deal),
    ("deals", E::Agreement, N, C::No), ("accord", E::Agreement, N, C::No), ("accords", E::Agreement, N, C::No),
    ("treaty", E::Agreement, N, C::No), ("pact", E::Agreement, N, C::No), ("signed", E::Agreement, V, C::No),
    ("sign", E::Agreement, V, C::Sign), ("signs", E::Agreement, V, C::Sign), ("renewal", E::Agreement, N, C::No),
    // statement
    ("called for", E::Statement, V, C::No), ("calls for", E::Statement, V, C::No), ("call for", E::Statement, V, C::No),
    ("urged", E::Statement, V, C::No), ("urges", E::Statement, V, C::No), ("appealed", E::Statement, V, C::No),
    ("appeals", E::Statement, V, C::NotVerb), ("warned", E::Statement, V, C::No), ("warns", E::Statement, V, C::No),
    ("condemned", E::Statement, V, C::No), ("condemns", E::Statement, V, C::No), ("denied", E::Statement, V, C::No),
    ("denies", E::Statement, V, C::No), ("deny", E::Statement, V, C::No), ("accused", E::Statement, V, C::No),
    ("accuses", E::Statement, V, C::No), ("blamed", E::Statement, V, C::No), ("blames", E::Statement, V, C::No),
    ("dismissed", E::Statement, V, C::DismissObj), ("claimed", E::Statement, V, C::ClaimObj),
    ("claims", E::Statement, V, C::ClaimObj), ("vowed", E::Statement, V, C::No), ("vows", E::Statement, V, C::No),
    ("threatened", E::Statement, V, C::No), ("demanded", E::Statement, V, C::No), ("said", E::Statement, V, C::Say),
    ("says", E::Statement, V, C::Say), ("told", E::Statement, V, C::Say),
    // aid
    ("aid deliveries", E::Aid, N, C::No), ("aid convoys", E::Aid, N, C::No), ("aid convoy", E::Aid, N, C::No),
    ("humanitarian aid", E::Aid, N, C::No), ("aid", E::Aid, N, C::Aid), ("relief supplies", E::Aid, N, C::No),
    ("convoy", E::Aid, N, C::No), ("hand out", E::Aid, V, C::No), ("handing out", E::Aid, V, C::No),
    ("handed out", E::Aid, V, C::No), ("hands out", E::Aid, V, C::No), ("airdrops", E::Aid, N, C::No),
    // intervention
    ("military intervention", E::Intervention, N, C::No), ("intervention", E::Intervention, N, C::No),
    ("intervened", E::Intervention, V, C::No), ("intervene", E::Intervention, V, C::No),
    ("deployed", E::Intervention, V, C::No), ("deploy", E::Intervention, V, C::No), ("deploys", E::Intervention, V, C::No),
    ("deployment", E::Intervention, N, C::No), ("campaign", E::Intervention, N, C::Campaign),
    ("step in", E::Intervention, V, C::No), ("stepped in", E::Intervention, V, C::No),
    ("patrols", E::Intervention, N, C::No), ("patrol", E::Intervention, V, C::No), ("patrolling", E::Intervention, V, C::No),
    ("sent", E::Intervention, V, C::SentTroops), ("send", E::Intervention, V, C::SentTroops),
    ("set up", E::Intervention, V, C::SetUpPost), ("setting up", E::Intervention, V, C::SetUpPost),
    ("crossed into", E::Intervention, V, C::No), ("diverted", E::Intervention, V, C::Troops),
    // election
    ("election", E::Election, N, C::No), ("elections", E::Election, N, C::No), ("vote", E::Election, N, C::No),
    ("voted", E::Election, V, C::No), ("voting", E::Election, N, C::No), ("referendum", E::Election, N, C::No),
    ("sworn in", E::Election, V, C::No), ("inauguration", E::Election, N, C::No),
    ("transition", E::Election, N, C::Transition), ("resigned", E::Election, V, C::No),
    // sanctions
    ("sanctions", E::Sanctions, N, C::No), ("sanctioned", E::Sanctions, V, C::No), ("embargo", E::Sanctions, N, C::No),
    // protest
    ("protest", E::Protest, N, C::NotVerb), ("protests", E::Protest, N, C::NotVerb), ("protested", E::Protest, V, C::No),
    ("protesting", E::Protest, V, C::No), ("protesters", E::Protest, N, C::No), ("demonstration", E::Protest, N, C::No),
    ("demonstrations", E::Protest, N, C::No), ("demonstrators", E::Protest, N, C::No), ("rally", E::Protest, N, C::No),
    ("rallies", E::Protest, N, C::No), ("marched", E::Protest, V, C::No), ("riots", E::Protest, N, C::No),
];

struct Rule {
    /// Words after the first; "*" matches any one word.
    rest: Vec<&'static str>,
    kind: EventType,
    noun: bool,
    check: C,
}

static TABLE: LazyLock<HashMap<&'static str, Vec<Rule>>> = LazyLock::new(|| {
    let mut m: HashMap<&'static str, Vec<Rule>> = HashMap::new();
    for &(pat, kind, flags, check) in RULES {
        let mut ws = pat.split(' ');
        let Some(first) = ws.next() else { continue };
        m.entry(first).or_default().push(Rule {
            rest: ws.collect(),
            kind,
            noun: flags & N != 0,
            check,
        });
    }
    for v in m.values_mut() {
        v.sort_by_key(|r| std::cmp::Reverse(r.rest.len()));
    }
    m
});

/// Every trigger phrase in the table, for docs and tests.
#[cfg(test)]
pub(crate) fn phrases() -> impl Iterator<Item = (&'static str, EventType)> {
    RULES.iter().map(|&(p, k, _, _)| (p, k))
}

pub(crate) const ARMED: &[&str] = &[
    "troops",
    "forces",
    "army",
    "soldiers",
    "units",
    "rebels",
    "insurgents",
    "militants",
    "fighters",
    "gunmen",
    "militia",
    "militias",
    "separatists",
    "peshmerga",
    "marines",
    "police",
    "columns",
    "jets",
    "warplanes",
    "aircraft",
    "navies",
    "army's",
    "coalition",
    "militiamen",
    "detachment",
];

const WEAPONS: &[&str] = &[
    "missiles",
    "missile",
    "rockets",
    "rocket",
    "strikes",
    "shells",
    "jets",
    "aircraft",
    "drones",
    "bombs",
    "artillery",
    "warplanes",
    "mortars",
];

const PLACE_NOUNS: &[&str] = &[
    "village",
    "villages",
    "town",
    "towns",
    "city",
    "cities",
    "district",
    "districts",
    "base",
    "bases",
    "airport",
    "hill",
    "hills",
    "position",
    "positions",
    "territory",
    "neighbourhood",
    "neighbourhoods",
    "neighborhood",
    "neighborhoods",
    "area",
    "areas",
    "control",
    "approaches",
    "port",
    "region",
    "province",
    "checkpoint",
    "bridge",
    "crossing",
    "outskirts",
    "peninsula",
    "airfield",
    "oilfield",
    "string",
];

const CIVILIAN: &[&str] = &[
    "civilians",
    "civilian",
    "market",
    "school",
    "schools",
    "hospital",
    "hospitals",
    "mosque",
    "church",
    "worshippers",
    "villagers",
    "residents",
    "camp",
    "camps",
    "village",
    "clinic",
    "homes",
    "wedding",
    "funeral",
    "bus",
    "pilgrims",
    "children",
    "women",
];

const PEOPLE: &[&str] = &[
    "people",
    "residents",
    "civilians",
    "families",
    "thousands",
    "refugees",
    "villagers",
    "hundreds",
    "millions",
];

fn within(w: &Words<'_>, from: usize, to: usize, set: &[&str]) -> bool {
    (from..to.min(w.len())).any(|j| set.contains(&w.lower(j)))
}

fn before(w: &Words<'_>, i: usize, n: usize, set: &[&str]) -> bool {
    within(w, i.saturating_sub(n), i, set)
}

fn place_starts_at(places: &[PlaceMention], w: &Words<'_>, i: usize) -> bool {
    let s = w.span(i);
    // A place holding the token's first byte.
    !super::overlapping(places, Span::new(s.start, s.start + 1)).is_empty()
}

fn place_within(places: &[PlaceMention], w: &Words<'_>, from: usize, to: usize) -> bool {
    (from..to.min(w.len())).any(|j| w.same_sentence(from, j) && place_starts_at(places, w, j))
}

/// Runs a rule's check; `Some(kind)` keeps the trigger (perhaps retyped).
#[allow(clippy::too_many_lines)]
fn check(
    c: C,
    kind: EventType,
    w: &Words<'_>,
    i: usize,
    end: usize,
    places: &[PlaceMention],
) -> Option<EventType> {
    let prev = if i > 0 { w.lower(i - 1) } else { "" };
    let next = w.lower(end);
    let ok = match c {
        C::No | C::Say | C::Cont => true,
        C::NotVerb => !matches!(
            prev,
            "he" | "she" | "it" | "who" | "also" | "that" | "which" | "they"
        ),
        C::Weapon => {
            before(w, i, 3, WEAPONS)
                || matches!(prev, "are" | "were" | "was" | "is" | "been" | "being")
        }
        C::TakeObj => {
            let lim = end + 6;
            let attempt = prev == "to"
                && matches!(
                    w.lower(i.wrapping_sub(2)),
                    "trying" | "seeking" | "effort" | "attempt" | "bid" | "tried" | "sought"
                );
            attempt || within(w, end, lim, PLACE_NOUNS) || place_within(places, w, end, end + 2)
        }
        C::ClearObj => {
            within(
                w,
                i.saturating_sub(5),
                end + 5,
                &[
                    "city",
                    "town",
                    "approaches",
                    "area",
                    "village",
                    "villages",
                    "district",
                ],
            ) || place_within(places, w, end, end + 2)
        }
        C::Attack => {
            if within(w, end, end + 8, CIVILIAN) && prev != "no" {
                return Some(EventType::AttackOnCivilians);
            }
            true
        }
        C::ClaimObj => within(
            w,
            end,
            end + 4,
            &[
                "responsibility",
                "attack",
                "attacks",
                "strikes",
                "strike",
                "bombing",
                "killing",
                "kidnapping",
            ],
        ),
        C::DismissObj => within(
            w,
            end,
            end + 3,
            &["reports", "claims", "allegations", "accusations"],
        ),
        C::Meet
            if matches!(
                prev,
                "river" | "road" | "border" | "line" | "sea" | "railway"
            ) =>
        {
            false
        }
        C::Meet => {
            let n = if matches!(next, "the" | "a" | "its" | "their") {
                w.lower(end + 1)
            } else {
                next
            };
            !matches!(
                n,
                "challenge"
                    | "challenges"
                    | "demand"
                    | "demands"
                    | "needs"
                    | "target"
                    | "targets"
                    | "requirements"
                    | "criteria"
                    | "deadline"
                    | "expectations"
                    | "conditions"
                    | "standards"
                    | "goal"
                    | "goals"
                    | "obligations"
                    | "costs"
            )
        }
        C::SentTroops => within(
            w,
            end,
            end + 4,
            &[
                "troops",
                "units",
                "forces",
                "soldiers",
                "police",
                "warships",
                "jets",
                "reinforcements",
                "marines",
            ],
        ),
        C::SetUpPost => within(
            w,
            end,
            end + 5,
            &[
                "post",
                "posts",
                "base",
                "bases",
                "position",
                "positions",
                "checkpoint",
                "checkpoints",
                "outpost",
                "outposts",
            ],
        ),
        C::FromHomes => within(w, end, end + 10, &["homes"]),
        C::Aid => !matches!(
            next,
            "workers"
                | "worker"
                | "agency"
                | "agencies"
                | "group"
                | "groups"
                | "official"
                | "officials"
                | "organisation"
                | "organisations"
                | "organization"
                | "organizations"
        ),
        C::DueIn => next == "in" && place_within(places, w, end + 1, end + 2),
        C::Fall => matches!(prev, "its" | "their" | "'s") || (prev == "the" && next == "of"),
        C::Sign => !matches!(prev, "a" | "no" | "any" | "the" | "every") && next != "of",
        C::Deal => next != "with",
        C::Displaced => {
            !matches!(
                next,
                "families" | "people" | "persons" | "civilians" | "residents"
            ) || matches!(prev, "were" | "was" | "been" | "are" | "is")
        }
        C::Transition => prev == "political" || (next == "of" && w.lower(end + 1) == "power"),
        C::People => before(w, i, 6, PEOPLE),
        C::Traded => within(w, end, end + 5, &["fire", "shots", "blows", "gunfire"]),
        C::Troops => before(w, i, 4, ARMED),
        C::Advance => prev != "in",
        C::Push => {
            !matches!(prev, "diplomatic" | "political" | "peace" | "a diplomatic")
                && !matches!(next, "for" | "through" | "ahead")
        }
        C::Campaign => {
            !matches!(
                prev,
                "election"
                    | "electoral"
                    | "advertising"
                    | "media"
                    | "vaccination"
                    | "presidential"
                    | "political"
                    | "pressure"
                    | "awareness"
            ) && next != "for"
        }
        C::Strike => !matches!(prev, "hunger" | "general" | "labour" | "labor"),
        C::Dead => {
            w.tok(i.wrapping_sub(1)).is_some_and(|t| t.has_digit())
                || matches!(
                    prev,
                    "were" | "are" | "left" | "the" | "was" | "dozens" | "hundreds"
                )
        }
    };
    ok.then_some(kind)
}

fn matches_rest(w: &Words<'_>, i: usize, rest: &[&str]) -> Option<usize> {
    let mut j = i + 1;
    for &p in rest {
        if !w.is_word(j) || !w.same_sentence(i, j) {
            return None;
        }
        if p != "*" && w.lower(j) != p {
            return None;
        }
        j += 1;
    }
    Some(j)
}

/// Sentences that carry no body events: headlines, headings in capitals,
/// credit lines.
fn body_sentences(w: &Words<'_>) -> Vec<bool> {
    let doc = w.doc;
    let mut keep = vec![true; doc.sentences.len()];
    for (s, k) in keep.iter_mut().enumerate() {
        let (a, b) = w.sentence_range(s);
        if a >= b {
            *k = false;
            continue;
        }
        let last = w.text(b - 1);
        let terminal = last.ends_with(['.', '!', '?', '"', '\u{201d}', ')', '\'', '\u{2019}'])
            || w.tok(b - 1).is_some_and(|t| t.abbreviation());
        let words = (a..b).filter(|&j| w.is_word(j)).count();
        let caps = (a..b)
            .filter(|&j| w.tok(j).is_some_and(|t| t.all_caps() || !t.capitalized()))
            .filter(|&j| w.is_word(j) && w.tok(j).is_some_and(|t| t.all_caps()))
            .count();
        let heading = words > 0 && caps * 10 >= words * 8;
        let credit = w.lower(a) == "("
            && matches!(
                w.lower(a + 1),
                "reporting" | "compiled" | "editing" | "writing"
            );
        let published = matches!(w.lower(a), "published" | "by" | "updated");
        *k = terminal && !heading && !credit && !published;
    }
    keep
}

/// Finds the triggers of the document, in text order, without overlaps.
pub(crate) fn find_triggers(w: &Words<'_>, places: &[PlaceMention]) -> Vec<Trigger> {
    let table = &*TABLE;
    let keep = body_sentences(w);
    let mut out: Vec<Trigger> = Vec::new();
    let mut say: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < w.len() {
        let s = w.sent.get(i).map_or(0, |&s| s as usize);
        if !w.is_word(i) || !keep.get(s).copied().unwrap_or(false) {
            i += 1;
            continue;
        }
        let Some(rules) = table.get(w.lower(i)) else {
            i += 1;
            continue;
        };
        // A capitalized trigger inside a sentence is part of a name
        // ("Southern Transitional Council", "Defence Ministry").
        if let Some(t) = w.tok(i)
            && t.capitalized()
            && !t.is(TokenFlags::SENTENCE_INITIAL)
            && !t.is(TokenFlags::LINE_INITIAL)
            && !t.after_quote()
            && !w.lower(i.wrapping_sub(1)).ends_with(['-', '\u{2014}', '*'])
        {
            i += 1;
            continue;
        }
        let mut found = None;
        for r in rules {
            let Some(end) = matches_rest(w, i, &r.rest) else {
                continue;
            };
            if let Some(kind) = check(r.check, r.kind, w, i, end, places) {
                found = Some((r, kind, end));
                break;
            }
        }
        let Some((rule, mut kind, end)) = found else {
            i += 1;
            continue;
        };
        // Inside a place name ("Al Hol camp" is fine, "Deir al-Zor" never hits).
        if super::overlapping(places, w.span(i))
            .iter()
            .any(|p| p.span.contains(w.span(i)) && !p.adjectival)
        {
            i = end;
            continue;
        }
        let mut status_hint = None;
        let mut confidence = if rule.rest.is_empty() { 0.7 } else { 0.85 };
        if !matches!(rule.check, C::No) {
            confidence -= 0.1;
        }
        // "effort to recapture", "seeking to recapture", "trying to take".
        if kind == EventType::Capture && i >= 2 && w.lower(i - 1) == "to" {
            let head = w.lower(i - 2);
            let attempt = matches!(
                head,
                "effort"
                    | "seeking"
                    | "trying"
                    | "attempt"
                    | "bid"
                    | "tried"
                    | "sought"
                    | "campaign"
                    | "operation"
                    | "attempting"
                    | "drive"
            );
            let offensive_noun = out
                .last()
                .is_some_and(|t| t.last + 2 >= i && t.kind == EventType::Offensive);
            if offensive_noun {
                i = end;
                continue;
            }
            if attempt {
                kind = EventType::Offensive;
                if head.ends_with("ing") {
                    status_hint = Some(Status::Ongoing);
                } else if !matches!(head, "tried" | "sought") {
                    status_hint = Some(Status::Happened);
                }
            }
        }
        if rule.check == C::Cont {
            // Takes the type of the trigger noun before it in the sentence;
            // right after it ("Shelling resumed") it is the same mention.
            match out.last() {
                Some(t) if t.sentence == s && t.noun && i - t.last <= 24 => {
                    let separated = (t.last..i).any(|j| w.lower(j) == ",");
                    if !separated {
                        i = end;
                        continue;
                    }
                    kind = t.kind;
                }
                _ => {
                    i = end;
                    continue;
                }
            }
        }
        // Statements in the passive or as adjectives: "men accused of",
        // "it is threatened by".
        if kind == EventType::Statement
            && !rule.noun
            && (w.lower(end) == "of"
                && w.lower(i.wrapping_sub(1)) != "'s"
                && !w.cap(i.wrapping_sub(1))
                || matches!(
                    w.lower(i.wrapping_sub(1)),
                    "is" | "are" | "was" | "were" | "been" | "being"
                ))
        {
            i = end;
            continue;
        }
        // "strikes hit", "deals signed", "killed and seven wounded",
        // "repelled a Houthi assault": one event.
        if let Some(last) = out.last()
            && last.sentence == s
            && (i <= last.last + 1
                && (last.kind == kind
                    || kind == EventType::Agreement && last.kind == EventType::Ceasefire)
                || last.kind == kind
                    && i <= last.last + 3
                    && !(last.last..i).any(|j| matches!(w.lower(j), "," | ";")))
        {
            i = end;
            continue;
        }
        // "met ... to discuss", "talks ... to negotiate": the same event.
        if let Some(last) = out.last()
            && last.sentence == s
            && last.kind == kind
            && i >= 1
            && w.lower(i - 1) == "to"
            && i - last.last <= 12
        {
            i = end;
            continue;
        }
        if rule.check == C::Say {
            say.push(out.len());
        }
        out.push(Trigger {
            kind,
            first: i,
            last: end,
            sentence: s,
            noun: rule.noun,
            confidence,
            status_hint,
        });
        i = end;
    }
    if !say.is_empty() {
        let keep_say: Vec<bool> = say
            .iter()
            .map(|&k| substantive_say(w, &out, k, places))
            .collect();
        let mut n = 0;
        let mut si = 0;
        out.retain(|_| {
            let idx = n;
            n += 1;
            if si < say.len() && say[si] == idx {
                si += 1;
                keep_say[si - 1]
            } else {
                true
            }
        });
    }
    out
}

/// Whether a "said"/"says"/"told" is news in itself: a named, non-generic
/// speaker, and no other event in the sentence it would merely attribute.
fn substantive_say(w: &Words<'_>, all: &[Trigger], k: usize, places: &[PlaceMention]) -> bool {
    let t = &all[k];
    // Triggers are in text order, so the sentence's others sit around k.
    let from = all.partition_point(|o| o.sentence < t.sentence);
    let others = all[from..]
        .iter()
        .enumerate()
        .take_while(|(_, o)| o.sentence == t.sentence)
        .any(|(j, o)| from + j != k && o.kind != EventType::Statement);
    if others {
        return false;
    }
    // Not at the very end of the sentence ("..., officials said.") unless a
    // titled speaker follows or precedes.
    let mut j = t.first;
    while j > 0 && w.same_sentence(j - 1, t.first) && w.is_word(j - 1) {
        j -= 1;
    }
    let subj: Vec<usize> = (j..t.first).collect();
    let subj_after: Vec<usize> = (t.last..w.len())
        .take_while(|&x| w.same_sentence(x, t.first) && w.is_word(x))
        .collect();
    let speaker = if subj.is_empty() { &subj_after } else { &subj };
    if speaker.is_empty() {
        return false;
    }
    let generic = speaker.iter().any(|&x| {
        matches!(
            w.lower(x),
            "officials"
                | "official"
                | "source"
                | "sources"
                | "residents"
                | "witnesses"
                | "diplomat"
                | "diplomats"
                | "analysts"
                | "he"
                | "she"
                | "they"
                | "it"
                | "we"
                | "i"
                | "group"
                | "observatory"
                | "television"
                | "agency"
                | "officer"
                | "soldier"
                | "analyst"
                | "channel"
                | "who"
                | "statement"
                | "ministry"
                | "office"
                | "body"
                | "reporters"
        )
    });
    if generic {
        return false;
    }
    let titled = speaker.iter().any(|&x| {
        matches!(
            w.lower(x),
            "spokesman"
                | "spokeswoman"
                | "spokesperson"
                | "minister"
                | "president"
                | "commander"
                | "envoy"
                | "secretary"
                | "general"
                | "gen."
                | "major"
                | "colonel"
                | "col."
                | "coalition"
                | "government"
                | "army"
        )
    });
    let state = speaker.iter().any(|&x| {
        let s = w.span(x);
        super::overlapping(places, s).iter().any(|p| !p.adjectival)
    }) && speaker.len() <= 2;
    titled || state
}
