-- An inbox row is written four times (stored, claimed, answered, finished). Recording the answer now changes no
-- indexed column (the status stays 'pending' until the row is finished; InboxStore reads "outcome recorded, not
-- finished" as replying), so PostgreSQL can update the row in place on its page (a HOT update): no new entries in
-- the inbox's indexes, less WAL, less to vacuum. That needs room on the page: new pages are filled half full, and the
-- rest is left to the row's later versions (pruned away once no transaction can see them).
ALTER TABLE inbox SET (fillfactor = 50);
