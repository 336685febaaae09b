//! Indicator scorecards: for one group (a region, a period), each marker of a coordinated
//! resurgence — central command activity, training pipelines, financing streams, territorial
//! claims — read as present, absent or contested from the evidence sentences, with the share
//! of the group's incidents that were directed or enabled against those only inspired, and an
//! overall reading with its reasons.
//!
//! - A marker is **present** when independent sources give evidence for it and none against;
//!   **absent** when the only evidence is against it, or there is none; **contested** when
//!   both sides have sources, unless one side has at least three times the other's.
//! - Each evidence sentence is a claim of its own: one from a source graded D–F whose
//!   sentence names no one ("it is understood that") is flagged uncorroborated; a marker whose
//!   only support is such evidence says so.
//! - The overall reading is **coordinated resurgence** when central command activity is
//!   present with at least one other marker and directed or enabled incidents are at least as
//!   many as inspired ones, or when three or more markers are present; **inspired, dispersed
//!   activity** when central command and training pipelines are not present and inspired
//!   incidents outnumber directed and enabled ones; otherwise **mixed or insufficient
//!   evidence**. Each reading lists the facts that led to it.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::assess::Sourcing;
use crate::sources::{Grade, SourceProfiles};

pub const MARKERS: [&str; 4] = ["central_command", "training_pipeline", "financing", "territorial_claim"];

/// One evidence sentence as the store cites it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub indicator: String,
    /// `for` or `against`.
    pub stance: String,
    pub cue: String,
    /// Where the group was found: `sentence`, `previous sentence` or `document`.
    pub group_basis: String,
    pub doc: String,
    pub source: String,
    pub url: Option<String>,
    pub published: Option<String>,
    /// The outlet it counts as for independence.
    pub counts_as: String,
    pub start: usize,
    pub end: usize,
    pub sentence: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GradedEvidence {
    #[serde(flatten)]
    pub evidence: Evidence,
    pub grade: Grade,
    pub named_sourcing: Option<String>,
    pub uncorroborated: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Marker {
    pub indicator: String,
    /// `present`, `absent` or `contested`.
    pub status: String,
    pub reason: String,
    pub sources_for: usize,
    pub sources_against: usize,
    pub evidence: Vec<GradedEvidence>,
}

/// The links of a group's incidents.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LinkShare {
    pub incidents: usize,
    pub directed: usize,
    pub enabled: usize,
    pub inspired: usize,
    pub claimed: usize,
    pub alleged: usize,
    pub unknown: usize,
}

impl LinkShare {
    pub fn add(&mut self, link: &str) {
        self.incidents += 1;
        match link {
            "directed" => self.directed += 1,
            "enabled" => self.enabled += 1,
            "inspired" => self.inspired += 1,
            "claimed" => self.claimed += 1,
            "alleged" => self.alleged += 1,
            _ => self.unknown += 1,
        }
    }

