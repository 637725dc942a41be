//! `trek review`, and the review queue in status, log, undo and backups.

use jiff::{SignedDuration, Timestamp};
use predicates::prelude::*;

use crate::support::Sandbox;

/// `days` before now, as a backup spells times.
fn days_ago(days: i64) -> String {
    Timestamp::now()
        .checked_sub(SignedDuration::from_hours(24 * days))
        .unwrap()
        .to_string()
}

/// A format 1 backup (made before reviews existed) in which `sql` was
/// finished 40 days ago: it imports, and `sql` is long due for review.
fn old_learner(sandbox: &Sandbox) {
    let at = days_ago(40);
    let state =
        |id: &str| format!(r#"{{"address": "sql/{id}", "state": "done", "changed_at": "{at}"}}"#);
    let change = |id: &str| {
        format!(r#"{{"kind": "state", "address": "sql/{id}", "old": "todo", "new": "done"}}"#)
    };
    let backup = format!(
        r#"{{"format": 1, "roadmap": "demo", "exported_at": "{at}",
            "states": [{}, {}], "notes": [],
            "groups": [{{"id": 1, "at": "{at}", "reverts": null, "changes": [{}, {}]}}]}}"#,
        state("schema"),
        state("joins"),
        change("schema"),
        change("joins")
    );
    sandbox.write("old.json", backup);
    sandbox
        .demo()
        .args(["import", "old.json"])
        .assert()
        .success();
}

fn stdout(sandbox: &Sandbox, args: &[&str]) -> String {
    let output = sandbox.demo().args(args).assert().success();
    String::from_utf8(output.get_output().stdout.clone()).unwrap()
}

fn status_json(sandbox: &Sandbox) -> serde_json::Value {
    serde_json::from_str(&stdout(sandbox, &["status", "--json"])).unwrap()
}

#[test]
fn a_topic_finished_weeks_ago_is_due_and_a_rating_moves_it_out() {
    let sandbox = Sandbox::with_demo_roadmap();
    old_learner(&sandbox);
    let due = stdout(&sandbox, &["review"]);
    assert!(due.starts_with("Due for review (1):\n  sql  due "), "{due}");
    assert!(due.contains("recall "), "{due}");
    let overdue = due
        .split(", ")
        .nth(1)
        .and_then(|rest| rest.split(" days overdue").next())
        .unwrap_or_else(|| panic!("how overdue: {due}"));
    let status = stdout(&sandbox, &["status"]);
    assert!(
        status.contains(&format!(
            "Review         1 due (sql), the oldest {overdue} days overdue\n"
        )),
        "the list and the status line count overdue alike: {status}"
    );
    sandbox
        .demo()
        .env("LANG", "C.UTF-8")
        .args(["status", "--short"])
        .assert()
        .stdout(predicate::str::ends_with(" · 1 due\n"));
    let json = status_json(&sandbox);
    assert_eq!(json["review_due"], 1);
    assert_eq!(json["review_next"][0]["topic"], "sql");
    assert!(json["recall_estimate"].is_null(), "not reviewed yet");

    let rated = stdout(&sandbox, &["review", "sql", "--rate", "good"]);
    assert!(rated.starts_with("rated sql good; next review "), "{rated}");
    assert!(rated.contains("(in "), "{rated}");
    assert!(stdout(&sandbox, &["review"]).starts_with("nothing due for review; next: sql in "));
    let json = status_json(&sandbox);
    assert_eq!(json["review_due"], 0);
    assert!(json["recall_estimate"].as_f64().unwrap() > 0.8);
    assert!(!stdout(&sandbox, &["status", "--short"]).contains("due"));
}

#[test]
fn a_rating_is_history_that_log_shows_and_undo_takes_back() {
    let sandbox = Sandbox::with_demo_roadmap();
    old_learner(&sandbox);
    sandbox
        .demo()
        .args(["review", "sql", "--rate", "hard"])
        .assert()
        .success();
    let log = stdout(&sandbox, &["log"]);
    assert!(
        log.lines()
            .next()
            .unwrap()
            .ends_with("review hard sql  SQL"),
        "{log}"
    );
    let undone = stdout(&sandbox, &["undo"]);
    assert!(undone.contains("review hard sql  SQL"), "{undone}");
    assert!(stdout(&sandbox, &["review"]).starts_with("Due for review (1):"));
    assert!(stdout(&sandbox, &["log"]).contains("(undone)"));
}

