//! The store: everything vigil keeps between runs, behind the [`Store`] trait.
//!
//! The trait holds the operations the rest of vigil needs (write batches, search, listing,
//! one document, statistics, ingest runs) and nothing about SQL, so that the SQLite
//! implementation here and a PostgreSQL one can be tested by the same suite
//! ([`conformance`]). Near-duplicate linking is written once, over the trait, in [`add`].

mod add;
mod browse;
pub mod conformance;
mod error;
mod incidents;
mod model;
mod profiles;
mod query;
mod sqlite;
mod watch;

pub use add::{Added, add_document};
pub use error::StoreError;
pub use model::{
    Candidate, Citation, CitedFigure, CitedIndicator, CitedOrganization, CitedQuote, Coverage, DocDetail,
    DocFilter, DocSummary, Facets, IncidentFilter, IncidentRecord, IncidentSort, Judgment, KeyCount,
    MarkedSpan, Membership, MonthCount, PersonEntity, RunSummary, SearchHit, SearchQuery, Stats,
    StoredReport, Watch, WatchHits, WatchTarget,
};
pub use query::{MAX_DEPTH, MAX_PREFIXES, MAX_QUERY_CHARS, MAX_TERMS, MAX_WINDOW, MIN_PREFIX_CHARS, to_fts5};
pub use sqlite::SqliteStore;

use vigil_core::{DocId, Document, Facts, Fingerprint};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// What vigil needs from a store.
pub trait Store {
    /// Starts a write batch: everything written through it becomes visible at
    /// [`Batch::commit`], or not at all.
    fn batch(&mut self) -> Result<Box<dyn Batch + '_>>;
    /// Full-text search, best first.
    fn search(&self, query: &SearchQuery) -> Result<Vec<SearchHit>>;
    /// Documents matching a filter, newest publication first.
    fn documents(&self, filter: &DocFilter) -> Result<Vec<DocSummary>>;
    /// One document by its id or an unambiguous prefix of at least 4 characters.
    fn document(&self, id_or_prefix: &str) -> Result<DocDetail>;
    /// Counts by source, language and month of publication.
    fn stats(&self, filter: &DocFilter) -> Result<Stats>;
    /// Damage the store finds in itself, in words (none when it is sound): a quick check of
    /// its structure, or with `thorough` a full one.
    fn problems(&self, thorough: bool) -> Result<Vec<String>>;
    /// Opens the record of an ingest run, returning its number.
    fn start_run(&mut self, started_at: &str) -> Result<i64>;
    /// Closes an ingest run with its counts and failures.
    fn finish_run(&mut self, run: i64, summary: &RunSummary) -> Result<()>;
    /// Bounds every query made through this connection from now on (none: unbounded): one
    /// still running at the budget's deadline, or once the budget is cancelled, stops and
    /// fails with [`StoreError::Interrupted`].
    fn set_budget(&self, budget: Option<Budget>) -> Result<()>;
}

