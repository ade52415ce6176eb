-- Autovacuum analyses transactions after a tenth of it changed, and ANALYZE samples 300 rows per point of the largest
-- statistics target among its columns (30,000 rows at the default of 100), then sorts every column's sample. In bench
-- pipeline that happened inside the measured part (bookings grow the table by a tenth every few seconds): ANALYZE of
-- transactions beside the inbox's vacuum took PostgreSQL over its share of the two cores for that second. ANALYZE
-- transactions on 50,000 bench-like rows: 104-131 ms of one backend's CPU at the default, 13-21 ms at 10.
-- Every statement on transactions searches an index by its context first (row-level security and the app_context()
-- filters), and the hot ones run as generic plans, so no plan needs fine histograms or long lists of common values:
-- 3,000 sampled rows (target 10) still estimate how many rows a context holds (n_distinct came out as a tenth of the
-- rows at 10 and at 30, right for 5,000 contexts in 50,000 rows). The same reasoning as 026 for the inbox.
ALTER TABLE transactions
    ALTER COLUMN id SET STATISTICS 10,
    ALTER COLUMN context_id SET STATISTICS 10,
    ALTER COLUMN amount SET STATISTICS 10,
    ALTER COLUMN currency SET STATISTICS 10,
    ALTER COLUMN direction SET STATISTICS 10,
    ALTER COLUMN category SET STATISTICS 10,
    ALTER COLUMN merchant SET STATISTICS 10,
    ALTER COLUMN description SET STATISTICS 10,
    ALTER COLUMN local_date SET STATISTICS 10,
    ALTER COLUMN source SET STATISTICS 10,
    ALTER COLUMN source_message_id SET STATISTICS 10,
    ALTER COLUMN item_no SET STATISTICS 10,
    ALTER COLUMN created_by SET STATISTICS 10,
    ALTER COLUMN created_at SET STATISTICS 10,
    ALTER COLUMN deleted_at SET STATISTICS 10,
    ALTER COLUMN merchant_key SET STATISTICS 10;
