//! sitrep's own file dialog, for when no desktop file chooser can answer
//! (no XDG desktop portal on the session bus and no zenity, or
//! `SITREP_FILE_DIALOG=builtin`). It says why it is shown. The panel only
//! paints and returns commands: the app reads the folders
//! ([`Command::Browse`]) and hands their listings back.

use std::path::{Path, PathBuf};

use super::Command;
use crate::export::Format;

/// What a file dialog is for, and what its answer becomes. The desktop's
/// dialog and sitrep's own are both built from one of these.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileRequest {
    pub title: String,
    /// The filter's label ("Dispatches") and the extensions it shows.
    pub filter: &'static str,
    pub extensions: Vec<&'static str>,
    /// A save dialog proposing this file name; `None` picks existing files.
    pub save_as: Option<String>,
    /// Several files may be picked (open dialogs only).
    pub multiple: bool,
    pub then: Then,
}

/// What the chosen path(s) are for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Then {
    OpenDispatches,
    OpenProject,
    SaveProject,
    Export(Format),
    Capture(super::Capture),
}

impl Then {
    /// The command that acts on the chosen paths (`None` when nothing was chosen).
    #[must_use]
    pub fn command(self, paths: Vec<PathBuf>) -> Option<Command> {
        if let Self::OpenDispatches = self {
            return (!paths.is_empty()).then_some(Command::OpenPaths(paths));
        }
        let path = paths.into_iter().next()?;
        Some(match self {
            Self::OpenDispatches => Command::OpenPaths(vec![path]),
            Self::OpenProject => Command::OpenProject(path),
            Self::SaveProject => Command::SaveProject(path),
            Self::Export(format) => Command::Export { format, path },
            Self::Capture(what) => Command::Capture(path, what),
        })
    }
}

const DISPATCH_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm"];
const PROJECT_EXTENSIONS: &[&str] = &["sitrep", "json"];

impl FileRequest {
    #[must_use]
    pub fn open_dispatches() -> Self {
        Self {
            title: "Open dispatches".into(),
            filter: "Dispatches",
            extensions: DISPATCH_EXTENSIONS.to_vec(),
            save_as: None,
            multiple: true,
            then: Then::OpenDispatches,
        }
    }

    #[must_use]
    pub fn open_project() -> Self {
        Self {
            title: "Open project".into(),
            filter: "sitrep project",
            extensions: PROJECT_EXTENSIONS.to_vec(),
            save_as: None,
            multiple: false,
            then: Then::OpenProject,
        }
    }

    #[must_use]
    pub fn save_project() -> Self {
        Self {
            title: "Save project as".into(),
            filter: "sitrep project",
            extensions: PROJECT_EXTENSIONS.to_vec(),
            save_as: Some("project.sitrep".into()),
            multiple: false,
            then: Then::SaveProject,
        }
    }

    /// Export in `format`, proposing `<stem>.<the format's extension>`.
    #[must_use]
    pub fn export(format: Format, stem: &str) -> Self {
        let ext = format.extension();
        Self {
            title: format!("Export as {}", super::top_bar::format_label(format)),
            filter: super::top_bar::format_label(format),
            extensions: vec![ext.rsplit('.').next().unwrap_or(ext)],
            save_as: Some(format!("{stem}.{ext}")),
            multiple: false,
            then: Then::Export(format),
        }
    }

    /// Save a PNG of the window or the map, proposing `<stem>.png`.
    #[must_use]
    pub fn capture(what: super::Capture, stem: &str) -> Self {
        Self {
            title: format!("Save {} as PNG", what.noun()),
            filter: "PNG image",
            extensions: vec!["png"],
            save_as: Some(format!("{stem}.png")),
            multiple: false,
            then: Then::Capture(what),
        }
    }

    /// Whether a file of this name passes the filter.
    #[must_use]
    pub fn accepts(&self, name: &str) -> bool {
        Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| self.extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
    }

