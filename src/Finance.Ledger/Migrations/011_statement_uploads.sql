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
