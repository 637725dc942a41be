//! What the view's changes leave behind: the time writes carry.

use super::fixture::{Harness, start};
use crate::roadmap::Address;

#[test]
fn writes_are_stamped_with_the_time_of_the_clock_the_app_was_given() {
    let mut harness = Harness::new();
    harness.press("Tab Tab Space");
    let stored = harness.stored();
    let address = Address::new("http", "methods");
    assert_eq!(stored.states[&address].changed_at, start());
    assert_eq!(stored.activity.ticks, vec![start()]);
    harness.wait(3600).press("u");
    let history = harness.stored_history();
    assert_eq!(history[0].at, harness.now(), "the undo, an hour later");
}
