-- vigil's readings that are not about one incident (indicator scorecards), each with its scope,
-- when it was made, its one-line reading and the full body with its reasons. Kept as a
-- history: a later scorecard does not erase an earlier one.
CREATE TABLE judgments (
    id       INTEGER PRIMARY KEY,
    kind     TEXT NOT NULL,      -- scorecard
    subject  TEXT NOT NULL,      -- a group id
    scope    TEXT NOT NULL,      -- JSON: region, since
    made_at  TEXT NOT NULL,
    reading  TEXT NOT NULL,
    body     TEXT NOT NULL       -- JSON: markers with evidence, link shares, reasons
);
CREATE INDEX judgments_subject ON judgments(kind, subject, made_at);

-- Saved queries: `vigil watch run` reports the documents stored after `last_seq`.
CREATE TABLE watches (
    name        TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,   -- group, place, indicator or text
    query       TEXT NOT NULL,   -- as the analyst typed it
    target      TEXT NOT NULL,   -- what it resolved to (JSON list: group ids, country codes, an indicator, a query)
    created_at  TEXT NOT NULL,
    last_run_at TEXT,
    last_seq    INTEGER NOT NULL DEFAULT 0
);

-- The analyst's settings kept with the store (the source profiles given with --sources), so
-- that later commands grade sources the same way.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Where an indicator's group was found: in its sentence, the one before, or (when neither
-- names one) the group the document is mostly about.
ALTER TABLE indicator_evidence ADD COLUMN group_basis TEXT NOT NULL DEFAULT 'sentence';
