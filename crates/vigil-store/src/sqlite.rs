//! The embedded store: one SQLite file in WAL mode, schema managed by the numbered
//! migrations in `migrations/`, full text in an FTS5 index kept in step by triggers.

use std::path::{Path, PathBuf};

use rusqlite::types::Value;
use rusqlite::{
    Connection, ErrorCode, OptionalExtension, Row, Transaction, TransactionBehavior, params, params_from_iter,
};
use vigil_core::{
    Count, DateMention, DocId, Document, EvidenceRef, Facts, Fingerprint, IncidentReading, LinkLevel,
    Precision, Span,
};

use crate::model::*;
use crate::{Batch, Budget, Result, Store, StoreError, to_fts5};

/// Schema migrations, applied in order; `PRAGMA user_version` records the last one applied.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_documents.sql"),
    include_str!("../migrations/0002_facts.sql"),
    include_str!("../migrations/0003_more_facts.sql"),
    include_str!("../migrations/0004_incidents.sql"),
    include_str!("../migrations/0005_judgments_watches.sql"),
    include_str!("../migrations/0006_incident_order.sql"),
];

/// Most band matches looked at per key; clusters have one indexed member, so this only
/// bounds pathological collisions.
const CANDIDATES_PER_BAND: usize = 32;

pub struct SqliteStore {
    pub(crate) conn: Connection,
    path: PathBuf,
}

impl SqliteStore {
    /// Opens the store at `path`, creating it (and upgrading its schema) as needed.
    pub fn create(path: &Path) -> Result<SqliteStore> {
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if path.exists() && !writable(path) || !writable(folder) {
            return Err(StoreError::ReadOnly(path.to_path_buf()));
        }
        Self::init(Connection::open(path), path)
    }

    /// Opens an existing store; a missing file is an error, not a new empty store.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        Self::create(path)
    }

    /// Opens an existing store for reading only: no migration, no change of journal mode, and
    /// no write through this connection. A store on read-only media (an evidence archive, a
    /// disc), or in a folder this process cannot write, is opened as immutable: SQLite then
    /// takes no locks and creates no `-shm` or `-wal` file, and does not see a write-ahead log
    /// left unmerged beside it. A store of an older schema is upgraded first when it can be
    /// written, and refused with a message when it cannot.
    pub fn open_read_only(path: &Path) -> Result<SqliteStore> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let immutable = !writable(path) || !writable(folder);
        let uri = format!("file:{}?mode=ro{}", uri_path(path), if immutable { "&immutable=1" } else { "" });
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
            | rusqlite::OpenFlags::SQLITE_OPEN_URI
            | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let corrupt =
            |e: rusqlite::Error| StoreError::Corrupt { path: path.to_path_buf(), detail: e.to_string() };
        let conn = Connection::open_with_flags(&uri, flags).map_err(corrupt)?;
        conn.busy_timeout(std::time::Duration::from_secs(30)).map_err(corrupt)?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(corrupt)?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::NewerSchema { path: path.to_path_buf(), found: version, known });
        }
        if version == 0 {
            let detail = "it is not a vigil store (no schema version)".to_string();
            return Err(StoreError::Corrupt { path: path.to_path_buf(), detail });
        }
        if version < known {
            if immutable {
                return Err(StoreError::Corrupt {
                    path: path.to_path_buf(),
                    detail: format!(
                        "it has schema version {version} and this build reads {known}; copy it somewhere writable and open it once with `vigil resolve` to upgrade it"
                    ),
                });
            }
            drop(conn);
            Self::open(path)?;
            return Self::open_read_only(path);
        }
        Ok(SqliteStore { conn, path: path.to_path_buf() })
    }

    /// A private store in memory, for tests.
    pub fn in_memory() -> Result<SqliteStore> {
        Self::init(Connection::open_in_memory(), Path::new(":memory:"))
    }

    fn init(conn: rusqlite::Result<Connection>, path: &Path) -> Result<SqliteStore> {
        let corrupt = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
                StoreError::Corrupt { path: path.to_path_buf(), detail: e.to_string() }
            }
            _ => StoreError::Sqlite(e),
        };
        let mut conn = conn.map_err(corrupt)?;
        conn.busy_timeout(std::time::Duration::from_secs(30)).map_err(corrupt)?;
        // The schema check comes first, so that another application's database is refused
        // before anything about it (such as its journal mode) is changed.
        migrate(&mut conn, path).map_err(|e| match e {
            StoreError::Sqlite(e) => corrupt(e),
            other => other,
        })?;
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).map_err(corrupt)?;
        conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;").map_err(corrupt)?;
        Ok(SqliteStore { conn, path: path.to_path_buf() })
    }

    /// Settings for a connection kept open to answer many reads (the server's): the file
    /// mapped into memory, shared by every connection through the operating system's cache,
    /// and a larger private page cache.
    pub fn tune_for_reading(&self) -> Result<()> {
        self.conn.execute_batch("PRAGMA mmap_size = 268435456; PRAGMA cache_size = -16384;")?;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open store.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Latest schema version this build knows.
    pub fn known_version() -> i64 {
        MIGRATIONS.len() as i64
    }
}

