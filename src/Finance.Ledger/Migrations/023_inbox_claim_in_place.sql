-- A claim's lease moves out of next_attempt_at (indexed by inbox_ready) into a column no index reads, so claiming a row
-- changes no indexed column and PostgreSQL updates it in place (HOT), like recording the answer: no new entries in the
-- inbox's indexes for the claim, less WAL, less to vacuum. Claims still skip leased rows: each worker holds at most one
-- batch, so the leased rows a claim passes over are a few batches at the front of inbox_ready. next_attempt_at now only
-- says when a retry is due. Rows leased before this migration keep their lease in next_attempt_at until it ends. Hosts of
-- the build before do not read leased_until: while both builds claim (a rolling deploy), a row the new build holds may be
-- claimed again by an old host and handled twice (a booking still books once, but its reply may go out twice and a
-- command such as /undo may act twice): deploy this build by stopping the old hosts first.
ALTER TABLE inbox ADD COLUMN leased_until timestamptz;

-- No query filters, joins or sorts on a message's payload, its reply or its error, so their statistics are never used;
-- gathering them was most of what ANALYZE cost on the inbox (sorting thousands of sampled jsonb documents for their
-- common values and histogram), and autovacuum analyses a busy inbox often: a profile of PostgreSQL under bench
-- pipeline put a tenth of its CPU there.
ALTER TABLE inbox
    ALTER COLUMN message SET STATISTICS 0,
    ALTER COLUMN reply SET STATISTICS 0,
    ALTER COLUMN last_error SET STATISTICS 0;
