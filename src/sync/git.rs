//! Running the `git` program on the sync folder's clone, with every prompt
//! off: credentials come from the learner's own git and ssh setup, and one
//! that is missing fails at once instead of waiting for a password.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Instant;

use super::SyncError;
use crate::text::one_line;

/// A git clone trek works in.
pub struct Git {
    dir: PathBuf,
    /// Past this moment every git command is stopped and fails.
    deadline: Option<Instant>,
}

/// What a `git status` says about the clone.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Status {
    /// Files changed or new in the work tree, each with whether git
    /// tracks it.
    pub changed: Vec<(String, bool)>,
    /// Commits here that the remote has not got.
    pub ahead: bool,
}

impl Git {
    /// The clone in `dir`.
    pub fn new(dir: &Path) -> Self {
        Git {
            dir: dir.to_owned(),
            deadline: None,
        }
    }

    /// This clone, with every git command stopped at `deadline`.
    pub fn until(self, deadline: Option<Instant>) -> Self {
        Git { deadline, ..self }
    }

    /// Clones `remote` into `dir` (which must not exist yet).
    pub fn clone(remote: &str, dir: &Path) -> Result<Git, SyncError> {
        // From where trek runs, so a remote given as a relative path means
        // what it says.
        let mut command = command(Path::new("."));
        command.args(["clone", "--quiet", "--", remote]).arg(dir);
        run(command, "git clone", None)?;
        Ok(Git::new(dir))
    }

    /// Whether the remote had no branch at all when cloned: a new,
    /// empty repository.
    pub fn is_empty(&self) -> Result<bool, SyncError> {
        let refs = self.run(
            &["for-each-ref", "--count=1", "refs/remotes"],
            "git for-each-ref",
        )?;
        Ok(refs.is_empty())
    }

    /// The clone's `origin` remote.
    pub fn remote(&self) -> Option<String> {
        let output = self.output(&["remote", "get-url", "origin"]).ok()?;
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
    }

    /// Undoes what a killed git left half done: lock files, and a rebase
    /// stopped midway. A git started by a trek that was killed may still be
    /// finishing, so its locks get [`STALE_AFTER`] to go by themselves.
    pub fn recover(&self) -> Result<(), SyncError> {
        let git_dir = self.dir.join(".git");
        let waited_since = std::time::Instant::now();
        let mut locks = lock_files(&git_dir);
        while !locks.is_empty() && waited_since.elapsed() < STALE_AFTER {
            std::thread::sleep(std::time::Duration::from_millis(20));
            locks = lock_files(&git_dir);
        }
        for lock in locks {
            std::fs::remove_file(&lock).map_err(|error| {
                SyncError::failed(format!(
                    "{}: {}",
                    lock.display(),
                    super::folder::reason(&error)
                ))
            })?;
        }
        if git_dir.join("rebase-merge").exists() || git_dir.join("rebase-apply").exists() {
            self.run(&["rebase", "--abort"], "git rebase --abort")?;
        }
        Ok(())
    }

    /// Whether anything waits to be committed or pushed.
    pub fn status(&self) -> Result<Status, SyncError> {
        let output = self.run(
            &[
                "status",
                "--porcelain=v2",
                "--branch",
                "--untracked-files=all",
            ],
            "git status",
        )?;
        let text = String::from_utf8_lossy(&output);
        let mut status = Status::default();
        for line in text.lines() {
            if let Some(counts) = line.strip_prefix("# branch.ab ") {
                status.ahead = !counts.starts_with("+0 ");
            } else if let Some(path) = line.strip_prefix("? ") {
                status.changed.push((path.to_owned(), false));
            } else if line.starts_with("1 ") {
                // `1 XY sub mH mI mW hH hI path`: the path is the ninth field.
                if let Some(path) = line.splitn(9, ' ').nth(8) {
                    status.changed.push((path.to_owned(), true));
                }
            }
        }
        Ok(status)
    }

    /// Commits `paths` as trek's own commit.
    pub fn commit(&self, paths: &[&str], message: &str) -> Result<(), SyncError> {
        let mut add = vec!["add", "--"];
        add.extend_from_slice(paths);
        self.run(&add, "git add")?;
        self.run(
            &["commit", "--quiet", "--no-verify", "-m", message, "--"],
            "git commit",
        )
        .map(drop)
    }

    /// Puts tracked `paths` back as the last commit has them: what a
    /// checkout stopped midway left of other devices' files.
    pub fn restore(&self, paths: &[&str]) -> Result<(), SyncError> {
        let mut checkout = vec!["checkout", "HEAD", "--"];
        checkout.extend_from_slice(paths);
        self.run(&checkout, "git checkout").map(drop)
    }

    /// Fetches and rebases onto what other devices pushed.
    ///
    /// A git left running by a sync that was killed may still be fetching
    /// into this clone, and two fetches rewrite `FETCH_HEAD` over each
    /// other: the pull then finds "no such ref was fetched". That clash
    /// passes once the other git ends, so the pull is tried again.
    pub fn pull(&self) -> Result<(), SyncError> {
        let mut attempts = 0;
        loop {
            let output = self.output(&["pull", "--rebase", "--quiet", "--no-autostash"])?;
            if output.status.success() {
                return Ok(());
            }
            attempts += 1;
            let clashed =
                String::from_utf8_lossy(&output.stderr).contains("no such ref was fetched");
            if !clashed || attempts == PULL_ATTEMPTS {
                return Err(failure("git pull", &output.stderr));
            }
            std::thread::sleep(STALE_AFTER / 4);
        }
    }

