//! The desktop app (behind the `gui` feature): owns the state (dispatches,
//! selection, hover, view state, theme, the panels' own state), lays out the panels of
//! [`crate::ui`] each frame ([`layout`]) giving each a view context and its state, and
//! applies the [`Command`]s they return, once, at the end of the frame. Analyses run on a
//! worker thread ([`worker`]).
//!
//! Must not: paint (that is `ui`), or block the UI thread on analysis or I/O.

mod io;
mod keys;
mod layout;
pub mod present;
pub mod state;
mod views;
mod window;
pub mod worker;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

pub use crate::ui::Command;
pub use crate::view::{Models, Selection};
pub use io::png_bytes;
pub use state::{Combined, Dispatch, SavedDispatch, Session};
pub use window::{DisplayEnv, run, window_message};
pub use worker::{Job, Reply, Worker};

use crate::analysis::{Analysis, DateHint};
use crate::export::{Format, Source, Table};
use crate::gazetteer::Gazetteer;
use crate::map::MapView;
use crate::text::{DateSource, Input};
use crate::ui;
use crate::ui::file_dialog::FileRequest;
use crate::view::Filter;
use crate::view::corrections::{Correction, upsert};
use crate::view::timeline::TimelineView;
use crate::view::{Item, Related};

/// The bundled sample, opened on the first start.
pub const SAMPLE: &str = include_str!("../../assets/sample-dispatch.txt");
/// The sample's name in the dispatch list.
pub const SAMPLE_NAME: &str = "sample-dispatch.txt";
/// How long the session must be unchanged before it is saved.
const AUTOSAVE_AFTER: Duration = Duration::from_millis(1500);
/// What a failed autosave means for the user's work.
const UNSAVED: &str = "The session was not saved; everything stays open here, and \"Project → Save project as…\" can keep it elsewhere";
/// How long a playing window takes to move by its own width.
pub const PLAY_SECONDS_PER_WIDTH: f64 = 1.5;

/// How the app talks to the world: injected, so tests run it deterministically.
pub struct Config {
    /// Where the session is saved and loaded from; `None` saves nothing.
    pub session_file: Option<PathBuf>,
    pub worker: Worker,
    pub dialogs: FileDialogs,
}

/// Which file dialogs the app shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileDialogs {
    /// The desktop's (XDG desktop portal, else zenity) when the session bus
    /// has one, else sitrep's own, saying why.
    Desktop,
    /// Always sitrep's own, for this reason (shown in the dialog).
    BuiltIn(String),
}

impl FileDialogs {
    /// `SITREP_FILE_DIALOG=builtin` asks for sitrep's own dialog; anything
    /// else (or nothing) for the desktop's.
    #[must_use]
    pub fn from_env() -> Self {
        match std::env::var("SITREP_FILE_DIALOG") {
            Ok(v) if v.eq_ignore_ascii_case("builtin") => Self::BuiltIn(
                "sitrep's own file dialog, as SITREP_FILE_DIALOG=builtin asks.".into(),
            ),
            _ => Self::Desktop,
        }
    }
}

impl Config {
    /// No session file, analyses inline: for tests and benches.
    #[must_use]
    pub fn headless(gaz: &Gazetteer) -> Self {
        Self {
            session_file: None,
            worker: Worker::inline(gaz.clone()),
            dialogs: FileDialogs::BuiltIn("sitrep's own file dialog (a headless run).".into()),
        }
    }
}

/// A message over the text: an error (binary file) or a notice.
#[derive(Clone, Debug, PartialEq)]
pub struct Banner {
    pub text: String,
    pub error: bool,
}

