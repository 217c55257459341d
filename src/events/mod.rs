//! Events in a dispatch: who did what, where and when.
//!
//! [`find_events`] walks the tokens of a [`Document`] once, matching a static
//! table of trigger words and phrases (verbs and nominalizations with their
//! inflections, see `lexicon`). Each trigger becomes an event mention typed
//! from the closed taxonomy below; then, per mention, rules over the
//! trigger's clause give its status (modals, negation, tense), its actors
//! (subject, object, "with", "from", "backed by" ...), its place (the
//! destination of a planned advance, the town naming talks, the place the
//! parse attaches to the trigger, else a place mention of the clause, else
//! of the sentence outside a reporter's frame, else the place the story
//! already gave the same talks or the conjunct's, else carried from context,
//! else the focus country) and its time (a time expression of the sentence,
//! else the article date for what is reported as current, else carried
//! from the previous event; never from a planned or hoped-for event to one
//! told as fact). A verb coordinated with a noun's predicate ("Talks are
//! due to adjourn on Thursday and to resume in April") is an event of its
//! own sharing the noun and its modality; a destination named after an
//! advance with a word of intent ("and God willing to Raqqa") a planned
//! advance of its own.
//! Finally definite anaphora ("the talks", "the Geneva talks") merge into the
//! earlier event of the same type.
//!
//! Must not: read the clock, touch egui, panic on any input.
//!
//! Limits: no parser, so actors and places come from word windows and
//! prepositions; elided verbs ("and a second bridge a week later"),
//! events expressed by ordinary verbs ("stations filled with families",
//! "registered ... Ukrainians") and clause-level coreference ("the city"
//! -> the place named earlier, beyond the previous event's place) are not
//! handled; "said" is an event only for a titled or state speaker and when
//! the sentence reports no other event.
//!
//! # Taxonomy
//!
//! After ACLED's event types and CAMEO's root codes, reduced to what a
//! conflict map and timeline needs, and kept as data: `assets/events/types.tsv`
//! defines each [`EventType`] (label, family, colours, definition) and
//! `assets/events/subtypes.tsv` each [`SubType`] with ACLED's disorder type,
//! event type and sub-event type (see `taxonomy`). The trigger words are in
//! `assets/events/triggers.tsv`.
//!
//! # Actor roles
//!
//! | role | meaning |
//! |---|---|
//! | `agent` | who does it: the subject of the trigger verb, the possessor or adjective of a trigger noun ("Kerry's visit", "a Ukrainian counteroffensive") |
//! | `patient` | who undergoes it: the subject of a passive, whom a place is taken from ("from Islamic State insurgents") |
//! | `partner` | the other side of a symmetric event: "meeting with Putin", "talks between X and Y" |
//! | `supporter` | who backs the agent: "backed by Russian air cover", "sponsored by Russia", "with U.S. support" |
//! | `target` | whom the action is aimed at: the object of an attack or strike, "against X" |
//! | `other` | any other actor named in the clause |

mod actors;
mod lexicon;
mod link;
mod refine;
mod status;
mod taxonomy;
mod words;

pub use taxonomy::{Acled, Family, SubType};

use chrono::NaiveDate;
use serde::Serialize;

use crate::gazetteer::Gazetteer;
use crate::lang::Annotation;
use crate::places::PlaceMention;
use crate::span::Span;
use crate::text::Document;
use crate::time::{Precision, TimeMention};

use words::Words;

/// The type of an event, from the closed taxonomy in the module docs.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    Battle,
    Offensive,
    Capture,
    Retreat,
    Airstrike,
    Bombing,
    AttackOnCivilians,
    Destruction,
    Displacement,
    Casualties,
    Ceasefire,
    Talks,
    Meeting,
    Agreement,
    Statement,
    Aid,
    Intervention,
    Election,
    Sanctions,
    Protest,
    Arrest,
}

impl EventType {
    /// Every type, in taxonomy order.
    pub const ALL: [EventType; 21] = [
        Self::Battle,
        Self::Offensive,
        Self::Capture,
        Self::Retreat,
        Self::Airstrike,
        Self::Bombing,
        Self::AttackOnCivilians,
        Self::Destruction,
        Self::Arrest,
        Self::Displacement,
        Self::Casualties,
        Self::Aid,
        Self::Ceasefire,
        Self::Talks,
        Self::Meeting,
        Self::Agreement,
        Self::Statement,
        Self::Intervention,
        Self::Election,
        Self::Sanctions,
        Self::Protest,
    ];

