//! What the store answers with. These types serialise to the `--json` output of the query
//! commands, so their field names are part of vigil's interface.

use chrono::NaiveDate;
use serde::Serialize;
use vigil_core::{DateMention, DocId, Fingerprint, IncidentReading, IncidentReport, LinkLevel};

/// Filters shared by listing, search and statistics.
#[derive(Debug, Clone, Default)]
pub struct DocFilter {
    /// Exact source name, case-insensitive.
    pub source: Option<String>,
    /// Language code (`en`, `fr`, ...).
    pub lang: Option<String>,
    /// Only documents that mention this group (its id in the knowledge file).
    pub group: Option<String>,
    /// Only documents that name a place in this country (ISO 3166-1 alpha-2, upper case).
    pub country: Option<String>,
    /// Published on or after this day.
    pub since: Option<NaiveDate>,
    /// Published on or before this day.
    pub until: Option<NaiveDate>,
    /// Only documents reporting an attack of this type (`bombing`, `shooting`, ...).
    pub attack_type: Option<String>,
    /// Only documents reporting an attack with this link level.
    pub link: Option<LinkLevel>,
    /// Only documents with evidence for this resurgence indicator (`financing`, ...).
    pub indicator: Option<String>,
    pub limit: usize,
    /// Results skipped before the first returned (listing and search, for pages).
    pub offset: usize,
}

#[derive(Debug, Clone)]
pub struct SearchQuery {
    /// The analyst's query: words, "quoted phrases", AND / OR / NOT, parentheses, prefix*.
    pub text: String,
    pub filter: DocFilter,
}

/// A document in a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocSummary {
    pub id: DocId,
    pub title: Option<String>,
    pub source: String,
    pub url: Option<String>,
    pub published: Option<String>,
    pub published_origin: Option<String>,
    pub language: String,
    pub format: String,
    pub origin: String,
    pub chars: u64,
    /// Set when this document is a near-duplicate: the id of the earliest copy.
    pub near_duplicate_of: Option<DocId>,
    pub similarity: Option<f64>,
}

/// One search result: the document, its BM25 score (higher is better) and a snippet with
/// the matched terms located by `highlights`, character ranges into `snippet`.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    #[serde(flatten)]
    pub doc: DocSummary,
    pub score: f64,
    pub snippet: String,
    pub highlights: Vec<[usize; 2]>,
}

/// One document in full, with the other members of its near-duplicate cluster.
#[derive(Debug, Clone, Serialize)]
pub struct DocDetail {
    #[serde(flatten)]
    pub doc: DocSummary,
    pub author: Option<String>,
    pub language_confidence: f64,
    pub ingested_at: String,
    pub text: String,
    /// The groups the document mentions (group id, number of mentions), most mentioned first.
    pub groups: Vec<KeyCount>,
    /// The countries it names places in (ISO code, number of mentions), most mentioned first.
    pub countries: Vec<KeyCount>,
    /// The people it names (fullest name, number of mentions), most mentioned first.
    pub people: Vec<KeyCount>,
    /// The dates it mentions, in text order, normalised against its publication date.
    pub dates: Vec<DateMention>,
    /// The attacks it reports, in text order.
    /// The document's readings of attacks (evidence by span).
    pub incidents: Vec<IncidentReading>,
    pub near_duplicates: Vec<DocSummary>,
}

/// A stored original that a new document might be a copy of.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub id: DocId,
    pub fingerprint: Fingerprint,
    pub published: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyCount {
    pub key: String,
    pub documents: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub documents: u64,
    pub originals: u64,
    pub near_duplicates: u64,
    pub by_source: Vec<KeyCount>,
    pub by_language: Vec<KeyCount>,
    pub by_month: Vec<KeyCount>,
    /// Documents mentioning each group (by group id), most first.
    pub by_group: Vec<KeyCount>,
    /// Documents naming places in each country (by ISO code), most first.
    pub by_country: Vec<KeyCount>,
    pub last_run: Option<RunSummary>,
}

