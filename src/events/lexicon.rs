//! The trigger matcher. The words and phrases are data
//! (`assets/events/triggers.tsv`: phrase, part of speech, sub-type, guard),
//! the word sets the guards read too (`assets/events/words.tsv`); this file
//! holds only the matching and the named guards ([`Guard`]) that keep
//! ambiguous words ("take", "hit", "meet", "struck", "said") from firing
//! where they mean something else.
//!
//! A phrase's words match a token's lowercase form or its lemma from the
//! language layer; a lemma match must agree with the token's part of
//! speech (a verb row does not fire on the noun "forces").

use std::collections::HashMap;
use std::sync::LazyLock;

use super::taxonomy::SubType;
use super::words::Words;
use super::{EventType, Status, Trigger};
use crate::lang::Upos;
use crate::places::PlaceMention;
use crate::span::Span;
use crate::text::TokenFlags;

const TRIGGERS: &str = include_str!("../../assets/events/triggers.tsv");
const WORD_SETS: &str = include_str!("../../assets/events/words.tsv");

static SETS: LazyLock<HashMap<&'static str, Vec<&'static str>>> = LazyLock::new(|| {
    let mut m: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
    for (n, line) in WORD_SETS.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((name, words)) = line.split_once('\t') else {
            panic!("words.tsv:{}: expected name<TAB>words", n + 1);
        };
        m.entry(name.trim())
            .or_default()
            .extend(words.split_whitespace());
    }
    m
});

/// The word set `name` of `words.tsv`. An unknown name is a bug in this
/// crate (the tests read every set a guard names), so it panics.
pub(crate) fn set(name: &str) -> &'static [&'static str] {
    SETS.get(name)
        .map(Vec::as_slice)
        .unwrap_or_else(|| panic!("words.tsv has no set {name:?}"))
}

