//! Countries and regions the dispatch names (a province as its shape, hollow when only
//! named adjectivally or metonymically, dashed when unsure) and the arrows of movements.

use super::*;

/// A country named by the dispatch, on a basemap that fills its shape: the basemap names
/// it (on the part in view); here it is only marked when hovered or selected, with a ring
/// at its point.
pub(super) fn paint_country_label(
    painter: &Painter,
    s: &Shared<'_>,
    a: &Area,
    to: &impl Fn(f64, f64) -> Pos2,
) {
    let item = Item::place(a.place);
    if s.hovered(item) || s.selected(item) {
        painter.circle_stroke(to(a.lat, a.lon), 10.0, Stroke::new(2.0, s.palette.accent));
    }
}

pub(super) fn paint_area(
    painter: &Painter,
    s: &Shared<'_>,
    a: &Area,
    to: &impl Fn(f64, f64) -> Pos2,
    frame: &Frame<'_>,
) {
    let pal = s.palette;
    let item = Item::place(a.place);
    let hot = s.hovered(item) || s.selected(item);
    let stroke_c = if hot {
        pal.accent
    } else {
        pal.place(Some(a.kind)).gamma_multiply(0.7)
    };
    // A province or governorate the layers know: its shape, never a box.
    if a.kind == PlaceKind::Admin1
        && let Some(p) = s.gaz.get(a.place)
        && let Some(country) = p.country
    {
        let fill = if a.figurative {
            Color32::TRANSPARENT
        } else if hot {
            pal.selected_bg
        } else {
            a.event_type
                .map_or(pal.map_area, |t| pal.event(Some(t)).gamma_multiply(0.22))
        };
        let width = if hot { 2.0 } else { 1.3 };
        if paint_region(
            painter,
            frame,
            country,
            p.admin1_code,
            crate::map::LatLon::new(p.lat, p.lon),
            fill,
            Stroke::new(width, a.event_type.map_or(stroke_c, |t| pal.event(Some(t)))),
        ) {
            let c = to(a.lat, a.lon);
            painter.text(
                c,
                Align2::CENTER_CENTER,
                &a.name,
                FontId::proportional(11.5),
                if hot { pal.accent } else { pal.text },
            );
            return;
        }
    }
    match a.bbox {
        Some(b) => {
            let r = Rect::from_two_pos(to(b[0], b[1]), to(b[2], b[3]));
            if a.figurative {
                dashed_rect(painter, r, Stroke::new(1.2, stroke_c));
            } else {
                painter.rect_filled(r, 2.0, if hot { pal.selected_bg } else { pal.map_area });
                if a.low_confidence {
                    dashed_rect(painter, r, Stroke::new(1.0, stroke_c));
                } else {
                    painter.rect_stroke(
                        r,
                        2.0,
                        Stroke::new(1.0, stroke_c),
                        egui::StrokeKind::Inside,
                    );
                }
            }
            if r.width() > 60.0 {
                painter.text(
                    r.left_top() + vec2(4.0, 3.0),
                    Align2::LEFT_TOP,
                    &a.name,
                    FontId::proportional(11.0),
                    pal.muted,
                );
            }
        }
        None => {
            let c = to(a.lat, a.lon);
            painter.circle_stroke(c, 14.0, Stroke::new(1.5, stroke_c));
        }
    }
}

pub(super) fn dashed_rect(painter: &Painter, r: Rect, stroke: Stroke) {
    let pts = [
        r.left_top(),
        r.right_top(),
        r.right_bottom(),
        r.left_bottom(),
        r.left_top(),
    ];
    painter.extend(Shape::dashed_line(&pts, stroke, 6.0, 4.0));
}

pub(super) fn dashed_circle(painter: &Painter, c: Pos2, r: f32, stroke: Stroke) {
    let n = 24;
    for i in (0..n).step_by(2) {
        let a0 = i as f32 / n as f32 * std::f32::consts::TAU;
        let a1 = (i + 1) as f32 / n as f32 * std::f32::consts::TAU;
        painter.line_segment([c + r * Vec2::angled(a0), c + r * Vec2::angled(a1)], stroke);
    }
}

pub(crate) fn paint_arrow(painter: &Painter, from: Pos2, to: Pos2, color: Color32) {
    let d = to - from;
    let len = d.length();
    if len < 12.0 {
        return;
    }
    let dir = d / len;
    let (a, b) = (from + dir * 8.0, to - dir * 10.0);
    // A gentle curve: a quadratic bezier bowed to the left.
    let normal = vec2(-dir.y, dir.x);
    let ctrl = a + (b - a) * 0.5 + normal * (len * 0.15);
    let stroke = Stroke::new(2.5, color.gamma_multiply(0.8));
    let pts: Vec<Pos2> = (0..=16)
        .map(|i| {
            let t = i as f32 / 16.0;
            let u = 1.0 - t;
            pos2(
                u * u * a.x + 2.0 * u * t * ctrl.x + t * t * b.x,
                u * u * a.y + 2.0 * u * t * ctrl.y + t * t * b.y,
            )
        })
        .collect();
    painter.add(Shape::line(pts, stroke));
    let tip_dir = (b - ctrl).normalized();
    let n = vec2(-tip_dir.y, tip_dir.x);
    painter.add(Shape::convex_polygon(
        vec![
            b + tip_dir * 4.0,
            b - tip_dir * 8.0 + n * 5.0,
            b - tip_dir * 8.0 - n * 5.0,
        ],
        color,
        Stroke::NONE,
    ));
}