impl Banner {
    /// An error banner from the typed error itself: the error and its causes,
    /// each said once (it names its file), then `then`: what it means for
    /// the user's data ("Nothing was changed.").
    #[must_use]
    pub fn error(err: &(dyn std::error::Error + 'static), then: &str) -> Self {
        let mut text = crate::cli::error_line(err);
        if !then.is_empty() {
            text.push_str(". ");
            text.push_str(then);
        }
        Self { text, error: true }
    }
}

/// Whether `a` mentions the place `id`.
fn mentions(a: &Analysis, id: u32) -> bool {
    a.places
        .mentions
        .iter()
        .any(|m| m.place.is_some_and(|p| p.0 == id))
}

/// How far a batch of work has come: `done` of `total`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// One undoable change of a dispatch's corrections or its article date.
#[derive(Clone, Debug)]
struct Edit {
    dispatch: u64,
    before: Vec<Correction>,
    after: Vec<Correction>,
    /// How the article date was chosen before and after (a typed date, or "detect").
    hint_before: DateHint,
    hint_after: DateHint,
}

/// Per-panel state that is not persisted (beyond egui's memory).
#[derive(Default)]
pub struct PanelState {
    pub text: ui::text::TextState,
    pub inspector: ui::inspector::InspectorState,
    pub top: ui::top_bar::TopBarState,
    pub paste: ui::paste::PasteState,
    pub files: ui::file_dialog::FileDialogState,
}

/// The app's state.
pub struct SitrepApp {
    gaz: Gazetteer,
    pub dispatches: Vec<Dispatch>,
    /// Index into `dispatches`.
    pub active: usize,
    next_id: u64,
    pub selection: Selection,
    /// What the pointer was over last frame (read this frame by every panel).
    pub hover: Option<Item>,
    pub map: MapView,
    pub timeline: TimelineView,
    /// What the map and timeline show: the brushed time window (`from`/`to`)
    /// and, later, types and sources. Exports read the same filter.
    pub filter: crate::view::Filter,
    /// The window is sweeping through time ("play").
    pub playing: bool,
    /// Map and timeline show every unhidden dispatch, not only the active one.
    pub show_all: bool,
    /// The combined models of "all dispatches", built when first needed
    /// after a change (`None`: stale).
    combined: Option<Arc<Combined>>,
    /// Days the sweep has moved but not yet applied (the window moves by whole days).
    play_carry: f64,
    pub dark: bool,
    pub panels: PanelState,
    pub banner: Option<Banner>,
    undo: Vec<Edit>,
    redo: Vec<Edit>,
    worker: Worker,
    session_file: Option<PathBuf>,
    /// When the session last changed and is not saved yet.
    dirty_since: Option<Instant>,
    /// Map viewport size last frame (for fitting).
    pub map_size: [f32; 2],
    /// An open file dialog's answer (what to do with the chosen path), when it comes.
    dialog: Option<std::sync::mpsc::Receiver<Option<Command>>>,
    /// Which file dialogs to show, and (once asked) whether the desktop has one.
    dialogs: FileDialogs,
    desktop_dialog: Option<Result<(), String>>,
    /// The folder sitrep's own file dialog last showed (it opens there again).
    last_dir: Option<PathBuf>,
    /// Where the map was painted last frame (for "the map as PNG").
    pub map_rect: egui::Rect,
    /// The search's results, and what they were computed from (the query, and
    /// each dispatch's id and analysis), so they are redone only when one changes.
    search: Option<(SearchKey, Arc<crate::view::search::Results>)>,
    /// Results of writes done off the UI thread (exports, captures), as banners.
    notices: (
        std::sync::mpsc::Sender<Banner>,
        std::sync::mpsc::Receiver<Banner>,
    ),
    /// An autosave in progress (on its own thread), and its outcome.
    saving: Option<std::sync::mpsc::Receiver<Result<(), crate::project::ProjectError>>>,
    /// Files asked for in the current batch of opens, and how many of them
    /// are read so far (both reset when the batch is done).
    pub opening: Progress,
    /// The Natural Earth basemap's per-frame buffers, shared with the map panel.
    pub(crate) basemap: std::rc::Rc<crate::ui::basemap::NaturalEarth>,
    /// When the process started, if the first frame's timing is wanted.
    launched: Option<Instant>,
    /// With SITREP_TIMING: since when, the slowest frame and the frame count.
    frame_times: Option<(Instant, Duration, u32)>,
    /// Present mode, while it is on.
    pub present: Option<present::Presenting>,
    /// With SITREP_TIMING, during a flight: when the step's frame began, the frames since,
    /// and the slowest of them (UI-thread work).
    flight_times: Option<(Instant, u32, Duration)>,
    /// Enter present mode once the files being opened are read and analysed
    /// (`sitrep --present FILE...`).
    pub present_when_ready: bool,
    /// The window is cleared to present mode's stage colour (the native window; see
    /// [`eframe::App::clear_color`]), so its panels need not fill it again.
    pub stage_cleared: bool,
}

impl SitrepApp {
    /// The app, with the session from `config.session_file` if there is one
    /// (else the bundled sample). A session file that cannot be read is moved
    /// aside (`session.json` -> `session.json.unreadable`), never overwritten,
    /// and a banner says so.
    #[must_use]
    pub fn new(ctx: &egui::Context, gaz: Gazetteer, config: Config) -> Self {
        let mut problem = None;
        let session = match config.session_file.as_deref() {
            Some(p) if p.exists() => match Session::load(p) {
                Ok(s) => Some(s),
                Err(e) => {
                    let aside = p.with_extension("json.unreadable");
                    let kept = std::fs::rename(p, &aside).is_ok();
                    problem = Some(if kept {
                        Banner::error(
                            &e,
                            &format!("It was kept as {}; starting afresh.", aside.display()),
                        )
                    } else {
                        Banner::error(&e, "Starting afresh; the file is left as it is.")
                    });
                    None
                }
            },
            _ => None,
        };
        let mut app = Self::from_session(ctx, gaz, config, session);
        if let Some(banner) = problem {
            app.banner = Some(banner);
        }
        app
    }

