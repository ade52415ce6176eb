-- Each account's balance as the bank reported it at the last sync (GoCardless /balances/, Plaid's accounts in
-- /transactions/sync): "what's my balance?" answers from here without calling the bank.
ALTER TABLE bank_connections ADD COLUMN balances jsonb NOT NULL DEFAULT '[]';
