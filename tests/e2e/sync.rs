//! The view with `sync = "auto"`, through real git and no network: two
//! devices share a bare repository in the test's directory. Device B runs
//! the view; device A is another laptop, run as commands on its own
//! database and clone.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::Command;

use crate::ROADMAP;
use crate::support::{self, Session};

/// Device B's session, and device A's database, both set up to sync
/// automatically through the bare repository `remote`.
struct Pair {
    session: Session,
    remote: PathBuf,
    a: PathBuf,
}

impl Pair {
    fn new() -> Pair {
        let session = Session::prepare(ROADMAP);
        let remote = session.dir().join("remote.git");
        let status = Command::new("git")
            .args(["init", "--quiet", "--bare"])
            .arg(&remote)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .status()
            .expect("git runs");
        assert!(status.success(), "git init --bare");
        let config = session.dir().join("xdg-config/trek");
        fs::create_dir_all(&config).expect("the config directory");
        fs::write(config.join("config.toml"), "sync = \"auto\"\n").expect("write the config");
        let url = remote.display().to_string();
        session.run_trek(&["sync", "init", &url]);
        let a = session.dir().join("a.sqlite3");
        session.run_trek_on(&a, &["sync", "init", &url]);
        Pair { session, remote, a }
    }

    /// Runs a trek subcommand as device A; what it printed.
    fn on_a(&self, args: &[&str]) -> String {
        self.session.run_trek_on(&self.a, args)
    }

    /// Runs git in device B's clone of the remote.
    fn in_b_s_clone(&self, args: &[&str]) {
        let status = Command::new("git")
            .arg("-C")
            .arg(self.session.dir().join("progress.sync"))
            .args(args)
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    }

    /// The remote moved out of reach, as when it is deleted or the disk
    /// holding it is gone; [`Pair::bring_back`] returns it.
    fn take_away(&self) {
        fs::rename(&self.remote, self.away()).expect("move the remote away");
    }

    fn bring_back(&self) {
        fs::rename(self.away(), &self.remote).expect("move the remote back");
    }

    fn away(&self) -> PathBuf {
        self.session.dir().join("remote.git.away")
    }
}

#[test]
fn the_view_opens_on_a_tick_another_device_sent_and_says_it_synced() {
    let pair = Pair::new();
    let said = pair.on_a(&["check", "http/methods"]);
    assert!(said.contains("synced: sent 1 group"), "{said}");
    pair.session.launch(&[]);
    let screen = pair
        .session
        .wait_for_screen("Synced: sent 0 groups, received 1");
    assert!(
        screen.contains("[x] Send a request with each method"),
        "{screen}"
    );
    pair.session.send(&["q"]);
    assert_eq!(pair.session.wait_for_exit(), 0);
}

#[test]
fn a_tick_made_in_the_view_goes_out_when_it_closes() {
    let pair = Pair::new();
    pair.session.launch(&[]);
    pair.session
        .wait_for_screen("Synced: sent 0 groups, received 0");
    pair.session.send(&["Tab", "Tab", "Space"]);
    pair.session
        .wait_for_screen("[x] Send a request with each method");
    pair.session.send(&["q"]);
    assert_eq!(pair.session.wait_for_exit(), 0);
    assert!(pair.session.terminal_was_restored());
    let screen = pair.session.screen();
    assert!(
        screen.contains("synced: sent 1 group, received 0"),
        "{screen}"
    );
    let said = pair.on_a(&["sync"]);
    assert!(said.contains("received 1 (1 milestone changed)"), "{said}");
    assert_eq!(
        support::stored_state_in(&pair.a, "http/methods").as_deref(),
        Some("done")
    );
}

#[test]
fn with_the_remote_gone_the_view_opens_says_not_synced_and_loses_nothing() {
    let pair = Pair::new();
    pair.take_away();
    pair.session.launch(&[]);
    let screen = pair.session.wait_for_screen("Not synced (git pull failed");
    assert!(screen.contains("Demo trek"), "{screen}");
    pair.session.send(&["Tab", "Tab", "Space"]);
    pair.session
        .wait_for_screen("[x] Send a request with each method");
    pair.session.send(&["q"]);
    assert_eq!(pair.session.wait_for_exit(), 0);
    let screen = pair.session.screen();
    assert!(
        screen.contains("not synced (git pull failed") && screen.contains("sends what waits"),
        "{screen}"
    );
    assert_eq!(
        pair.session.stored_state("http/methods").as_deref(),
        Some("done")
    );
    pair.bring_back();
    pair.session.run_trek(&["sync"]);
    let said = pair.on_a(&["sync"]);
    assert!(said.contains("received 1 (1 milestone changed)"), "{said}");
}

