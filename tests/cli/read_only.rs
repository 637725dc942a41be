//! Reading progress where it cannot be written: a read-only directory, a
//! read-only file, with and without a write-ahead log beside it, and a
//! full disk.
//!
//! Root ignores file modes, so the permission tests run trek as the
//! unprivileged user `trek-tester` (which `.ci/run` creates) through
//! `setpriv`; the full disk is a small tmpfs that root mounts. Without root
//! or that user they are skipped with the reason printed.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rusqlite::Connection;

use crate::support::{Isolated, VALID_ROADMAP};

const USER: &str = "trek-tester";

/// A directory owned by the test user, where trek runs as that user.
struct AsUser {
    dir: tempfile::TempDir,
    uid: u32,
    gid: u32,
}

impl AsUser {
    /// `None`, with the reason printed, where no unprivileged run is possible.
    fn new() -> Option<Self> {
        let id = |flag: &str| -> Option<u32> {
            let output = Command::new("id").args([flag, USER]).output().ok()?;
            String::from_utf8(output.stdout).ok()?.trim().parse().ok()
        };
        let root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|output| output.stdout.trim_ascii() == b"0");
        let (Some(uid), Some(gid), true) = (id("-u"), id("-g"), root) else {
            eprintln!("skipped: needs root and a user {USER} (made by .ci/run)");
            return None;
        };
        let dir = tempfile::tempdir().expect("temporary directory");
        let user = Self { dir, uid, gid };
        user.give(user.dir.path());
        std::fs::write(user.path("road.toml"), VALID_ROADMAP).expect("roadmap");
        user.give(&user.path("road.toml"));
        // A copy the user can reach, wherever the build directory is.
        std::fs::copy(assert_cmd::cargo::cargo_bin!("trek"), user.path("trek")).expect("copy trek");
        user.give(&user.path("trek"));
        if !user.trek(&["--version"]).status.success() {
            eprintln!("skipped: {USER} cannot run the trek binary where it was built");
            return None;
        }
        Some(user)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn give(&self, path: &Path) {
        std::os::unix::fs::chown(path, Some(self.uid), Some(self.gid)).expect("chown");
    }

    fn chmod(&self, name: &str, mode: u32) {
        std::fs::set_permissions(self.path(name), std::fs::Permissions::from_mode(mode))
            .expect("chmod");
    }