/// The counts of one ingest run.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RunSummary {
    pub started_at: String,
    pub finished_at: Option<String>,
    pub ingested: u64,
    pub duplicates: u64,
    pub near_duplicates: u64,
    pub failed: u64,
    /// `(origin, reason)` of each failure.
    pub failures: Vec<(String, String)>,
}

/// One document's reading of an attack with its provenance, as the store keeps it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredReport {
    pub report: IncidentReport,
    /// The incident it belongs to, once resolved.
    pub incident: Option<i64>,
    /// Why the stored reading could not be read (its `reading` is then empty): resolution
    /// leaves such a report unassigned and says so.
    pub unreadable: Option<String>,
}

/// An incident as vigil judged it: current values as columns, the full assessment as JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncidentRecord {
    /// None for an incident not stored yet.
    pub id: Option<i64>,
    pub date: Option<String>,
    pub date_precision: Option<String>,
    pub place: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub attack_type: Option<String>,
    pub perpetrator: Option<String>,
    pub killed: Option<u64>,
    pub killed_qualifier: Option<String>,
    pub injured: Option<u64>,
    pub injured_qualifier: Option<String>,
    pub link: LinkLevel,
    pub sources: u64,
    pub reports: u64,
    pub flags: u64,
    pub first_reported: Option<String>,
    pub last_reported: Option<String>,
    #[serde(skip)]
    pub assessment: String,
}

/// A report's place in an incident, with the reason. `incident` indexes the records handed to
/// [`crate::Store::save_incidents`] alongside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Membership {
    pub report: i64,
    pub incident: usize,
    pub reason: String,
}

/// Filters for listing incidents.
#[derive(Debug, Clone, Default)]
pub struct IncidentFilter {
    /// Perpetrator ids (a group and its branches).
    pub groups: Vec<String>,
    pub country: Option<String>,
    pub link: Option<LinkLevel>,
    pub attack_type: Option<String>,
    /// Incident date on or after / on or before (compared as text, so "2024" ≤ "2024-03").
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// The order of the list (most recent first by default).
    pub sort: IncidentSort,
    /// Smallest first instead of largest (or earliest instead of latest) first.
    pub ascending: bool,
    pub limit: usize,
    /// Incidents skipped before the first returned (for reading in pages).
    pub offset: usize,
}

/// The column an incident list is ordered by; unknown values always come last.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum IncidentSort {
    #[default]
    Date,
    Killed,
    Injured,
    Sources,
    Country,
    Perpetrator,
    Type,
    Link,
}

impl IncidentSort {
    pub const ALL: [(&'static str, IncidentSort); 8] = [
        ("date", IncidentSort::Date),
        ("killed", IncidentSort::Killed),
        ("injured", IncidentSort::Injured),
        ("sources", IncidentSort::Sources),
        ("country", IncidentSort::Country),
        ("perpetrator", IncidentSort::Perpetrator),
        ("type", IncidentSort::Type),
        ("link", IncidentSort::Link),
    ];

    pub fn parse(name: &str) -> Option<IncidentSort> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
    }

    pub fn name(self) -> &'static str {
        Self::ALL.iter().find(|(_, s)| *s == self).map_or("date", |(n, _)| n)
    }

    pub(crate) fn column(self) -> &'static str {
        match self {
            IncidentSort::Date => "date",
            IncidentSort::Killed => "killed",
            IncidentSort::Injured => "injured",
            IncidentSort::Sources => "sources",
            IncidentSort::Country => "country",
            IncidentSort::Perpetrator => "perpetrator",
            IncidentSort::Type => "attack_type",
            IncidentSort::Link => "link",
        }
    }
}

/// Counts of the documents a search (or a filter alone) matches, by each facet the search
/// page offers. Counted over at most `cap` matching documents; `truncated` says when there
/// were more.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Facets {
    pub counted: u64,
    pub truncated: bool,
    pub group: Vec<KeyCount>,
    pub country: Vec<KeyCount>,
    pub attack_type: Vec<KeyCount>,
    pub link: Vec<KeyCount>,
    pub indicator: Vec<KeyCount>,
    pub source: Vec<KeyCount>,
    pub language: Vec<KeyCount>,
    pub year: Vec<KeyCount>,
}

