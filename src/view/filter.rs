//! Which events a view or an export keeps: dates, types and dispatches. The map, the
//! timeline and every export format apply the same [`Filter`], so what is shown is what
//! goes out.

use chrono::NaiveDate;

use crate::events::EventType;

/// Which events go out. The default lets everything through.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    /// Keep events whose interval meets `[from, to]` (inclusive days);
    /// undated events are dropped when either bound is set.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Keep only these event types (`None`: all).
    pub types: Option<Vec<EventType>>,
    /// Keep only these dispatches, by source name (`None`: all).
    pub sources: Option<Vec<String>>,
}

impl Filter {
    /// Whether an event passes.
    #[must_use]
    pub fn keeps(
        &self,
        source: &str,
        kind: EventType,
        begin: Option<NaiveDate>,
        end: Option<NaiveDate>,
    ) -> bool {
        if self
            .sources
            .as_ref()
            .is_some_and(|s| !s.iter().any(|n| n == source))
        {
            return false;
        }
        if self.types.as_ref().is_some_and(|t| !t.contains(&kind)) {
            return false;
        }
        if self.from.is_none() && self.to.is_none() {
            return true;
        }
        let (Some(b), Some(e)) = (begin, end.or(begin)) else {
            return false;
        };
        self.from.is_none_or(|f| e >= f) && self.to.is_none_or(|t| b <= t)
    }

    /// Whether a dispatch passes the source filter.
    #[must_use]
    pub fn keeps_source(&self, source: &str) -> bool {
        self.sources
            .as_ref()
            .is_none_or(|s| s.iter().any(|n| n == source))
    }
}
