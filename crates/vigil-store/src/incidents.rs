//! Incidents in the SQLite store: reports with provenance for resolution, and the resolved
//! incidents with their memberships and assessments.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, TransactionBehavior, params, params_from_iter};
use vigil_core::{DocId, IncidentReading, IncidentReport, LinkLevel};

use crate::model::{IncidentFilter, IncidentRecord, Membership, StoredReport};
use crate::sqlite::SqliteStore;
use crate::{IncidentStore, ResolutionLock, Result, StoreError};

pub(crate) const RECORD: &str = "id, date, date_precision, place, city, country, lat, lon, attack_type, perpetrator, \
    killed, killed_qualifier, injured, injured_qualifier, link, sources, reports, flags, first_reported, \
    last_reported";

pub(crate) fn record(row: &Row, assessment: bool) -> rusqlite::Result<IncidentRecord> {
    Ok(IncidentRecord {
        id: Some(row.get(0)?),
        date: row.get(1)?,
        date_precision: row.get(2)?,
        place: row.get(3)?,
        city: row.get(4)?,
        country: row.get(5)?,
        lat: row.get(6)?,
        lon: row.get(7)?,
        attack_type: row.get(8)?,
        perpetrator: row.get(9)?,
        killed: row.get(10)?,
        killed_qualifier: row.get(11)?,
        injured: row.get(12)?,
        injured_qualifier: row.get(13)?,
        link: LinkLevel::of(&row.get::<_, String>(14)?),
        sources: row.get(15)?,
        reports: row.get(16)?,
        flags: row.get(17)?,
        first_reported: row.get(18)?,
        last_reported: row.get(19)?,
        assessment: if assessment { row.get(20)? } else { String::new() },
    })
}

