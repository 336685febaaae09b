//! Facts in the shape stores keep them: each with the span it was read from and the sentence
//! around it, so that every figure vigil shows can be traced back to its evidence.

use serde::{Deserialize, Serialize};

use crate::Span;

/// A mention of an armed group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupMention {
    /// The group's id in the knowledge file.
    pub group: String,
    /// The text as written.
    pub text: String,
    pub span: Span,
    pub sentence: Span,
}

/// How precisely a date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Month,
    Year,
    /// An estimate: "last week", "late 2023", "over a decade ago".
    Approx,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Year => "year",
            Precision::Approx => "approx",
        }
    }

    pub fn parse(s: &str) -> Option<Precision> {
        Some(match s {
            "day" => Precision::Day,
            "month" => Precision::Month,
            "year" => Precision::Year,
            "approx" => Precision::Approx,
            _ => return None,
        })
    }
}

/// A date expression with its normalised value (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateMention {
    pub text: String,
    pub value: String,
    pub precision: Precision,
    pub span: Span,
    pub sentence: Span,
}

/// A mention of a place, resolved to the gazetteer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceMention {
    /// The place's canonical name.
    pub place: String,
    /// `country`, `region` or `city`.
    pub kind: String,
    /// ISO 3166-1 alpha-2; none for regions spanning several countries.
    pub country: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub text: String,
    pub span: Span,
    pub sentence: Span,
}

/// A mention of a named person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonMention {
    /// The person's fullest name in the document.
    pub person: String,
    pub role: Option<String>,
    pub text: String,
    pub span: Span,
    pub sentence: Span,
}

/// A mention of an organisation that is not an armed group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationMention {
    pub organization: String,
    /// `propaganda_outlet`, `security_service`, `government_body`, ...
    pub kind: String,
    pub text: String,
    pub span: Span,
    pub sentence: Span,
}

/// A sentence that speaks for or against a marker of resurgence for a group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorFact {
    /// `central_command`, `training_pipeline`, `financing` or `territorial_claim`.
    pub indicator: String,
    /// The group's id.
    pub group: String,
    /// Where the group was found: `sentence`, `previous sentence` or `document`.
    pub group_basis: String,
    /// `for` or `against`.
    pub stance: String,
    /// The cue phrase as written; `span` is where.
    pub cue: String,
    pub span: Span,
    pub sentence: Span,
}

/// A direct quotation and who said it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteFact {
    pub speaker: Option<String>,
    pub role: Option<String>,
    pub affiliation: Option<String>,
    pub text: String,
    pub span: Span,
    pub sentence: Span,
}

/// A figure: a count of the killed, injured, fighters or arrested.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FigureFact {
    /// `killed`, `injured`, `fighters` or `arrested`.
    pub quantity: String,
    pub value: u64,
    pub low: Option<u64>,
    pub high: Option<u64>,
    pub qualifier: Option<String>,
    pub subject: Option<String>,
    pub attributed_to: Option<String>,
    pub text: String,
    pub span: Span,
    pub sentence: Span,
}

/// Everything extracted from one document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    pub groups: Vec<GroupMention>,
    pub places: Vec<PlaceMention>,
    pub people: Vec<PersonMention>,
    pub organizations: Vec<OrganizationMention>,
    pub dates: Vec<DateMention>,
    pub figures: Vec<FigureFact>,
    pub quotes: Vec<QuoteFact>,
    /// Each attack as the document reports it, in the stored form (evidence by span only).
    pub incidents: Vec<crate::IncidentReading>,
    pub indicators: Vec<IndicatorFact>,
}
