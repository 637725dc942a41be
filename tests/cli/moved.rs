//! Progress made on the first edition of the bundled trek, opened with an
//! edition that moves some of its ids: nothing is lost or orphaned, and the
//! next change carries the stored rows to the new addresses.

use serde_json::Value;

use crate::support::Sandbox;

const FIRST_EDITION: &str = include_str!("../fixtures/first-edition.toml");
/// A backup of progress made with trek on the first edition.
const FIRST_PROGRESS: &str = include_str!("../fixtures/first-edition.json");

/// Old address or topic -> new, as the edited roadmap's `[moved]` says.
const MOVES: &[(&str, &str)] = &[
    ("http", "web"),
    ("git/workflow", "git/workflow-adr"),
    ("capstone/build", "capstone/build-core"),
    ("nosql/other-stores", "nosql/when"),
];

/// The first edition with the ids of [`MOVES`] changed (one milestone
/// merged into another), a `[moved]` table saying so, and one milestone added.
fn second_edition() -> String {
    let edits = [
        ("\nid = \"http\"\n", "\nid = \"web\"\n"),
        ("{ id = \"workflow\",", "{ id = \"workflow-adr\","),
        ("{ id = \"build\",", "{ id = \"build-core\","),
        (
            "  { id = \"queries\",",
            "  { id = \"explain\", text = \"Read a query plan with EXPLAIN ANALYZE\" },\n  { id = \"queries\",",
        ),
    ];
    let mut text = FIRST_EDITION.to_owned();
    let merged = text
        .find("  { id = \"other-stores\",")
        .expect("nosql/other-stores");
    let end = merged + text[merged..].find('\n').expect("a line end") + 1;
    text.replace_range(merged..end, "");
    for (from, to) in edits {
        assert_eq!(text.matches(from).count(), 1, "one {from:?} in the fixture");
        text = text.replacen(from, to, 1);
    }
    text.push_str("\n[moved]\n");
    for (from, to) in MOVES {
        text.push_str(&format!("\"{from}\" = \"{to}\"\n"));
    }
    text
}

/// Where the edited roadmap has what the first edition called `old`.
fn moved(old: &str) -> String {
    if let Some((_, to)) = MOVES.iter().find(|(from, _)| *from == old) {
        return (*to).to_owned();
    }
    match old.split_once('/') {
        Some((topic, milestone)) => match MOVES.iter().find(|(from, _)| *from == topic) {
            Some((_, to)) => format!("{to}/{milestone}"),
            None => old.to_owned(),
        },
        None => old.to_owned(),
    }
}

/// A sandbox holding both editions and a database with the fixture's progress.
fn upgraded() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.write("first.toml", FIRST_EDITION);
    sandbox.write("second.toml", second_edition());
    sandbox.write("backup.json", FIRST_PROGRESS);
    trek(&sandbox, "first.toml", &["import", "backup.json"]);
    sandbox
}

fn trek(sandbox: &Sandbox, roadmap: &str, args: &[&str]) -> String {
    bundled(sandbox, &[&["--roadmap", roadmap], args].concat())
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("JSON")
}

/// `(address, state, changed_at)` of each state.
type States = Vec<(String, String, String)>;
/// `(topic, text)` of each note.
type Notes = Vec<(String, String)>;

/// Every state in a backup, sorted.
fn states(backup: &Value) -> States {
    let mut states: Vec<_> = backup["states"]
        .as_array()
        .expect("states")
        .iter()
        .map(|state| {
            let text = |key: &str| state[key].as_str().expect("a string").to_owned();
            (text("address"), text("state"), text("changed_at"))
        })
        .collect();
    states.sort();
    states
}

/// Every note in a backup, sorted.
fn notes(backup: &Value) -> Notes {
    let mut notes: Vec<_> = backup["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .map(|note| {
            let text = |key: &str| note[key].as_str().expect("a string").to_owned();
            (text("topic"), text("text"))
        })
        .collect();
    notes.sort();
    notes
}

/// The fixture's states and notes at the addresses the edited roadmap has.
fn expected() -> (States, Notes) {
    let first = json(FIRST_PROGRESS);
    let mut states: Vec<_> = states(&first)
        .into_iter()
        .map(|(address, state, at)| (moved(&address), state, at))
        .collect();
    states.sort();
    let mut notes: Vec<_> = notes(&first)
        .into_iter()
        .map(|(topic, text)| (moved(&topic), text))
        .collect();
    notes.sort();
    (states, notes)
}

#[test]
fn the_edited_roadmap_shows_every_state_and_note_at_its_new_address_before_any_write() {
    let sandbox = upgraded();
    let before = std::fs::read(sandbox.path("progress.sqlite3")).expect("database");
    let backup = json(&trek(
        &sandbox,
        "second.toml",
        &["export", "--format", "json"],
    ));
    let (states_expected, notes_expected) = expected();
    assert_eq!(states(&backup), states_expected);
    assert_eq!(notes(&backup), notes_expected);
    let status = json(&trek(&sandbox, "second.toml", &["status", "--json"]));
    assert_eq!(status["orphaned"], 0, "{status}");
    assert_eq!(status["done"], 25, "{status}");
    assert_eq!(status["skipped"], 5, "{status}");
    let text = trek(&sandbox, "second.toml", &["status"]);
    assert!(!text.contains("Orphaned"), "{text}");
    let log = trek(&sandbox, "second.toml", &["log"]);
    assert!(
        log.contains("done     git/workflow-adr  Version control"),
        "{log}"
    );
    assert!(!log.contains("no longer in the roadmap"), "{log}");
    let after = std::fs::read(sandbox.path("progress.sqlite3")).expect("database");
    assert!(before == after, "reading wrote to the database");
}