    /// A typed save name with the filter's extension added when it has none
    /// of them ("brief" -> "brief.html").
    #[must_use]
    pub fn with_extension(&self, name: &str) -> String {
        match self.extensions.first() {
            Some(ext) if !self.accepts(name) => format!("{name}.{ext}"),
            _ => name.to_owned(),
        }
    }
}

/// One row of a folder's listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub dir: bool,
    /// The file's size in bytes (folders: `None`).
    pub bytes: Option<u64>,
}

/// An open dialog of sitrep's own.
#[derive(Debug)]
pub struct Browser {
    pub request: FileRequest,
    /// Why the desktop's dialog is not used, said at the top.
    pub why: String,
    /// The folder shown, and its listing (or why it cannot be read).
    pub dir: PathBuf,
    pub entries: Result<Vec<Entry>, String>,
    /// The folder field's text (Enter goes there).
    pub folder: String,
    /// The file name field: a save's name, or the picked file(s).
    pub name: String,
    /// Files picked by clicks (open dialogs).
    pub picked: Vec<String>,
    /// Show files the filter leaves out, and hidden (dot) files.
    pub all_files: bool,
    pub hidden: bool,
    /// A save over an existing file waits for "Replace".
    pub replace: Option<PathBuf>,
    /// An inline message ("No file named x.txt here").
    pub problem: Option<String>,
}

impl Browser {
    #[must_use]
    pub fn new(request: FileRequest, why: String, dir: PathBuf) -> Self {
        let name = request.save_as.clone().unwrap_or_default();
        Self {
            request,
            why,
            folder: dir.display().to_string(),
            dir,
            entries: Ok(Vec::new()),
            name,
            picked: Vec::new(),
            all_files: false,
            hidden: false,
            replace: None,
            problem: None,
        }
    }

    /// Shows a folder the app has read: folders first, then files, each by
    /// name ignoring case. `pick` selects a file of it (a path typed whole).
    pub fn set_listing(
        &mut self,
        dir: PathBuf,
        entries: Result<Vec<Entry>, String>,
        pick: Option<String>,
    ) {
        self.entries = entries.map(|mut e| {
            e.sort_by(|a, b| {
                b.dir
                    .cmp(&a.dir)
                    .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
                    .then_with(|| a.name.cmp(&b.name))
            });
            e
        });
        self.folder = dir.display().to_string();
        self.dir = dir;
        self.picked.clear();
        self.replace = None;
        self.problem = None;
        if let Some(name) = pick {
            self.pick(&name, false);
        } else if self.request.save_as.is_none() {
            self.name.clear();
        }
    }

    /// The rows shown: folders, and files the filter (or "all files") lets through.
    pub fn visible(&self) -> impl Iterator<Item = &Entry> {
        self.entries
            .as_ref()
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter(|e| {
                (self.hidden || !e.name.starts_with('.'))
                    && (e.dir || self.all_files || self.request.accepts(&e.name))
            })
    }

    fn entry(&self, name: &str) -> Option<&Entry> {
        self.entries.as_ref().ok()?.iter().find(|e| e.name == name)
    }

    /// A click on a file: it alone, or added/removed with Ctrl (several files).
    fn pick(&mut self, name: &str, add: bool) {
        if self.request.save_as.is_some() {
            self.name = name.to_owned();
            return;
        }
        if add && self.request.multiple {
            if let Some(i) = self.picked.iter().position(|p| p == name) {
                self.picked.remove(i);
            } else {
                self.picked.push(name.to_owned());
            }
        } else {
            self.picked = vec![name.to_owned()];
        }
        self.name = picked_label(&self.picked);
    }

