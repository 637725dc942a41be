//! What every progress command and the interactive view start from: the
//! loaded roadmap, where its progress lives, and how to show it. It sits
//! below both `commands` and `tui`, so neither depends on the other.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

use crate::cli::{Cli, ColorChoice};
use crate::config::{Config, Theme};
use crate::failure::Failure;
use crate::roadmap::{Address, Roadmap, load};
use crate::store::{Progress, Store, default_path};
use crate::suggest::nearest;

/// The loaded roadmap, where its progress lives, and how to show it.
pub struct Context {
    /// Shared, so the review cache's filler holds it without a copy.
    pub roadmap: Arc<Roadmap>,
    pub db: PathBuf,
    pub color: ColorChoice,
    /// `--ascii`: no Unicode glyphs, whatever the locale says.
    pub ascii: bool,
    /// The learner's settings file, already checked.
    pub config: Config,
    /// The view's palette: `--theme` or `TREK_THEME`, else the settings file's.
    pub theme: Theme,
}

impl Context {
    /// Loads the roadmap and the settings (failing before any database is
    /// touched) and resolves the database path.
    pub fn new(cli: &Cli) -> Result<Self, Failure> {
        let roadmap = load(&cli.roadmap_source())?;
        let mut config = Config::load()?;
        config.hours_per_week = cli.hours_per_week.or(config.hours_per_week);
        let db = match &cli.db {
            Some(path) => path.clone(),
            None => default_path()?,
        };
        Ok(Self {
            roadmap: Arc::new(roadmap),
            db,
            color: cli.color,
            ascii: cli.ascii,
            theme: cli.theme.unwrap_or(config.theme),
            config,
        })
    }

    /// Whether output to stdout should be coloured: `--color`, else colour on
    /// a terminal unless NO_COLOR is set or the terminal is `dumb`.
    pub fn wants_color(&self) -> bool {
        match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
                    && std::env::var_os("TERM").is_none_or(|term| term != "dumb")
                    && std::io::stdout().is_terminal()
            }
        }
    }

    /// Whether output may use Unicode glyphs: not with `--ascii`, and only
    /// when the locale promises UTF-8.
    pub fn unicode(&self) -> bool {
        !self.ascii && locale_is_utf8()
    }

    /// Opens the database for a command that writes.
    pub fn open(&self) -> Result<Store, Failure> {
        Ok(self.writer(Store::open(&self.db)?))
    }

    /// Opens the database for the interactive view: for writing where that
    /// is possible, else read-only, which the view then says.
    pub fn open_or_read_only(&self) -> Result<Store, Failure> {
        Ok(self.writer(Store::open_or_read_only(&self.db)?))
    }

    /// Opens the database for a command whose change would be no change on
    /// a database that does not exist yet; `None` then, and nothing created.
    pub fn open_existing(&self) -> Result<Option<Store>, Failure> {
        Ok(Store::open_existing(&self.db)?.map(|store| self.writer(store)))
    }

    /// A store that may write, following the roadmap and keeping the
    /// review cache after each write.
    fn writer(&self, store: Store) -> Store {
        let settings = crate::review::Settings::from_config(&self.config);
        store
            .following(&self.roadmap)
            .remembering(Box::new(crate::review::Remembering::new(
                Arc::clone(&self.roadmap),
                settings,
            )))
    }

    /// Opens the database for a command that only reads; `None` when it
    /// does not exist yet.
    pub fn open_read_only(&self) -> Result<Option<Store>, Failure> {
        Ok(Store::open_read_only(&self.db)?.map(|store| store.following(&self.roadmap)))
    }

    /// [`Context::open_read_only`] for a command that shows or saves what
    /// is recorded: rows the store had to skip are counted and the learner
    /// is told on standard error, where the output they asked for is not.
    pub fn open_to_show(&self) -> Result<Option<Store>, Failure> {
        let Some(store) = self.open_read_only()? else {
            return Ok(None);
        };
        let damaged = store.damaged_rows(&self.roadmap.id)?;
        if damaged > 0 {
            let rows = crate::text::count(damaged, "damaged row");
            let was = if damaged == 1 { "was" } else { "were" };
            let _ = writeln!(
                std::io::stderr(),
                "{rows} in the database {was} skipped; trek export --format json saves the rest"
            );
        }
        Ok(Some(store))
    }

    /// Everything recorded for this roadmap, read-only; empty when there is
    /// no database yet.
    pub fn progress(&self) -> Result<Progress, Failure> {
        match self.open_to_show()? {
            Some(store) => Ok(store.load(&self.roadmap.id)?),
            None => Ok(Progress::default()),
        }
    }

    /// Resolves command-line addresses, all or nothing: a topic id alone
    /// means all its milestones; any unknown one fails with a suggestion.
    pub fn resolve(&self, arguments: &[String]) -> Result<Vec<Address>, Failure> {
        let mut resolved: Vec<Address> = Vec::new();
        let mut unknown = Vec::new();
        for argument in arguments {
            if let Some(topic) = self.roadmap.topic(argument) {
                resolved.extend(
                    topic
                        .milestones
                        .iter()
                        .map(|milestone| Address::new(&topic.id, &milestone.id)),
                );
            } else if let Some(address) =
                Address::parse(argument).filter(|address| self.roadmap.milestone(address).is_some())
            {
                resolved.push(address);
            } else {
                unknown.push(self.unknown_address(argument));
            }
        }
        if !unknown.is_empty() {
            return Err(Failure::BadInput(unknown.join("\n")));
        }
        let first_seen: Vec<bool> = {
            let mut seen = rustc_hash::FxHashSet::default();
            resolved
                .iter()
                .map(|address| seen.insert(address))
                .collect()
        };
        let mut first = first_seen.into_iter();
        resolved.retain(|_| first.next().unwrap_or(false));
        Ok(resolved)
    }

    /// The topic with this id, or a bad-input failure naming it.
    pub fn topic_id(&self, id: &str) -> Result<&crate::roadmap::Topic, Failure> {
        self.roadmap.topic(id).ok_or_else(|| {
            let ids = self.roadmap.topics().map(|(_, topic)| topic.id.as_str());
            let hint = nearest(id, ids)
                .map(|close| format!("; did you mean `{close}`?"))
                .unwrap_or_default();
            Failure::BadInput(format!(
                "unknown topic `{}` in roadmap `{}`{hint}",
                crate::text::one_line(id),
                self.roadmap.id
            ))
        })
    }

    fn unknown_address(&self, argument: &str) -> String {
        let addresses: Vec<String> = self.roadmap.addresses().map(|a| a.to_string()).collect();
        let candidates = addresses
            .iter()
            .map(String::as_str)
            .chain(self.roadmap.topics().map(|(_, topic)| topic.id.as_str()));
        let hint = nearest(argument, candidates)
            .map(|close| format!("; did you mean `{close}`?"))
            .unwrap_or_default();
        format!(
            "unknown address `{}` in roadmap `{}`{hint}",
            crate::text::one_line(argument),
            self.roadmap.id
        )
    }
}

/// Whether the locale promises UTF-8 (the first of LC_ALL, LC_CTYPE, LANG set).
fn locale_is_utf8() -> bool {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
        .is_some_and(|value| {
            let value = value.to_ascii_lowercase();
            value.contains("utf-8") || value.contains("utf8")
        })
}
