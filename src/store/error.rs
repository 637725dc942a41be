//! What can go wrong with the progress database.

use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

/// A store failure, always naming the database file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file is not a database trek can use (a directory, not SQLite,
    /// damaged, another program's, from a newer trek) or its location cannot
    /// be written. The file was left as it was.
    #[error("{}: {reason}", path.display())]
    Unusable { path: PathBuf, reason: String },
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

    /// Classifies a SQLite error: damage and unreadable files are the user's
    /// file being unusable, anything else is a runtime failure.
    pub(super) fn sqlite(path: &Path, source: rusqlite::Error) -> Self {
        match source.sqlite_error_code() {
            Some(ErrorCode::DatabaseCorrupt) => {
                Self::unusable(path, super::open::describe_damage(path))
            }
            Some(ErrorCode::NotADatabase) => Self::unusable(path, "not a SQLite database"),
            Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
                Self::unusable(path, format!("cannot write here: {source}"))
            }
            _ => StoreError::Sqlite {
                path: path.to_owned(),
                source,
            },
        }
    }

    /// True when the user must fix the file or its location (exit code 2).
    pub fn is_bad_input(&self) -> bool {
        matches!(self, StoreError::Unusable { .. })
    }
}
