//! `status`, `export`, `import`, `completions` and `man` through the real binary.

use predicates::prelude::*;
use predicates::str::contains;

use crate::support::Sandbox;

fn stdout(command: &mut assert_cmd::Command) -> String {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Some progress: HTTP done, a skip and a note.
fn with_progress(sandbox: &Sandbox) {
    sandbox.demo().args(["check", "http"]).assert().success();
    sandbox
        .demo()
        .args(["skip", "sql/graphql"])
        .assert()
        .success();
    sandbox
        .demo()
        .args(["note", "http", "Read RFC 9110 \u{1b}[31m twice"])
        .assert()
        .success();
}

#[test]
fn status_on_a_missing_database_shows_nothing_done_and_creates_nothing() {
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox
        .demo()
        .arg("status")
        .assert()
        .success()
        .stdout(contains("0.0%  0/4 done").and(contains("Last activity  none yet")));
    assert!(!sandbox.path("progress.sqlite3").exists());
}

#[test]
fn status_shows_progress_phases_and_next_steps() {
    let sandbox = Sandbox::with_demo_roadmap();
    with_progress(&sandbox);
    let text = stdout(sandbox.demo().arg("status").env("LANG", "C.UTF-8"));
    assert!(text.starts_with("Demo trek\n"), "{text}");
    assert!(text.contains("50.0%  2/4 done, 1 skipped"), "{text}");
    assert!(text.contains("▸ Basics"), "{text}");
    assert!(text.contains("sql/schema  Design a schema"), "{text}");
    assert!(text.contains("Streak         1 day"), "{text}");
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let sandbox = Sandbox::with_demo_roadmap();
    let coloured = stdout(sandbox.demo().args(["--color", "always", "status"]));
    assert!(coloured.contains('\u{1b}'), "--color always colours a pipe");
    let plain = stdout(sandbox.demo().arg("status").env_remove("NO_COLOR"));
    assert!(!plain.contains('\u{1b}'), "auto: a pipe is not a terminal");
    let never = stdout(sandbox.demo().args(["--color", "never", "status"]));
    assert!(!never.contains('\u{1b}'));
}

#[test]
fn bars_fall_back_to_ascii_without_a_utf8_locale_or_with_ascii() {
    let sandbox = Sandbox::with_demo_roadmap();
    let c_locale = stdout(
        sandbox
            .demo()
            .arg("status")
            .env("LC_ALL", "C")
            .env("LANG", "C"),
    );
    assert!(c_locale.is_ascii(), "{c_locale}");
    let flag = stdout(
        sandbox
            .demo()
            .args(["status", "--ascii"])
            .env("LANG", "en_US.UTF-8"),
    );
    assert!(flag.is_ascii(), "{flag}");
    assert!(flag.contains("[------------------------]"), "{flag}");
}

#[test]
fn short_status_is_one_line() {
    let sandbox = Sandbox::with_demo_roadmap();
    with_progress(&sandbox);
    sandbox
        .demo()
        .args(["status", "--short"])
        .assert()
        .success()
        .stdout("demo 50.0% (2/4) 1d streak\n");
}

#[test]
fn status_of_one_phase_lists_its_topics_and_rejects_unknown_phases() {
    let sandbox = Sandbox::with_demo_roadmap();
    with_progress(&sandbox);
    let text = stdout(
        sandbox
            .demo()
            .args(["status", "--phase", "basics"])
            .env("LANG", "C.UTF-8"),
    );
    assert!(text.contains("✓ http      2/2  HTTP"), "{text}");
    assert!(text.contains("○ sql       0/2  SQL"), "{text}");
    sandbox
        .demo()
        .args(["status", "--phase", "nope"])
        .assert()
        .code(2)
        .stderr("unknown phase `nope` in roadmap `demo`; phases are: basics\n");
}

#[test]
fn status_json_follows_the_documented_schema() {
    let sandbox = Sandbox::with_demo_roadmap();
    with_progress(&sandbox);
    let json: serde_json::Value =
        serde_json::from_str(&stdout(sandbox.demo().args(["status", "--json"]))).unwrap();
    assert_eq!(json["roadmap"]["id"], "demo");
    assert_eq!(
        (
            json["done"].as_u64(),
            json["skipped"].as_u64(),
            json["total"].as_u64()
        ),
        (Some(2), Some(1), Some(5))
    );
    assert_eq!(json["percent"], 50.0);
    assert_eq!(json["phases"][0]["id"], "basics");
    assert_eq!(json["next"][0]["address"], "sql/schema");
    assert_eq!(json["streak_days"], 1);
    assert!(json["last_activity"].as_str().unwrap().ends_with('Z'));
    for key in ["pace_per_week", "estimated_finish", "orphaned"] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
}

#[test]
fn export_writes_a_task_list_with_a_safe_note() {
    let sandbox = Sandbox::with_demo_roadmap();
    with_progress(&sandbox);
    let text = stdout(sandbox.demo().arg("export"));
    assert!(text.starts_with("# Demo trek\n"), "{text}");
    assert!(
        text.contains("- [x] Send a request with each method (done "),
        "{text}"
    );
    assert!(text.contains("- [ ] Design a schema\n"), "{text}");
    assert!(
        text.contains("\n- ~~Try GraphQL~~ *(optional)* (skipped)\n"),
        "a skipped milestone has no box a reader would take as ticked: {text}"
    );
    assert!(!text.contains('\u{1b}'), "no raw escape from the note");
}

#[test]
fn export_to_a_file_refuses_to_overwrite_without_force() {
    let sandbox = Sandbox::with_demo_roadmap();
    with_progress(&sandbox);
    let file = sandbox.write("progress.md", "mine");
    sandbox
        .demo()
        .args(["export", "-o", "progress.md"])
        .assert()
        .code(2)
        .stderr(contains("progress.md: already exists; pass --force"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    sandbox
        .demo()
        .args(["export", "-o", "progress.md", "--force"])
        .assert()
        .success()
        .stdout("");
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .starts_with("# Demo trek")
    );
    sandbox
        .demo()
        .args(["export", "-o", "new.md"])
        .assert()
        .success();
    assert!(sandbox.path("new.md").exists());
}

#[test]
fn export_never_overwrites_the_database_or_a_directory() {
    let sandbox = Sandbox::with_demo_roadmap();
    with_progress(&sandbox);
    let db = sandbox.path("progress.sqlite3");
    let before = std::fs::read(&db).unwrap();
    for target in ["progress.sqlite3", "./progress.sqlite3"] {
        sandbox
            .demo()
            .args(["export", "--force", "-o", target])
            .assert()
            .code(2)
            .stderr(contains("is trek's progress database"));
    }
    assert_eq!(std::fs::read(&db).unwrap(), before, "the database survived");
    std::fs::create_dir(sandbox.path("out")).unwrap();
    sandbox
        .demo()
        .args(["export", "--force", "-o", "out"])
        .assert()
        .code(2)
        .stderr(contains("out: is a directory"));
    sandbox
        .demo()
        .args(["export", "-o", "missing/progress.md"])
        .assert()
        .code(2)
        .stderr("missing/progress.md: cannot write: its directory does not exist\n");
}

#[cfg(unix)]
#[test]
fn overwriting_follows_a_link_and_keeps_the_files_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let sandbox = Sandbox::with_demo_roadmap();
    with_progress(&sandbox);
    let file = sandbox.write("shared.md", "old");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::os::unix::fs::symlink("shared.md", sandbox.path("link.md")).unwrap();
    sandbox
        .demo()
        .args(["export", "--force", "-o", "link.md"])
        .assert()
        .success();
    let link = std::fs::symlink_metadata(sandbox.path("link.md")).unwrap();
    assert!(link.file_type().is_symlink(), "the link is still a link");
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .starts_with("# Demo trek")
    );
    let mode = std::fs::metadata(&file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o644);
}

