//! The review queue in `trek status`: a line of text, a suffix for the
//! one-line form, and the JSON fields.

use serde::Serialize;

use crate::review::Queue;
use crate::review::words::when;

/// How many due topics the status line names before "and N more".
const NAMED: usize = 5;

/// "3 due (http, rest, sql), the oldest 4 days overdue", or when the next
/// comes; `None` while no topic is in review.
pub fn review_status(queue: &Queue) -> Option<String> {
    let first = queue.entries.first()?;
    let due: Vec<&str> = queue.due().map(|entry| entry.topic.id.as_str()).collect();
    if due.is_empty() {
        return Some(format!(
            "nothing due; next {} {}",
            first.topic.id,
            when(first.due, queue.today)
        ));
    }
    let mut names = due
        .iter()
        .take(NAMED)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if due.len() > NAMED {
        names.push_str(&format!(" and {} more", due.len() - NAMED));
    }
    let overdue = queue
        .due()
        .map(|entry| entry.days_overdue(queue.today))
        .max()
        .unwrap_or(0);
    let oldest = if overdue > 0 {
        format!(
            ", the oldest {} overdue",
            crate::text::count(overdue, "day")
        )
    } else {
        String::new()
    };
    Some(format!("{} due ({names}){oldest}", due.len()))
}

/// " · 3 due" for `status --short` when any are due, else nothing.
pub fn review_short(queue: &Queue, unicode: bool) -> String {
    match queue.due().count() {
        0 => String::new(),
        due => format!(" {} {due} due", if unicode { "·" } else { "-" }),
    }
}

/// The review fields of `trek status --json`.
#[derive(Debug, Serialize)]
pub struct ReviewJson<'a> {
    /// Topics due today or earlier.
    review_due: usize,
    /// Every topic in review, soonest first.
    review_next: Vec<NextReview<'a>>,
    /// Mean recall of the reviewed topics, 0-1; null before any review.
    recall_estimate: Option<f64>,
}

#[derive(Debug, Serialize)]
struct NextReview<'a> {
    topic: &'a str,
    due: String,
    recall: f64,
}

impl<'a> ReviewJson<'a> {
    /// The fields for `queue`.
    pub fn new(queue: &Queue<'a>) -> Self {
        ReviewJson {
            review_due: queue.due().count(),
            review_next: queue
                .entries
                .iter()
                .map(|entry| NextReview {
                    topic: &entry.topic.id,
                    due: entry.due.to_string(),
                    recall: hundredths(entry.recall),
                })
                .collect(),
            recall_estimate: queue.recall_estimate().map(hundredths),
        }
    }
}

fn hundredths(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}
