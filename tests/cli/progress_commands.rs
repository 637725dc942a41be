//! `check`, `uncheck`, `skip`, `note`, `undo` and `log` through the real binary.

use predicates::prelude::*;
use predicates::str::contains;

use crate::support::{Sandbox, roadmap_with};

fn log(sandbox: &Sandbox) -> String {
    let output = sandbox.demo().arg("log").output().unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn check_marks_milestones_done_and_says_which() {
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox
        .demo()
        .args(["check", "http/methods"])
        .assert()
        .success()
        .stdout("done     http/methods  Send a request with each method\n");
    sandbox
        .demo()
        .args(["check", "http"])
        .assert()
        .success()
        .stdout(
            "done     http/status  Return the right status codes\n(1 milestone already done)\n",
        );
}

#[test]
fn uncheck_and_skip_change_the_state() {
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox.demo().args(["check", "sql"]).assert().success();
    sandbox
        .demo()
        .args(["uncheck", "sql/schema"])
        .assert()
        .success()
        .stdout(contains("todo     sql/schema"));
    sandbox
        .demo()
        .args(["skip", "sql/graphql"])
        .assert()
        .success()
        .stdout(contains("skipped  sql/graphql"));
    let log = log(&sandbox);
    let actions: Vec<&str> = log.lines().map(|line| &line[18..26]).collect();
    assert_eq!(
        actions,
        ["skipped ", "todo    ", "done    ", "done    ", "done    "]
    );
}

/// The state of each milestone of the demo roadmap, as `trek export
/// --format json` records it.
fn states(sandbox: &Sandbox) -> Vec<(String, String)> {
    let output = sandbox
        .demo()
        .args(["export", "--format", "json"])
        .output()
        .expect("trek runs");
    let backup: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let mut states: Vec<(String, String)> = backup["states"]
        .as_array()
        .expect("states")
        .iter()
        .map(|entry| {
            (
                entry["address"].as_str().unwrap_or_default().to_owned(),
                entry["state"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    states.sort();
    states
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(address, state)| ((*address).to_owned(), (*state).to_owned()))
        .collect()
}

#[test]
fn skipping_a_topic_skips_what_is_left_and_keeps_done_milestones_done() {
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox
        .demo()
        .args(["check", "sql/schema"])
        .assert()
        .success();
    sandbox
        .demo()
        .args(["skip", "sql"])
        .assert()
        .success()
        .stdout(
            "skipped  sql/joins  Write a query with a JOIN
\
             skipped  sql/graphql  Try GraphQL
\
             (1 done milestone stays done)
",
        );
    assert_eq!(
        states(&sandbox),
        pairs(&[
            ("sql/graphql", "skipped"),
            ("sql/joins", "skipped"),
            ("sql/schema", "done"),
        ])
    );
    sandbox
        .demo()
        .args(["skip", "sql"])
        .assert()
        .success()
        .stdout(
            "nothing to change: 2 milestones already skipped, 1 done milestone stays done
",
        );
}

#[test]
fn a_done_milestone_named_by_its_address_is_skipped_even_beside_its_topic() {
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox.demo().args(["check", "sql"]).assert().success();
    sandbox
        .demo()
        .args(["skip", "sql", "sql/schema"])
        .assert()
        .success();
    assert_eq!(
        states(&sandbox),
        pairs(&[
            ("sql/graphql", "done"),
            ("sql/joins", "done"),
            ("sql/schema", "skipped"),
        ])
    );
}

#[test]
fn one_unknown_address_changes_nothing_and_suggests_the_nearest() {
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox
        .demo()
        .args(["check", "sql/schema"])
        .assert()
        .success();
    sandbox
        .demo()
        .args(["check", "http/methods", "htp/status"])
        .assert()
        .code(2)
        .stdout("")
        .stderr("unknown address `htp/status` in roadmap `demo`; did you mean `http/status`?\n");
    assert_eq!(log(&sandbox).lines().count(), 1, "only the first check");
}

#[test]
fn a_broken_roadmap_fails_before_any_database_is_created() {
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox.write(
        "broken.toml",
        roadmap_with(r#"title = "HTTP""#, r#"titel = "HTTP""#),
    );
    sandbox
        .trek()
        .args([
            "--roadmap",
            "broken.toml",
            "--db",
            "progress.sqlite3",
            "check",
            "http",
        ])
        .assert()
        .code(2)
        .stderr("broken.toml:14:1: unknown key `titel` in topic `http`; did you mean `title`?\n");
    assert!(!sandbox.path("progress.sqlite3").exists());
}

#[test]
fn undo_reverts_one_command_at_a_time() {
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox.demo().args(["check", "http"]).assert().success();
    sandbox
        .demo()
        .args(["skip", "sql/graphql"])
        .assert()
        .success();
    sandbox
        .demo()
        .arg("undo")
        .assert()
        .success()
        .stdout(contains("undid 1 change made").and(contains("todo     sql/graphql  SQL")));
    sandbox
        .demo()
        .arg("undo")
        .assert()
        .success()
        .stdout(contains("undid 2 changes made"));
    sandbox
        .demo()
        .arg("undo")
        .assert()
        .success()
        .stdout("nothing to undo\n");
    let log = log(&sandbox);
    assert_eq!(
        log.lines().filter(|line| line.contains("(undone)")).count(),
        3
    );
}

#[test]
fn note_is_set_cleared_and_shown_in_the_log() {
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox
        .demo()
        .args(["note", "http", "Read RFC 9110"])
        .assert()
        .success()
        .stdout("note on http saved\n");
    sandbox
        .demo()
        .args(["note", "http", "--clear"])
        .assert()
        .success()
        .stdout("note on http cleared\n");
    let log = log(&sandbox);
    assert!(
        log.lines()
            .next()
            .unwrap()
            .contains("note cleared http  HTTP"),
        "{log}"
    );
}

#[test]
fn note_without_text_opens_the_editor_and_an_empty_result_keeps_the_note() {
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox
        .demo()
        .args(["note", "sql", "before"])
        .assert()
        .success();
    // An "editor" that appends a line to the file it is given.
    sandbox
        .demo()
        .env("VISUAL", "printf '\\nafter\\n' >>")
        .args(["note", "sql"])
        .assert()
        .success()
        .stdout("note on sql saved\n");
    sandbox
        .demo()
        .env("VISUAL", "truncate -s 0")
        .args(["note", "sql"])
        .assert()
        .success()
        .stdout("note on sql unchanged\n");
    sandbox
        .demo()
        .env("VISUAL", "true")
        .args(["note", "sql"])
        .assert()
        .success()
        .stdout("note on sql unchanged\n");
    assert_eq!(log(&sandbox).lines().count(), 2);
}

#[test]
fn note_on_an_unknown_topic_is_bad_input() {
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox
        .demo()
        .args(["note", "htp", "x"])
        .assert()
        .code(2)
        .stderr("unknown topic `htp` in roadmap `demo`; did you mean `http`?\n");
}

#[test]
fn an_address_in_capitals_is_pointed_to_its_lowercase_id() {
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox
        .demo()
        .args(["check", "HTTP/Methods"])
        .assert()
        .code(2)
        .stderr(contains("did you mean `http/methods`?"));
}

#[test]
fn an_empty_note_is_refused_and_clear_is_suggested() {
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox
        .demo()
        .args(["note", "http", "kept"])
        .assert()
        .success();
    for empty in ["", "  \n "] {
        sandbox
            .demo()
            .args(["note", "http", empty])
            .assert()
            .code(2)
            .stderr("an empty note; to remove the note, pass --clear\n");
    }
    assert!(log(&sandbox).contains("note     http"));
    assert_eq!(log(&sandbox).lines().count(), 1);
}

#[test]
fn log_and_undo_on_a_missing_database_create_nothing() {
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox
        .demo()
        .arg("log")
        .assert()
        .success()
        .stdout("no changes yet\n");
    sandbox
        .demo()
        .arg("undo")
        .assert()
        .success()
        .stdout("nothing to undo\n");
    assert!(!sandbox.path("progress.sqlite3").exists());
}

#[test]
fn a_log_of_no_lines_is_refused() {
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox
        .demo()
        .args(["log", "--limit", "0"])
        .assert()
        .code(2)
        .stderr(contains("0 is not in 1.."));
}

#[test]
fn control_characters_in_roadmap_text_never_reach_the_terminal() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "road.toml",
        roadmap_with(
            "Send a request with each method",
            r"Send \u001b[2J\u202e a request",
        ),
    );
    let output = sandbox
        .demo()
        .args(["check", "http/methods"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{202e}'),
        "{stdout:?}"
    );
    assert!(
        stdout.contains("Send \u{FFFD}[2J\u{FFFD} a request"),
        "{stdout:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_new_database_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox
        .trek()
        .args([
            "--roadmap",
            "road.toml",
            "--db",
            "data/trek/progress.sqlite3",
        ])
        .args(["check", "http"])
        .assert()
        .success();
    let mode = |name: &str| {
        std::fs::metadata(sandbox.path(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode("data/trek"), 0o700);
    assert_eq!(mode("data/trek/progress.sqlite3"), 0o600);
}

#[test]
fn the_interactive_view_without_a_terminal_says_so_and_creates_nothing() {
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox
        .demo()
        .assert()
        .code(1)
        .stderr("the interactive view needs a terminal; use `trek status` in scripts\n");
    assert!(!sandbox.path("progress.sqlite3").exists());
}

#[test]
fn commands_that_change_nothing_create_no_database() {
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox
        .demo()
        .args(["uncheck", "http"])
        .assert()
        .success()
        .stdout("nothing to change: 2 milestones already todo\n");
    sandbox
        .demo()
        .args(["note", "http", "--clear"])
        .assert()
        .success()
        .stdout("nothing to change: no note on http\n");
    assert!(!sandbox.path("progress.sqlite3").exists());
    sandbox.demo().args(["check", "http"]).assert().success();
    sandbox
        .demo()
        .args(["check", "http/methods"])
        .assert()
        .success()
        .stdout("nothing to change: 1 milestone already done\n");
    assert_eq!(
        log(&sandbox).lines().count(),
        2,
        "nothing recorded past the first check"
    );
}

#[test]
fn a_note_changed_while_the_editor_was_open_is_named_and_one_undo_away() {
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox
        .demo()
        .args(["note", "sql", "first"])
        .assert()
        .success();
    let trek = assert_cmd::cargo::cargo_bin("trek");
    // An "editor" during which another trek sets the note, then the learner saves theirs.
    let editor = format!(
        "sh -c '{} --roadmap road.toml --db progress.sqlite3 note sql meanwhile >/dev/null; echo mine > \"$1\"' sh",
        trek.display()
    );
    sandbox
        .demo()
        .env("VISUAL", editor)
        .args(["note", "sql"])
        .assert()
        .success()
        .stdout("note on sql saved over a newer one set meanwhile; `trek undo` brings that back\n");
    let export = |sandbox: &Sandbox| {
        let output = sandbox.demo().arg("export").output().unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    assert!(export(&sandbox).contains("mine"));
    sandbox.demo().arg("undo").assert().success();
    let restored = export(&sandbox);
    assert!(
        restored.contains("meanwhile") && !restored.contains("mine"),
        "{restored}"
    );
}

#[test]
fn an_empty_variable_is_named_instead_of_the_option() {
    let sandbox = Sandbox::with_demo_roadmap();
    for variable in ["TREK_DB", "TREK_ROADMAP"] {
        sandbox
            .trek()
            .env(variable, "")
            .arg("status")
            .assert()
            .code(2)
            .stderr(format!(
                "{variable} is set but empty; unset it, or set it to a file\n"
            ));
    }
}

#[cfg(target_os = "linux")]
#[test]
fn help_that_cannot_be_written_is_a_failure() {
    let sandbox = Sandbox::new();
    sandbox
        .shell_under_memory_limit("trek --help > /dev/full")
        .assert()
        .code(1)
        .stderr(contains("cannot write output"));
}
