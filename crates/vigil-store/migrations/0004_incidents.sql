-- Incidents: vigil's judgment that reports in several documents describe one event. Facts
-- (incident_reports, one document's reading) stay as they were extracted; the judgment lives
-- in its own tables, each membership with the reason it was made and each incident with its
-- assessment (field histories, the rule behind each current value, credibility, flags).

-- Reports get a stable id for memberships to point at (a table without an INTEGER PRIMARY KEY
-- may have its rowids renumbered by VACUUM).
CREATE TABLE incident_reports_v4 (
    id             INTEGER PRIMARY KEY,
    doc            INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    date           TEXT,
    date_precision TEXT,
    place          TEXT,
    country        TEXT,
    lat            REAL,
    lon            REAL,
    attack_type    TEXT,
    perpetrator    TEXT,
    killed         INTEGER,
    injured        INTEGER,
    link           TEXT NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL,
    detail         TEXT NOT NULL
);
INSERT INTO incident_reports_v4 (doc, date, date_precision, place, country, lat, lon, attack_type,
    perpetrator, killed, injured, link, sentence_start, sentence_end, detail)
    SELECT doc, date, date_precision, place, country, lat, lon, attack_type, perpetrator, killed,
           injured, link, sentence_start, sentence_end, detail
    FROM incident_reports ORDER BY rowid;
DROP TABLE incident_reports;
ALTER TABLE incident_reports_v4 RENAME TO incident_reports;
CREATE INDEX incident_reports_doc ON incident_reports(doc);
CREATE INDEX incident_reports_country ON incident_reports(country, date);

CREATE TABLE incidents (
    id                INTEGER PRIMARY KEY,
    -- Current values, as the assessment chose them (columns for filtering and tables).
    date              TEXT,
    date_precision    TEXT,
    place             TEXT,
    city              TEXT,
    country           TEXT,
    lat               REAL,
    lon               REAL,
    attack_type       TEXT,
    perpetrator       TEXT,
    killed            INTEGER,
    killed_qualifier  TEXT,
    injured           INTEGER,
    injured_qualifier TEXT,
    link              TEXT NOT NULL,
    sources           INTEGER NOT NULL,  -- independent sources
    reports           INTEGER NOT NULL,
    flags             INTEGER NOT NULL,  -- contested or uncorroborated values
    first_reported    TEXT,
    last_reported     TEXT,
    assessment        TEXT NOT NULL      -- JSON: sources with grades, field histories, rules, credibility, flags
);
CREATE INDEX incidents_country ON incidents(country, date);
CREATE INDEX incidents_perpetrator ON incidents(perpetrator, date);
CREATE INDEX incidents_date ON incidents(date);

CREATE TABLE incident_members (
    report   INTEGER PRIMARY KEY REFERENCES incident_reports(id) ON DELETE CASCADE,
    incident INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    reason   TEXT NOT NULL
);
CREATE INDEX incident_members_incident ON incident_members(incident);
