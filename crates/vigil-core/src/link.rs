//! How an attack is tied to a group (see DOMAIN: directed, enabled, inspired, claimed,
//! alleged, unknown), written once for every crate: extraction reads it, assessment ranks it,
//! stores keep its name, exports and pages show it.

use serde::{Deserialize, Serialize};

/// A link level, ordered from the weakest tie (`Unknown`) to the strongest (`Directed`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkLevel {
    /// No attribution in the source.
    #[default]
    Unknown,
    /// A government or party attributes it without public evidence.
    Alleged,
    /// The group claimed it; a claim alone proves neither direction nor contact.
    Claimed,
    /// A lone attacker or self-formed cell drew on the group's propaganda, with no contact.
    Inspired,
    /// The group's operatives guided, funded or supplied it without commanding it.
    Enabled,
    /// Planned or ordered by the group, its operatives trained or dispatched by it.
    Directed,
}

impl LinkLevel {
    /// Every level, strongest first: the order analysts list them in.
    pub const ALL: [LinkLevel; 6] = [
        LinkLevel::Directed,
        LinkLevel::Enabled,
        LinkLevel::Inspired,
        LinkLevel::Claimed,
        LinkLevel::Alleged,
        LinkLevel::Unknown,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            LinkLevel::Unknown => "unknown",
            LinkLevel::Alleged => "alleged",
            LinkLevel::Claimed => "claimed",
            LinkLevel::Inspired => "inspired",
            LinkLevel::Enabled => "enabled",
            LinkLevel::Directed => "directed",
        }
    }

    /// The names of [`LinkLevel::ALL`], strongest first.
    pub const NAMES: [&'static str; 6] = [
        LinkLevel::ALL[0].as_str(),
        LinkLevel::ALL[1].as_str(),
        LinkLevel::ALL[2].as_str(),
        LinkLevel::ALL[3].as_str(),
        LinkLevel::ALL[4].as_str(),
        LinkLevel::ALL[5].as_str(),
    ];

    /// The level a stored or typed name gives (lower case, as [`LinkLevel::as_str`] writes it).
    pub fn parse(name: &str) -> Option<LinkLevel> {
        LinkLevel::ALL.into_iter().find(|l| l.as_str() == name)
    }

    /// The level of a stored name; an unknown name is [`LinkLevel::Unknown`].
    pub fn of(name: &str) -> LinkLevel {
        LinkLevel::parse(name).unwrap_or(LinkLevel::Unknown)
    }

    /// Directed or enabled: the group organised the attack.
    pub fn organised(self) -> bool {
        matches!(self, LinkLevel::Directed | LinkLevel::Enabled)
    }
}

impl std::fmt::Display for LinkLevel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_order_runs_from_weakest_to_strongest() {
        for level in LinkLevel::ALL {
            assert_eq!(LinkLevel::parse(level.as_str()), Some(level));
            assert_eq!(serde_json::to_string(&level).unwrap(), format!("\"{level}\""));
        }
        assert!(LinkLevel::Directed > LinkLevel::Enabled && LinkLevel::Claimed > LinkLevel::Alleged);
        assert_eq!(LinkLevel::of("rumoured"), LinkLevel::Unknown);
        assert!(LinkLevel::Enabled.organised() && !LinkLevel::Inspired.organised());
    }
}
