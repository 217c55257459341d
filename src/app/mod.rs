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
pub use state::{Dispatch, Models, SavedDispatch, Selection, Session};
pub use worker::{Job, Reply, Worker};

use crate::analysis::{Analysis, DateHint};
use crate::export::{Filter, Format, Source, Table};
use crate::gazetteer::Gazetteer;
use crate::text::{DateSource, Input};
use crate::ui;
use crate::view::corrections::{Correction, upsert};
use crate::view::geo::MapView;
use crate::view::timeline::TimelineView;
use crate::view::{Item, Related};

/// The bundled sample, opened on the first start.
pub const SAMPLE: &str = include_str!("../../assets/sample-dispatch.txt");
/// The sample's name in the dispatch list.
pub const SAMPLE_NAME: &str = "sample-dispatch.txt";
/// How long the session must be unchanged before it is saved.
const AUTOSAVE_AFTER: Duration = Duration::from_millis(1500);

/// Opens the app window.
///
/// # Errors
/// When no display is available or the window cannot be created.
pub fn run() -> anyhow::Result<()> {
    let launched = Instant::now();
    if std::env::var_os("DISPLAY").is_none()
        && std::env::var_os("WAYLAND_DISPLAY").is_none()
        && cfg!(target_os = "linux")
    {
        anyhow::bail!(
            "no display available (neither DISPLAY nor WAYLAND_DISPLAY is set). The command line works without one: try `sitrep extract assets/sample-dispatch.txt`"
        );
    }
    let gazetteer = Gazetteer::bundled()?;
    // Triangulate the basemap's finer levels off the UI thread, before they
    // are first needed (the world level is quick and built on demand).
    std::thread::spawn(|| {
        if let Ok(basemap) = crate::map::basemap::Basemap::bundled() {
            basemap.prepare_all();
        }
    });
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
            // `SITREP_TIMING=1 sitrep` reports how long the first frame took.
            app.launched = std::env::var_os("SITREP_TIMING").map(|_| launched);
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
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
    /// The Natural Earth basemap's per-frame buffers, shared with the map panel.
    pub(crate) basemap: std::rc::Rc<crate::ui::map::NaturalEarth>,
    /// When the process started, if the first frame's timing is wanted.
    launched: Option<Instant>,
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
                        format!("{e}. It was kept as {}; starting afresh.", aside.display())
                    } else {
                        format!("{e}. Starting afresh; the file is left as it is.")
                    });
                    None
                }
            },
            _ => None,
        };
        let mut app = Self::from_session(ctx, gaz, config, session);
        if let Some(text) = problem {
            app.banner = Some(Banner { text, error: true });
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
            basemap: std::rc::Rc::default(),
            launched: None,
        };
        for saved in session.dispatches {
            let hint = saved.user_date.map_or(DateHint::Detect, DateHint::User);
            let meta = saved.meta_date.map(|d| (d, DateSource::Metadata));
            let id = app.add_dispatch(
                saved.name,
                saved.text,
                meta,
                hint,
                saved.warnings,
                saved.corrections,
            );
            if let Some(d) = app.dispatches.iter_mut().find(|d| d.id == id) {
                d.fit_pending = false;
            }
        }
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
        ui::theme::apply(ctx, app.dark);
        app
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
                .map(|d| SavedDispatch {
                    name: d.name.clone(),
                    text: d.text.clone(),
                    meta_date: d.meta_date.map(|m| m.0),
                    user_date: match d.hint {
                        DateHint::User(date) => Some(date),
                        DateHint::Detect => None,
                    },
                    corrections: d.corrections.clone(),
                    warnings: d.warnings.clone(),
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
                } => {
                    let lanes = self.timeline.lanes;
                    let Some(d) = self.dispatches.iter_mut().find(|d| d.id == dispatch) else {
                        continue;
                    };
                    if generation < d.done {
                        continue;
                    }
                    d.models = Some(Arc::new(Models::build(&analysis, &self.gaz, lanes)));
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

    fn loaded(&mut self, path: &Path, result: Result<Input, String>) {
        match result {
            Err(e) => {
                self.banner = Some(Banner {
                    text: e,
                    error: true,
                })
            }
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
                self.activate(id);
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
        });
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
        });
    }

    fn activate(&mut self, id: u64) {
        if let Some(i) = self.dispatches.iter().position(|d| d.id == id) {
            if i != self.active {
                self.selection = Selection::default();
                self.panels.text = ui::text::TextState::default();
            }
            self.active = i;
            if self.dispatches[i].fit_pending && !self.dispatches[i].analysing() {
                self.dispatches[i].fit_pending = false;
                self.fit_map();
                self.fit_timeline();
            }
            self.touch();
        }
    }

    /// Fits map and timeline to the active dispatch once its analysis is
    /// in, with this frame's map size (the first frames' size is a guess).
    fn fit_when_ready(&mut self, ctx: &egui::Context) {
        let Some(d) = self.dispatches.get_mut(self.active) else {
            return;
        };
        if d.fit_pending && !d.analysing() && d.models.is_some() {
            d.fit_pending = false;
            self.fit_map();
            self.fit_timeline();
            ctx.request_repaint();
        }
    }

    fn fit_map(&mut self) {
        let Some(b) = self
            .current()
            .and_then(|d| d.models.as_ref())
            .and_then(|m| m.map.bounds())
        else {
            return;
        };
        self.map.fit(b, self.map_size, 48.0, 9.0);
    }

    fn fit_timeline(&mut self) {
        if let Some((a, b)) = self
            .current()
            .and_then(|d| d.models.as_ref())
            .and_then(|m| m.timeline.extent())
        {
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
                Command::Select(item) => {
                    self.selection.item = item;
                    self.refresh_selection();
                    self.panels.text.scroll_to = self.selection.related.anchor;
                    self.panels.inspector.reset();
                }
                Command::Activate(id) => self.activate(id),
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
                        self.touch();
                    }
                }
                Command::OpenDialog => self.dialog(ctx, || {
                    rfd::FileDialog::new()
                        .set_title("Open a dispatch")
                        .add_filter("Dispatches", &["txt", "md", "markdown", "html", "htm"])
                        .pick_file()
                        .map(Command::OpenPath)
                }),
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
                Command::OpenPath(path) => self.worker.send(Job::Load { path }),
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
    fn export(&mut self, format: Format, path: PathBuf, ctx: &egui::Context) {
        let sources: Vec<(String, Arc<Analysis>)> = self
            .dispatches
            .iter()
            .filter_map(|d| Some((d.name.clone(), d.analysis.clone()?)))
            .collect();
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
            let table = Table::build(&sources, &gaz, &Filter::default());
            let banner = match export_file(format, &table, &gaz, &path) {
                Ok(()) => Banner {
                    text: format!(
                        "Exported {} events and {} places to {}",
                        table.events.len(),
                        table.places.len(),
                        path.display()
                    ),
                    error: false,
                },
                Err(e) => Banner {
                    text: format!("Cannot export to {}: {e}", path.display()),
                    error: true,
                },
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
                let result =
                    png_bytes(&image).and_then(|b| crate::project::write_atomic(&path, &b));
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
    pub fn save_now(&mut self) -> std::io::Result<()> {
        self.dirty_since = None;
        let Some(path) = self.session_file.clone() else {
            return Ok(());
        };
        let json = serde_json::to_vec_pretty(&self.session()).map_err(std::io::Error::other)?;
        crate::project::write_atomic(&path, &json)
    }

    fn autosave(&mut self) {
        if self
            .dirty_since
            .is_some_and(|t| t.elapsed() >= AUTOSAVE_AFTER)
            && let Err(e) = self.save_now()
        {
            self.banner = Some(Banner {
                text: format!("cannot save the session: {e}"),
                error: true,
            });
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
        commands.extend(dropped.into_iter().map(Command::OpenPath));
        if !ctx.egui_wants_keyboard_input() {
            Self::shortcuts(&ctx, &mut commands);
            commands.extend(self.navigation(&ctx));
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
fn export_file(format: Format, table: &Table, gaz: &Gazetteer, path: &Path) -> Result<(), String> {
    crate::export::write(format, table, gaz, path, true).map_err(|e| e.to_string())
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
        self.frame(ui);
        if let Some(t) = self.launched.take() {
            eprintln!(
                "sitrep: first frame laid out {:.0} ms after launch",
                t.elapsed().as_secs_f64() * 1000.0
            );
        }
    }

    fn save(&mut self, _storage: &mut dyn eframe::Storage) {
        if self.dirty_since.is_some()
            && let Err(e) = self.save_now()
        {
            eprintln!("sitrep: cannot save the session: {e}");
        }
    }
}
