//! `trek sync` through real git and plain folders, with no network: every
//! remote is a bare repository in the test's own directory.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;

use crate::support::{Isolated, Sandbox};

/// One device: its own home, data dirs and database, and git that reads
/// no configuration from the machine.
struct Device {
    sandbox: Sandbox,
}

impl Device {
    fn new() -> Self {
        let sandbox = Sandbox::new();
        sandbox.write("road.toml", crate::synthetic::synthetic(1, 2, 60));
        sandbox.write("gitconfig", "");
        Device { sandbox }
    }

    fn trek(&self) -> Command {
        let mut command = self.sandbox.trek();
        git_env(&mut command, &self.sandbox.path("gitconfig"));
        command.args(["--roadmap", "road.toml", "--db", "progress.sqlite3"]);
        command.timeout(Duration::from_secs(60));
        command
    }

    /// `trek` as a plain process, to start several at once or kill one.
    fn process(&self, args: &[&str]) -> StdCommand {
        let mut command = StdCommand::new(assert_cmd::cargo::cargo_bin!("trek"));
        command
            .current_dir(self.sandbox.path(""))
            .env_remove("TREK_ROADMAP")
            .env_remove("TREK_DB")
            .isolated(&self.sandbox.path(""))
            .envs(git_vars(&self.sandbox.path("gitconfig")))
            .args(["--roadmap", "road.toml", "--db", "progress.sqlite3"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    }

    fn ok(&self, args: &[&str]) -> String {
        let output = self.trek().args(args).assert().success();
        String::from_utf8_lossy(&output.get_output().stdout).into_owned()
    }

    fn sync(&self) -> String {
        self.ok(&["sync"])
    }

    fn tick(&self, address: &str) {
        self.ok(&["check", address]);
    }

    /// What convergence compares: the status, and the backup less what
    /// tells devices apart (the exporting device and the export time).
    fn picture(&self) -> (String, serde_json::Value) {
        let status = self.ok(&["status", "--json"]);
        let mut backup: serde_json::Value =
            serde_json::from_str(&self.ok(&["export", "--format", "json"])).unwrap();
        let object = backup.as_object_mut().unwrap();
        object.remove("device");
        object.remove("exported_at");
        (status, backup)
    }

    fn folder(&self) -> PathBuf {
        self.sandbox.path("progress.sync")
    }
}

fn git_vars(config: &Path) -> Vec<(&'static str, std::ffi::OsString)> {
    vec![
        ("GIT_CONFIG_GLOBAL", config.as_os_str().to_owned()),
        ("GIT_CONFIG_NOSYSTEM", "1".into()),
        ("GIT_AUTHOR_NAME", "Tester".into()),
        ("GIT_AUTHOR_EMAIL", "tester@example.invalid".into()),
        ("GIT_COMMITTER_NAME", "Tester".into()),
        ("GIT_COMMITTER_EMAIL", "tester@example.invalid".into()),
    ]
}

fn git_env(command: &mut Command, config: &Path) {
    command.envs(git_vars(config));
}

/// A bare repository standing in for GitHub.
fn remote(sandbox: &Sandbox) -> String {
    let path = sandbox.path("remote.git");
    let status = StdCommand::new("git")
        .args(["init", "--quiet", "--bare"])
        .arg(&path)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .status()
        .expect("git");
    assert!(status.success());
    path.display().to_string()
}

fn devices(count: usize, remote: &str) -> Vec<Device> {
    (0..count)
        .map(|_| {
            let device = Device::new();
            device.ok(&["sync", "init", remote]);
            device
        })
        .collect()
}

fn sync_all(devices: &[&Device]) {
    for device in devices {
        device.sync();
    }
}

#[test]
fn three_devices_syncing_through_git_converge_on_everything() {
    let hub = Sandbox::new();
    let remote = remote(&hub);
    let [a, b, c]: [Device; 3] = devices(3, &remote).try_into().ok().unwrap();
    a.tick("p0-t0/m0");
    b.ok(&["note", "p0-t0", "from b"]);
    c.tick("p0-t1/m0");
    c.ok(&["undo"]);
    c.tick("p0-t1/m1");
    assert_eq!(a.sync(), "sent 1 group, received 0\n");
    b.sync();
    assert_eq!(
        c.sync(),
        "sent 3 groups, received 2 (1 milestone and 1 note changed)\n"
    );
    a.ok(&["skip", "p0-t0/m0"]);
    b.tick("p0-t0/m2");
    sync_all(&[&a, &b, &c]);
    // Undo after a sync reverts the newest group, made wherever it was.
    c.sync();
    assert!(c.ok(&["undo"]).contains("p0-t0/m2"));
    sync_all(&[&a, &b, &c]);
    sync_all(&[&a, &b, &c]);
    let pictures: Vec<_> = [&a, &b, &c].iter().map(|device| device.picture()).collect();
    assert_eq!(pictures[0], pictures[1]);
    assert_eq!(pictures[0], pictures[2]);
    let status = &pictures[0].0;
    assert!(status.contains("\"done\": 1"), "{status}");
    assert_eq!(a.ok(&["log"]), c.ok(&["log"]));
}

#[test]
fn two_devices_pushing_at_once_both_end_with_both_groups() {
    let hub = Sandbox::new();
    let remote = remote(&hub);
    let [a, b]: [Device; 2] = devices(2, &remote).try_into().ok().unwrap();
    a.tick("p0-t0/m0");
    b.tick("p0-t0/m1");
    let racing: Vec<_> = [&a, &b]
        .iter()
        .map(|device| device.process(&["sync"]).spawn().unwrap())
        .collect();
    for child in racing {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    sync_all(&[&a, &b]);
    for device in [&a, &b] {
        let status = device.ok(&["status", "--json"]);
        assert!(status.contains("\"done\": 2"), "{status}");
    }
}

#[test]
fn plain_folders_kept_in_step_by_copying_converge() {
    let (a, b) = (Device::new(), Device::new());
    for device in [&a, &b] {
        device.ok(&["sync", "init", "--folder", "shared"]);
    }
    a.tick("p0-t0/m0");
    a.ok(&["note", "p0-t0", "from a"]);
    b.tick("p0-t1/m0");
    let copy = |from: &Device, to: &Device| {
        let devices = from.sandbox.path("shared/devices");
        for entry in std::fs::read_dir(devices).unwrap() {
            let entry = entry.unwrap();
            let target = to.sandbox.path("shared/devices").join(entry.file_name());
            std::fs::copy(entry.path(), target).unwrap();
        }
    };
    assert_eq!(a.sync(), "sent 2 groups, received 0\n");
    b.sync();
    copy(&a, &b);
    assert_eq!(
        b.sync(),
        "sent 0 groups, received 2 (1 milestone and 1 note changed)\n"
    );
    copy(&b, &a);
    a.sync();
    b.ok(&["note", "p0-t0", "--clear"]);
    b.sync();
    copy(&b, &a);
    a.sync();
    assert_eq!(a.picture(), b.picture());
    let backup = a.ok(&["export", "--format", "json"]);
    assert!(backup.contains("p0-t1/m0"), "b's tick reached a");
}

#[test]
fn a_damaged_line_is_skipped_and_named_and_the_rest_applies() {
    let (a, b) = (Device::new(), Device::new());
    for device in [&a, &b] {
        device.ok(&["sync", "init", "--folder", "shared"]);
    }
    a.tick("p0-t0/m0");
    a.tick("p0-t0/m1");
    a.sync();
    let from = std::fs::read_dir(a.sandbox.path("shared/devices"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    let text = std::fs::read_to_string(from.path()).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let future = regex_free_future(&lines[1].replace("m1", "m2"));
    lines.insert(1, "{not json\u{1b}]52;".to_owned());
    lines.push(future);
    let peer = b.sandbox.path("shared/devices").join(from.file_name());
    std::fs::write(&peer, lines.join("\n") + "\n").unwrap();
    let name = from.file_name().to_string_lossy().into_owned();
    let output = b.sync();
    assert_eq!(
        output.lines().collect::<Vec<_>>(),
        [
            format!(
                "skipped devices/{name}:2: not a trek sync line: key must be a string at line 1 column 2"
            ),
            format!(
                "skipped devices/{name}:4: dated 2099-01-01T00:00:00Z, later than this machine's clock"
            ),
            "sent 0 groups, received 2 (2 milestones changed)".to_owned(),
        ]
    );
    let status = b.ok(&["status", "--json"]);
    assert!(status.contains("\"done\": 2"), "{status}");
}

/// The line with its time moved to 2099 and its identity changed.
fn regex_free_future(line: &str) -> String {
    let start = line.find("\"at\":\"").unwrap() + 6;
    let end = start + line[start..].find('"').unwrap();
    let mut line = format!("{}2099-01-01T00:00:00Z{}", &line[..start], &line[end..]);
    let id = line.find("\"id\":\"").unwrap() + 6;
    line.replace_range(id + 35..id + 36, "f");
    line
}

#[test]
fn a_folder_that_is_not_trek_s_is_refused() {
    let device = Device::new();
    device.sandbox.write("notes.txt", "mine");
    std::fs::create_dir(device.sandbox.path("taken")).unwrap();
    device.sandbox.write("taken/thesis.tex", "mine");
    device
        .trek()
        .args(["sync", "init", "--folder", "taken"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "is not empty and is not a trek sync folder",
        ));
    assert_eq!(
        std::fs::read_dir(device.sandbox.path("taken"))
            .unwrap()
            .count(),
        1
    );

    let hub = Sandbox::new();
    let remote = remote(&hub);
    let other = hub.path("other");
    let git = |args: &[&str]| {
        let status = StdCommand::new("git")
            .current_dir(&other)
            .args(args)
            .envs(git_vars(Path::new("/dev/null")))
            .status()
            .unwrap();
        assert!(status.success());
    };
    std::fs::create_dir(&other).unwrap();
    git(&["init", "--quiet"]);
    std::fs::write(other.join("README"), "someone else's").unwrap();
    git(&["add", "README"]);
    git(&["commit", "--quiet", "-m", "theirs"]);
    git(&["push", "--quiet", &remote, "HEAD:refs/heads/main"]);
    let stderr = device
        .trek()
        .args(["sync", "init", &remote])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8(stderr).unwrap();
    assert!(stderr.contains("is not a trek sync repository"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!device.folder().exists(), "the clone made for it is gone");
}

#[test]
fn a_remote_that_is_gone_fails_at_once_with_one_line() {
    let hub = Sandbox::new();
    let remote = remote(&hub);
    let [device]: [Device; 1] = devices(1, &remote).try_into().ok().unwrap();
    device.tick("p0-t0/m0");
    std::fs::remove_dir_all(hub.path("remote.git")).unwrap();
    let output = device.trek().arg("sync").assert().code(1);
    let stderr = String::from_utf8_lossy(&output.get_output().stderr).into_owned();
    assert!(stderr.starts_with("git pull failed: fatal: "), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        device
            .ok(&["sync", "--status"])
            .contains("0 groups waiting"),
        "the tick is in the folder, waiting for git"
    );
}

#[test]
fn a_remote_that_wants_a_password_fails_at_once_without_asking() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let _ = stream.write_all(
                b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"git\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
        }
    });
    let device = Device::new();
    let output = device
        .trek()
        .args([
            "sync",
            "init",
            &format!("http://127.0.0.1:{port}/me/trek.git"),
        ])
        .timeout(Duration::from_secs(20))
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&output.get_output().stderr).into_owned();
    assert!(stderr.starts_with("git clone failed: fatal: "), "{stderr}");
    assert!(
        stderr.contains("set up an ssh key or a credential helper"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

/// A small generator of delays, seeded from the clock and printed, so a
/// failing run can be repeated.
struct Delays(u64);

impl Delays {
    fn new() -> Self {
        let seed = std::env::var("TREK_TEST_SEED")
            .ok()
            .and_then(|seed| seed.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
            });
        println!("TREK_TEST_SEED={seed}");
        Delays(seed)
    }

    fn next(&mut self, below_ms: u64) -> Duration {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        Duration::from_millis((self.0 >> 33) % below_ms)
    }
}

#[test]
fn killing_sync_at_random_moments_loses_nothing_acknowledged() {
    let hub = Sandbox::new();
    let remote = remote(&hub);
    let pair: [Device; 2] = devices(2, &remote).try_into().ok().unwrap();
    let mut delays = Delays::new();
    for round in 0..50 {
        let device = &pair[round % 2];
        device.tick(&format!("p0-t{}/m{}", round % 2, round / 2));
        let mut sync = device.process(&["sync"]).spawn().unwrap();
        std::thread::sleep(delays.next(150));
        let _ = sync.kill();
        let _ = sync.wait();
    }
    for _ in 0..2 {
        for device in &pair {
            device.sync();
        }
    }
    for device in &pair {
        let status = device.ok(&["status", "--json"]);
        assert!(status.contains("\"done\": 50"), "{status}");
    }
    assert_eq!(pair[0].picture(), pair[1].picture());
}

#[test]
fn with_automatic_sync_a_change_travels_at_once_and_offline_is_only_a_note() {
    let hub = Sandbox::new();
    let remote = remote(&hub);
    let [a, b]: [Device; 2] = devices(2, &remote).try_into().ok().unwrap();
    for device in [&a, &b] {
        std::fs::create_dir_all(device.sandbox.path("xdg-config/trek")).unwrap();
        device
            .sandbox
            .write("xdg-config/trek/config.toml", "sync = \"auto\"\n");
    }
    let said = a.ok(&["check", "p0-t0/m0"]);
    assert!(
        said.ends_with("synced: sent 1 group, received 0\n"),
        "{said}"
    );
    let said = b.ok(&["note", "p0-t0", "from b"]);
    assert!(
        said.ends_with("synced: sent 1 group, received 1\n"),
        "{said}"
    );
    std::fs::remove_dir_all(hub.path("remote.git")).unwrap();
    let said = a.ok(&["undo"]);
    let last = said.lines().last().unwrap();
    assert!(
        last.starts_with("not synced (git pull failed: fatal: "),
        "{said}"
    );
    assert!(
        last.ends_with("); the next sync sends what waits"),
        "{said}"
    );
    let status = b.ok(&["status", "--json"]);
    assert!(
        status.contains("\"done\": 1"),
        "a's tick reached b: {status}"
    );
}

#[test]
fn with_automatic_sync_a_tick_offline_is_kept_and_only_noted() {
    let hub = Sandbox::new();
    let remote = remote(&hub);
    let [device]: [Device; 1] = devices(1, &remote).try_into().ok().unwrap();
    std::fs::create_dir_all(device.sandbox.path("xdg-config/trek")).unwrap();
    device
        .sandbox
        .write("xdg-config/trek/config.toml", "sync = \"auto\"\n");
    std::fs::remove_dir_all(hub.path("remote.git")).unwrap();
    let output = device.trek().args(["check", "p0-t0/m0"]).assert().success();
    let said = String::from_utf8_lossy(&output.get_output().stdout).into_owned();
    let last = said.lines().last().unwrap();
    assert!(
        last.starts_with("not synced (git pull failed: fatal: ")
            && last.ends_with("); the next sync sends what waits"),
        "{said}"
    );
    assert!(output.get_output().stderr.is_empty(), "{output:?}");
    let status = device.ok(&["status", "--json"]);
    assert!(status.contains("\"done\": 1"), "{status}");
    let waiting = device.ok(&["sync", "--status"]);
    assert!(
        waiting.ends_with(
            "0 groups waiting to be sent\nthe sync folder holds changes not pushed yet; `trek sync` pushes them\n"
        ),
        "{waiting}"
    );
}

/// A `git` that fails its first pull as a pull does when another git,
/// left running by a killed sync, rewrote `FETCH_HEAD` under it; every
/// other call goes to the real git.
fn git_clashing_once(sandbox: &Sandbox) -> PathBuf {
    let real = StdCommand::new("sh")
        .args(["-c", "command -v git"])
        .output()
        .expect("sh runs");
    let real = String::from_utf8_lossy(&real.stdout).trim().to_owned();
    assert!(!real.is_empty(), "git is on the path");
    let dir = sandbox.path("fake-bin");
    std::fs::create_dir_all(&dir).unwrap();
    let clashed = sandbox.path("clashed");
    let script = format!(
        "#!/bin/sh\n\
         for arg; do [ \"$arg\" = pull ] && pulling=1; done\n\
         if [ -n \"$pulling\" ] && [ ! -e '{clashed}' ]; then\n\
         \x20 : > '{clashed}'\n\
         \x20 echo \"Your configuration specifies to merge with the ref 'refs/heads/master'\" >&2\n\
         \x20 echo 'from the remote, but no such ref was fetched.' >&2\n\
         \x20 exit 1\n\
         fi\n\
         exec '{real}' \"$@\"\n",
        clashed = clashed.display(),
    );
    let git = dir.join("git");
    std::fs::write(&git, script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&git, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

#[test]
fn a_pull_that_clashed_with_a_left_over_git_is_tried_again() {
    let hub = Sandbox::new();
    let remote = remote(&hub);
    let [a, b]: [Device; 2] = devices(2, &remote).try_into().ok().unwrap();
    a.tick("p0-t0/m0");
    a.sync();
    b.tick("p0-t0/m1");
    let fake = git_clashing_once(&b.sandbox);
    let path = std::env::join_paths(
        std::iter::once(fake).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let output = b.trek().arg("sync").env("PATH", path).assert().success();
    assert_eq!(
        String::from_utf8_lossy(&output.get_output().stdout),
        "sent 1 group, received 1 (1 milestone changed)\n"
    );
    assert!(b.sandbox.path("clashed").exists(), "the first pull clashed");
}

#[test]
fn a_copied_database_syncs_as_a_new_device_and_both_converge() {
    let hub = Sandbox::new();
    let remote = remote(&hub);
    let [a]: [Device; 1] = devices(1, &remote).try_into().ok().unwrap();
    a.tick("p0-t0/m0");
    a.sync();
    // The learner copies the whole data directory to a second machine.
    let b = Device::new();
    let copied = StdCommand::new("cp")
        .arg("-a")
        .arg(a.sandbox.path("progress.sqlite3"))
        .arg(a.folder())
        .arg(b.sandbox.path(""))
        .status()
        .expect("cp");
    assert!(copied.success());
    b.tick("p0-t0/m1");
    a.tick("p0-t0/m2");

    // On the second machine the original's clone is nowhere: the copy
    // syncs through the clone copied beside it.
    let away = a.sandbox.path("progress.sync.away");
    std::fs::rename(a.folder(), &away).unwrap();
    let said = b.sync();
    std::fs::rename(&away, a.folder()).unwrap();
    assert!(
        said.starts_with("this database was copied or moved, so it now syncs as a new device\n"),
        "{said}"
    );
    assert!(!a.sync().contains("copied"), "the original keeps its id");
    sync_all(&[&b, &a]);
    assert_eq!(a.picture(), b.picture());
    assert!(a.ok(&["status", "--json"]).contains("\"done\": 3"));
    let files = std::fs::read_dir(a.folder().join("devices"))
        .unwrap()
        .count();
    assert_eq!(files, 2, "one file per device");
    let status = a.ok(&["sync", "--status"]);
    assert!(!status.contains("not pushed"), "{status}");
}

#[test]
fn with_automatic_sync_a_redo_and_a_rating_travel_at_once() {
    let hub = Sandbox::new();
    let remote = remote(&hub);
    let [a, b]: [Device; 2] = devices(2, &remote).try_into().ok().unwrap();
    std::fs::create_dir_all(a.sandbox.path("xdg-config/trek")).unwrap();
    a.sandbox
        .write("xdg-config/trek/config.toml", "sync = \"auto\"\n");
    a.ok(&["check", "p0-t0/m0"]);
    a.ok(&["undo"]);
    let said = a.ok(&["redo"]);
    assert!(
        said.ends_with("synced: sent 1 group, received 0\n"),
        "{said}"
    );
    a.ok(&["review", "add", "p0-t1"]);
    let said = a.ok(&["review", "p0-t1", "--rate", "good"]);
    assert!(
        said.ends_with("synced: sent 1 group, received 0\n"),
        "{said}"
    );
    b.sync();
    let log = b.ok(&["log"]);
    assert!(log.contains("review good"), "{log}");
    assert!(b.ok(&["status", "--json"]).contains("\"done\": 1"));
}

#[test]
fn sync_init_makes_the_data_directory_and_the_clone_private_and_a_bare_sync_makes_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let hub = Sandbox::new();
    let remote = remote(&hub);
    let device = Device::new();
    let mut init = device.sandbox.trek();
    git_env(&mut init, &device.sandbox.path("gitconfig"));
    init.args([
        "--roadmap",
        "road.toml",
        "--db",
        "data/trek/progress.sqlite3",
    ])
    .args(["sync", "init", &remote])
    .assert()
    .success();
    let mode = |path: &str| {
        std::fs::metadata(device.sandbox.path(path))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode("data"), 0o700);
    assert_eq!(mode("data/trek"), 0o700);
    assert_eq!(mode("data/trek/progress.sync"), 0o700);

    let fresh = Device::new();
    fresh
        .trek()
        .arg("sync")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no sync folder yet"));
    assert!(!fresh.sandbox.path("progress.sqlite3").exists());
}
