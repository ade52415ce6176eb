-- Migration 030 kept a reply's buttons in one row and guarded its two forms with a table CHECK (exactly one of `data`,
-- the command of a button sent before, and `actions`). A table's checks are read back from their stored text and
-- compiled at the start of every execution of every INSERT on it (migration 028), and this table is written with
-- every reply that has buttons: one backend, 20,000 INSERTs in a loop, medians of five alternated runs, 6.0 µs with
-- the check against 4.4 with `actions` NOT NULL and 4.3 with nothing (docs/decisions.md, hardening). A NOT NULL is a
-- flag in the row's descriptor, not an expression. So every row now has the one form: the rows written before 030 get
-- their command as a one-element `actions` too. `data` stays for those rows' buttons ("act:ID" reads it), and for a
-- host still running the code of 030 during an upgrade, which reads it in every lookup; nothing writes it any more.
ALTER TABLE button_actions DROP CONSTRAINT button_actions_one_form;
UPDATE button_actions SET actions = ARRAY[data] WHERE actions IS NULL;
ALTER TABLE button_actions ALTER COLUMN actions SET NOT NULL;