    /// The app restored from `session` (`None`: a first start, with the sample).
    #[must_use]
    pub fn from_session(
        ctx: &egui::Context,
        gaz: Gazetteer,
        config: Config,
        session: Option<Session>,
    ) -> Self {
        crate::ui::theme::install_fonts(ctx);
        let first_start = session.is_none();
        let session = session.unwrap_or_default();
        let mut app = Self {
            gaz,
            dispatches: Vec::new(),
            active: 0,
            next_id: 1,
            selection: Selection::default(),
            hover: None,
            map: session.map,
            timeline: session.timeline,
            filter: crate::view::Filter::default(),
            playing: false,
            show_all: false,
            combined: None,
            play_carry: 0.0,
            dark: session.dark,
            panels: PanelState::default(),
            banner: None,
            undo: Vec::new(),
            redo: Vec::new(),
            worker: config.worker,
            session_file: config.session_file,
            dirty_since: None,
            map_size: [800.0, 500.0],
            dialog: None,
            dialogs: config.dialogs,
            desktop_dialog: None,
            last_dir: None,
            map_rect: egui::Rect::NOTHING,
            search: None,
            notices: std::sync::mpsc::channel(),
            opening: Progress::default(),
            saving: None,
            basemap: std::rc::Rc::default(),
            launched: None,
            frame_times: None,
            present: None,
            present_when_ready: false,
            flight_times: None,
            stage_cleared: false,
        };
        app.add_saved(session.dispatches);
        if first_start || app.dispatches.is_empty() {
            app.add_dispatch(
                SAMPLE_NAME.into(),
                SAMPLE.into(),
                None,
                DateHint::Detect,
                Vec::new(),
                Vec::new(),
            );
        }
        app.active = session.active.min(app.dispatches.len().saturating_sub(1));
        if !first_start {
            app.adopt_session_view(session.map, session.timeline);
        }
        ui::theme::apply(ctx, app.dark);
        app
    }

    /// Closes the bundled sample when it is open unchanged and alone with what the user
    /// asked for: `sitrep a.txt` shows a.txt, not a.txt and the sample.
    pub fn drop_sample(&mut self) {
        let sample =
            |d: &Dispatch| d.name == SAMPLE_NAME && d.text == SAMPLE && d.corrections.is_empty();
        if let Some(i) = self.dispatches.iter().position(sample) {
            self.dispatches.remove(i);
            self.active = self.active.min(self.dispatches.len().saturating_sub(1));
            self.combined = None;
        }
    }

    /// Whether the files asked for are read and analysed (for `--present`).
    fn ready_to_present(&self) -> bool {
        self.opening.total == 0
            && self.dialog.is_none()
            && !self.dispatches.is_empty()
            && self.dispatches.iter().all(|d| !d.analysing())
    }

