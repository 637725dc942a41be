//! `trek redo` through the real binary, with the database read after each
//! step to see what a later `trek` would find.

use predicates::prelude::*;
use predicates::str::contains;
use rusqlite::Connection;

use crate::support::Sandbox;

/// Every recorded state in the sandbox's database, as `address=state`.
fn states(sandbox: &Sandbox) -> Vec<String> {
    let connection = Connection::open(sandbox.path("progress.sqlite3")).expect("database");
    let mut statement = connection
        .prepare("SELECT address, state FROM states WHERE state != 'todo' ORDER BY address")
        .expect("query");
    statement
        .query_map([], |row| {
            Ok(format!(
                "{}={}",
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?
            ))
        })
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("states")
}

fn run(sandbox: &Sandbox, args: &[&str]) -> String {
    let output = sandbox.demo().args(args).assert().success();
    String::from_utf8_lossy(&output.get_output().stdout).into_owned()
}

#[test]
fn redo_brings_back_each_undo_in_turn_and_the_database_follows() {
    let sandbox = Sandbox::with_demo_roadmap();
    run(&sandbox, &["check", "http"]);
    run(&sandbox, &["skip", "sql/schema"]);
    let all = [
        "http/methods=done",
        "http/status=done",
        "sql/schema=skipped",
    ];
    assert_eq!(states(&sandbox), all);
    run(&sandbox, &["undo"]);
    run(&sandbox, &["undo"]);
    assert!(states(&sandbox).is_empty());

    let first = run(&sandbox, &["redo"]);
    assert!(first.starts_with("redid 2 changes undone "), "{first}");
    assert!(first.contains("done     http/methods  HTTP"), "{first}");
    assert_eq!(states(&sandbox), &all[..2]);
    let second = run(&sandbox, &["redo"]);
    assert!(second.contains("skipped  sql/schema  SQL"), "{second}");
    assert_eq!(states(&sandbox), all);
    assert_eq!(run(&sandbox, &["redo"]), "nothing to redo\n");

    run(&sandbox, &["undo"]);
    assert_eq!(states(&sandbox), &all[..2], "undo takes back the redo");
    run(&sandbox, &["redo"]);
    assert_eq!(states(&sandbox), all);
}

#[test]
fn a_new_change_after_an_undo_leaves_nothing_to_redo() {
    let sandbox = Sandbox::with_demo_roadmap();
    run(&sandbox, &["check", "http/methods"]);
    run(&sandbox, &["undo"]);
    run(&sandbox, &["check", "sql/joins"]);
    sandbox
        .demo()
        .arg("redo")
        .assert()
        .success()
        .stdout("nothing to redo\n");
    assert_eq!(states(&sandbox), ["sql/joins=done"]);
}

#[test]
fn redo_on_a_missing_database_creates_nothing() {
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox
        .demo()
        .arg("redo")
        .assert()
        .success()
        .stdout("nothing to redo\n");
    assert!(!sandbox.path("progress.sqlite3").exists());
    sandbox
        .demo()
        .arg("redo")
        .arg("--help")
        .assert()
        .success()
        .stdout(contains("A new change after an undo ends").and(contains("Usage: trek redo")));
}

#[test]
fn the_log_names_a_redo_as_one() {
    let sandbox = Sandbox::with_demo_roadmap();
    run(&sandbox, &["check", "sql/schema"]);
    run(&sandbox, &["undo"]);
    run(&sandbox, &["redo"]);
    let log = run(&sandbox, &["log"]);
    let lines: Vec<&str> = log.lines().map(|line| &line[18..]).collect();
    assert_eq!(
        lines,
        [
            "redo: done     sql/schema  SQL",
            "undo: todo     sql/schema  SQL",
            "done     sql/schema  SQL  (undone)",
        ],
        "{log}"
    );
}
