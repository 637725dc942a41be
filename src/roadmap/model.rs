//! The roadmap's types, as the rest of trek sees them once loading succeeded.
//!
//! Every value here has already been validated: ids are well formed and
//! unique where they must be, every topic has milestones, and `required`
//! never exceeds a topic's milestone count. A roadmap indexes its topics by
//! id when it is built, so every lookup by id, anywhere in trek, is one
//! hash lookup.

use std::fmt;

use rustc_hash::FxHashMap;

/// A whole roadmap: metadata, ordered phases and the finale.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Roadmap {
    /// Progress is keyed by this id, so renaming the title never loses it.
    pub id: String,
    pub title: String,
    pub summary: String,
    /// The overall time estimate, e.g. "6-12 months".
    pub estimate: String,
    pub audience: Option<String>,
    #[serde(default)]
    pub prerequisites: Vec<String>,
    /// Read freely; a roadmap with other phases is built with
    /// [`Roadmap::new`], which indexes their topics.
    pub phases: Vec<Phase>,
    pub finale: Finale,
    /// Each topic id's phase and position in that phase.
    #[serde(skip)]
    topic_positions: FxHashMap<String, (usize, usize)>,
}

/// An ordered stage of the plan, with the weeks it covers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Phase {
    pub id: String,
    pub title: String,
    /// First and last week of the plan this phase covers, both inclusive.
    pub weeks: [u32; 2],
    pub summary: String,
    pub topics: Vec<Topic>,
}

/// One subject inside a phase.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Topic {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub estimate: Option<String>,
    /// How many milestones complete the topic, for choice points such as
    /// "pick one language"; `None` means every non-optional milestone.
    pub required: Option<u32>,
    pub milestones: Vec<Milestone>,
    #[serde(default)]
    pub resources: Vec<Resource>,
    #[serde(default)]
    pub pitfalls: Vec<String>,
    #[serde(default)]
    pub examples: Vec<Example>,
    /// Self-check questions, asked when the topic comes up for review.
    #[serde(default)]
    pub checks: Vec<Check>,
}

/// One checkable action; the unit of progress.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Milestone {
    pub id: String,
    pub text: String,
    /// Optional milestones are worth doing but never block a topic.
    #[serde(default)]
    pub optional: bool,
    /// The author's estimate of the work, so plans can add hours up.
    #[serde(default)]
    pub hours: Option<Hours>,
}

/// A time estimate in tenths of an hour: the format allows one decimal,
/// and whole tenths add up without rounding drift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hours(u32);

impl Hours {
    /// An estimate of `tenths` tenths of an hour.
    pub const fn from_tenths(tenths: u32) -> Self {
        Self(tenths)
    }

    /// The estimate in tenths of an hour, for exact sums.
    pub const fn tenths(self) -> u32 {
        self.0
    }

    /// The estimate in hours.
    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 10.0
    }
}

impl fmt::Display for Hours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 % 10 {
            0 => write!(f, "{}", self.0 / 10),
            tenth => write!(f, "{}.{tenth}", self.0 / 10),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Hours {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let hours = f64::deserialize(deserializer)?;
        let tenths = (hours * 10.0).round();
        if !(1.0..=f64::from(u32::MAX)).contains(&tenths) {
            return Err(serde::de::Error::custom("hours must be positive"));
        }
        Ok(Self(tenths as u32))
    }
}

#[cfg(test)]
impl serde::Serialize for Hours {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.as_f64())
    }
}

/// A question a learner answers from memory, with the answer to compare.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Check {
    pub q: String,
    pub a: String,
}

/// A book, course or page worth reading alongside a topic.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Resource {
    pub title: String,
    pub url: String,
    pub kind: ResourceKind,
}

/// What sort of thing a resource is, so learners can pick their medium.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
#[serde(rename_all = "lowercase")]
pub enum ResourceKind {
    Book,
    Course,
    Docs,
    Article,
    Video,
    Tool,
}

