//! The view's state and the one place it changes: [`App::update`].
//!
//! Keys and clicks become [`Action`]s; `update` decides what each means in
//! the current mode. Anything that changes progress asks the store first
//! ([`changes`]) and changes what is shown only once the write committed, so
//! the screen never shows a tick the database does not have. Terminal and
//! editor I/O stay in the run loop: `E` only leaves a request here for it.

mod changes;
mod resources;

use std::time::{Duration, Instant};

use jiff::Timestamp;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent};

use crate::roadmap::{Phase, Roadmap, Topic};
use crate::store::{Progress, Store, StoreError};
use crate::sync::auto::Said;
use crate::text::one_line;

use super::action::{Action, Pane};
use super::journey::{Journey, Plan};
use super::keymap::{self, Scope};
use super::mouse;
use super::note::NoteEditor;
use super::review::{ReviewBoard, ReviewSession};
use super::scroll::Scroll;
use super::search::{Field, Hit, Search};
use super::tally::{Tally, TopicAt};
use super::view::ViewState;

/// What has the keyboard: the main screen or an overlay or editor on it.
pub(super) enum Mode {
    Browse,
    Help,
    Search(Search),
    Note(Box<NoteEditor>),
    Finale,
    Progress(Journey),
    Review(Box<ReviewSession>),
}

/// How a footer message should read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tone {
    Info,
    Success,
    Error,
}

/// A footer message; it lasts until the next key or click, or until it
/// has been shown for [`Status::lasts`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Status {
    pub tone: Tone,
    pub text: String,
    /// When the run loop first saw it on screen.
    pub shown_since: Option<Instant>,
}

impl Status {
    /// How long a message stays: an error twice as long, to be read.
    fn lasts(&self) -> Duration {
        match self.tone {
            Tone::Info | Tone::Success => Duration::from_secs(4),
            Tone::Error => Duration::from_secs(8),
        }
    }
}

/// A note to edit in `$VISUAL`/`$EDITOR`, left for the run loop, which
/// alone may suspend the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ExternalEdit {
    /// The topic's flat index.
    pub topic: usize,
    /// The note as it was when the editor was asked for.
    pub text: String,
}

/// The interactive view: a roadmap, the learner's progress in its store,
/// and what is selected. Public so benchmarks can drive and draw it.
///
/// Drawn as a widget on `&mut App`, which settles the view state it keeps.
pub struct App {
    pub(super) roadmap: Roadmap,
    pub(super) store: Store,
    pub(super) progress: Progress,
    pub(super) tally: Tally,
    /// The store's `data_version` when progress was last loaded.
    pub(super) data_version: i64,
    /// Whether the learner was told that progress cannot be reloaded, so
    /// a lasting failure is said once, not again each time the message fades.
    pub(super) reload_failure_said: bool,
    pub(super) focus: Pane,
    pub(super) phase: usize,
    pub(super) topic: usize,
    pub(super) milestone: usize,
    /// The detail cursor is past the milestones, on this resource's row.
    pub(super) resource: Option<usize>,
    pub(super) mode: Mode,
    /// Only what is left is shown (`f`).
    pub(super) only_left: bool,
    pub(super) status: Option<Status>,
    pub(super) external_edit: Option<ExternalEdit>,
    pub(super) quit: bool,
    /// The focused pane alone takes the whole width.
    pub(super) zoomed: bool,
    /// A link for the run loop to open in the browser.
    pub(super) link: Option<String>,
    /// The topic (flat index) whose resources `o` walks, and the next one.
    resource_turn: (usize, usize),
    /// What the last frame settled: windows, and where each pane went.
    pub(super) view: ViewState,
    /// The time each write is stamped with.
    pub(super) clock: Box<dyn Fn() -> Timestamp>,
    /// How the progress view plans and draws.
    pub(super) plan: Plan,
    /// What the review queue says of each topic in it.
    pub(super) reviews: ReviewBoard,
}

