//! Opening a web link: with `$BROWSER` as the convention reads it (a list
//! of commands separated by `:`, each tried in turn, `%s` standing for the
//! link, which is added at the end when no `%s` is given), else with the
//! platform's opener.

use std::process::{Command, Stdio};

/// Starts a browser on `url` without waiting for it (a browser may run for
/// hours); it is reaped when done. The error names what was tried.
pub fn open_link(url: &str) -> Result<(), String> {
    open_with(&std::env::var("BROWSER").unwrap_or_default(), url)
}

/// [`open_link`] with `browser` as `$BROWSER`.
fn open_with(browser: &str, url: &str) -> Result<(), String> {
    let mut commands = commands(browser, url);
    if commands.is_empty() {
        let opener = if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        commands.push(vec![opener.to_owned(), url.to_owned()]);
    }
    let mut failures = Vec::new();
    for command in &commands {
        let spawned = Command::new(&command[0])
            .args(&command[1..])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        match spawned {
            Ok(mut child) => {
                std::thread::spawn(move || child.wait());
                return Ok(());
            }
            Err(error) => failures.push(format!("{}: {error}", command[0])),
        }
    }
    Err(format!(
        "Cannot open the link ({}); set $BROWSER",
        failures.join("; ")
    ))
}

/// The commands `$BROWSER` names for `url`, each as program and arguments.
fn commands(browser: &str, url: &str) -> Vec<Vec<String>> {
    browser
        .split(':')
        .filter_map(|entry| {
            let words: Vec<&str> = entry.split_whitespace().collect();
            if words.is_empty() {
                return None;
            }
            let mut command: Vec<String> =
                words.iter().map(|word| word.replace("%s", url)).collect();
            if !words.iter().any(|word| word.contains("%s")) {
                command.push(url.to_owned());
            }
            Some(command)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://example.com/a";

    #[test]
    fn browser_is_a_list_of_commands_with_the_link_where_percent_s_stands() {
        assert_eq!(commands("firefox", URL), [vec!["firefox", URL]]);
        assert_eq!(
            commands("w3m -N %s:firefox", URL),
            [vec!["w3m", "-N", URL], vec!["firefox", URL]]
        );
        assert_eq!(
            commands("open --url=%s", URL),
            [vec!["open".to_owned(), format!("--url={URL}")]]
        );
        assert!(commands("", URL).is_empty());
        assert!(commands(" : ", URL).is_empty());
    }

    #[test]
    fn a_browser_that_cannot_start_is_named_and_the_next_one_tried() {
        let missing = "/nonexistent/trek-test-browser";
        assert_eq!(open_with(&format!("{missing}:true"), URL), Ok(()));
        let error = open_with(missing, URL).unwrap_err();
        assert!(
            error.starts_with(&format!("Cannot open the link ({missing}: ")),
            "{error}"
        );
        assert!(error.ends_with("; set $BROWSER"), "{error}");
    }
}
