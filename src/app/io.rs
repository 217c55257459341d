//! What the app reads and writes: files opened, the session autosaved, projects saved and
//! opened, exports and captures written off the UI thread, and the native file dialogs
//! that ask for their paths.

use super::*;

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

    /// Runs a native dialog on its own thread (the portal dialog blocks) so
    /// the UI stays live; its answer comes back as a command. One at a time.
    pub(super) fn dialog(
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

    /// Asks the renderer for this frame's pixels and writes them to `path`
    /// as PNG (atomically, off the UI thread); a banner names the file.
    pub(super) fn capture(&mut self, path: PathBuf, ctx: &egui::Context) {
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
