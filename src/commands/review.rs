//! `trek review`: what is due, a rating, the queue by hand, and cram mode.

use std::io::Write;

use jiff::Zoned;

use crate::cli::{RatingArg, ReviewAction};
use crate::context::Context;
use crate::failure::Failure;
use crate::review::words::{Prompt, prompts, recall, when};
use crate::review::{Queue, Settings};
use crate::roadmap::Topic;
use crate::store::{Progress, ReviewMark};
use crate::text::{count, one_line};

/// Runs `trek review` in the form it was given.
pub fn run(
    context: &Context,
    action: Option<&ReviewAction>,
    topic: Option<&str>,
    rate: Option<RatingArg>,
    all: bool,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    match (action, topic, rate) {
        (Some(ReviewAction::Add { topic }), ..) => by_hand(context, topic, ReviewMark::Added, out),
        (Some(ReviewAction::Drop { topic }), ..) => {
            by_hand(context, topic, ReviewMark::Dropped, out)
        }
        (None, Some(topic), Some(rating)) => rate_topic(context, topic, mark(rating), out),
        (None, Some(topic), None) => show(context, topic, out),
        (None, None, _) if all => cram(context, out),
        (None, None, _) => list(context, out),
    }
}

fn mark(rating: RatingArg) -> ReviewMark {
    match rating {
        RatingArg::Again => ReviewMark::Again,
        RatingArg::Hard => ReviewMark::Hard,
        RatingArg::Good => ReviewMark::Good,
        RatingArg::Easy => ReviewMark::Easy,
    }
}

fn settings(context: &Context) -> Settings {
    Settings::from_config(&context.config)
}

/// What is due, weakest first, and when the next one comes.
fn list(context: &Context, out: &mut dyn Write) -> Result<(), Failure> {
    let progress = context.progress()?;
    let now = crate::clock::now();
    let queue = Queue::build(&context.roadmap, &progress, &now, settings(context));
    if queue.entries.is_empty() {
        writeln!(
            out,
            "no topics in review yet: finish one, or add one with `trek review add TOPIC`"
        )?;
        return Ok(());
    }
    let due: Vec<_> = queue.due().collect();
    if due.is_empty() {
        let next = &queue.entries[0];
        writeln!(
            out,
            "nothing due for review; next: {} {} ({})",
            next.topic.id,
            when(next.due, queue.today),
            next.due
        )?;
        return Ok(());
    }
    let width = due
        .iter()
        .map(|entry| entry.topic.id.len())
        .max()
        .unwrap_or(0);
    writeln!(out, "Due for review ({}):", due.len())?;
    for entry in &due {
        // The day it was scheduled for, as the status line counts overdue.
        let overdue = match entry.days_overdue(queue.today) {
            0 => String::new(),
            days => format!(
                ", {} overdue",
                count(usize::try_from(days).unwrap_or(0), "day")
            ),
        };
        writeln!(
            out,
            "  {:<width$}  due {}{overdue}  recall {:>4}  {}",
            entry.topic.id,
            entry.scheduled,
            recall(entry.recall),
            one_line(&entry.topic.title)
        )?;
    }
    writeln!(
        out,
        "review one with `trek review TOPIC`, then rate it with --rate again|hard|good|easy"
    )?;
    Ok(())
}

/// A topic's questions and answers, and what each rating would do.
fn show(context: &Context, id: &str, out: &mut dyn Write) -> Result<(), Failure> {
    let topic = context.topic_id(id)?;
    let progress = context.progress()?;
    let now = crate::clock::now();
    let queue = Queue::build(&context.roadmap, &progress, &now, settings(context));
    write_prompts(topic, out)?;
    let Some(entry) = queue.get(&topic.id) else {
        writeln!(out, "\n{}", not_in_review(topic))?;
        return Ok(());
    };
    let options: Vec<String> = queue
        .preview(entry, now.timestamp())
        .iter()
        .zip(["again", "hard", "good", "easy"])
        .map(|((_, days), name)| format!("{name} {days}d"))
        .collect();
    writeln!(
        out,
        "\nDue {} ({}), recall {}. Rate it: trek review {} --rate RATING  ({})",
        entry.due,
        when(entry.due, queue.today),
        recall(entry.recall),
        topic.id,
        options.join(", ")
    )?;
    Ok(())
}