#[test]
fn status_json_and_export_round_a_percent_alike() {
    let sandbox = Sandbox::new();
    sandbox.write("road.toml", crate::synthetic::synthetic(1, 2, 8));
    let trek = || {
        let mut command = sandbox.trek();
        command.args(["--roadmap", "road.toml", "--db", "p.sqlite3"]);
        command
    };
    trek().args(["check", "p0-t0/m0"]).assert().success();
    let output = |args: &[&str]| {
        let output = trek().args(args).output().unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    // One of sixteen: 6.25%, which `{:.1}` alone would print as 6.2.
    let json: serde_json::Value = serde_json::from_str(&output(&["status", "--json"])).unwrap();
    assert_eq!(json["percent"], 6.3);
    assert!(output(&["status"]).contains(" 6.3%  1/16 done"));
    assert!(output(&["export"]).contains("1 of 16 milestones done (6.3%)"));
    let phase = output(&["export", "--phase", "p0"]);
    assert!(
        phase.contains("1 of 16 milestones done in Phase 0 (6.3%)"),
        "{phase}"
    );
}

#[test]
fn a_closed_pipe_ends_export_quietly() {
    let sandbox = Sandbox::new();
    sandbox.write("big.toml", crate::synthetic::synthetic(20, 50, 10));
    let trek = assert_cmd::cargo::cargo_bin!("trek");
    let output = std::process::Command::new("bash")
        .current_dir(sandbox.path(""))
        .arg("-c")
        .arg(format!(
            "set -o pipefail; '{}' --roadmap big.toml --db p.sqlite3 export | head -1",
            trek.display()
        ))
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "# Synthetic trek\n"
    );
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert!(output.status.success(), "trek exited {:?}", output.status);
}

