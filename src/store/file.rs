//! The database as a file: what is at its path, making it and its
//! directories privately, and saying in the learner's terms why the place it
//! lives in refuses work (read-only, full, a dangling link).
//!
//! Nothing here ever writes to a file that exists: a path is created only
//! when absent (`O_EXCL`), and everything else is looked at, never opened
//! for writing.

use std::ffi::OsString;
use std::fs;
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};

use super::error::StoreError;

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// The first bytes of a SQLite rollback journal that must be played back.
const JOURNAL_MAGIC: &[u8; 8] = b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7";

/// What is at the database path, as far as can be told without SQLite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Found {
    Absent,
    /// A zero-length regular file: what a first run leaves if it is
    /// stopped before SQLite wrote a byte, so it becomes trek's like an
    /// absent one.
    Empty,
    /// A regular file with a SQLite header; SQLite decides the rest.
    Sqlite,
    /// A first write stopped halfway: no SQLite header yet, and beside the
    /// file the rollback journal SQLite wrote before touching it, from
    /// which SQLite restores the file as it was (empty) on the next write.
    Interrupted,
}

/// Looks at the path without opening anything but a regular file: a
/// device or FIFO is refused before a read could block or consume it.
pub(super) fn inspect(path: &Path) -> Result<Found, StoreError> {
    let unusable = |reason: String| StoreError::unusable(path, reason);
    let metadata = match fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if matches!(error.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
            // A missing or wrong-typed directory on the way is for
            // `create` to name.
            return match fs::read_link(path) {
                Ok(target) => Err(unusable(dangling(&target))),
                Err(_) => Ok(Found::Absent),
            };
        }
        Err(error) => return Err(unusable(format!("cannot read: {error}"))),
    };
    if metadata.is_dir() {
        return Err(unusable("is a directory, not a database file".into()));
    }
    if !metadata.is_file() {
        return Err(unusable(
            "not a regular file (a device, FIFO or socket); pass a database file".into(),
        ));
    }
    if metadata.len() == 0 {
        return Ok(Found::Empty);
    }
    let mut header = [0u8; 100];
    let mut file =
        fs::File::open(path).map_err(|error| unusable(format!("cannot read: {error}")))?;
    let complete = file.read_exact(&mut header).is_ok();
    if complete && &header[..16] == SQLITE_HEADER {
        return Ok(Found::Sqlite);
    }
    if has_hot_journal(path) {
        return Ok(Found::Interrupted);
    }
    Err(unusable("not a SQLite database".into()))
}

fn has_hot_journal(path: &Path) -> bool {
    let mut magic = [0u8; 8];
    fs::File::open(beside(path, "-journal"))
        .and_then(|mut journal| journal.read_exact(&mut magic))
        .is_ok_and(|()| &magic == JOURNAL_MAGIC)
}

/// Makes the database file, empty and private (0600), and any missing
/// directories above it (0700). A file that appeared meanwhile is left to
/// [`inspect`]: another first run made it, or something trek must refuse.
pub(super) fn create(path: &Path) -> Result<(), StoreError> {
    let directory = directory_of(path);
    create_private_dirs(&directory).map_err(|reason| {
        let message = format!(
            "cannot create the directory {}: {reason}",
            directory.display()
        );
        match reason {
            DirProblem::Path(_) => StoreError::unusable(path, message),
            DirProblem::Environment(_) => StoreError::environment(path, message),
        }
    })?;
    match create_private_file(path) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == ErrorKind::AlreadyExists => Ok(()),
        Err(error) => Err(environment_error(path, &error)),
    }
}

/// The directory that holds the database, `.` for a bare file name.
pub(super) fn directory_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// `path` with SQLite's suffix for a file beside it (`-wal`, `-shm`).
pub(super) fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether the write-ahead log beside the database holds changes not yet
/// copied into it, which a reader must see.
pub(super) fn wal_has_frames(path: &Path) -> bool {
    fs::metadata(beside(path, "-wal")).is_ok_and(|metadata| metadata.len() > 0)
}

/// Whether SQLite could write the database and create its `-wal` and
/// `-shm` files beside it.
pub(super) fn writable_in_place(path: &Path) -> bool {
    let directory_ok = writable(&directory_of(path))
        || (beside(path, "-wal").exists() && beside(path, "-shm").exists());
    writable(path) && directory_ok
}

