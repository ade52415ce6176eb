-- The bot speaks every language it has a phrases file for (Finance.Conversation/Replies/Languages): adding a
-- language must not need a migration, so the column only checks that it holds a language code.
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_language_check;
ALTER TABLE users ADD CONSTRAINT users_language_check CHECK (language ~ '^[a-z]{2,3}$');
