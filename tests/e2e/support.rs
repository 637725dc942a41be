//! A detached tmux session running `trek`, and ways to watch and drive it.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::thread::sleep;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use tempfile::TempDir;

/// How long any wait may take before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(20);
const NAME: &str = "trek-e2e";

/// `trek` running in its own tmux server, in a 120x40 window.
pub struct Session {
    dir: TempDir,
    socket: PathBuf,
    db: PathBuf,
}

impl Session {
    /// Starts `trek` on `roadmap` with a new database.
    pub fn start(roadmap: &str) -> Session {
        Session::start_with_db(roadmap, |dir| dir.join("progress.sqlite3"))
    }

    /// Starts `trek` on `roadmap` with the database `db` makes in the
    /// session's directory.
    pub fn start_with_db(roadmap: &str, db: impl FnOnce(&Path) -> PathBuf) -> Session {
        Session::start_with(roadmap, db, "")
    }

    /// Starts `trek` on `roadmap` in a pane whose colours tmux reports as
    /// `style` (`bg=white,fg=black`) when asked, as a terminal does.
    pub fn start_in_colours(roadmap: &str, style: &str) -> Session {
        let session = Session::prepare(roadmap);
        session.launch_in_colours(&[], style);
        session
    }

    /// Starts `trek` on `roadmap` with `EDITOR` set to `editor`, a shell
    /// script run from the session's directory, which is also `TMPDIR`.
    pub fn start_with_editor(roadmap: &str, editor: &str) -> Session {
        Session::start_with(roadmap, |dir| dir.join("progress.sqlite3"), editor)
    }

    fn start_with(roadmap: &str, db: impl FnOnce(&Path) -> PathBuf, editor: &str) -> Session {
        let session = Session::prepare_with(roadmap, db, editor);
        session.launch(&[]);
        session
    }

    /// A session ready to start `trek` on `roadmap` with a new database,
    /// for a test to set up first (a config file, a sync folder) and then
    /// [`launch`](Session::launch).
    pub fn prepare(roadmap: &str) -> Session {
        Session::prepare_with(roadmap, |dir| dir.join("progress.sqlite3"), "")
    }

    fn prepare_with(roadmap: &str, db: impl FnOnce(&Path) -> PathBuf, editor: &str) -> Session {
        require_tmux();
        let dir = tempfile::tempdir().expect("temporary directory");
        let roadmap_path = dir.path().join("roadmap.toml");
        fs::write(&roadmap_path, roadmap).expect("write the roadmap");
        let db = db(dir.path());
        let editor_path = dir.path().join("editor.sh");
        fs::write(&editor_path, format!("#!/bin/sh\n{editor}\n")).expect("write the editor");
        let executable = fs::Permissions::from_mode(0o755);
        fs::set_permissions(&editor_path, executable.clone()).expect("make the editor runnable");
        // A browser that only notes which link it was asked to open.
        let browser_path = dir.path().join("browser.sh");
        let browser = format!(
            "#!/bin/sh\necho \"$1\" >> {}\n",
            quote(&dir.path().join("opened.txt"))
        );
        fs::write(&browser_path, browser).expect("write the browser");
        fs::set_permissions(&browser_path, executable).expect("make the browser runnable");
        Session {
            socket: dir.path().join("tmux.sock"),
            db,
            dir,
        }
    }

    /// Starts `trek` in the session's terminal, with `env` (name, value)
    /// set besides the sandbox's own variables.
    pub fn launch(&self, env: &[(&str, &str)]) {
        self.launch_in_colours(env, "default");
    }

    /// [`launch`](Session::launch) in a pane whose colours are `style`.
    fn launch_in_colours(&self, env: &[(&str, &str)], style: &str) {
        let extra: Vec<String> = env
            .iter()
            .map(|(name, value)| format!("{name}={}", quote(Path::new(value))))
            .collect();
        // The shell records the exit code and the terminal's mode once trek
        // is gone (the last file renamed into place when complete), then
        // keeps the pane open so its screen can be read.
        let command = format!(
            "cd {dir} && env -u TREK_CONFIG TERM=xterm-256color TMPDIR={dir} EDITOR={editor} \
             HOME={dir}/home BROWSER={dir}/browser.sh \
             XDG_DATA_HOME={dir}/xdg-data XDG_CONFIG_HOME={dir}/xdg-config \
             XDG_CACHE_HOME={dir}/xdg-cache XDG_STATE_HOME={dir}/xdg-state \
             GIT_CONFIG_NOSYSTEM=1 {extra} \
             {trek} --roadmap {roadmap} --db {db}; \
             echo EXIT=$? > {exit}; stty -a > {stty}.part; mv {stty}.part {stty}; \
             exec sleep 60",
            dir = quote(self.dir.path()),
            editor = quote(&self.dir.path().join("editor.sh")),
            extra = extra.join(" "),
            trek = quote(Path::new(env!("CARGO_BIN_EXE_trek"))),
            roadmap = quote(&self.dir.path().join("roadmap.toml")),
            db = quote(&self.db),
            exit = quote(&self.exit_file()),
            stty = quote(&self.stty_file()),
        );
        let output = self.tmux(&[
            "start-server",
            ";",
            "set-option",
            "-g",
            "window-style",
            style,
            ";",
            "new-session",
            "-d",
            "-s",
            NAME,
            "-x",
            "120",
            "-y",
            "40",
            &command,
        ]);
        assert!(output.status.success(), "tmux new-session: {output:?}");
    }

