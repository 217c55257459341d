//! The desktop app (behind the `gui` feature): owns the state (dispatches,
//! selection, hover, view state, theme), runs the panels of [`crate::ui`]
//! each frame and applies the [`Command`]s they return, once, at the end of
//! the frame. Analyses run on a worker thread ([`worker`]).
//!
//! Must not: paint (that is `ui`), or block the UI thread on analysis or I/O.

pub mod command;
pub mod state;
pub mod worker;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

pub use command::Command;
pub use state::{Combined, Dispatch, Models, SavedDispatch, Selection, Session};
pub use worker::{Job, Reply, Worker};

use crate::analysis::{Analysis, DateHint};
use crate::export::{Filter, Format, Source, Table};
use crate::gazetteer::Gazetteer;
use crate::map::MapView;
use crate::text::{DateSource, Input};
use crate::ui;
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

/// Opens the app window, with `files` opened as new dispatches (as if
/// dropped on it) once it is up.
///
/// # Errors
/// When no display is available or the window cannot be created.
pub fn run(files: Vec<PathBuf>) -> anyhow::Result<()> {
    let launched = Instant::now();
    let display = DisplayEnv::from_env();
    if display.none() && cfg!(target_os = "linux") {
        anyhow::bail!("{}", window_message(&display, None));
    }
    let gazetteer = Gazetteer::bundled()?;
    // Triangulate the basemap's finer levels, decode the relief and list the
    // reference towns off the UI thread (the map draws without them until then).
    let (basemap, loader) = crate::ui::basemap::NaturalEarth::with_loader();
    let loader_gazetteer = gazetteer.clone();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("sitrep")
            .with_app_id("sitrep")
            .with_inner_size([1360.0, 860.0])
            .with_min_inner_size([360.0, 240.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "sitrep",
        options,
        Box::new(move |cc| {
            let session_file = eframe::storage_dir("sitrep").map(|d| d.join("session.json"));
            let worker = {
                let ctx = cc.egui_ctx.clone();
                Worker::thread(gazetteer.clone(), move || ctx.request_repaint())
            };
            let config = Config {
                session_file,
                worker,
            };
            let mut app = SitrepApp::new(&cc.egui_ctx, gazetteer, config);
            app.basemap = std::rc::Rc::new(basemap);
            let ctx = cc.egui_ctx.clone();
            std::thread::spawn(move || {
                loader.prepare(&loader_gazetteer);
                ctx.request_repaint();
            });
            if !files.is_empty() {
                app.apply(vec![Command::OpenPaths(files)], &cc.egui_ctx);
            }
            // `SITREP_TIMING=1 sitrep` reports how long the first frame took.
            app.launched = std::env::var_os("SITREP_TIMING").map(|_| launched);
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| match e {
        // The app's own start-up failed: that error says what it is.
        eframe::Error::AppCreation(e) => anyhow::anyhow!("cannot start the app: {e}"),
        e => anyhow::anyhow!("{}", window_message(&display, Some(&e))),
    })
}

/// The display variables the window is opened with (an empty one counts as unset).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DisplayEnv {
    /// `DISPLAY` (X11), if set and not empty.
    pub x11: Option<String>,
    /// `WAYLAND_DISPLAY`, if set and not empty.
    pub wayland: Option<String>,
}

impl DisplayEnv {
    /// Reads `DISPLAY` and `WAYLAND_DISPLAY`.
    #[must_use]
    pub fn from_env() -> Self {
        let var = |name| {
            std::env::var_os(name)
                .map(|v| v.to_string_lossy().into_owned())
                .filter(|v| !v.trim().is_empty())
        };
        Self {
            x11: var("DISPLAY"),
            wayland: var("WAYLAND_DISPLAY"),
        }
    }

    /// Neither variable names a display.
    #[must_use]
    pub fn none(&self) -> bool {
        self.x11.is_none() && self.wayland.is_none()
    }
}

/// What to tell someone whose window could not be opened: one sentence
/// saying why, in their terms (no build paths, no windowing internals), and
/// pointing to the command line, which needs no display. `error` is what
/// eframe answered (`None`: no display variable is set at all).
#[must_use]
pub fn window_message(display: &DisplayEnv, error: Option<&eframe::Error>) -> String {
    const CLI: &str = "the command line works without one: try `sitrep extract FILE` (`sitrep --help` lists the commands)";
    let why = match error {
        None => "no display is set (DISPLAY and WAYLAND_DISPLAY are unset or empty)".to_owned(),
        Some(
            eframe::Error::Glutin(_) | eframe::Error::NoGlutinConfigs(..) | eframe::Error::OpenGL(_),
        ) => "no usable OpenGL was found for the display (a graphics driver, or Mesa's software renderer, is needed)".to_owned(),
        Some(_) => {
            let mut names = Vec::new();
            if let Some(w) = &display.wayland {
                names.push(format!("WAYLAND_DISPLAY={w}"));
            }
            if let Some(x) = &display.x11 {
                names.push(format!("DISPLAY={x}"));
            }
            if names.is_empty() {
                "no display server could be reached".to_owned()
            } else {
                format!(
                    "no display server answers at {} (is it running, or is the SSH session forwarding X?)",
                    names.join(" or ")
                )
            }
        }
    };
    format!("cannot open the window: {why}; {CLI}")
}

/// How the app talks to the world: injected, so tests run it deterministically.
pub struct Config {
    /// Where the session is saved and loaded from; `None` saves nothing.
    pub session_file: Option<PathBuf>,
    pub worker: Worker,
}

impl Config {
    /// No session file, analyses inline: for tests and benches.
    #[must_use]
    pub fn headless(gaz: &Gazetteer) -> Self {
        Self {
            session_file: None,
            worker: Worker::inline(gaz.clone()),
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

/// One undoable change of a dispatch's corrections.
#[derive(Clone, Debug)]
struct Edit {
    dispatch: u64,
    before: Vec<Correction>,
    after: Vec<Correction>,
}

/// Per-panel state that is not persisted (beyond egui's memory).
#[derive(Default)]
pub struct PanelState {
    pub text: ui::text::TextState,
    pub inspector: ui::inspector::InspectorState,
    pub top: ui::top_bar::TopBarState,
    pub paste: ui::paste::PasteState,
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
    pub filter: crate::export::Filter,
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
            filter: crate::export::Filter::default(),
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
            notices: std::sync::mpsc::channel(),
            opening: Progress::default(),
            saving: None,
            basemap: std::rc::Rc::default(),
            launched: None,
            frame_times: None,
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

    /// The session's map and timeline view belong to its active dispatch (sessions written
    /// before views were kept per dispatch have only that one); then it is shown.
    fn adopt_session_view(&mut self, map: MapView, timeline: TimelineView) {
        if let Some(d) = self.dispatches.get_mut(self.active) {
            d.map_view.get_or_insert(map);
            d.timeline_range = Some((timeline.start, timeline.end));
        }
        self.restore_active_view();
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

    /// Replaces everything open with a project file's session. A file that
    /// cannot be read changes nothing: a banner names it and says why.
    fn open_project(&mut self, path: &Path, ctx: &egui::Context) {
        let session = match Session::load(path) {
            Ok(s) => s,
            Err(e) => {
                self.banner = Some(Banner::error(&e, "Nothing was changed."));
                return;
            }
        };
        self.dispatches.clear();
        self.combined = None;
        self.undo.clear();
        self.redo.clear();
        self.selection = Selection::default();
        self.hover = None;
        self.panels.text = ui::text::TextState::default();
        self.panels.inspector.reset();
        self.map = session.map;
        self.timeline = session.timeline;
        if self.dark != session.dark {
            self.dark = session.dark;
            ui::theme::apply(ctx, self.dark);
        }
        let count = session.dispatches.len();
        self.add_saved(session.dispatches);
        self.active = session.active.min(count.saturating_sub(1));
        self.adopt_session_view(session.map, session.timeline);
        self.banner = Some(Banner {
            text: format!("Opened project {} ({count} dispatches).", path.display()),
            error: false,
        });
        self.touch();
    }

    /// Writes the session to a project file of the user's choosing.
    fn save_project(&mut self, path: &Path) {
        self.banner = Some(match self.session().save(path) {
            Ok(()) => Banner {
                text: format!("Saved the project as {}.", path.display()),
                error: false,
            },
            Err(e) => Banner::error(&e, ""),
        });
    }

    /// The gazetteer the app resolves against.
    #[must_use]
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gaz
    }

    /// The state to save.
    #[must_use]
    pub fn session(&self) -> Session {
        Session {
            version: crate::project::VERSION,
            dispatches: self
                .dispatches
                .iter()
                .enumerate()
                .map(|(i, d)| SavedDispatch {
                    name: d.name.clone(),
                    text: d.text.clone(),
                    meta_date: d.meta_date.map(|m| m.0),
                    user_date: match d.hint {
                        DateHint::User(date) => Some(date),
                        DateHint::Detect => None,
                    },
                    corrections: d.corrections.clone(),
                    warnings: d.warnings.clone(),
                    map: if i == self.active && !self.show_all {
                        Some(self.map)
                    } else {
                        d.map_view
                    },
                })
                .collect(),
            active: self.active,
            map: self.map,
            timeline: self.timeline,
            dark: self.dark,
        }
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

    /// Asks the worker to read files; they join the current batch of opens.
    fn open_paths(&mut self, paths: Vec<PathBuf>) {
        for path in paths {
            self.opening.total += 1;
            self.worker.send(Job::Load { path });
        }
    }

    fn loaded(&mut self, path: &Path, result: Result<Input, crate::text::TextError>) {
        // The first file of a batch is shown at once; the rest join the list.
        let first = self.opening.done == 0;
        self.opening.done += 1;
        if self.opening.done >= self.opening.total {
            self.opening = Progress::default();
        }
        match result {
            Err(e) => self.banner = Some(Banner::error(&e, "")),
            Ok(input) => {
                let name = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                let warnings: Vec<String> =
                    input.warnings.iter().map(ToString::to_string).collect();
                if !warnings.is_empty() {
                    self.banner = Some(Banner {
                        text: format!("{name}: {}", warnings.join("; ")),
                        error: false,
                    });
                }
                let id = self.add_dispatch(
                    name,
                    input.text,
                    input.meta_date,
                    DateHint::Detect,
                    warnings,
                    Vec::new(),
                );
                if first {
                    self.activate(id);
                }
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

    /// Makes a dispatch the active one. Alone on the map, each dispatch keeps its own view:
    /// the one left is remembered, the one opened comes back where the user left it, or
    /// fitted to its places the first time.
    fn activate(&mut self, id: u64) {
        if let Some(i) = self.dispatches.iter().position(|d| d.id == id) {
            if i != self.active {
                self.selection = Selection::default();
                self.panels.text = ui::text::TextState::default();
                self.remember_view();
                self.active = i;
                self.restore_active_view();
            }
            let d = &mut self.dispatches[i];
            if d.fit_pending && !d.analysing() && d.models.is_some() {
                d.fit_pending = false;
                self.fit_map();
                self.fit_timeline();
            }
            self.touch();
        }
    }

    /// Keeps the map's and timeline's view on the active dispatch (alone on the map).
    fn remember_view(&mut self) {
        if self.show_all {
            return;
        }
        let (map, range) = (self.map, (self.timeline.start, self.timeline.end));
        if let Some(d) = self.dispatches.get_mut(self.active)
            && !d.fit_pending
        {
            d.map_view = Some(map);
            d.timeline_range = Some(range);
        }
    }

    /// Shows the active dispatch where the user left it; one never shown is fitted when
    /// its analysis is in.
    fn restore_active_view(&mut self) {
        if self.show_all {
            return;
        }
        let Some(d) = self.dispatches.get_mut(self.active) else {
            return;
        };
        match d.map_view {
            Some(v) => {
                self.map = v;
                d.fit_pending = false;
                if let Some((start, end)) = d.timeline_range {
                    self.timeline.start = start;
                    self.timeline.end = end;
                } else {
                    d.timeline_fit_pending = true;
                }
            }
            None => d.fit_pending = true,
        }
    }

    /// Fits map and timeline to the active dispatch once its analysis is
    /// in, with this frame's map size (the first frames' size is a guess).
    fn fit_when_ready(&mut self, ctx: &egui::Context) {
        let Some(d) = self.dispatches.get_mut(self.active) else {
            return;
        };
        if d.analysing() || d.models.is_none() {
            return;
        }
        if d.fit_pending {
            d.fit_pending = false;
            d.timeline_fit_pending = false;
            self.fit_map();
            self.fit_timeline();
            ctx.request_repaint();
        } else if d.timeline_fit_pending {
            d.timeline_fit_pending = false;
            self.fit_timeline();
            ctx.request_repaint();
        }
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

    /// Brings the selection's place into view when it is off the map (or under its
    /// controls), moving the map no further than needed.
    fn pan_to_selection(&mut self) {
        let place = match self.selection.item {
            Some(Item::Place(id)) => Some(crate::gazetteer::PlaceId(id)),
            _ => self.selection.related.place,
        };
        let Some(p) = place.and_then(|id| self.gaz.get(id)) else {
            return;
        };
        let vp = crate::map::Viewport::new(self.map_size[0], self.map_size[1]);
        self.map.pan_into_view(
            crate::map::LatLon::new(p.lat, p.lon),
            vp,
            ui::map::FIT_INSETS,
        );
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

    fn fit_map(&mut self) {
        let Some(b) = self.shown().0.and_then(|m| m.map.bounds()) else {
            return;
        };
        let bounds = crate::map::GeoBounds {
            south: b[0],
            west: b[1],
            north: b[2],
            east: b[3],
        };
        let vp = crate::map::Viewport::new(self.map_size[0], self.map_size[1]);
        self.map = MapView::fit_bounds_within(bounds, vp, ui::map::FIT_INSETS, 9.0);
    }

    fn fit_timeline(&mut self) {
        if let Some((a, b)) = self.shown().0.and_then(|m| m.timeline.extent()) {
            self.timeline.fit(a, b);
        }
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
            });
            self.redo.clear();
        }
        self.reanalyse(dispatch);
        self.touch();
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
                Command::OpenDialog => self.dialog(ctx, || {
                    let paths = rfd::FileDialog::new()
                        .set_title("Open dispatches")
                        .add_filter("Dispatches", &["txt", "md", "markdown", "html", "htm"])
                        .pick_files()?;
                    Some(Command::OpenPaths(paths))
                }),
                Command::OpenPath(path) => self.open_paths(vec![path]),
                Command::OpenPaths(paths) => self.open_paths(paths),
                Command::SaveProjectDialog => self.dialog(ctx, || {
                    rfd::FileDialog::new()
                        .set_title("Save project as")
                        .add_filter("sitrep project", &["sitrep", "json"])
                        .set_file_name("project.sitrep")
                        .save_file()
                        .map(Command::SaveProject)
                }),
                Command::OpenProjectDialog => self.dialog(ctx, || {
                    rfd::FileDialog::new()
                        .set_title("Open project")
                        .add_filter("sitrep project", &["sitrep", "json"])
                        .pick_file()
                        .map(Command::OpenProject)
                }),
                Command::SaveProject(path) => self.save_project(&path),
                Command::OpenProject(path) => self.open_project(&path, ctx),
                Command::ExportDialog(format) => {
                    let file = format!("{}.{}", self.file_stem(), format.extension());
                    let ext = format.extension().rsplit('.').next().unwrap_or("json");
                    self.dialog(ctx, move || {
                        rfd::FileDialog::new()
                            .set_title(format!("Export as {}", ui::top_bar::format_label(format)))
                            .set_file_name(file)
                            .add_filter(ui::top_bar::format_label(format), &[ext])
                            .save_file()
                            .map(|path| Command::Export { format, path })
                    });
                }
                Command::Export { format, path } => self.export(format, path, ctx),
                Command::CaptureDialog => {
                    let file = format!("{}.png", self.file_stem());
                    self.dialog(ctx, move || {
                        rfd::FileDialog::new()
                            .set_title("Save the current view as PNG")
                            .set_file_name(file)
                            .add_filter("PNG image", &["png"])
                            .save_file()
                            .map(Command::Capture)
                    });
                }
                Command::Capture(path) => self.capture(path, ctx),
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
                    if let Some(d) = self.dispatches.get_mut(self.active) {
                        d.hint = hint;
                        // A new date moves the events: the timeline follows them.
                        d.timeline_fit_pending = true;
                        let id = d.id;
                        self.reanalyse(id);
                        self.touch();
                    }
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
                        self.set_corrections(e.dispatch, e.before.clone(), false);
                        self.redo.push(e);
                    }
                }
                Command::Redo => {
                    if let Some(e) = self.redo.pop() {
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
            }
        }
        self.hover = hover;
    }

    /// Runs a native dialog on its own thread (the portal dialog blocks) so
    /// the UI stays live; its answer comes back as a command. One at a time.
    fn dialog(
        &mut self,
        ctx: &egui::Context,
        ask: impl FnOnce() -> Option<Command> + Send + 'static,
    ) {
        if self.dialog.is_some() {
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let wake = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("sitrep-dialog".into())
            .spawn(move || {
                let _ = tx.send(ask());
                wake.request_repaint();
            });
        if spawned.is_ok() {
            self.dialog = Some(rx);
        }
    }

    /// A file name for exports: the active dispatch's, without its extension.
    fn file_stem(&self) -> String {
        self.current()
            .map(|d| Path::new(&d.name))
            .and_then(Path::file_stem)
            .map_or_else(|| "sitrep".to_owned(), |s| s.to_string_lossy().into_owned())
    }

    /// Exports every open dispatch's analysis (corrections applied) to
    /// `path`, off the UI thread; a banner names the file when it is done.
    /// Exports what the map and timeline show: the open dispatch (or, with
    /// all shown, every ticked one), through the brushed time window.
    fn export(&mut self, format: Format, path: PathBuf, ctx: &egui::Context) {
        let sources: Vec<(String, Arc<Analysis>)> = self
            .dispatches
            .iter()
            .enumerate()
            .filter(|(i, d)| {
                if self.show_all {
                    !d.hidden
                } else {
                    *i == self.active
                }
            })
            .filter_map(|(_, d)| Some((d.name.clone(), d.analysis.clone()?)))
            .collect();
        let filter = Filter {
            sources: None,
            ..self.filter.clone()
        };
        if sources.is_empty() {
            self.banner = Some(Banner {
                text: "Nothing to export: no dispatch has been analysed yet.".into(),
                error: true,
            });
            return;
        }
        let gaz = self.gaz.clone();
        let tx = self.notices.0.clone();
        let wake = ctx.clone();
        let work = move || {
            let sources: Vec<Source<'_>> = sources
                .iter()
                .map(|(name, a)| Source { name, analysis: a })
                .collect();
            let table = Table::build(&sources, &gaz, &filter);
            let banner = match export_file(format, &table, &path) {
                Ok(()) => Banner {
                    text: format!(
                        "Exported {} events and {} places to {}",
                        table.events.len(),
                        table.places.len(),
                        path.display()
                    ),
                    error: false,
                },
                Err(e) => Banner::error(&e, "Nothing was exported."),
            };
            let _ = tx.send(banner);
            wake.request_repaint();
        };
        if let Err(e) = std::thread::Builder::new()
            .name("sitrep-export".into())
            .spawn(work)
        {
            self.banner = Some(Banner {
                text: format!("Cannot export: {e}"),
                error: true,
            });
        }
    }

    /// Asks the renderer for this frame's pixels and writes them to `path`
    /// as PNG (atomically, off the UI thread); a banner names the file.
    fn capture(&mut self, path: PathBuf, ctx: &egui::Context) {
        let tx = self.notices.0.clone();
        let wake = ctx.clone();
        let done = egui::ScreenshotCallback::new(move |image| {
            let write = move || {
                let result = png_bytes(&image).and_then(|b| crate::files::write(&path, &b));
                let banner = match result {
                    Ok(()) => Banner {
                        text: format!(
                            "Saved the view ({}×{} px) to {}",
                            image.size[0],
                            image.size[1],
                            path.display()
                        ),
                        error: false,
                    },
                    Err(e) => Banner {
                        text: format!("Cannot save the view to {}: {e}", path.display()),
                        error: true,
                    },
                };
                let _ = tx.send(banner);
                wake.request_repaint();
            };
            // Encoding a large frame takes a moment: not on the UI thread.
            if let Err(e) = std::thread::Builder::new()
                .name("sitrep-capture".into())
                .spawn(write)
            {
                eprintln!("sitrep: cannot save the view: {e}");
            }
        });
        ctx.send_viewport_cmd(egui::ViewportCommand::Screenshot(done));
    }

    /// Writes the session file now (temp file + rename, so a crash never
    /// leaves half a file).
    ///
    /// # Errors
    /// When the file cannot be written.
    pub fn save_now(&mut self) -> Result<(), crate::project::ProjectError> {
        self.dirty_since = None;
        let Some(path) = self.session_file.clone() else {
            return Ok(());
        };
        self.session().save(&path)
    }

    /// Saves the session once it has been unchanged for a moment. The
    /// snapshot is taken here; JSON and the write happen on a thread of
    /// their own, so a session with a 50 MB dispatch never stalls a frame.
    fn autosave(&mut self) {
        if let Some(rx) = &self.saving {
            match rx.try_recv() {
                Ok(result) => {
                    self.saving = None;
                    if let Err(e) = result {
                        self.banner = Some(Banner::error(&e, UNSAVED));
                    }
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.saving = None,
                Err(std::sync::mpsc::TryRecvError::Empty) => return,
            }
        }
        if self
            .dirty_since
            .is_none_or(|t| t.elapsed() < AUTOSAVE_AFTER)
        {
            return;
        }
        self.dirty_since = None;
        let Some(path) = self.session_file.clone() else {
            return;
        };
        let session = self.session();
        let (tx, rx) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("sitrep-save".into())
            .spawn(move || {
                let _ = tx.send(session.save(&path));
            });
        match spawned {
            Ok(_) => self.saving = Some(rx),
            Err(e) => {
                self.banner = Some(Banner {
                    text: format!("cannot save the session: {e}"),
                    error: true,
                });
            }
        }
    }

    /// The data's time range on the timeline (first day, day after the last).
    fn time_extent(&mut self) -> Option<(f64, f64)> {
        self.shown().0.and_then(|m| m.timeline.extent())
    }

    /// Starts or pauses the sweep. Without a window, or with one at the end
    /// of the data, it starts from the beginning with a window a fifth of
    /// the time range wide (at least a week).
    fn play(&mut self, on: bool) {
        use crate::view::timeline::{date, day};
        self.playing = false;
        if !on {
            return;
        }
        let Some((first, last)) = self.time_extent() else {
            return;
        };
        let width = match (self.filter.from, self.filter.to) {
            (Some(f), Some(t)) => day(t) - day(f),
            _ => ((last - first) / 5.0).max(6.0).floor(),
        };
        let at_end = self.filter.to.is_some_and(|t| day(t) + 1.0 >= last);
        if self.filter.from.is_none() || at_end {
            self.filter.from = date(first);
            self.filter.to = date(first + width);
        }
        self.play_carry = 0.0;
        self.playing = self.filter.from.is_some();
    }

    /// Moves a playing window on by `dt` seconds' worth: its own width every
    /// [`PLAY_SECONDS_PER_WIDTH`] seconds, by whole days; stops at the end.
    pub fn advance_play(&mut self, dt: f32) {
        use crate::view::timeline::{date, day};
        let (Some(from), Some(to)) = (self.filter.from, self.filter.to) else {
            self.playing = false;
            return;
        };
        let Some((_, last)) = self.time_extent() else {
            self.playing = false;
            return;
        };
        let width = (day(to) - day(from) + 1.0).max(1.0);
        self.play_carry += width * f64::from(dt.clamp(0.0, 0.5)) / PLAY_SECONDS_PER_WIDTH;
        let whole = self.play_carry.floor();
        if whole < 1.0 {
            return;
        }
        self.play_carry -= whole;
        let end = (day(to) + whole).min(last - 1.0);
        let start = end - (day(to) - day(from));
        self.filter.from = date(start);
        self.filter.to = date(end);
        if end >= last - 1.0 {
            self.playing = false;
        }
    }

    /// Keyboard shortcuts that act on the app.
    fn shortcuts(ctx: &egui::Context, out: &mut Vec<Command>) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let redo = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
        let undo = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
        ctx.input_mut(|i| {
            if i.consume_shortcut(&redo) {
                out.push(Command::Redo);
            } else if i.consume_shortcut(&undo) {
                out.push(Command::Undo);
            }
        });
    }

    /// Keyboard navigation, when no text field has the keyboard: Tab /
    /// Shift+Tab step through the place mentions in text order (wrapping),
    /// Left / Right through the events in time order, Esc clears the
    /// selection. A key is consumed (and egui's focus traversal cancelled)
    /// only when it changes the selection.
    fn navigation(&self, ctx: &egui::Context) -> Option<Command> {
        use egui::{Event, Key};
        if self.panels.paste.open {
            return None;
        }
        let a = self.analysis()?;
        let (key, modifiers) = ctx.input(|i| {
            i.events.iter().find_map(|e| match e {
                Event::Key {
                    key: key @ (Key::Tab | Key::ArrowLeft | Key::ArrowRight | Key::Escape),
                    pressed: true,
                    modifiers,
                    ..
                } if !modifiers.any() || (*key == Key::Tab && modifiers.shift_only()) => {
                    Some((*key, *modifiers))
                }
                _ => None,
            })
        })?;
        let selected = self.selection.item;
        let target = match key {
            Key::Tab => {
                let current = match selected {
                    Some(Item::Mention(i)) => Some(i),
                    _ => self.selection.related.mentions.first().copied(),
                };
                let order = crate::view::item::mentions_in_text_order(a);
                crate::view::item::step(&order, current, !modifiers.shift, true).map(Item::Mention)
            }
            Key::ArrowLeft | Key::ArrowRight => {
                let current = match selected {
                    Some(Item::Event(i)) => Some(i),
                    _ => None,
                };
                let order = crate::view::item::events_in_time_order(a);
                crate::view::item::step(&order, current, key == Key::ArrowRight, false)
                    .map(Item::Event)
            }
            _ => None,
        };
        if target == selected || (key != Key::Escape && target.is_none()) {
            return None;
        }
        ctx.input_mut(|i| i.consume_key(modifiers, key));
        ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
        Some(Command::Select(target))
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
        if !ctx.egui_wants_keyboard_input() {
            Self::shortcuts(&ctx, &mut commands);
            commands.extend(self.navigation(&ctx));
        }
        if self.playing {
            let dt = ctx.input(|i| i.stable_dt);
            self.advance_play(dt);
            ctx.request_repaint_after(Duration::from_millis(40));
        }
        commands.extend(ui::show(ui, self));
        self.apply(commands, &ctx);
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

/// Writes an export (the user chose the path in a save dialog, which has
/// already asked about overwriting).
fn export_file(
    format: Format,
    table: &Table,
    path: &Path,
) -> Result<(), crate::export::ExportError> {
    crate::export::write(format, table, path, true)
}

/// An RGBA PNG of a captured frame.
///
/// # Errors
/// When the image is empty or the encoder fails.
pub fn png_bytes(image: &egui::ColorImage) -> std::io::Result<Vec<u8>> {
    let [w, h] = image.size;
    let (Ok(w32), Ok(h32)) = (u32::try_from(w), u32::try_from(h)) else {
        return Err(std::io::Error::other("the image is too large"));
    };
    if w == 0 || h == 0 || image.pixels.len() != w * h {
        return Err(std::io::Error::other("the captured image is empty"));
    }
    let mut rgba = Vec::with_capacity(w * h * 4);
    for p in &image.pixels {
        rgba.extend_from_slice(&p.to_srgba_unmultiplied());
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w32, h32);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(std::io::Error::other)?;
    writer
        .write_image_data(&rgba)
        .map_err(std::io::Error::other)?;
    writer.finish().map_err(std::io::Error::other)?;
    Ok(out)
}

impl eframe::App for SitrepApp {
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

#[cfg(test)]
mod tests {
    use super::{DisplayEnv, window_message};

    fn points_to_the_cli(m: &str) {
        assert!(m.starts_with("cannot open the window: "), "{m}");
        assert!(m.contains("`sitrep extract FILE`"), "{m}");
        assert_eq!(m.matches(". ").count(), 0, "one sentence: {m}");
    }

    #[test]
    fn no_gl_says_so_in_words() {
        let gl = eframe::Error::OpenGL(eframe::egui_glow::PainterError::from(
            "failed to compile shader: GLSL 1.40 is not supported".to_owned(),
        ));
        let env = DisplayEnv {
            x11: Some(":0".into()),
            wayland: None,
        };
        let m = window_message(&env, Some(&gl));
        points_to_the_cli(&m);
        assert!(m.contains("no usable OpenGL"), "{m}");
        assert!(!m.contains("GLSL") && !m.contains("shader"), "{m}");
    }

    #[test]
    fn the_display_tried_is_named() {
        let err = eframe::Error::AppCreation("x".into());
        let env = DisplayEnv {
            x11: Some("localhost:10.0".into()),
            wayland: Some("wayland-1".into()),
        };
        let m = window_message(&env, Some(&err));
        points_to_the_cli(&m);
        assert!(
            m.contains("WAYLAND_DISPLAY=wayland-1 or DISPLAY=localhost:10.0"),
            "{m}"
        );
        let m = window_message(&DisplayEnv::default(), None);
        points_to_the_cli(&m);
        assert!(m.contains("no display is set"), "{m}");
    }
}
