-- Documents, their full-text index, near-duplicate links and ingest runs.

CREATE TABLE documents (
    seq                 INTEGER PRIMARY KEY,
    id                  TEXT NOT NULL UNIQUE,
    title               TEXT,
    source              TEXT NOT NULL,
    source_key          TEXT NOT NULL,  -- the source in lower case, for filtering
    url                 TEXT,
    author              TEXT,
    published           TEXT,
    published_origin    TEXT,
    language            TEXT NOT NULL,
    language_confidence REAL NOT NULL,
    format              TEXT NOT NULL,
    origin              TEXT NOT NULL,
    text                TEXT NOT NULL,
    ingested_at         TEXT NOT NULL,
    minhash             BLOB NOT NULL,
    -- The earliest copy this document is a near-duplicate of, and how similar it is.
    duplicate_of        INTEGER REFERENCES documents(seq),
    similarity          REAL
);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_source ON documents(source_key);
CREATE INDEX documents_duplicate_of ON documents(duplicate_of);

-- LSH band keys of documents that are nobody's near-duplicate: a new document is compared
-- only with the original of each cluster it might join.
CREATE TABLE minhash_bands (
    key INTEGER NOT NULL,
    doc INTEGER NOT NULL REFERENCES documents(seq),
    PRIMARY KEY (key, doc)
) WITHOUT ROWID;
CREATE INDEX minhash_bands_doc ON minhash_bands(doc);

-- Rows are added to the index by the store's insert, not by a trigger: a trigger makes every
-- insert a statement transaction, and FTS5 flushes its pending terms at each one, which
-- multiplies segment merges. Deletes and edits are kept in step by triggers.
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text,
    content = 'documents', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;

-- One row per `vigil ingest`; a run with no finished_at was interrupted.
CREATE TABLE ingest_runs (
    id              INTEGER PRIMARY KEY,
    started_at      TEXT NOT NULL,
    finished_at     TEXT,
    ingested        INTEGER NOT NULL DEFAULT 0,
    duplicates      INTEGER NOT NULL DEFAULT 0,
    near_duplicates INTEGER NOT NULL DEFAULT 0,
    failed          INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE ingest_failures (
    run    INTEGER NOT NULL REFERENCES ingest_runs(id),
    origin TEXT NOT NULL,
    reason TEXT NOT NULL
);
