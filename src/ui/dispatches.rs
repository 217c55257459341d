//! The list of open dispatches.

use crate::app::{Command, Dispatch};

use super::Shared;

#[must_use]
pub fn show(
    ui: &mut egui::Ui,
    s: &Shared<'_>,
    dispatches: &[Dispatch],
    active: usize,
) -> Vec<Command> {
    let mut out = Vec::new();
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.strong("Dispatches");
        ui.label(egui::RichText::new(dispatches.len().to_string()).color(s.palette.muted));
    });
    egui::ScrollArea::vertical()
        .id_salt("dispatch_list")
        .max_height(110.0)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for (i, d) in dispatches.iter().enumerate() {
                ui.horizontal(|ui| {
                    let mut label = d.name.clone();
                    if let Some(a) = &d.analysis {
                        label.push_str(&format!(
                            "  · {} places · {} events",
                            a.places.mentions.len(),
                            a.events.len()
                        ));
                    }
                    let r = ui.add(egui::Button::selectable(i == active, label).truncate());
                    if r.clicked() {
                        out.push(Command::Activate(d.id));
                    }
                    if d.analysing() {
                        ui.spinner();
                    }
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui
                            .small_button("×")
                            .on_hover_text(format!("Close {}", d.name))
                            .clicked()
                        {
                            out.push(Command::Close(d.id));
                        }
                    });
                });
            }
            if dispatches.is_empty() {
                ui.label(
                    egui::RichText::new("Open a file, drop one here, or paste a dispatch.")
                        .color(s.palette.muted),
                );
            }
        });
    out
}
