//! The desktop app (behind the `gui` feature). For now a gazetteer
//! explorer: type a name, see every place it may mean. The dispatch, map
//! and timeline panels come with the analysis.

use crate::gazetteer::{Gazetteer, PlaceKind};

/// Opens the app window.
///
/// # Errors
/// When no display is available or the window cannot be created.
pub fn run() -> anyhow::Result<()> {
    if std::env::var_os("DISPLAY").is_none()
        && std::env::var_os("WAYLAND_DISPLAY").is_none()
        && cfg!(target_os = "linux")
    {
        anyhow::bail!(
            "no display available (neither DISPLAY nor WAYLAND_DISPLAY is set). The command line works without one: try `sitrep places Palmyra`"
        );
    }
    let gazetteer = Gazetteer::bundled()?;
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("sitrep")
            .with_inner_size([1100.0, 720.0])
            .with_min_inner_size([480.0, 320.0]),
        ..Default::default()
    };
    eframe::run_native(
        "sitrep",
        options,
        Box::new(move |_cc| Ok(Box::new(SitrepApp::new(gazetteer)))),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}

/// The app's state.
pub struct SitrepApp {
    gazetteer: Gazetteer,
    query: String,
}

impl SitrepApp {
    #[must_use]
    pub fn new(gazetteer: Gazetteer) -> Self {
        Self {
            gazetteer,
            query: "Palmyra".to_owned(),
        }
    }
}

impl eframe::App for SitrepApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("sitrep — gazetteer");
            ui.label(format!(
                "{} places bundled: towns of 1,000+ people, admin-1 regions, countries and macro-regions (GeoNames, CC BY 4.0).",
                self.gazetteer.len()
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                ui.label("Look up a name:");
                ui.add(
                    egui::TextEdit::singleline(&mut self.query)
                        .hint_text("Palmyra, Syrian, Middle East …")
                        .desired_width(280.0),
                )
                .labelled_by(ui.label("").id);
            });
            ui.add_space(8.0);
            let candidates = self.gazetteer.lookup(&self.query);
            if candidates.is_empty() && !self.query.trim().is_empty() {
                ui.label("No place answers to this name.");
            }
            egui::ScrollArea::vertical().show(ui, |ui| {
                egui::Grid::new("candidates").striped(true).show(ui, |ui| {
                    for h in ["#", "name", "kind", "country", "admin-1", "lat, lon", "population", "matched"] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for (i, c) in candidates.iter().take(50).enumerate() {
                        let p = &c.place;
                        let country = p
                            .country
                            .and_then(|code| self.gazetteer.country(code))
                            .map_or("", |c| c.name);
                        ui.label((i + 1).to_string());
                        ui.label(p.name);
                        ui.label(match p.kind {
                            PlaceKind::Populated if p.capital => "capital",
                            k => k.label(),
                        });
                        ui.label(country);
                        ui.label(p.admin1.unwrap_or(""));
                        ui.label(format!("{:.4}, {:.4}", p.lat, p.lon));
                        ui.label(if p.population > 0 { p.population.to_string() } else { String::new() });
                        ui.label(c.matched.label());
                        ui.end_row();
                    }
                });
            });
        });
    }
}
