//! `trek completions SHELL` and `trek man`: shell integration from the CLI definition.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::failure::Failure;

/// Prints a completion script. Rendered into memory first: the generator
/// panics on a write error, and the reader may have gone away.
pub fn completions(shell: Shell, out: &mut dyn Write) -> Result<(), Failure> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "trek", &mut script);
    out.write_all(&script)?;
    Ok(())
}

/// Prints the man page in roff: clap's sections for the synopsis and
/// options, then the commands (all in this one page, which names no
/// other) and what a reader of a man page looks for: the environment, the
/// files and the exit status.
pub fn man(out: &mut dyn Write) -> Result<(), Failure> {
    let command = Cli::command();
    let man = clap_mangen::Man::new(command.clone());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    page.extend_from_slice(b".SH COMMANDS\n");
    for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        let about = sub
            .get_about()
            .map(|about| about.to_string())
            .unwrap_or_default();
        let entry = format!(".TP\n\\fBtrek {}\\fR\n{}\n", sub.get_name(), roff(&about));
        page.extend_from_slice(entry.as_bytes());
    }
    page.extend_from_slice(MAN_SECTIONS.as_bytes());
    man.render_version_section(&mut page)?;
    out.write_all(&page)?;
    Ok(())
}

/// Text as roff shows it literally: backslashes and hyphens escaped, and no
/// line starting with a control character.
fn roff(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    escaped
        .lines()
        .map(|line| {
            if line.starts_with(['.', '\'']) {
                format!("\\&{line}")
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

const MAN_SECTIONS: &str = r#".SH ENVIRONMENT
.TP
\fBTREK_DB\fR
The progress database, as \fB\-\-db\fR; an empty value is an error.
.TP
\fBTREK_ROADMAP\fR
The roadmap file, as \fB\-\-roadmap\fR; an empty value is an error.
.TP
\fBNO_COLOR\fR
When set and not empty, no colour, as \fB\-\-color never\fR.
.TP
\fBTREK_HYPERLINKS\fR
\fB0\fR: the interactive view sends no hyperlinks; \fB1\fR: it sends them even
to the Linux console and \fBTERM=dumb\fR, where they are off by default.
.TP
\fBVISUAL\fR, \fBEDITOR\fR
The editor for \fBtrek note TOPIC\fR and the interactive view's \fBE\fR key.
.TP
\fBXDG_DATA_HOME\fR, \fBHOME\fR
Where the default database lives; relative paths are ignored.
.SH FILES
.TP
\fI$XDG_DATA_HOME/trek/progress.sqlite3\fR
The default database (\fI~/.local/share/trek/progress.sqlite3\fR on Linux),
created 0600 in a 0700 directory. Reading commands never create it.
.SH EXIT STATUS
.TP
\fB0\fR
Success, including output cut short by a reader that went away.
.TP
\fB1\fR
A failure while doing valid work: a read\-only or full disk, an I/O error.
.TP
\fB2\fR
Input to change: a bad address, a broken roadmap or backup, a file that is not
a trek database. One line names the file or address at fault, and nothing is
changed.
.TP
\fB128 + N\fR
The interactive view was stopped by signal N (143 for SIGTERM), after giving the
terminal back and saving an open note.
"#;
