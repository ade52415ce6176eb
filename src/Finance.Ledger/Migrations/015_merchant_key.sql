-- The booking INSERT reads "the latest category this context booked at this merchant" (TransactionStore.BookAsync).
-- Under row-level security PostgreSQL may not use a non-leakproof function such as lower() on a row in an index
-- condition, so 012's index on lower(merchant) was only searched by context: every expense with a merchant the
-- context ever booked was read and sorted, on every booking. A stored key compares with a plain, leakproof
-- equality, so the lookup is one index-only descent again.
ALTER TABLE transactions ADD COLUMN merchant_key text GENERATED ALWAYS AS (lower(trim(merchant))) STORED;

DROP INDEX transactions_merchant_history;
CREATE INDEX transactions_merchant_history ON transactions (context_id, merchant_key, id DESC)
    INCLUDE (category)
    WHERE deleted_at IS NULL AND direction = 'expense' AND merchant IS NOT NULL AND category <> 'other';
