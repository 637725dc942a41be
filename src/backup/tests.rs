use jiff::Timestamp;

use super::*;

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

const NOW: &str = "2026-12-01T12:00:00Z";

fn sample() -> Snapshot {
    let address = Address::new("http", "methods");
    Snapshot {
        states: vec![(
            address.clone(),
            StateRecord {
                state: State::Done,
                changed_at: at("2026-11-30T10:00:00.123Z"),
            },
        )],
        notes: vec![(
            "http".to_owned(),
            Note {
                text: "PUT is idempotent\n".to_owned(),
                changed_at: at("2026-11-30T11:00:00Z"),
            },
        )],
        groups: vec![
            Group {
                id: 7,
                at: at("2026-11-30T10:00:00.123Z"),
                reverts: None,
                origin: None,
                changes: vec![Change::State {
                    address,
                    old: State::Todo,
                    new: State::Done,
                }],
            },
            Group {
                id: 8,
                at: at("2026-11-30T11:00:00Z"),
                reverts: None,
                origin: None,
                changes: vec![Change::Note {
                    topic: "http".to_owned(),
                    old: None,
                    new: Some("PUT is idempotent\n".to_owned()),
                }],
            },
        ],
        device: None,
    }
}

/// [`sample`] as a migrated database holds it: a device, and an identity
/// per group, the note's group an undo of the first.
fn identified() -> Snapshot {
    let mut snapshot = sample();
    snapshot.device = Some(uid('d'));
    for (group, digit) in snapshot.groups.iter_mut().zip(['1', '2']) {
        group.origin = Some(Origin {
            uid: uid(digit),
            device: uid('e'),
        });
    }
    snapshot.groups[1].reverts = Some(7);
    snapshot
}

fn uid(digit: char) -> String {
    let hex = |n: usize| digit.to_string().repeat(n);
    format!("{}-{}-7{}-8{}-{}", hex(8), hex(4), hex(3), hex(3), hex(12))
}

fn parse(json: &str) -> Result<Snapshot, BackupError> {
    Backup::parse("b.json", json.as_bytes(), "backend", at(NOW))
}

fn exported(snapshot: &Snapshot) -> String {
    Backup::new("backend", snapshot, at("2026-12-01T00:00:00Z")).to_json()
}

#[test]
fn a_backup_reads_back_to_the_snapshot_it_was_made_from() {
    let snapshot = sample();
    assert_eq!(parse(&exported(&snapshot)), Ok(snapshot));
}

#[test]
fn times_keep_their_milliseconds_in_the_file() {
    let json = exported(&sample());
    assert!(json.contains("\"2026-11-30T10:00:00.123Z\""), "{json}");
}

#[test]
fn a_byte_order_mark_is_read_past() {
    let json = format!("\u{feff}{}", exported(&sample()));
    assert_eq!(parse(&json), Ok(sample()));
}

#[test]
fn a_markdown_export_is_named_as_such() {
    let error = parse("# The Backend Developer trek\n\n- [x] done\n").unwrap_err();
    assert_eq!(
        error.to_string(),
        "b.json: this looks like a Markdown export; import reads JSON backups \
         made by `trek export --format json`"
    );
}

#[test]
fn a_malformed_field_is_located_by_line_and_column_on_one_line() {
    let json = exported(&sample()).replace("\"http/methods\"", "\"http/\\nMETHODS\"");
    let error = parse(&json).unwrap_err().to_string();
    assert_eq!(
        error,
        "b.json:7:33: not a trek backup: `http/ METHODS` is not a TOPIC/MILESTONE address"
    );
}

