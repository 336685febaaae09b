-- Facts extracted from each document, with the span they were read from and the sentence
-- around it (character offsets into the document's text). They are stored apart from vigil's
-- later judgments about them. Documents stored before this migration have no facts: ingesting
-- them again skips them as duplicates, so they stay without facts until vigil gains a command
-- that re-extracts stored documents.

CREATE TABLE group_mentions (
    doc            INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    group_id       TEXT NOT NULL,
    text           TEXT NOT NULL,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL
);
CREATE INDEX group_mentions_group ON group_mentions(group_id, doc);
CREATE INDEX group_mentions_doc ON group_mentions(doc);

CREATE TABLE date_mentions (
    doc            INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    text           TEXT NOT NULL,
    value          TEXT NOT NULL,      -- YYYY-MM-DD, YYYY-MM or YYYY
    precision      TEXT NOT NULL,      -- day, month, year or approx
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL
);
CREATE INDEX date_mentions_doc ON date_mentions(doc);
CREATE INDEX date_mentions_value ON date_mentions(value);
