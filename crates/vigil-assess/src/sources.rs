//! Source profiles: an outlet or a web domain with its Admiralty reliability grade (A
//! completely reliable … E unreliable, F reliability cannot be judged) and the analyst's note.
//! A source with no profile is F. The built-in profiles (`data/sources.toml`) are a starting
//! point; an analyst's own file adds to them and overrides them by name.

use serde::{Deserialize, Serialize};
use thiserror::Error;

const BUILTIN: &str = include_str!("../data/sources.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Grade {
    A,
    B,
    C,
    D,
    E,
    F,
}

impl Grade {
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
            Grade::E => "E",
            Grade::F => "F",
        }
    }

    pub fn meaning(self) -> &'static str {
        match self {
            Grade::A => "completely reliable",
            Grade::B => "usually reliable",
            Grade::C => "fairly reliable",
            Grade::D => "not usually reliable",
            Grade::E => "unreliable",
            Grade::F => "reliability cannot be judged",
        }
    }

    /// A, B or C: a source whose word carries weight alone.
    pub fn is_good(self) -> bool {
        self <= Grade::C
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub domains: Vec<String>,
    pub grade: Grade,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    #[serde(default)]
    source: Vec<Profile>,
}

#[derive(Debug, Error)]
pub enum SourcesError {
    #[error("not a source profile file: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("source profile file version {0} is not supported (expected 1)")]
    Version(u32),
    #[error("source profile {0:?} is listed twice")]
    Duplicate(String),
}

/// How a source was graded: its profile's name and note, or why it has none.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Graded {
    pub grade: Grade,
    /// The profile that graded it; none when no profile matches.
    pub profile: Option<String>,
    pub note: String,
}

#[derive(Debug, Clone)]
pub struct SourceProfiles {
    profiles: Vec<Profile>,
}

impl SourceProfiles {
    pub fn builtin() -> SourceProfiles {
        SourceProfiles::from_toml(BUILTIN)
            .expect("the built-in source profiles are valid (a test checks them)")
    }

    pub fn from_toml(text: &str) -> Result<SourceProfiles, SourcesError> {
        let file: File = toml::from_str(text)?;
        if file.version != 1 {
            return Err(SourcesError::Version(file.version));
        }
        let mut names: Vec<String> = file.source.iter().map(|p| p.name.to_lowercase()).collect();
        names.sort();
        if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
            return Err(SourcesError::Duplicate(w[0].clone()));
        }
        Ok(SourceProfiles { profiles: file.source })
    }

    /// The built-in profiles with an analyst's file laid over them (same name: theirs wins).
    pub fn with(mut self, theirs: SourceProfiles) -> SourceProfiles {
        for p in theirs.profiles {
            let key = p.name.to_lowercase();
            self.profiles.retain(|q| q.name.to_lowercase() != key);
            self.profiles.push(p);
        }
        self
    }

    pub fn profiles(&self) -> &[Profile] {
        &self.profiles
    }

    /// Grades a document's source by its outlet name, else by its URL's host.
    pub fn grade(&self, source: &str, url: Option<&str>) -> Graded {
        let name = source.trim().to_lowercase();
        let by_name = self
            .profiles
            .iter()
            .find(|p| p.name.to_lowercase() == name || p.aliases.iter().any(|a| a.to_lowercase() == name));
        let host = url.and_then(host);
        let by_domain = || {
            let host = host.as_deref()?;
            self.profiles.iter().find(|p| {
                p.domains.iter().any(|d| {
                    let d = d.to_lowercase();
                    host == d || host.ends_with(&format!(".{d}"))
                })
            })
        };
        match by_name.or_else(by_domain) {
            Some(p) => Graded {
                grade: p.grade,
                profile: Some(p.name.clone()),
                note: p.note.clone().unwrap_or_else(|| p.grade.meaning().to_string()),
            },
            None => Graded {
                grade: Grade::F,
                profile: None,
                note: "no source profile: reliability cannot be judged".into(),
            },
        }
    }
}

/// The lower-cased host of an http(s) URL, without a leading "www.".
fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?.split(':').next()?;
    let host = host.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_profiles_load() {
        assert!(!SourceProfiles::builtin().profiles().is_empty());
    }

    #[test]
    fn grades_by_name_alias_and_domain_and_unknown_is_f() {
        let p = SourceProfiles::from_toml(
            r#"version = 1
[[source]]
name = "Meridian Wire"
aliases = ["Meridian"]
domains = ["meridianwire.example"]
grade = "B"
note = "wire service"
"#,
        )
        .unwrap();
        assert_eq!(p.grade("meridian wire", None).grade, Grade::B);
        assert_eq!(p.grade("Meridian", None).grade, Grade::B);
        let by_url = p.grade("Some Aggregator", Some("https://news.meridianwire.example/a/b"));
        assert_eq!((by_url.grade, by_url.profile.as_deref()), (Grade::B, Some("Meridian Wire")));
        let unknown = p.grade("Blog", Some("https://blog.example/x"));
        assert_eq!(unknown.grade, Grade::F);
        assert!(unknown.note.contains("cannot be judged"));
    }

    #[test]
    fn an_analysts_file_overrides_by_name_and_bad_files_are_refused() {
        let base =
            SourceProfiles::from_toml("version = 1\n[[source]]\nname = \"X\"\ngrade = \"B\"\n").unwrap();
        let theirs =
            SourceProfiles::from_toml("version = 1\n[[source]]\nname = \"x\"\ngrade = \"D\"\n").unwrap();
        assert_eq!(base.with(theirs).grade("X", None).grade, Grade::D);
        assert!(SourceProfiles::from_toml("version = 2\n").is_err());
        assert!(SourceProfiles::from_toml("version = 1\n[[source]]\nname = \"X\"\ngrade = \"G\"\n").is_err());
        let twice =
            "version = 1\n[[source]]\nname = \"X\"\ngrade = \"B\"\n[[source]]\nname = \"x\"\ngrade = \"C\"\n";
        assert!(matches!(SourceProfiles::from_toml(twice), Err(SourcesError::Duplicate(_))));
    }

    #[test]
    fn hosts() {
        assert_eq!(host("https://www.Example.org:443/path?q").as_deref(), Some("example.org"));
        assert_eq!(host("http://user@a.b/").as_deref(), Some("a.b"));
        assert_eq!(host(""), None);
    }
}