/// Whether this process may write `path`: on Unix the system's answer, which says no on a
/// read-only mount even to the superuser; elsewhere the permission bits.
fn writable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) else { return false };
        // SAFETY: `c` is a valid NUL-terminated string that outlives the call.
        unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
    }
    #[cfg(not(unix))]
    {
        std::fs::metadata(path).is_ok_and(|m| !m.permissions().readonly())
    }
}

/// A path as the path of an SQLite `file:` URI: `%`, `?` and `#` escaped.
fn uri_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out
}

fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let known = MIGRATIONS.len() as i64;
    let current =
        |conn: &Connection| -> Result<i64> { Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?) };
    // Nothing to do (every open of a current store): no write lock taken.
    let version = current(conn)?;
    if version > known {
        return Err(StoreError::NewerSchema { path: path.to_path_buf(), found: version, known });
    }
    if version == known {
        return Ok(());
    }
    // The version is read again under the write lock, and every step runs under it: of two
    // processes opening a new store at once, one migrates and the other then finds it done.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version = current(&tx)?;
    if version > known {
        return Err(StoreError::NewerSchema { path: path.to_path_buf(), found: version, known });
    }
    if version == 0 {
        let tables: i64 = tx.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        if tables > 0 {
            let detail = "it is an SQLite database of another application".to_string();
            return Err(StoreError::Corrupt { path: path.to_path_buf(), detail });
        }
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
    }
    tx.commit()?;
    Ok(())
}

/// Columns of a [`DocSummary`], over `documents d LEFT JOIN documents o` (the original).
pub(crate) const SUMMARY: &str = "d.id, d.title, d.source, d.url, d.published, d.published_origin, d.language, \
    d.format, d.origin, length(d.text), o.id, d.similarity";

pub(crate) fn summary(row: &Row) -> rusqlite::Result<DocSummary> {
    let id = |s: String| {
        DocId::parse(&s).ok_or(rusqlite::Error::InvalidColumnType(
            0,
            "id".into(),
            rusqlite::types::Type::Text,
        ))
    };
    Ok(DocSummary {
        id: id(row.get(0)?)?,
        title: row.get(1)?,
        source: row.get(2)?,
        url: row.get(3)?,
        published: row.get(4)?,
        published_origin: row.get(5)?,
        language: row.get(6)?,
        format: row.get(7)?,
        origin: row.get(8)?,
        chars: row.get(9)?,
        near_duplicate_of: row.get::<_, Option<String>>(10)?.map(id).transpose()?,
        similarity: row.get(11)?,
    })
}

/// `AND ...` conditions and their parameters for a filter.
pub(crate) fn conditions(filter: &DocFilter, params: &mut Vec<Value>) -> String {
    conditions_on(filter, params, "d.seq")
}

/// Whether a filter reads the documents table itself (source, language, dates); the others
/// look only at facts by document number.
fn reads_documents(filter: &DocFilter) -> bool {
    filter.source.is_some() || filter.lang.is_some() || filter.since.is_some() || filter.until.is_some()
}

/// [`conditions`] with the document number written `seq` in the fact lookups (the full-text
/// index's `rowid`, when the documents table is not joined).
fn conditions_on(filter: &DocFilter, params: &mut Vec<Value>, seq: &str) -> String {
    let mut sql = String::new();
    if let Some(source) = &filter.source {
        sql.push_str(" AND d.source_key = ?");
        params.push(Value::Text(source_key(source)));
    }
    if let Some(group) = &filter.group {
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM group_mentions m WHERE m.doc = {seq} AND m.group_id = ?)"
        ));
        params.push(Value::Text(group.clone()));
    }
    if let Some(country) = &filter.country {
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM place_mentions p WHERE p.doc = {seq} AND p.country = ?)"
        ));
        params.push(Value::Text(country.to_uppercase()));
    }
    if let Some(lang) = &filter.lang {
        sql.push_str(" AND d.language = ?");
        params.push(Value::Text(lang.to_ascii_lowercase()));
    }
    if let Some(since) = filter.since {
        sql.push_str(" AND d.published >= ?");
        params.push(Value::Text(since.format("%Y-%m-%d").to_string()));
    }
    if let Some(until) = filter.until {
        sql.push_str(" AND substr(d.published, 1, 10) <= ?");
        params.push(Value::Text(until.format("%Y-%m-%d").to_string()));
    }
    let link = filter.link.map(|l| l.as_str().to_string());
    for (column, value) in [("attack_type", &filter.attack_type), ("link", &link)] {
        if let Some(v) = value {
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM incident_reports r WHERE r.doc = {seq} AND r.{column} = ?)"
            ));
            params.push(Value::Text(v.clone()));
        }
    }
    if let Some(indicator) = &filter.indicator {
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM indicator_evidence e WHERE e.doc = {seq} AND e.indicator = ?)"
        ));
        params.push(Value::Text(indicator.clone()));
    }
    sql
}

