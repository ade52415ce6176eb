using Finance.Banks.Ingest;
using Finance.Banks.Providers;
using Finance.Core;
using Finance.Ledger;

namespace Finance.Banks.Connections;

/// <summary>What one connection's sync did; the connection as it was claimed (null when it was not).</summary>
public sealed record SyncResult(SyncOutcome Outcome, IReadOnlyList<IngestOutcome> Rows, BankConnection? Connection = null)
{
    /// <summary>Rows new to the ledger: booked, linked to a booking, or asked about.</summary>
    public IReadOnlyList<IngestOutcome> NewRows => Rows.Where(r => r.Status is IngestStatus.Booked or IngestStatus.Linked or IngestStatus.Asking).ToList();

    public int New => NewRows.Count;
}

public enum SyncOutcome { Synced, Busy, ConsentExpired, ConsentExpiredAlreadyTold }

/// <summary>
/// Syncs one connection of the session's context: claims its row (another host syncing it makes this one step
/// aside), reads each account from where the last sync stopped, takes the rows through the bank ingest and keeps
/// the new position and balances, all in the caller's unit of work. An expired consent marks the connection; only
/// the first time says so, for the caller to ask the user once to reconnect.
/// </summary>
public sealed class BankSync(BankConnectionStore connections, BankIngest ingest, IEnumerable<IBankProvider> providers, TimeProvider time)
{
    /// <param name="syncedBefore">Skip the connection when it was synced after this (a scheduled run: another host
    /// just did it); null syncs it whenever it was last synced (on demand).</param>
    public async Task<SyncResult> SyncAsync(LedgerSession session, long connectionId, DateOnly today, CancellationToken cancellationToken,
        DateTimeOffset? syncedBefore = null)
    {
        if (await connections.ClaimAsync(session, connectionId, syncedBefore) is not { } claimed) return new(SyncOutcome.Busy, []);
        var (connection, credential) = claimed;
        var provider = providers.SingleOrDefault(p => p.Name == connection.Provider)
            ?? throw new InvalidOperationException($"Bank connection {connectionId} needs the provider '{connection.Provider}', which is not configured.");
        var state = new Dictionary<string, SyncState>(connection.State);
        var outcomes = new List<IngestOutcome>();
        var balances = new List<BankBalance>();
        var now = time.GetUtcNow();
        try
        {
            // Plaid reads all of an item's accounts through one cursor; GoCardless reads account by account.
            var accounts = connection.Accounts.Count == 0 ? ["*"] : connection.Accounts.Select(a => a.Id).ToList();
            foreach (var account in accounts)
            {
                var batch = await provider.SyncAsync(credential, account, state.GetValueOrDefault(account) ?? new SyncState(null, null), today, cancellationToken);
                outcomes.AddRange(await ingest.IngestAsync(session, batch.Rows));
                state[account] = batch.Next;
                balances.AddRange(batch.Balances.Select(b => new BankBalance(AccountName(connection, b), b.Amount, b.Currency, now)));
            }
        }
        catch (ConsentExpiredException)
        {
            var first = await connections.ExpiredAsync(session, connectionId, now);
            return new(first ? SyncOutcome.ConsentExpired : SyncOutcome.ConsentExpiredAlreadyTold, outcomes, connection);
        }
        await connections.SyncedAsync(session, connectionId, state, balances, now);
        return new(SyncOutcome.Synced, outcomes, connection with { LastSyncedAt = now, Balances = balances.Count > 0 ? balances : connection.Balances });
    }

    /// <summary>"Monzo Current Account": the bank and the account's own name when the provider gave one.</summary>
    private static string AccountName(BankConnection connection, AccountBalance balance) =>
        (balance.Name ?? connection.Accounts.FirstOrDefault(a => a.Id == balance.AccountId)?.Name) is { } name
            ? $"{connection.Institution} {name}" : connection.Institution;
}
