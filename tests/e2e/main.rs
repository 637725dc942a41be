//! The real `trek` binary in a real terminal: tmux runs it detached, the
//! test reads the screen with `capture-pane` and types with `send-keys`.
//!
//! Each test gets its own tmux server (a socket in a temporary directory),
//! so nothing touches the user's sessions. tmux is required: CI installs it
//! (see `.ci/run`); without it these tests fail saying so.

mod support;

use std::fs;

use support::Session;

/// The roadmap the command-line tests use too.
const ROADMAP: &str = include_str!("../fixtures/demo.toml");

#[test]
fn tab_tab_space_ticks_the_first_milestone_and_q_quits_cleanly() {
    let session = Session::start(ROADMAP);
    session.wait_for_screen("Demo trek");
    session.send(&["Tab", "Tab", "Space"]);
    let screen = session.wait_for_screen("[x]");
    assert!(
        screen.contains("[x] Send a request with each method"),
        "{screen}"
    );
    session.send(&["q"]);
    assert_eq!(session.wait_for_exit(), 0);
    assert!(session.terminal_was_restored());
    assert_eq!(
        session.stored_state("http/methods").as_deref(),
        Some("done")
    );
    assert_eq!(session.stored_state("http/status"), None);
}

#[test]
fn sigterm_ends_the_view_cleanly_with_the_terminal_restored() {
    let session = Session::start(ROADMAP);
    session.wait_for_screen("Demo trek");
    session.send(&["Tab", "Tab", "j", "Space"]);
    session.wait_for_screen("[x] Return the right status codes");
    session.signal_trek("TERM");
    assert_eq!(session.wait_for_exit(), 0);
    assert!(session.terminal_was_restored());
    assert_eq!(session.stored_state("http/status").as_deref(), Some("done"));
}

#[test]
fn closing_the_terminal_ends_trek_without_losing_a_tick() {
    let session = Session::start(ROADMAP);
    session.wait_for_screen("Demo trek");
    session.send(&["Tab", "Tab", "Space"]);
    session.wait_for_screen("[x]");
    let trek = session.trek_pid();
    session.hang_up();
    support::wait_for_end(&trek);
    assert_eq!(
        session.stored_state("http/methods").as_deref(),
        Some("done")
    );
}

#[test]
fn an_unusable_database_is_a_plain_error_before_the_screen_is_taken() {
    let session = Session::start_with_db(ROADMAP, |dir| {
        let db = dir.join("not-a-database.sqlite3");
        fs::write(&db, "this is not SQLite, and it must stay this way").expect("write");
        db
    });
    assert_eq!(session.wait_for_exit(), 2);
    let screen = session.screen();
    assert!(screen.contains("not-a-database.sqlite3"), "{screen}");
    assert!(session.terminal_was_restored());
    let db = session.dir().join("not-a-database.sqlite3");
    let contents = fs::read_to_string(db).expect("read");
    assert_eq!(contents, "this is not SQLite, and it must stay this way");
}

#[test]
fn an_interrupt_from_outside_ends_the_view_cleanly() {
    let session = Session::start(ROADMAP);
    session.wait_for_screen("Demo trek");
    session.signal_trek("INT");
    assert_eq!(session.wait_for_exit(), 0);
    assert!(session.terminal_was_restored());
}

/// Stands in for a full-screen editor: takes the terminal raw and gives it
/// back only when told to end.
const RAW_EDITOR: &str = r#"echo $$ > editor.pid
stty raw -echo
trap 'stty sane; exit 143' TERM
while :; do sleep 0.05; done"#;

#[test]
fn sigterm_while_the_editor_is_open_ends_the_editor_first_and_restores_the_terminal() {
    let session = Session::start_with_editor(ROADMAP, RAW_EDITOR);
    session.wait_for_screen("Demo trek");
    session.send(&["Tab", "Tab", "E"]);
    let pid_file = session.dir().join("editor.pid");
    let editor = support::wait_for_file(&pid_file);
    session.signal_trek("TERM");
    assert_eq!(session.wait_for_exit(), 0);
    assert!(session.terminal_was_restored());
    support::wait_for_end(editor.trim());
    let left: Vec<_> = fs::read_dir(session.dir())
        .expect("the session's directory")
        .filter_map(|entry| entry.ok())
        .filter(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .starts_with("trek-note-")
        })
        .collect();
    assert!(
        left.is_empty(),
        "the note's temporary file is left: {left:?}"
    );
}

/// [`ROADMAP`] grown by one milestone in its first topic.
fn grown_roadmap() -> String {
    let from = "  { id = \"status\",";
    assert!(ROADMAP.contains(from), "the demo roadmap has http/status");
    ROADMAP.replacen(
        from,
        &format!("  {{ id = \"headers\", text = \"Set a response header\" }},\n{from}"),
        1,
    )
}

/// A database in `dir` with a skip made by trek on [`ROADMAP`] as it was.
fn progress_on_the_first_roadmap(dir: &std::path::Path) -> std::path::PathBuf {
    let roadmap = dir.join("first.toml");
    fs::write(&roadmap, ROADMAP).expect("write the roadmap");
    let db = dir.join("progress.sqlite3");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_trek"))
        .arg("--roadmap")
        .arg(&roadmap)
        .arg("--db")
        .arg(&db)
        .args(["skip", "sql/graphql"])
        .env("HOME", dir.join("home"))
        .env("XDG_DATA_HOME", dir.join("xdg-data"))
        .env("XDG_CONFIG_HOME", dir.join("xdg-config"))
        .env("XDG_CACHE_HOME", dir.join("xdg-cache"))
        .env("XDG_STATE_HOME", dir.join("xdg-state"))
        .env_remove("TREK_CONFIG")
        .output()
        .expect("trek runs");
    assert!(status.status.success(), "{status:?}");
    db
}

#[test]
fn a_milestone_the_roadmap_gained_is_marked_new_for_the_session_then_cleared_by_a_change() {
    let grown = grown_roadmap();
    let first = Session::start_with_db(&grown, progress_on_the_first_roadmap);
    let screen = first.wait_for_screen("Set a response header (new)");
    assert_eq!(screen.matches("(new)").count(), 1, "{screen}");
    first.send(&["Tab", "Tab", "Space"]);
    let screen = first.wait_for_screen("[x] Send a request with each method");
    assert!(
        screen.contains("Set a response header (new)"),
        "the marker stays for the session: {screen}"
    );
    first.send(&["q"]);
    assert_eq!(first.wait_for_exit(), 0);

    let database = first.dir().join("progress.sqlite3");
    let second = Session::start_with_db(&grown, |dir| {
        let copy = dir.join("progress.sqlite3");
        fs::copy(&database, &copy).expect("copy the database");
        copy
    });
    let screen = second.wait_for_screen("Set a response header");
    assert!(!screen.contains("(new)"), "{screen}");
    second.send(&["q"]);
    assert_eq!(second.wait_for_exit(), 0);
}
