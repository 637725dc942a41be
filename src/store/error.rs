//! What can go wrong with the progress database.

use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

/// A store failure, always naming the database file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file or its path is not something trek can use (a directory, a
    /// device, not SQLite, damaged, another program's, from a newer trek).
    /// The file was left as it was.
    #[error("{}: {reason}", path.display())]
    Unusable { path: PathBuf, reason: String },
    /// Something that is not a well-formed roadmap address or id was about
    /// to be stored; nothing was written.
    #[error("{}: refusing to store {what}", path.display())]
    Refused { path: PathBuf, what: String },
    /// Valid work could not be done where the database lives: a read-only
    /// file or directory, a full disk.
    #[error("{}: {reason}", path.display())]
    Environment { path: PathBuf, reason: String },
    /// A database operation failed while doing valid work.
    #[error("{}: {source}", path.display())]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
}

impl StoreError {
    pub(super) fn unusable(path: &Path, reason: impl Into<String>) -> Self {
        StoreError::Unusable {
            path: path.to_owned(),
            reason: reason.into(),
        }
    }

    pub(super) fn environment(path: &Path, reason: impl Into<String>) -> Self {
        StoreError::Environment {
            path: path.to_owned(),
            reason: reason.into(),
        }
    }

    /// Classifies a SQLite error: damage is the user's file being unusable;
    /// a read-only place or a full disk is the environment; anything else
    /// is a runtime failure.
    pub(super) fn sqlite(path: &Path, source: rusqlite::Error) -> Self {
        match source.sqlite_error_code() {
            Some(ErrorCode::DatabaseCorrupt) => {
                Self::unusable(path, super::file::describe_damage(path))
            }
            Some(ErrorCode::NotADatabase) => Self::unusable(path, "not a SQLite database"),
            Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
                Self::environment(path, super::file::read_only_reason(path))
            }
            Some(ErrorCode::DiskFull) => Self::environment(path, super::file::no_space(path)),
            Some(ErrorCode::SystemIoFailure) if super::file::device_full(path) => {
                Self::environment(path, super::file::no_space(path))
            }
            _ => StoreError::Sqlite {
                path: path.to_owned(),
                source,
            },
        }
    }

    /// True when the user must fix the file, its path or what was given to
    /// store (exit code 2); false for failures while doing valid work.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            StoreError::Unusable { .. } | StoreError::Refused { .. }
        )
    }

    /// True when the failure comes from where the database lives (read-only,
    /// full), so a reader may still succeed where a writer cannot.
    pub(super) fn is_environment(&self) -> bool {
        matches!(self, StoreError::Environment { .. })
    }
}
