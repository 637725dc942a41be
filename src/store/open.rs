//! Opening the database without ever harming a file that is not a healthy
//! trek database, and reading it wherever it can be read.
//!
//! Every check that can reject a file runs before the first write to it, so
//! a rejected file stays byte-identical. A new database starts as an empty
//! private file; its schema is created in one `BEGIN IMMEDIATE`
//! transaction, so two first runs at once create it once, and a first run
//! stopped at any point leaves an empty file or an empty SQLite database,
//! both of which the next run takes over.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::Store;
use super::error::StoreError;
use super::file::{self, Found};
use super::schema::{self, APPLICATION_ID, CURRENT_VERSION, OLDEST_READABLE};

/// Writers wait this long for each other instead of failing with "locked".
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How much of the database file reads may map into memory.
const MMAP_SIZE: i64 = 256 << 20;

/// The default database: the platform data directory, `trek/progress.sqlite3`.
/// A relative `HOME` is ignored, as the XDG rules ignore relative
/// `XDG_DATA_HOME` (which `directories` already does).
pub fn default_path() -> Result<PathBuf, StoreError> {
    directories::ProjectDirs::from("", "", "trek")
        .map(|dirs| dirs.data_dir().join("progress.sqlite3"))
        .filter(|path| path.is_absolute())
        .ok_or_else(|| {
            StoreError::unusable(
                Path::new("progress.sqlite3"),
                "no absolute home or data directory to keep progress in (HOME and \
                 XDG_DATA_HOME must be absolute paths); pass --db FILE",
            )
        })
}

