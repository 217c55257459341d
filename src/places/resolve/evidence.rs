//! The evidence [`confidence`] weighs for a resolved mention: its entry's
//! kind and size, the terms that scored it, how the word is written, what
//! the language layer reads.

use crate::gazetteer::{Candidate, MatchKind, PlaceKind, fold::strip_arabic_article, fold_into};
use crate::places::{confidence, lexicon};

use super::fuzzy::edit_distance;
use super::score::Why;
use super::{Mention, Resolver};

/// What the whole dispatch shows about a mention's name.
pub(super) struct Seen {
    /// The chosen candidate's score over the best rival's (see
    /// [`super::score::distinct`]); `None` when there is no rival.
    pub margin: Option<f32>,
    /// The chosen candidate and its rivals.
    pub candidates: usize,
}

/// The number of candidates at which the `candidates` feature reaches 1.
const MAX_CANDIDATES_SCALE: usize = 12;

impl Resolver<'_, '_> {
    /// The evidence for mention `m` resolved to `cand`.
    #[allow(clippy::cast_precision_loss)]
    pub(super) fn evidence(
        &self,
        m: &Mention,
        cand: &Candidate<'_>,
        why: &Why,
        seen: &Seen,
    ) -> confidence::Evidence {
        let (doc, ann, units, words) = (self.doc, self.ann, &self.units[..], &self.words);
        let text = doc.text.as_str();
        let p = &cand.place;
        let mut e = confidence::Evidence::default();
        e.set("margin", seen.margin.map_or(1.0, |d| d / 5.0));
        e.flag("lone_candidate", seen.margin.is_none());
        e.set(
            "candidates",
            (seen.candidates as f32).ln() / (MAX_CANDIDATES_SCALE as f32).ln(),
        );
        e.flag("kind_country", p.kind == PlaceKind::Country);
        e.flag("kind_admin1", p.kind == PlaceKind::Admin1);
        e.flag("kind_region", p.kind == PlaceKind::Region);
        e.flag("kind_user", p.kind == PlaceKind::User);
        e.flag("capital", p.capital);
        // Another spelling of the entry's name ("Hama" for Ḩamāh, "Idleb" for
        // Idlib) is not the loose alternate that "Taliban" is of a Turkish town.
        let mut folded = String::new();
        let mut main_name = String::new();
        fold_into(&text[m.span.range()], &mut folded);
        fold_into(p.name, &mut main_name);
        let bare = strip_arabic_article(&main_name).unwrap_or(&main_name);
        let spelling = edit_distance(&folded, bare).min(edit_distance(&folded, &main_name))
            <= (folded.len() / 4).max(1);
        let loose = matches!(
            cand.matched,
            MatchKind::Alternate | MatchKind::WithoutArticle
        );
        let alternate = loose && !spelling;
        e.flag("spelling_variant", loose && spelling);
        if matches!(p.kind, PlaceKind::Populated | PlaceKind::User) {
            let size = (((p.population as f32) + 1.0).log10() - 2.0) / 5.0;
            e.set("population", size);
            e.flag("population_100k", p.population >= 100_000);
            e.flag("population_1m", p.population >= 1_000_000);
            if alternate {
                e.set("alternate_name_population", size);
            }
        }
        e.flag("alternate_name", alternate);
        e.flag("abbreviation", cand.matched == MatchKind::Abbreviation);
        e.flag("qualified", why.qualified);
        e.flag("contains_other", why.contains);
        e.flag("region_word", why.region_word);
        e.set("country_in_context", why.country);
        e.set("admin1_in_context", why.admin1);
        e.set("near", why.near);
        e.flag("dateline", m.dateline);
        e.flag("fuzzy", m.fuzzy);
        e.flag("adjectival", m.adjectival);
        e.flag("metonymy", m.metonymy);
        e.flag("multiword", m.a != m.b);
        let first = units[m.a];
        e.flag("all_caps", first.caps);
        e.flag("sentence_start", first.initial || first.headline);
        let surface = &text[m.span.range()];
        if m.a == m.b && surface.chars().any(char::is_uppercase) {
            let lower = surface.to_lowercase();
            e.flag("lowercase_elsewhere", words.contains(lower.as_str()));
        }
        e.flag("common_word", m.a == m.b && lexicon::common(&folded));
        let head = folded.split(' ').next().unwrap_or("");
        e.flag(
            "given_name",
            lexicon::given_name(head) || lexicon::person_name(head),
        );
        if let Some(ann) = ann
            && let (Some(a), Some(b)) = (
                doc.token_at(m.span.start),
                doc.token_at(m.span.end.saturating_sub(1)),
            )
            && let Some(name) = ann.names_in(a, b + 1).next()
        {
            e.set("name_person", name.probs.person);
            e.set("name_organization", name.probs.organization);
            e.set("name_place", name.probs.place);
        }
        e
    }
}
