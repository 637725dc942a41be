//! `trek export -o PATH`: the text goes where it is told, and nothing that
//! is not a regular file is ever replaced.

use std::io::Read;

use predicates::str::contains;

use crate::support::Sandbox;

fn ticked() -> Sandbox {
    let sandbox = Sandbox::with_demo_roadmap();
    sandbox.demo().args(["check", "http"]).assert().success();
    sandbox
}

#[test]
fn a_dash_is_standard_output_and_no_file() {
    let sandbox = ticked();
    sandbox
        .demo()
        .args(["export", "-o", "-"])
        .assert()
        .success()
        .stdout(contains("- [x] Send a request with each method"));
    assert!(!sandbox.path("-").exists(), "no file named `-`");
}

#[cfg(unix)]
#[test]
fn a_fifo_is_written_into_and_its_reader_gets_the_whole_export() {
    let sandbox = ticked();
    let fifo = sandbox.path("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.unwrap().success(), "mkfifo");
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            std::fs::File::open(fifo)
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            text
        })
    };
    sandbox
        .demo()
        .args(["export", "-o", "pipe"])
        .assert()
        .success();
    let expected =
        String::from_utf8(sandbox.demo().arg("export").output().unwrap().stdout).unwrap();
    assert_eq!(reader.join().unwrap(), expected);
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo(),
        "still a FIFO"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_device_is_a_runtime_failure_that_replaces_nothing() {
    let sandbox = ticked();
    sandbox
        .demo()
        .args(["export", "-o", "/dev/full", "--force"])
        .assert()
        .code(1)
        .stderr("/dev/full: cannot write: No space left on device (os error 28)\n");
    use std::os::unix::fs::FileTypeExt;
    let kind = std::fs::symlink_metadata("/dev/full").unwrap().file_type();
    assert!(kind.is_char_device(), "/dev/full is still a device");
}

#[cfg(target_os = "linux")]
#[test]
fn a_link_to_standard_output_writes_there_and_stays_a_link() {
    let sandbox = ticked();
    std::os::unix::fs::symlink("/proc/self/fd/1", sandbox.path("out")).unwrap();
    sandbox
        .demo()
        .args(["export", "-o", "out"])
        .assert()
        .success()
        .stdout(contains("- [x] Send a request with each method"));
    let link = std::fs::symlink_metadata(sandbox.path("out")).unwrap();
    assert!(link.file_type().is_symlink(), "the link is kept");
}

#[cfg(unix)]
#[test]
fn a_dangling_link_is_named_as_such_and_left_alone() {
    let sandbox = ticked();
    std::os::unix::fs::symlink("missing/file.md", sandbox.path("out")).unwrap();
    sandbox
        .demo()
        .args(["export", "-o", "out"])
        .assert()
        .code(2)
        .stderr("out: is a link to nothing; name a file to write\n");
    assert!(std::fs::symlink_metadata(sandbox.path("out")).is_ok());
    assert!(!sandbox.path("missing").exists());
}
