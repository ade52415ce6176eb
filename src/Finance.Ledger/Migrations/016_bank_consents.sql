-- A consent on its way: /bank connect stores one row and sends the user to the bank; the bank (or Plaid Link's
-- page) comes back to the host's callback with the row's state, which may reach any host. The state is 32 random
-- bytes, the only thing the callback carries; the provider's reference (requisition id, link token) is sealed
-- like the connections' secrets. completed_at makes a second callback (a reload) finish nothing twice.
CREATE TABLE bank_consents (
    state        text PRIMARY KEY,
    context_id   uuid NOT NULL REFERENCES contexts (id),
    user_id      uuid NOT NULL REFERENCES users (id),
    channel      text NOT NULL,
    chat_id      text NOT NULL,
    provider     text NOT NULL,
    institution  text NOT NULL,
    reference    bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz
);

GRANT SELECT, INSERT, UPDATE ON bank_consents TO finance_app;
ALTER TABLE bank_consents ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_context ON bank_consents USING (context_id = app_context());

-- The callback knows only the state: this names the context and user to enter, nothing else, for a state that
-- is still open and young (a consent link lives an hour). The session then reads the row under RLS.
CREATE FUNCTION bank_consent_owner(consent_state text)
RETURNS TABLE (context_id uuid, user_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT context_id, user_id FROM bank_consents
   WHERE state = consent_state AND created_at > now() - interval '1 hour' $$;
REVOKE ALL ON FUNCTION bank_consent_owner(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bank_consent_owner(text) TO finance_app;

-- The scheduled sync must find every active connection across contexts (RLS hides them without one): ids and
-- where to enter only, never a credential or a row.
CREATE FUNCTION bank_connections_to_sync()
RETURNS TABLE (id bigint, context_id uuid, created_by uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT id, context_id, created_by FROM bank_connections WHERE status = 'active' ORDER BY last_synced_at NULLS FIRST, id $$;
REVOKE ALL ON FUNCTION bank_connections_to_sync() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bank_connections_to_sync() TO finance_app;

-- Consents are worth nothing after their hour: the scheduled sync sweeps them (finance_app may not delete rows of
-- other contexts, so the sweep runs as the owner, and touches nothing else).
CREATE FUNCTION sweep_bank_consents()
RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ WITH gone AS (DELETE FROM bank_consents WHERE created_at < now() - interval '1 day' RETURNING 1) SELECT count(*)::integer FROM gone $$;
REVOKE ALL ON FUNCTION sweep_bank_consents() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sweep_bank_consents() TO finance_app;
