-- What a button the bot sent does. A button carries only the id of its row ("act:123"), so a press is acted
-- on only when the bot sent that button to that chat: callback data made up by a client finds nothing.
-- Chat-scoped, not context-scoped (a press is looked up before the context is known); no RLS.
CREATE TABLE button_actions (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel    text NOT NULL,
    chat_id    text NOT NULL,
    data       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT, INSERT ON button_actions TO finance_app;
