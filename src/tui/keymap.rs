//! The key map: one table of (keys, action, description) that the key
//! handler, the footer hints and the help overlay all read, so what the
//! screen says a key does is what the key does.

use std::borrow::Cow;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, Pane};

/// Where a binding applies. The handler consults the scopes of the current
/// mode in order and takes the first binding that matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// In every mode, overlays and editors included.
    Always,
    /// The main screen, whichever pane has focus.
    Browse,
    /// The phases pane (or tab bar) has focus.
    Phases,
    /// The topics pane has focus.
    Topics,
    /// The detail pane has focus, its cursor on a milestone or a resource.
    Milestones,
    /// The search line is open; other keys type into it.
    Search,
    /// The inline note editor is open; other keys edit the note.
    Note,
    /// The help or finale overlay is open.
    Overlay,
    /// The progress view is open.
    Progress,
    /// The review screen is open.
    Review,
}

impl Scope {
    /// The scope of a focused pane.
    pub fn of(pane: Pane) -> Scope {
        match pane {
            Pane::Phases => Scope::Phases,
            Pane::Topics => Scope::Topics,
            Pane::Milestones => Scope::Milestones,
        }
    }

    /// The heading of this scope's section in the help overlay.
    pub fn heading(self) -> &'static str {
        match self {
            Scope::Always => "Always",
            Scope::Browse => "Anywhere on the main screen",
            Scope::Phases => "Phases",
            Scope::Topics => "Topics",
            Scope::Milestones => "Detail pane (milestones, resources)",
            Scope::Search => "Search (type; ← → Ctrl-A E U W edit)",
            Scope::Note => "Note editor (type to edit)",
            Scope::Overlay => "Help and finale",
            Scope::Progress => "Progress view",
            Scope::Review => "Review",
        }
    }
}

/// One key, as the terminal reports it. Shift is ignored: it is already in
/// the character (`G`, `?`) or the code (`BackTab`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    code: KeyCode,
    control: bool,
}

impl Key {
    const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            control: false,
        }
    }

    const fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    const fn control(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            control: true,
        }
    }

    /// True when the terminal's key event is this key.
    pub fn matches(&self, event: &KeyEvent) -> bool {
        event.code == self.code
            && event.modifiers.contains(KeyModifiers::CONTROL) == self.control
            && !event.modifiers.contains(KeyModifiers::ALT)
    }

    /// How the help overlay and the footer name the key.
    pub fn label(&self) -> Cow<'static, str> {
        let name: Cow<'static, str> = match self.code {
            KeyCode::Char(' ') => "Space".into(),
            KeyCode::Char(c) if self.control => format!("Ctrl-{}", c.to_ascii_uppercase()).into(),
            KeyCode::Char(c) => c.to_string().into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            other => format!("{other}").into(),
        };
        name
    }
}

/// Keys bound to an action in a scope, and what they do.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub scope: Scope,
    pub keys: &'static [Key],
    pub action: Action,
    /// The help overlay's description.
    pub description: &'static str,
    /// The footer's short label; `None` keeps the binding out of the footer.
    pub hint: Option<&'static str>,
}

const fn bind(
    scope: Scope,
    keys: &'static [Key],
    action: Action,
    description: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        scope,
        keys,
        action,
        description,
        hint,
    }
}

const UP: Key = Key::plain(KeyCode::Up);
const DOWN: Key = Key::plain(KeyCode::Down);
const LEFT: Key = Key::plain(KeyCode::Left);
const RIGHT: Key = Key::plain(KeyCode::Right);
const ENTER: Key = Key::plain(KeyCode::Enter);
const ESC: Key = Key::plain(KeyCode::Esc);
const PAGE_UP: Key = Key::plain(KeyCode::PageUp);
const PAGE_DOWN: Key = Key::plain(KeyCode::PageDown);
const HOME: Key = Key::plain(KeyCode::Home);
const END: Key = Key::plain(KeyCode::End);