    /// Adds saved dispatches (their view is restored, not fitted).
    fn add_saved(&mut self, saved: Vec<SavedDispatch>) {
        for saved in saved {
            let hint = saved.hint();
            let meta = saved.meta_date.map(|d| (d, DateSource::Metadata));
            let id = self.add_dispatch(
                saved.name,
                saved.text,
                meta,
                hint,
                saved.warnings,
                saved.corrections,
            );
            if let Some(d) = self.dispatches.iter_mut().find(|d| d.id == id) {
                d.map_view = saved.map;
            }
        }
    }

    /// The gazetteer the app resolves against.
    #[must_use]
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gaz
    }

    /// The active dispatch.
    #[must_use]
    pub fn current(&self) -> Option<&Dispatch> {
        self.dispatches.get(self.active)
    }

    /// The active dispatch's analysis.
    #[must_use]
    pub fn analysis(&self) -> Option<&Arc<Analysis>> {
        self.current().and_then(|d| d.analysis.as_ref())
    }

    /// Whether analyses or file reads are in flight.
    #[must_use]
    pub fn busy(&self) -> bool {
        self.worker.busy()
    }

    /// Takes the worker's finished jobs (call once per frame; also used by tests).
    pub fn poll_worker(&mut self) {
        for reply in self.worker.poll() {
            match reply {
                Reply::Analysed {
                    dispatch,
                    generation,
                    analysis,
                    models,
                } => {
                    let Some(d) = self.dispatches.iter_mut().find(|d| d.id == dispatch) else {
                        continue;
                    };
                    if generation < d.done {
                        continue;
                    }
                    d.models = Some(models);
                    self.combined = None;
                    if let Some(p) = &mut self.present {
                        p.stale = true;
                    }
                    d.analysis = Some(analysis);
                    d.done = generation;
                    let is_active = self
                        .dispatches
                        .get(self.active)
                        .is_some_and(|d| d.id == dispatch);
                    // The fit waits for the end of the frame, when the map
                    // panel has measured itself (`fit_when_ready`).
                    if is_active {
                        self.refresh_selection();
                    }
                }
                Reply::Loaded { path, result } => self.loaded(&path, result),
            }
        }
    }

