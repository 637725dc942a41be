//! Progress on ids a roadmap moved: read at the new address at once, and
//! carried there in the database around the next write.
//!
//! Both paths take old addresses in sorted order and meet existing records
//! by the same two rules, [`merge_state`] and [`merge_note`], so what a
//! learner saw before the write is what the database holds after it.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, Transaction, params};

use super::model::{Change, Note, Progress, State, StateRecord};
use super::valid;
use super::write::{put_note, put_state};
use crate::roadmap::{Address, Moved};

/// The state that stands where a moved one meets another: the newer, and
/// on a tie the one already there.
pub(super) fn merge_state(existing: Option<StateRecord>, incoming: StateRecord) -> StateRecord {
    match existing {
        Some(existing) if existing.changed_at >= incoming.changed_at => existing,
        _ => incoming,
    }
}

/// The note that stands where a moved one meets another: both texts, the
/// older first, so nothing the learner wrote is lost; one if they agree.
pub(super) fn merge_note(existing: Option<Note>, incoming: Note) -> Note {
    let Some(existing) = existing else {
        return incoming;
    };
    let changed_at = existing.changed_at.max(incoming.changed_at);
    if existing.text == incoming.text {
        return Note {
            text: existing.text,
            changed_at,
        };
    }
    let (first, second) = if incoming.changed_at < existing.changed_at {
        (incoming, existing)
    } else {
        (existing, incoming)
    };
    Note {
        text: format!("{}\n\n{}", first.text, second.text),
        changed_at,
    }
}

/// Moves loaded states and notes to where the roadmap has them now.
pub(super) fn read_through(moved: &Moved, progress: &mut Progress) {
    if moved.is_empty() {
        return;
    }
    let mut states: Vec<(Address, Address)> = progress
        .states
        .keys()
        .filter_map(|old| Some((old.clone(), moved.address(old)?)))
        .collect();
    states.sort_unstable();
    for (old, new) in states {
        if let Some(record) = progress.states.remove(&old) {
            let existing = progress.states.get(&new).copied();
            progress.states.insert(new, merge_state(existing, record));
        }
    }
    let mut notes: Vec<(String, String)> = progress
        .notes
        .keys()
        .filter_map(|old| Some((old.clone(), moved.topic(old)?.to_owned())))
        .collect();
    notes.sort_unstable();
    for (old, new) in notes {
        if let Some(note) = progress.notes.remove(&old) {
            let existing = progress.notes.remove(&new);
            progress.notes.insert(new, merge_note(existing, note));
        }
    }
}

/// Points a recorded change at where the roadmap has its address now.
pub(super) fn change_through(moved: &Moved, change: &mut Change) {
    match change {
        Change::State { address, .. } => {
            if let Some(new) = moved.address(address) {
                *address = new;
            }
        }
        Change::Note { topic, .. } | Change::Review { topic, .. } => {
            if let Some(new) = moved.topic(topic) {
                *topic = new.to_owned();
            }
        }
    }
}

/// Moves stored states, notes and history from old addresses to new ones.
pub(super) fn carry(
    transaction: &Transaction,
    roadmap: &str,
    moved: &Moved,
) -> rusqlite::Result<()> {
    if moved.is_empty() {
        return Ok(());
    }
    for (old, new, record) in moving_states(transaction, roadmap, moved)? {
        let existing = stored_state(transaction, roadmap, &new)?;
        let kept = merge_state(existing, record);
        if existing != Some(kept) {
            put_state(transaction, roadmap, &new, kept.state, kept.changed_at)?;
        }
        transaction
            .prepare_cached("DELETE FROM states WHERE roadmap = ?1 AND address = ?2")?
            .execute(params![roadmap, old.to_string()])?;
    }
    for (old, new) in moved.topic_moves() {
        let Some(note) = stored_note(transaction, roadmap, old)? else {
            continue;
        };
        let existing = stored_note(transaction, roadmap, new)?;
        let kept = merge_note(existing, note);
        put_note(transaction, roadmap, new, Some(&kept.text), kept.changed_at)?;
        put_note(transaction, roadmap, old, None, kept.changed_at)?;
    }
    carry_history(transaction, roadmap, moved)
}

