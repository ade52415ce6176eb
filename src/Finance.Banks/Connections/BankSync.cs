using Finance.Banks.Ingest;
using Finance.Banks.Providers;
using Finance.Core;
using Finance.Ledger;

namespace Finance.Banks.Connections;

/// <summary>What one connection's sync did; the connection as it was claimed (null when it was not).</summary>
public sealed record SyncResult(SyncOutcome Outcome, IReadOnlyList<IngestOutcome> Rows, BankConnection? Connection = null)
{
    /// <summary>Rows the provider took back, as they were before they were removed.</summary>
    public IReadOnlyList<StoredBankRow> Removed { get; init; } = [];

    /// <summary>Why the provider stopped answering (<see cref="SyncOutcome.Failed"/>), for the log.</summary>
    public Exception? Failure { get; init; }

    /// <summary>Rows new to the ledger: booked, linked to a booking, or asked about.</summary>
    public IReadOnlyList<IngestOutcome> NewRows => Rows.Where(r => r.Status is IngestStatus.Booked or IngestStatus.Linked or IngestStatus.Asking).ToList();

    public int New => NewRows.Count;
}

public enum SyncOutcome
{
    Synced,
    /// <summary>Another host is syncing the connection right now (or, for a scheduled run, just did); nothing was read.</summary>
    Busy,
    /// <summary>The connection is no longer there (disconnected since the sync was queued).</summary>
    Gone,
    ConsentExpired,
    ConsentExpiredAlreadyTold,
    /// <summary>The provider failed (down, its retries spent) before every account was read: what came before is kept
    /// in <see cref="SyncResult.Rows"/>, the rest is read by a later sync.</summary>
    Failed,
}

/// <summary>
/// Syncs one connection of the session's context: claims its row (another host syncing it makes this one step
/// aside), reads each account from where the last sync stopped, applies what the provider took back, takes the rows
/// through the bank ingest and keeps the new position and balances, all in the caller's unit of work. Whatever stops
/// the reading part-way (a bank that fails, a consent that expired), what was read before is kept with its position,
/// for the caller to commit and tell, so nothing is booked unannounced or read twice. An expired consent marks the
/// connection; only the first time says so, for the caller to ask the user once to reconnect.
/// </summary>
public sealed class BankSync(BankConnectionStore connections, BankIngest ingest, IEnumerable<IBankProvider> providers, TimeProvider time)
{
    /// <param name="syncedBefore">Skip the connection when it was synced after this (a scheduled run: another host
    /// just did it); null syncs it whenever it was last synced (on demand).</param>
    public async Task<SyncResult> SyncAsync(LedgerSession session, long connectionId, DateOnly today, CancellationToken cancellationToken,
        DateTimeOffset? syncedBefore = null)
    {
        if (await connections.ClaimAsync(session, connectionId, syncedBefore) is not { } claimed)
            return new(await connections.ExistsAsync(session, connectionId) ? SyncOutcome.Busy : SyncOutcome.Gone, []);
        var (connection, credential) = claimed;
        var provider = providers.SingleOrDefault(p => p.Name == connection.Provider)
            ?? throw new InvalidOperationException($"Bank connection {connectionId} needs the provider '{connection.Provider}', which is not configured.");
        var state = new Dictionary<string, SyncState>(connection.State);
        var outcomes = new List<IngestOutcome>();
        var removed = new List<StoredBankRow>();
        var balances = new List<BankBalance>();
        var now = time.GetUtcNow();
        var outcome = SyncOutcome.Synced;
        Exception? failure = null;
        // Plaid reads all of an item's accounts through one cursor; GoCardless reads account by account.
        var accounts = connection.Accounts.Count == 0 ? ["*"] : connection.Accounts.Select(a => a.Id).ToList();
        foreach (var account in accounts)
        {
            SyncBatch batch;
            try
            {
                batch = await provider.SyncAsync(credential, account, state.GetValueOrDefault(account) ?? new SyncState(null, null), today, cancellationToken);
            }
            catch (ConsentExpiredException)
            {
                outcome = await connections.ExpiredAsync(session, connectionId, now) ? SyncOutcome.ConsentExpired : SyncOutcome.ConsentExpiredAlreadyTold;
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Only the provider's call is in here (no database work), so whatever it threw is the bank failing.
                (outcome, failure) = (SyncOutcome.Failed, e);
                break;
            }
            // What the bank took back goes first, so a chatted booking a removed row confirmed is free for the rows that
            // follow; a pending row that a booked row of this batch replaces is updated by it, not removed.
            var replaced = batch.Rows.Select(r => r.PendingId).OfType<string>().ToHashSet();
            removed.AddRange(await ingest.RemoveAsync(session, $"bank:{provider.Name}", batch.Removed.Where(id => !replaced.Contains(id)).ToList()));
            outcomes.AddRange(await ingest.IngestAsync(session, batch.Rows));
            state[account] = batch.Next;
            balances.AddRange(batch.Balances.Select(b => new BankBalance(AccountName(connection, b), b.Amount, b.Currency, now)));
        }
        // Only a sync that read everything counts as one: a failed connection stays due for the next run.
        var complete = outcome == SyncOutcome.Synced;
        await connections.SyncedAsync(session, connectionId, state, balances, complete ? now : null);
        return new(outcome, outcomes, connection with
        {
            LastSyncedAt = complete ? now : connection.LastSyncedAt,
            Balances = balances.Count > 0 ? balances : connection.Balances,
        })
        {
            Removed = removed,
            Failure = failure,
        };
    }

    /// <summary>"Monzo Current Account": the bank and the account's own name when the provider gave one.</summary>
    private static string AccountName(BankConnection connection, AccountBalance balance) =>
        (balance.Name ?? connection.Accounts.FirstOrDefault(a => a.Id == balance.AccountId)?.Name) is { } name
            ? $"{connection.Institution} {name}" : connection.Institution;
}