    /// Adds a dispatch and asks for its analysis. Returns its id.
    pub fn add_dispatch(
        &mut self,
        name: String,
        text: String,
        meta_date: Option<(NaiveDate, DateSource)>,
        hint: DateHint,
        warnings: Vec<String>,
        corrections: Vec<Correction>,
    ) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        self.dispatches.push(Dispatch {
            id,
            name,
            text,
            meta_date,
            hint,
            warnings,
            corrections,
            analysis: None,
            models: None,
            generation: 0,
            done: 0,
            fit_pending: true,
            timeline_fit_pending: false,
            map_view: None,
            timeline_range: None,
            hidden: false,
        });
        self.combined = None;
        self.reanalyse(id);
        self.touch();
        id
    }

    /// Asks the worker to re-run a dispatch's analysis.
    /// Gives dispatch `id` a new way to date it and analyses it again; a
    /// change is undoable ("detect" must not lose a typed date for good),
    /// and the timeline refits to the events the new date moves.
    fn change_date(&mut self, id: u64, hint: DateHint) {
        let Some(d) = self.dispatches.iter_mut().find(|d| d.id == id) else {
            return;
        };
        if d.hint != hint {
            self.undo.push(Edit {
                dispatch: id,
                before: d.corrections.clone(),
                after: d.corrections.clone(),
                hint_before: d.hint,
                hint_after: hint,
            });
            self.redo.clear();
        }
        d.hint = hint;
        d.timeline_fit_pending = true;
        self.reanalyse(id);
    }

    /// The dispatches the map and timeline show: the active one, or with
    /// all shown every one not unticked.
    pub(super) fn shown_dispatches(&self) -> impl Iterator<Item = &state::Dispatch> {
        self.dispatches
            .iter()
            .enumerate()
            .filter(|(i, d)| {
                if self.show_all {
                    !d.hidden
                } else {
                    *i == self.active
                }
            })
            .map(|(_, d)| d)
    }

    fn reanalyse(&mut self, id: u64) {
        let Some(d) = self.dispatches.iter_mut().find(|d| d.id == id) else {
            return;
        };
        d.generation += 1;
        self.worker.send(Job::Analyse {
            dispatch: id,
            generation: d.generation,
            name: d.name.clone(),
            text: d.text.clone(),
            hint: d.hint,
            meta_date: d.meta_date,
            corrections: d.corrections.clone(),
            lanes: self.timeline.lanes,
        });
    }

    /// Selects `item` of the active dispatch. With all dispatches shown, a
    /// place the active dispatch does not mention selects it in the first
    /// shown dispatch that does (switching the text to it).
    fn select(&mut self, item: Option<Item>) {
        if self.show_all
            && let Some(Item::Place(id)) = item
            && !self.analysis().is_some_and(|a| mentions(a, id))
            && let Some(d) = self
                .dispatches
                .iter()
                .find(|d| !d.hidden && d.analysis.as_ref().is_some_and(|a| mentions(a, id)))
        {
            let id = d.id;
            self.activate(id);
        }
        self.selection.item = item;
        self.refresh_selection();
        self.panels.text.scroll_to = self.selection.related.anchor;
        self.panels.inspector.reset();
        self.pan_to_selection();
    }

    /// What the map and timeline show: the active dispatch's models, or
    /// with all dispatches shown their combination (built once per change).
    pub fn shown(&mut self) -> (Option<Arc<Models>>, Option<Arc<Vec<u64>>>) {
        if !self.show_all {
            return (self.current().and_then(|d| d.models.clone()), None);
        }
        let lanes = self.timeline.lanes;
        if self
            .combined
            .as_ref()
            .is_none_or(|c| c.models.lanes != lanes)
        {
            self.combined = Some(Arc::new(Combined::build(
                &self.dispatches,
                &self.gaz,
                lanes,
            )));
        }
        let c = self.combined.as_ref().map(Arc::clone);
        (
            c.as_ref().map(|c| Arc::clone(&c.models)),
            c.map(|c| Arc::clone(&c.bar_dispatch)),
        )
    }

    /// Recomputes what the selection brings along; drops a stale selection.
    fn refresh_selection(&mut self) {
        let Some(a) = self.analysis().cloned() else {
            return;
        };
        if self.selection.item.is_some_and(|i| !i.is_valid(&a)) {
            self.selection = Selection::default();
        }
        self.selection.related = Related::of(self.selection.item, &a);
    }

    fn touch(&mut self) {
        self.dirty_since = Some(Instant::now());
    }

    /// Changes the active dispatch's corrections (undoably) and re-runs it.
    fn set_corrections(&mut self, dispatch: u64, after: Vec<Correction>, record: bool) {
        let Some(d) = self.dispatches.iter_mut().find(|d| d.id == dispatch) else {
            return;
        };
        let before = std::mem::replace(&mut d.corrections, after.clone());
        if record {
            self.undo.push(Edit {
                dispatch,
                before,
                after,
                hint_before: d.hint,
                hint_after: d.hint,
            });
            self.redo.clear();
        }
        self.reanalyse(dispatch);
        self.touch();
    }

    /// Sets a dispatch's date hint without re-running it (the caller does); a changed
    /// date moves its events, so the timeline follows them.
    fn set_hint(&mut self, dispatch: u64, hint: DateHint) {
        if let Some(d) = self.dispatches.iter_mut().find(|d| d.id == dispatch)
            && d.hint != hint
        {
            d.hint = hint;
            d.timeline_fit_pending = true;
        }
    }

    /// Applies the frame's commands, in order.
    pub fn apply(&mut self, commands: Vec<Command>, ctx: &egui::Context) {
        let mut hover = None;
        for c in commands {
            match c {
                Command::Hover(item) => hover = Some(item),
                Command::Select(item) => self.select(item),
                Command::Activate(id) => self.activate(id),
                Command::SelectIn(id, item) => {
                    self.activate(id);
                    self.select(Some(item));
                }
                Command::ShowAll(on) if on != self.show_all => {
                    // All dispatches are fitted together; back to one, it is shown where
                    // the user left it.
                    self.remember_view();
                    self.show_all = on;
                    self.combined = None;
                    if on {
                        self.fit_map();
                        self.fit_timeline();
                    } else {
                        self.restore_active_view();
                    }
                }
                Command::ShowAll(_) => {}
                Command::SetHidden(id, hidden) => {
                    if let Some(d) = self.dispatches.iter_mut().find(|d| d.id == id) {
                        d.hidden = hidden;
                    }
                    let any = self.dispatches.iter().any(|d| d.hidden);
                    self.filter.sources = any.then(|| {
                        self.dispatches
                            .iter()
                            .filter(|d| !d.hidden)
                            .map(|d| d.name.clone())
                            .collect()
                    });
                    self.combined = None;
                }
                Command::Close(id) => {
                    if let Some(i) = self.dispatches.iter().position(|d| d.id == id) {
                        self.dispatches.remove(i);
                        self.undo.retain(|e| e.dispatch != id);
                        self.redo.retain(|e| e.dispatch != id);
                        if self.active >= i && self.active > 0 {
                            self.active -= 1;
                        }
                        self.selection = Selection::default();
                        self.panels.text = ui::text::TextState::default();
                        self.combined = None;
                        self.touch();
                    }
                }
                Command::OpenDialog => self.ask_file(ctx, FileRequest::open_dispatches()),
                Command::OpenPath(path) => self.open_any(vec![path], ctx),
                Command::OpenPaths(paths) => self.open_any(paths, ctx),
                Command::SaveProjectDialog => self.ask_file(ctx, FileRequest::save_project()),
                Command::OpenProjectDialog => self.ask_file(ctx, FileRequest::open_project()),
                Command::SaveProject(path) => self.save_project(&path),
                Command::OpenProject(path) => self.open_project(&path, ctx),
                Command::ExportDialog(format) => {
                    let request = FileRequest::export(format, &self.file_stem());
                    self.ask_file(ctx, request);
                }
                Command::Export { format, path } => self.export(format, path, ctx),
                Command::CaptureDialog(what) => {
                    let request = FileRequest::capture(what, &self.file_stem());
                    self.ask_file(ctx, request);
                }
                Command::Capture(path, what) => self.capture(path, what, ctx),
                Command::Browse(path) => self.browse(&path),
                Command::ShowPaste => self.panels.paste.open = true,
                Command::NewDispatch { name, text } => {
                    let id = self.add_dispatch(
                        name,
                        text,
                        None,
                        DateHint::Detect,
                        Vec::new(),
                        Vec::new(),
                    );
                    self.activate(id);
                }
                Command::SetDate(hint) => {
                    if let Some(id) = self.dispatches.get(self.active).map(|d| d.id) {
                        self.change_date(id, hint);
                        self.touch();
                    }
                }
                Command::SetDateFor(ids, date) => {
                    let hint = DateHint::User(date);
                    for id in ids {
                        if self.dispatches.iter().any(|d| d.id == id && d.hint != hint) {
                            self.change_date(id, hint);
                        }
                    }
                    self.combined = None;
                    self.touch();
                }
                Command::Correct(c) => {
                    if let Some(d) = self.dispatches.get(self.active) {
                        let mut after = d.corrections.clone();
                        upsert(&mut after, c);
                        let id = d.id;
                        self.set_corrections(id, after, true);
                    }
                }
                Command::Undo => {
                    if let Some(e) = self.undo.pop() {
                        self.set_hint(e.dispatch, e.hint_before);
                        self.set_corrections(e.dispatch, e.before.clone(), false);
                        self.redo.push(e);
                    }
                }
                Command::Redo => {
                    if let Some(e) = self.redo.pop() {
                        self.set_hint(e.dispatch, e.hint_after);
                        self.set_corrections(e.dispatch, e.after.clone(), false);
                        self.undo.push(e);
                    }
                }
                Command::SetWindow(window) => {
                    self.filter.from = window.map(|w| w.0.min(w.1));
                    self.filter.to = window.map(|w| w.0.max(w.1));
                    self.play_carry = 0.0;
                    if window.is_none() {
                        self.playing = false;
                    }
                }
                Command::Play(on) => self.play(on),
                Command::FitMap => self.fit_map(),
                Command::FitTimeline => self.fit_timeline(),
                Command::ToggleTheme => {
                    self.dark = !self.dark;
                    ui::theme::apply(ctx, self.dark);
                    self.touch();
                }
                Command::DismissBanner => self.banner = None,
                Command::Present(on) => self.set_present(on, ctx),
                Command::PresentGo(to) => self.present_go(to),
                Command::PresentPlay(on) => {
                    if let Some(p) = &mut self.present {
                        // Play from the last slide starts again from the first.
                        if on && p.index + 1 >= p.story.len() {
                            p.index = 0;
                            p.fly_pending = true;
                        }
                        p.playing = on && p.story.len() > 1;
                        p.next_at = None;
                    }
                }
                Command::PresentPause(secs) => {
                    if let Some(p) = &mut self.present
                        && secs.is_finite()
                    {
                        p.pause = secs.clamp(0.0, present::MAX_PAUSE);
                        p.next_at = None;
                    }
                }
            }
        }
        self.hover = hover;
    }

    /// One frame of the whole UI (also what tests and the bench drive).
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.poll_worker();
        let mut commands = Vec::new();
        while let Ok(banner) = self.notices.1.try_recv() {
            self.banner = Some(banner);
        }
        if let Some(rx) = &self.dialog {
            match rx.try_recv() {
                Ok(command) => {
                    self.dialog = None;
                    commands.extend(command);
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.dialog = None,
                Err(std::sync::mpsc::TryRecvError::Empty) => {}
            }
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if !dropped.is_empty() {
            commands.push(Command::OpenPaths(dropped));
        }
        let now = ctx.input(|i| i.time);
        if self.present_when_ready && self.ready_to_present() {
            self.present_when_ready = false;
            if self.dispatches.len() > 1 {
                commands.push(Command::ShowAll(true));
            }
            commands.push(Command::Present(true));
        }
        // A modal dialog (paste, sitrep's file dialog) has the keyboard to itself.
        let modal = self.panels.paste.open || self.panels.files.browser.is_some();
        if modal {
        } else if self.present.is_some() {
            // Read at once, so the frame that reads a step shows it (below).
            let keys = Self::present_keys(&ctx);
            self.apply(keys, &ctx);
        } else if !ctx.egui_wants_keyboard_input() {
            Self::shortcuts(&ctx, &mut commands);
            commands.extend(self.navigation(&ctx));
        }
        self.present_tick(now, &ctx);
        // A step read above, or play moving on: the flight begins in this frame, from the
        // map's size as last laid out (the caption's room is kept free for it).
        self.present_fly(now, &ctx);
        if self.playing {
            let dt = ctx.input(|i| i.stable_dt);
            self.advance_play(dt);
            ctx.request_repaint_after(Duration::from_millis(40));
        }
        self.refresh_search();
        commands.extend(layout::show(ui, self));
        self.apply(commands, &ctx);
        self.present_fly(now, &ctx);
        // While the map flies, shapes are drawn without their anti-aliased edges: on a
        // software renderer the extra triangles cost a fifth of the frame rate, and edges in
        // motion show no stairs. The frame that lands has them again.
        let flying = self.present.as_ref().is_some_and(|p| p.flight.is_some());
        if ctx.tessellation_options(|o| o.feathering) == flying {
            ctx.tessellation_options_mut(|o| o.feathering = !flying);
        }
        self.fit_when_ready(&ctx);
        self.autosave();
        if self.worker.busy() {
            ctx.request_repaint_after(Duration::from_millis(50));
        }
        if self.dirty_since.is_some() {
            ctx.request_repaint_after(AUTOSAVE_AFTER);
        }
    }
}

