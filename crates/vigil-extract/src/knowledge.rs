//! The knowledge files: what vigil knows before it reads anything. Parsed from TOML and
//! checked (unique ids and aliases, known parents) so that a mistake in an analyst's copy is
//! reported with its cause instead of producing silent mismatches.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

const BUILTIN_GROUPS: &str = include_str!("../data/groups.toml");

#[derive(Debug, thiserror::Error)]
pub enum KnowledgeError {
    #[error("groups file is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("groups file: {0}")]
    Invalid(String),
}

/// An armed group as the knowledge file describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub regions: Vec<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Aliases that match only in exactly this case ("IS", "ISIS").
    #[serde(default)]
    pub acronyms: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default, rename = "designation")]
    pub designations: Vec<Designation>,
}

/// A listing of a group by a government or international body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Designation {
    pub by: String,
    pub list: String,
    pub year: Option<u16>,
    pub source: String,
    pub status: String,
}

#[derive(Deserialize)]
struct GroupsFile {
    version: u32,
    #[serde(rename = "group")]
    groups: Vec<Group>,
}

/// Everything vigil knows about groups.
#[derive(Debug, Clone)]
pub struct Knowledge {
    pub version: u32,
    pub groups: Vec<Group>,
}

impl Knowledge {
    /// The groups file shipped with vigil (`crates/vigil-extract/data/groups.toml`).
    pub fn builtin() -> Knowledge {
        Knowledge::from_toml(BUILTIN_GROUPS).expect("the shipped groups file is valid (a test checks it)")
    }

    /// Reads and checks a groups file.
    pub fn from_toml(text: &str) -> Result<Knowledge, KnowledgeError> {
        let file: GroupsFile = toml::from_str(text)?;
        let knowledge = Knowledge { version: file.version, groups: file.groups };
        knowledge.check()?;
        Ok(knowledge)
    }

    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// A group's canonical name for display, or its id when this file lacks it.
    pub fn display_name(&self, id: &str) -> String {
        self.group(id).map_or_else(|| id.to_string(), |g| g.name.clone())
    }

    /// The group an analyst means by `name`: its id, canonical name or any alias, in any case.
    pub fn resolve(&self, name: &str) -> Option<&Group> {
        let key = crate::fold::fold_lower(name.trim());
        self.groups.iter().find(|g| {
            g.id == key || g.aliases.iter().chain([&g.name]).any(|a| crate::fold::fold_lower(a) == key)
        })
    }

    fn check(&self) -> Result<(), KnowledgeError> {
        let invalid = |s: String| Err(KnowledgeError::Invalid(s));
        let mut ids = HashMap::new();
        let mut aliases: HashMap<String, &str> = HashMap::new();
        for g in &self.groups {
            if ids.insert(g.id.as_str(), ()).is_some() {
                return invalid(format!("group id {:?} appears twice", g.id));
            }
            for alias in g.aliases.iter().chain([&g.name]) {
                if alias.trim().is_empty() {
                    return invalid(format!("group {:?} has an empty name or alias", g.id));
                }
                let key = crate::fold::fold_lower(alias);
                if let Some(other) = aliases.insert(key, &g.id).filter(|other| *other != g.id) {
                    return invalid(format!("alias {alias:?} belongs to both {other:?} and {:?}", g.id));
                }
            }
            if let Some(a) = g.acronyms.iter().find(|a| !g.aliases.contains(a)) {
                return invalid(format!("acronym {a:?} of {:?} is not among its aliases", g.id));
            }
        }
        for g in &self.groups {
            if let Some(parent) = g.parent.as_deref().filter(|p| !ids.contains_key(p)) {
                return invalid(format!("group {:?} names an unknown parent {parent:?}", g.id));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_file_is_valid() {
        let k = Knowledge::builtin();
        assert!(k.groups.len() >= 25);
        assert_eq!(k.group("iskp").and_then(|g| g.parent.as_deref()), Some("islamic-state"));
        for name in
            ["ISKP", "iskp", "Islamic State Khorasan", "islamic state khorasan province", "ISIS\u{2013}K"]
        {
            assert_eq!(k.resolve(name).map(|g| g.id.as_str()), Some("iskp"), "{name}");
        }
        assert!(k.resolve("Khorasan").is_none());
    }

    #[test]
    fn mistakes_are_reported_with_their_cause() {
        let twice = "version = 1\n[[group]]\nid = \"a\"\nname = \"Alpha\"\naliases = [\"X Front\"]\n[[group]]\nid = \"b\"\nname = \"Beta\"\naliases = [\"x front\"]\n";
        let err = Knowledge::from_toml(twice).unwrap_err().to_string();
        assert!(err.contains("belongs to both"), "{err}");
        let orphan = "version = 1\n[[group]]\nid = \"a\"\nname = \"Alpha\"\nparent = \"zz\"\n";
        assert!(Knowledge::from_toml(orphan).unwrap_err().to_string().contains("unknown parent"));
        assert!(Knowledge::from_toml("version = ").unwrap_err().to_string().contains("not valid TOML"));
        let empty = "version = 1\n[[group]]\nid = \"a\"\nname = \"Alpha\"\naliases = [\" \"]\n";
        assert!(Knowledge::from_toml(empty).unwrap_err().to_string().contains("empty name or alias"));
    }
}
