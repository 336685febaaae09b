//! Judgments (scorecards), watches and settings in the SQLite store.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params, params_from_iter};

use crate::incidents::{RECORD, record};
use crate::model::{Judgment, Watch, WatchHits, WatchTarget};
use crate::profiles::{CITE, cited_indicator};
use crate::sqlite::{SUMMARY, SqliteStore, summary};
use crate::{AnalystStore, Result, StoreError, to_fts5};

fn target_json(t: &WatchTarget) -> (String, String) {
    let (kind, list) = match t {
        WatchTarget::Group(ids) => ("group", ids.clone()),
        WatchTarget::Place(codes) => ("place", codes.clone()),
        WatchTarget::Indicator(name) => ("indicator", vec![name.clone()]),
        WatchTarget::Text(query) => ("text", vec![query.clone()]),
    };
    (kind.to_string(), serde_json::to_string(&list).expect("strings serialise"))
}

fn target_from(kind: &str, json: &str) -> rusqlite::Result<WatchTarget> {
    let list: Vec<String> = serde_json::from_str(json).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, Box::new(e))
    })?;
    let first = || list.first().cloned().unwrap_or_default();
    Ok(match kind {
        "group" => WatchTarget::Group(list),
        "place" => WatchTarget::Place(list),
        "indicator" => WatchTarget::Indicator(first()),
        _ => WatchTarget::Text(first()),
    })
}

fn marks(n: usize) -> String {
    vec!["?"; n.max(1)].join(", ")
}