    /// What Open / Save / Enter does now: the command(s) to send and
    /// whether the dialog closes.
    fn accept(&mut self) -> (Vec<Command>, bool) {
        self.problem = None;
        let typed = self.name.trim().to_owned();
        if self.request.save_as.is_none()
            && !self.picked.is_empty()
            && typed == picked_label(&self.picked)
        {
            let paths = self.picked.iter().map(|n| self.dir.join(n)).collect();
            return (self.request.then.command(paths).into_iter().collect(), true);
        }
        if typed.is_empty() {
            self.problem = Some("Type a file name or pick a file.".into());
            return (Vec::new(), false);
        }
        // A path typed whole (or `..`, `~`): the app goes there.
        if typed.contains(std::path::MAIN_SEPARATOR) || typed == ".." || typed.starts_with('~') {
            return (vec![Command::Browse(self.resolve(&typed))], false);
        }
        match self.entry(&typed).map(|e| e.dir) {
            Some(true) => return (vec![Command::Browse(self.dir.join(&typed))], false),
            Some(false) if self.request.save_as.is_none() => {
                let then = self.request.then.command(vec![self.dir.join(&typed)]);
                return (then.into_iter().collect(), true);
            }
            _ => {}
        }
        if self.request.save_as.is_none() {
            self.problem = Some(format!("No file named {typed} in this folder."));
            return (Vec::new(), false);
        }
        let name = self.request.with_extension(&typed);
        let path = self.dir.join(&name);
        if self.entry(&name).is_some() && self.replace.as_ref() != Some(&path) {
            self.replace = Some(path);
            return (Vec::new(), false);
        }
        let then = self.request.then.command(vec![path]);
        (then.into_iter().collect(), true)
    }

    /// A typed folder or path, from the folder shown (`~` is the home folder).
    fn resolve(&self, typed: &str) -> PathBuf {
        if let Some(rest) = typed.strip_prefix('~')
            && let Some(home) = std::env::var_os("HOME")
        {
            return PathBuf::from(home).join(rest.trim_start_matches(std::path::MAIN_SEPARATOR));
        }
        self.dir.join(typed)
    }
}

fn picked_label(picked: &[String]) -> String {
    match picked {
        [one] => one.clone(),
        many => format!("{} files", many.len()),
    }
}

/// The dialog's state between frames.
#[derive(Debug, Default)]
pub struct FileDialogState {
    pub browser: Option<Browser>,
}

/// "12.4 KB" for a listing.
fn size_label(bytes: u64) -> String {
    #[allow(clippy::cast_precision_loss)]
    let b = bytes as f64;
    if bytes < 1_000 {
        format!("{bytes} B")
    } else if bytes < 1_000_000 {
        format!("{:.1} KB", b / 1e3)
    } else {
        format!("{:.1} MB", b / 1e6)
    }
}

