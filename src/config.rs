//! The learner's settings: a small TOML file, `config.toml` in the platform
//! config directory (`~/.config/trek/config.toml` on Linux), or the file
//! `TREK_CONFIG` names.
//!
//! Every key is optional and has a default, so a missing file is no
//! settings at all. A file that is present is read whole and checked whole:
//! an unknown key or a value out of range stops the command with
//! `FILE:LINE:COLUMN: message`, rather than a setting silently not applying.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::failure::Failure;
use crate::input::{self, InputError, Limit};
use crate::text::one_line;

/// The variable that names a settings file other than the default one.
pub const CONFIG_VARIABLE: &str = "TREK_CONFIG";

/// The largest settings file trek reads: a handful of keys is a few hundred bytes.
pub const CONFIG_LIMIT: Limit = Limit {
    bytes: 64 << 10,
    shown: "64 KiB",
};

/// The learner's settings, each at its default unless the file sets it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Which palette the interactive view draws with.
    pub theme: Theme,
    /// The learner's weekly study budget, for finish dates from hours left.
    pub hours_per_week: Option<HoursPerWeek>,
    /// The recall a review schedule aims for, from 0.70 to 0.97.
    pub review_retention: Retention,
    /// At most this many topics come due for review on one day.
    pub review_per_day: PerDay,
    /// Whether trek syncs by itself or only when asked.
    pub sync: SyncMode,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            theme: Theme::Auto,
            hours_per_week: None,
            review_retention: Retention(0.9),
            review_per_day: PerDay(5),
            sync: SyncMode::Manual,
        }
    }
}

/// The interactive view's palette.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Chosen from the terminal's background where it can be asked, else dark.
    #[default]
    Auto,
    Dark,
    Light,
}

/// When trek syncs progress with the learner's other devices.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SyncMode {
    /// Only on `trek sync`.
    #[default]
    Manual,
    /// Also when the view opens and closes, and after each change.
    Auto,
}

/// Hours of study a week: more than 0 and at most 168.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HoursPerWeek(f64);

impl HoursPerWeek {
    /// The budget, if `hours` is one a week can hold.
    pub fn new(hours: f64) -> Option<Self> {
        (hours > 0.0 && hours <= 168.0).then_some(Self(hours))
    }

    pub fn get(self) -> f64 {
        self.0
    }
}

impl<'de> Deserialize<'de> for HoursPerWeek {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let hours = f64::deserialize(deserializer)?;
        Self::new(hours).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "hours_per_week must be more than 0 and at most 168, not {hours}"
            ))
        })
    }
}

/// A review schedule's target recall, from 0.70 to 0.97: below, reviews
/// come too late to help; above, they come so often they cost more than
/// they keep.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Retention(f64);

impl Retention {
    /// The target, if `recall` lies in the allowed range.
    pub fn new(recall: f64) -> Option<Self> {
        (0.70..=0.97).contains(&recall).then_some(Self(recall))
    }

    pub fn get(self) -> f64 {
        self.0
    }
}

impl<'de> Deserialize<'de> for Retention {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let recall = f64::deserialize(deserializer)?;
        Self::new(recall).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "review_retention must be from 0.70 to 0.97, not {recall}"
            ))
        })
    }
}

/// How many topics may come due on one day: from 1 to 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PerDay(u32);

impl PerDay {
    /// The cap, if `topics` lies in the allowed range.
    pub fn new(topics: u32) -> Option<Self> {
        (1..=100).contains(&topics).then_some(Self(topics))
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

impl<'de> Deserialize<'de> for PerDay {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let topics = i64::deserialize(deserializer)?;
        u32::try_from(topics)
            .ok()
            .and_then(Self::new)
            .ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "review_per_day must be a whole number from 1 to 100, not {topics}"
                ))
            })
    }
}

impl Config {
    /// The settings in effect: `TREK_CONFIG`'s file, else the default file
    /// where there is one, else every default.
    pub fn load() -> Result<Self, Failure> {
        match std::env::var_os(CONFIG_VARIABLE) {
            Some(named) if named.is_empty() => Err(Failure::BadInput(format!(
                "{CONFIG_VARIABLE} is set but empty; unset it, or set it to a file"
            ))),
            Some(named) => Self::read(Path::new(&named)),
            None => match default_path() {
                Some(path) if path.exists() => Self::read(&path),
                _ => Ok(Self::default()),
            },
        }
    }