    /// The session's temporary directory.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    fn exit_file(&self) -> PathBuf {
        self.dir.path().join("exit")
    }

    fn stty_file(&self) -> PathBuf {
        self.dir.path().join("stty")
    }

    fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .arg("-f")
            .arg("/dev/null")
            .args(args)
            .output()
            .expect("tmux runs")
    }

    /// The visible screen, as text.
    pub fn screen(&self) -> String {
        let output = self.tmux(&["capture-pane", "-p", "-t", NAME]);
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// The visible screen with its colours and attributes, as escape
    /// sequences.
    pub fn screen_in_colour(&self) -> String {
        let output = self.tmux(&["capture-pane", "-e", "-p", "-t", NAME]);
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Sends keys by tmux name (`Tab`, `Space`, `q`).
    pub fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", NAME];
        args.extend_from_slice(keys);
        let output = self.tmux(&args);
        assert!(output.status.success(), "tmux send-keys: {output:?}");
    }

    /// Resizes the terminal, as dragging its window's corner does.
    pub fn resize(&self, width: u16, height: u16) {
        let (width, height) = (width.to_string(), height.to_string());
        let output = self.tmux(&["resize-window", "-t", NAME, "-x", &width, "-y", &height]);
        assert!(output.status.success(), "tmux resize-window: {output:?}");
    }

    /// Pastes `text` as a terminal does: wrapped in bracketed-paste
    /// markers when the program asked for them, line feeds sent as CR.
    pub fn paste(&self, text: &str) {
        self.paste_with(text, &["-p"]);
    }

    /// Sends `text` to trek's input as it is, in one write, as a terminal
    /// without bracketed paste pastes; escape sequences are sent as given.
    pub fn send_raw(&self, text: &str) {
        self.paste_with(text, &["-r"]);
    }

    fn paste_with(&self, text: &str, flags: &[&str]) {
        let file = self.dir.path().join("paste.txt");
        fs::write(&file, text).expect("write the paste");
        let file = file.display().to_string();
        let output = self.tmux(&["load-buffer", &file]);
        assert!(output.status.success(), "tmux load-buffer: {output:?}");
        let mut args = vec!["paste-buffer", "-d", "-t", NAME];
        args.extend_from_slice(flags);
        let output = self.tmux(&args);
        assert!(output.status.success(), "tmux paste-buffer: {output:?}");
    }

    /// From now on, appends everything trek writes to the terminal to a
    /// file; its path.
    pub fn record_output(&self) -> PathBuf {
        let file = self.dir.path().join("output.bin");
        fs::write(&file, "").expect("create the output file");
        let command = format!("cat >> {}", quote(&file));
        let output = self.tmux(&["pipe-pane", "-o", "-t", NAME, &command]);
        assert!(output.status.success(), "tmux pipe-pane: {output:?}");
        file
    }

    /// Runs a trek subcommand on the session's roadmap and database, as
    /// another shell would.
    pub fn run_trek(&self, args: &[&str]) {
        self.run_trek_on(&self.db, args);
    }

    /// Runs a trek subcommand on the session's roadmap and the database
    /// `db` (another device's, say), as another shell would; what it
    /// printed.
    pub fn run_trek_on(&self, db: &Path, args: &[&str]) -> String {
        let status = Command::new(env!("CARGO_BIN_EXE_trek"))
            .arg("--roadmap")
            .arg(self.dir.path().join("roadmap.toml"))
            .arg("--db")
            .arg(db)
            .args(args)
            .current_dir(self.dir.path())
            .env("HOME", self.dir.path().join("home"))
            .env("XDG_DATA_HOME", self.dir.path().join("xdg-data"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("xdg-config"))
            .env("XDG_CACHE_HOME", self.dir.path().join("xdg-cache"))
            .env("XDG_STATE_HOME", self.dir.path().join("xdg-state"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("TREK_CONFIG")
            .output()
            .expect("trek runs");
        assert!(status.status.success(), "trek {args:?}: {status:?}");
        String::from_utf8_lossy(&status.stdout).into_owned()
    }

    /// Waits until the screen shows `text`; the screen then.
    pub fn wait_for_screen(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "{text:?} did not appear within {TIMEOUT:?}; the screen:\n{screen}"
            );
            sleep(POLL);
        }
    }

    /// Waits for trek to exit; its exit code.
    pub fn wait_for_exit(&self) -> i32 {
        let start = Instant::now();
        loop {
            // The stty file appears last and whole, so both are complete then.
            if self.stty_file().exists()
                && let Ok(text) = fs::read_to_string(self.exit_file())
                && let Some(code) = text.trim().strip_prefix("EXIT=")
            {
                return code.parse().expect("a numeric exit code");
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "trek did not exit within {TIMEOUT:?}; the screen:\n{}",
                self.screen()
            );
            sleep(POLL);
        }
    }

    /// True when the terminal left behind is back in its ordinary mode
    /// (line editing and echo on), as `stty -a` reported after trek exited.
    pub fn terminal_was_restored(&self) -> bool {
        let stty = fs::read_to_string(self.stty_file()).expect("stty output");
        let flags: Vec<&str> = stty.split_whitespace().collect();
        flags.contains(&"icanon") && flags.contains(&"echo")
    }

    /// The process id of the trek running in the pane.
    pub fn trek_pid(&self) -> String {
        let output = self.tmux(&["display-message", "-p", "-t", NAME, "#{pane_pid}"]);
        let shell = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        let children = format!("/proc/{shell}/task/{shell}/children");
        let trek = fs::read_to_string(&children).expect("the pane's shell has children");
        let trek = trek.split_whitespace().next();
        trek.expect("trek runs in the pane").to_owned()
    }

    /// Sends a signal (`TERM`, `HUP`) to the trek process in the pane.
    pub fn signal_trek(&self, signal: &str) {
        let trek = self.trek_pid();
        let status = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(&trek)
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -{signal} {trek}");
    }

    /// Closes the terminal under trek, as closing a terminal window does.
    pub fn hang_up(&self) {
        let output = self.tmux(&["kill-server"]);
        assert!(output.status.success(), "tmux kill-server: {output:?}");
    }

    /// How many changes (groups, as `trek undo` counts them) the database holds.
    pub fn stored_changes(&self) -> i64 {
        let connection = Connection::open_with_flags(&self.db, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("the database opens read-only");
        connection
            .query_row("SELECT count(*) FROM groups", [], |row| row.get(0))
            .expect("the groups table reads")
    }

    /// The stored note of a topic, read as another program would.
    pub fn stored_note(&self, topic: &str) -> Option<String> {
        let connection = Connection::open_with_flags(&self.db, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("the database opens read-only");
        connection
            .query_row("SELECT text FROM notes WHERE topic = ?1", [topic], |row| {
                row.get(0)
            })
            .optional()
            .expect("the notes table reads")
    }

    /// The stored state of `TOPIC/MILESTONE`, read as another program would.
    pub fn stored_state(&self, address: &str) -> Option<String> {
        stored_state_in(&self.db, address)
    }
}

/// The state of `TOPIC/MILESTONE` stored in the database `db`.
pub fn stored_state_in(db: &Path, address: &str) -> Option<String> {
    let connection = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("the database opens read-only");
    connection
        .query_row(
            "SELECT state FROM states WHERE address = ?1",
            [address],
            |row| row.get(0),
        )
        .optional()
        .expect("the states table reads")
}

/// Waits until `path` exists and holds a line; its contents then.
pub fn wait_for_file(path: &Path) -> String {
    let start = Instant::now();
    loop {
        if let Ok(text) = fs::read_to_string(path)
            && text.ends_with('\n')
        {
            return text;
        }
        assert!(
            start.elapsed() < TIMEOUT,
            "{} did not appear within {TIMEOUT:?}",
            path.display()
        );
        sleep(POLL);
    }
}

/// Waits until process `pid` has ended (gone, or a zombie nobody reaped).
pub fn wait_for_end(pid: &str) {
    let start = Instant::now();
    loop {
        let ended = match fs::read_to_string(format!("/proc/{pid}/stat")) {
            Err(_) => true,
            // The state follows the parenthesised command name.
            Ok(stat) => stat
                .rsplit_once(") ")
                .is_some_and(|(_, rest)| rest.starts_with('Z') || rest.starts_with('X')),
        };
        if ended {
            return;
        }
        assert!(
            start.elapsed() < TIMEOUT,
            "trek (pid {pid}) still runs {TIMEOUT:?} after its terminal went away"
        );
        sleep(POLL);
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Only this test's own server, by its socket.
        let _ = self.tmux(&["kill-server"]);
    }
}

fn require_tmux() {
    let found = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|output| output.status.success());
    assert!(
        found,
        "tmux is required for the end-to-end tests: install it (apt-get install tmux), \
         as .ci/run does"
    );
}

/// `path` quoted for `sh`.
fn quote(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', r"'\''"))
}
