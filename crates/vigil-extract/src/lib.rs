//! Extraction: facts with their evidence, from a document's text.
//!
//! Everything here is a pure function of the text and the knowledge files: no I/O, no clock.
//! Knowledge (groups and their aliases) is data in `data/`, compiled into the binary and
//! replaceable by an analyst's own copy ([`Knowledge::from_toml`]); its automata are built
//! once per [`Extractor`], not per document.
//!
//! Fact kinds: armed groups ([`groups`]), places ([`places`]), dates ([`dates`]), figures
//! ([`figures`]) and incidents built from them ([`incidents`]); stored facts carry their
//! sentence ([`sentences`]).
//! Offsets are character offsets into the text.

pub mod dates;
pub mod eval;
pub mod figures;
pub mod fold;
pub mod goldset;
pub mod groups;
pub mod incidents;
pub mod indicators;
mod knowledge;
pub mod layout;
pub mod organizations;
mod passages;
pub mod people;
pub mod places;
pub mod quotes;
pub mod sentences;

pub use eval::{DateScores, DatesGold, GroupScores, GroupsGold, Score, score_dates, score_groups};
pub use groups::{GroupFacts, Mention};
pub use knowledge::{Designation, Group, Knowledge, KnowledgeError};

use chrono::NaiveDate;
use serde::Serialize;
use vigil_core::{Facts, GroupMention, Span};

/// The facts found in one document, grouped for reading (`vigil extract`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Extraction {
    pub groups: Vec<GroupFacts>,
    pub people: Vec<people::Person>,
    pub organizations: Vec<organizations::OrganizationFacts>,
    pub places: Vec<places::PlaceFacts>,
    /// Date expressions, normalised against the publication date.
    pub dates: Vec<dates::DateMention>,
    pub figures: Vec<figures::Figure>,
    pub quotes: Vec<quotes::Quote>,
    pub incidents: Vec<incidents::Incident>,
    /// Evidence for the markers of a coordinated resurgence.
    pub indicators: Vec<indicators::IndicatorEvidence>,
    /// Sentence spans of the text, the evidence unit of every fact.
    #[serde(skip)]
    pub sentences: Vec<Span>,
}

impl Extraction {
    /// The facts flattened for storage, each with its sentence.
    pub fn facts(&self) -> Facts {
        let groups = self
            .groups
            .iter()
            .flat_map(|g| g.mentions.iter().map(move |m| (g, m)))
            .map(|(g, m)| {
                let span = Span::new(m.start, m.end);
                GroupMention {
                    group: g.id.clone(),
                    text: m.text.clone(),
                    span,
                    sentence: self.sentence_of(span),
                }
            })
            .collect();
        let dates = self
            .dates
            .iter()
            .map(|d| {
                let span = Span::new(d.start, d.end);
                vigil_core::DateMention {
                    text: d.text.clone(),
                    value: d.value.clone(),
                    precision: d.precision,
                    span,
                    sentence: self.sentence_of(span),
                }
            })
            .collect();
        let places = self
            .places
            .iter()
            .flat_map(|p| p.mentions.iter().map(move |m| (p, m)))
            .map(|(p, m)| {
                let span = Span::new(m.start, m.end);
                vigil_core::PlaceMention {
                    place: p.name.clone(),
                    kind: p.kind.as_str().to_string(),
                    country: p.country.clone(),
                    lat: p.lat,
                    lon: p.lon,
                    text: m.text.clone(),
                    span,
                    sentence: self.sentence_of(span),
                }
            })
            .collect();
        let people = self
            .people
            .iter()
            .flat_map(|p| p.mentions.iter().map(move |m| (p, m)))
            .map(|(p, m)| {
                let span = Span::new(m.start, m.end);
                vigil_core::PersonMention {
                    person: p.name.clone(),
                    role: p.role.clone(),
                    text: m.text.clone(),
                    span,
                    sentence: self.sentence_of(span),
                }
            })
            .collect();
        let figures = self
            .figures
            .iter()
            .map(|f| vigil_core::FigureFact {
                quantity: f.quantity.as_str().to_string(),
                value: f.value,
                low: f.low,
                high: f.high,
                qualifier: f.qualifier.map(String::from),
                subject: f.subject.clone(),
                attributed_to: f.attributed_to.clone(),
                text: f.text.clone(),
                span: Span::new(f.start, f.end),
                sentence: f.evidence,
            })
            .collect();
        let quotes = self
            .quotes
            .iter()
            .map(|q| {
                let span = Span::new(q.start, q.end);
                vigil_core::QuoteFact {
                    speaker: q.speaker.clone(),
                    role: q.role.clone(),
                    affiliation: q.affiliation.clone(),
                    text: q.text.clone(),
                    span,
                    sentence: self.sentence_of(span),
                }
            })
            .collect();
        let incidents = self.incidents.iter().map(vigil_core::IncidentReading::stored).collect();
        let organizations = self
            .organizations
            .iter()
            .flat_map(|o| o.mentions.iter().map(move |m| (o, m)))
            .map(|(o, m)| {
                let span = Span::new(m.start, m.end);
                vigil_core::OrganizationMention {
                    organization: o.name.clone(),
                    kind: o.kind.clone(),
                    text: m.text.clone(),
                    span,
                    sentence: self.sentence_of(span),
                }
            })
            .collect();
        let indicators = self
            .indicators
            .iter()
            .map(|e| vigil_core::IndicatorFact {
                indicator: e.indicator.clone(),
                group: e.group.clone(),
                group_basis: e.group_basis.to_string(),
                stance: e.stance.to_string(),
                cue: e.cue.clone(),
                span: Span::new(e.start, e.end),
                sentence: Span::new(e.evidence.start, e.evidence.end),
            })
            .collect();
        Facts { groups, places, people, organizations, dates, figures, quotes, incidents, indicators }
    }

