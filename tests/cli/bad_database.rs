//! Every kind of unusable database: exit 2, one line naming the file, and
//! the file left byte-identical.

use std::path::Path;

use predicates::prelude::*;
use rusqlite::Connection;

use crate::support::Sandbox;

/// Runs a writing and a reading command on `db`; both must fail with exit 2
/// and one line that names the file and contains `reason`.
fn rejected(sandbox: &Sandbox, db: &Path, reason: &str) {
    let before = std::fs::read(db).ok();
    for args in [&["check", "http"][..], &["log"][..]] {
        let output = sandbox
            .trek()
            .args(["--roadmap", "road.toml", "--db"])
            .arg(db)
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with(&db.display().to_string()), "{stderr}");
        assert!(stderr.contains(reason), "{stderr}");
    }
    assert_eq!(std::fs::read(db).ok(), before, "the file changed");
}

#[test]
fn a_directory() {
    let sandbox = Sandbox::with_demo_roadmap();
    let dir = sandbox.path("db");
    std::fs::create_dir(&dir).unwrap();
    rejected(&sandbox, &dir, "is a directory");
}

#[test]
fn a_file_that_is_not_sqlite() {
    let sandbox = Sandbox::with_demo_roadmap();
    let db = sandbox.write(
        "notes.txt",
        "just some text, long enough to fill a header ".repeat(4),
    );
    rejected(&sandbox, &db, "not a SQLite database");
}

#[test]
fn an_empty_file() {
    let sandbox = Sandbox::with_demo_roadmap();
    let db = sandbox.write("empty.sqlite3", "");
    rejected(&sandbox, &db, "an empty file");
}

/// A real trek database with some progress, made by the binary itself.
fn trek_database(sandbox: &Sandbox) -> std::path::PathBuf {
    let db = sandbox.path("progress.sqlite3");
    sandbox
        .trek()
        .args(["--roadmap", "road.toml", "--db"])
        .arg(&db)
        .args(["check", "http", "sql"])
        .assert()
        .success();
    db
}

#[test]
fn a_truncated_database() {
    let sandbox = Sandbox::with_demo_roadmap();
    let db = trek_database(&sandbox);
    let bytes = std::fs::read(&db).unwrap();
    std::fs::write(&db, &bytes[..bytes.len() / 2]).unwrap();
    rejected(&sandbox, &db, "truncated");
}

#[test]
fn a_corrupt_database() {
    let sandbox = Sandbox::with_demo_roadmap();
    let db = trek_database(&sandbox);
    let mut bytes = std::fs::read(&db).unwrap();
    let page_size = 4096;
    for byte in &mut bytes[page_size..] {
        *byte = 0xA5;
    }
    std::fs::write(&db, &bytes).unwrap();
    rejected(&sandbox, &db, "damaged");
}

#[test]
fn a_sqlite_database_that_is_not_treks() {
    let sandbox = Sandbox::with_demo_roadmap();
    let db = sandbox.path("other.sqlite3");
    let connection = Connection::open(&db).unwrap();
    connection
        .execute_batch("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');")
        .unwrap();
    drop(connection);
    rejected(&sandbox, &db, "not trek's");
}

#[test]
fn a_database_from_a_newer_trek() {
    let sandbox = Sandbox::with_demo_roadmap();
    let db = trek_database(&sandbox);
    let connection = Connection::open(&db).unwrap();
    connection.pragma_update(None, "user_version", 7).unwrap();
    drop(connection);
    rejected(
        &sandbox,
        &db,
        &format!(
            "made by a newer trek: schema 7, this trek knows {}",
            trek::store::CURRENT_VERSION
        ),
    );
}

#[test]
fn a_location_that_cannot_be_written() {
    let sandbox = Sandbox::with_demo_roadmap();
    let blocker = sandbox.write("blocker", "a file where a directory should be");
    let db = blocker.join("progress.sqlite3");
    sandbox
        .trek()
        .args(["--roadmap", "road.toml", "--db"])
        .arg(&db)
        .args(["check", "http"])
        .assert()
        .code(2)
        .stderr(
            predicates::str::starts_with(db.display().to_string())
                .and(predicates::str::contains("cannot create the directory")),
        );
}

#[test]
fn help_and_version_work_whatever_the_database_holds() {
    let sandbox = Sandbox::with_demo_roadmap();
    let db = sandbox.write("empty.sqlite3", "");
    for flag in ["--help", "--version"] {
        sandbox
            .trek()
            .args(["--db"])
            .arg(&db)
            .arg(flag)
            .assert()
            .success();
    }
}
