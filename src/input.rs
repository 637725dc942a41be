//! Reading files a learner hands trek, within a bound.
//!
//! A roadmap, a backup or a note edited in `$EDITOR` is read whole into
//! memory, so each is read only when it is a regular file no larger than
//! its documented limit. The type and size are checked on the opened file,
//! before reading, and the read itself stops one byte past the limit, so a
//! device such as `/dev/zero`, a FIFO that never ends or a file that grows
//! meanwhile can never exhaust memory.

use std::fmt;
use std::fs::File;
use std::io::{self, ErrorKind, Read};
use std::path::Path;

/// A size limit with the name it is documented under, such as "8 MiB".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub bytes: u64,
    pub shown: &'static str,
}

/// The largest roadmap file trek reads: far beyond any hand-written
/// roadmap (the bundled one is under 150 KiB), small enough to parse in
/// well under a second.
pub const ROADMAP_LIMIT: Limit = Limit {
    bytes: 8 << 20,
    shown: "8 MiB",
};

/// The largest note trek keeps: a long essay is a few hundred KiB, and a
/// note is drawn whole in the detail pane.
pub const NOTE_LIMIT: Limit = Limit {
    bytes: 1 << 20,
    shown: "1 MiB",
};

/// Why a file was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    Missing,
    Denied,
    /// A directory, a FIFO, a device, a socket: anything but a regular file.
    NotRegular(&'static str),
    TooLarge(Limit),
    Other(String),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Missing => f.write_str("no such file"),
            InputError::Denied => f.write_str("permission denied"),
            InputError::NotRegular(kind) => write!(f, "is {kind}, not a regular file"),
            InputError::TooLarge(limit) => {
                write!(f, "is larger than {}, the most trek reads", limit.shown)
            }
            InputError::Other(reason) => f.write_str(reason),
        }
    }
}

impl From<io::Error> for InputError {
    fn from(error: io::Error) -> Self {
        match error.kind() {
            ErrorKind::NotFound => InputError::Missing,
            ErrorKind::PermissionDenied => InputError::Denied,
            ErrorKind::IsADirectory => InputError::NotRegular("a directory"),
            _ => InputError::Other(crate::text::one_line(&error.to_string()).into_owned()),
        }
    }
}

/// The whole of a regular file no larger than `limit`.
pub fn read_file(path: &Path, limit: Limit) -> Result<Vec<u8>, InputError> {
    let file = open_regular(path)?;
    let length = file.metadata()?.len();
    if length > limit.bytes {
        return Err(InputError::TooLarge(limit));
    }
    read_at_most(file, limit, length)
}

/// What a regular file no larger than `limit` holds past its first
/// `offset` bytes, for files that only ever grow (a sync folder's device
/// files); `None` when the file is shorter than `offset`, so it was
/// replaced rather than grown.
pub fn read_file_from(
    path: &Path,
    offset: u64,
    limit: Limit,
) -> Result<Option<Vec<u8>>, InputError> {
    use std::io::{Seek, SeekFrom};
    let mut file = open_regular(path)?;
    let length = file.metadata()?.len();
    if length > limit.bytes {
        return Err(InputError::TooLarge(limit));
    }
    if length < offset {
        return Ok(None);
    }
    file.seek(SeekFrom::Start(offset))?;
    read_at_most(file, limit, length - offset).map(Some)
}

/// Opens `path` for reading only if it is a regular file. The file is
/// opened without blocking, so a FIFO with no writer is refused at once
/// instead of waiting for one.
fn open_regular(path: &Path) -> Result<File, InputError> {
    let kind = std::fs::metadata(path)?.file_type();
    if let Some(other) = not_regular(&kind) {
        return Err(other);
    }
    let file = open_nonblocking(path)?;
    // The path may have been swapped for something else since it was looked at.
    match not_regular(&file.metadata()?.file_type()) {
        Some(other) => Err(other),
        None => Ok(file),
    }
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

fn not_regular(kind: &std::fs::FileType) -> Option<InputError> {
    if kind.is_file() {
        return None;
    }
    Some(InputError::NotRegular(kind_name(kind)))
}

#[cfg(unix)]
fn kind_name(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_dir() {
        "a directory"
    } else if kind.is_fifo() {
        "a FIFO or pipe"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn kind_name(kind: &std::fs::FileType) -> &'static str {
    if kind.is_dir() {
        "a directory"
    } else {
        "a special file"
    }
}

/// Reads until the end or one byte past `limit`, whichever comes first.
fn read_at_most(reader: impl Read, limit: Limit, expected: u64) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
    reader.take(limit.bytes + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit.bytes {
        return Err(InputError::TooLarge(limit));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: Limit = Limit {
        bytes: 4,
        shown: "4 bytes",
    };

    #[test]
    fn a_file_within_the_limit_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"four").unwrap();
        assert_eq!(read_file(&path, TINY), Ok(b"four".to_vec()));
    }

    #[test]
    fn a_file_past_the_limit_is_refused_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"five!").unwrap();
        let error = read_file(&path, TINY).unwrap_err();
        assert_eq!(error, InputError::TooLarge(TINY));
        assert_eq!(
            error.to_string(),
            "is larger than 4 bytes, the most trek reads"
        );
    }

    #[test]
    fn a_reader_is_stopped_one_byte_past_the_limit() {
        let endless = io::repeat(b'x');
        assert_eq!(
            read_at_most(endless, TINY, 0),
            Err(InputError::TooLarge(TINY))
        );
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_directories_are_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            read_file(dir.path(), TINY),
            Err(InputError::NotRegular("a directory"))
        );
        assert_eq!(
            read_file(Path::new("/dev/zero"), TINY),
            Err(InputError::NotRegular("a character device"))
        );
        assert_eq!(
            read_file(&dir.path().join("absent"), TINY),
            Err(InputError::Missing)
        );
    }
}
