//! The settings file: found where the platform keeps settings, or named by
//! `TREK_CONFIG`, and checked whole before any command runs.

use crate::support::Sandbox;

/// Writes `text` as the default settings file of the sandbox.
fn with_settings(text: &str) -> Sandbox {
    let sandbox = Sandbox::with_demo_roadmap();
    std::fs::create_dir_all(sandbox.path("xdg-config/trek")).expect("config dir");
    sandbox.write("xdg-config/trek/config.toml", text);
    sandbox
}

#[test]
fn a_broken_settings_file_stops_a_command_naming_the_line() {
    let sandbox = with_settings("theme = \"dark\"\nreview_per_day = 0\n");
    let output = sandbox.demo().arg("status").output().expect("trek runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    let expected = format!(
        "{}:2:18: review_per_day must be a whole number from 1 to 100, not 0\n",
        sandbox.path("xdg-config/trek/config.toml").display()
    );
    assert_eq!(stderr, expected);
    assert!(
        !sandbox.path("progress.sqlite3").exists(),
        "nothing created"
    );
}

#[test]
fn a_valid_settings_file_lets_commands_run() {
    let sandbox = with_settings("theme = \"light\"\nreview_retention = 0.9\n");
    sandbox.demo().arg("status").assert().success();
}

#[test]
fn trek_config_names_another_file_which_must_exist() {
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox.write("mine.toml", "sync = \"sometimes\"\n");
    let output = sandbox
        .demo()
        .arg("status")
        .env("TREK_CONFIG", "mine.toml")
        .output()
        .expect("trek runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert!(
        stderr.starts_with("mine.toml:1:8: unknown variant `sometimes`"),
        "{stderr}"
    );

    let missing = sandbox
        .demo()
        .arg("status")
        .env("TREK_CONFIG", "absent.toml")
        .output()
        .expect("trek runs");
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&missing.stderr),
        "cannot read absent.toml: no such file\n"
    );
}

#[test]
fn an_empty_trek_config_is_named() {
    let sandbox = Sandbox::with_demo_roadmap();
    let output = sandbox
        .demo()
        .arg("status")
        .env("TREK_CONFIG", "")
        .output()
        .expect("trek runs");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "TREK_CONFIG is set but empty; unset it, or set it to a file\n"
    );
}
