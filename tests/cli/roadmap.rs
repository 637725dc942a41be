//! `trek roadmap check` and the loader's errors, one kind of problem each.

use insta::assert_snapshot;

use crate::support::{Sandbox, VALID_ROADMAP, roadmap_with};

/// Runs `trek roadmap check` on `contents`; asserts exit 2 and returns stderr.
fn check_fails(contents: impl AsRef<[u8]>) -> String {
    let sandbox = Sandbox::new();
    sandbox.write("road.toml", contents);
    let output = sandbox
        .trek()
        .args(["roadmap", "check", "road.toml"])
        .output()
        .expect("trek runs");
    assert_eq!(output.status.code(), Some(2), "exit code");
    assert!(output.stdout.is_empty(), "nothing on stdout");
    String::from_utf8(output.stderr).expect("UTF-8 stderr")
}

#[test]
fn the_bundled_roadmap_file_checks_ok() {
    let sandbox = Sandbox::new();
    let manifest = env!("CARGO_MANIFEST_DIR");
    let output = sandbox
        .trek()
        .args(["roadmap", "check"])
        .arg(format!("{manifest}/roadmap.toml"))
        .output()
        .expect("trek runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with("ok: 4 phases, "), "{stdout}");
}

#[test]
fn a_valid_file_reports_its_counts() {
    let sandbox = Sandbox::new();
    sandbox.write("road.toml", VALID_ROADMAP);
    sandbox
        .trek()
        .args(["roadmap", "check", "road.toml"])
        .assert()
        .success()
        .stdout("ok: 1 phases, 2 topics, 5 milestones\n");
}

#[test]
fn toml_syntax_error() {
    assert_snapshot!(check_fails(roadmap_with(
        r#"title = "Demo trek""#,
        r#"title = "Demo trek"#
    )));
}

#[test]
fn unknown_key_suggests_the_real_one() {
    assert_snapshot!(check_fails(roadmap_with(
        r#"title = "HTTP""#,
        r#"titel = "HTTP""#
    )));
}

#[test]
fn wrong_type() {
    let contents = roadmap_with("weeks = [1, 2]", r#"weeks = "1-2""#).replacen(
        "optional = true",
        r#"optional = "yes""#,
        1,
    );
    assert_snapshot!(check_fails(contents));
}

#[test]
fn missing_required_field() {
    assert_snapshot!(check_fails(roadmap_with(
        "summary = \"The protocol.\"\n",
        ""
    )));
}

#[test]
fn empty_file() {
    assert_snapshot!(check_fails(" \n\n"));
}

#[test]
fn bytes_that_are_not_utf8() {
    let mut contents = VALID_ROADMAP.as_bytes().to_vec();
    let at = VALID_ROADMAP.find("Demo trek").unwrap();
    contents[at] = 0xC3;
    contents[at + 1] = 0x28;
    assert_snapshot!(check_fails(contents));
}

#[test]
fn file_that_does_not_exist() {
    let sandbox = Sandbox::new();
    sandbox
        .trek()
        .args(["roadmap", "check", "nowhere.toml"])
        .assert()
        .code(2)
        .stderr("nowhere.toml: cannot read the roadmap: no such file\n");
}

#[test]
fn id_outside_the_allowed_characters() {
    assert_snapshot!(check_fails(roadmap_with(
        r#"id = "http""#,
        r#"id = "HTTP basics""#
    )));
}

#[test]
fn escape_sequences_in_a_broken_roadmap_or_its_name_never_reach_the_terminal() {
    let message = check_fails(roadmap_with(
        r#"id = "http""#,
        r#"id = "a\u001b[2Jb\u202e""#,
    ));
    assert!(message.contains("id `a\u{FFFD}[2Jb\u{FFFD}`"), "{message}");
    let sandbox = Sandbox::new();
    let output = sandbox
        .trek()
        .args(["roadmap", "check", "\u{1b}]0;title\u{7}.toml"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr.starts_with("\u{FFFD}]0;title\u{FFFD}.toml: "),
        "{stderr}"
    );
}

#[test]
fn topic_id_used_twice_in_the_roadmap() {
    let contents = roadmap_with(r#"id = "sql""#, r#"id = "http""#);
    assert_snapshot!(check_fails(contents));
}

#[test]
fn milestone_id_used_twice_in_one_topic() {
    assert_snapshot!(check_fails(roadmap_with(
        r#"id = "status""#,
        r#"id = "methods""#
    )));
}

#[test]
fn topic_without_milestones() {
    let contents = roadmap_with(
        "milestones = [\n  { id = \"methods\", text = \"Send a request with each method\" },\n  { id = \"status\", text = \"Return the right status codes\" },\n]",
        "milestones = []",
    );
    assert_snapshot!(check_fails(contents));
}

#[test]
fn required_larger_than_the_milestone_count() {
    let contents = roadmap_with(
        "body = \"Tables and queries.\"\n",
        "body = \"Tables and queries.\"\nrequired = 4\n",
    );
    assert_snapshot!(check_fails(contents));
}

#[test]
fn every_problem_is_reported_at_once() {
    let contents = roadmap_with(r#"title = "HTTP""#, r#"titel = "HTTP""#)
        .replacen(r#"id = "status""#, r#"id = "Status""#, 1)
        .replacen("weeks = [1, 2]", "weeks = [2, 1]", 1);
    let stderr = check_fails(contents);
    assert_eq!(stderr.lines().count(), 3, "{stderr}");
    assert_snapshot!(stderr);
}
