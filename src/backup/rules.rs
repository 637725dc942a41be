//! What a backup must hold beyond its shape: each address and note once, a
//! history of the shape trek records, and no time in the future.

use std::collections::{HashMap, HashSet};
use std::fmt::Display;
use std::hash::Hash;

use jiff::Timestamp;

use super::{BACKUP_FORMAT, Backup, ChangeEntry, GroupKey};
use crate::input::NOTE_LIMIT;
use crate::store::is_uid;
use crate::text::one_line;

/// Every rule, the first broken one as a message naming the entry.
pub(super) fn check(backup: &Backup, latest: Timestamp) -> Result<(), String> {
    unique(backup.states.iter().map(|entry| &entry.address), "address")?;
    unique(backup.notes.iter().map(|entry| &entry.topic), "note on")?;
    identities(backup)?;
    history(backup)?;
    reviews_in_their_format(backup)?;
    within_limit(backup)?;
    not_after(backup, latest)
}

/// A note no larger than trek keeps from any other source.
fn within_limit(backup: &Backup) -> Result<(), String> {
    match backup
        .notes
        .iter()
        .position(|entry| entry.text.len() as u64 > NOTE_LIMIT.bytes)
    {
        Some(index) => Err(format!(
            "note #{} (on `{}`) is larger than {}, the most trek keeps",
            index + 1,
            backup.notes[index].topic,
            NOTE_LIMIT.shown
        )),
        None => Ok(()),
    }
}

/// Each key at most once: a backup lists every address and topic once.
fn unique<'k, K>(keys: impl IntoIterator<Item = &'k K>, what: &str) -> Result<(), String>
where
    K: Hash + Eq + Display + 'k,
{
    let mut seen = HashSet::new();
    for key in keys {
        if !seen.insert(key) {
            return Err(format!(
                "{what} `{}` appears twice",
                one_line(&key.to_string())
            ));
        }
    }
    Ok(())
}

/// Group ids are unique, and an undo reverts an earlier group that is no
/// undo itself and that no other undo reverts: the shape trek records.
fn history(backup: &Backup) -> Result<(), String> {
    let mut earlier: HashMap<&GroupKey, bool> = HashMap::new();
    let mut reverted = HashSet::new();
    for group in &backup.groups {
        if let Some(target) = &group.reverts {
            let fail = |why: &str| Err(format!("group {}: {why} (group {target})", group.id));
            match earlier.get(target) {
                None => return fail("reverts a group that is not before it"),
                Some(true) => return fail("reverts an undo"),
                Some(false) if !reverted.insert(target) => {
                    return fail("reverts a group another undo reverts");
                }
                Some(false) => {}
            }
        }
        if earlier.insert(&group.id, group.reverts.is_some()).is_some() {
            return Err(format!("group {} appears twice", group.id));
        }
    }
    Ok(())
}

/// Review changes came with format 2; a format 1 file holding one was
/// not written by trek.
fn reviews_in_their_format(backup: &Backup) -> Result<(), String> {
    if backup.format >= 2 {
        return Ok(());
    }
    let with_review = backup.groups.iter().find(|group| {
        group
            .changes
            .iter()
            .any(|change| matches!(change, ChangeEntry::Review { .. }))
    });
    match with_review {
        Some(group) => Err(format!(
            "group {} holds a review, which backup format {} cannot hold",
            group.id, backup.format
        )),
        None => Ok(()),
    }
}

/// Format 1 numbers its groups and knows no devices; format 2 names the
/// exporting device, and each group by its UUID and the device that made it.
fn identities(backup: &Backup) -> Result<(), String> {
    let identified = backup.format == BACKUP_FORMAT;
    if !identified {
        if backup.device.is_some() {
            return Err("a format 1 backup names no device".into());
        }
        return match backup.groups.iter().find(|group| {
            !matches!(group.id, GroupKey::Number(_))
                || !matches!(group.reverts, None | Some(GroupKey::Number(_)))
                || group.device.is_some()
        }) {
            Some(group) => Err(format!(
                "group {}: a format 1 backup numbers its groups and names no device",
                group.id
            )),
            None => Ok(()),
        };
    }
    if !backup.device.as_deref().is_some_and(is_uid) {
        return Err("a format 2 backup names its device by a UUID in \"device\"".into());
    }
    let uid = |key: &GroupKey| matches!(key, GroupKey::Uid(uid) if is_uid(uid));
    match backup.groups.iter().find(|group| {
        !uid(&group.id)
            || !group.reverts.as_ref().is_none_or(uid)
            || !group.device.as_deref().is_some_and(is_uid)
    }) {
        Some(group) => Err(format!(
            "group {}: a format 2 backup names each group, the group it reverts \
             and its device by UUID",
            group.id
        )),
        None => Ok(()),
    }
}

/// A time later than `latest` would win every later merge and read as
/// "just now" for ever, so the first such entry is named and nothing read.
fn not_after(backup: &Backup, latest: Timestamp) -> Result<(), String> {
    let late = |what: String, at: Timestamp| {
        Err(format!(
            "{what} is dated {at}, later than this machine's clock; \
             fix the clock or the backup, nothing was imported"
        ))
    };
    if backup.exported_at > latest {
        return late("the export time".into(), backup.exported_at);
    }
    for (index, entry) in backup.states.iter().enumerate() {
        if entry.changed_at > latest {
            let what = format!("state #{} (`{}`)", index + 1, entry.address);
            return late(what, entry.changed_at);
        }
    }
    for (index, entry) in backup.notes.iter().enumerate() {
        if entry.changed_at > latest {
            let what = format!("note #{} (on `{}`)", index + 1, entry.topic);
            return late(what, entry.changed_at);
        }
    }
    match backup.groups.iter().find(|group| group.at > latest) {
        Some(group) => late(format!("group {}", group.id), group.at),
        None => Ok(()),
    }
}
