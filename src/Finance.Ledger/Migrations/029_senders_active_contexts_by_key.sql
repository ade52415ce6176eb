-- Migration 025's view read contexts and memberships with its owner's rights for any query of finance_app, so
-- `SELECT * FROM senders_active_contexts` listed every sender's active context (its name, currency, time zone and the
-- sender's role) past row-level security. The lane's lookup needs only the senders it names: this function answers for
-- those (channel and sender id, as the inbox holds them) and nothing else, so no query can list through it.
-- Migration 025 chose the view over a function for its cost. This one looks each sender up on its own by the keys, as
-- the view's query did (LIMIT 1 keeps the subquery apart), and PL/pgSQL keeps its plan for the session: measured a few
-- microseconds a message more than the view (docs/decisions.md, speed). In SQL it would be planned on every call.
DROP VIEW senders_active_contexts;

CREATE FUNCTION senders_active_contexts(channels text[], senders text[])
RETURNS TABLE (n bigint, user_id uuid, display_name text, language text, context_id uuid, name text, kind text,
               base_currency text, time_zone text, role text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT s.n, a.user_id, a.display_name, a.language, a.context_id, a.name, a.kind, a.base_currency, a.time_zone, a.role
    FROM unnest(channels, senders) WITH ORDINALITY AS s(channel, sender_id, n)
    CROSS JOIN LATERAL (
        SELECT u.id AS user_id, u.display_name, u.language, c.id AS context_id, c.name, c.kind, c.base_currency,
               c.time_zone, m.role
        FROM channel_identities i
        JOIN users u ON u.id = i.user_id
        JOIN contexts c ON c.id = u.active_context_id
        JOIN context_members m ON m.context_id = c.id AND m.user_id = u.id
        WHERE i.channel = s.channel AND i.external_user_id = s.sender_id
        LIMIT 1) a;
END $$;
REVOKE ALL ON FUNCTION senders_active_contexts(text[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION senders_active_contexts(text[], text[]) TO finance_app;
