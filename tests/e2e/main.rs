//! The real `trek` binary in a real terminal: tmux runs it detached, the
//! test reads the screen with `capture-pane` and types with `send-keys`.
//!
//! Each test gets its own tmux server (a socket in a temporary directory),
//! so nothing touches the user's sessions. tmux is required: CI installs it
//! (see `.ci/run`); without it these tests fail saying so.

mod support;
mod sync;

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
fn sigterm_ends_the_view_cleanly_with_the_terminal_restored_and_exit_code_143() {
    let session = Session::start(ROADMAP);
    session.wait_for_screen("Demo trek");
    session.send(&["Tab", "Tab", "j", "Space"]);
    session.wait_for_screen("[x] Return the right status codes");
    session.signal_trek("TERM");
    assert_eq!(
        session.wait_for_exit(),
        128 + 15,
        "the shell's code for SIGTERM"
    );
    assert!(session.screen().contains("stopped by signal 15"));
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
    assert_eq!(
        session.wait_for_exit(),
        128 + 2,
        "the shell's code for SIGINT"
    );
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
    assert_eq!(session.wait_for_exit(), 128 + 15);
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

#[test]
fn enter_enter_enter_from_a_fresh_start_ticks_nothing() {
    let session = Session::start(ROADMAP);
    session.wait_for_screen("Demo trek");
    session.send(&["Enter", "Enter", "Enter"]);
    session.wait_for_screen("ticks the milestone under the cursor");
    session.send(&["q"]);
    assert_eq!(session.wait_for_exit(), 0);
    assert_eq!(session.stored_state("http/methods"), None);
}

#[test]
fn keys_in_a_terminal_too_small_change_nothing() {
    let session = Session::start(ROADMAP);
    session.wait_for_screen(" Phases ");
    session.resize(20, 6);
    session.wait_for_screen("too small");
    session.send(&["Tab", "Tab", "Space"]);
    session.resize(120, 40);
    session.wait_for_screen("Demo trek");
    session.send(&["q"]);
    assert_eq!(session.wait_for_exit(), 0);
    assert_eq!(session.stored_state("http/methods"), None);
}

#[test]
fn a_paste_on_the_main_screen_is_not_taken_as_keys() {
    let session = Session::start(ROADMAP);
    session.wait_for_screen("Demo trek");
    // As keys, this would tick (Space), skip (s), undo (u) and quit (q).
    session.paste("just a quick note\nq");
    session.wait_for_screen("Paste ignored");
    assert_eq!(session.stored_changes(), 0);
    session.send(&["q"]);
    assert_eq!(session.wait_for_exit(), 0);
    assert_eq!(session.stored_changes(), 0);
}

#[test]
fn a_paste_of_100000_characters_into_the_note_editor_is_saved_whole() {
    let session = Session::start(ROADMAP);
    session.wait_for_screen("Demo trek");
    session.send(&["Tab", "Tab", "n"]);
    session.wait_for_screen("Note");
    let text = "0123456789".repeat(10_000);
    session.paste(&format!("{text}\nthe end"));
    session.send(&["Escape"]);
    session.wait_for_screen("Note saved");
    assert_eq!(
        session.stored_note("http"),
        Some(format!("{text}\nthe end"))
    );
}

#[test]
fn a_burst_of_typed_keys_is_read_to_its_end() {
    let session = Session::start(ROADMAP);
    session.wait_for_screen("Demo trek");
    session.send(&["Tab", "Tab", "n"]);
    session.wait_for_screen("Note");
    // Far more than the reader takes at once, sent as keys, not as a paste.
    let text = "abcdefghij".repeat(2_000);
    session.send_raw(&text);
    session.send(&["Escape"]);
    session.wait_for_screen("Note saved");
    assert_eq!(session.stored_note("http"), Some(text));
}

#[test]
fn an_idle_view_writes_nothing_yet_shows_another_process_s_change() {
    let session = Session::start(ROADMAP);
    // The three panes: drawn at the window's final size.
    session.wait_for_screen(" Phases ");
    std::thread::sleep(std::time::Duration::from_millis(500));
    let output = session.record_output();
    std::thread::sleep(std::time::Duration::from_secs(10));
    let written = fs::metadata(&output).expect("the output file").len();
    assert_eq!(written, 0, "bytes written to the terminal while idle");
    session.run_trek(&["check", "http/methods"]);
    let start = std::time::Instant::now();
    session.wait_for_screen("1/2");
    let took = start.elapsed();
    assert!(took < std::time::Duration::from_secs(1), "took {took:?}");
}

#[test]
fn sigterm_with_a_note_open_saves_it_and_exits_143() {
    let session = Session::start(ROADMAP);
    session.wait_for_screen("Demo trek");
    session.send(&["Tab", "Tab", "n"]);
    session.wait_for_screen("Note");
    session.send_raw("half a thought");
    session.wait_for_screen("half a thought");
    session.signal_trek("TERM");
    assert_eq!(session.wait_for_exit(), 143);
    assert!(session.terminal_was_restored());
    assert_eq!(
        session.stored_note("http").as_deref(),
        Some("half a thought")
    );
}

#[test]
fn a_paste_start_without_its_end_leaves_the_view_listening() {
    let session = Session::start(ROADMAP);
    session.wait_for_screen("Demo trek");
    session.send_raw("\u{1b}[200~");
    session.send(&["Tab", "Tab"]);
    // Taken as the rest of the paste, then the paste ends for want of more.
    session.wait_for_screen("Paste ignored");
    session.send(&["Tab", "Tab", "Space"]);
    session.wait_for_screen("[x] Send a request with each method");
    session.send(&["q"]);
    assert_eq!(session.wait_for_exit(), 0);
    assert_eq!(
        session.stored_state("http/methods").as_deref(),
        Some("done")
    );
}

#[test]
fn o_hands_the_topic_s_link_to_the_browser() {
    let roadmap = ROADMAP.replace(
        "body = \"Requests and responses.\"",
        "body = \"Requests and responses.\"\nresources = [{ title = \"RFC 9110\", url = \"https://www.rfc-editor.org/rfc/rfc9110\", kind = \"docs\" }]",
    );
    let session = Session::start(&roadmap);
    session.wait_for_screen("Demo trek");
    session.send(&["o"]);
    session.wait_for_screen("Opening RFC 9110 (1/1)");
    let opened = support::wait_for_file(&session.dir().join("opened.txt"));
    assert_eq!(opened, "https://www.rfc-editor.org/rfc/rfc9110\n");
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

#[test]
fn the_palette_follows_the_background_the_terminal_reports() {
    // Headings are cyan on black; on white, the light palette's dark blue.
    let light_heading = "\x1b[38;5;25m";
    let white = Session::start_in_colours(ROADMAP, "bg=white,fg=black");
    white.wait_for_screen("Demo trek");
    let black = Session::start_in_colours(ROADMAP, "bg=black,fg=white");
    black.wait_for_screen("Demo trek");
    assert!(white.screen_in_colour().contains(light_heading));
    let dark = black.screen_in_colour();
    assert!(!dark.contains(light_heading));
    assert!(
        dark.contains("\x1b[36m") || dark.contains("\x1b[38;5;6m"),
        "cyan, in either spelling"
    );
}