/// Columns a pan key shifts the detail pane's code by.
pub const PAN: i32 = 8;

use crate::store::ReviewMark;
use Scope::{Always, Browse, Milestones, Note, Overlay, Phases, Progress, Review, Search, Topics};

/// Every key the view understands, grouped by scope in help order.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    bind(Always, &[Key::control('c')], Action::Quit, "quit (an open note is saved first)", None),
    bind(Phases, &[ENTER], Action::Open, "show the phase's topics", Some("open")),
    bind(Topics, &[ENTER], Action::Open, "go to the topic's milestones", Some("open")),
    bind(Milestones, &[Key::char(' '), Key::char('x')], Action::Toggle, "toggle done / todo", Some("toggle")),
    bind(Milestones, &[Key::char('s')], Action::Skip, "mark skipped (again: back to todo)", Some("skip")),
    bind(Milestones, &[ENTER], Action::Open, "open a resource row; never ticks", None),
    bind(Milestones, &[Key::char('<'), Key::char('H')], Action::Pan(-PAN), "pan the code left", None),
    bind(Milestones, &[Key::char('>'), Key::char('L')], Action::Pan(PAN), "pan the code right, to see cut lines", None),
    bind(Phases, &[Key::char(' '), Key::char('x'), Key::char('s')], Action::Toggle, "ticks nothing: open a topic first", None),
    bind(Topics, &[Key::char(' '), Key::char('x'), Key::char('s')], Action::Toggle, "ticks nothing: open the topic first", None),
    bind(Browse, &[UP, Key::char('k')], Action::Up, "move up", None),
    bind(Browse, &[DOWN, Key::char('j')], Action::Down, "move down", None),
    bind(Browse, &[LEFT, Key::char('h')], Action::Left, "pane to the left", None),
    bind(Browse, &[RIGHT, Key::char('l')], Action::Right, "pane to the right", None),
    bind(Browse, &[Key::plain(KeyCode::Tab)], Action::NextPane, "next pane", Some("pane")),
    bind(Browse, &[Key::plain(KeyCode::BackTab)], Action::PreviousPane, "previous pane", None),
    bind(Browse, &[PAGE_UP], Action::PageUp, "page up (detail: scroll the text)", None),
    bind(Browse, &[PAGE_DOWN], Action::PageDown, "page down (detail: scroll the text)", None),
    bind(Browse, &[HOME, Key::char('g')], Action::First, "first item", None),
    bind(Browse, &[END, Key::char('G')], Action::Last, "last item", None),
    bind(Browse, &[Key::char('n')], Action::EditNote, "edit the topic's note here", Some("note")),
    bind(Browse, &[Key::char('E')], Action::EditNoteExternally, "edit the note in $VISUAL / $EDITOR", None),
    bind(Browse, &[Key::char('/')], Action::Search, "search all the text, fuzzy and ranked", Some("search")),
    bind(Browse, &[Key::char('u')], Action::Undo, "undo the last change", Some("undo")),
    bind(Browse, &[Key::char('U'), Key::control('r')], Action::Redo, "redo the last undo", None),
    bind(Browse, &[Key::char('f')], Action::Filter, "show only what is left (again: all)", None),
    bind(Browse, &[Key::char(']')], Action::NextLeft, "next milestone left, in any topic", None),
    bind(Browse, &[Key::char('[')], Action::PreviousLeft, "previous milestone left", None),
    bind(Browse, &[Key::char('o')], Action::OpenResource, "open resource under cursor, else next", None),
    bind(Browse, &[Key::char('z')], Action::Zoom, "zoom: this pane alone, full width", Some("zoom")),
    bind(Browse, &[Key::char('r')], Action::Review, "review the topics that are due", None),
    bind(Browse, &[Key::char('?')], Action::Help, "this help", Some("help")),
    bind(Browse, &[Key::char('p')], Action::Progress, "progress: activity, burn-up, pace, next", None),
    bind(Browse, &[Key::char('q')], Action::Quit, "quit", Some("quit")),
    bind(Search, &[UP, Key::control('p')], Action::Up, "previous match", None),
    bind(Search, &[DOWN, Key::control('n')], Action::Down, "next match", Some("choose")),
    bind(Search, &[ENTER], Action::Jump, "go to the match", Some("go")),
    bind(Search, &[ESC], Action::Close, "cancel", Some("cancel")),
    bind(Note, &[ESC], Action::SaveNote, "save the note and leave the editor", Some("save")),
    bind(Note, &[Key::control('g')], Action::DiscardNote, "leave, throwing the draft away", Some("discard")),
    bind(Overlay, &[UP, Key::char('k')], Action::Up, "scroll up", None),
    bind(Overlay, &[DOWN, Key::char('j')], Action::Down, "scroll down", None),
    bind(Overlay, &[PAGE_UP], Action::PageUp, "page up", None),
    bind(Overlay, &[PAGE_DOWN], Action::PageDown, "page down", None),
    bind(Overlay, &[ESC, Key::char('q'), Key::char('?'), ENTER], Action::Close, "close", Some("close")),
    bind(Progress, &[UP, Key::char('k')], Action::Up, "up the Next list", None),
    bind(Progress, &[DOWN, Key::char('j')], Action::Down, "down the Next list", Some("choose")),
    bind(Progress, &[ENTER], Action::Jump, "go to the chosen milestone", Some("go")),
    bind(Progress, &[ESC, Key::char('q'), Key::char('p')], Action::Close, "close", Some("close")),
    bind(Review, &[Key::char(' ')], Action::Reveal, "show answers; reopening: choose one", Some("answers")),
    bind(Review, &[Key::char('1')], Action::Rate(ReviewMark::Again), "forgot: soon again, reopen milestones", None),
    bind(Review, &[Key::char('2')], Action::Rate(ReviewMark::Hard), "recalled with effort", None),
    bind(Review, &[Key::char('3')], Action::Rate(ReviewMark::Good), "recalled", None),
    bind(Review, &[Key::char('4')], Action::Rate(ReviewMark::Easy), "recalled at once", None),
    bind(Review, &[UP, Key::char('k')], Action::Up, "reopening: previous milestone", None),
    bind(Review, &[DOWN, Key::char('j')], Action::Down, "reopening: next milestone", None),
    bind(Review, &[ENTER], Action::Confirm, "reopening: chosen ones back to todo", None),
    bind(Review, &[ESC], Action::Close, "leave; every rating is saved", Some("leave")),
];

