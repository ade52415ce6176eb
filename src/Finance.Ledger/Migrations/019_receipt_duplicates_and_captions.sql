-- The same receipt photo sent again is known by its bytes (its hash, kept with it: computed once, indexed),
-- and the words sent with a photo ("lunch with Ana") describe the booking it becomes, also when that
-- booking waits for the user to answer what the total was.
ALTER TABLE attachments ADD COLUMN content_sha256 bytea GENERATED ALWAYS AS (sha256(content)) STORED;
ALTER TABLE attachments ADD COLUMN caption text;
CREATE INDEX attachments_by_content ON attachments (context_id, content_sha256);