/// A check a trigger row needs beyond matching its words; the names are
/// the ones `triggers.tsv` uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Guard {
    /// `-`: none.
    None,
    /// `not-after-subject`: not a verb after a subject pronoun ("he talks").
    NotAfterSubject,
    /// `weapon-or-passive`: a weapon word shortly before, or a passive
    /// ("missiles hit", "were hit").
    WeaponOrPassive,
    /// `place-object`: a place or a place noun follows ("take several
    /// villages"), or an attempt precedes ("trying to take").
    PlaceObject,
    /// `place-near`: a place noun or a place nearby ("the city was cleared").
    PlaceNear,
    /// `civilian-target`: civilians as the target make it an attack on
    /// civilians; otherwise the row's own kind (an armed clash).
    CivilianTarget,
    /// `substantive-say`: "said", "told": news only for a titled or state
    /// speaker and when the sentence has no other event (decided last).
    SubstantiveSay,
    /// `claim-of-attack`: "claimed responsibility", "claimed the attack".
    ClaimOfAttack,
    /// `dismiss-reports`: "dismissed reports".
    DismissReports,
    /// `not-meet-a-goal`: not "meet the challenge", not "where the road meets".
    NotMeetAGoal,
    /// `troops-object`: "sent troops", "sent police units".
    TroopsObject,
    /// `post-object`: "set up observation posts", "established a base".
    PostObject,
    /// `from-homes`: "driven ... from their homes".
    FromHomes,
    /// `not-aid-workers`: "aid" but not "aid workers".
    NotAidWorkers,
    /// `due-in-place`: "is due in Atlanta".
    DueInPlace,
    /// `fall-of`: "its fall", "the fall of".
    FallOf,
    /// `sign-verb`: "sign" the verb, not "no sign of".
    SignVerb,
    /// `deal-noun`: "deal" the noun, not "deal with".
    DealNoun,
    /// `displaced-people`: "were displaced", not "displaced families" as a
    /// mere description.
    DisplacedPeople,
    /// `transition-of-power`: "political transition", "transition of power".
    TransitionOfPower,
    /// `people-subject`: people words before ("residents escape").
    PeopleSubject,
    /// `traded-fire`: "traded fire".
    TradedFire,
    /// `armed-subject`: an armed subject shortly before ("troops were diverted").
    ArmedSubject,
    /// `armed-object`: an armed side follows ("engaged the militants").
    ArmedObject,
    /// `not-in-advance`: not "in advance".
    NotInAdvance,
    /// `military-push`: not a diplomatic push, not "push for".
    MilitaryPush,
    /// `military-campaign`: not an election or media campaign.
    MilitaryCampaign,
    /// `military-strike`: not a hunger or general strike.
    MilitaryStrike,
    /// `strike-verb`: "struck" an attack: not "struck a deal" (an agreement)
    /// nor "the crisis struck" (nothing).
    StrikeVerb,
    /// `dead-count`: "dead" as casualties ("12 dead", "left dead").
    DeadCount,
    /// `continues-trigger`: "resumed", "adjourned": takes the type of the
    /// trigger noun it follows.
    ContinuesTrigger,
    /// `shooting`: "shot" someone (an attack on civilians) or an armed side
    /// (a clash), not "shot a video".
    Shooting,
    /// `weapon-fired`: a weapon noun that is the news: "a rocket landed",
    /// "mortar attack", "missiles hit".
    WeaponFired,
    /// `explosive-kind`: an explosion; a fired weapon as its subject makes
    /// it shelling, "suicide" a suicide bomb, "grenade" a grenade.
    ExplosiveKind,
    /// `bomb-noun`: a bomb that went off, not a bomb threat or squad, nor
    /// bombs built or stored ("a workshop used to build car bombs").
    BombNoun,
    /// `weapon-object`: "intercepted a missile".
    WeaponObject,
    /// `mob-attack`: a mob that attacked, beat, lynched or burned.
    MobAttack,
    /// `forced`: "forced (enforced) disappearance".
    Forced,
    /// `property-object`: "burned houses", "burned tires".
    PropertyObject,
    /// `not-in-detention`: not "in detention", not "detention centre".
    NotInDetention,
    /// `demonstrated`: "demonstrated" a protest (intransitive), not
    /// "demonstrated that" or "demonstrated its strength".
    Demonstrated,
    /// `rallied`: "rallied against/in/outside", not "rallied support".
    Rallied,
    /// `road-object`: "blocked a road", "blocked the highway".
    RoadObject,
    /// `fired-at`: "fired": shells, rockets or artillery fired are shelling;
    /// fired "at" or "on" someone a clash (or an attack, at civilians);
    /// anything else ("fired the manager") nothing.
    FiredAt,
    /// `shots-fired`: "shots were fired", "gunfire was heard", "fired shots".
    ShotsFired,
    /// `seize-object`: a place seized (territory), or goods and livestock
    /// (looting).
    SeizeObject,
    /// `person-object`: "beat a man", "were beaten".
    PersonObject,
    /// `found-dead`: "the body of a man was found", "bodies discovered".
    FoundDead,
}

impl Guard {
    fn from_name(s: &str) -> Option<Self> {
        use Guard as G;
        Some(match s {
            "-" => G::None,
            "not-after-subject" => G::NotAfterSubject,
            "weapon-or-passive" => G::WeaponOrPassive,
            "place-object" => G::PlaceObject,
            "place-near" => G::PlaceNear,
            "civilian-target" => G::CivilianTarget,
            "substantive-say" => G::SubstantiveSay,
            "claim-of-attack" => G::ClaimOfAttack,
            "dismiss-reports" => G::DismissReports,
            "not-meet-a-goal" => G::NotMeetAGoal,
            "troops-object" => G::TroopsObject,
            "post-object" => G::PostObject,
            "from-homes" => G::FromHomes,
            "not-aid-workers" => G::NotAidWorkers,
            "due-in-place" => G::DueInPlace,
            "fall-of" => G::FallOf,
            "sign-verb" => G::SignVerb,
            "deal-noun" => G::DealNoun,
            "displaced-people" => G::DisplacedPeople,
            "transition-of-power" => G::TransitionOfPower,
            "people-subject" => G::PeopleSubject,
            "traded-fire" => G::TradedFire,
            "armed-subject" => G::ArmedSubject,
            "armed-object" => G::ArmedObject,
            "not-in-advance" => G::NotInAdvance,
            "military-push" => G::MilitaryPush,
            "military-campaign" => G::MilitaryCampaign,
            "military-strike" => G::MilitaryStrike,
            "strike-verb" => G::StrikeVerb,
            "dead-count" => G::DeadCount,
            "continues-trigger" => G::ContinuesTrigger,
            "shooting" => G::Shooting,
            "weapon-fired" => G::WeaponFired,
            "explosive-kind" => G::ExplosiveKind,
            "bomb-noun" => G::BombNoun,
            "weapon-object" => G::WeaponObject,
            "mob-attack" => G::MobAttack,
            "forced" => G::Forced,
            "property-object" => G::PropertyObject,
            "not-in-detention" => G::NotInDetention,
            "demonstrated" => G::Demonstrated,
            "rallied" => G::Rallied,
            "road-object" => G::RoadObject,
            "fired-at" => G::FiredAt,
            "shots-fired" => G::ShotsFired,
            "seize-object" => G::SeizeObject,
            "person-object" => G::PersonObject,
            "found-dead" => G::FoundDead,
            _ => return None,
        })
    }
}

