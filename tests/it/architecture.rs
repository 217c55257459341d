//! ARCHITECTURE.md's table of modules says what each module may use and must not. This
//! test reads that table and every `crate::<module>` path in `src/`, and fails on a path
//! the table does not allow, so the table cannot go stale.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One row of the table.
#[derive(Debug)]
struct Rule {
    /// The modules it may use (`None`: everything).
    may_use: Option<BTreeSet<String>>,
    /// Crate modules it must not use, and whether egui is forbidden.
    must_not: BTreeSet<String>,
    no_egui: bool,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The backticked words of a table cell.
fn ticked(cell: &str) -> Vec<String> {
    cell.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s.to_string())
        .collect()
}

/// The table's rows, in order: module name → rule.
fn rules() -> Vec<(String, Rule)> {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip_while(|l| !l.starts_with("| module |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.trim_matches('|').split(" | ").map(str::trim).collect())
        .collect();
    assert!(
        rows.len() > 10,
        "ARCHITECTURE.md: the modules table was not found"
    );
    let names: Vec<String> = rows.iter().map(|r| ticked(r[0])[0].clone()).collect();
    let known: BTreeSet<&String> = names.iter().collect();
    rows.iter()
        .enumerate()
        .map(|(i, r)| {
            assert_eq!(
                r.len(),
                4,
                "ARCHITECTURE.md row {:?}: expected 4 cells",
                r[0]
            );
            let mods = |cell: &str| -> BTreeSet<String> {
                ticked(cell)
                    .into_iter()
                    .filter(|w| known.contains(w))
                    .collect()
            };
            let may_use = if r[2].starts_with("everything above") {
                Some(names[..i].iter().cloned().collect())
            } else if r[2].starts_with("everything") {
                None
            } else {
                Some(mods(r[2]))
            };
            let rule = Rule {
                may_use,
                must_not: mods(r[3]),
                no_egui: r[3].contains("egui"),
            };
            (names[i].clone(), rule)
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to (`src/ui/map.rs` → `ui`).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// `crate::<name>` paths of a line of code, comments left out (a `//` inside a string only
/// hides the rest of that line from the test).
fn crate_paths(line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or("");
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue; // `$crate::`, `my_crate::`
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
            .collect();
        if !name.is_empty() {
            out.push(name);
        }
    }
    out
}

#[test]
fn every_crate_path_is_allowed_by_the_table() {
    let rules: BTreeMap<String, Rule> = rules().into_iter().collect();
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut broken = Vec::new();
    let mut modules = BTreeSet::new();
    for file in &files {
        let module = module_of(&src, file);
        if module == "lib" || module == "main" {
            continue;
        }
        modules.insert(module.clone());
        let Some(rule) = rules.get(&module) else {
            broken.push(format!(
                "{}: module `{module}` is not in the table",
                file.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let at = format!(
                "src/{}:{}",
                file.strip_prefix(&src).unwrap().display(),
                n + 1
            );
            for used in crate_paths(line) {
                if used == module || !rules.contains_key(&used) {
                    continue;
                }
                let allowed = rule.may_use.as_ref().is_none_or(|m| m.contains(&used))
                    && !rule.must_not.contains(&used);
                if !allowed {
                    broken.push(format!("{at}: `{module}` uses `crate::{used}`"));
                }
            }
            let code = line.split("//").next().unwrap_or("");
            if rule.no_egui && (code.contains("egui::") || code.contains("use egui")) {
                broken.push(format!("{at}: `{module}` must not use egui"));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "ARCHITECTURE.md's table does not allow these (change the code, or the table if the \
         design changed):\n{}",
        broken.join("\n")
    );
    // Every module of the table exists.
    for name in rules.keys() {
        assert!(
            modules.contains(name),
            "ARCHITECTURE.md names `{name}`, which src/ lacks"
        );
    }
}

#[test]
fn crate_paths_are_read_from_code_not_comments() {
    assert_eq!(crate_paths("use crate::view::{Item, Models};"), ["view"]);
    assert_eq!(
        crate_paths("let x = crate::map::layers::Layers::bundled(); // crate::app"),
        ["map"]
    );
    assert_eq!(
        crate_paths("//! knows the app (`crate::app` lays them out)"),
        Vec::<String>::new()
    );
    assert_eq!(crate_paths("$crate::span::Span"), Vec::<String>::new());
}

#[test]
fn the_table_is_read() {
    let rules: BTreeMap<String, Rule> = rules().into_iter().collect();
    let ui = &rules["ui"];
    assert!(ui.must_not.contains("app"));
    assert!(ui.may_use.as_ref().unwrap().contains("view"));
    assert!(rules["app"].may_use.is_none());
    let cli = rules["cli"].may_use.as_ref().unwrap();
    assert!(cli.contains("analysis") && !cli.contains("app"));
    assert!(rules["map"].no_egui);
}
