-- What used to live in one host's memory, so that any number of hosts on this database act as one bot.

-- The per-sender rate limit: one row per sender, counting the messages of the current one-minute window.
-- The worker adds a claimed batch's counts in one UPSERT and learns, from the count it returns, which
-- messages are within the limit; the message just past it is the one whose sender is told.
CREATE TABLE sender_rate (
    sender       text PRIMARY KEY,          -- channel:sender id
    window_start timestamptz NOT NULL,
    messages     int NOT NULL
);

-- Web chat replies wait here for the page's event stream, whichever host the page is connected to. Ids
-- increase within a chat in commit order (the next id is taken from the chat's last one), and never fall below
-- the time in milliseconds, so a page's cursor stays valid after old replies were trimmed.
CREATE TABLE web_chat_replies (
    chat_id text NOT NULL,
    id      bigint NOT NULL,
    reply   jsonb NOT NULL,
    sent_at timestamptz NOT NULL,
    PRIMARY KEY (chat_id, id)
);
CREATE INDEX web_chat_replies_sent_at ON web_chat_replies (sent_at);

-- Photos and voice notes posted from the page, until the worker (on any host) downloads them. Bounded in
-- size (the host trims the oldest) and in time (a sweep deletes expired ones).
CREATE TABLE web_chat_uploads (
    seq       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    file_id   text NOT NULL UNIQUE,
    content   bytea NOT NULL,
    size      int NOT NULL,
    stored_at timestamptz NOT NULL
);
CREATE INDEX web_chat_uploads_stored_at ON web_chat_uploads (stored_at);

GRANT SELECT, INSERT, UPDATE, DELETE ON sender_rate, web_chat_replies, web_chat_uploads TO finance_app;