/// One row of `triggers.tsv`, keyed by its first word.
#[derive(Debug)]
pub(crate) struct Rule {
    /// The whole phrase, for docs and tests.
    pub phrase: &'static str,
    /// Words after the first; "*" matches any one word.
    rest: Vec<&'static str>,
    pub sub: SubType,
    noun: bool,
    guard: Guard,
}

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let mut out = Vec::new();
    for (n, line) in TRIGGERS.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let n = n + 1;
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        let [phrase, pos, sub, guard] = cols[..] else {
            panic!("triggers.tsv:{n}: expected 4 columns, found {}", cols.len());
        };
        let sub = SubType::from_id(sub)
            .unwrap_or_else(|| panic!("triggers.tsv:{n}: unknown sub-type {sub:?}"));
        let guard = Guard::from_name(guard)
            .unwrap_or_else(|| panic!("triggers.tsv:{n}: unknown guard {guard:?}"));
        let noun = match pos {
            "N" => true,
            "V" => false,
            _ => panic!("triggers.tsv:{n}: part of speech is N or V, not {pos:?}"),
        };
        out.push(Rule {
            phrase,
            rest: phrase.split(' ').skip(1).collect(),
            sub,
            noun,
            guard,
        });
    }
    out
});

static TABLE: LazyLock<HashMap<&'static str, Vec<&'static Rule>>> = LazyLock::new(|| {
    let mut m: HashMap<&'static str, Vec<&'static Rule>> = HashMap::new();
    for r in RULES.iter() {
        let first = r.phrase.split(' ').next().unwrap_or(r.phrase);
        m.entry(first).or_default().push(r);
    }
    for v in m.values_mut() {
        // Stable: rows of equal length keep the file's order.
        v.sort_by_key(|r| std::cmp::Reverse(r.rest.len()));
    }
    m
});

/// Every row of `triggers.tsv`, for docs and tests.
#[cfg(test)]
pub(crate) fn rules() -> &'static [Rule] {
    &RULES
}

/// Whether a row of this part of speech may fire on a token tagged `tag`
/// that it matched through its lemma.
fn pos_agrees(noun: bool, tag: Option<Upos>) -> bool {
    match tag {
        None => true,
        Some(t) if noun => matches!(t, Upos::Noun | Upos::Propn | Upos::Adj | Upos::X),
        Some(t) => matches!(t, Upos::Verb | Upos::Aux | Upos::Adj),
    }
}

fn within(w: &Words<'_>, from: usize, to: usize, set: &[&str]) -> bool {
    (from..to.min(w.len())).any(|j| w.same_sentence(from.min(to), j) && w.in_set(j, set))
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

/// The dependents of token `i` in the parse with relation `rel`.
fn deps<'a>(w: &'a Words<'_>, i: usize, rel: &'a str) -> impl Iterator<Item = usize> + 'a {
    let ann = w.ann;
    ann.into_iter().flat_map(move |a| {
        a.children(i)
            .into_iter()
            .filter(move |&c| a.rel(c).is_some_and(|r| r.as_str() == rel))
    })
}

fn sub(id: &str) -> SubType {
    SubType::from_id(id).unwrap_or_else(|| panic!("subtypes.tsv has no {id:?}"))
}