/// What a search's results were computed from.
type SearchKey = (String, Vec<(u64, usize)>);

impl SitrepApp {
    /// Redoes the top bar's search when its query or an analysis changed:
    /// every open dispatch, the active one first.
    fn refresh_search(&mut self) {
        let query = self.panels.top.search.trim().to_owned();
        if query.is_empty() {
            self.search = None;
            return;
        }
        let active = self.dispatches.get(self.active).map(|d| d.id);
        let mut order: Vec<&Dispatch> = self.dispatches.iter().collect();
        order.sort_by_key(|d| Some(d.id) != active);
        let key: SearchKey = (
            query,
            order
                .iter()
                .filter_map(|d| Some((d.id, Arc::as_ptr(d.analysis.as_ref()?) as usize)))
                .collect(),
        );
        if self.search.as_ref().is_some_and(|(k, _)| *k == key) {
            return;
        }
        let searchable: Vec<crate::view::search::Searchable<'_>> = order
            .iter()
            .filter_map(|d| {
                Some(crate::view::search::Searchable {
                    id: d.id,
                    name: &d.name,
                    analysis: d.analysis.as_deref()?,
                })
            })
            .collect();
        let results = crate::view::search::search(&key.0, &searchable, &self.gaz);
        self.search = Some((key, Arc::new(results)));
    }

