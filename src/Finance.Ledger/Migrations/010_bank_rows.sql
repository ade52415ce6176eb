-- Every transaction a bank sync or a statement file told us, once: its provider id (or a fingerprint of a
-- file row without one) is unique per account, so a sync or a re-import never books a row twice. The row
-- points at the ledger transaction it became (booked from the bank) or confirmed (matched to one chatted,
-- spoken or photographed); a doubtful match waits for the user's answer with the candidate it may be.
CREATE TABLE bank_rows (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    context_id     uuid NOT NULL REFERENCES contexts (id),
    source         text NOT NULL,                 -- bank:gocardless, bank:plaid, import
    account_key    text NOT NULL,
    provider_id    text NOT NULL,
    local_date     date NOT NULL,
    amount         numeric(19, 4) NOT NULL CHECK (amount > 0),
    currency       text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    direction      text NOT NULL CHECK (direction IN ('expense', 'income', 'transfer')),
    description    text NOT NULL,
    merchant       text,
    category       text NOT NULL,
    pending        boolean NOT NULL DEFAULT false,
    status         text NOT NULL CHECK (status IN ('booked', 'matched', 'asking')),
    transaction_id bigint REFERENCES transactions (id),
    candidate_id   bigint REFERENCES transactions (id),
    score          numeric(4, 3),
    reasons        jsonb NOT NULL DEFAULT '[]',
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (context_id, source, account_key, provider_id),
    CHECK ((status = 'asking') = (transaction_id IS NULL))
);
-- One bank row per ledger transaction: a chatted coffee confirms one bank coffee, so two identical
-- coffees in the bank stay two.
CREATE UNIQUE INDEX bank_rows_one_per_transaction ON bank_rows (transaction_id) WHERE transaction_id IS NOT NULL;
-- A pending row that later books arrives under a new id: it is found by account, amount and date.
CREATE INDEX bank_rows_pending ON bank_rows (context_id, source, account_key, amount) WHERE pending;

GRANT SELECT, INSERT, UPDATE ON bank_rows TO finance_app;
ALTER TABLE bank_rows ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_context ON bank_rows USING (context_id = app_context());
