//! The progress view's state and keys: `p` opens it over the main screen,
//! the arrows choose among the next milestones, Enter goes to the chosen
//! one in the main screen (as a search match does), Esc closes.
//!
//! The view is drawn from the app's progress, so a change made by another
//! trek process meanwhile shows at once; only the time is taken when the
//! view opens and on each key, so drawing never reads the clock.

use jiff::Zoned;
use jiff::tz::TimeZone;

use super::App;
use super::action::Action;
use super::app::Mode;
use crate::progress::{NEXT_COUNT, Summary, next_milestones, summarize_with};
use crate::roadmap::Address;

/// How the progress view plans and draws, from the learner's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The learner's zone, which decides the day each tick falls on.
    pub zone: TimeZone,
    /// The weekly budget of hours, for finish dates from hours left.
    pub hours_per_week: Option<f64>,
    /// Draw the activity map with ASCII characters only.
    pub ascii: bool,
}

impl Default for Plan {
    fn default() -> Self {
        Self {
            zone: crate::clock::local_zone(),
            hours_per_week: None,
            ascii: false,
        }
    }
}

/// The open progress view.
#[derive(Debug, Clone, PartialEq)]
pub struct Journey {
    /// The time the view shows progress as of.
    pub now: Zoned,
    /// The chosen row of the next milestones.
    pub selected: usize,
}

impl App {
    /// Sets how the progress view plans and draws.
    pub fn with_plan(mut self, plan: Plan) -> Self {
        self.plan = plan;
        self
    }

    /// The time now, in the learner's zone.
    fn zoned_now(&self) -> Zoned {
        (self.clock)().to_zoned(self.plan.zone.clone())
    }

    /// Where the learner stands as of `now`, as the progress view shows it.
    pub(super) fn journey_summary(&self, now: &Zoned) -> Summary<'_> {
        summarize_with(&self.roadmap, &self.progress, now, self.plan.hours_per_week)
    }

    /// Opens the progress view on the first next milestone.
    pub(super) fn open_progress(&mut self) {
        self.mode = Mode::Progress(Journey {
            now: self.zoned_now(),
            selected: 0,
        });
    }

    /// Carries out one action in the progress view.
    pub(super) fn progress_view(&mut self, action: Action) {
        let now = self.zoned_now();
        let next: Vec<Address> = next_milestones(&self.roadmap, &self.progress, NEXT_COUNT)
            .into_iter()
            .map(|next| next.address)
            .collect();
        let Mode::Progress(journey) = &mut self.mode else {
            return;
        };
        journey.now = now;
        let last = next.len().saturating_sub(1);
        journey.selected = journey.selected.min(last);
        match action {
            Action::Up => journey.selected = journey.selected.saturating_sub(1),
            Action::Down => journey.selected = (journey.selected + 1).min(last),
            Action::Jump => {
                let chosen = next.get(journey.selected).cloned();
                self.mode = Mode::Browse;
                if let Some(address) = chosen {
                    self.go_to(&address);
                }
            }
            Action::Close => self.mode = Mode::Browse,
            Action::Quit => self.quit = true,
            _ => {}
        }
    }
}
