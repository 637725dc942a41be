//! Reads the spanned TOML tree into the model, checking every rule on the way.
//!
//! serde stops at the first problem; a roadmap author wants all of them at
//! once. So the document is parsed into toml's spanned tree and walked by
//! hand: each table is checked against the keys it allows, each field against
//! its type, each id against the id rules, and every problem is recorded with
//! the byte offset of the thing at fault. A model is built even from a broken
//! file (with blanks where values were wrong), and is only returned when no
//! problem was found.

use rustc_hash::FxHashMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::model::{
    Check, Example, Finale, Hours, Milestone, Phase, Resource, ResourceKind, Roadmap, Topic,
};
use crate::suggest::nearest;
use crate::text::one_line;

type Value<'i> = Spanned<DeValue<'i>>;

/// A problem at a byte offset of the document.
pub(super) type Found = Vec<(usize, String)>;

const ROADMAP_KEYS: &[&str] = &[
    "id",
    "title",
    "summary",
    "estimate",
    "audience",
    "prerequisites",
    "phases",
    "finale",
];
const PHASE_KEYS: &[&str] = &["id", "title", "weeks", "summary", "topics"];
const TOPIC_KEYS: &[&str] = &[
    "id",
    "title",
    "summary",
    "body",
    "estimate",
    "required",
    "milestones",
    "resources",
    "pitfalls",
    "examples",
    "checks",
];
const MILESTONE_KEYS: &[&str] = &["id", "text", "optional", "hours"];
const CHECK_KEYS: &[&str] = &["q", "a"];
const RESOURCE_KEYS: &[&str] = &["title", "url", "kind"];
const EXAMPLE_KEYS: &[&str] = &["title", "lang", "code"];
const FINALE_KEYS: &[&str] = &["title", "body", "next"];

/// Reads a whole roadmap document, or every problem in it.
pub(super) fn read(text: &str) -> Result<Roadmap, Found> {
    let (document, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        // The tree after a syntax error is a guess; checking its shape
        // would only add problems that vanish once the syntax is fixed.
        return Err(syntax_problems(text, &errors));
    }
    let mut reader = Reader {
        text,
        problems: Vec::new(),
        phase_ids: FxHashMap::default(),
        topic_ids: FxHashMap::default(),
    };
    let mut root = Table {
        entries: document.get_ref(),
        span: document.span(),
        name: "the roadmap".to_owned(),
        misspelled: Vec::new(),
    };
    root.misspelled = reader.check_keys(&root, ROADMAP_KEYS);
    let id = reader.id(&root);
    let title = reader.string(&root, "title");
    let summary = reader.string(&root, "summary");
    let estimate = reader.string(&root, "estimate");
    let audience = reader.optional_string(&root, "audience");
    let prerequisites = reader.strings(&root, "prerequisites", false);
    let phases: Vec<Phase> = reader
        .array_of_tables(&root, "phases", "phase", PHASE_KEYS, true)
        .iter()
        .map(|phase| reader.phase(phase))
        .collect();
    if phases.is_empty() && root.entries.contains_key("phases") {
        reader
            .problems
            .push((0, "the roadmap has no phases; add at least one".into()));
    }
    let finale = match reader.value(&root, "finale", true) {
        Some(value) => reader.finale(value),
        None => Finale::default(),
    };
    if !reader.problems.is_empty() {
        return Err(reader.problems);
    }
    let mut roadmap = Roadmap::new(id, title, phases);
    roadmap.summary = summary;
    roadmap.estimate = estimate;
    roadmap.audience = audience;
    roadmap.prerequisites = prerequisites;
    roadmap.finale = finale;
    Ok(roadmap)
}

/// The key a duplicate-key span names. The span may run on past the key
/// into its value (toml versions differ), so the key is what stands before
/// `=` on its first line, on one line whatever it holds.
fn key_of(spanned: &str) -> std::borrow::Cow<'_, str> {
    let first_line = spanned.lines().next().unwrap_or_default();
    one_line(first_line.split('=').next().unwrap_or_default().trim())
}

