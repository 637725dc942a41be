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
fn an_empty_file_becomes_treks() {
    let sandbox = Sandbox::with_demo_roadmap();
    let db = sandbox.write("empty.sqlite3", "");
    sandbox
        .trek()
        .args(["--roadmap", "road.toml", "--db"])
        .arg(&db)
        .args(["check", "http"])
        .assert()
        .success();
    let connection = Connection::open(&db).unwrap();
    let id: i32 = connection
        .query_row("PRAGMA application_id", [], |row| row.get(0))
        .unwrap();
    assert_eq!(id, trek::store::APPLICATION_ID);
}

#[test]
fn another_programs_empty_sqlite_file() {
    let sandbox = Sandbox::with_demo_roadmap();
    let db = sandbox.path("emp.db");
    Connection::open(&db)
        .unwrap()
        .execute_batch("PRAGMA application_id = 1234; VACUUM;")
        .unwrap();
    rejected(
        &sandbox,
        &db,
        "another program's SQLite database (application id 1234)",
    );
}

#[test]
fn a_device() {
    let sandbox = Sandbox::with_demo_roadmap();
    rejected(&sandbox, Path::new("/dev/null"), "not a regular file");
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_being_opened() {
    let sandbox = Sandbox::with_demo_roadmap();
    let fifo = sandbox.path("fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|status| status.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    // Opening a FIFO would block this test forever: trek must refuse it
    // from its metadata alone.
    sandbox
        .trek()
        .args(["--roadmap", "road.toml", "--db", "fifo", "status"])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("fifo: not a regular file"));
}

#[cfg(unix)]
#[test]
fn a_dangling_symbolic_link_is_named_as_such() {
    let sandbox = Sandbox::with_demo_roadmap();
    std::os::unix::fs::symlink("gone", sandbox.path("data")).unwrap();
    for db in ["data", "data/trek/progress.sqlite3"] {
        sandbox
            .trek()
            .args(["--roadmap", "road.toml", "--db", db, "check", "http"])
            .assert()
            .code(2)
            .stderr(
                predicates::str::contains("data is a symbolic link to gone, which does not exist")
                    .or(predicates::str::contains(
                        "data: is a symbolic link to gone, which does not exist",
                    )),
            );
    }
    assert!(!sandbox.path("gone").exists(), "nothing made at the target");
}

/// A file marked as trek's whose schema version no trek writes.
fn marked_with_version(sandbox: &Sandbox, version: i64) -> std::path::PathBuf {
    let db = sandbox.path(&format!("version{version}.sqlite3"));
    let connection = Connection::open(&db).unwrap();
    connection
        .pragma_update(None, "application_id", trek::store::APPLICATION_ID)
        .unwrap();
    connection
        .execute_batch(
            "CREATE TABLE states (roadmap TEXT, address TEXT, state TEXT, changed_at INTEGER);",
        )
        .unwrap();
    connection
        .pragma_update(None, "user_version", version)
        .unwrap();
    db
}

#[test]
fn treks_mark_with_a_version_trek_never_wrote() {
    let sandbox = Sandbox::with_demo_roadmap();
    for version in [0, -1] {
        let db = marked_with_version(&sandbox, version);
        rejected(
            &sandbox,
            &db,
            &format!(
                "the database is damaged: it is marked as trek's but has schema version {version}"
            ),
        );
    }
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
    let newer = trek::store::CURRENT_VERSION + 1;
    connection
        .pragma_update(None, "user_version", newer)
        .unwrap();
    drop(connection);
    rejected(
        &sandbox,
        &db,
        &format!(
            "made by a newer trek: schema {newer}, this trek knows {}",
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
                .and(predicates::str::contains("cannot create the directory"))
                .and(predicates::str::contains(
                    "blocker is a file, not a directory",
                )),
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

#[test]
fn a_damaged_row_locks_nobody_out() {
    let sandbox = Sandbox::with_demo_roadmap();
    let db = trek_database(&sandbox);
    Connection::open(&db)
        .unwrap()
        .execute_batch(
            "PRAGMA ignore_check_constraints = 1;
             INSERT INTO states VALUES ('demo', 'http/meth/ds', 'done', 1790000000000);
             INSERT INTO states VALUES ('demo', 'sql/extra', 'finished', 1790000000000);",
        )
        .unwrap();
    for (args, warned) in [
        (&["status"][..], true),
        (&["log"], true),
        (&["export"], true),
        (&["export", "--format", "json"], true),
        (&["undo"], false),
    ] {
        let output = sandbox.demo().args(args).output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{args:?}: {stderr}");
        if warned {
            assert_eq!(
                stderr,
                "2 damaged rows in the database were skipped; \
                 trek export --format json saves the rest\n",
                "{args:?}"
            );
        }
        assert!(
            !stdout.contains("meth/ds") && !stdout.contains("sql/extra"),
            "{stdout}"
        );
    }
}

#[test]
fn a_relative_home_is_ignored_and_nothing_lands_in_the_working_directory() {
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox
        .trek()
        .env("HOME", "rel")
        .env_remove("XDG_DATA_HOME")
        .args(["--roadmap", "road.toml", "check", "http"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "HOME and XDG_DATA_HOME must be absolute paths",
        ));
    assert!(
        !sandbox.path("rel").exists(),
        "a database under the working directory"
    );
}
