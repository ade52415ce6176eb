-- The worker handles a lane of typed messages from many senders in one transaction, entering each sender's context in
-- turn. Looked up one statement a message, that cost a round trip a message; this function looks up the whole lane in
-- one, and each message's first statement then carries its own set_config. Row-level security hides contexts and
-- memberships until one is entered, so it runs as its owner (the migrating login), and returns what entering a
-- sender's active context reads anyway: who they are, that context and their role in it (nothing when they are not
-- known yet, or not a member of their active context).
CREATE FUNCTION senders_active_contexts(channels text[], senders text[])
RETURNS TABLE (n bigint, user_id uuid, display_name text, language text, context_id uuid, name text, kind text,
               base_currency text, time_zone text, role text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN QUERY
    SELECT s.n, u.id, u.display_name, u.language, c.id, c.name, c.kind, c.base_currency, c.time_zone, m.role
    FROM unnest(channels, senders) WITH ORDINALITY AS s(channel, sender, n)
    JOIN channel_identities i ON i.channel = s.channel AND i.external_user_id = s.sender
    JOIN users u ON u.id = i.user_id
    JOIN contexts c ON c.id = u.active_context_id
    JOIN context_members m ON m.context_id = c.id AND m.user_id = u.id;
END $$;
REVOKE ALL ON FUNCTION senders_active_contexts(text[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION senders_active_contexts(text[], text[]) TO finance_app;
