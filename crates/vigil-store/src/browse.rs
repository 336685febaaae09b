//! The dashboard's queries in the SQLite store: facet counts over a search, a document's
//! extracted spans, incidents per month.

use rusqlite::params_from_iter;
use vigil_core::DocId;

use crate::model::{DocFilter, Facets, IncidentFilter, KeyCount, MarkedSpan, MonthCount};
use crate::sqlite::{SqliteStore, matching};
use crate::{BrowseStore, Result, StoreError, to_fts5};

/// Values shown per facet.
const FACET_VALUES: usize = 12;

impl BrowseStore for SqliteStore {
    fn facets(&self, text: Option<&str>, filter: &DocFilter, cap: usize) -> Result<Facets> {
        let fts = text.map(to_fts5).transpose()?;
        let mut params = Vec::new();
        let (from, seq) = matching(fts.as_deref(), filter, &mut params);
        // The matching documents, once, into a temporary table each facet joins to. CROSS JOIN
        // keeps the hits as the outer loop (the planner has no statistics on a temporary
        // table, and scanning a fact table whole costs a hundred times more).
        let tx = self.conn.unchecked_transaction()?;
        tx.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS facet_hits (seq INTEGER PRIMARY KEY); DELETE FROM facet_hits;",
        )?;
        let counted = tx
            .execute(
                &format!("INSERT INTO facet_hits SELECT {seq} FROM {from} LIMIT {}", cap as i64 + 1),
                params_from_iter(params),
            )
            .map_err(crate::sqlite::fts_error)? as u64;
        let facet = |sql: &str| -> Result<Vec<KeyCount>> {
            let sql = format!("{sql} ORDER BY 2 DESC, 1 LIMIT {FACET_VALUES}");
            let mut stmt = tx.prepare(&sql)?;
            let rows = stmt.query_map([], |r| Ok(KeyCount { key: r.get(0)?, documents: r.get(1)? }))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let of = |table: &str, column: &str| {
            format!(
                "SELECT t.{column}, count(DISTINCT t.doc) FROM facet_hits h CROSS JOIN {table} t ON t.doc = h.seq \
                 WHERE t.{column} IS NOT NULL GROUP BY 1"
            )
        };
        let of_doc = |expr: &str| {
            format!(
                "SELECT {expr}, count(*) FROM facet_hits h CROSS JOIN documents d ON d.seq = h.seq GROUP BY 1"
            )
        };
        let facets = Facets {
            counted: counted.min(cap as u64),
            truncated: counted > cap as u64,
            group: facet(&of("group_mentions", "group_id"))?,
            country: facet(&of("place_mentions", "country"))?,
            attack_type: facet(&of("incident_reports", "attack_type"))?,
            link: facet(&of("incident_reports", "link"))?,
            indicator: facet(&of("indicator_evidence", "indicator"))?,
            source: facet(&of_doc("d.source"))?,
            language: facet(&of_doc("d.language"))?,
            year: {
                let sql = "SELECT substr(d.published, 1, 4), count(*) FROM facet_hits h \
                           CROSS JOIN documents d ON d.seq = h.seq WHERE d.published IS NOT NULL GROUP BY 1 ORDER BY 1 DESC";
                let mut stmt = tx.prepare(sql)?;
                let rows = stmt.query_map([], |r| Ok(KeyCount { key: r.get(0)?, documents: r.get(1)? }))?;
                rows.collect::<rusqlite::Result<_>>()?
            },
        };
        drop(tx);
        Ok(facets)
    }

    fn spans(&self, doc: &DocId) -> Result<Vec<MarkedSpan>> {
        let seq: i64 = self
            .conn
            .query_row("SELECT seq FROM documents WHERE id = ?", [doc.as_str()], |r| r.get(0))
            .map_err(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => StoreError::NotFound(doc.to_string()),
                e => e.into(),
            })?;
        let sources: [(&'static str, &str); 8] = [
            ("group", "SELECT start, end, group_id FROM group_mentions WHERE doc = ?"),
            (
                "person",
                "SELECT start, end, person || coalesce(', ' || role, '') FROM person_mentions WHERE doc = ?",
            ),
            (
                "organization",
                "SELECT start, end, organization || ' (' || kind || ')' FROM organization_mentions WHERE doc = ?",
            ),
            (
                "place",
                "SELECT start, end, place || ' (' || kind || coalesce(', ' || country, '') || ')' FROM place_mentions WHERE doc = ?",
            ),
            ("date", "SELECT start, end, value || ' (' || precision || ')' FROM date_mentions WHERE doc = ?"),
            (
                "figure",
                "SELECT start, end, quantity || ': ' || value || coalesce(' (' || qualifier || ')', '') FROM figures WHERE doc = ?",
            ),
            (
                "quote",
                "SELECT start, end, 'quote' || coalesce(' by ' || speaker, '') FROM quotes WHERE doc = ?",
            ),
            (
                "indicator",
                "SELECT start, end, indicator || ' (' || stance || ', ' || group_id || ')' FROM indicator_evidence WHERE doc = ?",
            ),
        ];
        let mut spans = Vec::new();
        for (kind, sql) in sources {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let rows = stmt.query_map([seq], |r| {
                Ok(MarkedSpan {
                    kind,
                    start: r.get::<_, i64>(0)? as usize,
                    end: r.get::<_, i64>(1)? as usize,
                    label: r.get(2)?,
                })
            })?;
            for span in rows {
                spans.push(span?);
            }
        }
        spans.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(a.kind.cmp(b.kind)));
        Ok(spans)
    }

    fn incident_months(&self, filter: &IncidentFilter, by: &str) -> Result<Vec<MonthCount>> {
        let column = match by {
            "perpetrator" => "perpetrator",
            "link" => "link",
            other => return Err(StoreError::Query(format!("{other:?}: count by perpetrator or link"))),
        };
        let mut params = Vec::new();
        let sql = format!(
            "SELECT substr(date, 1, 7), coalesce({column}, 'unknown'), count(*) FROM incidents \
             WHERE length(date) >= 7{} GROUP BY 1, 2 ORDER BY 1, 2",
            crate::incidents::conditions(filter, &mut params)
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), |r| {
            Ok(MonthCount { month: r.get(0)?, key: r.get(1)?, incidents: r.get(2)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn count_incidents(&self, filter: &IncidentFilter) -> Result<u64> {
        let mut params = Vec::new();
        let sql = format!(
            "SELECT count(*) FROM incidents WHERE 1{}",
            crate::incidents::conditions(filter, &mut params)
        );
        Ok(self.conn.query_row(&sql, params_from_iter(params), |r| r.get(0))?)
    }
}
