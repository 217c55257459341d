//! Screen-space view-model helpers for marks (filled in next).