/// The time a piece of work may spend in the store: a deadline, and a flag that ends it
/// sooner (the client that asked has gone away). Clones share the flag.
#[derive(Clone, Debug)]
pub struct Budget {
    deadline: std::time::Instant,
    cancelled: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Budget {
    /// A budget of `limit` from now.
    pub fn new(limit: std::time::Duration) -> Budget {
        Budget { deadline: std::time::Instant::now() + limit, cancelled: Default::default() }
    }

    /// Ends the budget now, for every clone.
    pub fn cancel(&self) {
        self.cancelled.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// True once the deadline has passed or the budget was cancelled.
    pub fn spent(&self) -> bool {
        self.cancelled.load(std::sync::atomic::Ordering::Relaxed)
            || std::time::Instant::now() >= self.deadline
    }
}

/// What the dashboard asks beyond the command line's queries: facet counts, a document's
/// extracted spans, incident counts by month.
pub trait BrowseStore {
    /// Facet counts over the documents a search matches (`text` none: the filter alone), at
    /// most `cap` documents counted.
    fn facets(&self, text: Option<&str>, filter: &DocFilter, cap: usize) -> Result<Facets>;
    /// Every extracted span of a document, in text order (longest first at one start).
    fn spans(&self, doc: &DocId) -> Result<Vec<MarkedSpan>>;
    /// Dated incidents per month (`YYYY-MM`) and value of `by` (`perpetrator` or `link`),
    /// under the filter's conditions (its limit, offset and order ignored).
    fn incident_months(&self, filter: &IncidentFilter, by: &str) -> Result<Vec<MonthCount>>;
    /// How many incidents the filter matches (its limit and offset ignored).
    fn count_incidents(&self, filter: &IncidentFilter) -> Result<u64>;
}

/// Incidents: vigil's judgment of which reports describe one event, kept apart from the
/// reports themselves.
pub trait IncidentStore {
    /// Every incident report with its provenance and, once resolved, its incident; in id order.
    fn incident_reports(&self) -> Result<Vec<StoredReport>>;
    /// The text of character spans of a document (evidence sentences).
    fn passages(&self, doc_seq: i64, spans: &[(usize, usize)]) -> Result<Vec<String>>;
    /// Writes incidents (updating those with an id, inserting the others) and memberships in
    /// one transaction; returns each record's id, in order.
    fn save_incidents(&mut self, records: &[IncidentRecord], members: &[Membership]) -> Result<Vec<i64>>;
    /// Forgets every incident and membership (the reports stay): resolution starts afresh.
    fn clear_incidents(&mut self) -> Result<()>;
    /// Waits for the store's resolution lock and holds it until the guard is dropped: one
    /// resolution at a time per store, across threads and processes. Taken before the
    /// unassigned reports are read, so that two writers never assign the same report twice.
    fn resolution_lock(&self) -> Result<ResolutionLock>;
    /// Incidents matching a filter, the most recent first (without their assessments).
    fn incidents(&self, filter: &IncidentFilter) -> Result<Vec<IncidentRecord>>;
    /// One incident with its assessment.
    fn incident(&self, id: i64) -> Result<IncidentRecord>;
}

/// Facts about groups across documents, each with its citation (profiles, scorecards, briefs).
/// `groups` are group ids (a group and its branches); results are in publication order.
pub trait ProfileStore {
    /// Figures of one quantity (`fighters`, `killed`, ...) in sentences that name a group.
    fn group_figures(&self, groups: &[String], quantity: &str) -> Result<Vec<CitedFigure>>;
    /// Organisations of one kind (`propaganda_outlet`, ...) named in a sentence with a group.
    fn group_organizations(&self, groups: &[String], kind: &str) -> Result<Vec<CitedOrganization>>;
    /// Quotations that name a group.
    fn group_quotes(&self, groups: &[String]) -> Result<Vec<CitedQuote>>;
    /// Indicator evidence for the groups.
    fn group_indicators(&self, groups: &[String]) -> Result<Vec<CitedIndicator>>;
    /// Documents that mention the groups, and their publication range.
    fn group_coverage(&self, groups: &[String]) -> Result<Coverage>;
    /// People across documents, the most widely reported first; `name` filters by a part of
    /// the name (any case); at most `limit` (0: all), each with up to `cites` citations.
    fn people(&self, name: Option<&str>, limit: usize, cites: usize) -> Result<Vec<PersonEntity>>;
    /// A citation for a span of a stored document (none if the document is not stored).
    fn citation(&self, doc: &DocId, start: usize, end: usize) -> Result<Option<Citation>>;
}

/// What analysts keep besides facts: judgments that are not about one incident (scorecards),
/// watches, and settings that travel with the store.
pub trait AnalystStore {
    /// A setting kept with the store.
    fn setting(&self, key: &str) -> Result<Option<String>>;
    fn set_setting(&mut self, key: &str, value: &str) -> Result<()>;
    /// Keeps a judgment (a history: earlier ones stay); returns its id.
    fn save_judgment(&mut self, judgment: &Judgment) -> Result<i64>;
    /// Judgments of a kind about a subject, oldest first.
    fn judgments(&self, kind: &str, subject: &str) -> Result<Vec<Judgment>>;
    /// Saves a watch that has seen documents up to `seen` (0: none yet); a name already in
    /// use is an error.
    fn add_watch(&mut self, name: &str, query: &str, target: &WatchTarget, at: &str, seen: i64)
    -> Result<()>;
    /// The sequence number of the newest stored document (0 when there is none).
    fn latest_seq(&self) -> Result<i64>;
    /// Removes a watch; false when there was none of that name.
    fn remove_watch(&mut self, name: &str) -> Result<bool>;
    fn watches(&self) -> Result<Vec<Watch>>;
    /// What was stored after document `after_seq` that the target matches.
    fn watch_hits(&self, target: &WatchTarget, after_seq: i64) -> Result<WatchHits>;
    /// Records a run: the next one reports only documents after `up_to`.
    fn mark_watch(&mut self, name: &str, up_to: i64, at: &str) -> Result<()>;
}

/// A held resolution lock ([`IncidentStore::resolution_lock`]); dropping it lets the next
/// waiter in.
pub struct ResolutionLock {
    _held: Option<std::fs::File>,
}

impl ResolutionLock {
    /// A lock with nothing to hold (a private store in memory).
    pub fn private() -> ResolutionLock {
        ResolutionLock { _held: None }
    }

    /// An exclusive lock on a file, taken now (waiting for any other holder) and released
    /// when the guard is dropped, or when the process ends however it ends.
    pub fn file(path: &std::path::Path) -> Result<ResolutionLock> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(|e| StoreError::Lock { path: path.to_path_buf(), detail: e.to_string() })?;
        file.lock().map_err(|e| StoreError::Lock { path: path.to_path_buf(), detail: e.to_string() })?;
        Ok(ResolutionLock { _held: Some(file) })
    }
}

/// Every store trait at once: what the application layer works over, so that one value of
/// `dyn Backend` can stand for a SQLite file or any other implementation.
pub trait Backend: Store + BrowseStore + IncidentStore + ProfileStore + AnalystStore + Send {}

impl<T: Store + BrowseStore + IncidentStore + ProfileStore + AnalystStore + Send> Backend for T {}

/// One write transaction.
pub trait Batch {
    /// True if a document with this id is stored.
    fn contains(&mut self, id: &DocId) -> Result<bool>;
    /// Documents that share a band key with `fingerprint` and are not themselves copies.
    fn candidates(&mut self, fingerprint: &Fingerprint) -> Result<Vec<Candidate>>;
    /// Stores a document and the facts extracted from it. With `copy_of`, it is a
    /// near-duplicate of that (earliest) document; without, it is an original and its band
    /// keys are indexed.
    fn insert(
        &mut self,
        doc: &Document,
        fingerprint: &Fingerprint,
        facts: &Facts,
        copy_of: Option<(&DocId, f64)>,
    ) -> Result<()>;
    /// Makes `original` the earliest copy in place of `former`: `former` and its copies now
    /// point at `original`, and `former` leaves the band index.
    fn promote(&mut self, original: &DocId, former: &DocId, similarity: f64) -> Result<()>;
    fn commit(self: Box<Self>) -> Result<()>;
}
