//! How the backup spells addresses, topic ids, states and review marks: as the text the
//! CLI and the log use, checked as strictly as the roadmap checks its ids,
//! so nothing malformed ever reaches the database.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serializer};

use crate::roadmap::is_id;
use crate::text::one_line;

/// `TOPIC/MILESTONE`, both well-formed ids.
pub mod address {
    use super::*;
    use crate::roadmap::Address;

    pub fn serialize<S: Serializer>(address: &Address, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(address)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Address, D::Error> {
        let text = String::deserialize(deserializer)?;
        Address::parse(&text)
            .filter(|address| is_id(&address.topic) && is_id(&address.milestone))
            .ok_or_else(|| {
                D::Error::custom(format!(
                    "`{}` is not a TOPIC/MILESTONE address",
                    one_line(&text)
                ))
            })
    }
}

/// A topic id.
pub mod topic {
    use super::*;

    pub fn serialize<S: Serializer>(topic: &str, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(topic)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        let text = String::deserialize(deserializer)?;
        if is_id(&text) {
            Ok(text)
        } else {
            Err(D::Error::custom(format!(
                "`{}` is not a topic id",
                one_line(&text)
            )))
        }
    }
}

/// `todo`, `done` or `skipped`.
pub mod state {
    use super::*;
    use crate::store::State;

    pub fn serialize<S: Serializer>(state: &State, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(state.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<State, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse()
            .map_err(|_| D::Error::custom(format!("unknown state `{}`", one_line(&text))))
    }
}

/// A review mark (`again`, `hard`, `good`, `easy`, `add`, `drop`), or null.
pub mod mark {
    use super::*;
    use crate::store::ReviewMark;

    pub fn serialize<S: Serializer>(
        mark: &Option<ReviewMark>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match mark {
            Some(mark) => serializer.serialize_some(mark.as_str()),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<ReviewMark>, D::Error> {
        Option::<String>::deserialize(deserializer)?
            .map(|text| {
                text.parse().map_err(|_| {
                    D::Error::custom(format!("unknown review mark `{}`", one_line(&text)))
                })
            })
            .transpose()
    }
}
