-- A claim's lease lives in next_attempt_at (a leased row is simply not due until the lease ends), so
-- locked_until only repeated it. locked_by stays: it tells a person which worker holds a row.
ALTER TABLE inbox DROP COLUMN locked_until;
