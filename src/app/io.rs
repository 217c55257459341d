//! What the app reads and writes: files opened, the session autosaved, projects saved and
//! opened, exports and captures written off the UI thread, and the native file dialogs
//! that ask for their paths.

use super::*;
use crate::ui::file_dialog::{Browser, Entry};

impl SitrepApp {
    /// Replaces everything open with a project file's session. A file that
    /// cannot be read changes nothing: a banner names it and says why.
    pub(super) fn open_project(&mut self, path: &Path, ctx: &egui::Context) {
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
    pub(super) fn save_project(&mut self, path: &Path) {
        self.banner = Some(match self.session().save(path) {
            Ok(()) => Banner {
                text: format!("Saved the project as {}.", path.display()),
                error: false,
            },
            Err(e) => Banner::error(&e, ""),
        });
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

    /// Opens what was given, each as what it is: a project file (`.sitrep`, or JSON that
    /// is a saved project) as a project, anything else as a dispatch.
    pub(super) fn open_any(&mut self, paths: Vec<PathBuf>, ctx: &egui::Context) {
        let (projects, texts): (Vec<PathBuf>, Vec<PathBuf>) =
            paths.into_iter().partition(|p| is_project(p));
        if let Some(p) = projects.first() {
            self.open_project(p, ctx);
        }
        if projects.len() > 1 {
            self.banner = Some(Banner {
                text: format!(
                    "One project at a time: {} was opened, {} other project file{} not",
                    projects[0].display(),
                    projects.len() - 1,
                    if projects.len() == 2 {
                        " was"
                    } else {
                        "s were"
                    }
                ),
                error: false,
            });
        }
        if !texts.is_empty() {
            self.open_paths(texts);
        }
    }

    /// Asks the worker to read files; they join the current batch of opens.
    pub(super) fn open_paths(&mut self, paths: Vec<PathBuf>) {
        for path in paths {
            self.opening.total += 1;
            self.worker.send(Job::Load { path });
        }
    }

    pub(super) fn loaded(&mut self, path: &Path, result: Result<Input, crate::text::TextError>) {
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

    /// Asks for a file: the desktop's dialog (on its own thread) when the
    /// desktop has one, else sitrep's own, which says why.
    pub(super) fn ask_file(&mut self, ctx: &egui::Context, request: FileRequest) {
        if self.dialog.is_some() || self.panels.files.browser.is_some() {
            return;
        }
        let desktop = match &self.dialogs {
            FileDialogs::BuiltIn(why) => Err(why.clone()),
            FileDialogs::Desktop => self
                .desktop_dialog
                .get_or_insert_with(desktop_file_chooser)
                .clone(),
        };
        if let Err(why) = desktop {
            let dir = self
                .last_dir
                .clone()
                .or_else(|| std::env::current_dir().ok())
                .or_else(|| std::env::var_os("HOME").map(PathBuf::from))
                .unwrap_or_else(|| PathBuf::from("/"));
            self.panels.files.browser = Some(Browser::new(request, why, dir.clone()));
            self.browse(&dir);
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let wake = ctx.clone();
        let start = self.last_dir.clone();
        let spawned = std::thread::Builder::new()
            .name("sitrep-dialog".into())
            .spawn(move || {
                let paths = desktop_dialog(&request, start);
                let _ = tx.send(request.then.command(paths));
                wake.request_repaint();
            });
        if spawned.is_ok() {
            self.dialog = Some(rx);
        }
    }

    /// Shows `path` in sitrep's own file dialog: a folder's listing, or a
    /// file's folder with the file picked.
    pub(super) fn browse(&mut self, path: &Path) {
        let Some(b) = self.panels.files.browser.as_mut() else {
            return;
        };
        let (dir, pick) = if path.is_dir() {
            (path.to_path_buf(), None)
        } else {
            match (path.parent(), path.file_name().and_then(|n| n.to_str())) {
                (Some(parent), Some(name)) if parent.is_dir() => {
                    (parent.to_path_buf(), Some(name.to_owned()))
                }
                _ => {
                    b.problem = Some(format!("There is no folder {}.", path.display()));
                    return;
                }
            }
        };
        let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
        let entries = read_folder(&dir);
        if entries.is_ok() {
            self.last_dir = Some(dir.clone());
        }
        b.set_listing(dir, entries, pick);
    }

    /// A file name for exports: the active dispatch's, without its extension.
    pub(super) fn file_stem(&self) -> String {
        self.current()
            .map(|d| Path::new(&d.name))
            .and_then(Path::file_stem)
            .map_or_else(|| "sitrep".to_owned(), |s| s.to_string_lossy().into_owned())
    }

    /// Exports every open dispatch's analysis (corrections applied) to
    /// `path`, off the UI thread; a banner names the file when it is done.
    /// Exports what the map and timeline show: the open dispatch (or, with
    /// all shown, every ticked one), through the brushed time window.
    pub(super) fn export(&mut self, format: Format, path: PathBuf, ctx: &egui::Context) {
        let sources: Vec<(String, Arc<Analysis>)> = self
            .shown_dispatches()
            .filter_map(|d| Some((d.name.clone(), d.analysis.clone()?)))
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

    /// Asks the renderer for this frame's pixels and writes them (the whole
    /// window, or the map's part of it) to `path` as PNG, atomically and off
    /// the UI thread; a banner names the file.
    pub(super) fn capture(&mut self, path: PathBuf, what: ui::Capture, ctx: &egui::Context) {
        let tx = self.notices.0.clone();
        let wake = ctx.clone();
        let ppp = ctx.pixels_per_point();
        let map = self.map_rect;
        let done = egui::ScreenshotCallback::new(move |image| {
            let write = move || {
                let image = match what {
                    ui::Capture::Window => image.as_ref().clone(),
                    ui::Capture::Map => crop(&image, map, ppp),
                };
                let result = png_bytes(&image).and_then(|b| crate::files::write(&path, &b));
                let banner = match result {
                    Ok(()) => Banner {
                        text: format!(
                            "Saved {} ({}×{} px) to {}",
                            what.noun(),
                            image.size[0],
                            image.size[1],
                            path.display()
                        ),
                        error: false,
                    },
                    Err(e) => Banner {
                        text: format!("Cannot save {} to {}: {e}", what.noun(), path.display()),
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
    pub(super) fn autosave(&mut self) {
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

/// Whether `path` is a sitrep project: named `.sitrep`, or a `.json` file whose start is
/// a JSON object with the project's `dispatches` (a news text is never read as one).
fn is_project(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("sitrep") => true,
        Some("json") => {
            use std::io::Read as _;
            let mut head = [0u8; 4096];
            let Ok(n) = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)) else {
                return false;
            };
            let head = String::from_utf8_lossy(&head[..n]);
            head.trim_start().starts_with('{') && head.contains("\"dispatches\"")
        }
        _ => false,
    }
}

/// The part of a captured frame inside `rect` (points; `ppp` pixels a
/// point), clamped to the frame; the whole frame when `rect` is empty.
#[must_use]
pub fn crop(image: &egui::ColorImage, rect: egui::Rect, ppp: f32) -> egui::ColorImage {
    let [w, h] = image.size;
    // Pixel edges: rounded outwards, then clamped to the frame.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let px = |v: f32, max: usize| ((v * ppp).round().max(0.0) as usize).min(max);
    let (x0, x1) = (px(rect.min.x, w), px(rect.max.x, w));
    let (y0, y1) = (px(rect.min.y, h), px(rect.max.y, h));
    if !rect.is_positive() || x1 <= x0 || y1 <= y0 {
        return image.clone();
    }
    image.region_by_pixels([x0, y0], [x1 - x0, y1 - y0])
}

/// A folder's entries for sitrep's own file dialog (names that are not
/// UTF-8 are left out: the dialog could not give them back exactly).
fn read_folder(dir: &Path) -> Result<Vec<Entry>, String> {
    let read = std::fs::read_dir(dir).map_err(|e| format!("Cannot read {}: {e}", dir.display()))?;
    Ok(read
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            // Follows links: a link to a folder is a folder.
            let meta = std::fs::metadata(e.path()).ok();
            let dir = meta.as_ref().is_some_and(std::fs::Metadata::is_dir);
            Some(Entry {
                name,
                dir,
                bytes: if dir { None } else { meta.map(|m| m.len()) },
            })
        })
        .collect())
}

/// The desktop's file dialog for `request` (rfd: the XDG desktop portal,
/// else zenity); the paths chosen, none when cancelled.
fn desktop_dialog(request: &FileRequest, start: Option<PathBuf>) -> Vec<PathBuf> {
    let mut d = rfd::FileDialog::new()
        .set_title(&request.title)
        .add_filter(request.filter, &request.extensions);
    if let Some(dir) = start {
        d = d.set_directory(dir);
    }
    match (&request.save_as, request.multiple) {
        (Some(name), _) => d.set_file_name(name).save_file().into_iter().collect(),
        (None, true) => d.pick_files().unwrap_or_default(),
        (None, false) => d.pick_file().into_iter().collect(),
    }
}

/// Whether the desktop can show a file dialog: rfd asks the XDG desktop
/// portal over the session bus, then runs zenity. When neither is there,
/// its dialogs silently return nothing, so the app must know beforehand:
/// `Err` says why sitrep shows its own. Asked once, with a time limit.
fn desktop_file_chooser() -> Result<(), String> {
    const OWN: &str = "so this is sitrep's own file dialog.";
    let (tx, rx) = std::sync::mpsc::channel();
    let asked = std::thread::Builder::new()
        .name("sitrep-portal-probe".into())
        .spawn(move || {
            let _ = tx.send(portal_on_session_bus());
        });
    let portal = match asked {
        Ok(_) => rx
            .recv_timeout(Duration::from_secs(2))
            .unwrap_or_else(|_| Err("the session bus did not answer within 2 s".into())),
        Err(e) => Err(e.to_string()),
    };
    match portal {
        Ok(true) => Ok(()),
        _ if on_path("zenity") => Ok(()),
        Ok(false) => Err(format!(
            "No XDG desktop portal runs on the session bus and zenity is not installed, {OWN}"
        )),
        Err(_) => Err(format!(
            "No desktop file chooser: no D-Bus session bus to reach a portal, and zenity is not installed, {OWN}"
        )),
    }
}

/// Whether `org.freedesktop.portal.Desktop` is on the session bus (running
/// or activatable).
fn portal_on_session_bus() -> Result<bool, String> {
    const PORTAL: &str = "org.freedesktop.portal.Desktop";
    let ask = || -> zbus::Result<bool> {
        let bus = zbus::blocking::Connection::session()?;
        let proxy = zbus::blocking::fdo::DBusProxy::new(&bus)?;
        let name = zbus::names::BusName::try_from(PORTAL)?;
        Ok(proxy.name_has_owner(name)?
            || proxy
                .list_activatable_names()?
                .iter()
                .any(|n| n.as_str() == PORTAL))
    };
    ask().map_err(|e| e.to_string())
}

/// Whether an executable of this name is on `PATH`.
fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(name).is_file()))
}