/// Paints the dialog (if open) and returns what it asks for.
#[must_use]
pub fn show(
    ctx: &egui::Context,
    state: &mut FileDialogState,
    muted: egui::Color32,
) -> Vec<Command> {
    let mut out = Vec::new();
    let Some(b) = state.browser.as_mut() else {
        return out;
    };
    let mut close = false;
    let saving = b.request.save_as.is_some();
    let modal = egui::Modal::new(egui::Id::unique("sitrep_file_dialog")).show(ctx, |ui| {
        ui.set_width((ctx.content_rect().width() * 0.6).clamp(320.0, 760.0));
        ui.heading(&b.request.title);
        ui.label(egui::RichText::new(&b.why).small().color(muted));
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let up = b.dir.parent().map(Path::to_path_buf);
            if ui
                .add_enabled(up.is_some(), egui::Button::new("Up"))
                .on_hover_text("The folder above this one")
                .clicked()
                && let Some(up) = up
            {
                out.push(Command::Browse(up));
            }
            if let Some(home) = std::env::var_os("HOME")
                && ui.button("Home").clicked()
            {
                out.push(Command::Browse(PathBuf::from(home)));
            }
            let field = ui.add(
                egui::TextEdit::singleline(&mut b.folder)
                    .desired_width(f32::INFINITY)
                    .id_salt("file_dialog_folder"),
            );
            super::label_widget(&field, egui::Role::TextInput, "Folder");
            if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                out.push(Command::Browse(b.resolve(b.folder.trim())));
            }
        });
        ui.separator();
        let height = (ctx.content_rect().height() * 0.45).clamp(120.0, 420.0);
        // A click on a row: its name, whether a folder, a double click, Ctrl held.
        let mut clicked: Option<(String, bool, bool, bool)> = None;
        egui::ScrollArea::vertical()
            .max_height(height)
            .min_scrolled_height(height)
            .auto_shrink([false, false])
            .show(ui, |ui| match &b.entries {
                Err(why) => {
                    ui.colored_label(ui.visuals().error_fg_color, why);
                }
                Ok(_) => {
                    let mut any = false;
                    for e in b.visible() {
                        any = true;
                        // Folders end in "/" and are in bold (the UI font has no folder glyph).
                        let label = if e.dir {
                            egui::RichText::new(format!("{}/", e.name)).strong()
                        } else {
                            egui::RichText::new(&e.name)
                        };
                        let on =
                            !e.dir && (b.picked.contains(&e.name) || (saving && b.name == e.name));
                        ui.horizontal(|ui| {
                            let r = ui.selectable_label(on, label);
                            if let Some(bytes) = e.bytes {
                                ui.with_layout(
                                    egui::Layout::right_to_left(egui::Align::Center),
                                    |ui| {
                                        ui.label(
                                            egui::RichText::new(size_label(bytes)).color(muted),
                                        );
                                    },
                                );
                            }
                            if r.double_clicked() {
                                clicked = Some((e.name.clone(), e.dir, true, false));
                            } else if r.clicked() {
                                let add = ui.input(|i| i.modifiers.command);
                                clicked = Some((e.name.clone(), e.dir, false, add));
                            }
                        });
                    }
                    if !any {
                        ui.label(
                            egui::RichText::new("No folders or matching files here.").color(muted),
                        );
                    }
                }
            });
        if let Some((name, dir, double, add)) = clicked {
            if dir {
                out.push(Command::Browse(b.dir.join(&name)));
            } else if double {
                b.pick(&name, false);
                let (cmds, done) = b.accept();
                out.extend(cmds);
                close |= done;
            } else {
                b.pick(&name, add);
            }
        }
        ui.separator();
        ui.horizontal(|ui| {
            ui.label(if saving { "Save as" } else { "File" });
            let field = ui.add(
                egui::TextEdit::singleline(&mut b.name)
                    .desired_width((ui.available_width() - 8.0).max(80.0))
                    .id_salt("file_dialog_name"),
            );
            super::label_widget(&field, egui::Role::TextInput, "File name");
            if field.changed() {
                b.replace = None;
                b.problem = None;
            }
            if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                let (cmds, done) = b.accept();
                out.extend(cmds);
                close |= done;
            }
        });
        ui.horizontal(|ui| {
            let exts = b.request.extensions.join(", ");
            ui.checkbox(&mut b.all_files, "All files")
                .on_hover_text(format!(
                    "Show files other than {} ({exts})",
                    b.request.filter
                ));
            ui.checkbox(&mut b.hidden, "Hidden files");
        });
        if let Some(p) = &b.problem {
            ui.colored_label(ui.visuals().error_fg_color, p);
        }
        if let Some(path) = b.replace.clone() {
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("{name} already exists in this folder. Replace it?"),
            );
        }
        ui.horizontal(|ui| {
            let verb = match (saving, b.replace.is_some()) {
                (true, true) => "Replace",
                (true, false) => "Save",
                (false, _) => "Open",
            };
            if ui.button(verb).clicked() {
                let (cmds, done) = b.accept();
                out.extend(cmds);
                close |= done;
            }
            if ui.button("Cancel").clicked() {
                close = true;
            }
        });
    });
    if close || modal.should_close() {
        state.browser = None;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries() -> Vec<Entry> {
        let file = |n: &str| Entry {
            name: n.into(),
            dir: false,
            bytes: Some(10),
        };
        let dir = |n: &str| Entry {
            name: n.into(),
            dir: true,
            bytes: None,
        };
        vec![
            file("b.txt"),
            dir("zeta"),
            file("A.md"),
            file("photo.png"),
            dir("Alpha"),
            file(".hidden.txt"),
        ]
    }

    fn browser(request: FileRequest) -> Browser {
        let mut b = Browser::new(request, "why".into(), PathBuf::from("/d"));
        b.set_listing(PathBuf::from("/d"), Ok(entries()), None);
        b
    }

    fn names(b: &Browser) -> Vec<&str> {
        b.visible().map(|e| e.name.as_str()).collect()
    }

    #[test]
    fn folders_come_first_then_files_the_filter_lets_through() {
        let mut b = browser(FileRequest::open_dispatches());
        assert_eq!(names(&b), ["Alpha", "zeta", "A.md", "b.txt"]);
        b.all_files = true;
        assert_eq!(names(&b), ["Alpha", "zeta", "A.md", "b.txt", "photo.png"]);
        b.hidden = true;
        assert_eq!(
            names(&b),
            ["Alpha", "zeta", ".hidden.txt", "A.md", "b.txt", "photo.png"]
        );
    }

    #[test]
    fn picked_files_open_together() {
        let mut b = browser(FileRequest::open_dispatches());
        b.pick("b.txt", false);
        b.pick("A.md", true);
        assert_eq!(b.name, "2 files");
        let (cmds, done) = b.accept();
        assert!(done);
        assert_eq!(
            cmds,
            [Command::OpenPaths(vec![
                PathBuf::from("/d/b.txt"),
                PathBuf::from("/d/A.md")
            ])]
        );
    }

    #[test]
    fn a_typed_name_opens_a_file_goes_into_a_folder_or_says_it_is_missing() {
        let mut b = browser(FileRequest::open_project());
        b.name = "zeta".into();
        assert_eq!(
            b.accept(),
            (vec![Command::Browse(PathBuf::from("/d/zeta"))], false)
        );
        b.name = "nope.sitrep".into();
        assert_eq!(b.accept(), (vec![], false));
        assert_eq!(
            b.problem.as_deref(),
            Some("No file named nope.sitrep in this folder.")
        );
        b.name = "b.txt".into();
        assert_eq!(
            b.accept(),
            (vec![Command::OpenProject(PathBuf::from("/d/b.txt"))], true)
        );
        b.name = "/elsewhere/p.sitrep".into();
        assert_eq!(
            b.accept(),
            (
                vec![Command::Browse(PathBuf::from("/elsewhere/p.sitrep"))],
                false
            )
        );
    }

    #[test]
    fn a_save_gets_the_extension_and_asks_before_replacing() {
        let mut b = browser(FileRequest::export(Format::Html, "seed"));
        assert_eq!(b.name, "seed.html");
        b.name = "brief".into();
        let html = |p: &str| Command::Export {
            format: Format::Html,
            path: PathBuf::from(p),
        };
        assert_eq!(b.accept(), (vec![html("/d/brief.html")], true));
        let mut b = browser(FileRequest::capture(super::super::Capture::Map, "x"));
        b.name = "photo".into();
        assert_eq!(b.accept(), (vec![], false), "photo.png exists: asks first");
        assert_eq!(b.replace, Some(PathBuf::from("/d/photo.png")));
        assert_eq!(
            b.accept(),
            (
                vec![Command::Capture(
                    PathBuf::from("/d/photo.png"),
                    super::super::Capture::Map
                )],
                true
            )
        );
    }

    #[test]
    fn the_story_page_filters_on_html() {
        let r = FileRequest::export(Format::Story, "seed");
        assert_eq!(r.extensions, ["html"]);
        assert_eq!(r.save_as.as_deref(), Some("seed.story.html"));
        assert!(r.accepts("x.story.html"));
    }
}
