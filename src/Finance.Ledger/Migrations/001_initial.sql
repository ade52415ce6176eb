-- The ledger's first schema. Context-scoped tables carry context_id and row-level security bound to
-- the per-transaction setting app.context_id; the app works as finance_app, which owns nothing, so
-- the policies hold even when the configured login is a superuser.

-- Roles are cluster-wide: databases migrating side by side may race to create it.
DO $$ BEGIN
    CREATE ROLE finance_app NOLOGIN NOBYPASSRLS;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
-- The login must be able to SET LOCAL ROLE finance_app.
DO $$ BEGIN
    EXECUTE format('GRANT finance_app TO %I', current_user);
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

CREATE TABLE users (
    id                uuid PRIMARY KEY,
    display_name      text,
    language          text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'pt')),
    active_context_id uuid NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE channel_identities (
    channel          text NOT NULL,
    external_user_id text NOT NULL,
    chat_id          text NOT NULL,
    user_id          uuid NOT NULL REFERENCES users (id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (channel, external_user_id)
);
CREATE INDEX channel_identities_user ON channel_identities (user_id);

CREATE TABLE contexts (
    id            uuid PRIMARY KEY,
    name          text NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('personal', 'family', 'trip', 'project')),
    base_currency text NOT NULL CHECK (base_currency ~ '^[A-Z]{3}$'),
    time_zone     text NOT NULL,
    created_by    uuid NOT NULL REFERENCES users (id),
    created_at    timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE users ADD FOREIGN KEY (active_context_id) REFERENCES contexts (id) DEFERRABLE INITIALLY DEFERRED;

CREATE TABLE context_members (
    context_id uuid NOT NULL REFERENCES contexts (id),
    user_id    uuid NOT NULL REFERENCES users (id),
    role       text NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    joined_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (context_id, user_id)
);
CREATE INDEX context_members_user ON context_members (user_id);

CREATE TABLE transactions (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    context_id        uuid NOT NULL REFERENCES contexts (id),
    amount            numeric(19, 4) NOT NULL CHECK (amount > 0),
    currency          text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    direction         text NOT NULL CHECK (direction IN ('expense', 'income', 'transfer')),
    category          text NOT NULL,
    merchant          text,
    description       text,
    local_date        date NOT NULL,
    source            text NOT NULL,
    source_message_id text,
    item_no           int NOT NULL DEFAULT 0,
    created_by        uuid NOT NULL REFERENCES users (id),
    created_at        timestamptz NOT NULL DEFAULT now(),
    deleted_at        timestamptz,
    -- A redelivered or reprocessed message can never book its items twice.
    UNIQUE (context_id, source, source_message_id, item_no)
);
CREATE INDEX transactions_by_date ON transactions (context_id, local_date) WHERE deleted_at IS NULL;
CREATE INDEX transactions_by_author ON transactions (context_id, created_by, id DESC);

-- A context's own corrections win over the classifier for that merchant.
CREATE TABLE category_overrides (
    context_id uuid NOT NULL REFERENCES contexts (id),
    merchant   text NOT NULL,
    category   text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (context_id, merchant)
);

-- Durable, idempotent intake: one row per (channel, external id); see Inbox/InboxStore.cs.
CREATE TABLE inbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel         text NOT NULL,
    external_id     text NOT NULL,
    chat_id         text NOT NULL,
    message         jsonb NOT NULL,
    status          text NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'replying', 'done', 'dead')),
    outcome         text,
    attempts        int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    locked_by       text,
    locked_until    timestamptz,
    reply           jsonb,
    last_error      text,
    received_at     timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    UNIQUE (channel, external_id)
);
CREATE INDEX inbox_ready ON inbox (next_attempt_at, id) WHERE status IN ('pending', 'replying');

GRANT SELECT, INSERT, UPDATE ON users, channel_identities, contexts, context_members, inbox TO finance_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON transactions, category_overrides TO finance_app;

-- The active context of this unit of work, or NULL (then context-scoped rows are invisible).
CREATE FUNCTION app_context() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT NULLIF(current_setting('app.context_id', true), '')::uuid $$;
CREATE FUNCTION app_user() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT NULLIF(current_setting('app.user_id', true), '')::uuid $$;

ALTER TABLE transactions ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_context ON transactions USING (context_id = app_context());

ALTER TABLE category_overrides ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_context ON category_overrides USING (context_id = app_context());

-- Membership rows: those of the active context, and the acting user's own (to list their contexts).
ALTER TABLE context_members ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_context_or_self ON context_members
    USING (context_id = app_context() OR user_id = app_user())
    WITH CHECK (context_id = app_context());

-- A context is visible when active, or when the acting user is a member of it.
ALTER TABLE contexts ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_context_or_member ON contexts
    USING (id = app_context()
           OR id IN (SELECT m.context_id FROM context_members m WHERE m.user_id = app_user()))
    WITH CHECK (id = app_context());
