//! The "Paste as new dispatch" modal.

use super::Command;

/// The modal's fields.
#[derive(Default)]
pub struct PasteState {
    pub open: bool,
    pub name: String,
    pub text: String,
}

#[must_use]
pub fn show(ctx: &egui::Context, state: &mut PasteState) -> Vec<Command> {
    let mut out = Vec::new();
    if !state.open {
        return out;
    }
    let modal = egui::Modal::new(egui::Id::unique("paste_modal")).show(ctx, |ui| {
        ui.set_width((ctx.content_rect().width() * 0.6).clamp(240.0, 720.0));
        ui.heading("Paste as new dispatch");
        ui.horizontal(|ui| {
            ui.label("Name");
            ui.add(egui::TextEdit::singleline(&mut state.name).hint_text("pasted dispatch"));
        });
        egui::ScrollArea::vertical().max_height((ctx.content_rect().height() * 0.55).max(80.0)).show(ui, |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut state.text)
                    .hint_text("Paste the dispatch text here (a dateline helps: “BEIRUT, March 24 (AP) —”)")
                    .desired_rows(14)
                    .desired_width(f32::INFINITY),
            );
        });
        ui.horizontal(|ui| {
            let ok = !state.text.trim().is_empty();
            if ui.add_enabled(ok, egui::Button::new("Analyse")).clicked() {
                let name = if state.name.trim().is_empty() { "pasted dispatch".to_owned() } else { state.name.trim().to_owned() };
                out.push(Command::NewDispatch { name, text: std::mem::take(&mut state.text) });
                state.name.clear();
                state.open = false;
            }
            if ui.button("Cancel").clicked() {
                state.open = false;
            }
        });
    });
    if modal.should_close() {
        state.open = false;
    }
    out
}