/// An extracted span of a document's text, for highlighting: its kind (`group`, `person`,
/// `organization`, `place`, `date`, `figure`, `quote`, `indicator`), character offsets, and
/// what it was read as.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarkedSpan {
    pub kind: &'static str,
    pub start: usize,
    pub end: usize,
    pub label: String,
}

/// Incidents in one month with one value of the field a timeline stacks by.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthCount {
    pub month: String,
    pub key: String,
    pub incidents: u64,
}

/// Where a statement comes from: the document and the sentence (character offsets into the
/// document's text, and the sentence's text).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Citation {
    pub doc: DocId,
    pub title: Option<String>,
    pub source: String,
    pub url: Option<String>,
    pub published: Option<String>,
    /// The outlet this document counts as for independence (a near-duplicate's original's).
    pub counts_as: String,
    pub start: usize,
    pub end: usize,
    pub sentence: String,
}

/// A figure stated in a sentence that names a group ("ISKP's strength at 4,000 to 6,000").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CitedFigure {
    pub group: String,
    pub quantity: String,
    pub value: u64,
    pub low: Option<u64>,
    pub high: Option<u64>,
    pub qualifier: Option<String>,
    pub attributed_to: Option<String>,
    pub text: String,
    pub cite: Citation,
}

/// An organisation named in the same sentence as a group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CitedOrganization {
    pub group: String,
    pub name: String,
    pub kind: String,
    pub cite: Citation,
}

/// A quotation that names a group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CitedQuote {
    pub group: String,
    pub speaker: Option<String>,
    pub role: Option<String>,
    pub affiliation: Option<String>,
    pub text: String,
    pub cite: Citation,
}

/// A sentence for or against a marker of resurgence, for a group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CitedIndicator {
    pub group: String,
    /// `sentence`, `previous sentence` or `document`.
    pub group_basis: String,
    pub indicator: String,
    pub stance: String,
    pub cue: String,
    pub cite: Citation,
}

/// How much the store says about some groups.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Coverage {
    pub documents: u64,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
}

/// A stored judgment (an indicator scorecard), with its scope and reasons in `body` (JSON).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Judgment {
    pub id: Option<i64>,
    pub kind: String,
    pub subject: String,
    pub scope: String,
    pub made_at: String,
    pub reading: String,
    #[serde(skip)]
    pub body: String,
}

/// What a watch looks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "target", rename_all = "lowercase")]
pub enum WatchTarget {
    /// Group ids (a group and its branches).
    Group(Vec<String>),
    /// Country codes (a country, or a region's countries).
    Place(Vec<String>),
    /// A resurgence marker (`financing`, ...).
    Indicator(String),
    /// A full-text query.
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Watch {
    pub name: String,
    pub query: String,
    #[serde(flatten)]
    pub target: WatchTarget,
    pub created_at: String,
    pub last_run_at: Option<String>,
    pub last_seq: i64,
}

/// What is new for a watch: documents stored after its last run, incidents they reported,
/// and (for an indicator) the evidence sentences.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct WatchHits {
    pub documents: Vec<DocSummary>,
    pub incidents: Vec<IncidentRecord>,
    pub indicators: Vec<CitedIndicator>,
    /// The newest document sequence number looked at (the next run starts after it).
    pub up_to: i64,
}

/// A person across documents: one entity per name, whatever titles or roles each document
/// gives; spellings that differ only in case, diacritics or doubled letters are one name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonEntity {
    pub name: String,
    /// Every spelling documents use ("Qasem", "Qassem Soleimani").
    pub spellings: Vec<String>,
    pub documents: u64,
    pub mentions: u64,
    /// Every role and affiliation documents give, most frequent first.
    pub roles: Vec<String>,
    pub quotes: u64,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
    /// Where documents name the person (first mention in each document, oldest first).
    pub cites: Vec<Citation>,
}
