//! Indicator scorecards: for one group (a region, a period), each marker of a coordinated
//! resurgence — central command activity, training pipelines, financing streams, territorial
//! claims — read as present, absent or contested from the evidence sentences, with the share
//! of the group's incidents that were directed or enabled against those only inspired, and an
//! overall reading with its reasons.
//!
//! - Each evidence sentence weighs by its source's grade (A 1.0 down to E 0.25; F, which
//!   cannot be judged, 0.5), by its age against the newest evidence (half as much every two
//!   years; undated 0.5), and by how its group was found (named in the sentence 1.0, the one
//!   before 0.8, the document's main group 0.6). One from a source graded D–F whose sentence
//!   names no one ("it is understood that") is flagged uncorroborated and weighs half.
//! - A side's weight is the sum over independent sources of each source's heaviest sentence,
//!   so an outlet repeating itself counts once. A marker is **present** when the weight for it
//!   is at least twice the weight against; **absent** when the weight against is at least twice
//!   the weight for, or there is no evidence; **contested** otherwise.
//! - The overall reading, each with the facts that led to it:
//!   - **insufficient evidence** when fewer than two independent sources give indicator
//!     evidence and fewer than two incidents have a known link (directed, enabled, inspired);
//!   - **coordinated resurgence** when central command activity is present with at least one
//!     other marker, the evidence of decline does not outweigh it, and inspired incidents do
//!     not outnumber directed and enabled ones;
//!   - **inspired, dispersed activity** when inspired incidents outnumber directed and enabled
//!     ones and no training pipeline is present, or when the weight of the evidence of decline
//!     is at least one and a half times that of organisation and directed or enabled incidents
//!     do not outnumber inspired ones;
//!   - **mixed evidence** otherwise.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use vigil_core::LinkLevel;

use crate::assess::Sourcing;
use crate::sources::{Grade, SourceProfiles};

pub const MARKERS: [&str; 4] = ["central_command", "training_pipeline", "financing", "territorial_claim"];

/// The readings a scorecard can give.
pub const COORDINATED: &str = "coordinated resurgence";
pub const INSPIRED: &str = "inspired, dispersed activity";
pub const MIXED: &str = "mixed evidence";
pub const INSUFFICIENT: &str = "insufficient evidence";

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
    /// What the sentence weighs: grade, age and how its group was found.
    #[serde(default)]
    pub weight: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Marker {
    pub indicator: String,
    /// `present`, `absent` or `contested`.
    pub status: String,
    pub reason: String,
    pub sources_for: usize,
    pub sources_against: usize,
    /// The weights of the two sides (see the module notes).
    #[serde(default)]
    pub weight_for: f64,
    #[serde(default)]
    pub weight_against: f64,
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
    /// Counts one incident of link level `link`.
    pub fn add(&mut self, link: LinkLevel) {
        self.incidents += 1;
        let count = match link {
            LinkLevel::Directed => &mut self.directed,
            LinkLevel::Enabled => &mut self.enabled,
            LinkLevel::Inspired => &mut self.inspired,
            LinkLevel::Claimed => &mut self.claimed,
            LinkLevel::Alleged => &mut self.alleged,
            LinkLevel::Unknown => &mut self.unknown,
        };
        *count += 1;
    }

    pub fn organised(&self) -> usize {
        self.directed + self.enabled
    }

    /// Incidents whose link says whether the group organised them.
    pub fn known(&self) -> usize {
        self.organised() + self.inspired
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    pub markers: Vec<Marker>,
    pub links: LinkShare,
    /// One of [`COORDINATED`], [`INSPIRED`], [`MIXED`] or [`INSUFFICIENT`].
    pub reading: String,
    pub reasons: Vec<String>,
    /// The newest publication date among the evidence, against which age is weighed.
    #[serde(default)]
    pub as_of: Option<String>,
}

/// What a grade makes a sentence weigh.
fn grade_weight(grade: Grade) -> f64 {
    match grade {
        Grade::A => 1.0,
        Grade::B => 0.85,
        Grade::C => 0.7,
        Grade::D => 0.45,
        Grade::E => 0.25,
        Grade::F => 0.5,
    }
}

/// What how the group was found makes a sentence weigh.
fn basis_weight(basis: &str) -> f64 {
    match basis {
        "sentence" => 1.0,
        "previous sentence" => 0.8,
        _ => 0.6,
    }
}

/// Years for a sentence's weight to halve with age.
const HALF_LIFE_YEARS: f64 = 2.0;

fn date_of(published: Option<&str>) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(published?.get(..10)?, "%Y-%m-%d").ok()
}