impl App {
    /// Loads the learner's progress for `roadmap` from `store` and selects
    /// where they left off ([`super::resume`]); fails, before anything is drawn, when the
    /// database cannot be read. Writes are stamped with `clock`'s time
    /// (`Timestamp::now` when run, a fixed time in tests).
    pub fn new(
        roadmap: Roadmap,
        store: Store,
        clock: impl Fn() -> Timestamp + 'static,
    ) -> Result<Self, StoreError> {
        let progress = store.load(&roadmap.id)?;
        let data_version = store.data_version()?;
        let tally = Tally::new(&roadmap, &progress);
        let mut app = Self {
            roadmap,
            store,
            progress,
            tally,
            data_version,
            reload_failure_said: false,
            focus: Pane::Phases,
            phase: 0,
            topic: 0,
            milestone: 0,
            resource: None,
            mode: Mode::Browse,
            only_left: false,
            status: None,
            external_edit: None,
            quit: false,
            zoomed: false,
            link: None,
            resource_turn: (usize::MAX, 0),
            view: ViewState::default(),
            clock: Box::new(clock),
            plan: Plan::default(),
            reviews: ReviewBoard::new(Default::default(), crate::clock::local_zone()),
        };
        app.refresh_reviews();
        app.open_where_left();
        Ok(app)
    }

    /// Handles one key press as the key map says.
    pub fn handle_key(&mut self, key: KeyEvent) {
        if !matches!(key.kind, KeyEventKind::Press | KeyEventKind::Repeat) {
            return;
        }
        self.status = None;
        let action = keymap::resolve(&self.scopes(), &key);
        if self.view.too_small {
            // Nothing on screen shows what a key would change: only leaving works.
            if action == Some(Action::Quit) {
                self.update(Action::Quit);
            }
            return;
        }
        match action {
            Some(action) => self.update(action),
            None => self.type_key(key),
        }
    }

    /// Handles a paste: text for the note editor or the search line, and
    /// nothing anywhere else (a paste is never taken as keys), which the
    /// footer says.
    pub fn handle_paste(&mut self, text: &str) {
        self.status = None;
        if self.view.too_small {
            return;
        }
        match &mut self.mode {
            Mode::Note(editor) => editor.paste(text),
            Mode::Search(search) => search.push_str(&one_line(text.trim_end())),
            Mode::Browse | Mode::Help | Mode::Finale | Mode::Progress(_) | Mode::Review(_) => {
                let note = keymap::key_for(Scope::Browse, Action::EditNote);
                let search = keymap::key_for(Scope::Browse, Action::Search);
                self.tell(
                    Tone::Info,
                    format!("Paste ignored: paste into a note ({note}) or the search ({search})"),
                );
            }
        }
    }

    /// The character `key` would type into the note or the search line,
    /// when that is all it would do: a run of such keys (a fast typist, a
    /// paste from a terminal without bracketed paste) is then typed in one
    /// piece by [`App::type_text`].
    pub(super) fn types_itself(&self, key: &KeyEvent) -> Option<char> {
        let KeyCode::Char(c) = key.code else {
            return None;
        };
        let typing = matches!(self.mode, Mode::Note(_) | Mode::Search(_))
            && matches!(key.kind, KeyEventKind::Press | KeyEventKind::Repeat)
            && !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
            && !self.view.too_small
            && keymap::resolve(&self.scopes(), key).is_none();
        typing.then_some(c)
    }

    /// Types `text` into the note or the search line, as the keys of its
    /// characters would one by one.
    pub(super) fn type_text(&mut self, text: &str) {
        self.status = None;
        match &mut self.mode {
            Mode::Note(editor) => editor.type_str(text),
            Mode::Search(search) => search.push_str(text),
            Mode::Browse | Mode::Help | Mode::Finale | Mode::Progress(_) | Mode::Review(_) => {}
        }
    }

    /// Lets the footer message fade once it has been shown long enough;
    /// the run loop calls this with the time, and redraws when it is true.
    pub(super) fn fade_status(&mut self, now: Instant) -> bool {
        let Some(status) = &mut self.status else {
            return false;
        };
        match status.shown_since {
            None => {
                status.shown_since = Some(now);
                false
            }
            Some(since) if now.saturating_duration_since(since) >= status.lasts() => {
                self.status = None;
                true
            }
            Some(_) => false,
        }
    }

    /// Handles a click or a wheel turn over the last frame's panes.
    pub(super) fn handle_mouse(&mut self, event: MouseEvent) {
        if !matches!(self.mode, Mode::Browse) {
            return;
        }
        if let Some(action) = mouse::resolve(&self.view.regions, event) {
            self.status = None;
            self.update(action);
        }
    }

    /// Leaving because trek was told to by a signal: an open note is saved
    /// first, as when the learner quits with the note open.
    pub(super) fn stop(&mut self) {
        if matches!(self.mode, Mode::Note(_)) {
            self.save_note();
        }
        self.quit = true;
        self.remember_place();
    }

