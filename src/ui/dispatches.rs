//! The list of open dispatches (virtualised: only visible rows are laid out),
//! the "Show: this dispatch / all dispatches" switch and, with all shown, a
//! checkbox per dispatch (the filter by dispatch).

use crate::view::DispatchRow;

use super::Command;

use super::Shared;

#[must_use]
pub fn show(
    ui: &mut egui::Ui,
    s: &Shared<'_>,
    dispatches: &[DispatchRow<'_>],
    active: usize,
    show_all: bool,
) -> Vec<Command> {
    let mut out = Vec::new();
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.strong("Dispatches");
        ui.label(egui::RichText::new(dispatches.len().to_string()).color(s.palette.muted));
    });
    // Showing all at once means something from two dispatches on; its own
    // row, so a narrow panel never draws it over the heading.
    if dispatches.len() > 1 || show_all {
        ui.horizontal(|ui| {
            let mut all = show_all;
            ui.label(egui::RichText::new("Show:").color(s.palette.muted));
            ui.selectable_value(&mut all, false, "this dispatch")
                .on_hover_text("Map and timeline show the open dispatch only");
            ui.selectable_value(&mut all, true, "all dispatches")
                .on_hover_text("Map and timeline show every ticked dispatch at once");
            if all != show_all {
                out.push(Command::ShowAll(all));
            }
        });
    }
    // Only the visible rows are laid out: a thousand open dispatches cost
    // what five do.
    let row_height = ui.spacing().interact_size.y;
    egui::ScrollArea::vertical()
        .id_salt("dispatch_list")
        .max_height(110.0)
        .auto_shrink([false, true])
        .show_rows(ui, row_height, dispatches.len(), |ui, rows| {
            for (i, d) in dispatches
                .iter()
                .enumerate()
                .skip(rows.start)
                .take(rows.len())
            {
                // Close first, from the right, so a long name is truncated
                // before it and never runs under it.
                let row = egui::vec2(ui.available_width(), row_height);
                let rtl = egui::Layout::right_to_left(egui::Align::Center);
                ui.allocate_ui_with_layout(row, rtl, |ui| {
                    if ui
                        .small_button("×")
                        .on_hover_text(format!("Close {}", d.name))
                        .clicked()
                    {
                        out.push(Command::Close(d.id));
                    }
                    if d.analysing {
                        ui.spinner();
                    }
                    let mut label = d.name.to_owned();
                    if let Some(a) = d.analysis {
                        label.push_str(&format!(
                            "  · {} places · {} events",
                            a.places.mentions.len(),
                            a.events.len()
                        ));
                    }
                    ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                        if show_all {
                            let mut on = !d.hidden;
                            let r = ui
                                .checkbox(&mut on, "")
                                .on_hover_text("Show this dispatch on the map and timeline");
                            crate::ui::label_widget(
                                &r,
                                egui::Role::CheckBox,
                                &format!("Show {}", d.name),
                            );
                            if r.changed() {
                                out.push(Command::SetHidden(d.id, !on));
                            }
                        }
                        let r = ui.add(egui::Button::selectable(i == active, label).truncate());
                        if r.clicked() {
                            out.push(Command::Activate(d.id));
                        }
                    });
                });
            }
        });
    if dispatches.is_empty() {
        ui.label(
            egui::RichText::new("Open a file, drop one here, or paste a dispatch.")
                .color(s.palette.muted),
        );
    }
    out
}