impl Store {
    /// Opens the database for writing, creating it (and its directory) if
    /// needed and migrating an older schema.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if file::inspect(path)? == Found::Absent {
            file::create(path)?;
        }
        Store::open_for_writing(path)
    }

    /// Opens the database for writing only if it exists: for commands that
    /// may turn out to change nothing and must then create nothing.
    pub fn open_existing(path: &Path) -> Result<Option<Store>, StoreError> {
        match file::inspect(path)? {
            Found::Absent => Ok(None),
            Found::Empty | Found::Sqlite | Found::Interrupted => {
                Store::open_for_writing(path).map(Some)
            }
        }
    }

    /// Opens the database for reading only: no migration, no creation, no
    /// file left beside it that a later write would trip over. `None` when
    /// there is no database yet, or an empty one (or one whose first write
    /// was interrupted), which means no progress.
    ///
    /// Where SQLite cannot keep its `-shm` file (a read-only file or
    /// directory, a full disk) and no log holds unsaved changes, the file
    /// is read as immutable media instead.
    pub fn open_read_only(path: &Path) -> Result<Option<Store>, StoreError> {
        if file::inspect(path)? != Found::Sqlite {
            return Ok(None);
        }
        let pending = file::wal_has_frames(path);
        let store = if !pending && !file::writable_in_place(path) {
            Store::connect_immutable(path)?
        } else {
            match Store::connect(path, OpenFlags::SQLITE_OPEN_READ_ONLY) {
                Err(error) if error.is_environment() && !pending => Store::connect_immutable(path)?,
                Err(error) if error.is_environment() => {
                    return Err(StoreError::environment(
                        path,
                        format!(
                            "cannot be read here: its {} holds changes that SQLite can only \
                             read where it can also keep {}",
                            file::beside(path, "-wal").display(),
                            file::beside(path, "-shm").display()
                        ),
                    ));
                }
                result => result?,
            }
        };
        Ok((store.version >= OLDEST_READABLE).then_some(store.store))
    }

    /// Opens for writing where that is possible, else read-only, for a view
    /// that can show progress either way; [`Store::is_read_only`] tells
    /// which. With no database and nowhere to create one, the progress
    /// shown is empty.
    pub fn open_or_read_only(path: &Path) -> Result<Store, StoreError> {
        match Store::open(path) {
            Err(error) if error.is_environment() => {
                let mut store = match Store::open_read_only(path)? {
                    Some(store) => store,
                    None => Store::empty(path)?,
                };
                store.read_only = true;
                Ok(store)
            }
            result => result,
        }
    }

    /// True when this store was opened for reading only, so every write
    /// fails and a view should say so.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// A fresh database in memory, for tests.
    #[cfg(test)]
    pub(crate) fn open_in_memory() -> Store {
        let mut store = Store::empty(Path::new(":memory:")).expect("an in-memory database");
        store.read_only = false;
        store
    }

    /// An empty in-memory database with the schema, standing in for one
    /// that does not exist; read-only until the caller says otherwise.
    fn empty(path: &Path) -> Result<Store, StoreError> {
        let fail = |error| StoreError::sqlite(path, error);
        let mut connection = Connection::open_in_memory().map_err(fail)?;
        schema::migrate(&mut connection).map_err(fail)?;
        Ok(Store {
            connection,
            path: path.to_owned(),
            read_only: true,
            edition: None,
            remember: None,
        })
    }

    fn open_for_writing(path: &Path) -> Result<Store, StoreError> {
        // SQLite would silently open a read-only file read-only, and make
        // `-shm` and `-wal` files with its mode that later block writes.
        if !file::writable_in_place(path) {
            return Err(StoreError::environment(path, file::read_only_reason(path)));
        }
        let Opened { mut store, version } =
            Store::connect(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        configure(&store.connection).map_err(|error| store.error(error))?;
        if version < CURRENT_VERSION {
            schema::migrate(&mut store.connection).map_err(|error| store.error(error))?;
            store.settle_device_home()?;
        }
        Ok(store)
    }

    fn connect_immutable(path: &Path) -> Result<Opened, StoreError> {
        let uri = file::immutable_uri(path);
        Store::connect_to(
            path,
            Path::new(&uri),
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
        )
    }

    /// Opens a connection and checks, reading only, that the file is
    /// trek's or empty and not from a newer trek.
    fn connect(path: &Path, mode: OpenFlags) -> Result<Opened, StoreError> {
        Store::connect_to(path, path, mode)
    }

    /// [`Store::connect`] to `location` (the path or a URI for it), naming
    /// `path` in messages.
    fn connect_to(path: &Path, location: &Path, mode: OpenFlags) -> Result<Opened, StoreError> {
        let connection =
            Connection::open_with_flags(location, mode | OpenFlags::SQLITE_OPEN_NO_MUTEX)
                .map_err(|error| StoreError::sqlite(path, error))?;
        let setup = || -> rusqlite::Result<()> {
            connection.busy_timeout(BUSY_TIMEOUT)?;
            // Reading pages through a memory map instead of one read call
            // each; SQLite still writes through its normal path.
            connection.query_row(&format!("PRAGMA mmap_size = {MMAP_SIZE}"), [], |_| Ok(()))
        };
        setup().map_err(|error| StoreError::sqlite(path, error))?;
        let store = Store {
            connection,
            path: path.to_owned(),
            read_only: !mode.contains(OpenFlags::SQLITE_OPEN_READ_WRITE),
            edition: None,
            remember: None,
        };
        let version = store.identify()?;
        Ok(Opened { store, version })
    }

    /// The file's schema version, 0 for an empty database; refuses any
    /// other program's file and a trek file with a version trek never
    /// wrote. Reads only.
    fn identify(&self) -> Result<i64, StoreError> {
        // One statement, so one snapshot: read piecemeal, another process's
        // first migration could commit between the reads, and a file with
        // trek's tables but not yet its id would look like another program's.
        let (application_id, version, objects): (i32, i64, i64) = self
            .connection
            .query_row(
                "SELECT (SELECT application_id FROM pragma_application_id),
                        (SELECT user_version FROM pragma_user_version),
                        (SELECT count(*) FROM sqlite_schema)",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .map_err(|error| self.error(error))?;
        let unusable = |reason: String| Err(StoreError::unusable(&self.path, reason));
        if application_id != APPLICATION_ID {
            if application_id != 0 {
                return unusable(format!(
                    "another program's SQLite database (application id {application_id}), \
                     not trek's; pass another --db"
                ));
            }
            if objects > 0 || version != 0 {
                return unusable(
                    "a SQLite database that is not trek's (it has tables of its own and no \
                     trek application id); pass another --db"
                        .into(),
                );
            }
            return Ok(0);
        }
        if version < OLDEST_READABLE {
            return unusable(format!(
                "the database is damaged: it is marked as trek's but has schema version \
                 {version}, which no trek writes"
            ));
        }
        if version > CURRENT_VERSION {
            return unusable(format!(
                "made by a newer trek: schema {version}, this trek knows {CURRENT_VERSION}; \
                 upgrade trek"
            ));
        }
        Ok(version)
    }
}

/// A connection that passed [`Store::identify`], with the version it found.
struct Opened {
    store: Store,
    version: i64,
}

fn configure(connection: &Connection) -> rusqlite::Result<()> {
    let mode: String = connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    debug_assert_eq!(mode, "wal");
    connection.pragma_update(None, "synchronous", "NORMAL")?;
    connection.pragma_update(None, "foreign_keys", true)
}
