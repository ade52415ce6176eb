-- The worker handles a lane of typed messages from many senders in one transaction, entering each sender's context in
-- turn. Looked up one statement a message, that cost a round trip a message; through this view the whole lane is looked
-- up in one statement, and each message's first statement then carries its own set_config. Row-level security hides
-- contexts and memberships until one is entered; a view reads its tables with its owner's rights (the migrating login,
-- which owns them), so it sees past the policies, and it shows only what entering a sender's active context reads
-- anyway: who they are (finance_app reads users and channel identities already), that context and their role in it.
-- A view rather than a SECURITY DEFINER function: its query is planned and prepared with the statement that reads it,
-- where a function call paid for its own executor, search_path switch and result store on every lane (measured: about
-- as much as the two statements a message it replaced).
CREATE VIEW senders_active_contexts AS
SELECT i.channel, i.external_user_id AS sender_id, u.id AS user_id, u.display_name, u.language,
       c.id AS context_id, c.name, c.kind, c.base_currency, c.time_zone, m.role
FROM channel_identities i
JOIN users u ON u.id = i.user_id
JOIN contexts c ON c.id = u.active_context_id
JOIN context_members m ON m.context_id = c.id AND m.user_id = u.id;
GRANT SELECT ON senders_active_contexts TO finance_app;
