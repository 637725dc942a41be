//! Estimates, planning by hours, `trek stats` and the shareable exports,
//! through the real binary. The binary reads the real clock, so these
//! tests work from ticks made today: a first day, too early for a date.

use crate::support::{Sandbox, roadmap_with};

fn stdout(command: &mut assert_cmd::Command) -> String {
    let output = command.output().expect("trek runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

fn json(command: &mut assert_cmd::Command) -> serde_json::Value {
    serde_json::from_str(&stdout(command)).expect("JSON")
}

/// The demo roadmap with hours on three of its four needed milestones.
fn with_hours() -> Sandbox {
    let sandbox = Sandbox::new();
    let text = roadmap_with(
        r#"{ id = "methods", text = "Send a request with each method" }"#,
        r#"{ id = "methods", text = "Send a request with each method", hours = 2 }"#,
    )
    .replacen(
        r#"{ id = "status", text = "Return the right status codes" }"#,
        r#"{ id = "status", text = "Return the right status codes", hours = 1.5 }"#,
        1,
    )
    .replacen(
        r#"{ id = "schema", text = "Design a schema" }"#,
        r#"{ id = "schema", text = "Design a schema", hours = 4 }"#,
        1,
    );
    sandbox.write("road.toml", text);
    sandbox
}

#[test]
fn a_first_day_of_ticks_is_too_early_for_a_finish_date() {
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox.demo().args(["check", "http"]).assert().success();
    let text = stdout(sandbox.demo().arg("status"));
    assert!(
        text.contains("Pace           2.0 milestones/week, too early to estimate,"),
        "{text}"
    );
    assert!(!text.contains("finish around"), "{text}");
    assert!(
        text.contains("Streak         1 day, active 1 of the last 7 days"),
        "{text}"
    );
    let json = json(sandbox.demo().args(["status", "--json"]));
    assert_eq!(json["estimate"], "too early");
    assert_eq!(json["estimated_finish"], serde_json::Value::Null);
    assert_eq!(json["streak_longest"], 1);
    assert_eq!(json["active_last_7_days"], 1);
    assert_eq!(json["hours_left"], serde_json::Value::Null);
}

#[test]
fn hours_per_week_give_a_finish_date_from_the_hours_left() {
    let sandbox = with_hours();
    sandbox
        .demo()
        .args(["check", "http/methods"])
        .assert()
        .success();
    let text = stdout(sandbox.demo().arg("status"));
    assert!(
        text.contains("Hours left     5.5 (1 milestone without an estimate)"),
        "{text}"
    );
    let planned = json(
        sandbox
            .demo()
            .args(["status", "--json", "--hours-per-week", "5.5"]),
    );
    assert_eq!(planned["hours_left"], 5.5);
    assert_eq!(planned["estimate"], "ok");
    let today = jiff::Zoned::now().date();
    let week_on = today.checked_add(jiff::Span::new().days(7)).expect("date");
    assert_eq!(planned["estimated_finish"], week_on.to_string());

    std::fs::create_dir_all(sandbox.path("xdg-config/trek")).expect("config dir");
    sandbox.write("xdg-config/trek/config.toml", "hours_per_week = 11\n");
    let from_settings = json(sandbox.demo().args(["status", "--json"]));
    assert_eq!(from_settings["hours_per_week"], 11.0);
    let half_week = today.checked_add(jiff::Span::new().days(4)).expect("date");
    assert_eq!(from_settings["estimated_finish"], half_week.to_string());
    let text = stdout(sandbox.demo().args(["status", "--hours-per-week", "5.5"]));
    assert!(
        text.contains(&format!("finish around {week_on} at 5.5 hours/week")),
        "the flag wins over the file: {text}"
    );
}

#[test]
fn an_impossible_weekly_budget_is_refused_in_one_line() {
    let sandbox = Sandbox::with_demo_roadmap();
    let output = sandbox
        .demo()
        .args(["status", "--hours-per-week", "200"])
        .output()
        .expect("trek runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("must be a number of hours more than 0 and at most 168, not `200`"),
        "{stderr}"
    );
}

#[test]
fn stats_prints_the_map_and_burn_up_and_its_json_counts_todays_ticks() {
    let sandbox = Sandbox::with_demo_roadmap();
    let empty = stdout(sandbox.demo().arg("stats"));
    assert!(empty.contains("Burn-up: nothing recorded yet"), "{empty}");
    assert!(
        !sandbox.path("progress.sqlite3").exists(),
        "reading creates nothing"
    );
    sandbox.demo().args(["check", "http"]).assert().success();
    let text = stdout(sandbox.demo().arg("stats").env("LANG", "C.UTF-8"));
    assert!(
        text.starts_with("Activity, last 52 weeks (busiest day: 2 ticks)\n"),
        "{text}"
    );
    assert!(text.contains("less ░▒▓█ more"), "{text}");
    assert!(text.contains("Burn-up: 2 of 4 done"), "{text}");
    let ascii = stdout(sandbox.demo().args(["--ascii", "stats"]));
    assert!(ascii.is_ascii(), "{ascii}");
    assert!(
        ascii.contains('#'),
        "today's two ticks are the busiest day: {ascii}"
    );
    let json = json(sandbox.demo().args(["stats", "--json"]));
    let today = jiff::Zoned::now().date().to_string();
    assert_eq!(
        json,
        serde_json::json!({"days": [{"date": today, "done": 2}]})
    );
}

#[test]
fn export_writes_a_card_and_a_badge_to_share() {
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox.demo().args(["check", "http"]).assert().success();
    sandbox
        .demo()
        .args(["export", "--format", "svg", "-o", "card.svg"])
        .assert()
        .success();
    let svg = std::fs::read_to_string(sandbox.path("card.svg")).expect("the card");
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{svg}"
    );
    assert!(
        svg.contains("Demo trek") && svg.contains("50.0% · 2 of 4 done"),
        "{svg}"
    );
    assert_eq!(
        stdout(sandbox.demo().args(["export", "--format", "svg"])),
        svg,
        "the same progress gives the same card"
    );
    let badge = json(sandbox.demo().args(["export", "--format", "badge"]));
    assert_eq!(badge["schemaVersion"], 1);
    assert_eq!(badge["message"], "50.0% (2/4)");
    let output = sandbox
        .demo()
        .args(["export", "--format", "badge", "--phase", "basics"])
        .output()
        .expect("trek runs");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "--phase applies to Markdown; a card or badge shows the whole trek\n"
    );
}
