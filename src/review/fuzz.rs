//! A small spread of review intervals, the same on every machine.
//!
//! Topics finished on one day would otherwise all come due on one later
//! day. Each interval of three days or more moves by up to 5% (at least a
//! day) either way, by a hash of the topic id and how many times it has
//! been rated: two machines holding the same reviews agree, and one topic
//! does not drift the same way every time.

use super::memory::MAX_INTERVAL_DAYS;

/// `days`, moved a little for `topic` at its `ratings`th rating.
pub fn fuzzed(days: i64, topic: &str, ratings: u32) -> i64 {
    if days < 3 {
        return days;
    }
    let spread = ((days as f64 * 0.05).round() as i64).max(1);
    let choices = (2 * spread + 1) as u64;
    let offset = (hash(topic, ratings) % choices) as i64 - spread;
    (days + offset).clamp(1, MAX_INTERVAL_DAYS)
}

/// FNV-1a, then MurmurHash3's finaliser so that every bit depends on every
/// byte: fixed by their definitions, unlike the standard library's hasher.
fn hash(topic: &str, ratings: u32) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in topic.bytes().chain(ratings.to_le_bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_intervals_are_left_alone_and_long_ones_stay_near_and_in_bounds() {
        assert_eq!(fuzzed(1, "http", 0), 1);
        assert_eq!(fuzzed(2, "http", 0), 2);
        for ratings in 0..50 {
            let days = fuzzed(100, "http", ratings);
            assert!((95..=105).contains(&days), "{days}");
            assert!(fuzzed(180, "sql", ratings) <= MAX_INTERVAL_DAYS);
        }
    }

    #[test]
    fn topics_learned_together_spread_out_and_each_always_the_same_way() {
        let days: std::collections::HashSet<i64> = (0..30)
            .map(|topic| fuzzed(3, &format!("topic-{topic}"), 0))
            .collect();
        assert_eq!(days, [2, 3, 4].into_iter().collect());
        assert_eq!(fuzzed(40, "rest", 3), fuzzed(40, "rest", 3));
    }
}
