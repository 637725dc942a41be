//! How the review queue reads to a learner, the same in the shell, the
//! status and the interactive view.

use jiff::civil::Date;

use super::{Entry, days_between};
use crate::roadmap::Topic;

/// When `due` is, from `today`: "today", "tomorrow", "in 12 days",
/// "4 days overdue".
pub fn when(due: Date, today: Date) -> String {
    match days_between(today, due) {
        0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        days if days > 1 => format!("in {days} days"),
        days => format!("{} overdue", crate::text::count(-days, "day")),
    }
}

/// A recall chance, 0 to 1, as a whole percent.
pub fn recall(recall: f64) -> String {
    format!("{:.0}%", (recall * 100.0).clamp(0.0, 100.0))
}

/// "next review in 12 days · recall 91%", for a topic's detail.
pub fn next_line(entry: &Entry, today: Date) -> String {
    let when = match days_between(today, entry.due) {
        days if days <= 0 => "review due today".to_owned(),
        _ => format!("next review {}", when(entry.due, today)),
    };
    format!("{when} · recall {}", recall(entry.recall))
}

/// One thing to recall about a topic: a question with its model answer,
/// or, for a topic without questions, a milestone's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prompt<'r> {
    pub question: &'r str,
    pub answer: Option<&'r str>,
}

/// The topic's questions, or its milestones when it has none.
pub fn prompts(topic: &Topic) -> Vec<Prompt<'_>> {
    if topic.checks.is_empty() {
        return topic
            .milestones
            .iter()
            .map(|milestone| Prompt {
                question: &milestone.text,
                answer: None,
            })
            .collect();
    }
    topic
        .checks
        .iter()
        .map(|check| Prompt {
            question: &check.q,
            answer: Some(&check.a),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_read_as_a_learner_says_them() {
        let today: Date = "2026-12-02".parse().unwrap();
        let day = |text: &str| text.parse::<Date>().unwrap();
        assert_eq!(when(day("2026-12-02"), today), "today");
        assert_eq!(when(day("2026-12-03"), today), "tomorrow");
        assert_eq!(when(day("2026-12-14"), today), "in 12 days");
        assert_eq!(when(day("2026-11-28"), today), "4 days overdue");
        assert_eq!(when(day("2026-12-01"), today), "1 day overdue");
        assert_eq!(recall(0.912), "91%");
    }
}