#[test]
fn format_numbers_say_what_is_wrong_with_them() {
    let cases = [
        (
            r#"{"format": 3}"#,
            "b.json: backup format 3 comes from a newer trek (this one reads formats 1 and 2); update trek to import it",
        ),
        (
            r#"{"format": 0}"#,
            "b.json: backup format 0 was never written by trek (this one reads formats 1 and 2)",
        ),
        (
            r#"{"format": "1"}"#,
            "b.json: \"format\" must be the number 1 or 2, not \"1\"",
        ),
        (
            r#"{"states": []}"#,
            "b.json: not a trek backup: it has no \"format\" field",
        ),
    ];
    for (json, message) in cases {
        assert_eq!(parse(json).unwrap_err().to_string(), message, "{json}");
    }
}

#[test]
fn a_time_past_the_clock_is_refused_naming_the_first_such_entry() {
    let mut snapshot = sample();
    snapshot.notes[0].1.changed_at = at("2099-01-01T00:00:00Z");
    snapshot.groups[1].at = at("2099-01-01T00:00:00Z");
    let error = parse(&exported(&snapshot)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "b.json: note #1 (on `http`) is dated 2099-01-01T00:00:00Z, later than this \
         machine's clock; fix the clock or the backup, nothing was imported"
    );
}

#[test]
fn a_clock_a_few_minutes_behind_is_forgiven() {
    let mut snapshot = sample();
    snapshot.states[0].1.changed_at = at("2026-12-01T12:04:59Z");
    assert!(parse(&exported(&snapshot)).is_ok());
    snapshot.states[0].1.changed_at = at("2026-12-01T12:05:01Z");
    assert!(parse(&exported(&snapshot)).is_err());
}

#[test]
fn a_backup_of_another_roadmap_is_refused() {
    let json = Backup::new("frontend", &sample(), at(NOW)).to_json();
    let error = parse(&json).unwrap_err().to_string();
    assert!(
        error.starts_with("b.json: a backup of roadmap `frontend`"),
        "{error}"
    );
}

#[test]
fn a_database_with_identities_exports_format_2_and_reads_it_back() {
    let json = exported(&identified());
    assert!(json.contains("\"format\": 2"), "{json}");
    assert!(
        json.contains(&format!("\"reverts\": \"{}\"", uid('1'))),
        "{json}"
    );
    let back = parse(&json).unwrap();
    assert_eq!(back.device, Some(uid('d')));
    let origins: Vec<_> = back
        .groups
        .iter()
        .map(|group| group.origin.clone())
        .collect();
    assert_eq!(
        origins,
        identified()
            .groups
            .into_iter()
            .map(|group| group.origin)
            .collect::<Vec<_>>()
    );
    assert_eq!(back.groups[1].reverts, Some(back.groups[0].id));
}

#[test]
fn a_format_1_backup_still_imports() {
    let json = exported(&sample());
    assert!(json.contains("\"format\": 1"), "{json}");
    assert_eq!(parse(&json).unwrap(), sample());
}

#[test]
fn format_2_groups_must_be_named_by_uuid() {
    let json = exported(&identified()).replace(&uid('1'), "1");
    let error = parse(&json).unwrap_err().to_string();
    assert!(
        error.starts_with("b.json: group 1: a format 2 backup names each group"),
        "{error}"
    );
    let json = exported(&identified()).replace(
        &format!("\"device\": \"{}\"", uid('d')),
        "\"device\": \"me\"",
    );
    let error = parse(&json).unwrap_err().to_string();
    assert_eq!(
        error,
        "b.json: a format 2 backup names its device by a UUID in \"device\""
    );
}

/// The identified sample with a review of `http` rated good, and that
/// rating undone.
fn with_reviews() -> Snapshot {
    let mut snapshot = identified();
    let review = |old, new| Change::Review {
        topic: "http".to_owned(),
        old,
        new,
    };
    let origin = |digit| {
        Some(Origin {
            uid: uid(digit),
            device: uid('e'),
        })
    };
    snapshot.groups.push(Group {
        id: 9,
        at: at("2026-11-30T12:00:00Z"),
        reverts: None,
        changes: vec![review(None, Some(ReviewMark::Good))],
        origin: origin('3'),
    });
    snapshot.groups.push(Group {
        id: 10,
        at: at("2026-11-30T12:01:00Z"),
        reverts: Some(9),
        changes: vec![review(Some(ReviewMark::Good), None)],
        origin: origin('4'),
    });
    snapshot
}

