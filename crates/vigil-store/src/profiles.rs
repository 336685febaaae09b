//! Facts about groups gathered across documents, each with its citation: what profiles,
//! scorecards and briefs are made of.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, params_from_iter};
use std::collections::{BTreeMap, BTreeSet};

use vigil_core::{DocId, name_key};

use crate::model::{
    Citation, CitedFigure, CitedIndicator, CitedOrganization, CitedQuote, Coverage, PersonEntity,
};
use crate::sqlite::SqliteStore;
use crate::{ProfileStore, Result};

/// Citation columns over `documents d LEFT JOIN documents o` (the original) for a fact table
/// aliased `x` with sentence_start / sentence_end.
pub(crate) const CITE: &str = "d.id, d.title, d.source, d.url, d.published, coalesce(o.source, d.source), \
    x.sentence_start, x.sentence_end, substr(d.text, x.sentence_start + 1, x.sentence_end - x.sentence_start)";
pub(crate) const CITE_COLUMNS: usize = 9;

/// A row of `SELECT {CITE}, x.group_id, x.indicator, x.stance, x.cue, x.group_basis`.
pub(crate) fn cited_indicator(r: &Row) -> rusqlite::Result<CitedIndicator> {
    let at = CITE_COLUMNS;
    Ok(CitedIndicator {
        cite: cite(r, 0)?,
        group: r.get(at)?,
        indicator: r.get(at + 1)?,
        stance: r.get(at + 2)?,
        cue: r.get(at + 3)?,
        group_basis: r.get(at + 4)?,
    })
}

pub(crate) fn cite(row: &Row, at: usize) -> rusqlite::Result<Citation> {
    let id: String = row.get(at)?;
    Ok(Citation {
        doc: DocId::parse(&id).ok_or(rusqlite::Error::InvalidColumnType(
            at,
            "id".into(),
            rusqlite::types::Type::Text,
        ))?,
        title: row.get(at + 1)?,
        source: row.get(at + 2)?,
        url: row.get(at + 3)?,
        published: row.get(at + 4)?,
        counts_as: row.get(at + 5)?,
        start: row.get(at + 6)?,
        end: row.get(at + 7)?,
        sentence: row.get(at + 8)?,
    })
}

fn placeholders(groups: &[String]) -> (String, Vec<Value>) {
    (vec!["?"; groups.len().max(1)].join(", "), groups.iter().map(|g| Value::Text(g.clone())).collect())
}

/// Rows of `x` that have a mention of one of `groups` in the same sentence, with that group.
fn in_group_sentence(table: &str, extra: &str) -> String {
    format!(
        "FROM {table} x JOIN documents d ON d.seq = x.doc LEFT JOIN documents o ON o.seq = d.duplicate_of \
         JOIN (SELECT doc, sentence_start, min(group_id) AS group_id FROM group_mentions WHERE group_id IN ({{}}) \
               GROUP BY doc, sentence_start) g ON g.doc = x.doc AND g.sentence_start = x.sentence_start \
         WHERE 1{extra} ORDER BY d.published IS NULL, d.published, d.seq, x.start"
    )
}