    /// The snake_case id ("attack_on_civilians").
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::Battle => "battle",
            Self::Offensive => "offensive",
            Self::Capture => "capture",
            Self::Retreat => "retreat",
            Self::Airstrike => "airstrike",
            Self::Bombing => "bombing",
            Self::AttackOnCivilians => "attack_on_civilians",
            Self::Destruction => "destruction",
            Self::Displacement => "displacement",
            Self::Casualties => "casualties",
            Self::Ceasefire => "ceasefire",
            Self::Talks => "talks",
            Self::Meeting => "meeting",
            Self::Agreement => "agreement",
            Self::Statement => "statement",
            Self::Aid => "aid",
            Self::Intervention => "intervention",
            Self::Election => "election",
            Self::Sanctions => "sanctions",
            Self::Protest => "protest",
            Self::Arrest => "arrest",
        }
    }

    /// A short human label ("Air/drone strike, shelling"), for legends and
    /// exports (`types.tsv`).
    #[must_use]
    pub fn label(self) -> &'static str {
        taxonomy::type_row(self).label
    }

    /// Its family, for colours and the timeline's lanes (`types.tsv`).
    #[must_use]
    pub fn family(self) -> Family {
        taxonomy::type_row(self).family
    }

    /// What the type covers, for docs and tooltips (`types.tsv`).
    #[must_use]
    pub fn definition(self) -> &'static str {
        taxonomy::type_row(self).definition
    }

    /// Its colour on a light (`dark = false`) or dark background (`types.tsv`).
    #[must_use]
    pub fn rgb(self, dark: bool) -> [u8; 3] {
        let r = taxonomy::type_row(self);
        if dark { r.dark } else { r.light }
    }

    /// The type with this id, if any.
    #[must_use]
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.id() == id)
    }
}

impl Status {
    /// The lowercase id, as in JSON ("planned").
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::Happened => "happened",
            Self::Ongoing => "ongoing",
            Self::Planned => "planned",
            Self::Negated => "negated",
            Self::Hypothetical => "hypothetical",
        }
    }
}

/// Whether the event happened, according to the dispatch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Reported as having happened (the default).
    Happened,
    /// Going on at the time of writing: "is raging", "continues", "still".
    Ongoing,
    /// Scheduled, announced or expected: "will", "due to", "plans to", "expected to".
    Planned,
    /// Said not to have happened: "did not", "no ... was", "nobody".
    Negated,
    /// Possible, hoped for or conditional: "would", "could", "if", "hoped to".
    Hypothetical,
}

/// What part an actor plays; see the table in the module docs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ActorRole {
    Agent,
    Patient,
    Partner,
    Supporter,
    Target,
    Other,
}

/// What kind of actor, by simple rules on the name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// "Vladimir Putin", "Kerry", "Foreign Minister Sergei Lavrov".
    Person,
    /// "United Nations", "Syrian Observatory for Human Rights", "the coalition".
    Organization,
    /// A country or its government: a place used as an actor ("Moscow",
    /// "Russia"), "the government".
    State,
    /// "Islamic State", "Syrian Democratic Forces", "rebels", "government forces".
    ArmedGroup,
    /// "civilians", "residents", anything the rules cannot tell.
    Unknown,
}

/// Someone taking part in an event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Actor {
    /// Byte span of the description in the text.
    pub span: Span,
    /// The description as written, without a leading article.
    pub text: String,
    pub role: ActorRole,
    pub kind: ActorKind,
    /// ACLED's actor category, where the words show it.
    pub category: Option<ActorCategory>,
}

/// ACLED's actor categories (its `inter` codes 1-8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActorCategory {
    StateForces,
    RebelGroup,
    PoliticalMilitia,
    IdentityMilitia,
    Rioters,
    Protesters,
    Civilians,
    /// External or other forces: international missions, coalitions.
    External,
}

impl ActorCategory {
    /// ACLED's `inter` code (1 state forces ... 8 external/other forces).
    #[must_use]
    pub fn inter(self) -> u8 {
        match self {
            Self::StateForces => 1,
            Self::RebelGroup => 2,
            Self::PoliticalMilitia => 3,
            Self::IdentityMilitia => 4,
            Self::Rioters => 5,
            Self::Protesters => 6,
            Self::Civilians => 7,
            Self::External => 8,
        }
    }
}

/// How an event's place was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PlaceSource {
    /// A place mention in the trigger's clause or sentence.
    Clause,
    /// Carried from context: the previous event's place or the paragraph's last place.
    Context,
    /// The dispatch's focus country (the most mentioned one).
    Focus,
    /// No place.
    None,
}