impl ResourceKind {
    /// Every kind with its spelling in the roadmap file.
    pub const ALL: [(&'static str, ResourceKind); 6] = [
        ("book", ResourceKind::Book),
        ("course", ResourceKind::Course),
        ("docs", ResourceKind::Docs),
        ("article", ResourceKind::Article),
        ("video", ResourceKind::Video),
        ("tool", ResourceKind::Tool),
    ];

    /// The spelling used in roadmap files and exports.
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, kind)| *kind == self)
            .map_or("docs", |(name, _)| name)
    }
}

/// A code example shown as a block under a topic.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Example {
    pub title: String,
    /// The language, for the reader and for Markdown fences.
    pub lang: String,
    pub code: String,
}

/// What a learner sees when every milestone is done.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Finale {
    pub title: String,
    pub body: String,
    pub next: Vec<String>,
}

/// A milestone's stable name, `TOPIC/MILESTONE`, used by the CLI and the database.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Address {
    pub topic: String,
    pub milestone: String,
}

/// Whether `id` is a well-formed phase, topic or milestone id: lowercase
/// letters, digits and `-`, not empty.
pub fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
}

impl Address {
    pub fn new(topic: &str, milestone: &str) -> Self {
        Self {
            topic: topic.to_owned(),
            milestone: milestone.to_owned(),
        }
    }

    /// Splits `TOPIC/MILESTONE`; `None` when there is no single slash.
    pub fn parse(text: &str) -> Option<Self> {
        let (topic, milestone) = text.split_once('/')?;
        (!topic.is_empty() && !milestone.is_empty() && !milestone.contains('/'))
            .then(|| Self::new(topic, milestone))
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.topic, self.milestone)
    }
}

/// Each topic id's phase and position; the first wins a repeated id.
fn positions(phases: &[Phase]) -> FxHashMap<String, (usize, usize)> {
    let mut topic_positions = FxHashMap::default();
    for (phase_index, phase) in phases.iter().enumerate() {
        for (topic_index, topic) in phase.topics.iter().enumerate() {
            topic_positions
                .entry(topic.id.clone())
                .or_insert((phase_index, topic_index));
        }
    }
    topic_positions
}

impl Roadmap {
    /// This roadmap with its topics indexed, for one read by serde (which
    /// leaves the index empty).
    pub(super) fn indexed(mut self) -> Self {
        self.topic_positions = positions(&self.phases);
        self
    }

    /// A roadmap of these phases, with its topics indexed; the other
    /// metadata starts empty, to be set on the fields.
    pub fn new(id: impl Into<String>, title: impl Into<String>, phases: Vec<Phase>) -> Self {
        let topic_positions = positions(&phases);
        Self {
            id: id.into(),
            title: title.into(),
            summary: String::new(),
            estimate: String::new(),
            audience: None,
            prerequisites: Vec::new(),
            phases,
            finale: Finale::default(),
            topic_positions,
        }
    }

    /// All topics in roadmap order, with the phase each belongs to.
    pub fn topics(&self) -> impl Iterator<Item = (&Phase, &Topic)> {
        self.phases
            .iter()
            .flat_map(|phase| phase.topics.iter().map(move |topic| (phase, topic)))
    }

    /// The topic with this id, if the roadmap has one.
    pub fn topic(&self, id: &str) -> Option<&Topic> {
        let (phase, topic) = self.locate(id)?;
        Some(&self.phases[phase].topics[topic])
    }

    /// Where the topic with this id sits: its phase's index and its index
    /// in that phase.
    pub fn locate(&self, id: &str) -> Option<(usize, usize)> {
        let &(phase, topic) = self.topic_positions.get(id)?;
        // Phases are public; a position that no longer holds this topic is
        // not trusted.
        let found = self.phases.get(phase)?.topics.get(topic)?;
        (found.id == id).then_some((phase, topic))
    }

