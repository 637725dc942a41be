//! Finding, creating and opening the database without ever harming a file
//! that is not a healthy trek database.
//!
//! Every check that can reject a file runs before the first write to it, so a
//! rejected file stays byte-identical. A new database is built under a
//! temporary name and linked into place only when complete, so no process
//! ever sees a half-made one, and two first runs at once create it once.

use std::fs;
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::Store;
use super::error::StoreError;
use super::schema::{self, APPLICATION_ID, CURRENT_VERSION, OLDEST_READABLE};

/// Writers wait this long for each other instead of failing with "locked".
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How much of the database file reads may map into memory.
const MMAP_SIZE: i64 = 256 << 20;

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// The default database: the platform data directory, `trek/progress.sqlite3`.
pub fn default_path() -> Result<PathBuf, StoreError> {
    directories::ProjectDirs::from("", "", "trek")
        .map(|dirs| dirs.data_dir().join("progress.sqlite3"))
        .ok_or_else(|| {
            StoreError::unusable(
                Path::new("progress.sqlite3"),
                "no home directory to keep progress in; pass --db FILE",
            )
        })
}

impl Store {
    /// Opens the database for writing, creating it (and its directory) if
    /// needed and migrating an older schema.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            create(path)?;
        }
        inspect_file(path)?;
        let connection = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|error| StoreError::sqlite(path, error))?;
        let mut store = Store::wrap(path, connection)?;
        let version = store.identify()?;
        store.configure().map_err(|error| store.error(error))?;
        if version < CURRENT_VERSION {
            schema::migrate(&mut store.connection).map_err(|error| store.error(error))?;
        }
        Ok(store)
    }

    /// Opens the database for reading only: no migration, no creation.
    /// `None` when there is no database yet, or one without trek's tables,
    /// which means no progress.
    pub fn open_read_only(path: &Path) -> Result<Option<Store>, StoreError> {
        if !path.exists() {
            return Ok(None);
        }
        inspect_file(path)?;
        let connection = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|error| StoreError::sqlite(path, error))?;
        let store = Store::wrap(path, connection)?;
        let version = store.identify()?;
        Ok((version >= OLDEST_READABLE).then_some(store))
    }

    /// A fresh database in memory, for tests.
    #[cfg(test)]
    pub(crate) fn open_in_memory() -> Store {
        let mut connection = Connection::open_in_memory().expect("in-memory database");
        schema::migrate(&mut connection).expect("schema");
        Store {
            connection,
            path: PathBuf::from(":memory:"),
        }
    }

    fn wrap(path: &Path, connection: Connection) -> Result<Store, StoreError> {
        let setup = || -> rusqlite::Result<()> {
            connection.busy_timeout(BUSY_TIMEOUT)?;
            // Reading pages through a memory map instead of one read call
            // each; SQLite still writes through its normal path.
            connection.query_row(&format!("PRAGMA mmap_size = {MMAP_SIZE}"), [], |_| Ok(()))
        };
        setup().map_err(|error| StoreError::sqlite(path, error))?;
        Ok(Store {
            connection,
            path: path.to_owned(),
        })
    }

    /// Checks the file is trek's and not from a newer trek; returns its
    /// schema version. Reads only.
    fn identify(&self) -> Result<i64, StoreError> {
        let read = || -> rusqlite::Result<(i32, i64, i64)> {
            let application_id = self
                .connection
                .query_row("PRAGMA application_id", [], |row| row.get(0))?;
            let version = self
                .connection
                .query_row("PRAGMA user_version", [], |row| row.get(0))?;
            let objects =
                self.connection
                    .query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))?;
            Ok((application_id, version, objects))
        };
        let (application_id, version, objects) = read().map_err(|error| self.error(error))?;
        if application_id != APPLICATION_ID && (objects > 0 || version != 0) {
            return Err(StoreError::unusable(
                &self.path,
                "a SQLite database that is not trek's (it has other tables and no trek \
                 application id); pass another --db",
            ));
        }
        if version > CURRENT_VERSION {
            return Err(StoreError::unusable(
                &self.path,
                format!(
                    "made by a newer trek: schema {version}, this trek knows {CURRENT_VERSION}; \
                     upgrade trek"
                ),
            ));
        }
        Ok(version)
    }

    fn configure(&self) -> rusqlite::Result<()> {
        configure(&self.connection)
    }
}

fn configure(connection: &Connection) -> rusqlite::Result<()> {
    let mode: String = connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    debug_assert_eq!(mode, "wal");
    connection.pragma_update(None, "synchronous", "NORMAL")?;
    connection.pragma_update(None, "foreign_keys", true)
}

