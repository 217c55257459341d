//! What the panels are given each frame besides the view models of the map, text and
//! timeline: the bundle of one analysis's view models ([`Models`]), the app-wide
//! [`Selection`] and what a panel reads of an open dispatch ([`DispatchRow`]). Plain data,
//! owned by the app, read by the panels.

use std::sync::Arc;

use crate::analysis::{Analysis, DateHint};
use crate::gazetteer::Gazetteer;

use super::map::MapModel;
use super::text::{Paragraph, paragraphs};
use super::timeline::{LaneBy, TimelineModel};
use super::{Item, Related};

/// The view models of one analysis, computed once per analysis.
#[derive(Debug)]
pub struct Models {
    pub paragraphs: Vec<Paragraph>,
    pub map: MapModel,
    pub timeline: TimelineModel,
    pub lanes: LaneBy,
}

impl Models {
    #[must_use]
    pub fn build(a: &Analysis, gaz: &Gazetteer, lanes: LaneBy) -> Self {
        Self {
            paragraphs: paragraphs(a),
            map: MapModel::build(a, gaz),
            timeline: TimelineModel::build(a, gaz, lanes),
            lanes,
        }
    }
}

/// The app-wide selection.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    pub item: Option<Item>,
    /// What the selected item brings along (its place, sentence …).
    pub related: Related,
}

/// What the panels read of one open dispatch.
#[derive(Clone, Copy, Debug)]
pub struct DispatchRow<'a> {
    pub id: u64,
    pub name: &'a str,
    /// Decoding warnings, shown above the text.
    pub warnings: &'a [String],
    /// The latest analysis (corrections applied), once there is one.
    pub analysis: Option<&'a Arc<Analysis>>,
    /// How its article date is chosen.
    pub hint: DateHint,
    /// An analysis is being computed.
    pub analysing: bool,
    /// Left out of "all dispatches".
    pub hidden: bool,
}
