using System.Text.Json;
using Finance.Banks.Providers;
using Finance.Ledger;

namespace Finance.Banks.Connections;

public sealed record BankConnection(long Id, string Provider, string Institution, IReadOnlyList<LinkedAccount> Accounts,
    IReadOnlyDictionary<string, SyncState> State, string Status, DateTimeOffset? LastSyncedAt);

/// <summary>The bank connections of the session's context, their secret sealed by <see cref="SecretBox"/>.</summary>
public sealed class BankConnectionStore(SecretBox box)
{
    public Task<long> AddAsync(LedgerSession session, string provider, string institution, ConsentResult consent) =>
        session.QuerySingleAsync<long>("""
            INSERT INTO bank_connections (context_id, provider, institution, credential, accounts, created_by)
            VALUES (app_context(), @provider, @institution, @credential, @accounts::jsonb, app_user()) RETURNING id
            """, new
        {
            provider, institution, credential = box.Seal(consent.Credential, Binding(session, provider)),
            accounts = JsonSerializer.Serialize(consent.Accounts),
        });

    public async Task<IReadOnlyList<BankConnection>> ListAsync(LedgerSession session) =>
        (await session.QueryAsync<Row>("""
            SELECT id, provider, institution, accounts::text AS accounts, sync_state::text AS sync_state, status, last_synced_at
            FROM bank_connections WHERE context_id = app_context() ORDER BY id
            """)).Select(r => r.ToConnection()).ToList();

    /// <summary>The connection and its opened secret, locked for this unit of work; null when another host is syncing
    /// it right now (SKIP LOCKED), so two hosts never sync one connection at once.</summary>
    public async Task<(BankConnection Connection, string Credential)?> ClaimAsync(LedgerSession session, long id)
    {
        var row = await session.QuerySingleOrDefaultAsync<Row>("""
            SELECT id, provider, institution, accounts::text AS accounts, sync_state::text AS sync_state, status, last_synced_at, credential
            FROM bank_connections WHERE context_id = app_context() AND id = @id
            FOR UPDATE SKIP LOCKED
            """, new { id });
        return row is null ? null : (row.ToConnection(), box.Open(row.Credential!, Binding(session, row.Provider)));
    }

    public Task SyncedAsync(LedgerSession session, long id, IReadOnlyDictionary<string, SyncState> state, DateTimeOffset at) =>
        session.ExecuteAsync("""
            UPDATE bank_connections SET sync_state = @state::jsonb, last_synced_at = @at
            WHERE context_id = app_context() AND id = @id
            """, new { id, state = JsonSerializer.Serialize(state), at });

    /// <summary>Marks the consent expired; true only the first time, so the user is asked to reconnect once.</summary>
    public async Task<bool> ExpiredAsync(LedgerSession session, long id, DateTimeOffset at) =>
        await session.ExecuteAsync("""
            UPDATE bank_connections SET status = 'expired', reconnect_asked_at = @at
            WHERE context_id = app_context() AND id = @id AND reconnect_asked_at IS NULL
            """, new { id, at }) == 1;

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
        public byte[]? Credential { get; init; }

        public BankConnection ToConnection() => new(Id, Provider, Institution,
            JsonSerializer.Deserialize<List<LinkedAccount>>(Accounts) ?? [],
            JsonSerializer.Deserialize<Dictionary<string, SyncState>>(SyncState) ?? [], Status,
            LastSyncedAt is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null);
    }
}