#[test]
fn reviews_and_their_undos_read_back_from_a_format_2_backup() {
    let json = exported(&with_reviews());
    assert!(json.contains("\"format\": 2"), "{json}");
    assert!(json.contains("\"kind\": \"review\""), "{json}");
    assert!(json.contains("\"new\": \"good\""), "{json}");
    let back = parse(&json).expect("reads back");
    let reviews: Vec<_> = back
        .groups
        .iter()
        .flat_map(|group| group.changes.iter())
        .filter(|change| matches!(change, Change::Review { .. }))
        .cloned()
        .collect();
    let expected: Vec<_> = with_reviews().groups[2..]
        .iter()
        .flat_map(|group| group.changes.clone())
        .collect();
    assert_eq!(reviews, expected);
}

#[test]
fn a_format_1_backup_cannot_hold_a_review() {
    let mut numbered = with_reviews();
    numbered.device = None;
    for group in &mut numbered.groups {
        group.origin = None;
    }
    let json = exported(&numbered);
    assert!(json.contains("\"format\": 1"), "{json}");
    assert_eq!(
        parse(&json).unwrap_err().to_string(),
        "b.json: group 9 holds a review, which backup format 1 cannot hold"
    );
}

#[test]
fn an_unknown_review_mark_is_located() {
    let json = exported(&with_reviews()).replace("\"new\": \"good\"", "\"new\": \"great\"");
    let error = parse(&json).unwrap_err().to_string();
    assert!(
        error.ends_with("not a trek backup: unknown review mark `great`"),
        "{error}"
    );
    assert!(error.starts_with("b.json:"), "{error}");
}

/// Found by fuzzing: an undo made on a clock behind the group it reverts
/// (another device's, up to the allowed slack ahead) sorted before that
/// group, so the backup written back out no longer read, and an import
/// lost the undo's link.
#[test]
fn an_undo_dated_before_the_group_it_reverts_stays_after_it() {
    let reverted = uid('1');
    let undo = uid('2');
    let device = uid('d');
    let json = format!(
        r#"{{"format": 2, "device": "{device}", "roadmap": "backend",
            "exported_at": "2026-11-30T12:00:00Z", "states": [], "notes": [],
            "groups": [
              {{"id": "{reverted}", "device": "{device}", "at": "2026-11-30T10:00:05Z",
                "reverts": null,
                "changes": [{{"kind": "note", "topic": "http", "old": null, "new": "hello"}}]}},
              {{"id": "{undo}", "device": "{device}", "at": "2026-11-30T10:00:01Z",
                "reverts": "{reverted}",
                "changes": [{{"kind": "note", "topic": "http", "old": "hello", "new": null}}]}}
            ]}}"#
    );
    let snapshot = parse(&json).expect("a valid backup");
    let ids: Vec<_> = snapshot.groups.iter().map(|group| group.id).collect();
    let links: Vec<_> = snapshot.groups.iter().map(|group| group.reverts).collect();
    assert_eq!(
        links,
        [None, Some(ids[0])],
        "the undo follows what it undid"
    );
    assert_eq!(parse(&exported(&snapshot)), Ok(snapshot));
}

/// Found by fuzzing: a format 1 backup naming a device read in, and then
/// wrote out as a format 2 one that no longer read.
#[test]
fn a_format_1_backup_naming_a_device_is_refused() {
    let json = exported(&sample()).replacen(
        "\"format\": 1,",
        "\"format\": 1, \"device\": \"cc9%d4fb-0476-4cf9-b547-cbefa49acb43\",",
        1,
    );
    assert_eq!(
        parse(&json).unwrap_err().to_string(),
        "b.json: a format 1 backup names no device"
    );
}
