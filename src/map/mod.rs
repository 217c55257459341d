//! The map core: the bundled offline basemap and the map math, ready for the app to paint.
//! Never imports egui; screen coordinates are plain `f32` pixels.
//!
//! - [`projection`]: Web Mercator on a unit square, [`LatLon`], metres per pixel.
//! - [`view`]: [`MapView`] (centre + zoom) and screen ↔ geo transforms, zoom at cursor, pan,
//!   fit to bounds (clear of the
//!   controls), panning a point into view, visible bounds, the scale bar.
//! - [`basemap`]: Natural Earth countries at 1:110m and 1:50m as triangle meshes and outlines
//!   per level of detail, with per-country bounds for culling.
//! - [`layers`]: admin-1 regions, lakes and rivers, curated names of seas and rivers, and the
//!   shaded relief.
//! - [`marks`]: screen-space clustering of point marks and collision-free label placement.
//! - [`flight`]: an eased, interruptible move of the view from one place to another (present
//!   mode), as a function of a time the caller gives.

pub mod basemap;
pub mod flight;
mod format;
pub mod layers;
pub mod marks;
pub mod projection;
pub mod view;

pub use basemap::{
    Basemap, BasemapError, CountryInfo, LabelPoint, Layer, Lod, Mesh, ScreenLines, ScreenMeshes,
    Shape, Visible,
};
pub use flight::Flight;
pub use marks::{
    Cluster, LabelCandidate, LabelOptions, LabelSide, PlacedLabel, PointMark, ScreenRect,
    cluster_points, estimate_text_size, place_labels,
};
pub use projection::{LatLon, Mercator, meters_per_pixel, project, unproject};
pub use view::{
    GeoBounds, Insets, MapView, MercatorRect, ScaleBar, ScreenPoint, ScreenTransform, Viewport,
};