/// How an event's time was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TimeSource {
    /// A time expression of the trigger's sentence.
    Linked,
    /// Reported as current: the article date.
    ArticleDate,
    /// Carried from context: the previous event's time, or the last date
    /// the narrative gave before it (the paragraph's "On 3 May ...").
    Context,
    /// No time stated anywhere before it: the article's date, as the latest
    /// it can be (what a report tells has happened by then).
    Reported,
    /// No time.
    None,
}

/// One event, possibly mentioned several times.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    /// Index in the returned list, stable in document order.
    pub id: usize,
    pub kind: EventType,
    /// The kind of event inside its type, with ACLED's coding
    /// (`assets/events/subtypes.tsv`).
    pub sub_type: SubType,
    /// The word(s) that signal it: "meeting", "fought their way into", "retake".
    pub trigger: Span,
    /// The sentence the trigger is in.
    pub sentence: Span,
    /// Triggers of later mentions merged into this event ("the talks").
    pub mentions: Vec<Span>,
    pub actors: Vec<Actor>,
    /// Index into the places slice given to [`find_events`].
    pub place: Option<usize>,
    pub place_source: PlaceSource,
    /// Index into the times slice given to [`find_events`].
    pub time: Option<usize>,
    pub time_source: TimeSource,
    /// First day of the event's interval, when known.
    pub begin: Option<NaiveDate>,
    /// Last day (inclusive) of the event's interval, when known.
    pub end: Option<NaiveDate>,
    pub precision: Precision,
    pub status: Status,
    /// 0..1: how sure the detection is.
    pub confidence: f32,
    /// The dead the sentence counts, when it states a number.
    pub fatalities: Option<u32>,
}

/// A trigger found in the text, before linking.
#[derive(Clone, Debug)]
pub(crate) struct Trigger {
    pub kind: EventType,
    pub sub: SubType,
    /// Token range `[first, last)` of the trigger.
    pub first: usize,
    pub last: usize,
    pub sentence: usize,
    pub noun: bool,
    pub confidence: f32,
    /// A status forced by the trigger rule itself ("seeking to recapture": ongoing).
    pub status_hint: Option<Status>,
    /// The first token of the earlier trigger whose subject and modality
    /// this one shares: a verb coordinated with that trigger's predicate
    /// ("Talks are due to adjourn on Thursday and to resume in April": the
    /// resumption shares "Talks"). See [`shared`].
    pub shares: Option<usize>,
    /// The token starting the place this event moves to, when the words
    /// name it outright ("and God willing to Raqqa").
    pub destination: Option<usize>,
    /// The token of the verb read as a noun trigger's own predicate ("Talks
    /// are due to adjourn on Thursday"): its time is the noun's.
    pub predicate: Option<usize>,
}

/// The index in `triggers` (sorted, as found) of the trigger whose
/// subject and modality `t` shares, if any.
pub(crate) fn shared(triggers: &[Trigger], t: &Trigger) -> Option<usize> {
    let k = t.shares?;
    let i = triggers.partition_point(|o| o.first < k);
    (triggers.get(i)?.first == k).then_some(i)
}

/// The place mentions overlapping `s`; `places` is sorted and its spans do
/// not overlap, so this is a binary search, not a scan.
pub(crate) fn overlapping(places: &[PlaceMention], s: Span) -> &[PlaceMention] {
    let from = places.partition_point(|p| p.span.end <= s.start);
    let to = from + places[from..].partition_point(|p| p.span.start < s.end);
    &places[from..to]
}

/// Finds the events of `doc`, reading it with the bundled language model
/// (see [`find_events_in`] to pass a parse already made).
///
/// `places` and `times` are the document's place and time mentions (byte
/// spans into `doc.text`, sorted by start); events point into them by index.
/// `article_date` dates what is reported as current; without it such events
/// get no time. `gaz` resolves place ids (countries for the focus, names).
#[must_use]
pub fn find_events(
    doc: &Document,
    places: &[PlaceMention],
    times: &[TimeMention],
    article_date: Option<NaiveDate>,
    gaz: &Gazetteer,
) -> Vec<Event> {
    let ann = crate::lang::Model::bundled()
        .ok()
        .map(|m| Annotation::new(doc, m, Some(gaz)));
    find_events_in(doc, ann.as_ref(), places, times, article_date, gaz)
}