    /// `trek --roadmap road.toml --db data/progress.sqlite3 ARGS` as the
    /// test user, with every home directory inside the sandbox.
    fn trek(&self, args: &[&str]) -> Output {
        Command::new("setpriv")
            .arg(format!("--reuid={}", self.uid))
            .arg(format!("--regid={}", self.gid))
            .args(["--clear-groups", "--"])
            .arg(self.path("trek"))
            .args(["--roadmap", "road.toml", "--db", "data/progress.sqlite3"])
            .args(args)
            .current_dir(self.dir.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .isolated(self.dir.path())
            .env("NO_COLOR", "1")
            .output()
            .expect("setpriv runs")
    }

    /// Runs trek and insists it succeeds; its standard output.
    fn succeeds(&self, args: &[&str]) -> String {
        let output = self.trek(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{args:?}: {stderr}");
        String::from_utf8(output.stdout).expect("UTF-8 output")
    }

    /// The names in the database's directory.
    fn listing(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path("data"))
            .expect("data directory")
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

/// Every read command works and shows the ticked milestone.
fn every_read_works(user: &AsUser) {
    assert!(user.succeeds(&["status"]).contains("2/4 done"));
    assert!(user.succeeds(&["log"]).contains("http/methods"));
    assert!(user.succeeds(&["export"]).contains("- [x]"));
    assert!(
        user.succeeds(&["export", "--format", "json"])
            .contains("http/methods")
    );
}

/// A write fails as a runtime failure (exit 1) with one line naming the
/// read-only part.
fn writing_fails(user: &AsUser, part: &str) {
    let output = user.trek(&["check", "sql"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(part), "{stderr}");
}

/// The test user's database with `http` ticked, in `data/`.
fn database(user: &AsUser) {
    user.succeeds(&["check", "http"]);
    assert_eq!(user.listing(), ["progress.sqlite3"]);
}

#[test]
fn reading_works_in_a_read_only_directory_and_leaves_nothing() {
    let Some(user) = AsUser::new() else { return };
    database(&user);
    user.chmod("data", 0o555);
    every_read_works(&user);
    assert_eq!(user.listing(), ["progress.sqlite3"]);
    writing_fails(&user, "its directory data is read-only");
    user.chmod("data", 0o755);
    user.succeeds(&["check", "sql"]);
}

#[test]
fn reading_a_read_only_file_leaves_nothing_that_blocks_a_later_write() {
    let Some(user) = AsUser::new() else { return };
    database(&user);
    user.chmod("data/progress.sqlite3", 0o444);
    every_read_works(&user);
    assert_eq!(user.listing(), ["progress.sqlite3"]);
    writing_fails(&user, "the database file is read-only");
    user.chmod("data/progress.sqlite3", 0o644);
    user.succeeds(&["check", "sql"]);
    assert!(user.succeeds(&["status"]).contains("5/5 done"));
}

/// Ticks `sql/schema` through a connection that is never closed, so the
/// change stays in `-wal` (with its `-shm`) as a running or killed trek
/// leaves it.
fn leave_a_change_in_the_log(user: &AsUser) {
    let connection = Connection::open(user.path("data/progress.sqlite3")).unwrap();
    connection
        .execute_batch(
            "PRAGMA wal_autocheckpoint = 0;
             INSERT INTO states VALUES ('demo', 'sql/schema', 'done', 1790000000000);",
        )
        .unwrap();
    std::mem::forget(connection);
    assert_eq!(
        user.listing(),
        [
            "progress.sqlite3",
            "progress.sqlite3-shm",
            "progress.sqlite3-wal"
        ]
    );
}

#[test]
fn a_read_only_file_with_a_log_beside_it_is_read_with_the_log() {
    let Some(user) = AsUser::new() else { return };
    database(&user);
    leave_a_change_in_the_log(&user);
    user.chmod("data/progress.sqlite3", 0o444);
    assert!(
        user.succeeds(&["status"]).contains("3/4 done"),
        "the log is read"
    );
    assert!(user.succeeds(&["export"]).contains("- [x] Design a schema"));
    user.chmod("data/progress.sqlite3", 0o644);
    user.succeeds(&["check", "sql"]);
}

#[test]
fn a_log_that_cannot_be_read_here_is_one_clear_line() {
    let Some(user) = AsUser::new() else { return };
    database(&user);
    leave_a_change_in_the_log(&user);
    std::fs::remove_file(user.path("data/progress.sqlite3-shm")).unwrap();
    user.chmod("data", 0o555);
    let output = user.trek(&["status"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("progress.sqlite3-wal holds changes"),
        "{stderr}"
    );
    user.chmod("data", 0o755);
}

/// A 256 KiB file system mounted inside a temporary directory, unmounted
/// when dropped.
struct TinyDisk {
    dir: tempfile::TempDir,
}

impl TinyDisk {
    fn mount() -> Option<Self> {
        let dir = tempfile::tempdir().expect("temporary directory");
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=256k", "tmpfs"])
            .arg(dir.path())
            .output()
            .is_ok_and(|output| output.status.success());
        if !mounted {
            eprintln!("skipped: cannot mount a small tmpfs here (needs root)");
            return None;
        }
        Some(Self { dir })
    }

    /// Fills the disk to the last byte.
    fn fill(&self) {
        use std::io::Write;
        let mut file = std::fs::File::create(self.dir.path().join("filler")).unwrap();
        let block = [0u8; 4096];
        while file.write_all(&block).is_ok() {}
        while file.write_all(&block[..1]).is_ok() {}
    }
}

impl Drop for TinyDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
fn a_full_disk_still_reads_and_says_why_it_cannot_write() {
    let Some(disk) = TinyDisk::mount() else {
        return;
    };
    let trek = |args: &[&str]| {
        Command::new(assert_cmd::cargo::cargo_bin!("trek"))
            .current_dir(disk.dir.path())
            .env_remove("TREK_DB")
            .env_remove("TREK_ROADMAP")
            .isolated(disk.dir.path())
            .env("NO_COLOR", "1")
            .args(["--roadmap", "road.toml"])
            .args(args)
            .output()
            .unwrap()
    };
    std::fs::write(disk.dir.path().join("road.toml"), VALID_ROADMAP).unwrap();
    assert!(
        trek(&["--db", "kept.sqlite3", "check", "http"])
            .status
            .success()
    );
    disk.fill();
    for args in [&["status"][..], &["log"], &["export", "--format", "json"]] {
        let output = trek(&[&["--db", "kept.sqlite3"][..], args].concat());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{args:?}: {stderr}");
    }
    for db in ["kept.sqlite3", "new.sqlite3"] {
        let output = trek(&["--db", db, "check", "sql"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{db}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains("no space left on the device holding"),
            "{stderr}"
        );
    }
}

#[test]
fn directories_trek_creates_are_private_whatever_the_umask() {
    // 000 takes nothing away from what trek asks for; 277 takes away the
    // owner's write bit, which trek must restore.
    for umask in ["000", "277"] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("road.toml"), VALID_ROADMAP).unwrap();
        let status = Command::new("sh")
            .args(["-c", &format!("umask {umask} && exec \"$0\" \"$@\"")])
            .arg(assert_cmd::cargo::cargo_bin!("trek"))
            .args(["--roadmap", "road.toml", "--db", "a/b/progress.sqlite3"])
            .args(["check", "http"])
            .current_dir(dir.path())
            .isolated(dir.path())
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "umask {umask}");
        let mode = |name: &str| {
            std::fs::metadata(dir.path().join(name))
                .unwrap()
                .permissions()
                .mode()
                & 0o777
        };
        assert_eq!(mode("a"), 0o700, "umask {umask}");
        assert_eq!(mode("a/b"), 0o700, "umask {umask}");
        assert_eq!(mode("a/b/progress.sqlite3"), 0o600, "umask {umask}");
    }
}
