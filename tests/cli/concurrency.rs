//! Several trek processes on one database, and processes killed mid-write.

use std::process::{Command, Stdio};
use std::thread;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::support::{Isolated, Sandbox};

fn sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.write("road.toml", crate::synthetic::synthetic(1, 4, 200));
    sandbox
}

/// The real binary with the sandbox's roadmap and database, as a plain
/// `std` command so it can be killed.
fn trek(sandbox: &Sandbox) -> Command {
    trek_on(sandbox, "progress.sqlite3")
}

/// [`trek`] with the database at `db`.
fn trek_on(sandbox: &Sandbox, db: &str) -> Command {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin!("trek"));
    command
        .current_dir(sandbox.path(""))
        .env_remove("TREK_ROADMAP")
        .env_remove("TREK_DB")
        .isolated(&sandbox.path(""))
        .args(["--roadmap", "road.toml", "--db", db])
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    command
}

/// The sandbox's database, opened so that the test itself can never create
/// or change it.
fn read_only(sandbox: &Sandbox) -> Connection {
    Connection::open_with_flags(
        sandbox.path("progress.sqlite3"),
        OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap()
}

fn count(sandbox: &Sandbox, sql: &str) -> i64 {
    let connection = read_only(sandbox);
    connection.query_row(sql, [], |row| row.get(0)).unwrap()
}

#[test]
fn four_writers_at_once_lose_no_update_and_readers_never_fail() {
    let sandbox = sandbox();
    thread::scope(|scope| {
        let writers: Vec<_> = (0..4)
            .map(|writer| {
                let sandbox = &sandbox;
                scope.spawn(move || {
                    for milestone in 0..200 {
                        let output = trek(sandbox)
                            .args(["check", &format!("p0-t{writer}/m{milestone}")])
                            .output()
                            .unwrap();
                        let stderr = String::from_utf8_lossy(&output.stderr);
                        assert!(output.status.success(), "writer {writer}: {stderr}");
                    }
                })
            })
            .collect();
        while !writers.iter().all(|writer| writer.is_finished()) {
            let output = trek(&sandbox).arg("status").output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(output.status.success(), "reader: {stderr}");
        }
    });
    assert_eq!(
        count(&sandbox, "SELECT count(*) FROM states WHERE state = 'done'"),
        800
    );
    assert_eq!(count(&sandbox, "SELECT count(*) FROM events"), 800);
    assert_eq!(
        count(&sandbox, "SELECT count(DISTINCT grp) FROM events"),
        800
    );
}

#[test]
fn reading_never_changes_the_database_file() {
    let sandbox = sandbox();
    let status = trek(&sandbox).args(["check", "p0-t0"]).status().unwrap();
    assert!(status.success());
    let db = sandbox.path("progress.sqlite3");
    let before = (
        std::fs::metadata(&db).unwrap().modified().unwrap(),
        std::fs::read(&db).unwrap(),
    );
    for command in [
        &["status"][..],
        &["status", "--json"],
        &["export"],
        &["log"],
    ] {
        for _ in 0..3 {
            assert!(trek(&sandbox).args(command).status().unwrap().success());
        }
    }
    let after = (
        std::fs::metadata(&db).unwrap().modified().unwrap(),
        std::fs::read(&db).unwrap(),
    );
    assert!(before == after, "a read changed the database file");
}

#[test]
fn processes_killed_mid_write_leave_a_sound_database_with_every_confirmed_write() {
    let sandbox = sandbox();
    assert!(
        trek(&sandbox)
            .args(["check", "p0-t0/m0"])
            .status()
            .unwrap()
            .success()
    );
    let mut confirmed = Vec::new();
    for milestone in 0..80u64 {
        let address = format!("p0-t1/m{milestone}");
        let mut child = trek(&sandbox).args(["check", &address]).spawn().unwrap();
        // A spread of delays, from before the write starts to after it ends.
        thread::sleep(Duration::from_micros((milestone * 7919) % 20_000));
        let _ = child.kill();
        if child.wait().unwrap().success() {
            confirmed.push(address);
        }
    }
    let connection = read_only(&sandbox);
    let integrity: String = connection
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    for address in &confirmed {
        let state: String = connection
            .query_row(
                "SELECT state FROM states WHERE address = ?1",
                [address],
                |row| row.get(0),
            )
            .unwrap_or_else(|error| panic!("{address} reported saved but missing: {error}"));
        assert_eq!(state, "done", "{address}");
    }
    let log = trek(&sandbox).arg("log").output().unwrap();
    let stderr = String::from_utf8_lossy(&log.stderr);
    assert!(
        log.status.success(),
        "trek still opens the database: {stderr}"
    );
}

/// The system calls through which a first run changes the disk: every
/// state a killed first run can leave is the state just before one of them.
const DISK_CHANGES: &[&str] = &[
    "openat",
    "pwrite64",
    "ftruncate",
    "fsync",
    "fdatasync",
    "fchmod",
    "unlink",
    "mkdir",
];

/// A first run of `trek check`, killed just before its `nth` call of
/// `syscall` by `strace` fault injection; `None` when the run makes fewer
/// calls than that and completes.
fn first_run_killed_at(sandbox: &Sandbox, syscall: &str, nth: usize) -> Option<()> {
    let program = assert_cmd::cargo::cargo_bin!("trek");
    let status = Command::new("strace")
        .current_dir(sandbox.path(""))
        .args(["-f", "-qq", "-o", "/dev/null", "-e"])
        .arg(format!("trace={syscall}"))
        .arg("-e")
        .arg(format!("inject={syscall}:signal=KILL:when={nth}"))
        .arg(program)
        .args(["--roadmap", "road.toml", "--db", "data/progress.sqlite3"])
        .args(["check", "p0-t0/m0"])
        .env_remove("TREK_ROADMAP")
        .env_remove("TREK_DB")
        .isolated(&sandbox.path(""))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    (!status.success()).then_some(())
}

/// Whether `strace` can trace here (installed, ptrace allowed).
fn strace_works() -> bool {
    Command::new("strace")
        .args(["-qq", "-o", "/dev/null", "true"])
        .status()
        .is_ok_and(|status| status.success())
}

#[test]
fn a_first_run_killed_at_any_point_leaves_nothing_a_later_run_refuses() {
    if !strace_works() {
        eprintln!("skipped: strace is not installed or cannot trace here");
        return;
    }
    let mut kill_points = 0;
    for syscall in DISK_CHANGES {
        for nth in 1.. {
            let sandbox = sandbox();
            if first_run_killed_at(&sandbox, syscall, nth).is_none() {
                break;
            }
            kill_points += 1;
            let at = format!("killed before {syscall} #{nth}");
            let output = trek_on(&sandbox, "data/progress.sqlite3")
                .args(["check", "p0-t0/m1"])
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(
                output.status.success(),
                "{at}: the next run failed: {stderr}"
            );
            let db = sandbox.path("data/progress.sqlite3");
            let connection = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY)
                .unwrap_or_else(|error| panic!("{at}: {error}"));
            let done: i64 = connection
                .query_row(
                    "SELECT count(*) FROM states WHERE address = 'p0-t0/m1'",
                    [],
                    |row| row.get(0),
                )
                .unwrap_or_else(|error| panic!("{at}: {error}"));
            assert_eq!(done, 1, "{at}: the next run's tick is stored");
            drop(connection);
            let mut names: Vec<String> = std::fs::read_dir(sandbox.path("data"))
                .unwrap()
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|name| !name.starts_with("progress.sqlite3"))
                .collect();
            names.sort();
            assert_eq!(names, Vec::<String>::new(), "{at}: files left behind");
        }
    }
    assert!(kill_points > 20, "only {kill_points} points reached");
}
