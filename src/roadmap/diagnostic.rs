//! Problems found in a roadmap file, located by line and column.
//!
//! Problems are collected as byte offsets while reading and turned into
//! `line:column` only when a file is actually broken, so a good file pays
//! nothing for them. Each renders as `FILE:LINE:COLUMN: message`, the shape
//! editors and terminals already know how to jump to.

use std::fmt;

/// One thing wrong with a roadmap file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line and column (in characters), when the problem has a place.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

/// Every problem found in one roadmap file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct LoadError {
    /// The file as the user named it.
    pub file: String,
    pub problems: Vec<Problem>,
}

impl LoadError {
    /// A problem that concerns the whole file, such as one that cannot be read.
    pub(super) fn whole_file(file: &str, message: String) -> Self {
        Self {
            file: file.to_owned(),
            problems: vec![Problem {
                position: None,
                message,
            }],
        }
    }

    /// Locates problems found at byte offsets of `text`, in file order.
    pub(super) fn at_offsets(file: &str, text: &str, mut found: Vec<(usize, String)>) -> Self {
        found.sort_by_key(|(offset, _)| *offset);
        let lines = LineIndex::new(text);
        let problems = found
            .into_iter()
            .map(|(offset, message)| Problem {
                position: Some(lines.position(text, offset)),
                message,
            })
            .collect();
        Self {
            file: file.to_owned(),
            problems,
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, problem) in self.problems.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            match problem.position {
                Some((line, column)) => {
                    write!(f, "{}:{line}:{column}: {}", self.file, problem.message)?
                }
                None => write!(f, "{}: {}", self.file, problem.message)?,
            }
        }
        Ok(())
    }
}

/// Byte offsets of line starts, for turning an offset into `line:column`.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        Self { starts }
    }

    fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let start = self.starts[line];
        let column = text
            .get(start..offset)
            .map_or(offset - start, |prefix| prefix.chars().count());
        (line + 1, column + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_one_based_lines_and_character_columns() {
        let text = "ab\nçd = 1\n\nx";
        let lines = LineIndex::new(text);
        assert_eq!(lines.position(text, 0), (1, 1));
        assert_eq!(lines.position(text, 3), (2, 1));
        assert_eq!(lines.position(text, 5), (2, 2), "ç is one column");
        assert_eq!(lines.position(text, 11), (3, 1));
        assert_eq!(lines.position(text, 12), (4, 1));
        assert_eq!(lines.position(text, 99), (4, 2), "past the end clamps");
    }

    #[test]
    fn problems_render_in_file_order_with_the_file_name() {
        let error = LoadError::at_offsets(
            "road.toml",
            "a\nb\n",
            vec![(2, "second".into()), (0, "first".into())],
        );
        assert_eq!(
            error.to_string(),
            "road.toml:1:1: first\nroad.toml:2:1: second"
        );
    }
}
