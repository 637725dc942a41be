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
        .stdout("ok: 1 phase, 2 topics, 5 milestones, 2 checks\n");
}

#[test]
fn a_synthetic_roadmap_checks_ok_at_the_size_asked_for() {
    let sandbox = Sandbox::new();
    sandbox.write("big.toml", crate::synthetic::synthetic(3, 4, 5));
    sandbox
        .trek()
        .args(["roadmap", "check", "big.toml"])
        .assert()
        .success()
        .stdout("ok: 3 phases, 12 topics, 60 milestones, 0 checks\n");
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

fn trek_with_memory_cap(sandbox: &Sandbox, shell: &str) -> std::process::Output {
    let output = sandbox.shell_under_memory_limit(shell).output();
    output.expect("sh runs")
}

const NOT_REGULAR: &str = "not a regular file; a roadmap must be a regular file of at most 8 MiB\n";

#[test]
fn an_endless_device_is_refused_before_reading() {
    let sandbox = Sandbox::new();
    let output = trek_with_memory_cap(&sandbox, r#"trek roadmap check /dev/zero"#);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!("/dev/zero: is a character device, {NOT_REGULAR}")
    );
}

#[test]
fn a_pipe_is_refused_as_a_roadmap() {
    let sandbox = Sandbox::new();
    let output = trek_with_memory_cap(
        &sandbox,
        r#"yes | trek --roadmap /dev/stdin --db p.sqlite3 status"#,
    );
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!("/dev/stdin: is a FIFO or pipe, {NOT_REGULAR}")
    );
    assert!(!sandbox.path("p.sqlite3").exists(), "no database created");
}

#[test]
fn a_fifo_is_refused_without_waiting_for_a_writer() {
    let sandbox = Sandbox::new();
    let made = std::process::Command::new("mkfifo")
        .arg(sandbox.path("road.toml"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    sandbox
        .trek()
        .args(["roadmap", "check", "road.toml"])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(format!("road.toml: is a FIFO or pipe, {NOT_REGULAR}"));
}

#[test]
fn a_directory_is_refused_as_a_roadmap() {
    let sandbox = Sandbox::new();
    std::fs::create_dir(sandbox.path("roads")).unwrap();
    sandbox
        .trek()
        .args(["--roadmap", "roads", "--db", "p.sqlite3", "status"])
        .assert()
        .code(2)
        .stderr(format!("roads: is a directory, {NOT_REGULAR}"));
}

#[test]
fn a_file_over_eight_mebibytes_is_refused_naming_the_limit() {
    let sandbox = Sandbox::new();
    let file = std::fs::File::create(sandbox.path("huge.toml")).unwrap();
    file.set_len((8 << 20) + 1).unwrap();
    let output = trek_with_memory_cap(&sandbox, r#"trek roadmap check huge.toml"#);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "huge.toml: is larger than 8 MiB, the most a roadmap may be\n"
    );
}

#[test]
fn a_byte_order_mark_is_accepted_and_columns_still_count_from_the_first_character() {
    let sandbox = Sandbox::new();
    sandbox.write("road.toml", format!("\u{feff}{VALID_ROADMAP}"));
    sandbox
        .trek()
        .args(["roadmap", "check", "road.toml"])
        .assert()
        .success()
        .stdout("ok: 1 phase, 2 topics, 5 milestones, 2 checks\n");
    let broken = roadmap_with(r#"id = "demo""#, r#"idd = "demo""#);
    let message = check_fails(format!("\u{feff}{broken}"));
    assert!(
        message.starts_with("road.toml:1:1: unknown key `idd` in the roadmap"),
        "{message}"
    );
}

#[test]
fn a_table_defined_twice_is_one_problem_naming_it() {
    let contents = roadmap_with(
        "\n[[phases]]",
        "\n[finale]\ntitle = \"Early\"\nbody = \"b\"\nnext = []\n\n[[phases]]",
    );
    assert_eq!(
        check_fails(contents),
        "road.toml:42:2: TOML syntax: `finale` is defined twice; \
         a key may appear only once in its table\n"
    );
}

#[test]
fn a_required_count_too_large_for_any_integer_is_more_than_the_milestones() {
    let contents = roadmap_with(
        "body = \"Tables and queries.\"\n",
        "body = \"Tables and queries.\"\nrequired = 99999999999999999999\n",
    );
    assert_eq!(
        check_fails(contents),
        "road.toml:27:12: `required = 99999999999999999999` in topic `sql` \
         is more than its 3 milestones\n"
    );
}

const FIRST_CHECK: &str = r#"{ q = "Why index a foreign key column?", a = "Joins and parent deletes look rows up by it; without an index each one scans the table." }"#;

#[test]
fn a_check_without_its_answer_is_named_by_its_position() {
    assert_snapshot!(check_fails(roadmap_with(
        FIRST_CHECK,
        r#"{ q = "Why index a foreign key column?" }"#
    )));
}

#[test]
fn a_check_with_an_empty_question_is_refused() {
    assert_snapshot!(check_fails(roadmap_with(
        r#"q = "Why index a foreign key column?""#,
        r#"q = "  ""#
    )));
}

#[test]
fn a_check_with_an_unknown_key_lists_the_keys_it_allows() {
    assert_snapshot!(check_fails(roadmap_with(
        r#", a = "Joins and parent"#,
        r#", answer = "Joins and parent"#
    )));
}

#[test]
fn a_check_that_is_not_a_table_is_refused() {
    assert_snapshot!(check_fails(roadmap_with(
        FIRST_CHECK,
        r#""Why index a foreign key column?""#
    )));
}

#[test]
fn checks_that_are_not_an_array_are_refused() {
    assert_snapshot!(check_fails(roadmap_with(
        "checks = [",
        "checks = \"none\"\nunused = ["
    )));
}

/// The demo roadmap with `hours = VALUE` on `http/methods`.
fn with_hours(value: &str) -> String {
    roadmap_with(
        r#"text = "Send a request with each method" }"#,
        &format!(r#"text = "Send a request with each method", hours = {value} }}"#),
    )
}

#[test]
fn hours_whole_or_with_one_decimal_are_accepted() {
    for hours in ["3", "1.5", "0.5", "12.0"] {
        let sandbox = Sandbox::new();
        sandbox.write("road.toml", with_hours(hours));
        sandbox
            .trek()
            .args(["roadmap", "check", "road.toml"])
            .assert()
            .success();
    }
}

#[test]
fn hours_that_are_not_a_positive_number_with_one_decimal_are_refused() {
    let messages: Vec<String> = ["0", "-2", "1.25", "0.0", "1e3", "\"3h\""]
        .into_iter()
        .map(|hours| check_fails(with_hours(hours)))
        .collect();
    assert_snapshot!(messages.concat());
}
