using System.Text.Json;
using Finance.Banks.Providers;
using Finance.Core;
using Finance.Ledger;

namespace Finance.Banks.Connections;

public sealed record BankConnection(long Id, string Provider, string Institution, IReadOnlyList<LinkedAccount> Accounts,
    IReadOnlyDictionary<string, SyncState> State, string Status, DateTimeOffset? LastSyncedAt, IReadOnlyList<BankBalance> Balances);

/// <summary>The bank connections of the session's context, their secret sealed by <see cref="SecretBox"/>.</summary>
public sealed class BankConnectionStore(SecretBox box)
{
    /// <summary>Stores a finished consent. A bank the context had connected before (its consent expired, or the user
    /// connected it again) is renewed in place: its sync position stays, so reconnecting reads on from where it was.</summary>
    public Task<long> ConnectAsync(LedgerSession session, string provider, string institution, ConsentResult consent) =>
        session.QuerySingleAsync<long>("""
            WITH renewed AS (
                UPDATE bank_connections SET credential = @credential, accounts = @accounts::jsonb, status = 'active', reconnect_asked_at = NULL
                WHERE id = (SELECT id FROM bank_connections WHERE context_id = app_context() AND provider = @provider
                            AND lower(institution) = lower(@institution) ORDER BY id LIMIT 1)
                RETURNING id),
            added AS (
                INSERT INTO bank_connections (context_id, provider, institution, credential, accounts, created_by)
                SELECT app_context(), @provider, @institution, @credential, @accounts::jsonb, app_user()
                WHERE NOT EXISTS (SELECT FROM renewed)
                RETURNING id)
            SELECT id FROM renewed UNION ALL SELECT id FROM added
            """, new
        {
            provider, institution, credential = box.Seal(consent.Credential, Binding(session, provider)),
            accounts = JsonSerializer.Serialize(consent.Accounts),
        });

    public async Task<IReadOnlyList<BankConnection>> ListAsync(LedgerSession session) =>
        (await session.QueryAsync<Row>("""
            SELECT id, provider, institution, accounts::text AS accounts, sync_state::text AS sync_state, status, last_synced_at,
                   balances::text AS balances
            FROM bank_connections WHERE context_id = app_context() ORDER BY id
            """)).Select(r => r.ToConnection()).ToList();

    /// <summary>The connection and its opened secret, locked for this unit of work; null when another host is syncing
    /// it right now (SKIP LOCKED), so two hosts never sync one connection at once, or when it was synced since
    /// <paramref name="syncedBefore"/> (a scheduled run on another host just did it).</summary>
    public async Task<(BankConnection Connection, string Credential)?> ClaimAsync(LedgerSession session, long id, DateTimeOffset? syncedBefore = null)
    {
        var row = await session.QuerySingleOrDefaultAsync<Row>("""
            SELECT id, provider, institution, accounts::text AS accounts, sync_state::text AS sync_state, status, last_synced_at,
                   balances::text AS balances, credential
            FROM bank_connections
            WHERE context_id = app_context() AND id = @id
              AND (@syncedBefore::timestamptz IS NULL OR last_synced_at IS NULL OR last_synced_at < @syncedBefore)
            FOR UPDATE SKIP LOCKED
            """, new { id, syncedBefore });
        return row is null ? null : (row.ToConnection(), box.Open(row.Credential!, Binding(session, row.Provider)));
    }

    /// <summary>Whether the context still has the connection (a row another session holds locked counts).</summary>
    public Task<bool> ExistsAsync(LedgerSession session, long id) =>
        session.QuerySingleAsync<bool>("SELECT EXISTS (SELECT FROM bank_connections WHERE context_id = app_context() AND id = @id)", new { id });

    /// <summary>Keeps where the sync stopped and the balances it read; <paramref name="at"/> is null for a sync that did
    /// not read everything, which leaves the last sync as it was (the connection stays due).</summary>
    public Task SyncedAsync(LedgerSession session, long id, IReadOnlyDictionary<string, SyncState> state, IReadOnlyList<BankBalance> balances,
        DateTimeOffset? at) =>
        session.ExecuteAsync("""
            UPDATE bank_connections SET sync_state = @state::jsonb, last_synced_at = coalesce(@at::timestamptz, last_synced_at),
                   balances = CASE WHEN @balances = '[]' THEN balances ELSE @balances::jsonb END
            WHERE context_id = app_context() AND id = @id
            """, new { id, state = JsonSerializer.Serialize(state), balances = JsonSerializer.Serialize(balances), at });

    /// <summary>Marks the consent expired; true only the first time, so the user is asked to reconnect once.</summary>
    public async Task<bool> ExpiredAsync(LedgerSession session, long id, DateTimeOffset at) =>
        await session.ExecuteAsync("""
            UPDATE bank_connections SET status = 'expired', reconnect_asked_at = @at
            WHERE context_id = app_context() AND id = @id AND reconnect_asked_at IS NULL
            """, new { id, at }) == 1;

    /// <summary>Forgets a connection and its secret; what it booked stays in the ledger.</summary>
    public async Task<bool> DeleteAsync(LedgerSession session, long id) =>
        await session.ExecuteAsync("DELETE FROM bank_connections WHERE context_id = app_context() AND id = @id", new { id }) == 1;

    private static string Binding(LedgerSession session, string provider) => $"{session.ContextId}/{provider}";

    // Settable properties: the list reads no credential, the claim does, and Dapper maps both onto one shape.
    private sealed class Row
    {
        public long Id { get; init; }
        public string Provider { get; init; } = "";
        public string Institution { get; init; } = "";
        public string Accounts { get; init; } = "[]";
        public string SyncState { get; init; } = "{}";
        public string Status { get; init; } = "";
        public DateTime? LastSyncedAt { get; init; }
        public string Balances { get; init; } = "[]";
        public byte[]? Credential { get; init; }

        public BankConnection ToConnection() => new(Id, Provider, Institution,
            JsonSerializer.Deserialize<List<LinkedAccount>>(Accounts) ?? [],
            JsonSerializer.Deserialize<Dictionary<string, SyncState>>(SyncState) ?? [], Status,
            LastSyncedAt is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null,
            JsonSerializer.Deserialize<List<BankBalance>>(Balances) ?? []);
    }
}
