//! The document: one piece of reporting as vigil stores it, with its provenance.

use std::fmt;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

/// A document's stable identity: the first 128 bits of the BLAKE3 hash of its text, in hex.
///
/// Two inputs with the same text (after line endings and surrounding blank space are
/// normalised) get the same id, which is what makes exact duplicates cheap to skip and
/// re-ingestion idempotent.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocId(String);

impl DocId {
    /// Hex characters in an id.
    pub const LEN: usize = 32;

    /// The id of a document with this text.
    pub fn for_text(text: &str) -> DocId {
        let hash = blake3::hash(text.trim().as_bytes());
        DocId(hash.to_hex()[..Self::LEN].to_string())
    }

    /// Wraps an id read back from a store; `None` unless it is 32 lowercase hex digits.
    pub fn parse(s: &str) -> Option<DocId> {
        let ok = s.len() == Self::LEN && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        ok.then(|| DocId(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The short form shown in tables (12 hex digits, unique in any realistic store).
    pub fn short(&self) -> &str {
        &self.0[..12]
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The input format a document was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Markdown,
    Html,
    Rss,
    Atom,
    Pdf,
    Jsonl,
    /// A row of a coded dataset (GTD, ACLED) or an object of a STIX bundle, imported with its
    /// own provenance; its text is written by vigil from the row's fields.
    Dataset,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Rss => "rss",
            Format::Atom => "atom",
            Format::Pdf => "pdf",
            Format::Jsonl => "jsonl",
            Format::Dataset => "dataset",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        Some(match s {
            "text" => Format::Text,
            "markdown" => Format::Markdown,
            "html" => Format::Html,
            "rss" => Format::Rss,
            "atom" => Format::Atom,
            "pdf" => Format::Pdf,
            "jsonl" => Format::Jsonl,
            "dataset" => Format::Dataset,
            _ => return None,
        })
    }
}

/// Where a publication date came from, so an analyst can judge how far to trust it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrigin {
    /// The document's own metadata (HTML meta tags, JSON-LD, feed fields, a header block).
    Metadata,
    /// A date line found in the text itself ("Published 25 March 2024").
    Text,
    /// The date in the document's address (`/2024/11/25/`).
    Url,
    /// The file's modification time, used only when the analyst asks for it
    /// (`--published file-time`): the weakest evidence.
    File,
    /// Given by the analyst for the whole run (`--published`).
    Given,
}

impl DateOrigin {
    pub fn as_str(self) -> &'static str {
        match self {
            DateOrigin::Metadata => "metadata",
            DateOrigin::Text => "text",
            DateOrigin::Url => "url",
            DateOrigin::File => "file",
            DateOrigin::Given => "given",
        }
    }

    pub fn parse(s: &str) -> Option<DateOrigin> {
        Some(match s {
            "metadata" => DateOrigin::Metadata,
            "text" => DateOrigin::Text,
            "url" => DateOrigin::Url,
            "file" => DateOrigin::File,
            "given" => DateOrigin::Given,
            _ => return None,
        })
    }
}

/// A publication date: a day, with the time of day (UTC) when the source gave one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Published {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
    pub origin: DateOrigin,
}

impl Published {
    pub fn from_datetime(at: DateTime<Utc>, origin: DateOrigin) -> Published {
        let naive = at.naive_utc();
        Published { date: naive.date(), time: Some(naive.time()), origin }
    }

    /// `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SSZ` when the time is known. Sorts as text.
    pub fn to_iso(&self) -> String {
        match self.time {
            Some(t) => format!("{}T{}Z", self.date.format("%Y-%m-%d"), t.format("%H:%M:%S")),
            None => self.date.format("%Y-%m-%d").to_string(),
        }
    }

    /// Reads back what [`Published::to_iso`] wrote.
    pub fn from_iso(s: &str, origin: DateOrigin) -> Option<Published> {
        let date = NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()?;
        let time = match s.get(10..) {
            None | Some("") => None,
            Some(rest) => {
                let rest = rest.strip_prefix('T')?.strip_suffix('Z')?;
                Some(NaiveTime::parse_from_str(rest, "%H:%M:%S").ok()?)
            }
        };
        Some(Published { date, time, origin })
    }
}

/// The detected language of a document: an ISO 639-1 code where one exists (else 639-3), or
/// `und` when the text is too short or too mixed to tell.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Language {
    pub code: String,
    pub confidence: f64,
}

impl Language {
    pub fn undetermined() -> Language {
        Language { code: "und".to_string(), confidence: 0.0 }
    }
}

/// One piece of reporting, as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub id: DocId,
    pub title: Option<String>,
    /// The outlet or site: from metadata, else the URL's domain, else the file name.
    pub source: String,
    pub url: Option<String>,
    pub author: Option<String>,
    pub published: Option<Published>,
    pub language: Language,
    pub format: Format,
    /// Where it was read from: a path, `-` for stdin, with `#item-N` or `#line-N` for one
    /// entry of a feed or JSON Lines file.
    pub origin: String,
    /// The main text. Every span vigil reports is a character offset into this string.
    pub text: String,
    pub ingested_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_id_is_stable_and_ignores_surrounding_space() {
        let a = DocId::for_text("Gunmen attacked a concert hall.");
        let b = DocId::for_text("\n  Gunmen attacked a concert hall.  \n");
        assert_eq!(a, b);
        assert_eq!(a.as_str().len(), DocId::LEN);
        assert_eq!(DocId::parse(a.as_str()), Some(a.clone()));
        assert_ne!(a, DocId::for_text("Gunmen attacked a concert hall!"));
        assert_eq!(DocId::parse("xyz"), None);
    }

    #[test]
    fn published_round_trips_through_iso() {
        let day = Published::from_iso("2024-03-22", DateOrigin::Text).unwrap();
        assert_eq!(day.to_iso(), "2024-03-22");
        let at = Published::from_iso("2024-03-22T21:40:00Z", DateOrigin::Metadata).unwrap();
        assert_eq!(at.to_iso(), "2024-03-22T21:40:00Z");
        assert_eq!(Published::from_iso("2024-13-01", DateOrigin::Text), None);
        assert_eq!(Published::from_iso("2024-03-22 junk", DateOrigin::Text), None);
    }
}