/// [`find_events`] with the language layer's parse of `doc`: an event's
/// place is then the one attached to its trigger in the sentence's tree.
#[must_use]
pub fn find_events_in(
    doc: &Document,
    ann: Option<&Annotation>,
    places: &[PlaceMention],
    times: &[TimeMention],
    article_date: Option<NaiveDate>,
    gaz: &Gazetteer,
) -> Vec<Event> {
    let w = Words::new(doc, ann);
    let triggers = lexicon::find_triggers(&w, places);
    if triggers.is_empty() {
        return Vec::new();
    }
    let mut events: Vec<Event> = Vec::with_capacity(triggers.len());
    let ctx = link::Context::new(&w, ann, places, times, gaz, &triggers);
    for (n, t) in triggers.iter().enumerate() {
        let mut status = status::status(&w, t, &triggers, n);
        let mut actors = actors::actors(&w, t, places, gaz);
        // A coordinated verb shares its conjunct's subject and modality
        // ("Talks are due to adjourn ... and to resume in April").
        if let Some(o) = shared(&triggers, t).and_then(|j| events.get(j)) {
            if status == Status::Happened {
                status = o.status;
            }
            if actors.is_empty() {
                actors.clone_from(&o.actors);
            }
        }
        let sentence = doc.sentences.get(t.sentence).copied().unwrap_or_default();
        let trigger = Span::new(
            w.span(t.first).start,
            w.span(t.last.saturating_sub(1).max(t.first)).end,
        );
        events.push(Event {
            id: n,
            kind: t.kind,
            sub_type: t.sub,
            trigger,
            sentence,
            mentions: Vec::new(),
            actors,
            place: None,
            place_source: PlaceSource::None,
            time: None,
            time_source: TimeSource::None,
            begin: None,
            end: None,
            precision: Precision::Unknown,
            status: t.status_hint.unwrap_or(status),
            confidence: t.confidence,
            fatalities: None,
        });
        if let Some(e) = events.last_mut() {
            refine::refine(&w, &triggers, n, e);
        }
    }
    ctx.link(&mut events, &triggers, article_date);
    let mut events = merge(&w, events, &triggers, places);
    for (i, e) in events.iter_mut().enumerate() {
        e.id = i;
        if matches!(e.status, Status::Hypothetical | Status::Negated) {
            e.confidence = (e.confidence - 0.1).max(0.05);
        }
    }
    events
}

/// Merges definite anaphora ("the talks", "the Geneva talks", "the
/// meeting") into the latest earlier event of the same type with a
/// compatible place and time.
fn merge(
    w: &Words<'_>,
    events: Vec<Event>,
    triggers: &[Trigger],
    places: &[PlaceMention],
) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    // Whether each event of `out` is a coordinated verb's ("to resume in
    // April"): "the talks" later name the talks, not their resumption.
    let mut coordinated: Vec<bool> = Vec::with_capacity(events.len());
    for (e, t) in events.into_iter().zip(triggers) {
        if t.noun && w.definite_before(t.first, places) {
            let attack = matches!(
                w.lower(t.first),
                "attack" | "attacks" | "assault" | "raid" | "raids" | "strikes" | "strike"
            );
            let target = out.iter().zip(&coordinated).rposition(|(o, &c)| {
                !c && (o.kind == e.kind || attack && violent(o.kind) && violent(e.kind))
                    && compatible_place(o, &e, places)
                    && (e.time_source != TimeSource::Linked
                        || o.time_source == TimeSource::None
                        || o.begin == e.begin)
            });
            if let Some(j) = target {
                let o = &mut out[j];
                o.mentions.push(e.trigger);
                if o.place.is_none() && e.place_source == PlaceSource::Clause {
                    o.place = e.place;
                    o.place_source = e.place_source;
                }
                for a in e.actors {
                    if !o.actors.iter().any(|b| b.text == a.text) {
                        o.actors.push(a);
                    }
                }
                continue;
            }
        }
        out.push(e);
        coordinated.push(t.shares.is_some());
    }
    out
}

fn violent(k: EventType) -> bool {
    matches!(
        k,
        EventType::Battle
            | EventType::Airstrike
            | EventType::Bombing
            | EventType::AttackOnCivilians
    )
}

fn compatible_place(a: &Event, b: &Event, places: &[PlaceMention]) -> bool {
    if b.place_source != PlaceSource::Clause {
        return true;
    }
    match (a.place, b.place) {
        (Some(x), Some(y)) => {
            let (px, py) = (places.get(x), places.get(y));
            match (px.and_then(|p| p.place), py.and_then(|p| p.place)) {
                (Some(i), Some(j)) => i == j,
                _ => true,
            }
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests;
