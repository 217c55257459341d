//! Opening the window: `run` starts eframe with the app, and a window that cannot be
//! opened is said in one sentence that points to the command line.

use std::path::PathBuf;

use super::*;

/// Opens the app window, with `files` opened as new dispatches (as if
/// dropped on it) once it is up; the bundled sample is then left out. With
/// `present`, the app goes into present mode once they are analysed.
///
/// # Errors
/// When no display is available or the window cannot be created.
pub fn run(files: Vec<PathBuf>, present: bool) -> anyhow::Result<()> {
    let launched = Instant::now();
    let display = DisplayEnv::from_env();
    if display.none() && cfg!(target_os = "linux") {
        anyhow::bail!("{}", window_message(&display, None));
    }
    let gazetteer = Gazetteer::bundled()?;
    // Triangulate the basemap's finer levels, decode the relief and list the
    // reference towns off the UI thread (the map draws without them until then).
    let (basemap, loader) = crate::ui::basemap::NaturalEarth::with_loader();
    // Until the loader has built them, the map draws the coarsest levels it has.
    if let Ok(countries) = crate::map::Basemap::bundled() {
        countries.defer_builds();
    }
    if let Ok(layers) = crate::map::layers::Layers::bundled() {
        layers.defer_builds();
    }
    let loader_gazetteer = gazetteer.clone();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("sitrep")
            .with_app_id("sitrep")
            .with_inner_size([1360.0, 860.0])
            .with_min_inner_size([360.0, 240.0])
            .with_drag_and_drop(true),
        // Dithering is shader work on every pixel of every frame, and on a software
        // renderer (a projector's laptop, a VM) it costs frames a second; the map's flat
        // fills and 8-bit relief show no banding without it.
        dithering: false,
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
                dialogs: super::FileDialogs::from_env(),
            };
            let mut app = SitrepApp::new(&cc.egui_ctx, gazetteer, config);
            app.basemap = std::rc::Rc::new(basemap);
            let ctx = cc.egui_ctx.clone();
            std::thread::spawn(move || {
                loader.prepare(&loader_gazetteer);
                ctx.request_repaint();
            });
            if !files.is_empty() {
                app.drop_sample();
                app.apply(vec![Command::OpenPaths(files)], &cc.egui_ctx);
                app.present_when_ready = present;
            }
            // `SITREP_TIMING=1 sitrep` reports how long the first frame took.
            app.launched = std::env::var_os("SITREP_TIMING").map(|_| launched);
            app.stage_cleared = true;
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| match e {
        // The app's own start-up failed: that error says what it is.
        eframe::Error::AppCreation(e) => anyhow::anyhow!("cannot start the app: {e}"),
        e => anyhow::anyhow!("{}", window_message(&display, Some(&e))),
    })
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
