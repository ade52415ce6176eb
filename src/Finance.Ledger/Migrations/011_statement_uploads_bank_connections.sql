-- A statement sent in chat whose layout the reader could not settle (dates that read both ways, amounts
-- with no sign): kept until the user confirms the guess with a button, which may reach any host.
CREATE TABLE statement_uploads (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    context_id uuid NOT NULL REFERENCES contexts (id),
    file_name  text,
    content    bytea NOT NULL,
    created_by uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    imported_at timestamptz
);

GRANT SELECT, INSERT, UPDATE ON statement_uploads TO finance_app;
ALTER TABLE statement_uploads ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_context ON statement_uploads USING (context_id = app_context());

-- Bank connections of a context: the provider's consent and what the last sync reached. The provider's secret for
-- reading (a GoCardless requisition id, a Plaid access token) is stored only encrypted (AES-GCM, key from
-- Finance:Banks:EncryptionKey), so a dump of the database alone reveals none of them.
CREATE TABLE bank_connections (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    context_id         uuid NOT NULL REFERENCES contexts (id),
    provider           text NOT NULL,
    institution        text NOT NULL,
    credential         bytea NOT NULL,
    accounts           jsonb NOT NULL DEFAULT '[]',
    sync_state         jsonb NOT NULL DEFAULT '{}',
    status             text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'expired')),
    last_synced_at     timestamptz,
    reconnect_asked_at timestamptz,
    created_by         uuid NOT NULL REFERENCES users (id),
    created_at         timestamptz NOT NULL DEFAULT now()
);

GRANT SELECT, INSERT, UPDATE, DELETE ON bank_connections TO finance_app;
ALTER TABLE bank_connections ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_context ON bank_connections USING (context_id = app_context());
