-- The context's own history for a merchant decides its category after its corrections and before what the
-- parser understood (TransactionStore.BookAsync). This index answers "the latest category this context
-- booked at this merchant" from the index alone, inside the booking INSERT.
CREATE INDEX transactions_merchant_history ON transactions (context_id, lower(merchant), id DESC)
    INCLUDE (category, merchant)
    WHERE deleted_at IS NULL AND direction = 'expense' AND merchant IS NOT NULL AND category <> 'other';

-- Daily reference rates (the ECB's euro rates by default): one unit of `base` buys `rate` of `currency`.
-- Shared by every context, like a price list, so it has no context and no row-level security.
CREATE TABLE exchange_rates (
    rate_date  date NOT NULL,
    base       text NOT NULL CHECK (base ~ '^[A-Z]{3}$'),
    currency   text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    rate       numeric(24, 10) NOT NULL CHECK (rate > 0),
    fetched_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (base, currency, rate_date)
);

GRANT SELECT, INSERT, UPDATE ON exchange_rates TO finance_app;