/// One problem per syntax error. A key defined twice is named. A table
/// defined twice is one mistake, though toml also reports every key in its
/// second definition; those follow-on reports are dropped.
fn syntax_problems(text: &str, errors: &[toml::de::Error]) -> Found {
    let mut located: Vec<(Range<usize>, &str)> = errors
        .iter()
        .map(|error| (error.span().unwrap_or(0..0), error.message().trim()))
        .collect();
    located.sort_by_key(|(span, _)| span.start);
    let mut repeated_table_ends = 0;
    let mut found = Vec::new();
    for (span, message) in located {
        if message != "duplicate key" {
            found.push((span.start, format!("TOML syntax: {}", one_line(message))));
            continue;
        }
        if span.start < repeated_table_ends {
            continue;
        }
        if starts_header_line(text, span.start) {
            repeated_table_ends = next_header_line(text, span.start);
        }
        let key = key_of(text.get(span.clone()).unwrap_or_default());
        let message = format!(
            "TOML syntax: `{key}` is defined twice; a key may appear only once in its table"
        );
        found.push((span.start, message));
    }
    found
}

/// Whether the line holding `offset` is a table header such as `[finale]`.
fn starts_header_line(text: &str, offset: usize) -> bool {
    let line_start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
    text[line_start..].trim_start().starts_with('[')
}

/// Where the first header line after `offset` starts, or the end of the text.
/// A line inside a multi-line string may be mistaken for one; that only
/// ends the skipping early.
fn next_header_line(text: &str, offset: usize) -> usize {
    let mut at = text[offset..]
        .find('\n')
        .map_or(text.len(), |n| offset + n + 1);
    while at < text.len() {
        if text[at..].trim_start_matches([' ', '\t']).starts_with('[') {
            return at;
        }
        at = text[at..].find('\n').map_or(text.len(), |n| at + n + 1);
    }
    text.len()
}

/// A table being read, with the words that name it in messages.
struct Table<'t, 'i> {
    entries: &'t DeTable<'i>,
    span: Range<usize>,
    name: String,
    /// Allowed keys that an unknown key looked like a typo of; their absence
    /// is already explained by the "did you mean" problem.
    misspelled: Vec<&'static str>,
}

struct Reader<'s> {
    text: &'s str,
    problems: Found,
    /// First offset of each id, for "already used at line N".
    phase_ids: FxHashMap<String, usize>,
    topic_ids: FxHashMap<String, usize>,
}

