-- The incident table sorts by casualties and sources as well as by date.
CREATE INDEX incidents_killed ON incidents(killed);
CREATE INDEX incidents_injured ON incidents(injured);
CREATE INDEX incidents_sources ON incidents(sources);
