-- What a user sent besides text, kept with the booking it became: a receipt photo and its OCR text.
-- The fields read from it are kept too, so a receipt whose total was unclear can be booked when the
-- user answers with the amount (transaction_id stays NULL until then).
CREATE TABLE attachments (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    context_id        uuid NOT NULL REFERENCES contexts (id),
    source            text NOT NULL,
    source_message_id text NOT NULL,
    kind              text NOT NULL CHECK (kind IN ('receipt')),
    mime_type         text,
    content           bytea NOT NULL,
    text              text,
    merchant          text,
    total             numeric(19, 4),
    currency          text CHECK (currency ~ '^[A-Z]{3}$'),
    document_date     date,
    tax               numeric(19, 4),
    transaction_id    bigint REFERENCES transactions (id),
    created_by        uuid NOT NULL REFERENCES users (id),
    created_at        timestamptz NOT NULL DEFAULT now(),
    -- A redelivered or reprocessed message stores its attachment once.
    UNIQUE (context_id, source, source_message_id)
);
-- "Is a receipt of mine waiting for its total?"
CREATE INDEX attachments_pending ON attachments (context_id, created_by, created_at DESC) WHERE transaction_id IS NULL;
CREATE INDEX attachments_by_transaction ON attachments (transaction_id) WHERE transaction_id IS NOT NULL;

GRANT SELECT, INSERT, UPDATE ON attachments TO finance_app;

ALTER TABLE attachments ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_context ON attachments USING (context_id = app_context());