/// Every topic in review with its questions, the schedule untouched.
fn cram(context: &Context, out: &mut dyn Write) -> Result<(), Failure> {
    let progress = context.progress()?;
    let now = crate::clock::now();
    let queue = Queue::build(&context.roadmap, &progress, &now, settings(context));
    if queue.entries.is_empty() {
        writeln!(out, "no topics in review yet")?;
    }
    for (index, entry) in queue.entries.iter().enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        write_prompts(entry.topic, out)?;
    }
    Ok(())
}

fn write_prompts(topic: &Topic, out: &mut dyn Write) -> Result<(), Failure> {
    writeln!(out, "{}  {}", topic.id, one_line(&topic.title))?;
    for (index, Prompt { question, answer }) in prompts(topic).into_iter().enumerate() {
        writeln!(out, "  {}. {}", index + 1, one_line(question))?;
        if let Some(answer) = answer {
            writeln!(out, "     {}", one_line(answer))?;
        }
    }
    Ok(())
}

/// Records how well the learner recalled `id`, and says when it is next due.
fn rate_topic(
    context: &Context,
    id: &str,
    mark: ReviewMark,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let topic = context.topic_id(id)?;
    let progress = context.progress()?;
    let now = crate::clock::now();
    if Queue::build(&context.roadmap, &progress, &now, settings(context))
        .get(&topic.id)
        .is_none()
    {
        return Err(Failure::BadInput(not_in_review(topic)));
    }
    let mut store = context.open()?;
    let at = now.timestamp();
    store.review(&context.roadmap.id, &topic.id, mark, &[], at)?;
    let progress = store.load(&context.roadmap.id)?;
    next_due(
        context,
        topic,
        &progress,
        &now,
        &format!("rated {} {mark}", topic.id),
        out,
    )
}

/// `trek review add|drop TOPIC`; nothing written when it changes nothing.
fn by_hand(
    context: &Context,
    id: &str,
    mark: ReviewMark,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let topic = context.topic_id(id)?;
    let progress = context.progress()?;
    let now = crate::clock::now();
    let in_review = Queue::build(&context.roadmap, &progress, &now, settings(context))
        .get(&topic.id)
        .is_some();
    if in_review == (mark == ReviewMark::Added) {
        let already = if in_review { "already" } else { "not" };
        writeln!(
            out,
            "nothing to change: {} is {already} in review",
            topic.id
        )?;
        return Ok(());
    }
    let mut store = context.open()?;
    store.review(&context.roadmap.id, &topic.id, mark, &[], now.timestamp())?;
    if mark == ReviewMark::Dropped {
        writeln!(out, "dropped {} from review", topic.id)?;
        return Ok(());
    }
    let progress = store.load(&context.roadmap.id)?;
    next_due(
        context,
        topic,
        &progress,
        &now,
        &format!("added {} to review", topic.id),
        out,
    )
}

/// `done; next review DATE (in N days)`.
fn next_due(
    context: &Context,
    topic: &Topic,
    progress: &Progress,
    now: &Zoned,
    done: &str,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let queue = Queue::build(&context.roadmap, progress, now, settings(context));
    match queue.get(&topic.id) {
        Some(entry) => writeln!(
            out,
            "{done}; next review {} ({})",
            entry.due,
            when(entry.due, queue.today)
        )?,
        None => writeln!(out, "{done}")?,
    }
    Ok(())
}

/// Why a topic cannot be rated, and how to change that.
fn not_in_review(topic: &Topic) -> String {
    format!(
        "`{}` is not in review: finish it, or add it with `trek review add {}`",
        topic.id, topic.id
    )
}
