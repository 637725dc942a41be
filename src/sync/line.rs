//! One line of a device file: one group, as JSON on a single line.
//!
//! `{"id": UUID, "device": UUID, "roadmap": ID, "at": RFC 3339,
//!   "reverts": UUID | null, "changes": [CHANGE, ...]}`, each change spelled
//! as in the JSON backup. docs/sync-format.md describes it in full. A line
//! is checked as strictly as a backup: well-formed ids and addresses, notes
//! within their limit, and no time past this machine's clock.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::backup::ChangeEntry;
use crate::input::NOTE_LIMIT;
use crate::roadmap::is_id;
use crate::store::{Change, Origin, SyncGroup, is_uid};
use crate::text::one_line;

/// A group as the line spells it.
#[derive(Serialize, Deserialize)]
struct Line {
    id: String,
    device: String,
    roadmap: String,
    at: Timestamp,
    reverts: Option<String>,
    changes: Vec<ChangeEntry>,
}

/// Why a line was not taken in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineError {
    /// The line can never be taken in: it is skipped for good.
    Damaged(String),
    /// Not yet: a time past this machine's clock, or a change only a newer
    /// trek knows. The line is read again at the next sync.
    NotYet(String),
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LineError::Damaged(why) | LineError::NotYet(why) => f.write_str(why),
        }
    }
}

/// The line for `group`, without its line end.
pub fn format(group: &SyncGroup) -> String {
    let line = Line {
        id: group.origin.uid.clone(),
        device: group.origin.device.clone(),
        roadmap: group.roadmap.clone(),
        at: group.at,
        reverts: group.reverts.clone(),
        changes: group.changes.iter().map(ChangeEntry::from).collect(),
    };
    serde_json::to_string(&line).unwrap_or_default()
}

/// The group on `line`, refusing times after `latest`.
pub fn parse(line: &[u8], latest: Timestamp) -> Result<SyncGroup, LineError> {
    let line: Line = serde_json::from_slice(line).map_err(|error| {
        let why = one_line(&error.to_string()).into_owned();
        if why.starts_with("unknown variant") {
            LineError::NotYet(format!(
                "a change this trek does not know ({why}); update trek"
            ))
        } else {
            LineError::Damaged(format!("not a trek sync line: {why}"))
        }
    })?;
    let damaged = |why: String| Err(LineError::Damaged(why));
    for (what, uid) in [
        ("id", Some(&line.id)),
        ("device", Some(&line.device)),
        ("reverts", line.reverts.as_ref()),
    ] {
        if let Some(uid) = uid
            && !is_uid(uid)
        {
            return damaged(format!("\"{what}\" is `{}`, not a UUID", one_line(uid)));
        }
    }
    if !is_id(&line.roadmap) {
        return damaged(format!("`{}` is not a roadmap id", one_line(&line.roadmap)));
    }
    if line.changes.is_empty() {
        return damaged("a group with no changes".into());
    }
    if line.at > latest {
        return Err(LineError::NotYet(format!(
            "dated {}, later than this machine's clock",
            line.at
        )));
    }
    let changes: Vec<Change> = line.changes.into_iter().map(Change::from).collect();
    let too_large = changes.iter().any(|change| {
        matches!(change, Change::Note { old, new, .. }
            if [old, new].into_iter().flatten().any(|text| text.len() as u64 > NOTE_LIMIT.bytes))
    });
    if too_large {
        return damaged(format!(
            "a note larger than {}, the most trek keeps",
            NOTE_LIMIT.shown
        ));
    }
    Ok(SyncGroup {
        origin: Origin {
            uid: line.id,
            device: line.device,
        },
        roadmap: line.roadmap,
        at: line.at,
        reverts: line.reverts,
        changes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roadmap::Address;
    use crate::store::State;

    const UID: &str = "0190a000-0000-7000-8000-000000000001";
    const DEVICE: &str = "0190a000-0000-4000-8000-00000000000d";

    fn latest() -> Timestamp {
        "2026-12-01T12:05:00Z".parse().unwrap()
    }

    fn group() -> SyncGroup {
        SyncGroup {
            origin: Origin {
                uid: UID.into(),
                device: DEVICE.into(),
            },
            roadmap: "backend".into(),
            at: "2026-12-01T12:00:00.5Z".parse().unwrap(),
            reverts: None,
            changes: vec![
                Change::State {
                    address: Address::new("http", "methods"),
                    old: State::Todo,
                    new: State::Done,
                },
                Change::Note {
                    topic: "http".into(),
                    old: None,
                    new: Some("two\nlines".into()),
                },
            ],
        }
    }

    #[test]
    fn a_group_reads_back_from_its_line_which_is_one_line() {
        let line = format(&group());
        assert!(!line.contains('\n'), "{line}");
        assert_eq!(parse(line.as_bytes(), latest()), Ok(group()));
    }

    #[test]
    fn damage_is_named_and_a_future_time_or_an_unknown_kind_waits() {
        let line = format(&group());
        let cases = [
            (
                "{",
                "not a trek sync line: EOF while parsing an object at line 1 column 1",
            ),
            (&line.replace(UID, "1"), "\"id\" is `1`, not a UUID"),
            (
                &line.replace("\"backend\"", "\"Back End\""),
                "`Back End` is not a roadmap id",
            ),
            (
                &line.replace("http/methods", "http/METHODS"),
                "not a trek sync line: `http/METHODS` is not a TOPIC/MILESTONE address at line 1 column 237",
            ),
        ];
        for (text, why) in cases {
            assert_eq!(
                parse(text.as_bytes(), latest()),
                Err(LineError::Damaged(why.into())),
                "{text}"
            );
        }
        let future = line.replace("2026-12-01T12:00:00.5Z", "2099-01-01T00:00:00Z");
        assert_eq!(
            parse(future.as_bytes(), latest()),
            Err(LineError::NotYet(
                "dated 2099-01-01T00:00:00Z, later than this machine's clock".into()
            ))
        );
        let unknown = line.replace("\"kind\":\"note\"", "\"kind\":\"streak\"");
        assert!(
            matches!(
                parse(unknown.as_bytes(), latest()),
                Err(LineError::NotYet(_))
            ),
            "{unknown}"
        );
    }
}
