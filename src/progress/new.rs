//! Milestones the roadmap gained since the learner last changed anything on
//! it (see the store's record of what was seen), in roadmap order.

use crate::roadmap::{Address, Roadmap};
use crate::store::Progress;

use super::next::NextMilestone;

/// Every milestone progress marks as new, in roadmap order.
pub fn new_milestones<'r>(roadmap: &'r Roadmap, progress: &Progress) -> Vec<NextMilestone<'r>> {
    if progress.new.is_empty() {
        return Vec::new();
    }
    roadmap
        .topics()
        .flat_map(|(phase, topic)| {
            topic
                .milestones
                .iter()
                .map(move |milestone| (phase, topic, milestone))
        })
        .map(|(phase, topic, milestone)| NextMilestone {
            address: Address::new(&topic.id, &milestone.id),
            phase_id: &phase.id,
            topic_title: &topic.title,
            text: &milestone.text,
        })
        .filter(|milestone| progress.new.contains(&milestone.address))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::fixtures::trek;

    #[test]
    fn new_milestones_come_in_roadmap_order_whatever_order_they_were_marked_in() {
        let roadmap = trek();
        let mut progress = Progress::default();
        let addresses: Vec<Address> = roadmap.addresses().collect();
        for address in [&addresses[3], &addresses[0]] {
            progress.new.insert(address.clone());
        }
        let listed: Vec<Address> = new_milestones(&roadmap, &progress)
            .into_iter()
            .map(|milestone| milestone.address)
            .collect();
        assert_eq!(listed, [addresses[0].clone(), addresses[3].clone()]);
    }
}
