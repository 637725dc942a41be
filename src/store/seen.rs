//! Which milestones a learner has seen: the roadmap's addresses as they
//! stood at the learner's last change, so milestones the roadmap gained
//! since (an upgrade of the bundled trek, an edited file) show as new.
//!
//! "Seen" means the learner changed something on the roadmap: a tick, a
//! skip, a note, an undo, an import, from the command line or the view.
//! That write records the addresses in its own transaction. Reading never
//! writes, so `trek status` lists the new milestones on every run until
//! that next change, and a view keeps its markers until it next loads.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use rustc_hash::FxHashSet;

use super::edition::Edition;
use super::model::Progress;
use super::valid;
use crate::roadmap::Address;

/// The bundled roadmap's id.
const BUNDLED: &str = "backend";

/// The bundled roadmap's addresses before trek recorded what a learner
/// has seen: a database from then, with progress on the bundled trek, has
/// seen exactly these.
const FIRST_EDITION: &str = include_str!("first_edition.txt");

/// The edition's milestones the learner has not seen; none for a learner
/// with no progress on the roadmap, or none recorded.
pub(super) fn new_milestones(
    connection: &Connection,
    edition: &Edition,
    progress: &Progress,
) -> rusqlite::Result<FxHashSet<Address>> {
    let has_progress = progress.activity.first.is_some()
        || !progress.states.is_empty()
        || !progress.notes.is_empty();
    if !has_progress {
        return Ok(FxHashSet::default());
    }
    let Some(known) = known(connection, &edition.roadmap)? else {
        return Ok(FxHashSet::default());
    };
    if unchanged(&known, &edition.addresses) {
        return Ok(FxHashSet::default());
    }
    let mut seen: FxHashSet<Address> = known.lines().filter_map(valid::parse_address).collect();
    let moved: Vec<Address> = seen
        .iter()
        .filter_map(|address| edition.moved.address(address))
        .collect();
    seen.extend(moved);
    Ok(edition
        .addresses
        .iter()
        .filter(|address| !seen.contains(*address))
        .cloned()
        .collect())
}

/// Whether the record lists exactly these addresses in this order, as it
/// does until the roadmap changes: checked without building a set, since
/// every read of progress asks.
fn unchanged(known: &str, addresses: &[Address]) -> bool {
    let mut lines = known.lines();
    addresses.iter().all(|address| {
        lines.next().is_some_and(|line| {
            line.split_once('/').is_some_and(|(topic, milestone)| {
                topic == address.topic && milestone == address.milestone
            })
        })
    }) && lines.next().is_none()
}

/// The addresses recorded as seen for `roadmap`, one a line. A database
/// read as it is may predate the table; it then holds what the first
/// edition of the bundled trek had.
fn known(connection: &Connection, roadmap: &str) -> rusqlite::Result<Option<String>> {
    let has_table: bool = connection.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'seen')",
        [],
        |row| row.get(0),
    )?;
    let recorded = if has_table {
        connection
            .prepare_cached("SELECT addresses FROM seen WHERE roadmap = ?1")?
            .query_row(params![roadmap], |row| row.get::<_, String>(0))
            .optional()?
    } else {
        None
    };
    Ok(recorded.or_else(|| (roadmap == BUNDLED).then(|| FIRST_EDITION.to_owned())))
}

/// Records the edition's addresses as seen, when they differ from the record.
pub(super) fn record(transaction: &Transaction, edition: &Edition) -> rusqlite::Result<()> {
    let addresses = edition
        .addresses
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    transaction
        .prepare_cached(
            "INSERT INTO seen (roadmap, addresses) VALUES (?1, ?2)
             ON CONFLICT (roadmap) DO UPDATE SET addresses = ?2 WHERE addresses != ?2",
        )?
        .execute(params![edition.roadmap, addresses])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_is_unchanged_only_for_the_same_addresses_in_the_same_order() {
        let addresses = [Address::new("a", "x"), Address::new("b", "y")];
        assert!(unchanged("a/x\nb/y", &addresses));
        assert!(!unchanged("b/y\na/x", &addresses));
        assert!(!unchanged("a/x", &addresses));
        assert!(!unchanged("a/x\nb/y\nc/z", &addresses));
        assert!(!unchanged("a/x\nb/z", &addresses));
    }

    #[test]
    fn the_first_edition_list_is_every_address_of_the_first_edition() {
        let text = include_str!("../../tests/fixtures/first-edition.toml");
        let roadmap = crate::roadmap::parse("first-edition.toml", text.as_bytes())
            .unwrap_or_else(|error| panic!("{error}"));
        let listed: Vec<&str> = FIRST_EDITION.lines().collect();
        let addresses: Vec<String> = roadmap.addresses().map(|a| a.to_string()).collect();
        assert_eq!(listed, addresses);
    }
}
