-- Sharing contexts: one-time invite codes, and the channel's id of each reply so a user's reply to a
-- confirmation can find the booking it confirmed.

CREATE TABLE invites (
    code_hash  bytea PRIMARY KEY,                 -- sha256 of the code; the code itself is never stored
    context_id uuid NOT NULL REFERENCES contexts (id),
    role       text NOT NULL CHECK (role IN ('editor', 'viewer')),
    created_by uuid NOT NULL REFERENCES users (id),
    expires_at timestamptz NOT NULL,
    used_by    uuid REFERENCES users (id),
    used_at    timestamptz
);
-- Looked up by code from outside the context (the joiner is not a member yet), so no RLS here:
-- knowing an unexpired, unused code is the permission.
GRANT SELECT, INSERT, UPDATE ON invites TO finance_app;

ALTER TABLE inbox ADD COLUMN sent_message_id text;
CREATE INDEX inbox_sent_message ON inbox (channel, chat_id, sent_message_id) WHERE sent_message_id IS NOT NULL;

-- A member may leave; the context's rows stay with the context.
GRANT DELETE ON context_members TO finance_app;
