using Finance.Banks.Ingest;
using Finance.Banks.Providers;
using Finance.Ledger;

namespace Finance.Banks.Connections;

/// <summary>What one connection's sync did.</summary>
public sealed record SyncResult(SyncOutcome Outcome, IReadOnlyList<IngestOutcome> Rows)
{
    public int New => Rows.Count(r => r.Status is IngestStatus.Booked or IngestStatus.Linked or IngestStatus.Asking);
}

public enum SyncOutcome { Synced, Busy, ConsentExpired, ConsentExpiredAlreadyTold }

/// <summary>
/// Syncs one connection of the session's context: claims its row (another host syncing it makes this one step
/// aside), reads each account from where the last sync stopped, takes the rows through the bank ingest and keeps
/// the new position, all in the caller's unit of work. An expired consent marks the connection; only the first
/// time says so, for the caller to ask the user once to reconnect.
/// </summary>
public sealed class BankSync(BankConnectionStore connections, BankIngest ingest, IEnumerable<IBankProvider> providers, TimeProvider time)
{
    public async Task<SyncResult> SyncAsync(LedgerSession session, long connectionId, DateOnly today, CancellationToken cancellationToken)
    {
        if (await connections.ClaimAsync(session, connectionId) is not { } claimed) return new(SyncOutcome.Busy, []);
        var (connection, credential) = claimed;
        var provider = providers.Single(p => p.Name == connection.Provider);
        var state = new Dictionary<string, SyncState>(connection.State);
        var outcomes = new List<IngestOutcome>();
        try
        {
            // Plaid reads all of an item's accounts through one cursor; GoCardless reads account by account.
            var accounts = connection.Accounts.Count == 0 ? ["*"] : connection.Accounts.Select(a => a.Id).ToList();
            foreach (var account in accounts)
            {
                var batch = await provider.SyncAsync(credential, account, state.GetValueOrDefault(account) ?? new SyncState(null, null), today, cancellationToken);
                outcomes.AddRange(await ingest.IngestAsync(session, batch.Rows));
                state[account] = batch.Next;
            }
        }
        catch (ConsentExpiredException)
        {
            var first = await connections.ExpiredAsync(session, connectionId, time.GetUtcNow());
            return new(first ? SyncOutcome.ConsentExpired : SyncOutcome.ConsentExpiredAlreadyTold, outcomes);
        }
        await connections.SyncedAsync(session, connectionId, state, time.GetUtcNow());
        return new(SyncOutcome.Synced, outcomes);
    }
}
