//! Helpers shared by the command-line tests.

use std::path::PathBuf;

use assert_cmd::Command;
use tempfile::TempDir;

/// A scratch directory where `trek` runs, so paths in messages are short.
pub struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temporary directory"),
        }
    }

    /// A sandbox holding [`VALID_ROADMAP`] as `road.toml`.
    pub fn with_demo_roadmap() -> Self {
        let sandbox = Self::new();
        sandbox.write("road.toml", VALID_ROADMAP);
        sandbox
    }

    /// `trek --roadmap road.toml --db progress.sqlite3`, for the demo roadmap.
    pub fn demo(&self) -> Command {
        let mut command = self.trek();
        command.args(["--roadmap", "road.toml", "--db", "progress.sqlite3"]);
        command
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, contents).expect("write fixture");
        path
    }

    /// `sh -c SCRIPT` in the sandbox, with `trek` on the path and at most
    /// 256 MiB of address space, so a regression that reads without bound
    /// fails the test instead of exhausting the machine.
    pub fn shell_under_memory_limit(&self, script: &str) -> Command {
        let binary = assert_cmd::cargo::cargo_bin("trek");
        let bin_dir = binary.parent().expect("binary directory");
        let path = format!(
            "{}:{}",
            bin_dir.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mut command = self.in_sandbox(Command::new("sh"));
        command
            .arg("-c")
            .arg(format!("ulimit -v 262144 && {script}"))
            .env("PATH", path);
        command
    }

    /// `trek` with the sandbox as working directory and no outside settings.
    pub fn trek(&self) -> Command {
        self.in_sandbox(Command::cargo_bin("trek").expect("trek binary"))
    }

    /// `command` run in the sandbox, with no setting from outside it.
    fn in_sandbox(&self, mut command: Command) -> Command {
        command
            .current_dir(self.dir.path())
            .env_remove("TREK_ROADMAP")
            .env_remove("TREK_DB")
            .isolated(self.dir.path())
            .env("NO_COLOR", "1");
        command
    }
}

/// A small valid roadmap that tests break in one place at a time.
pub const VALID_ROADMAP: &str = include_str!("../fixtures/demo.toml");

/// `VALID_ROADMAP` with the first `from` replaced by `to`; panics if absent,
/// so a fixture can never silently stop testing what it claims to.
pub fn roadmap_with(from: &str, to: &str) -> String {
    assert!(VALID_ROADMAP.contains(from), "fixture has no {from:?}");
    VALID_ROADMAP.replacen(from, to, 1)
}

/// Points every directory trek could fall back to (home, and the XDG data,
/// config, cache and state directories) into `dir`, and drops settings
/// named from outside, so no test reads or writes the real ones.
pub trait Isolated {
    fn isolated(&mut self, dir: &std::path::Path) -> &mut Self;
}

const PRIVATE_DIRS: [(&str, &str); 5] = [
    ("HOME", "home"),
    ("XDG_DATA_HOME", "xdg-data"),
    ("XDG_CONFIG_HOME", "xdg-config"),
    ("XDG_CACHE_HOME", "xdg-cache"),
    ("XDG_STATE_HOME", "xdg-state"),
];

/// Each variable of [`PRIVATE_DIRS`] with its directory inside `dir`.
fn private_dirs(dir: &std::path::Path) -> impl Iterator<Item = (&'static str, PathBuf)> + '_ {
    PRIVATE_DIRS
        .into_iter()
        .map(move |(variable, name)| (variable, dir.join(name)))
}

/// Variables naming settings outside the sandbox.
const OUTSIDE_SETTINGS: [&str; 3] = ["TREK_CONFIG", "TREK_HOURS_PER_WEEK", "TREK_THEME"];

impl Isolated for std::process::Command {
    fn isolated(&mut self, dir: &std::path::Path) -> &mut Self {
        for variable in OUTSIDE_SETTINGS {
            self.env_remove(variable);
        }
        self.envs(private_dirs(dir))
    }
}

impl Isolated for Command {
    fn isolated(&mut self, dir: &std::path::Path) -> &mut Self {
        for variable in OUTSIDE_SETTINGS {
            self.env_remove(variable);
        }
        self.envs(private_dirs(dir))
    }
}
