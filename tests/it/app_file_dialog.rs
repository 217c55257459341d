//! sitrep's own file dialog, shown when the desktop has no file chooser (no XDG desktop
//! portal, no zenity; headless runs always use it): it says why, lists a folder with
//! folders first and only the files its filter lets through, opens the files picked,
//! saves with the format's extension and asks before replacing a file.

use std::path::Path;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use sitrep::app::{Command, SitrepApp};
use sitrep::export::Format;

fn harness() -> Harness<'static, SitrepApp> {
    crate::app_harness::fresh()
}

/// A folder with two dispatches, an image and a sub-folder holding a third dispatch.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    let p = dir.path();
    std::fs::write(p.join("report.txt"), "Troops shelled Raqqa on Tuesday.").unwrap();
    std::fs::write(p.join("notes.md"), "# Notes\n\nAid arrived in Mosul.").unwrap();
    std::fs::write(p.join("photo.png"), [0u8; 8]).unwrap();
    std::fs::create_dir(p.join("sub")).unwrap();
    std::fs::write(p.join("sub").join("deep.txt"), "Fighting in Homs.").unwrap();
    dir
}

/// Replaces the file name field's text with `text` and presses Enter.
fn type_name(h: &mut Harness<'static, SitrepApp>, text: &str) {
    h.get_by_role_and_label(egui::Role::TextInput, "File name")
        .focus();
    h.run_steps(1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run_steps(1);
    h.get_by_role_and_label(egui::Role::TextInput, "File name")
        .type_text(text);
    h.run_steps(1);
    h.key_press(egui::Key::Enter);
    h.run_steps(3);
}

fn names(h: &Harness<'static, SitrepApp>) -> Vec<String> {
    h.state()
        .dispatches
        .iter()
        .map(|d| d.name.clone())
        .collect()
}

#[test]
fn open_lists_the_folder_and_opens_the_picked_file() {
    let mut h = harness();
    let dir = folder();
    h.get_by_label("Open…").click();
    h.run_steps(3);
    assert!(
        h.query_by_label("Open dispatches").is_some(),
        "the dialog is open"
    );
    assert!(
        h.query_by_label_contains("a headless run").is_some(),
        "it says why it is sitrep's own"
    );
    // A folder typed whole goes there.
    type_name(&mut h, &format!("{}/", dir.path().display()));
    assert!(h.query_by_label("sub/").is_some(), "folders are listed");
    assert!(h.query_by_label("report.txt").is_some());
    assert!(h.query_by_label("notes.md").is_some());
    assert!(
        h.query_by_label("photo.png").is_none(),
        "the filter leaves the image out"
    );
    // Into the sub-folder and back up.
    h.get_by_label("sub/").click();
    h.run_steps(3);
    assert!(h.query_by_label("deep.txt").is_some());
    assert!(h.query_by_label("report.txt").is_none());
    h.get_by_label("Up").click();
    h.run_steps(3);
    h.get_by_label("report.txt").click();
    h.run_steps(2);
    h.get_by_label("Open").click();
    h.run_steps(6);
    assert!(
        h.query_by_label("Open dispatches").is_none(),
        "the dialog closed"
    );
    assert!(
        names(&h).iter().any(|n| n.ends_with("report.txt")),
        "report.txt is open: {:?}",
        names(&h)
    );
}

#[test]
fn a_missing_name_is_said_and_esc_closes_without_opening() {
    let mut h = harness();
    let dir = folder();
    let before = names(&h);
    let ctx = h.ctx.clone();
    h.state_mut().apply(vec![Command::OpenProjectDialog], &ctx);
    h.run_steps(2);
    type_name(&mut h, &format!("{}/", dir.path().display()));
    type_name(&mut h, "nothing.sitrep");
    assert!(
        h.query_by_label("No file named nothing.sitrep in this folder.")
            .is_some()
    );
    h.key_press(egui::Key::Escape);
    h.run_steps(3);
    assert!(h.query_by_label("Open project").is_none(), "Esc closed it");
    assert_eq!(names(&h), before, "nothing was opened");
}

fn wait_for(h: &mut Harness<'static, SitrepApp>, path: &Path) -> String {
    for _ in 0..300 {
        h.run_steps(1);
        if let Some(b) = h.state().banner.clone() {
            assert!(!b.error, "{b:?}");
            return b.text;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("no banner for {}", path.display());
}

#[test]
fn a_save_adds_the_extension_and_asks_before_replacing() {
    let mut h = harness();
    let dir = folder();
    let target = dir.path().join("brief.geojson");
    let ctx = h.ctx.clone();
    h.state_mut()
        .apply(vec![Command::ExportDialog(Format::GeoJson)], &ctx);
    h.run_steps(2);
    assert!(h.query_by_label("Export as GeoJSON").is_some());
    // A path typed whole: its folder is shown and the name kept; Enter saves.
    type_name(&mut h, &format!("{}/brief", dir.path().display()));
    type_name(&mut h, "brief");
    let banner = wait_for(&mut h, &target);
    assert!(banner.contains("brief.geojson"), "{banner}");
    let first = std::fs::read_to_string(&target).expect("written");
    assert!(first.contains("FeatureCollection"));
    // The same name again: asked first, nothing written until "Replace".
    std::fs::write(&target, "old").unwrap();
    h.state_mut().banner = None;
    h.state_mut()
        .apply(vec![Command::ExportDialog(Format::GeoJson)], &ctx);
    h.run_steps(2);
    type_name(&mut h, "brief");
    assert!(
        h.query_by_label("brief.geojson already exists in this folder. Replace it?")
            .is_some()
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
    h.get_by_label("Replace").click();
    h.run_steps(2);
    wait_for(&mut h, &target);
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("FeatureCollection")
    );
}
