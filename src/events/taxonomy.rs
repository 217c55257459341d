//! The event taxonomy as data: `assets/events/types.tsv` (one row per
//! [`EventType`]: label, family, colours, definition) and
//! `assets/events/subtypes.tsv` (one row per [`SubType`], with ACLED's
//! disorder type, event type and sub-event type). Both are compiled in and
//! read once; a test checks that the types table and the enum agree row for
//! row, so a type cannot be half added.

use std::sync::LazyLock;

use serde::{Serialize, Serializer};

use super::EventType;

const TYPES: &str = include_str!("../../assets/events/types.tsv");
const SUBTYPES: &str = include_str!("../../assets/events/subtypes.tsv");

/// A group of types sharing a colour and a timeline lane "by family".
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// Battles, offensives, captures, retreats.
    Fighting,
    /// Explosions and remote violence: strikes, shelling, bombs.
    Remote,
    /// Violence against civilians and their property.
    Civilians,
    /// Displacement, casualties, aid.
    Humanitarian,
    /// Ceasefires, talks, meetings, agreements, statements.
    Diplomacy,
    /// Interventions, arrests, elections, sanctions, protests.
    Politics,
}

impl Family {
    /// Every family, in display order.
    pub const ALL: [Family; 6] = [
        Self::Fighting,
        Self::Remote,
        Self::Civilians,
        Self::Humanitarian,
        Self::Diplomacy,
        Self::Politics,
    ];

    /// The id used in the tables ("remote").
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::Fighting => "fighting",
            Self::Remote => "remote",
            Self::Civilians => "civilians",
            Self::Humanitarian => "humanitarian",
            Self::Diplomacy => "diplomacy",
            Self::Politics => "politics",
        }
    }

    /// A human label ("Explosions, remote violence").
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Fighting => "Fighting",
            Self::Remote => "Explosions, remote violence",
            Self::Civilians => "Violence against civilians",
            Self::Humanitarian => "Humanitarian",
            Self::Diplomacy => "Diplomacy",
            Self::Politics => "Politics, protests",
        }
    }

    fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.id() == id)
    }
}

/// One row of `types.tsv`.
#[derive(Debug)]
pub(crate) struct TypeRow {
    pub id: &'static str,
    pub label: &'static str,
    pub family: Family,
    pub light: [u8; 3],
    pub dark: [u8; 3],
    pub definition: &'static str,
}

/// ACLED's coding of a kind of event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Acled {
    /// "Political violence", "Demonstrations" or "Strategic developments".
    pub disorder_type: &'static str,
    /// "Battles", "Explosions/Remote violence", "Violence against civilians",
    /// "Protests", "Riots" or "Strategic developments".
    pub event_type: &'static str,
    /// The sub-event type ("Shelling/artillery/missile attack").
    pub sub_event_type: &'static str,
}

/// One row of `subtypes.tsv`.
#[derive(Debug)]
struct SubRow {
    id: &'static str,
    kind: EventType,
    label: &'static str,
    acled: Option<Acled>,
}

struct Tables {
    types: Vec<TypeRow>,
    subs: Vec<SubRow>,
}

fn rows(text: &'static str) -> impl Iterator<Item = (usize, Vec<&'static str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(n, l)| (n + 1, l.split('\t').map(str::trim).collect()))
}

fn rgb(s: &str) -> Option<[u8; 3]> {
    let h = s.strip_prefix('#')?;
    if h.len() != 6 {
        return None;
    }
    let b = |i: usize| u8::from_str_radix(h.get(i..i + 2)?, 16).ok();
    Some([b(0)?, b(2)?, b(4)?])
}

/// Parses both tables; a malformed row is a bug in the bundled data, so it
/// panics with the file and line (the tests read the tables on every run).
fn parse() -> Tables {
    let mut types = Vec::new();
    for (n, c) in rows(TYPES) {
        let [id, label, family, light, dark, definition] = c[..] else {
            panic!("types.tsv:{n}: expected 6 columns, found {}", c.len());
        };
        let bad = |what: &str| -> ! { panic!("types.tsv:{n}: bad {what}") };
        types.push(TypeRow {
            id,
            label,
            family: Family::from_id(family).unwrap_or_else(|| bad("family")),
            light: rgb(light).unwrap_or_else(|| bad("light colour")),
            dark: rgb(dark).unwrap_or_else(|| bad("dark colour")),
            definition,
        });
    }
    let mut subs = Vec::new();
    for (n, c) in rows(SUBTYPES) {
        let [id, kind, label, disorder, acled_type, acled_sub] = c[..] else {
            panic!("subtypes.tsv:{n}: expected 6 columns, found {}", c.len());
        };
        let kind = EventType::from_id(kind)
            .unwrap_or_else(|| panic!("subtypes.tsv:{n}: unknown type {kind:?}"));
        let acled = (acled_type != "-").then_some(Acled {
            disorder_type: disorder,
            event_type: acled_type,
            sub_event_type: acled_sub,
        });
        subs.push(SubRow {
            id,
            kind,
            label,
            acled,
        });
    }
    Tables { types, subs }
}

