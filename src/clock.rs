//! The learner's clock and time zone.
//!
//! `jiff`'s system time zone lookup lists the whole zoneinfo directory, about
//! a millisecond on every run; a one-shot command like `trek status` cannot
//! afford that. When `TZ` is unset, the zone is read straight from
//! `/etc/localtime` instead, and jiff's own lookup remains the fallback.

use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

/// Now, in the learner's time zone.
pub fn now() -> Zoned {
    Timestamp::now().to_zoned(local_zone())
}

/// The learner's time zone.
pub fn local_zone() -> TimeZone {
    if std::env::var_os("TZ").is_none()
        && let Some(zone) = zone_from_localtime()
    {
        return zone;
    }
    TimeZone::system()
}

fn zone_from_localtime() -> Option<TimeZone> {
    const LOCALTIME: &str = "/etc/localtime";
    let bytes = std::fs::read(LOCALTIME).ok()?;
    let target = std::fs::read_link(LOCALTIME).ok();
    let name = target
        .as_ref()
        .and_then(|path| path.to_str())
        .and_then(|path| path.split_once("zoneinfo/"))
        .map_or("Local", |(_, name)| name);
    TimeZone::tzif(name, &bytes).ok()
}