    pub fn organised(&self) -> usize {
        self.directed + self.enabled
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    pub markers: Vec<Marker>,
    pub links: LinkShare,
    /// `coordinated resurgence`, `inspired, dispersed activity` or `mixed or insufficient evidence`.
    pub reading: String,
    pub reasons: Vec<String>,
}

pub fn scorecard(evidence: &[Evidence], links: LinkShare, profiles: &SourceProfiles) -> Scorecard {
    let sourcing = Sourcing::builtin();
    let mut markers = Vec::new();
    for name in MARKERS {
        let mut items: Vec<GradedEvidence> = evidence
            .iter()
            .filter(|e| e.indicator == name)
            .map(|e| GradedEvidence {
                grade: profiles.grade(&e.source, e.url.as_deref()).grade,
                named_sourcing: sourcing.named(std::slice::from_ref(&e.sentence)),
                uncorroborated: false,
                evidence: e.clone(),
            })
            .collect();
        let side = |stance: &str, items: &[GradedEvidence]| -> BTreeSet<String> {
            items
                .iter()
                .filter(|g| g.evidence.stance == stance)
                .map(|g| g.evidence.counts_as.to_lowercase())
                .collect()
        };
        let (pro, con) = (side("for", &items), side("against", &items));
        // Each sentence is a claim of its own: one from a source graded D-F that names no one
        // ("it is understood that") is uncorroborated, whatever else supports the marker.
        for g in items.iter_mut() {
            g.uncorroborated = !g.grade.is_good() && g.named_sourcing.is_none();
        }
        let all_weak = !items.is_empty()
            && items.iter().filter(|g| g.evidence.stance == "for").all(|g| g.uncorroborated)
            && !pro.is_empty();
        let (status, mut reason) = match (pro.len(), con.len()) {
            (0, 0) => ("absent", "no evidence in the documents that name the group".to_string()),
            (p, 0) => ("present", format!("{p} independent sources give evidence for it, none against")),
            (0, c) => ("absent", format!("{c} independent sources give evidence against it, none for")),
            (p, c) if p >= 3 * c => ("present", format!("{p} independent sources for it, {c} against")),
            (p, c) if c >= 3 * p => ("absent", format!("{c} independent sources against it, {p} for")),
            (p, c) => ("contested", format!("{p} independent sources for it, {c} against")),
        };
        let weak = items.iter().filter(|g| g.uncorroborated).count();
        if all_weak && status == "present" {
            reason.push_str("; its only support is uncorroborated (low-graded sources naming no one)");
        } else if weak > 0 {
            reason.push_str(&format!("; {weak} of {} sentences uncorroborated", items.len()));
        }
        markers.push(Marker {
            indicator: name.to_string(),
            status: status.to_string(),
            reason,
            sources_for: pro.len(),
            sources_against: con.len(),
            evidence: items,
        });
    }
    let status =
        |name: &str| markers.iter().find(|m| m.indicator == name).map_or("absent", |m| m.status.as_str());
    let present: Vec<&str> =
        markers.iter().filter(|m| m.status == "present").map(|m| m.indicator.as_str()).collect();
    let mut reasons = vec![
        format!(
            "markers present: {}",
            if present.is_empty() { "none".to_string() } else { present.join(", ").replace('_', " ") }
        ),
        format!(
            "of {} incidents: {} directed, {} enabled, {} inspired, {} claimed only, {} alleged, {} unknown",
            links.incidents,
            links.directed,
            links.enabled,
            links.inspired,
            links.claimed,
            links.alleged,
            links.unknown
        ),
    ];
    let command = status("central_command") == "present";
    let reading = if (command && present.len() >= 2 && links.organised() >= links.inspired)
        || present.len() >= 3
    {
        reasons.push(if command {
            "central command activity with other markers, and directed or enabled attacks at least as common as inspired ones".to_string()
        } else {
            "three or more markers present".to_string()
        });
        "coordinated resurgence"
    } else if !command && status("training_pipeline") != "present" && links.inspired > links.organised() {
        reasons.push("no central command or training pipeline in evidence, and inspired attacks outnumber directed and enabled ones".to_string());
        "inspired, dispersed activity"
    } else {
        reasons.push("the evidence points neither way clearly".to_string());
        "mixed or insufficient evidence"
    };
    Scorecard { markers, links, reading: reading.to_string(), reasons }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(indicator: &str, stance: &str, source: &str, sentence: &str) -> Evidence {
        Evidence {
            indicator: indicator.into(),
            stance: stance.into(),
            cue: "cue".into(),
            group_basis: "sentence".into(),
            doc: format!("doc-{source}"),
            source: source.into(),
            url: None,
            published: Some("2024-04-01".into()),
            counts_as: source.into(),
            start: 0,
            end: sentence.chars().count(),
            sentence: sentence.into(),
        }
    }

    #[test]
    fn markers_are_present_absent_or_contested() {
        let evidence = [
            ev("central_command", "for", "A", "Officials said the attack was directed from Afghanistan."),
            ev(
                "central_command",
                "for",
                "B",
                "Analysts said the plot was run by the external operations wing.",
            ),
            ev("training_pipeline", "for", "A", "Investigators said he trained in camps."),
            ev("training_pipeline", "against", "C", "Police said there was no evidence of training."),
            ev("financing", "for", "D", "It is understood that the gunmen were paid."),
        ];
        let mut links = LinkShare::default();
        ["directed", "directed", "inspired", "claimed"].iter().for_each(|l| links.add(l));
        let card = scorecard(&evidence, links, &SourceProfiles::builtin());
        let m = |name: &str| card.markers.iter().find(|m| m.indicator == name).unwrap();
        assert_eq!(m("central_command").status, "present");
        assert_eq!(m("training_pipeline").status, "contested");
        assert_eq!(m("territorial_claim").status, "absent");
        assert!(m("financing").reason.contains("uncorroborated"), "{}", m("financing").reason);
        assert!(m("financing").evidence[0].uncorroborated);
        assert!(!m("central_command").evidence[0].uncorroborated, "named sourcing");
        assert_eq!(card.reading, "coordinated resurgence", "{:?}", card.reasons);
    }

    #[test]
    fn inspired_activity_without_command() {
        let mut links = LinkShare::default();
        ["inspired", "inspired", "claimed"].iter().for_each(|l| links.add(l));
        let evidence = [ev("central_command", "against", "A", "Police said there was no sign of direction.")];
        let card = scorecard(&evidence, links, &SourceProfiles::builtin());
        assert_eq!(card.reading, "inspired, dispersed activity", "{:?}", card.reasons);
        let empty = scorecard(&[], LinkShare::default(), &SourceProfiles::builtin());
        assert_eq!(empty.reading, "mixed or insufficient evidence");
    }
}