#[test]
fn backup_and_restore_reproduce_status_and_export() {
    let sandbox = Sandbox::with_demo_roadmap();
    with_progress(&sandbox);
    sandbox.demo().arg("undo").assert().success();
    sandbox
        .demo()
        .args(["note", "sql", "Joins \u{9b}first"])
        .assert()
        .success();
    sandbox
        .demo()
        .args(["export", "--format", "json", "-o", "backup.json"])
        .assert()
        .success();
    let backup = std::fs::read_to_string(sandbox.path("backup.json")).unwrap();
    assert!(
        !backup.contains('\u{1b}')
            && backup.contains("\\u001b")
            && !backup.contains('\u{9b}')
            && backup.contains("\\u009b"),
        "note kept, escaped"
    );

    let restored = |command: &mut assert_cmd::Command| {
        command.args(["--roadmap", "road.toml", "--db", "restored.sqlite3"]);
    };
    let mut import = sandbox.trek();
    restored(&mut import);
    import
        .args(["import", "backup.json"])
        .assert()
        .success()
        .stdout(contains(
            "imported 3 states, 1 note and 5 groups of history",
        ));
    for args in [&["status", "--json"][..], &["export"][..], &["log"][..]] {
        let original = stdout(sandbox.demo().args(args));
        let mut command = sandbox.trek();
        restored(&mut command);
        assert_eq!(stdout(command.args(args)), original, "{args:?}");
    }
    let mut again = sandbox.trek();
    restored(&mut again);
    again
        .args(["import", "backup.json"])
        .assert()
        .success()
        .stdout(contains("imported 0 states, 0 notes and 0 groups"));
}

#[test]
fn import_merges_with_the_newer_state_winning_or_replaces() {
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox
        .demo()
        .args(["check", "sql/schema"])
        .assert()
        .success();
    sandbox
        .demo()
        .args(["export", "--format", "json", "-o", "backup.json"])
        .assert()
        .success();
    sandbox
        .demo()
        .args(["uncheck", "sql/schema"])
        .assert()
        .success();
    sandbox
        .demo()
        .args(["check", "http/status"])
        .assert()
        .success();
    sandbox
        .demo()
        .args(["import", "backup.json"])
        .assert()
        .success();
    let merged = stdout(sandbox.demo().arg("export"));
    assert!(
        merged.contains("- [ ] Design a schema"),
        "the newer uncheck wins"
    );
    assert!(
        merged.contains("- [x] Return the right status codes"),
        "{merged}"
    );
    sandbox
        .demo()
        .args(["import", "backup.json", "--replace"])
        .assert()
        .success();
    let replaced = stdout(sandbox.demo().arg("export"));
    assert!(replaced.contains("- [x] Design a schema"), "{replaced}");
    assert!(
        replaced.contains("- [ ] Return the right status codes"),
        "{replaced}"
    );
    sandbox
        .demo()
        .args(["import", "backup.json", "--replace"])
        .assert()
        .success();
    assert_eq!(stdout(sandbox.demo().arg("export")), replaced, "again");
}

