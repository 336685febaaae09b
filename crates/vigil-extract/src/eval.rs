//! Scoring extraction against gold annotations: precision, recall and F1 per fact kind.
//!
//! Gold files are TOML in `examples/gold/` (format in their header comments). Scoring is pure:
//! the caller extracts and hands over `(origin, Extraction)` pairs.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::Extraction;

#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    #[error("gold file is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("gold file: {0}")]
    Invalid(String),
}

/// Gold annotations of armed-group mentions.
#[derive(Debug, Clone, Deserialize)]
pub struct GroupsGold {
    pub version: u32,
    #[serde(rename = "doc")]
    pub docs: Vec<GoldDoc>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldDoc {
    /// The document's origin as vigil reports it (path, with `#item-N` / `#line-N`).
    pub origin: String,
    #[serde(default)]
    pub mentions: Vec<GoldMention>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldMention {
    pub group: String,
    pub text: String,
}

impl GroupsGold {
    pub fn from_toml(text: &str) -> Result<GroupsGold, GoldError> {
        let gold: GroupsGold = toml::from_str(text)?;
        unique_origins(gold.docs.iter().map(|d| d.origin.as_str()))?;
        Ok(gold)
    }
}

/// Gold annotations of date expressions.
#[derive(Debug, Clone, Deserialize)]
pub struct DatesGold {
    pub version: u32,
    #[serde(rename = "doc")]
    pub docs: Vec<DatesGoldDoc>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DatesGoldDoc {
    pub origin: String,
    #[serde(default)]
    pub dates: Vec<GoldDate>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldDate {
    pub text: String,
    pub value: String,
    pub precision: String,
}

impl DatesGold {
    pub fn from_toml(text: &str) -> Result<DatesGold, GoldError> {
        let gold: DatesGold = toml::from_str(text)?;
        unique_origins(gold.docs.iter().map(|d| d.origin.as_str()))?;
        for doc in &gold.docs {
            if let Some(d) = doc.dates.iter().find(|d| vigil_core::Precision::parse(&d.precision).is_none()) {
                return Err(GoldError::Invalid(format!(
                    "{}: precision {:?} is not day, month, year or approx",
                    doc.origin, d.precision
                )));
            }
        }
        Ok(gold)
    }
}

/// Date extraction scored as detection (the expression's text, per document) and, for the
/// expressions found, normalisation (value and precision both right).
#[derive(Debug, Clone, Serialize)]
pub struct DateScores {
    pub documents: usize,
    pub detection: Score,
    /// Share of correctly detected expressions whose value and precision are right.
    pub normalised: f64,
    pub errors: Vec<DateErrors>,
}

/// One document's date errors, each as `text=value/precision`.
#[derive(Debug, Clone, Serialize)]
pub struct DateErrors {
    pub origin: String,
    pub missed: Vec<String>,
    pub spurious: Vec<String>,
    /// Found, but with a wrong value or precision.
    pub misread: Vec<String>,
}

pub fn score_dates(gold: &DatesGold, extracted: &HashMap<String, Extraction>) -> DateScores {
    let empty = Extraction::default();
    let (mut counts, mut right) = ((0, 0, 0), 0);
    let mut errors = Vec::new();
    for doc in &gold.docs {
        let found = extracted.get(&doc.origin).unwrap_or(&empty);
        let mut want: Vec<(String, String)> =
            doc.dates.iter().map(|d| (d.text.clone(), format!("{}/{}", d.value, d.precision))).collect();
        let mut got: Vec<(String, String)> = found
            .dates
            .iter()
            .map(|d| (d.text.clone(), format!("{}/{}", d.value, d.precision.as_str())))
            .collect();
        let (gold_n, found_n) = (want.len(), got.len());
        let mut misread = Vec::new();
        // Exact pairs first (same text and value), so that two "Friday"s are not cross-matched.
        let mut exact = 0;
        want.retain(|w| match got.iter().position(|g| g == w) {
            Some(at) => {
                got.remove(at);
                exact += 1;
                false
            }
            None => true,
        });
        right += exact;
        want.retain(|(text, value)| match got.iter().position(|(t, _)| t == text) {
            Some(at) => {
                let (_, v) = got.remove(at);
                if v == *value {
                    right += 1;
                } else {
                    misread.push(format!("{text}={v}, gold {value}"));
                }
                false
            }
            None => true,
        });
        let correct = gold_n - want.len();
        counts = (counts.0 + gold_n, counts.1 + found_n, counts.2 + correct);
        let show =
            |v: Vec<(String, String)>| v.into_iter().map(|(t, v)| format!("{t}={v}")).collect::<Vec<_>>();
        if !want.is_empty() || !got.is_empty() || !misread.is_empty() {
            errors.push(DateErrors {
                origin: doc.origin.clone(),
                missed: show(want),
                spurious: show(got),
                misread,
            });
        }
    }
    let normalised =
        if counts.2 == 0 { 0.0 } else { (right as f64 / counts.2 as f64 * 1000.0).round() / 1000.0 };
    DateScores {
        documents: gold.docs.len(),
        detection: Score::new(counts.0, counts.1, counts.2),
        normalised,
        errors,
    }
}

/// A document annotated twice would be counted twice.
fn unique_origins<'a>(origins: impl Iterator<Item = &'a str>) -> Result<(), GoldError> {
    let mut seen = std::collections::HashSet::new();
    for origin in origins {
        if !seen.insert(origin) {
            return Err(GoldError::Invalid(format!("{origin} is annotated twice")));
        }
    }
    Ok(())
}

/// Counts and the measures derived from them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Score {
    pub gold: usize,
    pub found: usize,
    pub correct: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Score {
    fn new(gold: usize, found: usize, correct: usize) -> Score {
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        let (precision, recall) = (ratio(correct, found), ratio(correct, gold));
        let f1 =
            if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
        let round = |x: f64| (x * 1000.0).round() / 1000.0;
        Score { gold, found, correct, precision: round(precision), recall: round(recall), f1: round(f1) }
    }
}

/// Group recognition scored two ways: which groups each document names (document level), and
/// each mention (the group and the text as written, counted per document).
#[derive(Debug, Clone, Serialize)]
pub struct GroupScores {
    pub documents: usize,
    pub groups: Score,
    pub mentions: Score,
    /// Per document: `(origin, missed, spurious)` mentions as `group:text`, for error analysis.
    pub errors: Vec<(String, Vec<String>, Vec<String>)>,
}

/// Scores extractions against gold; documents without gold are ignored, gold documents without
/// an extraction count as found nothing.
pub fn score_groups(gold: &GroupsGold, extracted: &HashMap<String, Extraction>) -> GroupScores {
    let empty = Extraction::default();
    let (mut docs, mut mentions) = ((0, 0, 0), (0, 0, 0));
    let mut errors = Vec::new();
    for doc in &gold.docs {
        let found = extracted.get(&doc.origin).unwrap_or(&empty);
        let mut want: Vec<String> = doc.mentions.iter().map(|m| format!("{}:{}", m.group, m.text)).collect();
        let mut got: Vec<String> = found
            .groups
            .iter()
            .flat_map(|g| g.mentions.iter().map(move |m| format!("{}:{}", g.id, m.text)))
            .collect();
        let (gold_n, found_n, correct) = overlap(&mut want, &mut got);
        mentions = (mentions.0 + gold_n, mentions.1 + found_n, mentions.2 + correct);
        let mut want_ids: Vec<String> = doc.mentions.iter().map(|m| m.group.clone()).collect();
        let mut got_ids: Vec<String> = found.groups.iter().map(|g| g.id.clone()).collect();
        want_ids.sort();
        want_ids.dedup();
        let (gold_n, found_n, correct) = overlap(&mut want_ids, &mut got_ids);
        docs = (docs.0 + gold_n, docs.1 + found_n, docs.2 + correct);
        if !want.is_empty() || !got.is_empty() {
            errors.push((doc.origin.clone(), want, got));
        }
    }
    GroupScores {
        documents: gold.docs.len(),
        groups: Score::new(docs.0, docs.1, docs.2),
        mentions: Score::new(mentions.0, mentions.1, mentions.2),
        errors,
    }
}

/// Multiset overlap; leaves in `want` what was missed and in `got` what was spurious.
fn overlap(want: &mut Vec<String>, got: &mut Vec<String>) -> (usize, usize, usize) {
    let (gold, found) = (want.len(), got.len());
    let mut correct = 0;
    want.retain(|w| match got.iter().position(|g| g == w) {
        Some(at) => {
            got.remove(at);
            correct += 1;
            false
        }
        None => true,
    });
    (gold, found, correct)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Extractor;

    #[test]
    fn scores_documents_and_mentions() {
        let gold = GroupsGold::from_toml(
            "version = 1\n[[doc]]\norigin = \"a\"\nmentions = [{ group = \"iskp\", text = \"ISKP\" }, { group = \"iskp\", text = \"ISKP\" }, { group = \"taliban\", text = \"Taliban\" }]\n[[doc]]\norigin = \"b\"\n",
        )
        .unwrap();
        let x = Extractor::builtin();
        let extracted: HashMap<String, Extraction> = [
            ("a".to_string(), x.extract("ISKP and ISKP again; Hamas too.", None)),
            ("b".to_string(), x.extract("Nothing here.", None)),
        ]
        .into();
        let s = score_groups(&gold, &extracted);
        assert_eq!((s.mentions.gold, s.mentions.found, s.mentions.correct), (3, 3, 2));
        assert_eq!((s.groups.gold, s.groups.found, s.groups.correct), (2, 2, 1));
        assert_eq!(s.groups.f1, 0.5);
        assert_eq!(s.errors[0].1, vec!["taliban:Taliban"]);
        assert_eq!(s.errors[0].2, vec!["hamas:Hamas"]);
        assert!(
            GroupsGold::from_toml("version = 1\n[[doc]]\norigin = \"a\"\n[[doc]]\norigin = \"a\"\n").is_err()
        );
    }
}