impl IncidentStore for SqliteStore {
    fn incident_reports(&self) -> Result<Vec<StoredReport>> {
        let mut stmt = self.conn.prepare(
            "SELECT r.id, d.seq, d.id, d.title, d.source, d.url, d.published, coalesce(o.seq, d.seq), \
                    coalesce(o.source, d.source), r.detail, m.incident \
             FROM incident_reports r JOIN documents d ON d.seq = r.doc \
             LEFT JOIN documents o ON o.seq = d.duplicate_of \
             LEFT JOIN incident_members m ON m.report = r.id ORDER BY r.id",
        )?;
        let rows = stmt.query_map([], |row| {
            let id: String = row.get(2)?;
            let detail: String = row.get(9)?;
            let (reading, unreadable) = match serde_json::from_str::<IncidentReading>(&detail) {
                Ok(reading) => (reading, None),
                Err(e) => (IncidentReading::default(), Some(e.to_string())),
            };
            let report = IncidentReport {
                id: row.get(0)?,
                doc_seq: row.get(1)?,
                doc: DocId::parse(&id).ok_or(rusqlite::Error::InvalidColumnType(
                    2,
                    "id".into(),
                    rusqlite::types::Type::Text,
                ))?,
                title: row.get(3)?,
                source: row.get(4)?,
                url: row.get(5)?,
                published: row.get(6)?,
                original: row.get(7)?,
                original_source: row.get(8)?,
                reading,
            };
            Ok(StoredReport { report, incident: row.get(10)?, unreadable })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn passages(&self, doc_seq: i64, spans: &[(usize, usize)]) -> Result<Vec<String>> {
        let text: String =
            self.conn.query_row("SELECT text FROM documents WHERE seq = ?", [doc_seq], |r| r.get(0))?;
        // Character offsets to byte offsets, once for the document.
        let bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
        Ok(spans
            .iter()
            .map(|&(s, e)| match (bytes.get(s), bytes.get(e)) {
                (Some(&a), Some(&b)) if a <= b => text[a..b].to_string(),
                _ => String::new(),
            })
            .collect())
    }

    fn save_incidents(&mut self, records: &[IncidentRecord], members: &[Membership]) -> Result<Vec<i64>> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut ids = Vec::with_capacity(records.len());
        {
            let mut insert = tx.prepare_cached(&format!(
                "INSERT INTO incidents ({RECORD}, assessment) VALUES ({})",
                ["?"; 21].join(", ")
            ))?;
            let mut update = tx.prepare_cached(
                "UPDATE incidents SET date = ?2, date_precision = ?3, place = ?4, city = ?5, country = ?6, \
                 lat = ?7, lon = ?8, attack_type = ?9, perpetrator = ?10, killed = ?11, killed_qualifier = ?12, \
                 injured = ?13, injured_qualifier = ?14, link = ?15, sources = ?16, reports = ?17, flags = ?18, \
                 first_reported = ?19, last_reported = ?20, assessment = ?21 WHERE id = ?1",
            )?;
            for r in records {
                let values = params![
                    r.id,
                    r.date,
                    r.date_precision,
                    r.place,
                    r.city,
                    r.country,
                    r.lat,
                    r.lon,
                    r.attack_type,
                    r.perpetrator,
                    r.killed,
                    r.killed_qualifier,
                    r.injured,
                    r.injured_qualifier,
                    r.link.as_str(),
                    r.sources,
                    r.reports,
                    r.flags,
                    r.first_reported,
                    r.last_reported,
                    r.assessment
                ];
                match r.id {
                    Some(id) => {
                        if update.execute(values)? == 0 {
                            return Err(StoreError::NoIncident(id));
                        }
                        ids.push(id);
                    }
                    None => {
                        insert.execute(values)?;
                        ids.push(tx.last_insert_rowid());
                    }
                }
            }
            let mut member = tx.prepare_cached(
                "INSERT INTO incident_members (report, incident, reason) VALUES (?, ?, ?) \
                 ON CONFLICT (report) DO UPDATE SET incident = excluded.incident, reason = excluded.reason",
            )?;
            for m in members {
                let incident = ids.get(m.incident).ok_or_else(|| {
                    StoreError::Query(format!("membership of report {} names no incident", m.report))
                })?;
                member.execute(params![m.report, incident, m.reason])?;
            }
        }
        tx.commit()?;
        Ok(ids)
    }

    fn resolution_lock(&self) -> Result<ResolutionLock> {
        // A file beside the store, like SQLite's own `-wal` and `-shm`: the database's write
        // lock cannot be held across a resolution's reads and writes without blocking every
        // ingest batch meanwhile.
        if self.path() == std::path::Path::new(":memory:") {
            return Ok(ResolutionLock::private());
        }
        let mut lock = self.path().as_os_str().to_owned();
        lock.push("-lock");
        ResolutionLock::file(std::path::Path::new(&lock))
    }

    fn clear_incidents(&mut self) -> Result<()> {
        self.conn
            .execute_batch("BEGIN IMMEDIATE; DELETE FROM incident_members; DELETE FROM incidents; COMMIT;")?;
        Ok(())
    }

    fn incidents(&self, filter: &IncidentFilter) -> Result<Vec<IncidentRecord>> {
        let mut params: Vec<Value> = Vec::new();
        let mut sql = format!("SELECT {RECORD} FROM incidents WHERE 1{}", conditions(filter, &mut params));
        let column = filter.sort.column();
        let direction = if filter.ascending { "ASC" } else { "DESC" };
        // Unknown values last either way; the tie-break follows the direction so that an
        // index on the column serves the order.
        sql.push_str(&format!(" ORDER BY {column} {direction} NULLS LAST, id {direction}"));
        if filter.limit > 0 || filter.offset > 0 {
            let limit = if filter.limit == 0 { -1 } else { filter.limit as i64 };
            sql.push_str(&format!(" LIMIT {limit} OFFSET {}", filter.offset));
        }
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), |r| record(r, false))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn incident(&self, id: i64) -> Result<IncidentRecord> {
        self.conn
            .query_row(&format!("SELECT {RECORD}, assessment FROM incidents WHERE id = ?"), [id], |r| {
                record(r, true)
            })
            .optional()?
            .ok_or(StoreError::NoIncident(id))
    }
}

/// The WHERE conditions of an incident filter (after `WHERE 1`), its values pushed on `params`.
pub(crate) fn conditions(filter: &IncidentFilter, params: &mut Vec<Value>) -> String {
    let mut sql = String::new();
    if !filter.groups.is_empty() {
        sql.push_str(&format!(" AND perpetrator IN ({})", vec!["?"; filter.groups.len()].join(", ")));
        params.extend(filter.groups.iter().map(|g| Value::Text(g.clone())));
    }
    let link = filter.link.map(|l| l.as_str().to_string());
    for (column, value) in
        [("country", &filter.country), ("link", &link), ("attack_type", &filter.attack_type)]
    {
        if let Some(v) = value {
            sql.push_str(&format!(" AND {column} = ?"));
            params.push(Value::Text(v.clone()));
        }
    }
    // A date known only to the month or year is kept when its period reaches the bound.
    if let Some(since) = filter.since {
        sql.push_str(" AND date >= substr(?, 1, length(date))");
        params.push(Value::Text(since.to_string()));
    }
    if let Some(until) = filter.until {
        sql.push_str(" AND date <= ?");
        params.push(Value::Text(until.to_string()));
    }
    sql
}