/// The documents that match a full-text query (`fts`, already in FTS5 syntax; none: every
/// document) and a filter, as `FROM ... WHERE ...` and the expression of their number; the
/// values are pushed on `params`. The documents table is joined only when the filter reads it:
/// reading a document row for every match of a common word is what a search must not do.
pub(crate) fn matching(
    fts: Option<&str>,
    filter: &DocFilter,
    params: &mut Vec<Value>,
) -> (String, &'static str) {
    let Some(fts) = fts else {
        return (format!("documents d WHERE 1{}", conditions(filter, params)), "d.seq");
    };
    params.push(Value::Text(fts.to_string()));
    if reads_documents(filter) {
        let cond = conditions(filter, params);
        let from = format!(
            "documents_fts JOIN documents d ON d.seq = documents_fts.rowid WHERE documents_fts MATCH ?{cond}"
        );
        (from, "d.seq")
    } else {
        let cond = conditions_on(filter, params, "documents_fts.rowid");
        (format!("documents_fts WHERE documents_fts MATCH ?{cond}"), "documents_fts.rowid")
    }
}

/// Sources match in any case, in any script: "новая газета" finds "Новая газета".
fn source_key(source: &str) -> String {
    source.trim().to_lowercase()
}

fn limit(filter: &DocFilter) -> i64 {
    if filter.limit == 0 { -1 } else { filter.limit as i64 }
}

impl Store for SqliteStore {
    /// `PRAGMA quick_check` (the structure of every page and index entry, in time linear in
    /// the file), or with `thorough` the full `integrity_check` (every index against its table
    /// as well), at most 100 problems.
    fn problems(&self, thorough: bool) -> Result<Vec<String>> {
        let pragma = if thorough { "PRAGMA integrity_check(100)" } else { "PRAGMA quick_check(100)" };
        let mut stmt = self.conn.prepare(pragma)?;
        let rows: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        // A row may hold several lines, under a heading naming the database.
        Ok(rows
            .iter()
            .flat_map(|r| r.lines())
            .filter(|l| *l != "ok" && !l.starts_with("*** in database"))
            .map(str::to_string)
            .collect())
    }

    /// SQLite's progress handler, called every thousand steps of a statement, checks the
    /// budget (a clock read per call, a few nanoseconds a step).
    fn set_budget(&self, budget: Option<Budget>) -> Result<()> {
        match budget {
            Some(budget) => self.conn.progress_handler(1_000, Some(move || budget.spent()))?,
            None => self.conn.progress_handler(0, None::<fn() -> bool>)?,
        }
        Ok(())
    }

