-- The dead-letter gauge counts dead rows every few seconds; without an index of its own that count reads the
-- whole inbox, which holds every message ever handled. Dead rows are few, so the partial index stays small.
CREATE INDEX inbox_dead ON inbox (id) WHERE status = 'dead';
