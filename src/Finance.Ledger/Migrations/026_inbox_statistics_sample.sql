-- ANALYZE samples 300 rows per point of the largest statistics target among a table's columns (30,000 rows at the
-- default of 100) and sorts every column's sample. Under load autovacuum analyses the inbox about once a minute (each
-- message inserts a row and updates it three times, so a tenth of the table changes within seconds), and in every run
-- of bench pipeline it does so a few seconds into the measured part. ANALYZE inbox on 50,000 bench-like rows took
-- 470-860 ms (the shared machine under load): half a core for a second or two while messages queue; 57-84 ms now.
-- Every inbox statement finds its rows by the primary key, the unique (channel, external_id) key or a partial index
-- (inbox_ready, inbox_dead, inbox_sent_message), so no plan depends on fine statistics: 3,000 sampled rows (target 10)
-- tell those plans all they need. button_actions is read by its primary key only; its data is never filtered on.
ALTER TABLE inbox
    ALTER COLUMN id SET STATISTICS 10,
    ALTER COLUMN channel SET STATISTICS 10,
    ALTER COLUMN external_id SET STATISTICS 10,
    ALTER COLUMN chat_id SET STATISTICS 10,
    ALTER COLUMN status SET STATISTICS 10,
    ALTER COLUMN outcome SET STATISTICS 10,
    ALTER COLUMN attempts SET STATISTICS 10,
    ALTER COLUMN next_attempt_at SET STATISTICS 10,
    ALTER COLUMN locked_by SET STATISTICS 10,
    ALTER COLUMN received_at SET STATISTICS 10,
    ALTER COLUMN finished_at SET STATISTICS 10,
    ALTER COLUMN sent_message_id SET STATISTICS 10,
    ALTER COLUMN leased_until SET STATISTICS 10;

ALTER TABLE button_actions
    ALTER COLUMN id SET STATISTICS 10,
    ALTER COLUMN channel SET STATISTICS 10,
    ALTER COLUMN chat_id SET STATISTICS 10,
    ALTER COLUMN data SET STATISTICS 0,
    ALTER COLUMN created_at SET STATISTICS 10;