    /// Every milestone address in roadmap order.
    pub fn addresses(&self) -> impl Iterator<Item = Address> + '_ {
        self.topics().flat_map(|(_, topic)| {
            topic
                .milestones
                .iter()
                .map(move |milestone| Address::new(&topic.id, &milestone.id))
        })
    }

    /// The milestone at this address, if the roadmap has it.
    pub fn milestone(&self, address: &Address) -> Option<&Milestone> {
        self.topic(&address.topic)?
            .milestones
            .iter()
            .find(|milestone| milestone.id == address.milestone)
    }

    pub fn topic_count(&self) -> usize {
        self.phases.iter().map(|phase| phase.topics.len()).sum()
    }

    pub fn milestone_count(&self) -> usize {
        self.topics().map(|(_, topic)| topic.milestones.len()).sum()
    }

    /// How many self-check questions the roadmap asks, over all its topics.
    pub fn check_count(&self) -> usize {
        self.topics().map(|(_, topic)| topic.checks.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_show_a_decimal_only_when_there_is_one() {
        assert_eq!(Hours::from_tenths(30).to_string(), "3");
        assert_eq!(Hours::from_tenths(15).to_string(), "1.5");
        assert_eq!(Hours::from_tenths(5).to_string(), "0.5");
    }

    #[test]
    fn address_parses_topic_and_milestone() {
        assert_eq!(
            Address::parse("http/methods"),
            Some(Address::new("http", "methods"))
        );
        assert_eq!(
            Address::parse("http/methods").unwrap().to_string(),
            "http/methods"
        );
    }

    #[test]
    fn address_rejects_anything_but_one_slash_between_two_ids() {
        for bad in ["http", "http/", "/methods", "a/b/c", ""] {
            assert_eq!(Address::parse(bad), None, "{bad:?}");
        }
    }

    fn topic(id: &str, milestones: &[&str]) -> Topic {
        Topic {
            id: id.to_owned(),
            title: id.to_uppercase(),
            summary: String::new(),
            body: String::new(),
            estimate: None,
            required: None,
            milestones: milestones
                .iter()
                .map(|id| Milestone {
                    id: (*id).to_owned(),
                    text: format!("Do {id}"),
                    optional: false,
                    hours: None,
                })
                .collect(),
            resources: Vec::new(),
            pitfalls: Vec::new(),
            examples: Vec::new(),
            checks: Vec::new(),
        }
    }

    fn phase(id: &str, topics: Vec<Topic>) -> Phase {
        Phase {
            id: id.to_owned(),
            title: id.to_owned(),
            weeks: [1, 2],
            summary: String::new(),
            topics,
        }
    }

    fn two_phases() -> Roadmap {
        Roadmap::new(
            "r",
            "R",
            vec![
                phase("one", vec![topic("http", &["methods", "status"])]),
                phase(
                    "two",
                    vec![topic("sql", &["joins"]), topic("rest", &["verbs"])],
                ),
            ],
        )
    }

    #[test]
    fn topics_are_found_by_id_in_every_phase() {
        let roadmap = two_phases();
        assert_eq!(roadmap.locate("http"), Some((0, 0)));
        assert_eq!(roadmap.locate("rest"), Some((1, 1)));
        assert_eq!(
            roadmap.topic("sql").map(|topic| topic.title.as_str()),
            Some("SQL")
        );
        assert_eq!(roadmap.topic("graphql"), None);
        let status = roadmap.milestone(&Address::new("http", "status"));
        assert_eq!(status.map(|m| m.text.as_str()), Some("Do status"));
        assert_eq!(roadmap.milestone(&Address::new("http", "verbs")), None);
        assert_eq!(roadmap.milestone(&Address::new("nope", "verbs")), None);
    }

    #[test]
    fn phases_changed_after_indexing_never_give_another_topic() {
        let mut roadmap = two_phases();
        roadmap.phases[1].topics.remove(0);
        assert_eq!(roadmap.topic("sql"), None);
        assert_eq!(
            roadmap.topic("rest"),
            None,
            "its position now holds nothing"
        );
        assert_eq!(
            roadmap.topic("http").map(|topic| topic.id.as_str()),
            Some("http")
        );
    }
}
