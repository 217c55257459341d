//! The app's state that outlives a frame: open dispatches, selection and
//! hover. The persisted session is `crate::project::Session`.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::analysis::{Analysis, DateHint};
use crate::gazetteer::Gazetteer;
use crate::text::DateSource;
use crate::view::corrections::Correction;
use crate::view::map::MapModel;
use crate::view::timeline::{LaneBy, TimelineModel};
use crate::view::{DispatchRow, Models};

pub use crate::project::{SavedDispatch, Session};

/// One open dispatch.
pub struct Dispatch {
    pub id: u64,
    pub name: String,
    pub text: String,
    pub meta_date: Option<(NaiveDate, DateSource)>,
    pub hint: DateHint,
    /// Decoding warnings, shown above the text.
    pub warnings: Vec<String>,
    pub corrections: Vec<Correction>,
    /// The latest analysis, with corrections applied; `None` until the first arrives.
    pub analysis: Option<Arc<Analysis>>,
    /// View models of `analysis`.
    pub models: Option<Arc<Models>>,
    /// Bumped on every re-analysis request; older replies are dropped.
    pub generation: u64,
    /// The generation of `analysis`.
    pub done: u64,
    /// Map and timeline should fit this dispatch when its analysis arrives.
    pub fit_pending: bool,
    /// The timeline should fit this dispatch when its next analysis arrives (its date
    /// changed, so its events moved).
    pub timeline_fit_pending: bool,
    /// Where the map was looking when the user last left this dispatch (`None`: fit it).
    pub map_view: Option<crate::map::MapView>,
    /// The timeline's day range when the user last left this dispatch.
    pub timeline_range: Option<(f64, f64)>,
    /// Left out of "all dispatches" by the filter by dispatch.
    pub hidden: bool,
}

impl Dispatch {
    /// Whether an analysis is being computed.
    #[must_use]
    pub fn analysing(&self) -> bool {
        self.done < self.generation
    }

    /// What the panels read of it.
    #[must_use]
    pub fn row(&self) -> DispatchRow<'_> {
        DispatchRow {
            id: self.id,
            name: &self.name,
            warnings: &self.warnings,
            analysis: self.analysis.as_ref(),
            hint: self.hint,
            analysing: self.analysing(),
            hidden: self.hidden,
        }
    }
}

/// The map and timeline of every shown dispatch at once ("all dispatches").
pub struct Combined {
    /// Combined map and timeline (no paragraphs: the text is one dispatch's).
    pub models: Arc<Models>,
    /// The dispatch id of each timeline bar (parallel to `models.timeline.bars`).
    pub bar_dispatch: Arc<Vec<u64>>,
}

impl Combined {
    /// Combines the analysed, unhidden dispatches; timelines are rebuilt
    /// where their lanes differ from `lanes`.
    #[must_use]
    pub fn build(dispatches: &[Dispatch], gaz: &Gazetteer, lanes: LaneBy) -> Self {
        let shown: Vec<(&Dispatch, &Arc<Models>)> = dispatches
            .iter()
            .filter(|d| !d.hidden)
            .filter_map(|d| d.models.as_ref().map(|m| (d, m)))
            .collect();
        let rebuilt: Vec<Option<TimelineModel>> = shown
            .iter()
            .map(|(d, m)| {
                (m.lanes != lanes)
                    .then(|| {
                        d.analysis
                            .as_ref()
                            .map(|a| TimelineModel::build(a, gaz, lanes))
                    })
                    .flatten()
            })
            .collect();
        let (timeline, from) = TimelineModel::combine(
            shown
                .iter()
                .zip(&rebuilt)
                .map(|((_, m), r)| r.as_ref().unwrap_or(&m.timeline)),
        );
        let map = MapModel::combine(shown.iter().map(|(_, m)| &m.map));
        Self {
            models: Arc::new(Models {
                paragraphs: Vec::new(),
                map,
                timeline,
                lanes,
            }),
            bar_dispatch: Arc::new(from.into_iter().map(|i| shown[i].0.id).collect()),
        }
    }
}