/// A backup of the demo roadmap with these states and groups, as JSON.
fn backup(states: &str, groups: &str) -> String {
    format!(
        r#"{{"format": 1, "roadmap": "demo", "exported_at": "2026-11-21T00:00:00Z", "states": {states}, "notes": [], "groups": {groups}}}"#
    )
}

/// One group of history ticking `http/methods`, reverting `reverts`.
fn group(id: i64, reverts: Option<i64>) -> String {
    let reverts = reverts.map_or("null".to_owned(), |id| id.to_string());
    format!(
        r#"{{"id": {id}, "at": "2026-11-21T00:00:0{id}Z", "reverts": {reverts}, "changes": [{{"kind": "state", "address": "http/methods", "old": "todo", "new": "done"}}]}}"#
    )
}

#[test]
fn a_bad_backup_changes_nothing() {
    let sandbox = Sandbox::with_demo_roadmap();
    with_progress(&sandbox);
    let db = sandbox.path("progress.sqlite3");
    let before = std::fs::read(&db).unwrap();
    let cases = [
        ("broken.json", "{\"format\": 1,".to_owned(), "broken.json:1:13: not valid JSON: EOF while parsing a value"),
        (
            "future.json",
            r#"{"format": 3, "roadmap": "demo"}"#.to_owned(),
            "future.json: backup format 3 comes from a newer trek (this one reads formats 1 and 2); update trek to import it",
        ),
        (
            "other.json",
            r#"{"format": 1, "roadmap": "frontend", "exported_at": "2026-11-21T00:00:00Z", "states": [], "notes": [], "groups": []}"#.to_owned(),
            "other.json: a backup of roadmap `frontend`, but the current roadmap is `demo`",
        ),
        (
            "bad-state.json",
            r#"{"format": 1, "roadmap": "demo", "exported_at": "2026-11-21T00:00:00Z", "states": [{"address": "http/methods", "state": "finished", "changed_at": "2026-11-21T00:00:00Z"}], "notes": [], "groups": []}"#.to_owned(),
            "bad-state.json:1:130: not a trek backup: unknown state `finished`",
        ),
        (
            "shouting.json",
            backup(r#"[{"address": "HTTP/Methods", "state": "done", "changed_at": "2026-11-21T00:00:00Z"}]"#, "[]"),
            "shouting.json:1:109: not a trek backup: `HTTP/Methods` is not a TOPIC/MILESTONE address",
        ),
        (
            "twice.json",
            backup(
                r#"[{"address": "http/methods", "state": "done", "changed_at": "2026-11-21T00:00:00Z"},
                    {"address": "http/methods", "state": "todo", "changed_at": "2026-11-21T00:00:00Z"}]"#,
                "[]",
            ),
            "twice.json: address `http/methods` appears twice",
        ),
        (
            "two-undos.json",
            backup("[]", &format!("[{}, {}, {}]", group(1, None), group(2, Some(1)), group(3, Some(1)))),
            "two-undos.json: group 3: reverts a group another undo reverts (group 1)",
        ),
        (
            "later.json",
            backup(r#"[{"address": "http/methods", "state": "done", "changed_at": "2099-11-21T00:00:00Z"}]"#, "[]"),
            "later.json: state #1 (`http/methods`) is dated 2099-11-21T00:00:00Z, later than this machine's clock",
        ),
        (
            "export.md",
            "# Demo trek\n\n- [x] Send a request with each method\n".to_owned(),
            "export.md: this looks like a Markdown export; import reads JSON backups made by `trek export --format json`",
        ),
        (
            "self-undo.json",
            backup("[]", &format!("[{}]", group(1, Some(1)))),
            "self-undo.json: group 1: reverts a group that is not before it (group 1)",
        ),
    ];
    for (name, contents, message) in cases {
        sandbox.write(name, contents);
        sandbox
            .demo()
            .args(["import", name])
            .assert()
            .code(2)
            .stderr(predicates::str::starts_with(message));
    }
    assert_eq!(std::fs::read(&db).unwrap(), before, "database unchanged");
}

#[test]
fn completions_and_man_page_are_printed() {
    let sandbox = Sandbox::new();
    sandbox
        .trek()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(contains("_trek()"));
    sandbox
        .trek()
        .args(["completions", "fish"])
        .assert()
        .success()
        .stdout(contains("complete -c trek"));
    let page = stdout(sandbox.trek().arg("man"));
    for section in [
        ".TH trek",
        ".SH COMMANDS",
        ".SH ENVIRONMENT",
        ".SH FILES",
        ".SH EXIT STATUS",
    ] {
        assert!(
            page.contains(section),
            "{section} missing from the man page"
        );
    }
    assert!(page.contains("\\fBtrek status\\fR"), "{page}");
    assert!(
        !page.contains("trek-status(1)"),
        "names a page that is not shipped"
    );
}

#[test]
fn an_empty_backup_changes_nothing_and_creates_no_database() {
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox.write("empty.json", format!("\u{feff}{}", backup("[]", "[]")));
    sandbox
        .demo()
        .args(["import", "empty.json"])
        .assert()
        .success()
        .stdout("nothing to change: the backup holds no progress\n");
    assert!(!sandbox.path("progress.sqlite3").exists());
}

#[cfg(unix)]
#[test]
fn import_refuses_what_is_not_a_regular_file_without_reading_it() {
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox
        .demo()
        .args(["import", "/dev/zero"])
        .assert()
        .code(2)
        .stderr("/dev/zero: cannot import: is a character device, not a regular file\n");
    sandbox
        .shell_under_memory_limit(
            "yes '{' | trek --roadmap road.toml --db progress.sqlite3 import /dev/stdin",
        )
        .assert()
        .code(2)
        .stderr("/dev/stdin: cannot import: is a FIFO or pipe, not a regular file\n");
    assert!(!sandbox.path("progress.sqlite3").exists());
}

#[test]
fn a_replacing_import_says_what_it_set_aside_and_undo_restores_it_exactly() {
    let sandbox = Sandbox::with_demo_roadmap();
    with_progress(&sandbox);
    let backup_without_exported_at = |sandbox: &Sandbox| {
        let json = stdout(sandbox.demo().args(["export", "--format", "json"]));
        let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
        value.as_object_mut().unwrap().remove("exported_at");
        value
    };
    let before = backup_without_exported_at(&sandbox);
    sandbox.write(
        "other.json",
        backup(
            r#"[{"address": "sql/schema", "state": "done", "changed_at": "2026-11-21T00:00:00Z"}]"#,
            "[]",
        ),
    );
    sandbox
        .demo()
        .args(["import", "other.json", "--replace"])
        .assert()
        .success()
        .stdout(contains(
            "replaced 3 states, 1 note and 3 groups of history; `trek undo` brings them back\n",
        ));
    let replaced = stdout(sandbox.demo().arg("export"));
    assert!(replaced.contains("- [x] Design a schema"), "{replaced}");
    assert!(!replaced.contains("Read RFC 9110"), "{replaced}");
    sandbox.demo().arg("undo").assert().success();
    assert_eq!(backup_without_exported_at(&sandbox), before);
}

#[test]
fn a_theme_is_auto_dark_or_light_from_the_flag_or_trek_theme() {
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox
        .demo()
        .args(["--theme", "purple", "status"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "possible values: auto, dark, light",
        ));
    sandbox
        .demo()
        .args(["status", "--short"])
        .env("TREK_THEME", "light")
        .assert()
        .success();
    sandbox
        .demo()
        .args(["status", "--short"])
        .env("TREK_THEME", "sepia")
        .assert()
        .code(2)
        .stderr(
            "TREK_THEME is set to \"sepia\", which is no theme; set it to auto, dark or light\n",
        );
}