/// Rejects anything that is not a SQLite file at all, reading only its
/// header; damage inside one is left to SQLite, which reads it under locks.
fn inspect_file(path: &Path) -> Result<(), StoreError> {
    let unusable = |reason: String| StoreError::unusable(path, reason);
    let metadata = fs::metadata(path).map_err(|error| unusable(format!("cannot read: {error}")))?;
    if metadata.is_dir() {
        return Err(unusable("is a directory, not a database file".into()));
    }
    if metadata.len() == 0 {
        return Err(unusable(
            "an empty file, not a trek database; move it away or pass another --db".into(),
        ));
    }
    let mut header = [0u8; 100];
    let mut file =
        fs::File::open(path).map_err(|error| unusable(format!("cannot read: {error}")))?;
    let complete = file.read_exact(&mut header).is_ok();
    if !complete || &header[..16] != SQLITE_HEADER {
        return Err(unusable("not a SQLite database".into()));
    }
    Ok(())
}

/// Why SQLite found the file damaged, in the user's terms: cut short, when
/// the file is smaller than its header says, or corrupt otherwise.
///
/// Asked only after SQLite itself reported damage under its own locks; the
/// header alone can disagree with the length for a moment while another
/// trek is checkpointing, so it is never grounds for rejecting a file.
pub(super) fn describe_damage(path: &Path) -> String {
    let mut header = [0u8; 100];
    let length = fs::File::open(path).and_then(|mut file| {
        file.read_exact(&mut header)?;
        Ok(file.metadata()?.len())
    });
    match (length, expected_size(&header)) {
        (Ok(length), Some(expected)) if length < expected => {
            format!(
                "the database is truncated: {length} bytes where its header promises {expected}"
            )
        }
        _ => "the database is damaged (corrupt)".into(),
    }
}

/// The file size a SQLite header promises, when the header's page count is
/// known to be current.
fn expected_size(header: &[u8; 100]) -> Option<u64> {
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        size => u64::from(size),
    };
    let page_count = u64::from(u32::from_be_bytes([
        header[28], header[29], header[30], header[31],
    ]));
    let change_counter = &header[24..28];
    let valid_for = &header[92..96];
    (change_counter == valid_for && page_count > 0).then_some(page_size * page_count)
}

/// Builds a complete database under a temporary name, then links it into
/// place unless another process got there first.
fn create(path: &Path) -> Result<(), StoreError> {
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    create_private_dir(&directory).map_err(|error| {
        StoreError::unusable(
            path,
            format!(
                "cannot create the directory {}: {error}",
                directory.display()
            ),
        )
    })?;
    let name = path
        .file_name()
        .map_or("progress".into(), |name| name.to_string_lossy());
    remove_abandoned_builds(&directory, &name);
    let nonce = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.subsec_nanos());
    let temporary = directory.join(format!(".{name}.{}-{nonce}.new", std::process::id()));
    let cannot_write = |error: &dyn std::fmt::Display| {
        StoreError::unusable(path, format!("cannot write here: {error}"))
    };
    create_private_file(&temporary).map_err(|error| cannot_write(&error))?;
    let built = build(&temporary).map_err(|error| cannot_write(&error));
    let linked = built.and_then(|()| match fs::hard_link(&temporary, path) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == ErrorKind::AlreadyExists => Ok(()),
        Err(error) => Err(cannot_write(&error)),
    });
    let _ = fs::remove_file(&temporary);
    linked
}

/// Removes half-built databases left by processes killed while creating
/// one (`.NAME.PID-NONCE.new` and its journal files), whose PID is gone.
fn remove_abandoned_builds(directory: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(directory) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name
            .to_str()
            .and_then(|text| text.strip_prefix(&prefix))
        else {
            continue;
        };
        let Some((pid, _)) = rest.split_once('-') else {
            continue;
        };
        let is_build = [".new", ".new-journal", ".new-wal", ".new-shm"]
            .iter()
            .any(|suffix| rest.ends_with(suffix));
        if is_build && pid.parse::<u32>().is_ok_and(|pid| !process_alive(pid)) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(target_os = "linux")]
fn process_alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

/// Without a cheap liveness check, assume alive: leaving a stray file is
/// better than removing another process's work.
#[cfg(not(target_os = "linux"))]
fn process_alive(_pid: u32) -> bool {
    true
}

fn build(path: &Path) -> rusqlite::Result<()> {
    let mut connection = Connection::open(path)?;
    configure(&connection)?;
    schema::migrate(&mut connection)?;
    connection.close().map_err(|(_, error)| error)
}

#[cfg(unix)]
fn create_private_dir(directory: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(directory)
}

#[cfg(not(unix))]
fn create_private_dir(directory: &Path) -> std::io::Result<()> {
    fs::create_dir_all(directory)
}

#[cfg(unix)]
fn create_private_file(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map(drop)
}

#[cfg(not(unix))]
fn create_private_file(path: &Path) -> std::io::Result<()> {
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map(drop)
}
