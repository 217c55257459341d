//! Keyboard shortcuts, stepping through the dispatch's items with the arrow keys, and
//! present mode's keys (what presentation clickers send).

use super::*;

impl SitrepApp {
    /// Keyboard shortcuts that act on the app.
    pub(super) fn shortcuts(ctx: &egui::Context, out: &mut Vec<Command>) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let redo = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
        let undo = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
        ctx.input_mut(|i| {
            if i.consume_key(Modifiers::NONE, Key::F5) {
                out.push(Command::Present(true));
            } else if i.consume_shortcut(&redo) {
                out.push(Command::Redo);
            } else if i.consume_shortcut(&undo) {
                out.push(Command::Undo);
            }
        });
    }

    /// Present mode's keys: → / Space / PageDown forward, ← / PageUp back, Home / End, Esc
    /// (or F5 again) leaves. They are consumed, so no button or panel also acts on them.
    pub(super) fn present_keys(ctx: &egui::Context) -> Vec<Command> {
        use crate::view::present::Go;
        use egui::{Event, Key};
        let keys: Vec<Key> = ctx.input(|i| {
            i.events
                .iter()
                .filter_map(|e| match e {
                    Event::Key {
                        key,
                        pressed: true,
                        modifiers,
                        ..
                    } if !modifiers.any() => Some(*key),
                    _ => None,
                })
                .collect()
        });
        let mut out = Vec::new();
        for key in keys {
            let c = match key {
                Key::ArrowRight | Key::Space | Key::PageDown | Key::ArrowDown => {
                    Command::PresentGo(Go::Next)
                }
                Key::ArrowLeft | Key::PageUp | Key::ArrowUp => Command::PresentGo(Go::Back),
                Key::Home => Command::PresentGo(Go::First),
                Key::End => Command::PresentGo(Go::Last),
                Key::Escape | Key::F5 => Command::Present(false),
                _ => continue,
            };
            ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, key));
            out.push(c);
        }
        if !out.is_empty() {
            ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
        }
        out
    }

    /// Keyboard navigation, when no text field has the keyboard: Tab /
    /// Shift+Tab step through the place mentions in text order (wrapping),
    /// Left / Right through the events in time order, Esc clears the
    /// selection. A key is consumed (and egui's focus traversal cancelled)
    /// only when it changes the selection.
    pub(super) fn navigation(&self, ctx: &egui::Context) -> Option<Command> {
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
}
