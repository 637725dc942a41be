//! Making untrusted text (roadmaps, notes) safe to print to a terminal,
//! and fitting it into a number of terminal columns.

use std::borrow::Cow;

use unicode_width::UnicodeWidthStr;

/// Replaces characters that a terminal would act on instead of showing:
/// C0 controls (newline and tab aside), DEL, C1 controls and bidirectional
/// overrides, each with U+FFFD. A Windows line end (CR LF) is a line end,
/// not a control. Text without them is borrowed unchanged.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(acts_on_terminal) {
        return Cow::Borrowed(text);
    }
    let mut safe = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            c if acts_on_terminal(c) => safe.push('\u{FFFD}'),
            c => safe.push(c),
        }
    }
    Cow::Owned(safe)
}

/// Like [`terminal_safe`], and also folds line breaks and tabs into spaces,
/// for text shown on one line.
pub fn one_line(text: &str) -> Cow<'_, str> {
    let is_break = |c: char| matches!(c, '\n' | '\r' | '\t');
    if !text.chars().any(|c| is_break(c) || acts_on_terminal(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                c if is_break(c) => ' ',
                c if acts_on_terminal(c) => '\u{FFFD}',
                c => c,
            })
            .collect(),
    )
}

/// `1 day`, `3 days`: a number with its noun, plural unless exactly one.
pub fn count<N: std::fmt::Display + PartialEq + From<u8>>(n: N, noun: &str) -> String {
    if n == N::from(1) {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Display width of a string in terminal columns.
pub fn width(text: &str) -> usize {
    text.width()
}

/// One line of untrusted text cut to `max` columns, with `…` when cut.
pub fn truncate(text: &str, max: usize) -> Cow<'_, str> {
    truncate_with(text, max, "…")
}

/// [`truncate`] with another mark for the cut, such as `...` where the
/// terminal may not show Unicode.
pub fn truncate_with<'t>(text: &'t str, max: usize, ellipsis: &str) -> Cow<'t, str> {
    let text = one_line(text);
    if width(&text) <= max {
        return text;
    }
    let room = max.saturating_sub(width(ellipsis));
    let mut kept = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = width(c.encode_utf8(&mut [0; 4]));
        if used + w > room {
            break;
        }
        kept.push(c);
        used += w;
    }
    if max >= width(ellipsis) {
        kept.push_str(ellipsis);
    }
    Cow::Owned(kept)
}

/// Escapes, as `\uXXXX`, the characters outside ASCII control range that a
/// terminal would still act on (C1 controls, bidi overrides). serde_json
/// already escapes C0; these can only occur inside JSON strings, so the
/// result parses back to the same values.
pub fn json_terminal_safe(json: String) -> String {
    if !json.chars().any(acts_on_terminal) {
        return json;
    }
    let mut escaped = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if acts_on_terminal(c) {
            escaped.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            escaped.push(c);
        }
    }
    escaped
}

/// True for characters a terminal acts on instead of showing: C0 controls
/// other than newline and tab, DEL, C1 controls, bidirectional overrides.
pub fn acts_on_terminal(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{061c}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_bidi_overrides_are_neutralised() {
        assert_eq!(
            terminal_safe("a\u{1b}[31mred\u{9b}\u{202e}x\u{7}"),
            "a\u{FFFD}[31mred\u{FFFD}\u{FFFD}x\u{FFFD}"
        );
    }

    #[test]
    fn windows_line_ends_are_line_ends_but_a_lone_carriage_return_is_not() {
        assert_eq!(terminal_safe("one\r\ntwo\r\n"), "one\ntwo\n");
        assert_eq!(terminal_safe("secret\rpublic"), "secret\u{FFFD}public");
    }

    #[test]
    fn ordinary_text_with_newlines_and_tabs_is_untouched_and_borrowed() {
        let text = "Ünïcode\tline\nnext — ok";
        assert!(matches!(terminal_safe(text), Cow::Borrowed(same) if same == text));
    }

    #[test]
    fn json_keeps_its_values_but_loses_raw_c1_and_bidi_characters() {
        let original = serde_json::json!({ "note": "a\u{9b}31m\u{202e}b\u{1b}" });
        let safe = json_terminal_safe(original.to_string());
        assert!(!safe.chars().any(acts_on_terminal), "{safe}");
        let parsed: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(parsed, original);
    }

    #[test]
    fn cut_text_ends_with_an_ellipsis_and_fits_its_columns() {
        assert_eq!(truncate("Web fundamentals", 8), "Web fun…");
        assert_eq!(truncate("short", 8), "short");
        assert_eq!(truncate("tab\there", 20), "tab here");
        assert_eq!(truncate_with("Web fundamentals", 8, "..."), "Web f...");
        assert_eq!(truncate("日本語のテキスト", 7), "日本語…");
        assert_eq!(width(&truncate("日本語のテキスト", 7)), 7);
    }

    #[test]
    fn counts_are_plural_unless_exactly_one() {
        assert_eq!(count(1usize, "note"), "1 note");
        assert_eq!(count(0u32, "day"), "0 days");
        assert_eq!(count(-1i64, "week"), "-1 weeks");
    }

    #[test]
    fn one_line_folds_breaks_into_spaces() {
        assert_eq!(one_line("a\nb\r\tc\u{1b}"), "a b  c\u{FFFD}");
    }
}