    /// True once the learner asked to leave.
    pub(super) fn should_quit(&self) -> bool {
        self.quit
    }

    /// The `$EDITOR` request left by `E`, if any.
    pub(super) fn take_external_edit(&mut self) -> Option<ExternalEdit> {
        self.external_edit.take()
    }

    /// The key-map scopes of the current mode, most specific first.
    pub(super) fn scopes(&self) -> Vec<Scope> {
        match self.mode {
            Mode::Browse => vec![Scope::Always, Scope::of(self.focus), Scope::Browse],
            Mode::Help | Mode::Finale => vec![Scope::Always, Scope::Overlay],
            Mode::Search(_) => vec![Scope::Always, Scope::Search],
            Mode::Note(_) => vec![Scope::Always, Scope::Note],
            Mode::Progress(_) => vec![Scope::Always, Scope::Progress],
            Mode::Review(_) => vec![Scope::Always, Scope::Review],
        }
    }

    /// Carries out one action in the current mode.
    pub(super) fn update(&mut self, action: Action) {
        match self.mode {
            Mode::Browse => self.browse(action),
            Mode::Help | Mode::Finale => self.overlay(action),
            Mode::Search(_) => self.search(action),
            Mode::Note(_) => self.note(action),
            Mode::Progress(_) => self.progress_view(action),
            Mode::Review(_) => self.review(action),
        }
        self.settle_on_shown();
        if self.quit {
            self.remember_place();
        }
    }

    fn browse(&mut self, action: Action) {
        match action {
            Action::Up => self.step(-1),
            Action::Down => self.step(1),
            Action::PageUp => self.page(-1),
            Action::PageDown => self.page(1),
            Action::First => self.step(isize::MIN),
            Action::Last => self.step(isize::MAX),
            Action::Left => self.focus_on(self.focus.left()),
            Action::Right => self.focus_on(self.focus.right()),
            Action::NextPane => self.focus_on(self.focus.right().or(Some(Pane::Phases))),
            Action::PreviousPane => self.focus_on(self.focus.left().or(Some(Pane::Milestones))),
            Action::Open => match (self.focus.right(), self.resource) {
                (Some(pane), _) => self.focus_on(Some(pane)),
                (None, Some(resource)) => self.open_resource_at(resource),
                (None, None) => self.explain_ticking(),
            },
            Action::Toggle | Action::Skip if self.focus != Pane::Milestones => {
                let open = keymap::key_for(Scope::Topics, Action::Open);
                self.tell(
                    Tone::Info,
                    format!("Open the topic ({open}) to tick a milestone"),
                );
            }
            Action::Toggle | Action::Skip if self.resource.is_some() => {
                let open = keymap::key_for(Scope::Browse, Action::OpenResource);
                let enter = keymap::key_for(Scope::Milestones, Action::Open);
                self.tell(
                    Tone::Info,
                    format!("A resource ticks nothing: {open} or {enter} opens it"),
                );
            }
            Action::Toggle | Action::Skip if !self.view.detail.shows_cursor() => {
                self.view.detail.follow();
                self.tell(
                    Tone::Info,
                    "Back at the cursor's milestone; press again to change it",
                );
            }
            Action::Toggle => self.toggle(),
            Action::Skip => self.skip(),
            Action::EditNote => self.open_note_editor(),
            Action::EditNoteExternally => self.request_external_edit(),
            Action::Search => {
                self.view.search.reset();
                self.mode = Mode::Search(Search::new(&self.roadmap, &self.progress));
            }
            Action::Zoom => self.zoomed = !self.zoomed,
            Action::OpenResource => self.open_resource(),
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::Filter => self.toggle_filter(),
            Action::NextLeft => self.jump_to_left(true),
            Action::PreviousLeft => self.jump_to_left(false),
            Action::Review => self.open_review(),
            Action::Help => self.open_overlay(Mode::Help),
            Action::Progress => self.open_progress(),
            Action::Quit => self.quit = true,
            Action::Select(pane, row) => {
                self.focus = pane;
                if let Some(index) = self.row_index(pane, row) {
                    self.select_in(pane, index);
                }
            }
            Action::SelectResource(index) => {
                self.focus = Pane::Milestones;
                self.select_resource(index);
            }
            Action::ToggleAt(index) => {
                self.focus = Pane::Milestones;
                self.select_in(Pane::Milestones, index);
                self.toggle();
            }
            Action::Scroll(pane, rows) => self.scroll_of(pane).by(rows as isize),
            Action::Pan(columns) => self.pan(columns),
            Action::Close | Action::Jump | Action::SaveNote | Action::DiscardNote => {}
            Action::Reveal | Action::Rate(_) | Action::Confirm => {}
        }
    }