/// Runs a row's guard; `Some(sub_type)` keeps the trigger (perhaps retyped).
#[allow(clippy::too_many_lines)]
fn check(
    g: Guard,
    kind: SubType,
    w: &Words<'_>,
    i: usize,
    end: usize,
    places: &[PlaceMention],
) -> Option<SubType> {
    use Guard as G;
    let prev = if i > 0 { w.lower(i - 1) } else { "" };
    let next = w.lower(end);
    let passive = matches!(prev, "are" | "were" | "was" | "is" | "been" | "being");
    let ok = match g {
        G::None | G::SubstantiveSay | G::ContinuesTrigger => true,
        G::NotAfterSubject => !matches!(
            prev,
            "he" | "she" | "it" | "who" | "also" | "that" | "which" | "they"
        ),
        G::WeaponOrPassive => before(w, i, 3, set("weapon")) || passive,
        G::PlaceObject if matches!(next, "place" | "part" | "care" | "note") => false,
        G::PlaceObject => {
            let attempt = prev == "to" && w.in_set(i.wrapping_sub(2), set("attempt"));
            attempt
                || within(w, end, end + 6, set("place_noun"))
                || place_within(places, w, end, end + 2)
        }
        G::PlaceNear => {
            within(w, i.saturating_sub(5), end + 5, set("clear_noun"))
                || place_within(places, w, end, end + 2)
        }
        G::CivilianTarget => {
            let objects: Vec<usize> = deps(w, i, "obj").collect();
            let civil = if objects.is_empty() {
                within(w, end, end + 8, set("civilian"))
            } else {
                objects.iter().any(|&o| w.in_set(o, set("civilian")))
                    || within(w, end, end + 4, set("civilian"))
            };
            if civil && prev != "no" {
                return Some(sub("attack"));
            }
            true
        }
        G::ClaimOfAttack => within(w, end, end + 4, set("claim_object")),
        G::DismissReports => within(w, end, end + 3, set("dismiss_object")),
        G::NotMeetAGoal => {
            if set("meet_junction").contains(&prev) {
                return None;
            }
            let n = if matches!(next, "the" | "a" | "its" | "their") {
                w.lower(end + 1)
            } else {
                next
            };
            !set("meet_goal").contains(&n)
        }
        G::TroopsObject => within(w, end, end + 4, set("troops")),
        G::PostObject => within(w, end, end + 5, set("post")),
        G::FromHomes => within(w, end, end + 10, &["homes"]),
        G::NotAidWorkers => !set("aid_org").contains(&next),
        G::DueInPlace => next == "in" && place_within(places, w, end + 1, end + 2),
        G::FallOf => matches!(prev, "its" | "their" | "'s") || (prev == "the" && next == "of"),
        G::SignVerb => !matches!(prev, "a" | "no" | "any" | "the" | "every") && next != "of",
        G::DealNoun => next != "with",
        G::DisplacedPeople => !set("displaced_people").contains(&next) || passive,
        G::TransitionOfPower => {
            prev == "political" || (next == "of" && w.lower(end + 1) == "power")
        }
        G::PeopleSubject => before(w, i, 6, set("people")),
        G::TradedFire => within(w, end, end + 5, &["fire", "shots", "blows", "gunfire"]),
        G::ArmedSubject => before(w, i, 4, set("armed")),
        G::ArmedObject => within(w, end, end + 5, set("armed")) || next == "in",
        G::NotInAdvance => prev != "in",
        G::MilitaryPush => {
            !set("push_political").contains(&prev) && !matches!(next, "for" | "through" | "ahead")
        }
        G::MilitaryCampaign => !set("campaign_other").contains(&prev) && next != "for",
        G::MilitaryStrike => {
            if set("strike_labour").contains(&prev) {
                return Some(sub("peaceful_protest"));
            }
            true
        }
        G::StrikeVerb => {
            let mut objects = deps(w, i, "obj").peekable();
            let has_parse = w.ann.is_some();
            let deal = if has_parse && objects.peek().is_some() {
                objects.any(|o| w.in_set(o, set("strike_deal")))
            } else {
                within(w, end, end + 3, set("strike_deal"))
            };
            if deal {
                return Some(sub("agreement"));
            }
            let nature = if has_parse {
                deps(w, i, "nsubj").any(|s| w.in_set(s, set("strike_nature")))
            } else {
                before(w, i, 3, set("strike_nature"))
            };
            !nature
        }
        G::DeadCount => {
            w.tok(i.wrapping_sub(1)).is_some_and(|t| t.has_digit())
                || matches!(
                    prev,
                    "were" | "are" | "left" | "the" | "was" | "dozens" | "hundreds"
                )
        }
        G::Shooting => {
            if within(w, end, end + 4, set("actor_protesters")) {
                return Some(sub("excessive_force"));
            }
            if next == "dead" || within(w, end, end + 8, set("civilian")) || passive {
                return Some(sub("attack"));
            }
            within(w, end, end + 4, set("armed")) || next == "at"
        }
        G::WeaponFired => {
            let verbs = [
                "land", "landed", "hit", "strike", "struck", "explode", "exploded", "fired", "fell",
            ];
            let news = ["attack", "attacks", "fire", "strike", "strikes", "barrage"];
            news.contains(&next)
                || within(w, end, end + 3, &verbs)
                || matches!(prev, "fired" | "launched")
                || w.ann
                    .and_then(|a| a.head(i))
                    .is_some_and(|h| w.in_set(h, &verbs) && deps(w, h, "nsubj").any(|s| s == i))
        }
        G::ExplosiveKind => {
            if before(w, i, 3, &["suicide"]) {
                return Some(sub("suicide_bomb"));
            }
            if before(w, i, 3, &["grenade", "grenades"]) {
                return Some(sub("grenade"));
            }
            if before(w, i, 4, set("fired")) || within(w, end, end + 3, set("fired")) {
                return Some(sub("shelling"));
            }
            true
        }
        G::BombNoun => {
            !matches!(
                next,
                "threat" | "threats" | "squad" | "disposal" | "maker" | "makers" | "shelter"
            ) && !before(w, i, 3, set("bomb_making"))
        }
        G::WeaponObject => within(w, end, end + 4, set("weapon")),
        G::MobAttack => within(
            w,
            end,
            end + 4,
            &[
                "attacked", "beat", "lynched", "killed", "burned", "stormed", "attack", "violence",
                "justice",
            ],
        ),
        G::Forced => matches!(prev, "forced" | "enforced"),
        G::PropertyObject => within(w, end, end + 5, set("property")),
        G::NotInDetention => {
            prev != "in"
                && !matches!(
                    next,
                    "centre" | "center" | "centres" | "centers" | "facility" | "camp"
                )
        }
        G::Demonstrated => {
            let transitive = deps(w, i, "obj").next().is_some()
                || deps(w, i, "ccomp").next().is_some()
                || matches!(next, "that" | "its" | "their" | "how" | "his" | "her");
            !transitive
        }
        G::Rallied => matches!(next, "against" | "in" | "outside" | "at" | "near" | "on"),
        G::RoadObject => within(w, end, end + 5, set("road")),
        G::FiredAt => {
            if within(w, end, end + 6, set("fired")) {
                return Some(sub("shelling"));
            }
            let (_, stop) = w.sentence_range(w.sent.get(i).map_or(0, |&x| x as usize));
            let at = (end..stop.min(end + 14))
                .find(|&j| matches!(w.lower(j), "at" | "on" | "upon" | "into" | "towards"));
            match at {
                Some(j) if within(w, j, j + 5, set("civilian")) => return Some(sub("attack")),
                Some(_) => true,
                None => passive || within(w, end, end + 4, &["shots", "gunshots", "bullets"]),
            }
        }
        G::ShotsFired => {
            let near = [
                "fired",
                "heard",
                "rang",
                "fire",
                "exchanged",
                "heavy",
                "sporadic",
            ];
            within(w, i.saturating_sub(3), end + 4, &near)
        }
        G::SeizeObject => {
            if within(w, end, end + 5, set("goods")) {
                return Some(sub("property_destruction"));
            }
            let attempt = prev == "to" && w.in_set(i.wrapping_sub(2), set("attempt"));
            attempt
                || within(w, end, end + 6, set("place_noun"))
                || place_within(places, w, end, end + 2)
        }
        G::PersonObject => within(w, end, end + 4, set("person")) || passive,
        G::FoundDead => {
            let (a, b) = w.sentence_range(w.sent.get(i).map_or(0, |&x| x as usize));
            (a..b).any(|j| matches!(w.lemma(j), "find" | "found" | "discover" | "recover"))
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
        if p != "*" && w.lower(j) != p && w.lemma(j) != p {
            return None;
        }
        j += 1;
    }
    Some(j)
}

/// The rows that may start at token `i`: those of its form and those of
/// its lemma; a row whose part of speech agrees with the token's comes
/// first (the noun "bomb" is a bomb, the verb "bombed" an air strike), a
/// lemma match must agree, and longer phrases go before shorter ones.
fn candidates<'t>(
    table: &'t HashMap<&'static str, Vec<&'static Rule>>,
    w: &Words<'_>,
    i: usize,
) -> Vec<&'t Rule> {
    let form = w.lower(i);
    let lemma = w.lemma(i);
    let tag = w.upos(i);
    let mut out: Vec<&Rule> = table.get(form).into_iter().flatten().copied().collect();
    if lemma != form {
        out.extend(
            table
                .get(lemma)
                .into_iter()
                .flatten()
                .filter(|r| pos_agrees(r.noun, tag)),
        );
    }
    out.sort_by_key(|r| (std::cmp::Reverse(r.rest.len()), !pos_agrees(r.noun, tag)));
    out
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
        // An unterminated line is a headline when a body follows; the last
        // line of the text (a note, a cut-off article) is body.
        let last = b >= w.len();
        *k = (terminal || last && words >= 4) && !heading && !credit && !published;
    }
    // A text of headlines only (a list of notes, a wire's summary) is all body.
    if !keep.iter().any(|&k| k) {
        for (s, k) in keep.iter_mut().enumerate() {
            let (a, b) = w.sentence_range(s);
            *k = (a..b).filter(|&j| w.is_word(j)).count() >= 3;
        }
    }
    keep
}

