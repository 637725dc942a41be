//! What may be stored: ids and addresses as the roadmap format spells them.
//! Anything else is refused on the way in, and a row that breaks the rules
//! anyway (a damaged or forged file) is skipped and counted on the way out,
//! so one bad row never locks a learner out of their progress.

use std::path::Path;

use super::error::StoreError;
use super::model::Change;
use crate::roadmap::{Address, is_id};
use crate::text::one_line;

/// Whether both parts of the address are well-formed ids.
pub(super) fn is_address(address: &Address) -> bool {
    is_id(&address.topic) && is_id(&address.milestone)
}

/// The address in `text`, if it is a well-formed one.
pub(super) fn parse_address(text: &str) -> Option<Address> {
    Address::parse(text).filter(is_address)
}

/// Refuses a malformed roadmap id.
pub(super) fn roadmap(path: &Path, roadmap: &str) -> Result<(), StoreError> {
    id(path, "roadmap id", roadmap)
}

/// Refuses a malformed topic id.
pub(super) fn topic(path: &Path, topic: &str) -> Result<(), StoreError> {
    id(path, "topic id", topic)
}

/// Refuses a malformed address.
pub(super) fn address(path: &Path, address: &Address) -> Result<(), StoreError> {
    if is_address(address) {
        return Ok(());
    }
    Err(refused(path, "address", &address.to_string()))
}

/// Refuses a change naming a malformed address or topic.
pub(super) fn change(path: &Path, change: &Change) -> Result<(), StoreError> {
    match change {
        Change::State { address: at, .. } => address(path, at),
        Change::Note { topic: id, .. } | Change::Review { topic: id, .. } => topic(path, id),
    }
}

fn id(path: &Path, kind: &str, text: &str) -> Result<(), StoreError> {
    if is_id(text) {
        return Ok(());
    }
    Err(refused(path, kind, text))
}

fn refused(path: &Path, kind: &str, text: &str) -> StoreError {
    StoreError::Refused {
        path: path.to_owned(),
        what: format!("the malformed {kind} `{}`", one_line(text)),
    }
}