    /// The sentence holding the start of `span` (the span itself when none does).
    fn sentence_of(&self, span: Span) -> Span {
        let at = self.sentences.partition_point(|s| s.end <= span.start);
        self.sentences.get(at).filter(|s| s.start <= span.start).copied().unwrap_or(span)
    }
}

/// Holds the knowledge and its compiled matchers; build once, use for every document.
pub struct Extractor {
    groups: groups::GroupMatcher,
    places: places::PlaceMatcher,
    people: people::PeopleFinder,
    organizations: organizations::OrganizationMatcher,
    indicators: indicators::IndicatorFinder,
    incidents: incidents::IncidentFinder,
}

impl Extractor {
    pub fn new(knowledge: Knowledge) -> Extractor {
        Extractor {
            groups: groups::GroupMatcher::new(knowledge),
            places: places::PlaceMatcher::builtin(),
            people: people::PeopleFinder::builtin(),
            organizations: organizations::OrganizationMatcher::builtin(),
            indicators: indicators::IndicatorFinder::builtin(),
            incidents: incidents::IncidentFinder::builtin(),
        }
    }

    /// The knowledge shipped with vigil.
    pub fn builtin() -> Extractor {
        Extractor::new(Knowledge::builtin())
    }

    /// The facts in `text`; relative dates are resolved against `published` when given.
    pub fn extract(&self, text: &str, published: Option<NaiveDate>) -> Extraction {
        let sentences = sentences::split(text);
        let groups = self.groups.find(text);
        let taken: Vec<Span> =
            groups.iter().flat_map(|g| g.mentions.iter().map(|m| Span::new(m.start, m.end))).collect();
        let organizations = self.organizations.find(text, &taken);
        let mut taken = taken;
        taken.extend(organizations.iter().flat_map(|o| o.mentions.iter().map(|m| Span::new(m.start, m.end))));
        let (places, adjectival) = self.places.find_all(text, &taken);
        let mut names = taken;
        names.extend(places.iter().flat_map(|p| p.mentions.iter().map(|m| Span::new(m.start, m.end))));
        let people = self.people.find(text, &sentences, &names);
        let voices: Vec<quotes::Voice> = groups
            .iter()
            .flat_map(|g| {
                g.mentions.iter().map(|m| quotes::Voice {
                    start: m.start,
                    end: m.end,
                    text: m.text.clone(),
                    name: g.name.clone(),
                    group: true,
                })
            })
            // A platform carries statements; it never makes one ("it added" after "posted on
            // Telegram" is not Telegram's).
            .chain(organizations.iter().filter(|o| o.kind != "platform").flat_map(|o| {
                o.mentions.iter().map(|m| quotes::Voice {
                    start: m.start,
                    end: m.end,
                    text: m.text.clone(),
                    name: o.name.clone(),
                    group: false,
                })
            }))
            .collect();
        let quotes = quotes::find(text, &sentences, &people, &voices, &self.people);
        let dates = dates::find(text, published);
        let figures = figures::find(text, &sentences);
        // Incidents are placed by adjectives too ("auf dem Solinger Stadtfest"), after the
        // places, whose indices stay as they are.
        let with_adjectives: Vec<places::PlaceFacts>;
        let located: &[places::PlaceFacts] = if adjectival.is_empty() {
            &places
        } else {
            with_adjectives = places.iter().cloned().chain(adjectival).collect();
            &with_adjectives
        };
        let incidents = self
            .incidents
            .find(&incidents::Inputs::new(text, &sentences, located, &dates, &groups, &figures, published));
        // A propaganda outlet is the group's own voice ("Amaq said"), not a name that hides a
        // cue or a speaker other than the group.
        let named: Vec<Span> = organizations
            .iter()
            .filter(|o| o.kind != "propaganda_outlet")
            .flat_map(|o| o.mentions.iter().map(|m| Span::new(m.start, m.end)))
            .collect();
        let indicators = self.indicators.find(text, &sentences, &groups, &named);
        Extraction {
            groups,
            people,
            organizations,
            places,
            dates,
            figures,
            quotes,
            incidents,
            indicators,
            sentences,
        }
    }

    pub fn knowledge(&self) -> &Knowledge {
        self.groups.knowledge()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_carry_their_sentences() {
        let text = "Police made arrests. The attack was claimed by ISIS-K, officials said. Nothing else.";
        let facts = Extractor::builtin().extract(text, None).facts();
        assert_eq!(facts.groups.len(), 1);
        let m = &facts.groups[0];
        assert_eq!((m.group.as_str(), m.span.slice(text)), ("iskp", Some("ISIS-K")));
        assert_eq!(m.sentence.slice(text), Some("The attack was claimed by ISIS-K, officials said."));
    }

    #[test]
    fn stored_incidents_keep_spans_not_sentence_text() {
        let text = "A bomb exploded in Kabul on 26 August 2021, killing 170 people.";
        let facts = Extractor::builtin().extract(text, None).facts();
        assert_eq!(facts.incidents.len(), 1);
        let stored = &facts.incidents[0];
        assert_eq!(stored.sentence(), vigil_core::Span::new(0, 63));
        assert!(stored.evidence.iter().all(|e| e.sentence.is_empty()), "{stored:?}");
        assert_eq!(
            (stored.killed.as_ref().map(|k| k.value), stored.country.as_deref()),
            (Some(170), Some("AF"))
        );
    }
}