impl Reader<'_> {
    fn finale(&mut self, value: &Value) -> Finale {
        match self.table(value, "the finale".to_owned(), FINALE_KEYS) {
            Some(table) => Finale {
                title: self.string(&table, "title"),
                body: self.string(&table, "body"),
                next: self.strings(&table, "next", true),
            },
            None => Finale::default(),
        }
    }

    fn phase(&mut self, table: &Table) -> Phase {
        let id = self.unique_id(table, IdScope::Phase);
        let topics = self
            .array_of_tables(table, "topics", "topic", TOPIC_KEYS, true)
            .into_iter()
            .map(|topic| self.topic(&topic))
            .collect::<Vec<_>>();
        if topics.is_empty() && table.entries.contains_key("topics") {
            let message = format!("{} has no topics; add at least one", table.name);
            self.problem(table.span.start, message);
        }
        Phase {
            id,
            title: self.string(table, "title"),
            weeks: self.weeks(table),
            summary: self.string(table, "summary"),
            topics,
        }
    }

    fn topic(&mut self, table: &Table) -> Topic {
        let id = self.unique_id(table, IdScope::Topic);
        let milestone_tables =
            self.array_of_tables(table, "milestones", "milestone", MILESTONE_KEYS, true);
        let mut seen = FxHashMap::default();
        let milestones: Vec<Milestone> = milestone_tables
            .iter()
            .map(|milestone| {
                let id = self.id(milestone);
                if let Some(span) = milestone.entries.get("id").map(Spanned::span)
                    && let Some(first) = seen.insert(id.clone(), span.start)
                {
                    let message = format!(
                        "milestone id `{id}` is used twice in {} (first at line {}); \
                         milestone ids must be unique within their topic",
                        table.name,
                        self.line_of(first)
                    );
                    self.problem(span.start, message);
                }
                Milestone {
                    id,
                    text: self.string(milestone, "text"),
                    optional: self.boolean(milestone, "optional"),
                    hours: self.hours(milestone),
                }
            })
            .collect();
        if milestones.is_empty() && table.entries.contains_key("milestones") {
            let message = format!("{} has no milestones; add at least one", table.name);
            self.problem(table.span.start, message);
        }
        let required = self.required(table, milestones.len());
        let resources = self
            .array_of_tables(table, "resources", "resource", RESOURCE_KEYS, false)
            .iter()
            .map(|resource| self.resource(resource))
            .collect();
        let examples = self
            .array_of_tables(table, "examples", "example", EXAMPLE_KEYS, false)
            .iter()
            .map(|example| Example {
                title: self.string(example, "title"),
                lang: self.string(example, "lang"),
                code: self.string(example, "code"),
            })
            .collect();
        let checks = self
            .array_of_tables(table, "checks", "check", CHECK_KEYS, false)
            .iter()
            .map(|check| Check {
                q: self.words(check, "q"),
                a: self.words(check, "a"),
            })
            .collect();
        Topic {
            id,
            title: self.string(table, "title"),
            summary: self.string(table, "summary"),
            body: self.string(table, "body"),
            estimate: self.optional_string(table, "estimate"),
            required,
            milestones,
            resources,
            pitfalls: self.strings(table, "pitfalls", false),
            examples,
            checks,
        }
    }

    /// A milestone's `hours`: positive, whole or with one decimal.
    fn hours(&mut self, table: &Table) -> Option<Hours> {
        let value = self.value(table, "hours", false)?;
        let written = self.text.get(value.span()).unwrap_or_default().trim();
        let tenths = match value.get_ref() {
            DeValue::Integer(_) => integer(value.get_ref()).and_then(|n| n.checked_mul(10)),
            DeValue::Float(_) => tenths_of(written),
            _ => {
                self.wrong_type(table, "hours", value, "a number of hours such as 3 or 1.5");
                return None;
            }
        };
        match tenths.and_then(|tenths| u32::try_from(tenths).ok()) {
            Some(tenths) if tenths > 0 => Some(Hours::from_tenths(tenths)),
            _ => {
                let message = format!(
                    "`hours = {written}` in {} must be a positive number of hours \
                     with at most one decimal, such as 3 or 1.5",
                    table.name
                );
                self.problem(value.span().start, message);
                None
            }
        }
    }

    /// A string that must hold more than white space, such as a question.
    fn words(&mut self, table: &Table, key: &str) -> String {
        let text = self.string(table, key);
        if text.trim().is_empty()
            && let Some(value) = table.entries.get(key)
            && value.get_ref().as_str().is_some()
        {
            let message = format!("`{key}` in {} must not be empty", table.name);
            self.problem(value.span().start, message);
        }
        text
    }

    fn resource(&mut self, table: &Table) -> Resource {
        let url = self.string(table, "url");
        if !url.is_empty() && !url.starts_with("https://") && !url.starts_with("http://") {
            let offset = self.offset_of(table, "url");
            let message = format!(
                "`url` in {} must start with https:// or http://, not `{url}`",
                table.name
            );
            self.problem(offset, message);
        }
        let kind = match self.value(table, "kind", true) {
            Some(value) => self.resource_kind(table, value),
            None => ResourceKind::Docs,
        };
        Resource {
            title: self.string(table, "title"),
            url,
            kind,
        }
    }

    fn resource_kind(&mut self, table: &Table, value: &Value) -> ResourceKind {
        let Some(text) = self.expect_str(table, "kind", value) else {
            return ResourceKind::Docs;
        };
        if let Some((_, kind)) = ResourceKind::ALL.iter().find(|(name, _)| *name == text) {
            return *kind;
        }
        let names: Vec<&str> = ResourceKind::ALL.iter().map(|(name, _)| *name).collect();
        let message = format!(
            "`kind = \"{text}\"` in {} is not a resource kind; use one of: {}",
            table.name,
            names.join(", ")
        );
        self.problem(value.span().start, message);
        ResourceKind::Docs
    }

    fn weeks(&mut self, table: &Table) -> [u32; 2] {
        let Some(value) = self.value(table, "weeks", true) else {
            return [0, 0];
        };
        let Some(items) = value.get_ref().as_array() else {
            self.wrong_type(table, "weeks", value, "two week numbers such as [1, 4]");
            return [0, 0];
        };
        let numbers: Option<Vec<i64>> = items.iter().map(|item| integer(item.get_ref())).collect();
        match numbers.as_deref() {
            Some(&[first, last]) if 1 <= first && first <= last && last <= i64::from(u32::MAX) => {
                [first as u32, last as u32]
            }
            _ => {
                let message = format!(
                    "`weeks` in {} must be two week numbers, first to last, such as [1, 4]",
                    table.name
                );
                self.problem(value.span().start, message);
                [0, 0]
            }
        }
    }

    fn required(&mut self, table: &Table, milestones: usize) -> Option<u32> {
        let value = self.value(table, "required", false)?;
        let Some(literal) = value.get_ref().as_integer() else {
            self.wrong_type(table, "required", value, "a whole number");
            return None;
        };
        let written = self.text.get(value.span()).unwrap_or_default().trim();
        // A literal beyond i64 is still a whole number, just far out of range.
        let number = i64::from_str_radix(literal.as_str(), literal.radix()).ok();
        let negative = number.map_or(written.starts_with('-'), |number| number < 1);
        let message = if negative {
            format!(
                "`required = {written}` in {} must be at least 1",
                table.name
            )
        } else if number.is_none_or(|number| number as u64 > milestones as u64) {
            format!(
                "`required = {written}` in {} is more than its {milestones} milestones",
                table.name
            )
        } else {
            return number.and_then(|number| u32::try_from(number).ok());
        };
        self.problem(value.span().start, message);
        None
    }

    /// Reads `id`, checks its spelling and that no other phase or topic has it.
    fn unique_id(&mut self, table: &Table, scope: IdScope) -> String {
        let id = self.id(table);
        let Some(span) = table.entries.get("id").map(Spanned::span) else {
            return id;
        };
        let (seen, what, rule) = match scope {
            IdScope::Phase => (&mut self.phase_ids, "phase", "phase ids"),
            IdScope::Topic => (&mut self.topic_ids, "topic", "topic ids"),
        };
        if let Some(first) = seen.get(&id).copied() {
            let message = format!(
                "{what} id `{id}` is already used at line {}; {rule} must be unique in the roadmap",
                self.line_of(first)
            );
            self.problem(span.start, message);
        } else if !id.is_empty() {
            seen.insert(id.clone(), span.start);
        }
        id
    }

    fn id(&mut self, table: &Table) -> String {
        let id = self.string(table, "id");
        if !super::model::is_id(&id)
            && table
                .entries
                .get("id")
                .is_some_and(|v| v.get_ref().is_str())
        {
            let offset = self.offset_of(table, "id");
            let message = format!(
                "id `{id}` may only use lowercase letters a-z, digits 0-9 and `-`{}",
                slug_hint(&id)
            );
            self.problem(offset, message);
        }
        id
    }

    /// The tables of an array such as `phases`, each named for messages and
    /// checked for unknown keys.
    fn array_of_tables<'t, 'i>(
        &mut self,
        parent: &Table<'t, 'i>,
        key: &str,
        noun: &str,
        allowed: &[&'static str],
        required: bool,
    ) -> Vec<Table<'t, 'i>> {
        let Some(value) = self.value(parent, key, required) else {
            return Vec::new();
        };
        let Some(items) = value.get_ref().as_array() else {
            self.wrong_type(parent, key, value, "an array of tables");
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(index, item)| {
                let id = item
                    .get_ref()
                    .as_table()
                    .and_then(|table| table.get("id"))
                    .and_then(|id| id.get_ref().as_str());
                let name = match id {
                    Some(id) => format!("{noun} `{id}`"),
                    None => format!("{noun} #{} of {}", index + 1, parent.name),
                };
                self.table(item, name, allowed)
            })
            .collect()
    }

    fn table<'t, 'i>(
        &mut self,
        value: &'t Value<'i>,
        name: String,
        allowed: &[&'static str],
    ) -> Option<Table<'t, 'i>> {
        let Some(entries) = value.get_ref().as_table() else {
            let message = format!(
                "{name} must be a table, not {}",
                article(value.get_ref().type_str())
            );
            self.problem(value.span().start, message);
            return None;
        };
        let mut table = Table {
            entries,
            span: value.span(),
            name,
            misspelled: Vec::new(),
        };
        table.misspelled = self.check_keys(&table, allowed);
        Some(table)
    }

    /// Reports keys the table does not allow; returns the allowed keys they
    /// look like typos of.
    fn check_keys(&mut self, table: &Table, allowed: &[&'static str]) -> Vec<&'static str> {
        let mut misspelled = Vec::new();
        for key in table.entries.keys() {
            let key_text: &str = key.get_ref();
            if allowed.contains(&key_text) {
                continue;
            }
            let hint = match nearest(key_text, allowed.iter().copied()) {
                Some(close) => {
                    misspelled.push(close);
                    format!("did you mean `{close}`?")
                }
                None => format!("expected one of: {}", allowed.join(", ")),
            };
            let message = format!("unknown key `{key_text}` in {}; {hint}", table.name);
            self.problem(key.span().start, message);
        }
        misspelled
    }

    fn value<'t, 'i>(
        &mut self,
        table: &Table<'t, 'i>,
        key: &str,
        required: bool,
    ) -> Option<&'t Value<'i>> {
        let value = table.entries.get(key);
        if value.is_none() && required && !table.misspelled.contains(&key) {
            let message = format!("{} is missing the required key `{key}`", table.name);
            self.problem(table.span.start, message);
        }
        value
    }

    fn string(&mut self, table: &Table, key: &str) -> String {
        self.value(table, key, true)
            .and_then(|value| self.expect_str(table, key, value))
            .unwrap_or_default()
    }

    fn optional_string(&mut self, table: &Table, key: &str) -> Option<String> {
        let value = self.value(table, key, false)?;
        self.expect_str(table, key, value)
    }

    fn expect_str(&mut self, table: &Table, key: &str, value: &Value) -> Option<String> {
        match value.get_ref().as_str() {
            Some(text) => Some(text.to_owned()),
            None => {
                self.wrong_type(table, key, value, "a string");
                None
            }
        }
    }

    fn boolean(&mut self, table: &Table, key: &str) -> bool {
        let Some(value) = self.value(table, key, false) else {
            return false;
        };
        value.get_ref().as_bool().unwrap_or_else(|| {
            self.wrong_type(table, key, value, "true or false");
            false
        })
    }

    fn strings(&mut self, table: &Table, key: &str, required: bool) -> Vec<String> {
        let Some(value) = self.value(table, key, required) else {
            return Vec::new();
        };
        let texts = value.get_ref().as_array().and_then(|items| {
            items
                .iter()
                .map(|item| item.get_ref().as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
        });
        texts.unwrap_or_else(|| {
            self.wrong_type(table, key, value, "an array of strings");
            Vec::new()
        })
    }

    fn wrong_type(&mut self, table: &Table, key: &str, value: &Value, expected: &str) {
        let found = article(value.get_ref().type_str());
        let message = format!("`{key}` in {} must be {expected}, not {found}", table.name);
        self.problem(value.span().start, message);
    }

    fn offset_of(&self, table: &Table, key: &str) -> usize {
        table
            .entries
            .get(key)
            .map_or(table.span.start, |value| value.span().start)
    }

    /// The line of an offset in the whole text.
    fn line_of(&self, offset: usize) -> usize {
        self.text.as_bytes()[..offset.min(self.text.len())]
            .iter()
            .filter(|&&byte| byte == b'\n')
            .count()
            + 1
    }

    /// Records a problem at `offset` within the piece being read.
    fn problem(&mut self, offset: usize, message: impl Into<String>) {
        self.problems.push((offset, message.into()));
    }
}

/// Which ids must be unique together.
#[derive(Clone, Copy)]
enum IdScope {
    Phase,
    Topic,
}

fn integer(value: &DeValue) -> Option<i64> {
    value
        .as_integer()
        .and_then(|number| i64::from_str_radix(number.as_str(), number.radix()).ok())
}

/// The tenths in a decimal literal such as `1.5` or `2.0`; `None` for more
/// than one decimal, an exponent or anything that is not plain digits.
fn tenths_of(written: &str) -> Option<i64> {
    let (whole, fraction) = written.split_once('.')?;
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit());
    if !digits(whole) || !digits(fraction) || fraction.len() > 1 {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let tenth: i64 = fraction.parse().ok()?;
    whole.checked_mul(10)?.checked_add(tenth)
}

/// " (try `web-basics`)" for an id such as "Web Basics", when one can be made.
fn slug_hint(id: &str) -> String {
    let lowered = id.to_lowercase();
    let slug = lowered
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if slug.is_empty() {
        String::new()
    } else {
        format!(" (try `{slug}`)")
    }
}

fn article(type_name: &str) -> String {
    match type_name {
        "integer" | "array" => format!("an {type_name}"),
        other => format!("a {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::key_of;

    #[test]
    fn a_duplicate_key_is_named_on_one_line_even_when_its_span_runs_into_the_value() {
        assert_eq!(key_of("title"), "title");
        assert_eq!(key_of("milestones = [\n  { id = \"a\" },\n]"), "milestones");
        assert_eq!(key_of("\"odd\tkey\""), "\"odd key\"");
    }
}
