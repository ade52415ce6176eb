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

-- The rate of `code` per euro on `day`: that day's, else the latest of the week before it (no rates are
-- published on weekends and holidays); NULL when none is known.
CREATE FUNCTION euro_rate(code text, day date) RETURNS numeric
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN code = 'EUR' THEN 1::numeric ELSE (
        SELECT r.rate FROM exchange_rates r
        WHERE r.base = 'EUR' AND r.currency = code AND r.rate_date <= day AND r.rate_date > day - 7
        ORDER BY r.rate_date DESC LIMIT 1) END
$$;

-- An amount in `to_code` at the rates of its own day (through the euro), or NULL without rates.
CREATE FUNCTION convert_amount(amount numeric, from_code text, day date, to_code text) RETURNS numeric
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN from_code = to_code THEN amount
                ELSE round(amount / euro_rate(from_code, day) * euro_rate(to_code, day), 4) END
$$;
