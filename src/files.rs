//! Crash-safe file writes, and reads that refuse what is not a file.
//!
//! Every file sitrep writes (the session, projects, exports, `batch`
//! output, PNG captures) goes through [`write`], [`write_with`] or
//! [`write_via`].
//!
//! The bytes go to a new temporary file in the target's folder (so the
//! rename cannot cross file systems), are flushed to the disk (`fsync`),
//! and the file is renamed over the target; then the folder itself is
//! flushed so the rename survives a power cut. A reader, or the next start
//! after a kill, sees the old file or the new one, never part of one. On an
//! error the temporary file is removed and the target is untouched.
//!
//! [`read`] reads a whole file after checking it is a regular one, so a
//! directory or a named pipe given as a project, overlay or gazetteer gets
//! a plain error instead of a hang on a pipe with no writer.
//!
//! A writer killed before its rename leaves its temporary file; the next
//! successful write of the same target removes those whose process is gone.
//!
//! Must not: leave a temporary file behind on an error it sees, or write to
//! the target path directly.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Reads the regular file at `path` whole. Anything else (a directory, a
/// named pipe, a device) is an `InvalidInput` error saying what it is.
///
/// # Errors
/// The I/O error, or what `path` is instead of a file.
pub fn read(path: &Path) -> std::io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("it is {}, not a file", kind(&meta.file_type())),
        ));
    }
    std::fs::read(path)
}

/// What a path that is not a regular file is, in words ("a directory").
#[must_use]
pub fn kind(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if t.is_dir() {
        "a directory"
    } else if t.is_file() {
        "a file"
    } else {
        "not a regular file"
    }
}

/// Writes `bytes` to `path` atomically, creating its folder.
///
/// # Errors
/// Any I/O error (unwritable folder, full disk, a directory at `path` …);
/// `path` is then untouched.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_with(path, |out| out.write_all(bytes))
}

/// Writes what `fill` writes to `path` atomically (buffered), creating its
/// folder.
///
/// # Errors
/// Any I/O error, `fill`'s included; `path` is then untouched.
pub fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    write_via(path, |tmp| {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(tmp)?;
        let mut out = std::io::BufWriter::new(file);
        fill(&mut out)?;
        out.into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        Ok(())
    })
}

/// Lets `fill` write a file at a temporary path (for writers that need a
/// path, such as SQLite), then flushes it and renames it over `path`.
/// The temporary file exists, empty, when `fill` is called.
///
/// # Errors
/// Any I/O error, `fill`'s included; `path` is then untouched.
pub fn write_via(
    path: &Path,
    fill: impl FnOnce(&Path) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = folder(path);
    make_folder(dir)?;
    let tmp = create_temp(path)?;
    let result = (|| {
        fill(&tmp)?;
        std::fs::File::open(&tmp)?.sync_all()?;
        std::fs::rename(&tmp, path)?;
        sync_folder(dir);
        sweep(path);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Creates `dir` and its parents; a file standing where a folder should be
/// is named (`create_dir_all` would only say "File exists").
fn make_folder(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| {
        let in_the_way = dir
            .ancestors()
            .find(|a| std::fs::metadata(a).is_ok_and(|m| !m.is_dir()));
        match in_the_way {
            Some(a) => std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                format!("{} is a file, not a folder", a.display()),
            ),
            None => e,
        }
    })
}

/// The folder `path` is in (`.` for a bare file name).
fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Creates a new, empty temporary file beside `path`, named so that two
/// writers (two threads, two processes) never share one.
fn create_temp(path: &Path) -> std::io::Result<PathBuf> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map_or_else(|| "sitrep".into(), |n| n.to_string_lossy().into_owned());
    loop {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let tmp = folder(path).join(format!(".{name}.{}-{n}.tmp", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(_) => return Ok(tmp),
            // Left by a killed process that had the same id: take the next name.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
}

/// Removes the temporary files that writers of `path` killed before their
/// rename left behind (`.NAME.PID-N.tmp`, and SQLite's `-journal` beside
/// one), when process PID is gone. Best effort; Linux only (`/proc`).
fn sweep(path: &Path) {
    #[cfg(target_os = "linux")]
    {
        let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
            return;
        };
        let prefix = format!(".{name}.");
        let Ok(entries) = std::fs::read_dir(folder(path)) else {
            return;
        };
        for entry in entries.flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            let Some(rest) = file.strip_prefix(&prefix) else {
                continue;
            };
            let Some((pid, tail)) = rest.split_once('-') else {
                continue;
            };
            let is_temp = tail.ends_with(".tmp") || tail.ends_with(".tmp-journal");
            let gone = pid
                .parse::<u32>()
                .is_ok_and(|p| p != std::process::id() && !Path::new("/proc").join(pid).exists());
            if is_temp && gone {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = path;
}

/// Flushes a folder's entries (the rename) to the disk. Best effort: some
/// file systems cannot open a folder for this, and the data is already safe.
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        write(&path, b"old").unwrap();
        write(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_dead_writers_temporary_file_is_swept_a_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        // No process has id 4,000,000,000 (Linux caps ids far below).
        let dead = dir.path().join(".a.json.4000000000-0.tmp");
        let live = dir
            .path()
            .join(format!(".a.json.{}-99.tmp", std::process::id()));
        let other = dir.path().join(".b.json.4000000000-0.tmp");
        for p in [&dead, &live, &other] {
            std::fs::write(p, b"half").unwrap();
        }
        write(&path, b"new").unwrap();
        assert!(!dead.exists());
        assert!(live.exists(), "this process may still be writing it");
        assert!(other.exists(), "another target's");
    }

    #[test]
    fn a_failing_writer_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        write(&path, b"old").unwrap();
        let err = write_with(&path, |out| {
            out.write_all(b"half")?;
            Err(std::io::Error::other("disk full"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "disk full");
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_directory_in_the_way_is_an_error_and_stays() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out");
        std::fs::create_dir(&path).unwrap();
        assert!(write(&path, b"x").is_err());
        assert!(path.is_dir());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
