//! sitrep's integration tests, linked into one test binary: every test
//! binary links the app and the 23 MB bundled gazetteer, so one binary instead
//! of thirteen keeps a clean `cargo test` several gigabytes smaller and
//! minutes faster. Each module is one area; run one with
//! `cargo test --test it gazetteer::`.

mod analysis;
#[cfg(feature = "gui")]
mod app_file_dialog;
#[cfg(feature = "gui")]
mod app_harness;
#[cfg(feature = "gui")]
mod app_polish;
#[cfg(feature = "gui")]
mod app_present;
#[cfg(feature = "gui")]
mod app_search;
#[cfg(feature = "gui")]
mod app_sessions;
#[cfg(feature = "snapshots")]
mod app_snapshots;
#[cfg(feature = "gui")]
mod app_ui;
#[cfg(feature = "gui")]
mod app_undated;
mod architecture;
mod batch_cli;
mod cli_harness;
mod crash_saves;
mod event_places;
mod events_bad_input;
mod events_dispatches;
mod export_briefing;
mod export_cli;
mod export_formats;
mod export_story;
mod export_table;
mod extract_cli;
mod extract_jsonl;
mod fuzz_regressions;
mod gazetteer;
mod lang;
mod map_basemap;
mod map_marks;
mod map_view;
mod messages;
mod places_bad_input;
mod places_dispatches;
mod project;
mod spark_stage;
mod text_document;
mod text_input;
mod time_narrative;
mod times_dispatches;
mod view_snapshot;