    /// Enter on a milestone: opening goes no further, and ticking is a key
    /// of its own, so a run of Enters never changes anything.
    fn explain_ticking(&mut self) {
        let toggle = keymap::keys_for(Scope::Milestones, Action::Toggle);
        let skip = keymap::key_for(Scope::Milestones, Action::Skip);
        self.tell(
            Tone::Info,
            format!("{toggle} ticks the milestone under the cursor, {skip} skips it"),
        );
    }

    /// Opens the help or the finale at its top.
    pub(super) fn open_overlay(&mut self, overlay: Mode) {
        self.view.overlay.reset();
        self.mode = overlay;
    }

    fn overlay(&mut self, action: Action) {
        let scroll = &mut self.view.overlay;
        match action {
            Action::Up => scroll.by(-1),
            Action::Down => scroll.by(1),
            Action::PageUp => scroll.by_pages(-1),
            Action::PageDown => scroll.by_pages(1),
            Action::Close => self.mode = Mode::Browse,
            Action::Quit => self.quit = true,
            _ => {}
        }
    }

    fn search(&mut self, action: Action) {
        let Mode::Search(search) = &mut self.mode else {
            return;
        };
        match action {
            Action::Up => search.step(-1),
            Action::Down => search.step(1),
            Action::Jump => {
                let hit = search.chosen_hit();
                self.mode = Mode::Browse;
                if let Some(hit) = hit {
                    self.jump(hit);
                }
            }
            Action::Close => self.mode = Mode::Browse,
            Action::Quit => self.quit = true,
            _ => {}
        }
    }

    fn note(&mut self, action: Action) {
        match action {
            Action::SaveNote => self.save_note(),
            Action::DiscardNote => self.discard_note(),
            Action::Quit => {
                self.save_note();
                // A failed save keeps the editor open with the error shown.
                self.quit = matches!(self.mode, Mode::Browse);
            }
            _ => {}
        }
    }

    /// A key the map does not bind: text for the search line or the note.
    fn type_key(&mut self, key: KeyEvent) {
        match &mut self.mode {
            Mode::Search(search) => search.input(key),
            Mode::Note(editor) => editor.input(key),
            Mode::Browse | Mode::Help | Mode::Finale | Mode::Progress(_) | Mode::Review(_) => {}
        }
    }

    /// Moves the focused pane's selection by `delta` rows, clamped.
    fn step(&mut self, delta: isize) {
        if self.focus == Pane::Milestones {
            return self.step_detail(delta);
        }
        if self.only_left {
            return self.step_shown(self.focus, delta);
        }
        let (current, len) = match self.focus {
            Pane::Phases => (self.phase, self.roadmap.phases.len()),
            Pane::Topics => (self.topic, self.phase_topics().len()),
            Pane::Milestones => (self.milestone, self.milestones_len()),
        };
        let target = current
            .saturating_add_signed(delta)
            .min(len.saturating_sub(1));
        self.select_in(self.focus, target);
    }

    /// A page in a list moves the selection; in the detail it scrolls the
    /// text, so resources and examples below the milestones can be read.
    fn page(&mut self, pages: isize) {
        match self.focus {
            Pane::Milestones => self.view.detail.by_pages(pages),
            pane => {
                let page = isize::try_from(self.scroll_of(pane).page()).unwrap_or(1);
                self.step(pages.saturating_mul(page));
            }
        }
    }

    fn focus_on(&mut self, pane: Option<Pane>) {
        if let Some(pane) = pane {
            self.focus = pane;
            self.scroll_of(pane).follow();
        }
    }

