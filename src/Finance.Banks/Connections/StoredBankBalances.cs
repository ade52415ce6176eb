using Finance.Core;
using Finance.Ledger;
using Npgsql;

namespace Finance.Banks.Connections;

/// <summary>"What's my balance?" beside the ledger's own: each connected account's balance as its bank reported it
/// at the last sync, read from the context's connections (no call to the bank while the user waits).</summary>
public sealed class StoredBankBalances(NpgsqlDataSource database, BankConnectionStore connections) : IBankBalances
{
    public async Task<IReadOnlyList<BankBalance>> ForContextAsync(Guid contextId, CancellationToken cancellationToken)
    {
        await using var session = await LedgerSession.BeginAsync(database, cancellationToken, contextId);
        return (await connections.ListAsync(session)).Where(c => c.Status == "active").SelectMany(c => c.Balances).ToList();
    }
}