#[test]
fn the_next_write_carries_rows_and_history_to_the_new_addresses() {
    let sandbox = upgraded();
    trek(&sandbox, "second.toml", &["check", "sql/queries"]);
    // The first edition reads the rows as stored: none is left at an old address.
    let stored = json(&trek(
        &sandbox,
        "first.toml",
        &["export", "--format", "json"],
    ));
    let (mut states_expected, notes_expected) = expected();
    let queries = states(&stored)
        .into_iter()
        .find(|(address, ..)| address == "sql/queries")
        .expect("the new tick");
    states_expected.push(queries);
    states_expected.sort();
    assert_eq!(states(&stored), states_expected);
    assert_eq!(notes(&stored), notes_expected);
    let log = trek(&sandbox, "second.toml", &["log"]);
    assert!(log.contains("git/workflow-adr"), "{log}");
    assert!(!log.contains("git/workflow "), "{log}");
    // Undo walks back through history made before the move.
    trek(&sandbox, "second.toml", &["undo"]);
    trek(&sandbox, "second.toml", &["undo"]);
    let status = json(&trek(&sandbox, "second.toml", &["status", "--json"]));
    assert_eq!(
        status["done"], 24,
        "the re-tick of git/workflow undone: {status}"
    );
    assert_eq!(status["orphaned"], 0, "{status}");
}

/// The addresses `trek status --json` lists as new.
fn new_in_status(sandbox: &Sandbox) -> Vec<String> {
    let status = json(&trek(sandbox, "second.toml", &["status", "--json"]));
    status["new_milestones"]
        .as_array()
        .expect("new_milestones")
        .iter()
        .map(|new| new["address"].as_str().expect("an address").to_owned())
        .collect()
}

#[test]
fn milestones_the_roadmap_gained_are_listed_as_new_until_the_next_change() {
    let sandbox = upgraded();
    let text = trek(&sandbox, "second.toml", &["status"]);
    assert!(
        text.contains(
            "1 new milestone since you last opened this roadmap\n  sql/explain  Read a query plan"
        ),
        "{text}"
    );
    assert_eq!(
        new_in_status(&sandbox),
        ["sql/explain"],
        "moved ones are not new"
    );
    assert_eq!(
        new_in_status(&sandbox),
        ["sql/explain"],
        "reading marks nothing seen"
    );
    trek(&sandbox, "second.toml", &["check", "sql/queries"]);
    assert!(new_in_status(&sandbox).is_empty());
    let text = trek(&sandbox, "second.toml", &["status"]);
    assert!(!text.contains("new milestone"), "{text}");
}

#[test]
fn a_database_from_before_the_record_has_seen_the_first_edition_of_the_bundled_trek() {
    let sandbox = upgraded();
    let database = rusqlite::Connection::open(sandbox.path("progress.sqlite3")).expect("opens");
    database.execute("DELETE FROM seen", []).expect("forgotten");
    drop(database);
    assert_eq!(new_in_status(&sandbox), ["sql/explain"]);
}

#[test]
fn a_first_edition_backup_imported_under_the_edited_roadmap_lands_at_the_new_addresses() {
    let sandbox = Sandbox::new();
    sandbox.write("first.toml", FIRST_EDITION);
    sandbox.write("second.toml", second_edition());
    sandbox.write("backup.json", FIRST_PROGRESS);
    trek(&sandbox, "second.toml", &["import", "backup.json"]);
    let stored = json(&trek(
        &sandbox,
        "first.toml",
        &["export", "--format", "json"],
    ));
    let (states_expected, notes_expected) = expected();
    assert_eq!(states(&stored), states_expected);
    assert_eq!(notes(&stored), notes_expected);
}

/// `trek` with the sandbox's database, on the bundled roadmap unless
/// `args` name another; its standard output, once it succeeded.
fn bundled(sandbox: &Sandbox, args: &[&str]) -> String {
    let output = sandbox
        .trek()
        .args(["--db", "progress.sqlite3"])
        .args(args)
        .output()
        .expect("trek runs");
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn progress_made_on_the_first_edition_keeps_every_state_and_note_in_the_bundled_trek() {
    let sandbox = upgraded();
    let status = json(&bundled(&sandbox, &["status", "--json"]));
    assert_eq!(status["orphaned"], 0, "{status}");
    let first = json(FIRST_PROGRESS);
    let kept = json(&bundled(&sandbox, &["export", "--format", "json"]));
    assert_eq!(states(&kept), states(&first));
    assert_eq!(notes(&kept), notes(&first));
    let done = states(&first)
        .iter()
        .filter(|(_, state, _)| state == "done")
        .count();
    assert_eq!(status["done"], done, "{status}");
}