    /// Selects row `index` of a pane; a new phase or topic starts at its top.
    pub(super) fn select_in(&mut self, pane: Pane, index: usize) {
        match pane {
            Pane::Phases if index < self.roadmap.phases.len() => {
                if index != self.phase {
                    self.phase = index;
                    self.topic = 0;
                    self.milestone = 0;
                    self.resource = None;
                    self.view.topics.reset();
                    self.view.detail.reset();
                }
                self.view.phases.follow();
            }
            Pane::Topics if index < self.phase_topics().len() => {
                if index != self.topic {
                    self.topic = index;
                    self.milestone = 0;
                    self.resource = None;
                    self.view.detail.reset();
                }
                self.view.topics.follow();
            }
            Pane::Milestones if index < self.milestones_len() => {
                self.milestone = index;
                self.resource = None;
                self.view.detail.follow();
            }
            _ => {}
        }
    }

    /// Shows a topic (and a milestone of it) wherever it is.
    pub(super) fn select(&mut self, at: TopicAt, milestone: usize) {
        self.select_in(Pane::Phases, at.phase);
        self.select_in(Pane::Topics, at.topic);
        self.select_in(Pane::Milestones, milestone);
    }

    fn jump(&mut self, hit: Hit) {
        let milestone = match hit.field {
            Field::Milestone(n) => n,
            _ => 0,
        };
        let hidden = match hit.field {
            Field::Milestone(n) => !self.shows_milestone(hit.at, n),
            _ => !self.shows_topic(hit.at),
        };
        if hidden {
            // What the learner looked for wins over the filter.
            self.only_left = false;
        }
        self.select(hit.at, milestone);
        self.focus = match hit.field {
            Field::Milestone(_) | Field::Note(_) => Pane::Milestones,
            _ => Pane::Topics,
        };
    }

    fn scroll_of(&mut self, pane: Pane) -> &mut Scroll {
        match pane {
            Pane::Phases => &mut self.view.phases,
            Pane::Topics => &mut self.view.topics,
            Pane::Milestones => &mut self.view.detail,
        }
    }

    /// The selected phase.
    pub(super) fn current_phase(&self) -> Option<&Phase> {
        self.roadmap.phases.get(self.phase)
    }

    /// The topics of the selected phase.
    pub(super) fn phase_topics(&self) -> &[Topic] {
        self.current_phase().map_or(&[], |phase| &phase.topics)
    }

    /// The selected topic.
    pub(super) fn current_topic(&self) -> Option<&Topic> {
        self.phase_topics().get(self.topic)
    }

    /// The selected topic's position.
    pub(super) fn current_at(&self) -> TopicAt {
        TopicAt {
            phase: self.phase,
            topic: self.topic,
        }
    }

    fn milestones_len(&self) -> usize {
        self.current_topic()
            .map_or(0, |topic| topic.milestones.len())
    }

    pub(super) fn topic_at(&self, at: TopicAt) -> Option<&Topic> {
        self.roadmap.phases.get(at.phase)?.topics.get(at.topic)
    }

    fn open_note_editor(&mut self) {
        let Some(topic) = self.current_topic() else {
            return;
        };
        let note = self
            .progress
            .notes
            .get(&topic.id)
            .map(|note| note.text.as_str());
        let flat = self.tally.flat(self.current_at());
        self.mode = Mode::Note(Box::new(NoteEditor::new(flat, note)));
    }

    /// The link left by `o`, if any.
    pub(super) fn take_link(&mut self) -> Option<String> {
        self.link.take()
    }

    fn request_external_edit(&mut self) {
        let Some(topic) = self.current_topic() else {
            return;
        };
        let text = self
            .progress
            .notes
            .get(&topic.id)
            .map(|note| note.text.clone())
            .unwrap_or_default();
        self.external_edit = Some(ExternalEdit {
            topic: self.tally.flat(self.current_at()),
            text,
        });
    }

    /// Shows what an automatic sync said, with what it took in; news of
    /// a sync that went well leaves an error on the footer standing.
    pub(super) fn synced(&mut self, said: Said) {
        self.poll_store();
        let error_shown = self
            .status
            .as_ref()
            .is_some_and(|status| status.tone == Tone::Error);
        match said {
            Ok(_) if error_shown => {}
            Ok(line) => self.tell(Tone::Success, capitalised(&line)),
            Err(line) => self.tell(Tone::Error, capitalised(&line)),
        }
    }

    pub(super) fn tell(&mut self, tone: Tone, text: impl Into<String>) {
        self.status = Some(Status {
            tone,
            text: text.into(),
            shown_since: None,
        });
    }
}

/// `line` with its first letter in upper case, as footer messages read.
fn capitalised(line: &str) -> String {
    let mut chars = line.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