/// Every stored state at an address that moved, with where it goes, in
/// the order of the old addresses. Rows that cannot be decoded stay put.
fn moving_states(
    transaction: &Transaction,
    roadmap: &str,
    moved: &Moved,
) -> rusqlite::Result<Vec<(Address, Address, StateRecord)>> {
    let mut found = Vec::new();
    let mut by_address = transaction.prepare_cached(
        "SELECT address, state, changed_at FROM states WHERE roadmap = ?1 AND address = ?2",
    )?;
    for (old, _) in moved.milestone_moves() {
        let mut rows = by_address.query(params![roadmap, old.to_string()])?;
        while let Some(row) = rows.next()? {
            found.extend(decode(row));
        }
    }
    // `/` sorts just before `0`, so one range of the key holds a topic's rows.
    let mut by_topic = transaction.prepare_cached(
        "SELECT address, state, changed_at FROM states
         WHERE roadmap = ?1 AND address >= ?2 || '/' AND address < ?2 || '0'",
    )?;
    for (old, _) in moved.topic_moves() {
        let mut rows = by_topic.query(params![roadmap, old])?;
        while let Some(row) = rows.next()? {
            found.extend(decode(row));
        }
    }
    let mut moving: Vec<_> = found
        .into_iter()
        .filter_map(|(old, record)| Some((moved.address(&old)?, old, record)))
        .map(|(new, old, record)| (old, new, record))
        .collect();
    moving.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    moving.dedup_by(|a, b| a.0 == b.0);
    Ok(moving)
}

fn decode(row: &rusqlite::Row) -> Option<(Address, StateRecord)> {
    let address = valid::parse_address(row.get_ref(0).ok()?.as_str().ok()?)?;
    let state: State = row.get_ref(1).ok()?.as_str().ok()?.parse().ok()?;
    let changed_at = Timestamp::from_millisecond(row.get(2).ok()?).ok()?;
    Some((address, StateRecord { state, changed_at }))
}

fn stored_state(
    transaction: &Transaction,
    roadmap: &str,
    address: &Address,
) -> rusqlite::Result<Option<StateRecord>> {
    let row = transaction
        .prepare_cached("SELECT state, changed_at FROM states WHERE roadmap = ?1 AND address = ?2")?
        .query_row(params![roadmap, address.to_string()], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
        })
        .optional()?;
    Ok(row.and_then(|(state, millis)| {
        Some(StateRecord {
            state: state.parse().ok()?,
            changed_at: Timestamp::from_millisecond(millis).ok()?,
        })
    }))
}

fn stored_note(
    transaction: &Transaction,
    roadmap: &str,
    topic: &str,
) -> rusqlite::Result<Option<Note>> {
    let row = transaction
        .prepare_cached("SELECT text, changed_at FROM notes WHERE roadmap = ?1 AND topic = ?2")?
        .query_row(params![roadmap, topic], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
        })
        .optional()?;
    Ok(row.and_then(|(text, millis)| {
        Some(Note {
            text,
            changed_at: Timestamp::from_millisecond(millis).ok()?,
        })
    }))
}

