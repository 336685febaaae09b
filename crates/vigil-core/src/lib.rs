//! vigil's domain types: what a document is, where a piece of evidence sits in it, the facts
//! read from it, and the fingerprints used to recognise copies. This crate performs no I/O, reads no clock and no
//! environment; every other crate speaks in these types.

pub mod calendar;
mod document;
mod evidence;
mod facts;
mod fingerprint;
mod incident;
mod link;
mod names;
pub mod words;

pub use document::{DateOrigin, DocId, Document, Format, Language, Published};
pub use evidence::{Evidence, Span};
pub use facts::{
    DateMention, Facts, FigureFact, GroupMention, IndicatorFact, OrganizationMention, PersonMention,
    PlaceMention, Precision, QuoteFact,
};
pub use fingerprint::{BANDS, Fingerprint, MINHASH_LEN, NEAR_DUPLICATE, ROWS_PER_BAND};
pub use incident::{Count, EvidenceRef, IncidentReading, IncidentReport, LinkCue};
pub use link::LinkLevel;
pub use names::name_key;
