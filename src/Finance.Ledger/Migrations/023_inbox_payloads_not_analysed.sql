-- No query filters, joins or sorts on a message's payload, its reply or its error, so their statistics are never used;
-- gathering them was most of what ANALYZE cost on the inbox (sorting thousands of sampled jsonb documents to find their
-- common values and histogram), and autovacuum analyses a busy inbox often. A profile of PostgreSQL under
-- bench pipeline put a tenth of its CPU there.
ALTER TABLE inbox
    ALTER COLUMN message SET STATISTICS 0,
    ALTER COLUMN reply SET STATISTICS 0,
    ALTER COLUMN last_error SET STATISTICS 0;
