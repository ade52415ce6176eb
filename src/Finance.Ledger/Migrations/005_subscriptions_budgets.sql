-- What the bot says on its own: weekly summaries, subscription reminders, budget alerts.

-- When a context's weekly summary goes out, in the context's own time zone (ISO weekday, 1 = Monday).
ALTER TABLE contexts
    ADD COLUMN summary_day  smallint NOT NULL DEFAULT 1 CHECK (summary_day BETWEEN 1 AND 7),
    ADD COLUMN summary_time time NOT NULL DEFAULT '09:00';

CREATE TABLE subscriptions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    context_id  uuid NOT NULL REFERENCES contexts (id),
    name        text NOT NULL,
    -- Lower case; charges are recognised by transactions.merchant equal to it.
    merchant    text NOT NULL,
    amount      numeric(19, 4) NOT NULL CHECK (amount > 0),
    currency    text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    cadence     text NOT NULL CHECK (cadence IN ('weekly', 'monthly', 'yearly')),
    next_due    date NOT NULL,
    remind_days int NOT NULL DEFAULT 2 CHECK (remind_days BETWEEN 0 AND 60),
    status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'cancelled')),
    -- The newest transaction already taken as a charge of this subscription.
    last_charge_id bigint,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (context_id, merchant)
);

-- Monthly limits per category, in one currency.
CREATE TABLE budgets (
    context_id uuid NOT NULL REFERENCES contexts (id),
    category   text NOT NULL,
    amount     numeric(19, 4) NOT NULL CHECK (amount > 0),
    currency   text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (context_id, category)
);

-- One row per thing the bot has decided to say (a week's summary, a reminder of one due date, a budget
-- alert of one month). Inserting it is the claim: whoever inserts it, and only they, enqueues the message
-- in the same transaction, so hosts scanning at once never say the same thing twice.
CREATE TABLE notifications (
    context_id uuid NOT NULL REFERENCES contexts (id),
    kind       text NOT NULL,
    subject    text NOT NULL,
    period_key text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (context_id, kind, subject, period_key)
);

-- Messages the bot starts, waiting to be sent (and retried) through their channel. Drained across
-- contexts by the jobs, like the inbox, so it is not context-scoped.
CREATE TABLE outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    context_id      uuid NOT NULL REFERENCES contexts (id),
    user_id         uuid NOT NULL REFERENCES users (id),
    channel         text NOT NULL,
    chat_id         text NOT NULL,
    kind            text NOT NULL,
    reply           jsonb NOT NULL,
    photo           bytea,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
    attempts        int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz
);
CREATE INDEX outbox_ready ON outbox (next_attempt_at, id) WHERE status = 'pending';

GRANT SELECT, INSERT, UPDATE, DELETE ON subscriptions, budgets TO finance_app;
GRANT SELECT, INSERT ON notifications TO finance_app;
GRANT SELECT, INSERT, UPDATE ON outbox TO finance_app;

ALTER TABLE subscriptions ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_context ON subscriptions USING (context_id = app_context());

ALTER TABLE budgets ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_context ON budgets USING (context_id = app_context());

ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_context ON notifications USING (context_id = app_context());

-- The jobs must find every context to visit it, but RLS hides contexts from finance_app unless one is
-- active. This function runs as its owner (the migrating login, which owns contexts and so bypasses RLS)
-- and returns only when and where to visit, none of a context's content; each visit then enters the
-- context through a normal session.
CREATE FUNCTION scheduled_contexts()
RETURNS TABLE (id uuid, time_zone text, summary_day smallint, summary_time time, created_by uuid, created_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT id, time_zone, summary_day, summary_time, created_by, created_at FROM contexts ORDER BY id $$;
REVOKE ALL ON FUNCTION scheduled_contexts() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION scheduled_contexts() TO finance_app;
