-- /bank sync queues its syncs as Quartz triggers, stored on Quartz's own connection, not in the chat message's
-- transaction: a message handled again after a crash queues them again. The trigger's key comes from the message, so a
-- second one queued while the first waits is not stored; and a queued sync records its message here, in the transaction
-- that books what it read, so one queued after the first ran finds the row and does nothing. Attempt: a sync the bank
-- failed is queued again under the same message, and that run must go ahead. No key to bank_connections: a request for
-- a connection removed since still runs (and finds it gone). Rows older than a day are deleted by the context's next
-- requested sync (a message is retried within minutes).
CREATE TABLE bank_syncs_run (
    connection_id bigint NOT NULL,
    context_id    uuid NOT NULL REFERENCES contexts (id),
    channel       text NOT NULL,
    message_id    text NOT NULL,
    attempt       int NOT NULL,
    ran_at        timestamptz NOT NULL,
    PRIMARY KEY (connection_id, channel, message_id, attempt)
);
GRANT SELECT, INSERT, DELETE ON bank_syncs_run TO finance_app;
ALTER TABLE bank_syncs_run ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_context ON bank_syncs_run USING (context_id = app_context());

-- A reply's buttons are one row: their commands in order in `actions`, each button's data "act:ID.N" (N from 1). A
-- booking's reply wrote three rows, each a heap tuple and an entry in the primary key, and its WAL. Buttons already sent
-- carry "act:ID" and keep finding `data`, which new rows leave empty.
ALTER TABLE button_actions
    ADD COLUMN actions text[],
    ALTER COLUMN data DROP NOT NULL,
    ADD CONSTRAINT button_actions_one_form CHECK ((data IS NULL) <> (actions IS NULL)) NOT VALID;
-- Read by the primary key only, as data is (migration 026).
ALTER TABLE button_actions ALTER COLUMN actions SET STATISTICS 0;
