//! What sits on top of the map: the zoom buttons, "Fit", the scale bar and the
//! attribution.

use super::*;

/// Zoom buttons, Fit, the scale bar and the attribution.
pub(super) fn overlay(
    ui: &mut egui::Ui,
    s: &Shared<'_>,
    view: &mut MapView,
    rect: Rect,
    size: [f32; 2],
    out: &mut Vec<Command>,
) {
    let pal = s.palette;
    let painter = ui.painter_at(rect);
    // Scale bar, bottom left.
    if let Some(bar) = ScaleBar::fitting(view.meters_per_px(), 110.0)
        && bar.px > 4.0
    {
        let px = bar.px;
        let y = rect.bottom() - 30.0;
        let x0 = rect.left() + 12.0;
        let label = bar.label();
        painter.rect_filled(
            Rect::from_min_size(pos2(x0 - 4.0, y - 16.0), vec2(px as f32 + 8.0, 24.0)),
            3.0,
            pal.halo,
        );
        let stroke = Stroke::new(1.5, pal.text);
        painter.line_segment([pos2(x0, y), pos2(x0 + px as f32, y)], stroke);
        painter.line_segment([pos2(x0, y - 4.0), pos2(x0, y)], stroke);
        painter.line_segment(
            [pos2(x0 + px as f32, y - 4.0), pos2(x0 + px as f32, y)],
            stroke,
        );
        painter.text(
            pos2(x0, y - 5.0),
            Align2::LEFT_BOTTOM,
            label,
            FontId::proportional(11.0),
            pal.text,
        );
    }
    // Attribution, bottom right.
    let attr = painter.layout_no_wrap(
        "GeoNames CC BY 4.0 · Natural Earth".to_owned(),
        FontId::proportional(10.5),
        pal.muted,
    );
    let pos = rect.right_bottom() - galley_size(&attr) - vec2(6.0, 4.0);
    painter.rect_filled(
        Rect::from_min_size(pos, galley_size(&attr)).expand(2.0),
        2.0,
        pal.halo,
    );
    painter.galley(pos, attr, pal.muted);
    // Basemap layers that could not be read: said once, above the attribution.
    let mut y = pos.y - 6.0;
    for problem in s.basemap.problems() {
        let g = painter.layout(
            problem,
            FontId::proportional(11.0),
            pal.text,
            rect.width() * 0.6,
        );
        let p = pos2(
            rect.right() - galley_size(&g).x - 8.0,
            y - galley_size(&g).y,
        );
        painter.rect_filled(
            Rect::from_min_size(p, galley_size(&g)).expand(3.0),
            3.0,
            pal.warn_bg,
        );
        y = p.y - 8.0;
        painter.galley(p, g, pal.text);
    }
    // Controls, top right.
    let controls = Rect::from_min_size(rect.right_top() + vec2(-44.0, 8.0), vec2(36.0, 96.0));
    if rect.width() > 80.0 && rect.height() > 110.0 {
        let mut child = ui.new_child(
            egui::UiBuilder::new()
                .max_rect(controls)
                .layout(egui::Layout::top_down(egui::Align::Center)),
        );
        let c = ScreenPoint::new(size[0] / 2.0, size[1] / 2.0);
        let vp = Viewport::new(size[0], size[1]);
        if child.button(" + ").on_hover_text("Zoom in (+)").clicked() {
            view.zoom_at(c, vp, 1.0);
        }
        if child.button(" − ").on_hover_text("Zoom out (−)").clicked() {
            view.zoom_at(c, vp, -1.0);
        }
        if child
            .button("Fit")
            .on_hover_text("Show all the dispatch's places")
            .clicked()
        {
            out.push(Command::FitMap);
        }
    }
    if s.shown
        .as_ref()
        .is_some_and(|m| m.map.markers.is_empty() && m.map.areas.is_empty())
    {
        painter.text(
            rect.center(),
            Align2::CENTER_CENTER,
            "No places resolved in this dispatch",
            FontId::proportional(14.0),
            pal.muted,
        );
    }
}

pub(super) fn galley_size(g: &std::sync::Arc<egui::Galley>) -> Vec2 {
    g.size()
}
