//! Where the learner was: the milestone under the interactive view's cursor
//! when it last closed, one per roadmap, so the next start opens there.
//!
//! A place is no progress: it is no event, undo never sees it, backups do
//! not carry it. It is kept by address, so an edited roadmap either still
//! has it or clearly does not.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError, valid};
use crate::roadmap::Address;

impl Store {
    /// The place saved for `roadmap`, if any. A database from before places
    /// were kept (read as it is, without migrating) has none.
    pub fn place(&self, roadmap: &str) -> Result<Option<Address>, StoreError> {
        let read = || -> rusqlite::Result<Option<Address>> {
            let kept: bool = self.connection.query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'places')",
                [],
                |row| row.get(0),
            )?;
            if !kept {
                return Ok(None);
            }
            let text: Option<String> = self
                .connection
                .query_row(
                    "SELECT address FROM places WHERE roadmap = ?1",
                    params![roadmap],
                    |row| row.get(0),
                )
                .optional()?;
            Ok(text.as_deref().and_then(valid::parse_address))
        };
        read().map_err(|error| self.error(error))
    }

    /// Saves `address` as the place for `roadmap`, in one transaction;
    /// nothing is written when it is already the saved place.
    pub fn set_place(
        &mut self,
        roadmap: &str,
        address: &Address,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        valid::roadmap(&self.path, roadmap)?;
        valid::address(&self.path, address)?;
        if self.place(roadmap)?.as_ref() == Some(address) {
            return Ok(());
        }
        self.write(|transaction| {
            transaction.execute(
                "INSERT INTO places (roadmap, address, at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (roadmap) DO UPDATE SET address = ?2, at = ?3",
                params![roadmap, address.to_string(), now.as_millisecond()],
            )?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_second(1_790_000_000 + seconds).expect("a valid time")
    }

    #[test]
    fn a_place_is_kept_per_roadmap_and_replaced_by_the_next() {
        let mut store = Store::open_in_memory();
        assert_eq!(store.place("backend").expect("reads"), None);
        let caching = Address::new("caching", "ttl");
        store.set_place("backend", &caching, at(1)).expect("saved");
        store
            .set_place("frontend", &Address::new("css", "grid"), at(2))
            .expect("saved");
        assert_eq!(store.place("backend").expect("reads"), Some(caching));
        let sql = Address::new("sql", "joins");
        store.set_place("backend", &sql, at(3)).expect("saved");
        assert_eq!(store.place("backend").expect("reads"), Some(sql));
        assert!(
            store.history("backend", 10).expect("reads").is_empty(),
            "no event"
        );
    }

    #[test]
    fn the_same_place_again_writes_nothing() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("progress.sqlite3");
        let mut store = Store::open(&path).expect("database");
        let place = Address::new("sql", "joins");
        store.set_place("backend", &place, at(1)).expect("saved");
        let watcher = Store::open(&path).expect("second connection");
        let version = watcher.data_version().expect("reads");
        store.set_place("backend", &place, at(2)).expect("saved");
        assert_eq!(watcher.data_version().expect("reads"), version);
    }
}