/// Finds the triggers of the document, in text order, without overlaps.
pub(crate) fn find_triggers(w: &Words<'_>, places: &[PlaceMention]) -> Vec<Trigger> {
    let table = &*TABLE;
    let keep = body_sentences(w);
    let mut out: Vec<Trigger> = Vec::new();
    let mut say: Vec<usize> = Vec::new();
    // The last verb read as a trigger noun's own predicate ("Talks are due
    // to adjourn"): (the noun's index in `out`, the verb's token).
    let mut continued: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < w.len() {
        let s = w.sent.get(i).map_or(0, |&s| s as usize);
        if !w.is_word(i) || !keep.get(s).copied().unwrap_or(false) {
            i += 1;
            continue;
        }
        let rules = candidates(table, w, i);
        if rules.is_empty() {
            i += 1;
            continue;
        }
        // A capitalized trigger inside a sentence is part of a name
        // ("Southern Transitional Council", "Defence Ministry").
        if let Some(t) = w.tok(i)
            && t.capitalized()
            && !t.all_caps()
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
            if let Some(sub) = check(r.guard, r.sub, w, i, end, places) {
                found = Some((r, sub, end));
                break;
            }
        }
        let Some((rule, mut sub, end)) = found else {
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
        let mut kind = sub.kind();
        if rule.guard != Guard::None {
            confidence -= 0.1;
        }
        // "effort to recapture", "seeking to recapture", "trying to take".
        if kind == EventType::Capture && i >= 2 && w.lower(i - 1) == "to" {
            let head = w.lower(i - 2);
            let attempt = set("attempt").contains(&head);
            let offensive_noun = out
                .last()
                .is_some_and(|t| t.last + 2 >= i && t.kind == EventType::Offensive);
            if offensive_noun {
                i = end;
                continue;
            }
            if attempt {
                kind = EventType::Offensive;
                sub = SubType::default_for(kind);
                if head.ends_with("ing") {
                    status_hint = Some(Status::Ongoing);
                } else if !matches!(head, "tried" | "sought") {
                    status_hint = Some(Status::Happened);
                }
            }
        }
        let mut shares = None;
        if rule.guard == Guard::ContinuesTrigger {
            // Takes the type of the trigger noun before it in the sentence;
            // right after it ("Shelling resumed") it is the same mention.
            // A second such verb coordinated with the first ("Talks are due
            // to adjourn on Thursday and to resume in April") is an event
            // of its own, with the noun as its subject too.
            match out.last() {
                Some(t) if t.sentence == s && t.noun && i - t.last <= 24 => {
                    let separated = (t.last..i).any(|j| w.lower(j) == ",");
                    let coordinated = continued
                        .is_some_and(|(n, v)| n + 1 == out.len() && coordinated_verbs(w, v, i));
                    if !separated && !coordinated {
                        continued = Some((out.len() - 1, i));
                        if let Some(t) = out.last_mut() {
                            t.predicate = Some(i);
                        }
                        i = end;
                        continue;
                    }
                    if coordinated {
                        shares = Some(t.first);
                    }
                    kind = t.kind;
                    sub = t.sub;
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
            && shares.is_none()
            && last.sentence == s
            && last.kind == kind
            && i >= 1
            && w.lower(i - 1) == "to"
            && i - last.last <= 12
        {
            i = end;
            continue;
        }
        if rule.guard == Guard::SubstantiveSay {
            say.push(out.len());
        }
        out.push(Trigger {
            kind,
            sub,
            first: i,
            last: end,
            sentence: s,
            noun: rule.noun,
            confidence,
            status_hint,
            shares,
            destination: None,
            predicate: None,
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
    // After the pruning above, whose indices it would shift.
    elided_destinations(w, places, &mut out);
    out
}

/// Whether the verb at `b` is coordinated with the one at `a` (a before b):
/// the parse's `conj` when there is one, else an "and" or "or" between them.
fn coordinated_verbs(w: &Words<'_>, a: usize, b: usize) -> bool {
    if let Some(ann) = w.ann {
        return ann.head(b) == Some(a) && ann.rel(b).is_some_and(|r| r.as_str() == "conj");
    }
    (a + 1..b).any(|j| matches!(w.lower(j), "and" | "or"))
}

/// Destinations named after an advance with its verb left out and a word
/// of intent before them ("we are advancing to Palmyra, and God willing to
/// Raqqa", "towards Homs and, hopefully, to Aleppo"): each is an advance of
/// its own, planned, whose place is the destination. The words of intent
/// are the set `intent` of `words.tsv`. `out` stays in text order.
fn elided_destinations(w: &Words<'_>, places: &[PlaceMention], out: &mut Vec<Trigger>) {
    let mut added = Vec::new();
    for (n, t) in out.iter().enumerate() {
        if t.noun || t.kind != EventType::Offensive {
            continue;
        }
        let (_, s1) = w.sentence_range(t.sentence);
        let stop = out.get(n + 1).map_or(s1, |o| o.first.min(s1));
        let mut j = t.last;
        while j < stop {
            if matches!(w.lower(j), ";" | ":") {
                break;
            }
            if w.lower(j) != "and" {
                j += 1;
                continue;
            }
            // "and" [up to four words of intent, commas] "to" PLACE.
            let gap_end = (j + 1..stop.min(j + 7))
                .find(|&k| matches!(w.lower(k), "to" | "towards" | "toward"));
            let Some(k) = gap_end else {
                j += 1;
                continue;
            };
            let gap = j + 1..k;
            let intent = gap.clone().any(|x| w.in_set(x, set("intent")));
            let plain = gap
                .clone()
                .all(|x| w.lower(x) == "," || w.in_set(x, set("intent")) || w.cap(x));
            let place = k + 1 < stop
                && super::overlapping(places, w.span(k + 1))
                    .iter()
                    .any(|p| !p.adjectival && p.span.start == w.span(k + 1).start);
            if intent && plain && place {
                let first = gap.clone().find(|&x| w.lower(x) != ",").unwrap_or(k);
                added.push((
                    n + 1,
                    Trigger {
                        kind: t.kind,
                        sub: t.sub,
                        first,
                        last: k + 1,
                        sentence: t.sentence,
                        noun: false,
                        confidence: (t.confidence - 0.1).max(0.05),
                        status_hint: Some(Status::Planned),
                        shares: None,
                        destination: Some(k + 1),
                        predicate: None,
                    },
                ));
            }
            j = k + 1;
        }
    }
    // Insert from the back so earlier positions stay right.
    for (at, t) in added.into_iter().rev() {
        out.insert(at, t);
    }
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
    let generic = speaker
        .iter()
        .any(|&x| set("generic_speaker").contains(&w.lower(x)));
    if generic {
        return false;
    }
    let titled = speaker
        .iter()
        .any(|&x| set("titled_speaker").contains(&w.lower(x)));
    let state = speaker.iter().any(|&x| {
        let s = w.span(x);
        super::overlapping(places, s).iter().any(|p| !p.adjectival)
    }) && speaker.len() <= 2;
    titled || state
}