    /// The settings in the file at `path`, which must exist.
    pub fn read(path: &Path) -> Result<Self, Failure> {
        let name = one_line(&path.display().to_string()).into_owned();
        let bytes = input::read_file(path, CONFIG_LIMIT).map_err(|error| match error {
            InputError::Other(_) => Failure::Runtime(format!("cannot read {name}: {error}")),
            _ => Failure::BadInput(format!("cannot read {name}: {error}")),
        })?;
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| Failure::BadInput(format!("{name} is not UTF-8 text")))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Self::parse(&name, text).map_err(Failure::BadInput)
    }

    /// The settings in `text`, or `NAME:LINE:COLUMN: what is wrong`.
    pub fn parse(name: &str, text: &str) -> Result<Self, String> {
        toml::from_str(text).map_err(|error| {
            let message = one_line(error.message().trim()).into_owned();
            match error.span() {
                Some(span) => {
                    let (line, column) = line_and_column(text, span.start);
                    format!("{name}:{line}:{column}: {message}")
                }
                None => format!("{name}: {message}"),
            }
        })
    }
}

/// The default settings file, when the platform gives an absolute config
/// directory (a relative `HOME` or `XDG_CONFIG_HOME` is ignored).
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "trek")
        .map(|dirs| dirs.config_dir().join("config.toml"))
        .filter(|path| path.is_absolute())
}

/// The 1-based line and column (in characters) of a byte offset.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_is_every_default() {
        assert_eq!(Config::parse("c.toml", ""), Ok(Config::default()));
        assert_eq!(Config::default().review_retention.get(), 0.9);
        assert_eq!(Config::default().review_per_day.get(), 5);
    }

    #[test]
    fn every_key_is_read() {
        let config = Config::parse(
            "c.toml",
            "theme = \"light\"\nhours_per_week = 12.5\nreview_retention = 0.85\n\
             review_per_day = 8\nsync = \"auto\"\n",
        )
        .expect("valid");
        assert_eq!(config.theme, Theme::Light);
        assert_eq!(config.hours_per_week.map(HoursPerWeek::get), Some(12.5));
        assert_eq!(config.review_retention.get(), 0.85);
        assert_eq!(config.review_per_day.get(), 8);
        assert_eq!(config.sync, SyncMode::Auto);
    }

    #[test]
    fn whole_hours_per_week_are_accepted() {
        let config = Config::parse("c.toml", "hours_per_week = 10").expect("valid");
        assert_eq!(config.hours_per_week.map(HoursPerWeek::get), Some(10.0));
    }

    #[test]
    fn an_unknown_key_is_located_and_the_known_ones_listed() {
        let error = Config::parse("c.toml", "theme = \"dark\"\nthem = \"light\"\n").unwrap_err();
        assert!(
            error.starts_with("c.toml:2:1: unknown field `them`"),
            "{error}"
        );
        assert!(error.contains("`hours_per_week`"), "{error}");
        assert!(!error.contains('\n'), "{error}");
    }

    #[test]
    fn values_out_of_range_are_located_and_explained() {
        let cases = [
            (
                "review_retention = 0.99",
                "c.toml:1:20: review_retention must be from 0.70 to 0.97, not 0.99",
            ),
            (
                "review_per_day = 0",
                "c.toml:1:18: review_per_day must be a whole number from 1 to 100, not 0",
            ),
            (
                "hours_per_week = -3",
                "c.toml:1:18: hours_per_week must be more than 0 and at most 168, not -3",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(Config::parse("c.toml", text).unwrap_err(), expected);
        }
    }

    #[test]
    fn an_unknown_theme_names_the_choices() {
        let error = Config::parse("c.toml", "theme = \"blue\"").unwrap_err();
        assert!(
            error.starts_with("c.toml:1:9: unknown variant `blue`"),
            "{error}"
        );
        assert!(error.contains("`auto`, `dark`"), "{error}");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(line_and_column("é = 1\nab", 7), (2, 1));
        assert_eq!(line_and_column("é = 1", 4), (1, 4));
    }
}
