-- An inbox row is written four times (stored, claimed, answered, finished). Recording the answer now changes no
-- indexed column (the status stays 'pending' until the row is finished; InboxStore reads "outcome recorded, not
-- finished" as replying), so PostgreSQL can update the row in place on its page (a HOT update): no new entries in
-- the inbox's indexes, less WAL, less to vacuum. That needs room on the page: new pages are filled half full, the
-- rest is for the row's later versions (pruned once no transaction can see them). The price is disk: handled rows
-- take up to twice the room they took.
ALTER TABLE inbox SET (fillfactor = 50);
