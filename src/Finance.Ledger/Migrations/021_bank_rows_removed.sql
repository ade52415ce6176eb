-- A bank may take a transaction back (Plaid's /transactions/sync lists it under "removed": a reversed charge, an
-- authorisation that never booked). Its bank row is then forgotten: the ledger transaction it booked is soft-deleted
-- (as /undo deletes), a chatted booking it confirmed stays and may be confirmed by another row. Under the same
-- row-level security as the rest of the table.
GRANT DELETE ON bank_rows TO finance_app;