/// The action bound to `event` in the first of `scopes` that binds it.
pub fn resolve(scopes: &[Scope], event: &KeyEvent) -> Option<Action> {
    scopes.iter().find_map(|scope| {
        BINDINGS
            .iter()
            .filter(|binding| binding.scope == *scope)
            .find(|binding| binding.keys.iter().any(|key| key.matches(event)))
            .map(|binding| binding.action)
    })
}

/// The bindings of `scopes` that the footer shows, in order.
pub fn hinted(scopes: &[Scope]) -> impl Iterator<Item = &'static Binding> + '_ {
    scopes.iter().flat_map(|scope| {
        BINDINGS
            .iter()
            .filter(move |binding| binding.scope == *scope && binding.hint.is_some())
    })
}

/// The first key bound to `action` in `scope`, for text that names it.
pub fn key_for(scope: Scope, action: Action) -> Cow<'static, str> {
    BINDINGS
        .iter()
        .find(|binding| binding.scope == scope && binding.action == action)
        .and_then(|binding| binding.keys.first())
        .map_or(Cow::Borrowed("?"), Key::label)
}

/// Every key bound to `action` in `scope`, for text that names them all:
/// `Space or x`.
pub fn keys_for(scope: Scope, action: Action) -> String {
    let labels: Vec<Cow<'static, str>> = BINDINGS
        .iter()
        .filter(|binding| binding.scope == scope && binding.action == action)
        .flat_map(|binding| binding.keys.iter().map(Key::label))
        .collect();
    labels.join(" or ")
}