impl AnalystStore for SqliteStore {
    fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT value FROM settings WHERE key = ?", [key], |r| r.get(0)).optional()?)
    }

    fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    fn save_judgment(&mut self, j: &Judgment) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO judgments (kind, subject, scope, made_at, reading, body) VALUES (?, ?, ?, ?, ?, ?)",
            params![j.kind, j.subject, j.scope, j.made_at, j.reading, j.body],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    fn judgments(&self, kind: &str, subject: &str) -> Result<Vec<Judgment>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, kind, subject, scope, made_at, reading, body FROM judgments \
             WHERE kind = ? AND subject = ? ORDER BY made_at, id",
        )?;
        let rows = stmt.query_map([kind, subject], |r| {
            Ok(Judgment {
                id: Some(r.get(0)?),
                kind: r.get(1)?,
                subject: r.get(2)?,
                scope: r.get(3)?,
                made_at: r.get(4)?,
                reading: r.get(5)?,
                body: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn latest_seq(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT coalesce(max(seq), 0) FROM documents", [], |r| r.get(0))?)
    }

    fn add_watch(
        &mut self,
        name: &str,
        query: &str,
        target: &WatchTarget,
        at: &str,
        seen: i64,
    ) -> Result<()> {
        let (kind, json) = target_json(target);
        let exists: Option<String> = self
            .conn
            .query_row("SELECT name FROM watches WHERE name = ?", [name], |r| r.get(0))
            .optional()?;
        if exists.is_some() {
            return Err(StoreError::Query(format!("a watch named {name:?} exists (remove it first)")));
        }
        self.conn.execute(
            "INSERT INTO watches (name, kind, query, target, created_at, last_seq) VALUES (?, ?, ?, ?, ?, ?)",
            params![name, kind, query, json, at, seen],
        )?;
        Ok(())
    }

    fn remove_watch(&mut self, name: &str) -> Result<bool> {
        Ok(self.conn.execute("DELETE FROM watches WHERE name = ?", [name])? > 0)
    }

    fn watches(&self) -> Result<Vec<Watch>> {
        let mut stmt = self.conn.prepare(
            "SELECT name, query, kind, target, created_at, last_run_at, last_seq FROM watches ORDER BY name",
        )?;
        let rows = stmt.query_map([], |r| {
            let kind: String = r.get(2)?;
            let json: String = r.get(3)?;
            Ok(Watch {
                name: r.get(0)?,
                query: r.get(1)?,
                target: target_from(&kind, &json)?,
                created_at: r.get(4)?,
                last_run_at: r.get(5)?,
                last_seq: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn watch_hits(&self, target: &WatchTarget, after_seq: i64) -> Result<WatchHits> {
        let up_to: i64 =
            self.conn.query_row("SELECT coalesce(max(seq), 0) FROM documents", [], |r| r.get(0))?;
        let mut hits = WatchHits { up_to, ..WatchHits::default() };
        let docs_where = |condition: &str| {
            format!(
                "SELECT {SUMMARY} FROM documents d LEFT JOIN documents o ON o.seq = d.duplicate_of \
                 WHERE d.seq > ? AND d.seq <= ? AND {condition} ORDER BY d.published IS NULL, d.published DESC, d.seq"
            )
        };
        let new_incidents = |condition: &str| {
            format!(
                "SELECT {RECORD} FROM incidents WHERE id IN (SELECT m.incident FROM incident_members m \
                 JOIN incident_reports r ON r.id = m.report WHERE r.doc > ? AND r.doc <= ?) AND {condition} \
                 ORDER BY date IS NULL, date DESC, id"
            )
        };
        let base = || vec![Value::Integer(after_seq), Value::Integer(up_to)];
        let (doc_sql, doc_params, incident_sql, incident_params) = match target {
            WatchTarget::Group(ids) | WatchTarget::Place(ids) => {
                let list: Vec<Value> = ids.iter().map(|g| Value::Text(g.clone())).collect();
                let (doc_cond, inc_cond) = if matches!(target, WatchTarget::Group(_)) {
                    (
                        format!(
                            "d.seq IN (SELECT doc FROM group_mentions WHERE group_id IN ({}))",
                            marks(ids.len())
                        ),
                        format!("perpetrator IN ({})", marks(ids.len())),
                    )
                } else {
                    (
                        format!(
                            "d.seq IN (SELECT doc FROM place_mentions WHERE country IN ({}))",
                            marks(ids.len())
                        ),
                        format!("country IN ({})", marks(ids.len())),
                    )
                };
                let mut dp = base();
                dp.extend(list.iter().cloned());
                let mut ip = base();
                ip.extend(list);
                (docs_where(&doc_cond), dp, Some(new_incidents(&inc_cond)), ip)
            }
            WatchTarget::Indicator(name) => {
                let mut dp = base();
                dp.push(Value::Text(name.clone()));
                let sql = format!(
                    "SELECT {CITE}, x.group_id, x.indicator, x.stance, x.cue, x.group_basis FROM indicator_evidence x \
                     JOIN documents d ON d.seq = x.doc LEFT JOIN documents o ON o.seq = d.duplicate_of \
                     WHERE x.doc > ? AND x.doc <= ? AND x.indicator = ? ORDER BY d.published, d.seq, x.start"
                );
                let mut stmt = self.conn.prepare(&sql)?;
                let rows = stmt.query_map(params_from_iter(dp.clone()), cited_indicator)?;
                hits.indicators = rows.collect::<rusqlite::Result<_>>()?;
                (
                    docs_where("d.seq IN (SELECT doc FROM indicator_evidence WHERE indicator = ?)"),
                    dp,
                    None,
                    Vec::new(),
                )
            }
            WatchTarget::Text(query) => {
                let mut dp = base();
                dp.push(Value::Text(to_fts5(query)?));
                (
                    docs_where("d.seq IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)"),
                    dp,
                    None,
                    Vec::new(),
                )
            }
        };
        let mut stmt = self.conn.prepare(&doc_sql)?;
        hits.documents =
            stmt.query_map(params_from_iter(doc_params), summary)?.collect::<rusqlite::Result<_>>()?;
        if let Some(sql) = incident_sql {
            let mut stmt = self.conn.prepare(&sql)?;
            hits.incidents = stmt
                .query_map(params_from_iter(incident_params), |r| record(r, false))?
                .collect::<rusqlite::Result<_>>()?;
        }
        Ok(hits)
    }

    fn mark_watch(&mut self, name: &str, up_to: i64, at: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE watches SET last_seq = ?, last_run_at = ? WHERE name = ?",
            params![up_to, at, name],
        )?;
        Ok(())
    }
}
