-- Places, people, figures, quotations and incidents, each with its span and sentence
-- (character offsets into the document's text), like the facts of 0002. An incident here is
-- one document's report of an attack; joining reports of one event is a later judgment.

CREATE TABLE place_mentions (
    doc            INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    place          TEXT NOT NULL,
    kind           TEXT NOT NULL,      -- country, region or city
    country        TEXT,               -- ISO 3166-1 alpha-2; NULL for multi-country regions
    lat            REAL NOT NULL,
    lon            REAL NOT NULL,
    text           TEXT NOT NULL,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL
);
CREATE INDEX place_mentions_country ON place_mentions(country, doc);
CREATE INDEX place_mentions_doc ON place_mentions(doc);

CREATE TABLE person_mentions (
    doc            INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    person         TEXT NOT NULL,
    role           TEXT,
    text           TEXT NOT NULL,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL
);
CREATE INDEX person_mentions_doc ON person_mentions(doc);
CREATE INDEX person_mentions_person ON person_mentions(person);

CREATE TABLE figures (
    doc            INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    quantity       TEXT NOT NULL,      -- killed, injured, fighters or arrested
    value          INTEGER NOT NULL,
    low            INTEGER,
    high           INTEGER,
    qualifier      TEXT,
    subject        TEXT,
    attributed_to  TEXT,
    text           TEXT NOT NULL,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL
);
CREATE INDEX figures_doc ON figures(doc);

CREATE TABLE quotes (
    doc            INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    speaker        TEXT,
    role           TEXT,
    affiliation    TEXT,
    text           TEXT NOT NULL,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL
);
CREATE INDEX quotes_doc ON quotes(doc);

CREATE TABLE incident_reports (
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
    detail         TEXT NOT NULL       -- the incident as `vigil extract --json` prints it, evidence
                                       -- sentences as spans only (the text is the document's)
);
CREATE INDEX incident_reports_doc ON incident_reports(doc);
CREATE INDEX incident_reports_country ON incident_reports(country, date);

CREATE TABLE organization_mentions (
    doc            INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    organization   TEXT NOT NULL,
    kind           TEXT NOT NULL,      -- propaganda_outlet, security_service, government_body, ...
    text           TEXT NOT NULL,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL
);
CREATE INDEX organization_mentions_doc ON organization_mentions(doc);

-- A sentence speaking for or against a marker of resurgence for a group: a fact about the
-- text. Readings of a group's resurgence across documents are judgments, stored elsewhere.
CREATE TABLE indicator_evidence (
    doc            INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    indicator      TEXT NOT NULL,      -- central_command, training_pipeline, financing, territorial_claim
    group_id       TEXT NOT NULL,
    stance         TEXT NOT NULL,      -- for or against
    cue            TEXT NOT NULL,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL
);
CREATE INDEX indicator_evidence_group ON indicator_evidence(group_id, indicator);
CREATE INDEX indicator_evidence_doc ON indicator_evidence(doc);