/// Why the database cannot be written, naming the read-only part.
pub(super) fn read_only_reason(path: &Path) -> String {
    let directory = directory_of(path);
    if path.exists() && !writable(path) {
        "the database file is read-only; trek can show progress but not save changes".into()
    } else if !writable(&directory) {
        format!(
            "its directory {} is read-only; trek can show progress but not save changes",
            directory.display()
        )
    } else {
        "cannot write here (permission denied)".into()
    }
}

/// The one-line reason for a full disk.
pub(super) fn no_space(path: &Path) -> String {
    let directory = directory_of(path);
    let directory = fs::canonicalize(&directory).unwrap_or(directory);
    format!(
        "no space left on the device holding {}",
        directory.display()
    )
}

/// Whether the device holding the database has no free blocks or inodes
/// left, so that SQLite's generic "disk I/O error" can be named for what
/// it is.
#[cfg(unix)]
pub(super) fn device_full(path: &Path) -> bool {
    rustix::fs::statvfs(directory_of(path))
        .is_ok_and(|stats| stats.f_bavail == 0 || stats.f_favail == 0)
}

#[cfg(not(unix))]
pub(super) fn device_full(_path: &Path) -> bool {
    false
}

/// A SQLite URI that opens the file as read-only media: no locks, no
/// `-shm` or `-wal` created. Only sound when no writer can be active,
/// which a file nobody here can write, with no log beside it, guarantees.
pub(super) fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for &byte in path.as_os_str().as_encoded_bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    uri
}

fn environment_error(path: &Path, error: &std::io::Error) -> StoreError {
    match error.kind() {
        ErrorKind::StorageFull => StoreError::environment(path, no_space(path)),
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
            StoreError::environment(path, read_only_reason(path))
        }
        _ => StoreError::environment(path, format!("cannot create the database: {error}")),
    }
}

#[cfg(unix)]
fn writable(path: &Path) -> bool {
    rustix::fs::access(path, rustix::fs::Access::WRITE_OK).is_ok()
}

#[cfg(not(unix))]
fn writable(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|metadata| !metadata.permissions().readonly())
}

fn dangling(target: &Path) -> String {
    format!(
        "is a symbolic link to {}, which does not exist",
        target.display()
    )
}

/// Why a directory on the way to the database could not be made.
enum DirProblem {
    /// Something in the path is in the way: the learner must change it.
    Path(String),
    /// The place refuses: read-only, full.
    Environment(String),
}

impl std::fmt::Display for DirProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DirProblem::Path(reason) | DirProblem::Environment(reason) => f.write_str(reason),
        }
    }
}

/// Creates each missing directory from the top down, each 0700 whatever
/// the umask; existing ones are left as they are.
fn create_private_dirs(directory: &Path) -> Result<(), DirProblem> {
    let mut missing = Vec::new();
    let mut current = directory;
    loop {
        match fs::metadata(current) {
            Ok(metadata) if metadata.is_dir() => break,
            Ok(_) => {
                return Err(DirProblem::Path(format!(
                    "{} is a file, not a directory",
                    current.display()
                )));
            }
            Err(error) if error.kind() == ErrorKind::NotFound => {
                if let Ok(target) = fs::read_link(current) {
                    return Err(DirProblem::Path(format!(
                        "{} {}",
                        current.display(),
                        dangling(&target)
                    )));
                }
                missing.push(current);
                match current.parent() {
                    Some(parent) if !parent.as_os_str().is_empty() => current = parent,
                    _ => break,
                }
            }
            Err(error) => return Err(DirProblem::Environment(error.to_string())),
        }
    }
    for directory in missing.into_iter().rev() {
        match create_private_dir(directory) {
            Ok(()) => {}
            Err(error) if error.kind() == ErrorKind::AlreadyExists && directory.is_dir() => {}
            Err(error) => {
                return Err(match error.kind() {
                    ErrorKind::StorageFull => DirProblem::Environment(format!(
                        "no space left on the device holding {}",
                        directory.display()
                    )),
                    ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
                        DirProblem::Environment(error.to_string())
                    }
                    _ => DirProblem::Path(error.to_string()),
                });
            }
        }
    }
    Ok(())
}

#[cfg(unix)]
fn create_private_dir(directory: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    fs::DirBuilder::new().mode(0o700).create(directory)?;
    // The umask may have taken bits away; set exactly 0700.
    fs::set_permissions(directory, fs::Permissions::from_mode(0o700))
}

#[cfg(not(unix))]
fn create_private_dir(directory: &Path) -> std::io::Result<()> {
    fs::create_dir(directory)
}

#[cfg(unix)]
fn create_private_file(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.set_permissions(fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
fn create_private_file(path: &Path) -> std::io::Result<()> {
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map(drop)
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