/// Points the roadmap's recorded events at the new addresses, so the log
/// names them and undo finds the states its groups changed.
fn carry_history(transaction: &Transaction, roadmap: &str, moved: &Moved) -> rusqlite::Result<()> {
    let mut statement = transaction.prepare_cached(
        "SELECT DISTINCT e.kind, e.address FROM events e CROSS JOIN groups g ON g.id = e.grp
         WHERE g.roadmap = ?1",
    )?;
    let recorded: Vec<(String, String)> = statement
        .query_map(params![roadmap], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = transaction.prepare_cached(
        "UPDATE events SET address = ?3 WHERE kind = ?2 AND address = ?4
         AND grp IN (SELECT id FROM groups WHERE roadmap = ?1)",
    )?;
    for (kind, old) in recorded {
        let new = match kind.as_str() {
            "state" => valid::parse_address(&old)
                .and_then(|address| moved.address(&address))
                .map(|address| address.to_string()),
            "note" | "review" => moved.topic(&old).map(str::to_owned),
            _ => None,
        };
        if let Some(new) = new {
            update.execute(params![roadmap, kind, new, old])?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roadmap::{Roadmap, parse};
    use crate::store::Store;

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_second(1_790_000_000 + seconds).expect("a valid time")
    }

    fn address(text: &str) -> Address {
        Address::parse(text).expect("a valid address")
    }

    /// Topics `web` (x, z) and `docs` (y); `http` moved to `web`, except
    /// `http/x` to `web/z`, and `old` to `docs`.
    fn edited() -> Roadmap {
        let topic = |id: &str, milestones: &str| {
            format!(
                "[[phases.topics]]\nid = \"{id}\"\ntitle = \"T\"\nsummary = \"s\"\nbody = \"b\"\n\
                 milestones = [{milestones}]\n"
            )
        };
        let text = format!(
            "id = \"r\"\ntitle = \"t\"\nsummary = \"s\"\nestimate = \"e\"\n\
             [[phases]]\nid = \"p\"\ntitle = \"P\"\nweeks = [1, 2]\nsummary = \"s\"\n{}{}\
             [finale]\ntitle = \"f\"\nbody = \"b\"\nnext = []\n\
             [moved]\n\"http\" = \"web\"\n\"http/x\" = \"web/z\"\n\"old\" = \"docs\"\n",
            topic(
                "web",
                "{ id = \"x\", text = \"t\" }, { id = \"z\", text = \"t\" }"
            ),
            topic("docs", "{ id = \"y\", text = \"t\" }"),
        );
        parse("r.toml", text.as_bytes()).unwrap_or_else(|error| panic!("{error}"))
    }

    /// First-edition rows, two of them meeting a newer and an older record
    /// at their new address, and two notes meeting one.
    fn first_edition_store() -> Store {
        let mut store = Store::open_in_memory();
        let mut set = |text: &str, state, seconds| {
            store
                .set_states("r", &[(address(text), state)], at(seconds))
                .expect("written");
        };
        set("http/x", State::Done, 1);
        set("web/z", State::Done, 2);
        set("http/z", State::Skipped, 3);
        set("old/y", State::Skipped, 4);
        set("docs/y", State::Done, 3);
        for (topic, text, seconds) in [("http", "older", 5), ("web", "newer", 6)] {
            store
                .set_note("r", topic, Some(text), at(seconds))
                .expect("written");
        }
        store
    }

    fn row_count(store: &Store, topic: &str) -> i64 {
        store
            .connection
            .query_row(
                "SELECT count(*) FROM states WHERE address LIKE ?1 || '/%'",
                [topic],
                |row| row.get(0),
            )
            .expect("counted")
    }

    #[test]
    fn the_newer_state_and_both_notes_stand_where_moves_meet() {
        let roadmap = edited();
        let store = first_edition_store().following(&roadmap);
        let progress = store.load("r").expect("loads");
        let state = |text: &str| progress.states.get(&address(text)).map(|r| r.state);
        assert_eq!(
            state("web/z"),
            Some(State::Skipped),
            "http/z at 3 beats web/z at 2 and http/x at 1"
        );
        assert_eq!(
            state("docs/y"),
            Some(State::Skipped),
            "old/y at 4 beats docs/y at 3"
        );
        assert_eq!(state("http/x"), None);
        assert_eq!(progress.notes["web"].text, "older\n\nnewer");
        assert_eq!(progress.notes["web"].changed_at, at(6));
        assert!(!progress.notes.contains_key("http"));
    }

    #[test]
    fn a_write_stores_what_was_read_through_the_table_and_leaves_no_old_row() {
        let roadmap = edited();
        let mut store = first_edition_store().following(&roadmap);
        let before = store.load("r").expect("loads");
        assert_eq!(row_count(&store, "http"), 2);
        store
            .set_note("r", "docs", Some("new"), at(9))
            .expect("written");
        let after = store.load("r").expect("loads");
        assert_eq!(after.states, before.states);
        assert_eq!(after.notes["web"], before.notes["web"]);
        assert_eq!(
            (row_count(&store, "http"), row_count(&store, "old")),
            (0, 0)
        );
        let notes: i64 = store
            .connection
            .query_row(
                "SELECT count(*) FROM notes WHERE topic = 'http'",
                [],
                |row| row.get(0),
            )
            .expect("counted");
        assert_eq!(notes, 0);
    }
}