/// Every key of a binding, as the help overlay shows them: `j ↓`.
pub fn labels(binding: &Binding) -> String {
    let labels: Vec<Cow<'static, str>> = binding.keys.iter().map(Key::label).collect();
    labels.join(" ")
}

/// The scopes in the order the help overlay lists them.
pub const HELP_ORDER: [Scope; 10] = [
    Browse, Phases, Topics, Milestones, Search, Note, Overlay, Progress, Review, Always,
];

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn a_pane_binding_wins_over_the_same_key_elsewhere() {
        let space = key(KeyCode::Char(' '), KeyModifiers::NONE);
        assert_eq!(
            resolve(&[Always, Milestones, Browse], &space),
            Some(Action::Toggle)
        );
        let enter = key(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(
            resolve(&[Always, Topics, Browse], &enter),
            Some(Action::Open)
        );
    }

    #[test]
    fn enter_never_toggles_in_any_pane() {
        let enter = key(KeyCode::Enter, KeyModifiers::NONE);
        for pane in [Phases, Topics, Milestones] {
            assert_eq!(resolve(&[Always, pane, Browse], &enter), Some(Action::Open));
        }
    }

    #[test]
    fn in_the_detail_pane_arrows_still_change_pane_and_pan_keys_pan() {
        let scopes = [Always, Milestones, Browse];
        let left = key(KeyCode::Left, KeyModifiers::NONE);
        assert_eq!(resolve(&scopes, &left), Some(Action::Left));
        let h = key(KeyCode::Char('h'), KeyModifiers::NONE);
        assert_eq!(resolve(&scopes, &h), Some(Action::Left));
        let less = key(KeyCode::Char('<'), KeyModifiers::SHIFT);
        assert_eq!(resolve(&scopes, &less), Some(Action::Pan(-PAN)));
        let big_l = key(KeyCode::Char('L'), KeyModifiers::SHIFT);
        assert_eq!(resolve(&scopes, &big_l), Some(Action::Pan(PAN)));
        assert_eq!(resolve(&[Always, Topics, Browse], &big_l), None);
    }

    #[test]
    fn shifted_letters_and_shift_tab_match_as_terminals_report_them() {
        let big_g = key(KeyCode::Char('G'), KeyModifiers::SHIFT);
        let back_tab = key(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(resolve(&[Browse], &big_g), Some(Action::Last));
        assert_eq!(resolve(&[Browse], &back_tab), Some(Action::PreviousPane));
    }

    #[test]
    fn control_c_quits_everywhere_but_a_plain_c_does_nothing() {
        let control_c = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for scopes in [&[Always, Search][..], &[Always, Note], &[Always, Overlay]] {
            assert_eq!(resolve(scopes, &control_c), Some(Action::Quit));
        }
        let plain_c = key(KeyCode::Char('c'), KeyModifiers::NONE);
        assert_eq!(resolve(&[Always, Browse], &plain_c), None);
    }

    #[test]
    fn a_key_held_with_alt_is_left_to_the_terminal() {
        let alt = |c| key(KeyCode::Char(c), KeyModifiers::ALT);
        assert_eq!(resolve(&[Always, Browse], &alt('q')), None);
        assert_eq!(resolve(&[Always, Milestones, Browse], &alt(' ')), None);
        assert_eq!(resolve(&[Always, Browse], &alt('u')), None);
    }

    #[test]
    fn every_scope_has_a_help_section_and_every_binding_a_description() {
        for binding in BINDINGS {
            assert!(HELP_ORDER.contains(&binding.scope));
            assert!(!binding.description.is_empty());
            assert!(!binding.keys.is_empty());
        }
    }
}