    fn batch(&mut self) -> Result<Box<dyn Batch + '_>> {
        // IMMEDIATE: take the write lock at the start, so that two writers queue on the busy
        // timeout instead of one failing when its read snapshot goes stale.
        Ok(Box::new(SqliteBatch { tx: self.conn.transaction_with_behavior(TransactionBehavior::Immediate)? }))
    }

    fn search(&self, query: &SearchQuery) -> Result<Vec<SearchHit>> {
        // Ranked first on the index alone (joining the documents only when a filter needs
        // them), then the page's summaries and snippets: computing a snippet, or reading a
        // document row, for every match of a common word would cost a hundred times more.
        let fts = to_fts5(&query.text)?;
        crate::query::check_window(query.filter.offset, query.filter.limit)?;
        let mut params = Vec::new();
        let (from, _) = matching(Some(&fts), &query.filter, &mut params);
        let sql = format!(
            "SELECT documents_fts.rowid, -bm25(documents_fts, 4.0, 1.0) FROM {from} \
             ORDER BY bm25(documents_fts, 4.0, 1.0), documents_fts.rowid LIMIT {} OFFSET {}",
            limit(&query.filter),
            query.filter.offset
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let ranked: Vec<(i64, f64)> = stmt
            .query_map(params_from_iter(params), |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(|rows| rows.collect())
            .map_err(fts_error)?;
        if ranked.is_empty() {
            return Ok(Vec::new());
        }
        let seqs: Vec<Value> = ranked.iter().map(|(seq, _)| Value::Integer(*seq)).collect();
        let marks = vec!["?"; seqs.len()].join(", ");
        let mut summaries = std::collections::HashMap::new();
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {SUMMARY}, d.seq FROM documents d LEFT JOIN documents o ON o.seq = d.duplicate_of WHERE d.seq IN ({marks})"
        ))?;
        for row in
            stmt.query_map(params_from_iter(seqs.iter()), |r| Ok((r.get::<_, i64>(12)?, summary(r)?)))?
        {
            let (seq, doc) = row?;
            summaries.insert(seq, doc);
        }
        let mut snippets = std::collections::HashMap::new();
        let mut stmt = self.conn.prepare(&format!(
            "SELECT rowid, snippet(documents_fts, -1, char(1), char(2), '…', 24) FROM documents_fts \
             WHERE documents_fts MATCH ? AND rowid IN ({marks})"
        ))?;
        let params = std::iter::once(Value::Text(fts)).chain(seqs.iter().cloned());
        for row in
            stmt.query_map(params_from_iter(params), |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
        {
            let (seq, snippet) = row.map_err(fts_error)?;
            snippets.insert(seq, snippet);
        }
        Ok(ranked
            .into_iter()
            .filter_map(|(seq, score)| {
                let (snippet, highlights) = highlights(snippets.get(&seq).map_or("", String::as_str));
                Some(SearchHit { doc: summaries.remove(&seq)?, score: round(score), snippet, highlights })
            })
            .collect())
    }

    fn documents(&self, filter: &DocFilter) -> Result<Vec<DocSummary>> {
        let mut params = Vec::new();
        let sql = format!(
            "SELECT {SUMMARY} FROM documents d LEFT JOIN documents o ON o.seq = d.duplicate_of \
             WHERE 1{} ORDER BY d.published IS NULL, d.published DESC, d.seq LIMIT {} OFFSET {}",
            conditions(filter, &mut params),
            limit(filter),
            filter.offset
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), summary)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn document(&self, id_or_prefix: &str) -> Result<DocDetail> {
        let prefix = id_or_prefix.trim().to_ascii_lowercase();
        if prefix.len() < 4 || prefix.len() > DocId::LEN || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(StoreError::Query(format!(
                "{id_or_prefix:?} is not a document id (4 to 32 hex digits)"
            )));
        }
        let sql = format!(
            "SELECT {SUMMARY}, d.author, d.language_confidence, d.ingested_at, d.text, d.seq, coalesce(d.duplicate_of, d.seq) \
             FROM documents d LEFT JOIN documents o ON o.seq = d.duplicate_of WHERE d.id >= ?1 AND d.id < ?1 || 'g' LIMIT 2"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut found = stmt
            .query_map([&prefix], |row| {
                let detail = DocDetail {
                    doc: summary(row)?,
                    author: row.get(12)?,
                    language_confidence: row.get(13)?,
                    ingested_at: row.get(14)?,
                    text: row.get(15)?,
                    groups: Vec::new(),
                    countries: Vec::new(),
                    people: Vec::new(),
                    dates: Vec::new(),
                    incidents: Vec::new(),
                    near_duplicates: Vec::new(),
                };
                Ok((detail, row.get::<_, i64>(16)?, row.get::<_, i64>(17)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let (mut detail, seq, root) = match found.len() {
            0 => return Err(StoreError::NotFound(id_or_prefix.to_string())),
            1 => found.remove(0),
            _ => return Err(StoreError::Ambiguous(id_or_prefix.to_string())),
        };
        let sql = format!(
            "SELECT {SUMMARY} FROM documents d LEFT JOIN documents o ON o.seq = d.duplicate_of \
             WHERE (d.seq = ?1 OR d.duplicate_of = ?1) AND d.seq != ?2 ORDER BY d.published IS NULL, d.published, d.seq"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        detail.near_duplicates = stmt.query_map([root, seq], summary)?.collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare(
            "SELECT group_id, count(*) FROM group_mentions WHERE doc = ? GROUP BY group_id ORDER BY 2 DESC, 1",
        )?;
        detail.groups = stmt
            .query_map([seq], |r| Ok(KeyCount { key: r.get(0)?, documents: r.get(1)? }))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare(
            "SELECT text, value, precision, start, end, sentence_start, sentence_end FROM date_mentions \
             WHERE doc = ? ORDER BY start",
        )?;
        detail.dates = stmt
            .query_map([seq], |r| {
                let precision: String = r.get(2)?;
                Ok(DateMention {
                    text: r.get(0)?,
                    value: r.get(1)?,
                    precision: Precision::parse(&precision).unwrap_or(Precision::Approx),
                    span: stored_span(r, 3)?,
                    sentence: stored_span(r, 5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let counts = |sql: &str| -> Result<Vec<KeyCount>> {
            let mut stmt = self.conn.prepare(sql)?;
            let rows = stmt.query_map([seq], |r| Ok(KeyCount { key: r.get(0)?, documents: r.get(1)? }))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        detail.countries = counts(
            "SELECT country, count(*) FROM place_mentions WHERE doc = ? AND country IS NOT NULL \
             GROUP BY country ORDER BY 2 DESC, 1",
        )?;
        detail.people = counts(
            "SELECT person, count(*) FROM person_mentions WHERE doc = ? GROUP BY person ORDER BY 2 DESC, 1",
        )?;
        let mut stmt = self.conn.prepare(
            "SELECT date, date_precision, place, country, lat, lon, attack_type, perpetrator, killed, injured, link, \
             sentence_start, sentence_end, detail FROM incident_reports WHERE doc = ? ORDER BY id",
        )?;
        detail.incidents = stmt
            .query_map([seq], |r| {
                // The stored reading; should it not parse, what its columns hold.
                let stored: String = r.get(13)?;
                if let Ok(reading) = serde_json::from_str::<IncidentReading>(&stored) {
                    return Ok(reading);
                }
                let precision: Option<String> = r.get(1)?;
                let count = |n: Option<i64>| n.map(|v| Count::exact(v as u64));
                let sentence = stored_span(r, 11)?;
                Ok(IncidentReading {
                    date: r.get(0)?,
                    date_precision: precision.as_deref().and_then(Precision::parse),
                    place: r.get(2)?,
                    country: r.get(3)?,
                    lat: r.get(4)?,
                    lon: r.get(5)?,
                    attack_type: r.get(6)?,
                    perpetrator: r.get(7)?,
                    killed: count(r.get(8)?),
                    injured: count(r.get(9)?),
                    link: LinkLevel::of(&r.get::<_, String>(10)?),
                    evidence: vec![EvidenceRef {
                        start: sentence.start,
                        end: sentence.end,
                        sentence: String::new(),
                    }],
                    ..IncidentReading::default()
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(detail)
    }

    fn stats(&self, filter: &DocFilter) -> Result<Stats> {
        let mut params = Vec::new();
        let cond = conditions(filter, &mut params);
        // Sources and languages, largest first, up to the limit; months, in order, all of them.
        let count = |expr: &str| -> Result<Vec<KeyCount>> {
            let (order, most) =
                if expr.contains("published") { ("k", -1) } else { ("count(*) DESC, k", limit(filter)) };
            let sql = format!(
                "SELECT {expr} AS k, count(*) FROM documents d WHERE 1{cond} GROUP BY k ORDER BY {order} LIMIT {most}"
            );
            let mut stmt = self.conn.prepare(&sql)?;
            let rows = stmt.query_map(params_from_iter(params.iter()), |r| {
                Ok(KeyCount { key: r.get(0)?, documents: r.get(1)? })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let sql = format!("SELECT count(*), count(d.duplicate_of) FROM documents d WHERE 1{cond}");
        let (documents, near_duplicates): (u64, u64) =
            self.conn.query_row(&sql, params_from_iter(params.iter()), |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(Stats {
            documents,
            originals: documents - near_duplicates,
            near_duplicates,
            by_source: count("d.source")?,
            by_language: count("d.language")?,
            by_month: count("coalesce(substr(d.published, 1, 7), 'undated')")?,
            by_group: {
                let sql = format!(
                    "SELECT m.group_id AS k, count(DISTINCT d.seq) FROM documents d JOIN group_mentions m ON m.doc = d.seq \
                     WHERE 1{cond} GROUP BY k ORDER BY 2 DESC, k LIMIT {}",
                    limit(filter)
                );
                let mut stmt = self.conn.prepare(&sql)?;
                let rows = stmt.query_map(params_from_iter(params.iter()), |r| {
                    Ok(KeyCount { key: r.get(0)?, documents: r.get(1)? })
                })?;
                rows.collect::<rusqlite::Result<_>>()?
            },
            by_country: {
                let sql = format!(
                    "SELECT p.country AS k, count(DISTINCT d.seq) FROM documents d JOIN place_mentions p ON p.doc = d.seq \
                     WHERE p.country IS NOT NULL{cond} GROUP BY k ORDER BY 2 DESC, k LIMIT {}",
                    limit(filter)
                );
                let mut stmt = self.conn.prepare(&sql)?;
                let rows = stmt.query_map(params_from_iter(params.iter()), |r| {
                    Ok(KeyCount { key: r.get(0)?, documents: r.get(1)? })
                })?;
                rows.collect::<rusqlite::Result<_>>()?
            },
            last_run: self.last_run()?,
        })
    }

    fn start_run(&mut self, started_at: &str) -> Result<i64> {
        self.conn.execute("INSERT INTO ingest_runs (started_at) VALUES (?)", [started_at])?;
        Ok(self.conn.last_insert_rowid())
    }

    fn finish_run(&mut self, run: i64, s: &RunSummary) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE ingest_runs SET finished_at = ?2, ingested = ?3, duplicates = ?4, near_duplicates = ?5, failed = ?6 WHERE id = ?1",
            params![run, s.finished_at, s.ingested, s.duplicates, s.near_duplicates, s.failed],
        )?;
        {
            let mut insert =
                tx.prepare("INSERT INTO ingest_failures (run, origin, reason) VALUES (?, ?, ?)")?;
            for (origin, reason) in &s.failures {
                insert.execute(params![run, origin, reason])?;
            }
        }
        Ok(tx.commit()?)
    }
}

impl SqliteStore {
    fn last_run(&self) -> Result<Option<RunSummary>> {
        let run = self
            .conn
            .query_row(
                "SELECT id, started_at, finished_at, ingested, duplicates, near_duplicates, failed FROM ingest_runs ORDER BY id DESC LIMIT 1",
                [],
                |r| {
                    let summary = RunSummary {
                        started_at: r.get(1)?,
                        finished_at: r.get(2)?,
                        ingested: r.get(3)?,
                        duplicates: r.get(4)?,
                        near_duplicates: r.get(5)?,
                        failed: r.get(6)?,
                        failures: Vec::new(),
                    };
                    Ok((r.get::<_, i64>(0)?, summary))
                },
            )
            .optional()?;
        let Some((id, mut summary)) = run else {
            return Ok(None);
        };
        let mut stmt =
            self.conn.prepare("SELECT origin, reason FROM ingest_failures WHERE run = ? ORDER BY rowid")?;
        summary.failures =
            stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        Ok(Some(summary))
    }
}

/// A span read back from columns `at` and `at + 1`; a reversed one is a damaged row.
fn stored_span(row: &Row, at: usize) -> rusqlite::Result<Span> {
    let (start, end): (usize, usize) = (row.get(at)?, row.get(at + 1)?);
    if start > end {
        return Err(rusqlite::Error::IntegralValueOutOfRange(at, start as i64));
    }
    Ok(Span::new(start, end))
}

/// FTS5 reports query problems as generic SQL errors; say they are about the query.
pub(crate) fn fts_error(e: rusqlite::Error) -> StoreError {
    let message = e.to_string();
    if message.contains("fts5") || message.contains("syntax error") {
        StoreError::Query(message)
    } else {
        e.into()
    }
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Removes the \x01 / \x02 markers that `snippet()` put around matches, returning the
/// clean snippet and the character ranges that were marked.
fn highlights(marked: &str) -> (String, Vec<[usize; 2]>) {
    let mut clean = String::with_capacity(marked.len());
    let mut ranges = Vec::new();
    let (mut chars, mut start) = (0, None);
    for c in marked.chars() {
        match c {
            '\u{1}' => start = Some(chars),
            '\u{2}' => ranges.extend(start.take().map(|s| [s, chars])),
            _ => {
                clean.push(c);
                chars += 1;
            }
        }
    }
    (clean, ranges)
}

struct SqliteBatch<'c> {
    tx: Transaction<'c>,
}

impl SqliteBatch<'_> {
    fn seq(&self, id: &DocId) -> Result<i64> {
        let mut stmt = self.tx.prepare_cached("SELECT seq FROM documents WHERE id = ?")?;
        Ok(stmt.query_row([id.as_str()], |r| r.get(0))?)
    }
}

impl Batch for SqliteBatch<'_> {
    fn contains(&mut self, id: &DocId) -> Result<bool> {
        let mut stmt = self.tx.prepare_cached("SELECT 1 FROM documents WHERE id = ?")?;
        Ok(stmt.exists([id.as_str()])?)
    }

    fn candidates(&mut self, fingerprint: &Fingerprint) -> Result<Vec<Candidate>> {
        // The limit is written into the SQL: a bound LIMIT makes SQLite re-prepare the
        // statement at every execution.
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT d.id, d.minhash, d.published FROM minhash_bands b JOIN documents d ON d.seq = b.doc \
             WHERE b.key = ? LIMIT {CANDIDATES_PER_BAND}"
        ))?;
        let mut found: Vec<Candidate> = Vec::new();
        for key in fingerprint.band_keys() {
            let rows = stmt.query_map([key], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?, r.get::<_, Option<String>>(2)?))
            })?;
            for row in rows {
                let (id, minhash, published) = row?;
                let Some(id) = DocId::parse(&id) else {
                    continue;
                };
                if !found.iter().any(|c| c.id == id) {
                    found.push(Candidate { id, fingerprint: Fingerprint::from_bytes(&minhash), published });
                }
            }
        }
        Ok(found)
    }

    fn insert(
        &mut self,
        doc: &Document,
        fingerprint: &Fingerprint,
        facts: &Facts,
        copy_of: Option<(&DocId, f64)>,
    ) -> Result<()> {
        let original = copy_of.map(|(id, _)| self.seq(id)).transpose()?;
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO documents (id, title, source, source_key, url, author, published, published_origin, \
             language, language_confidence, format, origin, text, ingested_at, minhash, duplicate_of, similarity) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )?;
        stmt.execute(params![
            doc.id.as_str(),
            doc.title,
            doc.source,
            source_key(&doc.source),
            doc.url,
            doc.author,
            doc.published.map(|p| p.to_iso()),
            doc.published.map(|p| p.origin.as_str()),
            doc.language.code,
            doc.language.confidence,
            doc.format.as_str(),
            doc.origin,
            doc.text,
            doc.ingested_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            fingerprint.to_bytes(),
            original,
            copy_of.map(|(_, s)| s),
        ])?;
        let seq = self.tx.last_insert_rowid();
        let mut mention = self.tx.prepare_cached(
            "INSERT INTO group_mentions (doc, group_id, text, start, end, sentence_start, sentence_end) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )?;
        for m in &facts.groups {
            mention.execute(params![
                seq,
                m.group,
                m.text,
                m.span.start,
                m.span.end,
                m.sentence.start,
                m.sentence.end
            ])?;
        }
        let mut date = self.tx.prepare_cached(
            "INSERT INTO date_mentions (doc, text, value, precision, start, end, sentence_start, sentence_end) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )?;
        for d in &facts.dates {
            let (span, sentence) = (d.span, d.sentence);
            date.execute(params![
                seq,
                d.text,
                d.value,
                d.precision.as_str(),
                span.start,
                span.end,
                sentence.start,
                sentence.end
            ])?;
        }
        insert_more_facts(&self.tx, seq, facts)?;
        let mut fts =
            self.tx.prepare_cached("INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)")?;
        fts.execute(params![seq, doc.title, doc.text])?;
        if copy_of.is_none() {
            let mut band =
                self.tx.prepare_cached("INSERT OR IGNORE INTO minhash_bands (key, doc) VALUES (?, ?)")?;
            for key in fingerprint.band_keys() {
                band.execute(params![key, seq])?;
            }
        }
        Ok(())
    }

    fn promote(&mut self, original: &DocId, former: &DocId, similarity: f64) -> Result<()> {
        let (new, old) = (self.seq(original)?, self.seq(former)?);
        self.tx
            .execute("UPDATE documents SET duplicate_of = ?1 WHERE duplicate_of = ?2", params![new, old])?;
        self.tx.execute(
            "UPDATE documents SET duplicate_of = ?1, similarity = ?2 WHERE seq = ?3",
            params![new, similarity, old],
        )?;
        self.tx.execute("DELETE FROM minhash_bands WHERE doc = ?", [old])?;
        Ok(())
    }

    fn commit(self: Box<Self>) -> Result<()> {
        Ok(self.tx.commit()?)
    }
}

/// Places, people, organisations, figures, quotations, incidents and indicator evidence of one
/// document (migration 0003).
fn insert_more_facts(tx: &rusqlite::Transaction, seq: i64, facts: &Facts) -> Result<()> {
    let mut place = tx.prepare_cached(
        "INSERT INTO place_mentions (doc, place, kind, country, lat, lon, text, start, end, sentence_start, \
         sentence_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )?;
    for p in &facts.places {
        place.execute(params![
            seq,
            p.place,
            p.kind,
            p.country,
            p.lat,
            p.lon,
            p.text,
            p.span.start,
            p.span.end,
            p.sentence.start,
            p.sentence.end
        ])?;
    }
    let mut person = tx.prepare_cached(
        "INSERT INTO person_mentions (doc, person, role, text, start, end, sentence_start, sentence_end) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )?;
    for p in &facts.people {
        person.execute(params![
            seq,
            p.person,
            p.role,
            p.text,
            p.span.start,
            p.span.end,
            p.sentence.start,
            p.sentence.end
        ])?;
    }
    let mut figure = tx.prepare_cached(
        "INSERT INTO figures (doc, quantity, value, low, high, qualifier, subject, attributed_to, text, start, end, \
         sentence_start, sentence_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )?;
    for f in &facts.figures {
        figure.execute(params![
            seq,
            f.quantity,
            f.value as i64,
            f.low.map(|v| v as i64),
            f.high.map(|v| v as i64),
            f.qualifier,
            f.subject,
            f.attributed_to,
            f.text,
            f.span.start,
            f.span.end,
            f.sentence.start,
            f.sentence.end
        ])?;
    }
    let mut quote = tx.prepare_cached(
        "INSERT INTO quotes (doc, speaker, role, affiliation, text, start, end, sentence_start, sentence_end) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )?;
    for q in &facts.quotes {
        quote.execute(params![
            seq,
            q.speaker,
            q.role,
            q.affiliation,
            q.text,
            q.span.start,
            q.span.end,
            q.sentence.start,
            q.sentence.end
        ])?;
    }
    let mut organization = tx.prepare_cached(
        "INSERT INTO organization_mentions (doc, organization, kind, text, start, end, sentence_start, sentence_end) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )?;
    for o in &facts.organizations {
        organization.execute(params![
            seq,
            o.organization,
            o.kind,
            o.text,
            o.span.start,
            o.span.end,
            o.sentence.start,
            o.sentence.end
        ])?;
    }
    let mut indicator = tx.prepare_cached(
        "INSERT INTO indicator_evidence (doc, indicator, group_id, group_basis, stance, cue, start, end, \
         sentence_start, sentence_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )?;
    for e in &facts.indicators {
        indicator.execute(params![
            seq,
            e.indicator,
            e.group,
            e.group_basis,
            e.stance,
            e.cue,
            e.span.start,
            e.span.end,
            e.sentence.start,
            e.sentence.end
        ])?;
    }
    let mut incident = tx.prepare_cached(
        "INSERT INTO incident_reports (doc, date, date_precision, place, country, lat, lon, attack_type, \
         perpetrator, killed, injured, link, sentence_start, sentence_end, detail) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )?;
    for i in &facts.incidents {
        let sentence = i.sentence();
        let detail = serde_json::to_string(&i.stored())?;
        incident.execute(params![
            seq,
            i.date,
            i.date_precision.map(|p| p.as_str()),
            i.place,
            i.country,
            i.lat,
            i.lon,
            i.attack_type,
            i.perpetrator,
            i.killed.as_ref().map(|k| k.value as i64),
            i.injured.as_ref().map(|k| k.value as i64),
            i.link.as_str(),
            sentence.start,
            sentence.end,
            detail
        ])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_markers_become_ranges() {
        let (clean, ranges) = highlights("…the \u{1}Crocus\u{2} City \u{1}Hall\u{2} attack");
        assert_eq!(clean, "…the Crocus City Hall attack");
        assert_eq!(ranges, vec![[5, 11], [17, 21]]);
    }

    #[test]
    fn read_only_opens_write_nothing_and_refuse_writes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vigil.db");
        assert!(matches!(SqliteStore::open_read_only(&path), Err(StoreError::Missing(_))));
        drop(SqliteStore::create(&path).unwrap());
        let mut store = SqliteStore::open_read_only(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
        assert!(store.start_run("2026-01-01T00:00:00Z").is_err(), "no write through a read-only connection");
        assert!(store.problems(true).unwrap().is_empty());
        // Another application's database is not read as a store.
        let other = dir.path().join("other.db");
        Connection::open(&other).unwrap().execute_batch("CREATE TABLE t (x)").unwrap();
        assert!(matches!(SqliteStore::open_read_only(&other), Err(StoreError::Corrupt { .. })));
        assert_eq!(uri_path(Path::new("/a b/c?d#e%f.db")), "/a b/c%3fd%23e%25f.db");
    }

    #[test]
    fn one_resolution_at_a_time_per_store() {
        use crate::IncidentStore;
        use std::sync::atomic::{AtomicBool, Ordering};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vigil.db");
        let (a, b) = (SqliteStore::create(&path).unwrap(), SqliteStore::open(&path).unwrap());
        let released = std::sync::Arc::new(AtomicBool::new(false));
        let held = a.resolution_lock().unwrap();
        let waiter = {
            let released = released.clone();
            std::thread::spawn(move || {
                let _second = b.resolution_lock().unwrap();
                released.load(Ordering::SeqCst)
            })
        };
        std::thread::sleep(std::time::Duration::from_millis(100));
        released.store(true, Ordering::SeqCst);
        drop(held);
        assert!(waiter.join().unwrap(), "the second holder got the lock only once the first let go");
        assert!(SqliteStore::in_memory().unwrap().resolution_lock().is_ok());
    }

    #[test]
    fn a_budget_stops_a_query_at_its_deadline_or_when_cancelled() {
        use std::time::{Duration, Instant};
        let store = SqliteStore::in_memory().unwrap();
        // Ten billion steps: hours of work unless something stops it.
        let endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000000000) \
                       SELECT count(*) FROM n";
        let run =
            |store: &SqliteStore| -> Result<i64> { Ok(store.conn.query_row(endless, [], |r| r.get(0))?) };
        store.set_budget(Some(Budget::new(Duration::from_millis(50)))).unwrap();
        let started = Instant::now();
        assert!(matches!(run(&store), Err(StoreError::Interrupted)));
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "stopped near its deadline: {:?}",
            started.elapsed()
        );
        // Cancelled from another thread, long before its deadline.
        let budget = Budget::new(Duration::from_secs(3600));
        store.set_budget(Some(budget.clone())).unwrap();
        let canceller = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            budget.cancel();
        });
        assert!(matches!(run(&store), Err(StoreError::Interrupted)));
        canceller.join().unwrap();
        // A spent budget stops any query of more than a few steps; lifting it lets them run.
        let counted = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) \
                       SELECT count(*) FROM n";
        let count =
            |store: &SqliteStore| -> Result<i64> { Ok(store.conn.query_row(counted, [], |r| r.get(0))?) };
        store.set_budget(Some(Budget::new(Duration::ZERO))).unwrap();
        assert!(matches!(count(&store), Err(StoreError::Interrupted)));
        store.set_budget(None).unwrap();
        assert_eq!(count(&store).unwrap(), 100_000);
    }

    #[test]
    fn deep_result_windows_are_refused() {
        let store = SqliteStore::in_memory().unwrap();
        let page = |offset, limit| SearchQuery {
            text: "Kerman".into(),
            filter: DocFilter { offset, limit, ..DocFilter::default() },
        };
        assert!(store.search(&page(9_950, 50)).is_ok());
        let err = store.search(&page(9_951, 50)).unwrap_err().to_string();
        assert!(err.contains("past the first 10000"), "{err}");
        assert!(matches!(store.search(&page(20_000, 0)), Err(StoreError::Query(_))));
    }
}