    /// With SITREP_TIMING: how soon a step shows (the frame that reads the key paints the
    /// new caption and the flight's first frame; it is on screen when the next frame
    /// begins, so the renderer's time is counted) and the frames a second while the flight
    /// lasts, from the wall clock between frames.
    fn time_flight(&mut self, frame_start: Instant) {
        let flying = self.present.as_ref().and_then(|p| p.flight).is_some();
        let took = frame_start.elapsed();
        match (&mut self.flight_times, flying) {
            (None, true) => {
                self.flight_times = Some((frame_start, 0, took));
            }
            (Some((since, frames, slowest)), true) => {
                if *frames == 0 {
                    eprintln!(
                        "sitrep: present step: the flight's first frame on screen {:.1} ms after its frame began ({:.1} ms of work, the rest the renderer's)",
                        frame_start.duration_since(*since).as_secs_f64() * 1000.0,
                        slowest.as_secs_f64() * 1000.0
                    );
                }
                *frames += 1;
                *slowest = (*slowest).max(took);
            }
            (Some((since, frames, slowest)), false) => {
                let secs = since.elapsed().as_secs_f64();
                eprintln!(
                    "sitrep: flight: {frames} frames in {:.2} s, {:.1} frames a second, slowest frame {:.1} ms of UI work",
                    secs,
                    f64::from(*frames) / secs.max(1e-6),
                    slowest.as_secs_f64() * 1000.0
                );
                self.flight_times = None;
            }
            (None, false) => {}
        }
    }
}