fn age_weight(published: Option<NaiveDate>, as_of: Option<NaiveDate>) -> f64 {
    match (published, as_of) {
        (Some(p), Some(now)) => {
            let years = (now - p).num_days().max(0) as f64 / 365.25;
            0.5f64.powf(years / HALF_LIFE_YEARS)
        }
        _ => 0.5,
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The weight of one side: each independent source's heaviest sentence, summed.
fn side_weight(items: &[GradedEvidence], stance: &str) -> (usize, f64) {
    let mut by_source: BTreeMap<String, f64> = BTreeMap::new();
    for g in items.iter().filter(|g| g.evidence.stance == stance) {
        let w = by_source.entry(g.evidence.counts_as.to_lowercase()).or_default();
        *w = w.max(g.weight);
    }
    (by_source.len(), by_source.values().fold(0.0, |sum, w| sum + w))
}

fn judge_marker(
    name: &str,
    evidence: &[Evidence],
    profiles: &SourceProfiles,
    sourcing: &Sourcing,
    as_of: Option<NaiveDate>,
) -> Marker {
    let mut items: Vec<GradedEvidence> = evidence
        .iter()
        .filter(|e| e.indicator == name)
        .map(|e| {
            let grade = profiles.grade(&e.source, e.url.as_deref()).grade;
            let named_sourcing = sourcing.named(std::slice::from_ref(&e.sentence));
            // Each sentence is a claim of its own: one from a source graded D-F that names no
            // one ("it is understood that") is uncorroborated, whatever else supports the marker.
            let uncorroborated = !grade.is_good() && named_sourcing.is_none();
            let weight = grade_weight(grade)
                * age_weight(date_of(e.published.as_deref()), as_of)
                * basis_weight(&e.group_basis)
                * if uncorroborated { 0.5 } else { 1.0 };
            GradedEvidence {
                evidence: e.clone(),
                grade,
                named_sourcing,
                uncorroborated,
                weight: round2(weight),
            }
        })
        .collect();
    items.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    let ((pro, w_for), (con, w_against)) = (side_weight(&items, "for"), side_weight(&items, "against"));
    let weighed = format!("weight {:.2} for from {pro} sources, {:.2} against from {con}", w_for, w_against);
    let (status, mut reason) = if pro == 0 && con == 0 {
        ("absent", "no evidence in the documents that name the group".to_string())
    } else if w_for > 0.0 && w_for >= 2.0 * w_against {
        ("present", weighed)
    } else if w_against >= 2.0 * w_for {
        ("absent", format!("the evidence is against it: {weighed}"))
    } else {
        ("contested", weighed)
    };
    let weak = items.iter().filter(|g| g.uncorroborated).count();
    let all_weak = pro > 0 && items.iter().filter(|g| g.evidence.stance == "for").all(|g| g.uncorroborated);
    if all_weak && status == "present" {
        reason.push_str("; its only support is uncorroborated (low-graded sources naming no one)");
    } else if weak > 0 {
        reason.push_str(&format!("; {weak} of {} sentences uncorroborated", items.len()));
    }
    Marker {
        indicator: name.to_string(),
        status: status.to_string(),
        reason,
        sources_for: pro,
        sources_against: con,
        weight_for: round2(w_for),
        weight_against: round2(w_against),
        evidence: items,
    }
}

pub fn scorecard(evidence: &[Evidence], links: LinkShare, profiles: &SourceProfiles) -> Scorecard {
    let sourcing = Sourcing::builtin();
    let as_of = evidence.iter().filter_map(|e| date_of(e.published.as_deref())).max();
    let markers: Vec<Marker> =
        MARKERS.iter().map(|name| judge_marker(name, evidence, profiles, sourcing, as_of)).collect();
    let (reading, reasons) = read(&markers, &links, evidence);
    Scorecard { markers, links, reading: reading.to_string(), reasons, as_of: as_of.map(|d| d.to_string()) }
}

/// The overall reading and the facts that led to it (see the module notes).
fn read(markers: &[Marker], links: &LinkShare, evidence: &[Evidence]) -> (&'static str, Vec<String>) {
    let marker = |name: &str| markers.iter().find(|m| m.indicator == name).expect("every marker is judged");
    let present: Vec<&str> =
        markers.iter().filter(|m| m.status == "present").map(|m| m.indicator.as_str()).collect();
    let against: Vec<&str> = markers
        .iter()
        .filter(|m| m.status == "absent" && m.sources_against > 0)
        .map(|m| m.indicator.as_str())
        .collect();
    let list = |names: &[&str]| {
        if names.is_empty() { "none".to_string() } else { names.join(", ").replace('_', " ") }
    };
    let (organised, inspired) = (links.organised(), links.inspired);
    // Sums start from 0.0, not the -0.0 of an empty float sum, so that nothing reads "-0.00".
    let w_for = markers.iter().fold(0.0, |sum, m| sum + m.weight_for);
    let w_against = markers.iter().fold(0.0, |sum, m| sum + m.weight_against);
    let sources: std::collections::BTreeSet<String> =
        evidence.iter().map(|e| e.counts_as.to_lowercase()).collect();
    let mut reasons = vec![
        format!("markers present: {}", list(&present)),
        format!("markers with evidence against them: {}", list(&against)),
        format!(
            "of {}: {} directed, {} enabled, {} inspired, {} claimed only, {} alleged, {} unknown",
            vigil_core::words::counted(links.incidents, "incident", "incidents"),
            links.directed,
            links.enabled,
            links.inspired,
            links.claimed,
            links.alleged,
            links.unknown
        ),
        format!(
            "indicator evidence from {} independent sources: weight {:.2} for, {:.2} against",
            sources.len(),
            w_for,
            w_against
        ),
    ];
    if sources.len() < 2 && links.known() < 2 {
        reasons.push(format!(
            "too little to read: {} independent sources of indicator evidence and {} incidents with a known link (two of either are needed)",
            sources.len(),
            links.known()
        ));
        return (INSUFFICIENT, reasons);
    }
    let command = marker("central_command").status == "present";
    let other_marker = present.iter().any(|m| *m != "central_command");
    let declining = w_against > w_for;
    let training = marker("training_pipeline").status == "present";
    if command && other_marker && !declining && inspired <= organised {
        reasons.push(format!(
            "central command activity with {} other marker(s), more evidence of organisation than of decline, and inspired incidents ({inspired}) not outnumbering directed or enabled ones ({organised})",
            present.len() - 1
        ));
        return (COORDINATED, reasons);
    }
    if inspired > organised && !training {
        reasons.push(format!(
            "inspired incidents ({inspired}) outnumber directed or enabled ones ({organised}), and no training pipeline is in evidence"
        ));
        return (INSPIRED, reasons);
    }
    // Decline that clearly outweighs organisation reads as dispersal on its own.
    if w_against >= 1.5 * w_for && w_against > 0.0 && organised <= inspired {
        reasons.push(format!(
            "the evidence of decline clearly outweighs the evidence of organisation ({w_against:.2} against {w_for:.2}), and directed or enabled incidents ({organised}) do not outnumber inspired ones ({inspired})"
        ));
        return (INSPIRED, reasons);
    }
    let mut why = Vec::new();
    if !command {
        why.push("central command activity is not established".to_string());
    } else if !other_marker {
        why.push("central command activity stands alone among the markers".to_string());
    }
    if declining {
        why.push(format!(
            "the evidence of decline outweighs that of organisation ({w_against:.2} against {w_for:.2})"
        ));
    }
    if inspired > organised {
        why.push(format!("inspired incidents ({inspired}) outnumber directed or enabled ones ({organised}), but a training pipeline is in evidence"));
    } else if organised > inspired && !command {
        why.push(format!("directed or enabled incidents ({organised}) outnumber inspired ones ({inspired})"));
    }
    reasons.push(format!("the evidence points neither way clearly: {}", why.join("; ")));
    (MIXED, reasons)
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
        ["directed", "directed", "inspired", "claimed"].iter().for_each(|l| links.add(LinkLevel::of(l)));
        let card = scorecard(&evidence, links, &SourceProfiles::builtin());
        let m = |name: &str| card.markers.iter().find(|m| m.indicator == name).unwrap();
        assert_eq!(m("central_command").status, "present");
        assert_eq!(m("training_pipeline").status, "contested");
        assert_eq!(m("territorial_claim").status, "absent");
        assert!(m("financing").reason.contains("uncorroborated"), "{}", m("financing").reason);
        assert!(m("financing").evidence[0].uncorroborated);
        assert!(!m("central_command").evidence[0].uncorroborated, "named sourcing");
        assert_eq!(card.reading, COORDINATED, "{:?}", card.reasons);
    }

    #[test]
    fn inspired_activity_without_command() {
        let mut links = LinkShare::default();
        ["inspired", "inspired", "claimed"].iter().for_each(|l| links.add(LinkLevel::of(l)));
        let evidence = [ev("central_command", "against", "A", "Police said there was no sign of direction.")];
        let card = scorecard(&evidence, links, &SourceProfiles::builtin());
        assert_eq!(card.reading, INSPIRED, "{:?}", card.reasons);
        let empty = scorecard(&[], LinkShare::default(), &SourceProfiles::builtin());
        assert_eq!(empty.reading, INSUFFICIENT, "{:?}", empty.reasons);
    }

    fn dated(mut e: Evidence, published: &str) -> Evidence {
        e.published = Some(published.into());
        e
    }

    fn links(of: &[&str]) -> LinkShare {
        let mut share = LinkShare::default();
        of.iter().for_each(|l| share.add(LinkLevel::of(l)));
        share
    }

    #[test]
    fn claims_and_markers_do_not_make_inspired_attacks_a_resurgence() {
        // A group's media claims everything, and some markers are reported, but the attacks
        // are inspired: the reading must not be a coordinated resurgence, and its reasons must
        // say what the counts say.
        let evidence = [
            ev("central_command", "for", "A", "The group claimed the attack through its media office."),
            ev("central_command", "for", "B", "Its outlet issued the claim in four languages."),
            ev("financing", "for", "C", "Prosecutors said the group sent small transfers to supporters."),
            ev("territorial_claim", "for", "D", "The group holds territory in two districts."),
        ];
        let card = scorecard(&evidence, links(&["inspired"]), &SourceProfiles::builtin());
        assert_ne!(card.reading, COORDINATED, "{:?}", card.reasons);
        assert_eq!(card.reading, INSPIRED, "{:?}", card.reasons);
        assert!(
            card.reasons.iter().any(|r| r.contains("0 directed, 0 enabled, 1 inspired")),
            "{:?}",
            card.reasons
        );
        assert!(!card.reasons.iter().any(|r| r.contains("at least as common")), "{:?}", card.reasons);
    }

    #[test]
    fn three_corpora_three_readings() {
        // Arguing a coordinated resurgence: leadership directing operations, camps, money,
        // and directed attacks.
        let coordinated = [
            ev(
                "central_command",
                "for",
                "A",
                "Officials said the external operations wing planned the attack.",
            ),
            ev("central_command", "for", "B", "The leadership dispatched the cell from abroad."),
            ev("training_pipeline", "for", "A", "The attackers trained in camps run by the group."),
            ev("financing", "for", "C", "Investigators traced cryptocurrency transfers to the group."),
        ];
        let card = scorecard(
            &coordinated,
            links(&["directed", "directed", "enabled", "inspired"]),
            &SourceProfiles::builtin(),
        );
        assert_eq!(card.reading, COORDINATED, "{:?}", card.reasons);
        // Arguing inspired, dispersed activity: lone attackers, a scattered leadership.
        let inspired = [
            ev("central_command", "against", "A", "Police said the attacker acted alone."),
            ev("central_command", "against", "B", "Analysts said the leadership has become more scattered."),
            ev("training_pipeline", "against", "C", "There was no evidence of training abroad."),
            ev("central_command", "for", "D", "The group claimed the attack."),
        ];
        let card = scorecard(
            &inspired,
            links(&["inspired", "inspired", "inspired", "claimed"]),
            &SourceProfiles::builtin(),
        );
        assert_eq!(card.reading, INSPIRED, "{:?}", card.reasons);
        // Mixed: command and money in evidence, attacks split evenly, territory lost.
        let mixed = [
            ev("central_command", "for", "A", "The group's media office issued a statement."),
            ev("central_command", "against", "B", "Officials said the group is divided into two factions."),
            ev(
                "territorial_claim",
                "against",
                "C",
                "Officials said it has lost most of the territory it held.",
            ),
            ev("financing", "for", "D", "It raises money through extortion."),
        ];
        let card = scorecard(&mixed, links(&["directed", "inspired"]), &SourceProfiles::builtin());
        assert_eq!(card.reading, MIXED, "{:?}", card.reasons);
        assert!(card.reasons.last().unwrap().contains("neither way"), "{:?}", card.reasons);
    }

    #[test]
    fn old_evidence_weighs_less_than_new() {
        let evidence = [
            dated(ev("territorial_claim", "for", "A", "The group holds territory."), "2016-01-01"),
            dated(ev("territorial_claim", "against", "B", "The group has lost its territory."), "2024-01-01"),
        ];
        let card = scorecard(&evidence, LinkShare::default(), &SourceProfiles::builtin());
        let m = card.markers.iter().find(|m| m.indicator == "territorial_claim").unwrap();
        assert_eq!(m.status, "absent", "{}", m.reason);
        assert!(m.weight_for < m.weight_against / 2.0, "{} {}", m.weight_for, m.weight_against);
        assert_eq!(card.as_of.as_deref(), Some("2024-01-01"));
    }

    #[test]
    fn one_outlet_repeating_itself_counts_once() {
        let evidence = [
            ev("financing", "for", "A", "The group raises money through extortion."),
            ev("financing", "for", "A", "Its extortion rackets fund it."),
            ev("financing", "against", "B", "Its funding has dried up."),
        ];
        let card = scorecard(&evidence, LinkShare::default(), &SourceProfiles::builtin());
        let m = card.markers.iter().find(|m| m.indicator == "financing").unwrap();
        assert_eq!(
            (m.sources_for, m.sources_against, m.status.as_str()),
            (1, 1, "contested"),
            "{}",
            m.reason
        );
    }
}