static TABLES: LazyLock<Tables> = LazyLock::new(parse);

/// The row of `t` in `types.tsv`.
pub(crate) fn type_row(t: EventType) -> &'static TypeRow {
    let tables = &*TABLES;
    tables
        .types
        .iter()
        .find(|r| r.id == t.id())
        .unwrap_or_else(|| panic!("types.tsv has no row for {}", t.id()))
}

/// The kind of event inside a type, with ACLED's coding of it; see
/// `assets/events/subtypes.tsv`. Serialised as its id ("shelling").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SubType(u16);

impl SubType {
    fn row(self) -> &'static SubRow {
        &TABLES.subs[usize::from(self.0)]
    }

    /// The id ("shelling").
    #[must_use]
    pub fn id(self) -> &'static str {
        self.row().id
    }

    /// The human label ("Shelling/artillery/missile attack").
    #[must_use]
    pub fn label(self) -> &'static str {
        self.row().label
    }

    /// The sitrep type it belongs to.
    #[must_use]
    pub fn kind(self) -> EventType {
        self.row().kind
    }

    /// ACLED's coding, `None` for kinds ACLED does not code (talks, aid ...).
    #[must_use]
    pub fn acled(self) -> Option<Acled> {
        self.row().acled
    }

    /// The sub-type with this id.
    #[must_use]
    pub fn from_id(id: &str) -> Option<Self> {
        let i = TABLES.subs.iter().position(|r| r.id == id)?;
        u16::try_from(i).ok().map(Self)
    }

    /// The default sub-type of `t`: its first row.
    #[must_use]
    pub fn default_for(t: EventType) -> Self {
        let i = TABLES
            .subs
            .iter()
            .position(|r| r.kind == t)
            .unwrap_or_else(|| panic!("subtypes.tsv has no row for type {}", t.id()));
        Self(u16::try_from(i).unwrap_or(0))
    }

    /// Every sub-type, in table order.
    pub fn all() -> impl Iterator<Item = Self> {
        (0..TABLES.subs.len()).filter_map(|i| u16::try_from(i).ok().map(Self))
    }
}

impl Serialize for SubType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl schemars::JsonSchema for SubType {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SubType".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let ids: Vec<&str> = Self::all().map(Self::id).collect();
        schemars::json_schema!({ "type": "string", "enum": ids })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_table_and_enum_agree_row_for_row() {
        let ids: Vec<&str> = TABLES.types.iter().map(|r| r.id).collect();
        let enum_ids: Vec<&str> = EventType::ALL.iter().map(|t| t.id()).collect();
        assert_eq!(ids, enum_ids);
    }

    #[test]
    fn every_type_has_a_sub_type_and_sub_type_ids_are_unique() {
        for t in EventType::ALL {
            assert_eq!(SubType::default_for(t).kind(), t);
        }
        let mut ids: Vec<&str> = SubType::all().map(SubType::id).collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate sub-type ids");
    }

    #[test]
    fn acled_codes_are_acled_s_own_categories() {
        let types = [
            "Battles",
            "Explosions/Remote violence",
            "Violence against civilians",
            "Protests",
            "Riots",
            "Strategic developments",
        ];
        let disorders = [
            "Political violence",
            "Demonstrations",
            "Strategic developments",
        ];
        for s in SubType::all() {
            if let Some(a) = s.acled() {
                assert!(
                    types.contains(&a.event_type),
                    "{}: {}",
                    s.id(),
                    a.event_type
                );
                assert!(disorders.contains(&a.disorder_type), "{}", s.id());
            }
        }
        let shelling = SubType::from_id("shelling").map(SubType::acled);
        assert_eq!(
            shelling.flatten().map(|a| a.sub_event_type),
            Some("Shelling/artillery/missile attack")
        );
    }
}