impl ProfileStore for SqliteStore {
    fn group_figures(&self, groups: &[String], quantity: &str) -> Result<Vec<CitedFigure>> {
        let (marks, mut params) = placeholders(groups);
        params.push(Value::Text(quantity.to_string()));
        let sql = format!(
            "SELECT {CITE}, g.group_id, x.quantity, x.value, x.low, x.high, x.qualifier, x.attributed_to, x.text {}",
            in_group_sentence("figures", " AND x.quantity = ?").replace("{}", &marks)
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), |r| {
            let at = CITE_COLUMNS;
            Ok(CitedFigure {
                cite: cite(r, 0)?,
                group: r.get(at)?,
                quantity: r.get(at + 1)?,
                value: r.get(at + 2)?,
                low: r.get(at + 3)?,
                high: r.get(at + 4)?,
                qualifier: r.get(at + 5)?,
                attributed_to: r.get(at + 6)?,
                text: r.get(at + 7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn group_organizations(&self, groups: &[String], kind: &str) -> Result<Vec<CitedOrganization>> {
        let (marks, mut params) = placeholders(groups);
        params.push(Value::Text(kind.to_string()));
        let sql = format!(
            "SELECT {CITE}, g.group_id, x.organization, x.kind {}",
            in_group_sentence("organization_mentions", " AND x.kind = ?").replace("{}", &marks)
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), |r| {
            let at = CITE_COLUMNS;
            Ok(CitedOrganization {
                cite: cite(r, 0)?,
                group: r.get(at)?,
                name: r.get(at + 1)?,
                kind: r.get(at + 2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn group_quotes(&self, groups: &[String]) -> Result<Vec<CitedQuote>> {
        let (marks, params) = placeholders(groups);
        // A quotation names the group when a mention lies inside it.
        let sql = format!(
            "SELECT {CITE}, (SELECT min(m.group_id) FROM group_mentions m WHERE m.doc = x.doc AND m.start >= x.start \
                    AND m.end <= x.end AND m.group_id IN ({marks})) AS grp, x.speaker, x.role, x.affiliation, x.text \
             FROM quotes x JOIN documents d ON d.seq = x.doc LEFT JOIN documents o ON o.seq = d.duplicate_of \
             WHERE grp IS NOT NULL ORDER BY d.published IS NULL, d.published, d.seq, x.start"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), |r| {
            let at = CITE_COLUMNS;
            Ok(CitedQuote {
                cite: cite(r, 0)?,
                group: r.get(at)?,
                speaker: r.get(at + 1)?,
                role: r.get(at + 2)?,
                affiliation: r.get(at + 3)?,
                text: r.get(at + 4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn group_indicators(&self, groups: &[String]) -> Result<Vec<CitedIndicator>> {
        let (marks, params) = placeholders(groups);
        let sql = format!(
            "SELECT {CITE}, x.group_id, x.indicator, x.stance, x.cue, x.group_basis \
             FROM indicator_evidence x JOIN documents d ON d.seq = x.doc LEFT JOIN documents o ON o.seq = d.duplicate_of \
             WHERE x.group_id IN ({marks}) ORDER BY d.published IS NULL, d.published, d.seq, x.start"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), cited_indicator)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn group_coverage(&self, groups: &[String]) -> Result<Coverage> {
        let (marks, params) = placeholders(groups);
        let sql = format!(
            "SELECT count(*), min(published), max(published) FROM documents WHERE seq IN \
             (SELECT doc FROM group_mentions WHERE group_id IN ({marks}))"
        );
        Ok(self.conn.query_row(&sql, params_from_iter(params), |r| {
            Ok(Coverage { documents: r.get(0)?, first_published: r.get(1)?, last_published: r.get(2)? })
        })?)
    }

    fn people(&self, name: Option<&str>, limit: usize, cites: usize) -> Result<Vec<PersonEntity>> {
        // Spellings of one name (vigil_core::name_key) are one person.
        struct Entity {
            spellings: BTreeMap<String, u64>,
            docs: BTreeSet<i64>,
            mentions: u64,
        }
        let wanted = name.map(name_key);
        let mut entities: BTreeMap<String, Entity> = BTreeMap::new();
        {
            let mut stmt = self.conn.prepare("SELECT person, doc FROM person_mentions")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let person: String = r.get(0)?;
                let key = name_key(&person);
                if wanted.as_ref().is_some_and(|w| !key.contains(w.as_str())) {
                    continue;
                }
                let e = entities.entry(key).or_insert_with(|| Entity {
                    spellings: BTreeMap::new(),
                    docs: BTreeSet::new(),
                    mentions: 0,
                });
                *e.spellings.entry(person).or_default() += 1;
                e.docs.insert(r.get(1)?);
                e.mentions += 1;
            }
        }
        let mut ranked: Vec<(String, Entity)> = entities.into_iter().collect();
        ranked.sort_by(|a, b| {
            (b.1.docs.len(), b.1.mentions).cmp(&(a.1.docs.len(), a.1.mentions)).then(a.0.cmp(&b.0))
        });
        if limit > 0 {
            ranked.truncate(limit);
        }
        let mut out = Vec::with_capacity(ranked.len());
        for (_, e) in ranked {
            let spellings: Vec<String> = e.spellings.keys().cloned().collect();
            // The most used spelling names the person (ties: the first in order).
            let shown =
                e.spellings.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(s, _)| s.clone());
            let marks = vec!["?"; spellings.len()].join(", ");
            let names = || spellings.iter().map(|s| Value::Text(s.clone()));
            let roles: Vec<String> = self
                .conn
                .prepare(&format!(
                    "SELECT role FROM person_mentions WHERE person IN ({marks}) AND role IS NOT NULL \
                     GROUP BY role ORDER BY count(*) DESC, role"
                ))?
                .query_map(params_from_iter(names()), |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let (quotes, first, last): (u64, Option<String>, Option<String>) = self.conn.query_row(
                &format!(
                    "SELECT (SELECT count(*) FROM quotes WHERE speaker IN ({marks})), min(published), max(published) \
                     FROM documents WHERE seq IN (SELECT doc FROM person_mentions WHERE person IN ({marks}))"
                ),
                params_from_iter(names().chain(names())),
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            let cites_found: Vec<Citation> = self
                .conn
                .prepare(&format!(
                    "SELECT {CITE} FROM person_mentions x JOIN documents d ON d.seq = x.doc \
                     LEFT JOIN documents o ON o.seq = d.duplicate_of \
                     WHERE x.rowid IN (SELECT min(rowid) FROM person_mentions WHERE person IN ({marks}) GROUP BY doc) \
                     ORDER BY d.published IS NULL, d.published, d.seq LIMIT {}",
                    cites as i64
                ))?
                .query_map(params_from_iter(names()), |r| cite(r, 0))?
                .collect::<rusqlite::Result<_>>()?;
            out.push(PersonEntity {
                name: shown.unwrap_or_default(),
                spellings,
                documents: e.docs.len() as u64,
                mentions: e.mentions,
                roles,
                quotes,
                first_published: first,
                last_published: last,
                cites: cites_found,
            });
        }
        Ok(out)
    }

    fn citation(&self, doc: &DocId, start: usize, end: usize) -> Result<Option<Citation>> {
        let sql = format!(
            "SELECT {CITE} FROM (SELECT seq AS doc, ?2 AS sentence_start, ?3 AS sentence_end FROM documents \
             WHERE id = ?1) x JOIN documents d ON d.seq = x.doc LEFT JOIN documents o ON o.seq = d.duplicate_of"
        );
        let row = self
            .conn
            .query_row(&sql, rusqlite::params![doc.as_str(), start as i64, end as i64], |r| cite(r, 0));
        Ok(row.optional()?)
    }
}