#[test]
fn reviews_survive_a_backup_and_merge_into_another_database() {
    let sandbox = Sandbox::with_demo_roadmap();
    old_learner(&sandbox);
    sandbox
        .demo()
        .args(["review", "sql", "--rate", "easy"])
        .assert()
        .success();
    sandbox
        .demo()
        .args(["review", "add", "http"])
        .assert()
        .success();
    let backup = stdout(&sandbox, &["export", "--format", "json"]);
    assert!(backup.contains("\"format\": 2"), "{backup}");
    sandbox.write("backup.json", &backup);
    let elsewhere = || {
        let mut command = sandbox.trek();
        command.args(["--roadmap", "road.toml", "--db", "other.sqlite3"]);
        command
    };
    for _ in 0..2 {
        elsewhere()
            .args(["import", "backup.json"])
            .assert()
            .success();
    }
    let output = elsewhere().args(["status", "--json"]).assert().success();
    let there: serde_json::Value = serde_json::from_slice(&output.get_output().stdout).unwrap();
    let here = status_json(&sandbox);
    for field in ["review_due", "review_next", "recall_estimate"] {
        assert_eq!(there[field], here[field], "{field}");
    }
    let output = elsewhere().args(["log"]).assert().success();
    let log = String::from_utf8_lossy(&output.get_output().stdout).into_owned();
    assert_eq!(
        log.matches("review easy sql").count(),
        1,
        "merged once: {log}"
    );
}

#[test]
fn add_and_drop_change_the_queue_by_hand_and_say_when_nothing_changes() {
    let sandbox = Sandbox::with_demo_roadmap();
    let added = stdout(&sandbox, &["review", "add", "http"]);
    assert!(
        added.starts_with("added http to review; next review "),
        "{added}"
    );
    assert_eq!(
        stdout(&sandbox, &["review", "add", "http"]),
        "nothing to change: http is already in review\n"
    );
    assert_eq!(
        stdout(&sandbox, &["review", "drop", "http"]),
        "dropped http from review\n"
    );
    assert_eq!(
        stdout(&sandbox, &["review", "drop", "http"]),
        "nothing to change: http is not in review\n"
    );
    assert_eq!(
        stdout(&sandbox, &["review"]),
        "no topics in review yet: finish one, or add one with `trek review add TOPIC`\n"
    );
}

#[test]
fn a_topic_out_of_review_or_unknown_is_refused_in_one_line() {
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox
        .demo()
        .args(["review", "sql", "--rate", "good"])
        .assert()
        .code(2)
        .stderr("`sql` is not in review: finish it, or add it with `trek review add sql`\n");
    sandbox
        .demo()
        .args(["review", "sqll", "--rate", "good"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown topic `sqll` in roadmap `demo`; did you mean `sql`?",
        ));
    assert!(
        !sandbox.path("progress.sqlite3").exists(),
        "nothing created"
    );
}

#[test]
fn cram_mode_shows_every_question_and_answer_and_writes_nothing() {
    let sandbox = Sandbox::with_demo_roadmap();
    old_learner(&sandbox);
    sandbox
        .demo()
        .args(["review", "add", "http"])
        .assert()
        .success();
    let log = stdout(&sandbox, &["log"]);
    let cram = stdout(&sandbox, &["review", "--all"]);
    assert!(
        cram.contains(
            "  1. When does a JOIN return fewer rows than its left table?\n     An inner join drops"
        ),
        "{cram}"
    );
    assert!(
        cram.contains("http  HTTP\n  1. Send a request with each method\n"),
        "{cram}"
    );
    assert_eq!(stdout(&sandbox, &["log"]), log, "the schedule untouched");
    let one = stdout(&sandbox, &["review", "sql"]);
    assert!(
        one.contains("Rate it: trek review sql --rate RATING  (again "),
        "{one}"
    );
}

/// The review cache's rows in the sandbox's database: (topic, fresh).
fn cache_rows(sandbox: &Sandbox) -> Vec<(String, i64)> {
    let database = rusqlite::Connection::open(sandbox.path("progress.sqlite3")).unwrap();
    let mut statement = database
        .prepare("SELECT topic, fresh FROM review_memory ORDER BY topic")
        .unwrap();
    statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_rating_fills_the_review_cache_and_status_says_the_same_without_it() {
    let sandbox = Sandbox::with_demo_roadmap();
    old_learner(&sandbox);
    stdout(&sandbox, &["review", "sql", "--rate", "hard"]);
    stdout(&sandbox, &["review", "sql", "--rate", "good"]);
    stdout(&sandbox, &["undo"]);
    assert_eq!(cache_rows(&sandbox), [("sql".to_owned(), 1)], "filled");
    let cached = stdout(&sandbox, &["status", "--json"]);
    rusqlite::Connection::open(sandbox.path("progress.sqlite3"))
        .unwrap()
        .execute_batch("UPDATE review_memory SET fresh = 0")
        .unwrap();
    assert_eq!(stdout(&sandbox, &["status", "--json"]), cached);
    assert_eq!(
        cache_rows(&sandbox),
        [("sql".to_owned(), 0)],
        "status reads only"
    );
}