impl eframe::App for SitrepApp {
    /// In present mode, the stage's colour: its bar and caption then paint no background of
    /// their own (see [`SitrepApp::stage_cleared`]).
    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        if self.present.is_some() && self.stage_cleared {
            crate::ui::theme::Stage::get(visuals.dark_mode)
                .bg
                .to_normalized_gamma_f32()
        } else {
            egui::Color32::from_rgba_unmultiplied(12, 12, 12, 180).to_normalized_gamma_f32()
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let start = Instant::now();
        self.frame(ui);
        if let Some(t) = self.launched.take() {
            eprintln!(
                "sitrep: first frame laid out {:.0} ms after launch",
                t.elapsed().as_secs_f64() * 1000.0
            );
            self.frame_times = Some((Instant::now(), Duration::ZERO, 0));
        }
        if self.frame_times.is_some() {
            self.time_flight(start);
        }
        // With SITREP_TIMING: the slowest frame (UI-thread work) every 2 s.
        if let Some((since, slowest, frames)) = &mut self.frame_times {
            *slowest = (*slowest).max(start.elapsed());
            *frames += 1;
            if since.elapsed() >= Duration::from_secs(2) {
                eprintln!(
                    "sitrep: {frames} frames, slowest {:.1} ms, {} dispatches, {} analysing",
                    slowest.as_secs_f64() * 1000.0,
                    self.dispatches.len(),
                    self.dispatches.iter().filter(|d| d.analysing()).count()
                );
                self.frame_times = Some((Instant::now(), Duration::ZERO, 0));
            }
        }
    }

    fn save(&mut self, _storage: &mut dyn eframe::Storage) {
        if self.dirty_since.is_some()
            && let Err(e) = self.save_now()
        {
            eprintln!("sitrep: {}", crate::cli::error_line(&e));
        }
    }
}