/// An ssh that connects to nothing and does not answer for longer than
/// any wait of the test.
const SILENT_SSH: &str = "#!/bin/sh\nexec sleep 20\n";

#[test]
fn a_remote_that_does_not_answer_keeps_neither_the_view_nor_the_quit_waiting() {
    let pair = Pair::new();
    let ssh = pair.session.dir().join("silent-ssh.sh");
    fs::write(&ssh, SILENT_SSH).expect("write the ssh");
    fs::set_permissions(&ssh, fs::Permissions::from_mode(0o755)).expect("make it runnable");
    pair.in_b_s_clone(&[
        "remote",
        "set-url",
        "origin",
        "ssh://trek.invalid/remote.git",
    ]);
    let ssh = ssh.display().to_string();
    pair.session.launch(&[("GIT_SSH_COMMAND", &ssh)]);
    // Drawn while the remote keeps the sync waiting.
    let screen = pair.session.wait_for_screen("Syncing");
    assert!(screen.contains("Demo trek"), "{screen}");
    pair.session
        .wait_for_screen("Not synced (the remote did not answer in time)");
    pair.session.send(&["Tab", "Tab", "Space"]);
    pair.session
        .wait_for_screen("[x] Send a request with each method");
    pair.session.send(&["q"]);
    pair.session.wait_for_screen("Syncing before leaving");
    // Had the quit waited for git, this would time out.
    assert_eq!(pair.session.wait_for_exit(), 0);
    let screen = pair.session.screen();
    assert!(
        screen.contains(
            "not synced (the remote did not answer in time); the next sync sends what waits"
        ),
        "{screen}"
    );
    assert_eq!(
        pair.session.stored_state("http/methods").as_deref(),
        Some("done")
    );
}

#[test]
fn sigterm_with_a_note_open_saves_it_and_still_sends_everything_and_says_so() {
    let pair = Pair::new();
    pair.session.launch(&[]);
    pair.session
        .wait_for_screen("Synced: sent 0 groups, received 0");
    pair.session.send(&["Tab", "Tab", "Space"]);
    pair.session
        .wait_for_screen("[x] Send a request with each method");
    pair.session.send(&["n"]);
    pair.session.wait_for_screen("Note");
    pair.session.send_raw("half a thought");
    pair.session.wait_for_screen("half a thought");
    pair.session.signal_trek("TERM");
    assert_eq!(pair.session.wait_for_exit(), 128 + 15);
    assert!(pair.session.terminal_was_restored());
    let screen = pair.session.screen();
    assert!(
        screen.contains("synced: sent 2 groups, received 0"),
        "{screen}"
    );
    let said = pair.on_a(&["sync"]);
    assert!(
        said.contains("received 2 (1 milestone and 1 note changed)"),
        "{said}"
    );
}

/// An ssh that reaches the bare repository on this machine, as slowly as
/// a remote across the world: each connection waits 0.8 s first.
const SLOW_SSH: &str = "#!/bin/sh\nsleep 0.8\nexec sh -c \"$2\"\n";

#[test]
fn closing_the_terminal_gives_a_slow_remote_the_whole_wait_to_take_what_was_done() {
    let pair = Pair::new();
    let ssh = pair.session.dir().join("slow-ssh.sh");
    fs::write(&ssh, SLOW_SSH).expect("write the ssh");
    fs::set_permissions(&ssh, fs::Permissions::from_mode(0o755)).expect("make it runnable");
    let url = format!("ssh://trek.invalid{}", pair.remote.display());
    pair.in_b_s_clone(&["remote", "set-url", "origin", &url]);
    // Run as `ssh HOST COMMAND`, with no options to understand.
    pair.in_b_s_clone(&["config", "ssh.variant", "simple"]);
    let ssh = ssh.display().to_string();
    pair.session.launch(&[("GIT_SSH_COMMAND", &ssh)]);
    pair.session
        .wait_for_screen("Synced: sent 0 groups, received 0");
    pair.session.send(&["Tab", "Tab", "Space"]);
    pair.session
        .wait_for_screen("[x] Send a request with each method");
    let trek = pair.session.trek_pid();
    // The pull and the push take longer than trek gives itself to stop
    // after a signal when nothing is being saved.
    pair.session.hang_up();
    support::wait_for_end(&trek);
    let said = pair.on_a(&["sync"]);
    assert!(said.contains("received 1 (1 milestone changed)"), "{said}");
}