    /// Pushes; `false` when the remote refused because another device
    /// pushed first.
    pub fn push(&self) -> Result<bool, SyncError> {
        let output = self.output(&["push", "--quiet", "origin", "HEAD"])?;
        if output.status.success() {
            return Ok(true);
        }
        let message = String::from_utf8_lossy(&output.stderr);
        // Refused for a newer remote branch, or (on a shared disk) for a
        // ref another push was updating at that moment.
        if message.contains("rejected]") || message.contains("fetch first") {
            return Ok(false);
        }
        Err(failure("git push", &output.stderr))
    }

    /// Pushes the first commit and makes the remote's branch the one to pull.
    pub fn push_first(&self) -> Result<(), SyncError> {
        self.run(
            &["push", "--quiet", "--set-upstream", "origin", "HEAD"],
            "git push",
        )
        .map(drop)
    }

    fn run(&self, args: &[&str], what: &str) -> Result<Vec<u8>, SyncError> {
        let mut command = command(&self.dir);
        command.args(args);
        run(command, what, self.deadline)
    }

    fn output(&self, args: &[&str]) -> Result<Output, SyncError> {
        let mut command = command(&self.dir);
        command.args(args);
        finish(command, self.deadline)
    }
}

/// How often a pull that clashed with a left-over git is tried.
const PULL_ATTEMPTS: u32 = 4;

/// How long a lock file left in the clone may be a git still at work.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(2);

/// The lock files git leaves when stopped midway: the index's, `HEAD`'s,
/// the config's and each ref's.
fn lock_files(git_dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![git_dir.to_owned(), git_dir.join("refs")];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let is_dir = entry.file_type().is_ok_and(|kind| kind.is_dir());
            if is_dir && path.starts_with(git_dir.join("refs")) {
                pending.push(path);
            } else if !is_dir && path.extension().is_some_and(|ext| ext == "lock") {
                found.push(path);
            }
        }
    }
    found
}

/// `git` in `dir` with prompts off, trek's identity for its commits, and
/// messages in English so trek can read them.
fn command(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .current_dir(dir)
        .stdin(Stdio::null())
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GCM_INTERACTIVE", "never")
        .env("SSH_ASKPASS_REQUIRE", "never")
        .env("LC_ALL", "C")
        .args([
            "-c",
            "credential.interactive=never",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "user.name=trek",
            "-c",
            "user.email=trek@localhost",
            "-c",
            "core.hooksPath=/dev/null",
        ]);
    if std::env::var_os("GIT_SSH_COMMAND").is_none() && std::env::var_os("GIT_SSH").is_none() {
        command.env(
            "GIT_SSH_COMMAND",
            "ssh -o BatchMode=yes -o ConnectTimeout=10",
        );
    }
    command
}

fn run(command: Command, what: &str, deadline: Option<Instant>) -> Result<Vec<u8>, SyncError> {
    let output = finish(command, deadline)?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(failure(what, &output.stderr))
    }
}

/// Runs `command` to its end, or stops it at `deadline`: a sync that
/// must not keep the learner waiting leaves the rest for the next one.
fn finish(mut command: Command, deadline: Option<Instant>) -> Result<Output, SyncError> {
    let Some(deadline) = deadline else {
        return command.output().map_err(spawn_failure);
    };
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(spawn_failure)?;
    let id = child.id();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || sender.send(child.wait_with_output()));
    let left = deadline.saturating_duration_since(Instant::now());
    match receiver.recv_timeout(left) {
        Ok(output) => output.map_err(spawn_failure),
        Err(_) => {
            #[cfg(unix)]
            if let Some(pid) = rustix::process::Pid::from_raw(id as i32) {
                let _ = rustix::process::kill_process(pid, rustix::process::Signal::KILL);
            }
            Err(SyncError::failed(
                "the remote did not answer in time".into(),
            ))
        }
    }
}

fn spawn_failure(error: std::io::Error) -> SyncError {
    if error.kind() == std::io::ErrorKind::NotFound {
        SyncError::failed("cannot run git: it is not installed (or not on PATH)".into())
    } else {
        SyncError::failed(format!("cannot run git: {}", one_line(&error.to_string())))
    }
}

/// A failed git command as one line: git's own last `fatal:` or `error:`
/// line, which names what went wrong.
fn failure(what: &str, stderr: &[u8]) -> SyncError {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    let line = lines
        .iter()
        .find(|line| line.starts_with("fatal:"))
        .or_else(|| lines.iter().find(|line| line.starts_with("error:")))
        .or(lines.last())
        .copied()
        .unwrap_or("no message");
    let hint = if [
        "Username",
        "password",
        "Permission denied",
        "Authentication failed",
    ]
    .iter()
    .any(|needle| line.contains(needle))
    {
        "; trek lets git ask for no password, so set up an ssh key or a credential helper"
    } else {
        ""
    };
    SyncError::failed(format!("{what} failed: {}{hint}", one_line(line)))
}
